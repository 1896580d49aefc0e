//! Shows a span of the open document, found elsewhere (a search of the
//! library): selects it as the browser's selection, so that a label key tags
//! it at once, and scrolls it into view.

use scholia_core::Text;

use super::{document, selection};

/// How long to wait for a document just opened to be on the page.
const RENDER_MS: u32 = 60;

/// Selects `start..end` of the document on the page, once it is there and
/// if `still_open()` says it is still the one the user wants.
pub fn select_when_shown(
    text: Text,
    start: usize,
    end: usize,
    still_open: impl Fn() -> bool + 'static,
) {
    gloo::timers::callback::Timeout::new(RENDER_MS, move || {
        if !still_open() {
            return;
        }
        let Ok(Some(root)) = document().query_selector("article[aria-label=\"Document\"]") else {
            return;
        };
        selection::set_selection(&root, &text, start, end);
        if let Some(element) = selection::range_for(&root, &text, start, end)
            .and_then(|range| range.start_container().ok())
            .and_then(|node| node.parent_element())
        {
            super::scroll_into_view(&element, false);
        }
    })
    .forget();
}
