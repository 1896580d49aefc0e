//! model → W3C Web Annotation. These serde types are the shapes Scholia
//! writes; the reader accepts more (see `read.rs`).

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::{derived_uuid, is_canonical_uuid, ANNO_CONTEXT, NAMESPACE};
use crate::error::{quoted, Error};
use crate::format::scholia::{scheme_to_file, SchemeV1};
use crate::format::{ExportOptions, Exported, ExportedFile, Report};
use crate::knowledge::file::{entity_to_file, EntityV1};
use crate::knowledge::{linked_entities, KnowledgeBase};
use crate::model::{Annotation, AttributeValue, Key, Relation};
use crate::text::Text;
use crate::AnnotatedDocument;

/// How many code points of context a `TextQuoteSelector` gives on each side.
pub const CONTEXT_CHARS: usize = 32;

#[derive(Serialize)]
struct Collection {
    #[serde(rename = "@context")]
    context: Value,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    generator: Agent,
    #[serde(rename = "scholia:document")]
    document: DocumentResource,
    #[serde(rename = "scholia:scheme")]
    scheme: SchemeV1,
    #[serde(rename = "scholia:entities", skip_serializing_if = "Vec::is_empty")]
    entities: Vec<EntityV1>,
    first: Page,
}

#[derive(Serialize)]
struct Agent {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    name: String,
}

#[derive(Serialize)]
struct DocumentResource {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    format: &'static str,
    #[serde(rename = "scholia:id")]
    scholia_id: String,
    value: String,
}

#[derive(Serialize)]
struct Page {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<W3cAnnotation>,
}

#[derive(Serialize)]
struct W3cAnnotation {
    #[serde(rename = "@context")]
    context: Value,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    motivation: Option<&'static str>,
    creator: Agent,
    #[serde(skip_serializing_if = "String::is_empty")]
    created: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    modified: String,
    #[serde(rename = "scholia:id", skip_serializing_if = "Option::is_none")]
    scholia_id: Option<String>,
    #[serde(rename = "scholia:foreignId", skip_serializing_if = "Option::is_none")]
    foreign_id: Option<String>,
    body: Vec<Body>,
    target: Targets,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body {
    Iri(String),
    Textual(TextualBody),
    Identifying(IdentifyingBody),
}

/// An entity link: the entity's URI as a `SpecificResource` with the
/// purpose `identifying`.
#[derive(Serialize)]
struct IdentifyingBody {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    source: String,
    #[serde(rename = "scholia:entity")]
    entity: String,
}

#[derive(Serialize)]
struct TextualBody {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: String,
    #[serde(rename = "scholia:attribute", skip_serializing_if = "Option::is_none")]
    attribute: Option<String>,
    /// A document label's set.
    #[serde(rename = "scholia:set", skip_serializing_if = "Option::is_none")]
    set: Option<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Targets {
    Iri(String),
    One(SpecificResource),
    Many(Vec<SpecificResource>),
}

#[derive(Serialize)]
struct SpecificResource {
    #[serde(rename = "type")]
    kind: &'static str,
    source: String,
    selector: [Selector; 2],
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector {
    TextQuoteSelector {
        exact: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        prefix: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        suffix: String,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// The `@context` of every annotation: the Web Annotation context and the
/// `scholia:` prefix.
fn annotation_context() -> Value {
    serde_json::json!([ANNO_CONTEXT, { "scholia": NAMESPACE }])
}

/// Writes the document as one `AnnotationCollection` (all layers, or only
/// `options.layer`).
pub fn export(doc: &AnnotatedDocument, options: &ExportOptions) -> Result<Exported, Error> {
    let layers = doc.layers();
    if let Some(layer) = &options.layer {
        if !layers.is_empty() && !layers.contains(&layer.as_str()) {
            return Err(Error::invalid(format!(
                "there is no layer {} in this document; its layers are {}",
                quoted(layer),
                layers
                    .iter()
                    .map(|l| quoted(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .in_field("layer"));
        }
    }
    let keep = |key: &Key| options.layer.as_ref().is_none_or(|l| *l == key.layer);
    let annotations: Vec<&Annotation> = doc
        .annotations_in_document_order()
        .into_iter()
        .filter(|a| keep(&a.key))
        .collect();
    let relations: Vec<&Relation> = doc.relations().filter(|r| keep(&r.key)).collect();
    let mut report = Report::default();
    if options.layer.is_some() {
        let others: Vec<String> = layers
            .iter()
            .filter(|l| Some(**l) != options.layer.as_deref())
            .map(|l| quoted(l))
            .collect();
        if !others.is_empty() {
            report.not_represented.push(format!(
                "only the chosen layer is written: the layers {} are not in this file",
                others.join(", ")
            ));
        }
    }

    let ids = Ids::new(&annotations, &relations);
    let text = &doc.document().text;
    let source = format!("urn:sha256:{}", text.sha256());
    let mut items = Vec::with_capacity(annotations.len() + relations.len());
    for a in &annotations {
        let (id, scholia_id) = ids.uri("annotation", &a.key);
        let mut body = vec![Body::Textual(tag(&a.label))];
        if let Some(entity) = &a.entity {
            body.push(Body::Identifying(IdentifyingBody {
                kind: "SpecificResource",
                purpose: "identifying",
                source: entity_uri(&options.knowledge_base, entity),
                entity: entity.to_string(),
            }));
        }
        body.extend(note_and_attributes(&a.note, &a.attributes));
        let targets: Vec<SpecificResource> = a
            .fragments
            .iter()
            .map(|f| SpecificResource {
                kind: "SpecificResource",
                source: source.clone(),
                selector: selectors(text, f.start, f.end),
            })
            .collect();
        let target = match <[SpecificResource; 1]>::try_from(targets) {
            Ok([one]) => Targets::One(one),
            Err(many) => Targets::Many(many),
        };
        items.push(W3cAnnotation {
            context: annotation_context(),
            id,
            kind: "Annotation",
            motivation: None,
            creator: creator(&a.key.layer),
            created: a.created.to_rfc3339(),
            modified: a.modified.to_rfc3339(),
            scholia_id,
            foreign_id: a.foreign_id.clone(),
            body,
            target,
        });
    }
    for r in &relations {
        let (id, scholia_id) = ids.uri("relation", &r.key);
        let (target_annotation, _) = ids.uri("annotation", &r.target_key());
        let (source_annotation, _) = ids.uri("annotation", &r.source_key());
        let mut body = vec![Body::Iri(target_annotation), Body::Textual(tag(&r.kind))];
        body.extend(note_and_attributes(&r.note, &r.attributes));
        items.push(W3cAnnotation {
            context: annotation_context(),
            id,
            kind: "Annotation",
            motivation: Some("linking"),
            creator: creator(&r.key.layer),
            created: r.created.to_rfc3339(),
            modified: r.modified.to_rfc3339(),
            scholia_id,
            foreign_id: r.foreign_id.clone(),
            body,
            target: Targets::Iri(source_annotation),
        });
    }

    // Document labels: per layer and set, an annotation of the whole
    // document (its target the document's URI) with a `classifying` body
    // per option chosen.
    for (layer, set, values) in doc.document_labels() {
        if !keep(&Key::new(layer.clone(), "")) {
            continue;
        }
        let uuid = derived_uuid("document-labels", layer, set);
        items.push(W3cAnnotation {
            context: annotation_context(),
            id: format!("urn:uuid:{}", uuid.hyphenated()),
            kind: "Annotation",
            motivation: Some("classifying"),
            creator: creator(layer),
            created: String::new(),
            modified: String::new(),
            scholia_id: None,
            foreign_id: None,
            body: values
                .iter()
                .map(|value| {
                    Body::Textual(TextualBody {
                        kind: "TextualBody",
                        purpose: "classifying",
                        value: value.clone(),
                        attribute: None,
                        set: Some(set.to_string()),
                    })
                })
                .collect(),
            target: Targets::Iri(source.clone()),
        });
    }

    let document = doc.document();
    let entities: Vec<EntityV1> = linked_entities(doc, &options.knowledge_base)
        .into_iter()
        .map(entity_to_file)
        .collect();
    let mut terms = serde_json::json!(
        { "@version": 1.1, "scholia": NAMESPACE, "scholia:scheme": { "@type": "@json" } }
    );
    if !entities.is_empty() {
        terms["scholia:entities"] = serde_json::json!({ "@type": "@json" });
    }
    let collection = Collection {
        context: serde_json::json!([ANNO_CONTEXT, terms]),
        id: format!(
            "urn:uuid:{}",
            derived_uuid("document", "", &document.id).hyphenated()
        ),
        kind: "AnnotationCollection",
        label: document.title.clone(),
        total: items.len(),
        generator: Agent {
            kind: Some("Software"),
            name: format!("Scholia {}", env!("CARGO_PKG_VERSION")),
        },
        document: DocumentResource {
            id: source,
            kind: "Text",
            format: "text/plain",
            scholia_id: document.id.clone(),
            value: text.as_str().to_string(),
        },
        scheme: scheme_to_file(doc.scheme()),
        entities,
        first: Page {
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    let content = serde_json::to_string_pretty(&collection).map_err(|e| {
        Error::invalid(format!("the annotations could not be written as JSON: {e}"))
    })?;
    Ok(Exported {
        files: vec![ExportedFile {
            extension: ".jsonld".into(),
            content,
        }],
        report,
    })
}

fn creator(layer: &str) -> Agent {
    Agent {
        kind: None,
        name: layer.to_string(),
    }
}

fn tag(value: &str) -> TextualBody {
    TextualBody {
        kind: "TextualBody",
        purpose: "tagging",
        value: value.to_string(),
        attribute: None,
        set: None,
    }
}

/// An entity's URI: its own (a URI or Wikidata QID among its external
/// ids), else a UUID made from its id.
fn entity_uri(kb: &KnowledgeBase, id: &str) -> String {
    kb.entity(id)
        .and_then(|e| e.uri())
        .unwrap_or_else(|| format!("urn:uuid:{}", derived_uuid("entity", "", id).hyphenated()))
}

/// The note as a `commenting` body, each attribute as a `classifying` one.
fn note_and_attributes(
    note: &str,
    attributes: &std::collections::BTreeMap<String, AttributeValue>,
) -> Vec<Body> {
    let mut bodies = Vec::new();
    if !note.is_empty() {
        bodies.push(Body::Textual(TextualBody {
            kind: "TextualBody",
            purpose: "commenting",
            value: note.to_string(),
            attribute: None,
            set: None,
        }));
    }
    for (id, value) in attributes {
        let value = match value {
            AttributeValue::Flag(b) => b.to_string(),
            AttributeValue::Text(t) => t.clone(),
        };
        bodies.push(Body::Textual(TextualBody {
            kind: "TextualBody",
            purpose: "classifying",
            value,
            attribute: Some(id.clone()),
            set: None,
        }));
    }
    bodies
}

/// Both selectors of one fragment: the quote with up to [`CONTEXT_CHARS`]
/// code points on either side, and the position in code points.
fn selectors(text: &Text, start: usize, end: usize) -> [Selector; 2] {
    [
        Selector::TextQuoteSelector {
            exact: text.slice(start, end).to_string(),
            prefix: text
                .slice(start.saturating_sub(CONTEXT_CHARS), start)
                .to_string(),
            suffix: text.slice(end, end + CONTEXT_CHARS).to_string(),
        },
        Selector::TextPositionSelector { start, end },
    ]
}

/// The URIs of an export's records: a record's own id when it is a UUID
/// used by no other record of the file, else a UUID derived from its kind,
/// layer and id (and then the id is written in `scholia:id`).
struct Ids {
    uses: HashMap<String, usize>,
}

impl Ids {
    fn new(annotations: &[&Annotation], relations: &[&Relation]) -> Ids {
        let mut uses: HashMap<String, usize> = HashMap::new();
        for key in annotations
            .iter()
            .map(|a| &a.key)
            .chain(relations.iter().map(|r| &r.key))
        {
            *uses.entry(key.id.to_string()).or_default() += 1;
        }
        Ids { uses }
    }

    fn uri(&self, kind: &str, key: &Key) -> (String, Option<String>) {
        if is_canonical_uuid(&key.id) && self.uses.get(key.id.as_str()) == Some(&1) {
            (format!("urn:uuid:{}", key.id), None)
        } else {
            let uuid = derived_uuid(kind, &key.layer, &key.id);
            (
                format!("urn:uuid:{}", uuid.hyphenated()),
                Some(key.id.to_string()),
            )
        }
    }
}
