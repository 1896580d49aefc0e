//! The annotation list's filter and ticks, and stepping through what it
//! lists with `]` `[` (`}` `{` by label): the jumps use the list's own test
//! (`listing::Filter::shows`), so they never land on a row the list hides.

use scholia_core::Key;

use crate::listing::{listed, Filter};
use crate::state::Store;

pub enum FilterCommand {
    SetFilterText(String),
    ToggleFilterLabel(String),
    ClearFilter,
    ToggleChecked(Key),
    SetChecked(Vec<Key>),
    /// Selects the next (or previous) listed annotation, and reveals it.
    Jump {
        forward: bool,
        same_label: bool,
    },
}

impl Store {
    pub(crate) fn filter_command(&mut self, command: FilterCommand) {
        match command {
            FilterCommand::SetFilterText(text) => self.editor.filter.text = text,
            FilterCommand::ToggleFilterLabel(label) => {
                if !self.editor.filter.labels.remove(&label) {
                    self.editor.filter.labels.insert(label);
                }
            }
            FilterCommand::ClearFilter => self.editor.filter = Filter::default(),
            FilterCommand::ToggleChecked(key) => {
                if !self.editor.checked.remove(&key) {
                    self.editor.checked.insert(key);
                }
            }
            FilterCommand::SetChecked(keys) => {
                self.editor.checked.clear();
                self.editor.checked.extend(keys);
            }
            FilterCommand::Jump {
                forward,
                same_label,
            } => self.jump(forward, same_label),
        }
    }

    /// The annotations the panel lists, in document order.
    pub fn listed(&self) -> Vec<Key> {
        self.with_doc(|doc| listed(doc, &self.editor.filter, &self.team.hidden))
            .unwrap_or_default()
    }

    /// Selects the next or previous listed annotation (with the selected
    /// one's label, if `same_label`), wrapping around, and reveals it.
    fn jump(&mut self, forward: bool, same_label: bool) {
        let listed = self.listed();
        let label_of = |key: &Key| {
            self.with_doc(|doc| doc.annotation(key).map(|a| a.label.clone()))
                .flatten()
        };
        let current_label = self.selected.as_ref().and_then(label_of);
        let candidates: Vec<Key> = match (&current_label, same_label) {
            (Some(label), true) => listed
                .into_iter()
                .filter(|k| label_of(k).as_ref() == Some(label))
                .collect(),
            _ => listed,
        };
        if candidates.is_empty() {
            return;
        }
        let n = candidates.len();
        let position = self
            .selected
            .as_ref()
            .and_then(|s| candidates.iter().position(|k| k == s));
        let next = match position {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => 0,
            None => n - 1,
        };
        self.reveal(candidates[next].clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::store::{Action, SpanCommand, ViewCommand};
    use scholia_core::Timestamp;

    #[test]
    fn filters_bulk_edits_and_jumps() {
        let store = tag(open(), "Edi Rama", "actor", "a1");
        let store = tag(store, "Iran", "actor", "a2");
        let store = tag(store, "attacked", "event", "e1");
        let store = tag(store, "Albania", "actor", "a3");
        let store = run(
            store,
            FilterCommand::ToggleFilterLabel("actor".into()).into(),
        );
        assert_eq!(store.listed(), [key("a1"), key("a2"), key("a3")]);
        let store = run(store, FilterCommand::SetFilterText("ran".into()).into());
        assert_eq!(store.listed(), [key("a2")]);
        let store = run(store, FilterCommand::ClearFilter.into());
        // Jumps by label skip the event.
        let store = run(
            store,
            ViewCommand::Pick {
                key: Some(key("a2")),
                id: "-".into(),
                now: Timestamp(0),
            }
            .into(),
        );
        let store = run(
            store,
            FilterCommand::Jump {
                forward: true,
                same_label: true,
            }
            .into(),
        );
        assert_eq!(store.selected, Some(key("a3")));
        let store = run(
            store,
            FilterCommand::Jump {
                forward: true,
                same_label: true,
            }
            .into(),
        );
        assert_eq!(store.selected, Some(key("a1")), "wraps around");
        let store = run(
            store,
            FilterCommand::Jump {
                forward: false,
                same_label: false,
            }
            .into(),
        );
        assert_eq!(store.selected, Some(key("a3")));
        // Bulk relabel and delete, one step each.
        let store = run(
            store,
            FilterCommand::SetChecked(vec![key("a1"), key("a2")]).into(),
        );
        let store = run(
            store,
            SpanCommand::Relabel {
                keys: vec![key("a1"), key("a2")],
                label: "claim".into(),
                now: Timestamp(2),
            }
            .into(),
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "Relabelled 2 annotations as Claim."
        );
        let store = run(
            store,
            SpanCommand::Delete(vec![key("a1"), key("a2"), key("e1")]).into(),
        );
        assert_eq!(quotes(&store), [("actor".into(), "Albania".into())]);
        assert!(store.editor.checked.is_empty());
        let store = store.reduce(Action::Undo);
        assert_eq!(quotes(&store).len(), 4);
        let store = store.reduce(Action::Undo);
        assert!(quotes(&store).iter().all(|(l, _)| l != "claim"));
    }

    /// Every annotation `]` lands on is a row of the list (the component's
    /// `Listing`), under filters that match a note, a quote across
    /// fragments, a long quote's end, and with a layer hidden.
    #[test]
    fn jumps_land_only_on_rows_the_list_shows() {
        use crate::listing::{Filter, Listing};
        use crate::store::TeamCommand;
        use scholia_core::{Annotation, Edit, Fragment};
        use std::collections::BTreeSet;
        let long = "word ".repeat(40) + "Tirana at the end of a long span.";
        let text = format!("{TEXT} {long}");
        let store = open_text(&text);
        let n = text.chars().count();
        let mut edits = Vec::new();
        let mut add = |layer: &str, id: &str, label: &str, fragments: Vec<Fragment>, note: &str| {
            let mut a = Annotation::new(Key::new(layer, id), label, fragments[0], Timestamp(1));
            a.fragments = fragments;
            a.note = note.into();
            edits.push(Edit::AddAnnotation(a));
        };
        let (rama, said) = (cp("Edi Rama", 0), cp("said", 1));
        add(
            "me",
            "two",
            "actor",
            vec![Fragment::new(rama.0, rama.1), Fragment::new(said.0, said.1)],
            "",
        );
        add(
            "me",
            "long",
            "claim",
            vec![Fragment::new(TEXT.len() + 1, n)],
            "",
        );
        add(
            "me",
            "noted",
            "event",
            vec![Fragment::new(cp("attacked", 0).0, cp("attacked", 0).1)],
            "check Tirana",
        );
        add(
            "bob",
            "hidden",
            "actor",
            vec![Fragment::new(cp("Iran", 0).0, cp("Iran", 0).1)],
            "Tirana",
        );
        add(
            "me",
            "plain",
            "actor",
            vec![Fragment::new(cp("Albania", 0).0, cp("Albania", 0).1)],
            "",
        );
        store
            .workspace
            .as_ref()
            .unwrap()
            .borrow_mut()
            .doc
            .apply(Edit::Batch(edits))
            .unwrap();
        let store = run(store, TeamCommand::ToggleLayer("bob".into()).into());
        let filters = [
            Filter::default(),
            Filter {
                labels: BTreeSet::new(),
                text: "tirana".into(),
            },
            Filter {
                labels: BTreeSet::new(),
                text: "rama … said".into(),
            },
            Filter {
                labels: BTreeSet::from(["actor".to_string()]),
                text: String::new(),
            },
        ];
        for filter in filters {
            let mut store = store.clone();
            for label in &filter.labels {
                store = run(
                    store,
                    FilterCommand::ToggleFilterLabel(label.clone()).into(),
                );
            }
            store = run(
                store,
                FilterCommand::SetFilterText(filter.text.clone()).into(),
            );
            let mut listing = Listing::default();
            let doc = store.workspace.as_ref().unwrap().borrow().doc.clone();
            listing.update(&doc, &filter, &store.team.hidden);
            let rows: Vec<Key> = listing.keys().to_vec();
            assert!(!rows.is_empty(), "{filter:?} lists something");
            for forward in [true, false] {
                let mut landed = Vec::new();
                for _ in 0..rows.len() + 1 {
                    store = run(
                        store,
                        FilterCommand::Jump {
                            forward,
                            same_label: false,
                        }
                        .into(),
                    );
                    landed.push(store.selected.clone().unwrap());
                }
                assert!(
                    landed.iter().all(|k| rows.contains(k)),
                    "{filter:?}: {landed:?} not all in {rows:?}"
                );
                assert_eq!(
                    landed.iter().collect::<BTreeSet<_>>().len(),
                    rows.len(),
                    "{filter:?}: every row is reached"
                );
            }
        }
    }
}
