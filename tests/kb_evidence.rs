//! The evidence columns of resources/kb (docs/kb-evidence.md), checked as data: vocabulary,
//! internal consistency (CIViC mapping, IC50 bands), references between the new tables, and
//! the combination rule's worked examples computed by a small reference combiner over the
//! shipped rows. The loader now types these columns and `src/verdict/evidence.rs` applies the
//! rule; this independent combiner over the raw TSVs cross-checks the docs' examples.

use std::collections::{HashMap, HashSet};

const LEVELS: [&str; 6] = [
    "computational",
    "in_vitro",
    "in_vivo",
    "case_report",
    "clinical_cohort",
    "clinical_trial",
];

type Row = HashMap<String, String>;

fn table(name: &str) -> Vec<Row> {
    let path = format!("{}/resources/kb/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .enumerate()
        .map(|(i, r)| {
            let r = r.unwrap_or_else(|e| panic!("{name} data row {}: {e}", i + 1));
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn rank(level: &str) -> usize {
    LEVELS
        .iter()
        .position(|l| *l == level)
        .unwrap_or_else(|| panic!("unknown level {level}"))
}

fn civic(level: &str) -> &'static str {
    match level {
        "clinical_trial" | "clinical_cohort" => "B",
        "case_report" => "C",
        "in_vivo" | "in_vitro" => "D",
        _ => "E",
    }
}

fn caution(call: &str) -> u8 {
    match call {
        "sensitive" => 0,
        "intermediate" => 1,
        "resistant" => 2,
        other => panic!("call {other}"),
    }
}

#[derive(Debug, PartialEq)]
struct Combined {
    call: String,
    level: String,
    conflict: bool,
    /// Calls at weaker levels that disagree with the decided call (shown, never deciding).
    weaker_disagreeing: Vec<String>,
}

/// The rule of docs/kb-evidence.md: predictive rows only; the strongest level present decides;
/// disagreement at that level (or a does_not_support row against it) is a conflict whose
/// headline is the more cautious call; weaker rows are reported when they disagree.
fn combine(rows: &[&Row]) -> Option<Combined> {
    let rows: Vec<&&Row> = rows
        .iter()
        .filter(|r| r["assertion"] == "predictive")
        .collect();
    let top = rows.iter().map(|r| rank(&r["level"])).max()?;
    let at_top: Vec<&&&Row> = rows.iter().filter(|r| rank(&r["level"]) == top).collect();
    let supports: Vec<&str> = at_top
        .iter()
        .filter(|r| r["direction"] == "supports")
        .map(|r| r["call"].as_str())
        .collect();
    let against: Vec<&str> = at_top
        .iter()
        .filter(|r| r["direction"] == "does_not_support")
        .map(|r| r["call"].as_str())
        .collect();
    let call = supports.iter().max_by_key(|c| caution(c))?.to_string();
    let conflict = supports.iter().any(|c| *c != call) || against.contains(&call.as_str());
    let weaker_disagreeing = rows
        .iter()
        .filter(|r| rank(&r["level"]) < top && r["call"] != call)
        .map(|r| format!("{} {} ({})", r["call"], r["level"], r["citation"]))
        .collect();
    Some(Combined {
        call,
        level: LEVELS[top].to_string(),
        conflict,
        weaker_disagreeing,
    })
}

fn rows_for<'a>(calls: &'a [Row], alteration: &str, drug: &str) -> Vec<&'a Row> {
    calls
        .iter()
        .filter(|r| r["alteration"] == alteration && r["drug"] == drug)
        .collect()
}

#[test]
fn every_call_row_has_known_evidence_vocabulary() {
    let calls = table("calls.tsv");
    assert!(calls.len() > 120, "{} call rows", calls.len());
    for (i, r) in calls.iter().enumerate() {
        let at = format!(
            "calls.tsv data row {} ({} {})",
            i + 1,
            r["alteration"],
            r["drug"]
        );
        assert!(
            LEVELS.contains(&r["level"].as_str()),
            "{at}: level {}",
            r["level"]
        );
        assert_eq!(r["civic_level"], civic(&r["level"]), "{at}: civic_level");
        assert!(
            ["supports", "does_not_support"].contains(&r["direction"].as_str()),
            "{at}: direction {}",
            r["direction"]
        );
        assert!(
            ["predictive", "prognostic"].contains(&r["assertion"].as_str()),
            "{at}: assertion {}",
            r["assertion"]
        );
        assert!(!r["disease"].is_empty(), "{at}: disease empty");
        assert_eq!(
            r["metric"].is_empty(),
            r["value"].is_empty(),
            "{at}: metric and value go together"
        );
        if !r["ic50_nm"].is_empty() {
            assert!(
                r["metric"].ends_with("nM"),
                "{at}: ic50_nm without an nM metric"
            );
            assert_eq!(r["value"], r["ic50_nm"], "{at}: value differs from ic50_nm");
        }
        // The legacy evidence column must agree with the new level.
        let legacy = match r["level"].as_str() {
            "clinical_trial" | "clinical_cohort" => ["clinical", "case_report"],
            "case_report" => ["case_report", "clinical"],
            _ => ["preclinical", "preclinical"],
        };
        assert!(
            legacy.contains(&r["evidence"].as_str()),
            "{at}: evidence {}",
            r["evidence"]
        );
    }
}

#[test]
fn gainor_panel_values_sit_in_the_band_of_their_call() {
    let calls = table("calls.tsv");
    let panel: Vec<&Row> = calls
        .iter()
        .filter(|r| r["citation"] == "gainor2016" && r["metric"] == "IC50 nM")
        .collect();
    assert!(panel.len() >= 35, "{} Gainor 2016 panel rows", panel.len());
    for r in panel {
        let nm: f64 = r["value"].parse().unwrap();
        let band = if nm < 50.0 {
            "sensitive"
        } else if nm <= 200.0 {
            "intermediate"
        } else {
            "resistant"
        };
        assert_eq!(
            r["call"], band,
            "{} {} at {nm} nM",
            r["alteration"], r["drug"]
        );
    }
}

#[test]
fn prognostic_and_uncited_codon_rows_stay_out_of_the_drug_matrix() {
    let calls = table("calls.tsv");
    for r in calls.iter().filter(|r| r["alteration"] == "TP53:any") {
        assert_eq!(
            r["assertion"], "prognostic",
            "TP53:any {} is prognostic",
            r["citation"]
        );
    }
    assert!(
        rows_for(&calls, "TP53:any", "crizotinib")
            .iter()
            .all(|r| combine(&[r]).is_none()),
        "a prognostic row yields no drug call"
    );
    for codon in ["KRAS:G13", "KRAS:Q61"] {
        assert!(
            calls.iter().all(|r| r["alteration"] != codon),
            "{codon}: the source names only KRAS"
        );
    }
    let alterations = table("alterations.tsv");
    let tp53 = alterations.iter().find(|a| a["id"] == "TP53:any").unwrap();
    assert!(tp53["not_matched"].split('|').any(|p| p == "P72R"));
}

#[test]
fn worked_examples_of_the_combination_rule() {
    let calls = table("calls.tsv");
    let combined = |alt: &str, drug: &str| combine(&rows_for(&calls, alt, drug)).unwrap();

    // Two in-vitro studies disagree: shown as a conflict, the cautious call heads it.
    let l1196m = combined("ALK:L1196M", "alectinib");
    assert_eq!(
        (l1196m.call.as_str(), l1196m.level.as_str()),
        ("intermediate", "in_vitro")
    );
    assert!(l1196m.conflict);

    // One case report outranks the Ba/F3 panel, which is still shown as disagreeing.
    let c1156y = combined("ALK:C1156Y", "ceritinib");
    assert_eq!(
        (c1156y.call.as_str(), c1156y.level.as_str()),
        ("resistant", "case_report")
    );
    assert!(!c1156y.conflict);
    assert!(c1156y
        .weaker_disagreeing
        .iter()
        .any(|d| d.contains("gainor2016")));

    // Same-level preclinical disagreement; no clinical G1269A/alectinib row is recorded.
    let g1269a = combined("ALK:G1269A", "alectinib");
    assert_eq!(g1269a.level, "in_vitro");
    assert!(g1269a.conflict);

    // The phase 2 trial decides; preclinical rows agree.
    let g1202r = combined("ALK:G1202R", "lorlatinib");
    assert_eq!(
        (g1202r.call.as_str(), g1202r.level.as_str()),
        ("sensitive", "clinical_trial")
    );
    assert!(!g1202r.conflict && g1202r.weaker_disagreeing.is_empty());

    // "No association" is evidence against the reduced-benefit call, at the same level.
    let bim = combined("BCL2L11:deletion_polymorphism", "crizotinib");
    assert_eq!(bim.level, "clinical_cohort");
    assert!(bim.conflict);

    // Compounds found after lorlatinib now have a lorlatinib row.
    for alt in [
        "ALK:L1196M+D1203N",
        "ALK:F1174L+G1202R",
        "ALK:C1156Y+G1269A",
        "ALK:G1202R+G1269A",
    ] {
        assert_eq!(combined(alt, "lorlatinib").call, "resistant", "{alt}");
    }
}

#[test]
fn strategies_and_drug_classes_resolve() {
    let drugs = table("drugs.tsv");
    let partners = table("partner_drugs.tsv");
    let alterations: HashSet<String> = table("alterations.tsv")
        .into_iter()
        .map(|a| a["id"].clone())
        .collect();
    let citations: HashSet<String> = table("citations.tsv")
        .into_iter()
        .map(|c| c["id"].clone())
        .collect();
    for d in &drugs {
        assert!(
            ["alk_tki", "other_kinase_inhibitor"].contains(&d["class"].as_str()),
            "drugs.tsv {}: class {}",
            d["drug"],
            d["class"]
        );
        if d["status"] == "investigational" {
            assert!(
                !d["development"].is_empty(),
                "{}: development status",
                d["drug"]
            );
            assert_ne!(
                d["cns_activity"], "high",
                "{}: CNS data are preclinical",
                d["drug"]
            );
        }
    }
    for p in &partners {
        assert_ne!(p["class"], "alk_tki", "partner_drugs.tsv {}", p["drug"]);
        assert!(
            !p["class"].is_empty() && !p["development"].is_empty(),
            "{}",
            p["drug"]
        );
    }
    let known: HashSet<&str> = drugs
        .iter()
        .chain(&partners)
        .map(|d| d["drug"].as_str())
        .collect();
    let strategies = table("strategies.tsv");
    assert!(strategies.len() >= 15);
    for s in &strategies {
        let at = format!("strategies.tsv {}", s["id"]);
        for d in s["drugs"].split('|') {
            assert!(known.contains(d), "{at}: drug {d} in neither drug table");
        }
        for t in s["trigger"].split('|') {
            assert!(
                t.starts_with("phenotype:") || alterations.contains(t),
                "{at}: trigger {t} is not an alteration id"
            );
        }
        for c in s["citation"].split('|') {
            assert!(citations.contains(c), "{at}: citation {c}");
        }
        assert!(LEVELS.contains(&s["level"].as_str()), "{at}: level");
        assert_eq!(s["civic_level"], civic(&s["level"]), "{at}: civic_level");
        assert!(["supports", "does_not_support"].contains(&s["direction"].as_str()));
        assert!(
            [
                "standard",
                "option",
                "trial_option",
                "research",
                "not_recommended"
            ]
            .contains(&s["status"].as_str()),
            "{at}: status {}",
            s["status"]
        );
    }
    let met = strategies
        .iter()
        .filter(|s| s["trigger"].contains("MET:amplification"))
        .count();
    assert!(
        met >= 2,
        "MET bypass: crizotinib alone and ALK TKI + MET inhibitor"
    );
}

#[test]
fn citation_verification_is_stated_for_every_source() {
    let citations = table("citations.tsv");
    let mut verified = 0;
    for c in &citations {
        let v = c["verified"].as_str();
        assert!(
            v.starts_with("yes: ") || v.starts_with("unverified"),
            "{}: verified '{v}'",
            c["id"]
        );
        if v.starts_with("yes") {
            verified += 1;
            assert!(
                !c["pmid"].is_empty() || !c["doi"].is_empty(),
                "{}: verified without an identifier",
                c["id"]
            );
        }
    }
    assert!(verified > 0);
    assert!(citations.iter().all(|c| c["id"] != "caumont2016"));
}

/// `verified_url` names the page a verified identifier was read on: only `yes` rows have
/// one, a PubMed address carries the row's own PMID, and a PMC address is the PMC page the
/// `verified` text names.
#[test]
fn verified_urls_point_at_the_papers_own_page() {
    let citations = table("citations.tsv");
    let mut with_url = 0;
    for c in &citations {
        let url = c["verified_url"].as_str();
        if url.is_empty() {
            continue;
        }
        with_url += 1;
        let id = &c["id"];
        assert!(
            c["verified"].starts_with("yes: "),
            "{id}: url on an unverified row"
        );
        assert!(url.starts_with("http"), "{id}: {url}");
        if let Some(rest) = url.split("/pubmed").nth(1) {
            let pmid: String = rest.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(pmid, c["pmid"], "{id}: {url}");
        }
        if let Some(pmc) = url.split("/articles/").nth(1) {
            assert!(
                c["verified"].contains(pmc),
                "{id}: {pmc} not named in verified"
            );
        }
        if let Some(doi) = url.split("doi.org/").nth(1) {
            assert_eq!(doi, c["doi"], "{id}: {url}");
        }
    }
    assert!(
        with_url >= 10,
        "{with_url} verified citations name their page"
    );
}
