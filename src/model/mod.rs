//! The domain model every layer shares: findings, their KB evidence, and the fixed
//! vocabularies. It depends on nothing else in the crate; detectors produce these types,
//! the KB and the verdict read them, and renderers only render them.

mod consequence;
mod finding;
mod kb_match;
pub mod vocab;

pub use consequence::{ConsequenceTerm, Consequences};
pub use finding::{CopyNumberFinding, Finding, FusionFinding};
pub use kb_match::{CitedCall, KbMatch};
pub use vocab::{
    AlterationKind, Assertion, CivicLevel, CnCall, Consequence, Direction, DrugClass, DrugStatus,
    EvidenceLevel, EvidenceType, KbCall, MatchKind, MechanismClass, Phase, ResistanceClass,
    StrategyStatus, Timing, UnknownValue, Verified,
};

/// Written into every output.
pub const DISCLAIMER: &str =
    "alkres is decision support for qualified professionals, not a prescription; \
every call cites its evidence, which should be read before acting on it.";
