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
    // Read: mouse selections (and any other change of the page's) reach the
    // store through `selectionchange`.
    {
        let (root, text, on_selection, caret) = (
            root.clone(),
            text.clone(),
            on_selection.clone(),
            caret.clone(),
        );
        use_effect_with(doc_id.clone(), move |_| {
            let listener = EventListener::new(&web::document(), "selectionchange", move |_| {
                let Some(root) = root.cast::<Element>() else {
                    return;
                };
                match selection::read_selection(&root, &text) {
                    Some((anchor, focus)) if anchor != focus => {
                        on_selection.emit(Some((anchor, focus)));
                    }
                    Some((offset, _)) => {
                        *caret.borrow_mut() = offset;
                        on_selection.emit(None);
                    }
                    None => on_selection.emit(None),
                }
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
        match store_selection {
            Some((anchor, focus)) => {
                selection::set_selection(&root, &text, anchor, focus);
                *caret.borrow_mut() = focus;
                if request.scroll {
                    if let Some(line) = root.children().item(text.line_of(focus) as u32) {
                        web::scroll_into_view(&line, false);
                    }
                }
                shown.emit(focus);
            }
            None => selection::clear_selection(),
        }
    });
}
