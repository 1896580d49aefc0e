//! Reading the files of one import: each file's format detected from its
//! name and content, JSON Lines read a line at a time (progress by bytes
//! and records; a 50 MB file is never held whole), other formats read
//! whole and parsed at once, brat documents from their `.ann`, `.txt` and
//! `annotation.conf`. Every document read is written out as Scholia JSON for
//! the app, which checks it again as it checks a stored document.
//!
//! All or nothing per unit: a unit with any error gives no documents, and
//! its error names the file, the line or record and the field.

use std::collections::BTreeSet;

use scholia_core::format::detect::{self, decode_utf8, decode_utf8_at, Format};
use scholia_core::format::{brat, file_stem, library, scholia, ImportOptions};
use scholia_core::suggest::{imported as imported_suggestions, Suggestion};
use scholia_core::{AnnotatedDocument, Error, ErrorKind, Timestamp};

use crate::protocol::{Hint, ImportSettings, Outcome, Report, Unit, UnitResult};

/// How many bytes are read at a time (and looked at to detect a format).
pub const CHUNK: u64 = 1 << 20;

/// Where the files' bytes come from: the browser's `File`s in the worker,
/// memory in tests.
pub trait Source {
    fn size(&self, file: usize) -> u64;
    /// Bytes `start..end` of a file (`end` at most its size).
    fn read(&mut self, file: usize, start: u64, end: u64) -> Result<Vec<u8>, String>;
}

/// How far an import is, over all its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read and checked.
    pub done: u64,
    pub total: u64,
    /// Documents read so far.
    pub records: u64,
    /// The file being read.
    pub file: String,
}

/// What an import gives the app: a result per unit, and every document
/// read, as Scholia JSON, in unit order.
#[derive(Debug, Default)]
pub struct Output {
    pub results: Vec<UnitResult>,
    pub documents: Vec<String>,
}

/// Whether a format carries quoted text that is checked (so re-anchoring
/// applies).
pub fn checks_quotes(format: Format) -> bool {
    !matches!(format, Format::Doccano | Format::Conll)
}

/// Reads every unit. `progress` is called after each record and chunk.
pub fn run(
    names: &[String],
    units: &[Unit],
    settings: &ImportSettings,
    source: &mut dyn Source,
    progress: &mut dyn FnMut(&Progress),
) -> Output {
    let files_of = |unit: &Unit| match unit {
        Unit::File { file } => vec![*file],
        Unit::Brat { ann, txt, conf } => [Some(*ann), Some(*txt), *conf]
            .into_iter()
            .flatten()
            .collect(),
        Unit::WithText { file, txt } => vec![*file, *txt],
    };
    let total = units
        .iter()
        .flat_map(files_of)
        .filter(|&f| f < names.len())
        .map(|f| source.size(f))
        .sum();
    let mut reader = Reader {
        names,
        settings,
        source,
        progress,
        state: Progress {
            done: 0,
            total,
            records: 0,
            file: String::new(),
        },
        counts: Counts::default(),
    };
    let mut output = Output::default();
    for unit in units {
        let first_document = output.documents.len();
        let before = reader.state.done;
        reader.counts = Counts::default();
        let sizes: u64 = files_of(unit)
            .into_iter()
            .filter(|&f| f < names.len())
            .map(|f| reader.source.size(f))
            .sum();
        let (name, read) = match unit {
            Unit::File { file } => (name_of(names, *file), reader.file(*file, &mut output)),
            Unit::Brat { ann, txt, conf } => (
                name_of(names, *ann),
                reader.brat(*ann, *txt, *conf, &mut output),
            ),
            Unit::WithText { file, txt } => (
                name_of(names, *file),
                reader.with_text(*file, *txt, &mut output),
            ),
        };
        let (format, outcome) = match read {
            Ok(Read::Documents { format, report }) => {
                share_scheme(&mut output.documents[first_document..]);
                let counts = std::mem::take(&mut reader.counts);
                (
                    Some(format),
                    Outcome::Read {
                        documents: output.documents.len() - first_document,
                        annotations: counts.annotations,
                        relations: counts.relations,
                        layers: counts.layers.into_iter().collect(),
                        report: report_of(report),
                        predictions: match counts.predictions.iter().all(Vec::is_empty) {
                            true => Vec::new(),
                            false => counts.predictions,
                        },
                    },
                )
            }
            Ok(Read::Backup) => (None, Outcome::Backup),
            Err((format, error)) => {
                output.documents.truncate(first_document);
                (
                    format,
                    Outcome::Refused {
                        hint: hint(&error),
                        error: app_wording(&error.to_string()),
                    },
                )
            }
        };
        reader.state.done = before + sizes;
        reader.report();
        output.results.push(UnitResult {
            name,
            format: format.map(|f| f.name().to_string()),
            uses_offsets: format.is_some_and(Format::counts_offsets),
            checks_quotes: format.is_some_and(checks_quotes),
            outcome,
        });
    }
    output
}

fn name_of(names: &[String], file: usize) -> String {
    names.get(file).cloned().unwrap_or_default()
}

/// What a unit gave.
enum Read {
    Documents {
        format: Format,
        report: scholia_core::format::Report,
    },
    Backup,
}

type Refusal = (Option<Format>, Error);

/// What the documents of one unit hold.
#[derive(Default)]
struct Counts {
    annotations: usize,
    relations: usize,
    layers: BTreeSet<String>,
    /// Per document, when the file carries predictions.
    predictions: Vec<Vec<Suggestion>>,
}

struct Reader<'a> {
    names: &'a [String],
    settings: &'a ImportSettings,
    source: &'a mut dyn Source,
    progress: &'a mut dyn FnMut(&Progress),
    state: Progress,
    counts: Counts,
}

impl Reader<'_> {
    fn report(&mut self) {
        (self.progress)(&self.state);
    }

    fn options(&self, file_name: &str) -> ImportOptions {
        ImportOptions {
            file_name: file_name.to_string(),
            annotator: self
                .settings
                .annotator
                .as_ref()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty()),
            offsets: self.settings.offsets,
            reanchor: self.settings.reanchor,
            now: Timestamp(self.settings.now),
        }
    }

    /// Reads a whole file, reporting progress chunk by chunk.
    fn whole(&mut self, file: usize, from: Vec<u8>) -> Result<Vec<u8>, Error> {
        let size = self.source.size(file);
        let mut bytes = from;
        let start = self.state.done;
        while (bytes.len() as u64) < size {
            let at = bytes.len() as u64;
            let chunk = self
                .source
                .read(file, at, (at + CHUNK).min(size))
                .map_err(|e| cannot_read(&self.names[file], &e))?;
            if chunk.is_empty() {
                break;
            }
            bytes.extend_from_slice(&chunk);
            self.state.done = start + bytes.len() as u64;
            self.report();
        }
        Ok(bytes)
    }

    fn file(&mut self, file: usize, output: &mut Output) -> Result<Read, Refusal> {
        let name = name_of(self.names, file);
        self.state.file = name.clone();
        self.report();
        let base = name.rsplit(['/', '\\']).next().unwrap_or(&name);
        if base.eq_ignore_ascii_case("annotation.conf") {
            return Err((
                Some(Format::Brat),
                Error::invalid(
                    "annotation.conf declares the types of a brat collection: choose it together with the .ann and .txt files of a document",
                )
                .in_file(name),
            ));
        }
        let size = self.source.size(file);
        let mut head = Vec::new();
        while (head.len() as u64) < size.min(CHUNK) {
            let at = head.len() as u64;
            let chunk = self
                .source
                .read(file, at, size.min(CHUNK))
                .map_err(|e| (None, cannot_read(&name, &e)))?;
            if chunk.is_empty() {
                break;
            }
            head.extend_from_slice(&chunk);
        }
        let whole = head.len() as u64 >= size;
        let head_text = match head_text(&head, whole, &name) {
            Ok(text) => text,
            Err(error) => return Err((None, error)),
        };
        if library::is_backup(head_text) {
            return Ok(Read::Backup);
        }
        let (format, all) = match detect::detect(&name, head_text) {
            Ok(format) => (format, None),
            // Pretty-printed JSON may need the whole file to be recognised.
            Err(_) if !whole => {
                let bytes = self.whole(file, head.clone()).map_err(|e| (None, e))?;
                let format = decode_utf8(&bytes, &name)
                    .and_then(|text| detect::detect(&name, text))
                    .map_err(|e| (None, e))?;
                (format, Some(bytes))
            }
            Err(error) => return Err((None, error)),
        };
        if format == Format::Brat {
            return Err((
                Some(format),
                Error::invalid(format!(
                    "a brat document is two files: choose {}.txt together with it (and annotation.conf, if the collection has one)",
                    file_stem(&name)
                ))
                .in_file(name),
            ));
        }
        let options = self.options(&name);
        if format.is_json_lines() && scholia_core::format::detect::first_line_is_a_record(head_text)
        {
            let report = self
                .lines(file, format, &options, output)
                .map_err(|e| (Some(format), e))?;
            return Ok(Read::Documents { format, report });
        }
        let bytes = match all {
            Some(bytes) => bytes,
            None => self.whole(file, head).map_err(|e| (Some(format), e))?,
        };
        let content = decode_utf8(&bytes, &name).map_err(|e| (Some(format), e))?;
        let imported = detect::import(format, content, &options).map_err(|e| (Some(format), e))?;
        for (i, doc) in imported.documents.iter().enumerate() {
            let predictions = imported.predictions_of(i).to_vec();
            self.document_with(doc, &imported.knowledge_base, predictions, output);
        }
        Ok(Read::Documents {
            format,
            report: imported.report,
        })
    }

    /// A JSON Lines file, a line at a time.
    fn lines(
        &mut self,
        file: usize,
        format: Format,
        options: &ImportOptions,
        output: &mut Output,
    ) -> Result<scholia_core::format::Report, Error> {
        let name = &options.file_name;
        let size = self.source.size(file);
        let start = self.state.done;
        let mut report = scholia_core::format::Report::default();
        let (mut read, mut consumed, mut line_number, mut index) = (0u64, 0usize, 0usize, 0usize);
        let mut pending: Vec<u8> = Vec::new();
        loop {
            let at_end = read >= size;
            if !at_end {
                let chunk = self
                    .source
                    .read(file, read, (read + CHUNK).min(size))
                    .map_err(|e| cannot_read(name, &e))?;
                if chunk.is_empty() {
                    return Err(cannot_read(name, "it ended early"));
                }
                read += chunk.len() as u64;
                pending.extend_from_slice(&chunk);
            }
            // Whole lines, and at the end whatever is left.
            let mut from = 0;
            while from < pending.len() {
                let end = match pending[from..].iter().position(|&b| b == b'\n') {
                    Some(i) => from + i + 1,
                    None if at_end => pending.len(),
                    None => break,
                };
                line_number += 1;
                let first_byte = consumed;
                consumed += end - from;
                let mut bytes = &pending[from..end];
                if let Some(stripped) = bytes.strip_suffix(b"\n") {
                    bytes = stripped.strip_suffix(b"\r").unwrap_or(stripped);
                }
                from = end;
                let text = decode_utf8_at(bytes, line_number, first_byte)
                    .map_err(|e| e.in_file(name.clone()))?;
                if let Some(doc) =
                    detect::import_line(format, text, line_number, index + 1, options, &mut report)?
                {
                    index += 1;
                    self.document(&doc, output);
                }
                self.state.done = start + consumed as u64;
                self.report();
            }
            pending.drain(..from);
            if at_end {
                return Ok(report);
            }
        }
    }

    fn brat(
        &mut self,
        ann: usize,
        txt: usize,
        conf: Option<usize>,
        output: &mut Output,
    ) -> Result<Read, Refusal> {
        let name = name_of(self.names, ann);
        self.state.file = name.clone();
        self.report();
        let fail = |e: Error| (Some(Format::Brat), e);
        let ann_bytes = self.whole(ann, Vec::new()).map_err(fail)?;
        let txt_bytes = self.whole(txt, Vec::new()).map_err(fail)?;
        let conf_bytes = match conf {
            Some(conf) => Some(self.whole(conf, Vec::new()).map_err(fail)?),
            None => None,
        };
        let options = self.options(&name);
        let imported =
            brat::import_pair_bytes(&txt_bytes, &ann_bytes, conf_bytes.as_deref(), &options)
                .map_err(fail)?;
        for (i, doc) in imported.documents.iter().enumerate() {
            let predictions = imported.predictions_of(i).to_vec();
            self.document_with(doc, &imported.knowledge_base, predictions, output);
        }
        Ok(Read::Documents {
            format: Format::Brat,
            report: imported.report,
        })
    }

    /// Annotations and the text they were made on, chosen together: read
    /// onto that text, positions checked against the quotes.
    fn with_text(&mut self, file: usize, txt: usize, output: &mut Output) -> Result<Read, Refusal> {
        let name = name_of(self.names, file);
        self.state.file = name.clone();
        self.report();
        let bytes = self.whole(file, Vec::new()).map_err(|e| (None, e))?;
        let text_bytes = self.whole(txt, Vec::new()).map_err(|e| (None, e))?;
        let content = decode_utf8(&bytes, &name).map_err(|e| (None, e))?;
        let text = decode_utf8(&text_bytes, &name_of(self.names, txt)).map_err(|e| (None, e))?;
        let format = detect::detect(&name, content).map_err(|e| (None, e))?;
        let options = self.options(&name);
        let imported = detect::import_with_text(format, content, text, &options)
            .map_err(|e| (Some(format), e))?;
        for (i, doc) in imported.documents.iter().enumerate() {
            let predictions = imported.predictions_of(i).to_vec();
            self.document_with(doc, &imported.knowledge_base, predictions, output);
        }
        Ok(Read::Documents {
            format,
            report: imported.report,
        })
    }

    fn document(&mut self, doc: &AnnotatedDocument, output: &mut Output) {
        self.document_with(
            doc,
            &scholia_core::KnowledgeBase::default(),
            Vec::new(),
            output,
        );
    }

    /// A document as Scholia JSON, with the entities of `kb` its links
    /// name, and its predictions. Imported as suggestions, its spans join
    /// the predictions and the document keeps only its text and scheme.
    fn document_with(
        &mut self,
        doc: &AnnotatedDocument,
        kb: &scholia_core::KnowledgeBase,
        mut predictions: Vec<Suggestion>,
        output: &mut Output,
    ) {
        let bare;
        let doc = if self.settings.as_suggestions {
            predictions.splice(0..0, imported_suggestions::from_annotations(doc));
            imported_suggestions::sort_and_dedup(&mut predictions);
            bare = AnnotatedDocument::new(doc.document().clone(), doc.scheme().clone());
            &bare
        } else {
            doc
        };
        self.counts.predictions.push(predictions);
        self.state.records += 1;
        self.counts.annotations += doc.annotations().len();
        self.counts.relations += doc.relations().len();
        self.counts
            .layers
            .extend(doc.layers().into_iter().map(str::to_string));
        output
            .documents
            .push(serde_json::to_string(&scholia::to_file_with(doc, kb)).unwrap_or_default());
    }
}

/// The head of a file as text: up to the first byte that is not UTF-8 (a
/// head may end inside a character). A bad byte in a file read whole, or a
/// head with no text before its bad byte, is refused here; in JSON Lines a
/// bad byte spoils only its own line, refused when that line is read.
fn head_text<'h>(head: &'h [u8], whole: bool, name: &str) -> Result<&'h str, Error> {
    match std::str::from_utf8(head) {
        Ok(text) => Ok(text),
        Err(e) => {
            let bad_byte = whole || e.error_len().is_some();
            let valid = &head[..e.valid_up_to()];
            let whole_lines = match bad_byte {
                true => valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1),
                false => valid.len(),
            };
            let text = std::str::from_utf8(&head[..whole_lines]).unwrap_or_default();
            if bad_byte && (whole || text.trim().is_empty()) {
                return Err(decode_utf8(head, name)
                    .err()
                    .unwrap_or_else(|| Error::invalid("it is not UTF-8 text").in_file(name)));
            }
            Ok(text)
        }
    }
}

fn cannot_read(name: &str, why: &str) -> Error {
    Error::invalid(format!("the browser could not read it ({why})")).in_file(name)
}

fn report_of(mut report: Report) -> Report {
    report.notes = report.notes.iter().map(|n| app_wording(n)).collect();
    report
}

/// Which setting could make a refused file readable.
fn hint(error: &Error) -> Option<Hint> {
    match &error.kind {
        ErrorKind::QuoteMismatch { .. } => Some(Hint::Reanchor),
        ErrorKind::Invalid(message) if message.contains("UTF-16") => Some(Hint::Offsets),
        _ => None,
    }
}

/// The core's messages name the command line's options; the app names its
/// own settings.
pub fn app_wording(message: &str) -> String {
    message
        .replace(
            "(choose UTF-16 offsets: --offsets utf16)",
            "(choose UTF-16 offsets in the import settings)",
        )
        .replace("UTF-16 units (--offsets utf16)", "UTF-16 units")
        .replace(" (on the command line, --layer NAME)", "")
        .replace(
            "give the text with it (on the command line, --text FILE)",
            "open the text too and import the annotations onto it",
        )
}

/// The documents one file gave (as Scholia JSON) share its scheme, as the
/// core's reading of a whole file has them do
/// ([`scholia_core::format::shared_scheme`]): the lines of a JSON Lines
/// file are read one at a time, so their schemes are joined once the file
/// is read. Only the documents whose scheme changes are written again.
fn share_scheme(documents: &mut [String]) {
    use scholia_core::format::scholia::{scheme_from_file, scheme_to_file, SchemeV1};
    use serde_json::Value;
    /// What is read of a document first: its scheme, the rest skipped.
    #[derive(serde::Deserialize)]
    struct Head {
        scheme: SchemeV1,
    }
    if documents.len() < 2 {
        return;
    }
    let Some(schemes) = (documents.iter())
        .map(|json| {
            let head: Head = serde_json::from_str(json).ok()?;
            scheme_from_file(head.scheme).ok()
        })
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let shared = scholia_core::format::shared_scheme::shared(&schemes);
    let Ok(written) = serde_json::to_value(scheme_to_file(&shared)) else {
        return;
    };
    for (json, scheme) in documents.iter_mut().zip(&schemes) {
        if *scheme == shared {
            continue;
        }
        let Ok(mut doc) = serde_json::from_str::<Value>(json) else {
            continue;
        };
        if let Some(fields) = doc.as_object_mut() {
            fields.insert("scheme".into(), written.clone());
            *json = doc.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Unit;
    use scholia_core::Color;

    const FIXTURES: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scholia-core/tests/fixtures"
    );

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}/{path}")).unwrap()
    }

    /// Files in memory, handed out at most `slice` bytes at a time, so that
    /// lines and characters fall across reads.
    struct Memory {
        files: Vec<Vec<u8>>,
        slice: u64,
    }

    impl Source for Memory {
        fn size(&self, file: usize) -> u64 {
            self.files[file].len() as u64
        }

        fn read(&mut self, file: usize, start: u64, end: u64) -> Result<Vec<u8>, String> {
            let end = end.min(start + self.slice);
            Ok(self.files[file][start as usize..end as usize].to_vec())
        }
    }

    fn settings() -> ImportSettings {
        ImportSettings {
            now: 1_700_000_000_000,
            ..ImportSettings::default()
        }
    }

    fn run_files(
        files: &[(&str, Vec<u8>)],
        units: Vec<Unit>,
        settings: &ImportSettings,
    ) -> (Output, Vec<Progress>) {
        let names: Vec<String> = files.iter().map(|(n, _)| n.to_string()).collect();
        let mut source = Memory {
            files: files.iter().map(|(_, b)| b.clone()).collect(),
            slice: 7,
        };
        let mut seen = Vec::new();
        let output = run(&names, &units, settings, &mut source, &mut |p| {
            seen.push(p.clone())
        });
        (output, seen)
    }

    fn one(name: &str, bytes: Vec<u8>, settings: &ImportSettings) -> (Output, Vec<Progress>) {
        run_files(&[(name, bytes)], vec![Unit::File { file: 0 }], settings)
    }

    fn docs(output: &Output) -> Vec<AnnotatedDocument> {
        output
            .documents
            .iter()
            .map(|json| scholia::import(json).unwrap())
            .collect()
    }

    #[test]
    fn the_documents_of_one_file_share_its_labels_in_the_order_it_uses_them() {
        // A doccano project, read a line at a time: each record names only
        // the labels it uses.
        let bytes = fixture("doccano/labels-per-record.jsonl");
        let (output, _) = one("project.jsonl", bytes, &settings());
        let read = docs(&output);
        assert_eq!(read.len(), 3);
        for doc in &read {
            let labels: Vec<(&str, Color)> = (doc.scheme().labels.iter())
                .map(|l| (l.id.as_str(), l.color))
                .collect();
            let expected = [("LOC", Color::palette(0)), ("ORG", Color::palette(1))];
            assert_eq!(labels, expected, "{}", doc.document().text.as_str());
        }
        // The annotations are as read.
        let spans: Vec<Vec<(&str, usize, usize)>> = (read.iter())
            .map(|d| {
                (d.annotations())
                    .map(|a| (a.label.as_str(), a.fragments[0].start, a.fragments[0].end))
                    .collect()
            })
            .collect();
        let expected = [
            vec![("LOC", 13, 19)],
            vec![("ORG", 0, 4), ("LOC", 12, 20)],
            vec![],
        ];
        assert_eq!(spans, expected);
        // A file of one document keeps its own scheme.
        let one_record = br#"{"text": "NATO met.", "label": [[0, 4, "ORG"]]}"#.to_vec();
        let (output, _) = one("one.jsonl", one_record, &settings());
        let ids: Vec<String> = (docs(&output).iter())
            .flat_map(|d| d.scheme().labels.iter().map(|l| l.id.clone()))
            .collect();
        assert_eq!(ids, ["ORG"]);
    }

    #[test]
    fn label_studio_predictions_come_back_as_suggestions_of_their_document() {
        let bytes = fixture("label-studio/project-3-at-2024-05-03.json");
        let (output, _) = one("project-3.json", bytes, &settings());
        let Outcome::Read {
            documents,
            predictions,
            report,
            ..
        } = &output.results[0].outcome
        else {
            panic!("{:?}", output.results[0]);
        };
        assert_eq!((*documents, predictions.len()), (2, 2));
        let doc = &docs(&output)[0];
        let tirana: Vec<(&str, &str, f64)> = predictions[0]
            .iter()
            .map(|s| {
                let f = s.fragments[0];
                (
                    doc.document().text.slice(f.start, f.end),
                    s.label.as_str(),
                    s.confidence,
                )
            })
            .collect();
        assert_eq!(tirana, [("Tirana", "Place", 0.9)]);
        assert!(predictions[1].is_empty());
        assert!(report
            .notes
            .iter()
            .any(|n| n.contains("read as 1 suggestions")));
        // A file without predictions has none.
        let (output, _) = one("alice.jsonl", fixture("doccano/alice.jsonl"), &settings());
        assert!(
            matches!(&output.results[0].outcome, Outcome::Read { predictions, .. } if predictions.is_empty())
        );
    }

    #[test]
    fn imported_as_suggestions_every_span_is_a_suggestion_and_no_annotation_is_left() {
        let as_suggestions = ImportSettings {
            as_suggestions: true,
            ..settings()
        };
        let (output, _) = one(
            "alice.jsonl",
            fixture("doccano/alice.jsonl"),
            &as_suggestions,
        );
        let Outcome::Read {
            documents,
            annotations,
            relations,
            predictions,
            ..
        } = &output.results[0].outcome
        else {
            panic!("{:?}", output.results[0]);
        };
        assert_eq!((*annotations, *relations), (0, 0));
        let (with, _) = one("alice.jsonl", fixture("doccano/alice.jsonl"), &settings());
        let read = docs(&with);
        assert_eq!(predictions.len(), *documents);
        for ((bare, full), predicted) in docs(&output).iter().zip(&read).zip(predictions) {
            assert_eq!(bare.annotations().len(), 0);
            assert_eq!(bare.document().text, full.document().text);
            let spans: Vec<(usize, usize, &str)> = full
                .annotations_in_document_order()
                .iter()
                .map(|a| (a.fragments[0].start, a.fragments[0].end, a.label.as_str()))
                .collect();
            let suggested: Vec<(usize, usize, &str)> = predicted
                .iter()
                .map(|s| (s.fragments[0].start, s.fragments[0].end, s.label.as_str()))
                .collect();
            assert_eq!(suggested, spans);
            assert!(predicted.iter().all(|s| s.confidence == 1.0));
        }
        // Label Studio: its annotations at 1, its prediction with its score.
        let (output, _) = one(
            "project-3.json",
            fixture("label-studio/project-3-at-2024-05-03.json"),
            &as_suggestions,
        );
        let Outcome::Read { predictions, .. } = &output.results[0].outcome else {
            panic!("{:?}", output.results[0]);
        };
        let doc = &docs(&output)[0];
        let tirana: Vec<(&str, f64)> = predictions[0]
            .iter()
            .filter(|s| s.label == "Place")
            .map(|s| {
                let f = s.fragments[0];
                (doc.document().text.slice(f.start, f.end), s.confidence)
            })
            .collect();
        assert_eq!(tirana, [("Tirana", 0.9), ("Tirana 🇦🇱", 1.0)]);
    }

    #[test]
    fn json_lines_read_in_slices_give_what_the_core_reads_whole() {
        let bytes = fixture("doccano/alice.jsonl");
        let (output, progress) = one("alice.jsonl", bytes.clone(), &settings());
        let options = ImportOptions {
            file_name: "alice.jsonl".into(),
            now: Timestamp(settings().now),
            ..ImportOptions::default()
        };
        // The core's reading of the whole file, as the command line's.
        let text = std::str::from_utf8(&bytes).unwrap();
        let expected = detect::import(Format::Doccano, text, &options).unwrap();
        assert_eq!(docs(&output), expected.documents);
        let Outcome::Read {
            documents,
            annotations,
            relations,
            layers,
            ..
        } = &output.results[0].outcome
        else {
            panic!("{:?}", output.results[0]);
        };
        assert_eq!(*documents, expected.documents.len());
        assert!(*documents > 1, "a multi-document file");
        let total: usize = expected
            .documents
            .iter()
            .map(|d| d.annotations().len())
            .sum();
        assert_eq!(*annotations, total);
        assert_eq!(*relations, 3);
        assert_eq!(layers, &vec!["alice".to_string()]);
        assert_eq!(output.results[0].format.as_deref(), Some("doccano"));
        assert!(output.results[0].uses_offsets && !output.results[0].checks_quotes);
        // Progress only moves forward, record by record, and ends complete.
        assert!(progress
            .windows(2)
            .all(|w| w[0].done <= w[1].done && w[0].records <= w[1].records));
        let last = progress.last().unwrap();
        assert_eq!(
            (last.done, last.total),
            (bytes.len() as u64, bytes.len() as u64)
        );
        assert_eq!(last.records, expected.documents.len() as u64);
        assert!(progress.iter().any(|p| p.done > 0 && p.done < last.total));
    }

    #[test]
    fn utf16_offsets_place_spans_after_emoji_where_a_javascript_tool_meant_them() {
        let bytes = fixture("doccano/emoji-utf16.jsonl");
        // Read as code points, the last span reaches past the end: refused,
        // with the setting that fits.
        let (output, _) = one("emoji.jsonl", bytes.clone(), &settings());
        assert!(matches!(
            &output.results[0].outcome,
            Outcome::Refused {
                hint: Some(Hint::Offsets),
                ..
            }
        ));
        // When both units fit, the report says that the file may count UTF-16.
        let fits = "{\"text\": \"😀 firemen drive\", \"label\": [[3, 10, \"PER\"]]}\n";
        let (output, _) = one("fits.jsonl", fits.as_bytes().to_vec(), &settings());
        let Outcome::Read { report, .. } = &output.results[0].outcome else {
            panic!("{:?}", output.results[0]);
        };
        assert!(
            report.notes.iter().any(|n| n.contains("UTF-16")),
            "{report:?}"
        );
        let utf16 = ImportSettings {
            offsets: scholia_core::format::OffsetUnit::Utf16,
            ..settings()
        };
        let (output, _) = one("emoji.jsonl", bytes, &utf16);
        let doc = &docs(&output)[0];
        let quotes: Vec<&str> = doc
            .annotations_in_document_order()
            .into_iter()
            .map(|a| {
                doc.document()
                    .text
                    .slice(a.fragments[0].start, a.fragments[0].end)
            })
            .collect();
        assert_eq!(quotes, ["firemen", "firetrucks"]);
    }

    #[test]
    fn a_conll_file_reads_in_the_worker_as_its_sentences_and_entities() {
        let conll =
            "-DOCSTART- -X- O\n\nRama NP B-PER\nvisited VMI O\nTirana NP B-LOC\n\nEFE NC B-ORG\n";
        let (output, _) = one("news.conll", conll.as_bytes().to_vec(), &settings());
        let Outcome::Read {
            documents,
            annotations,
            ..
        } = &output.results[0].outcome
        else {
            panic!("{:?}", output.results[0]);
        };
        assert_eq!((*documents, *annotations), (1, 3));
        let doc = &docs(&output)[0];
        assert_eq!(doc.document().text.as_str(), "Rama visited Tirana\nEFE");
    }

    #[test]
    fn a_w3c_file_without_its_text_reads_onto_the_text_chosen_with_it() {
        let files = [
            ("letters.jsonld", fixture("w3c/every_feature.jsonld")),
            ("letters.txt", fixture("w3c/every_feature.txt")),
        ];
        // Alone, it is refused, saying what it lacks.
        let (alone, _) = run_files(&files[..1], vec![Unit::File { file: 0 }], &settings());
        assert!(
            matches!(&alone.results[0].outcome, Outcome::Refused { error, .. } if error.contains("does not carry the document's text")),
            "{:?}",
            alone.results[0]
        );
        let (output, progress) = run_files(
            &files,
            vec![Unit::WithText { file: 0, txt: 1 }],
            &settings(),
        );
        let Outcome::Read { documents, .. } = &output.results[0].outcome else {
            panic!("{:?}", output.results[0]);
        };
        assert_eq!(*documents, 1);
        let doc = &docs(&output)[0];
        assert_eq!(doc.document().text.as_str().as_bytes(), &files[1].1[..]);
        assert!(doc.annotations().len() > 3);
        // The identifying body's entity travels with the document.
        let (_, kb) = scholia::import_with_entities(&output.documents[0]).unwrap();
        assert!(kb.entity("http://www.wikidata.org/entity/Q7259").is_some());
        let all: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
        assert_eq!(progress.last().unwrap().done, all);
    }

    #[test]
    fn a_brat_pair_reads_with_its_configuration() {
        let files = [
            ("alice/news.ann", fixture("brat/alice/news.ann")),
            ("alice/news.txt", fixture("brat/alice/news.txt")),
            ("annotation.conf", fixture("brat/annotation.conf")),
        ];
        let unit = Unit::Brat {
            ann: 0,
            txt: 1,
            conf: Some(2),
        };
        let (output, progress) = run_files(&files, vec![unit.clone()], &settings());
        let Outcome::Read {
            documents,
            layers,
            report,
            ..
        } = &output.results[0].outcome
        else {
            panic!("{:?}", output.results[0]);
        };
        assert_eq!(*documents, 1);
        assert_eq!(
            layers,
            &vec!["alice".to_string()],
            "the folder names the annotator"
        );
        assert!(!report.notes.is_empty(), "events are reported");
        let doc = &docs(&output)[0];
        assert_eq!(doc.document().text.as_str().as_bytes(), &files[1].1[..]);
        let all: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
        assert_eq!(progress.last().unwrap().done, all);
        // The annotator set in the report wins over the folder.
        let named = ImportSettings {
            annotator: Some(" bob ".into()),
            ..settings()
        };
        let (output, _) = run_files(&files, vec![unit], &named);
        assert!(
            matches!(&output.results[0].outcome, Outcome::Read { layers, .. } if layers == &vec!["bob".to_string()])
        );
    }

    #[test]
    fn refusals_name_the_file_and_say_what_to_do() {
        let refused = |output: &Output| match &output.results[0].outcome {
            Outcome::Refused { error, hint } => (error.clone(), *hint),
            other => panic!("{other:?}"),
        };
        let (output, _) = one(
            "alice/news.ann",
            fixture("brat/alice/news.ann"),
            &settings(),
        );
        let (error, _) = refused(&output);
        assert!(error.starts_with("alice/news.ann: "), "{error}");
        assert!(
            error.contains("choose news.txt together with it"),
            "{error}"
        );
        let (output, _) = one(
            "annotation.conf",
            fixture("brat/annotation.conf"),
            &settings(),
        );
        assert!(refused(&output)
            .0
            .contains("together with the .ann and .txt"));

        let mut bytes = fixture("doccano/alice.jsonl");
        let second = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
        bytes.insert(second + 3, b'"');
        let (output, _) = one("alice.jsonl", bytes, &settings());
        assert!(output.documents.is_empty(), "all or nothing");
        let (error, _) = refused(&output);
        assert!(error.starts_with("alice.jsonl, line 2: "), "{error}");

        let mut bytes = fixture("doccano/alice.jsonl");
        let at = bytes
            .iter()
            .rposition(|&b| b == b'G')
            .unwrap_or(bytes.len() - 5);
        bytes[at] = 0xe9;
        let (output, _) = one("alice.jsonl", bytes, &settings());
        let (error, _) = refused(&output);
        assert!(error.contains("is not valid UTF-8"), "{error}");

        // A span that fits only in UTF-16 units: the hint names the setting.
        let line = "{\"text\": \"😀 ab\", \"label\": [[3, 5, \"X\"]]}\n";
        let (output, _) = one("js.jsonl", line.as_bytes().to_vec(), &settings());
        let (error, hint) = refused(&output);
        assert_eq!(hint, Some(Hint::Offsets), "{error}");
        assert!(
            error.contains("import settings") && !error.contains("--offsets"),
            "{error}"
        );

        let (output, _) = one("empty.json", Vec::new(), &settings());
        assert!(refused(&output).0.contains("empty"));
    }

    #[test]
    fn quotes_elsewhere_are_refused_or_re_anchored() {
        let text = String::from_utf8(fixture("label-studio/project-3-at-2024-05-03.json")).unwrap();
        let shifted = text.replacen("\"start\": 0, \"end\": 15", "\"start\": 1, \"end\": 16", 1);
        assert_ne!(shifted, text);
        let (output, _) = one("ls.json", shifted.clone().into_bytes(), &settings());
        assert!(matches!(
            &output.results[0].outcome,
            Outcome::Refused { hint: Some(Hint::Reanchor), error } if error.contains("ls.json")
        ));
        let reanchor = ImportSettings {
            reanchor: true,
            ..settings()
        };
        let (output, _) = one("ls.json", shifted.into_bytes(), &reanchor);
        let Outcome::Read { report, .. } = &output.results[0].outcome else {
            panic!("{:?}", output.results[0]);
        };
        assert_eq!(report.reanchored.len(), 1, "{report:?}");
        assert!(output.results[0].checks_quotes && output.results[0].uses_offsets);
    }

    #[test]
    fn backups_and_several_units_in_one_import() {
        let backup = br#"{"format": "scholia-library", "version": 1, "documents": []}"#.to_vec();
        let files = [
            ("backup.json", backup),
            ("news.jsonl", fixture("spacy/news_ner.jsonl")),
            ("broken.json", b"{\"format\": \"scholia\"".to_vec()),
        ];
        let units = (0..3).map(|file| Unit::File { file }).collect();
        let (output, _) = run_files(&files, units, &settings());
        assert_eq!(output.results[0].outcome, Outcome::Backup);
        let Outcome::Read { documents, .. } = &output.results[1].outcome else {
            panic!("{:?}", output.results[1]);
        };
        assert_eq!(output.documents.len(), *documents);
        assert!(
            matches!(&output.results[2].outcome, Outcome::Refused { error, .. } if error.starts_with("broken.json"))
        );
        assert_eq!(output.results[1].format.as_deref(), Some("spacy"));
    }
}
