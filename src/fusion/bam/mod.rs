//! ALK fusions from alignments (BAM/CRAM, indexed): split reads, discordant pairs and clipped
//! reads in the ALK intron 18 – exon 20 region, then the partner loci their mates and
//! supplementary alignments point to. Region queries only, never a whole-file scan.

mod cluster;
mod evidence;
mod junction_seq;
mod read;
mod scan;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rust_htslib::bam::{self, Read};

use crate::alignments::pass::{PassGuest, RegionVisitor};
use crate::alignments::AlignmentFile;
use crate::error::{Error, Result};
use crate::genome::{normalize_contig, Build, KnownSequence};
use crate::transcript::TranscriptSet;

use super::breakend::{Breakend, Candidate, JunctionKind, Side, Support};
use super::call::RECIPROCAL_WINDOW;
use super::naming::Namer;
use super::stats::{InputStats, SourceOutput};
use cluster::{cluster, Junction, CLIP_TOLERANCE};
use evidence::RegionEvidence;
use junction_seq::{compare, End};
pub use scan::ReadFilter;
use scan::{scan_region, Collect, RegionScan, ScanContext};

/// Bases queried beyond ALK exon 20 (3' side: exons 21-22 for RNA mates) and exon 18.
const ALK_FLANK_3P: u64 = 2_000;
const ALK_FLANK_5P: u64 = 1_000;
/// Bases queried around a partner breakpoint.
const PARTNER_FLANK: u64 = 1_000;
/// Bases a read must cover on each side of the junction to count as wild type.
const SPAN_ANCHOR: u64 = 10;

#[derive(Debug, Clone)]
pub struct AlignmentOptions {
    pub filter: ReadFilter,
    /// Fewest distinct fragments for a reported fusion.
    pub min_support: u32,
    /// Reference FASTA for CRAM.
    pub reference: Option<PathBuf>,
    /// BGZF/CRAM decoding threads of htslib for the ALK-region reader (0 or 1: none).
    pub decode_threads: usize,
    /// The ALK region already read by the run's shared pass (used when path, filter and
    /// region agree).
    pub prescanned: Option<Arc<Prescanned>>,
}

/// What the header of an alignment file says.
#[derive(Debug, Clone, Default)]
pub struct AlignmentHeader {
    pub sample: Option<String>,
    pub contigs: Vec<(String, Option<u64>)>,
    /// `@SQ AS:`/`UR:` naming an assembly, for build detection.
    pub assembly: Option<String>,
}

fn htslib_error(label: &str, what: &str, e: rust_htslib::errors::Error) -> Error {
    Error::bad_input(label, format!("{what}: {e}"))
}

fn is_cram(path: &Path) -> bool {
    AlignmentFile::new(path, None).is_cram()
}

pub fn read_header(path: &Path) -> Result<AlignmentHeader> {
    let label = path.display().to_string();
    std::fs::File::open(path).map_err(|e| Error::bad_input(&label, format!("cannot open: {e}")))?;
    let reader = bam::Reader::from_path(path)
        .map_err(|e| htslib_error(&label, "not a readable BAM/CRAM", e))?;
    let text = String::from_utf8_lossy(reader.header().as_bytes()).into_owned();
    let mut header = AlignmentHeader::default();
    for line in text.lines() {
        let fields = || line.split('\t').skip(1).filter_map(|f| f.split_once(':'));
        if line.starts_with("@SQ") {
            let name = fields()
                .find(|(k, _)| *k == "SN")
                .map(|(_, v)| v.to_string());
            let length = fields()
                .find(|(k, _)| *k == "LN")
                .and_then(|(_, v)| v.parse().ok());
            if header.assembly.is_none() {
                header.assembly = fields()
                    .find(|(k, _)| *k == "AS" || *k == "UR")
                    .map(|(_, v)| v.to_string());
            }
            if let Some(name) = name {
                header.contigs.push((name, length));
            }
        } else if line.starts_with("@RG") && header.sample.is_none() {
            header.sample = fields()
                .find(|(k, _)| *k == "SM")
                .map(|(_, v)| v.to_string());
        }
    }
    if header.contigs.is_empty() {
        return Err(Error::bad_input(
            &label,
            "no @SQ lines in the header: not an aligned BAM/CRAM",
        ));
    }
    Ok(header)
}

/// A reader for region queries, opened by the alignments layer ([`AlignmentFile::open`]:
/// completeness, index and reference checks shared with the other detectors).
fn open(path: &Path, label: &str, reference: Option<&Path>) -> Result<bam::IndexedReader> {
    let file = AlignmentFile::new(path, reference);
    if reference.is_none() && file.is_cram() {
        return Err(Error::Usage(format!(
            "{label}: CRAM input needs --reference FASTA"
        )));
    }
    file.open()
}

fn region_text(names: &[String], (tid, s, e): (u32, u64, u64)) -> String {
    format!("{}:{s}-{e}", names[tid as usize])
}

/// Merge overlapping windows (sorted) so no read is fetched twice.
fn merge(mut windows: Vec<(u32, u64, u64)>) -> Vec<(u32, u64, u64)> {
    windows.sort_unstable();
    let mut out: Vec<(u32, u64, u64)> = Vec::new();
    for w in windows {
        match out.last_mut() {
            Some(last) if last.0 == w.0 && w.1 <= last.2 + 1 => last.2 = last.2.max(w.2),
            _ => out.push(w),
        }
    }
    out
}

fn tid_in(names: &[String], chrom: &str) -> Option<u32> {
    names
        .iter()
        .position(|n| normalize_contig(n) == normalize_contig(chrom))
        .map(|i| i as u32)
}

/// The ALK region every alignment scan reads (intron 18 to exon 20 with flanks) and the
/// context of its scans.
fn plan_alk(
    names: &[String],
    namer: &Namer,
    filter: ReadFilter,
    label: &str,
) -> Result<(Arc<ScanContext>, (u32, u64, u64))> {
    let alk = namer.alk();
    let alk_tid = tid_in(names, &alk.chrom).ok_or_else(|| {
        Error::bad_input(
            label,
            format!("no chromosome {} (ALK) in the header", alk.chrom),
        )
    })?;
    let (Some((ex20_start, _)), Some((_, ex18_end))) = (namer.alk_exon(20), namer.alk_exon(18))
    else {
        return Err(Error::Resource {
            name: "transcripts".into(),
            message: "ALK exons 18 and 20 are missing".into(),
        });
    };
    let alk_region = (
        alk_tid,
        ex20_start.saturating_sub(ALK_FLANK_3P).max(1),
        ex18_end + ALK_FLANK_5P,
    );
    let (alk_start, alk_end) = namer.alk_window();
    let ctx = ScanContext {
        label: label.to_string(),
        names: names.to_vec(),
        filter,
        alk: (alk_tid, alk_start, alk_end),
        alk_chrom: alk.chrom.clone(),
    };
    Ok((Arc::new(ctx), alk_region))
}

/// The ALK region's evidence, read in another stage's pass over the reads.
#[derive(Debug)]
pub struct Prescanned {
    pub path: PathBuf,
    filter: ReadFilter,
    region: (u32, u64, u64),
    evidence: RegionEvidence,
    stats: InputStats,
}

/// The ALK-region scan as a guest of the copy-number pass of `alkres run`
/// ([`crate::alignments::pass::PassGuest`]): the region is read once for depth, hotspots,
/// phase and fusion evidence. [`AlkPrescan::finish`] hands the evidence to [`read`] through
/// [`AlignmentOptions::prescanned`].
pub struct AlkPrescan {
    path: PathBuf,
    cram_without_reference: bool,
    filter: ReadFilter,
    scan: Option<RegionScan>,
}

impl AlkPrescan {
    pub fn new(path: &Path, reference: Option<&Path>, filter: ReadFilter) -> Self {
        AlkPrescan {
            path: path.to_path_buf(),
            cram_without_reference: is_cram(path) && reference.is_none(),
            filter,
            scan: None,
        }
    }

    /// The evidence, if the pass read the region.
    pub fn finish(self) -> Option<Prescanned> {
        let scan = self.scan?;
        let region = scan.region;
        let mut stats = InputStats::default();
        let evidence = scan.finish(&mut stats);
        Some(Prescanned {
            path: self.path,
            filter: self.filter,
            region,
            evidence,
            stats,
        })
    }
}

impl PassGuest for AlkPrescan {
    fn prepare(&mut self, build: Build, header: &crate::alignments::AlignmentHeader) {
        if self.cram_without_reference {
            return; // the fusion stage reports it
        }
        let Ok(set) = TranscriptSet::shipped(build, &KnownSequence::default()) else {
            return;
        };
        let Ok(namer) = Namer::new(&set) else { return };
        let names: Vec<String> = header.contigs.iter().map(|(n, _)| n.clone()).collect();
        let label = self.path.display().to_string();
        if let Ok((ctx, region)) = plan_alk(&names, &namer, self.filter, &label) {
            self.scan = Some(RegionScan::new(ctx, region, Collect::All));
        }
    }

    fn visitors(&mut self) -> Vec<&mut dyn RegionVisitor> {
        self.scan
            .iter_mut()
            .map(|s| s as &mut dyn RegionVisitor)
            .collect()
    }
}

pub fn read(path: &Path, namer: &Namer, options: &AlignmentOptions) -> Result<SourceOutput> {
    let label = path.display().to_string();
    let source = if is_cram(path) { "CRAM" } else { "BAM" };
    let mut stats = InputStats::new(&label, "alignments");
    let reference = options.reference.as_deref();
    let mut reader = open(path, &label, reference)?;
    // htslib's threaded BGZF reader can hang on a truncated file; `open` has refused one.
    if options.decode_threads > 1 && !is_cram(path) {
        reader
            .set_threads(options.decode_threads)
            .map_err(|e| htslib_error(&label, "cannot start decoding threads", e))?;
    }
    let names: Vec<String> = reader
        .header()
        .target_names()
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    let tid_of = |chrom: &str| tid_in(&names, chrom);
    let (ctx, alk_region) = plan_alk(&names, namer, options.filter, &label)?;
    let alk_tid = alk_region.0;
    stats.regions.push(region_text(&names, alk_region));
    let prescanned = options
        .prescanned
        .as_deref()
        .filter(|p| p.path == path && p.filter == options.filter && p.region == alk_region);
    let found = match prescanned {
        // The ALK region was read in the run's shared pass (`alkres run`).
        Some(p) => {
            merge_stats(&mut stats, p.stats.clone());
            p.evidence.clone()
        }
        None => scan_region(&mut reader, &ctx, alk_region, Collect::All, &mut stats)?,
    };
    let (mut junctions, unplaced) = cluster(&found.splits, &found.pairs, &found.clips);

    // The partner loci of precise junctions: clipped reads there support them too.
    let windows = merge(
        junctions
            .iter()
            .filter(|j| j.precise)
            .filter_map(|j| {
                let p = j.partner.as_ref()?;
                Some((
                    tid_of(&p.chrom)?,
                    p.pos.saturating_sub(PARTNER_FLANK).max(1),
                    p.pos + PARTNER_FLANK,
                ))
            })
            .collect(),
    );
    // One window: the open reader; several: one reader per window, in parallel.
    let scan_window = |reader: &mut bam::IndexedReader, w| {
        let mut s = InputStats::default();
        let e = scan_region(reader, &ctx, w, Collect::ClipsOnly, &mut s)?;
        Ok((e, s))
    };
    let partner_scans: Vec<Result<(RegionEvidence, InputStats)>> = if windows.len() == 1 {
        vec![scan_window(&mut reader, windows[0])]
    } else {
        windows
            .par_iter()
            .map(|&w| scan_window(&mut open(path, &label, reference)?, w))
            .collect()
    };
    for (w, scanned) in windows.iter().zip(partner_scans) {
        let (evidence, s) = scanned?;
        stats.regions.push(region_text(&names, *w));
        merge_stats(&mut stats, s);
        for j in junctions.iter_mut().filter(|j| j.precise) {
            let Some(p) = j.partner.clone() else { continue };
            if tid_of(&p.chrom) != Some(w.0) || !(w.1..=w.2).contains(&p.pos) {
                continue;
            }
            let alk_end = End {
                pos: j.alk_pos,
                side: j.alk_side(),
            };
            let partner_end = End {
                pos: p.pos,
                side: p.side,
            };
            // ALK-side clips: their clipped bases must be the partner's sequence
            for c in &found.clips {
                let read = (c.template, c.segment);
                if j.clips.contains(&read)
                    && compare(c, alk_end, partner_end, &evidence.pileup).matches()
                {
                    j.verified.insert(read);
                }
            }
            // partner-side clips: theirs must be ALK's
            let known = j.reads();
            for c in &evidence.clips {
                if c.side == p.side
                    && c.pos.abs_diff(p.pos) <= CLIP_TOLERANCE
                    && !known.contains(&c.template)
                {
                    let read = (c.template, c.segment);
                    j.clips.insert(read);
                    if compare(c, partner_end, alk_end, &found.pileup).matches() {
                        j.verified.insert(read);
                    }
                }
            }
        }
    }

    stats.count("split reads (ALK region)", found.splits.len() as u64);
    stats.count(
        "discordant reads (ALK region, mate elsewhere)",
        found.pairs.len() as u64,
    );
    stats.count(
        "clipped reads without SA (ALK region)",
        found.clips.len() as u64,
    );
    let lonely_clusters = unplaced
        .values()
        .filter(|&&n| n as u32 >= options.min_support)
        .count() as u64;
    stats.skip_n(
        "clipped-read clusters in ALK with no split read or pair naming a partner",
        lonely_clusters,
    );

    let mut candidates = Vec::new();
    let fragments: Vec<BTreeSet<u64>> = junctions.iter().map(Junction::fragments).collect();
    for (i, j) in junctions.iter().enumerate() {
        if (event_support(&junctions, &fragments, i) as u32) < options.min_support {
            stats.skip(&format!(
                "read clusters below --min-support {}",
                options.min_support
            ));
            continue;
        }
        let origin = Origin {
            alk_chrom: &names[alk_tid as usize],
            min_mapq: options.filter.min_mapq,
            source,
            label: &label,
        };
        if let Some(c) = candidate(j, &fragments[i], &found, &origin) {
            candidates.push(c);
        }
    }
    Ok(SourceOutput { candidates, stats })
}

/// Whether two precise junctions are the two sides of one balanced rearrangement.
fn reciprocal(a: &Junction, b: &Junction) -> bool {
    let (Some(pa), Some(pb)) = (&a.partner, &b.partner) else {
        return false;
    };
    a.precise
        && b.precise
        && a.alk_side != b.alk_side
        && pa.side != pb.side
        && normalize_contig(&pa.chrom) == normalize_contig(&pb.chrom)
        && pa.pos.abs_diff(pb.pos) <= RECIPROCAL_WINDOW
        && a.alk_pos.abs_diff(b.alk_pos) <= RECIPROCAL_WINDOW
}

/// Fragments of junction `i` together with those of a reciprocal junction (the other side
/// of the same event), the larger of the two: what `--min-support` is compared with.
fn event_support(junctions: &[Junction], fragments: &[BTreeSet<u64>], i: usize) -> usize {
    let own = fragments[i].len();
    (0..junctions.len())
        .filter(|&k| k != i && reciprocal(&junctions[i], &junctions[k]))
        .map(|k| fragments[i].union(&fragments[k]).count())
        .fold(own, usize::max)
}

fn merge_stats(into: &mut InputStats, from: InputStats) {
    into.records_read += from.records_read;
    for (k, v) in from.skipped {
        into.skip_n(&k, v);
    }
    for (k, v) in from.evidence {
        into.count(&k, v);
    }
}

/// Where a junction's candidate comes from.
struct Origin<'a> {
    alk_chrom: &'a str,
    min_mapq: u8,
    source: &'a str,
    label: &'a str,
}

fn candidate(
    j: &Junction,
    fragments: &BTreeSet<u64>,
    found: &RegionEvidence,
    origin: &Origin,
) -> Option<Candidate> {
    let Origin {
        alk_chrom,
        source,
        label,
        ..
    } = origin;
    let partner = j.partner.clone()?;
    let side = j.alk_side();
    let gap = match side {
        Side::Left => j.alk_pos,
        Side::Right => j.alk_pos - 1,
    };
    let wild_type: BTreeSet<u64> = found
        .spans
        .iter()
        .filter(|s| s.spans(gap, SPAN_ANCHOR) && !fragments.contains(&s.template))
        .map(|s| s.template)
        .collect();
    // Each fragment counts once, in its strongest category: split > pair > junction sequence.
    let split: BTreeSet<u64> = j.splits.iter().map(|s| s.0).collect();
    let pairs: BTreeSet<u64> = j.pairs.difference(&split).copied().collect();
    let sequence: BTreeSet<u64> = j
        .verified
        .iter()
        .chain(&j.ambiguous_splits)
        .map(|c| c.0)
        .filter(|t| !split.contains(t) && !pairs.contains(t))
        .collect();
    let unverified = j.reads().difference(fragments).count();
    let support = fragments.len() as f64;
    let mut notes = vec![format!("alignments: {label}")];
    if !j.precise {
        notes.push("imprecise: breakpoints estimated from discordant pairs (no split read)".into());
    }
    notes.push(format!(
        "{} fragment(s) support the fusion; {} span the wild-type ALK breakpoint",
        fragments.len(),
        wild_type.len()
    ));
    let ambiguous = j
        .ambiguous_splits
        .iter()
        .filter(|c| sequence.contains(&c.0))
        .count();
    if ambiguous > 0 {
        notes.push(format!(
            "{ambiguous} split read(s) with the ALK piece below MAPQ {} (sequence a paralog \
             shares) and a unique partner piece: counted as junction-sequence reads",
            origin.min_mapq
        ));
    }
    if unverified > 0 {
        notes.push(format!(
            "{unverified} read(s) clipped at a breakpoint whose clipped bases are not the \
             other side's sequence (or too few to tell): not counted"
        ));
    }
    Some(Candidate {
        alk: Breakend::new(*alk_chrom, j.alk_pos, side),
        partner,
        kind: JunctionKind::Genomic,
        support: Support {
            split_reads: Some(split.len() as u32),
            discordant_pairs: Some(pairs.len() as u32),
            clipped_reads: Some(sequence.len() as u32),
            fusion_fraction: Some(support / (support + wild_type.len() as f64)),
        },
        source: source.to_string(),
        partner_gene_hint: None,
        frame_hint: None,
        doubts: Vec::new(),
        notes,
    })
}
