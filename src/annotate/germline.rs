//! Germline awareness: a change that is common in the population (by the frequency the VCF
//! carries, or on the shipped list of known polymorphisms) is not a somatic driver and never
//! drives a KB match or a drug call.

use serde::Deserialize;

use crate::error::Result;
use crate::resources::read_tsv;

const GERMLINE_COMMON_TSV: &str = include_str!("../../resources/germline_common.tsv");

/// At or above this population frequency a variant is common: dbSNP's definition of a
/// common variant (minor allele frequency ≥ 1% in a major population).
pub const COMMON_FREQUENCY: f64 = 0.01;

#[derive(Debug, Clone, Deserialize)]
struct KnownPolymorphism {
    gene: String,
    protein_short: String,
    rsid: String,
    source: String,
}

/// The shipped list of known common polymorphisms (resources/germline_common.tsv).
#[derive(Debug, Clone)]
pub struct GermlineList {
    rows: Vec<KnownPolymorphism>,
}

impl GermlineList {
    pub fn shipped() -> Result<Self> {
        Ok(GermlineList {
            rows: read_tsv("germline_common.tsv", GERMLINE_COMMON_TSV)?,
        })
    }

    /// Why a change is germline/common, if it is: the shipped list first, then the
    /// population frequency the input gives.
    pub fn reason(
        &self,
        gene: &str,
        protein_short: Option<&str>,
        population_af: Option<&(String, f64)>,
    ) -> Option<String> {
        if let Some(known) = protein_short.and_then(|p| {
            self.rows
                .iter()
                .find(|r| r.gene.eq_ignore_ascii_case(gene) && r.protein_short == p)
        }) {
            return Some(format!(
                "common germline polymorphism {} {} ({}; {})",
                known.gene, known.protein_short, known.rsid, known.source
            ));
        }
        population_af
            .filter(|(_, af)| *af >= COMMON_FREQUENCY)
            .map(|(key, af)| {
                format!(
                    "common in the population ({key}={af}, at or above {COMMON_FREQUENCY}): likely germline"
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p72r_is_on_the_list_and_frequencies_decide_the_rest() {
        let list = GermlineList::shipped().unwrap();
        assert!(list
            .reason("TP53", Some("P72R"), None)
            .unwrap()
            .contains("rs1042522"));
        assert!(list.reason("TP53", Some("R175H"), None).is_none());
        let common = ("gnomAD_AF".to_string(), 0.2);
        let rare = ("gnomAD_AF".to_string(), 0.00001);
        assert!(list.reason("KIT", None, Some(&common)).is_some());
        assert!(list.reason("KIT", None, Some(&rare)).is_none());
    }
}
