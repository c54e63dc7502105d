//! What the verdict adds beside the drug matrix: prognostic findings (never a drug call)
//! and the combination / non-TKI strategies whose trigger the sample shows.

use std::collections::BTreeSet;

use super::history::Histology;
use super::model::{Mechanism, PrognosticLine, ResistanceTiming, StrategyOffer};
use crate::kb::{KnowledgeBase, Trigger};
use crate::model::{Assertion, Direction, KbMatch, MechanismClass, StrategyStatus, Timing};

/// The prognostic rows of one matched alteration.
pub fn prognostic_lines(label: &str, m: &KbMatch) -> Vec<PrognosticLine> {
    m.calls
        .iter()
        .filter(|c| c.assertion == Assertion::Prognostic)
        .map(|c| PrognosticLine {
            alteration: label.to_string(),
            kb_id: m.id.clone(),
            drug: c.drug.clone(),
            level: c.level,
            disease: c.disease.clone(),
            metric: c.metric.clone(),
            value: c.value.clone(),
            source: c.source.clone(),
            citation: c.citation.clone(),
            note: c.note.clone(),
        })
        .collect()
}

/// The phenotypes the sample shows (docs/kb-evidence.md, "Strategies offered"). None applies
/// to every sample: a strategy is offered only where its mechanism is found.
/// - `SCLC_transformation`: TP53 and RB1 both inactivated (the transformation marker; a
///   marker alone, TP53 or RB1, is not enough), or a small-cell histology stated in the
///   sample sheet.
/// - `no_targetable_mechanism`: acquired resistance with nothing to explain it: the history
///   says the sample was taken at progression on an ALK TKI (acquired, or timing not told),
///   and no on-target, bypass or transformation finding was made. Without a history, or at
///   baseline, or with primary resistance, it is not set.
/// - `tki_naive`: the history says the sample was taken before any ALK TKI.
///
/// EMT, brain metastases, IGF1R activation and `no_named_mechanism` are not read from
/// sequencing, so their strategies are never offered here.
fn phenotypes(
    mechanisms: &[Mechanism],
    timing: Option<&ResistanceTiming>,
    histology: Option<Histology>,
) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    let has = |class: MechanismClass| mechanisms.iter().any(|m| m.class == class);
    let stated_small_cell = histology == Some(Histology::SmallCell);
    if stated_small_cell
        || mechanisms
            .iter()
            .any(|m| m.class == MechanismClass::Transformation && m.kb_id.is_none())
    {
        out.insert("SCLC_transformation");
    }
    let progression =
        timing.is_some_and(|t| matches!(t.kind, Timing::Acquired | Timing::Undetermined));
    let explained = has(MechanismClass::OnTarget)
        || has(MechanismClass::Bypass)
        || has(MechanismClass::Transformation)
        || stated_small_cell;
    if progression && !explained {
        out.insert("no_targetable_mechanism");
    }
    if timing.is_some_and(|t| t.kind == Timing::Baseline) {
        out.insert("tki_naive");
    }
    out
}

/// Every strategy one of whose triggers was found (a KB alteration id among the matched
/// findings, or a phenotype): offers first (by status, then level, strongest first), then
/// warnings (`not_recommended`, or a `does_not_support` row).
pub fn strategies(
    mechanisms: &[Mechanism],
    timing: Option<&ResistanceTiming>,
    histology: Option<Histology>,
    kb: &KnowledgeBase,
) -> Vec<StrategyOffer> {
    let ids: BTreeSet<&str> = mechanisms
        .iter()
        .filter_map(|m| m.kb_id.as_deref())
        .collect();
    let shown = phenotypes(mechanisms, timing, histology);
    let mut out: Vec<StrategyOffer> = kb
        .strategies
        .iter()
        .filter_map(|s| {
            let hit = s.triggers().find(|t| match t {
                Trigger::Alteration(id) => ids.contains(id),
                Trigger::Phenotype(p) => shown.contains(p),
            })?;
            let triggered_by = match hit {
                Trigger::Alteration(id) => id.to_string(),
                Trigger::Phenotype(p) => format!("phenotype:{p}"),
            };
            Some(StrategyOffer {
                id: s.id.clone(),
                strategy: s.strategy.clone(),
                drugs: s.drug_list().map(String::from).collect(),
                answers: s.answers.clone(),
                triggered_by,
                level: s.level,
                direction: s.direction,
                status: s.status,
                warning: s.status == StrategyStatus::NotRecommended
                    || s.direction == Direction::DoesNotSupport,
                metric: s.metric.clone(),
                value: s.value.clone(),
                citations: s
                    .citation_list()
                    .map(|c| {
                        kb.citation(c)
                            .map_or_else(|| c.to_string(), |c| c.reference())
                    })
                    .collect(),
                note: s.note.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.warning, a.status, std::cmp::Reverse(a.level), &a.id).cmp(&(
            b.warning,
            b.status,
            std::cmp::Reverse(b.level),
            &b.id,
        ))
    });
    out
}
