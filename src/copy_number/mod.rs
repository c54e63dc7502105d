//! Copy number: MET/ALK/EGFR/MYC/KRAS/KIT amplification and TP53/RB1/PTEN/CDKN2A loss, from
//! read depth (against a matched normal, a panel of normals, or in-sample reference regions)
//! or from CNV calls (CNVkit `.cnr`/`.cns`, CNV VCF). `alkres cnv` also genotypes the
//! knowledge-base ALK hotspots from the BAM and phases the detected ones
//! ([`crate::detect::hotspots`], [`crate::detect::phasing`]).
//!
//! One concept per module: [`genes`] (which genes, their arms), [`regions`] (the exons
//! counted), [`depth`] (counting), `ratio`
//! (normalisation and gene-level log2), `pon` (panel of normals), [`cnvkit`] and
//! `cnv_vcf` (CNV calls), `call` (thresholds, purity, focal vs broad), `analysis`
//! (one run), `output` (files).

pub(crate) mod analysis;
pub(crate) mod call;
pub(crate) mod cnv_vcf;
pub mod cnvkit;
pub(crate) mod coverage;
pub mod depth;
pub mod genes;
pub(crate) mod output;
pub(crate) mod pon;
pub(crate) mod ratio;
pub mod regions;
pub(crate) mod targets;

pub use analysis::{analyse, analyse_with, CnvConfig, DepthBaseline};
pub use call::Thresholds;
pub use output::CnvReport;
