//! The per-TKI matrix: which KB calls apply to the sample and what they add up to.

use std::collections::BTreeSet;

use super::model::{DrugCall, DrugVerdict, EvidenceLine};
use crate::kb::KnowledgeBase;
use crate::model::{KbCall, KbMatch};

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

/// The call one alteration gets for one drug, with the lines behind it.
fn unit_call(unit: &Unit, drug: &str) -> (DrugCall, bool, Vec<EvidenceLine>) {
    let mut lines: Vec<EvidenceLine> = unit
        .kb
        .calls
        .iter()
        .filter(|c| c.drug == drug)
        .map(|c| EvidenceLine {
            alteration: unit.label.clone(),
            call: c.call,
            evidence: c.evidence,
            ic50_nm: c.ic50_nm,
            citation: c.citation.clone(),
            note: c.note.clone(),
        })
        .collect();
    if lines.is_empty() {
        for part in &unit.parts {
            lines.extend(
                part.calls
                    .iter()
                    .filter(|c| c.drug == drug && c.call == KbCall::Resistant)
                    .map(|c| EvidenceLine {
                        alteration: format!("{} (inferred from its part {})", unit.label, part.id),
                        call: c.call,
                        evidence: c.evidence,
                        ic50_nm: c.ic50_nm,
                        citation: c.citation.clone(),
                        note: c.note.clone(),
                    }),
            );
        }
    }
    let calls: BTreeSet<DrugCall> = lines.iter().map(|l| DrugCall::from(l.call)).collect();
    match calls.iter().max() {
        None => (DrugCall::Unknown, false, lines),
        // Sources that disagree: the worse call stands and the disagreement is flagged.
        Some(worst) => (*worst, calls.len() > 1, lines),
    }
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
        evidence: Vec::new(),
        notes: Vec::new(),
        generation: info.map(|d| d.generation.clone()).unwrap_or_default(),
        status: info
            .and_then(|d| d.status)
            .map(|s| s.to_string())
            .unwrap_or_default(),
    };
    let per_unit: Vec<(DrugCall, bool, Vec<EvidenceLine>, &Unit)> = units
        .iter()
        .map(|u| {
            let (call, conflict, lines) = unit_call(u, drug);
            (call, conflict, lines, u)
        })
        .collect();
    if let Some(worst) = per_unit.iter().map(|(c, ..)| *c).max() {
        verdict.call = worst;
        verdict.driven_by = per_unit
            .iter()
            .filter(|(c, ..)| *c == worst && worst != DrugCall::Unknown)
            .map(|(.., u)| u.label.clone())
            .collect();
    }
    for (call, conflict, lines, unit) in per_unit {
        if call == DrugCall::Unknown && lines.is_empty() {
            verdict.unknown_for.push(unit.label.clone());
        }
        if conflict {
            verdict.conflict = true;
            verdict.notes.push(format!(
                "sources disagree for {}: the worse call is used; both are listed",
                unit.label
            ));
        }
        verdict.evidence.extend(lines);
    }
    verdict
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
