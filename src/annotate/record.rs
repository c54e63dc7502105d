//! One panel record → the named effects of each ALT allele, and the INFO text they add.

use std::borrow::Cow;

use noodles::vcf;

use super::events::{classify, Event, EventInput};
use super::germline::GermlineList;
use crate::allele::Allele;
use crate::detect::annotation_fields::{
    chosen_because, csq_fields, parse_ann, parse_csq, short_protein, ExternalAnnotation,
};
use crate::detect::small_variant::ParsedRecord;
use crate::genome::{Build, KnownSequence};
use crate::kb::{KbMatch, KnowledgeBase};
use crate::model::{ConsequenceTerm, Consequences};
use crate::report::vcf::push_escaped_info;
use crate::transcript::{annotate_allele, Consequence, TranscriptEffect, TranscriptSet};

/// Source label for changes alkres named from its shipped transcripts.
pub const SOURCE_ALKRES: &str = "alkres";
/// Source label when only the gene and exon are known.
pub const SOURCE_GENE_EXON: &str = "alkres-gene-exon-only";

/// The effect of one ALT allele on one panel gene, named by whichever source could.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedEffect {
    pub gene: String,
    pub transcript: Option<String>,
    pub consequence: Option<Consequences>,
    pub exon: Option<String>,
    pub intron: Option<String>,
    pub hgvs_c: Option<String>,
    pub hgvs_p: Option<String>,
    pub protein_short: Option<String>,
    pub source: String,
    pub notes: Vec<String>,
    pub kb: Option<KbMatch>,
    /// The clinically named event (`MET exon 14 skipping`, `RB1 loss of function`, …).
    pub event: Option<String>,
    /// Worth a clinician's look (not intronic, UTR or synonymous; or in the KB).
    pub reportable: bool,
    /// (transcript id, codon number) of a single-codon substitution named by alkres,
    /// for combining two changes in one codon.
    pub codon: Option<(String, u64)>,
}

#[derive(Debug, Clone)]
pub struct AlleleAnnotation {
    /// 1-based ALT number.
    pub alt_number: usize,
    pub alt_text: String,
    pub allele: Option<Allele>,
    pub effects: Vec<NamedEffect>,
}

/// Everything needed to annotate records of one input.
pub struct RecordAnnotator<'a> {
    pub build: Build,
    pub known: &'a KnownSequence,
    pub transcripts: &'a TranscriptSet,
    pub kb: &'a KnowledgeBase,
    csq_fields: Option<Vec<String>>,
    germline: GermlineList,
}

fn not_reportable(term: &ConsequenceTerm) -> bool {
    matches!(
        term,
        ConsequenceTerm::Known(
            Consequence::IntronVariant
                | Consequence::FivePrimeUtrVariant
                | Consequence::ThreePrimeUtrVariant
                | Consequence::SynonymousVariant
        )
    )
}

impl<'a> RecordAnnotator<'a> {
    pub fn new(
        build: Build,
        known: &'a KnownSequence,
        transcripts: &'a TranscriptSet,
        kb: &'a KnowledgeBase,
        header: &vcf::Header,
    ) -> Self {
        RecordAnnotator {
            build,
            known,
            transcripts,
            kb,
            csq_fields: csq_fields(header),
            germline: GermlineList::shipped().expect("the shipped germline list parses"),
        }
    }

    pub fn annotate(&self, record: &ParsedRecord) -> Vec<AlleleAnnotation> {
        (0..record.alternates.len())
            .map(|i| {
                // Shifting to the HGVS position happens per transcript, inside its exon.
                let allele = record.allele(i);
                let external = self.external(record, i);
                let population_af = record.population_af(i);
                let effects = match &allele {
                    Some(allele) => self.effects(allele, &external, population_af.as_ref()),
                    None => Vec::new(),
                };
                AlleleAnnotation {
                    alt_number: i + 1,
                    alt_text: record.alternates[i].clone(),
                    allele,
                    effects,
                }
            })
            .collect()
    }

    fn external(&self, record: &ParsedRecord, alt_index: usize) -> Vec<ExternalAnnotation> {
        let alt = &record.alternates[alt_index];
        let mut found = Vec::new();
        if let (Some(csq), Some(fields)) = (&record.csq, &self.csq_fields) {
            // VEP writes indel alleles without the shared first base, or `-` for deletions.
            let minimal = record.allele(alt_index).map(|a| {
                if a.alternate.is_empty() {
                    "-".to_string()
                } else {
                    String::from_utf8_lossy(&a.alternate).into_owned()
                }
            });
            let text = if alt.len() == record.reference.len() {
                alt.clone()
            } else {
                minimal.unwrap_or_else(|| alt.clone())
            };
            found.extend(parse_csq(csq, fields, alt_index + 1, &text));
        }
        if let Some(ann) = &record.ann {
            found.extend(parse_ann(ann, alt));
        }
        found
    }

    fn effects(
        &self,
        allele: &Allele,
        external: &[ExternalAnnotation],
        population_af: Option<&(String, f64)>,
    ) -> Vec<NamedEffect> {
        self.transcripts
            .overlapping(
                &allele.chrom,
                allele.pos.saturating_sub(1),
                allele.end().max(allele.pos),
            )
            .filter_map(|tx| {
                let effect = annotate_allele(tx, allele, self.build, self.known)?;
                let codon = codon_of(&effect, allele).map(|c| (tx.id.clone(), c));
                let own: Vec<&str> = std::iter::once(tx.id.as_str())
                    .chain(tx.refseq.as_deref())
                    .collect();
                let from_vcf = chosen_because(external, &tx.gene, &own);
                let mut named = self.name_effect(effect, from_vcf.as_ref(), codon);
                let af = population_af
                    .cloned()
                    .or_else(|| from_vcf.as_ref().and_then(|(e, _)| e.population_af.clone()));
                self.flag_germline(&mut named, af.as_ref());
                Some(named)
            })
            .collect()
    }

    fn name_effect(
        &self,
        effect: TranscriptEffect,
        external: Option<&(ExternalAnnotation, &'static str)>,
        codon: Option<(String, u64)>,
    ) -> NamedEffect {
        let mut terms: Vec<String> = effect
            .consequences
            .iter()
            .map(|c| c.as_str().to_string())
            .collect();
        let mut named = NamedEffect {
            gene: effect.gene.clone(),
            transcript: Some(effect.transcript.clone()),
            consequence: effect.consequences.first().map(|c| Consequences::one(*c)),
            exon: effect.exon.map(|n| n.to_string()),
            intron: effect.intron.map(|n| n.to_string()),
            hgvs_c: effect.hgvs_c.clone(),
            hgvs_p: effect.protein.as_ref().map(|p| p.hgvs.clone()),
            protein_short: effect.protein.as_ref().map(|p| p.short.clone()),
            source: SOURCE_ALKRES.to_string(),
            notes: Vec::new(),
            kb: None,
            event: None,
            reportable: true,
            codon,
        };
        let protein_named = effect.protein.is_some();
        let protein_expected = effect.consequences.iter().any(|c| {
            matches!(
                c,
                Consequence::CodingSequenceVariant | Consequence::ExonVariant
            )
        });
        if !protein_named && protein_expected {
            match external {
                Some((ext, why)) => {
                    terms.extend(ext.consequence.split('&').map(String::from));
                    named.notes.push(format!(
                        "named by {} on {} (chosen: {why})",
                        ext.source, ext.transcript
                    ));
                    named.transcript = Some(ext.transcript.clone());
                    named.consequence = Consequences::parse(&ext.consequence, &['&']);
                    named.hgvs_c = ext.hgvs_c.clone();
                    named.hgvs_p = ext.hgvs_p.clone();
                    named.protein_short = ext.hgvs_p.as_deref().and_then(short_protein);
                    named.source = ext.source.to_string();
                    if let Some(exon) = &ext.exon {
                        named.exon = Some(exon.split('/').next().unwrap_or(exon).to_string());
                    }
                }
                None => {
                    named.source = SOURCE_GENE_EXON.to_string();
                    if let Some(reason) = &effect.protein_unknown_reason {
                        named
                            .notes
                            .push(format!("protein change unknown: {reason}"));
                    }
                }
            }
        }
        let event = classify(&EventInput {
            gene: &named.gene,
            terms: &terms,
            exon: named.exon.as_deref().and_then(|e| e.parse().ok()),
            splice_sites: &effect.splice_sites,
            signal_sites: &effect.signal_sites,
        });
        if let Some(short) = &named.protein_short {
            named.kb = self
                .kb
                .match_protein(&named.gene, short, named.hgvs_p.as_deref());
        }
        if let Some(event) = event {
            named.event = Some(match event {
                Event::LossOfFunction => format!("{} {}", named.gene, event.label()),
                _ => event.label().to_string(),
            });
            named.kb = named
                .kb
                .take()
                .or_else(|| self.match_event(&named.gene, event));
        }
        // No consequence at all is listed (it cannot be ruled out).
        let minor = named
            .consequence
            .as_ref()
            .is_some_and(|c| c.terms().iter().all(not_reportable));
        named.reportable = named.kb.is_some() || !minor;
        named
    }
}

impl RecordAnnotator<'_> {
    /// The KB row of a named event: MET exon 14 skipping by its KB name; loss of function
    /// by the gene's inactivation row (`TP53:loss`, `RB1:loss`, `NF2:loss`), matched as
    /// `loss_of_function`. Exon 19/20 and KIT exon 11 events match only rows that name them.
    fn match_event(&self, gene: &str, event: Event) -> Option<KbMatch> {
        match event {
            Event::LossOfFunction => self
                .kb
                .match_copy_number(gene, crate::model::CnCall::DeepDeletion)
                .map(|mut m| {
                    m.matched_by = "loss_of_function".into();
                    m
                }),
            _ => self
                .kb
                .find(gene, event.label())
                .map(|a| self.kb.kb_match(a, "event")),
        }
    }

    /// A common (germline) change keeps its name but loses any KB match: it is listed among
    /// the other variants with the reason, and never enters the verdict.
    fn flag_germline(&self, named: &mut NamedEffect, population_af: Option<&(String, f64)>) {
        if let Some(reason) =
            self.germline
                .reason(&named.gene, named.protein_short.as_deref(), population_af)
        {
            if let Some(m) = named.kb.take() {
                named
                    .notes
                    .push(format!("not matched to KB {}: germline/common", m.id));
            }
            named.notes.push(reason);
            named.reportable = false;
        }
    }
}

/// The codon number of a substitution confined to one codon (for combining in-cis changes).
fn codon_of(effect: &TranscriptEffect, allele: &Allele) -> Option<u64> {
    let protein = effect.protein.as_ref()?;
    let substitution =
        allele.reference.len() == allele.alternate.len() && allele.reference.len() <= 3;
    let single_codon = effect.consequences.iter().any(|c| {
        matches!(
            c,
            Consequence::MissenseVariant | Consequence::SynonymousVariant | Consequence::StopGained
        )
    });
    (substitution && single_codon).then_some(protein.position)
}

/// `KEY=v1,v2;…` for the ALKRES_* INFO keys, one value per ALT allele.
pub fn info_additions(alleles: &[AlleleAnnotation]) -> String {
    // Written straight into one string (a Vec of Strings per key, allele and effect had
    // been a third of the cost of annotating a panel record: issue 15).
    type Getter = for<'e> fn(&'e NamedEffect) -> Option<Cow<'e, str>>;
    let getters: [(&str, Getter); 9] = [
        ("ALKRES_GENE", |e| Some(Cow::Borrowed(&e.gene))),
        ("ALKRES_CSQ", |e| {
            e.consequence.as_ref().map(|c| Cow::Owned(c.to_string()))
        }),
        ("ALKRES_HGVSC", |e| e.hgvs_c.as_deref().map(Cow::Borrowed)),
        ("ALKRES_HGVSP", |e| e.hgvs_p.as_deref().map(Cow::Borrowed)),
        ("ALKRES_PROTEIN", |e| {
            e.protein_short.as_deref().map(Cow::Borrowed)
        }),
        ("ALKRES_EXON", |e| match (&e.exon, &e.intron) {
            (Some(exon), _) => Some(Cow::Borrowed(exon)),
            (None, Some(intron)) => Some(Cow::Owned(format!("intron{intron}"))),
            (None, None) => None,
        }),
        ("ALKRES_SOURCE", |e| Some(Cow::Borrowed(&e.source))),
        ("ALKRES_KB", |e| {
            e.kb.as_ref().map(|m| Cow::Borrowed(&*m.id))
        }),
        ("ALKRES_CALLS", |e| {
            e.kb.as_ref().map(|m| {
                Cow::Owned(
                    m.calls
                        .iter()
                        .map(|c| format!("{}:{}", c.drug, c.call))
                        .collect::<Vec<_>>()
                        .join("|"),
                )
            })
        }),
    ];
    if alleles.iter().all(|a| a.effects.is_empty()) {
        return String::new();
    }
    // Room for an intronic record's four keys without regrowing.
    let mut out = String::with_capacity(192);
    for (key, get) in getters {
        let entry_start = out.len();
        if entry_start > 0 {
            out.push(';');
        }
        out.push_str(key);
        out.push('=');
        let mut said = false;
        for (i, allele) in alleles.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if allele.effects.is_empty() {
                out.push('.');
            }
            // Two effects or more are `a&b`, never a bare `.` (as the joined list was).
            said |= allele.effects.len() > 1;
            for (j, effect) in allele.effects.iter().enumerate() {
                if j > 0 {
                    out.push('&');
                }
                // An empty value (a KB entry without calls) is written `.`: VCF has no
                // empty INFO values, and `KEY=` does not read back.
                match get(effect).filter(|v| !v.is_empty()) {
                    Some(value) => {
                        said = true;
                        push_escaped_info(&mut out, &value);
                    }
                    None => out.push('.'),
                }
            }
        }
        // A key with nothing to say for any allele is left out rather than written as `.`.
        if !said {
            out.truncate(entry_start);
        }
    }
    out
}

/// The record line without the ALKRES_* INFO entries of an earlier alkres run, so that
/// annotating alkres's own output writes each key once (VCF allows no repeated INFO key).
pub fn without_alkres_info(line: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let mut columns = line.split(|&b| b == b'\t');
    let Some(info) = columns.nth(7) else {
        return line.into();
    };
    let ours = |e: &&[u8]| e.starts_with(b"ALKRES_");
    if !info.split(|&b| b == b';').any(|e| ours(&e)) {
        return line.into();
    }
    let kept: Vec<&[u8]> = info.split(|&b| b == b';').filter(|e| !ours(e)).collect();
    let start = info.as_ptr() as usize - line.as_ptr() as usize;
    let mut out = line[..start].to_vec();
    if kept.is_empty() {
        out.push(b'.');
    } else {
        out.extend_from_slice(&kept.join(&b';'));
    }
    out.extend_from_slice(&line[start + info.len()..]);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::without_alkres_info;

    #[test]
    fn earlier_alkres_info_is_dropped_and_the_rest_kept() {
        let line = b"chr2\t5\t.\tC\tT\t50\tPASS\tDP=9;ALKRES_GENE=ALK;ALKRES_DUP=8\tGT\t0/1";
        let out = without_alkres_info(line);
        assert_eq!(&*out, &b"chr2\t5\t.\tC\tT\t50\tPASS\tDP=9\tGT\t0/1"[..]);
        let only = b"chr2\t5\t.\tC\tT\t50\tPASS\tALKRES_GENE=ALK";
        assert_eq!(
            &*without_alkres_info(only),
            &b"chr2\t5\t.\tC\tT\t50\tPASS\t."[..]
        );
        let none = b"chr2\t5\t.\tC\tT\t50\tPASS\tDP=9";
        assert_eq!(&*without_alkres_info(none), &none[..]);
    }
}
