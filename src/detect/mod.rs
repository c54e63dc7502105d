//! Detectors: turn parsed input into findings.

pub mod annotation_fields;
pub mod hotspot_noise;
pub mod hotspots;
pub mod phasing;
pub mod small_variant;
