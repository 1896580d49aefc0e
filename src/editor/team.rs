//! The team's commands: which layers show and how they are coloured,
//! walking the disagreements, and the decisions that write `gold` (each an
//! undo step through the core's `Adjudicator`). The team's state and its
//! pure parts are in `team`.

use std::rc::Rc;

use scholia_core::adjudication::{sequential_ids, Adjudicator, Decision, MergedView, GOLD_LAYER};
use scholia_core::{AnnotatedDocument, Edit, Timestamp};

use crate::state::{Message, Store, DEFAULT_ANNOTATOR};
use crate::team::{gold_of, ColorBy, Current};
use crate::words::plural;
use crate::workspace::WorkspaceRef;

/// What the user does with the team tools.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamCommand {
    ToggleLayer(String),
    SetColorBy(ColorBy),
    /// The next (or previous) disagreement, from the current one.
    Step {
        forward: bool,
    },
    /// A cluster chosen in the list.
    Go(usize),
    Leave,
    /// A decision on a cluster, written to gold (one undo step).
    Decide {
        cluster: usize,
        decision: Decision,
        now: Timestamp,
    },
    /// Selects the gold spans of a cluster to adjust them (accepting the
    /// first annotator's version first when gold has none there).
    EditGold {
        cluster: usize,
        now: Timestamp,
    },
    /// Every agreement not yet in gold, in one step.
    AcceptAgreements {
        now: Timestamp,
    },
    SetWriteGold(bool),
    /// The name new annotations carry (their layer).
    SetAnnotator(String),
}

impl Store {
    pub(crate) fn team_command(&mut self, command: TeamCommand) {
        match command {
            TeamCommand::ToggleLayer(layer) => {
                let mut hidden = (*self.team.hidden).clone();
                if !hidden.remove(&layer) {
                    hidden.insert(layer.clone());
                    if self.selected.as_ref().is_some_and(|k| k.layer == layer) {
                        self.selected = None;
                    }
                }
                self.team.hidden = Rc::new(hidden);
            }
            TeamCommand::SetColorBy(color_by) => self.team.color_by = Some(color_by),
            TeamCommand::Step { forward } => {
                self.clear_selection();
                self.step(forward);
            }
            TeamCommand::Go(index) => self.go(index),
            TeamCommand::Leave => self.team.current = None,
            TeamCommand::Decide {
                cluster,
                decision,
                now,
            } => self.decide(cluster, &decision, now),
            TeamCommand::EditGold { cluster, now } => self.edit_gold(cluster, now),
            TeamCommand::AcceptAgreements { now } => self.accept_agreements(now),
            TeamCommand::SetWriteGold(gold) => self.team.write_gold = Some(gold),
            TeamCommand::SetAnnotator(name) => {
                let name = name.trim();
                self.annotator = if name.is_empty() {
                    DEFAULT_ANNOTATOR.to_string()
                } else {
                    name.to_string()
                };
            }
        }
    }

    fn no_comparison(&mut self) {
        let shown = self
            .team
            .annotators()
            .filter(|l| !self.team.is_hidden(l))
            .count();
        self.message = Some(Message::info(if self.team.annotators().count() < 2 {
            "This document has one annotator: merge annotators’ files (Merge annotators’ files… under Team) to compare them."
        } else if shown < 2 {
            "Show two annotators or more to compare them."
        } else {
            "Nothing to compare yet."
        }));
    }

    fn step(&mut self, forward: bool) {
        let Some(view) = self.team.view.clone() else {
            return self.no_comparison();
        };
        let at = self.team.current.map(|c| c.index);
        let next = if forward {
            view.next_disagreement(at)
                .or_else(|| view.next_disagreement(None))
        } else {
            view.previous_disagreement(at)
                .or_else(|| view.previous_disagreement(None))
        };
        match next {
            Some(index) => self.go(index),
            None => {
                self.message = Some(Message::info(
                    "No disagreements: every annotator shown marked the same spans with the same labels.",
                ))
            }
        }
    }

    fn go(&mut self, index: usize) {
        let Some(view) = self.team.view.clone() else {
            return;
        };
        let Some(cluster) = view.clusters.get(index) else {
            return;
        };
        self.team.current = Some(Current {
            index,
            extent: cluster.extent,
        });
        self.team.focus_card += 1;
        self.selected = None;
        self.clear_selection();
        if let Some(key) = cluster.candidates.first().and_then(|c| c.keys.first()) {
            self.scroll_to(key.clone());
        }
    }

    /// Applies an adjudication edit made against the open document.
    fn adjudicate(
        &mut self,
        make: impl FnOnce(
            &AnnotatedDocument,
            &MergedView,
            &mut Adjudicator<'_>,
        ) -> Result<Edit, scholia_core::Error>,
        now: Timestamp,
    ) -> Option<usize> {
        let (Some(view), Some(workspace)) = (self.team.view.clone(), self.workspace.clone()) else {
            self.no_comparison();
            return None;
        };
        let edit = {
            let ws = workspace.borrow();
            let mut ids = sequential_ids(&ws.doc, GOLD_LAYER);
            let mut adjudicator = Adjudicator {
                gold_layer: GOLD_LAYER,
                now,
                fresh_id: &mut ids,
            };
            make(&ws.doc, &view, &mut adjudicator)
        };
        let added = match &edit {
            Ok(Edit::Batch(edits)) => edits
                .iter()
                .filter(|e| matches!(e, Edit::AddAnnotation(_)))
                .count(),
            _ => 0,
        };
        match edit.and_then(|edit| self.edit(edit)) {
            Ok(()) => Some(added),
            Err(error) => {
                self.report_error(error);
                None
            }
        }
    }

    fn decide(&mut self, cluster: usize, decision: &Decision, now: Timestamp) {
        let done = self.adjudicate(
            |doc, view, adjudicator| adjudicator.decide(doc, view, cluster, decision),
            now,
        );
        let Some(added) = done else {
            return;
        };
        let spans = plural(added, "span", "spans");
        self.message = Some(Message::info(match decision {
            Decision::Accept(layer) => format!("Gold: {layer}’s version ({spans})."),
            Decision::Union => format!("Gold: every annotator’s spans ({spans})."),
            Decision::Reject => "Gold: nothing here.".to_string(),
            Decision::Edit(_) => format!("Gold: your version ({spans})."),
        }));
        if let Some(view) = &self.team.view {
            if let Some(c) = view.clusters.get(cluster) {
                self.team.current = Some(Current {
                    index: cluster,
                    extent: c.extent,
                });
            }
        }
    }

    fn edit_gold(&mut self, cluster: usize, now: Timestamp) {
        let (Some(view), Some(workspace)) = (self.team.view.clone(), self.workspace.clone()) else {
            return self.no_comparison();
        };
        let gold = |ws: &WorkspaceRef| gold_of(&ws.borrow().doc, &view, cluster);
        if gold(&workspace).is_empty() {
            let Some(first) = view.clusters.get(cluster).and_then(|c| c.layers.first()) else {
                return;
            };
            self.decide(cluster, &Decision::Accept(first.clone()), now);
        }
        let Some(key) = gold(&workspace).into_iter().next() else {
            return;
        };
        self.reveal(key);
        self.message = Some(Message::info(
            "Adjust the gold span: drag its handles or press Alt+Shift+← → (Ctrl+Alt+Shift+← → for its start); a label key relabels it; Delete removes it. ) goes to the next disagreement.",
        ));
    }

    fn accept_agreements(&mut self, now: Timestamp) {
        let done = self.adjudicate(
            |doc, view, adjudicator| adjudicator.accept_agreements(doc, view),
            now,
        );
        if let Some(added) = done {
            self.message = Some(Message::info(if added == 0 {
                "Every agreement is in gold already.".to_string()
            } else {
                format!(
                    "Gold: {} where every annotator agrees.",
                    plural(added, "span", "spans")
                )
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Action, LibraryCommand, SpanCommand, ViewCommand};
    use crate::team::{ColorBy, Standing};
    use scholia_core::{Annotation, Document, Fragment, Key, Scheme};
    use yew::Reducible;

    const TEXT: &str = "Edi Rama said Iran attacked Albania. Tehran denied it.";

    fn span(text: &str) -> Fragment {
        let start = TEXT.find(text).unwrap();
        Fragment::new(start, start + text.len())
    }

    /// alice and bob agree on "Edi Rama"; on "Iran" bob says Event; only
    /// alice marked "Tehran"; both marked "Albania", bob with more.
    fn merged() -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(Document::new("d", TEXT), Scheme::default_scheme());
        let mut add = |layer: &str, id: &str, label: &str, f: Fragment| {
            doc.apply(Edit::AddAnnotation(Annotation::new(
                Key::new(layer, id),
                label,
                f,
                Timestamp(1),
            )))
            .unwrap();
        };
        add("alice", "a1", "actor", span("Edi Rama"));
        add("bob", "b1", "actor", span("Edi Rama"));
        add("alice", "a2", "actor", span("Iran"));
        add("bob", "b2", "event", span("Iran"));
        add("alice", "a3", "actor", span("Albania"));
        add("bob", "b3", "actor", span("attacked Albania"));
        add("alice", "a4", "actor", span("Tehran"));
        doc
    }

    fn open(doc: AnnotatedDocument) -> Rc<Store> {
        Rc::new(Store::default()).reduce(LibraryCommand::Open(Box::new(doc)).into())
    }

    fn team(store: Rc<Store>, command: TeamCommand) -> Rc<Store> {
        store.reduce(Action::Team(command))
    }

    fn standings(store: &Store) -> Vec<Standing> {
        let view = store.team.view.as_ref().unwrap();
        view.clusters.iter().map(Standing::of).collect()
    }

    fn gold(store: &Store) -> Vec<(String, String)> {
        let ws = store.workspace.as_ref().unwrap().borrow();
        let mut spans: Vec<(String, String)> = ws
            .doc
            .layer_annotations(GOLD_LAYER)
            .map(|a| (a.label.to_string(), ws.doc.quotes(a).join("|")))
            .collect();
        scholia_core::sorting::sort(&mut spans);
        spans
    }

    #[test]
    fn opening_a_merged_document_compares_its_layers() {
        let store = open(merged());
        assert_eq!(*store.team.layers, ["alice", "bob"]);
        assert!(store.team.is_team_document());
        assert_eq!(store.team.color_by(), ColorBy::Agreement);
        assert_eq!(
            standings(&store),
            [
                Standing::Agreement,
                Standing::SameSpanOtherLabel,
                Standing::Overlapping,
                Standing::OnlyOne
            ]
        );
        // New spans go to gold in a merged document.
        assert_eq!(store.new_layer(), GOLD_LAYER);
        let alone = open(AnnotatedDocument::new(
            Document::new("e", TEXT),
            Scheme::default_scheme(),
        ));
        assert!(alone.team.view.is_none());
        assert_eq!(alone.new_layer(), "annotator");
    }

    #[test]
    fn hiding_a_layer_hides_it_from_the_comparison() {
        let store = team(open(merged()), TeamCommand::ToggleLayer("bob".into()));
        assert!(store.team.is_hidden("bob"));
        assert!(store.team.view.is_none());
        assert_eq!(store.team.color_by(), ColorBy::Label);
        let store = team(store, TeamCommand::Step { forward: true });
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "Show two annotators or more to compare them."
        );
        let store = team(store, TeamCommand::ToggleLayer("bob".into()));
        assert_eq!(standings(&store).len(), 4);
    }

    #[test]
    fn stepping_walks_the_disagreements_and_wraps() {
        let store = team(open(merged()), TeamCommand::Step { forward: true });
        // The agreement on "Edi Rama" is skipped.
        assert_eq!(store.team.current.unwrap().index, 1);
        assert_eq!(store.team.current.unwrap().extent, span("Iran"));
        assert!(store.reveal.is_some());
        let store = team(store, TeamCommand::Step { forward: true });
        let store = team(store, TeamCommand::Step { forward: true });
        assert_eq!(store.team.current.unwrap().index, 3);
        let store = team(store, TeamCommand::Step { forward: true });
        assert_eq!(store.team.current.unwrap().index, 1, "wraps around");
        let store = team(store, TeamCommand::Step { forward: false });
        assert_eq!(store.team.current.unwrap().index, 3);
    }

    #[test]
    fn decisions_write_gold_as_undoable_steps_without_remaking_the_view() {
        let store = open(merged());
        let view = store.team.view.clone().unwrap();
        let store = team(
            store,
            TeamCommand::Decide {
                cluster: 1,
                decision: Decision::Accept("bob".into()),
                now: Timestamp(5),
            },
        );
        assert_eq!(gold(&store), [("event".to_string(), "Iran".to_string())]);
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "Gold: bob’s version (1 span)."
        );
        assert!(
            store.team.view.as_ref() == Some(&view),
            "gold alone changed"
        );
        // Deciding again replaces the earlier decision.
        let store = team(
            store,
            TeamCommand::Decide {
                cluster: 1,
                decision: Decision::Union,
                now: Timestamp(6),
            },
        );
        assert_eq!(
            gold(&store),
            [
                ("actor".to_string(), "Iran".to_string()),
                ("event".to_string(), "Iran".to_string())
            ]
        );
        let store = team(
            store,
            TeamCommand::Decide {
                cluster: 1,
                decision: Decision::Reject,
                now: Timestamp(7),
            },
        );
        assert!(gold(&store).is_empty());
        // Each decision is one undo step.
        let store = store.reduce(Action::Undo);
        assert_eq!(gold(&store).len(), 2);
        let store = store.reduce(Action::Undo).reduce(Action::Undo);
        assert!(gold(&store).is_empty());
        assert!(store.team.view.as_ref() == Some(&view));
        // An edit to an annotator's layer makes the view again.
        let store = store.reduce(SpanCommand::Delete(vec![Key::new("alice", "a4")]).into());
        assert!(store.team.view.as_ref() != Some(&view));
        assert_eq!(standings(&store).len(), 3);
    }

    #[test]
    fn the_current_disagreement_is_found_again_after_an_edit() {
        let store = team(open(merged()), TeamCommand::Go(2));
        assert_eq!(store.team.current.unwrap().extent, span("attacked Albania"));
        // An edit elsewhere: the cluster keeps its extent, and its place.
        let store = store.reduce(SpanCommand::Delete(vec![Key::new("alice", "a4")]).into());
        assert_eq!(store.team.current.unwrap().index, 2);
        // alice's span there gone, bob's alone keeps the cluster's extent.
        let store = store.reduce(SpanCommand::Delete(vec![Key::new("alice", "a3")]).into());
        let current = store.team.current.unwrap();
        assert_eq!(current.extent, span("attacked Albania"));
    }

    #[test]
    fn editing_gold_accepts_a_version_first_and_selects_it() {
        let store = team(
            open(merged()),
            TeamCommand::EditGold {
                cluster: 2,
                now: Timestamp(3),
            },
        );
        assert_eq!(gold(&store), [("actor".to_string(), "Albania".to_string())]);
        let selected = store.selected.clone().unwrap();
        assert_eq!(selected.layer, GOLD_LAYER);
        // The usual tools adjust it: one more undo step.
        let store = store.reduce(
            SpanCommand::Relabel {
                keys: vec![selected],
                label: "event".into(),
                now: Timestamp(4),
            }
            .into(),
        );
        assert_eq!(gold(&store), [("event".to_string(), "Albania".to_string())]);
    }

    #[test]
    fn agreements_go_to_gold_in_one_step_and_tagging_writes_gold() {
        let store = team(
            open(merged()),
            TeamCommand::AcceptAgreements { now: Timestamp(2) },
        );
        assert_eq!(
            gold(&store),
            [("actor".to_string(), "Edi Rama".to_string())]
        );
        let store = team(store, TeamCommand::AcceptAgreements { now: Timestamp(2) });
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "Every agreement is in gold already."
        );
        let at = TEXT.find("denied").unwrap();
        let store = store
            .reduce(Action::View(ViewCommand::SetSelection(Some((at, at + 6)))))
            .reduce(Action::Span(SpanCommand::Tag {
                label: "event".into(),
                id: "n1".into(),
                now: Timestamp(3),
            }));
        assert_eq!(store.selected, Some(Key::new(GOLD_LAYER, "n1")));
        let store = team(store, TeamCommand::SetWriteGold(false));
        assert_eq!(store.new_layer(), "annotator");
    }

    #[test]
    fn annotate_all_during_adjudication_writes_where_tagging_writes() {
        use crate::state::editor::SearchState;
        use crate::store::SearchCommand;
        let layer_of_new = |store: Rc<Store>, id: &str| -> String {
            let ws = store.workspace.as_ref().unwrap().borrow();
            let a = ws.doc.annotations().find(|a| a.key.id.starts_with(id));
            a.unwrap().key.layer.to_string()
        };
        for write_gold in [true, false] {
            // Two stores: the workspace is shared between copies of one.
            let store = || team(open(merged()), TeamCommand::SetWriteGold(write_gold));
            let at = TEXT.find("denied").unwrap();
            let tagged = store()
                .reduce(ViewCommand::SetSelection(Some((at, at + 6))).into())
                .reduce(
                    SpanCommand::Tag {
                        label: "event".into(),
                        id: "tag".into(),
                        now: Timestamp(3),
                    }
                    .into(),
                );
            let all = store()
                .reduce(
                    SearchCommand::Search(SearchState {
                        query: "denied".into(),
                        hits: Rc::new(std::iter::once(at..at + 6).collect()),
                        ..SearchState::default()
                    })
                    .into(),
                )
                .reduce(
                    SearchCommand::AnnotateAll {
                        label: "event".into(),
                        id_seed: "all".into(),
                        now: Timestamp(3),
                    }
                    .into(),
                );
            let expected = if write_gold { GOLD_LAYER } else { "annotator" };
            assert_eq!(layer_of_new(tagged, "tag"), expected);
            assert_eq!(layer_of_new(all, "all"), expected);
        }
    }

    #[test]
    fn gold_alone_keeps_only_the_gold_layer() {
        let store = team(
            open(merged()),
            TeamCommand::AcceptAgreements { now: Timestamp(2) },
        );
        let ws = store.workspace.as_ref().unwrap().borrow();
        let gold = crate::team::gold_only(&ws.doc).unwrap();
        assert_eq!(gold.layers(), [GOLD_LAYER]);
        assert_eq!(gold.document().text.as_str(), TEXT);
    }
}
