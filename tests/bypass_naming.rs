//! The classic bypass and transformation variants are named by alkres itself (no VEP CSQ, no
//! SnpEff ANN in the input) on both builds: KIT D816V, NRAS Q61K, PIK3CA E545K, MAP2K1 K57N,
//! TP53 R175H (GRCh37 positions from the committed CIViC excerpt, CC0) and RB1 R320*
//! (c.958C>T, the recurrent RB1 nonsense mutation; placed through the shipped model, so the
//! test also proves codon 320 of the shipped RB1 CDS is CGA). GRCh38 positions are lifted
//! exon by exon through the shipped models; TP53 R175H must land where Ensembl VEP puts it on
//! GRCh38 (chr17:7675088, pVACtools example VCF, griffithlab/pVACtools@0c05768).

mod common;

use std::collections::HashMap;

use alkres::genome::{Build, KnownSequence};
use alkres::transcript::{Strand, TranscriptSet};
use common::{alkres, fixture, write_file};
use serde_json::Value;

const CIVIC_NAMES: [(&str, &str); 5] = [
    ("KIT", "D816V"),
    ("NRAS", "Q61K"),
    ("PIK3CA", "E545K"),
    ("MAP2K1", "K57N"),
    ("TP53", "R175H"),
];

/// (gene, chrom, GRCh37 pos, ref, alt) of the CIViC records named above.
fn civic_records() -> Vec<(String, String, u64, String, String, String)> {
    let text = std::fs::read_to_string(fixture("test-data/civic/panel_snvs.tsv")).unwrap();
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if CIVIC_NAMES.contains(&(f[1], f[3])) {
            out.push((
                f[1].to_string(),
                f[4].to_string(),
                f[5].parse().unwrap(),
                f[6].to_string(),
                f[7].to_string(),
                f[3].to_string(),
            ));
        }
    }
    out
}

/// The same exonic base on the GRCh38 model: same exon, same offset within it.
fn lift(gene: &str, pos37: u64, t37: &TranscriptSet, t38: &TranscriptSet) -> u64 {
    let (a, b) = (t37.by_gene(gene).unwrap(), t38.by_gene(gene).unwrap());
    let i = a
        .exons
        .iter()
        .position(|e| (e.start..=e.end).contains(&pos37))
        .unwrap();
    let (e37, e38) = (a.exons[i], b.exons[i]);
    assert_eq!(
        e37.end - e37.start,
        e38.end - e38.start,
        "{gene} exon length"
    );
    e38.start + (pos37 - e37.start)
}

#[test]
fn bypass_and_transformation_variants_are_named_by_alkres_on_both_builds() {
    let known = KnownSequence::shipped().unwrap();
    let t37 = TranscriptSet::shipped(Build::GRCh37, &known).unwrap();
    let t38 = TranscriptSet::shipped(Build::GRCh38, &known).unwrap();
    let civic = civic_records();
    assert_eq!(civic.len(), CIVIC_NAMES.len(), "{civic:?}");
    for (build, set) in [(Build::GRCh37, &t37), (Build::GRCh38, &t38)] {
        let mut records: Vec<(String, u64, String, String, String)> = civic
            .iter()
            .map(|(gene, chrom, pos, r, a, name)| {
                let pos = match build {
                    Build::GRCh37 => *pos,
                    Build::GRCh38 => lift(gene, *pos, &t37, &t38),
                };
                (chrom.clone(), pos, r.clone(), a.clone(), name.clone())
            })
            .collect();
        if build == Build::GRCh38 {
            let tp53 = records.iter().find(|r| r.4 == "R175H").unwrap();
            assert_eq!((tp53.0.as_str(), tp53.1), ("17", 7675088));
        }
        // RB1 c.958C>T: genomic position and plus-strand bases through the shipped model
        let rb1 = set.by_gene("RB1").unwrap();
        assert_eq!(
            rb1.strand,
            Strand::Plus,
            "coding and plus-strand bases agree"
        );
        let g = rb1.genomic_of_cds(958).unwrap();
        let reference = known.base(build, &rb1.chrom, g).unwrap();
        assert_eq!(reference, b'C', "{build} RB1 c.958");
        records.push((rb1.chrom.clone(), g, "C".into(), "T".into(), "R320*".into()));
        // MET c.3028+1G>A-type donor change: the first intron base after exon 14 (GT).
        let met = set.by_gene("MET").unwrap();
        let exon14 = met.exons.iter().find(|e| e.number == 14).unwrap();
        let donor = exon14.end + 1;
        let donor_ref = known.base(build, &met.chrom, donor).unwrap();
        assert_eq!(donor_ref, b'G', "{build} MET exon 14 donor is GT");
        records.push((
            met.chrom.clone(),
            donor,
            "G".into(),
            "A".into(),
            String::new(),
        ));
        records.sort_by_key(|r| (r.0.parse::<u32>().unwrap(), r.1));

        let vcf = t1_vcf(records.iter().map(|(c, p, r, a, _)| (c, *p, r, a)));
        let report = annotate_t1(build, &vcf);
        let mut named: HashMap<(String, u64), (String, String)> = HashMap::new();
        for f in report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(report["other_variants"].as_array().into_iter().flatten())
        {
            named.insert(
                (
                    f["chrom"].as_str().unwrap().to_string(),
                    f["pos"].as_u64().unwrap(),
                ),
                (
                    f["protein_short"].as_str().unwrap_or("").to_string(),
                    f["source"].as_str().unwrap_or("").to_string(),
                ),
            );
        }
        for (chrom, pos, _, _, want) in records.iter().filter(|r| !r.4.is_empty()) {
            let got = named.get(&(chrom.clone(), *pos));
            assert_eq!(
                got,
                Some(&(want.clone(), "alkres".to_string())),
                "{build} {chrom}:{pos} should be named {want} by alkres"
            );
        }
        classified_and_in_the_verdict(&report, build);
    }
}

/// Every variant has its KB class (bypass drivers, the TP53 prognostic row, RB1 inactivation
/// by loss of function, MET exon 14 skipping as one event) and a line in the verdict, and
/// TP53 + RB1 together give the transformation marker.
fn classified_and_in_the_verdict(report: &Value, build: Build) {
    let findings = report["findings"].as_array().unwrap();
    let expected = [
        ("KIT", "D816V", "KIT:D816", "bypass"),
        ("NRAS", "Q61K", "NRAS:Q61", "bypass"),
        ("PIK3CA", "E545K", "PIK3CA:E545", "bypass"),
        ("MAP2K1", "K57N", "MAP2K1:K57", "bypass"),
        ("TP53", "R175H", "TP53:any", "primary_resistance_factor"),
        ("RB1", "R320*", "RB1:loss", "transformation"),
        ("MET", "", "MET:exon14_skipping", "bypass"),
    ];
    let mechanisms = report["verdict"]["mechanisms"].as_array().unwrap();
    for (gene, short, id, class) in expected {
        let f = findings
            .iter()
            .find(|f| f["gene"] == gene && f["protein_short"].as_str().unwrap_or("") == short)
            .unwrap_or_else(|| panic!("{build}: no {gene} {short} finding"));
        assert_eq!(f["kb"]["id"], id, "{build} {gene} {short}");
        assert_eq!(f["kb"]["resistance_class"], class, "{build} {gene} {short}");
        let label = if short.is_empty() {
            f["event"].as_str().unwrap().to_string()
        } else {
            format!("{gene} {short}")
        };
        let m = mechanisms
            .iter()
            .find(|m| m["label"] == label.as_str())
            .unwrap_or_else(|| panic!("{build}: {label} not in the verdict: {mechanisms:#?}"));
        assert_eq!(m["class"], class, "{build} {label}");
    }
    let rb1 = findings.iter().find(|f| f["gene"] == "RB1").unwrap();
    assert_eq!(rb1["event"], "RB1 loss of function");
    assert_eq!(rb1["kb"]["matched_by"], "loss_of_function");
    let met = findings.iter().find(|f| f["gene"] == "MET").unwrap();
    assert_eq!(met["event"], "MET exon 14 skipping");
    assert!(
        mechanisms
            .iter()
            .any(|m| m["label"] == "TP53 + RB1 inactivation" && m["class"] == "transformation"),
        "{build}: {mechanisms:#?}"
    );
}

/// `--reference`: a bgzipped, samtools-faidx-indexed FASTA with real contig names and the
/// public GRCh38 bases the project ships (resources/reference/known_sequence.tsv: chr2 ALK,
/// chr17 TP53), N elsewhere; chr17 at its full GRCh38 length, so the `.fai` says GRCh38.
/// One base of ALK codon 1202 is changed in the FASTA (GGG -> GAG): the name must follow the
/// user's genome, not the shipped one.
struct TestReference {
    _dir: tempfile::TempDir,
    fasta: std::path::PathBuf,
    /// (chrom, pos) of the changed base.
    changed: (String, u64),
}

fn complement(b: u8) -> u8 {
    match b {
        b'A' => b'T',
        b'C' => b'G',
        b'G' => b'C',
        _ => b'A',
    }
}

fn test_reference(known: &KnownSequence, alk: &alkres::transcript::Transcript) -> TestReference {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("resources/reference/known_sequence.tsv")).unwrap();
    // chr2 ends just past ALK (not the real length), chr17 is complete.
    let mut contigs: Vec<(&str, Vec<u8>)> = vec![
        ("chr2", vec![b'N'; 29_950_000]),
        ("chr17", vec![b'N'; 83_257_441]),
    ];
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let Some(contig) = contigs
            .iter_mut()
            .find(|(n, _)| f[0] == "GRCh38" && n[3..] == *f[1])
        else {
            continue;
        };
        let start: usize = f[2].parse().unwrap();
        if start + f[4].len() <= contig.1.len() {
            contig.1[start - 1..start - 1 + f[4].len()].copy_from_slice(f[4].as_bytes());
        }
    }
    // c.3605 of ALK (minus strand): coding G -> A, so the plus-strand C becomes T.
    let pos = alk.genomic_of_cds(3605).unwrap();
    assert_eq!(
        known.base(Build::GRCh38, "2", pos),
        Some(b'C'),
        "ALK c.3605G"
    );
    contigs[0].1[pos as usize - 1] = b'T';
    let mut fasta = Vec::new();
    for (name, bases) in &contigs {
        fasta.extend_from_slice(format!(">{name}\n").as_bytes());
        for line in bases.chunks(60) {
            fasta.extend_from_slice(line);
            fasta.push(b'\n');
        }
    }
    let path = write_file(dir.path(), "genome.fa", &fasta);
    drop(fasta);
    let status = std::process::Command::new("bgzip")
        .arg("-f")
        .arg(&path)
        .status()
        .expect("bgzip (htslib) is installed");
    assert!(status.success());
    let gz = dir.path().join("genome.fa.gz");
    let status = std::process::Command::new("samtools")
        .arg("faidx")
        .arg(&gz)
        .status()
        .expect("samtools is installed");
    assert!(status.success());
    TestReference {
        _dir: dir,
        fasta: gz,
        changed: ("2".into(), pos),
    }
}

#[test]
fn reference_fasta_gives_the_codons_checks_every_ref_and_settles_the_build() {
    let known = KnownSequence::shipped().unwrap();
    let t38 = TranscriptSet::shipped(Build::GRCh38, &known).unwrap();
    let alk = t38.by_gene("ALK").unwrap();
    let reference = test_reference(&known, alk);
    // ALK c.3586C>A (L1196M) and c.3604G>A (G1202R on the shipped genome), TP53 R175H
    // (chr17:7675088 C>T, GRCh38), and one record whose REF is neither build's base.
    let coding = |c: u64| {
        let g = alk.genomic_of_cds(c).unwrap();
        (g, known.base(Build::GRCh38, "2", g).unwrap())
    };
    let (l1196, l_ref) = coding(3586);
    let (g1202, g_ref) = coding(3604);
    let (wrong, w_ref) = coding(3600);
    let wrong_ref = match w_ref {
        b'A' => 'C',
        _ => 'A',
    };
    let mut records = [
        ("chr2", l1196, l_ref as char, complement(b'A') as char),
        ("chr2", g1202, g_ref as char, complement(b'A') as char),
        ("chr2", wrong, wrong_ref, 'G'),
        ("chr17", 7675088, 'C', 'T'),
    ];
    records.sort_by_key(|r| (r.0 != "chr2", r.1));
    // No ##contig lines: the FASTA's .fai must settle the build.
    let vcf = t1_vcf(records.iter().map(|(c, p, r, a)| (c, *p, r, a)));
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(dir.path(), "t.vcf", vcf.as_bytes());
    let out = dir.path().join("out");
    let assert = alkres()
        .args(["annotate", "-i"])
        .arg(&input)
        .arg("--reference")
        .arg(&reference.fasta)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("1 panel record(s) not named: REF disagrees with the reference FASTA")
            && stderr.contains(&format!("chr2:{wrong}")),
        "{stderr}"
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("T1.alkres.grch38.json")).unwrap())
            .unwrap();
    assert!(
        report["run"]["build_evidence"]
            .as_str()
            .unwrap()
            .contains("contig length(s) of the reference FASTA"),
        "{}",
        report["run"]
    );
    assert_eq!(report["stats"]["ref_mismatches"], 1);
    let short = |pos: u64| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["pos"] == pos)
            .map(|f| f["protein_short"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(short(l1196).as_deref(), Some("L1196M"));
    assert_eq!(short(7675088).as_deref(), Some("R175H"));
    // The user's codon 1202 is GAG: the same c.3604G>A is E1202K on their genome.
    assert_eq!(
        reference.changed,
        ("2".to_string(), alk.genomic_of_cds(3605).unwrap())
    );
    assert_eq!(short(g1202).as_deref(), Some("E1202K"));
    assert_eq!(short(wrong), None, "a record with a wrong REF is not named");

    // `run --reference` and the sample sheet's `reference` column of `batch` do the same.
    let run_out = dir.path().join("run");
    alkres()
        .args(["run", "-s", "T1", "--vcf"])
        .arg(&input)
        .arg("--reference")
        .arg(&reference.fasta)
        .arg("-o")
        .arg(&run_out)
        .assert()
        .success();
    let sheet = write_file(
        dir.path(),
        "sheet.csv",
        format!(
            "sample,vcf,reference\nP1,{},{}\n",
            input.display(),
            reference.fasta.display()
        )
        .as_bytes(),
    );
    let batch_out = dir.path().join("batch");
    alkres()
        .args(["batch", "--samplesheet"])
        .arg(&sheet)
        .arg("-o")
        .arg(&batch_out)
        .assert()
        .success();
    for json in [
        run_out.join("T1.alkres.grch38.json"),
        batch_out.join("P1.alkres.grch38.json"),
    ] {
        let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        let names: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["protein_short"].as_str())
            .collect();
        assert!(
            names.contains(&"E1202K") && !names.contains(&"G1202R"),
            "{json:?}: {names:?}"
        );
        assert_eq!(report["stats"]["ref_mismatches"], 1, "{json:?}");
    }

    // The shipped sequence stops at the wrong REF (exit 4) and, without that record, names
    // the same c.3604G>A G1202R.
    alkres()
        .args(["annotate", "--build", "GRCh38", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("shipped"))
        .assert()
        .code(4);
    let without: String = vcf
        .lines()
        .filter(|l| !l.starts_with(&format!("chr2\t{wrong}\t")))
        .map(|l| format!("{l}\n"))
        .collect();
    let input2 = write_file(dir.path(), "t2.vcf", without.as_bytes());
    let out2 = dir.path().join("shipped2");
    alkres()
        .args(["annotate", "--build", "GRCh38", "-i"])
        .arg(&input2)
        .arg("-o")
        .arg(&out2)
        .assert()
        .success();
    let shipped: Value =
        serde_json::from_str(&std::fs::read_to_string(out2.join("T1.alkres.grch38.json")).unwrap())
            .unwrap();
    let names: Vec<&str> = shipped["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["protein_short"].as_str())
        .collect();
    assert!(
        names.contains(&"G1202R") && names.contains(&"L1196M") && names.contains(&"R175H"),
        "{names:?}"
    );

    // A GRCh38 FASTA (by its .fai lengths) with --build GRCh37 is a contradiction: exit 4.
    alkres()
        .args(["annotate", "--build", "GRCh37", "-i"])
        .arg(&input)
        .arg("--reference")
        .arg(&reference.fasta)
        .arg("-o")
        .arg(dir.path().join("wrong"))
        .assert()
        .code(4)
        .stderr(predicates::str::contains("are those of GRCh38"));
}

/// MET exon 14 skipping from alterations that spare the canonical ±1-2 bases, as public
/// METex14 variant lists name them (NM_000245 c.; exon 14 = c.2888..c.3028): the HGVS names
/// and their deleted bases are from a public METex14 variant-grouping list ("gn360 dataset
/// and few literatures", find_string id 40673404063; repository not resolved), placed on
/// the shipped MET model of each build. Intron 13 c.2888-40..-11 is not shipped, so its
/// bases come from the list's own deleted sequences (c.2888-40_2888-20delAGCCGTCTTTAACAAGCTCTT,
/// c.2888-29_2888-2delACAAGCTCTTTCTTTCTCTCTGTTTTAA), which agree with the shipped -10..-1.
#[test]
fn met_exon14_deletions_beyond_the_canonical_sites_are_one_event_on_both_builds() {
    let known = KnownSequence::shipped().unwrap();
    // c.2888-40 .. c.2888-1
    let intron13 = "AGCCGTCTTTAACAAGCTCTTTCTTTCTCTCTGTTTTAAG";
    for build in Build::ALL {
        let set = TranscriptSet::shipped(build, &known).unwrap();
        let met = set.by_gene("MET").unwrap();
        assert_eq!(met.strand, Strand::Plus);
        let exon14 = met.exons.iter().find(|e| e.number == 14).unwrap();
        assert_eq!(met.genomic_of_cds(2888), Some(exon14.start), "{build}");
        assert_eq!(met.genomic_of_cds(3028), Some(exon14.end), "{build}");
        let (s, e) = (exon14.start, exon14.end);
        let base = |pos: u64| known.base(build, "7", pos).unwrap() as char;
        // The list's intron 13 bases agree with the shipped c.2888-10..-1.
        for k in 1..=10u64 {
            assert_eq!(
                base(s - k),
                intron13.as_bytes()[40 - k as usize] as char,
                "{build} c.2888-{k}"
            );
        }
        let intron =
            |from: u64, to: u64| intron13[40 - from as usize..=40 - to as usize].to_string();
        let seq = |a: u64, b: u64| (a..=b).map(base).collect::<String>();
        // (pos, REF, ALT, expected HGVS c. or None for a negative control)
        let records: Vec<(u64, String, String, Option<&str>)> = vec![
            // acceptor: intron 13 deletion ending 20 bp before the exon (right-anchored REF)
            (
                s - 40,
                intron(40, 19),
                intron(19, 19),
                Some("c.2888-40_2888-20del"),
            ),
            // 1-bp deletion in the pyrimidine tract: not enough
            (s - 26, intron(26, 25), intron(26, 26), None),
            // pyrimidine-tract substitution: not a skipping alteration
            (s - 20, intron(20, 20), "C".into(), None),
            // in-frame deletion inside exon 14: not a splice alteration
            (s + 60, seq(s + 60, s + 63), seq(s + 60, s + 60), None),
            // exonic end of the donor: c.3027_3028delAG
            (
                e - 2,
                seq(e - 2, e),
                seq(e - 2, e - 2),
                Some("c.3027_3028del"),
            ),
            // last exonic base: c.3028G>A (p.D1010N)
            (e, seq(e, e), "A".into(), Some("c.3028G>A")),
            // donor +3 substitution: c.3028+3A>G
            (e + 3, seq(e + 3, e + 3), "G".into(), Some("c.3028+3A>G")),
            // c.3028+3_3028+7delATATT as a left-aligned VCF writes it (+2..+6 from +1)
            (
                e + 1,
                seq(e + 1, e + 6),
                seq(e + 1, e + 1),
                Some("c.3028+3_3028+7del"),
            ),
        ];
        assert_eq!(seq(e + 3, e + 7), "ATATT", "{build} donor +3..+7");
        assert_eq!(seq(e - 1, e), "AG", "{build} c.3027_3028");
        let mut sorted = records.clone();
        sorted.sort_by_key(|r| r.0);
        let vcf = t1_vcf(sorted.iter().map(|(p, r, a, _)| ("7", *p, r, a)));
        let report = annotate_t1(build, &vcf);
        let all: Vec<&Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(report["other_variants"].as_array().into_iter().flatten())
            .collect();
        for (pos, _, _, want) in &records {
            let found = all.iter().find(|f| f["pos"] == *pos);
            match want {
                Some(hgvs) => {
                    let f = found.unwrap_or_else(|| panic!("{build} {hgvs}: no finding"));
                    assert_eq!(f["hgvs_c"], *hgvs, "{build}");
                    assert_eq!(f["event"], "MET exon 14 skipping", "{build} {hgvs}");
                    assert_eq!(f["kb"]["id"], "MET:exon14_skipping", "{build} {hgvs}");
                }
                None => assert!(
                    found.is_none_or(|f| f["event"].is_null()),
                    "{build} {pos}: {found:?}"
                ),
            }
        }
    }
}

/// The issue-11 target, in CI: ≥ 99 % of the CIViC SNVs of the panel genes (committed CC0
/// excerpt, 192 records) named by alkres as CIViC names them, on GRCh37 and, lifted exon by
/// exon through the shipped models, on GRCh38 (`scripts/measure_civic_naming.py` prints the
/// same per gene).
#[test]
fn civic_snvs_are_named_as_civic_names_them_on_both_builds() {
    let known = KnownSequence::shipped().unwrap();
    let t37 = TranscriptSet::shipped(Build::GRCh37, &known).unwrap();
    let t38 = TranscriptSet::shipped(Build::GRCh38, &known).unwrap();
    let text = std::fs::read_to_string(fixture("test-data/civic/panel_snvs.tsv")).unwrap();
    let rows: Vec<Vec<String>> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 192);
    for build in Build::ALL {
        let mut records: Vec<(String, u64, String, String)> = rows
            .iter()
            .map(|f| {
                let pos37: u64 = f[5].parse().unwrap();
                let pos = match build {
                    Build::GRCh37 => pos37,
                    Build::GRCh38 => lift(&f[1], pos37, &t37, &t38),
                };
                (f[4].clone(), pos, f[6].clone(), f[7].clone())
            })
            .collect();
        records.sort_by_key(|r| (r.0.parse::<u32>().unwrap(), r.1));
        records.dedup();
        let vcf = t1_vcf(records.iter().map(|(c, p, r, a)| (c, *p, r, a)));
        let report = annotate_t1(build, &vcf);
        let named: std::collections::HashSet<(String, u64, String)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(report["other_variants"].as_array().into_iter().flatten())
            .filter(|f| f["source"] == "alkres")
            .map(|f| {
                (
                    f["gene"].as_str().unwrap().to_string(),
                    f["pos"].as_u64().unwrap(),
                    f["protein_short"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let mut misses = Vec::new();
        for f in &rows {
            let pos37: u64 = f[5].parse().unwrap();
            let pos = match build {
                Build::GRCh37 => pos37,
                Build::GRCh38 => lift(&f[1], pos37, &t37, &t38),
            };
            if !named.contains(&(f[1].clone(), pos, f[3].clone())) {
                misses.push(format!("{} {}", f[1], f[3]));
            }
        }
        let agreement = 1.0 - misses.len() as f64 / rows.len() as f64;
        assert!(
            agreement >= 0.99,
            "{build}: {agreement:.3}; not named as CIViC: {misses:?}"
        );
    }
}

/// `--gtf`: the user's transcript models (a real GENCODE GRCh38 KRAS excerpt, see
/// test-data/README.md) replace the shipped model: the shipped transcript when the
/// annotation has it (ENST00000311936, any version), otherwise the longest CDS (here KRAS-201,
/// ENST00000256078.9, whose 4A exon 5 is intronic on the shipped 4B model).
#[test]
fn gtf_models_replace_the_shipped_transcripts_and_must_be_of_the_build() {
    let gtf = fixture("test-data/annotation/kras.gencode.grch38.gtf");
    let dir = tempfile::tempdir().unwrap();
    let vcf =
        "##fileformat=VCFv4.2\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n\
               #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\n\
               chr12\t25215500\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n\
               chr12\t25245350\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n";
    let input = write_file(dir.path(), "kras.vcf", vcf.as_bytes());
    let run = |annotation: &std::path::Path, out: &str, build: &str| {
        alkres()
            .args(["annotate", "--build", build, "-i"])
            .arg(&input)
            .arg("--gtf")
            .arg(annotation)
            .arg("-o")
            .arg(dir.path().join(out))
            .assert()
    };
    let report = |out: &str| -> Value {
        let path = dir.path().join(out).join("T1.alkres.grch38.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let at = |report: &Value, pos: u64| -> Option<Value> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(report["other_variants"].as_array().into_iter().flatten())
            .find(|f| f["pos"] == pos)
            .cloned()
    };

    let done = run(&gtf, "same", "GRCh38").success();
    let stderr = String::from_utf8_lossy(&done.get_output().stderr).to_string();
    assert!(
        stderr.contains("KRAS ENST00000311936.8 (the shipped transcript)"),
        "{stderr}"
    );
    let same = report("same");
    let g12d = at(&same, 25245350).unwrap();
    assert_eq!(g12d["protein_short"], "G12D");
    assert_eq!(g12d["hgvs_c"], "c.35G>A");
    assert_eq!(g12d["transcript"], "ENST00000311936.8");
    assert!(at(&same, 25215500).is_none(), "intronic on KRAS 4B");

    // The same file without KRAS-202: KRAS-201 (longest CDS) names both records.
    let text = std::fs::read_to_string(&gtf).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.contains("ENST00000311936"))
        .map(|l| format!("{l}\n"))
        .collect();
    let other = write_file(dir.path(), "kras201.gtf", without.as_bytes());
    let done = run(&other, "other", "GRCh38").success();
    let stderr = String::from_utf8_lossy(&done.get_output().stderr).to_string();
    assert!(
        stderr.contains("KRAS ENST00000256078.9 (the longest CDS)"),
        "{stderr}"
    );
    let other = report("other");
    assert_eq!(at(&other, 25245350).unwrap()["protein_short"], "G12D");
    let exon5 = at(&other, 25215500).unwrap();
    assert_eq!(exon5["transcript"], "ENST00000256078.9");
    assert_eq!(exon5["exon"], "5");
    let c = exon5["hgvs_c"].as_str().unwrap();
    assert!(
        c.starts_with("c.") && !c.contains('+') && !c.contains('-'),
        "{c}"
    );

    // A GRCh38 annotation on a GRCh37 run: KRAS is elsewhere on GRCh37 (exit 4).
    run(&gtf, "wrong", "GRCh37")
        .code(4)
        .stderr(predicates::str::contains(
            "is the annotation of the other build?",
        ));
}

/// A real GENCODE v19 GFF3 (igvteam/igv.js, MIT; see test-data/README.md) of EGFR-004,
/// ENST00000455089.1: a coding EGFR transcript that skips the 135-nt exon 4 of the shipped
/// EGFR-201, so every codon after it is numbered 45 lower. With `--gff3` alkres must name
/// L858R (shipped c.2573T>G) on that model, at the c. position the file's own CDS lines give.
#[test]
fn gff3_models_from_a_real_gencode_excerpt_name_on_their_own_transcript() {
    let gff3 = fixture("test-data/annotation/egfr-004.gencode19.grch37.gff3");
    let text = std::fs::read_to_string(&gff3).unwrap();
    let mut cds: Vec<(u64, u64)> = text
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f.len() == 9 && f[2] == "CDS")
        .map(|f| (f[3].parse().unwrap(), f[4].parse().unwrap()))
        .collect();
    cds.sort();
    let c_of = |pos: u64| -> u64 {
        let mut c = 0;
        for &(s, e) in &cds {
            if (s..=e).contains(&pos) {
                return c + pos - s + 1;
            }
            c += e - s + 1;
        }
        panic!("{pos} is not coding on EGFR-004");
    };
    let (l858, t790) = (55259515, 55249071);
    assert_eq!(c_of(l858), 2573 - 135, "EGFR-004 lacks exon 4 (135 nt)");

    let dir = tempfile::tempdir().unwrap();
    let vcf = format!(
        "##fileformat=VCFv4.2\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n\
         #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\n\
         chr7\t{t790}\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n\
         chr7\t{l858}\t.\tT\tG\t.\tPASS\t.\tGT\t0/1\n"
    );
    let input = write_file(dir.path(), "egfr.vcf", vcf.as_bytes());
    let run = |out: &str, gff3: Option<&std::path::Path>| {
        let mut cmd = alkres();
        cmd.args(["annotate", "--build", "GRCh37", "-i"])
            .arg(&input);
        if let Some(g) = gff3 {
            cmd.arg("--gff3").arg(g);
        }
        let done = cmd.arg("-o").arg(dir.path().join(out)).assert().success();
        let stderr = String::from_utf8_lossy(&done.get_output().stderr).to_string();
        let path = dir.path().join(out).join("T1.alkres.grch37.json");
        let report: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        (report, stderr)
    };
    let at = |report: &Value, pos: u64| -> Value {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(report["other_variants"].as_array().into_iter().flatten())
            .find(|f| f["pos"] == pos)
            .cloned()
            .unwrap_or_else(|| panic!("no finding at {pos}"))
    };

    let (shipped, _) = run("shipped", None);
    assert_eq!(at(&shipped, l858)["hgvs_c"], "c.2573T>G");
    assert_eq!(at(&shipped, l858)["protein_short"], "L858R");
    assert_eq!(at(&shipped, t790)["protein_short"], "T790M");

    let (own, stderr) = run("gff3", Some(&gff3));
    assert!(
        stderr.contains("EGFR ENST00000455089.1 (the longest CDS)"),
        "{stderr}"
    );
    for (pos, change, from, to) in [(l858, "T>G", 'L', 'R'), (t790, "C>T", 'T', 'M')] {
        let finding = at(&own, pos);
        let c = c_of(pos);
        assert_eq!(finding["transcript"], "ENST00000455089.1");
        assert_eq!(finding["hgvs_c"], format!("c.{c}{change}"));
        assert_eq!(
            finding["protein_short"],
            format!("{from}{}{to}", c.div_ceil(3))
        );
    }
}

/// A one-sample (`T1`, genotype 0/1, PASS) VCF without `##contig` lines of `records`
/// (chrom, pos, ref, alt), in the order given.
fn t1_vcf<C, R, A>(records: impl IntoIterator<Item = (C, u64, R, A)>) -> String
where
    C: std::fmt::Display,
    R: std::fmt::Display,
    A: std::fmt::Display,
{
    let mut vcf = String::from(
        "##fileformat=VCFv4.2\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n\
         #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\n",
    );
    for (chrom, pos, r, a) in records {
        vcf.push_str(&format!(
            "{chrom}\t{pos}\t.\t{r}\t{a}\t.\tPASS\t.\tGT\t0/1\n"
        ));
    }
    vcf
}

/// `alkres annotate --sample T1 --build BUILD` on `vcf`, asserted to succeed: T1's JSON.
fn annotate_t1(build: Build, vcf: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(dir.path(), "t1.vcf", vcf.as_bytes());
    let out = dir.path().join("out");
    alkres()
        .args([
            "annotate",
            "--sample",
            "T1",
            "--build",
            &build.to_string(),
            "-i",
        ])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let name = format!("T1.alkres.{}.json", build.tag());
    serde_json::from_str(&std::fs::read_to_string(out.join(name)).unwrap()).unwrap()
}
