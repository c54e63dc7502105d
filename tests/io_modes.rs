//! The same answer whatever the input form (file, stdin, gzip, BGZF, BCF, indexed) and the
//! output form (-Ov, -Oz, -Ob, --keep-all).

mod common;

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use common::{alkres, fixture, grch38_header, write_file};
use serde_json::Value;

fn example() -> PathBuf {
    fixture("test-data/example/P01.vcf")
}

fn run(args: &[&str], input: &Path, out: &Path) -> Value {
    alkres()
        .arg("annotate")
        .args(args)
        .arg("-i")
        .arg(input)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    read_json(out, "P01")
}

fn read_json(out: &Path, sample: &str) -> Value {
    let text = std::fs::read_to_string(out.join(format!("{sample}.alkres.grch38.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Findings without the provenance that legitimately differs between runs.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["gene"].as_str().unwrap().to_string(),
                f["hgvs_c"].as_str().unwrap_or("").to_string(),
                f["hgvs_p"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn vcf_records(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.starts_with('#')).collect()
}

#[test]
fn stdin_gzip_bgzf_and_bcf_inputs_agree() {
    let dir = tempfile::tempdir().unwrap();
    let plain = run(&[], &example(), &dir.path().join("plain"));
    assert_eq!(findings(&plain).len(), 3, "G1202R, L1196M, KRAS G12C");

    let bgzf = run(
        &[],
        &fixture("test-data/example/P01.vcf.gz"),
        &dir.path().join("bgzf"),
    );
    assert_eq!(findings(&bgzf), findings(&plain));

    // plain (non-BGZF) gzip
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&std::fs::read(example()).unwrap()).unwrap();
    let gz_path = write_file(dir.path(), "P01.vcf.gz", &gz.finish().unwrap());
    assert_eq!(
        findings(&run(&[], &gz_path, &dir.path().join("gz"))),
        findings(&plain)
    );

    // stdin
    let out = dir.path().join("stdin");
    alkres()
        .args(["annotate", "-i", "-", "-o"])
        .arg(&out)
        .pipe_stdin(example())
        .unwrap()
        .assert()
        .success();
    assert_eq!(findings(&read_json(&out, "P01")), findings(&plain));

    // BCF written by noodles from the same records
    let bcf_path = dir.path().join("P01.bcf");
    {
        let mut reader = noodles::vcf::io::reader::Builder::default()
            .build_from_path(example())
            .unwrap();
        let header = reader.read_header().unwrap();
        let mut writer = noodles::bcf::io::Writer::new(std::fs::File::create(&bcf_path).unwrap());
        writer.write_header(&header).unwrap();
        use noodles::vcf::variant::io::Write as _;
        for record in reader.record_bufs(&header) {
            writer
                .write_variant_record(&header, &record.unwrap())
                .unwrap();
        }
        writer.try_finish().unwrap();
    }
    let bcf = run(&[], &bcf_path, &dir.path().join("bcf"));
    assert_eq!(findings(&bcf), findings(&plain));
}

#[test]
fn indexed_input_reads_only_the_panel_and_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let vcf = dir.path().join("P01.vcf.gz");
    std::fs::copy(fixture("test-data/example/P01.vcf.gz"), &vcf).unwrap();
    match noodles::vcf::fs::index(&vcf).unwrap() {
        noodles::vcf::Index::Tabix(index) => {
            noodles::tabix::fs::write(dir.path().join("P01.vcf.gz.tbi"), &index).unwrap()
        }
        noodles::vcf::Index::Csi(index) => {
            noodles::csi::fs::write(dir.path().join("P01.vcf.gz.csi"), &index).unwrap()
        }
    }

    let indexed = run(&[], &vcf, &dir.path().join("indexed"));
    assert!(indexed["run"]["read_mode"]
        .as_str()
        .unwrap()
        .starts_with("indexed"));
    assert_eq!(
        indexed["stats"]["records_outside_panel"], 0,
        "only panel regions are read"
    );
    let streamed = run(&[], &example(), &dir.path().join("streamed"));
    assert_eq!(findings(&indexed), findings(&streamed));
    assert_eq!(
        indexed["stats"]["records_in_panel"],
        streamed["stats"]["records_in_panel"]
    );
}

#[test]
fn output_types_and_keep_all() {
    let dir = tempfile::tempdir().unwrap();
    let input_text = std::fs::read_to_string(example()).unwrap();
    let input_records = vcf_records(&input_text).len();

    // -Ov: panel records only, with INFO added and provenance in the header
    let out = dir.path().join("v");
    let report = run(&["-O", "v"], &example(), &out);
    let text = std::fs::read_to_string(out.join("P01.alkres.grch38.vcf")).unwrap();
    assert_eq!(
        vcf_records(&text).len() as u64,
        report["stats"]["records_in_panel"].as_u64().unwrap()
    );
    assert!(text.contains("##alkresVersion="));
    assert!(text.contains("##alkresKB=alkres-kb "));
    assert!(text.contains("##alkresCommand="));
    assert!(text.contains("ALKRES_PROTEIN=G1202R"));
    noodles::vcf::io::Reader::new(text.as_bytes())
        .read_header()
        .expect("valid VCF header");

    // --keep-all -Oz: every record, bgzipped
    let out = dir.path().join("z");
    run(&["--keep-all", "-O", "z"], &example(), &out);
    let mut text = String::new();
    noodles::bgzf::io::Reader::new(
        std::fs::File::open(out.join("P01.alkres.grch38.vcf.gz")).unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    assert_eq!(vcf_records(&text).len(), input_records);
    // records outside the panel pass through byte for byte
    let first_input = vcf_records(&input_text)[0];
    assert!(vcf_records(&text).contains(&first_input));

    // -Ob: a BCF that noodles reads back with the same records
    let out = dir.path().join("b");
    run(&["--keep-all", "-O", "b"], &example(), &out);
    let mut reader = noodles::bcf::io::reader::Builder::default()
        .build_from_path(out.join("P01.alkres.grch38.bcf"))
        .unwrap();
    let header = reader.read_header().unwrap();
    assert!(header.infos().contains_key("ALKRES_HGVSP"));
    assert_eq!(reader.records().count(), input_records);
}

#[test]
fn filtered_records_are_counted_or_kept_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut vcf = grch38_header(&["T"]);
    // ALK c.3604G>A (G1202R) on GRCh38 is chr2:29220747 C>T, here failing a filter
    vcf.push_str("chr2\t29220747\t.\tC\tT\t50\tweak_evidence\tDP=80\tGT:AD\t0/1:70,10\n");
    let input = write_file(dir.path(), "f.vcf", vcf.as_bytes());
    let out = dir.path().join("default");
    alkres()
        .args(["annotate", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let report = read_json(&out, "T");
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    assert_eq!(report["stats"]["records_filtered_out"], 1);

    let out = dir.path().join("kept");
    alkres()
        .args(["annotate", "--include-filtered", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let report = read_json(&out, "T");
    let finding = &report["findings"][0];
    assert_eq!(finding["protein_short"], "G1202R");
    assert_eq!(finding["filtered"], true);
    assert_eq!(finding["filter"], "weak_evidence");
}

#[test]
fn sites_only_vcf_uses_info_fallbacks() {
    let dir = tempfile::tempdir().unwrap();
    let mut vcf = grch38_header(&[]).replace(
        "##FORMAT=<ID=GT",
        "##INFO=<ID=AF,Number=A,Type=Float,Description=\"AF\">\n##FORMAT=<ID=GT",
    );
    vcf.push_str("chr2\t29220747\t.\tC\tT\t50\tPASS\tDP=80;AF=0.12\n");
    let input = write_file(dir.path(), "tumour_only.vcf", vcf.as_bytes());
    let out = dir.path().join("o");
    alkres()
        .args(["annotate", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let report = read_json(&out, "tumour_only");
    let f = &report["findings"][0];
    assert_eq!(f["protein_short"], "G1202R");
    assert_eq!(f["vaf"], 0.12);
    assert_eq!(f["vaf_source"], "INFO/AF");
    assert_eq!(f["depth"], 80);
}

#[test]
fn every_sample_gets_its_own_files_with_only_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("tests/fixtures/small_variants/GRCh38.chr.multisample.vcf");
    alkres()
        .args(["annotate", "-O", "v", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(dir.path())
        .assert()
        .success();
    for sample in ["TUMOUR_CIS", "TUMOUR_UNPHASED", "TUMOUR_MULTI"] {
        let path = dir.path().join(format!("{sample}.alkres.grch38.vcf"));
        let file = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
        let chrom_line = file
            .lines()
            .map(Result::unwrap)
            .find(|l| l.starts_with("#CHROM"))
            .unwrap();
        assert!(
            chrom_line.ends_with(&format!("FORMAT\t{sample}")),
            "{chrom_line}"
        );
        assert!(dir
            .path()
            .join(format!("{sample}.alkres.grch38.tsv"))
            .exists());
    }
}

#[test]
fn write_index_gives_a_tabix_index_that_finds_the_panel_records() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    run(
        &["--keep-all", "-O", "z", "--write-index"],
        &example(),
        &out,
    );
    let vcf = out.join("P01.alkres.grch38.vcf.gz");
    let tbi = out.join("P01.alkres.grch38.vcf.gz.tbi");
    assert!(tbi.exists());
    let lines =
        alkres::io::indexed::read_regions(&vcf, &tbi, &[("2".to_string(), 29_220_000, 29_221_000)])
            .unwrap();
    assert_eq!(
        lines.len(),
        3,
        "G1202R, the synonymous L1198 and L1196M records"
    );
    alkres()
        .args(["annotate", "-O", "v", "--write-index", "-i"])
        .arg(example())
        .arg("-o")
        .arg(dir.path().join("v"))
        .assert()
        .code(2);
}
