//! GRCh37 / GRCh38, and telling them apart from a VCF header.

use std::fmt;
use std::str::FromStr;

use super::normalize_contig;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Build {
    GRCh37,
    GRCh38,
}

impl Build {
    pub const ALL: [Build; 2] = [Build::GRCh37, Build::GRCh38];

    /// Lower-case tag used in output file names (`grch38`).
    pub fn tag(self) -> &'static str {
        match self {
            Build::GRCh37 => "grch37",
            Build::GRCh38 => "grch38",
        }
    }

    pub fn other(self) -> Build {
        match self {
            Build::GRCh37 => Build::GRCh38,
            Build::GRCh38 => Build::GRCh37,
        }
    }

    /// Primary-assembly chromosome lengths (Genome Reference Consortium assembly reports).
    pub fn contig_lengths(self) -> &'static [(&'static str, u64)] {
        match self {
            Build::GRCh37 => &GRCH37_LENGTHS,
            Build::GRCh38 => &GRCH38_LENGTHS,
        }
    }
}

impl fmt::Display for Build {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Build::GRCh37 => "GRCh37",
            Build::GRCh38 => "GRCh38",
        })
    }
}

impl FromStr for Build {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "grch37" | "hg19" | "b37" | "hs37d5" | "37" => Ok(Build::GRCh37),
            "grch38" | "hg38" | "38" => Ok(Build::GRCh38),
            _ => Err(format!(
                "unknown genome build '{s}' (expected GRCh37 or GRCh38)"
            )),
        }
    }
}

const GRCH37_LENGTHS: [(&str, u64); 24] = [
    ("1", 249_250_621),
    ("2", 243_199_373),
    ("3", 198_022_430),
    ("4", 191_154_276),
    ("5", 180_915_260),
    ("6", 171_115_067),
    ("7", 159_138_663),
    ("8", 146_364_022),
    ("9", 141_213_431),
    ("10", 135_534_747),
    ("11", 135_006_516),
    ("12", 133_851_895),
    ("13", 115_169_878),
    ("14", 107_349_540),
    ("15", 102_531_392),
    ("16", 90_354_753),
    ("17", 81_195_210),
    ("18", 78_077_248),
    ("19", 59_128_983),
    ("20", 63_025_520),
    ("21", 48_129_895),
    ("22", 51_304_566),
    ("X", 155_270_560),
    ("Y", 59_373_566),
];

const GRCH38_LENGTHS: [(&str, u64); 24] = [
    ("1", 248_956_422),
    ("2", 242_193_529),
    ("3", 198_295_559),
    ("4", 190_214_555),
    ("5", 181_538_259),
    ("6", 170_805_979),
    ("7", 159_345_973),
    ("8", 145_138_636),
    ("9", 138_394_717),
    ("10", 133_797_422),
    ("11", 135_086_622),
    ("12", 133_275_309),
    ("13", 114_364_328),
    ("14", 107_043_718),
    ("15", 101_991_189),
    ("16", 90_338_345),
    ("17", 83_257_441),
    ("18", 80_373_285),
    ("19", 58_617_616),
    ("20", 64_444_167),
    ("21", 46_709_983),
    ("22", 50_818_468),
    ("X", 156_040_895),
    ("Y", 57_227_415),
];

/// What the header said about the build, for messages and provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildEvidence {
    /// `n` `##contig` lengths matched this build and none matched the other.
    ContigLengths { build: Build, matched: usize },
    /// The `##reference` line names the build.
    Reference { build: Build, line: String },
    /// Contig lengths of both builds were found: the header is inconsistent.
    Conflicting { grch37: usize, grch38: usize },
    /// Nothing in the header tells.
    Unknown,
}

impl BuildEvidence {
    pub fn build(&self) -> Option<Build> {
        match self {
            BuildEvidence::ContigLengths { build, .. } | BuildEvidence::Reference { build, .. } => {
                Some(*build)
            }
            _ => None,
        }
    }
}

/// Detect the build from `##contig=<ID=..,length=..>` lengths, falling back to `##reference`.
///
/// `contigs` are (name, length) pairs; `reference` is the value of `##reference` if any.
pub fn detect_build(contigs: &[(String, Option<u64>)], reference: Option<&str>) -> BuildEvidence {
    let count = |build: Build| {
        contigs
            .iter()
            .filter(|(name, length)| {
                let name = normalize_contig(name);
                length.is_some_and(|length| {
                    build
                        .contig_lengths()
                        .iter()
                        .any(|&(n, l)| n == name && l == length)
                })
            })
            .count()
    };
    let (grch37, grch38) = (count(Build::GRCh37), count(Build::GRCh38));
    match (grch37, grch38) {
        (0, 0) => {}
        (n, 0) => {
            return BuildEvidence::ContigLengths {
                build: Build::GRCh37,
                matched: n,
            }
        }
        (0, n) => {
            return BuildEvidence::ContigLengths {
                build: Build::GRCh38,
                matched: n,
            }
        }
        (grch37, grch38) => return BuildEvidence::Conflicting { grch37, grch38 },
    }
    if let Some(line) = reference {
        if let Some(build) = build_named_in(line) {
            return BuildEvidence::Reference {
                build,
                line: line.to_string(),
            };
        }
    }
    BuildEvidence::Unknown
}

/// Build evidence of a VCF header: its `##contig` lengths, then its `##reference`.
pub fn vcf_header_evidence(header: &noodles::vcf::Header) -> BuildEvidence {
    let contigs: Vec<(String, Option<u64>)> = header
        .contigs()
        .iter()
        .map(|(name, map)| (name.clone(), map.length().map(|l| l as u64)))
        .collect();
    let reference = vcf_reference_line(header);
    detect_build(&contigs, reference.as_deref())
}

/// The value of a VCF header's `##reference` line, if any.
fn vcf_reference_line(header: &noodles::vcf::Header) -> Option<String> {
    use noodles::vcf::header::record::value::Collection;
    header
        .other_records()
        .get("reference")
        .and_then(|c| match c {
            Collection::Unstructured(values) => values.first().cloned(),
            _ => None,
        })
}

/// [`detect_build`] on contigs whose lengths are all known (a BAM's `@SQ`, a `.fai`).
pub fn detect_build_from_lengths(
    contigs: &[(String, u64)],
    reference: Option<&str>,
) -> BuildEvidence {
    let contigs: Vec<(String, Option<u64>)> =
        contigs.iter().map(|(n, l)| (n.clone(), Some(*l))).collect();
    detect_build(&contigs, reference)
}

/// Older assemblies, by the names `##reference` lines use for them (`human_b36_both.fasta`,
/// `NCBI36`, `hg18`): alkres's coordinates are GRCh37 and GRCh38 only.
const UNSUPPORTED_BUILD_NAMES: [&str; 6] = ["ncbi36", "hg18", "b36", "ncbi35", "hg17", "grch36"];

/// The older assembly a free text names as a word of its own (`human_b36_both.fasta`: b36).
pub fn unsupported_build_named_in(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find_map(|word| {
            UNSUPPORTED_BUILD_NAMES
                .iter()
                .find(|n| **n == word)
                .copied()
        })
}

/// A VCF whose header tells no supported build and whose `##reference` names an older one
/// is refused: `--build` cannot turn NCBI36 positions into GRCh37 ones.
pub fn refuse_unsupported_build(
    header: &noodles::vcf::Header,
    label: &str,
) -> crate::error::Result<()> {
    if vcf_header_evidence(header) != BuildEvidence::Unknown {
        return Ok(());
    }
    let reference = vcf_reference_line(header);
    match reference
        .as_deref()
        .and_then(|r| unsupported_build_named_in(r).map(|n| (r, n)))
    {
        Some((line, name)) => Err(crate::error::Error::BuildMismatch {
            path: label.to_string(),
            message: format!(
                "its ##reference ({line}) names {name}, an assembly older than GRCh37: alkres \
                 reads GRCh37 and GRCh38 only, and --build cannot move NCBI36 positions; lift \
                 the file over first (e.g. CrossMap or Picard LiftoverVcf)"
            ),
        }),
        None => Ok(()),
    }
}

/// A build named in free text such as a `##reference` path.
fn build_named_in(text: &str) -> Option<Build> {
    let lower = text.to_ascii_lowercase();
    let says = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let is38 = says(&["grch38", "hg38", "hs38", "gca_000001405.15"]);
    let is37 = says(&[
        "grch37",
        "hg19",
        "hs37",
        "b37",
        "human_g1k_v37",
        "gca_000001405.1_",
    ]);
    match (is37, is38) {
        (true, false) => Some(Build::GRCh37),
        (false, true) => Some(Build::GRCh38),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_assemblies_are_named_as_words_only() {
        assert_eq!(
            unsupported_build_named_in("human_b36_both.fasta"),
            Some("b36")
        );
        assert_eq!(
            unsupported_build_named_in("file:///ref/NCBI36.fa"),
            Some("ncbi36")
        );
        assert_eq!(
            unsupported_build_named_in("/data/hg18/genome.fa"),
            Some("hg18")
        );
        assert_eq!(unsupported_build_named_in("GRCh37.fa"), None);
        assert_eq!(unsupported_build_named_in("hg19_b36x.fa"), None);
        let header = |lines: &str| -> noodles::vcf::Header {
            format!("##fileformat=VCFv4.2\n{lines}#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
                .parse()
                .unwrap()
        };
        let old = header("##reference=human_b36_both.fasta\n");
        let err = refuse_unsupported_build(&old, "x.vcf")
            .unwrap_err()
            .to_string();
        assert!(err.contains("x.vcf") && err.contains("names b36"), "{err}");
        // Contig lengths of a supported build outrank the reference name.
        let with_lengths =
            header("##reference=human_b36_both.fasta\n##contig=<ID=2,length=243199373>\n");
        assert!(refuse_unsupported_build(&with_lengths, "x.vcf").is_ok());
        assert!(refuse_unsupported_build(&header(""), "x.vcf").is_ok());
    }

    fn contigs(list: &[(&str, u64)]) -> Vec<(String, Option<u64>)> {
        list.iter()
            .map(|(n, l)| (n.to_string(), Some(*l)))
            .collect()
    }

    #[test]
    fn lengths_decide_the_build_with_or_without_chr() {
        let c = contigs(&[("chr2", 242_193_529), ("chr7", 159_345_973)]);
        assert_eq!(detect_build(&c, None).build(), Some(Build::GRCh38));
        let c = contigs(&[("2", 243_199_373)]);
        assert_eq!(detect_build(&c, None).build(), Some(Build::GRCh37));
    }

    #[test]
    fn reference_line_is_the_fallback() {
        let evidence = detect_build(&[], Some("file:///ref/GRCh38_full_analysis_set.fa"));
        assert_eq!(evidence.build(), Some(Build::GRCh38));
        assert_eq!(
            detect_build(&[], Some("/data/hs37d5.fa")).build(),
            Some(Build::GRCh37)
        );
        assert_eq!(detect_build(&[], None), BuildEvidence::Unknown);
    }

    #[test]
    fn mixed_lengths_are_a_conflict_not_a_guess() {
        let c = contigs(&[("2", 243_199_373), ("7", 159_345_973)]);
        assert!(matches!(
            detect_build(&c, None),
            BuildEvidence::Conflicting { .. }
        ));
    }
}
