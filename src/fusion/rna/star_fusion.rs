//! STAR-Fusion predictions (`star-fusion.fusion_predictions.tsv`, `.abridged.tsv`, and the
//! `.abridged.coding_effect.tsv` with `PROT_FUSION_TYPE`).
//!
//! `LeftGene` is the 5' partner and `RightGene` the 3' partner; breakpoints are
//! `chrom:pos:strand` (1-based; the gene's transcribed strand).

use std::path::Path;

use crate::error::{Error, Result};
use crate::fusion::breakend::{Side, Support};
use crate::fusion::naming::Namer;
use crate::fusion::stats::{InputStats, SourceOutput};

use super::table::{check_header, for_each_row, locus};
use super::{place, CallSide, Placed};

const REQUIRED: [&str; 6] = [
    "FusionName",
    "JunctionReadCount",
    "SpanningFragCount",
    "LeftGene",
    "LeftBreakpoint",
    "RightBreakpoint",
];

/// Kept side of the 5' (left) or 3' (right) gene from its transcribed strand.
fn side(strand: char, five_prime: bool) -> Option<Side> {
    match (strand, five_prime) {
        ('+', true) | ('-', false) => Some(Side::Left),
        ('-', true) | ('+', false) => Some(Side::Right),
        _ => None,
    }
}

/// Whether `path` is a STAR-Fusion predictions table (its header row only).
pub fn check(path: &Path) -> Result<()> {
    check_header(path, "STAR-Fusion predictions", &REQUIRED)
}

pub fn read(path: &Path, namer: &Namer) -> Result<SourceOutput> {
    let label = path.display().to_string();
    let mut stats = InputStats::new(&label, "STAR-Fusion");
    let mut candidates = Vec::new();
    let rows = for_each_row(path, "STAR-Fusion predictions", &REQUIRED, |row| {
        let bad = |m: String| Error::bad_record(&label, row.line, m);
        let call_side = |gene_col: &str, bp_col: &str, five: bool| -> Result<CallSide> {
            let bp = row.get(bp_col).unwrap_or("");
            let (chrom, pos, strand) =
                locus(bp).ok_or_else(|| bad(format!("{bp_col} '{bp}' is not chrom:pos:strand")))?;
            let side = strand
                .and_then(|s| side(s, five))
                .ok_or_else(|| bad(format!("{bp_col} '{bp}' has no strand (+/-)")))?;
            Ok(CallSide {
                gene: row.get(gene_col).unwrap_or(""),
                chrom,
                pos,
                side,
            })
        };
        let left = call_side("LeftGene", "LeftBreakpoint", true)?;
        let right = call_side("RightGene", "RightBreakpoint", false)?;
        let support = Support {
            split_reads: row.count(&label, "JunctionReadCount")?,
            discordant_pairs: row.count(&label, "SpanningFragCount")?,
            clipped_reads: None,
            fusion_fraction: None,
        };
        match place(namer, &label, row.line, left, right, "STAR-Fusion", support)? {
            Placed::Skip(reason) => stats.skip(reason),
            Placed::Candidate(mut c) => {
                c.frame_hint = row
                    .get("PROT_FUSION_TYPE")
                    .filter(|f| !f.is_empty() && *f != ".")
                    .map(str::to_string);
                c.notes.push(format!(
                    "STAR-Fusion {} at line {}",
                    row.get("FusionName").unwrap_or(""),
                    row.line
                ));
                for column in ["SpliceType", "FFPM"] {
                    if let Some(v) = row.get(column).filter(|v| !v.is_empty() && *v != ".") {
                        c.notes.push(format!("STAR-Fusion {column}: {v}"));
                    }
                }
                candidates.push(*c);
            }
        }
        Ok(())
    })?;
    stats.records_read = rows;
    Ok(SourceOutput { candidates, stats })
}
