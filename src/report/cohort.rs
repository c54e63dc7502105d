//! The cohort layout of a multi-sample VCF (issue 15): one annotated VCF with every sample's
//! column (written by `annotate`), one TSV with a row per sample and finding, one JSON with
//! every sample's report, and each sample's HTML only when asked.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::model::JSON_SCHEMA_VERSION;
use super::{html, tsv, SampleReport};
use crate::error::{Error, Result};
use crate::io::atomic::PendingOutputs;
use crate::io::file_stem;

/// The cohort JSON: the reports of every sample (findings, verdict, stats), in VCF order.
#[derive(Serialize)]
struct CohortJson<'a> {
    schema_version: &'a str,
    layout: &'static str,
    samples: &'a [SampleReport],
}

/// `<stem>.alkres.<build>.tsv` and `.json`, and `<sample>.alkres.<build>.html` per sample
/// when `per_sample_html`.
pub fn write_cohort_reports(
    reports: &[SampleReport],
    dir: &Path,
    stem: &str,
    build_tag: &str,
    per_sample_html: bool,
    pending: &mut PendingOutputs,
) -> Result<()> {
    let path = dir.join(format!("{stem}.alkres.{build_tag}.tsv"));
    let mut file = pending.create(&path)?;
    tsv::write_many(reports, &mut file)
        .map_err(|e| Error::output(&path, std::io::Error::other(e.to_string())))?;
    file.finish()?;

    let path = dir.join(format!("{stem}.alkres.{build_tag}.json"));
    let mut file = pending.create(&path)?;
    let doc = CohortJson {
        schema_version: JSON_SCHEMA_VERSION,
        layout: "cohort",
        samples: reports,
    };
    serde_json::to_writer_pretty(&mut file, &doc)
        .map_err(std::io::Error::other)
        .and_then(|()| file.write_all(b"\n"))
        .map_err(|e| Error::output(&path, e))?;
    file.finish()?;

    if per_sample_html {
        for report in reports {
            let path = dir.join(format!(
                "{}.alkres.{build_tag}.html",
                file_stem(&report.sample)
            ));
            let mut file = pending.create(&path)?;
            html::write(report, &mut file).map_err(|e| Error::output(&path, e))?;
            file.finish()?;
        }
    }
    Ok(())
}
