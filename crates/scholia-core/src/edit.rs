//! Edits, the change sets they produce, and undo/redo.
//!
//! Every edit goes through [`AnnotatedDocument::apply`], which checks it and
//! returns a [`ChangeSet`]: the records it touched, each with its value before
//! and after. A change set is its own inverse with before and after swapped,
//! so history holds only what changed, never snapshots of the whole state,
//! and storage writes only the touched records.

use crate::document::AnnotatedDocument;
use crate::error::{describe_annotation, describe_relation, Error, ErrorKind};
use crate::model::{Annotation, Key, Relation, Scheme};

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
                        Error::new(ErrorKind::DuplicateId(annotation.key.id.clone()))
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
                    return Err(Error::new(ErrorKind::DuplicateId(relation.key.id.clone()))
                        .in_field("id")
                        .in_record(describe_relation(&relation.key.layer, &relation.key.id)));
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
            Change::Annotation { key, after, .. } => match after {
                Some(a) => {
                    self.annotations.insert(key.clone(), a.clone());
                }
                None => {
                    self.annotations.remove(key);
                }
            },
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
    use crate::model::{Document, Fragment, Timestamp};
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

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

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
