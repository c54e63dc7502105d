//! What one alignment record says about a junction: its reference span, clips, the read
//! interval it covers, and its supplementary (SA) alignments.
//!
//! Spliced alignments (`N`) consume the reference like deletions: they lengthen the span but
//! never make a breakpoint; only clips and SA alignments do.

use crate::fusion::breakend::Side;

/// BAM CIGAR operation codes.
const MATCH: u32 = 0;
const INS: u32 = 1;
const DEL: u32 = 2;
const SKIP: u32 = 3;
const SOFT: u32 = 4;
const HARD: u32 = 5;
const EQUAL: u32 = 7;
const DIFF: u32 = 8;

/// One alignment's geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// 1-based first and last reference base covered (N and D included).
    pub start: u64,
    pub end: u64,
    pub lead_clip: u32,
    pub trail_clip: u32,
    /// Read bases aligned (M, I, =, X).
    pub aligned: u32,
    pub reverse: bool,
}

impl Geometry {
    /// From `(op, len)` pairs and the 1-based start.
    pub fn from_ops(start: u64, reverse: bool, ops: impl Iterator<Item = (u32, u32)>) -> Self {
        let (mut lead, mut trail, mut ref_len, mut aligned) = (0, 0, 0u64, 0);
        let mut seen_body = false;
        for (op, len) in ops {
            match op {
                SOFT | HARD if !seen_body => lead += len,
                SOFT | HARD => trail += len,
                _ => {
                    seen_body = true;
                    trail = 0;
                    if matches!(op, MATCH | DEL | SKIP | EQUAL | DIFF) {
                        ref_len += u64::from(len);
                    }
                    if matches!(op, MATCH | INS | EQUAL | DIFF) {
                        aligned += len;
                    }
                }
            }
        }
        Geometry {
            start,
            end: start + ref_len.max(1) - 1,
            lead_clip: lead,
            trail_clip: trail,
            aligned,
            reverse,
        }
    }

    /// From a BAM record's raw CIGAR (`len << 4 | op`).
    pub fn from_raw(pos0: i64, reverse: bool, raw: &[u32]) -> Self {
        Geometry::from_ops(
            pos0.max(0) as u64 + 1,
            reverse,
            raw.iter().map(|&c| (c & 0xf, c >> 4)),
        )
    }

    /// From CIGAR text (`60M40S`), as in an SA tag.
    pub fn from_text(start: u64, reverse: bool, cigar: &str) -> Option<Self> {
        let mut ops = Vec::new();
        let mut len = 0u32;
        for b in cigar.bytes() {
            if b.is_ascii_digit() {
                len = len.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
                continue;
            }
            let op = match b {
                b'M' => MATCH,
                b'I' => INS,
                b'D' => DEL,
                b'N' => SKIP,
                b'S' => SOFT,
                b'H' => HARD,
                b'P' => 6,
                b'=' => EQUAL,
                b'X' => DIFF,
                _ => return None,
            };
            ops.push((op, len));
            len = 0;
        }
        (!ops.is_empty()).then(|| Geometry::from_ops(start, reverse, ops.into_iter()))
    }

    /// Read length including clips.
    pub fn read_len(&self) -> u32 {
        self.lead_clip + self.aligned + self.trail_clip
    }

    /// The interval of the original read (sequencing orientation) this alignment covers.
    pub fn read_interval(&self) -> (u32, u32) {
        let before = if self.reverse {
            self.trail_clip
        } else {
            self.lead_clip
        };
        (before, before + self.aligned)
    }

    /// Junction at a clip of at least `min_clip` bases (the larger clip if both are).
    pub fn clip_junction(&self, min_clip: u32) -> Option<(u64, Side)> {
        if self.trail_clip >= min_clip && self.trail_clip >= self.lead_clip {
            Some((self.end, Side::Left))
        } else if self.lead_clip >= min_clip {
            Some((self.start, Side::Right))
        } else {
            None
        }
    }

    /// Junction at the end of this alignment that faces the read's 3' end (`toward_3p`) or
    /// its 5' end.
    pub fn read_end_junction(&self, toward_3p: bool) -> (u64, Side) {
        // A forward alignment meets the read's 3' end at its reference end.
        if toward_3p != self.reverse {
            (self.end, Side::Left)
        } else {
            (self.start, Side::Right)
        }
    }
}

/// One entry of an `SA:Z` tag: `chrom,pos,strand,CIGAR,mapq,NM;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaEntry {
    pub chrom: String,
    pub geometry: Geometry,
    pub mapq: u8,
}

pub fn parse_sa(text: &str) -> Vec<SaEntry> {
    text.split(';')
        .filter_map(|entry| {
            let mut f = entry.split(',');
            let chrom = f.next()?.to_string();
            let pos: u64 = f.next()?.parse().ok()?;
            let reverse = f.next()? == "-";
            let geometry = Geometry::from_text(pos, reverse, f.next()?)?;
            let mapq = f.next()?.parse().ok()?;
            Some(SaEntry {
                chrom,
                geometry,
                mapq,
            })
        })
        .collect()
}

/// The junction between two pieces of one read: `(local, remote)` as (pos, side) each, from
/// which piece comes first in the read. `None` when the pieces overlap too much in the read,
/// or leave more than a few read bases between them unaligned: an inserted sequence (an RNA
/// read's skipped exon, say EML4 exon 6/6b between exon 5 and ALK exon 20) means the two
/// alignment ends are not the junction.
pub fn split_junction(local: &Geometry, remote: &Geometry) -> Option<((u64, Side), (u64, Side))> {
    let (ls, le) = local.read_interval();
    let (rs, re) = remote.read_interval();
    const SLACK: u32 = 10;
    if le <= rs + SLACK && ls < rs && rs <= le + SLACK {
        // local piece first: the junction is at its 3'-facing end and the remote's 5' end
        Some((
            local.read_end_junction(true),
            remote.read_end_junction(false),
        ))
    } else if re <= ls + SLACK && rs < ls && ls <= re + SLACK {
        Some((
            local.read_end_junction(false),
            remote.read_end_junction(true),
        ))
    } else {
        None
    }
}

/// FNV-1a of a read name: a compact, deterministic template identity.
pub fn name_hash(name: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in name {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spliced_alignments_span_but_do_not_clip() {
        let g = Geometry::from_text(1000, false, "50M2000N50M").unwrap();
        assert_eq!((g.start, g.end), (1000, 3099));
        assert_eq!(g.clip_junction(10), None);
        let g = Geometry::from_text(1000, false, "60M40S").unwrap();
        assert_eq!(g.clip_junction(10), Some((1059, Side::Left)));
        let g = Geometry::from_text(1000, true, "5H35S60M").unwrap();
        assert_eq!(g.clip_junction(10), Some((1000, Side::Right)));
        assert_eq!(g.read_len(), 100);
    }

    /// EML4-ALK V1 style read: 60 bases on EML4 (+) up to the junction, then 40 bases of ALK
    /// read on the minus strand.
    #[test]
    fn split_pieces_give_both_breakends() {
        let eml4 = Geometry::from_text(42295457, false, "60M40S").unwrap();
        let alk = Geometry::from_text(29224000 - 39, true, "40M60S").unwrap();
        let (a, b) = split_junction(&alk, &eml4).unwrap();
        assert_eq!(a, (29224000, Side::Left));
        assert_eq!(b, (42295516, Side::Left));
        let sa = parse_sa("chr2,42295457,+,60M40S,60,0;chr9,5,-,10M90S,3,1;");
        assert_eq!(sa.len(), 2);
        assert_eq!(sa[0].geometry, eml4);
        assert_eq!(sa[1].mapq, 3);
    }

    /// 50 bases of EML4 exon 5, 40 unaligned bases (exon 6 + 6b), 60 bases of ALK exon 20:
    /// the alignment ends are not a junction.
    #[test]
    fn unaligned_read_bases_between_pieces_are_no_junction() {
        let eml4 = Geometry::from_text(1000, false, "50M100S").unwrap();
        let alk = Geometry::from_text(5000, false, "90S60M").unwrap();
        assert_eq!(split_junction(&alk, &eml4), None);
        let alk = Geometry::from_text(5000, false, "55S95M").unwrap();
        assert!(split_junction(&alk, &eml4).is_some());
    }
}
