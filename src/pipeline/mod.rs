//! One command per sample (`run`), many samples from a sample sheet (`batch`), and
//! regression checks of outputs (`check`).

pub mod batch;
pub(crate) mod check;
mod sample;
mod sample_evidence;
mod sample_fusions;

pub use sample::{run_sample, RunOptions, SampleInputs};
