//! The knowledge base: alterations, per-drug calls with evidence and citations (data in
//! resources/kb/, embedded at build time; see resources/README.md).

mod model;
mod strategy;
mod validate;
mod validate_citations;
mod validate_evidence;

pub use model::{Alteration, Call, Citation, Drug, FusionKnowledge, KbTables, KnowledgeBase};
pub use strategy::{Strategy, Trigger, PHENOTYPES};
pub use validate::{validate, validate_review};
pub use validate_evidence::warnings as validate_warnings;

use std::path::Path;

use crate::error::Result;

/// The shipped KB, extended by a `--kb` folder when given. Every table is read with its
/// vocabularies checked: an unknown value fails here (exit 5), naming the file, line,
/// column and the allowed values.
pub fn load(dir: Option<&Path>) -> Result<KnowledgeBase> {
    let mut kb = KnowledgeBase::shipped()?;
    if let Some(dir) = dir {
        kb.extend_from_dir(dir)?;
    }
    Ok(kb)
}
pub use crate::model::{CitedCall, KbMatch};
