//! Reading a document's records back, and writing a whole document.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionRef;
use indexed_db_futures::KeyRange;
use scholia_core::format::history::{
    history_from_sequence, history_sequence, step_from_file, step_to_file,
};
use scholia_core::format::scholia::{self as native};
use scholia_core::library::{LibraryDocument, Status};
use scholia_core::{AnnotatedDocument, History, Key, Timestamp};
use serde::de::DeserializeOwned;

use crate::web::idb::{self, Words};
use crate::workspace::HistoryMark;

use super::schema::*;

/// A record every stored document has.
pub(super) async fn required<V: DeserializeOwned>(
    tx: &TransactionRef<'_>,
    name: &str,
    id: &str,
) -> Result<V, String> {
    get(&store(tx, name)?, id)
        .await?
        .ok_or_else(|| format!("the stored document is incomplete (no {name} record)"))
}

/// A document's records in a store indexed `byDoc`.
pub(super) async fn records_by_doc<V: DeserializeOwned>(
    tx: &TransactionRef<'_>,
    name: &str,
    id: &str,
) -> Result<Vec<V>, String> {
    records_in(tx, name, KeyRange::Only(id)).await
}

/// The records of every document but `id` in a store indexed `byDoc`: those
/// below it in the index, then those above.
pub(super) async fn records_except<V: DeserializeOwned>(
    tx: &TransactionRef<'_>,
    name: &str,
    id: &str,
) -> Result<Vec<V>, String> {
    let mut records = records_in(tx, name, KeyRange::UpperBound(id, true)).await?;
    records.extend(records_in(tx, name, KeyRange::LowerBound(id, true)).await?);
    Ok(records)
}

/// The records in a store indexed `byDoc` whose document ids are in `ids`.
async fn records_in<V: DeserializeOwned>(
    tx: &TransactionRef<'_>,
    name: &str,
    ids: KeyRange<&str>,
) -> Result<Vec<V>, String> {
    let store = store(tx, name)?;
    let index = store.index(BY_DOC).words()?;
    idb::all(index.get_all().with_query::<&str, _>(ids).serde()).await
}

pub(super) async fn read_document(
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
        document_labels: record.document_labels.clone(),
        entities: Vec::new(),
    };
    let doc = native::from_file(file).map_err(|e| e.to_string())?;
    Ok((record, doc))
}

/// The stored undo history and the `seq` of its first step.
pub(super) async fn read_history(
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

/// How long the records of one chunk may take to queue before the write
/// waits for the database to take them: each chunk is queued in a task of
/// its own, so that storing a large document never holds the page for long
/// (serialising and queuing 50,000 annotations in one task took seconds).
/// The transaction stays active meanwhile: a request is pending. A budget
/// of time rather than a count of records, as a record's cost varies with
/// the machine and its load.
const CHUNK_MS: f64 = 10.0;

/// How many records are queued between two looks at the clock.
const CLOCK_EVERY: usize = 16;

/// Whether a chunk begun at `started` (ms) has had its time, looked at
/// every `CLOCK_EVERY` records.
fn chunk_over(n: usize, started: f64) -> bool {
    n > 0 && n % CLOCK_EVERY == 0 && js_sys::Date::now() - started >= CHUNK_MS
}

/// Access to a document for one chunk of a write: `f` is called with it,
/// and no borrow of it is held between chunks (the open document may be
/// edited while it is being stored).
pub type WithDoc<'w> =
    &'w dyn Fn(&mut dyn FnMut(&AnnotatedDocument) -> Result<(), String>) -> Result<(), String>;

/// Writes queued in a transaction, not yet committed.
pub struct PendingWrite<'a> {
    pub(super) tx: indexed_db_futures::transaction::Transaction<'a>,
    pub(super) doc_id: String,
}

impl PendingWrite<'_> {
    /// Queues the document's annotations and relations a chunk at a time,
    /// each chunk as the document is when it is queued; `with_doc` reaches
    /// the document. Records are gone through by key, so edits between
    /// chunks make none be missed or written twice; the records those edits
    /// touched are written again as they end up by the caller
    /// ([`PendingWrite::put_batch`]) before the commit.
    pub async fn put_records(&self, with_doc: WithDoc<'_>) -> Result<(), String> {
        put_records(&self.tx, &self.doc_id, with_doc).await
    }

    /// Queues a prepared batch (edits made while the whole document was
    /// being queued) in the same transaction.
    pub async fn put_batch(
        &self,
        batch: &super::batch::WriteBatch,
        now: Timestamp,
    ) -> Result<(), String> {
        super::batch::queue_batch(&self.tx, batch, now).await
    }

    pub async fn commit(self) -> Result<(), String> {
        idb::commit(self.tx).await
    }
}

/// Queues the records of a whole document but its annotations and
/// relations (see [`put_records`]): its metadata, text, scheme and history.
/// Not awaited: the transaction's commit reports any failure.
pub(super) fn put_head(
    tx: &TransactionRef<'_>,
    document: &DocumentToStore<'_>,
) -> Result<(), String> {
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
            document_labels: native::document_labels_to_file(doc),
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
    // At most `MAX_STORED_STEPS` (small records): in this task.
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

/// Queues a document's annotations, then its relations, a chunk of
/// `CHUNK_MS` at a time,
/// waiting after each chunk until the database has taken it.
pub(super) async fn put_records(
    tx: &TransactionRef<'_>,
    doc_id: &str,
    with_doc: WithDoc<'_>,
) -> Result<(), String> {
    let mut after: Option<Key> = None;
    let mut done = false;
    while !done {
        done = true;
        let started = js_sys::Date::now();
        with_doc(&mut |doc| {
            let text = &doc.document().text;
            for (n, a) in doc.annotations_after(after.as_ref()).enumerate() {
                if chunk_over(n, started) {
                    done = false;
                    break;
                }
                put(
                    tx,
                    ANNOTATIONS,
                    &AnnotationRecord {
                        doc_id: doc_id.to_string(),
                        layer: a.key.layer.to_string(),
                        id: a.key.id.to_string(),
                        annotation: native::annotation_to_record(text, a),
                    },
                )?;
                after = Some(a.key.clone());
            }
            Ok(())
        })?;
        taken(tx, doc_id).await?;
    }
    let (mut after, mut done) = (None::<Key>, false);
    while !done {
        done = true;
        let started = js_sys::Date::now();
        with_doc(&mut |doc| {
            for (n, r) in doc.relations_after(after.as_ref()).enumerate() {
                if chunk_over(n, started) {
                    done = false;
                    break;
                }
                put(
                    tx,
                    RELATIONS,
                    &RelationRecord {
                        doc_id: doc_id.to_string(),
                        layer: r.key.layer.to_string(),
                        id: r.key.id.to_string(),
                        relation: native::relation_to_record(r),
                    },
                )?;
                after = Some(r.key.clone());
            }
            Ok(())
        })?;
        taken(tx, doc_id).await?;
    }
    Ok(())
}

/// Waits until every request queued so far in the transaction is done (a
/// read queued after them), letting the page run meanwhile.
async fn taken(tx: &TransactionRef<'_>, doc_id: &str) -> Result<(), String> {
    get::<serde::de::IgnoredAny>(&store(tx, DOCUMENTS)?, doc_id)
        .await
        .map(drop)
}

/// Queues the puts of a whole document, a chunk per task.
pub(super) async fn put_document(
    tx: &TransactionRef<'_>,
    document: DocumentToStore<'_>,
) -> Result<(), String> {
    put_head(tx, &document)?;
    let doc = document.doc;
    put_records(tx, &doc.document().id, &|f| f(doc)).await
}

/// A stored document with its undo history, ready to open.
pub struct StoredDocument {
    pub doc: AnnotatedDocument,
    pub history: History,
    pub mark: HistoryMark,
    /// Why the history could not be read back, if it could not.
    pub history_problem: Option<String>,
}
