//! Reading only the panel regions of a bgzipped VCF through its tabix or CSI index.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufRead;
use std::path::Path;

use noodles::core::{region::Interval, Position};
use noodles::csi::BinningIndex;

use super::vcf_line::chrom_pos;
use crate::error::{Error, Result};
use crate::genome::normalize_contig;

/// The record lines overlapping `regions` (contig names in canonical form), in region order,
/// each once.
pub fn read_regions(
    vcf_path: &Path,
    index_path: &Path,
    regions: &[(String, u64, u64)],
) -> Result<Vec<Vec<u8>>> {
    let label = vcf_path.display().to_string();
    let index_label = index_path.display().to_string();
    let index: Box<dyn BinningIndex> = if index_path.extension().is_some_and(|e| e == "csi") {
        Box::new(
            noodles::csi::fs::read(index_path)
                .map_err(|e| Error::bad_input(&index_label, format!("invalid CSI index: {e}")))?,
        )
    } else {
        Box::new(
            noodles::tabix::fs::read(index_path)
                .map_err(|e| Error::bad_input(&index_label, format!("invalid tabix index: {e}")))?,
        )
    };
    let names = index
        .header()
        .ok_or_else(|| Error::bad_input(&index_label, "index has no contig names"))?
        .reference_sequence_names();
    let file = File::open(vcf_path).map_err(|e| Error::bad_input(&label, e.to_string()))?;
    let mut reader = noodles::bgzf::io::Reader::new(file);
    let mut seen = HashSet::new();
    let mut lines = Vec::new();
    for (chrom, start, end) in regions {
        let Some(id) = names
            .iter()
            .position(|n| std::str::from_utf8(n).is_ok_and(|n| normalize_contig(n) == chrom))
        else {
            continue;
        };
        let interval = Interval::from(position(*start)?..=position(*end)?);
        let chunks = index
            .query(id, interval)
            .map_err(|e| Error::bad_input(&index_label, format!("index query: {e}")))?;
        for chunk in chunks {
            reader
                .seek(chunk.start())
                .map_err(|e| Error::bad_input(&label, format!("seek: {e}")))?;
            while reader.virtual_position() < chunk.end() {
                let at = reader.virtual_position();
                let mut line = Vec::new();
                let n = reader.read_until(b'\n', &mut line).map_err(|e| {
                    Error::bad_input(&label, format!("corrupt or truncated data: {e}"))
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
                if normalize_contig(c) == chrom
                    && pos >= *start
                    && pos <= *end
                    && seen.insert(u64::from(at))
                {
                    lines.push(line);
                }
            }
        }
    }
    Ok(lines)
}

fn position(p: u64) -> Result<Position> {
    Position::try_from(p as usize).map_err(|e| Error::Usage(format!("region position {p}: {e}")))
}
