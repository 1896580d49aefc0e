//! The stored documents: opening one, renaming, statuses, the trash, and
//! adding a document (from a file or pasted text) without overwriting work.

use std::rc::Rc;

use scholia_core::library::{same_content, Status};
use scholia_core::AnnotatedDocument;

use crate::open::{read_text_file, unused_title};
use crate::state::READ_ONLY;
use crate::store::{Action, LibraryCommand};
use crate::web;
use crate::web::storage::{DocumentChange, Storage};
use crate::web::tabs::Role;
use crate::workspace::WorkspaceRef;

use super::handle::*;

impl Library {
    /// Opens a stored document (from memory if its changes are still being
    /// saved). Whether it opened.
    pub(super) async fn load_and_open(&self, storage: &Storage, id: &str) -> bool {
        if let Some(workspace) = self.0.saver.unsaved_workspace(id) {
            self.opened(id, WorkspaceRef::clone(&workspace));
            return true;
        }
        match storage.load(id).await {
            Ok(stored) => {
                if let Some(problem) = stored.history_problem {
                    self.info(format!(
                        "The undo history of “{}” could not be read back ({problem}); undo starts afresh.",
                        stored.doc.document().title
                    ));
                }
                self.opened(
                    id,
                    WorkspaceRef::restored(stored.doc, stored.history, stored.mark),
                );
                true
            }
            Err(error) => {
                self.error(format!("That document could not be read ({error})."));
                false
            }
        }
    }

    /// Reads the open document again, keeping what is selected.
    pub(super) async fn refresh(&self, storage: &Storage, id: &str) {
        match storage.load(id).await {
            Ok(stored) if self.is_open(id) => {
                self.dispatch(Action::Library(LibraryCommand::RefreshWorkspace(
                    WorkspaceRef::restored(stored.doc, stored.history, stored.mark),
                )))
            }
            Ok(_) => {}
            Err(error) => self.error(format!("That document could not be read ({error}).")),
        }
    }

    pub(super) fn opened(&self, id: &str, workspace: WorkspaceRef) {
        *self.0.current.borrow_mut() = Some(id.to_string());
        self.dispatch(Action::Library(LibraryCommand::OpenWorkspace(workspace)));
        if self.0.role.get() != Some(Role::Viewer) {
            if let Some(storage) = self.storage() {
                let id = id.to_string();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = storage.set_setting(CURRENT_DOCUMENT, &id).await;
                });
            }
        }
    }

    /// Switches to a stored document.
    pub fn open(&self, id: String) {
        let Some(storage) = self.storage() else {
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            library.load_and_open(&storage, &id).await;
        });
    }

    /// Stores the open document's changes: the root calls this after every
    /// change.
    pub fn changed(&self, open: Option<WorkspaceRef>) {
        self.0.saver.changed(open);
    }

    /// Tries a failed write again now.
    pub fn retry_saving(&self) {
        self.0.saver.kick();
    }

    /// Takes the library over from the tab that edits it.
    pub fn take_over(&self) {
        if let Some(tabs) = self.0.tabs.borrow().clone() {
            tabs.take_over();
        }
    }

    pub fn set_setting(&self, key: &'static str, value: String) {
        if let Some(storage) = self.storage() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = storage.set_setting(key, &value).await;
            });
        }
    }

    /// Runs a library change, then refreshes the list (here and in the
    /// other tabs), reporting a failure in words.
    pub(super) fn change<F>(&self, what: &'static str, run: impl FnOnce(Rc<Storage>) -> F + 'static)
    where
        F: std::future::Future<Output = Result<(), String>> + 'static,
    {
        if !self.may_edit() {
            return;
        }
        let Some(storage) = self.storage() else {
            self.error(format!(
                "Could not {what}: this browser does not let Scholia store documents."
            ));
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = run(storage.clone()).await {
                library.error(format!("Could not {what} ({error})."));
            }
            library.refresh_list(&storage).await;
        });
    }

    pub(super) async fn refresh_list(&self, storage: &Storage) {
        if let Ok(entries) = storage.library().await {
            self.dispatch(Action::Library(LibraryCommand::SetLibrary(entries)));
        }
        if let Some(tabs) = self.0.tabs.borrow().as_ref() {
            tabs.announce_library();
        }
    }

    pub(super) fn is_open(&self, id: &str) -> bool {
        self.0.current.borrow().as_deref() == Some(id)
    }

    pub fn rename(&self, id: String, title: String) {
        let title = title.trim().to_string();
        if title.is_empty() {
            self.error("A title cannot be empty.".into());
            return;
        }
        if self.is_open(&id) {
            // The open document's title is written with its next save.
            if self.may_edit() {
                self.dispatch(Action::Library(LibraryCommand::Retitle(title)));
            }
            return;
        }
        self.change("rename the document", move |storage| async move {
            storage.update(&id, DocumentChange::Title(title)).await
        });
    }

    pub fn set_status(&self, id: String, status: Status) {
        self.change("change the status", move |storage| async move {
            storage.update(&id, DocumentChange::Status(status)).await
        });
    }

    /// Moves a document to the trash; the open one is replaced by the most
    /// recent other document.
    pub fn trash(&self, id: String) {
        let library = self.clone();
        let was_open = self.is_open(&id);
        self.change(
            "move the document to the trash",
            move |storage| async move {
                storage
                    .update(&id, DocumentChange::Trash(Some(web::now())))
                    .await?;
                if was_open {
                    let entries = storage.library().await?;
                    match first_in_library(&entries) {
                        Some(next) => {
                            library.load_and_open(&storage, &next).await;
                        }
                        None => {
                            *library.0.current.borrow_mut() = None;
                            library.dispatch(Action::Library(LibraryCommand::Close));
                        }
                    }
                }
                Ok(())
            },
        );
    }

    /// Takes a document out of the trash.
    pub fn untrash(&self, id: String) {
        let library = self.clone();
        self.change("restore the document", move |storage| async move {
            storage.update(&id, DocumentChange::Trash(None)).await?;
            if library.0.current.borrow().is_none() {
                library.load_and_open(&storage, &id).await;
            }
            Ok(())
        });
    }

    /// Deletes documents for good.
    pub fn purge(&self, ids: Vec<String>) {
        let library = self.clone();
        self.change("delete the documents", move |storage| async move {
            storage.purge(&ids).await?;
            for id in &ids {
                library.0.saver.forget(id);
                library.0.texts.borrow_mut().remove(id);
            }
            Ok(())
        });
    }

    /// Makes a document of pasted text.
    pub fn add_text(&self, title: String, text: String) {
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = "the pasted text";
            match read_text_file("pasted.txt", text.as_bytes(), &web::new_id()) {
                Ok(mut doc) => {
                    let title = title.trim();
                    if !title.is_empty() {
                        let _ = doc.apply(scholia_core::Edit::SetTitle(title.to_string()));
                    }
                    library.add_document(doc, name).await;
                }
                Err(error) => library.error(format!(
                    "Could not make a document of the pasted text: {}",
                    error.kind
                )),
            }
        });
    }

    /// Stores a document that was opened and opens it. It never overwrites
    /// stored work: a document already stored with the same content is
    /// switched to, anything else is stored as a new document.
    pub(super) async fn add_document(&self, mut doc: AnnotatedDocument, name: &str) {
        let Some(storage) = self.storage() else {
            self.dispatch(Action::Library(LibraryCommand::Open(Box::new(doc))));
            return;
        };
        if self.0.role.get() == Some(Role::Viewer) {
            self.error(READ_ONLY.into());
            return;
        }
        let library = storage.library().await.unwrap_or_default();
        // The same text and annotations already stored: switch to them.
        for entry in library
            .iter()
            .filter(|e| e.sha256 == doc.document().text.sha256())
        {
            if let Ok(stored) = storage.load(&entry.id).await {
                if same_content(&stored.doc, &doc) {
                    if entry.trashed.is_some() {
                        let _ = storage.update(&entry.id, DocumentChange::Trash(None)).await;
                        self.refresh_list(&storage).await;
                    }
                    self.opened(
                        &entry.id,
                        WorkspaceRef::restored(stored.doc, stored.history, stored.mark),
                    );
                    self.info(format!("“{name}” is already here; it is now open."));
                    return;
                }
            }
        }
        if library.iter().any(|e| e.id == doc.document().id) {
            // Same id, other content: keep both.
            doc.set_document_id(web::new_id());
        }
        let title = unused_title(
            &doc.document().title,
            library.iter().map(|e| e.title.as_str()),
        );
        if title != doc.document().title {
            let _ = doc.apply(scholia_core::Edit::SetTitle(title));
        }
        // Shown first, stored after: the saver writes the whole document once
        // the page has painted it (and tries again, saying why, if it cannot).
        let id = doc.document().id.clone();
        let workspace = WorkspaceRef::new(doc);
        self.0.saver.add_new(workspace.clone());
        self.opened(&id, workspace);
    }
}
