//! The documents of the library, one row each: title, status, counts, last
//! edit; open, rename, change status, move to the trash. The open one is
//! marked.

use std::rc::Rc;

use yew::prelude::*;

use super::library_item::LibraryItem;
use crate::library::Library;
use crate::workspace::LibraryEntry;

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
    if props.entries.is_empty() {
        return html! { <p class="empty-hint">{ "No document here." }</p> };
    }
    html! {
        <ul class="library-list" aria-label="Documents">
            { for props.entries.iter().map(|entry| html! {
                <LibraryItem
                    key={entry.id.clone()}
                    entry={entry.clone()}
                    is_current={props.current.as_deref() == Some(entry.id.as_str())}
                    library={props.library.clone()}
                    now={props.now}
                    on_trashed={props.on_trashed.clone()}
                />
            }) }
        </ul>
    }
}
