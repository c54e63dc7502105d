//! Command-line interface (clap derive): the raw arguments. `commands` turns them into the
//! domain configurations.

// Doc comments here are `--help` text, shown verbatim: `<sample>` is meant literally.
#![allow(rustdoc::invalid_html_tags)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub(crate) mod ranges;

use crate::copy_number::Thresholds;
use crate::detect::hotspots::{DetectionThreshold, HotspotOptions};
use crate::fusion::{CallRules, FusionOptions};
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
    /// One sample, any subset of inputs → one verdict and every report
    Run(RunArgs),
    /// Many samples from a sample sheet, in parallel, with a cohort summary
    Batch(BatchArgs),
    /// Compare outputs with expected ones (CI regression); exit 7 on any difference
    Check(CheckArgs),
    /// Detect ALK fusions from alignments (BAM/CRAM), SV calls or RNA fusion-caller output
    Fusions(FusionsArgs),
    /// Gene-level copy number (MET/ALK amplification, TP53/RB1 loss) from BAM or CNV calls
    Cnv(CnvArgs),
    /// Build a panel of normals for `cnv` from normal BAMs
    Pon(PonArgs),
    /// Inspect and check the knowledge base (the shipped one, or with `--kb DIR` merged in)
    Kb(KbArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to stdout
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout
    Man,
}

/// Options shared by `run` and `batch`.
#[derive(Debug, Args, Clone)]
pub struct CommonRunArgs {
    /// Output directory
    #[arg(short = 'o', long = "output-dir", value_name = "DIR")]
    pub output_dir: PathBuf,

    /// Genome build (default: detected from the inputs)
    #[arg(long, value_name = "GRCh37|GRCh38")]
    pub build: Option<Build>,

    /// Output VCF type: v = VCF, z = bgzipped VCF, b = BCF
    #[arg(short = 'O', long = "output-type", value_enum, default_value = "z")]
    pub output_type: OutputType,

    /// Report non-PASS small variants too (flagged)
    #[arg(long)]
    pub include_filtered: bool,

    /// Folder of KB tables that add to or override the shipped knowledge base
    #[arg(long = "kb", value_name = "DIR")]
    pub kb_dir: Option<PathBuf>,

    /// Transcript models (GTF: Ensembl/GENCODE) for the panel genes, replacing the shipped
    /// ones (the shipped transcript, else MANE Select, Ensembl canonical, longest CDS)
    #[arg(long, value_name = "GTF", conflicts_with = "gff3")]
    pub gtf: Option<PathBuf>,

    /// Transcript models (GFF3: Ensembl, GENCODE or RefSeq), as --gtf
    #[arg(long, value_name = "GFF3")]
    pub gff3: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Sample name (names the outputs; picks the VCF column when the VCF has several)
    #[arg(short = 's', long)]
    pub sample: String,

    /// Small-variant VCF/BCF
    #[arg(long, value_name = "VCF")]
    pub vcf: Option<PathBuf>,

    /// Tumour alignments (BAM/CRAM): fusions, copy number, phasing, hotspots
    #[arg(short = 'b', long, value_name = "BAM")]
    pub bam: Option<PathBuf>,

    /// Reference FASTA (faidx-indexed): decodes CRAM, checks every panel REF and gives
    /// the codons that name variants (default: the shipped sequence)
    #[arg(long, value_name = "FASTA")]
    pub reference: Option<PathBuf>,

    /// SV VCFs (Manta, GRIDSS, DELLY, LUMPY)
    #[arg(long, value_name = "VCF")]
    pub sv: Vec<PathBuf>,

    /// CNV calls: CNVkit .cnr/.cns or CNV VCF
    #[arg(long, value_name = "FILE")]
    pub cnv: Vec<PathBuf>,

    /// Arriba fusions.tsv
    #[arg(long, value_name = "TSV")]
    pub arriba: Vec<PathBuf>,

    /// STAR-Fusion predictions TSV
    #[arg(long = "star-fusion", value_name = "TSV")]
    pub star_fusion: Vec<PathBuf>,

    /// Capture design of the BAM (BED): copy number only over targeted regions (default:
    /// inferred from the reads; regions without reads are not assessed)
    #[arg(long, value_name = "BED")]
    pub targets: Option<PathBuf>,

    /// Matched normal alignments (BAM/CRAM): the copy-number baseline, and each hotspot's
    /// error rate is at least the normal's alternate fraction there
    #[arg(long = "normal-bam", value_name = "BAM", requires = "bam")]
    pub normal_bam: Option<PathBuf>,

    /// Hotspot panel of normals (`alkres pon --hotspots-output`): each hotspot's error rate
    /// is at least the panel's median alternate fraction there
    #[arg(long = "hotspot-pon", value_name = "TSV", requires = "bam")]
    pub hotspot_pon: Option<PathBuf>,

    /// Prior ALK TKIs in order, comma- or semicolon-separated (e.g. crizotinib,alectinib)
    #[arg(long, value_name = "LIST")]
    pub prior_tkis: Option<String>,

    /// Sample timepoint: baseline or progression
    #[arg(long, value_name = "baseline|progression")]
    pub timepoint: Option<String>,

    /// Months on the last TKI before this sample
    #[arg(long, value_name = "MONTHS", allow_negative_numbers = true, value_parser = ranges::non_negative)]
    pub months_on_treatment: Option<f64>,

    /// Histology of this sample's biopsy: adenocarcinoma, squamous, small_cell or other
    /// (a stated small-cell histology offers the small-cell strategies)
    #[arg(long, value_name = "HISTOLOGY")]
    pub histology: Option<String>,

    #[command(flatten)]
    pub common: CommonRunArgs,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Sample sheet (CSV): sample,vcf,bam,reference,sv,cnv,arriba,star_fusion,prior_tkis,timepoint,months_on_treatment
    #[arg(long, value_name = "CSV")]
    pub samplesheet: PathBuf,

    #[command(flatten)]
    pub common: CommonRunArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Folder of expected outputs
    #[arg(long, value_name = "DIR")]
    pub expected: PathBuf,

    /// Folder of new outputs
    #[arg(value_name = "DIR")]
    pub actual: PathBuf,
}

#[derive(Debug, Args)]
pub struct FusionsArgs {
    /// Folder of KB tables that add to or override the shipped knowledge base (fills the
    /// kb_id/kb_calls columns)
    #[arg(long = "kb", value_name = "DIR")]
    pub kb_dir: Option<PathBuf>,

    /// DNA or RNA alignments (BAM or CRAM, indexed)
    #[arg(short = 'b', long = "bam", value_name = "FILE")]
    pub bams: Vec<PathBuf>,

    /// Reference FASTA for CRAM input
    #[arg(long, value_name = "FASTA")]
    pub reference: Option<PathBuf>,

    /// Structural-variant VCFs (Manta, GRIDSS, DELLY, LUMPY)
    #[arg(long = "sv", value_name = "VCF")]
    pub sv: Vec<PathBuf>,

    /// Arriba fusions.tsv
    #[arg(long, value_name = "TSV")]
    pub arriba: Vec<PathBuf>,

    /// STAR-Fusion star-fusion.fusion_predictions(.abridged).tsv
    #[arg(long = "star-fusion", value_name = "TSV")]
    pub star_fusion: Vec<PathBuf>,

    /// Output directory: <sample>.alkres.<build>.fusions.{tsv,json}
    #[arg(short = 'o', long = "output-dir", value_name = "DIR")]
    pub output_dir: PathBuf,

    /// Genome build (default: detected from the input headers)
    #[arg(long, value_name = "GRCh37|GRCh38")]
    pub build: Option<Build>,

    /// Sample name for the outputs (default: from the input)
    #[arg(short = 's', long, value_name = "NAME")]
    pub sample: Option<String>,

    /// Minimum mapping quality of reads counted as fusion evidence
    #[arg(long, default_value_t = FusionOptions::default().min_mapq)]
    pub min_mapq: u8,

    /// Fewest supporting fragments (split, discordant, junction-sequence reads; the reciprocal
    /// junction's included) for a junction from alignments to be listed at all (as a candidate)
    #[arg(long, default_value_t = FusionOptions::default().min_support)]
    pub min_support: u32,

    /// Shortest soft/hard clip (bases) that marks a breakpoint in alignments
    #[arg(long, default_value_t = FusionOptions::default().min_clip)]
    pub min_clip: u32,

    /// Report SV records whose FILTER is not PASS too (as candidates)
    #[arg(long)]
    pub include_filtered: bool,

    /// Fewest split reads + discordant pairs (MAPQ >= --min-mapq on both sides) + junction-sequence
    /// reads (clips that are the partner's bases) for a fusion finding from alignments; weaker
    /// junctions are candidates
    #[arg(long, default_value_t = CallRules::default().min_reads)]
    pub min_fusion_reads: u32,

    /// Fewest split reads unique on both sides (a precise breakpoint; the reciprocal junction's
    /// count) for a fusion finding from alignments
    #[arg(long, default_value_t = CallRules::default().min_split_reads)]
    pub min_split_reads: u32,

    /// Smallest fusion fraction (supporting / supporting + wild-type spanning fragments) for
    /// a fusion finding from alignments
    #[arg(long, default_value_t = CallRules::default().min_fraction)]
    pub min_fusion_fraction: f64,

    /// Fewest reads (split/junction + discordant/spanning) an SV or RNA caller must report
    /// for a fusion finding
    #[arg(long, default_value_t = CallRules::default().min_caller_reads)]
    pub min_caller_reads: u32,
}

#[derive(Debug, Args)]
pub struct CnvArgs {
    /// Folder of KB tables that add to or override the shipped knowledge base
    #[arg(long = "kb", value_name = "DIR")]
    pub kb_dir: Option<PathBuf>,

    /// Tumour alignments (BAM or CRAM, indexed)
    #[arg(short = 'b', long = "bam", value_name = "FILE")]
    pub bam: Option<PathBuf>,

    /// Matched normal alignments: the depth baseline, and the floor of each hotspot's error
    /// rate (its alternate fraction there)
    #[arg(long, alias = "normal-bam", value_name = "FILE")]
    pub normal: Option<PathBuf>,

    /// Panel of normals made by `alkres pon`
    #[arg(long, value_name = "TSV")]
    pub pon: Option<PathBuf>,

    /// Hotspot panel of normals (`alkres pon --hotspots-output`): each hotspot's error rate
    /// is at least the panel's median alternate fraction there
    #[arg(long = "hotspot-pon", value_name = "TSV", requires = "bam")]
    pub hotspot_pon: Option<PathBuf>,

    /// CNVkit .cnr or .cns files
    #[arg(long, value_name = "FILE")]
    pub cnvkit: Vec<PathBuf>,

    /// CNV VCF (SVTYPE=DUP/DEL with CN, or <DUP>/<DEL>/<CNV> alleles)
    #[arg(long = "cnv-vcf", value_name = "VCF")]
    pub cnv_vcf: Vec<PathBuf>,

    /// Reference FASTA for CRAM input
    #[arg(long, value_name = "FASTA")]
    pub reference: Option<PathBuf>,

    /// Tumour purity (0-1) for copy-number estimates
    #[arg(long, allow_negative_numbers = true, value_parser = ranges::purity)]
    pub purity: Option<f64>,

    /// Copy number at or above which a gene is called amplified
    #[arg(long, default_value_t = Thresholds::default().amplification_copies, allow_negative_numbers = true, value_parser = ranges::non_negative)]
    pub amp_copies: f64,

    /// Copy number at or below which a gene is called deleted (deep deletion)
    #[arg(long, default_value_t = Thresholds::default().deep_deletion_copies, allow_negative_numbers = true, value_parser = ranges::non_negative)]
    pub del_copies: f64,

    /// Copy number at or above which a gene is called gained (below --amp-copies)
    #[arg(long, default_value_t = Thresholds::default().gain_copies, allow_negative_numbers = true, value_parser = ranges::non_negative)]
    pub gain_copies: f64,

    /// Copy number at or below which a gene is called lost (above --del-copies)
    #[arg(long, default_value_t = Thresholds::default().loss_copies, allow_negative_numbers = true, value_parser = ranges::non_negative)]
    pub loss_copies: f64,

    /// Focal when the gene's log2 differs from its chromosome arm's by at least this
    #[arg(long, default_value_t = Thresholds::default().focal_log2, allow_negative_numbers = true, value_parser = ranges::non_negative)]
    pub focal_log2: f64,

    /// Extra or replacement gene regions (BED: chrom, start, end, gene), e.g. CDKN2A exons
    #[arg(long, value_name = "BED")]
    pub regions: Option<PathBuf>,

    /// Capture design (BED): only targeted regions are assessed for copy number (default:
    /// covered regions are inferred from the reads; regions without reads are not assessed)
    #[arg(long, value_name = "BED")]
    pub targets: Option<PathBuf>,

    /// A depth-based loss needs at least this mean depth expected over the gene (and in a
    /// matched normal); shallower genes are not assessed
    #[arg(long, default_value_t = Thresholds::default().min_loss_depth)]
    pub min_loss_depth: f64,

    /// Minimum mapping quality of reads counted for depth
    #[arg(long, default_value_t = 20)]
    pub min_mapq: u8,

    /// Minimum base quality for hotspot genotyping
    #[arg(long, default_value_t = HotspotOptions::default().min_base_quality)]
    pub min_base_quality: u8,

    /// Hotspot detected with at least this many alternate read pairs (and --hotspot-min-vaf)
    #[arg(long, default_value_t = DetectionThreshold::default().min_alt)]
    pub hotspot_min_alt: u32,

    /// Hotspot detected with at least this alternate fraction (and --hotspot-min-alt)
    #[arg(long, default_value_t = DetectionThreshold::default().min_vaf, allow_negative_numbers = true, value_parser = ranges::fraction)]
    pub hotspot_min_vaf: f64,

    /// Hotspot detected only when sequencing errors at the site's estimated rate would give
    /// this many alternate read pairs with probability below this (one-sided binomial)
    #[arg(long, default_value_t = DetectionThreshold::default().max_p_value)]
    pub hotspot_max_p: f64,

    /// Do not genotype the knowledge-base ALK hotspots from the BAM
    #[arg(long)]
    pub no_hotspots: bool,

    /// Output directory: <sample>.alkres.<build>.cnv.{tsv,json}
    #[arg(short = 'o', long = "output-dir", value_name = "DIR")]
    pub output_dir: PathBuf,

    /// Genome build (default: detected from the input headers)
    #[arg(long, value_name = "GRCh37|GRCh38")]
    pub build: Option<Build>,

    /// Sample name for the outputs (default: from the input)
    #[arg(short = 's', long, value_name = "NAME")]
    pub sample: Option<String>,
}

#[derive(Debug, Args)]
pub struct PonArgs {
    /// Normal alignments (BAM or CRAM, indexed)
    #[arg(short = 'b', long = "bam", value_name = "FILE", required = true, num_args = 1..)]
    pub bams: Vec<PathBuf>,

    /// Reference FASTA for CRAM input
    #[arg(long, value_name = "FASTA")]
    pub reference: Option<PathBuf>,

    /// Output panel-of-normals TSV
    #[arg(short = 'o', long = "output", value_name = "TSV")]
    pub output: PathBuf,

    /// Also genotype the KB's ALK hotspots in every normal and write the hotspot panel of
    /// normals (for `--hotspot-pon` of `cnv` and `run`) here
    #[arg(long = "hotspots-output", value_name = "TSV")]
    pub hotspots_output: Option<PathBuf>,

    /// Minimum base quality of hotspot codon bases (with --hotspots-output)
    #[arg(long, default_value_t = 20)]
    pub min_base_quality: u8,

    /// Extra or replacement gene regions (BED), as given to `alkres cnv --regions`
    #[arg(long, value_name = "BED")]
    pub regions: Option<PathBuf>,

    /// Genome build (default: detected from the BAM headers)
    #[arg(long, value_name = "GRCh37|GRCh38")]
    pub build: Option<Build>,

    /// Minimum mapping quality of reads counted for depth
    #[arg(long, default_value_t = 20)]
    pub min_mapq: u8,
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

    /// Reference FASTA (plain or bgzipped, faidx-indexed): REF of every panel record is
    /// checked against it and codons are read from it (default: the shipped sequence)
    #[arg(long, value_name = "FASTA")]
    pub reference: Option<PathBuf>,

    /// Transcript models (GTF: Ensembl/GENCODE) for the panel genes, replacing the shipped
    /// ones (the shipped transcript, else MANE Select, Ensembl canonical, longest CDS)
    #[arg(long, value_name = "GTF", conflicts_with = "gff3")]
    pub gtf: Option<PathBuf>,

    /// Transcript models (GFF3: Ensembl, GENCODE or RefSeq), as --gtf
    #[arg(long, value_name = "GFF3")]
    pub gff3: Option<PathBuf>,

    /// Only this sample (default: every sample in the file)
    #[arg(short = 's', long, value_name = "NAME")]
    pub sample: Option<String>,

    /// Keep non-PASS records as findings (flagged as filtered)
    #[arg(long)]
    pub include_filtered: bool,

    /// Write every input record to the output VCF, not only panel records
    #[arg(long)]
    pub keep_all: bool,

    /// Write a tabix index (.tbi) next to the bgzipped VCF output (-O z)
    #[arg(long)]
    pub write_index: bool,

    /// Output VCF type: v = VCF, z = bgzipped VCF, b = BCF
    #[arg(short = 'O', long = "output-type", value_enum, default_value = "z")]
    pub output_type: OutputType,

    /// Sample sheet (CSV) with treatment history: sample, prior_tkis (;-separated, in order),
    /// timepoint (baseline|progression), months_on_treatment
    #[arg(long, value_name = "CSV")]
    pub history: Option<PathBuf>,

    /// Folder of KB tables (alterations.tsv, calls.tsv, …) that add to or override the
    /// shipped knowledge base
    #[arg(long = "kb", value_name = "DIR")]
    pub kb_dir: Option<PathBuf>,

    /// Cohort layout: one annotated multi-sample VCF, one cohort TSV (a row per sample and
    /// finding) and one cohort JSON (the default above 50 samples)
    #[arg(long, conflicts_with_all = ["per_sample", "sample"])]
    pub cohort: bool,

    /// Per-sample layout: VCF, TSV, JSON, HTML and MultiQC files for each sample (the
    /// default up to 50 samples)
    #[arg(long)]
    pub per_sample: bool,

    /// In the cohort layout, also write each sample's HTML report
    #[arg(long)]
    pub per_sample_html: bool,
}

#[derive(Debug, Args)]
pub struct KbArgs {
    /// Folder of KB tables that add to or override the shipped knowledge base: every
    /// subcommand (and `validate`'s checks) then works on the merged KB
    #[arg(long = "kb", value_name = "DIR", global = true)]
    pub kb_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: KbCommand,
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
