//! End to end: the bundled example sample (VCF + BAM + SV) through `run` and `batch`, checked
//! by `check` against committed expected outputs (tests/fixtures/e2e/expected/).
//! Regenerate the expectations after an intended change with `ALKRES_UPDATE_EXPECTED=1`.

mod common;
#[path = "common/bam.rs"]
mod sim;

use std::path::{Path, PathBuf};

use alkres::genome::{Build, KnownSequence};
use alkres::transcript::TranscriptSet;
use common::{alkres, fixture};
use sim::{End, Junction, SimBam, Tweak};

const HISTORY: [&str; 6] = [
    "--prior-tkis",
    "crizotinib,alectinib",
    "--timepoint",
    "progression",
    "--months-on-treatment",
    "14",
];

/// P01's tumour BAM: every panel exon tiled with reference bases (MET five times deeper: an
/// amplification), and EML4-ALK V1 at the breakpoints of test-data/example/P01.manta.vcf.
fn example_bam(dir: &Path) -> PathBuf {
    let known = KnownSequence::shipped().unwrap();
    let set = TranscriptSet::shipped(Build::GRCh38, &known).unwrap();
    let mut bam = SimBam::new(Build::GRCh38, "P01");
    for tx in set.transcripts() {
        let chrom: &'static str = Box::leak(tx.chrom.clone().into_boxed_str());
        let step = if tx.gene == "MET" { 5 } else { 25 };
        for exon in &tx.exons {
            bam.tile_reference(
                chrom,
                exon.start.saturating_sub(150),
                exon.end,
                step,
                &known,
            );
        }
    }
    let v1 = Junction {
        a: End::dna("2", 29224100, true),
        b: End::dna("2", 42297000, true),
    };
    bam.split_reads(&v1, 6, Tweak::default());
    bam.discordant_pairs(&v1, 5, Tweak::default());
    bam.write(&dir.join("P01.bam"), None)
}

fn check(expected: &Path, actual: &Path) {
    if std::env::var_os("ALKRES_UPDATE_EXPECTED").is_some() {
        std::fs::create_dir_all(expected).unwrap();
        let json = actual.join("P01.alkres.grch38.json");
        std::fs::copy(&json, expected.join("P01.alkres.grch38.json")).unwrap();
    }
    let out = alkres()
        .args(["check", "--expected"])
        .arg(expected)
        .arg(actual)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "check found differences:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn example_sample_through_run_and_batch_matches_the_expected_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let bam = example_bam(dir.path());
    let vcf = fixture("test-data/example/P01.vcf.gz");
    let sv = fixture("test-data/example/P01.manta.vcf");
    let expected = fixture("tests/fixtures/e2e/expected");

    let run_out = dir.path().join("run");
    alkres()
        .args(["run", "--sample", "P01", "-O", "v", "--vcf"])
        .arg(&vcf)
        .arg("--bam")
        .arg(&bam)
        .arg("--sv")
        .arg(&sv)
        .args(HISTORY)
        .arg("-o")
        .arg(&run_out)
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(run_out.join("P01.alkres.grch38.json")).unwrap(),
    )
    .unwrap();
    // The three kinds of evidence all reached the verdict.
    let labels: Vec<&str> = report["verdict"]["mechanisms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.iter().any(|l| l.starts_with("EML4-ALK V1")),
        "{labels:?}"
    );
    assert!(labels.contains(&"MET amplification"), "{labels:?}");
    assert!(
        labels
            .iter()
            .any(|l| l.contains("G1202R + ALK L1196M (in cis)")),
        "{labels:?}"
    );
    assert_eq!(report["verdict"]["resistance"]["kind"], "acquired");
    check(&expected, &run_out);

    // The same sample from a sample sheet (paths relative to the sheet).
    let sheet = dir.path().join("samples.csv");
    std::fs::write(
        &sheet,
        format!(
            "sample,vcf,bam,sv,prior_tkis,timepoint,months_on_treatment\nP01,{},P01.bam,{},crizotinib;alectinib,progression,14\n",
            vcf.display(),
            sv.display()
        ),
    )
    .unwrap();
    let batch_out = dir.path().join("batch");
    alkres()
        .args(["batch", "-O", "v", "--samplesheet"])
        .arg(&sheet)
        .arg("-o")
        .arg(&batch_out)
        .assert()
        .success();
    assert!(batch_out.join("cohort.alkres.tsv").exists());
    assert!(batch_out.join("cohort.alkres.html").exists());
    check(&expected, &batch_out);
}
