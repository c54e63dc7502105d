//! From a candidate rearrangement to a named fusion: partner gene and exon on each side,
//! orientation, named variant, kinase domain and reading frame, from the transcript table.

use crate::error::{Error, Result};
use crate::genome::{normalize_contig, Build};
use crate::model::FusionFinding;
use crate::transcript::{CdsStatus, Location, Strand, Transcript, TranscriptSet};

use super::breakend::{Breakend, Candidate, JunctionKind, Side};
use super::variant::{variant_name, Exon6Form, EML4_EXON_6B_EXTENSION};

/// First ALK exon of the kinase domain (p.1116-1383 starts in exon 20; c.3173 = exon 20).
pub const ALK_KINASE_FIRST_EXON: u32 = 20;

/// Bases beyond the ALK transcript that still count as "in ALK" (promoter-side breakpoints).
const ALK_PADDING: u64 = 1_000;

/// Alternative splice donors real fusion transcripts use inside an annotated intron:
/// (gene, exon, bases past that exon's 3' end). EML4 exon 6b (V3b) ends 33 nt into intron 6
/// (Choi 2008, Cancer Res 68:4971, doi:10.1158/0008-5472.CAN-07-6158).
const ALTERNATIVE_DONORS: [(&str, u32, u64); 1] = [("EML4", 6, EML4_EXON_6B_EXTENSION)];

/// Bases past exon `n`'s end of an alternative donor of `tx` at `pos`, if there is one.
fn alternative_donor(tx: &Transcript, n: u32, pos: u64) -> Option<u64> {
    let exon = tx.exons.iter().find(|e| e.number == n)?;
    ALTERNATIVE_DONORS
        .iter()
        .filter(|(gene, exon_n, _)| *gene == tx.gene && *exon_n == n)
        .map(|&(_, _, ext)| ext)
        .find(|&ext| match tx.strand {
            Strand::Plus => exon.end + ext == pos,
            Strand::Minus => exon.start.checked_sub(ext) == Some(pos),
        })
}

/// Which part of a gene a breakend keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The 5' part (promoter, first exons): the junction is downstream.
    Five,
    /// The 3' part (last exons): the junction is upstream.
    Three,
}

/// A breakend placed on a transcript.
#[derive(Debug, Clone, Copy)]
struct Placed<'a> {
    tx: &'a Transcript,
    part: Part,
    location: Location,
    /// The kept exon next to the junction (last kept for a 5' part, first kept for a 3' part).
    exon: Option<u32>,
    /// The breakend is exactly on that exon's junction-side boundary.
    at_boundary: bool,
    /// Bases of an alternative donor past the exon's end (EML4 exon 6b: 33), else 0.
    donor_extension: u64,
}

fn place<'a>(tx: &'a Transcript, b: &Breakend) -> Placed<'a> {
    let part = match (tx.strand, b.side) {
        (Strand::Plus, Side::Left) | (Strand::Minus, Side::Right) => Part::Five,
        _ => Part::Three,
    };
    let location = tx.location(b.pos);
    let exon_by_number = |n: u32| tx.exons.iter().find(|e| e.number == n);
    // Genomic coordinate of an exon's 5' (first) and 3' (last) base in transcript direction.
    let first_base = |n: u32| {
        exon_by_number(n).map(|e| match tx.strand {
            Strand::Plus => e.start,
            Strand::Minus => e.end,
        })
    };
    let last_base = |n: u32| {
        exon_by_number(n).map(|e| match tx.strand {
            Strand::Plus => e.end,
            Strand::Minus => e.start,
        })
    };
    let (first_exon, last_exon) = (
        tx.exons.first().map(|e| e.number),
        tx.exons.last().map(|e| e.number),
    );
    let upstream_of_tx = || {
        let (s, e) = tx.span();
        match tx.strand {
            Strand::Plus => b.pos < s,
            Strand::Minus => b.pos > e,
        }
    };
    let donor_extension = match (part, location) {
        (Part::Five, Location::Intron(n)) => alternative_donor(tx, n, b.pos),
        _ => None,
    };
    let (exon, at_boundary) = match (part, location) {
        (Part::Five, Location::Exon(n)) => (Some(n), last_base(n) == Some(b.pos)),
        (Part::Three, Location::Exon(n)) => (Some(n), first_base(n) == Some(b.pos)),
        // An alternative donor (EML4 exon 6b) is an exon boundary of a real transcript.
        (Part::Five, Location::Intron(n)) => (Some(n), donor_extension.is_some()),
        (Part::Three, Location::Intron(n)) => (Some(n + 1), false),
        // Outside the transcript: either the whole gene is kept or none of it.
        (Part::Five, Location::Outside) => {
            ((!upstream_of_tx()).then_some(last_exon).flatten(), false)
        }
        (Part::Three, Location::Outside) => {
            (upstream_of_tx().then_some(first_exon).flatten(), false)
        }
    };
    Placed {
        tx,
        part,
        location,
        exon,
        at_boundary,
        donor_extension: donor_extension.unwrap_or(0),
    }
}

fn describe(p: &Placed) -> String {
    let where_ = match p.location {
        Location::Exon(n) if p.at_boundary => format!("exon {n} boundary"),
        Location::Intron(n) if p.at_boundary => {
            format!("alternative exon {n} donor in intron {n} (e.g. EML4 exon 6b)")
        }
        Location::Exon(n) => format!("inside exon {n}"),
        Location::Intron(n) => format!("intron {n}"),
        Location::Outside => "outside the transcript".to_string(),
    };
    format!("{} {} {where_}", p.tx.gene, p.tx.name())
}

/// A partner breakend on the transcript table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartnerLocus<'a> {
    pub gene: &'a str,
    /// The breakend lies within the transcript (exon or intron).
    pub inside: bool,
    /// The breakend keeps the gene's 5' part (promoter and first exons) on its strand.
    pub five_prime: bool,
}

/// Names candidates against the transcript table of one build.
pub struct Namer<'a> {
    set: &'a TranscriptSet,
    alk: &'a Transcript,
}

impl<'a> Namer<'a> {
    pub fn new(set: &'a TranscriptSet) -> Result<Self> {
        let alk = set.by_gene("ALK").ok_or_else(|| Error::Resource {
            name: "transcripts".into(),
            message: format!("no ALK transcript for {}", set.build),
        })?;
        Ok(Namer { set, alk })
    }

    pub fn alk_build(&self) -> Build {
        self.set.build
    }

    pub fn alk(&self) -> &'a Transcript {
        self.alk
    }

    /// The ALK transcript exon `n`.
    pub fn alk_exon(&self, n: u32) -> Option<(u64, u64)> {
        self.alk
            .exons
            .iter()
            .find(|e| e.number == n)
            .map(|e| (e.start, e.end))
    }

    /// ALK's transcript span ± 1 kb: what counts as "in ALK".
    pub fn alk_window(&self) -> (u64, u64) {
        let (s, e) = self.alk.span();
        (s.saturating_sub(ALK_PADDING), e + ALK_PADDING)
    }

    /// Whether `chrom:pos` lies in ALK (transcript span ± 1 kb).
    pub fn in_alk(&self, chrom: &str, pos: u64) -> bool {
        let (s, e) = self.alk_window();
        normalize_contig(chrom) == self.alk.chrom && (s..=e).contains(&pos)
    }

    /// Whether `gene` (if the table has it) lies within `padding` bases of `chrom:pos`.
    pub fn gene_near(&self, gene: &str, chrom: &str, pos: u64, padding: u64) -> Option<bool> {
        let tx = self.set.by_gene(gene)?;
        let (s, e) = tx.span();
        Some(normalize_contig(chrom) == tx.chrom && pos + padding >= s && pos <= e + padding)
    }

    /// The transcript (not ALK) at `chrom:pos`, the first by gene name if several overlap.
    fn partner_transcript(&self, b: &Breakend) -> Option<&'a Transcript> {
        let chrom = normalize_contig(&b.chrom);
        let mut hits: Vec<&'a Transcript> = self
            .set
            .transcripts()
            .iter()
            .filter(|t| {
                let (s, e) = t.span();
                t.gene != "ALK" && t.chrom == chrom && (s..=e).contains(&b.pos)
            })
            .collect();
        hits.sort_by(|a, b| a.gene.cmp(&b.gene));
        hits.first().copied()
    }

    /// What the transcript table says about a partner breakend (`None`: no gene there).
    pub fn partner_locus(&self, b: &Breakend) -> Option<PartnerLocus<'a>> {
        let tx = self.partner_transcript(b)?;
        let p = place(tx, b);
        Some(PartnerLocus {
            gene: &tx.gene,
            inside: p.location != Location::Outside,
            five_prime: p.part == Part::Five,
        })
    }

    /// Whether the candidate joins a 5' partner to the 3' part of ALK.
    pub fn productive(&self, c: &Candidate) -> bool {
        let alk = place(self.alk, &c.alk);
        let partner = self
            .partner_transcript(&c.partner)
            .map(|t| place(t, &c.partner));
        alk.part == Part::Three && partner.is_none_or(|p| p.part == Part::Five)
    }

    pub fn name(&self, c: &Candidate) -> FusionFinding {
        let alk = place(self.alk, &c.alk);
        let partner_tx = self.partner_transcript(&c.partner);
        let partner = partner_tx.map(|t| place(t, &c.partner));
        let partner_name = match (partner_tx, &c.partner_gene_hint) {
            (Some(t), _) => t.gene.clone(),
            (None, Some(hint)) if !hint.is_empty() && hint != "." => hint.clone(),
            _ => format!("{} (no panel gene)", c.partner),
        };
        let mut notes = c.notes.clone();
        notes.push(format!("ALK side: {}", describe(&alk)));
        match &partner {
            Some(p) => notes.push(format!("partner side: {}", describe(p))),
            None if c.partner_gene_hint.is_some() => notes.push(format!(
                "partner {partner_name} is not in the alkres transcript table: exon unknown"
            )),
            None => notes.push("partner locus has no gene in the alkres transcript table".into()),
        }

        let alk_three = alk.part == Part::Three;
        let partner_part = partner.map(|p| p.part);
        let productive = match partner_part {
            Some(part) => alk_three && part == Part::Five,
            None => alk_three,
        };
        let reciprocal = match partner_part {
            Some(part) => !alk_three && part == Part::Three,
            None => !alk_three,
        };
        let orientation = if productive {
            format!("5' {partner_name} → 3' ALK")
        } else if reciprocal {
            format!("5' ALK → 3' {partner_name} (reciprocal)")
        } else if alk_three {
            format!("3' ALK joined to 3' {partner_name} (tail to tail: no fusion transcript)")
        } else {
            format!("5' ALK joined to 5' {partner_name} (head to head: no fusion transcript)")
        };
        if partner.is_none() {
            notes.push("partner strand unknown: orientation assumes a 5' partner".into());
        }
        let alk_exon = alk.exon;
        let partner_exon = partner.and_then(|p| p.exon);
        let kinase = if productive {
            Some(alk_exon.is_some_and(|n| n <= ALK_KINASE_FIRST_EXON))
        } else {
            Some(false)
        };
        if !productive {
            notes.push("the ALK kinase domain is not expressed from this junction".into());
        }

        let exact_junction = alk.at_boundary && partner.is_some_and(|p| p.at_boundary);
        match c.kind {
            JunctionKind::Genomic if exact_junction => notes.push(
                "both breakpoints lie on exon boundaries: an exon-exon junction (RNA alignments)"
                    .into(),
            ),
            JunctionKind::Transcript if !exact_junction => {
                notes.push("junction not on annotated exon boundaries on both sides".into())
            }
            _ => {}
        }
        let junction_level = exact_junction || c.kind == JunctionKind::Transcript;

        let exon6 = match (&partner, partner_name.as_str()) {
            (Some(p), "EML4") if junction_level => exon6_form(p, c.partner.pos),
            _ => Exon6Form::Unknown,
        };
        let (variant, names_v3) = if productive {
            let v = variant_name(&partner_name, partner_exon, alk_exon, exon6);
            let v3 = v.as_deref().is_some_and(|v| v.starts_with("V3 "));
            (v, v3)
        } else {
            (None, false)
        };
        if names_v3 {
            notes.push(
                "V3a and V3b (EML4 exon 6a/6b) are splice forms of one intron-6 breakpoint; \
                 only an RNA junction tells them apart"
                    .into(),
            );
        }

        let in_frame = if productive {
            self.reading_frame(&alk, partner.as_ref(), c, &mut notes)
        } else {
            None
        };

        FusionFinding {
            partner: partner_name,
            partner_exon,
            alk_exon,
            variant,
            partner_breakpoint: Some(c.partner.to_string()),
            alk_breakpoint: Some(c.alk.to_string()),
            orientation: Some(orientation),
            kinase_domain_retained: kinase,
            in_frame,
            split_reads: c.support.split_reads,
            discordant_pairs: c.support.discordant_pairs,
            clipped_reads: c.support.clipped_reads,
            fusion_fraction: c.support.fusion_fraction,
            source: c.source.clone(),
            kb: None,
            notes,
        }
    }

    /// In frame when the partner's last kept coding base and ALK's first kept base keep the
    /// codon phase: `c_partner mod 3 == (c_alk - 1) mod 3`.
    fn reading_frame(
        &self,
        alk: &Placed,
        partner: Option<&Placed>,
        c: &Candidate,
        notes: &mut Vec<String>,
    ) -> Option<bool> {
        let ours = partner.and_then(|p| computed_frame(alk, p, notes));
        let hint = c.frame_hint.as_deref().and_then(|h| match h {
            "in-frame" | "INFRAME" | "in_frame" => Some(true),
            "out-of-frame" | "FRAMESHIFT" | "out_of_frame" | "stop-codon" => Some(false),
            _ => None,
        });
        match (ours, hint) {
            (Some(a), Some(b)) if a != b => {
                notes.push(format!(
                    "{} reports {}; the alkres exon phases say {}",
                    c.source,
                    c.frame_hint.as_deref().unwrap_or(""),
                    if a { "in frame" } else { "out of frame" }
                ));
                Some(b)
            }
            (Some(a), _) => Some(a),
            (None, Some(b)) => {
                notes.push(format!(
                    "reading frame as reported by {}: {}",
                    c.source,
                    c.frame_hint.as_deref().unwrap_or("")
                ));
                Some(b)
            }
            (None, None) => None,
        }
    }
}

fn exon6_form(p: &Placed, pos: u64) -> Exon6Form {
    let Some(exon6) = p.tx.exons.iter().find(|e| e.number == 6) else {
        return Exon6Form::Unknown;
    };
    let end = match p.tx.strand {
        Strand::Plus => exon6.end,
        Strand::Minus => exon6.start,
    };
    let b_end = match p.tx.strand {
        Strand::Plus => end + EML4_EXON_6B_EXTENSION,
        Strand::Minus => end.saturating_sub(EML4_EXON_6B_EXTENSION),
    };
    if p.part != Part::Five {
        Exon6Form::Unknown
    } else if p.location == Location::Exon(6) && p.at_boundary {
        Exon6Form::A
    } else if p.location == Location::Intron(6) && pos == b_end {
        Exon6Form::B
    } else {
        Exon6Form::Unknown
    }
}

/// c. number of an exonic coding position.
fn coding_c(tx: &Transcript, pos: u64) -> Option<i64> {
    let c = tx.cds_pos(pos)?;
    (c.offset == 0).then_some(c.c)
}

fn computed_frame(alk: &Placed, partner: &Placed, notes: &mut Vec<String>) -> Option<bool> {
    let (Some(m), Some(n)) = (alk.exon, partner.exon) else {
        return None;
    };
    let inside = |p: &Placed| matches!(p.location, Location::Exon(_)) && !p.at_boundary;
    if inside(alk) || inside(partner) {
        notes.push(
            "in-frame status not assessed: a breakpoint lies inside an exon (frame depends on \
             cryptic splicing)"
                .into(),
        );
        return None;
    }
    let Some(partner_cds) = partner.tx.cds else {
        notes.push(format!(
            "in-frame status unknown: no CDS for {} in the alkres transcript table",
            partner.tx.gene
        ));
        return None;
    };
    let alk_first = alk
        .tx
        .exons
        .iter()
        .find(|e| e.number == m)
        .map(|e| match alk.tx.strand {
            Strand::Plus => e.start,
            Strand::Minus => e.end,
        })?;
    let partner_last =
        partner
            .tx
            .exons
            .iter()
            .find(|e| e.number == n)
            .map(|e| match partner.tx.strand {
                Strand::Plus => e.end,
                Strand::Minus => e.start,
            })?;
    let c_alk = coding_c(alk.tx, alk_first)?;
    // An alternative donor (EML4 exon 6b) adds its intronic bases to the partner's CDS.
    let c_partner = coding_c(partner.tx, partner_last)? + partner.donor_extension as i64;
    if c_partner < 1 || c_partner as u64 >= partner_cds.length {
        notes.push(format!(
            "{} exon {n} ends outside its coding sequence (c.{c_partner}): no in-frame fusion protein from the partner start codon",
            partner.tx.gene
        ));
        return Some(false);
    }
    if partner_cds.status == CdsStatus::Provisional {
        notes.push(format!(
            "in-frame status uses provisional {} exon phases (CDS bounds not yet verified)",
            partner.tx.gene
        ));
    }
    Some(c_partner.rem_euclid(3) == (c_alk - 1).rem_euclid(3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fusion::breakend::Support;
    use crate::genome::{Build, KnownSequence};

    fn set(build: Build) -> TranscriptSet {
        TranscriptSet::shipped(build, &KnownSequence::shipped().unwrap()).unwrap()
    }

    fn candidate(alk: Breakend, partner: Breakend, kind: JunctionKind) -> Candidate {
        Candidate {
            alk,
            partner,
            kind,
            support: Support::default(),
            source: "test".into(),
            partner_gene_hint: None,
            frame_hint: None,
            doubts: Vec::new(),
            notes: vec![],
        }
    }

    /// EML4 intron 13 + ALK intron 19 (GRCh37, as in the SnpEff LUMPY example) is V1,
    /// in frame, kinase kept; the reciprocal junction keeps no kinase domain.
    #[test]
    fn eml4_alk_v1_from_intronic_breakpoints() {
        let s = set(Build::GRCh37);
        let namer = Namer::new(&s).unwrap();
        let c = candidate(
            Breakend::new("chr2", 29447648, Side::Left),
            Breakend::new("chr2", 42524140, Side::Left),
            JunctionKind::Genomic,
        );
        let f = namer.name(&c);
        assert_eq!(f.partner, "EML4");
        assert_eq!((f.partner_exon, f.alk_exon), (Some(13), Some(20)));
        assert_eq!(f.variant.as_deref(), Some("V1 (E13;A20)"));
        assert_eq!(f.orientation.as_deref(), Some("5' EML4 → 3' ALK"));
        assert_eq!(f.kinase_domain_retained, Some(true));
        assert_eq!(f.in_frame, Some(true), "{:?}", f.notes);
        assert!(f.notes.iter().any(|n| n.contains("provisional")));

        let r = candidate(
            Breakend::new("chr2", 29447649, Side::Right),
            Breakend::new("chr2", 42524141, Side::Right),
            JunctionKind::Genomic,
        );
        let f = namer.name(&r);
        assert_eq!(
            f.orientation.as_deref(),
            Some("5' ALK → 3' EML4 (reciprocal)")
        );
        assert_eq!(f.kinase_domain_retained, Some(false));
        assert_eq!(f.variant, None);
    }

    /// The exon-to-exon EML4 variants (V1, V2, V3, V5a, V5') keep the ALK reading frame with
    /// the shipped (provisional) EML4 exon phases: a check of those phases. (V4', V7 and V8
    /// carry small insertions at the junction in the literature; plain exon joins are not.)
    #[test]
    fn named_eml4_variants_are_in_frame_on_both_builds() {
        for build in Build::ALL {
            let s = set(build);
            let namer = Namer::new(&s).unwrap();
            let eml4 = s.by_gene("EML4").unwrap();
            let (_, alk20_end) = namer.alk_exon(20).unwrap();
            for exon in [13, 20, 6, 2, 18] {
                let e = eml4.exons.iter().find(|e| e.number == exon).unwrap();
                let c = candidate(
                    Breakend::new("2", alk20_end, Side::Left),
                    Breakend::new("2", e.end, Side::Left),
                    JunctionKind::Transcript,
                );
                let f = namer.name(&c);
                assert_eq!(f.partner_exon, Some(exon));
                assert_eq!(f.alk_exon, Some(20));
                assert!(f.variant.as_deref().unwrap().starts_with('V'), "{f:?}");
                assert_eq!(
                    f.in_frame,
                    Some(true),
                    "{build} EML4 exon {exon}: {:?}",
                    f.notes
                );
            }
        }
    }

    #[test]
    fn a_locus_without_a_gene_is_named_by_position() {
        let s = set(Build::GRCh38);
        let namer = Namer::new(&s).unwrap();
        let c = candidate(
            Breakend::new("chr2", 29224000, Side::Left),
            Breakend::new("chr5", 1_000_000, Side::Right),
            JunctionKind::Genomic,
        );
        let f = namer.name(&c);
        assert_eq!(f.partner, "chr5:1000000 (no panel gene)");
        assert_eq!(f.alk_exon, Some(20));
        assert_eq!(f.kinase_domain_retained, Some(true));
        assert_eq!(f.in_frame, None);
    }
}
