//! Editing a scheme: add, remove and reorder labels, relation types and
//! attribute definitions; hotkeys; adopting a scheme from a file. A changed
//! scheme reaches a document through [`conform`], which turns it into one
//! edit that also removes or clears whatever would no longer fit, so that a
//! scheme change is one undo step and never leaves the document invalid.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::document::{check_scheme_alone, AnnotatedDocument};
use crate::edit::Edit;
use crate::error::{quoted, Error};
use crate::model::{
    AttributeDef, AttributeKind, AttributeValue, Color, LabelDef, RelationType, Scheme,
};

/// An id for a new item named `name`: its name in lowercase ASCII words
/// joined by `-`, made unique among `taken` with a number.
fn new_id<'a>(name: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut base = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c.to_ascii_lowercase());
        } else if !base.ends_with('-') && !base.is_empty() {
            base.push('-');
        }
    }
    let base = match base.trim_end_matches('-') {
        "" => "item".to_string(),
        b => b.to_string(),
    };
    if !taken.clone().any(|t| t == base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.clone().any(|t| t == candidate))
        .unwrap_or(base)
}

/// Moves item `index` one place up (`up`) or down; false when it cannot.
fn move_item<T>(items: &mut [T], index: usize, up: bool) -> bool {
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1)
    };
    match other {
        Some(other) if index < items.len() && other < items.len() => {
            items.swap(index, other);
            true
        }
        _ => false,
    }
}

/// Which list of a scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Labels,
    RelationTypes,
    Attributes,
}

impl Scheme {
    /// Adds a label with a palette colour; returns its id.
    pub fn add_label(&mut self, name: &str) -> String {
        let id = new_id(name, self.labels.iter().map(|l| l.id.as_str()));
        let used: HashSet<Color> = self.labels.iter().map(|l| l.color).collect();
        let color = (self.labels.len()..)
            .map(Color::palette)
            .take(30)
            .find(|c| !used.contains(c))
            .unwrap_or_else(|| Color::palette(self.labels.len()));
        self.labels.push(LabelDef {
            id: id.clone(),
            name: name.trim().to_string(),
            color,
            hotkey: None,
            description: String::new(),
            underline: None,
            guide: Default::default(),
        });
        id
    }

    /// Adds a relation type that may link any labels; returns its id.
    pub fn add_relation_type(&mut self, name: &str) -> String {
        let id = new_id(name, self.relation_types.iter().map(|r| r.id.as_str()));
        self.relation_types.push(RelationType {
            id: id.clone(),
            name: name.trim().to_string(),
            source_labels: Vec::new(),
            target_labels: Vec::new(),
            description: String::new(),
        });
        id
    }

    /// Adds a yes/no attribute for every label; returns its id.
    pub fn add_attribute(&mut self, name: &str) -> String {
        let id = new_id(name, self.attributes.iter().map(|a| a.id.as_str()));
        self.attributes.push(AttributeDef {
            id: id.clone(),
            name: name.trim().to_string(),
            applies_to: Vec::new(),
            kind: AttributeKind::Flag,
            description: String::new(),
        });
        id
    }

    /// Moves an item one place up or down its list.
    pub fn move_item(&mut self, part: Part, index: usize, up: bool) -> bool {
        match part {
            Part::Labels => move_item(&mut self.labels, index, up),
            Part::RelationTypes => move_item(&mut self.relation_types, index, up),
            Part::Attributes => move_item(&mut self.attributes, index, up),
        }
    }

    /// Removes a label, and every mention of it: a relation type or an
    /// attribute that applied only to it goes too (an empty list would
    /// mean "any").
    pub fn remove_label(&mut self, id: &str) {
        self.labels.retain(|l| l.id != id);
        self.relation_types.retain_mut(|r| {
            let mut keep = true;
            for list in [&mut r.source_labels, &mut r.target_labels] {
                let was_limited = !list.is_empty();
                list.retain(|l| l != id);
                keep &= !(was_limited && list.is_empty());
            }
            keep
        });
        self.prune_applies_to(id);
    }

    /// Removes a relation type, and attributes that applied only to it.
    pub fn remove_relation_type(&mut self, id: &str) {
        self.relation_types.retain(|r| r.id != id);
        self.prune_applies_to(id);
    }

    pub fn remove_attribute(&mut self, id: &str) {
        self.attributes.retain(|a| a.id != id);
    }

    /// Drops `removed` from what attributes apply to; an attribute that
    /// applied only to it goes.
    fn prune_applies_to(&mut self, removed: &str) {
        self.attributes.retain_mut(|a| {
            let was_limited = !a.applies_to.is_empty();
            a.applies_to.retain(|l| l != removed);
            !(was_limited && a.applies_to.is_empty())
        });
    }

    /// Why `key` cannot be the hotkey of label `label_id`, if it cannot: one
    /// character, not a digit (digits tag by position), none of the app's
    /// own keys in `reserved`, and no other label's hotkey.
    pub fn hotkey_problem(&self, label_id: &str, key: &str, reserved: &[&str]) -> Option<String> {
        let mut chars = key.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return Some("a hotkey is one key (a letter, say)".into());
        };
        if c.is_whitespace() || c.is_control() {
            return Some("a hotkey cannot be a space".into());
        }
        if c.is_ascii_digit() {
            return Some("digits already tag with the label at their position".into());
        }
        if reserved.iter().any(|r| r.eq_ignore_ascii_case(key)) {
            return Some(format!("{} is one of the app's own keys", quoted(key)));
        }
        self.labels
            .iter()
            .find(|l| {
                l.id != label_id
                    && l.hotkey
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(key))
            })
            .map(|other| format!("{} already tags as {}", quoted(key), quoted(&other.name)))
    }
}

/// What making a document fit a new scheme took away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Conformed {
    pub removed_annotations: usize,
    pub removed_relations: usize,
    pub cleared_values: usize,
}

impl Conformed {
    pub fn is_empty(&self) -> bool {
        *self == Conformed::default()
    }

    /// "3 annotations, 1 relation and 2 attribute values", or empty.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.removed_annotations, "annotation", "annotations"),
            (self.removed_relations, "relation", "relations"),
            (self.cleared_values, "attribute value", "attribute values"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        match parts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

/// Whether a value fits an attribute definition for `owner` (a label or a
/// relation type).
fn fits(def: &AttributeDef, owner: &str, value: &AttributeValue) -> bool {
    let applies = def.applies_to.is_empty() || def.applies_to.iter().any(|o| o == owner);
    applies
        && match (&def.kind, value) {
            (AttributeKind::Flag, AttributeValue::Flag(_)) => true,
            (AttributeKind::Choice(values), AttributeValue::Text(v)) => values.contains(v),
            (AttributeKind::Text, AttributeValue::Text(_)) => true,
            _ => false,
        }
}

/// Drops the attribute values of `owner` that `scheme` no longer allows,
/// counting them; whether any went.
fn keep_fitting(
    scheme: &Scheme,
    owner: &str,
    attributes: &mut BTreeMap<String, AttributeValue>,
    done: &mut Conformed,
) -> bool {
    let before = attributes.len();
    attributes.retain(|id, value| {
        scheme
            .attribute(id)
            .is_some_and(|def| fits(def, owner, value))
    });
    done.cleared_values += before - attributes.len();
    before != attributes.len()
}

/// The edit that gives `doc` the scheme `scheme`: annotations whose label it
/// lacks are removed (with their relations), relations whose type it lacks
/// or whose ends it no longer allows are removed, attribute values that no
/// longer fit are cleared; then the scheme is set. One step.
pub fn conform(doc: &AnnotatedDocument, scheme: Scheme) -> Result<(Edit, Conformed), Error> {
    check_scheme_alone(&scheme)?;
    let mut edits = Vec::new();
    let mut done = Conformed::default();
    let mut removed = BTreeSet::new();
    for a in doc.annotations() {
        if scheme.label(&a.label).is_none() {
            removed.insert(a.key.clone());
            edits.push(Edit::RemoveAnnotation(a.key.clone()));
            done.removed_annotations += 1;
            continue;
        }
        let mut kept = a.clone();
        if keep_fitting(&scheme, &a.label, &mut kept.attributes, &mut done) {
            edits.push(Edit::UpdateAnnotation(kept));
        }
    }
    for r in doc.relations() {
        if removed.contains(&r.source_key()) || removed.contains(&r.target_key()) {
            done.removed_relations += 1;
            continue; // Goes with its annotation.
        }
        let label = |key| {
            doc.annotation(&key)
                .map(|a| a.label.clone())
                .unwrap_or_default()
        };
        let allowed = scheme.relation_type(&r.kind).is_some_and(|t| {
            let fits = |labels: &[String], label: crate::model::Name| {
                labels.is_empty() || labels.iter().any(|l| *l == label)
            };
            fits(&t.source_labels, label(r.source_key()))
                && fits(&t.target_labels, label(r.target_key()))
        });
        if !allowed {
            edits.push(Edit::RemoveRelation(r.key.clone()));
            done.removed_relations += 1;
            continue;
        }
        let mut kept = r.clone();
        if keep_fitting(&scheme, &r.kind, &mut kept.attributes, &mut done) {
            edits.push(Edit::UpdateRelation(kept));
        }
    }
    // Document labels: the answers of a set the scheme no longer has, or
    // options it no longer offers, are cleared; a set that became one
    // choice keeps the first.
    for (layer, set, values) in doc.document_labels() {
        let fitting: Vec<String> = match scheme.document_label_set(set) {
            Some(declared) => values
                .iter()
                .filter(|v| declared.options.contains(v))
                .take(if declared.multiple { usize::MAX } else { 1 })
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        if fitting.len() != values.len() {
            done.cleared_values += values.len() - fitting.len();
            edits.push(Edit::SetDocumentLabels {
                layer: layer.clone(),
                set: set.to_string(),
                values: fitting,
            });
        }
    }
    edits.push(Edit::SetScheme(scheme));
    Ok((Edit::Batch(edits), done))
}

/// A scheme read from a file, made ready for `doc`: every label, relation
/// type and attribute definition the document uses but the file lacks is
/// kept (appended), so adopting a team's scheme never deletes work. Returns
/// the scheme and the names of what was kept.
pub fn adopt(doc: &AnnotatedDocument, incoming: Scheme) -> (Scheme, Vec<String>) {
    let mut scheme = incoming;
    let mut kept = Vec::new();
    let current = doc.scheme();
    let label_used = |id: &str| doc.annotations().any(|a| a.label == id);
    let kind_used = |id: &str| doc.relations().any(|r| r.kind == id);
    let attribute_used = |id: &str| {
        doc.annotations().any(|a| a.attributes.contains_key(id))
            || doc.relations().any(|r| r.attributes.contains_key(id))
    };
    for label in &current.labels {
        if label_used(&label.id) && scheme.label(&label.id).is_none() {
            kept.push(label.name.clone());
            scheme.labels.push(label.clone());
        }
    }
    let declared: Vec<String> = scheme.labels.iter().map(|l| l.id.clone()).collect();
    for kind in &current.relation_types {
        if kind_used(&kind.id) && scheme.relation_type(&kind.id).is_none() {
            kept.push(kind.name.clone());
            let mut kind = kind.clone();
            for list in [&mut kind.source_labels, &mut kind.target_labels] {
                list.retain(|l| declared.contains(l));
            }
            scheme.relation_types.push(kind);
        }
    }
    for attribute in &current.attributes {
        if attribute_used(&attribute.id) && scheme.attribute(&attribute.id).is_none() {
            kept.push(attribute.name.clone());
            let mut attribute = attribute.clone();
            attribute
                .applies_to
                .retain(|o| declared.contains(o) || scheme.relation_type(o).is_some());
            scheme.attributes.push(attribute);
        }
    }
    (scheme, kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::editing::{link, set_attribute};
    use crate::model::{Annotation, Document, Fragment, Key, Timestamp};

    fn doc() -> AnnotatedDocument {
        let mut d = AnnotatedDocument::new(
            Document::new("d", "Rama said Iran attacked Albania."),
            Scheme::default_scheme(),
        );
        for (id, label, start, end) in [
            ("r", "actor", 0, 4),
            ("c", "claim", 10, 31),
            ("e", "event", 15, 23),
        ] {
            d.apply(Edit::AddAnnotation(Annotation::new(
                Key::new("me", id),
                label,
                Fragment::new(start, end),
                Timestamp(0),
            )))
            .unwrap();
        }
        let (c, r, e) = (
            Key::new("me", "c"),
            Key::new("me", "r"),
            Key::new("me", "e"),
        );
        d.apply(link(&d, &c, &r, "source-of", "l1".into(), Timestamp(0)).unwrap())
            .unwrap();
        d.apply(link(&d, &r, &e, "participant", "l2".into(), Timestamp(0)).unwrap())
            .unwrap();
        d.apply(
            set_attribute(
                &d,
                &c,
                "status",
                Some(AttributeValue::Text("false".into())),
                Timestamp(0),
            )
            .unwrap(),
        )
        .unwrap();
        d.apply(
            set_attribute(
                &d,
                &e,
                "negated",
                Some(AttributeValue::Flag(true)),
                Timestamp(0),
            )
            .unwrap(),
        )
        .unwrap();
        d
    }

    #[test]
    fn new_items_get_unique_ids_and_distinct_colours() {
        let mut scheme = Scheme::default_scheme();
        assert_eq!(scheme.add_label("Place name"), "place-name");
        assert_eq!(scheme.add_label("Place  name!"), "place-name-2");
        assert_eq!(scheme.add_label("Ортс"), "item");
        let colors: std::collections::HashSet<Color> =
            scheme.labels.iter().map(|l| l.color).collect();
        assert_eq!(colors.len(), scheme.labels.len());
        assert_eq!(scheme.add_relation_type("located in"), "located-in");
        assert_eq!(scheme.add_attribute("Certain?"), "certain");
        assert!(check_scheme_alone(&scheme).is_ok());
    }

    #[test]
    fn reordering_moves_one_place_and_stops_at_the_ends() {
        let mut scheme = Scheme::default_scheme();
        assert!(scheme.move_item(Part::Labels, 2, true));
        let order: Vec<&str> = scheme.labels.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(order, ["actor", "claim", "event"]);
        assert!(!scheme.move_item(Part::Labels, 0, true));
        assert!(!scheme.move_item(Part::Labels, 2, false));
        assert!(scheme.move_item(Part::RelationTypes, 0, false));
        assert_eq!(scheme.relation_types[1].id, "source-of");
    }

    #[test]
    fn removing_a_label_takes_what_depended_on_it() {
        let mut scheme = Scheme::default_scheme();
        scheme.remove_label("claim");
        let kinds: Vec<&str> = scheme
            .relation_types
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(
            kinds,
            ["participant"],
            "source-of and about linked claims only"
        );
        let attributes: Vec<&str> = scheme.attributes.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(attributes, ["negated"]);
        assert!(check_scheme_alone(&scheme).is_ok());
    }

    #[test]
    fn conforming_removes_and_clears_in_one_undoable_step() {
        let mut d = doc();
        let before = d.clone();
        let mut history = History::default();
        let mut scheme = d.scheme().clone();
        scheme.remove_label("actor");
        let (edit, done) = conform(&d, scheme).unwrap();
        assert_eq!(
            done,
            Conformed {
                removed_annotations: 1,
                removed_relations: 2,
                cleared_values: 0
            }
        );
        assert_eq!(done.describe(), "1 annotation and 2 relations");
        history.record(d.apply(edit).unwrap());
        assert!(d.scheme().label("actor").is_none());
        assert_eq!((d.annotations().len(), d.relations().len()), (2, 0));
        history.undo(&mut d).unwrap().unwrap();
        assert_eq!(d, before);

        // A choice value dropped from the scheme clears the values that used it.
        let mut scheme = d.scheme().clone();
        scheme.attributes[0].kind =
            AttributeKind::Choice(vec!["verified".into(), "disputed".into()]);
        let (edit, done) = conform(&d, scheme).unwrap();
        assert_eq!(done.describe(), "1 attribute value");
        d.apply(edit).unwrap();
        assert!(d
            .annotation(&Key::new("me", "c"))
            .unwrap()
            .attributes
            .is_empty());

        // A relation type now restricted to other labels loses its relations.
        let mut scheme = d.scheme().clone();
        scheme.relation_types[1].target_labels = vec!["claim".into()];
        let (_, done) = conform(&d, scheme).unwrap();
        assert_eq!(done.removed_relations, 1);

        // A scheme broken on its own is refused.
        let mut scheme = d.scheme().clone();
        scheme.labels.push(scheme.labels[0].clone());
        assert!(conform(&d, scheme).is_err());
    }

    #[test]
    fn adopting_a_scheme_keeps_what_the_document_uses() {
        let d = doc();
        let mut incoming = Scheme::default();
        incoming.add_label("Person");
        incoming
            .labels
            .push(Scheme::default_scheme().labels[1].clone()); // event
        let (scheme, kept) = adopt(&d, incoming);
        assert_eq!(
            kept,
            [
                "Actor",
                "Claim",
                "source of",
                "participant",
                "Status",
                "Negated"
            ]
        );
        let (edit, done) = conform(&d, scheme).unwrap();
        assert!(done.is_empty(), "{done:?}");
        let mut d2 = d.clone();
        d2.apply(edit).unwrap();
        assert_eq!(d2.scheme().labels[0].name, "Person");
        assert_eq!(d2.annotations().len(), 3);
    }

    #[test]
    fn hotkeys_are_single_free_keys() {
        let scheme = Scheme::default_scheme();
        let reserved = ["[", "]", "?"];
        assert_eq!(scheme.hotkey_problem("actor", "a", &reserved), None);
        assert_eq!(scheme.hotkey_problem("actor", "x", &reserved), None);
        for (key, problem) in [
            ("E", "already tags as “Event”"),
            ("4", "digits"),
            ("ab", "one key"),
            (" ", "space"),
            ("?", "app's own keys"),
        ] {
            let found = scheme
                .hotkey_problem("actor", key, &reserved)
                .unwrap_or_default();
            assert!(found.contains(problem), "{key}: {found}");
        }
    }
}
