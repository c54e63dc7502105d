//! A genomic allele in minimal form, and its normalisation (trim, left-align, 3' shift).

use crate::genome::{Build, KnownSequence};

/// One ALT allele of a VCF record, trimmed to the bases that change.
///
/// `pos` is the first reference base affected (1-based). For a pure insertion `reference` is
/// empty and the inserted bases go between `pos - 1` and `pos`. Bases are plus-strand, upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Allele {
    pub chrom: String,
    pub pos: u64,
    pub reference: Vec<u8>,
    pub alternate: Vec<u8>,
}

impl Allele {
    /// Minimal representation of a VCF REF/ALT pair: common suffix, then common prefix, removed.
    pub fn from_vcf(chrom: &str, pos: u64, reference: &str, alternate: &str) -> Self {
        let mut r = reference.as_bytes().to_ascii_uppercase();
        let mut a = alternate.as_bytes().to_ascii_uppercase();
        while !r.is_empty() && !a.is_empty() && r.last() == a.last() {
            r.pop();
            a.pop();
        }
        let prefix = r.iter().zip(&a).take_while(|(x, y)| x == y).count();
        Allele {
            chrom: chrom.to_string(),
            pos: pos + prefix as u64,
            reference: r[prefix..].to_vec(),
            alternate: a[prefix..].to_vec(),
        }
    }

    pub fn is_indel(&self) -> bool {
        self.reference.is_empty() != self.alternate.is_empty()
    }

    pub fn is_insertion(&self) -> bool {
        self.reference.is_empty() && !self.alternate.is_empty()
    }

    /// Last reference base affected; for an insertion, the base before it.
    pub fn end(&self) -> u64 {
        if self.reference.is_empty() {
            self.pos - 1
        } else {
            self.pos + self.reference.len() as u64 - 1
        }
    }

    fn indel_bases_mut(&mut self) -> &mut Vec<u8> {
        if self.reference.is_empty() {
            &mut self.alternate
        } else {
            &mut self.reference
        }
    }

    /// Shift an indel to its left-most equivalent position, as far as the known reference
    /// allows. Returns whether the walk stopped at unknown sequence (so it may be incomplete).
    pub fn left_align(&mut self, build: Build, known: &KnownSequence) -> bool {
        self.left_align_within(build, known, None)
    }

    /// Shift an indel to its right-most equivalent position (the HGVS 3' rule on the plus
    /// strand). Returns whether the walk stopped at unknown sequence.
    pub fn right_shift(&mut self, build: Build, known: &KnownSequence) -> bool {
        self.right_shift_within(build, known, None)
    }

    /// [`Allele::left_align`], but never moving any part of the indel below `min`
    /// (an exon's first base: HGVS shifts stay inside the exon).
    pub fn left_align_within(
        &mut self,
        build: Build,
        known: &KnownSequence,
        min: Option<u64>,
    ) -> bool {
        if !self.is_indel() {
            return false;
        }
        loop {
            let Some(prev) = self.pos.checked_sub(1) else {
                return false;
            };
            // After the step a deletion starts at prev, an insertion sits just before prev
            // (at the bound itself it sits on the exon edge, which HGVS allows).
            if min.is_some_and(|m| prev < m) {
                return false;
            }
            let Some(before) = known.base(build, &self.chrom, prev) else {
                return true;
            };
            let bases = self.indel_bases_mut();
            if bases.last() != Some(&before) {
                return false;
            }
            bases.pop();
            bases.insert(0, before);
            self.pos -= 1;
        }
    }

    /// [`Allele::right_shift`], but never moving any part of the indel above `max`.
    pub fn right_shift_within(
        &mut self,
        build: Build,
        known: &KnownSequence,
        max: Option<u64>,
    ) -> bool {
        if !self.is_indel() {
            return false;
        }
        loop {
            let next_pos = self.pos + self.reference.len() as u64;
            // After the step a deletion ends at next_pos, an insertion sits just after it.
            if max.is_some_and(|m| next_pos > m) {
                return false;
            }
            let Some(next) = known.base(build, &self.chrom, next_pos) else {
                return true;
            };
            let bases = self.indel_bases_mut();
            if bases.first() != Some(&next) {
                return false;
            }
            bases.remove(0);
            bases.push(next);
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> KnownSequence {
        let mut k = KnownSequence::default();
        // positions 100..=111
        k.insert(Build::GRCh38, "2", 100, b"GACACACATTTG");
        k
    }

    #[test]
    fn trimming_gives_minimal_alleles() {
        let a = Allele::from_vcf("2", 100, "GAC", "GAT");
        assert_eq!(
            (a.pos, a.reference.as_slice(), a.alternate.as_slice()),
            (102, &b"C"[..], &b"T"[..])
        );
        let a = Allele::from_vcf("2", 100, "G", "GAC");
        assert_eq!(
            (a.pos, a.reference.as_slice(), a.alternate.as_slice()),
            (101, &b""[..], &b"AC"[..])
        );
        assert_eq!(a.end(), 100);
        let a = Allele::from_vcf("2", 100, "GACA", "GA");
        assert_eq!((a.pos, a.reference.as_slice()), (101, &b"AC"[..]));
        assert_eq!(a.end(), 102);
    }

    #[test]
    fn repeats_shift_both_ways() {
        // delete one "AC" unit from the middle of GACACACATTTG
        let mut a = Allele::from_vcf("2", 104, "CA", "");
        assert!(!a.left_align(Build::GRCh38, &known()));
        assert_eq!((a.pos, a.reference.as_slice()), (101, &b"AC"[..]));
        assert!(!a.right_shift(Build::GRCh38, &known()));
        assert_eq!((a.pos, a.reference.as_slice()), (106, &b"CA"[..]));
        // insertion of T before the TTT run shifts past it
        let mut ins = Allele::from_vcf("2", 107, "A", "AT");
        assert_eq!(ins.pos, 108);
        assert!(!ins.right_shift(Build::GRCh38, &known()));
        assert_eq!((ins.pos, ins.alternate.as_slice()), (111, &b"T"[..]));
    }

    #[test]
    fn bounded_shifts_stop_at_the_bound() {
        // the AC deletion may not move past base 104 (as if an exon ended there)
        let mut a = Allele::from_vcf("2", 101, "AC", "");
        a.right_shift_within(Build::GRCh38, &known(), Some(104));
        assert_eq!((a.pos, a.end()), (103, 104));
        let mut a = Allele::from_vcf("2", 105, "AC", "");
        a.left_align_within(Build::GRCh38, &known(), Some(103));
        assert_eq!(a.pos, 103);
        // an insertion may reach the bound's edge but not pass it
        let mut ins = Allele::from_vcf("2", 107, "A", "AT");
        ins.right_shift_within(Build::GRCh38, &known(), Some(109));
        assert_eq!(ins.pos, 110, "between 109 (the bound) and 110");
    }
}
