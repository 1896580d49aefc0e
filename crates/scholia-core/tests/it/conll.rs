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
