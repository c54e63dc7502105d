//! Annotations already in the VCF (Ensembl VEP `CSQ`, SnpEff `ANN`), used for genes whose
//! sequence alkres does not ship, and always credited to their source.

use noodles::vcf;

use crate::transcript::codon::one_letter;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExternalAnnotation {
    /// `VEP CSQ` or `SnpEff ANN`.
    pub source: &'static str,
    pub gene: String,
    pub transcript: String,
    pub consequence: String,
    pub exon: Option<String>,
    pub hgvs_c: Option<String>,
    pub hgvs_p: Option<String>,
    /// VEP's transcript flags: `MANE_SELECT` (its RefSeq match), `PICK`, `CANONICAL`.
    pub mane_select: Option<String>,
    pub pick: bool,
    pub canonical: bool,
    /// The highest population allele frequency VEP reports (`MAX_AF`, `gnomAD*_AF`, …),
    /// with the field it came from.
    pub population_af: Option<(String, f64)>,
}

/// VEP CSQ fields holding a population allele frequency, in order of preference.
pub const CSQ_POPULATION_FIELDS: [&str; 7] = [
    "MAX_AF",
    "gnomADe_AF",
    "gnomADg_AF",
    "gnomAD_AF",
    "ExAC_AF",
    "AF",
    "gnomAD_AF_popmax",
];

/// Why an external entry was chosen among the gene's entries.
pub fn chosen_because(
    entries: &[ExternalAnnotation],
    gene: &str,
    own: &[&str],
) -> Option<(ExternalAnnotation, &'static str)> {
    let of_gene: Vec<&ExternalAnnotation> = entries.iter().filter(|e| e.gene == gene).collect();
    // Most panel records carry no CSQ/ANN at all: nothing to choose, nothing to allocate.
    if of_gene.is_empty() {
        return None;
    }
    let bare = |id: &str| id.split('.').next().unwrap_or(id).to_string();
    let own: Vec<String> = own.iter().map(|id| bare(id)).collect();
    type Rule<'r> = &'r dyn Fn(&ExternalAnnotation) -> bool;
    let rules: [(&'static str, Rule); 4] = [
        ("alkres's transcript", &|e| {
            own.contains(&bare(&e.transcript))
        }),
        ("MANE_SELECT", &|e| e.mane_select.is_some()),
        ("PICK", &|e| e.pick),
        ("CANONICAL", &|e| e.canonical),
    ];
    for (why, rule) in rules {
        if let Some(e) = of_gene.iter().find(|e| rule(e)) {
            return Some(((*e).clone(), why));
        }
    }
    of_gene.first().map(|e| {
        (
            (*e).clone(),
            "first entry for the gene (no MANE_SELECT, PICK or CANONICAL flag)",
        )
    })
}

/// The `|`-separated field names of VEP's CSQ, from its header description.
pub fn csq_fields(header: &vcf::Header) -> Option<Vec<String>> {
    let info = header.infos().get("CSQ")?;
    let description = info.description();
    let format = description.split("Format:").nth(1)?.trim();
    Some(format.split('|').map(|f| f.trim().to_string()).collect())
}

fn decode(text: &str) -> String {
    text.replace("%3D", "=")
        .replace("%3B", ";")
        .replace("%2C", ",")
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| decode(text))
}

/// Drop an accession prefix (`ENST00000389048.7:c.3604G>A` → `c.3604G>A`).
fn strip_accession(text: &str) -> String {
    text.rsplit_once(':')
        .map_or(text, |(_, hgvs)| hgvs)
        .to_string()
}

/// VEP entries for ALT number `alt_number` (1-based) whose allele text is `allele_text`.
pub fn parse_csq(
    value: &str,
    fields: &[String],
    alt_number: usize,
    allele_text: &str,
) -> Vec<ExternalAnnotation> {
    let column = |name: &str| fields.iter().position(|f| f == name);
    let (Some(allele), Some(consequence)) = (column("Allele"), column("Consequence")) else {
        return Vec::new();
    };
    fn cell<'a>(parts: &[&'a str], index: Option<usize>) -> Option<&'a str> {
        index.and_then(|i| parts.get(i).copied())
    }
    let get = |parts: &[&'_ str], name: &str| -> Option<String> {
        cell(parts, column(name)).map(String::from)
    };
    value
        .split(',')
        .filter_map(|entry| {
            let parts: Vec<&str> = entry.split('|').collect();
            let matches = match get(&parts, "ALLELE_NUM") {
                Some(n) if !n.is_empty() => n == alt_number.to_string(),
                _ => parts.get(allele).copied() == Some(allele_text),
            };
            matches.then(|| ExternalAnnotation {
                source: "VEP CSQ",
                gene: get(&parts, "SYMBOL").unwrap_or_default(),
                transcript: get(&parts, "Feature").unwrap_or_default(),
                consequence: parts.get(consequence).unwrap_or(&"").to_string(),
                exon: get(&parts, "EXON").as_deref().and_then(non_empty),
                hgvs_c: get(&parts, "HGVSc")
                    .as_deref()
                    .and_then(non_empty)
                    .map(|h| strip_accession(&h)),
                hgvs_p: get(&parts, "HGVSp")
                    .as_deref()
                    .and_then(non_empty)
                    .map(|h| strip_accession(&h)),
                mane_select: get(&parts, "MANE_SELECT")
                    .or_else(|| get(&parts, "MANE"))
                    .as_deref()
                    .and_then(non_empty),
                pick: get(&parts, "PICK").as_deref() == Some("1"),
                canonical: get(&parts, "CANONICAL").as_deref() == Some("YES"),
                population_af: CSQ_POPULATION_FIELDS
                    .iter()
                    .filter_map(|name| {
                        // `0.61&0.61` when VEP merges co-located variants: take the largest.
                        let values = get(&parts, name)?;
                        let best = values
                            .split('&')
                            .filter_map(|v| v.parse::<f64>().ok())
                            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))?;
                        Some((name.to_string(), best))
                    })
                    .max_by(|a, b| a.1.total_cmp(&b.1)),
            })
        })
        .collect()
}

/// SnpEff ANN entries (fixed field order of the ANN specification) for the VCF ALT `alt`.
pub fn parse_ann(value: &str, alt: &str) -> Vec<ExternalAnnotation> {
    value
        .split(',')
        .filter_map(|entry| {
            let parts: Vec<&str> = entry.split('|').collect();
            if parts.len() < 11 || parts[0] != alt {
                return None;
            }
            Some(ExternalAnnotation {
                source: "SnpEff ANN",
                gene: parts[3].to_string(),
                transcript: parts[6].to_string(),
                consequence: parts[1].to_string(),
                exon: non_empty(parts[8]),
                hgvs_c: non_empty(parts[9]),
                hgvs_p: non_empty(parts[10]),
                mane_select: None,
                pick: false,
                canonical: false,
                population_af: None,
            })
        })
        .collect()
}

/// The clinic short form of a three-letter HGVS protein change:
/// `p.Gly1202Arg` → `G1202R`, `p.Thr1151dup` → `T1151dup`, `p.Gly1202AlafsTer12` → `G1202Afs*12`.
pub fn short_protein(hgvs_p: &str) -> Option<String> {
    let body = hgvs_p.strip_prefix("p.")?;
    let body = body.trim_start_matches('(').trim_end_matches(')');
    let bytes = body.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_uppercase() && i + 3 <= bytes.len() {
            let aa = one_letter(&body[i..i + 3])?;
            out.push(aa as char);
            i += 3;
        } else {
            out.push(c as char);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms() {
        assert_eq!(short_protein("p.Gly1202Arg").as_deref(), Some("G1202R"));
        assert_eq!(short_protein("p.Thr1151dup").as_deref(), Some("T1151dup"));
        assert_eq!(short_protein("p.(Gly12Cys)").as_deref(), Some("G12C"));
        assert_eq!(
            short_protein("p.Gly1202AlafsTer12").as_deref(),
            Some("G1202Afs*12")
        );
        assert_eq!(
            short_protein("p.Glu746_Ala750del").as_deref(),
            Some("E746_A750del")
        );
        assert_eq!(short_protein("c.1A>G"), None);
    }

    #[test]
    fn vep_entries_match_by_allele_and_strip_accessions() {
        let fields: Vec<String> = "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp"
            .split('|')
            .map(String::from)
            .collect();
        let value = "T|missense_variant|MODERATE|MET|ENSG1|Transcript|ENST00000397752|protein_coding|14/21||ENST00000397752.8:c.3029C>T|ENSP00000380860.3:p.Thr1010Ile,G|intron_variant|MODIFIER|MET|ENSG1|Transcript|ENST2|protein_coding||3/20|||";
        let found = parse_csq(value, &fields, 1, "T");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].hgvs_p.as_deref(), Some("p.Thr1010Ile"));
        assert_eq!(found[0].hgvs_c.as_deref(), Some("c.3029C>T"));
        assert_eq!(found[0].exon.as_deref(), Some("14/21"));
    }

    #[test]
    fn the_vep_transcript_is_chosen_by_alkres_then_mane_pick_canonical() {
        let fields: Vec<String> =
            "Allele|Consequence|SYMBOL|Feature|HGVSp|CANONICAL|MANE_SELECT|PICK|gnomADe_AF|MAX_AF"
                .split('|')
                .map(String::from)
                .collect();
        // MET on the long isoform first (D1246N), then the MANE Select one (D1228N).
        let value = "A|missense_variant|MET|ENST00000318493|p.Asp1246Asn|||||,\
                     A|missense_variant|MET|ENST00000397752|p.Asp1228Asn|YES|NM_000245.4||0.0001|0.0002,\
                     A|missense_variant|MET|ENST00000436117|p.Asp1228Asn|||1||";
        let found = parse_csq(value, &fields, 1, "A");
        assert_eq!(found.len(), 3);
        assert_eq!(found[1].population_af, Some(("MAX_AF".to_string(), 0.0002)));
        let (e, why) = chosen_because(&found, "MET", &["ENST00000397752.3"]).unwrap();
        assert_eq!(
            (e.hgvs_p.as_deref(), why),
            (Some("p.Asp1228Asn"), "alkres's transcript")
        );
        let (e, why) = chosen_because(&found, "MET", &["ENST00000999999"]).unwrap();
        assert_eq!(
            (e.transcript.as_str(), why),
            ("ENST00000397752", "MANE_SELECT")
        );
        let no_mane: Vec<ExternalAnnotation> = found
            .iter()
            .cloned()
            .map(|mut e| {
                e.mane_select = None;
                e
            })
            .collect();
        let (e, why) = chosen_because(&no_mane, "MET", &[]).unwrap();
        assert_eq!((e.transcript.as_str(), why), ("ENST00000436117", "PICK"));
        let bare: Vec<ExternalAnnotation> = no_mane
            .into_iter()
            .map(|mut e| {
                e.pick = false;
                e
            })
            .collect();
        assert_eq!(
            chosen_because(&bare, "MET", &[]).unwrap().0.transcript,
            "ENST00000397752"
        );
        assert!(chosen_because(&bare, "KIT", &[]).is_none());
    }

    #[test]
    fn snpeff_entries_match_by_alt() {
        let value = "A|missense_variant|MODERATE|KIT|KIT|transcript|NM_000222.3|protein_coding|17/21|c.2447A>T|p.Asp816Val|2447/5147|2447/2931|816/976||";
        let found = parse_ann(value, "A");
        assert_eq!(found[0].gene, "KIT");
        assert_eq!(found[0].hgvs_p.as_deref(), Some("p.Asp816Val"));
        assert!(parse_ann(value, "C").is_empty());
    }
}
