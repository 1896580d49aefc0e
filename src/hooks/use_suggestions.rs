//! The open document's suggestions: their decisions read from storage when
//! a document opens and written whenever they change; the tagger's model
//! read (or trained) when a document opens and retrained once the annotator
//! pauses after adding annotations; and the list as
//! proposed, computed once per revision of the document or change to what
//! proposes (the sources, the decisions, the minimum confidence).

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use scholia_core::format::scholia as native;
use scholia_core::suggest::Suggestion;
use yew::prelude::*;

use crate::library::Library;
use crate::state::suggestions::tagger::model_key;
use crate::state::Store;

/// How long the annotator pauses before the tagger learns their latest
/// annotations.
const RETRAIN_AFTER_MS: u32 = 2_000;

#[hook]
pub fn use_suggestions(store: &UseReducerHandle<Store>, library: &Library) -> Rc<Vec<Suggestion>> {
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
                library.open_tagger(&workspace.borrow().doc);
            }
        });
    }
    // Retrained in the background as annotations are added: once the
    // annotator has paused, never on the page's thread.
    let n_annotations = store
        .workspace
        .as_ref()
        .map_or(0, |w| w.borrow().doc.annotations().len());
    let seen = use_mut_ref(|| None::<(Option<String>, Option<String>, usize)>);
    {
        let (library, store) = (library.clone(), store.clone());
        let on = store.editor.suggestions.tagger_on;
        use_effect_with(
            (doc_id.clone(), tagger_key, n_annotations, on),
            move |(doc_id, key, n, on)| {
                // Opening a document trains already (above): only an
                // annotation added to the open one retrains (an undo right
                // after an accept cancels the retraining it asked for).
                let added = seen
                    .borrow()
                    .as_ref()
                    .is_some_and(|(d, k, before)| d == doc_id && k == key && n > before);
                *seen.borrow_mut() = Some((doc_id.clone(), key.clone(), *n));
                let timer = (added && *on).then(|| key.clone()).flatten().map(|key| {
                    Timeout::new(RETRAIN_AFTER_MS, move || {
                        let open = store.workspace.as_ref().map(|w| {
                            let w = w.borrow();
                            (w.doc.document().id.clone(), native::export(&w.doc))
                        });
                        library.train_tagger(key, open);
                    })
                });
                move || drop(timer)
            },
        );
    }
    // Keyed on what the list depends on, not on the whole state: stepping
    // changes only the suggestion stepped to. The reducer reads the same
    // list (`Store::suggestions`).
    let key = store.workspace.as_ref().map(|w| {
        store
            .editor
            .suggestions
            .list_key(&w.borrow().doc, store.revision)
    });
    let store = store.clone();
    (*use_memo(key, move |_| store.suggestions())).clone()
}
