//! Pairs of ALK mutations: phase (VCF GT/PS, or read-backed from the BAM) and the KB
//! compound row that applies when they are in cis.

use super::model::CompoundReading;
use crate::kb::{Alteration, KnowledgeBase};
use crate::model::{AlterationKind, Finding, Phase};

/// Read-backed phase of two mutations (from `alkres` BAM phasing), by short names.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseEvidence {
    pub first: String,
    pub second: String,
    pub phase: Phase,
    /// Counts behind the call, for the report.
    pub detail: String,
}

/// The KB compound row made of exactly these single alterations, if any.
pub fn compound_row<'k>(
    kb: &'k KnowledgeBase,
    gene: &str,
    a: &str,
    b: &str,
) -> Option<&'k Alteration> {
    kb.alterations.iter().find(|alt| {
        alt.kind == AlterationKind::Compound && alt.gene.eq_ignore_ascii_case(gene) && {
            let parts: Vec<&str> = alt.protein_short.split('+').collect();
            parts.len() == 2 && parts.contains(&a) && parts.contains(&b)
        }
    })
}

/// Phase from the VCF: both phased in one phase set → cis if they share a haplotype, else
/// trans. Anything less is unknown.
fn vcf_phase(a: &Finding, b: &Finding) -> Option<Phase> {
    if !(a.phased && b.phased) || a.phase_set.is_none() || a.phase_set != b.phase_set {
        return None;
    }
    Some(if a.haplotypes.iter().any(|h| b.haplotypes.contains(h)) {
        Phase::Cis
    } else {
        Phase::Trans
    })
}

/// Every pair of on-target ALK findings (with a KB single row), with its phase.
pub fn readings(
    findings: &[&Finding],
    bam_phase: &[PhaseEvidence],
    kb: &KnowledgeBase,
) -> Vec<CompoundReading> {
    let mut out = Vec::new();
    for (i, a) in findings.iter().enumerate() {
        for b in &findings[i + 1..] {
            let (Some(sa), Some(sb)) = (a.protein_short.as_deref(), b.protein_short.as_deref())
            else {
                continue;
            };
            let from_bam = bam_phase
                .iter()
                .find(|p| (p.first == sa && p.second == sb) || (p.first == sb && p.second == sa));
            let (phase, source, detail) = match (from_bam, vcf_phase(a, b)) {
                (Some(p), _) if p.phase != Phase::Unknown => {
                    (p.phase, "BAM read-backed", Some(p.detail.clone()))
                }
                (_, Some(phase)) => (phase, "VCF GT/PS", a.phase_set.map(|ps| format!("PS={ps}"))),
                (Some(p), None) => (Phase::Unknown, "BAM read-backed", Some(p.detail.clone())),
                (None, None) => (Phase::Unknown, "none", None),
            };
            let row = compound_row(kb, &a.gene, sa, sb);
            let note = match (phase, row) {
                (Phase::Cis, Some(r)) => format!("in cis: the compound row {} applies", r.id),
                (Phase::Cis, None) => {
                    "in cis, but the KB has no row for this compound: the single rows are used"
                        .into()
                }
                (Phase::Trans, _) => "in trans: each mutation is read on its own".into(),
                (_, Some(r)) => format!(
                    "phase unknown: both readings shown (in cis {}; in trans the single rows)",
                    r.id
                ),
                _ => {
                    "phase unknown; the KB has no compound row, so the single rows are used".into()
                }
            };
            out.push(CompoundReading {
                components: vec![format!("{} {sa}", a.gene), format!("{} {sb}", b.gene)],
                phase,
                phase_source: source.to_string(),
                phase_detail: detail,
                kb_id: row.map(|r| r.id.clone()),
                note,
            });
        }
    }
    out
}
