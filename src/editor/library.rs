//! The library's side of the store: which document is open, the list of
//! documents, this tab's role, and how saving goes (reported by the saver).

use std::rc::Rc;

use scholia_core::{AnnotatedDocument, ChangeSet, Edit};

use crate::state::{Message, SaveStatus, Store, READ_ONLY};
use crate::workspace::{LibraryEntry, WorkspaceRef};

pub enum LibraryCommand {
    /// A document becomes the open one, with a fresh history.
    Open(Box<AnnotatedDocument>),
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
    SaveStarted,
    Saved,
    SaveFailed {
        error: String,
        changes: Vec<ChangeSet>,
    },
    StorageUnavailable,
}

impl Store {
    pub(crate) fn library_command(&mut self, command: LibraryCommand) {
        match command {
            LibraryCommand::Open(doc) => {
                self.show(Some(WorkspaceRef::new(*doc)));
                self.editor = self.editor.for_new_document();
            }
            LibraryCommand::OpenWorkspace(workspace) => self.show(Some(workspace)),
            LibraryCommand::RefreshWorkspace(workspace) => {
                if let Some(key) = &self.selected {
                    if workspace.borrow().doc.annotation(key).is_none() {
                        self.selected = None;
                    }
                }
                self.workspace = Some(workspace);
                self.revision += 1;
            }
            LibraryCommand::Retitle(title) => self.retitle(title),
            LibraryCommand::Close => self.show(None),
            LibraryCommand::SetReadOnly(read_only) => self.read_only = read_only,
            LibraryCommand::SetLibrary(library) => self.library = Rc::new(library),
            LibraryCommand::SaveStarted => {
                self.writes_in_flight += 1;
                if self.save != SaveStatus::Unavailable {
                    self.save = SaveStatus::Saving;
                }
            }
            LibraryCommand::Saved => {
                self.writes_in_flight = self.writes_in_flight.saturating_sub(1);
                if self.writes_in_flight == 0 && self.save == SaveStatus::Saving {
                    self.save = SaveStatus::Saved;
                }
            }
            LibraryCommand::SaveFailed { error, changes } => {
                self.writes_in_flight = self.writes_in_flight.saturating_sub(1);
                if let Some(workspace) = &self.workspace {
                    workspace.restore_unsaved(changes);
                }
                // The storage banner says it, with what to do.
                self.save = SaveStatus::Failed(error);
            }
            LibraryCommand::StorageUnavailable => self.save = SaveStatus::Unavailable,
        }
    }

    /// Another document (or none) is shown: nothing of the last one stays
    /// selected.
    fn show(&mut self, workspace: Option<WorkspaceRef>) {
        self.workspace = workspace;
        self.revision += 1;
        self.selection = None;
        self.selected = None;
        self.reveal = None;
    }

    fn retitle(&mut self, title: String) {
        let result = match &self.workspace {
            Some(_) if self.read_only => Err(READ_ONLY.to_string()),
            Some(workspace) => {
                let mut workspace = workspace.borrow_mut();
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
                self.revision += 1;
                self.mark_unsaved();
            }
            Err(error) => self.message = Some(Message::error(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::store::Action;

    /// "Saved" only once every write in flight has ended; a failed write's
    /// changes go back ahead of newer ones, and the failure is kept.
    #[test]
    fn the_save_status_follows_the_writes() {
        let store = tag(open(), "Rama", "actor", "a");
        assert_eq!(store.save, SaveStatus::Saving, "an edit is not stored yet");
        let workspace = store.workspace.clone().unwrap();
        let written = workspace.take_unsaved();
        let run_lib = |store, command| run(store, Action::Library(command));
        let store = run_lib(store, LibraryCommand::SaveStarted);
        let store = run_lib(store, LibraryCommand::SaveStarted);
        let store = run_lib(store, LibraryCommand::Saved);
        assert_eq!(
            store.save,
            SaveStatus::Saving,
            "one write is still in flight"
        );
        let store = run_lib(store, LibraryCommand::Saved);
        assert_eq!(store.save, SaveStatus::Saved);
        let store = tag(store, "Albania", "actor", "b");
        let store = run_lib(store, LibraryCommand::SaveStarted);
        let store = run_lib(
            store,
            LibraryCommand::SaveFailed {
                error: "quota".into(),
                changes: written,
            },
        );
        assert_eq!(store.save, SaveStatus::Failed("quota".into()));
        assert_eq!(
            workspace.take_unsaved().len(),
            2,
            "the failed write's changes wait, with the new one"
        );
    }

    #[test]
    fn a_read_only_tab_refuses_edits_and_retitles() {
        let store = run(open(), Action::Library(LibraryCommand::SetReadOnly(true)));
        let store = tag(store, "Rama", "actor", "a");
        assert!(quotes(&store).is_empty());
        assert_eq!(
            store.message.as_ref().map(|m| m.text.as_str()),
            Some(READ_ONLY)
        );
        let title = |store: &Store| {
            store
                .workspace
                .as_ref()
                .unwrap()
                .borrow()
                .doc
                .document()
                .title
                .clone()
        };
        let before = title(&store);
        let store = run(
            store,
            Action::Library(LibraryCommand::Retitle("New".into())),
        );
        assert_eq!(title(&store), before);
        let store = run(store, Action::Undo);
        assert_eq!(
            store.message.as_ref().map(|m| m.text.as_str()),
            Some(READ_ONLY)
        );
    }
}
