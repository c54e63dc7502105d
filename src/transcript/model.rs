//! One transcript: exons in transcript order, CDS bounds, and the coding bases we know.

use std::fmt;

use super::hgvs::CdsPos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Strand {
    #[serde(rename = "+")]
    Plus,
    #[serde(rename = "-")]
    Minus,
}

impl fmt::Display for Strand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Strand::Plus => "+",
            Strand::Minus => "-",
        })
    }
}

/// An exon's genomic span (1-based, inclusive) and its number in the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exon {
    pub number: u32,
    pub start: u64,
    pub end: u64,
}

impl Exon {
    fn len(&self) -> u64 {
        self.end - self.start + 1
    }
}

/// How sure we are of the CDS bounds (resources/transcripts/transcripts.tsv `cds_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CdsStatus {
    Verified,
    Provisional,
}

/// c.1 and the last base of the stop codon, as genomic positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CdsBounds {
    pub first: u64,
    pub last: u64,
    pub length: u64,
    pub status: CdsStatus,
}

/// Where a genomic position falls relative to a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Exon(u32),
    /// Intron following exon `n` (in transcript order).
    Intron(u32),
    Outside,
}

#[derive(Debug, Clone)]
pub struct Transcript {
    pub gene: String,
    /// Key used in the resources (Ensembl id where known).
    pub id: String,
    pub refseq: Option<String>,
    pub chrom: String,
    pub strand: Strand,
    /// Exons in transcript order (5' → 3').
    pub exons: Vec<Exon>,
    pub cds: Option<CdsBounds>,
    /// Coding-strand CDS bases, index 0 = c.1; `None` where the project ships no sequence.
    pub cds_bases: Vec<Option<u8>>,
}

impl Transcript {
    /// Genomic span (min, max) of the transcript.
    pub fn span(&self) -> (u64, u64) {
        let start = self.exons.iter().map(|e| e.start).min().unwrap_or(0);
        let end = self.exons.iter().map(|e| e.end).max().unwrap_or(0);
        (start, end)
    }

    /// Display name: RefSeq accession where known, else the Ensembl id.
    pub fn name(&self) -> &str {
        self.refseq.as_deref().unwrap_or(&self.id)
    }

    pub fn location(&self, pos: u64) -> Location {
        for (i, exon) in self.exons.iter().enumerate() {
            if (exon.start..=exon.end).contains(&pos) {
                return Location::Exon(exon.number);
            }
            if let Some(next) = self.exons.get(i + 1) {
                let (lo, hi) = match self.strand {
                    Strand::Plus => (exon.end, next.start),
                    Strand::Minus => (next.end, exon.start),
                };
                if pos > lo && pos < hi {
                    return Location::Intron(exon.number);
                }
            }
        }
        Location::Outside
    }

    /// 1-based position in the spliced transcript of an exonic genomic position.
    fn tx_index(&self, pos: u64) -> Option<u64> {
        let mut before = 0;
        for exon in &self.exons {
            if (exon.start..=exon.end).contains(&pos) {
                let within = match self.strand {
                    Strand::Plus => pos - exon.start,
                    Strand::Minus => exon.end - pos,
                };
                return Some(before + within + 1);
            }
            before += exon.len();
        }
        None
    }

    /// Genomic position of a 1-based spliced-transcript index.
    fn genomic_of_tx_index(&self, index: u64) -> Option<u64> {
        let mut before = 0;
        for exon in &self.exons {
            if index <= before + exon.len() {
                let within = index - before - 1;
                return Some(match self.strand {
                    Strand::Plus => exon.start + within,
                    Strand::Minus => exon.end - within,
                });
            }
            before += exon.len();
        }
        None
    }

    /// The CDS's genomic spans `(start, end)`, one per coding exon in coding order, as far
    /// as the exons reach (at most the CDS length): c.1 is at `start` of the first span on
    /// the plus strand and at `end` on the minus strand. One walk over the exons, where
    /// [`Self::genomic_of_cds`] walks them for each base (building every shipped CDS that way
    /// was 29% of start-up's instructions, issue 15).
    pub fn cds_spans(&self) -> Vec<(u64, u64)> {
        let Some((cds, first)) = self
            .cds
            .and_then(|cds| Some((cds, self.tx_index(cds.first)?)))
        else {
            return Vec::new();
        };
        let last = first + cds.length - 1;
        let mut before = 0;
        let mut spans = Vec::new();
        for exon in &self.exons {
            // This exon's bases are transcript indexes before+1 ..= before+len.
            let (from, to) = ((before + 1).max(first), (before + exon.len()).min(last));
            if from <= to {
                let (near, far) = (from - before - 1, to - before - 1);
                spans.push(match self.strand {
                    Strand::Plus => (exon.start + near, exon.start + far),
                    Strand::Minus => (exon.end - far, exon.end - near),
                });
            }
            before += exon.len();
        }
        spans
    }

    /// Genomic position of c.`c` (1 ≤ c ≤ CDS length).
    pub fn genomic_of_cds(&self, c: u64) -> Option<u64> {
        let cds = self.cds?;
        let first = self.tx_index(cds.first)?;
        self.genomic_of_tx_index(first + c - 1)
    }

    /// HGVS c. position of a genomic position (exonic, intronic or UTR), if the CDS is known
    /// and the position lies within the transcript.
    pub fn cds_pos(&self, pos: u64) -> Option<CdsPos> {
        let cds = self.cds?;
        let first = self.tx_index(cds.first)? as i64;
        let to_c = |tx: u64| {
            let c = tx as i64 - first + 1;
            if c <= 0 {
                c - 1 // c.-1 is the base before c.1: there is no c.0
            } else {
                c
            }
        };
        if let Some(tx) = self.tx_index(pos) {
            return Some(CdsPos::new(to_c(tx), 0, cds.length));
        }
        let Location::Intron(number) = self.location(pos) else {
            return None;
        };
        let i = self.exons.iter().position(|e| e.number == number)?;
        let (upstream, downstream) = (self.exons[i], self.exons[i + 1]);
        let (last_of_upstream, first_of_downstream) = match self.strand {
            Strand::Plus => (upstream.end, downstream.start),
            Strand::Minus => (upstream.start, downstream.end),
        };
        let after_upstream = pos.abs_diff(last_of_upstream) as i64;
        let before_downstream = pos.abs_diff(first_of_downstream) as i64;
        // HGVS: the intron's first half counts from the upstream exon (+), the rest from the
        // downstream exon (-); the middle base of an odd-length intron goes to +.
        if after_upstream <= before_downstream {
            let tx = self.tx_index(last_of_upstream)?;
            Some(CdsPos::new(to_c(tx), after_upstream, cds.length))
        } else {
            let tx = self.tx_index(first_of_downstream)?;
            Some(CdsPos::new(to_c(tx), -before_downstream, cds.length))
        }
    }

    /// Coding-strand base at c.`c` (1-based), if known.
    pub fn cds_base(&self, c: u64) -> Option<u8> {
        self.cds_bases
            .get(c.checked_sub(1)? as usize)
            .copied()
            .flatten()
    }

    /// Protein length implied by the CDS (stop codon excluded).
    pub fn protein_length(&self) -> Option<u64> {
        self.cds.map(|c| c.length / 3 - 1)
    }
}
