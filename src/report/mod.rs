//! One report model, several renderers (VCF, TSV, JSON). Renderers never compute.

pub mod bgzf;
pub mod cohort;
pub mod html;
pub mod json;
pub mod model;
pub mod multiqc;
mod page;
pub mod timeline_html;
pub mod timeline_tsv;
pub mod tsv;
pub mod vcf;

pub use model::{CopyNumberFinding, Finding, FusionFinding, RunInfo, SampleReport, Stats};
