//! Which copy-number regions the assay could see. A region without reads is a deletion only
//! when the assay was meant to cover it: with `--targets` (the capture design) a targeted
//! region is assessable and an untargeted one is not; without it, covered regions are
//! inferred from the reads (a region with no passing read is "not covered", never a loss).
//! Regions on contigs the alignment header lacks are never assessable.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::depth::DepthProfile;
use super::regions::CnRegion;
use crate::error::{Error, Result};
use crate::genome::normalize_contig;

/// Spliced-read fraction above which alignments are taken as RNA (DNA aligners such as bwa
/// never write `N`; RNA-seq has spliced reads in most expressed genes).
pub const RNA_SPLICED_FRACTION: f64 = 0.02;

/// The capture design: intervals per contig (no `chr`), 1-based inclusive, sorted.
#[derive(Debug, Clone, Default)]
pub struct CaptureTargets {
    by_contig: HashMap<String, Vec<(u64, u64)>>,
    pub intervals: usize,
}

impl CaptureTargets {
    /// A BED file (`chrom start end [name ...]`, 0-based half-open); `track`, `browser` and
    /// `#` lines are skipped.
    pub fn read(path: &Path) -> Result<Self> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::bad_input(&label, format!("cannot read: {e}")))?;
        let mut targets = CaptureTargets::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty()
                || line.starts_with('#')
                || line.starts_with("track")
                || line.starts_with("browser")
            {
                continue;
            }
            let bad = |m: String| Error::bad_record(&label, i as u64 + 1, m);
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 3 {
                return Err(bad(
                    "expected at least 3 tab-separated columns: chrom, start, end".into(),
                ));
            }
            let number = |k: usize, what: &str| -> Result<u64> {
                fields[k]
                    .trim()
                    .parse()
                    .map_err(|_| bad(format!("{what} '{}' is not a number", fields[k])))
            };
            let (start0, end) = (number(1, "start")?, number(2, "end")?);
            if end <= start0 {
                return Err(bad(
                    "end must be greater than start (BED is 0-based, half-open)".into(),
                ));
            }
            targets
                .by_contig
                .entry(normalize_contig(fields[0].trim()).to_string())
                .or_default()
                .push((start0 + 1, end));
            targets.intervals += 1;
        }
        if targets.intervals == 0 {
            return Err(Error::bad_input(&label, "no intervals in the targets BED"));
        }
        for list in targets.by_contig.values_mut() {
            list.sort_unstable();
        }
        Ok(targets)
    }

    /// Whether any target interval overlaps 1-based inclusive `start..=end` on `chrom`.
    pub fn overlaps(&self, chrom: &str, start: u64, end: u64) -> bool {
        let Some(list) = self.by_contig.get(normalize_contig(chrom)) else {
            return false;
        };
        // Intervals starting after `end` cannot overlap; of the rest, any reaching `start`.
        let upto = list.partition_point(|&(s, _)| s <= end);
        list[..upto].iter().any(|&(_, e)| e >= start)
    }
}

/// Whether a region's depth can be read as copy number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionCoverage {
    /// In the capture design (`--targets`), or with reads when covered regions are inferred.
    Covered,
    /// `--targets` given and the region is outside it.
    NotTargeted,
    /// No `--targets`: no passing read over the region, so the assay may not cover it.
    NoReads,
    /// The region's contig is not in the alignment header.
    ContigMissing,
}

impl RegionCoverage {
    pub fn is_covered(self) -> bool {
        self == RegionCoverage::Covered
    }

    /// Why a region is not assessable (for the not-assessed reason).
    pub fn reason(self) -> &'static str {
        match self {
            RegionCoverage::Covered => "covered",
            RegionCoverage::NotTargeted => "outside the capture targets (--targets)",
            RegionCoverage::NoReads => {
                "without reads (no --targets: covered regions inferred from the reads; a \
                 homozygous deletion cannot be told from a region the assay did not capture)"
            }
            RegionCoverage::ContigMissing => "on a contig not in the alignment header",
        }
    }
}

/// The coverage status of every region, in the order of `regions`.
pub fn region_coverage(
    regions: &[CnRegion],
    profile: &DepthProfile,
    targets: Option<&CaptureTargets>,
) -> Vec<RegionCoverage> {
    regions
        .iter()
        .zip(&profile.depths)
        .map(|(r, d)| {
            if profile.missing_contigs.iter().any(|c| c == &r.chrom) {
                RegionCoverage::ContigMissing
            } else if let Some(t) = targets {
                if t.overlaps(&r.chrom, r.start, r.end) {
                    RegionCoverage::Covered
                } else {
                    RegionCoverage::NotTargeted
                }
            } else if d.reads == 0 {
                RegionCoverage::NoReads
            } else {
                RegionCoverage::Covered
            }
        })
        .collect()
}

/// Why the alignments look like RNA, if they do: an RNA aligner in `@PG`, or more than
/// [`RNA_SPLICED_FRACTION`] of the counted reads spliced.
pub fn rna_evidence(aligner: Option<&str>, profile: &DepthProfile) -> Option<String> {
    if let Some(program) = aligner {
        return Some(format!("the header names the RNA aligner {program} (@PG)"));
    }
    let fraction = profile.reads.spliced_fraction()?;
    (profile.reads.counted >= 100 && fraction > RNA_SPLICED_FRACTION).then(|| {
        format!(
            "{:.1} % of the counted reads are spliced (CIGAR N; more than {} % means RNA)",
            100.0 * fraction,
            100.0 * RNA_SPLICED_FRACTION
        )
    })
}

/// The not-assessed reason of a gene none of whose regions is covered.
pub fn uncovered_reason(statuses: &[RegionCoverage]) -> String {
    let mut kinds: Vec<RegionCoverage> = statuses.to_vec();
    kinds.sort_by_key(|k| *k as u8);
    kinds.dedup();
    let why: Vec<&str> = kinds.iter().map(|k| k.reason()).collect();
    format!(
        "not assessed (no coverage): none of its {} regions is covered ({})",
        statuses.len(),
        why.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy_number::depth::{ReadTally, RegionDepth};
    use crate::copy_number::genes::Role;

    fn region(chrom: &str, start: u64, end: u64) -> CnRegion {
        CnRegion {
            chrom: chrom.into(),
            start,
            end,
            gene: "TP53".into(),
            role: Role::Loss,
            arm: None,
            label: "exon 1".into(),
        }
    }

    fn bed(text: &str) -> Result<CaptureTargets> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.bed");
        std::fs::write(&path, text).unwrap();
        CaptureTargets::read(&path)
    }

    #[test]
    fn targets_overlap_by_bed_coordinates() {
        let t = bed("track name=x\nchr2\t100\t200\tALK\n2\t500\t600\n").unwrap();
        assert_eq!(t.intervals, 2);
        assert!(t.overlaps("2", 101, 101), "BED start 100 is base 101");
        assert!(!t.overlaps("2", 1, 100));
        assert!(t.overlaps("chr2", 150, 550));
        assert!(!t.overlaps("2", 201, 500));
        assert!(!t.overlaps("17", 101, 200));
    }

    #[test]
    fn bad_targets_name_the_line() {
        let e = bed("2\t100\t200\n2\tx\t300\n").unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("'x'"), "{e}");
        assert!(bed("# only a comment\n").is_err());
        assert!(bed("2\t300\t200\n").is_err());
    }

    #[test]
    fn regions_without_reads_or_contig_are_not_covered() {
        let regions = [
            region("17", 1, 100),
            region("17", 201, 300),
            region("13", 1, 10),
        ];
        let profile = DepthProfile {
            depths: vec![
                RegionDepth { bases: 0, reads: 0 },
                RegionDepth {
                    bases: 500,
                    reads: 10,
                },
                RegionDepth::default(),
            ],
            missing_contigs: vec!["13".into()],
            reads: ReadTally::default(),
        };
        let inferred = region_coverage(&regions, &profile, None);
        assert_eq!(
            inferred,
            [
                RegionCoverage::NoReads,
                RegionCoverage::Covered,
                RegionCoverage::ContigMissing
            ]
        );
        let t = bed("17\t0\t100\n13\t0\t10\n").unwrap();
        let designed = region_coverage(&regions, &profile, Some(&t));
        assert_eq!(
            designed,
            [
                RegionCoverage::Covered,
                RegionCoverage::NotTargeted,
                RegionCoverage::ContigMissing
            ],
            "a targeted region without reads is assessable; a missing contig never"
        );
        assert!(uncovered_reason(&inferred[..1]).starts_with("not assessed (no coverage)"));
    }

    #[test]
    fn rna_is_told_by_the_aligner_or_spliced_reads() {
        let mut profile = DepthProfile {
            depths: vec![],
            missing_contigs: vec![],
            reads: ReadTally {
                counted: 1000,
                spliced: 10,
                ..ReadTally::default()
            },
        };
        assert_eq!(rna_evidence(None, &profile), None, "1 % spliced: DNA");
        assert!(rna_evidence(Some("STAR"), &profile)
            .unwrap()
            .contains("STAR"));
        profile.reads.spliced = 300;
        assert!(rna_evidence(None, &profile).unwrap().contains("30.0 %"));
    }
}
