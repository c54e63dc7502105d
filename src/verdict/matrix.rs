//! The per-TKI matrix: which KB calls apply to the sample and what they add up to. Within
//! one alteration the rows combine by strength (`evidence::decide`); across alterations
//! resistance anywhere wins.

use super::evidence::{decide, Decision};
use super::model::{DrugCall, DrugVerdict, EvidenceLine};
use crate::kb::KnowledgeBase;
use crate::model::{Assertion, CitedCall, KbCall, KbMatch};

/// An alteration whose KB calls enter the matrix.
#[derive(Debug, Clone)]
pub struct Unit {
    pub label: String,
    pub kb: KbMatch,
    /// For a compound: its single mutations. Where the compound row has no call for a drug,
    /// a single that is resistant makes the compound resistant too (inferred, and said so);
    /// sensitivity is never inferred from singles.
    pub parts: Vec<KbMatch>,
}

fn line(alteration: String, c: &CitedCall) -> EvidenceLine {
    EvidenceLine {
        alteration,
        call: c.call,
        evidence: c.evidence,
        ic50_nm: c.ic50_nm,
        citation: c.citation.clone(),
        note: c.note.clone(),
        level: c.level,
        direction: c.direction,
        disease: c.disease.clone(),
        metric: c.metric.clone(),
        value: c.value.clone(),
        source: c.source.clone(),
        citation_verified: c.citation_verified,
        deciding: false,
    }
}

/// The predictive rows one alteration has for one drug, combined by strength.
fn unit_call(unit: &Unit, drug: &str) -> (Decision, Vec<EvidenceLine>) {
    let predictive = |c: &&CitedCall| c.drug == drug && c.assertion == Assertion::Predictive;
    let mut lines: Vec<EvidenceLine> = unit
        .kb
        .calls
        .iter()
        .filter(predictive)
        .map(|c| line(unit.label.clone(), c))
        .collect();
    if lines.is_empty() {
        for part in &unit.parts {
            lines.extend(
                part.calls
                    .iter()
                    .filter(predictive)
                    .filter(|c| c.call == KbCall::Resistant)
                    .map(|c| {
                        line(
                            format!("{} (inferred from its part {})", unit.label, part.id),
                            c,
                        )
                    }),
            );
        }
    }
    (decide(&mut lines), lines)
}

/// Combine the units for one drug. Resistance anywhere wins; then a missing call makes the
/// answer unknown; then intermediate; all-sensitive is sensitive; nothing at all is
/// "no known resistance".
pub fn drug_verdict(units: &[Unit], drug: &str, kb: &KnowledgeBase) -> DrugVerdict {
    let info = kb.drug(drug);
    let mut verdict = DrugVerdict {
        drug: drug.to_string(),
        call: DrugCall::NoKnownResistance,
        driven_by: Vec::new(),
        unknown_for: Vec::new(),
        conflict: false,
        level: None,
        reason: String::new(),
        trial_option: false,
        display: String::new(),
        evidence: Vec::new(),
        notes: Vec::new(),
        generation: info.map(|d| d.generation.clone()).unwrap_or_default(),
        status: info
            .and_then(|d| d.status)
            .map(|s| s.to_string())
            .unwrap_or_default(),
        development: info.map(|d| d.development.clone()).unwrap_or_default(),
    };
    let per_unit: Vec<(Decision, Vec<EvidenceLine>, &Unit)> = units
        .iter()
        .map(|u| {
            let (decision, lines) = unit_call(u, drug);
            (decision, lines, u)
        })
        .collect();
    if let Some(worst) = per_unit.iter().map(|(d, ..)| d.call).max() {
        verdict.call = worst;
    }
    let mut reasons = Vec::new();
    for (decision, lines, unit) in per_unit {
        if decision.call == DrugCall::Unknown && lines.is_empty() {
            verdict.unknown_for.push(unit.label.clone());
        }
        let sets_call = decision.call == verdict.call && verdict.call != DrugCall::Unknown;
        if verdict.call == DrugCall::Unknown && !lines.is_empty() {
            // Unknown because another alteration has no evidence: what this one's rows say
            // still belongs in the reason, or a sensitive compound row reads as no data.
            reasons.push(format!("{}: {}", unit.label, decision.reason));
        } else if sets_call {
            verdict.driven_by.push(unit.label.clone());
            verdict.level = verdict.level.max(decision.level);
            verdict.conflict |= decision.conflict;
            reasons.push(if units.len() > 1 {
                format!("{}: {}", unit.label, decision.reason)
            } else {
                decision.reason.clone()
            });
        } else if decision.conflict {
            verdict.notes.push(format!(
                "sources disagree for {} (not the deciding alteration): {}",
                unit.label, decision.reason
            ));
        }
        verdict.evidence.extend(lines);
    }
    if verdict.call == DrugCall::Unknown && !verdict.unknown_for.is_empty() && !reasons.is_empty() {
        reasons.insert(
            0,
            format!(
                "unknown: no KB call covers {}",
                verdict.unknown_for.join(", ")
            ),
        );
    }
    // One sentence per deciding alteration.
    verdict.reason = reasons
        .iter()
        .map(|r| format!("{r}."))
        .collect::<Vec<_>>()
        .join(" ");
    settle_display(&mut verdict, info.is_some_and(|d| d.is_investigational()));
    verdict
}

/// The call as reports show it (wording::drug_display); an investigational drug that is
/// not resistant is a trial option, with its development status and evidence level.
pub fn settle_display(verdict: &mut DrugVerdict, investigational: bool) {
    verdict.trial_option = super::wording::is_trial_option(investigational, verdict.call);
    verdict.display = super::wording::drug_display(verdict);
}

/// The same drug under two readings (unknown phase): the worse stands, and the note says so.
pub fn worse_of(cis: DrugVerdict, trans: DrugVerdict) -> DrugVerdict {
    if cis.call == trans.call {
        return cis;
    }
    let note = format!(
        "phase unknown: if in cis {}, if in trans {}",
        cis.call.label(),
        trans.call.label()
    );
    let mut worse = if cis.call > trans.call { cis } else { trans };
    worse.notes.push(note);
    worse
}
