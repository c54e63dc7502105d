//! Read depth over regions by indexed queries: aligned bases (`M`/`=`/`X`) of every passing
//! read, summed per region from its CIGAR. No pileup, so no depth cap: a 50,000x amplicon
//! counts 50,000x. Equivalent to `samtools bedcov -j -Q <mapq> -G 0xF04`.

use rayon::prelude::*;
use serde::Serialize;

use super::regions::CnRegion;
use crate::alignments::{cigar_steps, next_record, reopen_error, AlignmentFile, EXCLUDED_FLAGS};
use crate::error::Result;

/// Regions closer than this are fetched together, so that one BGZF block is decoded once.
const MERGE_GAP: u64 = 1_000;

/// Depth counted over one region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RegionDepth {
    /// Aligned read bases inside the region (the sum of per-base depth).
    pub bases: u64,
    /// Passing reads with at least one aligned base inside the region.
    pub reads: u64,
}

impl RegionDepth {
    pub fn mean(&self, region: &CnRegion) -> f64 {
        self.bases as f64 / region.len() as f64
    }
}

/// Per-region depth of one alignment file, in the order of `regions`; regions on contigs the
/// file does not have are zero and listed in `missing_contigs`.
#[derive(Debug, Clone, PartialEq)]
pub struct DepthProfile {
    pub depths: Vec<RegionDepth>,
    pub missing_contigs: Vec<String>,
    pub reads: ReadTally,
}

/// Reads met in the region queries, and why some were not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReadTally {
    pub counted: u64,
    /// Unmapped, secondary, QC-fail, duplicate or supplementary.
    pub excluded_by_flag: u64,
    pub below_min_mapq: u64,
    /// Counted reads with a reference skip (`N` in the CIGAR): spliced RNA alignments.
    pub spliced: u64,
}

impl ReadTally {
    fn add(&mut self, other: &ReadTally) {
        self.counted += other.counted;
        self.excluded_by_flag += other.excluded_by_flag;
        self.below_min_mapq += other.below_min_mapq;
        self.spliced += other.spliced;
    }

    /// Fraction of counted reads that are spliced (`None` without counted reads).
    pub fn spliced_fraction(&self) -> Option<f64> {
        (self.counted > 0).then(|| self.spliced as f64 / self.counted as f64)
    }
}

/// One cluster's counts: (region index, depth) and the reads met.
type ClusterCounts = (Vec<(usize, RegionDepth)>, ReadTally);

/// Count depth over `regions` (any order) with reads of MAPQ ≥ `min_mapq`, in parallel on the
/// current rayon pool. Integer sums: the result is the same for any number of threads.
pub fn count_depth(
    file: &AlignmentFile,
    regions: &[CnRegion],
    min_mapq: u8,
) -> Result<DepthProfile> {
    let header = file.header()?;
    let mut missing_contigs = Vec::new();
    let mut located: Vec<(u32, usize)> = Vec::new();
    for (i, region) in regions.iter().enumerate() {
        match header.tid(&region.chrom) {
            Some(tid) => located.push((tid, i)),
            None => {
                if !missing_contigs.contains(&region.chrom) {
                    missing_contigs.push(region.chrom.clone());
                }
            }
        }
    }
    located.sort_by_key(|&(tid, i)| (tid, regions[i].start, regions[i].end, i));
    let clusters = clusters(&located, regions);
    let label = file.label();
    let counted: Vec<Result<ClusterCounts>> = clusters
        .par_iter()
        .map_init(
            || file.open(),
            |reader, cluster| {
                let reader = match reader {
                    Ok(reader) => reader,
                    Err(e) => return Err(reopen_error(e)),
                };
                count_cluster(reader, cluster, regions, min_mapq, &label)
            },
        )
        .collect();
    let mut depths = vec![RegionDepth::default(); regions.len()];
    let mut reads = ReadTally::default();
    for cluster in counted {
        let (members, tally) = cluster?;
        for (i, depth) in members {
            depths[i] = depth;
        }
        reads.add(&tally);
    }
    Ok(DepthProfile {
        depths,
        missing_contigs,
        reads,
    })
}

/// Regions fetched together: one contig, gaps of at most [`MERGE_GAP`].
struct Cluster {
    tid: u32,
    /// 0-based half-open fetch window.
    start0: u64,
    end: u64,
    /// Region indices, sorted by start.
    members: Vec<usize>,
}

fn clusters(located: &[(u32, usize)], regions: &[CnRegion]) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    for &(tid, i) in located {
        let region = &regions[i];
        match out.last_mut() {
            Some(c) if c.tid == tid && region.start <= c.end + MERGE_GAP => {
                c.end = c.end.max(region.end);
                c.members.push(i);
            }
            _ => out.push(Cluster {
                tid,
                start0: region.start - 1,
                end: region.end,
                members: vec![i],
            }),
        }
    }
    out
}

fn count_cluster(
    reader: &mut rust_htslib::bam::IndexedReader,
    cluster: &Cluster,
    regions: &[CnRegion],
    min_mapq: u8,
    label: &str,
) -> Result<ClusterCounts> {
    // Member bounds as 0-based half-open intervals, sorted by start.
    let bounds: Vec<(i64, i64)> = cluster
        .members
        .iter()
        .map(|&i| (regions[i].start as i64 - 1, regions[i].end as i64))
        .collect();
    let longest = bounds.iter().map(|&(s, e)| e - s).max().unwrap_or(0);
    let mut counts = vec![RegionDepth::default(); bounds.len()];
    let mut touched: Vec<usize> = Vec::new();
    reader
        .fetch((cluster.tid, cluster.start0 as i64, cluster.end as i64))
        .map_err(|e| crate::error::Error::bad_input(label, format!("region query failed: {e}")))?;
    let mut record = rust_htslib::bam::Record::new();
    let mut tally = ReadTally::default();
    while next_record(reader, &mut record, label)? {
        if record.flags() & EXCLUDED_FLAGS != 0 {
            tally.excluded_by_flag += 1;
            continue;
        }
        if record.mapq() < min_mapq {
            tally.below_min_mapq += 1;
            continue;
        }
        tally.counted += 1;
        if cigar_steps(&record).any(|s| s.op == 3) {
            tally.spliced += 1;
        }
        touched.clear();
        for step in cigar_steps(&record).filter(|s| s.is_aligned()) {
            let (block_start, block_end) = (step.ref_pos, step.ref_pos + step.len as i64);
            // Regions are sorted by start; those starting at or after block_end cannot overlap.
            // and none starting before block_start - longest can reach it.
            let first = bounds.partition_point(|&(s, _)| s + longest <= block_start);
            let last = bounds.partition_point(|&(s, _)| s < block_end);
            for (k, &(s, e)) in bounds.iter().enumerate().take(last).skip(first) {
                let overlap = block_end.min(e) - block_start.max(s);
                if overlap > 0 {
                    counts[k].bases += overlap as u64;
                    if !touched.contains(&k) {
                        touched.push(k);
                    }
                }
            }
        }
        for &k in &touched {
            counts[k].reads += 1;
        }
    }
    Ok((cluster.members.iter().copied().zip(counts).collect(), tally))
}
