//! The root component: holds the store, starts up from storage, and wires
//! the components to actions and the edges (files, downloads, storage).

use scholia_core::format::scholia;
use scholia_core::title::file_stem;
use yew::prelude::*;

use crate::components::annotation_details::AnnotationDetails;
use crate::components::annotation_list::AnnotationList;
use crate::components::dialog_host::DialogHost;
use crate::components::document_labels::DocumentLabels;
use crate::components::document_view::DocumentView;
use crate::components::drawer_toggles::{Drawer, DrawerToggles};
use crate::components::empty_library::EmptyLibrary;
use crate::components::entities_dialog::EntitiesDialog;
use crate::components::entities_panel::EntitiesPanel;
use crate::components::entity_link::EntityLink;
use crate::components::export_dialog::ExportDialog;
use crate::components::import_panel::ImportPanel;
use crate::components::label_buttons::LabelButtons;
use crate::components::library_panel::LibraryPanel;
use crate::components::message_bar::MessageBar;
use crate::components::save_indicator::SaveIndicator;
use crate::components::search_bar::SearchBar;
use crate::components::storage_banner::StorageBanner;
use crate::components::suggestions_panel::SuggestionsPanel;
use crate::components::team_dialogs::TeamDialogs;
use crate::components::team_identity::TeamIdentity;
use crate::components::team_panel::TeamPanel;
use crate::components::toolbar_tools::{SchemeTools, ToolbarMenu, ToolbarTools};
use crate::hooks::{use_autosave, use_file_drop, use_hotkeys, use_knowledge, use_suggestions};
use crate::library::{Library, ANNOTATOR};
use crate::state::editor::Dialog;
use crate::state::Message;
use crate::store::{Action, SpanCommand, Store, TeamCommand, ViewCommand};
use crate::team::ColorBy;
use crate::web::highlights::LayerStyle;
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
    use_knowledge(&store, &library);
    use_hotkeys(store.clone());
    let suggestions = use_suggestions(&store, &library);
    crate::hooks::use_saved_terms(&store, &library);

    let open_files = {
        let library = library.clone();
        Callback::from(move |files: Vec<web_sys::File>| library.open_files(files))
    };
    use_file_drop(open_files.clone());

    let on_file_chosen = {
        let open_files = open_files.clone();
        Callback::from(move |e: Event| open_files.emit(files::take_chosen(&e)))
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
                    // With the library's entities its links name.
                    scholia::export_with(doc, &store.knowledge.kb),
                    format!("{}.scholia.json", file_stem(&doc.document().title)),
                )
            };
            if let Err(error) = files::download(&name, &json, "application/json") {
                store.dispatch(Action::View(ViewCommand::Report(Message::error(format!(
                    "Could not export: {error}."
                )))));
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
        Callback::from(move |label: String| {
            store.dispatch(
                SpanCommand::Tag {
                    label,
                    id: web::new_id(),
                    now: web::now(),
                }
                .into(),
            )
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
                store.dispatch(Action::View(ViewCommand::SetSnap(snap)));
            }
        })
    };
    let on_annotator = {
        let (store, library) = (store.clone(), library.clone());
        Callback::from(move |name: String| {
            let before = store.annotator.clone();
            store.dispatch(Action::Team(TeamCommand::SetAnnotator(name)));
            library.set_setting(ANNOTATOR, store.annotator.clone());
            if before != crate::state::DEFAULT_ANNOTATOR && before != store.annotator {
                store.dispatch(Action::View(ViewCommand::Report(Message::info(format!(
                    "Annotations you make now carry the name “{}”; those made as “{before}” keep that name.",
                    store.annotator
                )))));
            }
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
    let on_selection = use_dispatch_with(&store, |s| ViewCommand::SetSelection(s).into());
    let on_caret_key = use_dispatch_with(&store, |extend: Option<(usize, usize)>| {
        match extend {
            Some((from, to)) => ViewCommand::ExtendSelection { from, to },
            None => ViewCommand::SelectText {
                selection: None,
                scroll: false,
            },
        }
        .into()
    });
    let on_action = use_dispatch_with(&store, |action| action);
    // Stable too: the document view renders again only when what it shows
    // changes.
    let on_pick = use_dispatch_with(&store, |key| {
        Action::View(ViewCommand::Pick {
            key,
            id: web::new_id(),
            now: web::now(),
        })
    });
    let on_resize = use_dispatch_with(&store, |(key, start, end)| {
        Action::Span(SpanCommand::SetExtent {
            key,
            start,
            end,
            now: web::now(),
        })
    });
    let on_more = on_action.reform(|()| ViewCommand::OpenDialog(Some(Dialog::LabelPicker)).into());
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
    // Counts per label, for the dialogs that show them (counting 10,000
    // annotations on every edit otherwise costs a millisecond or two).
    let counts_shown = matches!(
        store.editor.dialog,
        Some(Dialog::Scheme | Dialog::LabelPicker)
    );
    let usage = use_memo(
        (store.revision, store.workspace.clone(), counts_shown),
        |(_, w, shown)| {
            w.as_ref()
                .filter(|_| *shown)
                .map(|w| crate::editor::scheme::label_usage(&w.borrow().doc))
                .unwrap_or_default()
        },
    );
    let on_reveal = use_dispatch_with(&store, |key| ViewCommand::Reveal(key).into());
    let on_team = use_dispatch_with(&store, |command: TeamCommand| command.into());
    let on_export_gold = {
        let store = store.clone();
        Callback::from(move |()| {
            let Some(workspace) = &store.workspace else {
                return;
            };
            let exported = {
                let workspace = workspace.borrow();
                let doc = &workspace.doc;
                crate::team::gold_only(doc).map(|gold| {
                    (
                        scholia::export(&gold),
                        format!("{}.gold.scholia.json", file_stem(&doc.document().title)),
                    )
                })
            };
            let result = exported
                .map_err(|e| e.to_string())
                .and_then(|(json, name)| files::download(&name, &json, "application/json"));
            if let Err(error) = result {
                store.dispatch(Action::View(ViewCommand::Report(Message::error(format!(
                    "Could not export gold: {error}."
                )))));
            }
        })
    };
    let team = &store.team;
    let layer_style = LayerStyle {
        hidden: team.hidden.clone(),
        color_by: team.color_by(),
        layers: team.layers.clone(),
        view: team
            .view
            .clone()
            .filter(|_| team.color_by() == ColorBy::Agreement),
    };
    let compared = use_memo(team.view.clone(), |view| {
        view.as_ref().map(|v| v.layers.clone()).unwrap_or_default()
    });
    let on_delete = use_dispatch_with(&store, |key| SpanCommand::Delete(vec![key]).into());
    let on_dismiss = {
        let dispatcher = store.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::View(ViewCommand::Dismiss)))
    };

    // The drawer open on a narrow screen (the style sheet shows them so).
    let drawer = use_state(|| None::<Drawer>);
    let on_drawer = {
        let drawer = drawer.clone();
        Callback::from(move |d: Drawer| drawer.set((*drawer != Some(d)).then_some(d)))
    };
    let on_drawer_key = {
        let drawer = drawer.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(open) = *drawer else { return };
            if e.key() == "Escape" {
                e.stop_propagation();
                drawer.set(None);
                let id = if open == Drawer::Library {
                    "library-drawer"
                } else {
                    "side-drawer"
                };
                web::focus(&format!("button[aria-controls='{id}']"));
            }
        })
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
        <div class={classes!("app", drawer.map(Drawer::class))} onkeydown={on_drawer_key}>
            <header class="toolbar">
                <DrawerToggles open={*drawer} on_toggle={on_drawer} />
                <span class="brand">{ "Scholia" }</span>
                <h1 class="doc-title" dir="auto" title={title.clone()}>{ title.clone() }</h1>
                <LabelButtons scheme={store.scheme()} on_label={on_label} {on_more} />
                <ToolbarMenu>
                    // Beside the labels: what the team's guidelines say of them.
                    <button title="The team's guidelines: the project's and each label's"
                        onclick={on_action.reform(|_| ViewCommand::OpenDialog(Some(Dialog::Guidelines)).into())}>{ "Guidelines" }</button>
                    <label class="toggle" title="Widen selections to whole words">
                        <input type="checkbox" checked={store.snap == scholia_core::Snap::Words} onchange={on_snap} />
                        { "Snap to words" }
                    </label>
                    <span class="spacer"></span>
                    <TeamIdentity annotator={store.annotator.clone()} on_change={on_annotator} />
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
                    <SchemeTools on_action={on_action.clone()} />
                </ToolbarMenu>
                <SaveIndicator status={store.save.clone()} />
                <ToolbarTools {can_undo} {can_redo} {on_undo} {on_redo} />
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
                        selection_request={store.selection_request}
                        on_selection={on_selection}
                        {on_caret_key}
                        on_pick={on_pick}
                        linking={store.editor.linking.is_some()}
                        search_hits={store.editor.search.hits.clone()}
                        search_current={store.editor.search.current}
                        snap={store.snap}
                        {on_resize}
                        layers={layer_style}
                        cluster={store.team.current.map(|c| c.extent)}
                        suggestions={suggestions.clone()}
                        current_suggestion={store.editor.suggestions.current.clone()}
                    />
                } else if store.revision > 0 {
                    <EmptyLibrary />
                } else {
                    <p class="loading">{ "Opening…" }</p>
                }
            </main>
            <aside class="side" id="side-drawer" aria-label="Panel">
                if let Some(workspace) = &store.workspace {
                    <SearchBar workspace={workspace.clone()} scheme={store.scheme()}
                        search={store.editor.search.clone()} on_action={on_action.clone()} />
                    <TeamPanel workspace={workspace.clone()} revision={store.revision} team={store.team.clone()}
                        on_team={on_team.clone()} on_action={on_action.clone()} on_export_gold={on_export_gold} />
                    <DocumentLabels workspace={workspace.clone()} revision={store.revision}
                        layer={store.new_layer()} on_action={on_action.clone()} />
                    if let Some(selected) = &store.selected {
                        <AnnotationDetails key={format!("{}\u{1f}{}", selected.layer, selected.id)}
                            workspace={workspace.clone()} revision={store.revision} selected={selected.clone()}
                            text_selected={store.selection.is_some()} linking={store.editor.linking.is_some()}
                            focus_note={store.editor.focus_note} on_action={on_action.clone()} on_reveal={on_reveal.clone()} />
                        <EntityLink workspace={workspace.clone()} revision={store.revision} knowledge={store.knowledge.kb.clone()} selected={selected.clone()}
                            on_action={on_action.clone()} on_reveal={on_reveal.clone()} />
                    }
                    <EntitiesPanel workspace={workspace.clone()} revision={store.revision} knowledge={store.knowledge.kb.clone()}
                        on_reveal={on_reveal.clone()} on_action={on_action.clone()} />
                    <AnnotationList
                        workspace={workspace.clone()}
                        revision={store.revision}
                        selected={store.selected.clone()}
                        on_reveal={on_reveal}
                        on_delete={on_delete}
                        filter={store.editor.filter.clone()}
                        checked={store.editor.checked.clone()}
                        on_action={on_action.clone()}
                        hidden={store.team.hidden.clone()}
                        show_layers={store.team.layers.len() > 1}
                    />
                    // After the list: its rows stay where they were in view.
                    <SuggestionsPanel workspace={workspace.clone()} suggestions={suggestions.clone()}
                        state={store.editor.suggestions.clone()} library={library.clone()} on_action={on_action.clone()} />
                }
            </aside>
            <TeamDialogs dialog={store.editor.dialog.clone()} library={library.clone()} workspace={store.workspace.clone()}
                revision={store.revision} compared={compared} entries={store.library.clone()}
                annotator={store.annotator.clone()} on_action={on_action.clone()} />
            if let (true, Some(workspace)) = (*exporting, &store.workspace) {
                <ExportDialog library={library.clone()} workspace={workspace.clone()} annotator={store.annotator.clone()}
                    on_close={{ let exporting = exporting.clone(); Callback::from(move |()| exporting.set(false)) }} />
            }
            if store.editor.dialog == Some(Dialog::Entities) {
                <EntitiesDialog library={library.clone()} workspace={store.workspace.clone()} revision={store.revision} relinked={store.knowledge.relinked}
                    knowledge={store.knowledge.kb.clone()} conflicts={store.knowledge.conflicts.clone()} on_action={on_action.clone()} />
            }
            <DialogHost dialog={store.editor.dialog.clone()} scheme={store.scheme()} usage={(*usage).clone()} {title} on_action={on_action} />
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
