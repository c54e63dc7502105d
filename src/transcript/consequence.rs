//! What an allele does to a transcript: SO consequence, HGVS c. and p., exon/intron number.

use serde::Serialize;

use super::codon::{reverse_complement, translate_known};
use super::hgvs::{CdsPos, ProteinChange, Residue};
use super::model::{Location, Strand, Transcript};
use crate::allele::Allele;
use crate::genome::{Build, KnownSequence};

/// Sequence Ontology consequence terms, most severe first (Ensembl VEP's ordering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    SpliceAcceptorVariant,
    SpliceDonorVariant,
    StopGained,
    FrameshiftVariant,
    StopLost,
    StartLost,
    InframeInsertion,
    InframeDeletion,
    MissenseVariant,
    ProteinAlteringVariant,
    SpliceRegionVariant,
    SynonymousVariant,
    CodingSequenceVariant,
    #[serde(rename = "5_prime_UTR_variant")]
    FivePrimeUtrVariant,
    #[serde(rename = "3_prime_UTR_variant")]
    ThreePrimeUtrVariant,
    ExonVariant,
    IntronVariant,
}

impl Consequence {
    pub fn as_str(self) -> &'static str {
        match self {
            Consequence::SpliceAcceptorVariant => "splice_acceptor_variant",
            Consequence::SpliceDonorVariant => "splice_donor_variant",
            Consequence::StopGained => "stop_gained",
            Consequence::FrameshiftVariant => "frameshift_variant",
            Consequence::StopLost => "stop_lost",
            Consequence::StartLost => "start_lost",
            Consequence::InframeInsertion => "inframe_insertion",
            Consequence::InframeDeletion => "inframe_deletion",
            Consequence::MissenseVariant => "missense_variant",
            Consequence::ProteinAlteringVariant => "protein_altering_variant",
            Consequence::SpliceRegionVariant => "splice_region_variant",
            Consequence::SynonymousVariant => "synonymous_variant",
            Consequence::CodingSequenceVariant => "coding_sequence_variant",
            Consequence::FivePrimeUtrVariant => "5_prime_UTR_variant",
            Consequence::ThreePrimeUtrVariant => "3_prime_UTR_variant",
            Consequence::ExonVariant => "exon_variant",
            Consequence::IntronVariant => "intron_variant",
        }
    }

    pub fn parse(term: &str) -> Option<Self> {
        ALL_CONSEQUENCES
            .iter()
            .copied()
            .find(|c| c.as_str() == term)
    }
}

const ALL_CONSEQUENCES: [Consequence; 17] = [
    Consequence::SpliceAcceptorVariant,
    Consequence::SpliceDonorVariant,
    Consequence::StopGained,
    Consequence::FrameshiftVariant,
    Consequence::StopLost,
    Consequence::StartLost,
    Consequence::InframeInsertion,
    Consequence::InframeDeletion,
    Consequence::MissenseVariant,
    Consequence::ProteinAlteringVariant,
    Consequence::SpliceRegionVariant,
    Consequence::SynonymousVariant,
    Consequence::CodingSequenceVariant,
    Consequence::FivePrimeUtrVariant,
    Consequence::ThreePrimeUtrVariant,
    Consequence::ExonVariant,
    Consequence::IntronVariant,
];

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
    // HGVS names the 3'-most equivalent position in transcript orientation.
    let mut allele = allele.clone();
    match transcript.strand {
        Strand::Plus => allele.right_shift(build, known),
        Strand::Minus => allele.left_align(build, known),
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
    };
    effect
        .consequences
        .extend(splice_consequences(transcript, lo, hi));

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

/// Splice-site terms from the genomic span `lo..=hi` (or the insertion point between them).
fn splice_consequences(transcript: &Transcript, lo: u64, hi: u64) -> Vec<Consequence> {
    let step: i64 = match transcript.strand {
        Strand::Plus => 1,
        Strand::Minus => -1,
    };
    let hit = |p: i64| p >= lo as i64 && p <= hi as i64;
    let walk = |from: i64, dir: i64, n: i64| (0..n).any(|k| hit(from + k * dir));
    let mut terms = Vec::new();
    for pair in transcript.exons.windows(2) {
        // Last base of the upstream exon and first base of the downstream exon, in
        // transcript orientation; the intron lies between them.
        let (exon_last, next_first) = match transcript.strand {
            Strand::Plus => (pair[0].end as i64, pair[1].start as i64),
            Strand::Minus => (pair[0].start as i64, pair[1].end as i64),
        };
        if walk(exon_last + step, step, 2) {
            terms.push(Consequence::SpliceDonorVariant);
        }
        if walk(next_first - step, -step, 2) {
            terms.push(Consequence::SpliceAcceptorVariant);
        }
        let intronic = SPLICE_REGION_INTRON - 2;
        let exonic = SPLICE_REGION_EXON as i64;
        if walk(exon_last + 3 * step, step, intronic)
            || walk(next_first - 3 * step, -step, intronic)
            || walk(exon_last, -step, exonic)
            || walk(next_first, step, exonic)
        {
            terms.push(Consequence::SpliceRegionVariant);
        }
    }
    terms
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
