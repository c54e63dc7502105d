//! The junction-sequence check: a read clipped at a breakpoint supports the junction only when
//! its clipped bases are the other breakend's sequence, read across the junction. Adapter
//! read-through, low-quality tails and reads from a diverged copy are clipped too, but their
//! clips are not the partner's bases: one clip in ~10^8 random 16-mers passes.
//!
//! The other breakend's sequence comes from the reads aligned there (a [`Pileup`]), so no
//! reference FASTA is needed.

use crate::fusion::breakend::Side;

use super::evidence::{ClipRead, Pileup};

/// Fewest clipped bases compared with known reference bases for a verdict.
pub const MIN_COMPARED: usize = 16;
/// One mismatch allowed per this many compared bases (sequencing errors at read ends).
const BASES_PER_MISMATCH: usize = 16;
/// Bases both sides of a junction may share (microhomology): split reads then align them to
/// both sides, so the breakpoints include them and a clip starts that many bases past the
/// other side's breakpoint.
const MAX_MICROHOMOLOGY: i64 = 5;

/// One breakend as the check needs it: last kept base and kept side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct End {
    pub pos: u64,
    pub side: Side,
}

/// The other breakend's base `t` bases past the junction, in the clipped read's orientation
/// (the reference plus strand of its own breakend): its position there and whether it reads
/// complemented (an inversion-type join, both ends keeping the same side).
fn other_base(own: End, other: End, t: u64) -> Option<(u64, bool)> {
    let pos = match other.side {
        Side::Left => other.pos.checked_sub(t)?,
        Side::Right => other.pos + t,
    };
    Some((pos, own.side == other.side))
}

/// Clipped bases compared and mismatches found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Comparison {
    pub compared: usize,
    pub mismatches: usize,
}

impl Comparison {
    /// Enough bases compared, at most one mismatch per [`BASES_PER_MISMATCH`].
    pub fn matches(&self) -> bool {
        self.compared >= MIN_COMPARED && self.mismatches <= self.compared / BASES_PER_MISMATCH
    }
}

/// Compare `clip` (clipped at `own`, within a few bases of it) with the sequence `other` shows
/// past the junction, the best of the microhomology shifts 0-5. A read aligned a few bases
/// past `own` starts that many bases into the other side; one that stops short has that many
/// of its own bases clipped, which are skipped.
pub fn compare(clip: &ClipRead, own: End, other: End, other_seq: &Pileup) -> Comparison {
    let past = match own.side {
        Side::Left => clip.pos as i64 - own.pos as i64,
        Side::Right => own.pos as i64 - clip.pos as i64,
    };
    (0..=MAX_MICROHOMOLOGY)
        .map(|shared| compare_at(clip, own, other, other_seq, past + shared))
        .max_by_key(|c| {
            (
                c.matches(),
                c.compared.saturating_sub(c.mismatches * BASES_PER_MISMATCH),
            )
        })
        .unwrap_or_default()
}

/// The comparison with the clip's first base `past` bases past the other side's breakpoint.
fn compare_at(clip: &ClipRead, own: End, other: End, other_seq: &Pileup, past: i64) -> Comparison {
    let mut out = Comparison::default();
    for (i, &base) in clip.bases.iter().enumerate() {
        let t = i as i64 + past;
        if t < 0 || base > 3 {
            continue;
        }
        let Some((pos, complement)) = other_base(own, other, t as u64) else {
            break;
        };
        let Some(expected) = other_seq.consensus(pos) else {
            continue;
        };
        let expected = if complement { 3 - expected } else { expected };
        out.compared += 1;
        out.mismatches += usize::from(expected != base);
    }
    out
}

/// A/C/G/T as 0-3 from BAM's 4-bit code (1, 2, 4, 8); anything else 4.
pub fn base_code(nt16: u8) -> u8 {
    match nt16 {
        1 => 0,
        2 => 1,
        4 => 2,
        8 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACGT: &[u8] = b"ACGT";

    fn code(s: &str) -> Vec<u8> {
        s.bytes()
            .map(|b| ACGT.iter().position(|&a| a == b).map_or(4, |i| i as u8))
            .collect()
    }

    /// Pileup of `seq` starting at `start`, as `depth` reads would show it.
    fn pileup(start: u64, seq: &str, depth: usize) -> Pileup {
        let mut p = Pileup::new(start, start + seq.len() as u64 - 1);
        for (i, b) in code(seq).into_iter().enumerate() {
            for _ in 0..depth {
                p.add(start + i as u64, b);
            }
        }
        p
    }

    fn revcomp(s: &str) -> String {
        String::from_utf8(crate::transcript::codon::reverse_complement(s.as_bytes())).unwrap()
    }

    fn end(pos: u64, side: Side) -> End {
        End { pos, side }
    }

    const PARTNER: &str = "GATTACAGGCTTACCGATCGGATCCTAGGCATGCAAGTTCAGGTACCATG";

    fn clip(pos: u64, side: Side, bases: &str) -> ClipRead {
        ClipRead {
            pos,
            side,
            template: 1,
            segment: 1,
            bases: code(bases),
        }
    }

    /// ALK kept up to 1000, joined to the partner's bases from 5000 on (same strand): the
    /// clip is the partner sequence itself; an adapter clip is not.
    #[test]
    fn a_clip_matches_the_partner_sequence_past_the_junction() {
        let partner = pileup(5000, PARTNER, 3);
        let own = end(1000, Side::Left);
        let other = end(5000, Side::Right);
        let c = compare(
            &clip(1000, Side::Left, &PARTNER[..30]),
            own,
            other,
            &partner,
        );
        assert_eq!((c.compared, c.mismatches), (30, 0));
        assert!(c.matches());
        let adapter = clip(1000, Side::Left, "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA");
        assert!(!compare(&adapter, own, other, &partner).matches());
        // one sequencing error in 30 bases passes, three do not
        let mut one = code(&PARTNER[..30]);
        one[7] = (one[7] + 1) % 4;
        let read = ClipRead {
            bases: one.clone(),
            ..clip(1000, Side::Left, "")
        };
        assert!(compare(&read, own, other, &partner).matches());
        one[12] = (one[12] + 1) % 4;
        one[20] = (one[20] + 1) % 4;
        let read = ClipRead {
            bases: one,
            ..clip(1000, Side::Left, "")
        };
        assert!(!compare(&read, own, other, &partner).matches());
        // too short a clip says nothing
        let short = clip(1000, Side::Left, &PARTNER[..12]);
        assert!(!compare(&short, own, other, &partner).matches());
    }

    /// Inversion-type join (both ends keep their left side, EML4-ALK on chr2): past the
    /// junction the read shows the partner's bases before its breakpoint, complemented.
    #[test]
    fn an_inversion_join_reads_the_partner_reverse_complemented() {
        let partner = pileup(4951, PARTNER, 2); // PARTNER ends at 5000
        let own = end(1000, Side::Left);
        let other = end(5000, Side::Left);
        let junction_bases = revcomp(PARTNER);
        let c = compare(
            &clip(1000, Side::Left, &junction_bases[..25]),
            own,
            other,
            &partner,
        );
        assert_eq!((c.compared, c.mismatches), (25, 0));
        // the same bases not complemented do not match
        let wrong = clip(1000, Side::Left, &PARTNER[25..]);
        assert!(!compare(&wrong, own, other, &partner).matches());
        // a leading clip (ALK keeps the right side): bases nearest the junction first
        let own = end(1000, Side::Right);
        let other = end(5000, Side::Right);
        let partner = pileup(5000, PARTNER, 2);
        let junction: String = revcomp(&PARTNER[..20]).chars().rev().collect();
        let c = compare(&clip(1000, Side::Right, &junction), own, other, &partner);
        assert_eq!((c.compared, c.mismatches), (20, 0));
        assert!(!compare(
            &clip(1000, Side::Right, &PARTNER[..20]),
            own,
            other,
            &partner
        )
        .matches());
    }

    /// A read aligned 2 bases past the breakpoint (microhomology) starts 2 bases into the
    /// partner; one that stops 3 short clips 3 of its own bases first.
    #[test]
    fn clips_a_few_bases_off_the_breakpoint_are_shifted() {
        let partner = pileup(5000, PARTNER, 2);
        let own = end(1000, Side::Left);
        let other = end(5000, Side::Right);
        let past = clip(1002, Side::Left, &PARTNER[2..32]);
        assert_eq!(compare(&past, own, other, &partner).mismatches, 0);
        let short = clip(997, Side::Left, &format!("TTT{}", &PARTNER[..27]));
        let c = compare(&short, own, other, &partner);
        assert_eq!((c.compared, c.mismatches), (27, 0));
        // one base shared by both sides: the split reads' breakpoints both include it, so a
        // read clipped there shows the partner from its second base on
        let shared = clip(1000, Side::Left, &PARTNER[1..31]);
        assert!(compare(&shared, own, other, &partner).matches());
        // but not from further on than microhomology goes
        let far = clip(1000, Side::Left, &PARTNER[9..39]);
        assert!(!compare(&far, own, other, &partner).matches());
    }

    /// Positions the reads disagree on, or never covered, are not compared.
    #[test]
    fn unknown_reference_bases_are_skipped() {
        let mut p = Pileup::new(5000, 5049);
        p.add(5000, 0);
        p.add(5001, 1);
        p.add(5001, 2);
        assert_eq!(p.consensus(5000), Some(0));
        assert_eq!(p.consensus(5001), None);
        assert_eq!(p.consensus(5002), None);
        assert_eq!(p.consensus(4999), None);
        assert_eq!(p.consensus(6000), None);
        let own = end(1000, Side::Left);
        let other = end(5000, Side::Right);
        let c = compare(&clip(1000, Side::Left, "ACGTACGTAC"), own, other, &p);
        assert_eq!(
            c,
            Comparison {
                compared: 1,
                mismatches: 0
            }
        );
        assert!(!c.matches());
        assert_eq!([base_code(1), base_code(8), base_code(15)], [0, 3, 4]);
    }
}
