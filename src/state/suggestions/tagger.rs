//! The statistical tagger's state in the page: the model in use (its JSON,
//! which the page stores and sends to the formats' worker but never reads
//! beyond its labels), its suggestions for the open document, what it is
//! doing, and its cross-validated figures. Training, suggesting and
//! scoring happen in the worker (`library/suggestions.rs` asks).

use std::rc::Rc;

use scholia_core::suggest::Suggestion;
use scholia_core::{AnnotatedDocument, Scheme};
use scholia_worker::protocol::Assessment;

use crate::workspace::LibraryEntry;

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

/// The settings record beside a model's (`tagger:<label ids>` and this)
/// that holds what the stored documents were when it was last learnt.
pub const SEEN_SUFFIX: &str = "|library";

/// The stored documents' state, summed up: each one's id, last change and
/// whether it is in the trash, hashed and added up (so that their order
/// does not matter).
pub fn library_state(entries: &[LibraryEntry]) -> String {
    use std::hash::{Hash, Hasher};
    let sum = entries.iter().fold(0u64, |sum, e| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (e.id.as_str(), e.modified, e.trashed.is_some()).hash(&mut hasher);
        sum.wrapping_add(hasher.finish())
    });
    format!("{} documents, {sum:016x}", entries.len())
}

#[cfg(test)]
mod tests {
    use scholia_core::library::Status;
    use scholia_core::Timestamp;

    use super::library_state;
    use crate::workspace::LibraryEntry;

    fn entry(id: &str, modified: i64) -> LibraryEntry {
        LibraryEntry {
            id: id.into(),
            title: format!("Document {id}"),
            modified: Timestamp(modified),
            annotation_count: 1,
            sha256: String::new(),
            created: Timestamp(0),
            relation_count: 0,
            length: 10,
            status: Status::InProgress,
            trashed: None,
            document_labels: Vec::new(),
        }
    }

    #[test]
    fn the_library_state_changes_with_any_document_and_not_with_their_order() {
        let library = vec![entry("a", 1), entry("b", 2), entry("c", 3)];
        let state = library_state(&library);
        let reversed: Vec<LibraryEntry> = library.iter().rev().cloned().collect();
        assert_eq!(library_state(&reversed), state);
        // A document edited, added, removed or moved to the trash.
        let mut edited = library.clone();
        edited[1].modified = Timestamp(5);
        let mut added = library.clone();
        added.push(entry("d", 4));
        let mut trashed = library.clone();
        trashed[2].trashed = Some(Timestamp(9));
        let seen = [
            state.clone(),
            library_state(&edited),
            library_state(&added),
            library_state(&library[..2]),
            library_state(&trashed),
        ];
        for (i, a) in seen.iter().enumerate() {
            for b in &seen[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // Its title, status or counts are not what the tagger learns from.
        let mut renamed = library.clone();
        renamed[0].title = "Renamed".into();
        renamed[0].status = Status::Done;
        assert_eq!(library_state(&renamed), state);
    }
}
