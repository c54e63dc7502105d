//! Read depth over regions by indexed queries: aligned bases (`M`/`=`/`X`) of every passing
//! read, summed per region from its CIGAR. No pileup, so no depth cap: a 50,000x amplicon
//! counts 50,000x. Equivalent to `samtools bedcov -j -Q <mapq> -G 0xF04`.

use rayon::prelude::*;
use serde::Serialize;

use super::alignments::{cigar_steps, next_record, passes, reopen_error, AlignmentFile};
use super::regions::CnRegion;
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
}

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
    let counted: Vec<Result<Vec<(usize, RegionDepth)>>> = clusters
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
    for cluster in counted {
        for (i, depth) in cluster? {
            depths[i] = depth;
        }
    }
    Ok(DepthProfile {
        depths,
        missing_contigs,
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
) -> Result<Vec<(usize, RegionDepth)>> {
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
    while next_record(reader, &mut record, label)? {
        if !passes(&record, min_mapq) {
            continue;
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
    Ok(cluster.members.iter().copied().zip(counts).collect())
}
