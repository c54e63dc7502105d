//! Build evidence from the data: a VCF with no `##contig` lines is placed by the agreement
//! of its REF alleles with the shipped sequence. GRCh38 records (TP53 exon 5 around R175H,
//! chr17:7675088 on GRCh38 as Ensembl VEP places it; pVACtools example VCF,
//! griffithlab/pVACtools@0c05768) run with `--build GRCh37` must exit 4 (it used to exit 0
//! with no findings), and without `--build` the build is inferred and said.

mod common;

use alkres::genome::{Build, KnownSequence};
use common::{alkres, write_file};

fn grch38_vcf_without_contigs() -> String {
    let known = KnownSequence::shipped().unwrap();
    let mut vcf = String::from(
        "##fileformat=VCFv4.2\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n\
         #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\n",
    );
    for pos in 7_675_088u64..7_675_094 {
        let base = known.base(Build::GRCh38, "17", pos).unwrap() as char;
        let alt = if base == 'A' { 'G' } else { 'A' };
        vcf.push_str(&format!(
            "17\t{pos}\t.\t{base}\t{alt}\t.\tPASS\t.\tGT\t0/1\n"
        ));
    }
    vcf
}

#[test]
fn a_contradicted_build_exits_4_and_a_missing_one_is_inferred() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(
        dir.path(),
        "no_contigs.vcf",
        grch38_vcf_without_contigs().as_bytes(),
    );
    let out = dir.path().join("wrong");
    let assert = alkres()
        .args(["annotate", "--build", "GRCh37", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(4);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("REF agrees with GRCh38"), "{stderr}");
    assert!(
        !out.join("T1.alkres.grch37.json").exists(),
        "no output on error"
    );

    let out = dir.path().join("inferred");
    alkres()
        .args(["annotate", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("T1.alkres.grch38.json")).unwrap())
            .unwrap();
    let evidence = report["run"]["build_evidence"].as_str().unwrap();
    assert!(
        evidence.contains("REF agrees with GRCh38 at 6 of 6"),
        "{evidence}"
    );
    let r175h = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["pos"] == 7675088 && f["gene"] == "TP53");
    assert!(r175h, "named on the inferred build");

    let out = dir.path().join("right");
    alkres()
        .args(["annotate", "--build", "GRCh38", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
}
