//! The knowledge base: the entities a library's spans mention, and the
//! links from annotations to them.
//!
//! A library keeps one [`KnowledgeBase`]; an annotation links to one of its
//! entities by id ([`Annotation::entity`]). The knowledge base is not part of
//! a document: the operations here are pure functions that give a new
//! knowledge base and, for each document, the [`Edit`] that makes its links
//! follow (one undo step per document). A coreference chain is the
//! annotations of one layer of a document linked to one entity.

pub mod file;
pub mod merge;

use std::collections::BTreeMap;

use crate::document::AnnotatedDocument;
use crate::edit::Edit;
use crate::error::{describe_annotation, quoted, Error};
use crate::library::fold;
use crate::model::{Annotation, Key, Name, Timestamp};

/// Something the texts speak of: a person, a place, an organisation…
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entity {
    pub id: String,
    pub name: String,
    /// The scheme label its mentions carry (`actor`, say), if known.
    pub kind: Option<String>,
    /// Other names it goes by: found by type-ahead as its name is.
    pub aliases: Vec<String>,
    pub description: String,
    /// Identifiers elsewhere: a Wikidata QID (`Q123`), any URI, or a
    /// brat normalisation's `Database:ID`.
    pub external_ids: Vec<String>,
}

impl Entity {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            ..Entity::default()
        }
    }

    /// Its name, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether one of its names is `name`, ignoring case.
    pub fn is_called(&self, name: &str) -> bool {
        let wanted = fold(name.trim());
        self.names().any(|n| fold(n.trim()) == wanted)
    }

    /// Adds a name as an alias unless it already goes by it.
    pub fn add_alias(&mut self, alias: &str) {
        let alias = alias.trim();
        if !alias.is_empty() && !self.is_called(alias) {
            self.aliases.push(alias.to_string());
        }
    }

    /// Adds an external id unless it has it.
    pub fn add_external_id(&mut self, id: &str) {
        let id = id.trim();
        if !id.is_empty() && !self.external_ids.iter().any(|e| e == id) {
            self.external_ids.push(id.to_string());
        }
    }

    /// Its first external id that is a URI or a Wikidata QID, as a URI; for
    /// formats that link by URI.
    pub fn uri(&self) -> Option<String> {
        self.external_ids.iter().find_map(|id| external_uri(id))
    }
}

/// An external id as a URI: a URI as it is, a Wikidata QID (`Q42`,
/// `Wikidata:Q42`) as its entity URI; `None` for anything else.
pub fn external_uri(id: &str) -> Option<String> {
    if id.starts_with("http://") || id.starts_with("https://") || id.starts_with("urn:") {
        return Some(id.to_string());
    }
    let qid = id
        .strip_prefix("wikidata:")
        .or_else(|| id.strip_prefix("Wikidata:"))
        .unwrap_or(id);
    is_qid(qid).then(|| format!("http://www.wikidata.org/entity/{qid}"))
}

fn is_qid(id: &str) -> bool {
    id.len() > 1 && id.starts_with('Q') && id[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A library's entities, by id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KnowledgeBase {
    /// Shown to teammates and written as brat's normalisation database.
    pub name: String,
    entities: BTreeMap<String, Entity>,
}

impl KnowledgeBase {
    pub fn new(name: impl Into<String>) -> KnowledgeBase {
        KnowledgeBase {
            name: name.into(),
            entities: BTreeMap::new(),
        }
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.get(id)
    }

    /// Entities by id.
    pub fn entities(&self) -> impl ExactSizeIterator<Item = &Entity> + '_ {
        self.entities.values()
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// An id no entity has: `e1`, `e2`… (deterministic: the core reads no
    /// random source).
    pub fn fresh_id(&self) -> String {
        (self.entities.len() + 1..)
            .map(|n| format!("e{n}"))
            .find(|id| !self.entities.contains_key(id))
            .unwrap_or_default()
    }

    /// Adds an entity; refused when its id is taken or empty, or it has no
    /// name.
    pub fn insert(&mut self, entity: Entity) -> Result<(), Error> {
        check_entity(&entity)?;
        if self.entities.contains_key(&entity.id) {
            return Err(
                Error::new(crate::error::ErrorKind::DuplicateId(entity.id.clone()))
                    .in_field("id")
                    .in_record(describe_entity(&entity.id)),
            );
        }
        self.entities.insert(entity.id.clone(), entity);
        Ok(())
    }

    /// Replaces the entity with the same id (an edit of its name, type,
    /// aliases, description or external ids); returns the one it replaced.
    pub fn update(&mut self, entity: Entity) -> Result<Entity, Error> {
        check_entity(&entity)?;
        let Some(before) = self.entities.get_mut(&entity.id) else {
            return Err(missing(&entity.id));
        };
        Ok(std::mem::replace(before, entity))
    }

    /// Removes an entity; its links go with [`relink`] on each document.
    pub fn remove(&mut self, id: &str) -> Result<Entity, Error> {
        self.entities.remove(id).ok_or_else(|| missing(id))
    }

    /// The entity with this external id.
    pub fn by_external_id(&self, external: &str) -> Option<&Entity> {
        self.entities
            .values()
            .find(|e| e.external_ids.iter().any(|x| x == external))
    }

    /// The entities one of whose names is `name`, ignoring case.
    pub fn by_name(&self, name: &str) -> Vec<&Entity> {
        self.entities
            .values()
            .filter(|e| e.is_called(name))
            .collect()
    }

    /// Type-ahead: the entities whose name or an alias contains `query`
    /// (ignoring case), those with a name starting with it first, then by
    /// name. An empty query lists them all by name.
    pub fn search(&self, query: &str) -> Vec<&Entity> {
        let query = fold(query.trim());
        let mut found: Vec<(u8, &Entity)> = self
            .entities
            .values()
            .filter_map(|e| {
                let rank = e
                    .names()
                    .filter_map(|n| {
                        let n = fold(n);
                        if n == query {
                            Some(0)
                        } else if n.starts_with(&query) {
                            Some(1)
                        } else if n.contains(&query) {
                            Some(2)
                        } else {
                            None
                        }
                    })
                    .min()?;
                Some((rank, e))
            })
            .collect();
        crate::sorting::sort_by(&mut found, |(ra, a), (rb, b)| {
            ra.cmp(rb).then_with(|| fold(&a.name).cmp(&fold(&b.name)))
        });
        found.into_iter().map(|(_, e)| e).collect()
    }

    /// Merges `gone` into `keep`: `keep` takes `gone`'s names as aliases and
    /// its external ids, its type and description when it has none; `gone`
    /// is removed. Each document's links follow with [`relink`].
    pub fn merge_entities(&mut self, keep: &str, gone: &str) -> Result<&Entity, Error> {
        if keep == gone {
            return Err(Error::invalid("an entity cannot be merged into itself")
                .in_record(describe_entity(keep)));
        }
        if !self.entities.contains_key(keep) {
            return Err(missing(keep));
        }
        let gone = self.remove(gone)?;
        let kept = self.entities.get_mut(keep).ok_or_else(|| missing(keep))?;
        for name in gone.names() {
            kept.add_alias(name);
        }
        for id in &gone.external_ids {
            kept.add_external_id(id);
        }
        if kept.kind.is_none() {
            kept.kind = gone.kind;
        }
        if kept.description.trim().is_empty() {
            kept.description = gone.description;
        }
        Ok(kept)
    }
}

fn check_entity(entity: &Entity) -> Result<(), Error> {
    if entity.id.trim().is_empty() {
        return Err(Error::invalid("the id is empty")
            .in_field("id")
            .in_record("an entity"));
    }
    if entity.name.trim().is_empty() {
        return Err(Error::invalid("the name is empty")
            .in_field("name")
            .in_record(describe_entity(&entity.id)));
    }
    Ok(())
}

fn missing(id: &str) -> Error {
    Error::invalid("there is no such entity in the knowledge base").in_record(describe_entity(id))
}

/// "the entity "e1"", for errors.
pub fn describe_entity(id: &str) -> String {
    format!("the entity {}", quoted(id))
}

/// A new entity from an annotation: named by its text, typed by its label.
pub fn entity_from_annotation(
    doc: &AnnotatedDocument,
    key: &Key,
    id: impl Into<String>,
) -> Result<Entity, Error> {
    let annotation = existing(doc, key)?;
    let name = doc.quotes(annotation).join(" ");
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(Entity {
        id: id.into(),
        name,
        kind: Some(annotation.label.to_string()),
        ..Entity::default()
    })
}

/// Creates an entity from an annotation and links the annotation to it:
/// the knowledge base with the entity, and the edit of the link.
pub fn create_from_annotation(
    kb: &KnowledgeBase,
    doc: &AnnotatedDocument,
    key: &Key,
    now: Timestamp,
) -> Result<(KnowledgeBase, Entity, Edit), Error> {
    let entity = entity_from_annotation(doc, key, kb.fresh_id())?;
    let mut kb = kb.clone();
    kb.insert(entity.clone())?;
    let edit = link(doc, key, &entity.id, now)?;
    Ok((kb, entity, edit))
}

fn existing<'a>(doc: &'a AnnotatedDocument, key: &Key) -> Result<&'a Annotation, Error> {
    doc.annotation(key).ok_or_else(|| {
        Error::invalid("there is no such annotation")
            .in_record(describe_annotation(&key.layer, &key.id))
    })
}

/// The edit that links an annotation to an entity (replacing any link).
pub fn link(
    doc: &AnnotatedDocument,
    key: &Key,
    entity: &str,
    now: Timestamp,
) -> Result<Edit, Error> {
    let mut annotation = existing(doc, key)?.clone();
    annotation.entity = Some(Name::from(entity));
    annotation.modified = now;
    Ok(Edit::UpdateAnnotation(annotation))
}

/// The edit that removes an annotation's link.
pub fn unlink(doc: &AnnotatedDocument, key: &Key, now: Timestamp) -> Result<Edit, Error> {
    let mut annotation = existing(doc, key)?.clone();
    annotation.entity = None;
    annotation.modified = now;
    Ok(Edit::UpdateAnnotation(annotation))
}

/// The edit that moves every link to `from` in a document to `to` (after
/// a merge), or removes them (`None`, after a delete). `None` when the
/// document has no link to `from`.
pub fn relink(
    doc: &AnnotatedDocument,
    from: &str,
    to: Option<&str>,
    now: Timestamp,
) -> Option<Edit> {
    let to = to.map(Name::from);
    let edits: Vec<Edit> = doc
        .annotations()
        .filter(|a| a.entity.as_deref() == Some(from))
        .map(|a| {
            let mut a = a.clone();
            a.entity = to.clone();
            a.modified = now;
            Edit::UpdateAnnotation(a)
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// The edit that links these annotations (those still there) to `entity`
/// again (undoing a merge or delete); `None` when none is left.
pub fn relink_keys(
    doc: &AnnotatedDocument,
    keys: &[Key],
    entity: &str,
    now: Timestamp,
) -> Option<Edit> {
    let edits: Vec<Edit> = keys
        .iter()
        .filter_map(|key| doc.annotation(key))
        .map(|a| {
            let mut a = a.clone();
            a.entity = Some(Name::from(entity));
            a.modified = now;
            Edit::UpdateAnnotation(a)
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// The edit that renames entity ids in a document's links (after a
/// teammate's knowledge base was merged into the library's and some of its
/// ids changed). `None` when no link changes.
pub fn rename_links(
    doc: &AnnotatedDocument,
    ids: &BTreeMap<String, String>,
    now: Timestamp,
) -> Option<Edit> {
    let edits: Vec<Edit> = doc
        .annotations()
        .filter_map(|a| {
            let to = ids.get(a.entity.as_deref()?)?;
            (a.entity.as_deref() != Some(to.as_str())).then(|| {
                let mut a = a.clone();
                a.entity = Some(Name::from(to));
                a.modified = now;
                Edit::UpdateAnnotation(a)
            })
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// One entity's mentions in one layer of a document, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub entity: Name,
    pub layer: Name,
    pub mentions: Vec<Key>,
}

/// The coreference chains of a document: per layer, the annotations grouped
/// by the entity they link to, in the order of their first mentions.
pub fn chains(doc: &AnnotatedDocument) -> Vec<Chain> {
    let mut chains: Vec<Chain> = Vec::new();
    let mut at: BTreeMap<(Name, Name), usize> = BTreeMap::new();
    // Only the linked annotations are put in document order: the side
    // panel asks on every edit, and sorting 10,000 annotations for a
    // handful of links cost each one 13 ms.
    let mut linked: Vec<(&crate::Annotation, &Name)> = doc
        .annotations()
        .filter_map(|a| Some((a, a.entity.as_ref()?)))
        .collect();
    crate::sorting::sort_by_key(&mut linked, |(a, _)| a.document_order());
    for (annotation, entity) in linked {
        let group = (annotation.key.layer.clone(), entity.clone());
        let i = *at.entry(group).or_insert_with(|| {
            chains.push(Chain {
                entity: entity.clone(),
                layer: annotation.key.layer.clone(),
                mentions: Vec::new(),
            });
            chains.len() - 1
        });
        chains[i].mentions.push(annotation.key.clone());
    }
    chains
}

/// The chain an annotation belongs to (its own layer's mentions of its
/// entity), or `None` when it links to none.
pub fn chain_of(doc: &AnnotatedDocument, key: &Key) -> Option<Chain> {
    let entity = doc.annotation(key)?.entity.as_ref()?;
    chains(doc)
        .into_iter()
        .find(|c| c.layer == key.layer && c.entity == *entity)
}

/// The other mentions of an annotation's chain (what the app marks in the
/// text when the annotation is selected); none when it links to no entity.
pub fn chain_others(doc: &AnnotatedDocument, key: &Key) -> Vec<Key> {
    chain_of(doc, key)
        .map(|c| c.mentions.into_iter().filter(|m| m != key).collect())
        .unwrap_or_default()
}

/// Where an entity is mentioned across a library: per entity id, each
/// document's id with the keys of its mentions there.
pub fn mentions<'a>(
    docs: impl IntoIterator<Item = &'a AnnotatedDocument>,
) -> BTreeMap<Name, Vec<(String, Vec<Key>)>> {
    let mut found: BTreeMap<Name, Vec<(String, Vec<Key>)>> = BTreeMap::new();
    for doc in docs {
        let mut here: BTreeMap<Name, Vec<Key>> = BTreeMap::new();
        for annotation in doc.annotations_in_document_order() {
            if let Some(entity) = &annotation.entity {
                here.entry(entity.clone())
                    .or_default()
                    .push(annotation.key.clone());
            }
        }
        for (entity, keys) in here {
            found
                .entry(entity)
                .or_default()
                .push((doc.document().id.clone(), keys));
        }
    }
    found
}

/// The entities of `kb` a document's annotations link to, by id. A link to
/// an id `kb` lacks gives a bare entity named by its id, so that a file
/// never names an entity it does not carry.
pub fn linked_entities(doc: &AnnotatedDocument, kb: &KnowledgeBase) -> Vec<Entity> {
    let ids: std::collections::BTreeSet<&str> = doc
        .annotations()
        .filter_map(|a| a.entity.as_deref())
        .collect();
    ids.into_iter()
        .map(|id| {
            kb.entity(id)
                .cloned()
                .unwrap_or_else(|| Entity::new(id, id))
        })
        .collect()
}

/// Adds to `kb` an entity for each id a document's annotations link to
/// that `kb` lacks (a spaCy `kb_id`, say): named by its first mention's
/// text, typed by its label, the id kept as its external id.
pub fn adopt_links(kb: &mut KnowledgeBase, doc: &AnnotatedDocument) {
    for annotation in doc.annotations_in_document_order() {
        let Some(id) = annotation.entity.as_deref() else {
            continue;
        };
        if kb.entity(id).is_some() {
            continue;
        }
        let name = doc.quotes(annotation).join(" ");
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let entity = Entity {
            id: id.to_string(),
            name: if name.is_empty() {
                id.to_string()
            } else {
                name
            },
            kind: Some(annotation.label.to_string()),
            external_ids: vec![id.to_string()],
            ..Entity::default()
        };
        kb.entities.insert(id.to_string(), entity);
    }
}

/// The knowledge base as a term list for the suggestions' term source:
/// each name and alias of every entity that has a type (the label its
/// mentions carry), with the entity's id. Entities without a type give no
/// terms: a suggestion needs a label.
pub fn terms(kb: &KnowledgeBase) -> Vec<crate::suggest::terms::Term> {
    kb.entities()
        .filter_map(|e| Some((e, e.kind.clone().filter(|k| !k.trim().is_empty())?)))
        .flat_map(|(e, label)| {
            e.names()
                .filter(|n| !n.trim().is_empty())
                .map(move |n| crate::suggest::terms::Term {
                    text: n.trim().to_string(),
                    label: label.clone(),
                    id: Some(e.id.clone()),
                })
        })
        .collect()
}

/// The text attribute that held a span's knowledge-base id before links
/// were first-class (spaCy's `kb_id`, Prodigy's entity-linking answer).
pub const KB_ID_ATTRIBUTE: &str = "kb_id";

/// Turns the `kb_id` text attributes of files written before entity links
/// into links (an annotation that already links keeps its link and the
/// attribute), and drops the attribute from the scheme once nothing holds
/// it. Returns how many became links.
pub fn migrate_kb_id(doc: &mut AnnotatedDocument) -> usize {
    let mut edits = Vec::new();
    for annotation in doc.annotations() {
        let Some(crate::model::AttributeValue::Text(id)) =
            annotation.attributes.get(KB_ID_ATTRIBUTE)
        else {
            continue;
        };
        let id = id.lines().next().unwrap_or_default().trim();
        if annotation.entity.is_some() || id.is_empty() {
            continue;
        }
        let mut a = annotation.clone();
        a.entity = Some(Name::from(id));
        a.attributes.remove(KB_ID_ATTRIBUTE);
        edits.push(Edit::UpdateAnnotation(a));
    }
    let n = edits.len();
    if n == 0 {
        return 0;
    }
    let mut batch = Edit::Batch(edits);
    if doc.apply(batch.clone()).is_err() {
        return 0;
    }
    let still_used = doc
        .annotations()
        .any(|a| a.attributes.contains_key(KB_ID_ATTRIBUTE));
    if !still_used {
        let mut scheme = doc.scheme().clone();
        scheme.attributes.retain(|a| a.id != KB_ID_ATTRIBUTE);
        batch = Edit::SetScheme(scheme);
        let _ = doc.apply(batch);
    }
    n
}

/// The id another tool knows an entity by: its first external id that is
/// not a URI, else its first external id, else its id (an entity `kb`
/// lacks is written by its id).
pub fn external_id(kb: &KnowledgeBase, id: &str) -> String {
    let Some(entity) = kb.entity(id) else {
        return id.to_string();
    };
    entity
        .external_ids
        .iter()
        .find(|x| !x.contains("://"))
        .or(entity.external_ids.first())
        .cloned()
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests;
