//! ALK rearrangements from structural-variant VCFs (Manta, GRIDSS, DELLY, LUMPY).

mod alt;
mod caller;
mod record;

use std::path::Path;

use crate::error::{Error, Result};
use crate::io::vcf_input::VcfInput;
use crate::io::vcf_record::rough_locus;

use super::breakend::{Breakend, Candidate, JunctionKind};
use super::naming::Namer;
use super::stats::{InputStats, SourceOutput};
pub use alt::{describe, parse_bracket, Described, SvInfo};
pub use caller::Caller;
use record::SvRecord;

pub struct SvOptions<'a> {
    /// Sample column whose FORMAT values count (default: the last, usually the tumour).
    pub sample: Option<&'a str>,
    /// `sample` was given by the user (`--sample`), not taken from the inputs.
    pub sample_given: bool,
    pub include_filtered: bool,
}

/// One candidate with what is needed to recognise its mate record.
struct Found {
    candidate: Candidate,
    id: String,
    mates: Vec<String>,
    /// The record's own position is the ALK breakend.
    local_in_alk: bool,
}

const SKIP_NOT_ALK: &str = "no breakend in ALK (not an ALK rearrangement)";
const SKIP_INTRAGENIC: &str = "both breakends in ALK (intragenic, not a fusion)";
const SKIP_MATE: &str = "mate record of a breakend pair already reported";
const SKIP_FILTERED: &str = "FILTER not PASS (use --include-filtered)";
const SKIP_SINGLE: &str = "single breakend (no partner locus)";
const SKIP_MALFORMED: &str = "malformed record away from ALK (line named in a warning)";

pub fn read(path: &Path, namer: &Namer, options: &SvOptions) -> Result<SourceOutput> {
    let label = path.display().to_string();
    let mut input = VcfInput::open(&label, 0)?;
    let header = input.header_text()?;
    let header_caller = Caller::detect(&header);
    let samples: Vec<String> = input.header.sample_names().iter().cloned().collect();
    let hints = crate::probe::ColumnHints::from_header(&header);
    let own = crate::probe::tumour_column_by(&samples, None, &hints);
    // Without --sample the run's sample may be this file's own choice: then the file's rule
    // chose the column, and the JSON says which rule.
    let chosen = match (&own, options.sample) {
        (Some(c), Some(w)) if !options.sample_given && crate::probe::sample_name(&c.name) == w => {
            own
        }
        _ => crate::probe::tumour_column_by(&samples, options.sample, &hints),
    };
    let column = chosen.as_ref().map(|c| c.index);
    let column_name = chosen.as_ref().map(|c| c.name.clone());
    let mut stats = InputStats::new(&label, "SV VCF");
    stats.tumour_column = chosen.as_ref().map(|c| c.choice());
    stats.sample_column = chosen.and_then(|c| c.guessed);
    let mut found: Vec<Found> = Vec::new();
    let mut callers_seen = Vec::new();
    let mut line = Vec::new();
    while input.next_line(&mut line)? {
        stats.records_read += 1;
        let n = input.line_number;
        let text = std::str::from_utf8(&line)
            .map_err(|_| Error::bad_record(&label, n, "record is not UTF-8"))?;
        // A malformed record away from ALK cannot change the answer: counted, named, skipped.
        // At ALK it could: an error naming the line and the field.
        let mut malformed = |chrom: &str, pos: Option<u64>, m: String| -> Result<()> {
            let at_alk = pos.is_none_or(|p| namer.in_alk(chrom, p));
            if at_alk {
                return Err(Error::bad_record(&label, n, m));
            }
            eprintln!("alkres: warning: {label}, line {n}: {m}: record away from ALK skipped");
            stats.skip(SKIP_MALFORMED);
            Ok(())
        };
        let rec = match SvRecord::parse(text, n, column) {
            Ok(rec) => rec,
            Err(e) => {
                let (chrom, pos) = rough_locus(text);
                malformed(chrom, pos, e.message)?;
                continue;
            }
        };
        let caller = match header_caller {
            Caller::Other => Caller::from_id(rec.id),
            c => c,
        };
        if !callers_seen.contains(&caller) {
            callers_seen.push(caller);
        }
        if !rec.passed() && !options.include_filtered {
            stats.skip(SKIP_FILTERED);
            continue;
        }
        let info = match rec.sv_info() {
            Ok(info) => info,
            Err(m) => {
                malformed(rec.chrom, Some(rec.pos), m)?;
                continue;
            }
        };
        let mut outcome: Option<&str> = None;
        for alt in &rec.alts {
            match describe(rec.chrom, rec.pos, alt, &info) {
                Described::Malformed(m) => {
                    malformed(rec.chrom, Some(rec.pos), m)?;
                    outcome = None;
                    break;
                }
                Described::Single => outcome = outcome.or(Some(SKIP_SINGLE)),
                Described::NotRearrangement(r) => outcome = outcome.or(Some(r)),
                Described::Adjacencies { list, orientation } => match choose(namer, &list) {
                    Err(reason) => outcome = outcome.or(Some(reason)),
                    Ok((alk, partner, local_in_alk)) => {
                        let fields = caller::support_fields(caller, &rec);
                        let of = match &column_name {
                            Some(name) if fields.starts_with("FORMAT") => format!(" of {name}"),
                            _ => String::new(),
                        };
                        let mut notes = vec![
                            format!("{} record {} (line {n})", caller.label(), rec.id),
                            format!("read support from {fields}{of}"),
                        ];
                        if list.len() > 1 {
                            notes.push(format!(
                                    "orientation from {orientation}: the 5' partner → 3' ALK junction is reported"
                                ));
                        }
                        if rec.flag("IMPRECISE") {
                            notes.push("imprecise breakpoints (caller flag IMPRECISE)".into());
                        }
                        if !rec.passed() {
                            notes.push(format!("filtered: FILTER={}", rec.filter));
                        }
                        let doubts = if rec.passed() {
                            Vec::new()
                        } else {
                            vec![format!(
                                "{} FILTER is {}, not PASS",
                                caller.label(),
                                rec.filter
                            )]
                        };
                        found.push(Found {
                            candidate: Candidate {
                                alk,
                                partner,
                                kind: JunctionKind::Genomic,
                                support: caller::support(caller, &rec),
                                source: caller.label().to_string(),
                                partner_gene_hint: rec.caller_partner_gene(),
                                frame_hint: None,
                                doubts,
                                notes,
                            },
                            id: rec.id.to_string(),
                            mates: rec.mate_ids().iter().map(|s| s.to_string()).collect(),
                            local_in_alk,
                        });
                        outcome = None;
                        break;
                    }
                },
            }
        }
        if let Some(reason) = outcome {
            stats.skip(reason);
        }
    }
    stats.caller = Some(
        callers_seen
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join(", "),
    )
    .filter(|s| !s.is_empty())
    .or_else(|| Some(header_caller.label().to_string()));
    let candidates = pair_mates(found, namer, &mut stats);
    Ok(SourceOutput { candidates, stats })
}

/// The (ALK, partner) breakends of the junction to report, preferring a productive one
/// (5' partner → 3' ALK) when the record allows several.
fn choose(
    namer: &Namer,
    list: &[(Breakend, Breakend)],
) -> std::result::Result<(Breakend, Breakend, bool), &'static str> {
    let mut oriented = Vec::new();
    let mut intragenic = false;
    for (a, b) in list {
        match (namer.in_alk(&a.chrom, a.pos), namer.in_alk(&b.chrom, b.pos)) {
            (true, true) => intragenic = true,
            (true, false) => oriented.push((a.clone(), b.clone(), true)),
            (false, true) => oriented.push((b.clone(), a.clone(), false)),
            (false, false) => {}
        }
    }
    let probe = |alk: &Breakend, partner: &Breakend| {
        namer.productive(&Candidate {
            alk: alk.clone(),
            partner: partner.clone(),
            kind: JunctionKind::Genomic,
            support: Default::default(),
            source: String::new(),
            partner_gene_hint: None,
            frame_hint: None,
            doubts: Vec::new(),
            notes: Vec::new(),
        })
    };
    let best = oriented
        .iter()
        .position(|(alk, partner, _)| probe(alk, partner))
        .unwrap_or(0);
    match oriented.into_iter().nth(best) {
        Some(x) => Ok(x),
        None if intragenic => Err(SKIP_INTRAGENIC),
        None => Err(SKIP_NOT_ALK),
    }
}

/// Keep one record per breakend pair (MATEID/PARID, or identical junctions), preferring the
/// record that reads as a productive junction (5' partner → 3' ALK), then the one written at
/// the ALK breakend. Mates can disagree: FusionCatcher writes its 3'-end record in the 3'
/// gene's orientation (`[2:42301391[N` at ALK for EML4-ALK), which read by the VCF rules
/// is the reciprocal junction; its 5'-end record (`N]2:29223587]` at EML4) is the fusion.
fn pair_mates(found: Vec<Found>, namer: &Namer, stats: &mut InputStats) -> Vec<Candidate> {
    let mut kept: Vec<(Found, bool)> = Vec::new();
    for f in found {
        let productive = namer.productive(&f.candidate);
        let twin = kept.iter().position(|(k, _)| {
            k.mates.contains(&f.id)
                || f.mates.contains(&k.id)
                || (k.candidate.alk == f.candidate.alk
                    && k.candidate.partner == f.candidate.partner)
        });
        match twin {
            Some(i) => {
                stats.skip(SKIP_MATE);
                let (k, k_productive) = &kept[i];
                let better = (productive && !k_productive)
                    || (productive == *k_productive && f.local_in_alk && !k.local_in_alk);
                if better {
                    let mut f = f;
                    if productive && !k_productive {
                        f.candidate.notes.push(format!(
                            "its mate record {} reads as the reciprocal junction (not reported)",
                            k.id
                        ));
                    }
                    kept[i] = (f, productive);
                } else if *k_productive && !productive {
                    let note = format!(
                        "its mate record {} reads as the reciprocal junction (not reported)",
                        f.id
                    );
                    kept[i].0.candidate.notes.push(note);
                }
            }
            None => kept.push((f, productive)),
        }
    }
    let kept: Vec<Found> = kept.into_iter().map(|(f, _)| f).collect();
    kept.into_iter().map(|f| f.candidate).collect()
}
