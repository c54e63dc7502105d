//! A lean tabix (.tbi) reader for the one question alkres asks: which BGZF chunks hold the
//! panel regions. noodles' reader materialises every bin of every contig (≈25 ms for a
//! whole-genome index, half the indexed-run budget); this one decompresses the index, notes
//! where each contig's bins start, and reads only the bins a query needs. CSI indexes still
//! go through noodles.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// Where one contig's bins and linear index start in the decompressed index.
#[derive(Debug, Clone, Copy)]
struct ContigIndex {
    bins_at: usize,
    linear_at: usize,
    n_intv: usize,
}

#[derive(Debug)]
pub struct TabixIndex {
    pub names: Vec<String>,
    bytes: Vec<u8>,
    contigs: HashMap<usize, ContigIndex>,
}

const MIN_SHIFT: u32 = 14;

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let slice = self.bytes.get(self.at..self.at + n)?;
        self.at += n;
        Some(slice)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap()))
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap()))
    }
    fn skip(&mut self, n: usize) -> Option<()> {
        self.take(n).map(|_| ())
    }
}

impl TabixIndex {
    /// Read and check `path`; only the layout is recorded, bins are read at query time.
    pub fn read(path: &Path) -> Result<Self> {
        let label = path.display().to_string();
        let mut bytes = Vec::new();
        let file =
            std::fs::File::open(path).map_err(|e| Error::bad_input(&label, e.to_string()))?;
        noodles::bgzf::io::Reader::new(file)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::bad_input(&label, format!("invalid tabix index: {e}")))?;
        Self::parse(bytes)
            .ok_or_else(|| Error::bad_input(&label, "invalid tabix index: truncated or not TBI"))
    }

    fn parse(bytes: Vec<u8>) -> Option<Self> {
        let mut c = Cursor {
            bytes: &bytes,
            at: 0,
        };
        if c.take(4)? != b"TBI\x01" {
            return None;
        }
        let n_ref = c.u32()? as usize;
        c.skip(6 * 4)?; // format, col_seq, col_beg, col_end, meta, skip
        let l_nm = c.u32()? as usize;
        let names: Vec<String> = c
            .take(l_nm)?
            .split(|&b| b == 0)
            .filter(|n| !n.is_empty())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        let mut contigs = HashMap::new();
        for id in 0..n_ref {
            let bins_at = c.at;
            let n_bin = c.u32()?;
            for _ in 0..n_bin {
                c.skip(4)?;
                let n_chunk = c.u32()? as usize;
                c.skip(16 * n_chunk)?;
            }
            let n_intv = c.u32()? as usize;
            let linear_at = c.at;
            c.skip(8 * n_intv)?;
            contigs.insert(
                id,
                ContigIndex {
                    bins_at,
                    linear_at,
                    n_intv,
                },
            );
        }
        Some(TabixIndex {
            names,
            bytes,
            contigs,
        })
    }

    /// BGZF virtual-offset chunks that may hold records overlapping `start..=end` (1-based)
    /// on contig `id`, merged and sorted.
    pub fn chunks(&self, id: usize, start: u64, end: u64) -> Vec<(u64, u64)> {
        let Some(contig) = self.contigs.get(&id).copied() else {
            return Vec::new();
        };
        let (beg, end) = (start.saturating_sub(1), end); // 0-based half-open
        let window = (beg >> MIN_SHIFT) as usize;
        let min_offset = if window < contig.n_intv {
            let mut c = Cursor {
                bytes: &self.bytes,
                at: contig.linear_at + 8 * window,
            };
            c.u64().unwrap_or(0)
        } else {
            0
        };
        let wanted: Vec<u32> = region_bins(beg, end).collect();
        let mut chunks = Vec::new();
        let mut c = Cursor {
            bytes: &self.bytes,
            at: contig.bins_at,
        };
        let n_bin = c.u32().unwrap_or(0);
        for _ in 0..n_bin {
            let (Some(bin), Some(n_chunk)) = (c.u32(), c.u32()) else {
                break;
            };
            if wanted.contains(&bin) {
                for _ in 0..n_chunk {
                    if let (Some(s), Some(e)) = (c.u64(), c.u64()) {
                        if e > min_offset {
                            chunks.push((s, e));
                        }
                    }
                }
            } else if c.skip(16 * n_chunk as usize).is_none() {
                break;
            }
        }
        chunks.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(chunks.len());
        for (s, e) in chunks {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }
}

/// The UCSC binning scheme's bins overlapping `beg..end` (0-based, half-open), as in the
/// SAM/tabix specification's `reg2bins`.
fn region_bins(beg: u64, end: u64) -> impl Iterator<Item = u32> {
    let end = end.max(beg + 1) - 1;
    [
        (0u32, 29u32),
        (1, 26),
        (9, 23),
        (73, 20),
        (585, 17),
        (4681, 14),
    ]
    .into_iter()
    .flat_map(move |(offset, shift)| {
        (offset + (beg >> shift) as u32)..=(offset + (end >> shift) as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lean reader finds the same records as noodles' full index for any region.
    #[test]
    fn agrees_with_noodles_on_a_many_block_file() {
        use noodles::csi::BinningIndex;
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let vcf = dir.path().join("x.vcf.gz");
        let mut text = String::from("##fileformat=VCFv4.2\n##contig=<ID=chr2,length=242193529>\n##contig=<ID=chr7,length=159345973>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        for chrom in ["chr2", "chr7"] {
            for i in 0..30_000u64 {
                text.push_str(&format!(
                    "{chrom}\t{}\t.\tA\tC\t.\tPASS\tDP={i}\n",
                    1 + i * 977
                ));
            }
        }
        let mut writer = noodles::bgzf::io::Writer::new(std::fs::File::create(&vcf).unwrap());
        writer.write_all(text.as_bytes()).unwrap();
        writer.finish().unwrap();
        let noodles::vcf::Index::Tabix(full) = noodles::vcf::fs::index(&vcf).unwrap() else {
            panic!("tabix expected");
        };
        let tbi = dir.path().join("x.vcf.gz.tbi");
        noodles::tabix::fs::write(&tbi, &full).unwrap();
        let lean = TabixIndex::read(&tbi).unwrap();
        assert_eq!(lean.names, vec!["chr2", "chr7"]);
        for (id, start, end) in [
            (0usize, 1u64, 10_000u64),
            (0, 5_000_000, 5_900_000),
            (1, 29_000_000, 29_300_000),
            (1, 1, 1),
        ] {
            let interval = noodles::core::region::Interval::from(
                noodles::core::Position::try_from(start as usize).unwrap()
                    ..=noodles::core::Position::try_from(end as usize).unwrap(),
            );
            let expected: Vec<(u64, u64)> =
                noodles::csi::binning_index::merge_chunks(&full.query(id, interval).unwrap())
                    .iter()
                    .map(|c| (u64::from(c.start()), u64::from(c.end())))
                    .collect();
            assert_eq!(lean.chunks(id, start, end), expected, "{id}:{start}-{end}");
        }
    }

    #[test]
    fn bins_follow_the_specification() {
        let bins: Vec<u32> = region_bins(0, 1).collect();
        assert_eq!(bins, vec![0, 1, 9, 73, 585, 4681]);
        // 16 kb windows: a region crossing one boundary touches two level-5 bins
        let bins: Vec<u32> = region_bins(16_383, 16_385).collect();
        assert!(bins.contains(&4681) && bins.contains(&4682));
    }
}
