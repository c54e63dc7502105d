//! Choosing the build for an input: header evidence, `--build`, and their agreement.

use noodles::vcf;

use crate::error::{Error, Result};
use crate::genome::{vcf_header_evidence, Build, BuildEvidence};
use crate::probe::{BuildChoice, BuildSource};

/// The build to use and a sentence saying why.
pub fn resolve_build(
    header: &vcf::Header,
    requested: Option<&BuildChoice>,
    label: &str,
) -> Result<(Build, String)> {
    let evidence = vcf_header_evidence(header);
    if let Some(
        choice @ BuildChoice {
            source: BuildSource::Input(_),
            ..
        },
    ) = requested
    {
        return agree_with_run(choice, evidence, label);
    }
    match (requested.map(|c| c.build), evidence) {
        (Some(build), BuildEvidence::ContigLengths { build: seen, matched }) if build != seen => {
            Err(Error::BuildMismatch {
                path: label.to_string(),
                message: format!(
                    "--build {build} was given but {matched} ##contig length(s) are those of {seen}"
                ),
            })
        }
        (Some(build), BuildEvidence::Reference { build: seen, line }) if build != seen => Ok((
            build,
            format!("--build {build} (overrides ##reference={line}, which names {seen})"),
        )),
        (Some(build), _) => Ok((build, format!("--build {build}"))),
        (None, BuildEvidence::ContigLengths { build, matched }) => {
            Ok((build, format!("{matched} ##contig length(s) match {build}")))
        }
        (None, BuildEvidence::Reference { build, line }) => {
            Ok((build, format!("##reference={line}")))
        }
        (None, BuildEvidence::Conflicting { grch37, grch38 }) => Err(Error::BuildMismatch {
            path: label.to_string(),
            message: format!(
                "##contig lengths are inconsistent ({grch37} match GRCh37, {grch38} match GRCh38); pass --build"
            ),
        }),
        (None, BuildEvidence::Unknown) => Err(Error::BuildMismatch {
            path: label.to_string(),
            message: "cannot tell the genome build (no ##contig lengths or ##reference naming one); pass --build GRCh37 or --build GRCh38".into(),
        }),
    }
}

/// The build was settled by another input of the run (not `--build`): this VCF's header
/// must agree with it, `##contig` lengths and `##reference` alike.
fn agree_with_run(
    choice: &BuildChoice,
    evidence: BuildEvidence,
    label: &str,
) -> Result<(Build, String)> {
    let build = choice.build;
    let mismatch = |what: String| Error::BuildMismatch {
        path: label.to_string(),
        message: format!(
            "{what}, but the run's build is {} (pass --build to override)",
            choice.describe()
        ),
    };
    match evidence {
        BuildEvidence::ContigLengths {
            build: seen,
            matched,
        } if seen != build => Err(mismatch(format!(
            "{matched} ##contig length(s) are those of {seen}"
        ))),
        BuildEvidence::Reference { build: seen, line } if seen != build => {
            Err(mismatch(format!("##reference={line} names {seen}")))
        }
        BuildEvidence::ContigLengths { matched, .. } => {
            Ok((build, format!("{matched} ##contig length(s) match {build}")))
        }
        BuildEvidence::Reference { line, .. } => Ok((build, format!("##reference={line}"))),
        BuildEvidence::Conflicting { grch37, grch38 } => Err(mismatch(format!(
            "##contig lengths are inconsistent ({grch37} match GRCh37, {grch38} match GRCh38)"
        ))),
        BuildEvidence::Unknown => Ok((build, choice.describe())),
    }
}

/// The build the REF alleles of a VCF file support, read before annotating when neither
/// `--build` nor the header says: stops once one build has enough agreeing bases.
pub fn infer_from_ref(
    path: &str,
    known: &crate::genome::KnownSequence,
) -> Result<Option<BuildChoice>> {
    let mut input = crate::io::vcf_input::VcfInput::open(path, 0)?;
    let mut tally = crate::probe::RefAgreement::default();
    let mut line = Vec::new();
    while input.next_line(&mut line)? {
        // Malformed lines are reported by the annotating pass.
        let Ok((chrom, pos)) = crate::io::vcf_record::locus(&line, input.line_number) else {
            continue;
        };
        let Some(reference) = crate::io::vcf_line::column_range(&line, 3).map(|r| &line[r]) else {
            continue;
        };
        tally.observe(known, chrom, pos, reference);
        // Fifty agreeing bases on one build are enough to stop reading.
        if tally.inferred().is_some_and(|b| tally.agreeing(b) >= 50) {
            break;
        }
    }
    Ok(tally.inferred().map(|build| {
        BuildChoice::from_input(
            build,
            format!(
                "the REF alleles of {}: {} (no ##contig lengths)",
                input.label,
                tally.describe(build)
            ),
        )
    }))
}
