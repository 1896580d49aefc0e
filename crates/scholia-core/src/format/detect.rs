//! Which format a file is in, and one entry point to read or write any
//! format: [`detect`], [`import_any`], [`import`], [`export`].
//!
//! Detection looks at the file name only for what content cannot tell (a
//! brat `.ann`); JSON-like files are recognised by their content, so a
//! doccano file named `.json` or a Label Studio export named `.txt` is still
//! read right.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use crate::anchor::nearest_occurrence;
use crate::error::{quoted, Error, ErrorKind};
use crate::format::{
    doccano, label_studio, records, scholia, spacy, ExportOptions, Exported, ExportedFile,
    ImportOptions, Imported, Report,
};
use crate::text::Text;
use crate::AnnotatedDocument;

/// The formats Scholia reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Scholia JSON, the native format.
    Scholia,
    /// W3C Web Annotation (JSON-LD).
    W3c,
    /// brat standoff: a `.ann` beside a `.txt`.
    Brat,
    /// doccano JSON Lines.
    Doccano,
    /// Label Studio JSON tasks.
    LabelStudio,
    /// spaCy / Prodigy JSON Lines.
    Spacy,
    /// CoNLL 2003 style token tags (BIO, IOB1, BIOES).
    Conll,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Scholia,
        Format::W3c,
        Format::Brat,
        Format::Doccano,
        Format::LabelStudio,
        Format::Spacy,
        Format::Conll,
    ];

    /// The name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Scholia => "scholia",
            Format::W3c => "w3c",
            Format::Brat => "brat",
            Format::Doccano => "doccano",
            Format::LabelStudio => "label-studio",
            Format::Spacy => "spacy",
            Format::Conll => "conll",
        }
    }

    /// The name people know it by.
    pub fn title(self) -> &'static str {
        match self {
            Format::Scholia => "Scholia JSON",
            Format::W3c => "W3C Web Annotation",
            Format::Brat => "brat standoff",
            Format::Doccano => "doccano JSONL",
            Format::LabelStudio => "Label Studio JSON",
            Format::Spacy => "spaCy / Prodigy JSONL",
            Format::Conll => "CoNLL (BIO)",
        }
    }

    /// The usual end of a file name in this format (brat's main file).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Scholia => ".scholia.json",
            Format::W3c => ".jsonld",
            Format::Brat => ".ann",
            Format::Doccano => doccano::EXTENSION,
            Format::LabelStudio => label_studio::EXTENSION,
            Format::Spacy => spacy::EXTENSION,
            Format::Conll => crate::format::conll::EXTENSION,
        }
    }

    /// Whether Scholia reads it (every format now).
    pub fn can_import(self) -> bool {
        true
    }

    /// JSON Lines formats can be read a line at a time ([`import_line`]).
    pub fn is_json_lines(self) -> bool {
        matches!(self, Format::Doccano | Format::Spacy)
    }

    /// Formats that hold one file per document (several documents need
    /// several files); the others hold many documents in one file.
    pub fn one_document_per_file(self) -> bool {
        matches!(self, Format::Scholia | Format::W3c | Format::Brat)
    }

    /// Formats that hold one annotator's work: their export writes the
    /// layer [`ExportOptions::layer`] names.
    pub fn single_layer(self) -> bool {
        matches!(self, Format::Doccano | Format::Spacy | Format::Conll)
    }

    /// Formats that locate spans by offsets alone, so that their offsets
    /// are read and written in the [`OffsetUnit`](super::OffsetUnit) the
    /// user chooses (JavaScript tools count UTF-16 units).
    pub fn counts_offsets(self) -> bool {
        matches!(self, Format::Doccano | Format::Spacy | Format::LabelStudio)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Format, String> {
        let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
        Format::ALL
            .into_iter()
            .find(|f| f.name() == wanted || (wanted == "labelstudio" && *f == Format::LabelStudio))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "{} is not a format; the formats are {}",
                    quoted(name),
                    names.join(", ")
                )
            })
    }
}

/// How many JSON Lines records detection looks at before deciding between
/// doccano and spaCy (whose plain-text records look alike).
const LINES_TO_SNIFF: usize = 50;

/// Recognises a file's format from its name and content. `content` is the
/// whole file, or for JSON Lines at least its first lines (a cut last line
/// is ignored). The error says what the file looks like instead.
pub fn detect(file_name: &str, content: &str) -> Result<Format, Error> {
    let located = |e: Error| {
        if file_name.is_empty() {
            e
        } else {
            e.in_file(file_name)
        }
    };
    let lower = file_name.to_lowercase();
    if lower.ends_with(".ann") {
        return Ok(Format::Brat);
    }
    let body = content.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') || body.starts_with('[') {
        return detect_json(content).map_err(located);
    }
    if looks_like_brat(body) {
        return Ok(Format::Brat);
    }
    if crate::format::conll::looks_like_conll(body) {
        return Ok(Format::Conll);
    }
    let message = if body.is_empty() {
        "the file is empty".to_string()
    } else if lower.ends_with(".txt") {
        "this is plain text, not annotations: open it as a new document (a brat document is read from its .ann file, with the .txt beside it)".to_string()
    } else {
        "this is not a format Scholia reads: expected JSON (Scholia, W3C, Label Studio), JSON Lines (doccano, spaCy / Prodigy), a brat .ann file or CoNLL columns (a token and its tag a line)".to_string()
    };
    Err(located(Error::new(ErrorKind::UnknownFormat(message))))
}

fn detect_json(content: &str) -> Result<Format, Error> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut lines = content
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((first_index, first)) = lines.next() else {
        return Err(Error::new(ErrorKind::UnknownFormat(
            "the file is empty".into(),
        )));
    };
    let first_value = match serde_json::from_str::<Value>(first) {
        Ok(value) => value,
        // A record that does not end on its line: pretty-printed JSON.
        Err(e) if e.classify() == serde_json::error::Category::Eof => {
            let value: Value =
                serde_json::from_str(content).map_err(|e| records::syntax_error(&e, 1))?;
            return classify_whole(&value);
        }
        Err(e) => return Err(records::syntax_error(&e, first_index + 1)),
    };
    let Value::Object(first_object) = &first_value else {
        return classify_whole(&first_value);
    };
    match classify_object(first_object) {
        Some(Sniff::Sure(format)) => return Ok(format),
        Some(Sniff::PlainText) => {}
        None => return Err(unknown_json(first_object)),
    }
    // doccano and spaCy records with nothing but text look alike: a later
    // record may tell.
    for (_, line) in lines.take(LINES_TO_SNIFF) {
        let Ok(Value::Object(object)) = serde_json::from_str::<Value>(line) else {
            break;
        };
        if let Some(Sniff::Sure(format)) = classify_object(&object) {
            return Ok(format);
        }
    }
    Ok(Format::Doccano)
}

/// What one JSON object says about its format.
enum Sniff {
    Sure(Format),
    /// A record with a text and nothing that tells doccano from spaCy.
    PlainText,
}

fn classify_object(object: &Map<String, Value>) -> Option<Sniff> {
    let has = |key: &str| object.contains_key(key);
    if object.get("format").and_then(Value::as_str) == Some(scholia::FORMAT) {
        return Some(Sniff::Sure(Format::Scholia));
    }
    let w3c_context = match object.get("@context") {
        Some(Value::String(s)) => s.contains("w3.org/ns/anno"),
        Some(Value::Array(items)) => items
            .iter()
            .any(|i| i.as_str().is_some_and(|s| s.contains("w3.org/ns/anno"))),
        _ => false,
    };
    let w3c_type = matches!(
        object.get("type").and_then(Value::as_str),
        Some("Annotation" | "AnnotationCollection" | "AnnotationPage")
    );
    if w3c_context || w3c_type {
        return Some(Sniff::Sure(Format::W3c));
    }
    if object.get("data").is_some_and(Value::is_object) {
        return Some(Sniff::Sure(Format::LabelStudio));
    }
    if !(has("text") || object.get("data").is_some_and(Value::is_string)) {
        return None;
    }
    let spacy = [
        "spans",
        "tokens",
        "_input_hash",
        "_task_hash",
        "answer",
        "_annotator_id",
    ];
    if spacy.iter().any(|k| has(k)) {
        return Some(Sniff::Sure(Format::Spacy));
    }
    let doccano = [
        "label",
        "labels",
        "entities",
        "relations",
        "annotations",
        "user",
        "username",
        "Comments",
    ];
    if doccano.iter().any(|k| has(k)) {
        return Some(Sniff::Sure(Format::Doccano));
    }
    Some(Sniff::PlainText)
}

fn classify_whole(value: &Value) -> Result<Format, Error> {
    match value {
        Value::Object(object) => match classify_object(object) {
            Some(Sniff::Sure(format)) => Ok(format),
            Some(Sniff::PlainText) => Ok(Format::Doccano),
            None => Err(unknown_json(object)),
        },
        // Label Studio exports an empty project as an empty list.
        Value::Array(items) if items.is_empty() => Ok(Format::LabelStudio),
        Value::Array(items) => match &items[0] {
            Value::Object(object) => match classify_object(object) {
                Some(Sniff::Sure(format)) => Ok(format),
                Some(Sniff::PlainText) => Ok(Format::Doccano),
                None => Err(unknown_json(object).in_record("record 1")),
            },
            other => Err(Error::new(ErrorKind::UnknownFormat(format!(
                "a list of {}: not a format Scholia reads",
                records::kind_of(other)
            )))),
        },
        other => Err(Error::new(ErrorKind::UnknownFormat(format!(
            "{}: not a format Scholia reads",
            records::kind_of(other)
        )))),
    }
}

fn unknown_json(object: &Map<String, Value>) -> Error {
    let keys: Vec<String> = object.keys().take(8).map(|k| quoted(k)).collect();
    Error::new(ErrorKind::UnknownFormat(format!(
        "JSON in no format Scholia reads (its fields are {}); expected Scholia JSON (\"format\": \"scholia\"), \
         W3C Web Annotation (\"@context\"), Label Studio tasks (\"data\") or doccano / spaCy records (\"text\")",
        if keys.is_empty() { "none".to_string() } else { keys.join(", ") }
    )))
}

/// Whether text looks like a brat `.ann`: its first line that is not blank
/// starts with an id (`T1`, `R2`, `#3`, `*`…) and a tab.
fn looks_like_brat(body: &str) -> bool {
    let Some(line) = body.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let Some((id, rest)) = line.split_once('\t') else {
        return false;
    };
    let mut chars = id.chars();
    matches!(
        chars.next(),
        Some('T' | 'R' | 'E' | 'A' | 'M' | 'N' | '#' | '*')
    ) && chars.all(|c| c.is_ascii_digit())
        && !rest.is_empty()
}

/// Reads a file in a format detected from its name and content. brat needs
/// the text file beside the `.ann`: pass it as `brat_text`.
pub fn import_any(
    file_name: &str,
    content: &str,
    brat_text: Option<&str>,
    options: &ImportOptions,
) -> Result<(Format, Imported), Error> {
    let format = detect(file_name, content)?;
    let mut imported = match (format, brat_text) {
        (Format::Brat, Some(text)) => import_brat(content, text, None, options)?,
        _ => import(format, content, options)?,
    };
    adopt(&mut imported);
    Ok((format, imported))
}

/// Reads a file in a given format. (brat: see [`import_brat`].)
pub fn import(format: Format, content: &str, options: &ImportOptions) -> Result<Imported, Error> {
    let in_file = |e: Error| records::in_file(e, options);
    let mut imported = match format {
        Format::Scholia => import_native(content, options).map_err(in_file),
        Format::W3c => crate::format::w3c::import(content, options),
        Format::Brat => Err(in_file(Error::invalid(
            "a brat document is two files: read the .ann with the .txt beside it",
        ))),
        Format::Doccano => doccano::import(content, options),
        Format::LabelStudio => label_studio::import(content, options),
        Format::Spacy => spacy::import(content, options),
        Format::Conll => crate::format::conll::import(content, options),
    }?;
    crate::format::shared_scheme::share(&mut imported.documents);
    adopt(&mut imported);
    Ok(imported)
}

/// Gives every entity a link names, that the file did not describe, an
/// entry in the import's knowledge base.
fn adopt(imported: &mut Imported) {
    for doc in &imported.documents {
        crate::knowledge::adopt_links(&mut imported.knowledge_base, doc);
    }
}

/// Reads annotations onto a text given apart from them: a W3C Web
/// Annotation file from another tool (Recogito's, say, which names its text
/// by URL and does not carry it), or a brat `.ann`. Each position is checked
/// against its quote (`TextQuoteSelector`, brat's covered text); where they
/// disagree the file is refused, or with [`ImportOptions::reanchor`] the span
/// moves to its quote and the report says so. Formats that carry their own
/// text are refused, saying so. This is the entry point for "choose the text
/// file with the annotations".
pub fn import_with_text(
    format: Format,
    content: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, Error> {
    let mut imported = match format {
        Format::W3c => crate::format::w3c::import_with_text(content, text, options),
        Format::Brat => import_brat(content, text, None, options),
        other => Err(records::in_file(
            Error::invalid(format!(
                "{} carries its own text; a separate text is only for W3C Web Annotation files from other tools and brat .ann files",
                other.title()
            )),
            options,
        )),
    }?;
    adopt(&mut imported);
    Ok(imported)
}

/// Reads a brat document: its `.ann`, its `.txt` and, when there is one,
/// the `annotation.conf` that declares its types.
pub fn import_brat(
    ann: &str,
    text: &str,
    annotation_conf: Option<&str>,
    options: &ImportOptions,
) -> Result<Imported, Error> {
    let mut imported = crate::format::brat::import_pair(text, ann, annotation_conf, options)?;
    adopt(&mut imported);
    Ok(imported)
}

/// Reads one line of a JSON Lines format (`None` for a blank line), for
/// reading large files a line at a time. `index` is the record's 1-based
/// position among the file's records.
pub fn import_line(
    format: Format,
    line: &str,
    line_number: usize,
    index: usize,
    options: &ImportOptions,
    report: &mut Report,
) -> Result<Option<AnnotatedDocument>, Error> {
    match format {
        Format::Doccano => doccano::import_line(line, line_number, index, options, report),
        Format::Spacy => spacy::import_line(line, line_number, index, options, report),
        other => Err(records::in_file(
            Error::invalid(format!("{} is not a JSON Lines format", other.title())),
            options,
        )),
    }
}

/// Writes a document in a format.
pub fn export(
    format: Format,
    doc: &AnnotatedDocument,
    options: &ExportOptions,
) -> Result<Exported, Error> {
    match format {
        Format::Scholia => Ok(Exported {
            files: vec![ExportedFile {
                extension: Format::Scholia.extension().to_string(),
                content: scholia::export_with(doc, &options.knowledge_base),
            }],
            report: Report::default(),
        }),
        Format::W3c => crate::format::w3c::export(doc, options),
        Format::Brat => crate::format::brat::export(doc, options),
        Format::Doccano => doccano::export(doc, options),
        Format::LabelStudio => label_studio::export(doc, options),
        Format::Spacy => spacy::export(doc, options),
        Format::Conll => crate::format::conll::export(doc, options),
    }
}

/// Reads Scholia JSON through the shared options: `annotator` moves every
/// record into that layer, and `reanchor` accepts a text changed since
/// export (line endings converted, say) and moves every span whose quote
/// no longer matches to the nearest place where it does, reporting each.
fn import_native(content: &str, options: &ImportOptions) -> Result<Imported, Error> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut file = scholia::parse(content)?;
    let entities = std::mem::take(&mut file.entities);
    let knowledge_base = crate::knowledge::file::entities_from_file(entities)?;
    let mut report = Report::default();
    if let Some(annotator) = options.annotator.as_ref().filter(|a| !a.is_empty()) {
        for annotation in &mut file.annotations {
            annotation.layer = annotator.clone();
        }
        for relation in &mut file.relations {
            relation.layer = annotator.clone();
        }
    }
    if options.reanchor {
        let text = Text::new(&file.document.text);
        if file.document.length != text.len()
            || !file.document.sha256.eq_ignore_ascii_case(text.sha256())
        {
            report.notes.push(
                "the text differs from the one the file was exported with; spans were re-anchored by their quotes".into(),
            );
            file.document.length = text.len();
            file.document.sha256 = text.sha256().to_string();
        }
        for annotation in &mut file.annotations {
            for fragment in &mut annotation.fragments {
                if fragment.start < fragment.end
                    && fragment.end <= text.len()
                    && text.slice(fragment.start, fragment.end) == fragment.quote
                {
                    continue;
                }
                if let Some(moved) = nearest_occurrence(&text, &fragment.quote, fragment.start) {
                    report.reanchored.push(format!(
                        "{} {}: moved from {}–{} to {}–{}, where its quoted text is",
                        crate::error::describe_annotation(&annotation.layer, &annotation.id),
                        quoted(&fragment.quote),
                        fragment.start,
                        fragment.end,
                        moved.start,
                        moved.end
                    ));
                    fragment.start = moved.start;
                    fragment.end = moved.end;
                }
            }
        }
    }
    let mut doc = scholia::from_file(file)?;
    let migrated = crate::knowledge::migrate_kb_id(&mut doc);
    if migrated > 0 {
        report.notes.push(format!(
            "{migrated} kb_id attributes (from a version without entity links) became entity links"
        ));
    }
    Ok(Imported {
        documents: vec![doc],
        report,
        knowledge_base,
        predictions: Vec::new(),
    })
}

/// Decodes a file's bytes as UTF-8, or says where they stop being UTF-8
/// (byte offset, line and column) and what the file may be instead.
pub fn decode_utf8<'b>(bytes: &'b [u8], file_name: &str) -> Result<&'b str, Error> {
    decode_utf8_at(bytes, 1, 0).map_err(|e| {
        if file_name.is_empty() {
            e
        } else {
            e.in_file(file_name)
        }
    })
}

/// Decodes part of a file (a line, say) that starts at `first_line` and at
/// byte `first_byte` of the file, so that an error gives file positions.
pub fn decode_utf8_at(bytes: &[u8], first_line: usize, first_byte: usize) -> Result<&str, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.valid_up_to();
            if first_byte == 0
                && (bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]))
            {
                return Err(Error::new(ErrorKind::Syntax(
                    "the file is UTF-16 encoded; save it as UTF-8".into(),
                ))
                .at_line(first_line));
            }
            let before = &bytes[..at];
            let newlines = before.iter().filter(|&&b| b == b'\n').count();
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let column =
                std::str::from_utf8(&before[line_start..]).map_or(0, |s| s.chars().count()) + 1;
            Err(Error::new(ErrorKind::Syntax(format!(
                "byte {} (0x{:02x}, at column {column}) is not valid UTF-8: save the file as UTF-8",
                first_byte + at,
                bytes[at]
            )))
            .at_line(first_line + newlines))
        }
    }
}

/// Whether the first line that is not blank holds a whole JSON value (JSON
/// Lines), rather than the start of a pretty-printed document or a list:
/// whether a file in a JSON Lines format can be read a line at a time.
pub fn first_line_is_a_record(head: &str) -> bool {
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    head.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| {
            l.trim_start().starts_with('{') && serde_json::from_str::<serde_json::Value>(l).is_ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert_eq!("Label_Studio".parse::<Format>(), Ok(Format::LabelStudio));
        let error = "docx".parse::<Format>().unwrap_err();
        assert!(error.contains("scholia, w3c, brat, doccano, label-studio, spacy, conll"));
    }

    #[test]
    fn invalid_utf8_names_byte_line_and_column() {
        let bytes = b"{\"text\": \"ok\"}\n{\"text\": \"caf\xe9\"}\n";
        let error = decode_utf8(bytes, "in.jsonl").unwrap_err();
        assert_eq!(error.line, Some(2));
        assert_eq!(
            error.to_string(),
            "in.jsonl, line 2: the file is not well-formed: byte 28 (0xe9, at column 14) is not valid UTF-8: save the file as UTF-8"
        );
        let utf16 = [0xff, 0xfe, b'{', 0];
        assert!(decode_utf8(&utf16, "x.json")
            .unwrap_err()
            .to_string()
            .contains("UTF-16"));
    }
}
