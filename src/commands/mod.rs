//! Runs a parsed command line: the one place where clap arguments become domain
//! configurations, and the glue between the CLI and the library.

mod cnv;
mod fusions;
mod kb;

use std::io::Write;

use crate::annotate::{annotate, AnnotateConfig};
use crate::cli::{BatchArgs, Cli, Command, CommonRunArgs, RunArgs};
use crate::error::{Error, Result};
use crate::pipeline::batch::{read_sheet, run_batch, write_cohort};
use crate::pipeline::{run_sample, RunOptions, SampleInputs};
use crate::verdict::{Histology, TreatmentHistory};

pub fn run(cli: Cli, command_line: String) -> Result<()> {
    let threads = capped_threads(cli.threads);
    // One global pool for everything rayon schedules.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
    match cli.command {
        Command::Annotate(args) => {
            if args.write_index && args.output_type != crate::report::vcf::OutputType::VcfGz {
                return Err(Error::Usage(
                    "--write-index needs -O z (a bgzipped VCF)".into(),
                ));
            }
            let config = AnnotateConfig {
                input: args.input,
                output_dir: args.output_dir,
                build: args.build.map(crate::probe::BuildChoice::flag),
                sample: args.sample,
                include_filtered: args.include_filtered,
                keep_all: args.keep_all,
                write_index: args.write_index,
                output_type: args.output_type,
                threads,
                command_line,
                history: args.history,
                kb_dir: args.kb_dir,
                output_name: None,
                layout: match (args.cohort, args.per_sample) {
                    (true, _) => crate::annotate::OutputLayout::Cohort,
                    (_, true) => crate::annotate::OutputLayout::PerSample,
                    _ => crate::annotate::OutputLayout::Auto,
                },
                per_sample_html: args.per_sample_html,
                reference: args.reference,
                annotation: args.gtf.or(args.gff3),
            };
            let outcome = annotate(&config)?;
            // One line per sample: buffered, as a cohort's 2,504 lines were 2,504 writes.
            let mut err = std::io::BufWriter::new(std::io::stderr().lock());
            for note in &outcome.notes {
                let _ = writeln!(err, "alkres: {note}");
            }
            for report in &outcome.reports {
                let s = &report.stats;
                let _ = writeln!(
                    err,
                    "alkres: {}: {} finding(s); {} record(s) read, {} outside the panel, {} in the panel, {} filtered out (use --include-filtered), {} allele(s) not annotatable (symbolic/*), {} not carried by the sample, {} deep intronic, {} annotated but not reported (UTR/synonymous)",
                    report.sample,
                    s.findings,
                    s.records_read,
                    s.records_outside_panel,
                    s.records_in_panel,
                    s.records_filtered_out,
                    s.alleles_not_annotatable,
                    s.alleles_not_carried,
                    s.intronic_variants,
                    s.variants_not_reported
                );
            }
            let _ = err.flush();
            Ok(())
        }
        Command::Run(args) => run_one(args, threads, command_line),
        Command::Batch(args) => run_many(args, threads, command_line),
        Command::Check(args) => {
            let differences = crate::pipeline::check::compare_dirs(&args.expected, &args.actual)?;
            let listing: String = differences.iter().map(|d| format!("{d}\n")).collect();
            write_stdout(listing.as_bytes())?;
            if differences.is_empty() {
                eprintln!("alkres check: outputs match {}", args.expected.display());
                Ok(())
            } else {
                Err(Error::Differences(differences.len()))
            }
        }
        Command::Fusions(args) => fusions::run(&args, threads),
        Command::Cnv(args) => cnv::run(&args),
        Command::Pon(args) => cnv::run_pon(&args),
        Command::Kb(args) => kb::run(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            // clap_complete::generate panics on a write error; write to a buffer, then copy.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "alkres", &mut script);
            write_stdout(&script)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(&mut std::io::stdout())
                .or_else(|e| match e.kind() {
                    std::io::ErrorKind::BrokenPipe => Ok(()),
                    _ => Err(Error::output("stdout", e)),
                })
        }
    }
}

/// `-t` capped at the processors this machine has (more only adds contention; `-t 100000`
/// used to hang creating threads), saying so on stderr.
fn capped_threads(requested: usize) -> usize {
    let available = std::thread::available_parallelism().map_or(1, usize::from);
    if requested > available {
        eprintln!(
            "alkres: -t {requested}: this machine has {available} processor(s); using {available}"
        );
        available
    } else {
        requested.max(1)
    }
}

/// Write to stdout; a reader that went away (`| head -1`) is not an error, nor a panic.
fn write_stdout(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::output("stdout", e)),
        _ => Ok(()),
    }
}

fn options(common: &CommonRunArgs, threads: usize, command_line: String) -> RunOptions {
    RunOptions {
        output_dir: common.output_dir.clone(),
        build: common.build,
        output_type: common.output_type,
        include_filtered: common.include_filtered,
        threads,
        command_line,
        annotation: common.gtf.clone().or_else(|| common.gff3.clone()),
    }
}

fn run_one(args: RunArgs, threads: usize, command_line: String) -> Result<()> {
    let kb = crate::kb::load(args.common.kb_dir.as_deref())?;
    let history = if args.prior_tkis.is_some()
        || args.timepoint.is_some()
        || args.months_on_treatment.is_some()
        || args.histology.is_some()
    {
        let mut prior = Vec::new();
        for name in args
            .prior_tkis
            .as_deref()
            .unwrap_or("")
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let drug = kb
                .drug(name)
                .ok_or_else(|| Error::Usage(format!("--prior-tkis: unknown TKI '{name}'")))?;
            prior.push(drug.drug.clone());
        }
        let timepoint = match args
            .timepoint
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => None,
            Some(t @ ("baseline" | "progression")) => Some(t.to_string()),
            Some(other) => {
                return Err(Error::Usage(format!(
                    "--timepoint {other}: expected baseline or progression"
                )))
            }
        };
        let histology = match args.histology.as_deref() {
            None => None,
            Some(text) => Some(Histology::parse(text).ok_or_else(|| {
                Error::Usage(format!(
                    "--histology {text}: expected one of {}",
                    Histology::ALLOWED
                ))
            })?),
        };
        Some(TreatmentHistory {
            prior_tkis: prior,
            timepoint,
            months_on_last: args.months_on_treatment,
            months_source: None,
            histology,
        })
    } else {
        None
    };
    let inputs = SampleInputs {
        sample: args.sample,
        vcf: args.vcf,
        bam: args.bam,
        reference: args.reference,
        sv: args.sv,
        cnv: args.cnv,
        arriba: args.arriba,
        star_fusion: args.star_fusion,
        targets: args.targets,
        normal_bam: args.normal_bam,
        hotspot_pon: args.hotspot_pon,
        build: None,
        history,
    };
    let report = run_sample(&inputs, &options(&args.common, threads, command_line), &kb)?;
    eprintln!("alkres: {}: {}", report.sample, report.verdict.summary);
    Ok(())
}

fn run_many(args: BatchArgs, threads: usize, command_line: String) -> Result<()> {
    let kb = crate::kb::load(args.common.kb_dir.as_deref())?;
    let mut samples = read_sheet(&args.samplesheet, &kb)?;
    // A patient's samples without prior_tkis/timepoint get them from the patient's sequence.
    let patients = crate::timeline::read_patients(&args.samplesheet, &kb)?;
    crate::timeline::infer_histories(&patients, &mut samples);
    let options = options(&args.common, threads, command_line);
    let outcomes = run_batch(&samples, &options, &kb);
    write_cohort(&outcomes, &kb, &options.output_dir)?;
    crate::timeline::run_for_batch(
        &args.samplesheet,
        &samples,
        &outcomes,
        &kb,
        &options.output_dir,
    )?;
    let mut failed = 0;
    for outcome in &outcomes {
        match &outcome.result {
            Ok(report) => eprintln!("alkres: {}: ok: {}", outcome.sample, report.verdict.summary),
            Err(e) => {
                failed += 1;
                eprintln!("alkres: {}: FAILED: {e}", outcome.sample);
            }
        }
    }
    if failed > 0 {
        return Err(Error::SamplesFailed {
            failed,
            total: outcomes.len(),
        });
    }
    Ok(())
}
