//! Everything known about one sample → one verdict and the full set of reports.

use std::path::PathBuf;

use crate::annotate::{
    annotate_open_vcf, infer_from_ref, open_input, write_reports, AnnotateConfig, AnnotatedSample,
    AnnotatedVcf,
};
use crate::error::{Error, Result};
use crate::genome::{Build, KnownSequence};
use crate::io::atomic::PendingOutputs;
use crate::io::vcf_input::VcfInput;
use crate::kb::KnowledgeBase;
use crate::probe::{
    cannot_tell, settle_naming, tumour_column_by, BuildChoice, ColumnHints, ContigNaming,
    HeaderBuild, ProbeInput,
};
use crate::report::vcf::OutputType;
use crate::report::{CopyNumberFinding, FusionFinding, RunInfo, SampleReport, Stats};
use crate::verdict::{decide, PhaseEvidence, SampleEvidence, TreatmentHistory};

/// The inputs of one sample; any subset may be given.
#[derive(Debug, Clone, Default)]
pub struct SampleInputs {
    pub sample: String,
    pub vcf: Option<PathBuf>,
    pub bam: Option<PathBuf>,
    pub reference: Option<PathBuf>,
    pub sv: Vec<PathBuf>,
    /// CNVkit .cnr/.cns or CNV VCFs.
    pub cnv: Vec<PathBuf>,
    pub arriba: Vec<PathBuf>,
    pub star_fusion: Vec<PathBuf>,
    /// Capture design of the BAM (BED), for copy number.
    pub targets: Option<PathBuf>,
    /// Matched normal alignments: copy-number baseline and hotspot error floor.
    pub normal_bam: Option<PathBuf>,
    /// Hotspot panel of normals: each hotspot's error floor.
    pub hotspot_pon: Option<PathBuf>,
    /// The sample sheet's `build` for this sample: `--build` for its row alone.
    pub build: Option<Build>,
    pub history: Option<TreatmentHistory>,
}

impl SampleInputs {
    pub fn is_empty(&self) -> bool {
        self.vcf.is_none()
            && self.bam.is_none()
            && self.sv.is_empty()
            && self.cnv.is_empty()
            && self.arriba.is_empty()
            && self.star_fusion.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub output_dir: PathBuf,
    pub build: Option<Build>,
    pub output_type: OutputType,
    pub include_filtered: bool,
    pub threads: usize,
    pub command_line: String,
    /// `--gtf` / `--gff3`: the user's transcript models for the panel genes.
    pub annotation: Option<std::path::PathBuf>,
}

/// What the non-VCF inputs add to a sample.
#[derive(Debug, Default)]
pub struct ExtraEvidence {
    pub fusions: Vec<FusionFinding>,
    /// Fusion junctions too weak for a finding: reported, never used by the verdict.
    pub fusion_candidates: Vec<crate::fusion::FusionCandidate>,
    pub copy_number: Vec<CopyNumberFinding>,
    /// Panel genes whose copy number was not assessed, and why.
    pub copy_number_not_assessed: Vec<crate::copy_number::regions::NotAssessed>,
    pub bam_phase: Vec<PhaseEvidence>,
    /// KB hotspots detected in the BAM (added to the findings when the VCF lacks them).
    pub hotspots: Vec<crate::report::Finding>,
}

/// Run every detector the inputs allow, combine, decide, and write the sample's reports
/// (all at once: nothing appears unless everything succeeded).
pub fn run_sample(
    inputs: &SampleInputs,
    options: &RunOptions,
    kb: &KnowledgeBase,
) -> Result<SampleReport> {
    if inputs.is_empty() {
        return Err(Error::Usage(format!(
            "sample {}: no input (give at least one of --vcf, --bam, --sv, --cnv, --arriba, --star-fusion)",
            inputs.sample
        )));
    }
    // The run's probe: the small-variant VCF is opened once (stdin cannot be read twice);
    // its header settles the build for every stage when --build is not given.
    let vcf = match &inputs.vcf {
        Some(vcf) => {
            let mut config = AnnotateConfig {
                input: vcf.display().to_string(),
                output_dir: options.output_dir.clone(),
                build: None,
                sample: None,
                include_filtered: options.include_filtered,
                keep_all: false,
                write_index: false,
                output_type: options.output_type,
                threads: options.threads,
                command_line: options.command_line.clone(),
                history: None,
                kb_dir: None,
                output_name: Some(inputs.sample.clone()),
                layout: crate::annotate::OutputLayout::PerSample,
                per_sample_html: false,
                reference: inputs.reference.clone(),
                annotation: options.annotation.clone(),
            };
            let input = open_input(&config)?;
            config.sample = vcf_sample(&input, &inputs.sample)?;
            Some((config, input))
        }
        None => None,
    };
    let (settled, naming) = settle_build(inputs, options, vcf.as_ref().map(|(_, input)| input))?;
    let extra = super::sample_evidence::collect(inputs, options, kb, &settled, naming)?;
    let mut reader_notes = Vec::new();
    let (annotated, mut pending, build) = match vcf {
        Some((mut config, input)) => {
            config.build = Some(settled.clone());
            let AnnotatedVcf {
                mut samples,
                notes,
                pending,
                build,
                ..
            } = annotate_open_vcf(&config, kb, input)?;
            for note in &notes {
                eprintln!("alkres: {}: {note}", inputs.sample);
            }
            reader_notes = notes;
            (Annotated::Vcf(samples.remove(0)), pending, build)
        }
        None => {
            let build = settled.build;
            (
                Annotated::NoVcf(run_info(options, kb, &settled)),
                PendingOutputs::default(),
                build,
            )
        }
    };
    let mut sample = match annotated {
        Annotated::Vcf(sample) => sample,
        Annotated::NoVcf(run) => AnnotatedSample {
            sample: inputs.sample.clone(),
            run,
            findings: Vec::new(),
            other_variants: Vec::new(),
            stats: Stats::default(),
        },
    };
    for hotspot in extra.hotspots {
        let in_vcf = sample
            .findings
            .iter()
            .any(|f| f.gene == hotspot.gene && f.protein_short == hotspot.protein_short);
        if in_vcf {
            continue;
        }
        sample.findings.push(hotspot);
    }
    // The verdict is decided once, on every stage's findings.
    let verdict = decide(
        SampleEvidence {
            small_variants: &sample.findings,
            fusions: &extra.fusions,
            copy_number: &extra.copy_number,
            bam_phase: &extra.bam_phase,
            history: inputs.history.as_ref(),
        },
        kb,
    );
    let mut report = sample.into_report(extra.fusions, extra.copy_number, verdict);
    report.fusion_candidates = extra.fusion_candidates;
    report.copy_number_not_assessed = extra.copy_number_not_assessed;
    report.notes = reader_notes;
    write_reports(&report, &options.output_dir, build, &mut pending)?;
    pending.commit()?;
    Ok(report)
}

/// The run's probe for the build: `--build`, else the headers of every input (the
/// small-variant VCF first), else the VCF's REF alleles; every stage takes the result. With
/// it, the chromosome naming of the first header that names one.
fn settle_build(
    inputs: &SampleInputs,
    options: &RunOptions,
    vcf: Option<&VcfInput>,
) -> Result<(BuildChoice, Option<ContigNaming>)> {
    let reference = inputs.reference.as_deref();
    let mut probed: Vec<ProbeInput> = inputs
        .bam
        .iter()
        .chain(&inputs.normal_bam)
        .map(|path| ProbeInput::Alignments { path, reference })
        .collect();
    for path in &inputs.cnv {
        probed.push(match super::sample_evidence::is_cnvkit(path) {
            true => ProbeInput::Table(path),
            false => ProbeInput::Vcf(path),
        });
    }
    probed.extend(inputs.sv.iter().map(|p| ProbeInput::Vcf(p)));
    // A fusion table's kind is checked before the build it carries none of.
    for path in &inputs.arriba {
        crate::fusion::rna::check_arriba(path)?;
    }
    for path in &inputs.star_fusion {
        crate::fusion::rna::check_star_fusion(path)?;
    }
    probed.extend(inputs.arriba.iter().map(|p| ProbeInput::Table(p)));
    probed.extend(inputs.star_fusion.iter().map(|p| ProbeInput::Table(p)));
    // The FASTA's .fai lengths are build evidence like any header's.
    probed.extend(reference.map(ProbeInput::Reference));
    let mut headers: Vec<HeaderBuild> = vcf
        .map(|input| HeaderBuild::of_vcf(&input.header, &input.label))
        .into_iter()
        .collect();
    for input in probed {
        headers.push(HeaderBuild::read(input)?);
    }
    let naming = settle_naming(&headers);
    if let Some(choice) = crate::probe::settle_build(inputs.build.or(options.build), &headers)? {
        return Ok((choice, naming));
    }
    let from_ref = match vcf.and_then(VcfInput::file_path) {
        Some(path) => infer_from_ref(&path.display().to_string(), &KnownSequence::shipped()?)?,
        None => None,
    };
    let choice = from_ref.ok_or_else(|| cannot_tell(&headers))?;
    Ok((choice, naming))
}

/// Which VCF column is this sample: its own name, else the only sample in the file, else
/// the tumour by the rule every stage uses ([`crate::probe::tumour_column_by`]), said aloud.
fn vcf_sample(input: &VcfInput, sample: &str) -> Result<Option<String>> {
    let names: Vec<String> = input.header.sample_names().iter().cloned().collect();
    let hints = ColumnHints::from_header(&input.header_text()?);
    let Some(column) = tumour_column_by(&names, Some(sample), &hints) else {
        return Ok(None);
    };
    if let Some(why) = &column.guessed {
        eprintln!("alkres: {sample}: {}: {why}", input.label);
    }
    Ok(Some(column.name))
}

/// Where a run without a small-variant VCF says its build came from.
fn run_info(options: &RunOptions, kb: &KnowledgeBase, build: &BuildChoice) -> RunInfo {
    RunInfo {
        alkres_version: env!("CARGO_PKG_VERSION").to_string(),
        command: options.command_line.clone(),
        input: "no small-variant VCF".into(),
        build: build.build.to_string(),
        build_evidence: build.describe(),
        kb: kb.label(),
        read_mode: String::new(),
        reference: None,
    }
}

/// The small-variant side of a run: annotated from the VCF, or absent.
enum Annotated {
    Vcf(AnnotatedSample),
    NoVcf(RunInfo),
}
