//! Read-backed phasing: a cis compound (L1196M + G1202R on the same reads), a trans pair
//! (I1171N and F1174I on opposite haplotypes, seen only through read pairs), and a pair no
//! fragment spans (unknown).

#[path = "common/bam_cnv.rs"]
mod bam_cnv;
mod common;

use std::path::{Path, PathBuf};

use alkres::detect::phasing::{phase_pairs, Phase, PhaseCall, PhasingVariant};
use alkres::genome::Build;
use bam_cnv::{pair, with_changes, write_bam, Bases, Read, GRCH38};
use common::alkres;
use serde_json::Value;

// GRCh38 chr2, plus strand (ALK is on the minus strand): c.3586C>A, c.3604G>A, c.3512T>A,
// c.3520T>A.
const L1196M: (u64, u8) = (29_220_765, b'T');
const G1202R: (u64, u8) = (29_220_747, b'T');
const I1171N: (u64, u8) = (29_222_347, b'T');
const F1174I: (u64, u8) = (29_220_831, b'T');

fn variants() -> Vec<PhasingVariant> {
    vec![
        PhasingVariant::new("chr2", L1196M.0, "G", "T", "L1196M"),
        PhasingVariant::new("chr2", G1202R.0, "C", "T", "G1202R"),
        PhasingVariant::new("chr2", I1171N.0, "A", "T", "I1171N"),
        PhasingVariant::new("chr2", F1174I.0, "A", "T", "F1174I"),
    ]
}

type Changes<'a> = &'a [(u64, u8)];

fn fragment(
    bases: &Bases,
    name: &str,
    (pos1, changes1): (u64, &[(u64, u8)]),
    (pos2, changes2): (u64, &[(u64, u8)]),
) -> [Read; 2] {
    pair(
        name,
        "chr2",
        (pos1, with_changes(bases, "2", pos1, 100, changes1)),
        (pos2, with_changes(bases, "2", pos2, 100, changes2)),
    )
}

/// Exon 23 pairs for L1196M/G1202R (mate 1 reads both, 18 bp apart): 20 carry both, 40
/// neither. Exon 22/23 pairs for I1171N/F1174I (mate 1 reads c.3512 in exon 22, mate 2 reads
/// c.3520 in exon 23, 1.5 kb away): 15 carry I1171N alone, 15 F1174I alone, 30 neither, and
/// 10 low-MAPQ pairs carry both.
fn phasing_bam(dir: &Path) -> PathBuf {
    let bases = Bases::new(Build::GRCh38);
    let mut reads = Vec::new();
    for i in 0..60 {
        let changes: &[(u64, u8)] = if i < 20 { &[L1196M, G1202R] } else { &[] };
        reads.extend(fragment(
            &bases,
            &format!("cis{i}"),
            (29_220_700, changes),
            (29_221_100, &[]),
        ));
    }
    for i in 0..70 {
        let (m1, m2): (Changes, Changes) = match i {
            0..15 => (&[I1171N], &[]),
            15..30 => (&[], &[F1174I]),
            30..60 => (&[], &[]),
            _ => (&[I1171N], &[F1174I]),
        };
        let mut frag = fragment(
            &bases,
            &format!("tr{i}"),
            (29_222_300, m1),
            (29_220_780, m2),
        );
        if i >= 60 {
            for r in &mut frag {
                r.mapq = 0;
            }
        }
        reads.extend(frag);
    }
    write_bam(&dir.join("phase.bam"), &GRCH38, "PHASE", &reads)
}

fn find<'a>(calls: &'a [PhaseCall], a: &str, b: &str) -> &'a PhaseCall {
    calls
        .iter()
        .find(|c| c.first == a && c.second == b)
        .unwrap_or_else(|| panic!("no pair {a}/{b}"))
}

#[test]
fn cis_trans_and_unknown_with_their_counts() {
    let dir = tempfile::tempdir().unwrap();
    let bam = phasing_bam(dir.path());
    let calls = phase_pairs(&bam, None, &variants(), 20).unwrap();
    assert_eq!(calls.len(), 6, "every pair");

    let cis = find(&calls, "L1196M", "G1202R");
    assert_eq!(cis.call, Phase::Cis, "{}", cis.reason);
    assert_eq!((cis.fragments.both, cis.fragments.neither), (20, 40));
    assert_eq!(
        (cis.fragments.first_only, cis.fragments.second_only),
        (0, 0)
    );
    assert_eq!(
        (cis.reads.both, cis.reads.neither),
        (20, 40),
        "one read spans both"
    );

    let trans = find(&calls, "I1171N", "F1174I");
    assert_eq!(trans.call, Phase::Trans, "{}", trans.reason);
    assert_eq!(trans.fragments.both, 0);
    assert_eq!(trans.fragments.first_only, 15);
    assert_eq!(trans.fragments.second_only, 15);
    assert_eq!(trans.fragments.neither, 30);
    assert_eq!(
        trans.reads.both + trans.reads.first_only + trans.reads.neither,
        0,
        "only mates span 1.5 kb"
    );

    let unknown = find(&calls, "G1202R", "I1171N");
    assert_eq!(unknown.call, Phase::Unknown);
    assert_eq!(unknown.fragments.both + unknown.fragments.neither, 0);
    assert!(calls.iter().all(|c| c.rule.contains("80%")));
}

#[test]
fn low_mapq_reads_are_left_out_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let bam = phasing_bam(dir.path());
    let calls = phase_pairs(&bam, None, &variants(), 0).unwrap();
    let pair = find(&calls, "I1171N", "F1174I");
    // 10 low-MAPQ pairs carry both: 10 of 25 carriers is neither cis nor trans.
    assert_eq!(pair.fragments.both, 10);
    assert_eq!(pair.call, Phase::Unknown, "{}", pair.reason);
}

#[test]
fn variants_on_contigs_the_bam_lacks_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let bam = phasing_bam(dir.path());
    let mut v = variants();
    v.push(PhasingVariant::new("chrUn_x", 10, "A", "T", "X"));
    let err = phase_pairs(&bam, None, &v, 20).unwrap_err();
    assert_eq!(err.exit_code(), 3);
    assert!(err.to_string().contains("chrUn_x"), "{err}");
}

#[test]
fn alkres_cnv_phases_the_detected_hotspots() {
    let dir = tempfile::tempdir().unwrap();
    let bam = phasing_bam(dir.path());
    let out = dir.path().join("out");
    alkres()
        .args(["cnv", "-b"])
        .arg(&bam)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("PHASE.alkres.grch38.cnv.json")).unwrap(),
    )
    .unwrap();
    let phasing = &json["phasing"];
    let labels: Vec<&str> = phasing["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["label"].as_str().unwrap())
        .collect();
    for l in ["L1196M", "G1202R", "I1171N", "F1174I"] {
        assert!(labels.contains(&l), "{l} detected and phased: {labels:?}");
    }
    let result = |a: &str, b: &str| {
        phasing["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                (r["first"] == a && r["second"] == b) || (r["first"] == b && r["second"] == a)
            })
            .unwrap()
            .clone()
    };
    assert_eq!(result("L1196M", "G1202R")["call"], "cis");
    assert_eq!(result("I1171N", "F1174I")["call"], "trans");
    let tsv = std::fs::read_to_string(out.join("PHASE.alkres.grch38.phasing.tsv")).unwrap();
    assert!(tsv.starts_with("sample\tfirst\tsecond\tcall\tfragments_both"));
    assert!(tsv
        .lines()
        .any(|l| l.contains("L1196M") && l.contains("G1202R") && l.contains("\tcis\t")));
}
