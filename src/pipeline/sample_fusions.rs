//! Fusion evidence for `run`: alignments, SV calls and RNA fusion callers, with the defaults
//! of `alkres fusions`.

use super::sample::{ExtraEvidence, RunOptions, SampleInputs};
use crate::error::Result;
use crate::fusion::{detect, FusionInputs, FusionOptions};
use crate::kb::KnowledgeBase;

pub fn collect(
    inputs: &SampleInputs,
    options: &RunOptions,
    kb: &KnowledgeBase,
    extra: &mut ExtraEvidence,
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
    let build = options.build.or(extra.build);
    for report in detect(&fusion_inputs, build, options.threads)? {
        extra.build = extra.build.or(Some(report.build));
        for mut fusion in report.fusions {
            if fusion.kb.is_none() {
                fusion.kb = kb
                    .fusion(&fusion.partner, fusion.variant.as_deref())
                    .map(|k| crate::kb::KbMatch {
                        id: k.id.clone(),
                        resistance_class: "fusion_context".into(),
                        matched_by: "fusion".into(),
                        calls: kb.resolved_calls(&k.id),
                    });
            }
            extra.fusions.push(fusion);
        }
    }
    Ok(())
}
