//! KB tables and lookups.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::resources::{empty_as_none, read_tsv};

const ALTERATIONS_TSV: &str = include_str!("../../resources/kb/alterations.tsv");
const CALLS_TSV: &str = include_str!("../../resources/kb/calls.tsv");
const CITATIONS_TSV: &str = include_str!("../../resources/kb/citations.tsv");
const MANIFEST_TSV: &str = include_str!("../../resources/kb/manifest.tsv");

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Alteration {
    pub id: String,
    pub gene: String,
    pub kind: String,
    pub protein_short: String,
    #[serde(deserialize_with = "empty_as_none")]
    pub hgvs_p: Option<String>,
    #[serde(default)]
    pub aliases: String,
    pub resistance_class: String,
    #[serde(default)]
    pub note: String,
}

impl Alteration {
    pub fn alias_list(&self) -> impl Iterator<Item = &str> {
        self.aliases
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Call {
    pub alteration: String,
    pub drug: String,
    pub call: String,
    pub evidence: String,
    #[serde(deserialize_with = "empty_as_none")]
    pub ic50_nm: Option<f64>,
    pub citation: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Citation {
    pub id: String,
    #[serde(deserialize_with = "empty_as_none")]
    pub pmid: Option<String>,
    #[serde(deserialize_with = "empty_as_none")]
    pub doi: Option<String>,
    pub authors: String,
    pub year: String,
    pub title: String,
    pub journal: String,
    #[serde(default)]
    pub status: String,
}

impl Citation {
    /// `PMID:27432227`, else `DOI:…`, else the KB key.
    pub fn reference(&self) -> String {
        match (&self.pmid, &self.doi) {
            (Some(pmid), _) => format!("PMID:{pmid}"),
            (None, Some(doi)) => format!("DOI:{doi}"),
            _ => self.id.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct ManifestRow {
    key: String,
    value: String,
}

/// One drug call attached to a finding, with its evidence and citation resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrugCall {
    pub drug: String,
    pub call: String,
    pub evidence: String,
    pub ic50_nm: Option<f64>,
    pub citation: String,
    pub note: String,
}

/// A finding's match in the KB.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KbMatch {
    pub id: String,
    pub resistance_class: String,
    /// How the finding matched: `protein_short`, `hgvs_p` or `alias`.
    pub matched_by: String,
    pub calls: Vec<DrugCall>,
}

#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    pub name: String,
    pub version: String,
    /// SHA-256 of the KB tables, first 16 hex digits: identifies the exact data used.
    pub checksum: String,
    pub alterations: Vec<Alteration>,
    pub calls: Vec<Call>,
    pub citations: Vec<Citation>,
    by_name: HashMap<(String, String), usize>,
}

fn kb_error(e: Error) -> Error {
    match e {
        Error::Resource { name, message } => Error::KnowledgeBase(format!("{name}: {message}")),
        other => other,
    }
}

impl KnowledgeBase {
    pub fn shipped() -> Result<Self> {
        Self::from_tables(ALTERATIONS_TSV, CALLS_TSV, CITATIONS_TSV, MANIFEST_TSV)
    }

    pub fn from_tables(
        alterations: &str,
        calls: &str,
        citations: &str,
        manifest: &str,
    ) -> Result<Self> {
        let manifest: Vec<ManifestRow> = read_tsv("kb/manifest.tsv", manifest).map_err(kb_error)?;
        let value = |key: &str| {
            manifest
                .iter()
                .find(|r| r.key == key)
                .map(|r| r.value.clone())
                .ok_or_else(|| Error::KnowledgeBase(format!("kb/manifest.tsv: no '{key}' row")))
        };
        let mut hasher = Sha256::new();
        for table in [alterations, calls, citations] {
            hasher.update(table.as_bytes());
        }
        let digest = hasher.finalize();
        let checksum = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let mut kb = KnowledgeBase {
            name: value("name")?,
            version: value("version")?,
            checksum,
            alterations: read_tsv("kb/alterations.tsv", alterations).map_err(kb_error)?,
            calls: read_tsv("kb/calls.tsv", calls).map_err(kb_error)?,
            citations: read_tsv("kb/citations.tsv", citations).map_err(kb_error)?,
            by_name: HashMap::new(),
        };
        kb.index();
        Ok(kb)
    }

    fn index(&mut self) {
        self.by_name.clear();
        for (i, alteration) in self.alterations.iter().enumerate() {
            let gene = alteration.gene.to_ascii_uppercase();
            let mut names = vec![alteration.protein_short.clone()];
            names.extend(alteration.hgvs_p.clone());
            names.extend(alteration.alias_list().map(String::from));
            for name in names {
                self.by_name
                    .entry((gene.clone(), normalize_name(&name)))
                    .or_insert(i);
            }
        }
    }

    /// `name (version, sha256:checksum)`, as written into every output.
    pub fn label(&self) -> String {
        format!("{} {} (sha256:{})", self.name, self.version, self.checksum)
    }

    pub fn alteration(&self, id: &str) -> Option<&Alteration> {
        self.alterations.iter().find(|a| a.id == id)
    }

    pub fn citation(&self, id: &str) -> Option<&Citation> {
        self.citations.iter().find(|c| c.id == id)
    }

    /// The alteration a protein change names, by short form, HGVS or alias.
    pub fn find(&self, gene: &str, protein: &str) -> Option<&Alteration> {
        let key = (gene.to_ascii_uppercase(), normalize_name(protein));
        self.by_name.get(&key).map(|&i| &self.alterations[i])
    }

    /// The KB match of a protein change, with every call resolved to its citation.
    pub fn match_protein(&self, gene: &str, short: &str, hgvs_p: Option<&str>) -> Option<KbMatch> {
        let (alteration, matched_by) = match self.find(gene, short) {
            Some(a) => (
                a,
                if normalize_name(&a.protein_short) == normalize_name(short) {
                    "protein_short"
                } else {
                    "alias"
                },
            ),
            None => (self.find(gene, hgvs_p?)?, "hgvs_p"),
        };
        Some(self.kb_match(alteration, matched_by))
    }

    pub fn kb_match(&self, alteration: &Alteration, matched_by: &str) -> KbMatch {
        KbMatch {
            id: alteration.id.clone(),
            resistance_class: alteration.resistance_class.clone(),
            matched_by: matched_by.to_string(),
            calls: self
                .calls
                .iter()
                .filter(|c| c.alteration == alteration.id)
                .map(|c| DrugCall {
                    drug: c.drug.clone(),
                    call: c.call.clone(),
                    evidence: c.evidence.clone(),
                    ic50_nm: c.ic50_nm,
                    citation: self
                        .citation(&c.citation)
                        .map_or_else(|| c.citation.clone(), Citation::reference),
                    note: c.note.clone(),
                })
                .collect(),
        }
    }
}

/// Names compare without `p.`, parentheses or case: `p.(Gly1202Arg)` = `p.gly1202arg`.
fn normalize_name(name: &str) -> String {
    name.trim()
        .trim_start_matches("p.")
        .replace(['(', ')'], "")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_kb_loads_and_finds_by_every_name() {
        let kb = KnowledgeBase::shipped().unwrap();
        assert!(kb.label().starts_with("alkres-kb "));
        let by_short = kb.find("ALK", "G1202R").expect("G1202R is in the KB");
        let by_hgvs = kb.find("ALK", "p.Gly1202Arg").unwrap();
        assert_eq!(by_short.id, by_hgvs.id);
        let dup = kb.find("ALK", "T1151dup").expect("T1151dup is in the KB");
        let ins = kb
            .find("ALK", "T1151_L1152insT")
            .expect("the insertion alias resolves");
        assert_eq!(dup.id, ins.id);
        assert!(kb.find("ALK", "G1202K").is_none());
        assert!(kb.find("KRAS", "G1202R").is_none());
    }

    #[test]
    fn matches_carry_resolved_citations() {
        let kb = KnowledgeBase::shipped().unwrap();
        let m = kb
            .match_protein("ALK", "G1202R", Some("p.Gly1202Arg"))
            .unwrap();
        assert!(!m.calls.is_empty());
        assert!(m.calls.iter().any(|c| c.citation.starts_with("PMID:")));
        for call in &kb.calls {
            assert!(
                kb.citation(&call.citation).is_some(),
                "{} cites an unknown source",
                call.alteration
            );
        }
    }
}
