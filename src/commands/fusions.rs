//! `alkres fusions`: arguments to [`FusionInputs`], detection, KB matches, outputs.

use crate::cli::FusionsArgs;
use crate::error::Result;
use crate::fusion::{detect, CallRules, FusionInputs, FusionOptions};
use crate::io::atomic::PendingOutputs;

/// `alkres fusions`: detect, then write every report's TSV and JSON atomically.
pub(super) fn run(args: &FusionsArgs, threads: usize) -> Result<()> {
    let kb = crate::kb::load(args.kb_dir.as_deref())?;
    let inputs = FusionInputs {
        alignments: args.bams.clone(),
        reference: args.reference.clone(),
        sv_vcfs: args.sv.clone(),
        arriba: args.arriba.clone(),
        star_fusion: args.star_fusion.clone(),
        sample: args.sample.clone(),
        options: FusionOptions {
            min_mapq: args.min_mapq,
            min_support: args.min_support,
            min_clip: args.min_clip,
            include_filtered: args.include_filtered,
            rules: CallRules {
                min_reads: args.min_fusion_reads,
                min_split_reads: args.min_split_reads,
                min_fraction: args.min_fusion_fraction,
                min_caller_reads: args.min_caller_reads,
                known_partners: kb.fusions.iter().map(|f| f.partner.clone()).collect(),
            },
        },
    };
    let mut reports = detect(&inputs, args.build, threads)?;
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    let mut pending = PendingOutputs::default();
    for report in &mut reports {
        report.kb = Some(kb.label());
        for fusion in &mut report.fusions {
            fusion.kb = kb.match_fusion(&fusion.partner, fusion.variant.as_deref());
        }
        report.command = Some(command.clone());
        crate::fusion::output::write(report, &args.output_dir, &mut pending)?;
    }
    pending.commit()?;
    for report in &reports {
        let skipped: u64 = report
            .stats
            .inputs
            .iter()
            .flat_map(|i| i.skipped.values())
            .sum();
        eprintln!(
            "alkres: {}: {} fusion(s) on {}, {} candidate(s) (not findings); {} input(s), {} record(s)/read(s) set aside (see stats in the JSON)",
            report.sample,
            report.fusions.len(),
            report.build,
            report.candidates.len(),
            report.stats.inputs.len(),
            skipped
        );
    }
    Ok(())
}
