//! One SV VCF record (read by [`crate::io::vcf_record`]) with the SV meaning of its INFO
//! keys and the FORMAT values of the chosen sample.

use super::alt::SvInfo;
use super::caller::Fields;
use crate::io::vcf_record::{Info, RecordError, Sample, VcfRecord};

pub struct SvRecord<'a> {
    pub chrom: &'a str,
    pub pos: u64,
    pub id: &'a str,
    pub alts: Vec<&'a str>,
    pub filter: &'a str,
    passed: bool,
    info: Info<'a>,
    sample: Option<Sample<'a>>,
}

impl<'a> SvRecord<'a> {
    /// Record line `number`; `sample` is the 0-based sample column whose FORMAT values count.
    pub fn parse(line: &'a str, number: u64, sample: Option<usize>) -> Result<Self, RecordError> {
        let record = VcfRecord::parse(line, number)?;
        Ok(SvRecord {
            chrom: record.chrom(),
            pos: record.pos(),
            id: record.id(),
            alts: record.alternates(),
            filter: record.filter(),
            passed: record.passed(),
            info: record.info(),
            sample: sample.and_then(|s| record.sample(s)),
        })
    }

    pub fn flag(&self, key: &str) -> bool {
        self.info.flag(key)
    }

    pub fn passed(&self) -> bool {
        self.passed
    }

    /// The partner gene the caller names, when it annotates its records with the fusion's
    /// genes (FusionCatcher's `GENE5`/`GENE3`): the one that is not ALK.
    pub fn caller_partner_gene(&self) -> Option<String> {
        let named = |key: &str| {
            self.info
                .value(key)
                .filter(|g| !g.is_empty() && *g != "." && !g.eq_ignore_ascii_case("ALK"))
        };
        named("GENE5")
            .or_else(|| named("GENE3"))
            .map(str::to_string)
    }

    /// IDs of the mate breakend record(s): `MATEID` (VCF 4.x) or `PARID` (GRIDSS).
    pub fn mate_ids(&self) -> Vec<&'a str> {
        ["MATEID", "PARID"]
            .iter()
            .filter_map(|k| self.info.value(k))
            .flat_map(|v| v.split(','))
            .filter(|v| !v.is_empty() && *v != ".")
            .collect()
    }

    pub fn sv_info(&self) -> Result<SvInfo<'a>, String> {
        let number = |key: &str| -> Result<Option<u64>, String> {
            match self.info.value(key) {
                None | Some(".") => Ok(None),
                Some(v) => v
                    .parse::<u64>()
                    .map(Some)
                    .map_err(|_| format!("INFO {key}='{v}' is not a position")),
            }
        };
        Ok(SvInfo {
            svtype: self.info.value("SVTYPE"),
            end: number("END")?,
            chr2: self.info.value("CHR2"),
            pos2: number("POS2")?,
            ct: self.info.value("CT"),
            strands: self.info.value("STRANDS"),
            inv3: self.flag("INV3"),
            inv5: self.flag("INV5"),
        })
    }
}

impl Fields for SvRecord<'_> {
    fn info(&self, key: &str) -> Option<&str> {
        self.info.value(key)
    }
    fn format(&self, key: &str) -> Option<&str> {
        self.sample.and_then(|s| s.value(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FusionCatcher's records name both genes (its own test output, ndaniel/fusioncatcher
    /// @5c2ca36 test/final-list_candidate-fusion-genes.vcf, writes `GENE5=NPM1;GENE3=ALK`).
    #[test]
    fn the_partner_gene_a_caller_names_is_the_one_that_is_not_alk() {
        let line =
            |info: &str| format!("5\t171391799\tNPM1--ALK__5\tN\tN[2:29223528[\t.\tPASS\t{info}");
        let gene = |info: &str| {
            let text = line(info);
            SvRecord::parse(&text, 68, None)
                .unwrap()
                .caller_partner_gene()
        };
        assert_eq!(
            gene("SVTYPE=BND;GENE5=NPM1;GENE3=ALK").as_deref(),
            Some("NPM1")
        );
        assert_eq!(
            gene("SVTYPE=BND;GENE5=ALK;GENE3=EML4").as_deref(),
            Some("EML4")
        );
        assert_eq!(gene("SVTYPE=BND;GENE5=.;GENE3=ALK"), None);
        assert_eq!(gene("SVTYPE=BND"), None);
    }
}
