//! The page's text selection and the store's, kept one: the only place the
//! page's selection is read (its `selectionchange` events, reported with
//! `on_selection`) and the only place it is written (whenever the store's
//! `selection_request` changes: the store set the selection itself, and the
//! page follows). The store owns the selection; see `state::Store::selection`.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use scholia_core::Text;
use web_sys::Element;
use yew::prelude::*;

use crate::state::SelectionRequest;
use crate::web::{self, selection};

/// What the document view hands the hook.
pub struct TextSelection {
    /// The document element, and its text.
    pub root: NodeRef,
    pub text: Text,
    pub doc_id: String,
    /// The store's selection, and its request to write it.
    pub selection: Option<(usize, usize)>,
    pub request: SelectionRequest,
    /// The page's selection changed.
    pub on_selection: Callback<Option<(usize, usize)>>,
    /// The app's caret (the moving end of a selection).
    pub caret: Rc<RefCell<usize>>,
    /// The selection written is on the page: its focus, to show the caret.
    pub shown: Callback<usize>,
}

/// Follows the page's selection in the document and writes the store's to
/// it.
#[hook]
pub fn use_text_selection(args: TextSelection) {
    let TextSelection {
        root,
        text,
        doc_id,
        selection: store_selection,
        request,
        on_selection,
        caret,
        shown,
    } = args;
    // What the page shows, as far as the store's writes go: the newest
    // request rendered, the last one written, and what it wrote (whose
    // `selectionchange` echo is no news). Yew may run an effect a task after
    // its render, with key presses between: a write that is not the newest
    // is skipped, and the page is not read while a write is pending.
    let sync = use_mut_ref(PageSync::default);
    sync.borrow_mut().latest = request.nonce;
    // Read: mouse selections (and any other change of the page's) reach the
    // store through `selectionchange`.
    {
        let (root, text, on_selection, caret, sync) = (
            root.clone(),
            text.clone(),
            on_selection.clone(),
            caret.clone(),
            sync.clone(),
        );
        use_effect_with(doc_id.clone(), move |_| {
            let listener = EventListener::new(&web::document(), "selectionchange", move |_| {
                let Some(root) = root.cast::<Element>() else {
                    return;
                };
                let page = selection::read_selection(&root, &text);
                let read = page.filter(|(anchor, focus)| anchor != focus);
                {
                    let mut sync = sync.borrow_mut();
                    if sync.latest != sync.applied || sync.written == Some(read) {
                        return; // the store is ahead of the page, or this is its echo
                    }
                    sync.written = None;
                }
                if let Some((_, focus)) = page {
                    // The caret is the moving end (a click puts it there).
                    *caret.borrow_mut() = focus;
                }
                on_selection.emit(read);
            });
            move || drop(listener)
        });
    }
    // Write: after the text is on the page (this effect comes after the one
    // that shows it, and runs again for a new document).
    use_effect_with((doc_id, request), move |(_, request)| {
        let Some(root) = root.cast::<Element>() else {
            return;
        };
        {
            let mut sync = sync.borrow_mut();
            if request.nonce != sync.latest {
                return; // a newer request is rendered: its effect writes
            }
            sync.applied = request.nonce;
            sync.written = Some(store_selection);
        }
        match store_selection {
            Some((anchor, focus)) => {
                selection::set_selection(&root, &text, anchor, focus);
                *caret.borrow_mut() = focus;
                if request.scroll {
                    if let Some(line) = selection::line_element(&root, text.line_of(focus)) {
                        web::scroll_into_view(&line, false);
                    }
                }
                shown.emit(focus);
            }
            None => selection::clear_selection(),
        }
    });
}

/// See `use_text_selection`.
#[derive(Default)]
struct PageSync {
    latest: u64,
    applied: u64,
    written: Option<Option<(usize, usize)>>,
}
