//! One indexed region query: every record is filtered, then read for split, discordant,
//! clipped and spanning evidence.

use rust_htslib::bam::{self, record::Aux, Read};

use crate::error::{Error, Result};
use crate::fusion::breakend::{Breakend, Side};
use crate::fusion::naming::Namer;
use crate::fusion::stats::InputStats;

use super::evidence::{ClipRead, PairRead, RegionEvidence, Span, SplitRead};
use super::read::{name_hash, parse_sa, split_junction, Geometry};

/// Read filters and thresholds.
#[derive(Debug, Clone, Copy)]
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
pub struct ScanContext<'a> {
    pub label: &'a str,
    /// Contig names by tid.
    pub names: &'a [String],
    pub namer: &'a Namer<'a>,
    pub filter: ReadFilter,
    /// ALK as (tid, first, last) of its padded span, for a fast mate check.
    pub alk: (u32, u64, u64),
}

impl ScanContext<'_> {
    fn mate_in_alk(&self, mtid: usize, mate_start: u64) -> bool {
        mtid == self.alk.0 as usize && (self.alk.1..=self.alk.2).contains(&mate_start)
    }
}

/// Query `tid:start-end` (1-based, inclusive) and collect evidence.
pub fn scan_region(
    reader: &mut bam::IndexedReader,
    ctx: &ScanContext,
    (tid, start, end): (u32, u64, u64),
    collect: Collect,
    stats: &mut InputStats,
) -> Result<RegionEvidence> {
    let (label, names, namer, filter) = (ctx.label, ctx.names, ctx.namer, ctx.filter);
    reader
        .fetch((tid as i32, start.saturating_sub(1) as i64, end as i64))
        .map_err(|e| Error::bad_input(label, format!("region query failed: {e}")))?;
    let mut out = RegionEvidence::default();
    let mut record = bam::Record::new();
    let mut n = 0u64;
    let (mut unmapped, mut secondary, mut qc, mut dup, mut low_mapq, mut supp) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    while let Some(result) = reader.read(&mut record) {
        result.map_err(|e| {
            Error::bad_input(
                label,
                format!(
                    "corrupt or truncated alignments after record {n} of {}:{start}-{end}: {e}",
                    names[tid as usize]
                ),
            )
        })?;
        n += 1;
        let flags = record.flags();
        if flags & FLAG_UNMAPPED != 0 {
            unmapped += 1;
            continue;
        }
        if flags & FLAG_SECONDARY != 0 {
            secondary += 1;
            continue;
        }
        if flags & FLAG_QC_FAIL != 0 {
            qc += 1;
            continue;
        }
        if flags & FLAG_DUPLICATE != 0 {
            dup += 1;
            continue;
        }
        if record.mapq() < filter.min_mapq {
            low_mapq += 1;
            continue;
        }
        let is_supplementary = flags & FLAG_SUPPLEMENTARY != 0;
        if is_supplementary {
            supp += 1;
        }
        let geometry =
            Geometry::from_raw(record.pos(), flags & FLAG_REVERSE != 0, record.raw_cigar());
        let template = name_hash(record.qname());
        let seg = segment(flags);
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
            match aux_str(&record, b"SA") {
                Some(sa) if collect == Collect::All => {
                    if let Some(split) = split_read(&geometry, sa, namer, filter, template, seg) {
                        out.splits.push(split);
                    }
                }
                Some(_) => {}
                None if !is_supplementary => {
                    if let Some((pos, side)) = geometry.clip_junction(filter.min_clip) {
                        out.clips.push(ClipRead {
                            pos,
                            side,
                            template,
                            segment: seg,
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
            if let Some(pair) = pair_read(&record, &geometry, ctx, template) {
                out.pairs.push(pair);
            }
        }
    }
    stats.records_read += n;
    let min = filter.min_mapq;
    stats.skip_n("unmapped read", unmapped);
    stats.skip_n("secondary alignment", secondary);
    stats.skip_n("QC-failed read", qc);
    stats.skip_n("duplicate read", dup);
    stats.skip_n(&format!("MAPQ below {min}"), low_mapq);
    stats.count(
        "supplementary alignments (split-read pieces, counted once per read)",
        supp,
    );
    Ok(out)
}

fn split_read(
    geometry: &Geometry,
    sa: &str,
    namer: &Namer,
    filter: ReadFilter,
    template: u64,
    segment: u8,
) -> Option<SplitRead> {
    let mut best: Option<(u8, SplitRead)> = None;
    for entry in parse_sa(sa) {
        if entry.mapq < filter.min_mapq || namer.in_alk(&entry.chrom, entry.geometry.start) {
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
                },
            ));
        }
    }
    best.map(|(_, s)| s)
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
