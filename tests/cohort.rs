//! Cohort layout (issue 15): one multi-sample VCF, one cohort TSV/JSON, equal to the union of
//! the per-sample outputs, identical at any thread count, and readable by bcftools.
//! Fixture: `python3 benches/make_cohort_vcf.py --samples 52 --records 150 --seed 7 | bgzip`.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use common::{alkres, fixture};
use serde_json::Value;

const STEM: &str = "cohort52.cohort.alkres.grch38";

fn annotate(args: &[&str], out: &Path) {
    alkres()
        .arg("annotate")
        .args(args)
        .arg("-i")
        .arg(fixture("tests/fixtures/cohort/cohort52.vcf.gz"))
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

fn gunzip(path: &Path) -> String {
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// (sample, gene, pos, alt, protein) of every finding in the cohort TSV.
fn tsv_rows(path: &Path) -> BTreeSet<(String, String, String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (s, g, p, a, pr) = (
        col("sample"),
        col("gene"),
        col("pos"),
        col("alt"),
        col("protein_short"),
    );
    lines
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[s].into(),
                c[g].into(),
                c[p].into(),
                c[a].into(),
                c[pr].into(),
            )
        })
        .collect()
}

fn json_rows(sample: &str, report: &Value) -> Vec<(String, String, String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                sample.to_string(),
                f["gene"].as_str().unwrap().into(),
                f["pos"].as_u64().unwrap().to_string(),
                f["alt"].as_str().unwrap().into(),
                f["protein_short"].as_str().unwrap_or(".").into(),
            )
        })
        .collect()
}

#[test]
fn cohort_outputs_are_the_union_of_the_per_sample_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let (per, coh, auto) = (
        dir.path().join("per"),
        dir.path().join("cohort"),
        dir.path().join("auto"),
    );
    annotate(&["--per-sample"], &per);
    annotate(&["--cohort"], &coh);
    annotate(&[], &auto);

    let vcf = gunzip(&coh.join(format!("{STEM}.vcf.gz")));
    let header = vcf.lines().find(|l| l.starts_with("#CHROM")).unwrap();
    let samples: Vec<&str> = header.split('\t').skip(9).collect();
    assert_eq!(samples.len(), 52, "every sample's column kept");

    let mut union = BTreeSet::new();
    for sample in &samples {
        let path = per.join(format!("{sample}.alkres.grch38.json"));
        let report: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        union.extend(json_rows(sample, &report));
    }
    let rows = tsv_rows(&coh.join(format!("{STEM}.tsv")));
    assert!(
        rows.len() >= 4,
        "the fixture's panel variants are found: {rows:?}"
    );
    assert_eq!(rows, union);

    let cohort: Value =
        serde_json::from_str(&std::fs::read_to_string(coh.join(format!("{STEM}.json"))).unwrap())
            .unwrap();
    let reports = cohort["samples"].as_array().unwrap();
    assert_eq!(reports.len(), 52);
    let from_json: BTreeSet<_> = reports
        .iter()
        .flat_map(|r| json_rows(r["sample"].as_str().unwrap(), r))
        .collect();
    assert_eq!(from_json, union);

    // Cohort files only: no per-sample sets; above 50 samples that is the default.
    let names = |d: &Path| -> BTreeSet<String> {
        std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names(&coh).len(), 3, "{:?}", names(&coh));
    assert_eq!(names(&coh), names(&auto));
    assert_eq!(names(&per).len(), 52 * 5);
}

#[test]
fn cohort_outputs_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let outputs: Vec<(String, String, String)> = ["1", "2", "4"]
        .iter()
        .map(|t| {
            let out = dir.path().join(format!("t{t}"));
            annotate(&["--cohort", "-t", t], &out);
            // The command line (which names -t) is the one legitimate difference.
            let scrub = |s: String| {
                s.lines()
                    .filter(|l| !l.starts_with("##alkresCommand"))
                    .map(|l| {
                        if l.trim_start().starts_with("\"command\"") {
                            ""
                        } else {
                            l
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            (
                scrub(gunzip(&out.join(format!("{STEM}.vcf.gz")))),
                std::fs::read_to_string(out.join(format!("{STEM}.tsv"))).unwrap(),
                scrub(std::fs::read_to_string(out.join(format!("{STEM}.json"))).unwrap()),
            )
        })
        .collect();
    assert!(outputs[0].0.lines().filter(|l| !l.starts_with('#')).count() >= 4);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn bcftools_reads_the_cohort_vcf() {
    let dir = tempfile::tempdir().unwrap();
    annotate(&["--cohort", "--keep-all", "-t", "2"], dir.path());
    let vcf = dir.path().join(format!("{STEM}.vcf.gz"));
    let out = std::process::Command::new("bcftools")
        .args(["view", "-H"])
        .arg(&vcf)
        .output()
        .expect("bcftools is installed (scripts/setup.sh)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = String::from_utf8(out.stdout).unwrap();
    // --keep-all: every input record, every sample's column, ALKRES keys on the panel ones.
    let input = gunzip(&fixture("tests/fixtures/cohort/cohort52.vcf.gz"));
    let input_records = input.lines().filter(|l| !l.starts_with('#')).count();
    assert!(input_records > 100);
    assert_eq!(records.lines().count(), input_records);
    assert!(records.lines().all(|l| l.split('\t').count() == 9 + 52));
    assert!(records.contains("ALKRES_PROTEIN=G1202R"));
    let query = std::process::Command::new("bcftools")
        .args(["query", "-l"])
        .arg(&vcf)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(query.stdout).unwrap().lines().count(), 52);
}

#[test]
fn per_sample_vcfs_keep_every_record_with_their_own_column() {
    // --keep-all writes every record into every sample's VCF, cut to that sample's column.
    let dir = tempfile::tempdir().unwrap();
    annotate(&["--per-sample", "--keep-all", "-t", "2"], dir.path());
    let input = gunzip(&fixture("tests/fixtures/cohort/cohort52.vcf.gz"));
    let header = input.lines().find(|l| l.starts_with("#CHROM")).unwrap();
    let samples: Vec<&str> = header.split('\t').skip(9).collect();
    let records: Vec<Vec<&str>> = input
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    for (column, sample) in samples.iter().enumerate() {
        let out = gunzip(&dir.path().join(format!("{sample}.alkres.grch38.vcf.gz")));
        let chrom_line = out.lines().find(|l| l.starts_with("#CHROM")).unwrap();
        assert!(
            chrom_line.ends_with(&format!("FORMAT\t{sample}")),
            "{chrom_line}"
        );
        let body: Vec<Vec<&str>> = out
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect())
            .collect();
        assert_eq!(body.len(), records.len(), "{sample}: every record kept");
        for (got, want) in body.iter().zip(&records) {
            assert_eq!(got.len(), 10, "{sample}: fixed columns, FORMAT, one sample");
            // INFO (column 8) gains ALKRES keys on panel records; the rest is copied.
            assert_eq!(got[..7], want[..7]);
            assert!(got[7].starts_with(want[7].trim_start_matches('.')));
            assert_eq!(got[8], want[8]);
            assert_eq!(
                got[9],
                want[9 + column],
                "{sample} at {}:{}",
                want[0],
                want[1]
            );
        }
    }
}
