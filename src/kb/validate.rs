//! KB consistency checks: reference residues, compound components, drugs and citations.

use super::KnowledgeBase;
use crate::model::{AlterationKind, MatchKind};
use crate::transcript::codon::translate_known;
use crate::transcript::TranscriptSet;

// The vocabularies (`kind`, `match`, `call`, `evidence`, `resistance_class`) are enums,
// checked when the tables are read; these checks are the cross-table ones.

const REVIEW_CLAIMS_TSV: &str = include_str!("../../resources/kb/review_claims.tsv");
const REVIEW_CONFLICTS_TSV: &str = include_str!("../../resources/kb/review_conflicts.tsv");

#[derive(serde::Deserialize)]
struct ReviewClaim {
    claim_id: String,
    status: String,
    #[serde(default)]
    kb_ref: String,
    #[serde(default)]
    citation: String,
}

/// The seed review, checked: every claim is in the KB (its references resolve), a listed
/// conflict, or out of scope; conflicts are written up in review_conflicts.tsv.
pub fn validate_review(kb: &KnowledgeBase) -> Vec<String> {
    let mut problems = Vec::new();
    let claims: Vec<ReviewClaim> =
        match crate::resources::read_tsv("kb/review_claims.tsv", REVIEW_CLAIMS_TSV) {
            Ok(rows) => rows,
            Err(e) => return vec![e.to_string()],
        };
    let conflicts = REVIEW_CONFLICTS_TSV.lines().count().saturating_sub(1);
    // `schema:<column>`: the claim is encoded by a column of the KB schema itself.
    let resolves = |id: &str| {
        id.starts_with("schema:")
            || kb.alteration(id).is_some()
            || kb.fusions.iter().any(|f| f.id == id)
            || kb.drug(id).is_some()
    };
    for claim in &claims {
        match claim.status.as_str() {
            "in_kb" => {
                let refs: Vec<&str> = claim
                    .kb_ref
                    .split('|')
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .collect();
                if refs.is_empty() {
                    problems.push(format!(
                        "review claim {}: in_kb but no kb_ref",
                        claim.claim_id
                    ));
                }
                for r in refs.into_iter().filter(|r| !resolves(r)) {
                    problems.push(format!(
                        "review claim {}: kb_ref {r} is not in the KB",
                        claim.claim_id
                    ));
                }
            }
            "conflict" | "not_in_scope" => {}
            other => problems.push(format!("review claim {}: status '{other}'", claim.claim_id)),
        }
        for c in claim
            .citation
            .split(['|', ';'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if kb.citation(c).is_none() {
                problems.push(format!(
                    "review claim {}: unknown citation {c}",
                    claim.claim_id
                ));
            }
        }
    }
    let n_conflicts = claims.iter().filter(|c| c.status == "conflict").count();
    if n_conflicts > 0 && conflicts == 0 {
        problems.push("review claims marked conflict but review_conflicts.tsv is empty".into());
    }
    problems
}

/// Every problem found; an empty list means the KB is consistent.
pub fn validate(kb: &KnowledgeBase, transcripts: &TranscriptSet) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for alteration in &kb.alterations {
        if !ids.insert(alteration.id.as_str()) {
            problems.push(format!("alterations: id {} appears twice", alteration.id));
        }
        if !matches!(alteration.match_kind, MatchKind::Exact | MatchKind::Codon) {
            continue; // gene-level, copy-number and fusion rows name no residue
        }
        let protein = transcripts
            .by_gene(&alteration.gene)
            .map(|t| translate_known(&t.cds_bases, false));
        for component in alteration.protein_short.split('+') {
            if alteration.kind == AlterationKind::Compound {
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
        let fusion = kb.fusions.iter().any(|f| f.id == call.alteration);
        if kb.alteration(&call.alteration).is_none() && !fusion {
            problems.push(format!("calls: unknown alteration {}", call.alteration));
        }
        if kb.drug(&call.drug).is_none() {
            problems.push(format!(
                "calls: {} names drug '{}', not in drugs.tsv",
                call.alteration, call.drug
            ));
        }
        if kb.citation(&call.citation).is_none() {
            problems.push(format!(
                "calls: {} {} cites unknown source {}",
                call.alteration, call.drug, call.citation
            ));
        }
    }
    let unknown_citations = |list: &str| -> Vec<String> {
        list.split(['|', ';'])
            .map(str::trim)
            .filter(|c| !c.is_empty() && kb.citation(c).is_none())
            .map(String::from)
            .collect()
    };
    for fusion in &kb.fusions {
        for missing in unknown_citations(&fusion.citation) {
            problems.push(format!(
                "fusions: {} cites unknown source {missing}",
                fusion.id
            ));
        }
    }
    problems.extend(super::validate_evidence::problems(kb));
    problems.extend(super::validate_citations::problems(kb));
    for drug in kb.drugs.iter().chain(&kb.partner_drugs) {
        for missing in unknown_citations(&drug.citation) {
            problems.push(format!(
                "drugs: {} cites unknown source {missing}",
                drug.drug
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
    fn the_review_is_fully_accounted_for() {
        let kb = KnowledgeBase::shipped().unwrap();
        let problems = validate_review(&kb);
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(
            REVIEW_CLAIMS_TSV.lines().count() > 50,
            "the review's claims are listed"
        );
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
