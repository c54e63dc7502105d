//! A small variant below detection in one sample but present later is re-checked in the
//! earlier sample's BAM, at its knowledge-base codon, by the BAM hotspot genotyper (same read
//! filters and detection threshold as `alkres run`), and reported with its alt/total counts.

use std::collections::BTreeMap;

use super::trace::{PointStatus, Recheck, Track, TrackKind};
use super::PatientRun;
use crate::detect::hotspots::{genotype_hotspots_with, place_hotspots, HotspotOptions};
use crate::genome::{Build, KnownSequence};
use crate::kb::KnowledgeBase;
use crate::transcript::TranscriptSet;

/// (gene, protein short form) of a small-variant track, e.g. (`ALK`, `G1202R`).
fn gene_change(t: &Track) -> Option<(&str, &str)> {
    (t.kind == TrackKind::SmallVariant)
        .then(|| t.label.split_once(' '))
        .flatten()
}

/// Fill `recheck` on every earlier not-detected point that has a BAM. Returns notes on
/// re-checks that could not be made (no KB position, unreadable BAM), so nothing is silent.
pub fn recheck(run: &PatientRun<'_>, tracks: &mut [Track], kb: &KnowledgeBase) -> Vec<String> {
    // The same read filters and detection threshold as `alkres run`'s hotspot genotyping.
    let options = HotspotOptions::default();
    let mut notes = Vec::new();
    // sample index → (gene, change) to genotype there
    let mut wanted: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for t in tracks.iter() {
        let Some((gene, change)) = gene_change(t) else {
            continue;
        };
        let Some(last) = t
            .points
            .iter()
            .rposition(|p| p.status == PointStatus::Detected)
        else {
            continue;
        };
        for (i, p) in t.points.iter().enumerate().take(last) {
            if p.status == PointStatus::NotDetected && run.inputs[i].bam.is_some() {
                wanted
                    .entry(i)
                    .or_default()
                    .push((gene.to_string(), change.to_string()));
            }
        }
    }
    let known = match KnownSequence::shipped() {
        Ok(k) => k,
        Err(e) => return vec![format!("BAM re-check not possible: {e}")],
    };
    for (i, changes) in wanted {
        let inputs = run.inputs[i];
        let Some(bam) = &inputs.bam else { continue };
        let Some(build) = run.reports[i].and_then(|r| r.run.build.parse::<Build>().ok()) else {
            continue;
        };
        let set = match TranscriptSet::shipped(build, &known) {
            Ok(s) => s,
            Err(e) => {
                notes.push(format!("{}: BAM re-check not possible: {e}", inputs.sample));
                continue;
            }
        };
        let mut spots = Vec::new();
        for (gene, change) in &changes {
            match place_hotspots(&kb.hotspot_specs(), &set, gene)
                .into_iter()
                .find(|h| &h.protein_short == change)
            {
                Some(h) => spots.push(h),
                None => notes.push(format!(
                    "{}: {gene} {change} not re-checked in the BAM: no knowledge-base codon to genotype",
                    inputs.sample
                )),
            }
        }
        let counts =
            match genotype_hotspots_with(bam, inputs.reference.as_deref(), &spots, &options) {
                Ok(c) => c,
                Err(e) => {
                    notes.push(format!("{}: BAM re-check failed: {e}", inputs.sample));
                    continue;
                }
            };
        for count in counts {
            let label = format!("{} {}", count.hotspot.gene, count.hotspot.protein_short);
            if let Some(t) = tracks.iter_mut().find(|t| t.label == label) {
                let point = &mut t.points[i];
                point.recheck = Some(Recheck {
                    bam: bam.display().to_string(),
                    alt_count: count.alt_count,
                    depth: count.depth,
                    vaf: count.vaf,
                    detected: count.detected,
                    threshold: options.threshold.describe(),
                });
                point.detail = format!(
                    "re-checked in the BAM: {} of {} read pairs carry it ({}; detection needs {})",
                    count.alt_count,
                    count.depth,
                    if count.detected {
                        "detected"
                    } else if count.alt_count > 0 {
                        "traces below detection"
                    } else {
                        "not seen"
                    },
                    options.threshold.describe()
                );
            }
        }
    }
    notes
}
