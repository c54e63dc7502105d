//! Names of the EML4-ALK variants (Choi 2008; Sasaki 2010; Sabir 2017) and the exon notation
//! used for every other fusion (`E{partner exon};A{ALK exon}`).

/// How precisely the partner side is known, for telling V3a from V3b.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exon6Form {
    /// A genomic breakpoint in intron 6: both splice forms (6a, 6b) can arise.
    Unknown,
    /// An exon-exon junction at the end of exon 6(a).
    A,
    /// An exon-exon junction 33 nt into intron 6 (the alternative 6b donor).
    B,
}

/// Alternative EML4 exon-6 donor of V3b, in nucleotides past the end of exon 6(a).
pub const EML4_EXON_6B_EXTENSION: u64 = 33;

/// The named variant for `partner` exon `partner_exon` joined to ALK exon `alk_exon`:
/// `V1 (E13;A20)` for the named EML4-ALK variants, else `E{n};A{m}`.
pub fn variant_name(
    partner: &str,
    partner_exon: Option<u32>,
    alk_exon: Option<u32>,
    exon6: Exon6Form,
) -> Option<String> {
    let (n, m) = (partner_exon?, alk_exon?);
    if partner == "EML4" && m == 20 {
        let named = match (n, exon6) {
            (13, _) => Some("V1 (E13;A20)"),
            (20, _) => Some("V2 (E20;A20)"),
            (6, Exon6Form::A) => Some("V3a (E6a;A20)"),
            (6, Exon6Form::B) => Some("V3b (E6b;A20)"),
            (6, Exon6Form::Unknown) => Some("V3 (E6;A20)"),
            (15, _) => Some("V4' (E15;A20)"),
            (2, _) => Some("V5a (E2;A20)"),
            (18, _) => Some("V5' (E18;A20)"),
            (14, _) => Some("V7 (E14;A20)"),
            (17, _) => Some("V8 (E17;A20)"),
            _ => None,
        };
        if let Some(name) = named {
            return Some(name.to_string());
        }
    }
    Some(format!("E{n};A{m}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_eml4_variants_and_exon_notation_for_the_rest() {
        let v = |p: &str, n: u32, m: u32, f: Exon6Form| variant_name(p, Some(n), Some(m), f);
        assert_eq!(
            v("EML4", 13, 20, Exon6Form::Unknown).unwrap(),
            "V1 (E13;A20)"
        );
        assert_eq!(
            v("EML4", 20, 20, Exon6Form::Unknown).unwrap(),
            "V2 (E20;A20)"
        );
        assert_eq!(v("EML4", 6, 20, Exon6Form::Unknown).unwrap(), "V3 (E6;A20)");
        assert_eq!(v("EML4", 6, 20, Exon6Form::A).unwrap(), "V3a (E6a;A20)");
        assert_eq!(v("EML4", 6, 20, Exon6Form::B).unwrap(), "V3b (E6b;A20)");
        assert_eq!(
            v("EML4", 2, 20, Exon6Form::Unknown).unwrap(),
            "V5a (E2;A20)"
        );
        assert_eq!(
            v("EML4", 14, 20, Exon6Form::Unknown).unwrap(),
            "V7 (E14;A20)"
        );
        assert_eq!(
            v("EML4", 17, 20, Exon6Form::Unknown).unwrap(),
            "V8 (E17;A20)"
        );
        assert_eq!(v("EML4", 9, 20, Exon6Form::Unknown).unwrap(), "E9;A20");
        assert_eq!(v("EML4", 13, 19, Exon6Form::Unknown).unwrap(), "E13;A19");
        assert_eq!(v("KIF5B", 24, 20, Exon6Form::Unknown).unwrap(), "E24;A20");
        assert_eq!(
            variant_name("EML4", None, Some(20), Exon6Form::Unknown),
            None
        );
    }
}
