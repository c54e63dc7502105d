//! One `alkres cnv` run as a library call: validated configuration in, [`CnvReport`] out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::call::{call_gene, loss_depth_shortfall, GeneLevel, Thresholds};
use super::cnv_vcf;
use super::cnvkit;
use super::coverage::{
    region_coverage, rna_evidence, uncovered_reason, CaptureTargets, RegionCoverage,
};
use super::depth::{count_depth, DepthPass, DepthProfile};
use super::genes::GeneTable;
use super::output::{
    CnvReport, HotspotSection, InputInfo, PhasingSection, ReadFilterInfo, RegionRow,
    SampleNormalisation,
};
use super::pon::PanelOfNormals;
use super::ratio::{
    gene_levels, in_sample_baseline, log2_floored, normal_baseline, normalise, normalise_covered,
    BaselineDepths, SampleDepths,
};
use super::regions::{NotAssessed, RegionSet};
use super::targets::gene_targets;
use crate::alignments::pass::{visit_regions, NoGuest, PassGuest};
use crate::alignments::{AlignmentFile, AlignmentHeader, EXCLUDED_FLAGS};
use crate::detect::hotspot_pon::HotspotPon;
use crate::detect::hotspots::{
    error_floors, genotype_hotspots_with, normal_counts, phasing_variant, place_hotspots,
    HotspotOptions, HotspotSites, HotspotSpec, NormalSite,
};
use crate::detect::phasing::{phase_from_codon_reads, PHASE_RULE};
use crate::error::{Error, Result};
use crate::genome::KnownSequence;
use crate::probe::BuildChoice;
use crate::transcript::TranscriptSet;

/// What the tumour depth is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DepthBaseline {
    /// Reference regions of the same sample (uniform coverage assumed).
    InSample,
    MatchedNormal(PathBuf),
    PanelOfNormals(PathBuf),
}

impl DepthBaseline {
    fn method(&self) -> &'static str {
        match self {
            DepthBaseline::InSample => "read depth vs in-sample reference regions",
            DepthBaseline::MatchedNormal(_) => "read depth vs matched normal",
            DepthBaseline::PanelOfNormals(_) => "read depth vs panel of normals",
        }
    }
}

/// A validated `alkres cnv` configuration.
#[derive(Debug, Clone)]
pub struct CnvConfig {
    pub bam: Option<PathBuf>,
    pub baseline: DepthBaseline,
    pub cnvkit: Vec<PathBuf>,
    pub cnv_vcf: Vec<PathBuf>,
    pub reference: Option<PathBuf>,
    pub regions: Option<PathBuf>,
    /// The capture design (BED); `None`: covered regions are inferred from the reads.
    pub targets: Option<PathBuf>,
    pub thresholds: Thresholds,
    pub min_mapq: u8,
    /// `None`: do not genotype the KB ALK hotspots (or phase them).
    pub hotspots: Option<HotspotOptions>,
    /// The changes to genotype (the KB's single alterations).
    pub hotspot_specs: Vec<HotspotSpec>,
    /// A hotspot panel of normals (`alkres pon --hotspots-output`): each site's error rate is
    /// at least the panel's median alternate fraction there.
    pub hotspot_pon: Option<PathBuf>,
    /// The run's build, settled by the probe ([`crate::probe::settle_inputs`] on the
    /// headers of the BAM, a matched normal, the CNV VCFs and CNVkit files) before the
    /// analysis reads anything; a panel of normals must agree with it.
    pub build: BuildChoice,
    pub sample: Option<String>,
    pub command_line: String,
}

/// Run the configured analyses. Nothing is written.
/// Findings come without KB matches: the caller attaches them
/// (`KnowledgeBase::match_copy_numbers` in `kb`, a layer above).
pub fn analyse(config: &CnvConfig) -> Result<CnvReport> {
    analyse_with(config, &mut NoGuest)
}

/// [`analyse`], with `guest`'s visitors (another stage's) in the same pass over the tumour's
/// reads as the depth, hotspot and phase counting.
pub fn analyse_with(config: &CnvConfig, guest: &mut dyn PassGuest) -> Result<CnvReport> {
    let build = config.build.build;
    let tumour = config
        .bam
        .as_deref()
        .map(|p| AlignmentFile::new(p, config.reference.as_deref()));
    let tumour_header = tumour.as_ref().map(AlignmentFile::header).transpose()?;
    let vcfs = config
        .cnv_vcf
        .iter()
        .map(|path| Ok((path, cnv_vcf::read(path, config.sample.as_deref())?)))
        .collect::<Result<Vec<_>>>()?;

    let known = KnownSequence::shipped()?;
    let transcripts = TranscriptSet::shipped(build, &known)?;
    let genes = GeneTable::shipped()?;
    let sample = sample_name(config, tumour_header.as_ref(), &vcfs);
    let mut report = CnvReport::new(sample, build, config.build.describe(), config);
    let ctx = Context {
        thresholds: &config.thresholds,
        transcripts: &transcripts,
        genes: &genes,
    };

    if let Some(file) = &tumour {
        tumour_analyses(config, file, ctx, &mut report, guest)?;
    }
    let targets = gene_targets(&genes, &transcripts);
    for path in &config.cnvkit {
        let file = cnvkit::read(path)?;
        let source = file_name(path);
        report.inputs.push(InputInfo::new(path, file.kind.label()));
        if file.rows_without_log2 > 0 {
            report.notes.push(format!(
                "{source}: {} row(s) without a log2 value (nan) left out",
                file.rows_without_log2
            ));
        }
        let levels = file.gene_levels(&targets);
        add_levels(&mut report, levels, (file.kind.label(), &source), ctx);
    }
    for (path, vcf) in &vcfs {
        let source = file_name(path);
        let method = "CNV VCF";
        report.inputs.push(InputInfo::new(path, method));
        if let Some(why) = &vcf.sample_column {
            report.notes.push(format!("{source}: {why}"));
        }
        if vcf.skipped_filtered > 0 {
            report.notes.push(format!(
                "{source}: {} CNV record(s) failing FILTER skipped",
                vcf.skipped_filtered
            ));
        }
        add_levels(
            &mut report,
            vcf.gene_levels(&targets),
            (method, &source),
            ctx,
        );
    }
    Ok(report)
}

/// One pass over the tumour's reads: depth of every copy-number region, the hotspot codons
/// (whose reads also phase the detected hotspots) and the guest's windows.
fn tumour_analyses(
    config: &CnvConfig,
    file: &AlignmentFile,
    ctx: Context,
    report: &mut CnvReport,
    guest: &mut dyn PassGuest,
) -> Result<()> {
    let regions = RegionSet::new(
        report.build,
        ctx.transcripts,
        ctx.genes,
        config.regions.as_deref(),
    )?;
    let targets = config
        .targets
        .as_deref()
        .map(CaptureTargets::read)
        .transpose()?;
    let header = file.header()?;
    let mut depth = DepthPass::new(&header, &regions.regions, config.min_mapq);
    // A hotspot whose contig the header lacks is an error, reported after the depth analysis.
    let mut sites = config.hotspots.as_ref().map(|options| {
        let hotspots = place_hotspots(&config.hotspot_specs, ctx.transcripts, "ALK");
        HotspotSites::new(&header, &file.label(), &hotspots, options)
    });
    guest.prepare(report.build, &header);
    let mut visitors = depth.visitors();
    if let Some(Ok(sites)) = &mut sites {
        visitors.extend(sites.visitors());
    }
    visitors.extend(guest.visitors());
    visit_regions(file, visitors)?;
    depth_analysis(
        config,
        file,
        (regions, targets, depth.finish(), &header),
        ctx,
        report,
    )?;
    if let (Some(options), Some(sites)) = (&config.hotspots, sites) {
        let sites = sites?;
        // A matched normal: the same hotspots genotyped there bound each site's error rate.
        let normal = match &config.baseline {
            DepthBaseline::MatchedNormal(path) => {
                let hotspots = place_hotspots(&config.hotspot_specs, ctx.transcripts, "ALK");
                let counts =
                    genotype_hotspots_with(path, config.reference.as_deref(), &hotspots, options)?;
                report.notes.push(format!(
                    "hotspot error rates: at least the matched normal's alternate fraction at \
                     each site ({})",
                    path.display()
                ));
                Some(counts)
            }
            _ => None,
        };
        let panel = match &config.hotspot_pon {
            Some(path) => Some(read_hotspot_pon(path, report)?),
            None => None,
        };
        let floors = error_floors(normal.iter().flat_map(|n| normal_counts(n)), panel.as_ref());
        hotspot_analysis(&sites, options, ctx, report, &floors);
    }
    Ok(())
}

/// What the pass gave the depth analysis: regions, capture targets, depth, header.
type DepthInputs<'h> = (
    RegionSet,
    Option<CaptureTargets>,
    DepthProfile,
    &'h AlignmentHeader,
);

fn depth_analysis(
    config: &CnvConfig,
    file: &AlignmentFile,
    (regions, targets, profile, header): DepthInputs,
    ctx: Context,
    report: &mut CnvReport,
) -> Result<()> {
    if let Some(why) = rna_evidence(header.rna_aligner(), &profile) {
        // Depth of RNA follows expression, not copy number.
        let reason =
            format!("not assessed: RNA alignments ({why}); copy number is not estimated from RNA");
        report.notes.push(format!("{}: {reason}", file.label()));
        for gene in regions.target_genes(ctx.genes) {
            report.not_assessed.push(NotAssessed {
                gene,
                source: file_name(&file.path),
                reason: reason.clone(),
            });
        }
        report.not_assessed.extend(regions.not_assessed);
        return Ok(());
    }
    let coverage = region_coverage(&regions.regions, &profile, targets.as_ref());
    let covered: Vec<bool> = coverage.iter().map(|c| c.is_covered()).collect();
    let (normalised, normalisation) =
        normalise_covered(&regions.regions, &profile, &covered, &file.label())?;
    let reference_total = regions
        .regions
        .iter()
        .filter(|r| r.role == super::genes::Role::Reference)
        .count();
    report.notes.push(format!(
        "{}: sample scale {:.1}x from {} covered region(s) ({}; {} reference regions in all); \
         covered regions {}",
        file.label(),
        normalisation.scale,
        normalisation.regions_used,
        normalisation.basis,
        reference_total,
        match (&targets, &config.targets) {
            (Some(t), Some(path)) => format!(
                "from the capture targets {} ({} intervals)",
                path.display(),
                t.intervals
            ),
            _ => "inferred from the reads (no --targets): regions without reads are not assessed"
                .into(),
        }
    ));
    let scale = normalisation.scale;
    report.normalisation.push(SampleNormalisation {
        input: file.label(),
        normalisation,
        reads: profile.reads,
    });
    let mut normal_means: Option<Vec<f64>> = None;
    let mut baseline: BaselineDepths = match &config.baseline {
        DepthBaseline::InSample => in_sample_baseline(regions.regions.len()),
        DepthBaseline::MatchedNormal(path) => {
            let normal = AlignmentFile::new(path, config.reference.as_deref());
            let depth = count_depth(&normal, &regions.regions, config.min_mapq)?;
            let (n, normalisation) = normalise(&regions.regions, &depth, &normal.label())?;
            report.normalisation.push(SampleNormalisation {
                input: normal.label(),
                normalisation,
                reads: depth.reads,
            });
            report.inputs.push(InputInfo::new(path, "matched normal"));
            normal_means = Some(
                regions
                    .regions
                    .iter()
                    .zip(&depth.depths)
                    .map(|(r, d)| d.mean(r))
                    .collect(),
            );
            normal_baseline(&n)
        }
        DepthBaseline::PanelOfNormals(path) => {
            let pon = PanelOfNormals::read(path)?;
            let label = path.display().to_string();
            if pon.build != report.build {
                return Err(Error::BuildMismatch {
                    path: label,
                    message: format!(
                        "the panel of normals is {}, but the run's build is {}",
                        pon.build,
                        config.build.describe()
                    ),
                });
            }
            let baseline = pon.baseline(&regions.regions);
            if baseline.iter().all(Option::is_none) {
                return Err(Error::bad_input(
                    label,
                    "none of the copy-number regions is in the panel of normals (made with other --regions?)",
                ));
            }
            report.inputs.push(InputInfo::new(path, "panel of normals"));
            baseline
        }
    };
    // In-sample, a region must be covered in the tumour; against a normal or a panel of
    // normals, the baseline's reads show the assay covers it (a tumour without reads there is
    // a deletion), so only untargeted regions and missing contigs are left out.
    for (i, status) in coverage.iter().enumerate() {
        let keep = match config.baseline {
            DepthBaseline::InSample => status.is_covered(),
            _ => matches!(status, RegionCoverage::Covered | RegionCoverage::NoReads),
        };
        if !keep {
            baseline[i] = None;
        }
    }
    if !profile.missing_contigs.is_empty() {
        report.notes.push(format!(
            "{}: contigs not in the header, their regions count zero: {}",
            file.label(),
            profile.missing_contigs.join(", ")
        ));
    }
    let sample = SampleDepths {
        regions: &regions.regions,
        profile: &profile,
        normalised: &normalised,
        scale,
    };
    let method = config.baseline.method();
    if config.baseline == DepthBaseline::InSample {
        report.notes.push(
            "in-sample reference regions assume even coverage across regions (as in WGS); for \
             capture panels prefer --normal or --pon"
                .into(),
        );
    }
    report.inputs.insert(
        0,
        InputInfo::new(&file.path, &format!("tumour alignments ({method})")),
    );
    report.read_filter = Some(ReadFilterInfo {
        min_mapq: config.min_mapq,
        excluded_flags: format!(
            "{EXCLUDED_FLAGS:#X} (unmapped, secondary, QC-fail, duplicate, supplementary)"
        ),
        counting:
            "aligned read bases (CIGAR M/=/X) per exon, from indexed region queries; no depth cap"
                .into(),
    });
    report.regions = regions
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let depth = profile.depths[i];
            RegionRow {
                chrom: r.chrom.clone(),
                start: r.start,
                end: r.end,
                gene: r.gene.clone(),
                label: r.label.clone(),
                role: r.role.as_str(),
                bases: depth.bases,
                reads: depth.reads,
                mean_depth: depth.mean(r),
                normalised_depth: normalised[i],
                baseline: baseline[i],
                log2: baseline[i].map(|b| log2_floored(normalised[i] / b)),
                coverage: coverage[i],
            }
        })
        .collect();
    let mut levels = gene_levels(&sample, &baseline, &regions.target_genes(ctx.genes));
    for level in &mut levels {
        let members: Vec<usize> = (0..regions.regions.len())
            .filter(|&i| regions.regions[i].gene == level.gene)
            .collect();
        if level.log2.is_none() {
            let statuses: Vec<RegionCoverage> = members.iter().map(|&i| coverage[i]).collect();
            level.notes = vec![uncovered_reason(&statuses)];
        } else if let Some(means) = &normal_means {
            let used: Vec<usize> = members
                .into_iter()
                .filter(|&i| baseline[i].is_some())
                .collect();
            let bases: f64 = used
                .iter()
                .map(|&i| means[i] * regions.regions[i].len() as f64)
                .sum();
            let length: f64 = used.iter().map(|&i| regions.regions[i].len() as f64).sum();
            level.baseline_depth = (length > 0.0).then(|| bases / length);
        }
    }
    add_levels(report, levels, (method, &file_name(&file.path)), ctx);
    report.not_assessed.extend(regions.not_assessed);
    Ok(())
}

fn hotspot_analysis(
    sites: &HotspotSites,
    options: &HotspotOptions,
    ctx: Context,
    report: &mut CnvReport,
    floors: &HashMap<String, NormalSite>,
) {
    let transcripts = ctx.transcripts;
    let counts = sites.finish_with_floors(floors);
    let variants: Vec<_> = counts
        .iter()
        .filter_map(|c| phasing_variant(c, transcripts))
        .collect();
    if variants.len() >= 2 {
        // The hotspot codons' reads, kept by the pass (phasing variants are detected hotspots).
        let calls = phase_from_codon_reads(&variants, |v| sites.codon_reads(&v.chrom, v.pos));
        report.phasing = Some(PhasingSection {
            rule: PHASE_RULE,
            variants,
            results: calls,
        });
    }
    report.hotspots = Some(HotspotSection::new(options, counts));
}

/// A hotspot panel of normals, checked against the run's build: each hotspot's floor.
fn read_hotspot_pon(path: &Path, report: &mut CnvReport) -> Result<HashMap<String, NormalSite>> {
    let panel = HotspotPon::read(path)?;
    if panel.build != report.build {
        return Err(Error::BuildMismatch {
            path: path.display().to_string(),
            message: format!(
                "the hotspot panel of normals is {}, but the run's build is {}",
                panel.build, report.build
            ),
        });
    }
    report
        .inputs
        .push(InputInfo::new(path, "hotspot panel of normals"));
    report.notes.push(format!(
        "hotspot error rates: at least the median alternate fraction over the panel's {} \
         normal(s) at each site ({})",
        panel.samples.len(),
        path.display()
    ));
    Ok(panel.floors())
}

/// What a run's analyses share: the thresholds, the build's transcripts and genes.
#[derive(Clone, Copy)]
struct Context<'a> {
    thresholds: &'a Thresholds,
    transcripts: &'a TranscriptSet,
    genes: &'a GeneTable,
}

/// Estimates become findings (called) or not-assessed entries.
fn add_levels(
    report: &mut CnvReport,
    levels: Vec<GeneLevel>,
    (method, source): (&str, &str),
    ctx: Context,
) {
    for level in levels {
        if level.log2.is_none() && level.given_copy_number.is_none() && level.direction.is_none() {
            report.not_assessed.push(NotAssessed {
                gene: level.gene,
                source: source.to_string(),
                reason: level.notes.join("; "),
            });
        } else {
            let finding = call_gene(level.clone(), ctx.thresholds, method, source);
            match loss_depth_shortfall(&level, finding.call, ctx.thresholds) {
                Some(reason) => report.not_assessed.push(NotAssessed {
                    gene: level.gene,
                    source: source.to_string(),
                    reason,
                }),
                None => report.findings.push(finding),
            }
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `--sample`, else the BAM's read-group sample, else the CNV VCF's sample column, else the
/// first input's file name up to its first dot.
fn sample_name(
    config: &CnvConfig,
    header: Option<&AlignmentHeader>,
    vcfs: &[(&PathBuf, cnv_vcf::CnvVcf)],
) -> String {
    if let Some(s) = &config.sample {
        return s.clone();
    }
    if let Some(s) = header.and_then(|h| h.samples.first()) {
        return s.clone();
    }
    if let Some(s) = vcfs.iter().find_map(|(_, v)| v.sample.clone()) {
        return s;
    }
    let first = config
        .bam
        .iter()
        .chain(&config.cnvkit)
        .chain(&config.cnv_vcf)
        .next();
    first
        .map(|p| file_name(p))
        .and_then(|n| n.split('.').next().map(str::to_string))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "sample".into())
}
