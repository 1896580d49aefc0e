//! The team workflow over a document with several annotators' layers:
//! which layers show, how highlights are coloured, the merged view of the
//! layers compared (the core's `adjudication::MergedView`: clusters of
//! overlapping spans with their agreement status), walking the
//! disagreements, and the decisions that build the `gold` layer.
//!
//! Its state is one field of the store ([`TeamState`]) and its actions are
//! [`TeamCommand`]s, reduced here purely, like the editor's commands. A
//! decision is an edit through the document's history, so it is undone like
//! any edit. The merged view is kept between actions and computed again
//! only when the compared layers change: decisions touch only `gold`, so
//! adjudicating never recomputes it.

pub mod merge;
pub mod numbers;

use std::collections::BTreeSet;
use std::ops::Deref;
use std::rc::Rc;

use scholia_core::adjudication::{
    sequential_ids, Adjudicator, Cluster, Decision, MergedView, Status, GOLD_LAYER,
};
use scholia_core::{AnnotatedDocument, Change, ChangeSet, Edit, Fragment, Key, Timestamp};

use crate::store::{Message, Store, WorkspaceRef};

/// What colours the highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorBy {
    Label,
    Annotator,
    Agreement,
}

/// How an annotation's cluster stands, as the text and the list show it.
/// `SameSpanSameLabel` is split in two: everyone agrees, or the annotators
/// who marked something agree but someone marked nothing there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standing {
    Agreement,
    SameButMissing,
    SameSpanOtherLabel,
    Overlapping,
    OnlyOne,
}

impl Standing {
    pub const ALL: [Standing; 5] = [
        Standing::Agreement,
        Standing::SameButMissing,
        Standing::SameSpanOtherLabel,
        Standing::Overlapping,
        Standing::OnlyOne,
    ];

    pub fn of(cluster: &Cluster) -> Standing {
        match cluster.status {
            Status::SameSpanSameLabel if cluster.missing.is_empty() => Standing::Agreement,
            Status::SameSpanSameLabel => Standing::SameButMissing,
            Status::SameSpanOtherLabel => Standing::SameSpanOtherLabel,
            Status::Overlapping => Standing::Overlapping,
            Status::OnlyOne => Standing::OnlyOne,
        }
    }

    /// Its place in [`Standing::ALL`] (names highlight groups).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Standing::Agreement => "Agreement",
            Standing::SameButMissing => "Same span and label, not by all",
            Standing::SameSpanOtherLabel => "Same span, other label",
            Standing::Overlapping => "Overlapping",
            Standing::OnlyOne => "Only one annotator",
        }
    }

    /// A name short enough for a list.
    pub fn short_name(self) -> &'static str {
        match self {
            Standing::Agreement => "agree",
            Standing::SameButMissing => "not by all",
            Standing::SameSpanOtherLabel => "other label",
            Standing::Overlapping => "overlap",
            Standing::OnlyOne => "only one",
        }
    }

    /// Its colour in the text and the legend (toned down like labels').
    pub fn color(self) -> scholia_core::Color {
        scholia_core::Color(match self {
            Standing::Agreement => [0x2c, 0xa0, 0x2c],
            Standing::SameButMissing => [0x17, 0xbe, 0xcf],
            Standing::SameSpanOtherLabel => [0xe0, 0xa0, 0x00],
            Standing::Overlapping => [0xd6, 0x27, 0x28],
            Standing::OnlyOne => [0x94, 0x67, 0xbd],
        })
    }
}

/// The merged view, shared; equal while it is the same one (comparing two
/// views field by field would cost as much as making one).
#[derive(Debug, Clone)]
pub struct ViewRef(Rc<MergedView>);

impl PartialEq for ViewRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for ViewRef {
    type Target = MergedView;
    fn deref(&self) -> &MergedView {
        &self.0
    }
}

/// The disagreement being adjudicated: its place among the view's clusters
/// and its extent, to find it again when the view is made again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Current {
    pub index: usize,
    pub extent: Fragment,
}

/// What the view was made from.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    workspace: WorkspaceRef,
    document: String,
    revision: u64,
    hidden: Rc<BTreeSet<String>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TeamState {
    /// Layers hidden from the text and the list, and left out of the
    /// comparison: what is compared is what is shown.
    pub hidden: Rc<BTreeSet<String>>,
    /// `None`: by agreement while layers are compared, else by label.
    pub color_by: Option<ColorBy>,
    /// Every layer of the document (gold too), sorted: a layer's place here
    /// is its colour.
    pub layers: Rc<Vec<String>>,
    /// The view of the compared layers, when two or more are shown.
    pub view: Option<ViewRef>,
    pub current: Option<Current>,
    /// Asks the adjudication card to take the focus; changes per request.
    pub focus_card: u64,
    /// Whether new spans go to `gold`; `None`: they do in a document with
    /// two annotators or more.
    pub write_gold: Option<bool>,
    seen: Option<Seen>,
}

impl TeamState {
    pub fn color_by(&self) -> ColorBy {
        self.color_by.unwrap_or(if self.view.is_some() {
            ColorBy::Agreement
        } else {
            ColorBy::Label
        })
    }

    /// The annotators' layers (every layer but gold).
    pub fn annotators(&self) -> impl Iterator<Item = &String> {
        self.layers.iter().filter(|l| *l != GOLD_LAYER)
    }

    /// A document with two annotators or more, or with a gold layer.
    pub fn is_team_document(&self) -> bool {
        self.layers.len() >= 2 || self.layers.iter().any(|l| l == GOLD_LAYER)
    }

    pub fn writes_gold(&self) -> bool {
        self.write_gold
            .unwrap_or_else(|| self.annotators().count() >= 2)
    }

    pub fn is_hidden(&self, layer: &str) -> bool {
        self.hidden.contains(layer)
    }
}

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
}

/// Whether a change set touches only the gold layer (or the title), so that
/// the compared layers, and the view of them, are as they were.
fn only_gold(changes: &ChangeSet) -> bool {
    changes.changes.iter().all(|change| match change {
        Change::Annotation { key, .. } | Change::Relation { key, .. } => key.layer == GOLD_LAYER,
        Change::Title { .. } => true,
        Change::Scheme { .. } => false,
    })
}

/// The layers compared: those shown, gold aside.
fn compared(layers: &[String], hidden: &BTreeSet<String>) -> Vec<String> {
    layers
        .iter()
        .filter(|l| *l != GOLD_LAYER && !hidden.contains(*l))
        .cloned()
        .collect()
}

/// Where a disagreement went in a view made again: the cluster with the
/// same extent, else the next disagreement from where it started.
fn find_again(view: &MergedView, extent: Fragment) -> Option<Current> {
    let index = view
        .clusters
        .iter()
        .position(|c| c.extent == extent)
        .or_else(|| {
            let before = view
                .clusters
                .iter()
                .position(|c| c.extent.start >= extent.start)?;
            view.next_disagreement(before.checked_sub(1))
        })?;
    Some(Current {
        index,
        extent: view.clusters[index].extent,
    })
}

/// The first gold annotation that stands for a cluster's decision.
pub fn gold_of(doc: &AnnotatedDocument, view: &MergedView, cluster: usize) -> Vec<Key> {
    view.gold_of(doc, cluster, GOLD_LAYER)
}

/// A document with only its gold layer, to share the adjudicated result.
pub fn gold_only(doc: &AnnotatedDocument) -> Result<AnnotatedDocument, scholia_core::Error> {
    let mut gold = AnnotatedDocument::new(doc.document().clone(), doc.scheme().clone());
    let mut edits: Vec<Edit> = doc
        .layer_annotations(GOLD_LAYER)
        .cloned()
        .map(Edit::AddAnnotation)
        .collect();
    edits.extend(
        doc.relations()
            .filter(|r| r.key.layer == GOLD_LAYER)
            .cloned()
            .map(Edit::AddRelation),
    );
    gold.apply(Edit::Batch(edits))?;
    Ok(gold)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Store {
    /// The layer new annotations go to: gold while adjudicating, else the
    /// annotator's own.
    pub(crate) fn new_layer(&self) -> String {
        if self.team.writes_gold() {
            GOLD_LAYER.to_string()
        } else {
            self.annotator.clone()
        }
    }

    /// Brings the team state in line with the open document, after every
    /// action: the layers, and the merged view when what it compares
    /// changed.
    pub(crate) fn refresh_team(&mut self) {
        let Some(workspace) = self.workspace.clone() else {
            self.team = TeamState {
                color_by: self.team.color_by,
                ..TeamState::default()
            };
            return;
        };
        let document = workspace.borrow().doc.document().id.clone();
        if self
            .team
            .seen
            .as_ref()
            .is_some_and(|s| s.document != document)
        {
            // Another document: its own layers, nothing hidden.
            self.team = TeamState {
                color_by: self.team.color_by,
                focus_card: self.team.focus_card,
                ..TeamState::default()
            };
        }
        let (same, view_stands) = match &self.team.seen {
            Some(seen) if seen.workspace == workspace && seen.hidden == self.team.hidden => (
                seen.revision == self.revision,
                seen.revision + 1 == self.revision
                    && workspace.borrow().unsaved.last().is_some_and(only_gold),
            ),
            _ => (false, false),
        };
        if same {
            return;
        }
        {
            let ws = workspace.borrow();
            let layers: Vec<String> = ws.doc.layers().into_iter().map(str::to_string).collect();
            if *self.team.layers != layers {
                self.team.layers = Rc::new(layers);
            }
            if !view_stands {
                let compared = compared(&self.team.layers, &self.team.hidden);
                let view = (compared.len() >= 2)
                    .then(|| ViewRef(Rc::new(MergedView::new(&ws.doc, &compared))));
                self.team.current = match (&view, self.team.current) {
                    (Some(view), Some(current)) => find_again(view, current.extent),
                    _ => None,
                };
                self.team.view = view;
            }
        }
        self.team.seen = Some(Seen {
            workspace,
            document,
            revision: self.revision,
            hidden: self.team.hidden.clone(),
        });
    }

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
            TeamCommand::Step { forward } => self.step(forward),
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
        self.selection = None;
        if let Some(key) = cluster.candidates.first().and_then(|c| c.keys.first()) {
            let nonce = self.reveal.as_ref().map_or(0, |(_, n)| n + 1);
            self.reveal = Some((key.clone(), nonce));
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
                self.message = Some(Message::error(error.to_string()));
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
        self.selected = Some(key.clone());
        let nonce = self.reveal.as_ref().map_or(0, |(_, n)| n + 1);
        self.reveal = Some((key, nonce));
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
    use crate::store::Action;
    use scholia_core::{Annotation, Document, Scheme};
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
        Rc::new(Store::default()).reduce(Action::Open(doc))
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
        spans.sort();
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
        let store = store.reduce(Action::Delete(Key::new("alice", "a4")));
        assert!(store.team.view.as_ref() != Some(&view));
        assert_eq!(standings(&store).len(), 3);
    }

    #[test]
    fn the_current_disagreement_is_found_again_after_an_edit() {
        let store = team(open(merged()), TeamCommand::Go(2));
        assert_eq!(store.team.current.unwrap().extent, span("attacked Albania"));
        // An edit elsewhere: the cluster keeps its extent, and its place.
        let store = store.reduce(Action::Delete(Key::new("alice", "a4")));
        assert_eq!(store.team.current.unwrap().index, 2);
        // alice's span there gone, bob's alone keeps the cluster's extent.
        let store = store.reduce(Action::Delete(Key::new("alice", "a3")));
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
        let store = store.reduce(Action::Editor(crate::editor::Command::Relabel {
            keys: vec![selected],
            label: "event".into(),
            now: Timestamp(4),
        }));
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
            .reduce(Action::SetSelection(Some((at, at + 6))))
            .reduce(Action::Tag {
                label: "event".into(),
                id: "n1".into(),
                now: Timestamp(3),
            });
        assert_eq!(store.selected, Some(Key::new(GOLD_LAYER, "n1")));
        let store = team(store, TeamCommand::SetWriteGold(false));
        assert_eq!(store.new_layer(), "annotator");
    }

    #[test]
    fn gold_alone_keeps_only_the_gold_layer() {
        let store = team(
            open(merged()),
            TeamCommand::AcceptAgreements { now: Timestamp(2) },
        );
        let ws = store.workspace.as_ref().unwrap().borrow();
        let gold = gold_only(&ws.doc).unwrap();
        assert_eq!(gold.layers(), [GOLD_LAYER]);
        assert_eq!(gold.document().text.as_str(), TEXT);
    }
}
