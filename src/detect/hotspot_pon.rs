//! A panel of normals for hotspot genotyping: each KB hotspot genotyped in a set of normal
//! alignments (`alkres pon --hotspots-output`), and read back as the floor of each site's
//! error rate (`alkres cnv --hotspot-pon`, `alkres run --hotspot-pon`).
//!
//! Why a panel: an artefact of the assay (a capture or polymerase error that recurs at one
//! position in every library) looks like a low-VAF mutation, and the flank-based error
//! estimate of `detect::hotspot_noise` cannot see it because it is specific to the
//! site. A matched normal catches it when there is one; a panel catches it without one.
//!
//! The floor at a site is the **median** of the normals' alternate fractions there, each
//! `(alt + 0.5) / (depth + 1)`: an artefact present in most normals raises it, while one
//! normal that carries the change (a germline variant, or a mislabelled tumour) does not mask
//! a real mutation in every tumour tested against the panel.
//!
//! Format (tab-separated, UTF-8): `##key=value` metadata, a header row, one row per hotspot:
//!
//! ```text
//! ##alkres_hotspot_pon=1
//! ##alkres_version=0.1.0
//! ##samples=N1,N2,N3
//! ##min_mapq=20
//! ##min_base_quality=20
//! build  label       chrom  pos       normals  alt_fragments  depth  median_alt_fraction  max_alt_fraction
//! GRCh38 ALK:G1202R  2      29220829  3        1              1530   0.000327             0.001953
//! ```
//!
//! `pos` is the codon's lowest plus-strand position (1-based), `chrom` has no `chr`;
//! `alt_fragments` and `depth` are summed over the normals.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use super::error_floor::{ErrorFloorSource, NormalSite};
use super::hotspots::HotspotCount;
use super::round6;
use crate::error::{Error, Result};
use crate::genome::{normalize_contig, Build};
use crate::io::panel_table::{read_panel_table, write_panel_header};

pub const HOTSPOT_PON_COLUMNS: [&str; 9] = [
    "build",
    "label",
    "chrom",
    "pos",
    "normals",
    "alt_fragments",
    "depth",
    "median_alt_fraction",
    "max_alt_fraction",
];

/// One hotspot over the panel's normals.
#[derive(Debug, Clone, PartialEq)]
pub struct PonSite {
    pub label: String,
    pub chrom: String,
    pub pos: u64,
    pub normals: u32,
    pub alt_fragments: u64,
    pub depth: u64,
    pub median_rate: f64,
    pub max_rate: f64,
}

impl PonSite {
    /// The site as the error-rate floor of the tumour's test.
    pub fn floor(&self) -> NormalSite {
        NormalSite {
            alt: u32::try_from(self.alt_fragments).unwrap_or(u32::MAX),
            depth: u32::try_from(self.depth).unwrap_or(u32::MAX),
            rate: self.median_rate,
            normals: self.normals,
            source: ErrorFloorSource::PanelOfNormals,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HotspotPon {
    pub build: Build,
    pub samples: Vec<String>,
    pub sites: Vec<PonSite>,
}

impl HotspotPon {
    /// Summarise the normals' counts (each: every hotspot, in the same order).
    pub fn from_counts(build: Build, samples: Vec<String>, normals: &[Vec<HotspotCount>]) -> Self {
        let Some(first) = normals.first() else {
            return HotspotPon {
                build,
                samples,
                sites: Vec::new(),
            };
        };
        let sites = first
            .iter()
            .enumerate()
            .map(|(i, site)| {
                let counts: Vec<&HotspotCount> = normals.iter().map(|n| &n[i]).collect();
                let mut rates: Vec<f64> = counts
                    .iter()
                    .map(|c| NormalSite::matched(c.alt_count, c.depth).rate)
                    .collect();
                rates.sort_by(f64::total_cmp);
                PonSite {
                    label: site.hotspot.label.clone(),
                    chrom: normalize_contig(&site.hotspot.chrom).to_string(),
                    pos: site.hotspot.codon.iter().copied().min().unwrap_or(0),
                    normals: counts.len() as u32,
                    alt_fragments: counts.iter().map(|c| u64::from(c.alt_count)).sum(),
                    depth: counts.iter().map(|c| u64::from(c.depth)).sum(),
                    median_rate: round6(median_of_sorted(&rates)),
                    max_rate: rates.last().copied().unwrap_or(0.0),
                }
            })
            .collect();
        HotspotPon {
            build,
            samples,
            sites,
        }
    }

    /// The floor of each hotspot's error rate, by label.
    pub fn floors(&self) -> HashMap<String, NormalSite> {
        self.sites
            .iter()
            .map(|s| (s.label.clone(), s.floor()))
            .collect()
    }

    pub fn write(
        &self,
        out: &mut impl Write,
        min_mapq: u8,
        min_base_quality: u8,
    ) -> std::io::Result<()> {
        write_panel_header(
            out,
            "alkres_hotspot_pon",
            &self.samples,
            &[
                ("min_mapq", min_mapq.to_string()),
                ("min_base_quality", min_base_quality.to_string()),
                (
                    "rate",
                    "per normal (alt + 0.5) / (depth + 1) of read pairs at the codon; the floor \
                     is the median"
                        .into(),
                ),
            ],
            &HOTSPOT_PON_COLUMNS,
        )?;
        for s in &self.sites {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.6}\t{:.6}",
                self.build,
                s.label,
                s.chrom,
                s.pos,
                s.normals,
                s.alt_fragments,
                s.depth,
                s.median_rate,
                s.max_rate
            )?;
        }
        Ok(())
    }

    /// Read a hotspot panel of normals; errors name the file, the line and the field.
    pub fn read(path: &Path) -> Result<Self> {
        let table = read_panel_table(
            path,
            &HOTSPOT_PON_COLUMNS,
            "a hotspot panel of normals made by `alkres pon --hotspots-output`",
        )?;
        let mut sites: Vec<PonSite> = Vec::new();
        for row in &table.rows {
            let fields = &row.fields;
            let bad = |m: String| table.bad(row, m);
            let integer = |k: usize| {
                fields[k].parse::<u64>().map_err(|_| {
                    bad(format!(
                        "{}: expected a whole number, found '{}'",
                        HOTSPOT_PON_COLUMNS[k], fields[k]
                    ))
                })
            };
            let fraction = |k: usize| match fields[k].parse::<f64>() {
                Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
                _ => Err(bad(format!(
                    "{}: expected a fraction in [0, 1], found '{}'",
                    HOTSPOT_PON_COLUMNS[k], fields[k]
                ))),
            };
            let site = PonSite {
                label: fields[1].to_string(),
                chrom: normalize_contig(&fields[2]).to_string(),
                pos: integer(3)?,
                normals: u32::try_from(integer(4)?)
                    .map_err(|_| bad(format!("normals: too large, '{}'", fields[4])))?,
                alt_fragments: integer(5)?,
                depth: integer(6)?,
                median_rate: fraction(7)?,
                max_rate: fraction(8)?,
            };
            if site.normals == 0 {
                return Err(bad(
                    "normals: a site needs at least one normal, found 0".into()
                ));
            }
            if site.alt_fragments > site.depth {
                return Err(bad(format!(
                    "alt_fragments {} exceed depth {}",
                    site.alt_fragments, site.depth
                )));
            }
            if sites.iter().any(|s| s.label == site.label) {
                return Err(bad(format!("hotspot {} is listed twice", site.label)));
            }
            sites.push(site);
        }
        let Some(build) = table.build else {
            return Err(Error::bad_input(
                &table.label,
                "no hotspot rows: expected a hotspot panel of normals made by `alkres pon \
                 --hotspots-output`",
            ));
        };
        Ok(HotspotPon {
            build,
            samples: table.samples,
            sites,
        })
    }
}

fn median_of_sorted(values: &[f64]) -> f64 {
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "build\tlabel\tchrom\tpos\tnormals\talt_fragments\tdepth\tmedian_alt_fraction\tmax_alt_fraction";

    fn read_text(text: &str) -> Result<HotspotPon> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hotspots.pon.tsv");
        std::fs::write(&path, text).unwrap();
        HotspotPon::read(&path)
    }

    #[test]
    fn written_panel_reads_back() {
        let panel = HotspotPon {
            build: Build::GRCh38,
            samples: vec!["N1".into(), "N2".into()],
            sites: vec![PonSite {
                label: "ALK:G1202R".into(),
                chrom: "2".into(),
                pos: 29_220_829,
                normals: 2,
                alt_fragments: 3,
                depth: 1_000,
                median_rate: 0.0025,
                max_rate: 0.004,
            }],
        };
        let mut text = Vec::new();
        panel.write(&mut text, 20, 20).unwrap();
        let back = read_text(std::str::from_utf8(&text).unwrap()).unwrap();
        assert_eq!(back, panel);
        let floor = back.floors()["ALK:G1202R"];
        assert_eq!(floor.source, ErrorFloorSource::PanelOfNormals);
        assert_eq!((floor.alt, floor.depth, floor.normals), (3, 1_000, 2));
        assert_eq!(floor.rate, 0.0025);
    }

    #[test]
    fn bad_rows_are_named_by_line_and_field() {
        let row = |fields: &str| format!("##alkres_hotspot_pon=1\n{HEADER}\n{fields}\n");
        let cases = [
            (
                row("GRCh38\tALK:G1202R\t2\t1\t2\t3\t10\t1.5\t0.5"),
                "median_alt_fraction",
            ),
            (row("GRCh38\tALK:G1202R\t2\tx\t2\t3\t10\t0.1\t0.5"), "pos"),
            (
                row("GRCh38\tALK:G1202R\t2\t1\t0\t0\t10\t0.1\t0.5"),
                "normals",
            ),
            (
                row("GRCh38\tALK:G1202R\t2\t1\t2\t30\t10\t0.1\t0.5"),
                "exceed depth",
            ),
            (row("GRCh99\tALK:G1202R\t2\t1\t2\t3\t10\t0.1\t0.5"), "build"),
            (row("GRCh38\tALK:G1202R\t2\t1\t2"), "9 tab-separated fields"),
        ];
        for (text, expected) in cases {
            let err = read_text(&text).unwrap_err().to_string();
            assert!(
                err.contains("line 3") && err.contains(expected),
                "{expected}: {err}"
            );
        }
        let twice = format!(
            "{HEADER}\nGRCh38\tALK:G1202R\t2\t1\t2\t3\t10\t0.1\t0.5\nGRCh38\tALK:G1202R\t2\t1\t2\t3\t10\t0.1\t0.5\n"
        );
        assert!(read_text(&twice)
            .unwrap_err()
            .to_string()
            .contains("listed twice"));
        let region_pon =
            "##alkres_pon=1\nbuild\tchrom\tstart\tend\tgene\tmedian_normalised_depth\tmad\tn\n";
        let err = read_text(region_pon).unwrap_err().to_string();
        assert!(
            err.contains("line 2") && err.contains("--hotspots-output"),
            "{err}"
        );
        assert!(read_text(&format!("{HEADER}\n"))
            .unwrap_err()
            .to_string()
            .contains("no hotspot rows"));
    }

    #[test]
    fn the_floor_is_the_median_normal_not_the_worst() {
        use crate::detect::hotspots::HotspotCount;
        let specs = crate::kb::KnowledgeBase::shipped().unwrap().hotspot_specs();
        let known = crate::genome::KnownSequence::shipped().unwrap();
        let transcripts = crate::transcript::TranscriptSet::shipped(Build::GRCh38, &known).unwrap();
        let hotspots = crate::detect::hotspots::place_hotspots(&specs, &transcripts, "ALK");
        let g1202r = hotspots.iter().find(|h| h.label == "ALK:G1202R").unwrap();
        // Counts as a normal's genotyping would give them: (alt, depth).
        let count = |alt: u32, depth: u32| {
            let mut c: HotspotCount = crate::detect::hotspots::count_for_test(g1202r);
            c.alt_count = alt;
            c.depth = depth;
            vec![c]
        };
        let normals = [count(1, 500), count(0, 480), count(250, 500)];
        let panel = HotspotPon::from_counts(Build::GRCh38, vec![], &normals);
        let site = &panel.sites[0];
        assert_eq!(
            (site.normals, site.alt_fragments, site.depth),
            (3, 251, 1_480)
        );
        // (1 + 0.5) / 501: the middle of 0.5/481, 1.5/501 and 250.5/501.
        assert!((site.median_rate - 1.5 / 501.0).abs() < 1e-6, "{site:?}");
        assert!((site.max_rate - 250.5 / 501.0).abs() < 1e-6, "{site:?}");
    }
}
