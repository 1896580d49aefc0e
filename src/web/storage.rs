//! The browser is the database: the library lives in IndexedDB (through
//! `web::idb`). See docs/storage.md for the schema and its versions.
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

use scholia_core::format::history::{
    history_from_sequence, history_sequence, step_from_file, step_to_file, StepV1,
};
use scholia_core::format::scholia::{self as native, AnnotationV1, RelationV1, SchemeV1};
use scholia_core::library::{LibraryDocument, Status};
use scholia_core::{AnnotatedDocument, Change, ChangeSet, History, Key, Timestamp};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbDatabase;

use super::idb::{self, Migration, Tx};
use crate::store::{HistoryMark, LibraryEntry, Workspace};

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
fn create_v1(
    db: &IdbDatabase,
    _tx: Rc<Tx>,
) -> Result<idb::LocalFuture<Result<(), String>>, String> {
    let create = |name: &str, key_path: &JsValue| {
        let params = web_sys::IdbObjectStoreParameters::new();
        params.set_key_path(key_path);
        db.create_object_store_with_optional_parameters(name, &params)
            .map_err(|e| idb::describe(&e))
    };
    let key = |path: &str| JsValue::from_str(path);
    let record_key: JsValue = js_sys::Array::of3(&key("docId"), &key("layer"), &key("id")).into();
    create(DOCUMENTS, &key("id"))?;
    create(TEXTS, &key("id"))?;
    create(SCHEMES, &key("docId"))?;
    for name in [ANNOTATIONS, RELATIONS] {
        create(name, &record_key)?
            .create_index_with_str(BY_DOC, "docId")
            .map_err(|e| idb::describe(&e))?;
    }
    create(SETTINGS, &key("key"))?;
    Ok(Box::pin(async { Ok(()) }))
}

/// Version 2: the undo history of each document (`history`), and in each
/// document record its status, trash date, relation count and the stored
/// history's bounds. Existing documents with annotations are in progress.
fn upgrade_to_v2(
    db: &IdbDatabase,
    tx: Rc<Tx>,
) -> Result<idb::LocalFuture<Result<(), String>>, String> {
    let params = web_sys::IdbObjectStoreParameters::new();
    params.set_key_path(&js_sys::Array::of2(&"docId".into(), &"seq".into()));
    db.create_object_store_with_optional_parameters(HISTORY, &params)
        .map_err(|e| idb::describe(&e))?;
    Ok(Box::pin(async move {
        let documents = tx.store(DOCUMENTS)?;
        let relations = tx
            .store(RELATIONS)?
            .index(BY_DOC)
            .map_err(|e| idb::describe(&e))?;
        let records = idb::call(documents.get_all()).await?;
        for value in js_sys::Array::from(&records) {
            let mut record: DocumentRecord = from_js(value)?;
            let count = idb::call(relations.count_with_key(&JsValue::from_str(&record.id))).await?;
            record.relation_count = count.as_f64().unwrap_or(0.0) as usize;
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
            idb::call(documents.put(&to_js(&record)?)).await?;
        }
        Ok(())
    }))
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
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| e.to_string())
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
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
    let record_key = |key: &Key| idb::key3(&doc_id, &key.layer, &key.id);
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
                layer: key.layer.clone(),
                id: key.id.clone(),
                annotation: native::annotation_to_record(text, a),
            })?),
            None => batch.annotation_deletes.push(record_key(&key)),
        }
    }
    for key in relations {
        match doc.relation(&key) {
            Some(r) => batch.relation_puts.push(to_js(&RelationRecord {
                doc_id: doc_id.clone(),
                layer: key.layer.clone(),
                id: key.id.clone(),
                relation: native::relation_to_record(r),
            })?),
            None => batch.relation_deletes.push(record_key(&key)),
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
    db: IdbDatabase,
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
        let listener = {
            let db = db.clone();
            gloo::events::EventListener::new(&db.clone(), "versionchange", move |_| {
                db.close();
                on_event(StorageEvent::VersionChanged);
            })
        };
        Ok(Storage {
            db,
            _on_version_change: listener,
        })
    }

    fn read(&self, stores: &[&str]) -> Result<Tx, String> {
        idb::transaction(&self.db, stores, false)
    }

    fn write(&self, stores: &[&str]) -> Result<Tx, String> {
        idb::transaction(&self.db, stores, true)
    }

    /// Every stored document (trashed ones too), most recently edited first.
    pub async fn library(&self) -> Result<Vec<LibraryEntry>, String> {
        let tx = self.read(&[DOCUMENTS])?;
        let values = idb::call(tx.store(DOCUMENTS)?.get_all()).await?;
        let mut entries = js_sys::Array::from(&values)
            .iter()
            .map(|v| from_js::<DocumentRecord>(v).map(|r| r.entry()))
            .collect::<Result<Vec<_>, _>>()?;
        entries.sort_by_key(|e| std::cmp::Reverse(e.modified));
        Ok(entries)
    }

    /// Reads one document back, through the native format's checks, with
    /// its undo history.
    pub async fn load(&self, id: &str) -> Result<StoredDocument, String> {
        let tx = self.read(&DOCUMENT_STORES)?;
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
        let tx = self.write(&DOCUMENT_STORES)?;
        let result = async {
            if replace {
                for name in DOCUMENT_STORES {
                    let _ = tx.store(name)?.clear().map_err(|e| idb::describe(&e))?;
                }
            }
            for document in documents {
                put_document(&tx, document)?;
            }
            Ok::<(), String>(())
        }
        .await;
        if let Err(error) = result {
            tx.abort();
            return Err(error);
        }
        tx.commit().await
    }

    /// Writes a prepared batch and the document's metadata in one
    /// transaction: after a crash the store holds all of it or none.
    pub async fn write_batch(&self, batch: &WriteBatch, now: Timestamp) -> Result<(), String> {
        let tx = self.write(&[DOCUMENTS, SCHEMES, ANNOTATIONS, RELATIONS, HISTORY])?;
        let result = async {
            let documents = tx.store(DOCUMENTS)?;
            let mut record: DocumentRecord =
                match idb::call(documents.get(&JsValue::from_str(&batch.doc_id))).await? {
                    value if value.is_undefined() => {
                        return Err("the document is no longer stored (deleted in another tab?)"
                            .to_string())
                    }
                    value => from_js(value)?,
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
            documents
                .put(&to_js(&record)?)
                .map_err(|e| idb::describe(&e))?;
            if let Some(scheme) = &batch.scheme {
                tx.store(SCHEMES)?
                    .put(scheme)
                    .map_err(|e| idb::describe(&e))?;
            }
            for (name, puts, deletes) in [
                (
                    ANNOTATIONS,
                    &batch.annotation_puts,
                    &batch.annotation_deletes,
                ),
                (RELATIONS, &batch.relation_puts, &batch.relation_deletes),
            ] {
                let store = tx.store(name)?;
                for value in puts {
                    store.put(value).map_err(|e| idb::describe(&e))?;
                }
                for key in deletes {
                    store.delete(key).map_err(|e| idb::describe(&e))?;
                }
            }
            let history = tx.store(HISTORY)?;
            // Drop what is below the start and past the end, then write the
            // changed steps.
            if batch.history.start > 0 {
                history
                    .delete(&idb::range_between(
                        &batch.doc_id,
                        0.0,
                        batch.history.start as f64,
                    )?)
                    .map_err(|e| idb::describe(&e))?;
            }
            history
                .delete(&idb::range_from(&batch.doc_id, batch.history.end as f64)?)
                .map_err(|e| idb::describe(&e))?;
            for step in &batch.history.steps {
                history.put(step).map_err(|e| idb::describe(&e))?;
            }
            Ok(())
        }
        .await;
        if let Err(error) = result {
            tx.abort();
            return Err(error);
        }
        tx.commit().await
    }

    /// Changes a stored document's record (title, status, trash).
    pub async fn update(&self, id: &str, change: DocumentChange) -> Result<(), String> {
        let tx = self.write(&[DOCUMENTS])?;
        let documents = tx.store(DOCUMENTS)?;
        let value = idb::call(documents.get(&JsValue::from_str(id))).await?;
        if value.is_undefined() {
            return Err("the document is no longer stored".into());
        }
        let mut record: DocumentRecord = from_js(value)?;
        match change {
            DocumentChange::Title(title) => record.title = title,
            DocumentChange::Status(status) => record.status = status.as_str().into(),
            DocumentChange::Trash(when) => record.trashed = when.map(|t| t.0),
        }
        documents
            .put(&to_js(&record)?)
            .map_err(|e| idb::describe(&e))?;
        tx.commit().await
    }

    /// Deletes documents and everything of theirs, in one transaction.
    pub async fn purge(&self, ids: &[String]) -> Result<(), String> {
        let tx = self.write(&DOCUMENT_STORES)?;
        let result = async {
            for id in ids {
                let key = JsValue::from_str(id);
                for name in [DOCUMENTS, TEXTS, SCHEMES] {
                    tx.store(name)?
                        .delete(&key)
                        .map_err(|e| idb::describe(&e))?;
                }
                for name in [ANNOTATIONS, RELATIONS] {
                    tx.store(name)?
                        .delete(&idb::range_prefix(id)?)
                        .map_err(|e| idb::describe(&e))?;
                }
                tx.store(HISTORY)?
                    .delete(&idb::range_from(id, f64::NEG_INFINITY)?)
                    .map_err(|e| idb::describe(&e))?;
            }
            Ok::<(), String>(())
        }
        .await;
        if let Err(error) = result {
            tx.abort();
            return Err(error);
        }
        tx.commit().await
    }

    /// Every document of the library with its status, for a backup (undo
    /// histories stay here). Read in one transaction: a consistent snapshot.
    pub async fn export_all(&self) -> Result<Vec<LibraryDocument>, String> {
        let tx = self.read(&DOCUMENT_STORES)?;
        let values = idb::call(tx.store(DOCUMENTS)?.get_all()).await?;
        let mut documents = Vec::new();
        for value in js_sys::Array::from(&values) {
            let record: DocumentRecord = from_js(value)?;
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
        let tx = self.read(&[TEXTS])?;
        let value = idb::call(tx.store(TEXTS)?.get(&JsValue::from_str(id))).await?;
        if value.is_undefined() {
            return Err("no stored text".into());
        }
        Ok(from_js::<TextRecord>(value)?.text)
    }

    /// Every annotation record of the library, with each document's label
    /// names (for search).
    pub async fn all_annotations(
        &self,
    ) -> Result<(Vec<AnnotationRecord>, BTreeMap<String, SchemeV1>), String> {
        let tx = self.read(&[ANNOTATIONS, SCHEMES])?;
        let values = idb::call(tx.store(ANNOTATIONS)?.get_all()).await?;
        let annotations = js_sys::Array::from(&values)
            .iter()
            .map(from_js::<AnnotationRecord>)
            .collect::<Result<Vec<_>, _>>()?;
        let values = idb::call(tx.store(SCHEMES)?.get_all()).await?;
        let schemes = js_sys::Array::from(&values)
            .iter()
            .map(|v| from_js::<SchemeRecord>(v).map(|r| (r.doc_id, r.scheme)))
            .collect::<Result<_, _>>()?;
        Ok((annotations, schemes))
    }

    pub async fn setting(&self, key: &str) -> Option<String> {
        let tx = self.read(&[SETTINGS]).ok()?;
        let value = idb::call(tx.store(SETTINGS).ok()?.get(&JsValue::from_str(key)))
            .await
            .ok()?;
        from_js::<SettingRecord>(value).ok().map(|r| r.value)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), String> {
        let tx = self.write(&[SETTINGS])?;
        let record = SettingRecord {
            key: key.into(),
            value: value.into(),
        };
        tx.store(SETTINGS)?
            .put(&to_js(&record)?)
            .map_err(|e| idb::describe(&e))?;
        tx.commit().await
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

async fn get(tx: &Tx, store: &str, key: &JsValue) -> Result<JsValue, String> {
    let value = idb::call(tx.store(store)?.get(key)).await?;
    if value.is_undefined() {
        return Err(format!(
            "the stored document is incomplete (no {store} record)"
        ));
    }
    Ok(value)
}

async fn read_document(tx: &Tx, id: &str) -> Result<(DocumentRecord, AnnotatedDocument), String> {
    let key = JsValue::from_str(id);
    let record: DocumentRecord = from_js(get(tx, DOCUMENTS, &key).await?)?;
    let text: TextRecord = from_js(get(tx, TEXTS, &key).await?)?;
    let scheme: SchemeRecord = from_js(get(tx, SCHEMES, &key).await?)?;
    let by_doc = |name: &str| -> Result<_, String> {
        let index = tx
            .store(name)?
            .index(BY_DOC)
            .map_err(|e| idb::describe(&e))?;
        Ok(index.get_all_with_key(&key))
    };
    let annotations = idb::call(by_doc(ANNOTATIONS)?).await?;
    let relations = idb::call(by_doc(RELATIONS)?).await?;
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
        annotations: js_sys::Array::from(&annotations)
            .iter()
            .map(|v| from_js::<AnnotationRecord>(v).map(|r| r.annotation))
            .collect::<Result<_, _>>()?,
        relations: js_sys::Array::from(&relations)
            .iter()
            .map(|v| from_js::<RelationRecord>(v).map(|r| r.relation))
            .collect::<Result<_, _>>()?,
    };
    let doc = native::from_file(file).map_err(|e| e.to_string())?;
    Ok((record, doc))
}

/// The stored undo history and the `seq` of its first step.
async fn read_history(
    tx: &Tx,
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
    let range = idb::range_between(&record.id, start as f64, end as f64)?;
    let values = idb::call(tx.store(HISTORY)?.get_all_with_key(&range)).await?;
    let values = js_sys::Array::from(&values);
    if values.length() as u64 != end - start {
        return Err(format!(
            "{} of its {} steps are stored",
            values.length(),
            end - start
        ));
    }
    let mut steps = Vec::with_capacity(values.length() as usize);
    for value in values {
        let record: HistoryRecord = from_js(value)?;
        steps.push(step_from_file(doc, record.step).map_err(|e| e.to_string())?);
    }
    Ok((
        history_from_sequence(steps, (cursor - start) as usize),
        start,
    ))
}

/// Issues the puts of a whole document (not awaited: the transaction's
/// commit reports any failure).
fn put_document(tx: &Tx, document: &LibraryDocument) -> Result<(), String> {
    let put = |store: &str, value: JsValue| -> Result<(), String> {
        tx.store(store)?
            .put(&value)
            .map_err(|e| idb::describe(&e))?;
        Ok(())
    };
    let file = native::to_file(&document.doc);
    let doc_id = file.document.id.clone();
    let (steps, cursor) = history_sequence(&document.history);
    put(
        DOCUMENTS,
        to_js(&DocumentRecord {
            id: doc_id.clone(),
            title: file.document.title.clone(),
            length: file.document.length,
            sha256: file.document.sha256.clone(),
            created: document.created.0,
            modified: document.modified.0,
            annotation_count: file.annotations.len(),
            relation_count: file.relations.len(),
            status: document.status.as_str().into(),
            trashed: document.trashed.map(|t| t.0),
            history_start: 0,
            history_cursor: cursor as u64,
            history_end: steps.len() as u64,
        })?,
    )?;
    put(
        TEXTS,
        to_js(&TextRecord {
            id: doc_id.clone(),
            text: file.document.text,
        })?,
    )?;
    put(
        SCHEMES,
        to_js(&SchemeRecord {
            doc_id: doc_id.clone(),
            scheme: file.scheme,
        })?,
    )?;
    for annotation in file.annotations {
        put(
            ANNOTATIONS,
            to_js(&AnnotationRecord {
                doc_id: doc_id.clone(),
                layer: annotation.layer.clone(),
                id: annotation.id.clone(),
                annotation,
            })?,
        )?;
    }
    for relation in file.relations {
        put(
            RELATIONS,
            to_js(&RelationRecord {
                doc_id: doc_id.clone(),
                layer: relation.layer.clone(),
                id: relation.id.clone(),
                relation,
            })?,
        )?;
    }
    for (seq, step) in steps.iter().enumerate() {
        put(
            HISTORY,
            to_js(&HistoryRecord {
                doc_id: doc_id.clone(),
                seq: seq as u64,
                step: step_to_file(&document.doc, step),
            })?,
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
