//! Reading only the panel regions of a bgzipped VCF through its tabix or CSI index.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufRead;
use std::path::Path;

use noodles::bgzf::VirtualPosition;
use noodles::core::{region::Interval, Position};
use noodles::csi::BinningIndex;

use super::tabix::TabixIndex;
use super::vcf_line::chrom_pos;
use crate::error::{Error, Result};
use crate::genome::normalize_contig;

/// For each region, the BGZF chunks (virtual offsets) that may hold its records.
fn region_chunks(
    index_path: &Path,
    regions: &[(String, u64, u64)],
) -> Result<Vec<Vec<(u64, u64)>>> {
    let label = index_path.display().to_string();
    let id_of =
        |names: &[String], chrom: &str| names.iter().position(|n| normalize_contig(n) == chrom);
    if index_path.extension().is_some_and(|e| e == "csi") {
        let index = noodles::csi::fs::read(index_path)
            .map_err(|e| Error::bad_input(&label, format!("invalid CSI index: {e}")))?;
        let names: Vec<String> = index
            .header()
            .ok_or_else(|| Error::bad_input(&label, "CSI index has no contig names"))?
            .reference_sequence_names()
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        regions
            .iter()
            .map(|(chrom, start, end)| {
                let Some(id) = id_of(&names, chrom) else {
                    return Ok(Vec::new());
                };
                let interval = Interval::from(position(*start)?..=position(*end)?);
                let chunks = index
                    .query(id, interval)
                    .map_err(|e| Error::bad_input(&label, format!("index query: {e}")))?;
                Ok(chunks
                    .iter()
                    .map(|c| (u64::from(c.start()), u64::from(c.end())))
                    .collect())
            })
            .collect()
    } else {
        let index = TabixIndex::read(index_path)?;
        Ok(regions
            .iter()
            .map(|(chrom, start, end)| match id_of(&index.names, chrom) {
                Some(id) => index.chunks(id, *start, *end),
                None => Vec::new(),
            })
            .collect())
    }
}

/// The record lines overlapping `regions` (contig names in canonical form), in the file's
/// order, each once.
pub fn read_regions(
    vcf_path: &Path,
    index_path: &Path,
    regions: &[(String, u64, u64)],
) -> Result<Vec<Vec<u8>>> {
    let label = vcf_path.display().to_string();
    let chunk_lists = region_chunks(index_path, regions)?;
    let file = File::open(vcf_path).map_err(|e| Error::bad_input(&label, e.to_string()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
    let stale = |what: String| stale_index(vcf_path, index_path, what);
    if let Some(past) = chunk_lists
        .iter()
        .flatten()
        .map(|(start, _)| start >> 16)
        .find(|offset| *offset >= size)
    {
        return Err(stale(format!(
            "it points to byte {past}, past the end of the {size}-byte file"
        )));
    }
    let mut reader = noodles::bgzf::io::Reader::new(file);
    let mut seen = HashSet::new();
    let mut lines = Vec::new();
    for ((chrom, start, end), chunks) in regions.iter().zip(chunk_lists) {
        for (chunk_start, chunk_end) in chunks {
            let chunk_end = VirtualPosition::from(chunk_end);
            reader
                .seek(VirtualPosition::from(chunk_start))
                .map_err(|e| stale(format!("seeking to a block it names failed ({e})")))?;
            while reader.virtual_position() < chunk_end {
                let at = u64::from(reader.virtual_position());
                let mut line = Vec::new();
                let n = reader.read_until(b'\n', &mut line).map_err(|e| {
                    stale(format!(
                        "the data at an offset it names does not decompress ({e})"
                    ))
                })?;
                if n == 0 {
                    break;
                }
                while matches!(line.last(), Some(b'\n' | b'\r')) {
                    line.pop();
                }
                let Some((c, pos)) = chrom_pos(&line) else {
                    continue; // header lines inside the first chunk
                };
                if normalize_contig(c) == chrom && pos >= *start && pos <= *end && seen.insert(at) {
                    lines.push((at, line));
                }
            }
        }
    }
    // Virtual offsets grow through the file: sorting by them gives the input's record order
    // (regions come sorted by contig name, 1, 10, 12, …, 2, not in the header's order).
    lines.sort_by_key(|(at, _)| *at);
    Ok(lines.into_iter().map(|(_, line)| line).collect())
}

/// An index that does not fit its data: say so, and whether it is older than the data.
fn stale_index(vcf_path: &Path, index_path: &Path, what: String) -> Error {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let older = match (modified(index_path), modified(vcf_path)) {
        (Some(index), Some(data)) if index < data => "; the index is older than the data",
        _ => "",
    };
    Error::bad_input(
        vcf_path.display().to_string(),
        format!(
            "the index {} does not match this file: {what}{older}; re-index it (tabix -p vcf) or remove it",
            index_path.display()
        ),
    )
}

fn position(p: u64) -> Result<Position> {
    Position::try_from(p as usize).map_err(|e| Error::Usage(format!("region position {p}: {e}")))
}
