//! CNVkit output: `.cnr` (bins, with a `gene` column) and `.cns` (segments), optionally with
//! the `cn` column that `cnvkit.py call` adds. Coordinates are 0-based half-open (BED-like).
//!
//! Gene level: the bins or segments overlapping the gene's shipped span (weighted mean log2:
//! bins by `weight` where given, segments by overlap length), or, for a gene alkres has no
//! coordinates for (CDKN2A), those whose `gene` column names it. The focal/broad baseline is
//! the median log2 of the gene's chromosome (length-weighted for segments).

use std::path::Path;

use super::call::{round4, GeneLevel, LOG2_FLOOR};
use super::ratio::median;
use super::targets::{overlap, weighted_median, GeneTarget};
use crate::error::{Error, Result};
use crate::genome::normalize_contig;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CnvkitKind {
    /// `.cnr`: bins.
    Bins,
    /// `.cns`: segments.
    Segments,
}

impl CnvkitKind {
    pub fn label(self) -> &'static str {
        match self {
            CnvkitKind::Bins => "CNVkit .cnr (bins)",
            CnvkitKind::Segments => "CNVkit .cns (segments)",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CnvkitRow {
    pub chrom: String,
    /// 1-based inclusive.
    pub start: u64,
    pub end: u64,
    pub genes: Vec<String>,
    pub log2: f64,
    pub cn: Option<f64>,
    pub weight: Option<f64>,
}

impl CnvkitRow {
    fn len(&self) -> u64 {
        (self.end + 1).saturating_sub(self.start)
    }

    fn names(&self, gene: &str) -> bool {
        self.genes.iter().any(|g| g == gene)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CnvkitFile {
    pub kind: CnvkitKind,
    pub rows: Vec<CnvkitRow>,
    /// Rows whose log2 is `nan` (no coverage): left out.
    pub rows_without_log2: usize,
}

/// Read a `.cnr` or `.cns`; the kind comes from the extension, else from a `probes` column.
pub fn read(path: &Path) -> Result<CnvkitFile> {
    let label = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| Error::bad_input(&label, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // Name the line of the first bad byte (found by the fuzz harness).
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        Error::bad_record(&label, line, "not UTF-8 text")
    })?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(Error::bad_input(&label, "empty file"));
    };
    let columns: Vec<&str> = header.trim_end_matches('\r').split('\t').collect();
    let col = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(c_chrom), Some(c_start), Some(c_end), Some(c_log2)) =
        (col("chromosome"), col("start"), col("end"), col("log2"))
    else {
        return Err(Error::bad_record(
            &label,
            1,
            "not CNVkit output: the header needs chromosome, start, end and log2 columns",
        ));
    };
    let (c_gene, c_cn, c_weight) = (col("gene"), col("cn"), col("weight"));
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("cnr") => CnvkitKind::Bins,
        Some("cns") => CnvkitKind::Segments,
        _ if col("probes").is_some() => CnvkitKind::Segments,
        _ => CnvkitKind::Bins,
    };
    let mut rows = Vec::new();
    let mut rows_without_log2 = 0;
    for (i, line) in lines {
        let line_no = i as u64 + 1;
        let bad = |m: String| Error::bad_record(&label, line_no, m);
        let fields: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
        if fields.len() != columns.len() {
            return Err(bad(format!(
                "expected {} columns as in the header, found {}",
                columns.len(),
                fields.len()
            )));
        }
        let int = |k: usize| -> Result<u64> {
            fields[k]
                .parse()
                .map_err(|_| bad(format!("{} '{}' is not a position", columns[k], fields[k])))
        };
        let float = |k: usize| -> Result<Option<f64>> {
            match fields[k] {
                "" | "." | "NA" => Ok(None),
                text => match text.parse::<f64>() {
                    // CNVkit writes nan for bins without coverage: counted and reported.
                    Ok(v) if v.is_nan() => Ok(None),
                    Ok(v) if v.is_infinite() => Err(bad(format!(
                        "{} '{}' is not a finite number",
                        columns[k], text
                    ))),
                    Ok(v) => Ok(Some(v)),
                    Err(_) => Err(bad(format!("{} '{}' is not a number", columns[k], text))),
                },
            }
        };
        let Some(log2) = float(c_log2)? else {
            rows_without_log2 += 1;
            continue;
        };
        rows.push(CnvkitRow {
            chrom: normalize_contig(fields[c_chrom]).to_string(),
            start: int(c_start)? + 1,
            end: int(c_end)?,
            genes: c_gene
                .map(|k| {
                    fields[k]
                        .split([',', ';'])
                        .filter(|g| !g.is_empty() && *g != "-")
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            log2,
            cn: c_cn.map(float).transpose()?.flatten(),
            weight: c_weight.map(float).transpose()?.flatten(),
        });
    }
    if rows.is_empty() {
        return Err(Error::bad_input(
            &label,
            "no bins or segments with a log2 value",
        ));
    }
    Ok(CnvkitFile {
        kind,
        rows,
        rows_without_log2,
    })
}

impl CnvkitFile {
    /// Gene-level estimates for every target gene.
    pub fn gene_levels(&self, targets: &[GeneTarget]) -> Vec<GeneLevel> {
        targets.iter().map(|t| self.gene_level(t)).collect()
    }

    fn gene_level(&self, target: &GeneTarget) -> GeneLevel {
        let mut level = GeneLevel {
            gene: target.gene.clone(),
            role: Some(target.role),
            ..GeneLevel::default()
        };
        // (row, weight) for each overlapping row.
        let hits: Vec<(&CnvkitRow, f64)> = match &target.span {
            Some((chrom, start, end)) => {
                level.chrom = Some(chrom.clone());
                level.start = Some(*start);
                level.end = Some(*end);
                self.rows
                    .iter()
                    .filter(|r| &r.chrom == chrom)
                    .filter_map(|r| {
                        let bases = overlap(r.start, r.end, *start, *end);
                        (bases > 0).then(|| (r, self.weight(r, bases)))
                    })
                    .collect()
            }
            None => {
                let named: Vec<(&CnvkitRow, f64)> = self
                    .rows
                    .iter()
                    .filter(|r| r.names(&target.gene))
                    .map(|r| (r, self.weight(r, r.len())))
                    .collect();
                if let Some((first, _)) = named.first() {
                    level.chrom = Some(first.chrom.clone());
                    level.start = named.iter().map(|(r, _)| r.start).min();
                    level.end = named.iter().map(|(r, _)| r.end).max();
                    level.notes.push(format!(
                        "located by the gene column (alkres ships no {} coordinates)",
                        target.gene
                    ));
                }
                named
            }
        };
        let total: f64 = hits.iter().map(|(_, w)| w).sum();
        if hits.is_empty() || total <= 0.0 {
            level.notes.push(format!(
                "no {} overlaps the gene: not assessed",
                self.unit()
            ));
            return level;
        }
        let log2 = hits.iter().map(|(r, w)| r.log2 * w).sum::<f64>() / total;
        if log2 < LOG2_FLOOR {
            level.notes.push(format!(
                "CNVkit log2 {:.2} reported as {LOG2_FLOOR}",
                round4(log2)
            ));
        }
        level.log2 = Some(log2.max(LOG2_FLOOR));
        level.bins = Some(hits.len() as u32);
        if let Some((main, _)) = hits
            .iter()
            .filter(|(r, _)| r.cn.is_some())
            .max_by(|a, b| a.1.total_cmp(&b.1))
        {
            level.given_copy_number = main.cn;
            level
                .notes
                .push("copy number from the CNVkit cn column".into());
        }
        if self.kind == CnvkitKind::Segments && hits.len() > 1 {
            let parts: Vec<String> = hits.iter().map(|(r, _)| format!("{:.2}", r.log2)).collect();
            level.notes.push(format!(
                "{} segments over the gene (log2 {}): overlap-weighted mean",
                hits.len(),
                parts.join(", ")
            ));
        }
        if let Some(chrom) = level.chrom.clone() {
            level.baseline_log2 = self.chromosome_baseline(&chrom);
            level.baseline_scope = Some(format!("chromosome {chrom}"));
        }
        level
    }

    fn unit(&self) -> &'static str {
        match self.kind {
            CnvkitKind::Bins => "bin",
            CnvkitKind::Segments => "segment",
        }
    }

    fn weight(&self, row: &CnvkitRow, overlap_bases: u64) -> f64 {
        match self.kind {
            CnvkitKind::Bins => row.weight.filter(|w| *w > 0.0).unwrap_or(1.0),
            CnvkitKind::Segments => overlap_bases as f64,
        }
    }

    fn chromosome_baseline(&self, chrom: &str) -> Option<f64> {
        let on_chrom = self.rows.iter().filter(|r| r.chrom == chrom);
        match self.kind {
            CnvkitKind::Segments => weighted_median(
                &on_chrom
                    .map(|r| (r.log2, r.len() as f64))
                    .collect::<Vec<_>>(),
            ),
            CnvkitKind::Bins => median(&on_chrom.map(|r| r.log2).collect::<Vec<_>>()),
        }
    }
}
