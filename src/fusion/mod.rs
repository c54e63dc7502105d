//! ALK fusion detection: from alignments (BAM/CRAM), SV calls (Manta, GRIDSS, DELLY, LUMPY)
//! and RNA fusion callers (Arriba, STAR-Fusion). Every source yields candidate junctions
//! with one breakend in ALK (`breakend::Candidate`); [`naming`] names the partner, exons,
//! variant, orientation, kinase domain and frame from the transcript table.
//!
//! [`detect`] returns the reports without writing anything; `alkres fusions` (in
//! `commands`) attaches the KB matches and writes `<sample>.alkres.<build>.fusions.{tsv,json}`.

pub(crate) mod bam;
pub(crate) mod breakend;
pub(crate) mod call;
pub(crate) mod inputs;
pub mod naming;
pub(crate) mod output;
pub mod rna;
pub(crate) mod stats;
pub mod sv;
pub(crate) mod variant;

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::genome::{Build, KnownSequence};
use crate::model::{FusionFinding, DISCLAIMER};
use crate::probe::{cannot_tell, settle_build, BuildChoice, HeaderBuild};
use crate::transcript::TranscriptSet;

pub use call::{CallRules, FusionCandidate};
use inputs::{InputKind, Job};
use naming::Namer;
pub use stats::InputStats;
use stats::SourceOutput;

/// Version of the fusions JSON layout; bump on any breaking change.
pub const FUSIONS_SCHEMA_VERSION: &str = "1.0";

/// Thresholds for calling fusions from alignments and SV records.
#[derive(Debug, Clone)]
pub struct FusionOptions {
    /// Minimum mapping quality of a read (and of its SA/mate alignment) counted as evidence.
    pub min_mapq: u8,
    /// Fewest supporting fragments (split + discordant + junction-sequence reads, the
    /// reciprocal junction's included) for a junction from alignments to be listed.
    pub min_support: u32,
    /// Shortest soft/hard clip that marks a breakpoint.
    pub min_clip: u32,
    /// Keep SV records whose FILTER is not PASS (listed as candidates).
    pub include_filtered: bool,
    /// What a junction needs to be a finding rather than a candidate.
    pub rules: CallRules,
}

impl Default for FusionOptions {
    fn default() -> Self {
        FusionOptions {
            min_mapq: 20,
            min_support: 3,
            min_clip: 10,
            include_filtered: false,
            rules: CallRules::default(),
        }
    }
}

/// Everything one detection run reads.
#[derive(Debug, Clone, Default)]
pub struct FusionInputs {
    /// BAM/CRAM files, indexed.
    pub alignments: Vec<PathBuf>,
    /// Reference FASTA for CRAM.
    pub reference: Option<PathBuf>,
    pub sv_vcfs: Vec<PathBuf>,
    pub arriba: Vec<PathBuf>,
    pub star_fusion: Vec<PathBuf>,
    /// All inputs belong to this sample (default: named by the inputs).
    pub sample: Option<String>,
    pub options: FusionOptions,
}

/// Statistics of one report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FusionStats {
    pub inputs: Vec<InputStats>,
    pub fusions: u64,
    /// Junctions listed as candidates (not findings).
    pub candidates: u64,
}

/// The fusions of one sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FusionReport {
    pub schema_version: &'static str,
    pub sample: String,
    pub build: Build,
    pub build_evidence: String,
    /// Knowledge-base label, when the report is written with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    pub alkres_version: &'static str,
    /// Findings: junctions that meet every rule of [`CallRules`].
    pub fusions: Vec<FusionFinding>,
    /// Weaker junctions, with the rules they fail; never used by the verdict.
    pub candidates: Vec<FusionCandidate>,
    pub stats: FusionStats,
    pub disclaimer: &'static str,
}

fn jobs(inputs: &FusionInputs) -> Vec<(InputKind, PathBuf)> {
    let mut list = Vec::new();
    let mut add = |kind, paths: &[PathBuf]| list.extend(paths.iter().map(|p| (kind, p.clone())));
    add(InputKind::Alignments, &inputs.alignments);
    add(InputKind::SvVcf, &inputs.sv_vcfs);
    add(InputKind::Arriba, &inputs.arriba);
    add(InputKind::StarFusion, &inputs.star_fusion);
    list
}

/// What every input of a run shares.
struct RunContext<'a> {
    inputs: &'a FusionInputs,
    namer: &'a Namer<'a>,
    build: Build,
    build_evidence: &'a str,
    /// htslib decoding threads per alignment file: the worker threads not used by files
    /// read side by side.
    decode_threads: usize,
    /// ALK regions already read by the run's shared pass over an alignment file.
    prescanned: &'a [std::sync::Arc<bam::Prescanned>],
}

fn read_source(job: &Job, run: &RunContext, sample: &str) -> Result<SourceOutput> {
    let (inputs, namer) = (run.inputs, run.namer);
    let o = &inputs.options;
    match job.kind {
        InputKind::Alignments => bam::read(
            &job.path,
            namer,
            &bam::AlignmentOptions {
                filter: bam::ReadFilter {
                    min_mapq: o.min_mapq,
                    min_clip: o.min_clip,
                },
                min_support: o.min_support,
                reference: inputs.reference.clone(),
                decode_threads: run.decode_threads,
                prescanned: run.prescanned.iter().find(|p| p.path == job.path).cloned(),
            },
        ),
        InputKind::SvVcf => sv::read(
            &job.path,
            namer,
            &sv::SvOptions {
                sample: Some(sample),
                sample_given: inputs.sample.is_some(),
                include_filtered: o.include_filtered,
            },
        ),
        InputKind::Arriba => rna::read_arriba(&job.path, namer),
        InputKind::StarFusion => rna::read_star_fusion(&job.path, namer),
    }
}

fn sort_key(f: &FusionFinding) -> (String, String, String, String, String) {
    (
        f.partner.clone(),
        f.variant.clone().unwrap_or_default(),
        f.alk_breakpoint.clone().unwrap_or_default(),
        f.partner_breakpoint.clone().unwrap_or_default(),
        f.source.clone(),
    )
}

fn detect_sample(sample: String, jobs: &[Job], run: &RunContext) -> Result<FusionReport> {
    let outputs: Vec<Result<SourceOutput>> = jobs
        .par_iter()
        .map(|job| read_source(job, run, &sample))
        .collect();
    let mut fusions = Vec::new();
    let mut candidates = Vec::new();
    let mut stats = FusionStats::default();
    for output in outputs {
        let SourceOutput {
            candidates: junctions,
            stats: mut input_stats,
        } = output?;
        let named = junctions
            .into_iter()
            .map(|c| {
                let f = run.namer.name(&c);
                (c, f)
            })
            .collect();
        let (found, weak) = call::classify(named, run.namer, &run.inputs.options.rules);
        input_stats.fusions = found.len() as u64;
        input_stats.candidates = weak.len() as u64;
        fusions.extend(found);
        candidates.extend(weak);
        stats.inputs.push(input_stats);
    }
    fusions.sort_by_cached_key(sort_key);
    candidates.sort_by_cached_key(|c| sort_key(&c.fusion));
    stats.fusions = fusions.len() as u64;
    stats.candidates = candidates.len() as u64;
    Ok(FusionReport {
        schema_version: FUSIONS_SCHEMA_VERSION,
        sample,
        build: run.build,
        build_evidence: run.build_evidence.to_string(),
        kb: None,
        command: None,
        alkres_version: env!("CARGO_PKG_VERSION"),
        fusions,
        candidates,
        stats,
        disclaimer: DISCLAIMER,
    })
}

/// Detect ALK fusions in `inputs` on `build` (default: settled from the input headers by
/// [`crate::probe::settle_build`]) with `threads` workers. One report per sample (exactly
/// one when `inputs.sample` is set), sorted by sample; nothing is written.
pub fn detect(
    inputs: &FusionInputs,
    build: Option<Build>,
    threads: usize,
) -> Result<Vec<FusionReport>> {
    detect_with(inputs, threads, &[], |jobs| {
        let headers: Vec<HeaderBuild> = jobs.iter().map(Job::header_build).collect();
        settle_build(build, &headers)?.ok_or_else(|| cannot_tell(&headers))
    })
}

/// [`detect`] on the build the run's probe settled (it has read these inputs' headers).
pub fn detect_on(
    inputs: &FusionInputs,
    build: &BuildChoice,
    threads: usize,
) -> Result<Vec<FusionReport>> {
    detect_prescanned(inputs, build, threads, &[])
}

/// [`detect_on`], with the ALK regions of some alignment files already read (by the
/// copy-number pass of `alkres run`, `bam::AlkPrescan`): those are not read again.
pub fn detect_prescanned(
    inputs: &FusionInputs,
    build: &BuildChoice,
    threads: usize,
    prescanned: &[std::sync::Arc<bam::Prescanned>],
) -> Result<Vec<FusionReport>> {
    detect_with(inputs, threads, prescanned, |_| Ok(build.clone()))
}

fn detect_with(
    inputs: &FusionInputs,
    threads: usize,
    prescanned: &[std::sync::Arc<bam::Prescanned>],
    settle: impl FnOnce(&[Job]) -> Result<BuildChoice> + Send,
) -> Result<Vec<FusionReport>> {
    let list = jobs(inputs);
    if list.is_empty() {
        return Err(Error::Usage(
            "alkres fusions: give at least one input (-b BAM/CRAM, --sv VCF, --arriba TSV, --star-fusion TSV)".into(),
        ));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} worker threads: {e}")))?;
    pool.install(|| {
        let probed: Vec<Result<Job>> = list
            .par_iter()
            .map(|(kind, path)| inputs::probe(*kind, path))
            .collect();
        let probed = probed.into_iter().collect::<Result<Vec<Job>>>()?;
        let choice = settle(&probed)?;
        let (build, why) = (choice.build, choice.describe());
        // Naming needs exons, strands and CDS bounds, not the coding bases.
        let set = TranscriptSet::shipped(build, &KnownSequence::default())?;
        let namer = Namer::new(&set)?;
        let groups = inputs::group(probed, inputs.sample.as_deref())?;
        let run = RunContext {
            inputs,
            namer: &namer,
            build,
            build_evidence: &why,
            decode_threads: threads / inputs.alignments.len().max(1),
            prescanned,
        };
        let reports: Vec<Result<FusionReport>> = groups
            .into_par_iter()
            .map(|(sample, jobs)| detect_sample(sample, &jobs, &run))
            .collect();
        reports.into_iter().collect()
    })
}
