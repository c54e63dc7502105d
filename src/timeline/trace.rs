//! Every finding of a patient traced across the patient's samples: pre-existing (at the first
//! sample), acquired (new at a progression, under the TKI given since the previous sample),
//! cleared (not detected at a later sample that assessed it), with its VAF, fusion fraction or
//! copy number at each point. Findings are named as the per-sample verdict names them.

use serde::Serialize;

use super::PatientRun;
use crate::model::MechanismClass;
use crate::report::SampleReport;
use crate::verdict::{fusion_label, label as small_label, DrugCall};

/// What a sample said about one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointStatus {
    Detected,
    /// Assessed (the sample had an input of the finding's kind) and not found.
    NotDetected,
    /// The sample had no input that could show it, or the sample failed.
    NotAssessed,
}

/// What kind of finding a track follows; it decides which inputs could have shown it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackKind {
    SmallVariant,
    /// Mutations in cis, traced as one finding.
    Compound,
    Fusion,
    CopyNumber,
    /// A mechanism with no finding of its own (e.g. `TP53 + RB1 inactivation`).
    Other,
}

impl TrackKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SmallVariant => "small_variant",
            Self::Compound => "compound",
            Self::Fusion => "fusion",
            Self::CopyNumber => "copy_number",
            Self::Other => "other",
        }
    }

    /// What a point's value means for this kind (empty: no value).
    pub fn value_kind(self) -> &'static str {
        match self {
            Self::SmallVariant | Self::Compound => "VAF",
            Self::Fusion => "fusion fraction",
            Self::CopyNumber => "copy number",
            Self::Other => "",
        }
    }
}

/// Whether a finding was there from the patient's first sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    PreExisting,
    Acquired,
    /// First seen after the first sample, but no earlier sample could have shown it (no
    /// input of its kind): new or pre-existing cannot be told.
    Undetermined,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PreExisting => "pre_existing",
            Self::Acquired => "acquired",
            Self::Undetermined => "undetermined",
        }
    }

    /// As a reader writes it: `pre-existing`, `acquired`.
    pub fn text(self) -> &'static str {
        match self {
            Self::PreExisting => "pre-existing",
            Self::Acquired => "acquired",
            Self::Undetermined => "origin undetermined (not assessed before)",
        }
    }
}

/// Alt/total counts of a finding at its position in an earlier sample's BAM.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recheck {
    pub bam: String,
    pub alt_count: u32,
    pub depth: u32,
    pub vaf: Option<f64>,
    pub detected: bool,
    pub threshold: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub sample: String,
    pub status: PointStatus,
    /// VAF, fusion fraction or copy number (see the track's `value_kind`).
    pub value: Option<f64>,
    pub alt_count: Option<u32>,
    pub depth: Option<u32>,
    pub detail: String,
    pub recheck: Option<Recheck>,
}

/// One finding across the samples.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Track {
    /// As in the per-sample verdict: `ALK G1202R`, `EML4-ALK V3 (E6;A20)`, `MET amplification`,
    /// `ALK G1202R + ALK L1196M (in cis)`.
    pub label: String,
    pub kind: TrackKind,
    /// The verdict's class of the finding.
    pub class: MechanismClass,
    pub kb_id: Option<String>,
    /// `VAF`, `fusion fraction`, `copy number`, or empty.
    pub value_kind: &'static str,
    pub points: Vec<Point>,
    /// Pre-existing (at the first sample) or acquired; `None` until classified.
    pub origin: Option<Origin>,
    /// The sample where it was first detected.
    pub first_detected: String,
    /// The TKI given between the previous sample and the first detection (acquired ones).
    pub acquired_under: Option<String>,
    /// The first later sample that assessed it and did not find it.
    pub cleared_at: Option<String>,
    /// Drugs the per-sample verdict called resistant because of it, where first detected.
    pub resistant_to: Vec<String>,
    /// Pre-existing and conferring resistance to the first TKI given.
    pub primary_resistance_factor: bool,
}

/// A compound mutation's path: which of its mutations were there at each sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathStep {
    pub sample: String,
    pub after: Option<String>,
    pub present: Vec<String>,
    pub in_cis: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompoundPath {
    pub compound: String,
    pub steps: Vec<PathStep>,
}

const CIS: &str = " (in cis)";

fn cn_label(c: &crate::report::CopyNumberFinding) -> String {
    format!("{} {}", c.gene, c.call.as_str().replace('_', " "))
}

/// A finding's point in one sample's report.
fn observe(report: &SampleReport, label: &str) -> Option<(TrackKind, Point)> {
    let point = |value, alt_count, depth, detail: String| Point {
        sample: report.sample.clone(),
        status: PointStatus::Detected,
        value,
        alt_count,
        depth,
        detail,
        recheck: None,
    };
    if let Some(f) = report.findings.iter().find(|f| small_label(f) == label) {
        let detail = match (f.alt_depth, f.depth) {
            (Some(a), Some(d)) => format!("{a}/{d} reads ({})", f.source),
            _ => f.source.clone(),
        };
        return Some((
            TrackKind::SmallVariant,
            point(f.vaf, f.alt_depth, f.depth, detail),
        ));
    }
    if let Some(f) = report.fusions.iter().find(|f| fusion_label(f) == label) {
        let support = [
            f.split_reads.map(|n| format!("{n} split")),
            f.discordant_pairs.map(|n| format!("{n} discordant")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        let detail = format!("{} {support}", f.source).trim().to_string();
        return Some((
            TrackKind::Fusion,
            point(f.fusion_fraction, None, None, detail),
        ));
    }
    if let Some(c) = report.copy_number.iter().find(|c| cn_label(c) == label) {
        let detail = format!("{} ({})", c.method, c.threshold);
        return Some((
            TrackKind::CopyNumber,
            point(c.copy_number, None, None, detail),
        ));
    }
    let in_sample = report.verdict.mechanisms.iter().any(|m| m.label == label);
    if let Some(parts) = label.strip_suffix(CIS).filter(|_| in_sample) {
        let vafs: Vec<f64> = parts
            .split(" + ")
            .filter_map(|p| report.findings.iter().find(|f| small_label(f) == p))
            .filter_map(|f| f.vaf)
            .collect();
        // A compound is at most as frequent as its rarer mutation.
        let value = vafs.iter().copied().reduce(f64::min);
        let phase = report
            .verdict
            .compounds
            .iter()
            .find(|c| c.components.join(" + ") == parts)
            .map(|c| format!("in cis by {}", c.phase_source))
            .unwrap_or_default();
        return Some((TrackKind::Compound, point(value, None, None, phase)));
    }
    None
}

/// Whether a sample could have shown a finding of this kind.
fn assessed(run: &PatientRun<'_>, i: usize, kind: TrackKind) -> bool {
    let inputs = run.inputs[i];
    if run.reports[i].is_none() {
        return false;
    }
    match kind {
        TrackKind::SmallVariant | TrackKind::Compound => {
            inputs.vcf.is_some() || inputs.bam.is_some()
        }
        TrackKind::Fusion => {
            inputs.bam.is_some()
                || !inputs.sv.is_empty()
                || !inputs.arriba.is_empty()
                || !inputs.star_fusion.is_empty()
        }
        TrackKind::CopyNumber => inputs.bam.is_some() || !inputs.cnv.is_empty(),
        TrackKind::Other => true,
    }
}

/// Trace every finding of every sample (in the order first seen).
pub fn trace(run: &PatientRun<'_>) -> Vec<Track> {
    let mut labels: Vec<(String, MechanismClass, Option<String>)> = Vec::new();
    for report in run.reports.iter().flatten() {
        for m in &report.verdict.mechanisms {
            if !labels.iter().any(|(l, ..)| l == &m.label) {
                labels.push((m.label.clone(), m.class, m.kb_id.clone()));
            }
        }
    }
    let mut tracks = Vec::new();
    for (label, class, kb_id) in labels {
        let mut kind = TrackKind::Other;
        let mut points = Vec::new();
        for (i, report) in run.reports.iter().enumerate() {
            let seen = report.and_then(|r| observe(r, &label).or_else(|| mentioned(r, &label)));
            match seen {
                Some((k, p)) => {
                    if kind == TrackKind::Other {
                        kind = k;
                    }
                    points.push(p);
                }
                None => points.push(Point {
                    sample: run.patient.samples[i].sample.clone(),
                    status: PointStatus::NotDetected,
                    value: None,
                    alt_count: None,
                    depth: None,
                    detail: String::new(),
                    recheck: None,
                }),
            }
        }
        for (i, p) in points.iter_mut().enumerate() {
            if p.status == PointStatus::NotDetected && !assessed(run, i, kind) {
                p.status = PointStatus::NotAssessed;
                p.detail = if run.reports[i].is_none() {
                    "sample failed".into()
                } else {
                    "no input of this kind".into()
                };
            }
        }
        tracks.push(Track {
            label,
            kind,
            class,
            kb_id,
            value_kind: kind.value_kind(),
            points,
            origin: None,
            first_detected: String::new(),
            acquired_under: None,
            cleared_at: None,
            resistant_to: Vec::new(),
            primary_resistance_factor: false,
        });
    }
    tracks
}

/// A mechanism with no finding behind it (e.g. `TP53 + RB1 inactivation`): present, no value.
fn mentioned(report: &SampleReport, label: &str) -> Option<(TrackKind, Point)> {
    report
        .verdict
        .mechanisms
        .iter()
        .any(|m| m.label == label)
        .then(|| {
            (
                TrackKind::Other,
                Point {
                    sample: report.sample.clone(),
                    status: PointStatus::Detected,
                    value: None,
                    alt_count: None,
                    depth: None,
                    detail: String::new(),
                    recheck: None,
                },
            )
        })
}

/// Origin, acquisition drug, clearance, and the drugs each finding made resistant, once the
/// points are final (after any BAM re-check).
pub fn classify(run: &PatientRun<'_>, tracks: &mut [Track]) {
    let first_drug = run.drugs_since_previous.iter().flatten().next().cloned();
    for t in tracks.iter_mut() {
        let detected = |p: &Point| {
            p.status == PointStatus::Detected || p.recheck.as_ref().is_some_and(|r| r.detected)
        };
        let Some(first) = t.points.iter().position(detected) else {
            continue;
        };
        t.first_detected = t.points[first].sample.clone();
        // Acquired only against an earlier sample that was assessed and did not show it.
        let absent_before = t.points[..first]
            .iter()
            .any(|p| p.status == PointStatus::NotDetected);
        t.origin = Some(match (first, absent_before) {
            (0, _) => Origin::PreExisting,
            (_, true) => Origin::Acquired,
            (_, false) => Origin::Undetermined,
        });
        if first > 0 && absent_before {
            t.acquired_under = run.drugs_since_previous[first].clone();
        }
        t.cleared_at = t
            .points
            .iter()
            .skip(first + 1)
            .find(|&p| p.status == PointStatus::NotDetected && !detected(p))
            .map(|p| p.sample.clone());
        // The verdict of the first sample with the finding itself (not only a re-check).
        if let Some(report) = t
            .points
            .iter()
            .position(|p| p.status == PointStatus::Detected)
            .and_then(|i| run.reports[i])
        {
            t.resistant_to = report
                .verdict
                .drugs
                .iter()
                .filter(|d| {
                    d.evidence.iter().any(|e| {
                        e.alteration.starts_with(&t.label)
                            && e.call == crate::model::KbCall::Resistant
                    }) && d.call == DrugCall::Resistant
                })
                .map(|d| d.drug.clone())
                .collect();
        }
        t.primary_resistance_factor = t.origin == Some(Origin::PreExisting)
            && first_drug
                .as_ref()
                .is_some_and(|d| t.resistant_to.contains(d));
    }
}

/// Each in-cis compound's path: the samples from the first of its mutations to the compound.
pub fn compound_paths(run: &PatientRun<'_>, tracks: &[Track]) -> Vec<CompoundPath> {
    let mut paths = Vec::new();
    for t in tracks.iter().filter(|t| t.kind == TrackKind::Compound) {
        let Some(parts) = t.label.strip_suffix(CIS) else {
            continue;
        };
        let parts: Vec<&str> = parts.split(" + ").collect();
        let mut steps: Vec<PathStep> = Vec::new();
        for (i, sample) in run.patient.samples.iter().enumerate() {
            let present: Vec<String> = parts
                .iter()
                .filter(|p| {
                    tracks
                        .iter()
                        .any(|o| o.label == **p && o.points[i].status == PointStatus::Detected)
                })
                .map(|p| p.to_string())
                .collect();
            let in_cis = t.points[i].status == PointStatus::Detected;
            let changed = steps
                .last()
                .is_none_or(|s| s.present != present || s.in_cis != in_cis);
            if !present.is_empty() && changed {
                steps.push(PathStep {
                    sample: sample.sample.clone(),
                    after: run.drugs_since_previous[i].clone(),
                    present,
                    in_cis,
                });
            }
        }
        if steps.len() > 1 {
            paths.push(CompoundPath {
                compound: t.label.clone(),
                steps,
            });
        }
    }
    paths
}
