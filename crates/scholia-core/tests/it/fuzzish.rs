//! Property tests for the exchange importers: generated documents round
//! trip; generated, mutated and arbitrary inputs never panic, and every
//! error names the file and a line, record or field. The seed and the case
//! counts are fixed so that CI runs the same cases every time; the cargo-fuzz
//! targets in `fuzz/` run the same checks for longer.

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use scholia_core::format::detect::{self, Format};
use scholia_core::format::{scholia, ExportOptions, ImportOptions, OffsetUnit};
use scholia_core::{
    AnnotatedDocument, Annotation, Document, Edit, Fragment, Key, Relation, Scheme, Snap, Timestamp,
};
use serde_json::{json, Value};

use crate::exchange::{links, options, pieces, pieces_with_notes};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(0x5c40_1a20),
        ..ProptestConfig::default()
    }
}

/// Pieces of hard text: astral emoji, a ZWJ family, a flag, combining
/// accents, RTL, CJK, CRLF and CR line ends, tabs, NBSP, curly quotes.
const PIECES: &[&str] = &[
    "Rama",
    "met",
    "Tirana",
    " ",
    " ",
    "👩‍👩‍👧",
    "🇦🇱",
    "😀",
    "Cafe\u{301}",
    "é",
    "سلام",
    "رئیس‌جمهور",
    "東京",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\u{a0}",
    "“yes”",
    ".",
    ",",
    "'s",
    "-",
    "\u{feff}",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..40).prop_map(|p| p.concat())
}

const LABELS: [&str; 3] = ["actor", "event", "claim"];

/// A document with spans on grapheme boundaries, some notes, some
/// relations the default scheme allows, in one layer.
fn document_strategy() -> impl Strategy<Value = AnnotatedDocument> {
    (
        text_strategy(),
        prop::collection::vec((0usize..400, 0usize..400, 0usize..3, any::<bool>()), 0..12),
        prop::collection::vec((any::<usize>(), any::<usize>()), 0..8),
    )
        .prop_map(|(text, spans, pairs)| {
            let mut doc =
                AnnotatedDocument::new(Document::new("d", &text), Scheme::default_scheme());
            let len = doc.document().text.len();
            let mut ids = Vec::new();
            for (i, (a, b, label, noted)) in spans.into_iter().enumerate() {
                let (a, b) = (a % (len + 1), b % (len + 1));
                let Some(span) = doc
                    .document()
                    .text
                    .snap(a.min(b), a.max(b), Snap::Graphemes)
                else {
                    continue;
                };
                let mut annotation = Annotation::new(
                    Key::new("alice", format!("a{i}")),
                    LABELS[label],
                    Fragment::new(span.start, span.end),
                    Timestamp(1_700_000_000_000 + i as i64),
                );
                if noted {
                    annotation.note = format!("note {i} “😀”\r\n");
                }
                if doc.apply(Edit::AddAnnotation(annotation)).is_ok() {
                    ids.push((format!("a{i}"), LABELS[label]));
                }
            }
            for (n, (s, t)) in pairs.into_iter().enumerate() {
                if ids.is_empty() {
                    break;
                }
                let (source, target) = (&ids[s % ids.len()], &ids[t % ids.len()]);
                let kind = match (source.1, target.1) {
                    ("claim", "actor") => "source-of",
                    ("actor", "event") => "participant",
                    ("claim", "event") => "about",
                    _ => continue,
                };
                let _ = doc.apply(Edit::AddRelation(Relation {
                    key: Key::new("alice", format!("r{n}")),
                    kind: kind.into(),
                    source: source.0.clone(),
                    target: target.0.clone(),
                    attributes: Default::default(),
                    note: String::new(),
                    created: Timestamp(1_700_000_000_000),
                    modified: Timestamp(1_700_000_000_000),
                    foreign_id: None,
                }));
            }
            doc
        })
}

const FORMATS: [Format; 3] = [Format::Doccano, Format::LabelStudio, Format::Spacy];

fn unit_strategy() -> impl Strategy<Value = OffsetUnit> {
    prop_oneof![Just(OffsetUnit::CodePoints), Just(OffsetUnit::Utf16)]
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn generated_documents_round_trip_through_every_format(doc in document_strategy(), unit in unit_strategy()) {
        for format in FORMATS {
            let exported = detect::export(format, &doc, &ExportOptions { offsets: unit, ..ExportOptions::default() }).unwrap();
            let content = &exported.files[0].content;
            let mut read = options("alice.jsonl");
            read.offsets = unit;
            let back = detect::import(format, content, &read).unwrap().documents.remove(0);
            prop_assert_eq!(pieces(&back), pieces(&doc), "{}", format);
            if format != Format::Spacy {
                prop_assert_eq!(links(&back), links(&doc), "{}", format);
            }
            if format == Format::LabelStudio {
                prop_assert_eq!(pieces_with_notes(&back), pieces_with_notes(&doc));
            }
            prop_assert_eq!(detect::detect("out", content), Ok(format));
        }
    }
}

/// Checks the contract on any input: no panic (the test would fail), an
/// error names the file and where, and what is read is valid.
fn check_import(format: Format, input: &str, reanchor: bool) {
    let options = ImportOptions {
        file_name: "input.x".into(),
        reanchor,
        ..ImportOptions::default()
    };
    match detect::import(format, input, &options) {
        Ok(imported) => {
            for doc in &imported.documents {
                let again = scholia::import(&scholia::export(doc)).expect("what is read is valid");
                assert_eq!(&again, doc);
            }
        }
        Err(error) => {
            assert_eq!(error.file.as_deref(), Some("input.x"), "{error}");
            assert!(
                error.line.is_some() || error.record.is_some() || error.field.is_some(),
                "an error says where: {error}"
            );
            assert!(!error.to_string().is_empty());
        }
    }
    let _ = detect::detect("input.x", input);
}

/// One way of damaging a file.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Replace(usize, char),
    Insert(usize, &'static str),
    Delete(usize, usize),
    /// Changes the nth number in the file.
    Number(usize, i64),
    DuplicateLine(usize),
}

fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    let tokens = prop::sample::select(
        &[
            "\"",
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "-1",
            "1e400",
            "null",
            "\\",
            "\\ud800",
            "😀",
            "\"text\"",
            "\n",
            "\u{0}",
            "{\"type\": \"relation\"}",
            "\"start\": 3",
            "\"labels\": []",
            "\"id\": 1",
        ][..],
    );
    // Changed numbers keep the JSON well-formed, so they reach the checks
    // behind the parser most often: they weigh most.
    prop_oneof![
        1 => any::<usize>().prop_map(Mutation::Truncate),
        2 => (any::<usize>(), prop::sample::select(&['"', '{', '}', '9', 'x', '\\', ' ', '👩', '\u{301}'][..]))
            .prop_map(|(i, c)| Mutation::Replace(i, c)),
        2 => (any::<usize>(), tokens).prop_map(|(i, t)| Mutation::Insert(i, t)),
        1 => (any::<usize>(), 0usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        6 => (any::<usize>(), prop_oneof![Just(-1i64), Just(0), Just(1), 0i64..500, Just(i64::MAX)])
            .prop_map(|(i, n)| Mutation::Number(i, n)),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn char_boundary(text: &str, i: usize) -> usize {
    if text.is_empty() {
        return 0;
    }
    let mut at = i % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(text: &str, mutation: &Mutation) -> String {
    let mut out = text.to_string();
    match mutation {
        Mutation::Truncate(i) => out.truncate(char_boundary(text, *i)),
        Mutation::Replace(i, c) => {
            let at = char_boundary(text, *i);
            if let Some(old) = out[at..].chars().next() {
                out.replace_range(at..at + old.len_utf8(), &c.to_string());
            }
        }
        Mutation::Insert(i, token) => out.insert_str(char_boundary(text, *i), token),
        Mutation::Delete(i, n) => {
            let from = char_boundary(text, *i);
            let to = char_boundary(text, from + n).max(from);
            out.replace_range(from..to, "");
        }
        Mutation::Number(i, n) => {
            let starts: Vec<usize> = text
                .char_indices()
                .filter(|&(j, c)| {
                    c.is_ascii_digit() && !text[..j].ends_with(|p: char| p.is_ascii_digit())
                })
                .map(|(j, _)| j)
                .collect();
            if !starts.is_empty() {
                let from = starts[i % starts.len()];
                let to = text[from..]
                    .find(|c: char| !c.is_ascii_digit())
                    .map_or(text.len(), |k| from + k);
                out.replace_range(from..to, &n.to_string());
            }
        }
        Mutation::DuplicateLine(i) => {
            let lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let line = lines[i % lines.len()];
                out.push('\n');
                out.push_str(line);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn damaged_exports_are_refused_precisely_or_read_validly(
        doc in document_strategy(),
        mutations in prop::collection::vec(mutation_strategy(), 1..4),
        reanchor in any::<bool>(),
    ) {
        for format in [Format::Doccano, Format::LabelStudio, Format::Spacy, Format::Scholia] {
            let exported = detect::export(format, &doc, &ExportOptions::default()).unwrap();
            let mut damaged = exported.files[0].content.clone();
            for mutation in &mutations {
                damaged = mutate(&damaged, mutation);
            }
            check_import(format, &damaged, reanchor);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(input in "\\PC{0,200}") {
        for format in [Format::Doccano, Format::LabelStudio, Format::Spacy, Format::Scholia] {
            check_import(format, &input, true);
        }
    }
}

/// JSON built from the fields the importers look for, nested at random.
fn json_strategy() -> impl Strategy<Value = Value> {
    const KEYS: &[&str] = &[
        "text",
        "data",
        "label",
        "labels",
        "entities",
        "relations",
        "annotations",
        "completions",
        "result",
        "value",
        "start",
        "end",
        "start_offset",
        "end_offset",
        "from_id",
        "to_id",
        "type",
        "id",
        "user",
        "completed_by",
        "meta",
        "spans",
        "direction",
        "email",
        "created_at",
        "_annotator_id",
        "answer",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop_oneof![0u64..40, Just(u64::MAX)].prop_map(Value::from),
        (-3i64..0).prop_map(Value::from),
        Just(json!(1.5)),
        prop::sample::select(
            &[
                "Tirana 😀",
                "labels",
                "relation",
                "textarea",
                "left",
                "bi",
                "",
                "👩‍👩‍👧",
                "2024-05-02T09:14:03Z"
            ][..]
        )
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|fields| {
                Value::Object(
                    fields
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            }),
        ]
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn structured_nonsense_never_panics(value in json_strategy(), text in text_strategy()) {
        // As a record, as a record with a real text, and as a list of them.
        let mut with_text = value.clone();
        if let Value::Object(map) = &mut with_text {
            map.insert("text".into(), Value::from(text.clone()));
            map.insert("data".into(), json!({ "text": text }));
        }
        for input in [value.to_string(), with_text.to_string(), json!([with_text]).to_string()] {
            for format in [Format::Doccano, Format::LabelStudio, Format::Spacy] {
                check_import(format, &input, false);
                check_import(format, &input, true);
                let mut report = Default::default();
                let line = input.replace('\n', " ");
                if format.is_json_lines() {
                    let _ = detect::import_line(format, &line, 1, 1, &ImportOptions::default(), &mut report);
                }
            }
        }
    }
}

/// Regression inputs: every crash the fuzzers or these tests ever found is
/// kept here (see fuzz/README.md).
#[test]
fn regressions_stay_fixed() {
    let cases: &[(Format, &str)] = &[
        // An offset between the two halves of a surrogate pair, in UTF-16 mode, at a checkpoint edge.
        (Format::Doccano, "{\"text\": \"😀😀\", \"label\": [[1, 3, \"X\"]]}"),
        // A relation before any region, and a text area for a region that does not exist.
        (Format::LabelStudio, "{\"data\": {\"text\": \"ab\"}, \"annotations\": [{\"result\": [{\"type\": \"relation\", \"from_id\": 1, \"to_id\": 2}, {\"type\": \"textarea\", \"id\": \"x\", \"value\": {\"text\": [\"n\"]}}]}]}"),
        // An empty text.
        (Format::Spacy, "{\"text\": \"\", \"spans\": [{\"start\": 0, \"end\": 0, \"label\": \"X\"}]}"),
    ];
    for (format, input) in cases {
        check_import(*format, input, true);
        let mut utf16 = options("x");
        utf16.offsets = OffsetUnit::Utf16;
        let _ = detect::import(*format, input, &utf16);
    }
}

/// A 50 MB file: read whole when well-formed, and refused at its line when
/// cut short. (The command line reads such files a line at a time.)
#[test]
fn a_fifty_megabyte_file_is_read_or_refused_at_its_line() {
    const TARGET: usize = 50 * 1024 * 1024;
    let text = format!(
        "{} Rama met 👩‍👩‍👧 in Tirana 🇦🇱.\r\n",
        "Lorem ipsum dolor sit amet. ".repeat(30)
    );
    let at = |word: &str| {
        let start = text[..text.find(word).unwrap()].chars().count();
        json!([start, start + word.chars().count(), word])
    };
    let record = json!({"text": text, "label": [at("Rama"), at("Tirana")]}).to_string();
    let mut file = String::with_capacity(TARGET + record.len() + 1);
    while file.len() < TARGET {
        file.push_str(&record);
        file.push('\n');
    }
    let n_records = file.lines().count();
    let imported = scholia_core::format::doccano::import(&file, &options("big.jsonl")).unwrap();
    assert_eq!(imported.documents.len(), n_records);
    let last = imported.documents.last().unwrap();
    let quotes: Vec<String> = last
        .annotations_in_document_order()
        .iter()
        .map(|a| last.quotes(a).concat())
        .collect();
    assert_eq!(quotes, ["Rama", "Tirana"]);
    drop(imported);

    // Cut in the middle of the last record.
    let cut = &file[..file.len() - record.len() / 2];
    let error = scholia_core::format::doccano::import(cut, &options("big.jsonl")).unwrap_err();
    assert_eq!(error.line, Some(n_records));
    assert!(
        error
            .to_string()
            .contains("it ends too early (is it truncated?)"),
        "{error}"
    );

    // One 50 MB Label Studio task, cut short.
    let task = format!("[{{\"data\": {{\"text\": \"{}", "x".repeat(TARGET));
    let error =
        scholia_core::format::label_studio::import(&task, &options("big.json")).unwrap_err();
    assert_eq!(error.to_string(), "big.json, line 1: the file is not well-formed: it ends too early (is it truncated?) (column 52428820)");
}
