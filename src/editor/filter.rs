//! The annotation list's filter and ticks, and stepping through what it
//! lists with `]` `[` (`}` `{` by label): the jumps use the list's own test
//! (`listing::Filter::shows`), so they never land on a row the list hides.

use scholia_core::{Annotation, Key};

use crate::listing::Filter;
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

    /// The annotations the panel lists, in document order (what the tests
    /// compare the steps with).
    #[cfg(test)]
    pub fn listed(&self) -> Vec<Key> {
        self.with_doc(|doc| crate::listing::listed(doc, &self.editor.filter, &self.team.hidden))
            .unwrap_or_default()
    }

    /// Selects the next or previous listed annotation (with the selected
    /// one's label, if `same_label`), wrapping around, and reveals it. One
    /// pass over the annotations, keeping the nearest in document order:
    /// no list of every key is made or sorted for a step.
    fn jump(&mut self, forward: bool, same_label: bool) {
        let filter = &self.editor.filter;
        let hidden = &self.team.hidden;
        let selected = self.selected.as_ref();
        let target = self.with_doc(|doc| {
            let current = selected.and_then(|key| doc.annotation(key));
            let label = current.filter(|_| same_label).map(|a| a.label.as_str());
            let candidate =
                |a: &Annotation| label.is_none_or(|l| a.label == l) && filter.shows(doc, a, hidden);
            // Where the step starts: the selected annotation if it is listed;
            // otherwise the first (or last) listed one is taken, as before.
            let from = current.filter(|a| candidate(a)).map(|a| a.document_order());
            let mut nearest: Option<&Annotation> = None;
            let mut wrap: Option<&Annotation> = None;
            for a in doc.annotations().filter(|a| candidate(a)) {
                let order = a.document_order();
                let better = |b: Option<&Annotation>| {
                    b.is_none_or(|b| (order < b.document_order()) == forward)
                };
                if from
                    .as_ref()
                    .is_some_and(|f| (order > *f) == forward && order != *f)
                    && better(nearest)
                {
                    nearest = Some(a);
                }
                if better(wrap) {
                    wrap = Some(a);
                }
            }
            nearest.or(wrap).map(|a| a.key.clone())
        });
        if let Some(key) = target.flatten() {
            self.reveal(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::store::{Action, SpanCommand, ViewCommand};
    use scholia_core::Timestamp;
    use std::rc::Rc;

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

    /// `]` visits the listed annotations in the list's order, `[` in the
    /// reverse order, both wrapping, with spans sharing a start (longer
    /// first) and ids out of document order.
    #[test]
    fn steps_follow_the_list_order() {
        use scholia_core::{Annotation, Edit, Fragment};
        let store = open();
        let edits = (0..24)
            .map(|i| {
                let start = (i * 7) % 5 * 3;
                let fragment = Fragment::new(start, start + 1 + i % 4);
                let label = ["actor", "event"][i % 2];
                Edit::AddAnnotation(Annotation::new(
                    Key::new("me", format!("k{:02}", 23 - i)),
                    label,
                    fragment,
                    Timestamp(1),
                ))
            })
            .collect();
        store
            .workspace
            .as_ref()
            .unwrap()
            .borrow_mut()
            .doc
            .apply(Edit::Batch(edits))
            .unwrap();
        let listed = store.listed();
        assert_eq!(listed.len(), 24);
        for forward in [true, false] {
            let (_, landed) = jumps(store.clone(), forward, listed.len() + 1);
            let mut expected = listed.clone();
            if !forward {
                expected.reverse();
            }
            expected.push(expected[0].clone());
            assert_eq!(landed, expected, "forward: {forward}");
        }
    }

    /// `]` (or `[`) pressed `times` times: the store after, and where each
    /// press landed.
    fn jumps(mut store: Rc<Store>, forward: bool, times: usize) -> (Rc<Store>, Vec<Key>) {
        let mut landed = Vec::new();
        for _ in 0..times {
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
        (store, landed)
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
                let landed;
                (store, landed) = jumps(store, forward, rows.len() + 1);
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
