//! Undo history as stored: one record per step (a [`ChangeSet`]), whose
//! records take the native format's shape (quotes included). See
//! docs/storage.md. A history is stored as a sequence of steps, oldest
//! first, and a cursor: the steps before it are done, the others undone.
//!
//! A step is read back against the document it belongs to: every fragment
//! must lie inside the text, on grapheme boundaries, and quote the text it
//! covers, so a step that no longer fits the text (a corrupted record, say)
//! is refused rather than undone into the document. Labels are not checked
//! against the current scheme: a step recorded before a scheme change may
//! name a label that undoing that change brings back.

use serde::{Deserialize, Serialize};

use crate::document::AnnotatedDocument;
use crate::edit::{Change, ChangeSet, History};
use crate::error::{describe_annotation, describe_relation, Error, ErrorKind};
use crate::format::scholia::{
    self as native, annotation_to_record, attributes_from_file, relation_from_record,
    relation_to_record, scheme_from_file, scheme_to_file, AnnotationV1, RelationV1, SchemeV1,
};
use crate::model::{Annotation, Fragment, Key, Name};

/// One undo step: the changes of one edit, in the order they were made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepV1 {
    pub changes: Vec<ChangeV1>,
}

/// One record before and after (`null`: absent). Externally tagged
/// (`{"annotation": {…}}`), which reads without buffering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ChangeV1 {
    Annotation {
        layer: String,
        id: String,
        before: Option<AnnotationV1>,
        after: Option<AnnotationV1>,
    },
    Relation {
        layer: String,
        id: String,
        before: Option<RelationV1>,
        after: Option<RelationV1>,
    },
    Scheme {
        before: SchemeV1,
        after: SchemeV1,
    },
    Title {
        before: String,
        after: String,
    },
    DocumentLabels {
        layer: String,
        set: String,
        before: Vec<String>,
        after: Vec<String>,
    },
}

/// The steps of a history as one sequence, oldest first, and how many are
/// done: the undone ones follow, the next to redo first.
pub fn history_sequence(history: &History) -> (Vec<&ChangeSet>, usize) {
    let (done, undone) = history.steps();
    let steps = done.iter().chain(undone.iter().rev()).collect();
    (steps, done.len())
}

/// The history a sequence and a cursor describe (see [`history_sequence`]).
pub fn history_from_sequence(mut steps: Vec<ChangeSet>, cursor: usize) -> History {
    let cursor = cursor.min(steps.len());
    let mut undone = steps.split_off(cursor);
    undone.reverse();
    History::from_steps(steps, undone)
}

/// The stored form of a step.
pub fn step_to_file(doc: &AnnotatedDocument, step: &ChangeSet) -> StepV1 {
    let text = &doc.document().text;
    StepV1 {
        changes: step
            .changes
            .iter()
            .map(|change| match change {
                Change::Annotation { key, before, after } => ChangeV1::Annotation {
                    layer: key.layer.to_string(),
                    id: key.id.to_string(),
                    before: before.as_ref().map(|a| annotation_to_record(text, a)),
                    after: after.as_ref().map(|a| annotation_to_record(text, a)),
                },
                Change::Relation { key, before, after } => ChangeV1::Relation {
                    layer: key.layer.to_string(),
                    id: key.id.to_string(),
                    before: before.as_ref().map(relation_to_record),
                    after: after.as_ref().map(relation_to_record),
                },
                Change::Scheme { before, after } => ChangeV1::Scheme {
                    before: scheme_to_file(before),
                    after: scheme_to_file(after),
                },
                Change::Title { before, after } => ChangeV1::Title {
                    before: before.clone(),
                    after: after.clone(),
                },
                Change::DocumentLabels {
                    layer,
                    set,
                    before,
                    after,
                } => ChangeV1::DocumentLabels {
                    layer: layer.to_string(),
                    set: set.clone(),
                    before: before.clone(),
                    after: after.clone(),
                },
            })
            .collect(),
    }
}

/// A step as compact JSON.
pub fn step_to_json(doc: &AnnotatedDocument, step: &ChangeSet) -> String {
    serde_json::to_string(&step_to_file(doc, step)).unwrap_or_default()
}

/// Reads a stored step back, checked against the document's text.
pub fn step_from_json(doc: &AnnotatedDocument, json: &str) -> Result<ChangeSet, Error> {
    let step: StepV1 = serde_json::from_str(json)
        .map_err(|e| Error::new(ErrorKind::Syntax(e.to_string())).in_record("undo step"))?;
    step_from_file(doc, step)
}

/// Reads a step back, checked against the document's text.
pub fn step_from_file(doc: &AnnotatedDocument, step: StepV1) -> Result<ChangeSet, Error> {
    let mut changes = Vec::with_capacity(step.changes.len());
    for change in step.changes {
        changes.push(match change {
            ChangeV1::Annotation {
                layer,
                id,
                before,
                after,
            } => {
                let key = Key::new(layer, id);
                let read = |record: Option<AnnotationV1>, field: &str| {
                    record
                        .map(|r| annotation_from_step(doc, &key, r))
                        .transpose()
                        .map_err(|e| {
                            e.in_field(field)
                                .in_record(describe_annotation(&key.layer, &key.id))
                        })
                };
                Change::Annotation {
                    before: read(before, "before")?,
                    after: read(after, "after")?,
                    key,
                }
            }
            ChangeV1::Relation {
                layer,
                id,
                before,
                after,
            } => {
                let key = Key::new(layer, id);
                let read = |record: Option<RelationV1>| {
                    record
                        .map(|r| {
                            if r.layer != key.layer || r.id != key.id {
                                return Err(Error::invalid("the record is not the one changed")
                                    .in_field("id"));
                            }
                            relation_from_record(r)
                        })
                        .transpose()
                        .map_err(|e| e.in_record(describe_relation(&key.layer, &key.id)))
                };
                Change::Relation {
                    before: read(before)?,
                    after: read(after)?,
                    key,
                }
            }
            ChangeV1::Scheme { before, after } => Change::Scheme {
                before: scheme_from_file(before)?,
                after: scheme_from_file(after)?,
            },
            ChangeV1::Title { before, after } => Change::Title { before, after },
            ChangeV1::DocumentLabels {
                layer,
                set,
                before,
                after,
            } => Change::DocumentLabels {
                layer: layer.into(),
                set,
                before,
                after,
            },
        });
    }
    Ok(ChangeSet { changes })
}

/// An annotation of a step: the key must be the changed one, the fragments
/// must fit the text and quote it. The label is not checked (see above).
fn annotation_from_step(
    doc: &AnnotatedDocument,
    key: &Key,
    r: AnnotationV1,
) -> Result<Annotation, Error> {
    if r.layer != key.layer || r.id != key.id {
        return Err(Error::invalid("the record is not the one changed").in_field("id"));
    }
    let fragments: Vec<Fragment> = r
        .fragments
        .iter()
        .map(|f| Fragment::new(f.start, f.end))
        .collect();
    doc.check_fragments(&fragments)
        .map_err(|e| e.in_field("fragments"))?;
    let text = &doc.document().text;
    for (i, f) in r.fragments.iter().enumerate() {
        let expected = text.slice(f.start, f.end);
        if f.quote != expected {
            return Err(Error::new(ErrorKind::QuoteMismatch {
                expected: expected.to_string(),
                found: f.quote.clone(),
            })
            .in_field(format!("fragments[{i}].quote")));
        }
    }
    Ok(Annotation {
        key: key.clone(),
        label: r.label.into(),
        fragments,
        attributes: attributes_from_file(r.attributes),
        note: r.note,
        created: native::timestamp(&r.created, "created")?,
        modified: native::timestamp(&r.modified, "modified")?,
        foreign_id: r.foreign_id,
        entity: r.entity.map(Name::from),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, History};
    use crate::model::{Document, Relation, Scheme, Timestamp};

    fn doc() -> AnnotatedDocument {
        AnnotatedDocument::new(
            Document::new("d", "Rama said 👩‍👩‍👧 Iran attacked Albania.\r\nToday."),
            Scheme::default_scheme(),
        )
    }

    fn annotation(id: &str, label: &str, start: usize, end: usize) -> Annotation {
        Annotation::new(
            Key::new("me", id),
            label,
            Fragment::new(start, end),
            Timestamp(1_700_000_000_123),
        )
    }

    #[test]
    fn every_kind_of_step_round_trips_and_undoes_after_reading_back() {
        let mut d = doc();
        let mut history = History::default();
        let mut claim = annotation("a2", "claim", 15, 38);
        let mut scheme = Scheme::default_scheme();
        scheme.labels[0].name = "Person".into();
        let edits = vec![
            Edit::AddAnnotation(annotation("a1", "actor", 0, 4)),
            Edit::AddAnnotation(claim.clone()),
            Edit::AddRelation(Relation {
                key: Key::new("me", "r1"),
                kind: "source-of".into(),
                source: "a2".into(),
                target: "a1".into(),
                attributes: Default::default(),
                note: "said".into(),
                created: Timestamp(5),
                modified: Timestamp(6),
                foreign_id: None,
            }),
            Edit::UpdateAnnotation({
                claim.note = "a note".into();
                claim.attributes.insert(
                    "status".into(),
                    crate::AttributeValue::Text("disputed".into()),
                );
                claim
            }),
            Edit::SetScheme(scheme),
            Edit::SetTitle("Renamed".into()),
            Edit::RemoveAnnotation(Key::new("me", "a1")),
        ];
        for edit in edits {
            history.record(d.apply(edit).unwrap());
        }
        let (done, _) = history.steps();
        let stored: Vec<String> = done.iter().map(|s| step_to_json(&d, s)).collect();
        let read: Vec<ChangeSet> = stored
            .iter()
            .map(|json| step_from_json(&d, json).unwrap())
            .collect();
        assert_eq!(read, done);
        // The sequence and cursor describe the history exactly.
        history.undo(&mut d).unwrap().unwrap();
        history.undo(&mut d).unwrap().unwrap();
        let (sequence, cursor) = history_sequence(&history);
        assert_eq!(cursor, 5);
        let again = history_from_sequence(sequence.into_iter().cloned().collect(), cursor);
        assert_eq!(again, history);
        history.redo(&mut d).unwrap().unwrap();
        history.redo(&mut d).unwrap().unwrap();
        // Undoing the read-back history returns the initial state.
        let mut restored = History::from_steps(read, Vec::new());
        while let Some(result) = restored.undo(&mut d) {
            result.unwrap();
        }
        assert_eq!(d, doc());
    }

    #[test]
    fn a_step_that_does_not_fit_the_text_is_refused() {
        let mut d = doc();
        let step = d
            .apply(Edit::AddAnnotation(annotation("a1", "actor", 0, 4)))
            .unwrap();
        let json = step_to_json(&d, &step);
        let other = AnnotatedDocument::new(
            Document::new("d", "Edi said Iran attacked."),
            Scheme::default_scheme(),
        );
        let error = step_from_json(&other, &json).unwrap_err();
        assert_eq!(
            error.to_string(),
            "annotation “a1” (layer “me”), field “after.fragments[0].quote”: the quoted text “Rama” does not match the document, which reads “Edi ” there"
        );
        let error = step_from_json(&d, &json.replace("\"end\":4", "\"end\":400")).unwrap_err();
        assert!(error.to_string().contains("outside the text"), "{error}");
        let error = step_from_json(&d, "{\"changes\":[{\"spell\":{}}]}").unwrap_err();
        assert!(error.to_string().contains("unknown variant"), "{error}");
        assert!(step_from_json(&d, "{\"changes\": [").is_err());
    }
}
