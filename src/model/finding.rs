//! The findings detectors produce: small variants, fusions and copy-number calls, each with
//! its evidence and (once the KB has been consulted) its KB match.

use serde::Serialize;

use super::consequence::Consequences;
use super::kb_match::KbMatch;
use super::vocab::CnCall;

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
    pub consequence: Option<Consequences>,
    pub exon: Option<String>,
    pub intron: Option<String>,
    pub hgvs_c: Option<String>,
    pub hgvs_p: Option<String>,
    pub protein_short: Option<String>,
    /// The event clinicians name, when the change is one: `MET exon 14 skipping`,
    /// `EGFR exon 19 deletion`, `EGFR exon 20 insertion`, `KIT exon 11 in-frame deletion`,
    /// `loss of function` (truncating variant of TP53, RB1, PTEN or NF2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
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
    /// GT positions (haplotypes) carrying the ALT, when phased.
    pub haplotypes: Vec<usize>,
    pub filter: String,
    /// Set when the record failed FILTER and was kept by `--include-filtered`.
    pub filtered: bool,
    pub kb: Option<KbMatch>,
    /// Input records combined into this finding (two changes in one codon, in cis).
    pub components: Vec<String>,
    pub notes: Vec<String>,
}

/// An ALK fusion (or other rearrangement involving ALK), from any evidence source.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct FusionFinding {
    /// 5' partner gene (e.g. `EML4`), or a locus when no panel/transcript gene is there.
    pub partner: String,
    /// Last partner exon kept in the fusion transcript (5' side).
    pub partner_exon: Option<u32>,
    /// First ALK exon kept (3' side; usually 20).
    pub alk_exon: Option<u32>,
    /// Named variant where one applies: `V1 (E13;A20)`, `V2 (E20;A20)`, `V3a/b (E6;A20)`, …
    pub variant: Option<String>,
    /// Breakpoints as `chrom:pos`, partner side and ALK side.
    pub partner_breakpoint: Option<String>,
    pub alk_breakpoint: Option<String>,
    /// `5' EML4 → 3' ALK` when the orientation gives a productive fusion.
    pub orientation: Option<String>,
    pub kinase_domain_retained: Option<bool>,
    pub in_frame: Option<bool>,
    pub split_reads: Option<u32>,
    pub discordant_pairs: Option<u32>,
    pub clipped_reads: Option<u32>,
    /// Fusion-supporting reads / (supporting + reads spanning the wild-type breakpoint).
    pub fusion_fraction: Option<f64>,
    /// `BAM`, `Manta`, `GRIDSS`, `DELLY`, `LUMPY`, `Arriba`, `STAR-Fusion`, …
    pub source: String,
    pub kb: Option<KbMatch>,
    pub notes: Vec<String>,
}

/// A gene-level copy-number call.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CopyNumberFinding {
    pub gene: String,
    pub log2_ratio: Option<f64>,
    pub copy_number: Option<f64>,
    pub call: CnCall,
    /// Focal (gene above its chromosome arm) vs broad; `None` when not assessed.
    pub focal: Option<bool>,
    /// The threshold that made the call, stated (e.g. `copy number >= 6` or `log2 >= 1.0`).
    pub threshold: String,
    /// `read depth vs matched normal`, `read depth vs panel of normals`, `CNVkit .cns`, …
    pub method: String,
    pub source: String,
    pub kb: Option<KbMatch>,
    pub notes: Vec<String>,
    /// `amplification` (MET, ALK, EGFR, MYC, KRAS, KIT) or `loss` (TP53, RB1, PTEN, CDKN2A):
    /// the change of interest for the gene.
    pub role: Option<String>,
    /// Where the gene is (contig without `chr`, 1-based span), for plots along the genome.
    pub chrom: Option<String>,
    pub start: Option<u64>,
    pub end: Option<u64>,
    /// 2 × 2^log2 (or the source's own copy number) before any purity adjustment.
    pub copy_number_observed: Option<f64>,
    /// Purity used to adjust `copy_number`, if any.
    pub purity: Option<f64>,
    /// log2 of the gene's chromosome arm (else chromosome) that `focal` compares against.
    pub baseline_log2: Option<f64>,
    /// Regions (exons), bins or segments behind the estimate.
    pub bins: Option<u32>,
    /// Mean read depth over the gene's regions, and the depth expected at copy number 2.
    pub depth: Option<f64>,
    pub expected_depth: Option<f64>,
}
