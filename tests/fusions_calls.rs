//! Finding or candidate (src/fusion/call.rs, docs/fusions.md): thin support, decoy contigs,
//! lone reciprocal junctions, lncRNA partners and low-confidence caller records are
//! candidates, listed with their counts and never in the verdict; reciprocal junctions join
//! their fusion; the EML4 exon 6b junction is V3b.

mod common;
#[path = "common/bam.rs"]
mod sim;

use std::path::{Path, PathBuf};

use alkres::fusion::{detect, FusionInputs, FusionReport};
use alkres::genome::Build;
use common::{alkres, file_ending, write_file};
use sim::{End, Junction, SimBam, Tweak};

/// GRCh38 exons (resources/transcripts/exons.tsv): ALK 20, 21; EML4 5, 6.
const ALK38_EX20: (u64, u64) = (29223342, 29223528);
const ALK38_EX21: (u64, u64) = (29222517, 29222607);
const EML4_38_EX4: (u64, u64) = (42261121, 42261294);
const EML4_38_EX5: (u64, u64) = (42263178, 42263306);
const EML4_38_EX6: (u64, u64) = (42264706, 42264731);
/// ALK exon 2 (GRCh38), the 3' side of the lncRNA fusions of some Ewing sarcoma lines.
const ALK38_EX2_END: u64 = 29717697;

fn write(sim: &SimBam, dir: &Path, name: &str) -> PathBuf {
    sim.write(&dir.join(name), None)
}

fn one(inputs: &FusionInputs) -> FusionReport {
    // Caller tables do not say their build; these are GRCh38.
    let mut reports = detect(inputs, Some(Build::GRCh38), 2).expect("detect");
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

fn bam_report(sim: &SimBam) -> FusionReport {
    let dir = tempfile::tempdir().unwrap();
    let bam = write(sim, dir.path(), "t.bam");
    one(&FusionInputs {
        alignments: vec![bam],
        ..Default::default()
    })
}

/// EML4 intron 13 → ALK intron 19 (V1), and its reciprocal junction one base further.
fn v1() -> Junction {
    Junction {
        a: End::dna("2", 29224100, true),
        b: End::dna("2", 42297000, true),
    }
}

fn reciprocal_v1() -> Junction {
    Junction {
        a: End::dna("2", 29224101, false),
        b: End::dna("2", 42297001, false),
    }
}

#[test]
fn reciprocal_junction_joins_its_fusion() {
    let mut sim = SimBam::new(Build::GRCh38, "BALANCED");
    sim.split_reads(&v1(), 5, Tweak::default());
    sim.split_reads(&reciprocal_v1(), 4, Tweak::default());
    sim.wild_type("2", &[(29224060, 29224159)], 20);
    let r = bam_report(&sim);
    assert_eq!(r.fusions.len(), 1, "{:#?}", r.fusions);
    let f = &r.fusions[0];
    assert_eq!(f.variant.as_deref(), Some("V1 (E13;A20)"));
    assert!(
        f.notes.iter().any(|n| n.contains("reciprocal junction")),
        "{:?}",
        f.notes
    );
    assert!(r.candidates.is_empty(), "{:#?}", r.candidates);

    // The reciprocal side alone is not a fusion: a candidate.
    let mut sim = SimBam::new(Build::GRCh38, "RECIPROCAL_ONLY");
    sim.split_reads(&reciprocal_v1(), 6, Tweak::default());
    let r = bam_report(&sim);
    assert!(r.fusions.is_empty(), "{:#?}", r.fusions);
    assert_eq!(r.candidates.len(), 1);
    assert!(r.candidates[0]
        .not_a_finding_because
        .iter()
        .any(|w| w.contains("kinase domain is not expressed")));
}

/// One split read plus reads clipped at the breakpoint whose clipped bases are not the
/// partner's (adapter read-through, low-quality tails: what made the real fusion-negative
/// BAM's false fusions, issue 10): no support, nothing listed. The same number of clipped
/// reads carrying the partner's bases across the junction make the finding.
#[test]
fn clipped_reads_count_only_when_they_carry_the_partner_sequence() {
    let mut sim = SimBam::new(Build::GRCh38, "THIN");
    sim.split_reads(&v1(), 1, Tweak::default());
    sim.clipped_reads(&v1().a, 4);
    sim.wild_type("2", &[(29224060, 29224159)], 20);
    let r = bam_report(&sim);
    assert!(r.fusions.is_empty(), "{:#?}", r.fusions);
    assert!(r.candidates.is_empty(), "{:#?}", r.candidates);

    let mut sim = SimBam::new(Build::GRCh38, "JUNCTION_CLIPS");
    sim.split_reads(&v1(), 1, Tweak::default());
    sim.clipped_reads(&v1().a, 4);
    sim.junction_clipped_reads(&v1(), true, 1);
    sim.junction_clipped_reads(&v1(), false, 1);
    sim.wild_type("2", &[(29224060, 29224159)], 20);
    let r = bam_report(&sim);
    assert_eq!(r.fusions.len(), 1, "{:#?}", r.candidates);
    let f = &r.fusions[0];
    assert_eq!(
        (f.split_reads, f.clipped_reads),
        (Some(1), Some(2)),
        "{f:?}"
    );
    assert!(
        f.notes.iter().any(|n| n.starts_with("4 read(s) clipped")),
        "{:?}",
        f.notes
    );
    let mut sim = SimBam::new(Build::GRCh38, "ENOUGH");
    sim.split_reads(&v1(), 2, Tweak::default());
    sim.discordant_pairs(&v1(), 1, Tweak::default());
    sim.wild_type("2", &[(29224060, 29224159)], 20);
    let r = bam_report(&sim);
    assert_eq!(r.fusions.len(), 1, "{:#?}", r.candidates);
}

/// Split reads whose ALK piece has MAPQ 5 (a paralog shares its bases) and whose partner
/// piece is unique count as junction-sequence reads, never as split reads: alone they are a
/// candidate (no unique split read); with the reciprocal junction's one unique split read
/// (the same event, placed at ALK) they make the finding. Two split reads on the reciprocal
/// side only, without them, stay below the fragments a junction needs to be listed.
#[test]
fn a_paralogous_alk_piece_counts_only_beside_unique_evidence() {
    let mut sim = SimBam::new(Build::GRCh38, "PARALOG");
    sim.a_piece_mapq = Some(5);
    sim.split_reads(&v1(), 4, Tweak::default());
    sim.wild_type("2", &[(29224060, 29224159)], 20);
    let r = bam_report(&sim);
    assert!(r.fusions.is_empty(), "{:#?}", r.fusions);
    assert_eq!(r.candidates.len(), 1, "{:#?}", r.candidates);
    let c = &r.candidates[0];
    assert_eq!(
        (c.fusion.split_reads, c.fusion.clipped_reads),
        (Some(0), Some(4))
    );
    assert!(
        c.not_a_finding_because
            .iter()
            .any(|w| w.contains("0 split read(s), below 1")),
        "{:?}",
        c.not_a_finding_because
    );

    sim.a_piece_mapq = None;
    sim.split_reads(&reciprocal_v1(), 1, Tweak::default());
    let r = bam_report(&sim);
    assert_eq!(r.fusions.len(), 1, "{:#?}", r.candidates);
    let f = &r.fusions[0];
    assert_eq!(f.variant.as_deref(), Some("V1 (E13;A20)"));
    assert!(f.notes.iter().any(|n| n.contains("reciprocal junction")));
    assert!(
        f.notes.iter().any(|n| n.contains("below MAPQ 20")),
        "{:?}",
        f.notes
    );

    let mut sim = SimBam::new(Build::GRCh38, "RECIPROCAL_TWO");
    sim.split_reads(&reciprocal_v1(), 2, Tweak::default());
    let r = bam_report(&sim);
    assert!(r.fusions.is_empty() && r.candidates.is_empty(), "{r:#?}");
}

#[test]
fn partner_on_a_decoy_contig_is_refused() {
    let mut contigs: Vec<(&str, u64)> = Build::GRCh38.contig_lengths().to_vec();
    contigs.push(("14_GL000225v1_random", 211_173));
    let mut sim = SimBam::new(Build::GRCh38, "DECOY").with_contigs(&contigs);
    let j = Junction {
        a: End::dna("2", 29224100, true),
        b: End::dna("14_GL000225v1_random", 100_000, true),
    };
    sim.split_reads(&j, 8, Tweak::default());
    sim.discordant_pairs(&j, 5, Tweak::default());
    let r = bam_report(&sim);
    assert!(r.fusions.is_empty(), "{:#?}", r.fusions);
    assert_eq!(r.candidates.len(), 1);
    let why = &r.candidates[0].not_a_finding_because;
    assert!(
        why.iter()
            .any(|w| w.contains("decoy, alternate or unplaced")),
        "{why:?}"
    );
}

/// RNA reads spliced EML4 exon 5 → 6 → 6b (33 nt into intron 6) → ALK exon 20: V3b, in
/// frame, a finding; no E5;A20.
#[test]
fn eml4_exon_6b_junction_is_v3b() {
    let mut sim = SimBam::new(Build::GRCh38, "RNA_V3B");
    let e6b_end = EML4_38_EX6.1 + 33;
    let j = Junction {
        a: End::rna("2", ALK38_EX20.1, true, &[ALK38_EX20, ALK38_EX21]),
        b: End::rna(
            "2",
            e6b_end,
            true,
            &[EML4_38_EX4, EML4_38_EX5, (EML4_38_EX6.0, e6b_end)],
        ),
    };
    sim.split_reads(&j, 6, Tweak::default());
    let r = bam_report(&sim);
    assert_eq!(r.fusions.len(), 1, "{:#?} {:#?}", r.fusions, r.candidates);
    let f = &r.fusions[0];
    assert_eq!(f.variant.as_deref(), Some("V3b (E6b;A20)"), "{:?}", f.notes);
    assert_eq!(f.in_frame, Some(true), "{:?}", f.notes);
    let all = r
        .fusions
        .iter()
        .chain(r.candidates.iter().map(|c| &c.fusion));
    assert!(all.clone().all(|f| f.partner_exon != Some(5)));
}

const STAR_HEADER: &str = "#FusionName\tJunctionReadCount\tSpanningFragCount\tSpliceType\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint\n";

#[test]
fn lncrna_partner_and_thin_rna_support_are_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let table = format!(
        "{STAR_HEADER}\
         LINC01234--ALK\t3\t0\tONLY_REF_SPLICE\tLINC01234^ENSG00000000001.1\tchr6:110000000:+\tALK^ENSG00000171094.18\tchr2:{ALK38_EX2_END}:-\n\
         EML4--ALK\t1\t0\tONLY_REF_SPLICE\tEML4^ENSG00000143924.19\tchr2:42295516:+\tALK^ENSG00000171094.18\tchr2:{}:-\n\
         EML4--ALK\t12\t9\tONLY_REF_SPLICE\tEML4^ENSG00000143924.19\tchr2:42264731:+\tALK^ENSG00000171094.18\tchr2:{}:-\n",
        ALK38_EX20.1, ALK38_EX20.1
    );
    let path = write_file(dir.path(), "sf.tsv", table.as_bytes());
    let r = one(&FusionInputs {
        star_fusion: vec![path],
        ..Default::default()
    });
    assert_eq!(r.fusions.len(), 1, "{:#?}", r.fusions);
    assert_eq!(r.fusions[0].variant.as_deref(), Some("V3a (E6a;A20)"));
    assert_eq!(r.candidates.len(), 2, "{:#?}", r.candidates);
    let lnc = r
        .candidates
        .iter()
        .find(|c| c.fusion.partner == "LINC01234")
        .unwrap();
    assert_eq!(lnc.fusion.alk_exon, Some(2));
    assert!(lnc
        .not_a_finding_because
        .iter()
        .any(|w| w.contains("unknown significance")));
    let thin = r
        .candidates
        .iter()
        .find(|c| c.fusion.partner == "EML4")
        .unwrap();
    assert!(thin
        .not_a_finding_because
        .iter()
        .any(|w| w.contains("below 2")));
}

#[test]
fn arriba_low_confidence_is_a_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let table = "#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\tsplit_reads1\tsplit_reads2\tdiscordant_mates\tconfidence\tdirection1\tdirection2\n\
         EML4\tALK\t+/+\t-/-\tchr2:42295516\tchr2:29223528\t5\t4\t6\tlow\tdownstream\tdownstream\n";
    let path = write_file(dir.path(), "arriba.tsv", table.as_bytes());
    let r = one(&FusionInputs {
        arriba: vec![path],
        ..Default::default()
    });
    assert!(r.fusions.is_empty());
    assert_eq!(r.candidates.len(), 1);
    assert!(r.candidates[0]
        .not_a_finding_because
        .iter()
        .any(|w| w.contains("Arriba confidence low")));
}

/// `alkres run`: candidates (a lncRNA partner, a thin EML4 junction) are in the JSON with
/// their counts and in the HTML, never in the verdict.
#[test]
fn a_candidate_stays_out_of_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let table = format!(
        "{STAR_HEADER}\
         LINC01234--ALK\t3\t0\tONLY_REF_SPLICE\tLINC01234^ENSG00000000001.1\tchr6:110000000:+\tALK^ENSG00000171094.18\tchr2:{ALK38_EX2_END}:-\n\
         EML4--ALK\t1\t0\tONLY_REF_SPLICE\tEML4^ENSG00000143924.19\tchr2:42295516:+\tALK^ENSG00000171094.18\tchr2:{}:-\n",
        ALK38_EX20.1
    );
    let path = write_file(dir.path(), "sf.tsv", table.as_bytes());
    let out = dir.path().join("out");
    alkres()
        .args(["run", "--sample", "W", "--build", "GRCh38", "--star-fusion"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let find = |ext: &str| file_ending(&out, ext);
    let text = std::fs::read_to_string(find(".grch38.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["fusions"].as_array().unwrap().len(), 0);
    let cands = v["fusion_candidates"].as_array().unwrap();
    assert_eq!(cands.len(), 2);
    assert!(cands
        .iter()
        .any(|c| c["partner"] == "EML4" && c["split_reads"] == 1));
    // The findings part of the verdict (mechanisms and drug calls) never names a candidate;
    // the strategies' free text may mention EML4-ALK in general.
    let verdict = format!("{} {}", v["verdict"]["mechanisms"], v["verdict"]["drugs"]);
    assert!(
        !verdict.contains("EML4") && !verdict.contains("LINC01234"),
        "{verdict}"
    );
    let html = std::fs::read_to_string(find(".html")).unwrap();
    assert!(html.contains("Fusion candidates (2, not findings)"));
}
