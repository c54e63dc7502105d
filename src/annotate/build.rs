//! Choosing the build for an input: header evidence, `--build`, and their agreement.

use noodles::vcf;

use crate::error::Result;
use crate::genome::{Build, BuildEvidence};
use crate::probe::{cannot_tell, check_agrees, settle_build, BuildChoice, HeaderBuild};

/// The build of this VCF and a sentence saying why, by the probe's rule
/// ([`crate::probe::settle_build`]): a build already settled (`--build`, or another input of
/// the run) must agree with the header ([`crate::probe::check_agrees`]); else the header
/// settles it.
pub fn resolve_build(
    header: &vcf::Header,
    requested: Option<&BuildChoice>,
    label: &str,
) -> Result<(Build, String)> {
    let vcf = HeaderBuild::of_vcf(header, label);
    let Some(choice) = requested else {
        let headers = std::slice::from_ref(&vcf);
        let choice = settle_build(None, headers)?.ok_or_else(|| cannot_tell(headers))?;
        return Ok((choice.build, vcf.says()));
    };
    check_agrees(choice, &vcf)?;
    let why = match (&vcf.evidence, choice.is_flag()) {
        (BuildEvidence::Reference { build: seen, line }, true) if *seen != choice.build => format!(
            "--build {} (overrides ##reference={line}, which names {seen})",
            choice.build
        ),
        (_, true) => choice.describe(),
        // The header agrees with the run: say what it says; a silent header takes the run's.
        (BuildEvidence::ContigLengths { .. } | BuildEvidence::Reference { .. }, false) => {
            vcf.says()
        }
        (_, false) => choice.describe(),
    };
    Ok((choice.build, why))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn header(meta: &str) -> vcf::Header {
        let text =
            format!("##fileformat=VCFv4.2\n{meta}#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        text.parse().unwrap()
    }

    #[test]
    fn the_vcf_build_follows_the_probes_rule() {
        let grch38 = header("##contig=<ID=chr2,length=242193529>\n");
        let named = header("##reference=GRCh37\n");
        let silent = header("");
        // The header alone settles it, in its own words.
        let (build, why) = resolve_build(&grch38, None, "t.vcf").unwrap();
        assert_eq!(
            (build, why.as_str()),
            (Build::GRCh38, "1 ##contig length(s) match GRCh38")
        );
        assert!(resolve_build(&silent, None, "t.vcf").is_err());
        // --build may not contradict contig lengths, but overrides a ##reference.
        let flag = BuildChoice::flag(Build::GRCh37);
        let err = resolve_build(&grch38, Some(&flag), "t.vcf")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--build GRCh37 contradicts the header"),
            "{err}"
        );
        let (_, why) =
            resolve_build(&named, Some(&BuildChoice::flag(Build::GRCh38)), "t.vcf").unwrap();
        assert!(why.contains("overrides ##reference=GRCh37"), "{why}");
        // A build another input settled: the ##reference must agree too.
        let run = BuildChoice::from_input(Build::GRCh38, "tumour.bam (contig lengths)");
        let err = resolve_build(&named, Some(&run), "t.vcf")
            .unwrap_err()
            .to_string();
        assert!(err.contains("the inputs are on different builds"), "{err}");
        assert_eq!(
            resolve_build(&silent, Some(&run), "t.vcf").unwrap().1,
            run.describe()
        );
    }
}
