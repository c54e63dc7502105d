//! One report model, several renderers (VCF, TSV, JSON). Renderers never compute.

pub(crate) mod bgzf;
pub(crate) mod cohort;
pub(crate) mod html;
pub(crate) mod json;
pub mod model;
pub(crate) mod multiqc;
pub(crate) mod page;
pub(crate) mod tsv;
pub(crate) mod vcf;

pub use model::{CopyNumberFinding, Finding, FusionFinding, RunInfo, SampleReport, Stats};
