//! Genome builds, contig naming and the reference bases the project ships.

mod build;
mod contig;
mod reference;
mod user_reference;

pub use build::{detect_build, vcf_header_evidence, Build, BuildEvidence};
pub use contig::normalize_contig;
pub use reference::{KnownSequence, RefCheck};
pub use user_reference::UserReference;
