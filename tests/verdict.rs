//! Verdict fixtures as data: findings and history in (tests/fixtures/verdict/cases.json),
//! the expected profile out, against a small fixture KB (tests/fixtures/verdict/kb/) so the
//! combination logic is tested on its own; plus checks of well-established calls against the
//! shipped KB.

mod common;

use alkres::kb::{KbTables, KnowledgeBase};
use alkres::report::{CopyNumberFinding, Finding, FusionFinding};
use alkres::verdict::{decide, PhaseEvidence, SampleEvidence, TreatmentHistory};
use common::fixture;
use serde_json::Value;

fn fixture_kb() -> KnowledgeBase {
    let read = |name: &str| {
        std::fs::read_to_string(fixture(&format!("tests/fixtures/verdict/kb/{name}"))).unwrap()
    };
    KnowledgeBase::from_tables(&KbTables {
        alterations: read("alterations.tsv"),
        calls: read("calls.tsv"),
        citations: read("citations.tsv"),
        manifest: read("manifest.tsv"),
        drugs: read("drugs.tsv"),
        fusions: read("fusions.tsv"),
    })
    .unwrap()
}

fn finding(v: &Value, kb: &KnowledgeBase) -> Finding {
    let gene = v["gene"].as_str().unwrap().to_string();
    let short = v["protein_short"].as_str().unwrap().to_string();
    Finding {
        kind: "small_variant",
        kb: kb.match_protein(&gene, &short, None),
        gene,
        transcript: None,
        chrom: "2".into(),
        pos: 1,
        reference: "A".into(),
        alt: "C".into(),
        consequence: Some("missense_variant".into()),
        exon: None,
        intron: None,
        hgvs_c: None,
        hgvs_p: None,
        protein_short: Some(short),
        event: None,
        source: "alkres".into(),
        vaf: None,
        vaf_source: None,
        depth: None,
        alt_depth: None,
        genotype: None,
        phased: v["phased"].as_bool().unwrap_or(false),
        phase_set: v["phase_set"].as_i64(),
        haplotypes: v["haplotypes"]
            .as_array()
            .map(|a| a.iter().map(|h| h.as_u64().unwrap() as usize).collect())
            .unwrap_or_default(),
        filter: "PASS".into(),
        filtered: false,
        components: Vec::new(),
        notes: Vec::new(),
    }
}

fn list<'a>(case: &'a Value, key: &str) -> &'a [Value] {
    case[key].as_array().map(Vec::as_slice).unwrap_or(&[])
}

#[test]
fn verdict_cases() {
    let kb = fixture_kb();
    let text = std::fs::read_to_string(fixture("tests/fixtures/verdict/cases.json")).unwrap();
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let small: Vec<Finding> = list(case, "small_variants")
            .iter()
            .map(|v| finding(v, &kb))
            .collect();
        let copy_number: Vec<CopyNumberFinding> = list(case, "copy_number")
            .iter()
            .map(|v| CopyNumberFinding {
                gene: v["gene"].as_str().unwrap().into(),
                call: v["call"].as_str().unwrap().parse().unwrap(),
                ..Default::default()
            })
            .collect();
        let fusions: Vec<FusionFinding> = list(case, "fusions")
            .iter()
            .map(|v| FusionFinding {
                partner: v["partner"].as_str().unwrap().into(),
                variant: v["variant"].as_str().map(String::from),
                kinase_domain_retained: Some(true),
                ..Default::default()
            })
            .collect();
        let bam_phase: Vec<PhaseEvidence> = list(case, "bam_phase")
            .iter()
            .map(|v| PhaseEvidence {
                first: v["first"].as_str().unwrap().into(),
                second: v["second"].as_str().unwrap().into(),
                phase: v["phase"].as_str().unwrap().parse().unwrap(),
                detail: v["detail"].as_str().unwrap().into(),
            })
            .collect();
        let history = case.get("history").map(|h| TreatmentHistory {
            prior_tkis: h["prior_tkis"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().to_string())
                .collect(),
            timepoint: h["timepoint"].as_str().map(String::from),
            months_on_last: h["months_on_last"].as_f64(),
        });
        let verdict = decide(
            SampleEvidence {
                small_variants: &small,
                fusions: &fusions,
                copy_number: &copy_number,
                bam_phase: &bam_phase,
                history: history.as_ref(),
            },
            &kb,
        );
        let expect = &case["expect"];
        let drug = |d: &str| verdict.drugs.iter().find(|x| x.drug == d).unwrap();
        let mut check = |ok: bool, what: String| {
            if !ok {
                failures.push(format!("{name}: {what}"));
            }
        };
        if let Some(calls) = expect["calls"].as_object() {
            for (d, want) in calls {
                let got = drug(d).call.as_str();
                check(
                    got == want.as_str().unwrap(),
                    format!("{d}: got {got}, want {want}"),
                );
            }
        }
        for d in expect["conflict"].as_array().into_iter().flatten() {
            check(
                drug(d.as_str().unwrap()).conflict,
                format!("{d}: conflict not flagged"),
            );
        }
        if let Some(map) = expect["driven_by"].as_object() {
            for (d, want) in map {
                let want: Vec<String> = want
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect();
                check(
                    drug(d).driven_by == want,
                    format!("{d}: driven by {:?}", drug(d).driven_by),
                );
            }
        }
        if let Some(map) = expect["classes"].as_object() {
            for (label, class) in map {
                let m = verdict.mechanisms.iter().find(|m| &m.label == label);
                check(
                    m.is_some_and(|m| m.class == class.as_str().unwrap()),
                    format!("mechanism {label}: {:?}", m.map(|m| &m.class)),
                );
            }
        }
        if let Some(map) = expect["implication_contains"].as_object() {
            for (label, text) in map {
                let m = verdict.mechanisms.iter().find(|m| &m.label == label);
                check(
                    m.is_some_and(|m| m.implication.contains(text.as_str().unwrap())),
                    format!("implication of {label}: {:?}", m.map(|m| &m.implication)),
                );
            }
        }
        if let Some(map) = expect["notes_contain"].as_object() {
            for (d, text) in map {
                check(
                    drug(d)
                        .notes
                        .iter()
                        .any(|n| n.contains(text.as_str().unwrap())),
                    format!("{d} notes {:?}", drug(d).notes),
                );
            }
        }
        if let Some(map) = expect["evidence_contains"].as_object() {
            for (d, text) in map {
                check(
                    drug(d)
                        .evidence
                        .iter()
                        .any(|e| e.alteration.contains(text.as_str().unwrap())),
                    format!("{d} evidence {:?}", drug(d).evidence),
                );
            }
        }
        if let Some(phase) = expect["compound_phase"].as_str() {
            check(
                verdict.compounds.len() == 1 && verdict.compounds[0].phase.as_str() == phase,
                format!(
                    "compound phase {:?}",
                    verdict
                        .compounds
                        .iter()
                        .map(|c| &c.phase)
                        .collect::<Vec<_>>()
                ),
            );
        }
        if let Some(kind) = expect["resistance"].as_str() {
            check(
                verdict
                    .resistance
                    .as_ref()
                    .is_some_and(|r| r.kind.as_str() == kind),
                format!("resistance {:?}", verdict.resistance),
            );
        }
        if let Some(first) = expect["ranking_first"].as_str() {
            check(
                verdict.ranking.first().is_some_and(|r| r.drug == first),
                format!(
                    "ranking {:?}",
                    verdict.ranking.iter().map(|r| &r.drug).collect::<Vec<_>>()
                ),
            );
        }
        if let Some(last) = expect["ranked_last_among_approved_resistant"].as_str() {
            let pos = |d: &str| verdict.ranking.iter().position(|r| r.drug == d).unwrap();
            check(
                pos(last) > pos("brigatinib"),
                "a drug already given ranks after an equally resistant one not given".into(),
            );
        }
        // Every finding is accounted for in the mechanisms.
        for f in &small {
            let label = format!("{} {}", f.gene, f.protein_short.as_deref().unwrap());
            check(
                verdict.mechanisms.iter().any(|m| m.label == label),
                format!("{label} unaccounted"),
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Well-established calls hold in the shipped KB (Gainor et al. 2016; Shaw et al. 2016).
#[test]
fn shipped_kb_calls_for_the_classic_cases() {
    let kb = KnowledgeBase::shipped().unwrap();
    let g1202r = finding(
        &serde_json::json!({"gene": "ALK", "protein_short": "G1202R"}),
        &kb,
    );
    let verdict = decide(
        SampleEvidence {
            small_variants: std::slice::from_ref(&g1202r),
            ..Default::default()
        },
        &kb,
    );
    let call = |d: &str| {
        verdict
            .drugs
            .iter()
            .find(|x| x.drug == d)
            .unwrap()
            .call
            .as_str()
    };
    assert_eq!(call("alectinib"), "resistant");
    assert_eq!(call("crizotinib"), "resistant");
    assert_eq!(call("lorlatinib"), "sensitive");
}
