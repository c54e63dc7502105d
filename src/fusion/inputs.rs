//! The inputs of a fusion run: which sample each belongs to, and what each header says
//! about the build (settled by [`crate::probe::settle_build`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::genome::{detect_build, vcf_header_evidence, BuildEvidence};
use crate::io::vcf_input::VcfInput;
use crate::probe::{HeaderBuild, HeaderKind};

use super::bam;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputKind {
    Alignments,
    SvVcf,
    Arriba,
    StarFusion,
}

/// One input file and what its header says.
#[derive(Debug, Clone)]
pub struct Job {
    pub kind: InputKind,
    pub path: PathBuf,
    /// Sample named inside the file (`@RG SM`, the VCF's tumour column by `probe`).
    pub sample: Option<String>,
    pub build: BuildEvidence,
}

impl Job {
    /// What the header says about the build, for the run's probe.
    pub fn header_build(&self) -> HeaderBuild {
        HeaderBuild {
            label: self.path.display().to_string(),
            kind: match self.kind {
                InputKind::Alignments => HeaderKind::Alignments,
                InputKind::SvVcf => HeaderKind::Vcf,
                InputKind::Arriba | InputKind::StarFusion => HeaderKind::Table,
            },
            evidence: self.build.clone(),
            naming: None,
        }
    }
}

/// File name without its data extensions (`tumour.sorted.bam` → `tumour.sorted`).
pub fn stem(path: &Path) -> String {
    let mut name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    loop {
        let before = name.len();
        for ext in [
            ".gz",
            ".bgz",
            ".bam",
            ".cram",
            ".vcf",
            ".bcf",
            ".tsv",
            ".txt",
            ".abridged",
        ] {
            if let Some(s) = name.strip_suffix(ext) {
                name = s.to_string();
            }
        }
        if name.len() == before {
            return name;
        }
    }
}

/// Read the headers (not the records) of every input.
pub fn probe(kind: InputKind, path: &Path) -> Result<Job> {
    let (sample, build) = match kind {
        InputKind::Alignments => {
            let h = bam::read_header(path)?;
            (h.sample, detect_build(&h.contigs, h.assembly.as_deref()))
        }
        InputKind::SvVcf => {
            let input = VcfInput::open(&path.display().to_string(), 0)?;
            let names: Vec<String> = input.header.sample_names().iter().cloned().collect();
            let hints = crate::probe::ColumnHints::from_header(&input.header_text()?);
            // SvABA names its columns by BAM path: the sample is the path's stem.
            let sample = crate::probe::tumour_column_by(&names, None, &hints)
                .map(|c| crate::probe::sample_name(&c.name));
            (sample, vcf_header_evidence(&input.header))
        }
        InputKind::Arriba | InputKind::StarFusion => {
            if !path.is_file() {
                return Err(Error::bad_input(
                    path.display().to_string(),
                    "cannot open: no such file",
                ));
            }
            // The table's kind before its build: a wrong file is named as such, not asked
            // for a --build it would fail after.
            match kind {
                InputKind::Arriba => super::rna::check_arriba(path)?,
                _ => super::rna::check_star_fusion(path)?,
            }
            (None, BuildEvidence::Unknown)
        }
    };
    Ok(Job {
        kind,
        path: path.to_path_buf(),
        sample,
        build,
    })
}

/// Inputs grouped by sample (sorted by name): one group when `sample` is given or when at
/// most one sample is named by the alignments.
pub fn group(jobs: Vec<Job>, sample: Option<&str>) -> Result<Vec<(String, Vec<Job>)>> {
    if let Some(name) = sample {
        return Ok(vec![(name.to_string(), jobs)]);
    }
    let alignment_sample = |j: &Job| j.sample.clone().unwrap_or_else(|| stem(&j.path));
    let mut by_sample: BTreeMap<String, Vec<Job>> = BTreeMap::new();
    let mut others = Vec::new();
    for j in jobs {
        if j.kind == InputKind::Alignments {
            by_sample.entry(alignment_sample(&j)).or_default().push(j);
        } else {
            others.push(j);
        }
    }
    if by_sample.len() > 1 {
        if !others.is_empty() {
            let names: Vec<&str> = by_sample.keys().map(String::as_str).collect();
            return Err(Error::Usage(format!(
                "the alignments are from several samples ({}): pass -s/--sample, or run SV and \
                 RNA-caller inputs separately",
                names.join(", ")
            )));
        }
        return Ok(by_sample.into_iter().collect());
    }
    let name = by_sample
        .keys()
        .next()
        .cloned()
        .or_else(|| {
            others
                .iter()
                .find(|j| j.kind == InputKind::SvVcf)
                .and_then(|j| j.sample.clone())
        })
        .or_else(|| others.first().map(|j| stem(&j.path)))
        .unwrap_or_else(|| "sample".to_string());
    let mut all: Vec<Job> = by_sample.into_values().flatten().collect();
    all.extend(others);
    Ok(vec![(name, all)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_lose_data_extensions() {
        assert_eq!(stem(Path::new("/x/tumour.bam")), "tumour");
        assert_eq!(stem(Path::new("manta.vcf.gz")), "manta");
        assert_eq!(
            stem(Path::new("star-fusion.fusion_predictions.abridged.tsv")),
            "star-fusion.fusion_predictions"
        );
    }
}
