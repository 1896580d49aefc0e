//! spaCy / Prodigy JSONL: Prodigy's db-out records, Python offsets, span
//! text checks, the export.

use scholia_core::format::{spacy, ExportOptions};
use serde_json::Value;

use crate::common::{hard_document, HARD_TEXT};
use crate::exchange::{fixture, options, pieces, python_slice, reanchor};

#[test]
fn prodigy_records_read_with_their_annotator() {
    let imported =
        spacy::import(&fixture("spacy/news_ner.jsonl"), &options("news_ner.jsonl")).unwrap();
    assert_eq!(imported.documents.len(), 3);
    let apple = &imported.documents[0];
    assert_eq!(apple.layers(), ["news_ner-alice"]);
    let spans: Vec<(String, String)> = apple
        .annotations_in_document_order()
        .iter()
        .map(|a| (a.label.to_string(), apple.quotes(a).concat()))
        .collect();
    assert_eq!(
        spans,
        [
            ("ORG".into(), "Apple".into()),
            ("GPE".into(), "U.K.".into()),
            ("MONEY".into(), "$1 billion".into())
        ]
    );
    // Python offsets count code points: "said “no”" after an emoji.
    let cafe = &imported.documents[1];
    let claim = cafe.annotations_in_document_order()[1];
    assert_eq!(cafe.quotes(claim), ["said “no”"]);
    assert_eq!(
        claim.fragments[0].start,
        "Café owners in Zürich 😀 ".chars().count()
    );
    assert!(imported
        .report
        .notes
        .iter()
        .any(|n| n
            == "record 3 was answered “reject” in Prodigy; its spans are imported as they are"));
}

#[test]
fn a_span_text_is_checked_like_a_quote() {
    let line = r#"{"text": "Rama met Tirana and Tirana", "spans": [{"start": 20, "end": 26, "label": "GPE", "text": "Tirana"}, {"start": 0, "end": 4, "label": "PER", "text": "Rama "}]}"#;
    let error = spacy::import(line, &options("p.jsonl")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "p.jsonl, line 1, annotation “2” (layer “p”), field “spans[1].text”: the quoted text “Rama ” does not match the document, which reads “Rama” there"
    );
    let line = r#"{"text": "Rama met Tirana and Tirana", "spans": [{"start": 11, "end": 17, "label": "GPE", "text": "Tirana"}]}"#;
    let imported = spacy::import(line, &reanchor(options("p.jsonl"))).unwrap();
    let doc = &imported.documents[0];
    assert_eq!(doc.quotes(doc.annotations().next().unwrap()), ["Tirana"]);
    assert_eq!(imported.report.reanchored.len(), 1);
    assert!(imported.report.reanchored[0]
        .ends_with("moved from 11–17 to 9–15, where its quoted text is"));
}

#[test]
fn the_export_slices_right_in_python() {
    let doc = hard_document();
    let exported = spacy::export(&doc, &ExportOptions::default()).unwrap();
    let line: Value = serde_json::from_str(exported.files[0].content.trim_end()).unwrap();
    assert_eq!(line["_annotator_id"], "alice");
    let spans = line["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 11);
    for span in spans {
        let (start, end) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(span["text"], python_slice(HARD_TEXT, start, end));
    }
    let lost = exported.report.not_represented.join("\n");
    assert!(
        lost.contains("relations: 3 not written") && lost.contains("notes: 2 not written"),
        "{lost}"
    );
    let back = spacy::import(&exported.files[0].content, &options("alice.jsonl")).unwrap();
    assert_eq!(pieces(&back.documents[0]), pieces(&doc));
}

#[test]
fn errors_name_line_record_and_field() {
    let cases = [
        ("{\"text\": \"ab\"}\n{\"spans\": []}", "x.jsonl, line 2, record 2, field “text”: it is missing"),
        (r#"{"text": "ab", "spans": [{"start": 0, "end": 1}]}"#, "line 1, record 1, field “spans[0]”: missing field `label`"),
        (r#"{"text": "ab", "spans": [{"start": -1, "end": 1, "label": "X"}]}"#, "field “spans[0].start”: invalid value: integer `-1`, expected usize"),
        (r#"{"text": "ab", "spans": [{"start": 0, "end": 3, "label": "X"}]}"#, "field “spans[0]”: the span 0–3 reaches outside the text, which has 2 characters"),
        (r#"{"text": "ab", "spans": {"start": 0}}"#, "field “spans”: invalid type: map, expected a sequence"),
        ("[\"text\"]", "x.jsonl, record 1: a spaCy / Prodigy record is a JSON object with a \"text\", not the string \"text\""),
    ];
    for (input, expected) in cases {
        let message = spacy::import(input, &options("x.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(expected),
            "expected …{expected}…\n     got {message}"
        );
    }
}
