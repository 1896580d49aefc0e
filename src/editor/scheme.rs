//! The annotation scheme: one change from the scheme editor, a whole
//! scheme set, or a scheme file adopted keeping what the document uses. Each
//! is one undo step through the core's `scheme_edit`, which removes what no
//! longer fits and says what it removed.

use scholia_core::scheme_edit::{self, Conformed};
use scholia_core::{AnnotatedDocument, Edit, Scheme};

use crate::keymap::RESERVED;
use crate::scheme_change::{self, Change};
use crate::state::{Message, Store};

pub enum SchemeCommand {
    Set(Scheme),
    /// One change from the scheme editor, made to the scheme as it is now.
    Change(Change),
    /// A scheme read from a file, adopted keeping what the document uses.
    Adopt {
        scheme: Scheme,
        file_name: String,
    },
}

/// What the app refuses in a scheme beyond what the core checks: empty
/// names, and hotkeys that are not one free key. Only hotkeys that differ
/// from `before` are checked, so that the message names the label changed.
pub fn scheme_problem(scheme: &Scheme, before: &Scheme) -> Option<String> {
    let names = scheme
        .labels
        .iter()
        .map(|l| ("label", &l.name))
        .chain(
            scheme
                .relation_types
                .iter()
                .map(|r| ("relation type", &r.name)),
        )
        .chain(scheme.attributes.iter().map(|a| ("attribute", &a.name)));
    for (what, name) in names {
        if name.trim().is_empty() {
            return Some(format!("A {what} needs a name."));
        }
    }
    scheme.labels.iter().find_map(|l| {
        let hotkey = l.hotkey.as_deref()?;
        if before.label(&l.id).is_some_and(|b| b.hotkey == l.hotkey) {
            return None;
        }
        let problem = scheme.hotkey_problem(&l.id, hotkey, RESERVED)?;
        Some(format!(
            "The hotkey of {} cannot be “{hotkey}”: {problem}.",
            l.name
        ))
    })
}

/// How many annotations carry each label of the scheme, in scheme order.
pub fn label_usage(doc: &AnnotatedDocument) -> Vec<(String, usize)> {
    let labels = &doc.scheme().labels;
    let mut counts = vec![0; labels.len()];
    if labels.len() <= 16 {
        // (a few string comparisons cost less than hashing each label)
        for a in doc.annotations() {
            if let Some(i) = labels.iter().position(|l| l.id == a.label) {
                counts[i] += 1;
            }
        }
    } else {
        let index: std::collections::HashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i))
            .collect();
        for a in doc.annotations() {
            if let Some(&i) = index.get(a.label.as_str()) {
                counts[i] += 1;
            }
        }
    }
    labels.iter().map(|l| l.id.clone()).zip(counts).collect()
}

/// How many annotations carry label `id`, from [`label_usage`].
pub fn uses(usage: &[(String, usize)], id: &str) -> usize {
    usage.iter().find(|(l, _)| l == id).map_or(0, |(_, n)| *n)
}

impl Store {
    pub(crate) fn scheme_command(&mut self, command: SchemeCommand) {
        match command {
            SchemeCommand::Change(change) => {
                let current = self.scheme();
                let next = scheme_change::apply(&current, change);
                if next != current {
                    self.scheme_command(SchemeCommand::Set(next));
                }
            }
            SchemeCommand::Set(scheme) => {
                if let Some(problem) = scheme_problem(&scheme, &self.scheme()) {
                    self.message = Some(Message::error(problem));
                    return;
                }
                if let Some(result) = self.with_doc(|doc| scheme_edit::conform(doc, scheme)) {
                    self.apply_scheme(result, String::new());
                }
            }
            SchemeCommand::Adopt { scheme, file_name } => {
                let result = self.with_doc(|doc| {
                    let (scheme, kept) = scheme_edit::adopt(doc, scheme);
                    if let Some(problem) = scheme_problem(&scheme, &Scheme::default()) {
                        return Err(scholia_core::Error::invalid(problem));
                    }
                    scheme_edit::conform(doc, scheme).map(|r| (r, kept))
                });
                match result {
                    Some(Ok((result, kept))) => {
                        let mut note = format!("The scheme from {file_name} is in use.");
                        if !kept.is_empty() {
                            note.push_str(&format!(
                                " Kept because annotations use them: {}.",
                                kept.join(", ")
                            ));
                        }
                        self.apply_scheme(Ok(result), note);
                    }
                    Some(Err(error)) => self.report_error(error.in_file(file_name)),
                    None => {}
                }
            }
        }
    }

    fn apply_scheme(
        &mut self,
        result: Result<(Edit, Conformed), scholia_core::Error>,
        note: String,
    ) {
        match result {
            Ok((edit, done)) => {
                if self.apply_or_report(Ok(edit)) {
                    let mut text = note;
                    if !done.is_empty() {
                        text.push_str(&format!(
                            " Removed {} that no longer fit the scheme (Undo brings them back).",
                            done.describe()
                        ));
                    }
                    self.message = (!text.trim().is_empty()).then(|| Message::info(text.trim()));
                    self.forget_missing();
                    let scheme = self.scheme();
                    self.editor
                        .filter
                        .labels
                        .retain(|l| scheme.label(l).is_some());
                }
            }
            Err(error) => self.report_error(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::store::{Action, FilterCommand};
    use scholia_core::{Document, Key};

    #[test]
    fn label_usage_counts_each_label_with_few_labels_and_with_many() {
        for extra in [0, 20] {
            let mut scheme = Scheme::default_scheme();
            for i in 0..extra {
                scheme.ensure_label(&format!("extra-{i}"));
            }
            let mut doc = AnnotatedDocument::new(Document::new("d", TEXT), scheme);
            for (i, label) in ["actor", "claim", "actor", "extra-3"].iter().enumerate() {
                let a = scholia_core::Annotation::new(
                    Key::new("me", format!("a{i}")),
                    *label,
                    scholia_core::Fragment::new(i, i + 1),
                    scholia_core::Timestamp(0),
                );
                let _ = doc.apply(scholia_core::Edit::AddAnnotation(a));
            }
            let usage = label_usage(&doc);
            assert_eq!(usage.len(), 3 + extra);
            assert_eq!(uses(&usage, "actor"), 2);
            assert_eq!(uses(&usage, "claim"), 1);
            assert_eq!(uses(&usage, "event"), 0);
            assert_eq!(uses(&usage, "extra-3"), usize::from(extra > 0));
        }
    }

    #[test]
    fn scheme_editor_changes_apply_to_the_scheme_as_it_is_then() {
        use crate::scheme_change::{Change, Field};
        // Two changes sent before the editor saw the first one's result.
        let store = run(
            open(),
            SchemeCommand::Change(Change::Set(Field::LabelDescription, 0, "Who acts.".into()))
                .into(),
        );
        let store = run(
            store,
            SchemeCommand::Change(Change::Set(Field::LabelColor, 0, "#102030".into())).into(),
        );
        let label = store.scheme().labels[0].clone();
        assert_eq!(
            (label.description.as_str(), label.color.to_string()),
            ("Who acts.", "#102030".to_string())
        );
        // A hotkey the app uses itself, or another label's, is refused.
        let store = run(
            store,
            SchemeCommand::Change(Change::Set(Field::LabelHotkey, 1, "a".into())).into(),
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "The hotkey of Event cannot be “a”: “a” already tags as “Actor”."
        );
        let store = run(
            store,
            SchemeCommand::Change(Change::Set(Field::LabelName, 1, " ".into())).into(),
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "A label needs a name."
        );
        assert_eq!(store.scheme().labels[1].hotkey.as_deref(), Some("e"));
        let store = store.reduce(Action::Undo).reduce(Action::Undo);
        assert_eq!(store.scheme(), Scheme::default_scheme());
    }

    #[test]
    fn scheme_changes_are_steps_and_report_what_they_removed() {
        let store = tag(open(), "Edi Rama", "actor", "a1");
        let store = run(
            store,
            FilterCommand::ToggleFilterLabel("actor".into()).into(),
        );
        let mut scheme = store.scheme();
        scheme.remove_label("actor");
        let store = run(store, SchemeCommand::Set(scheme).into());
        assert!(quotes(&store).is_empty());
        assert!(store.editor.filter.labels.is_empty());
        assert!(store
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("Removed 1 annotation"));
        let store = store.reduce(Action::Undo);
        assert_eq!(quotes(&store).len(), 1);
        // Adopting a file's scheme keeps the labels in use.
        let mut incoming = Scheme::default();
        incoming.add_label("Person");
        let store = run(
            store,
            SchemeCommand::Adopt {
                scheme: incoming,
                file_name: "team.scheme.json".into(),
            }
            .into(),
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "The scheme from team.scheme.json is in use. Kept because annotations use them: Actor."
        );
        let names: Vec<String> = store
            .scheme()
            .labels
            .iter()
            .map(|l| l.name.clone())
            .collect();
        assert_eq!(names, ["Person", "Actor"]);
    }
}
