//! A BGZF reader that inflates on the run's one rayon pool (issue 15): no threads of its own.
//!
//! The reading thread cuts the compressed stream into BGZF blocks (cheap: a header and a
//! length) and hands each to the pool; blocks come back in file order, so the bytes read do
//! not depend on the thread count. Up to `READ_AHEAD_PER_THREAD` blocks per pool thread are
//! in flight (memory does not grow with the file).
//!
//! Who inflates: a reader on a thread outside the pool (the main thread of `annotate`) only
//! waits, and never inflates a block itself: its own work (finding line ends, skipping
//! records outside the panel, annotating the rest) is the run's one serial path, and a block
//! it took from the pool made that path longer while a pool thread sat idle (issue 15: at
//! `-t 2` the main thread did 40% of the inflating and 72% of all the work). A reader on a
//! pool thread (batch mode: each pool thread reads its own sample) inflates a block no
//! thread has started yet itself, so it never waits on a queue nobody serves (no deadlock
//! when its siblings are all busy).

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;

use super::block_lines::{scan_block, BlockLines, BlockScan};
use super::mapped_file::MappedWindows;
use super::pool_slot::PoolSlot;

/// Blocks read ahead per pool thread: enough to keep every thread busy while the reader
/// parses, and through the reader's scheduling delays on a loaded machine (about 20-64 KiB
/// compressed + 64 KiB inflated each: about 1 MiB per thread).
const READ_AHEAD_PER_THREAD: usize = 32;

/// How much further ahead blocks are read before the scan is set (while the run starts).
const STARTUP_READ_AHEAD_FACTOR: usize = 4;

/// How much further ahead blocks are read while the reader is in a block dense with kept
/// lines, checked every `KEPT_LINES_PER_TOP_UP` of them (issue 15: ALK's 940 records of a
/// whole genome lie in one or two blocks, and the pool had idled while they were annotated).
const DENSE_READ_AHEAD_FACTOR: usize = 2;
const KEPT_LINES_PER_TOP_UP: usize = 32;

/// Largest inflated block (SAM/BAM spec §4.1: ISIZE ≤ 65,536).
const MAX_BLOCK_DATA: usize = 65_536;

pub struct PooledBgzfReader<R: Read> {
    input: FrameCutter<R>,
    ahead: VecDeque<Arc<Slot>>,
    depth: usize,
    /// The block being read and the position in it.
    current: Vec<u8>,
    pos: usize,
    /// Inflated blocks already read, reused as buffers (no zeroing of 64 KiB per block).
    spare: Vec<Vec<u8>>,
    /// Compressed offset of the next block to read, for messages.
    offset: u64,
    end_of_input: bool,
    /// Run on each block in the job that inflates it, once [`Self::set_scan`] has set it:
    /// shared with the jobs already queued, so blocks read ahead with the header are sorted
    /// on the pool too when their job starts after it is set.
    scan: Arc<OnceLock<Arc<dyn BlockScan>>>,
    /// The current block's lines, when its job sorted them.
    current_lines: Option<BlockLines>,
    /// Where [`Self::next_kept_line`] is in the current block.
    cursor: Option<Cursor>,
    /// Lines the pool jobs' filter skipped in blocks already read.
    skipped_in_pool: u64,
    /// Blocks the reader inflated itself.
    #[cfg(test)]
    inflated_here: usize,
}

/// One block on its way through the pool: compressed, then inflated.
type Slot = PoolSlot<Block, io::Result<Inflated>>;

/// An inflated block and, when the job ran a [`BlockScan`], its lines.
type Inflated = (Vec<u8>, Option<BlockLines>);

/// The reader's place in the lines of the current block.
struct Cursor {
    lines: BlockLines,
    /// Offset in the block the offsets of `lines` start from.
    from: usize,
    /// Whether the block's first line (the end of the carried one) was handled.
    first_done: bool,
    next_kept: usize,
    /// Line number of the block's first line end.
    base: u64,
}

struct Block {
    frame: Bytes,
    offset: u64,
    /// Where it is inflated to.
    out: Vec<u8>,
}

impl<R: Read> PooledBgzfReader<R> {
    /// Inflate `inner` on the current rayon pool (the global one outside a pool).
    pub fn new(inner: R) -> Self {
        PooledBgzfReader {
            input: FrameCutter::new(inner),
            ahead: VecDeque::new(),
            depth: READ_AHEAD_PER_THREAD * rayon::current_num_threads().max(1),
            current: Vec::new(),
            pos: 0,
            spare: Vec::new(),
            offset: 0,
            end_of_input: false,
            scan: Arc::new(OnceLock::new()),
            current_lines: None,
            cursor: None,
            skipped_in_pool: 0,
            #[cfg(test)]
            inflated_here: 0,
        }
    }

    /// Read the compressed input from `windows` (the same file mapped) rather than from
    /// `inner`, which is then never read.
    pub fn mapped(mut self, windows: MappedWindows) -> Self {
        self.input.windows = Some(windows);
        self
    }

    /// Read compressed blocks until `depth` are in flight (or the input ends).
    fn read_ahead(&mut self) -> io::Result<()> {
        // Until the scan is set the run is starting up on the reading thread, which reads
        // no block meanwhile: read further ahead, so that the pool is not left idle.
        let depth = if self.scan.get().is_some() {
            self.depth
        } else {
            STARTUP_READ_AHEAD_FACTOR * self.depth
        };
        self.read_ahead_to(depth)
    }

    fn read_ahead_to(&mut self, depth: usize) -> io::Result<()> {
        while !self.end_of_input && self.ahead.len() < depth {
            let Some(frame) = self.input.next_frame(self.offset)? else {
                self.end_of_input = true;
                break;
            };
            let block = Block {
                offset: self.offset,
                frame,
                out: self.spare.pop().unwrap_or_default(),
            };
            self.offset += block.frame.len() as u64;
            let scan = Arc::clone(&self.scan);
            self.ahead.push_back(Slot::spawned(block, move |block| {
                inflate(block).map(|data| {
                    let lines = scan.get().map(|scan| scan.scan(&data));
                    (data, lines)
                })
            }));
        }
        Ok(())
    }

    /// Make the next non-empty block current. `false` at the end of the input.
    fn next_block(&mut self) -> io::Result<bool> {
        loop {
            self.read_ahead()?;
            let Some(slot) = self.ahead.pop_front() else {
                return Ok(false);
            };
            // Inflated here only by a reader on a pool thread, left unsorted (the reader
            // sorts what no job did).
            let (next, lines) = slot
                .output(|block| {
                    #[cfg(test)]
                    {
                        self.inflated_here += 1;
                    }
                    inflate(block).map(|data| (data, None))
                })
                .ok_or_else(|| io::Error::other("BGZF block read twice"))??;
            self.current_lines = lines;
            let done = std::mem::replace(&mut self.current, next);
            if self.spare.len() < self.depth {
                self.spare.push(done);
            }
            self.pos = 0;
            if !self.current.is_empty() {
                return Ok(true);
            }
        }
    }
}

impl<R: Read> PooledBgzfReader<R> {
    /// Sort each block's lines with `scan` in the job that inflates it, from the next job
    /// to start on; blocks already inflated are sorted by jobs of their own (those still
    /// being inflated as it is set, by [`Self::next_kept_line`]). Set once: `false` if a
    /// scan was set already (and is kept).
    ///
    /// The blocks read ahead with the header are inflated while the run starts up (the
    /// knowledge base, transcripts): sorted on the reading thread, one after the other,
    /// they had kept the pool idle (issue 15).
    pub fn set_scan(&mut self, scan: Arc<dyn BlockScan>) -> bool {
        if self.scan.set(Arc::clone(&scan)).is_err() {
            return false;
        }
        for slot in &self.ahead {
            let scan = Arc::clone(&scan);
            slot.rework(move |output| {
                output.map(|(data, lines)| {
                    let lines = lines.or_else(|| Some(scan.scan(&data)));
                    (data, lines)
                })
            });
        }
        true
    }

    /// Lines the pool jobs' [`BlockScan`] skipped in the blocks read so far: those never
    /// reach `skip` in [`Self::next_kept_line`].
    pub fn skipped_in_pool(&self) -> u64 {
        self.skipped_in_pool
    }

    /// The next line (no newline) neither the block's [`BlockScan`] nor `skip` took, as
    /// `VcfInput::next_kept_line` returns it: every line end counts toward `line_number`,
    /// empty lines are passed over, `\r` before the newline is trimmed, the last line
    /// may lack its newline. `skip` sees the lines of blocks no job sorted and the lines
    /// cut by block edges. `false` at the end of the input.
    pub fn next_kept_line(
        &mut self,
        line: &mut Vec<u8>,
        line_number: &mut u64,
        skip: &mut impl FnMut(&[u8]) -> bool,
    ) -> io::Result<bool> {
        line.clear();
        loop {
            let Some(cursor) = self.cursor.as_mut() else {
                if self.pos >= self.current.len() && !self.next_block()? {
                    // The input ended: a last line without its newline.
                    if line.is_empty() {
                        return Ok(false);
                    }
                    *line_number += 1;
                    while matches!(line.last(), Some(b'\n' | b'\r')) {
                        line.pop();
                    }
                    if line.is_empty() || skip(line) {
                        line.clear();
                        return Ok(false);
                    }
                    return Ok(true);
                }
                let from = self.pos;
                let lines = match self.current_lines.take() {
                    Some(lines) if from == 0 => {
                        self.skipped_in_pool += lines.skipped;
                        lines
                    }
                    // Inflated before `set_scan`, by this thread, or partly read.
                    _ => scan_block(&self.current[from..], skip),
                };
                self.cursor = Some(Cursor {
                    lines,
                    from,
                    first_done: false,
                    next_kept: 0,
                    base: 0,
                });
                continue;
            };
            let data = &self.current[cursor.from..];
            if !cursor.first_done {
                cursor.first_done = true;
                let Some(first) = cursor.lines.first_newline else {
                    line.extend_from_slice(data);
                    self.pos = self.current.len();
                    self.cursor = None;
                    continue;
                };
                line.extend_from_slice(&data[..first]);
                *line_number += 1;
                cursor.base = *line_number;
                while matches!(line.last(), Some(b'\r')) {
                    line.pop();
                }
                if !line.is_empty() && !skip(line) {
                    return Ok(true);
                }
                line.clear();
            }
            if let Some(&(index, start, end)) = cursor.lines.kept.get(cursor.next_kept) {
                cursor.next_kept += 1;
                let dense = cursor.next_kept % KEPT_LINES_PER_TOP_UP == 0;
                *line_number = cursor.base + u64::from(index) + 1;
                line.extend_from_slice(&data[start as usize..end as usize]);
                if dense {
                    // A block dense with kept lines (a panel gene's records) keeps this
                    // thread on it for milliseconds while the pool empties its read-ahead:
                    // give the pool more, for as long as the block lasts.
                    self.read_ahead_to(DENSE_READ_AHEAD_FACTOR * self.depth)?;
                }
                return Ok(true);
            }
            // The block's complete lines are done; the rest begins the next line.
            *line_number = cursor.base + u64::from(cursor.lines.lines);
            line.extend_from_slice(&data[cursor.lines.last_newline + 1..]);
            self.pos = self.current.len();
            self.cursor = None;
        }
    }
}

impl<R: Read> Drop for PooledBgzfReader<R> {
    /// Blocks read ahead but never wanted (a header-only read) are not inflated.
    fn drop(&mut self) {
        for slot in &self.ahead {
            drop(slot.start());
        }
    }
}

impl<R: Read> Read for PooledBgzfReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for PooledBgzfReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.current.len() && !self.next_block()? {
            return Ok(&[]);
        }
        Ok(&self.current[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.current.len());
    }
}

fn invalid(offset: u64, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("BGZF block at compressed byte {offset}: {what}"),
    )
}

/// Compressed bytes read from the input at a time: frames are cut out of these chunks
/// without a copy (a `BufReader` and a `Vec` per frame copied all the input once more, on
/// the reading thread: issue 15), and the input is read in a few large reads.
const READ_CHUNK: usize = 1 << 20;

/// Cuts the compressed input into whole BGZF blocks (gzip members with a `BC` extra
/// subfield giving their size), each a slice of a shared chunk.
struct FrameCutter<R: Read> {
    inner: R,
    /// The input mapped, when it is a regular file: then read instead of `inner`.
    windows: Option<MappedWindows>,
    /// Read and not yet cut.
    unread: Bytes,
    at_end: bool,
}

impl<R: Read> FrameCutter<R> {
    fn new(inner: R) -> Self {
        FrameCutter {
            inner,
            windows: None,
            unread: Bytes::new(),
            at_end: false,
        }
    }

    /// Read until `need` bytes are unread; `false` if the input ends first.
    fn fill(&mut self, need: usize) -> io::Result<bool> {
        while self.unread.len() < need && !self.at_end {
            if let Some(windows) = &mut self.windows {
                match windows.next_window(self.unread.len(), need)? {
                    Some(window) => self.unread = window,
                    None => self.at_end = true,
                }
                continue;
            }
            let mut chunk = Vec::with_capacity(READ_CHUNK.max(need));
            chunk.extend_from_slice(&self.unread); // the start of a frame: under 64 KiB
            let room = (chunk.capacity() - chunk.len()) as u64;
            if (&mut self.inner).take(room).read_to_end(&mut chunk)? == 0 {
                self.at_end = true;
            }
            self.unread = Bytes::from(chunk);
        }
        Ok(self.unread.len() >= need)
    }

    /// The next whole block, or `None` at a clean end of input.
    fn next_frame(&mut self, offset: u64) -> io::Result<Option<Bytes>> {
        if !self.fill(1)? {
            return Ok(None);
        }
        if !self.fill(12)? {
            return Err(truncated(offset));
        }
        if self.unread[..4] != [0x1f, 0x8b, 0x08, 0x04] {
            return Err(invalid(offset, "not a BGZF block header"));
        }
        let xlen = usize::from(u16::from_le_bytes([self.unread[10], self.unread[11]]));
        if !self.fill(12 + xlen)? {
            return Err(truncated(offset));
        }
        let bsize = subfield_bc(&self.unread[12..12 + xlen])
            .ok_or_else(|| invalid(offset, "no BC subfield"))?;
        let size = usize::from(bsize) + 1;
        if size < 12 + xlen + 8 {
            return Err(invalid(offset, "block size smaller than its header"));
        }
        if !self.fill(size)? {
            return Err(truncated(offset));
        }
        Ok(Some(self.unread.split_to(size)))
    }
}

/// BSIZE from the `BC` subfield of a gzip extra field.
fn subfield_bc(mut extra: &[u8]) -> Option<u16> {
    while extra.len() >= 4 {
        let len = usize::from(u16::from_le_bytes([extra[2], extra[3]]));
        let data = extra.get(4..4 + len)?;
        if &extra[..2] == b"BC" && len == 2 {
            return Some(u16::from_le_bytes([data[0], data[1]]));
        }
        extra = &extra[4 + len..];
    }
    None
}

fn truncated(offset: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        format!("BGZF block at compressed byte {offset} is cut short"),
    )
}

/// Inflate one block with libdeflate and check its CRC32 and length.
fn inflate(block: Block) -> io::Result<Vec<u8>> {
    thread_local! {
        static DECOMPRESSOR: std::cell::RefCell<libdeflater::Decompressor> =
            std::cell::RefCell::new(libdeflater::Decompressor::new());
    }
    let frame = &block.frame;
    let header = 12 + usize::from(u16::from_le_bytes([frame[10], frame[11]]));
    let (cdata, trailer) = frame[header..].split_at(frame.len() - header - 8);
    let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
    let isize = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]) as usize;
    if isize > MAX_BLOCK_DATA {
        return Err(invalid(block.offset, "inflated size over 64 KiB"));
    }
    let mut data = block.out;
    data.resize(isize, 0);
    let n = DECOMPRESSOR
        .with(|d| d.borrow_mut().deflate_decompress(cdata, &mut data))
        .map_err(|e| invalid(block.offset, &format!("corrupt deflate data ({e})")))?;
    if n != isize {
        return Err(invalid(block.offset, "inflated size differs from ISIZE"));
    }
    if libdeflater::crc32(&data) != crc {
        return Err(invalid(block.offset, "CRC32 mismatch"));
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    /// Over a hundred BGZF blocks of VCF-like text, and the text.
    fn sample() -> (Vec<u8>, Vec<u8>) {
        let data: Vec<u8> = (0..400_000u32)
            .flat_map(|i| format!("chr1\t{i}\t.\tA\tC\t.\tPASS\t.\n").into_bytes())
            .collect();
        let mut writer = noodles_bgzf::io::Writer::new(Vec::new());
        std::io::Write::write_all(&mut writer, &data).unwrap();
        (writer.finish().unwrap(), data)
    }

    fn read_all(compressed: &[u8], threads: usize) -> io::Result<Vec<u8>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut out = Vec::new();
            PooledBgzfReader::new(compressed).read_to_end(&mut out)?;
            Ok(out)
        })
    }

    /// Skips the lines whose POS is not a multiple of 3, and counts the blocks it sorted.
    #[derive(Default)]
    struct NotThirds {
        blocks: std::sync::atomic::AtomicUsize,
    }

    fn not_a_third(line: &[u8]) -> bool {
        let pos = line.split(|&b| b == b'\t').nth(1).expect("POS");
        std::str::from_utf8(pos).unwrap().parse::<u32>().unwrap() % 3 != 0
    }

    impl BlockScan for NotThirds {
        fn scan(&self, data: &[u8]) -> BlockLines {
            self.blocks
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            scan_block(data, &mut not_a_third)
        }
    }

    #[test]
    fn blocks_read_ahead_before_the_scan_is_set_are_sorted_on_the_pool() {
        let (compressed, data) = sample();
        let mut reader = PooledBgzfReader::new(&compressed[..]);
        let (mut line, mut number) = (Vec::new(), 0);
        // The first line, read before any scan is set, reads ahead (further than later).
        assert!(reader
            .next_kept_line(&mut line, &mut number, &mut not_a_third)
            .unwrap());
        let ahead = reader.ahead.len();
        assert!(ahead > reader.depth, "{ahead} blocks read ahead");
        let waited = std::time::Instant::now();
        while !reader.ahead.iter().all(|slot| slot.is_done()) {
            assert!(waited.elapsed().as_secs() < 20, "blocks never inflated");
            std::thread::yield_now();
        }
        let scan = Arc::new(NotThirds::default());
        assert!(reader.set_scan(Arc::clone(&scan) as Arc<dyn BlockScan>));
        // Every block inflated before is sorted by a pool job, not left to the reader.
        while scan.blocks.load(std::sync::atomic::Ordering::SeqCst) < ahead {
            assert!(waited.elapsed().as_secs() < 20, "blocks left unsorted");
            std::thread::yield_now();
        }
        let mut kept = vec![line.clone()];
        while reader
            .next_kept_line(&mut line, &mut number, &mut not_a_third)
            .unwrap()
        {
            kept.push(line.clone());
        }
        let expected: Vec<&[u8]> = data
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty() && !not_a_third(l))
            .collect();
        assert!(kept.iter().map(Vec::as_slice).eq(expected), "kept lines");
        assert_eq!(number, 400_000, "line numbers");
    }

    struct KeepAll;

    impl BlockScan for KeepAll {
        fn scan(&self, data: &[u8]) -> BlockLines {
            scan_block(data, &mut |_| false)
        }
    }

    #[test]
    fn a_block_dense_with_kept_lines_reads_further_ahead() {
        let (compressed, _) = sample();
        let mut reader = PooledBgzfReader::new(&compressed[..]);
        reader.depth = 4;
        assert!(reader.set_scan(Arc::new(KeepAll)));
        let (mut line, mut number) = (Vec::new(), 0);
        let mut keep = |_: &[u8]| false;
        assert!(reader
            .next_kept_line(&mut line, &mut number, &mut keep)
            .unwrap());
        assert_eq!(
            reader.ahead.len(),
            3,
            "the usual read-ahead, less the block being read"
        );
        // A block holds over 2,000 of these lines: 200 kept ones stay in the first.
        for _ in 0..200 {
            assert!(reader
                .next_kept_line(&mut line, &mut number, &mut keep)
                .unwrap());
        }
        assert_eq!(number, 201);
        assert_eq!(
            reader.ahead.len(),
            DENSE_READ_AHEAD_FACTOR * 4,
            "deeper while the block lasts"
        );
    }

    #[test]
    fn same_bytes_as_written_at_any_thread_count() {
        let (compressed, data) = sample();
        assert!(data.len() > 100 * 65_536, "over a hundred blocks");
        for threads in [1, 2, 4] {
            assert!(
                read_all(&compressed, threads).unwrap() == data,
                "-t {threads}"
            );
        }
    }

    #[test]
    fn a_reader_outside_the_pool_leaves_all_inflating_to_it() {
        // The main thread's work is the serial path: it only waits for blocks (here the
        // test thread, on the global pool).
        let (compressed, data) = sample();
        let mut reader = PooledBgzfReader::new(&compressed[..]);
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert!(out == data);
        assert_eq!(
            reader.inflated_here, 0,
            "blocks inflated by the reader itself"
        );
        // A reader on the only thread of a pool inflates every block itself.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let (out, here) = pool.install(|| {
            let mut reader = PooledBgzfReader::new(&compressed[..]);
            let mut out = Vec::new();
            reader.read_to_end(&mut out).unwrap();
            (out, reader.inflated_here)
        });
        assert!(out == data);
        assert!(here > 100, "{here} of over a hundred blocks");
    }

    #[test]
    fn readers_on_every_pool_thread_do_not_deadlock() {
        // Batch mode: each pool thread reads its own file and waits on no one.
        let (compressed, data) = sample();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let outs: Vec<Vec<u8>> = pool.install(|| {
            (0..6)
                .into_par_iter()
                .map(|_| {
                    let mut out = Vec::new();
                    PooledBgzfReader::new(compressed.as_slice())
                        .read_to_end(&mut out)
                        .unwrap();
                    out
                })
                .collect()
        });
        assert!(outs.iter().all(|o| *o == data));
    }

    #[test]
    fn damage_is_an_error_naming_the_block() {
        let (compressed, _) = sample();
        let cut = read_all(&compressed[..compressed.len() / 2], 2).unwrap_err();
        assert_eq!(cut.kind(), io::ErrorKind::UnexpectedEof, "{cut}");
        assert!(cut.to_string().contains("cut short"), "{cut}");
        // A byte inside the deflate data of the second block.
        let second = usize::from(u16::from_le_bytes([compressed[16], compressed[17]])) + 1;
        let mut flipped = compressed.clone();
        flipped[second + 30] ^= 0x55;
        let bad = read_all(&flipped, 2).unwrap_err();
        assert_eq!(bad.kind(), io::ErrorKind::InvalidData, "{bad}");
        assert!(
            bad.to_string()
                .contains(&format!("BGZF block at compressed byte {second}")),
            "{bad}"
        );
    }

    #[test]
    fn plain_gzip_is_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"##fileformat=VCFv4.2\n").unwrap();
        let err = read_all(&gz.finish().unwrap(), 1).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }
}
