//! `--gtf` / `--gff3`: the user's transcript models replace (or add to) the shipped ones
//! for the panel genes, with the shipped or user sequence filling their codons.

use std::path::Path;

use crate::error::{Error, Result};
use crate::genome::{Build, KnownSequence};
use crate::transcript::{read_models, AnnotatedModel, TranscriptSet};

/// The models the annotation at `path` gives the panel genes of `build`, and a note saying
/// which replaced what. A model on no part of the shipped model's locus means the annotation
/// is of the other build (exit 4).
pub(super) fn load(path: &Path, build: Build) -> Result<(Vec<AnnotatedModel>, Vec<String>)> {
    let shipped = TranscriptSet::shipped(build, &KnownSequence::default())?;
    let wanted: Vec<(String, Vec<String>)> = shipped
        .transcripts()
        .iter()
        .map(|t| {
            let ids = std::iter::once(t.id.clone())
                .chain(t.refseq.clone())
                .collect();
            (t.gene.clone(), ids)
        })
        .collect();
    let models = read_models(path, &wanted)?;
    let label = path.display().to_string();
    let mut used = Vec::new();
    for m in &models {
        let tx = &m.transcript;
        if let Some(old) = shipped.by_gene(&tx.gene) {
            let ((a, b), (c, d)) = (old.span(), tx.span());
            if old.chrom != tx.chrom || b < c || d < a {
                return Err(Error::BuildMismatch {
                    path: label,
                    message: format!(
                        "{} {} lies at {}:{c}-{d}, not at the {build} locus {}:{a}-{b}: is the annotation of the other build?",
                        tx.gene, tx.id, tx.chrom, old.chrom
                    ),
                });
            }
        }
        used.push(format!("{} {} ({})", tx.gene, tx.id, m.why));
    }
    let note = if used.is_empty() {
        format!(
            "annotation {label}: no coding transcript of a panel gene; the shipped models are used"
        )
    } else {
        format!(
            "annotation {label}: {} panel gene(s) modelled from it: {}",
            used.len(),
            used.join(", ")
        )
    };
    Ok((models, vec![note]))
}

/// The shipped transcripts of `build` with `models` in place of theirs, codons from `known`.
pub(super) fn transcripts(
    build: Build,
    known: &KnownSequence,
    models: &[AnnotatedModel],
) -> Result<TranscriptSet> {
    let mut set = TranscriptSet::shipped(build, known)?;
    for m in models {
        set.replace(m.transcript.clone(), known)?;
    }
    Ok(set)
}
