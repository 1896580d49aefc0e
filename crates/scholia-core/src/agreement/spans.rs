//! Span-level agreement between two annotators: precision, recall and F1
//! with exact match and with overlap match.
//!
//! For a pair (A, B), A is the reference: recall is the share of A's spans
//! that B matched, precision the share of B's spans that A matched. Exact
//! match: the same label and the same fragments. Overlap match: the same
//! label and at least one code point in common. F1 is their harmonic mean,
//! which does not depend on which of the two is the reference.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::kappa::ratio;
use crate::model::{Annotation, Fragment};

/// Matched and total counts on both sides of a pair of annotators.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchCounts {
    /// Reference (first annotator) items the other matched.
    pub matched_reference: u64,
    pub reference: u64,
    /// Compared (second annotator) items the reference matched.
    pub matched_compared: u64,
    pub compared: u64,
}

impl MatchCounts {
    pub fn add(&mut self, other: MatchCounts) {
        self.matched_reference += other.matched_reference;
        self.reference += other.reference;
        self.matched_compared += other.matched_compared;
        self.compared += other.compared;
    }

    pub fn scores(&self) -> Scores {
        let precision = ratio(self.matched_compared as f64, self.compared as f64);
        let recall = ratio(self.matched_reference as f64, self.reference as f64);
        let f1 = if self.reference + self.compared == 0 {
            None
        } else {
            let (p, r) = (precision.unwrap_or(0.0), recall.unwrap_or(0.0));
            Some(if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            })
        };
        Scores {
            precision,
            recall,
            f1,
            counts: *self,
        }
    }
}

/// Precision, recall and F1 (`None` where undefined: no spans on that side).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub counts: MatchCounts,
}

/// Exact and overlap counts of one pair of annotators, per label.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpanCounts {
    pub exact: BTreeMap<u32, MatchCounts>,
    pub overlap: BTreeMap<u32, MatchCounts>,
}

impl SpanCounts {
    pub fn add(&mut self, other: &SpanCounts) {
        for (label, counts) in &other.exact {
            self.exact.entry(*label).or_default().add(*counts);
        }
        for (label, counts) in &other.overlap {
            self.overlap.entry(*label).or_default().add(*counts);
        }
    }
}

/// Compares two annotators' spans; `label_of` turns a label id into the
/// report's label index.
pub fn compare(
    reference: &[&Annotation],
    compared: &[&Annotation],
    mut label_of: impl FnMut(&str) -> u32,
) -> SpanCounts {
    let group = |spans: &[&Annotation], label_of: &mut dyn FnMut(&str) -> u32| {
        let mut by_label: BTreeMap<u32, Vec<Vec<Fragment>>> = BTreeMap::new();
        for a in spans {
            by_label
                .entry(label_of(&a.label))
                .or_default()
                .push(a.fragments.clone());
        }
        by_label
    };
    let a = group(reference, &mut label_of);
    let b = group(compared, &mut label_of);
    let mut counts = SpanCounts::default();
    let labels: std::collections::BTreeSet<u32> = a.keys().chain(b.keys()).copied().collect();
    let empty = Vec::new();
    for label in labels {
        let a = a.get(&label).unwrap_or(&empty);
        let b = b.get(&label).unwrap_or(&empty);
        let (a_set, b_set): (HashSet<&Vec<Fragment>>, HashSet<&Vec<Fragment>>) =
            (a.iter().collect(), b.iter().collect());
        let a_index = OverlapIndex::new(a);
        let b_index = OverlapIndex::new(b);
        counts.exact.insert(
            label,
            MatchCounts {
                matched_reference: a.iter().filter(|f| b_set.contains(f)).count() as u64,
                reference: a.len() as u64,
                matched_compared: b.iter().filter(|f| a_set.contains(f)).count() as u64,
                compared: b.len() as u64,
            },
        );
        counts.overlap.insert(
            label,
            MatchCounts {
                matched_reference: a.iter().filter(|f| b_index.overlaps(f)).count() as u64,
                reference: a.len() as u64,
                matched_compared: b.iter().filter(|f| a_index.overlaps(f)).count() as u64,
                compared: b.len() as u64,
            },
        );
    }
    counts
}

/// Spans sorted by start with the running maximum of their ends, to find
/// whether any overlaps a given span without comparing it with all.
struct OverlapIndex<'a> {
    spans: Vec<(Fragment, &'a [Fragment])>,
    max_end: Vec<usize>,
}

impl<'a> OverlapIndex<'a> {
    fn new(spans: &'a [Vec<Fragment>]) -> OverlapIndex<'a> {
        let mut sorted: Vec<(Fragment, &'a [Fragment])> =
            spans.iter().map(|f| (extent(f), f.as_slice())).collect();
        sorted.sort_unstable_by_key(|(e, _)| (e.start, e.end));
        let mut max_end = Vec::with_capacity(sorted.len());
        let mut running = 0;
        for (e, _) in &sorted {
            running = running.max(e.end);
            max_end.push(running);
        }
        OverlapIndex {
            spans: sorted,
            max_end,
        }
    }

    fn overlaps(&self, fragments: &[Fragment]) -> bool {
        let target = extent(fragments);
        // Candidates start before the target ends; walk back while some
        // earlier span still reaches past the target's start.
        let mut i = self.spans.partition_point(|(e, _)| e.start < target.end);
        while i > 0 {
            i -= 1;
            if self.max_end[i] <= target.start {
                return false;
            }
            let (e, other) = self.spans[i];
            if e.overlaps(&target) && fragments_overlap(fragments, other) {
                return true;
            }
        }
        false
    }
}

fn extent(fragments: &[Fragment]) -> Fragment {
    Fragment::new(
        fragments.first().map_or(0, |f| f.start),
        fragments.last().map_or(0, |f| f.end),
    )
}

/// Whether two sorted fragment lists share a code point.
pub fn fragments_overlap(a: &[Fragment], b: &[Fragment]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].overlaps(&b[j]) {
            return true;
        }
        if a[i].end <= b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_is_symmetric_and_defined_when_one_side_is_empty() {
        let counts = MatchCounts {
            matched_reference: 2,
            reference: 4,
            matched_compared: 3,
            compared: 3,
        };
        let swapped = MatchCounts {
            matched_reference: 3,
            reference: 3,
            matched_compared: 2,
            compared: 4,
        };
        assert_eq!(counts.scores().f1, swapped.scores().f1);
        let one_sided = MatchCounts {
            reference: 2,
            ..MatchCounts::default()
        };
        assert_eq!(one_sided.scores().f1, Some(0.0));
        assert_eq!(one_sided.scores().precision, None);
        assert_eq!(MatchCounts::default().scores().f1, None);
    }

    #[test]
    fn discontinuous_spans_overlap_only_where_fragments_meet() {
        let a = [Fragment::new(0, 2), Fragment::new(10, 12)];
        assert!(!fragments_overlap(&a, &[Fragment::new(3, 9)]));
        assert!(fragments_overlap(&a, &[Fragment::new(3, 11)]));
    }
}
