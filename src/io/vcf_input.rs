//! Opening a VCF or BCF (plain, gzip, BGZF, or stdin) and streaming its records as text lines.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use noodles::vcf;
use noodles::vcf::variant::io::Write as _;

use super::bgzf_reader::PooledBgzfReader;
use super::block_lines::BlockScan;
use super::mapped_file::MappedWindows;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Vcf,
    Bcf,
}

enum Body {
    Text(Stream),
    Bcf {
        reader: noodles::bcf::io::Reader<Box<dyn BufRead + Send>>,
        record: noodles::bcf::Record,
    },
}

/// The decompressed bytes: BGZF inflated on the pool (which can also sort each block's
/// lines where it is inflated, issue 15), or any other reader.
enum Stream {
    Pooled(Box<PooledBgzfReader<BufReader<Box<dyn Read + Send>>>>),
    Other(Box<dyn BufRead + Send>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Pooled(r) => r.read(buf),
            Stream::Other(r) => r.read(buf),
        }
    }
}

impl BufRead for Stream {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Stream::Pooled(r) => r.fill_buf(),
            Stream::Other(r) => r.fill_buf(),
        }
    }

    fn consume(&mut self, amt: usize) {
        match self {
            Stream::Pooled(r) => r.consume(amt),
            Stream::Other(r) => r.consume(amt),
        }
    }
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
    /// Open `path` (`-` for stdin). BGZF is decompressed on the current rayon pool; with
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
        if bgzf {
            if let Some(file) = &file_path {
                check_bgzf_eof(file, &label)?;
            }
        }
        let mut stream = if bgzf && threads == 0 {
            Stream::Other(Box::new(noodles_bgzf::io::Reader::new(raw)))
        } else if bgzf {
            // Inflated on the run's rayon pool (sized by -t), not on threads of its own.
            let reader = PooledBgzfReader::new(raw);
            Stream::Pooled(Box::new(
                match file_path.as_deref().and_then(MappedWindows::open) {
                    Some(windows) => reader.mapped(windows),
                    None => reader,
                },
            ))
        } else if is_gzip(peek) {
            Stream::Other(Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
                raw,
            ))))
        } else {
            Stream::Other(Box::new(raw))
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
            body: Body::Text(Stream::Other(Box::new(io::empty()))),
        };
        match format {
            InputFormat::Vcf => {
                let text = input.read_header_lines(&mut stream)?;
                input.header = match text.parse() {
                    Ok(header) => header,
                    Err(e) => lenient_header(&text, &input.label).ok_or_else(|| {
                        Error::bad_input(&input.label, format!("invalid VCF header: {e}"))
                    })?,
                };
                input.header_text = text;
                input.body = Body::Text(stream);
            }
            InputFormat::Bcf => {
                let stream: Box<dyn BufRead + Send> = Box::new(stream);
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
        crate::genome::refuse_unsupported_build(&input.header, &input.label)?;
        Ok(input)
    }

    fn read_header_lines(&mut self, stream: &mut Stream) -> Result<String> {
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

    /// Sort the lines of every BGZF block with `scan` on the pool thread that inflates it
    /// (the blocks whose inflating starts after this call): lines it takes never reach `skip` in
    /// [`Self::next_kept_line`] and are counted by [`Self::skipped_in_pool`]. `false` (and
    /// nothing done) when the input is not BGZF inflated on the pool, or a scan is set.
    pub fn set_block_scan(&mut self, scan: Arc<dyn BlockScan>) -> bool {
        match &mut self.body {
            Body::Text(Stream::Pooled(reader)) => reader.set_scan(scan),
            _ => false,
        }
    }

    /// Lines the [`Self::set_block_scan`] filter took in the lines read so far.
    pub fn skipped_in_pool(&self) -> u64 {
        match &self.body {
            Body::Text(Stream::Pooled(reader)) => reader.skipped_in_pool(),
            _ => 0,
        }
    }

    /// Like [`Self::next_line`], but each line is first shown to `skip` where it lies in the
    /// reader's buffer; a line `skip` takes is passed over uncopied (it only counts toward
    /// `line_number`). Line ends are found by `memchr` (SIMD), not a byte loop (issue 15).
    /// BGZF inflated on the pool goes block by block (`PooledBgzfReader::next_kept_line`).
    pub fn next_kept_line(
        &mut self,
        line: &mut Vec<u8>,
        skip: &mut impl FnMut(&[u8]) -> bool,
    ) -> Result<bool> {
        let VcfInput {
            body,
            label,
            line_number,
            ..
        } = self;
        let Body::Text(stream) = body else {
            while self.next_line(line)? {
                if !skip(line) {
                    return Ok(true);
                }
            }
            return Ok(false);
        };
        if let Stream::Pooled(reader) = stream {
            return reader
                .next_kept_line(line, line_number, skip)
                .map_err(|e| decompression_error(label, e));
        }
        line.clear();
        loop {
            let buf = match stream.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(decompression_error(label, e)),
            };
            if buf.is_empty() {
                // The last line has no newline (or the input ended).
                if line.is_empty() {
                    return Ok(false);
                }
                *line_number += 1;
                trim_end(line);
                if line.is_empty() || skip(line) {
                    line.clear();
                    return Ok(false);
                }
                return Ok(true);
            }
            if !line.is_empty() {
                // The rest of a line that began in the previous buffer.
                let Some(n) = memchr::memchr(b'\n', buf) else {
                    line.extend_from_slice(buf);
                    let all = buf.len();
                    stream.consume(all);
                    continue;
                };
                line.extend_from_slice(&buf[..n]);
                stream.consume(n + 1);
                *line_number += 1;
                trim_end(line);
                if line.is_empty() || skip(line) {
                    line.clear();
                    continue;
                }
                return Ok(true);
            }
            let mut start = 0;
            let mut kept = None;
            for end in memchr::memchr_iter(b'\n', buf) {
                let mut record = &buf[start..end];
                start = end + 1;
                *line_number += 1;
                while let [rest @ .., b'\r'] = record {
                    record = rest;
                }
                if !record.is_empty() && !skip(record) {
                    kept = Some(record);
                    break;
                }
            }
            match kept {
                Some(record) => {
                    line.extend_from_slice(record);
                    stream.consume(start);
                    return Ok(true);
                }
                None => {
                    // A line cut by the buffer's end: carried over to the next buffer.
                    line.extend_from_slice(&buf[start..]);
                    let all = buf.len();
                    stream.consume(all);
                }
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

/// A header noodles refuses but htslib reads (FusionCatcher redefines the reserved INFO `END`
/// as a String): each meta line noodles cannot take on its own is left out, with a warning
/// naming the line. `None` when the rest still does not parse (a real header error).
fn lenient_header(text: &str, label: &str) -> Option<vcf::Header> {
    let lines: Vec<&str> = text.lines().collect();
    let (first, last) = (*lines.first()?, *lines.last()?);
    let mut kept = String::new();
    let mut ignored = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let alone = i == 0
            || i + 1 == lines.len()
            || format!("{first}\n{line}\n{last}\n")
                .parse::<vcf::Header>()
                .is_ok();
        if alone {
            kept.push_str(line);
            kept.push('\n');
        } else {
            let shown: String = line.chars().take(80).collect();
            ignored.push(format!("line {}: {shown}", i + 1));
        }
    }
    if ignored.is_empty() {
        return None;
    }
    let header = kept.parse().ok()?;
    // A run reads a header more than once (probe, then the reader): warn once per file.
    static WARNED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
    if warned.iter().any(|l| l == label) {
        return Some(header);
    }
    warned.push(label.to_string());
    eprintln!(
        "alkres: warning: {label}: {} header line(s) ignored (invalid for noodles; htslib accepts them with a warning): {}",
        ignored.len(),
        ignored.join("; ")
    );
    Some(header)
}

/// The empty block every BGZF writer (bgzip, htslib, noodles) ends a file with (SAM spec 4.1.2).
const BGZF_EOF: [u8; 28] = [
    0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43, 0x02, 0x00,
    0x1b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];

/// A BGZF file cut at a block boundary decompresses cleanly up to the cut: only the missing
/// end-of-file block tells (htslib warns; alkres refuses, rather than report half a file).
pub fn check_bgzf_eof(path: &Path, label: &str) -> Result<()> {
    use std::io::{Seek, SeekFrom};
    let mut file =
        File::open(path).map_err(|e| Error::bad_input(label, format!("cannot open: {e}")))?;
    let len = file
        .seek(SeekFrom::End(0))
        .map_err(|e| Error::bad_input(label, format!("cannot read: {e}")))?;
    let mut tail = [0u8; 28];
    let complete = len >= 28
        && file.seek(SeekFrom::End(-28)).is_ok()
        && file.read_exact(&mut tail).is_ok()
        && tail == BGZF_EOF;
    if complete {
        return Ok(());
    }
    Err(Error::bad_input(
        label,
        "truncated BGZF file: no end-of-file block (the file was cut short, e.g. by an interrupted copy or a full disk); records after the cut would be missing",
    ))
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

/// Drop the line's trailing CR/LF, as `next_line` does.
fn trim_end(line: &mut Vec<u8>) {
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
}

fn decompression_error(label: &str, e: io::Error) -> Error {
    let what = match e.kind() {
        io::ErrorKind::UnexpectedEof => "truncated compressed data (unexpected end of file)",
        io::ErrorKind::InvalidData => "corrupt or truncated data",
        _ => "read error",
    };
    Error::bad_input(label, format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A VCF whose record lines cross buffer (and BGZF block) ends at every offset, with
    /// CRLF ends, empty lines and no newline after the last record.
    fn text() -> Vec<u8> {
        text_of(30_000)
    }

    /// [`text`] with `records` records on chr1 (and the one on chr2).
    fn text_of(records: u32) -> Vec<u8> {
        let mut text =
            b"##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n".to_vec();
        for i in 0..records {
            let pad = "x".repeat((i % 97) as usize);
            text.extend_from_slice(format!("chr1\t{}\t{pad}\tA\tC\t.\tPASS\t.", i + 1).as_bytes());
            text.extend_from_slice(match i % 50 {
                0 => b"\r\n",
                1 => b"\n\n",
                _ => b"\n",
            });
        }
        text.extend_from_slice(b"chr2\t7\t.\tA\tC\t.\tPASS\t.");
        text
    }

    fn lines(path: &str, skip: &mut impl FnMut(&[u8]) -> bool) -> (Vec<(u64, Vec<u8>)>, u64) {
        let mut input = VcfInput::open(path, 1).unwrap();
        let (mut line, mut kept) = (Vec::new(), Vec::new());
        while input.next_kept_line(&mut line, skip).unwrap() {
            kept.push((input.line_number, line.clone()));
        }
        (kept, input.line_number)
    }

    #[test]
    fn kept_lines_are_next_lines_minus_the_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("in.vcf");
        std::fs::write(&plain, text()).unwrap();
        let bgzf = dir.path().join("in.vcf.gz");
        let mut writer = noodles_bgzf::io::Writer::new(File::create(&bgzf).unwrap());
        std::io::Write::write_all(&mut writer, &text()).unwrap();
        writer.finish().unwrap();
        for path in [&plain, &bgzf] {
            let path = path.to_str().unwrap();
            let mut input = VcfInput::open(path, 1).unwrap();
            let (mut line, mut all) = (Vec::new(), Vec::new());
            while input.next_line(&mut line).unwrap() {
                all.push((input.line_number, line.clone()));
            }
            assert_eq!(all.len(), 30_001, "{path}");
            assert!(all.iter().all(|(_, l)| !l.ends_with(b"\r")));
            let (kept, last) = lines(path, &mut |_| false);
            assert_eq!(kept, all, "{path}: nothing skipped");
            assert_eq!(last, input.line_number);
            // Skip every line whose POS is not a multiple of 3: the rest, with their numbers.
            let mut seen = 0;
            let (kept, last) = lines(path, &mut |l: &[u8]| {
                seen += 1;
                let pos = crate::io::vcf_line::chrom_pos(l).unwrap().1;
                !pos.is_multiple_of(3)
            });
            let want: Vec<_> = all
                .iter()
                .filter(|(_, l)| {
                    crate::io::vcf_line::chrom_pos(l)
                        .unwrap()
                        .1
                        .is_multiple_of(3)
                })
                .cloned()
                .collect();
            assert_eq!(kept, want, "{path}: every third kept");
            assert_eq!(seen, all.len(), "{path}: every record seen once");
            assert_eq!(last, input.line_number);
        }
        // The same filter run on the pool, where each block is inflated (the blocks read
        // ahead with the header are sorted here instead): the same lines and numbers.
        struct NotThirds;
        impl BlockScan for NotThirds {
            fn scan(&self, data: &[u8]) -> crate::io::block_lines::BlockLines {
                crate::io::block_lines::scan_block(data, &mut not_third)
            }
        }
        fn not_third(l: &[u8]) -> bool {
            !crate::io::vcf_line::chrom_pos(l)
                .unwrap()
                .1
                .is_multiple_of(3)
        }
        // More blocks than are read ahead at -t 2 (2 x 32), so most are inflated after the
        // scan is set whatever the timing.
        let records = 150_000;
        std::fs::write(&plain, text_of(records)).unwrap();
        let mut writer = noodles_bgzf::io::Writer::new(File::create(&bgzf).unwrap());
        std::io::Write::write_all(&mut writer, &text_of(records)).unwrap();
        writer.finish().unwrap();
        let (mut plain_input, mut all) = (
            VcfInput::open(plain.to_str().unwrap(), 1).unwrap(),
            Vec::new(),
        );
        let mut line = Vec::new();
        while plain_input
            .next_kept_line(&mut line, &mut not_third)
            .unwrap()
        {
            all.push((plain_input.line_number, line.clone()));
        }
        assert!(
            !plain_input.set_block_scan(Arc::new(NotThirds)),
            "plain text: no pool"
        );
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut input = pool.install(|| VcfInput::open(bgzf.to_str().unwrap(), 1).unwrap());
            assert!(input.set_block_scan(Arc::new(NotThirds)));
            let (mut kept, mut seen, mut skipped_here) = (Vec::new(), 0u64, 0u64);
            // Read from outside the pool, as annotate's main thread does.
            let mut count = |l: &[u8]| {
                seen += 1;
                skipped_here += u64::from(not_third(l));
                not_third(l)
            };
            while input.next_kept_line(&mut line, &mut count).unwrap() {
                kept.push((input.line_number, line.clone()));
            }
            assert_eq!(kept, all, "-t {threads}");
            assert_eq!(input.line_number, plain_input.line_number, "-t {threads}");
            let skipped = u64::from(records) + 1 - kept.len() as u64;
            if threads <= 2 {
                // (At -t 4, 128 blocks are read ahead with the header: their jobs may all
                // have started before the scan was set.)
                assert!(
                    input.skipped_in_pool() > skipped / 2,
                    "-t {threads}: most skipped on the pool"
                );
                assert!(
                    seen < u64::from(records) / 2,
                    "-t {threads}: {seen} lines seen here"
                );
            }
            assert_eq!(
                skipped_here + input.skipped_in_pool(),
                skipped,
                "-t {threads}"
            );
        }
    }
}
