//! The combination rule (docs/kb-evidence.md): the KB rows of one alteration for one drug
//! become one call. The strongest evidence level present decides; disagreement at that
//! level is a conflict whose headline is the more cautious call; weaker rows never change
//! the call but are named when they disagree; a `does_not_support` row at the deciding
//! level against the call is a conflict too.

use super::model::{DrugCall, EvidenceLine};
use crate::model::{Direction, EvidenceLevel, KbCall};

/// What the rows of one alteration add up to for one drug.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub call: DrugCall,
    pub level: Option<EvidenceLevel>,
    pub conflict: bool,
    /// `intermediate: decided by in-vitro evidence (Gainor 2016, IC50 nM 117.6), which
    /// conflicts with …`.
    pub reason: String,
}

/// `Gainor 2016, IC50 nM 117.6, Ba/F3 EML4-ALK`.
fn describe(line: &EvidenceLine) -> String {
    let mut text = line.source.clone();
    if !line.metric.is_empty() {
        text.push_str(&format!(", {} {}", line.metric, line.value));
    }
    if !line.disease.is_empty() {
        text.push_str(&format!(", {}", line.disease));
    }
    text
}

fn describe_against(line: &EvidenceLine) -> String {
    match line.direction {
        Direction::Supports => format!("{} ({})", line.call, describe(line)),
        Direction::DoesNotSupport => {
            format!(
                "a study finding no {} effect ({})",
                line.call,
                describe(line)
            )
        }
    }
}

/// Combine the rows of one alteration; marks the deciding rows in `lines`.
pub fn decide(lines: &mut [EvidenceLine]) -> Decision {
    // A level decides only through rows that support a call; a level holding nothing but
    // `does_not_support` rows conflicts with the call decided below it.
    let Some(top) = lines
        .iter()
        .filter(|l| l.direction == Direction::Supports)
        .map(|l| l.level)
        .max()
    else {
        return Decision {
            call: if lines.is_empty() {
                DrugCall::Unknown
            } else {
                DrugCall::NoKnownResistance
            },
            level: None,
            conflict: false,
            reason: if lines.is_empty() {
                String::new()
            } else {
                "no known resistance: the only rows tested for an effect and found none".into()
            },
        };
    };
    let supports: Vec<KbCall> = lines
        .iter()
        .filter(|l| l.level == top && l.direction == Direction::Supports)
        .map(|l| l.call)
        .collect();
    let call = *supports
        .iter()
        .max()
        .expect("at least one row at the top level");
    for line in lines.iter_mut() {
        line.deciding = line.level == top;
    }
    let deciding: Vec<&EvidenceLine> = lines
        .iter()
        .filter(|l| l.level == top && l.direction == Direction::Supports && l.call == call)
        .collect();
    // Disagreeing at the deciding level or above (a stronger study finding no effect).
    let against: Vec<&EvidenceLine> = lines
        .iter()
        .filter(|l| l.level >= top)
        .filter(|l| match l.direction {
            Direction::Supports => l.call != call,
            Direction::DoesNotSupport => l.call == call,
        })
        .collect();
    let weaker: Vec<&EvidenceLine> = lines
        .iter()
        .filter(|l| l.level < top && l.direction == Direction::Supports && l.call != call)
        .collect();
    let mut reason = format!(
        "{call}: decided by {} evidence ({})",
        top.label(),
        deciding
            .iter()
            .map(|l| describe(l))
            .collect::<Vec<_>>()
            .join("; ")
    );
    if !against.is_empty() {
        reason.push_str(&format!(
            ", which conflicts with {}; the more cautious call is shown",
            against
                .iter()
                .map(|l| describe_against(l))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if !weaker.is_empty() {
        reason.push_str(&format!(
            "; weaker evidence disagrees: {}",
            weaker
                .iter()
                .map(|l| format!("{} {}", l.level.label(), describe_against(l)))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if top == EvidenceLevel::CaseReport && deciding.len() == 1 {
        reason.push_str("; low confidence: a single case report");
    }
    Decision {
        call: call.into(),
        level: Some(top),
        conflict: !against.is_empty(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EvidenceType;

    fn line(
        call: KbCall,
        level: EvidenceLevel,
        direction: Direction,
        source: &str,
    ) -> EvidenceLine {
        EvidenceLine {
            alteration: "ALK X".into(),
            call,
            evidence: EvidenceType::Preclinical,
            ic50_nm: None,
            citation: String::new(),
            note: String::new(),
            level,
            direction,
            disease: String::new(),
            metric: String::new(),
            value: String::new(),
            source: source.into(),
            citation_verified: false,
            deciding: false,
        }
    }

    use Direction::{DoesNotSupport, Supports};
    use EvidenceLevel::{CaseReport, ClinicalCohort, InVitro};
    use KbCall::{Intermediate, Resistant, Sensitive};

    #[test]
    fn the_strongest_level_decides_and_weaker_rows_are_named() {
        let mut rows = [
            line(Sensitive, InVitro, Supports, "Lab 2016"),
            line(Resistant, CaseReport, Supports, "Case 2016"),
        ];
        let d = decide(&mut rows);
        assert_eq!(d.call, DrugCall::Resistant);
        assert_eq!(d.level, Some(CaseReport));
        assert!(!d.conflict);
        assert!(d
            .reason
            .contains("weaker evidence disagrees: in-vitro sensitive (Lab 2016)"));
        assert!(d.reason.contains("single case report"), "{}", d.reason);
        assert!(rows[1].deciding && !rows[0].deciding);
    }

    #[test]
    fn disagreement_at_the_deciding_level_is_a_conflict_with_the_cautious_call() {
        let mut rows = [
            line(Sensitive, InVitro, Supports, "A 2011"),
            line(Intermediate, InVitro, Supports, "B 2016"),
        ];
        let d = decide(&mut rows);
        assert_eq!(d.call, DrugCall::Intermediate);
        assert!(d.conflict);
        assert!(d
            .reason
            .starts_with("intermediate: decided by in-vitro evidence (B 2016)"));
        assert!(
            d.reason.contains("conflicts with sensitive (A 2011)"),
            "{}",
            d.reason
        );
    }

    #[test]
    fn a_does_not_support_row_at_the_deciding_level_is_a_conflict_never_the_opposite_call() {
        let mut rows = [
            line(Resistant, ClinicalCohort, Supports, "Z 2017"),
            line(Resistant, ClinicalCohort, DoesNotSupport, "L 2019"),
        ];
        let d = decide(&mut rows);
        assert_eq!(d.call, DrugCall::Resistant);
        assert!(d.conflict);
        assert!(
            d.reason.contains("no resistant effect (L 2019)"),
            "{}",
            d.reason
        );
        let mut only_against = [line(Resistant, ClinicalCohort, DoesNotSupport, "L 2019")];
        assert_eq!(decide(&mut only_against).call, DrugCall::NoKnownResistance);
    }
}
