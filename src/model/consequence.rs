//! A small variant's consequence on one transcript: its Sequence Ontology terms, most
//! severe first. Terms alkres names are [`Consequence`] values; a term only an external
//! annotator writes (VEP `CSQ`, SnpEff `ANN`) is kept as written, never dropped.

use std::fmt;

use super::vocab::Consequence;

/// One SO term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConsequenceTerm {
    Known(Consequence),
    /// A term outside alkres's list, as the annotator wrote it.
    Other(String),
}

impl ConsequenceTerm {
    pub fn parse(text: &str) -> Self {
        text.parse()
            .map_or_else(|_| ConsequenceTerm::Other(text.to_string()), Self::Known)
    }

    pub fn as_str(&self) -> &str {
        match self {
            ConsequenceTerm::Known(c) => c.as_str(),
            ConsequenceTerm::Other(text) => text,
        }
    }
}

/// The terms of one consequence, written `a,b` (VCF INFO, TSV, JSON).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Consequences(Vec<ConsequenceTerm>);

impl Consequences {
    pub fn one(term: Consequence) -> Self {
        Consequences(vec![ConsequenceTerm::Known(term)])
    }

    /// Terms separated by any of `separators` (VEP joins with `&`, outputs with `,`);
    /// `None` when there is none.
    pub fn parse(text: &str, separators: &[char]) -> Option<Self> {
        let terms: Vec<ConsequenceTerm> = text
            .split(separators)
            .filter(|t| !t.is_empty())
            .map(ConsequenceTerm::parse)
            .collect();
        (!terms.is_empty()).then_some(Consequences(terms))
    }

    pub fn terms(&self) -> &[ConsequenceTerm] {
        &self.0
    }

    /// Whether every term is `term` (e.g. a purely intronic change).
    pub fn is_only(&self, term: Consequence) -> bool {
        self.0.iter().all(|t| *t == ConsequenceTerm::Known(term))
    }
}

impl fmt::Display for Consequences {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, term) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(term.as_str())?;
        }
        Ok(())
    }
}

impl serde::Serialize for Consequences {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_read_and_write_back_as_given() {
        let c = Consequences::parse("missense_variant&splice_region_variant", &['&']).unwrap();
        assert_eq!(c.to_string(), "missense_variant,splice_region_variant");
        assert_eq!(
            c.terms()[0],
            ConsequenceTerm::Known(Consequence::MissenseVariant)
        );
        let other = Consequences::parse("conservative_inframe_deletion", &['&']).unwrap();
        assert_eq!(
            other.terms(),
            &[ConsequenceTerm::Other(
                "conservative_inframe_deletion".into()
            )]
        );
        assert_eq!(other.to_string(), "conservative_inframe_deletion");
        assert!(Consequences::one(Consequence::IntronVariant).is_only(Consequence::IntronVariant));
        assert!(!c.is_only(Consequence::MissenseVariant));
        assert_eq!(Consequences::parse("", &['&']), None);
    }
}
