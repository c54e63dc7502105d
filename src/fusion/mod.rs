//! ALK fusion detection: from alignments, SV calls and RNA fusion callers.

use crate::cli::FusionsArgs;
use crate::error::{Error, Result};

/// `alkres fusions`.
pub fn run(_args: &FusionsArgs, _threads: usize) -> Result<()> {
    Err(Error::Usage("alkres fusions: not implemented yet".into()))
}
