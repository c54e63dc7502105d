//! ALK fusions from SV calls: Manta (BND pairs, <INV> INV3/INV5), GRIDSS (o/h pairs,
//! single breakends), DELLY (<INV>/<TRA> with CT and CHR2, BND with POS2) and LUMPY (<INV> with
//! STRANDS, BND pairs), on both builds; the fixtures are written by
//! test-data/fusions/make_fusion_fixtures.py.

mod common;

use std::path::PathBuf;

use alkres::fusion::{detect, FusionInputs, FusionReport};
use alkres::genome::Build;
use alkres::report::FusionFinding;
use common::{alkres, bgzip, files_in, fixture, write_file};
use predicates::str::contains;

fn sv(name: &str) -> PathBuf {
    fixture(&format!("test-data/fusions/{name}"))
}

fn run(paths: &[PathBuf], build: Option<Build>, include_filtered: bool) -> FusionReport {
    let mut inputs = FusionInputs {
        sv_vcfs: paths.to_vec(),
        ..Default::default()
    };
    inputs.options.include_filtered = include_filtered;
    let mut reports = detect(&inputs, build, 2).expect("detect");
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

fn by_partner<'a>(r: &'a FusionReport, partner: &str) -> &'a FusionFinding {
    r.fusions
        .iter()
        .find(|f| f.partner == partner)
        .unwrap_or_else(|| panic!("no {partner} fusion in {:#?}", r.fusions))
}

fn skipped(r: &FusionReport, reason: &str) -> u64 {
    r.stats.inputs[0].skipped.get(reason).copied().unwrap_or(0)
}

#[test]
fn manta_breakend_pairs_grch38() {
    let r = run(&[sv("manta_somatic.grch38.vcf")], None, false);
    assert_eq!(r.build, Build::GRCh38);
    assert_eq!(r.sample, "TUMOR");
    assert_eq!(r.stats.inputs[0].caller.as_deref(), Some("Manta"));
    assert_eq!(r.stats.inputs[0].records_read, 9);
    assert_eq!(r.fusions.len(), 2, "{:#?}", r.fusions);
    let v1 = by_partner(&r, "EML4");
    assert_eq!(v1.variant.as_deref(), Some("V1 (E13;A20)"));
    assert_eq!(v1.alk_breakpoint.as_deref(), Some("chr2:29224100"));
    assert_eq!(v1.partner_breakpoint.as_deref(), Some("chr2:42297000"));
    assert_eq!((v1.split_reads, v1.discordant_pairs), (Some(11), Some(14)));
    assert!((v1.fusion_fraction.unwrap() - 25.0 / 72.0).abs() < 1e-9);
    assert_eq!(v1.source, "Manta");
    let kif5b = by_partner(&r, "KIF5B");
    assert_eq!(kif5b.variant.as_deref(), Some("E24;A20"));
    assert_eq!(kif5b.orientation.as_deref(), Some("5' KIF5B → 3' ALK"));
    assert_eq!(
        skipped(&r, "mate record of a breakend pair already reported"),
        2
    );
    assert_eq!(skipped(&r, "FILTER not PASS (use --include-filtered)"), 2);
    assert_eq!(
        skipped(&r, "both breakends in ALK (intragenic, not a fusion)"),
        1
    );
    assert_eq!(
        skipped(&r, "no breakend in ALK (not an ALK rearrangement)"),
        1
    );
    assert_eq!(
        skipped(&r, "insertion or copy-number record (no novel adjacency)"),
        1
    );
    let accounted: u64 =
        r.stats.inputs[0].skipped.values().sum::<u64>() + r.stats.fusions + r.stats.candidates;
    assert_eq!(accounted, 9, "every record is a fusion or a counted skip");

    // A non-PASS record is read with --include-filtered, as a candidate.
    let with_filtered = run(&[sv("manta_somatic.grch38.vcf")], None, true);
    assert!(with_filtered.fusions.iter().all(|f| f.partner != "TFG"));
    let tfg = with_filtered
        .candidates
        .iter()
        .find(|c| c.fusion.partner == "TFG")
        .unwrap();
    assert!(tfg
        .not_a_finding_because
        .iter()
        .any(|w| w.contains("FILTER is MinSomaticScore")));
    let tfg = &tfg.fusion;
    assert_eq!(tfg.variant.as_deref(), Some("E3;A20"));
    assert!(tfg
        .notes
        .iter()
        .any(|n| n.contains("FILTER=MinSomaticScore")));
    assert!(tfg.notes.iter().any(|n| n.contains("imprecise")));
}

#[test]
fn manta_inversion_grch37_reports_both_junctions_of_a_balanced_inversion() {
    let r = run(&[sv("manta_inversion.grch37.vcf")], None, false);
    assert_eq!(r.build, Build::GRCh37);
    // The reciprocal junction joins its fusion.
    assert_eq!(r.fusions.len(), 1, "{:#?}", r.fusions);
    assert!(r.candidates.is_empty(), "{:#?}", r.candidates);
    let productive: Vec<&FusionFinding> = r
        .fusions
        .iter()
        .filter(|f| f.kinase_domain_retained == Some(true))
        .collect();
    assert_eq!(productive.len(), 1);
    assert_eq!(productive[0].variant.as_deref(), Some("V2 (E20;A20)"));
    assert_eq!(productive[0].in_frame, Some(true));
    assert!(
        productive[0]
            .notes
            .iter()
            .any(|n| n.contains("reciprocal junction")),
        "{:?}",
        productive[0].notes
    );
}

#[test]
fn gridss_pairs_and_single_breakends_grch37() {
    let r = run(&[sv("gridss_somatic.grch37.vcf")], None, false);
    assert_eq!(r.stats.inputs[0].caller.as_deref(), Some("GRIDSS"));
    assert_eq!(r.sample, "COLO_T");
    assert_eq!(r.fusions.len(), 1);
    let v3 = &r.fusions[0];
    assert_eq!(v3.variant.as_deref(), Some("V3 (E6;A20)"));
    assert_eq!(v3.alk_breakpoint.as_deref(), Some("2:29447300"));
    assert_eq!((v3.split_reads, v3.discordant_pairs), (Some(9), Some(12)));
    // Tumour column: VF 21 against REF 20 + REFPAIR 10.
    assert!((v3.fusion_fraction.unwrap() - 21.0 / 51.0).abs() < 1e-9);
    assert_eq!(skipped(&r, "single breakend (no partner locus)"), 1);
    assert_eq!(
        skipped(&r, "mate record of a breakend pair already reported"),
        1
    );
    assert_eq!(
        skipped(&r, "no breakend in ALK (not an ALK rearrangement)"),
        2
    );
}

#[test]
fn delly_symbolic_alleles_with_ct_grch38() {
    let r = run(&[sv("delly.grch38.vcf")], None, false);
    assert_eq!(r.stats.inputs[0].caller.as_deref(), Some("DELLY"));
    assert_eq!(r.fusions.len(), 3, "{:#?}", r.fusions);
    let v5 = by_partner(&r, "EML4");
    assert_eq!(v5.variant.as_deref(), Some("V5a (E2;A20)"));
    assert_eq!((v5.split_reads, v5.discordant_pairs), (Some(9), Some(14)));
    assert!((v5.fusion_fraction.unwrap() - 23.0 / 78.0).abs() < 1e-9);
    let kif5b = by_partner(&r, "KIF5B");
    assert_eq!(kif5b.partner_breakpoint.as_deref(), Some("chr10:32016500"));
    assert_eq!(kif5b.variant.as_deref(), Some("E24;A20"));
    assert_eq!(by_partner(&r, "TFG").variant.as_deref(), Some("E3;A20"));
    assert_eq!(skipped(&r, "FILTER not PASS (use --include-filtered)"), 1);
    assert_eq!(
        skipped(&r, "no breakend in ALK (not an ALK rearrangement)"),
        1
    );
}

#[test]
fn lumpy_inversion_from_snpeff_needs_build_and_names_v1() {
    let path = sv("lumpy_snpeff_excerpt.hg19.vcf");
    let mut inputs = FusionInputs {
        sv_vcfs: vec![path.clone()],
        ..Default::default()
    };
    let err = detect(&inputs, None, 1).unwrap_err();
    assert_eq!(err.exit_code(), 4, "{err}");
    assert!(err.to_string().contains("pass --build"), "{err}");
    inputs.sample = Some("HDC134P".into());
    let r = detect(&inputs, Some(Build::GRCh37), 1).unwrap().remove(0);
    assert_eq!(r.fusions.len(), 1);
    let v1 = &r.fusions[0];
    assert_eq!(v1.variant.as_deref(), Some("V1 (E13;A20)"));
    assert_eq!((v1.partner_exon, v1.alk_exon), (Some(13), Some(20)));
    assert_eq!(v1.discordant_pairs, Some(413));
    assert!(v1.notes.iter().any(|n| n.contains("LUMPY STRANDS")));
    assert_eq!(
        skipped(&r, "both breakends in ALK (intragenic, not a fusion)"),
        1
    );
    assert_eq!(
        skipped(&r, "no breakend in ALK (not an ALK rearrangement)"),
        3
    );
}

#[test]
fn lumpy_breakend_pair_grch38_with_allele_balance() {
    let r = run(&[sv("lumpy_bnd.grch38.vcf")], None, false);
    let f = by_partner(&r, "KIF5B");
    assert_eq!((f.split_reads, f.discordant_pairs), (Some(6), Some(11)));
    assert_eq!(f.fusion_fraction, Some(0.31));
    assert_eq!(
        f.alk_breakpoint.as_deref(),
        Some("chr2:29224600"),
        "the ALK-side record is kept"
    );
    assert_eq!(
        skipped(&r, "mate record of a breakend pair already reported"),
        1
    );
}

#[test]
fn several_callers_in_one_run_and_bgzipped_input() {
    let dir = tempfile::tempdir().unwrap();
    let manta = std::fs::read(sv("manta_somatic.grch38.vcf")).unwrap();
    let gz = write_file(dir.path(), "manta.vcf.gz", &bgzip(&manta));
    let out = dir.path().join("out");
    alkres()
        .args(["fusions", "-s", "P7", "--sv"])
        .arg(&gz)
        .arg("--sv")
        .arg(sv("delly.grch38.vcf"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("P7: 5 fusion(s) on GRCh38"));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("P7.alkres.grch38.fusions.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["fusions"].as_array().unwrap().len(), 5);
    assert_eq!(json["stats"]["inputs"].as_array().unwrap().len(), 2);
    assert_eq!(json["stats"]["inputs"][0]["caller"], "Manta");
    assert_eq!(json["stats"]["inputs"][1]["caller"], "DELLY");
    let tsv = std::fs::read_to_string(out.join("P7.alkres.grch38.fusions.tsv")).unwrap();
    assert_eq!(tsv.lines().count(), 6);
}

#[test]
fn builds_of_sv_files_must_agree() {
    let inputs = FusionInputs {
        sv_vcfs: vec![
            sv("manta_somatic.grch38.vcf"),
            sv("gridss_somatic.grch37.vcf"),
        ],
        sample: Some("X".into()),
        ..Default::default()
    };
    let err = detect(&inputs, None, 1).unwrap_err();
    assert_eq!(err.exit_code(), 4);
    assert!(err.to_string().contains("different builds"), "{err}");
}

fn bad_sv(record: &str, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sv("manta_somatic.grch38.vcf")).unwrap();
    let header_lines = text.lines().filter(|l| l.starts_with('#')).count();
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .take(2)
        .map(|l| format!("{l}\n"))
        .collect();
    let header: String = text
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let input = format!("{header}{body}{record}\n");
    let path = write_file(dir.path(), "bad.vcf", input.as_bytes());
    let out = dir.path().join("out");
    alkres()
        .args(["fusions", "--sv"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(contains("bad.vcf"))
        .stderr(contains(format!("line {}", header_lines + 3)))
        .stderr(contains(message));
    assert!(files_in(&out).is_empty());
}

#[test]
fn malformed_sv_records_name_file_and_line() {
    bad_sv(
        "chr2\tx\t.\tN\t<INV>\t.\tPASS\tSVTYPE=INV;END=5\tPR:SR\t1,0:1,0\t1,1:1,1",
        "POS 'x' is not a number",
    );
    bad_sv(
        "chr2\t29224100\tb1\tG\tG]chr2:4229x]\t.\tPASS\tSVTYPE=BND\tPR:SR\t1,0:1,0\t1,1:1,1",
        "bad mate position",
    );
    bad_sv(
        "chr2\t29224100\tb1\tG\t<INV>\t.\tPASS\tSVTYPE=INV\tPR:SR\t1,0:1,0\t1,1:1,1",
        "<INV> without END",
    );
    bad_sv(
        "chr2\t29224100\tb1\tG",
        "expected at least 8 tab-separated columns",
    );
}
