//! Real callers' conventions, driven through the binary only (CLI in, output files out).
//!
//! Fixtures are in tests/fixtures/callers/<caller>/: `*.excerpt.*` are unmodified excerpts of
//! public files (sources and licences in test-data/README.md); `*.alk.grch37.vcf` keep that
//! caller's header and FORMAT/INFO conventions with records placed by us at ALK G1202R and
//! BRAF V600E (tests/fixtures/callers/make_derived.py). In every derived file the tumour has 30
//! alt reads of 100 at G1202R and 20 of 100 at V600E; the normal has no alt read.
//!
//! Tests marked `#[ignore = "issue 13: ..."]` state what a correct tool must do and fail on
//! the code as it was measured (tests/fixtures/callers/MEASURED.md); un-ignore them when fixed.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{alkres, file_ending, files_in, fixture};

fn caller_fixture(rel: &str) -> PathBuf {
    fixture(&format!("tests/fixtures/callers/{rel}"))
}

/// `annotate` one fixture into `out`; returns the output file names (not paths).
fn annotate(input: &Path, out: &Path, extra: &[&str]) -> Vec<String> {
    alkres()
        .args(["annotate", "-O", "v", "-t", "1", "-i"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(extra)
        .assert()
        .success();
    names(out)
}

fn names(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = files_in(out)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Rows of `<sample>.alkres.grch37.tsv`, each a column-name → value map.
fn tsv_rows(out: &Path, sample: &str) -> Vec<HashMap<String, String>> {
    tsv_rows_of(out, sample, "grch37")
}

/// Rows of `<sample>.alkres.<build>.tsv` (`build` as in the file name: `grch37`, `grch38`).
fn tsv_rows_of(out: &Path, sample: &str, build: &str) -> Vec<HashMap<String, String>> {
    let path = out.join(format!("{sample}.alkres.{build}.tsv"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; outputs: {:?}", path.display(), names(out)));
    let mut lines = text.lines().filter(|l| !l.starts_with("##"));
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    lines
        .map(|l| {
            header
                .iter()
                .map(|h| h.trim_start_matches('#').to_string())
                .zip(l.split('\t').map(str::to_string))
                .collect()
        })
        .collect()
}

fn finding<'a>(rows: &'a [HashMap<String, String>], short: &str) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r.get("protein_short").map(String::as_str) == Some(short))
        .unwrap_or_else(|| panic!("no {short} row in {rows:?}"))
}

fn number(row: &HashMap<String, String>, col: &str) -> f64 {
    let v = row.get(col).map(String::as_str).unwrap_or("");
    v.parse()
        .unwrap_or_else(|_| panic!("column {col} is {v:?}, not a number, in {row:?}"))
}

/// `vaf_source` of the `short` finding in `<sample>.alkres.grch37.json`.
fn vaf_source(out: &Path, sample: &str, short: &str) -> String {
    vaf_source_of(out, sample, "grch37", short)
}

fn vaf_source_of(out: &Path, sample: &str, build: &str, short: &str) -> String {
    let path = out.join(format!("{sample}.alkres.{build}.json"));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let findings = doc["findings"].as_array().cloned().unwrap_or_default();
    let f = findings
        .iter()
        .find(|f| f["protein_short"] == short)
        .unwrap_or_else(|| panic!("no {short} in {}", path.display()));
    f["vaf_source"].as_str().unwrap_or("").to_string()
}

/// The tumour's G1202R (30/100) and V600E (20/100) with VAF and depths from the caller's fields.
fn assert_tumour_counts(out: &Path, tumour: &str) {
    let rows = tsv_rows(out, tumour);
    let g = finding(&rows, "G1202R");
    assert!((number(g, "vaf") - 0.30).abs() < 0.006, "G1202R VAF {g:?}");
    assert_eq!(number(g, "depth"), 100.0, "G1202R depth {g:?}");
    assert_eq!(number(g, "alt_depth"), 30.0, "G1202R alt reads {g:?}");
    let v = finding(&rows, "V600E");
    assert!((number(v, "vaf") - 0.20).abs() < 0.006, "V600E VAF {v:?}");
}

/// No output of any kind is named after the normal column.
fn assert_no_outputs_for(out: &Path, normal: &str) {
    let prefix = format!("{normal}.");
    let bad: Vec<String> = names(out)
        .into_iter()
        .filter(|n| n.starts_with(&prefix))
        .collect();
    assert!(bad.is_empty(), "outputs for the normal column: {bad:?}");
}

// ---- Strelka2 somatic: no GT; tier counts AU/CU/GU/TU; NORMAL column first ----

#[test]
fn strelka_somatic_reports_the_tumour_with_tier1_vaf() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("strelka2_somatic/strelka.somatic.snvs.alk.grch37.vcf");
    annotate(&input, dir.path(), &[]);
    assert_tumour_counts(dir.path(), "TUMOR");
    assert_no_outputs_for(dir.path(), "NORMAL");
}

#[test]
fn strelka_somatic_tumour_selected_by_name_gets_a_finding() {
    // With `--sample TUMOR` only the tumour is read; the record must still be a finding.
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("strelka2_somatic/strelka.somatic.snvs.alk.grch37.vcf");
    annotate(&input, dir.path(), &["--sample", "TUMOR"]);
    let rows = tsv_rows(dir.path(), "TUMOR");
    finding(&rows, "G1202R");
    assert_no_outputs_for(dir.path(), "NORMAL");
}

#[test]
fn strelka_somatic_vaf_comes_from_tier1_counts() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("strelka2_somatic/strelka.somatic.snvs.alk.grch37.vcf");
    annotate(&input, dir.path(), &["--sample", "TUMOR"]);
    assert_tumour_counts(dir.path(), "TUMOR");
    // G1202R is C>T: tier-1 counts of CU (ref) and TU (alt); the output must say so.
    let source = vaf_source(dir.path(), "TUMOR", "G1202R");
    assert!(source.contains("TU"), "vaf_source {source:?}");
}

/// A real excerpt annotates and writes outputs named `<stem>…`: the temp dir they are in.
fn assert_excerpt_outputs(fixture: &str, args: &[&str], stem: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture(fixture);
    let out = annotate(&input, dir.path(), args);
    assert!(out.iter().any(|n| n.starts_with(stem)), "{out:?}");
    dir
}

#[test]
fn strelka_somatic_real_excerpt_reads() {
    assert_excerpt_outputs(
        "strelka2_somatic/strelka.somatic.snvs.excerpt.vcf",
        &["--sample", "TUMOR"],
        "TUMOR.alkres.grch37",
    );
}

// ---- Mutect2: tumour and normal named in ##tumor_sample / ##normal_sample ----

#[test]
fn mutect2_tumour_comes_from_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("mutect2/mutect2.alk.grch37.vcf");
    annotate(&input, dir.path(), &[]);
    assert_tumour_counts(dir.path(), "25715");
    assert_no_outputs_for(dir.path(), "25714");
}

#[test]
fn mutect2_tumour_vaf_from_ad() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("mutect2/mutect2.alk.grch37.vcf");
    annotate(&input, dir.path(), &["--sample", "25715"]);
    assert_tumour_counts(dir.path(), "25715");
    assert_eq!(vaf_source(dir.path(), "25715", "G1202R"), "FORMAT/AD");
}

#[test]
fn mutect2_real_excerpt_reads() {
    assert_excerpt_outputs(
        "mutect2/mutect2.excerpt.vcf",
        &["--sample", "25715"],
        "25715.",
    );
}

// ---- VarScan2 somatic: AD is Number=1 (alt reads), RD the ref reads, FREQ a percentage ----

#[test]
fn varscan2_somatic_vaf_from_rd_and_ad() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("varscan2/varscan2.snp.alk.grch37.vcf");
    annotate(&input, dir.path(), &["--build", "GRCh37"]);
    assert_tumour_counts(dir.path(), "TUMOR");
    assert_no_outputs_for(dir.path(), "NORMAL");
}

#[test]
fn varscan2_tumour_selected_by_name_has_vaf() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("varscan2/varscan2.snp.alk.grch37.vcf");
    annotate(
        &input,
        dir.path(),
        &["--build", "GRCh37", "--sample", "TUMOR"],
    );
    assert_tumour_counts(dir.path(), "TUMOR");
    let source = vaf_source(dir.path(), "TUMOR", "G1202R");
    assert!(
        source.contains("RD") || source.contains("FREQ"),
        "vaf_source {source:?}"
    );
}

#[test]
fn varscan2_real_excerpt_reads() {
    assert_excerpt_outputs(
        "varscan2/varscan2.snp.excerpt.vcf",
        &["--build", "GRCh37", "--sample", "TUMOR"],
        "TUMOR.",
    );
}

// ---- VarDict paired: tumour first (INFO SAMPLE), matched normal second ----

#[test]
fn vardict_paired_reports_only_the_tumour() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("vardict/vardict.paired.alk.grch37.vcf");
    annotate(&input, dir.path(), &["--build", "GRCh37"]);
    assert_tumour_counts(dir.path(), "abc");
    assert_no_outputs_for(dir.path(), "abc-match");
}

#[test]
fn vardict_tumour_vaf_from_ad() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("vardict/vardict.paired.alk.grch37.vcf");
    annotate(
        &input,
        dir.path(),
        &["--build", "GRCh37", "--sample", "abc"],
    );
    assert_tumour_counts(dir.path(), "abc");
}

#[test]
fn vardict_real_excerpt_reads() {
    assert_excerpt_outputs(
        "vardict/vardict.paired.excerpt.vcf",
        &["--build", "GRCh37", "--sample", "abc"],
        "abc.",
    );
}

// ---- DeepVariant: fraction in FORMAT VAF (no AF), AD Number=R ----

#[test]
fn deepvariant_vaf_and_depth() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("deepvariant/deepvariant.alk.grch37.vcf");
    annotate(&input, dir.path(), &[]);
    assert_tumour_counts(dir.path(), "NA12878");
}

#[test]
fn deepvariant_real_excerpt_reads() {
    assert_excerpt_outputs(
        "deepvariant/deepvariant.somatic_tumor.excerpt.vcf",
        &["--build", "GRCh37"],
        "NA12878.",
    );
}

// ---- DELLY: tumour column first, as `delly call` was given it ----

#[test]
fn delly_outputs_are_named_after_the_tumour() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("delly/delly.somatic.alk.grch38.vcf");
    alkres()
        .args(["fusions", "--sv"])
        .arg(&input)
        .arg("-o")
        .arg(dir.path())
        .assert()
        .success();
    let out = names(dir.path());
    assert!(out.iter().any(|n| n.starts_with("PT01_tumour.")), "{out:?}");
    assert_no_outputs_for(dir.path(), "PT01_normal");
}

#[test]
fn delly_real_output_on_an_unknown_genome_is_a_clear_error() {
    // The simulated genome's contigs match no build: exit 4 naming the file, nothing written.
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("delly/delly.somatic.sim.vcf");
    let out = dir.path().join("out");
    alkres()
        .args(["fusions", "--sv"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(4)
        .stderr(predicates::str::contains("delly.somatic.sim.vcf"))
        .stderr(predicates::str::contains("build"));
    assert!(files_in(&out).is_empty());
}

// ---- RNA fusion callers: unmodified real files ----

fn fusions(args: &[&str], input: &Path, out: &Path) -> std::process::Output {
    let mut cmd = alkres();
    cmd.arg("fusions")
        .args(args)
        .arg(input)
        .args(["--build", "GRCh37", "-o"])
        .arg(out);
    cmd.output().unwrap()
}

#[test]
fn arriba_real_file_reads_and_finds_no_alk_fusion() {
    // Arriba's own test output: one BCR-ABL1 fusion, GRCh37.
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("arriba/arriba.fusions.tsv");
    let out = fusions(&["--arriba"], &input, dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let text: String = files_in(dir.path())
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(!text.contains("EML4"), "{text}");
}

#[test]
fn star_fusion_real_files_read() {
    for rel in [
        "star_fusion/star-fusion.abridged.excerpt.tsv",
        "star_fusion/star-fusion.abridged.FFPM.excerpt.tsv",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = fusions(&["--star-fusion"], &caller_fixture(rel), dir.path());
        assert!(
            out.status.success(),
            "{rel}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// ---- FreeBayes: INFO AF is the genotype's frequency (0.5), the reads are FORMAT AD ----

#[test]
fn freebayes_vaf_comes_from_ad_not_info_af() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("freebayes/freebayes.alk.grch37.vcf");
    annotate(&input, dir.path(), &[]);
    // INFO AF=0.5 in every record: a VAF of 0.5 would mean INFO/AF was taken.
    assert_tumour_counts(dir.path(), "1");
    assert_eq!(vaf_source(dir.path(), "1", "G1202R"), "FORMAT/AD");
}

#[test]
fn freebayes_real_excerpt_reads() {
    // Its only contig (`q`) names no build: with --build it reads, without it is a clear error.
    let dir = assert_excerpt_outputs(
        "freebayes/freebayes.tiny_chr22.excerpt.vcf",
        &["--build", "GRCh37"],
        "1.alkres.grch37",
    );
    alkres()
        .args(["annotate", "-O", "v", "-i"])
        .arg(caller_fixture("freebayes/freebayes.tiny_chr22.excerpt.vcf"))
        .arg("-o")
        .arg(dir.path().join("none"))
        .assert()
        .code(4)
        .stderr(predicates::str::contains("--build"));
}

// ---- GATK HaplotypeCaller (GVCF): <NON_REF> on every record, AD with three values ----

#[test]
fn haplotypecaller_gvcf_vaf_from_ad_with_non_ref() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("haplotypecaller/haplotypecaller.g.alk.grch37.vcf");
    annotate(&input, dir.path(), &[]);
    assert_tumour_counts(dir.path(), "testN");
    assert_eq!(vaf_source(dir.path(), "testN", "G1202R"), "FORMAT/AD");
    // The <NON_REF> allele is no finding of its own.
    let rows = tsv_rows(dir.path(), "testN");
    assert_eq!(rows.len(), 2, "{rows:?}");
}

#[test]
fn haplotypecaller_real_gvcf_excerpt_reads() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("haplotypecaller/haplotypecaller.g.excerpt.vcf");
    let run = alkres()
        .args(["annotate", "-O", "v", "--build", "GRCh38", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("6 record(s) read, 6 outside the panel"),
        "{stderr}"
    );
}

// ---- Strelka2 somatic indels: tier-1 TAR (ref) and TIR (indel) read counts ----

#[test]
fn strelka_somatic_indel_vaf_from_tar_and_tir() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("strelka2_somatic/strelka.somatic.indels.alk.grch37.vcf");
    annotate(&input, dir.path(), &[]);
    assert_no_outputs_for(dir.path(), "NORMAL");
    let rows = tsv_rows(dir.path(), "TUMOR");
    // Tier 1 is 70 ref + 30 indel reads; tier 2 (72, 31) and the normal (60, 0) are not it.
    let dup = finding(&rows, "T1151dup");
    assert!((number(dup, "vaf") - 0.30).abs() < 0.006, "{dup:?}");
    assert_eq!(number(dup, "depth"), 100.0, "{dup:?}");
    assert_eq!(number(dup, "alt_depth"), 30.0, "{dup:?}");
    let del = finding(&rows, "E746_A750del");
    assert!((number(del, "vaf") - 0.20).abs() < 0.006, "{del:?}");
    let source = vaf_source(dir.path(), "TUMOR", "T1151dup");
    assert!(source.contains("TAR,TIR"), "vaf_source {source:?}");
}

#[test]
fn strelka_somatic_indels_real_excerpt_reads() {
    let dir = assert_excerpt_outputs(
        "strelka2_somatic/strelka.somatic.indels.excerpt.vcf",
        &[],
        "TUMOR.",
    );
    assert_no_outputs_for(dir.path(), "NORMAL");
}

// ---- LoFreq: no sample column; INFO DP, AF and DP4 ----

#[test]
fn lofreq_real_output_vaf_from_info_af_and_alt_reads_from_dp4() {
    // Real LoFreq 2.1.5 output (`lofreq call` and `lofreq somatic`) on ART reads with G1202R
    // in 30 % and V600E in 20 % of molecules (tests/fixtures/callers/lofreq/simulate_lofreq.sh).
    for (file, sample) in [
        (
            "lofreq/lofreq.call.sim.grch38.vcf",
            "lofreq.call.sim.grch38",
        ),
        (
            "lofreq/lofreq.somatic.sim.grch38.vcf",
            "lofreq.somatic.sim.grch38",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        annotate(&caller_fixture(file), dir.path(), &["--build", "GRCh38"]);
        let rows = tsv_rows_of(dir.path(), sample, "grch38");
        let g = finding(&rows, "G1202R");
        // INFO AF=0.319797; DP4=72,62,33,30 (alt reads 33 + 30); DP=197.
        assert!((number(g, "vaf") - 0.3198).abs() < 0.0001, "{file}: {g:?}");
        assert_eq!(number(g, "alt_depth"), 63.0, "{file}: {g:?}");
        assert_eq!(number(g, "depth"), 197.0, "{file}: {g:?}");
        assert_eq!(
            vaf_source_of(dir.path(), sample, "grch38", "G1202R"),
            "INFO/AF"
        );
        // V600E: AF=0.206140; DP4=88,93,20,27; DP=228.
        let v = finding(&rows, "V600E");
        assert!((number(v, "vaf") - 0.2061).abs() < 0.0001, "{file}: {v:?}");
        assert_eq!(number(v, "alt_depth"), 47.0, "{file}: {v:?}");
        assert_eq!(number(v, "depth"), 228.0, "{file}: {v:?}");
    }
}

// ---- GRIDSS: normal column first, `o`/`h` breakend mates, per-sample SR/RP/VF ----

fn sv_fusions(input: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    alkres()
        .args(["fusions", "--sv"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(extra)
        .assert()
        .success();
    let json = file_ending(out, ".fusions.json");
    serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap()
}

#[test]
fn gridss_fusion_support_comes_from_the_tumour_column() {
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("gridss/gridss.somatic.alk.grch38.vcf");
    let doc = sv_fusions(&input, dir.path(), &[]);
    assert_eq!(doc["sample"], "test_Tumour");
    assert_no_outputs_for(dir.path(), "test_Normal");
    assert_eq!(tumour_column(&doc)["basis"], "name_pattern", "{doc}");
    let fusions = doc["fusions"].as_array().unwrap();
    assert_eq!(fusions.len(), 1, "{fusions:?}");
    let f = &fusions[0];
    assert_eq!(f["partner"], "EML4");
    // The tumour's FORMAT SR/RP (11, 14): not INFO's totals (12, 15), not the normal's (1, 1).
    assert_eq!(f["split_reads"], 11, "{f}");
    assert_eq!(f["discordant_pairs"], 14, "{f}");
    let skipped = &doc["stats"]["inputs"][0]["skipped"];
    assert_eq!(
        skipped["mate record of a breakend pair already reported"],
        1
    );
    // The output names the fields and the column the support was read from.
    let notes = f["notes"].to_string();
    assert!(
        notes.contains("read support from FORMAT/SR,RSR,RP,VF,REF,REFPAIR,BSC of test_Tumour"),
        "{notes}"
    );
}

#[test]
fn gridss_real_excerpt_breakends_are_parsed_and_counted() {
    // All five records are filtered (LOW_QUAL …); with --include-filtered each is read: two
    // single breakends (`T…A.`, `A.`) and three breakpoints, none in ALK.
    let input = caller_fixture("gridss/gridss.somatic.excerpt.vcf");
    let dir = tempfile::tempdir().unwrap();
    let doc = sv_fusions(&input, dir.path(), &[]);
    let stats = &doc["stats"]["inputs"][0];
    assert_eq!(stats["records_read"], 5, "{stats}");
    assert_eq!(
        stats["skipped"]["FILTER not PASS (use --include-filtered)"],
        5
    );
    let dir = tempfile::tempdir().unwrap();
    let doc = sv_fusions(&input, dir.path(), &["--include-filtered"]);
    assert_eq!(doc["sample"], "test_Tumour");
    let skipped = &doc["stats"]["inputs"][0]["skipped"];
    assert_eq!(
        skipped["single breakend (no partner locus)"], 2,
        "{skipped}"
    );
    assert_eq!(skipped["no breakend in ALK (not an ALK rearrangement)"], 3);
}

// ---- SvABA: columns named by BAM path, normal first; SR split, DR discordant reads ----

/// The JSON's account of how an SV VCF's tumour column was chosen.
fn tumour_column(doc: &serde_json::Value) -> &serde_json::Value {
    &doc["stats"]["inputs"][0]["tumour_column"]
}

#[test]
fn svaba_fusion_from_the_tumour_bam_column_with_split_and_discordant_reads() {
    // Written from SvABA 1.2's writer (no real file found; tests/fixtures/callers/make_derived.py).
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("svaba/svaba.somatic.sv.alk.grch38.vcf");
    let doc = sv_fusions(&input, dir.path(), &[]);
    // Named after the sample the tumour's BAM stands for, not its path.
    assert_eq!(doc["sample"], "PT01-T");
    assert_eq!(
        names(dir.path()),
        [
            "PT01-T.alkres.grch38.fusions.json",
            "PT01-T.alkres.grch38.fusions.tsv"
        ]
    );
    // SvABA's ##source is its command line: `-t /data/PT01-T.bam` names the tumour.
    let chosen = tumour_column(&doc);
    assert_eq!(chosen["column"], "/data/PT01-T.bam", "{chosen}");
    assert_eq!(chosen["basis"], "header_tag", "{chosen}");
    assert!(
        chosen["rule"]
            .as_str()
            .unwrap()
            .contains("named by SvABA's -t"),
        "{chosen}"
    );
    let f = &doc["fusions"][0];
    assert_eq!(f["partner"], "EML4", "{doc}");
    assert_eq!(f["source"], "SvABA", "{f}");
    assert_eq!(f["split_reads"], 11, "{f}");
    assert_eq!(f["discordant_pairs"], 14, "{f}");
    let notes = f["notes"].to_string();
    assert!(
        notes.contains("read support from FORMAT/SR,DR of /data/PT01-T.bam"),
        "{notes}"
    );
}

#[test]
fn svaba_real_output_on_simulated_eml4_alk_is_a_v1_finding_named_after_the_tumour() {
    // Real SvABA (v1.3.0 at walaj/svaba@708d526) output on ART reads with an EML4-ALK V1
    // inversion join in the tumour (tests/fixtures/callers/svaba/simulate_svaba.sh). Its only
    // ##contig is the 42.4-Mb chr2 of the reference it was given: --build is needed.
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("svaba/svaba.somatic.sim.grch38.vcf");
    let doc = sv_fusions(&input, dir.path(), &["--build", "GRCh38"]);
    assert_eq!(doc["sample"], "PT01_tumour");
    assert_no_outputs_for(dir.path(), "PT01_normal");
    let chosen = tumour_column(&doc);
    assert_eq!(chosen["column"], "PT01_tumour.bam", "{chosen}");
    assert_eq!(chosen["basis"], "header_tag", "{chosen}");
    let fusions = doc["fusions"].as_array().unwrap();
    assert_eq!(fusions.len(), 1, "{doc}");
    let f = &fusions[0];
    assert_eq!(f["partner"], "EML4", "{f}");
    assert_eq!(
        (f["partner_exon"].as_u64(), f["alk_exon"].as_u64()),
        (Some(13), Some(20))
    );
    assert_eq!(f["source"], "SvABA", "{f}");
    // The tumour's FORMAT SR 0, DR 12 (the normal's are 0, 0).
    assert_eq!(f["split_reads"], 0, "{f}");
    assert_eq!(f["discordant_pairs"], 12, "{f}");
}

// ---- FusionCatcher: its 3'-end record is written in the 3' gene's orientation ----

#[test]
fn fusioncatcher_eml4_alk_is_a_finding_read_from_its_5prime_record() {
    // The mates disagree: `N]2:29223587]` at EML4 (5' end) is EML4-ALK by the VCF rules,
    // `[2:42301391[N` at ALK (3' end) the reciprocal junction. Measured on FusionCatcher's
    // own test output (tests/fixtures/callers/MEASURED.md), which has the same two records;
    // this file (ours) keeps its conventions. Support: INFO SR (junction reads), SP (pairs).
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("tests/bad_inputs/reserved-info-key-redefined.vcf");
    let doc = sv_fusions(&input, dir.path(), &[]);
    let fusions = doc["fusions"].as_array().unwrap();
    assert_eq!(fusions.len(), 1, "{doc}");
    let f = &fusions[0];
    assert_eq!(f["partner"], "EML4", "{f}");
    assert_eq!(f["alk_exon"], 20, "{f}");
    assert_eq!(f["source"], "FusionCatcher", "{f}");
    assert_eq!(f["split_reads"], 4, "{f}");
    assert_eq!(f["discordant_pairs"], 5, "{f}");
    let notes = f["notes"].to_string();
    assert!(notes.contains("EML4--ALK__5"), "{notes}");
    assert!(notes.contains("reciprocal junction"), "{notes}");
    assert!(notes.contains("read support from INFO/SR,SP"), "{notes}");
}

// ---- Manta: the demo's columns `HCC1954_BL HCC1954` (normal first, no name says which) ----

#[test]
fn manta_tumour_is_the_last_column_when_no_name_says_so() {
    // Manta's real demo output (GPL, measured in MEASURED.md) has this column layout; the
    // normal here has 2 split reads, the tumour 11.
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("manta/manta.demo_columns.alk.grch38.vcf");
    let doc = sv_fusions(&input, dir.path(), &[]);
    assert_eq!(doc["sample"], "HCC1954");
    assert_no_outputs_for(dir.path(), "HCC1954_BL");
    // Nothing in the file names the tumour: the JSON says the column is a guess by position.
    assert_eq!(tumour_column(&doc)["basis"], "guess", "{doc}");
    let f = &doc["fusions"][0];
    assert_eq!(f["split_reads"], 11, "{f}");
    assert_eq!(f["discordant_pairs"], 14, "{f}");
    let notes = f["notes"].to_string();
    assert!(
        notes.contains("read support from FORMAT/PR,SR of HCC1954"),
        "{notes}"
    );
}

// ---- DRAGEN: tumour and normal named by its command line (##DRAGENCommandLine) ----

#[test]
fn dragen_somatic_small_variants_report_the_tumour_named_by_its_command_line() {
    // DRAGEN's layout (make_derived.py): columns PT01-N PT01-T, which no name pattern tells
    // apart; `--tumor-bam-input=/staging/PT01-T.bam --bam-input=/staging/PT01-N.bam`.
    let dir = tempfile::tempdir().unwrap();
    let input = caller_fixture("dragen/dragen.somatic.layout.alk.grch38.vcf");
    annotate(&input, dir.path(), &[]);
    assert_no_outputs_for(dir.path(), "PT01-N");
    let rows = tsv_rows_of(dir.path(), "PT01-T", "grch38");
    let g = finding(&rows, "G1202R");
    // FORMAT AF 0.300 (AD 70,30: informative reads); depth is FORMAT DP (104, all reads).
    assert!((number(g, "vaf") - 0.30).abs() < 0.0005, "{g:?}");
    assert_eq!(number(g, "alt_depth"), 30.0, "{g:?}");
    assert_eq!(number(g, "depth"), 104.0, "{g:?}");
    assert_eq!(
        vaf_source_of(dir.path(), "PT01-T", "grch38", "G1202R"),
        "FORMAT/AF"
    );
    let v = finding(&rows, "V600E");
    assert!((number(v, "vaf") - 0.20).abs() < 0.0005, "{v:?}");
}

#[test]
fn dragen_sv_support_is_read_as_mantas_pr_sr_of_the_named_tumour() {
    let input = caller_fixture("dragen/dragen.sv.layout.alk.grch38.vcf");
    let text = std::fs::read_to_string(&input).unwrap();
    // As written (normal first), and with the columns swapped: the command line decides.
    let swapped: String = text
        .lines()
        .map(|l| {
            if l.starts_with("##") {
                return format!("{l}\n");
            }
            let mut cols: Vec<&str> = l.split('\t').collect();
            cols.swap(9, 10);
            format!("{}\n", cols.join("\t"))
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let swapped_path = tmp.path().join("dragen.swapped.vcf");
    std::fs::write(&swapped_path, swapped).unwrap();
    for (path, number) in [(input.clone(), 2), (swapped_path, 1)] {
        let dir = tempfile::tempdir().unwrap();
        let doc = sv_fusions(&path, dir.path(), &[]);
        assert_eq!(doc["sample"], "PT01-T", "{}", path.display());
        assert_no_outputs_for(dir.path(), "PT01-N");
        let chosen = tumour_column(&doc);
        assert_eq!(chosen["number"], number, "{chosen}");
        assert_eq!(chosen["basis"], "header_tag", "{chosen}");
        assert!(
            chosen["rule"]
                .as_str()
                .unwrap()
                .contains("named by DRAGEN's --tumor-bam-input"),
            "{chosen}"
        );
        let f = &doc["fusions"][0];
        assert_eq!(f["source"], "DRAGEN", "{f}");
        // PR 22,14 and SR 25,11 are ref,alt pairs: the alt counts, not the ref's 25.
        assert_eq!(f["split_reads"], 11, "{f}");
        assert_eq!(f["discordant_pairs"], 14, "{f}");
        let notes = f["notes"].to_string();
        assert!(
            notes.contains("read support from FORMAT/PR,SR of PT01-T"),
            "{notes}"
        );
    }
}
