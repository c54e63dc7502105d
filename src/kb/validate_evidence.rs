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
    out.extend(compound_gaps(kb));
    out.extend(unstated(kb));
    out.extend(prognostic_in_matrix(kb));
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

/// Reported by `alkres kb validate` without failing it: the sources behind calls whose
/// identifier was not checked on the paper's own page (reports mark their rows
/// "unverified").
pub fn warnings(kb: &KnowledgeBase) -> Vec<String> {
    let cited: BTreeSet<&str> = kb.calls.iter().map(|c| c.citation.as_str()).collect();
    let unverified: Vec<&str> = cited
        .into_iter()
        .filter(|id| kb.citation(id).is_some_and(|c| !c.is_verified()))
        .collect();
    let mut out = derived_columns(kb);
    out.extend(uncited_alterations(kb));
    out.extend(super::validate_citations::warnings(kb));
    if !unverified.is_empty() {
        out.push(format!(
            "{} cited sources have an unverified identifier (shown as unverified in reports): {}",
            unverified.len(),
            unverified.join(", ")
        ));
    }
    out
}

/// Compounds incomplete for the drugs of their parts: an ALK TKI that has rows for every
/// part, none resistant (so the verdict cannot infer the compound's call), but no row for
/// the compound and no `untested` entry saying no source recorded here tested it; and an
/// `untested` entry for a drug the compound does have a row for (stale). Problems: each
/// gap must be a row or a recorded gap.
pub fn compound_gaps(kb: &KnowledgeBase) -> Vec<String> {
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
        let untested: BTreeSet<&str> = compound.untested_list().collect();
        for drug in first {
            let in_every_part = rest.iter().all(|p| p.contains(drug));
            let alk_tki = kb.drug(drug).is_some_and(|d| d.is_alk_tki());
            let inferred = compound
                .protein_short
                .split('+')
                .any(|p| resistant_part(&format!("{}:{p}", compound.gene), drug));
            if in_every_part
                && alk_tki
                && !own.contains(drug)
                && !inferred
                && !untested.contains(drug)
            {
                out.push(format!(
                    "alterations: compound {}: no {drug} row, though every part has one and none is resistant; add the row or list {drug} in `untested`",
                    compound.id
                ));
            }
        }
        for drug in untested {
            if own.contains(drug) {
                out.push(format!(
                    "alterations: compound {}: {drug} is listed as untested but has a row",
                    compound.id
                ));
            }
            if kb.drug(drug).is_none() {
                out.push(format!(
                    "alterations: compound {}: untested drug '{drug}' is in no drugs table",
                    compound.id
                ));
            }
        }
    }
    out
}

/// Rows every table must have: a citation on every call and strategy row, and on every
/// alteration a call or strategy rests on.
pub fn unstated(kb: &KnowledgeBase) -> Vec<String> {
    let mut out = Vec::new();
    for call in &kb.calls {
        let at = format!("calls: {} {}", call.alteration, call.drug);
        if call.citation.trim().is_empty() {
            out.push(format!("{at}: no citation"));
        }
    }
    // An alteration row without a source is allowed only while nothing rests on it (no
    // call, no strategy trigger): `uncited_alterations` lists those as warnings.
    for a in kb
        .alterations
        .iter()
        .filter(|a| a.citation_list().next().is_none())
    {
        if kb.calls.iter().any(|c| c.alteration == a.id) || triggers(kb, &a.id) {
            out.push(format!(
                "alterations: {}: no citation, though calls or strategies rest on it",
                a.id
            ));
        }
    }
    for s in &kb.strategies {
        if s.citation_list().next().is_none() {
            out.push(format!("strategies: {}: no citation", s.id));
        }
    }
    out
}

fn triggers(kb: &KnowledgeBase, id: &str) -> bool {
    kb.strategies
        .iter()
        .any(|s| s.triggers().any(|t| t == Trigger::Alteration(id)))
}

/// Call rows in the layout before the evidence columns (a user folder): `level`,
/// `direction` or `assertion` derived at load rather than stated. Warnings: the row still
/// loads and is used, but the KB should say what it means (the shipped KB states all).
pub fn derived_columns(kb: &KnowledgeBase) -> Vec<String> {
    let mut out = Vec::new();
    for call in &kb.calls {
        for (column, missing, derived) in [
            ("level", call.level.is_none(), call.level().to_string()),
            (
                "direction",
                call.direction.is_none(),
                call.direction().to_string(),
            ),
            (
                "assertion",
                call.assertion.is_none(),
                call.assertion().to_string(),
            ),
        ] {
            if missing {
                out.push(format!(
                    "calls: {} {} ({}): `{column}` not stated (read as {derived})",
                    call.alteration, call.drug, call.citation
                ));
            }
        }
    }
    out
}

/// Alteration rows listed without any source (nothing rests on them): warnings.
pub fn uncited_alterations(kb: &KnowledgeBase) -> Vec<String> {
    let ids: Vec<&str> = kb
        .alterations
        .iter()
        .filter(|a| a.citation_list().next().is_none())
        .map(|a| a.id.as_str())
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "{} alterations listed without a source (no call or strategy rests on them): {}",
        ids.len(),
        ids.join(", ")
    )]
}

/// Prognostic evidence kept out of the drug matrix: a gene-level co-mutation row (`match`
/// gene: any protein change of the gene) classed as a primary-resistance factor is an
/// outlook, so it must be `prognostic`; and one source cannot be prognostic and predictive
/// for the same alteration and drug (the predictive copy would carry the outlook into the
/// matrix).
pub fn prognostic_in_matrix(kb: &KnowledgeBase) -> Vec<String> {
    let mut out = Vec::new();
    for call in kb
        .calls
        .iter()
        .filter(|c| c.assertion() == Assertion::Predictive)
    {
        let at = format!(
            "calls: {} {} ({})",
            call.alteration, call.drug, call.citation
        );
        if let Some(a) = kb.alteration(&call.alteration) {
            if a.match_kind == crate::model::MatchKind::Gene
                && a.resistance_class == crate::model::ResistanceClass::PrimaryResistanceFactor
            {
                out.push(format!("{at}: predictive row on a gene-level co-mutation (any change of {}): an outlook is `prognostic`", a.gene));
            }
        }
        if kb.calls.iter().any(|p| {
            p.assertion() == Assertion::Prognostic
                && p.alteration == call.alteration
                && p.drug == call.drug
                && p.citation == call.citation
        }) {
            out.push(format!(
                "{at}: the same source is also prognostic for this alteration and drug"
            ));
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
    fn the_shipped_kb_is_complete_cited_and_keeps_prognosis_out_of_the_matrix() {
        let kb = KnowledgeBase::shipped().unwrap();
        for found in [
            compound_gaps(&kb),
            unstated(&kb),
            prognostic_in_matrix(&kb),
            derived_columns(&kb),
        ] {
            assert!(found.is_empty(), "{found:#?}");
        }
    }

    #[test]
    fn gaps_uncited_rows_and_prognosis_in_the_matrix_are_reported() {
        let mut kb = KnowledgeBase::shipped().unwrap();
        // A recorded compound gap, forgotten: reported, naming the drug.
        let compound = kb
            .alterations
            .iter_mut()
            .find(|a| a.untested_list().count() > 0)
            .unwrap();
        let id = compound.id.clone();
        let drug = compound.untested_list().next().unwrap().to_string();
        compound.untested.clear();
        let gaps = compound_gaps(&kb).join("\n");
        assert!(
            gaps.contains(&id) && gaps.contains(&format!("no {drug} row")),
            "{gaps}"
        );
        // A call without citation or level; a strategy without citation.
        kb.calls[0].citation.clear();
        kb.calls[1].level = None;
        kb.strategies[0].citation.clear();
        let found = unstated(&kb).join("\n");
        let derived = derived_columns(&kb).join("\n");
        assert!(derived.contains("`level` not stated (read as"), "{derived}");
        for expected in ["no citation", "strategies: S01: no citation"] {
            assert!(found.contains(expected), "{expected}: {found}");
        }
        // TP53's outlook made predictive: it would enter the matrix.
        let tp53 = kb
            .calls
            .iter_mut()
            .find(|c| c.alteration == "TP53:any")
            .unwrap();
        tp53.assertion = Some(Assertion::Predictive);
        let mut copy = tp53.clone();
        copy.assertion = Some(Assertion::Prognostic);
        kb.calls.push(copy);
        let found = prognostic_in_matrix(&kb).join("\n");
        assert!(
            found.contains("predictive row on a gene-level co-mutation"),
            "{found}"
        );
        assert!(found.contains("also prognostic"), "{found}");
    }
}
