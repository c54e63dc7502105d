//! Annotated VCF output: the input's header and records, with `ALKRES_*` INFO keys added
//! and `##alkres*` provenance lines; plain VCF, BGZF or BCF.

use std::io::{self, Write};

use noodles::vcf;
use noodles::vcf::variant::io::Write as _;

use super::bgzf::PooledBgzfWriter;
use super::RunInfo;
use crate::error::{Error, Result};
use crate::io::atomic::PendingFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputType {
    /// uncompressed VCF
    #[value(name = "v")]
    Vcf,
    /// bgzipped VCF
    #[value(name = "z")]
    VcfGz,
    /// BCF
    #[value(name = "b")]
    Bcf,
}

impl OutputType {
    pub fn extension(self) -> &'static str {
        match self {
            OutputType::Vcf => "vcf",
            OutputType::VcfGz => "vcf.gz",
            OutputType::Bcf => "bcf",
        }
    }
}

/// INFO keys alkres adds, with their header descriptions. One value per ALT allele;
/// several transcripts of one allele are joined by `&`; `.` where nothing applies.
pub const INFO_KEYS: [(&str, &str); 9] = [
    ("ALKRES_GENE", "Panel gene hit by the ALT allele"),
    ("ALKRES_CSQ", "Most severe Sequence Ontology consequence on the gene's transcript"),
    ("ALKRES_HGVSC", "HGVS coding change on the transcript named in ALKRES_SOURCE"),
    ("ALKRES_HGVSP", "HGVS protein change (three-letter)"),
    ("ALKRES_PROTEIN", "Protein change in the short clinical form, e.g. G1202R"),
    ("ALKRES_EXON", "Exon (or intron, as intronN) of the transcript"),
    ("ALKRES_SOURCE", "Who named the change: alkres (shipped transcript), VEP CSQ, SnpEff ANN, or alkres-gene-exon-only"),
    ("ALKRES_KB", "alkres knowledge-base alteration matched"),
    ("ALKRES_CALLS", "Knowledge-base calls per ALK TKI (drug:call joined by |)"),
];

/// INFO key on a panel record that repeats an earlier one (same CHROM, POS, REF, ALT): its
/// value is the earlier record's line. Such a record is written but read for findings once.
pub const DUP_KEY: &str = "ALKRES_DUP";

/// Append `value` to `out`, percent-encoding the characters VCF reserves inside INFO values.
/// Runs between them are copied whole (all six are ASCII, so a byte search is UTF-8 safe):
/// a `push` per character was most of writing a panel record's INFO (issue 15).
pub fn push_escaped_info(out: &mut String, value: &str) {
    let mut rest = value;
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'%' | b';' | b'=' | b',' | b' ' | b'\t'))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'%' => "%25",
            b';' => "%3B",
            b'=' => "%3D",
            b',' => "%2C",
            b' ' => "%20",
            _ => "%09",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// The output header: input meta lines (less any earlier alkres lines), alkres INFO
/// definitions and provenance, and a `#CHROM` line naming `sample` only when given.
pub fn annotated_header(input_header: &str, sample: Option<&str>, run: &RunInfo) -> String {
    let mut out = String::with_capacity(input_header.len() + 2048);
    let mut chrom_line = "";
    for line in input_header.lines() {
        if line.starts_with("#CHROM") {
            chrom_line = line;
        } else if !(line.starts_with("##INFO=<ID=ALKRES_") || line.starts_with("##alkres")) {
            out.push_str(line);
            out.push('\n');
        }
    }
    for (key, description) in INFO_KEYS {
        out.push_str(&format!(
            "##INFO=<ID={key},Number=A,Type=String,Description=\"{description}\">\n"
        ));
    }
    out.push_str(&format!(
        "##INFO=<ID={DUP_KEY},Number=1,Type=Integer,Description=\"This record repeats the panel record on this input line; its findings are counted once\">\n"
    ));
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    out.push_str(&format!("##alkresVersion={}\n", run.alkres_version));
    out.push_str(&format!("##alkresCommand={}\n", one_line(&run.command)));
    out.push_str(&format!("##alkresKB={}\n", run.kb));
    out.push_str(&format!(
        "##alkresBuild={} ({})\n",
        run.build,
        one_line(&run.build_evidence)
    ));
    if let Some(reference) = &run.reference {
        out.push_str(&format!("##alkresReference={}\n", one_line(reference)));
    }
    let columns: Vec<&str> = chrom_line.split('\t').collect();
    match sample {
        Some(name) if columns.len() > 9 => {
            out.push_str(&columns[..9].join("\t"));
            out.push('\t');
            out.push_str(name);
        }
        _ => out.push_str(chrom_line),
    }
    out.push('\n');
    out
}

/// Where annotated records go.
pub enum VcfSink {
    Plain(PendingFile),
    Bgzf(PooledBgzfWriter<PendingFile>),
    Bcf {
        writer: Box<noodles::bcf::io::Writer<PooledBgzfWriter<PendingFile>>>,
        header: Box<vcf::Header>,
    },
}

/// BGZF compression runs on the run's rayon pool (sized by `-t`): no threads per output.
fn bgzf_writer(file: PendingFile) -> PooledBgzfWriter<PendingFile> {
    PooledBgzfWriter::new(file)
}

impl VcfSink {
    pub fn create(file: PendingFile, kind: OutputType, header_text: &str) -> Result<Self> {
        let path = file.path.clone();
        let io_err = |e: io::Error| Error::output(&path, e);
        Ok(match kind {
            OutputType::Vcf => {
                let mut file = file;
                file.write_all(header_text.as_bytes()).map_err(io_err)?;
                VcfSink::Plain(file)
            }
            OutputType::VcfGz => {
                let mut writer = bgzf_writer(file);
                writer.write_all(header_text.as_bytes()).map_err(io_err)?;
                VcfSink::Bgzf(writer)
            }
            OutputType::Bcf => {
                let header: vcf::Header = header_text.parse().map_err(|e| {
                    Error::output(
                        &path,
                        io::Error::new(io::ErrorKind::InvalidData, format!("header: {e}")),
                    )
                })?;
                let mut writer = noodles::bcf::io::Writer::from(bgzf_writer(file));
                writer.write_header(&header).map_err(io_err)?;
                VcfSink::Bcf {
                    writer: Box::new(writer),
                    header: Box::new(header),
                }
            }
        })
    }

    pub fn write_line(&mut self, line: &[u8]) -> io::Result<()> {
        match self {
            VcfSink::Plain(file) => {
                file.write_all(line)?;
                file.write_all(b"\n")
            }
            VcfSink::Bgzf(writer) => {
                writer.write_all(line)?;
                writer.write_all(b"\n")
            }
            VcfSink::Bcf { writer, header } => {
                // INFO entries that do not fit their definition cannot be typed into BCF:
                // they are left out (the run's notes list them, as `annotate` read them).
                let (mut record, _) = crate::io::vcf_record::decode_lenient(header, line, 0)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.message))?;
                // BCF writes a missing INFO value by leaving the key out (and noodles' encoder
                // does not accept an explicit missing value), so drop `KEY=.` entries.
                record
                    .info_mut()
                    .as_mut()
                    .retain(|_, value| value.is_some());
                writer.write_variant_record(header, &record)
            }
        }
    }

    pub fn finish(self) -> Result<()> {
        let file = match self {
            VcfSink::Plain(file) => file,
            VcfSink::Bgzf(mut writer) => writer
                .finish()
                .map_err(|e| Error::output("bgzf output", e))?,
            VcfSink::Bcf { writer, .. } => writer
                .into_inner()
                .finish()
                .map_err(|e| Error::output("bcf output", e))?,
        };
        file.finish()
    }
}

/// What htslib (`bcftools view`) refuses in a record line that noodles accepts, checked
/// before alkres writes the line through: each GT is alleles (a number or `.`) joined by `/`
/// or `|` (htslib refuses VCF 4.4's leading phasing mark, `/1`, too). Read as bytes: every
/// panel record passes here, and `str::split` was a twentieth of annotating one (issue 15).
pub fn htslib_would_reject(line: &[u8]) -> Option<String> {
    std::str::from_utf8(line).ok()?;
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    // htslib cannot declare a key with other characters for an undefined field.
    let bad_key = |k: &[u8]| {
        k.is_empty()
            || !k
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
    };
    let mut fields = line.split(|&b| b == b'\t');
    if let Some(filter) = fields.nth(6).filter(|f| *f != b".") {
        if let Some(id) = filter.split(|&b| b == b';').find(|k| bad_key(k)) {
            return Some(format!(
                "FILTER '{}' is not a valid id (letters, digits, '_', '.')",
                text(id)
            ));
        }
    }
    if let Some(info) = fields.next().filter(|i| *i != b".") {
        if let Some(key) = info
            .split(|&b| b == b';')
            .map(|kv| kv.split(|&b| b == b'=').next().unwrap_or(b""))
            .find(|k| bad_key(k))
        {
            return Some(format!(
                "INFO key '{}' is not a valid key (letters, digits, '_', '.')",
                text(key)
            ));
        }
    }
    let format = fields.next()?;
    if let Some(key) = format.split(|&b| b == b':').find(|k| bad_key(k)) {
        return Some(format!(
            "FORMAT key '{}' is not a valid key (letters, digits, '_', '.')",
            text(key)
        ));
    }
    let gt = format.split(|&b| b == b':').position(|k| k == b"GT")?;
    for (i, sample) in fields.enumerate() {
        let Some(value) = sample.split(|&b| b == b':').nth(gt) else {
            continue;
        };
        let valid = value
            .split(|&b| b == b'/' || b == b'|')
            .all(|a| a == b"." || (!a.is_empty() && a.iter().all(u8::is_ascii_digit)));
        if !valid {
            return Some(format!(
                "sample column {}: GT '{}' is not alleles (numbers or '.') joined by '/' or '|'",
                i + 1,
                text(value)
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check as first written, on `str`: the byte version must say the same.
    fn reject_as_text(line: &[u8]) -> Option<String> {
        let text = std::str::from_utf8(line).ok()?;
        // htslib cannot declare a key with other characters for an undefined field.
        let bad_key = |k: &str| {
            k.is_empty()
                || !k
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.".contains(&b))
        };
        let mut fields = text.split('\t');
        if let Some(filter) = fields.nth(6).filter(|f| *f != ".") {
            if let Some(id) = filter.split(';').find(|k| bad_key(k)) {
                return Some(format!(
                    "FILTER '{id}' is not a valid id (letters, digits, '_', '.')"
                ));
            }
        }
        if let Some(info) = fields.next().filter(|i| *i != ".") {
            if let Some(key) = info
                .split(';')
                .map(|kv| kv.split('=').next().unwrap_or(""))
                .find(|k| bad_key(k))
            {
                return Some(format!(
                    "INFO key '{key}' is not a valid key (letters, digits, '_', '.')"
                ));
            }
        }
        let format = fields.next()?;
        if let Some(key) = format.split(':').find(|k| bad_key(k)) {
            return Some(format!(
                "FORMAT key '{key}' is not a valid key (letters, digits, '_', '.')"
            ));
        }
        let gt = format.split(':').position(|k| k == "GT")?;
        for (i, sample) in fields.enumerate() {
            let Some(value) = sample.split(':').nth(gt) else {
                continue;
            };
            let valid = value
                .split(['/', '|'])
                .all(|a| a == "." || (!a.is_empty() && a.bytes().all(|b| b.is_ascii_digit())));
            if !valid {
                return Some(format!(
                    "sample column {}: GT '{value}' is not alleles (numbers or '.') joined by '/' or '|'",
                    i + 1
                ));
            }
        }
        None
    }

    fn run() -> RunInfo {
        RunInfo {
            alkres_version: "0.1.0".into(),
            command: "alkres annotate -i x.vcf".into(),
            input: "x.vcf".into(),
            build: "GRCh38".into(),
            build_evidence: "contig lengths".into(),
            kb: "alkres-kb 0.1.0".into(),
            read_mode: "streaming".into(),
            reference: None,
        }
    }

    #[test]
    fn header_gains_definitions_and_keeps_one_sample() {
        let input = "##fileformat=VCFv4.2\n##INFO=<ID=ALKRES_GENE,Number=A,Type=String,Description=\"old\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\tN\n";
        let header = annotated_header(input, Some("N"), &run());
        assert_eq!(header.matches("ID=ALKRES_GENE").count(), 1);
        assert!(header.contains("##alkresVersion=0.1.0\n"));
        assert!(header.contains("##alkresKB=alkres-kb 0.1.0\n"));
        assert!(header.ends_with("FORMAT\tN\n"));
        header.parse::<vcf::Header>().expect("a valid VCF header");
    }

    proptest::proptest! {
        /// Lines built from the pieces that matter (separators, key characters, GT values,
        /// bytes outside ASCII): the byte check says what the `str` one said.
        #[test]
        fn the_byte_check_agrees_with_the_text_one(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "\t", ";", ":", "=", "/", "|", ".", "GT", "AD", "PASS", "DP", "0", "1", "12",
                "a", "-", " ", "\u{e9}", "x_y", "",
            ]), 0..40),
            raw in proptest::collection::vec(proptest::num::u8::ANY, 0..3),
        ) {
            let mut line = b"chr2\t1\t.\tA\tG\t.\t".to_vec();
            line.extend(parts.concat().into_bytes());
            line.extend(raw);
            proptest::prop_assert_eq!(htslib_would_reject(&line), reject_as_text(&line));
        }
    }

    #[test]
    fn genotypes_htslib_refuses_are_caught() {
        let line = |gt: &str| format!("chr2\t1\t.\tA\tG\t.\tPASS\t.\tGT:AD\t{gt}:1,2");
        for good in ["0/1", "1|1", ".", "./.", "12/3"] {
            assert_eq!(htslib_would_reject(line(good).as_bytes()), None, "{good}");
        }
        for bad in ["/1", "0//1", "a/1", "0/", ""] {
            assert!(htslib_would_reject(line(bad).as_bytes()).is_some(), "{bad}");
        }
    }

    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(
            {
                let mut out = String::new();
                push_escaped_info(&mut out, "p.Gly1202= a;b,c%");
                push_escaped_info(&mut out, "|\u{e9}\tx;");
                out
            },
            "p.Gly1202%3D%20a%3Bb%2Cc%25|\u{e9}%09x%3B"
        );
    }
}
