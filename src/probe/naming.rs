//! How a run's inputs spell chromosome names (`chr2` or `2`), settled from the first header
//! that names a chromosome, so findings alkres places itself (a BAM-genotyped hotspot, from
//! the shipped coordinates) are written the way the run's other findings are.

use crate::genome::normalize_contig;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContigNaming {
    /// UCSC style: `chr2`, `chrX`, `chrM`.
    Chr,
    /// Ensembl/NCBI style: `2`, `X`, `MT`.
    Bare,
}

const PRIMARY: [&str; 25] = [
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17",
    "18", "19", "20", "21", "22", "X", "Y", "MT",
];

impl ContigNaming {
    /// The naming of the first primary chromosome among `names`; `None` when none is one
    /// (RefSeq accessions, or no contigs declared).
    pub fn of_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<Self> {
        names.into_iter().find_map(|name| {
            let canonical = normalize_contig(name);
            if !PRIMARY.contains(&canonical) {
                return None;
            }
            if name.starts_with("chr") {
                Some(ContigNaming::Chr)
            } else if name == canonical {
                Some(ContigNaming::Bare)
            } else {
                None
            }
        })
    }

    /// A canonical (shipped) contig name in this naming: `2` → `chr2`, `MT` → `chrM`.
    pub fn name(self, canonical: &str) -> String {
        match (self, canonical) {
            (ContigNaming::Bare, _) => canonical.to_string(),
            (ContigNaming::Chr, "MT") => "chrM".to_string(),
            (ContigNaming::Chr, c) if PRIMARY.contains(&c) => format!("chr{c}"),
            (ContigNaming::Chr, c) => c.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_primary_chromosome_tells_and_names_follow_it() {
        assert_eq!(
            ContigNaming::of_names(["HLA-A", "chr2", "7"]),
            Some(ContigNaming::Chr)
        );
        assert_eq!(
            ContigNaming::of_names(["2", "chr7"]),
            Some(ContigNaming::Bare)
        );
        assert_eq!(ContigNaming::of_names(["NC_000002.12"]), None);
        assert_eq!(ContigNaming::of_names([]), None);
        assert_eq!(ContigNaming::Chr.name("2"), "chr2");
        assert_eq!(ContigNaming::Chr.name("MT"), "chrM");
        assert_eq!(ContigNaming::Chr.name("GL000220.1"), "GL000220.1");
        assert_eq!(ContigNaming::Bare.name("2"), "2");
    }
}
