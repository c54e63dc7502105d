//! The complete lines of one inflated BGZF block, sorted into kept and skipped where the
//! block was inflated (issue 15): the pool job that inflates a block also finds its line
//! ends and shows each complete line to a filter (the streaming scan's CHROM/POS skip), so
//! the reading thread only joins the lines cut by block edges and copies the few kept ones.

/// A filter run on every complete line of a block, on the pool thread that inflated it.
/// It must decide each line alone (any state it keeps is a cache), so that its decision
/// does not depend on which thread, or block, saw the line.
pub trait BlockScan: Send + Sync + 'static {
    fn scan(&self, data: &[u8]) -> BlockLines;
}

/// Where a block's lines are. A block's bytes are: the end of a line begun in earlier
/// blocks (up to its first newline), complete lines, and the start of a line it does not
/// finish (after its last newline).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct BlockLines {
    /// Offsets of the first and last `\n` (`None`: the block has no newline).
    pub first_newline: Option<usize>,
    pub last_newline: usize,
    /// The complete lines the filter kept: index among the complete lines (0 = the line
    /// after the first newline), start and end (`\r` and `\n` trimmed off).
    pub kept: Vec<(u32, u32, u32)>,
    /// Complete lines (empty ones included: they count toward line numbers).
    pub lines: u32,
    /// Complete, non-empty lines the filter took.
    pub skipped: u64,
}

/// Sort the complete lines of `data` with `skip` (`true`: the line is only counted).
/// Counts are kept in locals, not in the result, so they stay in registers: this runs on
/// every line of a whole-genome VCF (issue 15).
pub fn scan_block(data: &[u8], skip: &mut impl FnMut(&[u8]) -> bool) -> BlockLines {
    let mut ends = super::newlines::Newlines::new(data);
    let Some(first) = ends.next() else {
        return BlockLines::default();
    };
    let (mut lines, mut skipped, mut last) = (0u32, 0u64, first);
    let mut kept = Vec::new();
    let mut start = first + 1;
    for end in ends {
        let mut record = &data[start..end];
        if let [rest @ .., b'\r'] = record {
            record = without_carriage_returns(rest);
        }
        if !record.is_empty() {
            if skip(record) {
                skipped += 1;
            } else {
                kept.push((lines, start as u32, (start + record.len()) as u32));
            }
        }
        lines += 1;
        start = end + 1;
        last = end;
    }
    BlockLines {
        first_newline: Some(first),
        last_newline: last,
        kept,
        lines,
        skipped,
    }
}

/// `line` without the `\r` bytes it ends with (CRLF files; rare, so out of the loop).
#[cold]
fn without_carriage_returns(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., b'\r'] = line {
        line = rest;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_at_the_block_edges_and_sorted() {
        let data = b"ail of a line\nkeep 1\nskip\r\n\n\r\nkeep 2\r\nskip\nstart of";
        let found = scan_block(data, &mut |line| line.starts_with(b"skip"));
        assert_eq!(found.first_newline, Some(13));
        assert_eq!(&data[found.last_newline + 1..], b"start of");
        assert_eq!(
            found.lines, 6,
            "keep 1, skip, two empty lines, keep 2, skip"
        );
        assert_eq!(found.skipped, 2);
        let kept: Vec<(u32, &[u8])> = found
            .kept
            .iter()
            .map(|&(i, s, e)| (i, &data[s as usize..e as usize]))
            .collect();
        assert_eq!(kept, [(0, &b"keep 1"[..]), (4, b"keep 2")]);
        // No newline: all of it belongs to a line begun before.
        assert_eq!(
            scan_block(b"no newline", &mut |_| false),
            BlockLines::default()
        );
        // One newline: no complete line.
        let one = scan_block(b"end\nstart", &mut |_| false);
        assert_eq!(
            (one.first_newline, one.last_newline, one.lines),
            (Some(3), 3, 0)
        );
    }
}
