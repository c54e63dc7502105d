//! `alkres check`: compare new outputs with expected ones for CI regression tests on sample
//! files. JSON reports are compared field by field; volatile fields (the command line, input
//! paths, the read mode and the alkres version) are ignored; the KB version is not.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// Keys whose values depend on where and how a run happened, not on what it found.
const VOLATILE_KEYS: [&str; 5] = ["command", "input", "inputs", "read_mode", "alkres_version"];
const MAX_DIFFERENCES_SHOWN: usize = 40;

/// Every difference, as readable lines; empty when the outputs agree.
pub fn compare_dirs(expected: &Path, actual: &Path) -> Result<Vec<String>> {
    let mut differences = Vec::new();
    let expected_files = json_files(expected)?;
    if expected_files.is_empty() {
        return Err(Error::bad_input(
            expected.display().to_string(),
            "no .json outputs to compare against",
        ));
    }
    for relative in &expected_files {
        let want = read_json(&expected.join(relative))?;
        let path = actual.join(relative);
        if !path.exists() {
            differences.push(format!(
                "{}: missing from {}",
                relative.display(),
                actual.display()
            ));
            continue;
        }
        let got = read_json(&path)?;
        let mut found = Vec::new();
        diff(&want, &got, String::new(), &mut found);
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
    for relative in json_files(actual)? {
        if !expected_files.contains(&relative) {
            differences.push(format!(
                "{}: not in the expected outputs",
                relative.display()
            ));
        }
    }
    Ok(differences)
}

fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let entries = std::fs::read_dir(dir.join(&relative))
            .map_err(|e| Error::bad_input(dir.display().to_string(), e.to_string()))?;
        for entry in entries.flatten() {
            let name = relative.join(entry.file_name());
            if entry.path().is_dir() {
                stack.push(name);
            } else if name.extension().is_some_and(|e| e == "json") {
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
