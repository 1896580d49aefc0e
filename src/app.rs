//! The root component: holds the store, starts up from storage, and wires
//! the components to actions and the edges (files, downloads, storage).

use scholia_core::format::scholia;
use scholia_core::title::file_stem;
use yew::prelude::*;

use crate::components::annotation_list::AnnotationList;
use crate::components::document_view::DocumentView;
use crate::components::empty_library::EmptyLibrary;
use crate::components::label_buttons::LabelButtons;
use crate::components::library_panel::LibraryPanel;
use crate::components::message_bar::MessageBar;
use crate::components::save_indicator::SaveIndicator;
use crate::components::storage_banner::StorageBanner;
use crate::hooks::{use_autosave, use_file_drop, use_hotkeys};
use crate::library::{Library, ANNOTATOR};
use crate::store::{Action, Message, Store};
use crate::web::{self, files, selection};

#[component]
pub fn App() -> Html {
    let store = use_reducer(Store::default);
    let library = {
        let dispatcher = store.dispatcher();
        (*use_memo((), move |_| Library::new(dispatcher))).clone()
    };

    {
        let library = library.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(library.start());
        });
    }
    use_autosave(&store, &library);
    use_hotkeys(store.clone());

    let open_files = {
        let library = library.clone();
        Callback::from(move |files: Vec<web_sys::File>| library.open_files(files))
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
        let (store, library) = (store.clone(), library.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            store.dispatch(Action::SetAnnotator(input.value()));
            library.set_setting(ANNOTATOR, store.annotator.clone());
        })
    };
    let on_back_up = {
        let (library, annotator) = (library.clone(), store.annotator.clone());
        Callback::from(move |_| library.back_up(annotator.clone()))
    };
    let on_retry = {
        let library = library.clone();
        Callback::from(move |_| library.retry_saving())
    };
    let on_take_over = {
        let library = library.clone();
        Callback::from(move |_| library.take_over())
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
                <button onclick={on_export.clone()} disabled={store.workspace.is_none()}>{ "Export JSON" }</button>
                <SaveIndicator status={store.save.clone()} />
            </header>
            <div class="notices">
                <StorageBanner save={store.save.clone()} read_only={store.read_only} on_export={on_export.clone()}
                    on_back_up={on_back_up} on_retry={on_retry} on_take_over={on_take_over} />
                <MessageBar message={store.message.clone()} on_dismiss={on_dismiss} />
            </div>
            <LibraryPanel library={library.clone()} entries={store.library.clone()} current={current.clone()}
                annotator={store.annotator.clone()} save={store.save.clone()} />
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
                } else if store.revision > 0 {
                    <EmptyLibrary />
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
            </aside>
        </div>
    }
}

/// A callback that dispatches the action `make` builds from its value.
fn dispatch_with<T: 'static>(
    store: &UseReducerHandle<Store>,
    make: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = store.dispatcher();
    Callback::from(move |value| dispatcher.dispatch(make(value)))
}
