//! The suggestions' tagger off the page: training on the library's
//! annotated documents, suggesting spans in one document, and
//! cross-validation, through `scholia_core::suggest`. The page sends
//! documents as Scholia JSON (in `documents`) and a model as its JSON (in
//! `contents`); the model comes back the same way, so the page stores it
//! without reading it.

use scholia_core::format::scholia;
use scholia_core::suggest::evaluate::{counts, cross_validate, Counts, Evaluation};
use scholia_core::suggest::model_file::model_id;
use scholia_core::suggest::tagger::{Tagger, TrainOptions};
use scholia_core::suggest::{Decisions, Suggestion};
use scholia_core::AnnotatedDocument;

use crate::protocol::{Assessment, TrainSettings, Trained};

/// Reads documents sent by the page; errors name the document.
fn read(documents: &[String]) -> Result<Vec<AnnotatedDocument>, String> {
    documents
        .iter()
        .enumerate()
        .map(|(i, json)| scholia::import(json).map_err(|e| format!("document {}: {e}", i + 1)))
        .collect()
}

fn options(settings: &TrainSettings) -> TrainOptions {
    TrainOptions {
        epochs: settings.epochs,
        layer: settings.layer.clone(),
        ..TrainOptions::default()
    }
}

/// Trains a tagger: what it was trained on, and the model's JSON.
pub fn train(documents: &[String], settings: &TrainSettings) -> Result<(Trained, String), String> {
    let docs = read(documents)?;
    let refs: Vec<&AnnotatedDocument> = docs.iter().collect();
    let tagger = Tagger::train(&refs, &options(settings)).map_err(|e| e.to_string())?;
    let on = tagger.trained_on();
    let trained = Trained {
        labels: tagger.labels().to_vec(),
        documents: docs.len(),
        sentences: on.sentences,
        tokens: on.tokens,
        spans: on.spans,
    };
    Ok((trained, tagger.to_json()))
}

/// The tagger's suggestions for one document, apart from what is annotated
/// and what the decisions settled.
pub fn suggest(
    model: &str,
    document: &str,
    decisions: &Decisions,
) -> Result<Vec<Suggestion>, String> {
    let tagger = Tagger::from_json(model, "the model").map_err(|e| e.to_string())?;
    suggest_with(&tagger, document, decisions)
}

fn suggest_with(
    tagger: &Tagger,
    document: &str,
    decisions: &Decisions,
) -> Result<Vec<Suggestion>, String> {
    let doc = scholia::import(document).map_err(|e| e.to_string())?;
    Ok(tagger.suggest(&doc, decisions))
}

/// The last model the worker read, by its id
/// ([`model_id`](scholia_core::suggest::model_file::model_id)): reading a
/// whole-corpus model is a tenth of a second or more, and the page suggests
/// with the same model document after document.
#[derive(Default)]
pub struct Models {
    last: Option<(String, Tagger)>,
}

/// What a `Suggest` gives: the spans found, or a request for the model.
#[derive(Debug, PartialEq)]
pub enum Suggested {
    Found(Vec<String>, Vec<Suggestion>),
    ModelWanted,
}

impl Models {
    /// Suggests in `document` with the model named `id`: the one held, or
    /// `json` (read and then held in its place). Without either, asks for
    /// the model. A `json` whose id is not `id` is refused (the page named
    /// another model than it sent).
    pub fn suggest(
        &mut self,
        id: &str,
        json: Option<&str>,
        document: &str,
        decisions: &Decisions,
    ) -> Result<Suggested, String> {
        let held = self.last.as_ref().is_some_and(|(held, _)| held == id);
        if !held {
            let Some(json) = json else {
                return Ok(Suggested::ModelWanted);
            };
            let read = model_id(json);
            if read != id {
                return Err(format!(
                    "the model sent is {read}, not the {id} the request names"
                ));
            }
            // The old model goes first: two whole-corpus models at once
            // would double the worker's memory.
            self.last = None;
            let tagger = Tagger::from_json(json, "the model").map_err(|e| e.to_string())?;
            self.last = Some((read, tagger));
        }
        let Some((_, tagger)) = &self.last else {
            return Ok(Suggested::ModelWanted);
        };
        let found = suggest_with(tagger, document, decisions)?;
        Ok(Suggested::Found(tagger.labels().to_vec(), found))
    }
}

/// k-fold cross-validation over the documents, the figures the app shows
/// under "How good are the suggestions?" (`scholia-cli evaluate --folds`
/// computes the same), and a learning curve: the same folds with each
/// tagger trained on the first quarter and half of its training documents.
pub fn evaluate(
    documents: &[String],
    folds: usize,
    settings: &TrainSettings,
) -> Result<Assessment, String> {
    let docs = read(documents)?;
    let refs: Vec<&AnnotatedDocument> = docs.iter().collect();
    let options = options(settings);
    let evaluation = cross_validate(&refs, folds, &options).map_err(|e| e.to_string())?;
    let mut curve = Vec::new();
    for (share, name) in [(4, "¼ of training"), (2, "½ of training")] {
        curve.push((
            name.to_string(),
            part_trained(&refs, folds, share, &options),
        ));
    }
    curve.push(("all training".to_string(), evaluation.clone()));
    Ok(Assessment {
        folds,
        documents: docs.len(),
        evaluation,
        curve,
    })
}

/// Cross-validation as [`cross_validate`] does it (document `i` in fold
/// `i mod k`), each tagger trained on the first `1/share` of its training
/// documents (at least one).
fn part_trained(
    docs: &[&AnnotatedDocument],
    folds: usize,
    share: usize,
    options: &TrainOptions,
) -> Evaluation {
    let mut total = Counts::default();
    for fold in 0..folds {
        let (test, train): (Vec<(usize, &AnnotatedDocument)>, Vec<_>) = docs
            .iter()
            .copied()
            .enumerate()
            .partition(|(i, _)| i % folds == fold);
        let test: Vec<&AnnotatedDocument> = test.into_iter().map(|(_, d)| d).collect();
        let train: Vec<&AnnotatedDocument> = train.into_iter().map(|(_, d)| d).collect();
        let first = train.len().div_ceil(share).max(1).min(train.len());
        let Ok(tagger) = Tagger::train(&train[..first], options) else {
            continue;
        };
        total.add_counts(&counts(&tagger, &test, options.layer.as_deref()));
    }
    total.evaluation()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::model::{Annotation, Document, Fragment, Key, Scheme, Timestamp};
    use scholia_core::suggest::Decision;
    use scholia_core::Edit;

    /// A document whose people are the two words before “said”.
    fn document(id: &str, people: &[(&str, &str)]) -> String {
        let mut scheme = Scheme::default();
        scheme.ensure_label("PER");
        let mut text = String::new();
        let mut spans = Vec::new();
        for (first, last) in people {
            let start = text.chars().count();
            text.push_str(&format!("Then {first} {last} said it rained .\n"));
            let a = start + 5;
            spans.push((a, a + first.chars().count() + 1 + last.chars().count()));
        }
        let mut doc = AnnotatedDocument::new(Document::new(id, &text), scheme);
        for (i, (a, b)) in spans.into_iter().enumerate() {
            doc.apply(Edit::AddAnnotation(Annotation::new(
                Key::new("alice", format!("a{i}")),
                "PER",
                Fragment::new(a, b),
                Timestamp(0),
            )))
            .unwrap();
        }
        scholia::export(&doc)
    }

    fn settings() -> TrainSettings {
        TrainSettings {
            layer: None,
            epochs: 12,
        }
    }

    #[test]
    fn train_then_suggest_on_a_new_document_then_reject() {
        let docs = [
            document(
                "a",
                &[("Anna", "Berg"), ("Paulo", "Costa"), ("Jan", "Novak")],
            ),
            document(
                "b",
                &[("Maria", "Lopez"), ("Omar", "Haddad"), ("Lena", "Vogel")],
            ),
        ];
        let (trained, model) = train(&docs, &settings()).unwrap();
        assert_eq!(trained.labels, ["PER"]);
        assert_eq!((trained.documents, trained.spans), (2, 6));
        let new = scholia::export(&AnnotatedDocument::new(
            Document::new("new", "Then Eva Klein said it rained ."),
            Scheme::default(),
        ));
        let found = suggest(&model, &new, &Decisions::default()).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fragments, [Fragment::new(5, 14)]);
        let mut decisions = Decisions::default();
        decisions.decide(&found[0], Decision::Rejected);
        assert_eq!(suggest(&model, &new, &decisions).unwrap(), []);
    }

    #[test]
    fn the_worker_reads_a_model_once_and_asks_for_one_it_lacks() {
        let docs = [
            document("a", &[("Anna", "Berg"), ("Paulo", "Costa")]),
            document("b", &[("Maria", "Lopez"), ("Omar", "Haddad")]),
        ];
        let (_, model) = train(&docs, &settings()).unwrap();
        let id = model_id(&model);
        let new = scholia::export(&AnnotatedDocument::new(
            Document::new("new", "Then Eva Klein said it rained ."),
            Scheme::default(),
        ));
        let none = Decisions::default();
        let mut models = Models::default();
        assert_eq!(
            models.suggest(&id, None, &new, &none).unwrap(),
            Suggested::ModelWanted
        );
        let first = models.suggest(&id, Some(&model), &new, &none).unwrap();
        let Suggested::Found(labels, found) = &first else {
            panic!("{first:?}")
        };
        assert_eq!(labels, &["PER"]);
        assert_eq!(found[0].fragments, [Fragment::new(5, 14)]);
        // Held: the id alone is enough, and gives the same answer.
        assert_eq!(models.suggest(&id, None, &new, &none).unwrap(), first);
        // Another model's id asks for it; a model that is not the one named
        // is refused, and a bad one is refused naming the field.
        assert_eq!(
            models.suggest("other", None, &new, &none).unwrap(),
            Suggested::ModelWanted
        );
        let error = models
            .suggest("other", Some(&model), &new, &none)
            .unwrap_err();
        assert!(error.contains("not the other"), "{error}");
        let bad = model.replace("\"labels\":[\"PER\"]", "\"labels\":[]");
        let error = models
            .suggest(&model_id(&bad), Some(&bad), &new, &none)
            .unwrap_err();
        assert!(error.contains("labels"), "{error}");
    }

    #[test]
    fn cross_validation_and_errors_in_words() {
        let docs: Vec<String> = [
            ("Anna", "Berg"),
            ("Paulo", "Costa"),
            ("Jan", "Novak"),
            ("Maria", "Lopez"),
        ]
        .iter()
        .enumerate()
        .map(|(i, p)| document(&format!("d{i}"), &[*p, ("Ivan", "Petrov")]))
        .collect();
        let assessment = evaluate(&docs, 2, &settings()).unwrap();
        assert_eq!(assessment.evaluation.micro.counts.reference, 8);
        // The curve's last point is the cross-validation; each point scores
        // every reference span once.
        assert_eq!(assessment.curve.len(), 3);
        assert_eq!(assessment.curve[2].1, assessment.evaluation);
        assert!(assessment
            .curve
            .iter()
            .all(|(_, e)| e.micro.counts.reference == 8));
        let error = evaluate(&docs[..1], 2, &settings()).unwrap_err();
        assert!(error.contains("at least 2 documents"), "{error}");
        let error = train(&["{}".to_string()], &settings()).unwrap_err();
        assert!(error.starts_with("document 1:"), "{error}");
        let error = suggest("{}", &docs[0], &Decisions::default()).unwrap_err();
        assert!(error.contains("the model"), "{error}");
    }
}
