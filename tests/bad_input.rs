//! Bad input gets a clear message naming the file and line, a distinct non-zero exit code,
//! and leaves no output behind.

mod common;

use common::{alkres, bgzip, files_in, grch38_header, write_file};
use predicates::str::contains;

/// ALK exon 28, GRCh38 chr2:29196800 is G (resources/reference/known_sequence.tsv).
const GOOD_RECORD: &str = "chr2\t29196800\t.\tG\tA\t50\tPASS\tDP=80\tGT:AD\t0/1:50,30\n";

fn run_expecting_failure(input: &[u8], name: &str, extra: &[&str], code: i32, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), name, input);
    let out = dir.path().join("out");
    let mut cmd = alkres();
    cmd.arg("annotate")
        .arg("-i")
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .args(extra);
    cmd.assert()
        .code(code)
        .stderr(contains(path.display().to_string()))
        .stderr(contains(message));
    assert!(
        files_in(&out).is_empty(),
        "no output may be left: {:?}",
        files_in(&out)
    );
}

#[test]
fn empty_file() {
    run_expecting_failure(b"", "empty.vcf", &[], 3, "empty file");
}

#[test]
fn malformed_record_names_the_line() {
    let mut vcf = grch38_header(&["T"]);
    vcf.push_str(GOOD_RECORD);
    vcf.push_str("chr2\tnot-a-number\t.\tG\tA\t50\tPASS\t.\tGT\t0/1\n");
    // header lines 1-9, then the good record on line 10, the bad one on line 11
    run_expecting_failure(vcf.as_bytes(), "bad.vcf", &[], 3, "line 11");
}

#[test]
fn malformed_panel_record_is_an_error_not_a_skip() {
    let mut vcf = grch38_header(&["T"]);
    vcf.push_str("chr2\t29196800\t.\tG\tA\t50\tPASS\tDP=80\tGT:AD\n");
    run_expecting_failure(
        vcf.as_bytes(),
        "short.vcf",
        &[],
        3,
        "line 10: expected 10 tab-separated columns (8 fixed, FORMAT and 1 sample), found 9",
    );
}

#[test]
fn truncated_bgzip() {
    let mut vcf = grch38_header(&["T"]);
    for i in 0..2000 {
        vcf.push_str(&format!(
            "chr7\t{}\t.\tA\tC\t50\tPASS\t.\tGT:AD\t0/1:5,5\n",
            1000 + i * 10
        ));
    }
    let compressed = bgzip(vcf.as_bytes());
    let cut = &compressed[..compressed.len() / 2];
    run_expecting_failure(cut, "cut.vcf.gz", &[], 3, "truncated");
}

#[test]
fn unknown_contig() {
    let mut vcf = grch38_header(&["T"]);
    vcf.push_str("chrZ\t100\t.\tA\tC\t50\tPASS\t.\tGT\t0/1\n");
    run_expecting_failure(
        vcf.as_bytes(),
        "contig.vcf",
        &[],
        3,
        "unknown contig 'chrZ'",
    );
}

#[test]
fn ref_mismatch_is_a_build_error() {
    let mut vcf = grch38_header(&["T"]);
    vcf.push_str("chr2\t29196800\t.\tC\tA\t50\tPASS\t.\tGT\t0/1\n");
    run_expecting_failure(
        vcf.as_bytes(),
        "ref.vcf",
        &[],
        4,
        "does not match the GRCh38 reference",
    );
}

#[test]
fn build_flag_contradicting_contig_lengths() {
    let mut vcf = grch38_header(&["T"]);
    vcf.push_str(GOOD_RECORD);
    run_expecting_failure(vcf.as_bytes(), "b.vcf", &["--build", "GRCh37"], 4, "GRCh38");
}

#[test]
fn no_build_evidence_asks_for_build() {
    let vcf = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
    run_expecting_failure(vcf.as_bytes(), "nobuild.vcf", &[], 4, "--build");
}

#[test]
fn not_a_vcf() {
    run_expecting_failure(
        b"hello\tworld\n",
        "text.vcf",
        &[],
        3,
        "expected '##fileformat=VCF",
    );
}

#[test]
fn unknown_sample_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut vcf = grch38_header(&["T"]);
    vcf.push_str(GOOD_RECORD);
    let path = write_file(dir.path(), "s.vcf", vcf.as_bytes());
    alkres()
        .args(["annotate", "-s", "NOPE", "-o"])
        .arg(dir.path().join("out"))
        .arg("-i")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(contains("sample 'NOPE' is not in"));
}

#[cfg(unix)]
fn samtools_in(dir: &std::path::Path, args: &[&str]) {
    let status = std::process::Command::new("samtools")
        .args(args)
        .current_dir(dir)
        .status()
        .expect("samtools is required (scripts/setup.sh installs it)");
    assert!(status.success(), "samtools {args:?}");
}

/// A coordinate-sorted SAM of `n` 100-base reads on GRCh38 chr2 from ALK exon 23 on.
#[cfg(unix)]
fn alk_sam(n: usize) -> String {
    let mut sam =
        String::from("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr2\tLN:242193529\n@RG\tID:rg\tSM:T\n");
    for i in 0..n {
        let seq: String = (0..100)
            .map(|j| b"ACGT"[(i * 7 + j * 3) % 4] as char)
            .collect();
        let pos = 29_190_000 + i * 37;
        sam.push_str(&format!(
            "r{i}\t0\tchr2\t{pos}\t60\t100M\t*\t0\t0\t{seq}\t{}\tRG:Z:rg\n",
            "I".repeat(100)
        ));
    }
    sam
}

#[cfg(unix)]
#[test]
fn stale_bam_index_is_named_as_the_cause() {
    // b.bam with the index of another, bigger BAM beside it: the error must name the index.
    let dir = tempfile::tempdir().unwrap();
    let samtools = |args: &[&str]| samtools_in(dir.path(), args);
    write_file(dir.path(), "a.sam", alk_sam(20_000).as_bytes());
    write_file(dir.path(), "b.sam", alk_sam(300).as_bytes());
    samtools(&["view", "-b", "-o", "a.bam", "a.sam"]);
    samtools(&["index", "a.bam"]);
    samtools(&["view", "-b", "-o", "b.bam", "b.sam"]);
    std::fs::copy(dir.path().join("a.bam.bai"), dir.path().join("b.bam.bai")).unwrap();
    let out = dir.path().join("out");
    alkres()
        .args(["fusions", "--build", "GRCh38", "-b"])
        .arg(dir.path().join("b.bam"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(contains("b.bam.bai"))
        .stderr(contains("index"));
    assert!(files_in(&out).is_empty());
}

/// The other side of the stale-index diagnosis: a BAM cut short beside its own (valid) index
/// is the file's fault, and the message must not blame the index.
#[cfg(unix)]
#[test]
fn truncated_bam_is_not_blamed_on_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let samtools = |args: &[&str]| samtools_in(dir.path(), args);
    write_file(dir.path(), "a.sam", alk_sam(20_000).as_bytes());
    // Uncompressed BGZF blocks (-u) so the cut lands inside records, not in a gzip stream.
    samtools(&["view", "-u", "-o", "a.bam", "a.sam"]);
    samtools(&["index", "a.bam"]);
    let bam = dir.path().join("a.bam");
    let bytes = std::fs::read(&bam).unwrap();
    std::fs::write(&bam, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let out = dir.path().join("out");
    let assert = alkres()
        .args(["fusions", "--build", "GRCh38", "-b"])
        .arg(&bam)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("a.bam"), "{stderr}");
    assert!(!stderr.contains("re-index"), "{stderr}");
    assert!(files_in(&out).is_empty());
}

/// A CRAM decoded with a `--reference` other than the one it was written with: the message
/// says that the reference may be the cause (htslib only says "truncated record"), and does
/// not blame the index. The two FASTAs differ at every 50th base of the reads' span.
#[cfg(unix)]
#[test]
fn cram_with_another_reference_names_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let length = 29_400_000usize;
    let mut state = 7u64;
    let mut genome: Vec<u8> = (0..length)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            b"ACGT"[(state >> 33) as usize % 4]
        })
        .collect();
    let fasta = |name: &str, seq: &[u8]| {
        let mut text = Vec::with_capacity(seq.len() + seq.len() / 60 + 8);
        text.extend_from_slice(b">chr2\n");
        for line in seq.chunks(60) {
            text.extend_from_slice(line);
            text.push(b'\n');
        }
        write_file(dir.path(), name, &text);
        samtools_in(dir.path(), &["faidx", name]);
    };
    fasta("written.fa", &genome);
    let mut sam =
        format!("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr2\tLN:{length}\n@RG\tID:rg\tSM:T\n");
    for i in 0..2_000 {
        let pos = 29_190_000 + i * 37;
        let seq = std::str::from_utf8(&genome[pos - 1..pos + 99]).unwrap();
        sam.push_str(&format!(
            "r{i}\t0\tchr2\t{pos}\t60\t100M\t*\t0\t0\t{seq}\t{}\tRG:Z:rg\n",
            "I".repeat(100)
        ));
    }
    write_file(dir.path(), "r.sam", sam.as_bytes());
    samtools_in(
        dir.path(),
        &["view", "-C", "-T", "written.fa", "-o", "r.cram", "r.sam"],
    );
    samtools_in(dir.path(), &["index", "r.cram"]);
    for pos in (29_190_000..29_270_000).step_by(50) {
        genome[pos] = if genome[pos] == b'A' { b'C' } else { b'A' };
    }
    fasta("other.fa", &genome);
    let run = |reference: &str, out: &str| {
        alkres()
            .args(["fusions", "--build", "GRCh38", "-b"])
            .arg(dir.path().join("r.cram"))
            .arg("--reference")
            .arg(dir.path().join(reference))
            .arg("-o")
            .arg(dir.path().join(out))
            .assert()
    };
    run("written.fa", "right").success();
    let stderr = run("other.fa", "wrong").code(3).get_output().stderr.clone();
    let stderr = String::from_utf8_lossy(&stderr);
    assert!(
        stderr.contains("--reference is not the FASTA it was written with"),
        "{stderr}"
    );
    assert!(!stderr.contains("re-index"), "{stderr}");
    assert!(files_in(&dir.path().join("wrong")).is_empty());
}

/// Hartwig's PURPLE/PAVE writes `IMPACT` (Number=10, String) with empty list items and
/// GRIDSS's `SEGID` (Integer) as `41729_0`; htslib reads both. Measured on
/// hartwigmedical/hmftools@f292edd581861da29c88ba0e93be92143e5fec9b:cuppa/src/test/resources/
/// pipeline_output/TUMOR_SAMPLE/TUMOR_SAMPLE.purple.somatic.vcf.gz (GPL-3, so not copied):
/// its EGFR T790M record on line 115 failed the whole run. The record below has the same
/// INFO shape (on GRCh38). Those entries are left out of reading, listed, and the variant
/// is still named.
#[test]
fn info_values_off_their_definition_are_left_out_and_listed_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let mut vcf = grch38_header(&["T"]).replace(
        "##FORMAT=<ID=GT,",
        "##INFO=<ID=IMPACT,Number=10,Type=String,Description=\"Variant Impact\">\n\
         ##INFO=<ID=SEGID,Number=.,Type=Integer,Description=\"Segment ids\">\n\
         ##FORMAT=<ID=GT,",
    );
    vcf.push_str(
        "chr7\t55181378\t.\tC\tT\t1399\tPASS\tIMPACT=EGFR,ENST00000275493,missense_variant,\
         MISSENSE,false,c.2369C>T,p.Thr790Met,,MISSENSE,2;SEGID=41729_0;DP=1169\t\
         GT:AD\t0/1:1106,61\n",
    );
    let path = write_file(dir.path(), "purple.vcf", vcf.as_bytes());
    for output_type in ["v", "b"] {
        let out = dir.path().join(format!("out-{output_type}"));
        let assert = alkres()
            .args(["annotate", "-O", output_type, "-i"])
            .arg(&path)
            .arg("-o")
            .arg(&out)
            .assert()
            .success()
            .stderr(contains(
                "1 record(s) with INFO values that do not fit their ##INFO definition",
            ))
            .stderr(contains("line 12: INFO/IMPACT (empty value), INFO/SEGID ("));
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains("T: 1 finding(s)"), "{stderr}");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("T.alkres.grch38.json")).unwrap())
                .unwrap();
        let finding = &json["findings"][0];
        assert_eq!(finding["gene"], "EGFR");
        assert_eq!(finding["hgvs_p"], "p.Thr790Met");
        assert_eq!(finding["depth"], 1167, "{finding}");
    }
    let text = std::fs::read_to_string(dir.path().join("out-v/T.alkres.grch38.vcf")).unwrap();
    assert!(
        text.contains(",p.Thr790Met,,MISSENSE,2;SEGID=41729_0"),
        "kept as written"
    );
}
