//! One pass over the reads of many windows. Every detector that reads a region of the
//! alignments (copy-number depth, hotspot allele counts, phase, fusion evidence) brings a
//! [`RegionVisitor`] with its window; windows on one contig closer than [`MERGE_GAP`] are
//! fetched together, once, and each record goes to every visitor whose window it overlaps.
//! A visitor sees exactly the records an indexed query of its window alone returns (htslib's
//! overlap rule, [`overlaps`]), in the same file order, so results do not depend on which other
//! visitors share the pass. Spans are read in parallel on the current rayon pool, one reader
//! per worker; each visitor is fed by one worker only.

use rayon::prelude::*;
use rust_htslib::bam::{self, record::Record, Read};

use super::{reopen_error, AlignmentFile};
use crate::error::{Error, Result};

/// Windows closer than this are fetched together, so that one BGZF block is decoded once.
pub const MERGE_GAP: i64 = 1_000;

/// A 0-based half-open reference window on target `tid` (what `fetch` takes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Window {
    pub tid: u32,
    pub start0: i64,
    pub end0: i64,
}

/// A consumer of the records of one window.
pub trait RegionVisitor: Send {
    fn window(&self) -> Window;
    /// Called for every record a query of [`RegionVisitor::window`] returns, unfiltered
    /// (each visitor applies its own read filter and counts what it skips).
    fn visit(&mut self, record: &Record);
}

/// Visitors another stage brings to a pass it does not run (the fusion scan of the ALK region
/// riding along the copy-number pass of `alkres run`). `prepare` is called once the pass knows
/// the build and the header; `visitors` then lends the visitors for the pass. A guest that
/// cannot plan its windows brings none: its stage then reads on its own (and reports why).
pub trait PassGuest {
    fn prepare(&mut self, build: crate::genome::Build, header: &super::AlignmentHeader);
    fn visitors(&mut self) -> Vec<&mut dyn RegionVisitor>;
}

/// A guest with nothing to visit.
pub struct NoGuest;

impl PassGuest for NoGuest {
    fn prepare(&mut self, _: crate::genome::Build, _: &super::AlignmentHeader) {}
    fn visitors(&mut self) -> Vec<&mut dyn RegionVisitor> {
        Vec::new()
    }
}

/// What the pass read: fetches and records decoded (each record once per span).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassTally {
    pub fetches: u64,
    pub records: u64,
}

/// The reference end htslib gives a record (`bam_endpos`): start + reference length, at least
/// one base (unmapped reads and CIGARs without reference bases occupy their position).
pub fn end_pos(record: &Record) -> i64 {
    let rlen: i64 = if record.flags() & 0x4 != 0 {
        0
    } else {
        record
            .raw_cigar()
            .iter()
            .filter(|&&raw| matches!(raw & 0xf, 0 | 2 | 3 | 7 | 8))
            .map(|&raw| i64::from(raw >> 4))
            .sum()
    };
    record.pos() + rlen.max(1)
}

/// htslib's rule for a record returned by a query of `window` (same contig checked by fetch).
pub fn overlaps(pos: i64, end: i64, window: &Window) -> bool {
    pos < window.end0 && end > window.start0
}

/// One fetch: a contig stretch and the visitors inside it (sorted by window start).
struct Span<'v> {
    window: Window,
    visitors: Vec<&'v mut dyn RegionVisitor>,
}

fn spans<'v>(mut visitors: Vec<&'v mut dyn RegionVisitor>) -> Vec<Span<'v>> {
    visitors.sort_by_key(|v| v.window());
    let mut out: Vec<Span<'v>> = Vec::new();
    for v in visitors {
        let w = v.window();
        match out.last_mut() {
            Some(s) if s.window.tid == w.tid && w.start0 <= s.window.end0 + MERGE_GAP => {
                s.window.end0 = s.window.end0.max(w.end0);
                s.visitors.push(v);
            }
            _ => out.push(Span {
                window: w,
                visitors: vec![v],
            }),
        }
    }
    out
}

/// Feed every visitor the records of its window, reading each span of `file` once.
pub fn visit_regions(
    file: &AlignmentFile,
    visitors: Vec<&mut dyn RegionVisitor>,
) -> Result<PassTally> {
    let label = file.label();
    let mut spans = spans(visitors);
    let tallies: Vec<Result<u64>> = spans
        .par_iter_mut()
        .map_init(
            || file.open(),
            |reader, span| match reader {
                Ok(reader) => read_span(reader, span, &label),
                Err(e) => Err(reopen_error(e)),
            },
        )
        .collect();
    let mut tally = PassTally::default();
    for records in tallies {
        tally.records += records?;
        tally.fetches += 1;
    }
    Ok(tally)
}

/// Feed the visitors of one open reader (one thread; `alkres fusions` reads this way).
pub fn visit_with(
    reader: &mut bam::IndexedReader,
    visitors: Vec<&mut dyn RegionVisitor>,
    label: &str,
) -> Result<PassTally> {
    let mut tally = PassTally::default();
    for mut span in spans(visitors) {
        tally.records += read_span(reader, &mut span, label)?;
        tally.fetches += 1;
    }
    Ok(tally)
}

fn read_span(reader: &mut bam::IndexedReader, span: &mut Span, label: &str) -> Result<u64> {
    let w = span.window;
    reader
        .fetch((w.tid, w.start0, w.end0))
        .map_err(|e| Error::bad_input(label, format!("region query failed: {e}")))?;
    let windows: Vec<Window> = span.visitors.iter().map(|v| v.window()).collect();
    let mut record = Record::new();
    let mut n = 0u64;
    while let Some(read) = reader.read(&mut record) {
        read.map_err(|e| {
            let file = super::AlignmentFile::new(std::path::Path::new(label), None);
            let message = match file.blame_index() {
                Some(why) => format!(
                    "region query of target {} {}-{} failed after record {n} ({e}): {why}",
                    w.tid,
                    w.start0 + 1,
                    w.end0
                ),
                None if file.is_cram() => format!(
                    "cannot decode the CRAM after record {n} of target {} {}-{} ({e}): the file is corrupt or truncated, or --reference is not the FASTA it was written with (htslib checks each slice's reference MD5; see its message above)",
                    w.tid,
                    w.start0 + 1,
                    w.end0
                ),
                None => format!(
                    "corrupt or truncated alignments after record {n} of target {} {}-{}: {e}",
                    w.tid,
                    w.start0 + 1,
                    w.end0
                ),
            };
            Error::bad_input(label, message)
        })?;
        n += 1;
        let (pos, end) = (record.pos(), end_pos(&record));
        for (visitor, window) in span.visitors.iter_mut().zip(&windows) {
            if window.start0 >= end {
                break; // sorted by start: no later window reaches back to this record
            }
            if overlaps(pos, end, window) {
                visitor.visit(&record);
            }
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Probe(Window);
    impl RegionVisitor for Probe {
        fn window(&self) -> Window {
            self.0
        }
        fn visit(&mut self, _: &Record) {}
    }

    #[test]
    fn near_windows_share_a_fetch_far_ones_do_not() {
        let w = |tid, s, e| Window {
            tid,
            start0: s,
            end0: e,
        };
        let mut a = Probe(w(1, 5_000, 6_000));
        let mut b = Probe(w(1, 100, 200));
        let mut c = Probe(w(1, 1_150, 1_300));
        let mut d = Probe(w(2, 1_150, 1_300));
        let got = spans(vec![&mut a, &mut b, &mut c, &mut d]);
        let windows: Vec<Window> = got.iter().map(|s| s.window).collect();
        assert_eq!(
            windows,
            vec![w(1, 100, 1_300), w(1, 5_000, 6_000), w(2, 1_150, 1_300)]
        );
        assert_eq!(got[0].visitors.len(), 2);
    }

    #[test]
    fn overlap_follows_htslib() {
        let w = Window {
            tid: 0,
            start0: 100,
            end0: 200,
        };
        assert!(overlaps(199, 250, &w));
        assert!(!overlaps(200, 250, &w));
        assert!(overlaps(50, 101, &w));
        assert!(!overlaps(50, 100, &w));
    }
}
