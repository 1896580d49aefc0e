//! Writes every change to storage, one transaction at a time, in order.
//!
//! Each write takes the store from one state the user saw to a later one
//! (`web::storage::prepare_write` writes every touched record as it is now),
//! and writes never overlap, so after a crash the stored library is the
//! state after some prefix of the edits, never a mix. The save indicator
//! says "saved" only once every change of every document is written.
//!
//! A write that fails (storage full, say) leaves its changes queued in the
//! workspace; the saver tries again after the next edit, on "Try again", and
//! every few seconds. A workspace whose changes are not yet stored stays
//! here after the user switches to another document, so nothing is dropped:
//! switching back reopens it from memory.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use yew::UseReducerDispatcher;

use scholia_core::library::Status;
use scholia_core::Timestamp;

use crate::state::Message;
use crate::store::{Action, LibraryCommand, Store, ViewCommand};
use crate::web::storage::{prepare_write, DocumentToStore, Storage};
use crate::web::{self, tabs::Tabs};
use crate::workspace::{HistoryMark, WorkspaceRef};

/// The longest a new document waits for an idle page to be stored.
const IDLE_MAX_MS: u32 = 2_000;

/// The longest an edit waits for an idle page to be stored.
const EDIT_IDLE_MAX_MS: u32 = 500;

/// How long to wait before trying a failed write again.
const RETRY_MS: u32 = 10_000;

pub struct Saver {
    dispatcher: UseReducerDispatcher<Store>,
    storage: RefCell<Option<Rc<Storage>>>,
    /// The open workspace, then any older ones with changes still to store.
    workspaces: RefCell<Vec<WorkspaceRef>>,
    /// Documents not stored at all yet (storing them failed when they were
    /// opened): the whole document is written first.
    unstored: RefCell<Vec<String>>,
    /// When each document not stored yet was opened: its creation and last
    /// edit, whenever the write happens.
    opened_at: RefCell<HashMap<String, Timestamp>>,
    busy: Cell<bool>,
    failing: Cell<bool>,
    /// Writes are allowed (this tab holds the library).
    enabled: Cell<bool>,
    retry: RefCell<Option<gloo::timers::callback::Timeout>>,
    tabs: RefCell<Option<Rc<Tabs>>>,
    /// A document just opened waits to be stored until the page shows it.
    holding: Cell<bool>,
}

impl Saver {
    pub fn new(dispatcher: UseReducerDispatcher<Store>) -> Saver {
        Saver {
            dispatcher,
            storage: RefCell::new(None),
            workspaces: RefCell::new(Vec::new()),
            unstored: RefCell::new(Vec::new()),
            opened_at: RefCell::new(HashMap::new()),
            busy: Cell::new(false),
            failing: Cell::new(false),
            enabled: Cell::new(true),
            retry: RefCell::new(None),
            tabs: RefCell::new(None),
            holding: Cell::new(false),
        }
    }

    pub fn set_storage(&self, storage: Rc<Storage>) {
        *self.storage.borrow_mut() = Some(storage);
    }

    pub fn set_tabs(&self, tabs: Rc<Tabs>) {
        *self.tabs.borrow_mut() = Some(tabs);
    }

    pub fn set_enabled(&self, enabled: bool) {
        self.enabled.set(enabled);
    }

    /// Whether any change is not yet stored.
    pub fn has_unsaved(&self) -> bool {
        self.busy.get() || self.workspaces.borrow().iter().any(|w| self.pending(w))
    }

    /// Whether a workspace has something to store.
    fn pending(&self, workspace: &WorkspaceRef) -> bool {
        let w = workspace.borrow();
        !w.unsaved.is_empty() || self.unstored.borrow().contains(&w.doc.document().id)
    }

    /// A workspace of this document whose changes are not all stored yet.
    pub fn unsaved_workspace(&self, doc_id: &str) -> Option<WorkspaceRef> {
        self.workspaces
            .borrow()
            .iter()
            .find(|w| w.borrow().doc.document().id == doc_id && self.pending(w))
            .cloned()
    }

    /// Documents only in this tab (storing them failed): id and title.
    /// While they are being stored for the first time, none.
    pub fn unstored(&self) -> Vec<(String, String)> {
        if !self.failing.get() {
            // Not stored yet, but no write has failed: they are on their way.
            return Vec::new();
        }
        let unstored = self.unstored.borrow();
        self.workspaces
            .borrow()
            .iter()
            .map(|w| {
                let document = w.borrow().doc.document().clone();
                (document.id, document.title)
            })
            .filter(|(id, _)| unstored.contains(id))
            .collect()
    }

    /// A document just opened (imported): store all of it once the page has
    /// shown it (idle, or after `IDLE_MAX_MS`), so that the write is not in
    /// the way of the first paint. Leaving the page meanwhile asks first.
    pub fn add_new(self: &Rc<Self>, workspace: WorkspaceRef) {
        let id = workspace.borrow().doc.document().id.clone();
        // Later than the one opened before it, so that the library lists
        // them in the order they were opened.
        let mut opened_at = self.opened_at.borrow_mut();
        let latest = opened_at.values().map(|t| t.0 + 1).max().unwrap_or(0);
        opened_at.insert(id.clone(), Timestamp(web::now().0.max(latest)));
        drop(opened_at);
        self.unstored.borrow_mut().push(id);
        self.workspaces.borrow_mut().push(workspace);
        self.write_when_idle(IDLE_MAX_MS);
    }

    /// A document that is not open changed (its links followed a merge of
    /// entities, say): its changes are stored as the open one's are.
    pub fn add_changed(self: &Rc<Self>, workspace: WorkspaceRef) {
        let mut workspaces = self.workspaces.borrow_mut();
        if !workspaces.contains(&workspace) {
            workspaces.push(workspace);
        }
        drop(workspaces);
        self.write_when_idle(EDIT_IDLE_MAX_MS);
    }

    /// Writes once the page is idle (it has painted what changed), or after
    /// `at_most_ms`: storage stays off the interaction path. One wait covers
    /// every change made meanwhile.
    fn write_when_idle(self: &Rc<Self>, at_most_ms: u32) {
        if self.holding.replace(true) {
            return;
        }
        // "Saving…" from now on, in the same frame as the change: the write
        // has only been put off.
        self.dispatcher
            .dispatch(Action::Library(LibraryCommand::SaveStarted));
        let saver = self.clone();
        web::when_idle(at_most_ms, move || {
            saver.holding.set(false);
            // The write starts (saying "Saving…" again) before this one ends.
            saver.kick();
            saver
                .dispatcher
                .dispatch(Action::Library(LibraryCommand::Saved));
        });
    }

    /// Every workspace held (the open one first), for a backup that
    /// includes what is not yet stored.
    pub fn workspaces(&self) -> Vec<WorkspaceRef> {
        self.workspaces.borrow().clone()
    }

    /// Forgets the workspaces of a document that is no longer stored.
    pub fn forget(&self, doc_id: &str) {
        self.workspaces
            .borrow_mut()
            .retain(|w| w.borrow().doc.document().id != doc_id);
    }

    /// The open workspace may have new changes: store them.
    pub fn changed(self: &Rc<Self>, open: Option<WorkspaceRef>) {
        if let Some(open) = open {
            let mut workspaces = self.workspaces.borrow_mut();
            if workspaces.first() != Some(&open) {
                workspaces.retain(|w| w != &open);
                workspaces.insert(0, open);
            }
            // Older workspaces stay only while they hold unsaved changes.
            let mut first = true;
            workspaces.retain(|w| std::mem::take(&mut first) || self.pending(w));
        }
        let idle_writer = !self.busy.get() && self.enabled.get() && self.storage.borrow().is_some();
        if idle_writer && self.has_unsaved() {
            self.write_when_idle(EDIT_IDLE_MAX_MS);
        } else {
            // Not now (nothing to write, no storage), or a write under way
            // that goes on to these changes.
            self.kick();
        }
    }

    /// Starts writing, unless a write is under way (it goes on to the rest).
    pub fn kick(self: &Rc<Self>) {
        if self.busy.get()
            || self.holding.get()
            || !self.enabled.get()
            || self.storage.borrow().is_none()
        {
            return;
        }
        if !self.has_unsaved() {
            return;
        }
        self.busy.set(true);
        self.retry.borrow_mut().take();
        let saver = self.clone();
        wasm_bindgen_futures::spawn_local(async move { saver.drain().await });
    }

    async fn drain(self: Rc<Self>) {
        self.dispatcher
            .dispatch(Action::Library(LibraryCommand::SaveStarted));
        let Some(storage) = self.storage.borrow().clone() else {
            return;
        };
        loop {
            if !self.enabled.get() {
                break;
            }
            let next = self
                .workspaces
                .borrow()
                .iter()
                .find(|w| self.pending(w))
                .cloned();
            let Some(workspace) = next else {
                // Everything is stored.
                self.busy.set(false);
                self.dispatcher
                    .dispatch(Action::Library(LibraryCommand::Saved));
                if self.failing.replace(false) {
                    self.dispatcher
                        .dispatch(Action::View(ViewCommand::Report(Message::info(
                            "Storing works again: every change is saved.",
                        ))));
                }
                return;
            };
            let doc_id = workspace.borrow().doc.document().id.clone();
            if self.unstored.borrow().contains(&doc_id) {
                match self.store_whole(&storage, &workspace).await {
                    Ok(()) => {
                        self.unstored.borrow_mut().retain(|id| id != &doc_id);
                        self.opened_at.borrow_mut().remove(&doc_id);
                        self.stored(&storage, &doc_id).await;
                        continue;
                    }
                    Err(error) => {
                        self.failed(error);
                        return;
                    }
                }
            }
            let changes = workspace.take_unsaved();
            let prepared = prepare_write(&mut workspace.borrow_mut(), &changes);
            let result = match &prepared {
                Ok(batch) => storage.write_batch(batch, web::now()).await,
                Err(error) => Err(error.clone()),
            };
            match result {
                Ok(()) => self.stored(&storage, &doc_id).await,
                Err(error) => {
                    // Put everything back, ahead of newer changes.
                    workspace.restore_unsaved(changes);
                    if let Ok(batch) = &prepared {
                        let mut w = workspace.borrow_mut();
                        w.stored_history.dirty_from =
                            w.stored_history.dirty_from.min(batch.dirty_from);
                    }
                    self.failed(error);
                    return;
                }
            }
        }
        self.busy.set(false);
    }

    /// Stores a whole document with its history (one transaction). Its
    /// records are queued a chunk per task, so the page stays responsive
    /// while a large document is stored; edits made meanwhile go into the
    /// same transaction, so that it holds one state the user saw.
    async fn store_whole(&self, storage: &Storage, workspace: &WorkspaceRef) -> Result<(), String> {
        // The writes are queued from the open document itself (no copy of
        // it), then committed.
        let (write, mut pending) = {
            let mut w = workspace.borrow_mut();
            // Edited since it was opened: now; otherwise when it was opened.
            let now = match self.opened_at.borrow().get(&w.doc.document().id) {
                Some(&opened) if w.unsaved.is_empty() => opened,
                _ => web::now(),
            };
            let write = storage.begin_put(DocumentToStore {
                doc: &w.doc,
                history: &w.history,
                // An imported file with annotations is work under way.
                status: match w.doc.annotations().len() {
                    0 => Status::NotStarted,
                    _ => Status::InProgress,
                },
                created: now,
                modified: now,
                trashed: None,
            });
            // Everything up to now is in it.
            let pending = w.unsaved.len();
            let total = w.history.steps().0.len() + w.history.steps().1.len();
            w.stored_history = HistoryMark {
                offset: 0,
                dirty_from: total,
            };
            (write, pending)
        };
        let result = async {
            let write = write?;
            write.put_records(&|f| f(&workspace.borrow().doc)).await?;
            // Edits made while the records were queued: what they touched,
            // as it is now (a chunk queued before an edit holds the record
            // as it was), with the document's record and history.
            let later = {
                let mut w = workspace.borrow_mut();
                if w.unsaved.len() > pending {
                    let changes = w.unsaved.split_off(pending);
                    let batch = prepare_write(&mut w, &changes);
                    w.unsaved.extend(changes);
                    // These are in it too (later ones go in the next write).
                    pending = w.unsaved.len();
                    Some(batch?)
                } else {
                    None
                }
            };
            if let Some(batch) = later {
                write.put_batch(&batch, web::now()).await?;
            }
            write.commit().await
        }
        .await;
        let mut w = workspace.borrow_mut();
        match &result {
            Ok(()) => {
                let stored = pending.min(w.unsaved.len());
                w.unsaved.drain(..stored);
            }
            Err(_) => w.stored_history = HistoryMark::default(),
        }
        result
    }

    /// A write went through: tell the other tabs, show the new counts.
    async fn stored(&self, storage: &Storage, doc_id: &str) {
        if let Some(tabs) = self.tabs.borrow().as_ref() {
            tabs.announce_saved(doc_id);
        }
        if let Ok(library) = storage.library().await {
            self.dispatcher
                .dispatch(Action::Library(LibraryCommand::SetLibrary(library)));
        }
    }

    fn failed(self: &Rc<Self>, error: String) {
        self.busy.set(false);
        self.failing.set(true);
        self.dispatcher
            .dispatch(Action::Library(LibraryCommand::SaveFailed {
                error,
                changes: Vec::new(),
            }));
        self.schedule_retry();
    }

    fn schedule_retry(self: &Rc<Self>) {
        let saver = self.clone();
        *self.retry.borrow_mut() =
            Some(gloo::timers::callback::Timeout::new(RETRY_MS, move || {
                saver.kick();
            }));
    }
}
