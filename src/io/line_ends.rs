//! Where the lines of a buffer end, found 64 bytes at a time (issue 15): one SIMD compare
//! per 16 bytes and a bit mask, instead of a search call per line (which cost more than
//! deciding that a record is outside the panel).

/// Positions of the `\n` bytes of a buffer, in order.
pub struct LineEnds<'a> {
    buf: &'a [u8],
    /// Start of the next 64-byte chunk to classify.
    next: usize,
    /// Start of the chunk `mask` describes, and its newlines not yet returned.
    base: usize,
    mask: u64,
}

impl<'a> LineEnds<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        LineEnds {
            buf,
            next: 0,
            base: 0,
            mask: 0,
        }
    }
}

impl Iterator for LineEnds<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            if self.next >= self.buf.len() {
                return None;
            }
            self.base = self.next;
            let end = (self.next + 64).min(self.buf.len());
            self.mask = newline_mask(&self.buf[self.next..end]);
            self.next = end;
        }
        let bit = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.base + bit)
    }
}

/// Bit `i` set where `chunk[i]` (at most 64 bytes) is `\n`.
#[inline]
fn newline_mask(chunk: &[u8]) -> u64 {
    match <&[u8; 64]>::try_from(chunk) {
        Ok(block) => newline_mask_64(block),
        Err(_) => bytewise(chunk),
    }
}

fn bytewise(chunk: &[u8]) -> u64 {
    chunk
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &b)| mask | (u64::from(b == b'\n') << i))
}

#[cfg(target_arch = "x86_64")]
#[inline]
fn newline_mask_64(block: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    let mut mask = 0u64;
    for (i, part) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of the x86_64 baseline (every x86_64 CPU has it, and Rust
        // enables it for the target); the unaligned load reads the 16 bytes of `part`.
        let bits = unsafe {
            let bytes = _mm_loadu_si128(part.as_ptr().cast::<__m128i>());
            _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\n' as i8)))
        };
        mask |= u64::from(bits as u16) << (16 * i);
    }
    mask
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn newline_mask_64(block: &[u8; 64]) -> u64 {
    bytewise(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_newline_in_order() {
        // Lines of every length from 0 to 150 bytes, so newlines fall at every offset of a
        // 64-byte chunk, at chunk ends and in a short last chunk.
        let mut buf = Vec::new();
        for len in 0..150 {
            buf.extend((0..len).map(|i| {
                if i % 7 == 3 {
                    b'\t'
                } else {
                    b'A' + (i % 26) as u8
                }
            }));
            buf.push(b'\n');
        }
        buf.extend_from_slice(b"no newline at the end \xff\x8a\x0b\x09");
        let expected: Vec<usize> = (0..buf.len()).filter(|&i| buf[i] == b'\n').collect();
        for start in 0..70 {
            let got: Vec<usize> = LineEnds::new(&buf[start..]).map(|i| i + start).collect();
            let want: Vec<usize> = expected.iter().copied().filter(|&i| i >= start).collect();
            assert_eq!(got, want, "from {start}");
        }
        assert_eq!(LineEnds::new(b"").next(), None);
        assert_eq!(LineEnds::new(&[b'\n'; 64]).count(), 64);
        assert_eq!(LineEnds::new(&[0x8a; 200]).count(), 0);
    }
}
