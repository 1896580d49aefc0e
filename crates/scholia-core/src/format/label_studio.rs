//! Label Studio JSON tasks (see docs/formats.md).
//!
//! A file is a JSON array of tasks (Label Studio's "JSON" export) or one
//! task. A task is one document: `data.text`, and `annotations` (`completions`
//! in Label Studio 0.x), each the work of one annotator (`completed_by`), so
//! each becomes a layer. In an annotation's `result`:
//!
//! - `type: "labels"` regions, `value.start`/`value.end` (code points, as
//!   current Label Studio stores them; [`ImportOptions::offsets`] reads files
//!   from versions of 2021, which stored JavaScript's UTF-16 indexes),
//!   `value.labels`, and `value.text`, the covered text, which is checked;
//!   `meta.text` (the region's meta text) is the note;
//! - `type: "relation"` results: `from_id`, `to_id`, `direction`, `labels`;
//! - per-region `textarea` results (same `id` as a region) add to the note;
//!   every other result type is counted in the report as not imported.
//!
//! A task's `predictions` (a model's output: `model_version`, `score`, and
//! `labels` results as above, each with an optional `score`) are not
//! annotations: they are read as suggestions ([`Imported::predictions`]),
//! each with the result's score, else the prediction's, else 1.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{describe_annotation, quoted, Error, ErrorKind};
use crate::format::records::{
    self, at_record, check_quote, id_text, json_records, kind_of, layer_for, report_unread, shape,
    Builder, Offsets,
};
use crate::format::{ExportOptions, Exported, ExportedFile, ImportOptions, Imported, Report};
use crate::model::{Fragment, Key, Timestamp};
use crate::suggest::{Source, Suggestion};
use crate::AnnotatedDocument;

/// The file name extension for Label Studio tasks.
pub const EXTENSION: &str = ".json";
/// The names Scholia's export gives the labelling controls: Label Studio's
/// "Named Entity Recognition" template, `<Labels name="label" toName="text">`
/// over `<Text name="text" value="$text"/>`.
pub const FROM_NAME: &str = "label";
pub const TO_NAME: &str = "text";
/// The type of relations whose Label Studio relation has no label.
pub const UNLABELLED_RELATION: &str = "relation";

#[derive(Debug, Deserialize)]
struct TaskIn {
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    annotations: Option<Vec<AnnotationIn>>,
    /// Label Studio 0.x.
    #[serde(default)]
    completions: Option<Vec<AnnotationIn>>,
    #[serde(default)]
    predictions: Option<Vec<Value>>,
}

#[derive(Debug, Deserialize)]
struct PredictionIn {
    #[serde(default)]
    result: Vec<Value>,
    #[serde(default)]
    score: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct AnnotationIn {
    #[serde(default)]
    result: Vec<Value>,
    #[serde(default)]
    completed_by: Option<Value>,
    #[serde(default)]
    created_at: Option<Value>,
    #[serde(default)]
    updated_at: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct RegionIn {
    #[serde(default)]
    id: Option<Value>,
    value: RegionValueIn,
    #[serde(default)]
    meta: Option<MetaIn>,
}

#[derive(Debug, Deserialize)]
struct RegionValueIn {
    start: Value,
    end: Value,
    #[serde(default)]
    text: Option<Value>,
    #[serde(default)]
    labels: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct MetaIn {
    #[serde(default)]
    text: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RelationIn {
    from_id: Value,
    to_id: Value,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct TextareaIn {
    #[serde(default)]
    id: Option<Value>,
    value: TextareaValueIn,
}

#[derive(Debug, Deserialize)]
struct TextareaValueIn {
    #[serde(default)]
    text: Vec<String>,
}

#[derive(Debug, Serialize)]
struct TaskOut<'a> {
    data: DataOut<'a>,
    annotations: Vec<AnnotationOut<'a>>,
}

#[derive(Debug, Serialize)]
struct DataOut<'a> {
    text: &'a str,
}

#[derive(Debug, Serialize)]
struct AnnotationOut<'a> {
    completed_by: Value,
    created_at: String,
    updated_at: String,
    result: Vec<ResultOut<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum ResultOut<'a> {
    Region(RegionOut<'a>),
    Relation(RelationOut<'a>),
    Choices(ChoicesOut<'a>),
}

/// A `choices` result on the whole text: one document label set's options
/// chosen, the set named by the control (`from_name`).
#[derive(Debug, Serialize)]
struct ChoicesOut<'a> {
    from_name: &'a str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: ChoicesValueOut<'a>,
}

#[derive(Debug, Serialize)]
struct ChoicesValueOut<'a> {
    choices: &'a [String],
}

#[derive(Debug, Serialize)]
struct RegionOut<'a> {
    id: String,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: RegionValueOut<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<MetaOut<'a>>,
}

#[derive(Debug, Serialize)]
struct RegionValueOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'a str; 1],
}

#[derive(Debug, Serialize)]
struct MetaOut<'a> {
    text: [&'a str; 1],
}

#[derive(Debug, Serialize)]
struct RelationOut<'a> {
    from_id: &'a str,
    to_id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    labels: [&'a str; 1],
}

/// Reads Label Studio tasks: every task becomes a document, every
/// annotation of it a layer.
pub fn import(input: &str, options: &ImportOptions) -> Result<Imported, Error> {
    let mut imported = Imported::default();
    let tasks = json_records(input).map_err(|e| records::in_file(e, options))?;
    for task in tasks {
        let (doc, predictions) =
            read_task(task.value, task.index, options, &mut imported.report)
                .map_err(|e| at_record(e, task.line, ("task", task.index), options))?;
        imported.documents.push(doc);
        imported.predictions.push(predictions);
    }
    if imported.predictions.iter().all(Vec::is_empty) {
        imported.predictions.clear();
    }
    Ok(imported)
}

fn read_task(
    value: Value,
    index: usize,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<(AnnotatedDocument, Vec<Suggestion>), Error> {
    let Value::Object(object) = &value else {
        return Err(Error::invalid(format!(
            "a Label Studio task is a JSON object with \"data\", not {}",
            kind_of(&value)
        )));
    };
    report_unread_fields(object, index, report);
    let task: TaskIn = shape(value)?;
    let text = match task.data.as_ref().map(|d| d.get("text")) {
        Some(Some(Value::String(text))) => text.clone(),
        Some(Some(other)) => {
            return Err(Error::invalid(format!(
                "expected the task's text, found {}",
                kind_of(other)
            ))
            .in_field("data.text"))
        }
        Some(None) => {
            let keys = task
                .data
                .as_ref()
                .and_then(Value::as_object)
                .map(|m| m.keys().map(|k| quoted(k)).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            return Err(Error::invalid(format!(
                "it is missing: Scholia reads the text from data.text (this task's data has {keys})"
            ))
            .in_field("data.text"));
        }
        None => return Err(Error::new(ErrorKind::Missing).in_field("data")),
    };
    let (field, annotations) = match (task.annotations, task.completions) {
        (Some(annotations), _) => ("annotations", annotations),
        (None, Some(completions)) => ("completions", completions),
        (None, None) => ("annotations", Vec::new()),
    };
    let mut builder = Builder::new(&text, index);
    let offsets = Offsets::new(builder.text(), options.offsets);
    for (a, annotation) in annotations.into_iter().enumerate() {
        let field = format!("{field}[{a}]");
        read_annotation(&mut builder, &offsets, annotation, index, options, report)
            .map_err(|e| e.in_field(field))?;
    }
    let predictions = task.predictions.unwrap_or_default();
    let mut suggestions = Vec::new();
    for (p, prediction) in predictions.iter().enumerate() {
        let field = format!("predictions[{p}]");
        let prediction: PredictionIn =
            shape(prediction.clone()).map_err(|e| e.in_field(field.clone()))?;
        read_prediction(
            &mut builder,
            &offsets,
            prediction,
            &mut suggestions,
            options,
            report,
        )
        .map_err(|e| e.in_field(field))?;
    }
    if !predictions.is_empty() {
        report.notes.push(format!(
            "task {index}: {} predictions read as {} suggestions (never as annotations)",
            predictions.len(),
            suggestions.len()
        ));
    }
    Ok((builder.doc, suggestions))
}

/// A score: a number from 0 to 1 (`None` when absent).
fn score(value: Option<&Value>, field: &str) -> Result<Option<f64>, Error> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_f64().filter(|s| (0.0..=1.0).contains(s)) {
            Some(score) => Ok(Some(score)),
            None => Err(
                Error::invalid(format!("expected a score from 0 to 1, found {n}"))
                    .in_field(field.to_string()),
            ),
        },
        Some(other) => Err(Error::invalid(format!(
            "expected a score (a number from 0 to 1), found {}",
            kind_of(other)
        ))
        .in_field(field.to_string())),
    }
}

/// One prediction's `labels` results as suggestions (one per label), their
/// labels declared in the scheme so that they can be accepted.
fn read_prediction(
    builder: &mut Builder,
    offsets: &Offsets,
    prediction: PredictionIn,
    suggestions: &mut Vec<Suggestion>,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<(), Error> {
    let overall = score(prediction.score.as_ref(), "score")?;
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for (r, result) in prediction.result.into_iter().enumerate() {
        let field = format!("result[{r}]");
        let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
        if kind != "labels" {
            *skipped.entry(kind.to_string()).or_default() += 1;
            continue;
        }
        let confidence = score(result.get("score"), &format!("{field}.score"))?
            .or(overall)
            .unwrap_or(1.0);
        let region: RegionIn = shape(result).map_err(|e| e.in_field(field.clone()))?;
        let fragment = region_fragment(builder, offsets, &region, "prediction", options, report)
            .map_err(|e| e.in_field(field.clone()))?;
        if region.value.labels.is_empty() {
            return Err(
                Error::invalid("the region has no label").in_field(format!("{field}.value.labels"))
            );
        }
        for label in region.value.labels {
            if label.trim().is_empty() {
                return Err(
                    Error::invalid("the label is empty").in_field(format!("{field}.value.labels"))
                );
            }
            builder.doc.scheme_mut().ensure_label(&label);
            suggestions.push(Suggestion {
                fragments: vec![fragment],
                label,
                source: Source::Imported,
                confidence,
                id: None,
            });
        }
    }
    for (kind, count) in skipped {
        report.not_represented.push(format!(
            "{count} predicted results of type {} not read (Scholia suggests labels)",
            quoted(&kind)
        ));
    }
    Ok(())
}

/// A region's span: its offsets, checked against its quoted text.
fn region_fragment(
    builder: &Builder,
    offsets: &Offsets,
    region: &RegionIn,
    layer: &str,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<Fragment, Error> {
    let start = position(&region.value.start, "start")?;
    let end = position(&region.value.end, "end")?;
    let id = region.id.as_ref().and_then(id_text).unwrap_or_default();
    let fragment = offsets
        .fragment(start, end, ("value.start", "value.end"))
        .map_err(|e| e.in_record(describe_annotation(layer, &id)))?;
    match &region.value.text {
        Some(Value::String(quote)) => check_quote(
            builder.text(),
            fragment,
            (start, end),
            quote,
            &Key::new(layer, id.clone()),
            options,
            report,
        )
        .map_err(|mut e| {
            e.field = Some("value.text".into());
            e
        }),
        Some(Value::Null) | None => Ok(fragment),
        Some(other) => Err(Error::invalid(format!(
            "expected the region's text, found {}",
            kind_of(other)
        ))
        .in_field("value.text")),
    }
}

/// A region's offset (`value.start` or `value.end`).
fn position(value: &Value, name: &str) -> Result<usize, Error> {
    match value {
        Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    }
    .ok_or_else(|| {
        let hint = if value.is_string() {
            " (an XPath: this is a HyperText region, and Scholia reads plain Text regions)"
        } else {
            ""
        };
        Error::invalid(format!(
            "expected an offset (a whole number, 0 or more), found {}{hint}",
            kind_of(value)
        ))
        .in_field(format!("value.{name}"))
    })
}

/// Names, in the report, every field of a task (its data, annotations and
/// their results) that the import does not keep. Results of types Scholia
/// does not read are counted where they are read.
fn report_unread_fields(task: &serde_json::Map<String, Value>, index: usize, report: &mut Report) {
    const FORMAT: &str = "Label Studio";
    let first = ("task", index);
    let read = ["data", "annotations", "completions", "predictions"];
    let why = |key: &str| match key {
        "id" | "inner_id" | "project" => "the task's id in Label Studio is not kept",
        "created_at" | "updated_at" => "the task's times are not kept (each annotation's are)",
        "meta" => "the task's metadata is not kept",
        "total_annotations"
        | "cancelled_annotations"
        | "total_predictions"
        | "file_upload"
        | "drafts"
        | "updated_by"
        | "comment_authors"
        | "comment_count"
        | "unresolved_comment_count"
        | "last_comment_updated_at"
        | "is_labeled"
        | "overlap" => "Label Studio's bookkeeping is not kept",
        _ => "this field is not read",
    };
    report_unread(report, FORMAT, "", task, &read, why, first);
    if let Some(Value::Object(data)) = task.get("data") {
        report_unread(
            report,
            FORMAT,
            "data.",
            data,
            &["text"],
            |_| "data besides the text is not kept",
            first,
        );
    }
    for list in ["annotations", "completions"] {
        let Some(Value::Array(annotations)) = task.get(list) else {
            continue;
        };
        for annotation in annotations.iter().filter_map(Value::as_object) {
            let read = ["result", "completed_by", "created_at", "updated_at"];
            let why = |key: &str| match key {
                "id" => "the annotation's id in Label Studio is not kept",
                "lead_time" => "the time spent annotating is not kept",
                "was_cancelled" => "whether the annotation was skipped is not kept",
                "ground_truth" => "the ground-truth mark is not kept",
                _ => "this field of an annotation is not kept",
            };
            report_unread(
                report,
                FORMAT,
                &format!("{list}[]."),
                annotation,
                &read,
                why,
                first,
            );
            let Some(Value::Array(results)) = annotation.get("result") else {
                continue;
            };
            for result in results.iter().filter_map(Value::as_object) {
                let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
                let read: &[&str] = match kind {
                    "labels" => &["id", "type", "value", "meta"],
                    "relation" => &["type", "from_id", "to_id", "direction", "labels"],
                    "textarea" => &["id", "type", "value"],
                    "choices"
                        if result
                            .get("value")
                            .is_some_and(|v| v.get("start").is_none()) =>
                    {
                        &["id", "type", "value", "from_name"]
                    }
                    _ => continue,
                };
                let why = |key: &str| {
                    match key {
                    "from_name" | "to_name" => {
                        "the labelling interface's control names are not kept (exports write label and text)"
                    }
                    "origin" | "score" => "where the result came from (manual, prediction) is not kept",
                    _ => "this field of a result is not kept",
                }
                };
                let path = format!("{list}[].result[].");
                report_unread(report, FORMAT, &path, result, read, why, first);
                if let (Some(Value::Object(value)), "labels") = (result.get("value"), kind) {
                    report_unread(
                        report,
                        FORMAT,
                        &format!("{path}value."),
                        value,
                        &["start", "end", "text", "labels"],
                        |_| "this field of a region is not kept",
                        first,
                    );
                }
            }
        }
    }
}

fn read_annotation(
    builder: &mut Builder,
    offsets: &Offsets,
    annotation: AnnotationIn,
    task: usize,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<(), Error> {
    let layer = layer_for(
        options,
        annotation.completed_by.as_ref().and_then(annotator_name),
    );
    let created = time(annotation.created_at.as_ref(), options.now, report);
    let modified = time(annotation.updated_at.as_ref(), created, report);
    // Label Studio ids of this annotation's regions → Scholia ids.
    let mut region_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut later = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for (r, result) in annotation.result.into_iter().enumerate() {
        let field = format!("result[{r}]");
        let kind = match result.get("type") {
            Some(Value::String(kind)) => kind.clone(),
            Some(other) => {
                return Err(Error::invalid(format!(
                    "expected a result type, found {}",
                    kind_of(other)
                ))
                .in_field(format!("{field}.type")))
            }
            None => return Err(Error::new(ErrorKind::Missing).in_field(format!("{field}.type"))),
        };
        match kind.as_str() {
            "labels" => {
                let region: RegionIn = shape(result).map_err(|e| e.in_field(field.clone()))?;
                read_region(
                    builder,
                    offsets,
                    region,
                    (&layer, created, modified),
                    &mut region_ids,
                    options,
                    report,
                )
                .map_err(|e| e.in_field(field))?;
            }
            "relation" | "textarea" => later.push((field, kind, result)),
            // Choices on the whole text (not on a region) are document
            // labels of the set the control names.
            "choices"
                if result
                    .get("value")
                    .is_some_and(|v| v.get("start").is_none()) =>
            {
                let set = match result.get("from_name") {
                    Some(Value::String(name)) if !name.trim().is_empty() => name.clone(),
                    _ => "choices".to_string(),
                };
                let chosen: Vec<String> = match result.get("value").and_then(|v| v.get("choices")) {
                    Some(Value::Array(items)) => items.iter().filter_map(id_text).collect(),
                    _ => {
                        return Err(Error::new(ErrorKind::Missing)
                            .in_field(format!("{field}.value.choices")))
                    }
                };
                let mut all = builder
                    .doc
                    .document_label(&layer, &set)
                    .map(<[String]>::to_vec)
                    .unwrap_or_default();
                all.extend(chosen);
                records::put_document_labels(&mut builder.doc, &layer, &set, &[], &all);
            }
            _ => *skipped.entry(kind).or_default() += 1,
        }
    }
    for (kind, count) in skipped {
        report.not_represented.push(format!(
            "task {task}, layer {}: {count} results of type {} not imported (Scholia reads labels, relations and region notes)",
            quoted(&layer),
            quoted(&kind)
        ));
    }
    let mut n_relations = 0;
    for (field, kind, result) in later {
        if kind == "textarea" {
            let textarea: TextareaIn = shape(result).map_err(|e| e.in_field(field.clone()))?;
            let region = textarea.id.as_ref().and_then(id_text);
            match region.and_then(|id| region_ids.get(&id).cloned()) {
                Some(id) => add_note(builder, &layer, &id, &textarea.value.text.join("\n")),
                None => report.not_represented.push(format!(
                    "task {task}, layer {}: a text area not attached to a region was not imported",
                    quoted(&layer)
                )),
            }
            continue;
        }
        let relation: RelationIn = shape(result).map_err(|e| e.in_field(field.clone()))?;
        let end = |value: &Value, name: &str| -> Result<String, Error> {
            let id = id_text(value).ok_or_else(|| {
                Error::invalid(format!(
                    "expected the id of a region, found {}",
                    kind_of(value)
                ))
                .in_field(format!("{field}.{name}"))
            })?;
            region_ids.get(&id).cloned().ok_or_else(|| {
                Error::new(ErrorKind::DanglingReference(id)).in_field(format!("{field}.{name}"))
            })
        };
        let from = end(&relation.from_id, "from_id")?;
        let to = end(&relation.to_id, "to_id")?;
        let (source, target) = match relation.direction.as_deref() {
            Some("left") => (to, from),
            Some("bi") => {
                report.not_represented.push(format!(
                    "task {task}, layer {}: the two-way relation between {} and {} was imported one way, from {} to {}",
                    quoted(&layer),
                    quoted(&from),
                    quoted(&to),
                    quoted(&from),
                    quoted(&to)
                ));
                (from, to)
            }
            _ => (from, to),
        };
        let labels = if relation.labels.is_empty() {
            vec![UNLABELLED_RELATION.to_string()]
        } else {
            relation.labels
        };
        for label in labels {
            n_relations += 1;
            let id = builder.free_relation_id(&layer, n_relations);
            let new = records::relation(
                Key::new(layer.clone(), id),
                &label,
                &source,
                &target,
                modified,
            );
            builder
                .add_relation(new)
                .map_err(|e| e.in_field(field.clone()))?;
        }
    }
    Ok(())
}

/// One `labels` region: one annotation per label.
fn read_region(
    builder: &mut Builder,
    offsets: &Offsets,
    region: RegionIn,
    (layer, created, modified): (&str, Timestamp, Timestamp),
    region_ids: &mut BTreeMap<String, String>,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<(), Error> {
    let start = position(&region.value.start, "start")?;
    let end = position(&region.value.end, "end")?;
    let ls_id = region
        .id
        .as_ref()
        .and_then(id_text)
        .unwrap_or_else(|| format!("region{}", region_ids.len() + 1));
    if region.value.labels.is_empty() {
        return Err(Error::invalid("the region has no label").in_field("value.labels"));
    }
    let base = builder.free_annotation_id(layer, &ls_id);
    if base != ls_id {
        report.notes.push(format!(
            "region id {} is used twice in layer {}; the second region is imported as {}, and relations naming the id attach to the first",
            quoted(&ls_id),
            quoted(layer),
            quoted(&base)
        ));
    }
    region_ids.entry(ls_id.clone()).or_insert(base.clone());
    let mut fragment = offsets
        .fragment(start, end, ("value.start", "value.end"))
        .map_err(|e| e.in_record(describe_annotation(layer, &base)))?;
    match &region.value.text {
        Some(Value::String(quote)) => {
            fragment = check_quote(
                builder.text(),
                fragment,
                (start, end),
                quote,
                &Key::new(layer, base.clone()),
                options,
                report,
            )
            .map_err(|e| {
                let mut e = e;
                e.field = Some("value.text".into());
                e
            })?;
        }
        Some(Value::Null) | None => {}
        Some(other) => {
            return Err(Error::invalid(format!(
                "expected the region's text, found {}",
                kind_of(other)
            ))
            .in_field("value.text"))
        }
    }
    let note = region.meta.map(|m| m.text.join("\n")).unwrap_or_default();
    let n_labels = region.value.labels.len();
    let mut ids = Vec::new();
    for label in &region.value.labels {
        let id = builder.free_annotation_id(layer, &base);
        let mut annotation = records::span(
            Key::new(layer, id.clone()),
            label,
            fragment,
            created,
            modified,
        );
        annotation.note = note.clone();
        builder.add_span(annotation).map_err(|e| {
            let mut e = e;
            if e.field.as_deref() == Some("label") {
                e.field = Some("value.labels".into());
            }
            e
        })?;
        ids.push(id);
    }
    if n_labels > 1 {
        report.notes.push(format!(
            "region {} (layer {}) has {n_labels} labels; imported as {n_labels} annotations ({}), and its relations attach to the first",
            quoted(&ls_id),
            quoted(layer),
            ids.join(", ")
        ));
    }
    Ok(())
}

fn add_note(builder: &mut Builder, layer: &str, id: &str, note: &str) {
    let key = Key::new(layer, id);
    if let Some(mut annotation) = builder.doc.annotation(&key).cloned() {
        if !annotation.note.is_empty() {
            annotation.note.push('\n');
        }
        annotation.note.push_str(note);
        // Only the note changes, which no check refuses.
        let _ = builder.doc.apply(crate::Edit::UpdateAnnotation(annotation));
    }
}

/// The annotator a `completed_by` names: a user's email (an object, as
/// Label Studio writes it for import) or number.
fn annotator_name(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) => map
            .get("email")
            .and_then(id_text)
            .or_else(|| map.get("id").and_then(id_text)),
        other => id_text(other),
    }
}

/// An RFC 3339 time, or (Label Studio 0.x) seconds since the epoch; a time
/// that cannot be read is replaced by `fallback`, and said.
fn time(value: Option<&Value>, fallback: Timestamp, report: &mut Report) -> Timestamp {
    match value {
        None | Some(Value::Null) => fallback,
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|s| s.is_finite() && s.abs() < 1e14)
            .map(|s| Timestamp((s * 1000.0) as i64))
            .unwrap_or(fallback),
        Some(Value::String(s)) => Timestamp::parse_rfc3339(s)
            .or_else(|| Timestamp::parse_rfc3339(&format!("{s}Z")))
            .unwrap_or_else(|| {
                report.notes.push(format!(
                    "the time {} is not an RFC 3339 date and time; the import time was used",
                    quoted(s)
                ));
                fallback
            }),
        Some(_) => fallback,
    }
}

/// Writes a document as a Label Studio JSON export: an array holding one
/// task, with one annotation per layer.
pub fn export(doc: &AnnotatedDocument, options: &ExportOptions) -> Result<Exported, Error> {
    let (task, report) = export_task(doc, options)?;
    Ok(Exported {
        files: vec![ExportedFile {
            extension: EXTENSION.to_string(),
            content: format!("[\n{task}\n]\n"),
        }],
        report,
    })
}

/// One task as JSON (without the surrounding array), so that several
/// documents can be written into one file.
pub fn export_task(
    doc: &AnnotatedDocument,
    options: &ExportOptions,
) -> Result<(String, Report), Error> {
    let text = &doc.document().text;
    let offsets = Offsets::new(text, options.offsets);
    let mut report = Report::default();
    let layers: Vec<&str> = match &options.layer {
        Some(layer) => {
            report
                .notes
                .extend(records::missing_layer_note(doc, Some(layer)));
            doc.layers().into_iter().filter(|l| l == layer).collect()
        }
        None => doc.layers(),
    };
    let mut annotations = Vec::new();
    for layer in layers {
        let mut result = Vec::new();
        let mut first_region = BTreeMap::new();
        let (mut created, mut modified) = (None::<Timestamp>, None::<Timestamp>);
        let mut times = |c: Timestamp, m: Timestamp| {
            created = Some(created.map_or(c, |t| t.min(c)));
            modified = Some(modified.map_or(m, |t| t.max(m)));
        };
        for annotation in records::layer_annotations(doc, Some(layer)) {
            times(annotation.created, annotation.modified);
            let mut ids = Vec::new();
            for (i, fragment) in annotation.fragments.iter().enumerate() {
                let id = if i == 0 {
                    annotation.key.id.to_string()
                } else {
                    format!("{}-{}", annotation.key.id, i + 1)
                };
                ids.push(id.clone());
                result.push(ResultOut::Region(RegionOut {
                    id,
                    from_name: FROM_NAME,
                    to_name: TO_NAME,
                    kind: "labels",
                    value: RegionValueOut {
                        start: offsets.in_file_unit(fragment.start),
                        end: offsets.in_file_unit(fragment.end),
                        text: text.slice(fragment.start, fragment.end),
                        labels: [&annotation.label],
                    },
                    meta: (!annotation.note.is_empty()).then_some(MetaOut {
                        text: [&annotation.note],
                    }),
                }));
            }
            first_region.insert(annotation.key.id.as_str(), annotation.key.id.as_str());
            if annotation.fragments.len() > 1 {
                report
                    .not_represented
                    .push(records::split_fragments_note(doc, annotation, &ids));
            }
        }
        for relation in records::layer_relations(doc, Some(layer)) {
            times(relation.created, relation.modified);
            let (Some(from), Some(to)) = (
                first_region.get(relation.source.as_str()),
                first_region.get(relation.target.as_str()),
            ) else {
                continue;
            };
            result.push(ResultOut::Relation(RelationOut {
                from_id: from,
                to_id: to,
                kind: "relation",
                direction: "right",
                labels: [&relation.kind],
            }));
        }
        for (of, set, values) in doc.document_labels() {
            if of == layer {
                result.push(ResultOut::Choices(ChoicesOut {
                    from_name: set,
                    to_name: TO_NAME,
                    kind: "choices",
                    value: ChoicesValueOut { choices: values },
                }));
            }
        }
        let completed_by = if !layer.is_empty() && layer.bytes().all(|b| b.is_ascii_digit()) {
            layer
                .parse::<u64>()
                .map_or_else(|_| json!({ "email": layer }), |n| json!(n))
        } else {
            if !layer.contains('@') {
                report.notes.push(format!(
                    "layer {} is written as \"completed_by\": {}: Label Studio matches annotators by email, and may refuse the import unless a user has that address",
                    quoted(layer),
                    json!({ "email": layer })
                ));
            }
            json!({ "email": layer })
        };
        annotations.push(AnnotationOut {
            completed_by,
            created_at: created.unwrap_or_default().to_rfc3339(),
            updated_at: modified.unwrap_or_default().to_rfc3339(),
            result,
        });
    }
    let n_relation_notes = doc.relations().filter(|r| !r.note.is_empty()).count();
    if n_relation_notes > 0 {
        report.not_represented.push(format!(
            "Label Studio relations have no notes: {n_relation_notes} not written"
        ));
    }
    let n_attributes = doc.annotations().map(|a| a.attributes.len()).sum::<usize>()
        + doc.relations().map(|r| r.attributes.len()).sum::<usize>();
    if n_attributes > 0 {
        report.not_represented.push(format!(
            "Label Studio has no place for Scholia's attributes: {n_attributes} attribute values not written"
        ));
    }
    report
        .not_represented
        .extend(records::links_and_labels_not_carried(
            doc,
            options.layer.as_deref(),
            "Label Studio",
            false,
            true,
        ));
    let task = serde_json::to_string_pretty(&TaskOut {
        data: DataOut {
            text: text.as_str(),
        },
        annotations,
    })
    .map_err(|e| Error::invalid(format!("the document could not be written: {e}")))?;
    Ok((task, report))
}
