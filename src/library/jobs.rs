//! What the library keeps about the jobs under way in workers (imports,
//! exports) and a backup waiting to be restored: plain state, shared by the
//! handle that holds it and the parts that run the jobs.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use scholia_core::format::library::Backup;
use scholia_worker::protocol::{ExportedFile, ImportSettings, Outcome, Report, Unit, UnitResult};
use yew::Callback;

use crate::web::worker::{Event, FormatsWorker, Strings};

/// How far the worker is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub file: String,
    pub done: u64,
    pub total: u64,
    pub records: u64,
}

/// What the worker read, for the import report.
#[derive(PartialEq)]
pub struct Review {
    pub results: Vec<UnitResult>,
    pub documents: Strings,
}

impl Review {
    /// Documents that can be added.
    pub fn documents(&self) -> usize {
        self.results
            .iter()
            .map(|r| match r.outcome {
                Outcome::Read { documents, .. } => documents,
                _ => 0,
            })
            .sum()
    }

    /// The file the `index`th document comes from, and the predictions read
    /// for it (none for most files).
    pub fn origin(&self, index: usize) -> (&str, Vec<scholia_core::suggest::Suggestion>) {
        let mut before = 0;
        for result in &self.results {
            if let Outcome::Read {
                documents,
                predictions,
                ..
            } = &result.outcome
            {
                if index < before + documents {
                    let of_it = predictions.get(index - before).cloned();
                    return (&result.name, of_it.unwrap_or_default());
                }
                before += documents;
            }
        }
        ("", Vec::new())
    }
}

/// Documents being stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Storing {
    pub done: usize,
    pub total: usize,
}

/// The import as the components show it.
#[derive(Clone, PartialEq, Default)]
pub struct ImportView {
    /// The files being imported, as chosen.
    pub names: Rc<Vec<String>>,
    pub settings: ImportSettings,
    /// The worker is reading (again, when a review is open).
    pub reading: Option<Reading>,
    /// What it read, waiting for the user.
    pub review: Option<Rc<Review>>,
    /// Documents being added to the library.
    pub storing: Option<Storing>,
}

/// The import under way: the files, for reading them again.
pub(super) struct Pending {
    pub(super) job: u32,
    pub(super) files: Vec<web_sys::File>,
    pub(super) names: Vec<String>,
    pub(super) units: Vec<Unit>,
}

/// The library's side of imports.
pub(super) struct Imports {
    pub(super) worker: FormatsWorker,
    pub(super) job: Cell<u32>,
    pub(super) pending: RefCell<Option<Pending>>,
    pub(super) view: RefCell<Rc<ImportView>>,
    pub(super) on_view: RefCell<Option<Callback<Rc<ImportView>>>>,
    /// The offset unit and re-anchoring chosen last, kept for the next import.
    pub(super) last: RefCell<ImportSettings>,
}

impl Imports {
    pub(super) fn new(on_event: Rc<dyn Fn(Event)>) -> Imports {
        Imports {
            worker: FormatsWorker::new(on_event),
            job: Cell::new(0),
            pending: RefCell::new(None),
            view: RefCell::new(Rc::new(ImportView::default())),
            on_view: RefCell::new(None),
            last: RefCell::new(ImportSettings::default()),
        }
    }

    pub(super) fn is_storing(&self) -> bool {
        self.view.borrow().storing.is_some()
    }
}

/// What the worker wrote: the files (with their contents) and the report,
/// or why it could not.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportAnswer {
    pub job: u32,
    pub result: Result<(Vec<(ExportedFile, String)>, Report), String>,
}

/// The library's side of exports.
pub(super) struct Exports {
    pub(super) worker: FormatsWorker,
    pub(super) job: Cell<u32>,
    pub(super) on_answer: RefCell<Option<Callback<Rc<ExportAnswer>>>>,
}

impl Exports {
    pub(super) fn new(on_event: Rc<dyn Fn(Event)>) -> Exports {
        Exports {
            worker: FormatsWorker::new(on_event),
            job: Cell::new(0),
            on_answer: RefCell::new(None),
        }
    }
}

/// What a library backup file offers, waiting for the user to choose how to
/// restore it.
#[derive(Clone)]
pub struct PendingRestore {
    pub file_name: String,
    pub backup: Rc<Backup>,
    /// The backup's tagger models, checked by the worker and kept as text
    /// (a model may be megabytes: the page never parses it).
    pub tagger_models: Rc<Vec<scholia_worker::protocol::BackupModel>>,
}

impl PartialEq for PendingRestore {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.backup, &other.backup)
    }
}
