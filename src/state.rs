//! What the app holds: the open workspace, the UI state around it, and the
//! few helpers every reducer shares (an edit as one undo step, a message, a
//! selection to show). Only data and those helpers: the reducers are in
//! `editor`, one file per group of commands, and `store` routes each
//! action to its group. Nothing here knows `editor` or `store`.
//!
//! The open document lives behind `Rc<RefCell<…>>` and is edited in place:
//! cloning a document with 10,000 annotations on every keystroke is what
//! makes annotation tools slow. A `revision` counter, bumped on every change
//! to the document, is what components and effects compare.

pub mod editor;
pub mod knowledge;
pub mod suggestions;

use std::collections::BTreeSet;
use std::rc::Rc;

use scholia_core::{AnnotatedDocument, Edit, Fragment, Key, Scheme, Snap};

use crate::team::TeamState;
use crate::workspace::{LibraryEntry, WorkspaceRef};
use editor::EditorState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    Saved,
    Saving,
    Failed(String),
    /// The browser gives no storage at all: work lives in this tab only.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

impl Message {
    pub fn error(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            is_error: true,
        }
    }

    pub fn info(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            is_error: false,
        }
    }
}

/// A request to the document view to make the page's selection the store's
/// (see [`Store::selection`]); the nonce changes on every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SelectionRequest {
    pub nonce: u64,
    /// Scroll the selection into view (a search hit, a span found elsewhere).
    pub scroll: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Store {
    pub workspace: Option<WorkspaceRef>,
    /// Bumped on every change to the open document (and on opening one).
    pub revision: u64,
    pub library: Rc<Vec<LibraryEntry>>,
    /// The text selection as (anchor, focus) code-point offsets. The store
    /// owns it: the page's selection is read into it in one place (the
    /// document view's `selectionchange` listener, through
    /// `ViewCommand::SetSelection`) and written from it in one place (the
    /// document view, whenever `selection_request` changes).
    pub selection: Option<(usize, usize)>,
    pub selection_request: SelectionRequest,
    /// The annotation selected in the list or by a click on its highlight.
    pub selected: Option<Key>,
    /// Ask the document view to scroll to and flash an annotation; the
    /// number changes on every request.
    pub reveal: Option<(Key, u64)>,
    pub snap: Snap,
    /// The layer new annotations go to (unless adjudicating: see
    /// [`Store::new_layer`]).
    pub annotator: String,
    pub save: SaveStatus,
    pub writes_in_flight: usize,
    pub message: Option<Message>,
    /// The editing tools' state: relations being drawn, search, filters…
    pub editor: EditorState,
    /// Another tab edits the library: this one only shows it.
    pub read_only: bool,
    /// Layers, the merged view of annotators, adjudication (see `team`).
    pub team: TeamState,
    /// The library's knowledge base (see `state::knowledge`).
    pub knowledge: knowledge::KnowledgeState,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            workspace: None,
            revision: 0,
            library: Rc::new(Vec::new()),
            selection: None,
            selection_request: SelectionRequest::default(),
            selected: None,
            reveal: None,
            snap: Snap::Words,
            annotator: DEFAULT_ANNOTATOR.to_string(),
            save: SaveStatus::Saved,
            writes_in_flight: 0,
            message: None,
            editor: EditorState::default(),
            read_only: false,
            team: TeamState::default(),
            knowledge: knowledge::KnowledgeState::default(),
        }
    }
}

pub const DEFAULT_ANNOTATOR: &str = "annotator";

/// Why an edit is refused in a read-only tab.
pub const READ_ONLY: &str = "This tab is read-only: Scholia is being edited in another tab. Choose “Edit in this tab” to edit here.";

impl Store {
    /// The open document's scheme (the default one while nothing is open).
    pub fn scheme(&self) -> Scheme {
        self.workspace
            .as_ref()
            .map_or_else(Scheme::default_scheme, |w| w.borrow().doc.scheme().clone())
    }

    /// Reads the open document (`None` when none is open).
    pub(crate) fn with_doc<T>(&self, read: impl FnOnce(&AnnotatedDocument) -> T) -> Option<T> {
        self.workspace.as_ref().map(|w| read(&w.borrow().doc))
    }

    /// The layer new annotations go to, whatever makes them (a label key,
    /// the picker, annotate-all): gold while adjudicating, else the
    /// annotator's own.
    pub fn new_layer(&self) -> String {
        if self.team.writes_gold() {
            scholia_core::adjudication::GOLD_LAYER.to_string()
        } else {
            self.annotator.clone()
        }
    }

    /// Applies an edit to the open document, recording it for undo and storage.
    pub(crate) fn edit(&mut self, edit: Edit) -> Result<(), scholia_core::Error> {
        let Some(workspace) = &self.workspace else {
            return Ok(());
        };
        if self.read_only {
            return Err(scholia_core::Error::invalid(READ_ONLY));
        }
        let mut workspace = workspace.borrow_mut();
        let changes = workspace.doc.apply(edit)?;
        workspace.unsaved.push(changes.clone());
        // A new step replaces the steps that were undone.
        let done = workspace.history.steps().0.len();
        let mark = &mut workspace.stored_history;
        mark.dirty_from = mark.dirty_from.min(done);
        workspace.history.record(changes);
        drop(workspace);
        self.revision += 1;
        self.mark_unsaved();
        Ok(())
    }

    /// Applies an edit, reporting a refusal as a message.
    pub(crate) fn apply_or_report(&mut self, edit: Result<Edit, scholia_core::Error>) -> bool {
        match edit.and_then(|edit| self.edit(edit)) {
            Ok(()) => true,
            Err(error) => {
                self.report_error(error);
                false
            }
        }
    }

    pub(crate) fn report_error(&mut self, error: impl std::fmt::Display) {
        self.message = Some(Message::error(error.to_string()));
    }

    /// The document changed: not everything is stored any more.
    pub(crate) fn mark_unsaved(&mut self) {
        if self.save == SaveStatus::Saved {
            self.save = SaveStatus::Saving;
        }
    }

    /// Drops UI state that names annotations which no longer exist (after
    /// a delete, an undo or a redo).
    pub(crate) fn forget_missing(&mut self) {
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let workspace = workspace.borrow();
        let exists = |key: &Key| workspace.doc.annotation(key).is_some();
        if self.selected.as_ref().is_some_and(|k| !exists(k)) {
            self.selected = None;
        }
        if self.editor.linking.as_ref().is_some_and(|k| !exists(k)) {
            self.editor.linking = None;
        }
        self.editor.checked.retain(|k| exists(k));
    }

    /// Selects an annotation and asks the document view to scroll to it
    /// and flash it.
    pub(crate) fn reveal(&mut self, key: Key) {
        self.selected = Some(key.clone());
        self.scroll_to(key);
    }

    /// Asks the document view to scroll to an annotation and flash it,
    /// selected or not.
    pub(crate) fn scroll_to(&mut self, key: Key) {
        let nonce = self.reveal.as_ref().map_or(0, |(_, n)| n + 1);
        self.reveal = Some((key, nonce));
    }

    /// Sets the text selection from the store's side: the page follows.
    pub(crate) fn select_text(&mut self, selection: Option<(usize, usize)>, scroll: bool) {
        self.selection = selection;
        self.selection_request = SelectionRequest {
            nonce: self.selection_request.nonce + 1,
            scroll,
        };
    }

    /// Clears the text selection (it was used, or the user let it go).
    pub(crate) fn clear_selection(&mut self) {
        self.select_text(None, false);
    }
}

/// The innermost annotation covering a text offset, among the layers not
/// `hidden`: the shortest one, and of equal ones the last in document order.
pub fn annotation_at(
    doc: &AnnotatedDocument,
    offset: usize,
    hidden: &BTreeSet<String>,
) -> Option<Key> {
    doc.annotations()
        .filter(|a| a.covers(offset) && !hidden.contains(a.key.layer.as_str()))
        .min_by_key(|a| {
            let length: usize = a.fragments.iter().map(Fragment::len).sum();
            (length, std::cmp::Reverse(a.document_order()))
        })
        .map(|a| a.key.clone())
}

/// A label's name in the document's scheme (its id when the scheme lacks it).
pub fn label_name(doc: &AnnotatedDocument, label: &str) -> String {
    doc.scheme()
        .label(label)
        .map_or_else(|| label.to_string(), |l| l.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;

    #[test]
    fn clicks_find_the_innermost_annotation() {
        let store = tag_at(
            open_text("Albanian Prime Minister Edi Rama"),
            (0, 32),
            "actor",
            "outer",
        );
        let store = tag_at(store, (24, 32), "actor", "inner");
        let workspace = store.workspace.as_ref().unwrap().borrow();
        assert_eq!(
            annotation_at(&workspace.doc, 25, &Default::default())
                .unwrap()
                .id,
            "inner"
        );
        assert_eq!(
            annotation_at(&workspace.doc, 3, &Default::default())
                .unwrap()
                .id,
            "outer"
        );
        assert_eq!(annotation_at(&workspace.doc, 40, &Default::default()), None);
    }
}
