//! `alkres cnv` and `alkres pon`: arguments to configurations, the analysis, KB matches,
//! outputs.

use crate::alignments::AlignmentFile;
use crate::cli::{CnvArgs, PonArgs};
use crate::copy_number::genes::GeneTable;
use crate::copy_number::pon::PanelOfNormals;
use crate::copy_number::regions::RegionSet;
use crate::copy_number::{analyse, CnvConfig, DepthBaseline, Thresholds};
use crate::detect::hotspot_pon::HotspotPon;
use crate::detect::hotspots::{
    genotype_hotspots_with, place_hotspots, DetectionThreshold, HotspotOptions,
};
use crate::error::{Error, Result};
use crate::genome::KnownSequence;
use crate::io::atomic::PendingOutputs;
use crate::kb::KnowledgeBase;
use crate::probe::{settle_inputs, ProbeInput};
use crate::transcript::TranscriptSet;

/// `alkres cnv`.
pub(super) fn run(args: &CnvArgs) -> Result<()> {
    let kb = crate::kb::load(args.kb_dir.as_deref())?;
    let config = cnv_config(args, &kb)?;
    let mut report = analyse(&config)?;
    kb.match_copy_numbers(&mut report.findings);
    report.write(&args.output_dir)?;
    let changed: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.call != crate::model::CnCall::Neutral)
        .map(|f| format!("{} {}", f.gene, f.call))
        .collect();
    let detected = report
        .hotspots
        .as_ref()
        .map_or(0, |h| h.results.iter().filter(|c| c.detected).count());
    eprintln!(
        "alkres: {}: {} gene(s) assessed, {} changed{}{}",
        report.sample,
        report.findings.len(),
        changed.len(),
        if changed.is_empty() {
            String::new()
        } else {
            format!(" ({})", changed.join(", "))
        },
        if report.hotspots.is_some() {
            format!("; {detected} BAM-genotyped ALK hotspot(s) detected")
        } else {
            String::new()
        }
    );
    for missing in &report.not_assessed {
        eprintln!(
            "alkres: {}: {} not assessed ({}): {}",
            report.sample, missing.gene, missing.source, missing.reason
        );
    }
    Ok(())
}

/// `alkres pon`: per-region median normalised depth over normal BAMs.
pub(super) fn run_pon(args: &PonArgs) -> Result<()> {
    let files: Vec<AlignmentFile> = args
        .bams
        .iter()
        .map(|p| AlignmentFile::new(p, args.reference.as_deref()))
        .collect();
    let mut build = args.build;
    let mut samples = Vec::new();
    for file in &files {
        let header = file.header()?;
        let evidence = header.build_evidence();
        match (evidence.build(), build) {
            (Some(found), Some(b)) if found != b => {
                return Err(Error::BuildMismatch {
                    path: file.label(),
                    message: format!("is {found}, but the panel is {b}"),
                })
            }
            (Some(found), None) => build = Some(found),
            (None, None) => {
                return Err(Error::BuildMismatch {
                    path: file.label(),
                    message: "cannot tell the genome build from the @SQ lengths: give --build"
                        .into(),
                })
            }
            _ => {}
        }
        samples.push(header.samples.first().cloned().unwrap_or_else(|| {
            file.path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        }));
    }
    let Some(build) = build else {
        return Err(Error::Usage("alkres pon needs at least one BAM".into()));
    };
    let known = KnownSequence::shipped()?;
    let transcripts = TranscriptSet::shipped(build, &known)?;
    let regions = RegionSet::new(
        build,
        &transcripts,
        &GeneTable::shipped()?,
        args.regions.as_deref(),
    )?;
    let normalised = files
        .iter()
        .map(|file| {
            let profile =
                crate::copy_number::depth::count_depth(file, &regions.regions, args.min_mapq)?;
            Ok(crate::copy_number::ratio::normalise(&regions.regions, &profile, &file.label())?.0)
        })
        .collect::<Result<Vec<_>>>()?;
    let hotspot_pon = match &args.hotspots_output {
        Some(_) => Some(hotspot_panel(args, &files, build, &transcripts, &samples)?),
        None => None,
    };
    let pon = PanelOfNormals::from_normals(build, &regions.regions, samples, &normalised);
    // Both files or neither.
    let mut pending = PendingOutputs::default();
    let mut out = pending.create(&args.output)?;
    pon.write(&mut out, args.min_mapq)
        .map_err(|e| Error::output(&args.output, e))?;
    out.finish()?;
    if let (Some(path), Some(panel)) = (&args.hotspots_output, &hotspot_pon) {
        let mut out = pending.create(path)?;
        panel
            .write(&mut out, args.min_mapq, args.min_base_quality)
            .map_err(|e| Error::output(path, e))?;
        out.finish()?;
        eprintln!(
            "alkres: hotspot panel of normals: {} hotspot(s) in {} normal(s)",
            panel.sites.len(),
            files.len()
        );
    }
    pending.commit()?;
    eprintln!(
        "alkres: panel of normals from {} sample(s), {} regions ({build}){}",
        files.len(),
        pon.rows.len(),
        if files.len() < 3 {
            "; fewer than 3 normals: the MAD column says little"
        } else {
            ""
        }
    );
    Ok(())
}

/// The shipped KB's ALK hotspots genotyped in every normal, as a hotspot panel of normals.
fn hotspot_panel(
    args: &PonArgs,
    files: &[AlignmentFile],
    build: crate::genome::Build,
    transcripts: &TranscriptSet,
    samples: &[String],
) -> Result<HotspotPon> {
    let specs = KnowledgeBase::shipped()?.hotspot_specs();
    let hotspots = place_hotspots(&specs, transcripts, "ALK");
    let options = HotspotOptions {
        min_mapq: args.min_mapq,
        min_base_quality: args.min_base_quality,
        threshold: DetectionThreshold::default(),
    };
    let counts = files
        .iter()
        .map(|file| {
            genotype_hotspots_with(&file.path, args.reference.as_deref(), &hotspots, &options)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(HotspotPon::from_counts(build, samples.to_vec(), &counts))
}

/// `alkres cnv` arguments → a validated [`CnvConfig`].
fn cnv_config(args: &CnvArgs, kb: &KnowledgeBase) -> Result<CnvConfig> {
    let baseline = match (&args.normal, &args.pon) {
        (Some(_), Some(_)) => {
            return Err(Error::Usage(
                "give either --normal or --pon, not both".into(),
            ))
        }
        (Some(n), None) => DepthBaseline::MatchedNormal(n.clone()),
        (None, Some(p)) => DepthBaseline::PanelOfNormals(p.clone()),
        (None, None) => DepthBaseline::InSample,
    };
    if args.bam.is_none() && baseline != DepthBaseline::InSample {
        return Err(Error::Usage(
            "--normal and --pon need the tumour alignments (-b/--bam)".into(),
        ));
    }
    if args.bam.is_none() && args.cnvkit.is_empty() && args.cnv_vcf.is_empty() {
        return Err(Error::Usage(
            "alkres cnv needs -b/--bam, --cnvkit or --cnv-vcf".into(),
        ));
    }
    if !(args.hotspot_min_vaf >= 0.0 && args.hotspot_min_vaf <= 1.0) {
        return Err(Error::Usage(format!(
            "--hotspot-min-vaf must be in [0, 1] (got {})",
            args.hotspot_min_vaf
        )));
    }
    let thresholds = Thresholds {
        amplification_copies: args.amp_copies,
        gain_copies: args.gain_copies,
        loss_copies: args.loss_copies,
        deep_deletion_copies: args.del_copies,
        focal_log2: args.focal_log2,
        purity: args.purity,
        min_loss_depth: args.min_loss_depth,
    };
    thresholds.validate()?;
    // The run's probe: every input's header settles the build before anything is read.
    let reference = args.reference.as_deref();
    let normal = match &baseline {
        DepthBaseline::MatchedNormal(path) => Some(path),
        _ => None,
    };
    let probed: Vec<ProbeInput> = args
        .bam
        .iter()
        .chain(normal)
        .map(|path| ProbeInput::Alignments { path, reference })
        .chain(args.cnv_vcf.iter().map(|p| ProbeInput::Vcf(p)))
        .chain(args.cnvkit.iter().map(|p| ProbeInput::Table(p)))
        .collect();
    let build = settle_inputs(args.build, &probed)?;
    Ok(CnvConfig {
        bam: args.bam.clone(),
        baseline,
        cnvkit: args.cnvkit.clone(),
        cnv_vcf: args.cnv_vcf.clone(),
        reference: args.reference.clone(),
        regions: args.regions.clone(),
        targets: args.targets.clone(),
        thresholds,
        min_mapq: args.min_mapq,
        hotspots: (!args.no_hotspots).then_some(HotspotOptions {
            min_mapq: args.min_mapq,
            min_base_quality: args.min_base_quality,
            threshold: DetectionThreshold {
                min_alt: args.hotspot_min_alt,
                min_vaf: args.hotspot_min_vaf,
                max_p_value: args.hotspot_max_p,
            },
        }),
        hotspot_specs: kb.hotspot_specs(),
        hotspot_pon: args.hotspot_pon.clone(),
        build,
        sample: args.sample.clone(),
        command_line: std::env::args().collect::<Vec<_>>().join(" "),
    })
}
