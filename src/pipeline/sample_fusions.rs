//! Fusion evidence for `run`: alignments, SV calls and RNA fusion callers, with the defaults
//! of `alkres fusions`.

use super::sample::{ExtraEvidence, RunOptions, SampleInputs};
use crate::error::Result;
use crate::fusion::bam::{AlkPrescan, Prescanned, ReadFilter};
use crate::fusion::{detect_prescanned, CallRules, FusionInputs, FusionOptions};
use crate::kb::KnowledgeBase;
use crate::model::FusionFinding;
use crate::probe::BuildChoice;

/// The ALK-region scan of `run`'s BAM, to ride along the copy-number pass (same read filter
/// as the fusion stage's defaults, so [`collect`] can use what it read).
pub fn prescan(inputs: &SampleInputs) -> Option<AlkPrescan> {
    let defaults = FusionOptions::default();
    let filter = ReadFilter {
        min_mapq: defaults.min_mapq,
        min_clip: defaults.min_clip,
    };
    let bam = inputs.bam.as_deref()?;
    Some(AlkPrescan::new(bam, inputs.reference.as_deref(), filter))
}

pub fn collect(
    inputs: &SampleInputs,
    options: &RunOptions,
    kb: &KnowledgeBase,
    build: &BuildChoice,
    extra: &mut ExtraEvidence,
    prescanned: Option<Prescanned>,
) -> Result<()> {
    let fusion_inputs = FusionInputs {
        alignments: inputs.bam.iter().cloned().collect(),
        reference: inputs.reference.clone(),
        sv_vcfs: inputs.sv.clone(),
        arriba: inputs.arriba.clone(),
        star_fusion: inputs.star_fusion.clone(),
        sample: Some(inputs.sample.clone()),
        options: FusionOptions {
            include_filtered: options.include_filtered,
            rules: CallRules {
                known_partners: kb.fusions.iter().map(|f| f.partner.clone()).collect(),
                ..CallRules::default()
            },
            ..FusionOptions::default()
        },
    };
    if fusion_inputs.alignments.is_empty()
        && fusion_inputs.sv_vcfs.is_empty()
        && fusion_inputs.arriba.is_empty()
        && fusion_inputs.star_fusion.is_empty()
    {
        return Ok(());
    }
    let prescanned: Vec<_> = prescanned.map(std::sync::Arc::new).into_iter().collect();
    let reports = detect_prescanned(&fusion_inputs, build, options.threads, &prescanned)?;
    for report in reports {
        for input in &report.stats.inputs {
            if let Some(why) = &input.sample_column {
                eprintln!("alkres: {}: {}: {why}", report.sample, input.input);
            }
        }
        for mut fusion in report.fusions {
            if fusion.kb.is_none() {
                fusion.kb = kb.match_fusion(&fusion.partner, fusion.variant.as_deref());
            }
            merge_into(&mut extra.fusions, fusion);
        }
        extra.fusion_candidates.extend(report.candidates);
    }
    // No fusion finding, but a junction with a known partner that keeps the kinase domain
    // (an imprecise EML4-ALK from pairs only, say): the verdict is silent on it, so say so.
    if extra.fusions.is_empty() {
        for c in &extra.fusion_candidates {
            let f = &c.fusion;
            if f.kinase_domain_retained == Some(false)
                || kb.fusion(&f.partner, f.variant.as_deref()).is_none()
            {
                continue;
            }
            eprintln!(
                "alkres: {}: no ALK fusion finding, but {}-ALK{} is a candidate for review \
                 ({} split read(s), {} discordant pair(s), {} clipped; not a finding: {})",
                inputs.sample,
                f.partner,
                f.variant
                    .as_deref()
                    .map(|v| format!(" {v}"))
                    .unwrap_or_default(),
                f.split_reads.unwrap_or(0),
                f.discordant_pairs.unwrap_or(0),
                f.clipped_reads.unwrap_or(0),
                c.not_a_finding_because.join("; ")
            );
        }
    }
    Ok(())
}

/// The same fusion seen by several sources (BAM and an SV caller, say) is one finding: the
/// sources are listed together and each support count is the largest reported.
fn merge_into(fusions: &mut Vec<FusionFinding>, new: FusionFinding) {
    let same = |f: &FusionFinding| {
        f.partner == new.partner
            && f.partner_exon == new.partner_exon
            && f.alk_exon == new.alk_exon
            && f.variant == new.variant
            && f.kinase_domain_retained == new.kinase_domain_retained
    };
    let Some(existing) = fusions.iter_mut().find(|f| same(f)) else {
        fusions.push(new);
        return;
    };
    existing.source = format!("{} + {}", existing.source, new.source);
    let max = |a: Option<u32>, b: Option<u32>| a.max(b);
    existing.split_reads = max(existing.split_reads, new.split_reads);
    existing.discordant_pairs = max(existing.discordant_pairs, new.discordant_pairs);
    existing.clipped_reads = max(existing.clipped_reads, new.clipped_reads);
    existing.fusion_fraction = existing.fusion_fraction.or(new.fusion_fraction);
    existing.in_frame = existing.in_frame.or(new.in_frame);
    existing.partner_breakpoint = existing
        .partner_breakpoint
        .clone()
        .or(new.partner_breakpoint);
    existing.alk_breakpoint = existing.alk_breakpoint.clone().or(new.alk_breakpoint);
    existing
        .notes
        .push(format!("also called by {}", new.source));
    existing.notes.extend(new.notes);
}
