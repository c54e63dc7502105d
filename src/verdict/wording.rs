//! How a drug's call is worded, once, for every renderer (JSON `display`, HTML chips, the
//! summary sentence, the per-finding TSV): an investigational drug that is not resistant
//! is a trial option with its development status and evidence level, never a plain
//! "sensitive".

use super::model::{DrugCall, DrugVerdict, Verdict};
use crate::model::{Assertion, CitedCall, EvidenceLevel};

/// Whether a call for a drug is shown as a trial option.
pub fn is_trial_option(investigational: bool, call: DrugCall) -> bool {
    investigational
        && matches!(
            call,
            DrugCall::Sensitive | DrugCall::Intermediate | DrugCall::NoKnownResistance
        )
}

/// `trial option (investigational, phase 1/2 ALKOVE-1, preclinical in-vitro evidence)`.
/// No `;` inside (the TSV joins calls with `;`).
pub fn trial_option(development: &str, level: Option<EvidenceLevel>) -> String {
    let basis = match level {
        Some(level) if !level.is_clinical() => {
            format!("preclinical {} evidence", level.label())
        }
        Some(level) => format!("{} evidence", level.label()),
        None => "no evidence for the sample's alterations".into(),
    };
    let development = development.replace(';', ",");
    let development = development.trim();
    if development.is_empty() {
        format!("trial option (investigational, {basis})")
    } else {
        format!("trial option (investigational, {development}, {basis})")
    }
}

/// Whether a citation's PMID/DOI was checked on the paper's own page, as every report
/// marks an evidence line or reference: `identifier verified` / `identifier unverified`
/// (HTML evidence lines, the per-finding TSV `citations` cell; JSON has `citation_verified`).
pub fn citation_mark(verified: bool) -> &'static str {
    if verified {
        "identifier verified"
    } else {
        "identifier unverified"
    }
}

/// The call as every report shows it: `sensitive`, `intermediate (conflict)`, or the
/// trial-option wording.
pub fn drug_display(verdict: &DrugVerdict) -> String {
    if verdict.trial_option {
        trial_option(&verdict.development, verdict.level)
    } else if verdict.conflict {
        format!("{} (conflict)", verdict.call.label())
    } else {
        verdict.call.label().to_string()
    }
}

impl Verdict {
    /// The drug verdict of one drug (a matrix column or another drug with calls).
    pub fn drug(&self, name: &str) -> Option<&DrugVerdict> {
        self.drugs
            .iter()
            .chain(&self.other_drugs)
            .find(|d| d.drug == name)
    }

    /// One KB call of a finding as the per-finding TSV shows it: `lorlatinib:sensitive`,
    /// `neladalkib:trial option (investigational, …, preclinical in-vitro evidence)`,
    /// `prognostic(crizotinib)` (a prognostic row is no drug call).
    pub fn finding_call(&self, call: &CitedCall) -> String {
        if call.assertion == Assertion::Prognostic {
            return format!("prognostic({})", call.drug);
        }
        let drug = self.drug(&call.drug);
        let investigational = drug.is_some_and(|d| d.status == "investigational");
        if is_trial_option(investigational, call.call.into()) {
            let development = drug.map_or("", |d| d.development.as_str());
            format!(
                "{}:{}",
                call.drug,
                trial_option(development, Some(call.level))
            )
        } else {
            format!("{}:{}", call.drug, call.call)
        }
    }
}
