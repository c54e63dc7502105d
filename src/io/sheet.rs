//! The CSV sample sheet as every reader of it sees it: a header row, `#` comment lines,
//! trimmed cells, and each row with its own line in the file (comment lines counted), so
//! the batch inputs, the treatment history and the patient columns name the same line.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Every row of the sheet at `path`, deserialized into `T` by header name, with its line.
/// A row that does not deserialize is returned as its `csv::Error`, for the caller to word.
pub(crate) fn sheet_rows<T: DeserializeOwned>(
    path: &Path,
) -> Result<Vec<(u64, std::result::Result<T, csv::Error>)>> {
    let label = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_path(path)
        .map_err(|e| Error::bad_input(&label, e.to_string()))?;
    let headers = reader
        .headers()
        .map_err(|e| Error::bad_input(&label, e.to_string()))?
        .clone();
    Ok(reader
        .records()
        .enumerate()
        .map(|(i, record)| {
            let line = record
                .as_ref()
                .ok()
                .and_then(|r| r.position())
                .map_or(i as u64 + 2, |p| p.line());
            (
                line,
                record.and_then(|r| r.deserialize::<T>(Some(&headers))),
            )
        })
        .collect())
}
