//! From a gene-level log2 ratio (or copy number) to a stated call: purity adjustment,
//! amplification / gain / neutral / loss / deep-deletion thresholds, focal vs broad.

use serde::Serialize;

use super::genes::Role;
use crate::error::{Error, Result};
use crate::model::{CnCall, CopyNumberFinding};

/// Gene-level log2 ratios below this are reported as this (no reads at all: ratio 0).
pub const LOG2_FLOOR: f64 = -7.0;

/// The thresholds of a run, written into every output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// Copy number at or above which a gene is `amplification`.
    pub amplification_copies: f64,
    /// Copy number at or above which a gene is `gain` (below amplification).
    pub gain_copies: f64,
    /// Copy number at or below which a gene is `loss`.
    pub loss_copies: f64,
    /// Copy number at or below which a gene is `deep_deletion`.
    pub deep_deletion_copies: f64,
    /// Focal when the gene's log2 differs from its arm (or chromosome) baseline by at least
    /// this much in the direction of the call (1.0 = twice the arm, as MET/CEP7 ≥ 2).
    pub focal_log2: f64,
    /// Tumour purity used to adjust copy numbers, if given.
    pub purity: Option<f64>,
    /// A depth-based loss or deep deletion needs at least this mean depth expected over the
    /// gene in the sample (at copy number 2) and, with a matched normal, seen in the normal;
    /// below it the gene is not assessed.
    pub min_loss_depth: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            amplification_copies: 6.0,
            gain_copies: 3.0,
            loss_copies: 1.5,
            deep_deletion_copies: 0.5,
            focal_log2: 1.0,
            purity: None,
            min_loss_depth: 20.0,
        }
    }
}

impl Thresholds {
    /// Check the thresholds are ordered and the purity is a fraction.
    pub fn validate(&self) -> Result<()> {
        let t = self;
        if !(t.deep_deletion_copies >= 0.0
            && t.deep_deletion_copies < t.loss_copies
            && t.loss_copies < 2.0
            && t.gain_copies > 2.0
            && t.gain_copies <= t.amplification_copies)
        {
            return Err(Error::Usage(format!(
                "copy-number thresholds must satisfy 0 <= --del-copies ({}) < --loss-copies ({}) \
                 < 2 < --gain-copies ({}) <= --amp-copies ({})",
                t.deep_deletion_copies, t.loss_copies, t.gain_copies, t.amplification_copies
            )));
        }
        if !(t.focal_log2 > 0.0 && t.focal_log2.is_finite()) {
            return Err(Error::Usage(format!(
                "--focal-log2 must be positive (got {})",
                t.focal_log2
            )));
        }
        if !(t.min_loss_depth >= 0.0 && t.min_loss_depth.is_finite()) {
            return Err(Error::Usage(format!(
                "--min-loss-depth must be a depth >= 0 (got {})",
                t.min_loss_depth
            )));
        }
        if let Some(p) = t.purity {
            if !(p > 0.0 && p <= 1.0) {
                return Err(Error::Usage(format!(
                    "--purity must be in (0, 1] (got {p})"
                )));
            }
        }
        Ok(())
    }

    /// One line stating every threshold (TSV header comment, messages).
    pub fn describe(&self) -> String {
        let purity = match self.purity {
            Some(p) => format!("; copy numbers adjusted for purity {p}: (CN_obs - 2(1-p))/p"),
            None => "; no purity adjustment".into(),
        };
        format!(
            "amplification: copy number >= {}; gain: >= {}; loss: <= {}; deep deletion: <= {}; \
             focal: |gene log2 - arm baseline log2| >= {}; losses from depth need >= {}x \
             expected in the sample and in a matched normal{purity}",
            self.amplification_copies,
            self.gain_copies,
            self.loss_copies,
            self.deep_deletion_copies,
            self.focal_log2,
            self.min_loss_depth
        )
    }

    /// Purity-adjusted copy number from an observed (sample-average) copy number.
    pub fn adjust(&self, observed: f64) -> f64 {
        match self.purity {
            Some(p) => ((observed - 2.0 * (1.0 - p)) / p).max(0.0),
            None => observed,
        }
    }

    fn classify(&self, cn: f64) -> (CnCall, String) {
        let t = self;
        if cn >= t.amplification_copies {
            (
                CnCall::Amplification,
                format!("copy number >= {}", t.amplification_copies),
            )
        } else if cn >= t.gain_copies {
            (
                CnCall::Gain,
                format!(
                    "copy number >= {} and < {}",
                    t.gain_copies, t.amplification_copies
                ),
            )
        } else if cn <= t.deep_deletion_copies {
            (
                CnCall::DeepDeletion,
                format!("copy number <= {}", t.deep_deletion_copies),
            )
        } else if cn <= t.loss_copies {
            (
                CnCall::Loss,
                format!(
                    "copy number <= {} and > {}",
                    t.loss_copies, t.deep_deletion_copies
                ),
            )
        } else {
            (
                CnCall::Neutral,
                format!("copy number > {} and < {}", t.loss_copies, t.gain_copies),
            )
        }
    }
}

/// Direction of a change reported without a number (a CNV VCF `<DUP>` without CN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Gain,
    Loss,
}

/// A gene-level estimate from any source, before calling.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeneLevel {
    pub gene: String,
    pub role: Option<Role>,
    pub chrom: Option<String>,
    pub start: Option<u64>,
    pub end: Option<u64>,
    pub log2: Option<f64>,
    /// Absolute copy number stated by the source (CNVkit `cn`, VCF `CN`): used as is.
    pub given_copy_number: Option<f64>,
    pub direction: Option<Direction>,
    /// log2 of the gene's arm (or chromosome) without it: the focal/broad baseline.
    pub baseline_log2: Option<f64>,
    /// What the baseline is (`arm 7q: 49 reference exons`).
    pub baseline_scope: Option<String>,
    pub bins: Option<u32>,
    pub depth: Option<f64>,
    pub expected_depth: Option<f64>,
    /// Mean raw depth of a matched normal over the gene's regions used.
    pub baseline_depth: Option<f64>,
    pub notes: Vec<String>,
}

/// Call one gene.
pub fn call_gene(
    level: GeneLevel,
    thresholds: &Thresholds,
    method: &str,
    source: &str,
) -> CopyNumberFinding {
    let mut notes = level.notes;
    let observed = level
        .given_copy_number
        .or_else(|| level.log2.map(|l| 2.0 * l.exp2()));
    let copy_number = match (level.given_copy_number, observed) {
        (Some(given), _) => {
            if thresholds.purity.is_some() {
                notes.push(
                    "copy number stated by the source, used as given (no purity adjustment)".into(),
                );
            }
            Some(given)
        }
        (None, Some(obs)) => Some(thresholds.adjust(obs)),
        (None, None) => None,
    };
    let (call, threshold) = match (copy_number, level.direction) {
        (Some(cn), _) => {
            let (call, text) = thresholds.classify(cn);
            let text = match (thresholds.purity, level.given_copy_number) {
                (Some(p), None) => format!("{text} (purity-adjusted, purity {p})"),
                _ => text,
            };
            (call, text)
        }
        (None, Some(Direction::Gain)) => (
            CnCall::Gain,
            "duplication called by the source; no copy number given".to_string(),
        ),
        (None, Some(Direction::Loss)) => (
            CnCall::Loss,
            "deletion called by the source; no copy number given".to_string(),
        ),
        (None, None) => (
            CnCall::Neutral,
            "no copy-number change reported over the gene".to_string(),
        ),
    };
    let focal = focal(call, level.log2, level.baseline_log2, thresholds).inspect(|&is_focal| {
        let (log2, base) = (
            level.log2.unwrap_or_default(),
            level.baseline_log2.unwrap_or_default(),
        );
        let scope = level.baseline_scope.as_deref().unwrap_or("baseline");
        notes.push(format!(
            "{}: gene log2 {log2:.2} vs {scope} log2 {base:.2} (focal when the difference is >= {})",
            if is_focal { "focal" } else { "broad" },
            thresholds.focal_log2
        ));
    });
    if focal.is_none() && call != CnCall::Neutral && level.log2.is_some() {
        notes.push("focal vs broad not assessed: no baseline on the same arm or chromosome".into());
    }
    CopyNumberFinding {
        gene: level.gene,
        log2_ratio: level.log2.map(round4),
        copy_number: copy_number.map(round4),
        call,
        focal,
        threshold,
        method: method.to_string(),
        source: source.to_string(),
        kb: None,
        notes,
        role: level.role.map(|r| r.as_str().to_string()),
        chrom: level.chrom,
        start: level.start,
        end: level.end,
        copy_number_observed: observed.map(round4),
        purity: thresholds.purity,
        baseline_log2: level.baseline_log2.map(round4),
        bins: level.bins,
        depth: level.depth.map(round4),
        expected_depth: level.expected_depth.map(round4),
    }
}

/// Why a depth-based loss or deep deletion of `level` cannot be called: the depth expected in
/// the sample, or seen in the matched normal, is below [`Thresholds::min_loss_depth`]. `None`
/// when the call stands (not a loss, or not from depth, or deep enough).
pub fn loss_depth_shortfall(level: &GeneLevel, call: CnCall, t: &Thresholds) -> Option<String> {
    if !call.is_loss() || level.given_copy_number.is_some() || level.log2.is_none() {
        return None;
    }
    let min = t.min_loss_depth;
    let expected = level.expected_depth?;
    if expected < min {
        return Some(format!(
            "not assessed (too shallow for a loss): {expected:.1}x expected at copy number 2 in              the sample, below the minimum {min}x (--min-loss-depth)"
        ));
    }
    match level.baseline_depth {
        Some(normal) if normal < min => Some(format!(
            "not assessed (too shallow for a loss): {normal:.1}x in the matched normal, below              the minimum {min}x (--min-loss-depth)"
        )),
        _ => None,
    }
}

fn focal(call: CnCall, log2: Option<f64>, baseline: Option<f64>, t: &Thresholds) -> Option<bool> {
    let diff = log2? - baseline?;
    match call {
        CnCall::Amplification | CnCall::Gain => Some(diff >= t.focal_log2),
        CnCall::Loss | CnCall::DeepDeletion => Some(-diff >= t.focal_log2),
        _ => None,
    }
}

/// Four decimals: stable text across platforms, enough for any plot.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(log2: f64, baseline: Option<f64>) -> GeneLevel {
        GeneLevel {
            gene: "MET".into(),
            log2: Some(log2),
            baseline_log2: baseline,
            ..GeneLevel::default()
        }
    }

    #[test]
    fn thresholds_make_the_stated_calls() {
        let t = Thresholds::default();
        let call = |l: f64| call_gene(level(l, None), &t, "m", "s");
        assert_eq!(call(2.0).call, CnCall::Amplification); // CN 8
        assert_eq!(call(2.0).threshold, "copy number >= 6");
        assert_eq!(call(1.0).call, CnCall::Gain); // CN 4
        assert_eq!(call(0.0).call, CnCall::Neutral);
        assert_eq!(call(-1.0).call, CnCall::Loss); // CN 1
        assert_eq!(call(LOG2_FLOOR).call, CnCall::DeepDeletion);
    }

    #[test]
    fn purity_adjusts_the_copy_number() {
        let t = Thresholds {
            purity: Some(0.5),
            ..Thresholds::default()
        };
        // Observed CN 4 at purity 0.5: (4 - 1) / 0.5 = 6 copies in the tumour cells.
        let f = call_gene(level(1.0, None), &t, "m", "s");
        assert_eq!(f.copy_number_observed, Some(4.0));
        assert_eq!(f.copy_number, Some(6.0));
        assert_eq!(f.call, CnCall::Amplification);
        assert!(f.threshold.contains("purity 0.5"));
    }

    #[test]
    fn focal_is_the_gene_against_its_arm() {
        let t = Thresholds::default();
        let f = call_gene(level(2.3, Some(0.0)), &t, "m", "s");
        assert_eq!(f.focal, Some(true));
        let f = call_gene(level(2.3, Some(2.1)), &t, "m", "s");
        assert_eq!(f.focal, Some(false));
        let f = call_gene(level(0.1, Some(0.0)), &t, "m", "s");
        assert_eq!(f.focal, None, "neutral genes are not assessed");
    }

    #[test]
    fn losses_need_the_stated_depth_in_sample_and_normal() {
        let t = Thresholds::default();
        let deep = |expected: f64, normal: Option<f64>| GeneLevel {
            log2: Some(LOG2_FLOOR),
            expected_depth: Some(expected),
            baseline_depth: normal,
            ..level(LOG2_FLOOR, None)
        };
        let call = CnCall::DeepDeletion;
        assert_eq!(loss_depth_shortfall(&deep(500.0, None), call, &t), None);
        assert_eq!(
            loss_depth_shortfall(&deep(500.0, Some(300.0)), call, &t),
            None
        );
        let shallow = loss_depth_shortfall(&deep(8.0, None), call, &t).unwrap();
        assert!(
            shallow.contains("8.0x expected") && shallow.contains("20x"),
            "{shallow}"
        );
        let normal = loss_depth_shortfall(&deep(500.0, Some(5.0)), call, &t).unwrap();
        assert!(normal.contains("matched normal"), "{normal}");
        // Gains are not held to the loss depth.
        assert_eq!(
            loss_depth_shortfall(&deep(8.0, None), CnCall::Amplification, &t),
            None
        );
    }

    #[test]
    fn disordered_thresholds_are_a_usage_error() {
        let t = Thresholds {
            gain_copies: 8.0,
            ..Thresholds::default()
        };
        assert!(matches!(t.validate(), Err(Error::Usage(_))));
        let t = Thresholds {
            purity: Some(1.5),
            ..Thresholds::default()
        };
        assert!(t.validate().is_err());
    }
}
