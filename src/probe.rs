//! What a run settles about its inputs once, by one rule for every stage. Today: which VCF
//! sample column is the tumour's (small-variant, SV and CNV VCFs choose alike), and where
//! the genome build came from ([`BuildChoice`]), so messages never claim `--build` was given
//! when the build was read from another input.

use crate::genome::{Build, KnownSequence};

mod command_line;
mod naming;
mod settle;
pub use command_line::{sample_name, CommandLineSamples};
pub use naming::ContigNaming;
pub use settle::{
    cannot_tell, check_agrees, settle_build, settle_inputs, settle_naming, HeaderBuild, HeaderKind,
    ProbeInput,
};

/// The FORMAT column a VCF reader takes its sample values from, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleColumn {
    /// 0-based among the sample columns.
    pub index: usize,
    pub name: String,
    /// `None` when the column was named (`--sample`) or is the only one; otherwise the rule
    /// that chose it, to be stated in the output.
    pub guessed: Option<String>,
    pub basis: ColumnBasis,
}

/// What kind of rule chose the tumour's column: said in the outputs, because a guess by
/// position is weaker than a header line naming the tumour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnBasis {
    /// The run's sample names it: `--sample`, or the alignments' `@RG SM`.
    Given,
    /// The VCF has one sample column.
    OnlyColumn,
    /// A header line names the tumour or the normal (`##tumor_sample`, `##normal_sample`, the
    /// caller's command line).
    HeaderTag,
    /// The column names say it (`TUMOR`, `NORMAL`, `<tumour>-match`, `…normal` beside `…tumour`).
    NamePattern,
    /// By position only (DELLY's first column, or the last).
    Guess,
}

/// How an input's tumour column was chosen, for the JSON outputs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ColumnChoice {
    pub column: String,
    /// 1-based among the sample columns.
    pub number: usize,
    pub basis: ColumnBasis,
    /// The rule in words, when it was not given or the only column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl SampleColumn {
    pub fn choice(&self) -> ColumnChoice {
        ColumnChoice {
            column: self.name.clone(),
            number: self.index + 1,
            basis: self.basis,
            rule: self.guessed.clone(),
        }
    }
}

/// What a VCF header says about its sample columns: the lines somatic callers write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnHints {
    /// `##tumor_sample=` (Mutect2).
    pub tumor_sample: Option<String>,
    /// `##normal_sample=` (Mutect2).
    pub normal_sample: Option<String>,
    /// DELLY writes the samples in the order `delly call` was given them: tumour first.
    pub tumour_first: bool,
    /// The tumour and normal named on the caller's command line (DRAGEN, SvABA).
    pub command_line: CommandLineSamples,
}

impl ColumnHints {
    /// The hints in a VCF header's text (meta lines and, for DELLY, its INFO descriptions).
    pub fn from_header(header_text: &str) -> Self {
        let meta = |key: &str| {
            header_text
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().to_string())
        };
        let lower = header_text.to_ascii_lowercase();
        ColumnHints {
            tumor_sample: meta("##tumor_sample="),
            normal_sample: meta("##normal_sample="),
            // DELLY names no source; its read-depth FORMAT keys are its own.
            tumour_first: lower.contains("##source=delly")
                || lower.contains("##format=<id=rdcn,")
                || lower.contains("embl.delly"),
            command_line: CommandLineSamples::from_header(header_text),
        }
    }
}

/// The columns of `names` that are a matched normal, each with the rule that says so:
/// `##normal_sample` (Mutect2), a column called `NORMAL` beside the tumour's (Strelka,
/// VarScan2, Manta), VarDict's `<tumour>-match`, or a name saying `normal` beside one saying
/// `tumour`. A multi-sample VCF without such a pair (a joint germline call set) has none.
pub fn normal_columns(names: &[String], hints: &ColumnHints) -> Vec<(usize, String)> {
    let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    let tumour_named = lower
        .iter()
        .any(|n| n.contains("tumor") || n.contains("tumour"));
    let cmd = &hints.command_line;
    let cmd_normal = CommandLineSamples::column_of(names, &cmd.normals);
    let cmd_tumour = CommandLineSamples::column_of(names, &cmd.tumours);
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let why = if hints.normal_sample.as_deref() == Some(name.as_str()) {
            Some("named by ##normal_sample".to_string())
        } else if let Some((_, n)) = cmd_normal.filter(|(j, _)| *j == i) {
            Some(format!("named by {}", n.by))
        } else if let Some((_, t)) = cmd_tumour.filter(|(j, _)| names.len() == 2 && *j != i) {
            Some(format!("the other column is the tumour named by {}", t.by))
        } else if lower[i] == "normal" && names.len() == 2 {
            Some("the column called NORMAL".to_string())
        } else if name
            .strip_suffix("-match")
            .is_some_and(|t| names.iter().any(|n| n == t))
        {
            Some("VarDict's matched normal (<tumour>-match)".to_string())
        } else if tumour_named && names.len() == 2 && lower[i].contains("normal") {
            Some("its name says normal, the other's tumour".to_string())
        } else if names.len() == 2 && hmf_reference_of(name, &names[1 - i]) {
            Some("the Hartwig pipeline's reference (<sample>R beside <sample>T)".to_string())
        } else {
            None
        };
        if let Some(why) = why {
            out.push((i, why));
        }
    }
    if out.len() == names.len() {
        out.clear(); // every column cannot be a normal: the rules do not apply
    }
    out
}

/// Whether `name` is the Hartwig (HMF) pipeline's reference column next to `other`, its
/// tumour: the same sample name ending in `R` and in `T` (`COLO829v003R`, `COLO829v003T`).
fn hmf_reference_of(name: &str, other: &str) -> bool {
    match (name.strip_suffix('R'), other.strip_suffix('T')) {
        (Some(a), Some(b)) => !a.is_empty() && a == b,
        _ => false,
    }
}

/// The tumour's column among `names`: the one named `wanted`; else the only column; else
/// the one a `##tumor_sample=` header line names; else the one the caller's command line names
/// (DRAGEN's `--tumor-bam-input`, SvABA's `-t`); else one called `TUMOR`/`TUMOUR`; else the
/// one that is not the matched normal ([`normal_columns`]); else the first for DELLY; else
/// the last (somatic callers such as Manta, Strelka and GRIDSS write the normal first).
/// `None` when the VCF has no sample column.
pub fn tumour_column_by(
    names: &[String],
    wanted: Option<&str>,
    hints: &ColumnHints,
) -> Option<SampleColumn> {
    let named = |index: usize, basis| SampleColumn {
        index,
        name: names[index].clone(),
        guessed: None,
        basis,
    };
    // `wanted` may be the sample a path-named column stands for (SvABA's `/data/T.bam`: `T`).
    let position = |w: &str| {
        (names.iter().position(|n| n == w))
            .or_else(|| names.iter().position(|n| n != w && sample_name(n) == w))
    };
    if let Some(i) = wanted.and_then(position) {
        return Some(named(i, ColumnBasis::Given));
    }
    match names.len() {
        0 => return None,
        1 => return Some(named(0, ColumnBasis::OnlyColumn)),
        _ => {}
    }
    let columns = names.join(", ");
    let not_named = match wanted {
        Some(w) => format!("sample '{w}' is not a column ({columns}); "),
        None => format!("no sample named among the columns ({columns}); "),
    };
    let guessed = |index: usize, why: &str, basis| SampleColumn {
        index,
        name: names[index].clone(),
        guessed: Some(format!(
            "{not_named}column {} ({}) taken as the tumour: {why}",
            index + 1,
            names[index]
        )),
        basis,
    };
    use ColumnBasis::{Guess, HeaderTag, NamePattern};
    let tumor_sample = hints.tumor_sample.as_deref().map(str::trim);
    if let Some(i) = tumor_sample.and_then(|t| names.iter().position(|n| n == t)) {
        return Some(guessed(i, "named by ##tumor_sample", HeaderTag));
    }
    if let Some((i, n)) = CommandLineSamples::column_of(names, &hints.command_line.tumours) {
        return Some(guessed(i, &format!("named by {}", n.by), HeaderTag));
    }
    if let Some(i) = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case("tumor") || n.eq_ignore_ascii_case("tumour"))
    {
        return Some(guessed(i, "the column called TUMOR", NamePattern));
    }
    let normals = normal_columns(names, hints);
    if names.len() == 2 && normals.len() == 1 {
        let i = 1 - normals[0].0;
        let why = format!("the other column is the normal ({})", normals[0].1);
        let basis = if normals[0].1.starts_with("named by") {
            HeaderTag
        } else {
            NamePattern
        };
        return Some(guessed(i, &why, basis));
    }
    if hints.tumour_first {
        return Some(guessed(
            0,
            "the first column (DELLY writes the tumour first)",
            Guess,
        ));
    }
    Some(guessed(
        names.len() - 1,
        "the last column (somatic callers write the normal first)",
        Guess,
    ))
}

/// A run's genome build and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildChoice {
    pub build: Build,
    pub source: BuildSource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildSource {
    /// The user typed `--build`.
    Flag,
    /// Read from another input of the run (`label` says which and from what).
    Input(String),
}

impl BuildChoice {
    pub fn flag(build: Build) -> Self {
        BuildChoice {
            build,
            source: BuildSource::Flag,
        }
    }

    pub fn from_input(build: Build, why: impl Into<String>) -> Self {
        BuildChoice {
            build,
            source: BuildSource::Input(why.into()),
        }
    }

    /// `--build GRCh38`, or `GRCh38 from <input>: <evidence>`: for messages and reports.
    pub fn describe(&self) -> String {
        match &self.source {
            BuildSource::Flag => format!("--build {}", self.build),
            BuildSource::Input(why) => format!("{} from {why}", self.build),
        }
    }

    pub fn is_flag(&self) -> bool {
        self.source == BuildSource::Flag
    }
}

/// Agreeing bases needed before REF agreement counts as evidence for a build: five bases
/// all agreeing by chance has odds of 4^-5 (under 0.1%).
pub const MIN_AGREEING_BASES: u64 = 5;

/// How a VCF's REF alleles agree with the shipped sequence of each build, base by base:
/// the build evidence of a file with no `##contig` lengths.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RefAgreement {
    agree: [u64; 2],
    disagree: [u64; 2],
}

fn slot(build: Build) -> usize {
    match build {
        Build::GRCh37 => 0,
        Build::GRCh38 => 1,
    }
}

impl RefAgreement {
    /// Count the bases of one REF allele that the shipped sequence of each build knows.
    pub fn observe(&mut self, known: &KnownSequence, chrom: &str, pos: u64, reference: &[u8]) {
        for build in Build::ALL {
            for (i, observed) in reference.iter().enumerate() {
                if let Some(base) = known.base(build, chrom, pos + i as u64) {
                    if observed.eq_ignore_ascii_case(&base) {
                        self.agree[slot(build)] += 1;
                    } else if *observed != b'N' {
                        self.disagree[slot(build)] += 1;
                    }
                }
            }
        }
    }

    /// Bases of the REF alleles that agree with `build`'s shipped sequence.
    pub fn agreeing(&self, build: Build) -> u64 {
        self.agree[slot(build)]
    }

    /// Enough agreeing bases, and (almost) no disagreeing ones (1 in 20 tolerated).
    pub fn supports(&self, build: Build) -> bool {
        let (a, d) = (self.agree[slot(build)], self.disagree[slot(build)]);
        a >= MIN_AGREEING_BASES && d * 20 <= a
    }

    /// The one build the REF alleles support, if exactly one.
    pub fn inferred(&self) -> Option<Build> {
        match (self.supports(Build::GRCh37), self.supports(Build::GRCh38)) {
            (true, false) => Some(Build::GRCh37),
            (false, true) => Some(Build::GRCh38),
            _ => None,
        }
    }

    /// `REF agrees with GRCh38 at 12 known bases (GRCh37: 1 agree, 9 disagree)`.
    pub fn describe(&self, build: Build) -> String {
        let other = build.other();
        format!(
            "REF agrees with {build} at {} of {} known bases ({other}: {} agree, {} disagree)",
            self.agree[slot(build)],
            self.agree[slot(build)] + self.disagree[slot(build)],
            self.agree[slot(other)],
            self.disagree[slot(other)]
        )
    }

    /// A contradiction of `chosen`: the REF alleles support the other build and not one
    /// base of theirs agrees with `chosen`.
    pub fn contradicts(&self, chosen: Build) -> Option<String> {
        let other = chosen.other();
        (self.supports(other) && self.agree[slot(chosen)] == 0).then(|| self.describe(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_agreement_infers_one_build_and_flags_the_other() {
        let known = KnownSequence::shipped().unwrap();
        // TP53 R175H (GRCh37 17:7578406 C; GRCh38 17:7675088 C), RB1/ALK-free: five bases
        // of TP53 exon 5 read on GRCh38 coordinates.
        let mut tally = RefAgreement::default();
        for offset in 0..5u64 {
            let pos = 7_675_088 + offset;
            let base = known.base(Build::GRCh38, "17", pos).unwrap();
            tally.observe(&known, "17", pos, &[base]);
        }
        assert_eq!(tally.inferred(), Some(Build::GRCh38), "{tally:?}");
        assert!(tally.contradicts(Build::GRCh38).is_none());
        assert_eq!(
            tally.contradicts(Build::GRCh37).is_some(),
            tally.agree[0] == 0
        );
        assert!(!RefAgreement::default().supports(Build::GRCh37));
    }

    /// [`tumour_column_by`] with only a `##tumor_sample` hint.
    fn tumour_column(
        names: &[String],
        wanted: Option<&str>,
        tumor_sample_line: Option<&str>,
    ) -> Option<SampleColumn> {
        let hints = ColumnHints {
            tumor_sample: tumor_sample_line.map(str::to_string),
            ..ColumnHints::default()
        };
        tumour_column_by(names, wanted, &hints)
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_named_or_only_column_is_not_a_guess() {
        let two = names(&["NORMAL", "P01"]);
        assert_eq!(tumour_column(&two, Some("P01"), None).unwrap().index, 1);
        let c = tumour_column(&two, Some("NORMAL"), None).unwrap();
        assert_eq!((c.index, c.guessed, c.basis), (0, None, ColumnBasis::Given));
        let one = tumour_column(&names(&["X"]), None, None).unwrap();
        assert_eq!(one.basis, ColumnBasis::OnlyColumn);
        // A column named by a BAM path (SvABA) is wanted by the path's stem.
        let paths = names(&["/d/N.bam", "/d/T.bam"]);
        let t = tumour_column(&paths, Some("T"), None).unwrap();
        assert_eq!((t.index, t.basis), (1, ColumnBasis::Given));
        let one = names(&["X"]);
        assert_eq!(
            tumour_column(&one, Some("P01"), None).unwrap().guessed,
            None
        );
        assert_eq!(tumour_column(&[], Some("P01"), None), None);
    }

    #[test]
    fn an_unnamed_sample_is_chosen_by_one_stated_rule() {
        let manta = names(&["NORMAL", "TUMOR"]);
        let c = tumour_column(&manta, Some("P01"), None).unwrap();
        assert_eq!(c.index, 1);
        let why = c.guessed.unwrap();
        assert!(
            why.contains("sample 'P01' is not a column (NORMAL, TUMOR)"),
            "{why}"
        );
        assert!(why.contains("TUMOR"), "{why}");
        let reversed = names(&["TUMOR", "NORMAL"]);
        assert_eq!(tumour_column(&reversed, None, None).unwrap().index, 0);
        let plain = names(&["a", "b", "c"]);
        assert_eq!(tumour_column(&plain, None, None).unwrap().index, 2);
        assert_eq!(tumour_column(&plain, None, Some("a")).unwrap().index, 0);
        assert_eq!(
            ColumnHints::from_header("##fileformat=VCFv4.2\n##tumor_sample=b\n#CHROM\n")
                .tumor_sample
                .as_deref(),
            Some("b")
        );
    }

    #[test]
    fn somatic_callers_name_their_normal() {
        let mutect = ColumnHints::from_header("##normal_sample=25714\n##tumor_sample=25715\n");
        let pair = names(&["25714", "25715"]);
        assert_eq!(normal_columns(&pair, &mutect)[0].0, 0);
        assert_eq!(tumour_column_by(&pair, None, &mutect).unwrap().index, 1);
        let none = ColumnHints::default();
        let vardict = names(&["abc", "abc-match"]);
        assert_eq!(normal_columns(&vardict, &none)[0].0, 1);
        assert_eq!(tumour_column_by(&vardict, None, &none).unwrap().index, 0);
        let delly = names(&["PT01_tumour", "PT01_normal"]);
        assert_eq!(tumour_column_by(&delly, None, &none).unwrap().index, 0);
        let unnamed = names(&["s1", "s2"]);
        let delly_hints = ColumnHints::from_header(
            "##INFO=<ID=SVMETHOD,Description=\"x\">\nSVMETHOD=EMBL.DELLYv1\n",
        );
        assert!(delly_hints.tumour_first);
        assert_eq!(
            tumour_column_by(&unnamed, None, &delly_hints)
                .unwrap()
                .index,
            0
        );
        // The Hartwig pipeline (PURPLE, SAGE) names them <sample>R and <sample>T, either order.
        let hmf = names(&["COLO829v003R", "COLO829v003T"]);
        assert_eq!(normal_columns(&hmf, &none)[0].0, 0);
        assert_eq!(tumour_column_by(&hmf, None, &none).unwrap().index, 1);
        let hmf = names(&["COLO829v003T", "COLO829v003R"]);
        assert_eq!(tumour_column_by(&hmf, None, &none).unwrap().index, 0);
        // Two unrelated names ending in R and T are not such a pair.
        assert!(normal_columns(&names(&["PETER", "ALBERT"]), &none).is_empty());
        // A joint germline call set has no normal.
        assert!(normal_columns(&names(&["a", "b", "c"]), &none).is_empty());
        assert!(
            normal_columns(&names(&["NORMAL", "TUMOR"]), &none)
                == vec![(0, "the column called NORMAL".to_string())]
        );
    }
}
