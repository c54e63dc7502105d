//! Copy number from read depth: small GRCh38 BAMs built at test time with known changes
//! (MET amplified 5x, RB1 without reads, chromosome 7 gained broadly), against a matched
//! normal, a panel of normals and in-sample reference regions.

#[path = "common/bam_cnv.rs"]
mod bam_cnv;
mod common;

use std::path::{Path, PathBuf};

use bam_cnv::{depths, panel_reads, write_bam, Read, GRCH37, GRCH38};
use common::{alkres, file_ending, files_in, write_file};
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

fn bam(dir: &Path, name: &str, sample: &str, depth: &dyn Fn(&str) -> f64) -> PathBuf {
    let reads = panel_reads(alkres::genome::Build::GRCh38, "chr", name, depth);
    write_bam(&dir.join(format!("{name}.bam")), &GRCH38, sample, &reads)
}

/// Run `alkres cnv` and return the JSON report.
fn cnv(dir: &Path, args: &[&str]) -> Value {
    let out = dir.join("out");
    alkres()
        .arg("cnv")
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let json = file_ending(&out, ".cnv.json");
    serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap()
}

fn finding<'a>(report: &'a Value, gene: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["gene"] == gene)
        .unwrap_or_else(|| panic!("no finding for {gene}"))
}

fn cn(report: &Value, gene: &str) -> f64 {
    finding(report, gene)["copy_number"].as_f64().unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn matched_normal_calls_met_amplification_and_rb1_deep_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tumour = bam(
        d,
        "t",
        "TUMOUR",
        &depths(20.0, &[("MET", 100.0), ("RB1", 0.0)]),
    );
    // A different library size: normalisation must absorb it.
    let normal = bam(d, "n", "NORMAL", &depths(30.0, &[]));
    let report = cnv(d, &["-b", path(&tumour), "--normal", path(&normal)]);

    assert_eq!(report["sample"], "TUMOUR");
    assert_eq!(report["build"], "GRCh38");
    assert_eq!(report["schema_version"], "1.0");
    let met = finding(&report, "MET");
    assert_eq!(met["call"], "amplification");
    assert!((cn(&report, "MET") - 10.0).abs() < 0.3, "{met}");
    assert!((met["log2_ratio"].as_f64().unwrap() - 5f64.log2()).abs() < 0.05);
    assert_eq!(met["threshold"], "copy number >= 6");
    assert_eq!(met["method"], "read depth vs matched normal");
    assert_eq!(met["focal"], true, "{met}");
    assert_eq!(met["chrom"], "7");
    assert_eq!(met["role"], "amplification");
    assert_eq!(
        met["kb"]["id"], "MET:amplification",
        "matched in the knowledge base"
    );
    assert_eq!(finding(&report, "RB1")["call"], "deep_deletion");
    assert!(cn(&report, "RB1") < 0.5);
    for gene in ["ALK", "EGFR", "MYC", "KRAS", "KIT", "TP53", "PTEN"] {
        assert_eq!(finding(&report, gene)["call"], "neutral", "{gene}");
        assert!((cn(&report, gene) - 2.0).abs() < 0.1, "{gene}");
    }
    // Thresholds stated; CDKN2A said to be unavailable.
    assert_eq!(report["thresholds"]["amplification_copies"], 6.0);
    assert_eq!(report["thresholds"]["deep_deletion_copies"], 0.5);
    assert!(report["thresholds_stated"]
        .as_str()
        .unwrap()
        .contains("amplification: copy number >= 6"));
    let missing = &report["not_assessed"][0];
    assert_eq!(missing["gene"], "CDKN2A");
    assert!(missing["reason"].as_str().unwrap().contains("--regions"));
    assert_eq!(report["read_filter"]["min_mapq"], 20);

    let out = d.join("out");
    let tsv = std::fs::read_to_string(out.join("TUMOUR.alkres.grch38.cnv.tsv")).unwrap();
    let lines: Vec<&str> = tsv.lines().collect();
    assert!(lines[0].starts_with("sample\tgene\trole\tchrom"));
    assert_eq!(lines.len(), 1 + 9, "one row per assessed gene");
    assert!(lines
        .iter()
        .any(|l| l.contains("\tMET\t") && l.contains("\tamplification\t")));
    assert!(out.join("TUMOUR.alkres.grch38.hotspots.tsv").exists());

    // Exon-level depth, one row per counted region.
    let regions =
        std::fs::read_to_string(out.join("TUMOUR.alkres.grch38.cnv_regions.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = regions
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(
        rows.len(),
        bam_cnv::cn_regions(alkres::genome::Build::GRCh38).len()
    );
    let met_exon = rows.iter().find(|r| r[3] == "MET").unwrap();
    assert_eq!(met_exon[5], "amplification");
    let log2: f64 = met_exon[11].parse().unwrap();
    assert!((log2 - 5f64.log2()).abs() < 0.1, "{met_exon:?}");
    let rb1_exon = rows.iter().find(|r| r[3] == "RB1").unwrap();
    assert_eq!((rb1_exon[6], rb1_exon[11]), ("0", "-7.0000"));
}

#[test]
fn in_sample_reference_regions_need_no_normal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tumour = bam(d, "t", "T2", &depths(25.0, &[("MET", 125.0), ("RB1", 0.0)]));
    let report = cnv(d, &["-b", path(&tumour), "--no-hotspots"]);
    let met = finding(&report, "MET");
    assert_eq!(met["method"], "read depth vs in-sample reference regions");
    assert_eq!(met["call"], "amplification");
    assert!((cn(&report, "MET") - 10.0).abs() < 0.5, "{met}");
    // No reads and no --targets: not assessed, never a deletion (tests/cnv_coverage.rs).
    let rb1 = report["not_assessed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["gene"] == "RB1")
        .expect("RB1 not assessed");
    assert!(
        rb1["reason"].as_str().unwrap().contains("no coverage"),
        "{rb1}"
    );
    assert_eq!(finding(&report, "ALK")["call"], "neutral");
    assert!(report["hotspots"].is_null(), "--no-hotspots");
    let norm = &report["normalisation"][0];
    assert!(
        (norm["scale"].as_f64().unwrap() - 25.0).abs() < 1.0,
        "{norm}"
    );
}

#[test]
fn panel_of_normals_is_built_then_used() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let normals: Vec<PathBuf> = [15.0, 20.0, 35.0]
        .iter()
        .enumerate()
        .map(|(i, &depth)| bam(d, &format!("n{i}"), &format!("N{i}"), &depths(depth, &[])))
        .collect();
    let pon = d.join("pon.tsv");
    alkres()
        .arg("pon")
        .arg("-b")
        .args(&normals)
        .arg("-o")
        .arg(&pon)
        .assert()
        .success();
    let text = std::fs::read_to_string(&pon).unwrap();
    assert!(text.contains("##samples=N0,N1,N2"));
    assert!(text.contains("##min_mapq=20"));
    let header = text.lines().find(|l| !l.starts_with("##")).unwrap();
    assert_eq!(
        header,
        "build\tchrom\tstart\tend\tgene\tmedian_normalised_depth\tmad\tn"
    );
    let met_row = text
        .lines()
        .find(|l| l.contains("\tMET\t"))
        .unwrap()
        .split('\t')
        .collect::<Vec<_>>();
    assert_eq!(met_row[0], "GRCh38");
    assert_eq!(met_row[1], "7");
    assert_eq!(met_row[7], "3");
    let median: f64 = met_row[5].parse().unwrap();
    assert!((median - 1.0).abs() < 0.1, "{median}");

    let tumour = bam(d, "t", "T3", &depths(20.0, &[("MET", 100.0), ("RB1", 0.0)]));
    let report = cnv(d, &["-b", path(&tumour), "--pon", path(&pon)]);
    let met = finding(&report, "MET");
    assert_eq!(met["method"], "read depth vs panel of normals");
    assert_eq!(met["call"], "amplification");
    assert!((cn(&report, "MET") - 10.0).abs() < 0.5, "{met}");
    assert_eq!(finding(&report, "RB1")["call"], "deep_deletion");
    assert_eq!(finding(&report, "TP53")["call"], "neutral");
}

#[test]
fn purity_and_thresholds_are_configurable_and_stated() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tumour = bam(d, "t", "T4", &depths(20.0, &[("MET", 100.0)]));
    let report = cnv(
        d,
        &[
            "-b",
            path(&tumour),
            "--purity",
            "0.5",
            "--amp-copies",
            "20",
            "--no-hotspots",
        ],
    );
    let met = finding(&report, "MET");
    // Observed CN 10 at purity 0.5: (10 - 2 * 0.5) / 0.5 = 18 copies in tumour cells.
    assert!((met["copy_number_observed"].as_f64().unwrap() - 10.0).abs() < 0.5);
    assert!((cn(&report, "MET") - 18.0).abs() < 1.0, "{met}");
    assert_eq!(met["call"], "gain");
    assert_eq!(
        met["threshold"],
        "copy number >= 3 and < 20 (purity-adjusted, purity 0.5)"
    );
    assert_eq!(report["thresholds"]["purity"], 0.5);
    assert_eq!(report["thresholds"]["amplification_copies"], 20.0);
}

#[test]
fn broad_gain_of_chromosome_7_is_not_focal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Every chromosome 7 gene at 3.5x: EGFR, MET and the reference genes BRAF and HIP1.
    let chr7 = [
        ("EGFR", 70.0),
        ("MET", 70.0),
        ("BRAF", 70.0),
        ("HIP1", 70.0),
    ];
    let tumour = bam(d, "t", "T5", &depths(20.0, &chr7));
    let report = cnv(d, &["-b", path(&tumour), "--no-hotspots"]);
    let met = finding(&report, "MET");
    assert_eq!(met["call"], "amplification");
    assert_eq!(met["focal"], false, "{met}");
    let notes = met["notes"].to_string();
    assert!(
        notes.contains("broad") && notes.contains("arm 7q"),
        "{notes}"
    );
    let egfr = finding(&report, "EGFR");
    assert_eq!(egfr["focal"], false, "{egfr}");
    assert!(
        egfr["notes"].to_string().contains("chromosome 7"),
        "no 7p reference gene: the whole chromosome is the baseline"
    );
}

#[test]
fn duplicates_secondary_supplementary_qcfail_and_low_mapq_reads_are_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut reads = panel_reads(
        alkres::genome::Build::GRCh38,
        "chr",
        "t",
        &depths(20.0, &[]),
    );
    // 60x more on ALK in reads that must not count.
    let alk: Vec<Read> = panel_reads(
        alkres::genome::Build::GRCh38,
        "chr",
        "x",
        &depths(0.0, &[("ALK", 60.0)]),
    );
    let extra = alk.len();
    for (i, mut r) in alk.into_iter().enumerate() {
        match i % 5 {
            0 => r.flags = 0x400,
            1 => r.flags = 0x100,
            2 => r.flags = 0x800,
            3 => r.flags = 0x200,
            _ => r.mapq = 5,
        }
        reads.push(r);
    }
    let tumour = write_bam(&d.join("t.bam"), &GRCH38, "T6", &reads);
    let report = cnv(d, &["-b", path(&tumour), "--no-hotspots"]);
    assert_eq!(finding(&report, "ALK")["call"], "neutral");
    assert!((cn(&report, "ALK") - 2.0).abs() < 0.1);
    // Nothing left out silently: the reads met and why they did not count.
    let tally = &report["normalisation"][0]["reads"];
    let low_mapq = (0..extra).filter(|i| i % 5 == 4).count();
    assert_eq!(tally["below_min_mapq"], low_mapq);
    assert_eq!(tally["excluded_by_flag"], extra - low_mapq);
    // With --min-mapq 0 the MAPQ-5 fifth (12x) counts: 32x over 20x is copy number 3.2.
    std::fs::remove_dir_all(d.join("out")).unwrap();
    let report = cnv(
        d,
        &["-b", path(&tumour), "--no-hotspots", "--min-mapq", "0"],
    );
    assert!(
        (cn(&report, "ALK") - 3.2).abs() < 0.2,
        "{}",
        finding(&report, "ALK")
    );
}

#[test]
fn results_are_the_same_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tumour = bam(d, "t", "T7", &depths(20.0, &[("MET", 100.0), ("RB1", 0.0)]));
    let normal = bam(d, "n", "N7", &depths(30.0, &[]));
    let mut seen = Vec::new();
    for threads in ["1", "2", "4"] {
        let out = d.join(format!("out{threads}"));
        alkres()
            .args([
                "cnv",
                "-t",
                threads,
                "-b",
                path(&tumour),
                "--normal",
                path(&normal),
            ])
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let json: Value = serde_json::from_str(
            &std::fs::read_to_string(out.join("T7.alkres.grch38.cnv.json")).unwrap(),
        )
        .unwrap();
        let tsv = std::fs::read_to_string(out.join("T7.alkres.grch38.cnv.tsv")).unwrap();
        seen.push((
            json["findings"].clone(),
            json["hotspots"].clone(),
            json["normalisation"].clone(),
            tsv,
        ));
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0], seen[2]);
}

#[test]
fn user_regions_make_cdkn2a_assessable() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tumour = bam(d, "t", "T8", &depths(20.0, &[]));
    // A user-supplied region named CDKN2A (test input: the region has no reads, so the gene
    // is deeply deleted whatever its coordinates).
    let bed = write_file(d, "cdkn2a.bed", b"chr9\t21967751\t21968241\tCDKN2A\n");
    // The capture design names the region, so its lack of reads is a deletion.
    let mut design = String::new();
    for r in bam_cnv::cn_regions(alkres::genome::Build::GRCh38) {
        design.push_str(&format!("chr{}\t{}\t{}\n", r.chrom, r.start - 1, r.end));
    }
    design.push_str("chr9\t21967751\t21968241\n");
    let targets = write_file(d, "design.bed", design.as_bytes());
    let report = cnv(
        d,
        &[
            "-b",
            path(&tumour),
            "--regions",
            path(&bed),
            "--targets",
            path(&targets),
            "--no-hotspots",
        ],
    );
    let cdkn2a = finding(&report, "CDKN2A");
    assert_eq!(cdkn2a["call"], "deep_deletion");
    assert_eq!(cdkn2a["role"], "loss");
    assert_eq!(report["not_assessed"].as_array().unwrap().len(), 0);
}

#[test]
fn depth_is_not_capped_on_deep_panels() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 20,000 reads stacked on KRAS exon 2 (GRCh38 chr12:25245274-25245395 region).
    let bases = bam_cnv::Bases::new(alkres::genome::Build::GRCh38);
    let reads: Vec<Read> = (0..20_000)
        .map(|i| {
            Read::single(
                &format!("deep{i}"),
                "chr12",
                25_245_300,
                bases.get("12", 25_245_300, 100),
            )
        })
        .collect();
    let bam = write_bam(&d.join("deep.bam"), &GRCH38, "DEEP", &reads);
    let region = alkres::copy_number::regions::CnRegion {
        chrom: "12".into(),
        start: 25_245_310,
        end: 25_245_359,
        gene: "KRAS".into(),
        role: alkres::copy_number::genes::Role::Amplification,
        arm: Some("12p".into()),
        label: "test".into(),
    };
    let file = alkres::alignments::AlignmentFile::new(&bam, None);
    let profile =
        alkres::copy_number::depth::count_depth(&file, std::slice::from_ref(&region), 20).unwrap();
    assert_eq!(profile.depths[0].bases, 20_000 * 50);
    assert_eq!(profile.depths[0].reads, 20_000);
    assert_eq!(profile.depths[0].mean(&region), 20_000.0);
}

fn fails(args: &[&str], code: i32, message: &str, dir: &Path) {
    let out = dir.join("out-fail");
    alkres()
        .arg("cnv")
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(code)
        .stderr(contains(message));
    assert!(files_in(&out).is_empty(), "no output may be left behind");
}

#[test]
fn bad_input_gets_a_clear_error_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tumour = bam(d, "t", "T9", &depths(20.0, &[]));

    // Nothing to read; contradictory baselines; disordered thresholds: usage errors.
    fails(&[], 2, "needs -b/--bam, --cnvkit or --cnv-vcf", d);
    let t = path(&tumour);
    fails(
        &["-b", t, "--normal", t, "--pon", t],
        2,
        "either --normal or --pon",
        d,
    );
    fails(
        &["-b", t, "--gain-copies", "7"],
        2,
        "thresholds must satisfy",
        d,
    );
    fails(&["-b", t, "--purity", "1.5"], 2, "--purity", d);

    // A BAM without index, a missing BAM, a text file: bad input naming the file.
    let unindexed = d.join("unindexed.bam");
    std::fs::copy(&tumour, &unindexed).unwrap();
    fails(&["-b", path(&unindexed)], 3, "no usable index", d);
    // alkres says it, once: htslib's own "[E::idx_find_and_load]" line does not leak.
    alkres()
        .args(["cnv", "-b", path(&unindexed), "-o"])
        .arg(d.join("out-fail"))
        .assert()
        .code(3)
        .stderr(contains("[E::").not());
    fails(
        &["-b", path(&d.join("missing.bam"))],
        3,
        "missing.bam: no such file",
        d,
    );

    // A normal on the other build: build mismatch.
    let reads = vec![Read::single("r", "2", 29_220_700, vec![b'A'; 100])];
    let grch37 = write_bam(&d.join("n37.bam"), &GRCH37, "N37", &reads);
    fails(&["-b", t, "--normal", path(&grch37)], 4, "n37.bam", d);

    // A malformed panel of normals names its line.
    let pon = write_file(
        d,
        "bad_pon.tsv",
        b"##alkres_pon=1\nbuild\tchrom\tstart\tend\tgene\tmedian_normalised_depth\tmad\tn\nGRCh38\t7\t100\t200\tMET\tlots\t0\t3\n",
    );
    fails(&["-b", t, "--pon", path(&pon)], 3, "bad_pon.tsv, line 3", d);
    // A panel of normals on the other build.
    let pon37 = write_file(
        d,
        "pon37.tsv",
        b"build\tchrom\tstart\tend\tgene\tmedian_normalised_depth\tmad\tn\nGRCh37\t7\t100\t200\tMET\t1.0\t0\t3\n",
    );
    fails(&["-b", t, "--pon", path(&pon37)], 4, "pon37.tsv", d);
    // A malformed BED names its line.
    let bed = write_file(
        d,
        "bad.bed",
        b"chr9\t100\t200\tCDKN2A\nchr9\tx\t300\tCDKN2A\n",
    );
    fails(&["-b", t, "--regions", path(&bed)], 3, "bad.bed, line 2", d);
    // --build contradicting the header.
    fails(
        &["-b", t, "--build", "GRCh37"],
        4,
        "contradicts the header",
        d,
    );
}
