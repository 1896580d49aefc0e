//! Importing annotation files. The formats' worker reads them off the
//! page's thread (progress by bytes and records; Cancel terminates it, and
//! nothing has touched the library yet). Files in a foreign format then wait
//! in the import report, where the user reads what was found, changes the
//! settings (which reads the files again) and adds the documents, or not;
//! Scholia's own files go straight in. Adding shows the first document at
//! once and stores the others in batches, each one transaction, without
//! holding up the page.

use std::collections::HashSet;
use std::rc::Rc;

use scholia_core::format::detect::Format;
use scholia_core::library::{same_content, LibraryDocument, Status};
use scholia_worker::protocol::{
    self, ImportSettings, Outcome, Request, Response, Unit, UnitResult,
};
use yew::Callback;

use super::handle::Library;
use super::jobs::*;
use super::suggestions::add_predictions;
use crate::open::{self, unused_title};
use crate::store::{Action, LibraryCommand};
use crate::web::worker::{Event, Payload};
use crate::web::{self, files};
use crate::words::plural;
use crate::workspace::WorkspaceRef;

/// About how many records (annotations, relations, and a few per document)
/// one storing transaction takes, so that no step holds the page long.
const BATCH_RECORDS: usize = 4000;
/// How long building documents may run before letting the page breathe (ms).
const SLICE_MS: f64 = 12.0;

/// A file's name as the import uses it.
fn name_of(file: &web_sys::File) -> String {
    file.name()
}

impl Library {
    fn imports(&self) -> &Imports {
        &self.0.imports
    }

    /// Where the import's state goes (the import panel).
    pub fn on_import(&self, callback: Callback<Rc<ImportView>>) {
        callback.emit(self.imports().view.borrow().clone());
        *self.imports().on_view.borrow_mut() = Some(callback);
    }

    fn set_view(&self, change: impl FnOnce(&mut ImportView)) {
        let view = {
            let mut view = self.imports().view.borrow_mut();
            change(Rc::make_mut(&mut view));
            view.clone()
        };
        if let Some(callback) = self.imports().on_view.borrow().as_ref() {
            callback.emit(view);
        }
    }

    /// Opens each chosen or dropped file: text files as new documents, the
    /// others (annotation files, brat pairs, backups) through the worker.
    pub fn open_files(&self, list: Vec<web_sys::File>) {
        let names: Vec<String> = list.iter().map(name_of).collect();
        let plan = open::plan(&names);
        // Read here, in the order chosen (the last one ends up open): text
        // files, and small `.json` files (`true`), tried first as Scholia's
        // own (the common case: a teammate's export), which shows them
        // without the worker's round trip. The rest goes to the worker.
        // (Marked by index and read off in order: no sort.)
        let mut read_here: Vec<Option<bool>> = vec![None; names.len()];
        for &i in &plan.texts {
            read_here[i] = Some(false);
        }
        let mut units = Vec::new();
        for unit in plan.units {
            match unit {
                Unit::File { file } if open::maybe_native(&names[file], list[file].size()) => {
                    read_here[file] = Some(true)
                }
                other => units.push(other),
            }
        }
        let here: Vec<(usize, bool)> = read_here
            .into_iter()
            .enumerate()
            .filter_map(|(i, native)| Some((i, native?)))
            .collect();
        if here.is_empty() {
            if !units.is_empty() {
                self.start_import(list, names, units);
            }
            return;
        }
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let chosen: Vec<web_sys::File> = here.iter().map(|&(i, _)| list[i].clone()).collect();
            for (&(index, maybe_native), picked) in here.iter().zip(files::read_all(chosen).await) {
                let picked = match picked {
                    Ok(picked) => picked,
                    Err(message) => {
                        library.error(message);
                        continue;
                    }
                };
                if maybe_native {
                    // (the bytes go before the document is stored and shown:
                    // a temporary in the `match` would live until its end)
                    let read = open::read_native(picked.bytes());
                    match read {
                        Some((mut doc, theirs)) => {
                            let mut entities = library.entities_merging();
                            entities.take(&theirs, &mut doc, web::now());
                            library.keep_merged(entities).await;
                            library.add_document(doc, &picked.name).await
                        }
                        None => units.push(Unit::File { file: index }),
                    }
                    continue;
                }
                let read = open::read_text_file(&picked.name, &picked.bytes(), &web::new_id());
                match read {
                    Ok(doc) => library.add_document(doc, &picked.name).await,
                    Err(error) => library.error(format!("Could not open {error}")),
                }
            }
            if !units.is_empty() {
                library.start_import(list, names, units);
            }
        });
    }

    /// Reads files as suggestions (chosen in the Suggestions section):
    /// every file goes through the worker and the import report, Scholia's
    /// own included (opened as usual, they go straight in as annotations),
    /// with "Import as suggestions" ticked. Plain text has no spans to
    /// propose: it is refused, saying so.
    pub fn import_as_suggestions(&self, list: Vec<web_sys::File>) {
        let names: Vec<String> = list.iter().map(name_of).collect();
        let plan = open::plan(&names);
        for &i in &plan.texts {
            self.error(format!(
                "{}: plain text has no spans to propose; open it as a document with Import, then import its annotations as suggestions.",
                names[i]
            ));
        }
        if !plan.units.is_empty() {
            self.start_import_as(list, names, plan.units, true);
        }
    }

    fn start_import(&self, files: Vec<web_sys::File>, names: Vec<String>, units: Vec<Unit>) {
        self.start_import_as(files, names, units, false)
    }

    fn start_import_as(
        &self,
        files: Vec<web_sys::File>,
        names: Vec<String>,
        units: Vec<Unit>,
        as_suggestions: bool,
    ) {
        // A new choice of files replaces an import not yet added.
        self.imports().worker.terminate();
        let settings = ImportSettings {
            annotator: None,
            // Each import starts as annotations, unless chosen from the
            // Suggestions section; the report's box changes it.
            as_suggestions,
            now: web::now().0,
            ..self.imports().last.borrow().clone()
        };
        let job = self.imports().job.get() + 1;
        self.imports().job.set(job);
        let shown: Vec<String> = units
            .iter()
            .map(|u| match u {
                Unit::File { file } => names[*file].clone(),
                Unit::Brat { ann, .. } => names[*ann].clone(),
                Unit::WithText { file, .. } => names[*file].clone(),
            })
            .collect();
        *self.imports().pending.borrow_mut() = Some(Pending {
            job,
            files,
            names,
            units,
        });
        self.set_view(|view| {
            let storing = view.storing.take();
            *view = ImportView {
                names: Rc::new(shown),
                settings: settings.clone(),
                reading: None,
                review: None,
                storing,
            };
        });
        self.read(job, settings);
    }

    /// Asks the worker to read the pending files with these settings.
    fn read(&self, job: u32, settings: ImportSettings) {
        let pending = self.imports().pending.borrow();
        let Some(pending) = pending.as_ref() else {
            return;
        };
        self.set_view(|view| {
            view.settings = settings.clone();
            view.reading = Some(Reading {
                file: view.names.first().cloned().unwrap_or_default(),
                done: 0,
                total: pending.files.iter().map(|f| f.size() as u64).sum(),
                records: 0,
            });
        });
        let request = Request::Import {
            job,
            names: pending.names.clone(),
            units: pending.units.clone(),
            settings,
        };
        self.imports().worker.import(&request, &pending.files);
    }

    /// Reads the pending files again with other settings (from the report).
    pub fn reread_import(&self, settings: ImportSettings) {
        *self.imports().last.borrow_mut() = ImportSettings {
            annotator: None,
            ..settings.clone()
        };
        let job = self.imports().job.get() + 1;
        self.imports().job.set(job);
        if let Some(pending) = self.imports().pending.borrow_mut().as_mut() {
            pending.job = job;
        }
        // A read under way is of no use any more.
        self.imports().worker.terminate();
        self.read(job, settings);
    }

    /// Stops reading, or drops what was read: nothing reaches the library.
    pub fn cancel_import(&self) {
        let was_reading = self.imports().view.borrow().reading.is_some();
        self.imports().worker.terminate();
        self.imports().pending.borrow_mut().take();
        self.set_view(|view| {
            view.reading = None;
            view.review = None;
        });
        if was_reading {
            self.info("Import cancelled: nothing was added, the library is as it was.".into());
        }
    }

    /// The worker's answers about imports.
    pub(super) fn import_event(&self, event: Event) {
        let job = self.imports().job.get();
        match event {
            Event::Answer(
                Response::Progress {
                    job: of,
                    done,
                    total,
                    records,
                    file,
                },
                _,
            ) if of == job => self.set_view(|view| {
                view.reading = Some(Reading {
                    file,
                    done,
                    total,
                    records,
                })
            }),
            Event::Answer(Response::Imported { job: of, results }, payload) if of == job => {
                // Everything read is in the answer: the worker goes, with
                // its wasm memory, which never shrinks (a 5 MB file left
                // ~300 MB in the page's process). The next read starts a
                // fresh one.
                self.imports().worker.terminate();
                self.imported(results, &payload)
            }
            Event::Answer(..) => {}
            Event::Failed(error) => {
                if self.imports().view.borrow().reading.is_some() {
                    self.imports().pending.borrow_mut().take();
                    self.set_view(|view| {
                        view.reading = None;
                        view.review = None;
                    });
                    self.error(format!(
                        "Could not import: {error}. Nothing was added, the library is as it was."
                    ));
                }
            }
        }
    }

    fn imported(&self, results: Vec<UnitResult>, payload: &Payload) {
        let documents = payload.strings(protocol::DOCUMENTS);
        // Backups are offered for restoring, as when chosen with Restore….
        let backups: Vec<web_sys::File> = {
            let pending = self.imports().pending.borrow();
            results
                .iter()
                .zip(pending.iter().flat_map(|p| p.units.iter()))
                .filter(|(r, _)| r.outcome == Outcome::Backup)
                .filter_map(|(_, unit)| match (unit, pending.as_ref()) {
                    (Unit::File { file }, Some(p)) => p.files.get(*file).cloned(),
                    _ => None,
                })
                .collect()
        };
        let reviewing = self.imports().view.borrow().review.is_some();
        if !backups.is_empty() && !reviewing {
            self.open_backup(backups);
        }
        let results: Vec<UnitResult> = results
            .into_iter()
            .filter(|r| r.outcome != Outcome::Backup)
            .collect();
        let native = |r: &UnitResult| r.format.as_deref() == Some(Format::Scholia.name());
        let clean = |r: &UnitResult| {
            native(r) && matches!(&r.outcome, Outcome::Read { report, .. } if report.is_empty())
        };
        // Scholia's own files need no report, unless one is being read
        // again or they are read as suggestions (the report says how many,
        // and its box may turn them back into annotations).
        let as_suggestions = self.imports().view.borrow().settings.as_suggestions;
        if !reviewing && !as_suggestions && results.iter().all(|r| native(r) || r.format.is_none())
        {
            self.imports().pending.borrow_mut().take();
            self.set_view(|view| view.reading = None);
            for result in &results {
                if let Outcome::Refused { error, .. } = &result.outcome {
                    self.error(format!("Could not open {error}"));
                }
            }
            if results.iter().any(clean) {
                let review = Rc::new(Review { results, documents });
                self.add_import_of(review);
            }
            return;
        }
        self.set_view(|view| {
            view.reading = None;
            view.review = Some(Rc::new(Review { results, documents }));
        });
    }

    /// Adds what the report shows to the library.
    pub fn add_import(&self) {
        let review = self.imports().view.borrow().review.clone();
        let Some(review) = review else {
            return;
        };
        if self.imports().is_storing() {
            self.info(
                "The previous import is still being added: add this one when it is done.".into(),
            );
            return;
        }
        self.imports().pending.borrow_mut().take();
        self.set_view(|view| view.review = None);
        self.add_import_of(review);
    }

    fn add_import_of(&self, review: Rc<Review>) {
        if !self.may_edit() {
            return;
        }
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move { library.store_import(review).await });
    }

    /// Builds the documents one by one, shows the first at once (the saver
    /// stores it, and any edit made to it), and stores the others in
    /// batches, each one transaction. A document already stored with the
    /// same content is not added again.
    async fn store_import(&self, review: Rc<Review>) {
        let total = review.documents.len();
        if total == 0 {
            return;
        }
        let mut suggested = 0;
        let Some(storage) = self.storage() else {
            // Nothing is stored in this browser: show the first document.
            if let Some(Ok(doc)) = review.documents.utf8(0).map(open::from_worker) {
                self.dispatch(Action::Library(LibraryCommand::Open(Box::new(doc))));
            }
            if total > 1 {
                self.error(format!(
                    "Only the first of the {total} documents is open: this browser does not let Scholia store documents."
                ));
            }
            return;
        };
        self.set_view(|view| view.storing = Some(Storing { done: 0, total }));
        self.dispatch(Action::Library(LibraryCommand::SaveStarted));
        let entries = storage.library().await.unwrap_or_default();
        let mut titles: Vec<String> = entries.iter().map(|e| e.title.clone()).collect();
        let mut ids: HashSet<String> = entries.iter().map(|e| e.id.clone()).collect();
        let now = web::now();
        let (mut added, mut already, mut done) = (0, 0, 0);
        let mut opened = false;
        let mut batch: Vec<LibraryDocument> = Vec::new();
        let mut records = 0;
        let mut failure = None;
        let mut slice_start = js_sys::Date::now();
        // The entities the documents carry join the library's base.
        let mut entities = self.entities_merging();
        for index in 0..total {
            let Some(json) = review.documents.utf8(index) else {
                continue;
            };
            let mut doc = match open::from_worker_with_entities(json) {
                Ok((mut doc, theirs)) => {
                    entities.take(&theirs, &mut doc, now);
                    doc
                }
                Err(error) => {
                    failure = Some(format!(
                        "{} (document {})",
                        error.in_file(review.origin(index).0),
                        index + 1
                    ));
                    break;
                }
            };
            let predictions = review.origin(index).1;
            // Predictions with no annotations are for a text: the one
            // stored with that text takes them.
            let only_predictions = !predictions.is_empty() && doc.annotations().len() == 0;
            // Already stored with the same text and annotations: keep that one.
            let mut stored_copy = None;
            for entry in entries
                .iter()
                .filter(|e| e.sha256 == doc.document().text.sha256())
            {
                if let Ok(stored) = storage.load(&entry.id).await {
                    if same_content(&stored.doc, &doc)
                        || (only_predictions && stored.doc.document().text == doc.document().text)
                    {
                        if entry.trashed.is_some() {
                            let _ = storage
                                .update(&entry.id, crate::web::storage::DocumentChange::Trash(None))
                                .await;
                        }
                        stored_copy = Some((entry.id.clone(), stored));
                        break;
                    }
                }
            }
            if let Some((id, stored)) = stored_copy {
                suggested += predictions.len();
                if let Err(error) = add_predictions(&storage, &id, predictions).await {
                    failure = Some(error);
                    break;
                }
                already += 1;
                done += 1;
                if !opened {
                    opened = true;
                    self.opened(
                        &id,
                        WorkspaceRef::restored(stored.doc, stored.history, stored.mark),
                    );
                }
                continue;
            }
            if ids.contains(&doc.document().id) {
                // Same id, other content: keep both.
                doc.set_document_id(web::new_id());
            }
            ids.insert(doc.document().id.clone());
            suggested += predictions.len();
            if let Err(error) = add_predictions(&storage, &doc.document().id, predictions).await {
                failure = Some(error);
                break;
            }
            let title = unused_title(&doc.document().title, titles.iter().map(String::as_str));
            if title != doc.document().title {
                let _ = doc.apply(scholia_core::Edit::SetTitle(title.clone()));
            }
            titles.push(title);
            added += 1;
            if !opened {
                // Shown now; the saver stores it (with any edit made to it
                // meanwhile) and says when it is saved.
                opened = true;
                done += 1;
                let id = doc.document().id.clone();
                let workspace = WorkspaceRef::new(doc);
                self.0.saver.add_new(workspace.clone());
                *self.0.current.borrow_mut() = Some(id);
                self.dispatch(Action::Library(LibraryCommand::OpenWorkspace(workspace)));
                continue;
            }
            records += doc.annotations().len() + doc.relations().len() + 4;
            // An imported file with annotations is work under way.
            let status = match doc.annotations().len() {
                0 => Status::NotStarted,
                _ => Status::InProgress,
            };
            batch.push(LibraryDocument {
                status,
                doc,
                history: Default::default(),
                created: now,
                modified: now,
                trashed: None,
            });
            if records >= BATCH_RECORDS {
                if let Err(error) = storage.put_documents(&batch, false).await {
                    failure = Some(error);
                    break;
                }
                done += batch.len();
                batch.clear();
                records = 0;
                self.set_view(|view| view.storing = Some(Storing { done, total }));
                slice_start = js_sys::Date::now();
            } else if js_sys::Date::now() - slice_start > SLICE_MS {
                gloo::timers::future::TimeoutFuture::new(0).await;
                slice_start = js_sys::Date::now();
            }
        }
        if failure.is_none() && !batch.is_empty() {
            match storage.put_documents(&batch, false).await {
                Ok(()) => done += batch.len(),
                Err(error) => failure = Some(error),
            }
        }
        self.keep_merged(entities).await;
        self.refresh_list(&storage).await;
        // The open document may be the one that took predictions (already
        // open, it is not read again): its suggestions are.
        if suggested > 0 {
            if let Some(id) = self.0.current.borrow().clone() {
                self.load_decisions(id);
            }
        }
        self.set_view(|view| view.storing = None);
        self.dispatch(Action::Library(LibraryCommand::Saved));
        let names = review
            .results
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Read { .. }))
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let proposed = match suggested {
            0 => String::new(),
            n => format!(
                " {} proposed in Suggestions.",
                plural(n, "suggestion", "suggestions")
            ),
        };
        match failure {
            None if added == 0 && already == 1 => self.info(format!(
                "“{names}” is already here; it is now open.{proposed}"
            )),
            None if added == 0 => self.info(format!(
                "Every document of {names} is already here; the first is now open.{proposed}"
            )),
            None => self.info(format!(
                "Imported {} from {names}{}.{proposed}",
                plural(added, "document", "documents"),
                match already {
                    0 => String::new(),
                    n => format!(" ({n} already here)"),
                }
            )),
            Some(error) => self.error(format!(
                "Could not add every document of {names} ({error}): {done} of {total} are in the library. Import the file again to add the rest (those already added are recognised)."
            )),
        }
    }
}
