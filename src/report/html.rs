//! Self-contained HTML report: no scripts, fonts or images from the network; every string
//! from the input is escaped (maud escapes all interpolations).

use std::io::Write;

use maud::{html, Markup};

use super::page::page;
use super::{CopyNumberFinding, Finding, FusionFinding, SampleReport};
use crate::model::CnCall;
use crate::verdict::model::{DrugCall, DrugVerdict, PrognosticLine, StrategyOffer};

/// Rules of this page beyond the shared base (see `page`).
const STYLE: &str = r#"
.matrix td.drug{font-weight:600}
.unverified{color:#8a5a00;font-size:12px;font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(120px,1fr));gap:8px}
.tile{border-radius:8px;padding:8px;text-align:center} .tile b{display:block;font-size:13px;margin-bottom:4px}
details summary{cursor:pointer;color:#17507f}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
"#;

/// ALK kinase domain (UniProt Q9UM73, residues 1116-1383): from the end of exon 20 to
/// exon 28 of NM_004304.
const KINASE_FIRST_EXON: u32 = 20;
const KINASE_LAST_EXON: u32 = 28;
const ALK_LAST_EXON: u32 = 29;

fn chip(call: DrugCall) -> Markup {
    html! { span class={"chip " (call.as_str())} { (call.label()) } }
}

/// A drug's call as the verdict words it (`trial option (…)`, `intermediate (conflict)`).
fn verdict_chip(d: &DrugVerdict) -> Markup {
    let class = if d.trial_option {
        "trial_option"
    } else {
        d.call.as_str()
    };
    html! { span class={"chip " (class)} { (d.display) } }
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_else(|| "—".into())
}

fn matrix(drugs: &[DrugVerdict]) -> Markup {
    html! {
        div class="grid" {
            @for d in drugs {
                div class={"tile " (if d.trial_option { "trial_option" } else { d.call.as_str() })} { b { (d.drug) } (d.display) }
            }
        }
        table class="matrix" {
            tr { th { "Drug" } th { "Generation / status" } th { "Call" } th { "Driven by" } th { "Evidence" } }
            @for d in drugs {
                tr {
                    td class="drug" { (d.drug) }
                    td { @if d.generation.is_empty() || d.generation == "0" { "—" } @else { "gen " (d.generation) } " · " (d.status) }
                    td { (verdict_chip(d)) @if !d.development.is_empty() && !d.trial_option { div class="muted" { (d.development) } } }
                    td {
                        @if d.driven_by.is_empty() { span class="muted" { "—" } } @else { (d.driven_by.join(", ")) }
                        @if !d.reason.is_empty() { div { "Why: " (d.reason) } }
                        @if !d.unknown_for.is_empty() { div class="muted" { "no KB call for: " (d.unknown_for.join(", ")) } }
                        @for note in &d.notes { div class="muted" { (note) } }
                    }
                    td {
                        @if d.evidence.is_empty() { span class="muted" { "none" } } @else {
                            details {
                                summary { (d.evidence.len()) " KB call(s)" }
                                ul { @for e in &d.evidence {
                                    li { b { (e.alteration) } ": " (e.call)
                                        @if e.direction.as_str() == "does_not_support" { " (no effect found)" }
                                        " (" (e.level.label()) @if e.deciding { ", deciding" } ", " (e.disease)
                                        @if !e.metric.is_empty() { ", " (e.metric) " " (e.value) }
                                        ") — " (e.source) ": " (e.note) " " code { (e.citation) }
                                        " " span class=(if e.citation_verified { "muted" } else { "unverified" }) { "(" (crate::verdict::citation_mark(e.citation_verified)) ")" } }
                                } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Outlook whatever the drug: never a drug call.
fn prognostic_section(lines: &[PrognosticLine]) -> Markup {
    html! {
        table { tr { th { "Finding" } th { "Outcome measured on" } th { "Level" } th { "Population" } th { "Number" } th { "Source" } }
            @for p in lines { tr { td { b { (p.alteration) } div class="muted" { (p.kb_id) } } td { (p.drug) } td { (p.level.label()) } td { (p.disease) }
                td { @if p.metric.is_empty() { "—" } @else { (p.metric) " " (p.value) } } td { (p.source) " " code { (p.citation) } div class="muted" { (p.note) } } } } }
    }
}

/// Combination and non-TKI options whose trigger was found; warnings marked.
fn strategies_section(offers: &[StrategyOffer]) -> Markup {
    html! {
        table { tr { th { "Option" } th { "Drugs" } th { "Answers" } th { "Found" } th { "Status / level" } th { "Source" } }
            @for o in offers { tr {
                td { @if o.warning { b { "Not recommended: " } } (o.strategy) div class="muted" { (o.id) } }
                td { (o.drugs.join(" + ")) } td { (o.answers) } td { code { (o.triggered_by) } }
                td { (o.status.as_str().replace('_', " ")) " · " (o.level.label()) @if !o.metric.is_empty() { div class="muted" { (o.metric) ": " (o.value) } } }
                td { @for c in &o.citations { code { (c) } " " } div class="muted" { (o.note) } } } } }
    }
}

fn findings_table(findings: &[Finding]) -> Markup {
    html! {
        table {
            tr { th { "Gene" } th { "Protein" } th { "HGVS" } th { "Consequence" } th { "Exon" } th { "VAF / depth" } th { "Genotype" } th { "Filter" } th { "Named by" } th { "Knowledge base" } }
            @for f in findings {
                tr {
                    td { b { (f.gene) } }
                    td { (opt(&f.protein_short)) }
                    td { code { (opt(&f.transcript)) ":" (opt(&f.hgvs_c)) } br; code { (opt(&f.hgvs_p)) } }
                    td { (opt(&f.consequence)) }
                    td { (opt(&f.exon)) }
                    td { (f.vaf.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into())) " / " (opt(&f.depth)) }
                    td { (opt(&f.genotype)) @if let Some(ps) = f.phase_set { div class="muted" { "PS " (ps) } } }
                    td { (f.filter) }
                    td { (f.source) }
                    td {
                        @match &f.kb {
                            Some(m) => {
                                (m.id) " · " (m.resistance_class)
                                details { summary { (m.calls.len()) " call(s)" }
                                    ul { @for c in &m.calls { li { (c.drug) ": " @if c.assertion.as_str() == "prognostic" { "prognostic" } @else { (c.call) } " (" (c.level.label()) ") " code { (c.citation) } } } }
                                }
                            },
                            None => { span class="muted" { "not in KB" } },
                        }
                        @for n in &f.notes { div class="muted" { (n) } }
                    }
                }
            }
        }
    }
}

/// Partner exons 1..n joined to ALK exons m..29, the kinase domain marked.
fn fusion_drawing(f: &FusionFinding) -> Markup {
    let partner_exons = f.partner_exon.unwrap_or(0).min(40);
    let alk_first = f.alk_exon.unwrap_or(20).clamp(1, ALK_LAST_EXON);
    let box_w = 22u32;
    let gap = 3u32;
    let alk_count = ALK_LAST_EXON - alk_first + 1;
    let width = 20 + (partner_exons + alk_count) * (box_w + gap) + 30;
    let alk_x =
        |exon: u32| 20 + partner_exons * (box_w + gap) + 10 + (exon - alk_first) * (box_w + gap);
    let kd_start = KINASE_FIRST_EXON.max(alk_first);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(width) height="78" role="img" aria-label={ (f.partner) "-ALK fusion" } {
            @for i in 0..partner_exons {
                rect x=(20 + i * (box_w + gap)) y="28" width=(box_w) height="20" fill="#5b8db8" {}
                text x=(20 + i * (box_w + gap) + box_w / 2) y="62" font-size="9" text-anchor="middle" { (i + 1) }
            }
            text x="20" y="18" font-size="11" { (f.partner) @if partner_exons == 0 { " (exons unknown)" } }
            @for exon in alk_first..=ALK_LAST_EXON {
                rect x=(alk_x(exon)) y="28" width=(box_w) height="20" fill="#c0504d" {}
                text x=(alk_x(exon) + box_w / 2) y="62" font-size="9" text-anchor="middle" { (exon) }
            }
            text x=(alk_x(alk_first)) y="18" font-size="11" { "ALK" }
            @if kd_start <= KINASE_LAST_EXON {
                rect x=(alk_x(kd_start)) y="24" width=((KINASE_LAST_EXON - kd_start + 1) * (box_w + gap) - gap) height="28" fill="none" stroke="#1d2430" stroke-dasharray="3 2" {}
                text x=(alk_x(kd_start)) y="76" font-size="9" { "kinase domain (p.1116–1383)" }
            }
        }
    }
}

fn fusions_section(fusions: &[FusionFinding]) -> Markup {
    html! {
        @for f in fusions {
            h3 { (f.partner) "-ALK" @if let Some(v) = &f.variant { " " (v) } }
            (fusion_drawing(f))
            p class="muted" {
                "Breakpoints: " (opt(&f.partner_breakpoint)) " / " (opt(&f.alk_breakpoint))
                " · kinase domain kept: " (opt(&f.kinase_domain_retained)) " · in frame: " (opt(&f.in_frame))
                " · support: split " (opt(&f.split_reads)) ", pairs " (opt(&f.discordant_pairs)) ", clipped " (opt(&f.clipped_reads))
                " · source: " (f.source)
            }
            @for n in &f.notes { div class="muted" { (n) } }
        }
    }
}

/// Junctions too weak for a finding: counts and the rules they fail, outside the verdict.
fn fusion_candidates_table(candidates: &[crate::fusion::FusionCandidate]) -> Markup {
    html! {
        p class="muted" { "Listed for review only: none of these is used by the verdict." }
        table {
            tr { th { "Partner" } th { "Exons" } th { "Breakpoints" } th { "Split / pairs / clipped" } th { "Source" } th { "Not a finding because" } }
            @for c in candidates {
                @let f = &c.fusion;
                tr {
                    td { (f.partner) }
                    td { "E" (opt(&f.partner_exon)) ";A" (opt(&f.alk_exon)) }
                    td { (opt(&f.partner_breakpoint)) " / " (opt(&f.alk_breakpoint)) }
                    td { (opt(&f.split_reads)) " / " (opt(&f.discordant_pairs)) " / " (opt(&f.clipped_reads)) }
                    td { (f.source) }
                    td { (c.not_a_finding_because.join("; ")) }
                }
            }
        }
    }
}

/// Gene-level log2 ratios as bars (scale ±3), coloured by call.
fn copy_number_plot(cn: &[CopyNumberFinding]) -> Markup {
    let row_h = 22;
    let height = 20 + cn.len() * row_h;
    let zero = 300.0;
    let scale = 80.0; // px per log2 unit
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width="760" height=(height) role="img" aria-label="gene-level copy number" {
            line x1=(zero) y1="10" x2=(zero) y2=(height) stroke="#888" {}
            @for (i, c) in cn.iter().enumerate() {
                @let y = 14 + i * row_h;
                @let l2 = c.log2_ratio.unwrap_or(0.0).clamp(-3.0, 3.0);
                @let x = if l2 < 0.0 { zero + l2 * scale } else { zero };
                @let colour = match c.call { CnCall::Amplification => "#c0504d", CnCall::Gain => "#e3a29f", CnCall::DeepDeletion => "#2f5f8a", CnCall::Loss => "#8fb3d3", CnCall::Neutral => "#b5bcc6" };
                text x="10" y=(y + 13) font-size="12" { (c.gene) }
                rect x=(x) y=(y) width=(l2.abs() * scale) height="16" fill=(colour) {}
                text x="520" y=(y + 13) font-size="11" { (c.call) @if let Some(cnv) = c.copy_number { " (CN " (format!("{cnv:.1}")) ")" } }
            }
        }
        p class="muted" { "Bars: log2 ratio (−3 to +3). " @for c in cn.iter().take(1) { "Thresholds: " (c.threshold) ". Method: " (c.method) "." } }
    }
}

pub fn render(report: &SampleReport) -> Markup {
    let v = &report.verdict;
    let subtitle = html! { "Build " (report.run.build) " · knowledge base " (report.run.kb) " · alkres " (report.run.alkres_version) };
    let content = html! {
        div class="banner" { b { "Decision support, not a prescription. " } (report.disclaimer) }
        section {
            h2 { "Verdict" }
            p class="summary" { (v.summary) }
            @if let Some(r) = &v.resistance { p { b { "Resistance: " } (r.kind) " — " (r.reason) } }
        }
        section {
            h2 { "ALK TKIs at a glance" }
            (matrix(&v.drugs))
            @if !v.other_drugs.is_empty() {
                h3 { "Other kinase inhibitors with KB calls (not ALK TKIs; not ranked)" }
                (matrix(&v.other_drugs))
            }
        }
        @if !v.prognostic.is_empty() {
            section { h2 { "Prognostic findings (not drug calls)" } (prognostic_section(&v.prognostic)) }
        }
        @if !v.strategies.is_empty() {
            section { h2 { "Combination and non-TKI options" } (strategies_section(&v.strategies)) }
        }
        @if !v.ranking.is_empty() {
            section {
                h2 { "TKIs ranked for the next line" }
                table { tr { th { "#" } th { "Drug" } th { "Call" } th { "Why" } }
                    @for r in &v.ranking { tr { td { (r.rank) } td { (r.drug) } td { (chip(r.call)) } td { (r.reasons.join("; ")) } } } }
            }
        }
        section {
            h2 { "Mechanisms" }
            @if v.mechanisms.is_empty() { p class="muted" { "Nothing found in the inputs given." } } @else {
                table { tr { th { "Finding" } th { "Class" } th { "KB" } th { "Effect on the calls" } th { "Implication" } }
                    @for m in &v.mechanisms { tr { td { b { (m.label) } } td { (m.class.as_str()) } td { (opt(&m.kb_id)) } td { (m.effect) } td { (m.implication) } } } }
            }
            @if !v.compounds.is_empty() {
                h3 { "ALK mutation pairs" }
                table { tr { th { "Mutations" } th { "Phase" } th { "Phased by" } th { "KB compound" } th { "Reading" } }
                    @for c in &v.compounds { tr { td { (c.components.join(" + ")) } td { (c.phase) } td { (c.phase_source) @if let Some(d) = &c.phase_detail { div class="muted" { (d) } } } td { (opt(&c.kb_id)) } td { (c.note) } } } }
            }
        }
        section {
            h2 { "Small variants (" (report.findings.len()) ")" }
            @if report.findings.is_empty() { p class="muted" { "No panel variant to report." } } @else { (findings_table(&report.findings)) }
        }
        @if !report.fusions.is_empty() {
            section { h2 { "Fusions" } (fusions_section(&report.fusions)) }
        }
        @if !report.fusion_candidates.is_empty() {
            section { h2 { "Fusion candidates (" (report.fusion_candidates.len()) ", not findings)" } (fusion_candidates_table(&report.fusion_candidates)) }
        }
        @if !report.copy_number.is_empty() || !report.copy_number_not_assessed.is_empty() {
            section {
                h2 { "Copy number" }
                @if !report.copy_number.is_empty() { (copy_number_plot(&report.copy_number)) }
                @if !report.copy_number_not_assessed.is_empty() {
                    p { strong { "Not assessed" } " (no call is made for these genes; their absence from the verdict says nothing about them):" }
                    ul { @for n in &report.copy_number_not_assessed {
                        li { strong { (n.gene) } ": " (n.reason) span class="muted" { " (" (n.source) ")" } }
                    } }
                }
            }
        }
        section {
            h2 { "Run" }
            p class="muted" {
                "Input " code { (report.run.input) } " · " (report.run.read_mode) " · build: " (report.run.build_evidence) br;
                "Records read " (report.stats.records_read) ", outside the panel " (report.stats.records_outside_panel)
                ", in the panel " (report.stats.records_in_panel) ", filtered out " (report.stats.records_filtered_out)
                ", not annotatable " (report.stats.alleles_not_annotatable) ", deep intronic " (report.stats.intronic_variants)
                ", not reported (UTR/synonymous) " (report.stats.variants_not_reported) br;
                "Command: " code { (report.run.command) }
                @for note in &report.notes { br; "Note: " (note) }
            }
        }
    };
    page(
        &format!("alkres — {}", report.sample),
        &format!("alkres · {}", report.sample),
        subtitle,
        STYLE,
        content,
    )
}

pub fn write(report: &SampleReport, out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(render(report).into_string().as_bytes())
}
