//! The cohort layout of a multi-sample VCF (issue 15): one annotated VCF with every sample's
//! column (written by `annotate`), one TSV with a row per sample and finding, one JSON with
//! every sample's report, and each sample's HTML only when asked.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
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

/// Reports serialized together on the pool, then written: enough to keep every thread busy,
/// few enough that memory stays small (each is about 8 KB of JSON).
const REPORTS_PER_BATCH: usize = 64;

/// Write the cohort JSON to `out` as `serde_json::to_writer_pretty` writes it, each sample's
/// report serialized on the pool: for 2,504 samples it is 21 MB, and serialized on one
/// thread it had been most of the run's single-threaded end (issue 15).
fn write_cohort_json(reports: &[SampleReport], out: &mut impl Write) -> std::io::Result<()> {
    let outline = CohortJson {
        schema_version: JSON_SCHEMA_VERSION,
        layout: "cohort",
        samples: &[],
    };
    let empty = serde_json::to_vec_pretty(&outline)?;
    if reports.is_empty() {
        return out.write_all(&empty);
    }
    let Some(head) = empty.strip_suffix(b"[]\n}") else {
        return Err(std::io::Error::other(
            "serde_json wrote an empty list unlike `[]`",
        ));
    };
    out.write_all(head)?;
    out.write_all(b"[\n")?;
    for (batch, chunk) in reports.chunks(REPORTS_PER_BATCH).enumerate() {
        let pieces: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(nested_report)
            .collect::<serde_json::Result<_>>()?;
        for (i, piece) in pieces.iter().enumerate() {
            if batch > 0 || i > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(piece)?;
        }
    }
    out.write_all(b"\n  ]\n}")
}

/// One report as it appears in the cohort JSON's `samples` array: each of its lines indented
/// two levels more than alone (JSON strings hold no raw newline, so every newline is the
/// formatter's).
fn nested_report(report: &SampleReport) -> serde_json::Result<Vec<u8>> {
    let alone = serde_json::to_vec_pretty(report)?;
    let mut nested = Vec::with_capacity(alone.len() + alone.len() / 8);
    // Copied a line at a time between the newlines memchr finds: pushed byte by byte, the
    // copy had been an eighth of a 1,092-sample cohort's instructions (issue 15).
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', &alone).chain(std::iter::once(alone.len())) {
        nested.extend_from_slice(b"    ");
        nested.extend_from_slice(&alone[start..end]);
        if end < alone.len() {
            nested.push(b'\n');
        }
        start = end + 1;
    }
    Ok(nested)
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
    write_cohort_json(reports, &mut file)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{annotate, AnnotateConfig, OutputLayout};

    #[test]
    fn the_cohort_json_is_what_serde_writes_in_one_piece() {
        let out = tempfile::tempdir().unwrap();
        let input = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/cohort/cohort52.vcf.gz"
        );
        let mut config = AnnotateConfig::new(input, out.path());
        config.layout = OutputLayout::Cohort;
        let reports = annotate(&config).unwrap().reports;
        assert_eq!(reports.len(), 52);
        assert!(
            reports.iter().any(|r| !r.findings.is_empty()),
            "some reports have findings, so nested arrays are compared too"
        );
        // Batches of 64: the 52 reports in one, and a batch edge crossed by 52 + 52.
        let reports: Vec<SampleReport> = reports.iter().chain(&reports).cloned().collect();
        for n in [0, 1, 2, 52, reports.len()] {
            let whole = serde_json::to_vec_pretty(&CohortJson {
                schema_version: JSON_SCHEMA_VERSION,
                layout: "cohort",
                samples: &reports[..n],
            })
            .unwrap();
            let mut pieces = Vec::new();
            write_cohort_json(&reports[..n], &mut pieces).unwrap();
            assert!(pieces == whole, "{n} samples: the two JSON texts differ");
        }
    }
}
