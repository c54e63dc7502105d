//! One SV VCF record as text columns, with INFO and one sample's FORMAT values.

use super::alt::SvInfo;
use super::caller::Fields;

pub struct SvRecord<'a> {
    pub chrom: &'a str,
    pub pos: u64,
    pub id: &'a str,
    pub alts: Vec<&'a str>,
    pub filter: &'a str,
    info: Vec<(&'a str, Option<&'a str>)>,
    format: Vec<(&'a str, &'a str)>,
}

impl<'a> SvRecord<'a> {
    /// Split a record line; `sample` is the 0-based sample column whose FORMAT values count.
    pub fn parse(line: &'a str, sample: Option<usize>) -> Result<Self, String> {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            return Err(format!(
                "expected at least 8 tab-separated columns, found {}",
                cols.len()
            ));
        }
        let pos = cols[1]
            .parse::<u64>()
            .map_err(|_| format!("POS '{}' is not a number", cols[1]))?;
        let info = if cols[7] == "." {
            Vec::new()
        } else {
            cols[7]
                .split(';')
                .filter(|kv| !kv.is_empty())
                .map(|kv| match kv.split_once('=') {
                    Some((k, v)) => (k, Some(v)),
                    None => (kv, None),
                })
                .collect()
        };
        let format = match (cols.get(8), sample.and_then(|s| cols.get(9 + s))) {
            (Some(keys), Some(values)) => keys.split(':').zip(values.split(':')).collect(),
            _ => Vec::new(),
        };
        Ok(SvRecord {
            chrom: cols[0],
            pos,
            id: cols[2],
            alts: cols[4].split(',').collect(),
            filter: cols[6],
            info,
            format,
        })
    }

    pub fn flag(&self, key: &str) -> bool {
        self.info.iter().any(|(k, _)| *k == key)
    }

    pub fn passed(&self) -> bool {
        matches!(self.filter, "PASS" | ".")
    }

    /// IDs of the mate breakend record(s): `MATEID` (VCF 4.x) or `PARID` (GRIDSS).
    pub fn mate_ids(&self) -> Vec<&'a str> {
        ["MATEID", "PARID"]
            .iter()
            .filter_map(|k| self.info_value(k))
            .flat_map(|v| v.split(','))
            .filter(|v| !v.is_empty() && *v != ".")
            .collect()
    }

    fn info_value(&self, key: &str) -> Option<&'a str> {
        self.info
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| *v)
    }

    pub fn sv_info(&self) -> Result<SvInfo<'a>, String> {
        let number = |key: &str| -> Result<Option<u64>, String> {
            match self.info_value(key) {
                None | Some(".") => Ok(None),
                Some(v) => v
                    .parse::<u64>()
                    .map(Some)
                    .map_err(|_| format!("INFO {key}='{v}' is not a position")),
            }
        };
        Ok(SvInfo {
            svtype: self.info_value("SVTYPE"),
            end: number("END")?,
            chr2: self.info_value("CHR2"),
            pos2: number("POS2")?,
            ct: self.info_value("CT"),
            strands: self.info_value("STRANDS"),
            inv3: self.flag("INV3"),
            inv5: self.flag("INV5"),
        })
    }
}

impl Fields for SvRecord<'_> {
    fn info(&self, key: &str) -> Option<&str> {
        self.info_value(key)
    }
    fn format(&self, key: &str) -> Option<&str> {
        self.format
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .filter(|v| *v != ".")
    }
}
