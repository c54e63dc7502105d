//! KB consistency checks: reference residues, compound components, drugs and citations.

use super::KnowledgeBase;
use crate::transcript::codon::translate_known;
use crate::transcript::TranscriptSet;

const CALLS: [&str; 3] = ["sensitive", "intermediate", "resistant"];
const EVIDENCE: [&str; 4] = ["clinical", "preclinical", "case_report", "review"];

/// Every problem found; an empty list means the KB is consistent.
pub fn validate(kb: &KnowledgeBase, transcripts: &TranscriptSet) -> Vec<String> {
    let mut problems = Vec::new();
    for alteration in &kb.alterations {
        let protein = transcripts
            .by_gene(&alteration.gene)
            .map(|t| translate_known(&t.cds_bases, false));
        for component in alteration.protein_short.split('+') {
            if alteration.kind == "compound" {
                let id = format!("{}:{component}", alteration.gene);
                if kb.alteration(&id).is_none() {
                    problems.push(format!(
                        "{}: component {component} has no single-alteration row",
                        alteration.id
                    ));
                }
            }
            let Some((residue, position)) = leading_residue(component) else {
                continue;
            };
            let known = protein
                .as_ref()
                .and_then(|p| p.get(position.wrapping_sub(1)).copied().flatten());
            match known {
                Some(aa) if aa != residue => problems.push(format!(
                    "{}: {component} names {} at {position} but the reference residue is {}",
                    alteration.id, residue as char, aa as char
                )),
                Some(_) => {}
                None if alteration.gene == "ALK" => problems.push(format!(
                    "{}: residue {position} of ALK is not in the shipped sequence; cannot check",
                    alteration.id
                )),
                None => {}
            }
        }
    }
    for call in &kb.calls {
        if kb.alteration(&call.alteration).is_none() {
            problems.push(format!("calls: unknown alteration {}", call.alteration));
        }
        if kb.citation(&call.citation).is_none() {
            problems.push(format!(
                "calls: {} {} cites unknown source {}",
                call.alteration, call.drug, call.citation
            ));
        }
        if !CALLS.contains(&call.call.as_str()) {
            problems.push(format!(
                "calls: {} {}: call '{}'",
                call.alteration, call.drug, call.call
            ));
        }
        if !EVIDENCE.contains(&call.evidence.as_str()) {
            problems.push(format!(
                "calls: {} {}: evidence '{}'",
                call.alteration, call.drug, call.evidence
            ));
        }
    }
    problems
}

/// `G1202R` → (b'G', 1202); `T1151dup` → (b'T', 1151).
fn leading_residue(name: &str) -> Option<(u8, usize)> {
    let bytes = name.as_bytes();
    let residue = *bytes.first()?;
    if !residue.is_ascii_uppercase() {
        return None;
    }
    let digits: String = name[1..].chars().take_while(char::is_ascii_digit).collect();
    Some((residue, digits.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genome::{Build, KnownSequence};

    #[test]
    fn shipped_kb_is_consistent_on_both_builds() {
        let kb = KnowledgeBase::shipped().unwrap();
        let known = KnownSequence::shipped().unwrap();
        for build in Build::ALL {
            let set = TranscriptSet::shipped(build, &known).unwrap();
            let problems = validate(&kb, &set);
            assert!(problems.is_empty(), "{build}: {problems:#?}");
        }
    }

    #[test]
    fn a_wrong_reference_residue_is_reported() {
        let kb = KnowledgeBase::shipped().unwrap();
        let known = KnownSequence::shipped().unwrap();
        let set = TranscriptSet::shipped(Build::GRCh38, &known).unwrap();
        let mut broken = kb.clone();
        broken.alterations[0].protein_short = "A1202R".into();
        let problems = validate(&broken, &set);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("reference residue is G")),
            "{problems:?}"
        );
    }
}
