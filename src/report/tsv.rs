//! TSV renderer: one row per finding, with a header row.

use std::io::Write;

use super::{Finding, SampleReport};

pub const COLUMNS: [&str; 26] = [
    "sample",
    "gene",
    "transcript",
    "chrom",
    "pos",
    "ref",
    "alt",
    "consequence",
    "exon",
    "intron",
    "hgvs_c",
    "hgvs_p",
    "protein_short",
    "source",
    "vaf",
    "depth",
    "alt_depth",
    "genotype",
    "phase_set",
    "filter",
    "kb_id",
    "kb_calls",
    "citations",
    "components",
    "notes",
    "kb_version",
];

use crate::io::tsv::{cell, opt};
use crate::verdict::citation_mark;

fn row(report: &SampleReport, f: &Finding) -> Vec<String> {
    let (sample, kb) = (report.sample.as_str(), report.run.kb.as_str());
    // Worded by the verdict (trial options, prognostic rows), as every renderer words it.
    let calls = f.kb.as_ref().map(|m| {
        m.calls
            .iter()
            .map(|c| report.verdict.finding_call(c))
            .collect::<Vec<_>>()
            .join(";")
    });
    // An unverified identifier says so, worded as the HTML words it.
    let citations = f.kb.as_ref().map(|m| {
        let mut refs: Vec<(&str, bool)> = m
            .calls
            .iter()
            .map(|c| (c.citation.as_str(), c.citation_verified))
            .collect();
        refs.sort();
        refs.dedup();
        refs.iter()
            .map(|&(reference, verified)| {
                if verified {
                    reference.to_string()
                } else {
                    format!("{reference} ({})", citation_mark(false))
                }
            })
            .collect::<Vec<_>>()
            .join(";")
    });
    vec![
        sample.to_string(),
        f.gene.clone(),
        opt(&f.transcript),
        f.chrom.clone(),
        f.pos.to_string(),
        f.reference.clone(),
        f.alt.clone(),
        opt(&f.consequence),
        opt(&f.exon),
        opt(&f.intron),
        opt(&f.hgvs_c),
        opt(&f.hgvs_p),
        opt(&f.protein_short),
        f.source.clone(),
        f.vaf.map(|v| format!("{v:.4}")).unwrap_or_default(),
        opt(&f.depth),
        opt(&f.alt_depth),
        opt(&f.genotype),
        opt(&f.phase_set),
        f.filter.clone(),
        f.kb.as_ref().map(|m| m.id.clone()).unwrap_or_default(),
        calls.unwrap_or_default(),
        citations.unwrap_or_default(),
        f.components.join(";"),
        f.notes.join("; "),
        kb.to_string(),
    ]
}

pub fn write(report: &SampleReport, out: &mut impl Write) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Never)
        .from_writer(out);
    writer.write_record(COLUMNS)?;
    for finding in &report.findings {
        let cells: Vec<String> = row(report, finding).into_iter().map(|c| cell(&c)).collect();
        writer.write_record(&cells)?;
    }
    writer.flush()?;
    Ok(())
}

/// Many samples' findings in one table (the cohort TSV): one header, a row per sample and
/// finding, samples in the order given.
pub fn write_many(reports: &[SampleReport], out: &mut impl Write) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Never)
        .from_writer(out);
    writer.write_record(COLUMNS)?;
    for report in reports {
        for finding in &report.findings {
            let cells: Vec<String> = row(report, finding).into_iter().map(|c| cell(&c)).collect();
            writer.write_record(&cells)?;
        }
    }
    writer.flush()?;
    Ok(())
}
