//! The documents of the library, one row each: title, status, counts, last
//! edit; open, rename, change status, move to the trash. The open one is
//! marked.
//!
//! A library may hold thousands of documents (a doccano or Label Studio
//! project imported whole): the list renders only the rows in view (and a
//! margin, and the open document's row), each `ROW_PX` tall and placed by
//! its index in a list as tall as all of them.

use std::rc::Rc;

use yew::prelude::*;

use super::library_item::LibraryItem;
use crate::hooks::{use_visible_rows, with_pinned};
use crate::library::Library;
use crate::workspace::LibraryEntry;

/// The height of a row and the gap below it, in CSS pixels (`.library-list
/// > .library-item` in www/style.css is 2 pixels less).
const ROW_PX: usize = 62;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub entries: Rc<Vec<LibraryEntry>>,
    pub current: Option<String>,
    pub library: Library,
    pub now: scholia_core::Timestamp,
    pub on_trashed: Callback<LibraryEntry>,
}

#[component]
pub fn LibraryList(props: &Props) -> Html {
    let list_ref = use_node_ref();
    let entries = &props.entries;
    let in_view = use_visible_rows(list_ref.clone(), entries.len(), ROW_PX as f64);
    if entries.is_empty() {
        return html! { <p class="empty-hint">{ "No document here." }</p> };
    }
    let current_at = props
        .current
        .as_deref()
        .and_then(|id| entries.iter().position(|entry| entry.id == id));
    let size = entries.len().to_string();
    html! {
        <ul class="library-list" aria-label="Documents" ref={list_ref}
            style={format!("height: {}px", entries.len() * ROW_PX)}>
            { for with_pinned(in_view, current_at).map(|at| {
                let entry = &entries[at];
                html! {
                    <LibraryItem
                        key={entry.id.clone()}
                        entry={entry.clone()}
                        is_current={current_at == Some(at)}
                        library={props.library.clone()}
                        now={props.now}
                        on_trashed={props.on_trashed.clone()}
                        top={at * ROW_PX}
                        position={(at + 1, size.clone())}
                    />
                }
            }) }
        </ul>
    }
}
