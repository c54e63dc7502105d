//! The report model shared by every renderer.

use serde::Serialize;

use crate::kb::KbMatch;

/// Version of the JSON document layout (docs/json-schema.md); bump on any breaking change.
pub const JSON_SCHEMA_VERSION: &str = "1.0";

/// One small variant's consequence on one panel gene, with its evidence and KB match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: &'static str,
    pub gene: String,
    pub transcript: Option<String>,
    pub chrom: String,
    /// VCF position, REF and ALT as in the input record (after splitting multi-allelic records).
    pub pos: u64,
    #[serde(rename = "ref")]
    pub reference: String,
    pub alt: String,
    pub consequence: Option<String>,
    pub exon: Option<String>,
    pub intron: Option<String>,
    pub hgvs_c: Option<String>,
    pub hgvs_p: Option<String>,
    pub protein_short: Option<String>,
    /// Who named the change: `alkres` (shipped transcript and sequence), `VEP CSQ`,
    /// `SnpEff ANN`, or `alkres (gene/exon only)` when the protein change is unknown.
    pub source: String,
    pub vaf: Option<f64>,
    pub vaf_source: Option<&'static str>,
    pub depth: Option<u32>,
    pub alt_depth: Option<u32>,
    pub genotype: Option<String>,
    pub phased: bool,
    pub phase_set: Option<i64>,
    pub filter: String,
    /// Set when the record failed FILTER and was kept by `--include-filtered`.
    pub filtered: bool,
    pub kb: Option<KbMatch>,
    /// Input records combined into this finding (two changes in one codon, in cis).
    pub components: Vec<String>,
    pub notes: Vec<String>,
}

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
    pub stats: Stats,
    pub disclaimer: &'static str,
}

pub const DISCLAIMER: &str =
    "alkres is decision support for qualified professionals, not a prescription; \
every call cites its evidence, which should be read before acting on it.";
