//! Germline awareness and the choice among a VEP CSQ's transcripts, end to end through
//! `alkres annotate`: TP53 P72R (rs1042522; GRCh37 position from the committed CIViC
//! excerpt, CC0) is named but flagged germline and kept out of the KB and the verdict; a
//! record whose INFO gives a common population frequency is flagged the same way; and a
//! CSQ listing several HIP1 transcripts is read on alkres's own transcript, saying so.

mod common;

use common::{alkres, write_file};
use serde_json::Value;

const HEADER: &str = "##fileformat=VCFv4.2\n\
##INFO=<ID=gnomAD_AF,Number=A,Type=Float,Description=\"gnomAD allele frequency\">\n\
##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. Format: Allele|Consequence|SYMBOL|Feature|EXON|HGVSc|HGVSp|CANONICAL|MANE_SELECT|PICK\">\n\
##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n\
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\n";

fn annotate(records: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(
        dir.path(),
        "in.vcf",
        format!("{HEADER}{records}").as_bytes(),
    );
    let out = dir.path().join("out");
    alkres()
        .args(["annotate", "--build", "GRCh37", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    serde_json::from_str(&std::fs::read_to_string(out.join("T1.alkres.grch37.json")).unwrap())
        .unwrap()
}

fn all_variants(report: &Value) -> Vec<&Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .chain(report["other_variants"].as_array().into_iter().flatten())
        .collect()
}

#[test]
fn p72r_and_common_variants_are_germline_and_never_drive_a_call() {
    // TP53 P72R (17:7579472 G>C) and R175H (17:7578406 C>T, CIViC) in one tumour; KIT D816V
    // (4:55599321 A>T) with a population frequency no somatic hotspot has.
    let report = annotate(
        "4\t55599321\t.\tA\tT\t.\tPASS\tgnomAD_AF=0.2\tGT\t0/1\n\
         17\t7578406\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n\
         17\t7579472\trs1042522\tG\tC\t.\tPASS\t.\tGT\t0/1\n",
    );
    let variants = all_variants(&report);
    let p72r = variants
        .iter()
        .find(|f| f["protein_short"] == "P72R")
        .expect("P72R is named");
    assert!(p72r["kb"].is_null(), "{p72r:#}");
    let notes = p72r["notes"].to_string();
    assert!(notes.contains("rs1042522"), "{notes}");
    let kit = variants
        .iter()
        .find(|f| f["protein_short"] == "D816V")
        .unwrap();
    assert!(kit["kb"].is_null());
    assert!(
        kit["notes"].to_string().contains("gnomAD_AF=0.2"),
        "{kit:#}"
    );
    let findings = report["findings"].as_array().unwrap();
    assert!(findings
        .iter()
        .all(|f| f["protein_short"] != "P72R" && f["protein_short"] != "D816V"));
    let r175h = findings
        .iter()
        .find(|f| f["protein_short"] == "R175H")
        .unwrap();
    assert_eq!(r175h["kb"]["id"], "TP53:any");
    let labels: Vec<&str> = report["verdict"]["mechanisms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"TP53 R175H"), "{labels:?}");
    assert!(
        !labels
            .iter()
            .any(|l| l.contains("P72R") || l.contains("D816V")),
        "{labels:?}"
    );
}

#[test]
fn a_csq_with_several_transcripts_is_read_on_alkress_own_transcript() {
    // HIP1 ships exons but no CDS: the protein change comes from the CSQ. The first entry
    // is another transcript (VEP's order is not a choice); the second is alkres's own.
    let csq = "A|missense_variant|HIP1|ENST00000434438|3/30|ENST00000434438.2:c.300G>T|ENSP1:p.Lys100Asn|||,\
               A|missense_variant|HIP1|ENST00000336926|3/32|ENST00000336926.6:c.330G>T|ENSP2:p.Lys110Asn|YES|NM_005338.7|1";
    let report = annotate(&format!(
        "7\t75221750\t.\tC\tA\t.\tPASS\tCSQ={csq}\tGT\t0/1\n"
    ));
    let variants = all_variants(&report);
    let hip1 = variants
        .iter()
        .find(|f| f["gene"] == "HIP1")
        .expect("HIP1 named");
    assert_eq!(hip1["protein_short"], "K110N", "{hip1:#}");
    assert_eq!(hip1["source"], "VEP CSQ");
    assert!(
        hip1["notes"]
            .to_string()
            .contains("chosen: alkres's transcript"),
        "{hip1:#}"
    );
}
