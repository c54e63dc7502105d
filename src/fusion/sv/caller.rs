//! Which SV caller wrote a VCF, and how each one counts read support.

use crate::fusion::breakend::Support;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Manta,
    /// DRAGEN's SV caller (Manta's method): `##source=DRAGEN_SV`, IDs `DRAGEN:BND:…`, and
    /// Manta's per-sample `PR`/`SR` ref,alt pairs.
    Dragen,
    Gridss,
    Delly,
    Lumpy,
    Svaba,
    FusionCatcher,
    Other,
}

impl Caller {
    pub fn label(self) -> &'static str {
        match self {
            Caller::Manta => "Manta",
            Caller::Dragen => "DRAGEN",
            Caller::Gridss => "GRIDSS",
            Caller::Delly => "DELLY",
            Caller::Lumpy => "LUMPY",
            Caller::Svaba => "SvABA",
            Caller::FusionCatcher => "FusionCatcher",
            Caller::Other => "SV VCF",
        }
    }

    /// From the header text (`##source=`, caller-specific INFO keys).
    pub fn detect(header: &str) -> Caller {
        let lower = header.to_ascii_lowercase();
        let has = |s: &str| lower.contains(s);
        if has("##source=generatesvcandidates") || has("##source=manta") || has("mantabnd") {
            Caller::Manta
        } else if has("##source=dragen_sv") {
            Caller::Dragen
        } else if has("##source=svaba") || has("##info=<id=evdnc,") {
            // SvABA's ##source is its command line; EVDNC (evidence type) is its own key.
            Caller::Svaba
        } else if has("##source=fusioncatcher") {
            Caller::FusionCatcher
        } else if has("##source=lumpy") || has("##source=smoove") {
            Caller::Lumpy
        } else if has("##source=delly") || has("delly") {
            Caller::Delly
        } else if has("##source=gridss")
            || has("##gridssversion")
            || has("##info=<id=assr,")
            || has("##info=<id=bvf,")
        {
            Caller::Gridss
        } else {
            Caller::Other
        }
    }

    /// From a record ID, when the header did not tell.
    pub fn from_id(id: &str) -> Caller {
        if id.starts_with("Manta") {
            Caller::Manta
        } else if id.starts_with("DRAGEN:") {
            Caller::Dragen
        } else if id.starts_with("gridss") {
            Caller::Gridss
        } else if ["DEL0", "DUP0", "INV0", "BND0", "TRA0", "INS0"]
            .iter()
            .any(|p| id.starts_with(p))
        {
            Caller::Delly
        } else {
            Caller::Other
        }
    }
}

/// Lookup of INFO and per-sample FORMAT values of one record.
pub trait Fields {
    fn info(&self, key: &str) -> Option<&str>;
    fn format(&self, key: &str) -> Option<&str>;
}

fn first_u32(v: &str) -> Option<u32> {
    v.split(',')
        .next()?
        .trim()
        .parse::<f64>()
        .ok()
        .map(|x| x.max(0.0) as u32)
}

fn values(v: &str) -> Vec<u32> {
    v.split(',')
        .filter_map(|x| x.trim().parse::<f64>().ok().map(|x| x.max(0.0) as u32))
        .collect()
}

/// `ref,alt` pairs (Manta PR/SR).
fn ref_alt(v: Option<&str>) -> Option<(u32, u32)> {
    match values(v?).as_slice() {
        [r, a] => Some((*r, *a)),
        _ => None,
    }
}

fn fraction(alt: u32, total: u32) -> Option<f64> {
    (total > 0).then(|| f64::from(alt) / f64::from(total))
}

/// FORMAT (chosen sample) first, then INFO.
fn either<F: Fields>(f: &F, key: &str) -> Option<u32> {
    f.format(key)
        .and_then(first_u32)
        .or_else(|| f.info(key).and_then(first_u32))
}

/// The fields [`support`] reads for `caller` on this record, for the output to name.
pub fn support_fields<F: Fields>(caller: Caller, f: &F) -> &'static str {
    match caller {
        Caller::Manta | Caller::Dragen => "FORMAT/PR,SR",
        Caller::Delly => "FORMAT/DV,RV,DR,RR (else INFO/PE,SR)",
        Caller::Gridss if ["SR", "RP", "VF"].iter().any(|k| f.format(k).is_some()) => {
            "FORMAT/SR,RSR,RP,VF,REF,REFPAIR,BSC"
        }
        Caller::Gridss => "INFO/SR,RSR,RP,VF,REF,REFPAIR,BSC",
        Caller::Svaba => "FORMAT/SR,DR",
        Caller::FusionCatcher => "INFO/SR,SP",
        Caller::Lumpy | Caller::Other => "SR,PE (FORMAT, else INFO), FORMAT/AB",
    }
}

pub fn support<F: Fields>(caller: Caller, f: &F) -> Support {
    match caller {
        Caller::Manta | Caller::Dragen => {
            let pr = ref_alt(f.format("PR"));
            let sr = ref_alt(f.format("SR"));
            let alt = pr.map_or(0, |p| p.1) + sr.map_or(0, |s| s.1);
            let total = pr.map_or(0, |p| p.0 + p.1) + sr.map_or(0, |s| s.0 + s.1);
            Support {
                split_reads: sr.map(|s| s.1),
                discordant_pairs: pr.map(|p| p.1),
                clipped_reads: None,
                fusion_fraction: fraction(alt, total),
            }
        }
        Caller::Delly => {
            let dv = f.format("DV").and_then(first_u32);
            let rv = f.format("RV").and_then(first_u32);
            let dr = f.format("DR").and_then(first_u32);
            let rr = f.format("RR").and_then(first_u32);
            let frac = match (dv, rv, dr, rr) {
                (Some(dv), Some(rv), Some(dr), Some(rr)) => fraction(dv + rv, dv + rv + dr + rr),
                _ => None,
            };
            Support {
                split_reads: rv.or_else(|| f.info("SR").and_then(first_u32)),
                discordant_pairs: dv.or_else(|| f.info("PE").and_then(first_u32)),
                clipped_reads: None,
                fusion_fraction: frac,
            }
        }
        Caller::Gridss => {
            // Per-sample FORMAT counts when the file has them (somatic runs), else INFO totals;
            // never a mix of the two.
            let per_sample = ["SR", "RP", "VF"].iter().any(|k| f.format(k).is_some());
            let get = |k: &str| {
                if per_sample {
                    f.format(k).and_then(first_u32)
                } else {
                    f.info(k).and_then(first_u32)
                }
            };
            let split = match (get("SR"), get("RSR")) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
            };
            let reference = get("REF").unwrap_or(0) + get("REFPAIR").unwrap_or(0);
            let frac = get("VF")
                .and_then(|vf| fraction(vf, vf + reference))
                .or_else(|| {
                    f.info("BPI_AF")
                        .and_then(|v| v.split(',').next()?.parse().ok())
                });
            Support {
                split_reads: split,
                discordant_pairs: get("RP"),
                clipped_reads: get("BSC"),
                fusion_fraction: frac,
            }
        }
        Caller::Svaba => Support {
            // Per sample: SR split (spanning) reads, DR discordant reads. Its DP counts reads
            // at the site by another rule than AD's (AD can exceed it), so no fraction.
            split_reads: f.format("SR").and_then(first_u32),
            discordant_pairs: f.format("DR").and_then(first_u32),
            clipped_reads: None,
            fusion_fraction: None,
        },
        Caller::FusionCatcher => Support {
            // RNA: SR reads on the fusion junction, SP pairs spanning it (INFO; no samples).
            split_reads: f.info("SR").and_then(first_u32),
            discordant_pairs: f.info("SP").and_then(first_u32),
            clipped_reads: None,
            fusion_fraction: None,
        },
        Caller::Lumpy | Caller::Other => Support {
            split_reads: either(f, "SR"),
            discordant_pairs: either(f, "PE"),
            clipped_reads: None,
            fusion_fraction: f.format("AB").and_then(|v| v.parse().ok()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Map(
        HashMap<&'static str, &'static str>,
        HashMap<&'static str, &'static str>,
    );
    impl Fields for Map {
        fn info(&self, key: &str) -> Option<&str> {
            self.0.get(key).copied()
        }
        fn format(&self, key: &str) -> Option<&str> {
            self.1.get(key).copied()
        }
    }

    #[test]
    fn each_caller_counts_its_own_way() {
        let manta = Map(
            HashMap::new(),
            HashMap::from([("PR", "30,10"), ("SR", "20,12")]),
        );
        let s = support(Caller::Manta, &manta);
        assert_eq!((s.split_reads, s.discordant_pairs), (Some(12), Some(10)));
        assert!((s.fusion_fraction.unwrap() - 22.0 / 72.0).abs() < 1e-9);

        let delly = Map(
            HashMap::from([("PE", "9"), ("SR", "4")]),
            HashMap::from([("DR", "20"), ("DV", "8"), ("RR", "10"), ("RV", "2")]),
        );
        let s = support(Caller::Delly, &delly);
        assert_eq!((s.split_reads, s.discordant_pairs), (Some(2), Some(8)));
        assert!((s.fusion_fraction.unwrap() - 0.25).abs() < 1e-9);

        let gridss = Map(
            HashMap::from([
                ("SR", "5"),
                ("RSR", "3"),
                ("RP", "7"),
                ("VF", "15"),
                ("REF", "30"),
                ("REFPAIR", "15"),
            ]),
            HashMap::new(),
        );
        let s = support(Caller::Gridss, &gridss);
        assert_eq!((s.split_reads, s.discordant_pairs), (Some(8), Some(7)));
        assert!((s.fusion_fraction.unwrap() - 0.25).abs() < 1e-9);

        let svaba = Map(
            HashMap::new(),
            HashMap::from([("AD", "63"), ("DP", "9"), ("SR", "22"), ("DR", "44")]),
        );
        let s = support(Caller::Svaba, &svaba);
        assert_eq!((s.split_reads, s.discordant_pairs), (Some(22), Some(44)));
        assert_eq!(s.fusion_fraction, None);

        let fusioncatcher = Map(HashMap::from([("SR", "4"), ("SP", "5")]), HashMap::new());
        let s = support(Caller::FusionCatcher, &fusioncatcher);
        assert_eq!((s.split_reads, s.discordant_pairs), (Some(4), Some(5)));

        let lumpy = Map(HashMap::from([("PE", "413"), ("SR", "0")]), HashMap::new());
        let s = support(Caller::Lumpy, &lumpy);
        assert_eq!((s.split_reads, s.discordant_pairs), (Some(0), Some(413)));
    }

    #[test]
    fn callers_are_told_apart_by_header_and_id() {
        assert_eq!(
            Caller::detect("##source=GenerateSVCandidates 1.6.0\n"),
            Caller::Manta
        );
        assert_eq!(Caller::detect("##source=LUMPY\n"), Caller::Lumpy);
        assert_eq!(
            Caller::detect("##INFO=<ID=SVMETHOD,Number=1,Type=String,Description=\"Type of approach used to detect SV\">\n##source=DELLY"),
            Caller::Delly
        );
        assert_eq!(
            Caller::detect("##INFO=<ID=ASSR,Number=1,Type=Integer,Description=\"x\">\n"),
            Caller::Gridss
        );
        assert_eq!(
            Caller::detect("##source=svaba run -t t.bam -n n.bam -G ref.fa -a x\n"),
            Caller::Svaba
        );
        assert_eq!(Caller::from_id("MantaBND:5:671:677:0:0:0:0"), Caller::Manta);
        assert_eq!(Caller::from_id("gridss2_5432o"), Caller::Gridss);
        assert_eq!(Caller::from_id("INV00000001"), Caller::Delly);
    }
}
