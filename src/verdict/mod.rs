//! Per-sample verdict: every finding classed and accounted for, a per-TKI matrix with the
//! evidence behind each call, compound mutations by phase, and (with a treatment history)
//! primary vs acquired resistance and a ranking of the TKIs that remain.

mod compound;
mod evidence;
mod history;
mod matrix;
pub mod model;
mod offers;
mod wording;

pub use compound::PhaseEvidence;
pub use history::{
    rank, read_sample_sheet, timing, Histology, TreatmentHistory, PRIMARY_RESISTANCE_MONTHS,
};
pub use model::{DrugCall, DrugVerdict, Mechanism, PrognosticLine, StrategyOffer, Verdict};
pub use wording::{citation_mark, is_trial_option, trial_option};

use std::collections::BTreeSet;

use matrix::{drug_verdict, worse_of, Unit};
use model::CompoundReading;

use crate::kb::KnowledgeBase;
use crate::model::{
    CnCall, CopyNumberFinding, Finding, FusionFinding, KbMatch, MechanismClass, Phase,
    ResistanceClass, DISCLAIMER,
};

/// Everything known about one sample.
#[derive(Debug, Default, Clone, Copy)]
pub struct SampleEvidence<'a> {
    pub small_variants: &'a [Finding],
    pub fusions: &'a [FusionFinding],
    pub copy_number: &'a [CopyNumberFinding],
    pub bam_phase: &'a [PhaseEvidence],
    pub history: Option<&'a TreatmentHistory>,
}

pub(crate) const PART_OF_COMPOUND: &str = "read as part of a compound mutation in cis";

/// How the verdict (and the patient timeline) names a small variant.
pub(crate) fn label(f: &Finding) -> String {
    match (&f.protein_short, &f.hgvs_c) {
        (None, _) if f.event.is_some() => f.event.clone().unwrap_or_default(),
        (Some(p), _) => format!("{} {p}", f.gene),
        (None, Some(c)) => format!("{} {c}", f.gene),
        (None, None) => format!("{} {}:{}", f.gene, f.chrom, f.pos),
    }
}

/// How the verdict (and the patient timeline) names a fusion.
pub(crate) fn fusion_label(f: &FusionFinding) -> String {
    let mut text = format!("{}-ALK", f.partner);
    if let Some(v) = &f.variant {
        text.push(' ');
        text.push_str(v);
    } else if let (Some(p), Some(a)) = (f.partner_exon, f.alk_exon) {
        text.push_str(&format!(" (exon {p};ALK exon {a})"));
    }
    text
}

/// The KB matches of a compound's single mutations.
fn parts_of(c: &CompoundReading, findings: &[Finding]) -> Vec<KbMatch> {
    findings
        .iter()
        .filter(|f| c.components.contains(&label(f)))
        .filter_map(|f| f.kb.clone())
        .collect()
}

/// Whether a KB match has drug calls (predictive rows; prognostic ones never make a call).
fn has_calls(m: &KbMatch) -> bool {
    m.calls
        .iter()
        .any(|c| c.assertion == crate::model::Assertion::Predictive)
}

/// What a KB match's effect on the matrix is, in words.
fn kb_effect(m: &KbMatch) -> String {
    if has_calls(m) {
        format!("KB {}: its calls enter the matrix", m.id)
    } else if !m.calls.is_empty() {
        format!(
            "KB {}: prognostic only (see the prognostic section), no drug call",
            m.id
        )
    } else {
        format!("KB {}: no drug calls in the KB", m.id)
    }
}

/// Decide the verdict for one sample: account for every finding (small variants, compounds
/// in cis, fusions, copy number, transformation markers), then the per-drug matrix, the
/// timing and ranking, and the summary.
pub fn decide(evidence: SampleEvidence<'_>, kb: &KnowledgeBase) -> Verdict {
    // Small variants: KB-matched ones enter the matrix; ALK on-target ones pair up.
    let on_target: Vec<&Finding> = evidence
        .small_variants
        .iter()
        .filter(|f| {
            f.kb.as_ref()
                .is_some_and(|m| m.resistance_class == ResistanceClass::OnTarget)
        })
        .collect();
    let compounds = compound::readings(&on_target, evidence.bam_phase, kb);
    let in_cis: Vec<&CompoundReading> = compounds
        .iter()
        .filter(|c| c.phase == Phase::Cis && c.kb_id.is_some())
        .collect();
    let mut tally = Tally::default();
    tally.small_variants(evidence.small_variants, &in_cis, kb);
    tally.compounds_in_cis(&in_cis, evidence.small_variants, kb);
    tally.fusions(evidence.fusions, kb);
    tally.copy_number(evidence.copy_number, kb);
    tally.transformation(&evidence);
    let (drugs, other_drugs) = drug_matrix(&tally.units, &compounds, evidence.small_variants, kb);
    let resistance = evidence.history.map(timing);
    let histology = evidence.history.and_then(|h| h.histology);
    let strategies = offers::strategies(&tally.mechanisms, resistance.as_ref(), histology, kb);
    let ranking = evidence
        .history
        .map(|h| rank(&drugs, h, kb))
        .unwrap_or_default();
    let summary = summarize(&tally.mechanisms, &drugs, &strategies, resistance.as_ref());
    Verdict {
        summary,
        mechanisms: tally.mechanisms,
        compounds,
        drugs,
        other_drugs,
        prognostic: tally.prognostic,
        strategies,
        resistance,
        ranking,
        disclaimer: DISCLAIMER,
    }
}

/// Every finding accounted for (`mechanisms`), and those whose KB calls enter the matrix
/// (`units`).
#[derive(Default)]
struct Tally {
    mechanisms: Vec<Mechanism>,
    units: Vec<Unit>,
    prognostic: Vec<PrognosticLine>,
}

impl Tally {
    fn note_prognostic(&mut self, label: &str, m: &KbMatch) {
        self.prognostic.extend(offers::prognostic_lines(label, m));
    }

    /// A KB-matched alteration (`vaf`: a small variant's): its prognostic lines, its
    /// mechanism row, and a unit of the drug matrix when its calls are `used`.
    fn add_matched(
        &mut self,
        (name, vaf): (String, Option<f64>),
        m: &KbMatch,
        used: bool,
        effect: String,
        kb: &KnowledgeBase,
    ) {
        self.note_prognostic(&name, m);
        self.mechanisms.push(Mechanism {
            label: name.clone(),
            class: m.resistance_class.into(),
            kb_id: Some(m.id.clone()),
            used_in_calls: used,
            effect,
            implication: kb
                .alteration(&m.id)
                .map(|a| a.implication.clone())
                .unwrap_or_default(),
            vaf,
        });
        if used {
            self.units.push(Unit {
                label: name,
                kb: m.clone(),
                parts: Vec::new(),
            });
        }
    }

    /// An alteration the KB has no row for: listed, unclassified, in no call.
    fn add_unmatched(&mut self, (name, vaf): (String, Option<f64>), effect: &str) {
        self.mechanisms.push(Mechanism {
            label: name,
            class: MechanismClass::Unclassified,
            kb_id: None,
            used_in_calls: false,
            effect: effect.into(),
            implication: String::new(),
            vaf,
        });
    }

    /// KB-matched small variants enter the matrix, except those read through a compound.
    fn small_variants(
        &mut self,
        findings: &[Finding],
        in_cis: &[&CompoundReading],
        kb: &KnowledgeBase,
    ) {
        let consumed: BTreeSet<&str> = in_cis
            .iter()
            .flat_map(|c| c.components.iter().map(String::as_str))
            .collect();
        for f in findings {
            let name = label(f);
            match &f.kb {
                Some(m) => {
                    let used = has_calls(m) && !consumed.contains(name.as_str());
                    let effect = if consumed.contains(name.as_str()) {
                        PART_OF_COMPOUND.to_string()
                    } else {
                        kb_effect(m)
                    };
                    self.add_matched((name, f.vaf), m, used, effect, kb);
                }
                None => self.add_unmatched(
                    (name, f.vaf),
                    "not in the knowledge base: no evidence for or against any TKI",
                ),
            }
        }
    }

    /// Two mutations in cis with a KB compound row: the compound's calls apply.
    fn compounds_in_cis(
        &mut self,
        in_cis: &[&CompoundReading],
        findings: &[Finding],
        kb: &KnowledgeBase,
    ) {
        for c in in_cis {
            if let Some(alteration) = c.kb_id.as_deref().and_then(|id| kb.alteration(id)) {
                let name = format!("{} (in cis)", c.components.join(" + "));
                self.mechanisms.push(Mechanism {
                    label: name.clone(),
                    class: alteration.resistance_class.into(),
                    kb_id: Some(alteration.id.clone()),
                    used_in_calls: true,
                    effect: format!("compound mutation, phased by {}", c.phase_source),
                    implication: alteration.implication.clone(),
                    vaf: None,
                });
                self.units.push(Unit {
                    label: name,
                    kb: kb.kb_match(alteration, "compound"),
                    parts: parts_of(c, findings),
                });
            }
        }
    }

    /// Fusions: the ALK driver itself; what the KB knows of the partner/variant is context.
    fn fusions(&mut self, fusions: &[FusionFinding], kb: &KnowledgeBase) {
        for f in fusions {
            let known = kb.fusion(&f.partner, f.variant.as_deref());
            // Fusion-level calls (e.g. a rare partner with primary crizotinib resistance).
            let fusion_calls = known.and_then(|k| {
                kb.calls
                    .iter()
                    .any(|c| c.alteration == k.id)
                    .then(|| KbMatch {
                        id: k.id.clone(),
                        resistance_class: ResistanceClass::FusionContext,
                        matched_by: "fusion".into(),
                        calls: kb.resolved_calls(&k.id),
                    })
            });
            if let Some(m) = &fusion_calls {
                self.units.push(Unit {
                    label: fusion_label(f),
                    kb: m.clone(),
                    parts: Vec::new(),
                });
            }
            self.mechanisms.push(Mechanism {
                label: fusion_label(f),
                class: MechanismClass::Fusion,
                kb_id: known.map(|k| k.id.clone()),
                used_in_calls: fusion_calls.is_some(),
                effect: if f.kinase_domain_retained == Some(false) {
                    "ALK rearrangement that does not keep the kinase domain: not an ALK driver"
                        .into()
                } else {
                    "the ALK driver: the target of every ALK TKI".into()
                },
                implication: known.map(|k| k.clinical_note.clone()).unwrap_or_else(|| {
                    "partner/variant not in the KB (rare fusion): response data are limited".into()
                }),
                vaf: None,
            });
        }
    }

    /// Gene-level copy-number changes, by their KB row.
    fn copy_number(&mut self, calls: &[CopyNumberFinding], kb: &KnowledgeBase) {
        for c in calls {
            if c.call == CnCall::Neutral {
                continue;
            }
            let name = format!("{} {}", c.gene, c.call.as_str().replace('_', " "));
            let m =
                c.kb.clone()
                    .or_else(|| kb.match_copy_number(&c.gene, c.call));
            match m {
                Some(m) => {
                    let used = has_calls(&m);
                    let effect = kb_effect(&m);
                    self.add_matched((name, None), &m, used, effect, kb);
                }
                None => {
                    self.add_unmatched((name, None), "copy-number change not in the knowledge base")
                }
            }
        }
    }

    /// Histological transformation: TP53 and RB1 both inactivated. A small variant counts
    /// only when the KB reads it as inactivating (matched to a TP53/RB1 row: a truncating
    /// variant, or TP53's somatic protein change, never a germline polymorphism); a
    /// variant of unknown effect does not.
    fn transformation(&mut self, evidence: &SampleEvidence<'_>) {
        let hit = |gene: &str| {
            evidence
                .small_variants
                .iter()
                .any(|f| f.gene == gene && f.kb.is_some())
                || evidence
                    .copy_number
                    .iter()
                    .any(|c| c.gene == gene && cn_inactivates(c))
        };
        if hit("TP53") && hit("RB1") {
            self.mechanisms.push(Mechanism {
            label: "TP53 + RB1 inactivation".into(),
            class: MechanismClass::Transformation,
            kb_id: None,
            used_in_calls: false,
            effect: "marker of small-cell transformation: ALK-independent resistance".into(),
            implication: "consider a biopsy for histology; small-cell transformation is treated with platinum-etoposide regimens".into(),
            vaf: None,
        });
        }
    }
}

/// A copy-number loss that can stand for inactivation: from CNV calls, or from read depth
/// with reads expected there (a depth-based loss with nothing expected is absent reads, not a
/// deletion: the copy-number stage should not emit one, and the verdict never relies on it).
fn cn_inactivates(c: &crate::model::CopyNumberFinding) -> bool {
    c.call.is_loss()
        && (!c.method.starts_with("read depth") || c.expected_depth.is_some_and(|d| d > 0.0))
}

/// The per-drug verdicts: one per ALK TKI of drugs.tsv (class `alk_tki`), then the other
/// drugs of drugs.tsv that have calls for the sample (never matrix columns nor ranked).
/// With a phase-unknown pair that has a KB compound row, the cis reading is computed too
/// and the worse of the two stands.
fn drug_matrix(
    units: &[Unit],
    compounds: &[CompoundReading],
    findings: &[Finding],
    kb: &KnowledgeBase,
) -> (Vec<DrugVerdict>, Vec<DrugVerdict>) {
    let unknown_with_row: Vec<&CompoundReading> = compounds
        .iter()
        .filter(|c| c.phase == Phase::Unknown && c.kb_id.is_some())
        .collect();
    let drug_names: Vec<&str> = kb.drugs.iter().map(|d| d.drug.as_str()).collect();
    // Unknown phase with a KB compound row: compute the cis reading too; the worse stands.
    let cis_units: Option<Vec<Unit>> = (!unknown_with_row.is_empty()).then(|| {
        let mut alt: Vec<Unit> = units
            .iter()
            .filter(|u| {
                !unknown_with_row
                    .iter()
                    .any(|c| c.components.iter().any(|part| part == &u.label))
            })
            .cloned()
            .collect();
        for c in &unknown_with_row {
            if let Some(a) = c.kb_id.as_deref().and_then(|id| kb.alteration(id)) {
                alt.push(Unit {
                    label: format!("{} (if in cis)", c.components.join(" + ")),
                    kb: kb.kb_match(a, "compound"),
                    parts: parts_of(c, findings),
                });
            }
        }
        alt
    });
    let (tkis, others): (Vec<DrugVerdict>, Vec<DrugVerdict>) = drug_names
        .iter()
        .map(|d| {
            let trans = drug_verdict(units, d, kb);
            match &cis_units {
                Some(cis) => worse_of(drug_verdict(cis, d, kb), trans),
                None => trans,
            }
        })
        .partition(|v| kb.drug(&v.drug).is_some_and(|d| d.is_alk_tki()));
    let others = others
        .into_iter()
        .filter(|v| !v.evidence.is_empty())
        .collect();
    (tkis, others)
}

/// Below this allele fraction the summary states a small variant's VAF next to its name.
pub const LOW_VAF: f64 = 0.05;

fn summarize(
    mechanisms: &[Mechanism],
    drugs: &[DrugVerdict],
    strategies: &[StrategyOffer],
    resistance: Option<&model::ResistanceTiming>,
) -> String {
    // Mutations read as part of a compound are named through the compound; a low allele
    // fraction is said with the name.
    let of_class = |class: MechanismClass| -> Vec<String> {
        mechanisms
            .iter()
            .filter(|m| m.class == class && !m.effect.starts_with(PART_OF_COMPOUND))
            .map(|m| match m.vaf {
                Some(vaf) if vaf < LOW_VAF => format!("{} (VAF {:.1}%)", m.label, vaf * 100.0),
                _ => m.label.clone(),
            })
            .collect()
    };
    let mut parts = Vec::new();
    let fusions = of_class(MechanismClass::Fusion);
    if !fusions.is_empty() {
        parts.push(format!("ALK fusion: {}.", fusions.join(", ")));
    }
    let on_target = of_class(MechanismClass::OnTarget);
    if !on_target.is_empty() {
        parts.push(format!(
            "ALK-dependent (on-target) resistance: {}.",
            on_target.join(", ")
        ));
    }
    let bypass = of_class(MechanismClass::Bypass);
    if !bypass.is_empty() {
        parts.push(format!("ALK-independent (bypass): {}.", bypass.join(", ")));
    }
    let transformation = of_class(MechanismClass::Transformation);
    if !transformation.is_empty() {
        parts.push(format!(
            "Transformation markers: {}.",
            transformation.join(", ")
        ));
    }
    let primary = of_class(MechanismClass::PrimaryResistanceFactor);
    if !primary.is_empty() {
        parts.push(format!(
            "Primary-resistance factors: {}.",
            primary.join(", ")
        ));
    }
    if on_target.is_empty() && bypass.is_empty() && transformation.is_empty() {
        parts.push(
            "No resistance alteration with knowledge-base evidence was found in the inputs given."
                .into(),
        );
    }
    if let Some(r) = resistance {
        parts.push(format!("Resistance timing: {} ({}).", r.kind, r.reason));
    }
    // An investigational drug is a trial option, never listed as plainly "sensitive".
    let with = |call: DrugCall| -> Vec<&str> {
        drugs
            .iter()
            .filter(|d| d.call == call && !d.trial_option)
            .map(|d| d.drug.as_str())
            .collect()
    };
    for call in [
        DrugCall::Sensitive,
        DrugCall::Intermediate,
        DrugCall::Resistant,
    ] {
        let names = with(call);
        if !names.is_empty() {
            parts.push(format!(
                "{}: {}.",
                capitalize(call.label()),
                names.join(", ")
            ));
        }
    }
    // Worded once (wording::drug_display), as every renderer shows it. The headline names a
    // trial option only where KB evidence covers the sample's alterations; one without any
    // stays in the drug table, as an approved drug with no known resistance does.
    let trials: Vec<String> = drugs
        .iter()
        .filter(|d| d.trial_option && d.level.is_some())
        .map(|d| {
            format!(
                "{} {}",
                d.drug,
                d.display.trim_start_matches("trial option ")
            )
        })
        .collect();
    if !trials.is_empty() {
        parts.push(format!("Trial options: {}.", trials.join("; ")));
    }
    // The strategies the findings set off (combinations, non-TKI regimens), by status: the
    // answer to "what still works" when every ALK TKI reads resistant.
    let offered: Vec<String> = strategies
        .iter()
        .filter(|s| !s.warning)
        .map(|s| {
            format!(
                "{} ({}, {} evidence)",
                s.strategy,
                s.status.as_str().replace('_', " "),
                s.level.label()
            )
        })
        .collect();
    if !offered.is_empty() {
        parts.push(format!("Strategies to consider: {}.", offered.join("; ")));
    }
    parts.join(" ")
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
