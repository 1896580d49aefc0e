//! doccano JSONL: every shape doccano writes, offsets in both units, exports
//! doccano can import, and every error naming line, record and field.

use scholia_core::format::{doccano, ExportOptions, OffsetUnit};
use scholia_core::{ErrorKind, Key};
use serde_json::{json, Value};

use crate::common::{hard_document, HARD_TEXT};
use crate::exchange::{
    export_layer, fixture, javascript_slice, options, pieces, python_slice, utf16,
};

#[test]
fn a_relation_project_export_reads_as_documents_with_relations() {
    let imported =
        doccano::import(&fixture("doccano/alice.jsonl"), &options("alice.jsonl")).unwrap();
    assert_eq!(imported.documents.len(), 2);
    let google = &imported.documents[0];
    // doccano exports one <username>.jsonl per annotator: the stem is the layer.
    assert_eq!(google.layers(), ["alice"]);
    let spans: Vec<(String, String, String)> = google
        .annotations_in_document_order()
        .iter()
        .map(|a| {
            (
                a.key.id.to_string(),
                a.label.to_string(),
                google.quotes(a).concat(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("101".into(), "ORG".into(), "Google".into()),
            ("102".into(), "DATE".into(), "September 4, 1998".into()),
            ("103".into(), "PERSON".into(), "Larry Page".into()),
            ("104".into(), "PERSON".into(), "Sergey Brin".into()),
        ]
    );
    let relations: Vec<(String, String, String, String)> = google
        .relations()
        .map(|r| {
            (
                r.key.id.to_string(),
                r.kind.clone(),
                r.source.clone(),
                r.target.clone(),
            )
        })
        .collect();
    assert_eq!(
        relations,
        [
            ("7".into(), "foundedAt".into(), "101".into(), "102".into()),
            ("8".into(), "foundedBy".into(), "101".into(), "103".into()),
            ("9".into(), "foundedBy".into(), "101".into(), "104".into()),
        ]
    );
    let labels: Vec<&str> = google
        .scheme()
        .labels
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(labels, ["ORG", "DATE", "PERSON"]);
    // Document ids are the text's SHA-256 prefix and the record's position.
    let sha = google.document().text.sha256();
    assert_eq!(google.document().id, format!("{}-1", &sha[..16]));
    assert!(imported.documents[1].document().id.ends_with("-2"));
    assert_eq!(
        imported.documents[1].document().title,
        "Tirana is the capital of Albania."
    );
}

#[test]
fn the_label_shape_takes_the_user_as_the_annotator() {
    let imported =
        doccano::import(&fixture("doccano/labels.jsonl"), &options("labels.jsonl")).unwrap();
    let layers: Vec<Vec<&str>> = imported.documents.iter().map(|d| d.layers()).collect();
    assert_eq!(layers, [vec!["bob"], vec!["bob"], vec!["carol"]]);
    let first = &imported.documents[0];
    let quotes: Vec<String> = first
        .annotations_in_document_order()
        .iter()
        .map(|a| first.quotes(a).concat())
        .collect();
    assert_eq!(quotes, ["EU", "German", "British"]);

    // The caller's annotator overrides the file's.
    let mut chosen = options("labels.jsonl");
    chosen.annotator = Some("dana".into());
    let imported = doccano::import(&fixture("doccano/labels.jsonl"), &chosen).unwrap();
    assert!(imported.documents.iter().all(|d| d.layers() == ["dana"]));
}

#[test]
fn doccano_1_0_annotations_keep_each_users_layer() {
    let imported = doccano::import(
        &fixture("doccano/legacy-1.0.jsonl"),
        &options("export.jsonl"),
    )
    .unwrap();
    let doc = &imported.documents[0];
    assert_eq!(doc.layers(), ["1", "2"]);
    assert_eq!(doc.annotation(&Key::new("1", "1")).unwrap().label, "7");
    assert_eq!(
        doc.quotes(doc.annotation(&Key::new("2", "2")).unwrap()),
        ["German"]
    );
}

#[test]
fn utf16_offsets_from_the_web_annotator_read_right_only_when_asked() {
    let file = fixture("doccano/emoji-utf16.jsonl");
    // Counting code points, "firetrucks" at 22–32 lies past the end (29
    // characters): the error says which unit would fit.
    let error = doccano::import(&file, &options("emoji.jsonl")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "emoji.jsonl, line 1, record 1, field “label[1]”: the span 22–32 reaches outside the text, \
         which has 29 characters; it would fit if the file counts UTF-16 units, as JavaScript tools do \
         (choose UTF-16 offsets: --offsets utf16)"
    );
    let imported = doccano::import(&file, &utf16(options("emoji.jsonl"))).unwrap();
    let doc = &imported.documents[0];
    let quotes: Vec<String> = doc
        .annotations_in_document_order()
        .iter()
        .map(|a| doc.quotes(a).concat())
        .collect();
    assert_eq!(quotes, ["firemen", "firetrucks"]);
    // Spans in code points: "firemen" starts after the 4-code-point emoji and a space.
    let firemen = doc.annotations_in_document_order()[0];
    assert_eq!(
        (firemen.fragments[0].start, firemen.fragments[0].end),
        (5, 12)
    );
    assert!(imported.report.notes.is_empty() && imported.report.reanchored.is_empty());
    assert_eq!(
        imported.report.not_represented,
        ["doccano: doccano's example id is not kept: `id` (first in record 1)"]
    );
}

#[test]
fn code_point_reading_of_astral_text_is_flagged_in_the_report() {
    let line = json!({"text": "😀 Tirana", "label": [[2, 8, "LOC"]]}).to_string();
    let imported = doccano::import(&line, &options("python.jsonl")).unwrap();
    assert_eq!(
        imported.documents[0].quotes(imported.documents[0].annotations().next().unwrap()),
        ["Tirana"]
    );
    assert_eq!(imported.report.notes.len(), 1);
    assert!(
        imported.report.notes[0].contains("UTF-16"),
        "{:?}",
        imported.report
    );
}

#[test]
fn a_pretty_printed_record_and_a_json_array_are_read_too() {
    // doccano's own relation-extraction example is one pretty-printed object.
    let pretty = serde_json::to_string_pretty(&json!({
        "text": "Google was founded by Larry Page.",
        "entities": [
            {"id": 0, "start_offset": 0, "end_offset": 6, "label": "ORG"},
            {"id": 1, "start_offset": 22, "end_offset": 32, "label": "PERSON"}
        ],
        "relations": [{"from_id": 0, "to_id": 1, "type": "foundedBy"}]
    }))
    .unwrap();
    let doc = &doccano::import(&pretty, &options("example.jsonl"))
        .unwrap()
        .documents[0];
    assert_eq!(doc.relations().next().unwrap().key.id, "r1");
    assert_eq!(doc.relations().next().unwrap().source, "0");
    let array =
        json!([{"text": "a b", "label": [[0, 1, "X"]]}, {"text": "c", "label": []}]).to_string();
    assert_eq!(
        doccano::import(&array, &options("all.json"))
            .unwrap()
            .documents
            .len(),
        2
    );
}

#[test]
fn the_export_is_what_doccano_imports_with_offsets_in_either_unit() {
    let doc = hard_document();
    let exported = doccano::export(&doc, &ExportOptions::default()).unwrap();
    assert_eq!(exported.files.len(), 1);
    assert_eq!(exported.files[0].extension, ".jsonl");
    let content = &exported.files[0].content;
    assert_eq!(content.lines().count(), 1);
    let line: Value = serde_json::from_str(content.trim_end()).unwrap();
    assert_eq!(line["text"], HARD_TEXT);
    assert_eq!(line["user"], "alice");
    // The default scheme has relation types: the relation project's shape.
    let entities = line["entities"].as_array().unwrap();
    assert_eq!(
        entities.len(),
        11,
        "10 annotations, one of them in two fragments"
    );
    for entity in entities {
        let (start, end) = (
            entity["start_offset"].as_u64().unwrap() as usize,
            entity["end_offset"].as_u64().unwrap() as usize,
        );
        let quote = python_slice(HARD_TEXT, start, end);
        assert!(!quote.is_empty() && !quote.starts_with(' '), "{quote:?}");
    }
    let family = entities
        .iter()
        .find(|e| {
            python_slice(
                HARD_TEXT,
                e["start_offset"].as_u64().unwrap() as usize,
                e["end_offset"].as_u64().unwrap() as usize,
            ) == "👩‍👩‍👧 family"
        })
        .expect("the family span");
    assert_eq!(family["label"], "actor");
    let relations = line["relations"].as_array().unwrap();
    assert_eq!(relations.len(), 3);
    for relation in relations {
        for end in ["from_id", "to_id"] {
            assert!(
                entities.iter().any(|e| e["id"] == relation[end]),
                "{relation}"
            );
        }
    }
    // What doccano cannot carry is said.
    let lost = exported.report.not_represented.join("\n");
    assert!(lost.contains("notes: 2 not written"), "{lost}");
    assert!(lost.contains("attributes: 2 attribute values"), "{lost}");
    assert!(
        lost.contains("annotation “a10” (layer “alice”) “Résumé … Tirana”")
            && lost.contains("2 separate spans"),
        "{lost}"
    );

    // UTF-16 offsets are JavaScript string indexes.
    let options = ExportOptions {
        offsets: OffsetUnit::Utf16,
        ..ExportOptions::default()
    };
    let line: Value = serde_json::from_str(
        doccano::export(&doc, &options).unwrap().files[0]
            .content
            .trim_end(),
    )
    .unwrap();
    let quotes: Vec<String> = line["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            javascript_slice(
                HARD_TEXT,
                e["start_offset"].as_u64().unwrap() as usize,
                e["end_offset"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert!(quotes.contains(&"👩‍👩‍👧 family".to_string()), "{quotes:?}");
    assert!(quotes.contains(&"Done 😀".to_string()), "{quotes:?}");
}

#[test]
fn without_relation_types_the_export_uses_the_label_shape() {
    let imported =
        doccano::import(&fixture("doccano/labels.jsonl"), &options("labels.jsonl")).unwrap();
    let content = &doccano::export(&imported.documents[0], &ExportOptions::default())
        .unwrap()
        .files[0]
        .content;
    assert_eq!(
        content,
        "{\"text\":\"EU rejects German call to boycott British lamb.\",\"label\":[[0,2,\"ORG\"],[11,17,\"MISC\"],[34,41,\"MISC\"]],\"user\":\"bob\"}\n"
    );
    let back = doccano::import(content, &options("again.jsonl")).unwrap();
    assert_eq!(pieces(&back.documents[0]), pieces(&imported.documents[0]));
}

#[test]
fn several_layers_need_a_choice() {
    let imported = doccano::import(
        &fixture("doccano/legacy-1.0.jsonl"),
        &options("export.jsonl"),
    )
    .unwrap();
    let doc = &imported.documents[0];
    let error = doccano::export(doc, &ExportOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "field “layer”: doccano holds one annotator's work, and this document has 2 layers: “1”, “2”; choose one (on the command line, --layer NAME)"
    );
    let content = &doccano::export(doc, &export_layer("2")).unwrap().files[0].content;
    assert!(
        content.contains("[[11,17,\"6\"]]") && content.contains("\"user\":\"2\""),
        "{content}"
    );
    // A layer this document lacks (a file of many documents is converted
    // with one layer for all) writes no spans, and says so.
    let exported = doccano::export(doc, &export_layer("3")).unwrap();
    assert!(
        exported.files[0].content.contains("\"label\":[]"),
        "{}",
        exported.files[0].content
    );
    assert_eq!(
        exported.report.notes,
        ["the document has no layer “3” (its layers are “1”, “2”): no spans are written"]
    );
}

/// Imports `input` and returns the error's message.
fn error_of(input: &str) -> String {
    doccano::import(input, &options("bad.jsonl"))
        .expect_err("the input must be refused")
        .to_string()
}

#[test]
fn every_error_names_the_line_record_and_field() {
    let good = r#"{"text": "Rama met 👩‍👩‍👧 in Tirana.", "label": [[0, 4, "PER"]]}"#;
    let cases: Vec<(String, &str)> = vec![
        (format!("{good}\n{{\"text\": \"x\", \"label\": [[0, 1, \"A\"]"), "bad.jsonl, line 2: the file is not well-formed: it ends too early (is it truncated?)"),
        (format!("{good}\n{{\"text\": \"x\" \"label\": []}}"), "bad.jsonl, line 2: the file is not well-formed: expected `,` or `}` (column 14)"),
        (format!("{good}\n\n[1, 2]"), "bad.jsonl, line 3, record 2: a doccano record is a JSON object with a \"text\", not the list [1,2]"),
        (r#"{"label": [[0, 1, "A"]]}"#.into(), "line 1, record 1, field “text”: it is missing"),
        (r#"{"data": {"image": "x.png"}, "label": []}"#.into(), "record 1, field “data”: the text is not a string"),
        (r#"{"text": "abc", "label": [[0, 9, "A"]]}"#.into(), "record 1, field “label[0]”: the span 0–9 reaches outside the text, which has 3 characters"),
        (r#"{"text": "abc", "label": [[2, 1, "A"]]}"#.into(), "annotation “1” (layer “bad”), field “label[0]”: the fragment 2–1 is empty or reversed"),
        (r#"{"text": "abc", "label": [[0, -1, "A"]]}"#.into(), "record 1, field “label[0][1]”: expected an offset (a whole number, 0 or more), found the number -1"),
        (r#"{"text": "abc", "label": [[0, 1.5, "A"]]}"#.into(), "field “label[0][1]”: expected an offset (a whole number, 0 or more), found the number 1.5"),
        (r#"{"text": "abc", "label": [[0, "2", "A"]]}"#.into(), "field “label[0][1]”: expected an offset (a whole number, 0 or more), found the string \"2\""),
        (r#"{"text": "abc", "label": [[0, 2]]}"#.into(), "field “label[0]”: expected [start, end, label], found a list of 2 items"),
        (r#"{"text": "abc", "label": [[0, 2, ""]]}"#.into(), "field “label[0][2]”: expected a label, found the string \"\""),
        (r#"{"text": "abc", "label": 7}"#.into(), "field “label”: expected a list of [start, end, label] spans, found the number 7"),
        (r#"{"text": "abc", "cats": "positive"}"#.into(), "field “cats”: expected the classes (a list, or each class with its score), found the string \"positive\""),
        (r#"{"text": "abc", "cats": [true]}"#.into(), "field “cats[0]”: expected a label, found a boolean true"),
        (format!("{good}\n{}", r#"{"text": "Rama met 👩‍👩‍👧", "label": [[9, 11, "X"]]}"#), "line 2, annotation “1” (layer “bad”), field “label[0]”: offset 11 falls inside a character"),
        (r#"{"text": "ab", "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "A"}, {"id": 1, "start_offset": 1, "end_offset": 2, "label": "B"}]}"#.into(), "annotation “1” (layer “bad”), field “entities[1].id”: the id “1” is used twice"),
        (r#"{"text": "ab", "entities": [{"id": 1, "end_offset": 1, "label": "A"}]}"#.into(), "field “entities[0].start_offset”: it is missing"),
        (r#"{"text": "ab", "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "A"}], "relations": [{"from_id": 1, "to_id": 2, "type": "r"}]}"#.into(), "relation “r1” (layer “bad”), field “relations[0].to_id”: no annotation has the id “2” in this layer"),
        (r#"{"text": "ab", "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "A"}], "relations": [{"from_id": 1, "to_id": 1, "type": "r"}]}"#.into(), "relation “r1” (layer “bad”), field “relations[0].to_id”: a relation cannot link an annotation to itself"),
        (r#"{"text": "ab", "entities": [], "relations": [{"from_id": 1, "type": "r"}]}"#.into(), "record 1, field “relations[0]”: missing field `to_id`"),
        (r#"{"text": "ab", "entities": [], "relations": [{"from_id": [1], "to_id": 1, "type": "r"}]}"#.into(), "field “relations[0].from_id”: expected the id of an entity, found the list [1]"),
        (r#"{"text": 5}"#.into(), "record 1, field “text”: invalid type: integer `5`, expected a string"),
    ];
    for (input, expected) in cases {
        let message = error_of(&input);
        assert!(
            message.contains(expected),
            "expected …{expected}…\n     got {message}"
        );
    }
}

#[test]
fn utf16_errors_name_surrogate_halves_and_the_utf16_length() {
    let line = r#"{"text": "😀 Tirana", "label": [[1, 9, "LOC"]]}"#;
    let message = doccano::import(line, &utf16(options("js.jsonl")))
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "js.jsonl, line 1, record 1, field “label[0].start_offset”: offset 1 (in UTF-16 units) falls between the two halves of a character written as a surrogate pair"
    );
    let line = r#"{"text": "😀 Tirana", "label": [[3, 10, "LOC"]]}"#;
    let message = doccano::import(line, &utf16(options("js.jsonl")))
        .unwrap_err()
        .to_string();
    assert!(
        message.ends_with(
            "the span 3–10 (in UTF-16 units) reaches outside the text, which has 9 UTF-16 units"
        ),
        "{message}"
    );
    assert!(matches!(
        doccano::import(r#"{"text": "abc", "label": [[0, 9, "A"]]}"#, &options("x"))
            .unwrap_err()
            .kind,
        ErrorKind::OutOfRange {
            start: 0,
            end: 9,
            len: 3
        }
    ));
}

#[test]
fn lines_can_be_read_one_at_a_time() {
    let file = fixture("doccano/labels.jsonl");
    let mut report = Default::default();
    let mut documents = Vec::new();
    let mut index = 0;
    for (i, line) in file.lines().enumerate() {
        if let Some(doc) = doccano::import_line(
            line,
            i + 1,
            index + 1,
            &options("labels.jsonl"),
            &mut report,
        )
        .unwrap()
        {
            index += 1;
            documents.push(doc);
        }
    }
    assert_eq!(
        documents,
        doccano::import(&file, &options("labels.jsonl"))
            .unwrap()
            .documents
    );
    assert_eq!(
        doccano::import_line("  ", 4, 4, &options("x"), &mut report).unwrap(),
        None
    );
    let error = doccano::import_line("{", 7, 5, &options("x.jsonl"), &mut report).unwrap_err();
    assert_eq!(error.to_string(), "x.jsonl, line 7: the file is not well-formed: it ends too early (is it truncated?) (column 1)");
}
