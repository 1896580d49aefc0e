//! spaCy / Prodigy JSONL: Prodigy's db-out records, Python offsets, span
//! text checks, the export.

use scholia_core::format::detect::{self, Format};
use scholia_core::format::{spacy, ExportOptions};
use serde_json::Value;

use crate::common::{hard_document, HARD_TEXT};
use crate::exchange::{fixture, links, options, pieces, python_slice, reanchor};

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
        !lost.contains("no place for relations") && lost.contains("notes: 2 not written"),
        "{lost}"
    );
    let back = spacy::import(&exported.files[0].content, &options("alice.jsonl")).unwrap();
    assert_eq!(pieces(&back.documents[0]), pieces(&doc));
    assert_eq!(links(&back.documents[0]), links(&doc));
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

#[test]
fn relations_are_written_as_prodigy_rel_manual_writes_them() {
    let fixture = fixture("spacy/every_feature.jsonl");
    let first_line = fixture.lines().next().unwrap();
    let doc = spacy::import(first_line, &options("f.jsonl"))
        .unwrap()
        .documents
        .remove(0);
    assert_eq!(doc.relations().len(), 2);
    let exported = spacy::export(&doc, &ExportOptions::default()).unwrap();
    let line: Value = serde_json::from_str(exported.files[0].content.trim_end()).unwrap();
    let text = line["text"].as_str().unwrap();
    let number = |v: &Value| v.as_u64().unwrap() as usize;
    let tokens = line["tokens"].as_array().unwrap();
    for (i, token) in tokens.iter().enumerate() {
        assert_eq!(number(&token["id"]), i);
        let (start, end) = (number(&token["start"]), number(&token["end"]));
        assert_eq!(token["text"], python_slice(text, start, end));
        let next = text.chars().nth(end);
        assert_eq!(
            token["ws"],
            next.is_some_and(char::is_whitespace),
            "{token}"
        );
    }
    // Each span is whole tokens: its first token starts it, its last ends it.
    let covers = |span: &Value| {
        let (first, last) = (number(&span["token_start"]), number(&span["token_end"]));
        number(&tokens[first]["start"]) == number(&span["start"])
            && number(&tokens[last]["end"]) == number(&span["end"])
    };
    let spans = line["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 3, "the relation's London end is a span now");
    assert!(spans.iter().all(covers), "{spans:?}");
    let relations = line["relations"].as_array().unwrap();
    let described: Vec<(String, String, String)> = relations
        .iter()
        .map(|r| {
            // head and child are the last tokens of the ends' spans.
            assert_eq!(r["head"], r["head_span"]["token_end"]);
            assert_eq!(r["child"], r["child_span"]["token_end"]);
            assert!(covers(&r["head_span"]) && covers(&r["child_span"]));
            let quote =
                |end: &Value| python_slice(text, number(&end["start"]), number(&end["end"]));
            (
                r["label"].as_str().unwrap().to_string(),
                quote(&r["head_span"]),
                quote(&r["child_span"]),
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            (
                "MET".into(),
                "Ada 😀 Lovelace".into(),
                "Charles Babbage".into()
            ),
            ("relation".into(), "Charles Babbage".into(), "London".into()),
        ]
    );
    assert!(exported
        .report
        .notes
        .iter()
        .any(|n| n.contains("Scholia's tokens")));
    let back = spacy::import(&exported.files[0].content, &options("f.jsonl")).unwrap();
    assert_eq!(links(&back.documents[0]), links(&doc));
    assert_eq!(pieces(&back.documents[0]), pieces(&doc));
}

#[test]
fn a_relation_to_a_token_the_record_lacks_names_the_field() {
    let line = r#"{"text": "She serves fast", "tokens": [{"start": 0, "end": 3}, {"start": 4, "end": 10}, {"start": 11, "end": 15}], "relations": [{"head": 1, "child": 0, "label": "nsubj"}, {"head": 1, "child": 9, "label": "advmod"}]}"#;
    let error = spacy::import(line, &options("d.jsonl")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "d.jsonl, line 1, record 1, field “relations[1].child”: token 9 is not in the record, which has 3 tokens"
    );
    let line = r#"{"text": "She serves", "relations": [{"head": 1, "child": 0, "head_span": {"start": 4, "end": 99, "label": "V"}}]}"#;
    let error = spacy::import(line, &options("d.jsonl")).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("d.jsonl, line 1, record 1, field “relations[0].head_span”"),
        "{error}"
    );
}

#[test]
fn an_entity_linking_answer_is_the_span_kb_id_and_is_written_back() {
    let line = r#"{"text": "Emerson won.", "spans": [{"start": 0, "end": 7, "label": "PERSON", "kb_id": "Q48226"}], "options": [{"id": "Q48226"}, {"id": "Q312545"}], "accept": ["Q312545"], "answer": "accept"}"#;
    let imported = spacy::import(line, &options("nel.jsonl")).unwrap();
    let doc = &imported.documents[0];
    let emerson = doc.annotations().next().unwrap();
    assert_eq!(
        emerson.entity.as_deref(),
        Some("Q312545"),
        "the annotator's choice wins over the model's kb_id"
    );
    assert!(doc.scheme().attribute("kb_id").is_none());
    // Through the shared entry point, the entity is in the knowledge base,
    // named by its mention, its id an external id.
    let imported = detect::import(Format::Spacy, line, &options("nel.jsonl")).unwrap();
    let entity = imported.knowledge_base.entity("Q312545").unwrap();
    assert_eq!(entity.name, "Emerson");
    assert_eq!(entity.external_ids, ["Q312545"]);
    assert_eq!(entity.kind.as_deref(), Some("PERSON"));
    let exported = spacy::export(doc, &ExportOptions::default()).unwrap();
    let line: Value = serde_json::from_str(exported.files[0].content.trim_end()).unwrap();
    assert_eq!(line["spans"][0]["kb_id"], "Q312545");
    assert!(
        exported.report.not_represented.is_empty(),
        "{:?}",
        exported.report
    );
}
