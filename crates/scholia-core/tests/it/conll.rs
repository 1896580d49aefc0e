//! CoNLL BIO export: the tokeniser on hard text, the tags, and the warning
//! that lists what BIO cannot express.

use scholia_core::format::{conll, ExportOptions};
use scholia_core::{AnnotatedDocument, Document, Edit, Key, Scheme};

use crate::common::{annotate, hard_document};
use crate::exchange::export_layer;

const TEXT: &str = "Rama met the 👩‍👩‍👧 family in Tirana 🇦🇱.\r\nCafe\u{301} owner said “yes”.\r\n\r\n";

#[test]
fn tokens_are_unicode_words_and_lines_are_sequences() {
    let doc = annotate(TEXT, &[]);
    let tokens: Vec<Vec<String>> = conll::tokenize(&doc)
        .into_iter()
        .map(|line| line.into_iter().map(|t| t.text).collect())
        .collect();
    assert_eq!(
        tokens,
        [
            vec![
                "Rama",
                "met",
                "the",
                "👩‍👩‍👧",
                "family",
                "in",
                "Tirana",
                "🇦🇱",
                "."
            ],
            vec!["Cafe\u{301}", "owner", "said", "“", "yes", "”", "."],
        ]
    );
    // Token offsets are code points into the text.
    let family = &conll::tokenize(&doc)[0][3];
    assert_eq!((family.start, family.end), (13, 18));
}

#[test]
fn spans_become_iob2_tags_and_what_bio_cannot_say_is_listed() {
    let doc = annotate(
        TEXT,
        &[
            ("Rama", "actor"),
            ("the 👩‍👩‍👧 family", "actor"),
            ("Tirana 🇦🇱", "actor"),
            ("Tirana", "event"),
            ("Caf", "event"),
            ("said “yes”", "claim"),
        ],
    );
    let exported = conll::export(&doc, &ExportOptions::default()).unwrap();
    assert_eq!(exported.files[0].extension, ".conll");
    assert_eq!(
        exported.files[0].content,
        "Rama\tB-actor\nmet\tO\nthe\tB-actor\n👩‍👩‍👧\tI-actor\nfamily\tI-actor\nin\tO\nTirana\tB-actor\n🇦🇱\tI-actor\n.\tO\n\n\
         Cafe\u{301}\tB-event\nowner\tO\nsaid\tB-claim\n“\tI-claim\nyes\tI-claim\n”\tI-claim\n.\tO\n\n"
    );
    assert_eq!(
        exported.report.not_represented,
        [
            "CoNLL has no place for notes: 1 not written",
            "CoNLL has no place for attributes: 1 attribute values not written",
            "annotation “a4” (layer “alice”) “Tirana” at 29–35 overlaps annotation “a3” (layer “alice”) “Tirana 🇦🇱” at 29–38: BIO cannot express overlapping spans, so it is left out",
            "annotation “a5” (layer “alice”) “Caf” at 41–44 begins or ends inside a token: the whole token is tagged",
        ]
    );
}

#[test]
fn discontinuous_spans_and_spans_across_lines_are_reported() {
    let doc = hard_document();
    let exported = conll::export(&doc, &ExportOptions::default()).unwrap();
    let lost = exported.report.not_represented.join("\n");
    assert!(
        lost.contains("annotation “a10” (layer “alice”) “Résumé … Tirana” at 1–39 is discontinuous: BIO cannot express it, so each of its 2 fragments is written as a separate entity"),
        "{lost}"
    );
    assert!(
        lost.contains("annotation “a4” (layer “alice”) “Tirana”") && lost.contains("left out"),
        "{lost}"
    );
    assert!(
        lost.contains("CoNLL has no place for relations: 3 not written"),
        "{lost}"
    );
    assert!(
        lost.contains("CoNLL has no place for notes: 2 not written"),
        "{lost}"
    );
    // Every token line has exactly one tab, and tags follow IOB2.
    let mut previous = "O".to_string();
    for line in exported.files[0].content.lines() {
        if line.is_empty() {
            previous = "O".into();
            continue;
        }
        let (token, tag) = line.split_once('\t').expect("token, tab, tag");
        assert!(
            !token.is_empty() && !token.contains(char::is_whitespace),
            "{line:?}"
        );
        if let Some(label) = tag.strip_prefix("I-") {
            assert!(
                previous.ends_with(label),
                "I- continues an entity: {line:?}"
            );
        } else {
            assert!(tag == "O" || tag.starts_with("B-"), "{line:?}");
        }
        previous = tag.to_string();
    }

    let across = annotate(TEXT, &[("Tirana 🇦🇱.\r\nCafe\u{301}", "actor")]);
    let exported = conll::export(&across, &ExportOptions::default()).unwrap();
    assert!(exported.files[0]
        .content
        .contains("Tirana\tB-actor\n🇦🇱\tI-actor\n.\tI-actor\n\nCafe\u{301}\tB-actor\n"));
    assert!(exported.report.not_represented[0].ends_with(
        "crosses a line break: each line is a sequence, so it is written as one entity per line"
    ));
}

#[test]
fn one_layer_is_written_and_labels_lose_their_spaces() {
    let mut doc = annotate(TEXT, &[("Rama", "actor")]);
    let mut bob = doc.annotation(&Key::new("alice", "a1")).unwrap().clone();
    bob.key = Key::new("bob", "b1");
    bob.label = "event".into();
    doc.apply(Edit::AddAnnotation(bob)).unwrap();
    let error = conll::export(&doc, &ExportOptions::default()).unwrap_err();
    assert!(
        error.to_string().contains(
            "CoNLL holds one annotator's work, and this document has 2 layers: “alice”, “bob”"
        ),
        "{error}"
    );
    let bob_only = conll::export(&doc, &export_layer("bob")).unwrap();
    assert!(bob_only.files[0].content.starts_with("Rama\tB-event\n"));

    let mut scheme = Scheme::default();
    scheme.ensure_label("head of state");
    let mut spaced = AnnotatedDocument::new(Document::new("d", TEXT), scheme);
    let mut head = doc.annotation(&Key::new("alice", "a1")).unwrap().clone();
    head.label = "head of state".into();
    spaced.apply(Edit::AddAnnotation(head)).unwrap();
    let exported = conll::export(&spaced, &ExportOptions::default()).unwrap();
    assert!(exported.files[0]
        .content
        .starts_with("Rama\tB-head_of_state\n"));
    assert_eq!(exported.report.notes, ["the label “head of state” is written “head_of_state”, since a tag cannot hold whitespace"]);
}

fn read(input: &str) -> Vec<AnnotatedDocument> {
    let options = scholia_core::format::ImportOptions {
        file_name: "news.conll".into(),
        ..Default::default()
    };
    conll::import(input, &options).unwrap().documents
}

/// Each annotation of a document as (quote, label), in text order.
fn entities(doc: &AnnotatedDocument) -> Vec<(String, String)> {
    doc.annotations_in_document_order()
        .into_iter()
        .map(|a| (doc.quotes(a).join(" "), a.label.to_string()))
        .collect()
}

#[test]
fn bio_files_with_any_columns_become_documents_with_spans() {
    let input = "-DOCSTART- -X- O O\n\nEl DA O O\nAbogado NC x B-PER\nGeneral AQ x I-PER\n, Fc O O\nDaryl VMI x B-PER\nWilliams NC x I-PER\n\nEn\tO\nMelbourne\tB-LOC\n-DOCSTART-\nEFE B-ORG\nB-ORG B-MISC\n";
    let docs = read(input);
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[0].document().text.as_str(),
        "El Abogado General , Daryl Williams\nEn Melbourne"
    );
    assert_eq!(
        entities(&docs[0]),
        [
            ("Abogado General".into(), "PER".into()),
            ("Daryl Williams".into(), "PER".into()),
            ("Melbourne".into(), "LOC".into())
        ]
    );
    assert_eq!(docs[0].layers(), ["news"]);
    assert_eq!(
        entities(&docs[1]),
        [
            ("EFE".into(), "ORG".into()),
            ("B-ORG".into(), "MISC".into())
        ]
    );
}

#[test]
fn iob1_and_bioes_read_alike() {
    let iob1 =
        "Rama I-PER\nmet O\nAnna I-PER\nBerg I-PER\nB-PER\nKlein B-PER\n\nin O\nTirana I-LOC\n";
    // The fifth line has one column: an error. Without it, IOB1 reads.
    let iob1 = iob1.replace("B-PER\nKlein", "Ola B-PER\nKlein");
    let docs = read(&iob1);
    assert_eq!(
        entities(&docs[0]),
        [
            ("Rama".into(), "PER".into()),
            ("Anna Berg".into(), "PER".into()),
            ("Ola".into(), "PER".into()),
            ("Klein".into(), "PER".into()),
            ("Tirana".into(), "LOC".into())
        ]
    );
    let bioes = "New B-LOC\nYork E-LOC\nRama S-PER\nKlein S-PER\n";
    assert_eq!(
        entities(&read(bioes)[0]),
        [
            ("New York".into(), "LOC".into()),
            ("Rama".into(), "PER".into()),
            ("Klein".into(), "PER".into())
        ]
    );
}

#[test]
fn bad_lines_name_the_file_line_and_column() {
    let options = scholia_core::format::ImportOptions {
        file_name: "bad.conll".into(),
        ..Default::default()
    };
    let e = conll::import("Rama B-PER\nmet O\nAnna X-PER\n", &options).unwrap_err();
    assert_eq!(
        (e.file.as_deref(), e.line, e.field.as_deref()),
        (Some("bad.conll"), Some(3), Some("column 2"))
    );
    assert!(e.to_string().contains("“X-PER”"), "{e}");
    let e = conll::import("Rama B-PER\nalone\n", &options).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("tag")));
    let e = conll::import("\n\n-DOCSTART- O\n", &options).unwrap_err();
    assert!(e.to_string().contains("no token"), "{e}");
}

#[test]
fn latin1_files_decode_and_exported_files_read_back() {
    let bytes = b"Espa\xf1a B-LOC\nma\xf1ana O\n";
    let text = conll::Encoding::Latin1.decode(bytes, "es.conll").unwrap();
    assert_eq!(entities(&read(&text)[0]), [("España".into(), "LOC".into())]);
    let e = conll::Encoding::Utf8.decode(bytes, "es.conll").unwrap_err();
    assert_eq!(e.file.as_deref(), Some("es.conll"));

    let doc = annotate(
        "Rama met Anna Berg in Tirana.\nThen Tirana.",
        &[
            ("Rama", "actor"),
            ("Anna Berg", "actor"),
            ("Tirana", "event"),
        ],
    );
    let exported = conll::export(&doc, &ExportOptions::default()).unwrap();
    let back = read(&exported.files[0].content);
    assert_eq!(entities(&back[0]), entities(&doc));
    assert_eq!(
        scholia_core::format::detect::detect("x", &exported.files[0].content),
        Ok(scholia_core::format::detect::Format::Conll)
    );
}

#[test]
fn the_conll_2002_spanish_test_set_reads_whole() {
    let Some(dir) = crate::common::shared_root()
        .join("corpora/conll2002-es")
        .canonicalize()
        .ok()
        .filter(|d| d.join("esp.testb").exists())
    else {
        // Straight to stderr: cargo test hides what a passing test prints.
        let line = "SKIPPED the_conll_2002_spanish_test_set_reads_whole: ../shared/corpora/conll2002-es is absent\n";
        let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
        return;
    };
    let bytes = std::fs::read(dir.join("esp.testb")).unwrap();
    let text = conll::Encoding::Latin1.decode(&bytes, "esp.testb").unwrap();
    let docs = read(&text);
    assert_eq!(docs.len(), 1);
    // The counts of the corpus's README: sentences, tokens, entities (one
    // more than its 3,558 B- tags: line 9291's I-MISC follows an O and
    // begins an entity, as conlleval counts it).
    let text = docs[0].document().text.as_str();
    assert_eq!(text.lines().count(), 1517);
    assert_eq!(
        text.lines().map(|l| l.split(' ').count()).sum::<usize>(),
        51_533
    );
    assert_eq!(docs[0].annotations().len(), 3559);
}
