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
    /// The ALK piece has MAPQ ≥ the filter's minimum. When not (ALK sequence a paralog or
    /// repeat copy also has), the partner piece is unique and the read counts only as a
    /// junction-sequence read, never as a split read ([`crate::fusion::call`]).
    pub alk_unique: bool,
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClipRead {
    pub pos: u64,
    pub side: Side,
    pub template: u64,
    pub segment: u8,
    /// The soft-clipped bases (A/C/G/T as 0-3, 4 for N or a low base quality), nearest the
    /// junction first, as the alignment reads them (reference plus strand); at most
    /// [`CLIP_BASES`]. Empty for a hard clip.
    pub bases: Vec<u8>,
}

/// Clipped bases kept per read for the junction-sequence check.
pub const CLIP_BASES: usize = 50;

/// Base counts per reference position of one queried region: the local reference sequence
/// as the reads show it (no FASTA needed), for the junction-sequence check.
#[derive(Debug, Clone, Default)]
pub struct Pileup {
    /// 1-based position of `counts[0]`.
    pub start: u64,
    pub counts: Vec<[u16; 4]>,
}

impl Pileup {
    pub fn new(start: u64, end: u64) -> Self {
        Pileup {
            start,
            counts: vec![[0; 4]; (end + 1).saturating_sub(start) as usize],
        }
    }

    /// Count `base` (0-3) at `pos`; positions outside the region are ignored.
    pub fn add(&mut self, pos: u64, base: u8) {
        if let (Some(i), true) = (pos.checked_sub(self.start), base < 4) {
            if let Some(c) = self.counts.get_mut(i as usize) {
                c[base as usize] = c[base as usize].saturating_add(1);
            }
        }
    }

    /// The base at `pos` when at least 70 % of the reads there agree on it.
    pub fn consensus(&self, pos: u64) -> Option<u8> {
        let c = self.counts.get(pos.checked_sub(self.start)? as usize)?;
        let total: u32 = c.iter().map(|&n| u32::from(n)).sum();
        let (best, n) = (0..4u8)
            .map(|b| (b, c[b as usize]))
            .max_by_key(|&(_, n)| n)?;
        (n > 0 && u32::from(n) * 10 >= total * 7).then_some(best)
    }
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
    /// The region's reference sequence as its reads show it.
    pub pileup: Pileup,
}
