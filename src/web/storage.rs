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

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionRef;
use indexed_db_futures::{KeyPath, KeyRange, SerialiseToJs};
use scholia_core::format::history::{
    history_from_sequence, history_sequence, step_from_file, step_to_file, StepV1,
};
use scholia_core::format::scholia::{self as native, AnnotationV1, RelationV1, SchemeV1};
use scholia_core::library::{LibraryDocument, Status};
use scholia_core::{AnnotatedDocument, Change, ChangeSet, History, Key, Timestamp};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::idb::{self, LocalFuture, Migration, Words};
use crate::workspace::{HistoryMark, LibraryEntry, Workspace};

const DB_NAME: &str = "scholia";

const DOCUMENTS: &str = "documents";
const TEXTS: &str = "texts";
const SCHEMES: &str = "schemes";
const ANNOTATIONS: &str = "annotations";
const RELATIONS: &str = "relations";
const HISTORY: &str = "history";
const SETTINGS: &str = "settings";
const BY_DOC: &str = "byDoc";

/// Every store but the settings: what a document is made of.
const DOCUMENT_STORES: [&str; 6] = [DOCUMENTS, TEXTS, SCHEMES, ANNOTATIONS, RELATIONS, HISTORY];

/// The most undo steps stored per document; older ones are dropped.
pub const MAX_STORED_STEPS: usize = 1000;

/// The schema's versions: `MIGRATIONS[v]` upgrades version `v` to `v + 1`,
/// so the schema version is `MIGRATIONS.len()`. Never change a migration
/// once released: add one. Each is tested on a database written by the
/// version before it (tests/e2e/durability-migration.test.mjs).
const MIGRATIONS: &[Migration] = &[create_v1, upgrade_to_v2];

/// Version 1: documents, texts, schemes, annotations, relations, settings.
fn create_v1<'a>(
    db: &'a Database,
    _tx: &'a TransactionRef<'a>,
) -> LocalFuture<'a, Result<(), String>> {
    Box::pin(async move {
        let create = |name: &str, key_path: KeyPath<&str>| {
            db.create_object_store(name)
                .with_key_path(key_path)
                .build()
                .words()
        };
        create(DOCUMENTS, "id".into())?;
        create(TEXTS, "id".into())?;
        create(SCHEMES, "docId".into())?;
        for name in [ANNOTATIONS, RELATIONS] {
            create(name, ["docId", "layer", "id"].into())?
                .create_index(BY_DOC, "docId".into())
                .build()
                .words()?;
        }
        create(SETTINGS, "key".into())?;
        Ok(())
    })
}

/// Version 2: the undo history of each document (`history`), and in each
/// document record its status, trash date, relation count and the stored
/// history's bounds. Existing documents with annotations are in progress.
fn upgrade_to_v2<'a>(
    db: &'a Database,
    tx: &'a TransactionRef<'a>,
) -> LocalFuture<'a, Result<(), String>> {
    Box::pin(async move {
        db.create_object_store(HISTORY)
            .with_key_path(["docId", "seq"].into())
            .build()
            .words()?;
        let documents = tx.object_store(DOCUMENTS).words()?;
        let relations = tx.object_store(RELATIONS).words()?;
        let by_doc = relations.index(BY_DOC).words()?;
        // One record at a time: a record that cannot be read fails the
        // upgrade after the ones before it were rewritten (and rolled back).
        for record in idb::run(documents.get_all::<DocumentRecord>().serde()).await? {
            let mut record = record.words()?;
            let count = idb::run(by_doc.count().with_query(record.id.as_str()).primitive()).await?;
            record.relation_count = count as usize;
            record.status = if record.annotation_count > 0 {
                Status::InProgress
            } else {
                Status::NotStarted
            }
            .as_str()
            .into();
            record.trashed = None;
            record.history_start = 0;
            record.history_cursor = 0;
            record.history_end = 0;
            idb::run(documents.put(&record).serde()).await?;
        }
        Ok(())
    })
}

fn not_started() -> String {
    Status::NotStarted.as_str().into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DocumentRecord {
    id: String,
    title: String,
    length: usize,
    sha256: String,
    created: i64,
    modified: i64,
    annotation_count: usize,
    // Since version 2.
    #[serde(default)]
    relation_count: usize,
    #[serde(default = "not_started")]
    status: String,
    #[serde(default)]
    trashed: Option<i64>,
    /// Stored undo steps have `seq` in `historyStart..historyEnd`; those
    /// below `historyCursor` are done, the others undone.
    #[serde(default)]
    history_start: u64,
    #[serde(default)]
    history_cursor: u64,
    #[serde(default)]
    history_end: u64,
}

impl DocumentRecord {
    fn entry(&self) -> LibraryEntry {
        LibraryEntry {
            id: self.id.clone(),
            title: self.title.clone(),
            modified: Timestamp(self.modified),
            created: Timestamp(self.created),
            annotation_count: self.annotation_count,
            relation_count: self.relation_count,
            length: self.length,
            sha256: self.sha256.clone(),
            status: Status::parse(&self.status).unwrap_or_default(),
            trashed: self.trashed.map(Timestamp),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TextRecord {
    id: String,
    text: String,
}

/// A [`TextRecord`] to write, borrowing the text.
#[derive(Serialize)]
struct TextRecordRef<'a> {
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SchemeRecord {
    doc_id: String,
    scheme: SchemeV1,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnotationRecord {
    pub doc_id: String,
    pub layer: String,
    pub id: String,
    pub annotation: AnnotationV1,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RelationRecord {
    doc_id: String,
    layer: String,
    id: String,
    relation: RelationV1,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HistoryRecord {
    doc_id: String,
    seq: u64,
    step: StepV1,
}

#[derive(Serialize, Deserialize)]
struct SettingRecord {
    key: String,
    value: String,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, String> {
    value.serialise_to_js().words()
}

/// The key `[docId, layer, id]` of an annotation or a relation.
fn record_key(doc_id: &str, key: &Key) -> Result<JsValue, String> {
    to_js(&(doc_id, key.layer.as_str(), key.id.as_str()))
}

/// The keys `[docId, …]` of a document's annotations or relations.
fn records_of(doc_id: &str) -> Result<KeyRange<JsValue>, String> {
    // Arrays sort after every string, number and date: `[docId, []]` is
    // above every `[docId, string, …]`.
    let lower = to_js(&(doc_id,))?;
    let upper = to_js(&(doc_id, [(); 0]))?;
    Ok(KeyRange::Bound(lower, false, upper, false))
}

/// The keys `[docId, seq]` of a document's history with `from <= seq < to`.
fn steps_of(doc_id: &str, from: f64, to: f64) -> KeyRange<(&str, f64)> {
    KeyRange::Bound((doc_id, from), false, (doc_id, to), true)
}

fn store<'a>(tx: &'a TransactionRef<'_>, name: &str) -> Result<ObjectStore<'a>, String> {
    tx.object_store(name).words()
}

async fn get<V: DeserializeOwned>(store: &ObjectStore<'_>, key: &str) -> Result<Option<V>, String> {
    idb::run(store.get(key).serde()).await
}

/// Queues a put in the transaction (not awaited: its commit reports any failure).
fn put<T: Serialize>(tx: &TransactionRef<'_>, name: &str, value: &T) -> Result<(), String> {
    idb::send(store(tx, name)?.put(value).serde())
}

/// The history part of a write.
struct HistoryWrite {
    start: u64,
    cursor: u64,
    end: u64,
    steps: Vec<JsValue>,
}

/// The records a run of change sets touched, ready to write. Prepared
/// synchronously so that no borrow of the open document is held across an
/// `await`. Each touched record is written as it is *now* in the document,
/// so a batch always takes the store to the document's present state.
pub struct WriteBatch {
    doc_id: String,
    title: String,
    annotation_count: usize,
    relation_count: usize,
    scheme: Option<JsValue>,
    annotation_puts: Vec<JsValue>,
    annotation_deletes: Vec<JsValue>,
    relation_puts: Vec<JsValue>,
    relation_deletes: Vec<JsValue>,
    history: HistoryWrite,
    /// Where the history mark was, to put it back if the write fails.
    pub dirty_from: usize,
}

/// Collects the present value of every record the change sets touched, and
/// the history steps changed since the last write; marks the history clean.
pub fn prepare_write(
    workspace: &mut Workspace,
    changes: &[ChangeSet],
) -> Result<WriteBatch, String> {
    let doc = &workspace.doc;
    let doc_id = doc.document().id.clone();
    let text = &doc.document().text;
    let mut annotations = BTreeSet::new();
    let mut relations = BTreeSet::new();
    let mut scheme_changed = false;
    for change in changes.iter().flat_map(|c| &c.changes) {
        match change {
            Change::Annotation { key, .. } => {
                annotations.insert(key.clone());
            }
            Change::Relation { key, .. } => {
                relations.insert(key.clone());
            }
            Change::Scheme { .. } => scheme_changed = true,
            Change::Title { .. } => {}
        }
    }
    let mut batch = WriteBatch {
        doc_id: doc_id.clone(),
        title: doc.document().title.clone(),
        annotation_count: doc.annotations().len(),
        relation_count: doc.relations().len(),
        scheme: None,
        annotation_puts: Vec::new(),
        annotation_deletes: Vec::new(),
        relation_puts: Vec::new(),
        relation_deletes: Vec::new(),
        history: HistoryWrite {
            start: 0,
            cursor: 0,
            end: 0,
            steps: Vec::new(),
        },
        dirty_from: workspace.stored_history.dirty_from,
    };
    if scheme_changed {
        batch.scheme = Some(to_js(&SchemeRecord {
            doc_id: doc_id.clone(),
            scheme: native::scheme_to_file(doc.scheme()),
        })?);
    }
    for key in annotations {
        match doc.annotation(&key) {
            Some(a) => batch.annotation_puts.push(to_js(&AnnotationRecord {
                doc_id: doc_id.clone(),
                layer: key.layer.to_string(),
                id: key.id.to_string(),
                annotation: native::annotation_to_record(text, a),
            })?),
            None => batch.annotation_deletes.push(record_key(&doc_id, &key)?),
        }
    }
    for key in relations {
        match doc.relation(&key) {
            Some(r) => batch.relation_puts.push(to_js(&RelationRecord {
                doc_id: doc_id.clone(),
                layer: key.layer.to_string(),
                id: key.id.to_string(),
                relation: native::relation_to_record(r),
            })?),
            None => batch.relation_deletes.push(record_key(&doc_id, &key)?),
        }
    }
    // The history: the steps from the first changed one to the end. Beyond
    // MAX_STORED_STEPS the oldest done steps are dropped (never one still
    // to redo).
    let mark = workspace.stored_history;
    let (steps, cursor) = history_sequence(&workspace.history);
    let total = steps.len();
    let keep_from = total.saturating_sub(MAX_STORED_STEPS).min(cursor);
    let from = mark.dirty_from.min(total).max(keep_from);
    for (i, step) in steps.iter().enumerate().skip(from) {
        batch.history.steps.push(to_js(&HistoryRecord {
            doc_id: doc_id.clone(),
            seq: mark.offset + i as u64,
            step: step_to_file(doc, step),
        })?);
    }
    batch.history.start = mark.offset + keep_from as u64;
    batch.history.cursor = mark.offset + cursor as u64;
    batch.history.end = mark.offset + total as u64;
    workspace.stored_history.dirty_from = total;
    Ok(batch)
}

/// A stored document with its undo history, ready to open.
pub struct StoredDocument {
    pub doc: AnnotatedDocument,
    pub history: History,
    pub mark: HistoryMark,
    /// Why the history could not be read back, if it could not.
    pub history_problem: Option<String>,
}

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
        entries.sort_by_key(|e| std::cmp::Reverse(e.modified));
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
            put_document(&tx, document.into())?;
        }
        idb::commit(tx).await
    }

    /// Queues the writes of a whole document in one transaction, from
    /// borrowed parts (the open document, without a copy of it); the
    /// returned write commits them.
    pub fn begin_put(&self, document: DocumentToStore<'_>) -> Result<PendingWrite<'_>, String> {
        let tx = idb::write(&self.db, &DOCUMENT_STORES)?;
        put_document(&tx, document)?;
        Ok(PendingWrite(tx))
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
        {
            let documents = store(&tx, DOCUMENTS)?;
            let Some(mut record) = get::<DocumentRecord>(&documents, &batch.doc_id).await? else {
                return Err("the document is no longer stored (deleted in another tab?)".into());
            };
            record.title = batch.title.clone();
            record.modified = now.0;
            record.annotation_count = batch.annotation_count;
            record.relation_count = batch.relation_count;
            if record.status == Status::NotStarted.as_str() && batch.changes_annotations() {
                record.status = Status::InProgress.as_str().into();
            }
            record.history_start = batch.history.start;
            record.history_cursor = batch.history.cursor;
            record.history_end = batch.history.end;
            idb::send(documents.put(&record).serde())?;
        }
        if let Some(scheme) = &batch.scheme {
            idb::send(store(&tx, SCHEMES)?.put(scheme).primitive())?;
        }
        for (name, puts, deletes) in [
            (
                ANNOTATIONS,
                &batch.annotation_puts,
                &batch.annotation_deletes,
            ),
            (RELATIONS, &batch.relation_puts, &batch.relation_deletes),
        ] {
            let store = store(&tx, name)?;
            for value in puts {
                idb::send(store.put(value).primitive())?;
            }
            for key in deletes {
                idb::send(store.delete(key).primitive())?;
            }
        }
        {
            let history = store(&tx, HISTORY)?;
            // Drop what is below the start and past the end, then write the
            // changed steps.
            let id = &batch.doc_id;
            if batch.history.start > 0 {
                let below = steps_of(id, 0.0, batch.history.start as f64);
                idb::send(history.delete(below).serde())?;
            }
            let past = steps_of(id, batch.history.end as f64, f64::INFINITY);
            idb::send(history.delete(past).serde())?;
            for step in &batch.history.steps {
                idb::send(history.put(step).primitive())?;
            }
        }
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
        documents.sort_by_key(|d| std::cmp::Reverse(d.modified));
        Ok(documents)
    }

    /// The text of a document.
    pub async fn text(&self, id: &str) -> Result<String, String> {
        let tx = idb::read(&self.db, &[TEXTS])?;
        let record: Option<TextRecord> = get(&store(&tx, TEXTS)?, id).await?;
        record
            .map(|r| r.text)
            .ok_or_else(|| "no stored text".into())
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

impl WriteBatch {
    fn changes_annotations(&self) -> bool {
        !(self.annotation_puts.is_empty()
            && self.annotation_deletes.is_empty()
            && self.relation_puts.is_empty()
            && self.relation_deletes.is_empty())
    }
}

/// A change to a document's place in the library.
pub enum DocumentChange {
    Title(String),
    Status(Status),
    /// Into the trash (`Some(when)`) or out of it (`None`).
    Trash(Option<Timestamp>),
}

/// A record every stored document has.
async fn required<V: DeserializeOwned>(
    tx: &TransactionRef<'_>,
    name: &str,
    id: &str,
) -> Result<V, String> {
    get(&store(tx, name)?, id)
        .await?
        .ok_or_else(|| format!("the stored document is incomplete (no {name} record)"))
}

/// A document's records in a store indexed `byDoc`.
async fn records_by_doc<V: DeserializeOwned>(
    tx: &TransactionRef<'_>,
    name: &str,
    id: &str,
) -> Result<Vec<V>, String> {
    let store = store(tx, name)?;
    let index = store.index(BY_DOC).words()?;
    idb::all(index.get_all().with_query(id).serde()).await
}

async fn read_document(
    tx: &TransactionRef<'_>,
    id: &str,
) -> Result<(DocumentRecord, AnnotatedDocument), String> {
    let record: DocumentRecord = required(tx, DOCUMENTS, id).await?;
    let text: TextRecord = required(tx, TEXTS, id).await?;
    let scheme: SchemeRecord = required(tx, SCHEMES, id).await?;
    let annotations: Vec<AnnotationRecord> = records_by_doc(tx, ANNOTATIONS, id).await?;
    let relations: Vec<RelationRecord> = records_by_doc(tx, RELATIONS, id).await?;
    let file = native::FileV1 {
        format: native::FORMAT.into(),
        version: native::VERSION,
        generator: None,
        document: native::DocumentV1 {
            id: record.id.clone(),
            title: record.title.clone(),
            text: text.text,
            length: record.length,
            sha256: record.sha256.clone(),
        },
        scheme: scheme.scheme,
        annotations: annotations.into_iter().map(|r| r.annotation).collect(),
        relations: relations.into_iter().map(|r| r.relation).collect(),
    };
    let doc = native::from_file(file).map_err(|e| e.to_string())?;
    Ok((record, doc))
}

/// The stored undo history and the `seq` of its first step.
async fn read_history(
    tx: &TransactionRef<'_>,
    record: &DocumentRecord,
    doc: &AnnotatedDocument,
) -> Result<(History, u64), String> {
    let (start, cursor, end) = (
        record.history_start,
        record.history_cursor,
        record.history_end,
    );
    if start == end {
        return Ok((History::default(), start));
    }
    if !(start <= cursor && cursor <= end) {
        return Err("its bounds are inconsistent".into());
    }
    let range = steps_of(&record.id, start as f64, end as f64);
    let records: Vec<HistoryRecord> =
        idb::all(store(tx, HISTORY)?.get_all().with_query(range).serde()).await?;
    if records.len() as u64 != end - start {
        return Err(format!(
            "{} of its {} steps are stored",
            records.len(),
            end - start
        ));
    }
    let steps = records
        .into_iter()
        .map(|r| step_from_file(doc, r.step).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        history_from_sequence(steps, (cursor - start) as usize),
        start,
    ))
}

/// A whole document to store, borrowed.
pub struct DocumentToStore<'a> {
    pub doc: &'a AnnotatedDocument,
    pub history: &'a History,
    pub status: Status,
    pub created: Timestamp,
    pub modified: Timestamp,
    pub trashed: Option<Timestamp>,
}

impl<'a> From<&'a LibraryDocument> for DocumentToStore<'a> {
    fn from(document: &'a LibraryDocument) -> Self {
        DocumentToStore {
            doc: &document.doc,
            history: &document.history,
            status: document.status,
            created: document.created,
            modified: document.modified,
            trashed: document.trashed,
        }
    }
}

/// Writes queued in a transaction, not yet committed.
pub struct PendingWrite<'a>(indexed_db_futures::transaction::Transaction<'a>);

impl PendingWrite<'_> {
    pub async fn commit(self) -> Result<(), String> {
        idb::commit(self.0).await
    }
}

/// Queues the puts of a whole document (not awaited: the transaction's
/// commit reports any failure).
fn put_document(tx: &TransactionRef<'_>, document: DocumentToStore<'_>) -> Result<(), String> {
    // Record by record from the document itself, not through a whole
    // `FileV1` (a second copy of the text and of every annotation at once).
    let doc = document.doc;
    let text = &doc.document().text;
    let doc_id = doc.document().id.clone();
    let (steps, cursor) = history_sequence(document.history);
    put(
        tx,
        DOCUMENTS,
        &DocumentRecord {
            id: doc_id.clone(),
            title: doc.document().title.clone(),
            length: text.len(),
            sha256: text.sha256().to_string(),
            created: document.created.0,
            modified: document.modified.0,
            annotation_count: doc.annotations().len(),
            relation_count: doc.relations().len(),
            status: document.status.as_str().into(),
            trashed: document.trashed.map(|t| t.0),
            history_start: 0,
            history_cursor: cursor as u64,
            history_end: steps.len() as u64,
        },
    )?;
    put(
        tx,
        TEXTS,
        &TextRecordRef {
            id: &doc_id,
            text: text.as_str(),
        },
    )?;
    put(
        tx,
        SCHEMES,
        &SchemeRecord {
            doc_id: doc_id.clone(),
            scheme: native::scheme_to_file(doc.scheme()),
        },
    )?;
    for a in doc.annotations() {
        put(
            tx,
            ANNOTATIONS,
            &AnnotationRecord {
                doc_id: doc_id.clone(),
                layer: a.key.layer.to_string(),
                id: a.key.id.to_string(),
                annotation: native::annotation_to_record(text, a),
            },
        )?;
    }
    for r in doc.relations() {
        put(
            tx,
            RELATIONS,
            &RelationRecord {
                doc_id: doc_id.clone(),
                layer: r.key.layer.to_string(),
                id: r.key.id.to_string(),
                relation: native::relation_to_record(r),
            },
        )?;
    }
    for (seq, step) in steps.iter().enumerate() {
        put(
            tx,
            HISTORY,
            &HistoryRecord {
                doc_id: doc_id.clone(),
                seq: seq as u64,
                step: step_to_file(doc, step),
            },
        )?;
    }
    Ok(())
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
