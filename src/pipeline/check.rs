//! `alkres check`: compare new outputs with expected ones for CI regression tests on sample
//! files. Every expected file must exist and match: JSON reports field by field, VCFs record by
//! record (header lines too, except the volatile `##alkresVersion`/`##alkresCommand`/
//! `##fileDate`/`##bcftools_*` ones), TSVs row by row, other files (HTML, indexes) by presence
//! and non-emptiness. Volatile values (the command line, input paths, the read mode and the
//! alkres version) are ignored; the KB version is not. A file that cannot be read as its
//! format (an empty or truncated VCF, junk for JSON) is a difference, not an error.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// Keys whose values depend on where and how a run happened, not on what it found.
const VOLATILE_KEYS: [&str; 5] = ["command", "input", "inputs", "read_mode", "alkres_version"];
/// VCF header lines that say how and when a run happened.
const VOLATILE_HEADER: [&str; 4] = [
    "##alkresVersion=",
    "##alkresCommand=",
    "##fileDate=",
    "##bcftools_",
];
const MAX_DIFFERENCES_SHOWN: usize = 40;

/// How a file is compared, from its name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Json,
    Vcf,
    Tsv,
    /// HTML, indexes, anything else: must exist and not be empty.
    Present,
}

fn kind(path: &Path) -> Kind {
    let name = path.to_string_lossy();
    if name.ends_with(".json") {
        Kind::Json
    } else if name.ends_with(".vcf") || name.ends_with(".vcf.gz") {
        Kind::Vcf
    } else if name.ends_with(".tsv") {
        Kind::Tsv
    } else {
        Kind::Present
    }
}

/// Every difference, as readable lines; empty when the outputs agree.
pub fn compare_dirs(expected: &Path, actual: &Path) -> Result<Vec<String>> {
    let mut differences = Vec::new();
    let expected_files = output_files(expected)?;
    if expected_files.is_empty() {
        return Err(Error::bad_input(
            expected.display().to_string(),
            "no outputs to compare against",
        ));
    }
    if !actual.is_dir() {
        return Err(Error::bad_input(
            actual.display().to_string(),
            "not a folder of outputs",
        ));
    }
    for relative in &expected_files {
        let path = actual.join(relative);
        if !path.exists() {
            differences.push(format!(
                "{}: missing from {}",
                relative.display(),
                actual.display()
            ));
            continue;
        }
        let found = compare_file(&expected.join(relative), &path)?;
        let total = found.len();
        differences.extend(
            found
                .into_iter()
                .take(MAX_DIFFERENCES_SHOWN)
                .map(|d| format!("{}: {d}", relative.display())),
        );
        if total > MAX_DIFFERENCES_SHOWN {
            differences.push(format!(
                "{}: … and {} more differences",
                relative.display(),
                total - MAX_DIFFERENCES_SHOWN
            ));
        }
    }
    // A new file is a difference when the baseline has files of its kind (a JSON-only
    // baseline still checks just the reports).
    let kinds: Vec<Kind> = expected_files.iter().map(|p| kind(p)).collect();
    for relative in output_files(actual)? {
        if !expected_files.contains(&relative) && kinds.contains(&kind(&relative)) {
            differences.push(format!(
                "{}: not in the expected outputs",
                relative.display()
            ));
        }
    }
    Ok(differences)
}

/// Differences between one expected file (which must be readable: it is the reference) and
/// the new one (whose damage is a difference).
fn compare_file(want_path: &Path, got_path: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    match kind(want_path) {
        Kind::Json => {
            let want = read_json(want_path)?;
            match read_json(got_path) {
                Ok(got) => diff(&want, &got, String::new(), &mut found),
                Err(e) => found.push(format!("unreadable: {e}")),
            }
        }
        Kind::Vcf | Kind::Tsv => {
            let want = comparable_lines(want_path)?;
            match comparable_lines(got_path) {
                Ok(got) => diff_lines(&want, &got, &mut found),
                Err(e) => found.push(format!("unreadable: {e}")),
            }
        }
        Kind::Present => {
            let want = file_len(want_path)?;
            let got = file_len(got_path)?;
            if want > 0 && got == 0 {
                found.push("empty".to_string());
            }
        }
    }
    Ok(found)
}

fn file_len(path: &Path) -> Result<u64> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| Error::bad_input(path.display().to_string(), e.to_string()))
}

/// The lines of a VCF (plain or bgzipped, read to the end: a truncated file is an error) or
/// TSV, with volatile header lines dropped and paths reduced to file names.
fn comparable_lines(path: &Path) -> Result<Vec<(usize, String)>> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::bad_input(&label, e.to_string()))?;
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| Error::bad_input(&label, format!("not gzip/BGZF text: {e}")))?;
        text
    } else {
        String::from_utf8(bytes).map_err(|_| Error::bad_input(&label, "not UTF-8 text"))?
    };
    if kind(path) == Kind::Vcf {
        if !text.starts_with("##fileformat=VCF") {
            return Err(Error::bad_input(&label, "no ##fileformat=VCF header line"));
        }
        if !text.lines().any(|l| l.starts_with("#CHROM\t")) {
            return Err(Error::bad_input(&label, "no #CHROM header line"));
        }
    } else if text.trim().is_empty() {
        return Err(Error::bad_input(&label, "empty"));
    }
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, l)| !VOLATILE_HEADER.iter().any(|v| l.starts_with(v)))
        .map(|(i, l)| {
            let cells: Vec<String> = l.split('\t').map(without_dirs).collect();
            (i + 1, cells.join("\t"))
        })
        .collect())
}

/// Line-by-line differences, each naming the line of the new file.
fn diff_lines(want: &[(usize, String)], got: &[(usize, String)], out: &mut Vec<String>) {
    if want.len() != got.len() {
        out.push(format!("expected {} lines, got {}", want.len(), got.len()));
    }
    for ((_, a), (line, b)) in want.iter().zip(got) {
        if a != b {
            out.push(format!(
                "line {line}: expected {:?}, got {:?}",
                short(a),
                short(b)
            ));
        }
    }
    for (line, extra) in got.iter().skip(want.len()) {
        out.push(format!("line {line}: unexpected {:?}", short(extra)));
    }
    for (line, gone) in want.iter().skip(got.len()) {
        out.push(format!("expected line {line} missing: {:?}", short(gone)));
    }
}

fn short(text: &str) -> String {
    match text.char_indices().nth(117) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn output_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let entries = std::fs::read_dir(dir.join(&relative))
            .map_err(|e| Error::bad_input(dir.display().to_string(), e.to_string()))?;
        for entry in entries.flatten() {
            let name = relative.join(entry.file_name());
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if entry.path().is_dir() {
                stack.push(name);
            } else if !hidden {
                out.push(name);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn read_json(path: &Path) -> Result<Value> {
    let label = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::bad_input(&label, e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| Error::bad_input(&label, format!("not JSON: {e}")))
}

fn show(v: &Value) -> String {
    let text = v.to_string();
    if text.len() > 120 {
        format!(
            "{}…",
            &text[..text.char_indices().nth(117).map_or(text.len(), |(i, _)| i)]
        )
    } else {
        text
    }
}

/// Paths inside free text (`alignments: /tmp/x/P01.bam`) differ between runs: compare their
/// file names only.
fn without_dirs(text: &str) -> String {
    text.split(' ')
        .map(|token| match token.rfind('/') {
            Some(i) if i + 1 < token.len() => &token[i + 1..],
            _ => token,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn diff(want: &Value, got: &Value, at: String, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                if VOLATILE_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                match b.get(key) {
                    Some(other) => diff(value, other, path, out),
                    None => out.push(format!("{path}: expected {}, field missing", show(value))),
                }
            }
            for key in b.keys() {
                if !a.contains_key(key) && !VOLATILE_KEYS.contains(&key.as_str()) {
                    let path = if at.is_empty() {
                        key.clone()
                    } else {
                        format!("{at}.{key}")
                    };
                    out.push(format!("{path}: new field {}", show(&b[key])));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!(
                    "{at}: expected {} entries, got {}",
                    a.len(),
                    b.len()
                ));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff(x, y, format!("{at}[{i}]"), out);
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let (x, y) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            if (x - y).abs() > 1e-9 * x.abs().max(y.abs()).max(1.0) {
                out.push(format!("{at}: expected {a}, got {b}"));
            }
        }
        (Value::String(a), Value::String(b)) if without_dirs(a) != without_dirs(b) => {
            out.push(format!("{at}: expected {}, got {}", show(want), show(got)));
        }
        (Value::String(_), Value::String(_)) => {}
        _ if want != got => out.push(format!("{at}: expected {}, got {}", show(want), show(got))),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const VCF: &str = "##fileformat=VCFv4.2\n##alkresVersion=0.1.0\n##alkresCommand=alkres run -o /a\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr2\t29220747\t.\tC\tT\t.\tPASS\tALKRES_GENE=ALK\n";

    fn baseline(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("P.json"), r#"{"a": 1}"#).unwrap();
        std::fs::write(dir.join("P.vcf"), VCF).unwrap();
        std::fs::write(dir.join("P.tsv"), "sample\tgene\nP\tALK\n").unwrap();
        std::fs::write(dir.join("P.html"), "<html></html>").unwrap();
    }

    #[test]
    fn every_file_is_compared_and_damage_is_a_difference() {
        let tmp = tempfile::tempdir().unwrap();
        let (want, got) = (tmp.path().join("want"), tmp.path().join("got"));
        baseline(&want);
        baseline(&got);
        // Volatile header lines differ: still a match.
        let moved = VCF.replace("0.1.0", "0.2.0").replace("/a", "/b");
        std::fs::write(got.join("P.vcf"), moved).unwrap();
        assert_eq!(compare_dirs(&want, &got).unwrap(), Vec::<String>::new());

        std::fs::write(got.join("P.vcf"), "").unwrap();
        std::fs::write(got.join("P.tsv"), "junk\n").unwrap();
        std::fs::remove_file(got.join("P.html")).unwrap();
        std::fs::write(got.join("P.json"), "{").unwrap();
        let found = compare_dirs(&want, &got).unwrap();
        for file in [
            "P.vcf: unreadable",
            "P.tsv: ",
            "P.html: missing",
            "P.json: unreadable",
        ] {
            assert!(
                found.iter().any(|d| d.starts_with(file)),
                "{file}: {found:?}"
            );
        }

        // A changed INFO value and a new TSV are differences.
        baseline(&got);
        std::fs::write(got.join("P.vcf"), VCF.replace("GENE=ALK", "GENE=ROS1")).unwrap();
        std::fs::write(got.join("Q.tsv"), "x\n").unwrap();
        let found = compare_dirs(&want, &got).unwrap();
        assert!(
            found
                .iter()
                .any(|d| d.starts_with("P.vcf: line 5") && d.contains("ROS1")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|d| d.starts_with("Q.tsv: not in the expected")),
            "{found:?}"
        );
    }

    #[test]
    fn volatile_fields_are_ignored_and_real_changes_reported() {
        let want = json!({"run": {"command": "a", "input": "/x", "kb": "kb 1"}, "findings": [{"hgvs_p": "p.Gly1202Arg", "vaf": 0.25}]});
        let same = json!({"run": {"command": "b", "input": "/y", "kb": "kb 1"}, "findings": [{"hgvs_p": "p.Gly1202Arg", "vaf": 0.25}]});
        let mut out = Vec::new();
        diff(&want, &same, String::new(), &mut out);
        assert!(out.is_empty(), "{out:?}");
        let moved = json!({"run": {"command": "b", "input": "/y", "kb": "kb 1"}, "findings": [{"hgvs_p": "p.Gly1202Arg", "vaf": 0.25}], "n": "alignments: /tmp/b/P01.bam"});
        let mut with_path = want.clone();
        with_path["n"] = json!("alignments: /tmp/a/P01.bam");
        diff(&with_path, &moved, String::new(), &mut out);
        assert!(
            out.is_empty(),
            "paths in text compare by file name: {out:?}"
        );
        let changed = json!({"run": {"command": "b", "input": "/y", "kb": "kb 2"}, "findings": [{"hgvs_p": "p.Gly1202Lys", "vaf": 0.25}, {"x": 1}]});
        diff(&want, &changed, String::new(), &mut out);
        assert!(
            out.iter()
                .any(|d| d.starts_with("run.kb: expected \"kb 1\"")),
            "{out:?}"
        );
        assert!(
            out.iter().any(|d| d.starts_with("findings[0].hgvs_p")),
            "{out:?}"
        );
        assert!(
            out.iter()
                .any(|d| d.starts_with("findings: expected 1 entries, got 2")),
            "{out:?}"
        );
    }
}
