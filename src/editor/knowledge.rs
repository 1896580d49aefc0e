//! The library's knowledge base: loaded from storage, an entity edited,
//! deleted (its links removed) or merged into another (every link
//! follows), and the last merge or delete undone. The open document's
//! links change here, as one undo step; the library moves the links of
//! the other documents (`KnowledgeState::relink`) and reports the keys it
//! moved, so that undo can put them back.

use std::rc::Rc;

use scholia_core::knowledge;
use scholia_core::{Entity, Key, KnowledgeBase, Timestamp};

use crate::state::knowledge::{KnowledgeStep, RelinkChange};
use crate::state::{Message, Store};

pub enum KnowledgeCommand {
    /// The base as stored (at start-up, or after another tab changed it).
    Loaded(KnowledgeBase),
    /// A teammate's base or imported documents' entities, merged and
    /// stored by the library, with the conflicts the merge listed.
    Merged {
        kb: KnowledgeBase,
        conflicts: Vec<String>,
    },
    /// An entity's name, type, aliases, description or external ids.
    Update(Entity),
    Delete {
        id: String,
        now: Timestamp,
    },
    /// `gone` into `keep`: every link to `gone` links to `keep`.
    Merge {
        keep: String,
        gone: String,
        now: Timestamp,
    },
    /// The library moved these links in other documents (request `nonce`).
    RelinkedElsewhere {
        nonce: u64,
        keys: Vec<(String, Vec<Key>)>,
    },
    DismissConflicts,
}

impl Store {
    pub(crate) fn knowledge_command(&mut self, command: KnowledgeCommand) {
        match command {
            KnowledgeCommand::Loaded(kb) => {
                self.knowledge.kb = Rc::new(kb);
                self.knowledge.loaded = true;
            }
            KnowledgeCommand::Merged { kb, conflicts } => {
                self.knowledge.kb = Rc::new(kb);
                self.knowledge.loaded = true;
                self.knowledge.conflicts = conflicts;
            }
            KnowledgeCommand::Update(entity) => {
                let mut kb = (*self.knowledge.kb).clone();
                match kb.update(entity) {
                    Ok(_) => self.knowledge.changed(kb),
                    Err(error) => self.report_error(error),
                }
            }
            KnowledgeCommand::Delete { id, now } => {
                let mut kb = (*self.knowledge.kb).clone();
                match kb.remove(&id) {
                    Ok(gone) => {
                        let what = format!("Deleted “{}”", gone.name);
                        self.knowledge_step(what, kb, id, None, now);
                    }
                    Err(error) => self.report_error(error),
                }
            }
            KnowledgeCommand::Merge { keep, gone, now } => {
                let mut kb = (*self.knowledge.kb).clone();
                let gone_name = kb.entity(&gone).map(|e| e.name.clone());
                match kb.merge_entities(&keep, &gone) {
                    Ok(kept) => {
                        let what = format!(
                            "Merged “{}” into “{}”",
                            gone_name.unwrap_or_default(),
                            kept.name
                        );
                        self.knowledge_step(what, kb, gone, Some(keep), now);
                    }
                    Err(error) => self.report_error(error),
                }
            }
            KnowledgeCommand::RelinkedElsewhere { nonce, keys } => {
                self.knowledge.relinked += 1;
                if let Some(step) = &mut self.knowledge.last_step {
                    if step.relink_nonce == nonce {
                        step.elsewhere = keys;
                    }
                }
            }
            KnowledgeCommand::DismissConflicts => self.knowledge.conflicts.clear(),
        }
    }

    /// A merge or delete: the new base, the open document's links to
    /// `from` moved to `to` (or removed) as one undo step, the library
    /// asked to do the same elsewhere, and the step kept for undo.
    fn knowledge_step(
        &mut self,
        what: String,
        kb: KnowledgeBase,
        from: String,
        to: Option<String>,
        now: Timestamp,
    ) {
        if self.read_only {
            self.report_error(crate::state::READ_ONLY);
            return;
        }
        let before = self.knowledge.kb.clone();
        let open_doc = self.with_doc(|d| d.document().id.clone());
        let open_keys: Vec<Key> = self
            .with_doc(|d| {
                d.annotations()
                    .filter(|a| a.entity.as_deref() == Some(from.as_str()))
                    .map(|a| a.key.clone())
                    .collect()
            })
            .unwrap_or_default();
        let edit = self.with_doc(|d| knowledge::relink(d, &from, to.as_deref(), now));
        if let Some(Some(edit)) = edit {
            if !self.apply_or_report(Ok(edit)) {
                return;
            }
        }
        self.knowledge.changed(kb);
        let relink_nonce = self.knowledge.request(
            open_doc.clone(),
            RelinkChange::Entity {
                from: from.clone(),
                to,
            },
        );
        self.message = Some(Message::info(format!(
            "{what}. Undo (Ctrl+Z) takes it back."
        )));
        self.knowledge.last_step = Some(KnowledgeStep {
            what,
            before,
            entity: from,
            open_doc,
            open_keys,
            revision: self.revision,
            at: now,
            relink_nonce,
            elsewhere: Vec::new(),
        });
    }

    /// Undo takes back a merge or delete just made (the open document
    /// unchanged since): the knowledge base as it was, and every link.
    pub(crate) fn undo_knowledge_step_if_last(&mut self) -> bool {
        match &self.knowledge.last_step {
            Some(step) if step.revision == self.revision => {
                // The reducer reads no clock: the links put back carry the
                // time of the step they undo.
                let now = step.at;
                self.undo_knowledge_step(now);
                true
            }
            _ => false,
        }
    }

    fn undo_knowledge_step(&mut self, now: Timestamp) {
        let Some(step) = self.knowledge.last_step.take() else {
            return;
        };
        let open_now = self.with_doc(|d| d.document().id.clone());
        let mut elsewhere = step.elsewhere.clone();
        if !step.open_keys.is_empty() {
            if step.revision == self.revision && open_now == step.open_doc {
                // The open document's step is the last of its history.
                self.undo_or_redo(false);
            } else if let Some(doc) = step.open_doc.clone() {
                elsewhere.push((doc, step.open_keys.clone()));
            }
        }
        // Links elsewhere that are in the document open now are put back here.
        if let Some(open) = &open_now {
            if let Some(at) = elsewhere.iter().position(|(d, _)| d == open) {
                let (_, keys) = elsewhere.remove(at);
                let edit = self.with_doc(|d| knowledge::relink_keys(d, &keys, &step.entity, now));
                if let Some(Some(edit)) = edit {
                    self.apply_or_report(Ok(edit));
                }
            }
        }
        self.knowledge.changed((*step.before).clone());
        if !elsewhere.is_empty() {
            self.knowledge.request(
                open_now,
                RelinkChange::Keys {
                    keys: elsewhere,
                    to: step.entity.clone(),
                },
            );
        }
        self.message = Some(Message::info(format!("Undone: {}.", step.what)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::store::{Action, DocumentCommand, ViewCommand};

    fn linked(store: &Store) -> Vec<(String, Option<String>)> {
        let w = store.workspace.as_ref().unwrap().borrow();
        let mut links: Vec<(String, Option<String>)> = w
            .doc
            .annotations()
            .map(|a| (a.key.id.to_string(), a.entity.as_deref().map(String::from)))
            .collect();
        links.sort();
        links
    }

    /// "Edi Rama" and the second "Rama", each made an entity of its own
    /// with `@`.
    fn two_entities() -> std::rc::Rc<Store> {
        let store = tag(open(), "Edi Rama", "actor", "a1");
        let mut store = tag_at(store, cp("Rama", 1), "actor", "a2");
        for id in ["a1", "a2"] {
            let pick = ViewCommand::Pick {
                key: Some(key(id)),
                id: "x".into(),
                now: Timestamp(1),
            };
            store = run(store, pick.into());
            store = run(
                store,
                DocumentCommand::NewEntity { now: Timestamp(1) }.into(),
            );
        }
        store
    }

    #[test]
    fn a_new_entity_goes_into_the_library_base_named_by_its_text() {
        let store = two_entities();
        let kb = &store.knowledge.kb;
        assert_eq!(kb.len(), 2);
        let first = kb.entity("e1").unwrap();
        assert_eq!(first.kind.as_deref(), Some("actor"));
        assert_eq!(first.name, "Edi Rama");
        assert_eq!(kb.entity("e2").unwrap().name, "Rama");
        assert_eq!(store.knowledge.revision, 2);
        assert_eq!(
            linked(&store),
            vec![
                ("a1".to_string(), Some("e1".to_string())),
                ("a2".to_string(), Some("e2".to_string()))
            ]
        );
    }

    #[test]
    fn a_merge_moves_every_link_and_one_undo_takes_it_all_back() {
        let store = two_entities();
        let before = store.knowledge.kb.clone();
        let store = run(
            store,
            KnowledgeCommand::Merge {
                keep: "e1".into(),
                gone: "e2".into(),
                now: Timestamp(2),
            }
            .into(),
        );
        assert_eq!(store.knowledge.kb.len(), 1);
        assert!(store.knowledge.kb.entity("e2").is_none());
        assert!(linked(&store)
            .iter()
            .all(|(_, e)| e.as_deref() == Some("e1")));
        // The library is asked to move the links of the other documents.
        let relink = store.knowledge.relink.clone().unwrap();
        assert_eq!(
            relink.change,
            RelinkChange::Entity {
                from: "e2".into(),
                to: Some("e1".into())
            }
        );
        assert_eq!(relink.skip.as_deref(), Some("d"));
        let store = run(
            store,
            KnowledgeCommand::RelinkedElsewhere {
                nonce: relink.nonce,
                keys: vec![("other".into(), vec![key("x9")])],
            }
            .into(),
        );
        let store = run(store, Action::Undo);
        assert_eq!(store.knowledge.kb, before);
        assert_eq!(
            linked(&store),
            vec![
                ("a1".to_string(), Some("e1".to_string())),
                ("a2".to_string(), Some("e2".to_string()))
            ]
        );
        // …and the other document's link goes back too.
        assert_eq!(
            store.knowledge.relink.clone().unwrap().change,
            RelinkChange::Keys {
                keys: vec![("other".into(), vec![key("x9")])],
                to: "e2".into()
            }
        );
        // The next undo is the document's own again.
        let store = run(store, Action::Undo);
        assert_eq!(linked(&store)[1].1, None);
    }

    #[test]
    fn a_delete_removes_the_links_and_undo_brings_the_entity_back() {
        let store = two_entities();
        let store = run(
            store,
            KnowledgeCommand::Delete {
                id: "e1".into(),
                now: Timestamp(2),
            }
            .into(),
        );
        assert!(store.knowledge.kb.entity("e1").is_none());
        assert_eq!(linked(&store)[0].1, None);
        let store = run(store, Action::Undo);
        assert!(store.knowledge.kb.entity("e1").is_some());
        assert_eq!(linked(&store)[0].1.as_deref(), Some("e1"));
    }

    #[test]
    fn an_edit_keeps_the_links_and_a_bad_one_is_refused() {
        let store = two_entities();
        let mut entity = store.knowledge.kb.entity("e1").unwrap().clone();
        entity.aliases = vec!["Rama".into()];
        entity.external_ids = vec!["Q381159".into()];
        let store = run(store, KnowledgeCommand::Update(entity.clone()).into());
        assert_eq!(store.knowledge.kb.entity("e1"), Some(&entity));
        assert_eq!(store.knowledge.kb.search("rama")[0].id, "e1");
        entity.name = " ".into();
        let store = run(store, KnowledgeCommand::Update(entity).into());
        assert!(store.message.as_ref().unwrap().is_error);
        assert_eq!(store.knowledge.kb.entity("e1").unwrap().aliases, ["Rama"]);
    }

    #[test]
    fn the_entities_names_and_aliases_feed_the_term_suggestions() {
        let store = tag(open(), "Edi Rama", "actor", "a1");
        let pick = ViewCommand::Pick {
            key: Some(key("a1")),
            id: "x".into(),
            now: Timestamp(1),
        };
        let store = run(store, pick.into());
        let store = run(
            store,
            DocumentCommand::NewEntity { now: Timestamp(1) }.into(),
        );
        let mut entity = store.knowledge.kb.entity("e1").unwrap().clone();
        entity.aliases = vec!["Albania".into()];
        let store = run(store, KnowledgeCommand::Update(entity).into());
        // The worker matches the entities' names as it matches a list.
        let store = matched(store);
        let suggested = |store: &Store| -> Vec<(String, String)> {
            let w = store.workspace.as_ref().unwrap().borrow();
            let text = w.doc.document().text.as_str().to_string();
            store
                .editor
                .suggestions
                .list(&w.doc)
                .iter()
                .map(|s| {
                    let f = s.fragments[0];
                    let quote: String = text.chars().skip(f.start).take(f.end - f.start).collect();
                    (quote, s.label.to_string())
                })
                .collect()
        };
        assert!(suggested(&store).contains(&("Albania".to_string(), "actor".to_string())));
        // Accepted, the mention is linked to the entity that proposed it.
        let at = {
            let w = store.workspace.as_ref().unwrap().borrow();
            let list = store.editor.suggestions.list(&w.doc);
            let text = w.doc.document().text.as_str().to_string();
            (list.iter())
                .position(|s| {
                    let f = s.fragments[0];
                    text.chars()
                        .skip(f.start)
                        .take(f.end - f.start)
                        .collect::<String>()
                        == "Albania"
                })
                .unwrap()
        };
        let mut stepped = store;
        for _ in 0..=at {
            stepped = run(
                stepped,
                crate::store::SuggestCommand::Step { forward: true }.into(),
            );
        }
        let accepted = run(
            stepped.clone(),
            crate::store::SuggestCommand::Accept {
                id: "a2".into(),
                now: Timestamp(2),
            }
            .into(),
        );
        let linked = {
            let w = accepted.workspace.as_ref().unwrap().borrow();
            let found = (w.doc.annotations()).find(|a| a.key.id == "a2").map(|a| {
                (
                    a.label.to_string(),
                    a.entity.as_ref().map(|e| e.to_string()),
                )
            });
            found
        };
        assert_eq!(linked, Some(("actor".into(), Some("e1".into()))));
        let store = stepped;
        // Off with the term source.
        let store = run(
            store,
            crate::store::SuggestCommand::SetSource {
                source: scholia_core::suggest::Source::Terms,
                on: false,
            }
            .into(),
        );
        assert!(!suggested(&store).iter().any(|(q, _)| q == "Albania"));
    }
}
