//! One VCF record line, read one way for every VCF alkres takes (small variants, SV, CNV):
//! its columns (CHROM, POS, ID, REF, ALT, FILTER, INFO, FORMAT, samples) as text, its typed
//! values checked against the header (noodles) for the small-variant detector, and the line
//! number every error names. Lines come from `io::vcf_input::VcfInput`; the byte-level
//! column helpers of [`super::vcf_line`] serve the hot path that skips records by CHROM/POS.

use noodles::vcf;
use noodles::vcf::variant::record_buf::RecordBuf;

use crate::error::Error;

/// A record that cannot be read: the line it is on and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub line: u64,
    pub message: String,
}

impl RecordError {
    pub fn new(line: u64, message: impl Into<String>) -> Self {
        RecordError {
            line,
            message: message.into(),
        }
    }

    /// The crate error for this record in the file named `label`.
    pub fn in_file(self, label: &str) -> Error {
        Error::bad_record(label, self.line, self.message)
    }
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// CHROM and POS of a record line without reading the rest (records outside the panel are
/// skipped after this).
pub fn locus(line: &[u8], number: u64) -> Result<(&str, u64), RecordError> {
    super::vcf_line::chrom_pos(line).ok_or_else(|| {
        RecordError::new(
            number,
            "expected tab-separated CHROM, POS (a positive integer) and more columns",
        )
    })
}

/// CHROM and, when it is a number, POS of a line that did not parse (to tell whether a bad
/// record lies where it matters).
pub fn rough_locus(line: &str) -> (&str, Option<u64>) {
    let mut columns = line.split('\t');
    let chrom = columns.next().unwrap_or("");
    (chrom, columns.next().and_then(|p| p.parse().ok()))
}

/// The record with every value typed by the header's INFO/FORMAT definitions. The line must
/// have exactly the header's columns (8, or FORMAT and one per sample).
pub fn decode(header: &vcf::Header, line: &[u8], number: u64) -> Result<RecordBuf, RecordError> {
    let samples = header.sample_names().len();
    let expected = if samples == 0 { 8 } else { 9 + samples };
    let found = line.iter().filter(|&&b| b == b'\t').count() + 1;
    if found != expected && !(samples == 0 && found == 9) {
        let layout = match samples {
            0 => "8 fixed".to_string(),
            1 => "8 fixed, FORMAT and 1 sample".to_string(),
            n => format!("8 fixed, FORMAT and {n} samples"),
        };
        return Err(RecordError::new(
            number,
            format!("expected {expected} tab-separated columns ({layout}), found {found}"),
        ));
    }
    typed(header, line).map_err(|e| RecordError::new(number, format!("malformed record: {e}")))
}

/// Parsed straight into a `RecordBuf` by noodles' record reader: about a third less than
/// the lazy record converted field by field (issue 15: parsing was the largest part of
/// annotating a panel record). A line it refuses is read again the other way, whose errors
/// say what is wrong ("empty value" rather than "invalid info"), and so is a line with a
/// byte outside ASCII, which the reader decodes differently (Latin-1; the conversion reads
/// UTF-8). `the_fast_parse_agrees_with_the_conversion` checks the two agree on the rest.
fn typed(header: &vcf::Header, line: &[u8]) -> std::io::Result<RecordBuf> {
    let mut record = RecordBuf::default();
    if line.is_ascii() {
        if let Ok(1..) = vcf::io::Reader::new(line).read_record_buf(header, &mut record) {
            return Ok(record);
        }
    }
    let lazy = vcf::Record::try_from(line)?;
    RecordBuf::try_from_variant_record(header, &lazy)
}

/// [`decode`], except that INFO entries whose value does not fit their header definition
/// (PURPLE/PAVE's `IMPACT` with empty list items, GRIDSS's `SEGID=41729_0` declared
/// Integer; htslib reads both) are left out rather than failing the record. Returns the
/// record and each entry left out, as `INFO/KEY (why)`, for the caller to report.
pub fn decode_lenient(
    header: &vcf::Header,
    line: &[u8],
    number: u64,
) -> Result<(RecordBuf, Vec<String>), RecordError> {
    let error = match decode(header, line, number) {
        Ok(record) => return Ok((record, Vec::new())),
        Err(e) => e,
    };
    let Ok(text) = std::str::from_utf8(line) else {
        return Err(error);
    };
    let columns: Vec<&str> = text.split('\t').collect();
    if columns.len() < 8 || columns[7] == "." {
        return Err(error);
    }
    let with_info = |info: &str| {
        let mut c = columns.clone();
        c[7] = info;
        c.join("\t")
    };
    // The fault must lie in INFO: without it the record reads.
    if typed(header, with_info(".").as_bytes()).is_err() {
        return Err(error);
    }
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for entry in columns[7].split(';').filter(|e| !e.is_empty()) {
        match typed(header, with_info(entry).as_bytes()) {
            Ok(_) => kept.push(entry),
            Err(e) => {
                let key = entry.split_once('=').map_or(entry, |(k, _)| k);
                dropped.push(format!("INFO/{key} ({e})"));
            }
        }
    }
    let info = if kept.is_empty() {
        ".".to_string()
    } else {
        kept.join(";")
    };
    match typed(header, with_info(&info).as_bytes()) {
        Ok(record) if !dropped.is_empty() => Ok((record, dropped)),
        _ => Err(error),
    }
}

/// A record line split into its columns (at least the 8 fixed ones, POS a number).
#[derive(Debug, Clone)]
pub struct VcfRecord<'a> {
    pos: u64,
    columns: Vec<&'a str>,
}

impl<'a> VcfRecord<'a> {
    pub fn parse(text: &'a str, line: u64) -> Result<Self, RecordError> {
        let columns: Vec<&str> = text.split('\t').collect();
        if columns.len() < 8 {
            return Err(RecordError::new(
                line,
                format!(
                    "expected at least 8 tab-separated columns, found {}",
                    columns.len()
                ),
            ));
        }
        let pos = columns[1]
            .parse::<u64>()
            .map_err(|_| RecordError::new(line, format!("POS '{}' is not a number", columns[1])))?;
        Ok(VcfRecord { pos, columns })
    }

    pub fn chrom(&self) -> &'a str {
        self.columns[0]
    }

    pub fn pos(&self) -> u64 {
        self.pos
    }

    pub fn id(&self) -> &'a str {
        self.columns[2]
    }

    pub fn reference(&self) -> &'a str {
        self.columns[3]
    }

    /// The ALT column as written (`A,<DUP>`).
    pub fn alt_column(&self) -> &'a str {
        self.columns[4]
    }

    pub fn alternates(&self) -> Vec<&'a str> {
        self.columns[4].split(',').collect()
    }

    pub fn filter(&self) -> &'a str {
        self.columns[6]
    }

    /// FILTER is `PASS` or not applied (`.`).
    pub fn passed(&self) -> bool {
        matches!(self.filter(), "PASS" | ".")
    }

    pub fn info(&self) -> Info<'a> {
        Info(self.columns[7])
    }

    /// The FORMAT values of sample column `index` (0-based), if the record has it.
    pub fn sample(&self, index: usize) -> Option<Sample<'a>> {
        Some(Sample {
            keys: self.columns.get(8)?,
            values: self.columns.get(9 + index)?,
        })
    }
}

/// The INFO column: `KEY=value` entries and flags, `;`-separated (`.` when empty).
#[derive(Debug, Clone, Copy)]
pub struct Info<'a>(&'a str);

impl<'a> Info<'a> {
    /// Each entry as (key, value); a flag has no value.
    pub fn entries(self) -> impl Iterator<Item = (&'a str, Option<&'a str>)> {
        let text = if self.0 == "." { "" } else { self.0 };
        text.split(';')
            .filter(|kv| !kv.is_empty())
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (kv, None),
            })
    }

    /// The value of the first `key=value` entry.
    pub fn value(self, key: &str) -> Option<&'a str> {
        self.entries().find_map(|(k, v)| v.filter(|_| k == key))
    }

    /// Whether `key` is present (as a flag or with a value).
    pub fn flag(self, key: &str) -> bool {
        self.entries().any(|(k, _)| k == key)
    }
}

/// One sample's FORMAT values, looked up by FORMAT key.
#[derive(Debug, Clone, Copy)]
pub struct Sample<'a> {
    keys: &'a str,
    values: &'a str,
}

impl<'a> Sample<'a> {
    /// The value of FORMAT `key`; `None` when absent or missing (`.`).
    pub fn value(self, key: &str) -> Option<&'a str> {
        let at = self.keys.split(':').position(|k| k == key)?;
        self.values.split(':').nth(at).filter(|v| *v != ".")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The line's fields, each one of a few valid values or a corruption of one.
    fn field(options: &'static [&'static str]) -> impl Strategy<Value = String> {
        (proptest::sample::select(options), any::<u8>(), 0usize..12).prop_map(|(v, b, at)| {
            let mut v = v.as_bytes().to_vec();
            if b % 3 == 0 && !v.is_empty() {
                // Corrupt one byte: any byte, printable most of the time.
                let at = at % v.len();
                v[at] = if b % 2 == 0 {
                    b" ,;:=.-A1\t"[usize::from(b) % 10]
                } else {
                    b
                };
            }
            String::from_utf8_lossy(&v).into_owned()
        })
    }

    proptest! {
        /// The reader's parse (the fast path of `typed`) never accepts a line the field-by-
        /// field conversion refuses, and reads every line it accepts to the same record: the
        /// fast path changes nothing but the time taken.
        #[test]
        fn the_fast_parse_agrees_with_the_conversion(
            chrom in field(&["chr2", "2", "chrUn_x"]),
            pos in field(&["29222404", "1", "0", "-5", "+7", "018", "99999999999"]),
            id in field(&[".", "rs1;rs2", "a b"]),
            reference in field(&["C", "ACGT", "N", ""]),
            alt in field(&["T", "<DUP>,T", "*", ".", "C[2:5["]),
            qual in field(&["50", ".", "1e3", "NaN", "-1", "Inf", "3.", "0x1"]),
            filter in field(&["PASS", ".", "q10;s50", ""]),
            info in field(&[".", "DP=20", "DP=x", "SVTYPE=DUP;END=29300000;IMPRECISE",
                "AF=0.5,0.1", "IMPACT=a,,b", "SEGID=41729_0", "CSQ=T|missense", "DP",
                "DP=1;DP=2", "IMPRECISE=1", "AF=.", "AF=1e-3", "NEW=3", "END=", ";DP=4"]),
            format in field(&["GT:AD:DP", "GT", "GT:CN", "AD"]),
            sample in field(&["0/1:9,11:20", "0/1", ".:.:.", "1|0:5", "0/1:x,1:2", "./.",
                "0/1:.,3:4", "", "0/1:9,11", "0/1:9,11:20:7", "1/2:1,2,3:6", "/1"]),
        ) {
            let header: vcf::Header = "##fileformat=VCFv4.2\n\
                ##INFO=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n\
                ##INFO=<ID=AF,Number=A,Type=Float,Description=\"f\">\n\
                ##INFO=<ID=SVTYPE,Number=1,Type=String,Description=\"t\">\n\
                ##INFO=<ID=END,Number=1,Type=Integer,Description=\"e\">\n\
                ##INFO=<ID=IMPRECISE,Number=0,Type=Flag,Description=\"i\">\n\
                ##INFO=<ID=IMPACT,Number=3,Type=String,Description=\"x\">\n\
                ##INFO=<ID=SEGID,Number=.,Type=Integer,Description=\"s\">\n\
                ##INFO=<ID=CSQ,Number=.,Type=String,Description=\"c\">\n\
                ##FORMAT=<ID=GT,Number=1,Type=String,Description=\"g\">\n\
                ##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"a\">\n\
                ##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"p\">\n\
                ##FORMAT=<ID=CN,Number=1,Type=Integer,Description=\"n\">\n\
                #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n"
                .parse()
                .unwrap();
            let line = [chrom, pos, id, reference, alt, qual, filter, info, format, sample]
                .join("\t");
            let mut fast = RecordBuf::default();
            let fast_ok = line.is_ascii() && matches!(
                vcf::io::Reader::new(line.as_bytes()).read_record_buf(&header, &mut fast),
                Ok(1..)
            );
            let converted = vcf::Record::try_from(line.as_bytes())
                .and_then(|lazy| RecordBuf::try_from_variant_record(&header, &lazy));
            if fast_ok {
                prop_assert!(converted.is_ok(), "{line:?}: only the fast parse accepts it");
                // Compared as printed: a NaN QUAL is never equal to itself.
                prop_assert_eq!(format!("{:?}", converted.unwrap()), format!("{fast:?}"), "{:?}", line);
            }
        }
    }

    const LINE: &str =
        "chr2\t29222404\tsv1\tC\t<DUP>,T\t50\tPASS\tSVTYPE=DUP;END=29300000;IMPRECISE\tGT:CN\t0/1:5\t0/0:.";

    #[test]
    fn columns_info_and_samples() {
        let r = VcfRecord::parse(LINE, 12).unwrap();
        assert_eq!((r.chrom(), r.pos(), r.id()), ("chr2", 29222404, "sv1"));
        assert_eq!(r.alternates(), vec!["<DUP>", "T"]);
        assert!(r.passed());
        assert_eq!(r.info().value("END"), Some("29300000"));
        assert_eq!(r.info().value("IMPRECISE"), None);
        assert!(r.info().flag("IMPRECISE") && !r.info().flag("END2"));
        assert_eq!(r.sample(0).and_then(|s| s.value("CN")), Some("5"));
        assert_eq!(r.sample(1).and_then(|s| s.value("CN")), None);
        assert!(r.sample(2).is_none());
    }

    #[test]
    fn errors_name_the_line_and_the_field() {
        let short = VcfRecord::parse("chr2\t1\t.\tA", 7).unwrap_err();
        assert_eq!(short.line, 7);
        assert!(short.message.contains("at least 8"), "{short}");
        let pos = VcfRecord::parse("chr2\tx\t.\tA\tT\t.\t.\t.", 3).unwrap_err();
        assert_eq!(pos.to_string(), "line 3: POS 'x' is not a number");
        assert!(locus(b"chr2\tabc\t.", 9).is_err());
        assert_eq!(rough_locus("chr2\t55"), ("chr2", Some(55)));
    }

    #[test]
    fn decode_checks_columns_against_the_header() {
        let header: vcf::Header =
            "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n"
                .parse()
                .unwrap();
        let e = decode(&header, b"chr2\t1\t.\tA\tT\t.\t.\t.", 4).unwrap_err();
        assert!(e.message.contains("expected 10"), "{e}");
        let record = decode(&header, b"chr2\t1\t.\tA\tT\t.\t.\t.\tGT\t0/1", 5).unwrap();
        assert_eq!(record.reference_bases(), "A");
    }

    #[test]
    fn lenient_decode_leaves_out_only_the_info_entries_that_do_not_fit() {
        let header: vcf::Header = "##fileformat=VCFv4.2\n\
            ##INFO=<ID=IMPACT,Number=3,Type=String,Description=\"x\">\n\
            ##INFO=<ID=SEGID,Number=.,Type=Integer,Description=\"x\">\n\
            ##INFO=<ID=DP,Number=1,Type=Integer,Description=\"x\">\n\
            #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
            .parse()
            .unwrap();
        let line = b"7\t55249071\t.\tC\tT\t.\tPASS\tIMPACT=EGFR,,2;SEGID=41729_0;DP=30";
        assert!(decode(&header, line, 9).is_err());
        let (record, dropped) = decode_lenient(&header, line, 9).unwrap();
        assert_eq!(dropped.len(), 2, "{dropped:?}");
        assert!(dropped[0].starts_with("INFO/IMPACT (") && dropped[1].starts_with("INFO/SEGID ("));
        assert!(record.info().get("DP").is_some() && record.info().get("IMPACT").is_none());
        // A fault outside INFO is still an error.
        let bad_ref = b"7\t55249071\t.\tC\tT\tnot-a-number\tPASS\tDP=30";
        assert!(decode_lenient(&header, bad_ref, 10).is_err());
    }
}
