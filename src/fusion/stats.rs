//! What each input contributed and what was set aside, so that nothing is dropped silently.

use std::collections::BTreeMap;

use serde::Serialize;

use super::breakend::Candidate;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct InputStats {
    pub input: String,
    /// `alignments`, `SV VCF`, `Arriba`, `STAR-Fusion`.
    pub kind: String,
    /// How the tumour's FORMAT column was chosen, when no `--sample` named one
    /// ([`crate::probe::tumour_column_by`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_column: Option<String>,
    /// An SV VCF's tumour column and what chose it (`given`, `only_column`, `header_tag`,
    /// `name_pattern`, `guess`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tumour_column: Option<crate::probe::ColumnChoice>,
    /// The caller that wrote an SV VCF (`Manta`, `GRIDSS`, `DELLY`, `LUMPY`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller: Option<String>,
    /// VCF records, TSV rows, or alignment records fetched from the queried regions.
    pub records_read: u64,
    /// Fusion findings from this input.
    pub fusions: u64,
    /// Junctions from this input listed as candidates (not findings).
    pub candidates: u64,
    /// Records (or reads, or read clusters) not reported, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Alignment inputs: the regions queried (1-based, inclusive).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Alignment inputs: reads by the evidence they gave.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<String, u64>,
}

impl InputStats {
    pub fn new(input: impl Into<String>, kind: &str) -> Self {
        InputStats {
            input: input.into(),
            kind: kind.to_string(),
            ..Default::default()
        }
    }

    pub fn skip(&mut self, reason: &str) {
        self.skip_n(reason, 1);
    }

    pub fn skip_n(&mut self, reason: &str, n: u64) {
        if n > 0 {
            *self.skipped.entry(reason.to_string()).or_default() += n;
        }
    }

    pub fn count(&mut self, what: &str, n: u64) {
        *self.evidence.entry(what.to_string()).or_default() += n;
    }
}

/// Candidates found in one input, with its statistics.
#[derive(Debug, Clone, Default)]
pub struct SourceOutput {
    pub candidates: Vec<Candidate>,
    pub stats: InputStats,
}
