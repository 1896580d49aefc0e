//! What the record-based exchange formats (doccano, Label Studio, spaCy /
//! Prodigy, CoNLL) share: reading JSON records one line at a time, offsets in
//! either unit, building documents through the model's checks, deterministic
//! document ids, and choosing the one layer a single-layer format writes.

use serde_json::Value;

use crate::error::{describe_annotation, quoted, Error, ErrorKind};
use crate::format::{file_stem, ExportOptions, ImportOptions, OffsetUnit};
use crate::model::{Annotation, Document, Fragment, Key, Relation, Scheme, Timestamp};
use crate::text::{code_points_to_utf16, utf16_to_code_points, Text};
use crate::{AnnotatedDocument, Edit};

/// The id of an imported document: the first 16 hex digits of its text's
/// SHA-256, a hyphen, and the record's 1-based position in the file. The core
/// has no random source, and this id is the same every time the same file is
/// read, so importing a file twice names its documents alike.
pub(crate) fn document_id(text: &Text, record: usize) -> String {
    format!("{}-{record}", &text.sha256()[..16])
}

/// The layer that records without an annotator of their own go to: the
/// caller's choice, else the file's, else the file name's stem.
pub(crate) fn layer_for(options: &ImportOptions, from_file: Option<String>) -> String {
    if let Some(annotator) = options.annotator.as_ref().filter(|a| !a.is_empty()) {
        return annotator.clone();
    }
    if let Some(layer) = from_file.filter(|l| !l.trim().is_empty()) {
        return layer;
    }
    let stem = file_stem(&options.file_name);
    if stem.is_empty() {
        "imported".to_string()
    } else {
        stem.to_string()
    }
}

/// Names the file in an error (when the caller gave its name).
pub(crate) fn in_file(error: Error, options: &ImportOptions) -> Error {
    if options.file_name.is_empty() || error.file.is_some() {
        error
    } else {
        error.in_file(options.file_name.clone())
    }
}

/// A JSON syntax error at `line` of the file (the JSON being that one line,
/// or starting there).
pub(crate) fn syntax_error(e: &serde_json::Error, first_line: usize) -> Error {
    let message = match e.classify() {
        serde_json::error::Category::Eof => "it ends too early (is it truncated?)".to_string(),
        _ => {
            let full = e.to_string();
            full.split(" at line ").next().unwrap_or(&full).to_string()
        }
    };
    Error::new(ErrorKind::Syntax(format!(
        "{message} (column {})",
        e.column()
    )))
    .at_line(first_line + e.line().saturating_sub(1))
}

/// One JSON record of a file: where it is, and its value.
#[derive(Debug)]
pub(crate) struct RawRecord {
    /// 1-based line where the record starts (`None` inside a JSON array,
    /// whose elements are not line-addressed).
    pub line: Option<usize>,
    /// 1-based position among the file's records.
    pub index: usize,
    pub value: Value,
}

/// Reads the records of a JSON Lines file, of a JSON array of records, or of
/// a file holding one (possibly pretty-printed) JSON object. Blank lines are
/// skipped; a leading byte-order mark is ignored.
pub(crate) fn json_records(input: &str) -> Result<Vec<RawRecord>, Error> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let trimmed = input.trim_start();
    if trimmed.starts_with('[') {
        let values: Vec<Value> = serde_json::from_str(input).map_err(|e| syntax_error(&e, 1))?;
        return Ok(values
            .into_iter()
            .enumerate()
            .map(|(i, value)| RawRecord {
                line: None,
                index: i + 1,
                value,
            })
            .collect());
    }
    let mut records = Vec::new();
    for (i, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) => records.push(RawRecord {
                line: Some(i + 1),
                index: records.len() + 1,
                value,
            }),
            // The first record does not end on its line: the file is one
            // pretty-printed JSON object rather than JSON Lines.
            Err(e) if records.is_empty() && e.classify() == serde_json::error::Category::Eof => {
                let value: Value = serde_json::from_str(input).map_err(|e| syntax_error(&e, 1))?;
                return Ok(vec![RawRecord {
                    line: Some(i + 1),
                    index: 1,
                    value,
                }]);
            }
            Err(e) => return Err(syntax_error(&e, i + 1)),
        }
    }
    Ok(records)
}

/// Parses one line of a JSON Lines file (`None` for a blank line).
pub(crate) fn json_line(line: &str, line_number: usize) -> Result<Option<Value>, Error> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    if line.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(line)
        .map(Some)
        .map_err(|e| syntax_error(&e, line_number))
}

/// Deserializes a record into a format's serde type; a shape error names the
/// field path (`entities[2].start_offset`).
pub(crate) fn shape<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let mut error = Error::invalid(e.inner().to_string());
        if path != "." && path != "?" {
            error.field = Some(path);
        }
        error
    })
}

/// Sets the line, the record (`record 3`, `task 3`: `noun` and the 1-based
/// index) and the file of an error. A more precise record the error names
/// (an annotation) is kept, after the record's number when no line says
/// which record it is.
pub(crate) fn at_record(
    mut error: Error,
    line: Option<usize>,
    (noun, record): (&str, usize),
    options: &ImportOptions,
) -> Error {
    let place = format!("{noun} {record}");
    let mut error = match (error.record.take(), line.or(error.line)) {
        // Within a JSON array only the record's number says which it is.
        (Some(inner), None) => error.in_record(format!("{place}, {inner}")),
        (Some(inner), Some(_)) => error.in_record(inner),
        (None, _) => error.in_record(place),
    };
    if error.line.is_none() {
        error.line = line;
    }
    in_file(error, options)
}

/// Converts offsets between a file's unit and code points. For UTF-16 it keeps
/// a checkpoint every [`Offsets::EVERY`] code points, so that converting many
/// offsets on a long text stays cheap; the arithmetic itself is
/// [`utf16_to_code_points`] and [`code_points_to_utf16`].
pub(crate) struct Offsets {
    /// The text (sharing the document's).
    text: Text,
    unit: OffsetUnit,
    /// UTF-16 offset of code point `i * EVERY`.
    utf16_checkpoints: Vec<usize>,
    utf16_len: usize,
}

/// Why an offset in a file's unit names no position in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OffsetProblem {
    /// Beyond the end (whose offset in the file's unit is given).
    PastEnd(usize),
    /// Between the two UTF-16 units of one character.
    InsideSurrogatePair,
}

impl Offsets {
    const EVERY: usize = 256;

    pub(crate) fn new(text: &Text, unit: OffsetUnit) -> Offsets {
        let mut utf16_checkpoints = Vec::new();
        let mut utf16_len = 0;
        if unit == OffsetUnit::Utf16 {
            utf16_checkpoints.reserve(text.len() / Self::EVERY + 1);
            for (i, c) in text.as_str().chars().enumerate() {
                if i % Self::EVERY == 0 {
                    utf16_checkpoints.push(utf16_len);
                }
                utf16_len += c.len_utf16();
            }
        }
        Offsets {
            text: text.clone(),
            unit,
            utf16_checkpoints,
            utf16_len,
        }
    }

    /// The text's length in the file's unit.
    pub(crate) fn len(&self) -> usize {
        match self.unit {
            OffsetUnit::CodePoints => self.text.len(),
            OffsetUnit::Utf16 => self.utf16_len,
        }
    }

    /// A file offset as a code-point offset.
    pub(crate) fn code_points(&self, offset: usize) -> Result<usize, OffsetProblem> {
        if offset > self.len() {
            return Err(OffsetProblem::PastEnd(self.len()));
        }
        match self.unit {
            OffsetUnit::CodePoints => Ok(offset),
            OffsetUnit::Utf16 => {
                let checkpoint = self
                    .utf16_checkpoints
                    .partition_point(|&u| u <= offset)
                    .saturating_sub(1);
                let from_cp = checkpoint * Self::EVERY;
                let from_utf16 = self.utf16_checkpoints.get(checkpoint).copied().unwrap_or(0);
                let chunk = self.text.slice(from_cp, from_cp + Self::EVERY);
                let within = offset - from_utf16;
                let cp = utf16_to_code_points(chunk, within);
                if code_points_to_utf16(chunk, cp) != within {
                    return Err(OffsetProblem::InsideSurrogatePair);
                }
                Ok(from_cp + cp)
            }
        }
    }

    /// A code-point offset in the file's unit.
    pub(crate) fn in_file_unit(&self, code_point: usize) -> usize {
        match self.unit {
            OffsetUnit::CodePoints => code_point,
            OffsetUnit::Utf16 => {
                let checkpoint = code_point / Self::EVERY;
                let Some(&from_utf16) = self.utf16_checkpoints.get(checkpoint) else {
                    return self.utf16_len;
                };
                let from_cp = checkpoint * Self::EVERY;
                let chunk = self.text.slice(from_cp, code_point);
                from_utf16 + code_points_to_utf16(chunk, code_point - from_cp)
            }
        }
    }

    /// A span given in the file's unit, as code points, or an error that says
    /// what is wrong with it (and, when the other unit would fit, says so).
    /// `fields` name the start and end in the file (`start_offset`, `end_offset`).
    pub(crate) fn fragment(
        &self,
        start: usize,
        end: usize,
        fields: (&str, &str),
    ) -> Result<Fragment, Error> {
        let convert = |offset: usize, field: &str| {
            self.code_points(offset).map_err(|problem| match problem {
                OffsetProblem::PastEnd(len) => self.past_end(start, end, len),
                OffsetProblem::InsideSurrogatePair => Error::invalid(format!(
                    "offset {offset} (in UTF-16 units) falls between the two halves of a character written as a surrogate pair"
                ))
                .in_field(field),
            })
        };
        let start_cp = convert(start, fields.0)?;
        let end_cp = convert(end, fields.1)?;
        Ok(Fragment::new(start_cp, end_cp))
    }

    fn past_end(&self, start: usize, end: usize, len: usize) -> Error {
        match self.unit {
            OffsetUnit::CodePoints => {
                let utf16_len = code_points_to_utf16(self.text.as_str(), self.text.len());
                if utf16_len > len && end <= utf16_len {
                    Error::invalid(format!(
                        "the span {start}–{end} reaches outside the text, which has {len} characters; \
                         it would fit if the file counts UTF-16 units, as JavaScript tools do \
                         (choose UTF-16 offsets: --offsets utf16)"
                    ))
                } else {
                    Error::new(ErrorKind::OutOfRange { start, end, len })
                }
            }
            OffsetUnit::Utf16 => Error::invalid(format!(
                "the span {start}–{end} (in UTF-16 units) reaches outside the text, which has {len} UTF-16 units"
            )),
        }
    }
}

/// A document being built from a record: every annotation and relation goes
/// in through [`AnnotatedDocument::apply`], so every invariant holds.
pub(crate) struct Builder {
    pub doc: AnnotatedDocument,
}

impl Builder {
    /// A document of `text` with an empty scheme, which grows with the
    /// labels and relation types the record uses.
    pub(crate) fn new(text: &str, record: usize) -> Builder {
        let text_index = Text::new(text);
        let id = document_id(&text_index, record);
        let title = crate::title::title_from_text(text);
        Builder {
            doc: AnnotatedDocument::new(
                Document {
                    id,
                    title,
                    text: text_index,
                },
                Scheme::default(),
            ),
        }
    }

    pub(crate) fn text(&self) -> &Text {
        &self.doc.document().text
    }

    /// Adds a span, declaring its label. The error names the annotation.
    pub(crate) fn add_span(&mut self, annotation: Annotation) -> Result<(), Error> {
        let record = describe_annotation(&annotation.key.layer, &annotation.key.id);
        if annotation.label.trim().is_empty() {
            return Err(Error::invalid("the label is empty")
                .in_field("label")
                .in_record(record));
        }
        self.doc.scheme_mut().ensure_label(&annotation.label);
        self.doc
            .apply(Edit::AddAnnotation(annotation))
            .map(drop)
            .map_err(|e| without_model_field(e, "fragments"))
    }

    /// Adds a relation, declaring its type.
    pub(crate) fn add_relation(&mut self, relation: Relation) -> Result<(), Error> {
        self.doc.scheme_mut().ensure_relation_type(&relation.kind);
        self.doc.apply(Edit::AddRelation(relation)).map(drop)
    }

    pub(crate) fn has_annotation(&self, key: &Key) -> bool {
        self.doc.annotation(key).is_some()
    }

    /// `r{n}` for the lowest `n` from `from` that no relation of the layer has.
    pub(crate) fn free_relation_id(&self, layer: &str, from: usize) -> String {
        (from..)
            .map(|n| format!("r{n}"))
            .find(|id| self.doc.relation(&Key::new(layer, id.clone())).is_none())
            .unwrap_or_default()
    }

    /// `base`, or `base-2`, `base-3`… whichever no annotation of the layer has.
    pub(crate) fn free_annotation_id(&self, layer: &str, base: &str) -> String {
        let taken = |id: &str| self.has_annotation(&Key::new(layer, id));
        if !taken(base) {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or_default()
    }
}

/// The model names an annotation's fragments `fragments[0]`; a file whose
/// span is one record names its own field instead, so the model's field is
/// dropped (the message still gives the offsets).
fn without_model_field(mut error: Error, model_field: &str) -> Error {
    if error
        .field
        .as_deref()
        .is_some_and(|f| f.starts_with(model_field))
    {
        error.field = None;
    }
    error
}

/// A new single-fragment annotation with the given times.
pub(crate) fn span(
    key: Key,
    label: &str,
    fragment: Fragment,
    created: Timestamp,
    modified: Timestamp,
) -> Annotation {
    let mut annotation = Annotation::new(key, label, fragment, created);
    annotation.modified = modified;
    annotation
}

/// A relation with nothing but its ends and type.
pub(crate) fn relation(
    key: Key,
    kind: &str,
    source: &str,
    target: &str,
    now: Timestamp,
) -> Relation {
    Relation {
        key,
        kind: kind.to_string(),
        source: source.to_string(),
        target: target.to_string(),
        attributes: Default::default(),
        note: String::new(),
        created: now,
        modified: now,
        foreign_id: None,
    }
}

/// Which layer a format that holds one annotator's work writes: the one the
/// caller chose, or the document's only one; otherwise an error listing the
/// layers to choose from. `None` when the document has no annotations.
pub(crate) fn chosen_layer(
    doc: &AnnotatedDocument,
    options: &ExportOptions,
    format: &str,
) -> Result<Option<String>, Error> {
    let layers = doc.layers();
    let list = || {
        layers
            .iter()
            .map(|l| quoted(l))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &options.layer {
        // A layer this document lacks writes no spans (a file of many
        // documents is converted with one layer for all); the report says so.
        Some(layer) => Ok(Some(layer.clone())),
        None => match layers.as_slice() {
            [] => Ok(None),
            [only] => Ok(Some(only.to_string())),
            _ => Err(Error::invalid(format!(
                "{format} holds one annotator's work, and this document has {} layers: {}; choose one (on the command line, --layer NAME)",
                layers.len(),
                list()
            ))
            .in_field("layer")),
        },
    }
}

/// For a report: the chosen layer is not in the document, so nothing of it
/// is written.
pub(crate) fn missing_layer_note(doc: &AnnotatedDocument, layer: Option<&str>) -> Option<String> {
    let layer = layer?;
    let layers = doc.layers();
    (!layers.contains(&layer)).then(|| {
        let list: Vec<String> = layers.iter().map(|l| quoted(l)).collect();
        if list.is_empty() {
            format!(
                "the document has no annotations, so none of layer {} are written",
                quoted(layer)
            )
        } else {
            format!(
                "the document has no layer {} (its layers are {}): no spans are written",
                quoted(layer),
                list.join(", ")
            )
        }
    })
}

/// The annotations of one layer in document order.
pub(crate) fn layer_annotations<'d>(
    doc: &'d AnnotatedDocument,
    layer: Option<&str>,
) -> Vec<&'d Annotation> {
    doc.annotations_in_document_order()
        .into_iter()
        .filter(|a| Some(a.key.layer.as_str()) == layer)
        .collect()
}

/// The relations of one layer, by id.
pub(crate) fn layer_relations<'d>(
    doc: &'d AnnotatedDocument,
    layer: Option<&str>,
) -> Vec<&'d Relation> {
    doc.relations()
        .filter(|r| Some(r.key.layer.as_str()) == layer)
        .collect()
}

/// Describes an annotation with its text, for reports.
pub(crate) fn describe_span(doc: &AnnotatedDocument, annotation: &Annotation) -> String {
    let quotes = doc.quotes(annotation);
    let extent = annotation.extent();
    format!(
        "{} {} at {}–{}",
        describe_annotation(&annotation.key.layer, &annotation.key.id),
        quoted(&quotes.join(" … ")),
        extent.start,
        extent.end
    )
}

/// Lists, for a report, what a format that carries only spans, labels and
/// (maybe) relations leaves out of one layer: notes, attributes, and relations
/// when `relations_carried` is false.
pub(crate) fn not_carried(
    doc: &AnnotatedDocument,
    layer: Option<&str>,
    format: &str,
    relations_carried: bool,
    notes_carried: bool,
) -> Vec<String> {
    not_carried_but(doc, layer, format, relations_carried, notes_carried, None)
}

/// [`not_carried`] for a format that carries one attribute of annotations
/// (spaCy's `kb_id`): its values are not counted as lost.
pub(crate) fn not_carried_but(
    doc: &AnnotatedDocument,
    layer: Option<&str>,
    format: &str,
    relations_carried: bool,
    notes_carried: bool,
    kept_attribute: Option<&str>,
) -> Vec<String> {
    let annotations = layer_annotations(doc, layer);
    let relations = layer_relations(doc, layer);
    let mut lost = Vec::new();
    let n_notes = annotations.iter().filter(|a| !a.note.is_empty()).count()
        + relations.iter().filter(|r| !r.note.is_empty()).count();
    if n_notes > 0 && !notes_carried {
        lost.push(format!(
            "{format} has no place for notes: {n_notes} not written"
        ));
    }
    let n_attributes = annotations
        .iter()
        .map(|a| {
            a.attributes
                .keys()
                .filter(|id| Some(id.as_str()) != kept_attribute)
                .count()
        })
        .sum::<usize>()
        + relations.iter().map(|r| r.attributes.len()).sum::<usize>();
    if n_attributes > 0 {
        lost.push(format!(
            "{format} has no place for attributes: {n_attributes} attribute values not written"
        ));
    }
    if !relations.is_empty() && !relations_carried {
        lost.push(format!(
            "{format} has no place for relations: {} not written",
            relations.len()
        ));
    }
    lost
}

/// For a report: the entity links and document labels of a layer (`None`:
/// of every layer) that a format has no place for.
pub(crate) fn links_and_labels_not_carried(
    doc: &AnnotatedDocument,
    layer: Option<&str>,
    format: &str,
    links_carried: bool,
    labels_carried: bool,
) -> Vec<String> {
    let mut lost = Vec::new();
    let n_links = doc
        .annotations()
        .filter(|a| a.entity.is_some() && layer.is_none_or(|l| a.key.layer == l))
        .count();
    if n_links > 0 && !links_carried {
        lost.push(format!(
            "{format} has no place for entity links: {n_links} not written"
        ));
    }
    let n_labels = doc
        .document_labels()
        .filter(|(l, _, _)| layer.is_none_or(|layer| *l == layer))
        .count();
    if n_labels > 0 && !labels_carried {
        lost.push(format!(
            "{format} has no place for document labels: {n_labels} sets answered not written"
        ));
    }
    lost
}

/// Sets a layer's document labels in an imported document, declaring the
/// set (several choices) and the options in the scheme as found.
pub(crate) fn put_document_labels(
    doc: &mut AnnotatedDocument,
    layer: &str,
    set: &str,
    options: &[String],
    chosen: &[String],
) {
    let scheme = doc.scheme_mut();
    for option in options.iter().chain(chosen) {
        scheme.ensure_document_label(set, option);
    }
    let mut values: Vec<String> = Vec::new();
    for value in chosen {
        if !values.contains(value) {
            values.push(value.clone());
        }
    }
    doc.put_document_labels(crate::model::Name::from(layer), set.to_string(), values);
}

/// For a report: an annotation written as several separate spans, one per
/// fragment, because the format has no discontinuous spans.
pub(crate) fn split_fragments_note(
    doc: &AnnotatedDocument,
    annotation: &Annotation,
    ids: &[String],
) -> String {
    format!(
        "{} has {} fragments; written as {} separate spans ({})",
        describe_span(doc, annotation),
        annotation.fragments.len(),
        annotation.fragments.len(),
        ids.join(", ")
    )
}

/// Reads a string or a number as an id (`3` and `"3"` are the same id).
pub(crate) fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Checks a span's quoted text against the document. When they differ, the
/// span moves to the nearest occurrence of the quote if the caller asked for
/// re-anchoring (and the move is reported); otherwise, or when the quote
/// occurs nowhere, the error names the quote. `raw` are the offsets as the
/// file gave them, so that the error can say when the other offset unit
/// would have matched.
pub(crate) fn check_quote(
    text: &Text,
    fragment: Fragment,
    raw: (usize, usize),
    quote: &str,
    key: &Key,
    options: &ImportOptions,
    report: &mut crate::format::Report,
) -> Result<Fragment, Error> {
    let found = text.slice(fragment.start, fragment.end);
    if found == quote {
        return Ok(fragment);
    }
    if options.reanchor {
        if let Some(moved) = crate::anchor::nearest_occurrence(text, quote, fragment.start) {
            report.reanchored.push(format!(
                "{} {}: moved from {}–{} to {}–{}, where its quoted text is",
                describe_annotation(&key.layer, &key.id),
                quoted(quote),
                fragment.start,
                fragment.end,
                moved.start,
                moved.end
            ));
            return Ok(moved);
        }
        return Err(Error::new(ErrorKind::QuoteMismatch {
            expected: found.to_string(),
            found: quote.to_string(),
        })
        .in_record(describe_annotation(&key.layer, &key.id))
        .in_field("text"));
    }
    let other_unit = match options.offsets {
        OffsetUnit::CodePoints => Some((
            utf16_to_code_points(text.as_str(), raw.0),
            utf16_to_code_points(text.as_str(), raw.1),
            "UTF-16 units (--offsets utf16)",
        )),
        OffsetUnit::Utf16 => (raw.1 <= text.len()).then_some((raw.0, raw.1, "code points")),
    };
    let error = match other_unit {
        Some((start, end, unit)) if start < end && text.slice(start, end) == quote => {
            Error::invalid(format!(
                "the quoted text {} does not match the document, which reads {} there; \
                 it would match if the offsets counted {unit}",
                quoted(quote),
                quoted(found)
            ))
        }
        _ => Error::new(ErrorKind::QuoteMismatch {
            expected: found.to_string(),
            found: quote.to_string(),
        }),
    };
    Err(error
        .in_record(describe_annotation(&key.layer, &key.id))
        .in_field("text"))
}

/// When offsets were read as code points from a text with characters that
/// JavaScript counts twice, says once in the report that a file written by
/// a JavaScript tool would need UTF-16 offsets: such a file's spans would
/// still land inside the text, only shifted, which no check can see.
pub(crate) fn note_astral_code_points(
    builder: &Builder,
    options: &ImportOptions,
    report: &mut crate::format::Report,
) {
    const NOTE: &str = "offsets were read as code points (as Python tools write them) in texts with emoji or other characters beyond U+FFFF; \
                        if a JavaScript tool (doccano's web annotator) wrote this file, its offsets count UTF-16 units: import it again with UTF-16 offsets";
    let text = builder.text();
    if options.offsets == OffsetUnit::CodePoints
        && builder.doc.annotations().len() > 0
        && !report.notes.iter().any(|n| n == NOTE)
        && text.as_str().len() != text.len()
        && text.as_str().chars().any(|c| c.len_utf16() == 2)
    {
        report.notes.push(NOTE.to_string());
    }
}

/// Adds a line to a report, naming the record that had it first (`record
/// 3`, `task 3`), unless the report has it already: the records of a file
/// repeat the same fields, and the report names each once.
pub(crate) fn say_once(lines: &mut Vec<String>, line: String, first: (&str, usize)) {
    if !lines.iter().any(|l| l.starts_with(&line)) {
        lines.push(format!("{line}{}", first_in(first)));
    }
}

/// ` (first in record 3)`; for a part of the file there is one of
/// (`("collection", 0)`), ` (in the collection)`.
fn first_in((noun, n): (&str, usize)) -> String {
    if n == 0 {
        format!(" (in the {noun})")
    } else {
        format!(" (first in {noun} {n})")
    }
}

/// Names in the report's "not represented" lines each key of `object` that
/// the reader does not keep (every key not in `read`), as `{path}{key}`. Keys
/// not kept for the same reason share one line per file
/// (`{format}: {why}: `a`, `b` (first in record 1)`), which gains the keys
/// later records add.
pub(crate) fn report_unread(
    report: &mut crate::format::Report,
    format: &str,
    path: &str,
    object: &serde_json::Map<String, Value>,
    read: &[&str],
    why: impl Fn(&str) -> &'static str,
    first: (&str, usize),
) {
    let is_read = |key: &str| read.contains(&key);
    report_unread_if(report, format, path, object, is_read, why, first);
}

/// [`report_unread`] with a test for the keys that are read.
pub(crate) fn report_unread_if(
    report: &mut crate::format::Report,
    format: &str,
    path: &str,
    object: &serde_json::Map<String, Value>,
    is_read: impl Fn(&str) -> bool,
    why: impl Fn(&str) -> &'static str,
    first: (&str, usize),
) {
    for key in object.keys().filter(|k| !is_read(k)) {
        let head = format!("{format}: {}: ", why(key));
        let name = format!("`{path}{key}`");
        let lines = &mut report.not_represented;
        match lines.iter_mut().find(|l| l.starts_with(&head)) {
            Some(line) if line.contains(&name) => {}
            Some(line) => {
                let at = line.rfind(" (first in ").unwrap_or(line.len());
                line.insert_str(at, &format!(", {name}"));
            }
            None => lines.push(format!("{head}{name}{}", first_in(first))),
        }
    }
}

/// Describes a JSON value for a message: its kind and a short rendering.
pub(crate) fn kind_of(value: &Value) -> String {
    let shown = value.to_string();
    let kind = match value {
        Value::Null => return "null".to_string(),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "the number",
        Value::String(_) => "the string",
        Value::Array(_) => "the list",
        Value::Object(_) => "the object",
    };
    let mut short: String = shown.chars().take(40).collect();
    if shown.chars().count() > 40 {
        short.push('…');
    }
    format!("{kind} {short}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_convert_both_ways_on_long_texts() {
        let text = Text::new(&"a😀b👩‍👩‍👧c".repeat(200));
        let offsets = Offsets::new(&text, OffsetUnit::Utf16);
        let whole = text.as_str();
        for cp in 0..=text.len() {
            let utf16 = offsets.in_file_unit(cp);
            assert_eq!(utf16, code_points_to_utf16(whole, cp));
            assert_eq!(offsets.code_points(utf16), Ok(cp));
        }
        assert_eq!(
            offsets.code_points(2),
            Err(OffsetProblem::InsideSurrogatePair)
        );
        let len = offsets.len();
        assert_eq!(
            offsets.code_points(len + 1),
            Err(OffsetProblem::PastEnd(len))
        );
    }

    #[test]
    fn code_point_offsets_pass_through() {
        let text = Text::new("Tirana 😀");
        let offsets = Offsets::new(&text, OffsetUnit::CodePoints);
        assert_eq!(offsets.code_points(8), Ok(8));
        assert_eq!(offsets.code_points(9), Err(OffsetProblem::PastEnd(8)));
        let error = offsets.fragment(7, 9, ("start", "end")).unwrap_err();
        assert!(error.to_string().contains("--offsets utf16"), "{error}");
    }

    #[test]
    fn records_come_from_lines_arrays_or_one_object() {
        let lines = json_records("{\"a\":1}\n\n{\"a\":2}\r\n").unwrap();
        assert_eq!(
            lines.iter().map(|r| (r.line, r.index)).collect::<Vec<_>>(),
            [(Some(1), 1), (Some(3), 2)]
        );
        assert_eq!(json_records("[{\"a\":1},{\"a\":2}]").unwrap().len(), 2);
        let pretty = json_records("\u{feff}{\n  \"a\": 1\n}\n").unwrap();
        assert_eq!(pretty.len(), 1);
        let error = json_records("{\"a\":1}\n{\"a\":").unwrap_err();
        assert_eq!(error.line, Some(2));
        assert!(error.to_string().contains("truncated"), "{error}");
    }
}
