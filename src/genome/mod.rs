//! Genome builds, contig naming and the reference bases the project ships.

mod build;
mod contig;
mod reference;
mod user_reference;

pub use build::{
    detect_build, detect_build_from_lengths, refuse_unsupported_build, unsupported_build_named_in,
    vcf_header_evidence, Build, BuildEvidence,
};
pub use contig::normalize_contig;
pub use reference::{KnownSequence, RefCheck};
pub use user_reference::UserReference;
