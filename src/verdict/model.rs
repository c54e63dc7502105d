//! The per-sample verdict: what was found, what it means for each ALK TKI, and why.

use serde::Serialize;

use crate::model::{EvidenceType, KbCall, Phase, Timing};

/// The four calls a drug can get, plus "no known resistance" when nothing with KB evidence
/// was found. Ordered from best to worst for the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DrugCall {
    Sensitive,
    /// No alteration with KB evidence was found: the tumour is expected to behave as an
    /// ALK-driven tumour for this drug.
    NoKnownResistance,
    Intermediate,
    Unknown,
    Resistant,
}

impl From<KbCall> for DrugCall {
    fn from(call: KbCall) -> Self {
        match call {
            KbCall::Sensitive => DrugCall::Sensitive,
            KbCall::Intermediate => DrugCall::Intermediate,
            KbCall::Resistant => DrugCall::Resistant,
        }
    }
}

impl DrugCall {
    pub fn as_str(self) -> &'static str {
        match self {
            DrugCall::Sensitive => "sensitive",
            DrugCall::NoKnownResistance => "no_known_resistance",
            DrugCall::Intermediate => "intermediate",
            DrugCall::Unknown => "unknown",
            DrugCall::Resistant => "resistant",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            DrugCall::Sensitive => "sensitive",
            DrugCall::NoKnownResistance => "no known resistance",
            DrugCall::Intermediate => "intermediate",
            DrugCall::Unknown => "unknown",
            DrugCall::Resistant => "resistant",
        }
    }
}

/// One finding, accounted for: its class and what it did to the drug calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mechanism {
    /// `ALK G1202R`, `EML4-ALK V3`, `MET amplification`, …
    pub label: String,
    /// `on_target`, `bypass`, `transformation`, `primary_resistance_factor`, `fusion`,
    /// `fusion_context`, or `unclassified` (not in the KB).
    pub class: String,
    pub kb_id: Option<String>,
    /// Whether its KB calls entered the per-drug matrix, and if not, why.
    pub used_in_calls: bool,
    pub effect: String,
    pub implication: String,
}

/// One KB call behind a drug verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceLine {
    pub alteration: String,
    pub call: KbCall,
    pub evidence: EvidenceType,
    pub ic50_nm: Option<f64>,
    pub citation: String,
    pub note: String,
}

/// The verdict for one drug.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrugVerdict {
    pub drug: String,
    pub call: DrugCall,
    /// The alterations that set the call (the worst ones).
    pub driven_by: Vec<String>,
    /// Alterations with no KB call for this drug.
    pub unknown_for: Vec<String>,
    /// Sources disagree for at least one alteration (both are listed in `evidence`).
    pub conflict: bool,
    pub evidence: Vec<EvidenceLine>,
    pub notes: Vec<String>,
    pub generation: String,
    pub status: String,
}

/// Two ALK mutations in one sample and how they were phased.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompoundReading {
    pub components: Vec<String>,
    pub phase: Phase,
    /// `VCF GT/PS`, `BAM read-backed`, or `none`.
    pub phase_source: String,
    pub phase_detail: Option<String>,
    /// The KB compound row, when the KB has one.
    pub kb_id: Option<String>,
    pub note: String,
}

/// Primary vs acquired resistance, from the treatment history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResistanceTiming {
    pub kind: Timing,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedDrug {
    pub rank: usize,
    pub drug: String,
    pub call: DrugCall,
    pub reasons: Vec<String>,
}

impl Verdict {
    /// Labels of the mechanisms of one class, naming mutations read as part of a compound
    /// through the compound only.
    pub fn labels_of(&self, class: &str) -> Vec<&str> {
        self.mechanisms
            .iter()
            .filter(|m| m.class == class && !m.effect.starts_with(super::PART_OF_COMPOUND))
            .map(|m| m.label.as_str())
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// One paragraph for the top of a report.
    pub summary: String,
    pub mechanisms: Vec<Mechanism>,
    pub compounds: Vec<CompoundReading>,
    pub drugs: Vec<DrugVerdict>,
    pub resistance: Option<ResistanceTiming>,
    /// The drugs ranked for the next line, when a treatment history is given.
    pub ranking: Vec<RankedDrug>,
    pub disclaimer: &'static str,
}
