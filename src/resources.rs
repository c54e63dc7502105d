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
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| {
            row.map_err(|e| Error::Resource {
                name: name.to_string(),
                message: format!("data row {}: {e}", i + 1),
            })
        })
        .collect()
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
