//! Arriba `fusions.tsv` (v1 and v2 column sets, read by name).
//!
//! `breakpoint1/2` are 1-based `chrom:pos`; `direction1/2` say on which side of the breakpoint
//! the partner is joined (`downstream`: at higher coordinates, so the bases up to the
//! breakpoint are kept). Without direction columns the transcribed strands (`strand1(gene/fusion)`)
//! and the 5'/3' roles of gene1/gene2 give the same.

use std::path::Path;

use crate::error::{Error, Result};
use crate::fusion::breakend::{Side, Support};
use crate::fusion::naming::Namer;
use crate::fusion::stats::{InputStats, SourceOutput};

use super::table::{check_header, for_each_row, locus};
use super::{place, CallSide, Placed};

/// Arriba confidence levels a finding accepts (Arriba's own `low` marks likely artefacts;
/// Uhrig 2021, Genome Res 31:448, doi:10.1101/gr.257246.119).
pub const ARRIBA_CONFIDENT: [&str; 2] = ["medium", "high"];

const REQUIRED: [&str; 4] = ["gene1", "gene2", "breakpoint1", "breakpoint2"];

fn side_from_direction(direction: Option<&str>) -> Option<Side> {
    match direction? {
        "downstream" => Some(Side::Left),
        "upstream" => Some(Side::Right),
        _ => None,
    }
}

/// Fallback: gene1 is the 5' partner, gene2 the 3' partner; the fusion strand is the
/// part after '/' in `strand1(gene/fusion)`.
fn side_from_strand(strand: Option<&str>, five_prime: bool) -> Option<Side> {
    let fusion = strand?.split('/').nth(1)?.chars().next()?;
    match (fusion, five_prime) {
        ('+', true) | ('-', false) => Some(Side::Left),
        ('-', true) | ('+', false) => Some(Side::Right),
        _ => None,
    }
}

/// Whether `path` is an Arriba fusions.tsv (its header row only).
pub fn check(path: &Path) -> Result<()> {
    check_header(path, "Arriba fusions.tsv", &REQUIRED)
}

pub fn read(path: &Path, namer: &Namer) -> Result<SourceOutput> {
    let label = path.display().to_string();
    let mut stats = InputStats::new(&label, "Arriba");
    let mut candidates = Vec::new();
    let rows = for_each_row(path, "Arriba fusions.tsv", &REQUIRED, |row| {
        let bad = |m: String| Error::bad_record(&label, row.line, m);
        let side_n = |n: u32| -> Result<CallSide> {
            let gene = row.get(&format!("gene{n}")).unwrap_or("");
            let bp = row.get(&format!("breakpoint{n}")).unwrap_or("");
            let (chrom, pos, _) =
                locus(bp).ok_or_else(|| bad(format!("breakpoint{n} '{bp}' is not chrom:pos")))?;
            let side = side_from_direction(row.get(&format!("direction{n}")))
                .or_else(|| side_from_strand(row.get(&format!("strand{n}(gene/fusion)")), n == 1))
                .ok_or_else(|| {
                    bad(format!(
                        "no orientation for breakpoint{n}: neither direction{n} nor strand{n}(gene/fusion) is usable"
                    ))
                })?;
            Ok(CallSide {
                gene,
                chrom,
                pos,
                side,
            })
        };
        let (a, b) = (side_n(1)?, side_n(2)?);
        let alk_coverage = if namer.in_alk(a.chrom, a.pos) {
            row.get("coverage1")
        } else {
            row.get("coverage2")
        };
        let count = |column: &str| row.count(&label, column).map(Option::unwrap_or_default);
        let split = count("split_reads1")?.saturating_add(count("split_reads2")?);
        let support = Support {
            split_reads: Some(split),
            discordant_pairs: Some(count("discordant_mates")?),
            clipped_reads: None,
            fusion_fraction: None,
        };
        match place(namer, &label, row.line, a, b, "Arriba", support)? {
            Placed::Skip(reason) => stats.skip(reason),
            Placed::Candidate(mut c) => {
                c.frame_hint = row
                    .get("reading_frame")
                    .filter(|f| !f.is_empty() && *f != ".")
                    .map(str::to_string);
                c.notes.push(format!("Arriba row at line {}", row.line));
                for (column, what) in [
                    ("confidence", "confidence"),
                    ("type", "type"),
                    ("site1", "site1"),
                    ("site2", "site2"),
                ] {
                    if let Some(v) = row.get(column).filter(|v| !v.is_empty() && *v != ".") {
                        c.notes.push(format!("Arriba {what}: {v}"));
                    }
                }
                if let Some(level) = row.get("confidence").filter(|v| !v.is_empty() && *v != ".") {
                    if !ARRIBA_CONFIDENT.contains(&level) {
                        c.doubts.push(format!(
                            "Arriba confidence {level} (a finding needs {})",
                            ARRIBA_CONFIDENT.join(" or ")
                        ));
                    }
                }
                if let Some(f) = row.get("filters").filter(|v| !v.is_empty() && *v != ".") {
                    c.notes.push(format!("Arriba filters: {f}"));
                }
                if let Some(cov) = alk_coverage.filter(|v| !v.is_empty() && *v != ".") {
                    c.notes
                        .push(format!("Arriba coverage at the ALK breakpoint: {cov}"));
                }
                candidates.push(*c);
            }
        }
        Ok(())
    })?;
    stats.records_read = rows;
    Ok(SourceOutput { candidates, stats })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orientation_from_direction_or_strands() {
        assert_eq!(side_from_direction(Some("downstream")), Some(Side::Left));
        assert_eq!(side_from_direction(Some("upstream")), Some(Side::Right));
        // EML4 (+) as 5' gene keeps the left side; ALK (-) as 3' gene too.
        assert_eq!(side_from_strand(Some("+/+"), true), Some(Side::Left));
        assert_eq!(side_from_strand(Some("-/-"), false), Some(Side::Left));
        assert_eq!(side_from_strand(Some("-/-"), true), Some(Side::Right));
        assert_eq!(side_from_strand(Some("./."), true), None);
    }
}
