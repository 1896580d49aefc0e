use gloo::events::{EventListener, EventListenerOptions};
use yew::prelude::*;

use crate::library::Library;
use crate::store::Store;
use crate::web;

/// Writes every change to IndexedDB as it happens (see `saver.rs`): after
/// each revision the saver stores what changed, in order, one transaction
/// at a time. While anything is not yet stored, leaving the page asks first.
#[hook]
pub fn use_autosave(store: &UseReducerHandle<Store>, library: &Library) {
    {
        let (library, workspace) = (library.clone(), store.workspace.clone());
        use_effect_with(store.revision, move |_| library.changed(workspace));
    }
    let library = library.clone();
    use_effect_with((), move |_| {
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(
            &web::window(),
            "beforeunload",
            options,
            move |event| {
                if library.has_unsaved() {
                    event.prevent_default();
                }
            },
        );
        move || drop(listener)
    });
}
