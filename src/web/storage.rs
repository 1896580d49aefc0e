//! The browser is the database: IndexedDB through `rexie`.
//!
//! Each document's text is stored once (`texts`), its metadata apart
//! (`documents`) so a rename or a new count never rewrites the text, and
//! every annotation and relation as its own record keyed by
//! `[docId, layer, id]`, so an edit writes only what it changed. Records use
//! the native format's record types (quotes included), and a stored document
//! is read back through the same checks as an imported file.

use std::collections::BTreeMap;

use rexie::{KeyRange, ObjectStore, Rexie, TransactionMode};
use scholia_core::format::scholia::{self as native, AnnotationV1, RelationV1, SchemeV1};
use scholia_core::{AnnotatedDocument, Change, ChangeSet, Key, Timestamp};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::store::LibraryEntry;

const DB_NAME: &str = "scholia";
/// The schema version of the database; raise it with a migration.
const DB_VERSION: u32 = 1;

const DOCUMENTS: &str = "documents";
const TEXTS: &str = "texts";
const SCHEMES: &str = "schemes";
const ANNOTATIONS: &str = "annotations";
const RELATIONS: &str = "relations";
const SETTINGS: &str = "settings";
const BY_DOC: &str = "byDoc";

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
struct AnnotationRecord {
    doc_id: String,
    layer: String,
    id: String,
    annotation: AnnotationV1,
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
struct SettingRecord {
    key: String,
    value: String,
}

/// The records a run of change sets touched, ready to write. Prepared
/// synchronously so that no borrow of the open document is held across an
/// `await`.
pub struct WriteBatch {
    doc_id: String,
    title: String,
    annotation_count: usize,
    scheme: Option<JsValue>,
    annotation_puts: Vec<JsValue>,
    annotation_deletes: Vec<JsValue>,
    relation_puts: Vec<JsValue>,
    relation_deletes: Vec<JsValue>,
}

/// Collects the last value of every record the change sets touched.
pub fn prepare_write(doc: &AnnotatedDocument, changes: &[ChangeSet]) -> Result<WriteBatch, String> {
    let doc_id = doc.document().id.clone();
    let text = &doc.document().text;
    let mut annotations = BTreeMap::new();
    let mut relations = BTreeMap::new();
    let mut scheme_changed = false;
    for change in changes.iter().flat_map(|c| &c.changes) {
        match change {
            Change::Annotation { key, after, .. } => {
                annotations.insert(key.clone(), after.clone());
            }
            Change::Relation { key, after, .. } => {
                relations.insert(key.clone(), after.clone());
            }
            Change::Scheme { .. } => scheme_changed = true,
            Change::Title { .. } => {}
        }
    }
    let mut batch = WriteBatch {
        doc_id: doc_id.clone(),
        title: doc.document().title.clone(),
        annotation_count: doc.annotations().len(),
        scheme: None,
        annotation_puts: Vec::new(),
        annotation_deletes: Vec::new(),
        relation_puts: Vec::new(),
        relation_deletes: Vec::new(),
    };
    if scheme_changed {
        batch.scheme = Some(to_js(&SchemeRecord {
            doc_id: doc_id.clone(),
            scheme: native::scheme_to_file(doc.scheme()),
        })?);
    }
    for (key, annotation) in annotations {
        match annotation {
            Some(a) => batch.annotation_puts.push(to_js(&AnnotationRecord {
                doc_id: doc_id.clone(),
                layer: key.layer.clone(),
                id: key.id.clone(),
                annotation: native::annotation_to_record(text, &a),
            })?),
            None => batch.annotation_deletes.push(record_key(&doc_id, &key)),
        }
    }
    for (key, relation) in relations {
        match relation {
            Some(r) => batch.relation_puts.push(to_js(&RelationRecord {
                doc_id: doc_id.clone(),
                layer: key.layer.clone(),
                id: key.id.clone(),
                relation: native::relation_to_record(&r),
            })?),
            None => batch.relation_deletes.push(record_key(&doc_id, &key)),
        }
    }
    Ok(batch)
}

/// An open database.
pub struct Storage {
    db: Rexie,
}

fn describe(error: impl std::fmt::Display) -> String {
    error.to_string()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, String> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(describe)
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(describe)
}

fn record_key(doc_id: &str, key: &Key) -> JsValue {
    js_sys::Array::of3(
        &JsValue::from_str(doc_id),
        &JsValue::from_str(&key.layer),
        &JsValue::from_str(&key.id),
    )
    .into()
}

impl Storage {
    /// Opens (creating or upgrading) the database.
    pub async fn open() -> Result<Storage, String> {
        let db = Rexie::builder(DB_NAME)
            .version(DB_VERSION)
            .add_object_store(ObjectStore::new(DOCUMENTS).key_path("id"))
            .add_object_store(ObjectStore::new(TEXTS).key_path("id"))
            .add_object_store(ObjectStore::new(SCHEMES).key_path("docId"))
            .add_object_store(
                ObjectStore::new(ANNOTATIONS)
                    .key_path_array(["docId", "layer", "id"])
                    .add_index(rexie::Index::new(BY_DOC, "docId")),
            )
            .add_object_store(
                ObjectStore::new(RELATIONS)
                    .key_path_array(["docId", "layer", "id"])
                    .add_index(rexie::Index::new(BY_DOC, "docId")),
            )
            .add_object_store(ObjectStore::new(SETTINGS).key_path("key"))
            .build()
            .await
            .map_err(describe)?;
        Ok(Storage { db })
    }

    /// Every stored document, most recently edited first.
    pub async fn library(&self) -> Result<Vec<LibraryEntry>, String> {
        let tx = self
            .db
            .transaction(&[DOCUMENTS], TransactionMode::ReadOnly)
            .map_err(describe)?;
        let values = tx
            .store(DOCUMENTS)
            .map_err(describe)?
            .get_all(None, None)
            .await
            .map_err(describe)?;
        let mut entries = Vec::with_capacity(values.len());
        for value in values {
            let record: DocumentRecord = from_js(value)?;
            entries.push(LibraryEntry {
                id: record.id,
                title: record.title,
                modified: Timestamp(record.modified),
                annotation_count: record.annotation_count,
                sha256: record.sha256,
            });
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.modified));
        Ok(entries)
    }

    /// Reads one document back, through the native format's checks.
    pub async fn load(&self, id: &str) -> Result<AnnotatedDocument, String> {
        let stores = [DOCUMENTS, TEXTS, SCHEMES, ANNOTATIONS, RELATIONS];
        let tx = self
            .db
            .transaction(&stores, TransactionMode::ReadOnly)
            .map_err(describe)?;
        let key = JsValue::from_str(id);
        let get = |name: &'static str| {
            let store = tx.store(name);
            let key = key.clone();
            async move {
                store
                    .map_err(describe)?
                    .get(key)
                    .await
                    .map_err(describe)?
                    .ok_or_else(|| format!("the stored document is incomplete (no {name} record)"))
            }
        };
        let document: DocumentRecord = from_js(get(DOCUMENTS).await?)?;
        let text: TextRecord = from_js(get(TEXTS).await?)?;
        let scheme: SchemeRecord = from_js(get(SCHEMES).await?)?;
        let only = KeyRange::only(&key).map_err(describe)?;
        let annotations = tx
            .store(ANNOTATIONS)
            .and_then(|s| s.index(BY_DOC))
            .map_err(describe)?
            .get_all(Some(only), None)
            .await
            .map_err(describe)?;
        let only = KeyRange::only(&key).map_err(describe)?;
        let relations = tx
            .store(RELATIONS)
            .and_then(|s| s.index(BY_DOC))
            .map_err(describe)?
            .get_all(Some(only), None)
            .await
            .map_err(describe)?;
        let file = native::FileV1 {
            format: native::FORMAT.into(),
            version: native::VERSION,
            generator: None,
            document: native::DocumentV1 {
                id: document.id,
                title: document.title,
                text: text.text,
                length: document.length,
                sha256: document.sha256,
            },
            scheme: scheme.scheme,
            annotations: annotations
                .into_iter()
                .map(|v| from_js::<AnnotationRecord>(v).map(|r| r.annotation))
                .collect::<Result<_, _>>()?,
            relations: relations
                .into_iter()
                .map(|v| from_js::<RelationRecord>(v).map(|r| r.relation))
                .collect::<Result<_, _>>()?,
        };
        native::from_file(file).map_err(|e| e.to_string())
    }

    /// Stores a whole document (a new one, or an imported one) in one transaction.
    pub async fn save_new(&self, doc: &AnnotatedDocument, now: Timestamp) -> Result<(), String> {
        let file = native::to_file(doc);
        let doc_id = file.document.id.clone();
        let stores = [DOCUMENTS, TEXTS, SCHEMES, ANNOTATIONS, RELATIONS];
        let tx = self
            .db
            .transaction(&stores, TransactionMode::ReadWrite)
            .map_err(describe)?;
        let record = DocumentRecord {
            id: doc_id.clone(),
            title: file.document.title.clone(),
            length: file.document.length,
            sha256: file.document.sha256.clone(),
            created: now.0,
            modified: now.0,
            annotation_count: file.annotations.len(),
        };
        let store = |name| tx.store(name).map_err(describe);
        store(DOCUMENTS)?
            .put(&to_js(&record)?, None)
            .await
            .map_err(describe)?;
        let text = TextRecord {
            id: doc_id.clone(),
            text: file.document.text,
        };
        store(TEXTS)?
            .put(&to_js(&text)?, None)
            .await
            .map_err(describe)?;
        let scheme = SchemeRecord {
            doc_id: doc_id.clone(),
            scheme: file.scheme,
        };
        store(SCHEMES)?
            .put(&to_js(&scheme)?, None)
            .await
            .map_err(describe)?;
        let annotations = file
            .annotations
            .into_iter()
            .map(|a| {
                to_js(&AnnotationRecord {
                    doc_id: doc_id.clone(),
                    layer: a.layer.clone(),
                    id: a.id.clone(),
                    annotation: a,
                })
                .map(|v| (v, None))
            })
            .collect::<Result<Vec<_>, _>>()?;
        store(ANNOTATIONS)?
            .put_all(annotations.into_iter())
            .await
            .map_err(describe)?;
        let relations = file
            .relations
            .into_iter()
            .map(|r| {
                to_js(&RelationRecord {
                    doc_id: doc_id.clone(),
                    layer: r.layer.clone(),
                    id: r.id.clone(),
                    relation: r,
                })
                .map(|v| (v, None))
            })
            .collect::<Result<Vec<_>, _>>()?;
        store(RELATIONS)?
            .put_all(relations.into_iter())
            .await
            .map_err(describe)?;
        tx.done().await.map_err(describe)?;
        Ok(())
    }

    /// Writes a prepared batch and the document's metadata in one
    /// transaction: after a crash the store holds all of it or none.
    /// Batches are written in the order they were prepared.
    pub async fn write(&self, batch: WriteBatch, now: Timestamp) -> Result<(), String> {
        let stores = [DOCUMENTS, SCHEMES, ANNOTATIONS, RELATIONS];
        let tx = self
            .db
            .transaction(&stores, TransactionMode::ReadWrite)
            .map_err(describe)?;
        let store = |name| tx.store(name).map_err(describe);
        let documents = store(DOCUMENTS)?;
        let mut record: DocumentRecord = match documents
            .get(JsValue::from_str(&batch.doc_id))
            .await
            .map_err(describe)?
        {
            Some(value) => from_js(value)?,
            None => return Err("the document is no longer stored (deleted in another tab?)".into()),
        };
        record.title = batch.title;
        record.modified = now.0;
        record.annotation_count = batch.annotation_count;
        documents
            .put(&to_js(&record)?, None)
            .await
            .map_err(describe)?;
        if let Some(scheme) = batch.scheme {
            store(SCHEMES)?.put(&scheme, None).await.map_err(describe)?;
        }
        for (name, puts, deletes) in [
            (ANNOTATIONS, batch.annotation_puts, batch.annotation_deletes),
            (RELATIONS, batch.relation_puts, batch.relation_deletes),
        ] {
            let records = store(name)?;
            records
                .put_all(puts.into_iter().map(|v| (v, None)))
                .await
                .map_err(describe)?;
            for key in deletes {
                records.delete(key).await.map_err(describe)?;
            }
        }
        tx.done().await.map_err(describe)?;
        Ok(())
    }

    pub async fn setting(&self, key: &str) -> Option<String> {
        let tx = self
            .db
            .transaction(&[SETTINGS], TransactionMode::ReadOnly)
            .ok()?;
        let value = tx
            .store(SETTINGS)
            .ok()?
            .get(JsValue::from_str(key))
            .await
            .ok()??;
        from_js::<SettingRecord>(value).ok().map(|r| r.value)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), String> {
        let tx = self
            .db
            .transaction(&[SETTINGS], TransactionMode::ReadWrite)
            .map_err(describe)?;
        let record = SettingRecord {
            key: key.into(),
            value: value.into(),
        };
        tx.store(SETTINGS)
            .map_err(describe)?
            .put(&to_js(&record)?, None)
            .await
            .map_err(describe)?;
        tx.done().await.map_err(describe)?;
        Ok(())
    }
}
