//! ALK fusions from RNA fusion callers: Arriba `fusions.tsv` and STAR-Fusion
//! `star-fusion.fusion_predictions(.abridged)(.coding_effect).tsv`.

mod arriba;
mod star_fusion;
mod table;

pub use arriba::{check as check_arriba, read as read_arriba};
pub use star_fusion::{check as check_star_fusion, read as read_star_fusion};
pub use table::locus;

use crate::error::{Error, Result};

use super::breakend::{Breakend, Candidate, JunctionKind, Side, Support};
use super::naming::Namer;

/// A caller's gene this far from the shipped transcript of that gene means another build
/// (the GRCh37-GRCh38 offsets of the panel genes are 200-400 kb).
const BUILD_CHECK_PADDING: u64 = 50_000;

/// One side of a caller's fusion call.
struct CallSide<'a> {
    gene: &'a str,
    chrom: &'a str,
    pos: u64,
    side: Side,
}

enum Placed {
    Candidate(Box<Candidate>),
    Skip(&'static str),
}

/// Gene name without caller decorations (`EML4^ENSG…`, `GENE(1234),OTHER(55)`).
fn bare_gene(name: &str) -> &str {
    let name = name.split('^').next().unwrap_or(name);
    let name = name.split(',').next().unwrap_or(name);
    name.split('(').next().unwrap_or(name).trim()
}

/// The ALK side and the partner of a call. A call that names ALK at a position outside
/// ALK on this build is a build mismatch, not a skip.
fn place(
    namer: &Namer,
    label: &str,
    line: u64,
    a: CallSide,
    b: CallSide,
    source: &str,
    support: Support,
) -> Result<Placed> {
    let in_a = namer.in_alk(a.chrom, a.pos);
    let in_b = namer.in_alk(b.chrom, b.pos);
    let (alk, partner) = match (in_a, in_b) {
        (true, true) => return Ok(Placed::Skip("both breakpoints in ALK (intragenic)")),
        (true, false) => (a, b),
        (false, true) => (b, a),
        (false, false) => {
            if let Some(named) = [&a, &b].into_iter().find(|s| bare_gene(s.gene) == "ALK") {
                let build = namer.alk_build();
                return Err(Error::BuildMismatch {
                    path: label.to_string(),
                    message: format!(
                        "line {line}: {source} names ALK at {}:{}, which is outside ALK on {build}; \
                         is the file on {}? (pass --build)",
                        named.chrom,
                        named.pos,
                        build.other()
                    ),
                });
            }
            return Ok(Placed::Skip("not an ALK fusion"));
        }
    };
    let named = bare_gene(partner.gene);
    if namer.gene_near(named, partner.chrom, partner.pos, BUILD_CHECK_PADDING) == Some(false) {
        let build = namer.alk_build();
        return Err(Error::BuildMismatch {
            path: label.to_string(),
            message: format!(
                "line {line}: {source} names {named} at {}:{}, which is not in {named} on {build}; \
                 is the file on {}? (pass --build)",
                partner.chrom,
                partner.pos,
                build.other()
            ),
        });
    }
    Ok(Placed::Candidate(Box::new(Candidate {
        alk: Breakend::new(alk.chrom, alk.pos, alk.side),
        partner: Breakend::new(partner.chrom, partner.pos, partner.side),
        kind: JunctionKind::Transcript,
        support,
        source: source.to_string(),
        partner_gene_hint: Some(bare_gene(partner.gene).to_string()).filter(|g| !g.is_empty()),
        frame_hint: None,
        doubts: Vec::new(),
        notes: Vec::new(),
    })))
}
