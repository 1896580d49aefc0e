//! spaCy / Prodigy JSON Lines (see docs/formats.md).
//!
//! One record per line: `{"text": …, "spans": [{"start", "end", "label"}]}`,
//! as Prodigy's `db-out` writes and spaCy's `Doc.char_span` reads. Offsets
//! are Python string indexes, that is code points (the default of
//! [`ImportOptions::offsets`]). Prodigy's `token_start`/`token_end`,
//! `tokens`, `meta` and hashes are read past; a span's `text`, when present,
//! is checked against the document like a quote. The annotator is Prodigy's
//! `_annotator_id`, else [`ImportOptions::annotator`], else the file name's
//! stem.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{quoted, Error, ErrorKind};
use crate::format::records::{
    self, at_record, check_quote, chosen_layer, id_text, json_line, json_records, kind_of,
    layer_annotations, layer_for, not_carried, shape, split_fragments_note, Builder, Offsets,
};
use crate::format::{ExportOptions, Exported, ExportedFile, ImportOptions, Imported, Report};
use crate::model::Key;
use crate::AnnotatedDocument;

/// The file name extension for spaCy / Prodigy files.
pub const EXTENSION: &str = ".jsonl";

#[derive(Debug, Deserialize)]
struct RecordIn {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    spans: Option<Vec<SpanIn>>,
    /// Prodigy: `accept`, `reject` or `ignore`.
    #[serde(default)]
    answer: Option<String>,
    #[serde(default, rename = "_annotator_id")]
    annotator_id: Option<String>,
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
}

#[derive(Debug, Serialize)]
struct RecordOut<'a> {
    text: &'a str,
    spans: Vec<SpanOut<'a>>,
    #[serde(rename = "_annotator_id", skip_serializing_if = "Option::is_none")]
    annotator_id: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
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
    value: Value,
    index: usize,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<AnnotatedDocument, Error> {
    if !value.is_object() {
        return Err(Error::invalid(format!(
            "a spaCy / Prodigy record is a JSON object with a \"text\", not {}",
            kind_of(&value)
        )));
    }
    let record: RecordIn = shape(value)?;
    let Some(text) = record.text else {
        return Err(Error::new(ErrorKind::Missing).in_field("text"));
    };
    if let Some(answer) = record.answer.as_deref().filter(|a| *a != "accept") {
        report.notes.push(format!(
            "record {index} was answered {} in Prodigy; its spans are imported as they are",
            quoted(answer)
        ));
    }
    let layer = layer_for(options, record.annotator_id);
    let mut builder = Builder::new(&text, index);
    let spans = record.spans.unwrap_or_default();
    let mut annotations = Vec::with_capacity(spans.len());
    {
        let offsets = Offsets::new(builder.text(), options.offsets);
        for (i, span) in spans.iter().enumerate() {
            let field = format!("spans[{i}]");
            let id = span
                .id
                .as_ref()
                .and_then(id_text)
                .unwrap_or_else(|| (i + 1).to_string());
            let key = Key::new(layer.clone(), id);
            let mut fragment = offsets
                .fragment(span.start, span.end, ("start", "end"))
                .map_err(|e| e.in_field(field.clone()))?;
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
            annotations.push((
                field,
                records::span(key, &span.label, fragment, options.now, options.now),
            ));
        }
    }
    for (field, annotation) in annotations {
        builder
            .add_span(annotation)
            .map_err(|e| e.in_field(field))?;
    }
    records::note_astral_code_points(&builder, options, report);
    Ok(builder.doc)
}

/// Writes one layer of a document as one line with `text` and `spans`
/// (`start`, `end`, `label` by id, and the span's `text`), offsets in
/// [`ExportOptions::offsets`] (code points unless asked otherwise).
pub fn export(doc: &AnnotatedDocument, options: &ExportOptions) -> Result<Exported, Error> {
    let layer = chosen_layer(doc, options, "spaCy / Prodigy")?;
    let layer = layer.as_deref();
    let text = &doc.document().text;
    let offsets = Offsets::new(text, options.offsets);
    let mut report = Report {
        not_represented: not_carried(doc, layer, "spaCy / Prodigy", false, false),
        notes: records::missing_layer_note(doc, layer)
            .into_iter()
            .collect(),
        ..Report::default()
    };
    let mut spans = Vec::new();
    for annotation in layer_annotations(doc, layer) {
        let mut ids = Vec::new();
        for fragment in &annotation.fragments {
            ids.push(format!("span {}", spans.len() + 1));
            spans.push(SpanOut {
                start: offsets.in_file_unit(fragment.start),
                end: offsets.in_file_unit(fragment.end),
                label: &annotation.label,
                text: text.slice(fragment.start, fragment.end),
            });
        }
        if annotation.fragments.len() > 1 {
            report
                .not_represented
                .push(split_fragments_note(doc, annotation, &ids));
        }
    }
    let line = serde_json::to_string(&RecordOut {
        text: text.as_str(),
        spans,
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
