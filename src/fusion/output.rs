//! `<sample>.alkres.<build>.fusions.tsv` (one row per fusion) and `.fusions.json`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::atomic::PendingOutputs;
use crate::io::file_stem;
use crate::model::FusionFinding;

use super::FusionReport;

pub const TSV_COLUMNS: [&str; 20] = [
    "sample",
    "partner",
    "partner_exon",
    "alk_exon",
    "variant",
    "partner_breakpoint",
    "alk_breakpoint",
    "orientation",
    "kinase_domain_retained",
    "in_frame",
    "split_reads",
    "discordant_pairs",
    "clipped_reads",
    "fusion_fraction",
    "source",
    "kb_id",
    "kb_calls",
    "notes",
    // `finding` or `candidate` (never in the verdict), and the rules a candidate fails.
    "call",
    "not_a_finding_because",
];

use crate::io::tsv::{cell as clean, opt};

fn row(sample: &str, f: &FusionFinding, reasons: Option<&[String]>) -> Vec<String> {
    vec![
        sample.to_string(),
        f.partner.clone(),
        opt(&f.partner_exon),
        opt(&f.alk_exon),
        opt(&f.variant),
        opt(&f.partner_breakpoint),
        opt(&f.alk_breakpoint),
        opt(&f.orientation),
        opt(&f.kinase_domain_retained),
        opt(&f.in_frame),
        opt(&f.split_reads),
        opt(&f.discordant_pairs),
        opt(&f.clipped_reads),
        f.fusion_fraction
            .map(|x| format!("{x:.4}"))
            .unwrap_or_default(),
        f.source.clone(),
        f.kb.as_ref().map(|k| k.id.clone()).unwrap_or_default(),
        f.kb.as_ref()
            .map(|k| {
                k.calls
                    .iter()
                    .map(|c| format!("{}:{}", c.drug, c.call))
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .unwrap_or_default(),
        f.notes.join("; "),
        if reasons.is_some() {
            "candidate"
        } else {
            "finding"
        }
        .to_string(),
        reasons.map(|r| r.join("; ")).unwrap_or_default(),
    ]
    .iter()
    .map(|s| clean(s))
    .collect()
}

pub fn write_tsv(report: &FusionReport, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{}", TSV_COLUMNS.join("\t"))?;
    for f in &report.fusions {
        writeln!(out, "{}", row(&report.sample, f, None).join("\t"))?;
    }
    for c in &report.candidates {
        let reasons = Some(c.not_a_finding_because.as_slice());
        writeln!(
            out,
            "{}",
            row(&report.sample, &c.fusion, reasons).join("\t")
        )?;
    }
    Ok(())
}

pub fn write_json(report: &FusionReport, out: &mut impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

/// The two output paths of a report in `dir`.
pub fn paths(report: &FusionReport, dir: &Path) -> (PathBuf, PathBuf) {
    let base = format!(
        "{}.alkres.{}.fusions",
        file_stem(&report.sample),
        report.build.tag()
    );
    (
        dir.join(format!("{base}.tsv")),
        dir.join(format!("{base}.json")),
    )
}

/// Queue both files of `report` in `pending` (visible only when the run commits).
pub fn write(report: &FusionReport, dir: &Path, pending: &mut PendingOutputs) -> Result<()> {
    let (tsv, json) = paths(report, dir);
    let mut file = pending.create(&tsv)?;
    write_tsv(report, &mut file).map_err(|e| Error::output(&tsv, e))?;
    file.finish()?;
    let mut file = pending.create(&json)?;
    write_json(report, &mut file).map_err(|e| Error::output(&json, e))?;
    file.finish()
}
