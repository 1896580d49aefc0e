//! Suggestions: spans proposed from what the team has already annotated,
//! for people to accept or reject.
//!
//! Each source is a module: [`repeats`] (other occurrences of tagged
//! mentions), [`terms`] and [`patterns`] (gazetteers and spaCy / Prodigy
//! pattern files, matched together by [`matcher`]), [`tagger`] (an averaged
//! perceptron trained on annotated documents, with [`features`]), and
//! imported predictions (any file read as suggestions). [`evaluate`]
//! measures the tagger by exact span and label. Everything works on the
//! code-point offsets of [`tokens`]' tokeniser, in any script.
//!
//! A suggestion is not an annotation: it lives beside the document, and a
//! [`Decisions`] record keeps what people accepted or rejected, so that a
//! rejected suggestion is never proposed again for that document.

pub mod evaluate;
pub mod features;
pub mod imported;
pub mod matcher;
pub mod model_file;
pub mod patterns;
pub mod repeats;
pub mod tagger;
pub mod terms;
pub mod tokens;

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{Annotation, Fragment, Key, Timestamp};
use crate::{AnnotatedDocument, Edit};

/// The layer suggestions are written to when they are saved as annotations
/// (`scholia-cli suggest`): never an annotator's layer, and never learnt from.
pub const SUGGESTIONS_LAYER: &str = "suggestions";

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// Another occurrence of a mention someone tagged.
    Repeats,
    /// A term list or a pattern file.
    Terms,
    /// The statistical tagger.
    Tagger,
    /// Someone else's predictions, read from a file.
    Imported,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Repeats => "repeats",
            Source::Terms => "terms",
            Source::Tagger => "tagger",
            // Shown as what they are to people: another tool's predictions.
            Source::Imported => "predictions",
        }
    }
}

/// A proposed span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// Code-point ranges, sorted and apart (one for every source but
    /// imported files, which may carry discontinuous spans); in JSON,
    /// `[[start, end], …]`.
    #[serde(with = "fragment_pairs")]
    pub fragments: Vec<Fragment>,
    /// The label's id in the scheme.
    pub label: String,
    pub source: Source,
    /// From 0 to 1: how sure the source is.
    pub confidence: f64,
    /// The entity or term id a term list or pattern gives, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A confidence is never NaN (every source gives one from 0 to 1), so a
/// suggestion equals itself; and `Rc<Suggestion>`s compare by pointer
/// first, which makes comparing two lists that share their suggestions (as
/// the list made again after an edit does) a pass over pointers.
impl Eq for Suggestion {}

impl Suggestion {
    /// What decisions are keyed by: the fragments and the label.
    pub fn key(&self) -> DecisionKey {
        DecisionKey {
            fragments: self.fragments.iter().map(|f| (f.start, f.end)).collect(),
            label: self.label.clone(),
        }
    }

    /// Whether `key` is this suggestion's (without making its key).
    pub fn has_key(&self, key: &DecisionKey) -> bool {
        self.label == key.label
            && (self.fragments.iter().map(|f| (f.start, f.end))).eq(key.fragments.iter().copied())
    }

    pub fn overlaps(&self, fragments: &[Fragment]) -> bool {
        self.fragments
            .iter()
            .any(|a| fragments.iter().any(|b| a.overlaps(b)))
    }

    /// The annotation accepting this suggestion makes, in `layer`.
    pub fn to_annotation(&self, key: Key, now: Timestamp) -> Annotation {
        let mut annotation = Annotation::new(key, self.label.as_str(), self.fragments[0], now);
        annotation.fragments = self.fragments.clone();
        annotation
    }
}

/// Fragments as `[start, end]` pairs (the model has no serde types).
mod fragment_pairs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::Fragment;

    pub fn serialize<S: Serializer>(
        fragments: &[Fragment],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let pairs: Vec<(usize, usize)> = fragments.iter().map(|f| (f.start, f.end)).collect();
        pairs.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Fragment>, D::Error> {
        let pairs = Vec::<(usize, usize)>::deserialize(deserializer)?;
        Ok(pairs
            .into_iter()
            .map(|(s, e)| Fragment::new(s, e))
            .collect())
    }
}

/// A suggestion's identity for decisions: its fragments and label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DecisionKey {
    pub fragments: Vec<(usize, usize)>,
    pub label: String,
}

/// What someone did with a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    Accepted,
    Rejected,
}

/// The decisions taken on one document's suggestions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decisions {
    decided: BTreeMap<DecisionKey, Decision>,
}

/// One decision as stored (a list of these is the [`Decisions`]' serde form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionRecord {
    pub fragments: Vec<(usize, usize)>,
    pub label: String,
    pub decision: Decision,
}

impl Serialize for Decisions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.records())
    }
}

impl<'de> Deserialize<'de> for Decisions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let records = Vec::<DecisionRecord>::deserialize(deserializer)?;
        let mut decisions = Decisions::default();
        for r in records {
            decisions.decided.insert(
                DecisionKey {
                    fragments: r.fragments,
                    label: r.label,
                },
                r.decision,
            );
        }
        Ok(decisions)
    }
}

impl Decisions {
    /// Records a decision (a later one replaces an earlier one on the same
    /// suggestion) and returns the one it replaced, for undo.
    pub fn decide(&mut self, suggestion: &Suggestion, decision: Decision) -> Option<Decision> {
        self.decided.insert(suggestion.key(), decision)
    }

    /// Forgets the decision on a suggestion (undo).
    pub fn forget(&mut self, suggestion: &Suggestion) -> Option<Decision> {
        self.decided.remove(&suggestion.key())
    }

    pub fn get(&self, suggestion: &Suggestion) -> Option<Decision> {
        self.decided.get(&suggestion.key()).copied()
    }

    pub fn len(&self) -> usize {
        self.decided.len()
    }

    /// Each decision as stored, in key order.
    pub fn records(&self) -> impl Iterator<Item = DecisionRecord> + '_ {
        self.decided.iter().map(|(key, decision)| DecisionRecord {
            fragments: key.fragments.clone(),
            label: key.label.clone(),
            decision: *decision,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.decided.is_empty()
    }

    /// The rejected spans of a label.
    pub fn rejected(&self, label: &str) -> Vec<Fragment> {
        self.decided
            .iter()
            .filter(|(k, d)| **d == Decision::Rejected && k.label == label)
            .flat_map(|(k, _)| k.fragments.iter().map(|&(s, e)| Fragment::new(s, e)))
            .collect()
    }

    /// Whether a suggestion may be proposed: nothing decided on it, and no
    /// rejected span of its label overlaps it.
    pub fn allows(&self, suggestion: &Suggestion) -> bool {
        if self.decided.contains_key(&suggestion.key()) {
            return false;
        }
        self.decided.iter().all(|(k, d)| {
            *d != Decision::Rejected
                || k.label != suggestion.label
                || !suggestion.overlaps(
                    &k.fragments
                        .iter()
                        .map(|&(s, e)| Fragment::new(s, e))
                        .collect::<Vec<_>>(),
                )
        })
    }

    /// The suggestions that may still be proposed.
    /// Tens of thousands of suggestions (a term list's) are filtered on
    /// every revision: the decided spans are looked up by label and then
    /// by fragments, with no key made per suggestion.
    pub fn filter<S: Borrow<Suggestion>>(&self, suggestions: Vec<S>) -> Vec<S> {
        if self.decided.is_empty() {
            return suggestions;
        }
        let rejected = self.rejected_by_label();
        let mut decided: BTreeMap<&str, HashSet<Vec<Fragment>>> = BTreeMap::new();
        for k in self.decided.keys() {
            let fragments = k.fragments.iter().map(|&(s, e)| Fragment::new(s, e));
            (decided.entry(k.label.as_str()).or_default()).insert(fragments.collect());
        }
        suggestions
            .into_iter()
            .filter(|s| {
                let s = s.borrow();
                !(decided.get(s.label.as_str()))
                    .is_some_and(|spans| spans.contains(s.fragments.as_slice()))
                    && rejected
                        .get(s.label.as_str())
                        .is_none_or(|index| !index.overlaps_any(&s.fragments))
            })
            .collect()
    }

    /// The rejected spans of each label, indexed.
    fn rejected_by_label(&self) -> BTreeMap<&str, SpanIndex> {
        let mut rejected: BTreeMap<&str, Vec<Fragment>> = BTreeMap::new();
        for (k, d) in &self.decided {
            if *d == Decision::Rejected {
                rejected
                    .entry(k.label.as_str())
                    .or_default()
                    .extend(k.fragments.iter().map(|&(s, e)| Fragment::new(s, e)));
            }
        }
        by_label(rejected)
    }
}

/// What keeps a span of a label from being proposed in a document: an
/// annotation of that label over it, an annotation of any label on exactly
/// it (a suggestion given another label, as a label key does to the one
/// stepped to, is decided), a decision on exactly it, or a rejected span of
/// that label over it. Built once per document, so that sources can test
/// raw matches before making suggestions of them.
pub struct Blocked<'a> {
    /// Where anything blocks (see [`Blocked::zones`]).
    zones: Vec<(usize, usize)>,
    annotated: BTreeMap<&'a str, SpanIndex>,
    spans: HashSet<(usize, usize)>,
    rejected: BTreeMap<&'a str, SpanIndex>,
    /// The one-fragment spans decided, by label.
    decided: BTreeMap<&'a str, HashSet<(usize, usize)>>,
}

impl<'a> Blocked<'a> {
    pub fn new(doc: &'a AnnotatedDocument, decisions: &'a Decisions) -> Blocked<'a> {
        let mut annotated: BTreeMap<&str, Vec<Fragment>> = BTreeMap::new();
        let mut spans = HashSet::new();
        for a in doc.annotations() {
            annotated
                .entry(a.label.as_str())
                .or_default()
                .extend(a.fragments.iter().copied());
            if let [only] = a.fragments.as_slice() {
                spans.insert((only.start, only.end));
            }
        }
        let mut decided: BTreeMap<&str, HashSet<(usize, usize)>> = BTreeMap::new();
        for k in decisions.decided.keys() {
            if let [only] = k.fragments.as_slice() {
                decided.entry(k.label.as_str()).or_default().insert(*only);
            }
        }
        let any =
            (annotated.values().flatten().copied())
                .chain(decisions.decided.keys().flat_map(|k| {
                    (k.fragments.iter()).map(|&(start, end)| Fragment::new(start, end))
                }))
                .collect();
        Blocked {
            zones: zones(SpanIndex::new(any)),
            annotated: by_label(annotated),
            spans,
            rejected: decisions.rejected_by_label(),
            decided,
        }
    }

    /// Whether a one-fragment span of `label` may not be proposed.
    pub fn blocks(&self, label: &str, fragment: Fragment) -> bool {
        self.of_label(label).blocks(fragment)
    }

    /// Where anything blocks: the union of every blocking span, as sorted
    /// ranges apart. A span that overlaps none is not blocked, which a
    /// caller going through spans in text order tells with a cursor.
    pub fn zones(&self) -> &[(usize, usize)] {
        &self.zones
    }

    /// What blocks spans of `label`, looked up once for many spans.
    pub fn of_label(&self, label: &str) -> LabelBlocked<'_> {
        LabelBlocked {
            annotated: self.annotated.get(label),
            spans: &self.spans,
            rejected: self.rejected.get(label),
            decided: self.decided.get(label),
        }
    }
}

/// What blocks the spans of one label (from [`Blocked::of_label`]).
pub struct LabelBlocked<'b> {
    annotated: Option<&'b SpanIndex>,
    spans: &'b HashSet<(usize, usize)>,
    rejected: Option<&'b SpanIndex>,
    decided: Option<&'b HashSet<(usize, usize)>>,
}

impl LabelBlocked<'_> {
    /// Whether a one-fragment span of this label may not be proposed.
    pub fn blocks(&self, fragment: Fragment) -> bool {
        let span = (fragment.start, fragment.end);
        self.annotated.is_some_and(|i| i.overlaps(&fragment))
            || self.spans.contains(&span)
            || self.rejected.is_some_and(|i| i.overlaps(&fragment))
            || self.decided.is_some_and(|d| d.contains(&span))
    }
}

/// The union of the spans `index` holds, as sorted ranges apart.
fn zones(index: SpanIndex) -> Vec<(usize, usize)> {
    let mut zones: Vec<(usize, usize)> = Vec::new();
    for (start, end) in index.starts.into_iter().zip(index.max_ends) {
        match zones.last_mut() {
            Some(last) if start < last.1 => last.1 = end,
            _ => zones.push((start, end)),
        }
    }
    zones
}

/// Each label's spans, indexed.
fn by_label(spans: BTreeMap<&str, Vec<Fragment>>) -> BTreeMap<&str, SpanIndex> {
    spans
        .into_iter()
        .map(|(label, spans)| (label, SpanIndex::new(spans)))
        .collect()
}

/// Spans sorted by start with the running maximum of their ends, so that
/// whether any overlaps a fragment takes a binary search, not a scan.
struct SpanIndex {
    starts: Vec<usize>,
    max_ends: Vec<usize>,
}

impl SpanIndex {
    fn new(mut spans: Vec<Fragment>) -> SpanIndex {
        spans.sort_by_key(|f| (f.start, f.end));
        let mut max_end = 0;
        let max_ends = spans
            .iter()
            .map(|f| {
                max_end = max_end.max(f.end);
                max_end
            })
            .collect();
        SpanIndex {
            starts: spans.iter().map(|f| f.start).collect(),
            max_ends,
        }
    }

    /// Whether a span starting before `f`'s end ends after its start.
    fn overlaps(&self, f: &Fragment) -> bool {
        let before = self.starts.partition_point(|&s| s < f.end);
        before > 0 && self.max_ends[before - 1] > f.start
    }

    fn overlaps_any(&self, fragments: &[Fragment]) -> bool {
        fragments.iter().any(|f| self.overlaps(f))
    }
}

/// Drops suggestions that overlap an annotation of their label (in any
/// layer), or whose span an annotation of any label has exactly: what is
/// tagged is not proposed again, nor what was tagged with another label.
pub fn without_annotated<'a, S: Borrow<Suggestion>>(
    suggestions: Vec<S>,
    annotations: impl IntoIterator<Item = &'a Annotation>,
) -> Vec<S> {
    let mut by_label: BTreeMap<&str, Vec<Fragment>> = BTreeMap::new();
    let mut spans: HashSet<&[Fragment]> = HashSet::new();
    for a in annotations {
        by_label
            .entry(a.label.as_str())
            .or_default()
            .extend(a.fragments.iter().copied());
        spans.insert(a.fragments.as_slice());
    }
    let by_label: BTreeMap<&str, SpanIndex> = by_label
        .into_iter()
        .map(|(label, spans)| (label, SpanIndex::new(spans)))
        .collect();
    suggestions
        .into_iter()
        .filter(|s| {
            let s = s.borrow();
            !spans.contains(s.fragments.as_slice())
                && by_label
                    .get(s.label.as_str())
                    .is_none_or(|index| !index.overlaps_any(&s.fragments))
        })
        .collect()
}

/// The edit that writes suggestions into a document as annotations of the
/// [`SUGGESTIONS_LAYER`] (for `scholia-cli suggest`; the app keeps them
/// apart instead): ids `s1`, `s2`…, the source and confidence in the note,
/// labels the scheme lacks declared first. Earlier suggestions in that
/// layer are replaced.
pub fn as_layer_edit(doc: &AnnotatedDocument, suggestions: &[Suggestion], now: Timestamp) -> Edit {
    let mut edits: Vec<Edit> = doc
        .annotations()
        .filter(|a| a.key.layer == SUGGESTIONS_LAYER)
        .map(|a| Edit::RemoveAnnotation(a.key.clone()))
        .collect();
    let mut scheme = doc.scheme().clone();
    let mut declared = false;
    for s in suggestions {
        declared |= scheme.ensure_label(&s.label);
    }
    if declared {
        edits.push(Edit::SetScheme(scheme));
    }
    for (i, s) in suggestions.iter().enumerate() {
        let mut annotation =
            s.to_annotation(Key::new(SUGGESTIONS_LAYER, format!("s{}", i + 1)), now);
        annotation.note = match &s.id {
            Some(id) => format!("{} {:.3} ({id})", s.source.name(), s.confidence),
            None => format!("{} {:.3}", s.source.name(), s.confidence),
        };
        edits.push(Edit::AddAnnotation(annotation));
    }
    Edit::Batch(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggestion(start: usize, end: usize, label: &str) -> Suggestion {
        Suggestion {
            fragments: vec![Fragment::new(start, end)],
            label: label.into(),
            source: Source::Repeats,
            confidence: 1.0,
            id: None,
        }
    }

    #[test]
    fn a_rejected_suggestion_and_its_overlaps_of_that_label_are_not_proposed_again() {
        let mut decisions = Decisions::default();
        decisions.decide(&suggestion(0, 5, "place"), Decision::Rejected);
        decisions.decide(&suggestion(10, 15, "place"), Decision::Accepted);
        let kept = decisions.filter(vec![
            suggestion(0, 5, "place"),
            suggestion(3, 8, "place"),
            suggestion(0, 5, "person"),
            suggestion(10, 15, "place"),
            suggestion(20, 25, "place"),
        ]);
        assert_eq!(
            kept,
            [suggestion(0, 5, "person"), suggestion(20, 25, "place")]
        );
        assert!(!decisions.allows(&suggestion(4, 6, "place")));
        assert!(decisions.allows(&suggestion(5, 6, "place")));
    }

    #[test]
    fn a_span_tagged_with_another_label_is_not_proposed_but_overlaps_of_other_labels_are() {
        let mut doc = AnnotatedDocument::new(
            crate::model::Document::new("d", "Rama met Basha in Tirana."),
            crate::model::Scheme::default_scheme(),
        );
        // “Tirana” was proposed as an actor; the annotator made it a claim.
        let claim =
            suggestion(18, 24, "claim").to_annotation(Key::new("alice", "a1"), Timestamp(0));
        doc.apply(Edit::AddAnnotation(claim)).unwrap();
        let proposed = vec![
            suggestion(18, 24, "actor"),
            suggestion(18, 25, "actor"),
            suggestion(0, 4, "actor"),
        ];
        let kept = without_annotated(proposed.clone(), doc.annotations());
        assert_eq!(
            kept,
            [suggestion(18, 25, "actor"), suggestion(0, 4, "actor")]
        );
        let decisions = Decisions::default();
        let blocked = Blocked::new(&doc, &decisions);
        let open: Vec<&Suggestion> = (proposed.iter())
            .filter(|s| !blocked.blocks(&s.label, s.fragments[0]))
            .collect();
        assert_eq!(open, [&proposed[1], &proposed[2]]);
        // Of its own label, an overlap is blocked too.
        assert!(blocked.blocks("claim", Fragment::new(20, 22)));
    }

    #[test]
    fn decisions_survive_serialisation_and_undo_forgets_one() {
        let mut decisions = Decisions::default();
        decisions.decide(&suggestion(0, 5, "place"), Decision::Rejected);
        decisions.decide(&suggestion(7, 9, "person"), Decision::Accepted);
        let json = serde_json::to_string(&decisions).unwrap();
        assert_eq!(
            json,
            r#"[{"fragments":[[0,5]],"label":"place","decision":"rejected"},{"fragments":[[7,9]],"label":"person","decision":"accepted"}]"#
        );
        let mut back: Decisions = serde_json::from_str(&json).unwrap();
        assert_eq!(back, decisions);
        assert_eq!(
            back.forget(&suggestion(0, 5, "place")),
            Some(Decision::Rejected)
        );
        assert!(back.allows(&suggestion(0, 5, "place")));
    }

    #[test]
    fn suggestions_become_a_layer_of_their_own_declaring_their_labels() {
        let mut doc = AnnotatedDocument::new(
            crate::model::Document::new("d", "Rama met Basha in Tirana."),
            crate::model::Scheme::default_scheme(),
        );
        let mut tirana = suggestion(18, 24, "place");
        tirana.id = Some("Q19689".into());
        tirana.confidence = 0.875;
        doc.apply(as_layer_edit(
            &doc,
            &[suggestion(0, 4, "actor"), tirana],
            Timestamp(5),
        ))
        .unwrap();
        assert_eq!(doc.layers(), [SUGGESTIONS_LAYER]);
        assert!(doc.scheme().label("place").is_some());
        let notes: Vec<(String, String)> = doc
            .annotations_in_document_order()
            .iter()
            .map(|a| (doc.quotes(a).join(""), a.note.clone()))
            .collect();
        assert_eq!(
            notes,
            [
                ("Rama".to_string(), "repeats 1.000".to_string()),
                ("Tirana".to_string(), "repeats 0.875 (Q19689)".to_string())
            ]
        );
        // Suggesting again replaces the layer.
        doc.apply(as_layer_edit(
            &doc,
            &[suggestion(9, 14, "actor")],
            Timestamp(6),
        ))
        .unwrap();
        assert_eq!(doc.annotations().len(), 1);
    }

    #[test]
    fn suggestions_over_an_annotation_of_their_label_are_dropped() {
        let tagged = Annotation::new(
            Key::new("alice", "a1"),
            "place",
            Fragment::new(10, 16),
            Timestamp(0),
        );
        let kept = without_annotated(
            vec![
                suggestion(10, 16, "place"),
                suggestion(12, 20, "place"),
                suggestion(10, 16, "person"),
                suggestion(16, 20, "place"),
            ],
            [&tagged],
        );
        // The same span as another label is dropped too (it is tagged).
        assert_eq!(kept, [suggestion(16, 20, "place")]);
    }
}
