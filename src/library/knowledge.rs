//! The library's knowledge base in storage: one settings record
//! (`knowledge-base`, the base as a `scholia-kb` JSON file), read at
//! start-up and written whenever the store changes it; entities that
//! imported documents carry merged into it by the core's rules; links moved
//! in documents that are not open (after a merge or delete, and back on
//! undo); and each entity's mentions across the library, for the Entities
//! panel. A restored backup's base joins the library's by the same rules.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use scholia_core::knowledge::{self, file as kb_file, merge};
use scholia_core::{AnnotatedDocument, Key, KnowledgeBase, Timestamp};

use super::handle::Library;
use crate::state::knowledge::{Relink, RelinkChange};
use crate::store::{Action, KnowledgeCommand};
use crate::web;
use crate::workspace::WorkspaceRef;

/// The settings key of the library's knowledge base.
pub const KNOWLEDGE_BASE: &str = "knowledge-base";

/// Where each entity is mentioned: per entity id, each document's id and
/// title with the keys and quotes of its mentions there, in document order.
pub type LibraryMentions = BTreeMap<String, Vec<DocumentMentions>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMentions {
    pub doc_id: String,
    pub title: String,
    pub mentions: Vec<(Key, String)>,
}

impl Library {
    /// Reads the stored base and hands it to the store (an empty one when
    /// none is stored yet).
    pub(super) async fn load_knowledge_base(&self) {
        let Some(storage) = self.storage() else {
            self.dispatch(KnowledgeCommand::Loaded(KnowledgeBase::default()).into());
            return;
        };
        let kb = match storage.setting(KNOWLEDGE_BASE).await {
            None => KnowledgeBase::default(),
            Some(json) => match kb_file::import_json(&json) {
                Ok(kb) => kb,
                Err(error) => {
                    // Not marked loaded: nothing is stored over it.
                    self.error(format!(
                        "The library's knowledge base could not be read ({error}); entities are not stored until it is repaired."
                    ));
                    return;
                }
            },
        };
        *self.0.knowledge.borrow_mut() = Rc::new(kb.clone());
        self.dispatch(KnowledgeCommand::Loaded(kb).into());
    }

    /// Stores the base the store holds (the root calls this when it changes).
    pub fn save_knowledge_base(&self, kb: Rc<KnowledgeBase>) {
        *self.0.knowledge.borrow_mut() = kb.clone();
        let Some(storage) = self.storage() else {
            return;
        };
        if !self.may_edit() {
            return;
        }
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let json = kb_file::export_json(&kb);
            if let Err(error) = storage.set_setting(KNOWLEDGE_BASE, &json).await {
                library.error(format!(
                    "The library's knowledge base could not be stored: {error}"
                ));
            }
        });
    }

    /// The base as last loaded or stored.
    pub fn knowledge_base(&self) -> Rc<KnowledgeBase> {
        self.0.knowledge.borrow().clone()
    }

    /// The library's base, ready to take in other entities.
    pub(super) fn entities_merging(&self) -> Merging {
        Merging {
            kb: (*self.knowledge_base()).clone(),
            conflicts: Vec::new(),
            changed: false,
        }
    }

    /// Stores a base that took in other entities and hands it to the store
    /// with the conflicts in words (nothing when nothing changed).
    pub(super) async fn keep_merged(&self, merging: Merging) -> bool {
        if !merging.changed {
            return true;
        }
        if let Some(storage) = self.storage() {
            let json = kb_file::export_json(&merging.kb);
            if let Err(error) = storage.set_setting(KNOWLEDGE_BASE, &json).await {
                self.error(format!(
                    "The library's knowledge base could not be stored: {error}"
                ));
                return false;
            }
        }
        *self.0.knowledge.borrow_mut() = Rc::new(merging.kb.clone());
        self.dispatch(
            KnowledgeCommand::Merged {
                kb: merging.kb,
                conflicts: merging.conflicts,
            }
            .into(),
        );
        true
    }

    /// Reads a teammate's knowledge-base file (JSON, CSV or TSV) and merges
    /// it into the library's, showing the conflicts; a bad file changes
    /// nothing and is named with its record and field.
    pub fn import_knowledge_base(&self, file: web_sys::File) {
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = file.name();
            let Some(Ok(picked)) = web::files::read_all(vec![file]).await.pop() else {
                library.error(format!("Could not read “{name}”."));
                return;
            };
            let text = String::from_utf8_lossy(&picked.bytes()).into_owned();
            let theirs = match kb_file::import_file(&name, &text) {
                Ok(kb) => kb,
                Err(error) => {
                    library.error(format!(
                        "The knowledge base was not imported: {error}. Nothing was changed."
                    ));
                    return;
                }
            };
            let mut merging = library.entities_merging();
            let before = merging.kb.len();
            merging.merge(&theirs);
            merging.changed = true;
            let (added, conflicts) = (merging.kb.len() - before, merging.conflicts.len());
            if library.keep_merged(merging).await {
                library.info(format!(
                    "Merged “{name}”: {} of {} new{}.",
                    added,
                    crate::words::plural(theirs.len(), "entity", "entities"),
                    match conflicts {
                        0 => String::new(),
                        n => format!(
                            ", {} to look at (ours kept)",
                            crate::words::plural(n, "conflict", "conflicts")
                        ),
                    }
                ));
            }
        });
    }

    /// Downloads the library's base as JSON, CSV or TSV.
    pub fn export_knowledge_base(&self, kb: &KnowledgeBase, extension: &str) {
        let (content, mime) = match extension {
            "csv" => (kb_file::export_table(kb, kb_file::Table::Csv), "text/csv"),
            "tsv" => (
                kb_file::export_table(kb, kb_file::Table::Tsv),
                "text/tab-separated-values",
            ),
            _ => (kb_file::export_json(kb), "application/json"),
        };
        let name = format!("scholia-knowledge-base.{extension}");
        match web::files::download(&name, &content, mime) {
            Ok(()) => self.info(format!(
                "The knowledge base ({}) was saved as {name}.",
                crate::words::plural(kb.len(), "entity", "entities")
            )),
            Err(error) => self.error(format!("Could not export the knowledge base: {error}.")),
        }
    }

    /// Moves links in the documents other than the open one, each as one
    /// undo step of its history, stored by the saver; reports the keys it
    /// moved (for undo).
    pub fn relink_elsewhere(&self, relink: Relink) {
        let Some(storage) = self.storage() else {
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let now = web::now();
            let targets: Vec<(String, Option<Vec<Key>>)> = match &relink.change {
                RelinkChange::Entity { from, .. } => {
                    let records = match storage.all_annotations().await {
                        Ok((records, _)) => records,
                        Err(error) => {
                            library.error(format!(
                                "Links in other documents could not be read ({error})."
                            ));
                            return;
                        }
                    };
                    let docs: BTreeSet<String> = records
                        .into_iter()
                        .filter(|r| r.annotation.entity.as_deref() == Some(from.as_str()))
                        .map(|r| r.doc_id)
                        .collect();
                    docs.into_iter().map(|d| (d, None)).collect()
                }
                RelinkChange::Keys { keys, .. } => keys
                    .iter()
                    .map(|(d, k)| (d.clone(), Some(k.clone())))
                    .collect(),
            };
            let mut moved = Vec::new();
            for (doc_id, keys) in targets {
                if relink.skip.as_deref() == Some(doc_id.as_str()) || library.is_open(&doc_id) {
                    continue;
                }
                let workspace = match library.0.saver.unsaved_workspace(&doc_id) {
                    Some(workspace) => workspace,
                    None => match storage.load(&doc_id).await {
                        Ok(stored) => {
                            WorkspaceRef::restored(stored.doc, stored.history, stored.mark)
                        }
                        Err(error) => {
                            library.error(format!(
                                "The links of a document could not be changed ({error})."
                            ));
                            continue;
                        }
                    },
                };
                let (edit, keys) = {
                    let w = workspace.borrow();
                    relink_edit(&w.doc, &relink.change, keys.as_deref(), now)
                };
                let Some(edit) = edit else {
                    continue;
                };
                if let Err(error) = apply_step(&workspace, edit) {
                    library.error(format!(
                        "The links of a document could not be changed ({error})."
                    ));
                    continue;
                }
                library.0.saver.add_changed(workspace);
                moved.push((doc_id, keys));
            }
            library.dispatch(Action::Knowledge(KnowledgeCommand::RelinkedElsewhere {
                nonce: relink.nonce,
                keys: moved,
            }));
        });
    }

    /// Every entity's mentions across the library (the open document as it
    /// is now, the others as stored), for the Entities panel.
    pub async fn library_mentions(&self, open: Option<WorkspaceRef>) -> LibraryMentions {
        let mut found = LibraryMentions::new();
        let open_id = open.as_ref().map(|w| w.borrow().doc.document().id.clone());
        let titles: BTreeMap<String, String> = match self.storage() {
            Some(storage) => storage
                .library()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.trashed.is_none())
                .map(|e| (e.id, e.title))
                .collect(),
            None => BTreeMap::new(),
        };
        let mut docs: Vec<AnnotatedDocument> = Vec::new();
        if let Some(storage) = self.storage() {
            // (the open document's records are not read: it is taken as it is)
            let records = match &open_id {
                Some(open) => storage.annotations_except(open).await,
                None => storage.all_annotations().await.map(|(records, _)| records),
            };
            let linked: BTreeSet<String> = match records {
                Ok(records) => records
                    .into_iter()
                    .filter(|r| r.annotation.entity.is_some())
                    .map(|r| r.doc_id)
                    .collect(),
                Err(error) => {
                    self.error(format!(
                        "The mentions in other documents could not be read ({error})."
                    ));
                    BTreeSet::new()
                }
            };
            for id in linked {
                if Some(&id) == open_id.as_ref() || !titles.contains_key(&id) {
                    continue;
                }
                let doc = match self.0.saver.unsaved_workspace(&id) {
                    Some(w) => Ok(w.borrow().doc.clone()),
                    None => storage.load(&id).await.map(|s| s.doc),
                };
                if let Ok(doc) = doc {
                    docs.push(doc);
                }
            }
        }
        let open_doc = open.map(|w| w.borrow().doc.clone());
        for doc in open_doc.iter().chain(docs.iter()) {
            let id = &doc.document().id;
            let title = titles
                .get(id)
                .cloned()
                .unwrap_or_else(|| doc.document().title.clone());
            for (entity, per_doc) in knowledge::mentions(std::iter::once(doc)) {
                for (doc_id, keys) in per_doc {
                    let mentions = keys
                        .into_iter()
                        .map(|key| {
                            let quote = doc
                                .annotation(&key)
                                .map(|a| doc.quotes(a).join(" … "))
                                .unwrap_or_default();
                            (key, quote)
                        })
                        .collect();
                    found
                        .entry(entity.to_string())
                        .or_default()
                        .push(DocumentMentions {
                            doc_id,
                            title: title.clone(),
                            mentions,
                        });
                }
            }
        }
        found
    }
}

/// The edit a relink makes in one document, and the keys it moves.
fn relink_edit(
    doc: &AnnotatedDocument,
    change: &RelinkChange,
    keys: Option<&[Key]>,
    now: Timestamp,
) -> (Option<scholia_core::Edit>, Vec<Key>) {
    match change {
        RelinkChange::Entity { from, to } => {
            let keys: Vec<Key> = doc
                .annotations()
                .filter(|a| a.entity.as_deref() == Some(from.as_str()))
                .map(|a| a.key.clone())
                .collect();
            (knowledge::relink(doc, from, to.as_deref(), now), keys)
        }
        RelinkChange::Keys { to, .. } => {
            let keys = keys.unwrap_or_default().to_vec();
            (knowledge::relink_keys(doc, &keys, to, now), keys)
        }
    }
}

/// Applies an edit to a workspace that is not open, as one undo step of
/// its history, waiting to be stored (as `Store::edit` does for the open one).
fn apply_step(workspace: &WorkspaceRef, edit: scholia_core::Edit) -> Result<(), String> {
    let mut workspace = workspace.borrow_mut();
    let changes = workspace.doc.apply(edit).map_err(|e| e.to_string())?;
    workspace.unsaved.push(changes.clone());
    let done = workspace.history.steps().0.len();
    let mark = &mut workspace.stored_history;
    mark.dirty_from = mark.dirty_from.min(done);
    workspace.history.record(changes);
    Ok(())
}

/// The library's base taking in other entities (an import's documents',
/// a teammate's file) by the core's merge rules.
pub(super) struct Merging {
    kb: KnowledgeBase,
    conflicts: Vec<String>,
    changed: bool,
}

impl Merging {
    /// Merges `theirs` in; returns where each of their ids went.
    fn merge(&mut self, theirs: &KnowledgeBase) -> BTreeMap<String, String> {
        let merged = merge::merge_knowledge_bases(&self.kb, theirs);
        self.conflicts
            .extend(merged.conflicts.iter().map(|c| c.to_string()));
        if merged.merged != self.kb {
            self.changed = true;
        }
        self.kb = merged.merged;
        merged.ids
    }

    /// Merges a restored backup's base in, and renames the links of the
    /// documents restored with it where their ids went elsewhere (the
    /// documents are not stored yet, and have no history). Returns how many
    /// entities were new and how many conflicts the merge listed.
    pub(super) fn take_backup(
        &mut self,
        theirs: &KnowledgeBase,
        documents: &mut [scholia_core::library::LibraryDocument],
        now: Timestamp,
    ) -> (usize, usize) {
        let (before, conflicts) = (self.kb.len(), self.conflicts.len());
        let ids = self.merge(theirs);
        for d in documents {
            if let Some(edit) = knowledge::rename_links(&d.doc, &ids, now) {
                // Only ids change, each to one the merged base has.
                let _ = d.doc.apply(edit);
            }
        }
        (self.kb.len() - before, self.conflicts.len() - conflicts)
    }

    /// Merges a document's entities in, and renames its links where their
    /// ids went elsewhere.
    pub(super) fn take(
        &mut self,
        theirs: &KnowledgeBase,
        doc: &mut AnnotatedDocument,
        now: Timestamp,
    ) {
        if theirs.is_empty() {
            return;
        }
        let ids = self.merge(theirs);
        if let Some(edit) = knowledge::rename_links(doc, &ids, now) {
            // Only ids change, each to one the merged base has.
            let _ = doc.apply(edit);
        }
    }
}
