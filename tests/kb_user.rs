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
    let sv = sv_vcf();
    check(&["fusions", "--sv", &sv, "-o", &out]);
    check(&["cnv", "--cnv-vcf", &cnv_vcf(), "-o", &out]);
    assert!(common::files_in(std::path::Path::new(&out)).is_empty());
}

fn sv_vcf() -> String {
    common::fixture("test-data/fusions/manta_somatic.grch38.vcf")
        .display()
        .to_string()
}

fn cnv_vcf() -> String {
    common::fixture("test-data/cnv/tumour.grch38.cnv.vcf")
        .display()
        .to_string()
}

/// `alkres fusions` fills its kb_id/kb_calls columns, from the shipped KB and from `--kb`.
#[test]
fn fusions_fill_their_kb_columns_and_honour_kb() {
    let dir = tempfile::tempdir().unwrap();
    let tsv_of = |out: &std::path::Path| {
        let path = common::file_ending(out, ".fusions.tsv");
        std::fs::read_to_string(path).unwrap()
    };
    let column = |tsv: &str, name: &str| -> Vec<String> {
        let mut lines = tsv.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let i = header.iter().position(|h| *h == name).unwrap();
        lines
            .map(|l| l.split('\t').nth(i).unwrap().to_string())
            .collect()
    };
    let shipped = dir.path().join("shipped");
    alkres()
        .args(["fusions", "--sv", &sv_vcf(), "-o"])
        .arg(&shipped)
        .assert()
        .success();
    let tsv = tsv_of(&shipped);
    let ids = column(&tsv, "kb_id");
    assert!(ids.iter().any(|id| id.starts_with("ALK:EML4-ALK")), "{tsv}");
    // A user call on the EML4-ALK V1 row shows up in kb_calls.
    let kb = user_kb("ALK:EML4-ALK:V1\tlorlatinib\tsensitive\tclinical\t\tshaw2019\tuser row\n");
    let user = dir.path().join("user");
    alkres()
        .args(["fusions", "--sv", &sv_vcf(), "--kb"])
        .arg(kb.path())
        .arg("-o")
        .arg(&user)
        .assert()
        .success();
    let tsv = tsv_of(&user);
    let rows: Vec<(String, String)> = column(&tsv, "kb_id")
        .into_iter()
        .zip(column(&tsv, "kb_calls"))
        .collect();
    assert!(
        rows.iter()
            .any(|(id, calls)| id == "ALK:EML4-ALK:V1" && calls.contains("lorlatinib:sensitive")),
        "{tsv}"
    );
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
    // A drug in no table is refused at load, naming the table and line (issue 13).
    let kb = user_kb("ALK:G1202R\tunobtainium\tsensitive\tclinical\t\tnobody2099\t\n");
    alkres()
        .args(["kb", "validate", "--kb"])
        .arg(kb.path())
        .assert()
        .code(5)
        .stderr(contains(
            "calls.tsv, line 2, column 'drug': 'unobtainium' is not a known drug",
        ));
    // Well-formed values, but the citation is in no table: the cross-table check.
    let kb = user_kb("ALK:G1202R\tlorlatinib\tsensitive\tclinical\t\tnobody2099\t\n");
    alkres()
        .args(["kb", "validate", "--kb"])
        .arg(kb.path())
        .assert()
        .code(5)
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

/// A user citations.tsv whose `verified_url` is not the paper's page fails validation:
/// a PubMed address for another PMID, or an address on an unverified row.
#[test]
fn validate_checks_verified_urls_against_the_identifiers() {
    let kb = user_kb("ALK:G1202R\tlorlatinib\tsensitive\tclinical\t\tuser2099\tuser row\n");
    let header =
        "id\tpmid\tdoi\tauthors\tyear\ttitle\tjournal\tstatus\tnote\tverified\tverified_url\n";
    let rows = [
        "user2099\t2\t\tDoe J\t2099\tA\tJ\t\t\tyes: read\thttps://pubmed.ncbi.nlm.nih.gov/1/\n",
        "user2098\t3\t\tDoe J\t2099\tB\tJ\t\t\tunverified: recalled\thttps://pubmed.ncbi.nlm.nih.gov/3/\n",
    ];
    write_file(
        kb.path(),
        "citations.tsv",
        format!("{header}{}", rows.concat()).as_bytes(),
    );
    alkres()
        .args(["kb", "validate", "--kb"])
        .arg(kb.path())
        .assert()
        .code(5)
        .stderr(contains(
            "citations: user2099: verified_url is PubMed record 1 but the pmid column is '2'",
        ))
        .stderr(contains(
            "citations: user2098: verified_url set but verified is not 'yes",
        ));
}

/// `kb show` answers what the sample-level matchers answer: a gene named in the query, a
/// change matched by its codon's or gene's row (said so), and the fusion rows (which it could
/// not show before: `kb show "EML4-ALK V3"` was "no alteration named"). Read from the shipped
/// tables, so the expectations follow them.
#[test]
fn kb_show_finds_what_the_matchers_find_and_says_how() {
    let kb = alkres::kb::KnowledgeBase::shipped().unwrap();
    let show = |query: &str| {
        let out = alkres().args(["kb", "show", query]).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let codon = kb.match_protein("KRAS", "G12C", None).unwrap();
    let (code, text, _) = show("KRAS G12C");
    assert_eq!(code, Some(0));
    assert!(
        text.starts_with(&format!(
            "KRAS G12C: no row of its own; matched by codon:\n{} ",
            codon.id
        )),
        "{text}"
    );
    let v1 = kb.fusion("EML4", Some("V1")).unwrap();
    for query in ["EML4-ALK V1", v1.id.as_str()] {
        let (code, text, _) = show(query);
        assert_eq!(code, Some(0), "{query}");
        assert!(
            text.starts_with(&format!(
                "{} (EML4-ALK V1, EML4 exon 13 : ALK exon 20)",
                v1.id
            )),
            "{text}"
        );
        assert!(text.contains(&v1.clinical_note), "{text}");
    }
    // A variant the KB does not name is not passed off as the partner's generic row.
    let (code, _, stderr) = show("EML4-ALK V99");
    assert_eq!(code, Some(5));
    assert!(
        stderr.contains("no alteration named 'EML4-ALK V99' for ALK"),
        "{stderr}"
    );
    assert!(stderr.contains("--gene GENE or 'GENE CHANGE'"), "{stderr}");
}
