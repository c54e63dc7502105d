//! The panel regions, and the fast "is this record ours?" test run on every input line.

use std::collections::HashMap;

use crate::genome::normalize_contig;

pub struct Panel {
    by_contig: HashMap<String, usize>,
    /// Sorted regions of each contig, indexed by `by_contig`'s values.
    lists: Vec<Vec<(u64, u64)>>,
    /// Last contig name seen on input and the index of its regions: input is sorted, so
    /// the name is hashed once per contig change, not once per record (issue 15).
    cache: Option<(Vec<u8>, Option<usize>)>,
}

impl Panel {
    /// `regions`: (canonical contig, start, end), 1-based inclusive, merged.
    pub fn new(regions: Vec<(String, u64, u64)>) -> Self {
        let mut by_contig: HashMap<String, usize> = HashMap::new();
        let mut lists: Vec<Vec<(u64, u64)>> = Vec::new();
        for (chrom, start, end) in &regions {
            let next = lists.len();
            let i = *by_contig.entry(chrom.clone()).or_insert(next);
            if i == lists.len() {
                lists.push(Vec::new());
            }
            lists[i].push((*start, *end));
        }
        for list in &mut lists {
            list.sort();
        }
        Panel {
            by_contig,
            lists,
            cache: None,
        }
    }

    /// The sorted, non-overlapping regions on `chrom` (any alias), empty if none.
    pub fn contig_regions(&self, chrom: &str) -> &[(u64, u64)] {
        self.by_contig
            .get(normalize_contig(chrom))
            .map_or(&[], |&i| self.lists[i].as_slice())
    }

    /// Whether `chrom` differs from the contig of the previous call (true on the first).
    pub fn contig_changed(&self, chrom: &str) -> bool {
        !matches!(&self.cache, Some((name, _)) if name.as_slice() == chrom.as_bytes())
    }

    pub fn contains(&mut self, chrom: &str, pos: u64) -> bool {
        if self.contig_changed(chrom) {
            let index = self.by_contig.get(normalize_contig(chrom)).copied();
            let mut name = self.cache.take().map(|(n, _)| n).unwrap_or_default();
            name.clear();
            name.extend_from_slice(chrom.as_bytes());
            self.cache = Some((name, index));
        }
        let Some((_, Some(index))) = &self.cache else {
            return false;
        };
        let list = &self.lists[*index];
        let i = list.partition_point(|(_, end)| *end < pos);
        list.get(i).is_some_and(|(start, _)| *start <= pos)
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
        assert!(panel.contig_changed("chr7") && !panel.contig_changed("chr2"));
        // Back to a contig seen before: resolved again, not stale.
        assert!(panel.contains("chr7", 5));
        assert!(!panel.contains("chr7", 11));
        assert!(panel.contains("7", 10));
    }
}
