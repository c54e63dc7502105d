//! Hotspot genotyping from the BAM: a 2% G1202R (10 of 500 read pairs) that a variant caller
//! might filter out is reported, flagged BAM-genotyped, with its counts and threshold.

#[path = "common/bam_cnv.rs"]
mod bam_cnv;
mod common;

use std::path::{Path, PathBuf};

use alkres::detect::hotspots::{
    genotype_hotspots, genotype_hotspots_with, genotype_hotspots_with_normal, place_hotspots,
    DetectionThreshold, HotspotCount, HotspotOptions,
};
use alkres::genome::{Build, KnownSequence};
use alkres::kb::KnowledgeBase;
use alkres::transcript::TranscriptSet;
use bam_cnv::{pair, with_changes, write_bam, Bases, Read, GRCH38};
use common::alkres;
use serde_json::Value;

/// GRCh38 chr2 positions (plus strand) of c.3604 (G1202R, C>T) and c.3586 (L1196M, G>T).
const G1202R: (u64, u8) = (29_220_747, b'T');
const L1196M: (u64, u8) = (29_220_765, b'T');

/// 500 read pairs over ALK exon 23: 10 carry G1202R, 1 carries L1196M, 3 have a low-quality
/// base in the G1202 codon, 2 have mates that disagree at G1202.
fn hotspot_bam(dir: &Path) -> PathBuf {
    let bases = Bases::new(Build::GRCh38);
    let mut reads: Vec<Read> = Vec::new();
    for i in 0..500 {
        let changes: Vec<(u64, u8)> = match i {
            0..10 => vec![G1202R],
            10 => vec![L1196M],
            _ => vec![],
        };
        let mate1 = (
            29_220_700,
            with_changes(&bases, "2", 29_220_700, 100, &changes),
        );
        let mate2 = (29_221_000, bases.get("2", 29_221_000, 100));
        let [mut r1, r2] = pair(&format!("p{i}"), "chr2", mate1, mate2);
        if (11..14).contains(&i) {
            // A low-quality base: the codon is unreadable, not a reference call.
            r1.qual = 5;
        }
        reads.push(r1);
        reads.push(r2);
    }
    for i in 0..2 {
        // Overlapping mates that disagree: counted as ambiguous, not in the depth.
        let m1 = (
            29_220_700,
            with_changes(&bases, "2", 29_220_700, 100, &[G1202R]),
        );
        let m2 = (29_220_720, bases.get("2", 29_220_720, 100));
        reads.extend(pair(&format!("amb{i}"), "chr2", m1, m2));
    }
    write_bam(&dir.join("hotspot.bam"), &GRCH38, "HOT", &reads)
}

fn alk_hotspots() -> Vec<alkres::detect::hotspots::Hotspot> {
    let kb = KnowledgeBase::shipped().unwrap();
    let known = KnownSequence::shipped().unwrap();
    let set = TranscriptSet::shipped(Build::GRCh38, &known).unwrap();
    place_hotspots(&kb.hotspot_specs(), &set, "ALK")
}

fn by_label<'a>(counts: &'a [HotspotCount], label: &str) -> &'a HotspotCount {
    counts
        .iter()
        .find(|c| c.hotspot.label == label)
        .unwrap_or_else(|| panic!("no {label}"))
}

#[test]
fn low_fraction_g1202r_is_counted_and_detected() {
    let dir = tempfile::tempdir().unwrap();
    let bam = hotspot_bam(dir.path());
    let counts = genotype_hotspots(&bam, None, &alk_hotspots(), 20, 20).unwrap();
    let g1202r = by_label(&counts, "ALK:G1202R");
    assert_eq!(g1202r.alt_count, 10);
    assert_eq!(g1202r.depth, 500 - 3, "3 pairs with an unreadable codon");
    assert_eq!(g1202r.ref_count, 487);
    assert_eq!(g1202r.ambiguous, 2);
    assert!((g1202r.vaf.unwrap() - 10.0 / 497.0).abs() < 1e-6);
    assert!(g1202r.detected);
    assert_eq!(g1202r.alt_codon.as_deref(), Some("AGA"), "GGA>AGA");
    assert_eq!(g1202r.amino_acids["R"], 10);
    assert_eq!(g1202r.amino_acids["G"], 487);
    assert_eq!(g1202r.source, "BAM-genotyped");
    // Plus-strand bases at c.3604 (chr2:29220747): C reference, T alternate.
    assert_eq!(g1202r.bases[0].pos, 29_220_747);
    assert_eq!((g1202r.bases[0].c, g1202r.bases[0].t), (487, 10));

    let l1196m = by_label(&counts, "ALK:L1196M");
    assert_eq!(l1196m.alt_count, 1);
    assert!(!l1196m.detected, "one read pair is below the threshold");
    let g1202del = by_label(&counts, "ALK:G1202del");
    assert_eq!(g1202del.alt_count, 0);
    assert!(!g1202del.detected);
    // Positions without reads have no depth and no VAF.
    let g1269a = by_label(&counts, "ALK:G1269A");
    assert_eq!((g1269a.depth, g1269a.vaf), (0, None));
}

#[test]
fn the_detection_threshold_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let bam = hotspot_bam(dir.path());
    let options = HotspotOptions {
        min_mapq: 20,
        min_base_quality: 20,
        threshold: DetectionThreshold {
            min_alt: 3,
            min_vaf: 0.05,
            ..DetectionThreshold::default()
        },
    };
    let counts = genotype_hotspots_with(&bam, None, &alk_hotspots(), &options).unwrap();
    let g1202r = by_label(&counts, "ALK:G1202R");
    assert!(!g1202r.detected, "2% is below a 5% threshold");
    assert_eq!(g1202r.threshold.min_vaf, 0.05);
    // Base quality 0 reads every codon: the 3 low-quality pairs count again.
    let options = HotspotOptions {
        min_base_quality: 0,
        ..options
    };
    let counts = genotype_hotspots_with(&bam, None, &alk_hotspots(), &options).unwrap();
    assert_eq!(by_label(&counts, "ALK:G1202R").depth, 500);
}

#[test]
fn alkres_cnv_reports_every_kb_alk_position_flagged_bam_genotyped() {
    let dir = tempfile::tempdir().unwrap();
    let bam = hotspot_bam(dir.path());
    let out = dir.path().join("out");
    alkres()
        .args(["cnv", "-b"])
        .arg(&bam)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "1 BAM-genotyped ALK hotspot(s) detected",
        ));
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("HOT.alkres.grch38.cnv.json")).unwrap(),
    )
    .unwrap();
    let section = &json["hotspots"];
    assert_eq!(section["source"], "BAM-genotyped");
    assert_eq!(
        section["threshold"],
        ">= 3 alternate read pairs, VAF >= 0.01, binomial p < 0.0001 against the site's error \
         rate, strand p >= 0.001"
    );
    let results = section["results"].as_array().unwrap();
    assert_eq!(results.len(), alk_hotspots().len(), "every KB ALK position");
    let g1202r = results.iter().find(|r| r["label"] == "ALK:G1202R").unwrap();
    assert_eq!(g1202r["detected"], true);
    assert_eq!(g1202r["alt_count"], 10);
    assert_eq!(g1202r["source"], "BAM-genotyped");
    assert!(
        json["phasing"].is_null(),
        "one detected mutation: nothing to phase"
    );

    let tsv = std::fs::read_to_string(out.join("HOT.alkres.grch38.hotspots.tsv")).unwrap();
    let row = tsv.lines().find(|l| l.contains("ALK:G1202R")).unwrap();
    let fields: Vec<&str> = row.split('\t').collect();
    assert_eq!(fields[4], "29220747,29220746,29220745");
    assert_eq!(&fields[5..8], ["497", "487", "10"]);
    assert_eq!(fields[12], "true");
    assert_eq!(fields[14], "BAM-genotyped");
    // A normal variant record: plus-strand POS/REF/ALT (GGA>AGA on the minus-strand gene).
    assert_eq!(&fields[15..18], ["29220747", "C", "T"]);
    assert!(fields[18].ends_with(":c.3604G>A"), "{}", fields[18]);
    assert_eq!(fields[19], "p.Gly1202Arg");

    // A stricter threshold on the command line.
    let strict = dir.path().join("strict");
    alkres()
        .args(["cnv", "--hotspot-min-vaf", "0.05", "-b"])
        .arg(&bam)
        .arg("-o")
        .arg(&strict)
        .assert()
        .success();
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(strict.join("HOT.alkres.grch38.cnv.json")).unwrap(),
    )
    .unwrap();
    let g1202r = json["hotspots"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "ALK:G1202R")
        .unwrap()
        .clone();
    assert_eq!(g1202r["detected"], false);
}

#[test]
fn a_bam_genotyped_finding_is_written_in_the_runs_contig_naming() {
    // The BAM names its contigs `chr2`: the finding placed from the shipped coordinates
    // (canonical `2`) is written `chr2`, as a VCF finding of the same run would be.
    let dir = tempfile::tempdir().unwrap();
    let bam = hotspot_bam(dir.path());
    let out = dir.path().join("run");
    alkres()
        .args(["run", "-s", "HOT", "-b"])
        .arg(&bam)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("HOT.alkres.grch38.json")).unwrap())
            .unwrap();
    let g1202r = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["protein_short"] == "G1202R")
        .expect("G1202R genotyped from the BAM");
    assert_eq!(g1202r["source"], "BAM-genotyped");
    assert_eq!(g1202r["chrom"], "chr2");
}

/// Runs a shell pipeline; panics with its stderr on failure.
fn sh(script: &str) {
    let out = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Reads simulated by ART (HiSeq 2500 profile, 2x150) from `haplotypes` (FASTA text, fold),
/// aligned by bwa mem to the truth-set reference and moved into GRCh38 coordinates by the
/// truth set's own shift_sam.py: the path of the sorted, indexed BAM.
fn simulated_bam(dir: &Path, name: &str, haplotypes: &[(&str, u32)], seed: u32) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let refdir = root.join("benches/truthset/ref");
    let index = dir.join("ref");
    if !dir.join("ref.bwt").exists() {
        sh(&format!(
            "bwa index -p {} {} 2>/dev/null",
            index.display(),
            refdir.join("truthset_ref.fa").display()
        ));
    }
    for (k, (fasta, fold)) in haplotypes.iter().enumerate() {
        let fa = dir.join(format!("{name}_{k}.fa"));
        std::fs::write(&fa, fasta).unwrap();
        sh(&format!(
            "art_illumina -ss HS25 -i {fa} -p -l 150 -f {fold} -m 250 -s 60 -rs {rs} -na -q \
             -o {prefix} >/dev/null && cat {prefix}1.fq >> {r1} && cat {prefix}2.fq >> {r2}",
            fa = fa.display(),
            rs = seed + k as u32,
            prefix = dir.join(format!("{name}_{k}_")).display(),
            r1 = dir.join(format!("{name}_1.fq")).display(),
            r2 = dir.join(format!("{name}_2.fq")).display(),
        ));
    }
    let bam = dir.join(format!("{name}.bam"));
    sh(&format!(
        "bwa mem -t 1 -v 1 {index} {d}/{name}_1.fq {d}/{name}_2.fq | \
         python3 {shift} {refdir} --rg {name} | samtools sort -o {bam} - 2>/dev/null && \
         samtools index {bam}",
        index = index.display(),
        d = dir.display(),
        shift = root.join("benches/truthset/shift_sam.py").display(),
        refdir = refdir.display(),
        bam = bam.display(),
    ));
    bam
}

/// The truth-set reference segment holding ALK exons 22-23 (GRCh38 chr2:29219356-29230416).
fn alk_segment() -> (u64, Vec<u8>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fasta = std::fs::read_to_string(root.join("benches/truthset/ref/truthset_ref.fa")).unwrap();
    let record = fasta
        .split('>')
        .find(|r| r.starts_with("seg_chr2_29219356"))
        .expect("segment seg_chr2_29219356");
    let seq: Vec<u8> = record
        .lines()
        .skip(1)
        .flat_map(|l| l.trim().bytes())
        .map(|b| b.to_ascii_uppercase())
        .collect();
    (29_219_356, seq)
}

/// Whether ART, bwa, samtools or python3 is missing (the simulation tests then skip, saying
/// which).
fn simulation_tools_missing() -> bool {
    let tools = ["art_illumina", "bwa", "samtools", "python3"];
    match tools.iter().find(|t| which(t).is_none()) {
        Some(missing) => {
            eprintln!("skipped: {missing} not installed (scripts/setup.sh --bench installs it)");
            true
        }
        None => false,
    }
}

/// The truth-set reference around ALK F1174 and G1202 (± 400 bp), and the two changes the
/// normal-based tests use. Plus strand (ALK is on the minus strand): c.3522C>A (TTC>TTA,
/// F1174L) is G>T at the codon's third base; c.3604G>A (G1202R) is C>T at its first.
struct F1174G1202Window {
    lo: u64,
    bases: Vec<u8>,
    /// F1174L, the recurrent artefact: (position, reference base, alternate base).
    artefact: (u64, u8, u8),
    /// G1202R, the somatic mutation.
    somatic: (u64, u8, u8),
}

impl F1174G1202Window {
    fn new(hotspots: &[alkres::detect::hotspots::Hotspot]) -> Self {
        let codon = |label: &str| by_hotspot(hotspots, label).codon;
        let (f1174, g1202) = (codon("ALK:F1174L"), codon("ALK:G1202R"));
        let (seg_start, seg) = alk_segment();
        let lo = f1174.iter().chain(&g1202).min().unwrap() - 400;
        let hi = f1174.iter().chain(&g1202).max().unwrap() + 400;
        F1174G1202Window {
            lo,
            bases: seg[(lo - seg_start) as usize..=(hi - seg_start) as usize].to_vec(),
            artefact: (f1174[2], b'G', b'T'),
            somatic: (g1202[0], b'C', b'T'),
        }
    }

    /// The window as a FASTA haplotype carrying `changes` (each checked against the
    /// reference base).
    fn haplotype(&self, changes: &[(u64, u8, u8)]) -> String {
        let mut s = self.bases.clone();
        for &(pos, reference, alt) in changes {
            let i = (pos - self.lo) as usize;
            assert_eq!(s[i], reference, "reference base at {pos}");
            s[i] = alt;
        }
        format!(">hap\n{}\n", String::from_utf8(s).unwrap())
    }
}

/// Issue 10 item 2, on simulated reads: F1174L in 5 % of the fragments of both the tumour
/// and its matched normal (an artefact that recurs at the site in every library) is called
/// from the tumour alone but not against the normal, while G1202R (5 %, tumour only) is
/// called either way.
#[test]
fn an_artefact_in_tumour_and_matched_normal_is_not_called() {
    if simulation_tools_missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hotspots = alk_hotspots();
    let w = F1174G1202Window::new(&hotspots);
    let window = |changes: &[(u64, u8, u8)]| w.haplotype(changes);
    let (artefact, somatic) = (w.artefact, w.somatic);
    let wild = window(&[]);
    let tumour_hap = window(&[artefact, somatic]);
    let normal_hap = window(&[artefact]);
    let tumour = simulated_bam(dir.path(), "T", &[(&wild, 475), (&tumour_hap, 25)], 11);
    let normal = simulated_bam(dir.path(), "N", &[(&wild, 475), (&normal_hap, 25)], 21);

    let options = HotspotOptions::default();
    let alone = genotype_hotspots_with(&tumour, None, &hotspots, &options).unwrap();
    let f = by_label(&alone, "ALK:F1174L");
    assert!(f.detected, "tumour alone: {} of {}", f.alt_count, f.depth);
    assert!(by_label(&alone, "ALK:G1202R").detected);

    let paired =
        genotype_hotspots_with_normal(&tumour, &normal, None, &hotspots, &options).unwrap();
    let f = by_label(&paired, "ALK:F1174L");
    let in_normal = f.noise.normal.expect("the normal's counts at the site");
    assert!(
        in_normal.alt >= 10,
        "the normal shows the artefact: {in_normal:?}"
    );
    assert!(
        !f.detected,
        "against the normal: {:?}",
        f.not_detected_because
    );
    assert!(f
        .not_detected_because
        .as_deref()
        .is_some_and(|w| w.contains("matched normal")));
    let g = by_label(&paired, "ALK:G1202R");
    eprintln!(
        "F1174L tumour {}/{} p={:.2e}, normal {in_normal:?}, p against it {:.2e}; G1202R {}/{} p={:.2e}",
        f.alt_count, f.depth, by_label(&alone, "ALK:F1174L").noise.p_value, f.noise.p_value,
        g.alt_count, g.depth, g.noise.p_value
    );
    assert!(
        g.detected,
        "tumour-only G1202R: {:?}",
        g.not_detected_because
    );
    assert_eq!(g.noise.normal.map(|n| n.alt), Some(0));

    // The same through `alkres cnv --normal-bam`: the JSON's hotspot section.
    let report = paired_run_json("cnv", "-b", &tumour, &normal, &dir.path().join("out"));
    let detected = |label: &str| {
        report["hotspots"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["label"] == label)
            .map(|h| h["detected"] == true)
    };
    assert_eq!(detected("ALK:F1174L"), Some(false));
    assert_eq!(detected("ALK:G1202R"), Some(true));

    // And through `alkres run --normal-bam`: only G1202R reaches the findings.
    let report = paired_run_json("run", "--bam", &tumour, &normal, &dir.path().join("run"));
    let changes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["hgvs_p"].as_str())
        .collect();
    assert_eq!(changes, ["p.Gly1202Arg"], "{changes:?}");
}

/// Issue 10 item 4, a panel of normals on simulated reads: the F1174L artefact of the test
/// above recurs in two of three normals, and the third normal carries G1202R in half its
/// fragments (a germline variant or a mislabelled tumour). `alkres pon --hotspots-output`
/// makes the hotspot panel; against it the tumour's F1174L is noise (the median normal shows
/// it) while its G1202R is still called (one carrier among three does not move the median).
#[test]
fn a_hotspot_panel_of_normals_removes_a_recurrent_artefact_but_not_a_real_mutation() {
    if simulation_tools_missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hotspots = alk_hotspots();
    let w = F1174G1202Window::new(&hotspots);
    let window = |changes: &[(u64, u8, u8)]| w.haplotype(changes);
    let (artefact, somatic) = (w.artefact, w.somatic);
    let wild = window(&[]);
    let tumour = simulated_bam(
        dir.path(),
        "T",
        &[(&wild, 475), (&window(&[artefact, somatic]), 25)],
        11,
    );
    let with_artefact = [(&wild[..], 475), (&window(&[artefact])[..], 25)];
    let n1 = simulated_bam(dir.path(), "N1", &with_artefact, 21);
    let n2 = simulated_bam(dir.path(), "N2", &with_artefact, 31);
    let carrier = simulated_bam(
        dir.path(),
        "N3",
        &[(&wild, 250), (&window(&[somatic]), 250)],
        41,
    );

    let (pon, panel) = (
        dir.path().join("pon.tsv"),
        dir.path().join("hotspots.pon.tsv"),
    );
    let made = alkres()
        .args(["pon", "-b"])
        .args([&n1, &n2, &carrier])
        .arg("-o")
        .arg(&pon)
        .arg("--hotspots-output")
        .arg(&panel)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let read = alkres::detect::hotspot_pon::HotspotPon::read(&panel).unwrap();
    assert_eq!(read.samples, ["N1", "N2", "N3"]);
    let site = |label: &str| {
        read.sites
            .iter()
            .find(|s| s.label == label)
            .unwrap()
            .clone()
    };
    let (f, g) = (site("ALK:F1174L"), site("ALK:G1202R"));
    assert_eq!((f.normals, g.normals), (3, 3));
    assert!(
        f.median_rate > 0.02,
        "the artefact in the median normal: {f:?}"
    );
    assert!(
        g.median_rate < 0.01,
        "one carrier does not move the median: {g:?}"
    );
    assert!(g.max_rate > 0.3, "the carrier is the maximum: {g:?}");

    let report = hotspot_pon_run_json("cnv", "-b", &tumour, &panel, &dir.path().join("out"));
    let result = |label: &str| {
        report["hotspots"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["label"] == label)
            .unwrap()
            .clone()
    };
    let f = result("ALK:F1174L");
    assert_eq!(f["detected"], false, "{f}");
    assert_eq!(f["noise"]["normal"]["source"], "panel_of_normals");
    assert!(f["not_detected_because"]
        .as_str()
        .is_some_and(|w| w.contains("panel of 3 normals")));
    assert_eq!(result("ALK:G1202R")["detected"], true);

    let report = hotspot_pon_run_json("run", "--bam", &tumour, &panel, &dir.path().join("run"));
    let changes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["hgvs_p"].as_str())
        .collect();
    assert_eq!(changes, ["p.Gly1202Arg"], "{changes:?}");

    // A sample sheet's hotspot_pon column does the same in `alkres batch`; without the
    // sample's own bam it is refused, naming the line.
    let sheet = dir.path().join("samples.csv");
    std::fs::write(
        &sheet,
        format!(
            "sample,bam,hotspot_pon\nT,{},{}\n",
            tumour.display(),
            panel.display()
        ),
    )
    .unwrap();
    let out = dir.path().join("batch");
    let ran = alkres()
        .args(["batch", "--samplesheet"])
        .arg(&sheet)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let json = common::file_ending(&out, ".alkres.grch38.json");
    let report: Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let changes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["hgvs_p"].as_str())
        .collect();
    assert_eq!(changes, ["p.Gly1202Arg"], "batch: {changes:?}");
    std::fs::write(
        &sheet,
        format!("sample,hotspot_pon\nT,{}\n", panel.display()),
    )
    .unwrap();
    let refused = alkres()
        .args(["batch", "--samplesheet"])
        .arg(&sheet)
        .arg("-o")
        .arg(dir.path().join("refused"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        stderr.contains("line 2") && stderr.contains("hotspot_pon need"),
        "{stderr}"
    );
}

/// `alkres <command> --sample T <bam_flag> TUMOUR --hotspot-pon PANEL -o OUT`: its JSON.
fn hotspot_pon_run_json(
    command: &str,
    bam_flag: &str,
    tumour: &Path,
    panel: &Path,
    out: &Path,
) -> Value {
    run_json(command, bam_flag, tumour, ("--hotspot-pon", panel), out)
}

/// `alkres <command> --sample T <bam_flag> TUMOUR --normal-bam NORMAL -o OUT`: its JSON.
fn paired_run_json(
    command: &str,
    bam_flag: &str,
    tumour: &Path,
    normal: &Path,
    out: &Path,
) -> Value {
    run_json(command, bam_flag, tumour, ("--normal-bam", normal), out)
}

/// `alkres <command> --sample T <bam_flag> TUMOUR <flag> <file> -o OUT`, asserted to
/// succeed: the JSON report it wrote.
fn run_json(
    command: &str,
    bam_flag: &str,
    tumour: &Path,
    (flag, file): (&str, &Path),
    out: &Path,
) -> Value {
    let status = alkres()
        .args([command, "--sample", "T", bam_flag])
        .arg(tumour)
        .arg(flag)
        .arg(file)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let json = common::file_ending(out, ".json");
    serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap()
}

fn by_hotspot<'a>(
    hotspots: &'a [alkres::detect::hotspots::Hotspot],
    label: &str,
) -> &'a alkres::detect::hotspots::Hotspot {
    hotspots.iter().find(|h| h.label == label).unwrap()
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_string_lossy()
        .split(':')
        .map(|d| Path::new(d).join(tool))
        .find(|p| p.is_file())
}
