//! The one convention of every TSV alkres writes (docs/tsv.md): a header row, tab-separated,
//! no quoting; tabs and newlines inside a value become spaces; a missing or empty value is
//! written as [`MISSING`] (`.`, as in VCF).

/// How a missing value is written.
pub const MISSING: &str = ".";

/// One cell: tabs/newlines become spaces, empty becomes [`MISSING`].
pub fn cell(text: &str) -> String {
    if text.is_empty() {
        return MISSING.to_string();
    }
    text.replace(['\t', '\n', '\r'], " ")
}

/// An optional value as a cell.
pub fn opt<T: ToString>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| MISSING.to_string(), |v| cell(&v.to_string()))
}

/// One line: the cells joined by tabs, each made a [`cell`], with the newline.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut text = cells
        .iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join("\t");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_is_a_dot_and_cells_stay_one_cell() {
        assert_eq!(cell(""), ".");
        assert_eq!(cell("a\tb\nc"), "a b c");
        assert_eq!(opt::<u32>(&None), ".");
        assert_eq!(opt(&Some(3)), "3");
        assert_eq!(line(&["x", "", "y"]), "x\t.\ty\n");
    }
}
