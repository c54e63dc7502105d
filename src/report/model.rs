//! The report model shared by every renderer.

use serde::Serialize;

pub use crate::model::{CopyNumberFinding, Finding, FusionFinding, DISCLAIMER};

/// Version of the JSON document layout (docs/json-schema.md); bump on any breaking change.
pub const JSON_SCHEMA_VERSION: &str = "2.0";

/// Counts of what was read and what was set aside, so nothing is dropped silently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub records_read: u64,
    pub records_outside_panel: u64,
    pub records_in_panel: u64,
    pub records_filtered_out: u64,
    pub alleles_not_annotatable: u64,
    pub alleles_not_carried: u64,
    pub alleles_outside_transcripts: u64,
    /// Deep intronic (not splice region) variants: annotated in the VCF, counted here only.
    pub intronic_variants: u64,
    pub variants_not_reported: u64,
    pub findings: u64,
    /// Panel records repeated (same CHROM, POS, REF, ALT): read for findings once; the copies
    /// are written to the VCF flagged `ALKRES_DUP`.
    #[serde(skip_serializing_if = "is_zero")]
    pub duplicate_records: u64,
    /// Findings that repeat another's protein change (a multi-allelic `C>T,G` giving G1202R
    /// twice): merged into it, so a change is never paired with itself.
    #[serde(skip_serializing_if = "is_zero")]
    pub duplicate_findings: u64,
    /// Panel records whose REF disagrees with the user's `--reference` FASTA: not named.
    #[serde(skip_serializing_if = "is_zero")]
    pub ref_mismatches: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Provenance of a run, written into every output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunInfo {
    pub alkres_version: String,
    pub command: String,
    pub input: String,
    pub build: String,
    pub build_evidence: String,
    pub kb: String,
    pub read_mode: String,
    /// The user's `--reference` FASTA, when its bases replaced the shipped sequence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleReport {
    pub schema_version: &'static str,
    pub sample: String,
    pub run: RunInfo,
    pub findings: Vec<Finding>,
    /// Annotated variants that are not findings (synonymous, UTR, parts of a combined codon
    /// change), kept for audit. Deep intronic variants are only counted (`stats`).
    pub other_variants: Vec<Finding>,
    pub fusions: Vec<FusionFinding>,
    /// Fusion junctions too weak for a finding (with the rules they fail); not in the verdict.
    pub fusion_candidates: Vec<crate::fusion::FusionCandidate>,
    pub copy_number: Vec<CopyNumberFinding>,
    /// Panel genes whose copy number the inputs could not assess (no coverage, too shallow
    /// for a loss, an RNA BAM, no reads at all): no call is made for them, and the verdict
    /// claims nothing about them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copy_number_not_assessed: Vec<crate::copy_number::regions::NotAssessed>,
    /// What the readers decided about the inputs that the reader of the report should hear
    /// (a matched normal column not reported, duplicate records, INFO entries left out), as
    /// `run` also prints them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// What it all means for each ALK TKI.
    pub verdict: crate::verdict::Verdict,
    pub stats: Stats,
    pub disclaimer: &'static str,
}
