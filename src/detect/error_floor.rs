//! The floor of a hotspot's error rate from normal alignments: a matched normal's alternate
//! fraction at the site, or a panel of normals' median ([`crate::detect::hotspot_pon`]).
//! The tumour's test at a site uses the larger of its flank estimate and this floor.

use std::collections::HashMap;

use serde::Serialize;

/// Where a site's error-rate floor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorFloorSource {
    MatchedNormal,
    PanelOfNormals,
}

/// Normal alignments at one hotspot: their alternate and total read pairs, and the error
/// rate they imply. For a matched normal `(alt + 0.5) / (depth + 1)` (the half count keeps a
/// site with no alternate read pair above zero without claiming it is error-free); for a
/// panel the median of that over its normals ([`crate::detect::hotspot_pon`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NormalSite {
    pub alt: u32,
    pub depth: u32,
    pub rate: f64,
    /// Normals behind the counts (1 for a matched normal).
    pub normals: u32,
    pub source: ErrorFloorSource,
}

impl NormalSite {
    /// A matched normal's alternate and total read pairs at a site.
    pub fn matched(alt: u32, depth: u32) -> Self {
        let rate = (f64::from(alt) + 0.5) / (f64::from(depth) + 1.0);
        NormalSite {
            alt,
            depth,
            rate: super::round6(rate),
            normals: 1,
            source: ErrorFloorSource::MatchedNormal,
        }
    }

    /// How the floor reads in a "not above noise" reason.
    pub(crate) fn describe(&self) -> String {
        match self.source {
            ErrorFloorSource::MatchedNormal => format!(
                "matched normal {} of {} read pairs alternate",
                self.alt, self.depth
            ),
            ErrorFloorSource::PanelOfNormals => format!(
                "panel of {} normals: median alternate fraction {:.4}, {} of {} read pairs",
                self.normals, self.rate, self.alt, self.depth
            ),
        }
    }
}

/// Each hotspot's error-rate floor (by label): the matched normal's (`normal`: label,
/// alternate and total read pairs per hotspot) or the panel's, whichever is higher where
/// both are given.
pub fn error_floors<'a>(
    normal: impl IntoIterator<Item = (&'a str, u32, u32)>,
    panel: Option<&HashMap<String, NormalSite>>,
) -> HashMap<String, NormalSite> {
    let mut floors: HashMap<String, NormalSite> = panel.cloned().unwrap_or_default();
    for (label, alt, depth) in normal {
        let site = NormalSite::matched(alt, depth);
        floors
            .entry(label.to_string())
            .and_modify(|f| {
                if site.rate > f.rate {
                    *f = site;
                }
            })
            .or_insert(site);
    }
    floors
}
