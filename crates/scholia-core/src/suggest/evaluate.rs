//! How good the tagger's suggestions are: precision, recall and F1 per
//! label and over all labels (micro), by exact span and label, counted by
//! the agreement's span matching ([`crate::agreement::spans`]) with the
//! reference spans as the first annotator; k-fold cross-validation over
//! documents, and a learning curve drawn by [`crate::chart`].
//!
//! The reference spans are the ones the tagger learns from
//! ([`super::tagger::gold_spans`]), so on CoNLL files this is the
//! entity-level score of `conlleval`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::tagger::{gold_spans, Tagger, TrainOptions};
use crate::agreement::spans::{compare, MatchCounts, Scores};
use crate::chart::{bar_chart_model, Chart, Series};
use crate::error::Error;
use crate::model::{Annotation, Fragment, Key, Timestamp};
use crate::AnnotatedDocument;

/// Scores per label and over all labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub labels: BTreeMap<String, Scores>,
    pub micro: Scores,
}

/// Counts added document by document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    labels: BTreeMap<String, MatchCounts>,
}

impl Counts {
    /// Adds one document's reference and predicted spans.
    pub fn add(&mut self, reference: &[(Fragment, String)], predicted: &[(Fragment, String)]) {
        let annotations = |spans: &[(Fragment, String)], layer: &str| -> Vec<Annotation> {
            spans
                .iter()
                .enumerate()
                .map(|(i, (f, label))| {
                    Annotation::new(
                        Key::new(layer, i.to_string()),
                        label.as_str(),
                        *f,
                        Timestamp(0),
                    )
                })
                .collect()
        };
        let (a, b) = (
            annotations(reference, "reference"),
            annotations(predicted, "predicted"),
        );
        let mut names: Vec<String> = Vec::new();
        let counts = compare(
            &a.iter().collect::<Vec<_>>(),
            &b.iter().collect::<Vec<_>>(),
            |label| match names.iter().position(|n| n == label) {
                Some(i) => i as u32,
                None => {
                    names.push(label.to_string());
                    names.len() as u32 - 1
                }
            },
        );
        for (index, counts) in counts.exact {
            self.labels
                .entry(names[index as usize].clone())
                .or_default()
                .add(counts);
        }
    }

    pub fn add_counts(&mut self, other: &Counts) {
        for (label, counts) in &other.labels {
            self.labels.entry(label.clone()).or_default().add(*counts);
        }
    }

    pub fn evaluation(&self) -> Evaluation {
        let mut micro = MatchCounts::default();
        for counts in self.labels.values() {
            micro.add(*counts);
        }
        Evaluation {
            labels: self
                .labels
                .iter()
                .map(|(label, counts)| (label.clone(), counts.scores()))
                .collect(),
            micro: micro.scores(),
        }
    }
}

/// The spans of suggestions, as evaluation compares them.
fn predicted_spans(tagger: &Tagger, doc: &AnnotatedDocument) -> Vec<(Fragment, String)> {
    tagger
        .predict(doc.document().text.as_str())
        .into_iter()
        .map(|s| (s.fragments[0], s.label))
        .collect()
}

/// The tagger's counts on documents, against the annotations of `layer`
/// (every layer but the suggestions' when `None`).
pub fn counts(tagger: &Tagger, docs: &[&AnnotatedDocument], layer: Option<&str>) -> Counts {
    let mut counts = Counts::default();
    for doc in docs {
        counts.add(&gold_spans(doc, layer), &predicted_spans(tagger, doc));
    }
    counts
}

/// The tagger's scores on documents.
pub fn evaluate(tagger: &Tagger, docs: &[&AnnotatedDocument], layer: Option<&str>) -> Evaluation {
    counts(tagger, docs, layer).evaluation()
}

/// k-fold cross-validation over documents: document `i` is tested in fold
/// `i mod k` by a tagger trained on the other folds; the counts of every
/// fold are added. Folds whose training documents hold no span are
/// skipped. An error when `k` < 2 or there are fewer documents than folds.
pub fn cross_validate(
    docs: &[&AnnotatedDocument],
    folds: usize,
    options: &TrainOptions,
) -> Result<Evaluation, Error> {
    if folds < 2 {
        return Err(Error::invalid("cross-validation needs at least 2 folds"));
    }
    if docs.len() < folds {
        return Err(Error::invalid(format!(
            "{folds}-fold cross-validation needs at least {folds} documents; there are {}",
            docs.len()
        )));
    }
    let mut total = Counts::default();
    for fold in 0..folds {
        let in_fold = |i: &usize| i % folds == fold;
        let pick = |test: bool| -> Vec<&AnnotatedDocument> {
            (0..docs.len())
                .filter(|i| in_fold(i) == test)
                .map(|i| docs[i])
                .collect()
        };
        let (test, train) = (pick(true), pick(false));
        let Ok(tagger) = Tagger::train(&train, options) else {
            continue;
        };
        total.add_counts(&counts(&tagger, &test, options.layer.as_deref()));
    }
    Ok(total.evaluation())
}

/// The labels scored at any point of a learning curve, in order: a series
/// of its chart, a column of its table.
pub fn curve_labels(points: &[(String, Evaluation)]) -> std::collections::BTreeSet<&String> {
    points.iter().flat_map(|(_, e)| e.labels.keys()).collect()
}

/// A learning curve: one point per training size (its name, such as “100
/// sentences”, and the scores), as grouped bars of F1 over all labels and
/// per label.
pub fn learning_curve_chart(title: &str, points: &[(String, Evaluation)]) -> Chart {
    let groups: Vec<String> = points.iter().map(|(name, _)| name.clone()).collect();
    let labels = curve_labels(points);
    let mut series = vec![Series {
        name: "all labels (micro F1)".to_string(),
        values: points.iter().map(|(_, e)| e.micro.f1).collect(),
    }];
    for label in labels {
        series.push(Series {
            name: format!("{label} F1"),
            values: points
                .iter()
                .map(|(_, e)| e.labels.get(label).and_then(|s| s.f1))
                .collect(),
        });
    }
    bar_chart_model(title, &groups, &series)
}
