//! The standard genetic code and amino-acid names.

/// Translate one codon (coding strand, upper-case) to its one-letter amino acid; `*` is stop.
pub fn translate(codon: [u8; 3]) -> Option<u8> {
    let index = |b: u8| match b.to_ascii_uppercase() {
        b'T' => Some(0),
        b'C' => Some(1),
        b'A' => Some(2),
        b'G' => Some(3),
        _ => None,
    };
    // Ordered T, C, A, G at each position (the textbook table, read row by row).
    const TABLE: &[u8; 64] = b"FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG";
    let i = index(codon[0])? * 16 + index(codon[1])? * 4 + index(codon[2])?;
    Some(TABLE[i])
}

/// Translate a coding sequence of optional bases; a codon with an unknown base is `None`.
/// Translation stops after the first stop codon when `to_stop` is set.
pub fn translate_known(bases: &[Option<u8>], to_stop: bool) -> Vec<Option<u8>> {
    let mut protein = Vec::with_capacity(bases.len() / 3);
    for codon in bases.chunks_exact(3) {
        let aa = match (codon[0], codon[1], codon[2]) {
            (Some(a), Some(b), Some(c)) => translate([a, b, c]),
            _ => None,
        };
        protein.push(aa);
        if to_stop && aa == Some(b'*') {
            break;
        }
    }
    protein
}

/// HGVS three-letter name of a one-letter amino acid (`*` → `Ter`).
pub fn three_letter(aa: u8) -> &'static str {
    match aa {
        b'A' => "Ala",
        b'R' => "Arg",
        b'N' => "Asn",
        b'D' => "Asp",
        b'C' => "Cys",
        b'Q' => "Gln",
        b'E' => "Glu",
        b'G' => "Gly",
        b'H' => "His",
        b'I' => "Ile",
        b'L' => "Leu",
        b'K' => "Lys",
        b'M' => "Met",
        b'F' => "Phe",
        b'P' => "Pro",
        b'S' => "Ser",
        b'T' => "Thr",
        b'W' => "Trp",
        b'Y' => "Tyr",
        b'V' => "Val",
        b'*' => "Ter",
        _ => "Xaa",
    }
}

/// One-letter code of a three-letter amino-acid name (`Ter` → `*`).
pub fn one_letter(name: &str) -> Option<u8> {
    const NAMES: &[u8] = b"ARNDCQEGHILKMFPSTWYV*";
    NAMES
        .iter()
        .copied()
        .find(|&aa| three_letter(aa).eq_ignore_ascii_case(name))
}

pub fn reverse_complement(bases: &[u8]) -> Vec<u8> {
    bases.iter().rev().map(|&b| complement(b)).collect()
}

/// The complementary base (upper case; anything but ACGT is kept, upper-cased).
pub fn complement(base: u8) -> u8 {
    match base.to_ascii_uppercase() {
        b'A' => b'T',
        b'C' => b'G',
        b'G' => b'C',
        b'T' => b'A',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genetic_code_spot_checks() {
        assert_eq!(translate(*b"ATG"), Some(b'M'));
        assert_eq!(translate(*b"TGG"), Some(b'W'));
        assert_eq!(translate(*b"TAA"), Some(b'*'));
        assert_eq!(translate(*b"TAG"), Some(b'*'));
        assert_eq!(translate(*b"TGA"), Some(b'*'));
        assert_eq!(translate(*b"GGG"), Some(b'G'));
        assert_eq!(translate(*b"CGG"), Some(b'R'));
        assert_eq!(translate(*b"AGA"), Some(b'R'));
        assert_eq!(translate(*b"ATA"), Some(b'I'));
        assert_eq!(translate(*b"CTT"), Some(b'L'));
        assert_eq!(translate(*b"NTT"), None);
    }

    #[test]
    fn names_round_trip() {
        for aa in b"ARNDCQEGHILKMFPSTWYV*".iter().copied() {
            assert_eq!(one_letter(three_letter(aa)), Some(aa));
        }
        assert_eq!(reverse_complement(b"AACG"), b"CGTT".to_vec());
    }
}
