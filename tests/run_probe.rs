//! What `run` settles once for all its stages: where the genome build came from (said
//! truthfully, and a small-variant VCF that disagrees with it is refused), and which column
//! of a multi-sample SV/CNV VCF is the tumour's (the same rule for both, stated).

mod common;

use std::path::Path;

use common::{alkres, file_ending, files_in, fixture, write_file};
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

/// A small-variant VCF with no ##contig lengths, optionally a ##reference line.
fn small_vcf(dir: &Path, reference: Option<&str>) -> String {
    let mut text = String::from("##fileformat=VCFv4.2\n");
    if let Some(r) = reference {
        text.push_str(&format!("##reference={r}\n"));
    }
    text.push_str("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
    text.push_str("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP01\n");
    // ALK exon 28, GRCh38 chr2:29196800 is G (resources/reference/known_sequence.tsv).
    text.push_str("chr2\t29196800\t.\tG\tA\t50\tPASS\t.\tGT\t0/1\n");
    write_file(dir, "small.vcf", text.as_bytes())
        .display()
        .to_string()
}

fn cnv_vcf() -> String {
    fixture("test-data/cnv/tumour.grch38.cnv.vcf")
        .display()
        .to_string()
}

fn report_json(out: &Path) -> Value {
    let path = files_in(out)
        .into_iter()
        .find(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".json") && !name.contains("fusions") && !name.contains("multiqc")
        })
        .expect("a report JSON");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_build_read_from_another_input_is_not_reported_as_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let vcf = small_vcf(dir.path(), None);
    let out = dir.path().join("out");
    alkres()
        .args(["run", "-s", "P01", "--vcf", &vcf, "--cnv", &cnv_vcf(), "-o"])
        .arg(&out)
        .assert()
        .success();
    let report = report_json(&out);
    let evidence = report["run"]["build_evidence"].as_str().unwrap();
    assert_eq!(report["run"]["build"], "GRCh38");
    assert!(!evidence.contains("--build"), "{evidence}");
    // Said to come from the CNV VCF's header, in its words.
    assert!(
        evidence.contains("from ")
            && evidence.contains("tumour.grch38.cnv.vcf (")
            && evidence.contains("##contig length(s) match GRCh38"),
        "{evidence}"
    );
}

#[test]
fn a_vcf_reference_that_contradicts_the_run_build_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let vcf = small_vcf(dir.path(), Some("GRCh37"));
    let out = dir.path().join("out");
    alkres()
        .args(["run", "-s", "P01", "--vcf", &vcf, "--cnv", &cnv_vcf(), "-o"])
        .arg(&out)
        .assert()
        .code(4)
        // The run's probe reads the small-variant VCF first: its ##reference settles the
        // build, and the CNV VCF's contig lengths contradict it.
        .stderr(contains("tumour.grch38.cnv.vcf: is GRCh38"))
        .stderr(contains("the run's build is GRCh37 (GRCh37 from"))
        .stderr(contains("small.vcf (##reference=GRCh37)"))
        .stderr(contains("--build GRCh38 was given").not());
    assert!(files_in(&out).is_empty());
    // With the flag, the user's word stands (as documented): the run goes through, and
    // says that it overrode the header.
    alkres()
        .args(["run", "-s", "P01", "--vcf", &vcf, "--build", "GRCh38", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(contains(
            "small.vcf: ##reference=GRCh37 names GRCh37, overridden by --build GRCh38",
        ));
}

/// A FusionCatcher VCF on GRCh38 (named by its `##reference` only) read with `--build
/// GRCh37` lost its EML4-ALK without a word (`batch --build GRCh37` on a mixed sheet did the
/// same to it); the override is allowed, but said.
#[test]
fn a_build_flag_overriding_a_reference_line_warns() {
    let dir = tempfile::tempdir().unwrap();
    let sv = fixture("tests/bad_inputs/reserved-info-key-redefined.vcf");
    for (build, fusions, warned) in [
        ("GRCh38", "1 fusion(s)", false),
        ("GRCh37", "0 fusion(s)", true),
    ] {
        let out = dir.path().join(build);
        let assert = alkres()
            .args(["fusions", "--build", build, "--sv"])
            .arg(&sv)
            .arg("-o")
            .arg(&out)
            .assert()
            .success()
            .stderr(contains(fusions));
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        let warning = "Homo_sapiens.GRCh38.dna.primary_assembly.fa names GRCh38, overridden by \
                       --build GRCh37: its positions are read as GRCh37";
        assert_eq!(stderr.contains(warning), warned, "{stderr}");
    }
}

/// A VCF whose `##reference` names NCBI36 (as CellBase's example VCF does,
/// `human_b36_both.fasta`) is refused even with `--build`: the flag cannot move positions.
#[test]
fn a_vcf_of_an_older_assembly_is_refused_even_with_build() {
    let dir = tempfile::tempdir().unwrap();
    let vcf = small_vcf(dir.path(), Some("human_b36_both.fasta"));
    let out = dir.path().join("out");
    for extra in [&[][..], &["--build", "GRCh37"][..]] {
        alkres()
            .args(["run", "-s", "P01", "--vcf", &vcf])
            .args(extra)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(4)
            .stderr(contains("small.vcf"))
            .stderr(contains("names b36"))
            .stderr(contains("lift the file over"));
        assert!(files_in(&out).is_empty());
    }
}

/// A table given as `--arriba` that is not Arriba's (QA gave hmftools' LINX fusion table) is
/// named as such first, by `run` and by `fusions`; it was asked for `--build`, which it would
/// have failed after.
#[test]
fn a_wrong_fusion_table_is_named_before_the_build_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let table = write_file(
        dir.path(),
        "linx.fusion.tsv",
        b"name\tgeneStart\tgeneEnd\treported\nEML4_ALK\tEML4\tALK\ttrue\n",
    );
    let out = dir.path().join("out");
    for command in [&["run", "-s", "X"][..], &["fusions"][..]] {
        alkres()
            .args(command)
            .arg("--arriba")
            .arg(&table)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(3)
            .stderr(contains("not Arriba fusions.tsv"))
            .stderr(contains("--build").not());
        assert!(files_in(&out).is_empty());
    }
}

/// A matched normal aligned to the other build is refused before anything is read (its @SQ
/// lengths are build evidence like the tumour's), naming the normal.
#[test]
fn a_matched_normal_of_another_build_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bam = |name: &str, chr2_length: u64| {
        let sam = dir.path().join(format!("{name}.sam"));
        std::fs::write(
            &sam,
            format!("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr2\tLN:{chr2_length}\n@RG\tID:{name}\tSM:{name}\n"),
        )
        .unwrap();
        let bam = dir.path().join(format!("{name}.bam"));
        let ok = std::process::Command::new("samtools")
            .args(["view", "-b", "-o"])
            .arg(&bam)
            .arg(&sam)
            .status()
            .is_ok_and(|s| s.success())
            && std::process::Command::new("samtools")
                .arg("index")
                .arg(&bam)
                .status()
                .is_ok_and(|s| s.success());
        ok.then_some(bam)
    };
    let (Some(tumour), Some(normal)) = (bam("T", 242_193_529), bam("N", 243_199_373)) else {
        eprintln!("skipped: samtools not installed");
        return;
    };
    let out = dir.path().join("out");
    alkres()
        .args(["run", "-s", "T", "--bam"])
        .arg(&tumour)
        .arg("--normal-bam")
        .arg(&normal)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(4)
        .stderr(contains("N.bam"))
        .stderr(contains("GRCh37"))
        // Contig lengths are not overridden by --build: the hint must not say they are.
        .stderr(contains("lift one of them over"))
        .stderr(contains("override a ##reference").not());
    assert!(files_in(&out).is_empty());
}

/// `NORMAL` then `TUMOR`, as Manta and most somatic callers write them; MET is CN 2 in the
/// normal and 9 in the tumour.
fn two_column_cnv(dir: &Path) -> String {
    let text = std::fs::read_to_string(cnv_vcf()).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("##") {
            out.push_str(line);
        } else if line.starts_with('#') {
            out.push_str(&line.replace("\tTUMOUR", "\tNORMAL\tTUMOR"));
        } else {
            let fields: Vec<&str> = line.split('\t').collect();
            let normal = if fields[8].contains("CN") {
                "0/0:2"
            } else {
                "0/0"
            };
            out.push_str(&format!(
                "{}\t{normal}\t{}",
                fields[..9].join("\t"),
                fields[9]
            ));
        }
        out.push('\n');
    }
    write_file(dir, "pair.cnv.vcf", out.as_bytes())
        .display()
        .to_string()
}

#[test]
fn sv_and_cnv_stages_take_the_same_column_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let cnv = two_column_cnv(dir.path());
    let sv = fixture("test-data/fusions/manta_somatic.grch38.vcf")
        .display()
        .to_string();
    let out = dir.path().join("out");
    let assert = alkres()
        .args(["run", "-s", "P01", "--cnv", &cnv, "--sv", &sv, "-o"])
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let stated: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("column 2 (TUMOR) taken as the tumour"))
        .collect();
    assert_eq!(stated.len(), 2, "one statement per stage: {stderr}");
    assert!(
        stated.iter().any(|l| l.contains("pair.cnv.vcf")),
        "{stderr}"
    );
    assert!(
        stated.iter().any(|l| l.contains("manta_somatic")),
        "{stderr}"
    );
    let report = report_json(&out);
    let met = report["copy_number"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["gene"] == "MET")
        .expect("MET is called from the tumour column");
    assert_eq!(met["copy_number"], 9.0);
    assert_eq!(met["call"], "amplification");
    // The fusion's support is the tumour's (TUMOR SR 25, NORMAL 0).
    assert!(report["fusions"][0]["split_reads"].as_u64().unwrap() > 0);
}

/// A VCF whose ##contig lengths are GRCh38's, with G1202R.
fn g1202r_vcf() -> String {
    fixture("tests/bad_inputs/support/g1202r.grch38.vcf")
        .display()
        .to_string()
}

fn arriba() -> String {
    fixture("test-data/fusions/arriba_fusions.grch38.tsv")
        .display()
        .to_string()
}

#[test]
fn the_vcf_header_settles_the_build_for_the_fusion_stage() {
    // Arriba tables carry no build; the VCF's ##contig lengths do, for the whole run.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    alkres()
        .args([
            "run",
            "-s",
            "P1",
            "--vcf",
            &g1202r_vcf(),
            "--arriba",
            &arriba(),
        ])
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let report = report_json(&out);
    assert_eq!(report["run"]["build"], "GRCh38");
    let fusions = report["fusions"].as_array().cloned().unwrap_or_default();
    assert!(!fusions.is_empty(), "no fusion from the Arriba table");
    let evidence = report["run"]["build_evidence"].as_str().unwrap();
    assert!(!evidence.contains("--build"), "{evidence}");
}

#[test]
fn the_vcf_header_settles_the_build_for_the_cnvkit_stage() {
    // A CNVkit .cns carries no build either (issue 13: `run --vcf --cnv` asked for --build).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let cns = fixture("test-data/cnv/amplicon.call.cns");
    alkres()
        .args(["run", "-s", "P1", "--vcf", &g1202r_vcf(), "--cnv"])
        .arg(&cns)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let report = report_json(&out);
    assert_eq!(report["run"]["build"], "GRCh38");
    let evidence = report["run"]["build_evidence"].as_str().unwrap();
    assert!(!evidence.contains("--build"), "{evidence}");
}

#[test]
fn a_batch_sheet_with_arriba_and_vcf_needs_no_build() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = format!(
        "sample,vcf,arriba,prior_tkis,timepoint,months_on_treatment\nP1,{},{},alectinib,progression,14\n",
        g1202r_vcf(),
        arriba()
    );
    let sheet = write_file(dir.path(), "sheet.csv", sheet.as_bytes());
    let out = dir.path().join("out");
    alkres()
        .args(["batch", "--samplesheet"])
        .arg(&sheet)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(files_in(&out)
        .iter()
        .any(|p| p.to_string_lossy().ends_with("P1.alkres.grch38.json")));
}

/// A sheet mixing builds: each row's `build` column is `--build` for that row alone (it wins
/// over the batch's `--build`); a build name alkres does not know is refused naming the line.
#[test]
fn a_batch_sheet_row_states_its_own_build() {
    let dir = tempfile::tempdir().unwrap();
    let grch37 = fixture("test-data/fusions/arriba_fusions_no_direction.grch37.tsv");
    let grch37 = grch37.display();
    let sheet = format!(
        "sample,arriba,build\nA38,{},GRCh38\nB37,{grch37},\n",
        arriba()
    );
    let sheet = write_file(dir.path(), "sheet.csv", sheet.as_bytes());
    let out = dir.path().join("out");
    alkres()
        .args(["batch", "--build", "GRCh37", "--samplesheet"])
        .arg(&sheet)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let names: Vec<String> = files_in(&out)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n == "A38.alkres.grch38.json"),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n == "B37.alkres.grch37.json"),
        "{names:?}"
    );
    let bad = write_file(
        dir.path(),
        "bad.csv",
        format!("sample,arriba,build\nA,{},hg99\n", arriba()).as_bytes(),
    );
    alkres()
        .args(["batch", "--samplesheet"])
        .arg(&bad)
        .arg("-o")
        .arg(dir.path().join("bad-out"))
        .assert()
        .failure()
        .stderr(contains("line 2"))
        .stderr(contains("build 'hg99'"));
}

/// What the VCF reader decided (here: a duplicate G1202R record counted once) is in the
/// report itself, not only on stderr, which a pipeline loses: from `run` and `annotate`.
#[test]
fn the_readers_notes_are_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let vcf = fixture("tests/bad_inputs/duplicate-record.vcf");
    for command in [&["run", "-s", "T", "--vcf"][..], &["annotate", "-i"]] {
        let out = dir.path().join(command[0]);
        alkres()
            .args(command)
            .arg(&vcf)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let report = report_json(&out);
        let notes = report["notes"].to_string();
        assert!(
            notes.contains("1 duplicate panel record(s) counted once"),
            "{}: {notes}",
            command[0]
        );
        let html = file_ending(&out, ".html");
        assert!(
            std::fs::read_to_string(html)
                .unwrap()
                .contains("duplicate panel record(s) counted once"),
            "{}",
            command[0]
        );
    }
}

#[test]
fn run_reads_the_vcf_from_stdin_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let text = std::fs::read(g1202r_vcf()).unwrap();
    alkres()
        .args(["run", "-s", "P1", "--vcf", "-", "-o"])
        .arg(&out)
        .write_stdin(text)
        .assert()
        .success();
    let report = report_json(&out);
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    assert!(
        findings.iter().any(|f| f["protein_short"] == "G1202R"),
        "{findings:?}"
    );
}

/// GRCh38 bases of TP53 (chr17:7675088-7675093) as REF alleles, with no ##contig lines.
fn vcf_placed_by_ref_only(dir: &Path) -> String {
    use alkres::genome::{Build, KnownSequence};
    let known = KnownSequence::shipped().unwrap();
    let mut text = String::from(
        "##fileformat=VCFv4.2\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n\
         #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP1\n",
    );
    for pos in 7_675_088u64..7_675_094 {
        let base = known.base(Build::GRCh38, "17", pos).unwrap() as char;
        let alt = if base == 'A' { 'G' } else { 'A' };
        text.push_str(&format!(
            "17\t{pos}\t.\t{base}\t{alt}\t.\tPASS\t.\tGT\t0/1\n"
        ));
    }
    write_file(dir, "ref_only.vcf", text.as_bytes())
        .display()
        .to_string()
}

#[test]
fn the_probe_settles_the_build_for_every_stage_from_ref_alleles_or_says_it_cannot() {
    // No header tells (an Arriba table and a VCF without ##contig lines): the probe places
    // the run by the VCF's REF alleles, and the fusion stage runs on that build.
    let dir = tempfile::tempdir().unwrap();
    let vcf = vcf_placed_by_ref_only(dir.path());
    let out = dir.path().join("out");
    alkres()
        .args([
            "run",
            "-s",
            "P1",
            "--vcf",
            &vcf,
            "--arriba",
            &arriba(),
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let report = report_json(&out);
    assert_eq!(report["run"]["build"], "GRCh38");
    let evidence = report["run"]["build_evidence"].as_str().unwrap();
    assert!(evidence.contains("the REF alleles of"), "{evidence}");
    assert!(!report["fusions"].as_array().unwrap().is_empty());
    // Nothing tells at all: one error naming the inputs looked at, before any stage runs.
    let empty = dir.path().join("empty");
    let assert = alkres()
        .args(["run", "-s", "P1", "--arriba", &arriba(), "-o"])
        .arg(&empty)
        .assert()
        .code(4);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("arriba_fusions.grch38.tsv") && stderr.contains("pass --build"),
        "{stderr}"
    );
    assert!(files_in(&empty).is_empty());
}
