//! Tab-separated caller output with a header row, read by column name (so that the column
//! sets of different caller versions all work). Plain or gzip.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::error::{Error, Result};

pub struct Row<'a> {
    cells: Vec<&'a str>,
    index: &'a HashMap<String, usize>,
    pub line: u64,
}

impl<'a> Row<'a> {
    pub fn get(&self, column: &str) -> Option<&'a str> {
        self.index
            .get(column)
            .and_then(|&i| self.cells.get(i).copied())
            .map(str::trim)
    }
}

impl Row<'_> {
    /// A read-count cell: `None` when the column is absent, empty or `.`; otherwise a whole
    /// number ≥ 0, or an error naming the line, column and value (never a silent 0).
    pub fn count(&self, label: &str, column: &str) -> Result<Option<u32>> {
        let Some(text) = self.get(column).filter(|t| !t.is_empty() && *t != ".") else {
            return Ok(None);
        };
        if let Ok(n) = text.parse::<u32>() {
            return Ok(Some(n));
        }
        // Some versions write counts as `12.0`.
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= u32::MAX as f64 => {
                Ok(Some(x as u32))
            }
            _ => Err(Error::bad_record(
                label,
                self.line,
                format!("{column} '{text}': expected a read count (a whole number ≥ 0)"),
            )),
        }
    }
}

/// A table whose header row has been read and checked.
struct OpenTable {
    label: String,
    lines: std::io::Split<Box<dyn BufRead>>,
    line_no: u64,
    index: HashMap<String, usize>,
}

/// Open `path` and check that its header row names every `required` column (`what`: the
/// caller's file, for the messages).
fn open_table(path: &Path, what: &str, required: &[&str]) -> Result<OpenTable> {
    let label = path.display().to_string();
    let file =
        File::open(path).map_err(|e| Error::bad_input(&label, format!("cannot open: {e}")))?;
    let mut raw = BufReader::new(file);
    let magic = raw
        .fill_buf()
        .map_err(|e| Error::bad_input(&label, format!("cannot read: {e}")))?;
    let reader: Box<dyn BufRead> = if magic.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    let mut lines = reader.split(b'\n');
    let mut line_no = 0u64;
    let header = loop {
        let Some(line) = lines.next() else {
            return Err(Error::bad_input(
                &label,
                format!(
                    "empty file: expected the {what} header row ({})",
                    required.join(", ")
                ),
            ));
        };
        line_no += 1;
        let line = line.map_err(|e| Error::bad_input(&label, format!("read error: {e}")))?;
        let text = String::from_utf8(line)
            .map_err(|_| Error::bad_record(&label, line_no, "not UTF-8 text"))?;
        let text = text.trim_end_matches('\r').to_string();
        if !text.trim().is_empty() {
            break text;
        }
    };
    let index: HashMap<String, usize> = header
        .trim_start_matches('#')
        .split('\t')
        .enumerate()
        .map(|(i, name)| (name.trim().to_string(), i))
        .collect();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !index.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        return Err(Error::bad_record(
            &label,
            line_no,
            format!("not {what}: header lacks column(s) {}", missing.join(", ")),
        ));
    }
    Ok(OpenTable {
        label,
        lines,
        line_no,
        index,
    })
}

/// Whether `path` is a `what` table: its header row names every `required` column (read
/// before anything else, so a wrong file is named as such first).
pub fn check_header(path: &Path, what: &str, required: &[&str]) -> Result<()> {
    open_table(path, what, required).map(drop)
}

/// Open `path`, check that the header names every `required` column, and call `each` on
/// every data row. Returns the number of data rows.
pub fn for_each_row(
    path: &Path,
    what: &str,
    required: &[&str],
    mut each: impl FnMut(&Row) -> Result<()>,
) -> Result<u64> {
    let OpenTable {
        label,
        lines,
        mut line_no,
        index,
    } = open_table(path, what, required)?;
    let width = index.len();
    let mut rows = 0;
    for line in lines {
        line_no += 1;
        let line = line.map_err(|e| Error::bad_input(&label, format!("read error: {e}")))?;
        let text = std::str::from_utf8(&line)
            .map_err(|_| Error::bad_record(&label, line_no, "not UTF-8 text"))?
            .trim_end_matches('\r');
        if text.trim().is_empty() || text.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = text.split('\t').collect();
        let needed = required
            .iter()
            .filter_map(|c| index.get(*c))
            .max()
            .map_or(0, |m| m + 1);
        if cells.len() < needed {
            return Err(Error::bad_record(
                &label,
                line_no,
                format!(
                    "expected {width} tab-separated columns as in the header, found {}",
                    cells.len()
                ),
            ));
        }
        rows += 1;
        each(&Row {
            cells,
            index: &index,
            line: line_no,
        })?;
    }
    Ok(rows)
}

/// Parse `chr2:29223528` or `chr2:29223528:-` into (chrom, pos, strand).
pub fn locus(text: &str) -> Option<(&str, u64, Option<char>)> {
    let mut parts = text.rsplitn(3, ':').collect::<Vec<_>>();
    parts.reverse();
    match parts.as_slice() {
        [chrom, pos, strand] if strand.len() == 1 && pos.parse::<u64>().is_ok() => {
            Some((chrom, pos.parse().ok()?, strand.chars().next()))
        }
        [.., chrom, pos] => pos.parse().ok().map(|p| (*chrom, p, None)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loci_with_and_without_strand() {
        assert_eq!(
            locus("chr2:29223528:-"),
            Some(("chr2", 29223528, Some('-')))
        );
        assert_eq!(locus("2:42295516"), Some(("2", 42295516, None)));
        assert_eq!(locus("chr2"), None);
        assert_eq!(locus("chr2:x"), None);
    }
}
