//! Agreement on document labels and on entity links.
//!
//! Document labels: a unit is one document label set of one document; an
//! annotator's value is the options it chose there (several, as one
//! category: sorted and joined with ` + `), and an annotator that chose
//! nothing gave no value (missing). Per set: Cohen's κ for each pair (units
//! both answered), Fleiss' κ (units every annotator of the set answered)
//! and Krippendorff's α, nominal (every unit with two values or more).
//!
//! Entity links: for a pair (A, B), a link is a linked annotation; A's link
//! is matched when B has an annotation with the same fragments linked to
//! the same entity (and the other way round for B's). Precision, recall
//! and F1 as for spans.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::alpha::Coincidences;
use super::kappa::{cohen_kappa_sparse, FleissSums};
use super::spans::{MatchCounts, Scores};
use crate::model::Fragment;
use crate::AnnotatedDocument;

/// Agreement on one document label set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSetAgreement {
    pub set: String,
    pub name: String,
    /// Units (documents) at least two annotators answered.
    pub units: u64,
    pub cohen: Vec<super::report::PairValue>,
    pub fleiss: Option<f64>,
    pub fleiss_units: u64,
    pub alpha: Option<f64>,
}

/// Linking agreement of one pair of annotators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairLinking {
    pub a: String,
    pub b: String,
    pub scores: Scores,
}

#[derive(Debug, Clone, Default)]
struct SetSums {
    name: String,
    categories: BTreeMap<String, u32>,
    raters: BTreeSet<String>,
    units: u64,
    pairs: BTreeMap<(String, String), BTreeMap<(u32, u32), u64>>,
    /// Per exact set of raters of a unit.
    fleiss: BTreeMap<Vec<String>, FleissSums>,
    coincidences: Coincidences,
}

/// Additive sums of document-label and linking agreement over documents.
#[derive(Debug, Clone, Default)]
pub struct LabelSums {
    sets: BTreeMap<String, SetSums>,
    linking: BTreeMap<(String, String), MatchCounts>,
}

impl LabelSums {
    /// Adds a document's answers and links of `annotators` (sorted, unique).
    pub fn add(&mut self, doc: &AnnotatedDocument, annotators: &[&str]) {
        for declared in &doc.scheme().document_label_sets {
            let mut values: Vec<(&str, String)> = Vec::new();
            for &coder in annotators {
                if let Some(chosen) = doc.document_label(coder, &declared.id) {
                    let mut chosen = chosen.to_vec();
                    crate::sorting::sort(&mut chosen);
                    values.push((coder, chosen.join(" + ")));
                }
            }
            if values.len() < 2 {
                continue;
            }
            let sums = self.sets.entry(declared.id.clone()).or_default();
            sums.name = declared.name.clone();
            sums.units += 1;
            let mut coded: Vec<(&str, u32)> = Vec::new();
            for (coder, category) in values {
                let next = sums.categories.len() as u32;
                let code = *sums.categories.entry(category).or_insert(next);
                sums.raters.insert(coder.to_string());
                coded.push((coder, code));
            }
            for (i, &(a, ca)) in coded.iter().enumerate() {
                for &(b, cb) in &coded[i + 1..] {
                    *sums
                        .pairs
                        .entry((a.to_string(), b.to_string()))
                        .or_default()
                        .entry((ca, cb))
                        .or_default() += 1;
                }
            }
            let mut counts: BTreeMap<u32, u64> = BTreeMap::new();
            for &(_, c) in &coded {
                *counts.entry(c).or_default() += 1;
            }
            let raters: Vec<String> = coded.iter().map(|(c, _)| c.to_string()).collect();
            sums.fleiss
                .entry(raters)
                .or_default()
                .add_unit(counts.iter().map(|(&c, &n)| (c, n)));
            let codes: Vec<u32> = coded.iter().map(|&(_, c)| c).collect();
            sums.coincidences.add_unit(&codes);
        }
        // Links: each annotator's (fragments, entity) pairs.
        let links: BTreeMap<&str, Vec<(&[Fragment], &str)>> = annotators
            .iter()
            .map(|&coder| {
                let linked = doc
                    .layer_annotations(coder)
                    .filter_map(|a| Some((a.fragments.as_slice(), a.entity.as_deref()?)))
                    .collect();
                (coder, linked)
            })
            .collect();
        for (i, &a) in annotators.iter().enumerate() {
            for &b in &annotators[i + 1..] {
                let (la, lb) = (&links[a], &links[b]);
                let counts = MatchCounts {
                    matched_reference: la.iter().filter(|x| lb.contains(x)).count() as u64,
                    reference: la.len() as u64,
                    matched_compared: lb.iter().filter(|y| la.contains(y)).count() as u64,
                    compared: lb.len() as u64,
                };
                self.linking
                    .entry((a.to_string(), b.to_string()))
                    .or_default()
                    .add(counts);
            }
        }
    }

    /// Per set, in id order.
    pub fn label_report(&self) -> Vec<LabelSetAgreement> {
        self.sets
            .iter()
            .map(|(set, sums)| {
                let raters: Vec<String> = sums.raters.iter().cloned().collect();
                let full = sums.fleiss.get(&raters);
                LabelSetAgreement {
                    set: set.clone(),
                    name: sums.name.clone(),
                    units: sums.units,
                    cohen: sums
                        .pairs
                        .iter()
                        .map(|((a, b), table)| super::report::PairValue {
                            a: a.clone(),
                            b: b.clone(),
                            value: cohen_kappa_sparse(table),
                            units: table.values().sum(),
                        })
                        .collect(),
                    fleiss: full.and_then(FleissSums::kappa),
                    fleiss_units: full.map_or(0, FleissSums::units),
                    alpha: sums.coincidences.alpha_nominal(),
                }
            })
            .collect()
    }

    /// Per pair of annotators that both linked something or were compared.
    pub fn linking_report(&self) -> Vec<PairLinking> {
        self.linking
            .iter()
            .filter(|(_, c)| c.reference + c.compared > 0)
            .map(|((a, b), counts)| PairLinking {
                a: a.clone(),
                b: b.clone(),
                scores: counts.scores(),
            })
            .collect()
    }
}
