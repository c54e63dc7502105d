//! `alkres batch` on a sheet with patients: the resistance timeline per patient, on the
//! generated example (test-data/timeline/make_timeline.py). Expectations about drugs come from
//! the shipped KB and the per-sample verdicts batch writes, not from a list typed here.

#[path = "common/bam_cnv.rs"]
mod bam_cnv;
mod common;

use std::path::Path;

use bam_cnv::{pair, with_changes, write_bam, Bases, Read, GRCH38};
use common::{alkres, fixture};
use serde_json::Value;

fn run_batch(sheet: &Path, out: &Path) {
    alkres()
        .args(["batch", "-O", "v", "--build", "GRCh38", "--samplesheet"])
        .arg(sheet)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn track<'a>(t: &'a Value, label: &str) -> &'a Value {
    t["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["label"] == label)
        .unwrap_or_else(|| panic!("no track {label} in {:#}", t["tracks"]))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Drugs the shipped KB calls resistant for one alteration, with the PMID of each citation.
fn kb_resistant(alteration: &str) -> Vec<(String, String)> {
    let read =
        |name: &str| std::fs::read_to_string(fixture(&format!("resources/kb/{name}"))).unwrap();
    let citations = read("citations.tsv");
    let pmid = |id: &str| {
        citations
            .lines()
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .find(|f| f[0] == id)
            .map(|f| format!("PMID:{}", f[1]))
            .unwrap_or_else(|| panic!("citation {id} not in citations.tsv"))
    };
    read("calls.tsv")
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[0] == alteration && f[2] == "resistant")
        .map(|f| (f[1].to_string(), pmid(f[5])))
        .collect()
}

#[test]
fn three_timepoints_acquired_compound_and_remaining_drugs() {
    let dir = tempfile::tempdir().unwrap();
    run_batch(&fixture("test-data/timeline/samples.csv"), dir.path());
    let t = json(&dir.path().join("PT1.alkres.timeline.json"));
    let order: Vec<&str> = t["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sample"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["PT1_T0", "PT1_T1", "PT1_T2"]);
    // prior_tkis inferred from the sequence of tki_since_previous.
    assert_eq!(
        strings(&t["samples"][2]["prior_tkis"]),
        ["alectinib", "lorlatinib"]
    );

    let fusion = t["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["label"].as_str().unwrap().starts_with("EML4-ALK V3"))
        .expect("the V3 fusion is traced");
    assert_eq!(fusion["origin"], "pre_existing");

    let g1202r = track(&t, "ALK G1202R");
    assert_eq!(g1202r["origin"], "acquired");
    assert_eq!(g1202r["acquired_under"], "alectinib");
    assert_eq!(g1202r["first_detected"], "PT1_T1");
    assert_eq!(g1202r["points"][0]["status"], "not_detected");
    assert!((g1202r["points"][1]["value"].as_f64().unwrap() - 0.08).abs() < 1e-9);
    assert_eq!(g1202r["points"][1]["alt_count"], 40);
    assert_eq!(track(&t, "ALK L1196M")["acquired_under"], "lorlatinib");
    let compound = track(&t, "ALK G1202R + ALK L1196M (in cis)");
    assert_eq!(compound["acquired_under"], "lorlatinib");
    // No copy-number input before T2: when MET was amplified cannot be told (it was called
    // "acquired under lorlatinib" with nothing to compare against).
    let met = track(&t, "MET amplification");
    assert_eq!(met["origin"], "undetermined");
    assert_eq!(met["acquired_under"], Value::Null);
    assert_eq!(met["points"][2]["value"], 9.0);
    assert_eq!(
        met["points"][0]["status"], "not_assessed",
        "no CNV input at T0"
    );

    // The compound path: G1202R after alectinib, then G1202R + L1196M in cis after lorlatinib.
    let path = &t["compound_paths"][0]["steps"];
    assert_eq!(path.as_array().unwrap().len(), 2, "{path:#}");
    assert_eq!(path[0]["sample"], "PT1_T1");
    assert_eq!(path[0]["after"], "alectinib");
    assert_eq!(strings(&path[0]["present"]), ["ALK G1202R"]);
    assert_eq!(path[0]["in_cis"], false);
    assert_eq!(path[1]["after"], "lorlatinib");
    assert_eq!(path[1]["in_cis"], true);

    // Ruled out in order: what the T1 verdict calls resistant first (G1202R's KB drugs that
    // were not resistant at T0), then lorlatinib at T2 because of the compound, as the KB says.
    let ruled = t["verdict"]["ruled_out"].as_array().unwrap();
    let at = |sample: &str| -> Vec<String> {
        ruled
            .iter()
            .filter(|r| r["at_sample"] == sample)
            .map(|r| r["drug"].as_str().unwrap().to_string())
            .collect()
    };
    let mut g1202r_kb: Vec<String> = kb_resistant("ALK:G1202R")
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    g1202r_kb.dedup();
    let mut at_t1 = at("PT1_T1");
    at_t1.sort();
    g1202r_kb.sort();
    g1202r_kb.dedup();
    assert_eq!(
        at_t1, g1202r_kb,
        "T1 rules out exactly the KB's G1202R-resistant drugs"
    );
    assert!(
        ruled.iter().position(|r| r["at_sample"] == "PT1_T1")
            < ruled.iter().position(|r| r["at_sample"] == "PT1_T2")
    );
    let compound_kb = kb_resistant("ALK:L1196M+G1202R");
    assert!(
        compound_kb.iter().any(|(d, _)| d == "lorlatinib"),
        "the shipped KB calls the compound lorlatinib-resistant"
    );
    let lorlatinib = ruled
        .iter()
        .find(|r| r["drug"] == "lorlatinib")
        .expect("lorlatinib ruled out");
    assert_eq!(lorlatinib["at_sample"], "PT1_T2");
    assert_eq!(lorlatinib["origin"], "acquired");
    assert!(strings(&lorlatinib["by"]).contains(&"ALK G1202R + ALK L1196M (in cis)".to_string()));
    let cited: Vec<String> = lorlatinib["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["citation"].as_str().unwrap().to_string())
        .collect();
    for (drug, citation) in compound_kb.iter().filter(|(d, _)| d == "lorlatinib") {
        assert!(cited.contains(citation), "{drug}: {citation} in {cited:?}");
    }

    // Months on treatment from the sheet's dates (no months_on_treatment column): alectinib
    // from PT1_T0 (2023-01-10) to PT1_T1 (2024-03-05) is 420 days, acquired resistance; the
    // index-ordered PT2 has no dates, so its timing stays undetermined.
    let resistance = |name: &str| {
        json(&dir.path().join(format!("{name}.alkres.grch38.json")))["verdict"]["resistance"]
            .clone()
    };
    let t1 = resistance("PT1_T1");
    assert_eq!(t1["kind"], "acquired", "{t1}");
    let reason = t1["reason"].as_str().unwrap();
    assert!(reason.contains("13.8 months on alectinib"), "{reason}");
    assert!(
        reason.contains("inferred from the sheet's dates"),
        "{reason}"
    );
    assert_eq!(resistance("PT2_B")["kind"], "undetermined");

    // Remaining: what the latest per-sample verdict does not call resistant.
    let latest = json(&dir.path().join("PT1_T2.alkres.grch38.json"));
    let mut expected: Vec<String> = latest["verdict"]["drugs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["call"] != "resistant")
        .map(|d| d["drug"].as_str().unwrap().to_string())
        .collect();
    let mut remaining: Vec<String> = t["verdict"]["remaining"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["drug"].as_str().unwrap().to_string())
        .collect();
    expected.sort();
    remaining.sort();
    assert_eq!(remaining, expected);
    assert!(
        !remaining.is_empty(),
        "the KB has drugs active against the compound"
    );
    assert!(!remaining.contains(&"lorlatinib".to_string()));

    // TSV: one row per alteration × sample; MultiQC: one row per patient.
    let tsv = std::fs::read_to_string(dir.path().join("PT1.alkres.timeline.tsv")).unwrap();
    let rows = tsv.lines().filter(|l| !l.starts_with('#')).count() - 1;
    assert_eq!(rows, t["tracks"].as_array().unwrap().len() * 3);
    let mqc = std::fs::read_to_string(dir.path().join("patients.alkres_timeline_mqc.tsv")).unwrap();
    let patients: Vec<&str> = mqc
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(patients, ["PT1", "PT2"]);

    let html = std::fs::read_to_string(dir.path().join("PT1.alkres.timeline.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("ALK G1202R + ALK L1196M (in cis)"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
}

#[test]
fn low_vaf_g1202r_at_baseline_is_pre_existing_and_a_primary_resistance_factor() {
    let dir = tempfile::tempdir().unwrap();
    run_batch(&fixture("test-data/timeline/samples.csv"), dir.path());
    let t = json(&dir.path().join("PT2.alkres.timeline.json"));
    assert_eq!(t["ordered_by"], "index");
    let g1202r = track(&t, "ALK G1202R");
    assert_eq!(g1202r["origin"], "pre_existing");
    assert!((g1202r["points"][0]["value"].as_f64().unwrap() - 0.03).abs() < 1e-9);
    // The first TKI given is alectinib, and the KB calls G1202R alectinib-resistant.
    assert!(kb_resistant("ALK:G1202R")
        .iter()
        .any(|(d, _)| d == "alectinib"));
    assert_eq!(g1202r["primary_resistance_factor"], true);
    assert_eq!(
        strings(&t["verdict"]["primary_resistance_factors"]),
        ["ALK G1202R"]
    );
    let alectinib = t["verdict"]["ruled_out"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["drug"] == "alectinib")
        .unwrap();
    assert_eq!(alectinib["at_sample"], "PT2_A");
    assert_eq!(alectinib["origin"], "pre_existing");
}

/// 400 read pairs over ALK exon 23 on GRCh38, `alt` of them carrying G1202R.
fn g1202r_bam(dir: &Path, alt: usize) -> std::path::PathBuf {
    let bases = Bases::new(alkres::genome::Build::GRCh38);
    let mut reads: Vec<Read> = Vec::new();
    for i in 0..400 {
        let changes: Vec<(u64, u8)> = if i < alt {
            vec![(29_220_747, b'T')]
        } else {
            vec![]
        };
        let mate1 = (
            29_220_700,
            with_changes(&bases, "2", 29_220_700, 100, &changes),
        );
        let mate2 = (29_221_000, bases.get("2", 29_221_000, 100));
        reads.extend(pair(&format!("p{i}"), "chr2", mate1, mate2));
    }
    write_bam(&dir.join("PT1_T0.bam"), &GRCH38, "PT1_T0", &reads)
}

#[test]
fn a_later_finding_is_rechecked_in_the_earlier_bam_with_its_counts() {
    let dir = tempfile::tempdir().unwrap();
    let bam = g1202r_bam(dir.path(), 2);
    let data = fixture("test-data/timeline");
    let sheet = format!(
        "sample,patient,timepoint,date,tki_since_previous,vcf,arriba,cnv,bam\n\
         PT1_T0,PT1,baseline,2023-01-10,,{d}/PT1_T0.vcf,{d}/PT1_T0.arriba.tsv,,{bam}\n\
         PT1_T1,PT1,progression,2024-03-05,alectinib,{d}/PT1_T1.vcf,{d}/PT1_T1.arriba.tsv,,\n",
        d = data.display(),
        bam = bam.display()
    );
    let sheet_path = dir.path().join("sheet.csv");
    std::fs::write(&sheet_path, sheet).unwrap();
    let out = dir.path().join("out");
    run_batch(&sheet_path, &out);
    let t = json(&out.join("PT1.alkres.timeline.json"));
    let g1202r = track(&t, "ALK G1202R");
    let recheck = &g1202r["points"][0]["recheck"];
    assert_eq!(recheck["alt_count"], 2, "{recheck:#}");
    assert_eq!(recheck["depth"], 400);
    assert_eq!(
        recheck["detected"], false,
        "2 of 400 is below the 3-read threshold"
    );
    assert_eq!(
        g1202r["origin"], "acquired",
        "traces below detection do not make it pre-existing"
    );
    assert!(g1202r["points"][0]["detail"]
        .as_str()
        .unwrap()
        .contains("2 of 400"));
}

#[test]
fn sheet_errors_name_the_line_and_samples_without_patient_behave_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture("test-data/timeline");
    let d = data.display();
    let cases = [
        (
            format!("sample,patient,date,vcf\nA,P,2024-01-01,{d}/PT2_A.vcf\nB,P,2024-01-01,{d}/PT2_B.vcf\n"),
            "line 3",
            "2024-01-01",
        ),
        (
            format!("sample,patient,date,vcf\nA,P,2024-01-01,{d}/PT2_A.vcf\nB,P,2024-02-30,{d}/PT2_B.vcf\n"),
            "line 3",
            "2024-02-30",
        ),
        (
            format!("sample,patient,index,vcf\nA,P,1,{d}/PT2_A.vcf\nB,P,1,{d}/PT2_B.vcf\n"),
            "line 3",
            "#1",
        ),
    ];
    for (text, line, what) in cases {
        let sheet = dir.path().join("bad.csv");
        std::fs::write(&sheet, &text).unwrap();
        let out = dir.path().join("bad-out");
        let output = alkres()
            .args(["batch", "--build", "GRCh38", "--samplesheet"])
            .arg(&sheet)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(3), "{text}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(line) && err.contains(what), "{err}");
        assert!(
            !out.exists() || common::files_in(&out).is_empty(),
            "nothing written"
        );
    }
    // No patient column: per-sample outputs only, no timeline.
    let sheet = dir.path().join("plain.csv");
    std::fs::write(&sheet, format!("sample,vcf\nPT2_A,{d}/PT2_A.vcf\n")).unwrap();
    let out = dir.path().join("plain-out");
    run_batch(&sheet, &out);
    let names: Vec<String> = common::files_in(&out)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n == "PT2_A.alkres.grch38.json"),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("timeline")), "{names:?}");
}

#[test]
fn input_strings_are_escaped_in_the_timeline_html() {
    let dir = tempfile::tempdir().unwrap();
    let d = fixture("test-data/timeline");
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        format!(
            "sample,patient,index,tki_since_previous,vcf\nPT2_A,P<i>x&y,1,,{d}/PT2_A.vcf\nPT2_B,P<i>x&y,2,alectinib,{d}/PT2_B.vcf\n",
            d = d.display()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    run_batch(&sheet, &out);
    let html = std::fs::read_to_string(out.join("P<i>x&y.alkres.timeline.html")).unwrap();
    assert!(html.contains("P&lt;i&gt;x&amp;y"));
    assert!(!html.contains("P<i>x"));
}

/// A baseline with RNA/SV calls only and a progression VCF: the progression's small variants
/// were never looked for at baseline, so they are not "acquired" (the timeline said
/// "acquired under alectinib" for a VCF-only finding whose baseline had no VCF; seen on
/// hmftools' COLO829 PURPLE VCF after a FusionCatcher-only baseline).
#[test]
fn a_finding_no_earlier_sample_could_show_is_not_called_acquired() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        format!(
            "sample,patient,date,vcf,sv,tki_since_previous\n\
             B,PT,2023-01-05,,{},\n\
             P,PT,2024-02-01,{},,alectinib\n",
            fixture("tests/bad_inputs/reserved-info-key-redefined.vcf").display(),
            fixture("test-data/example/P01.vcf.gz").display()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    run_batch(&sheet, &out);
    let t = json(&out.join("PT.alkres.timeline.json"));
    let g1202r = track(&t, "ALK G1202R");
    assert_eq!(g1202r["origin"], "undetermined", "{g1202r:#}");
    assert_eq!(g1202r["acquired_under"], Value::Null);
    assert_eq!(g1202r["points"][0]["status"], "not_assessed");
    // The fusion, seen at baseline, is still pre-existing.
    let fusion = t["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["label"].as_str().unwrap().starts_with("EML4-ALK"))
        .expect("the baseline fusion's track");
    assert_eq!(fusion["origin"], "pre_existing");
    let ruled = t["verdict"]["ruled_out"].as_array().unwrap();
    assert!(!ruled.is_empty());
    for r in ruled {
        assert_ne!(r["origin"], "acquired", "{r}");
    }
    let summary = t["verdict"]["summary"].as_str().unwrap();
    assert!(
        summary.contains("origin undetermined (not assessed before)"),
        "{summary}"
    );
}
