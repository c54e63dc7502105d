//! Fixture-driven annotation tests: tests/fixtures/small_variants/cases.tsv holds, per case and
//! per input file (both builds, with and without `chr`), the expected HGVS c., p., short form,
//! consequence and source. The expectations are data, made by test-data/make_test_data.py from
//! the literature names and an independent implementation of the coordinate mapping.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use alkres::kb::KnowledgeBase;
use common::{alkres, fixture};
use serde_json::Value;

#[derive(Debug, serde::Deserialize)]
struct Case {
    case_id: String,
    file: String,
    sample: String,
    gene: String,
    chrom: String,
    pos: u64,
    #[serde(rename = "ref")]
    reference: String,
    alt: String,
    expected_hgvs_c: String,
    expected_hgvs_p: String,
    expected_short: String,
    expected_consequence: String,
    expected_source: String,
    combined: String,
}

fn cases() -> Vec<Case> {
    let path = fixture("tests/fixtures/small_variants/cases.tsv");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .from_path(path)
        .unwrap();
    reader.deserialize().map(|r| r.unwrap()).collect()
}

/// Run `annotate` on one fixture file; return each sample's JSON report (and, under the
/// key `<sample>.vcf`, its annotated VCF as a JSON string).
fn annotate(file: &str, out: &Path) -> HashMap<String, Value> {
    let input = fixture(&format!("tests/fixtures/small_variants/{file}"));
    alkres()
        .args(["annotate", "-O", "v", "-t", "2", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    let build = if file.starts_with("GRCh37") {
        "grch37"
    } else {
        "grch38"
    };
    let mut reports = HashMap::new();
    for entry in std::fs::read_dir(out).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(sample) = name.strip_suffix(&format!(".alkres.{build}.json")) {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            reports.insert(sample.to_string(), serde_json::from_str(&text).unwrap());
        }
        if let Some(sample) = name.strip_suffix(&format!(".alkres.{build}.vcf")) {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            reports.insert(format!("{sample}.vcf"), Value::String(text));
        }
    }
    reports
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn find<'a>(list: &'a Value, case: &Case) -> Option<&'a Value> {
    list.as_array()?.iter().find(|f| {
        text(f, "chrom") == case.chrom
            && f["pos"].as_u64() == Some(case.pos)
            && text(f, "ref") == case.reference
            && text(f, "alt") == case.alt
            && text(f, "gene") == case.gene
    })
}

#[test]
fn every_case_is_named_as_expected_on_both_builds_with_and_without_chr() {
    let kb = KnowledgeBase::shipped().unwrap();
    let cases = cases();
    assert!(
        cases.len() >= 150,
        "cases.tsv holds every case per build and style"
    );
    let mut by_file: BTreeMap<&str, Vec<&Case>> = BTreeMap::new();
    for case in &cases {
        by_file.entry(case.file.as_str()).or_default().push(case);
    }
    assert_eq!(
        by_file.len(),
        8,
        "2 builds x 2 chrom styles x (single, multi-sample)"
    );
    let mut failures = Vec::new();
    for (file, cases) in by_file {
        let dir = tempfile::tempdir().unwrap();
        let reports = annotate(file, dir.path());
        for case in cases {
            let Some(report) = reports.get(&case.sample) else {
                failures.push(format!(
                    "{file} {}: no report for sample {}",
                    case.case_id, case.sample
                ));
                continue;
            };
            if case.expected_consequence == "intron_variant" {
                // Deep intronic variants are counted, not listed: their names are in the VCF.
                let vcf = reports[&format!("{}.vcf", case.sample)].as_str().unwrap();
                let line = vcf
                    .lines()
                    .find(|l| l.split('\t').nth(1) == Some(case.pos.to_string().as_str()));
                let ok = line.is_some_and(|l| {
                    l.contains(&format!("ALKRES_HGVSC={}", case.expected_hgvs_c))
                        && l.contains("ALKRES_CSQ=intron_variant")
                });
                if !ok || report["stats"]["intronic_variants"].as_u64().unwrap_or(0) == 0 {
                    failures.push(format!("{file} {}: intronic record {line:?}", case.case_id));
                }
                continue;
            }
            let in_findings = find(&report["findings"], case);
            let in_others = find(&report["other_variants"], case);
            let expect_finding = case.combined != "component"
                && !matches!(
                    case.expected_consequence.as_str(),
                    "intron_variant"
                        | "synonymous_variant"
                        | "5_prime_UTR_variant"
                        | "3_prime_UTR_variant"
                );
            let found = if expect_finding {
                in_findings
            } else {
                in_others
            };
            let Some(f) = found else {
                failures.push(format!(
                    "{file} {}: not in {} (findings: {}, other: {})",
                    case.case_id,
                    if expect_finding {
                        "findings"
                    } else {
                        "other_variants"
                    },
                    in_findings.is_some(),
                    in_others.is_some()
                ));
                continue;
            };
            let got = (
                text(f, "hgvs_c"),
                text(f, "hgvs_p"),
                text(f, "protein_short"),
                text(f, "consequence"),
                text(f, "source"),
            );
            let want = (
                case.expected_hgvs_c.clone(),
                case.expected_hgvs_p.clone(),
                case.expected_short.clone(),
                case.expected_consequence.clone(),
                case.expected_source.clone(),
            );
            if got != want {
                failures.push(format!(
                    "{file} {}: got {got:?}, want {want:?}",
                    case.case_id
                ));
            }
            // The finding carries its KB match whenever the KB names the change.
            let kb_id = f["kb"]["id"].as_str().unwrap_or("");
            let expected_kb = kb
                .match_protein(
                    &case.gene,
                    &case.expected_short,
                    Some(&case.expected_hgvs_p),
                )
                // A truncating change of a tumour suppressor with no protein row matches
                // the gene's inactivation row as loss of function (TP53/RB1/PTEN/NF2).
                .or_else(|| {
                    let truncating = ["stop_gained", "frameshift_variant"]
                        .contains(&case.expected_consequence.as_str());
                    let suppressor = ["TP53", "RB1", "PTEN", "NF2"].contains(&case.gene.as_str());
                    (truncating && suppressor)
                        .then(|| {
                            kb.match_copy_number(&case.gene, alkres::model::CnCall::DeepDeletion)
                        })
                        .flatten()
                })
                .map(|m| m.id)
                // A named event (EGFR exon 19 deletion, …) matches the KB row named after it.
                .or_else(|| {
                    f["event"]
                        .as_str()
                        .and_then(|e| kb.find(&case.gene, e))
                        .map(|a| a.id.clone())
                })
                .unwrap_or_default();
            if !case.expected_short.is_empty() && kb_id != expected_kb {
                failures.push(format!(
                    "{file} {}: KB match '{kb_id}', want '{expected_kb}'",
                    case.case_id
                ));
            }
            if case.combined == "yes" && f["components"].as_array().map_or(0, Vec::len) != 2 {
                failures.push(format!(
                    "{file} {}: combined finding lists no components",
                    case.case_id
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn unphased_same_codon_changes_say_what_they_would_be_in_cis() {
    let dir = tempfile::tempdir().unwrap();
    let reports = annotate("GRCh38.chr.multisample.vcf", dir.path());
    let unphased = &reports["TUMOUR_UNPHASED"]["findings"];
    let notes: Vec<String> = unphased
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["notes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        notes
            .iter()
            .filter(|n| n.contains("phase unknown") && n.contains("p.Ile1171Ser"))
            .count(),
        2,
        "{notes:?}"
    );
    // A sample carrying neither allele has no findings from those records.
    let multi = reports["TUMOUR_MULTI"]["findings"].as_array().unwrap();
    assert!(multi.iter().all(|f| !text(f, "hgvs_p").contains("Ile1171")));
}

#[test]
fn genotype_depth_and_vaf_come_from_format() {
    let dir = tempfile::tempdir().unwrap();
    let reports = annotate("GRCh38.chr.multisample.vcf", dir.path());
    let multi = reports["TUMOUR_MULTI"]["findings"].as_array().unwrap();
    let l1152p = multi
        .iter()
        .find(|f| text(f, "protein_short") == "L1152P")
        .unwrap();
    assert_eq!(text(l1152p, "genotype"), "1/2");
    assert_eq!(l1152p["depth"].as_u64(), Some(120));
    assert_eq!(l1152p["alt_depth"].as_u64(), Some(38));
    assert!((l1152p["vaf"].as_f64().unwrap() - 0.317).abs() < 1e-3);
    assert_eq!(text(l1152p, "vaf_source"), "FORMAT/AF");
}
