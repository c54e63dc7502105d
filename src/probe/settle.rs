//! The run's genome build, settled once from the headers of every input before any stage
//! reads a record: `--build` when given (contig lengths may not contradict it; a
//! `##reference` naming the other build is overridden), else the first header that tells
//! (contig lengths, then the reference name), which every other header must agree with.
//! The stages take the result ([`BuildChoice`]) and resolve nothing themselves.

use std::path::Path;

use super::{BuildChoice, ContigNaming};
use crate::error::{Error, Result};
use crate::genome::{vcf_header_evidence, Build, BuildEvidence};

/// What kind of header a build came from, for saying so in its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKind {
    Vcf,
    Alignments,
    /// Tables that carry no build (CNVkit, fusion callers).
    Table,
    /// The `--reference` FASTA, by its `.fai` contig lengths.
    Reference,
}

/// What one input's header says about the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderBuild {
    pub label: String,
    pub kind: HeaderKind,
    pub evidence: BuildEvidence,
    /// How the header spells chromosomes, when it names one.
    pub naming: Option<ContigNaming>,
}

/// An input whose header the probe reads.
#[derive(Debug, Clone, Copy)]
pub enum ProbeInput<'a> {
    Vcf(&'a Path),
    Alignments {
        path: &'a Path,
        reference: Option<&'a Path>,
    },
    Table(&'a Path),
    /// A faidx-indexed FASTA (`--reference`).
    Reference(&'a Path),
}

impl HeaderBuild {
    /// The header of a VCF already open (a run's small-variant VCF may be stdin).
    pub fn of_vcf(header: &noodles::vcf::Header, label: &str) -> Self {
        HeaderBuild {
            label: label.to_string(),
            kind: HeaderKind::Vcf,
            evidence: vcf_header_evidence(header),
            naming: ContigNaming::of_names(header.contigs().keys().map(String::as_str)),
        }
    }

    /// Read the header (only) of `input`.
    pub fn read(input: ProbeInput) -> Result<Self> {
        Ok(match input {
            ProbeInput::Vcf(path) => {
                let label = path.display().to_string();
                let vcf = crate::io::vcf_input::VcfInput::open(&label, 0)?;
                Self::of_vcf(&vcf.header, &label)
            }
            ProbeInput::Alignments { path, reference } => {
                let file = crate::alignments::AlignmentFile::new(path, reference);
                let header = file.header()?;
                HeaderBuild {
                    label: file.label(),
                    kind: HeaderKind::Alignments,
                    evidence: header.build_evidence(),
                    naming: ContigNaming::of_names(header.contigs.iter().map(|(n, _)| n.as_str())),
                }
            }
            ProbeInput::Reference(path) => {
                let fasta = crate::genome::UserReference::open(path)?;
                HeaderBuild {
                    label: fasta.label(),
                    kind: HeaderKind::Reference,
                    evidence: fasta.build_evidence(),
                    naming: None,
                }
            }
            ProbeInput::Table(path) => HeaderBuild {
                label: path.display().to_string(),
                kind: HeaderKind::Table,
                evidence: BuildEvidence::Unknown,
                naming: None,
            },
        })
    }

    /// What the header says, in its own terms (`24 ##contig length(s) match GRCh38`).
    pub fn says(&self) -> String {
        let (lengths, reference) = match self.kind {
            HeaderKind::Vcf => ("##contig", "##reference="),
            HeaderKind::Reference => (".fai contig", "reference "),
            _ => ("contig", "reference "),
        };
        match &self.evidence {
            BuildEvidence::ContigLengths { build, matched } => {
                format!("{matched} {lengths} length(s) match {build}")
            }
            BuildEvidence::Reference { line, .. } => format!("{reference}{line}"),
            BuildEvidence::Conflicting { grch37, grch38 } => format!(
                "{lengths} lengths of both builds ({grch37} match GRCh37, {grch38} match GRCh38)"
            ),
            BuildEvidence::Unknown => "no contig length or reference name tells".into(),
        }
    }
}

/// The build of a run, and from what. `None` when neither `--build` nor any header tells
/// (a caller may still infer it from REF alleles, [`crate::probe::RefAgreement`]).
pub fn settle_build(flag: Option<Build>, headers: &[HeaderBuild]) -> Result<Option<BuildChoice>> {
    let mismatch = |h: &HeaderBuild, message: String| Error::BuildMismatch {
        path: h.label.clone(),
        message,
    };
    if let Some(build) = flag {
        let choice = BuildChoice::flag(build);
        for h in headers {
            check_agrees(&choice, h)?;
            // Allowed (reference names are often wrong), but positions are then read on the
            // flag's build: a real file of the other build loses its panel calls, so say so.
            if let BuildEvidence::Reference { build: seen, .. } = h.evidence {
                if seen != build {
                    eprintln!("alkres: warning: {}", overridden(h, seen, build));
                }
            }
        }
        return Ok(Some(choice));
    }
    let mut settled: Option<BuildChoice> = None;
    for h in headers {
        if let BuildEvidence::Conflicting { .. } = h.evidence {
            return Err(mismatch(
                h,
                format!("the header is inconsistent: {}; pass --build", h.says()),
            ));
        }
        let Some(seen) = h.evidence.build() else {
            continue;
        };
        match &settled {
            None => {
                settled = Some(BuildChoice::from_input(
                    seen,
                    format!("{} ({})", h.label, h.says()),
                ))
            }
            Some(choice) => check_agrees(choice, h)?,
        }
    }
    Ok(settled)
}

/// The warning for a `##reference` naming `seen` that `--build` overrides.
pub fn overridden(h: &HeaderBuild, seen: Build, flag: Build) -> String {
    format!(
        "{}: {} names {seen}, overridden by --build {flag}: its positions are read as {flag} \
         (if the file really is {seen}, its panel calls are wrong or missing)",
        h.label,
        h.says()
    )
}

/// Whether `h` agrees with a build already settled: with `--build`, contig lengths may not
/// contradict it (a `##reference` naming the other build is overridden); with a build read
/// from another input, neither may, nor may the header be inconsistent.
pub fn check_agrees(choice: &BuildChoice, h: &HeaderBuild) -> Result<()> {
    let mismatch = |message: String| Error::BuildMismatch {
        path: h.label.clone(),
        message,
    };
    let build = choice.build;
    if choice.is_flag() {
        return match h.evidence {
            BuildEvidence::ContigLengths { build: seen, .. } if seen != build => Err(mismatch(
                format!("--build {build} contradicts the header: {}", h.says()),
            )),
            _ => Ok(()),
        };
    }
    match h.evidence {
        BuildEvidence::Conflicting { .. } => Err(mismatch(format!(
            "the header is inconsistent: {}; pass --build",
            h.says()
        ))),
        _ => match h.evidence.build() {
            Some(seen) if seen != build => {
                // --build overrides a ##reference line, never contig lengths.
                let hint = match h.evidence {
                    BuildEvidence::Reference { .. } => {
                        " (pass --build to override a ##reference line)"
                    }
                    _ => "; lift one of them over, or align to one build",
                };
                Err(mismatch(format!(
                    "is {seen} ({}), but the run's build is {} ({}): the inputs are on different builds{hint}",
                    h.says(),
                    choice.build,
                    choice.describe()
                )))
            }
            _ => Ok(()),
        },
    }
}

/// The run's chromosome naming: that of the first header naming a chromosome.
pub fn settle_naming(headers: &[HeaderBuild]) -> Option<ContigNaming> {
    headers.iter().find_map(|h| h.naming)
}

/// [`settle_build`] on the headers of `inputs`, which must tell when `--build` is not given.
pub fn settle_inputs(flag: Option<Build>, inputs: &[ProbeInput]) -> Result<BuildChoice> {
    let headers = inputs
        .iter()
        .map(|i| HeaderBuild::read(*i))
        .collect::<Result<Vec<_>>>()?;
    settle_build(flag, &headers)?.ok_or_else(|| cannot_tell(&headers))
}

/// Nothing tells the build: the error naming the inputs looked at.
pub fn cannot_tell(headers: &[HeaderBuild]) -> Error {
    let labels: Vec<&str> = headers.iter().map(|h| h.label.as_str()).collect();
    Error::BuildMismatch {
        path: if labels.is_empty() {
            "the inputs".into()
        } else {
            labels.join(", ")
        },
        message: "cannot tell the genome build (no contig lengths or reference name in the headers; CNVkit and fusion-caller tables carry none): pass --build GRCh37 or --build GRCh38".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(label: &str, kind: HeaderKind, evidence: BuildEvidence) -> HeaderBuild {
        HeaderBuild {
            label: label.into(),
            kind,
            evidence,
            naming: None,
        }
    }

    fn lengths(build: Build) -> BuildEvidence {
        BuildEvidence::ContigLengths { build, matched: 3 }
    }

    fn reference(build: Build) -> BuildEvidence {
        BuildEvidence::Reference {
            build,
            line: format!("{build}.fa"),
        }
    }

    #[test]
    fn the_first_header_that_tells_settles_and_says_so() {
        let headers = [
            header("a.cns", HeaderKind::Table, BuildEvidence::Unknown),
            header("t.bam", HeaderKind::Alignments, lengths(Build::GRCh38)),
            header("s.vcf", HeaderKind::Vcf, reference(Build::GRCh38)),
        ];
        let choice = settle_build(None, &headers).unwrap().unwrap();
        assert_eq!(choice.build, Build::GRCh38);
        assert!(!choice.is_flag());
        assert_eq!(
            choice.describe(),
            "GRCh38 from t.bam (3 contig length(s) match GRCh38)"
        );
        assert_eq!(settle_build(None, &headers[..1]).unwrap(), None);
        let e = cannot_tell(&headers[..1]).to_string();
        assert!(
            e.starts_with("a.cns: cannot tell") && e.contains("pass --build"),
            "{e}"
        );
    }

    #[test]
    fn a_disagreeing_header_is_refused_naming_both() {
        let headers = [
            header("s.vcf", HeaderKind::Vcf, reference(Build::GRCh37)),
            header("c.vcf", HeaderKind::Vcf, lengths(Build::GRCh38)),
        ];
        let e = settle_build(None, &headers).unwrap_err();
        assert_eq!(e.exit_code(), 4);
        let text = e.to_string();
        assert!(text.starts_with("c.vcf: is GRCh38"), "{text}");
        assert!(
            text.contains("the run's build is GRCh37 (GRCh37 from s.vcf (##reference=GRCh37.fa))"),
            "{text}"
        );
        assert!(text.contains("different builds"), "{text}");
    }

    #[test]
    fn the_flag_overrides_a_reference_line_but_not_contig_lengths() {
        let named = [header("s.vcf", HeaderKind::Vcf, reference(Build::GRCh37))];
        let choice = settle_build(Some(Build::GRCh38), &named).unwrap().unwrap();
        assert!(choice.is_flag() && choice.build == Build::GRCh38);
        assert_eq!(
            overridden(&named[0], Build::GRCh37, Build::GRCh38),
            "s.vcf: ##reference=GRCh37.fa names GRCh37, overridden by --build GRCh38: its \
             positions are read as GRCh38 (if the file really is GRCh37, its panel calls are \
             wrong or missing)"
        );
        let measured = [header(
            "t.bam",
            HeaderKind::Alignments,
            lengths(Build::GRCh38),
        )];
        let e = settle_build(Some(Build::GRCh37), &measured)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(
                "t.bam: --build GRCh37 contradicts the header: 3 contig length(s) match GRCh38"
            ),
            "{e}"
        );
        let both = BuildEvidence::Conflicting {
            grch37: 2,
            grch38: 5,
        };
        let odd = [header("x.vcf", HeaderKind::Vcf, both)];
        assert!(settle_build(None, &odd).is_err());
        assert!(settle_build(Some(Build::GRCh38), &odd).is_ok());
    }
}
