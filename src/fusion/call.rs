//! Finding or candidate: the evidence a named junction needs before it is a fusion
//! *finding* (reported, matched to the KB, used by the verdict). Everything weaker is a
//! *candidate*: listed with its counts and the reasons it is not a finding, never in the
//! verdict. The rules and their defaults are documented in `docs/fusions.md`.

use serde::Serialize;

use crate::genome::normalize_contig;
use crate::model::FusionFinding;

use super::breakend::{Candidate, JunctionKind};
use super::naming::Namer;

/// Evidence thresholds of a fusion finding.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRules {
    /// Alignments: fewest fragments for a finding, each counted once: split reads and
    /// discordant pairs with MAPQ ≥ `min_mapq` on both sides, and junction-sequence reads
    /// (clipped reads whose clipped bases are the other side's sequence, split reads whose
    /// ALK piece a paralog shares); a clipped read that fails the check never counts.
    pub min_reads: u32,
    /// Alignments: fewest split reads (a precise, consistent breakpoint).
    pub min_split_reads: u32,
    /// Alignments: fewest supporting / (supporting + wild-type spanning) fragments at the ALK
    /// breakpoint: below it the junction is within what wild-type reads mis-split by paralogs
    /// and repeats produce.
    pub min_fraction: f64,
    /// SV and RNA callers: fewest split/junction + discordant/spanning reads, where the caller
    /// reports them.
    pub min_caller_reads: u32,
    /// Genes accepted as partners besides the coding genes of the transcript table (the KB's
    /// fusion partners).
    pub known_partners: Vec<String>,
}

impl Default for CallRules {
    fn default() -> Self {
        CallRules {
            min_reads: 3,
            min_split_reads: 1,
            min_fraction: 0.002,
            min_caller_reads: 2,
            known_partners: Vec::new(),
        }
    }
}

/// A junction that is not a finding, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FusionCandidate {
    #[serde(flatten)]
    pub fusion: FusionFinding,
    /// Every rule the junction fails, in words.
    pub not_a_finding_because: Vec<String>,
}

/// Contig names of decoys, alternate haplotypes, unplaced/unlocalised scaffolds and viral
/// sequences: reads there are mostly mis-placed repeats, never a fusion partner.
pub fn is_decoy_contig(chrom: &str) -> bool {
    let c = chrom.to_ascii_lowercase();
    let c = c.strip_prefix("chr").unwrap_or(&c);
    c.contains("_random")
        || c.starts_with("un")
        || c.ends_with("_alt")
        || c.contains("_decoy")
        || c.contains("hs37d5")
        || c.starts_with("gl")
        || c.starts_with("ki")
        || c.starts_with("nc_007605")
        || c.starts_with("ebv")
        || c.starts_with("hla-")
}

/// Whether two junctions are the two sides of one balanced event: same source, same
/// partner contig, both breakpoints within this many bases.
pub(crate) const RECIPROCAL_WINDOW: u64 = 20_000;

struct Entry {
    candidate: Candidate,
    fusion: FusionFinding,
    productive: bool,
    /// Split, pair and junction-sequence counts of reciprocal junctions joined to this one.
    joined_split: u32,
    joined_pairs: u32,
    joined_sequence: u32,
}

fn counts(c: &Candidate) -> (u32, u32) {
    (
        c.support.split_reads.unwrap_or(0),
        c.support.discordant_pairs.unwrap_or(0),
    )
}

/// Junction-sequence reads of an alignment candidate (`clipped_reads` counts only those).
fn sequence_reads(c: &Candidate) -> u32 {
    if is_alignment_source(&c.source) {
        c.support.clipped_reads.unwrap_or(0)
    } else {
        0
    }
}

fn is_alignment_source(source: &str) -> bool {
    matches!(source, "BAM" | "CRAM")
}

fn reciprocal_of(a: &Candidate, b: &Candidate) -> bool {
    a.source == b.source
        && normalize_contig(&a.partner.chrom) == normalize_contig(&b.partner.chrom)
        && a.partner.side != b.partner.side
        && a.alk.side != b.alk.side
        && a.partner.pos.abs_diff(b.partner.pos) <= RECIPROCAL_WINDOW
        && a.alk.pos.abs_diff(b.alk.pos) <= RECIPROCAL_WINDOW
}

/// Why `e` is not a finding (empty: it is one).
fn reasons(e: &Entry, namer: &Namer, rules: &CallRules) -> Vec<String> {
    let (c, f) = (&e.candidate, &e.fusion);
    let mut out = c.doubts.clone();
    if is_decoy_contig(&c.partner.chrom) {
        out.push(format!(
            "partner on {}: a decoy, alternate or unplaced contig",
            c.partner.chrom
        ));
    }
    if !e.productive {
        out.push("no 5' partner → 3' ALK junction: the ALK kinase domain is not expressed".into());
    }
    let known = |g: &str| {
        rules
            .known_partners
            .iter()
            .any(|k| k.eq_ignore_ascii_case(g))
    };
    match namer.partner_locus(&c.partner) {
        Some(locus) if !locus.inside => out.push(format!(
            "partner breakpoint lies outside {} (intergenic)",
            locus.gene
        )),
        Some(locus) if !locus.five_prime => out.push(format!(
            "{} is on the wrong strand for a 5' partner",
            locus.gene
        )),
        Some(_) => {}
        None => match c.partner_gene_hint.as_deref() {
            Some(g) if known(g) => {}
            Some(g) => out.push(format!(
                "partner {g} is neither a KB fusion partner nor a coding gene of the alkres \
                 transcript table (e.g. a lncRNA): an ALK rearrangement of unknown significance"
            )),
            None => out.push(
                "partner locus has no gene in the alkres transcript table and is no KB partner"
                    .into(),
            ),
        },
    }
    if e.productive && f.kinase_domain_retained != Some(true) {
        out.push("the ALK kinase domain (exon 20 onwards) is not retained".into());
    }
    if f.in_frame == Some(false) {
        out.push("out of frame".into());
    }
    let (split, pairs) = counts(c);
    let (split, pairs) = (split + e.joined_split, pairs + e.joined_pairs);
    if is_alignment_source(&c.source) {
        let sequence = sequence_reads(c) + e.joined_sequence;
        if split + pairs + sequence < rules.min_reads {
            out.push(format!(
                "{split} split read(s) + {pairs} discordant pair(s) with MAPQ on both sides + \
                 {sequence} junction-sequence read(s), below {}",
                rules.min_reads
            ));
        }
        if split < rules.min_split_reads {
            out.push(format!(
                "{split} split read(s), below {}: no precise breakpoint",
                rules.min_split_reads
            ));
        }
        if let Some(fraction) = c.support.fusion_fraction {
            if fraction < rules.min_fraction {
                out.push(format!(
                    "fusion fraction {fraction:.4} below {}: within what wild-type reads mis-split \
                     by repeats produce",
                    rules.min_fraction
                ));
            }
        }
    } else if c.support.split_reads.is_some() || c.support.discordant_pairs.is_some() {
        if split + pairs < rules.min_caller_reads {
            out.push(format!(
                "{} reports {split} junction/split + {pairs} spanning/discordant read(s), below {}",
                c.source, rules.min_caller_reads
            ));
        }
    } else if c.kind == JunctionKind::Transcript {
        out.push(format!("{} gives no read counts", c.source));
    }
    out
}

/// Join reciprocal junctions to their fusion, then sort every named junction into findings
/// and candidates.
pub fn classify(
    named: Vec<(Candidate, FusionFinding)>,
    namer: &Namer,
    rules: &CallRules,
) -> (Vec<FusionFinding>, Vec<FusionCandidate>) {
    let mut entries: Vec<Entry> = named
        .into_iter()
        .map(|(candidate, fusion)| Entry {
            productive: namer.productive(&candidate),
            candidate,
            fusion,
            joined_split: 0,
            joined_pairs: 0,
            joined_sequence: 0,
        })
        .collect();
    // The reciprocal side of an event joins its productive junction (the best supported).
    let mut kept = Vec::with_capacity(entries.len());
    let (productive, other): (Vec<Entry>, Vec<Entry>) =
        entries.drain(..).partition(|e| e.productive);
    kept.extend(productive);
    let mut lone = Vec::new();
    for r in other {
        let host = kept
            .iter_mut()
            .filter(|e| reciprocal_of(&e.candidate, &r.candidate))
            .max_by_key(|e| {
                let (s, p) = counts(&e.candidate);
                s + p
            });
        match host {
            Some(h) => {
                let (s, p) = counts(&r.candidate);
                let q = sequence_reads(&r.candidate);
                h.joined_split += s;
                h.joined_pairs += p;
                h.joined_sequence += q;
                h.fusion.notes.push(format!(
                    "reciprocal junction ALK {} / {} {} ({s} split, {p} pairs, {q} \
                     junction-sequence) joins this fusion",
                    r.candidate.alk, r.fusion.partner, r.candidate.partner
                ));
            }
            None => lone.push(r),
        }
    }
    kept.extend(lone);
    let mut findings = Vec::new();
    let mut candidates = Vec::new();
    for e in kept {
        let why = reasons(&e, namer, rules);
        if why.is_empty() {
            findings.push(e.fusion);
        } else {
            candidates.push(FusionCandidate {
                fusion: e.fusion,
                not_a_finding_because: why,
            });
        }
    }
    (findings, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoy_alt_and_unplaced_contigs() {
        for c in [
            "chr14_GL000225v1_random",
            "chrUn_KI270742v1",
            "chr6_GL000251v2_alt",
            "hs37d5",
            "GL000220.1",
            "KI270733.1",
            "NC_007605",
            "chrEBV",
            "chr22_KI270879v1_alt",
        ] {
            assert!(is_decoy_contig(c), "{c}");
        }
        for c in ["chr2", "2", "chrX", "chr14", "MT"] {
            assert!(!is_decoy_contig(c), "{c}");
        }
    }
}
