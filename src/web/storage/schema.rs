//! The database's schema: its name, stores and versions (`MIGRATIONS`),
//! the records as stored, and the small helpers every read and write uses.

use indexed_db_futures::database::Database;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionRef;
use indexed_db_futures::{KeyPath, KeyRange, SerialiseToJs};
use scholia_core::format::history::StepV1;
use scholia_core::format::scholia::{AnnotationV1, RelationV1, SchemeV1};
use scholia_core::library::Status;
use scholia_core::{Key, Timestamp};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::web::idb::{self, LocalFuture, Migration, Words};
use crate::workspace::LibraryEntry;

pub(super) const DB_NAME: &str = "scholia";

pub(super) const DOCUMENTS: &str = "documents";
pub(super) const TEXTS: &str = "texts";
pub(super) const SCHEMES: &str = "schemes";
pub(super) const ANNOTATIONS: &str = "annotations";
pub(super) const RELATIONS: &str = "relations";
pub(super) const HISTORY: &str = "history";
pub(super) const SETTINGS: &str = "settings";
pub(super) const BY_DOC: &str = "byDoc";

/// Every store but the settings: what a document is made of.
pub(super) const DOCUMENT_STORES: [&str; 6] =
    [DOCUMENTS, TEXTS, SCHEMES, ANNOTATIONS, RELATIONS, HISTORY];

/// The most undo steps stored per document; older ones are dropped.
pub const MAX_STORED_STEPS: usize = 1000;

/// The schema's versions: `MIGRATIONS[v]` upgrades version `v` to `v + 1`,
/// so the schema version is `MIGRATIONS.len()`. Never change a migration
/// once released: add one. Each is tested on a database written by the
/// version before it (tests/e2e/durability-migration.test.mjs).
pub(super) const MIGRATIONS: &[Migration] = &[create_v1, upgrade_to_v2];

/// Version 1: documents, texts, schemes, annotations, relations, settings.
pub(super) fn create_v1<'a>(
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
pub(super) fn upgrade_to_v2<'a>(
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

pub(super) fn not_started() -> String {
    Status::NotStarted.as_str().into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DocumentRecord {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) length: usize,
    pub(super) sha256: String,
    pub(super) created: i64,
    pub(super) modified: i64,
    pub(super) annotation_count: usize,
    // Since version 2.
    #[serde(default)]
    pub(super) relation_count: usize,
    #[serde(default = "not_started")]
    pub(super) status: String,
    #[serde(default)]
    pub(super) trashed: Option<i64>,
    /// Stored undo steps have `seq` in `historyStart..historyEnd`; those
    /// below `historyCursor` are done, the others undone.
    #[serde(default)]
    pub(super) history_start: u64,
    #[serde(default)]
    pub(super) history_cursor: u64,
    #[serde(default)]
    pub(super) history_end: u64,
    /// Each annotator's document labels. Added without a migration: a
    /// record without it has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) document_labels: Vec<scholia_core::format::scholia::DocumentLabelsV1>,
}

impl DocumentRecord {
    pub(super) fn entry(&self) -> LibraryEntry {
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
            document_labels: {
                let mut labels: Vec<String> = self
                    .document_labels
                    .iter()
                    .flat_map(|r| r.values.iter().map(move |v| format!("{}: {v}", r.set)))
                    .collect();
                scholia_core::sorting::sort(&mut labels);
                labels.dedup();
                labels
            },
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TextRecord {
    pub(super) id: String,
    pub(super) text: String,
}

/// A [`TextRecord`] to write, borrowing the text.
#[derive(Serialize)]
pub(super) struct TextRecordRef<'a> {
    pub(super) id: &'a str,
    pub(super) text: &'a str,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SchemeRecord {
    pub(super) doc_id: String,
    pub(super) scheme: SchemeV1,
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
pub(super) struct RelationRecord {
    pub(super) doc_id: String,
    pub(super) layer: String,
    pub(super) id: String,
    pub(super) relation: RelationV1,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct HistoryRecord {
    pub(super) doc_id: String,
    pub(super) seq: u64,
    pub(super) step: StepV1,
}

#[derive(Serialize, Deserialize)]
pub(super) struct SettingRecord {
    pub(super) key: String,
    pub(super) value: String,
}

pub(super) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, String> {
    value.serialise_to_js().words()
}

/// The key `[docId, layer, id]` of an annotation or a relation.
pub(super) fn record_key(doc_id: &str, key: &Key) -> Result<JsValue, String> {
    to_js(&(doc_id, key.layer.as_str(), key.id.as_str()))
}

/// The keys `[docId, …]` of a document's annotations or relations.
pub(super) fn records_of(doc_id: &str) -> Result<KeyRange<JsValue>, String> {
    // Arrays sort after every string, number and date: `[docId, []]` is
    // above every `[docId, string, …]`.
    let lower = to_js(&(doc_id,))?;
    let upper = to_js(&(doc_id, [(); 0]))?;
    Ok(KeyRange::Bound(lower, false, upper, false))
}

/// The keys `[docId, seq]` of a document's history with `from <= seq < to`.
pub(super) fn steps_of(doc_id: &str, from: f64, to: f64) -> KeyRange<(&str, f64)> {
    KeyRange::Bound((doc_id, from), false, (doc_id, to), true)
}

pub(super) fn store<'a>(tx: &'a TransactionRef<'_>, name: &str) -> Result<ObjectStore<'a>, String> {
    tx.object_store(name).words()
}

pub(super) async fn get<V: DeserializeOwned>(
    store: &ObjectStore<'_>,
    key: &str,
) -> Result<Option<V>, String> {
    idb::run(store.get(key).serde()).await
}

/// Queues a put in the transaction (not awaited: its commit reports any failure).
pub(super) fn put<T: Serialize>(
    tx: &TransactionRef<'_>,
    name: &str,
    value: &T,
) -> Result<(), String> {
    idb::send(store(tx, name)?.put(value).serde())
}
