//! Alignment files (BAM/CRAM), the layer the copy-number, hotspot and phasing detectors read
//! through (issue 10 brings the fusion scan here too): opening with a clear error, the header (contigs, build, sample), the read filter, and
//! walking a read's CIGAR without allocating.

pub mod pass;

use std::path::{Path, PathBuf};

use rust_htslib::bam::{self, record::Record, Read};

use crate::error::{Error, Result};
use crate::genome::{detect_build_from_lengths, normalize_contig, BuildEvidence};

/// Reads never counted: unmapped 0x4, secondary 0x100, QC-fail 0x200, duplicate 0x400,
/// supplementary 0x800 (`samtools … -G 0xF04`).
pub const EXCLUDED_FLAGS: u16 = 0x4 | 0x100 | 0x200 | 0x400 | 0x800;

/// Whether a read counts: none of [`EXCLUDED_FLAGS`] and MAPQ ≥ `min_mapq`.
#[inline]
pub fn passes(record: &Record, min_mapq: u8) -> bool {
    record.flags() & EXCLUDED_FLAGS == 0 && record.mapq() >= min_mapq
}

/// An indexed BAM or CRAM (with the FASTA CRAM needs).
/// A BGZF file (BAM) cut short: htslib only warns and reads what is there, so the reads
/// past the cut would be lost without a word (`samtools quickcheck` fails such a file too).
/// CRAM is not BGZF and is not checked here.
pub(crate) fn check_complete(path: &Path, label: &str) -> Result<()> {
    use std::io::Read as _;
    let mut magic = [0u8; 2];
    let is_bgzf = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| magic == [0x1f, 0x8b]);
    if is_bgzf {
        crate::io::vcf_input::check_bgzf_eof(path, label)?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct AlignmentFile {
    pub path: PathBuf,
    pub reference: Option<PathBuf>,
}

impl AlignmentFile {
    pub fn new(path: &Path, reference: Option<&Path>) -> Self {
        AlignmentFile {
            path: path.to_path_buf(),
            reference: reference.map(Path::to_path_buf),
        }
    }

    pub fn label(&self) -> String {
        self.path.display().to_string()
    }

    /// Whether an index file sits where htslib looks for one: `<file>.bai|.csi|.crai`, or
    /// the file's name with its extension replaced (`x.bai` for `x.bam`, `x.crai` for
    /// `x.cram`).
    fn has_index_file(&self) -> bool {
        ["bai", "csi", "crai"].iter().any(|ext| {
            PathBuf::from(format!("{}.{ext}", self.path.display())).is_file()
                || self.path.with_extension(ext).is_file()
        })
    }

    /// A reader ready for region queries; one per worker thread.
    pub fn open(&self) -> Result<bam::IndexedReader> {
        let label = self.label();
        if !self.path.is_file() {
            return Err(Error::bad_input(&label, "no such file"));
        }
        check_complete(&self.path, &label)?;
        // Said here rather than by htslib, whose own "[E::idx_find_and_load]" line would
        // reach the user's stderr before alkres's message.
        if !self.has_index_file() {
            return Err(Error::bad_input(
                &label,
                "no usable index next to it (.bai, .csi or .crai): run `samtools index`",
            ));
        }
        let mut reader = bam::IndexedReader::from_path(&self.path).map_err(|e| {
            let message = match e {
                rust_htslib::errors::Error::BamInvalidIndex { .. } => {
                    "no usable index next to it (.bai, .csi or .crai): run `samtools index`"
                        .to_string()
                }
                other => format!("cannot open as BAM/CRAM with an index: {other}"),
            };
            Error::bad_input(&label, message)
        })?;
        if let Some(fasta) = &self.reference {
            reader.set_reference(fasta).map_err(|e| {
                Error::bad_input(fasta.display().to_string(), format!("reference FASTA: {e}"))
            })?;
        }
        Ok(reader)
    }

    /// Why an indexed read failed, when the file is not to blame: a stale index (or one of
    /// another file) sends region queries to offsets that hold no record. Read the file
    /// front to back, without its index, for at most `RECORDS_TO_CHECK` records; if that
    /// reads cleanly, the index is named as the cause.
    pub fn blame_index(&self) -> Option<String> {
        const RECORDS_TO_CHECK: u64 = 2_000_000;
        if self.is_cram() {
            // A CRAM read front to back may find its reference by the header's UR/M5, not
            // the one the failed query used: no verdict on the index from that.
            return None;
        }
        let mut reader = bam::Reader::from_path(&self.path).ok()?;
        if let Some(fasta) = &self.reference {
            reader.set_reference(fasta).ok()?;
        }
        let mut record = Record::new();
        let mut n = 0u64;
        while let Some(read) = reader.read(&mut record) {
            read.ok()?;
            n += 1;
            if n >= RECORDS_TO_CHECK {
                break;
            }
        }
        let index = ["bai", "csi", "crai"]
            .iter()
            .map(|ext| PathBuf::from(format!("{}.{ext}", self.path.display())))
            .find(|p| p.is_file())
            .map_or_else(|| "its index".to_string(), |p| p.display().to_string());
        Some(format!(
            "the file itself reads without error ({n} records front to back), so {index} is stale or belongs to another file: re-index it with `samtools index`"
        ))
    }

    pub fn is_cram(&self) -> bool {
        self.path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("cram"))
    }

    /// Contigs and read-group samples of the header.
    pub fn header(&self) -> Result<AlignmentHeader> {
        let reader = self.open()?;
        let view = reader.header();
        let contigs = (0..view.target_count())
            .map(|tid| {
                (
                    String::from_utf8_lossy(view.tid2name(tid)).into_owned(),
                    view.target_len(tid).unwrap_or(0),
                )
            })
            .collect();
        let text = String::from_utf8_lossy(view.as_bytes()).into_owned();
        let mut samples: Vec<String> = Vec::new();
        for line in text.lines().filter(|l| l.starts_with("@RG")) {
            if let Some(sm) = line.split('\t').find_map(|f| f.strip_prefix("SM:")) {
                if !samples.iter().any(|s| s == sm) {
                    samples.push(sm.to_string());
                }
            }
        }
        let reference = text
            .lines()
            .filter(|l| l.starts_with("@SQ"))
            .find_map(|l| l.split('\t').find_map(|f| f.strip_prefix("UR:")))
            .map(str::to_string);
        let programs = text
            .lines()
            .filter(|l| l.starts_with("@PG"))
            .filter_map(|l| {
                let field = |tag: &str| l.split('\t').find_map(|f| f.strip_prefix(tag));
                field("PN:").or_else(|| field("ID:")).map(str::to_string)
            })
            .collect();
        Ok(AlignmentHeader {
            contigs,
            samples,
            reference,
            programs,
        })
    }
}

/// What the alignment header says.
#[derive(Debug, Clone)]
pub struct AlignmentHeader {
    /// `@SQ` names and lengths, in target-id order.
    pub contigs: Vec<(String, u64)>,
    /// `@RG SM:` values, first-seen order.
    pub samples: Vec<String>,
    /// The first `@SQ UR:` value, used when lengths do not tell the build.
    pub reference: Option<String>,
    /// `@PG PN:` (else `ID:`) values, in header order: which programs made the file.
    pub programs: Vec<String>,
}

impl AlignmentHeader {
    /// Target id of a contig, whatever its spelling (`chr2`, `2`).
    pub fn tid(&self, chrom: &str) -> Option<u32> {
        let wanted = normalize_contig(chrom);
        self.contigs
            .iter()
            .position(|(name, _)| normalize_contig(name) == wanted)
            .map(|i| i as u32)
    }

    /// The first `@PG` program that writes spliced RNA alignments (STAR, HISAT2, TopHat,
    /// GSNAP), if any.
    pub fn rna_aligner(&self) -> Option<&str> {
        const RNA_ALIGNERS: [&str; 4] = ["star", "hisat", "tophat", "gsnap"];
        self.programs.iter().map(String::as_str).find(|p| {
            let p = p.to_ascii_lowercase();
            RNA_ALIGNERS.iter().any(|a| p.starts_with(a))
        })
    }

    pub fn build_evidence(&self) -> BuildEvidence {
        detect_build_from_lengths(&self.contigs, self.reference.as_deref())
    }
}

/// One CIGAR operation placed on the reference and the read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CigarStep {
    /// 0 M, 1 I, 2 D, 3 N, 4 S, 5 H, 6 P, 7 =, 8 X (BAM op codes).
    pub op: u32,
    pub len: u64,
    /// 0-based reference position where the operation starts.
    pub ref_pos: i64,
    /// 0-based read position where the operation starts.
    pub query_pos: usize,
}

impl CigarStep {
    /// `M`, `=` or `X`: read bases aligned to reference bases.
    pub fn is_aligned(&self) -> bool {
        matches!(self.op, 0 | 7 | 8)
    }
}

/// The CIGAR of `record` as placed steps (no allocation).
pub fn cigar_steps(record: &Record) -> impl Iterator<Item = CigarStep> + '_ {
    let mut ref_pos = record.pos();
    let mut query_pos = 0usize;
    record.raw_cigar().iter().map(move |&raw| {
        let step = CigarStep {
            op: raw & 0xf,
            len: u64::from(raw >> 4),
            ref_pos,
            query_pos,
        };
        match step.op {
            0 | 7 | 8 => {
                ref_pos += step.len as i64;
                query_pos += step.len as usize;
            }
            1 | 4 => query_pos += step.len as usize,
            2 | 3 => ref_pos += step.len as i64,
            _ => {}
        }
        step
    })
}

/// What a read shows at one reference position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseAt {
    /// An aligned base (upper case) and its quality.
    Base(u8, u8),
    /// Deleted in the read (`D`) or skipped (`N`).
    Deleted,
    /// The read does not reach the position.
    NotCovered,
}

/// The read's base at 0-based reference position `pos0`.
pub fn base_at(record: &Record, pos0: i64) -> BaseAt {
    for step in cigar_steps(record) {
        let end = step.ref_pos + step.len as i64;
        if pos0 < step.ref_pos {
            break;
        }
        if pos0 >= end {
            continue;
        }
        return match step.op {
            0 | 7 | 8 => {
                let i = step.query_pos + (pos0 - step.ref_pos) as usize;
                BaseAt::Base(
                    record.seq()[i].to_ascii_uppercase(),
                    record.qual().get(i).copied().unwrap_or(0),
                )
            }
            2 | 3 => BaseAt::Deleted,
            _ => continue,
        };
    }
    BaseAt::NotCovered
}

/// An insertion or deletion starting right after 0-based reference position `pos0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndelAfter {
    Insertion(Vec<u8>),
    Deletion(u64),
}

/// The indel the read has between `pos0` and `pos0 + 1`, if any (the VCF anchor convention).
pub fn indel_after(record: &Record, pos0: i64) -> Option<IndelAfter> {
    let mut previous_aligned_end = None;
    for step in cigar_steps(record) {
        match step.op {
            1 if previous_aligned_end == Some(pos0 + 1) => {
                let seq = record.seq();
                let bases = (step.query_pos..step.query_pos + step.len as usize)
                    .map(|i| seq[i].to_ascii_uppercase())
                    .collect();
                return Some(IndelAfter::Insertion(bases));
            }
            2 if step.ref_pos == pos0 + 1 && previous_aligned_end == Some(pos0 + 1) => {
                return Some(IndelAfter::Deletion(step.len));
            }
            0 | 7 | 8 => previous_aligned_end = Some(step.ref_pos + step.len as i64),
            _ => {}
        }
        if step.ref_pos > pos0 + 1 {
            break;
        }
    }
    None
}

/// Whether the read has an insertion or deletion touching 0-based `start0..=end0`.
pub fn has_indel_within(record: &Record, start0: i64, end0: i64) -> bool {
    cigar_steps(record).any(|step| match step.op {
        1 => step.ref_pos >= start0 && step.ref_pos <= end0 + 1,
        2 => step.ref_pos <= end0 && step.ref_pos + step.len as i64 > start0,
        _ => false,
    })
}

/// Which mate a record is (0 = first or unpaired, 1 = second).
pub fn mate_index(record: &Record) -> u8 {
    u8::from(record.flags() & 0x80 != 0)
}

/// Read one record after a fetch, mapping htslib errors to the file.
pub fn next_record(
    reader: &mut bam::IndexedReader,
    record: &mut Record,
    label: &str,
) -> Result<bool> {
    match reader.read(record) {
        None => Ok(false),
        Some(Ok(())) => Ok(true),
        Some(Err(e)) => Err(Error::bad_input(
            label,
            format!("corrupt alignment data: {e}"),
        )),
    }
}

/// A worker that could not open the file reports the same error (`Error` is not `Clone`).
pub fn reopen_error(e: &Error) -> Error {
    match e {
        Error::BadInput { path, message } => Error::bad_input(path.clone(), message.clone()),
        other => Error::bad_input("alignments", other.to_string()),
    }
}
