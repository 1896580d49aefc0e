//! What an edit writes: the records the change sets touched, as they are
//! now, and the history steps changed since the last write; and queueing
//! one in a transaction.

use std::collections::BTreeSet;

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionRef;
use scholia_core::format::history::{history_sequence, step_to_file};
use scholia_core::format::scholia::{self as native};
use scholia_core::library::Status;
use scholia_core::{Change, ChangeSet, Timestamp};
use wasm_bindgen::JsValue;

use crate::web::idb;

use crate::workspace::Workspace;

use super::schema::*;

/// The history part of a write.
pub(super) struct HistoryWrite {
    pub(super) start: u64,
    pub(super) cursor: u64,
    pub(super) end: u64,
    pub(super) steps: Vec<JsValue>,
}

/// The records a run of change sets touched, ready to write. Prepared
/// synchronously so that no borrow of the open document is held across an
/// `await`. Each touched record is written as it is *now* in the document,
/// so a batch always takes the store to the document's present state.
pub struct WriteBatch {
    pub(super) doc_id: String,
    pub(super) title: String,
    pub(super) annotation_count: usize,
    pub(super) relation_count: usize,
    pub(super) document_labels: Vec<native::DocumentLabelsV1>,
    pub(super) scheme: Option<JsValue>,
    pub(super) annotation_puts: Vec<JsValue>,
    pub(super) annotation_deletes: Vec<JsValue>,
    pub(super) relation_puts: Vec<JsValue>,
    pub(super) relation_deletes: Vec<JsValue>,
    pub(super) history: HistoryWrite,
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
            // (the document's record, written with every batch)
            Change::Title { .. } | Change::DocumentLabels { .. } => {}
        }
    }
    let mut batch = WriteBatch {
        doc_id: doc_id.clone(),
        title: doc.document().title.clone(),
        annotation_count: doc.annotations().len(),
        relation_count: doc.relations().len(),
        document_labels: native::document_labels_to_file(doc),
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

impl WriteBatch {
    pub(super) fn changes_annotations(&self) -> bool {
        !(self.annotation_puts.is_empty()
            && self.annotation_deletes.is_empty()
            && self.relation_puts.is_empty()
            && self.relation_deletes.is_empty())
    }
}

/// Queues a prepared batch and the document's metadata in a transaction.
pub(super) async fn queue_batch(
    tx: &TransactionRef<'_>,
    batch: &WriteBatch,
    now: Timestamp,
) -> Result<(), String> {
    {
        let documents = store(tx, DOCUMENTS)?;
        let Some(mut record) = get::<DocumentRecord>(&documents, &batch.doc_id).await? else {
            return Err("the document is no longer stored (deleted in another tab?)".into());
        };
        record.title = batch.title.clone();
        record.modified = now.0;
        record.annotation_count = batch.annotation_count;
        record.relation_count = batch.relation_count;
        record.document_labels = batch.document_labels.clone();
        if record.status == Status::NotStarted.as_str() && batch.changes_annotations() {
            record.status = Status::InProgress.as_str().into();
        }
        record.history_start = batch.history.start;
        record.history_cursor = batch.history.cursor;
        record.history_end = batch.history.end;
        idb::send(documents.put(&record).serde())?;
    }
    if let Some(scheme) = &batch.scheme {
        idb::send(store(tx, SCHEMES)?.put(scheme).primitive())?;
    }
    for (name, puts, deletes) in [
        (
            ANNOTATIONS,
            &batch.annotation_puts,
            &batch.annotation_deletes,
        ),
        (RELATIONS, &batch.relation_puts, &batch.relation_deletes),
    ] {
        let store = store(tx, name)?;
        for value in puts {
            idb::send(store.put(value).primitive())?;
        }
        for key in deletes {
            idb::send(store.delete(key).primitive())?;
        }
    }
    {
        let history = store(tx, HISTORY)?;
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
    Ok(())
}
