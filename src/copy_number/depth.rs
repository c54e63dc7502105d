//! Read depth over regions by indexed queries: aligned bases (`M`/`=`/`X`) of every passing
//! read, summed per region from its CIGAR. No pileup, so no depth cap: a 50,000x amplicon
//! counts 50,000x. Equivalent to `samtools bedcov -j -Q <mapq> -G 0xF04`.

use rust_htslib::bam::record::Record;
use serde::Serialize;

use super::regions::CnRegion;
use crate::alignments::pass::{visit_regions, RegionVisitor, Window};
use crate::alignments::{cigar_steps, AlignmentFile, AlignmentHeader, EXCLUDED_FLAGS};
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

/// Count depth over `regions` (any order) with reads of MAPQ ≥ `min_mapq`, in parallel on the
/// current rayon pool. Integer sums: the result is the same for any number of threads.
pub fn count_depth(
    file: &AlignmentFile,
    regions: &[CnRegion],
    min_mapq: u8,
) -> Result<DepthProfile> {
    let header = file.header()?;
    let mut pass = DepthPass::new(&header, regions, min_mapq);
    visit_regions(file, pass.visitors())?;
    Ok(pass.finish())
}

/// Depth counting as visitors of a shared pass over the reads ([`crate::alignments::pass`]):
/// one visitor per cluster of nearby regions.
pub struct DepthPass {
    clusters: Vec<DepthCluster>,
    regions: usize,
    missing_contigs: Vec<String>,
}

impl DepthPass {
    pub fn new(header: &AlignmentHeader, regions: &[CnRegion], min_mapq: u8) -> Self {
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
        DepthPass {
            clusters: clusters(&located, regions, min_mapq),
            regions: regions.len(),
            missing_contigs,
        }
    }

    pub fn visitors(&mut self) -> Vec<&mut dyn RegionVisitor> {
        self.clusters
            .iter_mut()
            .map(|c| c as &mut dyn RegionVisitor)
            .collect()
    }

    /// The profile, in the order of the regions given to [`DepthPass::new`].
    pub fn finish(self) -> DepthProfile {
        let mut depths = vec![RegionDepth::default(); self.regions];
        let mut reads = ReadTally::default();
        for cluster in self.clusters {
            for (i, depth) in cluster.members.into_iter().zip(cluster.counts) {
                depths[i] = depth;
            }
            reads.add(&cluster.tally);
        }
        DepthProfile {
            depths,
            missing_contigs: self.missing_contigs,
            reads,
        }
    }
}

/// Regions counted together: one contig, gaps of at most [`MERGE_GAP`].
struct DepthCluster {
    tid: u32,
    /// 0-based half-open window.
    start0: u64,
    end: u64,
    /// Region indices, sorted by start.
    members: Vec<usize>,
    /// Member bounds as 0-based half-open intervals, sorted by start.
    bounds: Vec<(i64, i64)>,
    longest: i64,
    counts: Vec<RegionDepth>,
    touched: Vec<usize>,
    tally: ReadTally,
    min_mapq: u8,
}

fn clusters(located: &[(u32, usize)], regions: &[CnRegion], min_mapq: u8) -> Vec<DepthCluster> {
    let mut out: Vec<DepthCluster> = Vec::new();
    for &(tid, i) in located {
        let region = &regions[i];
        match out.last_mut() {
            Some(c) if c.tid == tid && region.start <= c.end + MERGE_GAP => {
                c.end = c.end.max(region.end);
                c.members.push(i);
            }
            _ => out.push(DepthCluster {
                tid,
                start0: region.start - 1,
                end: region.end,
                members: vec![i],
                bounds: Vec::new(),
                longest: 0,
                counts: Vec::new(),
                touched: Vec::new(),
                tally: ReadTally::default(),
                min_mapq,
            }),
        }
    }
    for c in &mut out {
        c.bounds = c
            .members
            .iter()
            .map(|&i| (regions[i].start as i64 - 1, regions[i].end as i64))
            .collect();
        c.longest = c.bounds.iter().map(|&(s, e)| e - s).max().unwrap_or(0);
        c.counts = vec![RegionDepth::default(); c.bounds.len()];
    }
    out
}

impl RegionVisitor for DepthCluster {
    fn window(&self) -> Window {
        Window {
            tid: self.tid,
            start0: self.start0 as i64,
            end0: self.end as i64,
        }
    }

    fn visit(&mut self, record: &Record) {
        let tally = &mut self.tally;
        if record.flags() & EXCLUDED_FLAGS != 0 {
            tally.excluded_by_flag += 1;
            return;
        }
        if record.mapq() < self.min_mapq {
            tally.below_min_mapq += 1;
            return;
        }
        tally.counted += 1;
        if cigar_steps(record).any(|s| s.op == 3) {
            tally.spliced += 1;
        }
        let (bounds, longest) = (&self.bounds, self.longest);
        self.touched.clear();
        for step in cigar_steps(record).filter(|s| s.is_aligned()) {
            let (block_start, block_end) = (step.ref_pos, step.ref_pos + step.len as i64);
            // Regions are sorted by start; those starting at or after block_end cannot overlap.
            // and none starting before block_start - longest can reach it.
            let first = bounds.partition_point(|&(s, _)| s + longest <= block_start);
            let last = bounds.partition_point(|&(s, _)| s < block_end);
            for (k, &(s, e)) in bounds.iter().enumerate().take(last).skip(first) {
                let overlap = block_end.min(e) - block_start.max(s);
                if overlap > 0 {
                    self.counts[k].bases += overlap as u64;
                    if !self.touched.contains(&k) {
                        self.touched.push(k);
                    }
                }
            }
        }
        for &k in &self.touched {
            self.counts[k].reads += 1;
        }
    }
}
