//! File formats. Each format is one module with its own serde types; the
//! model in [`crate::model`] is never the file schema.
//!
//! Every module follows the same shape, so that the app and the command line
//! treat formats alike:
//!
//! - `pub fn import(input: &str, options: &ImportOptions) -> Result<Imported, Error>`
//!   (brat, whose documents are two files, has `import_pair`);
//! - `pub fn export(doc: &AnnotatedDocument, options: &ExportOptions) -> Result<Exported, Error>`.
//!
//! Importers never panic on any input; every error names the file (from
//! `options.file_name`), the line or record, and the field. What a format
//! cannot carry is listed in the [`Report`], never dropped silently.

pub mod brat;
pub mod conll;
pub mod detect;
pub mod direct;
pub mod doccano;
pub mod history;
mod json_string;
pub mod label_studio;
pub mod library;
mod records;
pub mod scheme;
pub mod scholia;
pub mod shared_scheme;
pub mod spacy;
pub mod w3c;

use crate::knowledge::KnowledgeBase;
use crate::model::Timestamp;
use crate::AnnotatedDocument;

/// How a format that carries no quoted text counts offsets. JavaScript tools
/// (doccano, Label Studio in the browser) count UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OffsetUnit {
    #[default]
    CodePoints,
    Utf16,
}

/// What an importer needs from its caller (the core reads no clock).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// The file's name: named in every error, and its stem is the annotator
    /// when the file names none.
    pub file_name: String,
    /// The annotator (layer) for everything read, overriding the file's own.
    pub annotator: Option<String>,
    /// The offset unit of formats that carry no quotes.
    pub offsets: OffsetUnit,
    /// Move spans whose quote disagrees with the text at their offsets to
    /// where the quote is (reporting each), instead of refusing the file.
    pub reanchor: bool,
    /// The time given to records that carry none.
    pub now: Timestamp,
}

/// What an export needs from its caller.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportOptions {
    /// For formats that hold one annotator's work: the layer to write
    /// (`None`: the only layer, or an error naming the layers to choose from).
    pub layer: Option<String>,
    /// The offset unit of formats that carry no quotes.
    pub offsets: OffsetUnit,
    /// The library's knowledge base: what entity links name (a brat
    /// normalisation's database and id, a W3C body's URI, a spaCy `kb_id`).
    /// Empty: links are written by entity id.
    pub knowledge_base: KnowledgeBase,
}

/// The documents an import read, and what the user should know about it.
/// (Not `Eq`: predictions carry a confidence.)
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    pub documents: Vec<AnnotatedDocument>,
    pub report: Report,
    /// The entities the documents' links name: described by the file where
    /// it can (a Scholia file's `entities`, a brat normalisation), else
    /// made from the first mention ([`crate::knowledge::adopt_links`]).
    pub knowledge_base: KnowledgeBase,
    /// Someone else's predictions the file carries beside its annotations
    /// (Label Studio's `predictions`), as suggestions: empty, or one list per
    /// document, in the order of `documents`.
    pub predictions: Vec<Vec<crate::suggest::Suggestion>>,
}

impl Imported {
    /// The predictions read for the `i`th document (none for most formats).
    pub fn predictions_of(&self, i: usize) -> &[crate::suggest::Suggestion] {
        self.predictions.get(i).map_or(&[], Vec::as_slice)
    }
}

/// The files an export wrote (name suffix or full name, and content), and
/// what the format could not carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Exported {
    pub files: Vec<ExportedFile>,
    pub report: Report,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    /// The file name's extension, without the stem: `.ann`, `.txt`, `.jsonl`.
    pub extension: String,
    pub content: String,
}

/// A short account of an import or an export, for people. Serialisable so
/// that the formats' worker can hand it to the app as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Spans moved to where their quote is, each described.
    pub reanchored: Vec<String>,
    /// What the format could not represent, or represented approximately.
    pub not_represented: Vec<String>,
    /// Anything else worth knowing (brat events kept as a trigger and
    /// argument relations, say).
    pub notes: Vec<String>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.reanchored.is_empty() && self.not_represented.is_empty() && self.notes.is_empty()
    }
}

/// The stem of a file name: `alice/doc1.ann` → `doc1`.
pub fn file_stem(file_name: &str) -> &str {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    }
}

/// A file's bytes as text, or an error naming the file and where the bytes
/// stop being UTF-8.
pub use detect::decode_utf8;

/// `value` as pretty-printed JSON, measured first and then written into a
/// buffer of exactly that size: a buffer that grows as it is written
/// doubles, and while it doubles holds both copies (on a book with tens of
/// thousands of annotations, tens of megabytes more at the peak, which the
/// page's wasm memory keeps for good). Every pretty file of the core is
/// written here, through one writer type, so the serialisers are compiled
/// once. Empty if `value` cannot be written (a map with keys that are not
/// strings; none of the file types has one).
pub(crate) fn pretty_json<T: serde::Serialize>(value: &T) -> String {
    let mut sink = Sink::Count(0);
    if serde_json::to_writer_pretty(&mut sink, value).is_err() {
        return String::new();
    }
    let Sink::Count(len) = sink else {
        return String::new();
    };
    let mut sink = Sink::Bytes(Vec::with_capacity(len));
    if serde_json::to_writer_pretty(&mut sink, value).is_err() {
        return String::new();
    }
    match sink {
        Sink::Bytes(bytes) => String::from_utf8(bytes).unwrap_or_default(),
        Sink::Count(_) => String::new(),
    }
}

/// Where [`pretty_json`] writes: first only counting the bytes, then
/// keeping them.
enum Sink {
    Count(usize),
    Bytes(Vec<u8>),
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Count(n) => *n += buf.len(),
            Sink::Bytes(bytes) => bytes.extend_from_slice(buf),
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod pretty_tests {
    #[test]
    fn pretty_json_is_serde_json_s_pretty_output_in_a_buffer_of_its_exact_size() {
        let value = serde_json::json!({ "text": "Rama ✈ Tirana\n", "n": [1, 2, { "a": null }] });
        let written = super::pretty_json(&value);
        assert_eq!(written, serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(written.capacity(), written.len());
    }
}
