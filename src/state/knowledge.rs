//! The library's knowledge base as the store holds it (one field of the
//! store): the entities of every document, what is asked of the library
//! (links to move in documents that are not open, the base to store), and
//! the last merge or delete, which undo takes back.

use std::rc::Rc;

use scholia_core::{Key, KnowledgeBase, Timestamp};

/// Links to move in the library's documents other than the open one (the
/// library does it, loading each document and storing the edit as one
/// undo step of its history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relink {
    /// Changes with every request.
    pub nonce: u64,
    /// The open document, which the store has relinked itself.
    pub skip: Option<String>,
    pub change: RelinkChange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelinkChange {
    /// Every link to `from` moves to `to` (a merge), or goes (`None`, a
    /// delete); the library reports the keys it moved
    /// (`KnowledgeCommand::RelinkedElsewhere`), for undo.
    Entity { from: String, to: Option<String> },
    /// These annotations link to `to` again (an undo).
    Keys {
        keys: Vec<(String, Vec<Key>)>,
        to: String,
    },
}

/// A merge or delete, with what undo needs to take it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeStep {
    /// What it did, in words: "Merged “Rama” into “Edi Rama”".
    pub what: String,
    pub before: Rc<KnowledgeBase>,
    /// The entity whose links moved or went.
    pub entity: String,
    /// The document open at the time, and whether its links changed (one
    /// step of its history).
    pub open_doc: Option<String>,
    pub open_keys: Vec<Key>,
    /// The store's revision just after: while it is the same, the open
    /// document's step is the last of its history.
    pub revision: u64,
    pub at: Timestamp,
    /// The request sent to the library, and the keys it reports moving.
    pub relink_nonce: u64,
    pub elsewhere: Vec<(String, Vec<Key>)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct KnowledgeState {
    pub kb: Rc<KnowledgeBase>,
    /// Read from storage: until then nothing is stored over it.
    pub loaded: bool,
    /// Bumped on every change the store makes to the base; the root stores
    /// the base when it changes.
    pub revision: u64,
    pub relink: Option<Relink>,
    /// Bumped each time the library reports links moved elsewhere: what
    /// shows mentions across the library reads them again.
    pub relinked: u64,
    pub last_step: Option<KnowledgeStep>,
    /// What the last import of a teammate's base could not settle, in words.
    pub conflicts: Vec<String>,
}

/// The library's entities as a term list for the suggestions (each name
/// and alias of an entity with a type, as a list every line of which names
/// its label and entity), compiled and matched by the formats' worker as a
/// loaded list is; `None` when there are none.
pub fn entity_terms(kb: &KnowledgeBase) -> Option<crate::state::suggestions::LoadedTerms> {
    let terms = scholia_core::knowledge::terms(kb);
    if terms.is_empty() {
        return None;
    }
    let labels: std::collections::BTreeSet<&str> = terms.iter().map(|t| t.label.as_str()).collect();
    let labels = labels.into_iter().map(String::from).collect();
    let text = scholia_core::suggest::terms::write(&terms);
    Some(crate::state::suggestions::LoadedTerms::new(
        "the library's entities",
        "",
        Rc::from(text),
        terms.len(),
        labels,
    ))
}

impl KnowledgeState {
    /// The base changed by the store: to be stored.
    pub fn changed(&mut self, kb: KnowledgeBase) {
        self.kb = Rc::new(kb);
        self.revision += 1;
    }

    /// Asks the library to move links elsewhere; returns the request's nonce.
    pub fn request(&mut self, skip: Option<String>, change: RelinkChange) -> u64 {
        let nonce = self.relink.as_ref().map_or(1, |r| r.nonce + 1);
        self.relink = Some(Relink {
            nonce,
            skip,
            change,
        });
        nonce
    }
}
