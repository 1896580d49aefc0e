//! Searching every document of the library, and going to what was found.

use std::rc::Rc;

use scholia_core::library::{find_in_text, fold, Status, TextMatches};
use scholia_core::Key;

use super::handle::Library;
use crate::store::{Action, ViewCommand};
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
        let mut results = Vec::new();
        for entry in entries {
            let cached = self.0.texts.borrow().get(&entry.id).cloned();
            let text = match cached {
                Some(text) => text,
                None => {
                    let text = storage.text(&entry.id).await?;
                    let folded = fold(&text);
                    let both = Rc::new((text, folded));
                    self.0
                        .texts
                        .borrow_mut()
                        .insert(entry.id.clone(), both.clone());
                    both
                }
            };
            let text_matches = find_in_text(&text.0, &text.1, &query, SNIPPETS_PER_DOCUMENT);
            let scheme = schemes.get(&entry.id);
            let mut annotations = Vec::new();
            let mut annotation_count = 0;
            for record in records.iter().filter(|r| r.doc_id == entry.id) {
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
