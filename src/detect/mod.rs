//! Detectors: turn parsed input into findings.

pub mod annotation_fields;
pub mod small_variant;
