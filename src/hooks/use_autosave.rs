use std::rc::Rc;

use yew::prelude::*;

use crate::store::{Action, Store};
use crate::web::storage::{prepare_write, Storage};
use crate::web::{self};

/// Writes every change to IndexedDB as it happens: after each revision, the
/// change sets not yet stored are written in one transaction. Writes keep
/// their order, so a crash leaves a prefix of the edits.
#[hook]
pub fn use_autosave(store: &UseReducerHandle<Store>, storage: Option<Rc<Storage>>) {
    let dispatcher = store.dispatcher();
    let workspace = store.workspace.clone();
    use_effect_with((store.revision, storage.is_some()), move |_| {
        let (Some(storage), Some(workspace)) = (storage, workspace) else {
            return;
        };
        let changes = workspace.take_unsaved();
        if changes.is_empty() {
            return;
        }
        let batch = match prepare_write(&workspace.borrow().doc, &changes) {
            Ok(batch) => batch,
            Err(error) => {
                dispatcher.dispatch(Action::SaveStarted);
                dispatcher.dispatch(Action::SaveFailed { error, changes });
                return;
            }
        };
        dispatcher.dispatch(Action::SaveStarted);
        wasm_bindgen_futures::spawn_local(async move {
            match storage.write(batch, web::now()).await {
                Ok(()) => {
                    dispatcher.dispatch(Action::Saved);
                    if let Ok(library) = storage.library().await {
                        dispatcher.dispatch(Action::SetLibrary(library));
                    }
                }
                Err(error) => dispatcher.dispatch(Action::SaveFailed { error, changes }),
            }
        });
    });
}
