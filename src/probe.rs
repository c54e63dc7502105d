//! What a run settles about its inputs once, by one rule for every stage. Today: which VCF
//! sample column is the tumour's (small-variant, SV and CNV VCFs choose alike), and where
//! the genome build came from ([`BuildChoice`]), so messages never claim `--build` was given
//! when the build was read from another input.

use crate::genome::Build;

/// The FORMAT column a VCF reader takes its sample values from, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleColumn {
    /// 0-based among the sample columns.
    pub index: usize,
    pub name: String,
    /// `None` when the column was named (`--sample`) or is the only one; otherwise the rule
    /// that chose it, to be stated in the output.
    pub guessed: Option<String>,
}

/// The tumour's column among `names`: the one named `wanted`; else the only column; else
/// the one a `##tumor_sample=` header line names; else one called `TUMOR`/`TUMOUR`; else the
/// last (somatic callers such as Manta, Strelka and GRIDSS write the normal first). `None`
/// when the VCF has no sample column.
pub fn tumour_column(
    names: &[String],
    wanted: Option<&str>,
    tumor_sample_line: Option<&str>,
) -> Option<SampleColumn> {
    let named = |index: usize| SampleColumn {
        index,
        name: names[index].clone(),
        guessed: None,
    };
    if let Some(i) = wanted.and_then(|w| names.iter().position(|n| n == w)) {
        return Some(named(i));
    }
    match names.len() {
        0 => return None,
        1 => return Some(named(0)),
        _ => {}
    }
    let columns = names.join(", ");
    let not_named = match wanted {
        Some(w) => format!("sample '{w}' is not a column ({columns}); "),
        None => format!("no sample named among the columns ({columns}); "),
    };
    let guessed = |index: usize, why: &str| SampleColumn {
        index,
        name: names[index].clone(),
        guessed: Some(format!(
            "{not_named}column {} ({}) taken as the tumour: {why}",
            index + 1,
            names[index]
        )),
    };
    if let Some(i) = tumor_sample_line.and_then(|t| names.iter().position(|n| n == t.trim())) {
        return Some(guessed(i, "named by ##tumor_sample"));
    }
    if let Some(i) = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case("tumor") || n.eq_ignore_ascii_case("tumour"))
    {
        return Some(guessed(i, "the column called TUMOR"));
    }
    Some(guessed(
        names.len() - 1,
        "the last column (somatic callers write the normal first)",
    ))
}

/// `##tumor_sample=NAME` of a VCF header, if any.
pub fn tumor_sample_line(header_text: &str) -> Option<&str> {
    header_text
        .lines()
        .find_map(|l| l.strip_prefix("##tumor_sample="))
        .map(str::trim)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_named_or_only_column_is_not_a_guess() {
        let two = names(&["NORMAL", "P01"]);
        assert_eq!(tumour_column(&two, Some("P01"), None).unwrap().index, 1);
        let c = tumour_column(&two, Some("NORMAL"), None).unwrap();
        assert_eq!((c.index, c.guessed), (0, None));
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
            tumor_sample_line("##fileformat=VCFv4.2\n##tumor_sample=b\n#CHROM\n"),
            Some("b")
        );
    }
}
