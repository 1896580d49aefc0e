//! Starting up from storage, and following the storage and the other tabs:
//! which tab edits, reloading what another tab changed.

use std::rc::Rc;

use crate::open::seed_document;
use crate::store::{Action, LibraryCommand, TeamCommand};
use crate::web;
use crate::web::idb::OpenError;
use crate::web::storage::{self, Storage, StorageEvent};
use crate::web::tabs::{Announcement, Role, Tabs};

use super::handle::*;

impl Library {
    /// Opens storage, joins the other tabs, puts the seed article there on
    /// first start, and opens the document that was open last.
    pub async fn start(self) {
        let on_storage = {
            let library = self.clone();
            Rc::new(move |event| library.storage_event(event)) as Rc<dyn Fn(StorageEvent)>
        };
        let storage = match Storage::open(on_storage).await {
            Ok(storage) => Rc::new(storage),
            Err(error) => {
                self.dispatch(Action::Library(LibraryCommand::StorageUnavailable));
                self.error(match error {
                    OpenError::Unavailable(error) => format!(
                        "This browser does not let Scholia store documents ({error}). Your work stays in this tab only: export it before you close the tab."
                    ),
                    OpenError::Upgrade(error) => format!(
                        "Your stored library could not be upgraded to this version of Scholia ({error}). It is left exactly as it was; this tab works without saving, so export your work before you close it."
                    ),
                });
                self.dispatch(Action::Library(LibraryCommand::Open(Box::new(
                    seed_document(),
                ))));
                return;
            }
        };
        *self.0.storage.borrow_mut() = Some(storage.clone());
        self.0.saver.set_storage(storage.clone());
        let tabs = {
            let (on_role, on_announcement) = (self.clone(), self.clone());
            Tabs::join(
                Rc::new(move |role| on_role.role_changed(role)),
                Rc::new(move |announcement| on_announcement.announced(announcement)),
            )
        };
        self.0.saver.set_tabs(tabs.clone());
        *self.0.tabs.borrow_mut() = Some(tabs);
        wasm_bindgen_futures::spawn_local(async {
            let _ = storage::request_persistence().await;
        });
        if let Some(name) = storage.setting(ANNOTATOR).await {
            self.dispatch(Action::Team(TeamCommand::SetAnnotator(name)));
        }
        self.load_knowledge_base().await;
        let mut library = storage.library().await.unwrap_or_default();
        if library.is_empty() {
            let seed = seed_document();
            if let Err(error) = storage.save_new(&seed, web::now()).await {
                self.error(format!("Could not store the first document ({error})."));
            }
            library = storage.library().await.unwrap_or_default();
        }
        let last = storage.setting(CURRENT_DOCUMENT).await;
        let current = last
            .filter(|id| library.iter().any(|e| &e.id == id && e.trashed.is_none()))
            .or_else(|| first_in_library(&library));
        self.dispatch(Action::Library(LibraryCommand::SetLibrary(library)));
        match current {
            Some(id) => {
                if !self.load_and_open(&storage, &id).await {
                    self.dispatch(Action::Library(LibraryCommand::Open(Box::new(
                        seed_document(),
                    ))));
                }
            }
            None => self.dispatch(Action::Library(LibraryCommand::Close)),
        }
    }

    pub(super) fn storage_event(&self, event: StorageEvent) {
        match event {
            StorageEvent::UpgradeBlocked => self.info(
                "Scholia was updated: close its other tabs (or reload them) so that it can upgrade your library.".into(),
            ),
            StorageEvent::VersionChanged => {
                self.0.saver.set_enabled(false);
                self.dispatch(Action::Library(LibraryCommand::SetReadOnly(true)));
                self.error(
                    "A newer version of Scholia opened in another tab and upgraded the library. Reload this tab to go on working (anything not yet saved here: export it first).".into(),
                );
            }
        }
    }

    pub(super) fn role_changed(&self, role: Role) {
        let before = self.0.role.replace(Some(role));
        match role {
            Role::Editor => {
                self.0.saver.set_enabled(true);
                self.dispatch(Action::Library(LibraryCommand::SetReadOnly(false)));
                if before == Some(Role::Viewer) {
                    self.info("This tab now edits the library.".into());
                    // The other tab may have changed everything: read it again.
                    self.reload(true);
                }
                self.0.saver.kick();
            }
            Role::Viewer => {
                self.0.saver.set_enabled(false);
                self.dispatch(Action::Library(LibraryCommand::SetReadOnly(true)));
            }
        }
    }

    /// Follows the editing tab: reads again what it stored, once its writes
    /// pause (a burst of edits is one reload).
    pub(super) fn announced(&self, announcement: Announcement) {
        let document = match announcement {
            Announcement::Saved(id) => self.is_open(&id),
            Announcement::Library => false,
        };
        let document = document
            || self
                .0
                .following
                .borrow_mut()
                .take()
                .is_some_and(|(document, _)| document);
        let library = self.clone();
        let timer = gloo::timers::callback::Timeout::new(FOLLOW_MS, move || {
            library.0.following.borrow_mut().take();
            library.reload(document);
        });
        *self.0.following.borrow_mut() = Some((document, timer));
    }

    /// Reads the library list again, and the open document too if `document`
    /// (or if it is gone from the library).
    pub(super) fn reload(&self, document: bool) {
        let Some(storage) = self.storage() else {
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let entries = storage.library().await.unwrap_or_default();
            let current = library.0.current.borrow().clone();
            let still_there = current
                .as_ref()
                .is_some_and(|id| entries.iter().any(|e| &e.id == id && e.trashed.is_none()));
            let next = first_in_library(&entries);
            library.dispatch(Action::Library(LibraryCommand::SetLibrary(entries)));
            match (still_there, current) {
                (true, Some(id)) if document => {
                    library.refresh(&storage, &id).await;
                }
                (true, _) => {}
                (false, _) => match next {
                    Some(id) => {
                        library.load_and_open(&storage, &id).await;
                    }
                    None => {
                        *library.0.current.borrow_mut() = None;
                        library.dispatch(Action::Library(LibraryCommand::Close));
                    }
                },
            }
        });
    }
}
