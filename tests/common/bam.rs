//! Test alignments written at test time with rust-htslib's `bam::Writer`: reads at real
//! GRCh37/GRCh38 coordinates, split across a fusion junction (primary + supplementary with
//! SA tags), discordant mates, clipped reads, spliced (RNA) reads and wild-type reads.
//!
//! A junction joins two breakends `a` (the ALK side) and `b` (the partner). Each keeps one
//! side of its position (`keep_left`: the bases up to `pos`). Reads are laid along the fusion
//! molecule: a piece next to the junction on the kept side, spliced through `exons` when the
//! breakend is an exon boundary of a transcript (RNA).
//!
//! Aligned bases are the simulated genome's ([`ref_base`]: a fixed pseudo-random base per
//! position), so a read crossing a junction carries the other side's bases in its clip.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use alkres::genome::Build;
use rust_htslib::bam::{self, header::HeaderRecord, Format, Header, HeaderView, Record};

pub const READ_LEN: u64 = 100;

/// One side of a junction.
#[derive(Debug, Clone)]
pub struct End {
    /// Chromosome without `chr` (`"2"`).
    pub chrom: &'static str,
    pub pos: u64,
    pub keep_left: bool,
    /// Transcribed exons (start, end) for RNA reads; empty for DNA (contiguous genome).
    pub exons: Vec<(u64, u64)>,
}

impl End {
    pub fn dna(chrom: &'static str, pos: u64, keep_left: bool) -> Self {
        End {
            chrom,
            pos,
            keep_left,
            exons: Vec::new(),
        }
    }

    pub fn rna(chrom: &'static str, pos: u64, keep_left: bool, exons: &[(u64, u64)]) -> Self {
        let mut exons = exons.to_vec();
        exons.sort_unstable();
        End {
            chrom,
            pos,
            keep_left,
            exons,
        }
    }

    /// Genomic blocks (ascending) of `len` molecule bases starting `offset` bases away from
    /// the junction on the kept side, spliced through the exons when there are any.
    fn walk(&self, offset: u64, len: u64) -> Vec<(u64, u64)> {
        // Positions on the kept side, nearest the junction first.
        let mut positions = Vec::with_capacity((offset + len) as usize);
        let mut p = self.pos;
        while positions.len() < (offset + len) as usize {
            let in_exon =
                self.exons.is_empty() || self.exons.iter().any(|&(s, e)| s <= p && p <= e);
            if in_exon {
                positions.push(p);
            }
            p = if self.keep_left { p - 1 } else { p + 1 };
        }
        let mut chosen: Vec<u64> = positions[offset as usize..].to_vec();
        chosen.sort_unstable();
        let mut blocks: Vec<(u64, u64)> = Vec::new();
        for q in chosen {
            match blocks.last_mut() {
                Some(b) if b.1 + 1 == q => b.1 = q,
                _ => blocks.push((q, q)),
            }
        }
        blocks
    }
}

#[derive(Debug, Clone)]
pub struct Junction {
    pub a: End,
    pub b: End,
}

/// Read quality/flags for a batch of reads (for filter tests).
#[derive(Debug, Clone, Copy)]
pub struct Tweak {
    pub mapq: u8,
    pub extra_flags: u16,
}

impl Default for Tweak {
    fn default() -> Self {
        Tweak {
            mapq: 60,
            extra_flags: 0,
        }
    }
}

struct Line {
    tid: usize,
    pos: u64,
    name: String,
    text: String,
}

/// A read's alignment before it becomes a SAM line.
struct Aln {
    chrom: &'static str,
    blocks: Vec<(u64, u64)>,
    reverse: bool,
    /// Clip length and whether it is on the left (in reference orientation).
    clip: Option<(u64, bool)>,
}

impl Aln {
    fn start(&self) -> u64 {
        self.blocks[0].0
    }

    fn cigar(&self, hard: bool) -> String {
        let clip_op = if hard { 'H' } else { 'S' };
        let mut c = String::new();
        if let Some((n, true)) = self.clip {
            c.push_str(&format!("{n}{clip_op}"));
        }
        for (i, (s, e)) in self.blocks.iter().enumerate() {
            if i > 0 {
                c.push_str(&format!("{}N", s - self.blocks[i - 1].1 - 1));
            }
            c.push_str(&format!("{}M", e - s + 1));
        }
        if let Some((n, false)) = self.clip {
            c.push_str(&format!("{n}{clip_op}"));
        }
        c
    }

    fn strand(&self) -> char {
        if self.reverse {
            '-'
        } else {
            '+'
        }
    }
}

pub struct SimBam {
    pub build: Build,
    pub chr_prefix: bool,
    pub sample: String,
    contigs: Vec<(String, u64)>,
    lines: Vec<Line>,
    counter: usize,
    seed: u64,
    /// Flag of a split read's second piece: 0x800 (supplementary), or 0x100 as `bwa mem -M`
    /// writes it.
    pub split_piece_flag: u16,
    /// MAPQ of split reads' ALK-side (`a`) piece when not the batch's (a paralog has its
    /// bases: the aligner cannot place it uniquely).
    pub a_piece_mapq: Option<u8>,
}

/// The simulated genome: a fixed pseudo-random base per position (`chrom` without `chr`).
pub fn ref_base(chrom: &str, pos: u64) -> char {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in chrom.bytes().chain(pos.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 32;
    b"ACGT"[(h % 4) as usize] as char
}

/// The genome's plus-strand bases over `blocks`.
fn ref_seq(chrom: &str, blocks: &[(u64, u64)]) -> String {
    blocks
        .iter()
        .flat_map(|&(s, e)| (s..=e).map(move |p| ref_base(chrom, p)))
        .collect()
}

/// `len` molecule bases arriving at `end`'s junction from its kept side, in molecule order.
fn approach(end: &End, len: u64) -> String {
    let s = ref_seq(end.chrom, &end.walk(0, len));
    if end.keep_left {
        s
    } else {
        revcomp(&s)
    }
}

/// `len` molecule bases leaving `end`'s junction into its kept side, in molecule order.
fn depart(end: &End, len: u64) -> String {
    let s = ref_seq(end.chrom, &end.walk(0, len));
    if end.keep_left {
        revcomp(&s)
    } else {
        s
    }
}

fn revcomp(s: &str) -> String {
    String::from_utf8(alkres::transcript::codon::reverse_complement(s.as_bytes())).unwrap()
}

impl SimBam {
    pub fn new(build: Build, sample: &str) -> Self {
        let table = build.contig_lengths();
        SimBam {
            build,
            chr_prefix: build == Build::GRCh38,
            sample: sample.to_string(),
            contigs: table.iter().map(|(n, l)| (n.to_string(), *l)).collect(),
            lines: Vec::new(),
            counter: 0,
            seed: 0x2545_f491_4f6c_dd1d,
            split_piece_flag: 0x800,
            a_piece_mapq: None,
        }
    }

    /// Replace the header contigs (e.g. a shortened chr2 for a small CRAM reference).
    pub fn with_contigs(mut self, contigs: &[(&str, u64)]) -> Self {
        self.contigs = contigs.iter().map(|(n, l)| (n.to_string(), *l)).collect();
        self
    }

    pub fn chrom_name(&self, bare: &str) -> String {
        if self.chr_prefix {
            format!("chr{bare}")
        } else {
            bare.to_string()
        }
    }

    fn tid(&self, bare: &str) -> usize {
        self.contigs
            .iter()
            .position(|(n, _)| n == bare)
            .unwrap_or_else(|| panic!("no contig {bare}"))
    }

    fn name(&mut self, kind: &str) -> String {
        self.counter += 1;
        format!("{kind}:{}", self.counter)
    }

    fn random_seq(&mut self, len: u64) -> String {
        (0..len)
            .map(|_| {
                self.seed ^= self.seed << 13;
                self.seed ^= self.seed >> 7;
                self.seed ^= self.seed << 17;
                b"ACGT"[(self.seed >> 33) as usize % 4] as char
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        name: &str,
        flags: u16,
        aln: &Aln,
        mapq: u8,
        mate: Option<&Aln>,
        seq: &str,
        hard: bool,
        tags: &[String],
    ) {
        let (rnext, pnext) = match mate {
            Some(m) if m.chrom == aln.chrom => ("=".to_string(), m.start()),
            Some(m) => (self.chrom_name(m.chrom), m.start()),
            None => ("*".to_string(), 0),
        };
        let qual: String = "I".repeat(seq.len());
        let mut text = format!(
            "{name}\t{flags}\t{}\t{}\t{mapq}\t{}\t{rnext}\t{pnext}\t0\t{seq}\t{qual}\tRG:Z:rg1",
            self.chrom_name(aln.chrom),
            aln.start(),
            aln.cigar(hard)
        );
        if let Some(m) = mate {
            text.push_str(&format!("\tMC:Z:{}\tMQ:i:{mapq}", m.cigar(false)));
        }
        for t in tags {
            text.push('\t');
            text.push_str(t);
        }
        self.lines.push(Line {
            tid: self.tid(aln.chrom),
            pos: aln.start(),
            name: name.to_string(),
            text,
        });
    }

    /// A read of `READ_LEN` on the kept side of `end`, `offset` bases from the junction,
    /// pointing at it.
    fn toward(end: &End, offset: u64) -> Aln {
        Aln {
            chrom: end.chrom,
            blocks: end.walk(offset, READ_LEN),
            reverse: !end.keep_left,
            clip: None,
        }
    }

    fn mate_flags(first: bool, me: &Aln, mate: &Aln) -> u16 {
        let mut f = 0x1 | if first { 0x40 } else { 0x80 };
        if me.reverse {
            f |= 0x10;
        }
        if mate.reverse {
            f |= 0x20;
        }
        f
    }

    /// `n` read pairs whose first read is split across the junction (primary alignment on the
    /// ALK side for even reads, on the partner side for odd ones; the other piece is a
    /// hard-clipped supplementary alignment; both carry SA). The mate lies on the partner side.
    pub fn split_reads(&mut self, j: &Junction, n: usize, tweak: Tweak) {
        for i in 0..n {
            let la = 35 + (i as u64 * 7) % 30;
            let lb = READ_LEN - la;
            let name = self.name("split");
            let read = approach(&j.a, la) + &depart(&j.b, lb);
            // The read runs a-piece → junction → b-piece.
            let x = Aln {
                chrom: j.a.chrom,
                blocks: j.a.walk(0, la),
                reverse: !j.a.keep_left,
                clip: Some((lb, !j.a.keep_left)),
            };
            let y = Aln {
                chrom: j.b.chrom,
                blocks: j.b.walk(0, lb),
                reverse: j.b.keep_left,
                clip: Some((la, !j.b.keep_left)),
            };
            let mate = Self::toward(&j.b, 150);
            let x_mapq = self.a_piece_mapq.unwrap_or(tweak.mapq);
            let sa = |p: &Aln, mapq: u8| {
                format!(
                    "SA:Z:{},{},{},{},{mapq},0;",
                    self.chrom_name(p.chrom),
                    p.start(),
                    p.strand(),
                    p.cigar(false)
                )
            };
            let (sa_x, sa_y) = (sa(&y, 60), sa(&x, x_mapq));
            let oriented = |a: &Aln| {
                if a.reverse {
                    revcomp(&read)
                } else {
                    read.clone()
                }
            };
            let aligned_part = |a: &Aln| {
                let full = oriented(a);
                match a.clip {
                    Some((c, true)) => full[c as usize..].to_string(),
                    Some((c, false)) => full[..full.len() - c as usize].to_string(),
                    None => full,
                }
            };
            let primary_on_a = i % 2 == 0;
            let (primary, supp, sa_p, sa_s) = if primary_on_a {
                (&x, &y, &sa_x, &sa_y)
            } else {
                (&y, &x, &sa_y, &sa_x)
            };
            let (p_mapq, s_mapq) = if primary_on_a {
                (x_mapq, tweak.mapq)
            } else {
                (tweak.mapq, x_mapq)
            };
            let f = Self::mate_flags(true, primary, &mate) | tweak.extra_flags;
            self.push(
                &name,
                f,
                primary,
                p_mapq,
                Some(&mate),
                &oriented(primary),
                false,
                std::slice::from_ref(sa_p),
            );
            let f = Self::mate_flags(true, supp, &mate) | self.split_piece_flag | tweak.extra_flags;
            self.push(
                &name,
                f,
                supp,
                s_mapq,
                Some(&mate),
                &aligned_part(supp),
                true,
                std::slice::from_ref(sa_s),
            );
            let f = Self::mate_flags(false, &mate, primary) | tweak.extra_flags;
            let seq = ref_seq(mate.chrom, &mate.blocks);
            self.push(&name, f, &mate, tweak.mapq, Some(primary), &seq, false, &[]);
        }
    }

    /// `n` pairs with one read on each side of the junction, both pointing at it.
    pub fn discordant_pairs(&mut self, j: &Junction, n: usize, tweak: Tweak) {
        for i in 0..n {
            let name = self.name("pair");
            let r1 = Self::toward(&j.a, 20 + (i as u64 * 37) % 150);
            let r2 = Self::toward(&j.b, 30 + (i as u64 * 53) % 150);
            let (s1, s2) = (ref_seq(r1.chrom, &r1.blocks), ref_seq(r2.chrom, &r2.blocks));
            let f = Self::mate_flags(true, &r1, &r2) | tweak.extra_flags;
            self.push(&name, f, &r1, tweak.mapq, Some(&r2), &s1, false, &[]);
            let f = Self::mate_flags(false, &r2, &r1) | tweak.extra_flags;
            self.push(&name, f, &r2, tweak.mapq, Some(&r1), &s2, false, &[]);
        }
    }

    /// `n` reads ending at the junction on the side of `end` with a 15-24 base soft clip (too
    /// short for a supplementary alignment) of bases that are not the partner's (adapter
    /// read-through, a low-quality tail); their mates lie further inside the same side.
    pub fn clipped_reads(&mut self, end: &End, n: usize) {
        for i in 0..n {
            let clip = 15 + i as u64 % 10;
            let junk = self.random_seq(clip);
            self.push_clipped(end, clip, &junk);
        }
    }

    /// `n` reads crossing the junction with 16-25 bases on the far side, soft-clipped (too
    /// short for a supplementary alignment): their clips are the other side's bases. On the
    /// ALK side (`a`) when `on_a`, else on the partner side.
    pub fn junction_clipped_reads(&mut self, j: &Junction, on_a: bool, n: usize) {
        let (end, other) = if on_a { (&j.a, &j.b) } else { (&j.b, &j.a) };
        for i in 0..n {
            let clip = 16 + i as u64 % 10;
            let bases = depart(other, clip);
            self.push_clipped(end, clip, &bases);
        }
    }

    /// A pair whose first read ends at `end`'s junction and then shows `clip_bases` (molecule
    /// order) soft-clipped.
    fn push_clipped(&mut self, end: &End, clip: u64, clip_bases: &str) {
        let name = self.name("clip");
        let r1 = Aln {
            chrom: end.chrom,
            blocks: end.walk(0, READ_LEN - clip),
            reverse: !end.keep_left,
            clip: Some((clip, !end.keep_left)),
        };
        let mut r2 = Self::toward(end, 250);
        r2.reverse = !r1.reverse;
        let molecule = approach(end, READ_LEN - clip) + clip_bases;
        let s1 = if r1.reverse {
            revcomp(&molecule)
        } else {
            molecule
        };
        let s2 = ref_seq(r2.chrom, &r2.blocks);
        self.push(
            &name,
            Self::mate_flags(true, &r1, &r2),
            &r1,
            60,
            Some(&r2),
            &s1,
            false,
            &[],
        );
        self.push(
            &name,
            Self::mate_flags(false, &r2, &r1),
            &r2,
            60,
            Some(&r1),
            &s2,
            false,
            &[],
        );
    }

    /// `n` proper pairs whose first read covers `blocks` (wild-type molecule: contiguous for
    /// DNA, exon-to-exon for RNA); the mate lies 300 bases to the right.
    pub fn wild_type(&mut self, chrom: &'static str, blocks: &[(u64, u64)], n: usize) {
        for _ in 0..n {
            let name = self.name("wt");
            let r1 = Aln {
                chrom,
                blocks: blocks.to_vec(),
                reverse: false,
                clip: None,
            };
            let last = blocks.last().map_or(0, |b| b.1);
            let r2 = Aln {
                chrom,
                blocks: vec![(last + 300, last + 300 + READ_LEN - 1)],
                reverse: true,
                clip: None,
            };
            let (s1, s2) = (ref_seq(chrom, &r1.blocks), ref_seq(chrom, &r2.blocks));
            self.push_proper_pair(&name, (&r1, &s1), (&r2, &s2));
        }
    }

    /// Both reads of a proper pair (MAPQ 60), each with its sequence.
    fn push_proper_pair(&mut self, name: &str, first: (&Aln, &str), second: (&Aln, &str)) {
        let ((r1, s1), (r2, s2)) = (first, second);
        self.push(
            name,
            Self::mate_flags(true, r1, r2) | 0x2,
            r1,
            60,
            Some(r2),
            s1,
            false,
            &[],
        );
        self.push(
            name,
            Self::mate_flags(false, r2, r1) | 0x2,
            r2,
            60,
            Some(r1),
            s2,
            false,
            &[],
        );
    }

    /// Proper pairs tiling `start..=end` every `step` bases, with the reference bases the
    /// project ships where it knows them (random elsewhere), so that BAM genotyping of the
    /// KB hotspots sees wild type. Both reads of a pair cover the same bases.
    pub fn tile_reference(
        &mut self,
        chrom: &'static str,
        start: u64,
        end: u64,
        step: u64,
        known: &alkres::genome::KnownSequence,
    ) {
        let mut p = start;
        while p <= end {
            let name = self.name("tile");
            let r1 = Aln {
                chrom,
                blocks: vec![(p, p + READ_LEN - 1)],
                reverse: false,
                clip: None,
            };
            // The mate covers the same bases (reverse strand): coverage stays uniform.
            let r2 = Aln {
                chrom,
                blocks: vec![(p, p + READ_LEN - 1)],
                reverse: true,
                clip: None,
            };
            let seq = |from: u64, this: &mut Self| -> String {
                let random = this.random_seq(READ_LEN);
                (0..READ_LEN)
                    .zip(random.chars())
                    .map(|(i, r)| {
                        known
                            .base(this.build, chrom, from + i)
                            .map_or(r, char::from)
                    })
                    .collect()
            };
            let s1 = seq(p, self);
            let s2 = s1.clone();
            self.push_proper_pair(&name, (&r1, &s1), (&r2, &s2));
            p += step;
        }
    }

    /// `n` proper pairs spread over `start..end`, none within `avoid` (a range no read may touch).
    pub fn background(
        &mut self,
        chrom: &'static str,
        start: u64,
        end: u64,
        n: usize,
        avoid: (u64, u64),
    ) {
        let mut placed = 0;
        let mut k = 0u64;
        while placed < n {
            k += 1;
            let p = start + (k * 7919) % (end - start);
            let (s1, e2) = (p, p + 300 + READ_LEN - 1);
            if e2 >= avoid.0 && s1 <= avoid.1 {
                continue;
            }
            self.wild_type(chrom, &[(p, p + READ_LEN - 1)], 1);
            placed += 1;
        }
    }

    /// Write the alignments (coordinate-sorted) and their index; CRAM needs `reference`.
    pub fn write(&self, path: &Path, reference: Option<&Path>) -> PathBuf {
        let mut header = Header::new();
        header.push_record(
            HeaderRecord::new(b"HD")
                .push_tag(b"VN", "1.6")
                .push_tag(b"SO", "coordinate"),
        );
        for (name, len) in &self.contigs {
            let mut sq = HeaderRecord::new(b"SQ");
            sq.push_tag(b"SN", self.chrom_name(name))
                .push_tag(b"LN", len);
            if let Some(fasta) = reference {
                // htslib finds the CRAM reference through UR while writing the header.
                sq.push_tag(b"UR", format!("file://{}", fasta.display()));
            }
            header.push_record(&sq);
        }
        header.push_record(
            HeaderRecord::new(b"RG")
                .push_tag(b"ID", "rg1")
                .push_tag(b"SM", &self.sample),
        );
        header.push_record(
            HeaderRecord::new(b"PG")
                .push_tag(b"ID", "alkres-test-sim")
                .push_tag(b"PN", "tests/common/bam.rs"),
        );
        let view = HeaderView::from_header(&header);
        let format = if reference.is_some() {
            Format::Cram
        } else {
            Format::Bam
        };
        {
            let mut writer =
                bam::Writer::from_path(path, &header, format).expect("create alignment file");
            if let Some(fasta) = reference {
                writer.set_reference(fasta).expect("set CRAM reference");
            }
            let mut order: Vec<&Line> = self.lines.iter().collect();
            order.sort_by(|a, b| {
                (a.tid, a.pos, &a.name, &a.text).cmp(&(b.tid, b.pos, &b.name, &b.text))
            });
            for line in order {
                let record = Record::from_sam(&view, line.text.as_bytes())
                    .unwrap_or_else(|e| panic!("bad SAM line {}: {e}", line.text));
                writer.write(&record).expect("write record");
            }
        }
        bam::index::build(path, None, bam::index::Type::Bai, 1).expect("index");
        path.to_path_buf()
    }

    pub fn records(&self) -> usize {
        self.lines.len()
    }
}
