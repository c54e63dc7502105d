//! What the knowledge base says of one finding: the matching KB row and its cited calls.

use serde::Serialize;

use super::vocab::{Assertion, Direction, EvidenceLevel, EvidenceType, KbCall, ResistanceClass};

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
    /// The strength of the evidence (docs/kb-evidence.md): the strongest level decides.
    pub level: EvidenceLevel,
    pub direction: Direction,
    /// Prognostic rows never make a drug call; they go to the report's prognostic section.
    pub assertion: Assertion,
    /// The model or population the evidence comes from (`Ba/F3 EML4-ALK`, `NSCLC ALK+`).
    pub disease: String,
    /// What `value` is (`IC50 nM`, `PFS months`), empty when the source gives no number.
    pub metric: String,
    pub value: String,
    /// The source for people: `Gainor 2016`.
    pub source: String,
    /// Whether the citation's identifier was checked on the paper's own page.
    pub citation_verified: bool,
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
