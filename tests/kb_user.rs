//! A user `--kb` folder is read with the same checked vocabularies as the shipped KB: an
//! unknown value fails at load (exit 5) naming the table, line, column and allowed values,
//! on every subcommand that takes `--kb`; `kb validate --kb DIR` runs every check.

mod common;

use common::{alkres, bgzip, grch38_header, write_file};
use predicates::str::contains;

const HEADER: &str = "alteration\tdrug\tcall\tevidence\tic50_nm\tcitation\tnote\n";

fn user_kb(calls_rows: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "calls.tsv",
        format!("{HEADER}{calls_rows}").as_bytes(),
    );
    dir
}

#[test]
fn a_capitalised_call_fails_at_load_naming_table_line_column_and_allowed_values() {
    let kb = user_kb(
        "ALK:G1202R\tlorlatinib\tsensitive\tclinical\t\tshaw2019\tok\n\
         ALK:G1202R\tcrizotinib\tResistant\tpreclinical\t\tkatayama2012\ttypo\n",
    );
    let table = kb.path().join("calls.tsv").display().to_string();
    let check = |args: &[&str]| {
        alkres()
            .args(args)
            .arg("--kb")
            .arg(kb.path())
            .assert()
            .code(5)
            .stderr(contains(table.as_str()))
            .stderr(contains("line 3"))
            .stderr(contains("column 'call'"))
            .stderr(contains("'Resistant'"))
            .stderr(contains("allowed: sensitive, intermediate, resistant"));
    };
    check(&["kb", "validate"]);
    check(&["kb", "list"]);
    let data = tempfile::tempdir().unwrap();
    let vcf = write_file(
        data.path(),
        "in.vcf.gz",
        &bgzip(
            format!(
                "{}chr2\t29196800\t.\tG\tA\t50\tPASS\tDP=80\tGT:AD\t0/1:50,30\n",
                grch38_header(&["S1"])
            )
            .as_bytes(),
        ),
    );
    let out = data.path().join("out");
    let (vcf, out) = (vcf.display().to_string(), out.display().to_string());
    check(&["annotate", "-i", &vcf, "-o", &out]);
    check(&["run", "-s", "S1", "--vcf", &vcf, "-o", &out]);
    assert!(!std::path::Path::new(&out).join("S1").exists());
}

#[test]
fn an_unknown_evidence_type_names_its_column() {
    let kb = user_kb("ALK:G1202R\tlorlatinib\tsensitive\tin_vitro\t\tshaw2019\t\n");
    alkres()
        .args(["kb", "validate", "--kb"])
        .arg(kb.path())
        .assert()
        .code(5)
        .stderr(contains("line 2, column 'evidence'"))
        .stderr(contains(
            "allowed: clinical, preclinical, case_report, review",
        ));
}

#[test]
fn validate_runs_the_cross_table_checks_on_a_user_folder() {
    // Well-formed values, but the drug and the citation are in no table.
    let kb = user_kb("ALK:G1202R\tunobtainium\tsensitive\tclinical\t\tnobody2099\t\n");
    alkres()
        .args(["kb", "validate", "--kb"])
        .arg(kb.path())
        .assert()
        .code(5)
        .stderr(contains("names drug 'unobtainium', not in drugs.tsv"))
        .stderr(contains("cites unknown source nobody2099"));
    // A correct user folder passes and says it was merged.
    let good = user_kb("ALK:G1202R\tlorlatinib\tsensitive\tclinical\t\tshaw2019\tuser row\n");
    alkres()
        .args(["kb", "validate", "--kb"])
        .arg(good.path())
        .assert()
        .success()
        .stdout(contains("OK"))
        .stdout(contains(good.path().display().to_string()));
}
