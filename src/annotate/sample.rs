//! Per-sample findings: which ALT alleles the sample carries, with its evidence; and two
//! changes in one codon combined when the sample's phasing puts them in cis.

use std::collections::HashMap;

use super::record::{AlleleAnnotation, NamedEffect, RecordAnnotator};
use crate::allele::Allele;
use crate::detect::small_variant::{AlleleEvidence, ParsedRecord, SampleCall};
use crate::model::{Consequence, Consequences};
use crate::report::{Finding, Stats};
use crate::transcript::annotate_allele;

/// A finding under construction, with what the codon step needs.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub finding: Finding,
    pub allele: Option<Allele>,
    pub codon: Option<(String, u64)>,
    pub evidence: AlleleEvidence,
    pub reportable: bool,
}

fn finding(
    record: &ParsedRecord,
    alt: &AlleleAnnotation,
    effect: &NamedEffect,
    evidence: &AlleleEvidence,
    filtered: bool,
) -> Finding {
    Finding {
        kind: "small_variant",
        gene: effect.gene.clone(),
        transcript: effect.transcript.clone(),
        chrom: record.chrom.clone(),
        pos: record.pos,
        reference: record.reference.clone(),
        alt: alt.alt_text.clone(),
        consequence: effect.consequence.clone(),
        exon: effect.exon.clone(),
        intron: effect.intron.clone(),
        hgvs_c: effect.hgvs_c.clone(),
        hgvs_p: effect.hgvs_p.clone(),
        protein_short: effect.protein_short.clone(),
        event: effect.event.clone(),
        source: effect.source.clone(),
        vaf: evidence.vaf,
        vaf_source: evidence.vaf_source,
        depth: evidence.depth,
        alt_depth: evidence.alt_depth,
        genotype: evidence.genotype.clone(),
        phased: evidence.phased,
        phase_set: evidence.phase_set,
        haplotypes: evidence.haplotypes.clone(),
        filter: record.filter_text(),
        filtered,
        kb: effect.kb.clone(),
        components: Vec::new(),
        notes: effect.notes.clone(),
    }
}

/// Candidates for one sample from one record.
pub fn candidates(
    record: &ParsedRecord,
    alleles: &[AlleleAnnotation],
    call: Option<&SampleCall>,
    stats: &mut Stats,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let filtered = !record.is_pass();
    for alt in alleles {
        let no_call = SampleCall::default();
        let call = call.unwrap_or(&no_call);
        if !call.carries(alt.alt_number) {
            stats.alleles_not_carried += 1;
            continue;
        }
        if alt.allele.is_none() {
            stats.alleles_not_annotatable += 1;
            continue;
        }
        if alt.effects.is_empty() {
            stats.alleles_outside_transcripts += 1;
            continue;
        }
        let evidence = call.evidence(alt.alt_number, record);
        for effect in &alt.effects {
            // Deep intronic variants are counted, not listed (a WGS VCF has thousands).
            let intronic = effect
                .consequence
                .as_ref()
                .is_some_and(|c| c.is_only(Consequence::IntronVariant));
            if intronic && effect.kb.is_none() {
                stats.intronic_variants += 1;
                continue;
            }
            out.push(Candidate {
                finding: finding(record, alt, effect, &evidence, filtered),
                allele: alt.allele.clone(),
                codon: effect.codon.clone(),
                evidence: evidence.clone(),
                reportable: effect.reportable,
            });
        }
    }
    out
}

/// Two alleles of one record naming the same protein change on the same transcript (`C>T,G`
/// both giving G1202R) are one finding: the first is kept, noting the other; the change is
/// then never paired with itself.
pub fn merge_same_change(candidates: Vec<Candidate>, stats: &mut Stats) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let same = |o: &Candidate| {
            o.reportable
                && c.reportable
                && c.finding.hgvs_p.is_some()
                && o.finding.gene == c.finding.gene
                && o.finding.transcript == c.finding.transcript
                && o.finding.hgvs_p == c.finding.hgvs_p
                && (o.finding.chrom.as_str(), o.finding.pos)
                    == (c.finding.chrom.as_str(), c.finding.pos)
        };
        if let Some(kept) = out.iter_mut().find(|o| same(o)) {
            stats.duplicate_findings += 1;
            let other = c
                .finding
                .hgvs_c
                .clone()
                .unwrap_or_else(|| label(&c.finding));
            kept.finding.notes.push(format!(
                "another ALT allele of the record ({}) gives the same protein change: reported once",
                other
            ));
            continue;
        }
        out.push(c);
    }
    out
}

/// Two substitutions in one codon of one transcript are one amino-acid change when in cis.
fn in_cis(a: &AlleleEvidence, b: &AlleleEvidence) -> Option<bool> {
    if !(a.phased && b.phased) || a.phase_set != b.phase_set {
        return None;
    }
    Some(a.haplotypes.iter().any(|h| b.haplotypes.contains(h)))
}

fn label(f: &Finding) -> String {
    format!("{}:{}:{}>{}", f.chrom, f.pos, f.reference, f.alt)
}

/// Combine same-codon pairs: in cis → one finding (the parts move to `others` with a note);
/// unknown phase → both kept, each noting what the combined change would be.
pub fn combine_codons(
    candidates: Vec<Candidate>,
    annotator: &RecordAnnotator<'_>,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut used = vec![false; candidates.len()];
    let mut by_codon: HashMap<&(String, u64), Vec<usize>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        if let Some(codon) = &c.codon {
            by_codon.entry(codon).or_default().push(i);
        }
    }
    for i in 0..candidates.len() {
        if used[i] {
            continue;
        }
        let partner = candidates[i].codon.as_ref().and_then(|codon| {
            by_codon[codon]
                .iter()
                .copied()
                .find(|&j| j > i && !used[j] && candidates[i].allele != candidates[j].allele)
        });
        let Some(j) = partner else {
            out.push(candidates[i].clone());
            continue;
        };
        let (a, b) = (&candidates[i], &candidates[j]);
        let merged = merge(a, b, annotator);
        match (in_cis(&a.evidence, &b.evidence), merged) {
            (Some(true), Some(mut combined)) => {
                used[j] = true;
                combined.finding.components = vec![label(&a.finding), label(&b.finding)];
                combined.finding.notes.push(format!(
                    "two changes in one codon, in cis by phased GT{}: named as one amino-acid change",
                    a.evidence.phase_set.map(|p| format!(" (PS={p})")).unwrap_or_default()
                ));
                for part in [a, b] {
                    let mut part = part.clone();
                    part.reportable = false;
                    part.finding
                        .notes
                        .push("part of a combined codon change".into());
                    out.push(part);
                }
                out.push(combined);
            }
            (phase, merged) => {
                let reading = merged
                    .and_then(|m| m.finding.hgvs_p)
                    .map(|p| format!("; if in cis they read {p}"))
                    .unwrap_or_default();
                let phase_text = match phase {
                    Some(false) => "in trans",
                    _ => "phase unknown",
                };
                used[j] = true;
                for (this, other) in [(i, j), (j, i)] {
                    let mut c = candidates[this].clone();
                    c.finding.notes.push(format!(
                        "same codon as {} ({phase_text}){reading}",
                        label(&candidates[other].finding)
                    ));
                    out.push(c);
                }
            }
        }
    }
    out
}

/// The single allele spanning both substitutions, annotated on their transcript.
fn merge(a: &Candidate, b: &Candidate, annotator: &RecordAnnotator<'_>) -> Option<Candidate> {
    let (x, y) = (a.allele.as_ref()?, b.allele.as_ref()?);
    let (first, second) = if x.pos <= y.pos { (x, y) } else { (y, x) };
    let start = first.pos;
    let end = second.end();
    let mut reference = annotator
        .known
        .bases(annotator.build, &first.chrom, start, end)?;
    let mut alternate = reference.clone();
    for allele in [first, second] {
        let offset = (allele.pos - start) as usize;
        let span = offset..offset + allele.reference.len();
        if reference.get(span.clone())? != allele.reference.as_slice() {
            return None;
        }
        alternate.splice(span, allele.alternate.iter().copied());
    }
    reference.truncate(alternate.len());
    let combined = Allele {
        chrom: first.chrom.clone(),
        pos: start,
        reference,
        alternate,
    };
    let (tx_id, _) = a.codon.as_ref()?;
    let tx = annotator
        .transcripts
        .transcripts()
        .iter()
        .find(|t| &t.id == tx_id)?;
    let effect = annotate_allele(tx, &combined, annotator.build, annotator.known)?;
    let protein = effect.protein.as_ref()?;
    let mut finding = a.finding.clone();
    finding.pos = start;
    finding.reference = String::from_utf8_lossy(&combined.reference).into_owned();
    finding.alt = String::from_utf8_lossy(&combined.alternate).into_owned();
    finding.hgvs_c = effect.hgvs_c.clone();
    finding.hgvs_p = Some(protein.hgvs.clone());
    finding.protein_short = Some(protein.short.clone());
    finding.consequence = effect.consequences.first().map(|c| Consequences::one(*c));
    finding.kb = annotator
        .kb
        .match_protein(&finding.gene, &protein.short, Some(&protein.hgvs));
    finding.vaf = match (a.evidence.vaf, b.evidence.vaf) {
        (Some(p), Some(q)) => Some(p.min(q)),
        _ => None,
    };
    finding.alt_depth = match (a.evidence.alt_depth, b.evidence.alt_depth) {
        (Some(p), Some(q)) => Some(p.min(q)),
        _ => None,
    };
    finding.notes.clear();
    Some(Candidate {
        finding,
        allele: Some(combined),
        codon: None,
        evidence: a.evidence.clone(),
        reportable: true,
    })
}
