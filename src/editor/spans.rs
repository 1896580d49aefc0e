//! Spans: tag the selection, relabel, delete, move an end, drag the
//! handles, add or cut fragments, notes and attributes. Each document change
//! is one undo step through the core's `editing` functions.

use scholia_core::editing::{self, SpanEnd};
use scholia_core::{Annotation, AttributeValue, Edit, Fragment, Key, Timestamp};

use crate::state::editor::Dialog;
use crate::state::{label_name, Message, Store};
use crate::words::plural;

pub enum SpanCommand {
    /// A label key, button or the picker's choice: tags the selected text,
    /// or relabels the selected annotation when no text is selected.
    Tag {
        label: String,
        id: String,
        now: Timestamp,
    },
    Relabel {
        keys: Vec<Key>,
        label: String,
        now: Timestamp,
    },
    Delete(Vec<Key>),
    /// Moves an end of the selected span by a word (or a character).
    MoveEnd {
        end: SpanEnd,
        forward: bool,
        now: Timestamp,
    },
    /// Sets where a span starts and ends (its handles dragged).
    SetExtent {
        key: Key,
        start: usize,
        end: usize,
        now: Timestamp,
    },
    /// Adds the selected text to the selected span as a fragment.
    AddSelection {
        now: Timestamp,
    },
    /// Cuts the selected text out of the selected span.
    CutSelection {
        now: Timestamp,
    },
    RemoveFragment {
        key: Key,
        index: usize,
        now: Timestamp,
    },
    SetNote {
        key: Key,
        note: String,
        now: Timestamp,
    },
    SetAttribute {
        key: Key,
        attribute: String,
        value: Option<AttributeValue>,
        now: Timestamp,
    },
}

impl Store {
    pub(crate) fn span_command(&mut self, command: SpanCommand) {
        match command {
            SpanCommand::Tag { label, id, now } => {
                // The picker's choice closes it; the selection it kept is
                // the store's (the page's went to the picker's input).
                if self.editor.dialog == Some(Dialog::LabelPicker) {
                    self.editor.dialog = None;
                }
                self.tag(label, id, now);
            }
            SpanCommand::Relabel { keys, label, now } => self.relabel(keys, label, now),
            SpanCommand::Delete(keys) => {
                if self.apply_or_report(Ok(editing::delete(&keys))) {
                    self.message = (keys.len() > 1).then(|| {
                        Message::info(format!(
                            "Deleted {}.",
                            plural(keys.len(), "annotation", "annotations")
                        ))
                    });
                }
                self.forget_missing();
            }
            SpanCommand::MoveEnd { end, forward, now } => self.move_end(end, forward, now),
            SpanCommand::SetExtent {
                key,
                start,
                end,
                now,
            } => {
                let edit = self.with_doc(|doc| {
                    let a = doc.annotation(&key).ok_or_else(|| {
                        scholia_core::Error::invalid("that annotation no longer exists")
                    })?;
                    let fragments =
                        editing::set_extent(&a.fragments, start, end).ok_or_else(|| {
                            scholia_core::Error::invalid("a span cannot end before it starts")
                        })?;
                    editing::update(doc, &key, now, |a| a.fragments = fragments)
                });
                if let Some(edit) = edit {
                    self.apply_or_report(edit);
                }
            }
            SpanCommand::AddSelection { now } => self.fragment_from_selection(true, now),
            SpanCommand::CutSelection { now } => self.fragment_from_selection(false, now),
            SpanCommand::RemoveFragment { key, index, now } => {
                let edit = self.with_doc(|doc| {
                    editing::update(doc, &key, now, |a| {
                        if a.fragments.len() > 1 && index < a.fragments.len() {
                            a.fragments.remove(index);
                        }
                    })
                });
                if let Some(edit) = edit {
                    self.apply_or_report(edit);
                }
            }
            SpanCommand::SetNote { key, note, now } => {
                let unchanged =
                    self.with_doc(|doc| doc.annotation(&key).is_some_and(|a| a.note == note));
                if unchanged != Some(true) {
                    if let Some(edit) =
                        self.with_doc(|doc| editing::update(doc, &key, now, |a| a.note = note))
                    {
                        self.apply_or_report(edit);
                    }
                }
            }
            SpanCommand::SetAttribute {
                key,
                attribute,
                value,
                now,
            } => {
                if let Some(edit) =
                    self.with_doc(|doc| editing::set_attribute(doc, &key, &attribute, value, now))
                {
                    self.apply_or_report(edit);
                }
            }
        }
    }

    fn tag(&mut self, label: String, id: String, now: Timestamp) {
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let Some((anchor, focus)) = self.selection else {
            if let Some(key) = self.selected.clone() {
                // No text selected: the key relabels the selected annotation.
                return self.relabel(vec![key], label, now);
            }
            self.message = Some(Message::info(
                "Select some text first, then choose a label.",
            ));
            return;
        };
        let layer = self.new_layer();
        let (span, existing) = {
            let workspace = workspace.borrow();
            let Some(span) = workspace.doc.document().text.snap(anchor, focus, self.snap) else {
                // Only whitespace (or nothing) was selected.
                return;
            };
            let fragment = Fragment::new(span.start, span.end);
            let existing = workspace
                .doc
                .annotations()
                .find(|a| a.fragments == [fragment] && a.label == label && a.key.layer == layer)
                .map(|a| a.key.clone());
            (fragment, existing)
        };
        if let Some(key) = existing {
            // Tagging the same span with the same label again selects it.
            self.selected = Some(key);
            self.clear_selection();
            return;
        }
        let key = Key::new(layer, id);
        match self.edit(Edit::AddAnnotation(Annotation::new(
            key.clone(),
            label,
            span,
            now,
        ))) {
            Ok(()) => {
                self.selected = Some(key);
                self.clear_selection();
                self.message = None;
            }
            Err(error) => self.report_error(error),
        }
    }

    pub(crate) fn relabel(&mut self, keys: Vec<Key>, label: String, now: Timestamp) {
        let Some(result) = self.with_doc(|doc| {
            editing::relabel(doc, &keys, &label, now)
                .map(|(edit, done)| (edit, done, label_name(doc, &label)))
        }) else {
            return;
        };
        match result {
            Ok((edit, done, name)) => {
                if self.apply_or_report(Ok(edit)) {
                    let mut text = String::new();
                    if keys.len() > 1 {
                        text = format!(
                            "Relabelled {} as {name}.",
                            plural(done.annotations, "annotation", "annotations")
                        );
                    }
                    if done.removed_relations > 0 {
                        text.push_str(&format!(
                            " Removed {} that no longer fit (Undo brings them back).",
                            plural(done.removed_relations, "relation", "relations")
                        ));
                    }
                    self.message = (!text.is_empty()).then(|| Message::info(text.trim()));
                }
            }
            Err(error) => self.report_error(error),
        }
    }

    fn move_end(&mut self, end: SpanEnd, forward: bool, now: Timestamp) {
        let Some(key) = self.selected.clone() else {
            return;
        };
        let snap = self.snap;
        let edit = self.with_doc(|doc| {
            let a = doc.annotation(&key)?;
            let moved =
                editing::move_span_end(&doc.document().text, &a.fragments, end, forward, snap)?;
            editing::update(doc, &key, now, |a| a.fragments = moved).ok()
        });
        match edit.flatten() {
            Some(edit) => {
                self.apply_or_report(Ok(edit));
            }
            None => {
                self.message = Some(Message::info("The span cannot move that way any further."));
            }
        }
    }

    /// Adds the selected text to the selected span, or cuts it out. The
    /// selection is used up either way.
    fn fragment_from_selection(&mut self, add: bool, now: Timestamp) {
        let (Some(key), Some((anchor, focus))) = (self.selected.clone(), self.selection) else {
            self.message = Some(Message::info(
                "Select an annotation, then select the text to add to it or cut from it.",
            ));
            return;
        };
        self.clear_selection();
        let snap = self.snap;
        let edit = self.with_doc(|doc| {
            let span = doc.document().text.snap(anchor, focus, snap)?;
            let piece = Fragment::new(span.start, span.end);
            let a = doc.annotation(&key)?;
            let fragments = if add {
                editing::add_fragment(&a.fragments, piece)
            } else {
                editing::cut_fragment(&doc.document().text, &a.fragments, piece)?
            };
            (fragments != a.fragments)
                .then(|| editing::update(doc, &key, now, |a| a.fragments = fragments))
        });
        let Some(edit) = edit.flatten() else {
            if !add {
                self.message = Some(Message::info(
                    "Nothing to cut: the selection is outside the span, or covers all of it (delete the annotation instead).",
                ));
            }
            return;
        };
        self.apply_or_report(edit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::state::DEFAULT_ANNOTATOR;
    use crate::store::{Action, ViewCommand};
    use scholia_core::Snap;

    #[test]
    fn tagging_snaps_to_words_and_selects_the_new_annotation() {
        let store = tag_at(
            open_text("Edi Rama said “undeniable evidence”."),
            (5, 8),
            "actor",
            "a1",
        );
        assert_eq!(quotes(&store), [("actor".into(), "Rama".into())]);
        assert_eq!(store.selected, Some(Key::new(DEFAULT_ANNOTATOR, "a1")));
        assert_eq!(store.selection, None);
        assert_eq!(store.workspace.as_ref().unwrap().borrow().unsaved.len(), 1);
        // Without snapping, only whole graphemes.
        let store = store.reduce(Action::View(ViewCommand::SetSnap(Snap::Graphemes)));
        let store = tag_at(store, (15, 19), "claim", "a2");
        assert_eq!(quotes(&store)[1], ("claim".into(), "unde".into()));
    }

    #[test]
    fn empty_or_blank_selections_and_repeats_add_nothing() {
        let store = open_text("Tirana  and Tehran");
        let store = tag_at(store, (6, 8), "actor", "a1");
        assert!(quotes(&store).is_empty());
        let revision = store.revision;
        let store = tag_at(store, (0, 6), "actor", "a2");
        let store = tag_at(store, (1, 3), "actor", "a3");
        assert_eq!(
            quotes(&store).len(),
            1,
            "the same span and label again adds nothing"
        );
        assert_eq!(store.revision, revision + 1);
        // Nothing selected at all (with an annotation selected, the key
        // would relabel it).
        let store = store
            .reduce(Action::View(ViewCommand::Escape))
            .reduce(Action::Span(SpanCommand::Tag {
                label: "actor".into(),
                id: "a4".into(),
                now: Timestamp(1),
            }));
        assert_eq!(
            store.message,
            Some(Message::info(
                "Select some text first, then choose a label."
            ))
        );
    }

    #[test]
    fn delete_undo_and_redo() {
        let store = tag_at(open_text("Tirana and Tehran"), (0, 6), "actor", "a1");
        let store = tag_at(store, (11, 17), "actor", "a2");
        let store =
            store.reduce(SpanCommand::Delete(vec![Key::new(DEFAULT_ANNOTATOR, "a1")]).into());
        assert_eq!(quotes(&store), [("actor".into(), "Tehran".into())]);
        let store = store.reduce(Action::Undo);
        assert_eq!(quotes(&store).len(), 2);
        let store = store.reduce(Action::Redo);
        assert_eq!(quotes(&store).len(), 1);
        assert_eq!(store.workspace.as_ref().unwrap().take_unsaved().len(), 5);
    }

    #[test]
    fn a_label_key_without_selected_text_relabels_the_selected_annotation() {
        let store = tag(open(), "Edi Rama", "actor", "a");
        assert_eq!(store.selected, Some(key("a")));
        let store = store.reduce(Action::Span(SpanCommand::Tag {
            label: "claim".into(),
            id: "b".into(),
            now: Timestamp(2),
        }));
        assert_eq!(quotes(&store), [("claim".into(), "Edi Rama".into())]);
        let store = store.reduce(Action::Undo);
        assert_eq!(quotes(&store), [("actor".into(), "Edi Rama".into())]);
    }

    #[test]
    fn keys_resize_and_fragments_come_from_the_selection() {
        let store = tag(open(), "Rama", "actor", "a");
        let store = run(
            store,
            SpanCommand::MoveEnd {
                end: SpanEnd::Start,
                forward: false,
                now: Timestamp(2),
            }
            .into(),
        );
        let store = run(
            store,
            SpanCommand::MoveEnd {
                end: SpanEnd::End,
                forward: true,
                now: Timestamp(2),
            }
            .into(),
        );
        assert_eq!(quotes(&store)[0].1, "Edi Rama said");
        let store = store.reduce(Action::View(ViewCommand::SetSelection(Some(cp("said", 0)))));
        let store = run(
            store,
            SpanCommand::CutSelection { now: Timestamp(3) }.into(),
        );
        assert_eq!(quotes(&store)[0].1, "Edi Rama");
        let store = store.reduce(Action::View(ViewCommand::SetSelection(Some(cp(
            "Albania", 0,
        )))));
        let store = run(
            store,
            SpanCommand::AddSelection { now: Timestamp(3) }.into(),
        );
        assert_eq!(quotes(&store)[0].1, "Edi Rama|Albania");
        let store = run(
            store,
            SpanCommand::RemoveFragment {
                key: key("a"),
                index: 0,
                now: Timestamp(4),
            }
            .into(),
        );
        assert_eq!(quotes(&store)[0].1, "Albania");
        let store = run(
            store,
            SpanCommand::SetExtent {
                key: key("a"),
                start: cp("Iran", 0).0,
                end: cp("Albania", 0).1,
                now: Timestamp(5),
            }
            .into(),
        );
        assert_eq!(quotes(&store)[0].1, "Iran attacked Albania");
        // Each was one step.
        let mut store = store;
        for _ in 0..6 {
            store = store.reduce(Action::Undo);
        }
        assert_eq!(quotes(&store)[0].1, "Rama");
    }

    #[test]
    fn notes_and_attributes_are_steps_too() {
        let store = tag(open(), "Iran attacked Albania", "claim", "c");
        let store = run(
            store,
            SpanCommand::SetNote {
                key: key("c"),
                note: "check <b>this</b>".into(),
                now: Timestamp(2),
            }
            .into(),
        );
        let revision = store.revision;
        let store = run(
            store,
            SpanCommand::SetNote {
                key: key("c"),
                note: "check <b>this</b>".into(),
                now: Timestamp(3),
            }
            .into(),
        );
        assert_eq!(store.revision, revision, "an unchanged note is no step");
        let store = run(
            store,
            SpanCommand::SetAttribute {
                key: key("c"),
                attribute: "status".into(),
                value: Some(AttributeValue::Text("disputed".into())),
                now: Timestamp(4),
            }
            .into(),
        );
        let store = run(
            store,
            SpanCommand::SetAttribute {
                key: key("c"),
                attribute: "negated".into(),
                value: Some(AttributeValue::Flag(true)),
                now: Timestamp(4),
            }
            .into(),
        );
        assert!(
            store.message.as_ref().unwrap().is_error,
            "negated is for events"
        );
        let read = |store: &Store| {
            let w = store.workspace.as_ref().unwrap().borrow();
            let a = w.doc.annotation(&key("c")).unwrap().clone();
            (a.note, a.attributes.len())
        };
        assert_eq!(read(&store), ("check <b>this</b>".into(), 1));
        let store = store.reduce(Action::Undo);
        assert_eq!(read(&store), ("check <b>this</b>".into(), 0));
        let store = store.reduce(Action::Undo);
        assert_eq!(read(&store), (String::new(), 0));
    }
}
