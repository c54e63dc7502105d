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
            let alteration = kb
                .find(&gene, &name)
                .or_else(|| kb.alteration(&name))
                .ok_or_else(|| {
                    Error::KnowledgeBase(format!("no alteration named '{name}' for {gene}"))
                })?;
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
