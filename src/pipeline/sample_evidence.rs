//! The detectors beyond the small-variant VCF: fusions (BAM, SV VCF, RNA callers), copy
//! number (BAM depth, CNVkit, CNV VCF), BAM genotyping of the KB hotspots and read-backed
//! phasing of ALK mutation pairs. Defaults are those of `alkres fusions` and `alkres cnv`.

use super::sample::{ExtraEvidence, RunOptions, SampleInputs};
use crate::alignments::pass::NoGuest;
use crate::copy_number::ratio::NO_READS;
use crate::copy_number::regions::NotAssessed;
use crate::copy_number::{analyse_with, CnvConfig, CnvReport, DepthBaseline, Thresholds};
use crate::detect::hotspots::{HotspotChange, HotspotCount, HotspotOptions};
use crate::error::{Error, Result};
use crate::kb::KnowledgeBase;
use crate::model::{CnCall, Consequence, Consequences, Finding};
use crate::probe::{BuildChoice, ContigNaming};
use crate::transcript::codon::three_letter;
use crate::verdict::PhaseEvidence;

pub fn collect(
    inputs: &SampleInputs,
    options: &RunOptions,
    kb: &KnowledgeBase,
    build: &BuildChoice,
    naming: Option<ContigNaming>,
) -> Result<ExtraEvidence> {
    let mut extra = ExtraEvidence::default();
    let (cnvkit, cnv_vcf): (Vec<_>, Vec<_>) =
        inputs.cnv.iter().cloned().partition(|p| is_cnvkit(p));
    // The fusion scan of the BAM's ALK region rides along the copy-number pass: one read.
    let mut prescan = super::sample_fusions::prescan(inputs);
    if inputs.bam.is_some() || !inputs.cnv.is_empty() {
        let config = CnvConfig {
            bam: inputs.bam.clone(),
            baseline: inputs
                .normal_bam
                .clone()
                .map_or(DepthBaseline::InSample, DepthBaseline::MatchedNormal),
            cnvkit,
            cnv_vcf,
            reference: inputs.reference.clone(),
            regions: None,
            targets: inputs.targets.clone(),
            thresholds: Thresholds::default(),
            min_mapq: HotspotOptions::default().min_mapq,
            hotspots: inputs.bam.is_some().then(HotspotOptions::default),
            hotspot_specs: kb.hotspot_specs(),
            hotspot_pon: inputs.hotspot_pon.clone(),
            build: build.clone(),
            sample: Some(inputs.sample.clone()),
            command_line: options.command_line.clone(),
        };
        let analysed = match &mut prescan {
            Some(guest) => analyse_with(&config, guest),
            None => analyse_with(&config, &mut NoGuest),
        };
        match analysed {
            Ok(mut report) => {
                kb.match_copy_numbers(&mut report.findings);
                absorb_copy_number(report, &mut extra, kb, naming);
            }
            // A BAM with no read in any copy-number exon (a fusion-only capture of ALK
            // introns) still serves the fusion stage, whose scan the pass has completed.
            Err(Error::BadInput { path, message })
                if message == NO_READS && inputs.cnv.is_empty() =>
            {
                eprintln!(
                    "alkres: {}: copy number and BAM hotspot genotyping not assessed: {path}: {message}",
                    inputs.sample
                );
                extra.copy_number_not_assessed.push(NotAssessed {
                    gene: "all panel genes".into(),
                    source: path,
                    reason: format!("{message}; BAM hotspot genotyping not assessed either"),
                });
            }
            Err(e) => return Err(e),
        }
    }
    let prescanned = prescan.and_then(|p| p.finish());
    super::sample_fusions::collect(inputs, options, kb, build, &mut extra, prescanned)?;
    Ok(extra)
}

/// CNVkit's `.cnr`/`.cns` (by name); other copy-number inputs are CNV VCFs.
pub fn is_cnvkit(path: &std::path::Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    name.ends_with(".cnr") || name.ends_with(".cns")
}

fn absorb_copy_number(
    mut report: CnvReport,
    extra: &mut ExtraEvidence,
    kb: &KnowledgeBase,
    naming: Option<ContigNaming>,
) {
    for note in report
        .notes
        .iter()
        .filter(|n| n.contains("taken as the tumour"))
    {
        eprintln!("alkres: {}: {note}", report.sample);
    }
    // The verdict is silent on these genes' copy number: say so (`alkres cnv` says why).
    let mut unassessed: Vec<&str> = Vec::new();
    for n in &report.not_assessed {
        if !unassessed.contains(&n.gene.as_str()) {
            unassessed.push(&n.gene);
        }
    }
    if !unassessed.is_empty() {
        eprintln!(
            "alkres: {}: copy number not assessed for {} (the JSON's \
             copy_number_not_assessed gives each reason): no copy-number call is made for them",
            report.sample,
            unassessed.join(", ")
        );
    }
    extra.copy_number_not_assessed = std::mem::take(&mut report.not_assessed);
    // Depth-based calls of genes with no change are not findings.
    extra.copy_number.extend(
        report
            .findings
            .into_iter()
            .filter(|f| f.call != CnCall::Neutral),
    );
    if let Some(section) = report.phasing {
        extra
            .bam_phase
            .extend(section.results.into_iter().map(|p| PhaseEvidence {
                detail: p.reason.clone(),
                first: p.first,
                second: p.second,
                phase: p.call,
            }));
    }
    if let Some(section) = report.hotspots {
        extra.hotspots.extend(
            section
                .results
                .iter()
                .filter(|h| h.detected)
                .filter_map(|h| hotspot_finding(h, &section.threshold, kb, naming)),
        );
    }
}

/// A KB hotspot detected in the BAM, as a finding (used when the VCF did not report it).
/// Its contig is written in the run's naming (`naming`), like the VCF's findings.
fn hotspot_finding(
    h: &HotspotCount,
    threshold: &str,
    kb: &KnowledgeBase,
    naming: Option<ContigNaming>,
) -> Option<Finding> {
    let spot = &h.hotspot;
    let alt_aa = h.alt_codon.as_deref().and_then(|codon| {
        let bases: Vec<u8> = codon.bytes().collect();
        crate::transcript::codon::translate([*bases.first()?, *bases.get(1)?, *bases.get(2)?])
    });
    let short = spot.protein_short.clone();
    let hgvs_p = match (alt_aa, spot.reference_aa) {
        (Some(alt), reference) if short.ends_with(alt as char) => Some(format!(
            "p.{}{}{}",
            three_letter(reference as u8),
            spot.protein_position,
            three_letter(alt)
        )),
        _ => None,
    };
    let record = h.record.as_ref();
    Some(Finding {
        kind: "small_variant",
        gene: spot.gene.clone(),
        transcript: record.map(|_| spot.transcript.clone()),
        chrom: naming.map_or_else(|| spot.chrom.clone(), |n| n.name(&spot.chrom)),
        pos: record.map_or(*spot.codon.iter().min()?, |r| r.pos),
        reference: record.map_or_else(|| ".".into(), |r| r.reference.clone()),
        alt: record.map_or_else(
            || h.alt_codon.clone().unwrap_or_else(|| ".".into()),
            |r| r.alt.clone(),
        ),
        consequence: Some(Consequences::one(match spot.change {
            HotspotChange::Substitution(_) => Consequence::MissenseVariant,
            HotspotChange::Deletion => Consequence::InframeDeletion,
            HotspotChange::Insertion => Consequence::InframeInsertion,
        })),
        exon: None,
        intron: None,
        hgvs_c: record.map(|r| r.hgvs_c.clone()),
        kb: kb.match_protein(&spot.gene, &short, hgvs_p.as_deref()),
        hgvs_p,
        protein_short: Some(short),
        event: None,
        source: "BAM-genotyped".into(),
        vaf: h.vaf,
        vaf_source: Some("BAM allele counts"),
        depth: Some(h.depth),
        alt_depth: Some(h.alt_count),
        genotype: None,
        phased: false,
        phase_set: None,
        haplotypes: Vec::new(),
        filter: "BAM-genotyped".into(),
        filtered: false,
        components: Vec::new(),
        notes: vec![format!(
            "genotyped from the BAM at the KB position ({} of {} read pairs; {:.1} expected from \
             errors at rate {:.4}, p = {:.1e}; limit of detection {}; detection threshold: \
             {threshold}); not in the VCF",
            h.alt_count,
            h.depth,
            h.noise.expected_errors,
            h.noise.error_rate,
            h.noise.p_value,
            h.noise
                .limit_of_detection
                .map_or_else(|| "none at this depth".into(), |l| format!("VAF {l}")),
        )],
    })
}
