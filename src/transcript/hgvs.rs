//! HGVS text: c. positions and protein changes in the three-letter and clinic short forms.

use std::fmt;

use super::codon::three_letter;

/// A c. position: `c.123`, `c.-14`, `c.*45`, `c.123+5`, `c.124-2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CdsPos {
    /// c. number; negative in the 5' UTR; greater than the CDS length in the 3' UTR.
    pub c: i64,
    /// Intronic offset from the nearest exon base (0 when exonic).
    pub offset: i64,
    cds_length: u64,
}

impl CdsPos {
    pub fn new(c: i64, offset: i64, cds_length: u64) -> Self {
        CdsPos {
            c,
            offset,
            cds_length,
        }
    }

    pub fn cds_length(&self) -> u64 {
        self.cds_length
    }

    /// Inside the CDS proper (exonic, c.1 to the last stop-codon base).
    pub fn is_coding(&self) -> bool {
        self.offset == 0 && self.c >= 1 && self.c as u64 <= self.cds_length
    }
}

impl fmt::Display for CdsPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.c > self.cds_length as i64 {
            write!(f, "*{}", self.c - self.cds_length as i64)?;
        } else {
            write!(f, "{}", self.c)?;
        }
        match self.offset {
            0 => Ok(()),
            o if o > 0 => write!(f, "+{o}"),
            o => write!(f, "{o}"),
        }
    }
}

/// A protein change, named both ways: `p.Gly1202Arg` and `G1202R`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProteinChange {
    pub hgvs: String,
    pub short: String,
    /// First residue affected (1-based), for matching and sorting.
    pub position: u64,
}

/// A residue with its 1-based position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Residue {
    pub aa: u8,
    pub pos: u64,
}

impl Residue {
    fn long(self) -> String {
        format!("{}{}", three_letter(self.aa), self.pos)
    }
    fn short(self) -> String {
        format!("{}{}", self.aa as char, self.pos)
    }
}

fn long_seq(seq: &[u8]) -> String {
    seq.iter().map(|&aa| three_letter(aa)).collect()
}

fn short_seq(seq: &[u8]) -> String {
    String::from_utf8_lossy(seq).into_owned()
}

fn range(first: Residue, last: Residue, long: bool) -> String {
    let name = |r: Residue| if long { r.long() } else { r.short() };
    if first.pos == last.pos {
        name(first)
    } else {
        format!("{}_{}", name(first), name(last))
    }
}

impl ProteinChange {
    fn new(long: String, short: String, position: u64) -> Self {
        ProteinChange {
            hgvs: format!("p.{long}"),
            short,
            position,
        }
    }

    pub fn substitution(from: Residue, to: u8) -> Self {
        let short = format!("{}{}", from.short(), to as char);
        Self::new(
            format!("{}{}", from.long(), three_letter(to)),
            short,
            from.pos,
        )
    }

    pub fn synonymous(at: Residue) -> Self {
        Self::new(
            format!("{}=", at.long()),
            format!("{}=", at.short()),
            at.pos,
        )
    }

    pub fn start_lost() -> Self {
        Self::new("Met1?".into(), "M1?".into(), 1)
    }

    pub fn deletion(first: Residue, last: Residue) -> Self {
        Self::new(
            format!("{}del", range(first, last, true)),
            format!("{}del", range(first, last, false)),
            first.pos,
        )
    }

    pub fn duplication(first: Residue, last: Residue) -> Self {
        Self::new(
            format!("{}dup", range(first, last, true)),
            format!("{}dup", range(first, last, false)),
            first.pos,
        )
    }

    pub fn insertion(before: Residue, after: Residue, inserted: &[u8]) -> Self {
        Self::new(
            format!(
                "{}_{}ins{}",
                before.long(),
                after.long(),
                long_seq(inserted)
            ),
            format!(
                "{}_{}ins{}",
                before.short(),
                after.short(),
                short_seq(inserted)
            ),
            before.pos,
        )
    }

    pub fn delins(first: Residue, last: Residue, inserted: &[u8]) -> Self {
        Self::new(
            format!("{}delins{}", range(first, last, true), long_seq(inserted)),
            format!("{}delins{}", range(first, last, false), short_seq(inserted)),
            first.pos,
        )
    }

    /// `p.Gly1202AlafsTer12`; `ter` counts the new stop from the first changed residue
    /// (which is 1); `None` when the new stop lies beyond the known sequence.
    pub fn frameshift(from: Residue, to: u8, ter: Option<u64>) -> Self {
        let (long_ter, short_ter) = match ter {
            Some(n) => (format!("Ter{n}"), format!("*{n}")),
            None => ("Ter?".to_string(), "*?".to_string()),
        };
        Self::new(
            format!("{}{}fs{}", from.long(), three_letter(to), long_ter),
            format!("{}{}fs{}", from.short(), to as char, short_ter),
            from.pos,
        )
    }

    /// Stop codon lost: `p.Ter1621GlnextTer5`, or `extTer?` when the new stop is unknown.
    pub fn stop_lost(at: Residue, to: u8, ext: Option<u64>) -> Self {
        let (long_ext, short_ext) = match ext {
            Some(n) => (format!("Ter{n}"), format!("*{n}")),
            None => ("Ter?".to_string(), "*?".to_string()),
        };
        Self::new(
            format!("{}{}ext{}", at.long(), three_letter(to), long_ext),
            format!("{}{}ext{}", at.short(), to as char, short_ext),
            at.pos,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(aa: u8, pos: u64) -> Residue {
        Residue { aa, pos }
    }

    #[test]
    fn both_notations() {
        let p = ProteinChange::substitution(r(b'G', 1202), b'R');
        assert_eq!(
            (p.hgvs.as_str(), p.short.as_str()),
            ("p.Gly1202Arg", "G1202R")
        );
        let p = ProteinChange::duplication(r(b'T', 1151), r(b'T', 1151));
        assert_eq!(
            (p.hgvs.as_str(), p.short.as_str()),
            ("p.Thr1151dup", "T1151dup")
        );
        let p = ProteinChange::deletion(r(b'G', 1202), r(b'D', 1203));
        assert_eq!(p.hgvs, "p.Gly1202_Asp1203del");
        let p = ProteinChange::substitution(r(b'R', 1192), b'*');
        assert_eq!(
            (p.hgvs.as_str(), p.short.as_str()),
            ("p.Arg1192Ter", "R1192*")
        );
        let p = ProteinChange::frameshift(r(b'G', 1202), b'A', Some(12));
        assert_eq!(
            (p.hgvs.as_str(), p.short.as_str()),
            ("p.Gly1202AlafsTer12", "G1202Afs*12")
        );
        let p = ProteinChange::insertion(r(b'K', 1150), r(b'T', 1151), b"AS");
        assert_eq!(p.hgvs, "p.Lys1150_Thr1151insAlaSer");
    }

    #[test]
    fn cds_positions_print_as_hgvs() {
        assert_eq!(CdsPos::new(3604, 0, 4863).to_string(), "3604");
        assert_eq!(CdsPos::new(-14, 0, 4863).to_string(), "-14");
        assert_eq!(CdsPos::new(4870, 0, 4863).to_string(), "*7");
        assert_eq!(CdsPos::new(3172, 1, 4863).to_string(), "3172+1");
        assert_eq!(CdsPos::new(3173, -2, 4863).to_string(), "3173-2");
        assert!(CdsPos::new(1, 0, 4863).is_coding());
        assert!(!CdsPos::new(4864, 0, 4863).is_coding());
    }
}
