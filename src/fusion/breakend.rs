//! Breakends and the candidate rearrangements every evidence source produces.
//!
//! A breakend is a genomic position plus the side of it that the rearranged molecule keeps.
//! `Side::Left` keeps the bases at and before `pos` and joins the partner after it (BEDPE `+`,
//! VCF `t[p[` / `t]p]`, DELLY `3'`); `Side::Right` keeps the bases at and after `pos` and joins
//! the partner before it (BEDPE `-`, VCF `]p]t` / `[p[t`, DELLY `5'`).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// Bases ≤ `pos` kept; the junction follows `pos`.
    Left,
    /// Bases ≥ `pos` kept; the junction precedes `pos`.
    Right,
}

impl Side {
    /// From a BEDPE/LUMPY strand character (`+` keeps the left side).
    pub fn from_strand(c: char) -> Option<Side> {
        match c {
            '+' => Some(Side::Left),
            '-' => Some(Side::Right),
            _ => None,
        }
    }

    pub fn strand_char(self) -> char {
        match self {
            Side::Left => '+',
            Side::Right => '-',
        }
    }
}

/// One end of a rearrangement. `chrom` is spelled as in the input (`chr2` or `2`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Breakend {
    pub chrom: String,
    /// 1-based position of the last kept base next to the junction.
    pub pos: u64,
    pub side: Side,
}

impl Breakend {
    pub fn new(chrom: impl Into<String>, pos: u64, side: Side) -> Self {
        Breakend {
            chrom: chrom.into(),
            pos,
            side,
        }
    }
}

impl fmt::Display for Breakend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.chrom, self.pos)
    }
}

/// What kind of position a source reports: a genomic breakpoint (DNA: usually intronic) or
/// an exon-exon junction of a fusion transcript (RNA callers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JunctionKind {
    Genomic,
    Transcript,
}

/// Read support of a candidate, as the source counted it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Support {
    pub split_reads: Option<u32>,
    pub discordant_pairs: Option<u32>,
    pub clipped_reads: Option<u32>,
    pub fusion_fraction: Option<f64>,
}

/// A rearrangement with one breakend in ALK, before naming.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub alk: Breakend,
    pub partner: Breakend,
    pub kind: JunctionKind,
    pub support: Support,
    /// `BAM`, `Manta`, `GRIDSS`, `DELLY`, `LUMPY`, `Arriba`, `STAR-Fusion`, …
    pub source: String,
    /// Partner gene as the caller named it (used when the transcript table has no gene there).
    pub partner_gene_hint: Option<String>,
    /// Reading frame as the caller reported it (`in-frame`, `out-of-frame`, …).
    pub frame_hint: Option<String>,
    /// What the source itself says against the record (Arriba confidence `low`, an SV record
    /// whose FILTER is not PASS): each keeps it a candidate ([`crate::fusion::call`]).
    pub doubts: Vec<String>,
    pub notes: Vec<String>,
}
