//! One indexed region query: every record is filtered, then read for split, discordant,
//! clipped and spanning evidence.

use std::sync::Arc;

use rust_htslib::bam::{self, record::Aux};

use crate::alignments::pass::{visit_with, RegionVisitor, Window};
use crate::error::Result;
use crate::fusion::breakend::{Breakend, Side};
use crate::fusion::stats::InputStats;
use crate::genome::normalize_contig;

use super::evidence::{ClipRead, PairRead, Pileup, RegionEvidence, Span, SplitRead, CLIP_BASES};
use super::junction_seq::base_code;
use super::read::{name_hash, parse_sa, split_junction, Geometry};

/// Base qualities below this are not read as sequence (pileup, clipped bases).
const MIN_BASE_QUALITY: u8 = 10;

/// Read filters and thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadFilter {
    pub min_mapq: u8,
    /// Shortest clip that can mark a breakpoint.
    pub min_clip: u32,
}

const FLAG_PAIRED: u16 = 0x1;
const FLAG_UNMAPPED: u16 = 0x4;
const FLAG_MATE_UNMAPPED: u16 = 0x8;
const FLAG_REVERSE: u16 = 0x10;
const FLAG_MATE_REVERSE: u16 = 0x20;
const FLAG_FIRST: u16 = 0x40;
const FLAG_SECOND: u16 = 0x80;
const FLAG_SECONDARY: u16 = 0x100;
const FLAG_QC_FAIL: u16 = 0x200;
const FLAG_DUPLICATE: u16 = 0x400;
const FLAG_SUPPLEMENTARY: u16 = 0x800;

/// What the scan collects: everything (the ALK region) or only clips (a partner region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collect {
    All,
    ClipsOnly,
}

fn segment(flags: u16) -> u8 {
    match (flags & FLAG_FIRST != 0, flags & FLAG_SECOND != 0) {
        (true, false) => 1,
        (false, true) => 2,
        _ => 0,
    }
}

fn aux_int(record: &bam::Record, tag: &[u8]) -> Option<i64> {
    match record.aux(tag).ok()? {
        Aux::I8(v) => Some(i64::from(v)),
        Aux::U8(v) => Some(i64::from(v)),
        Aux::I16(v) => Some(i64::from(v)),
        Aux::U16(v) => Some(i64::from(v)),
        Aux::I32(v) => Some(i64::from(v)),
        Aux::U32(v) => Some(i64::from(v)),
        _ => None,
    }
}

fn aux_str<'a>(record: &'a bam::Record, tag: &[u8]) -> Option<&'a str> {
    match record.aux(tag).ok()? {
        Aux::String(s) => Some(s),
        _ => None,
    }
}

/// What every region query of one alignment file shares.
#[derive(Debug, Clone)]
pub struct ScanContext {
    pub label: String,
    /// Contig names by tid.
    pub names: Vec<String>,
    pub filter: ReadFilter,
    /// ALK as (tid, first, last) of its padded span, for a fast mate check.
    pub alk: (u32, u64, u64),
    /// ALK's contig as the transcripts name it (no `chr`), for SA entries.
    pub alk_chrom: String,
}

impl ScanContext {
    fn mate_in_alk(&self, mtid: usize, mate_start: u64) -> bool {
        mtid == self.alk.0 as usize && (self.alk.1..=self.alk.2).contains(&mate_start)
    }

    /// Whether `chrom:pos` lies in ALK (transcript span ± 1 kb), as `Namer::in_alk`.
    fn in_alk(&self, chrom: &str, pos: u64) -> bool {
        normalize_contig(chrom) == self.alk_chrom && (self.alk.1..=self.alk.2).contains(&pos)
    }
}

/// Query `tid:start-end` (1-based, inclusive) and collect evidence.
pub fn scan_region(
    reader: &mut bam::IndexedReader,
    ctx: &Arc<ScanContext>,
    region: (u32, u64, u64),
    collect: Collect,
    stats: &mut InputStats,
) -> Result<RegionEvidence> {
    let mut scan = RegionScan::new(ctx.clone(), region, collect);
    visit_with(reader, vec![&mut scan], &ctx.label)?;
    Ok(scan.finish(stats))
}

/// One region's fusion evidence as a visitor of a pass over the reads
/// ([`crate::alignments::pass`]).
#[derive(Debug)]
pub struct RegionScan {
    ctx: Arc<ScanContext>,
    /// 1-based inclusive, as queried.
    pub region: (u32, u64, u64),
    collect: Collect,
    out: RegionEvidence,
    records: u64,
    unmapped: u64,
    secondary: u64,
    qc: u64,
    dup: u64,
    low_mapq: u64,
    supp: u64,
}

impl RegionScan {
    pub fn new(ctx: Arc<ScanContext>, region: (u32, u64, u64), collect: Collect) -> Self {
        RegionScan {
            ctx,
            region,
            collect,
            out: RegionEvidence {
                pileup: Pileup::new(region.1, region.2),
                ..RegionEvidence::default()
            },
            records: 0,
            unmapped: 0,
            secondary: 0,
            qc: 0,
            dup: 0,
            low_mapq: 0,
            supp: 0,
        }
    }

    /// The evidence, with what was read and skipped added to `stats`.
    pub fn finish(self, stats: &mut InputStats) -> RegionEvidence {
        stats.records_read += self.records;
        let min = self.ctx.filter.min_mapq;
        stats.skip_n("unmapped read", self.unmapped);
        stats.skip_n("secondary alignment", self.secondary);
        stats.skip_n("QC-failed read", self.qc);
        stats.skip_n("duplicate read", self.dup);
        stats.skip_n(&format!("MAPQ below {min}"), self.low_mapq);
        stats.count(
            "supplementary alignments (split-read pieces, counted once per read)",
            self.supp,
        );
        self.out
    }
}

impl RegionVisitor for RegionScan {
    fn window(&self) -> Window {
        let (tid, start, end) = self.region;
        Window {
            tid,
            start0: start.saturating_sub(1) as i64,
            end0: end as i64,
        }
    }

    fn visit(&mut self, record: &bam::Record) {
        let (ctx, collect) = (&*self.ctx, self.collect);
        let filter = ctx.filter;
        let out = &mut self.out;
        self.records += 1;
        let flags = record.flags();
        if flags & FLAG_UNMAPPED != 0 {
            self.unmapped += 1;
            return;
        }
        // `bwa mem -M` flags the pieces of a split read secondary, not supplementary: a
        // secondary record with an SA tag is such a piece.
        let split_piece = flags & FLAG_SECONDARY != 0 && aux_str(record, b"SA").is_some();
        if flags & FLAG_SECONDARY != 0 && !split_piece {
            self.secondary += 1;
            return;
        }
        if flags & FLAG_QC_FAIL != 0 {
            self.qc += 1;
            return;
        }
        if flags & FLAG_DUPLICATE != 0 {
            self.dup += 1;
            return;
        }
        let geometry =
            Geometry::from_raw(record.pos(), flags & FLAG_REVERSE != 0, record.raw_cigar());
        let template = name_hash(record.qname());
        let seg = segment(flags);
        if record.mapq() < filter.min_mapq {
            self.low_mapq += 1;
            // An ALK piece placed with low MAPQ (a paralog or repeat has the same bases) whose
            // partner piece is unique: kept as a split read that is not unique on the ALK side.
            if collect == Collect::All
                && geometry.lead_clip.max(geometry.trail_clip) >= filter.min_clip
            {
                if let Some(sa) = aux_str(record, b"SA") {
                    if let Some(mut split) = split_read(&geometry, sa, ctx, template, seg) {
                        split.alk_unique = false;
                        out.splits.push(split);
                    }
                }
            }
            return;
        }
        let is_supplementary = flags & FLAG_SUPPLEMENTARY != 0 || split_piece;
        if is_supplementary {
            self.supp += 1;
        }
        add_to_pileup(&mut out.pileup, record, &geometry);
        if collect == Collect::All && !is_supplementary {
            out.spans.push(Span {
                start: geometry.start,
                end: geometry.end,
                template,
            });
        }
        let clipped =
            geometry.lead_clip >= filter.min_clip || geometry.trail_clip >= filter.min_clip;
        if clipped {
            let split = match aux_str(record, b"SA") {
                Some(sa) if collect == Collect::All => {
                    split_read(&geometry, sa, ctx, template, seg)
                }
                _ => None,
            };
            match split {
                Some(split) => out.splits.push(split),
                // A primary read clipped with no unique alignment of its clip (no SA, or SA
                // alignments of low MAPQ only: a repeat): the junction-sequence check decides.
                None if !is_supplementary => {
                    if let Some((pos, side)) = geometry.clip_junction(filter.min_clip) {
                        out.clips.push(ClipRead {
                            pos,
                            side,
                            template,
                            segment: seg,
                            bases: clipped_bases(record, &geometry, side),
                        });
                    }
                }
                None => {}
            }
        }
        if collect == Collect::All
            && !is_supplementary
            && flags & FLAG_PAIRED != 0
            && flags & FLAG_MATE_UNMAPPED == 0
        {
            if let Some(pair) = pair_read(record, &geometry, ctx, template) {
                out.pairs.push(pair);
            }
        }
    }
}

fn split_read(
    geometry: &Geometry,
    sa: &str,
    ctx: &ScanContext,
    template: u64,
    segment: u8,
) -> Option<SplitRead> {
    let mut best: Option<(u8, SplitRead)> = None;
    for entry in parse_sa(sa) {
        if entry.mapq < ctx.filter.min_mapq || ctx.in_alk(&entry.chrom, entry.geometry.start) {
            continue;
        }
        let Some(((alk_pos, alk_side), (p_pos, p_side))) =
            split_junction(geometry, &entry.geometry)
        else {
            continue;
        };
        if best.as_ref().is_none_or(|(q, _)| entry.mapq > *q) {
            best = Some((
                entry.mapq,
                SplitRead {
                    alk_pos,
                    alk_side,
                    partner: Breakend::new(entry.chrom, p_pos, p_side),
                    template,
                    segment,
                    alk_unique: true,
                },
            ));
        }
    }
    best.map(|(_, s)| s)
}

/// The aligned bases of `record` into the region's pileup.
fn add_to_pileup(pileup: &mut Pileup, record: &bam::Record, geometry: &Geometry) {
    let (seq, qual) = (record.seq(), record.qual());
    let (mut pos, mut i) = (geometry.start, 0usize);
    for &c in record.raw_cigar() {
        let (op, len) = (c & 0xf, (c >> 4) as usize);
        match op {
            0 | 7 | 8 => {
                for k in 0..len {
                    if qual.get(i + k).is_some_and(|&q| q >= MIN_BASE_QUALITY) {
                        pileup.add(pos + k as u64, base_code(seq.encoded_base(i + k)));
                    }
                }
                pos += len as u64;
                i += len;
            }
            1 | 4 => i += len,
            2 | 3 => pos += len as u64,
            _ => {}
        }
    }
}

/// A soft clip's bases, nearest the junction first (at most [`CLIP_BASES`]).
fn clipped_bases(record: &bam::Record, geometry: &Geometry, side: Side) -> Vec<u8> {
    let (seq, qual) = (record.seq(), record.qual());
    let n = seq.len();
    let raw = record.raw_cigar();
    let soft = |c: Option<&u32>| {
        c.filter(|&&c| c & 0xf == 4)
            .map_or(0, |&c| (c >> 4) as usize)
    };
    let base = |i: usize| {
        if qual.get(i).is_some_and(|&q| q >= MIN_BASE_QUALITY) {
            base_code(seq.encoded_base(i))
        } else {
            4
        }
    };
    match side {
        // trailing clip: read bases after the alignment, in order
        Side::Left => {
            let k = soft(raw.last()).min(geometry.trail_clip as usize).min(n);
            (n - k..n).take(CLIP_BASES).map(base).collect()
        }
        // leading clip: the bases before the alignment, nearest it first
        Side::Right => {
            let k = soft(raw.first()).min(geometry.lead_clip as usize).min(n);
            (0..k).rev().take(CLIP_BASES).map(base).collect()
        }
    }
}

fn pair_read(
    record: &bam::Record,
    geometry: &Geometry,
    ctx: &ScanContext,
    template: u64,
) -> Option<PairRead> {
    let mtid = usize::try_from(record.mtid()).ok()?;
    let mate_start = record.mpos().max(0) as u64 + 1;
    if ctx.mate_in_alk(mtid, mate_start) {
        return None;
    }
    let mate_chrom = ctx.names.get(mtid)?;
    let filter = ctx.filter;
    if aux_int(record, b"MQ").is_some_and(|mq| mq < i64::from(filter.min_mapq)) {
        return None;
    }
    let flags = record.flags();
    let mate_reverse = flags & FLAG_MATE_REVERSE != 0;
    let mate_end = aux_str(record, b"MC")
        .and_then(|mc| Geometry::from_text(mate_start, mate_reverse, mc))
        .map_or(
            mate_start + u64::from(geometry.read_len().max(1)) - 1,
            |g| g.end,
        );
    // A read points at the junction: a forward read keeps the bases before it.
    let (alk_pos, alk_side) = if geometry.reverse {
        (geometry.start, Side::Right)
    } else {
        (geometry.end, Side::Left)
    };
    Some(PairRead {
        alk_pos,
        alk_side,
        mate_chrom: mate_chrom.clone(),
        mate_start,
        mate_end,
        mate_side: if mate_reverse {
            Side::Right
        } else {
            Side::Left
        },
        template,
    })
}
