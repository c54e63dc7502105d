//! The per-sample verdict: what was found, what it means for each ALK TKI, and why.

use serde::Serialize;

use crate::model::{
    Direction, EvidenceLevel, EvidenceType, KbCall, MechanismClass, Phase, StrategyStatus, Timing,
};

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
    /// The KB's resistance class, `fusion` (the driver) or `unclassified` (not in the KB).
    pub class: MechanismClass,
    pub kb_id: Option<String>,
    /// Whether its KB calls entered the per-drug matrix, and if not, why.
    pub used_in_calls: bool,
    pub effect: String,
    pub implication: String,
    /// A small variant's allele fraction: the summary names a low one, because a
    /// subclonal variant (or clonal haematopoiesis, for TP53) weighs less than a clonal one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vaf: Option<f64>,
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
    pub level: EvidenceLevel,
    pub direction: Direction,
    pub disease: String,
    pub metric: String,
    pub value: String,
    /// `Gainor 2016`.
    pub source: String,
    /// Whether the citation's identifier was checked on the paper's own page
    /// (citations.tsv `verified`); reports say "unverified" otherwise.
    pub citation_verified: bool,
    /// At the deciding level of its alteration (the rows that set the call).
    pub deciding: bool,
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
    /// Sources disagree at the deciding evidence level for an alteration that sets the
    /// call: `call` is then the more cautious of their calls and `reason` names both sides
    /// (every row is in `evidence`).
    pub conflict: bool,
    /// The evidence level that decided the call (the strongest present), if any row did.
    pub level: Option<EvidenceLevel>,
    /// One sentence per deciding alteration: why the drug got its call.
    pub reason: String,
    /// An investigational drug whose call is not resistant: a clinical-trial option, never
    /// a plain "sensitive". `call` keeps the evidence's call.
    pub trial_option: bool,
    /// The call as every report shows it: `sensitive`, `intermediate (conflict)`,
    /// `trial option (investigational, phase 1/2 ALKOVE-1, preclinical in-vitro evidence)`.
    pub display: String,
    pub evidence: Vec<EvidenceLine>,
    pub notes: Vec<String>,
    pub generation: String,
    pub status: String,
    /// Development status of an investigational drug (drugs.tsv `development`).
    pub development: String,
}

/// A prognostic KB row matched by the sample: the outlook, whatever the drug. Never a drug
/// call (docs/kb-evidence.md, rule 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrognosticLine {
    pub alteration: String,
    pub kb_id: String,
    /// The drug the outcome was measured on.
    pub drug: String,
    pub level: EvidenceLevel,
    pub disease: String,
    pub metric: String,
    pub value: String,
    pub source: String,
    pub citation: String,
    pub note: String,
}

/// A combination or non-TKI option (strategies.tsv) whose trigger the sample shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyOffer {
    pub id: String,
    pub strategy: String,
    pub drugs: Vec<String>,
    pub answers: String,
    /// What in the sample set it off: a KB alteration id or `phenotype:<name>`.
    pub triggered_by: String,
    pub level: EvidenceLevel,
    pub direction: Direction,
    pub status: StrategyStatus,
    /// `not_recommended` or `does_not_support`: a warning, not an offer.
    pub warning: bool,
    pub metric: String,
    pub value: String,
    pub citations: Vec<String>,
    pub note: String,
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
    pub fn labels_of(&self, class: MechanismClass) -> Vec<&str> {
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
    /// One column per ALK TKI (drugs.tsv class `alk_tki`).
    pub drugs: Vec<DrugVerdict>,
    /// Drugs of drugs.tsv that are not ALK TKIs (gilteritinib) but have calls for the
    /// sample's alterations: never matrix columns nor ranked.
    pub other_drugs: Vec<DrugVerdict>,
    /// Prognostic findings, out of the drug matrix.
    pub prognostic: Vec<PrognosticLine>,
    /// Combination and non-TKI options whose trigger was found, offers then warnings.
    pub strategies: Vec<StrategyOffer>,
    pub resistance: Option<ResistanceTiming>,
    /// The drugs ranked for the next line, when a treatment history is given.
    pub ranking: Vec<RankedDrug>,
    pub disclaimer: &'static str,
}
