//! One document of the library: a button that opens it (title, status,
//! annotation count, last edit), and its actions: status, rename (inline:
//! Enter keeps, Escape cancels), move to the trash.

use scholia_core::library::Status;
use scholia_core::Timestamp;
use yew::prelude::*;

use super::icons;
use crate::library::{ago, Library};
use crate::words::plural;
use crate::workspace::LibraryEntry;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub entry: LibraryEntry,
    pub is_current: bool,
    pub library: Library,
    pub now: Timestamp,
    pub on_trashed: Callback<LibraryEntry>,
    /// Where the row is placed in the list, in CSS pixels.
    pub top: usize,
    /// The row's place among all of them (1-based) and their number: only
    /// those in view are rendered.
    pub position: (usize, String),
}

pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "status-not-started",
        Status::InProgress => "status-in-progress",
        Status::Done => "status-done",
    }
}

#[component]
pub fn LibraryItem(props: &Props) -> Html {
    let renaming = use_state(|| false);
    let input_ref = use_node_ref();
    let entry = &props.entry;
    {
        let input_ref = input_ref.clone();
        use_effect_with(*renaming, move |renaming| {
            if *renaming {
                if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }
    let open = {
        let (library, id) = (props.library.clone(), entry.id.clone());
        Callback::from(move |_| library.open(id.clone()))
    };
    let start_rename = {
        let renaming = renaming.clone();
        Callback::from(move |_| renaming.set(true))
    };
    let commit = {
        let (library, id, title, renaming) = (
            props.library.clone(),
            entry.id.clone(),
            entry.title.clone(),
            renaming.clone(),
        );
        move |input: web_sys::HtmlInputElement| {
            renaming.set(false);
            let value = input.value();
            if value.trim() != title && !value.trim().is_empty() {
                library.rename(id.clone(), value);
            }
        }
    };
    let on_rename_key = {
        let (commit, renaming) = (commit.clone(), renaming.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                    commit(input);
                }
            }
            "Escape" => {
                e.prevent_default();
                e.stop_propagation();
                renaming.set(false);
            }
            _ => {}
        })
    };
    let on_rename_blur = {
        let (commit, renaming) = (commit.clone(), renaming.clone());
        Callback::from(move |e: FocusEvent| {
            if *renaming {
                if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                    commit(input);
                }
            }
        })
    };
    let on_status = {
        let (library, id) = (props.library.clone(), entry.id.clone());
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Some(status) = Status::parse(&select.value()) {
                    library.set_status(id.clone(), status);
                }
            }
        })
    };
    let trash = {
        let (library, entry, on_trashed) = (
            props.library.clone(),
            entry.clone(),
            props.on_trashed.clone(),
        );
        Callback::from(move |_| {
            library.trash(entry.id.clone());
            on_trashed.emit(entry.clone());
        })
    };
    let title = entry.title.clone();
    html! {
        <li class={classes!("library-item", props.is_current.then_some("current"), status_class(entry.status))}
            data-id={entry.id.clone()} style={format!("top: {}px", props.top)}
            aria-posinset={props.position.0.to_string()} aria-setsize={props.position.1.clone()}>
            if *renaming {
                <input class="library-rename" type="text" ref={input_ref} value={title.clone()}
                    aria-label={format!("New title for “{title}”")}
                    onkeydown={on_rename_key} onblur={on_rename_blur} />
            } else {
                <button class="library-open" onclick={open} title={title.clone()}
                    aria-current={props.is_current.then_some("page")}>
                    <span class="library-title" dir="auto">{ title.clone() }</span>
                </button>
            }
            <span class="library-item-actions">
                <button class="icon-button" aria-label={format!("Rename “{title}”")} title="Rename" onclick={start_rename}>
                    { icons::pencil() }
                </button>
                <button class="icon-button danger" aria-label={format!("Move “{title}” to the trash")} title="Move to the trash" onclick={trash}>
                    { icons::trash() }
                </button>
            </span>
            <span class="library-meta">
                <select class={classes!("status-select", status_class(entry.status))}
                    aria-label={format!("Status of “{title}”")} onchange={on_status}>
                    { for Status::ALL.iter().map(|s| html! {
                        <option value={s.as_str()} selected={*s == entry.status}>{ s.label() }</option>
                    }) }
                </select>
                <span class="library-count">{ plural(entry.annotation_count, "annotation", "annotations") }</span>
                <span class="library-time" title={entry.modified.to_rfc3339()}>{ ago(entry.modified, props.now) }</span>
            </span>
        </li>
    }
}
