//! Combination and non-TKI options (`strategies.tsv`) and the agents they use that are not
//! ALK TKIs (`partner_drugs.tsv`, same columns as `drugs.tsv`).

use serde::{Deserialize, Serialize};

use crate::model::{CivicLevel, Direction, EvidenceLevel, StrategyStatus};

pub(super) const PARTNER_DRUGS_TSV: &str = include_str!("../../resources/kb/partner_drugs.tsv");
pub(super) const STRATEGIES_TSV: &str = include_str!("../../resources/kb/strategies.tsv");

/// What a strategy answers: a KB alteration id, or a phenotype without a DNA marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger<'a> {
    Alteration(&'a str),
    /// `phenotype:SCLC_transformation` → `SCLC_transformation`.
    Phenotype(&'a str),
}

/// One combination or non-TKI option.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Strategy {
    pub id: String,
    pub strategy: String,
    /// Drug names from drugs.tsv or partner_drugs.tsv, `|`-separated.
    pub drugs: String,
    pub answers: String,
    /// Alteration ids or `phenotype:<name>`, `|`-separated.
    pub trigger: String,
    pub level: EvidenceLevel,
    #[serde(deserialize_with = "crate::resources::empty_as_none", default)]
    pub civic_level: Option<CivicLevel>,
    pub direction: Direction,
    #[serde(default)]
    pub disease: String,
    #[serde(default)]
    pub metric: String,
    #[serde(default)]
    pub value: String,
    pub status: StrategyStatus,
    #[serde(default)]
    pub citation: String,
    #[serde(default)]
    pub note: String,
}

impl Strategy {
    pub fn drug_list(&self) -> impl Iterator<Item = &str> {
        split(&self.drugs)
    }
    pub fn citation_list(&self) -> impl Iterator<Item = &str> {
        split(&self.citation)
    }
    pub fn triggers(&self) -> impl Iterator<Item = Trigger<'_>> {
        split(&self.trigger).map(|t| match t.strip_prefix("phenotype:") {
            Some(p) => Trigger::Phenotype(p),
            None => Trigger::Alteration(t),
        })
    }
}

fn split(list: &str) -> impl Iterator<Item = &str> {
    list.split('|').map(str::trim).filter(|x| !x.is_empty())
}

/// Phenotypes a `phenotype:` trigger may name (docs/kb-evidence.md). None applies to every
/// sample (`any` was removed: a strategy is offered only where its mechanism is found). The
/// verdict sets `SCLC_transformation`, `no_targetable_mechanism` and `tki_naive` from the
/// findings and the history; the others are never set (not read from sequencing), and
/// `no_named_mechanism` marks a strategy whose source names no mechanism it answers.
pub const PHENOTYPES: &[&str] = &[
    "SCLC_transformation",
    "no_targetable_mechanism",
    "tki_naive",
    "EMT",
    "brain_metastases",
    "IGF1R_activation",
    "no_named_mechanism",
];
