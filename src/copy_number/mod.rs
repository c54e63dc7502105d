//! Copy number: MET/ALK/EGFR/MYC/KRAS/KIT amplification and TP53/RB1/PTEN/CDKN2A loss, from
//! read depth (against a matched normal, a panel of normals, or in-sample reference regions)
//! or from CNV calls (CNVkit `.cnr`/`.cns`, CNV VCF). `alkres cnv` also genotypes the
//! knowledge-base ALK hotspots from the BAM and phases the detected ones
//! ([`crate::detect::hotspots`], [`crate::detect::phasing`]).
//!
//! One concept per module: [`genes`] (which genes, their arms), [`regions`] (the exons
//! counted), [`alignments`] (BAM/CRAM access), [`depth`] (counting), [`ratio`]
//! (normalisation and gene-level log2), [`pon`] (panel of normals), [`cnvkit`] and
//! [`cnv_vcf`] (CNV calls), [`call`] (thresholds, purity, focal vs broad), [`analysis`]
//! (one run), [`output`] (files).

pub mod alignments;
pub mod analysis;
pub mod call;
pub mod cnv_vcf;
pub mod cnvkit;
pub mod depth;
pub mod genes;
pub mod output;
pub mod pon;
pub mod ratio;
pub mod regions;
pub mod targets;

pub use analysis::{analyse, CnvConfig, DepthBaseline};
pub use call::Thresholds;
pub use output::CnvReport;

use crate::cli::{CnvArgs, PonArgs};
use crate::error::{Error, Result};
use crate::genome::KnownSequence;
use crate::io::atomic::PendingOutputs;
use crate::kb::KnowledgeBase;
use crate::transcript::TranscriptSet;
use alignments::AlignmentFile;
use genes::GeneTable;
use pon::PanelOfNormals;
use regions::RegionSet;

/// `alkres cnv`.
pub fn run(args: &CnvArgs, _threads: usize) -> Result<()> {
    let config = CnvConfig::from_args(args)?;
    let kb = KnowledgeBase::shipped()?;
    let report = analyse(&config, &kb)?;
    report.write(&args.output_dir)?;
    let changed: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.call != "neutral")
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
pub fn run_pon(args: &PonArgs, _threads: usize) -> Result<()> {
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
            let profile = depth::count_depth(file, &regions.regions, args.min_mapq)?;
            Ok(ratio::normalise(&regions.regions, &profile, &file.label())?.0)
        })
        .collect::<Result<Vec<_>>>()?;
    let pon = PanelOfNormals::from_normals(build, &regions.regions, samples, &normalised);
    let mut pending = PendingOutputs::default();
    let mut out = pending.create(&args.output)?;
    pon.write(&mut out, args.min_mapq)
        .map_err(|e| Error::output(&args.output, e))?;
    out.finish()?;
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
