//! doccano JSON Lines, sequence labelling (see docs/formats.md).
//!
//! One record per line, one document per record. Reads every shape doccano
//! has written:
//!
//! - `{"text": …, "label": [[start, end, "LABEL"], …]}` (sequence labelling;
//!   `labels` in doccano 1.2, `data` for the text in doccano 1.5);
//! - `{"text": …, "entities": [{"id", "label", "start_offset", "end_offset"}],
//!   "relations": [{"id", "from_id", "to_id", "type"}]}` (with relations);
//! - `{"text": …, "annotations": [{"label", "start_offset", "end_offset",
//!   "user"}]}` (doccano 1.0–1.2, where `label` may be a number);
//! - a JSON array of such records (doccano's JSON export) or one
//!   pretty-printed record.
//!
//! The annotator is the record's `user` (or `username`), else the span's own
//! `user`, else [`ImportOptions::annotator`], else the file name's stem
//! (doccano exports one `<username>.jsonl` per annotator).
//!
//! doccano carries no quoted text, so offsets cannot be checked against the
//! text: [`ImportOptions::offsets`] says how they count. doccano's web
//! annotator counts UTF-16 code units (its spans are JavaScript string
//! indexes), so files it wrote need [`OffsetUnit::Utf16`] when the text has
//! characters outside the Basic Multilingual Plane (emoji, some CJK);
//! files written by Python scripts count code points, the default.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{describe_relation, quoted, Error, ErrorKind};
use crate::format::records::{
    self, at_record, chosen_layer, id_text, json_line, json_records, kind_of, layer_annotations,
    layer_for, layer_relations, not_carried, report_unread, shape, split_fragments_note, Builder,
    Offsets,
};
use crate::format::{ExportOptions, Exported, ExportedFile, ImportOptions, Imported, Report};
use crate::model::Key;
use crate::AnnotatedDocument;

/// The file name extension doccano uses.
pub const EXTENSION: &str = ".jsonl";

/// The document label set of a text-classification project's classes.
pub const CLASSES: &str = "label";

/// One record, in any of the shapes doccano has written; fields that are not
/// listed (doccano's `meta` keys, `Comments`) are ignored.
#[derive(Debug, Deserialize)]
struct RecordIn {
    #[serde(default)]
    text: Option<String>,
    /// doccano 1.5 wrote the text as `data`.
    #[serde(default)]
    data: Option<Value>,
    /// `[[start, end, label]]`, or in doccano 1.5's relation export an
    /// object holding `entities` and `relations`.
    #[serde(default)]
    label: Option<Value>,
    #[serde(default)]
    labels: Option<Value>,
    #[serde(default)]
    entities: Option<Vec<Value>>,
    #[serde(default)]
    relations: Option<Vec<RelationIn>>,
    #[serde(default)]
    annotations: Option<Vec<Value>>,
    #[serde(default)]
    user: Option<Value>,
    #[serde(default)]
    username: Option<String>,
    /// Text classification as categories: `{"label": score}` or a list.
    #[serde(default)]
    cats: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct RelationIn {
    #[serde(default)]
    id: Option<Value>,
    from_id: Value,
    to_id: Value,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    user: Option<Value>,
}

/// A line in the `label` shape.
#[derive(Debug, Serialize)]
struct LabelRecordOut<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cats: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<&'a str>,
}

/// A line of a text-classification project: `label` holds its classes.
#[derive(Debug, Serialize)]
struct ClassRecordOut<'a> {
    text: &'a str,
    label: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<&'a str>,
}

/// A line in the `entities`/`relations` shape.
#[derive(Debug, Serialize)]
struct EntityRecordOut<'a> {
    text: &'a str,
    entities: Vec<EntityOut<'a>>,
    relations: Vec<RelationOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cats: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct EntityOut<'a> {
    id: usize,
    label: &'a str,
    start_offset: usize,
    end_offset: usize,
}

#[derive(Debug, Serialize)]
struct RelationOut<'a> {
    id: usize,
    from_id: usize,
    to_id: usize,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// Reads a doccano file: every record becomes a document.
pub fn import(input: &str, options: &ImportOptions) -> Result<Imported, Error> {
    let mut imported = Imported::default();
    let records = json_records(input).map_err(|e| records::in_file(e, options))?;
    for record in records {
        let doc = import_value(
            record.value,
            record.line,
            record.index,
            options,
            &mut imported.report,
        )?;
        imported.documents.push(doc);
    }
    Ok(imported)
}

/// Reads one line of a doccano JSON Lines file (`None` for a blank line), so
/// that a large file can be read a line at a time. `index` is the record's
/// 1-based position among the file's records, `line_number` its line.
pub fn import_line(
    line: &str,
    line_number: usize,
    index: usize,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<Option<AnnotatedDocument>, Error> {
    let Some(value) = json_line(line, line_number).map_err(|e| records::in_file(e, options))?
    else {
        return Ok(None);
    };
    import_value(value, Some(line_number), index, options, report).map(Some)
}

fn import_value(
    value: Value,
    line: Option<usize>,
    index: usize,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<AnnotatedDocument, Error> {
    read_record(value, index, options, report)
        .map_err(|e| at_record(e, line, ("record", index), options))
}

/// A span as doccano wrote it, before it is checked.
struct SpanIn {
    id: Option<String>,
    start: usize,
    end: usize,
    label: String,
    user: Option<String>,
    /// Where it is in the record: `label[3]`, `entities[0]`.
    field: String,
}

fn read_record(
    value: Value,
    index: usize,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<AnnotatedDocument, Error> {
    let Value::Object(object) = &value else {
        return Err(Error::invalid(format!(
            "a doccano record is a JSON object with a \"text\", not {}",
            kind_of(&value)
        )));
    };
    report_unread_fields(object, index, report);
    let record: RecordIn = shape(value)?;
    let text = match (&record.text, &record.data) {
        (Some(text), _) => text.clone(),
        (None, Some(Value::String(text))) => text.clone(),
        (None, Some(_)) => {
            return Err(Error::invalid(
                "the text is not a string (is this an image or audio project?)",
            )
            .in_field("data"))
        }
        (None, None) => return Err(Error::new(ErrorKind::Missing).in_field("text")),
    };
    let record_user = record
        .user
        .as_ref()
        .and_then(id_text)
        .or_else(|| record.username.clone());
    let mut spans = Vec::new();
    let mut relations = record.relations.unwrap_or_default();
    let (label_field, label_value) = match (record.label, record.labels) {
        (Some(label), _) => ("label", Some(label)),
        (None, labels) => ("labels", labels),
    };
    // Text classification: a label that is a string is a class of the
    // whole text (a document label of the set `label`).
    let mut classes: Vec<String> = Vec::new();
    match label_value {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(class) if !class.trim().is_empty() => classes.push(class.clone()),
                    _ => spans.push(span_in(item, &format!("{label_field}[{i}]"))?),
                }
            }
        }
        Some(Value::String(class)) if !class.trim().is_empty() => classes.push(class),
        // doccano 1.5 wrote a relation project's spans and relations here.
        Some(Value::Object(mut inner)) => {
            if let Some(Value::Array(items)) = inner.remove("entities") {
                for (i, item) in items.iter().enumerate() {
                    spans.push(span_in(item, &format!("{label_field}.entities[{i}]"))?);
                }
            }
            if let Some(inner_relations) = inner.remove("relations") {
                let more: Vec<RelationIn> = shape(inner_relations)
                    .map_err(|e| e.in_field(format!("{label_field}.relations")))?;
                relations.extend(more);
            }
        }
        Some(Value::Null) | None => {}
        Some(other) => {
            return Err(Error::invalid(format!(
                "expected a list of [start, end, label] spans, found {}",
                kind_of(&other)
            ))
            .in_field(label_field))
        }
    }
    for (i, item) in record.entities.iter().flatten().enumerate() {
        spans.push(span_in(item, &format!("entities[{i}]"))?);
    }
    for (i, item) in record.annotations.iter().flatten().enumerate() {
        spans.push(span_in(item, &format!("annotations[{i}]"))?);
    }

    let mut options_seen = classes.clone();
    match &record.cats {
        Some(Value::Object(cats)) => {
            for (class, score) in cats {
                options_seen.push(class.clone());
                let on = match score {
                    Value::Number(n) => n.as_f64().is_some_and(|n| n >= 0.5),
                    Value::Bool(b) => *b,
                    _ => false,
                };
                if on {
                    classes.push(class.clone());
                }
            }
        }
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let class = label_text(item).map_err(|e| e.in_field(format!("cats[{i}]")))?;
                options_seen.push(class.clone());
                classes.push(class);
            }
        }
        Some(Value::Null) | None => {}
        Some(other) => {
            return Err(Error::invalid(format!(
                "expected the classes (a list, or each class with its score), found {}",
                kind_of(other)
            ))
            .in_field("cats"))
        }
    }

    let mut builder = Builder::new(&text, index);
    if !options_seen.is_empty() {
        let layer = layer_for(options, record_user.clone());
        records::put_document_labels(&mut builder.doc, &layer, CLASSES, &options_seen, &classes);
    }
    let offsets = Offsets::new(builder.text(), options.offsets);
    let mut fragments = Vec::with_capacity(spans.len());
    for span in &spans {
        let fragment = offsets
            .fragment(span.start, span.end, ("start_offset", "end_offset"))
            .map_err(|e| e.in_field(span.field.clone()))?;
        fragments.push(fragment);
    }
    // Spans without an id are numbered 1, 2… skipping the ids others have.
    let given: std::collections::HashSet<&str> =
        spans.iter().filter_map(|s| s.id.as_deref()).collect();
    let mut generated = 0;
    for (span, fragment) in spans.iter().zip(fragments) {
        let layer = layer_for(options, span.user.clone().or(record_user.clone()));
        let id = match &span.id {
            Some(id) => id.clone(),
            None => loop {
                generated += 1;
                let candidate = generated.to_string();
                if !given.contains(candidate.as_str()) {
                    break candidate;
                }
            },
        };
        let annotation = records::span(
            Key::new(layer, id),
            &span.label,
            fragment,
            options.now,
            options.now,
        );
        builder
            .add_span(annotation)
            .map_err(|e| e.in_field(span.field.clone()))?;
    }
    for (i, relation) in relations.iter().enumerate() {
        let field = format!("relations[{i}]");
        let end = |value: &Value, name: &str| {
            id_text(value).ok_or_else(|| {
                Error::invalid(format!(
                    "expected the id of an entity, found {}",
                    kind_of(value)
                ))
                .in_field(format!("{field}.{name}"))
            })
        };
        let source = end(&relation.from_id, "from_id")?;
        let target = end(&relation.to_id, "to_id")?;
        let layer = layer_for(
            options,
            relation
                .user
                .as_ref()
                .and_then(id_text)
                .or(record_user.clone()),
        );
        let id = relation
            .id
            .as_ref()
            .and_then(id_text)
            .unwrap_or_else(|| format!("r{}", i + 1));
        if relation.kind.trim().is_empty() {
            return Err(Error::invalid("the relation type is empty")
                .in_field(format!("{field}.type"))
                .in_record(describe_relation(&layer, &id)));
        }
        let new = records::relation(
            Key::new(layer, id),
            &relation.kind,
            &source,
            &target,
            options.now,
        );
        builder.add_relation(new).map_err(|mut e| {
            e.field = Some(match e.field.as_deref() {
                Some("source") => format!("{field}.from_id"),
                Some("target") => format!("{field}.to_id"),
                Some("type") => format!("{field}.type"),
                _ => field.clone(),
            });
            e
        })?;
    }
    records::note_astral_code_points(&builder, options, report);
    Ok(builder.doc)
}

/// Names, in the report, every field of a record (and of its entities and
/// relations) that the import does not keep: doccano's bookkeeping, its
/// comments, and the metadata doccano writes beside the text.
fn report_unread_fields(
    object: &serde_json::Map<String, Value>,
    index: usize,
    report: &mut Report,
) {
    const FORMAT: &str = "doccano";
    let first = ("record", index);
    let read = [
        "text",
        "data",
        "label",
        "labels",
        "entities",
        "relations",
        "annotations",
        "user",
        "username",
        "cats",
    ];
    let why = |key: &str| match key {
        "id" => "doccano's example id is not kept",
        "Comments" | "comments" => {
            "comments on the example are not kept (Scholia's notes belong to annotations)"
        }
        "annotation_approver" => "who approved the example is not kept",
        _ => "the example's metadata is not kept",
    };
    report_unread(report, FORMAT, "", object, &read, why, first);
    let read = ["id", "label", "start_offset", "end_offset", "user"];
    for list in ["entities", "annotations"] {
        if let Some(Value::Array(items)) = object.get(list) {
            for item in items.iter().filter_map(Value::as_object) {
                report_unread(
                    report,
                    FORMAT,
                    &format!("{list}[]."),
                    item,
                    &read,
                    |_| "this field is not read",
                    first,
                );
            }
        }
    }
    if let Some(Value::Array(items)) = object.get("relations") {
        for item in items.iter().filter_map(Value::as_object) {
            report_unread(
                report,
                FORMAT,
                "relations[].",
                item,
                &["id", "from_id", "to_id", "type", "user"],
                |_| "this field is not read",
                first,
            );
        }
    }
}

/// One span in any of doccano's shapes: `[start, end, label]` or an object
/// with `start_offset`, `end_offset`, `label` (and maybe `id`, `user`).
fn span_in(item: &Value, field: &str) -> Result<SpanIn, Error> {
    let at = |e: Error| e.in_field(field.to_string());
    match item {
        Value::Array(parts) => {
            if parts.len() != 3 {
                return Err(at(Error::invalid(format!(
                    "expected [start, end, label], found a list of {} items",
                    parts.len()
                ))));
            }
            Ok(SpanIn {
                id: None,
                start: offset(&parts[0]).map_err(|e| at(e.in_field("[0]")))?,
                end: offset(&parts[1]).map_err(|e| at(e.in_field("[1]")))?,
                label: label_text(&parts[2]).map_err(|e| at(e.in_field("[2]")))?,
                user: None,
                field: field.to_string(),
            })
        }
        Value::Object(map) => {
            let get = |name: &str| {
                map.get(name)
                    .ok_or_else(|| at(Error::new(ErrorKind::Missing).in_field(name)))
            };
            Ok(SpanIn {
                id: map.get("id").and_then(id_text),
                start: offset(get("start_offset")?).map_err(|e| at(e.in_field("start_offset")))?,
                end: offset(get("end_offset")?).map_err(|e| at(e.in_field("end_offset")))?,
                label: label_text(get("label")?).map_err(|e| at(e.in_field("label")))?,
                user: map.get("user").and_then(id_text),
                field: field.to_string(),
            })
        }
        Value::String(label) => Err(at(Error::invalid(format!(
            "found the label {} without offsets: this is a text-classification file, and Scholia reads sequence labelling",
            quoted(label)
        )))),
        other => Err(at(Error::invalid(format!(
            "expected [start, end, label], found {}",
            kind_of(other)
        )))),
    }
}

fn offset(value: &Value) -> Result<usize, Error> {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| {
            Error::invalid(format!(
                "expected an offset (a whole number, 0 or more), found {}",
                kind_of(value)
            ))
        })
}

/// A label: text, or (doccano 1.0–1.2) the number of a label in the project.
fn label_text(value: &Value) -> Result<String, Error> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(Error::invalid(format!(
            "expected a label, found {}",
            kind_of(other)
        ))),
    }
}

/// Writes one layer of a document as one doccano line: the
/// `entities`/`relations` shape when the document's scheme has relation
/// types (doccano's relation projects), else the `label` shape. Labels are
/// written by id; offsets in [`ExportOptions::offsets`].
pub fn export(doc: &AnnotatedDocument, options: &ExportOptions) -> Result<Exported, Error> {
    let layer = chosen_layer(doc, options, "doccano")?;
    let layer = layer.as_deref();
    let text = doc.document().text.as_str();
    let offsets = Offsets::new(&doc.document().text, options.offsets);
    let annotations = layer_annotations(doc, layer);
    let relations = layer_relations(doc, layer);
    let with_relations = !doc.scheme().relation_types.is_empty() || !relations.is_empty();
    let mut not_represented = not_carried(doc, layer, "doccano", with_relations, false);
    not_represented.extend(records::links_and_labels_not_carried(
        doc, layer, "doccano", false, true,
    ));
    // The classes: every layer's answers (doccano has no sets).
    let answered: Vec<(&str, &[String])> = doc
        .document_labels()
        .filter(|(l, _, _)| layer.is_none_or(|layer| *l == layer))
        .map(|(_, set, values)| (set, values))
        .collect();
    if answered.len() > 1 {
        not_represented.push(format!(
            "doccano: the document labels of {} sets are written together as the text's classes, which have no sets",
            answered.len()
        ));
    }
    let cats: Vec<&str> = answered
        .iter()
        .flat_map(|(_, values)| values.iter().map(String::as_str))
        .collect();
    let mut report = Report {
        not_represented,
        notes: records::missing_layer_note(doc, layer)
            .into_iter()
            .collect(),
        ..Report::default()
    };
    // Entities are numbered in document order; an annotation's first
    // fragment carries the number its relations use.
    let mut entities = Vec::new();
    let mut first_entity = std::collections::BTreeMap::new();
    for annotation in &annotations {
        let first = entities.len() + 1;
        let mut ids = Vec::new();
        for fragment in &annotation.fragments {
            let id = entities.len() + 1;
            ids.push(id.to_string());
            entities.push(EntityOut {
                id,
                label: &annotation.label,
                start_offset: offsets.in_file_unit(fragment.start),
                end_offset: offsets.in_file_unit(fragment.end),
            });
        }
        first_entity.insert(&annotation.key, first);
        if annotation.fragments.len() > 1 {
            report
                .not_represented
                .push(split_fragments_note(doc, annotation, &ids));
        }
    }
    let line = if annotations.is_empty() && !with_relations && !cats.is_empty() {
        serde_json::to_string(&ClassRecordOut {
            text,
            label: cats,
            user: layer,
        })
    } else if with_relations {
        let relations = relations
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                Some(RelationOut {
                    id: i + 1,
                    from_id: *first_entity.get(&r.source_key())?,
                    to_id: *first_entity.get(&r.target_key())?,
                    kind: &r.kind,
                })
            })
            .collect();
        serde_json::to_string(&EntityRecordOut {
            text,
            entities,
            relations,
            cats,
            user: layer,
        })
    } else {
        serde_json::to_string(&LabelRecordOut {
            text,
            label: entities
                .iter()
                .map(|e| (e.start_offset, e.end_offset, e.label))
                .collect(),
            cats,
            user: layer,
        })
    }
    .map_err(|e| Error::invalid(format!("the document could not be written: {e}")))?;
    Ok(Exported {
        files: vec![ExportedFile {
            extension: EXTENSION.to_string(),
            content: line + "\n",
        }],
        report,
    })
}
