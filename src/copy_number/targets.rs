//! The reported genes and where they are on one build, for sources that give segments or
//! bins rather than depth (CNVkit, CNV VCF).

use super::genes::{GeneTable, Role};
use crate::genome::normalize_contig;
use crate::transcript::TranscriptSet;

/// A reported gene: its span on the build when alkres ships it, else only its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneTarget {
    pub gene: String,
    pub role: Role,
    /// Contig (no `chr`) and 1-based inclusive span of the shipped transcript.
    pub span: Option<(String, u64, u64)>,
}

/// Every target gene of the table, with spans from the shipped transcripts of the build.
pub fn gene_targets(genes: &GeneTable, transcripts: &TranscriptSet) -> Vec<GeneTarget> {
    genes
        .targets()
        .map(|g| GeneTarget {
            gene: g.gene.clone(),
            role: g.role,
            span: transcripts.by_gene(&g.gene).map(|t| {
                let (s, e) = t.span();
                (normalize_contig(&t.chrom).to_string(), s, e)
            }),
        })
        .collect()
}

/// Bases shared by 1-based inclusive `a_start..=a_end` and `b_start..=b_end`.
pub fn overlap(a_start: u64, a_end: u64, b_start: u64, b_end: u64) -> u64 {
    let lo = a_start.max(b_start);
    let hi = a_end.min(b_end);
    if hi >= lo {
        hi - lo + 1
    } else {
        0
    }
}

/// Median of values weighted by length (the value at half the total weight).
pub fn weighted_median(values: &[(f64, f64)]) -> Option<f64> {
    let mut v: Vec<(f64, f64)> = values
        .iter()
        .copied()
        .filter(|(x, w)| x.is_finite() && *w > 0.0)
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let half = v.iter().map(|(_, w)| w).sum::<f64>() / 2.0;
    let mut acc = 0.0;
    for (x, w) in &v {
        acc += w;
        if acc >= half {
            return Some(*x);
        }
    }
    v.last().map(|(x, _)| *x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_and_weighted_medians() {
        assert_eq!(overlap(1, 10, 5, 20), 6);
        assert_eq!(overlap(1, 10, 11, 20), 0);
        assert_eq!(
            weighted_median(&[(0.0, 100.0), (3.0, 1.0), (-1.0, 10.0)]),
            Some(0.0)
        );
        assert_eq!(weighted_median(&[(2.0, 90.0), (0.0, 10.0)]), Some(2.0));
        assert_eq!(weighted_median(&[]), None);
    }
}
