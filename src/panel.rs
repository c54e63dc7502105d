//! The panel regions, and the fast "is this record ours?" test run on every input line.

use std::collections::HashMap;

use crate::genome::normalize_contig;

pub struct Panel {
    regions: Vec<(String, u64, u64)>,
    by_contig: HashMap<String, Vec<(u64, u64)>>,
    /// Last contig name seen on input and its regions (input is usually sorted).
    cache: Option<(Vec<u8>, Option<String>)>,
}

impl Panel {
    /// `regions`: (canonical contig, start, end), 1-based inclusive, merged.
    pub fn new(regions: Vec<(String, u64, u64)>) -> Self {
        let mut by_contig: HashMap<String, Vec<(u64, u64)>> = HashMap::new();
        for (chrom, start, end) in &regions {
            by_contig
                .entry(chrom.clone())
                .or_default()
                .push((*start, *end));
        }
        for list in by_contig.values_mut() {
            list.sort();
        }
        Panel {
            regions,
            by_contig,
            cache: None,
        }
    }

    pub fn regions(&self) -> &[(String, u64, u64)] {
        &self.regions
    }

    pub fn contains(&mut self, chrom: &str, pos: u64) -> bool {
        let hit = matches!(&self.cache, Some((name, _)) if name.as_slice() == chrom.as_bytes());
        if !hit {
            let canonical = normalize_contig(chrom);
            let key = self
                .by_contig
                .contains_key(canonical)
                .then(|| canonical.to_string());
            self.cache = Some((chrom.as_bytes().to_vec(), key));
        }
        let Some((_, Some(key))) = &self.cache else {
            return false;
        };
        let list = &self.by_contig[key];
        let i = list.partition_point(|(_, end)| *end < pos);
        list.get(i).is_some_and(|(start, _)| *start <= pos)
    }

    /// The regions as BED lines (0-based starts), for `bcftools view -R` and friends.
    pub fn to_bed(&self) -> String {
        self.regions
            .iter()
            .map(|(c, s, e)| format!("{c}\t{}\t{e}\n", s - 1))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_with_aliases() {
        let mut panel = Panel::new(vec![
            ("2".into(), 100, 200),
            ("2".into(), 500, 600),
            ("7".into(), 1, 10),
        ]);
        assert!(panel.contains("chr2", 100));
        assert!(panel.contains("2", 600));
        assert!(!panel.contains("2", 300));
        assert!(!panel.contains("chr3", 150));
        assert!(panel.contains("chr7", 5));
        assert!(!panel.contains("chr2", 99));
    }
}
