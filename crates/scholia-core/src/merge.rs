//! Merging several annotators' exports of one document into one annotated
//! document with one layer per annotator.
//!
//! Rules (docs/agreement.md, *Merging*):
//! - documents are the same when their texts have the same SHA-256; a
//!   different text is refused with a message naming both files, or, when
//!   asked, every span is re-anchored where its quote is in the first file's
//!   text ([`crate::anchor::nearest_occurrence`]) and every moved span is
//!   reported;
//! - a file's layers keep their names, except that an annotator name given
//!   by the caller renames a file's only layer, and a file whose annotations
//!   are all in the app's default layer [`DEFAULT_LAYER`] (or that has none)
//!   takes the file's stem;
//! - a layer whose name an earlier file already used is skipped when its
//!   content is identical (the same export given twice), and renamed
//!   `name-2`, `name-3`… otherwise; both are reported;
//! - schemes are unioned: what one file declares and the others do not is
//!   added; where two files define the same id differently, the first
//!   definition is kept, lists of allowed labels and choice values are
//!   widened to accept both, and each conflict is reported.
//!
//! A [`Merger`] takes files one at a time and keeps only the merged
//! document, so merging thousands of files never holds more than one input.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::anchor::nearest_occurrence;
use crate::document::check_scheme_alone;
use crate::error::{describe_annotation, quoted, Error, ErrorKind};
use crate::format::file_stem;
use crate::model::{Annotation, AttributeKind, Fragment, Key, Relation, Scheme};
use crate::AnnotatedDocument;

/// The layer the app writes when the user has not named themselves.
pub const DEFAULT_LAYER: &str = "annotator";

/// How to merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeOptions {
    /// Re-anchor the spans of a file whose text differs, by their quotes,
    /// instead of refusing it.
    pub reanchor: bool,
}

/// Where a document being merged comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source<'a> {
    /// The file's name, as messages should show it.
    pub file_name: &'a str,
    /// The annotator to name the file's only layer after (`--annotator`).
    pub annotator: Option<&'a str>,
}

impl<'a> Source<'a> {
    pub fn file(file_name: &'a str) -> Source<'a> {
        Source {
            file_name,
            annotator: None,
        }
    }
}

/// What a merge did that the user should know.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeReport {
    /// Each file merged and the layers it contributed (after renaming).
    pub files: Vec<FileLayers>,
    pub renamed: Vec<RenamedLayer>,
    /// Layers skipped because an earlier file holds the same layer.
    pub duplicates: Vec<DuplicateLayer>,
    pub scheme_conflicts: Vec<SchemeConflict>,
    pub reanchored: Vec<Reanchored>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileLayers {
    pub file: String,
    pub layers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RenameReason {
    /// The caller named the annotator.
    AnnotatorGiven,
    /// The file names no annotator: its layer is the default one.
    DefaultLayer,
    /// An earlier file has a different layer of that name.
    NameTaken,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenamedLayer {
    pub file: String,
    pub from: String,
    pub to: String,
    pub reason: RenameReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateLayer {
    pub file: String,
    pub layer: String,
    /// The merged layer it is identical to.
    pub same_as: String,
    pub same_as_file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemeConflict {
    pub file: String,
    /// "label", "relation type" or "attribute".
    pub what: String,
    pub id: String,
    /// The fields that differ.
    pub fields: Vec<String>,
    /// What the merge did about it, for people.
    pub resolution: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reanchored {
    pub file: String,
    pub layer: String,
    pub id: String,
    #[serde(serialize_with = "serialize_fragment")]
    pub from: Fragment,
    #[serde(serialize_with = "serialize_fragment")]
    pub to: Fragment,
    pub quote: String,
}

/// A fragment as `{"start": …, "end": …}`.
pub fn serialize_fragment<S: serde::Serializer>(f: &Fragment, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut out = s.serialize_struct("Fragment", 2)?;
    out.serialize_field("start", &f.start)?;
    out.serialize_field("end", &f.end)?;
    out.end()
}

impl MergeReport {
    /// One sentence per event, for people.
    pub fn messages(&self) -> Vec<String> {
        let mut messages = Vec::new();
        for r in &self.renamed {
            let why = match r.reason {
                RenameReason::AnnotatorGiven => "as the annotator given for it".to_string(),
                RenameReason::DefaultLayer => format!(
                    "after the file, which names no annotator (its layer is {})",
                    quoted(DEFAULT_LAYER)
                ),
                RenameReason::NameTaken => {
                    "because an earlier file has a different layer of that name".to_string()
                }
            };
            messages.push(format!(
                "{}: layer {} renamed {} {why}",
                r.file,
                quoted(&r.from),
                quoted(&r.to)
            ));
        }
        for d in &self.duplicates {
            let which = if d.same_as == d.layer {
                String::new()
            } else {
                format!(" (merged as {})", quoted(&d.same_as))
            };
            messages.push(format!(
                "{}: layer {} skipped: it is identical to the one in {}{which}",
                d.file,
                quoted(&d.layer),
                d.same_as_file
            ));
        }
        for c in &self.scheme_conflicts {
            messages.push(format!(
                "{}: the {} {} is defined differently ({}): {}",
                c.file,
                c.what,
                quoted(&c.id),
                c.fields.join(", "),
                c.resolution
            ));
        }
        for r in &self.reanchored {
            messages.push(format!(
                "{}: annotation {} (layer {}) moved from {}–{} to {}–{}, where {} is",
                r.file,
                quoted(&r.id),
                quoted(&r.layer),
                r.from.start,
                r.from.end,
                r.to.start,
                r.to.end,
                quoted(&r.quote)
            ));
        }
        messages
    }
}

/// The result of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub document: AnnotatedDocument,
    /// Every annotator (layer) merged, including those who marked nothing.
    pub annotators: Vec<String>,
    pub report: MergeReport,
}

/// Merges documents one at a time.
#[derive(Debug, Clone, Default)]
pub struct Merger {
    options: MergeOptions,
    base: Option<AnnotatedDocument>,
    base_file: String,
    /// Layer → the file it came from.
    layers: BTreeMap<String, String>,
    report: MergeReport,
}

impl Merger {
    pub fn new(options: MergeOptions) -> Merger {
        Merger {
            options,
            ..Merger::default()
        }
    }

    /// The SHA-256 of the merged text, once a file has been added.
    pub fn sha256(&self) -> Option<&str> {
        self.base.as_ref().map(|b| b.document().text.sha256())
    }

    /// Adds one file's document. On error the merge is left as it was.
    pub fn add(&mut self, source: Source<'_>, doc: AnnotatedDocument) -> Result<(), Error> {
        let file = source.file_name;
        let (doc, mut layers) = self.name_layers(source, doc)?;
        let Some(base) = self.base.as_mut() else {
            for layer in &layers {
                self.layers.insert(layer.clone(), file.to_string());
            }
            self.report.files.push(FileLayers {
                file: file.to_string(),
                layers,
            });
            self.base = Some(doc);
            self.base_file = file.to_string();
            return Ok(());
        };
        let mut reanchored = Vec::new();
        let mut annotations: Vec<Annotation> = doc.annotations.values().cloned().collect();
        let relations: Vec<Relation> = doc.relations.values().cloned().collect();
        if doc.document().text.sha256() != base.document().text.sha256() {
            if !self.options.reanchor {
                return Err(Error::new(ErrorKind::TextChanged(format!(
                    "its text differs from the text of {} (SHA-256 {}… and {}…), so it is not an export of the same document; re-anchor by quotes to merge it anyway",
                    self.base_file,
                    &doc.document().text.sha256()[..12],
                    &base.document().text.sha256()[..12],
                )))
                .in_file(file));
            }
            for annotation in &mut annotations {
                reanchor(
                    annotation,
                    &doc,
                    base,
                    file,
                    &self.base_file,
                    &mut reanchored,
                )?;
            }
        }
        let old_scheme = base.scheme().clone();
        let mut scheme = old_scheme.clone();
        let conflicts = union_scheme(&mut scheme, doc.scheme(), file, &self.base_file);
        check_scheme_alone(&scheme).map_err(|e| e.in_file(file))?;
        // Resolve layer names against earlier files.
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        let mut renamed = Vec::new();
        let mut duplicates = Vec::new();
        for layer in &mut layers {
            if !self.layers.contains_key(layer.as_str()) {
                continue;
            }
            let identical = self
                .layers
                .iter()
                .filter(|(name, _)| is_variant_of(name, layer))
                .find(|(name, _)| same_layer(base, &annotations, &relations, layer, name));
            if let Some((name, first_file)) = identical {
                duplicates.push(DuplicateLayer {
                    file: file.to_string(),
                    layer: layer.clone(),
                    same_as: name.clone(),
                    same_as_file: first_file.clone(),
                });
                renames.insert(layer.clone(), String::new());
                layer.clear();
                continue;
            }
            let free = (2..)
                .map(|n| format!("{layer}-{n}"))
                .find(|name| {
                    !self.layers.contains_key(name) && !renames.values().any(|v| v == name)
                })
                .unwrap_or_default();
            renamed.push(RenamedLayer {
                file: file.to_string(),
                from: layer.clone(),
                to: free.clone(),
                reason: RenameReason::NameTaken,
            });
            renames.insert(layer.clone(), free.clone());
            *layer = free;
        }
        layers.retain(|l| !l.is_empty());
        let rename = |key: &mut Key| -> bool {
            match renames.get(key.layer.as_str()) {
                Some(to) if to.is_empty() => false,
                Some(to) => {
                    key.layer = to.clone().into();
                    true
                }
                None => true,
            }
        };
        let mut annotations: Vec<Annotation> = annotations
            .into_iter()
            .filter_map(|mut a| rename(&mut a.key).then_some(a))
            .collect();
        let relations: Vec<Relation> = relations
            .into_iter()
            .filter_map(|mut r| rename(&mut r.key).then_some(r))
            .collect();
        // Insert under the merged scheme; take everything back on error.
        *base.scheme_mut() = scheme;
        let mut inserted: Vec<Key> = Vec::new();
        let mut result = Ok(());
        for annotation in annotations.drain(..) {
            if let Err(e) = base.check_annotation(&annotation) {
                result = Err(e);
                break;
            }
            inserted.push(annotation.key.clone());
            base.log.record(&annotation.key);
            base.put_annotation(annotation);
        }
        let mut inserted_relations: Vec<Key> = Vec::new();
        if result.is_ok() {
            for relation in relations {
                if let Err(e) = base.check_relation(&relation) {
                    result = Err(e);
                    break;
                }
                inserted_relations.push(relation.key.clone());
                base.relations.insert(relation.key.clone(), relation);
            }
        }
        if let Err(e) = result {
            for key in inserted {
                base.log.record(&key);
                base.annotations.remove(&key);
            }
            for key in inserted_relations {
                base.relations.remove(&key);
            }
            *base.scheme_mut() = old_scheme;
            return Err(e.in_file(file));
        }
        for layer in &layers {
            self.layers.insert(layer.clone(), file.to_string());
        }
        let report = &mut self.report;
        report.files.push(FileLayers {
            file: file.to_string(),
            layers,
        });
        report.renamed.extend(renamed);
        report.duplicates.extend(duplicates);
        report.scheme_conflicts.extend(conflicts);
        report.reanchored.extend(reanchored);
        Ok(())
    }

    /// Applies the naming rules for one file: the annotator given, or the
    /// file's stem for the default layer. Returns the document and its
    /// layers (annotators), including one that marked nothing.
    fn name_layers(
        &mut self,
        source: Source<'_>,
        mut doc: AnnotatedDocument,
    ) -> Result<(AnnotatedDocument, Vec<String>), Error> {
        let file = source.file_name;
        let layers: Vec<String> = doc.layers().into_iter().map(str::to_string).collect();
        let (name, reason) = match source.annotator {
            Some(name) => {
                if layers.len() > 1 {
                    return Err(Error::invalid(format!(
                        "it holds the layers {}, so it cannot be given one annotator name; merge it without one to keep its layers",
                        layers.iter().map(|l| quoted(l)).collect::<Vec<_>>().join(", ")
                    ))
                    .in_file(file));
                }
                if name.trim().is_empty() {
                    return Err(Error::invalid("the annotator name is empty").in_file(file));
                }
                (name.to_string(), RenameReason::AnnotatorGiven)
            }
            None if layers.is_empty() || layers == [DEFAULT_LAYER] => {
                (annotator_from_file_name(file), RenameReason::DefaultLayer)
            }
            None => return Ok((doc, layers)),
        };
        if let Some(from) = layers.first() {
            if *from != name {
                rename_layer(&mut doc, from, &name);
                self.report.renamed.push(RenamedLayer {
                    file: file.to_string(),
                    from: from.clone(),
                    to: name.clone(),
                    reason,
                });
            }
        }
        Ok((doc, vec![name]))
    }

    /// The merged document, or `None` if nothing was added.
    pub fn finish(self) -> Option<Merged> {
        let document = self.base?;
        Some(Merged {
            document,
            annotators: self.layers.into_keys().collect(),
            report: self.report,
        })
    }
}

/// Merges documents given as (file name, document), in order.
pub fn merge(
    inputs: impl IntoIterator<Item = (String, AnnotatedDocument)>,
    options: MergeOptions,
) -> Result<Option<Merged>, Error> {
    let mut merger = Merger::new(options);
    for (file_name, doc) in inputs {
        merger.add(Source::file(&file_name), doc)?;
    }
    Ok(merger.finish())
}

/// The annotator name a file gives when it names none: its stem, without a
/// `.scholia` suffix (`alice.scholia.json` → `alice`).
pub fn annotator_from_file_name(file_name: &str) -> String {
    let stem = file_stem(file_name);
    let stem = stem.strip_suffix(".scholia").unwrap_or(stem);
    if stem.is_empty() {
        DEFAULT_LAYER.to_string()
    } else {
        stem.to_string()
    }
}

/// Moves every annotation and relation of layer `from` to layer `to` (which
/// must not be in use).
pub fn rename_layer(doc: &mut AnnotatedDocument, from: &str, to: &str) {
    let annotation_keys: Vec<Key> = doc
        .annotations
        .keys()
        .filter(|k| k.layer == from)
        .cloned()
        .collect();
    for key in annotation_keys {
        if let Some(mut a) = doc.annotations.remove(&key) {
            a.key.layer = to.to_string().into();
            doc.put_annotation(a);
        }
    }
    let relation_keys: Vec<Key> = doc
        .relations
        .keys()
        .filter(|k| k.layer == from)
        .cloned()
        .collect();
    for key in relation_keys {
        if let Some(mut r) = doc.relations.remove(&key) {
            r.key.layer = to.to_string().into();
            doc.relations.insert(r.key.clone(), r);
        }
    }
}

/// Whether `base`'s layer `theirs` holds exactly the annotations and
/// relations that the incoming layer `ours` holds (layer names aside).
fn same_layer(
    base: &AnnotatedDocument,
    annotations: &[Annotation],
    relations: &[Relation],
    ours: &str,
    theirs: &str,
) -> bool {
    let rename = |key: &Key| Key::new(theirs, key.id.clone());
    let mine: Vec<Annotation> = annotations
        .iter()
        .filter(|a| a.key.layer == ours)
        .map(|a| Annotation {
            key: rename(&a.key),
            ..a.clone()
        })
        .collect();
    let base_annotations: Vec<&Annotation> = base
        .annotations
        .range(Key::new(theirs, "")..)
        .take_while(|(k, _)| k.layer == theirs)
        .map(|(_, a)| a)
        .collect();
    if mine.len() != base_annotations.len()
        || mine.iter().zip(&base_annotations).any(|(a, b)| a != *b)
    {
        return false;
    }
    let my_relations: Vec<Relation> = relations
        .iter()
        .filter(|r| r.key.layer == ours)
        .map(|r| Relation {
            key: rename(&r.key),
            ..r.clone()
        })
        .collect();
    let base_relations: Vec<&Relation> = base
        .relations
        .range(Key::new(theirs, "")..)
        .take_while(|(k, _)| k.layer == theirs)
        .map(|(_, r)| r)
        .collect();
    my_relations.len() == base_relations.len()
        && my_relations
            .iter()
            .zip(&base_relations)
            .all(|(a, b)| a == *b)
}

/// Whether `name` is `layer` or a renaming of it (`layer-2`, `layer-3`…).
fn is_variant_of(name: &str, layer: &str) -> bool {
    name == layer
        || name
            .strip_prefix(layer)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Moves an annotation of `doc` to where its quotes are in `base`'s text.
fn reanchor(
    annotation: &mut Annotation,
    doc: &AnnotatedDocument,
    base: &AnnotatedDocument,
    file: &str,
    base_file: &str,
    report: &mut Vec<Reanchored>,
) -> Result<(), Error> {
    let text = &doc.document().text;
    let base_text = &base.document().text;
    for (i, fragment) in annotation.fragments.iter_mut().enumerate() {
        let quote = text.slice(fragment.start, fragment.end);
        if base_text.slice(fragment.start, fragment.end) == quote {
            continue;
        }
        let Some(moved) = nearest_occurrence(base_text, quote, fragment.start) else {
            return Err(Error::invalid(format!(
                "its text {} does not occur in the text of {base_file}, so it cannot be re-anchored",
                quoted(quote)
            ))
            .in_field(format!("fragments[{i}]"))
            .in_record(describe_annotation(&annotation.key.layer, &annotation.key.id))
            .in_file(file));
        };
        report.push(Reanchored {
            file: file.to_string(),
            layer: annotation.key.layer.to_string(),
            id: annotation.key.id.to_string(),
            from: *fragment,
            to: moved,
            quote: quote.to_string(),
        });
        *fragment = moved;
    }
    Ok(())
}

/// Adds `other`'s definitions to `scheme` and reports every conflict.
fn union_scheme(
    scheme: &mut Scheme,
    other: &Scheme,
    file: &str,
    base_file: &str,
) -> Vec<SchemeConflict> {
    let mut conflicts = Vec::new();
    let kept = format!("kept the definition from {base_file}");
    let conflict = |what: &str, id: &str, fields: Vec<&str>, resolution: String| SchemeConflict {
        file: file.to_string(),
        what: what.to_string(),
        id: id.to_string(),
        fields: fields.into_iter().map(str::to_string).collect(),
        resolution,
    };
    for label in &other.labels {
        match scheme.labels.iter().find(|l| l.id == label.id) {
            None => scheme.labels.push(label.clone()),
            Some(ours) if ours != label => {
                let mut fields = Vec::new();
                if ours.name != label.name {
                    fields.push("name");
                }
                if ours.color != label.color {
                    fields.push("colour");
                }
                if ours.hotkey != label.hotkey {
                    fields.push("hotkey");
                }
                if ours.description != label.description {
                    fields.push("description");
                }
                conflicts.push(conflict("label", &label.id, fields, kept.clone()));
            }
            Some(_) => {}
        }
    }
    for kind in &other.relation_types {
        match scheme.relation_types.iter_mut().find(|r| r.id == kind.id) {
            None => scheme.relation_types.push(kind.clone()),
            Some(ours) if ours != kind => {
                let mut fields = Vec::new();
                let mut widened = false;
                if ours.name != kind.name {
                    fields.push("name");
                }
                if ours.description != kind.description {
                    fields.push("description");
                }
                for (field, mine, theirs) in [
                    ("sourceLabels", &mut ours.source_labels, &kind.source_labels),
                    ("targetLabels", &mut ours.target_labels, &kind.target_labels),
                ] {
                    if widen(mine, theirs) {
                        fields.push(field);
                        widened = true;
                    }
                }
                let resolution = if widened {
                    format!("{kept}, with the allowed labels of both")
                } else {
                    kept.clone()
                };
                conflicts.push(conflict("relation type", &kind.id, fields, resolution));
            }
            Some(_) => {}
        }
    }
    for attribute in &other.attributes {
        match scheme.attributes.iter_mut().find(|a| a.id == attribute.id) {
            None => scheme.attributes.push(attribute.clone()),
            Some(ours) if ours != attribute => {
                let mut fields = Vec::new();
                let mut widened = false;
                if ours.name != attribute.name {
                    fields.push("name");
                }
                if ours.description != attribute.description {
                    fields.push("description");
                }
                if widen(&mut ours.applies_to, &attribute.applies_to) {
                    fields.push("appliesTo");
                    widened = true;
                }
                match (&mut ours.kind, &attribute.kind) {
                    (AttributeKind::Choice(mine), AttributeKind::Choice(theirs))
                        if mine != theirs =>
                    {
                        fields.push("values");
                        for v in theirs {
                            if !mine.contains(v) {
                                mine.push(v.clone());
                                widened = true;
                            }
                        }
                    }
                    (AttributeKind::Choice(_), AttributeKind::Choice(_)) => {}
                    (mine, theirs) if *mine != *theirs => fields.push("type"),
                    _ => {}
                }
                let resolution = if widened {
                    format!("{kept}, accepting the values and labels of both")
                } else {
                    kept.clone()
                };
                conflicts.push(conflict("attribute", &attribute.id, fields, resolution));
            }
            Some(_) => {}
        }
    }
    conflicts
}

/// Widens a list of allowed ids (empty: any) to accept `theirs` as well.
/// Returns whether the lists differed.
fn widen(mine: &mut Vec<String>, theirs: &[String]) -> bool {
    let a: BTreeSet<&String> = mine.iter().collect();
    let b: BTreeSet<&String> = theirs.iter().collect();
    if a == b {
        return false;
    }
    if mine.is_empty() || theirs.is_empty() {
        mine.clear();
    } else {
        for id in theirs {
            if !mine.contains(id) {
                mine.push(id.clone());
            }
        }
    }
    true
}
