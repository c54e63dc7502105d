//! The noise model of BAM hotspot genotyping: how many alternate fragments sequencing errors
//! alone would give at a site, whether the observed count exceeds that (one-sided binomial
//! test), whether the alternate fragments come from both strands, and the smallest VAF the
//! depth seen could detect (limit of detection).
//!
//! The per-base error rate is estimated at each site from the reads themselves: mismatches to
//! the majority base at the positions flanking the codon (positions whose minority bases
//! exceed [`VARIANT_FRACTION`] are taken as real variants and left out). An error makes one
//! specific substitution with probability rate / 3, so a fragment read once shows the
//! alternate amino acid by error with probability `routes × rate / 3`, where `routes` counts
//! the single-base changes of the reference codon that encode it; a fragment whose two mates
//! both read the codon and agree needs the same error twice (squared).
//!
//! With a matched normal (`alkres cnv --normal`, `alkres run --normal-bam`) the same hotspots
//! are genotyped in the normal, and the per-fragment error rate of the test is the larger of
//! the flank estimate and the normal's alternate fraction at that site, `(alt + 0.5) /
//! (depth + 1)`: a site where the normal shows the change as often as the tumour (a recurrent
//! artefact of the assay or a germline variant) is not called somatic.

use serde::Serialize;

use crate::transcript::codon::translate;

/// A flanking position with more than this fraction of non-majority bases is a variant, not
/// noise.
pub const VARIANT_FRACTION: f64 = 0.2;
/// Bases on each side of the codon whose mismatches estimate the error rate.
pub const FLANK: i64 = 15;
/// Power at which the limit of detection is stated.
pub const LOD_POWER: f64 = 0.95;

/// The noise estimate and tests at one site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SiteNoise {
    /// Per-base error rate at the site (mismatches / bases at the flanking positions).
    pub error_rate: f64,
    /// Flanking bases the rate was estimated from.
    pub error_bases: u64,
    /// Alternate fragments expected from errors alone at this depth.
    pub expected_errors: f64,
    /// P(alternate count ≥ observed | errors only), one-sided binomial.
    pub p_value: f64,
    /// Alternate fragments on the forward / reverse strand (of read 1).
    pub alt_forward: u32,
    pub alt_reverse: u32,
    /// Two-sided binomial p-value of the alternate strand split against the site's split.
    pub strand_p_value: f64,
    /// Smallest VAF detected with [`LOD_POWER`] probability at this depth and error rate
    /// (`None` when no VAF ≤ 1 would be).
    pub limit_of_detection: Option<f64>,
    /// The matched normal at the site, when one was given: its alternate fraction is the
    /// floor of the per-fragment error rate the test uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normal: Option<crate::detect::hotspots::NormalSite>,
}

/// Mismatch tally of the flanking positions: per position, counts of A, C, G, T.
pub fn flank_error_rate(columns: &[[u32; 4]]) -> (f64, u64) {
    let mut errors = 0u64;
    let mut bases = 0u64;
    for col in columns {
        let total: u32 = col.iter().sum();
        let major = col.iter().copied().max().unwrap_or(0);
        if total == 0 || f64::from(total - major) > VARIANT_FRACTION * f64::from(total) {
            continue;
        }
        errors += u64::from(total - major);
        bases += u64::from(total);
    }
    // One pseudo-error keeps the rate above zero where no mismatch was seen.
    ((errors as f64 + 1.0) / (bases as f64 + 1.0), bases)
}

/// Single-base changes of `reference` (coding strand) whose codon encodes `alt_aa`.
pub fn substitution_routes(reference: [u8; 3], alt_aa: u8) -> u32 {
    let mut routes = 0;
    for k in 0..3 {
        for b in [b'A', b'C', b'G', b'T'] {
            if b == reference[k] {
                continue;
            }
            let mut codon = reference;
            codon[k] = b;
            if translate(codon) == Some(alt_aa) {
                routes += 1;
            }
        }
    }
    routes
}

/// Per-fragment probability that errors alone show the alternate: `single` fragments read
/// once, `double` read by both mates in agreement.
pub fn null_rate(error_rate: f64, routes: u32, single: u32, double: u32) -> f64 {
    let once = (f64::from(routes) * error_rate / 3.0).min(1.0);
    let n = f64::from(single + double);
    if n == 0.0 {
        return once;
    }
    (f64::from(single) * once + f64::from(double) * once * once) / n
}

/// P(X ≥ k) for X ~ Binomial(n, p).
pub fn binomial_upper_tail(k: u32, n: u32, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (nf, lp, lq) = (f64::from(n), p.ln(), (1.0 - p).ln());
    let log_pmf = |i: u32| {
        let i = f64::from(i);
        ln_gamma(nf + 1.0) - ln_gamma(i + 1.0) - ln_gamma(nf - i + 1.0) + i * lp + (nf - i) * lq
    };
    // Sum from k upwards; past the mode the terms only shrink, so stop when negligible.
    let mode = ((nf + 1.0) * p).floor() as u32;
    let mut sum = 0.0;
    for i in k..=n {
        let term = log_pmf(i).exp();
        sum += term;
        if i > mode && term < sum * 1e-12 {
            break;
        }
    }
    sum.min(1.0)
}

/// Two-sided binomial test of `x` successes in `n` at probability `p` (sum of the outcomes
/// no more likely than the one seen).
pub fn binomial_two_sided(x: u32, n: u32, p: f64) -> f64 {
    if n == 0 {
        return 1.0;
    }
    let p = p.clamp(1e-9, 1.0 - 1e-9);
    let (nf, lp, lq) = (f64::from(n), p.ln(), (1.0 - p).ln());
    let log_pmf = |i: u32| {
        let i = f64::from(i);
        ln_gamma(nf + 1.0) - ln_gamma(i + 1.0) - ln_gamma(nf - i + 1.0) + i * lp + (nf - i) * lq
    };
    let seen = log_pmf(x);
    let total: f64 = (0..=n)
        .map(log_pmf)
        .filter(|&l| l <= seen + 1e-9)
        .map(f64::exp)
        .sum();
    total.min(1.0)
}

/// The smallest alternate count significant at `alpha` (and at least `min_alt`).
pub fn critical_count(n: u32, p0: f64, alpha: f64, min_alt: u32) -> Option<u32> {
    (min_alt.max(1)..=n).find(|&k| binomial_upper_tail(k, n, p0) < alpha)
}

/// Smallest VAF (in steps of 0.1 %) whose alternate count reaches `critical` with
/// [`LOD_POWER`] probability at depth `n` (errors add `p0`).
pub fn limit_of_detection(n: u32, p0: f64, critical: Option<u32>, min_vaf: f64) -> Option<f64> {
    let k = critical?;
    (1..=1000)
        .map(|i| f64::from(i) / 1000.0)
        .find(|&f| f >= min_vaf && binomial_upper_tail(k, n, (f + p0).min(1.0)) >= LOD_POWER)
}

/// Lanczos approximation of ln Γ(x), x > 0 (relative error < 1e-13).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, &g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_tails_match_exact_sums() {
        // P(X >= 2 | n=3, p=0.5) = 4/8.
        assert!((binomial_upper_tail(2, 3, 0.5) - 0.5).abs() < 1e-12);
        // P(X >= 5 | n=485, p=0.005) = 0.098526 (exact sum, python math.comb)
        assert!((binomial_upper_tail(5, 485, 0.005) - 0.098_526).abs() < 1e-5);
        assert_eq!(binomial_upper_tail(0, 10, 0.1), 1.0);
        assert_eq!(binomial_upper_tail(11, 10, 0.1), 0.0);
        // Two-sided: 10 of 10 heads at 0.5 = 2/1024.
        assert!((binomial_two_sided(10, 10, 0.5) - 2.0 / 1024.0).abs() < 1e-12);
        assert!((binomial_two_sided(5, 10, 0.5) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn routes_count_single_base_changes_to_the_residue() {
        // F1174 TTC → Leu by CTC, TTA, TTG.
        assert_eq!(substitution_routes(*b"TTC", b'L'), 3);
        // G1202 GGG → Arg by AGG, CGG.
        assert_eq!(substitution_routes(*b"GGG", b'R'), 2);
        // GGG to Phe (TTT/TTC) needs two changes: no single-base route.
        assert_eq!(substitution_routes(*b"GGG", b'F'), 0);
        assert_eq!(substitution_routes(*b"GGG", b'W'), 1, "TGG");
    }

    #[test]
    fn flank_rate_ignores_variant_columns() {
        let cols = [[990, 10, 0, 0], [500, 500, 0, 0], [0, 0, 1000, 0]];
        let (rate, bases) = flank_error_rate(&cols);
        assert_eq!(bases, 2000, "the 50 % column is a variant, not noise");
        assert!((rate - 11.0 / 2001.0).abs() < 1e-12);
    }

    #[test]
    fn the_measured_false_f1174l_is_not_significant() {
        // Issue 10: 5 of 485 fragments at 0.5 % per-base error (3 routes to Leu).
        let p0 = null_rate(0.005, 3, 485, 0);
        assert!(binomial_upper_tail(5, 485, p0) > 1e-3);
        // A true 2 % VAF at the same site (about 10 fragments) is.
        assert!(binomial_upper_tail(12, 485, p0) < 1e-4);
        let critical = critical_count(485, p0, 1e-4, 3).unwrap();
        let lod = limit_of_detection(485, p0, Some(critical), 0.0).unwrap();
        assert!(lod > 0.01 && lod < 0.04, "LoD {lod}");
        // Deeper sites detect less.
        let deep = null_rate(0.005, 3, 5000, 0);
        let lod_deep =
            limit_of_detection(5000, deep, critical_count(5000, deep, 1e-4, 3), 0.0).unwrap();
        assert!(lod_deep < lod);
    }
}
