//! Copy number from CNV calls: CNVkit `.cns`/`.cnr` (GRCh37 test data of CNVkit) and CNV
//! VCFs on both builds (test-data/cnv/README.md says what each file holds).

mod common;

use std::path::Path;

use common::{alkres, bgzip, file_ending, files_in, fixture, write_file};
use predicates::str::contains;
use serde_json::Value;

fn run(args: &[&str], out: &Path) -> Value {
    alkres()
        .arg("cnv")
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    let json = file_ending(out, ".cnv.json");
    serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap()
}

fn data(name: &str) -> String {
    fixture(&format!("test-data/cnv/{name}"))
        .to_string_lossy()
        .into_owned()
}

fn finding<'a>(report: &'a Value, gene: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["gene"] == gene)
        .unwrap_or_else(|| panic!("no finding for {gene}: {}", report["findings"]))
}

#[test]
fn cnvkit_segments_give_gene_level_calls() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(
        &["--cnvkit", &data("amplicon.cns"), "--build", "GRCh37"],
        dir.path(),
    );
    assert_eq!(report["sample"], "amplicon");
    assert_eq!(report["build"], "GRCh37");
    let met = finding(&report, "MET");
    assert_eq!(met["method"], "CNVkit .cns (segments)");
    assert_eq!(met["source"], "amplicon.cns");
    assert_eq!(met["call"], "amplification");
    assert_eq!(met["bins"], 2, "two segments over MET");
    // Overlap-weighted: (2.96307 × 36212 + 3.81256 × 56263) / 92475.
    let log2 = met["log2_ratio"].as_f64().unwrap();
    assert!((log2 - 3.4799).abs() < 0.001, "{log2}");
    assert_eq!(met["focal"], true);
    let alk = finding(&report, "ALK");
    assert_eq!(alk["call"], "loss");
    assert!((alk["log2_ratio"].as_f64().unwrap() + 0.8408).abs() < 0.001);
    assert_eq!(
        alk["focal"], false,
        "the 183 Mb segment is the chromosome's baseline"
    );
    let cdkn2a = finding(&report, "CDKN2A");
    assert_eq!(cdkn2a["call"], "deep_deletion");
    assert_eq!(cdkn2a["log2_ratio"], -7.0);
    assert!(cdkn2a["notes"].to_string().contains("gene column"));
    assert_eq!(finding(&report, "EGFR")["call"], "neutral");
    // Four segments, overlap-weighted log2 about -3.97.
    assert_eq!(finding(&report, "RB1")["call"], "deep_deletion");
    assert!(report["not_assessed"].as_array().unwrap().is_empty());
    assert!(report["hotspots"].is_null(), "no BAM");
    let tsv = std::fs::read_to_string(dir.path().join("amplicon.alkres.grch37.cnv.tsv")).unwrap();
    assert_eq!(
        tsv.lines().count(),
        1 + 10,
        "all ten genes, CDKN2A included"
    );
}

#[test]
fn nv3_egfr_segment_is_a_focal_amplification() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(
        &["--cnvkit", &data("nv3.cns"), "--build", "GRCh37"],
        dir.path(),
    );
    let egfr = finding(&report, "EGFR");
    assert!((egfr["log2_ratio"].as_f64().unwrap() - 1.8426).abs() < 0.001);
    assert!(
        (egfr["copy_number"].as_f64().unwrap() - 7.1727).abs() < 0.01,
        "{egfr}"
    );
    assert_eq!(egfr["call"], "amplification");
    assert_eq!(egfr["focal"], true);
    assert!((egfr["baseline_log2"].as_f64().unwrap() - 0.4744).abs() < 0.001);
}

#[test]
fn cnvkit_bins_and_the_cn_column() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(
        &[
            "--cnvkit",
            &data("amplicon.excerpt.cnr"),
            "--build",
            "GRCh37",
        ],
        dir.path(),
    );
    let met = finding(&report, "MET");
    assert_eq!(met["method"], "CNVkit .cnr (bins)");
    assert_eq!(met["bins"], 26);
    assert_eq!(met["call"], "amplification");
    assert_eq!(met["focal"], true);

    let dir = tempfile::tempdir().unwrap();
    let report = run(
        &[
            "--cnvkit",
            &data("amplicon.call.cns"),
            "--build",
            "GRCh37",
            "--purity",
            "0.5",
        ],
        dir.path(),
    );
    let met = finding(&report, "MET");
    assert_eq!(
        met["copy_number"], 28.0,
        "the cn of the larger MET segment, not adjusted"
    );
    assert!(met["notes"].to_string().contains("cn column"));
}

#[test]
fn grch38_cnv_vcf_with_format_and_info_copy_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(&["--cnv-vcf", &data("tumour.grch38.cnv.vcf")], dir.path());
    assert_eq!(report["sample"], "TUMOUR");
    assert_eq!(report["build"], "GRCh38");
    let met = finding(&report, "MET");
    assert_eq!(met["copy_number"], 9.0);
    assert_eq!(met["call"], "amplification");
    assert_eq!(met["focal"], true, "CN 2 elsewhere on chromosome 7");
    assert_eq!(met["method"], "CNV VCF");
    assert_eq!(finding(&report, "RB1")["call"], "deep_deletion");
    let tp53 = finding(&report, "TP53");
    assert_eq!(
        (tp53["copy_number"].as_f64(), tp53["call"].as_str()),
        (Some(1.0), Some("loss"))
    );
    let pten = finding(&report, "PTEN");
    assert_eq!(pten["call"], "gain");
    assert!(pten["copy_number"].is_null());
    assert!(pten["threshold"]
        .as_str()
        .unwrap()
        .contains("no copy number given"));
    let alk = finding(&report, "ALK");
    assert_eq!(alk["call"], "neutral", "the ALK <DUP> fails FILTER");
    assert!(report["notes"].to_string().contains("failing FILTER"));
    assert_eq!(report["not_assessed"][0]["gene"], "CDKN2A");

    // The same file bgzipped reads the same.
    let gz = write_file(
        dir.path(),
        "tumour.cnv.vcf.gz",
        &bgzip(&std::fs::read(data("tumour.grch38.cnv.vcf")).unwrap()),
    );
    let out = dir.path().join("gz");
    let again = run(&["--cnv-vcf", gz.to_str().unwrap()], &out);
    assert_eq!(
        again["findings"].as_array().unwrap().len(),
        report["findings"].as_array().unwrap().len()
    );
    assert_eq!(finding(&again, "MET")["copy_number"], 9.0);
}

#[test]
fn grch37_cnv_vcf_needs_the_build_and_then_works() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    alkres()
        .args(["cnv", "--cnv-vcf", &data("tumour.grch37.cnv.vcf"), "-o"])
        .arg(&out)
        .assert()
        .code(4)
        .stderr(contains("tumour.grch37.cnv.vcf"))
        .stderr(contains("pass --build"));
    assert!(files_in(&out).is_empty());
    let report = run(
        &[
            "--cnv-vcf",
            &data("tumour.grch37.cnv.vcf"),
            "--build",
            "GRCh37",
        ],
        &out,
    );
    let egfr = finding(&report, "EGFR");
    assert_eq!(egfr["copy_number"], 30.0);
    assert_eq!(egfr["call"], "amplification");
    assert_eq!(egfr["chrom"], "7");
    assert_eq!(egfr["start"], 55_086_714, "GRCh37 EGFR span");
}

fn fails(args: &[&str], code: i32, messages: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut assert = alkres()
        .arg("cnv")
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(code);
    for m in messages {
        assert = assert.stderr(contains(*m));
    }
    assert!(files_in(&out).is_empty(), "no output may be left behind");
}

#[test]
fn bad_cnv_files_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // CNVkit files carry no build.
    fails(
        &["--cnvkit", &data("nv3.cns")],
        4,
        &["nv3.cns", "pass --build"],
    );
    // A log2 that is not a number, on line 3.
    let bad = write_file(
        d,
        "bad.cns",
        b"chromosome\tstart\tend\tgene\tlog2\nchr7\t1\t100\tMET\t2.0\nchr7\t100\t200\tMET\thigh\n",
    );
    fails(
        &["--cnvkit", bad.to_str().unwrap(), "--build", "GRCh37"],
        3,
        &["bad.cns, line 3", "log2 'high'"],
    );
    let not_cnvkit = write_file(d, "x.cns", b"a\tb\tc\n1\t2\t3\n");
    fails(
        &[
            "--cnvkit",
            not_cnvkit.to_str().unwrap(),
            "--build",
            "GRCh37",
        ],
        3,
        &["x.cns, line 1", "not CNVkit output"],
    );
    let missing = d.join("missing.cns");
    fails(
        &["--cnvkit", missing.to_str().unwrap(), "--build", "GRCh37"],
        3,
        &["missing.cns"],
    );
    // A CNV VCF record with a bad END.
    let vcf = write_file(
        d,
        "bad.vcf",
        b"##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n7\t100\t.\tN\t<DUP>\t.\tPASS\tSVTYPE=DUP;END=later\n",
    );
    fails(
        &["--cnv-vcf", vcf.to_str().unwrap(), "--build", "GRCh38"],
        3,
        &["bad.vcf, line 3", "END 'later'"],
    );
    // --build contradicting the VCF header.
    fails(
        &[
            "--cnv-vcf",
            &data("tumour.grch38.cnv.vcf"),
            "--build",
            "GRCh37",
        ],
        4,
        &["tumour.grch38.cnv.vcf", "contradicts the header"],
    );
}
