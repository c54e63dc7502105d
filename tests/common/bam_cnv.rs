//! Small indexed BAMs built at test time (rust-htslib `bam::Writer`) for the copy-number,
//! phasing and hotspot tests. Reads sit at real coordinates of the shipped exons; their bases
//! are the shipped reference bases where known (`A` elsewhere).

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use alkres::copy_number::genes::GeneTable;
use alkres::copy_number::regions::{CnRegion, RegionSet};
use alkres::genome::{Build, KnownSequence};
use alkres::transcript::TranscriptSet;
use rust_htslib::bam::{self, header::HeaderRecord, record::Cigar, record::CigarString};

pub const READ_LEN: u64 = 100;

/// GRCh38 primary chromosomes, `chr` names (lengths from `genome::Build`).
pub static GRCH38: LazyLock<Vec<(String, u64)>> = LazyLock::new(|| {
    Build::GRCh38
        .contig_lengths()
        .iter()
        .map(|(name, length)| (format!("chr{name}"), *length))
        .collect()
});

/// GRCh37 chromosomes used by the panel, bare names.
pub static GRCH37: LazyLock<Vec<(String, u64)>> = LazyLock::new(|| {
    Build::GRCh37
        .contig_lengths()
        .iter()
        .filter(|(name, _)| ["2", "7", "8", "12", "13"].contains(name))
        .map(|(name, length)| (name.to_string(), *length))
        .collect()
});

/// One read to write (1-based `pos`; all-`M` CIGAR unless `cigar` is given).
#[derive(Debug, Clone)]
pub struct Read {
    pub name: String,
    pub chrom: String,
    pub pos: u64,
    pub seq: Vec<u8>,
    pub cigar: Option<Vec<Cigar>>,
    pub flags: u16,
    pub mapq: u8,
    pub qual: u8,
    /// Mate position (1-based) on the same contig, for paired reads.
    pub mate_pos: Option<u64>,
}

impl Read {
    pub fn single(name: &str, chrom: &str, pos: u64, seq: Vec<u8>) -> Self {
        Read {
            name: name.to_string(),
            chrom: chrom.to_string(),
            pos,
            seq,
            cigar: None,
            flags: 0,
            mapq: 60,
            qual: 30,
            mate_pos: None,
        }
    }
}

/// Reference bases of GRCh38 (or `build`) with `A` where the project ships none.
pub struct Bases {
    known: KnownSequence,
    build: Build,
}

impl Bases {
    pub fn new(build: Build) -> Self {
        Bases {
            known: KnownSequence::shipped().unwrap(),
            build,
        }
    }

    pub fn get(&self, chrom: &str, pos: u64, len: u64) -> Vec<u8> {
        (pos..pos + len)
            .map(|p| self.known.base(self.build, chrom, p).unwrap_or(b'A'))
            .collect()
    }
}

/// A read pair: mate 1 at `pos1` (forward), mate 2 at `pos2` (reverse).
pub fn pair(
    name: &str,
    chrom: &str,
    (pos1, seq1): (u64, Vec<u8>),
    (pos2, seq2): (u64, Vec<u8>),
) -> [Read; 2] {
    let mut r1 = Read::single(name, chrom, pos1, seq1);
    r1.flags = 0x1 | 0x2 | 0x20 | 0x40;
    r1.mate_pos = Some(pos2);
    let mut r2 = Read::single(name, chrom, pos2, seq2);
    r2.flags = 0x1 | 0x2 | 0x10 | 0x80;
    r2.mate_pos = Some(pos1);
    [r1, r2]
}

/// Write `reads` as a coordinate-sorted, indexed BAM.
pub fn write_bam(path: &Path, contigs: &[(String, u64)], sample: &str, reads: &[Read]) -> PathBuf {
    let mut header = bam::Header::new();
    header.push_record(
        HeaderRecord::new(b"HD")
            .push_tag(b"VN", "1.6")
            .push_tag(b"SO", "coordinate"),
    );
    for (name, len) in contigs {
        header.push_record(
            HeaderRecord::new(b"SQ")
                .push_tag(b"SN", name)
                .push_tag(b"LN", len),
        );
    }
    header.push_record(
        HeaderRecord::new(b"RG")
            .push_tag(b"ID", "rg1")
            .push_tag(b"SM", sample),
    );
    let tid_of = |chrom: &str| -> i32 {
        contigs
            .iter()
            .position(|(n, _)| *n == chrom)
            .unwrap_or_else(|| panic!("contig {chrom} not in the test header")) as i32
    };
    let mut order: Vec<&Read> = reads.iter().collect();
    order.sort_by_key(|r| (tid_of(&r.chrom), r.pos, r.name.clone(), r.flags));
    {
        let mut writer = bam::Writer::from_path(path, &header, bam::Format::Bam).unwrap();
        for r in order {
            let mut record = bam::Record::new();
            let cigar = CigarString(
                r.cigar
                    .clone()
                    .unwrap_or_else(|| vec![Cigar::Match(r.seq.len() as u32)]),
            );
            let qual = vec![r.qual; r.seq.len()];
            record.set(r.name.as_bytes(), Some(&cigar), &r.seq, &qual);
            record.set_tid(tid_of(&r.chrom));
            record.set_pos(r.pos as i64 - 1);
            record.set_mapq(r.mapq);
            record.set_flags(r.flags);
            match r.mate_pos {
                Some(m) => {
                    record.set_mtid(tid_of(&r.chrom));
                    record.set_mpos(m as i64 - 1);
                    let span = (m as i64 - r.pos as i64).abs() + r.seq.len() as i64;
                    record.set_insert_size(if m >= r.pos { span } else { -span });
                }
                None => {
                    record.set_mtid(-1);
                    record.set_mpos(-1);
                }
            }
            record
                .push_aux(b"RG", bam::record::Aux::String("rg1"))
                .unwrap();
            writer.write(&record).unwrap();
        }
    }
    bam::index::build(path, None, bam::index::Type::Bai, 1).unwrap();
    path.to_path_buf()
}

/// The copy-number regions alkres counts on `build` (shipped exons).
pub fn cn_regions(build: Build) -> Vec<CnRegion> {
    let known = KnownSequence::shipped().unwrap();
    let tx = TranscriptSet::shipped(build, &known).unwrap();
    RegionSet::new(build, &tx, &GeneTable::shipped().unwrap(), None)
        .unwrap()
        .regions
}

/// Single-end reads tiling every copy-number region at `depth(gene)`x (0 = no reads).
pub fn panel_reads(
    build: Build,
    contig_prefix: &str,
    prefix: &str,
    depth: &dyn Fn(&str) -> f64,
) -> Vec<Read> {
    let bases = Bases::new(build);
    let mut reads = Vec::new();
    let mut n = 0usize;
    for region in cn_regions(build) {
        let d = depth(&region.gene);
        if d <= 0.0 {
            continue;
        }
        let step = READ_LEN as f64 / d;
        // Starts from start - len + 1 to end: every base of the region is covered d times.
        let mut x = (region.start as f64 - READ_LEN as f64 + 1.0).max(1.0);
        while x <= region.end as f64 {
            let pos = x.round() as u64;
            let chrom = format!("{contig_prefix}{}", region.chrom);
            reads.push(Read::single(
                &format!("{prefix}{n}"),
                &chrom,
                pos,
                bases.get(&region.chrom, pos, READ_LEN),
            ));
            n += 1;
            x += step;
        }
    }
    reads
}

/// Depth per gene: `default` everywhere except the listed genes.
pub fn depths(default: f64, genes: &[(&str, f64)]) -> impl Fn(&str) -> f64 {
    let map: HashMap<String, f64> = genes.iter().map(|(g, d)| (g.to_string(), *d)).collect();
    move |gene: &str| map.get(gene).copied().unwrap_or(default)
}

/// `len` reference bases from `pos` with substitutions `(position, base)` applied.
pub fn with_changes(
    bases: &Bases,
    chrom: &str,
    pos: u64,
    len: u64,
    changes: &[(u64, u8)],
) -> Vec<u8> {
    let mut seq = bases.get(chrom, pos, len);
    for &(p, b) in changes {
        if p >= pos && p < pos + len {
            seq[(p - pos) as usize] = b;
        }
    }
    seq
}
