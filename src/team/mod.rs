//! The team workflow over a document with several annotators' layers:
//! which layers show, how highlights are coloured, the merged view of the
//! layers compared (the core's `adjudication::MergedView`: clusters of
//! overlapping spans with their agreement status), walking the
//! disagreements, and the decisions that build the `gold` layer.
//!
//! Its state is one field of the store ([`TeamState`]); its commands are
//! reduced in `editor::team`. A decision is an edit through the document's
//! history, so it is undone like any edit. The merged view is kept between actions and computed again
//! only when the compared layers change: decisions touch only `gold`, so
//! adjudicating never recomputes it.

pub mod merge;
pub mod numbers;

use std::collections::BTreeSet;
use std::ops::Deref;
use std::rc::Rc;

use scholia_core::adjudication::{Cluster, MergedView, Status, GOLD_LAYER};
use scholia_core::{AnnotatedDocument, Change, ChangeSet, Edit, Fragment, Key};

use crate::workspace::WorkspaceRef;

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

    /// Brings the team state in line with the open document (after every
    /// action): the layers, and the merged view when what it compares
    /// changed.
    pub fn follow(&mut self, workspace: Option<&WorkspaceRef>, revision: u64) {
        let Some(workspace) = workspace.cloned() else {
            *self = TeamState {
                color_by: self.color_by,
                ..TeamState::default()
            };
            return;
        };
        let document = workspace.borrow().doc.document().id.clone();
        if self.seen.as_ref().is_some_and(|s| s.document != document) {
            // Another document: its own layers, nothing hidden.
            *self = TeamState {
                color_by: self.color_by,
                focus_card: self.focus_card,
                ..TeamState::default()
            };
        }
        let (same, view_stands) = match &self.seen {
            Some(seen) if seen.workspace == workspace && seen.hidden == self.hidden => (
                seen.revision == revision,
                seen.revision + 1 == revision
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
            if *self.layers != layers {
                self.layers = Rc::new(layers);
            }
            if !view_stands {
                let compared = compared(&self.layers, &self.hidden);
                let view = (compared.len() >= 2)
                    .then(|| ViewRef(Rc::new(MergedView::new(&ws.doc, &compared))));
                self.current = match (&view, self.current) {
                    (Some(view), Some(current)) => find_again(view, current.extent),
                    _ => None,
                };
                self.view = view;
            }
        }
        self.seen = Some(Seen {
            workspace,
            document,
            revision,
            hidden: self.hidden.clone(),
        });
    }
}

/// Whether a change set touches only the gold layer (or the title), so that
/// the compared layers, and the view of them, are as they were.
fn only_gold(changes: &ChangeSet) -> bool {
    changes.changes.iter().all(|change| match change {
        Change::Annotation { key, .. } | Change::Relation { key, .. } => key.layer == GOLD_LAYER,
        Change::Title { .. } => true,
        Change::DocumentLabels { layer, .. } => layer == GOLD_LAYER,
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
