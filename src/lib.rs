//! alkres: explain resistance in ALK-positive lung cancer from sequencing output.
//!
//! The layers and the data flow are described in `docs/architecture.md`: the domain
//! [`model`] at the bottom, readers ([`io`], [`alignments`]) and the run's settled inputs
//! ([`probe`]), detectors ([`detect`], [`fusion`], [`copy_number`]), the knowledge base
//! ([`kb`]), the [`verdict`], renderers ([`report`]), workflows ([`annotate`], [`pipeline`])
//! and the command line ([`cli`], [`commands`]).
//!
//! # Library use
//!
//! Load a KB, annotate a VCF, decide a verdict:
//!
//! ```no_run
//! use alkres::annotate::{annotate_vcf, AnnotateConfig};
//! use alkres::verdict::{decide, SampleEvidence};
//!
//! # fn main() -> alkres::error::Result<()> {
//! let kb = alkres::kb::load(None)?; // or Some(path) for a `--kb` folder
//! let config = AnnotateConfig::new("patient.vcf.gz", "out");
//! let annotated = annotate_vcf(&config, &kb)?;
//! for sample in &annotated.samples {
//!     let verdict = decide(
//!         SampleEvidence {
//!             small_variants: &sample.findings,
//!             ..SampleEvidence::default()
//!         },
//!         &kb,
//!     );
//!     println!("{}: {}", sample.sample, verdict.summary);
//! }
//! # Ok(())
//! # }
//! ```

pub mod alignments;
pub mod allele;
pub mod annotate;
pub mod cli;
pub mod commands;
pub mod copy_number;
pub mod detect;
pub mod error;
pub mod fusion;
pub mod genome;
pub mod io;
pub mod kb;
pub mod model;
pub(crate) mod panel;
pub mod pipeline;
pub mod probe;
pub mod report;
pub(crate) mod resources;
pub(crate) mod timeline;
pub mod transcript;
pub mod verdict;
