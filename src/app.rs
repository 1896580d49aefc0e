//! The root component: holds the store, starts up from storage, and wires
//! the components to actions and the edges (files, downloads, storage).

use std::rc::Rc;

use scholia_core::format::scholia;
use scholia_core::title::file_stem;
use yew::prelude::*;

use crate::components::annotation_list::AnnotationList;
use crate::components::document_view::DocumentView;
use crate::components::label_buttons::LabelButtons;
use crate::components::library_list::LibraryList;
use crate::components::message_bar::MessageBar;
use crate::components::save_indicator::SaveIndicator;
use crate::hooks::{use_autosave, use_file_drop, use_hotkeys};
use crate::open::{read_file, seed_document, unused_title};
use crate::store::{Action, Message, Store};
use crate::web::storage::Storage;
use crate::web::{self, files, selection};

type Dispatcher = UseReducerDispatcher<Store>;

const CURRENT_DOCUMENT: &str = "current";
const ANNOTATOR: &str = "annotator";

#[component]
pub fn App() -> Html {
    let store = use_reducer(Store::default);
    let storage = use_state(|| None::<Rc<Storage>>);

    {
        let (dispatcher, storage) = (store.dispatcher(), storage.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(start(dispatcher, storage));
        });
    }
    use_autosave(&store, (*storage).clone());
    use_hotkeys(store.clone());

    let open_files = {
        let (dispatcher, storage) = (store.dispatcher(), storage.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            wasm_bindgen_futures::spawn_local(open_files(
                files,
                dispatcher.clone(),
                (*storage).clone(),
            ));
        })
    };
    use_file_drop(open_files.clone());

    let on_file_chosen = {
        let open_files = open_files.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            if let Some(list) = input.files() {
                open_files.emit(files::take_files(&list));
            }
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        })
    };
    let on_export = {
        let store = store.clone();
        Callback::from(move |_| {
            let Some(workspace) = &store.workspace else {
                return;
            };
            let (json, name) = {
                let workspace = workspace.borrow();
                let doc = &workspace.doc;
                (
                    scholia::export(doc),
                    format!("{}.scholia.json", file_stem(&doc.document().title)),
                )
            };
            if let Err(error) = files::download(&name, &json, "application/json") {
                store.dispatch(Action::Report(Message::error(format!(
                    "Could not export: {error}."
                ))));
            }
        })
    };
    let on_label = {
        let store = store.clone();
        Callback::from(move |label: String| {
            store.dispatch(Action::Tag {
                label,
                id: web::new_id(),
                now: web::now(),
            });
            if store.selection.is_none() {
                selection::clear_selection();
            }
        })
    };
    let on_snap = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let snap = if input.checked() {
                    scholia_core::Snap::Words
                } else {
                    scholia_core::Snap::Graphemes
                };
                store.dispatch(Action::SetSnap(snap));
            }
        })
    };
    let on_annotator = {
        let (store, storage) = (store.clone(), storage.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            store.dispatch(Action::SetAnnotator(input.value()));
            if let Some(storage) = (*storage).clone() {
                let name = store.annotator.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = storage.set_setting(ANNOTATOR, &name).await;
                });
            }
        })
    };
    let on_open_stored = {
        let (dispatcher, storage) = (store.dispatcher(), storage.clone());
        Callback::from(move |id: String| {
            if let Some(storage) = (*storage).clone() {
                wasm_bindgen_futures::spawn_local(switch_to(id, dispatcher.clone(), storage));
            }
        })
    };
    let on_selection = dispatch_with(&store, Action::SetSelection);
    let on_pick = dispatch_with(&store, Action::Select);
    let on_reveal = dispatch_with(&store, Action::Reveal);
    let on_delete = dispatch_with(&store, Action::Delete);
    let on_dismiss = {
        let dispatcher = store.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Dismiss))
    };

    let title = store
        .workspace
        .as_ref()
        .map(|w| w.borrow().doc.document().title.clone())
        .unwrap_or_default();
    let current = store
        .workspace
        .as_ref()
        .map(|w| w.borrow().doc.document().id.clone());

    html! {
        <div class="app">
            <header class="toolbar">
                <span class="brand">{ "Scholia" }</span>
                <h1 class="doc-title" dir="auto" title={title.clone()}>{ title }</h1>
                <LabelButtons scheme={store.scheme()} on_label={on_label} />
                <label class="toggle" title="Widen selections to whole words">
                    <input type="checkbox" checked={store.snap == scholia_core::Snap::Words} onchange={on_snap} />
                    { "Snap to words" }
                </label>
                <span class="spacer"></span>
                <label class="annotator">
                    { "Annotator" }
                    <input type="text" value={store.annotator.clone()} onchange={on_annotator} size="12" />
                </label>
                // The file input is the control (named Import by its label);
                // the label is what shows, styled as a button.
                <label class="button file-button">
                    { "Import" }
                    <input type="file" class="hidden-input" multiple=true
                        accept=".txt,.json,text/plain,application/json" onchange={on_file_chosen} />
                </label>
                <button onclick={on_export} disabled={store.workspace.is_none()}>{ "Export JSON" }</button>
                <SaveIndicator status={store.save.clone()} />
            </header>
            <MessageBar message={store.message.clone()} on_dismiss={on_dismiss} />
            <main class="main">
                if let Some(workspace) = &store.workspace {
                    <DocumentView
                        workspace={workspace.clone()}
                        revision={store.revision}
                        selected={store.selected.clone()}
                        reveal={store.reveal.clone()}
                        selection={store.selection}
                        on_selection={on_selection}
                        on_pick={on_pick}
                    />
                } else {
                    <p class="loading">{ "Opening…" }</p>
                }
            </main>
            <aside class="side">
                if let Some(workspace) = &store.workspace {
                    <AnnotationList
                        workspace={workspace.clone()}
                        revision={store.revision}
                        selected={store.selected.clone()}
                        on_reveal={on_reveal}
                        on_delete={on_delete}
                    />
                }
                <LibraryList entries={store.library.clone()} current={current} on_open={on_open_stored} />
            </aside>
        </div>
    }
}

/// Whether two documents hold the same text, scheme, annotations and
/// relations (ids and titles aside: a stored copy may have been renamed).
fn same_content(a: &scholia_core::AnnotatedDocument, b: &scholia_core::AnnotatedDocument) -> bool {
    a.document().text == b.document().text
        && a.scheme() == b.scheme()
        && a.annotations().eq(b.annotations())
        && a.relations().eq(b.relations())
}

/// A callback that dispatches the action `make` builds from its value.
fn dispatch_with<T: 'static>(
    store: &UseReducerHandle<Store>,
    make: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = store.dispatcher();
    Callback::from(move |value| dispatcher.dispatch(make(value)))
}

/// Opens storage, puts the seed article there on first start, and opens the
/// document that was open last.
async fn start(dispatcher: Dispatcher, storage_state: UseStateHandle<Option<Rc<Storage>>>) {
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
async fn switch_to(id: String, dispatcher: Dispatcher, storage: Rc<Storage>) {
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
async fn open_files(
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
