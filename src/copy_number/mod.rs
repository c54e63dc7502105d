//! Copy number: MET/ALK/EGFR/… amplification and TP53/RB1/… loss.

use crate::cli::{CnvArgs, PonArgs};
use crate::error::{Error, Result};

/// `alkres cnv`.
pub fn run(_args: &CnvArgs, _threads: usize) -> Result<()> {
    Err(Error::Usage("alkres cnv: not implemented yet".into()))
}

/// `alkres pon`.
pub fn run_pon(_args: &PonArgs, _threads: usize) -> Result<()> {
    Err(Error::Usage("alkres pon: not implemented yet".into()))
}
