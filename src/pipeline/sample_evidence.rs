//! The detectors beyond the small-variant VCF: fusions (BAM, SV VCF, RNA callers), copy
//! number (BAM depth, CNVkit, CNV VCF), read-backed phasing of ALK mutation pairs.

use super::sample::{ExtraEvidence, RunOptions, SampleInputs};
use crate::error::{Error, Result};
use crate::kb::KnowledgeBase;

pub fn collect(
    inputs: &SampleInputs,
    _options: &RunOptions,
    _kb: &KnowledgeBase,
) -> Result<ExtraEvidence> {
    let needs_detectors = inputs.bam.is_some()
        || !inputs.sv.is_empty()
        || !inputs.cnv.is_empty()
        || !inputs.arriba.is_empty()
        || !inputs.star_fusion.is_empty();
    if needs_detectors {
        return Err(Error::Usage(format!(
            "sample {}: BAM, SV, CNV and fusion-caller inputs are not wired into `run` yet",
            inputs.sample
        )));
    }
    Ok(ExtraEvidence::default())
}
