//! Every fixed vocabulary of alkres as an enum: the KB columns (`kind`, `match`, `call`,
//! `evidence`, `resistance_class`, drug `status`) and the finding fields (copy-number call,
//! phase, resistance timing). Each value is written and read as its snake_case text, so
//! JSON/TSV outputs and the KB tables keep their spelling; an unknown value fails to parse
//! with a message that lists the allowed values.

use std::fmt;
use std::str::FromStr;

/// The error of parsing a vocabulary value: what was given and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The vocabulary's name (e.g. `call`).
    pub vocabulary: &'static str,
    pub given: String,
    pub allowed: &'static [&'static str],
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a known {} (allowed: {})",
            self.given,
            self.vocabulary,
            self.allowed.join(", ")
        )
    }
}

impl std::error::Error for UnknownValue {}

/// A closed list of text values as an enum, with `as_str`, `ALL`, `FromStr`, `Display` and
/// serde as the text.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $label:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The text of every value, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as written in the KB tables and every output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(text: &str) -> Result<Self, UnknownValue> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        vocabulary: $label,
                        given: text.to_string(),
                        allowed: Self::NAMES,
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.trim().parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary! {
    /// What kind of alteration a KB row describes (`alterations.tsv` column `kind`).
    AlterationKind, "alteration kind" {
        Single = "single",
        Compound = "compound",
        /// Any change of one codon.
        Codon = "codon",
        CopyNumber = "copy_number",
        Fusion = "fusion",
        Gene = "gene",
        Germline = "germline",
    }
}

vocabulary! {
    /// How findings match a KB row (`alterations.tsv` column `match`).
    MatchKind, "match kind" {
        /// By protein change: short form, HGVS p. or an alias.
        Exact = "exact",
        /// Any change of one codon (`G1202`).
        Codon = "codon",
        /// Any protein-altering change of the gene.
        Gene = "gene",
        Amplification = "amplification",
        Deletion = "deletion",
        Fusion = "fusion",
    }
}

vocabulary! {
    /// What one KB source says of one alteration for one drug (`calls.tsv` column `call`).
    /// The per-drug verdict, which adds `unknown` and `no_known_resistance`, is
    /// `verdict::DrugCall`.
    KbCall, "call" {
        Sensitive = "sensitive",
        Intermediate = "intermediate",
        Resistant = "resistant",
    }
}

vocabulary! {
    /// The kind of evidence behind a KB call (`calls.tsv` column `evidence`).
    EvidenceType, "evidence type" {
        Clinical = "clinical",
        Preclinical = "preclinical",
        CaseReport = "case_report",
        Review = "review",
    }
}

vocabulary! {
    /// The mechanism class of a KB alteration (`alterations.tsv` column `resistance_class`).
    ResistanceClass, "resistance class" {
        OnTarget = "on_target",
        Bypass = "bypass",
        Transformation = "transformation",
        PrimaryResistanceFactor = "primary_resistance_factor",
        FusionContext = "fusion_context",
    }
}

vocabulary! {
    /// The class of one mechanism in a verdict: a KB [`ResistanceClass`], the ALK fusion
    /// itself, or a finding the KB does not know.
    MechanismClass, "mechanism class" {
        OnTarget = "on_target",
        Bypass = "bypass",
        Transformation = "transformation",
        PrimaryResistanceFactor = "primary_resistance_factor",
        FusionContext = "fusion_context",
        /// The ALK rearrangement (the driver).
        Fusion = "fusion",
        /// Not in the KB.
        Unclassified = "unclassified",
    }
}

impl From<ResistanceClass> for MechanismClass {
    fn from(class: ResistanceClass) -> Self {
        match class {
            ResistanceClass::OnTarget => MechanismClass::OnTarget,
            ResistanceClass::Bypass => MechanismClass::Bypass,
            ResistanceClass::Transformation => MechanismClass::Transformation,
            ResistanceClass::PrimaryResistanceFactor => MechanismClass::PrimaryResistanceFactor,
            ResistanceClass::FusionContext => MechanismClass::FusionContext,
        }
    }
}

vocabulary! {
    /// The Sequence Ontology consequence terms alkres names from its shipped transcripts,
    /// most severe first (Ensembl VEP's ordering, so `Ord` ranks them).
    Consequence, "consequence" {
        SpliceAcceptorVariant = "splice_acceptor_variant",
        SpliceDonorVariant = "splice_donor_variant",
        StopGained = "stop_gained",
        FrameshiftVariant = "frameshift_variant",
        StopLost = "stop_lost",
        StartLost = "start_lost",
        InframeInsertion = "inframe_insertion",
        InframeDeletion = "inframe_deletion",
        MissenseVariant = "missense_variant",
        ProteinAlteringVariant = "protein_altering_variant",
        SpliceRegionVariant = "splice_region_variant",
        SynonymousVariant = "synonymous_variant",
        CodingSequenceVariant = "coding_sequence_variant",
        FivePrimeUtrVariant = "5_prime_UTR_variant",
        ThreePrimeUtrVariant = "3_prime_UTR_variant",
        ExonVariant = "exon_variant",
        IntronVariant = "intron_variant",
    }
}

vocabulary! {
    /// Regulatory status of a drug (`drugs.tsv` column `status`).
    DrugStatus, "drug status" {
        Approved = "approved",
        Investigational = "investigational",
    }
}

vocabulary! {
    /// How strong the evidence of one KB row is (`calls.tsv`/`strategies.tsv` column
    /// `level`). Declared weakest first, so `Ord` ranks them: the strongest decides a call
    /// (docs/kb-evidence.md).
    EvidenceLevel, "evidence level" {
        Computational = "computational",
        InVitro = "in_vitro",
        InVivo = "in_vivo",
        CaseReport = "case_report",
        ClinicalCohort = "clinical_cohort",
        ClinicalTrial = "clinical_trial",
    }
}

impl EvidenceLevel {
    /// The level of a row written before the `level` column existed, from its `evidence`.
    pub fn from_evidence(evidence: EvidenceType) -> Self {
        match evidence {
            EvidenceType::Clinical => EvidenceLevel::ClinicalCohort,
            EvidenceType::CaseReport => EvidenceLevel::CaseReport,
            EvidenceType::Preclinical => EvidenceLevel::InVitro,
            EvidenceType::Review => EvidenceLevel::Computational,
        }
    }

    /// Clinical data (a patient was treated), as opposed to models.
    pub fn is_clinical(self) -> bool {
        self >= EvidenceLevel::CaseReport
    }

    /// Words for people: `in vitro`, `case report`, `clinical trial`.
    pub fn label(self) -> &'static str {
        match self {
            EvidenceLevel::Computational => "computational",
            EvidenceLevel::InVitro => "in-vitro",
            EvidenceLevel::InVivo => "in-vivo",
            EvidenceLevel::CaseReport => "case-report",
            EvidenceLevel::ClinicalCohort => "clinical-cohort",
            EvidenceLevel::ClinicalTrial => "clinical-trial",
        }
    }

    /// The CIViC evidence level this level implies (A is not used by any row).
    pub fn civic(self) -> CivicLevel {
        match self {
            EvidenceLevel::ClinicalTrial | EvidenceLevel::ClinicalCohort => CivicLevel::B,
            EvidenceLevel::CaseReport => CivicLevel::C,
            EvidenceLevel::InVivo | EvidenceLevel::InVitro => CivicLevel::D,
            EvidenceLevel::Computational => CivicLevel::E,
        }
    }
}

vocabulary! {
    /// CIViC evidence level (`civic_level`), derived from `level`.
    CivicLevel, "CIViC level" {
        A = "A",
        B = "B",
        C = "C",
        D = "D",
        E = "E",
    }
}

vocabulary! {
    /// CIViC direction: does the row's source support its own call (`direction`)?
    Direction, "direction" {
        Supports = "supports",
        /// The source tested the effect and found none: evidence against the call.
        DoesNotSupport = "does_not_support",
    }
}

vocabulary! {
    /// Predictive (which drug works) or prognostic (outlook whatever the drug) (`assertion`).
    Assertion, "assertion" {
        Predictive = "predictive",
        Prognostic = "prognostic",
    }
}

vocabulary! {
    /// What kind of agent a drug is (`drugs.tsv`/`partner_drugs.tsv` column `class`). Only
    /// `alk_tki` drugs are columns of the per-TKI matrix.
    DrugClass, "drug class" {
        AlkTki = "alk_tki",
        OtherKinaseInhibitor = "other_kinase_inhibitor",
        MetInhibitor = "met_inhibitor",
        MekInhibitor = "mek_inhibitor",
        MtorInhibitor = "mtor_inhibitor",
        KitInhibitor = "kit_inhibitor",
        Cdk46Inhibitor = "cdk4_6_inhibitor",
        Chemotherapy = "chemotherapy",
        ImmuneCheckpointInhibitor = "immune_checkpoint_inhibitor",
        AntiAngiogenic = "anti_angiogenic",
    }
}

vocabulary! {
    /// How a strategy is offered (`strategies.tsv` column `status`).
    StrategyStatus, "strategy status" {
        Standard = "standard",
        Option = "option",
        TrialOption = "trial_option",
        Research = "research",
        /// Tested and not useful: shown as a warning, never as an offer.
        NotRecommended = "not_recommended",
    }
}

vocabulary! {
    /// Whether a citation's identifier was read on the paper's own page (`citations.tsv`
    /// column `verified`, written `yes: <how>` or `unverified: <why>`; the part before the
    /// colon is the value).
    Verified, "verified value" {
        Yes = "yes",
        Unverified = "unverified",
    }
}

impl Verified {
    /// `yes: read on PubMed` → `Yes`; the text after the colon is the how/why.
    pub fn parse_prefixed(text: &str) -> Result<Self, UnknownValue> {
        text.split(':').next().unwrap_or("").trim().parse()
    }
}

vocabulary! {
    /// A gene-level copy-number call.
    CnCall, "copy-number call" {
        Amplification = "amplification",
        Gain = "gain",
        Neutral = "neutral",
        Loss = "loss",
        DeepDeletion = "deep_deletion",
    }
}

vocabulary! {
    /// Whether two variants sit on the same haplotype.
    Phase, "phase" {
        Cis = "cis",
        Trans = "trans",
        Unknown = "unknown",
    }
}

vocabulary! {
    /// Primary vs acquired resistance, from the treatment history.
    Timing, "resistance timing" {
        Primary = "primary",
        Acquired = "acquired",
        Baseline = "baseline",
        Undetermined = "undetermined",
    }
}

// The enums are macro-made, with one derive list for all: the default is written out.
#[allow(clippy::derivable_impls)]
impl Default for CnCall {
    fn default() -> Self {
        CnCall::Neutral
    }
}

impl CnCall {
    /// Loss or deep deletion: the change of interest for a tumour suppressor.
    pub fn is_loss(self) -> bool {
        matches!(self, CnCall::Loss | CnCall::DeepDeletion)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_their_text() {
        for call in KbCall::ALL {
            assert_eq!(call.as_str().parse::<KbCall>().unwrap(), *call);
        }
        for class in ResistanceClass::ALL {
            assert_eq!(
                class.to_string().parse::<ResistanceClass>().unwrap(),
                *class
            );
        }
        assert_eq!(
            serde_json::to_string(&EvidenceType::CaseReport).unwrap(),
            "\"case_report\""
        );
    }

    #[test]
    fn every_resistance_class_is_the_mechanism_class_of_the_same_name() {
        for class in ResistanceClass::ALL {
            assert_eq!(MechanismClass::from(*class).as_str(), class.as_str());
        }
        assert_eq!("fusion".parse(), Ok(MechanismClass::Fusion));
        assert!("Bypass".parse::<MechanismClass>().is_err());
    }

    #[test]
    fn an_unknown_value_names_the_allowed_ones() {
        let e = "Resistant".parse::<KbCall>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "'Resistant' is not a known call (allowed: sensitive, intermediate, resistant)"
        );
    }
}
