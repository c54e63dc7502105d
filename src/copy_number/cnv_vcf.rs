//! CNV calls in VCF (plain or gzip/bgzip): records with `SVTYPE=DUP/DEL/CNV` or a `<DUP>`,
//! `<DEL>`, `<CNV>` allele, an `END`, and the copy number in `FORMAT/CN` (the chosen sample)
//! or `INFO/CN`. Records that FILTER out are skipped (and counted).
//!
//! Gene level: the record overlapping most of the gene's span. The VCF describes every
//! change, so the rest of a chromosome is taken as copy number 2: the focal/broad baseline is
//! the length-weighted median over the chromosome (`##contig` length needed).

use std::io::Read;
use std::path::Path;

use super::call::{Direction, GeneLevel, LOG2_FLOOR};
use super::targets::{overlap, weighted_median, GeneTarget};
use crate::error::{Error, Result};
use crate::genome::{detect_build, normalize_contig, BuildEvidence};

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
    pub build_evidence: BuildEvidence,
    /// `##contig` lengths, contig without `chr`.
    pub contig_lengths: Vec<(String, u64)>,
    pub skipped_filtered: usize,
    pub skipped_not_cnv: usize,
    /// How the FORMAT column was chosen when no `--sample` named it.
    pub sample_column: Option<String>,
}

/// Read a CNV VCF; `sample` picks the FORMAT column (otherwise the rule of
/// [`crate::probe::tumour_column`], stated in `sample_column`).
pub fn read(path: &Path, sample: Option<&str>) -> Result<CnvVcf> {
    let label = path.display().to_string();
    let text = read_text(path, &label)?;
    let mut contigs: Vec<(String, Option<u64>)> = Vec::new();
    let mut reference = None;
    let mut meta_lines = String::new();
    let mut column: Option<(usize, String)> = None;
    let mut out = CnvVcf {
        records: Vec::new(),
        sample: None,
        build_evidence: BuildEvidence::Unknown,
        contig_lengths: Vec::new(),
        skipped_filtered: 0,
        skipped_not_cnv: 0,
        sample_column: None,
    };
    let mut saw_header = false;
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.trim_end_matches('\r');
        if let Some(meta) = line.strip_prefix("##") {
            meta_lines.push_str(line);
            meta_lines.push('\n');
            if let Some(inner) = meta
                .strip_prefix("contig=<")
                .and_then(|m| m.strip_suffix('>'))
            {
                let value = |key: &str| {
                    inner
                        .split(',')
                        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                };
                if let Some(id) = value("ID") {
                    contigs.push((id.to_string(), value("length").and_then(|l| l.parse().ok())));
                }
            } else if let Some(r) = meta.strip_prefix("reference=") {
                reference = Some(r.to_string());
            }
            continue;
        }
        if let Some(head) = line.strip_prefix('#') {
            saw_header = true;
            let names: Vec<String> = head.split('\t').skip(9).map(String::from).collect();
            let hints = crate::probe::ColumnHints::from_header(&meta_lines);
            let chosen = crate::probe::tumour_column_by(&names, sample, &hints);
            out.sample_column = chosen.as_ref().and_then(|c| c.guessed.clone());
            column = chosen.map(|c| (c.index, c.name));
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if !saw_header {
            return Err(Error::bad_record(
                &label,
                line_no,
                "record before the #CHROM header line: not a VCF",
            ));
        }
        match parse_record(line, line_no, column.as_ref().map(|c| c.0)) {
            Ok(Parsed::Cnv(record)) => out.records.push(record),
            Ok(Parsed::Filtered) => out.skipped_filtered += 1,
            Ok(Parsed::NotCnv) => out.skipped_not_cnv += 1,
            Err(message) => return Err(Error::bad_record(&label, line_no, message)),
        }
    }
    if !saw_header {
        return Err(Error::bad_input(
            &label,
            "empty file or no #CHROM header line: not a VCF",
        ));
    }
    out.sample = column.map(|c| c.1);
    out.build_evidence = detect_build(&contigs, reference.as_deref());
    out.contig_lengths = contigs
        .into_iter()
        .filter_map(|(n, l)| Some((normalize_contig(&n).to_string(), l?)))
        .collect();
    Ok(out)
}

fn read_text(path: &Path, label: &str) -> Result<String> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::bad_input(label, format!("cannot read: {e}")))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .map_err(|e| Error::bad_input(label, format!("corrupt gzip data: {e}")))?;
        Ok(text)
    } else {
        String::from_utf8(bytes).map_err(|_| Error::bad_input(label, "not UTF-8 text"))
    }
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
) -> std::result::Result<Parsed, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() < 8 {
        return Err(format!(
            "expected at least 8 tab-separated columns, found {}",
            fields.len()
        ));
    }
    let pos: u64 = fields[1]
        .parse()
        .map_err(|_| format!("POS '{}' is not a number", fields[1]))?;
    let info = |key: &str| {
        fields[7]
            .split(';')
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
    };
    let alt = fields[4].to_ascii_uppercase();
    let svtype = info("SVTYPE").map(str::to_ascii_uppercase).or_else(|| {
        ["DUP", "DEL", "CNV"]
            .into_iter()
            .find(|t| alt.starts_with(&format!("<{t}")))
            .map(str::to_string)
    });
    let Some(svtype) = svtype.filter(|t| matches!(t.as_str(), "DUP" | "DEL" | "CNV")) else {
        return Ok(Parsed::NotCnv);
    };
    if !matches!(fields[6], "PASS" | ".") {
        return Ok(Parsed::Filtered);
    }
    let symbolic = alt.starts_with('<');
    let end = match info("END") {
        Some(e) => e
            .parse()
            .map_err(|_| format!("END '{e}' is not a number"))?,
        None => match info("SVLEN") {
            Some(l) => {
                let len: i64 = l
                    .parse()
                    .map_err(|_| format!("SVLEN '{l}' is not a number"))?;
                pos + len.unsigned_abs()
            }
            None if symbolic => return Err(format!("{svtype} record without END or SVLEN")),
            None => pos + fields[3].len() as u64 - 1,
        },
    };
    let start = if symbolic || svtype == "DEL" {
        pos + 1
    } else {
        pos
    };
    if end < start {
        return Err(format!("END {end} is before POS {pos}"));
    }
    let format_cn = sample.and_then(|k| {
        let keys: Vec<&str> = fields.get(8)?.split(':').collect();
        let at = keys.iter().position(|k| *k == "CN")?;
        fields.get(9 + k)?.split(':').nth(at)
    });
    let copy_number = match format_cn.filter(|v| *v != ".").or_else(|| info("CN")) {
        Some(v) => Some(
            v.parse::<f64>()
                .ok()
                .filter(|c| c.is_finite() && *c >= 0.0)
                .ok_or_else(|| format!("CN '{v}' is not a copy number"))?,
        ),
        None => None,
    };
    Ok(Parsed::Cnv(CnvRecord {
        chrom: normalize_contig(fields[0]).to_string(),
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
