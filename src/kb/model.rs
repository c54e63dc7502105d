//! KB tables and lookups.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::strategy::{Strategy, PARTNER_DRUGS_TSV, STRATEGIES_TSV};
use crate::error::{Error, Result};
use crate::model::{
    AlterationKind, Assertion, CitedCall, CivicLevel, CnCall, Direction, DrugClass, DrugStatus,
    EvidenceLevel, EvidenceType, KbCall, KbMatch, MatchKind, ResistanceClass, Verified,
};
use crate::resources::{empty_as_none, read_tsv};

const ALTERATIONS_TSV: &str = include_str!("../../resources/kb/alterations.tsv");
const CALLS_TSV: &str = include_str!("../../resources/kb/calls.tsv");
const CITATIONS_TSV: &str = include_str!("../../resources/kb/citations.tsv");
const MANIFEST_TSV: &str = include_str!("../../resources/kb/manifest.tsv");
const DRUGS_TSV: &str = include_str!("../../resources/kb/drugs.tsv");
const FUSIONS_TSV: &str = include_str!("../../resources/kb/fusions.tsv");

/// The KB tables as text, in the layout of resources/kb/ (also the layout of a `--kb` folder).
#[derive(Debug, Clone, Default)]
pub struct KbTables {
    pub alterations: String,
    pub calls: String,
    pub citations: String,
    pub manifest: String,
    pub drugs: String,
    pub fusions: String,
    /// Agents used only in combinations (never matrix columns); empty = none.
    pub partner_drugs: String,
    /// Combination and non-TKI options; empty = none.
    pub strategies: String,
}

impl KbTables {
    pub fn shipped() -> Self {
        KbTables {
            alterations: ALTERATIONS_TSV.into(),
            calls: CALLS_TSV.into(),
            citations: CITATIONS_TSV.into(),
            manifest: MANIFEST_TSV.into(),
            drugs: DRUGS_TSV.into(),
            fusions: FUSIONS_TSV.into(),
            partner_drugs: PARTNER_DRUGS_TSV.into(),
            strategies: STRATEGIES_TSV.into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Alteration {
    pub id: String,
    pub gene: String,
    pub kind: AlterationKind,
    pub protein_short: String,
    #[serde(deserialize_with = "empty_as_none")]
    pub hgvs_p: Option<String>,
    #[serde(default)]
    pub aliases: String,
    pub resistance_class: ResistanceClass,
    #[serde(default)]
    pub note: String,
    /// How findings match (`exact` when the column is absent).
    #[serde(rename = "match", default = "exact")]
    pub match_kind: MatchKind,
    /// What the alteration implies for treatment, in one sentence.
    #[serde(default)]
    pub implication: String,
    /// Changes that must never match this row (`P72R`: a common germline polymorphism
    /// under a gene-level `TP53:any` row), `|`-separated short forms.
    #[serde(default)]
    pub not_matched: String,
    /// For a compound: drugs its parts have rows for but no source recorded here tested on
    /// the compound (`|`-separated). `alkres kb validate` fails on a gap not listed here, so
    /// every unknown compound call is a recorded gap, never an oversight.
    #[serde(default)]
    pub untested: String,
    /// Citation ids, `|`-separated.
    #[serde(default)]
    pub citation: String,
}

impl Alteration {
    pub fn citation_list(&self) -> impl Iterator<Item = &str> {
        self.citation
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }
    pub fn untested_list(&self) -> impl Iterator<Item = &str> {
        self.untested
            .split('|')
            .map(str::trim)
            .filter(|d| !d.is_empty())
    }
}

fn exact() -> MatchKind {
    MatchKind::Exact
}

/// One ALK TKI (or other drug) of the drug table.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Drug {
    pub drug: String,
    #[serde(default)]
    pub generation: String,
    /// `approved` or `investigational`; absent when the table leaves it empty.
    #[serde(deserialize_with = "empty_as_none", default)]
    pub status: Option<DrugStatus>,
    #[serde(default)]
    pub fda: String,
    #[serde(default)]
    pub nmpa: String,
    #[serde(default)]
    pub cns_activity: String,
    #[serde(default)]
    pub pgp_substrate: String,
    #[serde(default)]
    pub aliases: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub citation: String,
    /// `alk_tki` (a matrix column) or another class; `alk_tki` when the column is absent
    /// (tables written before it existed held ALK TKIs only).
    #[serde(default = "alk_tki")]
    pub class: DrugClass,
    /// Trial and status text for investigational drugs.
    #[serde(default)]
    pub development: String,
}

fn alk_tki() -> DrugClass {
    DrugClass::AlkTki
}

impl Drug {
    /// An ALK TKI: a column of the per-drug matrix.
    pub fn is_alk_tki(&self) -> bool {
        self.class == DrugClass::AlkTki
    }
    /// Not approved anywhere for this use: offered as a trial option, never as a plain call.
    pub fn is_investigational(&self) -> bool {
        self.status == Some(DrugStatus::Investigational)
    }
    pub fn is_approved(&self) -> bool {
        self.status == Some(DrugStatus::Approved)
    }
    pub fn generation_number(&self) -> u32 {
        self.generation.parse().unwrap_or(0)
    }
}

/// What is known of one ALK fusion (partner and variant).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FusionKnowledge {
    pub id: String,
    pub partner: String,
    #[serde(default)]
    pub variant: String,
    #[serde(deserialize_with = "empty_as_none", default)]
    pub partner_exon: Option<u32>,
    #[serde(deserialize_with = "empty_as_none", default)]
    pub alk_exon: Option<u32>,
    #[serde(default)]
    pub aliases: String,
    #[serde(default)]
    pub frequency_note: String,
    #[serde(default)]
    pub clinical_note: String,
    #[serde(default)]
    pub citation: String,
}

impl Alteration {
    /// Whether the row's `not_matched` column excludes this protein change.
    pub fn excludes(&self, protein_short: &str) -> bool {
        self.not_matched
            .split('|')
            .any(|p| !p.trim().is_empty() && normalize_name(p) == normalize_name(protein_short))
    }

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
    pub call: KbCall,
    pub evidence: EvidenceType,
    #[serde(deserialize_with = "empty_as_none")]
    pub ic50_nm: Option<f64>,
    pub citation: String,
    #[serde(default)]
    pub note: String,
    /// Absent in tables written before the column existed: derived from `evidence`
    /// (`EvidenceLevel::from_evidence`).
    #[serde(deserialize_with = "empty_as_none", default)]
    pub level: Option<EvidenceLevel>,
    #[serde(deserialize_with = "empty_as_none", default)]
    pub civic_level: Option<CivicLevel>,
    #[serde(deserialize_with = "empty_as_none", default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub disease: String,
    #[serde(deserialize_with = "empty_as_none", default)]
    pub assertion: Option<Assertion>,
    #[serde(default)]
    pub metric: String,
    #[serde(default)]
    pub value: String,
}

impl Call {
    pub fn level(&self) -> EvidenceLevel {
        self.level
            .unwrap_or_else(|| EvidenceLevel::from_evidence(self.evidence))
    }
    pub fn direction(&self) -> Direction {
        self.direction.unwrap_or(Direction::Supports)
    }
    pub fn assertion(&self) -> Assertion {
        self.assertion.unwrap_or(Assertion::Predictive)
    }
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
    /// `yes: <how>` / `unverified: <why>`; absent = unverified.
    #[serde(deserialize_with = "verified_prefix", default)]
    pub verified: Option<Verified>,
    /// The address of the page the identifier was read on (`yes` rows); absent for
    /// unverified rows and for checks that named the page only in words.
    #[serde(deserialize_with = "empty_as_none", default)]
    pub verified_url: Option<String>,
}

fn verified_prefix<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Verified>, D::Error> {
    let raw: Option<String> = Deserialize::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => Verified::parse_prefixed(text)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

impl Citation {
    /// `Gainor 2016`, from the first author's surname and the year.
    pub fn short(&self) -> String {
        let surname = self.authors.split_whitespace().next().unwrap_or(&self.id);
        format!("{surname} {}", self.year).trim().to_string()
    }
    pub fn is_verified(&self) -> bool {
        self.verified == Some(Verified::Yes)
    }
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

#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    pub name: String,
    pub version: String,
    /// SHA-256 of the KB tables, first 16 hex digits: identifies the exact data used.
    pub checksum: String,
    pub alterations: Vec<Alteration>,
    pub calls: Vec<Call>,
    pub citations: Vec<Citation>,
    pub drugs: Vec<Drug>,
    pub fusions: Vec<FusionKnowledge>,
    /// Agents used only in strategies (MET inhibitors, chemotherapy…): never matrix columns.
    pub partner_drugs: Vec<Drug>,
    pub strategies: Vec<Strategy>,
    /// Where the data came from: `shipped`, or `shipped + <dir>` with `--kb`.
    pub origin: String,
    by_name: HashMap<(String, String), usize>,
    /// Index into `drugs` then `partner_drugs` by id and lower-case alias ([`Self::drug`]).
    drug_by_name: HashMap<String, usize>,
}

fn kb_error(e: Error) -> Error {
    match e {
        Error::Resource { name, message } => Error::KnowledgeBase(format!("{name}: {message}")),
        other => other,
    }
}

/// A table that older KB folders may not have: empty text is no rows.
fn optional_table<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<Vec<T>> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    read_tsv(name, text).map_err(kb_error)
}

impl KnowledgeBase {
    pub fn shipped() -> Result<Self> {
        Self::from_tables(&KbTables::shipped())
    }

    pub fn from_tables(tables: &KbTables) -> Result<Self> {
        let manifest: Vec<ManifestRow> =
            read_tsv("kb/manifest.tsv", &tables.manifest).map_err(kb_error)?;
        let value = |key: &str| {
            manifest
                .iter()
                .find(|r| r.key == key)
                .map(|r| r.value.clone())
                .ok_or_else(|| Error::KnowledgeBase(format!("kb/manifest.tsv: no '{key}' row")))
        };
        let mut hasher = Sha256::new();
        for table in [
            &tables.alterations,
            &tables.calls,
            &tables.citations,
            &tables.drugs,
            &tables.fusions,
            &tables.partner_drugs,
            &tables.strategies,
        ] {
            hasher.update(table.as_bytes());
        }
        let digest = hasher.finalize();
        let checksum = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let mut kb = KnowledgeBase {
            name: value("name")?,
            version: value("version")?,
            checksum,
            alterations: read_tsv("kb/alterations.tsv", &tables.alterations).map_err(kb_error)?,
            calls: read_tsv("kb/calls.tsv", &tables.calls).map_err(kb_error)?,
            citations: read_tsv("kb/citations.tsv", &tables.citations).map_err(kb_error)?,
            drugs: read_tsv("kb/drugs.tsv", &tables.drugs).map_err(kb_error)?,
            fusions: read_tsv("kb/fusions.tsv", &tables.fusions).map_err(kb_error)?,
            partner_drugs: optional_table("kb/partner_drugs.tsv", &tables.partner_drugs)?,
            strategies: optional_table("kb/strategies.tsv", &tables.strategies)?,
            origin: "shipped".into(),
            by_name: HashMap::new(),
            drug_by_name: HashMap::new(),
        };
        kb.index();
        Ok(kb)
    }

    fn index(&mut self) {
        // A drug is looked up for every drug of every sample's verdict: a scan splitting
        // each row's aliases had been 54,000 instructions a sample (issue 15, cohorts).
        self.drug_by_name.clear();
        for (i, drug) in self.drugs.iter().chain(&self.partner_drugs).enumerate() {
            // The id matches as written (a query is lower case); an alias in any case.
            let aliases = drug
                .aliases
                .split('|')
                .map(|a| a.trim().to_ascii_lowercase());
            for key in std::iter::once(drug.drug.clone()).chain(aliases) {
                self.drug_by_name.entry(key).or_insert(i);
            }
        }
        self.by_name.clear();
        for (i, alteration) in self.alterations.iter().enumerate() {
            if alteration.match_kind != MatchKind::Exact {
                continue;
            }
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

    /// `name version (sha256:checksum)`, as written into every output.
    pub fn label(&self) -> String {
        let extended = if self.origin == "shipped" {
            String::new()
        } else {
            format!(", {}", self.origin)
        };
        format!(
            "{} {} (sha256:{}{extended})",
            self.name, self.version, self.checksum
        )
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

    /// The KB match of a protein change, with every call resolved to its citation: an exact
    /// row (short form, HGVS or alias) first, then a row for the codon (`G12` = any change of
    /// Gly12), then a gene-level row (`any` protein-altering change).
    pub fn match_protein(&self, gene: &str, short: &str, hgvs_p: Option<&str>) -> Option<KbMatch> {
        let exact = self
            .find(gene, short)
            .map(|a| {
                let how = if normalize_name(&a.protein_short) == normalize_name(short) {
                    "protein_short"
                } else {
                    "alias"
                };
                (a, how)
            })
            .or_else(|| {
                hgvs_p
                    .and_then(|h| self.find(gene, h))
                    .map(|a| (a, "hgvs_p"))
            });
        if let Some((alteration, how)) = exact {
            if !alteration.excludes(short) {
                return Some(self.kb_match(alteration, how));
            }
        }
        let residue: String = short.chars().take_while(|c| !c.is_ascii_digit()).collect();
        let digits: String = short[residue.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let codon = format!("{residue}{digits}");
        let same_gene = |a: &&Alteration| a.gene.eq_ignore_ascii_case(gene);
        if let Some(a) = self.alterations.iter().filter(same_gene).find(|a| {
            a.match_kind == MatchKind::Codon
                && a.protein_short == codon
                && !digits.is_empty()
                && !a.excludes(short)
        }) {
            return Some(self.kb_match(a, "codon"));
        }
        let altering = !short.ends_with('=');
        self.alterations
            .iter()
            .filter(same_gene)
            .find(|a| a.match_kind == MatchKind::Gene && altering && !a.excludes(short))
            .map(|a| self.kb_match(a, "gene"))
    }

    /// The KB row for a gene-level copy-number call (`amplification`, or `deletion` for a
    /// deep deletion / loss).
    pub fn match_copy_number(&self, gene: &str, call: CnCall) -> Option<KbMatch> {
        let kind = match call {
            CnCall::Amplification => MatchKind::Amplification,
            CnCall::DeepDeletion | CnCall::Loss => MatchKind::Deletion,
            _ => return None,
        };
        self.alterations
            .iter()
            .find(|a| a.gene.eq_ignore_ascii_case(gene) && a.match_kind == kind)
            .map(|a| self.kb_match(a, kind.as_str()))
    }

    /// What the KB knows of a fusion, by partner and variant (`V3` also matches `V3a`/`V3b`
    /// through the aliases); else the partner's generic row, if any.
    pub fn fusion(&self, partner: &str, variant: Option<&str>) -> Option<&FusionKnowledge> {
        let wanted = variant
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let names = |f: &FusionKnowledge| -> Vec<String> {
            std::iter::once(f.variant.as_str())
                .chain(f.aliases.split('|'))
                .map(|n| n.trim().to_ascii_lowercase())
                .collect()
        };
        let same_partner = |f: &&FusionKnowledge| f.partner.eq_ignore_ascii_case(partner);
        self.fusions
            .iter()
            .filter(same_partner)
            .find(|f| !wanted.is_empty() && names(f).contains(&wanted))
            .or_else(|| {
                self.fusions
                    .iter()
                    .filter(same_partner)
                    .find(|f| f.variant.is_empty())
            })
    }

    /// The KB match of a fusion (partner and variant), with the fusion-level calls, if the
    /// KB knows the fusion.
    pub fn match_fusion(&self, partner: &str, variant: Option<&str>) -> Option<KbMatch> {
        self.fusion(partner, variant).map(|k| KbMatch {
            id: k.id.clone(),
            resistance_class: ResistanceClass::FusionContext,
            matched_by: "fusion".into(),
            calls: self.resolved_calls(&k.id),
        })
    }

    /// The single alterations, as changes to genotype from the BAM.
    pub fn hotspot_specs(&self) -> Vec<crate::detect::hotspots::HotspotSpec> {
        self.alterations
            .iter()
            .filter(|a| a.kind == AlterationKind::Single)
            .map(|a| crate::detect::hotspots::HotspotSpec {
                id: a.id.clone(),
                gene: a.gene.clone(),
                protein_short: a.protein_short.clone(),
            })
            .collect()
    }

    /// Attach the KB match of every copy-number finding that has none yet.
    pub fn match_copy_numbers(&self, findings: &mut [crate::model::CopyNumberFinding]) {
        for f in findings.iter_mut().filter(|f| f.kb.is_none()) {
            f.kb = self.match_copy_number(&f.gene, f.call);
        }
    }

    /// A drug of drugs.tsv or partner_drugs.tsv, by name or alias.
    pub fn drug(&self, name: &str) -> Option<&Drug> {
        let trimmed = name.trim();
        let index = if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
            self.drug_by_name.get(&trimmed.to_ascii_lowercase())
        } else {
            self.drug_by_name.get(trimmed)
        };
        let i = *index?;
        match self.drugs.get(i) {
            Some(drug) => Some(drug),
            None => self.partner_drugs.get(i - self.drugs.len()),
        }
    }

    /// Add or replace rows from a user's KB folder (same file names and columns as
    /// resources/kb/; every file optional). Alterations, drugs, fusions and citations replace
    /// rows with the same id; a call replaces the shipped call for the same alteration, drug
    /// and citation. The checksum then covers the user's files too.
    pub fn extend_from_dir(&mut self, dir: &std::path::Path) -> Result<()> {
        if !dir.is_dir() {
            return Err(Error::KnowledgeBase(format!(
                "{}: --kb expects a folder holding any of alterations.tsv, calls.tsv, citations.tsv, drugs.tsv, fusions.tsv, partner_drugs.tsv, strategies.tsv",
                dir.display()
            )));
        }
        let mut hasher = Sha256::new();
        hasher.update(self.checksum.as_bytes());
        let mut found = 0;
        // The tables present, so "no rows" names the files that were read.
        let mut present: Vec<String> = Vec::new();
        let mut read = |name: &str| -> Result<Option<(String, String)>> {
            let path = dir.join(name);
            if !path.exists() {
                return Ok(None);
            }
            present.push(name.to_string());
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::KnowledgeBase(format!("{}: {e}", path.display())))?;
            hasher.update(text.as_bytes());
            Ok(Some((path.display().to_string(), text)))
        };
        if let Some((label, text)) = read("alterations.tsv")? {
            let rows: Vec<Alteration> = read_tsv(&label, &text).map_err(kb_error)?;
            found += rows.len();
            for row in rows {
                self.alterations.retain(|a| a.id != row.id);
                self.alterations.push(row);
            }
        }
        // (file, line, drug) of every user call: checked against drugs.tsv once it is merged.
        let mut user_call_drugs: Vec<(String, usize, String)> = Vec::new();
        if let Some((label, text)) = read("calls.tsv")? {
            let rows: Vec<Call> = read_tsv(&label, &text).map_err(kb_error)?;
            found += rows.len();
            for (row, line) in rows.iter().zip(data_lines(&text)) {
                user_call_drugs.push((label.clone(), line, row.drug.clone()));
            }
            for row in rows {
                self.calls.retain(|c| {
                    !(c.alteration == row.alteration
                        && c.drug == row.drug
                        && c.citation == row.citation)
                });
                self.calls.push(row);
            }
        }
        if let Some((label, text)) = read("citations.tsv")? {
            let rows: Vec<Citation> = read_tsv(&label, &text).map_err(kb_error)?;
            found += rows.len();
            for row in rows {
                self.citations.retain(|c| c.id != row.id);
                self.citations.push(row);
            }
        }
        if let Some((label, text)) = read("drugs.tsv")? {
            let rows: Vec<Drug> = read_tsv(&label, &text).map_err(kb_error)?;
            found += rows.len();
            for row in rows {
                self.drugs.retain(|d| d.drug != row.drug);
                self.drugs.push(row);
            }
        }
        if let Some((label, text)) = read("fusions.tsv")? {
            let rows: Vec<FusionKnowledge> = read_tsv(&label, &text).map_err(kb_error)?;
            found += rows.len();
            for row in rows {
                self.fusions.retain(|f| f.id != row.id);
                self.fusions.push(row);
            }
        }
        if let Some((label, text)) = read("partner_drugs.tsv")? {
            let rows: Vec<Drug> = read_tsv(&label, &text).map_err(kb_error)?;
            found += rows.len();
            for row in rows {
                self.partner_drugs.retain(|d| d.drug != row.drug);
                self.partner_drugs.push(row);
            }
        }
        if let Some((label, text)) = read("strategies.tsv")? {
            let rows: Vec<Strategy> = read_tsv(&label, &text).map_err(kb_error)?;
            found += rows.len();
            for row in rows {
                self.strategies.retain(|s| s.id != row.id);
                self.strategies.push(row);
            }
        }
        // A call for a drug the KB does not know would add that drug to every verdict.
        for (label, line, drug) in &user_call_drugs {
            if self.drug(drug).is_none() {
                return Err(Error::KnowledgeBase(format!(
                    "{label}, line {line}, column 'drug': '{drug}' is not a known drug (known: {}; add it to drugs.tsv)",
                    self.drugs
                        .iter()
                        .map(|d| d.drug.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        if found == 0 {
            let tables = if present.is_empty() {
                "no KB table (alterations.tsv, calls.tsv, …) is there".to_string()
            } else {
                format!("{} hold(s) a header but no rows", present.join(", "))
            };
            return Err(Error::KnowledgeBase(format!(
                "{}: no KB rows found: {tables}",
                dir.display()
            )));
        }
        self.checksum = hasher
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        self.origin = format!("shipped + {}", dir.display());
        self.index();
        Ok(())
    }

    pub fn kb_match(&self, alteration: &Alteration, matched_by: &str) -> KbMatch {
        KbMatch {
            id: alteration.id.clone(),
            resistance_class: alteration.resistance_class,
            matched_by: matched_by.to_string(),
            calls: self.resolved_calls(&alteration.id),
        }
    }

    /// The calls of one alteration (or fusion) id, each with its citation resolved.
    pub fn resolved_calls(&self, id: &str) -> Vec<CitedCall> {
        self.calls
            .iter()
            .filter(|c| c.alteration == id)
            .map(|c| {
                let cited = self.citation(&c.citation);
                CitedCall {
                    drug: c.drug.clone(),
                    call: c.call,
                    evidence: c.evidence,
                    ic50_nm: c.ic50_nm,
                    citation: cited.map_or_else(|| c.citation.clone(), Citation::reference),
                    note: c.note.clone(),
                    level: c.level(),
                    direction: c.direction(),
                    assertion: c.assertion(),
                    disease: c.disease.clone(),
                    metric: c.metric.clone(),
                    value: c.value.clone(),
                    source: cited.map_or_else(|| c.citation.clone(), Citation::short),
                    citation_verified: cited.is_some_and(Citation::is_verified),
                }
            })
            .collect()
    }
}

/// Names compare without `p.`, parentheses or case: `p.(Gly1202Arg)` = `p.gly1202arg`.
fn normalize_name(name: &str) -> String {
    name.trim()
        .trim_start_matches("p.")
        .replace(['(', ')'], "")
        .to_ascii_lowercase()
}

/// 1-based line numbers of a KB table's data rows, as `read_tsv` sees them (blank and `#`
/// lines skipped, the header row first).
fn data_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The drug index finds what the scan of every row's id and aliases finds, for every id
    /// and alias of the shipped KB in any case and padding, and for names it does not hold.
    #[test]
    fn a_drug_is_found_by_the_index_as_by_the_scan() {
        let kb = KnowledgeBase::shipped().unwrap();
        let scan = |name: &str| {
            let name = name.trim().to_ascii_lowercase();
            kb.drugs.iter().chain(&kb.partner_drugs).find(|d| {
                d.drug == name
                    || d.aliases
                        .split('|')
                        .any(|a| a.trim().eq_ignore_ascii_case(&name))
            })
        };
        let mut queries: Vec<String> =
            vec!["".into(), " ".into(), "unobtainium".into(), "ALK".into()];
        for drug in kb.drugs.iter().chain(&kb.partner_drugs) {
            for name in std::iter::once(drug.drug.as_str()).chain(drug.aliases.split('|')) {
                queries.extend([
                    name.to_string(),
                    name.to_ascii_uppercase(),
                    format!("  {name}\t"),
                    format!("{name}x"),
                ]);
            }
        }
        assert!(queries.len() > 80, "{} queries", queries.len());
        for query in &queries {
            let (indexed, scanned) = (kb.drug(query), scan(query));
            assert_eq!(
                indexed.map(|d| &d.drug),
                scanned.map(|d| &d.drug),
                "{query:?}"
            );
        }
        assert!(kb.drug("Lorlatinib").is_some() && kb.drug("unobtainium").is_none());
    }

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
    fn the_not_matched_column_keeps_p72r_off_the_tp53_row() {
        let kb = KnowledgeBase::shipped().unwrap();
        assert_eq!(
            kb.match_protein("TP53", "R175H", Some("p.Arg175His"))
                .map(|m| m.id),
            Some("TP53:any".to_string())
        );
        assert!(kb
            .match_protein("TP53", "P72R", Some("p.Pro72Arg"))
            .is_none());
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
