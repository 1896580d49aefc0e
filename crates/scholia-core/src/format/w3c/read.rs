//! W3C Web Annotation → model.
//!
//! The model allows one value or an array almost everywhere, strings or
//! objects for resources, and several containers; the reader walks the JSON
//! itself so that every error names the item and the field path
//! (`target[1].selector[0].exact`).

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::NAMESPACE;
use crate::anchor::nearest_occurrence;
use crate::error::{describe_annotation, describe_relation, quoted, Error, ErrorKind};
use crate::format::records::{report_unread, report_unread_if, say_once};
use crate::format::scholia::{scheme_from_file, syntax_error, SchemeV1};
use crate::format::{file_stem, ImportOptions, Imported, Report};
use crate::knowledge::file::{entities_from_file, EntityV1};
use crate::knowledge::{Entity, KnowledgeBase};
use crate::model::{
    Annotation, AttributeDef, AttributeKind, AttributeValue, Document, Fragment, Key, Name,
    Relation, Scheme, Timestamp,
};
use crate::text::Text;
use crate::AnnotatedDocument;

/// Reads a W3C file that carries its document (as Scholia writes it, in
/// `scholia:document`).
pub fn import(input: &str, options: &ImportOptions) -> Result<Imported, Error> {
    read(input, None, options).map_err(|e| e.in_file(&options.file_name))
}

/// Reads W3C annotations of `text` from a file that does not carry the text
/// (most tools write only the annotations).
pub fn import_with_text(
    input: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, Error> {
    read(input, Some(text), options).map_err(|e| e.in_file(&options.file_name))
}

/// One value or several, as the model allows for most properties.
fn many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
    }
}

/// Whether a `type` (a string or an array) includes `name` (or `oa:name`).
fn has_type(object: &Map<String, Value>, name: &str) -> bool {
    many(object.get("type").or_else(|| object.get("@type")))
        .iter()
        .filter_map(|t| t.as_str())
        .any(|t| t == name || t.strip_prefix("oa:") == Some(name))
}

/// A property under its `scholia:` name or its full IRI.
fn scholia<'a>(object: &'a Map<String, Value>, term: &str) -> Option<&'a Value> {
    object
        .get(&format!("scholia:{term}"))
        .or_else(|| object.get(&format!("{NAMESPACE}{term}")))
}

/// The id of a resource given as a string or as an object with an id.
fn resource_id(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").or_else(|| o.get("@id")).and_then(Value::as_str),
        _ => None,
    }
}

/// What the container holds: the annotations, and the collection (or
/// page) around them when there is one.
struct Container<'a> {
    items: Vec<(String, &'a Value)>,
    outer: Option<&'a Map<String, Value>>,
}

fn listed<'a>(values: &'a [Value], path: &str) -> Vec<(String, &'a Value)> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("{path}[{i}]"), v))
        .collect()
}

fn container(root: &Value) -> Result<Container<'_>, Error> {
    match root {
        Value::Array(values) => Ok(Container {
            items: listed(values, "items"),
            outer: None,
        }),
        Value::Object(object) if has_type(object, "AnnotationCollection") => {
            let mut items = Vec::new();
            if let Some(Value::Array(values)) = object.get("items") {
                items.extend(listed(values, "items"));
            }
            // Pages embedded from `first`, following embedded `next` pages.
            let mut page = object.get("first");
            let mut path = "first".to_string();
            let mut seen = 0;
            while let Some(value) = page {
                let Value::Object(p) = value else {
                    if value.is_string() {
                        return Err(Error::invalid(
                            "the collection's pages are not in the file (only their address is); download them and import the pages",
                        )
                        .in_field(path));
                    }
                    return Err(Error::invalid("a page must be an object").in_field(path));
                };
                match p.get("items") {
                    Some(Value::Array(values)) => items.extend(listed(values, &format!("{path}.items"))),
                    Some(_) => {
                        return Err(Error::invalid("the page's items must be an array")
                            .in_field(format!("{path}.items")))
                    }
                    None => {}
                }
                page = p.get("next").filter(|n| n.is_object());
                path.push_str(".next");
                seen += 1;
                if seen > 10_000 {
                    break;
                }
            }
            Ok(Container {
                items,
                outer: Some(object),
            })
        }
        Value::Object(object) if has_type(object, "AnnotationPage") => match object.get("items") {
            Some(Value::Array(values)) => Ok(Container {
                items: listed(values, "items"),
                outer: Some(object),
            }),
            _ => Err(Error::new(ErrorKind::Missing).in_field("items")),
        },
        Value::Object(object) if object.get("@graph").is_some() => match object.get("@graph") {
            Some(Value::Array(values)) => Ok(Container {
                items: listed(values, "@graph"),
                outer: Some(object),
            }),
            _ => Err(Error::invalid("@graph must be an array").in_field("@graph")),
        },
        Value::Object(object) if has_type(object, "Annotation") => Ok(Container {
            items: vec![("annotation".to_string(), root)],
            outer: None,
        }),
        _ => Err(Error::new(ErrorKind::UnknownFormat(
            "this is not W3C Web Annotation JSON: expected an AnnotationCollection, an AnnotationPage, an Annotation, or an array of annotations".into(),
        ))),
    }
}

/// The document a Scholia W3C file carries in `scholia:document`.
struct Carried<'a> {
    text: &'a str,
    id: Option<&'a str>,
    sha256: Option<&'a str>,
}

fn carried_document(outer: Option<&Map<String, Value>>) -> Result<Option<Carried<'_>>, Error> {
    let Some(document) = outer.and_then(|o| scholia(o, "document")) else {
        return Ok(None);
    };
    let field = |f: &str| format!("scholia:document.{f}");
    let Value::Object(document) = document else {
        return Err(Error::invalid("the document must be an object").in_field("scholia:document"));
    };
    let Some(text) = document.get("value").and_then(Value::as_str) else {
        return Err(Error::new(ErrorKind::Missing).in_field(field("value")));
    };
    let sha256 = match document.get("id").and_then(Value::as_str) {
        Some(id) => Some(id.strip_prefix("urn:sha256:").ok_or_else(|| {
            Error::invalid(format!("{} is not a urn:sha256: URI", quoted(id))).in_field(field("id"))
        })?),
        None => None,
    };
    Ok(Some(Carried {
        text,
        id: scholia(document, "id").and_then(Value::as_str),
        sha256,
    }))
}

/// A span annotation or a relation, read but not yet checked.
enum Record {
    Span(Annotation),
    Link {
        relation: Relation,
        source: String,
        target: String,
        record: String,
    },
    /// An annotation of the whole document: its layer's options chosen,
    /// by set.
    DocumentLabels {
        layer: String,
        values: Vec<(String, String)>,
        record: String,
    },
}

/// The document label set of another tool's tags and classifications of
/// a whole document.
pub const DOCUMENT_SET: &str = "document";

fn read(input: &str, given_text: Option<&str>, options: &ImportOptions) -> Result<Imported, Error> {
    let root: Value = serde_json::from_str(input).map_err(syntax_error)?;
    let container = container(&root)?;
    let carried = carried_document(container.outer)?;
    let text_str = match (given_text, &carried) {
        (Some(text), _) => text,
        (None, Some(carried)) => carried.text,
        (None, None) => {
            return Err(Error::invalid(
                "this W3C file does not carry the document's text (Scholia's own files do, in scholia:document): give the text with it (on the command line, --text FILE)",
            )
            .in_field("scholia:document"))
        }
    };
    let text = Text::new(text_str);
    if let Some(sha) = carried.as_ref().and_then(|c| c.sha256) {
        if !sha.eq_ignore_ascii_case(text.sha256()) {
            return Err(Error::new(ErrorKind::TextChanged(
                "the text's SHA-256 differs from the document's id: the text was changed after export (line endings converted, say)".into(),
            ))
            .in_field("scholia:document.id"));
        }
    }
    let mut report = Report::default();

    // The scheme: the one carried, else one built from the labels found.
    let mut scheme = match container.outer.and_then(|o| scholia(o, "scheme")) {
        Some(value) => {
            let file: SchemeV1 = serde_path_to_error::deserialize(value).map_err(|e| {
                Error::invalid(e.inner().to_string())
                    .in_field(format!("scholia:scheme.{}", e.path()))
            })?;
            scheme_from_file(file).map_err(|mut e| {
                e.field = e.field.map(|f| format!("scholia:scheme.{f}"));
                e.record = None;
                e
            })?
        }
        None => Scheme::default(),
    };
    let declared = (
        scheme.labels.len(),
        scheme.relation_types.len(),
        scheme.attributes.len(),
    );

    let default_layer = match options.annotator.as_deref().filter(|a| !a.is_empty()) {
        Some(annotator) => annotator.to_string(),
        None => match file_stem(&options.file_name) {
            "" => "w3c".to_string(),
            stem => stem.to_string(),
        },
    };
    // The document's URIs: Scholia's (its text's hash) and every source
    // the file's targets name. An annotation whose target is one of them
    // is about the whole document.
    let mut document_uris = std::collections::HashSet::new();
    document_uris.insert(format!("urn:sha256:{}", text.sha256()));
    for (_, item) in &container.items {
        for target in many(item.get("target")) {
            if let Some(source) = target.get("source").and_then(resource_id) {
                document_uris.insert(source.to_string());
            }
        }
    }
    let mut reader = Reader {
        text: &text,
        options,
        default_layer,
        scheme: &mut scheme,
        report: &mut report,
        anchored_by_quote: 0,
        untagged: 0,
        entity_uris: HashMap::new(),
        document_uris,
    };
    let mut records = Vec::new();
    let mut by_uri: HashMap<String, Key> = HashMap::new();
    // Scholia's own files write their collection's id and generator afresh.
    if let Some(outer) = container.outer.filter(|_| carried.is_none()) {
        let read = [
            "@context",
            "type",
            "@type",
            "label",
            "total",
            "first",
            "last",
            "next",
            "items",
            "startIndex",
            "@graph",
        ];
        let is_read = |key: &str| {
            key.starts_with("scholia:") || key.starts_with(NAMESPACE) || read.contains(&key)
        };
        let why = |key: &str| match key {
            "id" | "@id" => "the collection's id is not kept",
            _ => "this property of the collection is not kept",
        };
        let first = ("collection", 0);
        report_unread_if(reader.report, "W3C", "", outer, is_read, why, first);
    }
    for (i, (path, item)) in container.items.iter().enumerate() {
        report_unread_fields(item, i + 1, reader.report);
        let (uri, new) = reader
            .record(item, path)
            .map_err(|e| e.in_record(path.clone()))?;
        for record in new {
            if let (Some(uri), Record::Span(a)) = (&uri, &record) {
                by_uri.entry(uri.clone()).or_insert_with(|| a.key.clone());
            }
            records.push(record);
        }
    }
    let (anchored_by_quote, untagged) = (reader.anchored_by_quote, reader.untagged);
    let reader_uris = std::mem::take(&mut reader.entity_uris);

    let title = container
        .outer
        .and_then(|o| o.get("label"))
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty());
    let document_id = carried
        .as_ref()
        .and_then(|c| c.id)
        .filter(|id| !id.is_empty())
        .unwrap_or(match file_stem(&options.file_name) {
            "" => "w3c",
            stem => stem,
        });
    let mut document = Document::new(document_id, text_str);
    if let Some(title) = title {
        document.title = title.to_string();
    }
    if (
        scheme.labels.len(),
        scheme.relation_types.len(),
        scheme.attributes.len(),
    ) != declared
        && container.outer.and_then(|o| scholia(o, "scheme")).is_some()
    {
        report.notes.push(
            "labels, relation types or attributes not in the file's scheme were added to it".into(),
        );
    }
    // The knowledge base the file carries (Scholia's own), and the sets of
    // document labels another tool's file names.
    let mut knowledge_base = match container.outer.and_then(|o| scholia(o, "entities")) {
        Some(value) => {
            let entities: Vec<EntityV1> = serde_path_to_error::deserialize(value).map_err(|e| {
                Error::invalid(e.inner().to_string())
                    .in_field(format!("scholia:entities.{}", e.path()))
            })?;
            entities_from_file(entities).map_err(|e| e.in_field("scholia:entities"))?
        }
        None => KnowledgeBase::default(),
    };
    for record in &records {
        if let Record::DocumentLabels { values, .. } = record {
            for (set, value) in values {
                let declared = scheme.document_label_set(set);
                if !declared.is_some_and(|s| s.options.contains(value)) {
                    scheme.ensure_document_label(set, value);
                }
            }
        }
    }
    let mut doc = AnnotatedDocument::new(document, scheme);
    let mut links = Vec::new();
    let mut labels = Vec::new();
    for record in records {
        match record {
            Record::Span(annotation) => {
                let describe = describe_annotation(&annotation.key.layer, &annotation.key.id);
                if doc.annotations.contains_key(&annotation.key) {
                    return Err(
                        Error::new(ErrorKind::DuplicateId(annotation.key.id.to_string()))
                            .in_field("id")
                            .in_record(describe),
                    );
                }
                doc.check_annotation(&annotation)?;
                doc.put_annotation(annotation);
            }
            link @ Record::Link { .. } => links.push(link),
            Record::DocumentLabels {
                layer,
                values,
                record,
            } => labels.push((layer, values, record)),
        }
    }
    for (layer, values, record) in labels {
        let mut by_set: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (set, value) in values {
            let chosen = by_set.entry(set).or_default();
            if !chosen.contains(&value) {
                chosen.push(value);
            }
        }
        for (set, mut values) in by_set {
            if let Some(before) = doc.document_label(&layer, &set) {
                let mut all = before.to_vec();
                all.extend(values.into_iter().filter(|v| !before.contains(v)));
                values = all;
            }
            doc.check_document_labels(doc.scheme(), &layer, &set, &values)
                .map_err(|e| e.in_record(record.clone()))?;
            doc.put_document_labels(Name::from(layer.as_str()), set, values);
        }
    }
    for annotation in doc.annotations() {
        if let Some(entity) = annotation.entity.as_deref() {
            if knowledge_base.entity(entity).is_none() {
                if let Some(uri) = reader_uris.get(entity) {
                    let mut e = Entity::new(entity, entity);
                    e.external_ids.push(uri.clone());
                    e.kind = Some(annotation.label.to_string());
                    let name = doc.quotes(annotation).join(" ");
                    if !name.trim().is_empty() {
                        e.name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                    }
                    let _ = knowledge_base.insert(e);
                }
            }
        }
    }
    for link in links {
        let Record::Link {
            mut relation,
            source,
            target,
            record,
        } = link
        else {
            continue;
        };
        let resolve = |uri: &str, field: &str| {
            by_uri.get(uri).cloned().ok_or_else(|| {
                Error::new(ErrorKind::DanglingReference(uri.to_string()))
                    .in_field(field)
                    .in_record(record.clone())
            })
        };
        let (source_key, target_key) = (resolve(&source, "target")?, resolve(&target, "body")?);
        if source_key.layer != relation.key.layer || target_key.layer != relation.key.layer {
            report.not_represented.push(format!(
                "{record}: links annotations of the layers {} and {} as {}; Scholia's relations stay within one layer, so it is not imported",
                quoted(&source_key.layer),
                quoted(&target_key.layer),
                quoted(&relation.key.layer)
            ));
            continue;
        }
        relation.source = source_key.id.to_string();
        relation.target = target_key.id.to_string();
        if doc.relations.contains_key(&relation.key) {
            return Err(
                Error::new(ErrorKind::DuplicateId(relation.key.id.to_string()))
                    .in_field("id")
                    .in_record(describe_relation(&relation.key.layer, &relation.key.id)),
            );
        }
        doc.check_relation(&relation)?;
        doc.relations.insert(relation.key.clone(), relation);
    }
    if anchored_by_quote > 0 {
        report.notes.push(format!(
            "{anchored_by_quote} targets had no position and were anchored where their quote is"
        ));
    }
    if untagged > 0 {
        report.notes.push(format!(
            "{untagged} annotations had no tag (a tagging body) and are labelled by their motivation, or “annotation”"
        ));
    }
    Ok(Imported {
        documents: vec![doc],
        report,
        knowledge_base,
        predictions: Vec::new(),
    })
}

struct Reader<'a> {
    text: &'a Text,
    options: &'a ImportOptions,
    default_layer: String,
    scheme: &'a mut Scheme,
    report: &'a mut Report,
    anchored_by_quote: usize,
    untagged: usize,
    /// Each linked entity's URI, by the id its links name.
    entity_uris: HashMap<String, String>,
    /// The URIs that name the document itself.
    document_uris: std::collections::HashSet<String>,
}

/// The bodies of an annotation, sorted by what they mean to Scholia.
#[derive(Default)]
struct Bodies {
    tags: Vec<String>,
    comments: Vec<String>,
    attributes: Vec<(String, String, String)>,
    /// Resources given by IRI (the linked annotation, for a link).
    resources: Vec<(String, String)>,
    /// `identifying` resources: the entity's URI, and its id when Scholia
    /// wrote it (`scholia:entity`).
    identifying: Vec<(String, Option<String>)>,
    /// Document labels: `classifying` bodies with a `scholia:set`, as
    /// (set, option).
    labels: Vec<(String, String)>,
}

impl Reader<'_> {
    /// One item: its W3C id, and what it becomes (several annotations when
    /// it has several tags).
    fn record(&mut self, item: &Value, path: &str) -> Result<(Option<String>, Vec<Record>), Error> {
        let Value::Object(object) = item else {
            return Err(Error::invalid("an annotation must be a JSON object"));
        };
        let uri = object
            .get("id")
            .or_else(|| object.get("@id"))
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| Error::invalid("the id must be a string (a URI)").in_field("id"))
            })
            .transpose()?;
        let id = match scholia(object, "id") {
            Some(Value::String(id)) if !id.is_empty() => id.clone(),
            Some(_) => {
                return Err(
                    Error::invalid("scholia:id must be a non-empty string").in_field("scholia:id")
                )
            }
            None => match &uri {
                Some(uri) => uri
                    .strip_prefix("urn:uuid:")
                    .filter(|u| uuid::Uuid::try_parse(u).is_ok())
                    .unwrap_or(uri)
                    .to_string(),
                None => format!(
                    "w3c-{}",
                    path.replace(['[', ']', '.'], "-").trim_matches('-')
                ),
            },
        };
        let layer = match self.options.annotator.as_deref().filter(|a| !a.is_empty()) {
            Some(annotator) => annotator.to_string(),
            None => creator(object.get("creator"))?.unwrap_or_else(|| self.default_layer.clone()),
        };
        let record_name = |relation: bool| {
            if relation {
                describe_relation(&layer, &id)
            } else {
                describe_annotation(&layer, &id)
            }
        };
        let created = time(object.get("created"), "created", self.options.now)?;
        let modified = time(object.get("modified"), "modified", created)?;
        let foreign_id = match scholia(object, "foreignId") {
            Some(Value::String(f)) => Some(f.clone()),
            Some(_) => {
                return Err(Error::invalid("scholia:foreignId must be a string")
                    .in_field("scholia:foreignId"))
            }
            None => None,
        };
        let motivations: Vec<&str> = many(object.get("motivation"))
            .iter()
            .filter_map(|m| m.as_str())
            .map(|m| m.strip_prefix("oa:").unwrap_or(m))
            .collect();
        let targets = many(object.get("target"));
        if targets.is_empty() {
            return Err(Error::new(ErrorKind::Missing)
                .in_field("target")
                .in_record(record_name(false)));
        }
        let bodies = self
            .bodies(object)
            .map_err(|e| e.in_record(record_name(false)))?;

        // A link: the motivation says so and the target is an annotation's
        // URI, the body the other's (as Scholia writes links); or, as
        // Recogito writes them, the two targets are the two annotations'
        // URIs, from the first to the second.
        let linking = motivations.contains(&"linking");
        let is_link = linking
            && targets.len() == 1
            && is_bare_resource(targets[0])
            && !bodies.resources.is_empty();
        let is_target_pair = linking
            && targets.len() == 2
            && targets.iter().all(|t| is_bare_resource(t))
            && bodies.resources.is_empty();
        let whole_document = !linking
            && targets.len() == 1
            && is_bare_resource(targets[0])
            && resource_id(targets[0]).is_some_and(|uri| self.document_uris.contains(uri))
            && bodies.resources.is_empty();
        if whole_document {
            let record = format!("the document labels of {}", quoted(&layer));
            let mut values = bodies.labels.clone();
            let others = bodies
                .tags
                .iter()
                .chain(bodies.attributes.iter().map(|(_, value, _)| value));
            values.extend(others.map(|v| (DOCUMENT_SET.to_string(), v.clone())));
            if !bodies.comments.is_empty() || !bodies.identifying.is_empty() {
                say_once(
                    &mut self.report.not_represented,
                    "W3C: comments and entity links on the whole document are not kept (only its classifying and tagging bodies, as document labels)".to_string(),
                    ("annotation", 0),
                );
            }
            return Ok((
                uri,
                vec![Record::DocumentLabels {
                    layer,
                    values,
                    record,
                }],
            ));
        }
        if is_link || is_target_pair {
            let record = record_name(true);
            let source = resource_id(targets[0])
                .ok_or_else(|| Error::invalid("the target must be a URI").in_field("target"))?;
            let target = if is_target_pair {
                resource_id(targets[1])
                    .ok_or_else(|| {
                        Error::invalid("the target must be a URI").in_field("target[1]")
                    })?
                    .to_string()
            } else {
                let [(target, _)] = &bodies.resources[..] else {
                    return Err(Error::invalid(format!(
                        "a link must have exactly one annotation as its body, not {}",
                        bodies.resources.len()
                    ))
                    .in_field("body")
                    .in_record(record));
                };
                target.clone()
            };
            let kind = bodies
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| "linking".into());
            if bodies.tags.len() > 1 {
                self.report.not_represented.push(format!(
                    "{record}: only the first of its tags is its relation type"
                ));
            }
            self.scheme.ensure_relation_type(&kind);
            let attributes = self
                .attributes(&bodies.attributes)
                .map_err(|e| e.in_record(record.clone()))?;
            let relation = Relation {
                key: Key::new(layer.clone(), id.clone()),
                kind,
                source: String::new(),
                target: String::new(),
                attributes,
                note: bodies.comments.join("\n\n"),
                created,
                modified,
                foreign_id,
            };
            return Ok((
                uri,
                vec![Record::Link {
                    relation,
                    source: source.to_string(),
                    target,
                    record,
                }],
            ));
        }

        let record = record_name(false);
        let mut fragments = Vec::with_capacity(targets.len());
        for (i, target) in targets.iter().enumerate() {
            let field = if object.get("target").is_some_and(Value::is_array) {
                format!("target[{i}]")
            } else {
                "target".to_string()
            };
            let fragment = self
                .anchor(target, &field, &record)
                .map_err(|e| e.in_record(record.clone()))?;
            fragments.push(fragment);
        }
        fragments.sort();
        let mut labels = bodies.tags.clone();
        if labels.is_empty() {
            self.untagged += 1;
            labels.push(
                motivations
                    .first()
                    .map_or("annotation".to_string(), |m| m.to_string()),
            );
        }
        for label in &labels {
            self.scheme.ensure_label(label);
        }
        let mut attributes_raw = bodies.attributes.clone();
        // The first `identifying` body is the entity link; any other is
        // kept as a text attribute, as other resources are.
        let entity = bodies.identifying.first().map(|(iri, id)| {
            let id = id.clone().unwrap_or_else(|| iri.clone());
            self.entity_uris
                .entry(id.clone())
                .or_insert_with(|| iri.clone());
            id
        });
        let mut resources = bodies.resources.clone();
        for (iri, _) in bodies.identifying.iter().skip(1) {
            resources.push((iri.clone(), "identifying".to_string()));
        }
        for (iri, purpose) in &resources {
            let name = if purpose.is_empty() {
                "body"
            } else {
                purpose.as_str()
            };
            attributes_raw.push((name.to_string(), iri.clone(), "body".to_string()));
        }
        let mut records = Vec::with_capacity(labels.len());
        for (i, label) in labels.iter().enumerate() {
            let attributes = self
                .attributes(&attributes_raw)
                .map_err(|e| e.in_record(record.clone()))?;
            let key_id = if i == 0 {
                id.clone()
            } else {
                format!("{id}#tag{}", i + 1)
            };
            records.push(Record::Span(Annotation {
                key: Key::new(layer.clone(), key_id),
                label: label.clone().into(),
                fragments: fragments.clone(),
                attributes,
                note: bodies.comments.join("\n\n"),
                created,
                modified,
                foreign_id: foreign_id.clone(),
                entity: entity.as_deref().map(Name::from),
            }));
        }
        if labels.len() > 1 {
            self.report.notes.push(format!(
                "{record} has {} tags: each became an annotation of its own on the same text",
                labels.len()
            ));
        }
        if bodies.comments.len() > 1 {
            self.report.notes.push(format!(
                "{record} has {} comments: they are joined into its note",
                bodies.comments.len()
            ));
        }
        Ok((uri, records))
    }

    fn bodies(&mut self, object: &Map<String, Value>) -> Result<Bodies, Error> {
        let mut bodies = Bodies::default();
        if let Some(value) = object.get("bodyValue") {
            let Some(value) = value.as_str() else {
                return Err(Error::invalid("bodyValue must be a string").in_field("bodyValue"));
            };
            bodies.comments.push(value.to_string());
        }
        let all = many(object.get("body"));
        let is_array = object.get("body").is_some_and(Value::is_array);
        for (i, body) in all.iter().enumerate() {
            let field = if is_array {
                format!("body[{i}]")
            } else {
                "body".to_string()
            };
            match body {
                Value::String(iri) => bodies.resources.push((iri.clone(), String::new())),
                Value::Object(b) => {
                    let purpose = many(b.get("purpose"))
                        .first()
                        .and_then(|p| p.as_str())
                        .map(|p| p.strip_prefix("oa:").unwrap_or(p).to_string())
                        .unwrap_or_default();
                    let value = b.get("value").or_else(|| b.get("rdf:value"));
                    match value {
                        Some(Value::String(value)) => {
                            let attribute = scholia(b, "attribute").and_then(Value::as_str);
                            let set = scholia(b, "set").and_then(Value::as_str);
                            match (purpose.as_str(), attribute) {
                                (_, None) if set.is_some() => bodies
                                    .labels
                                    .push((set.unwrap_or_default().to_string(), value.clone())),
                                (_, Some(attribute)) => bodies.attributes.push((
                                    attribute.to_string(),
                                    value.clone(),
                                    format!("{field}.value"),
                                )),
                                ("tagging", None) => bodies.tags.push(value.clone()),
                                ("commenting" | "", None) => bodies.comments.push(value.clone()),
                                (other, None) => bodies.attributes.push((
                                    other.to_string(),
                                    value.clone(),
                                    format!("{field}.value"),
                                )),
                            }
                        }
                        Some(_) => {
                            return Err(Error::invalid("a body's value must be a string")
                                .in_field(format!("{field}.value")))
                        }
                        None => {
                            // A resource: by id, or a SpecificResource's source.
                            let iri = resource_id(body)
                                .or_else(|| b.get("source").and_then(resource_id))
                                .ok_or_else(|| {
                                    Error::invalid(
                                        "a body must have a value (a textual body) or an id (a resource)",
                                    )
                                    .in_field(field.clone())
                                })?;
                            if purpose == "identifying" {
                                let id = scholia(b, "entity").and_then(Value::as_str);
                                bodies
                                    .identifying
                                    .push((iri.to_string(), id.map(str::to_string)));
                            } else {
                                bodies.resources.push((iri.to_string(), purpose));
                            }
                        }
                    }
                }
                _ => {
                    return Err(Error::invalid("a body must be a URI or an object").in_field(field))
                }
            }
        }
        Ok(bodies)
    }

    /// Attribute values as the scheme declares them (text when it does not).
    fn attributes(
        &mut self,
        raw: &[(String, String, String)],
    ) -> Result<BTreeMap<String, AttributeValue>, Error> {
        let mut attributes: BTreeMap<String, AttributeValue> = BTreeMap::new();
        for (id, value, field) in raw {
            self.ensure_text_attribute(id);
            let def = self.scheme.attribute(id);
            let parsed = match def.map(|d| &d.kind) {
                Some(AttributeKind::Flag) => match value.as_str() {
                    "true" => AttributeValue::Flag(true),
                    "false" => AttributeValue::Flag(false),
                    other => {
                        return Err(Error::invalid(format!(
                            "the attribute {} is true or false, not {}",
                            quoted(id),
                            quoted(other)
                        ))
                        .in_field(field.clone()))
                    }
                },
                _ => AttributeValue::Text(value.clone()),
            };
            match (attributes.get_mut(id), parsed) {
                (Some(AttributeValue::Text(existing)), AttributeValue::Text(more))
                    if def.is_some_and(|d| d.kind == AttributeKind::Text) =>
                {
                    existing.push('\n');
                    existing.push_str(&more);
                }
                (Some(_), _) => {
                    return Err(Error::invalid(format!(
                        "the attribute {} is given twice",
                        quoted(id)
                    ))
                    .in_field(field.clone()))
                }
                (None, parsed) => {
                    attributes.insert(id.clone(), parsed);
                }
            }
        }
        Ok(attributes)
    }

    fn ensure_text_attribute(&mut self, id: &str) {
        if self.scheme.attribute(id).is_none() {
            self.scheme.attributes.push(AttributeDef {
                id: id.to_string(),
                name: id.to_string(),
                applies_to: Vec::new(),
                kind: AttributeKind::Text,
                description: String::new(),
            });
        }
    }

    /// One target as a fragment of the text: by position, checked against
    /// the quote; by quote alone; re-anchored to the quote when the two
    /// disagree and the options allow.
    fn anchor(&mut self, target: &Value, field: &str, record: &str) -> Result<Fragment, Error> {
        let Value::Object(target) = target else {
            return Err(Error::invalid(
                "the target is a whole resource, not a span of the text: it needs a selector",
            )
            .in_field(field));
        };
        if let Some(source) = target.get("source").and_then(resource_id) {
            if let Some(sha) = source.strip_prefix("urn:sha256:") {
                if !sha.eq_ignore_ascii_case(self.text.sha256()) {
                    return Err(Error::new(ErrorKind::TextChanged(
                        "the target's source is another text (its SHA-256 differs from this document's)".into(),
                    ))
                    .in_field(format!("{field}.source")));
                }
            }
        }
        let selectors = many(target.get("selector"));
        let selector_array = target.get("selector").is_some_and(Value::is_array);
        let mut position: Option<(usize, usize, String)> = None;
        let mut quote: Option<(String, String, String, String)> = None;
        for (j, selector) in selectors.iter().enumerate() {
            let path = if selector_array {
                format!("{field}.selector[{j}]")
            } else {
                format!("{field}.selector")
            };
            let Value::Object(s) = selector else {
                continue;
            };
            if has_type(s, "TextPositionSelector") {
                let number = |name: &str| -> Result<usize, Error> {
                    s.get(name)
                        .and_then(Value::as_u64)
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| {
                            Error::invalid(
                                "a position must be a whole number of code points, 0 or more",
                            )
                            .in_field(format!("{path}.{name}"))
                        })
                };
                position = Some((number("start")?, number("end")?, path));
            } else if has_type(s, "TextQuoteSelector") {
                let string = |name: &str| -> Result<String, Error> {
                    match s.get(name) {
                        None => Ok(String::new()),
                        Some(Value::String(v)) => Ok(v.clone()),
                        Some(_) => Err(Error::invalid(format!("{name} must be a string"))
                            .in_field(format!("{path}.{name}"))),
                    }
                };
                let exact = match s.get("exact") {
                    Some(Value::String(v)) if !v.is_empty() => v.clone(),
                    _ => {
                        return Err(Error::invalid(
                            "a TextQuoteSelector needs a non-empty exact quote",
                        )
                        .in_field(format!("{path}.exact")))
                    }
                };
                quote = Some((exact, string("prefix")?, string("suffix")?, path));
            }
        }
        let len = self.text.len();
        match (position, quote) {
            (None, None) => Err(Error::invalid(
                "the target has no TextQuoteSelector or TextPositionSelector, so it cannot be placed in the text",
            )
            .in_field(field)),
            (Some((start, end, path)), None) => {
                if end > len {
                    return Err(Error::new(ErrorKind::OutOfRange { start, end, len }).in_field(path));
                }
                Ok(Fragment::new(start, end))
            }
            (None, Some((exact, prefix, suffix, path))) => {
                self.anchored_by_quote += 1;
                best_occurrence(self.text, &exact, &prefix, &suffix, None).ok_or_else(|| {
                    Error::invalid(format!(
                        "the quoted text {} occurs nowhere in the document",
                        quoted(&exact)
                    ))
                    .in_field(format!("{path}.exact"))
                })
            }
            (Some((start, end, position_path)), Some((exact, prefix, suffix, path))) => {
                let found = (end <= len && start <= end).then(|| self.text.slice(start, end));
                if found == Some(exact.as_str()) {
                    return Ok(Fragment::new(start, end));
                }
                if !self.options.reanchor {
                    return Err(match found {
                        Some(found) => Error::new(ErrorKind::QuoteMismatch {
                            expected: found.to_string(),
                            found: exact,
                        })
                        .in_field(format!("{path}.exact")),
                        None => Error::new(ErrorKind::OutOfRange { start, end, len })
                            .in_field(position_path),
                    });
                }
                let moved = best_occurrence(self.text, &exact, &prefix, &suffix, Some(start))
                    .ok_or_else(|| {
                        Error::invalid(format!(
                            "the quoted text {} occurs nowhere in the document, so the span cannot be re-anchored",
                            quoted(&exact)
                        ))
                        .in_field(format!("{path}.exact"))
                    })?;
                self.report.reanchored.push(format!(
                    "{record}, {field}: {} moved from {start}–{end} to {}–{}",
                    quoted(&exact),
                    moved.start,
                    moved.end
                ));
                Ok(moved)
            }
        }
    }
}

/// Names, in the report, what an annotation from another tool holds that
/// the import does not keep: properties of the annotation, its creator, its
/// bodies and its targets, and selectors other than the two it reads.
fn report_unread_fields(item: &Value, n: usize, report: &mut Report) {
    const FORMAT: &str = "W3C";
    let Value::Object(annotation) = item else {
        return;
    };
    let first = ("annotation", n);
    // Scholia's own terms are read where they mean something.
    let scholia_term = |key: &str| key.starts_with("scholia:") || key.starts_with(NAMESPACE);
    let read = [
        "@context",
        "id",
        "@id",
        "type",
        "@type",
        "body",
        "bodyValue",
        "target",
        "motivation",
        "creator",
        "created",
        "modified",
    ];
    let why = |key: &str| match key {
        "generator" | "generated" => "the software that wrote the annotation is not kept",
        "audience" | "rights" | "via" | "canonical" => {
            "the annotation's provenance and rights are not kept"
        }
        "stylesheet" => "styles are not kept",
        _ => "this property of an annotation is not kept",
    };
    let is_read = |key: &str| scholia_term(key) || read.contains(&key);
    report_unread_if(report, FORMAT, "", annotation, is_read, why, first);
    // The motivation names the label only when there is no tag.
    let motivations = many(annotation.get("motivation"));
    let tagged = many(annotation.get("body")).iter().any(|b| {
        many(b.get("purpose")).iter().any(|p| {
            p.as_str()
                .is_some_and(|p| p.trim_start_matches("oa:") == "tagging")
        })
    });
    let linking = motivations.iter().any(|m| {
        m.as_str()
            .is_some_and(|m| m.trim_start_matches("oa:") == "linking")
    });
    if tagged && !linking && !motivations.is_empty() {
        say_once(
            &mut report.not_represented,
            format!("{FORMAT}: the motivation of an annotation that has a tag is not kept: `motivation`"),
            first,
        );
    }
    for creator in many(annotation.get("creator")) {
        if let Value::Object(agent) = creator {
            let read = ["name", "nickname", "id", "@id"];
            let why = |_: &str| "an agent's details besides its name are not kept";
            report_unread(report, FORMAT, "creator.", agent, &read, why, first);
        }
    }
    for body in many(annotation.get("body")) {
        if let Value::Object(body) = body {
            let read = [
                "type",
                "@type",
                "purpose",
                "value",
                "rdf:value",
                "id",
                "@id",
                "source",
            ];
            let why = |_: &str| "this property of a body is not kept";
            let is_read = |key: &str| scholia_term(key) || read.contains(&key);
            report_unread_if(report, FORMAT, "body.", body, is_read, why, first);
        }
    }
    for target in many(annotation.get("target")) {
        let Value::Object(target) = target else {
            continue;
        };
        let read = ["type", "@type", "selector", "id", "@id", "source"];
        let why = |_: &str| "this property of a target is not kept";
        report_unread(report, FORMAT, "target.", target, &read, why, first);
        if let Some(source) = target.get("source").and_then(resource_id) {
            if !source.starts_with("urn:sha256:") {
                say_once(
                    &mut report.not_represented,
                    format!("{FORMAT}: the targets' `source` (the text's address, {}) is not kept: the document is the text read", quoted(source)),
                    first,
                );
            }
        }
        for selector in many(target.get("selector")) {
            let Value::Object(selector) = selector else {
                continue;
            };
            let kind = many(selector.get("type").or_else(|| selector.get("@type")))
                .first()
                .and_then(|t| t.as_str())
                .unwrap_or("")
                .trim_start_matches("oa:")
                .to_string();
            if kind != "TextQuoteSelector" && kind != "TextPositionSelector" {
                say_once(
                    &mut report.not_represented,
                    format!("{FORMAT}: selectors other than TextQuoteSelector and TextPositionSelector are not kept: `{kind}`"),
                    first,
                );
            }
        }
    }
}

/// A target or body given only by its URI (a string, or an object with an
/// id and no selector).
fn is_bare_resource(value: &Value) -> bool {
    match value {
        Value::String(_) => true,
        Value::Object(o) => {
            resource_id(value).is_some() && o.get("selector").is_none() && o.get("source").is_none()
        }
        _ => false,
    }
}

/// The layer named by a `creator`: a string (a URI or a name), or an agent
/// object's name, nickname or id; the first of several.
fn creator(value: Option<&Value>) -> Result<Option<String>, Error> {
    let Some(first) = many(value).into_iter().next() else {
        return Ok(None);
    };
    let name = match first {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => ["name", "nickname", "id", "@id"].iter().find_map(|k| {
            many(o.get(*k))
                .first()
                .and_then(|v| v.as_str())
                .map(str::to_string)
        }),
        _ => None,
    };
    match name.filter(|n| !n.is_empty()) {
        Some(name) => Ok(Some(name)),
        None => Err(
            Error::invalid("the creator must be a URI or an agent with a name").in_field("creator"),
        ),
    }
}

fn time(value: Option<&Value>, field: &str, default: Timestamp) -> Result<Timestamp, Error> {
    match value {
        None => Ok(default),
        Some(Value::String(s)) => Timestamp::parse_rfc3339(s).ok_or_else(|| {
            Error::invalid(format!(
                "{} is not an xsd:dateTime such as 2026-11-28T17:36:13Z",
                quoted(s)
            ))
            .in_field(field)
        }),
        Some(_) => Err(Error::invalid("a date and time must be a string").in_field(field)),
    }
}

/// Where `exact` is, preferring occurrences whose surroundings match the
/// prefix and suffix, then (when re-anchoring) the one nearest `near`.
fn best_occurrence(
    text: &Text,
    exact: &str,
    prefix: &str,
    suffix: &str,
    near: Option<usize>,
) -> Option<Fragment> {
    if prefix.is_empty() && suffix.is_empty() {
        return nearest_occurrence(text, exact, near.unwrap_or(0));
    }
    let haystack = text.as_str();
    let exact_chars = exact.chars().count();
    let mut best: Option<(usize, usize, usize)> = None; // (score, distance, start)
    let mut from = 0;
    while let Some(found) = haystack[from..].find(exact) {
        let byte = from + found;
        let before = &haystack[..byte];
        let after = &haystack[byte + exact.len()..];
        let score = common_suffix(before, prefix) + common_prefix(after, suffix);
        let start = text.code_point_offset(byte);
        let distance = near.map_or(0, |n| start.abs_diff(n));
        let better = match best {
            None => true,
            Some((s, d, _)) => score > s || (score == s && distance < d),
        };
        if better {
            best = Some((score, distance, start));
        }
        from = byte + haystack[byte..].chars().next().map_or(1, char::len_utf8);
    }
    best.map(|(_, _, start)| Fragment::new(start, start + exact_chars))
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}
