//! A document with its scheme, annotations and relations, kept valid.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{describe_annotation, describe_relation, quoted, Error, ErrorKind};
use crate::model::{
    Annotation, AttributeKind, AttributeValue, Document, Fragment, Key, Name, Relation, Scheme,
};

/// A document and everything annotated on it. Every annotation and relation in
/// it is valid against the text and the scheme: the fields are private so
/// that only [`AnnotatedDocument::apply`](crate::edit) (and the importers,
/// through the same checks) change them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotatedDocument {
    document: Document,
    scheme: Scheme,
    pub(crate) annotations: BTreeMap<Key, Annotation>,
    pub(crate) relations: BTreeMap<Key, Relation>,
    /// Each annotator's options chosen in each document label set, by
    /// layer then set; a set with nothing chosen is absent.
    pub(crate) document_labels: BTreeMap<(Name, String), Vec<String>>,
    pub(crate) log: ChangeLog,
}

/// Where a document stood: a view that painted it at this point can
/// follow it from here by the annotations changed since
/// ([`AnnotatedDocument::changed_since`]) instead of comparing all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogPosition {
    lineage: u64,
    count: u64,
}

/// The keys of the last annotations changed in place, in order. Not part
/// of a document's value: documents compare equal whatever their logs, and
/// a clone starts a log of its own (so a view never follows a copy by the
/// original's changes).
#[derive(Debug)]
pub(crate) struct ChangeLog {
    lineage: u64,
    /// Changes recorded since the document was made.
    count: u64,
    /// The keys of the last changes, `recent[i]` being change number
    /// `count - recent.len() + i`.
    recent: std::collections::VecDeque<Key>,
}

/// Changes remembered; a view further behind compares everything.
const LOG_LENGTH: usize = 256;

impl ChangeLog {
    fn new() -> ChangeLog {
        static LINEAGE: AtomicU64 = AtomicU64::new(1);
        ChangeLog {
            lineage: LINEAGE.fetch_add(1, Ordering::Relaxed),
            count: 0,
            recent: std::collections::VecDeque::new(),
        }
    }

    pub(crate) fn record(&mut self, key: &Key) {
        if self.recent.len() == LOG_LENGTH {
            self.recent.pop_front();
        }
        self.recent.push_back(key.clone());
        self.count += 1;
    }
}

impl Clone for ChangeLog {
    fn clone(&self) -> ChangeLog {
        ChangeLog::new()
    }
}

impl PartialEq for ChangeLog {
    fn eq(&self, _: &ChangeLog) -> bool {
        true
    }
}

impl Eq for ChangeLog {}

impl AnnotatedDocument {
    pub fn new(document: Document, scheme: Scheme) -> AnnotatedDocument {
        AnnotatedDocument {
            document,
            scheme,
            annotations: BTreeMap::new(),
            relations: BTreeMap::new(),
            document_labels: BTreeMap::new(),
            log: ChangeLog::new(),
        }
    }

    /// Where this document stands now (see [`LogPosition`]).
    pub fn log_position(&self) -> LogPosition {
        LogPosition {
            lineage: self.log.lineage,
            count: self.log.count,
        }
    }

    /// The keys of the annotations added, changed or removed in place since
    /// `position` (a key once per change, oldest first), or `None` when
    /// that is not known: another document, a copy, or too far back.
    /// Annotations are only ever changed through
    /// [`AnnotatedDocument::apply`](crate::edit) and `apply_changes`, which
    /// record each one.
    pub fn changed_since(&self, position: LogPosition) -> Option<impl Iterator<Item = &Key> + '_> {
        let log = &self.log;
        let behind = log.count.checked_sub(position.count)?;
        if position.lineage != log.lineage || behind > log.recent.len() as u64 {
            return None;
        }
        Some(log.recent.iter().skip(log.recent.len() - behind as usize))
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    pub(crate) fn scheme_mut(&mut self) -> &mut Scheme {
        &mut self.scheme
    }

    pub(crate) fn title_mut(&mut self) -> &mut String {
        &mut self.document.title
    }

    /// Gives the document a new id (an imported copy that must not replace a
    /// stored one). Not an edit: ids are not part of the undo history.
    pub fn set_document_id(&mut self, id: impl Into<String>) {
        self.document.id = id.into();
    }

    pub fn annotation(&self, key: &Key) -> Option<&Annotation> {
        self.annotations.get(key)
    }

    /// Adds or replaces an annotation, unchecked. Its layer's name becomes
    /// the one its neighbours in the layer already hold: a layer of 10,000
    /// annotations keeps its name once, not 20,000 times.
    pub(crate) fn put_annotation(&mut self, mut annotation: Annotation) {
        let key = &annotation.key;
        let neighbour = self
            .annotations
            .range::<Key, _>(..key)
            .next_back()
            .or_else(|| self.annotations.range::<Key, _>(key..).next())
            .map(|(k, _)| &k.layer)
            .filter(|layer| **layer == key.layer);
        if let Some(layer) = neighbour {
            annotation.key.layer = layer.clone();
        }
        self.annotations.insert(annotation.key.clone(), annotation);
    }

    pub fn relation(&self, key: &Key) -> Option<&Relation> {
        self.relations.get(key)
    }

    /// The options one layer chose in one document label set (`None`:
    /// nothing chosen).
    pub fn document_label(&self, layer: &str, set: &str) -> Option<&[String]> {
        self.document_labels
            .get(&(Name::from(layer), set.to_string()))
            .map(Vec::as_slice)
    }

    /// Every layer's choices in every document label set, by layer then set.
    pub fn document_labels(&self) -> impl Iterator<Item = (&Name, &str, &[String])> + '_ {
        self.document_labels
            .iter()
            .map(|((layer, set), values)| (layer, set.as_str(), values.as_slice()))
    }

    /// Sets a layer's choices in a set, unchecked (empty: removes them).
    pub(crate) fn put_document_labels(&mut self, layer: Name, set: String, values: Vec<String>) {
        if values.is_empty() {
            self.document_labels.remove(&(layer, set));
        } else {
            self.document_labels.insert((layer, set), values);
        }
    }

    /// Checks a layer's choices in a document label set against `scheme`:
    /// the set is declared, each option is one of its options, once, and a
    /// single-choice set has at most one.
    pub fn check_document_labels(
        &self,
        scheme: &Scheme,
        layer: &str,
        set: &str,
        values: &[String],
    ) -> Result<(), Error> {
        if layer.is_empty() {
            return Err(Error::invalid("the layer (annotator) is empty").in_field("layer"));
        }
        let Some(declared) = scheme.document_label_set(set) else {
            return Err(Error::new(ErrorKind::Undeclared(format!(
                "the document label set {} is not declared in the scheme",
                quoted(set)
            )))
            .in_field("set"));
        };
        for (i, value) in values.iter().enumerate() {
            if !declared.options.contains(value) {
                return Err(Error::new(ErrorKind::Undeclared(format!(
                    "{} is not an option of {}",
                    quoted(value),
                    quoted(set)
                )))
                .in_field(format!("values[{i}]")));
            }
            if values[..i].contains(value) {
                return Err(Error::invalid(format!("{} is chosen twice", quoted(value)))
                    .in_field(format!("values[{i}]")));
            }
        }
        if !declared.multiple && values.len() > 1 {
            return Err(Error::invalid(format!(
                "{} takes one option, and {} are chosen",
                quoted(set),
                values.len()
            ))
            .in_field("values"));
        }
        Ok(())
    }

    /// Annotations by layer, then id.
    pub fn annotations(&self) -> impl ExactSizeIterator<Item = &Annotation> + '_ {
        self.annotations.values()
    }

    /// Relations by layer, then id.
    pub fn relations(&self) -> impl ExactSizeIterator<Item = &Relation> + '_ {
        self.relations.values()
    }

    /// Annotations by layer, then id, from the one after `after` (all of
    /// them for `None`): a caller that goes through them a chunk at a time,
    /// with edits in between, resumes by key and misses none.
    pub fn annotations_after(&self, after: Option<&Key>) -> impl Iterator<Item = &Annotation> + '_ {
        after_key(&self.annotations, after)
    }

    /// Relations by layer, then id, from the one after `after`.
    pub fn relations_after(&self, after: Option<&Key>) -> impl Iterator<Item = &Relation> + '_ {
        after_key(&self.relations, after)
    }

    /// Annotations in document order (see [`Annotation::document_order`]).
    pub fn annotations_in_document_order(&self) -> Vec<&Annotation> {
        let mut sorted: Vec<&Annotation> = self.annotations.values().collect();
        crate::sorting::sort_by_key(&mut sorted, |a| a.document_order());
        sorted
    }

    /// The relations that start or end at an annotation.
    pub fn relations_of<'a>(&'a self, key: &'a Key) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations
            .values()
            .filter(move |r| r.key.layer == key.layer && (r.source == key.id || r.target == key.id))
    }

    /// The text of each fragment of an annotation.
    pub fn quotes(&self, annotation: &Annotation) -> Vec<&str> {
        annotation
            .fragments
            .iter()
            .map(|f| self.document.text.slice(f.start, f.end))
            .collect()
    }

    /// The layers (annotators) that hold annotations or relations, sorted.
    /// Jumps from layer to layer, so it costs the number of layers, not of
    /// annotations.
    pub fn layers(&self) -> Vec<&str> {
        fn distinct<V>(map: &BTreeMap<Key, V>) -> Vec<&str> {
            let mut layers = Vec::new();
            let mut next = map.keys().next();
            while let Some(key) = next {
                layers.push(key.layer.as_str());
                // The smallest layer name after this one is this one + NUL.
                let after = Key::new(format!("{}\0", key.layer), "");
                next = map.range(after..).next().map(|(k, _)| k);
            }
            layers
        }
        // A set of the three (each already sorted), not a sort: a sort's
        // code would be in the page's bundle for this alone.
        let layers: std::collections::BTreeSet<&str> = distinct(&self.annotations)
            .into_iter()
            .chain(distinct(&self.relations))
            .chain(self.document_labels.keys().map(|(layer, _)| layer.as_str()))
            .collect();
        layers.into_iter().collect()
    }

    /// The annotations of one layer, by id.
    pub fn layer_annotations<'a>(
        &'a self,
        layer: &'a str,
    ) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.annotations
            .range(Key::new(layer, "")..)
            .take_while(move |(k, _)| k.layer == layer)
            .map(|(_, a)| a)
    }

    /// Checks an annotation against the text and the scheme; the error names
    /// the annotation and the field.
    pub fn check_annotation(&self, annotation: &Annotation) -> Result<(), Error> {
        self.check_annotation_under(&self.scheme, annotation)
    }

    fn check_annotation_under(
        &self,
        scheme: &Scheme,
        annotation: &Annotation,
    ) -> Result<(), Error> {
        let record = || describe_annotation(&annotation.key.layer, &annotation.key.id);
        check_key(&annotation.key).map_err(|e| e.in_record(record()))?;
        if scheme.label(&annotation.label).is_none() {
            return Err(Error::new(ErrorKind::Undeclared(format!(
                "the label {} is not declared in the scheme",
                quoted(&annotation.label)
            )))
            .in_field("label")
            .in_record(record()));
        }
        self.check_fragments(&annotation.fragments)
            .map_err(|e| e.in_field("fragments").in_record(record()))?;
        check_attributes(scheme, &annotation.label, &annotation.attributes)
            .map_err(|e| e.in_field("attributes").in_record(record()))?;
        if annotation.entity.as_ref().is_some_and(|e| e.is_empty()) {
            return Err(Error::invalid("the linked entity's id is empty")
                .in_field("entity")
                .in_record(record()));
        }
        Ok(())
    }

    /// Checks fragments: at least one, each non-empty, inside the text, on
    /// grapheme boundaries, sorted and not overlapping.
    pub fn check_fragments(&self, fragments: &[Fragment]) -> Result<(), Error> {
        if fragments.is_empty() {
            return Err(Error::new(ErrorKind::Unordered(
                "an annotation needs at least one fragment".into(),
            )));
        }
        let text = &self.document.text;
        let mut previous_end = 0;
        for (i, fragment) in fragments.iter().enumerate() {
            let at = |e: Error| e.in_field(format!("[{i}]"));
            if fragment.end > text.len() {
                return Err(at(Error::new(ErrorKind::OutOfRange {
                    start: fragment.start,
                    end: fragment.end,
                    len: text.len(),
                })));
            }
            if fragment.start >= fragment.end {
                return Err(at(Error::new(ErrorKind::Unordered(format!(
                    "the fragment {}–{} is empty or reversed",
                    fragment.start, fragment.end
                )))));
            }
            if i > 0 && fragment.start < previous_end {
                return Err(at(Error::new(ErrorKind::Unordered(format!(
                    "the fragment {}–{} starts before the previous one ends ({previous_end}); fragments must be sorted and not overlap",
                    fragment.start, fragment.end
                )))));
            }
            for (field, offset) in [("start", fragment.start), ("end", fragment.end)] {
                if !text.is_grapheme_boundary(offset) {
                    return Err(at(
                        Error::new(ErrorKind::SplitsGrapheme { offset }).in_field(field)
                    ));
                }
            }
            previous_end = fragment.end;
        }
        Ok(())
    }

    /// Checks a relation: its type is declared, both ends exist in its layer
    /// and carry labels its type allows.
    pub fn check_relation(&self, relation: &Relation) -> Result<(), Error> {
        self.check_relation_under(&self.scheme, relation)
    }

    fn check_relation_under(&self, scheme: &Scheme, relation: &Relation) -> Result<(), Error> {
        let record = || describe_relation(&relation.key.layer, &relation.key.id);
        check_key(&relation.key).map_err(|e| e.in_record(record()))?;
        let Some(kind) = scheme.relation_type(&relation.kind) else {
            return Err(Error::new(ErrorKind::Undeclared(format!(
                "the relation type {} is not declared in the scheme",
                quoted(&relation.kind)
            )))
            .in_field("type")
            .in_record(record()));
        };
        if relation.source == relation.target {
            return Err(Error::new(ErrorKind::NotAllowed(
                "a relation cannot link an annotation to itself".into(),
            ))
            .in_field("target")
            .in_record(record()));
        }
        for (field, end, allowed) in [
            ("source", &relation.source, &kind.source_labels),
            ("target", &relation.target, &kind.target_labels),
        ] {
            let key = Key::new(relation.key.layer.clone(), end.clone());
            let Some(annotation) = self.annotations.get(&key) else {
                return Err(Error::new(ErrorKind::DanglingReference(end.clone()))
                    .in_field(field)
                    .in_record(record()));
            };
            if !allowed.is_empty() && !allowed.iter().any(|l| *l == annotation.label) {
                let name = |id: &str| scheme.label(id).map_or(id.to_string(), |l| l.name.clone());
                let allowed: Vec<String> = allowed.iter().map(|id| name(id)).collect();
                return Err(Error::new(ErrorKind::NotAllowed(format!(
                    "the {field} of a {} relation must be {}, not {}",
                    quoted(&kind.name),
                    allowed.join(" or "),
                    quoted(&name(&annotation.label))
                )))
                .in_field(field)
                .in_record(record()));
            }
        }
        check_attributes(scheme, &relation.kind, &relation.attributes)
            .map_err(|e| e.in_field("attributes").in_record(record()))
    }

    /// Checks that a scheme is well-formed and that everything already
    /// annotated stays valid under it (without copying the annotations).
    pub fn check_scheme(&self, scheme: &Scheme) -> Result<(), Error> {
        check_scheme_alone(scheme)?;
        for annotation in self.annotations.values() {
            self.check_annotation_under(scheme, annotation)?;
        }
        for relation in self.relations.values() {
            self.check_relation_under(scheme, relation)?;
        }
        for ((layer, set), values) in &self.document_labels {
            self.check_document_labels(scheme, layer, set, values)
                .map_err(|e| {
                    e.in_record(format!(
                        "the document labels {} of {}",
                        quoted(set),
                        quoted(layer)
                    ))
                })?;
        }
        Ok(())
    }
}

fn check_key(key: &Key) -> Result<(), Error> {
    if key.id.is_empty() {
        return Err(Error::invalid("the id is empty").in_field("id"));
    }
    if key.layer.is_empty() {
        return Err(Error::invalid("the layer (annotator) is empty").in_field("layer"));
    }
    Ok(())
}

/// Checks that attribute values are declared, apply to `owner` (a label or a
/// relation type id) and fit their kind.
fn check_attributes(
    scheme: &Scheme,
    owner: &str,
    attributes: &BTreeMap<String, AttributeValue>,
) -> Result<(), Error> {
    for (id, value) in attributes {
        let at = |e: Error| e.in_field(id.clone());
        let Some(def) = scheme.attribute(id) else {
            return Err(at(Error::new(ErrorKind::Undeclared(format!(
                "the attribute {} is not declared in the scheme",
                quoted(id)
            )))));
        };
        if !def.applies_to.is_empty() && !def.applies_to.iter().any(|l| l == owner) {
            return Err(at(Error::new(ErrorKind::NotAllowed(format!(
                "the attribute {} does not apply to {}",
                quoted(&def.name),
                quoted(owner)
            )))));
        }
        let fits = match (&def.kind, value) {
            (AttributeKind::Flag, AttributeValue::Flag(_)) => true,
            (AttributeKind::Choice(values), AttributeValue::Text(v)) => values.contains(v),
            (AttributeKind::Text, AttributeValue::Text(_)) => true,
            _ => false,
        };
        if !fits {
            let expected = match &def.kind {
                AttributeKind::Flag => "true or false".to_string(),
                AttributeKind::Choice(values) => format!("one of: {}", values.join(", ")),
                AttributeKind::Text => "text".to_string(),
            };
            let found = match value {
                AttributeValue::Flag(b) => b.to_string(),
                AttributeValue::Text(t) => quoted(t),
            };
            return Err(at(Error::invalid(format!(
                "the value {found} does not fit; expected {expected}"
            ))));
        }
    }
    Ok(())
}

/// Checks a scheme on its own: ids present and unique, references between its
/// parts declared.
pub fn check_scheme_alone(scheme: &Scheme) -> Result<(), Error> {
    fn unique<'a>(
        what: &str,
        ids: impl Iterator<Item = &'a str>,
    ) -> Result<std::collections::BTreeSet<&'a str>, Error> {
        let mut seen = std::collections::BTreeSet::new();
        for (i, id) in ids.enumerate() {
            if id.is_empty() {
                return Err(Error::invalid("the id is empty")
                    .in_field(format!("{what}[{i}].id"))
                    .in_record("scheme"));
            }
            if !seen.insert(id) {
                return Err(Error::new(ErrorKind::DuplicateId(id.to_string()))
                    .in_field(format!("{what}[{i}].id"))
                    .in_record("scheme"));
            }
        }
        Ok(seen)
    }
    let labels = unique("labels", scheme.labels.iter().map(|l| l.id.as_str()))?;
    let relation_types = unique(
        "relationTypes",
        scheme.relation_types.iter().map(|r| r.id.as_str()),
    )?;
    unique(
        "attributes",
        scheme.attributes.iter().map(|a| a.id.as_str()),
    )?;
    unique(
        "documentLabelSets",
        scheme.document_label_sets.iter().map(|s| s.id.as_str()),
    )?;
    for (i, set) in scheme.document_label_sets.iter().enumerate() {
        let at = |e: Error| {
            e.in_field(format!("documentLabelSets[{i}].options"))
                .in_record("scheme")
        };
        if set.options.is_empty() {
            return Err(at(Error::invalid(
                "a document label set needs at least one option",
            )));
        }
        for (j, option) in set.options.iter().enumerate() {
            if option.is_empty() {
                return Err(at(Error::invalid("an option is empty")));
            }
            if set.options[..j].contains(option) {
                return Err(at(Error::new(ErrorKind::DuplicateId(option.clone()))));
            }
        }
    }
    for (i, kind) in scheme.relation_types.iter().enumerate() {
        for (field, list) in [
            ("sourceLabels", &kind.source_labels),
            ("targetLabels", &kind.target_labels),
        ] {
            if let Some(missing) = list.iter().find(|l| !labels.contains(l.as_str())) {
                return Err(Error::new(ErrorKind::Undeclared(format!(
                    "the label {} is not declared in the scheme",
                    quoted(missing)
                )))
                .in_field(format!("relationTypes[{i}].{field}"))
                .in_record("scheme"));
            }
        }
    }
    for (i, attribute) in scheme.attributes.iter().enumerate() {
        if let Some(missing) = attribute
            .applies_to
            .iter()
            .find(|l| !labels.contains(l.as_str()) && !relation_types.contains(l.as_str()))
        {
            return Err(Error::new(ErrorKind::Undeclared(format!(
                "{} is neither a label nor a relation type of the scheme",
                quoted(missing)
            )))
            .in_field(format!("attributes[{i}].appliesTo"))
            .in_record("scheme"));
        }
        if let AttributeKind::Choice(values) = &attribute.kind {
            if values.is_empty() {
                return Err(Error::invalid("a choice needs at least one value")
                    .in_field(format!("attributes[{i}].values"))
                    .in_record("scheme"));
            }
        }
    }
    Ok(())
}

/// The values of `map` whose keys come after `after` (all for `None`).
fn after_key<'a, V>(
    map: &'a BTreeMap<Key, V>,
    after: Option<&Key>,
) -> impl Iterator<Item = &'a V> + 'a {
    use std::ops::Bound::{Excluded, Unbounded};
    let from = after.map_or(Unbounded, |key| Excluded(key.clone()));
    map.range((from, Unbounded)).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::model::Timestamp;

    #[test]
    fn a_layer_keeps_its_name_once_whatever_the_keys_were_made_from() {
        let mut doc = AnnotatedDocument::new(
            Document::new("d", "Rama met Khamenei in Tirana."),
            Scheme::default_scheme(),
        );
        for (layer, id, start) in [
            ("me", "b", 0),
            ("you", "a", 5),
            ("me", "a", 9),
            ("me", "c", 21),
        ] {
            // Each key made from a string of its own.
            let key = Key::new(layer.to_string(), id.to_string());
            let a = Annotation::new(key, "actor", Fragment::new(start, start + 3), Timestamp(0));
            doc.apply(Edit::AddAnnotation(a)).unwrap();
        }
        let json = crate::format::scholia::export(&doc);
        let read = crate::format::direct::read_direct(json.as_bytes()).unwrap();
        for doc in [&doc, &read] {
            let mine: Vec<&Key> = doc
                .annotations()
                .map(|a| &a.key)
                .filter(|k| k.layer == "me")
                .collect();
            assert_eq!(mine.len(), 3);
            for key in &mine {
                assert!(key.layer.is_shared_with(&mine[0].layer), "{key:?}");
                // The map's key and the annotation's are one string too.
                let (stored, a) = doc.annotations.get_key_value(*key).unwrap();
                assert!(stored.id.is_shared_with(&a.key.id));
            }
            let yours = doc.annotations().find(|a| a.key.layer == "you").unwrap();
            assert!(!yours.key.layer.is_shared_with(&mine[0].layer));
        }
        // A file read keeps each label's id once too.
        let labels: Vec<&crate::model::Name> = read.annotations().map(|a| &a.label).collect();
        assert!(labels.iter().all(|l| l.is_shared_with(labels[0])));
    }

    #[test]
    fn going_through_annotations_a_chunk_at_a_time_resumes_by_key_across_edits() {
        let mut doc = AnnotatedDocument::new(
            Document::new("d", "Rama met Khamenei in Tirana."),
            Scheme::default_scheme(),
        );
        for id in ["1", "2", "3", "4"] {
            let a = Annotation::new(
                Key::new("me", id),
                "actor",
                Fragment::new(0, 4),
                Timestamp(0),
            );
            doc.apply(Edit::AddAnnotation(a)).unwrap();
        }
        let ids = |doc: &AnnotatedDocument, after: Option<&Key>| -> Vec<String> {
            doc.annotations_after(after)
                .map(|a| a.key.id.to_string())
                .collect()
        };
        assert_eq!(ids(&doc, None), ["1", "2", "3", "4"]);
        // Two read, then the second removed and one added before it: the
        // rest is still everything after the last key read.
        let last = Key::new("me", "2");
        doc.apply(Edit::RemoveAnnotation(last.clone())).unwrap();
        let a = Annotation::new(
            Key::new("me", "0"),
            "actor",
            Fragment::new(5, 8),
            Timestamp(0),
        );
        doc.apply(Edit::AddAnnotation(a)).unwrap();
        assert_eq!(ids(&doc, Some(&last)), ["3", "4"]);
        assert_eq!(ids(&doc, Some(&Key::new("me", "4"))), Vec::<String>::new());
        assert_eq!(doc.relations_after(None).count(), 0);
    }

    #[test]
    fn layers_are_listed_once_each_in_order_and_read_one_at_a_time() {
        let mut doc = AnnotatedDocument::new(
            Document::new("d", "Rama met Khamenei in Tirana."),
            Scheme::default_scheme(),
        );
        // Names that are prefixes of each other, and the NUL-free order.
        for (layer, id, start, end) in [
            ("b", "1", 0, 4),
            ("a", "2", 9, 17),
            ("a-2", "1", 0, 4),
            ("ab", "1", 21, 27),
            ("a", "1", 0, 4),
        ] {
            doc.apply(Edit::AddAnnotation(crate::model::Annotation::new(
                Key::new(layer, id),
                "actor",
                Fragment::new(start, end),
                Timestamp(0),
            )))
            .unwrap();
        }
        assert_eq!(doc.layers(), ["a", "a-2", "ab", "b"]);
        let ids: Vec<&str> = doc
            .layer_annotations("a")
            .map(|a| a.key.id.as_str())
            .collect();
        assert_eq!(ids, ["1", "2"]);
        assert_eq!(doc.layer_annotations("a-").count(), 0);
        assert_eq!(doc.layer_annotations("ab").count(), 1);
    }
}
