//! The regions whose depth is counted: every exon of the shipped transcript of each gene in
//! the copy-number gene table (both builds), plus user regions from `--regions` (BED).

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use super::genes::{GeneTable, Role};
use crate::error::{Error, Result};
use crate::genome::{normalize_contig, Build};
use crate::transcript::TranscriptSet;

/// One counted region (1-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CnRegion {
    /// Contig without `chr`.
    pub chrom: String,
    pub start: u64,
    pub end: u64,
    pub gene: String,
    pub role: Role,
    pub arm: Option<String>,
    /// `exon 3`, or `user region` for `--regions` rows.
    pub label: String,
}

impl CnRegion {
    pub fn len(&self) -> u64 {
        self.end - self.start + 1
    }

    pub fn is_empty(&self) -> bool {
        self.end < self.start
    }

    /// Key that identifies the region across samples and panel-of-normals files.
    pub fn key(&self) -> (String, u64, u64) {
        (self.chrom.clone(), self.start, self.end)
    }
}

/// A reported gene that has no regions, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotAssessed {
    pub gene: String,
    /// The input (or `alkres` for the shipped regions) that could not assess the gene.
    pub source: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct RegionSet {
    pub build: Build,
    /// Sorted by contig, start, end, gene.
    pub regions: Vec<CnRegion>,
    pub not_assessed: Vec<NotAssessed>,
}

impl RegionSet {
    /// The regions of `build`: shipped exons, with user regions replacing a gene's exons.
    pub fn new(
        build: Build,
        transcripts: &TranscriptSet,
        genes: &GeneTable,
        user_bed: Option<&Path>,
    ) -> Result<Self> {
        let user = match user_bed {
            Some(path) => read_bed(path, genes)?,
            None => Vec::new(),
        };
        let user_genes: BTreeSet<&str> = user.iter().map(|r| r.gene.as_str()).collect();
        let mut regions = user.clone();
        let mut not_assessed = Vec::new();
        for info in genes.genes() {
            if user_genes.contains(info.gene.as_str()) {
                continue;
            }
            let Some(tx) = transcripts.by_gene(&info.gene) else {
                if info.role.is_target() {
                    not_assessed.push(NotAssessed {
                        gene: info.gene.clone(),
                        source: "read depth".into(),
                        reason: format!(
                            "no {} coordinates ship with alkres; give its exons to `alkres cnv --regions` \
                             (BED), or CNV calls that name it",
                            info.gene
                        ),
                    });
                }
                continue;
            };
            regions.extend(tx.exons.iter().map(|exon| CnRegion {
                chrom: tx.chrom.clone(),
                start: exon.start,
                end: exon.end,
                gene: info.gene.clone(),
                role: info.role,
                arm: Some(info.arm.clone()),
                label: format!("exon {}", exon.number),
            }));
        }
        regions.sort_by(|a, b| {
            (&a.chrom, a.start, a.end, &a.gene).cmp(&(&b.chrom, b.start, b.end, &b.gene))
        });
        Ok(RegionSet {
            build,
            regions,
            not_assessed,
        })
    }

    /// Reported genes that have regions, in gene-table order (then user genes by name).
    pub fn target_genes(&self, genes: &GeneTable) -> Vec<String> {
        let present: BTreeSet<&str> = self
            .regions
            .iter()
            .filter(|r| r.role.is_target())
            .map(|r| r.gene.as_str())
            .collect();
        let mut ordered: Vec<String> = genes
            .targets()
            .filter(|g| present.contains(g.gene.as_str()))
            .map(|g| g.gene.clone())
            .collect();
        for gene in present {
            if !ordered.iter().any(|g| g == gene) {
                ordered.push(gene.to_string());
            }
        }
        ordered
    }
}

/// `--regions` BED: `chrom start end gene` (0-based start, as BED). A gene of the gene table
/// keeps its role and arm; any other gene is reported as an amplification target.
fn read_bed(path: &Path, genes: &GeneTable) -> Result<Vec<CnRegion>> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::bad_input(&label, format!("cannot read: {e}")))?;
    let mut regions = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty()
            || line.starts_with('#')
            || line.starts_with("track")
            || line.starts_with("browser")
        {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let bad = |m: &str| Error::bad_record(&label, line_no, m);
        if fields.len() < 4 {
            return Err(bad(
                "expected at least 4 tab-separated columns: chrom, start, end, gene",
            ));
        }
        let start0: u64 = fields[1]
            .trim()
            .parse()
            .map_err(|_| bad(&format!("start '{}' is not a number", fields[1])))?;
        let end: u64 = fields[2]
            .trim()
            .parse()
            .map_err(|_| bad(&format!("end '{}' is not a number", fields[2])))?;
        if end <= start0 {
            return Err(bad(
                "end must be greater than start (BED is 0-based, half-open)",
            ));
        }
        let gene = fields[3].trim();
        if gene.is_empty() {
            return Err(bad("the 4th column must name the gene"));
        }
        let info = genes.get(gene);
        regions.push(CnRegion {
            chrom: normalize_contig(fields[0].trim()).to_string(),
            start: start0 + 1,
            end,
            gene: info.map_or_else(|| gene.to_string(), |g| g.gene.clone()),
            role: info.map_or(Role::Amplification, |g| g.role),
            arm: info.map(|g| g.arm.clone()),
            label: "user region".into(),
        });
    }
    if regions.is_empty() {
        return Err(Error::bad_input(&label, "no regions in the BED file"));
    }
    Ok(regions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genome::KnownSequence;

    fn set(build: Build) -> RegionSet {
        let known = KnownSequence::shipped().unwrap();
        let tx = TranscriptSet::shipped(build, &known).unwrap();
        RegionSet::new(build, &tx, &GeneTable::shipped().unwrap(), None).unwrap()
    }

    #[test]
    fn every_gene_but_cdkn2a_has_exons_on_both_builds() {
        let genes = GeneTable::shipped().unwrap();
        for build in Build::ALL {
            let set = set(build);
            let targets = set.target_genes(&genes);
            assert_eq!(
                targets,
                ["ALK", "MET", "EGFR", "MYC", "KRAS", "KIT", "TP53", "RB1", "PTEN"]
            );
            assert_eq!(set.not_assessed.len(), 1);
            assert_eq!(set.not_assessed[0].gene, "CDKN2A");
            let reference = set
                .regions
                .iter()
                .filter(|r| r.role == Role::Reference)
                .count();
            assert!(reference > 200, "{build}: {reference} reference exons");
        }
    }
}
