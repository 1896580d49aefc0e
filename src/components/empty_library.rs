//! What the document area shows when the library has no document open.

use yew::prelude::*;

#[component]
pub fn EmptyLibrary() -> Html {
    html! {
        <div class="empty-library">
            <h2>{ "The library is empty" }</h2>
            <p>{ "Paste a text with “New from text…”, open .txt, .md or annotation files with “Open files…” (or drop them here), or restore a document from the trash or a backup — all in the Library panel." }</p>
        </div>
    }
}
