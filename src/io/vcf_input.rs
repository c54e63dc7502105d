//! Opening a VCF or BCF (plain, gzip, BGZF, or stdin) and streaming its records as text lines.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::num::NonZero;
use std::path::{Path, PathBuf};

use noodles::vcf;
use noodles::vcf::variant::io::Write as _;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Vcf,
    Bcf,
}

enum Body {
    Text(Box<dyn BufRead + Send>),
    Bcf {
        reader: noodles::bcf::io::Reader<Box<dyn BufRead + Send>>,
        record: noodles::bcf::Record,
    },
}

/// An open VCF/BCF: its parsed header and a stream of record lines.
pub struct VcfInput {
    /// How the input is named in messages (`<stdin>` for `-`).
    pub label: String,
    pub path: Option<PathBuf>,
    pub format: InputFormat,
    pub bgzf: bool,
    pub header: vcf::Header,
    /// The header as text: verbatim for VCF, serialized for BCF.
    header_text: String,
    /// Number of the last line (VCF) or record (BCF) read, for error messages.
    pub line_number: u64,
    body: Body,
}

fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// BGZF blocks are gzip members with a `BC` extra subfield.
fn is_bgzf(bytes: &[u8]) -> bool {
    bytes.len() >= 16 && is_gzip(bytes) && bytes[3] & 0x04 != 0 && &bytes[12..14] == b"BC"
}

impl VcfInput {
    /// Open `path` (`-` for stdin). BGZF is decompressed on `threads` workers; with
    /// `threads == 0` on the calling thread, block by block (no read-ahead: for reading only
    /// the header before indexed queries).
    pub fn open(path: &str, threads: usize) -> Result<Self> {
        let (label, file_path, raw): (String, Option<PathBuf>, Box<dyn Read + Send>) =
            if path == "-" {
                ("<stdin>".into(), None, Box::new(io::stdin()))
            } else {
                let file = File::open(path)
                    .map_err(|e| Error::bad_input(path, format!("cannot open: {e}")))?;
                (path.to_string(), Some(PathBuf::from(path)), Box::new(file))
            };
        let mut raw = BufReader::with_capacity(1 << 16, raw);
        let peek = raw
            .fill_buf()
            .map_err(|e| Error::bad_input(&label, format!("cannot read: {e}")))?;
        if peek.is_empty() {
            return Err(Error::bad_input(
                &label,
                "empty file: expected a VCF header (##fileformat=VCF...) or BCF",
            ));
        }
        let bgzf = is_bgzf(peek);
        let mut stream: Box<dyn BufRead + Send> = if bgzf && threads == 0 {
            Box::new(noodles_bgzf::io::Reader::new(raw))
        } else if bgzf {
            let workers = NonZero::new(threads.max(1)).unwrap_or(NonZero::<usize>::MIN);
            Box::new(noodles_bgzf::io::MultithreadedReader::with_worker_count(
                workers, raw,
            ))
        } else if is_gzip(peek) {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(raw)))
        } else {
            Box::new(raw)
        };
        let magic = stream
            .fill_buf()
            .map_err(|e| decompression_error(&label, e))?;
        let format = if magic.starts_with(b"BCF") {
            InputFormat::Bcf
        } else if magic.starts_with(b"##fileformat=VCF") {
            InputFormat::Vcf
        } else if magic.is_empty() {
            return Err(Error::bad_input(&label, "empty file: no VCF header"));
        } else {
            return Err(Error::bad_input(
                &label,
                "line 1: expected '##fileformat=VCFv4.x' (a VCF) or a BCF file",
            ));
        };
        let mut input = VcfInput {
            label,
            path: file_path,
            format,
            bgzf,
            header: vcf::Header::default(),
            header_text: String::new(),
            line_number: 0,
            body: Body::Text(Box::new(io::empty())),
        };
        match format {
            InputFormat::Vcf => {
                let text = input.read_header_lines(&mut stream)?;
                input.header = text.parse().map_err(|e| {
                    Error::bad_input(&input.label, format!("invalid VCF header: {e}"))
                })?;
                input.header_text = text;
                input.body = Body::Text(stream);
            }
            InputFormat::Bcf => {
                let mut reader = noodles::bcf::io::Reader::from(stream);
                input.header = reader.read_header().map_err(|e| {
                    Error::bad_input(&input.label, format!("invalid BCF header: {e}"))
                })?;
                let mut writer = vcf::io::Writer::new(Vec::new());
                writer
                    .write_header(&input.header)
                    .map_err(|e| Error::bad_input(&input.label, format!("BCF header: {e}")))?;
                input.header_text = String::from_utf8_lossy(&writer.into_inner()).into_owned();
                input.body = Body::Bcf {
                    reader,
                    record: noodles::bcf::Record::default(),
                };
            }
        }
        Ok(input)
    }

    fn read_header_lines(&mut self, stream: &mut Box<dyn BufRead + Send>) -> Result<String> {
        let mut text = String::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = stream
                .read_until(b'\n', &mut line)
                .map_err(|e| decompression_error(&self.label, e))?;
            if n == 0 {
                return Err(Error::bad_input(
                    &self.label,
                    format!(
                        "line {}: file ends inside the header (no #CHROM line)",
                        self.line_number
                    ),
                ));
            }
            self.line_number += 1;
            if !line.starts_with(b"#") {
                return Err(Error::bad_record(
                    &self.label,
                    self.line_number,
                    "expected a header line starting with '#' before the records",
                ));
            }
            let text_line = std::str::from_utf8(&line).map_err(|_| {
                Error::bad_record(&self.label, self.line_number, "header is not UTF-8")
            })?;
            text.push_str(text_line);
            if line.starts_with(b"#CHROM") {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                return Ok(text);
            }
        }
    }

    /// Read the next record into `line` (text, no newline). `false` at end of input.
    pub fn next_line(&mut self, line: &mut Vec<u8>) -> Result<bool> {
        line.clear();
        match &mut self.body {
            Body::Text(stream) => loop {
                let n = stream
                    .read_until(b'\n', line)
                    .map_err(|e| decompression_error(&self.label, e))?;
                if n == 0 {
                    return Ok(false);
                }
                self.line_number += 1;
                while matches!(line.last(), Some(b'\n' | b'\r')) {
                    line.pop();
                }
                if !line.is_empty() {
                    return Ok(true);
                }
            },
            Body::Bcf { reader, record } => {
                let n = reader
                    .read_record(record)
                    .map_err(|e| decompression_error(&self.label, e))?;
                if n == 0 {
                    return Ok(false);
                }
                self.line_number += 1;
                let mut writer = vcf::io::Writer::new(std::mem::take(line));
                writer
                    .write_variant_record(&self.header, record)
                    .map_err(|e| {
                        Error::bad_record(&self.label, self.line_number, format!("BCF record: {e}"))
                    })?;
                *line = writer.into_inner();
                while matches!(line.last(), Some(b'\n' | b'\r')) {
                    line.pop();
                }
                Ok(true)
            }
        }
    }

    pub fn header_text(&self) -> Result<String> {
        Ok(self.header_text.clone())
    }

    /// A tabix (.tbi) or CSI index next to a bgzipped VCF, if there is one.
    pub fn index_path(&self) -> Option<PathBuf> {
        let path = self.path.as_ref()?;
        if !self.bgzf || self.format != InputFormat::Vcf {
            return None;
        }
        index_next_to(path)
    }

    pub fn file_path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// `FILE.tbi` or `FILE.csi`, if present.
pub fn index_next_to(path: &Path) -> Option<PathBuf> {
    ["tbi", "csi"].iter().find_map(|ext| {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{ext}"));
        let candidate = PathBuf::from(name);
        candidate.exists().then_some(candidate)
    })
}

fn decompression_error(label: &str, e: io::Error) -> Error {
    let what = match e.kind() {
        io::ErrorKind::UnexpectedEof => "truncated compressed data (unexpected end of file)",
        io::ErrorKind::InvalidData => "corrupt or truncated data",
        _ => "read error",
    };
    Error::bad_input(label, format!("{what}: {e}"))
}
