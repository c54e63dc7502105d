//! Curated data shipped inside the binary (see resources/README.md for provenance).

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

pub const TRANSCRIPTS_TSV: &str = include_str!("../resources/transcripts/transcripts.tsv");
pub const EXONS_TSV: &str = include_str!("../resources/transcripts/exons.tsv");
pub const KNOWN_SEQUENCE_TSV: &str = include_str!("../resources/reference/known_sequence.tsv");

/// Parse a tab-separated table with a header row into typed rows; errors name the table and row.
pub fn read_tsv<T: DeserializeOwned>(name: &str, text: &str) -> Result<Vec<T>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::Resource {
            name: name.to_string(),
            message: format!("header: {e}"),
        })?
        .clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::Resource {
            name: name.to_string(),
            message: describe_row_error(&headers, None, &e),
        })?;
        let row = record
            .deserialize(Some(&headers))
            .map_err(|e| Error::Resource {
                name: name.to_string(),
                message: describe_row_error(&headers, Some(&record), &e),
            })?;
        rows.push(row);
    }
    Ok(rows)
}

/// `line 3, column 'call': 'Resistant' is not a known call (allowed: …)`: the file line
/// (1-based, header included), the column by name, and what was wrong.
fn describe_row_error(
    headers: &csv::StringRecord,
    record: Option<&csv::StringRecord>,
    e: &csv::Error,
) -> String {
    let line = record
        .and_then(csv::StringRecord::position)
        .or_else(|| e.position())
        .map(csv::Position::line);
    let (field, message) = match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => (err.field(), err.kind().to_string()),
        _ => (None, e.to_string()),
    };
    // serde does not say which field a custom error came from: find the cell holding the
    // value the message quotes.
    let quoted = message.split('\'').nth(1);
    let column = field.and_then(|f| headers.get(f as usize)).or_else(|| {
        let (record, quoted) = (record?, quoted?);
        let i = record.iter().position(|cell| cell.trim() == quoted)?;
        headers.get(i)
    });
    let mut place = line.map_or_else(|| "row".to_string(), |l| format!("line {l}"));
    if let Some(column) = column {
        place.push_str(&format!(", column '{column}'"));
    }
    format!("{place}: {message}")
}

/// Deserialize an empty TSV cell as `None`.
pub fn empty_as_none<'de, D, T>(deserializer: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let raw: Option<String> = serde::Deserialize::deserialize(deserializer)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text.parse().map(Some).map_err(serde::de::Error::custom),
    }
}
