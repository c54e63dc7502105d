//! The tables `alkres pon` writes (the copy-number panel of normals and the hotspot panel):
//! `##key=value` metadata lines (`##samples=` names the normals), one fixed header row, then
//! data rows of the same width whose first column is the build, the same on every row. One
//! reader for both, so both say the same thing about a damaged file.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::genome::Build;

/// A panel table read and checked for its shape; the fields are the caller's to type.
pub struct PanelTable {
    pub label: String,
    /// The normals named by `##samples=`.
    pub samples: Vec<String>,
    /// The build of every row (`None`: no data row).
    pub build: Option<Build>,
    /// Whether the header row was there (an empty table vs. an empty file).
    pub header_seen: bool,
    pub rows: Vec<PanelRow>,
}

/// One data row: its line number and its tab-separated fields (the build first).
pub struct PanelRow {
    pub line: u64,
    pub fields: Vec<String>,
}

impl PanelTable {
    /// An error naming the file and `row`'s line.
    pub fn bad(&self, row: &PanelRow, message: String) -> Error {
        Error::bad_record(&self.label, row.line, message)
    }
}

/// Read `path`, whose header row must be `columns`; `made_by` says what makes such a file
/// (for the message when the header is not that).
pub fn read_panel_table(path: &Path, columns: &[&str], made_by: &str) -> Result<PanelTable> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::bad_input(&label, format!("cannot read: {e}")))?;
    let mut table = PanelTable {
        label,
        samples: Vec::new(),
        build: None,
        header_seen: false,
        rows: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let bad = |m: String| Error::bad_record(&table.label, line_no, m);
        let line = line.trim_end_matches('\r');
        if let Some(meta) = line.strip_prefix("##") {
            if let Some(list) = meta.strip_prefix("samples=") {
                table.samples = list.split(',').map(str::to_string).collect();
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if !table.header_seen {
            if fields != columns {
                return Err(bad(format!(
                    "expected the header row '{}' ({made_by})",
                    columns.join(" ")
                )));
            }
            table.header_seen = true;
            continue;
        }
        if fields.len() != columns.len() {
            return Err(bad(format!(
                "expected {} tab-separated fields, found {}",
                columns.len(),
                fields.len()
            )));
        }
        let row_build: Build = fields[0].parse().map_err(|_| {
            bad(format!(
                "build: expected GRCh37 or GRCh38, found '{}'",
                fields[0]
            ))
        })?;
        match table.build {
            Some(b) if b != row_build => {
                return Err(bad(format!(
                    "build {row_build} differs from the file's first row ({b})"
                )))
            }
            _ => table.build = Some(row_build),
        }
        table.rows.push(PanelRow {
            line: line_no,
            fields: fields.into_iter().map(str::to_string).collect(),
        });
    }
    Ok(table)
}

/// Write a panel table's metadata (`##<format>=1`, the alkres version, `##samples=`, then
/// `meta` as `##key=value`) and its header row; the caller writes the data rows.
pub fn write_panel_header(
    out: &mut impl Write,
    format: &str,
    samples: &[String],
    meta: &[(&str, String)],
    columns: &[&str],
) -> std::io::Result<()> {
    writeln!(out, "##{format}=1")?;
    writeln!(out, "##alkres_version={}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "##samples={}", samples.join(","))?;
    for (key, value) in meta {
        writeln!(out, "##{key}={value}")?;
    }
    writeln!(out, "{}", columns.join("\t"))
}
