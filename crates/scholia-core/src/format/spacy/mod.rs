//! spaCy / Prodigy JSON Lines (see docs/formats.md).
//!
//! One record per line: `{"text": …, "spans": [{"start", "end", "label"}]}`,
//! as Prodigy's `db-out` writes and spaCy's `Doc.char_span` reads. Offsets
//! are Python string indexes, that is code points (the default of
//! [`ImportOptions::offsets`]). A span's `text`, when present, is checked
//! against the document like a quote. The annotator is Prodigy's
//! `_annotator_id`, else [`ImportOptions::annotator`], else the file name's
//! stem.
//!
//! Prodigy's `rel.manual` writes `relations`: `head` and `child` are the
//! indices of the last token of each end's span, and `head_span` /
//! `child_span` give those spans' character offsets; they become Scholia
//! relations (and the spans they point at, annotations). A span's `kb_id`
//! and the ids accepted in an entity-linking (`choice`) record become the
//! annotation's `kb_id` text attribute. Every other field is named in the
//! report's "not represented" lines: nothing is dropped silently.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{quoted, Error, ErrorKind};
mod ends;
mod unread;

use ends::{token_range, tokens_for, Ends, Placed};
use unread::report_unread_fields;

use crate::format::records::{
    self, at_record, check_quote, chosen_layer, id_text, json_line, json_records, kind_of,
    layer_annotations, layer_for, layer_relations, not_carried_but, say_once, shape,
    split_fragments_note, Builder, Offsets,
};
use crate::format::{ExportOptions, Exported, ExportedFile, ImportOptions, Imported, Report};
use crate::knowledge::external_id;
use crate::model::{AttributeValue, Fragment, Key, Name};
use crate::AnnotatedDocument;

/// The file name extension for spaCy / Prodigy files.
pub const EXTENSION: &str = ".jsonl";

/// The text attribute that held a span's knowledge-base id before entity
/// links (files of that time still write it back as `kb_id`).
pub const KB_ID: &str = "kb_id";

/// The document label set of spaCy's `cats`, Prodigy's choices on the whole
/// text and its binary classification's `label`.
pub const CATS: &str = "cats";

/// The label of an annotation made for a relation's end that names no label
/// (a relation between tokens, as Prodigy's `dep` interface writes).
pub const TOKEN_LABEL: &str = "token";

/// The relation type of a Prodigy relation without a label.
pub const UNLABELLED_RELATION: &str = "relation";

#[derive(Debug, Deserialize)]
struct RecordIn {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    spans: Option<Vec<SpanIn>>,
    #[serde(default)]
    relations: Option<Vec<RelationIn>>,
    /// Prodigy: `accept`, `reject` or `ignore`.
    #[serde(default)]
    answer: Option<String>,
    #[serde(default, rename = "_annotator_id")]
    annotator_id: Option<String>,
    /// Prodigy's `choice` interface: the ids of the options chosen.
    #[serde(default)]
    accept: Option<Vec<Value>>,
    /// Prodigy's `choice` interface: the options offered (`{id, text}`).
    #[serde(default)]
    options: Option<Vec<Value>>,
    /// spaCy's text categories: each category's score.
    #[serde(default)]
    cats: Option<serde_json::Map<String, Value>>,
    /// Prodigy's binary classification: the label asked about.
    #[serde(default)]
    label: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SpanIn {
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    kb_id: Option<Value>,
    #[serde(default)]
    token_end: Option<usize>,
}

#[derive(Debug, Deserialize)]
struct RelationIn {
    #[serde(default)]
    head: Option<usize>,
    #[serde(default)]
    child: Option<usize>,
    #[serde(default)]
    head_span: Option<EndIn>,
    #[serde(default)]
    child_span: Option<EndIn>,
    #[serde(default)]
    label: Option<String>,
}

/// One end of a relation: `head_span` or `child_span`.
#[derive(Debug, Deserialize)]
struct EndIn {
    start: usize,
    end: usize,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TokenIn {
    start: usize,
    end: usize,
}

#[derive(Debug, Serialize)]
struct RecordOut<'a> {
    text: &'a str,
    spans: Vec<SpanOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<TokenOut<'a>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relations: Vec<RelationOut<'a>>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    cats: std::collections::BTreeMap<&'a str, f64>,
    #[serde(rename = "_annotator_id", skip_serializing_if = "Option::is_none")]
    annotator_id: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_end: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kb_id: Option<String>,
}

#[derive(Debug, Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Debug, Serialize)]
struct RelationOut<'a> {
    head: usize,
    child: usize,
    head_span: EndOut<'a>,
    child_span: EndOut<'a>,
    label: &'a str,
}

#[derive(Debug, Serialize)]
struct EndOut<'a> {
    start: usize,
    end: usize,
    token_start: usize,
    token_end: usize,
    label: &'a str,
}

/// Reads a spaCy / Prodigy file: every record becomes a document.
pub fn import(input: &str, options: &ImportOptions) -> Result<Imported, Error> {
    let mut imported = Imported::default();
    let records = json_records(input).map_err(|e| records::in_file(e, options))?;
    for record in records {
        let doc = read_record(record.value, record.index, options, &mut imported.report)
            .map_err(|e| at_record(e, record.line, ("record", record.index), options))?;
        imported.documents.push(doc);
    }
    Ok(imported)
}

/// Reads one line of a JSON Lines file (`None` for a blank line); `index` is
/// the record's 1-based position among the file's records.
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
    read_record(value, index, options, report)
        .map(Some)
        .map_err(|e| at_record(e, Some(line_number), ("record", index), options))
}

fn read_record(
    mut value: Value,
    index: usize,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<AnnotatedDocument, Error> {
    let Value::Object(object) = &mut value else {
        return Err(Error::invalid(format!(
            "a spaCy / Prodigy record is a JSON object with a \"text\", not {}",
            kind_of(&value)
        )));
    };
    report_unread_fields(object, index, report);
    // Moved out, not copied: read only when a relation names a token.
    let tokens = object.remove("tokens");
    let record: RecordIn = shape(value)?;
    let Some(text) = record.text else {
        return Err(Error::new(ErrorKind::Missing).in_field("text"));
    };
    if let Some(answer) = record.answer.as_deref().filter(|a| *a != "accept") {
        say_once(
            &mut report.not_represented,
            "spaCy / Prodigy: answers other than “accept” are not kept (exports write no answer, and Prodigy's db-in reads records as accepted): `answer`".to_string(),
            ("record", index),
        );
        report.notes.push(format!(
            "record {index} was answered {} in Prodigy; its spans are imported as they are",
            quoted(answer)
        ));
    }
    let layer = layer_for(options, record.annotator_id);
    let mut builder = Builder::new(&text, index);
    let spans = record.spans.unwrap_or_default();
    let accepted: Vec<String> = record
        .accept
        .unwrap_or_default()
        .iter()
        .filter_map(id_text)
        .collect();
    // An entity-linking answer names the entity of the record's one span;
    // in a record without exactly one span, the options chosen classify the
    // whole text (document labels of the set `cats`).
    let linked = match (accepted.is_empty(), spans.len()) {
        (true, _) => None,
        (false, 1) => {
            if accepted.len() > 1 {
                say_once(
                    &mut report.not_represented,
                    "spaCy / Prodigy: a span links to one entity; of several ids accepted for it, the first is kept: `accept`".to_string(),
                    ("record", index),
                );
            }
            accepted.first().cloned()
        }
        (false, _) => None,
    };
    let whole_text_choice = spans.len() != 1;
    {
        let mut options: Vec<String> = Vec::new();
        let mut chosen: Vec<String> = Vec::new();
        if whole_text_choice {
            options.extend(
                record
                    .options
                    .iter()
                    .flatten()
                    .filter_map(|o| o.get("id").and_then(id_text)),
            );
            chosen.extend(accepted.iter().cloned());
        }
        for (category, score) in record.cats.iter().flatten() {
            options.push(category.clone());
            let on = match score {
                Value::Number(n) => n.as_f64().is_some_and(|n| n >= 0.5),
                Value::Bool(b) => *b,
                _ => false,
            };
            if on {
                chosen.push(category.clone());
            }
        }
        if let Some(label) = record.label.as_ref().filter(|_| spans.is_empty()) {
            options.push(label.clone());
            if record.answer.as_deref().is_none_or(|a| a == "accept") {
                chosen.push(label.clone());
            }
        }
        if !options.is_empty() || !chosen.is_empty() {
            records::put_document_labels(&mut builder.doc, &layer, CATS, &options, &chosen);
        }
    }
    let mut annotations = Vec::with_capacity(spans.len());
    let mut placed = Vec::with_capacity(spans.len());
    let offsets = Offsets::new(builder.text(), options.offsets);
    for (i, span) in spans.iter().enumerate() {
        let field = format!("spans[{i}]");
        let id = span
            .id
            .as_ref()
            .and_then(id_text)
            .unwrap_or_else(|| (i + 1).to_string());
        let key = Key::new(layer.clone(), id.clone());
        let raw = offsets
            .fragment(span.start, span.end, ("start", "end"))
            .map_err(|e| e.in_field(field.clone()))?;
        let mut fragment = raw;
        if let Some(quote) = &span.text {
            fragment = check_quote(
                builder.text(),
                fragment,
                (span.start, span.end),
                quote,
                &key,
                options,
                report,
            )
            .map_err(|e| e.in_field(field.clone()))?;
        }
        let mut annotation = records::span(key, &span.label, fragment, options.now, options.now);
        let kb_id = linked
            .clone()
            .or_else(|| span.kb_id.as_ref().and_then(id_text))
            .filter(|id| !id.trim().is_empty());
        annotation.entity = kb_id.map(Name::from);
        placed.push(Placed {
            raw,
            fragment,
            label: span.label.clone(),
            id,
            token_end: span.token_end,
        });
        annotations.push((field, annotation));
    }
    for (field, annotation) in annotations {
        builder
            .add_span(annotation)
            .map_err(|e| e.in_field(field))?;
    }
    let relations = record.relations.unwrap_or_default();
    if !relations.is_empty() {
        let mut ends = Ends {
            builder: &mut builder,
            placed,
            offsets: &offsets,
            tokens: None,
            raw_tokens: tokens,
            layer: &layer,
            n_made: 0,
            now: options.now,
        };
        for (i, relation) in relations.iter().enumerate() {
            let field = format!("relations[{i}]");
            let head = ends
                .end(relation.head_span.as_ref(), relation.head, "head")
                .map_err(|e| e.in_field(field.clone()))?;
            let child = ends
                .end(relation.child_span.as_ref(), relation.child, "child")
                .map_err(|e| e.in_field(field.clone()))?;
            let (Some(head), Some(child)) = (head, child) else {
                say_once(
                    &mut report.not_represented,
                    "spaCy / Prodigy: a relation whose ends are token numbers, in a record without `tokens` (nor spans with `token_end`) that say where they are, is not imported: `relations[]`".to_string(),
                    ("record", index),
                );
                continue;
            };
            let kind = match relation.label.as_deref().map(str::trim) {
                Some(label) if !label.is_empty() => label.to_string(),
                _ => {
                    say_once(
                        &mut report.notes,
                        format!(
                            "relations without a label are typed {}",
                            quoted(UNLABELLED_RELATION)
                        ),
                        ("record", index),
                    );
                    UNLABELLED_RELATION.to_string()
                }
            };
            let id = ends.builder.free_relation_id(&layer, i + 1);
            let relation = records::relation(
                Key::new(layer.clone(), id),
                &kind,
                &head,
                &child,
                options.now,
            );
            ends.builder
                .add_relation(relation)
                .map_err(|e| e.in_field(field))?;
        }
        if ends.n_made > 0 {
            say_once(
                &mut report.notes,
                format!(
                    "relations point at spans that `spans` does not list: they are annotations now, labelled {} when the file gives no label",
                    quoted(TOKEN_LABEL)
                ),
                ("record", index),
            );
        }
    }
    records::note_astral_code_points(&builder, options, report);
    Ok(builder.doc)
}

/// Writes one layer of a document as one line with `text` and `spans`
/// (`start`, `end`, `label` by id, the span's `text`, and `kb_id`), offsets
/// in [`ExportOptions::offsets`] (code points unless asked otherwise). When
/// the layer has relations, they are written as Prodigy's `rel.manual`
/// writes them, with the `tokens` their `head` and `child` count.
pub fn export(doc: &AnnotatedDocument, options: &ExportOptions) -> Result<Exported, Error> {
    let layer = chosen_layer(doc, options, "spaCy / Prodigy")?;
    let layer = layer.as_deref();
    let text = &doc.document().text;
    let offsets = Offsets::new(text, options.offsets);
    let mut not_represented =
        not_carried_but(doc, layer, "spaCy / Prodigy", true, false, Some(KB_ID));
    let answered: Vec<(&str, &[String])> = doc
        .document_labels()
        .filter(|(l, _, _)| layer.is_none_or(|layer| *l == layer))
        .map(|(_, set, values)| (set, values))
        .collect();
    // Every option of the scheme's sets, scored 1 when chosen (spaCy's
    // categories are a full map of scores).
    let mut cats = std::collections::BTreeMap::new();
    for set in &doc.scheme().document_label_sets {
        for option in &set.options {
            cats.entry(option.as_str()).or_insert(0.0);
        }
    }
    for (_, values) in &answered {
        for value in values.iter() {
            cats.insert(value.as_str(), 1.0);
        }
    }
    if doc.scheme().document_label_sets.len() > 1 {
        not_represented.push(format!(
            "spaCy / Prodigy: the document label sets ({}) are written together as `cats`, which has no sets",
            doc.scheme().document_label_sets.len()
        ));
    }
    let mut report = Report {
        not_represented,
        notes: records::missing_layer_note(doc, layer)
            .into_iter()
            .collect(),
        ..Report::default()
    };
    let annotations = layer_annotations(doc, layer);
    let relations = layer_relations(doc, layer);
    let tokens = (!relations.is_empty()).then(|| {
        let fragments: Vec<Fragment> = annotations
            .iter()
            .flat_map(|a| a.fragments.iter().copied())
            .collect();
        tokens_for(text, &fragments)
    });
    let range = |fragment: Fragment| tokens.as_deref().map(|t| token_range(t, fragment));
    let mut spans = Vec::new();
    for annotation in &annotations {
        let mut ids = Vec::new();
        let linked = annotation
            .entity
            .as_deref()
            .map(|id| external_id(&options.knowledge_base, id));
        let kb_id = match (&linked, annotation.attributes.get(KB_ID)) {
            (Some(id), _) => Some(id.clone()),
            (None, Some(AttributeValue::Text(id))) => Some(id.clone()),
            _ => None,
        };
        for fragment in &annotation.fragments {
            ids.push(format!("span {}", spans.len() + 1));
            let tokens = range(*fragment);
            spans.push(SpanOut {
                start: offsets.in_file_unit(fragment.start),
                end: offsets.in_file_unit(fragment.end),
                label: &annotation.label,
                text: text.slice(fragment.start, fragment.end),
                token_start: tokens.map(|t| t.0),
                token_end: tokens.map(|t| t.1),
                kb_id: kb_id.clone(),
            });
        }
        if annotation.fragments.len() > 1 {
            let mut line = split_fragments_note(doc, annotation, &ids);
            if !relations.is_empty() {
                line.push_str("; its relations attach to the first");
            }
            report.not_represented.push(line);
        }
    }
    let mut relations_out = Vec::with_capacity(relations.len());
    if let Some(tokens) = &tokens {
        let end = |id: &str| {
            let annotation = doc.annotation(&Key::new(layer.unwrap_or_default(), id))?;
            let fragment = *annotation.fragments.first()?;
            let (token_start, token_end) = token_range(tokens, fragment);
            Some(EndOut {
                start: offsets.in_file_unit(fragment.start),
                end: offsets.in_file_unit(fragment.end),
                token_start,
                token_end,
                label: &annotation.label,
            })
        };
        for relation in &relations {
            let (Some(head_span), Some(child_span)) =
                (end(&relation.source), end(&relation.target))
            else {
                continue;
            };
            relations_out.push(RelationOut {
                head: head_span.token_end,
                child: child_span.token_end,
                head_span,
                child_span,
                label: &relation.kind,
            });
        }
        report.notes.push(
            "relations are written with Scholia's tokens (Unicode word boundaries, cut at the spans' ends), which `head` and `child` count; spaCy's tokeniser may cut the text differently".to_string(),
        );
    }
    let tokens_out = tokens.as_ref().map(|tokens| {
        tokens
            .iter()
            .enumerate()
            .map(|(id, t)| TokenOut {
                text: text.slice(t.start, t.end),
                start: offsets.in_file_unit(t.start),
                end: offsets.in_file_unit(t.end),
                id,
                ws: text
                    .slice(t.end, (t.end + 1).min(text.len()))
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace),
            })
            .collect()
    });
    let line = serde_json::to_string(&RecordOut {
        text: text.as_str(),
        spans,
        tokens: tokens_out,
        relations: relations_out,
        cats,
        annotator_id: layer,
    })
    .map_err(|e| Error::invalid(format!("the document could not be written: {e}")))?;
    Ok(Exported {
        files: vec![ExportedFile {
            extension: EXTENSION.to_string(),
            content: line + "\n",
        }],
        report,
    })
}
