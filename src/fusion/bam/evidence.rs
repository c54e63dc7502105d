//! Reads that support a junction, as collected from the ALK region.

use crate::fusion::breakend::{Breakend, Side};

/// A read split between ALK and a partner (primary + supplementary alignments, SA tag).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SplitRead {
    pub alk_pos: u64,
    pub alk_side: Side,
    pub partner: Breakend,
    /// Read-name hash and segment (first/second of pair): one read counts once.
    pub template: u64,
    pub segment: u8,
}

/// A read in ALK whose mate maps to another locus.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PairRead {
    /// The read's end facing the junction, and the ALK side it implies.
    pub alk_pos: u64,
    pub alk_side: Side,
    pub mate_chrom: String,
    pub mate_start: u64,
    /// Mate end from its `MC` tag, else from this read's length.
    pub mate_end: u64,
    pub mate_side: Side,
    pub template: u64,
}

/// A read clipped at a candidate breakpoint, with no alignment for the clipped part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClipRead {
    pub pos: u64,
    pub side: Side,
    pub template: u64,
    pub segment: u8,
}

/// A primary read's reference span, for counting reads across the wild-type breakpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: u64,
    pub end: u64,
    pub template: u64,
}

impl Span {
    /// Covers at least `anchor` bases on both sides of the junction after `gap`.
    pub fn spans(&self, gap: u64, anchor: u64) -> bool {
        self.start + anchor <= gap + 1 && self.end >= gap + anchor
    }
}

/// Everything one region query gave.
#[derive(Debug, Clone, Default)]
pub struct RegionEvidence {
    pub splits: Vec<SplitRead>,
    pub pairs: Vec<PairRead>,
    pub clips: Vec<ClipRead>,
    pub spans: Vec<Span>,
}
