//! The app's one store: the open document with its history, and the UI state
//! around it. The reducer is pure (no I/O, no clock, no random ids: actions
//! carry `now` and fresh ids); persistence, downloads and focus happen in
//! effects at the edges.
//!
//! The open document lives behind `Rc<RefCell<…>>` and is edited in place:
//! cloning a document with 10,000 annotations on every keystroke is what
//! makes annotation tools slow. A `revision` counter, bumped on every change
//! to the document, is what components and effects compare.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use scholia_core::library::Status;
use scholia_core::{
    AnnotatedDocument, Annotation, ChangeSet, Edit, Fragment, History, Key, Scheme, Snap, Timestamp,
};
use yew::Reducible;

use crate::editor::{Command, EditorState};

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

#[derive(Debug, Clone, PartialEq)]
pub struct Store {
    pub workspace: Option<WorkspaceRef>,
    /// Bumped on every change to the open document (and on opening one).
    pub revision: u64,
    pub library: Rc<Vec<LibraryEntry>>,
    /// The text selection as (anchor, focus) code-point offsets.
    pub selection: Option<(usize, usize)>,
    /// The annotation selected in the list or by a click on its highlight.
    pub selected: Option<Key>,
    /// Ask the document view to scroll to and flash an annotation; the
    /// number changes on every request.
    pub reveal: Option<(Key, u64)>,
    pub snap: Snap,
    /// The layer new annotations go to.
    pub annotator: String,
    pub save: SaveStatus,
    pub writes_in_flight: usize,
    pub message: Option<Message>,
    /// The editing tools' state: relations being drawn, search, filters…
    pub editor: EditorState,
    /// Another tab edits the library: this one only shows it.
    pub read_only: bool,
    /// Layers, the merged view of annotators, adjudication (see `team`).
    pub team: crate::team::TeamState,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            workspace: None,
            revision: 0,
            library: Rc::new(Vec::new()),
            selection: None,
            selected: None,
            reveal: None,
            snap: Snap::Words,
            annotator: DEFAULT_ANNOTATOR.to_string(),
            save: SaveStatus::Saved,
            writes_in_flight: 0,
            message: None,
            editor: EditorState::default(),
            read_only: false,
            team: crate::team::TeamState::default(),
        }
    }
}

pub const DEFAULT_ANNOTATOR: &str = "annotator";

/// Why an edit is refused in a read-only tab.
pub const READ_ONLY: &str = "This tab is read-only: Scholia is being edited in another tab. Choose “Edit in this tab” to edit here.";

pub enum Action {
    /// A document becomes the open one, with a fresh history.
    Open(AnnotatedDocument),
    /// A workspace (a stored document with its history, or one whose
    /// changes are still being saved) becomes the open one.
    OpenWorkspace(WorkspaceRef),
    /// The open document read again (another tab changed it): the selection
    /// and the selected annotation stay, if they still make sense.
    RefreshWorkspace(WorkspaceRef),
    /// Renames the open document (not an undoable step: a library action).
    Retitle(String),
    /// Nothing is open (the library is empty).
    Close,
    SetReadOnly(bool),
    SetLibrary(Vec<LibraryEntry>),
    SetSelection(Option<(usize, usize)>),
    /// Tags the selection with a label.
    Tag {
        label: String,
        id: String,
        now: Timestamp,
    },
    Select(Option<Key>),
    /// Selects an annotation, scrolls to it and flashes it.
    Reveal(Key),
    Delete(Key),
    Undo,
    Redo,
    SetSnap(Snap),
    SetAnnotator(String),
    SaveStarted,
    Saved,
    SaveFailed {
        error: String,
        changes: Vec<ChangeSet>,
    },
    StorageUnavailable,
    Report(Message),
    Dismiss,
    /// Relabel, resize, notes, relations, search, filters… (see `editor`).
    Editor(Command),
    /// Layers, disagreements and adjudication (see `team`).
    Team(crate::team::TeamCommand),
}

impl Store {
    /// The open document's scheme (the default one while nothing is open).
    pub fn scheme(&self) -> Scheme {
        self.workspace
            .as_ref()
            .map_or_else(Scheme::default_scheme, |w| w.borrow().doc.scheme().clone())
    }

    /// Applies an edit to the open document, recording it for undo and storage.
    pub(crate) fn edit(&mut self, edit: Edit) -> Result<(), scholia_core::Error> {
        let Some(workspace) = &self.workspace else {
            return Ok(());
        };
        if self.read_only {
            return Err(scholia_core::Error::invalid(READ_ONLY));
        }
        let mut workspace = workspace.0.borrow_mut();
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

    /// The document changed: not everything is stored any more.
    fn mark_unsaved(&mut self) {
        if self.save == SaveStatus::Saved {
            self.save = SaveStatus::Saving;
        }
    }

    fn undo_or_redo(&mut self, redo: bool) {
        let Some(workspace) = &self.workspace else {
            return;
        };
        if self.read_only {
            self.message = Some(Message::error(READ_ONLY));
            return;
        }
        let mut guard = workspace.0.borrow_mut();
        let Workspace {
            doc,
            history,
            unsaved,
            ..
        } = &mut *guard;
        let result = if redo {
            history.redo(doc)
        } else {
            history.undo(doc)
        };
        match result {
            Some(Ok(changes)) => {
                unsaved.push(changes);
                self.revision += 1;
                if self.save == SaveStatus::Saved {
                    self.save = SaveStatus::Saving;
                }
            }
            Some(Err(error)) => self.message = Some(Message::error(error.to_string())),
            None => {}
        }
        drop(guard);
        self.forget_missing();
    }

    pub(crate) fn tag(&mut self, label: String, id: String, now: Timestamp) {
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let Some((anchor, focus)) = self.selection else {
            if let Some(key) = self.selected.clone() {
                // No text selected: the key relabels the selected annotation.
                return self.relabel(vec![key], label, now);
            }
            self.message = Some(Message::info(
                "Select some text first, then choose a label.",
            ));
            return;
        };
        let layer = self.new_layer();
        let (span, existing) = {
            let workspace = workspace.borrow();
            let Some(span) = workspace.doc.document().text.snap(anchor, focus, self.snap) else {
                // Only whitespace (or nothing) was selected.
                return;
            };
            let fragment = Fragment::new(span.start, span.end);
            let existing = workspace
                .doc
                .annotations()
                .find(|a| a.fragments == [fragment] && a.label == label && a.key.layer == layer)
                .map(|a| a.key.clone());
            (fragment, existing)
        };
        if let Some(key) = existing {
            // Tagging the same span with the same label again selects it.
            self.selected = Some(key);
            self.selection = None;
            return;
        }
        let key = Key::new(layer, id);
        match self.edit(Edit::AddAnnotation(Annotation::new(
            key.clone(),
            label,
            span,
            now,
        ))) {
            Ok(()) => {
                self.selected = Some(key);
                self.selection = None;
                self.message = None;
            }
            Err(error) => self.message = Some(Message::error(error.to_string())),
        }
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Open(doc) => {
                next.workspace = Some(WorkspaceRef::new(doc));
                next.revision += 1;
                next.selection = None;
                next.selected = None;
                next.reveal = None;
                next.editor = next.editor.for_new_document();
            }
            Action::OpenWorkspace(workspace) => {
                next.workspace = Some(workspace);
                next.revision += 1;
                next.selection = None;
                next.selected = None;
                next.reveal = None;
            }
            Action::RefreshWorkspace(workspace) => {
                if let Some(key) = &next.selected {
                    if workspace.borrow().doc.annotation(key).is_none() {
                        next.selected = None;
                    }
                }
                next.workspace = Some(workspace);
                next.revision += 1;
            }
            Action::Retitle(title) => {
                let result = match &next.workspace {
                    Some(_) if next.read_only => Err(READ_ONLY.to_string()),
                    Some(workspace) => {
                        let mut workspace = workspace.0.borrow_mut();
                        workspace
                            .doc
                            .apply(Edit::SetTitle(title))
                            .map(|changes| workspace.unsaved.push(changes))
                            .map_err(|e| e.to_string())
                    }
                    None => Ok(()),
                };
                match result {
                    Ok(()) => {
                        next.revision += 1;
                        next.mark_unsaved();
                    }
                    Err(error) => next.message = Some(Message::error(error)),
                }
            }
            Action::Close => {
                next.workspace = None;
                next.revision += 1;
                next.selection = None;
                next.selected = None;
                next.reveal = None;
            }
            Action::SetReadOnly(read_only) => next.read_only = read_only,
            Action::SetLibrary(library) => next.library = Rc::new(library),
            Action::SetSelection(selection) => {
                if next.selection == selection {
                    return self;
                }
                next.selection = selection;
            }
            Action::Tag { label, id, now } => next.tag(label, id, now),
            Action::Select(key) => next.selected = key,
            Action::Reveal(key) => {
                let nonce = next.reveal.as_ref().map_or(0, |(_, n)| n + 1);
                next.selected = Some(key.clone());
                next.reveal = Some((key, nonce));
            }
            Action::Delete(key) => match next.edit(Edit::RemoveAnnotation(key.clone())) {
                Ok(()) => {
                    next.forget_missing();
                }
                Err(error) => next.message = Some(Message::error(error.to_string())),
            },
            Action::Undo => next.undo_or_redo(false),
            Action::Redo => next.undo_or_redo(true),
            Action::SetSnap(snap) => next.snap = snap,
            Action::SetAnnotator(name) => {
                let name = name.trim();
                next.annotator = if name.is_empty() {
                    DEFAULT_ANNOTATOR.to_string()
                } else {
                    name.to_string()
                };
            }
            Action::SaveStarted => {
                next.writes_in_flight += 1;
                if next.save != SaveStatus::Unavailable {
                    next.save = SaveStatus::Saving;
                }
            }
            Action::Saved => {
                next.writes_in_flight = next.writes_in_flight.saturating_sub(1);
                if next.writes_in_flight == 0 && next.save == SaveStatus::Saving {
                    next.save = SaveStatus::Saved;
                }
            }
            Action::SaveFailed { error, changes } => {
                next.writes_in_flight = next.writes_in_flight.saturating_sub(1);
                if let Some(workspace) = &next.workspace {
                    workspace.restore_unsaved(changes);
                }
                // The storage banner says it, with what to do.
                next.save = SaveStatus::Failed(error);
            }
            Action::StorageUnavailable => next.save = SaveStatus::Unavailable,
            Action::Report(message) => next.message = Some(message),
            Action::Dismiss => next.message = None,
            Action::Editor(command) => next.command(command),
            Action::Team(command) => next.team_command(command),
        }
        next.refresh_team();
        Rc::new(next)
    }
}

/// The innermost annotation covering a text offset, among the layers not
/// `hidden`: the shortest one, and of equal ones the last in document order.
pub fn annotation_at(
    doc: &AnnotatedDocument,
    offset: usize,
    hidden: &std::collections::BTreeSet<String>,
) -> Option<Key> {
    doc.annotations()
        .filter(|a| a.covers(offset) && !hidden.contains(a.key.layer.as_str()))
        .min_by_key(|a| {
            let length: usize = a.fragments.iter().map(Fragment::len).sum();
            (length, std::cmp::Reverse(a.document_order()))
        })
        .map(|a| a.key.clone())
}

/// The label a key press applies: the digit of its position (1–9) or its hotkey.
pub fn label_for_key(scheme: &Scheme, key: &str) -> Option<String> {
    if let Some(digit) = key.parse::<usize>().ok().filter(|d| (1..=9).contains(d)) {
        return scheme.labels.get(digit - 1).map(|l| l.id.clone());
    }
    scheme
        .labels
        .iter()
        .find(|l| {
            l.hotkey
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(key))
        })
        .map(|l| l.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::Document;

    fn store_with(text: &str) -> Rc<Store> {
        let doc = AnnotatedDocument::new(Document::new("d", text), Scheme::default_scheme());
        Rc::new(Store::default()).reduce(Action::Open(doc))
    }

    fn tag(store: Rc<Store>, selection: (usize, usize), label: &str, id: &str) -> Rc<Store> {
        store
            .reduce(Action::SetSelection(Some(selection)))
            .reduce(Action::Tag {
                label: label.into(),
                id: id.into(),
                now: Timestamp(1),
            })
    }

    fn spans(store: &Store) -> Vec<(String, String)> {
        let workspace = store.workspace.as_ref().unwrap().borrow();
        workspace
            .doc
            .annotations_in_document_order()
            .into_iter()
            .map(|a| (a.label.to_string(), workspace.doc.quotes(a).join("|")))
            .collect()
    }

    #[test]
    fn tagging_snaps_to_words_and_selects_the_new_annotation() {
        let store = tag(
            store_with("Edi Rama said “undeniable evidence”."),
            (5, 8),
            "actor",
            "a1",
        );
        assert_eq!(spans(&store), [("actor".into(), "Rama".into())]);
        assert_eq!(store.selected, Some(Key::new(DEFAULT_ANNOTATOR, "a1")));
        assert_eq!(store.selection, None);
        assert_eq!(store.workspace.as_ref().unwrap().borrow().unsaved.len(), 1);
        // Without snapping, only whole graphemes.
        let store = store.reduce(Action::SetSnap(Snap::Graphemes));
        let store = tag(store, (15, 19), "claim", "a2");
        assert_eq!(spans(&store)[1], ("claim".into(), "unde".into()));
    }

    #[test]
    fn empty_or_blank_selections_and_repeats_add_nothing() {
        let store = store_with("Tirana  and Tehran");
        let store = tag(store, (6, 8), "actor", "a1");
        assert!(spans(&store).is_empty());
        let revision = store.revision;
        let store = tag(store, (0, 6), "actor", "a2");
        let store = tag(store, (1, 3), "actor", "a3");
        assert_eq!(
            spans(&store).len(),
            1,
            "the same span and label again adds nothing"
        );
        assert_eq!(store.revision, revision + 1);
        // Nothing selected at all (with an annotation selected, the key
        // would relabel it).
        let store = store.reduce(Action::Select(None)).reduce(Action::Tag {
            label: "actor".into(),
            id: "a4".into(),
            now: Timestamp(1),
        });
        assert_eq!(
            store.message,
            Some(Message::info(
                "Select some text first, then choose a label."
            ))
        );
    }

    #[test]
    fn delete_undo_and_redo() {
        let store = tag(store_with("Tirana and Tehran"), (0, 6), "actor", "a1");
        let store = tag(store, (11, 17), "actor", "a2");
        let store = store.reduce(Action::Delete(Key::new(DEFAULT_ANNOTATOR, "a1")));
        assert_eq!(spans(&store), [("actor".into(), "Tehran".into())]);
        let store = store.reduce(Action::Undo);
        assert_eq!(spans(&store).len(), 2);
        let store = store.reduce(Action::Redo);
        assert_eq!(spans(&store).len(), 1);
        assert_eq!(store.workspace.as_ref().unwrap().take_unsaved().len(), 5);
    }

    #[test]
    fn clicks_find_the_innermost_annotation() {
        let store = tag(
            store_with("Albanian Prime Minister Edi Rama"),
            (0, 32),
            "actor",
            "outer",
        );
        let store = tag(store, (24, 32), "actor", "inner");
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

    #[test]
    fn hotkeys_by_position_and_letter() {
        let scheme = Scheme::default_scheme();
        assert_eq!(label_for_key(&scheme, "1").as_deref(), Some("actor"));
        assert_eq!(label_for_key(&scheme, "3").as_deref(), Some("claim"));
        assert_eq!(label_for_key(&scheme, "E").as_deref(), Some("event"));
        assert_eq!(label_for_key(&scheme, "4"), None);
        assert_eq!(label_for_key(&scheme, "x"), None);
    }
}
