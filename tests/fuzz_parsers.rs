//! Fuzzing (issue 13, item 6): proptest mutates valid seeds of every reader alkres exposes
//! (the VCF record parser, the SV ALT parser, the sample sheet, the KB tables, the CNVkit,
//! Arriba and STAR-Fusion readers) and checks that none panics and that every error names
//! its file and, for a bad data row, the line. The case count is bounded so CI stays fast:
//! `FUZZ_CASES` per target (default 256; e.g. `ALKRES_FUZZ_CASES=5000` to explore locally).

use std::path::Path;

use alkres::fusion::naming::Namer;
use alkres::genome::{Build, KnownSequence};
use alkres::kb::KnowledgeBase;
use alkres::transcript::TranscriptSet;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases() -> u32 {
    std::env::var("ALKRES_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Edits of a seed: (position fraction, byte, kind) — replace, insert or delete one byte.
fn edits() -> impl Strategy<Value = Vec<(f64, u8, u8)>> {
    // Bytes that matter to these formats, and any byte at all.
    let byte = prop_oneof![
        3 => prop::sample::select(b"\t\n,;:=|/.-+[]<>#0123456789eEnNaAiI \r\"".to_vec()),
        1 => any::<u8>(),
    ];
    prop::collection::vec((0.0..1.0f64, byte, 0..3u8), 1..6)
}

/// Apply edits to `text` from byte `from` on (the part before stays intact: a header row).
fn mutate(text: &str, from: usize, edits: &[(f64, u8, u8)]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, byte, kind) in edits {
        let span = bytes.len().saturating_sub(from).max(1);
        let i = (from + (at * span as f64) as usize).min(bytes.len().saturating_sub(1));
        match kind {
            0 if !bytes.is_empty() => bytes[i] = byte,
            1 => bytes.insert(i, byte),
            _ if bytes.len() > from + 1 => {
                bytes.remove(i);
            }
            _ => {}
        }
    }
    bytes
}

/// The error text names the file; a bad row after an intact header names a line.
fn assert_names_file(message: &str, path: &Path) -> Result<(), TestCaseError> {
    let label = path.display().to_string();
    prop_assert!(
        message.contains(&label),
        "error lacks the file name: {message}"
    );
    Ok(())
}

fn header_end(text: &str) -> usize {
    text.find('\n').map_or(0, |i| i + 1)
}

/// Run `read` on every mutation of `seed` (written to a file); count the errors.
fn fuzz_file(
    name: &str,
    seed: &str,
    keep: usize,
    read: impl Fn(&Path) -> Result<(), String>,
) -> (u32, u32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let errors = std::cell::Cell::new(0u32);
    let total = std::cell::Cell::new(0u32);
    runner()
        .run(&edits(), |e| {
            let bytes = mutate(seed, keep, &e);
            std::fs::write(&path, &bytes).unwrap();
            total.set(total.get() + 1);
            if let Err(message) = read(&path) {
                errors.set(errors.get() + 1);
                assert_names_file(&message, &path)?;
                // Only the data rows changed: a row-level error says which line.
                let header_kept = bytes.starts_with(&seed.as_bytes()[..keep]);
                let whole_file = message.contains("no ") || message.contains("empty");
                prop_assert!(
                    !header_kept || whole_file || message.contains("line "),
                    "error lacks the line: {message}\ninput: {:?}",
                    String::from_utf8_lossy(&bytes)
                );
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "fuzz {name}: {} cases, {} clear errors",
        total.get(),
        errors.get()
    );
    (total.get(), errors.get())
}

const VCF_HEADER: &str = "##fileformat=VCFv4.2\n##contig=<ID=chr2,length=242193529>\n##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allele depths\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n";
const VCF_RECORD: &str = "chr2\t29220747\t.\tC\tT,G\t50\tPASS\tDP=90\tGT:AD\t0/1:49,41,0";

#[test]
fn vcf_record_parser_never_panics() {
    let header: noodles::vcf::Header = VCF_HEADER.parse().unwrap();
    let errors = std::cell::Cell::new(0u32);
    runner()
        .run(&edits(), |e| {
            let line = mutate(VCF_RECORD, 0, &e);
            let line = line.split(|&b| b == b'\n').next().unwrap_or_default();
            if let Err(e) = alkres::detect::small_variant::parse_record(&header, line, 1) {
                errors.set(errors.get() + 1);
                prop_assert!(!e.message.is_empty() && e.line == 1);
            }
            let _ = alkres::io::vcf_line::chrom_pos(line);
            Ok(())
        })
        .unwrap();
    eprintln!(
        "fuzz VCF record: {} cases, {} clear errors",
        cases(),
        errors.get()
    );
}

#[test]
fn sv_alt_parser_never_panics() {
    let alt = prop_oneof![
        Just("N[chr2:29223528[".to_string()),
        Just("]chr2:42295516]N".to_string()),
        Just("<DEL>".to_string()),
        "[\\[\\]<>:.A-Za-z0-9_\\-]{0,24}",
    ];
    let info_text = "(INV|BND|DEL|DUP|TRA)?";
    runner()
        .run(
            &(alt, edits(), info_text, 0u64..300_000_000, any::<bool>()),
            |(alt, e, svtype, end, inv)| {
                let mutated = String::from_utf8_lossy(&mutate(&alt, 0, &e)).into_owned();
                for text in [&alt, &mutated] {
                    let _ = alkres::fusion::sv::parse_bracket(text);
                    let info = alkres::fusion::sv::SvInfo {
                        svtype: (!svtype.is_empty()).then_some(svtype.as_str()),
                        end: Some(end),
                        chr2: Some("chr2"),
                        pos2: Some(end),
                        ct: Some("3to5"),
                        strands: Some("+-:4"),
                        inv3: inv,
                        inv5: !inv,
                    };
                    let _ = alkres::fusion::sv::describe("chr2", 29223528, text, &info);
                }
                Ok(())
            },
        )
        .unwrap();
    eprintln!("fuzz SV ALT: {} cases", cases());
}

#[test]
fn sample_sheet_reader_never_panics() {
    let kb = KnowledgeBase::shipped().unwrap();
    let seed = "sample,vcf,prior_tkis,timepoint,months_on_treatment\n# a comment\nP1,p1.vcf,alectinib,progression,14\nP2,p2.vcf,crizotinib;alectinib,baseline,\n";
    fuzz_file("sheet.csv", seed, header_end(seed), |path| {
        alkres::pipeline::batch::read_sheet(path, &kb)
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
}

#[test]
fn kb_tables_never_panic() {
    let seed = "alteration\tdrug\tcall\tevidence\tic50_nm\tcitation\tnote\nALK:G1202R\tlorlatinib\tsensitive\tclinical\t49.9\tshaw2019\tuser row\n";
    let dir = tempfile::tempdir().unwrap();
    let kb_dir = dir.path().join("kb");
    std::fs::create_dir_all(&kb_dir).unwrap();
    let (total, errors) = (std::cell::Cell::new(0u32), std::cell::Cell::new(0u32));
    runner()
        .run(&edits(), |e| {
            let bytes = mutate(seed, header_end(seed), &e);
            let path = kb_dir.join("calls.tsv");
            std::fs::write(&path, &bytes).unwrap();
            total.set(total.get() + 1);
            let mut kb = KnowledgeBase::shipped().unwrap();
            if let Err(error) = kb.extend_from_dir(&kb_dir) {
                errors.set(errors.get() + 1);
                prop_assert_eq!(error.exit_code(), 5, "{}", error);
                let message = error.to_string();
                prop_assert!(message.contains("calls.tsv"), "{}", message);
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "fuzz KB calls.tsv: {} cases, {} clear errors",
        total.get(),
        errors.get()
    );
}

#[test]
fn cnvkit_reader_never_panics() {
    let seed = "chromosome\tstart\tend\tgene\tlog2\tdepth\tprobes\tweight\nchr2\t29192774\t29921586\tALK\t1.9\t400\t120\t0.9\nchr7\t116672196\t116798377\tMET\t0.05\t200\t80\t0.9\n";
    fuzz_file("sample.cns", seed, header_end(seed), |path| {
        alkres::copy_number::cnvkit::read(path)
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
}

fn namer_for<T>(f: impl FnOnce(&Namer) -> T) -> T {
    let known = KnownSequence::shipped().unwrap();
    let set = TranscriptSet::shipped(Build::GRCh38, &known).unwrap();
    let namer = Namer::new(&set).unwrap();
    f(&namer)
}

#[test]
fn arriba_reader_never_panics() {
    let seed = "#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\tsite1\tsite2\ttype\tsplit_reads1\tsplit_reads2\tdiscordant_mates\tcoverage1\tcoverage2\tconfidence\treading_frame\nEML4\tALK\t+/+\t-/-\tchr2:42295516\tchr2:29223528\tsplice-site\tsplice-site\tinversion\t12\t31\t40\t120\t90\thigh\tin-frame\n";
    namer_for(|namer| {
        fuzz_file("fusions.tsv", seed, header_end(seed), |path| {
            alkres::fusion::rna::read_arriba(path, namer)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    });
}

#[test]
fn star_fusion_reader_never_panics() {
    let seed = "#FusionName\tJunctionReadCount\tSpanningFragCount\tSpliceType\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint\tFFPM\tPROT_FUSION_TYPE\nEML4--ALK\t12\t51\tONLY_REF_SPLICE\tEML4^ENSG00000143924.19\tchr2:42295516:+\tALK^ENSG00000171094.18\tchr2:29223528:-\t3.2\tINFRAME\n";
    namer_for(|namer| {
        fuzz_file("star-fusion.tsv", seed, header_end(seed), |path| {
            alkres::fusion::rna::read_star_fusion(path, namer)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    });
}
