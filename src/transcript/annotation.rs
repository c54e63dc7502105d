//! The user's own transcript models (`--gtf` / `--gff3`: Ensembl, GENCODE or RefSeq), read
//! for the panel genes only: each gene's model is taken from the annotation when it has one,
//! as bcftools csq and VEP take theirs.
//!
//! Per gene the transcript is chosen in this order: the shipped transcript (same Ensembl or
//! RefSeq accession, any version), the one tagged MANE Select, the one tagged
//! Ensembl_canonical, the longest CDS. Only coding transcripts are considered.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::model::{CdsBounds, CdsStatus, Exon, Strand, Transcript};
use crate::error::{Error, Result};
use crate::genome::normalize_contig;

/// One transcript as the annotation describes it.
#[derive(Debug, Default)]
struct Record {
    gene: Option<String>,
    chrom: String,
    strand: Option<Strand>,
    exons: Vec<(u64, u64)>,
    /// CDS, start_codon and stop_codon features (GTF's CDS lacks the stop, GFF3's has it).
    coding: Vec<(u64, u64)>,
    tags: Vec<String>,
}

/// A chosen model and why it was chosen.
pub struct AnnotatedModel {
    pub transcript: Transcript,
    pub why: &'static str,
}

fn unversioned(id: &str) -> &str {
    id.split('.').next().unwrap_or(id)
}

/// `key "value"; key "value";` (GTF) or `key=value;key=v1,v2` (GFF3) into pairs.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some((k, v)) = part.split_once('=') {
            for value in v.split(',') {
                out.push((k.trim().to_string(), percent_decode(value.trim())));
            }
        } else if let Some((k, v)) = part.split_once(' ') {
            out.push((k.to_string(), v.trim().trim_matches('"').to_string()));
        }
    }
    out
}

/// GFF3 escapes `;`, `=`, `,` and spaces as `%XX`.
fn percent_decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        let hex = text.get(i + 1..i + 3).filter(|_| c == '%');
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) => {
                out.push(byte as char);
                chars.next();
                chars.next();
            }
            None => out.push(c),
        }
    }
    out
}

/// Transcript ids without the `transcript:` (Ensembl GFF3) or `rna-` (RefSeq GFF3) prefix.
fn bare_id(id: &str) -> String {
    id.trim_start_matches("transcript:")
        .trim_start_matches("rna-")
        .to_string()
}

/// Read the annotation at `path` (plain or gzipped) and choose one model per gene of
/// `wanted` (gene, accessions of the shipped transcript).
pub fn read_models(path: &Path, wanted: &[(String, Vec<String>)]) -> Result<Vec<AnnotatedModel>> {
    let label = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::bad_input(&label, e.to_string()))?;
    let reader: Box<dyn Read> = if label.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let genes: HashMap<&str, &[String]> = wanted
        .iter()
        .map(|(g, ids)| (g.as_str(), ids.as_slice()))
        .collect();
    let mut records: HashMap<String, Record> = HashMap::new();
    // GFF3: gene feature id -> gene name, for transcripts that name only their parent.
    let mut gene_names: HashMap<String, String> = HashMap::new();
    let mut transcript_gene: HashMap<String, String> = HashMap::new();
    for (i, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(|e| Error::bad_input(&label, format!("line {}: {e}", i + 1)))?;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| Error::bad_record(&label, i as u64 + 1, what.to_string());
        if f.len() != 9 {
            return Err(bad("expected 9 tab-separated GTF/GFF3 columns"));
        }
        let (Ok(start), Ok(end)) = (f[3].parse::<u64>(), f[4].parse::<u64>()) else {
            return Err(bad("start and end must be positive integers"));
        };
        if start == 0 || end < start {
            return Err(bad("start must be >= 1 and <= end"));
        }
        let attrs = attributes(f[8]);
        let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let kind = f[2];
        if kind == "gene" {
            if let (Some(id), Some(name)) = (get("ID"), get("Name").or_else(|| get("gene_name"))) {
                gene_names.insert(id, name);
            }
            continue;
        }
        let is_transcript = matches!(kind, "transcript" | "mRNA");
        // The transcript a feature belongs to: GTF names it, GFF3 points at it.
        let ids: Vec<String> = match get("transcript_id") {
            Some(id) if !is_transcript || get("ID").is_none() => vec![id],
            _ if is_transcript => get("ID").into_iter().collect(),
            _ => attrs
                .iter()
                .filter(|(k, _)| k == "Parent")
                .map(|(_, v)| v.clone())
                .collect(),
        };
        let gene = get("gene_name").or_else(|| get("gene"));
        for id in ids {
            let id = bare_id(&id);
            if is_transcript {
                if let Some(parent) = get("Parent") {
                    transcript_gene.insert(id.clone(), parent);
                }
            }
            if !matches!(
                kind,
                "transcript" | "mRNA" | "exon" | "CDS" | "start_codon" | "stop_codon"
            ) {
                continue;
            }
            let record = records.entry(id).or_default();
            record.chrom = normalize_contig(f[0]).to_string();
            record.strand = match f[6] {
                "+" => Some(Strand::Plus),
                "-" => Some(Strand::Minus),
                _ => record.strand,
            };
            if record.gene.is_none() {
                record.gene = gene.clone();
            }
            for (k, v) in &attrs {
                if k == "tag" {
                    record.tags.push(v.clone());
                }
            }
            match kind {
                "exon" => record.exons.push((start, end)),
                "CDS" | "start_codon" | "stop_codon" => record.coding.push((start, end)),
                _ => {}
            }
        }
    }
    for (id, record) in records.iter_mut() {
        if record.gene.is_none() {
            record.gene = transcript_gene
                .get(id)
                .and_then(|parent| gene_names.get(parent))
                .cloned();
        }
    }
    let mut chosen = Vec::new();
    for (gene, shipped_ids) in &genes {
        let mut candidates: Vec<(&String, &Record)> = records
            .iter()
            .filter(|(_, r)| r.gene.as_deref() == Some(*gene) && !r.coding.is_empty())
            .filter(|(_, r)| !r.exons.is_empty() && r.strand.is_some())
            .collect();
        candidates.sort_by(|a, b| a.0.cmp(b.0));
        let tagged = |tag: &str| {
            candidates
                .iter()
                .find(|(_, r)| r.tags.iter().any(|t| t.replace(' ', "_") == tag))
        };
        let pick = candidates
            .iter()
            .find(|(id, _)| {
                shipped_ids
                    .iter()
                    .any(|s| unversioned(s) == unversioned(id))
            })
            .map(|c| (c, "the shipped transcript"))
            .or_else(|| tagged("MANE_Select").map(|c| (c, "MANE Select")))
            .or_else(|| tagged("Ensembl_canonical").map(|c| (c, "Ensembl canonical")))
            .or_else(|| {
                candidates
                    .iter()
                    .max_by_key(|(_, r)| coding_length(&r.coding))
                    .map(|c| (c, "the longest CDS"))
            });
        if let Some(((id, record), why)) = pick {
            let transcript = model(gene, id, record).map_err(|m| Error::bad_input(&label, m))?;
            chosen.push(AnnotatedModel { transcript, why });
        }
    }
    chosen.sort_by(|a, b| a.transcript.gene.cmp(&b.transcript.gene));
    Ok(chosen)
}

/// Bases covered by `segments` (overlaps counted once).
fn coding_length(segments: &[(u64, u64)]) -> u64 {
    let mut sorted = segments.to_vec();
    sorted.sort();
    let (mut total, mut reach) = (0, 0);
    for (s, e) in sorted {
        let s = s.max(reach + 1);
        if e >= s {
            total += e - s + 1;
            reach = e;
        }
    }
    total
}

fn model(gene: &str, id: &str, record: &Record) -> std::result::Result<Transcript, String> {
    let strand = record.strand.unwrap_or(Strand::Plus);
    let mut exons = record.exons.clone();
    exons.sort();
    exons.dedup();
    if exons.windows(2).any(|w| w[1].0 <= w[0].1) {
        return Err(format!("{gene} {id}: overlapping exons"));
    }
    if strand == Strand::Minus {
        exons.reverse();
    }
    let exons: Vec<Exon> = exons
        .iter()
        .enumerate()
        .map(|(i, &(start, end))| Exon {
            number: i as u32 + 1,
            start,
            end,
        })
        .collect();
    let lo = record.coding.iter().map(|s| s.0).min().unwrap_or(0);
    let hi = record.coding.iter().map(|s| s.1).max().unwrap_or(0);
    let length = coding_length(&record.coding);
    let (first, last) = match strand {
        Strand::Plus => (lo, hi),
        Strand::Minus => (hi, lo),
    };
    let exonic = |p: u64| exons.iter().any(|e| (e.start..=e.end).contains(&p));
    if !exonic(first) || !exonic(last) || !length.is_multiple_of(3) {
        return Err(format!(
            "{gene} {id}: CDS {first}..{last} ({length} nt) is not a whole number of codons inside the exons"
        ));
    }
    let refseq = (id.starts_with("NM_") || id.starts_with("XM_")).then(|| id.to_string());
    Ok(Transcript {
        gene: gene.to_string(),
        id: id.to_string(),
        refseq,
        chrom: record.chrom.clone(),
        strand,
        exons,
        cds: Some(CdsBounds {
            first,
            last,
            length,
            status: CdsStatus::Verified,
        }),
        cds_bases: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kras(path: &Path) -> Transcript {
        let wanted = vec![("KRAS".to_string(), vec!["ENST00000311936.7".to_string()])];
        let mut models = read_models(path, &wanted).unwrap();
        assert_eq!(models.len(), 1);
        assert_eq!(models[0].why, "the shipped transcript");
        models.remove(0).transcript
    }

    /// The real GENCODE GTF excerpt, and the same transcript written as Ensembl GFF3 writes
    /// it (gene/mRNA/exon/CDS with ID/Parent, the stop codon inside the CDS), give one model.
    #[test]
    fn gtf_and_gff3_of_one_transcript_give_one_model() {
        let gtf = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("test-data/annotation/kras.gencode.grch38.gtf");
        let from_gtf = kras(&gtf);
        assert_eq!(from_gtf.id, "ENST00000311936.8");
        assert_eq!(from_gtf.exons.len(), 5);
        assert_eq!(
            from_gtf.exons[0].start, 25250751,
            "exon 1 is the 5'-most (minus strand)"
        );
        let cds = from_gtf.cds.unwrap();
        assert_eq!((cds.first, cds.last, cds.length), (25245384, 25209795, 567));

        let mut gff = String::from("##gff-version 3\n");
        gff.push_str("12\tensembl_havana\tgene\t25205246\t25250936\t.\t-\t.\tID=gene:ENSG00000133703;Name=KRAS\n");
        gff.push_str("12\tensembl_havana\tmRNA\t25205246\t25250929\t.\t-\t.\tID=transcript:ENST00000311936;Parent=gene:ENSG00000133703;tag=basic\n");
        let text = std::fs::read_to_string(&gtf).unwrap();
        for line in text.lines().filter(|l| l.contains("ENST00000311936.8")) {
            let f: Vec<&str> = line.split('\t').collect();
            let (kind, start, end) = match f[2] {
                "exon" => ("exon", f[3], f[4]),
                // GFF3 CDS carries the stop codon: the last CDS segment runs to 25209795.
                "CDS" if f[3] == "25209798" => ("CDS", "25209795", f[4]),
                "CDS" => ("CDS", f[3], f[4]),
                _ => continue,
            };
            gff.push_str(&format!("12\tensembl_havana\t{kind}\t{start}\t{end}\t.\t-\t.\tParent=transcript:ENST00000311936\n"));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kras.gff3");
        std::fs::write(&path, gff).unwrap();
        let from_gff = kras(&path);
        assert_eq!(from_gff.id, "ENST00000311936");
        assert_eq!(from_gff.exons, from_gtf.exons);
        assert_eq!(from_gff.cds, from_gtf.cds);

        std::fs::write(&path, "12\tx\texon\tten\t20\t.\t-\t.\tParent=t1\n").unwrap();
        let err = read_models(&path, &[]).err().unwrap().to_string();
        assert!(
            err.contains("line 1") && err.contains("positive integers"),
            "{err}"
        );
    }

    #[test]
    fn gtf_and_gff3_attributes_are_read() {
        let gtf = attributes(
            r#"gene_id "ENSG1"; transcript_id "ENST1.2"; tag "basic"; tag "MANE_Select";"#,
        );
        assert!(gtf.contains(&("transcript_id".into(), "ENST1.2".into())));
        assert_eq!(gtf.iter().filter(|(k, _)| k == "tag").count(), 2);
        let gff = attributes(
            "ID=transcript:ENST1;Parent=gene:ENSG1;tag=basic,Ensembl_canonical;Name=A%3BB",
        );
        assert!(gff.contains(&("tag".into(), "Ensembl_canonical".into())));
        assert!(gff.contains(&("Name".into(), "A;B".into())));
        assert_eq!(bare_id("transcript:ENST1"), "ENST1");
        assert_eq!(bare_id("rna-NM_004985.5"), "NM_004985.5");
        assert_eq!(coding_length(&[(1, 10), (8, 12), (20, 22)]), 15);
    }
}
