//! Every shipped CDS, on both builds: the exon bases from c.1 to the stop sum to the CDS length,
//! and every codon the project ships translates to the reference protein that
//! scripts/derive_resources.py checked it against (test-data/transcripts/reference_proteins.tsv,
//! UniProt/Ensembl proteins from ../shared, written by the same derivation).

use std::collections::HashMap;

use alkres::genome::{Build, KnownSequence};
use alkres::transcript::codon::translate_known;
use alkres::transcript::{Strand, TranscriptSet};

#[derive(serde::Deserialize)]
struct ProteinRow {
    gene: String,
    protein_source: String,
    cds_bases: String,
    sequence: String,
}

fn proteins() -> HashMap<String, ProteinRow> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/test-data/transcripts/reference_proteins.tsv"
    );
    csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(path)
        .unwrap()
        .deserialize::<ProteinRow>()
        .map(|r| {
            let r = r.unwrap();
            (r.gene.clone(), r)
        })
        .collect()
}

#[test]
fn exon_bases_from_c1_to_the_stop_sum_to_the_cds_length() {
    let known = KnownSequence::shipped().unwrap();
    for build in Build::ALL {
        let set = TranscriptSet::shipped(build, &known).unwrap();
        let mut with_cds = 0;
        for tx in set.transcripts() {
            let Some(cds) = tx.cds else { continue };
            with_cds += 1;
            let (lo, hi) = match tx.strand {
                Strand::Plus => (cds.first, cds.last),
                Strand::Minus => (cds.last, cds.first),
            };
            let summed: u64 = tx
                .exons
                .iter()
                .map(|e| {
                    let (s, t) = (e.start.max(lo), e.end.min(hi));
                    if s <= t {
                        t - s + 1
                    } else {
                        0
                    }
                })
                .sum();
            assert_eq!(summed, cds.length, "{build} {}", tx.gene);
            assert_eq!(cds.length % 3, 0, "{build} {}", tx.gene);
            assert_eq!(tx.genomic_of_cds(1), Some(cds.first), "{build} {}", tx.gene);
            assert_eq!(
                tx.genomic_of_cds(cds.length),
                Some(cds.last),
                "{build} {}",
                tx.gene
            );
        }
        assert!(with_cds >= 15, "{build}: {with_cds} transcripts with a CDS");
    }
}

#[test]
fn every_shipped_codon_translates_to_the_reference_protein() {
    let known = KnownSequence::shipped().unwrap();
    let proteins = proteins();
    assert!(
        proteins.len() >= 9,
        "reference proteins: {}",
        proteins.len()
    );
    for build in Build::ALL {
        let set = TranscriptSet::shipped(build, &known).unwrap();
        for (gene, reference) in &proteins {
            let tx = set
                .by_gene(gene)
                .unwrap_or_else(|| panic!("{build} {gene}"));
            let expected: Vec<u8> = reference.sequence.bytes().chain([b'*']).collect();
            let translated = translate_known(&tx.cds_bases, false);
            assert_eq!(
                translated.len(),
                expected.len(),
                "{build} {gene}: CDS codons vs {} + stop",
                reference.protein_source
            );
            let mut known_codons = 0;
            for (i, (got, want)) in translated.iter().zip(&expected).enumerate() {
                if let Some(aa) = got {
                    known_codons += 1;
                    assert_eq!(
                        *aa as char,
                        *want as char,
                        "{build} {gene} codon {} vs {}",
                        i + 1,
                        reference.protein_source
                    );
                }
            }
            let expected_known = match reference.cds_bases.as_str() {
                "full" => expected.len(),
                "all but stop" => expected.len() - 1,
                _ => 1, // exon fragments: at least one codon, all of them checked above
            };
            assert!(
                known_codons >= expected_known,
                "{build} {gene}: {known_codons} codons known, want {expected_known} ({})",
                reference.cds_bases
            );
        }
    }
}

/// The public genome excerpts and Ensembl cDNA exons under scripts/sources/ are what the
/// shipped reference says at their own build, base for base, and every panel exon they cover
/// is a REF check the shipped data can do (e.g. RET c.2307 on GRCh38 is the genome's G, not the
/// RefSeq mRNA's T).
#[test]
fn shipped_bases_are_the_public_genome_excerpts_and_ensembl_exons() {
    let known = KnownSequence::shipped().unwrap();
    let mut checked = 0usize;
    for file in ["nirvana_reference_excerpts.fa", "cellbase_transcripts.fa"] {
        let path = format!("{}/scripts/sources/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        for record in text.split('>').filter(|r| !r.is_empty()) {
            let (header, seq) = record.split_once('\n').unwrap();
            let seq: String = seq.split_whitespace().collect();
            let fields: Vec<&str> = header.split(' ').collect();
            let build: Build = fields[1].trim_start_matches("build=").parse().unwrap();
            let (chrom, span) = fields[2].trim_end_matches("(+)").split_once(':').unwrap();
            let (start, end) = span.split_once('-').unwrap();
            let (start, end): (u64, u64) = (start.parse().unwrap(), end.parse().unwrap());
            assert_eq!(seq.len() as u64, end - start + 1, "{header}");
            let shipped = known
                .bases(build, chrom, start, end)
                .unwrap_or_else(|| panic!("{header}: not all shipped"));
            assert_eq!(String::from_utf8(shipped).unwrap(), seq, "{header}");
            checked += seq.len();
        }
    }
    assert!(checked > 300_000, "{checked} bases");
    // the one RET base the RefSeq mRNA got wrong for the genome (GRCh38 10:43118395, c.2307)
    assert_eq!(known.base(Build::GRCh38, "10", 43118395), Some(b'G'));
}
