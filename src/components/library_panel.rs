//! The library: every document stored in this browser, to open, search,
//! sort by status, rename and delete (to a trash, with undo); new documents
//! from pasted text or files; backup and restore of the whole library.

use std::rc::Rc;

use scholia_core::library::Status;
use yew::prelude::*;

use super::icons;
use super::library_list::LibraryList;
use super::new_text_dialog::NewTextDialog;
use super::restore_dialog::RestoreDialog;
use super::search_results::SearchResults;
use crate::latest::Latest;
use crate::library::{self, ago, Library, PendingRestore, SearchResult};
use crate::web::{self, files};
use crate::words::plural;
use crate::workspace::LibraryEntry;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub library: Library,
    pub entries: Rc<Vec<LibraryEntry>>,
    pub current: Option<String>,
    pub annotator: String,
    /// Whether everything is saved (documents only in this tab are listed).
    pub save: crate::state::SaveStatus,
}

/// Which documents the list shows.
#[derive(Clone, Copy, PartialEq)]
enum Filter {
    All,
    Only(Status),
}

/// How long after the last key a search runs.
const SEARCH_DELAY_MS: u32 = 180;

#[component]
pub fn LibraryPanel(props: &Props) -> Html {
    let filter = use_state(|| Filter::All);
    // A document label the list is narrowed to (`set: option`), if any.
    let label_filter = use_state(String::new);
    let query = use_state(String::new);
    let results = use_state(|| None::<Result<Vec<SearchResult>, String>>);
    let adding = use_state(|| false);
    let pending = use_state(|| None::<PendingRestore>);
    let trashed = use_state(|| None::<LibraryEntry>);
    let now = use_state(web::now);
    let storage_note = use_state(|| None::<String>);

    // "5 min ago" stays true.
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let interval =
                gloo::timers::callback::Interval::new(30_000, move || now.set(web::now()));
            move || drop(interval)
        });
    }
    {
        let now = now.clone();
        use_effect_with(props.entries.clone(), move |_| now.set(web::now()));
    }
    // A backup opened as a file comes here to be restored.
    {
        let (library, pending) = (props.library.clone(), pending.clone());
        use_effect_with((), move |_| {
            library.on_backup(Callback::from(move |p| pending.set(Some(p))));
        });
    }
    // What the browser says about the storage.
    {
        let storage_note = storage_note.clone();
        use_effect_with(props.entries.clone(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                storage_note.set(library::describe_storage().await);
            });
        });
    }
    // Search, shortly after typing stops (and again when the library changes).
    // A search that ends after a later one began is not shown: the last
    // asked for wins, whichever finishes first.
    let asked = use_memo((), |()| Latest::new());
    {
        let (library, results, asked) = (props.library.clone(), results.clone(), asked.clone());
        use_effect_with(
            ((*query).clone(), props.entries.clone()),
            move |(query, _)| {
                let query = query.clone();
                let ticket = asked.ask();
                let timeout = (!query.trim().is_empty()).then(|| {
                    gloo::timers::callback::Timeout::new(SEARCH_DELAY_MS, move || {
                        wasm_bindgen_futures::spawn_local(async move {
                            let found = library.search(query).await;
                            if asked.is_last(ticket) {
                                results.set(Some(found));
                            }
                        });
                    })
                });
                move || drop(timeout)
            },
        );
    }

    let (in_library, in_trash): (Vec<&LibraryEntry>, Vec<&LibraryEntry>) =
        props.entries.iter().partition(|e| e.trashed.is_none());
    let count_of = |status: Status| in_library.iter().filter(|e| e.status == status).count();
    let shown: Rc<Vec<LibraryEntry>> = Rc::new(
        in_library
            .iter()
            .filter(|e| match *filter {
                Filter::All => true,
                Filter::Only(status) => e.status == status,
            })
            .filter(|e| label_filter.is_empty() || e.document_labels.contains(&*label_filter))
            .map(|e| (*e).clone())
            .collect(),
    );

    let document_labels: Vec<String> = {
        let mut all: Vec<String> = in_library
            .iter()
            .flat_map(|e| e.document_labels.iter().cloned())
            .collect();
        scholia_core::sorting::sort(&mut all);
        all.dedup();
        all
    };
    let on_label_filter = {
        let label_filter = label_filter.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                label_filter.set(select.value());
            }
        })
    };
    let on_query = {
        let (query, results) = (query.clone(), results.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                if input.value().trim().is_empty() {
                    results.set(None);
                }
                query.set(input.value());
            }
        })
    };
    let on_query_key = {
        let (query, results) = (query.clone(), results.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                query.set(String::new());
                results.set(None);
            }
        })
    };
    let on_files = {
        let library = props.library.clone();
        Callback::from(move |e: Event| library.open_files(files::take_chosen(&e)))
    };
    let on_restore_file = {
        let library = props.library.clone();
        Callback::from(move |e: Event| library.open_backup(files::take_chosen(&e)))
    };
    let on_back_up = {
        let (library, annotator) = (props.library.clone(), props.annotator.clone());
        Callback::from(move |_| library.back_up(annotator.clone()))
    };
    let on_trashed = {
        let trashed = trashed.clone();
        Callback::from(move |entry: LibraryEntry| trashed.set(Some(entry)))
    };
    let undo_trash = {
        let (library, trashed) = (props.library.clone(), trashed.clone());
        Callback::from(move |_| {
            if let Some(entry) = (*trashed).clone() {
                library.untrash(entry.id.clone());
                library.open(entry.id);
            }
            trashed.set(None);
        })
    };
    let dismiss_trash = {
        let trashed = trashed.clone();
        Callback::from(move |_| trashed.set(None))
    };
    let filter_button = |value: Filter, label: &'static str, n: usize| {
        let filter = filter.clone();
        let pressed = *filter == value;
        html! {
            // Named by what it shows ("2 Not started"), so that speech
            // input can say what the eye reads.
            <button class={classes!("filter", pressed.then_some("active"))} aria-pressed={pressed.to_string()}
                onclick={Callback::from(move |_| filter.set(value))}>
                <span class="filter-count">{ n }</span>{ " " }
                <span class="filter-label">{ label }</span>
            </button>
        }
    };
    let searching = !query.trim().is_empty();

    html! {
        <nav class="library-panel" id="library-drawer" aria-label="Library">
            <div class="library-head">
                <h2>{ "Library" }</h2>
                <span class="library-total">{ plural(in_library.len(), "document", "documents") }</span>
            </div>
            <div class="library-actions">
                <button onclick={{ let adding = adding.clone(); Callback::from(move |_| adding.set(true)) }}>
                    { "New from text…" }
                </button>
                <label class="button file-button">
                    { "Open files…" }
                    <input type="file" class="hidden-input" multiple=true aria-label="Open files…"
                        accept={crate::open::ACCEPT}
                        onchange={on_files} />
                </label>
            </div>
            <input class="library-search" type="search" placeholder="Search all documents"
                aria-label="Search all documents" value={(*query).clone()}
                oninput={on_query} onkeydown={on_query_key} />
            if let Some(entry) = (*trashed).clone() {
                <div class="library-toast" role="status">
                    <span>{ format!("“{}” is in the trash.", entry.title) }</span>
                    <button class="link-button" onclick={undo_trash}>{ "Undo" }</button>
                    <button class="link-button" aria-label="Dismiss" onclick={dismiss_trash}>{ "×" }</button>
                </div>
            }
            { for props.library.saver().unstored().into_iter().map(|(id, title)| {
                let library = props.library.clone();
                html! {
                    <div class="library-unstored" role="status">
                        <span>{ "Only in this tab, not saved: " }</span>
                        <button class="link-button" onclick={Callback::from(move |_| library.open(id.clone()))}>{ title }</button>
                    </div>
                }
            }) }
            if searching {
                <SearchResults key={(*query).clone()} results={(*results).clone()} library={props.library.clone()} />
            } else {
                <div class="status-filters" role="group" aria-label="Show documents">
                    { filter_button(Filter::All, "All", in_library.len()) }
                    { for Status::ALL.iter().map(|s| filter_button(Filter::Only(*s), s.label(), count_of(*s))) }
                </div>
                if !document_labels.is_empty() {
                    <select class="label-filter" aria-label="Filter by document label" onchange={on_label_filter}>
                        <option value="" selected={label_filter.is_empty()}>{ "Any document label" }</option>
                        { for document_labels.iter().map(|l| html! {
                            <option value={l.clone()} selected={*label_filter == *l}>{ l.clone() }</option>
                        }) }
                    </select>
                }
                <LibraryList entries={shown} current={props.current.clone()} library={props.library.clone()}
                    now={*now} on_trashed={on_trashed} />
                if !in_trash.is_empty() {
                    <details class="trash">
                        <summary>{ format!("Trash ({})", in_trash.len()) }</summary>
                        <ul class="trash-list" aria-label="Trash">
                            { for in_trash.iter().map(|entry| {
                                let (library, id) = (props.library.clone(), entry.id.clone());
                                let restore = Callback::from(move |_| library.untrash(id.clone()));
                                let (library, id) = (props.library.clone(), entry.id.clone());
                                let purge = Callback::from(move |_| library.purge(vec![id.clone()]));
                                html! {
                                    <li key={entry.id.clone()} class="trash-item">
                                        <span class="library-title" dir="auto" title={entry.title.clone()}>{ entry.title.clone() }</span>
                                        <span class="library-time">{ entry.trashed.map(|t| ago(t, *now)).unwrap_or_default() }</span>
                                        <button class="icon-button" aria-label={format!("Restore “{}”", entry.title)} title="Restore" onclick={restore}>
                                            { icons::restore() }
                                        </button>
                                        <button class="link-button danger" aria-label={format!("Delete “{}” for good", entry.title)} onclick={purge}>
                                            { "Delete" }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                        <button class="link-button danger" onclick={{
                            let library = props.library.clone();
                            let ids: Vec<String> = in_trash.iter().map(|e| e.id.clone()).collect();
                            Callback::from(move |_| library.purge(ids.clone()))
                        }}>{ "Empty the trash" }</button>
                    </details>
                }
            }
            <footer class="library-foot">
                <div class="library-actions">
                    <button onclick={on_back_up} title="Download every document, with statuses and undo history, as one file">
                        { "Back up library" }
                    </button>
                    <label class="button file-button">
                        { "Restore…" }
                        <input type="file" class="hidden-input" aria-label="Restore…" accept=".json,application/json"
                            onchange={on_restore_file} />
                    </label>
                </div>
                if let Some(note) = (*storage_note).clone() {
                    <p class="storage-note">{ note }</p>
                }
            </footer>
            if *adding {
                <NewTextDialog library={props.library.clone()}
                    on_close={{ let adding = adding.clone(); Callback::from(move |_| adding.set(false)) }} />
            }
            if let Some(p) = (*pending).clone() {
                <RestoreDialog pending={p} library={props.library.clone()} in_library={in_library.len()}
                    on_close={{ let pending = pending.clone(); Callback::from(move |_| pending.set(None)) }} />
            }
        </nav>
    }
}
