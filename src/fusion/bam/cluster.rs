//! Grouping reads into junctions: split reads fix precise breakpoints; discordant pairs and
//! clipped reads join the junction they agree with; pairs that agree with none form
//! imprecise junctions of their own.

use std::collections::{BTreeMap, BTreeSet};

use crate::fusion::breakend::{Breakend, Side};
use crate::genome::normalize_contig;

use super::evidence::{ClipRead, PairRead, SplitRead};

/// Split reads within this many bases on both sides belong to one junction.
const SPLIT_TOLERANCE: u64 = 5;
/// A clipped read at most this far from a junction supports it.
pub const CLIP_TOLERANCE: u64 = 3;
/// A discordant read may lie this far from the ALK breakpoint (fragment + spliced exons).
const PAIR_WINDOW_ALK: u64 = 2_000;
/// … and its mate this far from the partner breakpoint (RNA mates may sit exons away).
const PAIR_WINDOW_PARTNER: u64 = 20_000;
/// Slack for reads overlapping the breakpoint by a few bases (microhomology).
const OVERLAP_SLACK: u64 = 10;
/// Discordant-only clusters: mates within this distance of each other.
const PAIR_LINK: u64 = 1_000;

/// A junction and the reads that support it.
#[derive(Debug, Clone, Default)]
pub struct Junction {
    pub alk_pos: u64,
    pub alk_side: Option<Side>,
    pub partner: Option<Breakend>,
    /// Breakpoints from split reads (exact) or estimated from discordant pairs.
    pub precise: bool,
    /// Split reads unique (MAPQ ≥ the minimum) on both sides.
    pub splits: BTreeSet<(u64, u8)>,
    /// Split reads whose ALK piece is not unique (a paralog has its bases); the partner
    /// piece is.
    pub ambiguous_splits: BTreeSet<(u64, u8)>,
    pub pairs: BTreeSet<u64>,
    /// Reads clipped at the breakpoint (no SA), whatever their clipped bases.
    pub clips: BTreeSet<(u64, u8)>,
    /// Those of `clips` whose clipped bases are the other breakend's sequence
    /// ([`super::junction_seq`]).
    pub verified: BTreeSet<(u64, u8)>,
}

impl Junction {
    pub fn alk_side(&self) -> Side {
        self.alk_side.unwrap_or(Side::Left)
    }

    /// Distinct fragments (read names) supporting the junction: split reads, discordant
    /// pairs and junction-sequence reads (verified clips, ambiguous splits). Clipped reads
    /// whose clipped bases are not the partner's are no support.
    pub fn fragments(&self) -> BTreeSet<u64> {
        self.splits
            .iter()
            .chain(&self.ambiguous_splits)
            .chain(&self.verified)
            .map(|s| s.0)
            .chain(self.pairs.iter().copied())
            .collect()
    }

    /// Every read name at the junction, verified or not (clips are matched once).
    pub fn reads(&self) -> BTreeSet<u64> {
        let mut all = self.fragments();
        all.extend(self.clips.iter().map(|c| c.0));
        all
    }
}

type Key = (String, Side, Side);

fn key(chrom: &str, alk: Side, partner: Side) -> Key {
    (normalize_contig(chrom).to_string(), alk, partner)
}

/// Junctions from split reads: grouped by partner chromosome and sides, then by position.
fn split_junctions(splits: &[SplitRead]) -> Vec<Junction> {
    let mut by_key: BTreeMap<Key, Vec<&SplitRead>> = BTreeMap::new();
    for s in splits {
        by_key
            .entry(key(&s.partner.chrom, s.alk_side, s.partner.side))
            .or_default()
            .push(s);
    }
    let mut out = Vec::new();
    for (_, mut list) in by_key {
        list.sort();
        let mut groups: Vec<Vec<&SplitRead>> = Vec::new();
        for s in list {
            let joined = groups.iter_mut().find(|g| {
                g.iter().any(|o| {
                    o.alk_pos.abs_diff(s.alk_pos) <= SPLIT_TOLERANCE
                        && o.partner.pos.abs_diff(s.partner.pos) <= SPLIT_TOLERANCE
                })
            });
            match joined {
                Some(g) => g.push(s),
                None => groups.push(vec![s]),
            }
        }
        for g in groups {
            // The most frequent breakpoint pair (ties: the first in sort order).
            let mut votes: BTreeMap<(u64, u64), usize> = BTreeMap::new();
            for s in &g {
                *votes.entry((s.alk_pos, s.partner.pos)).or_default() += 1;
            }
            let best = votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
            let Some((&(alk_pos, partner_pos), _)) = best else {
                continue;
            };
            let first = g[0];
            let reads = |unique: bool| {
                g.iter()
                    .filter(|s| s.alk_unique == unique)
                    .map(|s| (s.template, s.segment))
                    .collect::<BTreeSet<_>>()
            };
            let splits = reads(true);
            // a read with a unique and an ambiguous piece record counts as unique
            let ambiguous = reads(false)
                .into_iter()
                .filter(|r| !splits.iter().any(|s| s.0 == r.0))
                .collect();
            out.push(Junction {
                alk_pos,
                alk_side: Some(first.alk_side),
                partner: Some(Breakend::new(
                    first.partner.chrom.clone(),
                    partner_pos,
                    first.partner.side,
                )),
                precise: true,
                splits,
                ambiguous_splits: ambiguous,
                ..Default::default()
            });
        }
    }
    out
}

/// How far a read lies on the kept side of a breakpoint (`None`: on the wrong side or too far).
fn distance(read_pos: u64, bp: u64, side: Side, window: u64) -> Option<u64> {
    let d = match side {
        Side::Left if read_pos <= bp + OVERLAP_SLACK => bp.saturating_sub(read_pos),
        Side::Right if read_pos + OVERLAP_SLACK >= bp => read_pos.saturating_sub(bp),
        _ => return None,
    };
    (d <= window).then_some(d)
}

fn pair_fits(j: &Junction, p: &PairRead) -> Option<u64> {
    let partner = j.partner.as_ref()?;
    if j.alk_side != Some(p.alk_side)
        || partner.side != p.mate_side
        || normalize_contig(&partner.chrom) != normalize_contig(&p.mate_chrom)
    {
        return None;
    }
    let mate_pos = match p.mate_side {
        Side::Left => p.mate_end,
        Side::Right => p.mate_start,
    };
    Some(
        distance(p.alk_pos, j.alk_pos, p.alk_side, PAIR_WINDOW_ALK)?
            + distance(mate_pos, partner.pos, p.mate_side, PAIR_WINDOW_PARTNER)?,
    )
}

/// Imprecise junctions from discordant pairs that fit no split-read junction.
fn pair_junctions(pairs: Vec<&PairRead>) -> Vec<Junction> {
    let mut by_key: BTreeMap<Key, Vec<&PairRead>> = BTreeMap::new();
    for p in pairs {
        by_key
            .entry(key(&p.mate_chrom, p.alk_side, p.mate_side))
            .or_default()
            .push(p);
    }
    let mut out = Vec::new();
    for (_, mut list) in by_key {
        list.sort_by_key(|p| (p.mate_start, p.alk_pos, p.template));
        let mut groups: Vec<Vec<&PairRead>> = Vec::new();
        for p in list {
            match groups.last_mut() {
                Some(g)
                    if g.last().is_some_and(|l| {
                        p.mate_start - l.mate_start <= PAIR_LINK
                            && g.iter()
                                .any(|o| o.alk_pos.abs_diff(p.alk_pos) <= PAIR_WINDOW_ALK)
                    }) =>
                {
                    g.push(p)
                }
                _ => groups.push(vec![p]),
            }
        }
        for g in groups {
            let first = g[0];
            let alk_pos = match first.alk_side {
                Side::Left => g.iter().map(|p| p.alk_pos).max(),
                Side::Right => g.iter().map(|p| p.alk_pos).min(),
            }
            .unwrap_or(first.alk_pos);
            let partner_pos = match first.mate_side {
                Side::Left => g.iter().map(|p| p.mate_end).max(),
                Side::Right => g.iter().map(|p| p.mate_start).min(),
            }
            .unwrap_or(first.mate_start);
            out.push(Junction {
                alk_pos,
                alk_side: Some(first.alk_side),
                partner: Some(Breakend::new(
                    first.mate_chrom.clone(),
                    partner_pos,
                    first.mate_side,
                )),
                precise: false,
                pairs: g.iter().map(|p| p.template).collect(),
                ..Default::default()
            });
        }
    }
    out
}

/// Junctions with their split, pair and clip support; clips that fit no junction are
/// returned as `(position, side) → reads` for the statistics.
pub fn cluster(
    splits: &[SplitRead],
    pairs: &[PairRead],
    clips: &[ClipRead],
) -> (Vec<Junction>, BTreeMap<(u64, Side), usize>) {
    let mut junctions = split_junctions(splits);
    let mut loose = Vec::new();
    for p in pairs {
        let best = junctions
            .iter()
            .enumerate()
            .filter_map(|(i, j)| pair_fits(j, p).map(|d| (d, i)))
            .min();
        match best {
            Some((_, i)) => {
                junctions[i].pairs.insert(p.template);
            }
            None => loose.push(p),
        }
    }
    junctions.extend(pair_junctions(loose));
    let mut unplaced: BTreeMap<(u64, Side), usize> = BTreeMap::new();
    for c in clips {
        let best = junctions
            .iter()
            .enumerate()
            .filter(|(_, j)| j.precise && j.alk_side == Some(c.side))
            .map(|(i, j)| (j.alk_pos.abs_diff(c.pos), i))
            .filter(|(d, _)| *d <= CLIP_TOLERANCE)
            .min();
        match best {
            Some((_, i)) => {
                let j = &mut junctions[i];
                let read = (c.template, c.segment);
                if !j.splits.contains(&read) && !j.ambiguous_splits.contains(&read) {
                    j.clips.insert(read);
                }
            }
            None => *unplaced.entry((c.pos, c.side)).or_default() += 1,
        }
    }
    (junctions, unplaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(alk: u64, partner: u64, t: u64) -> SplitRead {
        SplitRead {
            alk_pos: alk,
            alk_side: Side::Left,
            partner: Breakend::new("chr2", partner, Side::Left),
            template: t,
            segment: 1,
            alk_unique: true,
        }
    }

    #[test]
    fn splits_pairs_and_clips_join_one_junction() {
        let splits = vec![
            split(1000, 5000, 1),
            split(1000, 5000, 2),
            split(1001, 5001, 3),
        ];
        let pairs = vec![
            PairRead {
                alk_pos: 800,
                alk_side: Side::Left,
                mate_chrom: "2".into(),
                mate_start: 4700,
                mate_end: 4799,
                mate_side: Side::Left,
                template: 10,
            },
            PairRead {
                alk_pos: 900,
                alk_side: Side::Left,
                mate_chrom: "chr7".into(),
                mate_start: 100,
                mate_end: 199,
                mate_side: Side::Right,
                template: 11,
            },
        ];
        let clips = vec![
            ClipRead {
                pos: 1002,
                side: Side::Left,
                template: 20,
                segment: 1,
                bases: Vec::new(),
            },
            ClipRead {
                pos: 1000,
                side: Side::Left,
                template: 1,
                segment: 1,
                bases: Vec::new(),
            },
            ClipRead {
                pos: 3000,
                side: Side::Right,
                template: 21,
                segment: 1,
                bases: Vec::new(),
            },
        ];
        let (j, unplaced) = cluster(&splits, &pairs, &clips);
        assert_eq!(j.len(), 2);
        assert_eq!(
            (j[0].alk_pos, j[0].partner.as_ref().unwrap().pos),
            (1000, 5000)
        );
        assert_eq!(
            (j[0].splits.len(), j[0].pairs.len(), j[0].clips.len()),
            (3, 1, 1)
        );
        assert!(!j[1].precise);
        assert_eq!(j[1].alk_pos, 900);
        assert_eq!(j[1].partner.as_ref().unwrap().pos, 100);
        assert_eq!(unplaced.len(), 1);
    }
}
