//! The events clinicians name rather than the protein change: MET exon 14 skipping, EGFR
//! exon 19 deletions and exon 20 insertions, KIT exon 11 in-frame deletions, and truncating
//! (loss-of-function) variants of the tumour suppressors the KB reads as inactivated.

use crate::transcript::{SpliceSide, SpliceSite};

/// Tumour suppressors whose truncating variants count as loss of function: TP53 and RB1
/// (the transformation markers), PTEN and NF2 (bypass by pathway de-repression).
pub const LOSS_OF_FUNCTION_GENES: [&str; 4] = ["TP53", "RB1", "PTEN", "NF2"];

/// A named event and the KB name it is matched by (an alias of the KB row, if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    MetExon14Skipping,
    EgfrExon19Deletion,
    EgfrExon20Insertion,
    KitExon11InframeDeletion,
    /// Nonsense, frameshift or canonical splice-site variant of a tumour suppressor.
    LossOfFunction,
}

impl Event {
    /// The name written into every output (`event` of a finding).
    pub fn label(self) -> &'static str {
        match self {
            Event::MetExon14Skipping => "MET exon 14 skipping",
            Event::EgfrExon19Deletion => "EGFR exon 19 deletion",
            Event::EgfrExon20Insertion => "EGFR exon 20 insertion",
            Event::KitExon11InframeDeletion => "KIT exon 11 in-frame deletion",
            Event::LossOfFunction => "loss of function",
        }
    }
}

/// What an allele does to one transcript, as far as naming events needs it.
pub struct EventInput<'a> {
    pub gene: &'a str,
    /// Sequence Ontology terms, every one the allele has (not only the worst).
    pub terms: &'a [String],
    pub exon: Option<u32>,
    pub splice_sites: &'a [SpliceSite],
    /// Sites whose wider signal the allele destroys (transcript::splice_signal).
    pub signal_sites: &'a [SpliceSite],
}

fn has(input: &EventInput<'_>, term: &str) -> bool {
    input.terms.iter().any(|t| t == term)
}

/// The named event of an allele, if it is one.
pub fn classify(input: &EventInput<'_>) -> Option<Event> {
    let gene = input.gene.to_ascii_uppercase();
    let in_exon = |n: u32| input.exon == Some(n);
    let inframe_deletion = has(input, "inframe_deletion")
        || (has(input, "protein_altering_variant") && !has(input, "inframe_insertion"));
    match gene.as_str() {
        // Exon 14 is skipped when its acceptor (intron 13) or donor (intron 14) site is
        // destroyed, by a substitution or by a deletion across it (Paik 2015, PMID 25971939),
        // or when a deletion takes out the acceptor's polypyrimidine tract or the donor's
        // wider consensus (Frampton 2015, PMID 25971938).
        "MET"
            if input
                .splice_sites
                .iter()
                .chain(input.signal_sites)
                .any(|s| {
                    s.exon == 14 && matches!(s.side, SpliceSide::Acceptor | SpliceSide::Donor)
                }) =>
        {
            Some(Event::MetExon14Skipping)
        }
        "EGFR" if in_exon(19) && inframe_deletion => Some(Event::EgfrExon19Deletion),
        "EGFR" if in_exon(20) && has(input, "inframe_insertion") => {
            Some(Event::EgfrExon20Insertion)
        }
        "KIT" if in_exon(11) && inframe_deletion => Some(Event::KitExon11InframeDeletion),
        g if LOSS_OF_FUNCTION_GENES.contains(&g)
            && [
                "stop_gained",
                "frameshift_variant",
                "splice_donor_variant",
                "splice_acceptor_variant",
            ]
            .iter()
            .any(|t| has(input, t)) =>
        {
            Some(Event::LossOfFunction)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn met_exon_14_needs_a_site_of_exon_14() {
        let donor14 = [SpliceSite {
            exon: 14,
            side: SpliceSide::Donor,
        }];
        let donor13 = [SpliceSite {
            exon: 13,
            side: SpliceSide::Donor,
        }];
        let t = terms(&["splice_donor_variant"]);
        let input = |sites| EventInput {
            gene: "MET",
            terms: &t,
            exon: None,
            splice_sites: sites,
            signal_sites: &[],
        };
        assert_eq!(classify(&input(&donor14)), Some(Event::MetExon14Skipping));
        assert_eq!(classify(&input(&donor13)), None);
        let wider = EventInput {
            signal_sites: &donor14,
            ..input(&[])
        };
        assert_eq!(classify(&wider), Some(Event::MetExon14Skipping));
    }

    #[test]
    fn exon_events_need_the_exon_and_the_frame() {
        let del = terms(&["inframe_deletion"]);
        let fs = terms(&["frameshift_variant"]);
        let ins = terms(&["inframe_insertion"]);
        let missense = terms(&["missense_variant"]);
        let ev = |gene, terms: &[String], exon| {
            classify(&EventInput {
                gene,
                terms,
                exon: Some(exon),
                splice_sites: &[],
                signal_sites: &[],
            })
        };
        assert_eq!(ev("EGFR", &del, 19), Some(Event::EgfrExon19Deletion));
        assert_eq!(ev("EGFR", &del, 18), None);
        assert_eq!(ev("EGFR", &fs, 19), None);
        assert_eq!(ev("KIT", &del, 11), Some(Event::KitExon11InframeDeletion));
        assert_eq!(ev("EGFR", &ins, 20), Some(Event::EgfrExon20Insertion));
        assert_eq!(ev("RB1", &fs, 3), Some(Event::LossOfFunction));
        assert_eq!(ev("KRAS", &fs, 3), None);
        assert_eq!(ev("TP53", &missense, 5), None);
    }
}
