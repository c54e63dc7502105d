//! The patient verdict: which TKIs the alterations rule out, in the order they appeared, and
//! which remain, built from the per-sample verdicts (their per-TKI calls and evidence) plus
//! the history the timeline traced.

use serde::Serialize;

use super::trace::{Origin, Track};
use super::PatientRun;
use crate::verdict::model::EvidenceLine;
use crate::verdict::DrugCall;

/// A drug that became resistant at one sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuledOut {
    pub drug: String,
    /// The first sample whose verdict called it resistant.
    pub at_sample: String,
    /// The TKI given since the previous sample (what the tumour was acquiring resistance to).
    pub after: Option<String>,
    /// The alterations that set the call there.
    pub by: Vec<String>,
    /// Acquired when every alteration behind it was new at that sample, pre-existing when one
    /// was there from the first sample, undetermined when none is known to be new (never assessed
    /// before).
    pub origin: Origin,
    pub evidence: Vec<EvidenceLine>,
}

/// A drug the latest sample's verdict does not call resistant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Remaining {
    pub drug: String,
    pub call: DrugCall,
    /// Approved or investigational (from the KB's drug table).
    pub status: String,
    pub already_given: bool,
    /// Its rank in the latest sample's ranking, when a history was given.
    pub rank: Option<usize>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatientVerdict {
    /// The latest sample with a verdict (the one the remaining drugs come from).
    pub latest_sample: Option<String>,
    pub ruled_out: Vec<RuledOut>,
    pub remaining: Vec<Remaining>,
    pub primary_resistance_factors: Vec<String>,
    pub summary: String,
}

pub fn decide(run: &PatientRun<'_>, tracks: &[Track]) -> PatientVerdict {
    let mut ruled_out: Vec<RuledOut> = Vec::new();
    for (i, report) in run.reports.iter().enumerate() {
        let Some(report) = report else { continue };
        for d in &report.verdict.drugs {
            if d.call != DrugCall::Resistant || ruled_out.iter().any(|r| r.drug == d.drug) {
                continue;
            }
            let pre_existing = d.driven_by.iter().any(|label| {
                tracks
                    .iter()
                    .any(|t| t.label == *label && t.origin == Some(Origin::PreExisting))
            });
            let origin_of = |origin: Origin| {
                d.driven_by.iter().any(|label| {
                    tracks
                        .iter()
                        .any(|t| t.label == *label && t.origin == Some(origin))
                })
            };
            // Undetermined only when no alteration behind it is known to be new.
            let undetermined = origin_of(Origin::Undetermined) && !origin_of(Origin::Acquired);
            ruled_out.push(RuledOut {
                drug: d.drug.clone(),
                at_sample: report.sample.clone(),
                after: run.drugs_since_previous[i].clone(),
                by: d.driven_by.clone(),
                origin: if pre_existing {
                    Origin::PreExisting
                } else if undetermined {
                    Origin::Undetermined
                } else {
                    Origin::Acquired
                },
                evidence: d
                    .evidence
                    .iter()
                    .filter(|e| {
                        e.call == crate::model::KbCall::Resistant
                            && d.driven_by.iter().any(|l| e.alteration.starts_with(l))
                    })
                    .cloned()
                    .collect(),
            });
        }
    }
    let given: Vec<&String> = run.drugs_since_previous.iter().flatten().collect();
    let latest = run.reports.iter().rev().flatten().next();
    let mut remaining: Vec<Remaining> = latest
        .map(|r| {
            r.verdict
                .drugs
                .iter()
                .filter(|d| d.call != DrugCall::Resistant)
                .map(|d| {
                    let mut notes = Vec::new();
                    if let Some(earlier) = ruled_out.iter().find(|o| o.drug == d.drug) {
                        notes.push(format!(
                            "called resistant at {} ({}), no longer at {}: the alteration was not detected later",
                            earlier.at_sample,
                            earlier.by.join(", "),
                            r.sample
                        ));
                    }
                    if !d.unknown_for.is_empty() {
                        notes.push(format!("no KB evidence for {}", d.unknown_for.join(", ")));
                    }
                    Remaining {
                        drug: d.drug.clone(),
                        call: d.call,
                        status: d.status.clone(),
                        already_given: given.contains(&&d.drug),
                        rank: r
                            .verdict
                            .ranking
                            .iter()
                            .find(|k| k.drug == d.drug)
                            .map(|k| k.rank),
                        notes,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    remaining.sort_by_key(|r| (r.rank.unwrap_or(usize::MAX), r.call));
    let primary_resistance_factors: Vec<String> = tracks
        .iter()
        .filter(|t| t.primary_resistance_factor)
        .map(|t| t.label.clone())
        .collect();
    let summary = summarize(&ruled_out, &remaining, &primary_resistance_factors);
    PatientVerdict {
        latest_sample: latest.map(|r| r.sample.clone()),
        ruled_out,
        remaining,
        primary_resistance_factors,
        summary,
    }
}

fn summarize(ruled_out: &[RuledOut], remaining: &[Remaining], primary: &[String]) -> String {
    let mut parts = Vec::new();
    if !primary.is_empty() {
        parts.push(format!(
            "Present before the first TKI and resistant to it (primary-resistance factor): {}.",
            primary.join(", ")
        ));
    }
    // One sentence per step: the drugs one sample's alterations ruled out together.
    let mut i = 0;
    while i < ruled_out.len() {
        let r = &ruled_out[i];
        let same: Vec<&str> = ruled_out[i..]
            .iter()
            .take_while(|o| o.at_sample == r.at_sample && o.by == r.by)
            .map(|o| o.drug.as_str())
            .collect();
        parts.push(format!(
            "At {}{}: {} ({}) ruled out {}.",
            r.at_sample,
            r.after
                .as_ref()
                .map(|d| format!(", after {d}"))
                .unwrap_or_default(),
            r.by.join(" and "),
            r.origin.text(),
            same.join(", ")
        ));
        i += same.len();
    }
    let fresh: Vec<String> = remaining
        .iter()
        .filter(|r| !r.already_given)
        .map(|r| format!("{} ({})", r.drug, r.call.label()))
        .collect();
    parts.push(if fresh.is_empty() {
        "No ALK TKI remains without a resistance call.".into()
    } else {
        format!(
            "Not called resistant at the latest sample: {}.",
            fresh.join(", ")
        )
    });
    parts.join(" ")
}
