//! Outputs are whole (issue 13, item 4): every VCF alkres writes passes `bcftools view`
//! (bcftools is required: scripts/setup.sh installs it), alkres reads its own VCFs back,
//! records keep the input's order with a tabix index (and duplicates are kept, flagged), a run
//! interrupted by SIGTERM or SIGINT leaves no temporary files, and `check` treats a damaged or missing output as a difference.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::{alkres, file_ending, files_in, grch38_header, write_file};

/// `bcftools view` (also the records: `-H` reads every one) accepts the file.
fn assert_bcftools_reads(vcf: &Path) {
    let out = Process::new("bcftools")
        .args(["view", "-H"])
        .arg(vcf)
        .output()
        .expect("bcftools is required for these tests (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "bcftools view rejects {}: {}\n{}",
        vcf.display(),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(vcf).unwrap_or_default()
    );
}

fn vcfs_in(dir: &Path) -> Vec<PathBuf> {
    files_in(dir)
        .into_iter()
        .filter(|p| {
            p.to_string_lossy().ends_with(".vcf") || p.to_string_lossy().ends_with(".vcf.gz")
        })
        .collect()
}

const G1202R: &str = "chr2\t29220747\t.\tC\tT\t50\tPASS\tDP=90\tGT:AD\t0/1:49,41";
const OUTSIDE: &str = "chr2\t1000000\t.\tA\tG\t50\tPASS\tDP=30\tGT:AD\t0/1:15,15";

/// A tiny deterministic generator (no seed files to keep): xorshift64.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One mutation of a valid record line: a byte replaced, deleted or inserted, a field
/// emptied, a tab dropped or added.
fn mutate(line: &str, rng: &mut Rng) -> String {
    let mut bytes = line.as_bytes().to_vec();
    let junk = b"\t;=,:./-x0A%\" ";
    let at = rng.below(bytes.len());
    match rng.below(4) {
        0 => bytes[at] = junk[rng.below(junk.len())],
        1 => {
            bytes.remove(at);
        }
        2 => bytes.insert(at, junk[rng.below(junk.len())]),
        _ => {
            let mut fields: Vec<&str> = line.split('\t').collect();
            let k = 2 + rng.below(fields.len() - 2); // keep CHROM/POS
            fields[k] = "";
            return fields.join("\t");
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Fuzzed records per run (ALKRES_FUZZ_CASES to explore more locally).
fn fuzz_cases() -> u64 {
    std::env::var("ALKRES_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
}

#[test]
fn keep_all_never_writes_a_vcf_bcftools_rejects() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x005e_ed13);
    let (mut written, mut refused) = (0, 0);
    for case in 0..fuzz_cases() {
        // Alternate: a malformed record outside the panel, then inside it.
        let (bad, text) = if case % 2 == 0 {
            let bad = mutate(OUTSIDE, &mut rng);
            let text = format!("{}{OUTSIDE}\n{bad}\n{G1202R}\n", grch38_header(&["T"]));
            (bad, text)
        } else {
            let bad = mutate(G1202R, &mut rng);
            let text = format!("{}{OUTSIDE}\n{bad}\n", grch38_header(&["T"]));
            (bad, text)
        };
        let input = write_file(tmp.path(), &format!("in{case}.vcf"), text.as_bytes());
        let out = tmp.path().join(format!("out{case}"));
        let result = alkres()
            .args(["annotate", "--keep-all", "-O", "v", "-i"])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        match result.status.code() {
            Some(0) => {
                written += 1;
                let vcfs = vcfs_in(&out);
                assert_eq!(vcfs.len(), 1, "{bad:?}");
                assert_bcftools_reads(&vcfs[0]);
            }
            // 3: bad record; 4: REF does not match the reference.
            Some(3 | 4) => {
                refused += 1;
                assert!(
                    files_in(&out).is_empty(),
                    "{bad:?}: output left after an error"
                );
                assert!(
                    stderr.contains("line 11") || stderr.contains("line 10"),
                    "{bad:?}: the error names the line: {stderr}"
                );
            }
            other => panic!("{bad:?}: exit {other:?}: {stderr}"),
        }
    }
    eprintln!(
        "keep-all fuzz: {written} written and read by bcftools, {refused} refused (exit 3/4)"
    );
    assert!(
        written > 0 && refused > 0,
        "{written} written, {refused} refused"
    );
}

/// KRAS G13D matches the KB entry KRAS:G13, which has no per-drug calls.
const KRAS_G13D: &str = "chr12\t25245347\t.\tC\tT\t50\tPASS\tDP=90\tGT:AD\t0/1:49,41";

#[test]
fn a_kb_entry_without_calls_writes_a_vcf_alkres_and_bcftools_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!("{}{KRAS_G13D}\n{G1202R}\n", grch38_header(&["T"]));
    let input = write_file(tmp.path(), "kras.vcf", text.as_bytes());
    let out = tmp.path().join("out");
    alkres()
        .args(["annotate", "-O", "v", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let vcf = vcfs_in(&out).pop().unwrap();
    let written = std::fs::read_to_string(&vcf).unwrap();
    let record = written.lines().find(|l| l.starts_with("chr12")).unwrap();
    assert!(record.contains("ALKRES_KB=KRAS:G13"), "{record}");
    for info in record.split('\t').nth(7).unwrap().split(';') {
        assert!(
            !info.ends_with('='),
            "empty INFO value {info:?} in {record}"
        );
    }
    assert_bcftools_reads(&vcf);
    // Its own output as input: read back, same findings.
    let again = tmp.path().join("again");
    alkres()
        .args(["annotate", "-O", "v", "-i"])
        .arg(&vcf)
        .arg("-o")
        .arg(&again)
        .assert()
        .success();
    let tsv = |dir: &Path| {
        let path = file_ending(dir, ".grch38.tsv");
        std::fs::read_to_string(path).unwrap()
    };
    assert_eq!(tsv(&out), tsv(&again));
}

#[test]
fn records_keep_the_input_order_with_a_tabix_index() {
    let tmp = tempfile::tempdir().unwrap();
    // Header order chr2, chr7, chr12; region order would be chr12, chr2, chr7.
    let egfr = "chr7\t55191822\t.\tT\tG\t50\tPASS\tDP=90\tGT:AD\t0/1:49,41";
    let text = format!("{}{G1202R}\n{egfr}\n{KRAS_G13D}\n", grch38_header(&["T"]));
    let plain = write_file(tmp.path(), "order.vcf", text.as_bytes());
    let status = Process::new("bgzip")
        .arg("-f")
        .arg(&plain)
        .status()
        .unwrap();
    assert!(status.success());
    let gz = tmp.path().join("order.vcf.gz");
    let status = Process::new("tabix")
        .args(["-p", "vcf"])
        .arg(&gz)
        .status()
        .unwrap();
    assert!(status.success());
    let out = tmp.path().join("out");
    let result = alkres()
        .args(["annotate", "-O", "v", "-i"])
        .arg(&gz)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let vcf = vcfs_in(&out).pop().unwrap();
    let chroms: Vec<String> = std::fs::read_to_string(&vcf)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(chroms, ["chr2", "chr7", "chr12"]);
    let json = files_in(&out)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    assert!(std::fs::read_to_string(json).unwrap().contains("indexed"));
    assert_bcftools_reads(&vcf);
}

#[cfg(unix)]
#[test]
fn sigterm_leaves_no_temporary_files() {
    killed_run_leaves_nothing("-TERM", 143);
}

#[cfg(unix)]
#[test]
fn sigint_leaves_no_partial_outputs() {
    // Ctrl-C at a terminal: the same clean-up as SIGTERM, exit 128 + 2.
    killed_run_leaves_nothing("-INT", 130);
}

/// Start `annotate` on a FIFO, wait until it is writing its outputs, send `signal`: the run
/// exits `code` and leaves neither outputs nor `.alkres-*.partial` files in `-o`.
#[cfg(unix)]
fn killed_run_leaves_nothing(signal: &str, code: i32) {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("in.vcf");
    let status = Process::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let out = tmp.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("alkres");
    let mut child = Process::new(bin)
        .args(["annotate", "-O", "v", "-i"])
        .arg(&fifo)
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Feed the header and one record, keep the pipe open: alkres waits for more.
    let mut writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    use std::io::Write;
    writeln!(writer, "{}{G1202R}", grch38_header(&["T"])).unwrap();
    writer.flush().unwrap();
    let partial = || {
        std::fs::read_dir(&out)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
                    .count()
            })
            .unwrap_or(0)
    };
    let start = std::time::Instant::now();
    while partial() == 0 && start.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(partial() > 0, "alkres should be writing its outputs");
    let status = Process::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    drop(writer);
    assert_eq!(
        status.code(),
        Some(code),
        "exit 128 + the signal ({signal})"
    );
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_duplicate_record_is_kept_in_the_vcf_flagged_and_counted_once() {
    // Outputs are whole: the annotated VCF has every input record in the input's order;
    // the repeat is flagged (ALKRES_DUP = the first one's line) and is no second finding.
    let tmp = tempfile::tempdir().unwrap();
    let header = grch38_header(&["T"]);
    let first_line = header.lines().count() + 1;
    let text = format!("{header}{G1202R}\n{OUTSIDE}\n{G1202R}\n");
    let input = write_file(tmp.path(), "dup.vcf", text.as_bytes());
    let out = tmp.path().join("out");
    let run = alkres()
        .args(["annotate", "-O", "v", "--keep-all", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("repeats line {first_line}")),
        "{stderr}"
    );
    let vcf = vcfs_in(&out).pop().unwrap();
    assert_bcftools_reads(&vcf);
    let written = std::fs::read_to_string(&vcf).unwrap();
    assert!(
        written.contains("##INFO=<ID=ALKRES_DUP,Number=1,Type=Integer,"),
        "no ALKRES_DUP definition in the header"
    );
    let records: Vec<&str> = written.lines().filter(|l| !l.starts_with('#')).collect();
    let positions: Vec<&str> = records
        .iter()
        .map(|r| r.split('\t').nth(1).unwrap())
        .collect();
    assert_eq!(positions, ["29220747", "1000000", "29220747"], "{written}");
    let info = |r: &str| r.split('\t').nth(7).unwrap().to_string();
    assert!(!info(records[0]).contains("ALKRES_DUP"), "{}", records[0]);
    assert!(
        info(records[0]).contains("ALKRES_PROTEIN=G1202R"),
        "{}",
        records[0]
    );
    assert!(
        info(records[2]).contains(&format!("ALKRES_DUP={first_line}")),
        "{}",
        records[2]
    );
    assert!(
        info(records[2]).contains("ALKRES_PROTEIN=G1202R"),
        "{}",
        records[2]
    );
    // Findings and the counts: G1202R once, the repeat counted.
    let json = file_ending(&out, ".json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let g1202r = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["protein_short"] == "G1202R")
        .count();
    assert_eq!(g1202r, 1, "{}", doc["findings"]);
    assert_eq!(doc["stats"]["duplicate_records"], 1, "{}", doc["stats"]);
    // Read back: the flagged copy is a duplicate again, the findings the same.
    let again = tmp.path().join("again");
    alkres()
        .args(["annotate", "-O", "v", "-i"])
        .arg(&vcf)
        .arg("-o")
        .arg(&again)
        .assert()
        .success();
    let rows = |dir: &Path| {
        let path = file_ending(dir, ".grch38.tsv");
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| l.contains("G1202R"))
            .count()
    };
    assert_eq!(rows(&out), 1);
    assert_eq!(rows(&again), 1);
    // Each INFO key once in the re-annotated records (the earlier ALKRES_* are replaced).
    let reread = std::fs::read_to_string(vcfs_in(&again).pop().unwrap()).unwrap();
    for record in reread.lines().filter(|l| !l.starts_with('#')) {
        let keys: Vec<&str> = info(record)
            .leak()
            .split(';')
            .map(|kv| kv.split('=').next().unwrap())
            .collect();
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(keys.len(), unique.len(), "repeated INFO key in {record}");
    }
}

#[test]
fn check_reports_a_damaged_or_missing_output() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!("{}{G1202R}\n", grch38_header(&["T"]));
    let input = write_file(tmp.path(), "g.vcf", text.as_bytes());
    let run = |name: &str| {
        let out = tmp.path().join(name);
        alkres()
            .args(["annotate", "-i"])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        out
    };
    let (want, got) = (run("want"), run("got"));
    alkres()
        .arg("check")
        .arg("--expected")
        .arg(&want)
        .arg(&got)
        .assert()
        .success();
    let stem = "T.alkres.grch38";
    std::fs::write(got.join(format!("{stem}.vcf.gz")), b"").unwrap();
    std::fs::write(got.join(format!("{stem}.tsv")), b"junk\n").unwrap();
    std::fs::remove_file(got.join(format!("{stem}.html"))).unwrap();
    let result = alkres()
        .arg("check")
        .arg("--expected")
        .arg(&want)
        .arg(&got)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(7));
    let listing = String::from_utf8_lossy(&result.stdout);
    for file in ["vcf.gz: unreadable", "tsv: ", "html: missing"] {
        assert!(
            listing.contains(&format!("{stem}.{file}")),
            "{file}: {listing}"
        );
    }
}
