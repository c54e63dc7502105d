//! Command-line interface (clap derive): raw arguments → validated configurations.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::genome::Build;
use crate::report::vcf::OutputType;

#[derive(Debug, Parser)]
#[command(
    name = "alkres",
    version,
    about = "Why is this ALK-positive lung cancer resistant, and which ALK inhibitor still works?",
    long_about = "alkres reads a patient's sequencing output and names ALK kinase-domain mutations \
                  and panel-gene variants (HGVS on the MANE transcripts), with knowledge-base calls \
                  per ALK TKI and their citations. Decision support, not a prescription."
)]
pub struct Cli {
    /// Worker threads (BGZF compression/decompression and parallel work)
    #[arg(short = 't', long, global = true, default_value_t = default_threads())]
    pub threads: usize,

    #[command(subcommand)]
    pub command: Command,
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Annotate ALK and panel-gene small variants in a VCF/BCF (HGVS c./p., KB calls)
    Annotate(AnnotateArgs),
    /// Inspect and check the knowledge base
    #[command(subcommand)]
    Kb(KbCommand),
}

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// Input VCF/BCF (plain, bgzipped or BCF); '-' reads stdin
    #[arg(short = 'i', long = "input", value_name = "FILE")]
    pub input: String,

    /// Output directory; files are <sample>.alkres.<build>.{vcf.gz,tsv,json}
    #[arg(short = 'o', long = "output-dir", value_name = "DIR")]
    pub output_dir: PathBuf,

    /// Genome build (default: detected from ##contig lengths or ##reference)
    #[arg(long, value_name = "GRCh37|GRCh38")]
    pub build: Option<Build>,

    /// Only this sample (default: every sample in the file)
    #[arg(short = 's', long, value_name = "NAME")]
    pub sample: Option<String>,

    /// Keep non-PASS records as findings (flagged as filtered)
    #[arg(long)]
    pub include_filtered: bool,

    /// Write every input record to the output VCF, not only panel records
    #[arg(long)]
    pub keep_all: bool,

    /// Output VCF type: v = VCF, z = bgzipped VCF, b = BCF
    #[arg(short = 'O', long = "output-type", value_enum, default_value = "z")]
    pub output_type: OutputType,
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Check the knowledge base: schema, reference residues, compounds, citations
    Validate,
    /// List the alterations in the knowledge base
    List,
    /// Show one alteration with its calls and citations (e.g. G1202R)
    Show {
        /// Alteration name: short form, HGVS or alias
        name: String,
        /// Gene (default ALK)
        #[arg(long, default_value = "ALK")]
        gene: String,
    },
    /// Export every call as TSV (alteration, drug, call, evidence, citation, …)
    Export,
}
