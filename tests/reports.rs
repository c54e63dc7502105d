//! The people-facing reports: a self-contained HTML page that escapes every input string,
//! and the MultiQC custom-content table.

mod common;

use common::{alkres, grch38_header, write_file};

const HOSTILE: &str = "<script>alert('x')</script>&\"T1";

fn run_hostile() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut vcf = grch38_header(&[HOSTILE]);
    // ALK G1202R (GRCh38 chr2:29220747 C>T) and KRAS G12C (chr12:25245351 C>A)
    vcf.push_str("chr2\t29220747\t.\tC\tT\t50\tPASS\tDP=80\tGT:AD\t0/1:60,20\n");
    vcf.push_str(
        "chr12\t25245351\t<img src=x onerror=alert(1)>\tC\tA\t50\tPASS\tDP=80\tGT:AD\t0/1:60,20\n",
    );
    let input = write_file(dir.path(), "hostile.vcf", vcf.as_bytes());
    let out = dir.path().join("out");
    alkres()
        .args(["annotate", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    let html_path = files
        .iter()
        .find(|p| p.to_string_lossy().ends_with(".html"))
        .expect("an HTML report");
    let mqc_path = files
        .iter()
        .find(|p| p.to_string_lossy().ends_with("_mqc.tsv"))
        .expect("a MultiQC file");
    let html = std::fs::read_to_string(html_path).unwrap();
    let mqc = std::fs::read_to_string(mqc_path).unwrap();
    (dir, html, mqc)
}

#[test]
fn html_escapes_hostile_sample_names_and_loads_nothing() {
    let (_dir, html, _) = run_hostile();
    assert!(!html.contains("<script"), "no script element at all");
    assert!(!html.contains("<img"), "input strings are escaped");
    assert!(
        html.contains("&lt;script&gt;alert("),
        "the sample name is shown, escaped"
    );
    for external in ["src=\"http", "href=\"http", "<link", "@import", "url("] {
        assert!(!html.contains(external), "self-contained: found {external}");
    }
}

#[test]
fn html_shows_the_matrix_findings_and_provenance() {
    let (_dir, html, _) = run_hostile();
    for needle in [
        "ALK TKIs at a glance",
        "Decision support, not a prescription",
        "lorlatinib",
        "p.Gly1202Arg",
        "G1202R",
        "alkres-kb ",
        "Mechanisms",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // one tile per ALK TKI of the KB drug table (class alk_tki), each with its call class;
    // other kinase inhibitors (gilteritinib) only in their own section, when they have calls
    let kb = alkres::kb::KnowledgeBase::shipped().unwrap();
    let tiles = html.matches("class=\"tile ").count();
    let tkis = kb.drugs.iter().filter(|d| d.is_alk_tki()).count();
    assert!(tkis < kb.drugs.len(), "drugs.tsv holds a non-ALK-TKI row");
    if html.contains("Other kinase inhibitors") {
        assert!(tiles > tkis);
    } else {
        assert_eq!(tiles, tkis);
    }
}

#[test]
fn multiqc_table_has_its_header_and_one_row() {
    let (_dir, _, mqc) = run_hostile();
    let lines: Vec<&str> = mqc.lines().collect();
    assert!(lines[0].starts_with("# id: 'alkres'"));
    assert!(mqc.contains("# plot_type: 'table'"));
    let table: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.starts_with('#'))
        .collect();
    assert_eq!(table.len(), 2, "header and one sample row");
    let header: Vec<&str> = table[0].split('\t').collect();
    let row: Vec<&str> = table[1].split('\t').collect();
    assert_eq!(header.len(), row.len());
    let lorlatinib = header.iter().position(|h| *h == "lorlatinib").unwrap();
    assert!([
        "sensitive",
        "intermediate",
        "resistant",
        "unknown",
        "no_known_resistance"
    ]
    .contains(&row[lorlatinib]));
}

/// The per-finding TSV words an investigational drug's call as the verdict does (a trial
/// option with its development status and level, never a plain "sensitive"), and the HTML
/// says for every evidence line whether its identifier was checked.
#[test]
fn tsv_words_trial_options_and_html_shows_verification() {
    let (dir, html, _) = run_hostile();
    let tsv_path = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".tsv") && !name.ends_with("_mqc.tsv") && !name.contains("timeline")
        })
        .expect("a per-finding TSV");
    let tsv = std::fs::read_to_string(tsv_path).unwrap();
    let header: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    let col = header.iter().position(|h| *h == "kb_calls").unwrap();
    let g1202r = tsv
        .lines()
        .find(|l| l.contains("G1202R"))
        .expect("the G1202R row");
    let calls = g1202r.split('\t').nth(col).unwrap();
    assert!(
        calls.contains("neladalkib:trial option (investigational, phase 1/2")
            && calls.contains("preclinical in-vitro evidence"),
        "{calls}"
    );
    assert!(!calls.contains("neladalkib:sensitive"), "{calls}");
    assert!(calls.contains("crizotinib:resistant"), "{calls}");
    assert!(html.contains("(identifier verified)") && html.contains("(identifier unverified)"));
}

/// The per-finding TSV `citations` cell marks each unverified identifier with the HTML's
/// words, and exactly the references whose JSON evidence says `citation_verified: false`.
#[test]
fn tsv_citations_cell_marks_unverified_identifiers() {
    let (dir, _, _) = run_hostile();
    let files: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    let read = |suffix: &str| {
        let path = files
            .iter()
            .find(|p| p.to_string_lossy().ends_with(suffix))
            .expect(suffix);
        std::fs::read_to_string(path).unwrap()
    };
    let tsv = read(".alkres.grch38.tsv");
    let json: serde_json::Value = serde_json::from_str(&read(".alkres.grch38.json")).unwrap();
    let header: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (kb_id, citations) = (col("kb_id"), col("citations"));
    let mut checked = 0;
    for line in tsv.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells[kb_id] == "." {
            continue;
        }
        let finding = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kb"]["id"] == cells[kb_id])
            .expect("the finding in the JSON");
        let mut expected: Vec<String> = finding["kb"]["calls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let reference = c["citation"].as_str().unwrap();
                if c["citation_verified"].as_bool().unwrap() {
                    reference.to_string()
                } else {
                    format!("{reference} (identifier unverified)")
                }
            })
            .collect();
        expected.sort();
        expected.dedup();
        let mut got: Vec<String> = cells[citations].split(';').map(String::from).collect();
        got.sort();
        assert_eq!(got, expected, "{line}");
        checked += 1;
    }
    assert!(checked >= 2, "G1202R and KRAS G12C rows carry citations");
    let g1202r = tsv.lines().find(|l| l.contains("G1202R")).unwrap();
    let cell = g1202r.split('\t').nth(citations).unwrap();
    assert!(
        cell.contains("PMID:") && cell.contains(" (identifier unverified)"),
        "G1202R cites unverified sources: {cell}"
    );
}

/// `run --histology small_cell` states the biopsy's histology as the sample sheet's
/// `histology` column does: the small-cell strategies are offered without TP53/RB1 findings;
/// an unknown histology is a usage error naming the allowed values.
#[test]
fn run_histology_flag_offers_the_small_cell_strategies() {
    let dir = tempfile::tempdir().unwrap();
    let mut vcf = grch38_header(&["T1"]);
    vcf.push_str("chr2\t29220747\t.\tC\tT\t50\tPASS\tDP=80\tGT:AD\t0/1:60,20\n");
    let input = write_file(dir.path(), "t.vcf", vcf.as_bytes());
    let strategies = |histology: Option<&str>| {
        let out = dir.path().join(histology.unwrap_or("none"));
        let mut cmd = alkres();
        cmd.args(["run", "-s", "T1", "--vcf"]).arg(&input);
        cmd.args(["--prior-tkis", "alectinib", "--timepoint", "progression"]);
        if let Some(h) = histology {
            cmd.args(["--histology", h]);
        }
        cmd.arg("-o").arg(&out).assert().success();
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join("T1.alkres.grch38.json")).unwrap(),
        )
        .unwrap();
        json["verdict"]["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(!strategies(None).contains(&"S08".to_string()));
    assert!(strategies(Some("small_cell")).contains(&"S08".to_string()));
    assert!(!strategies(Some("adenocarcinoma")).contains(&"S08".to_string()));
    alkres()
        .args(["run", "-s", "T1", "--vcf"])
        .arg(&input)
        .args(["--histology", "carcinoid", "-o"])
        .arg(dir.path().join("bad"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("small_cell"));
}
