//! Splice signals beyond the canonical ±1-2 bases: the changes that skip an exon although
//! they spare its `AG`/`GT` dinucleotides. Named from the MET exon 14 alterations reported
//! to cause skipping (Frampton 2015, Cancer Discov 5:850, PMID 25971938; Awad 2016, JCO
//! 34:721, PMID 26729443): deletions through the intron's polypyrimidine tract and branch
//! point upstream of the acceptor (c.2888-40_2888-20del, c.2888-30_2888-15del16), deletions
//! of the donor's exonic end or of its intronic +3.. bases (c.3027_3028delAG,
//! c.3028+3_3028+7delATATT), and substitutions of the donor's +3 base (c.3028+3A>G) or of
//! the exon's last base (c.3028G>A, p.D1010N).

use super::consequence::{SpliceSide, SpliceSite};
use super::model::{Strand, Transcript};
use crate::allele::Allele;

/// Intronic bases upstream of an acceptor that hold its branch point and polypyrimidine tract.
const ACCEPTOR_SIGNAL_INTRON: i64 = 50;
/// Intronic bases after a donor that hold its consensus (beyond +1/+2).
const DONOR_SIGNAL_INTRON: i64 = 10;
/// Exonic bases before a donor that belong to its consensus (`CAG|GT`).
const DONOR_SIGNAL_EXON: i64 = 3;

/// The splice sites whose extended signal `allele` (already shifted 3') destroys, by the
/// exon they belong to. Deletions (or deletion-insertions) hit a donor when they remove a
/// base of its window (exonic -2..0, intronic +1..+10) and an acceptor when they remove at
/// least 2 bases of intronic -50..-1 (a 1-bp change in a long pyrimidine run is not enough);
/// substitutions hit a donor at its intronic +3 or the exon's last base. Insertions never do.
pub fn splice_signal_sites(transcript: &Transcript, allele: &Allele) -> Vec<SpliceSite> {
    let removed = allele
        .reference
        .len()
        .saturating_sub(allele.alternate.len()) as i64;
    let substitution = allele.reference.len() == 1 && allele.alternate.len() == 1;
    if allele.reference.is_empty() || (removed == 0 && !substitution) {
        return Vec::new();
    }
    let (lo, hi) = (allele.pos as i64, allele.end() as i64);
    let step: i64 = match transcript.strand {
        Strand::Plus => 1,
        Strand::Minus => -1,
    };
    // Bases of [a, b] (either order) that the allele covers.
    let covered = |a: i64, b: i64| {
        let (a, b) = (a.min(b), a.max(b));
        (hi.min(b) - lo.max(a) + 1).max(0)
    };
    let mut sites = Vec::new();
    for pair in transcript.exons.windows(2) {
        let (exon_last, next_first) = match transcript.strand {
            Strand::Plus => (pair[0].end as i64, pair[1].start as i64),
            Strand::Minus => (pair[0].start as i64, pair[1].end as i64),
        };
        let donor = if substitution {
            lo == exon_last || lo == exon_last + 3 * step
        } else {
            covered(
                exon_last - (DONOR_SIGNAL_EXON - 1) * step,
                exon_last + DONOR_SIGNAL_INTRON * step,
            ) > 0
        };
        if donor {
            sites.push(SpliceSite {
                exon: pair[0].number,
                side: SpliceSide::Donor,
            });
        }
        let acceptor = !substitution
            && removed >= 2
            && covered(
                next_first - ACCEPTOR_SIGNAL_INTRON * step,
                next_first - step,
            ) > 0;
        if acceptor {
            sites.push(SpliceSite {
                exon: pair[1].number,
                side: SpliceSide::Acceptor,
            });
        }
    }
    sites
}
