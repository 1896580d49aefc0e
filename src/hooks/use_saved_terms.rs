//! The suggestions' library settings kept across visits (the term list or
//! pattern file, whether repeats match case): read once storage is there
//! (when the first document opens), written whenever they change.

use std::cell::Cell;

use yew::prelude::*;

use crate::library::Library;
use crate::state::Store;

#[hook]
pub fn use_saved_terms(store: &UseReducerHandle<Store>, library: &Library) {
    // Storage is open once a document is.
    let ready = store.workspace.is_some();
    let restored = use_mut_ref(|| Cell::new(false));
    {
        let (library, restored) = (library.clone(), restored.clone());
        use_effect_with(ready, move |ready| {
            if *ready && !restored.borrow().get() {
                restored.borrow().set(true);
                library.load_terms();
                library.load_match_case();
            }
        });
    }
    {
        let (library, restored) = (library.clone(), restored.clone());
        use_effect_with(store.editor.suggestions.match_case, move |on| {
            if restored.borrow().get() {
                library.save_match_case(*on);
            }
        });
    }
    let terms = store.editor.suggestions.terms.clone();
    let library = library.clone();
    use_effect_with(terms, move |terms| {
        // Not before what is kept was read: that would forget it.
        if restored.borrow().get() {
            library.save_terms(terms);
        }
    });
}
