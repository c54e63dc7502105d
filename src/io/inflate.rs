//! One BGZF block's deflate data inflated, with the CRC32 of what it inflated to.
//!
//! Inflating is most of a whole-genome scan's work (62% of its instructions), so the
//! inflater is the fastest at hand: Intel's ISA-L (`isal` feature, on by default; built
//! from source, which needs nasm and autotools), about 15% faster than libdeflate on a
//! whole genome's blocks, or libdeflate (`--no-default-features`). Both check the same
//! things, and the tests hold them to the same bytes and the same refusals.

use std::fmt;

/// Why a block's deflate data could not be inflated.
#[derive(Debug, PartialEq, Eq)]
pub struct InflateError(String);

impl fmt::Display for InflateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Inflate the raw deflate stream `deflated` into `out` (sized to the block's ISIZE):
/// the bytes written, and their CRC32. Data that would not fit in `out` is an error.
pub fn inflate(deflated: &[u8], out: &mut [u8]) -> Result<(usize, u32), InflateError> {
    #[cfg(feature = "isal")]
    return isal::inflate(deflated, out);
    #[cfg(not(feature = "isal"))]
    return with_libdeflate(deflated, out);
}

/// The same with libdeflate (the fallback, and the reference the ISA-L path is tested on).
pub fn with_libdeflate(deflated: &[u8], out: &mut [u8]) -> Result<(usize, u32), InflateError> {
    thread_local! {
        static DECOMPRESSOR: std::cell::RefCell<libdeflater::Decompressor> =
            std::cell::RefCell::new(libdeflater::Decompressor::new());
    }
    let n = DECOMPRESSOR
        .with(|d| d.borrow_mut().deflate_decompress(deflated, out))
        .map_err(|e| InflateError(format!("corrupt deflate data ({e})")))?;
    Ok((n, libdeflater::crc32(&out[..n])))
}

#[cfg(feature = "isal")]
mod isal {
    use super::InflateError;
    use isal_sys::igzip_lib::{
        inflate_state, isal_inflate_init, isal_inflate_stateless, ISAL_DECOMP_OK, ISAL_GZIP_NO_HDR,
    };

    thread_local! {
        /// One decompression state per thread (about 40 KiB of tables: not one per block).
        static STATE: std::cell::RefCell<Box<inflate_state>> = std::cell::RefCell::new({
            // SAFETY: `inflate_state` is a C struct of integers, arrays and raw pointers, for
            // which all zero bytes are a valid value; `isal_inflate_init` then sets it up,
            // given a pointer to it, which lives as long as the thread.
            let mut state: Box<inflate_state> = Box::new(unsafe { std::mem::zeroed() });
            unsafe { isal_inflate_init(&mut *state) };
            state
        });
    }

    pub fn inflate(deflated: &[u8], out: &mut [u8]) -> Result<(usize, u32), InflateError> {
        let (Ok(avail_in), Ok(avail_out)) =
            (u32::try_from(deflated.len()), u32::try_from(out.len()))
        else {
            return Err(InflateError("block over 4 GiB".into()));
        };
        let (status, left, crc) = STATE.with(|state| {
            let mut state = state.borrow_mut();
            // Raw deflate, with the gzip CRC32 of the output computed as it is written.
            state.crc_flag = ISAL_GZIP_NO_HDR;
            state.next_in = deflated.as_ptr().cast_mut();
            state.avail_in = avail_in;
            state.next_out = out.as_mut_ptr();
            state.avail_out = avail_out;
            // SAFETY: the state was initialised for this thread; `next_in`/`avail_in` and
            // `next_out`/`avail_out` describe live buffers borrowed for this call only (ISA-L
            // reads the input, never writes it, and writes at most `avail_out` bytes,
            // returning an error when the data does not fit). Stateless inflation resets
            // every other field itself, and nothing keeps the pointers after it returns.
            let status = unsafe { isal_inflate_stateless(&mut **state) };
            (status, state.avail_out, state.crc)
        });
        if status != ISAL_DECOMP_OK as i32 {
            return Err(InflateError(format!(
                "corrupt deflate data ({})",
                describe(status)
            )));
        }
        Ok((out.len() - left as usize, crc))
    }

    /// ISA-L's return codes (igzip_lib.h), in words.
    fn describe(status: i32) -> &'static str {
        match status {
            -1 => "ends too soon",
            -2 => "an invalid block header",
            -3 => "an invalid symbol",
            -4 => "a match reaching before the block",
            -5 => "more data than the block's size",
            _ => "not a deflate stream",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn deflated(data: &[u8], level: i32) -> Vec<u8> {
        let mut compressor =
            libdeflater::Compressor::new(libdeflater::CompressionLvl::new(level).unwrap());
        let mut out = vec![0; compressor.deflate_compress_bound(data.len())];
        let n = compressor.deflate_compress(data, &mut out).unwrap();
        out.truncate(n);
        out
    }

    /// VCF-like text: a repeating record with varying numbers, as a genome's lines are.
    fn vcf_text(seed: u64, lines: usize) -> Vec<u8> {
        let mut text = Vec::new();
        for i in 0..lines as u64 {
            let pos = 10_000 + seed.wrapping_mul(31).wrapping_add(i * 97) % 1_000_000;
            text.extend_from_slice(
                format!(
                    "chr1\t{pos}\t.\tA\tG\t{}\tPASS\tDP={}\n",
                    i % 60,
                    (seed + i) % 200
                )
                .as_bytes(),
            );
        }
        text
    }

    #[test]
    fn a_block_inflates_to_its_text_and_crc() {
        let text = vcf_text(7, 1_000);
        for level in [0, 1, 6, 12] {
            let packed = deflated(&text, level);
            let mut out = vec![0; text.len()];
            let (n, crc) = inflate(&packed, &mut out).unwrap();
            assert_eq!((n, &out[..n]), (text.len(), &text[..]), "level {level}");
            assert_eq!(crc, libdeflater::crc32(&text), "level {level}");
        }
    }

    #[test]
    fn data_that_does_not_fit_or_is_not_deflate_is_refused() {
        let text = vcf_text(3, 500);
        let packed = deflated(&text, 6);
        let mut short = vec![0; text.len() - 1];
        assert!(inflate(&packed, &mut short).is_err(), "more than ISIZE");
        assert!(with_libdeflate(&packed, &mut short).is_err());
        let mut out = vec![0; text.len()];
        assert!(
            inflate(&packed[..packed.len() / 2], &mut out).is_err(),
            "cut"
        );
        assert!(inflate(&[0xff; 64], &mut out).is_err(), "not deflate");
        assert!(with_libdeflate(&[0xff; 64], &mut out).is_err());
    }

    proptest! {
        /// Whatever the data and level, the inflater agrees with libdeflate: the same bytes
        /// and CRC; with bytes flipped, the same or both refuse, or what one accepts has a
        /// CRC that gives it away.
        #[test]
        fn agrees_with_libdeflate(
            seed in any::<u64>(),
            lines in 0usize..1_200,
            level in 0i32..=12,
            flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 0..3),
        ) {
            let text = vcf_text(seed, lines);
            let mut packed = deflated(&text, level);
            for (at, bits) in &flips {
                if !packed.is_empty() {
                    let i = at.index(packed.len());
                    packed[i] ^= bits;
                }
            }
            let mut ours = vec![0; text.len()];
            let mut theirs = vec![0; text.len()];
            let a = inflate(&packed, &mut ours).map(|(n, crc)| (ours[..n].to_vec(), crc));
            let b = with_libdeflate(&packed, &mut theirs)
                .map(|(n, crc)| (theirs[..n].to_vec(), crc));
            // Whatever a decoder accepts, the CRC it gives is that of the bytes it wrote: so
            // the reader's check against the block's stored CRC catches a changed block.
            for (n, result) in [("ISA-L or default", &a), ("libdeflate", &b)] {
                if let Ok((bytes, crc)) = result {
                    prop_assert_eq!(*crc, libdeflater::crc32(bytes), "{}", n);
                }
            }
            match (&a, &b) {
                (Ok(x), Ok(y)) => prop_assert_eq!(x, y),
                (Err(_), Err(_)) => {}
                // Decoders may differ on where a corrupt stream stops, never on a good one.
                _ => prop_assert!(!flips.is_empty(), "a valid stream refused by one decoder"),
            }
        }
    }
}
