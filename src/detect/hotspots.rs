//! Hotspot genotyping straight from the BAM: at every knowledge-base ALK codon, count read
//! pairs by the codon they carry, so that a low-fraction G1202R a variant caller filtered out
//! is still reported, flagged `BAM-genotyped`, with its counts and the detection threshold.
//!
//! Counting: reads with any of the flags 0x4/0x100/0x200/0x400/0x800 or MAPQ below the minimum
//! are skipped. A read pair counts once (a fragment); mates that disagree are `ambiguous` and
//! left out of the depth. A fragment counts towards the depth when all three codon bases have
//! base quality ≥ the minimum (or it carries an insertion/deletion in the codon). Substitutions
//! are matched by the amino acid of the whole codon (so any codon for Arg counts as G1202R);
//! `del`/`dup`/`ins` alterations by an insertion or deletion within the codon.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::alignments::pass::{visit_regions, RegionVisitor, Window};
use crate::alignments::{
    base_at, has_indel_within, mate_index, passes, AlignmentFile, AlignmentHeader, BaseAt,
};
pub use crate::detect::error_floor::{error_floors, ErrorFloorSource, NormalSite};
use crate::detect::hotspot_noise::{
    binomial_two_sided, binomial_upper_tail, critical_count, flank_error_rate, limit_of_detection,
    null_rate, substitution_routes, SiteNoise, FLANK,
};
use crate::detect::phasing::PhasingVariant;
use crate::detect::round6;
use crate::error::{Error, Result};
use crate::genome::normalize_contig;
use crate::transcript::codon::{complement, three_letter, translate};
use crate::transcript::{Strand, TranscriptSet};

/// Every hotspot result carries this source label.
pub const BAM_GENOTYPED: &str = "BAM-genotyped";

/// What the knowledge-base alteration changes at the codon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HotspotChange {
    /// Amino-acid substitution to this residue (one letter).
    Substitution(char),
    /// In-frame deletion (`G1202del`).
    Deletion,
    /// Duplication or insertion (`T1151dup`).
    Insertion,
}

/// One knowledge-base position to genotype.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hotspot {
    /// Knowledge-base id (`ALK:G1202R`).
    pub label: String,
    pub gene: String,
    /// `G1202R`.
    pub protein_short: String,
    pub protein_position: u64,
    pub reference_aa: char,
    pub change: HotspotChange,
    /// Contig as in the shipped transcripts (no `chr`).
    pub chrom: String,
    pub strand: Strand,
    /// Genomic positions (1-based) of the codon's bases c.3p-2, c.3p-1, c.3p (coding order).
    pub codon: [u64; 3],
    /// The shipped reference codon (coding strand).
    pub reference_codon: String,
    /// The transcript the HGVS names are on (RefSeq accession, else the shipped id).
    pub transcript: String,
}

/// When a hotspot counts as detected: at least `min_alt` alternate fragments, a VAF of at
/// least `min_vaf`, more alternate fragments than sequencing errors explain (binomial
/// p-value below `max_p_value` against the site's error rate, `detect::hotspot_noise`)
/// and no strand bias (two-sided p-value of the strand split ≥ [`MIN_STRAND_P`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DetectionThreshold {
    pub min_alt: u32,
    pub min_vaf: f64,
    pub max_p_value: f64,
}

/// Alternate fragments split between the strands less evenly than this p-value are artefacts.
pub const MIN_STRAND_P: f64 = 1e-3;

impl Default for DetectionThreshold {
    fn default() -> Self {
        DetectionThreshold {
            min_alt: 3,
            min_vaf: 0.01,
            max_p_value: 1e-4,
        }
    }
}

impl DetectionThreshold {
    pub fn describe(&self) -> String {
        format!(
            ">= {} alternate read pairs, VAF >= {}, binomial p < {} against the site's error \
             rate, strand p >= {MIN_STRAND_P}",
            self.min_alt, self.min_vaf, self.max_p_value
        )
    }
}

/// Read filters and the detection threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HotspotOptions {
    pub min_mapq: u8,
    pub min_base_quality: u8,
    pub threshold: DetectionThreshold,
}

/// The defaults of `alkres cnv` and `alkres run` (the one place they are written).
impl Default for HotspotOptions {
    fn default() -> Self {
        HotspotOptions {
            min_mapq: 20,
            min_base_quality: 20,
            threshold: DetectionThreshold::default(),
        }
    }
}

/// Plus-strand base counts at one codon position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BaseCounts {
    pub pos: u64,
    pub a: u32,
    pub c: u32,
    pub g: u32,
    pub t: u32,
    pub n: u32,
    pub deleted: u32,
}

/// The counts at one hotspot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotspotCount {
    #[serde(flatten)]
    pub hotspot: Hotspot,
    /// Fragments with a readable codon (or an indel in it).
    pub depth: u32,
    pub ref_count: u32,
    pub alt_count: u32,
    pub other_count: u32,
    /// Fragments whose mates disagree: left out of the depth.
    pub ambiguous: u32,
    pub vaf: Option<f64>,
    /// Fragments per amino acid of the codon (`*` stop; `indel` for an indel in the codon).
    pub amino_acids: BTreeMap<String, u32>,
    /// Fragments per coding-strand codon.
    pub codons: BTreeMap<String, u32>,
    /// Plus-strand bases at the three codon positions (coding order).
    pub bases: [BaseCounts; 3],
    /// The most frequent codon of the alternate fragments (coding strand).
    pub alt_codon: Option<String>,
    pub detected: bool,
    /// Why a hotspot with alternate fragments is not detected (`.` when detected or none).
    pub not_detected_because: Option<String>,
    /// The error model at the site.
    pub noise: SiteNoise,
    /// The detected change as a variant record (plus strand, VCF style) with HGVS.
    pub record: Option<VariantRecord>,
    pub threshold: DetectionThreshold,
    pub min_mapq: u8,
    pub min_base_quality: u8,
    pub source: &'static str,
}

/// A protein change to genotype, as the knowledge base names it (`ALK:G1202R`, `G1202R`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotspotSpec {
    pub id: String,
    pub gene: String,
    pub protein_short: String,
}

/// Every substitution, deletion and duplication/insertion of `gene` among `specs`, placed on
/// the shipped transcript (codon c.3p-2..c.3p). Changes whose reference residue disagrees
/// with the shipped sequence, or that fall outside the CDS, are left out.
pub fn place_hotspots(
    specs: &[HotspotSpec],
    transcripts: &TranscriptSet,
    gene: &str,
) -> Vec<Hotspot> {
    let Some(tx) = transcripts.by_gene(gene) else {
        return Vec::new();
    };
    specs
        .iter()
        .filter(|a| a.gene == gene)
        .filter_map(|a| {
            let (reference_aa, position, change) = parse_protein_short(&a.protein_short)?;
            let c = 3 * position;
            let codon = [
                tx.genomic_of_cds(c - 2)?,
                tx.genomic_of_cds(c - 1)?,
                tx.genomic_of_cds(c)?,
            ];
            let shipped = [tx.cds_base(c - 2)?, tx.cds_base(c - 1)?, tx.cds_base(c)?];
            (translate(shipped) == Some(reference_aa as u8)).then(|| Hotspot {
                label: a.id.clone(),
                gene: gene.to_string(),
                protein_short: a.protein_short.clone(),
                protein_position: position,
                reference_aa,
                change,
                chrom: tx.chrom.clone(),
                strand: tx.strand,
                codon,
                reference_codon: String::from_utf8_lossy(&shipped).into_owned(),
                transcript: tx.refseq.clone().unwrap_or_else(|| tx.id.clone()),
            })
        })
        .collect()
}

/// `G1202R` → (G, 1202, Substitution(R)); `G1202del`, `T1151dup`, `T1151_L1152insT` likewise.
fn parse_protein_short(short: &str) -> Option<(char, u64, HotspotChange)> {
    let mut chars = short.chars();
    let reference = chars.next().filter(char::is_ascii_uppercase)?;
    let rest = chars.as_str();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let position: u64 = rest[..digits].parse().ok().filter(|&p| p > 0)?;
    let tail = &rest[digits..];
    let change = match tail {
        "del" => HotspotChange::Deletion,
        "dup" => HotspotChange::Insertion,
        t if t.starts_with('_') && t.contains("ins") => HotspotChange::Insertion,
        t if t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase() || c == '*') => {
            HotspotChange::Substitution(t.chars().next()?)
        }
        _ => return None,
    };
    Some((reference, position, change))
}

/// Genotype every hotspot with the default [`DetectionThreshold`].
pub fn genotype_hotspots(
    bam: &Path,
    reference: Option<&Path>,
    positions: &[Hotspot],
    min_mapq: u8,
    min_base_quality: u8,
) -> Result<Vec<HotspotCount>> {
    genotype_hotspots_with(
        bam,
        reference,
        positions,
        &HotspotOptions {
            min_mapq,
            min_base_quality,
            threshold: DetectionThreshold::default(),
        },
    )
}

/// Genotype every hotspot (in parallel on the current rayon pool; same result for any
/// number of threads).
pub fn genotype_hotspots_with(
    bam: &Path,
    reference: Option<&Path>,
    positions: &[Hotspot],
    options: &HotspotOptions,
) -> Result<Vec<HotspotCount>> {
    let file = AlignmentFile::new(bam, reference);
    let header = file.header()?;
    let mut sites = HotspotSites::new(&header, &file.label(), positions, options)?;
    visit_regions(&file, sites.visitors())?;
    Ok(sites.finish())
}

/// [`genotype_hotspots_with`] on the tumour `bam`, each site's error rate at least the
/// matched `normal`'s alternate fraction there (`detect::hotspot_noise`).
pub fn genotype_hotspots_with_normal(
    bam: &Path,
    normal: &Path,
    reference: Option<&Path>,
    positions: &[Hotspot],
    options: &HotspotOptions,
) -> Result<Vec<HotspotCount>> {
    let in_normal = genotype_hotspots_with(normal, reference, positions, options)?;
    let file = AlignmentFile::new(bam, reference);
    let header = file.header()?;
    let mut sites = HotspotSites::new(&header, &file.label(), positions, options)?;
    visit_regions(&file, sites.visitors())?;
    Ok(sites.finish_with_normal(&in_normal))
}

/// Hotspot genotyping as visitors of a shared pass over the reads
/// ([`crate::alignments::pass`]): one visitor per hotspot codon. Each keeps what every
/// passing read shows at the codon's bases, so that phasing needs no second pass
/// ([`HotspotSites::codon_reads`]).
pub struct HotspotSites {
    sites: Vec<HotspotSite>,
}

impl HotspotSites {
    /// An error when a hotspot's contig is not in the header.
    pub fn new(
        header: &AlignmentHeader,
        label: &str,
        positions: &[Hotspot],
        options: &HotspotOptions,
    ) -> Result<Self> {
        let sites = positions
            .iter()
            .map(|hotspot| {
                let tid = header.tid(&hotspot.chrom).ok_or_else(|| {
                    Error::bad_input(
                        label,
                        format!(
                            "contig {} (for {}) is not in the alignment header",
                            hotspot.chrom, hotspot.label
                        ),
                    )
                })?;
                Ok(HotspotSite::new(tid, hotspot, options))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(HotspotSites { sites })
    }

    pub fn visitors(&mut self) -> Vec<&mut dyn RegionVisitor> {
        self.sites
            .iter_mut()
            .map(|s| s as &mut dyn RegionVisitor)
            .collect()
    }

    /// The counts, in the order of the hotspots given to [`HotspotSites::new`].
    pub fn finish(&self) -> Vec<HotspotCount> {
        self.sites.iter().map(|s| s.count(None)).collect()
    }

    /// [`HotspotSites::finish`], each site's error rate bounded by the matched normal's
    /// alternate fraction there (`normal`: the same hotspots genotyped in the normal).
    pub fn finish_with_normal(&self, normal: &[HotspotCount]) -> Vec<HotspotCount> {
        self.finish_with_floors(&error_floors(normal_counts(normal), None))
    }

    /// [`HotspotSites::finish`], each site's error rate at least its floor in `floors` (by
    /// hotspot label; see [`error_floors`]).
    pub fn finish_with_floors(&self, floors: &HashMap<String, NormalSite>) -> Vec<HotspotCount> {
        self.sites
            .iter()
            .map(|s| s.count(floors.get(&s.hotspot.label).copied()))
            .collect()
    }

    /// The reads of a hotspot codon holding `chrom:pos` (1-based), with the bases they show
    /// there (hotspots sharing a codon saw the same reads).
    pub fn codon_reads(&self, chrom: &str, pos: u64) -> Option<CodonReads<'_>> {
        let chrom = normalize_contig(chrom);
        let site = self.sites.iter().find(|s| {
            normalize_contig(&s.hotspot.chrom) == chrom && s.hotspot.codon.contains(&pos)
        })?;
        Some(CodonReads {
            codon: site.hotspot.codon,
            reads: &site.reads,
        })
    }
}

/// A matched normal's hotspot counts as [`error_floors`] takes them: label, alternate and
/// total read pairs.
pub fn normal_counts(normal: &[HotspotCount]) -> impl Iterator<Item = (&str, u32, u32)> + '_ {
    normal
        .iter()
        .map(|c| (c.hotspot.label.as_str(), c.alt_count, c.depth))
}

/// Every passing read at a codon: (name, mate) and what it shows at the three codon bases
/// (coding order), in file order.
pub struct CodonReads<'a> {
    pub codon: [u64; 3],
    pub reads: &'a [CodonRead],
}

/// A read at a codon: (name, mate) and what it shows at the three codon bases.
pub type CodonRead = ((Vec<u8>, u8), [BaseAt; 3]);

/// One hotspot's visitor: the fragments seen at the codon and the flanking columns.
struct HotspotSite {
    tid: u32,
    lo: u64,
    hi: u64,
    hotspot: Hotspot,
    options: HotspotOptions,
    /// Per fragment: the first readable observation, and whether a mate disagreed.
    fragments: HashMap<Vec<u8>, Fragment>,
    /// Flanking columns (A, C, G, T) for the site's error rate.
    flank: Vec<[u32; 4]>,
    reads: Vec<CodonRead>,
}

impl HotspotSite {
    fn new(tid: u32, hotspot: &Hotspot, options: &HotspotOptions) -> Self {
        let lo = hotspot.codon.iter().min().copied().unwrap_or(1) - 1;
        let hi = hotspot.codon.iter().max().copied().unwrap_or(1);
        HotspotSite {
            tid,
            lo,
            hi,
            hotspot: hotspot.clone(),
            options: *options,
            fragments: HashMap::new(),
            flank: vec![[0u32; 4]; (hi - lo) as usize + 2 * FLANK as usize],
            reads: Vec::new(),
        }
    }

    fn count(&self, normal: Option<NormalSite>) -> HotspotCount {
        let (lo, hi) = (self.lo as i64, self.hi as i64);
        let flank_lo = lo - FLANK;
        let columns: Vec<[u32; 4]> = self
            .flank
            .iter()
            .enumerate()
            .filter(|(k, _)| {
                let pos0 = flank_lo + *k as i64;
                !(pos0 >= lo && pos0 < hi)
            })
            .map(|(_, c)| *c)
            .collect();
        tally(
            &self.hotspot,
            self.fragments.values(),
            &columns,
            &self.options,
            normal,
        )
    }
}

impl RegionVisitor for HotspotSite {
    fn window(&self) -> Window {
        Window {
            tid: self.tid,
            start0: self.lo as i64,
            end0: self.hi as i64,
        }
    }

    fn visit(&mut self, record: &rust_htslib::bam::Record) {
        let options = &self.options;
        if !passes(record, options.min_mapq) {
            return;
        }
        let (lo, hi) = (self.lo as i64, self.hi as i64);
        let flank_lo = lo - FLANK;
        for (k, col) in self.flank.iter_mut().enumerate() {
            let pos0 = flank_lo + k as i64;
            if pos0 >= lo && pos0 < hi {
                continue; // the codon itself
            }
            if let BaseAt::Base(b, q) = base_at(record, pos0) {
                if q >= options.min_base_quality {
                    if let Some(i) = base_index(b) {
                        col[i] += 1;
                    }
                }
            }
        }
        let obs = observe(record, &self.hotspot, options.min_base_quality);
        let mate = mate_index(record);
        self.reads.push((
            (record.qname().to_vec(), mate),
            self.hotspot
                .codon
                .map(|pos| base_at(record, pos as i64 - 1)),
        ));
        // The fragment's strand is read 1's.
        let forward = record.is_reverse() == (mate == 1);
        match self.fragments.get_mut(record.qname()) {
            None => {
                self.fragments.insert(
                    record.qname().to_vec(),
                    Fragment {
                        readable: u8::from(obs != CodonObs::Unreadable),
                        obs,
                        mate,
                        conflict: false,
                        forward,
                    },
                );
            }
            Some(f) if f.mate != mate => match (&f.obs, &obs) {
                (CodonObs::Unreadable, CodonObs::Unreadable) => {}
                (CodonObs::Unreadable, _) => {
                    f.obs = obs;
                    f.readable = 1;
                }
                (_, CodonObs::Unreadable) => {}
                (a, b) if a == b => f.readable = 2,
                _ => f.conflict = true,
            },
            Some(_) => {}
        }
    }
}

/// What one fragment shows at the codon.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CodonObs {
    Codon([u8; 3], [u8; 3]),
    Indel,
    /// Some base missing or below the base-quality minimum.
    Unreadable,
}

fn observe(record: &rust_htslib::bam::Record, hotspot: &Hotspot, min_bq: u8) -> CodonObs {
    let lo = hotspot.codon.iter().min().copied().unwrap_or(0) as i64 - 1;
    let hi = hotspot.codon.iter().max().copied().unwrap_or(0) as i64 - 1;
    if has_indel_within(record, lo, hi) {
        return CodonObs::Indel;
    }
    let mut plus = [b'N'; 3];
    for (k, &pos) in hotspot.codon.iter().enumerate() {
        match base_at(record, pos as i64 - 1) {
            BaseAt::Base(b, q) if q >= min_bq => plus[k] = b,
            _ => return CodonObs::Unreadable,
        }
    }
    let coding = match hotspot.strand {
        Strand::Plus => plus,
        Strand::Minus => plus.map(complement),
    };
    CodonObs::Codon(coding, plus)
}

/// One read pair's evidence at the codon.
struct Fragment {
    obs: CodonObs,
    mate: u8,
    conflict: bool,
    /// Mates that read the codon (2: both, in agreement).
    readable: u8,
    forward: bool,
}

fn base_index(b: u8) -> Option<usize> {
    match b {
        b'A' => Some(0),
        b'C' => Some(1),
        b'G' => Some(2),
        b'T' => Some(3),
        _ => None,
    }
}

/// An empty count at `hotspot` (no fragments), for tests that set the counts themselves.
#[cfg(test)]
pub(crate) fn count_for_test(hotspot: &Hotspot) -> HotspotCount {
    tally(
        hotspot,
        std::iter::empty(),
        &[],
        &HotspotOptions::default(),
        None,
    )
}

fn tally<'a>(
    hotspot: &Hotspot,
    fragments: impl Iterator<Item = &'a Fragment>,
    flank_columns: &[[u32; 4]],
    options: &HotspotOptions,
    normal: Option<NormalSite>,
) -> HotspotCount {
    let mut count = HotspotCount {
        hotspot: hotspot.clone(),
        depth: 0,
        ref_count: 0,
        alt_count: 0,
        other_count: 0,
        ambiguous: 0,
        vaf: None,
        amino_acids: BTreeMap::new(),
        codons: BTreeMap::new(),
        bases: hotspot.codon.map(|pos| BaseCounts {
            pos,
            ..BaseCounts::default()
        }),
        alt_codon: None,
        detected: false,
        not_detected_because: None,
        noise: SiteNoise {
            error_rate: 0.0,
            error_bases: 0,
            expected_errors: 0.0,
            p_value: 1.0,
            alt_forward: 0,
            alt_reverse: 0,
            strand_p_value: 1.0,
            limit_of_detection: None,
            normal: None,
        },
        record: None,
        threshold: options.threshold,
        min_mapq: options.min_mapq,
        min_base_quality: options.min_base_quality,
        source: BAM_GENOTYPED,
    };
    let mut alt_codons: BTreeMap<String, u32> = BTreeMap::new();
    let (mut single, mut double, mut forward) = (0u32, 0u32, 0u32);
    for fragment in fragments {
        let (obs, conflict, readable, is_forward) = (
            fragment.obs.clone(),
            fragment.conflict,
            fragment.readable,
            fragment.forward,
        );
        if conflict {
            count.ambiguous += 1;
            continue;
        }
        if obs != CodonObs::Unreadable {
            if readable >= 2 {
                double += 1;
            } else {
                single += 1;
            }
            forward += u32::from(is_forward);
        }
        let (aa, is_alt) = match &obs {
            CodonObs::Unreadable => continue,
            CodonObs::Indel => {
                for b in &mut count.bases {
                    b.deleted += 1;
                }
                (
                    "indel".to_string(),
                    matches!(
                        hotspot.change,
                        HotspotChange::Deletion | HotspotChange::Insertion
                    ),
                )
            }
            CodonObs::Codon(coding, plus) => {
                for (b, &base) in count.bases.iter_mut().zip(plus) {
                    match base {
                        b'A' => b.a += 1,
                        b'C' => b.c += 1,
                        b'G' => b.g += 1,
                        b'T' => b.t += 1,
                        _ => b.n += 1,
                    }
                }
                let text = String::from_utf8_lossy(coding).into_owned();
                *count.codons.entry(text.clone()).or_default() += 1;
                let aa = translate(*coding).map_or('X', char::from);
                let is_alt = hotspot.change == HotspotChange::Substitution(aa);
                if is_alt {
                    *alt_codons.entry(text).or_default() += 1;
                }
                (aa.to_string(), is_alt)
            }
        };
        count.depth += 1;
        if is_alt {
            count.alt_count += 1;
            if is_forward {
                count.noise.alt_forward += 1;
            } else {
                count.noise.alt_reverse += 1;
            }
        } else if aa.len() == 1 && aa.starts_with(hotspot.reference_aa) {
            count.ref_count += 1;
        } else {
            count.other_count += 1;
        }
        *count.amino_acids.entry(aa).or_default() += 1;
    }
    count.alt_codon = alt_codons
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(c, _)| c);
    count.record = count
        .alt_codon
        .as_deref()
        .and_then(|alt| variant_record(hotspot, alt));
    let t = options.threshold;
    let (error_rate, error_bases) = flank_error_rate(flank_columns);
    // Indels: errors seldom make an in-frame indel at a codon; a flat per-fragment rate.
    let routes = match hotspot.change {
        HotspotChange::Substitution(aa) => {
            let reference: Option<[u8; 3]> = hotspot.reference_codon.as_bytes().try_into().ok();
            reference.map_or(1, |r| substitution_routes(r, aa as u8).max(1))
        }
        _ => 1,
    };
    let flank_p0 = null_rate(error_rate, routes, single, double);
    // A matched normal's own alternate fragments at the site bound the error from below: an
    // artefact recurring at this position in every library is not evidence of the tumour.
    let p0 = normal.map_or(flank_p0, |site| flank_p0.max(site.rate));
    let n = count.depth;
    let noise = &mut count.noise;
    noise.normal = normal;
    noise.error_rate = round6(error_rate);
    noise.error_bases = error_bases;
    noise.expected_errors = round6(p0 * f64::from(n));
    noise.p_value = binomial_upper_tail(count.alt_count, n, p0);
    let forward_share = if n > 0 {
        f64::from(forward) / f64::from(n)
    } else {
        0.5
    };
    noise.strand_p_value = binomial_two_sided(noise.alt_forward, count.alt_count, forward_share);
    noise.limit_of_detection = limit_of_detection(
        n,
        p0,
        critical_count(n, p0, t.max_p_value, t.min_alt),
        t.min_vaf,
    );
    if n > 0 {
        let vaf = f64::from(count.alt_count) / f64::from(n);
        count.vaf = Some(round6(vaf));
        let why = if count.alt_count == 0 {
            None
        } else if count.alt_count < t.min_alt {
            Some(format!(
                "{} alternate read pair(s) < {}",
                count.alt_count, t.min_alt
            ))
        } else if vaf < t.min_vaf {
            Some(format!("VAF {vaf:.4} < {}", t.min_vaf))
        } else if count.noise.p_value >= t.max_p_value {
            Some(format!(
                "not above noise: {:.1} alternate read pairs expected from errors (rate {:.4}{}), \
                 p = {:.2e} >= {}",
                count.noise.expected_errors,
                error_rate,
                normal.map_or(String::new(), |n| format!("; {}", n.describe())),
                count.noise.p_value,
                t.max_p_value
            ))
        } else if count.noise.strand_p_value < MIN_STRAND_P {
            Some(format!(
                "strand bias: {} forward / {} reverse (p = {:.2e})",
                count.noise.alt_forward, count.noise.alt_reverse, count.noise.strand_p_value
            ))
        } else {
            None
        };
        count.detected = count.alt_count > 0 && why.is_none();
        count.not_detected_because = why;
    }
    count
}

/// A hotspot's alternate codon as a normal variant record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantRecord {
    pub chrom: String,
    /// 1-based, plus strand (VCF `POS`, `REF`, `ALT`).
    pub pos: u64,
    #[serde(rename = "ref")]
    pub reference: String,
    pub alt: String,
    /// `NM_004304.5:c.3604G>A`.
    pub hgvs_c: String,
    /// `p.Gly1202Arg`.
    pub hgvs_p: String,
}

/// The record of the change from the shipped codon to `alt_codon` (coding strand). `None`
/// when nothing changed, or when the changed bases are not adjacent on the genome (a codon
/// split by an intron with changes on both sides).
pub fn variant_record(hotspot: &Hotspot, alt_codon: &str) -> Option<VariantRecord> {
    let reference: [u8; 3] = hotspot.reference_codon.as_bytes().try_into().ok()?;
    let alt: [u8; 3] = alt_codon.as_bytes().try_into().ok()?;
    let changed: Vec<usize> = (0..3).filter(|&k| reference[k] != alt[k]).collect();
    let (k_first, k_last) = (*changed.first()?, *changed.last()?);
    let genomic: Vec<u64> = (k_first..=k_last).map(|k| hotspot.codon[k]).collect();
    let (lo, hi) = (*genomic.iter().min()?, *genomic.iter().max()?);
    if hi - lo != (k_last - k_first) as u64 {
        return None;
    }
    let plus = |codon: &[u8; 3]| -> String {
        let mut bases: Vec<(u64, u8)> = (k_first..=k_last)
            .map(|k| {
                let b = match hotspot.strand {
                    Strand::Plus => codon[k],
                    Strand::Minus => complement(codon[k]),
                };
                (hotspot.codon[k], b)
            })
            .collect();
        bases.sort_unstable();
        bases.iter().map(|&(_, b)| char::from(b)).collect()
    };
    let c_first = 3 * hotspot.protein_position - 2 + k_first as u64;
    let c_last = 3 * hotspot.protein_position - 2 + k_last as u64;
    let coding = |codon: &[u8; 3]| String::from_utf8_lossy(&codon[k_first..=k_last]).into_owned();
    let hgvs_c = if c_first == c_last {
        format!(
            "{}:c.{c_first}{}>{}",
            hotspot.transcript,
            coding(&reference),
            coding(&alt)
        )
    } else {
        format!(
            "{}:c.{c_first}_{c_last}delins{}",
            hotspot.transcript,
            coding(&alt)
        )
    };
    let alt_aa = translate(alt)?;
    Some(VariantRecord {
        chrom: hotspot.chrom.clone(),
        pos: lo,
        reference: plus(&reference),
        alt: plus(&alt),
        hgvs_c,
        hgvs_p: format!(
            "p.{}{}{}",
            three_letter(hotspot.reference_aa as u8),
            hotspot.protein_position,
            three_letter(alt_aa)
        ),
    })
}

/// The genomic (plus-strand, VCF-style) change behind a detected substitution: its most
/// frequent alternate codon against the shipped reference codon, labelled by the protein
/// change (`G1202R`). `None` for indels, undetected hotspots, or codons split by an intron
/// with more than one changed base.
pub fn phasing_variant(
    count: &HotspotCount,
    transcripts: &TranscriptSet,
) -> Option<PhasingVariant> {
    let h = &count.hotspot;
    if !count.detected || !matches!(h.change, HotspotChange::Substitution(_)) {
        return None;
    }
    let tx = transcripts.by_gene(&h.gene)?;
    let c = 3 * h.protein_position;
    let reference = [tx.cds_base(c - 2)?, tx.cds_base(c - 1)?, tx.cds_base(c)?];
    let alt: [u8; 3] = count.alt_codon.as_ref()?.as_bytes().try_into().ok()?;
    let changed: Vec<usize> = (0..3).filter(|&k| reference[k] != alt[k]).collect();
    let positions: Vec<u64> = changed.iter().map(|&k| h.codon[k]).collect();
    let (lo, hi) = (*positions.iter().min()?, *positions.iter().max()?);
    if hi - lo > 2 {
        return None;
    }
    let plus = |coding: u8| match h.strand {
        Strand::Plus => coding,
        Strand::Minus => complement(coding),
    };
    let base_at = |codon: &[u8; 3], pos: u64| -> Option<u8> {
        let k = h.codon.iter().position(|&p| p == pos)?;
        Some(plus(codon[k]))
    };
    let mut ref_bases = String::new();
    let mut alt_bases = String::new();
    for pos in lo..=hi {
        ref_bases.push(char::from(base_at(&reference, pos)?));
        alt_bases.push(char::from(base_at(&alt, pos)?));
    }
    Some(PhasingVariant::new(
        &h.chrom,
        lo,
        &ref_bases,
        &alt_bases,
        &h.protein_short,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genome::{Build, KnownSequence};

    #[test]
    fn protein_short_forms_parse() {
        assert_eq!(
            parse_protein_short("G1202R"),
            Some(('G', 1202, HotspotChange::Substitution('R')))
        );
        assert_eq!(
            parse_protein_short("G1202del"),
            Some(('G', 1202, HotspotChange::Deletion))
        );
        assert_eq!(
            parse_protein_short("T1151dup"),
            Some(('T', 1151, HotspotChange::Insertion))
        );
        assert_eq!(parse_protein_short("L1196M+G1202R"), None);
        assert_eq!(parse_protein_short("amplification"), None);
    }

    #[test]
    fn kb_alk_positions_land_on_their_codons_on_both_builds() {
        let specs = crate::kb::KnowledgeBase::shipped().unwrap().hotspot_specs();
        let known = KnownSequence::shipped().unwrap();
        for build in Build::ALL {
            let set = TranscriptSet::shipped(build, &known).unwrap();
            let hotspots = place_hotspots(&specs, &set, "ALK");
            let g1202r = hotspots.iter().find(|h| h.label == "ALK:G1202R").unwrap();
            // c.3604G>A is chr2:29220747 (GRCh38); GRCh37 = GRCh38 + 222,866.
            let expected = match build {
                Build::GRCh38 => 29_220_747,
                Build::GRCh37 => 29_220_747 + 222_866,
            };
            assert_eq!(g1202r.codon, [expected, expected - 1, expected - 2]);
            assert!(hotspots.len() >= 25, "{build}: {}", hotspots.len());
        }
    }
}
