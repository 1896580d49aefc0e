//! Merging a teammate's knowledge base into the library's.
//!
//! Rules (docs/formats.md, "Knowledge base"): an entity of theirs is the
//! same as one of ours when they share an external id; failing that, when
//! ours is called by its name (name or alias, ignoring case) and nothing
//! says they differ. The same entity takes their aliases (their name too,
//! when it differs) and external ids; where a field holds two values (type,
//! description) ours is kept and the pair is listed as a conflict, never
//! overwritten. An entity of theirs that matches none (or is kept apart)
//! is added, under a new id if its id is taken.

use std::collections::BTreeMap;

use super::{Entity, KnowledgeBase};
use crate::error::quoted;

/// What a merge gave: the knowledge base, where each of their ids went, and
/// what could not be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbMerge {
    pub merged: KnowledgeBase,
    /// Their id → the id in `merged` (for [`super::rename_links`] on their
    /// documents).
    pub ids: BTreeMap<String, String>,
    pub conflicts: Vec<Conflict>,
}

/// A difference a merge did not settle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Their entity's id.
    pub theirs: String,
    /// Our entity's id (the one kept).
    pub ours: String,
    pub kind: ConflictKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictKind {
    /// Matched, but the field holds another value: ours is kept.
    Field {
        field: &'static str,
        ours: String,
        theirs: String,
    },
    /// Their external ids name several of our entities: theirs is added
    /// apart. `ours` is the first; `others` the rest.
    SeveralByExternalId { others: Vec<String> },
    /// Same name but other external ids or another type: kept apart.
    SameNameApart { why: String },
    /// Their name is the name of several of ours: theirs is added apart.
    SeveralByName { others: Vec<String> },
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (theirs, ours) = (quoted(&self.theirs), quoted(&self.ours));
        match &self.kind {
            ConflictKind::Field {
                field,
                ours: a,
                theirs: b,
            } => write!(
                f,
                "{theirs} is {ours}, but its {field} is {} where ours is {}: ours is kept",
                quoted(b),
                quoted(a)
            ),
            ConflictKind::SeveralByExternalId { others } => write!(
                f,
                "{theirs} shares external ids with {ours} and {}: it is added apart",
                others
                    .iter()
                    .map(|o| quoted(o))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ConflictKind::SameNameApart { why } => write!(
                f,
                "{theirs} has the name of {ours} but {why}: it is added apart"
            ),
            ConflictKind::SeveralByName { others } => write!(
                f,
                "{theirs} has the name of {ours} and {}: it is added apart",
                others
                    .iter()
                    .map(|o| quoted(o))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// Merges `theirs` into `ours` (see the module's rules).
pub fn merge_knowledge_bases(ours: &KnowledgeBase, theirs: &KnowledgeBase) -> KbMerge {
    let mut merged = ours.clone();
    let mut ids = BTreeMap::new();
    let mut conflicts = Vec::new();
    for entity in theirs.entities() {
        let apart = |kind: ConflictKind, ours: &str, conflicts: &mut Vec<Conflict>| {
            conflicts.push(Conflict {
                theirs: entity.id.clone(),
                ours: ours.to_string(),
                kind,
            });
        };
        // Only our own entities match: two of theirs never merge here.
        let mut by_external: Vec<String> = ours
            .entities()
            .filter(|o| {
                o.external_ids
                    .iter()
                    .any(|x| entity.external_ids.contains(x))
            })
            .map(|o| o.id.clone())
            .collect();
        let matched = match by_external.len() {
            1 => by_external.pop(),
            0 => {
                let named: Vec<&Entity> = ours.by_name(&entity.name);
                match named.as_slice() {
                    [] => None,
                    [one] => match differs(one, entity) {
                        Some(why) => {
                            apart(ConflictKind::SameNameApart { why }, &one.id, &mut conflicts);
                            None
                        }
                        None => Some(one.id.clone()),
                    },
                    [first, rest @ ..] => {
                        let others = rest.iter().map(|o| o.id.clone()).collect();
                        apart(
                            ConflictKind::SeveralByName { others },
                            &first.id,
                            &mut conflicts,
                        );
                        None
                    }
                }
            }
            _ => {
                let others = by_external[1..].to_vec();
                apart(
                    ConflictKind::SeveralByExternalId { others },
                    &by_external[0],
                    &mut conflicts,
                );
                None
            }
        };
        match matched {
            Some(id) => {
                let Some(kept) = merged.entities.get_mut(&id) else {
                    continue;
                };
                for name in entity.names() {
                    kept.add_alias(name);
                }
                for x in &entity.external_ids {
                    kept.add_external_id(x);
                }
                let mut field = |field: &'static str, ours: &mut String, theirs: &str| {
                    if ours.trim().is_empty() {
                        *ours = theirs.to_string();
                    } else if !theirs.trim().is_empty() && ours.trim() != theirs.trim() {
                        conflicts.push(Conflict {
                            theirs: entity.id.clone(),
                            ours: id.clone(),
                            kind: ConflictKind::Field {
                                field,
                                ours: ours.clone(),
                                theirs: theirs.to_string(),
                            },
                        });
                    }
                };
                let mut kind = kept.kind.clone().unwrap_or_default();
                field("type", &mut kind, entity.kind.as_deref().unwrap_or(""));
                kept.kind = (!kind.is_empty()).then_some(kind);
                field("description", &mut kept.description, &entity.description);
                ids.insert(entity.id.clone(), id);
            }
            None => {
                let mut added = entity.clone();
                if merged.entity(&added.id).is_some() {
                    added.id = (2..)
                        .map(|n| format!("{}-{n}", entity.id))
                        .find(|id| merged.entity(id).is_none() && theirs.entity(id).is_none())
                        .unwrap_or_default();
                }
                ids.insert(entity.id.clone(), added.id.clone());
                merged.entities.insert(added.id.clone(), added);
            }
        }
    }
    KbMerge {
        merged,
        ids,
        conflicts,
    }
}

/// Why two entities of one name are not the same, if something says so:
/// both have external ids and share none, or both have a type and they
/// differ.
fn differs(ours: &Entity, theirs: &Entity) -> Option<String> {
    if !ours.external_ids.is_empty() && !theirs.external_ids.is_empty() {
        return Some(format!(
            "other external ids ({} where ours has {})",
            theirs.external_ids.join(", "),
            ours.external_ids.join(", ")
        ));
    }
    match (&ours.kind, &theirs.kind) {
        (Some(a), Some(b)) if a != b => Some(format!(
            "another type ({} where ours is {})",
            quoted(b),
            quoted(a)
        )),
        _ => None,
    }
}
