//! Readers and writers for the file formats alkres touches.

pub mod atomic;
pub mod bgzf_reader;
pub mod block_lines;
pub mod indexed;
pub mod mapped_file;
pub mod newlines;
pub(crate) mod panel_table;
pub(crate) mod pool_slot;
pub(crate) mod sheet;
pub(crate) mod tabix;
pub(crate) mod tsv;
pub(crate) mod vcf_input;
pub mod vcf_line;
pub mod vcf_record;

/// File-name-safe version of a sample name.
pub fn file_stem(sample: &str) -> String {
    let cleaned: String = sample
        .chars()
        .map(|c| {
            // Letters of any script are kept: two patients named in Chinese must not collide.
            if c.is_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    match cleaned.trim_start_matches('.') {
        "" => "sample".to_string(),
        s => s.to_string(),
    }
}
