//! `alkres annotate`: read a VCF/BCF, name every panel variant, write VCF + TSV + JSON per sample.

mod build;
mod events;
mod germline;
mod record;
mod reference;
mod sample;
mod skip;
mod user_models;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use build::{infer_from_ref, resolve_build};
pub use record::{info_additions, without_alkres_info, RecordAnnotator};

use crate::detect::small_variant::parse_record;
use crate::error::{Error, Result};
use crate::genome::{Build, KnownSequence};
use crate::io::atomic::PendingOutputs;
use crate::io::file_stem;
use crate::io::indexed::read_regions;
use crate::io::vcf_input::{index_next_to, VcfInput};
use crate::io::vcf_line::{column_range, column_ranges, with_info_added, with_one_sample};
use crate::io::vcf_record::locus;
use crate::kb::KnowledgeBase;
use crate::model::{CopyNumberFinding, Finding, FusionFinding};
use crate::panel::Panel;
use crate::probe::{BuildChoice, ColumnHints};
use crate::report::model::{DISCLAIMER, JSON_SCHEMA_VERSION};
use crate::report::vcf::{annotated_header, OutputType, VcfSink};
use crate::report::{html, json, multiqc, tsv, RunInfo, SampleReport, Stats};
use crate::verdict::{decide, read_sample_sheet, SampleEvidence, Verdict};
use sample::{candidates, combine_codons, merge_same_change, Candidate};

#[derive(Debug, Clone)]
pub struct AnnotateConfig {
    /// Path, or `-` for stdin.
    pub input: String,
    pub output_dir: PathBuf,
    /// `--build`, or the build another input of the run settled.
    pub build: Option<BuildChoice>,
    pub sample: Option<String>,
    pub include_filtered: bool,
    pub keep_all: bool,
    /// Write a tabix index next to each bgzipped VCF output.
    pub write_index: bool,
    pub output_type: OutputType,
    pub threads: usize,
    pub command_line: String,
    /// A sample sheet with treatment history (`sample,prior_tkis,timepoint,months_on_treatment`).
    pub history: Option<PathBuf>,
    /// A folder of KB tables that add to or override the shipped KB.
    pub kb_dir: Option<PathBuf>,
    /// Name the (single selected) sample's outputs this instead of the VCF column name.
    pub output_name: Option<String>,
    /// One set of files per sample, or one cohort set for the whole VCF.
    pub layout: OutputLayout,
    /// In the cohort layout, also write each sample's HTML report.
    pub per_sample_html: bool,
    /// The user's genome (faidx-indexed FASTA): REF checked and codons read from it.
    pub reference: Option<PathBuf>,
    /// The user's transcript models (GTF or GFF3) for the panel genes.
    pub annotation: Option<PathBuf>,
}

/// How the outputs of a multi-sample VCF are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputLayout {
    /// Cohort above `COHORT_AUTO_SAMPLES` samples (unless `--sample`), per-sample below.
    Auto,
    /// VCF + TSV + JSON + HTML + MultiQC for each sample.
    PerSample,
    /// One annotated multi-sample VCF, one cohort TSV and JSON (see `report::cohort`).
    Cohort,
}

/// Above this many samples `Auto` writes the cohort layout: 5 files per sample stop being
/// useful (and 2,504 samples would be 12,520 files).
pub const COHORT_AUTO_SAMPLES: usize = 50;

impl AnnotateConfig {
    /// The defaults of `alkres annotate` for `input` (a path, or `-`) into `output_dir`:
    /// build from the header, every sample, PASS records only, bgzipped VCF, one thread,
    /// the shipped KB.
    pub fn new(input: impl Into<String>, output_dir: impl Into<PathBuf>) -> Self {
        AnnotateConfig {
            input: input.into(),
            output_dir: output_dir.into(),
            build: None,
            sample: None,
            include_filtered: false,
            keep_all: false,
            write_index: false,
            output_type: OutputType::VcfGz,
            threads: 1,
            command_line: String::new(),
            history: None,
            kb_dir: None,
            output_name: None,
            layout: OutputLayout::Auto,
            per_sample_html: false,
            reference: None,
            annotation: None,
        }
    }
}

/// What `alkres annotate` produced: the reports and every file written.
pub struct AnnotateOutcome {
    pub reports: Vec<SampleReport>,
    pub notes: Vec<String>,
    pub written: Vec<PathBuf>,
}

/// One output sample: its column in the input and what it accumulates.
struct SampleOutput {
    name: String,
    column: Option<usize>,
    /// Its own VCF (per-sample layout); `None` in the cohort layout.
    sink: Option<VcfSink>,
    candidates: Vec<Candidate>,
    stats: Stats,
}

fn sample_name_for_sites_only(input: &str) -> String {
    if input == "-" {
        return "stdin".into();
    }
    let name = Path::new(input)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sample".into());
    [".vcf.gz", ".vcf.bgz", ".vcf", ".bcf"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(&name)
        .to_string()
}

pub fn annotate(config: &AnnotateConfig) -> Result<AnnotateOutcome> {
    // Opened first: its first blocks inflate on the pool while the knowledge base is read
    // (issue 15: start-up on one core was a visible part of a whole-genome scan).
    let input = open_input(config)?;
    let kb = crate::kb::load(config.kb_dir.as_deref())?;
    let histories = match &config.history {
        Some(path) => read_sample_sheet(path, &kb)?,
        None => Vec::new(),
    };
    let AnnotatedVcf {
        samples,
        notes,
        mut pending,
        build,
        cohort_stem,
    } = annotate_open_vcf(config, &kb, input)?;
    // `annotate` has only the small variants: the verdict is decided on them alone, for
    // each sample on the pool (2,504 samples' verdicts had been serial: issue 15).
    let reports: Vec<SampleReport> = samples
        .into_par_iter()
        .map(|s| {
            let history = histories
                .iter()
                .find(|(name, _)| *name == s.sample)
                .map(|(_, h)| h);
            let verdict = decide(
                SampleEvidence {
                    small_variants: &s.findings,
                    history,
                    ..SampleEvidence::default()
                },
                &kb,
            );
            let mut report = s.into_report(Vec::new(), Vec::new(), verdict);
            // The reader's notes (duplicates counted once, INFO entries left out, a normal
            // column not reported) belong in the report too, as `run` writes them, not only
            // on stderr.
            report.notes = notes.clone();
            report
        })
        .collect();
    match &cohort_stem {
        Some(stem) => crate::report::cohort::write_cohort_reports(
            &reports,
            &config.output_dir,
            stem,
            build.tag(),
            config.per_sample_html,
            &mut pending,
        )?,
        None => {
            for report in &reports {
                write_reports(report, &config.output_dir, build, &mut pending)?;
            }
        }
    }
    let mut written = pending.commit()?;
    if config.write_index {
        let indexes: Vec<PathBuf> = written
            .iter()
            .filter(|p| p.to_string_lossy().ends_with(".vcf.gz"))
            .map(|p| write_tabix_index(p))
            .collect::<Result<_>>()?;
        written.extend(indexes);
    }
    Ok(AnnotateOutcome {
        reports,
        notes,
        written,
    })
}

/// Index a bgzipped VCF output (`FILE.tbi`), written atomically like every output.
fn write_tabix_index(vcf: &Path) -> Result<PathBuf> {
    let index = match noodles::vcf::fs::index(vcf).map_err(|e| Error::output(vcf, e))? {
        noodles::vcf::Index::Tabix(index) => index,
        noodles::vcf::Index::Csi(_) => {
            return Err(Error::output(
                vcf,
                std::io::Error::other("contigs too long for a tabix index"),
            ))
        }
    };
    let mut name = vcf.as_os_str().to_owned();
    name.push(".tbi");
    let path = PathBuf::from(name);
    let mut pending = PendingOutputs::default();
    let file = pending.create(&path)?;
    file.finish()?;
    let temp = pending
        .paths()
        .next()
        .map(Path::to_path_buf)
        .expect("one pending file");
    noodles::tabix::fs::write(&temp, &index).map_err(|e| Error::output(&path, e))?;
    pending.commit()?;
    Ok(path)
}

/// One sample's small variants, annotated; the verdict is decided by the caller, once, on
/// all the evidence it has.
pub struct AnnotatedSample {
    pub sample: String,
    pub run: RunInfo,
    pub findings: Vec<Finding>,
    pub other_variants: Vec<Finding>,
    pub stats: Stats,
}

impl AnnotatedSample {
    /// The full report, with the other stages' findings and the verdict on all of them.
    pub fn into_report(
        self,
        fusions: Vec<FusionFinding>,
        copy_number: Vec<CopyNumberFinding>,
        verdict: Verdict,
    ) -> SampleReport {
        SampleReport {
            schema_version: JSON_SCHEMA_VERSION,
            sample: self.sample,
            run: self.run,
            findings: self.findings,
            other_variants: self.other_variants,
            fusions,
            fusion_candidates: Vec::new(),
            copy_number,
            copy_number_not_assessed: Vec::new(),
            notes: Vec::new(),
            verdict,
            stats: self.stats,
            disclaimer: DISCLAIMER,
        }
    }
}

/// A VCF read and annotated: one entry per sample, and the annotated VCFs written but not
/// yet committed.
pub struct AnnotatedVcf {
    pub samples: Vec<AnnotatedSample>,
    /// What the reader decided about the input that the user should hear (a matched normal
    /// not reported, duplicates dropped).
    pub notes: Vec<String>,
    pub pending: PendingOutputs,
    pub build: Build,
    /// File stem of the cohort outputs when the layout is cohort (issue 15).
    pub cohort_stem: Option<String>,
}

/// Annotate the VCF of `config`; reports are returned, not written.
pub fn annotate_vcf(config: &AnnotateConfig, kb: &KnowledgeBase) -> Result<AnnotatedVcf> {
    let input = open_input(config)?;
    annotate_open_vcf(config, kb, input)
}

/// Record counts shared by every output sample, counted once per record (not once per
/// record and sample: the consumer thread is the bottleneck of a WGS scan, issue 15).
#[derive(Default)]
struct RecordCounts {
    read: u64,
    outside_panel: u64,
    in_panel: u64,
    filtered_out: u64,
    /// Panel records whose REF disagrees with the user's FASTA, with why.
    ref_mismatches: Vec<String>,
}

/// Open the VCF of `config` (once: stdin cannot be read twice). With an index only the
/// header is read from the stream, so no read-ahead threads are started.
pub fn open_input(config: &AnnotateConfig) -> Result<VcfInput> {
    let may_use_index = !config.keep_all
        && config.input != "-"
        && index_next_to(Path::new(&config.input)).is_some();
    VcfInput::open(
        &config.input,
        if may_use_index { 0 } else { config.threads },
    )
}

/// [`annotate_vcf`] on an input already opened by [`open_input`] (the run's probe reads
/// its header first).
pub fn annotate_open_vcf(
    config: &AnnotateConfig,
    kb: &KnowledgeBase,
    mut input: VcfInput,
) -> Result<AnnotatedVcf> {
    let shipped = KnownSequence::shipped()?;
    let user = match &config.reference {
        Some(path) => Some(reference::open(path, config.build.as_ref())?),
        None => None,
    };
    let header_evidence = crate::genome::vcf_header_evidence(&input.header);
    let contig_lengths = matches!(
        header_evidence,
        crate::genome::BuildEvidence::ContigLengths { .. }
    );
    // No build anywhere: read the REF alleles first and let them say (files only).
    let inferred = match (&config.build, &header_evidence) {
        (None, crate::genome::BuildEvidence::Unknown) if input.file_path().is_some() => {
            build::infer_from_ref(&config.input, &shipped)?
        }
        _ => None,
    };
    let from_fasta = user.as_ref().and_then(|(_, choice)| choice.clone());
    let requested = config.build.clone().or(from_fasta).or(inferred);
    let (build, evidence) = resolve_build(&input.header, requested.as_ref(), &input.label)?;
    let mut agreement = crate::probe::RefAgreement::default();
    let mut notes = Vec::new();
    let models = match &config.annotation {
        Some(path) => {
            let (models, said) = user_models::load(path, build)?;
            notes.extend(said);
            models
        }
        None => Vec::new(),
    };
    let sequence = match user {
        Some((mut user, _)) => {
            let (known, missing) = reference::load(&mut user, build, &models)?;
            notes.extend(missing);
            reference::Sequence {
                known,
                shipped,
                user_label: Some(user.label()),
            }
        }
        None => reference::Sequence {
            known: shipped.clone(),
            shipped,
            user_label: None,
        },
    };
    let known = &sequence.known;
    let transcripts = user_models::transcripts(build, known, &models)?;
    let regions = transcripts.panel_regions();
    let mut panel = Panel::new(regions.clone());
    let annotator = RecordAnnotator::new(build, known, &transcripts, kb, &input.header);

    let index = if config.keep_all {
        None
    } else {
        input.index_path()
    };
    let run = RunInfo {
        alkres_version: env!("CARGO_PKG_VERSION").to_string(),
        command: config.command_line.clone(),
        input: input.label.clone(),
        build: build.to_string(),
        build_evidence: evidence,
        kb: kb.label(),
        read_mode: match &index {
            Some(path) => format!("indexed: panel regions only, via {}", path.display()),
            None if config.keep_all => "streaming: every record kept".into(),
            None => "streaming: records outside the panel skipped after CHROM/POS".into(),
        },
        reference: sequence.user_label.clone(),
    };

    let names: Vec<String> = input.header.sample_names().iter().cloned().collect();
    let header_text = input.header_text()?;
    // A matched normal is evidence for the tumour's calls, not a patient to report.
    let normals = if config.sample.is_none() {
        crate::probe::normal_columns(&names, &ColumnHints::from_header(&header_text))
    } else {
        Vec::new()
    };
    notes.extend(normals.iter().map(|(i, why)| {
        format!(
            "{}: column {} ({}) is the matched normal ({why}): not reported",
            input.label,
            i + 1,
            names[*i]
        )
    }));
    let selected: Vec<(String, Option<usize>)> = match &config.sample {
        Some(wanted) => {
            let column = names.iter().position(|n| n == wanted).ok_or_else(|| {
                Error::Usage(format!(
                    "sample '{wanted}' is not in {} (samples: {})",
                    input.label,
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ))
            })?;
            vec![(wanted.clone(), Some(column))]
        }
        None if names.is_empty() => vec![(sample_name_for_sites_only(&config.input), None)],
        None => names
            .iter()
            .enumerate()
            .filter(|(i, _)| !normals.iter().any(|(n, _)| n == i))
            .map(|(i, n)| (n.clone(), Some(i)))
            .collect(),
    };
    let cohort = match config.layout {
        OutputLayout::Cohort => true,
        OutputLayout::PerSample => false,
        OutputLayout::Auto => config.sample.is_none() && names.len() > COHORT_AUTO_SAMPLES,
    };
    // Each sample's VCF keeps its own column only; the cohort VCF keeps every column.
    let subset = names.len() > 1 && !cohort;
    let header_text = input.header_text()?;
    let mut pending = PendingOutputs::default();
    let mut seen_stems = HashSet::new();
    let mut outputs = Vec::new();
    let selected: Vec<(String, Option<usize>)> = match (&config.output_name, selected.as_slice()) {
        (Some(rename), [(_, column)]) => vec![(rename.clone(), *column)],
        _ => selected,
    };
    for (name, column) in selected {
        let stem = file_stem(&name);
        if !seen_stems.insert(stem.clone()) {
            return Err(Error::bad_input(
                &input.label,
                format!(
                    "two samples would write the same files ({stem}); rename one or use --sample"
                ),
            ));
        }
        let sink = if cohort {
            None
        } else {
            let path = config.output_dir.join(format!(
                "{stem}.alkres.{}.{}",
                build.tag(),
                config.output_type.extension()
            ));
            let file = pending.create(&path)?;
            let header = annotated_header(&header_text, subset.then_some(name.as_str()), &run);
            Some(VcfSink::create(file, config.output_type, &header)?)
        };
        outputs.push(SampleOutput {
            sink,
            name,
            column,
            candidates: Vec::new(),
            stats: Stats::default(),
        });
    }

    let cohort_stem = cohort.then(|| {
        format!(
            "{}.cohort",
            file_stem(&sample_name_for_sites_only(&config.input))
        )
    });
    let mut cohort_sink = match &cohort_stem {
        Some(stem) => {
            let path = config.output_dir.join(format!(
                "{stem}.alkres.{}.{}",
                build.tag(),
                config.output_type.extension()
            ));
            let file = pending.create(&path)?;
            let header = annotated_header(&header_text, None, &run);
            Some(VcfSink::create(file, config.output_type, &header)?)
        }
        None => None,
    };
    let mut counts = RecordCounts::default();
    // The contig last found declared: the set is hashed once per contig change.
    let mut declared_contig: Vec<u8> = Vec::new();
    let declared: HashSet<String> = input.header.contigs().keys().cloned().collect();
    let label = input.label.clone();
    let header = input.header.clone();
    // Fx hashing: a panel record's key is hashed once each, and SipHash was a visible part
    // of annotating one (issue 15); the keys are the file's own, not an attacker's.
    let mut seen_records: rustc_hash::FxHashMap<(String, u64, String, Vec<String>), u64> =
        Default::default();
    let mut duplicates: Vec<String> = Vec::new();
    // Records with INFO entries alkres could not read (panel ones; all with --keep-all).
    let mut info_left_out: Vec<String> = Vec::new();
    // Column ranges of the line being written, found once for all its samples.
    let mut columns: Vec<std::ops::Range<usize>> = Vec::new();
    let mut process =
        |line: &[u8], line_number: u64, outputs: &mut Vec<SampleOutput>| -> Result<()> {
            let label = label.as_str();
            let (chrom, pos) = locus(line, line_number).map_err(|e| e.in_file(label))?;
            counts.read += 1;
            if !contig_lengths {
                if let Some(reference) = column_range(line, 3).map(|r| &line[r]) {
                    agreement.observe(&sequence.shipped, chrom, pos, reference);
                }
            }
            if !panel.contains(chrom, pos) {
                if !declared.is_empty() && declared_contig.as_slice() != chrom.as_bytes() {
                    if declared.contains(chrom) {
                        declared_contig.clear();
                        declared_contig.extend_from_slice(chrom.as_bytes());
                    } else {
                        return Err(Error::bad_record(
                            label,
                            line_number,
                            format!(
                            "unknown contig '{chrom}': not declared in the header's ##contig lines"
                        ),
                        ));
                    }
                }
                counts.outside_panel += 1;
                if config.keep_all {
                    // Copied through, so it must be a record bcftools (and alkres) can read.
                    let parsed = parse_record(&header, line, line_number);
                    if let Some(left_out) = parsed.as_ref().ok().map(|r| &r.info_left_out) {
                        if !left_out.is_empty() {
                            info_left_out
                                .push(format!("line {line_number}: {}", left_out.join(", ")));
                        }
                    }
                    parsed
                        .err()
                        .map(|e| e.message)
                        .or_else(|| crate::report::vcf::htslib_would_reject(line))
                        .map_or(Ok(()), |message| {
                            Err(Error::bad_record(
                                label,
                                line_number,
                                format!(
                                "--keep-all copies every record, so each must be valid: {message}"
                            ),
                            ))
                        })?;
                    if let Some(sink) = cohort_sink.as_mut() {
                        write_cohort_line(sink, line)?;
                    }
                    if subset {
                        column_ranges(line, &mut columns);
                    }
                    for out in outputs.iter_mut() {
                        write_line(out, line, subset, &columns)?;
                    }
                }
                return Ok(());
            }
            let record = parse_record(&header, line, line_number).map_err(|e| e.in_file(label))?;
            if !record.info_left_out.is_empty() {
                info_left_out.push(format!(
                    "line {line_number}: {}",
                    record.info_left_out.join(", ")
                ));
            }
            if let Some(message) = crate::report::vcf::htslib_would_reject(line) {
                return Err(Error::bad_record(label, line_number, message));
            }
            let key = (
                record.chrom.clone(),
                record.pos,
                record.reference.clone(),
                record.alternates.clone(),
            );
            if let Some(&first) = seen_records.get(&key) {
                // The same record twice would be paired with itself as a compound mutation:
                // it is no candidate again, but the VCF keeps it (outputs are whole),
                // annotated like the first and flagged with the first one's line.
                duplicates.push(format!("line {line_number} repeats line {first}"));
                counts.in_panel += 1;
                let mut additions = info_additions(&annotator.annotate(&record));
                if !additions.is_empty() {
                    additions.push(';');
                }
                additions.push_str(&format!("{}={first}", crate::report::vcf::DUP_KEY));
                let flagged = with_info_added(&without_alkres_info(line), &additions);
                if let Some(sink) = cohort_sink.as_mut() {
                    write_cohort_line(sink, &flagged)?;
                }
                if subset {
                    column_ranges(&flagged, &mut columns);
                }
                for out in outputs.iter_mut() {
                    out.stats.duplicate_records += 1;
                    write_line(out, &flagged, subset, &columns)?;
                }
                return Ok(());
            }
            seen_records.insert(key, line_number);
            if let Some(why) = sequence.check(
                build,
                (&record.chrom, record.pos, &record.reference),
                label,
                line_number,
            )? {
                // Named against the user's genome, a wrong REF would give a wrong name.
                counts.in_panel += 1;
                counts.ref_mismatches.push(why);
                if subset {
                    column_ranges(line, &mut columns);
                }
                for out in outputs.iter_mut() {
                    write_line(out, line, subset, &columns)?;
                }
                if let Some(sink) = cohort_sink.as_mut() {
                    write_cohort_line(sink, line)?;
                }
                return Ok(());
            }
            let alleles = annotator.annotate(&record);
            let additions = info_additions(&alleles);
            let line = without_alkres_info(line);
            let annotated = if additions.is_empty() {
                line.to_vec()
            } else {
                with_info_added(&line, &additions)
            };
            counts.in_panel += 1;
            let skip_filtered = !record.is_pass() && !config.include_filtered;
            if skip_filtered {
                counts.filtered_out += 1;
            }
            if let Some(sink) = cohort_sink.as_mut() {
                write_cohort_line(sink, &annotated)?;
            }
            if subset {
                column_ranges(&annotated, &mut columns);
            }
            for out in outputs.iter_mut() {
                if !skip_filtered {
                    let call = out.column.and_then(|c| record.samples.get(c)).or_else(|| {
                        if subset {
                            None
                        } else {
                            record.samples.first()
                        }
                    });
                    let found = candidates(&record, &alleles, call, &mut out.stats);
                    out.candidates.extend(found);
                }
                write_line(out, &annotated, subset, &columns)?;
            }
            Ok(())
        };

    if let (Some(index_path), Some(vcf_path)) = (&index, input.file_path().map(Path::to_path_buf)) {
        let lines = read_regions(&vcf_path, index_path, &regions)?;
        for (i, line) in lines.iter().enumerate() {
            if process(line, i as u64 + 1, &mut outputs).is_err() {
                // The index gives records, not line numbers: find the bad record's real line
                // (error path only) and report the error again at it.
                let real = line_number_of(&config.input, line)?;
                process(line, real, &mut outputs)?;
            }
        }
    } else {
        // A spinner with the record count, on a terminal only (hidden in pipelines).
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {human_pos} records ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let mut line = Vec::with_capacity(4096);
        // Records outside the panel are counted from CHROM/POS in the reader's buffer; the
        // REF check (no ##contig lengths) and --keep-all need every line on the full path.
        let fast = !config.keep_all && contig_lengths;
        let skip_panel = Panel::new(regions.clone());
        if fast {
            // Most lines are then skipped on the pool thread that inflates their block.
            let scan = skip::PanelSkipScan::new(Panel::new(regions.clone()), declared.clone());
            input.set_block_scan(Arc::new(scan));
        }
        let mut skipper = skip::OutsidePanelSkip::new(&skip_panel, &declared);
        let mut skipped_here = 0u64;
        let mut skip = |line: &[u8]| {
            let skipped = fast && skipper.skips(line);
            skipped_here += u64::from(skipped);
            skipped
        };
        let mut shown = 0;
        while input.next_kept_line(&mut line, &mut skip)? {
            let n = input.line_number;
            // The spinner moves with kept lines (the skipped ones are not seen here).
            if n - shown >= 65_536 {
                bar.set_position(n);
                shown = n;
            }
            process(&line, n, &mut outputs)?;
        }
        bar.finish_and_clear();
        let skipped = skipped_here + input.skipped_in_pool();
        counts.read += skipped;
        counts.outside_panel += skipped;
    }
    if let Some(seen) = agreement.contradicts(build) {
        return Err(Error::BuildMismatch {
            path: input.label.clone(),
            message: format!(
                "the build is {build} ({}) but {seen}; the header has no ##contig lengths to settle it: pass the right --build",
                run.build_evidence
            ),
        });
    }

    if let Some(sink) = cohort_sink {
        sink.finish()?;
    }
    if !counts.ref_mismatches.is_empty() {
        const SHOWN: usize = 10;
        let more = counts.ref_mismatches.len().saturating_sub(SHOWN);
        notes.push(format!(
            "{}: {} panel record(s) not named: REF disagrees with the reference FASTA ({}{})",
            input.label,
            counts.ref_mismatches.len(),
            counts.ref_mismatches[..counts.ref_mismatches.len().min(SHOWN)].join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if !info_left_out.is_empty() {
        const SHOWN: usize = 5;
        let more = info_left_out.len().saturating_sub(SHOWN);
        notes.push(format!(
            "{}: {} record(s) with INFO values that do not fit their ##INFO definition, \
             read without those entries (kept as written in a VCF output, left out of a BCF one): {}{}",
            input.label,
            info_left_out.len(),
            info_left_out[..info_left_out.len().min(SHOWN)].join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if !duplicates.is_empty() {
        notes.push(format!(
            "{}: {} duplicate panel record(s) counted once ({}; kept in the VCF, flagged ALKRES_DUP)",
            input.label,
            duplicates.len(),
            duplicates.join(", ")
        ));
    }
    let mut reports = Vec::new();
    for out in outputs {
        let SampleOutput {
            name,
            sink,
            candidates,
            mut stats,
            ..
        } = out;
        if let Some(sink) = sink {
            sink.finish()?;
        }
        stats.records_read = counts.read;
        stats.records_outside_panel = counts.outside_panel;
        stats.records_in_panel = counts.in_panel;
        stats.records_filtered_out = counts.filtered_out;
        stats.ref_mismatches = counts.ref_mismatches.len() as u64;
        let candidates = merge_same_change(candidates, &mut stats);
        let combined = combine_codons(candidates, &annotator);
        let (mut findings, mut others) = (Vec::new(), Vec::new());
        for candidate in combined {
            if candidate.reportable {
                findings.push(candidate.finding);
            } else {
                others.push(candidate.finding);
            }
        }
        stats.findings = findings.len() as u64;
        stats.variants_not_reported = others.len() as u64;
        findings.sort_by(|a, b| (a.gene.as_str(), a.pos).cmp(&(b.gene.as_str(), b.pos)));
        reports.push(AnnotatedSample {
            sample: name,
            run: run.clone(),
            findings,
            other_variants: others,
            stats,
        });
    }
    Ok(AnnotatedVcf {
        samples: reports,
        notes,
        pending,
        build,
        cohort_stem,
    })
}

/// The line number of the record `wanted` in the VCF at `path`, read from the start.
fn line_number_of(path: &str, wanted: &[u8]) -> Result<u64> {
    let mut input = VcfInput::open(path, 1)?;
    let mut line = Vec::new();
    while input.next_line(&mut line)? {
        if line == wanted {
            return Ok(input.line_number);
        }
    }
    Ok(0)
}

/// TSV, JSON, HTML and MultiQC files of one sample report.
pub fn write_reports(
    report: &SampleReport,
    dir: &Path,
    build: Build,
    pending: &mut PendingOutputs,
) -> Result<()> {
    let stem = file_stem(&report.sample);
    let outputs = [
        (format!("{stem}.alkres.{}.tsv", build.tag()), "tsv"),
        (format!("{stem}.alkres.{}.json", build.tag()), "json"),
        (format!("{stem}.alkres.{}.html", build.tag()), "html"),
        (format!("{stem}.alkres_mqc.tsv"), "multiqc"),
    ];
    for (name, kind) in outputs {
        let path = dir.join(name);
        let mut file = pending.create(&path)?;
        let result = match kind {
            "tsv" => {
                tsv::write(report, &mut file).map_err(|e| std::io::Error::other(e.to_string()))
            }
            "json" => json::write(report, &mut file),
            "html" => html::write(report, &mut file),
            _ => multiqc::write(report, &mut file),
        };
        result.map_err(|e| Error::output(&path, e))?;
        file.finish()?;
    }
    Ok(())
}

fn write_line(
    out: &mut SampleOutput,
    line: &[u8],
    subset: bool,
    columns: &[std::ops::Range<usize>],
) -> Result<()> {
    let Some(sink) = out.sink.as_mut() else {
        return Ok(());
    };
    let result = match (subset, out.column) {
        (true, Some(column)) => sink.write_line(&with_one_sample(line, columns, column)),
        _ => sink.write_line(line),
    };
    result.map_err(|e| Error::output(format!("VCF output for {}", out.name), e))
}

fn write_cohort_line(sink: &mut VcfSink, line: &[u8]) -> Result<()> {
    sink.write_line(line)
        .map_err(|e| Error::output("cohort VCF output", e))
}
