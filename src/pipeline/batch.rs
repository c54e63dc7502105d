//! `alkres batch`: a sample sheet of many samples, processed in parallel; a failing sample is
//! reported without losing the others; a cohort summary (TSV + HTML) at the end.

use std::io::Write;
use std::path::{Path, PathBuf};

use maud::{html, PreEscaped, DOCTYPE};
use rayon::prelude::*;
use serde::Deserialize;

use super::sample::{run_sample, RunOptions, SampleInputs};
use crate::error::{Error, Result};
use crate::io::atomic::PendingOutputs;
use crate::kb::KnowledgeBase;
use crate::model::MechanismClass;
use crate::report::SampleReport;
use crate::verdict::TreatmentHistory;

/// Sample-sheet columns (CSV with a header; paths relative to the sheet; several paths in one
/// cell separated by `;`). Only `sample` is required.
pub const COLUMNS: [&str; 19] = [
    "sample",
    "vcf",
    "bam",
    "reference",
    "sv",
    "cnv",
    "arriba",
    "star_fusion",
    "prior_tkis",
    "timepoint",
    "months_on_treatment",
    "patient",
    "date",
    "index",
    "tki_since_previous",
    "targets",
    "normal_bam",
    "hotspot_pon",
    "build",
];

#[derive(Debug, Deserialize)]
struct Row {
    sample: String,
    #[serde(default)]
    vcf: String,
    #[serde(default)]
    bam: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    sv: String,
    #[serde(default)]
    cnv: String,
    #[serde(default)]
    arriba: String,
    #[serde(default)]
    star_fusion: String,
    #[serde(default)]
    prior_tkis: String,
    #[serde(default)]
    timepoint: String,
    #[serde(default)]
    months_on_treatment: String,
    #[serde(default)]
    targets: String,
    #[serde(default)]
    normal_bam: String,
    #[serde(default)]
    hotspot_pon: String,
    #[serde(default)]
    build: String,
}

/// Read a sample sheet into per-sample inputs (paths resolved against the sheet's folder).
pub fn read_sheet(path: &Path, kb: &KnowledgeBase) -> Result<Vec<SampleInputs>> {
    let label = path.display().to_string();
    let base = path.parent().unwrap_or(Path::new("."));
    let rows = crate::io::sheet::sheet_rows::<Row>(path)?;
    let histories = crate::verdict::read_sample_sheet(path, kb)?;
    let mut samples = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stems = StemClaims::default();
    for (line, row) in rows {
        let row = row.map_err(|e| {
            Error::bad_record(
                &label,
                line,
                format!("expected columns {}: {e}", COLUMNS.join(",")),
            )
        })?;
        if row.sample.is_empty() {
            return Err(Error::bad_record(&label, line, "empty sample name"));
        }
        if !seen.insert(row.sample.clone()) {
            return Err(Error::bad_record(
                &label,
                line,
                format!("sample '{}' appears twice", row.sample),
            ));
        }
        stems.claim(&label, line, &row.sample)?;
        // The row's build acts as `--build` for that sample (a sheet may mix builds).
        let build = match row.build.trim() {
            "" => None,
            text => Some(text.parse::<crate::genome::Build>().map_err(|_| {
                Error::bad_record(
                    &label,
                    line,
                    format!("build '{text}': expected GRCh37 or GRCh38 (or empty)"),
                )
            })?),
        };
        if row.bam.is_empty() && !(row.normal_bam.is_empty() && row.hotspot_pon.is_empty()) {
            return Err(Error::bad_record(
                &label,
                line,
                "normal_bam and hotspot_pon need the sample's own alignments in the bam column",
            ));
        }
        let paths = |cell: &str| -> Vec<PathBuf> {
            cell.split(';')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| base.join(p))
                .collect()
        };
        let one = |cell: &str| paths(cell).into_iter().next();
        let has_history = !(row.prior_tkis.is_empty()
            && row.timepoint.is_empty()
            && row.months_on_treatment.is_empty());
        let history: Option<TreatmentHistory> = has_history
            .then(|| {
                histories
                    .iter()
                    .find(|(s, _)| *s == row.sample)
                    .map(|(_, h)| h.clone())
            })
            .flatten();
        samples.push(SampleInputs {
            sample: row.sample.clone(),
            vcf: one(&row.vcf),
            bam: one(&row.bam),
            reference: one(&row.reference),
            sv: paths(&row.sv),
            cnv: paths(&row.cnv),
            arriba: paths(&row.arriba),
            star_fusion: paths(&row.star_fusion),
            targets: one(&row.targets),
            normal_bam: one(&row.normal_bam),
            hotspot_pon: one(&row.hotspot_pon),
            build,
            history,
        });
    }
    if samples.is_empty() {
        return Err(Error::bad_input(&label, "no samples in the sheet"));
    }
    Ok(samples)
}

/// Output file stems already taken by earlier rows: two names that clean to one stem (`A/B`
/// and `A_B`, two names in Chinese characters) would overwrite each other's reports, so the
/// sheet is refused (exit 2) before anything runs; the user renames one of them.
#[derive(Default)]
struct StemClaims(std::collections::HashMap<String, (String, u64)>);

impl StemClaims {
    fn claim(&mut self, label: &str, line: u64, sample: &str) -> Result<()> {
        let stem = crate::io::file_stem(sample);
        match self.0.get(&stem) {
            Some((first, first_line)) => Err(Error::Usage(format!(
                "{label}, line {line}: sample '{sample}' and sample '{first}' (line {first_line}) \
                 both write files named {stem}.*; rename one of them"
            ))),
            None => {
                self.0.insert(stem, (sample.to_string(), line));
                Ok(())
            }
        }
    }
}

/// The outcome of one sample in a batch.
pub struct SampleOutcome {
    pub sample: String,
    pub result: std::result::Result<SampleReport, Error>,
}

/// Run every sample on the rayon pool; results come back in sheet order.
pub fn run_batch(
    samples: &[SampleInputs],
    options: &RunOptions,
    kb: &KnowledgeBase,
) -> Vec<SampleOutcome> {
    let bar = indicatif::ProgressBar::new(samples.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} samples {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Samples run in parallel; each decompresses on one thread.
    let per_sample = RunOptions {
        threads: 1,
        ..options.clone()
    };
    let outcomes: Vec<SampleOutcome> = samples
        .par_iter()
        .map(|inputs| {
            let result = run_sample(inputs, &per_sample, kb);
            bar.inc(1);
            bar.set_message(inputs.sample.clone());
            SampleOutcome {
                sample: inputs.sample.clone(),
                result,
            }
        })
        .collect();
    bar.finish_and_clear();
    outcomes
}

/// `cohort.alkres.tsv` and `cohort.alkres.html`: which samples carry which mechanisms, the
/// per-TKI calls, and each sample's status.
pub fn write_cohort(
    outcomes: &[SampleOutcome],
    kb: &KnowledgeBase,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let drugs: Vec<String> = kb.drugs.iter().map(|d| d.drug.clone()).collect();
    let classes = [
        MechanismClass::OnTarget,
        MechanismClass::Fusion,
        MechanismClass::Bypass,
        MechanismClass::Transformation,
        MechanismClass::PrimaryResistanceFactor,
    ];
    let cell = |s: &str| s.to_string(); // made a TSV cell when written
    let mut rows: Vec<Vec<String>> = Vec::new();
    for outcome in outcomes {
        let mut row = vec![cell(&outcome.sample)];
        match &outcome.result {
            Ok(report) => {
                row.push("ok".into());
                row.push(String::new());
                for class in classes {
                    let labels = report.verdict.labels_of(class);
                    row.push(cell(&labels.join("; ")));
                }
                for drug in &drugs {
                    let call = report.verdict.drugs.iter().find(|d| &d.drug == drug);
                    row.push(call.map_or("", |d| d.call.as_str()).to_string());
                }
            }
            Err(e) => {
                row.push("failed".into());
                row.push(cell(&e.to_string()));
                row.extend(std::iter::repeat_n(
                    String::new(),
                    classes.len() + drugs.len(),
                ));
            }
        }
        rows.push(row);
    }
    let mut header: Vec<String> = vec!["sample".into(), "status".into(), "error".into()];
    header.extend(classes.iter().map(|c| c.to_string()));
    header.extend(drugs.iter().cloned());

    let mut pending = PendingOutputs::default();
    let tsv_path = dir.join("cohort.alkres.tsv");
    let mut tsv = pending.create(&tsv_path)?;
    let mut text = crate::io::tsv::line(&header);
    for row in &rows {
        text.push_str(&crate::io::tsv::line(row));
    }
    tsv.write_all(text.as_bytes())
        .map_err(|e| Error::output(&tsv_path, e))?;
    tsv.finish()?;

    let html_path = dir.join("cohort.alkres.html");
    let mut file = pending.create(&html_path)?;
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { "alkres cohort" }
                style { (PreEscaped("body{font-family:system-ui,sans-serif;margin:24px;color:#1d2430}table{border-collapse:collapse;font-size:13px}th,td{padding:5px 8px;border-bottom:1px solid #e3e7ec;text-align:left;vertical-align:top}th{background:#f1f4f7}.resistant{background:#f9d5d3}.sensitive{background:#d7f2df}.intermediate{background:#fdf0c8}.unknown{background:#eceff3}.failed{color:#8a1c16;font-weight:600}")) } }
            body {
                h1 { "alkres cohort summary" }
                p { "Knowledge base " (kb.label()) ". Decision support, not a prescription." }
                table {
                    tr { @for h in &header { th { (h) } } }
                    @for row in &rows {
                        tr {
                            @for (i, value) in row.iter().enumerate() {
                                @if i >= 3 + classes.len() { td class=(value) { (value) } }
                                @else if i == 1 && value == "failed" { td class="failed" { (value) } }
                                @else { td { (value) } }
                            }
                        }
                    }
                }
            }
        }
    };
    file.write_all(page.into_string().as_bytes())
        .map_err(|e| Error::output(&html_path, e))?;
    file.finish()?;
    pending.commit()
}
