//! Verdict fixtures as data: findings and history in (tests/fixtures/verdict/cases.json),
//! the expected profile out, against a small fixture KB (tests/fixtures/verdict/kb/) so the
//! combination logic is tested on its own; plus checks of well-established calls against the
//! shipped KB.

mod common;

use alkres::kb::{KbTables, KnowledgeBase};
use alkres::model::{Consequence, Consequences, MechanismClass};
use alkres::report::{CopyNumberFinding, Finding, FusionFinding};
use alkres::verdict::{decide, PhaseEvidence, SampleEvidence, TreatmentHistory};
use common::fixture;
use serde_json::Value;

fn fixture_kb() -> KnowledgeBase {
    // Tables a fixture KB may leave out read as empty (no rows).
    let read = |name: &str| {
        std::fs::read_to_string(fixture(&format!("tests/fixtures/verdict/kb/{name}")))
            .unwrap_or_default()
    };
    KnowledgeBase::from_tables(&KbTables {
        alterations: read("alterations.tsv"),
        calls: read("calls.tsv"),
        citations: read("citations.tsv"),
        manifest: read("manifest.tsv"),
        drugs: read("drugs.tsv"),
        fusions: read("fusions.tsv"),
        partner_drugs: read("partner_drugs.tsv"),
        strategies: read("strategies.tsv"),
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
        consequence: Some(Consequences::one(Consequence::MissenseVariant)),
        exon: None,
        intron: None,
        hgvs_c: None,
        hgvs_p: None,
        protein_short: Some(short),
        event: None,
        source: "alkres".into(),
        vaf: v["vaf"].as_f64(),
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
            months_source: None,
            histology: h["histology"]
                .as_str()
                .map(|t| alkres::verdict::Histology::parse(t).unwrap()),
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
        for d in expect["no_conflict"].as_array().into_iter().flatten() {
            let d = d.as_str().unwrap();
            check(
                !drug(d).conflict,
                format!("{d}: conflict flagged: {}", drug(d).reason),
            );
        }
        if let Some(map) = expect["level"].as_object() {
            for (d, want) in map {
                let got = drug(d).level.map(|l| l.as_str());
                check(
                    got == want.as_str(),
                    format!("{d}: level {got:?}, want {want}"),
                );
            }
        }
        if let Some(map) = expect["reason_contains"].as_object() {
            for (d, text) in map {
                check(
                    drug(d).reason.contains(text.as_str().unwrap()),
                    format!("{d}: reason {:?}", drug(d).reason),
                );
            }
        }
        for text in expect["summary_contains"].as_array().into_iter().flatten() {
            let text = text.as_str().unwrap();
            check(
                verdict.summary.contains(text),
                format!("summary lacks {text:?}: {}", verdict.summary),
            );
        }
        for text in expect["summary_lacks"].as_array().into_iter().flatten() {
            let text = text.as_str().unwrap();
            check(
                !verdict.summary.contains(text),
                format!("summary has {text:?}: {}", verdict.summary),
            );
        }
        if let Some(map) = expect["display"].as_object() {
            for (d, want) in map {
                check(
                    drug(d).display == want.as_str().unwrap(),
                    format!("{d}: display {:?}", drug(d).display),
                );
            }
        }
        if let Some(want) = expect["trial_option"].as_array() {
            let got: Vec<&str> = verdict
                .drugs
                .iter()
                .filter(|d| d.trial_option)
                .map(|d| d.drug.as_str())
                .collect();
            let want: Vec<&str> = want.iter().map(|d| d.as_str().unwrap()).collect();
            check(got == want, format!("trial options {got:?}, want {want:?}"));
        }
        for d in expect["not_in_matrix"].as_array().into_iter().flatten() {
            let d = d.as_str().unwrap();
            check(
                verdict.drugs.iter().all(|x| x.drug != d)
                    && verdict.ranking.iter().all(|x| x.drug != d),
                format!("{d} is a matrix column or ranked"),
            );
        }
        if let Some(want) = expect["other_drugs"].as_array() {
            let got: Vec<&str> = verdict
                .other_drugs
                .iter()
                .map(|d| d.drug.as_str())
                .collect();
            let want: Vec<&str> = want.iter().map(|d| d.as_str().unwrap()).collect();
            check(got == want, format!("other drugs {got:?}, want {want:?}"));
        }
        if let Some(want) = expect["prognostic"].as_array() {
            let got: Vec<&str> = verdict
                .prognostic
                .iter()
                .map(|p| p.kb_id.as_str())
                .collect();
            let want: Vec<&str> = want.iter().map(|d| d.as_str().unwrap()).collect();
            check(got == want, format!("prognostic {got:?}, want {want:?}"));
        }
        if let Some(want) = expect["strategies"].as_array() {
            let got: Vec<&str> = verdict.strategies.iter().map(|s| s.id.as_str()).collect();
            let want: Vec<&str> = want.iter().map(|d| d.as_str().unwrap()).collect();
            check(got == want, format!("strategies {got:?}, want {want:?}"));
        }
        if let Some(want) = expect["strategy_warnings"].as_array() {
            let got: Vec<&str> = verdict
                .strategies
                .iter()
                .filter(|s| s.warning)
                .map(|s| s.id.as_str())
                .collect();
            let want: Vec<&str> = want.iter().map(|d| d.as_str().unwrap()).collect();
            check(
                got == want,
                format!("strategy warnings {got:?}, want {want:?}"),
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
                    m.is_some_and(|m| m.class.as_str() == class.as_str().unwrap()),
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

/// The worked examples of docs/kb-evidence.md, through `decide` on the shipped KB.
#[test]
fn shipped_kb_worked_examples() {
    let kb = KnowledgeBase::shipped().unwrap();
    let run = |genes: &[(&str, &str)]| {
        let small: Vec<Finding> = genes
            .iter()
            .map(|(g, p)| finding(&serde_json::json!({"gene": g, "protein_short": p}), &kb))
            .collect();
        decide(
            SampleEvidence {
                small_variants: &small,
                ..Default::default()
            },
            &kb,
        )
    };
    let drug = |v: &alkres::verdict::Verdict, d: &str| {
        v.drugs.iter().find(|x| x.drug == d).unwrap().clone()
    };
    // L1196M / alectinib: two in-vitro studies disagree → intermediate, conflict.
    let v = run(&[("ALK", "L1196M")]);
    let d = drug(&v, "alectinib");
    assert_eq!(
        (d.call.as_str(), d.conflict),
        ("intermediate", true),
        "{}",
        d.reason
    );
    assert_eq!(d.level.unwrap().as_str(), "in_vitro");
    assert!(
        d.reason.contains("Gainor 2016, IC50 nM 117.6") && d.reason.contains("Sakamoto"),
        "{}",
        d.reason
    );
    // C1156Y / ceritinib: the case report decides; Ba/F3 shown as weaker and disagreeing.
    let v = run(&[("ALK", "C1156Y")]);
    let d = drug(&v, "ceritinib");
    assert_eq!(
        (d.call.as_str(), d.conflict),
        ("resistant", false),
        "{}",
        d.reason
    );
    assert_eq!(d.level.unwrap().as_str(), "case_report");
    assert!(
        d.reason
            .contains("weaker evidence disagrees: in-vitro sensitive (Gainor 2016"),
        "{}",
        d.reason
    );
    // G1269A / alectinib: in-vitro conflict (no clinical row in the KB).
    let v = run(&[("ALK", "G1269A")]);
    let d = drug(&v, "alectinib");
    assert_eq!(
        (d.call.as_str(), d.conflict),
        ("intermediate", true),
        "{}",
        d.reason
    );
    assert_eq!(d.level.unwrap().as_str(), "in_vitro");
    // G1202R / lorlatinib: the clinical trial decides, nothing disagrees.
    let v = run(&[("ALK", "G1202R")]);
    let d = drug(&v, "lorlatinib");
    assert_eq!(
        (d.call.as_str(), d.conflict),
        ("sensitive", false),
        "{}",
        d.reason
    );
    assert_eq!(d.level.unwrap().as_str(), "clinical_trial");
    // Investigational drugs are trial options; gilteritinib is no ALK-TKI column.
    let d = drug(&v, "neladalkib");
    assert!(
        d.trial_option
            && d.display
                .starts_with("trial option (investigational, phase 1/2 ALKOVE-1"),
        "{}",
        d.display
    );
    assert!(v.drugs.iter().all(|x| x.drug != "gilteritinib"));
    assert!(
        v.strategies.iter().any(|s| s.id == "S18"),
        "4th-generation trial strategy offered"
    );
    // TP53: prognostic, out of the matrix; P72R never matches.
    let v = run(&[("TP53", "R273H")]);
    assert_eq!(drug(&v, "crizotinib").call.as_str(), "no_known_resistance");
    assert!(v
        .prognostic
        .iter()
        .any(|p| p.kb_id == "TP53:any" && p.value == "5.0 vs 14.0"));
    let v = run(&[("TP53", "P72R")]);
    assert!(v.prognostic.is_empty());
    assert_eq!(v.mechanisms[0].class, MechanismClass::Unclassified);
}

/// MET amplification offers an ALK TKI plus a MET inhibitor; a partner drug never becomes a
/// matrix column; TP53 + RB1 inactivation offers platinum-etoposide.
#[test]
fn shipped_kb_strategies() {
    let kb = KnowledgeBase::shipped().unwrap();
    let met = [CopyNumberFinding {
        gene: "MET".into(),
        call: "amplification".parse().unwrap(),
        ..Default::default()
    }];
    let v = decide(
        SampleEvidence {
            copy_number: &met,
            ..Default::default()
        },
        &kb,
    );
    let ids: Vec<&str> = v.strategies.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"S02") && ids.contains(&"S01"), "{ids:?}");
    let s02 = v.strategies.iter().find(|s| s.id == "S02").unwrap();
    assert_eq!(s02.triggered_by, "MET:amplification");
    assert!(s02.drugs.iter().any(|d| d == "capmatinib"));
    for partner in [
        "capmatinib",
        "tepotinib",
        "savolitinib",
        "platinum-etoposide",
    ] {
        assert!(
            v.drugs.iter().all(|d| d.drug != partner),
            "{partner} in the matrix"
        );
    }
    let tp53 = finding(
        &serde_json::json!({"gene": "TP53", "protein_short": "R273H"}),
        &kb,
    );
    let rb1 = [CopyNumberFinding {
        gene: "RB1".into(),
        call: "deep_deletion".parse().unwrap(),
        ..Default::default()
    }];
    let v = decide(
        SampleEvidence {
            small_variants: std::slice::from_ref(&tp53),
            copy_number: &rb1,
            ..Default::default()
        },
        &kb,
    );
    assert!(
        v.strategies.iter().any(|s| s.id == "S08" && !s.warning),
        "{:?}",
        v.strategies.iter().map(|s| &s.id).collect::<Vec<_>>()
    );
    // One marker alone is no transformation: no platinum-etoposide, and no strategy at all
    // without a history (nothing is offered to every sample).
    for alone in [
        SampleEvidence {
            small_variants: std::slice::from_ref(&tp53),
            ..Default::default()
        },
        SampleEvidence {
            copy_number: &rb1,
            ..Default::default()
        },
    ] {
        let v = decide(alone, &kb);
        let ids: Vec<&str> = v.strategies.iter().map(|s| s.id.as_str()).collect();
        assert!(ids.is_empty(), "{ids:?}");
    }
    // Acquired resistance with nothing found: chemotherapy with the TKI, immunotherapy
    // monotherapy as a warning; at baseline the first-line combinations only.
    let acquired = TreatmentHistory {
        prior_tkis: vec!["alectinib".into()],
        timepoint: Some("progression".into()),
        months_on_last: Some(20.0),
        months_source: None,
        histology: None,
    };
    let v = decide(
        SampleEvidence {
            history: Some(&acquired),
            ..Default::default()
        },
        &kb,
    );
    let ids: Vec<&str> = v.strategies.iter().map(|s| s.id.as_str()).collect();
    assert!(
        ids.contains(&"S10") && ids.contains(&"S11") && !ids.contains(&"S08"),
        "{ids:?}"
    );
    assert!(v
        .strategies
        .iter()
        .all(|s| s.triggered_by == "phenotype:no_targetable_mechanism"));
    let naive = TreatmentHistory {
        prior_tkis: Vec::new(),
        timepoint: Some("baseline".into()),
        months_on_last: None,
        months_source: None,
        histology: None,
    };
    let v = decide(
        SampleEvidence {
            history: Some(&naive),
            ..Default::default()
        },
        &kb,
    );
    let ids: Vec<&str> = v.strategies.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["S13", "S12"],
        "first-line combinations (S12 a warning)"
    );
    assert!(v
        .strategies
        .iter()
        .filter(|s| s.warning)
        .all(|s| s.status.as_str() == "not_recommended"
            || s.direction.as_str() == "does_not_support"));
}

/// The events the annotator names (EGFR exon 19 deletion, EGFR exon 20 insertion, KIT exon
/// 11 in-frame deletion) match their KB rows through the real pipeline (VCF in, TSV out):
/// bypass drivers; the exon 19 deletion carries its ALK-TKI evidence (crizotinib with a
/// concurrent EGFR mutation), the other two none; EGFR exon 19 deletion offers the EGFR
/// strategy (S06).
#[test]
fn named_bypass_events_match_their_kb_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut vcf = String::from("##fileformat=VCFv4.2\n##contig=<ID=chr4,length=190214555>\n##contig=<ID=chr7,length=159345973>\n");
    vcf.push_str("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
    vcf.push_str("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\n");
    // KIT p.W557_K558del (c.1669_1674del), EGFR p.E746_A750del (c.2235_2249del),
    // EGFR p.D770_N771insSVD (c.2300_2308dup), GRCh38; REF bases as in the shipped CDS.
    vcf.push_str("chr4\t54727436\t.\tGTGGAAG\tG\t50\tPASS\t.\tGT\t0/1\n");
    vcf.push_str("chr7\t55174771\t.\tAGGAATTAAGAGAAGC\tA\t50\tPASS\t.\tGT\t0/1\n");
    vcf.push_str("chr7\t55181319\t.\tC\tCAGCGTGGAC\t50\tPASS\t.\tGT\t0/1\n");
    let input = common::write_file(dir.path(), "events.vcf", vcf.as_bytes());
    let out = dir.path().join("out");
    common::alkres()
        .args(["annotate", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let json = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".json"))
        .unwrap();
    let report: Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let kb_of = |event: &str| -> &Value {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["event"] == event)
            .unwrap_or_else(|| panic!("no finding named {event}: {}", report["findings"]))
    };
    for (event, id, calls) in [
        ("EGFR exon 19 deletion", "EGFR:exon19_deletion", 2),
        ("EGFR exon 20 insertion", "EGFR:exon20_insertion", 0),
        ("KIT exon 11 in-frame deletion", "KIT:exon11_deletion", 0),
    ] {
        let f = kb_of(event);
        assert_eq!(f["kb"]["id"], id, "{f}");
        assert_eq!(f["kb"]["resistance_class"], "bypass");
        assert_eq!(f["kb"]["calls"].as_array().unwrap().len(), calls, "{id}");
    }
    let verdict = &report["verdict"];
    let crizotinib = verdict["drugs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["drug"] == "crizotinib")
        .unwrap();
    // Decided by the cohort (reduced benefit with a concurrent EGFR mutation); the two case
    // responses are weaker and shown. Rows without any drug call do not enter the matrix.
    assert_eq!(crizotinib["call"], "intermediate", "{crizotinib}");
    assert_eq!(crizotinib["level"], "clinical_cohort");
    assert!(verdict["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == "S06" && s["triggered_by"] == "EGFR:exon19_deletion"));
}
