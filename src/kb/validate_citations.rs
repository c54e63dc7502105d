//! Checks of citations.tsv's `verified` and `verified_url` columns: a verified identifier
//! names the page it was read on, and that page is the paper's own (PubMed, PMC, DOI
//! landing or publisher page), not a page of another paper.

use super::{Citation, KnowledgeBase};

/// Problems that fail `alkres kb validate`.
pub fn problems(kb: &KnowledgeBase) -> Vec<String> {
    kb.citations.iter().flat_map(citation_problems).collect()
}

fn citation_problems(c: &Citation) -> Vec<String> {
    let mut out = Vec::new();
    let Some(url) = c.verified_url.as_deref() else {
        return out;
    };
    let at = format!("citations: {}", c.id);
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        out.push(format!(
            "{at}: verified_url '{url}' is not an http(s) address"
        ));
        return out;
    }
    if !c.is_verified() {
        out.push(format!(
            "{at}: verified_url set but verified is not 'yes: …' (the address is of the page that verified the identifier)"
        ));
    }
    // A PubMed or DOI address carries the identifier itself: it must be this paper's.
    if let Some(pmid) = pubmed_id(url) {
        if c.pmid.as_deref() != Some(pmid) {
            out.push(format!(
                "{at}: verified_url is PubMed record {pmid} but the pmid column is '{}'",
                c.pmid.as_deref().unwrap_or("")
            ));
        }
    }
    if let Some(doi) = url.split("doi.org/").nth(1) {
        let same = c
            .doi
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case(doi));
        if !same {
            out.push(format!(
                "{at}: verified_url is DOI {doi} but the doi column is '{}'",
                c.doi.as_deref().unwrap_or("")
            ));
        }
    }
    out
}

/// `31585938` from `https://pubmed.ncbi.nlm.nih.gov/31585938/`, its stored-copy spelling, or
/// `https://www.ncbi.nlm.nih.gov/pubmed/31585938`.
fn pubmed_id(url: &str) -> Option<&str> {
    // Stored copies may spell the host with a trailing dot (`pubmed.ncbi.nlm.nih.gov./`).
    let rest = url
        .split("pubmed.ncbi.nlm.nih.gov/")
        .nth(1)
        .or_else(|| url.split("pubmed.ncbi.nlm.nih.gov./").nth(1))
        .or_else(|| url.split("ncbi.nlm.nih.gov/pubmed/").nth(1))?;
    let id = rest.trim_end_matches('/');
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

/// Warned, not failed: verified citations whose page address was not recorded (checks of
/// earlier sessions that named the page only in words).
pub fn warnings(kb: &KnowledgeBase) -> Vec<String> {
    let missing: Vec<&str> = kb
        .citations
        .iter()
        .filter(|c| c.is_verified() && c.verified_url.is_none())
        .map(|c| c.id.as_str())
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "{} verified citations record no verified_url (the page is named in 'verified' only): {}",
        missing.len(),
        missing.join(", ")
    )]
}
