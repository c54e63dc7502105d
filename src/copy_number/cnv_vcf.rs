//! CNV calls in VCF (plain or gzip/bgzip): records with `SVTYPE=DUP/DEL/CNV` or a `<DUP>`,
//! `<DEL>`, `<CNV>` allele, an `END`, and the copy number in `FORMAT/CN` (the chosen sample)
//! or `INFO/CN`. Records that FILTER out are skipped (and counted).
//!
//! Gene level: the record overlapping most of the gene's span. The VCF describes every
//! change, so the rest of a chromosome is taken as copy number 2: the focal/broad baseline is
//! the length-weighted median over the chromosome (`##contig` length needed).

use std::path::Path;

use super::call::{Direction, GeneLevel, LOG2_FLOOR};
use super::targets::{overlap, weighted_median, GeneTarget};
use crate::error::{Error, Result};
use crate::genome::normalize_contig;
use crate::io::vcf_input::VcfInput;
use crate::io::vcf_record::{RecordError, VcfRecord};

#[derive(Debug, Clone, PartialEq)]
pub struct CnvRecord {
    pub chrom: String,
    /// First and last affected base (1-based; the padding base of a symbolic allele excluded).
    pub start: u64,
    pub end: u64,
    pub svtype: String,
    pub copy_number: Option<f64>,
    pub line: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CnvVcf {
    pub records: Vec<CnvRecord>,
    pub sample: Option<String>,
    /// `##contig` lengths, contig without `chr`.
    pub contig_lengths: Vec<(String, u64)>,
    pub skipped_filtered: usize,
    pub skipped_not_cnv: usize,
    /// How the FORMAT column was chosen when no `--sample` named it.
    pub sample_column: Option<String>,
}

/// Read a CNV VCF (any VCF/BCF [`VcfInput`] opens); `sample` picks the FORMAT column
/// (otherwise the rule of [`crate::probe::tumour_column_by`], stated in `sample_column`).
pub fn read(path: &Path, sample: Option<&str>) -> Result<CnvVcf> {
    let label = path.display().to_string();
    let mut input = VcfInput::open(&label, 0)?;
    let names: Vec<String> = input.header.sample_names().iter().cloned().collect();
    let hints = crate::probe::ColumnHints::from_header(&input.header_text()?);
    let chosen = crate::probe::tumour_column_by(&names, sample, &hints);
    let mut out = CnvVcf {
        records: Vec::new(),
        sample: None,
        contig_lengths: input
            .header
            .contigs()
            .iter()
            .filter_map(|(n, c)| Some((normalize_contig(n).to_string(), c.length()? as u64)))
            .collect(),
        skipped_filtered: 0,
        skipped_not_cnv: 0,
        sample_column: chosen.as_ref().and_then(|c| c.guessed.clone()),
    };
    let column = chosen.as_ref().map(|c| c.index);
    let mut line = Vec::new();
    while input.next_line(&mut line)? {
        let n = input.line_number;
        let text = std::str::from_utf8(&line)
            .map_err(|_| Error::bad_record(&label, n, "record is not UTF-8"))?;
        match parse_record(text, n, column).map_err(|e| e.in_file(&label))? {
            Parsed::Cnv(record) => out.records.push(record),
            Parsed::Filtered => out.skipped_filtered += 1,
            Parsed::NotCnv => out.skipped_not_cnv += 1,
        }
    }
    out.sample = chosen.map(|c| c.name);
    Ok(out)
}

enum Parsed {
    Cnv(CnvRecord),
    Filtered,
    NotCnv,
}

fn parse_record(
    line: &str,
    line_no: u64,
    sample: Option<usize>,
) -> std::result::Result<Parsed, RecordError> {
    let record = VcfRecord::parse(line, line_no)?;
    let bad = |message: String| RecordError::new(line_no, message);
    let pos = record.pos();
    let info = record.info();
    let alt = record.alt_column().to_ascii_uppercase();
    let svtype = info
        .value("SVTYPE")
        .map(str::to_ascii_uppercase)
        .or_else(|| {
            ["DUP", "DEL", "CNV"]
                .into_iter()
                .find(|t| alt.starts_with(&format!("<{t}")))
                .map(str::to_string)
        });
    let Some(svtype) = svtype.filter(|t| matches!(t.as_str(), "DUP" | "DEL" | "CNV")) else {
        return Ok(Parsed::NotCnv);
    };
    if !record.passed() {
        return Ok(Parsed::Filtered);
    }
    let symbolic = alt.starts_with('<');
    let end = match info.value("END") {
        Some(e) => e
            .parse()
            .map_err(|_| bad(format!("END '{e}' is not a number")))?,
        None => match info.value("SVLEN") {
            Some(l) => {
                let len: i64 = l
                    .parse()
                    .map_err(|_| bad(format!("SVLEN '{l}' is not a number")))?;
                pos + len.unsigned_abs()
            }
            None if symbolic => return Err(bad(format!("{svtype} record without END or SVLEN"))),
            None => pos + record.reference().len() as u64 - 1,
        },
    };
    let start = if symbolic || svtype == "DEL" {
        pos + 1
    } else {
        pos
    };
    if end < start {
        return Err(bad(format!("END {end} is before POS {pos}")));
    }
    let format_cn = sample.and_then(|k| record.sample(k)?.value("CN"));
    let copy_number = match format_cn.or_else(|| info.value("CN")) {
        Some(v) => Some(
            v.parse::<f64>()
                .ok()
                .filter(|c| c.is_finite() && *c >= 0.0)
                .ok_or_else(|| bad(format!("CN '{v}' is not a copy number")))?,
        ),
        None => None,
    };
    Ok(Parsed::Cnv(CnvRecord {
        chrom: normalize_contig(record.chrom()).to_string(),
        start,
        end,
        svtype,
        copy_number,
        line: line_no,
    }))
}

impl CnvVcf {
    pub fn gene_levels(&self, targets: &[GeneTarget]) -> Vec<GeneLevel> {
        targets.iter().map(|t| self.gene_level(t)).collect()
    }

    fn gene_level(&self, target: &GeneTarget) -> GeneLevel {
        let mut level = GeneLevel {
            gene: target.gene.clone(),
            role: Some(target.role),
            ..GeneLevel::default()
        };
        let Some((chrom, start, end)) = &target.span else {
            level.notes.push(format!(
                "alkres ships no {} coordinates: give them with --regions and a BAM, or CNVkit output naming the gene",
                target.gene
            ));
            return level;
        };
        level.chrom = Some(chrom.clone());
        level.start = Some(*start);
        level.end = Some(*end);
        let best = self
            .records
            .iter()
            .filter(|r| &r.chrom == chrom)
            .map(|r| (r, overlap(r.start, r.end, *start, *end)))
            .filter(|(_, o)| *o > 0)
            .max_by_key(|(r, o)| (*o, std::cmp::Reverse(r.line)));
        let Some((record, bases)) = best else {
            level
                .notes
                .push("no CNV record overlaps the gene: copy number 2 assumed".into());
            level.given_copy_number = Some(2.0);
            level.log2 = Some(0.0);
            return level;
        };
        level.bins = Some(1);
        level.notes.push(format!(
            "{} at {}:{}-{} (VCF line {}) covers {:.0}% of the gene",
            record.svtype,
            record.chrom,
            record.start,
            record.end,
            record.line,
            100.0 * bases as f64 / (end - start + 1) as f64
        ));
        match record.copy_number {
            Some(cn) => {
                level.given_copy_number = Some(cn);
                level.log2 = Some(if cn > 0.0 {
                    (cn / 2.0).log2().max(LOG2_FLOOR)
                } else {
                    LOG2_FLOOR
                });
                if let Some(baseline) = self.chromosome_baseline(chrom) {
                    level.baseline_log2 = Some(baseline);
                    level.baseline_scope = Some(format!(
                        "chromosome {chrom} (copy number 2 outside the VCF's records)"
                    ));
                }
            }
            None => {
                level.direction = match record.svtype.as_str() {
                    "DUP" => Some(Direction::Gain),
                    "DEL" => Some(Direction::Loss),
                    _ => None,
                };
                level.notes.push("no CN in the record".into());
            }
        }
        level
    }

    /// Length-weighted median log2 over the chromosome; unrecorded stretches count as CN 2.
    fn chromosome_baseline(&self, chrom: &str) -> Option<f64> {
        let length = self
            .contig_lengths
            .iter()
            .find(|(c, _)| c == chrom)
            .map(|(_, l)| *l)?;
        let mut parts: Vec<(f64, f64)> = Vec::new();
        let mut covered = 0u64;
        for r in self.records.iter().filter(|r| r.chrom == chrom) {
            let Some(cn) = r.copy_number else { continue };
            let len = (r.end - r.start + 1) as f64;
            covered += r.end - r.start + 1;
            let log2 = if cn > 0.0 {
                (cn / 2.0).log2().max(LOG2_FLOOR)
            } else {
                LOG2_FLOOR
            };
            parts.push((log2, len));
        }
        parts.push((0.0, length.saturating_sub(covered) as f64));
        weighted_median(&parts)
    }
}
