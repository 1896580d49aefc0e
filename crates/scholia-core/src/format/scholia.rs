//! Scholia JSON, the native format (version 1). See docs/format.md and
//! docs/scholia-1.schema.json.
//!
//! These serde types are the file schema; they convert to and from the model
//! with every check the model makes, plus the file's own: the format marker
//! and version, the text's length and SHA-256, and each fragment's quote.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::document::{check_scheme_alone, AnnotatedDocument};
use crate::error::{describe_annotation, describe_relation, quoted, Error, ErrorKind};
use crate::knowledge::KnowledgeBase;
use crate::model::{
    Annotation, AttributeDef, AttributeKind, AttributeValue, Color, Document, DocumentLabelSet,
    Fragment, Key, LabelDef, LabelGuide, Name, Relation, RelationType, Scheme, Timestamp,
    Underline,
};
use crate::text::Text;

/// The value of the `format` field.
pub const FORMAT: &str = "scholia";
/// The version this build writes, and the newest it reads.
pub const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FileV1 {
    pub format: String,
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
    pub document: DocumentV1,
    pub scheme: SchemeV1,
    #[serde(default)]
    pub annotations: Vec<AnnotationV1>,
    #[serde(default)]
    pub relations: Vec<RelationV1>,
    /// Each annotator's answers to the scheme's document label sets.
    /// Added to version 1 compatibly: absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_labels: Vec<DocumentLabelsV1>,
    /// The knowledge base's entities the annotations link to, so that a
    /// file carries what its links name. Absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<crate::knowledge::file::EntityV1>,
}

/// One annotator's options chosen in one document label set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DocumentLabelsV1 {
    pub layer: String,
    pub set: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DocumentV1<T = String> {
    pub id: String,
    pub title: String,
    /// The text: a `String` in a file; a reader may make it a [`Text`] at once.
    pub text: T,
    /// Length of `text` in code points.
    pub length: usize,
    /// Lowercase hex SHA-256 of `text` encoded as UTF-8.
    pub sha256: String,
}

impl<T> DocumentV1<T> {
    /// The same record with its text made into `U` by `f`.
    pub(crate) fn map_text<U>(self, f: impl FnOnce(T) -> U) -> DocumentV1<U> {
        DocumentV1 {
            id: self.id,
            title: self.title,
            text: f(self.text),
            length: self.length,
            sha256: self.sha256,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SchemeV1 {
    pub labels: Vec<LabelV1>,
    #[serde(default)]
    pub relation_types: Vec<RelationTypeV1>,
    #[serde(default)]
    pub attributes: Vec<AttributeDefV1>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_label_sets: Vec<DocumentLabelSetV1>,
    /// The project's guidelines: plain text, never markup.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidelines: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DocumentLabelSetV1 {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub multiple: bool,
    pub options: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LabelV1 {
    pub id: String,
    pub name: String,
    pub color: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `solid`, `dashed`, `dotted`, `double` or `wavy`; absent: by position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underline: Option<String>,
    /// The guidelines' definition of the label (plain text).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub definition: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counter_examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RelationTypeV1 {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub source_labels: Vec<String>,
    #[serde(default)]
    pub target_labels: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributeTypeV1 {
    Flag,
    Choice,
    Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttributeDefV1 {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: AttributeTypeV1,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default)]
    pub applies_to: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttributeValueV1 {
    Flag(bool),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FragmentV1 {
    pub start: usize,
    pub end: usize,
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AnnotationV1 {
    pub id: String,
    pub layer: String,
    pub label: String,
    pub fragments: Vec<FragmentV1>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeValueV1>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub created: String,
    pub modified: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_id: Option<String>,
    /// The id of the linked entity (in the file's `entities`, or the
    /// library's knowledge base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RelationV1 {
    pub id: String,
    pub layer: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub source: String,
    pub target: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeValueV1>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub created: String,
    pub modified: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_id: Option<String>,
}

/// Writes an annotated document as Scholia JSON (pretty-printed, annotations
/// in document order, relations by layer and id).
pub fn export(doc: &AnnotatedDocument) -> String {
    super::pretty_json(&to_file(doc))
}

/// Reads Scholia JSON. Every problem is an [`Error`] naming the record and
/// field; nothing is half-read.
pub fn import(json: &str) -> Result<AnnotatedDocument, Error> {
    let file = parse(json)?;
    from_file(file)
}

/// Parses the JSON and the format marker, without checking the content.
pub fn parse(json: &str) -> Result<FileV1, Error> {
    if let Some(file) = parse_direct(json) {
        return Ok(file);
    }
    // Anything else is read again as a `Value`, for an error that names
    // the record and field.
    let head: serde_json::Value = serde_json::from_str(json).map_err(syntax_error)?;
    parse_value(&head)
}

/// A well-formed file of this version, read straight into the file types:
/// no `serde_json::Value` of the whole file (16 MB for 10,000
/// annotations). `None` for anything else, which [`parse`] reads again
/// through a `Value` for an error that names the record and field.
pub fn parse_direct(json: &str) -> Option<FileV1> {
    serde_json::from_str::<FileV1>(json)
        .ok()
        .filter(|file| file.format == FORMAT && file.version == VERSION)
}

/// Checks a file's `"version"` against the one this build reads: an error
/// on the `version` field when it is another or missing. Shared by the
/// native, scheme and library-backup files.
pub(crate) fn check_version(head: &serde_json::Value, version: u64) -> Result<(), Error> {
    match head.get("version") {
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(version) => Ok(()),
        Some(other) => {
            Err(Error::new(ErrorKind::UnsupportedVersion(other.to_string())).in_field("version"))
        }
        None => Err(Error::new(ErrorKind::Missing).in_field("version")),
    }
}

/// [`parse`] for JSON already read (a document inside a library backup).
pub fn parse_value(head: &serde_json::Value) -> Result<FileV1, Error> {
    match head.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(Error::new(ErrorKind::UnknownFormat(format!(
                "this is a {} file, not a Scholia file",
                quoted(other)
            )))
            .in_field("format"))
        }
        None => {
            return Err(Error::new(ErrorKind::UnknownFormat(
                "this is not a Scholia file: it has no \"format\": \"scholia\" marker".into(),
            ))
            .in_field("format"))
        }
    }
    check_version(head, VERSION)?;
    serde_path_to_error::deserialize::<_, FileV1>(head).map_err(|e| shape_error(head, e))
}

/// A JSON syntax error as an [`Error`] with its line (the file is one JSON
/// value).
pub(crate) fn syntax_error(e: serde_json::Error) -> Error {
    super::records::syntax_error(&e, 1)
}

/// Names the record and field of a shape error (a missing field, a wrong type).
fn shape_error(
    value: &serde_json::Value,
    e: serde_path_to_error::Error<serde_json::Error>,
) -> Error {
    let path = e.path().to_string();
    let message = e.inner().to_string();
    let mut error = Error::invalid(message);
    // "annotations[12].fragments[0].start" → record annotations[12], field fragments[0].start
    for (array, describe) in [
        (
            "annotations",
            describe_annotation as fn(&str, &str) -> String,
        ),
        ("relations", describe_relation),
    ] {
        if let Some(rest) = path.strip_prefix(array).and_then(|r| r.strip_prefix('[')) {
            let (index, field) = rest.split_once(']').unwrap_or((rest, ""));
            let record = value
                .get(array)
                .and_then(|a| a.get(index.parse::<usize>().ok()?));
            let text = |name: &str| record.and_then(|r| r.get(name)).and_then(|v| v.as_str());
            error.record = Some(match (text("id"), text("layer")) {
                (Some(id), Some(layer)) => describe(layer, id),
                _ => format!(
                    "{array} item {}",
                    index.parse::<usize>().map_or(0, |i| i + 1)
                ),
            });
            let field = field.trim_start_matches('.');
            if !field.is_empty() && field != "?" {
                error.field = Some(field.to_string());
            }
            return error;
        }
    }
    if path != "." && path != "?" {
        error.field = Some(path);
    }
    error
}

/// The file form of an annotated document.
pub fn to_file(doc: &AnnotatedDocument) -> FileV1 {
    to_file_with(doc, &KnowledgeBase::default())
}

/// Writes an annotated document with the entities of `kb` its annotations
/// link to.
pub fn export_with(doc: &AnnotatedDocument, kb: &KnowledgeBase) -> String {
    super::pretty_json(&to_file_with(doc, kb))
}

/// The file form of an annotated document, with the entities of `kb` its
/// annotations link to.
pub fn to_file_with(doc: &AnnotatedDocument, kb: &KnowledgeBase) -> FileV1 {
    let document = doc.document();
    FileV1 {
        format: FORMAT.into(),
        version: VERSION,
        generator: Some(format!("Scholia {}", env!("CARGO_PKG_VERSION"))),
        document: DocumentV1 {
            id: document.id.clone(),
            title: document.title.clone(),
            text: document.text.as_str().to_string(),
            length: document.text.len(),
            sha256: document.text.sha256().to_string(),
        },
        scheme: scheme_to_file(doc.scheme()),
        annotations: doc
            .annotations_in_document_order()
            .into_iter()
            .map(|a| annotation_to_record(&document.text, a))
            .collect(),
        relations: doc.relations().map(relation_to_record).collect(),
        document_labels: document_labels_to_file(doc),
        entities: crate::knowledge::linked_entities(doc, kb)
            .into_iter()
            .map(crate::knowledge::file::entity_to_file)
            .collect(),
    }
}

/// A document's document labels as file records, by layer then set.
pub fn document_labels_to_file(doc: &AnnotatedDocument) -> Vec<DocumentLabelsV1> {
    doc.document_labels()
        .map(|(layer, set, values)| DocumentLabelsV1 {
            layer: layer.to_string(),
            set: set.to_string(),
            values: values.to_vec(),
        })
        .collect()
}

/// Reads Scholia JSON with the entities it carries.
pub fn import_with_entities(json: &str) -> Result<(AnnotatedDocument, KnowledgeBase), Error> {
    let mut file = parse(json)?;
    let entities = std::mem::take(&mut file.entities);
    let kb = crate::knowledge::file::entities_from_file(entities)?;
    Ok((from_file(file)?, kb))
}

/// Checks a parsed file completely and builds the annotated document.
pub fn from_file(file: FileV1) -> Result<AnnotatedDocument, Error> {
    // (the file's string becomes the text, not copied)
    let document = file.document.map_text(Text::from_string);
    let mut builder = Builder::new(document, file.scheme)?;
    for record in file.annotations {
        builder.annotation(record)?;
    }
    for record in file.relations {
        builder.relation(record)?;
    }
    for record in file.document_labels {
        builder.document_labels(record)?;
    }
    Ok(builder.finish())
}

/// Builds a document from a file's parts with every check of
/// [`from_file`]: the document and scheme first, then each annotation, then
/// each relation (whose ends must be there).
pub(crate) struct Builder {
    doc: AnnotatedDocument,
    /// Annotations read since they were last moved into the document.
    batch: BTreeMap<Key, Annotation>,
    /// The greatest key read so far. A file usually lists its annotations
    /// in key order (Scholia writes them so), and a key after this one
    /// cannot be a duplicate: it is not looked up.
    greatest: Option<Key>,
    /// Each layer's name, kept once for all its annotations.
    layers: Vec<Name>,
    /// Each label's id, kept once for all the annotations that carry it.
    labels: Vec<Name>,
}

impl Builder {
    pub(crate) fn new(document: DocumentV1<Text>, scheme: SchemeV1) -> Result<Builder, Error> {
        let text = document.text;
        if document.length != text.len() {
            return Err(Error::new(ErrorKind::TextChanged(format!(
                "the text has {} characters but the file says {}: the text was changed after export",
                text.len(),
                document.length
            )))
            .in_field("length")
            .in_record("document"));
        }
        if !document.sha256.eq_ignore_ascii_case(text.sha256()) {
            return Err(Error::new(ErrorKind::TextChanged(
                "the text's SHA-256 differs from the one recorded: the text was changed after export (line endings converted, say)".into(),
            ))
            .in_field("sha256")
            .in_record("document"));
        }
        if document.id.is_empty() {
            return Err(Error::invalid("the id is empty")
                .in_field("id")
                .in_record("document"));
        }
        let scheme = scheme_from_file(scheme)?;
        let scheme_labels = scheme.labels.iter().map(|l| Name::from(&l.id)).collect();
        Ok(Builder {
            doc: AnnotatedDocument::new(
                Document {
                    id: document.id,
                    title: document.title,
                    text,
                },
                scheme,
            ),
            batch: BTreeMap::new(),
            greatest: None,
            layers: Vec::new(),
            labels: scheme_labels,
        })
    }

    pub(crate) fn annotation(&mut self, record: AnnotationV1) -> Result<(), Error> {
        let mut annotation = annotation_from_record(&self.doc, record)?;
        let key = &annotation.key;
        let after_all = self.greatest.as_ref().is_none_or(|greatest| key > greatest);
        if !after_all && (self.doc.annotations.contains_key(key) || self.batch.contains_key(key)) {
            return Err(Error::new(ErrorKind::DuplicateId(key.id.to_string()))
                .in_field("id")
                .in_record(describe_annotation(&key.layer, &key.id)));
        }
        match self
            .layers
            .iter()
            .find(|layer| **layer == annotation.key.layer)
        {
            Some(layer) => annotation.key.layer = layer.clone(),
            None => self.layers.push(annotation.key.layer.clone()),
        }
        if let Some(label) = self.labels.iter().find(|l| **l == annotation.label) {
            annotation.label = label.clone();
        }
        if after_all {
            self.greatest = Some(annotation.key.clone());
        }
        self.batch.insert(annotation.key.clone(), annotation);
        if self.batch.len() >= self.doc.annotations.len().max(1024) {
            self.move_batch();
        }
        Ok(())
    }

    /// Moves the batch into the document's map. A map filled in key order
    /// (as a file usually is) leaves its nodes little more than half full;
    /// `append` rebuilds it with full nodes, so the document holds about a
    /// third less for its annotations (0.6 MB at 10,000). Each batch is as
    /// large as what is there, so the rebuilds copy each annotation about
    /// twice in all.
    fn move_batch(&mut self) {
        self.doc.annotations.append(&mut self.batch);
    }

    pub(crate) fn relation(&mut self, record: RelationV1) -> Result<(), Error> {
        self.move_batch();
        let doc = &mut self.doc;
        let describe = describe_relation(&record.layer, &record.id);
        let relation = relation_from_record(record).map_err(|e| e.in_record(describe.clone()))?;
        doc.check_relation(&relation)?;
        if doc.relations.contains_key(&relation.key) {
            return Err(
                Error::new(ErrorKind::DuplicateId(relation.key.id.to_string()))
                    .in_field("id")
                    .in_record(describe),
            );
        }
        doc.relations.insert(relation.key.clone(), relation);
        Ok(())
    }

    pub(crate) fn document_labels(&mut self, record: DocumentLabelsV1) -> Result<(), Error> {
        let describe = format!(
            "the document labels {} of {}",
            quoted(&record.set),
            quoted(&record.layer)
        );
        let layer = Name::from(record.layer);
        if self.doc.document_label(&layer, &record.set).is_some() {
            return Err(Error::invalid("the set is given twice for this layer")
                .in_field("set")
                .in_record(describe));
        }
        self.doc
            .check_document_labels(self.doc.scheme(), &layer, &record.set, &record.values)
            .map_err(|e| e.in_record(describe))?;
        self.doc
            .put_document_labels(layer, record.set, record.values);
        Ok(())
    }

    pub(crate) fn finish(mut self) -> AnnotatedDocument {
        self.move_batch();
        self.doc
    }
}

pub fn scheme_to_file(scheme: &Scheme) -> SchemeV1 {
    SchemeV1 {
        labels: scheme
            .labels
            .iter()
            .map(|l| LabelV1 {
                id: l.id.clone(),
                name: l.name.clone(),
                color: l.color.to_string(),
                hotkey: l.hotkey.clone(),
                description: l.description.clone(),
                underline: l.underline.map(|u| u.name().to_string()),
                definition: l.guide.definition.clone(),
                examples: l.guide.examples.clone(),
                counter_examples: l.guide.counter_examples.clone(),
            })
            .collect(),
        relation_types: scheme
            .relation_types
            .iter()
            .map(|r| RelationTypeV1 {
                id: r.id.clone(),
                name: r.name.clone(),
                source_labels: r.source_labels.clone(),
                target_labels: r.target_labels.clone(),
                description: r.description.clone(),
            })
            .collect(),
        attributes: scheme
            .attributes
            .iter()
            .map(|a| {
                let (kind, values) = match &a.kind {
                    AttributeKind::Flag => (AttributeTypeV1::Flag, Vec::new()),
                    AttributeKind::Choice(values) => (AttributeTypeV1::Choice, values.clone()),
                    AttributeKind::Text => (AttributeTypeV1::Text, Vec::new()),
                };
                AttributeDefV1 {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kind,
                    values,
                    applies_to: a.applies_to.clone(),
                    description: a.description.clone(),
                }
            })
            .collect(),
        document_label_sets: scheme
            .document_label_sets
            .iter()
            .map(|s| DocumentLabelSetV1 {
                id: s.id.clone(),
                name: s.name.clone(),
                multiple: s.multiple,
                options: s.options.clone(),
                description: s.description.clone(),
            })
            .collect(),
        guidelines: scheme.guidelines.clone(),
    }
}

pub fn scheme_from_file(scheme: SchemeV1) -> Result<Scheme, Error> {
    let mut labels = Vec::with_capacity(scheme.labels.len());
    for (i, l) in scheme.labels.into_iter().enumerate() {
        let color = Color::parse(&l.color).ok_or_else(|| {
            Error::invalid(format!(
                "the colour {} is not written #rrggbb",
                quoted(&l.color)
            ))
            .in_field(format!("labels[{i}].color"))
            .in_record("scheme")
        })?;
        if l.name.trim().is_empty() {
            return Err(Error::invalid("the name is empty")
                .in_field(format!("labels[{i}].name"))
                .in_record("scheme"));
        }
        let underline = match l.underline.as_deref() {
            None => None,
            Some(name) => Some(Underline::parse(name).ok_or_else(|| {
                Error::invalid(format!(
                    "the underline {} is not one of solid, dashed, dotted, double, wavy",
                    quoted(name)
                ))
                .in_field(format!("labels[{i}].underline"))
                .in_record("scheme")
            })?),
        };
        labels.push(LabelDef {
            id: l.id,
            name: l.name,
            color,
            hotkey: l.hotkey.filter(|h| !h.is_empty()),
            description: l.description,
            underline,
            guide: LabelGuide {
                definition: l.definition,
                examples: l.examples,
                counter_examples: l.counter_examples,
            },
        });
    }
    let relation_types = scheme
        .relation_types
        .into_iter()
        .map(|r| RelationType {
            id: r.id,
            name: r.name,
            source_labels: r.source_labels,
            target_labels: r.target_labels,
            description: r.description,
        })
        .collect();
    let attributes = scheme
        .attributes
        .into_iter()
        .map(|a| AttributeDef {
            id: a.id,
            name: a.name,
            applies_to: a.applies_to,
            kind: match a.kind {
                AttributeTypeV1::Flag => AttributeKind::Flag,
                AttributeTypeV1::Choice => AttributeKind::Choice(a.values),
                AttributeTypeV1::Text => AttributeKind::Text,
            },
            description: a.description,
        })
        .collect();
    let document_label_sets = scheme
        .document_label_sets
        .into_iter()
        .map(|s| DocumentLabelSet {
            id: s.id,
            name: s.name,
            multiple: s.multiple,
            options: s.options,
            description: s.description,
        })
        .collect();
    let scheme = Scheme {
        labels,
        relation_types,
        attributes,
        document_label_sets,
        guidelines: scheme.guidelines,
    };
    check_scheme_alone(&scheme)?;
    Ok(scheme)
}

fn attributes_to_file(
    attributes: &BTreeMap<String, AttributeValue>,
) -> BTreeMap<String, AttributeValueV1> {
    attributes
        .iter()
        .map(|(k, v)| {
            let value = match v {
                AttributeValue::Flag(b) => AttributeValueV1::Flag(*b),
                AttributeValue::Text(t) => AttributeValueV1::Text(t.clone()),
            };
            (k.clone(), value)
        })
        .collect()
}

pub(crate) fn attributes_from_file(
    attributes: BTreeMap<String, AttributeValueV1>,
) -> BTreeMap<String, AttributeValue> {
    attributes
        .into_iter()
        .map(|(k, v)| {
            let value = match v {
                AttributeValueV1::Flag(b) => AttributeValue::Flag(b),
                AttributeValueV1::Text(t) => AttributeValue::Text(t),
            };
            (k, value)
        })
        .collect()
}

pub(crate) fn timestamp(text: &str, field: &str) -> Result<Timestamp, Error> {
    Timestamp::parse_rfc3339(text).ok_or_else(|| {
        Error::invalid(format!(
            "{} is not an RFC 3339 date and time such as 2026-11-28T17:36:13Z",
            quoted(text)
        ))
        .in_field(field)
    })
}

/// One annotation as a file record (quotes included).
pub fn annotation_to_record(text: &Text, a: &Annotation) -> AnnotationV1 {
    AnnotationV1 {
        id: a.key.id.to_string(),
        layer: a.key.layer.to_string(),
        label: a.label.to_string(),
        fragments: a
            .fragments
            .iter()
            .map(|f| FragmentV1 {
                start: f.start,
                end: f.end,
                quote: text.slice(f.start, f.end).to_string(),
            })
            .collect(),
        attributes: attributes_to_file(&a.attributes),
        note: a.note.clone(),
        created: a.created.to_rfc3339(),
        modified: a.modified.to_rfc3339(),
        foreign_id: a.foreign_id.clone(),
        entity: a.entity.as_ref().map(|e| e.to_string()),
    }
}

/// One annotation from a file record, checked against the document: range,
/// order, grapheme boundaries, label, attributes, and each quote. (Whether
/// the id is free is the caller's to check.)
pub fn annotation_from_record(
    doc: &AnnotatedDocument,
    r: AnnotationV1,
) -> Result<Annotation, Error> {
    // Every error names the annotation (described only on failure: 10,000
    // descriptions cost a few milliseconds of a large import).
    let at = |e: Error, key: &Key| e.in_record(describe_annotation(&key.layer, &key.id));
    let key = Key::new(r.layer, r.id);
    let created = timestamp(&r.created, "created").map_err(|e| at(e, &key))?;
    let modified = timestamp(&r.modified, "modified").map_err(|e| at(e, &key))?;
    let annotation = Annotation {
        key,
        label: r.label.into(),
        fragments: r
            .fragments
            .iter()
            .map(|f| Fragment::new(f.start, f.end))
            .collect(),
        attributes: attributes_from_file(r.attributes),
        note: r.note,
        created,
        modified,
        foreign_id: r.foreign_id,
        entity: r.entity.map(Name::from),
    };
    doc.check_annotation(&annotation)
        .map_err(|e| at(e, &annotation.key))?;
    for (i, f) in r.fragments.iter().enumerate() {
        let expected = doc.document().text.slice(f.start, f.end);
        if f.quote != expected {
            let error = Error::new(ErrorKind::QuoteMismatch {
                expected: expected.to_string(),
                found: f.quote.clone(),
            })
            .in_field(format!("fragments[{i}].quote"));
            return Err(at(error, &annotation.key));
        }
    }
    Ok(annotation)
}

pub fn relation_to_record(r: &Relation) -> RelationV1 {
    RelationV1 {
        id: r.key.id.to_string(),
        layer: r.key.layer.to_string(),
        kind: r.kind.clone(),
        source: r.source.clone(),
        target: r.target.clone(),
        attributes: attributes_to_file(&r.attributes),
        note: r.note.clone(),
        created: r.created.to_rfc3339(),
        modified: r.modified.to_rfc3339(),
        foreign_id: r.foreign_id.clone(),
    }
}

/// One relation from a file record; check it with
/// [`AnnotatedDocument::check_relation`] once its ends are in place.
pub fn relation_from_record(r: RelationV1) -> Result<Relation, Error> {
    Ok(Relation {
        key: Key::new(r.layer, r.id),
        kind: r.kind,
        source: r.source,
        target: r.target,
        attributes: attributes_from_file(r.attributes),
        note: r.note,
        created: timestamp(&r.created, "created")?,
        modified: timestamp(&r.modified, "modified")?,
        foreign_id: r.foreign_id,
    })
}

/// The layers named in a file, for reports.
pub fn layers(file: &FileV1) -> BTreeSet<&str> {
    file.annotations
        .iter()
        .map(|a| a.layer.as_str())
        .chain(file.relations.iter().map(|r| r.layer.as_str()))
        .collect()
}
