//! The patient columns of a sample sheet: `patient`, an order (`date` as ISO YYYY-MM-DD, or
//! `index`), and `tki_since_previous` (the ALK TKI given between the previous sample and this
//! one). Samples without a patient are not part of any timeline.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::kb::KnowledgeBase;
use crate::pipeline::SampleInputs;
use crate::verdict::TreatmentHistory;

#[derive(Debug, Deserialize)]
struct Row {
    sample: String,
    #[serde(default)]
    patient: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    index: String,
    #[serde(default)]
    tki_since_previous: String,
    #[serde(default)]
    prior_tkis: String,
    #[serde(default)]
    timepoint: String,
}

/// A calendar date (proleptic Gregorian), kept as days since 1970-01-01 for spacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// `YYYY-MM-DD`, with a real month and day.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y) && digits(m) && digits(d)) {
            return None;
        }
        let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One sample of a patient, as the sheet orders it.
#[derive(Debug, Clone, Serialize)]
pub struct PatientSample {
    pub sample: String,
    /// Sheet line (for messages).
    pub line: u64,
    pub date: Option<Date>,
    pub index: Option<i64>,
    /// ALK TKI (canonical KB name) given since the previous sample.
    pub tki_since_previous: Option<String>,
    /// Whether the sheet gave `prior_tkis` itself (else it is inferred from the sequence).
    pub prior_tkis_given: bool,
    pub timepoint_given: bool,
}

impl PatientSample {
    /// `2024-03-05`, or `#2` for an index.
    pub fn order_label(&self) -> String {
        match (self.date, self.index) {
            (Some(d), _) => d.to_string(),
            (None, Some(i)) => format!("#{i}"),
            (None, None) => String::new(),
        }
    }
}

/// A patient and their samples in time order.
#[derive(Debug, Clone, Serialize)]
pub struct Patient {
    pub patient: String,
    /// `date` or `index`: what orders the samples.
    pub ordered_by: &'static str,
    pub samples: Vec<PatientSample>,
}

/// Read and validate the patient columns. Errors (exit 3) name the line: an unparseable date
/// or index, an unknown TKI, two samples of one patient at the same date/index, a patient with
/// several samples and one without an order, a patient name unfit for a file name.
pub fn read_patients(path: &Path, kb: &KnowledgeBase) -> Result<Vec<Patient>> {
    let label = path.display().to_string();
    let mut by_patient: BTreeMap<String, Vec<PatientSample>> = BTreeMap::new();
    let mut first_line: BTreeMap<String, u64> = BTreeMap::new();
    for (line, row) in crate::io::sheet::sheet_rows::<Row>(path)? {
        let row: Row = row.map_err(|e| Error::bad_record(&label, line, e.to_string()))?;
        let date = match row.date.as_str() {
            "" => None,
            text => Some(Date::parse(text).ok_or_else(|| {
                Error::bad_record(
                    &label,
                    line,
                    format!("date '{text}': expected an ISO date YYYY-MM-DD"),
                )
            })?),
        };
        let index = match row.index.as_str() {
            "" => None,
            text => Some(text.parse::<i64>().map_err(|_| {
                Error::bad_record(&label, line, format!("index '{text}': expected an integer"))
            })?),
        };
        let tki = match row.tki_since_previous.as_str() {
            "" => None,
            name => Some(
                kb.drug(name)
                    .ok_or_else(|| {
                        Error::bad_record(
                            &label,
                            line,
                            format!("tki_since_previous '{name}': not a TKI of the knowledge base"),
                        )
                    })?
                    .drug
                    .clone(),
            ),
        };
        if row.patient.is_empty() {
            continue;
        }
        if row.patient.contains(['/', '\\']) || row.patient.starts_with('.') {
            return Err(Error::bad_record(
                &label,
                line,
                format!(
                    "patient '{}': names an output file, so no '/', '\\' or leading '.'",
                    row.patient
                ),
            ));
        }
        first_line.entry(row.patient.clone()).or_insert(line);
        by_patient
            .entry(row.patient.clone())
            .or_default()
            .push(PatientSample {
                sample: row.sample,
                line,
                date,
                index,
                tki_since_previous: tki,
                prior_tkis_given: !row.prior_tkis.is_empty(),
                timepoint_given: !row.timepoint.is_empty(),
            });
    }
    let mut patients = Vec::new();
    for (patient, mut samples) in by_patient {
        let ordered_by = if samples.iter().all(|s| s.date.is_some()) {
            "date"
        } else if samples.iter().all(|s| s.index.is_some()) {
            "index"
        } else if samples.len() == 1 {
            "sheet"
        } else {
            let missing = samples
                .iter()
                .find(|s| s.date.is_none() && s.index.is_none())
                .or_else(|| samples.iter().find(|s| s.date.is_none()))
                .map_or(first_line[&patient], |s| s.line);
            return Err(Error::bad_record(
                &label,
                missing,
                format!("patient '{patient}' has several samples: each needs a date (for all of them) or an index (for all of them)"),
            ));
        };
        let mut seen = HashSet::new();
        for s in &samples {
            let key = match ordered_by {
                "date" => s.date.map(|d| d.days()),
                _ => s.index,
            };
            if key.is_some() && !seen.insert(key) {
                return Err(Error::bad_record(
                    &label,
                    s.line,
                    format!(
                        "patient '{patient}': two samples at {} {}",
                        ordered_by,
                        s.order_label()
                    ),
                ));
            }
        }
        samples.sort_by_key(|s| match ordered_by {
            "date" => s.date.map(|d| d.days()),
            _ => s.index,
        });
        patients.push(Patient {
            patient,
            ordered_by,
            samples,
        });
    }
    Ok(patients)
}

/// Where the sheet leaves `prior_tkis` (and `timepoint`) empty for a patient's sample, infer
/// them from the patient's sequence: the TKIs given since each earlier sample, in order.
pub fn infer_histories(patients: &[Patient], samples: &mut [SampleInputs]) {
    for patient in patients {
        let mut given: Vec<String> = Vec::new();
        for (j, s) in patient.samples.iter().enumerate() {
            if let Some(tki) = &s.tki_since_previous {
                if given.last() != Some(tki) {
                    given.push(tki.clone());
                }
            }
            let Some(inputs) = samples.iter_mut().find(|i| i.sample == s.sample) else {
                continue;
            };
            let history = inputs.history.get_or_insert_with(|| TreatmentHistory {
                prior_tkis: Vec::new(),
                timepoint: None,
                months_on_last: None,
                months_source: None,
                histology: None,
            });
            if !s.prior_tkis_given {
                history.prior_tkis = given.clone();
            }
            if !s.timepoint_given {
                history.timepoint = Some(
                    if history.prior_tkis.is_empty() {
                        "baseline"
                    } else {
                        "progression"
                    }
                    .into(),
                );
            }
            if history.months_on_last.is_none()
                && history.timepoint.as_deref() == Some("progression")
            {
                if let Some((months, source)) = months_from_dates(patient, j) {
                    history.months_on_last = Some(months);
                    history.months_source = Some(source);
                }
            }
        }
    }
}

/// Days in a mean Gregorian month.
const DAYS_PER_MONTH: f64 = 30.436_875;

/// Months on the TKI given before sample `j`, from the dates: from the sample before the
/// first of the samples that TKI was given before, to sample `j`. That assumes the TKI was
/// started at that earlier sample (as when a biopsy at progression leads to the switch), so
/// the interval is an upper bound; `None` when the dates or the start are not in the sheet.
fn months_from_dates(patient: &Patient, j: usize) -> Option<(f64, String)> {
    let samples = &patient.samples;
    let tki = samples[j].tki_since_previous.as_ref()?;
    let mut first = j;
    while first > 0 && samples[first - 1].tki_since_previous.as_ref() == Some(tki) {
        first -= 1;
    }
    let start = samples.get(first.checked_sub(1)?)?;
    let (from, to) = (start.date?, samples[j].date?);
    let months = ((to.days() - from.days()) as f64 / DAYS_PER_MONTH * 10.0).round() / 10.0;
    let source = format!(
        "months inferred from the sheet's dates: {tki} from sample {} ({from}) to {to}, taking its start at that sample",
        start.sample
    );
    Some((months, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str, date: &str, tki: Option<&str>) -> PatientSample {
        PatientSample {
            sample: name.into(),
            line: 0,
            date: Date::parse(date),
            index: None,
            tki_since_previous: tki.map(str::to_string),
            prior_tkis_given: false,
            timepoint_given: false,
        }
    }

    #[test]
    fn months_on_treatment_come_from_the_dates_of_the_tki_start() {
        let patient = Patient {
            patient: "P".into(),
            ordered_by: "date",
            samples: vec![
                sample("T0", "2023-01-10", None),
                sample("T1", "2023-03-01", Some("alectinib")),
                sample("T2", "2024-03-05", Some("alectinib")),
                sample("T3", "2024-05-01", Some("lorlatinib")),
            ],
        };
        assert!(
            months_from_dates(&patient, 0).is_none(),
            "no TKI before the first sample"
        );
        // Alectinib since T0 (2023-01-10) through T1 to T2: 420 days.
        let (m, source) = months_from_dates(&patient, 2).unwrap();
        assert_eq!(m, 13.8);
        assert!(
            source.contains("from sample T0 (2023-01-10) to 2024-03-05"),
            "{source}"
        );
        // Lorlatinib started at T2: 57 days, under the 3-month primary-resistance line.
        assert_eq!(months_from_dates(&patient, 3).unwrap().0, 1.9);
        // The first sample already under a TKI: its start is not in the sheet.
        let mut later = patient.clone();
        later.samples.remove(0);
        assert!(months_from_dates(&later, 1).is_none());
    }

    #[test]
    fn iso_dates_parse_strictly_and_count_days() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(Date::parse("2024-03-01").unwrap().days(), 19_783);
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("24-03-01").is_none());
        assert!(Date::parse("2024/03/01").is_none());
    }
}
