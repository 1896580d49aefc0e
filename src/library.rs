//! The library of stored documents: starting up from storage, switching
//! documents, and opening files as documents without overwriting work.

use std::rc::Rc;

use yew::prelude::*;

use crate::open::{read_file, seed_document, unused_title};
use crate::store::{Action, Message, Store};
use crate::web::storage::Storage;
use crate::web::{self, files};

pub type Dispatcher = UseReducerDispatcher<Store>;

/// Settings keys.
pub const CURRENT_DOCUMENT: &str = "current";
pub const ANNOTATOR: &str = "annotator";

/// Whether two documents hold the same text, scheme, annotations and
/// relations (ids and titles aside: a stored copy may have been renamed).
fn same_content(a: &scholia_core::AnnotatedDocument, b: &scholia_core::AnnotatedDocument) -> bool {
    a.document().text == b.document().text
        && a.scheme() == b.scheme()
        && a.annotations().eq(b.annotations())
        && a.relations().eq(b.relations())
}

/// Opens storage, puts the seed article there on first start, and opens the
/// document that was open last.
pub async fn start(dispatcher: Dispatcher, storage_state: UseStateHandle<Option<Rc<Storage>>>) {
    let storage = match Storage::open().await {
        Ok(storage) => Rc::new(storage),
        Err(error) => {
            dispatcher.dispatch(Action::StorageUnavailable);
            dispatcher.dispatch(Action::Report(Message::error(format!(
                "This browser does not let Scholia store documents ({error}). Your work stays in this tab only: export it before you close the tab."
            ))));
            dispatcher.dispatch(Action::Open(seed_document()));
            return;
        }
    };
    if let Some(name) = storage.setting(ANNOTATOR).await {
        dispatcher.dispatch(Action::SetAnnotator(name));
    }
    let mut library = storage.library().await.unwrap_or_default();
    if library.is_empty() {
        let seed = seed_document();
        if let Err(error) = storage.save_new(&seed, web::now()).await {
            dispatcher.dispatch(Action::Report(Message::error(format!(
                "Could not store the first document ({error})."
            ))));
        }
        library = storage.library().await.unwrap_or_default();
    }
    let last = storage.setting(CURRENT_DOCUMENT).await;
    let current = last
        .filter(|id| library.iter().any(|e| &e.id == id))
        .or_else(|| library.first().map(|e| e.id.clone()));
    dispatcher.dispatch(Action::SetLibrary(library));
    match current {
        Some(id) => match storage.load(&id).await {
            Ok(doc) => dispatcher.dispatch(Action::Open(doc)),
            Err(error) => {
                dispatcher.dispatch(Action::Report(Message::error(format!(
                    "The stored document could not be read ({error}). The seed article is open instead."
                ))));
                dispatcher.dispatch(Action::Open(seed_document()));
            }
        },
        None => dispatcher.dispatch(Action::Open(seed_document())),
    }
    storage_state.set(Some(storage));
}

/// Opens a stored document.
pub async fn switch_to(id: String, dispatcher: Dispatcher, storage: Rc<Storage>) {
    match storage.load(&id).await {
        Ok(doc) => {
            dispatcher.dispatch(Action::Open(doc));
            let _ = storage.set_setting(CURRENT_DOCUMENT, &id).await;
        }
        Err(error) => dispatcher.dispatch(Action::Report(Message::error(format!(
            "That document could not be read ({error})."
        )))),
    }
}

/// Opens each chosen or dropped file as the current document. A file never
/// overwrites stored work: a document already stored with the same content
/// is switched to, anything else is stored as a new document.
pub async fn open_files(
    list: Vec<web_sys::File>,
    dispatcher: Dispatcher,
    storage: Option<Rc<Storage>>,
) {
    for picked in files::read_all(list).await {
        let picked = match picked {
            Ok(picked) => picked,
            Err(message) => {
                dispatcher.dispatch(Action::Report(Message::error(message)));
                continue;
            }
        };
        let mut doc = match read_file(&picked.name, &picked.bytes, &web::new_id()) {
            Ok(doc) => doc,
            Err(error) => {
                dispatcher.dispatch(Action::Report(Message::error(format!(
                    "Could not open {error}"
                ))));
                continue;
            }
        };
        let Some(storage) = storage.clone() else {
            dispatcher.dispatch(Action::Open(doc));
            continue;
        };
        let library = storage.library().await.unwrap_or_default();
        // The same text and annotations already stored: switch to them.
        let mut already_stored = None;
        for entry in library
            .iter()
            .filter(|e| e.sha256 == doc.document().text.sha256())
        {
            if let Ok(stored) = storage.load(&entry.id).await {
                if same_content(&stored, &doc) {
                    already_stored = Some(stored);
                    break;
                }
            }
        }
        if let Some(stored) = already_stored {
            let id = stored.document().id.clone();
            dispatcher.dispatch(Action::Open(stored));
            dispatcher.dispatch(Action::Report(Message::info(format!(
                "“{}” is already here; it is now open.",
                picked.name
            ))));
            let _ = storage.set_setting(CURRENT_DOCUMENT, &id).await;
            continue;
        }
        if library.iter().any(|e| e.id == doc.document().id) {
            // Same id, other content: keep both.
            doc.set_document_id(web::new_id());
        }
        let title = unused_title(
            &doc.document().title,
            library.iter().map(|e| e.title.as_str()),
        );
        if title != doc.document().title {
            let _ = doc.apply(scholia_core::Edit::SetTitle(title));
        }
        match storage.save_new(&doc, web::now()).await {
            Ok(()) => {
                let _ = storage.set_setting(CURRENT_DOCUMENT, &doc.document().id).await;
                if let Ok(library) = storage.library().await {
                    dispatcher.dispatch(Action::SetLibrary(library));
                }
            }
            Err(error) => dispatcher.dispatch(Action::Report(Message::error(format!(
                "“{}” is open but could not be stored in this browser ({error}). Export your work to keep it.",
                picked.name
            )))),
        }
        dispatcher.dispatch(Action::Open(doc));
    }
}
