//! Edits, the change sets they produce, and undo/redo.
//!
//! Every edit goes through [`AnnotatedDocument::apply`], which checks it and
//! returns a [`ChangeSet`]: the records it touched, each with its value before
//! and after. A change set is its own inverse with before and after swapped,
//! so history holds only what changed, never snapshots of the whole state,
//! and storage writes only the touched records.

use crate::document::AnnotatedDocument;
use crate::error::{describe_annotation, describe_relation, Error, ErrorKind};
use crate::model::{Annotation, Key, Name, Relation, Scheme};

/// Something a user (or an import) does to an annotated document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    AddAnnotation(Annotation),
    /// Replaces the annotation with the same key: relabel, resize, note, attributes.
    UpdateAnnotation(Annotation),
    /// Removes an annotation and every relation that starts or ends at it.
    RemoveAnnotation(Key),
    AddRelation(Relation),
    UpdateRelation(Relation),
    RemoveRelation(Key),
    /// Replaces the scheme; refused if something annotated would become invalid.
    SetScheme(Scheme),
    SetTitle(String),
    /// Sets one layer's choices in one document label set (empty: none).
    SetDocumentLabels {
        layer: Name,
        set: String,
        values: Vec<String>,
    },
    /// Several edits applied in order as one step: all or nothing.
    Batch(Vec<Edit>),
}

/// One record's value before and after an edit (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Annotation {
        key: Key,
        before: Option<Annotation>,
        after: Option<Annotation>,
    },
    Relation {
        key: Key,
        before: Option<Relation>,
        after: Option<Relation>,
    },
    Scheme {
        before: Scheme,
        after: Scheme,
    },
    Title {
        before: String,
        after: String,
    },
    /// One layer's choices in one document label set (empty: none).
    DocumentLabels {
        layer: Name,
        set: String,
        before: Vec<String>,
        after: Vec<String>,
    },
}

impl Change {
    fn inverse(&self) -> Change {
        match self.clone() {
            Change::Annotation { key, before, after } => Change::Annotation {
                key,
                before: after,
                after: before,
            },
            Change::Relation { key, before, after } => Change::Relation {
                key,
                before: after,
                after: before,
            },
            Change::Scheme { before, after } => Change::Scheme {
                before: after,
                after: before,
            },
            Change::Title { before, after } => Change::Title {
                before: after,
                after: before,
            },
            Change::DocumentLabels {
                layer,
                set,
                before,
                after,
            } => Change::DocumentLabels {
                layer,
                set,
                before: after,
                after: before,
            },
        }
    }
}

/// The changes one edit made, in the order they were made.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeSet {
    pub changes: Vec<Change>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The change set that undoes this one.
    pub fn inverse(&self) -> ChangeSet {
        ChangeSet {
            changes: self.changes.iter().rev().map(Change::inverse).collect(),
        }
    }

    /// Approximate heap bytes held, for reporting the size of history.
    pub fn approx_bytes(&self) -> usize {
        fn annotation(a: &Option<Annotation>) -> usize {
            a.as_ref().map_or(0, |a| {
                std::mem::size_of::<Annotation>()
                    + a.key.id.len()
                    + a.key.layer.len()
                    + a.label.len()
                    + a.note.len()
                    + a.fragments.len() * std::mem::size_of::<crate::model::Fragment>()
                    + a.attributes.keys().map(|k| k.len() + 32).sum::<usize>()
            })
        }
        fn relation(r: &Option<Relation>) -> usize {
            r.as_ref().map_or(0, |r| {
                std::mem::size_of::<Relation>()
                    + r.key.id.len()
                    + r.key.layer.len()
                    + r.kind.len()
                    + r.source.len()
                    + r.target.len()
                    + r.note.len()
            })
        }
        self.changes
            .iter()
            .map(|change| {
                std::mem::size_of::<Change>()
                    + match change {
                        Change::Annotation { before, after, .. } => {
                            annotation(before) + annotation(after)
                        }
                        Change::Relation { before, after, .. } => {
                            relation(before) + relation(after)
                        }
                        Change::Scheme { .. } => 1024,
                        Change::Title { before, after } => before.len() + after.len(),
                        Change::DocumentLabels {
                            set, before, after, ..
                        } => {
                            set.len()
                                + before
                                    .iter()
                                    .chain(after)
                                    .map(|v| v.len() + 24)
                                    .sum::<usize>()
                        }
                    }
            })
            .sum()
    }
}

impl AnnotatedDocument {
    /// Checks and applies an edit. On error nothing has changed.
    pub fn apply(&mut self, edit: Edit) -> Result<ChangeSet, Error> {
        let mut changes = ChangeSet::default();
        match self.apply_into(edit, &mut changes) {
            Ok(()) => Ok(changes),
            Err(error) => {
                // A batch may have applied part of itself: take it back.
                self.put_changes(&changes.inverse());
                Err(error)
            }
        }
    }

    fn apply_into(&mut self, edit: Edit, changes: &mut ChangeSet) -> Result<(), Error> {
        match edit {
            Edit::AddAnnotation(annotation) => {
                if self.annotations.contains_key(&annotation.key) {
                    return Err(
                        Error::new(ErrorKind::DuplicateId(annotation.key.id.to_string()))
                            .in_field("id")
                            .in_record(describe_annotation(
                                &annotation.key.layer,
                                &annotation.key.id,
                            )),
                    );
                }
                self.check_annotation(&annotation)?;
                self.push(
                    changes,
                    annotation_change(annotation.key.clone(), None, Some(annotation)),
                );
            }
            Edit::UpdateAnnotation(annotation) => {
                let key = annotation.key.clone();
                let before = self.existing_annotation(&key)?;
                self.check_annotation(&annotation)?;
                self.push(
                    changes,
                    annotation_change(key.clone(), Some(before), Some(annotation)),
                );
                // A new label may no longer fit the relations at this annotation.
                let relations: Vec<Relation> = self.relations_of(&key).cloned().collect();
                for relation in &relations {
                    self.check_relation(relation)?;
                }
            }
            Edit::RemoveAnnotation(key) => {
                let before = self.existing_annotation(&key)?;
                let relations: Vec<Relation> = self.relations_of(&key).cloned().collect();
                for relation in relations {
                    self.push(
                        changes,
                        relation_change(relation.key.clone(), Some(relation), None),
                    );
                }
                self.push(changes, annotation_change(key, Some(before), None));
            }
            Edit::AddRelation(relation) => {
                if self.relations.contains_key(&relation.key) {
                    return Err(
                        Error::new(ErrorKind::DuplicateId(relation.key.id.to_string()))
                            .in_field("id")
                            .in_record(describe_relation(&relation.key.layer, &relation.key.id)),
                    );
                }
                self.check_relation(&relation)?;
                self.push(
                    changes,
                    relation_change(relation.key.clone(), None, Some(relation)),
                );
            }
            Edit::UpdateRelation(relation) => {
                let before = self.existing_relation(&relation.key)?;
                self.check_relation(&relation)?;
                self.push(
                    changes,
                    relation_change(relation.key.clone(), Some(before), Some(relation)),
                );
            }
            Edit::RemoveRelation(key) => {
                let before = self.existing_relation(&key)?;
                self.push(changes, relation_change(key, Some(before), None));
            }
            Edit::SetScheme(scheme) => {
                self.check_scheme(&scheme)?;
                let before = self.scheme().clone();
                self.push(
                    changes,
                    Change::Scheme {
                        before,
                        after: scheme,
                    },
                );
            }
            Edit::SetTitle(title) => {
                let title = title.trim().to_string();
                if title.is_empty() {
                    return Err(Error::invalid("a title cannot be empty")
                        .in_field("title")
                        .in_record("document"));
                }
                let before = self.document().title.clone();
                self.push(
                    changes,
                    Change::Title {
                        before,
                        after: title,
                    },
                );
            }
            Edit::SetDocumentLabels { layer, set, values } => {
                self.check_document_labels(self.scheme(), &layer, &set, &values)
                    .map_err(|e| {
                        e.in_record(format!(
                            "the document labels {} of {}",
                            crate::error::quoted(&set),
                            crate::error::quoted(&layer)
                        ))
                    })?;
                let before = self
                    .document_label(&layer, &set)
                    .map(<[String]>::to_vec)
                    .unwrap_or_default();
                if before != values {
                    self.push(
                        changes,
                        Change::DocumentLabels {
                            layer,
                            set,
                            before,
                            after: values,
                        },
                    );
                }
            }
            Edit::Batch(edits) => {
                for edit in edits {
                    self.apply_into(edit, changes)?;
                }
            }
        }
        Ok(())
    }

    fn existing_annotation(&self, key: &Key) -> Result<Annotation, Error> {
        self.annotation(key).cloned().ok_or_else(|| {
            Error::invalid("there is no such annotation")
                .in_record(describe_annotation(&key.layer, &key.id))
        })
    }

    fn existing_relation(&self, key: &Key) -> Result<Relation, Error> {
        self.relation(key).cloned().ok_or_else(|| {
            Error::invalid("there is no such relation")
                .in_record(describe_relation(&key.layer, &key.id))
        })
    }

    fn push(&mut self, changes: &mut ChangeSet, change: Change) {
        self.put_change(&change);
        changes.changes.push(change);
    }

    /// Sets each record to its `after` value, unchecked.
    fn put_changes(&mut self, changes: &ChangeSet) {
        for change in &changes.changes {
            self.put_change(change);
        }
    }

    fn put_change(&mut self, change: &Change) {
        match change {
            Change::Annotation { key, after, .. } => {
                self.log.record(key);
                match after {
                    Some(a) => {
                        self.put_annotation(a.clone());
                    }
                    None => {
                        self.annotations.remove(key);
                    }
                }
            }
            Change::Relation { key, after, .. } => match after {
                Some(r) => {
                    self.relations.insert(key.clone(), r.clone());
                }
                None => {
                    self.relations.remove(key);
                }
            },
            Change::Scheme { after, .. } => *self.scheme_mut() = after.clone(),
            Change::Title { after, .. } => *self.title_mut() = after.clone(),
            Change::DocumentLabels {
                layer, set, after, ..
            } => self.put_document_labels(layer.clone(), set.clone(), after.clone()),
        }
    }

    /// Applies a recorded change set (an undo or a redo). Each record must
    /// still hold its `before` value; otherwise nothing changes and the
    /// error says which record moved on.
    pub fn apply_changes(&mut self, changes: &ChangeSet) -> Result<(), Error> {
        for (i, change) in changes.changes.iter().enumerate() {
            let holds_before = match change {
                Change::Annotation { key, before, .. } => self.annotation(key) == before.as_ref(),
                Change::Relation { key, before, .. } => self.relation(key) == before.as_ref(),
                Change::Scheme { before, .. } => self.scheme() == before,
                Change::Title { before, .. } => &self.document().title == before,
                Change::DocumentLabels {
                    layer, set, before, ..
                } => self.document_label(layer, set).unwrap_or_default() == before.as_slice(),
            };
            if !holds_before {
                for applied in changes.changes[..i].iter().rev() {
                    self.put_change(&applied.inverse());
                }
                return Err(Error::invalid(
                    "the document changed since this step was recorded, so it cannot be undone or redone",
                ));
            }
            self.put_change(change);
        }
        Ok(())
    }
}

fn annotation_change(key: Key, before: Option<Annotation>, after: Option<Annotation>) -> Change {
    Change::Annotation { key, before, after }
}

fn relation_change(key: Key, before: Option<Relation>, after: Option<Relation>) -> Change {
    Change::Relation { key, before, after }
}

/// Undo and redo stacks of change sets. A new step drops the redo stack.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    done: Vec<ChangeSet>,
    undone: Vec<ChangeSet>,
}

impl History {
    /// Records a step that was just applied.
    pub fn record(&mut self, changes: ChangeSet) {
        if !changes.is_empty() {
            self.done.push(changes);
            self.undone.clear();
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Undoes the last step; returns the changes applied (for storage).
    pub fn undo(&mut self, document: &mut AnnotatedDocument) -> Option<Result<ChangeSet, Error>> {
        let step = self.done.pop()?;
        let inverse = step.inverse();
        Some(match document.apply_changes(&inverse) {
            Ok(()) => {
                self.undone.push(step);
                Ok(inverse)
            }
            Err(error) => {
                self.done.push(step);
                Err(error)
            }
        })
    }

    /// Redoes the last undone step; returns the changes applied.
    pub fn redo(&mut self, document: &mut AnnotatedDocument) -> Option<Result<ChangeSet, Error>> {
        let step = self.undone.pop()?;
        Some(match document.apply_changes(&step) {
            Ok(()) => {
                self.done.push(step.clone());
                Ok(step)
            }
            Err(error) => {
                self.undone.push(step);
                Err(error)
            }
        })
    }

    /// The undo and redo stacks, oldest first (for saving history).
    pub fn steps(&self) -> (&[ChangeSet], &[ChangeSet]) {
        (&self.done, &self.undone)
    }

    /// A history restored from saved stacks.
    pub fn from_steps(done: Vec<ChangeSet>, undone: Vec<ChangeSet>) -> History {
        History { done, undone }
    }

    /// Approximate heap bytes held by both stacks.
    pub fn approx_bytes(&self) -> usize {
        self.done
            .iter()
            .chain(&self.undone)
            .map(ChangeSet::approx_bytes)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttributeValue, Document, Fragment, Timestamp};
    use proptest::prelude::*;

    fn doc() -> AnnotatedDocument {
        AnnotatedDocument::new(
            Document::new("d", "Rama said Iran attacked Albania 👩‍👩‍👧 today."),
            Scheme::default_scheme(),
        )
    }

    fn annotation(id: &str, label: &str, start: usize, end: usize) -> Annotation {
        Annotation::new(
            Key::new("me", id),
            label,
            Fragment::new(start, end),
            Timestamp(0),
        )
    }

    fn relation(id: &str, kind: &str, source: &str, target: &str) -> Relation {
        Relation {
            key: Key::new("me", id),
            kind: kind.into(),
            source: source.into(),
            target: target.into(),
            attributes: Default::default(),
            note: String::new(),
            created: Timestamp(0),
            modified: Timestamp(0),
            foreign_id: None,
        }
    }

    #[test]
    fn the_change_log_names_what_changed_since_a_position_and_only_for_that_document() {
        let mut d = doc();
        let mut history = History::default();
        let start = d.log_position();
        assert_eq!(d.changed_since(start).unwrap().count(), 0);
        history.record(
            d.apply(Edit::AddAnnotation(annotation("a1", "actor", 0, 4)))
                .unwrap(),
        );
        let after_one = d.log_position();
        history.record(
            d.apply(Edit::AddAnnotation(annotation("a2", "claim", 10, 31)))
                .unwrap(),
        );
        history.record(
            d.apply(Edit::RemoveAnnotation(Key::new("me", "a1")))
                .unwrap(),
        );
        history.undo(&mut d).unwrap().unwrap();
        let ids = |since| -> Vec<String> {
            d.changed_since(since)
                .unwrap()
                .map(|k| k.id.to_string())
                .collect()
        };
        assert_eq!(ids(start), ["a1", "a2", "a1", "a1"]);
        assert_eq!(ids(after_one), ["a2", "a1", "a1"]);
        // A copy, another document, or a position too far back: not known.
        let copy = d.clone();
        assert_eq!(copy, d);
        assert!(copy.changed_since(d.log_position()).is_none());
        assert!(d.changed_since(doc().log_position()).is_none());
        let mut a1 = d.annotation(&Key::new("me", "a1")).unwrap().clone();
        let before_many = d.log_position();
        for i in 0..300 {
            a1.note = format!("note {i}");
            d.apply(Edit::UpdateAnnotation(a1.clone())).unwrap();
        }
        assert!(d.changed_since(start).is_none());
        assert!(d.changed_since(before_many).is_none());
        assert_eq!(d.changed_since(d.log_position()).unwrap().count(), 0);
    }

    #[test]
    fn removing_an_annotation_removes_its_relations_and_undo_restores_both() {
        let mut d = doc();
        let mut history = History::default();
        for edit in [
            Edit::AddAnnotation(annotation("a1", "actor", 0, 4)),
            Edit::AddAnnotation(annotation("a2", "claim", 10, 31)),
            Edit::AddRelation(relation("r1", "source-of", "a2", "a1")),
        ] {
            history.record(d.apply(edit).unwrap());
        }
        let before = d.clone();
        history.record(
            d.apply(Edit::RemoveAnnotation(Key::new("me", "a1")))
                .unwrap(),
        );
        assert_eq!(d.annotations().len(), 1);
        assert_eq!(d.relations().len(), 0);
        history.undo(&mut d).unwrap().unwrap();
        assert_eq!(d, before);
        history.redo(&mut d).unwrap().unwrap();
        assert_eq!(d.relations().len(), 0);
    }

    #[test]
    fn invalid_edits_change_nothing_and_say_why() {
        let mut d = doc();
        d.apply(Edit::AddAnnotation(annotation("a1", "actor", 0, 4)))
            .unwrap();
        let before = d.clone();
        let cases = [
            (
                Edit::AddAnnotation(annotation("a1", "actor", 5, 9)),
                "the id “a1” is used twice",
            ),
            (
                Edit::AddAnnotation(annotation("a2", "place", 5, 9)),
                "label “place” is not declared",
            ),
            (
                Edit::AddAnnotation(annotation("a2", "actor", 5, 99)),
                "reaches outside the text",
            ),
            (
                Edit::AddAnnotation(annotation("a2", "actor", 33, 35)),
                "falls inside a character",
            ),
            (
                Edit::AddRelation(relation("r1", "participant", "a1", "zz")),
                "no annotation has the id “zz”",
            ),
            (
                Edit::Batch(vec![
                    Edit::AddAnnotation(annotation("a3", "event", 15, 23)),
                    Edit::AddRelation(relation("r1", "source-of", "a1", "a3")),
                ]),
                "the source of a “source of” relation must be Claim, not “Actor”",
            ),
        ];
        for (edit, message) in cases {
            let error = d.apply(edit).unwrap_err();
            assert!(error.to_string().contains(message), "{error}");
            assert_eq!(d, before);
        }
    }

    #[test]
    fn a_scheme_that_would_orphan_annotations_is_refused() {
        let mut d = doc();
        d.apply(Edit::AddAnnotation(annotation("a1", "actor", 0, 4)))
            .unwrap();
        let mut scheme = Scheme::default_scheme();
        scheme.labels.retain(|l| l.id != "actor");
        scheme.relation_types.clear();
        let error = d.apply(Edit::SetScheme(scheme)).unwrap_err();
        assert!(
            error.to_string().contains("label “actor” is not declared"),
            "{error}"
        );
    }

    #[test]
    fn undo_refuses_when_the_record_moved_on() {
        let mut d = doc();
        let mut history = History::default();
        history.record(
            d.apply(Edit::AddAnnotation(annotation("a1", "actor", 0, 4)))
                .unwrap(),
        );
        // A change outside this history (another tab, say).
        d.apply(Edit::UpdateAnnotation(annotation("a1", "claim", 0, 4)))
            .unwrap();
        let snapshot = d.clone();
        assert!(history.undo(&mut d).unwrap().is_err());
        assert_eq!(d, snapshot);
        assert!(history.can_undo());
    }

    fn arbitrary_edit() -> impl Strategy<Value = Edit> {
        let id = prop::sample::select(vec!["a1", "a2", "a3", "a4"]);
        let label = prop::sample::select(vec!["actor", "event", "claim", "nope"]);
        prop_oneof![
            (id.clone(), label.clone(), 0usize..45, 1usize..10).prop_map(
                |(id, label, start, len)| {
                    Edit::AddAnnotation(annotation(id, label, start, start + len))
                }
            ),
            (id.clone(), label, 0usize..45, 1usize..10).prop_map(|(id, label, start, len)| {
                Edit::UpdateAnnotation(annotation(id, label, start, start + len))
            }),
            id.clone()
                .prop_map(|id| Edit::RemoveAnnotation(Key::new("me", id))),
            (
                id.clone(),
                id.clone(),
                prop::sample::select(vec!["source-of", "participant", "about"])
            )
                .prop_map(|(s, t, kind)| Edit::AddRelation(relation(
                    &format!("{s}{t}"),
                    kind,
                    s,
                    t
                ))),
            "[a-z ]{1,12}".prop_map(Edit::SetTitle),
        ]
    }

    /// What a user does, as the app turns it into an edit with
    /// [`crate::editing`] and [`crate::scheme_edit`]: each reads the
    /// document as it is when it happens.
    #[derive(Debug, Clone)]
    enum Intent {
        Tag(&'static str, &'static str, usize, usize),
        Relabel(Vec<&'static str>, &'static str),
        MoveEnd(&'static str, bool, bool, bool),
        Drag(&'static str, usize, usize),
        AddFragment(&'static str, usize, usize),
        CutFragment(&'static str, usize, usize),
        Note(&'static str, String),
        Attribute(&'static str, &'static str, Option<AttributeValue>),
        Link(&'static str, &'static str, &'static str),
        Unlink(&'static str),
        AnnotateAll(Vec<(usize, usize)>, &'static str),
        Delete(Vec<&'static str>),
        Scheme(u8),
    }

    fn arbitrary_intent() -> impl Strategy<Value = Intent> {
        let id = || prop::sample::select(vec!["a1", "a2", "a3"]);
        let label = || {
            prop::sample::select(vec![
                "actor", "event", "claim", "actor", "event", "claim", "place",
            ])
        };
        let value = prop_oneof![
            Just(None),
            Just(Some(AttributeValue::Flag(true))),
            prop::sample::select(vec!["verified", "false", "maybe"])
                .prop_map(|v| Some(AttributeValue::Text(v.into()))),
        ];
        // Spans start and end on words of the text, as snapping makes them.
        let words = [0usize, 4, 5, 9, 10, 14, 15, 23, 24, 31, 32, 37, 38, 43];
        let word_span = (0usize..7, 1usize..3)
            .prop_map(move |(w, n)| (words[2 * w], words[(2 * (w + n) - 1).min(13)]));
        prop_oneof![
            3 => (id(), label(), word_span).prop_map(|(i, l, (s, e))| Intent::Tag(i, l, s, e)),
            1 => (id(), label(), 0usize..45, 1usize..12).prop_map(|(i, l, s, n)| Intent::Tag(i, l, s, s + n)),
            1 => (prop::collection::vec(id(), 1..3), label()).prop_map(|(ids, l)| Intent::Relabel(ids, l)),
            1 => (id(), any::<bool>(), any::<bool>(), any::<bool>())
                .prop_map(|(i, e, f, w)| Intent::MoveEnd(i, e, f, w)),
            1 => (id(), 0usize..45, 0usize..46).prop_map(|(i, s, e)| Intent::Drag(i, s, e)),
            1 => (id(), 0usize..45, 1usize..8).prop_map(|(i, s, n)| Intent::AddFragment(i, s, s + n)),
            1 => (id(), 0usize..45, 1usize..8).prop_map(|(i, s, n)| Intent::CutFragment(i, s, s + n)),
            1 => (id(), "[a-z <>&]{0,8}").prop_map(|(i, n)| Intent::Note(i, n)),
            2 => (id(), prop::sample::select(vec!["status", "negated", "nope"]), value)
                .prop_map(|(i, a, v)| Intent::Attribute(i, a, v)),
            6 => (id(), id(), prop::sample::select(vec!["source-of", "participant", "about"]))
                .prop_map(|(s, t, k)| Intent::Link(s, t, k)),
            2 => id().prop_map(Intent::Unlink),
            1 => (prop::collection::vec((0usize..45, 1usize..6), 0..5), label())
                .prop_map(|(hits, l)| Intent::AnnotateAll(hits, l)),
            1 => prop::collection::vec(id(), 1..3).prop_map(Intent::Delete),
            1 => (0u8..4).prop_map(Intent::Scheme),
        ]
    }

    /// The edit an intent makes of the document as it is (`None`: the app
    /// would refuse before editing).
    fn edit_for(d: &AnnotatedDocument, intent: Intent, step: usize) -> Option<Edit> {
        use crate::editing as e;
        use crate::model::Fragment as F;
        let key = |id: &str| Key::new("me", id);
        let now = Timestamp(step as i64);
        let fragments = |id: &str| d.annotation(&key(id)).map(|a| a.fragments.clone());
        let update = |id: &str, f: Vec<F>| e::update(d, &key(id), now, |a| a.fragments = f).ok();
        match intent {
            Intent::Tag(id, label, s, end) => {
                Some(Edit::AddAnnotation(annotation(id, label, s, end)))
            }
            Intent::Relabel(ids, label) => {
                let keys: Vec<Key> = ids.into_iter().map(key).collect();
                e::relabel(d, &keys, label, now).ok().map(|(edit, _)| edit)
            }
            Intent::MoveEnd(id, start, forward, words) => {
                let end = if start {
                    e::SpanEnd::Start
                } else {
                    e::SpanEnd::End
                };
                let snap = if words {
                    crate::Snap::Words
                } else {
                    crate::Snap::Graphemes
                };
                let moved =
                    e::move_span_end(&d.document().text, &fragments(id)?, end, forward, snap)?;
                update(id, moved)
            }
            Intent::Drag(id, s, end) => update(id, e::set_extent(&fragments(id)?, s, end)?),
            Intent::AddFragment(id, s, end) => {
                update(id, e::add_fragment(&fragments(id)?, F::new(s, end)))
            }
            Intent::CutFragment(id, s, end) => update(
                id,
                e::cut_fragment(&d.document().text, &fragments(id)?, F::new(s, end))?,
            ),
            Intent::Note(id, note) => e::update(d, &key(id), now, |a| a.note = note).ok(),
            Intent::Attribute(id, attribute, value) => {
                e::set_attribute(d, &key(id), attribute, value, now).ok()
            }
            Intent::Link(s, t, kind) => {
                // As the app does: the type that fits the two labels, if any.
                let label = |id: &str| d.annotation(&key(id)).map(|a| a.label.clone());
                let fitting = match (label(s), label(t)) {
                    (Some(ls), Some(lt)) => e::relation_types_between(d.scheme(), &ls, &lt)
                        .first()
                        .map(|t| t.id.clone()),
                    _ => None,
                };
                let kind = fitting.unwrap_or_else(|| kind.to_string());
                e::link(d, &key(s), &key(t), &kind, format!("r{step}"), now).ok()
            }
            Intent::Unlink(id) => d
                .relations_of(&key(id))
                .next()
                .map(|r| Edit::RemoveRelation(r.key.clone())),
            Intent::AnnotateAll(hits, label) => {
                let hits: Vec<std::ops::Range<usize>> =
                    hits.into_iter().map(|(s, n)| s..s + n).collect();
                let mut n = 0;
                let (edit, _) = e::annotate_all(
                    d,
                    &hits,
                    label,
                    "me",
                    || {
                        n += 1;
                        format!("all{step}-{n}")
                    },
                    now,
                );
                Some(edit)
            }
            Intent::Delete(ids) => Some(e::delete(&ids.into_iter().map(key).collect::<Vec<_>>())),
            Intent::Scheme(which) => {
                let mut scheme = d.scheme().clone();
                match which {
                    0 => scheme.remove_label("event"),
                    1 => {
                        scheme.add_label("Place");
                    }
                    2 => {
                        scheme.move_item(crate::scheme_edit::Part::Labels, 0, false);
                        if let Some(l) = scheme.labels.first_mut() {
                            l.name.push('!');
                            l.color = crate::Color([1, 2, 3]);
                        }
                    }
                    _ => scheme.remove_attribute("status"),
                }
                crate::scheme_edit::conform(d, scheme)
                    .ok()
                    .map(|(edit, _)| edit)
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Every kind of edit the app makes (relabel, resize, fragments,
        /// notes, attributes, relations, bulk relabel and delete,
        /// annotate-all, scheme changes) undoes to the exact state before it
        /// and redoes to the exact state after it.
        #[test]
        fn every_kind_of_edit_undoes_and_redoes_exactly(
            intents in prop::collection::vec(arbitrary_intent(), 0..30)
        ) {
            let mut d = doc();
            let mut history = History::default();
            let mut states = vec![d.clone()];
            for (step, intent) in intents.into_iter().enumerate() {
                let Some(edit) = edit_for(&d, intent, step) else { continue };
                let before = d.clone();
                match d.apply(edit) {
                    Ok(changes) if !changes.is_empty() => {
                        history.record(changes);
                        states.push(d.clone());
                    }
                    Ok(_) => {}
                    Err(_) => prop_assert_eq!(&d, &before, "a refused edit changes nothing"),
                }
            }
            for i in (0..states.len() - 1).rev() {
                history.undo(&mut d).unwrap().unwrap();
                prop_assert_eq!(&d, &states[i]);
            }
            prop_assert!(history.undo(&mut d).is_none());
            for state in states.iter().skip(1) {
                history.redo(&mut d).unwrap().unwrap();
                prop_assert_eq!(&d, state);
            }
        }

        #[test]
        fn undoing_every_step_returns_the_initial_state_and_redo_reapplies(
            edits in prop::collection::vec(prop::collection::vec(arbitrary_edit(), 1..4), 0..24)
        ) {
            let mut d = doc();
            let mut history = History::default();
            let initial = d.clone();
            let mut states = vec![d.clone()];
            for batch in edits {
                if let Ok(changes) = d.apply(Edit::Batch(batch)) {
                    if !changes.is_empty() {
                        history.record(changes);
                        states.push(d.clone());
                    }
                }
                prop_assert_eq!(&d, states.last().unwrap());
            }
            let n_steps = states.len() - 1;
            for i in (0..n_steps).rev() {
                history.undo(&mut d).unwrap().unwrap();
                prop_assert_eq!(&d, &states[i]);
            }
            prop_assert!(history.undo(&mut d).is_none());
            prop_assert_eq!(&d, &initial);
            for state in states.iter().skip(1) {
                history.redo(&mut d).unwrap().unwrap();
                prop_assert_eq!(&d, state);
            }
        }
    }
}
