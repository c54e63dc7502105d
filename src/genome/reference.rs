//! Reference bases known to the project: exon and intron segments reconstructed from public
//! data (resources/reference/known_sequence.tsv). Used to check VCF REF alleles, to build
//! codons, and to left-align indels. Positions are 1-based inclusive, plus strand.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{normalize_contig, Build};
use crate::error::Result;
use crate::resources::KNOWN_SEQUENCE_TSV;

#[derive(Debug, Clone)]
struct Segment {
    start: u64,
    end: u64,
    /// Upper case; the shipped table's bases are borrowed from the binary, not copied.
    bases: Cow<'static, [u8]>,
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

    /// Push the base at each of `start..=end` (`None` where unknown) onto `out`, finding
    /// the segment once rather than for every base.
    pub fn extend_with_bases(&self, start: u64, end: u64, out: &mut Vec<Option<u8>>) {
        let mut pos = start;
        let mut at = self.segments.partition_point(|s| s.end < start);
        while pos <= end {
            match self.segments.get(at) {
                Some(segment) if segment.start <= pos => {
                    let last = segment.end.min(end);
                    let bases = &segment.bases
                        [(pos - segment.start) as usize..=(last - segment.start) as usize];
                    out.extend(bases.iter().copied().map(Some));
                    pos = last + 1;
                    at += 1;
                }
                Some(segment) => {
                    let gap_end = (segment.start - 1).min(end);
                    out.extend((pos..=gap_end).map(|_| None));
                    pos = gap_end + 1;
                }
                None => {
                    out.extend((pos..=end).map(|_| None));
                    pos = end + 1;
                }
            }
        }
    }
}

/// `bases` in upper case, borrowed when they already are.
fn ascii_upper(bases: &'static [u8]) -> Cow<'static, [u8]> {
    // Folded in chunks, not stopped at the first hit: the compiler vectorizes it.
    let lower = |chunk: &[u8]| {
        chunk
            .iter()
            .fold(false, |any, b| any | b.is_ascii_lowercase())
    };
    if bases.chunks(64).any(lower) {
        Cow::Owned(bases.to_ascii_uppercase())
    } else {
        Cow::Borrowed(bases)
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
    /// The shipped segments (resources/reference/known_sequence.tsv). Its 600 kB of bases
    /// are split by line and tab, not read by csv's byte-by-byte reader, and borrowed from
    /// the binary: reading and copying them had been a fifth of every run's start-up
    /// (issue 15). The table is the project's own, so its layout is checked, not guessed.
    pub fn shipped() -> Result<Self> {
        Self::from_table("reference/known_sequence.tsv", KNOWN_SEQUENCE_TSV)
    }

    /// Segments from a table laid out as the shipped one.
    fn from_table(name: &str, text: &'static str) -> Result<Self> {
        const COLUMNS: [&str; 6] = ["build", "chrom", "start", "end", "sequence", "source"];
        let error = |line: usize, message: String| crate::error::Error::Resource {
            name: name.into(),
            message: format!("line {line}: {message}"),
        };
        let mut lines = text.lines().enumerate();
        let header: Vec<&str> = lines
            .next()
            .map_or(Vec::new(), |(_, h)| h.split('\t').collect());
        if header != COLUMNS {
            return Err(error(
                1,
                format!("expected the columns {}", COLUMNS.join(", ")),
            ));
        }
        let mut known = KnownSequence::default();
        for (i, line) in lines {
            let number = i + 1;
            let fields: Vec<&'static str> = line.split('\t').collect();
            let [build, chrom, start, end, sequence, _source] = fields[..] else {
                return Err(error(
                    number,
                    format!("expected {} columns, found {}", COLUMNS.len(), fields.len()),
                ));
            };
            let build: Build = build.parse().map_err(|e| error(number, e))?;
            let coordinate = |column: &str, text: &str| {
                text.parse::<u64>().map_err(|_| {
                    error(
                        number,
                        format!("column '{column}': '{text}' is not a position"),
                    )
                })
            };
            let (start, end) = (coordinate("start", start)?, coordinate("end", end)?);
            if sequence.is_empty() || end + 1 != start + sequence.len() as u64 {
                return Err(error(
                    number,
                    format!("{} bases do not span {start}-{end}", sequence.len()),
                ));
            }
            known.insert_bases(build, chrom, start, ascii_upper(sequence.as_bytes()));
        }
        Ok(known)
    }

    /// Add a segment (used by tests and by user-supplied sequence).
    pub fn insert(&mut self, build: Build, chrom: &str, start: u64, bases: &[u8]) {
        self.insert_bases(build, chrom, start, Cow::Owned(bases.to_ascii_uppercase()));
    }

    fn insert_bases(&mut self, build: Build, chrom: &str, start: u64, bases: Cow<'static, [u8]>) {
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
            bases,
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
        let mut span = Vec::new();
        self.contig_view(build, chrom)
            .extend_with_bases(start, end, &mut span);
        span.into_iter().collect()
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

    const HEADER: &str = "build\tchrom\tstart\tend\tsequence\tsource\n";

    /// A span read at once has the bases, and the gaps, of the lookup per base.
    #[test]
    fn a_span_of_bases_is_the_bases_one_by_one() {
        let mut known = KnownSequence::default();
        known.insert(Build::GRCh38, "2", 100, b"ACGT");
        known.insert(Build::GRCh38, "2", 110, b"GG");
        known.insert(Build::GRCh38, "2", 112, b"C");
        let contig = known.contig_view(Build::GRCh38, "chr2");
        for (start, end) in [
            (98, 115),
            (100, 103),
            (101, 111),
            (104, 109),
            (111, 112),
            (120, 121),
            (103, 103),
        ] {
            let mut span = Vec::new();
            contig.extend_with_bases(start, end, &mut span);
            let one_by_one: Vec<Option<u8>> = (start..=end).map(|p| contig.base(p)).collect();
            assert_eq!(span, one_by_one, "{start}-{end}");
        }
    }

    /// The table's bases are read upper case, where they lie, whatever their case.
    #[test]
    fn a_sequence_table_is_read_by_line_with_its_bases_upper_case() {
        let text: &'static str =
            format!("{HEADER}GRCh38\tchr2\t10\t13\tacGT\ttest\nGRCh37\t2\t5\t6\tTT\ttest\n").leak();
        let known = KnownSequence::from_table("t.tsv", text).unwrap();
        assert_eq!(
            known.bases(Build::GRCh38, "2", 10, 13),
            Some(b"ACGT".to_vec())
        );
        assert_eq!(
            known.bases(Build::GRCh37, "chr2", 5, 6),
            Some(b"TT".to_vec())
        );
        assert_eq!(known.base(Build::GRCh38, "2", 14), None);
        let shipped = KnownSequence::shipped().unwrap();
        assert!(shipped
            .segments
            .values()
            .flat_map(|c| c.values())
            .flatten()
            .all(|s| matches!(s.bases, Cow::Borrowed(_))));
    }

    /// A bad row is an error naming the table, its line and what is wrong.
    #[test]
    fn a_bad_sequence_table_row_names_its_line() {
        for (row, expected) in [
            (
                "GRCh38\tchr2\t10\t13\tACG\tx",
                "line 3: 3 bases do not span 10-13",
            ),
            (
                "GRCh38\tchr2\tten\t13\tACGT\tx",
                "line 3: column 'start': 'ten' is not a position",
            ),
            (
                "GRCh38\tchr2\t10\t13\tACGT",
                "line 3: expected 6 columns, found 5",
            ),
            ("hg99\tchr2\t10\t13\tACGT\tx", "line 3:"),
        ] {
            let text: &'static str = format!("{HEADER}GRCh38\tchr2\t1\t2\tAC\tx\n{row}\n").leak();
            let error = KnownSequence::from_table("t.tsv", text)
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("t.tsv") && error.contains(expected),
                "{error}"
            );
        }
        let error = KnownSequence::from_table("t.tsv", "build\tchrom\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("line 1: expected the columns build, chrom"),
            "{error}"
        );
    }

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
