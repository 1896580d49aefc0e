//! The browser is the database: the library lives in IndexedDB (through
//! the `indexed_db_futures` crate and `web::idb`). See docs/storage.md for
//! the schema and its versions.
//!
//! Each document's text is stored once (`texts`), its metadata apart
//! (`documents`) so that a rename or a new count never rewrites the text,
//! every annotation and relation as its own record keyed by
//! `[docId, layer, id]`, and every undo step as its own record keyed by
//! `[docId, seq]` (`history`), so an edit writes only what it changed.
//! Records use the native format's record types (quotes included), and a
//! stored document is read back through the same checks as an imported file.
//!
//! Every write is one `strict` transaction: after a crash the store holds
//! all of it or none of it, and once it completes it is on disk.

mod batch;
mod records;
mod schema;

use std::collections::BTreeMap;
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use scholia_core::format::scholia::SchemeV1;
use scholia_core::library::{LibraryDocument, Status};
use scholia_core::{AnnotatedDocument, History, Timestamp};
use wasm_bindgen::{JsCast, JsValue};

use super::idb::{self};
use crate::workspace::{HistoryMark, LibraryEntry};

use batch::queue_batch;
pub use batch::{prepare_write, WriteBatch};
use records::*;
pub use records::{DocumentToStore, PendingWrite, StoredDocument};
pub use schema::AnnotationRecord;
use schema::*;

/// Something the database tells the app after opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageEvent {
    /// Another tab keeps an older version of the database open: the upgrade
    /// waits until it closes.
    UpgradeBlocked,
    /// A newer version of Scholia in another tab wants to upgrade the
    /// database; this tab has closed it and must reload.
    VersionChanged,
}

/// The open database.
pub struct Storage {
    db: Database,
    _on_version_change: gloo::events::EventListener,
}

impl Storage {
    /// Opens the database, creating it or upgrading it to the current
    /// schema version (every migration in one transaction).
    pub async fn open(on_event: Rc<dyn Fn(StorageEvent)>) -> Result<Storage, idb::OpenError> {
        let blocked = on_event.clone();
        let db = idb::open(DB_NAME, MIGRATIONS, move || {
            blocked(StorageEvent::UpgradeBlocked)
        })
        .await?;
        // A newer version in another tab wants to upgrade: let it. (A plain
        // listener on the crate's handle: the crate's `version-change`
        // feature gives the same event through a channel, for more code.)
        let closing = db.as_sys().clone();
        let listener = gloo::events::EventListener::new(db.as_sys(), "versionchange", move |_| {
            closing.close();
            on_event(StorageEvent::VersionChanged);
        });
        Ok(Storage {
            db,
            _on_version_change: listener,
        })
    }

    /// Every stored document (trashed ones too), most recently edited first.
    pub async fn library(&self) -> Result<Vec<LibraryEntry>, String> {
        let tx = idb::read(&self.db, &[DOCUMENTS])?;
        let records: Vec<DocumentRecord> =
            idb::all(store(&tx, DOCUMENTS)?.get_all().serde()).await?;
        let mut entries: Vec<_> = records.iter().map(DocumentRecord::entry).collect();
        scholia_core::sorting::sort_by_key(&mut entries, |e| std::cmp::Reverse(e.modified));
        Ok(entries)
    }

    /// Reads one document back, through the native format's checks, with
    /// its undo history.
    pub async fn load(&self, id: &str) -> Result<StoredDocument, String> {
        let tx = idb::read(&self.db, &DOCUMENT_STORES)?;
        let (record, doc) = read_document(&tx, id).await?;
        let (history, mark, history_problem) = match read_history(&tx, &record, &doc).await {
            Ok((history, offset)) => {
                let total = history.steps().0.len() + history.steps().1.len();
                (
                    history,
                    HistoryMark {
                        offset,
                        dirty_from: total,
                    },
                    None,
                )
            }
            // The document is fine; its history is not: start afresh (the
            // next write replaces the stored steps).
            Err(problem) => (History::default(), HistoryMark::default(), Some(problem)),
        };
        Ok(StoredDocument {
            doc,
            history,
            mark,
            history_problem,
        })
    }

    /// Stores a new document (opened, pasted or imported) in one transaction.
    pub async fn save_new(&self, doc: &AnnotatedDocument, now: Timestamp) -> Result<(), String> {
        let document = LibraryDocument {
            doc: doc.clone(),
            // An imported file with annotations is work under way.
            status: match doc.annotations().len() {
                0 => Status::NotStarted,
                _ => Status::InProgress,
            },
            created: now,
            modified: now,
            trashed: None,
            history: History::default(),
        };
        self.put_documents(&[document], false).await
    }

    /// Stores whole documents, replacing the whole library first if
    /// `replace`; one transaction, so a failure leaves the library as it was.
    pub async fn put_documents(
        &self,
        documents: &[LibraryDocument],
        replace: bool,
    ) -> Result<(), String> {
        let tx = idb::write(&self.db, &DOCUMENT_STORES)?;
        if replace {
            for name in DOCUMENT_STORES {
                idb::send(store(&tx, name)?.clear())?;
            }
        }
        for document in documents {
            put_document(&tx, document.into()).await?;
        }
        idb::commit(tx).await
    }

    /// Starts the write of a whole document in one transaction, from
    /// borrowed parts (the open document, without a copy of it): queues its
    /// metadata, text, scheme and history; the returned write queues its
    /// records ([`PendingWrite::put_records`]) and commits them.
    pub fn begin_put(&self, document: DocumentToStore<'_>) -> Result<PendingWrite<'_>, String> {
        let tx = idb::write(&self.db, &DOCUMENT_STORES)?;
        put_head(&tx, &document)?;
        Ok(PendingWrite {
            tx,
            doc_id: document.doc.document().id.clone(),
        })
    }

    /// Writes a prepared batch and the document's metadata in one
    /// transaction: after a crash the store holds all of it or none.
    pub async fn write_batch(&self, batch: &WriteBatch, now: Timestamp) -> Result<(), String> {
        let tx = idb::write(
            &self.db,
            &[DOCUMENTS, SCHEMES, ANNOTATIONS, RELATIONS, HISTORY],
        )?;
        // On any error the transaction is dropped uncommitted: nothing of
        // it is stored.
        queue_batch(&tx, batch, now).await?;
        idb::commit(tx).await
    }

    /// Changes a stored document's record (title, status, trash).
    pub async fn update(&self, id: &str, change: DocumentChange) -> Result<(), String> {
        let tx = idb::write(&self.db, &[DOCUMENTS])?;
        {
            let documents = store(&tx, DOCUMENTS)?;
            let Some(mut record) = get::<DocumentRecord>(&documents, id).await? else {
                return Err("the document is no longer stored".into());
            };
            match change {
                DocumentChange::Title(title) => record.title = title,
                DocumentChange::Status(status) => record.status = status.as_str().into(),
                DocumentChange::Trash(when) => record.trashed = when.map(|t| t.0),
            }
            idb::send(documents.put(&record).serde())?;
        }
        idb::commit(tx).await
    }

    /// Deletes documents and everything of theirs, in one transaction.
    pub async fn purge(&self, ids: &[String]) -> Result<(), String> {
        let tx = idb::write(&self.db, &DOCUMENT_STORES)?;
        for id in ids {
            for name in [DOCUMENTS, TEXTS, SCHEMES] {
                idb::send(store(&tx, name)?.delete(id.as_str()).primitive())?;
            }
            for name in [ANNOTATIONS, RELATIONS] {
                let records = records_of(id)?;
                idb::send(store(&tx, name)?.delete::<JsValue, _>(records).primitive())?;
            }
            let steps = steps_of(id, f64::NEG_INFINITY, f64::INFINITY);
            idb::send(store(&tx, HISTORY)?.delete(steps).serde())?;
        }
        idb::commit(tx).await
    }

    /// Every document of the library with its status, for a backup (undo
    /// histories stay here). Read in one transaction: a consistent snapshot.
    pub async fn export_all(&self) -> Result<Vec<LibraryDocument>, String> {
        let tx = idb::read(&self.db, &DOCUMENT_STORES)?;
        let records: Vec<DocumentRecord> =
            idb::all(store(&tx, DOCUMENTS)?.get_all().serde()).await?;
        let mut documents = Vec::new();
        for record in records {
            let (record, doc) = read_document(&tx, &record.id).await?;
            documents.push(LibraryDocument {
                status: Status::parse(&record.status).unwrap_or_default(),
                created: Timestamp(record.created),
                modified: Timestamp(record.modified),
                trashed: record.trashed.map(Timestamp),
                doc,
                history: History::default(),
            });
        }
        scholia_core::sorting::sort_by_key(&mut documents, |d| std::cmp::Reverse(d.modified));
        Ok(documents)
    }

    /// One document as stored, without its undo history (the tagger reads
    /// the library a document at a time, so that only one is held).
    pub async fn document(&self, id: &str) -> Result<AnnotatedDocument, String> {
        let tx = idb::read(&self.db, &DOCUMENT_STORES)?;
        Ok(read_document(&tx, id).await?.1)
    }

    /// Every document's text, by id, in one request (for search).
    pub async fn all_texts(&self) -> Result<Vec<(String, String)>, String> {
        let tx = idb::read(&self.db, &[TEXTS])?;
        let records: Vec<TextRecord> = idb::all(store(&tx, TEXTS)?.get_all().serde()).await?;
        Ok(records.into_iter().map(|r| (r.id, r.text)).collect())
    }

    /// Every annotation record of the library, with each document's label
    /// names (for search).
    pub async fn all_annotations(
        &self,
    ) -> Result<(Vec<AnnotationRecord>, BTreeMap<String, SchemeV1>), String> {
        let tx = idb::read(&self.db, &[ANNOTATIONS, SCHEMES])?;
        let annotations = idb::all(store(&tx, ANNOTATIONS)?.get_all().serde()).await?;
        let schemes: Vec<SchemeRecord> = idb::all(store(&tx, SCHEMES)?.get_all().serde()).await?;
        let schemes = schemes.into_iter().map(|r| (r.doc_id, r.scheme)).collect();
        Ok((annotations, schemes))
    }

    /// The annotation records of every document but `doc_id`, read through
    /// the `byDoc` index on each side of it: the open document's records,
    /// often most of the library's, are not read back beside the document
    /// itself (10,000 of them doubled the wasm memory of an import,
    /// docs/performance.md).
    pub async fn annotations_except(&self, doc_id: &str) -> Result<Vec<AnnotationRecord>, String> {
        let tx = idb::read(&self.db, &[ANNOTATIONS])?;
        records_except(&tx, ANNOTATIONS, doc_id).await
    }

    pub async fn setting(&self, key: &str) -> Option<String> {
        let tx = idb::read(&self.db, &[SETTINGS]).ok()?;
        let record: Option<SettingRecord> = get(&store(&tx, SETTINGS).ok()?, key).await.ok()?;
        record.map(|r| r.value)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), String> {
        let tx = idb::write(&self.db, &[SETTINGS])?;
        let record = SettingRecord {
            key: key.into(),
            value: value.into(),
        };
        put(&tx, SETTINGS, &record)?;
        idb::commit(tx).await
    }
}

/// A change to a document's place in the library.
pub enum DocumentChange {
    Title(String),
    Status(Status),
    /// Into the trash (`Some(when)`) or out of it (`None`).
    Trash(Option<Timestamp>),
}

/// Asks the browser to keep this site's storage even under pressure
/// (`navigator.storage.persist()`); whether it agreed.
pub async fn request_persistence() -> Option<bool> {
    let storage = crate::web::window().navigator().storage();
    let promise = storage.persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_bool()
}

/// Bytes used and available for this site, as the browser estimates them.
pub async fn estimate() -> Option<(f64, f64)> {
    let storage = crate::web::window().navigator().storage();
    let promise = storage.estimate().ok()?;
    let estimate: web_sys::StorageEstimate = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}

/// Whether the browser keeps this site's storage under pressure.
pub async fn persisted() -> Option<bool> {
    let storage = crate::web::window().navigator().storage();
    let promise = storage.persisted().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_bool()
}
