//! Helpers shared by the integration tests: run the binary, write small inputs.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn alkres() -> Command {
    Command::cargo_bin("alkres").expect("the alkres binary is built")
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A GRCh38 header with chr-style contigs and the usual FORMAT fields.
pub fn grch38_header(samples: &[&str]) -> String {
    let mut h = String::from("##fileformat=VCFv4.2\n");
    h.push_str("##contig=<ID=chr2,length=242193529>\n##contig=<ID=chr7,length=159345973>\n##contig=<ID=chr12,length=133275309>\n");
    h.push_str("##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n");
    h.push_str("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
    h.push_str("##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allele depths\">\n");
    h.push_str("##FORMAT=<ID=PS,Number=1,Type=Integer,Description=\"Phase set\">\n");
    h.push_str("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO");
    if !samples.is_empty() {
        h.push_str("\tFORMAT");
        for s in samples {
            h.push('\t');
            h.push_str(s);
        }
    }
    h.push('\n');
    h
}

pub fn write_file(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(content))
        .expect("write test input");
    path
}

/// BGZF-compress `content` with noodles (what bgzip writes).
pub fn bgzip(content: &[u8]) -> Vec<u8> {
    let mut writer = noodles::bgzf::io::Writer::new(Vec::new());
    writer.write_all(content).unwrap();
    writer.finish().unwrap()
}

/// The one output under `dir` whose name ends with `suffix` (the first, in directory
/// order); panics naming the suffix and the files there when there is none.
pub fn file_ending(dir: &Path, suffix: &str) -> PathBuf {
    let files = files_in(dir);
    files
        .iter()
        .find(|p| p.to_string_lossy().ends_with(suffix))
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no file ending {suffix:?} under {}: {files:?}",
                dir.display()
            )
        })
}

/// Files (not directories) under `dir`, recursively.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files_in(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}
