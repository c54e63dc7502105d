//! One VCF record → its ALT alleles (split, minimal) and what each sample says about them.

use noodles::vcf;
use noodles::vcf::variant::record::samples::series::value::genotype::Phasing;
use noodles::vcf::variant::record_buf::info::field::value::Array as InfoArray;
use noodles::vcf::variant::record_buf::info::field::Value as InfoValue;
use noodles::vcf::variant::record_buf::samples::sample::value::Array;
use noodles::vcf::variant::record_buf::samples::sample::Value;

use crate::allele::Allele;
use crate::io::vcf_record::{decode_lenient, RecordError};

/// The fields of a record that alkres uses, parsed.
#[derive(Debug, Clone)]
pub struct ParsedRecord {
    pub chrom: String,
    pub pos: u64,
    pub id: Option<String>,
    pub reference: String,
    pub alternates: Vec<String>,
    /// `None` when FILTER is `.` (not applied).
    pub filters: Option<Vec<String>>,
    pub info_depth: Option<u32>,
    pub info_af: Vec<Option<f64>>,
    /// INFO/DP4 (LoFreq, bcftools): ref-forward, ref-reverse, alt-forward, alt-reverse reads.
    pub info_dp4: Option<[u32; 4]>,
    /// Raw INFO strings of existing annotations, if present.
    pub csq: Option<String>,
    pub ann: Option<String>,
    /// Population allele frequencies in INFO (`gnomAD_AF`, `AF_popmax`, …; Mutect2's
    /// `POPAF` converted from -log10): the key and one value per ALT.
    pub population_af: Vec<(String, Vec<Option<f64>>)>,
    pub samples: Vec<SampleCall>,
    /// INFO entries left out because their value does not fit the header (`INFO/KEY (why)`).
    pub info_left_out: Vec<String>,
}

/// INFO keys holding a population allele frequency (gnomAD/ExAC annotations as written by
/// bcftools annotate, vcfanno, VEP `--vcf_info_field`, Nirvana exports).
pub const INFO_POPULATION_KEYS: [&str; 10] = [
    "gnomAD_AF",
    "gnomADe_AF",
    "gnomADg_AF",
    "gnomAD_AF_popmax",
    "AF_popmax",
    "gnomad_AF",
    "MAX_AF",
    "ExAC_AF",
    "AF_ExAC",
    "POPAF",
];

impl ParsedRecord {
    /// The highest population frequency INFO gives ALT `alt_index` (0-based), with its key.
    pub fn population_af(&self, alt_index: usize) -> Option<(String, f64)> {
        self.population_af
            .iter()
            .filter_map(|(key, values)| {
                let v = if values.len() == 1 {
                    values[0]
                } else {
                    values.get(alt_index).copied().flatten()
                };
                v.map(|v| (key.clone(), v))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    pub fn is_pass(&self) -> bool {
        match &self.filters {
            None => true,
            Some(f) => f.is_empty() || f.iter().all(|x| x == "PASS"),
        }
    }

    pub fn filter_text(&self) -> String {
        match &self.filters {
            None => ".".into(),
            Some(f) if f.is_empty() => "PASS".into(),
            Some(f) => f.join(";"),
        }
    }

    /// Alleles that can be annotated: symbolic (`<DEL>`), breakend and `*` alleles cannot.
    pub fn allele(&self, alt_index: usize) -> Option<Allele> {
        let alt = self.alternates.get(alt_index)?;
        let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b"ACGTNacgtn".contains(&b));
        (plain(alt) && plain(&self.reference))
            .then(|| Allele::from_vcf(&self.chrom, self.pos, &self.reference, alt))
    }
}

/// One sample's FORMAT values for a record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SampleCall {
    /// GT alleles (0 = REF, 1.. = ALT; None = missing) and whether the call is phased.
    pub alleles: Vec<Option<usize>>,
    pub phased: bool,
    pub genotype_text: Option<String>,
    pub phase_set: Option<i64>,
    pub depth: Option<u32>,
    pub allele_depths: Vec<Option<u32>>,
    pub allele_fractions: Vec<Option<f64>>,
    /// The FORMAT fields `allele_depths` came from (`FORMAT/AD`, Strelka's tier-1 counts,
    /// VarScan2's RD and AD) and `allele_fractions` (`FORMAT/AF`, DeepVariant's `VAF`).
    pub depths_from: Option<&'static str>,
    pub fractions_from: Option<&'static str>,
}

/// What a sample shows for one ALT allele.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlleleEvidence {
    pub genotype: Option<String>,
    pub phased: bool,
    pub phase_set: Option<i64>,
    /// GT positions (haplotype indices) carrying this ALT, when phased.
    pub haplotypes: Vec<usize>,
    pub depth: Option<u32>,
    pub alt_depth: Option<u32>,
    pub vaf: Option<f64>,
    /// Where the VAF came from: FORMAT/AF, FORMAT/VAF, FORMAT/AD, Strelka's tier-1 counts,
    /// VarScan2's RD/AD, INFO/AF.
    pub vaf_source: Option<&'static str>,
}

impl SampleCall {
    /// Whether the sample carries ALT `alt` (1-based ALT number): by GT when called,
    /// else by a non-zero allele depth or fraction (tumour-only callers often write no GT).
    pub fn carries(&self, alt: usize) -> bool {
        if self.alleles.iter().any(|a| a.is_some()) {
            return self.alleles.contains(&Some(alt));
        }
        let depth = self.allele_depths.get(alt).copied().flatten().unwrap_or(0);
        let fraction = self
            .allele_fractions
            .get(alt - 1)
            .copied()
            .flatten()
            .unwrap_or(0.0);
        depth > 0
            || fraction > 0.0
            || (self.allele_depths.is_empty() && self.allele_fractions.is_empty())
    }

    pub fn evidence(&self, alt: usize, record: &ParsedRecord) -> AlleleEvidence {
        let dp4 = record.info_dp4.filter(|_| record.alternates.len() == 1);
        let alt_depth = self.allele_depths.get(alt).copied().flatten().or_else(|| {
            dp4.map(|d| d[2] + d[3])
                .filter(|_| self.allele_depths.is_empty())
        });
        let ad_total: Option<u32> = (!self.allele_depths.is_empty())
            .then(|| self.allele_depths.iter().map(|d| d.unwrap_or(0)).sum());
        let dp4_total = dp4.map(|d| d.iter().sum::<u32>());
        let depth = self.depth.or(ad_total).or(record.info_depth).or(dp4_total);
        let (vaf, vaf_source) =
            if let Some(af) = self.allele_fractions.get(alt - 1).copied().flatten() {
                (Some(af), Some(self.fractions_from.unwrap_or("FORMAT/AF")))
            } else if let (Some(a), Some(total)) = (alt_depth, ad_total.filter(|t| *t > 0)) {
                let from = self.depths_from.unwrap_or("FORMAT/AD");
                (Some(f64::from(a) / f64::from(total)), Some(from))
            } else if let Some(af) = record.info_af.get(alt - 1).copied().flatten() {
                (Some(af), Some("INFO/AF"))
            } else if let (Some(a), Some(total)) = (alt_depth, dp4_total.filter(|t| *t > 0)) {
                (Some(f64::from(a) / f64::from(total)), Some("INFO/DP4"))
            } else {
                (None, None)
            };
        AlleleEvidence {
            genotype: self.genotype_text.clone(),
            phased: self.phased,
            phase_set: self.phase_set,
            haplotypes: self
                .alleles
                .iter()
                .enumerate()
                .filter(|(_, a)| **a == Some(alt))
                .map(|(i, _)| i)
                .collect(),
            depth,
            alt_depth,
            vaf,
            vaf_source,
        }
    }
}

/// Widen a VCF float without inventing digits: `0.12f32` becomes `0.12`, not `0.119999997`.
fn widen(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

/// Parse record line `number` with the header (typed by `io::vcf_record::decode_lenient`:
/// INFO entries that do not fit their definition are left out and listed).
pub fn parse_record(
    header: &vcf::Header,
    line: &[u8],
    number: u64,
) -> Result<ParsedRecord, RecordError> {
    let (record, info_left_out) = decode_lenient(header, line, number)?;
    let pos = record
        .variant_start()
        .ok_or_else(|| RecordError::new(number, "POS is missing"))?
        .get() as u64;
    let filters = {
        let set = record.filters().as_ref();
        (!set.is_empty()).then(|| set.iter().cloned().collect::<Vec<_>>())
    };
    let info = record.info();
    let info_depth = match info_field(info, "DP") {
        Some(Some(InfoValue::Integer(n))) => u32::try_from(*n).ok(),
        _ => None,
    };
    let info_af = match info_field(info, "AF") {
        Some(Some(InfoValue::Float(f))) => vec![Some(widen(*f))],
        Some(Some(InfoValue::Array(InfoArray::Float(values)))) => {
            values.iter().map(|v| v.map(widen)).collect()
        }
        _ => Vec::new(),
    };
    let info_string = |key: &str| match info_field(info, key) {
        Some(Some(InfoValue::String(s))) => Some(s.clone()),
        Some(Some(InfoValue::Array(InfoArray::String(values)))) => Some(
            values
                .iter()
                .map(|v| v.clone().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => None,
    };
    let info_dp4 = match info_field(info, "DP4") {
        Some(Some(InfoValue::Array(InfoArray::Integer(v)))) if v.len() == 4 => {
            let n = |i: usize| v[i].and_then(|x| u32::try_from(x).ok());
            match (n(0), n(1), n(2), n(3)) {
                (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
                _ => None,
            }
        }
        _ => None,
    };
    let alleles = Alleles {
        reference: record.reference_bases(),
        alternates: record.alternate_bases().as_ref(),
    };
    let number = |text: &str| text.trim().parse::<f64>().ok();
    let population_af = INFO_POPULATION_KEYS
        .iter()
        .filter_map(|key| {
            let values: Vec<Option<f64>> = match info_field(info, key)? {
                Some(InfoValue::Float(f)) => vec![Some(widen(*f))],
                Some(InfoValue::Array(InfoArray::Float(v))) => {
                    v.iter().map(|x| x.map(widen)).collect()
                }
                Some(InfoValue::String(text)) => text.split(',').map(number).collect(),
                Some(InfoValue::Array(InfoArray::String(v))) => {
                    v.iter().map(|x| x.as_deref().and_then(number)).collect()
                }
                _ => return None,
            };
            // Mutect2 writes POPAF as -log10(frequency).
            let values = if *key == "POPAF" {
                values
                    .into_iter()
                    .map(|v| v.map(|x| 10f64.powf(-x)))
                    .collect()
            } else {
                values
            };
            Some((key.to_string(), values))
        })
        .collect();
    let samples = record
        .samples()
        .values()
        .map(|sample| parse_sample(&sample, &alleles))
        .collect();
    Ok(ParsedRecord {
        chrom: record.reference_sequence_name().to_string(),
        pos,
        id: {
            let ids = record.ids().as_ref();
            (!ids.is_empty()).then(|| ids.iter().cloned().collect::<Vec<_>>().join(";"))
        },
        reference: record.reference_bases().to_string(),
        alternates: record.alternate_bases().as_ref().to_vec(),
        filters,
        info_depth,
        info_af,
        info_dp4,
        csq: info_string("CSQ"),
        ann: info_string("ANN"),
        population_af,
        samples,
        info_left_out,
    })
}

/// An INFO value by key, found by comparing the record's own few keys: noodles' `Info::get`
/// hashes the name (SipHash), and the fifteen names looked up for each panel record were a
/// visible part of reading one (issue 15). Answers as `get` does.
fn info_field<'a>(
    info: &'a vcf::variant::record_buf::Info,
    key: &str,
) -> Option<Option<&'a InfoValue>> {
    info.as_ref()
        .iter()
        .find(|(k, _)| k.as_str() == key)
        .map(|(_, v)| v.as_ref())
}

/// A sample's FORMAT value by key, found the same way (`Sample::get` hashes too).
fn format_field<'g>(
    sample: &noodles::vcf::variant::record_buf::samples::Sample<'g>,
    key: &str,
) -> Option<Option<&'g Value>> {
    let i = sample.keys().as_ref().iter().position(|k| k == key)?;
    sample.values().get(i).map(Option::as_ref)
}

/// REF and ALT bases, which Strelka's per-base counts are read by.
struct Alleles<'a> {
    reference: &'a str,
    alternates: &'a [String],
}

/// Strelka2 somatic SNVs: `AU/CU/GU/TU` are per-base counts (tier 1, tier 2), so the field
/// for each allele follows from its base.
const STRELKA_SNV: [[&str; 4]; 4] = [
    [
        "FORMAT/AU (Strelka tier 1)",
        "FORMAT/AU,CU (Strelka tier 1)",
        "FORMAT/AU,GU (Strelka tier 1)",
        "FORMAT/AU,TU (Strelka tier 1)",
    ],
    [
        "FORMAT/CU,AU (Strelka tier 1)",
        "FORMAT/CU (Strelka tier 1)",
        "FORMAT/CU,GU (Strelka tier 1)",
        "FORMAT/CU,TU (Strelka tier 1)",
    ],
    [
        "FORMAT/GU,AU (Strelka tier 1)",
        "FORMAT/GU,CU (Strelka tier 1)",
        "FORMAT/GU (Strelka tier 1)",
        "FORMAT/GU,TU (Strelka tier 1)",
    ],
    [
        "FORMAT/TU,AU (Strelka tier 1)",
        "FORMAT/TU,CU (Strelka tier 1)",
        "FORMAT/TU,GU (Strelka tier 1)",
        "FORMAT/TU (Strelka tier 1)",
    ],
];

fn base_index(bases: &str) -> Option<usize> {
    match bases.as_bytes() {
        [b] => b"ACGT".iter().position(|x| x == &b.to_ascii_uppercase()),
        _ => None,
    }
}

/// The first (tier-1) value of a Strelka count field.
fn tier1(
    sample: &noodles::vcf::variant::record_buf::samples::Sample<'_>,
    key: &str,
) -> Option<u32> {
    match format_field(sample, key) {
        Some(Some(Value::Array(Array::Integer(v)))) => v.first().copied().flatten(),
        Some(Some(Value::Integer(n))) => Some(*n),
        _ => None,
    }
    .and_then(|n| u32::try_from(n).ok())
}

/// Allele depths from the callers that write no `AD` of `Number=R`: Strelka2 somatic (tier-1
/// `AU/CU/GU/TU` for SNVs, `TAR/TIR` for indels) and VarScan2 (`RD` ref reads, `AD` alt reads).
fn caller_depths(
    sample: &noodles::vcf::variant::record_buf::samples::Sample<'_>,
    alleles: &Alleles<'_>,
) -> Option<(Vec<Option<u32>>, &'static str)> {
    if let (Some(r), Some(a)) = (tier1(sample, "TAR"), tier1(sample, "TIR")) {
        return Some((vec![Some(r), Some(a)], "FORMAT/TAR,TIR (Strelka tier 1)"));
    }
    if let Some(r) = base_index(alleles.reference) {
        let keys = ["AU", "CU", "GU", "TU"];
        if let Some(ref_count) = tier1(sample, keys[r]) {
            let alts: Option<Vec<usize>> =
                alleles.alternates.iter().map(|a| base_index(a)).collect();
            if let Some(alts) = alts {
                let mut depths = vec![Some(ref_count)];
                depths.extend(alts.iter().map(|&a| tier1(sample, keys[a])));
                let first = alts.first().copied().unwrap_or(r);
                return Some((depths, STRELKA_SNV[r][first]));
            }
        }
    }
    if let (Some(Some(Value::Integer(rd))), Some(Some(Value::Integer(ad)))) =
        (format_field(sample, "RD"), format_field(sample, "AD"))
    {
        let n = |x: &i32| u32::try_from(*x).ok();
        return Some((vec![n(rd), n(ad)], "FORMAT/RD,AD (VarScan2)"));
    }
    None
}

fn parse_sample(
    sample: &noodles::vcf::variant::record_buf::samples::Sample<'_>,
    alleles: &Alleles<'_>,
) -> SampleCall {
    let mut call = SampleCall::default();
    if let Some(Some(Value::Genotype(gt))) = format_field(sample, "GT") {
        let mut text = String::new();
        for (i, allele) in gt.as_ref().iter().enumerate() {
            if i > 0 {
                text.push(if allele.phasing() == Phasing::Phased {
                    '|'
                } else {
                    '/'
                });
            }
            match allele.position() {
                Some(p) => text.push_str(&p.to_string()),
                None => text.push('.'),
            }
            call.alleles.push(allele.position());
        }
        call.phased = gt.as_ref().len() > 1
            && gt.as_ref()[1..]
                .iter()
                .all(|a| a.phasing() == Phasing::Phased);
        call.genotype_text = Some(text);
    }
    call.phase_set = match format_field(sample, "PS") {
        Some(Some(Value::Integer(n))) => Some(i64::from(*n)),
        Some(Some(Value::String(s))) => s.parse().ok(),
        _ => None,
    };
    call.depth = match format_field(sample, "DP") {
        Some(Some(Value::Integer(n))) => u32::try_from(*n).ok(),
        _ => None,
    };
    if let Some((depths, from)) = caller_depths(sample, alleles) {
        call.allele_depths = depths;
        call.depths_from = Some(from);
    } else {
        call.allele_depths = match format_field(sample, "AD") {
            Some(Some(Value::Array(Array::Integer(values)))) => values
                .iter()
                .map(|v| v.and_then(|n| u32::try_from(n).ok()))
                .collect(),
            Some(Some(Value::Integer(n))) => vec![u32::try_from(*n).ok()],
            _ => Vec::new(),
        };
    }
    call.fractions_from = if format_field(sample, "AF").is_some() {
        Some("FORMAT/AF")
    } else {
        Some("FORMAT/VAF")
    };
    call.allele_fractions = match format_field(sample, "AF").or_else(|| format_field(sample, "VAF"))
    {
        Some(Some(Value::Float(f))) => vec![Some(widen(*f))],
        Some(Some(Value::Array(Array::Float(values)))) => {
            values.iter().map(|v| v.map(widen)).collect()
        }
        _ => Vec::new(),
    };
    call
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_found_by_comparison_are_those_noodles_finds() {
        let header: vcf::Header = "##fileformat=VCFv4.2\n\
            ##INFO=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n\
            ##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description=\"s\">\n\
            ##FORMAT=<ID=GT,Number=1,Type=String,Description=\"g\">\n\
            ##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"a\">\n\
            ##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n\
            #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\tN\n"
            .parse()
            .expect("header");
        let line = b"chr2\t5\t.\tA\tG\t.\tPASS\tSOMATIC;DP=7\tGT:AD:DP\t0/1:3,4:.\t0/0";
        let record = crate::io::vcf_record::decode(&header, line, 1).expect("record");
        let keys = ["DP", "SOMATIC", "AF", "GT", "AD", "VAF", ""];
        for key in keys {
            assert_eq!(
                info_field(record.info(), key),
                record.info().get(key),
                "{key}"
            );
        }
        for sample in record.samples().values() {
            for key in keys {
                assert_eq!(format_field(&sample, key), sample.get(key), "{key}");
            }
        }
        // Present with a missing value, and present in FORMAT but absent from a short column.
        let tumour = record.samples().values().next().expect("tumour");
        assert_eq!(format_field(&tumour, "DP"), Some(None));
        let normal = record.samples().values().nth(1).expect("normal");
        assert_eq!(format_field(&normal, "AD"), normal.get("AD"));
    }
}
