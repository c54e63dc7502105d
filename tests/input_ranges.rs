//! Numeric arguments are range-checked (issue 13, item 3): a bad value exits 2 naming it;
//! `-t` is capped at the machine's processors; `completions` survives a closed stdout.

mod common;

use common::{alkres, fixture};

#[test]
fn months_on_treatment_refuses_negative_nan_and_infinite_values() {
    let vcf = fixture("tests/bad_inputs/support/g1202r.grch38.vcf");
    for bad in ["-1", "NaN", "inf"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let result = alkres()
            .args(["run", "--vcf"])
            .arg(&vcf)
            .args(["--prior-tkis", "alectinib", "--timepoint", "progression"])
            .args(["--months-on-treatment", bad, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.contains(&format!("'{bad}'")), "{bad}: {stderr}");
        assert!(!out.exists(), "{bad}: output written");
    }
}

#[test]
fn purity_outside_zero_one_is_refused() {
    let cns = fixture("test-data/cnv/amplicon.cns");
    for bad in ["0", "1.5", "-0.3", "NaN"] {
        let result = alkres()
            .args(["cnv", "--build", "GRCh38", "--cnvkit"])
            .arg(&cns)
            .args(["--purity", bad, "-o", "/nonexistent/never"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.contains(&format!("'{bad}'")), "{bad}: {stderr}");
    }
}

#[test]
fn threads_are_capped_at_the_machine() {
    let result = alkres()
        .args(["-t", "100000", "completions", "bash"])
        .output()
        .unwrap();
    assert!(result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("-t 100000") && stderr.contains("using"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn completions_and_man_survive_a_closed_stdout() {
    for command in ["completions bash", "man"] {
        let bin = assert_cmd::cargo::cargo_bin("alkres");
        let shell = format!("'{}' {command} | :; echo ${{PIPESTATUS[0]}}", bin.display());
        let out = std::process::Command::new("bash")
            .args(["-c", &shell])
            .output()
            .unwrap();
        let status = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(status.trim(), "0", "{command}: {stderr}");
        assert!(!stderr.contains("panicked"), "{command}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn check_survives_a_closed_stdout() {
    // Two runs, one output damaged: `check` reports differences (exit 7) even when nobody
    // reads its stdout, and does not panic.
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("tests/bad_inputs/support/g1202r.grch38.vcf");
    for name in ["expected", "new"] {
        alkres()
            .args(["annotate", "-O", "v", "-i"])
            .arg(&input)
            .arg("-o")
            .arg(dir.path().join(name))
            .assert()
            .success();
    }
    let tsv = dir.path().join("new/T.alkres.grch38.tsv");
    let mut text = std::fs::read_to_string(&tsv).unwrap();
    text.push_str("junk\trow\n");
    std::fs::write(&tsv, text).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("alkres");
    let shell = format!(
        "'{}' check --expected '{}' '{}' | :; echo ${{PIPESTATUS[0]}}",
        bin.display(),
        dir.path().join("expected").display(),
        dir.path().join("new").display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &shell])
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status.trim(), "7", "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
