//! The patient timeline as one self-contained HTML page (no scripts, no network; maud escapes
//! every interpolated string): the verdict first, then an inline-SVG timeline (drugs as spans,
//! samples as points, one VAF/fraction/copy-number track per alteration), then the tables.

use maud::{html, Markup};

use super::{Origin, Point, PointStatus, Timeline, Track};
use crate::model::MechanismClass;
use crate::report::page::page;

/// Rules of this page beyond the shared base (see `page`).
const STYLE: &str = r#"
.acquired{background:#f9d5d3;color:#8a1c16}.pre_existing{background:#e8defa;color:#4b2a85}
.path{font-size:14px} .path b{color:#8a1c16}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
"#;

const WIDTH: f64 = 1120.0;
const LABEL_W: f64 = 340.0;
const RIGHT: f64 = 120.0;
const ROW_H: f64 = 54.0;
const TOP: f64 = 130.0;

/// Colour of a track by its verdict class.
fn colour(class: MechanismClass) -> &'static str {
    match class {
        MechanismClass::OnTarget => "#c0392b",
        MechanismClass::Bypass => "#d35400",
        MechanismClass::Fusion | MechanismClass::FusionContext => "#1f5f99",
        MechanismClass::Transformation => "#7d3c98",
        MechanismClass::PrimaryResistanceFactor => "#6c3483",
        MechanismClass::Unclassified => "#6b7686",
    }
}

/// Colour of a drug span (fixed per drug name, readable on white).
fn drug_colour(drug: &str) -> &'static str {
    const PALETTE: [&str; 6] = [
        "#d6e9f8", "#fde2c4", "#dcefd9", "#efdcf5", "#fbe0e0", "#e6e6e6",
    ];
    let hash = drug
        .bytes()
        .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
    PALETTE[hash % PALETTE.len()]
}

/// x of each sample: by days when dated, else evenly spaced.
fn xs(t: &Timeline) -> Vec<f64> {
    let n = t.samples.len();
    let (left, right) = (LABEL_W + 40.0, WIDTH - RIGHT);
    let days: Option<Vec<i64>> = t.samples.iter().map(|s| s.day).collect();
    match days {
        Some(d) if n > 1 && d.last() > d.first() => {
            let span = (d[n - 1] - d[0]) as f64;
            d.iter()
                .map(|&x| left + (x - d[0]) as f64 / span * (right - left))
                .collect()
        }
        _ if n > 1 => (0..n)
            .map(|i| left + i as f64 / (n - 1) as f64 * (right - left))
            .collect(),
        _ => vec![(left + right) / 2.0; n],
    }
}

fn format_value(kind: &str, v: f64) -> String {
    match kind {
        "VAF" | "fusion fraction" => format!("{:.1}%", v * 100.0),
        "copy number" => format!("CN {v:.1}"),
        _ => format!("{v}"),
    }
}

fn origin_text(track: &Track) -> String {
    match (track.origin, &track.acquired_under) {
        (Some(Origin::PreExisting), _) => format!("pre-existing (at {})", track.first_detected),
        (Some(Origin::Acquired), Some(d)) => {
            format!("acquired under {d} (at {})", track.first_detected)
        }
        (Some(Origin::Acquired), None) => format!("new at {}", track.first_detected),
        (Some(Origin::Undetermined), _) => format!(
            "first seen at {}; no earlier sample was assessed for it",
            track.first_detected
        ),
        (None, _) => String::new(),
    }
}

fn point_mark(track: &Track, p: &Point, x: f64, y_base: f64, max: f64) -> Markup {
    let colour = colour(track.class);
    let scale = ROW_H - 22.0;
    match p.status {
        PointStatus::Detected => {
            let y = match p.value {
                Some(v) if max > 0.0 => y_base - v / max * scale,
                _ => y_base - scale / 2.0,
            };
            let text = p
                .value
                .map(|v| format_value(track.value_kind, v))
                .unwrap_or_else(|| "present".into());
            html! {
                circle cx=(x) cy=(y) r="7" fill=(colour) stroke="#fff" stroke-width="1.5" {}
                text x=(x + 11.0) y=(y + 4.0) font-size="13" font-weight="600" fill="#1d2430" { (text) }
            }
        }
        PointStatus::NotDetected => {
            let text = match &p.recheck {
                Some(r) => format!("BAM {}/{}", r.alt_count, r.depth),
                None => "not detected".into(),
            };
            html! {
                circle cx=(x) cy=(y_base) r="6" fill="#fff" stroke=(colour) stroke-width="2" {}
                text x=(x + 10.0) y=(y_base + 4.0) font-size="12" fill="#4a5564" { (text) }
            }
        }
        PointStatus::NotAssessed => html! {
            text x=(x) y=(y_base + 4.0) font-size="12" fill="#9aa3ae" text-anchor="middle" { "n/a" }
        },
    }
}

/// The timeline drawing.
fn svg(t: &Timeline) -> Markup {
    let x = xs(t);
    let height = TOP + ROW_H * t.tracks.len().max(1) as f64 + 40.0;
    html! {
        svg width=(WIDTH) height=(height) viewBox={"0 0 " (WIDTH) " " (height)} role="img" aria-label="Resistance timeline" {
            // Drugs as spans between samples.
            text x="12" y="44" font-size="13" font-weight="600" fill="#1d2430" { "ALK TKI given" }
            @for (i, s) in t.samples.iter().enumerate().skip(1) {
                @if let Some(drug) = &s.tki_since_previous {
                    rect x=(x[i - 1]) y="26" width=((x[i] - x[i - 1]).max(2.0)) height="28" rx="4" fill=(drug_colour(drug)) stroke="#8895a5" stroke-width="0.8" {}
                    text x=((x[i - 1] + x[i]) / 2.0) y="45" font-size="13" font-weight="600" text-anchor="middle" fill="#1d2430" { (drug) }
                }
            }
            // Samples as points, with a guide line through the tracks.
            text x="12" y="88" font-size="13" font-weight="600" fill="#1d2430" { "Samples" }
            @for (i, s) in t.samples.iter().enumerate() {
                line x1=(x[i]) y1="70" x2=(x[i]) y2=(height - 30.0) stroke="#c8d0da" stroke-dasharray="4 4" {}
                circle cx=(x[i]) cy="70" r="6" fill=(if s.status == "ok" { "#12304a" } else { "#c0392b" }) {}
                text x=(x[i]) y="92" font-size="13" font-weight="600" text-anchor="middle" fill="#1d2430" { (s.sample) }
                text x=(x[i]) y="108" font-size="12" text-anchor="middle" fill="#4a5564" {
                    (s.date.clone().or(s.index.map(|n| format!("#{n}"))).unwrap_or_default())
                    @if let Some(tp) = &s.timepoint { " · " (tp) }
                }
            }
            // One track per alteration.
            @for (row, track) in t.tracks.iter().enumerate() {
                @let y_top = TOP + ROW_H * row as f64;
                @let y_base = y_top + ROW_H - 10.0;
                @let max = track.points.iter().filter_map(|p| p.value).fold(0.0_f64, f64::max);
                rect x="0" y=(y_top) width=(WIDTH) height=(ROW_H) fill=(if row % 2 == 0 { "#fafbfc" } else { "#ffffff" }) {}
                line x1=(LABEL_W + 20.0) y1=(y_base) x2=(WIDTH - 20.0) y2=(y_base) stroke="#e0e5eb" {}
                rect x="12" y=(y_top + 12.0) width="5" height=(ROW_H - 24.0) fill=(colour(track.class)) {}
                text x="26" y=(y_top + 24.0) font-size="14" font-weight="600" fill="#1d2430" { (track.label) }
                text x="26" y=(y_top + 42.0) font-size="12" fill="#4a5564" {
                    (origin_text(track))
                    @if !track.value_kind.is_empty() { " · " (track.value_kind) }
                }
                @let line_points: Vec<String> = track.points.iter().enumerate().filter_map(|(i, p)| match p.status {
                    PointStatus::Detected => Some(format!("{:.1},{:.1}", x[i], p.value.filter(|_| max > 0.0).map_or(y_base - (ROW_H - 22.0) / 2.0, |v| y_base - v / max * (ROW_H - 22.0)))),
                    PointStatus::NotDetected => Some(format!("{:.1},{:.1}", x[i], y_base)),
                    PointStatus::NotAssessed => None,
                }).collect();
                polyline points=(line_points.join(" ")) fill="none" stroke=(colour(track.class)) stroke-width="2" stroke-opacity="0.55" {}
                @for (i, p) in track.points.iter().enumerate() {
                    (point_mark(track, p, x[i], y_base, max))
                }
            }
            @if t.tracks.is_empty() {
                text x=(LABEL_W) y=(TOP + 30.0) font-size="14" fill="#4a5564" { "No alteration was found in any sample." }
            }
            text x="12" y=(height - 10.0) font-size="12" fill="#4a5564" {
                "Filled: detected (value in each track scaled to its highest point). Open: assessed, not detected. n/a: no input of that kind. Colour: red on-target, orange bypass, blue fusion."
            }
        }
    }
}

pub fn render(t: &Timeline) -> String {
    let v = &t.verdict;
    let subtitle = html! { (t.samples.len()) " samples ordered by " (t.ordered_by) " · knowledge base " (t.kb) " · alkres " (t.alkres_version) };
    let content = html! {
        p class="banner" { (t.disclaimer) }
        section {
            h2 { "Timeline" }
            div style="overflow-x:auto" { (svg(t)) }
        }
        section {
            h2 { "Patient verdict" }
            p class="summary" { (v.summary) }
            @if let Some(latest) = &v.latest_sample {
                p class="muted" { "Remaining drugs come from the verdict of the latest sample, " (latest) "." }
            }
            h2 { "Ruled out, in the order it happened" }
            @if v.ruled_out.is_empty() { p { "No TKI has a resistance call in any sample." } }
            @else {
                table {
                    tr { th { "#" } th { "Drug" } th { "At sample" } th { "After" } th { "Because of" } th { "" } th { "Evidence" } }
                    @for (i, r) in v.ruled_out.iter().enumerate() {
                        tr {
                            td { (i + 1) }
                            td { b { (r.drug) } }
                            td { (r.at_sample) }
                            td { (r.after.clone().unwrap_or_else(|| "—".into())) }
                            td { (r.by.join(", ")) }
                            td { span class={"chip " (r.origin.as_str())} { (r.origin.text()) } }
                            td class="muted" {
                                @for e in &r.evidence { div { (e.alteration) ": " (e.call) ", " (e.evidence) " [" (e.citation) "]" } }
                            }
                        }
                    }
                }
            }
            h2 { "Remaining" }
            table {
                tr { th { "Rank" } th { "Drug" } th { "Call (latest sample)" } th { "Status" } th { "Notes" } }
                @for r in &v.remaining {
                    tr {
                        td { (r.rank.map(|n| n.to_string()).unwrap_or_default()) }
                        td { b { (r.drug) } @if r.already_given { span class="muted" { " (already given)" } } }
                        td { span class={"chip " (r.call.as_str())} { (r.call.label()) } }
                        td { (r.status) }
                        td class="muted" { (r.notes.join("; ")) }
                    }
                }
            }
        }
        @if !t.compound_paths.is_empty() {
            section {
                h2 { "Compound mutations, step by step" }
                @for p in &t.compound_paths {
                    p class="path" {
                        @for (i, s) in p.steps.iter().enumerate() {
                            @if i > 0 { " → " }
                            b { (s.present.join(" + ")) @if s.in_cis { " in cis" } }
                            " at " (s.sample)
                            @if let Some(d) = &s.after { " (after " (d) ")" }
                        }
                    }
                }
            }
        }
        section {
            h2 { "Alterations across samples" }
            table {
                tr {
                    th { "Alteration" } th { "Origin" } th { "Resistant to" }
                    @for s in &t.samples { th { (s.sample) } }
                }
                @for track in &t.tracks {
                    tr {
                        td { b { (track.label) } div class="muted" { (track.class.as_str()) } }
                        td {
                            @if let Some(o) = track.origin { span class={"chip " (o.as_str())} { (o.text()) } }
                            div class="muted" { (origin_text(track)) }
                            @if let Some(c) = &track.cleared_at { div class="muted" { "not detected at " (c) } }
                        }
                        td { (track.resistant_to.join(", ")) }
                        @for p in &track.points {
                            td {
                                @match p.status {
                                    PointStatus::Detected => { b { (p.value.map(|v| format_value(track.value_kind, v)).unwrap_or_else(|| "present".into())) } }
                                    PointStatus::NotDetected => { "not detected" }
                                    PointStatus::NotAssessed => { span class="muted" { "not assessed" } }
                                }
                                @if !p.detail.is_empty() { div class="muted" { (p.detail) } }
                            }
                        }
                    }
                }
            }
        }
        section {
            h2 { "Samples" }
            table {
                tr { th { "Sample" } th { "Date / index" } th { "Timepoint" } th { "TKI since previous" } th { "Prior TKIs" } th { "Per-sample verdict" } }
                @for s in &t.samples {
                    tr {
                        td { b { (s.sample) } }
                        td { (s.date.clone().or(s.index.map(|n| n.to_string())).unwrap_or_default()) }
                        td { (s.timepoint.clone().unwrap_or_default()) }
                        td { (s.tki_since_previous.clone().unwrap_or_default()) }
                        td { (s.prior_tkis.join(" → ")) }
                        td class="muted" {
                            @if let Some(e) = &s.error { span class="chip resistant" { "failed" } " " (e) }
                            (s.summary.clone().unwrap_or_default())
                        }
                    }
                }
            }
        }
        @if !t.notes.is_empty() {
            section { h2 { "Notes" } ul { @for n in &t.notes { li { (n) } } } }
        }
    };
    page(
        &format!("alkres timeline {}", t.patient),
        &format!("Resistance timeline: patient {}", t.patient),
        subtitle,
        STYLE,
        content,
    )
    .into_string()
}
