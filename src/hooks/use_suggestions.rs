//! The open document's suggestions: their decisions read from storage when
//! a document opens and written whenever they change, and the list as
//! proposed, computed once per revision of the document or the
//! suggestions' state.

use std::rc::Rc;

use scholia_core::suggest::Suggestion;
use yew::prelude::*;

use crate::library::Library;
use crate::state::Store;

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
    let store = store.clone();
    (*use_memo(
        (doc_id, store.revision, store.editor.suggestions.clone()),
        move |_| Rc::new(store.suggestions()),
    ))
    .clone()
}
