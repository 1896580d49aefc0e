//! The agreement report of a document or a set of documents, built by an
//! [`Accumulator`] that takes documents one at a time and keeps only additive
//! sums, so that thousands of documents never need to be in memory at once.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::alpha::Coincidences;
use super::kappa::{cohen_kappa_sparse, FleissSums};
use super::labels::LabelSums;
pub use super::labels::{LabelSetAgreement, PairLinking};
use super::spans::SpanCounts;
pub use super::spans::{MatchCounts, Scores};
use super::tokens::{tokenize, tokens_touched};
use super::unitizing::{partition, UnitizingSums};
use super::{relations, spans};
use crate::model::{Annotation, Fragment, Relation};
use crate::AnnotatedDocument;

/// Which tokens the token-level coefficients count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenScope {
    /// Every token, those nobody labelled ("O") included.
    #[default]
    AllTokens,
    /// Only tokens at least one annotator labelled.
    LabelledTokens,
}

/// How agreement is measured.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Options {
    pub scope: TokenScope,
}

/// The name of the unitizing coefficient, as reports print it.
pub const UNITIZING_VARIANT: &str =
    "_uα (Krippendorff, Mathet, Bouvry & Widlöcher 2016), nominal, over code points";

fn unitizing_variant() -> &'static str {
    UNITIZING_VARIANT
}

/// The value an annotator gives a token nobody labelled.
pub const UNLABELLED: &str = "O";

/// Everything measured, for a document or a set of documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementReport {
    /// Documents added.
    pub documents: usize,
    /// Documents with at least two annotators (the others add nothing).
    pub compared_documents: usize,
    pub annotators: Vec<String>,
    /// Labels someone used, in scheme order.
    pub labels: Vec<Named>,
    pub tokens: TokenReport,
    pub spans: SpanReport,
    pub unitizing: UnitizingReport,
    pub relations: RelationReport,
    pub confusion: Confusion,
    /// Agreement on each document label set (docs/agreement.md).
    #[serde(default)]
    pub document_labels: Vec<LabelSetAgreement>,
    /// Entity linking: the same span linked to the same entity, per pair.
    #[serde(default)]
    pub linking: Vec<PairLinking>,
}

/// A label or relation type: its id and its name in the scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenReport {
    pub scope: TokenScope,
    /// Tokens counted (each token of each document once).
    pub tokens: u64,
    /// Cohen's kappa for each pair of annotators, on the tokens both labelled.
    pub cohen: Vec<PairValue>,
    /// Fleiss' kappa on the tokens every annotator of the report labelled.
    pub fleiss: Option<f64>,
    pub fleiss_tokens: u64,
    /// Krippendorff's alpha (nominal) on every token with two values or more.
    pub alpha: Option<f64>,
    pub per_label: Vec<TokenLabel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairValue {
    pub a: String,
    pub b: String,
    pub value: Option<f64>,
    pub units: u64,
}

/// One label against all other values (binary), on tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenLabel {
    pub label: String,
    /// The mean of the pairs' Cohen's kappas (pairs where it is defined).
    pub cohen_mean: Option<f64>,
    pub fleiss: Option<f64>,
    pub alpha: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpanReport {
    pub pairs: Vec<PairSpans>,
    /// Over every pair and label (counts summed, then scored).
    pub exact: Scores,
    pub overlap: Scores,
    pub per_label: Vec<LabelSpans>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairSpans {
    /// The reference of the pair (recall is of its spans).
    pub a: String,
    pub b: String,
    pub exact: Scores,
    pub overlap: Scores,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSpans {
    pub label: String,
    pub exact: Scores,
    pub overlap: Scores,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitizingReport {
    /// Always [`UNITIZING_VARIANT`] (taken as such when a report is read back).
    #[serde(skip_deserializing, default = "unitizing_variant")]
    pub variant: &'static str,
    /// On the label sets of every stretch of text (see docs/agreement.md).
    pub alpha: Option<f64>,
    /// Each label against everything else.
    pub per_label: Vec<LabelValue>,
    /// Length of the continuum in code points (all documents compared).
    pub length: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelValue {
    pub label: String,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationReport {
    pub pairs: Vec<PairRelations>,
    pub overall: Scores,
    pub per_type: Vec<TypeRelations>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairRelations {
    pub a: String,
    pub b: String,
    pub scores: Scores,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeRelations {
    pub kind: String,
    pub scores: Scores,
}

/// Token labels of the first annotator of each pair (rows) against the
/// second (columns), summed over every pair (names in alphabetical order)
/// and every token both labelled. With two annotators, simply the first
/// against the second.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Confusion {
    /// Category names: a label's name, several joined with " + " where an
    /// annotator's spans overlap, and "O" for no label.
    pub categories: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

/// Per pair of annotators (by name, first < second).
#[derive(Debug, Clone, Default)]
struct PairSums {
    table: BTreeMap<(u32, u32), u64>,
    spans: SpanCounts,
    relations: BTreeMap<u32, MatchCounts>,
}

/// Per set of annotators (documents annotated by exactly that set).
#[derive(Debug, Clone, Default)]
struct FleissGroup {
    overall: FleissSums,
    /// Units where the label was given by someone, per label.
    per_label: BTreeMap<u32, FleissSums>,
}

/// Interns strings to indices in order of arrival, with a display name each.
#[derive(Debug, Clone, Default)]
struct Interner {
    ids: Vec<String>,
    names: Vec<String>,
    index: BTreeMap<String, u32>,
}

impl Interner {
    fn intern(&mut self, id: &str, name: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.ids.len() as u32;
        self.ids.push(id.to_string());
        self.names.push(name.to_string());
        self.index.insert(id.to_string(), i);
        i
    }
}

/// Collects agreement over documents added one at a time.
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    options: Options,
    documents: usize,
    compared_documents: usize,
    annotators: BTreeSet<String>,
    labels: Interner,
    used_labels: BTreeSet<u32>,
    kinds: Interner,
    used_kinds: BTreeSet<u32>,
    /// Label sets (sorted label indices) as categories; 0 is the empty set.
    categories: Vec<Vec<u32>>,
    category_index: BTreeMap<Vec<u32>, u32>,
    tokens: u64,
    coincidences: Coincidences,
    fleiss: BTreeMap<Vec<String>, FleissGroup>,
    pairs: BTreeMap<(String, String), PairSums>,
    unitizing: UnitizingSums,
    /// Per label: the sums over the documents where someone used it, and
    /// those documents' Σ m · length.
    unitizing_per_label: BTreeMap<u32, (UnitizingSums, f64)>,
    length: u64,
    /// Σ over compared documents of annotators × length.
    coder_length: f64,
    document_labels: LabelSums,
}

impl Accumulator {
    pub fn new(options: Options) -> Accumulator {
        let mut accumulator = Accumulator {
            options,
            ..Accumulator::default()
        };
        accumulator.category(&[]);
        accumulator
    }

    fn category(&mut self, labels: &[u32]) -> u32 {
        if let Some(&c) = self.category_index.get(labels) {
            return c;
        }
        let c = self.categories.len() as u32;
        self.categories.push(labels.to_vec());
        self.category_index.insert(labels.to_vec(), c);
        c
    }

    /// Adds a document annotated by `annotators` (layers of `doc`; a layer
    /// with no annotation still counts: that annotator marked nothing).
    pub fn add(&mut self, doc: &AnnotatedDocument, annotators: &[String]) {
        self.documents += 1;
        let mut coders: Vec<&str> = annotators.iter().map(String::as_str).collect();
        coders.sort_unstable();
        coders.dedup();
        self.document_labels.add(doc, &coders);
        for label in &doc.scheme().labels {
            self.labels.intern(&label.id, &label.name);
        }
        for kind in &doc.scheme().relation_types {
            self.kinds.intern(&kind.id, &kind.name);
        }
        let mut annotations: BTreeMap<&str, Vec<&Annotation>> =
            coders.iter().map(|c| (*c, Vec::new())).collect();
        for a in doc.annotations() {
            if let Some(list) = annotations.get_mut(a.key.layer.as_str()) {
                list.push(a);
            }
        }
        let mut relations: BTreeMap<&str, Vec<&Relation>> =
            coders.iter().map(|c| (*c, Vec::new())).collect();
        for r in doc.relations() {
            if let Some(list) = relations.get_mut(r.key.layer.as_str()) {
                list.push(r);
            }
        }
        for list in annotations.values() {
            for a in list {
                let label = self.labels.intern(&a.label, &a.label);
                self.used_labels.insert(label);
            }
        }
        for list in relations.values() {
            for r in list {
                let kind = self.kinds.intern(&r.kind, &r.kind);
                self.used_kinds.insert(kind);
            }
        }
        self.annotators.extend(coders.iter().map(|c| c.to_string()));
        if coders.len() < 2 {
            return;
        }
        self.compared_documents += 1;
        let lists: Vec<&[&Annotation]> = coders.iter().map(|c| annotations[c].as_slice()).collect();
        self.add_tokens(doc, &coders, &lists);
        self.add_unitizing(doc.document().text.len(), &lists);
        for (i, a) in coders.iter().enumerate() {
            for b in &coders[i + 1..] {
                let labels = &mut self.labels;
                let span_counts =
                    spans::compare(&annotations[a], &annotations[b], |id| labels.intern(id, id));
                let kinds = &mut self.kinds;
                let relation_counts = relations::compare(doc, &relations[a], &relations[b], |id| {
                    kinds.intern(id, id)
                });
                let pair = self
                    .pairs
                    .entry((a.to_string(), b.to_string()))
                    .or_default();
                pair.spans.add(&span_counts);
                for (kind, counts) in relation_counts {
                    pair.relations.entry(kind).or_default().add(counts);
                }
            }
        }
    }

    fn add_tokens(&mut self, doc: &AnnotatedDocument, coders: &[&str], lists: &[&[&Annotation]]) {
        let tokens = tokenize(&doc.document().text);
        // Each annotator's category per token.
        let mut values: Vec<Vec<u32>> = Vec::with_capacity(coders.len());
        for list in lists {
            let mut touched: Vec<(u32, u32)> = Vec::new();
            for a in list.iter() {
                let label = self.labels.intern(&a.label, &a.label);
                for f in &a.fragments {
                    for t in tokens_touched(&tokens, *f) {
                        touched.push((t as u32, label));
                    }
                }
            }
            touched.sort_unstable();
            touched.dedup();
            let mut coder_values = vec![0u32; tokens.len()];
            let mut i = 0;
            while i < touched.len() {
                let token = touched[i].0;
                let mut labels = Vec::new();
                while i < touched.len() && touched[i].0 == token {
                    labels.push(touched[i].1);
                    i += 1;
                }
                coder_values[token as usize] = self.category(&labels);
            }
            values.push(coder_values);
        }
        let m = coders.len() as u64;
        let group_key: Vec<String> = coders.iter().map(|c| c.to_string()).collect();
        let mut group = self.fleiss.remove(&group_key).unwrap_or_default();
        let mut unanimous: BTreeMap<u32, u64> = BTreeMap::new();
        let mut unit: Vec<u32> = vec![0; coders.len()];
        let n_pairs = coders.len() * (coders.len() - 1) / 2;
        let mut tables: Vec<BTreeMap<(u32, u32), u64>> = vec![BTreeMap::new(); n_pairs];
        for t in 0..tokens.len() {
            for (c, coder_values) in values.iter().enumerate() {
                unit[c] = coder_values[t];
            }
            let all_same = unit.iter().all(|&v| v == unit[0]);
            if all_same {
                if unit[0] == 0 && self.options.scope == TokenScope::LabelledTokens {
                    continue;
                }
                *unanimous.entry(unit[0]).or_default() += 1;
                continue;
            }
            self.tokens += 1;
            let mut counts: Vec<(u32, u64)> = Vec::new();
            for &v in &unit {
                match counts.iter_mut().find(|(c, _)| *c == v) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((v, 1)),
                }
            }
            self.coincidences.add_counts(&counts);
            group.overall.add_unit(counts.iter().copied());
            let mut label_counts: BTreeMap<u32, u64> = BTreeMap::new();
            for &(category, n) in &counts {
                for &label in &self.categories[category as usize] {
                    *label_counts.entry(label).or_default() += n;
                }
            }
            for (label, n) in label_counts {
                group
                    .per_label
                    .entry(label)
                    .or_default()
                    .add_binary_unit(m, n);
            }
            let mut p = 0;
            for i in 0..unit.len() {
                for j in i + 1..unit.len() {
                    *tables[p].entry((unit[i], unit[j])).or_default() += 1;
                    p += 1;
                }
            }
        }
        for (&category, &n) in &unanimous {
            self.tokens += n;
            self.coincidences.add_unanimous_units(category, m, n);
            group.overall.add_unanimous_units(m, category, n);
            for &label in &self.categories[category as usize] {
                group
                    .per_label
                    .entry(label)
                    .or_default()
                    .add_unanimous_units(m, 1, n);
            }
            for table in &mut tables {
                *table.entry((category, category)).or_default() += n;
            }
        }
        let mut p = 0;
        for (i, a) in coders.iter().enumerate() {
            for b in &coders[i + 1..] {
                let pair = self
                    .pairs
                    .entry((a.to_string(), b.to_string()))
                    .or_default();
                for (&key, &n) in &tables[p] {
                    *pair.table.entry(key).or_default() += n;
                }
                p += 1;
            }
        }
        // Units where a label was given by nobody count as unanimous "not
        // this label" for it; they are added when the report is made, from
        // the group's unit count.
        self.fleiss.insert(group_key, group);
    }

    fn add_unitizing(&mut self, len: usize, lists: &[&[&Annotation]]) {
        self.length += len as u64;
        let coder_length = (lists.len() * len) as f64;
        self.coder_length += coder_length;
        let mut labelled: Vec<Vec<(Fragment, u32)>> = Vec::with_capacity(lists.len());
        let mut used: BTreeSet<u32> = BTreeSet::new();
        for list in lists {
            let mut fragments = Vec::new();
            for a in list.iter() {
                let label = self.labels.intern(&a.label, &a.label);
                used.insert(label);
                fragments.extend(a.fragments.iter().map(|f| (*f, label)));
            }
            labelled.push(fragments);
        }
        let partitions: Vec<_> = labelled
            .iter()
            .map(|fragments| partition(len, fragments, |labels| self.category(labels)))
            .collect();
        self.unitizing.add_continuum(&partitions);
        // Labels nobody used here add only gaps for everyone: they are
        // accounted for when the report is made, from the total length.
        for label in used {
            let partitions: Vec<_> = labelled
                .iter()
                .map(|fragments| {
                    let only: Vec<(Fragment, u32)> = fragments
                        .iter()
                        .filter(|(_, l)| *l == label)
                        .copied()
                        .collect();
                    partition(len, &only, |_| 1)
                })
                .collect();
            let sums = self.unitizing_per_label.entry(label).or_default();
            sums.0.add_continuum(&partitions);
            sums.1 += coder_length;
        }
    }

    /// The report over everything added so far.
    pub fn report(&self) -> AgreementReport {
        let annotators: Vec<String> = self.annotators.iter().cloned().collect();
        let label_ids: Vec<u32> = (0..self.labels.ids.len() as u32)
            .filter(|l| self.used_labels.contains(l))
            .collect();
        let label_name = |l: u32| self.labels.names[l as usize].clone();
        let labels = label_ids
            .iter()
            .map(|&l| Named {
                id: self.labels.ids[l as usize].clone(),
                name: label_name(l),
            })
            .collect();

        // Tokens.
        let cohen: Vec<PairValue> = self
            .pairs
            .iter()
            .map(|((a, b), pair)| PairValue {
                a: a.clone(),
                b: b.clone(),
                value: cohen_kappa_sparse(&pair.table),
                units: pair.table.values().sum(),
            })
            .collect();
        let full_group = self.fleiss.get(&annotators);
        let has = |category: u32, label: u32| self.categories[category as usize].contains(&label);
        let per_label_tokens = label_ids
            .iter()
            .map(|&label| {
                let binary = |table: &BTreeMap<(u32, u32), u64>| {
                    let mut collapsed: BTreeMap<(u32, u32), u64> = BTreeMap::new();
                    for (&(a, b), &n) in table {
                        *collapsed
                            .entry((has(a, label) as u32, has(b, label) as u32))
                            .or_default() += n;
                    }
                    cohen_kappa_sparse(&collapsed)
                };
                let kappas: Vec<f64> = self
                    .pairs
                    .values()
                    .filter_map(|pair| binary(&pair.table))
                    .collect();
                let cohen_mean =
                    (!kappas.is_empty()).then(|| kappas.iter().sum::<f64>() / kappas.len() as f64);
                let fleiss = full_group.and_then(|group| {
                    let mut sums = group.per_label.get(&label).cloned().unwrap_or_default();
                    let absent = group.overall.units() - sums.units();
                    sums.add_unanimous_units(annotators.len() as u64, 0, absent);
                    sums.kappa()
                });
                TokenLabel {
                    label: label_name(label),
                    cohen_mean,
                    fleiss,
                    alpha: self
                        .coincidences
                        .collapse(|c| has(c, label) as u32)
                        .alpha_nominal(),
                }
            })
            .collect();
        let tokens = TokenReport {
            scope: self.options.scope,
            tokens: self.tokens,
            cohen,
            fleiss: full_group.and_then(|g| g.overall.kappa()),
            fleiss_tokens: full_group.map_or(0, |g| g.overall.units()),
            alpha: self.coincidences.alpha_nominal(),
            per_label: per_label_tokens,
        };

        // Spans.
        let sum_labels = |by_label: &BTreeMap<u32, MatchCounts>| {
            let mut total = MatchCounts::default();
            for counts in by_label.values() {
                total.add(*counts);
            }
            total
        };
        let mut exact = MatchCounts::default();
        let mut overlap = MatchCounts::default();
        let mut exact_by_label: BTreeMap<u32, MatchCounts> = BTreeMap::new();
        let mut overlap_by_label: BTreeMap<u32, MatchCounts> = BTreeMap::new();
        let span_pairs = self
            .pairs
            .iter()
            .map(|((a, b), pair)| {
                let (e, o) = (
                    sum_labels(&pair.spans.exact),
                    sum_labels(&pair.spans.overlap),
                );
                exact.add(e);
                overlap.add(o);
                for (label, counts) in &pair.spans.exact {
                    exact_by_label.entry(*label).or_default().add(*counts);
                }
                for (label, counts) in &pair.spans.overlap {
                    overlap_by_label.entry(*label).or_default().add(*counts);
                }
                PairSpans {
                    a: a.clone(),
                    b: b.clone(),
                    exact: e.scores(),
                    overlap: o.scores(),
                }
            })
            .collect();
        let spans = SpanReport {
            pairs: span_pairs,
            exact: exact.scores(),
            overlap: overlap.scores(),
            per_label: label_ids
                .iter()
                .map(|l| LabelSpans {
                    label: label_name(*l),
                    exact: exact_by_label.get(l).copied().unwrap_or_default().scores(),
                    overlap: overlap_by_label
                        .get(l)
                        .copied()
                        .unwrap_or_default()
                        .scores(),
                })
                .collect(),
        };

        // Unitizing: a label's sums cover only the documents where someone
        // used it; in the others each annotator's continuum is one gap,
        // which adds m · length to both the gap–gap coincidences and the gap
        // correction (see `UnitizingSums::add_blank`).
        let unitizing = UnitizingReport {
            variant: UNITIZING_VARIANT,
            alpha: self.unitizing.alpha(),
            per_label: label_ids
                .iter()
                .map(|l| LabelValue {
                    label: label_name(*l),
                    value: self.unitizing_per_label.get(l).and_then(|(sums, covered)| {
                        let mut sums = sums.clone();
                        sums.add_blank(self.coder_length - covered);
                        sums.alpha()
                    }),
                })
                .collect(),
            length: self.length,
        };

        // Relations.
        let mut overall = MatchCounts::default();
        let mut by_kind: BTreeMap<u32, MatchCounts> = BTreeMap::new();
        let relation_pairs = self
            .pairs
            .iter()
            .map(|((a, b), pair)| {
                let total = sum_labels(&pair.relations);
                overall.add(total);
                for (kind, counts) in &pair.relations {
                    by_kind.entry(*kind).or_default().add(*counts);
                }
                PairRelations {
                    a: a.clone(),
                    b: b.clone(),
                    scores: total.scores(),
                }
            })
            .collect();
        let relations = RelationReport {
            pairs: relation_pairs,
            overall: overall.scores(),
            per_type: (0..self.kinds.ids.len() as u32)
                .filter(|k| self.used_kinds.contains(k))
                .map(|k| TypeRelations {
                    kind: self.kinds.names[k as usize].clone(),
                    scores: by_kind.get(&k).copied().unwrap_or_default().scores(),
                })
                .collect(),
        };

        AgreementReport {
            documents: self.documents,
            compared_documents: self.compared_documents,
            annotators,
            labels,
            tokens,
            spans,
            unitizing,
            relations,
            confusion: self.confusion(),
            document_labels: self.document_labels.label_report(),
            linking: self.document_labels.linking_report(),
        }
    }

    fn category_name(&self, category: u32) -> String {
        let labels = &self.categories[category as usize];
        if labels.is_empty() {
            return UNLABELLED.to_string();
        }
        labels
            .iter()
            .map(|&l| self.labels.names[l as usize].as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    }

    fn confusion(&self) -> Confusion {
        let mut total: BTreeMap<(u32, u32), u64> = BTreeMap::new();
        for pair in self.pairs.values() {
            for (&key, &n) in &pair.table {
                *total.entry(key).or_default() += n;
            }
        }
        let used: BTreeSet<u32> = total.keys().flat_map(|&(a, b)| [a, b]).collect();
        let order: Vec<u32> = used.into_iter().collect();
        let counts = order
            .iter()
            .map(|&a| {
                order
                    .iter()
                    .map(|&b| total.get(&(a, b)).copied().unwrap_or(0))
                    .collect()
            })
            .collect();
        Confusion {
            categories: order.iter().map(|&c| self.category_name(c)).collect(),
            counts,
        }
    }
}

/// The report for one document.
pub fn document_agreement(
    doc: &AnnotatedDocument,
    annotators: &[String],
    options: Options,
) -> AgreementReport {
    let mut accumulator = Accumulator::new(options);
    accumulator.add(doc, annotators);
    accumulator.report()
}
