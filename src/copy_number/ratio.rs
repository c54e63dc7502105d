//! From per-region depth to gene-level log2 ratios: normalise each sample by the median depth
//! of its reference regions, divide by the baseline (matched normal, panel of normals, or 1
//! for in-sample), sum over the gene's exons, and compare with the gene's chromosome arm.

use serde::Serialize;

use super::call::{GeneLevel, LOG2_FLOOR};
use super::depth::DepthProfile;
use super::genes::Role;
use super::regions::CnRegion;
use crate::error::{Error, Result};

/// Fewer reference regions with reads than this, and all regions are used to normalise.
const MIN_REFERENCE_REGIONS: usize = 10;

/// How one sample's depths were scaled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Normalisation {
    /// Median mean depth of the regions used: a region's normalised depth is its mean depth
    /// divided by this.
    pub scale: f64,
    pub regions_used: usize,
    pub basis: String,
}

/// Normalised depth of every region (mean depth / sample scale).
pub fn normalise(
    regions: &[CnRegion],
    profile: &DepthProfile,
    label: &str,
) -> Result<(Vec<f64>, Normalisation)> {
    normalise_covered(regions, profile, &vec![true; regions.len()], label)
}

/// The error of a BAM with no passing read in any copy-number region (`run` reports the
/// genes as not assessed instead: the BAM may be a fusion-only capture).
pub const NO_READS: &str = "no passing reads in any copy-number region: check the genome \
                            build, contig names and --min-mapq";

/// As [`normalise`], the scale taken only from regions marked `covered` (the capture
/// targets, or the regions with reads).
pub fn normalise_covered(
    regions: &[CnRegion],
    profile: &DepthProfile,
    covered: &[bool],
    label: &str,
) -> Result<(Vec<f64>, Normalisation)> {
    let means: Vec<f64> = regions
        .iter()
        .zip(&profile.depths)
        .map(|(r, d)| d.mean(r))
        .collect();
    let covered = |want_reference: bool| -> Vec<f64> {
        regions
            .iter()
            .zip(&means)
            .zip(covered)
            .filter(|((r, &m), &c)| c && m > 0.0 && (!want_reference || r.role == Role::Reference))
            .map(|((_, &m), _)| m)
            .collect()
    };
    let reference = covered(true);
    let (used, basis) = if reference.len() >= MIN_REFERENCE_REGIONS {
        (
            reference,
            "median mean depth of the reference regions with reads",
        )
    } else {
        (
            covered(false),
            "median mean depth of all regions with reads (too few reference regions have reads)",
        )
    };
    let Some(scale) = median(&used) else {
        return Err(Error::bad_input(label, NO_READS));
    };
    let normalised = means.iter().map(|m| m / scale).collect();
    Ok((
        normalised,
        Normalisation {
            scale,
            regions_used: used.len(),
            basis: basis.into(),
        },
    ))
}

/// What the tumour is compared with, region by region: the baseline's normalised depth
/// (`None` where the baseline has no reads, so the region is left out).
pub type BaselineDepths = Vec<Option<f64>>;

/// In-sample: every region is expected at the sample's reference depth.
pub fn in_sample_baseline(n: usize) -> BaselineDepths {
    vec![Some(1.0); n]
}

/// A matched normal's normalised depths as a baseline.
pub fn normal_baseline(normalised: &[f64]) -> BaselineDepths {
    normalised.iter().map(|&d| (d > 0.0).then_some(d)).collect()
}

/// The tumour's depths over the regions, counted and normalised.
#[derive(Debug, Clone, Copy)]
pub struct SampleDepths<'a> {
    pub regions: &'a [CnRegion],
    pub profile: &'a DepthProfile,
    pub normalised: &'a [f64],
    pub scale: f64,
}

/// Gene-level estimates for `genes` from the tumour's normalised depths and a baseline.
pub fn gene_levels(
    tumour: &SampleDepths,
    baseline: &[Option<f64>],
    genes: &[String],
) -> Vec<GeneLevel> {
    let regions = tumour.regions;
    let region_log2: Vec<Option<f64>> = tumour
        .normalised
        .iter()
        .zip(baseline)
        .map(|(&t, b)| b.map(|b| log2_floored(t / b)))
        .collect();
    genes
        .iter()
        .map(|gene| {
            let members: Vec<usize> = (0..regions.len())
                .filter(|&i| &regions[i].gene == gene)
                .collect();
            gene_level(gene, &members, tumour, baseline).with_baseline(arm_baseline(
                gene,
                &members,
                regions,
                &region_log2,
            ))
        })
        .collect()
}

fn gene_level(
    gene: &str,
    members: &[usize],
    sample: &SampleDepths,
    baseline: &[Option<f64>],
) -> GeneLevel {
    let (regions, profile, tumour) = (sample.regions, sample.profile, sample.normalised);
    let first = &regions[members[0]];
    let mut level = GeneLevel {
        gene: gene.to_string(),
        role: Some(first.role),
        chrom: Some(first.chrom.clone()),
        start: members.iter().map(|&i| regions[i].start).min(),
        end: members.iter().map(|&i| regions[i].end).max(),
        ..GeneLevel::default()
    };
    let used: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| baseline[i].is_some())
        .collect();
    let skipped = members.len() - used.len();
    if skipped > 0 {
        level.notes.push(format!(
            "{skipped} of {} regions left out: not covered in the sample or the baseline",
            members.len()
        ));
    }
    if profile.missing_contigs.iter().any(|c| c == &first.chrom) {
        level.notes.push(format!(
            "contig {} is not in the alignment header",
            first.chrom
        ));
    }
    if used.is_empty() {
        level
            .notes
            .push("no region with a baseline: not assessed".into());
        return level;
    }
    let length = |i: usize| regions[i].len() as f64;
    let observed: f64 = used.iter().map(|&i| tumour[i] * length(i)).sum();
    let expected: f64 = used
        .iter()
        .map(|&i| baseline[i].unwrap_or(0.0) * length(i))
        .sum();
    let total_length: f64 = used.iter().map(|&i| length(i)).sum();
    let ratio = observed / expected;
    level.log2 = Some(log2_floored(ratio));
    if ratio == 0.0 {
        level.notes.push(format!(
            "no passing reads over the gene's regions: log2 reported as {LOG2_FLOOR}"
        ));
    }
    level.bins = Some(used.len() as u32);
    level.depth = Some(
        used.iter()
            .map(|&i| profile.depths[i].bases as f64)
            .sum::<f64>()
            / total_length,
    );
    level.expected_depth = Some(expected * sample.scale / total_length);
    level
}

impl GeneLevel {
    fn with_baseline(mut self, baseline: Option<(f64, String)>) -> Self {
        if let Some((log2, scope)) = baseline {
            self.baseline_log2 = Some(log2);
            self.baseline_scope = Some(scope);
        }
        self
    }
}

/// Median log2 of the reference regions on the gene's arm, else on its chromosome.
fn arm_baseline(
    gene: &str,
    members: &[usize],
    regions: &[CnRegion],
    region_log2: &[Option<f64>],
) -> Option<(f64, String)> {
    let first = &regions[*members.first()?];
    let pick = |same_arm: bool| -> Vec<f64> {
        regions
            .iter()
            .zip(region_log2)
            .filter(|(r, _)| {
                r.role == Role::Reference
                    && r.gene != gene
                    && r.chrom == first.chrom
                    && (!same_arm || (r.arm.is_some() && r.arm == first.arm))
            })
            .filter_map(|(_, l)| *l)
            .collect()
    };
    let on_arm = if first.arm.is_some() {
        pick(true)
    } else {
        Vec::new()
    };
    if let (Some(m), Some(arm)) = (median(&on_arm), &first.arm) {
        return Some((m, format!("arm {arm} ({} reference exons)", on_arm.len())));
    }
    let on_chrom = pick(false);
    median(&on_chrom).map(|m| {
        (
            m,
            format!(
                "chromosome {} ({} reference exons; none on the gene's arm)",
                first.chrom,
                on_chrom.len()
            ),
        )
    })
}

/// log2 of a ratio, [`LOG2_FLOOR`] for zero (no reads) and below.
pub fn log2_floored(ratio: f64) -> f64 {
    if ratio > 0.0 {
        ratio.log2().max(LOG2_FLOOR)
    } else {
        LOG2_FLOOR
    }
}

/// Median of the values (mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn no_reads_is_the_floor_not_infinity() {
        assert_eq!(log2_floored(0.0), LOG2_FLOOR);
        assert_eq!(log2_floored(4.0), 2.0);
    }
}
