//! Searching every document of the library, and going to what was found.

use std::collections::HashMap;
use std::rc::Rc;

use scholia_core::library::{find_in_text, fold, Status, TextMatches};
use scholia_core::Key;

use super::handle::Library;
use crate::store::{Action, ViewCommand};
use crate::web::storage::AnnotationRecord;
use crate::workspace::LibraryEntry;

/// Snippets shown per document in search results.
const SNIPPETS_PER_DOCUMENT: usize = 3;
/// Annotations shown per document in search results.
const ANNOTATIONS_PER_DOCUMENT: usize = 5;

/// One document's matches for a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub title_matches: bool,
    pub text: TextMatches,
    pub annotation_count: usize,
    pub annotations: Vec<AnnotationMatch>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnnotationMatch {
    pub key: Key,
    pub label: String,
    pub color: String,
    pub quote: String,
    pub note: String,
}

impl Library {
    /// Searches every document in the library (not the trash): titles,
    /// text, and annotations' quotes and notes. Case does not matter.
    pub async fn search(&self, query: String) -> Result<Vec<SearchResult>, String> {
        let Some(storage) = self.storage() else {
            return Err("this browser does not let Scholia store documents".into());
        };
        let query = fold(query.trim());
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let entries: Vec<LibraryEntry> = storage
            .library()
            .await?
            .into_iter()
            .filter(|e| e.trashed.is_none())
            .collect();
        let (records, schemes) = storage.all_annotations().await?;
        // Each document's records, found once: a library of thousands of
        // documents (a doccano project) would otherwise scan every record
        // once per document.
        let mut by_doc: HashMap<&str, Vec<&AnnotationRecord>> = HashMap::new();
        for record in &records {
            by_doc
                .entry(record.doc_id.as_str())
                .or_default()
                .push(record);
        }
        // The texts not yet read, all in one request (one per document
        // took seconds for thousands of them), folded once and kept.
        if entries
            .iter()
            .any(|e| !self.0.texts.borrow().contains_key(&e.id))
        {
            let stored = storage.all_texts().await?;
            let mut texts = self.0.texts.borrow_mut();
            for (id, text) in stored {
                texts.entry(id).or_insert_with(|| {
                    let folded = fold(&text);
                    Rc::new((text, folded))
                });
            }
        }
        let mut results = Vec::new();
        for entry in entries {
            let Some(text) = self.0.texts.borrow().get(&entry.id).cloned() else {
                return Err(format!("the text of “{}” is not stored", entry.title));
            };
            let text_matches = find_in_text(&text.0, &text.1, &query, SNIPPETS_PER_DOCUMENT);
            let scheme = schemes.get(&entry.id);
            let mut annotations = Vec::new();
            let mut annotation_count = 0;
            for record in by_doc.get(entry.id.as_str()).into_iter().flatten() {
                let a = &record.annotation;
                let quote = a
                    .fragments
                    .iter()
                    .map(|f| f.quote.as_str())
                    .collect::<Vec<_>>()
                    .join(" … ");
                if !(fold(&quote).contains(&query) || fold(&a.note).contains(&query)) {
                    continue;
                }
                annotation_count += 1;
                if annotations.len() < ANNOTATIONS_PER_DOCUMENT {
                    let label = scheme.and_then(|s| s.labels.iter().find(|l| l.id == a.label));
                    annotations.push(AnnotationMatch {
                        key: Key::new(a.layer.clone(), a.id.clone()),
                        label: label.map_or(a.label.clone(), |l| l.name.clone()),
                        color: label.map_or("#888888".into(), |l| l.color.clone()),
                        quote,
                        note: a.note.clone(),
                    });
                }
            }
            let title_matches = fold(&entry.title).contains(&query);
            if title_matches || text_matches.count > 0 || annotation_count > 0 {
                results.push(SearchResult {
                    id: entry.id,
                    title: entry.title,
                    status: entry.status,
                    title_matches,
                    text: text_matches,
                    annotation_count,
                    annotations,
                });
            }
        }
        Ok(results)
    }

    /// Opens a document and shows one of its annotations.
    pub fn open_annotation(&self, id: String, key: Key) {
        let Some(storage) = self.storage() else {
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if library.is_open(&id) || library.load_and_open(&storage, &id).await {
                library.dispatch(Action::View(ViewCommand::Reveal(key)));
            }
        });
    }

    /// Opens a document and selects a span of its text (as the browser's
    /// selection, so that a label key tags it), scrolled into view.
    pub fn open_at(&self, id: String, start: usize, end: usize) {
        let Some(storage) = self.storage() else {
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if !(library.is_open(&id) || library.load_and_open(&storage, &id).await) {
                return;
            }
            library.dispatch(Action::View(ViewCommand::SelectText {
                selection: Some((start, end)),
                scroll: true,
            }));
        });
    }
}
