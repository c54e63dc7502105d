//! ALK fusions from RNA fusion callers: Arriba fusions.tsv (with and without direction
//! columns) and STAR-Fusion predictions (abridged, and with the coding-effect column).

mod common;

use std::path::PathBuf;

use alkres::fusion::{detect, FusionInputs, FusionReport};
use alkres::genome::Build;
use common::{alkres, files_in, fixture, write_file};
use predicates::str::contains;

fn data(name: &str) -> PathBuf {
    fixture(&format!("test-data/fusions/{name}"))
}

fn run(inputs: FusionInputs, build: Build) -> FusionReport {
    let mut reports = detect(&inputs, Some(build), 2).expect("detect");
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

#[test]
fn arriba_grch38_names_v1_v3a_and_the_reciprocal() {
    let r = run(
        FusionInputs {
            arriba: vec![data("arriba_fusions.grch38.tsv")],
            ..Default::default()
        },
        Build::GRCh38,
    );
    assert_eq!(r.sample, "arriba_fusions.grch38");
    assert_eq!(r.stats.inputs[0].records_read, 4);
    assert_eq!(r.stats.inputs[0].skipped.get("not an ALK fusion"), Some(&1));
    // The reciprocal ALK → EML4 junction joins V1 (the same event), it is no fusion of its own.
    assert_eq!(r.fusions.len(), 2, "{:#?}", r.fusions);
    assert!(r.candidates.is_empty(), "{:#?}", r.candidates);
    let v1 = r
        .fusions
        .iter()
        .find(|f| f.variant.as_deref() == Some("V1 (E13;A20)"))
        .unwrap();
    assert_eq!((v1.split_reads, v1.discordant_pairs), (Some(56), Some(40)));
    assert_eq!(v1.in_frame, Some(true));
    assert_eq!(v1.source, "Arriba");
    assert!(v1.notes.iter().any(|n| n == "Arriba confidence: high"));
    let v3a = r
        .fusions
        .iter()
        .find(|f| f.partner_exon == Some(6))
        .unwrap();
    assert_eq!(v3a.variant.as_deref(), Some("V3a (E6a;A20)"));
    assert!(
        v1.notes
            .iter()
            .any(|n| n.contains("reciprocal junction ALK chr2:29225461")),
        "{:?}",
        v1.notes
    );
}

#[test]
fn arriba_without_direction_columns_uses_the_strands() {
    let r = run(
        FusionInputs {
            arriba: vec![data("arriba_fusions_no_direction.grch37.tsv")],
            ..Default::default()
        },
        Build::GRCh37,
    );
    let f = &r.fusions[0];
    assert_eq!(f.partner, "KLC1");
    assert_eq!((f.partner_exon, f.alk_exon), (Some(9), Some(20)));
    assert_eq!(f.variant.as_deref(), Some("E9;A20"));
    assert_eq!(f.orientation.as_deref(), Some("5' KLC1 → 3' ALK"));
    assert_eq!(
        f.in_frame,
        Some(true),
        "no KLC1 CDS: Arriba's reading frame is used"
    );
    assert!(f.notes.iter().any(|n| n.contains("as reported by Arriba")));
}

#[test]
fn star_fusion_abridged_grch38() {
    let r = run(
        FusionInputs {
            star_fusion: vec![data("star-fusion.fusion_predictions.abridged.grch38.tsv")],
            sample: Some("LUNG1".into()),
            ..Default::default()
        },
        Build::GRCh38,
    );
    assert_eq!(r.fusions.len(), 2);
    let eml4 = r.fusions.iter().find(|f| f.partner == "EML4").unwrap();
    assert_eq!(eml4.variant.as_deref(), Some("V1 (E13;A20)"));
    assert_eq!(
        (eml4.split_reads, eml4.discordant_pairs),
        (Some(54), Some(40))
    );
    assert_eq!(eml4.source, "STAR-Fusion");
    let kif5b = r.fusions.iter().find(|f| f.partner == "KIF5B").unwrap();
    assert_eq!((kif5b.partner_exon, kif5b.alk_exon), (Some(24), Some(20)));
    assert_eq!(kif5b.variant.as_deref(), Some("E24;A20"));
    assert_eq!(r.stats.inputs[0].skipped.get("not an ALK fusion"), Some(&1));
}

#[test]
fn star_fusion_coding_effect_grch37() {
    let r = run(
        FusionInputs {
            star_fusion: vec![data("star-fusion.abridged.coding_effect.grch37.tsv")],
            ..Default::default()
        },
        Build::GRCh37,
    );
    let f = &r.fusions[0];
    assert_eq!(f.variant.as_deref(), Some("V2 (E20;A20)"));
    assert_eq!(f.in_frame, Some(true));
    assert_eq!(f.alk_breakpoint.as_deref(), Some("chr2:29446394"));
}

#[test]
fn arriba_and_star_fusion_together_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    alkres()
        .args(["fusions", "--build", "GRCh38", "-s", "RNA7", "--arriba"])
        .arg(data("arriba_fusions.grch38.tsv"))
        .arg("--star-fusion")
        .arg(data("star-fusion.fusion_predictions.abridged.grch38.tsv"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let tsv = std::fs::read_to_string(out.join("RNA7.alkres.grch38.fusions.tsv")).unwrap();
    // Arriba: V1 (its reciprocal joined) and V3a; STAR-Fusion: two.
    assert_eq!(tsv.lines().count(), 1 + 2 + 2);
    assert!(tsv.lines().skip(1).all(|l| l.contains("\tfinding\t")));
    assert!(tsv.contains("\tV3a (E6a;A20)\t"));
}

#[test]
fn a_file_on_the_other_build_is_a_build_mismatch() {
    // GRCh37 STAR-Fusion coordinates read as GRCh38: EML4 is not where the caller says.
    let err = detect(
        &FusionInputs {
            star_fusion: vec![data("star-fusion.abridged.coding_effect.grch37.tsv")],
            ..Default::default()
        },
        Some(Build::GRCh38),
        1,
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 4, "{err}");
    assert!(
        err.to_string().contains("names EML4 at chr2:42552694"),
        "{err}"
    );
    // TSVs carry no build: without --build the run stops.
    let err = detect(
        &FusionInputs {
            arriba: vec![data("arriba_fusions.grch38.tsv")],
            ..Default::default()
        },
        None,
        1,
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 4);
}

#[test]
fn malformed_caller_tables_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let cases: [(&str, &str, &str, &str); 4] = [
        ("--arriba", "empty.tsv", "", "empty file"),
        ("--arriba", "notarriba.tsv", "a\tb\tc\n1\t2\t3\n", "lacks column(s) gene1"),
        (
            "--arriba",
            "badbp.tsv",
            "#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\tdirection1\tdirection2\nEML4\tALK\t+/+\t-/-\tchr2:4229551x\tchr2:29223528\tdownstream\tdownstream\n",
            "line 2: breakpoint1 'chr2:4229551x' is not chrom:pos",
        ),
        (
            "--star-fusion",
            "nostrand.tsv",
            "#FusionName\tJunctionReadCount\tSpanningFragCount\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint\nEML4--ALK\t5\t3\tEML4^X\tchr2:42295516\tALK^Y\tchr2:29223528:-\n",
            "line 2: LeftBreakpoint 'chr2:42295516' has no strand",
        ),
    ];
    for (option, name, content, message) in cases {
        let path = write_file(dir.path(), name, content.as_bytes());
        alkres()
            .args(["fusions", "--build", "GRCh38", option])
            .arg(&path)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(3)
            .stderr(contains(name))
            .stderr(contains(message));
    }
    assert!(files_in(&out).is_empty());
}
