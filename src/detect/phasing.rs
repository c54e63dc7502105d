//! Read-backed phasing of mutation pairs: for every pair, count reads and read pairs
//! (fragments) that carry both alternate alleles, only the first, only the second, or
//! neither, and call the pair cis, trans or unknown from the fragment counts.
//!
//! The rule ([`PHASE_RULE`]): **cis** when at least 2 fragments carry both and at least 80% of
//! the fragments carrying the less-supported mutation also carry the other (a subclonal second
//! mutation arising on the first allele is still cis); **trans** when no fragment carries both
//! and at least 2 fragments carry each mutation alone; otherwise **unknown** (too few spanning
//! fragments, or a mixture). Only fragments that show REF or ALT at both positions are
//! informative; a base counts when its quality is at least [`MIN_BASE_QUALITY`]. Reads with
//! flags 0x4/0x100/0x200/0x400/0x800 or MAPQ below the minimum are skipped. Variants are
//! VCF-style: SNVs and MNVs (equal REF/ALT length) and anchored insertions and deletions;
//! other representations give `unknown` pairs.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::alignments::pass::{visit_regions, RegionVisitor, Window};
use crate::alignments::{
    base_at, indel_after, mate_index, passes, AlignmentFile, BaseAt, IndelAfter,
};
use crate::detect::hotspots::CodonReads;
use crate::error::{Error, Result};
use crate::genome::normalize_contig;

/// Bases below this quality are treated as unread.
pub const MIN_BASE_QUALITY: u8 = 13;
/// Fragments needed to call cis (carrying both) or trans (carrying each alone).
pub const MIN_FRAGMENTS: u32 = 2;
/// Share of the less-supported mutation's fragments that must carry both for cis.
pub const CIS_FRACTION: f64 = 0.8;

pub const PHASE_RULE: &str = "cis: >= 2 fragments carry both and >= 80% of the fragments \
carrying the less-supported mutation carry both; trans: no fragment carries both and >= 2 \
fragments carry each mutation alone; otherwise unknown";

/// One mutation to phase (VCF-style position and alleles; `label` names it in the output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhasingVariant {
    pub chrom: String,
    pub pos: u64,
    #[serde(rename = "ref")]
    pub reference: String,
    pub alt: String,
    pub label: String,
}

impl PhasingVariant {
    pub fn new(chrom: &str, pos: u64, reference: &str, alt: &str, label: &str) -> Self {
        PhasingVariant {
            chrom: chrom.to_string(),
            pos,
            reference: reference.to_ascii_uppercase(),
            alt: alt.to_ascii_uppercase(),
            label: label.to_string(),
        }
    }

    fn shape(&self) -> Option<Shape> {
        let (r, a) = (self.reference.as_bytes(), self.alt.as_bytes());
        if r.is_empty() || a.is_empty() || self.pos == 0 {
            return None;
        }
        if r.len() == a.len() {
            Some(Shape::Substitution)
        } else if r.len() > a.len() && r.starts_with(a) {
            Some(Shape::Deletion {
                anchor0: (self.pos + a.len() as u64 - 2) as i64,
                length: (r.len() - a.len()) as u64,
            })
        } else if a.len() > r.len() && a.starts_with(r) {
            Some(Shape::Insertion {
                anchor0: (self.pos + r.len() as u64 - 2) as i64,
                inserted: a[r.len()..].to_vec(),
            })
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    Substitution,
    Deletion { anchor0: i64, length: u64 },
    Insertion { anchor0: i64, inserted: Vec<u8> },
}

/// Counts over reads or fragments that show REF/ALT at both positions (`other`: another
/// allele at either position, or mates that disagree).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PairCounts {
    pub both: u32,
    pub first_only: u32,
    pub second_only: u32,
    pub neither: u32,
    pub other: u32,
}

pub use crate::model::Phase;

/// The phase of one pair, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseCall {
    pub first: String,
    pub second: String,
    /// Single reads spanning both positions.
    pub reads: PairCounts,
    /// Read pairs (mates combined) spanning both positions.
    pub fragments: PairCounts,
    pub call: Phase,
    /// Why, in words, with the numbers.
    pub reason: String,
    pub rule: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Allele {
    Ref,
    Alt,
    Other,
}

/// One variant's observations: (read name, mate) → allele.
type ReadAlleles = HashMap<(Vec<u8>, u8), Allele>;

/// Phase every pair of `variants` (in input order: (0,1), (0,2), …, (1,2), …).
pub fn phase_pairs(
    bam: &Path,
    reference: Option<&Path>,
    variants: &[PhasingVariant],
    min_mapq: u8,
) -> Result<Vec<PhaseCall>> {
    let file = AlignmentFile::new(bam, reference);
    let header = file.header()?;
    let label = file.label();
    for v in variants {
        if header.tid(&v.chrom).is_none() {
            return Err(Error::bad_input(
                &label,
                format!(
                    "contig {} (for {}) is not in the alignment header",
                    v.chrom, v.label
                ),
            ));
        }
    }
    let mut sites: Vec<PhaseSite> = variants
        .iter()
        .filter_map(|v| {
            let shape = v.shape()?;
            let tid = header.tid(&v.chrom).unwrap_or(0);
            Some(PhaseSite::new(tid, v, shape, min_mapq))
        })
        .collect();
    visit_regions(
        &file,
        sites
            .iter_mut()
            .map(|s| s as &mut dyn RegionVisitor)
            .collect(),
    )?;
    let mut sites = sites.into_iter().peekable();
    let observed: Vec<ReadAlleles> = variants
        .iter()
        .map(|v| match sites.peek() {
            Some(s) if v.shape().is_some() && std::ptr::eq(s.variant, v) => {
                sites.next().map(|s| s.alleles).unwrap_or_default()
            }
            _ => HashMap::new(),
        })
        .collect();
    Ok(pair_calls(variants, &observed))
}

/// Phase every pair of `variants` from the reads a hotspot pass kept at their codons
/// ([`crate::detect::hotspots::HotspotSites::codon_reads`]): no second read of the
/// file. `reads_at` gives, per variant, the codon's reads; a variant without them (or not a
/// substitution within the codon) has no observations.
pub fn phase_from_codon_reads<'a>(
    variants: &[PhasingVariant],
    reads_at: impl Fn(&PhasingVariant) -> Option<CodonReads<'a>>,
) -> Vec<PhaseCall> {
    let observed: Vec<ReadAlleles> = variants
        .iter()
        .map(|v| {
            let mut out = HashMap::new();
            let (Some(Shape::Substitution), Some(codon)) = (v.shape(), reads_at(v)) else {
                return out;
            };
            for (key, bases) in codon.reads {
                if let Some(allele) = substitution_allele(v, |pos0| {
                    let pos = (pos0 + 1) as u64;
                    codon
                        .codon
                        .iter()
                        .position(|&p| p == pos)
                        .map_or(BaseAt::NotCovered, |k| bases[k])
                }) {
                    out.insert(key.clone(), allele);
                }
            }
            out
        })
        .collect();
    pair_calls(variants, &observed)
}

fn pair_calls(variants: &[PhasingVariant], observed: &[ReadAlleles]) -> Vec<PhaseCall> {
    let mut calls = Vec::new();
    for i in 0..variants.len() {
        for j in i + 1..variants.len() {
            calls.push(phase_one(
                (&variants[i], &observed[i]),
                (&variants[j], &observed[j]),
            ));
        }
    }
    calls
}

/// One variant's visitor: the allele of every passing read.
struct PhaseSite<'v> {
    tid: u32,
    variant: &'v PhasingVariant,
    shape: Shape,
    min_mapq: u8,
    alleles: ReadAlleles,
}

impl<'v> PhaseSite<'v> {
    fn new(tid: u32, variant: &'v PhasingVariant, shape: Shape, min_mapq: u8) -> Self {
        PhaseSite {
            tid,
            variant,
            shape,
            min_mapq,
            alleles: HashMap::new(),
        }
    }
}

impl RegionVisitor for PhaseSite<'_> {
    fn window(&self) -> Window {
        let start0 = self.variant.pos as i64 - 1;
        Window {
            tid: self.tid,
            start0: start0.max(0),
            end0: start0 + self.variant.reference.len() as i64 + 1,
        }
    }

    fn visit(&mut self, record: &rust_htslib::bam::Record) {
        if !passes(record, self.min_mapq) {
            return;
        }
        if let Some(allele) = read_allele(record, self.variant, &self.shape) {
            self.alleles
                .insert((record.qname().to_vec(), mate_index(record)), allele);
        }
    }
}

/// The allele of a substitution from the bases a read shows (`base(pos0)`).
fn substitution_allele(variant: &PhasingVariant, base: impl Fn(i64) -> BaseAt) -> Option<Allele> {
    let start0 = variant.pos as i64 - 1;
    let mut bases = Vec::with_capacity(variant.reference.len());
    for k in 0..variant.reference.len() as i64 {
        match base(start0 + k) {
            BaseAt::Base(b, q) if q >= MIN_BASE_QUALITY => bases.push(b),
            BaseAt::Deleted => return Some(Allele::Other),
            _ => return None,
        }
    }
    Some(if bases == variant.alt.as_bytes() {
        Allele::Alt
    } else if bases == variant.reference.as_bytes() {
        Allele::Ref
    } else {
        Allele::Other
    })
}

/// The allele a read shows, or `None` when it does not read the variant's bases.
fn read_allele(
    record: &rust_htslib::bam::Record,
    variant: &PhasingVariant,
    shape: &Shape,
) -> Option<Allele> {
    match shape {
        Shape::Substitution => substitution_allele(variant, |pos0| base_at(record, pos0)),
        Shape::Deletion { anchor0, length } => {
            let reads_anchor = matches!(base_at(record, *anchor0), BaseAt::Base(..));
            match indel_after(record, *anchor0) {
                Some(IndelAfter::Deletion(l)) if l == *length && reads_anchor => Some(Allele::Alt),
                Some(_) if reads_anchor => Some(Allele::Other),
                _ => {
                    let spans = (anchor0 + 1..=anchor0 + *length as i64 + 1)
                        .all(|p| matches!(base_at(record, p), BaseAt::Base(..)));
                    (reads_anchor && spans).then_some(Allele::Ref)
                }
            }
        }
        Shape::Insertion { anchor0, inserted } => {
            let reads_anchor = matches!(base_at(record, *anchor0), BaseAt::Base(..));
            match indel_after(record, *anchor0) {
                Some(IndelAfter::Insertion(seq)) if &seq == inserted && reads_anchor => {
                    Some(Allele::Alt)
                }
                Some(_) if reads_anchor => Some(Allele::Other),
                _ => (reads_anchor && matches!(base_at(record, anchor0 + 1), BaseAt::Base(..)))
                    .then_some(Allele::Ref),
            }
        }
    }
}

fn classify(counts: &mut PairCounts, a: Allele, b: Allele) {
    match (a, b) {
        (Allele::Alt, Allele::Alt) => counts.both += 1,
        (Allele::Alt, Allele::Ref) => counts.first_only += 1,
        (Allele::Ref, Allele::Alt) => counts.second_only += 1,
        (Allele::Ref, Allele::Ref) => counts.neither += 1,
        _ => counts.other += 1,
    }
}

/// Mates combined: the allele both show, `Other` when they disagree.
fn by_fragment(reads: &ReadAlleles) -> HashMap<&[u8], Allele> {
    let mut out: HashMap<&[u8], Allele> = HashMap::new();
    for ((name, _), &allele) in reads {
        out.entry(name.as_slice())
            .and_modify(|seen| {
                if *seen != allele {
                    *seen = Allele::Other;
                }
            })
            .or_insert(allele);
    }
    out
}

type Observed<'a> = (&'a PhasingVariant, &'a ReadAlleles);

fn phase_one(first: Observed, second: Observed) -> PhaseCall {
    let (v1, reads1) = first;
    let (v2, reads2) = second;
    let mut call = PhaseCall {
        first: v1.label.clone(),
        second: v2.label.clone(),
        reads: PairCounts::default(),
        fragments: PairCounts::default(),
        call: Phase::Unknown,
        reason: String::new(),
        rule: PHASE_RULE,
    };
    if normalize_contig(&v1.chrom) != normalize_contig(&v2.chrom) {
        call.reason = "on different chromosomes: no read can span both".into();
        return call;
    }
    if v1.shape().is_none() || v2.shape().is_none() {
        call.reason = "a variant has REF/ALT alleles that are neither a substitution nor an \
                       anchored insertion/deletion"
            .into();
        return call;
    }
    for (key, &a) in reads1 {
        if let Some(&b) = reads2.get(key) {
            classify(&mut call.reads, a, b);
        }
    }
    let (frags1, frags2) = (by_fragment(reads1), by_fragment(reads2));
    for (name, &a) in &frags1 {
        if let Some(&b) = frags2.get(name) {
            classify(&mut call.fragments, a, b);
        }
    }
    let f = call.fragments;
    let carrying_first = f.both + f.first_only;
    let carrying_second = f.both + f.second_only;
    let (minor_label, minor) = if carrying_second <= carrying_first {
        (&v2.label, carrying_second)
    } else {
        (&v1.label, carrying_first)
    };
    if f.both >= MIN_FRAGMENTS && f64::from(f.both) >= CIS_FRACTION * f64::from(minor) {
        call.call = Phase::Cis;
        call.reason = format!(
            "{} of {minor} fragments carrying {minor_label} also carry the other mutation",
            f.both
        );
    } else if f.both == 0 && f.first_only >= MIN_FRAGMENTS && f.second_only >= MIN_FRAGMENTS {
        call.call = Phase::Trans;
        call.reason = format!(
            "no fragment carries both; {} carry {} alone and {} carry {} alone",
            f.first_only, v1.label, f.second_only, v2.label
        );
    } else {
        call.reason = format!(
            "{} fragment(s) carry both, {} only {}, {} only {}: the rule needs more spanning \
             fragments or a clearer majority",
            f.both, f.first_only, v1.label, f.second_only, v2.label
        );
    }
    call
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_follow_the_vcf_convention() {
        let v = PhasingVariant::new("2", 100, "C", "T", "x");
        assert_eq!(v.shape(), Some(Shape::Substitution));
        let v = PhasingVariant::new("2", 100, "CAG", "C", "x");
        assert_eq!(
            v.shape(),
            Some(Shape::Deletion {
                anchor0: 99,
                length: 2
            })
        );
        let v = PhasingVariant::new("2", 100, "C", "CTT", "x");
        assert_eq!(
            v.shape(),
            Some(Shape::Insertion {
                anchor0: 99,
                inserted: b"TT".to_vec()
            })
        );
        assert_eq!(
            PhasingVariant::new("2", 100, "CA", "GTT", "x").shape(),
            None
        );
    }

    fn observed(alleles: &[(&str, u8, Allele)]) -> ReadAlleles {
        alleles
            .iter()
            .map(|(n, m, a)| ((n.as_bytes().to_vec(), *m), *a))
            .collect()
    }

    #[test]
    fn subclonal_second_mutation_on_the_first_allele_is_cis() {
        let v1 = PhasingVariant::new("2", 100, "C", "T", "A");
        let v2 = PhasingVariant::new("2", 120, "G", "T", "B");
        // 6 fragments carry A only, 3 carry A and B: every B fragment carries A.
        let mut o1 = Vec::new();
        let mut o2 = Vec::new();
        let names: Vec<String> = (0..9).map(|i| format!("f{i}")).collect();
        for (i, name) in names.iter().enumerate() {
            o1.push((name.as_str(), 0, Allele::Alt));
            o2.push((
                name.as_str(),
                0,
                if i < 3 { Allele::Alt } else { Allele::Ref },
            ));
        }
        let call = phase_one((&v1, &observed(&o1)), (&v2, &observed(&o2)));
        assert_eq!(call.call, Phase::Cis, "{}", call.reason);
        assert_eq!(call.fragments.both, 3);
        assert_eq!(call.fragments.first_only, 6);
    }

    #[test]
    fn disagreeing_mates_are_other_not_evidence() {
        let v1 = PhasingVariant::new("2", 100, "C", "T", "A");
        let v2 = PhasingVariant::new("2", 300, "G", "T", "B");
        let o1 = observed(&[("f", 0, Allele::Alt), ("f", 1, Allele::Ref)]);
        let o2 = observed(&[("f", 1, Allele::Alt)]);
        let call = phase_one((&v1, &o1), (&v2, &o2));
        assert_eq!(call.fragments.other, 1);
        assert_eq!(call.reads.second_only, 1, "mate 2 reads both: REF then ALT");
        assert_eq!(call.call, Phase::Unknown);
    }
}
