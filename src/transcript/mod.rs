//! Transcript models, coordinate mapping, translation, and HGVS naming of consequences.

mod annotation;
pub mod codon;
mod consequence;
mod hgvs;
mod model;
mod set;
mod splice_signal;

pub use annotation::{read_models, AnnotatedModel};
pub use consequence::{annotate_allele, Consequence, SpliceSide, SpliceSite, TranscriptEffect};
pub use hgvs::{CdsPos, ProteinChange};
pub use model::{CdsBounds, CdsStatus, Exon, Location, Strand, Transcript};
pub use set::{TranscriptSet, PANEL_PADDING};
