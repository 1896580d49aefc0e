//! The messages between the app and the worker. Each message is a JS object
//! whose `message` field is one of these types, written and read with
//! `serde_wasm_bindgen` (which the page already has for its storage, so the
//! messages add no JSON reader to the page's bundle, and figures arrive
//! exactly); bulky payloads travel beside it as plain JS values so that
//! neither side parses more than it needs:
//!
//! - an import request carries the chosen `File`s in `files` (in the order
//!   of [`Request::Import::names`]); the worker reads them itself;
//! - an export request carries the document as Scholia JSON in `document`;
//! - [`Response::Imported`] carries every document read, as Scholia JSON,
//!   in `documents` (an array of strings, in the order of the results);
//! - [`Response::Exported`] carries the files' contents in `contents`.
//!
//! Beside imports and exports, the worker takes the jobs that need no page
//! and would otherwise weigh on the page's bundle: agreement reports (the
//! document or documents in `document`, one message each), library backups
//! (read from a `File` in `files`; written from documents in `documents`,
//! the file in `contents`), scheme files, and the suggestions' tagger
//! (trained from documents in `documents`, the model in `contents`).

pub use scholia_core::suggest::matcher::Hit;
use serde::{Deserialize, Serialize};

pub use scholia_core::suggest::evaluate::Evaluation;
pub use scholia_core::suggest::{Decisions, Suggestion};

pub use scholia_core::agreement::{AgreementReport, Options as AgreementOptions};
pub use scholia_core::format::scholia::SchemeV1;

pub use scholia_core::format::OffsetUnit;

/// The choices the user makes about an import.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSettings {
    pub offsets: OffsetUnit,
    /// Move spans whose quoted text is elsewhere instead of refusing them.
    pub reanchor: bool,
    /// The annotator (layer) for everything read, instead of the files' own.
    pub annotator: Option<String>,
    /// The time given to records that carry none (ms since the epoch).
    pub now: i64,
    /// Read every span as a suggestion (someone else's predictions), not as
    /// an annotation: the documents come with their text and scheme only.
    #[serde(default)]
    pub as_suggestions: bool,
}

/// What one import reads: a file, or a brat document (two or three files
/// chosen together). Numbers index [`Request::Import::names`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Unit {
    File {
        file: usize,
    },
    Brat {
        ann: usize,
        txt: usize,
        conf: Option<usize>,
    },
    /// Annotations whose text is given apart (a W3C file from another tool,
    /// which names its text by URL): the annotation file and the `.txt`.
    WithText {
        file: usize,
        txt: usize,
    },
}

/// The choices the user makes about an export.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportSettings {
    /// The layer to write, for formats that hold one annotator's work.
    pub layer: Option<String>,
    pub offsets: OffsetUnit,
}

/// What the app asks of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Request {
    /// Read files (sent beside the message, in `files`).
    Import {
        job: u32,
        names: Vec<String>,
        units: Vec<Unit>,
        settings: ImportSettings,
    },
    /// Write a document (sent beside the message, in `document`) in a
    /// format, named as `Format::name` names it.
    Export {
        job: u32,
        format: String,
        settings: ExportSettings,
    },
    /// Measure agreement between `layers` on one document (in `document`).
    Agreement {
        job: u32,
        layers: Vec<String>,
        options: AgreementOptions,
    },
    /// Start measuring agreement over documents sent one at a time, each in
    /// a [`Request::MeasureAdd`] (answered by [`Response::Measured`]), until
    /// [`Request::MeasureEnd`] asks for the report.
    MeasureStart {
        job: u32,
        options: AgreementOptions,
    },
    /// Add a document (in `document`) to the measure: every annotator's
    /// layer but gold.
    MeasureAdd {
        job: u32,
    },
    MeasureEnd {
        job: u32,
    },
    /// Read a library backup (one `File`, in `files`).
    ReadBackup {
        job: u32,
        name: String,
    },
    /// Write a library backup of documents (Scholia JSON, in `documents`,
    /// in the order of `entries`).
    WriteBackup {
        job: u32,
        annotator: Option<String>,
        /// When the backup is made (ms since the epoch).
        now: i64,
        entries: Vec<BackupEntry>,
        /// The library's knowledge base as a `scholia-kb` JSON file (none,
        /// or one without entities, writes a backup without it).
        #[serde(default)]
        knowledge_base: Option<String>,
        /// The library's tagger models (none writes a backup without them).
        #[serde(default)]
        tagger_models: Vec<BackupModel>,
    },
    /// Read a scheme file (one `File`, in `files`).
    ReadScheme {
        job: u32,
        name: String,
    },
    /// Write a scheme file of the scheme given (its file name is the app's).
    WriteScheme {
        job: u32,
        scheme: SchemeV1,
    },
    /// Merge annotators' documents (Scholia JSON, in `documents`, in the
    /// order of `inputs`) into a new document with id `new_id`.
    Merge {
        job: u32,
        inputs: Vec<MergeInput>,
        reanchor: bool,
        new_id: String,
    },
    /// Train the suggestions' tagger on documents (Scholia JSON, in
    /// `documents`); answered by [`Response::Trained`].
    Train {
        job: u32,
        settings: TrainSettings,
    },
    /// The tagger's suggestions for one document (Scholia JSON, the first
    /// of `documents`) by the model named `model` (its
    /// [`model_id`](scholia_core::suggest::model_file::model_id)). The
    /// model's JSON travels in `contents` when the page has not sent it to
    /// this worker yet: the worker keeps the last model it read, and asks
    /// for it ([`Response::ModelWanted`]) when it does not hold the one
    /// named. Answered by [`Response::Suggested`], the spans in `spans`.
    Suggest {
        job: u32,
        decisions: Decisions,
        model: String,
    },
    /// Read and compile a term list or pattern file (its text in
    /// `contents`), which the worker keeps for `FindTerms`; answered by
    /// [`Response::TermsCompiled`] (how many entries, or the error naming
    /// the file, line and field).
    CompileTerms {
        job: u32,
        list: TermsList,
    },
    /// The matches of the term lists and pattern files in a document's
    /// text (in `text`), as if they were one list (the longest wins). Each
    /// list's text is in `contents`, in the same order, for a worker that
    /// does not hold it compiled. Answered by [`Response::TermsFound`], the
    /// spans in `spans`.
    FindTerms {
        job: u32,
        lists: Vec<TermsList>,
    },
    /// Every whole-word occurrence of the repeats' phrases (the tagged
    /// mentions' distinct texts, `scholia_core::suggest::repeats::phrases`)
    /// in a document's text (in `text`). Answered by
    /// [`Response::RepeatsFound`], the hits in `spans`.
    FindRepeats {
        job: u32,
        phrases: Vec<String>,
        case_sensitive: bool,
    },
    /// Cross-validate the tagger over documents (in `documents`).
    Evaluate {
        job: u32,
        folds: usize,
        settings: TrainSettings,
    },
}

/// A term list or pattern file as the page loaded it: `id` names its
/// content (the worker keeps it compiled under that name), `name` is the
/// file's (which says whether it is a pattern file, and names it in
/// errors) and `label` is the label of its plain terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsList {
    pub id: String,
    pub name: String,
    pub label: String,
}

/// What a term list or pattern file compiled holds: how many entries, and
/// the labels they give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompiledTerms {
    pub entries: usize,
    pub labels: Vec<String>,
}

/// How to train the suggestions' tagger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrainSettings {
    /// Learn from this layer only (`None`: every layer but suggestions').
    pub layer: Option<String>,
    pub epochs: usize,
}

/// How good the tagger is on the documents sent: cross-validation over
/// them in `folds` folds (what `scholia-cli evaluate --folds` prints), and a
/// learning curve (the same folds, each trained on the first part of its
/// training documents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    pub folds: usize,
    pub documents: usize,
    pub evaluation: Evaluation,
    /// (name of the point, scores), fewest training documents first.
    pub curve: Vec<(String, Evaluation)>,
}

/// What a `Suggest` or `FindTerms` found: the labels and ids its spans
/// index, and how many spans there are. The spans themselves travel beside
/// the message in `spans`, one `Float64Array` of (start, end, label index,
/// confidence, id index + 1 or 0) per span ([`encode_spans`]): a typed
/// array is cloned and read in one copy, where tens of thousands of objects
/// cost the page a long frame to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundSpans {
    pub labels: Vec<String>,
    /// The term or entity ids the spans carry (a term list's), each once.
    #[serde(default)]
    pub ids: Vec<String>,
    pub count: usize,
}

/// The numbers per span in `spans`.
pub const SPAN_FIELDS: usize = 5;

/// Suggestions of one fragment each, with labels among `labels`, as a
/// [`FoundSpans`] and the numbers of `spans` (code-point offsets and
/// indices are exact in an `f64`). A suggestion whose label is not in
/// `labels` is left out.
pub fn encode_spans(labels: Vec<String>, found: &[Suggestion]) -> (FoundSpans, Vec<f64>) {
    let mut numbers = Vec::with_capacity(found.len() * SPAN_FIELDS);
    let mut ids: Vec<String> = Vec::new();
    let mut id_index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for suggestion in found {
        let (Some(fragment), Some(label)) = (
            suggestion.fragments.first(),
            labels.iter().position(|l| *l == suggestion.label),
        ) else {
            continue;
        };
        let id = match &suggestion.id {
            Some(id) => {
                1 + *id_index.entry(id).or_insert_with(|| {
                    ids.push(id.clone());
                    ids.len() - 1
                })
            }
            None => 0,
        };
        numbers.extend([
            fragment.start as f64,
            fragment.end as f64,
            label as f64,
            suggestion.confidence,
            id as f64,
        ]);
    }
    let count = numbers.len() / SPAN_FIELDS;
    (FoundSpans { labels, ids, count }, numbers)
}

/// The suggestions read back from `spans`, from `source`; an error (naming
/// the span) for numbers that are not whole offsets in order or a known
/// label or id.
pub fn decode_spans(
    found: &FoundSpans,
    numbers: &[f64],
    source: scholia_core::suggest::Source,
) -> Result<Vec<Suggestion>, String> {
    if numbers.len() != found.count * SPAN_FIELDS {
        return Err(format!(
            "the worker sent {} numbers for {} spans",
            numbers.len(),
            found.count
        ));
    }
    let labels = &found.labels;
    numbers
        .chunks_exact(SPAN_FIELDS)
        .enumerate()
        .map(|(i, span)| {
            let whole = |x: f64| (x >= 0.0 && x.fract() == 0.0 && x < 9e15).then_some(x as usize);
            let (Some(start), Some(end), Some(label), Some(id)) = (
                whole(span[0]),
                whole(span[1]),
                whole(span[2]),
                whole(span[4]),
            ) else {
                return Err(format!("span {i} is not whole numbers: {span:?}"));
            };
            let label = labels
                .get(label)
                .ok_or_else(|| format!("span {i} has label {label}, of {}", labels.len()))?;
            let id =
                match id {
                    0 => None,
                    n => Some(found.ids.get(n - 1).cloned().ok_or_else(|| {
                        format!("span {i} has id {}, of {}", n - 1, found.ids.len())
                    })?),
                };
            if start >= end {
                return Err(format!("span {i} ends before it starts: {start}–{end}"));
            }
            Ok(Suggestion {
                fragments: vec![scholia_core::model::Fragment::new(start, end)],
                label: label.clone(),
                source,
                confidence: span[3],
                id,
            })
        })
        .collect()
}

/// The numbers per hit of a `RepeatsFound` answer's `spans`.
pub const HIT_FIELDS: usize = 3;

/// Occurrences of phrases as the numbers of `spans`: (start, end, phrase
/// index) per hit, code points (exact in an `f64`).
pub fn encode_hits(hits: &[Hit]) -> Vec<f64> {
    (hits.iter())
        .flat_map(|h| [h.start as f64, h.end as f64, h.entry as f64])
        .collect()
}

/// The `count` hits read back from `numbers`; an error (naming the hit)
/// for numbers that are not whole offsets in order or an index of one of
/// the `phrases` phrases asked for.
pub fn decode_hits(count: usize, numbers: &[f64], phrases: usize) -> Result<Vec<Hit>, String> {
    if numbers.len() != count * HIT_FIELDS {
        return Err(format!(
            "the worker sent {} numbers for {count} occurrences",
            numbers.len()
        ));
    }
    let whole = |x: f64| (x >= 0.0 && x.fract() == 0.0 && x < 9e15).then_some(x as usize);
    (numbers.chunks_exact(HIT_FIELDS).enumerate())
        .map(
            |(i, hit)| match (whole(hit[0]), whole(hit[1]), whole(hit[2])) {
                (Some(start), Some(end), Some(entry)) if start < end && entry < phrases => {
                    Ok(Hit { start, end, entry })
                }
                _ => Err(format!(
                    "occurrence {i} is not a range of one of the {phrases} phrases: {hit:?}"
                )),
            },
        )
        .collect()
}

/// What a tagger was trained on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trained {
    pub labels: Vec<String>,
    pub documents: usize,
    pub sentences: usize,
    pub tokens: usize,
    pub spans: usize,
}

/// One document to merge: the file it came from and the annotator to name
/// its only layer after (`None` keeps its layers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeInput {
    pub file_name: String,
    pub annotator: Option<String>,
}

/// What a merge did, for people (the merged document travels in
/// `documents`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeSummary {
    pub annotators: Vec<String>,
    pub messages: Vec<String>,
}

/// A document's place in a library backup (times in ms since the epoch),
/// and its suggestions' decisions and imported predictions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupEntry {
    /// `notStarted`, `inProgress` or `done`.
    pub status: String,
    pub created: i64,
    pub modified: i64,
    pub trashed: Option<i64>,
    #[serde(default)]
    pub suggestions: BackupSuggestions,
}

pub use scholia_core::format::library::SuggestionsV1 as BackupSuggestions;

impl BackupEntry {
    /// A library document's place.
    pub fn of(d: &scholia_core::library::LibraryDocument) -> BackupEntry {
        BackupEntry {
            status: d.status.as_str().to_string(),
            created: d.created.0,
            modified: d.modified.0,
            trashed: d.trashed.map(|t| t.0),
            suggestions: BackupSuggestions::default(),
        }
    }

    /// A document in this place (an unknown status is "in progress"; its
    /// undo history stays behind, as in every backup).
    pub fn place(
        &self,
        doc: scholia_core::AnnotatedDocument,
    ) -> scholia_core::library::LibraryDocument {
        use scholia_core::library::{LibraryDocument, Status};
        use scholia_core::model::Timestamp;
        LibraryDocument {
            doc,
            history: Default::default(),
            status: Status::parse(&self.status).unwrap_or(Status::InProgress),
            created: Timestamp(self.created),
            modified: Timestamp(self.modified),
            trashed: self.trashed.map(Timestamp),
        }
    }
}

/// What a backup holds: its documents' places (the documents themselves,
/// checked and as Scholia JSON, travel in `documents`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupRead {
    pub created: Option<i64>,
    pub annotator: Option<String>,
    pub entries: Vec<BackupEntry>,
    /// The backup's knowledge base, checked, as a `scholia-kb` JSON file
    /// (none when the backup has none).
    #[serde(default)]
    pub knowledge_base: Option<String>,
    /// The backup's tagger models, checked.
    #[serde(default)]
    pub tagger_models: Vec<BackupModel>,
}

/// A tagger model in a backup: the label ids of the scheme it serves
/// (sorted) and the `scholia-tagger` model file as JSON text (parsed in
/// the worker only: a model may be megabytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupModel {
    pub scheme_labels: Vec<String>,
    pub json: String,
}

/// A short account of an import or an export: the core's, as it is.
pub use scholia_core::format::Report;

/// Which import setting could make a refused file readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Hint {
    /// A quoted text is elsewhere in the document: re-anchor by quote.
    Reanchor,
    /// The offsets fit if they count UTF-16 units (or code points).
    Offsets,
}

/// What became of one unit of an import. (Externally tagged, as
/// [`Response`] is: see there.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Read {
        /// How many of the response's documents are this unit's.
        documents: usize,
        annotations: usize,
        relations: usize,
        /// The layers (annotators) the documents hold, sorted.
        layers: Vec<String>,
        report: Report,
        /// Someone else's predictions the file carries (Label Studio's
        /// `predictions`), as suggestions: one list per document of this
        /// unit, or empty when it has none.
        #[serde(default)]
        predictions: Vec<Vec<Suggestion>>,
    },
    /// Not read; the error names the file, the line or record and the field.
    Refused { error: String, hint: Option<Hint> },
    /// A library backup: the app offers it for restoring.
    Backup,
}

/// One unit's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitResult {
    /// The file's name (a brat document's `.ann`).
    pub name: String,
    /// The format read (`Format::name`), when it was recognised.
    pub format: Option<String>,
    /// Whether the offset unit chosen changes how the file reads.
    pub uses_offsets: bool,
    /// Whether the format's quoted text is checked (so re-anchoring applies).
    pub checks_quotes: bool,
    pub outcome: Outcome,
}

/// One exported file: the end of its name and its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    /// `.jsonl`, `.ann`, `.txt`…; without a leading dot, the whole name
    /// (`annotation.conf`).
    pub extension: String,
    pub bytes: usize,
}

/// What the worker tells the app. Externally tagged (`{"imported": {…}}`),
/// unlike the requests: an internally tagged enum is read through serde's
/// buffered `Content`, which would put a second copy of every type's
/// reading into the page's bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Response {
    /// The worker has started and takes requests.
    Ready,
    /// How far an import is: bytes read and checked of all its files, and
    /// the records (documents) read so far.
    Progress {
        job: u32,
        done: u64,
        total: u64,
        records: u64,
        file: String,
    },
    Imported {
        job: u32,
        results: Vec<UnitResult>,
    },
    /// The files (contents beside the message, in `contents`) and what the
    /// format could not carry; or why nothing could be written.
    Exported {
        job: u32,
        result: Result<(Vec<ExportedFile>, Report), String>,
    },
    /// An agreement report (boxed: it is much larger than the other
    /// answers), or why it could not be measured.
    Agreement {
        job: u32,
        result: Result<Box<AgreementReport>, String>,
    },
    /// A document was added to the measure, or why not.
    Measured {
        job: u32,
        result: Result<(), String>,
    },
    /// A backup read (its documents in `documents`), or why it cannot be
    /// restored: a sentence naming the file, the document, the record and
    /// the field.
    Backup {
        job: u32,
        result: Result<BackupRead, String>,
    },
    /// A scheme read from a file, checked; or why not (naming the file and
    /// the field).
    Scheme {
        job: u32,
        result: Result<SchemeV1, String>,
    },
    /// A file written (a backup, a scheme file), its content in `contents`.
    Written {
        job: u32,
        result: Result<(), String>,
    },
    /// The merged document (in `documents`) and what the merge did, or why
    /// nothing was merged (naming the file).
    Merged {
        job: u32,
        result: Result<MergeSummary, String>,
    },
    /// A tagger trained (the model's JSON in `contents`), or why not.
    Trained {
        job: u32,
        result: Result<Trained, String>,
    },
    /// The suggestions for a document (in `spans`, see [`encode_spans`]),
    /// or why none could be made.
    Suggested {
        job: u32,
        result: Result<FoundSpans, String>,
    },
    /// The worker does not hold the model a `Suggest` named, and none came
    /// with it: ask again with the model in `contents`.
    ModelWanted {
        job: u32,
    },
    /// What a term list or pattern file holds, or why it could not be read
    /// (naming the file, line and field).
    TermsCompiled {
        job: u32,
        result: Result<CompiledTerms, String>,
    },
    /// The term lists' matches in a text (in `spans`), or why none.
    TermsFound {
        job: u32,
        result: Result<FoundSpans, String>,
    },
    /// How many occurrences of the repeats' phrases were found (in
    /// `spans`, see [`encode_hits`]), or why none.
    RepeatsFound {
        job: u32,
        result: Result<usize, String>,
    },
    /// Cross-validation's scores (boxed: larger than the other answers).
    Evaluated {
        job: u32,
        result: Result<Box<Assessment>, String>,
    },
}

/// The field of a message object that holds the request or response.
pub const MESSAGE: &str = "message";
/// The field of an import request that holds the `File`s.
pub const FILES: &str = "files";
/// The field of an export request that holds the document.
pub const DOCUMENT: &str = "document";
/// The field of an import response that holds the documents.
pub const DOCUMENTS: &str = "documents";
/// The field of an export response that holds the files' contents.
pub const CONTENTS: &str = "contents";
/// The field of a `Suggested`, `TermsFound` or `RepeatsFound` answer that
/// holds its spans.
pub const SPANS: &str = "spans";
/// The field of a `FindTerms` or `FindRepeats` request that holds the
/// document's text.
pub const TEXT: &str = "text";

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::model::Fragment;
    use scholia_core::suggest::Source;

    #[test]
    fn hits_travel_as_numbers_and_read_back_exactly_or_are_refused() {
        let hits = vec![
            Hit {
                start: 0,
                end: 4,
                entry: 1,
            },
            Hit {
                start: 9_000_000,
                end: 9_000_007,
                entry: 0,
            },
        ];
        let numbers = encode_hits(&hits);
        assert_eq!(decode_hits(2, &numbers, 2), Ok(hits));
        assert!(decode_hits(3, &numbers, 2)
            .unwrap_err()
            .contains("6 numbers for 3"));
        let error = decode_hits(2, &numbers, 1).unwrap_err();
        assert!(
            error.contains("occurrence 0") && error.contains("1 phrases"),
            "{error}"
        );
        assert!(decode_hits(1, &[4.0, 4.0, 0.0], 1).is_err(), "empty");
        assert!(decode_hits(1, &[0.5, 4.0, 0.0], 1).is_err(), "not whole");
    }

    #[test]
    fn spans_travel_as_numbers_and_read_back_exactly() {
        let labels = vec!["LOC".to_string(), "PER".to_string()];
        let span = |start, end, label: &str, confidence, id: Option<&str>| Suggestion {
            fragments: vec![Fragment::new(start, end)],
            label: label.into(),
            source: Source::Terms,
            confidence,
            id: id.map(String::from),
        };
        let found = vec![
            span(0, 4, "PER", 0.5, Some("Q1")),
            span(5, 9, "other", 1.0, None),
            span(9_000_000, 9_000_007, "LOC", 0.123_456_789_012_345, None),
            span(9_000_010, 9_000_012, "LOC", 1.0, Some("Q1")),
        ];
        let (spans, numbers) = encode_spans(labels, &found);
        assert_eq!(spans.count, 3, "the unknown label is left out");
        assert_eq!(numbers.len(), 3 * SPAN_FIELDS);
        assert_eq!(spans.ids, ["Q1"], "each id is sent once");
        let back = |numbers: &[f64]| decode_spans(&spans, numbers, Source::Terms);
        assert_eq!(
            back(&numbers).unwrap(),
            [found[0].clone(), found[2].clone(), found[3].clone()]
        );
        let error = back(&numbers[..5]).unwrap_err();
        assert!(error.contains("5 numbers for 3 spans"), "{error}");
        let mut bad = numbers.clone();
        bad[2] = 2.0;
        let error = back(&bad).unwrap_err();
        assert!(error.contains("span 0 has label 2, of 2"), "{error}");
        bad[2] = 0.5;
        let error = back(&bad).unwrap_err();
        assert!(error.contains("span 0 is not whole numbers"), "{error}");
        let mut bad = numbers.clone();
        bad[4] = 2.0;
        let error = back(&bad).unwrap_err();
        assert!(error.contains("span 0 has id 1, of 1"), "{error}");
        let mut bad = numbers;
        bad[1] = 0.0;
        let error = back(&bad).unwrap_err();
        assert!(error.contains("span 0 ends before it starts"), "{error}");
    }

    #[test]
    fn messages_read_back() {
        let request = Request::Import {
            job: 3,
            names: vec!["a.ann".into(), "a.txt".into()],
            units: vec![Unit::Brat {
                ann: 0,
                txt: 1,
                conf: None,
            }],
            settings: ImportSettings {
                offsets: OffsetUnit::Utf16,
                reanchor: true,
                annotator: Some("alice".into()),
                now: 1,
                as_suggestions: false,
            },
        };
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.contains(r#""kind":"import""#), "{json}");
        assert!(json.contains(r#""offsets":"utf16""#), "{json}");
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);
        let response = Response::Exported {
            job: 1,
            result: Err("no".into()),
        };
        let json = serde_json::to_string(&response).unwrap();
        assert!(json.starts_with(r#"{"exported":{"job":1"#), "{json}");
        assert_eq!(serde_json::from_str::<Response>(&json).unwrap(), response);
        let request = Request::Train {
            job: 4,
            settings: TrainSettings {
                layer: None,
                epochs: 12,
            },
        };
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"train","job":4,"settings":{"layer":null,"epochs":12}}"#
        );
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);
    }
}
