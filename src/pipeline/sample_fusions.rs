//! Fusion evidence for `run`: alignments, SV calls and RNA fusion callers.

use super::sample::{ExtraEvidence, RunOptions, SampleInputs};
use crate::error::{Error, Result};
use crate::kb::KnowledgeBase;

pub fn collect(
    inputs: &SampleInputs,
    _options: &RunOptions,
    _kb: &KnowledgeBase,
    _extra: &mut ExtraEvidence,
) -> Result<()> {
    if inputs.bam.is_some()
        || !inputs.sv.is_empty()
        || !inputs.arriba.is_empty()
        || !inputs.star_fusion.is_empty()
    {
        // Filled in when the fusion detector's library API lands.
        return Err(Error::Usage(
            "fusion inputs are not wired into `run` yet".into(),
        ));
    }
    Ok(())
}
