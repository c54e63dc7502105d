//! Copy number that knows what it did not see (issue 10, item 3): regions without reads are
//! not assessed unless the capture design (`--targets`) says they were captured; contigs the
//! BAM lacks are never assessed; losses need the stated depth; RNA alignments give no copy
//! number; a panel BAM covering only ALK/EML4 yields no copy-number finding and no
//! transformation marker.

#[path = "common/bam_cnv.rs"]
mod bam_cnv;
mod common;

use std::path::{Path, PathBuf};

use alkres::genome::Build;
use bam_cnv::{cn_regions, depths, panel_reads, write_bam, GRCH38};
use common::{alkres, file_ending, files_in, write_file};
use rust_htslib::bam::record::Cigar;
use serde_json::Value;

fn cnv(dir: &Path, args: &[&str]) -> Value {
    let out = dir.join("out-cnv");
    let _ = std::fs::remove_dir_all(&out);
    alkres()
        .arg("cnv")
        .args(args)
        .args(["--no-hotspots", "-o"])
        .arg(&out)
        .assert()
        .success();
    let json = file_ending(&out, ".cnv.json");
    serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap()
}

fn not_assessed<'a>(report: &'a Value, gene: &str) -> Option<&'a str> {
    report["not_assessed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["gene"] == gene)
        .and_then(|n| n["reason"].as_str())
}

fn call<'a>(report: &'a Value, gene: &str) -> Option<&'a str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["gene"] == gene)
        .and_then(|f| f["call"].as_str())
}

/// The capture design of the test panel: every copy-number region.
fn design(dir: &Path) -> PathBuf {
    let mut bed = String::new();
    for r in cn_regions(Build::GRCh38) {
        bed.push_str(&format!("chr{}\t{}\t{}\n", r.chrom, r.start - 1, r.end));
    }
    write_file(dir, "design.bed", bed.as_bytes())
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn absent_reads_are_a_deletion_only_where_the_design_captures_and_deep_enough() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let reads = panel_reads(Build::GRCh38, "chr", "t", &depths(25.0, &[("RB1", 0.0)]));
    let bam = write_bam(&d.join("t.bam"), &GRCH38, "T", &reads);

    // Covered regions inferred from the reads: RB1 has none, so it is not assessed.
    let inferred = cnv(d, &["-b", s(&bam)]);
    assert_eq!(call(&inferred, "RB1"), None);
    let reason = not_assessed(&inferred, "RB1").expect("RB1 not assessed");
    assert!(reason.starts_with("not assessed (no coverage)"), "{reason}");
    assert_eq!(call(&inferred, "TP53"), Some("neutral"));
    let notes = inferred["notes"].to_string();
    assert!(
        notes.contains("covered region(s)") && notes.contains("inferred from the reads"),
        "the baseline's region count is stated: {notes}"
    );

    // The design says RB1 was captured: no reads there is a deep deletion.
    let targets = design(d);
    let designed = cnv(d, &["-b", s(&bam), "--targets", s(&targets)]);
    assert_eq!(call(&designed, "RB1"), Some("deep_deletion"));
    assert!(designed["notes"].to_string().contains("capture targets"));

    // ... unless the sample is too shallow for the stated minimum.
    let shallow = cnv(
        d,
        &[
            "-b",
            s(&bam),
            "--targets",
            s(&targets),
            "--min-loss-depth",
            "40",
        ],
    );
    assert_eq!(call(&shallow, "RB1"), None);
    let reason = not_assessed(&shallow, "RB1").unwrap();
    assert!(
        reason.contains("too shallow") && reason.contains("40x"),
        "{reason}"
    );
}

#[test]
fn panel_bam_covering_only_alk_and_eml4_has_no_copy_number_finding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let covered = |gene: &str| {
        if gene == "ALK" || gene == "EML4" {
            300.0
        } else {
            0.0
        }
    };
    let reads = panel_reads(Build::GRCh38, "chr", "p", &covered);
    // The header lacks chr13 and chr17 (RB1, TP53), as some panel BAMs do.
    let contigs: Vec<(String, u64)> = GRCH38
        .iter()
        .filter(|(n, _)| n != "chr13" && n != "chr17")
        .cloned()
        .collect();
    let bam = write_bam(&d.join("panel.bam"), &contigs, "PANEL", &reads);

    let report = cnv(d, &["-b", s(&bam)]);
    for gene in ["MET", "EGFR", "KRAS", "MYC", "KIT", "TP53", "RB1", "PTEN"] {
        assert_eq!(call(&report, gene), None, "{gene} must not be called");
        let reason = not_assessed(&report, gene).unwrap_or_else(|| panic!("{gene}"));
        assert!(reason.contains("no coverage"), "{gene}: {reason}");
    }
    assert!(not_assessed(&report, "TP53")
        .unwrap()
        .contains("contig not in the alignment header"));

    let out = d.join("out-run");
    alkres()
        .args(["run", "--sample", "PANEL", "--bam"])
        .arg(&bam)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        // The run's verdict is silent on them, so the run says they were not assessed.
        .stderr(predicates::str::contains(
            "PANEL: copy number not assessed for MET, EGFR, MYC, KRAS, KIT, TP53, RB1, PTEN",
        ));
    let json = files_in(&out)
        .into_iter()
        .find(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".json") && !name.contains("cnv")
        })
        .expect("a run JSON");
    let run: Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let calls: Vec<&Value> = run["copy_number"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["call"] != "neutral")
        .collect();
    assert!(calls.is_empty(), "no copy-number finding: {calls:?}");
    let verdict = run["verdict"].to_string();
    assert!(!verdict.contains("Transformation"), "{verdict}");
    assert!(!verdict.contains("TP53 + RB1"), "{verdict}");
    // The report itself says so too (stderr is lost in a pipeline), with each reason.
    let unassessed = run["copy_number_not_assessed"].as_array().unwrap();
    for gene in ["MET", "EGFR", "KRAS", "MYC", "KIT", "TP53", "RB1", "PTEN"] {
        let row = unassessed
            .iter()
            .find(|n| n["gene"] == gene)
            .unwrap_or_else(|| panic!("{gene} in copy_number_not_assessed: {unassessed:?}"));
        assert!(
            row["reason"].as_str().unwrap().contains("no coverage"),
            "{row}"
        );
    }
    let html = file_ending(&out, ".html");
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("Not assessed") && html.contains("<strong>RB1</strong>"));
}

#[test]
fn rna_alignments_give_no_copy_number() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut reads = panel_reads(Build::GRCh38, "chr", "r", &depths(30.0, &[("MET", 300.0)]));
    // Every third read spliced (50M1000N50M), as STAR writes them.
    for read in reads.iter_mut().step_by(3) {
        read.cigar = Some(vec![
            Cigar::Match(50),
            Cigar::RefSkip(1000),
            Cigar::Match(50),
        ]);
    }
    let bam = write_bam(&d.join("rna.bam"), &GRCH38, "RNA", &reads);
    let report = cnv(d, &["-b", s(&bam)]);
    assert!(
        report["findings"].as_array().unwrap().is_empty(),
        "MET expression is not amplification: {}",
        report["findings"]
    );
    let reason = not_assessed(&report, "MET").unwrap();
    assert!(
        reason.contains("RNA") && reason.contains("spliced"),
        "{reason}"
    );
}
