//! Treatment history (from a sample sheet): primary vs acquired resistance, and the ranking
//! of the TKIs that remain.

use std::path::Path;

use serde::Deserialize;

use super::model::{DrugCall, DrugVerdict, RankedDrug, ResistanceTiming};
use crate::error::{Error, Result};
use crate::kb::KnowledgeBase;
use crate::model::Timing;

/// Progression within this many months of starting a TKI is primary resistance (the review's
/// definition, §1.1: no response and progression within 3 months).
pub const PRIMARY_RESISTANCE_MONTHS: f64 = 3.0;

#[derive(Debug, Clone, PartialEq)]
pub struct TreatmentHistory {
    /// Prior ALK TKIs in the order given (first to last).
    pub prior_tkis: Vec<String>,
    /// `baseline` or `progression`.
    pub timepoint: Option<String>,
    /// Months on the last TKI before this sample.
    pub months_on_last: Option<f64>,
    /// Where `months_on_last` came from when it was not given (e.g. inferred from sample dates).
    pub months_source: Option<String>,
    /// Histology stated for this sample's biopsy (sample sheet `histology`): a stated
    /// small-cell histology sets the SCLC-transformation phenotype without the TP53/RB1
    /// markers.
    pub histology: Option<Histology>,
}

/// The histologies a sample sheet may state (`histology` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Histology {
    Adenocarcinoma,
    Squamous,
    /// Small-cell carcinoma, pure or combined (the transformation the S08/S09 strategies
    /// answer).
    SmallCell,
    Other,
}

impl Histology {
    pub const ALLOWED: &'static str = "adenocarcinoma, squamous, small_cell, other";

    pub fn parse(text: &str) -> Option<Self> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "adenocarcinoma" => Some(Histology::Adenocarcinoma),
            "squamous" => Some(Histology::Squamous),
            "small_cell" | "sclc" | "combined_small_cell" => Some(Histology::SmallCell),
            "other" => Some(Histology::Other),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize)]
struct Row {
    sample: String,
    #[serde(default)]
    prior_tkis: String,
    #[serde(default)]
    timepoint: String,
    #[serde(default)]
    months_on_treatment: String,
    #[serde(default)]
    histology: String,
}

/// Read the history columns of a sample sheet (CSV with a header: `sample`, `prior_tkis`
/// (`;`-separated, in order), `timepoint` (`baseline`|`progression`), `months_on_treatment`,
/// optional `histology` (`adenocarcinoma`|`squamous`|`small_cell`|`other`); other columns are
/// ignored). Returns (sample, history) pairs.
pub fn read_sample_sheet(
    path: &Path,
    kb: &KnowledgeBase,
) -> Result<Vec<(String, TreatmentHistory)>> {
    let label = path.display().to_string();
    let mut out = Vec::new();
    for (line, row) in crate::io::sheet::sheet_rows::<Row>(path)? {
        let row = row.map_err(|e| {
            Error::bad_record(
                &label,
                line,
                format!("expected columns sample, prior_tkis, timepoint, months_on_treatment: {e}"),
            )
        })?;
        let mut prior = Vec::new();
        for name in row
            .prior_tkis
            .split([';', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let drug = kb.drug(name).ok_or_else(|| {
                Error::bad_record(
                    &label,
                    line,
                    format!(
                        "unknown TKI '{name}' (known: {})",
                        kb.drugs
                            .iter()
                            .map(|d| d.drug.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
            prior.push(drug.drug.clone());
        }
        let timepoint = match row.timepoint.to_ascii_lowercase().as_str() {
            "" => None,
            t @ ("baseline" | "progression") => Some(t.to_string()),
            other => {
                return Err(Error::bad_record(
                    &label,
                    line,
                    format!("timepoint '{other}': expected baseline or progression"),
                ))
            }
        };
        let months_on_last = match row.months_on_treatment.as_str() {
            "" => None,
            text => Some(
                text.parse::<f64>()
                    .ok()
                    .filter(|m| m.is_finite() && *m >= 0.0)
                    .ok_or_else(|| {
                        Error::bad_record(
                            &label,
                            line,
                            format!("months_on_treatment '{text}': expected a finite number of months ≥ 0"),
                        )
                    })?,
            ),
        };
        let histology = match row.histology.as_str() {
            "" => None,
            text => Some(Histology::parse(text).ok_or_else(|| {
                Error::bad_record(
                    &label,
                    line,
                    format!("histology '{text}': expected one of {}", Histology::ALLOWED),
                )
            })?),
        };
        out.push((
            row.sample,
            TreatmentHistory {
                prior_tkis: prior,
                timepoint,
                months_on_last,
                months_source: None,
                histology,
            },
        ));
    }
    Ok(out)
}

pub fn timing(history: &TreatmentHistory) -> ResistanceTiming {
    let mut timing = timing_from_months(history);
    if let (Some(source), Timing::Primary | Timing::Acquired) =
        (&history.months_source, timing.kind)
    {
        timing.reason = format!("{}; {source}", timing.reason);
    }
    timing
}

fn timing_from_months(history: &TreatmentHistory) -> ResistanceTiming {
    let last = history.prior_tkis.last();
    match (history.timepoint.as_deref(), last, history.months_on_last) {
        (Some("baseline"), _, _) | (None, None, _) => ResistanceTiming {
            kind: Timing::Baseline,
            reason: "sample taken before ALK TKI treatment: alterations found are pre-existing (potential primary-resistance factors)".into(),
        },
        (_, Some(drug), Some(months)) if months < PRIMARY_RESISTANCE_MONTHS => ResistanceTiming {
            kind: Timing::Primary,
            reason: format!("progression after {months} months on {drug} (< {PRIMARY_RESISTANCE_MONTHS} months: no durable response)"),
        },
        (_, Some(drug), Some(months)) => ResistanceTiming {
            kind: Timing::Acquired,
            reason: format!("progression after {months} months on {drug} (≥ {PRIMARY_RESISTANCE_MONTHS} months)"),
        },
        (_, Some(drug), None) => ResistanceTiming {
            kind: Timing::Undetermined,
            reason: format!("progression on {drug}; time on treatment not given, so primary vs acquired cannot be told"),
        },
        (Some(_), None, _) => ResistanceTiming {
            kind: Timing::Undetermined,
            reason: "progression sample with no prior TKI given".into(),
        },
    }
}

/// Sort key: call, already given, alterations without evidence for the drug (fewer first),
/// investigational, generation (later first), CNS activity.
type RankKey = (u8, u8, usize, u8, i64, u8);

/// Rank every drug for the next line: best call first; drugs the tumour progressed on
/// after; then the drug with evidence for more of the sample's alterations; approved before
/// investigational; later generation, then CNS activity, first.
pub fn rank(
    drugs: &[DrugVerdict],
    history: &TreatmentHistory,
    kb: &KnowledgeBase,
) -> Vec<RankedDrug> {
    let mut rows: Vec<(&DrugVerdict, Vec<String>, RankKey)> = drugs
        .iter()
        .map(|d| {
            let info = kb.drug(&d.drug);
            let mut reasons = vec![format!("call: {}", d.call.label())];
            if !d.driven_by.is_empty() {
                reasons.push(format!("driven by {}", d.driven_by.join(", ")));
            }
            let progressed_on = history.prior_tkis.iter().any(|p| p == &d.drug);
            if progressed_on {
                reasons.push("already given: the tumour progressed on it".into());
            }
            let approved = info.is_some_and(|i| i.is_approved());
            reasons.push(if approved {
                "approved".into()
            } else {
                "investigational (clinical trial)".into()
            });
            let generation = info.map_or(0, |i| i.generation_number());
            let cns = info.map_or("", |i| i.cns_activity.as_str());
            if cns == "high" {
                reasons.push("high CNS activity".into());
            }
            let call_rank = match d.call {
                DrugCall::Sensitive => 0,
                DrugCall::NoKnownResistance => 1,
                DrugCall::Intermediate => 2,
                DrugCall::Unknown => 3,
                DrugCall::Resistant => 4,
            };
            if !d.unknown_for.is_empty() {
                reasons.push(format!("no evidence for {}", d.unknown_for.join(", ")));
            }
            let key = (
                call_rank,
                u8::from(progressed_on),
                d.unknown_for.len(),
                u8::from(!approved),
                -(generation as i64),
                u8::from(cns != "high"),
            );
            (d, reasons, key)
        })
        .collect();
    rows.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.drug.cmp(&b.0.drug)));
    rows.into_iter()
        .enumerate()
        .map(|(i, (d, reasons, _))| RankedDrug {
            rank: i + 1,
            drug: d.drug.clone(),
            call: d.call,
            reasons,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(prior: &[&str], timepoint: &str, months: Option<f64>) -> TreatmentHistory {
        TreatmentHistory {
            histology: None,
            prior_tkis: prior.iter().map(|s| s.to_string()).collect(),
            timepoint: Some(timepoint.into()),
            months_on_last: months,
            months_source: None,
        }
    }

    #[test]
    fn primary_and_acquired_follow_the_three_month_rule() {
        assert_eq!(
            timing(&history(&["alectinib"], "progression", Some(2.0))).kind,
            Timing::Primary
        );
        assert_eq!(
            timing(&history(&["alectinib"], "progression", Some(3.0))).kind,
            Timing::Acquired
        );
        assert_eq!(
            timing(&history(&["alectinib"], "progression", None)).kind,
            Timing::Undetermined
        );
        assert_eq!(
            timing(&history(&[], "baseline", None)).kind,
            Timing::Baseline
        );
    }

    #[test]
    fn sample_sheet_errors_name_the_line() {
        let kb = KnowledgeBase::shipped().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, "sample,prior_tkis,timepoint,months_on_treatment\nP1,crizotinib;Alecensa,progression,14\nP2,unobtainium,progression,3\n").unwrap();
        let err = read_sample_sheet(&path, &kb).unwrap_err().to_string();
        assert!(
            err.contains("line 3") && err.contains("unobtainium"),
            "{err}"
        );
        std::fs::write(&path, "sample,prior_tkis,timepoint,months_on_treatment\nP1,crizotinib;Alecensa,progression,14\n").unwrap();
        let rows = read_sample_sheet(&path, &kb).unwrap();
        assert_eq!(
            rows[0].1.prior_tkis,
            vec!["crizotinib", "alectinib"],
            "brand names resolve"
        );
        assert_eq!(rows[0].1.histology, None, "the column is optional");
    }

    #[test]
    fn sample_sheet_histology_is_read_and_checked() {
        let kb = KnowledgeBase::shipped().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        let head = "sample,prior_tkis,timepoint,months_on_treatment,histology\n";
        std::fs::write(
            &path,
            format!("{head}P1,alectinib,progression,14,Small cell\nP2,,baseline,,adenocarcinoma\n"),
        )
        .unwrap();
        let rows = read_sample_sheet(&path, &kb).unwrap();
        assert_eq!(rows[0].1.histology, Some(Histology::SmallCell));
        assert_eq!(rows[1].1.histology, Some(Histology::Adenocarcinoma));
        std::fs::write(
            &path,
            format!("{head}P1,alectinib,progression,14,carcinoid\n"),
        )
        .unwrap();
        let err = read_sample_sheet(&path, &kb).unwrap_err().to_string();
        assert!(
            err.contains("line 2") && err.contains("carcinoid") && err.contains("small_cell"),
            "{err}"
        );
    }
}
