//! Reference bases known to the project: exon and intron segments reconstructed from public
//! data (resources/reference/known_sequence.tsv). Used to check VCF REF alleles, to build
//! codons, and to left-align indels. Positions are 1-based inclusive, plus strand.

use std::collections::HashMap;

use serde::Deserialize;

use super::{normalize_contig, Build};
use crate::error::Result;
use crate::resources::{read_tsv, KNOWN_SEQUENCE_TSV};

#[derive(Debug, Deserialize)]
struct SegmentRow {
    build: String,
    chrom: String,
    start: u64,
    end: u64,
    sequence: String,
}

#[derive(Debug, Clone)]
struct Segment {
    start: u64,
    end: u64,
    bases: Vec<u8>,
}

/// The known bases of one contig of one build ([`KnownSequence::contig_view`]).
pub struct KnownContig<'a> {
    segments: &'a [Segment],
}

impl KnownContig<'_> {
    /// The base at `pos`, if known.
    pub fn base(&self, pos: u64) -> Option<u8> {
        base_in(self.segments, pos)
    }
}

/// The base at `pos` in sorted, non-overlapping `segments`.
fn base_in(segments: &[Segment], pos: u64) -> Option<u8> {
    let segment = segments.get(segments.partition_point(|s| s.end < pos))?;
    (segment.start <= pos).then(|| segment.bases[(pos - segment.start) as usize])
}

/// Result of comparing a REF allele with the known reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefCheck {
    /// Every base of REF that the project knows agrees.
    Agrees,
    /// At least one base disagrees; `expected` is the known sequence over the REF span,
    /// with `N` where unknown.
    Disagrees { expected: String },
    /// No base of the REF span is known.
    Unknown,
}

#[derive(Debug, Default, Clone)]
pub struct KnownSequence {
    /// Segments by build, then canonical contig name, sorted by start: looked up by `&str`
    /// with no allocation (a `(Build, String)` key built a `String` for every base read).
    segments: HashMap<Build, HashMap<String, Vec<Segment>>>,
}

impl KnownSequence {
    pub fn shipped() -> Result<Self> {
        let rows: Vec<SegmentRow> = read_tsv("reference/known_sequence.tsv", KNOWN_SEQUENCE_TSV)?;
        let mut known = KnownSequence::default();
        for row in rows {
            let build = row
                .build
                .parse()
                .map_err(|e| crate::error::Error::Resource {
                    name: "reference/known_sequence.tsv".into(),
                    message: e,
                })?;
            known.insert(build, &row.chrom, row.start, row.sequence.as_bytes());
            debug_assert_eq!(row.end - row.start + 1, row.sequence.len() as u64);
        }
        Ok(known)
    }

    /// Add a segment (used by tests and by user-supplied sequence).
    pub fn insert(&mut self, build: Build, chrom: &str, start: u64, bases: &[u8]) {
        let list = self
            .segments
            .entry(build)
            .or_default()
            .entry(normalize_contig(chrom).to_string())
            .or_default();
        let in_order = list.last().is_none_or(|last| last.start <= start);
        list.push(Segment {
            start,
            end: start + bases.len() as u64 - 1,
            bases: bases.to_ascii_uppercase(),
        });
        if !in_order {
            list.sort_by_key(|s| s.start);
        }
    }

    /// The known bases of one contig, for reading many positions with one lookup.
    pub fn contig_view(&self, build: Build, chrom: &str) -> KnownContig<'_> {
        KnownContig {
            segments: self.contig(build, chrom),
        }
    }

    /// The sorted segments of `chrom` (any alias) on `build`.
    fn contig(&self, build: Build, chrom: &str) -> &[Segment] {
        self.segments
            .get(&build)
            .and_then(|contigs| contigs.get(normalize_contig(chrom)))
            .map_or(&[], Vec::as_slice)
    }

    /// The base at `pos`, if known.
    pub fn base(&self, build: Build, chrom: &str, pos: u64) -> Option<u8> {
        base_in(self.contig(build, chrom), pos)
    }

    /// All bases of `start..=end`, only if every one is known.
    pub fn bases(&self, build: Build, chrom: &str, start: u64, end: u64) -> Option<Vec<u8>> {
        let list = self.contig(build, chrom);
        (start..=end).map(|p| base_in(list, p)).collect()
    }

    pub fn check_ref(&self, build: Build, chrom: &str, pos: u64, reference: &str) -> RefCheck {
        let mut any_known = false;
        let mut disagrees = false;
        let mut expected = String::with_capacity(reference.len());
        let list = self.contig(build, chrom);
        for (i, observed) in reference.bytes().enumerate() {
            match base_in(list, pos + i as u64) {
                Some(known) => {
                    any_known = true;
                    if !observed.eq_ignore_ascii_case(&known) && observed != b'N' {
                        disagrees = true;
                    }
                    expected.push(known as char);
                }
                None => expected.push('N'),
            }
        }
        match (any_known, disagrees) {
            (false, _) => RefCheck::Unknown,
            (true, false) => RefCheck::Agrees,
            (true, true) => RefCheck::Disagrees { expected },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_respect_segment_bounds_and_contig_aliases() {
        let mut known = KnownSequence::default();
        known.insert(Build::GRCh38, "chr2", 100, b"acgt");
        assert_eq!(known.base(Build::GRCh38, "2", 100), Some(b'A'));
        assert_eq!(known.base(Build::GRCh38, "2", 103), Some(b'T'));
        assert_eq!(known.base(Build::GRCh38, "2", 104), None);
        assert_eq!(known.base(Build::GRCh37, "2", 100), None);
        assert_eq!(
            known.bases(Build::GRCh38, "2", 101, 102),
            Some(b"CG".to_vec())
        );
        assert_eq!(known.bases(Build::GRCh38, "2", 102, 104), None);
        assert_eq!(
            known.check_ref(Build::GRCh38, "2", 101, "CG"),
            RefCheck::Agrees
        );
        assert_eq!(
            known.check_ref(Build::GRCh38, "2", 101, "CA"),
            RefCheck::Disagrees {
                expected: "CG".into()
            }
        );
        assert_eq!(
            known.check_ref(Build::GRCh38, "2", 500, "A"),
            RefCheck::Unknown
        );
    }
}
