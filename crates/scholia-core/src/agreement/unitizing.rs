//! Krippendorff's unitizing alpha, the _uα of Krippendorff, Mathet, Bouvry
//! and Widlöcher (2016), "On the reliability of unitizing textual continua:
//! Further developments", *Quality & Quantity* 50(6): 2347–2364
//! (doi:10.1007/s11135-015-0266-1), also in Krippendorff (2019), *Content
//! Analysis*, 4th ed., §12.6.
//!
//! Each annotator partitions the same continuum (a document's code points)
//! into segments: units, each with a value, and the gaps between them (the
//! value ∅). With m annotators, segments s_ig of annotator i and lengths
//! |·| in code points:
//!
//! - observed coincidences: l_ck = 1/(m − 1) · Σ_{i≠j} Σ_g Σ_h |s_ig ∩ s_jh|
//!   over segments of value c (annotator i) and k (annotator j);
//! - expected coincidences: e_ck = l.. · (l_c. l_.k − [c = k] · Σ_i Σ_{g: value c} ℓ(s_ig))
//!   / (l..² − Σ_i Σ_g ℓ(s_ig)), where ℓ(s) = |s|² for a unit and |s| for a
//!   gap (a gap is not a unit: each of its points stands alone);
//! - _uα = 1 − (l.. − Σ_c l_cc) / (l.. − Σ_c e_cc).
//!
//! Several documents are one continuum laid end to end: every sum above is
//! additive over documents, so [`UnitizingSums`] adds them one at a time.
//! A document's m is the number of annotators of that document.

use std::collections::BTreeMap;

use super::kappa::ratio;
use crate::model::Fragment;

/// A stretch of one annotator's partition: a unit with a value, or a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// `None` for a gap.
    pub value: Option<u32>,
}

impl Segment {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// The additive sums _uα is computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitizingSums {
    observed: BTreeMap<(Option<u32>, Option<u32>), f64>,
    /// Σ ℓ(s) per value: |s|² for units, |s| for gaps.
    correction: BTreeMap<Option<u32>, f64>,
}

impl UnitizingSums {
    /// Adds one continuum: one partition per annotator, each covering the
    /// same range without holes or overlaps (see [`partition`]). Fewer than
    /// two annotators add nothing.
    pub fn add_continuum(&mut self, partitions: &[Vec<Segment>]) {
        let m = partitions.len();
        if m < 2 {
            return;
        }
        let weight = 1.0 / (m - 1) as f64;
        for (i, a) in partitions.iter().enumerate() {
            for b in &partitions[i + 1..] {
                for_each_intersection(a, b, |c, k, length| {
                    let l = length as f64 * weight;
                    *self.observed.entry((c, k)).or_default() += l;
                    *self.observed.entry((k, c)).or_default() += l;
                });
            }
            for segment in a {
                let length = segment.len() as f64;
                let term = if segment.value.is_some() {
                    length * length
                } else {
                    length
                };
                *self.correction.entry(segment.value).or_default() += term;
            }
        }
    }

    /// Adds continua where every annotator marked nothing: `coder_length`
    /// is Σ m · length over them. Each pair of annotators coincides on gap
    /// over the whole length, and each annotator's one gap adds its length
    /// to the gap correction.
    pub fn add_blank(&mut self, coder_length: f64) {
        if coder_length > 0.0 {
            *self.observed.entry((None, None)).or_default() += coder_length;
            *self.correction.entry(None).or_default() += coder_length;
        }
    }

    pub fn merge(&mut self, other: &UnitizingSums) {
        for (&key, &l) in &other.observed {
            *self.observed.entry(key).or_default() += l;
        }
        for (&key, &c) in &other.correction {
            *self.correction.entry(key).or_default() += c;
        }
    }

    /// _uα, or `None` when the expected disagreement is 0 (nothing varies:
    /// no annotator marked anything, say).
    pub fn alpha(&self) -> Option<f64> {
        let total: f64 = self.observed.values().sum();
        if total <= 0.0 {
            return None;
        }
        let mut rows: BTreeMap<Option<u32>, f64> = BTreeMap::new();
        let mut diagonal = 0.0;
        for (&(c, k), &l) in &self.observed {
            *rows.entry(c).or_default() += l;
            if c == k {
                diagonal += l;
            }
        }
        let correction_total: f64 = self.correction.values().sum();
        let denominator = total * total - correction_total;
        let expected_diagonal: f64 = rows
            .iter()
            .map(|(c, &l_c)| {
                let correction = self.correction.get(c).copied().unwrap_or(0.0);
                total * (l_c * l_c - correction) / denominator
            })
            .sum();
        ratio(total - diagonal, total - expected_diagonal).map(|d| 1.0 - d)
    }
}

/// Calls `f(c, k, length)` for every non-empty intersection of a segment of
/// `a` (value c) with a segment of `b` (value k). Both are sorted partitions.
fn for_each_intersection(
    a: &[Segment],
    b: &[Segment],
    mut f: impl FnMut(Option<u32>, Option<u32>, usize),
) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let start = a[i].start.max(b[j].start);
        let end = a[i].end.min(b[j].end);
        if end > start {
            f(a[i].value, b[j].value, end - start);
        }
        if a[i].end <= b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// One annotator's partition of `[0, len)`: fragments labelled with a label
/// index; where fragments of one label overlap they are one unit; where
/// fragments of different labels overlap, every stretch between two of their
/// boundaries is a unit of its own whose value is `value_of(labels)` (the
/// sorted labels covering it). Everything else is gap.
pub fn partition(
    len: usize,
    fragments: &[(Fragment, u32)],
    mut value_of: impl FnMut(&[u32]) -> u32,
) -> Vec<Segment> {
    // Merge overlapping fragments of the same label first.
    let mut by_label: BTreeMap<u32, Vec<Fragment>> = BTreeMap::new();
    for &(fragment, label) in fragments {
        if fragment.end > fragment.start && fragment.end <= len {
            by_label.entry(label).or_default().push(fragment);
        }
    }
    // Events: at each position, labels that end and labels that start.
    let mut events: Vec<(usize, bool, u32)> = Vec::new();
    for (label, mut spans) in by_label {
        for merged in merge_overlapping(&mut spans) {
            events.push((merged.start, true, label));
            events.push((merged.end, false, label));
        }
    }
    events.sort_unstable();
    let mut segments = Vec::new();
    let mut active: BTreeMap<u32, u32> = BTreeMap::new();
    let mut position = 0;
    let mut e = 0;
    while e < events.len() {
        let at = events[e].0;
        if at > position {
            let labels: Vec<u32> = active.keys().copied().collect();
            let value = (!labels.is_empty()).then(|| value_of(&labels));
            segments.push(Segment {
                start: position,
                end: at,
                value,
            });
            position = at;
        }
        while e < events.len() && events[e].0 == at {
            let (_, starts, label) = events[e];
            if starts {
                *active.entry(label).or_default() += 1;
            } else if let Some(n) = active.get_mut(&label) {
                *n -= 1;
                if *n == 0 {
                    active.remove(&label);
                }
            }
            e += 1;
        }
    }
    if position < len {
        segments.push(Segment {
            start: position,
            end: len,
            value: None,
        });
    }
    segments
}

/// Sorted fragments with overlapping ones merged; touching ones stay apart
/// (they are two units side by side).
pub fn merge_overlapping(fragments: &mut [Fragment]) -> Vec<Fragment> {
    fragments.sort_unstable();
    let mut merged: Vec<Fragment> = Vec::with_capacity(fragments.len());
    for &f in fragments.iter() {
        match merged.last_mut() {
            Some(last) if f.start < last.end => last.end = last.end.max(f.end),
            _ => merged.push(f),
        }
    }
    merged
}

/// _uα of one continuum given as units per annotator: `(start, end, value)`
/// with values as strings, gaps filled in. Units of one annotator must not
/// overlap. For tests and for callers outside documents.
pub fn unitizing_alpha(len: usize, annotators: &[Vec<(usize, usize, &str)>]) -> Option<f64> {
    let mut values: Vec<&str> = Vec::new();
    let mut partitions = Vec::new();
    for units in annotators {
        let fragments: Vec<(Fragment, u32)> = units
            .iter()
            .map(|&(start, end, value)| {
                let index = values.iter().position(|v| *v == value).unwrap_or_else(|| {
                    values.push(value);
                    values.len() - 1
                });
                (Fragment::new(start, end), index as u32)
            })
            .collect();
        partitions.push(partition(len, &fragments, |labels| labels[0]));
    }
    let mut sums = UnitizingSums::default();
    sums.add_continuum(&partitions);
    sums.alpha()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_cover_the_continuum() {
        let fragments = [
            (Fragment::new(2, 6), 0),
            (Fragment::new(4, 8), 0),
            (Fragment::new(8, 9), 0),
            (Fragment::new(10, 14), 1),
            (Fragment::new(12, 13), 0),
        ];
        let segments = partition(16, &fragments, |labels| {
            labels.len() as u32 * 10 + labels[0]
        });
        let got: Vec<(usize, usize, Option<u32>)> =
            segments.iter().map(|s| (s.start, s.end, s.value)).collect();
        assert_eq!(
            got,
            vec![
                (0, 2, None),
                (2, 8, Some(10)),
                (8, 9, Some(10)),
                (9, 10, None),
                (10, 12, Some(11)),
                (12, 13, Some(20)),
                (13, 14, Some(11)),
                (14, 16, None),
            ]
        );
    }

    #[test]
    fn identical_unitizations_agree_perfectly() {
        let units = vec![(2, 5, "a"), (9, 12, "b")];
        assert_eq!(
            unitizing_alpha(20, &[units.clone(), units.clone(), units]),
            Some(1.0)
        );
        // Nobody marked anything: nothing varies, alpha is undefined.
        assert_eq!(unitizing_alpha(20, &[vec![], vec![]]), None);
    }
}
