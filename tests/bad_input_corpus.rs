//! The bad-input corpus in tests/bad_inputs/: one test per file, driven by the table in
//! tests/bad_inputs/README.md (command and expected behaviour). Only the CLI and the output
//! files are used. `#[ignore]`d cases fail on today's code (tests/fixtures/callers/MEASURED.md).

mod common;

use std::path::{Path, PathBuf};

use common::{alkres, files_in, fixture};

struct Case {
    file: String,
    command: String,
    expected: String,
}

fn corpus_dir() -> PathBuf {
    fixture("tests/bad_inputs")
}

/// Rows of the README table: `| file | defect | command | expected |`, backticks stripped.
fn table() -> Vec<Case> {
    let text = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect();
            assert_eq!(cells.len(), 4, "README row {l:?}");
            Case {
                file: cells[0].clone(),
                command: cells[2].clone(),
                expected: cells[3].clone(),
            }
        })
        .collect()
}

/// The findings tables: every `.tsv` but the one-row-per-sample summaries (MultiQC's
/// `*_mqc.tsv`, batch's `cohort.alkres.tsv`), which name each sample's top change again.
fn tsv_text(out: &Path) -> String {
    let summary = |p: &Path| {
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        name.ends_with("_mqc.tsv") || name.starts_with("cohort.alkres")
    };
    files_in(out)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tsv") && !summary(p))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `verdict.drugs[].call` for `drug` in every JSON report under `out`.
fn drug_calls(out: &Path, drug: &str) -> Vec<String> {
    let mut calls = Vec::new();
    for path in files_in(out) {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let drugs = doc["verdict"]["drugs"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for d in drugs.iter().filter(|d| d["drug"] == drug) {
            calls.push(d["call"].as_str().unwrap_or("").to_string());
        }
    }
    calls
}

fn run_case(file: &str) {
    let case = table()
        .into_iter()
        .find(|c| c.file == file)
        .unwrap_or_else(|| panic!("{file} has no row in tests/bad_inputs/README.md"));
    let dir = corpus_dir();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let args: Vec<String> = case
        .command
        .split_whitespace()
        .map(|a| {
            a.replace("{f}", &dir.join(&case.file).display().to_string())
                .replace("{out}", &out.display().to_string())
                .replace("{dir}", &dir.display().to_string())
        })
        .collect();
    let result = alkres()
        .args(&args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    let context = format!("{file}: alkres {}\nstderr: {stderr}", args.join(" "));
    // A fragment must be in the message itself, not just in the file name it quotes.
    let message = stderr.replace(&dir.join(&case.file).display().to_string(), "<file>");
    let message = message.replace(&case.file, "<file>");
    for check in case.expected.split(';').map(str::trim) {
        if let Some(code) = check.strip_prefix("exit ") {
            let code: i32 = code.parse().unwrap();
            assert_eq!(result.status.code(), Some(code), "{context}");
        } else if let Some(text) = check.strip_prefix("stderr ~ ") {
            assert!(message.contains(text), "stderr lacks {text:?}; {context}");
        } else if check == "no output" {
            let left = files_in(&out);
            assert!(left.is_empty(), "output left: {left:?}; {context}");
        } else if let Some(rest) = check.strip_prefix("rows ") {
            let (text, n) = rest.rsplit_once(" = ").expect("rows TEXT = N");
            let n: usize = n.parse().unwrap();
            let tsv = tsv_text(&out);
            let found = tsv.lines().filter(|l| l.contains(text)).count();
            assert_eq!(found, n, "rows containing {text:?}; {context}\nTSV:\n{tsv}");
        } else if let Some(rest) = check.strip_prefix("call ") {
            let (drug, call) = rest.split_once(" = ").expect("call DRUG = CALL");
            let calls = drug_calls(&out, drug);
            assert!(!calls.is_empty(), "no verdict names {drug}; {context}");
            assert!(
                calls.iter().all(|c| c == call),
                "{drug}: {calls:?}, expected {call}; {context}"
            );
        } else {
            panic!("unknown expectation {check:?} for {file}");
        }
    }
}

macro_rules! corpus {
    ($($(#[$attr:meta])* $name:ident => $file:literal;)*) => {
        $( #[test] $(#[$attr])* fn $name() { run_case($file); } )*
        const FILES: &[&str] = &[$($file),*];
    };
}

corpus! {
    duplicate_record => "duplicate-record.vcf";
    multiallelic_self_duplicate => "multiallelic-self-duplicate.vcf";
    bgzf_truncated_at_block_boundary => "bgzf-truncated-at-block-boundary.vcf.gz";
    stale_tabix_index => "stale-tabix-index.vcf.gz";
    indexed_bad_record_line_137 => "indexed-bad-record-line-137.vcf.gz";
    kb_capital_sensitive => "kb-capital-Sensitive";
    kb_unknown_drug => "kb-unknown-drug";
    cnvkit_log2_inf => "cnvkit-log2-inf.cns";
    samplesheet_comment_line => "samplesheet-comment-line.csv";
    samplesheet_months_negative => "samplesheet-months-negative.csv";
    samplesheet_name_collision => "samplesheet-name-collision.csv";
    samplesheet_cjk_names => "samplesheet-cjk-names.csv";
    fusion_counts_non_numeric => "fusion-counts-non-numeric.tsv";
    reserved_info_key_redefined => "reserved-info-key-redefined.vcf";
    sv_malformed_record_far_from_alk => "sv-malformed-record-far-from-alk.vcf";
}

#[test]
fn every_corpus_file_has_a_row_and_a_test() {
    let rows: Vec<String> = table().into_iter().map(|c| c.file).collect();
    for entry in std::fs::read_dir(corpus_dir()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let helper = name == "README.md"
            || name == "support"
            || name.ends_with(".py")
            || name.ends_with(".tbi");
        if helper {
            continue;
        }
        assert!(rows.contains(&name), "{name} has no README row");
        assert!(FILES.contains(&name.as_str()), "{name} has no test");
    }
    for row in &rows {
        assert!(FILES.contains(&row.as_str()), "{row} has no test");
    }
}
