//! The offsets of the `\n` bytes of a buffer, found 64 bytes at a time (issue 15).
//!
//! The streaming scan looks at every line of a whole-genome VCF (lines of about 56 bytes).
//! `memchr_iter` restarts its search at each line, about 12 ns a line on this machine; one
//! 64-bit mask per 64 bytes, walked bit by bit, is about 5 ns (SSE2 on x86_64, the
//! architecture's baseline, so no run-time detection; a word-at-a-time mask elsewhere).

/// Iterator over the offsets of `\n` in a buffer, in order.
pub struct Newlines<'a> {
    data: &'a [u8],
    /// Offset of the next 64-byte chunk to look at.
    next_chunk: usize,
    /// Offset of the chunk `mask` describes, and its newline bits not yet returned.
    base: usize,
    mask: u64,
}

impl<'a> Newlines<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Newlines {
            data,
            next_chunk: 0,
            base: 0,
            mask: 0,
        }
    }
}

impl Iterator for Newlines<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            let from = self.next_chunk;
            let rest = self.data.get(from..).filter(|r| !r.is_empty())?;
            self.base = from;
            self.next_chunk = from + 64;
            self.mask = match rest.first_chunk::<64>() {
                Some(chunk) => newline_mask(chunk),
                None => rest
                    .iter()
                    .enumerate()
                    .fold(0, |m, (i, &b)| m | (u64::from(b == b'\n') << i)),
            };
        }
        let at = self.base + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(at)
    }
}

/// Bit `i` set where `chunk[i]` is `\n`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn newline_mask(chunk: &[u8; 64]) -> u64 {
    // SAFETY: SSE2 is part of the x86_64 baseline (every x86_64 CPU has it, and rustc
    // enables it for every x86_64 target), which is all `newline_mask_sse2` requires.
    unsafe { newline_mask_sse2(chunk) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn newline_mask_sse2(chunk: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8, _mm_set_epi64x};
    let newline = _mm_set1_epi8(b'\n' as i8);
    let mut mask = 0u64;
    for (i, lane) in chunk.as_chunks::<16>().0.iter().enumerate() {
        // Built from two words rather than a pointer load: no unsafe read (the compiler
        // makes it one unaligned 16-byte load).
        let (low, high) = lane.split_at(8);
        let low = u64::from_le_bytes(low.try_into().unwrap_or_default());
        let high = u64::from_le_bytes(high.try_into().unwrap_or_default());
        let bytes = _mm_set_epi64x(high as i64, low as i64);
        let hits = _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline)) as u16;
        mask |= u64::from(hits) << (16 * i);
    }
    mask
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn newline_mask(chunk: &[u8; 64]) -> u64 {
    newline_mask_words(chunk)
}

/// Bit `i` set where `chunk[i]` is `\n` (eight bytes at a time: exact, no false hits).
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline(always)]
fn newline_mask_words(chunk: &[u8; 64]) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut mask = 0u64;
    for (i, word) in chunk.as_chunks::<8>().0.iter().enumerate() {
        let x = u64::from_le_bytes(*word) ^ 0x0a0a_0a0a_0a0a_0a0a; // zero bytes at `\n`
        let zero = !(((x & LOW7) + LOW7) | x | LOW7); // high bit of each zero byte
                                                      // Gather the eight high bits into one byte.
        let bits = ((zero >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) & 0xff;
        mask |= bits << (8 * i);
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn expected(data: &[u8]) -> Vec<usize> {
        memchr::memchr_iter(b'\n', data).collect()
    }

    #[test]
    fn every_length_and_position_around_the_chunk_edges() {
        for len in 0..200 {
            for at in 0..len {
                let mut data = vec![b'a'; len];
                data[at] = b'\n';
                data[len - 1 - (at * 7) % len] = b'\n';
                assert_eq!(
                    Newlines::new(&data).collect::<Vec<_>>(),
                    expected(&data),
                    "{len} {at}"
                );
            }
        }
        let all = vec![b'\n'; 130];
        assert_eq!(Newlines::new(&all).count(), 130);
    }

    proptest! {
        #[test]
        fn same_offsets_as_memchr(
            data in proptest::collection::vec(
                prop_oneof![Just(b'\n'), Just(b'\t'), Just(0x8a_u8), Just(0x0b_u8), any::<u8>()],
                0..2000,
            ),
            start in 0usize..64,
        ) {
            let data = &data[start.min(data.len())..]; // any alignment
            prop_assert_eq!(Newlines::new(data).collect::<Vec<_>>(), expected(data));
            for chunk in data.as_chunks::<64>().0 {
                // The word-at-a-time mask other architectures use.
                prop_assert_eq!(newline_mask_words(chunk), newline_mask(chunk));
            }
        }
    }
}
