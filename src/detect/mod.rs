//! Detectors: turn parsed input into findings.

pub(crate) mod annotation_fields;
pub mod error_floor;
pub(crate) mod hotspot_noise;
pub mod hotspot_pon;
pub mod hotspots;
pub mod phasing;
pub mod small_variant;
