//! What the knowledge base says of one finding: the matching KB row and its cited calls.

use serde::Serialize;

use super::vocab::{EvidenceType, KbCall, ResistanceClass};

/// One KB call attached to a finding (one source's statement for one drug), with its
/// citation resolved to `PMID:…`/`DOI:…`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedCall {
    pub drug: String,
    pub call: KbCall,
    pub evidence: EvidenceType,
    pub ic50_nm: Option<f64>,
    pub citation: String,
    pub note: String,
}

/// A finding's match in the KB.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KbMatch {
    pub id: String,
    pub resistance_class: ResistanceClass,
    /// How the finding matched: `protein_short`, `hgvs_p`, `alias`, `codon`, `gene`,
    /// `amplification`, `deletion` or `fusion`.
    pub matched_by: String,
    pub calls: Vec<CitedCall>,
}
