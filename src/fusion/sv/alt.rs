//! The adjacencies one SV record describes: VCF breakend (bracket) notation, and the
//! symbolic `<DEL>`, `<DUP>`, `<INV>`, `<TRA>`/`<BND>` alleles with `END`, `CHR2`, `POS2`,
//! DELLY `CT`, LUMPY `STRANDS` and Manta `INV3`/`INV5`.

use crate::fusion::breakend::{Breakend, Side};

/// Orientation-relevant INFO of one record.
#[derive(Debug, Default, Clone)]
pub struct SvInfo<'a> {
    pub svtype: Option<&'a str>,
    pub end: Option<u64>,
    pub chr2: Option<&'a str>,
    pub pos2: Option<u64>,
    /// DELLY connection type: `3to5`, `5to3`, `3to3`, `5to5`.
    pub ct: Option<&'a str>,
    /// LUMPY strands: `++:12,--:8`.
    pub strands: Option<&'a str>,
    pub inv3: bool,
    pub inv5: bool,
}

/// What a record says about rearrangements.
#[derive(Debug, Clone, PartialEq)]
pub enum Described {
    /// Junctions joining two breakends; with several, the record does not say which (e.g. an
    /// `<INV>` without orientation has two).
    Adjacencies {
        list: Vec<(Breakend, Breakend)>,
        /// How the orientation was read (for notes).
        orientation: &'static str,
    },
    /// A single breakend (`A.` / `.A`): no partner locus.
    Single,
    /// Not a rearrangement (insertion, CNV, small variant): with the reason.
    NotRearrangement(&'static str),
    /// A rearrangement allele that cannot be read: with the problem.
    Malformed(String),
}

/// Parse `t[p[`, `t]p]`, `]p]t`, `[p[t`: (local side, remote breakend).
pub fn parse_bracket(alt: &str) -> Option<Result<(Side, Breakend), String>> {
    let first = alt.find(['[', ']'])?;
    let bracket = alt.as_bytes()[first];
    let rest = &alt[first + 1..];
    let Some(close) = rest.find(bracket as char) else {
        return Some(Err(format!("unbalanced breakend ALT '{alt}'")));
    };
    let mate = &rest[..close];
    let local = if first == 0 { Side::Right } else { Side::Left };
    // '[' : the remote piece extends to the right of p; ']' : to the left.
    let remote_side = if bracket == b'[' {
        Side::Right
    } else {
        Side::Left
    };
    let Some((chrom, pos)) = mate.rsplit_once(':') else {
        return Some(Err(format!("breakend ALT '{alt}' has no chrom:pos")));
    };
    let chrom = chrom.trim_start_matches('<').trim_end_matches('>');
    match pos.parse::<u64>() {
        Ok(pos) if !chrom.is_empty() => Some(Ok((local, Breakend::new(chrom, pos, remote_side)))),
        _ => Some(Err(format!("breakend ALT '{alt}': bad mate position"))),
    }
}

fn connection(ct: &str) -> Option<(Side, Side)> {
    match ct {
        "3to5" => Some((Side::Left, Side::Right)),
        "5to3" => Some((Side::Right, Side::Left)),
        "3to3" => Some((Side::Left, Side::Left)),
        "5to5" => Some((Side::Right, Side::Right)),
        _ => None,
    }
}

/// Orientations listed in LUMPY `STRANDS` (`++:212,--:201`).
fn lumpy_strands(strands: &str) -> Vec<(Side, Side)> {
    strands
        .split(',')
        .filter_map(|s| {
            let mut c = s.chars();
            Some((Side::from_strand(c.next()?)?, Side::from_strand(c.next()?)?))
        })
        .collect()
}

pub fn describe(chrom: &str, pos: u64, alt: &str, info: &SvInfo) -> Described {
    if let Some(parsed) = parse_bracket(alt) {
        return match parsed {
            Ok((side, remote)) => Described::Adjacencies {
                list: vec![(Breakend::new(chrom, pos, side), remote)],
                orientation: "breakend notation",
            },
            Err(e) => Described::Malformed(e),
        };
    }
    if alt.len() > 1 && (alt.starts_with('.') || alt.ends_with('.')) {
        return Described::Single;
    }
    let symbolic = alt
        .strip_prefix('<')
        .and_then(|a| a.strip_suffix('>'))
        .map(|a| a.split(':').next().unwrap_or(a));
    let kind = match (symbolic, info.svtype) {
        (Some(s), _) => s.to_ascii_uppercase(),
        (None, Some(t)) => t.to_ascii_uppercase(),
        (None, None) => return Described::NotRearrangement("not a structural variant record"),
    };
    let explicit = info
        .ct
        .and_then(connection)
        .map(|o| vec![o])
        .or_else(|| info.strands.map(lumpy_strands).filter(|v| !v.is_empty()));
    let end = info.end;
    let same = |a: u64, sa: Side, b: u64, sb: Side| {
        (Breakend::new(chrom, a, sa), Breakend::new(chrom, b, sb))
    };
    match kind.as_str() {
        "DEL" | "DUP" | "INV" => {
            let Some(end) = end else {
                return Described::Malformed(format!("<{kind}> without END"));
            };
            if end < pos {
                return Described::Malformed(format!("END {end} is before POS {pos}"));
            }
            let junction = |(a, b): (Side, Side)| {
                // The side decides which base next to the event each breakend is.
                let at_pos = if a == Side::Left { pos } else { pos + 1 };
                let at_end = if b == Side::Left { end } else { end + 1 };
                same(at_pos, a, at_end, b)
            };
            let (orientations, how) = match (kind.as_str(), explicit) {
                (_, Some(list)) => (
                    list,
                    if info.ct.is_some() {
                        "DELLY CT"
                    } else {
                        "LUMPY STRANDS"
                    },
                ),
                ("DEL", None) => (vec![(Side::Left, Side::Right)], "<DEL>"),
                ("DUP", None) => (vec![(Side::Right, Side::Left)], "<DUP>"),
                (_, None) if info.inv3 && !info.inv5 => (vec![(Side::Left, Side::Left)], "INV3"),
                (_, None) if info.inv5 && !info.inv3 => (vec![(Side::Right, Side::Right)], "INV5"),
                _ => (
                    vec![(Side::Left, Side::Left), (Side::Right, Side::Right)],
                    "<INV> (both junctions)",
                ),
            };
            Described::Adjacencies {
                list: orientations.into_iter().map(junction).collect(),
                orientation: how,
            }
        }
        "TRA" | "BND" | "CTX" => {
            let Some(chr2) = info.chr2 else {
                return Described::Malformed(format!("<{kind}> without CHR2 (or breakend ALT)"));
            };
            let Some(pos2) = info.pos2.or(end) else {
                return Described::Malformed(format!("<{kind}> without POS2/END"));
            };
            let (orientations, how) = match explicit {
                Some(list) => (list, "DELLY CT"),
                None => (
                    vec![
                        (Side::Left, Side::Right),
                        (Side::Right, Side::Left),
                        (Side::Left, Side::Left),
                        (Side::Right, Side::Right),
                    ],
                    "translocation without orientation (all four considered)",
                ),
            };
            Described::Adjacencies {
                list: orientations
                    .into_iter()
                    .map(|(a, b)| (Breakend::new(chrom, pos, a), Breakend::new(chr2, pos2, b)))
                    .collect(),
                orientation: how,
            }
        }
        "INS" | "CNV" | "CN" | "DUP:INS" | "MEI" => {
            Described::NotRearrangement("insertion or copy-number record (no novel adjacency)")
        }
        _ => Described::NotRearrangement("not a structural variant record"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adj(d: Described) -> Vec<(Breakend, Breakend)> {
        match d {
            Described::Adjacencies { list, .. } => list,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bracket_notation_gives_both_sides() {
        let info = SvInfo::default();
        let b = |alt| adj(describe("chr2", 100, alt, &info))[0].clone();
        assert_eq!(
            b("G[chr2:500["),
            (
                Breakend::new("chr2", 100, Side::Left),
                Breakend::new("chr2", 500, Side::Right)
            )
        );
        assert_eq!(b("G]chr2:500]").1.side, Side::Left);
        assert_eq!(b("]chr2:500]G").0.side, Side::Right);
        assert_eq!(b("]chr2:500]G").1.side, Side::Left);
        assert_eq!(b("[chr2:500[G").1.side, Side::Right);
        assert_eq!(b("CA[chr12:84963533[").1.chrom, "chr12");
        assert_eq!(b("[CHR5:180477143[N").1.chrom, "CHR5");
        assert!(matches!(
            describe("1", 5, "G[chr2:x[", &info),
            Described::Malformed(_)
        ));
        assert_eq!(describe("1", 5, "G.", &info), Described::Single);
    }

    #[test]
    fn symbolic_alleles_follow_their_caller_conventions() {
        let mut info = SvInfo {
            end: Some(42524140),
            strands: Some("++:212,--:201"),
            ..Default::default()
        };
        let inv = adj(describe("chr2", 29447648, "<INV>", &info));
        assert_eq!(inv.len(), 2);
        assert_eq!(inv[0].0, Breakend::new("chr2", 29447648, Side::Left));
        assert_eq!(inv[0].1, Breakend::new("chr2", 42524140, Side::Left));
        assert_eq!(inv[1].0, Breakend::new("chr2", 29447649, Side::Right));
        info.strands = None;
        info.inv3 = true;
        assert_eq!(adj(describe("chr2", 10, "<INV>", &info)).len(), 1);
        let del = adj(describe(
            "chr2",
            10,
            "<DEL>",
            &SvInfo {
                end: Some(50),
                ..Default::default()
            },
        ));
        assert_eq!(
            del,
            vec![(
                Breakend::new("chr2", 10, Side::Left),
                Breakend::new("chr2", 51, Side::Right)
            )]
        );
        let dup = adj(describe(
            "chr2",
            10,
            "<DUP:TANDEM>",
            &SvInfo {
                end: Some(50),
                ..Default::default()
            },
        ));
        assert_eq!(
            dup,
            vec![(
                Breakend::new("chr2", 11, Side::Right),
                Breakend::new("chr2", 50, Side::Left)
            )]
        );
        let tra = SvInfo {
            chr2: Some("chr10"),
            end: Some(32000000),
            ct: Some("5to3"),
            ..Default::default()
        };
        let t = adj(describe("chr2", 29224000, "<TRA>", &tra));
        assert_eq!(
            t,
            vec![(
                Breakend::new("chr2", 29224000, Side::Right),
                Breakend::new("chr10", 32000000, Side::Left)
            )]
        );
        assert!(matches!(
            describe("chr2", 10, "<INS>", &info),
            Described::NotRearrangement(_)
        ));
        assert!(matches!(
            describe("chr2", 10, "<DEL>", &SvInfo::default()),
            Described::Malformed(_)
        ));
    }
}
