//! The open document's suggestions: their decisions read from storage when
//! a document opens and written whenever they change; the tagger's model
//! read (or trained) when a document opens and retrained once the annotator
//! pauses after adding, deleting or relabelling annotations; and the list as
//! proposed, computed once per revision of the document or change to what
//! proposes (the sources, the decisions, the minimum confidence); the term
//! lists' matches, found by the formats' worker when the lists or the
//! document change; and the repeats' occurrences, found there when a
//! mention's text is new to them.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::library::Library;
use crate::state::suggestions::tagger::model_key;
use crate::state::suggestions::{ListKey, Shared};
use crate::state::Store;

/// How long the annotator pauses before the tagger learns their latest
/// annotations.
const RETRAIN_AFTER_MS: u32 = 2_000;

/// A list that took longer than this (ms) to make is made after the next
/// edit once the page is idle, or after [`LIST_AFTER_MS`] if it never is.
const SLOW_LIST_MS: f64 = 8.0;
const LIST_AFTER_MS: u32 = 100;

#[hook]
pub fn use_suggestions(store: &UseReducerHandle<Store>, library: &Library) -> Shared {
    let doc_id = store
        .workspace
        .as_ref()
        .map(|w| w.borrow().doc.document().id.clone());
    {
        let library = library.clone();
        use_effect_with(doc_id.clone(), move |doc_id| {
            if let Some(id) = doc_id {
                library.load_decisions(id.clone());
            }
        });
    }
    {
        let library = library.clone();
        let state = &store.editor.suggestions;
        let decisions = state.decisions.clone();
        let loaded = state.loaded_for.clone();
        use_effect_with(state.decisions_nonce, move |nonce| {
            if let (true, Some(id)) = (*nonce > 0, loaded) {
                library.save_decisions(id, &decisions);
            }
        });
    }
    // The tagger, while it is on: when a document opens (or its labels
    // change, or it is turned on), the model stored for its labels (or one
    // trained now) and its suggestions.
    let tagger_key = store
        .workspace
        .as_ref()
        .map(|w| model_key(w.borrow().doc.scheme()));
    {
        let (library, store) = (library.clone(), store.clone());
        let on = store.editor.suggestions.tagger_on;
        use_effect_with((doc_id.clone(), tagger_key.clone(), on), move |_| {
            // Off, it neither trains nor suggests (turned on, it does).
            if let (true, Some(workspace)) = (on, &store.workspace) {
                library.open_tagger(workspace);
            }
        });
    }
    // Retrained in the background as annotations are added, deleted or
    // relabelled: once the annotator has paused, never on the page's
    // thread. What it learns from is summed up once per revision.
    let learnt = {
        let workspace = store.workspace.clone();
        *use_memo((doc_id.clone(), store.revision), move |_| {
            workspace.map_or(0, |w| learnt_from(&w.borrow().doc))
        })
    };
    // The open document's spans and labels as the model last learnt them
    // (or as they were when it opened, which trains already).
    let trained = use_mut_ref(|| None::<(Option<String>, Option<String>, u64)>);
    {
        let (library, store) = (library.clone(), store.clone());
        let on = store.editor.suggestions.tagger_on;
        use_effect_with(
            (doc_id.clone(), tagger_key, learnt, on),
            move |(doc_id, key, learnt, on)| {
                let same =
                    (trained.borrow().as_ref()).is_some_and(|(d, k, _)| d == doc_id && k == key);
                if !same {
                    *trained.borrow_mut() = Some((doc_id.clone(), key.clone(), *learnt));
                }
                // Only a change since then retrains: an undo right after an
                // accept cancels the retraining the accept asked for.
                let changed = (trained.borrow().as_ref()).is_some_and(|(_, _, at)| at != learnt);
                let learnt = *learnt;
                let timer = (changed && *on).then(|| key.clone()).flatten().map(|key| {
                    Timeout::new(RETRAIN_AFTER_MS, move || {
                        if let Some((_, _, at)) = trained.borrow_mut().as_mut() {
                            *at = learnt;
                        }
                        library.train_tagger(key, store.workspace.clone());
                    })
                });
                move || drop(timer)
            },
        );
    }
    // The term lists' matches, found by the worker when the lists on or the
    // document's text change (an edit changes neither).
    let terms_key = store
        .workspace
        .as_ref()
        .and_then(|w| (store.editor.suggestions).terms_key(&w.borrow().doc));
    {
        let (library, store) = (library.clone(), store.clone());
        use_effect_with(terms_key, move |key| {
            let state = &store.editor.suggestions;
            let found = state.terms_found.as_ref().map(|(at, _)| at);
            if let (Some(key), Some(workspace)) = (key, &store.workspace) {
                let doc = &workspace.borrow().doc;
                if let (true, Some((_, lists))) = (found != Some(key), state.terms_wanted(doc)) {
                    library.find_terms(key.clone(), lists, text_value(doc));
                }
            }
        });
    }
    // The repeats' occurrences, found by the worker when a mention's text
    // is new to those found (tagged, or from the library), or the case rule
    // or the document changes; never on the page's thread.
    let repeats_deps = store.workspace.as_ref().map(|_| {
        let state = &store.editor.suggestions;
        (
            doc_id.clone(),
            store.revision,
            std::rc::Rc::as_ptr(&state.library_mentions) as *const () as usize,
            state.match_case,
            state.repeats_on,
            (state.repeats_found.as_ref()).map(|f| std::rc::Rc::as_ptr(&f.hits) as usize),
        )
    });
    {
        let (library, store) = (library.clone(), store.clone());
        use_effect_with(repeats_deps, move |_| {
            if let Some(workspace) = &store.workspace {
                let doc = &workspace.borrow().doc;
                if let Some((key, phrases)) = store.editor.suggestions.repeats_wanted(doc) {
                    library.find_repeats(key, phrases, text_value(doc));
                }
            }
        });
    }
    // Keyed on what the list depends on, not on the whole state: stepping
    // changes only the suggestion stepped to. The reducer reads the same
    // list (`Store::suggestions`). When the last list took longer than
    // half a frame to make (hundreds of thousands of repeats), the list
    // after an edit is made once the edit is painted, and until then the
    // page shows the list before it.
    let key = store.workspace.as_ref().map(|w| {
        store
            .editor
            .suggestions
            .list_key(&w.borrow().doc, store.revision)
    });
    let latest = use_mut_ref(|| None::<ListKey>);
    latest.borrow_mut().clone_from(&key);
    let slow = use_mut_ref(|| false);
    let made = use_state(|| None::<(String, Shared)>);
    {
        let (store, made, slow) = (store.clone(), made.clone(), slow.clone());
        use_effect_with(key.clone(), move |key| {
            let wanted = (key.clone()).filter(|k| store.editor.suggestions.cached(k).is_none());
            if let Some(key) = wanted {
                crate::web::when_idle(LIST_AFTER_MS, move || {
                    if latest.borrow().as_ref() != Some(&key) {
                        return;
                    }
                    let list = crate::web::timed(&slow, SLOW_LIST_MS, || store.suggestions());
                    let doc = key.doc_id();
                    // The same suggestions as shown: nothing to draw again.
                    if !(made.as_ref()).is_some_and(|(d, shown)| d == doc && *shown == list) {
                        made.set(Some((doc.to_string(), list)));
                    }
                });
            }
        });
    }
    let Some(key) = key else {
        return Shared::default();
    };
    if let Some(list) = store.editor.suggestions.cached(&key) {
        return list;
    }
    if !*slow.borrow() {
        return crate::web::timed(&slow, SLOW_LIST_MS, || store.suggestions());
    }
    match &*made {
        // The list before, while it was made for this document.
        Some((doc, list)) if doc == key.doc_id() => list.clone(),
        _ => Shared::default(),
    }
}

/// `doc`'s text as a JS string, to send to the worker (made for each ask:
/// held, a megabyte's text would be two more in the JS heap for good).
fn text_value(doc: &scholia_core::AnnotatedDocument) -> wasm_bindgen::JsValue {
    wasm_bindgen::JsValue::from_str(doc.document().text.as_str())
}

/// What the tagger learns from the open document, summed up: a hash of
/// each annotation's label and fragments, added up so that the order does
/// not matter. An annotation added, deleted or relabelled (or a span
/// moved) changes it; a note or an attribute does not.
fn learnt_from(doc: &scholia_core::AnnotatedDocument) -> u64 {
    use std::hash::{Hash, Hasher};
    doc.annotations().fold(0u64, |sum, a| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        a.label.as_str().hash(&mut hasher);
        for f in &a.fragments {
            (f.start, f.end).hash(&mut hasher);
        }
        sum.wrapping_add(hasher.finish())
    })
}

#[cfg(test)]
mod tests {
    use super::learnt_from;
    use scholia_core::model::{Annotation, Document, Fragment, Key, Scheme, Timestamp};
    use scholia_core::{AnnotatedDocument, Edit};

    #[test]
    fn what_the_tagger_learns_from_changes_on_adding_deleting_and_relabelling_only() {
        let mut doc = AnnotatedDocument::new(
            Document::new("d", "Rama met Basha in Tirana."),
            Scheme::default_scheme(),
        );
        let add = |doc: &mut AnnotatedDocument, id: &str, start, end| {
            let a = Annotation::new(
                Key::new("alice", id),
                "actor",
                Fragment::new(start, end),
                Timestamp(0),
            );
            doc.apply(Edit::AddAnnotation(a)).unwrap();
        };
        let empty = learnt_from(&doc);
        add(&mut doc, "a1", 0, 4);
        let one = learnt_from(&doc);
        add(&mut doc, "a2", 9, 14);
        let two = learnt_from(&doc);
        assert!(empty != one && one != two && two != empty);
        // Deleted: as before it was added.
        doc.apply(Edit::RemoveAnnotation(Key::new("alice", "a2")))
            .unwrap();
        assert_eq!(learnt_from(&doc), one);
        // Relabelled: changed; relabelled back: as it was.
        let key = Key::new("alice", "a1");
        let with = |doc: &AnnotatedDocument, change: &dyn Fn(&mut Annotation)| {
            let mut a = doc.annotation(&key).unwrap().clone();
            change(&mut a);
            Edit::UpdateAnnotation(a)
        };
        let relabel = with(&doc, &|a| a.label = "event".into());
        doc.apply(relabel).unwrap();
        assert_ne!(learnt_from(&doc), one);
        let back = with(&doc, &|a| a.label = "actor".into());
        doc.apply(back).unwrap();
        assert_eq!(learnt_from(&doc), one);
        // A note: the same.
        let noted = with(&doc, &|a| a.note = "check".into());
        doc.apply(noted).unwrap();
        assert_eq!(learnt_from(&doc), one);
        // The same spans added in another order: the same.
        let mut other = AnnotatedDocument::new(
            Document::new("d", "Rama met Basha in Tirana."),
            Scheme::default_scheme(),
        );
        add(&mut other, "b2", 9, 14);
        add(&mut other, "b1", 0, 4);
        assert_eq!(learnt_from(&other), two);
    }
}
