//! One patient, many samples: the resistance timeline across biopsies and plasma draws.
//! Built from the per-sample reports `alkres batch` already made (nothing is re-detected,
//! except a BAM re-check of a finding that appeared later), written as
//! `<patient>.alkres.timeline.{json,tsv,html}` plus a MultiQC row per patient.

mod html;
pub(crate) mod recheck;
pub(crate) mod sheet;
pub(crate) mod trace;
mod tsv;
pub(crate) mod verdict;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use sheet::{infer_histories, read_patients, Patient};
pub use trace::{CompoundPath, Origin, Point, PointStatus, Track};
pub use verdict::PatientVerdict;

use crate::error::{Error, Result};
use crate::io::atomic::PendingOutputs;
use crate::kb::KnowledgeBase;
use crate::pipeline::batch::SampleOutcome;
use crate::pipeline::SampleInputs;
use crate::report::model::DISCLAIMER;
use crate::report::SampleReport;

/// Version of the timeline JSON layout; bump on any breaking change.
pub const TIMELINE_SCHEMA_VERSION: &str = "1.0";

/// One patient's samples, in time order, with what `batch` made of each.
pub struct PatientRun<'a> {
    pub patient: &'a Patient,
    pub inputs: Vec<&'a SampleInputs>,
    pub reports: Vec<Option<&'a SampleReport>>,
    pub errors: Vec<Option<String>>,
    /// The TKI given between the previous sample and each sample.
    pub drugs_since_previous: Vec<Option<String>>,
}

/// A sample as the timeline shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineSample {
    pub sample: String,
    pub date: Option<String>,
    pub index: Option<i64>,
    /// Days since the patient's first sample (dated sheets only).
    pub day: Option<i64>,
    pub timepoint: Option<String>,
    pub tki_since_previous: Option<String>,
    pub prior_tkis: Vec<String>,
    pub status: &'static str,
    pub error: Option<String>,
    /// The per-sample verdict's summary.
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub schema_version: &'static str,
    pub patient: String,
    pub ordered_by: &'static str,
    pub kb: String,
    pub alkres_version: &'static str,
    pub samples: Vec<TimelineSample>,
    pub tracks: Vec<Track>,
    pub compound_paths: Vec<CompoundPath>,
    pub verdict: PatientVerdict,
    /// Re-checks that could not be made, and other caveats.
    pub notes: Vec<String>,
    pub disclaimer: &'static str,
}

fn drugs_since_previous(patient: &Patient, inputs: &[&SampleInputs]) -> Vec<Option<String>> {
    let priors: Vec<Vec<String>> = inputs
        .iter()
        .map(|i| {
            i.history
                .as_ref()
                .map(|h| h.prior_tkis.clone())
                .unwrap_or_default()
        })
        .collect();
    patient
        .samples
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.tki_since_previous.clone().or_else(|| {
                // Else the last prior TKI when it is new since the previous sample.
                let before = if i == 0 { &[][..] } else { &priors[i - 1][..] };
                (priors[i].len() > before.len())
                    .then(|| priors[i].last().cloned())
                    .flatten()
            })
        })
        .collect()
}

/// The timeline of one patient.
pub fn build(
    patient: &Patient,
    samples: &[SampleInputs],
    outcomes: &[SampleOutcome],
    kb: &KnowledgeBase,
) -> Timeline {
    let mut inputs = Vec::new();
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    for s in &patient.samples {
        // read_sheet made one SampleInputs per sheet row, so every patient sample has one.
        let found = samples.iter().find(|i| i.sample == s.sample);
        let outcome = outcomes.iter().find(|o| o.sample == s.sample);
        inputs.push(found);
        reports.push(outcome.and_then(|o| o.result.as_ref().ok()));
        errors.push(outcome.and_then(|o| o.result.as_ref().err().map(|e| e.to_string())));
    }
    let empty = SampleInputs::default();
    let inputs: Vec<&SampleInputs> = inputs.into_iter().map(|i| i.unwrap_or(&empty)).collect();
    let run = PatientRun {
        patient,
        drugs_since_previous: drugs_since_previous(patient, &inputs),
        inputs,
        reports,
        errors,
    };
    let mut tracks = trace::trace(&run);
    let mut notes = recheck::recheck(&run, &mut tracks, kb);
    trace::classify(&run, &mut tracks);
    let compound_paths = trace::compound_paths(&run, &tracks);
    let verdict = verdict::decide(&run, &tracks);
    let first_day = patient
        .samples
        .first()
        .and_then(|s| s.date)
        .map(|d| d.days());
    let samples_out: Vec<TimelineSample> = patient
        .samples
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let history = run.inputs[i].history.as_ref();
            TimelineSample {
                sample: s.sample.clone(),
                date: s.date.map(|d| d.to_string()),
                index: s.index,
                day: s.date.zip(first_day).map(|(d, f)| d.days() - f),
                timepoint: history.and_then(|h| h.timepoint.clone()),
                tki_since_previous: run.drugs_since_previous[i].clone(),
                prior_tkis: history.map(|h| h.prior_tkis.clone()).unwrap_or_default(),
                status: if run.reports[i].is_some() {
                    "ok"
                } else {
                    "failed"
                },
                error: run.errors[i].clone(),
                summary: run.reports[i].map(|r| r.verdict.summary.clone()),
            }
        })
        .collect();
    for s in samples_out.iter().filter(|s| s.status == "failed") {
        notes.push(format!(
            "{} failed ({}): its findings are not assessed",
            s.sample,
            s.error.as_deref().unwrap_or("no result")
        ));
    }
    Timeline {
        schema_version: TIMELINE_SCHEMA_VERSION,
        patient: patient.patient.clone(),
        ordered_by: patient.ordered_by,
        kb: kb.label(),
        alkres_version: env!("CARGO_PKG_VERSION"),
        samples: samples_out,
        tracks,
        compound_paths,
        verdict,
        notes,
        disclaimer: DISCLAIMER,
    }
}

/// Write every patient's timeline (JSON, TSV, HTML) and the per-patient MultiQC table, all
/// at once: nothing appears unless every file is complete.
pub fn write_timelines(timelines: &[Timeline], dir: &Path) -> Result<Vec<PathBuf>> {
    if timelines.is_empty() {
        return Ok(Vec::new());
    }
    let mut pending = PendingOutputs::default();
    for t in timelines {
        let name = |ext: &str| dir.join(format!("{}.alkres.timeline.{ext}", t.patient));
        let json = name("json");
        let mut file = pending.create(&json)?;
        serde_json::to_writer_pretty(&mut file, t)
            .map_err(|e| Error::output(&json, std::io::Error::other(e)))?;
        file.write_all(b"\n").map_err(|e| Error::output(&json, e))?;
        file.finish()?;
        let tsv = name("tsv");
        let mut file = pending.create(&tsv)?;
        tsv::write(t, &mut file).map_err(|e| Error::output(&tsv, e))?;
        file.finish()?;
        let html = name("html");
        let mut file = pending.create(&html)?;
        file.write_all(html::render(t).as_bytes())
            .map_err(|e| Error::output(&html, e))?;
        file.finish()?;
    }
    let mqc = dir.join("patients.alkres_timeline_mqc.tsv");
    let mut file = pending.create(&mqc)?;
    tsv::write_multiqc(timelines, &mut file).map_err(|e| Error::output(&mqc, e))?;
    file.finish()?;
    pending.commit()
}

/// `batch`'s hook: read the patient columns again, build and write every timeline.
pub fn run_for_batch(
    sheet: &Path,
    samples: &[SampleInputs],
    outcomes: &[SampleOutcome],
    kb: &KnowledgeBase,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let patients = read_patients(sheet, kb)?;
    let timelines: Vec<Timeline> = patients
        .iter()
        .map(|p| build(p, samples, outcomes, kb))
        .collect();
    write_timelines(&timelines, dir)
}
