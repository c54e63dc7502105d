//! A regular file read as successive memory-mapped windows rather than copied in by `read`
//! calls (issue 15: copying a whole-genome VCF's 70 MB in 1 MiB reads was a sixth of the
//! reading thread's time, all of it in the kernel).
//!
//! Each window is a [`Bytes`] that owns its mapping: the BGZF frames cut out of it are
//! slices of it, and the window is unmapped when the last of them has been inflated. So
//! the memory mapped at any time is a window or two, not the file (a whole-file mapping
//! had taken peak RSS from 21 to 66 MB on a 70 MB input, and would grow with the file).

use std::fs::File;
use std::io;
use std::path::Path;

use bytes::Bytes;
use memmap2::{Advice, MmapOptions};

/// Bytes mapped at a time. Windows start on a multiple of 64 KiB, which every page size in
/// use divides (4, 16 and 64 KiB), as `mmap` requires of its offset.
const WINDOW: u64 = 4 << 20;
const ALIGN: u64 = 64 << 10;

pub struct MappedWindows {
    file: File,
    len: u64,
    /// File offset just past the last window mapped.
    next: u64,
    /// The first window, mapped by `open` to learn that the file maps: handed out first.
    first: Option<Bytes>,
}

impl MappedWindows {
    /// `None` when `path` is not a regular file (a pipe, `/dev/stdin`) or cannot be mapped:
    /// the caller reads it instead.
    pub fn open(path: &Path) -> Option<Self> {
        let file = File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() {
            return None;
        }
        let mut windows = MappedWindows {
            file,
            len: meta.len(),
            next: 0,
            first: None,
        };
        // Mapped here, so that a file system without mmap falls back to reading.
        windows.first = Some(windows.window(0, 0).ok()?);
        Some(windows)
    }

    /// The next window: the `carried` bytes just before the end of the last one (the start
    /// of a frame it cut short) and at least `need` bytes from there when the file has them.
    /// `None` at the end of the file.
    pub fn next_window(&mut self, carried: usize, need: usize) -> io::Result<Option<Bytes>> {
        if let Some(first) = self.first.take().filter(|w| !w.is_empty()) {
            return Ok(Some(first));
        }
        if self.next >= self.len {
            return Ok(None);
        }
        let start = self.next - carried as u64;
        self.window(start, need).map(Some)
    }

    fn window(&mut self, start: u64, need: usize) -> io::Result<Bytes> {
        let aligned = start / ALIGN * ALIGN;
        let end = (aligned + WINDOW.max(start - aligned + need as u64)).min(self.len);
        // SAFETY: the mapping is read-only and alkres never writes to its inputs. Another
        // process shrinking the file during the run would make reads past its new end fault
        // (SIGBUS) instead of returning an error, as with any tool that maps its inputs;
        // the README asks that inputs are not written to while alkres reads them.
        let map = unsafe {
            MmapOptions::new()
                .offset(aligned)
                .len((end - aligned) as usize)
                .map(&self.file)?
        };
        // Read front to back, once: the kernel may read ahead further.
        let _ = map.advise(Advice::Sequential);
        self.next = end;
        Ok(Bytes::from_owner(map).slice((start - aligned) as usize..))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_the_file_and_carry_what_was_cut_short() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("data");
        // Three windows and a bit, with bytes that say where they are.
        let data: Vec<u8> = (0..(3 * WINDOW + 12_345))
            .map(|i| (i % 251) as u8)
            .collect();
        std::fs::write(&path, &data).expect("write");
        let mut windows = MappedWindows::open(&path).expect("a regular file maps");
        let mut seen: Vec<u8> = Vec::new();
        let mut carried = 0;
        while let Some(window) = windows.next_window(carried, 70_000).expect("window") {
            // The carried bytes come again at the start of the next window.
            seen.truncate(seen.len() - carried);
            seen.extend_from_slice(&window);
            carried = 1_000.min(window.len());
        }
        assert_eq!(seen, data);
        // An empty file has no window; a directory or a pipe is not mapped.
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").expect("write");
        let mut none = MappedWindows::open(&empty).expect("maps");
        assert!(none.next_window(0, 1).expect("no error").is_none());
        assert!(MappedWindows::open(dir.path()).is_none());
    }
}
