//! Timeline TSV (one row per finding × sample) and the per-patient MultiQC table.

use std::io::Write;

use super::{Origin, PointStatus, Timeline};
use crate::model::MechanismClass;

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn number(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.4}")).unwrap_or_default()
}

pub const COLUMNS: [&str; 20] = [
    "patient",
    "alteration",
    "kind",
    "class",
    "origin",
    "first_detected",
    "acquired_under",
    "cleared_at",
    "resistant_to",
    "sample",
    "order",
    "timepoint",
    "tki_since_previous",
    "status",
    "value_kind",
    "value",
    "alt_count",
    "depth",
    "recheck",
    "detail",
];

pub fn write(t: &Timeline, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "# alkres {} timeline; KB {}",
        t.alkres_version,
        clean(&t.kb)
    )?;
    writeln!(out, "{}", COLUMNS.join("\t"))?;
    for track in &t.tracks {
        for (point, sample) in track.points.iter().zip(&t.samples) {
            let status = match point.status {
                PointStatus::Detected => "detected",
                PointStatus::NotDetected => "not_detected",
                PointStatus::NotAssessed => "not_assessed",
            };
            let recheck = point
                .recheck
                .as_ref()
                .map(|r| {
                    format!(
                        "{}/{} {}",
                        r.alt_count,
                        r.depth,
                        if r.detected {
                            "detected"
                        } else {
                            "below detection"
                        }
                    )
                })
                .unwrap_or_default();
            let row = [
                clean(&t.patient),
                clean(&track.label),
                track.kind.as_str().to_string(),
                track.class.to_string(),
                track
                    .origin
                    .map(|o| o.as_str().to_string())
                    .unwrap_or_default(),
                clean(&track.first_detected),
                track.acquired_under.clone().unwrap_or_default(),
                track.cleared_at.as_deref().map(clean).unwrap_or_default(),
                track.resistant_to.join(";"),
                clean(&sample.sample),
                sample
                    .date
                    .clone()
                    .or(sample.index.map(|i| i.to_string()))
                    .unwrap_or_default(),
                sample.timepoint.clone().unwrap_or_default(),
                sample.tki_since_previous.clone().unwrap_or_default(),
                status.to_string(),
                track.value_kind.to_string(),
                number(point.value),
                point.alt_count.map(|n| n.to_string()).unwrap_or_default(),
                point.depth.map(|n| n.to_string()).unwrap_or_default(),
                recheck,
                clean(&point.detail),
            ];
            writeln!(out, "{}", row.join("\t"))?;
        }
    }
    Ok(())
}

/// `patients.alkres_timeline_mqc.tsv`: one MultiQC row per patient.
pub fn write_multiqc(timelines: &[Timeline], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "# id: 'alkres_timeline'")?;
    writeln!(
        out,
        "# section_name: 'alkres: resistance timeline per patient'"
    )?;
    writeln!(
        out,
        "# description: 'Alterations acquired and pre-existing across each patient''s samples, the TKIs they ruled out in order, and those that remain. Decision support, not a prescription.'"
    )?;
    writeln!(out, "# plot_type: 'table'")?;
    writeln!(out, "# pconfig:")?;
    writeln!(out, "#     id: 'alkres_timeline_table'")?;
    writeln!(out, "#     namespace: 'alkres'")?;
    writeln!(
        out,
        "Patient\tsamples\tpre_existing\tacquired\truled_out\tremaining"
    )?;
    for t in timelines {
        let of = |origin: Origin| {
            let labels: Vec<String> = t
                .tracks
                .iter()
                .filter(|k| k.class != MechanismClass::Fusion)
                .filter(|k| {
                    // Undetermined ones are listed with the acquired, saying so.
                    k.origin == Some(origin)
                        || (origin == Origin::Acquired && k.origin == Some(Origin::Undetermined))
                })
                .map(|k| match (&k.acquired_under, k.origin) {
                    (_, Some(Origin::Undetermined)) => format!(
                        "{} (first seen at {}; not assessed before)",
                        k.label, k.first_detected
                    ),
                    (Some(d), _) => format!("{} (under {d})", k.label),
                    (None, _) => k.label.clone(),
                })
                .collect();
            if labels.is_empty() {
                "none".to_string()
            } else {
                labels.join("; ")
            }
        };
        let ruled: Vec<String> = t
            .verdict
            .ruled_out
            .iter()
            .map(|r| format!("{} ({})", r.drug, r.at_sample))
            .collect();
        let remaining: Vec<String> = t
            .verdict
            .remaining
            .iter()
            .filter(|r| !r.already_given)
            .map(|r| r.drug.clone())
            .collect();
        let row = [
            clean(&t.patient),
            t.samples.len().to_string(),
            clean(&of(Origin::PreExisting)),
            clean(&of(Origin::Acquired)),
            clean(&ruled.join(" > ")),
            clean(&remaining.join("; ")),
        ];
        writeln!(out, "{}", row.join("\t"))?;
    }
    Ok(())
}
