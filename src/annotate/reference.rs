//! The sequence a run names variants with: the shipped bases, or the user's `--reference`
//! FASTA over every panel region; and the REF check of each panel record against it.

use std::path::Path;

use crate::error::{Error, Result};
use crate::genome::{Build, BuildEvidence, KnownSequence, RefCheck, UserReference};
use crate::probe::BuildChoice;

/// Open the FASTA and read its build from the `.fai` contig lengths; a FASTA of one build
/// with `--build` (or another input) of the other is a contradiction (exit 4).
pub(super) fn open(
    path: &Path,
    requested: Option<&BuildChoice>,
) -> Result<(UserReference, Option<BuildChoice>)> {
    let user = UserReference::open(path)?;
    let label = user.label();
    let choice = match user.build_evidence() {
        BuildEvidence::ContigLengths { build, matched } => {
            if let Some(asked) = requested.filter(|c| c.build != build) {
                return Err(Error::BuildMismatch {
                    path: label,
                    message: format!(
                        "{matched} contig length(s) of the reference FASTA are those of {build}, but the build is {}",
                        asked.describe()
                    ),
                });
            }
            Some(BuildChoice::from_input(
                build,
                format!("{matched} contig length(s) of the reference FASTA {label} match {build}"),
            ))
        }
        BuildEvidence::Conflicting { grch37, grch38 } => {
            return Err(Error::BuildMismatch {
                path: label,
                message: format!(
                    "contig lengths are inconsistent ({grch37} match GRCh37, {grch38} match GRCh38)"
                ),
            })
        }
        _ => None,
    };
    Ok((user, choice))
}

/// The user's bases over every panel region of `build` (transcripts ± padding), with a
/// note for panel regions the FASTA does not hold.
pub(super) fn load(
    user: &mut UserReference,
    build: Build,
    models: &[crate::transcript::AnnotatedModel],
) -> Result<(KnownSequence, Vec<String>)> {
    let regions =
        super::user_models::transcripts(build, &KnownSequence::default(), models)?.panel_regions();
    let (known, missing) = user.load(build, &regions)?;
    let notes = if missing.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "reference FASTA {}: {} panel region(s) not in it, so unnamed there: {}",
            user.label(),
            missing.len(),
            missing.join(", ")
        )]
    };
    Ok((known, notes))
}

/// Where the bases that name variants come from.
pub(super) struct Sequence {
    pub known: KnownSequence,
    /// The shipped bases of both builds, for the build-contradiction test.
    pub shipped: KnownSequence,
    /// The user's FASTA, if its bases replaced the shipped ones.
    pub user_label: Option<String>,
}

impl Sequence {
    /// Check REF against the sequence. With the shipped bases a disagreement means the wrong
    /// build (or a broken file): stop rather than name the wrong protein change. With the
    /// user's FASTA a disagreement is counted and the record left unnamed (`Ok(Some(why))`),
    /// unless REF is the other build's base: then the build is wrong (exit 4).
    pub fn check(
        &self,
        build: Build,
        (chrom, pos, reference): (&str, u64, &str),
        label: &str,
        line: u64,
    ) -> Result<Option<String>> {
        let RefCheck::Disagrees { expected } = self.known.check_ref(build, chrom, pos, reference)
        else {
            return Ok(None);
        };
        let other_agrees =
            self.shipped.check_ref(build.other(), chrom, pos, reference) == RefCheck::Agrees;
        let place = format!("REF {reference} at {chrom}:{pos}");
        match &self.user_label {
            Some(fasta) if !other_agrees => Ok(Some(format!(
                "line {line}: {place} does not match the reference FASTA {fasta} ({expected})"
            ))),
            Some(fasta) => Err(Error::BuildMismatch {
                path: label.to_string(),
                message: format!(
                    "line {line}: {place} does not match the reference FASTA {fasta} ({expected}) but is the {} base — is the build wrong?",
                    build.other()
                ),
            }),
            None => {
                let hint = if other_agrees {
                    format!("; it matches {} — is the build wrong?", build.other())
                } else {
                    String::new()
                };
                Err(Error::BuildMismatch {
                    path: label.to_string(),
                    message: format!(
                        "line {line}: {place} does not match the {build} reference ({expected}){hint}"
                    ),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The user's GRCh38 genome has A at chr2:100; the shipped GRCh37 sequence has C there.
    fn sequence(user: bool) -> Sequence {
        let mut known = KnownSequence::default();
        known.insert(Build::GRCh38, "2", 100, b"A");
        let mut shipped = KnownSequence::default();
        shipped.insert(Build::GRCh37, "2", 100, b"C");
        shipped.insert(Build::GRCh38, "2", 100, b"A");
        Sequence {
            known,
            shipped,
            user_label: user.then(|| "genome.fa".to_string()),
        }
    }

    #[test]
    fn a_user_reference_mismatch_is_counted_unless_it_is_the_other_builds_base() {
        let seq = sequence(true);
        let check = |r: &str| seq.check(Build::GRCh38, ("chr2", 100, r), "in.vcf", 7);
        assert_eq!(check("A").unwrap(), None);
        let why = check("G").unwrap().unwrap();
        assert!(
            why.contains(
                "line 7: REF G at chr2:100 does not match the reference FASTA genome.fa (A)"
            ),
            "{why}"
        );
        let err = check("C").unwrap_err();
        assert!(matches!(err, Error::BuildMismatch { .. }), "{err}");
        assert!(err.to_string().contains("is the GRCh37 base"), "{err}");
        // Without a user FASTA every disagreement with the shipped bases stops the run.
        let shipped = sequence(false);
        let err = shipped
            .check(Build::GRCh38, ("2", 100, "G"), "in.vcf", 7)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("does not match the GRCh38 reference (A)"),
            "{err}"
        );
    }
}
