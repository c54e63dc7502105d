//! Contig aliases: `chr2`, `2` and `NC_000002.12` name the same chromosome.

/// Canonical contig name without the `chr` prefix (`chrM` → `MT`), so that
/// every lookup in the shipped resources uses one spelling.
pub fn normalize_contig(name: &str) -> &str {
    let bare = name
        .strip_prefix("chr")
        .or_else(|| name.strip_prefix("Chr"))
        .or_else(|| name.strip_prefix("CHR"))
        .unwrap_or(name);
    match bare {
        "M" => "MT",
        other => refseq_chromosome(other).unwrap_or(other),
    }
}

/// RefSeq chromosome accessions (NC_0000NN.x) for both builds.
fn refseq_chromosome(name: &str) -> Option<&'static str> {
    const NAMES: [&str; 24] = [
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
        "17", "18", "19", "20", "21", "22", "X", "Y",
    ];
    let rest = name.strip_prefix("NC_0000")?;
    let number: usize = rest.split('.').next()?.parse().ok()?;
    NAMES.get(number.checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_to_one_name() {
        assert_eq!(normalize_contig("chr2"), "2");
        assert_eq!(normalize_contig("2"), "2");
        assert_eq!(normalize_contig("chrX"), "X");
        assert_eq!(normalize_contig("chrM"), "MT");
        assert_eq!(normalize_contig("NC_000002.12"), "2");
        assert_eq!(normalize_contig("NC_000023.11"), "X");
        assert_eq!(normalize_contig("chrUn_gl000220"), "Un_gl000220");
    }
}
