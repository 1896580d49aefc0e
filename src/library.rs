//! The library of stored documents: starting up from storage, switching
//! documents, opening files and pasted text as documents without
//! overwriting work, renaming, statuses, the trash, search, backups, and
//! following another tab that edits the library.
//!
//! [`Library`] is a handle that components call; each action runs at the
//! edges (storage, files) and reports to the store through actions.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use scholia_core::library::{same_content, Status};
use scholia_core::{AnnotatedDocument, Timestamp};
use yew::prelude::*;

use crate::open::{read_text_file, seed_document, unused_title};
use crate::saver::Saver;
use crate::state::{Message, READ_ONLY};
use crate::store::{Action, LibraryCommand, Store, TeamCommand, ViewCommand};
use crate::web;
use crate::web::idb::OpenError;
use crate::web::storage::{self, DocumentChange, Storage, StorageEvent};
use crate::web::tabs::{Announcement, Role, Tabs};
use crate::workspace::{LibraryEntry, WorkspaceRef};

mod backup;
mod export;
mod import;
mod scheme_file;
mod search;
mod team;

pub use backup::{describe_storage, PendingRestore};
pub use export::ExportAnswer;
pub use import::{ImportView, Reading, Storing};
pub use scheme_file::{read_scheme, write_scheme};
pub use search::SearchResult;
pub use team::{document_report, merge, read_for_merge, Progress};

pub type Dispatcher = UseReducerDispatcher<Store>;

/// Settings keys.
pub const CURRENT_DOCUMENT: &str = "current";
pub const ANNOTATOR: &str = "annotator";

/// How long a following tab waits for the editing tab's writes to pause.
const FOLLOW_MS: u32 = 150;

/// A handle on the library, shared by the root and the library components.
#[derive(Clone)]
pub struct Library(Rc<Inner>);

struct Inner {
    dispatcher: Dispatcher,
    storage: RefCell<Option<Rc<Storage>>>,
    saver: Rc<Saver>,
    tabs: RefCell<Option<Rc<Tabs>>>,
    role: Cell<Option<Role>>,
    /// The open document's id.
    current: RefCell<Option<String>>,
    /// Texts and their folded forms, by document id, for search.
    texts: RefCell<HashMap<String, Rc<(String, String)>>>,
    on_backup: RefCell<Option<Callback<PendingRestore>>>,
    /// A reload asked for by the editing tab, waiting for its burst of
    /// writes to pause: (whether the open document changed, the timer).
    following: RefCell<Option<(bool, gloo::timers::callback::Timeout)>>,
    /// Imports and exports, through the formats' worker.
    imports: import::Imports,
    exports: export::Exports,
}

impl PartialEq for Library {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Library {
    pub fn new(dispatcher: Dispatcher) -> Library {
        let saver = Rc::new(Saver::new(dispatcher.clone()));
        // Nothing is written before this tab knows it edits the library.
        saver.set_enabled(false);
        Library(Rc::new_cyclic(|inner: &std::rc::Weak<Inner>| {
            // The workers answer the library, while it lives.
            let answer = |handle: fn(&Library, web::worker::Event)| {
                let inner = inner.clone();
                Rc::new(move |event| {
                    if let Some(inner) = inner.upgrade() {
                        handle(&Library(inner), event);
                    }
                }) as Rc<dyn Fn(web::worker::Event)>
            };
            Inner {
                dispatcher,
                storage: RefCell::new(None),
                saver,
                tabs: RefCell::new(None),
                role: Cell::new(None),
                current: RefCell::new(None),
                texts: RefCell::new(HashMap::new()),
                on_backup: RefCell::new(None),
                following: RefCell::new(None),
                imports: import::Imports::new(answer(Library::import_event)),
                exports: export::Exports::new(answer(Library::export_event)),
            }
        }))
    }

    pub fn saver(&self) -> &Rc<Saver> {
        &self.0.saver
    }

    /// Whether anything is not yet stored (edits, or an import being added).
    pub fn has_unsaved(&self) -> bool {
        self.0.saver.has_unsaved() || self.0.imports.is_storing()
    }

    fn dispatch(&self, action: Action) {
        self.0.dispatcher.dispatch(action);
    }

    fn error(&self, text: String) {
        self.dispatch(Action::View(ViewCommand::Report(Message::error(text))));
    }

    fn info(&self, text: String) {
        self.dispatch(Action::View(ViewCommand::Report(Message::info(text))));
    }

    fn storage(&self) -> Option<Rc<Storage>> {
        self.0.storage.borrow().clone()
    }

    /// Whether this tab may change the library; says why not if not.
    fn may_edit(&self) -> bool {
        if self.0.role.get() == Some(Role::Viewer) {
            self.error(READ_ONLY.into());
            return false;
        }
        true
    }

    /// Where a library backup opened as a file goes (the library panel).
    pub fn on_backup(&self, callback: Callback<PendingRestore>) {
        *self.0.on_backup.borrow_mut() = Some(callback);
    }

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

    fn storage_event(&self, event: StorageEvent) {
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

    fn role_changed(&self, role: Role) {
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
    fn announced(&self, announcement: Announcement) {
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
    fn reload(&self, document: bool) {
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

    /// Opens a stored document (from memory if its changes are still being
    /// saved). Whether it opened.
    async fn load_and_open(&self, storage: &Storage, id: &str) -> bool {
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
    async fn refresh(&self, storage: &Storage, id: &str) {
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

    fn opened(&self, id: &str, workspace: WorkspaceRef) {
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
    fn change<F>(&self, what: &'static str, run: impl FnOnce(Rc<Storage>) -> F + 'static)
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

    async fn refresh_list(&self, storage: &Storage) {
        if let Ok(entries) = storage.library().await {
            self.dispatch(Action::Library(LibraryCommand::SetLibrary(entries)));
        }
        if let Some(tabs) = self.0.tabs.borrow().as_ref() {
            tabs.announce_library();
        }
    }

    fn is_open(&self, id: &str) -> bool {
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
    async fn add_document(&self, mut doc: AnnotatedDocument, name: &str) {
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

/// The most recently edited document not in the trash.
fn first_in_library(entries: &[LibraryEntry]) -> Option<String> {
    entries
        .iter()
        .filter(|e| e.trashed.is_none())
        .max_by_key(|e| e.modified)
        .map(|e| e.id.clone())
}

/// "just now", "5 min ago", "3 h ago", "yesterday", "12 days ago" or a date.
pub fn ago(then: Timestamp, now: Timestamp) -> String {
    let seconds = (now.0 - then.0).max(0) / 1000;
    match seconds {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", seconds / 60),
        3600..=86_399 => format!("{} h ago", seconds / 3600),
        86_400..=172_799 => "yesterday".into(),
        172_800..=2_591_999 => format!("{} days ago", seconds / 86_400),
        _ => then.to_rfc3339()[..10].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_people_say_them() {
        let now = Timestamp(1_800_000_000_000);
        let before = |s: i64| Timestamp(now.0 - s * 1000);
        assert_eq!(ago(before(5), now), "just now");
        assert_eq!(ago(before(300), now), "5 min ago");
        assert_eq!(ago(before(7200), now), "2 h ago");
        assert_eq!(ago(before(90_000), now), "yesterday");
        assert_eq!(ago(before(864_000), now), "10 days ago");
        assert_eq!(ago(Timestamp(1_700_000_000_000), now), "2023-11-14");
    }
}
