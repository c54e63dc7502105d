//! A BGZF writer that compresses on the run's one rayon pool: no threads of its own, so a
//! run with 500 outputs creates no more threads than a run with one (issue 15).
//!
//! Data is cut into blocks of at most `BLOCK_DATA` bytes at fixed offsets, so the bytes
//! written do not depend on the thread count. Each full block is compressed by a pool job
//! while the caller goes on; finished blocks are written in order, and the caller waits
//! only when `MAX_PENDING_PER_THREAD` blocks per pool thread are in compression.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::sync::Arc;

use libdeflater::{CompressionLvl, Compressor};

use crate::io::pool_slot::PoolSlot;

/// Uncompressed bytes per block (as bgzip and noodles: fits 64 KiB even when stored).
const BLOCK_DATA: usize = 65_280;

/// The empty block that ends every BGZF file (SAM/BAM spec §4.1.2).
const EOF_BLOCK: [u8; 28] = [
    0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43, 0x02, 0x00,
    0x1b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];

pub struct PooledBgzfWriter<W: Write> {
    inner: Option<W>,
    /// The block being filled.
    current: Vec<u8>,
    /// Blocks handed to the pool, oldest first: written in this order as they finish.
    pending: VecDeque<Arc<Compressed>>,
}

/// One block's compression on the pool: the uncompressed block, then the BGZF member.
type Compressed = PoolSlot<Vec<u8>, io::Result<Vec<u8>>>;

impl<W: Write> PooledBgzfWriter<W> {
    pub fn new(inner: W) -> Self {
        PooledBgzfWriter {
            inner: Some(inner),
            current: Vec::with_capacity(BLOCK_DATA),
            pending: VecDeque::new(),
        }
    }

    fn inner(&mut self) -> io::Result<&mut W> {
        self.inner
            .as_mut()
            .ok_or_else(|| io::Error::other("BGZF writer already finished"))
    }

    /// Hand the full block to the pool, and write the blocks already compressed. The
    /// caller waits only when many are pending (issue 15: waiting for each pair of blocks
    /// queued them behind the pool's inflate jobs, and the reading thread of a whole-genome
    /// scan stood still for 10 ms of its 16 ms of writing).
    fn send_block(&mut self) -> io::Result<()> {
        let block = std::mem::replace(&mut self.current, Vec::with_capacity(BLOCK_DATA));
        let slot = Compressed::spawned(block, |block| compress_block(&block));
        self.pending.push_back(slot);
        let limit = MAX_PENDING_PER_THREAD * rayon::current_num_threads().max(1);
        while let Some(front) = self.pending.front() {
            if self.pending.len() <= limit && !front.is_done() {
                break;
            }
            self.write_front()?;
        }
        Ok(())
    }

    /// Write the oldest pending block. A writer on a pool thread (batch mode) compresses it
    /// itself if no job has started it, as the reader inflates (no waiting on a queue its
    /// own thread may be needed to serve).
    fn write_front(&mut self) -> io::Result<()> {
        let Some(front) = self.pending.pop_front() else {
            return Ok(());
        };
        let compressed = front
            .output(|block| compress_block(&block))
            .ok_or_else(|| io::Error::other("BGZF block written twice"))??;
        self.inner()?.write_all(&compressed)
    }

    /// Write what is buffered and the EOF block; hand back the inner writer.
    pub fn finish(&mut self) -> io::Result<W> {
        if !self.current.is_empty() {
            self.send_block()?;
        }
        while !self.pending.is_empty() {
            self.write_front()?;
        }
        let mut inner = self
            .inner
            .take()
            .ok_or_else(|| io::Error::other("BGZF writer already finished"))?;
        inner.write_all(&EOF_BLOCK)?;
        inner.flush()?;
        Ok(inner)
    }
}

/// Blocks in compression per pool thread before the writer waits (64 KiB each, twice).
const MAX_PENDING_PER_THREAD: usize = 4;

impl<W: Write> Write for PooledBgzfWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(BLOCK_DATA - self.current.len());
        self.current.extend_from_slice(&buf[..n]);
        if self.current.len() == BLOCK_DATA {
            self.send_block()?;
        }
        Ok(n)
    }

    /// Buffered blocks stay buffered: a BGZF block boundary is not a flush point.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One BGZF member: gzip header with the `BC` extra field, raw deflate, CRC32, length.
/// libdeflate at its default level 6 (as bgzip): about three times faster than miniz at the
/// same level, which had been a tenth of a panel VCF's run time (issue 15).
fn compress_block(data: &[u8]) -> io::Result<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compressor> =
            std::cell::RefCell::new(Compressor::new(CompressionLvl::default()));
    }
    let mut out = vec![0u8; 18];
    out[..16].copy_from_slice(&[
        0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0x06, 0x00, b'B', b'C', 0x02, 0x00,
    ]);
    let deflated = COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        out.resize(18 + c.deflate_compress_bound(data.len()), 0);
        c.deflate_compress(data, &mut out[18..])
    });
    // Incompressible data: stored deflate blocks (never over the 64 KiB block limit).
    let deflated = match deflated {
        Ok(n) if n <= MAX_DEFLATED => n,
        _ => {
            let mut stored = Compressor::new(CompressionLvl::new(0).map_err(level_error)?);
            out.resize(18 + stored.deflate_compress_bound(data.len()), 0);
            stored
                .deflate_compress(data, &mut out[18..])
                .map_err(|e| io::Error::other(format!("BGZF block: {e:?}")))?
        }
    };
    out.truncate(18 + deflated);
    let block_size = (deflated + 26 - 1) as u16;
    out[16..18].copy_from_slice(&block_size.to_le_bytes());
    out.extend_from_slice(&libdeflater::crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    Ok(out)
}

/// Largest deflate payload a BGZF block holds (64 KiB less its 26 bytes of framing).
const MAX_DEFLATED: usize = 65_536 - 26;

fn level_error(e: libdeflater::CompressionLvlError) -> io::Error {
    io::Error::other(format!("libdeflate level: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn roundtrip(data: &[u8], threads: usize) -> Vec<u8> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut w = PooledBgzfWriter::new(Vec::new());
            for chunk in data.chunks(1000) {
                w.write_all(chunk).unwrap();
            }
            w.finish().unwrap()
        })
    }

    #[test]
    fn noodles_reads_back_what_was_written_at_any_thread_count() {
        // Text-like and incompressible bytes, several blocks long.
        let mut data: Vec<u8> = (0..300_000u32)
            .flat_map(|i| format!("chr1\t{i}\t.\tA\tC\n").into_bytes())
            .collect();
        let mut x = 12345u32;
        data.extend((0..200_000).map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        }));
        let one = roundtrip(&data, 1);
        assert_eq!(one, roundtrip(&data, 3), "bytes depend on the thread count");
        assert!(one.ends_with(&EOF_BLOCK));
        let mut back = Vec::new();
        noodles_bgzf::io::Reader::new(one.as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn empty_output_is_just_the_eof_block() {
        assert_eq!(roundtrip(b"", 2), EOF_BLOCK.to_vec());
    }
}
