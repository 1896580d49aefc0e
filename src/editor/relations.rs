//! Relations: start one from the selected annotation, pick its target (a
//! click, or `]` `[` and Enter), choose among the types that fit, unlink.

use scholia_core::editing;
use scholia_core::{Edit, Key, Timestamp};

use crate::state::editor::{Dialog, PendingLink};
use crate::state::{label_name, Message, Store};

pub enum RelationCommand {
    /// Starts drawing a relation from the selected annotation.
    StartLink,
    /// Links the drawn relation's source to the selected annotation.
    ConfirmLink {
        id: String,
        now: Timestamp,
    },
    CancelLink,
    ChooseRelationType {
        kind: String,
        id: String,
        now: Timestamp,
    },
    Unlink(Key),
}

impl Store {
    pub(crate) fn relation_action(&mut self, command: RelationCommand) {
        match command {
            RelationCommand::StartLink => match self.selected.clone() {
                Some(source) => {
                    let name = self.with_doc(|doc| {
                        doc.annotation(&source)
                            .map(|a| doc.quotes(a).join(" … "))
                            .unwrap_or_default()
                    });
                    self.editor.linking = Some(source);
                    self.message = Some(Message::info(format!(
                        "Linking from “{}”: click the target, or choose it with ] and [ and press Enter. Escape cancels.",
                        name.unwrap_or_default()
                    )));
                }
                None => {
                    self.message = Some(Message::info("Select the annotation to link from first."));
                }
            },
            RelationCommand::ConfirmLink { id, now } => self.confirm_link(id, now),
            RelationCommand::CancelLink => self.cancel_link(),
            RelationCommand::ChooseRelationType { kind, id, now } => {
                if let Some(Dialog::RelationType(pending)) = self.editor.dialog.take() {
                    self.link(&pending.source, &pending.target, &kind, id, now);
                }
            }
            RelationCommand::Unlink(key) => {
                self.apply_or_report(Ok(Edit::RemoveRelation(key)));
            }
        }
    }

    pub(crate) fn cancel_link(&mut self) {
        if self.editor.linking.take().is_some() {
            self.message = None;
        }
        if matches!(self.editor.dialog, Some(Dialog::RelationType(_))) {
            self.editor.dialog = None;
        }
    }

    /// Links the drawn relation's source to the selected annotation: at once
    /// if one relation type fits, through a choice if several do.
    pub(crate) fn confirm_link(&mut self, id: String, now: Timestamp) {
        let (Some(source), Some(target)) = (self.editor.linking.clone(), self.selected.clone())
        else {
            return;
        };
        if source == target {
            self.message = Some(Message::info(
                "Choose another annotation as the target (] and [, or a click).",
            ));
            return;
        }
        let Some(kinds) = self.with_doc(|doc| {
            let label = |k: &Key| {
                doc.annotation(k)
                    .map(|a| a.label.clone())
                    .unwrap_or_default()
            };
            let (from, to) = (label(&source), label(&target));
            let kinds: Vec<(String, String)> =
                editing::relation_types_between(doc.scheme(), &from, &to)
                    .into_iter()
                    .map(|t| (t.id.clone(), t.name.clone()))
                    .collect();
            (kinds, label_name(doc, &from), label_name(doc, &to))
        }) else {
            return;
        };
        let (kinds, from, to) = kinds;
        match kinds.as_slice() {
            [] => {
                self.message = Some(Message::error(format!(
                    "No relation type of the scheme links {from} to {to}. Pick another target, or press Escape."
                )));
            }
            [(kind, _)] => {
                let kind = kind.clone();
                self.link(&source, &target, &kind, id, now);
            }
            _ => {
                self.editor.dialog = Some(Dialog::RelationType(PendingLink {
                    source,
                    target,
                    kinds,
                }));
            }
        }
    }

    fn link(&mut self, source: &Key, target: &Key, kind: &str, id: String, now: Timestamp) {
        let edit = self.with_doc(|doc| editing::link(doc, source, target, kind, id, now));
        if let Some(edit) = edit {
            if self.apply_or_report(edit) {
                self.editor.linking = None;
                self.selected = Some(source.clone());
                self.message = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::store::{Action, FilterCommand, SchemeCommand, SpanCommand, ViewCommand};

    #[test]
    fn linking_by_pick_and_by_keyboard() {
        let store = tag(open(), "Edi Rama", "actor", "rama");
        let store = tag(store, "Iran attacked Albania", "claim", "claim");
        let store = tag(store, "attacked", "event", "attack");
        // Claim → actor: one type fits, so a pick links at once.
        let store = run(
            store,
            ViewCommand::Pick {
                key: Some(key("claim")),
                id: "x".into(),
                now: Timestamp(3),
            }
            .into(),
        );
        let store = run(store, RelationCommand::StartLink.into());
        assert_eq!(store.editor.linking, Some(key("claim")));
        let store = run(
            store,
            ViewCommand::Pick {
                key: Some(key("rama")),
                id: "r1".into(),
                now: Timestamp(3),
            }
            .into(),
        );
        assert_eq!(n_relations(&store), 1);
        assert_eq!(store.editor.linking, None);
        assert_eq!(store.selected, Some(key("claim")));
        // Event → actor: nothing fits; linking goes on and says why.
        let store = run(
            store,
            ViewCommand::Pick {
                key: Some(key("attack")),
                id: "-".into(),
                now: Timestamp(3),
            }
            .into(),
        );
        let store = run(store, RelationCommand::StartLink.into());
        let store = run(
            store,
            ViewCommand::Pick {
                key: Some(key("rama")),
                id: "r2".into(),
                now: Timestamp(3),
            }
            .into(),
        );
        assert!(store
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("No relation type of the scheme links Event to Actor"));
        assert!(store.editor.linking.is_some());
        // By keyboard: jump to the claim, Enter.
        let mut store = store;
        while store.selected != Some(key("claim")) {
            store = run(
                store,
                FilterCommand::Jump {
                    forward: true,
                    same_label: false,
                }
                .into(),
            );
        }
        let store = run(
            store,
            RelationCommand::ConfirmLink {
                id: "r3".into(),
                now: Timestamp(4),
            }
            .into(),
        );
        assert!(store
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("links Event to Claim"));
        let store = run(store, RelationCommand::CancelLink.into());
        assert_eq!(store.editor.linking, None);

        // Deleting the claim takes its relation; undo restores both.
        let store = run(store, SpanCommand::Delete(vec![key("claim")]).into());
        assert_eq!((quotes(&store).len(), n_relations(&store)), (2, 0));
        let store = store.reduce(Action::Undo);
        assert_eq!((quotes(&store).len(), n_relations(&store)), (3, 1));
    }

    #[test]
    fn several_fitting_types_ask_which() {
        let store = open();
        let mut scheme = store.scheme();
        let kind = scheme.add_relation_type("contradicts");
        scheme.add_relation_type("supports");
        let store = run(store, SchemeCommand::Set(scheme).into());
        let store = tag(store, "Iran attacked Albania", "claim", "c1");
        let store = tag(store, "Rama said so twice", "claim", "c2");
        let store = run(
            store,
            ViewCommand::Pick {
                key: Some(key("c1")),
                id: "-".into(),
                now: Timestamp(1),
            }
            .into(),
        );
        let store = run(store, RelationCommand::StartLink.into());
        let store = run(
            store,
            ViewCommand::Pick {
                key: Some(key("c2")),
                id: "r".into(),
                now: Timestamp(1),
            }
            .into(),
        );
        let Some(Dialog::RelationType(pending)) = &store.editor.dialog else {
            panic!("a choice of types: {:?}", store.editor.dialog);
        };
        // Claim → claim: the two new types (any labels); "about" wants an event.
        assert_eq!(
            pending.kinds,
            [
                (kind.clone(), "contradicts".into()),
                ("supports".into(), "supports".into())
            ]
        );
        let store = run(
            store,
            RelationCommand::ChooseRelationType {
                kind,
                id: "r".into(),
                now: Timestamp(1),
            }
            .into(),
        );
        assert_eq!(n_relations(&store), 1);
    }
}
