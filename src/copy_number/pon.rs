//! Panel of normals: per-region median normalised depth over normal samples (`alkres pon`),
//! and reading it back as a baseline for `alkres cnv --pon`.
//!
//! Format (tab-separated, UTF-8): `##key=value` metadata lines, then a header row and one row
//! per region:
//!
//! ```text
//! ##alkres_pon=1
//! ##alkres_version=0.1.0
//! ##samples=N1,N2,N3
//! ##min_mapq=20
//! ##normalisation=mean depth of the region / median mean depth of the sample's reference regions
//! build  chrom  start  end  gene  median_normalised_depth  mad  n
//! GRCh38 2      29192774 29193922 ALK 1.0214            0.0312  3
//! ```
//!
//! `start`/`end` are 1-based inclusive; `chrom` has no `chr`; `mad` is the unscaled median
//! absolute deviation of the normals' normalised depths; `n` is the number of normals.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use super::ratio::{median, BaselineDepths};
use super::regions::CnRegion;
use crate::error::{Error, Result};
use crate::genome::{normalize_contig, Build};
use crate::io::panel_table::{read_panel_table, write_panel_header};

pub const PON_COLUMNS: [&str; 8] = [
    "build",
    "chrom",
    "start",
    "end",
    "gene",
    "median_normalised_depth",
    "mad",
    "n",
];

#[derive(Debug, Clone, PartialEq)]
pub struct PonRow {
    pub chrom: String,
    pub start: u64,
    pub end: u64,
    pub gene: String,
    pub median: f64,
    pub mad: f64,
    pub n: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PanelOfNormals {
    pub build: Build,
    pub samples: Vec<String>,
    pub rows: Vec<PonRow>,
}

impl PanelOfNormals {
    /// Summarise normals (each: normalised depth per region, in `regions` order).
    pub fn from_normals(
        build: Build,
        regions: &[CnRegion],
        samples: Vec<String>,
        normalised: &[Vec<f64>],
    ) -> Self {
        let rows = regions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let values: Vec<f64> = normalised.iter().map(|n| n[i]).collect();
                let m = median(&values).unwrap_or(0.0);
                let deviations: Vec<f64> = values.iter().map(|v| (v - m).abs()).collect();
                PonRow {
                    chrom: r.chrom.clone(),
                    start: r.start,
                    end: r.end,
                    gene: r.gene.clone(),
                    median: m,
                    mad: median(&deviations).unwrap_or(0.0),
                    n: values.len() as u32,
                }
            })
            .collect();
        PanelOfNormals {
            build,
            samples,
            rows,
        }
    }

    pub fn write(&self, out: &mut impl Write, min_mapq: u8) -> std::io::Result<()> {
        write_panel_header(
            out,
            "alkres_pon",
            &self.samples,
            &[
                ("min_mapq", min_mapq.to_string()),
                (
                    "normalisation",
                    "mean depth of the region / median mean depth of the sample's reference \
                     regions"
                        .into(),
                ),
            ],
            &PON_COLUMNS,
        )?;
        for r in &self.rows {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{:.6}\t{:.6}\t{}",
                self.build, r.chrom, r.start, r.end, r.gene, r.median, r.mad, r.n
            )?;
        }
        Ok(())
    }

    /// Read a panel of normals; errors name the file and line.
    pub fn read(path: &Path) -> Result<Self> {
        let table = read_panel_table(
            path,
            &PON_COLUMNS,
            "a panel of normals made by `alkres pon`",
        )?;
        let mut rows = Vec::new();
        for row in &table.rows {
            let fields = &row.fields;
            let bad = |m: String| table.bad(row, m);
            let number = |k: usize| -> Result<f64> {
                fields[k]
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| {
                        bad(format!(
                            "{} '{}' is not a non-negative number",
                            PON_COLUMNS[k], fields[k]
                        ))
                    })
            };
            let position = |k: usize| -> Result<u64> {
                fields[k]
                    .parse::<u64>()
                    .ok()
                    .filter(|&v| v > 0)
                    .ok_or_else(|| {
                        bad(format!(
                            "{} '{}' is not a 1-based position",
                            PON_COLUMNS[k], fields[k]
                        ))
                    })
            };
            rows.push(PonRow {
                chrom: normalize_contig(&fields[1]).to_string(),
                start: position(2)?,
                end: position(3)?,
                gene: fields[4].to_string(),
                median: number(5)?,
                mad: number(6)?,
                n: fields[7]
                    .parse()
                    .map_err(|_| bad(format!("n '{}' is not a count", fields[7])))?,
            });
        }
        let build = table.build.ok_or_else(|| {
            Error::bad_input(
                &table.label,
                if table.header_seen {
                    "no regions in the panel of normals"
                } else {
                    "empty file, or not a panel of normals made by `alkres pon`"
                },
            )
        })?;
        Ok(PanelOfNormals {
            build,
            samples: table.samples,
            rows,
        })
    }

    /// The baseline for `regions`: the PON median where the PON has the region with reads.
    pub fn baseline(&self, regions: &[CnRegion]) -> BaselineDepths {
        let by_key: HashMap<(&str, u64, u64), f64> = self
            .rows
            .iter()
            .map(|r| ((r.chrom.as_str(), r.start, r.end), r.median))
            .collect();
        regions
            .iter()
            .map(|r| {
                by_key
                    .get(&(r.chrom.as_str(), r.start, r.end))
                    .copied()
                    .filter(|&m| m > 0.0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy_number::genes::Role;

    fn region(start: u64) -> CnRegion {
        CnRegion {
            chrom: "7".into(),
            start,
            end: start + 99,
            gene: "MET".into(),
            role: Role::Amplification,
            arm: Some("7q".into()),
            label: "exon 1".into(),
        }
    }

    #[test]
    fn written_panels_read_back() {
        let regions = [region(100), region(1000)];
        let pon = PanelOfNormals::from_normals(
            Build::GRCh38,
            &regions,
            vec!["a".into(), "b".into(), "c".into()],
            &[vec![1.0, 0.0], vec![1.2, 0.0], vec![0.9, 0.0]],
        );
        assert_eq!(pon.rows[0].median, 1.0);
        assert!((pon.rows[0].mad - 0.1).abs() < 1e-9);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pon.tsv");
        let mut out = Vec::new();
        pon.write(&mut out, 20).unwrap();
        std::fs::write(&path, out).unwrap();
        let back = PanelOfNormals::read(&path).unwrap();
        assert_eq!(back.build, Build::GRCh38);
        assert_eq!(back.samples, ["a", "b", "c"]);
        assert_eq!(back.baseline(&regions), vec![Some(1.0), None]);
    }
}
