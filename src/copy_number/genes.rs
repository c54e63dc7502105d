//! The copy-number gene table (resources/copy_number/genes.tsv): which genes are reported,
//! which serve as in-sample reference regions, and the chromosome arm of each.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::resources::read_tsv;

const GENES_TSV: &str = include_str!("../../resources/copy_number/genes.tsv");

/// What a gene is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reported; amplification is the change of interest (MET, ALK, EGFR, …).
    Amplification,
    /// Reported; loss / deep deletion is the change of interest (TP53, RB1, PTEN, CDKN2A).
    Loss,
    /// Not reported: its exons are in-sample reference regions.
    Reference,
}

impl Role {
    pub fn is_target(self) -> bool {
        self != Role::Reference
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Amplification => "amplification",
            Role::Loss => "loss",
            Role::Reference => "reference",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GeneInfo {
    pub gene: String,
    pub role: Role,
    pub cytoband: String,
    /// `7q`, `2p`, …
    pub arm: String,
}

/// The shipped gene table.
#[derive(Debug, Clone)]
pub struct GeneTable {
    genes: Vec<GeneInfo>,
}

impl GeneTable {
    pub fn shipped() -> Result<Self> {
        Ok(GeneTable {
            genes: read_tsv("copy_number/genes.tsv", GENES_TSV)?,
        })
    }

    pub fn genes(&self) -> &[GeneInfo] {
        &self.genes
    }

    pub fn get(&self, gene: &str) -> Option<&GeneInfo> {
        self.genes
            .iter()
            .find(|g| g.gene.eq_ignore_ascii_case(gene))
    }

    /// Reported genes, in table order (amplification targets first, then losses).
    pub fn targets(&self) -> impl Iterator<Item = &GeneInfo> {
        self.genes.iter().filter(|g| g.role.is_target())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_genes_are_targets_and_arms_match_their_chromosomes() {
        let table = GeneTable::shipped().unwrap();
        for gene in ["ALK", "MET", "EGFR", "MYC", "KRAS", "KIT"] {
            assert_eq!(table.get(gene).unwrap().role, Role::Amplification, "{gene}");
        }
        for gene in ["TP53", "RB1", "PTEN", "CDKN2A"] {
            assert_eq!(table.get(gene).unwrap().role, Role::Loss, "{gene}");
        }
        for g in table.genes() {
            assert!(
                g.cytoband.starts_with(&g.arm),
                "{}: arm {} vs band {}",
                g.gene,
                g.arm,
                g.cytoband
            );
        }
    }
}
