//! The copy-number report and its files: `<sample>.alkres.<build>.cnv.{tsv,json}`, plus
//! `.hotspots.tsv` and `.phasing.tsv` when they were computed. Written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::analysis::CnvConfig;
use super::call::Thresholds;
use super::coverage::RegionCoverage;
use super::depth::ReadTally;
use super::ratio::Normalisation;
use super::regions::NotAssessed;
use crate::detect::hotspots::{HotspotCount, HotspotOptions, BAM_GENOTYPED};
use crate::detect::phasing::{PhaseCall, PhasingVariant};
use crate::error::{Error, Result};
use crate::genome::Build;
use crate::io::atomic::PendingOutputs;
use crate::io::file_stem;
use crate::model::{CopyNumberFinding, DISCLAIMER};

/// Version of the `.cnv.json` layout; bump on any breaking change.
pub const CNV_JSON_SCHEMA_VERSION: &str = "1.0";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputInfo {
    pub path: String,
    pub role: String,
}

impl InputInfo {
    pub fn new(path: &Path, role: &str) -> Self {
        InputInfo {
            path: path.display().to_string(),
            role: role.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadFilterInfo {
    pub min_mapq: u8,
    pub excluded_flags: String,
    pub counting: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleNormalisation {
    pub input: String,
    #[serde(flatten)]
    pub normalisation: Normalisation,
    /// Reads met in the region queries: counted, or left out and why.
    pub reads: ReadTally,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotspotSection {
    pub source: &'static str,
    /// The detection threshold, in words.
    pub threshold: String,
    pub options: HotspotOptions,
    pub results: Vec<HotspotCount>,
}

impl HotspotSection {
    pub fn new(options: &HotspotOptions, results: Vec<HotspotCount>) -> Self {
        HotspotSection {
            source: BAM_GENOTYPED,
            threshold: options.threshold.describe(),
            options: *options,
            results,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhasingSection {
    pub rule: &'static str,
    /// The detected hotspot mutations that were phased, as genomic changes.
    pub variants: Vec<PhasingVariant>,
    pub results: Vec<PhaseCall>,
}

/// Depth of one counted region (exon), for `<sample>.alkres.<build>.cnv_regions.tsv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRow {
    pub chrom: String,
    /// 1-based inclusive.
    pub start: u64,
    pub end: u64,
    pub gene: String,
    pub label: String,
    pub role: &'static str,
    /// Aligned read bases in the region (= `samtools bedcov -j` for the same filters).
    pub bases: u64,
    pub reads: u64,
    pub mean_depth: f64,
    /// Mean depth / the sample's scale.
    pub normalised_depth: f64,
    /// The baseline's normalised depth (matched normal, PON median, 1 in-sample).
    pub baseline: Option<f64>,
    pub log2: Option<f64>,
    /// Whether the region's depth could be read as copy number ([`RegionCoverage`]).
    pub coverage: RegionCoverage,
}

/// Everything one `alkres cnv` run found, for the JSON and TSV renderers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CnvReport {
    pub schema_version: &'static str,
    pub sample: String,
    pub build: Build,
    pub build_evidence: String,
    pub alkres_version: &'static str,
    pub command: String,
    pub inputs: Vec<InputInfo>,
    pub thresholds: Thresholds,
    /// The thresholds in words.
    pub thresholds_stated: String,
    pub read_filter: Option<ReadFilterInfo>,
    pub normalisation: Vec<SampleNormalisation>,
    pub findings: Vec<CopyNumberFinding>,
    /// Reported genes that an input could not assess, and why (CDKN2A without --regions).
    pub not_assessed: Vec<NotAssessed>,
    pub hotspots: Option<HotspotSection>,
    pub phasing: Option<PhasingSection>,
    pub notes: Vec<String>,
    pub disclaimer: &'static str,
    /// Per-region depth (BAM input only): written as a TSV, not into the JSON.
    #[serde(skip)]
    pub regions: Vec<RegionRow>,
}

impl CnvReport {
    pub fn new(sample: String, build: Build, build_evidence: String, config: &CnvConfig) -> Self {
        CnvReport {
            schema_version: CNV_JSON_SCHEMA_VERSION,
            sample,
            build,
            build_evidence,
            alkres_version: env!("CARGO_PKG_VERSION"),
            command: config.command_line.clone(),
            inputs: Vec::new(),
            thresholds: config.thresholds,
            thresholds_stated: config.thresholds.describe(),
            read_filter: None,
            normalisation: Vec::new(),
            findings: Vec::new(),
            not_assessed: Vec::new(),
            hotspots: None,
            phasing: None,
            notes: Vec::new(),
            disclaimer: DISCLAIMER,
            regions: Vec::new(),
        }
    }

    /// `<dir>/<sample>.alkres.<build>.<kind>.<ext>`.
    pub fn output_path(&self, dir: &Path, kind_ext: &str) -> PathBuf {
        dir.join(format!(
            "{}.alkres.{}.{kind_ext}",
            file_stem(&self.sample),
            self.build.tag()
        ))
    }

    /// Write every output of the report; all appear together or none does.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut pending = PendingOutputs::default();
        let json_path = self.output_path(dir, "cnv.json");
        let mut json = pending.create(&json_path)?;
        serde_json::to_writer_pretty(&mut json, self)
            .map_err(|e| Error::output(&json_path, std::io::Error::other(e)))?;
        json.write_all(b"\n")
            .map_err(|e| Error::output(&json_path, e))?;
        json.finish()?;

        let tsv_path = self.output_path(dir, "cnv.tsv");
        let mut tsv = pending.create(&tsv_path)?;
        self.write_findings_tsv(&mut tsv)
            .map_err(|e| Error::output(&tsv_path, e))?;
        tsv.finish()?;

        if !self.regions.is_empty() {
            let path = self.output_path(dir, "cnv_regions.tsv");
            let mut out = pending.create(&path)?;
            self.write_regions_tsv(&mut out)
                .map_err(|e| Error::output(&path, e))?;
            out.finish()?;
        }
        if let Some(hotspots) = &self.hotspots {
            let path = self.output_path(dir, "hotspots.tsv");
            let mut out = pending.create(&path)?;
            self.write_hotspots_tsv(&mut out, hotspots)
                .map_err(|e| Error::output(&path, e))?;
            out.finish()?;
        }
        if let Some(phasing) = &self.phasing {
            let path = self.output_path(dir, "phasing.tsv");
            let mut out = pending.create(&path)?;
            self.write_phasing_tsv(&mut out, phasing)
                .map_err(|e| Error::output(&path, e))?;
            out.finish()?;
        }
        pending.commit()
    }

    fn write_findings_tsv(&self, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(
            out,
            "sample\tgene\trole\tchrom\tstart\tend\tlog2_ratio\tcopy_number\tcopy_number_observed\tcall\tfocal\tbaseline_log2\tthreshold\tmethod\tsource\tbins\tdepth\texpected_depth\tnotes"
        )?;
        for f in &self.findings {
            let fields = [
                clean(&self.sample),
                clean(&f.gene),
                opt(&f.role),
                opt(&f.chrom),
                opt(&f.start),
                opt(&f.end),
                opt(&f.log2_ratio),
                opt(&f.copy_number),
                opt(&f.copy_number_observed),
                f.call.to_string(),
                opt(&f.focal),
                opt(&f.baseline_log2),
                clean(&f.threshold),
                clean(&f.method),
                clean(&f.source),
                opt(&f.bins),
                opt(&f.depth),
                opt(&f.expected_depth),
                clean(&f.notes.join("; ")),
            ];
            writeln!(out, "{}", fields.join("\t"))?;
        }
        Ok(())
    }

    fn write_regions_tsv(&self, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(
            out,
            "chrom\tstart\tend\tgene\tlabel\trole\tbases\treads\tmean_depth\tnormalised_depth\tbaseline\tlog2\tcoverage"
        )?;
        for r in &self.regions {
            let fields = [
                clean(&r.chrom),
                r.start.to_string(),
                r.end.to_string(),
                clean(&r.gene),
                clean(&r.label),
                r.role.to_string(),
                r.bases.to_string(),
                r.reads.to_string(),
                format!("{:.4}", r.mean_depth),
                format!("{:.4}", r.normalised_depth),
                r.baseline.map_or_else(|| ".".into(), |b| format!("{b:.4}")),
                r.log2.map_or_else(|| ".".into(), |l| format!("{l:.4}")),
                serde_json::to_value(r.coverage)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            ];
            writeln!(out, "{}", fields.join("\t"))?;
        }
        Ok(())
    }

    fn write_hotspots_tsv(
        &self,
        out: &mut impl Write,
        section: &HotspotSection,
    ) -> std::io::Result<()> {
        writeln!(
            out,
            "sample\tkb_id\tprotein_short\tchrom\tcodon_positions\tdepth\tref_count\talt_count\tother_count\tambiguous\tvaf\talt_codon\tdetected\tthreshold\tsource\tpos\tref\talt\thgvs_c\thgvs_p\terror_rate\texpected_errors\tp_value\talt_forward\talt_reverse\tstrand_p_value\tlimit_of_detection\tnot_detected_because"
        )?;
        for c in &section.results {
            let h = &c.hotspot;
            let codon: Vec<String> = h.codon.iter().map(u64::to_string).collect();
            let fields = [
                clean(&self.sample),
                clean(&h.label),
                clean(&h.protein_short),
                clean(&h.chrom),
                codon.join(","),
                c.depth.to_string(),
                c.ref_count.to_string(),
                c.alt_count.to_string(),
                c.other_count.to_string(),
                c.ambiguous.to_string(),
                opt(&c.vaf),
                opt(&c.alt_codon),
                c.detected.to_string(),
                clean(&section.threshold),
                c.source.to_string(),
                opt(&c.record.as_ref().map(|r| r.pos)),
                opt(&c.record.as_ref().map(|r| r.reference.clone())),
                opt(&c.record.as_ref().map(|r| r.alt.clone())),
                opt(&c.record.as_ref().map(|r| r.hgvs_c.clone())),
                opt(&c.record.as_ref().map(|r| r.hgvs_p.clone())),
                format!("{:.6}", c.noise.error_rate),
                format!("{:.3}", c.noise.expected_errors),
                format!("{:.3e}", c.noise.p_value),
                c.noise.alt_forward.to_string(),
                c.noise.alt_reverse.to_string(),
                format!("{:.3e}", c.noise.strand_p_value),
                opt(&c.noise.limit_of_detection),
                opt(&c.not_detected_because.as_deref().map(clean)),
            ];
            writeln!(out, "{}", fields.join("\t"))?;
        }
        Ok(())
    }

    fn write_phasing_tsv(
        &self,
        out: &mut impl Write,
        section: &PhasingSection,
    ) -> std::io::Result<()> {
        writeln!(
            out,
            "sample\tfirst\tsecond\tcall\tfragments_both\tfragments_first_only\tfragments_second_only\tfragments_neither\tfragments_other\treads_both\treads_first_only\treads_second_only\treads_neither\treads_other\treason"
        )?;
        for p in &section.results {
            let (f, r) = (&p.fragments, &p.reads);
            let fields = [
                clean(&self.sample),
                clean(&p.first),
                clean(&p.second),
                p.call.as_str().to_string(),
                f.both.to_string(),
                f.first_only.to_string(),
                f.second_only.to_string(),
                f.neither.to_string(),
                f.other.to_string(),
                r.both.to_string(),
                r.first_only.to_string(),
                r.second_only.to_string(),
                r.neither.to_string(),
                r.other.to_string(),
                clean(&p.reason),
            ];
            writeln!(out, "{}", fields.join("\t"))?;
        }
        Ok(())
    }
}

use crate::io::tsv::{cell as clean, opt};
