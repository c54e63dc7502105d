//! The tumour and the normal that a caller's command line, copied into the VCF header, names.
//! DRAGEN writes `##DRAGENCommandLine=<ID=dragen,…,CommandLineOptions="…">`. A tumour-normal
//! run has `--tumor-bam-input`/`--tumor-cram-input`/`--RGSM-tumor` for the tumour and
//! `--bam-input`/`--cram-input`/`--RGSM` for the normal; without a tumour option those name the
//! only sample. SvABA writes `##source=svaba… run -t T.bam -n N.bam …` (`--case-bam`,
//! `--control-bam`) and names its sample columns by those paths.

/// A sample or alignment file named on a command line, and the option that named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub value: String,
    /// `DRAGEN's --tumor-bam-input`, `SvABA's -t`: for the output's explanation.
    pub by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLineSamples {
    pub tumours: Vec<Named>,
    pub normals: Vec<Named>,
}

const DRAGEN_TUMOUR: [&str; 3] = ["--tumor-bam-input", "--tumor-cram-input", "--RGSM-tumor"];
const DRAGEN_NORMAL: [&str; 3] = ["--bam-input", "--cram-input", "--RGSM"];
// SvABA's long options (1.2 and 2.x) are --case-bam and --control-bam.
const SVABA_TUMOUR: [&str; 2] = ["-t", "--case-bam"];
const SVABA_NORMAL: [&str; 2] = ["-n", "--control-bam"];

impl CommandLineSamples {
    pub fn from_header(header_text: &str) -> Self {
        let mut out = CommandLineSamples::default();
        for line in header_text.lines() {
            if let Some(rest) = line.strip_prefix("##DRAGENCommandLine=<ID=dragen,") {
                let Some(cmd) = quoted(rest, "CommandLineOptions=\"")
                    .or_else(|| quoted(rest, "CommandLine=\""))
                else {
                    continue;
                };
                let opts = options(cmd);
                let somatic = opts
                    .iter()
                    .any(|(o, _)| DRAGEN_TUMOUR.contains(&o.as_str()));
                for (o, v) in opts {
                    let named = Named {
                        value: v,
                        by: format!("DRAGEN's {o}"),
                    };
                    if DRAGEN_TUMOUR.contains(&o.as_str()) {
                        out.tumours.push(named);
                    } else if somatic && DRAGEN_NORMAL.contains(&o.as_str()) {
                        out.normals.push(named);
                    }
                }
            } else if let Some(cmd) = line.strip_prefix("##source=svaba") {
                for (o, v) in options(cmd) {
                    let named = Named {
                        value: v,
                        by: format!("SvABA's {o}"),
                    };
                    if SVABA_TUMOUR.contains(&o.as_str()) {
                        out.tumours.push(named);
                    } else if SVABA_NORMAL.contains(&o.as_str()) {
                        out.normals.push(named);
                    }
                }
            }
        }
        out
    }

    /// The one column among `names` that the listed values name (the value itself, or a
    /// column with the same file stem: `HG008-T.bam` names the column `HG008-T`).
    pub fn column_of<'a>(names: &[String], list: &'a [Named]) -> Option<(usize, &'a Named)> {
        let mut found = list.iter().filter_map(|n| {
            names
                .iter()
                .position(|c| c == &n.value || stem(c) == stem(&n.value))
                .map(|i| (i, n))
        });
        let first = found.next()?;
        // Two different columns named as tumours: the command line does not decide.
        found.all(|(i, _)| i == first.0).then_some(first)
    }
}

/// The sample name a column stands for: a column named by an alignment file's path (SvABA)
/// stands for the file's stem (`/data/PT01-T.bam` → `PT01-T`); any other column for itself.
pub fn sample_name(column: &str) -> String {
    let lower = column.to_ascii_lowercase();
    if [".bam", ".cram", ".sam"].iter().any(|e| lower.ends_with(e)) {
        stem(column).to_string()
    } else {
        column.to_string()
    }
}

/// File name without its directory and alignment extension.
fn stem(s: &str) -> &str {
    let base = s.rsplit('/').next().unwrap_or(s);
    [".bam", ".cram", ".sam"]
        .iter()
        .find_map(|e| base.strip_suffix(e))
        .unwrap_or(base)
}

/// The text between `key` and the next `"`.
fn quoted<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let start = text.find(key)? + key.len();
    let len = text[start..].find('"')?;
    Some(&text[start..start + len])
}

/// `(option, value)` pairs of a command line: `--opt=value` or `--opt value` / `-o value`.
fn options(cmd: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = cmd.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w.starts_with('-') {
            if let Some((o, v)) = w.split_once('=') {
                out.push((o.to_string(), v.to_string()));
            } else if let Some(v) = words.get(i + 1).filter(|v| !v.starts_with('-')) {
                out.push((w.to_string(), v.to_string()));
                i += 1;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dragen_tumour_normal_run_names_both() {
        let h = "##DRAGENCommandLine=<ID=HashTableBuild,Version=\"x\",CommandLineOptions=\"--bam-input=/x/other.bam\">\n\
                 ##DRAGENCommandLine=<ID=dragen,Date=\"d\",CommandLineOptions=\"--tumor-bam-input=/s/HG008-T.bam --bam-input=/s/HG008-N.bam --enable-sv=true\">\n";
        let c = CommandLineSamples::from_header(h);
        assert_eq!(c.tumours.len(), 1);
        assert_eq!(c.tumours[0].by, "DRAGEN's --tumor-bam-input");
        assert_eq!(c.normals.len(), 1, "the hash-table line is not the run's");
        let cols = names(&["HG008-N", "HG008-T"]);
        assert_eq!(
            CommandLineSamples::column_of(&cols, &c.tumours).map(|x| x.0),
            Some(1)
        );
        assert_eq!(
            CommandLineSamples::column_of(&cols, &c.normals).map(|x| x.0),
            Some(0)
        );
    }

    #[test]
    fn dragen_germline_run_names_no_normal() {
        let h = "##DRAGENCommandLine=<ID=dragen,CommandLineOptions=\"--RGSM NA12878 --bam-input a.bam\">\n";
        assert_eq!(
            CommandLineSamples::from_header(h),
            CommandLineSamples::default()
        );
    }

    #[test]
    fn svaba_source_line_names_tumour_and_normal_paths() {
        let h = "##source=svaba(v2.0.0) run -t /data/PT01-T.bam -n /data/PT01-N.bam -G ref.fa -a PT01\n";
        let c = CommandLineSamples::from_header(h);
        let cols = names(&["/data/PT01-N.bam", "/data/PT01-T.bam"]);
        let (i, by) = CommandLineSamples::column_of(&cols, &c.tumours).unwrap();
        assert_eq!((i, by.by.as_str()), (1, "SvABA's -t"));
        assert_eq!(
            CommandLineSamples::column_of(&cols, &c.normals).unwrap().0,
            0
        );
        assert_eq!(sample_name("/data/PT01-T.bam"), "PT01-T");
        assert_eq!(sample_name("HCC1954"), "HCC1954");
    }
}
