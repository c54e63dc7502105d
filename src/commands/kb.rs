//! `alkres kb`: validate, list, show and export the knowledge base (the shipped one, or with
//! a `--kb` folder merged in: every check runs on the merged tables).

use std::io::Write;

use crate::cli::{KbArgs, KbCommand};
use crate::error::{Error, Result};
use crate::genome::{Build, KnownSequence};
use crate::io::tsv;
use crate::kb::{validate, validate_review, validate_warnings};
use crate::transcript::TranscriptSet;

pub(super) fn run(args: KbArgs) -> Result<()> {
    let kb = crate::kb::load(args.kb_dir.as_deref())?;
    let command = args.command;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io_err = |e: std::io::Error| Error::output("stdout", e);
    match command {
        KbCommand::Validate => {
            let known = KnownSequence::shipped()?;
            let mut problems = Vec::new();
            for build in Build::ALL {
                let set = TranscriptSet::shipped(build, &known)?;
                problems.extend(
                    validate(&kb, &set)
                        .into_iter()
                        .map(|p| format!("{build}: {p}")),
                );
            }
            problems.extend(validate_review(&kb));
            // Gaps that do not fail the check (docs/kb-evidence.md): on stderr.
            for warning in validate_warnings(&kb) {
                eprintln!("warning: {warning}");
            }
            problems.sort();
            problems.dedup();
            if problems.is_empty() {
                writeln!(
                    out,
                    "{}: {} alterations, {} calls, {} citations: OK",
                    kb.label(),
                    kb.alterations.len(),
                    kb.calls.len(),
                    kb.citations.len()
                )
                .map_err(io_err)?;
                Ok(())
            } else {
                Err(Error::KnowledgeBase(problems.join("\n")))
            }
        }
        KbCommand::List => {
            writeln!(out, "id\tkind\tprotein_short\thgvs_p\tcalls").map_err(io_err)?;
            for a in &kb.alterations {
                let n = kb.calls.iter().filter(|c| c.alteration == a.id).count();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{n}",
                    a.id,
                    a.kind,
                    a.protein_short,
                    a.hgvs_p.as_deref().unwrap_or("")
                )
                .map_err(io_err)?;
            }
            Ok(())
        }
        KbCommand::Show { name, gene } => {
            // `KRAS G12C` and `KRAS:G12C` name their gene themselves.
            let (gene, change) = match name.split_once([' ', ':']) {
                Some((g, rest))
                    if kb
                        .alterations
                        .iter()
                        .any(|a| a.gene.eq_ignore_ascii_case(g)) =>
                {
                    (g.to_string(), rest.trim().to_string())
                }
                _ => (gene, name.clone()),
            };
            let found = kb
                .find(&gene, &change)
                .or_else(|| kb.alteration(&name))
                .map(|a| (a, None))
                .or_else(|| {
                    // As a sample's variant would match: the codon's or the gene's row.
                    let m = kb.match_protein(&gene, &change, None)?;
                    Some((kb.alteration(&m.id)?, Some(m.matched_by)))
                });
            let Some((alteration, matched_by)) = found else {
                if let Some(f) = find_fusion(&kb, &name) {
                    return show_fusion(&kb, f, &mut out).map_err(io_err);
                }
                return Err(Error::KnowledgeBase(format!(
                    "no alteration named '{change}' for {gene} (another gene: --gene GENE or \
                     'GENE CHANGE'; a fusion: 'EML4-ALK V3' or its id; `alkres kb list` lists \
                     the alterations)"
                )));
            };
            if let Some(how) = matched_by {
                writeln!(out, "{gene} {change}: no row of its own; matched by {how}:")
                    .map_err(io_err)?;
            }
            let m = kb.kb_match(alteration, "name");
            writeln!(
                out,
                "{} ({})",
                alteration.id,
                alteration.hgvs_p.as_deref().unwrap_or("")
            )
            .map_err(io_err)?;
            writeln!(out, "class: {}", alteration.resistance_class).map_err(io_err)?;
            if !alteration.aliases.is_empty() {
                writeln!(out, "aliases: {}", alteration.aliases.replace('|', ", "))
                    .map_err(io_err)?;
            }
            writeln!(out, "{}", alteration.note).map_err(io_err)?;
            for c in &m.calls {
                writeln!(
                    out,
                    "  {:<13} {:<12} {:<12} {}  {}",
                    c.drug, c.call, c.evidence, c.citation, c.note
                )
                .map_err(io_err)?;
            }
            if m.calls.is_empty() {
                writeln!(out, "  no calls: unknown for every drug").map_err(io_err)?;
            }
            Ok(())
        }
        KbCommand::Export => {
            let mut writer = csv::WriterBuilder::new()
                .delimiter(b'\t')
                .quote_style(csv::QuoteStyle::Never)
                .from_writer(out);
            let w = |e: csv::Error| Error::output("stdout", std::io::Error::other(e.to_string()));
            writer
                .write_record([
                    "alteration",
                    "drug",
                    "call",
                    "evidence",
                    "ic50_nm",
                    "citation",
                    "note",
                ])
                .map_err(w)?;
            for c in &kb.calls {
                let citation = kb
                    .citation(&c.citation)
                    .map_or_else(|| c.citation.clone(), |x| x.reference());
                let cells = [
                    c.alteration.clone(),
                    c.drug.clone(),
                    c.call.to_string(),
                    c.evidence.to_string(),
                    tsv::opt(&c.ic50_nm),
                    citation,
                    c.note.clone(),
                ];
                writer
                    .write_record(cells.iter().map(|x| tsv::cell(x)))
                    .map_err(w)?;
            }
            writer.flush().map_err(|e| Error::output("stdout", e))?;
            Ok(())
        }
    }
}

/// The KB's fusion row named by `name`: its id (`ALK:EML4-ALK:V3`), or partner and variant
/// (`EML4-ALK V3`, `EML4 v1`, `NPM1-ALK`).
fn find_fusion<'a>(
    kb: &'a crate::kb::KnowledgeBase,
    name: &str,
) -> Option<&'a crate::kb::FusionKnowledge> {
    if let Some(f) = kb.fusions.iter().find(|f| f.id.eq_ignore_ascii_case(name)) {
        return Some(f);
    }
    let mut words = name.split_whitespace();
    let partner = words.next()?;
    let partner = partner
        .strip_suffix("-ALK")
        .or_else(|| partner.strip_suffix("-alk"))
        .unwrap_or(partner);
    let variant = words.next();
    let f = kb.fusion(partner, variant)?;
    // A variant the KB does not know is not its generic row.
    (variant.is_none() || !f.variant.is_empty()).then_some(f)
}

fn show_fusion(
    kb: &crate::kb::KnowledgeBase,
    f: &crate::kb::FusionKnowledge,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let exons = |e: Option<u32>| e.map_or_else(|| "?".to_string(), |n| n.to_string());
    writeln!(
        out,
        "{} ({}-ALK {}, {} exon {} : ALK exon {})",
        f.id,
        f.partner,
        if f.variant.is_empty() {
            "any breakpoint"
        } else {
            &f.variant
        },
        f.partner,
        exons(f.partner_exon),
        exons(f.alk_exon)
    )?;
    writeln!(out, "class: fusion")?;
    if !f.aliases.is_empty() {
        writeln!(out, "aliases: {}", f.aliases.replace('|', ", "))?;
    }
    for note in [&f.frequency_note, &f.clinical_note] {
        if !note.is_empty() {
            writeln!(out, "{note}")?;
        }
    }
    writeln!(out, "citations: {}", f.citation.replace('|', ", "))?;
    let calls = kb.resolved_calls(&f.id);
    for c in &calls {
        writeln!(
            out,
            "  {:<13} {:<12} {:<12} {}  {}",
            c.drug, c.call, c.evidence, c.citation, c.note
        )?;
    }
    if calls.is_empty() {
        writeln!(out, "  no drug calls of its own")?;
    }
    Ok(())
}
