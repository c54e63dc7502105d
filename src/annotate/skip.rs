//! The streaming scan's fast path (issue 15): a record line outside the panel is recognised
//! from its CHROM and POS bytes alone, in the reader's buffer: no copy, no UTF-8 check of the
//! line, no allocation, no hashing while the contig stays the same.
//!
//! It skips exactly the lines the full path would only count as "outside the panel" (valid
//! CHROM/POS/third column, declared contig, no region containing POS); every other line
//! (another contig, a malformed one, one in the panel) is declined and goes to the full path,
//! which errors or annotates as before. So counts and outputs do not change.

use std::collections::HashSet;

use crate::io::block_lines::{scan_block, BlockLines, BlockScan};
use crate::panel::Panel;

/// The skip run on each BGZF block by the pool thread that inflates it: the reading
/// thread then sees only the block-edge lines and the kept ones (issue 15).
pub struct PanelSkipScan {
    panel: Panel,
    declared: HashSet<String>,
}

impl PanelSkipScan {
    pub fn new(panel: Panel, declared: HashSet<String>) -> Self {
        PanelSkipScan { panel, declared }
    }
}

impl BlockScan for PanelSkipScan {
    fn scan(&self, data: &[u8]) -> BlockLines {
        // A fresh skip per block: its state is a cache, so decisions are the same.
        let mut skip = OutsidePanelSkip::new(&self.panel, &self.declared);
        scan_block(data, &mut |line| skip.skips(line))
    }
}

pub struct OutsidePanelSkip<'a> {
    panel: &'a Panel,
    /// The header's ##contig names (empty: any contig is accepted).
    declared: &'a HashSet<String>,
    /// `CHROM\t` of the contig being skipped on (declared, checked once), empty before.
    prefix: Vec<u8>,
    /// Its first 8 bytes as a little-endian word, and the mask of the bytes it has.
    word: u64,
    mask: u64,
    /// That contig's panel regions (sorted, non-overlapping).
    regions: &'a [(u64, u64)],
    /// Positions `gap.0 <= pos < gap.1` known to be between (or outside) the regions:
    /// sorted input stays in one gap for thousands of records.
    gap: (u64, u64),
    /// How many decimal digits `gap.0` and `gap.1` have.
    gap_digits: (u32, u32),
}

impl<'a> OutsidePanelSkip<'a> {
    pub fn new(panel: &'a Panel, declared: &'a HashSet<String>) -> Self {
        OutsidePanelSkip {
            panel,
            declared,
            prefix: Vec::new(),
            word: 0,
            mask: 0,
            regions: &[],
            gap: (0, 0),
            gap_digits: (0, 0),
        }
    }

    /// Whether `line` (a record line, no newline) is outside the panel and only counted.
    /// Always inlined into the per-line loop: the call's prologue was a fifth of its cost.
    #[inline(always)]
    pub fn skips(&mut self, line: &[u8]) -> bool {
        if !self.same_contig(line) && !self.change_contig(line) {
            return false;
        }
        let Some(field) = pos_field(&line[self.prefix.len()..]) else {
            return false;
        };
        if !field.within_by_length(self.gap_digits) {
            let pos = field.value();
            if pos < self.gap.0 || pos >= self.gap.1 {
                let i = self.regions.partition_point(|(_, end)| *end < pos);
                if self.regions.get(i).is_some_and(|(start, _)| *start <= pos) {
                    return false;
                }
                let low = if i == 0 { 0 } else { self.regions[i - 1].1 + 1 };
                let high = self.regions.get(i).map_or(u64::MAX, |(start, _)| *start);
                self.gap = (low, high);
                self.gap_digits = (decimal_digits(low), decimal_digits(high));
            }
        }
        true
    }

    /// Whether `line` starts with the current `CHROM\t`: one masked 8-byte compare for
    /// names up to 7 characters (a call to memcmp per line cost more than the rest).
    #[inline]
    fn same_contig(&self, line: &[u8]) -> bool {
        match (line.first_chunk::<8>(), self.prefix.len()) {
            (_, 0) => false,
            (Some(head), 1..=8) => u64::from_le_bytes(*head) & self.mask == self.word,
            _ => line.starts_with(&self.prefix),
        }
    }

    /// Make `line`'s contig the current one if it is declared; `false` (decline the line)
    /// if it is not, or its CHROM is not UTF-8, or it has no tab.
    #[cold]
    fn change_contig(&mut self, line: &[u8]) -> bool {
        self.prefix.clear();
        let Some(tab) = line.iter().position(|&b| b == b'\t') else {
            return false;
        };
        let Ok(chrom) = std::str::from_utf8(&line[..tab]) else {
            return false;
        };
        if !self.declared.is_empty() && !self.declared.contains(chrom) {
            return false;
        }
        self.prefix.extend_from_slice(&line[..=tab]);
        let mut word = [0u8; 8];
        let n = self.prefix.len().min(8);
        word[..n].copy_from_slice(&self.prefix[..n]);
        self.word = u64::from_le_bytes(word);
        self.mask = u64::MAX >> (64 - 8 * n);
        self.regions = self.panel.contig_regions(chrom);
        self.gap = (0, 0);
        self.gap_digits = (0, 0);
        true
    }
}

/// POS (1 to 12 digits, as `vcf_line::chrom_pos` takes it) followed by a tab.
#[cfg(test)]
fn pos_then_tab(rest: &[u8]) -> Option<u64> {
    pos_field(rest).map(|field| field.value())
}

/// The POS field of a line, checked (1 to 12 digits, then a tab) but not yet converted.
#[derive(Clone, Copy)]
enum PosField {
    /// The first 16 bytes as two little-endian words, and how many of them are digits.
    Words { digits: u32, low: u64, high: u64 },
    /// Fewer than 16 bytes were left: read byte by byte.
    Value(u64),
}

impl PosField {
    #[inline(always)]
    fn value(self) -> u64 {
        match self {
            PosField::Words { digits, low, .. } if digits <= 8 => {
                eight_digits(low << (8 * (8 - digits)))
            }
            PosField::Words { digits, low, high } => {
                eight_digits(low) * POWERS_OF_TEN[digits as usize - 8]
                    + eight_digits(high << (8 * (16 - digits)))
            }
            PosField::Value(value) => value,
        }
    }

    /// Whether POS is within a gap whose ends have `bounds` digits, from its own number of
    /// digits alone: with more digits than the start and fewer than the end (and no leading
    /// zero) it lies between them whatever its value. Most of a genome's lines are decided
    /// so, without converting their POS (issue 15).
    #[inline(always)]
    fn within_by_length(self, (start, end): (u32, u32)) -> bool {
        matches!(self, PosField::Words { digits, low, .. }
            if digits > start && digits < end && low as u8 != b'0')
    }
}

/// Decimal digits of `n` (none for 0).
fn decimal_digits(n: u64) -> u32 {
    n.checked_ilog10().map_or(0, |d| d + 1)
}

/// POS of `rest` (the line after `CHROM\t`) as a [`PosField`]. The first 16 bytes are
/// classified as two words (SWAR): a digit-by-digit loop was half of the cost of skipping a
/// line, and a loop after 8 digits still a tenth (most of a genome's positions have 9).
#[inline(always)]
fn pos_field(rest: &[u8]) -> Option<PosField> {
    let Some((low, high)) = rest.first_chunk::<16>().map(|head| {
        let (low, high) = head.split_at(8);
        let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
        (word(low), word(high))
    }) else {
        return pos_then_tab_bytewise(rest).map(PosField::Value);
    };
    let stop = non_digits(low);
    let digits = if stop != 0 {
        stop.trailing_zeros() / 8
    } else {
        8 + non_digits(high).trailing_zeros() / 8
    };
    if digits == 0 || digits > 12 || rest[digits as usize] != b'\t' {
        return None;
    }
    Some(PosField::Words { digits, low, high })
}

const POWERS_OF_TEN: [u64; 5] = [1, 10, 100, 1_000, 10_000];

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that is not an ASCII digit.
#[inline]
fn non_digits(word: u64) -> u64 {
    let low = word & LOW7; // no carries between bytes below
    let at_least_0 = low + 0x5050_5050_5050_5050; // high bit: byte >= b'0'
    let above_9 = low + 0x4646_4646_4646_4646; // high bit: byte > b'9'
    let digit = at_least_0 & !above_9 & !word & HIGH;
    !digit & HIGH
}

/// The number written by 8 ASCII digits (first digit in the lowest byte); zero bytes in the
/// low positions count as leading zeros.
#[inline]
fn eight_digits(word: u64) -> u64 {
    let v = word & 0x0f0f_0f0f_0f0f_0f0f;
    let v = (v.wrapping_mul(10 << 8 | 1) >> 8) & 0x00ff_00ff_00ff_00ff;
    let v = (v.wrapping_mul(100 << 16 | 1) >> 16) & 0x0000_ffff_0000_ffff;
    v.wrapping_mul(10_000 << 32 | 1) >> 32
}

/// [`pos_then_tab`] for a line with fewer than 16 bytes left.
fn pos_then_tab_bytewise(rest: &[u8]) -> Option<u64> {
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let value = rest[..digits]
        .iter()
        .fold(0u64, |v, &b| v * 10 + u64::from(b - b'0'));
    ((1..=12).contains(&digits) && rest.get(digits) == Some(&b'\t')).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::vcf_line::chrom_pos;

    /// The full path's decision for a line: skipped iff CHROM/POS parse, the contig is
    /// declared (or none are) and the panel does not contain POS.
    fn full_path_skips(panel: &mut Panel, declared: &HashSet<String>, line: &[u8]) -> bool {
        chrom_pos(line).is_some_and(|(chrom, pos)| {
            !panel.contains(chrom, pos) && (declared.is_empty() || declared.contains(chrom))
        })
    }

    #[test]
    fn pos_is_read_like_chrom_pos() {
        let mut cases: Vec<String> = Vec::new();
        for digits in 1..=14 {
            for first in ["1", "9", "0"] {
                let pos = format!("{first}{}", "73950281642".repeat(2))[..digits].to_string();
                for tail in ["\t.\tA\tG", "\t", "", "x\t.", " \t.", "/\t.", ":\t."] {
                    cases.push(format!("{pos}{tail}"));
                }
            }
        }
        cases.extend(["\t5\t", "", "\u{e9}1\t", "12345678\u{e9}\t"].map(String::from));
        for rest in &cases {
            let line = format!("c\t{rest}");
            let expected = chrom_pos(line.as_bytes()).map(|(_, pos)| pos);
            assert_eq!(pos_then_tab(rest.as_bytes()), expected, "{rest:?}");
        }
        // Every byte value next to digits, at each of the 8 word positions.
        for b in 0..=255u8 {
            for at in 0..9 {
                let mut rest = b"12345678901\t.".to_vec();
                rest[at] = b;
                let mut line = b"c\t".to_vec();
                line.extend_from_slice(&rest);
                let expected = chrom_pos(&line).map(|(_, pos)| pos);
                assert_eq!(pos_then_tab(&rest), expected, "{b} at {at}");
            }
        }
    }

    proptest::proptest! {
        /// Digit runs of every length next to tabs and other bytes, at every alignment of
        /// the two words: POS is read as `chrom_pos` reads it.
        #[test]
        fn pos_is_read_like_chrom_pos_on_generated_lines(
            rest in proptest::collection::vec(proptest::sample::select(
                b"0123456789\t\t.x\xff".to_vec()
            ), 0..24),
            digits in 0usize..15,
        ) {
            let mut rest = rest;
            rest.splice(0..0, std::iter::repeat_n(b'7', digits));
            let mut line = b"c\t".to_vec();
            line.extend_from_slice(&rest);
            let expected = chrom_pos(&line).map(|(_, pos)| pos);
            proptest::prop_assert_eq!(pos_then_tab(&rest), expected);
        }
    }

    proptest::proptest! {
        /// Long record lines (POS then 16 bytes or more) at positions around randomly placed
        /// regions of every digit count, in order and shuffled: each line is skipped exactly
        /// when the full path would only count it.
        #[test]
        fn skips_long_lines_as_the_full_path_counts_them(
            starts in proptest::collection::vec(1u64..2_000_000_000, 1..6),
            lengths in proptest::collection::vec(0u64..50_000, 6),
            picks in proptest::collection::vec((0usize..6, -3i64..4, 0u64..1_000_000), 1..60),
            zeros in 0usize..3,
            shuffle in proptest::bool::ANY,
        ) {
            let mut regions: Vec<(String, u64, u64)> = starts
                .iter()
                .zip(&lengths)
                .map(|(&s, &l)| ("2".to_string(), s, s + l))
                .collect();
            regions.sort_by_key(|r| r.1);
            regions.dedup_by(|b, a| b.1 <= a.2); // non-overlapping, as panel regions are
            let mut reference = Panel::new(regions.clone());
            let panel = Panel::new(regions.clone());
            let declared: HashSet<String> = ["chr2"].map(String::from).into();
            // Positions at and around region ends, and anywhere, some with leading zeros.
            let mut positions: Vec<String> = picks
                .iter()
                .map(|&(r, delta, anywhere)| {
                    let (_, start, end) = &regions[r % regions.len()];
                    let at = match r % 3 {
                        0 => start.saturating_add_signed(delta),
                        1 => end.saturating_add_signed(delta),
                        _ => anywhere * 3_001,
                    };
                    format!("{}{at}", "0".repeat(zeros * (r % 2)))
                })
                .collect();
            if !shuffle {
                positions.sort_by_key(|p| p.parse::<u64>().unwrap_or(0));
            } else {
                positions.reverse();
            }
            let mut skip = OutsidePanelSkip::new(&panel, &declared);
            for pos in positions {
                let line = format!("chr2\t{pos}\trs1\tACGT\tA\t50\tPASS\tDP=10");
                let want = full_path_skips(&mut reference, &declared, line.as_bytes());
                proptest::prop_assert_eq!(skip.skips(line.as_bytes()), want, "{}", line);
            }
        }
    }

    #[test]
    fn skips_exactly_what_the_full_path_only_counts() {
        let regions = vec![
            ("2".into(), 100, 200),
            ("2".into(), 500, 600),
            ("7".into(), 1, 10),
        ];
        let mut reference = Panel::new(regions.clone());
        let panel = Panel::new(regions);
        let declared: HashSet<String> = ["chr2", "chr7", "chr10"].map(String::from).into();
        let none = HashSet::new();
        let mut lines: Vec<Vec<u8>> = Vec::new();
        for chrom in ["chr2", "chr7", "chr10", "chr1", "2", "chr2"] {
            for pos in [
                0u64, 1, 5, 10, 11, 99, 100, 150, 200, 201, 499, 500, 600, 601, 10_000,
            ] {
                lines.push(format!("{chrom}\t{pos}\t.\tA\tG").into_bytes());
            }
        }
        // Malformed or unusual lines: declined unless the full path would count them too.
        for odd in [
            &b"chr2\t150"[..],
            b"chr2\t\t.",
            b"chr2\t12a\t.",
            b"chr2\t1234567890123\t.",
            b"chr2\t123456789012\t.",
            b"chr2",
            b"\xffchr\t5\t.",
            b"chr2\t300\t",
            b"chr20\t300\t.",
            b"chr2 \t300\t.",
        ] {
            lines.push(odd.to_vec());
        }
        // In order, reversed (unsorted input) and interleaved contigs.
        let reversed: Vec<Vec<u8>> = lines.iter().rev().cloned().collect();
        for (set, declared) in [(&lines, &declared), (&reversed, &declared), (&lines, &none)] {
            let mut skip = OutsidePanelSkip::new(&panel, declared);
            let mut expected = 0;
            for line in set {
                let want = full_path_skips(&mut reference, declared, line);
                expected += u64::from(want);
                assert_eq!(skip.skips(line), want, "{}", String::from_utf8_lossy(line));
            }
            assert!(expected > 0);
        }
    }
}
