//! The curated transcript set of one build, loaded from resources/transcripts/.

use std::collections::HashMap;

use serde::Deserialize;

use super::model::{CdsBounds, CdsStatus, Exon, Strand, Transcript};
use crate::error::{Error, Result};
use crate::genome::{normalize_contig, Build, KnownSequence};
use crate::resources::{empty_as_none, read_tsv, EXONS_TSV, TRANSCRIPTS_TSV};

#[derive(Debug, Deserialize)]
struct TranscriptRow {
    gene: String,
    #[serde(deserialize_with = "empty_as_none")]
    transcript: Option<String>,
    /// Key shared with exons.tsv.
    transcript_id: String,
    build: String,
    chrom: String,
    strand: String,
    #[serde(deserialize_with = "empty_as_none")]
    cds_first: Option<u64>,
    #[serde(deserialize_with = "empty_as_none")]
    cds_last: Option<u64>,
    #[serde(deserialize_with = "empty_as_none")]
    cds_length: Option<u64>,
    cds_status: String,
}

#[derive(Debug, Deserialize)]
struct ExonRow {
    transcript_id: String,
    build: String,
    exon: u32,
    start: u64,
    end: u64,
}

/// Genes whose panel regions are read, with the transcripts that name their variants.
#[derive(Debug, Clone)]
pub struct TranscriptSet {
    pub build: Build,
    transcripts: Vec<Transcript>,
}

/// Bases around a transcript that still count as its region (promoter, splice, UTR reads).
pub const PANEL_PADDING: u64 = 1_000;

fn resource_error(message: impl Into<String>) -> Error {
    Error::Resource {
        name: "transcripts".into(),
        message: message.into(),
    }
}

impl TranscriptSet {
    /// The shipped transcripts of `build`, with coding bases filled from `known`.
    pub fn shipped(build: Build, known: &KnownSequence) -> Result<Self> {
        let rows: Vec<TranscriptRow> = read_tsv("transcripts/transcripts.tsv", TRANSCRIPTS_TSV)?;
        let exon_rows: Vec<ExonRow> = read_tsv("transcripts/exons.tsv", EXONS_TSV)?;
        let mut exons_by_id: HashMap<&str, Vec<Exon>> = HashMap::new();
        for row in exon_rows.iter().filter(|r| r.build == build.to_string()) {
            exons_by_id
                .entry(row.transcript_id.as_str())
                .or_default()
                .push(Exon {
                    number: row.exon,
                    start: row.start,
                    end: row.end,
                });
        }
        let mut transcripts = Vec::new();
        for row in rows.into_iter().filter(|r| r.build == build.to_string()) {
            let id = row.transcript_id.clone();
            let mut exons = exons_by_id.remove(id.as_str()).unwrap_or_default();
            if exons.is_empty() {
                return Err(resource_error(format!("{} {id}: no exons", row.gene)));
            }
            exons.sort_by_key(|e| e.number);
            let strand = match row.strand.as_str() {
                "+" => Strand::Plus,
                "-" => Strand::Minus,
                other => return Err(resource_error(format!("{id}: strand '{other}'"))),
            };
            let cds = match (row.cds_first, row.cds_last, row.cds_length) {
                (Some(first), Some(last), Some(length)) => Some(CdsBounds {
                    first,
                    last,
                    length,
                    status: if row.cds_status == "verified" {
                        CdsStatus::Verified
                    } else {
                        CdsStatus::Provisional
                    },
                }),
                _ => None,
            };
            let mut transcript = Transcript {
                gene: row.gene,
                id,
                refseq: row.transcript,
                chrom: normalize_contig(&row.chrom).to_string(),
                strand,
                exons,
                cds,
                cds_bases: Vec::new(),
            };
            transcript.cds_bases = coding_bases(&transcript, build, known)?;
            transcripts.push(transcript);
        }
        Ok(TranscriptSet { build, transcripts })
    }

    /// Use `tx` for its gene (replacing the shipped model, or adding the gene), with its
    /// coding bases from `known`; returns the id it replaced, if any.
    pub fn replace(&mut self, mut tx: Transcript, known: &KnownSequence) -> Result<Option<String>> {
        tx.cds_bases = coding_bases(&tx, self.build, known)?;
        match self.transcripts.iter_mut().find(|t| t.gene == tx.gene) {
            Some(slot) => Ok(Some(std::mem::replace(slot, tx).id)),
            None => {
                self.transcripts.push(tx);
                Ok(None)
            }
        }
    }

    pub fn transcripts(&self) -> &[Transcript] {
        &self.transcripts
    }

    pub fn by_gene(&self, gene: &str) -> Option<&Transcript> {
        self.transcripts.iter().find(|t| t.gene == gene)
    }

    /// Transcripts whose span (padded for splice sites) overlaps `start..=end`.
    pub fn overlapping<'a>(
        &'a self,
        chrom: &'a str,
        start: u64,
        end: u64,
    ) -> impl Iterator<Item = &'a Transcript> + 'a {
        let chrom = normalize_contig(chrom);
        self.transcripts.iter().filter(move |t| {
            // The contig first: `span` walks every exon, and most transcripts are elsewhere.
            t.chrom == chrom && {
                let (s, e) = t.span();
                start <= e + 10 && end + 10 >= s
            }
        })
    }

    /// Panel regions: each transcript span padded by [`PANEL_PADDING`], merged per contig.
    pub fn panel_regions(&self) -> Vec<(String, u64, u64)> {
        let mut regions: Vec<(String, u64, u64)> = self
            .transcripts
            .iter()
            .map(|t| {
                let (s, e) = t.span();
                (
                    t.chrom.clone(),
                    s.saturating_sub(PANEL_PADDING).max(1),
                    e + PANEL_PADDING,
                )
            })
            .collect();
        regions.sort();
        let mut merged: Vec<(String, u64, u64)> = Vec::new();
        for region in regions {
            match merged.last_mut() {
                Some(last) if last.0 == region.0 && region.1 <= last.2 + 1 => {
                    last.2 = last.2.max(region.2)
                }
                _ => merged.push(region),
            }
        }
        merged
    }
}

/// The CDS on the coding strand, base by base, as far as `known` covers it.
fn coding_bases(tx: &Transcript, build: Build, known: &KnownSequence) -> Result<Vec<Option<u8>>> {
    let Some(cds) = tx.cds else {
        return Ok(Vec::new());
    };
    let contig = known.contig_view(build, &tx.chrom);
    let mut bases = Vec::with_capacity(cds.length as usize);
    for (start, end) in tx.cds_spans() {
        let from = bases.len();
        contig.extend_with_bases(start, end, &mut bases);
        if tx.strand == Strand::Minus {
            let span = &mut bases[from..];
            span.reverse();
            for base in span.iter_mut().flatten() {
                *base = super::codon::complement(*base);
            }
        }
    }
    if (bases.len() as u64) < cds.length {
        return Err(resource_error(format!(
            "{}: c.{} is outside the exons (CDS length {})",
            tx.id,
            bases.len() + 1,
            cds.length
        )));
    }
    Ok(bases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::codon::translate_known;

    fn protein(build: Build, gene: &str) -> Vec<Option<u8>> {
        let known = KnownSequence::shipped().unwrap();
        let set = TranscriptSet::shipped(build, &known).unwrap();
        let tx = set.by_gene(gene).unwrap();
        translate_known(&tx.cds_bases, false)
    }

    fn residue(protein: &[Option<u8>], pos: usize) -> char {
        protein[pos - 1].map_or('?', char::from)
    }

    /// The known bases as letters (unknown ones left out).
    fn spelled(bases: &[Option<u8>]) -> String {
        bases.iter().flatten().map(|&b| char::from(b)).collect()
    }

    /// A CDS longer than its exons is an error naming the first base they do not reach.
    #[test]
    fn a_cds_beyond_the_exons_names_the_first_base_outside() {
        let mut known = KnownSequence::default();
        known.insert(Build::GRCh38, "2", 100, b"ATGAAACCCGGGTTT");
        let exon = |number, start, end| Exon { number, start, end };
        let tx = |strand, exons: Vec<Exon>, first, length| Transcript {
            gene: "G".into(),
            id: "T1".into(),
            refseq: None,
            chrom: "2".into(),
            strand,
            exons,
            cds: Some(CdsBounds {
                first,
                last: 0,
                length,
                status: CdsStatus::Provisional,
            }),
            cds_bases: Vec::new(),
        };
        // Two exons (100-105, 110-114) give 11 coding bases from c.1 at 100.
        let plus = tx(
            Strand::Plus,
            vec![exon(1, 100, 105), exon(2, 110, 114)],
            100,
            11,
        );
        let bases = coding_bases(&plus, Build::GRCh38, &known).unwrap();
        assert_eq!(spelled(&bases), "ATGAAAGGTTT");
        let long = tx(Strand::Plus, plus.exons.clone(), 100, 12);
        let error = coding_bases(&long, Build::GRCh38, &known)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("T1: c.12 is outside the exons (CDS length 12)"),
            "{error}"
        );
        // c.1 outside every exon: nothing is reached.
        let astray = tx(Strand::Minus, plus.exons.clone(), 107, 3);
        let error = coding_bases(&astray, Build::GRCh38, &known)
            .unwrap_err()
            .to_string();
        assert!(error.contains("T1: c.1 is outside the exons"), "{error}");
        // Minus strand: exons in transcript order, c.1 at the higher end, complemented.
        let minus = tx(
            Strand::Minus,
            vec![exon(1, 110, 114), exon(2, 100, 105)],
            114,
            11,
        );
        let bases = coding_bases(&minus, Build::GRCh38, &known).unwrap();
        assert_eq!(spelled(&bases), "AAACCTTTCAT");
    }

    /// One walk over the exons gives every CDS base's genomic position, and base, that the
    /// lookup per base gives, for every shipped transcript on both builds.
    #[test]
    fn the_cds_positions_walk_agrees_with_the_lookup_per_base() {
        let known = KnownSequence::shipped().unwrap();
        for build in Build::ALL {
            let set = TranscriptSet::shipped(build, &known).unwrap();
            let mut checked = 0;
            for tx in set.transcripts() {
                let Some(cds) = tx.cds else { continue };
                let walked: Vec<u64> = tx
                    .cds_spans()
                    .into_iter()
                    .flat_map(|(start, end)| {
                        let span: Vec<u64> = (start..=end).collect();
                        match tx.strand {
                            Strand::Plus => span,
                            Strand::Minus => span.into_iter().rev().collect(),
                        }
                    })
                    .collect();
                let looked_up: Vec<u64> = (1..=cds.length)
                    .map(|c| tx.genomic_of_cds(c).unwrap())
                    .collect();
                assert_eq!(walked, looked_up, "{build} {}", tx.id);
                let contig = known.contig_view(build, &tx.chrom);
                let per_base: Vec<Option<u8>> = looked_up
                    .iter()
                    .map(|&pos| {
                        contig.base(pos).map(|b| match tx.strand {
                            Strand::Plus => b,
                            Strand::Minus => crate::transcript::codon::complement(b),
                        })
                    })
                    .collect();
                assert_eq!(tx.cds_bases, per_base, "{build} {}", tx.id);
                checked += 1;
            }
            assert!(
                checked >= 10,
                "{build}: only {checked} transcripts with a CDS"
            );
        }
    }

    /// The shipped ALK kinase-domain sequence translates to the ALK residues the resistance
    /// literature names (NP_004295), on both builds.
    #[test]
    fn alk_kinase_domain_translates_to_the_known_residues() {
        for build in Build::ALL {
            let alk = protein(build, "ALK");
            assert_eq!(alk.len(), 1621, "1620 aa + stop");
            for (name, pos) in [
                ('G', 1128),
                ('T', 1151),
                ('L', 1152),
                ('C', 1156),
                ('I', 1171),
                ('F', 1174),
                ('V', 1180),
                ('L', 1196),
                ('L', 1198),
                ('G', 1202),
                ('D', 1203),
                ('S', 1206),
                ('E', 1210),
                ('L', 1256),
                ('G', 1269),
                ('R', 1275),
                ('Y', 1278),
                ('Y', 1282),
                ('Y', 1283),
            ] {
                assert_eq!(residue(&alk, pos), name, "{build} ALK residue {pos}");
            }
            let motif = |from: usize, len: usize| -> String {
                (from..from + len).map(|p| residue(&alk, p)).collect()
            };
            // Glycine-rich loop GxGxxG, catalytic HRD loop, DFG motif of the activation loop.
            assert_eq!(motif(1123, 6), "GHGAFG", "{build}");
            assert_eq!(motif(1247, 3), "HRD", "{build}");
            assert_eq!(motif(1270, 3), "DFG", "{build}");
            // The whole kinase domain (p.1116-1383) is known.
            assert!((1116..=1383).all(|p| alk[p - 1].is_some()), "{build}");
        }
    }

    #[test]
    fn full_cds_genes_translate_to_their_proteins() {
        for build in Build::ALL {
            for (gene, start, length) in [
                ("KRAS", "MTEYKLVVVGAGGVGKSALTIQLIQ", 188),
                ("EGFR", "MRPSGTAGAALLALLAALCPASRAL", 1210),
                ("BRAF", "MAALSGGGGGGAEPGQALFNGDMEP", 766),
                ("PTEN", "MTAIIKEIVSRNKRRYQEDGFDLDL", 403),
            ] {
                let p = protein(build, gene);
                let text: String = p.iter().map(|a| a.map_or('?', char::from)).collect();
                assert!(text.starts_with(start), "{build} {gene}: {}", &text[..30]);
                assert_eq!(text.len(), length + 1, "{build} {gene}");
                assert!(
                    text.ends_with('*') && !text[..length].contains('*'),
                    "{build} {gene}"
                );
            }
        }
    }

    #[test]
    fn panel_regions_cover_every_gene_once_merged() {
        let known = KnownSequence::shipped().unwrap();
        let set = TranscriptSet::shipped(Build::GRCh38, &known).unwrap();
        let regions = set.panel_regions();
        for tx in set.transcripts() {
            let (s, e) = tx.span();
            assert!(
                regions
                    .iter()
                    .any(|(c, rs, re)| *c == tx.chrom && *rs <= s && *re >= e),
                "{} not covered",
                tx.gene
            );
        }
        for pair in regions.windows(2) {
            assert!(
                pair[0].0 != pair[1].0 || pair[0].2 < pair[1].1,
                "regions overlap: {pair:?}"
            );
        }
    }
}
