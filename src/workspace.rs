//! The open document as the app holds it: the document, its undo history
//! and the change sets not yet stored, behind one shared handle; and the
//! library's entries as the list of documents shows them. Storage reads and
//! writes these; the store holds them. Neither is known here.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use scholia_core::library::Status;
use scholia_core::{AnnotatedDocument, ChangeSet, History, Timestamp};

/// One stored document, as the recent-documents list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryEntry {
    pub id: String,
    pub title: String,
    pub modified: Timestamp,
    pub annotation_count: usize,
    /// SHA-256 of the text, to find a text that is already stored.
    pub sha256: String,
    pub created: Timestamp,
    pub relation_count: usize,
    /// Length of the text in code points.
    pub length: usize,
    pub status: Status,
    /// When it went to the trash; `None` while it is in the library.
    pub trashed: Option<Timestamp>,
    /// Its document labels, any annotator's, each as `set: option` (set
    /// ids), sorted: what the library's filter by document label offers.
    pub document_labels: Vec<String>,
}

/// What of the open document's undo history is stored (see
/// `web::storage::prepare_write`): step `i` (oldest first) is stored as
/// `offset + i`, and steps from `dirty_from` on changed since the last write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HistoryMark {
    pub offset: u64,
    pub dirty_from: usize,
}

/// The open document, its undo history, and the changes not yet stored.
#[derive(Debug)]
pub struct Workspace {
    pub doc: AnnotatedDocument,
    pub history: History,
    /// Change sets applied but not yet written to storage, oldest first.
    pub unsaved: Vec<ChangeSet>,
    pub stored_history: HistoryMark,
}

/// A shared handle on the open workspace; equal while it is the same one.
#[derive(Debug, Clone)]
pub struct WorkspaceRef(Rc<RefCell<Workspace>>);

impl WorkspaceRef {
    pub fn new(doc: AnnotatedDocument) -> WorkspaceRef {
        WorkspaceRef::restored(doc, History::default(), HistoryMark::default())
    }

    /// A stored document with its stored undo history.
    pub fn restored(
        doc: AnnotatedDocument,
        history: History,
        stored_history: HistoryMark,
    ) -> WorkspaceRef {
        WorkspaceRef(Rc::new(RefCell::new(Workspace {
            doc,
            history,
            unsaved: Vec::new(),
            stored_history,
        })))
    }

    pub fn borrow(&self) -> Ref<'_, Workspace> {
        self.0.borrow()
    }

    pub fn borrow_mut(&self) -> RefMut<'_, Workspace> {
        self.0.borrow_mut()
    }

    /// Takes the change sets waiting to be stored.
    pub fn take_unsaved(&self) -> Vec<ChangeSet> {
        std::mem::take(&mut self.0.borrow_mut().unsaved)
    }

    /// Puts back change sets whose write failed, ahead of newer ones.
    pub fn restore_unsaved(&self, mut changes: Vec<ChangeSet>) {
        let mut workspace = self.0.borrow_mut();
        changes.append(&mut workspace.unsaved);
        workspace.unsaved = changes;
    }
}

impl PartialEq for WorkspaceRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
