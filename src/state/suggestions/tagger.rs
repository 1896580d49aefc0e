//! The statistical tagger's state in the page: the model in use (its JSON,
//! which the page stores and sends to the formats' worker but never reads
//! beyond its labels), its suggestions for the open document, what it is
//! doing, and its cross-validated figures. Training, suggesting and
//! scoring happen in the worker (`library/suggestions.rs` asks).

use std::rc::Rc;

use scholia_core::suggest::Suggestion;
use scholia_core::{AnnotatedDocument, Scheme};
use scholia_worker::protocol::Assessment;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaggerState {
    /// The model in use, for the open document's labels.
    pub model: Option<Model>,
    /// Its suggestions for a document (by id), made with no decision
    /// applied: the list leaves out what is decided or annotated.
    pub found: Option<(String, Rc<Vec<Rc<Suggestion>>>)>,
    pub status: TaggerStatus,
    /// Cross-validation's figures, once asked for.
    pub assessment: Option<Rc<Assessment>>,
    pub assessing: bool,
}

impl TaggerState {
    /// Its suggestions for `doc`, if they were made for it.
    pub fn found_for(&self, doc: &AnnotatedDocument) -> Option<&[Rc<Suggestion>]> {
        match &self.found {
            Some((id, found)) if *id == doc.document().id => Some(found),
            _ => None,
        }
    }

    /// What to keep when another document opens: the model and figures (its
    /// suggestions were for the other document).
    pub fn for_new_document(&self) -> TaggerState {
        TaggerState {
            found: None,
            ..self.clone()
        }
    }
}

/// A tagger model: the settings key it is stored under, the labels it
/// proposes, its JSON, and where it came from, in words.
#[derive(Debug, Clone)]
pub struct Model {
    pub key: String,
    pub labels: Vec<String>,
    pub json: Rc<str>,
    pub origin: String,
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && Rc::ptr_eq(&self.json, &other.json)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum TaggerStatus {
    #[default]
    Idle,
    Training,
    Suggesting,
    Failed(String),
}

/// The fewest annotated documents the tagger learns from: with one, it
/// would mostly propose what repeats already do, and cross-validation
/// needs two.
pub const FEWEST_DOCUMENTS: usize = 2;

/// The settings key a scheme's model is stored under: its label ids, sorted
/// (a model is for a set of labels, whatever their order in the scheme).
pub fn model_key(scheme: &Scheme) -> String {
    let mut ids: Vec<&str> = scheme.labels.iter().map(|l| l.id.as_str()).collect();
    ids.sort_unstable();
    format!("tagger:{}", ids.join(","))
}

/// The labels of a model file the scheme lacks (a model for other labels is
/// refused).
pub fn labels_lacking<'a>(labels: &'a [String], scheme: &Scheme) -> Vec<&'a str> {
    labels
        .iter()
        .filter(|l| scheme.label(l).is_none())
        .map(String::as_str)
        .collect()
}
