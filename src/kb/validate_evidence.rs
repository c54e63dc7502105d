//! Checks of the evidence columns and the tables issue 12 added (docs/kb-evidence.md):
//! vocabularies are enums checked at load; these are the cross-row and cross-table rules.

use std::collections::BTreeSet;

use super::strategy::{Trigger, PHENOTYPES};
use super::KnowledgeBase;
use crate::model::{AlterationKind, Assertion};

/// Problems that fail `alkres kb validate`.
pub fn problems(kb: &KnowledgeBase) -> Vec<String> {
    let mut out = Vec::new();
    for call in &kb.calls {
        let at = format!(
            "calls: {} {} ({})",
            call.alteration, call.drug, call.citation
        );
        let level = call.level();
        if let Some(civic) = call.civic_level {
            if civic != level.civic() {
                out.push(format!(
                    "{at}: civic_level {civic} does not follow level {level} (expected {})",
                    level.civic()
                ));
            }
        }
        // A prognostic row is a clinical outcome; in the matrix it would be a drug call.
        if call.assertion() == Assertion::Prognostic && !level.is_clinical() {
            out.push(format!(
                "{at}: prognostic row at level {level}: prognosis needs clinical data"
            ));
        }
        if call.assertion() == Assertion::Prognostic && call.ic50_nm.is_some() {
            out.push(format!("{at}: prognostic row with an IC50: a drug-response number belongs to a predictive row"));
        }
        if let Some(ic50) = call.ic50_nm {
            if call.value.trim() != "" && call.value.trim().parse::<f64>().ok() != Some(ic50) {
                out.push(format!(
                    "{at}: value {} differs from ic50_nm {ic50}",
                    call.value
                ));
            }
        }
    }
    for strategy in &kb.strategies {
        let at = format!("strategies: {}", strategy.id);
        for trigger in strategy.triggers() {
            match trigger {
                Trigger::Alteration(id) if kb.alteration(id).is_none() => {
                    out.push(format!("{at}: trigger {id} is not an alterations.tsv id"))
                }
                Trigger::Phenotype(p) if !PHENOTYPES.contains(&p) => out.push(format!(
                    "{at}: trigger phenotype:{p} is not one of {}",
                    PHENOTYPES.join(", ")
                )),
                _ => {}
            }
        }
        for drug in strategy.drug_list() {
            if kb.drug(drug).is_none() {
                out.push(format!(
                    "{at}: drug '{drug}' is in neither drugs.tsv nor partner_drugs.tsv"
                ));
            }
        }
        for c in strategy.citation_list() {
            if kb.citation(c).is_none() {
                out.push(format!("{at}: cites unknown source {c}"));
            }
        }
        if let Some(civic) = strategy.civic_level {
            if civic != strategy.level.civic() {
                out.push(format!(
                    "{at}: civic_level {civic} does not follow level {}",
                    strategy.level
                ));
            }
        }
    }
    for drug in &kb.partner_drugs {
        if drug.is_alk_tki() {
            out.push(format!(
                "partner_drugs: {} has class alk_tki: ALK TKIs belong in drugs.tsv",
                drug.drug
            ));
        }
        if kb.drugs.iter().any(|d| d.drug == drug.drug) {
            out.push(format!("partner_drugs: {} is in drugs.tsv too", drug.drug));
        }
    }
    for call in &kb.calls {
        if kb.partner_drugs.iter().any(|d| d.drug == call.drug) {
            out.push(format!(
                "calls: {} names partner drug {}: per-drug calls are for drugs.tsv drugs",
                call.alteration, call.drug
            ));
        }
    }
    out
}

/// Gaps reported by `alkres kb validate` without failing it: a compound with no row for an
/// ALK TKI that has rows for every one of its parts, none resistant (the verdict infers
/// only resistance from the parts, so the drug stays "unknown" for the compound). Warnings, because the literature often
/// has no compound data for a drug; each one is a row to look for.
pub fn warnings(kb: &KnowledgeBase) -> Vec<String> {
    let mut out = Vec::new();
    let drugs_of = |id: &str| -> BTreeSet<&str> {
        kb.calls
            .iter()
            .filter(|c| c.alteration == id && c.assertion() == Assertion::Predictive)
            .map(|c| c.drug.as_str())
            .collect()
    };
    let resistant_part = |id: &str, drug: &str| {
        kb.calls.iter().any(|c| {
            c.alteration == id
                && c.drug == drug
                && c.call == crate::model::KbCall::Resistant
                && c.assertion() == Assertion::Predictive
        })
    };
    for compound in kb
        .alterations
        .iter()
        .filter(|a| a.kind == AlterationKind::Compound)
    {
        let parts: Vec<BTreeSet<&str>> = compound
            .protein_short
            .split('+')
            .map(|p| drugs_of(&format!("{}:{p}", compound.gene)))
            .collect();
        let Some((first, rest)) = parts.split_first() else {
            continue;
        };
        let own = drugs_of(&compound.id);
        for drug in first {
            let in_every_part = rest.iter().all(|p| p.contains(drug));
            let alk_tki = kb.drug(drug).is_some_and(|d| d.is_alk_tki());
            let inferred = compound
                .protein_short
                .split('+')
                .any(|p| resistant_part(&format!("{}:{p}", compound.gene), drug));
            if in_every_part && alk_tki && !own.contains(drug) && !inferred {
                out.push(format!(
                    "compound {}: no {drug} row, though every part has one and none is resistant: the drug stays unknown for it",
                    compound.id
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::KbTables;
    use crate::model::EvidenceLevel;

    #[test]
    fn the_shipped_kb_passes_the_evidence_checks() {
        let kb = KnowledgeBase::shipped().unwrap();
        assert!(problems(&kb).is_empty(), "{:#?}", problems(&kb));
    }

    #[test]
    fn broken_strategies_and_prognostic_rows_are_reported() {
        let mut kb = KnowledgeBase::shipped().unwrap();
        kb.strategies[0].trigger = "MET:amplifcation|phenotype:mood".into();
        kb.strategies[0].drugs = "crizotinib|unobtainium".into();
        let tp53 = kb
            .calls
            .iter_mut()
            .find(|c| c.alteration == "TP53:any")
            .unwrap();
        tp53.level = Some(EvidenceLevel::InVitro);
        tp53.civic_level = None;
        let found = problems(&kb).join("\n");
        for expected in [
            "trigger MET:amplifcation is not an alterations.tsv id",
            "trigger phenotype:mood is not one of",
            "drug 'unobtainium' is in neither",
            "prognostic row at level in_vitro",
        ] {
            assert!(found.contains(expected), "{expected}: {found}");
        }
    }

    #[test]
    fn an_unknown_level_fails_at_load_naming_line_column_and_allowed_values() {
        let mut tables = KbTables::shipped();
        tables.calls = tables.calls.replacen("\tin_vitro\t", "\tin_vitr0\t", 1);
        let err = KnowledgeBase::from_tables(&tables).unwrap_err().to_string();
        assert!(
            err.contains("calls.tsv")
                && err.contains("level")
                && err.contains("in_vitr0")
                && err.contains("clinical_trial"),
            "{err}"
        );
        let mut tables = KbTables::shipped();
        tables.strategies = tables
            .strategies
            .replacen("\ttrial_option\t", "\tmaybe\t", 1);
        let err = KnowledgeBase::from_tables(&tables).unwrap_err().to_string();
        assert!(
            err.contains("strategies.tsv") && err.contains("not_recommended"),
            "{err}"
        );
    }

    #[test]
    fn compound_gaps_are_warnings() {
        let kb = KnowledgeBase::shipped().unwrap();
        for w in warnings(&kb) {
            assert!(w.starts_with("compound ALK:"), "{w}");
        }
    }
}
