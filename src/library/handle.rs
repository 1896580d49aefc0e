//! The library's handle: what it holds, and the helpers its parts share
//! (reporting through actions, storage, whether this tab may edit).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use scholia_core::Timestamp;
use yew::prelude::*;

use crate::saver::Saver;
use crate::state::{Message, READ_ONLY};
use crate::store::{Action, Store, ViewCommand};
use crate::web;
use crate::web::storage::Storage;
use crate::web::tabs::{Role, Tabs};
use crate::workspace::LibraryEntry;

use super::jobs::PendingRestore;
use super::jobs::{Exports, Imports};

pub type Dispatcher = UseReducerDispatcher<Store>;

/// Settings keys.
pub const CURRENT_DOCUMENT: &str = "current";
pub const ANNOTATOR: &str = "annotator";

/// How long a following tab waits for the editing tab's writes to pause.
pub(super) const FOLLOW_MS: u32 = 150;

/// A handle on the library, shared by the root and the library components.
#[derive(Clone)]
pub struct Library(pub(super) Rc<Inner>);

pub(super) struct Inner {
    pub(super) dispatcher: Dispatcher,
    pub(super) storage: RefCell<Option<Rc<Storage>>>,
    pub(super) saver: Rc<Saver>,
    pub(super) tabs: RefCell<Option<Rc<Tabs>>>,
    pub(super) role: Cell<Option<Role>>,
    /// The open document's id.
    pub(super) current: RefCell<Option<String>>,
    /// Texts and their folded forms, by document id, for search.
    pub(super) texts: RefCell<HashMap<String, Rc<(String, String)>>>,
    pub(super) on_backup: RefCell<Option<Callback<PendingRestore>>>,
    /// A reload asked for by the editing tab, waiting for its burst of
    /// writes to pause: (whether the open document changed, the timer).
    pub(super) following: RefCell<Option<(bool, gloo::timers::callback::Timeout)>>,
    /// Imports and exports, through the formats' worker.
    pub(super) imports: Imports,
    pub(super) exports: Exports,
    /// The library's knowledge base as last loaded or stored.
    pub(super) knowledge: RefCell<Rc<scholia_core::KnowledgeBase>>,
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
                imports: Imports::new(answer(Library::import_event)),
                exports: Exports::new(answer(Library::export_event)),
                knowledge: RefCell::new(Rc::default()),
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

    pub(super) fn dispatch(&self, action: Action) {
        self.0.dispatcher.dispatch(action);
    }

    pub(super) fn error(&self, text: String) {
        self.dispatch(Action::View(ViewCommand::Report(Message::error(text))));
    }

    pub(super) fn info(&self, text: String) {
        self.dispatch(Action::View(ViewCommand::Report(Message::info(text))));
    }

    pub(super) fn storage(&self) -> Option<Rc<Storage>> {
        self.0.storage.borrow().clone()
    }

    /// Whether this tab may change the library; says why not if not.
    pub(super) fn may_edit(&self) -> bool {
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
}

/// The most recently edited document not in the trash.
pub(super) fn first_in_library(entries: &[LibraryEntry]) -> Option<String> {
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
    pub(super) fn times_read_as_people_say_them() {
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
