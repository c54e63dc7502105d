//! Detectors: turn parsed input into findings.

pub(crate) mod annotation_fields;
pub mod error_floor;
pub(crate) mod hotspot_noise;
pub mod hotspot_pon;
pub mod hotspots;
pub mod phasing;
pub mod small_variant;

/// Rounded to 6 decimals, as the detectors report rates and fractions.
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
