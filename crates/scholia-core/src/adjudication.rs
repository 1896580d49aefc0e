//! The merged view of several annotators' layers, and adjudication into a
//! `gold` layer.
//!
//! [`MergedView`] groups the annotations of the compared layers into
//! clusters: two annotations of different layers whose fragments share a
//! code point are in the same cluster (and so, transitively, is everything
//! linked to them). Each cluster has a [`Status`]:
//!
//! - [`Status::SameSpanSameLabel`]: every layer present holds the same spans
//!   with the same labels (an agreement when no compared layer is missing);
//! - [`Status::SameSpanOtherLabel`]: the same spans, with different labels;
//! - [`Status::Overlapping`]: spans that overlap but differ;
//! - [`Status::OnlyOne`]: a single annotator marked anything there.
//!
//! A [`Decision`] on a cluster (accept one annotator's version, the union,
//! nothing, or an edited version) becomes an [`Edit`] that the shell applies
//! through the document's history, so adjudication is undone like any edit.
//! The gold layer is a layer like any other and exports like one.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::agreement::spans::fragments_overlap;
use crate::edit::Edit;
use crate::error::{quoted, Error};
use crate::model::{Annotation, AttributeValue, Fragment, Key, Relation, Timestamp};
use crate::AnnotatedDocument;

/// The layer adjudication writes to.
pub const GOLD_LAYER: &str = "gold";

/// How the annotators' spans in a cluster relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    SameSpanSameLabel,
    SameSpanOtherLabel,
    Overlapping,
    OnlyOne,
}

/// One distinct (label, fragments) in a cluster, and who marked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub label: String,
    pub fragments: Vec<Fragment>,
    /// The annotations that carry it, in layer order.
    pub keys: Vec<Key>,
}

impl Candidate {
    pub fn has_layer(&self, layer: &str) -> bool {
        self.keys.iter().any(|k| k.layer == layer)
    }
}

/// Annotations of different layers linked by overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// From the first fragment's start to the last fragment's end.
    pub extent: Fragment,
    pub status: Status,
    /// In document order.
    pub candidates: Vec<Candidate>,
    /// The compared layers that marked something here.
    pub layers: Vec<String>,
    /// The compared layers that marked nothing here.
    pub missing: Vec<String>,
}

impl Cluster {
    /// Every compared annotator marked the same spans with the same labels.
    pub fn is_agreement(&self) -> bool {
        self.status == Status::SameSpanSameLabel && self.missing.is_empty()
    }

    /// One annotator's version: the candidates their layer holds.
    pub fn version(&self, layer: &str) -> Vec<&Candidate> {
        self.candidates
            .iter()
            .filter(|c| c.has_layer(layer))
            .collect()
    }
}

/// How many clusters have each status, and how many are agreements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCounts {
    pub agreements: usize,
    pub same_span_same_label: usize,
    pub same_span_other_label: usize,
    pub overlapping: usize,
    pub only_one: usize,
}

/// The compared layers of a document, grouped into clusters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedView {
    pub layers: Vec<String>,
    pub clusters: Vec<Cluster>,
    cluster_of: HashMap<Key, usize>,
}

/// The layers to compare by default: every layer but the gold one.
pub fn annotator_layers(doc: &AnnotatedDocument) -> Vec<String> {
    doc.layers()
        .into_iter()
        .filter(|l| *l != GOLD_LAYER)
        .map(str::to_string)
        .collect()
}

impl MergedView {
    /// Groups the annotations of `layers` (sorted, duplicates dropped).
    pub fn new(doc: &AnnotatedDocument, layers: &[String]) -> MergedView {
        let layers: Vec<String> = layers
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let wanted: BTreeSet<&str> = layers.iter().map(String::as_str).collect();
        let annotations: Vec<&Annotation> = doc
            .annotations_in_document_order()
            .into_iter()
            .filter(|a| wanted.contains(a.key.layer.as_str()))
            .collect();
        // Union-find over annotations linked by overlap across layers,
        // sweeping in document order with the annotations still open.
        let mut parent: Vec<usize> = (0..annotations.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut open: Vec<usize> = Vec::new();
        for (i, a) in annotations.iter().enumerate() {
            let extent = a.extent();
            open.retain(|&j| annotations[j].extent().end > extent.start);
            for &j in &open {
                let b = annotations[j];
                if b.key.layer != a.key.layer && fragments_overlap(&a.fragments, &b.fragments) {
                    let (ra, rb) = (root(&mut parent, i), root(&mut parent, j));
                    if ra != rb {
                        parent[ra.max(rb)] = ra.min(rb);
                    }
                }
            }
            open.push(i);
        }
        let mut groups: BTreeMap<usize, Vec<&Annotation>> = BTreeMap::new();
        for (i, a) in annotations.iter().enumerate() {
            groups.entry(root(&mut parent, i)).or_default().push(a);
        }
        let mut clusters: Vec<Cluster> = groups
            .into_values()
            .map(|members| cluster(&members, &layers))
            .collect();
        crate::sorting::sort_by_key(&mut clusters, |c| {
            (c.extent.start, std::cmp::Reverse(c.extent.end))
        });
        let mut cluster_of = HashMap::new();
        for (i, c) in clusters.iter().enumerate() {
            for candidate in &c.candidates {
                for key in &candidate.keys {
                    cluster_of.insert(key.clone(), i);
                }
            }
        }
        MergedView {
            layers,
            clusters,
            cluster_of,
        }
    }

    /// The cluster an annotation of a compared layer is in.
    pub fn cluster_of(&self, key: &Key) -> Option<usize> {
        self.cluster_of.get(key).copied()
    }

    /// The status of the cluster an annotation is in.
    pub fn status_of(&self, key: &Key) -> Option<Status> {
        self.cluster_of(key).map(|i| self.clusters[i].status)
    }

    /// The clusters that are not agreements, in document order.
    pub fn disagreements(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.clusters.len()).filter(|&i| !self.clusters[i].is_agreement())
    }

    /// The first disagreement after cluster `after` (from the start if `None`).
    pub fn next_disagreement(&self, after: Option<usize>) -> Option<usize> {
        let from = after.map_or(0, |i| i + 1);
        (from..self.clusters.len()).find(|&i| !self.clusters[i].is_agreement())
    }

    /// The last disagreement before cluster `before` (from the end if `None`).
    pub fn previous_disagreement(&self, before: Option<usize>) -> Option<usize> {
        let to = before
            .unwrap_or(self.clusters.len())
            .min(self.clusters.len());
        (0..to).rev().find(|&i| !self.clusters[i].is_agreement())
    }

    pub fn counts(&self) -> StatusCounts {
        let mut counts = StatusCounts::default();
        for c in &self.clusters {
            if c.is_agreement() {
                counts.agreements += 1;
            }
            match c.status {
                Status::SameSpanSameLabel => counts.same_span_same_label += 1,
                Status::SameSpanOtherLabel => counts.same_span_other_label += 1,
                Status::Overlapping => counts.overlapping += 1,
                Status::OnlyOne => counts.only_one += 1,
            }
        }
        counts
    }

    /// The gold annotations that stand for a cluster's decision: those equal
    /// to one of its candidates (same label and fragments), and those equal
    /// to no candidate of any cluster that overlap one of its candidates (an
    /// edited version).
    pub fn gold_of(&self, doc: &AnnotatedDocument, cluster: usize, gold_layer: &str) -> Vec<Key> {
        let Some(c) = self.clusters.get(cluster) else {
            return Vec::new();
        };
        let mut keys = Vec::new();
        let gold = doc
            .annotations
            .range(Key::new(gold_layer, "")..)
            .take_while(|(k, _)| k.layer == gold_layer)
            .map(|(_, a)| a)
            .filter(|a| a.extent().overlaps(&c.extent));
        for g in gold {
            let equal_here = c
                .candidates
                .iter()
                .any(|cand| cand.label == g.label && cand.fragments == g.fragments);
            let belongs = equal_here
                || (!self.is_candidate_anywhere(g)
                    && c.candidates
                        .iter()
                        .any(|cand| fragments_overlap(&cand.fragments, &g.fragments)));
            if belongs {
                keys.push(g.key.clone());
            }
        }
        keys
    }

    fn is_candidate_anywhere(&self, g: &Annotation) -> bool {
        let extent = g.extent();
        self.clusters
            .iter()
            .filter(|c| c.extent.overlaps(&extent))
            .flat_map(|c| &c.candidates)
            .any(|cand| cand.label == g.label && cand.fragments == g.fragments)
    }
}

/// Builds one cluster from its annotations (in document order).
fn cluster(members: &[&Annotation], layers: &[String]) -> Cluster {
    let mut candidates: Vec<Candidate> = Vec::new();
    for a in members {
        match candidates
            .iter_mut()
            .find(|c| c.label == a.label && c.fragments == a.fragments)
        {
            Some(c) => c.keys.push(a.key.clone()),
            None => candidates.push(Candidate {
                label: a.label.to_string(),
                fragments: a.fragments.clone(),
                keys: vec![a.key.clone()],
            }),
        }
    }
    for c in &mut candidates {
        crate::sorting::sort(&mut c.keys);
    }
    let present: BTreeSet<&str> = members.iter().map(|a| a.key.layer.as_str()).collect();
    // Each present layer's set of (label, fragments) and of fragments.
    let spans_of = |layer: &str, with_label: bool| -> BTreeSet<(Option<&str>, &[Fragment])> {
        members
            .iter()
            .filter(|a| a.key.layer == layer)
            .map(|a| {
                (
                    with_label.then_some(a.label.as_str()),
                    a.fragments.as_slice(),
                )
            })
            .collect()
    };
    let all_equal = |with_label: bool| {
        let mut sets = present.iter().map(|l| spans_of(l, with_label));
        let first = sets.next();
        sets.all(|s| Some(&s) == first.as_ref())
    };
    let status = if present.len() <= 1 {
        Status::OnlyOne
    } else if all_equal(true) {
        Status::SameSpanSameLabel
    } else if all_equal(false) {
        Status::SameSpanOtherLabel
    } else {
        Status::Overlapping
    };
    let start = members.iter().map(|a| a.extent().start).min().unwrap_or(0);
    let end = members.iter().map(|a| a.extent().end).max().unwrap_or(0);
    Cluster {
        extent: Fragment::new(start, end),
        status,
        candidates,
        layers: present.iter().map(|l| l.to_string()).collect(),
        missing: layers
            .iter()
            .filter(|l| !present.contains(l.as_str()))
            .cloned()
            .collect(),
    }
}

/// A span the adjudicator writes themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldSpan {
    pub label: String,
    pub fragments: Vec<Fragment>,
    pub attributes: BTreeMap<String, AttributeValue>,
    pub note: String,
}

/// What the adjudicator decided for one cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// This annotator's version (their spans in the cluster).
    Accept(String),
    /// Every distinct span any annotator marked in the cluster.
    Union,
    /// Nothing: the gold layer has no span there.
    Reject,
    /// The adjudicator's own spans.
    Edit(Vec<GoldSpan>),
}

/// Where gold goes, when, and how new records are named.
pub struct Adjudicator<'a> {
    pub gold_layer: &'a str,
    pub now: Timestamp,
    /// Fresh ids for new gold annotations and relations (the shell's; see
    /// [`sequential_ids`]).
    pub fresh_id: &'a mut dyn FnMut() -> String,
}

/// Ids `g1`, `g2`… not used by any annotation or relation of `layer`.
pub fn sequential_ids(doc: &AnnotatedDocument, layer: &str) -> impl FnMut() -> String {
    let used: BTreeSet<String> = doc
        .annotations()
        .map(|a| &a.key)
        .chain(doc.relations().map(|r| &r.key))
        .filter(|k| k.layer == layer)
        .map(|k| k.id.to_string())
        .collect();
    let mut n = 0u64;
    move || loop {
        n += 1;
        let id = format!("g{n}");
        if !used.contains(&id) {
            return id;
        }
    }
}

impl Adjudicator<'_> {
    /// The edit that records `decision` for cluster `cluster` of `view`: it
    /// removes the gold annotations that stood for an earlier decision on
    /// the cluster ([`MergedView::gold_of`]), adds the decided spans to the
    /// gold layer, and adds the relations of the accepted layer (or of any
    /// compared layer, for the union and edits) whose two ends are then in
    /// gold with the same label and fragments.
    pub fn decide(
        &mut self,
        doc: &AnnotatedDocument,
        view: &MergedView,
        cluster: usize,
        decision: &Decision,
    ) -> Result<Edit, Error> {
        let Some(c) = view.clusters.get(cluster) else {
            return Err(Error::invalid(format!(
                "there is no disagreement number {} (the document has {})",
                cluster + 1,
                view.clusters.len()
            )));
        };
        if view.layers.iter().any(|l| l == self.gold_layer) {
            return Err(Error::invalid(format!(
                "the gold layer {} is among the compared layers",
                quoted(self.gold_layer)
            )));
        }
        let copy = |key: &Key| -> Option<GoldSpan> {
            doc.annotation(key).map(|a| GoldSpan {
                label: a.label.to_string(),
                fragments: a.fragments.clone(),
                attributes: a.attributes.clone(),
                note: a.note.clone(),
            })
        };
        let (spans, relation_layers): (Vec<GoldSpan>, Vec<&str>) = match decision {
            Decision::Accept(layer) => {
                if !view.layers.contains(layer) {
                    return Err(Error::invalid(format!(
                        "{} is not one of the compared annotators ({})",
                        quoted(layer),
                        view.layers.join(", ")
                    )));
                }
                let spans = c
                    .version(layer)
                    .into_iter()
                    .filter_map(|cand| cand.keys.iter().find(|k| k.layer == *layer).and_then(copy))
                    .collect();
                (spans, vec![layer.as_str()])
            }
            Decision::Union => (
                c.candidates
                    .iter()
                    .filter_map(|cand| cand.keys.first().and_then(copy))
                    .collect(),
                view.layers.iter().map(String::as_str).collect(),
            ),
            Decision::Reject => (Vec::new(), Vec::new()),
            Decision::Edit(spans) => (
                spans.clone(),
                view.layers.iter().map(String::as_str).collect(),
            ),
        };
        self.edit_for(
            doc,
            view,
            view.gold_of(doc, cluster, self.gold_layer),
            spans,
            &relation_layers,
        )
    }

    /// The edit that accepts every agreement not yet in gold, in one step.
    pub fn accept_agreements(
        &mut self,
        doc: &AnnotatedDocument,
        view: &MergedView,
    ) -> Result<Edit, Error> {
        let in_gold: BTreeSet<(&str, &[Fragment])> = doc
            .annotations
            .range(Key::new(self.gold_layer, "")..)
            .take_while(|(k, _)| k.layer == self.gold_layer)
            .map(|(_, a)| (a.label.as_str(), a.fragments.as_slice()))
            .collect();
        let mut spans = Vec::new();
        for c in &view.clusters {
            let decided = c
                .candidates
                .iter()
                .any(|cand| in_gold.contains(&(cand.label.as_str(), cand.fragments.as_slice())));
            if !c.is_agreement() || decided {
                continue;
            }
            let Some(layer) = c.layers.first() else {
                continue;
            };
            for cand in c.version(layer) {
                if let Some(a) = cand.keys.first().and_then(|k| doc.annotation(k)) {
                    spans.push(GoldSpan {
                        label: a.label.to_string(),
                        fragments: a.fragments.clone(),
                        attributes: a.attributes.clone(),
                        note: a.note.clone(),
                    });
                }
            }
        }
        let layers: Vec<&str> = view.layers.iter().map(String::as_str).collect();
        self.edit_for(doc, view, Vec::new(), spans, &layers)
    }

    fn edit_for(
        &mut self,
        doc: &AnnotatedDocument,
        view: &MergedView,
        remove: Vec<Key>,
        spans: Vec<GoldSpan>,
        relation_layers: &[&str],
    ) -> Result<Edit, Error> {
        let gold = self.gold_layer;
        let mut edits: Vec<Edit> = remove.iter().cloned().map(Edit::RemoveAnnotation).collect();
        // Gold after this step, by (label, fragments).
        let mut gold_by_span: HashMap<(String, Vec<Fragment>), String> = doc
            .annotations()
            .filter(|a| a.key.layer == gold && !remove.contains(&a.key))
            .map(|a| {
                (
                    (a.label.to_string(), a.fragments.clone()),
                    a.key.id.to_string(),
                )
            })
            .collect();
        for span in spans {
            let identity = (span.label.clone(), span.fragments.clone());
            if gold_by_span.contains_key(&identity) {
                continue;
            }
            let id = (self.fresh_id)();
            let mut annotation = Annotation::new(
                Key::new(gold, id.clone()),
                span.label,
                Fragment::new(0, 0),
                self.now,
            );
            annotation.fragments = span.fragments;
            annotation.attributes = span.attributes;
            annotation.note = span.note;
            gold_by_span.insert(identity, id);
            edits.push(Edit::AddAnnotation(annotation));
        }
        // Relations whose ends are both in gold now, unless gold has them.
        let gold_end = |key: &Key| -> Option<String> {
            doc.annotation(key)
                .and_then(|a| gold_by_span.get(&(a.label.to_string(), a.fragments.clone())))
                .cloned()
        };
        let mut existing: BTreeSet<(String, String, String)> = doc
            .relations()
            .filter(|r| {
                r.key.layer == gold && !remove.iter().any(|k| k.id == r.source || k.id == r.target)
            })
            .map(|r| (r.kind.clone(), r.source.clone(), r.target.clone()))
            .collect();
        let wanted: BTreeSet<&str> = relation_layers.iter().copied().collect();
        for r in doc
            .relations()
            .filter(|r| wanted.contains(r.key.layer.as_str()))
        {
            if !view.layers.iter().any(|l| *l == r.key.layer) {
                continue;
            }
            let (Some(source), Some(target)) =
                (gold_end(&r.source_key()), gold_end(&r.target_key()))
            else {
                continue;
            };
            if !existing.insert((r.kind.clone(), source.clone(), target.clone())) {
                continue;
            }
            edits.push(Edit::AddRelation(Relation {
                key: Key::new(gold, (self.fresh_id)()),
                kind: r.kind.clone(),
                source,
                target,
                attributes: r.attributes.clone(),
                note: r.note.clone(),
                created: self.now,
                modified: self.now,
                foreign_id: None,
            }));
        }
        Ok(Edit::Batch(edits))
    }
}
