//! The knowledge base: alterations, per-drug calls with evidence and citations (data in
//! resources/kb/, embedded at build time; see resources/README.md).

mod model;
mod validate;

pub use model::{
    Alteration, Call, Citation, Drug, DrugCall, FusionKnowledge, KbMatch, KbTables, KnowledgeBase,
};
pub use validate::{validate, validate_review};
