//! Cheap access to the columns of a VCF text line, so that records outside the panel are
//! skipped after reading CHROM and POS only.

/// CHROM and POS of a record line, without parsing anything else.
pub fn chrom_pos(line: &[u8]) -> Option<(&str, u64)> {
    let mut fields = line.splitn(3, |&b| b == b'\t');
    let chrom = std::str::from_utf8(fields.next()?).ok()?;
    let pos = fields.next()?;
    fields.next()?;
    if pos.is_empty() || pos.len() > 12 {
        return None;
    }
    let mut value = 0u64;
    for &digit in pos {
        if !digit.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u64::from(digit - b'0');
    }
    Some((chrom, value))
}

/// Byte range of the `index`-th tab-separated column.
pub fn column_range(line: &[u8], index: usize) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for _ in 0..index {
        start += line[start..].iter().position(|&b| b == b'\t')? + 1;
    }
    let end = line[start..]
        .iter()
        .position(|&b| b == b'\t')
        .map_or(line.len(), |n| start + n);
    Some(start..end)
}

/// The line with `additions` (already `KEY=value` joined by `;`) appended to INFO (column 8).
pub fn with_info_added(line: &[u8], additions: &str) -> Vec<u8> {
    let Some(info) = column_range(line, 7) else {
        return line.to_vec();
    };
    let mut out = Vec::with_capacity(line.len() + additions.len() + 1);
    out.extend_from_slice(&line[..info.start]);
    let current = &line[info.clone()];
    if current != b"." && !current.is_empty() {
        out.extend_from_slice(current);
        out.push(b';');
    }
    out.extend_from_slice(additions.as_bytes());
    out.extend_from_slice(&line[info.end..]);
    out
}

/// Where every tab-separated column of `line` starts and ends, found in one pass (so that
/// cutting one sample out for each of N samples costs O(N) per line, not O(N²)).
pub fn column_ranges(line: &[u8], ranges: &mut Vec<std::ops::Range<usize>>) {
    ranges.clear();
    let mut start = 0;
    for (i, &b) in line.iter().enumerate() {
        if b == b'\t' {
            ranges.push(start..i);
            start = i + 1;
        }
    }
    ranges.push(start..line.len());
}

/// The line with only the fixed columns, FORMAT and the sample column `sample` (0-based);
/// `columns` are the line's [`column_ranges`].
pub fn with_one_sample(line: &[u8], columns: &[std::ops::Range<usize>], sample: usize) -> Vec<u8> {
    let (Some(fixed), Some(column)) = (columns.get(8), columns.get(9 + sample)) else {
        return line.to_vec();
    };
    let mut out = Vec::with_capacity(fixed.end + 1 + column.len());
    out.extend_from_slice(&line[..fixed.end]);
    out.push(b'\t');
    out.extend_from_slice(&line[column.clone()]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &[u8] = b"chr2\t29222404\t.\tC\tT\t50\tPASS\tDP=100\tGT:AD\t0/1:60,40\t0/0:30,0";

    #[test]
    fn chrom_and_pos_without_full_parse() {
        assert_eq!(chrom_pos(LINE), Some(("chr2", 29222404)));
        assert_eq!(chrom_pos(b"chr2\tabc\t."), None);
        assert_eq!(chrom_pos(b"chr2"), None);
    }

    #[test]
    fn info_is_extended_or_replaced() {
        let out = with_info_added(LINE, "ALKRES_GENE=ALK");
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\tDP=100;ALKRES_GENE=ALK\tGT:AD\t"), "{text}");
        let dotted = b"2\t1\t.\tA\tG\t.\t.\t.";
        assert_eq!(
            with_info_added(dotted, "K=V"),
            b"2\t1\t.\tA\tG\t.\t.\tK=V".to_vec()
        );
    }

    #[test]
    fn one_sample_is_kept() {
        let mut columns = Vec::new();
        column_ranges(LINE, &mut columns);
        assert_eq!(columns.len(), 11);
        let out = with_one_sample(LINE, &columns, 1);
        assert!(out.ends_with(b"GT:AD\t0/0:30,0"));
        assert_eq!(out.iter().filter(|&&b| b == b'\t').count(), 9);
        assert!(with_one_sample(LINE, &columns, 0).ends_with(b"GT:AD\t0/1:60,40"));
        // No such column: the line unchanged, as before.
        assert_eq!(with_one_sample(LINE, &columns, 2), LINE.to_vec());
        // Same cut as the column-by-column scan, for every sample of a wide line.
        let wide: Vec<u8> = (0..300).fold(b"1\t5\t.\tA\tG\t.\tPASS\t.\tGT".to_vec(), |mut l, i| {
            l.extend_from_slice(format!("\t{}/1", i % 3).as_bytes());
            l
        });
        column_ranges(&wide, &mut columns);
        for sample in 0..300 {
            let mut expected = wide[..column_range(&wide, 8).unwrap().end].to_vec();
            expected.push(b'\t');
            expected.extend_from_slice(&wide[column_range(&wide, 9 + sample).unwrap()]);
            assert_eq!(with_one_sample(&wide, &columns, sample), expected);
        }
    }
}
