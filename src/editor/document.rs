//! Document labels: the scheme's label sets of the whole document, answered
//! by the annotator (the layer new work goes to). Choosing an option is one
//! undo step; a set is added to the scheme as a scheme change. And entity
//! links: a new entity of the library's knowledge base from the selected
//! annotation, link, unlink (each one undo step of the document).

use scholia_core::knowledge;
use scholia_core::{DocumentLabelSet, Edit, Key, Name, Timestamp};

use crate::state::Store;

pub enum DocumentCommand {
    /// Chooses (`on`) or clears an option of a set for the annotator. In a
    /// set of one choice, choosing an option replaces the one chosen.
    Choose {
        set: String,
        option: String,
        on: bool,
    },
    /// Adds a label set to the scheme: its name, its options, whether
    /// several may be chosen.
    AddSet {
        name: String,
        options: Vec<String>,
        multiple: bool,
    },
    /// Makes a new entity of the library's knowledge base from the
    /// selected annotation (named by its text, typed by its label) and
    /// links the annotation to it: the first mention of a chain.
    NewEntity {
        now: Timestamp,
    },
    /// Links an annotation to an entity of the library's knowledge base.
    Link {
        key: Key,
        entity: String,
        now: Timestamp,
    },
    Unlink {
        key: Key,
        now: Timestamp,
    },
}

impl Store {
    pub(crate) fn document_command(&mut self, command: DocumentCommand) {
        match command {
            DocumentCommand::Choose { set, option, on } => {
                let layer = self.new_layer();
                let edit = self.with_doc(|doc| {
                    let declared = doc.scheme().document_label_set(&set).ok_or_else(|| {
                        scholia_core::Error::invalid("that label set is no longer in the scheme")
                    })?;
                    let mut values = doc
                        .document_label(&layer, &set)
                        .map(<[String]>::to_vec)
                        .unwrap_or_default();
                    values.retain(|v| *v != option);
                    if on {
                        if !declared.multiple {
                            values.clear();
                        }
                        values.push(option.clone());
                    }
                    Ok(Edit::SetDocumentLabels {
                        layer: Name::from(layer.as_str()),
                        set: set.clone(),
                        values,
                    })
                });
                if let Some(edit) = edit {
                    self.apply_or_report(edit);
                }
            }
            DocumentCommand::NewEntity { now } => {
                let Some(key) = self.selected.clone() else {
                    self.report_error(
                        "Select an annotation first: it becomes the entity's first mention.",
                    );
                    return;
                };
                let kb = self.knowledge.kb.clone();
                let made =
                    self.with_doc(|doc| knowledge::create_from_annotation(&kb, doc, &key, now));
                match made {
                    Some(Ok((kb, _, edit))) => {
                        // The base takes the entity only if the link is made.
                        let linked = self.apply_or_report(Ok(edit));
                        if linked {
                            self.knowledge.changed(kb);
                        }
                    }
                    Some(Err(error)) => self.report_error(error),
                    None => {}
                }
            }
            DocumentCommand::Link { key, entity, now } => {
                let edit = self.with_doc(|doc| knowledge::link(doc, &key, &entity, now));
                if let Some(edit) = edit {
                    self.apply_or_report(edit);
                }
            }
            DocumentCommand::Unlink { key, now } => {
                let edit = self.with_doc(|doc| knowledge::unlink(doc, &key, now));
                if let Some(edit) = edit {
                    self.apply_or_report(edit);
                }
            }
            DocumentCommand::AddSet {
                name,
                options,
                multiple,
            } => {
                let name = name.trim().to_string();
                let mut unique: Vec<String> = Vec::new();
                for option in options.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
                    if !unique.iter().any(|u| u == option) {
                        unique.push(option.to_string());
                    }
                }
                if name.is_empty() || unique.is_empty() {
                    self.report_error("A label set needs a name and at least one option.");
                    return;
                }
                let edit = self.with_doc(|doc| {
                    let mut scheme = doc.scheme().clone();
                    let stem: String = name
                        .to_lowercase()
                        .chars()
                        .map(|c| if c.is_alphanumeric() { c } else { '-' })
                        .collect();
                    let id = (1..)
                        .map(|n| {
                            if n == 1 {
                                stem.clone()
                            } else {
                                format!("{stem}-{n}")
                            }
                        })
                        .find(|id| scheme.document_label_set(id).is_none())
                        .unwrap_or_default();
                    scheme.document_label_sets.push(DocumentLabelSet {
                        id,
                        name: name.clone(),
                        multiple,
                        options: unique.clone(),
                        description: String::new(),
                    });
                    Ok(Edit::SetScheme(scheme))
                });
                if let Some(edit) = edit {
                    self.apply_or_report(edit);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::state::DEFAULT_ANNOTATOR;
    use crate::store::{Action, ViewCommand};

    fn chosen(store: &Store, set: &str) -> Vec<String> {
        let w = store.workspace.as_ref().unwrap().borrow();
        let values = w
            .doc
            .document_label(DEFAULT_ANNOTATOR, set)
            .map(<[String]>::to_vec)
            .unwrap_or_default();
        values
    }

    fn choose(store: std::rc::Rc<Store>, set: &str, option: &str, on: bool) -> std::rc::Rc<Store> {
        run(
            store,
            DocumentCommand::Choose {
                set: set.into(),
                option: option.into(),
                on,
            }
            .into(),
        )
    }

    #[test]
    fn a_new_entity_links_the_selected_annotation_and_others_join_its_chain() {
        let store = tag(open(), "Edi Rama", "actor", "a1");
        let store = tag_at(store, cp("Rama", 1), "actor", "a2");
        let pick = ViewCommand::Pick {
            key: Some(key("a1")),
            id: "x".into(),
            now: Timestamp(2),
        };
        let store = run(store, pick.into());
        let new = DocumentCommand::NewEntity { now: Timestamp(3) };
        let store = run(store, new.into());
        let link = DocumentCommand::Link {
            key: key("a2"),
            entity: "e1".into(),
            now: Timestamp(4),
        };
        let store = run(store, link.into());
        let chain = |store: &Store| {
            let w = store.workspace.as_ref().unwrap().borrow();
            knowledge::chain_of(&w.doc, &key("a1")).map(|c| c.mentions)
        };
        assert_eq!(chain(&store), Some(vec![key("a1"), key("a2")]));
        let unlink = DocumentCommand::Unlink {
            key: key("a2"),
            now: Timestamp(5),
        };
        let store = run(store, unlink.into());
        assert_eq!(chain(&store), Some(vec![key("a1")]));
        let store = run(store, Action::Undo);
        assert_eq!(chain(&store), Some(vec![key("a1"), key("a2")]));
    }

    #[test]
    fn a_set_is_added_then_answered_and_each_choice_is_one_undo_step() {
        let store = run(
            open(),
            DocumentCommand::AddSet {
                name: "Topic".into(),
                options: vec![
                    "politics".into(),
                    " economy ".into(),
                    "politics".into(),
                    "".into(),
                ],
                multiple: true,
            }
            .into(),
        );
        let set = store.scheme().document_label_sets[0].clone();
        assert_eq!((set.id.as_str(), set.options.len()), ("topic", 2));
        let store = choose(store, "topic", "politics", true);
        let store = choose(store, "topic", "economy", true);
        assert_eq!(chosen(&store, "topic"), ["politics", "economy"]);
        let store = choose(store, "topic", "politics", false);
        assert_eq!(chosen(&store, "topic"), ["economy"]);
        let store = run(store, Action::Undo);
        assert_eq!(chosen(&store, "topic"), ["politics", "economy"]);
        let store = run(store, Action::Undo);
        let store = run(store, Action::Undo);
        assert!(chosen(&store, "topic").is_empty());
        // A set of one choice: choosing replaces.
        let store = run(
            store,
            DocumentCommand::AddSet {
                name: "Relevance".into(),
                options: vec!["high".into(), "low".into()],
                multiple: false,
            }
            .into(),
        );
        let store = choose(store, "relevance", "high", true);
        let store = choose(store, "relevance", "low", true);
        assert_eq!(chosen(&store, "relevance"), ["low"]);
        // A set without options is refused, saying why.
        let store = run(
            store,
            DocumentCommand::AddSet {
                name: "Empty".into(),
                options: vec![" ".into()],
                multiple: false,
            }
            .into(),
        );
        assert!(store
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("at least one option")));
        assert_eq!(store.scheme().document_label_sets.len(), 2);
    }

    #[test]
    fn the_scheme_editor_renames_a_set_edits_its_options_and_removes_it_with_its_answers() {
        use crate::scheme_change::{Change, Field};
        use crate::store::SchemeCommand;
        let change = |store, change| run(store, SchemeCommand::Change(change).into());
        let store = run(
            open(),
            DocumentCommand::AddSet {
                name: "Topic".into(),
                options: vec!["politics".into(), "economy".into()],
                multiple: true,
            }
            .into(),
        );
        let store = choose(store, "topic", "politics", true);
        let store = choose(store, "topic", "economy", true);
        let store = change(store, Change::Set(Field::SetName, 0, " Subject ".into()));
        let set = store.scheme().document_label_sets[0].clone();
        assert_eq!((set.id.as_str(), set.name.as_str()), ("topic", "Subject"));
        // One choice from now on: the first answer is kept; undo brings both.
        let store = change(store, Change::Set(Field::SetMultiple, 0, "false".into()));
        assert!(!store.scheme().document_label_sets[0].multiple);
        assert_eq!(chosen(&store, "topic"), ["politics"]);
        let store = run(store, Action::Undo);
        assert!(store.scheme().document_label_sets[0].multiple);
        assert_eq!(chosen(&store, "topic"), ["politics", "economy"]);
        // An option dropped takes its answer with it, in one undo step.
        let store = change(
            store,
            Change::Set(Field::SetOptions, 0, "politics, sport, politics".into()),
        );
        assert_eq!(
            store.scheme().document_label_sets[0].options,
            ["politics", "sport"]
        );
        assert_eq!(chosen(&store, "topic"), ["politics"]);
        let store = run(store, Action::Undo);
        assert_eq!(chosen(&store, "topic"), ["politics", "economy"]);
        assert_eq!(
            store.scheme().document_label_sets[0].options,
            ["politics", "economy"]
        );
        // A set removed takes its answers; undo brings both back.
        let store = change(store, Change::RemoveSet(0));
        assert!(store.scheme().document_label_sets.is_empty());
        assert!(chosen(&store, "topic").is_empty());
        let store = run(store, Action::Undo);
        assert_eq!(store.scheme().document_label_sets.len(), 1);
        assert_eq!(chosen(&store, "topic"), ["politics", "economy"]);
        // No options at all, or no name: the set is left as it was.
        let store = change(store, Change::Set(Field::SetOptions, 0, " , ".into()));
        let store = change(store, Change::Set(Field::SetName, 0, "  ".into()));
        assert_eq!(
            store.scheme().document_label_sets[0].options,
            ["politics", "economy"]
        );
        assert_eq!(store.scheme().document_label_sets[0].name, "Subject");
    }
}
