//! The root component: holds the store, starts up from storage, and wires
//! the components to actions and the edges (files, downloads, storage).

use scholia_core::format::scholia;
use scholia_core::title::file_stem;
use yew::prelude::*;

use crate::components::annotation_details::AnnotationDetails;
use crate::components::annotation_list::AnnotationList;
use crate::components::dialog_host::DialogHost;
use crate::components::document_view::DocumentView;
use crate::components::empty_library::EmptyLibrary;
use crate::components::export_dialog::ExportDialog;
use crate::components::import_panel::ImportPanel;
use crate::components::label_buttons::LabelButtons;
use crate::components::library_panel::LibraryPanel;
use crate::components::message_bar::MessageBar;
use crate::components::save_indicator::SaveIndicator;
use crate::components::search_bar::SearchBar;
use crate::components::storage_banner::StorageBanner;
use crate::components::toolbar_tools::ToolbarTools;
use crate::editor::{Command, Dialog};
use crate::hooks::{self, use_autosave, use_file_drop, use_hotkeys};
use crate::library::{Library, ANNOTATOR};
use crate::store::{Action, Message, Store};
use crate::web::{self, files};

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
    let exporting = use_state(|| false);
    let on_export_as = {
        let exporting = exporting.clone();
        Callback::from(move |_| exporting.set(true))
    };
    let on_label = {
        let store = store.clone();
        Callback::from(move |label: String| hooks::tag(&store, label))
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
    let on_selection = use_dispatch_with(&store, Action::SetSelection);
    let on_command = use_dispatch_with(&store, Action::Editor);
    let on_pick = on_command.reform(|key| Command::Pick {
        key,
        id: web::new_id(),
        now: web::now(),
    });
    let on_resize = on_command.reform(|(key, start, end)| Command::SetExtent {
        key,
        start,
        end,
        now: web::now(),
    });
    let on_more = on_command.reform(|()| Command::OpenDialog(Some(Dialog::LabelPicker)));
    let (on_undo, on_redo) = (
        {
            let d = store.dispatcher();
            Callback::from(move |()| d.dispatch(Action::Undo))
        },
        {
            let d = store.dispatcher();
            Callback::from(move |()| d.dispatch(Action::Redo))
        },
    );
    let (can_undo, can_redo) = store.workspace.as_ref().map_or((false, false), |w| {
        let w = w.borrow();
        (w.history.can_undo(), w.history.can_redo())
    });
    let usage = use_memo((store.revision, store.workspace.clone()), |(_, w)| {
        w.as_ref()
            .map(|w| crate::editor::label_usage(&w.borrow().doc))
            .unwrap_or_default()
    });
    let on_reveal = use_dispatch_with(&store, Action::Reveal);
    let on_delete = use_dispatch_with(&store, Action::Delete);
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
                <h1 class="doc-title" dir="auto" title={title.clone()}>{ title.clone() }</h1>
                <LabelButtons scheme={store.scheme()} on_label={on_label} {on_more} />
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
                        accept={crate::open::ACCEPT} onchange={on_file_chosen} />
                </label>
                <button onclick={on_export.clone()} disabled={store.workspace.is_none()}>{ "Export JSON" }</button>
                <button onclick={on_export_as} disabled={store.workspace.is_none()}
                    title="W3C Web Annotation, brat, doccano, Label Studio, spaCy / Prodigy, CoNLL">{ "Export as…" }</button>
                <SaveIndicator status={store.save.clone()} />
                <ToolbarTools {can_undo} {can_redo} {on_undo} {on_redo} on_command={on_command.clone()} />
            </header>
            <div class="notices">
                <StorageBanner save={store.save.clone()} read_only={store.read_only} on_export={on_export.clone()}
                    on_back_up={on_back_up} on_retry={on_retry} on_take_over={on_take_over} />
                <MessageBar message={store.message.clone()} on_dismiss={on_dismiss} />
                <ImportPanel library={library.clone()} />
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
                        linking={store.editor.linking.is_some()}
                        search_hits={store.editor.search.hits.clone()}
                        search_current={store.editor.search.current}
                        select_text={store.editor.select_text.clone()}
                        snap={store.snap}
                        {on_resize}
                    />
                } else if store.revision > 0 {
                    <EmptyLibrary />
                } else {
                    <p class="loading">{ "Opening…" }</p>
                }
            </main>
            <aside class="side">
                if let Some(workspace) = &store.workspace {
                    <SearchBar workspace={workspace.clone()} scheme={store.scheme()}
                        search={store.editor.search.clone()} on_command={on_command.clone()} />
                    if let Some(selected) = &store.selected {
                        <AnnotationDetails key={format!("{}\u{1f}{}", selected.layer, selected.id)}
                            workspace={workspace.clone()} revision={store.revision} selected={selected.clone()}
                            text_selected={store.selection.is_some()} linking={store.editor.linking.is_some()}
                            focus_note={store.editor.focus_note} on_command={on_command.clone()} on_reveal={on_reveal.clone()} />
                    }
                    <AnnotationList
                        workspace={workspace.clone()}
                        revision={store.revision}
                        selected={store.selected.clone()}
                        on_reveal={on_reveal}
                        on_delete={on_delete}
                        filter={store.editor.filter.clone()}
                        checked={store.editor.checked.clone()}
                        on_command={on_command.clone()}
                    />
                }
            </aside>
            if let (true, Some(workspace)) = (*exporting, &store.workspace) {
                <ExportDialog library={library.clone()} workspace={workspace.clone()} annotator={store.annotator.clone()}
                    on_close={{ let exporting = exporting.clone(); Callback::from(move |()| exporting.set(false)) }} />
            }
            <DialogHost dialog={store.editor.dialog.clone()} scheme={store.scheme()} usage={(*usage).clone()} {title} on_command={on_command} />
        </div>
    }
}

/// A callback that dispatches the action `make` builds from its value. It
/// stays the same callback from render to render, so that components given
/// it (the list of 10,000 annotations) are not rendered again for nothing.
#[hook]
fn use_dispatch_with<T: 'static>(
    store: &UseReducerHandle<Store>,
    make: fn(T) -> Action,
) -> Callback<T> {
    use_callback(store.dispatcher(), move |value, dispatcher| {
        dispatcher.dispatch(make(value))
    })
}
