//! What an allele does to a transcript: SO consequence, HGVS c. and p., exon/intron number.

use serde::Serialize;

use super::codon::{reverse_complement, translate_known};
use super::hgvs::{CdsPos, ProteinChange, Residue};
use super::model::{Location, Strand, Transcript};
use crate::allele::Allele;
use crate::genome::{Build, KnownSequence};

pub use crate::model::Consequence;

/// The effect of one allele on one transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TranscriptEffect {
    pub gene: String,
    pub transcript: String,
    pub exon: Option<u32>,
    pub intron: Option<u32>,
    /// Most severe first.
    pub consequences: Vec<Consequence>,
    pub hgvs_c: Option<String>,
    pub protein: Option<ProteinChange>,
    /// Why the protein change could not be named, when it could not.
    pub protein_unknown_reason: Option<String>,
    /// The canonical splice sites (±1-2 intronic bases) the allele hits, by the exon they
    /// belong to: what exon-skipping events (MET exon 14) are named from.
    pub splice_sites: Vec<SpliceSite>,
    /// Splice sites whose wider signal the allele destroys (see `splice_signal`): deletions
    /// through an acceptor's polypyrimidine tract, a donor's +3 base or its exonic end.
    pub signal_sites: Vec<SpliceSite>,
}

/// Which side of an exon a canonical splice site is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpliceSide {
    /// The intron's 3' end, just before the exon (`AG`).
    Acceptor,
    /// The intron's 5' end, just after the exon (`GT`).
    Donor,
}

/// A canonical splice site of one exon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SpliceSite {
    pub exon: u32,
    pub side: SpliceSide,
}

/// How far into an intron a base counts as splice region (VEP: 3-8 bp; 1-2 bp are the
/// donor/acceptor sites themselves).
const SPLICE_REGION_INTRON: i64 = 8;
/// Exonic bases next to a splice junction that VEP also flags as splice region.
const SPLICE_REGION_EXON: u64 = 3;

/// Annotate an allele on a transcript; `None` when the allele lies outside it.
pub fn annotate_allele(
    transcript: &Transcript,
    allele: &Allele,
    build: Build,
    known: &KnownSequence,
) -> Option<TranscriptEffect> {
    // HGVS names the 3'-most equivalent position in transcript orientation, without
    // leaving the exon the allele is in.
    let mut allele = allele.clone();
    let exon = transcript
        .exons
        .iter()
        .find(|e| allele.pos >= e.start && allele.end().max(allele.pos) <= e.end);
    match transcript.strand {
        Strand::Plus => allele.right_shift_within(build, known, exon.map(|e| e.end)),
        Strand::Minus => allele.left_align_within(build, known, exon.map(|e| e.start)),
    };
    let (lo, hi) = if allele.is_insertion() {
        (allele.pos - 1, allele.pos)
    } else {
        (allele.pos, allele.end())
    };
    let locations = [transcript.location(lo), transcript.location(hi)];
    if locations.iter().all(|l| *l == Location::Outside) {
        return None;
    }
    let (exon, intron) = match locations {
        [Location::Exon(n), _] | [_, Location::Exon(n)] => (Some(n), None),
        [Location::Intron(n), _] | [_, Location::Intron(n)] => (None, Some(n)),
        _ => (None, None),
    };

    let mut effect = TranscriptEffect {
        gene: transcript.gene.clone(),
        transcript: transcript.name().to_string(),
        exon,
        intron,
        consequences: Vec::new(),
        hgvs_c: None,
        protein: None,
        protein_unknown_reason: None,
        splice_sites: Vec::new(),
        signal_sites: super::splice_signal::splice_signal_sites(transcript, &allele),
    };
    let (terms, sites) = splice_consequences(transcript, lo, hi, allele.is_insertion());
    effect.consequences.extend(terms);
    effect.splice_sites = sites;

    let Some(cds) = transcript.cds else {
        if exon.is_some() {
            effect.consequences.push(Consequence::ExonVariant);
        }
        if intron.is_some() && effect.consequences.is_empty() {
            effect.consequences.push(Consequence::IntronVariant);
        }
        effect.protein_unknown_reason = Some("no CDS bounds shipped for this transcript".into());
        effect.consequences.sort();
        effect.consequences.dedup();
        return Some(effect);
    };

    let (p5, p3) = {
        let (a, b) = (transcript.cds_pos(lo), transcript.cds_pos(hi));
        match transcript.strand {
            Strand::Plus => (a, b),
            Strand::Minus => (b, a),
        }
    };
    let coding_ref = match transcript.strand {
        Strand::Plus => allele.reference.clone(),
        Strand::Minus => reverse_complement(&allele.reference),
    };
    let coding_alt = match transcript.strand {
        Strand::Plus => allele.alternate.clone(),
        Strand::Minus => reverse_complement(&allele.alternate),
    };
    // An insertion on the exon's 3' edge (after the last exonic base) is still exonic.
    let p3 = match (p5, p3) {
        (Some(a), Some(b)) if allele.is_insertion() && a.offset == 0 && b.offset != 0 => {
            Some(CdsPos::new(a.c + 1, 0, a.cds_length()))
        }
        _ => p3,
    };
    if let (Some(p5), Some(p3)) = (p5, p3) {
        let duplicated = allele.is_insertion() && is_duplication(transcript, &allele, build, known);
        effect.hgvs_c = Some(hgvs_c(p5, p3, &coding_ref, &coding_alt, duplicated));
        if p5.is_coding() && p3.is_coding() {
            match protein_change(transcript, p5, p3, &coding_ref, &coding_alt) {
                Ok((consequence, change)) => {
                    effect.consequences.push(consequence);
                    effect.protein = Some(change);
                }
                Err(reason) => {
                    effect.consequences.push(Consequence::CodingSequenceVariant);
                    effect.protein_unknown_reason = Some(reason);
                }
            }
        } else if p5.offset == 0 && p3.offset == 0 {
            let utr = if p3.c < 1 {
                Some(Consequence::FivePrimeUtrVariant)
            } else if p5.c > cds.length as i64 {
                Some(Consequence::ThreePrimeUtrVariant)
            } else {
                None
            };
            match utr {
                Some(term) => effect.consequences.push(term),
                None => {
                    effect.consequences.push(Consequence::CodingSequenceVariant);
                    effect.protein_unknown_reason =
                        Some("allele spans the CDS boundary".to_string());
                }
            }
        } else if intron.is_some() {
            effect.consequences.push(Consequence::IntronVariant);
        } else {
            effect.consequences.push(Consequence::CodingSequenceVariant);
            effect.protein_unknown_reason = Some("allele spans an exon-intron junction".into());
        }
    }
    effect.consequences.sort();
    effect.consequences.dedup();
    Some(effect)
}

/// Splice-site terms from the genomic span `lo..=hi`; for an insertion, `lo` and `hi` are
/// the bases on either side of it, and a splice site is hit only when the insertion splits it.
fn splice_consequences(
    transcript: &Transcript,
    lo: u64,
    hi: u64,
    insertion: bool,
) -> (Vec<Consequence>, Vec<SpliceSite>) {
    let step: i64 = match transcript.strand {
        Strand::Plus => 1,
        Strand::Minus => -1,
    };
    let (lo, hi) = (lo as i64, hi as i64);
    // Positions `from, from+dir, …` (n of them).
    let run = |from: i64, dir: i64, n: i64| (0..n).map(move |k| from + k * dir);
    let site_hit = |sites: &[i64]| {
        if insertion {
            sites.contains(&lo) && sites.contains(&hi)
        } else {
            sites.iter().any(|p| (lo..=hi).contains(p))
        }
    };
    let region_hit = |region: &[i64]| {
        if insertion {
            region.contains(&lo) || region.contains(&hi)
        } else {
            region.iter().any(|p| (lo..=hi).contains(p))
        }
    };
    let mut terms = Vec::new();
    let mut sites = Vec::new();
    for pair in transcript.exons.windows(2) {
        // Last base of the upstream exon and first base of the downstream exon, in
        // transcript orientation; the intron lies between them.
        let (exon_last, next_first) = match transcript.strand {
            Strand::Plus => (pair[0].end as i64, pair[1].start as i64),
            Strand::Minus => (pair[0].start as i64, pair[1].end as i64),
        };
        // Cheap rejection: splice terms need the allele within 8 bp of this junction.
        let (a, b) = (exon_last.min(next_first), exon_last.max(next_first));
        if hi < a - SPLICE_REGION_INTRON || lo > b + SPLICE_REGION_INTRON {
            continue;
        }
        let donor = [exon_last + step, exon_last + 2 * step];
        let acceptor = [next_first - step, next_first - 2 * step];
        if site_hit(&donor) {
            terms.push(Consequence::SpliceDonorVariant);
            sites.push(SpliceSite {
                exon: pair[0].number,
                side: SpliceSide::Donor,
            });
        }
        if site_hit(&acceptor) {
            terms.push(Consequence::SpliceAcceptorVariant);
            sites.push(SpliceSite {
                exon: pair[1].number,
                side: SpliceSide::Acceptor,
            });
        }
        let intronic = SPLICE_REGION_INTRON - 2;
        let exonic = SPLICE_REGION_EXON as i64;
        let region: Vec<i64> = run(exon_last + 3 * step, step, intronic)
            .chain(run(next_first - 3 * step, -step, intronic))
            .chain(run(exon_last, -step, exonic))
            .chain(run(next_first, step, exonic))
            .collect();
        if region_hit(&region) {
            terms.push(Consequence::SpliceRegionVariant);
        }
    }
    (terms, sites)
}

/// Whether an insertion repeats the bases just 5' of it on the coding strand (HGVS `dup`).
fn is_duplication(tx: &Transcript, allele: &Allele, build: Build, known: &KnownSequence) -> bool {
    let n = allele.alternate.len() as u64;
    let upstream = match tx.strand {
        // after a right shift the copy sits just left of the insertion point
        Strand::Plus => allele
            .pos
            .checked_sub(n)
            .and_then(|start| known.bases(build, &allele.chrom, start, allele.pos - 1)),
        Strand::Minus => known.bases(build, &allele.chrom, allele.pos, allele.pos + n - 1),
    };
    upstream.as_deref() == Some(allele.alternate.as_slice())
}

fn hgvs_c(p5: CdsPos, p3: CdsPos, coding_ref: &[u8], coding_alt: &[u8], dup: bool) -> String {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let span = |a: CdsPos, b: CdsPos| {
        if a == b {
            a.to_string()
        } else {
            format!("{a}_{b}")
        }
    };
    if coding_ref.is_empty() {
        // An insertion lies between p5 and p3 (adjacent bases). A duplication names the
        // copied bases, which end at p5.
        if dup {
            return format!("c.{}dup", span_dup(p5, coding_alt.len() as i64));
        }
        return format!("c.{}_{}ins{}", p5, p3, text(coding_alt));
    }
    if coding_alt.is_empty() {
        return format!("c.{}del", span(p5, p3));
    }
    if coding_ref.len() == 1 && coding_alt.len() == 1 {
        return format!("c.{}{}>{}", p5, text(coding_ref), text(coding_alt));
    }
    format!("c.{}delins{}", span(p5, p3), text(coding_alt))
}

/// The c. span of `n` duplicated bases ending at `last` (exonic; c. numbers are contiguous).
fn span_dup(last: CdsPos, n: i64) -> String {
    if n == 1 {
        return last.to_string();
    }
    let first = CdsPos::new(last.c - n + 1, last.offset, last.cds_length());
    format!("{first}_{last}")
}

/// The protein consequence of a change inside the CDS.
fn protein_change(
    tx: &Transcript,
    p5: CdsPos,
    p3: CdsPos,
    coding_ref: &[u8],
    coding_alt: &[u8],
) -> Result<(Consequence, ProteinChange), String> {
    let insertion = coding_ref.is_empty();
    // 0-based CDS index range being replaced; an insertion replaces the empty range after p5.
    let (start, end) = if insertion {
        (p5.c as usize, p5.c as usize)
    } else {
        (p5.c as usize - 1, p3.c as usize)
    };
    // Every codon touched (for an insertion, both codons around the point) must be known.
    let first_codon = start.saturating_sub(usize::from(insertion)) / 3;
    let last_codon = (end.max(start + 1) - 1) / 3;
    for codon in first_codon..=last_codon {
        for i in codon * 3..codon * 3 + 3 {
            if tx.cds_bases.get(i).copied().flatten().is_none() {
                return Err(format!(
                    "reference sequence of codon {} is not shipped",
                    codon + 1
                ));
            }
        }
    }
    let mut alt_cds = tx.cds_bases.clone();
    alt_cds.splice(start..end, coding_alt.iter().map(|&b| Some(b)));
    let reference = translate_known(&tx.cds_bases, true);
    let alternate = translate_known(&alt_cds, true);
    let frameshift = (coding_alt.len() as i64 - coding_ref.len() as i64) % 3 != 0;

    let residue = |i: usize| -> Result<Residue, String> {
        reference
            .get(i)
            .copied()
            .flatten()
            .map(|aa| Residue {
                aa,
                pos: i as u64 + 1,
            })
            .ok_or_else(|| format!("residue {} is not known", i + 1))
    };
    let prefix = reference
        .iter()
        .zip(&alternate)
        .take_while(|(r, a)| r == a)
        .count();
    if prefix == reference.len() && prefix == alternate.len() {
        return Ok((
            Consequence::SynonymousVariant,
            ProteinChange::synonymous(residue(start / 3)?),
        ));
    }
    if prefix == 0 && !insertion && reference.first() == Some(&Some(b'M')) {
        return Ok((Consequence::StartLost, ProteinChange::start_lost()));
    }
    let ref_aa = residue(prefix)?;
    let alt_aa = |i: usize| alternate.get(i).copied().flatten();

    if ref_aa.aa == b'*' {
        let to = alt_aa(prefix).ok_or("the new residue is not known")?;
        let ext = alternate[prefix..]
            .iter()
            .position(|a| *a == Some(b'*'))
            .map(|k| k as u64);
        return Ok((
            Consequence::StopLost,
            ProteinChange::stop_lost(ref_aa, to, ext),
        ));
    }
    if frameshift {
        let to = alt_aa(prefix).ok_or("the new residue is not known")?;
        if to == b'*' {
            return Ok((
                Consequence::StopGained,
                ProteinChange::substitution(ref_aa, b'*'),
            ));
        }
        // Count to the new stop through known sequence only; unknown past there.
        let mut ter = None;
        for (k, aa) in alternate[prefix..].iter().enumerate() {
            match aa {
                Some(b'*') => {
                    ter = Some(k as u64 + 1);
                    break;
                }
                Some(_) => {}
                None => break,
            }
        }
        return Ok((
            Consequence::FrameshiftVariant,
            ProteinChange::frameshift(ref_aa, to, ter),
        ));
    }

    if alt_aa(prefix) == Some(b'*') {
        return Ok((
            Consequence::StopGained,
            ProteinChange::substitution(ref_aa, b'*'),
        ));
    }
    // In frame: the rest of the protein realigns; trim the common suffix.
    let max_suffix = reference.len().min(alternate.len()) - prefix;
    let suffix = reference
        .iter()
        .rev()
        .zip(alternate.iter().rev())
        .take(max_suffix)
        .take_while(|(r, a)| r == a)
        .count();
    let deleted: Option<Vec<u8>> = reference[prefix..reference.len() - suffix]
        .iter()
        .copied()
        .collect();
    let inserted: Option<Vec<u8>> = alternate[prefix..alternate.len() - suffix]
        .iter()
        .copied()
        .collect();
    let (Some(deleted), Some(inserted)) = (deleted, inserted) else {
        return Err("the changed residues are not all known".into());
    };
    let last = |n: usize| residue(prefix + n - 1);

    if inserted.first() == Some(&b'*') {
        return Ok((
            Consequence::StopGained,
            ProteinChange::substitution(ref_aa, b'*'),
        ));
    }
    match (deleted.len(), inserted.len()) {
        (1, 1) => Ok((
            Consequence::MissenseVariant,
            ProteinChange::substitution(ref_aa, inserted[0]),
        )),
        (n, 0) => Ok((
            Consequence::InframeDeletion,
            ProteinChange::deletion(ref_aa, last(n)?),
        )),
        (0, n) => {
            // Inserted after residue `prefix` (1-based); a copy of the residues just before
            // it is a duplication.
            let before = residue(prefix - 1)?;
            let copies_previous = prefix >= n
                && reference[prefix - n..prefix]
                    .iter()
                    .zip(&inserted)
                    .all(|(r, i)| *r == Some(*i));
            if copies_previous {
                Ok((
                    Consequence::InframeInsertion,
                    ProteinChange::duplication(residue(prefix - n)?, before),
                ))
            } else {
                Ok((
                    Consequence::InframeInsertion,
                    ProteinChange::insertion(before, ref_aa, &inserted),
                ))
            }
        }
        (n, m) => {
            let term = if m > n {
                Consequence::InframeInsertion
            } else if m < n {
                Consequence::InframeDeletion
            } else {
                Consequence::ProteinAlteringVariant
            };
            Ok((term, ProteinChange::delins(ref_aa, last(n)?, &inserted)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{CdsBounds, CdsStatus, Exon};

    // A toy two-exon transcript on the plus strand at chr1:1001-1053:
    // mRNA = GCC | ATG ACC ACC CTG GAA TGG GGC TAA | GGGTTT  (M T T L E W G *)
    // exon 1 = mRNA 1-12 at 1001-1012, intron 1013-1032 (GT…AG), exon 2 = mRNA 13-33 at 1033-1053.
    const EXON1: &str = "GCCATGACCACC";
    const INTRON: &str = "GTAAGTCCCCCCCCCTTCAG";
    const EXON2: &str = "CTGGAATGGGGCTAAGGGTTT";

    fn toy(strand: Strand) -> (Transcript, KnownSequence) {
        let plus: String = [EXON1, INTRON, EXON2].concat();
        let mut known = KnownSequence::default();
        let (exons, cds, genome) = match strand {
            Strand::Plus => (
                vec![
                    Exon {
                        number: 1,
                        start: 1001,
                        end: 1012,
                    },
                    Exon {
                        number: 2,
                        start: 1033,
                        end: 1053,
                    },
                ],
                CdsBounds {
                    first: 1004,
                    last: 1047,
                    length: 24,
                    status: CdsStatus::Verified,
                },
                plus.into_bytes(),
            ),
            // The same transcript written on the minus strand: genome = reverse complement.
            Strand::Minus => (
                vec![
                    Exon {
                        number: 1,
                        start: 1042,
                        end: 1053,
                    },
                    Exon {
                        number: 2,
                        start: 1001,
                        end: 1021,
                    },
                ],
                CdsBounds {
                    first: 1050,
                    last: 1007,
                    length: 24,
                    status: CdsStatus::Verified,
                },
                super::reverse_complement(plus.as_bytes()),
            ),
        };
        known.insert(Build::GRCh38, "1", 1001, &genome);
        let mut tx = Transcript {
            gene: "TOY".into(),
            id: "TOY1".into(),
            refseq: None,
            chrom: "1".into(),
            strand,
            exons,
            cds: Some(cds),
            cds_bases: Vec::new(),
        };
        tx.cds_bases = (1..=24)
            .map(|c| {
                let pos = tx.genomic_of_cds(c).unwrap();
                known.base(Build::GRCh38, "1", pos).map(|b| match strand {
                    Strand::Plus => b,
                    Strand::Minus => super::reverse_complement(&[b])[0],
                })
            })
            .collect();
        (tx, known)
    }

    /// Apply a change written on the coding strand at c. positions, in genome coordinates.
    fn effect(strand: Strand, pos: u64, reference: &str, alternate: &str) -> TranscriptEffect {
        let (tx, known) = toy(strand);
        let allele = Allele::from_vcf("1", pos, reference, alternate);
        annotate_allele(&tx, &allele, Build::GRCh38, &known).expect("overlaps the toy")
    }

    fn names(e: &TranscriptEffect) -> (String, String, Consequence) {
        (
            e.hgvs_c.clone().unwrap_or_default(),
            e.protein
                .as_ref()
                .map(|p| p.hgvs.clone())
                .unwrap_or_default(),
            e.consequences[0],
        )
    }

    #[test]
    fn the_toy_translates() {
        let (tx, _) = toy(Strand::Plus);
        let protein: String = translate_known(&tx.cds_bases, false)
            .iter()
            .map(|a| a.unwrap() as char)
            .collect();
        assert_eq!(protein, "MTTLEWG*");
        let (tx, _) = toy(Strand::Minus);
        let protein: String = translate_known(&tx.cds_bases, false)
            .iter()
            .map(|a| a.unwrap() as char)
            .collect();
        assert_eq!(protein, "MTTLEWG*");
    }

    #[test]
    fn substitutions() {
        // c.4A>G: ACC→GCC, Thr2Ala
        assert_eq!(
            names(&effect(Strand::Plus, 1007, "A", "G")),
            (
                "c.4A>G".into(),
                "p.Thr2Ala".into(),
                Consequence::MissenseVariant
            )
        );
        // c.18G>A: TGG→TGA, Trp6Ter
        assert_eq!(
            names(&effect(Strand::Plus, 1041, "G", "A")),
            (
                "c.18G>A".into(),
                "p.Trp6Ter".into(),
                Consequence::StopGained
            )
        );
        // c.6C>T: ACC→ACT, synonymous
        assert_eq!(
            names(&effect(Strand::Plus, 1009, "C", "T")),
            (
                "c.6C>T".into(),
                "p.Thr2=".into(),
                Consequence::SynonymousVariant
            )
        );
        // c.1A>G: start lost
        assert_eq!(
            names(&effect(Strand::Plus, 1004, "A", "G")).2,
            Consequence::StartLost
        );
        // c.23A>C: TAA→TCA stop lost, new stop unknown beyond the CDS
        let e = effect(Strand::Plus, 1046, "A", "C");
        assert_eq!(
            names(&e),
            (
                "c.23A>C".into(),
                "p.Ter8SerextTer?".into(),
                Consequence::StopLost
            )
        );
    }

    #[test]
    fn same_change_named_identically_on_either_strand() {
        // c.4A>G on the minus-strand toy: c.4 is at genome 1047 (T on the plus strand)
        let (tx, _) = toy(Strand::Minus);
        assert_eq!(tx.genomic_of_cds(4), Some(1047));
        assert_eq!(
            names(&effect(Strand::Minus, 1047, "T", "C")),
            (
                "c.4A>G".into(),
                "p.Thr2Ala".into(),
                Consequence::MissenseVariant
            )
        );
    }

    #[test]
    fn insertions_follow_the_3_prime_rule_within_the_exon() {
        // Insert ACC after ATG (between c.3 and c.4): equivalent to duplicating codon 3 (c.7_9),
        // the 3'-most copy still inside exon 1 → c.7_9dup, p.Thr3dup.
        let e = effect(Strand::Plus, 1006, "G", "GACC");
        assert_eq!(
            names(&e),
            (
                "c.7_9dup".into(),
                "p.Thr3dup".into(),
                Consequence::InframeInsertion
            )
        );
        assert!(
            !e.consequences.contains(&Consequence::SpliceDonorVariant),
            "GT is intact"
        );
        // On the minus strand, the VCF (left-aligned on the plus strand) representation of
        // the same insertion gives the same names.
        let (tx, known) = toy(Strand::Minus);
        let c9 = tx.genomic_of_cds(9).unwrap();
        let anchor = known.base(Build::GRCh38, "1", c9 - 1).unwrap() as char;
        let e = effect(
            Strand::Minus,
            c9 - 1,
            &anchor.to_string(),
            &format!("{anchor}GGT"),
        );
        assert_eq!(
            names(&e),
            (
                "c.7_9dup".into(),
                "p.Thr3dup".into(),
                Consequence::InframeInsertion
            )
        );
    }

    #[test]
    fn deletions_and_frameshifts() {
        // delete one ACC codon (c.4_6 or c.7_9: the 3' rule names c.7_9) → p.Thr3del
        let e = effect(Strand::Plus, 1006, "GACC", "G");
        assert_eq!(
            names(&e),
            (
                "c.7_9del".into(),
                "p.Thr3del".into(),
                Consequence::InframeDeletion
            )
        );
        // delete c.13 (G of GAA at 1036... exon 2 starts at c.10 = 1033): frameshift
        // c.13del: ... CTG AAT GGG GCT AAG GG… → Glu5Asn, then stop at TAA? M T T L N G A K G ...
        let e = effect(Strand::Plus, 1035, "GG", "G");
        let (c, p, term) = names(&e);
        assert_eq!(
            (c.as_str(), term),
            ("c.13del", Consequence::FrameshiftVariant)
        );
        assert!(p.starts_with("p.Glu5AsnfsTer"), "{p}");
    }

    #[test]
    fn splice_and_utr() {
        // c.9+1G>A: donor
        let e = effect(Strand::Plus, 1013, "G", "A");
        assert_eq!(e.hgvs_c.as_deref(), Some("c.9+1G>A"));
        assert_eq!(e.consequences[0], Consequence::SpliceDonorVariant);
        assert!(e.protein.is_none());
        // c.10-2A>G: acceptor
        let e = effect(Strand::Plus, 1031, "A", "G");
        assert_eq!(e.hgvs_c.as_deref(), Some("c.10-2A>G"));
        assert_eq!(e.consequences[0], Consequence::SpliceAcceptorVariant);
        // c.9+5: splice region + intron
        let e = effect(Strand::Plus, 1017, "G", "A");
        assert_eq!(e.hgvs_c.as_deref(), Some("c.9+5G>A"));
        assert_eq!(
            e.consequences,
            vec![Consequence::SpliceRegionVariant, Consequence::IntronVariant]
        );
        // deep intronic: the middle of the 20-bp intron counts from the nearer exon
        assert_eq!(
            effect(Strand::Plus, 1022, "C", "T").hgvs_c.as_deref(),
            Some("c.9+10C>T")
        );
        assert_eq!(
            effect(Strand::Plus, 1023, "C", "T").hgvs_c.as_deref(),
            Some("c.10-10C>T")
        );
        // 5' UTR c.-2, 3' UTR c.*3
        let e = effect(Strand::Plus, 1002, "C", "T");
        assert_eq!(
            (e.hgvs_c.as_deref(), e.consequences[0]),
            (Some("c.-2C>T"), Consequence::FivePrimeUtrVariant)
        );
        let e = effect(Strand::Plus, 1050, "G", "A");
        assert_eq!(
            (e.hgvs_c.as_deref(), e.consequences[0]),
            (Some("c.*3G>A"), Consequence::ThreePrimeUtrVariant)
        );
    }

    #[test]
    fn codons_without_shipped_sequence_leave_the_protein_unknown() {
        let (mut tx, known) = toy(Strand::Plus);
        tx.cds_bases[4] = None; // c.5 unknown
        let allele = Allele::from_vcf("1", 1007, "A", "G");
        let e = annotate_allele(&tx, &allele, Build::GRCh38, &known).unwrap();
        assert!(e.protein.is_none());
        assert_eq!(e.hgvs_c.as_deref(), Some("c.4A>G"));
        assert!(e.protein_unknown_reason.unwrap().contains("codon 2"));
    }
}
