//! Backing up the whole library to one file, and restoring it by merging or
//! replacing (docs/backup.md).

use std::rc::Rc;

use scholia_core::format::library::{self as backup_format, Backup};
use scholia_core::format::scholia as native;
use scholia_core::knowledge::file as kb_file;
use scholia_core::library::{same_content, LibraryDocument, Status};
use scholia_core::model::Timestamp;
use scholia_worker::protocol::{self, BackupEntry, BackupModel, BackupRead, Request, Response};
use wasm_bindgen::JsValue;

use super::handle::{first_in_library, Library};
use super::jobs::PendingRestore;
use super::suggestions::{restore_suggestions, stored_suggestions};
use crate::open;
use crate::open::unused_title;
use crate::state::suggestions::tagger::model_key;
use crate::web::worker::{self, Event, Session, Strings};
use crate::web::{self, files};
use crate::words::plural;

impl Library {
    /// Downloads the whole library (with what is not yet stored) as one file.
    /// Only documents with changes not yet stored come from memory.
    pub fn back_up(&self, annotator: String) {
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut documents = match library.storage() {
                Some(storage) => match storage.export_all().await {
                    Ok(documents) => documents,
                    Err(error) => {
                        library.error(format!(
                            "Could not read the library for a backup ({error})."
                        ));
                        Vec::new()
                    }
                },
                None => Vec::new(),
            };
            // What is only in memory (not yet stored, or no storage at all)
            // wins over what is stored.
            let now = web::now();
            let storage_works = library.storage().is_some();
            for workspace in library.0.saver.workspaces() {
                let workspace = workspace.borrow();
                if storage_works && workspace.unsaved.is_empty() {
                    continue;
                }
                let id = &workspace.doc.document().id;
                let in_memory = LibraryDocument {
                    doc: workspace.doc.clone(),
                    history: Default::default(),
                    status: Status::InProgress,
                    created: now,
                    modified: now,
                    trashed: None,
                };
                match documents.iter_mut().find(|d| &d.doc.document().id == id) {
                    Some(stored) => stored.doc = in_memory.doc,
                    None => documents.push(in_memory),
                }
            }
            if documents.is_empty() {
                library.error("There is nothing to back up yet.".into());
                return;
            }
            // The formats' worker writes the file, with each document's
            // suggestions' decisions and predictions.
            let mut entries = Vec::with_capacity(documents.len());
            for d in &documents {
                let suggestions = match library.storage() {
                    Some(storage) => stored_suggestions(&storage, &d.doc.document().id).await,
                    None => Default::default(),
                };
                entries.push(BackupEntry {
                    suggestions,
                    ..BackupEntry::of(d)
                });
            }
            // The tagger models of the documents' schemes, as stored.
            let tagger_models = match library.storage() {
                Some(storage) => stored_models(&storage, &documents).await,
                None => Vec::new(),
            };
            let texts: js_sys::Array = documents
                .iter()
                .map(|d| JsValue::from(native::export(&d.doc)))
                .collect();
            drop(documents);
            // And the library's knowledge base, which the documents' links
            // name (none is written when it has no entities).
            let knowledge_base = library.knowledge_base();
            let request = Request::WriteBackup {
                job: 1,
                annotator: Some(annotator),
                now: now.0,
                entries,
                knowledge_base: (!knowledge_base.is_empty())
                    .then(|| kb_file::export_json(&knowledge_base)),
                tagger_models,
            };
            let json = match Session::new()
                .ask(&request, protocol::DOCUMENTS, &texts)
                .await
            {
                Event::Answer(Response::Written { result: Ok(()), .. }, payload) => {
                    worker::text(&payload, protocol::CONTENTS).unwrap_or_default()
                }
                Event::Answer(
                    Response::Written {
                        result: Err(error), ..
                    },
                    _,
                )
                | Event::Failed(error) => {
                    library.error(format!("Could not back up the library: {error}."));
                    return;
                }
                Event::Answer(..) => return,
            };
            let name = format!("scholia-library-{}.json", &now.to_rfc3339()[..10]);
            match files::download(&name, &json, "application/json") {
                Ok(()) => library.info(format!(
                    "The library ({}) was saved as {name}. Restore it here or in another browser with “Restore…”.",
                    plural(texts.length() as usize, "document", "documents")
                )),
                Err(error) => library.error(format!("Could not back up the library: {error}.")),
            }
        });
    }

    /// Reads a chosen backup file (in the formats' worker, which checks
    /// everything and names what is wrong) and offers it for restoring.
    pub fn open_backup(&self, list: Vec<web_sys::File>) {
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            for file in list {
                let name = file.name();
                let request = Request::ReadBackup {
                    job: 1,
                    name: name.clone(),
                };
                match Session::new().ask_with_file(&request, &file).await {
                    Event::Answer(Response::Backup { result, .. }, payload) => match result
                        .and_then(|read| {
                            backup_of(read, &payload.strings(protocol::DOCUMENTS)).map_err(|e| {
                                format!("Could not restore {name} ({e}). The library is unchanged.")
                            })
                        }) {
                        Ok((backup, models)) => library.offer_backup(&name, backup, models),
                        Err(error) => library.error(error),
                    },
                    Event::Answer(..) => {}
                    Event::Failed(error) => {
                        library.error(format!("Could not restore {name} ({error})."))
                    }
                }
            }
        });
    }

    fn offer_backup(&self, file_name: &str, backup: Backup, tagger_models: Vec<BackupModel>) {
        if let Some(callback) = self.0.on_backup.borrow().as_ref() {
            callback.emit(PendingRestore {
                file_name: file_name.to_string(),
                backup: Rc::new(backup),
                tagger_models: Rc::new(tagger_models),
            });
        }
    }

    /// Restores a backup: `replace` empties the library first; otherwise
    /// documents already here are kept, new ones added, and documents whose
    /// id is taken by other content added as copies.
    pub fn restore(&self, pending: PendingRestore, replace: bool) {
        if !self.may_edit() {
            return;
        }
        let Some(storage) = self.storage() else {
            self.error(
                "Could not restore: this browser does not let Scholia store documents.".into(),
            );
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let entries = storage.library().await.unwrap_or_default();
            let mut documents = Vec::new();
            // The suggestions of each document added, by its id here.
            let mut suggestions = Vec::new();
            let (mut copies, mut already) = (0, 0);
            let mut titles: Vec<String> = entries.iter().map(|e| e.title.clone()).collect();
            for (index, incoming) in pending.backup.documents.iter().cloned().enumerate() {
                let of_this = pending.backup.suggestions_of(index);
                if replace {
                    suggestions.push((incoming.doc.document().id.clone(), of_this));
                    documents.push(incoming);
                    continue;
                }
                let id = incoming.doc.document().id.clone();
                // Already here, under this id or another (a copy restored
                // before)? Then there is nothing to do.
                let mut already_here = false;
                for entry in entries
                    .iter()
                    .filter(|e| e.id != id && e.sha256 == incoming.doc.document().text.sha256())
                {
                    if let Ok(stored) = storage.load(&entry.id).await {
                        already_here |= same_content(&stored.doc, &incoming.doc);
                    }
                }
                let stored = match entries.iter().any(|e| e.id == id) {
                    true => storage.load(&id).await.ok().map(|s| s.doc),
                    false => None,
                };
                let plan = match already_here {
                    true => None,
                    false => backup_format::needs_copy(&incoming.doc, stored.as_ref()),
                };
                match plan {
                    None => already += 1,
                    Some(copy) => {
                        let mut incoming = incoming;
                        if copy {
                            copies += 1;
                            incoming.doc.set_document_id(web::new_id());
                        }
                        let title = unused_title(
                            &incoming.doc.document().title,
                            titles.iter().map(String::as_str),
                        );
                        if title != incoming.doc.document().title {
                            // A title change outside the history: keep the
                            // history's steps valid by renaming in place.
                            let _ = incoming
                                .doc
                                .apply(scholia_core::Edit::SetTitle(title.clone()));
                        }
                        titles.push(title);
                        suggestions.push((incoming.doc.document().id.clone(), of_this));
                        documents.push(incoming);
                    }
                }
            }
            if replace {
                for workspace in library.0.saver.workspaces() {
                    let id = workspace.borrow().doc.document().id.clone();
                    library.0.saver.forget(&id);
                }
                library.0.texts.borrow_mut().clear();
            }
            // The backup's entities join this library's by the merge rules
            // (ours kept where they conflict, the conflicts shown in the
            // Entities dialog), even when the documents are replaced:
            // entities are never dropped silently. Links follow an entity
            // whose id went elsewhere.
            let mut entities = library.entities_merging();
            let merged = pending
                .backup
                .knowledge_base
                .as_ref()
                .map(|theirs| entities.take_backup(theirs, &mut documents, web::now()));
            let added = documents.len();
            let mut stored = storage.put_documents(&documents, replace).await;
            for (id, of_this) in &suggestions {
                if stored.is_ok() {
                    stored = restore_suggestions(&storage, id, of_this, replace).await;
                }
            }
            // Each tagger model under its scheme's labels, also for labels
            // no document here has (kept for when one does); one already
            // here is kept unless the library is replaced.
            let mut models = 0;
            for model in pending.tagger_models.iter() {
                let key = format!("tagger:{}", model.scheme_labels.join(","));
                if stored.is_ok() && (replace || storage.setting(&key).await.is_none()) {
                    stored = storage.set_setting(&key, &model.json).await;
                    models += 1;
                }
            }
            // The documents are stored first: a base that cannot be stored
            // then (keep_merged says why) leaves them restored.
            let entities_stored = stored.is_err() || library.keep_merged(entities).await;
            match stored {
                Ok(()) => {
                    let mut message = if replace {
                        format!(
                            "The library was replaced by the {added} documents of {}.",
                            pending.file_name
                        )
                    } else {
                        format!(
                            "Restored from {}: {} added{}{}.",
                            pending.file_name,
                            added,
                            if copies > 0 {
                                format!(
                                    " ({copies} as copies: their id was taken by other content)"
                                )
                            } else {
                                String::new()
                            },
                            if already > 0 {
                                format!(", {already} already here")
                            } else {
                                String::new()
                            },
                        )
                    };
                    if models > 0 {
                        message.push_str(&format!(
                            " With {}.",
                            plural(models, "tagger model", "tagger models")
                        ));
                    }
                    if let Some((new, conflicts)) = merged.filter(|_| entities_stored) {
                        message.push_str(&format!(
                            " New entities from its knowledge base: {new}{}.",
                            match conflicts {
                                0 => String::new(),
                                n => format!(
                                    "; {} to look at in Entities (ours kept)",
                                    plural(n, "conflict", "conflicts")
                                ),
                            }
                        ));
                    }
                    library.refresh_list(&storage).await;
                    let entries = storage.library().await.unwrap_or_default();
                    let current = library.0.current.borrow().clone();
                    let reopen = match current {
                        Some(id) if !replace && entries.iter().any(|e| e.id == id) => None,
                        _ => first_in_library(&entries),
                    };
                    if let Some(id) = reopen {
                        library.load_and_open(&storage, &id).await;
                    }
                    // The open document's decisions may have come with it.
                    if let Some(id) = library.0.current.borrow().clone() {
                        if suggestions.iter().any(|(restored, _)| *restored == id) {
                            library.load_decisions(id);
                        }
                    }
                    match entities_stored {
                        true => library.info(message),
                        false => library.error(format!(
                            "{message} Its knowledge base could not be stored, so its entities are not in this library's."
                        )),
                    }
                }
                Err(error) => library.error(format!(
                    "Could not restore {} ({error}). The library is unchanged.",
                    pending.file_name
                )),
            }
        });
    }
}

/// The backup the worker read: its documents (checked there, and read back
/// here through the checks of a stored document) in their places.
fn backup_of(read: BackupRead, documents: &Strings) -> Result<(Backup, Vec<BackupModel>), String> {
    let suggestions = read.entries.iter().map(|e| e.suggestions.clone()).collect();
    let documents = read
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let json = documents
                .utf8(i)
                .ok_or("a document went missing on its way from the worker")?;
            let doc = open::from_worker(json).map_err(|e| e.to_string())?;
            Ok(entry.place(doc))
        })
        .collect::<Result<Vec<_>, String>>()?;
    // Checked in the worker; read again here as the stored base is.
    let knowledge_base = read
        .knowledge_base
        .as_deref()
        .map(kb_file::import_json)
        .transpose()
        .map_err(|e| format!("its knowledge base: {e}"))?;
    let backup = Backup {
        created: read.created.map(Timestamp),
        annotator: read.annotator,
        suggestions,
        documents,
        knowledge_base,
        // Kept as text beside it (see `PendingRestore::tagger_models`).
        tagger_models: Vec::new(),
    };
    Ok((backup, read.tagger_models))
}

/// The tagger models stored for the documents' schemes (one per set of
/// label ids), as text.
async fn stored_models(
    storage: &crate::web::storage::Storage,
    documents: &[LibraryDocument],
) -> Vec<BackupModel> {
    let mut keys: Vec<String> = documents
        .iter()
        .map(|d| model_key(d.doc.scheme()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut models = Vec::new();
    for key in keys {
        if let Some(json) = storage.setting(&key).await {
            let labels = key.strip_prefix("tagger:").unwrap_or(&key);
            models.push(BackupModel {
                scheme_labels: labels.split(',').map(str::to_string).collect(),
                json,
            });
        }
    }
    models
}

/// "Saved in this browser: 1.2 MB; kept even when space runs low."
pub async fn describe_storage() -> Option<String> {
    let (used, quota) = web::storage::estimate().await?;
    let persisted = web::storage::persisted().await.unwrap_or(false);
    let size = |bytes: f64| crate::words::size(bytes as u64);
    Some(format!(
        "Saved in this browser: {} used, {} available. {}",
        size(used),
        size(quota),
        if persisted {
            "The browser keeps it even when space runs low."
        } else {
            "The browser may clear it when space runs low: back up now and then."
        }
    ))
}
