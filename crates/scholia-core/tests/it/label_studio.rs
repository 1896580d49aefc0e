//! Label Studio JSON tasks: annotators as layers, relations and their
//! directions, notes, quote checks with re-anchoring, and the export.

use scholia_core::format::{label_studio, ExportOptions, OffsetUnit};
use scholia_core::{ErrorKind, Key, Timestamp};
use serde_json::{json, Value};

use crate::common::{hard_document, HARD_TEXT};
use crate::exchange::{
    fixture, javascript_slice, links, options, pieces_with_notes, python_slice, reanchor, utf16,
};

const EXPORT: &str = "label-studio/project-3-at-2024-05-03.json";

#[test]
fn an_export_with_two_annotators_reads_as_two_layers() {
    let imported = label_studio::import(&fixture(EXPORT), &options("project-3.json")).unwrap();
    assert_eq!(imported.documents.len(), 2);
    let doc = &imported.documents[0];
    // completed_by: a user number, or a user object with an email.
    assert_eq!(doc.layers(), ["1", "bob@example.org"]);
    let quote = |layer: &str, id: &str| {
        doc.quotes(doc.annotation(&Key::new(layer, id)).unwrap())
            .concat()
    };
    assert_eq!(quote("1", "Xk2-aP9qLm"), "Albanian police");
    assert_eq!(quote("1", "d0Ps7-QrWx"), "Tirana 🇦🇱");
    assert_eq!(quote("bob@example.org", "f6"), "“undeniable evidence”");
    // Offsets are code points; CRLF counts two.
    let claim = doc.annotation(&Key::new("bob@example.org", "f6")).unwrap();
    let text = doc.document().text.as_str();
    let line1 = text.split("\r\n").next().unwrap().chars().count();
    assert_eq!(
        claim.fragments[0].start,
        line1 + 2 + "The ministry called it ".chars().count()
    );
    // Notes: the region's meta text, and a text area on the region.
    assert_eq!(
        doc.annotation(&Key::new("1", "bW3nQ_r8Tz")).unwrap().note,
        "violent entry"
    );
    assert_eq!(claim.note, "quoted from the ministry");
    // Times come from the annotation.
    let police = doc.annotation(&Key::new("1", "Xk2-aP9qLm")).unwrap();
    assert_eq!(
        police.created,
        Timestamp::parse_rfc3339("2024-05-02T09:14:03.512Z").unwrap()
    );
    assert_eq!(
        police.modified,
        Timestamp::parse_rfc3339("2024-05-02T09:20:41.100Z").unwrap()
    );

    let relations: Vec<(String, String, String, String)> = doc
        .relations()
        .map(|r| {
            (
                r.key.layer.to_string(),
                r.kind.clone(),
                r.source.clone(),
                r.target.clone(),
            )
        })
        .collect();
    assert_eq!(
        relations,
        [
            // direction "right": from → to; "left": to → from; an unlabelled relation is a "relation".
            (
                "1".into(),
                "participant".into(),
                "Xk2-aP9qLm".into(),
                "bW3nQ_r8Tz".into()
            ),
            (
                "1".into(),
                "relation".into(),
                "bW3nQ_r8Tz".into(),
                "d0Ps7-QrWx".into()
            ),
            (
                "bob@example.org".into(),
                "source-of".into(),
                "f6".into(),
                "e5".into()
            ),
        ]
    );
    let lost = imported.report.not_represented.join("\n");
    // Predictions are not annotations: they are suggestions, with their
    // score, and the report says so.
    assert!(!lost.contains("predictions not imported"), "{lost}");
    let notes = imported.report.notes.join("\n");
    assert!(
        notes.contains("task 1: 1 predictions read as 1 suggestions"),
        "{notes}"
    );
    let predicted: Vec<(String, String, f64)> = imported
        .predictions_of(0)
        .iter()
        .map(|s| {
            let f = s.fragments[0];
            (
                doc.document().text.slice(f.start, f.end).to_string(),
                s.label.clone(),
                s.confidence,
            )
        })
        .collect();
    assert_eq!(
        predicted,
        [("Tirana".to_string(), "Place".to_string(), 0.9)]
    );
    assert!(imported.predictions_of(1).is_empty());
    assert!(imported.predictions_of(0)[0].source == scholia_core::suggest::Source::Imported);
    // Choices on the whole text are the layer's document labels, the set
    // named by the control.
    assert_eq!(
        imported.documents[0].document_label("1", "topic"),
        Some(&["Politics".to_string()][..])
    );
    assert!(
        lost.contains("the two-way relation between “f6” and “e5” was imported one way"),
        "{lost}"
    );
    assert_eq!(imported.documents[1].layers(), ["1"]);
}

/// The fixture's first task as JSON, to damage.
fn first_task() -> Value {
    serde_json::from_str::<Value>(&fixture(EXPORT)).unwrap()[0].clone()
}

#[test]
fn a_quote_that_disagrees_is_refused_or_reanchored_and_reported() {
    let mut task = first_task();
    // The region says "Iranian Embassy" but its offsets were shifted by 4.
    task["annotations"][0]["result"][2]["value"]["start"] = json!(43);
    task["annotations"][0]["result"][2]["value"]["end"] = json!(58);
    let input = task.to_string();
    let error = label_studio::import(&input, &options("shifted.json")).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::QuoteMismatch { .. }));
    assert_eq!(
        error.to_string(),
        "shifted.json, line 1, annotation “c91LmZx0Pe” (layer “1”), field “annotations[0].result[2].value.text”: \
         the quoted text “Iranian Embassy” does not match the document, which reads “ian Embassy in ” there"
    );
    let imported = label_studio::import(&input, &reanchor(options("shifted.json"))).unwrap();
    let doc = &imported.documents[0];
    assert_eq!(
        doc.quotes(doc.annotation(&Key::new("1", "c91LmZx0Pe")).unwrap()),
        ["Iranian Embassy"]
    );
    assert_eq!(
        imported.report.reanchored,
        ["annotation “c91LmZx0Pe” (layer “1”) “Iranian Embassy”: moved from 43–58 to 39–54, where its quoted text is"]
    );

    // A quote found nowhere is refused even when re-anchoring.
    task["annotations"][0]["result"][2]["value"]["text"] = json!("Italian Embassy");
    let error = label_studio::import(&task.to_string(), &reanchor(options("t.json"))).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("value.text”: the quoted text “Italian Embassy” does not match"),
        "{error}"
    );
}

#[test]
fn old_label_studio_utf16_offsets_are_recognised_by_their_quote() {
    // Label Studio of 2021 stored JavaScript string indexes (its issue #1347, this very text).
    let text = "💩This is an annotation.";
    let task = json!({"data": {"text": text}, "annotations": [{"completed_by": 1, "result": [
        {"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 13, "end": 23, "text": "annotation", "labels": ["Thing"]}}]}]});
    let error = label_studio::import(&task.to_string(), &options("old.json")).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("it would match if the offsets counted UTF-16 units (--offsets utf16)"),
        "{error}"
    );
    let doc = &label_studio::import(&task.to_string(), &utf16(options("old.json")))
        .unwrap()
        .documents[0];
    let annotation = doc.annotations().next().unwrap();
    assert_eq!(
        (annotation.fragments[0].start, annotation.fragments[0].end),
        (12, 22)
    );
}

#[test]
fn label_studio_0x_completions_and_a_single_task_are_read() {
    let task = json!({"data": {"text": "Tirana"}, "completions": [{"created_at": 1_609_789_589, "result": [
        {"id": "x", "type": "labels", "value": {"start": 0, "end": 6, "text": "Tirana", "labels": ["City", "Capital"]}}]}]});
    let imported = label_studio::import(&task.to_string(), &options("tasks/alice.json")).unwrap();
    let doc = &imported.documents[0];
    // No completed_by: the file name's stem.
    assert_eq!(doc.layers(), ["alice"]);
    let labels: Vec<(String, String)> = doc
        .annotations()
        .map(|a| (a.key.id.to_string(), a.label.to_string()))
        .collect();
    assert_eq!(
        labels,
        [
            ("x".into(), "City".into()),
            ("x-2".into(), "Capital".into())
        ]
    );
    assert_eq!(
        doc.annotations().next().unwrap().created,
        Timestamp(1_609_789_589_000)
    );
    assert!(
        imported.report.notes[0].contains("region “x” (layer “alice”) has 2 labels"),
        "{:?}",
        imported.report
    );
}

fn error_of(task: Value) -> String {
    label_studio::import(&json!([task]).to_string(), &options("bad.json"))
        .expect_err("the task must be refused")
        .to_string()
}

#[test]
fn every_error_names_the_task_and_field() {
    let region = |value: Value| {
        json!({"data": {"text": "Tirana 👩‍👩‍👧"}, "annotations": [{"completed_by": 1, "result": [
        {"id": "r1", "type": "labels", "value": value}]}]})
    };
    let cases: Vec<(Value, &str)> = vec![
        (json!("text"), "bad.json, task 1: a Label Studio task is a JSON object with \"data\", not the string \"text\""),
        (json!({"annotations": []}), "task 1, field “data”: it is missing"),
        (json!({"data": {"content": "x", "id": 3}}), "task 1, field “data.text”: it is missing: Scholia reads the text from data.text (this task's data has “content”, “id”)"),
        (json!({"data": {"text": 7}}), "task 1, field “data.text”: expected the task's text, found the number 7"),
        (json!({"data": {"text": "x"}, "annotations": [{"result": [{"value": {}}]}]}), "task 1, field “annotations[0].result[0].type”: it is missing"),
        (json!({"data": {"text": "x"}, "annotations": [{"result": [{"type": "labels", "id": "r"}]}]}), "task 1, field “annotations[0].result[0]”: missing field `value`"),
        (json!({"data": {"text": "x"}, "annotations": {"result": []}}), "task 1, field “annotations”: invalid type: map, expected a sequence"),
        (region(json!({"start": 0, "end": 99, "labels": ["City"]})), "task 1, annotation “r1” (layer “1”), field “annotations[0].result[0]”: the span 0–99 reaches outside the text, which has 12 characters"),
        (region(json!({"start": 0, "end": 8, "labels": ["City"]})), "annotation “r1” (layer “1”), field “annotations[0].result[0]”: offset 8 falls inside a character"),
        (region(json!({"start": "/p[1]/text()[1]", "end": 6, "labels": ["City"]})), "field “annotations[0].result[0].value.start”: expected an offset (a whole number, 0 or more), found the string \"/p[1]/text()[1]\" (an XPath: this is a HyperText region"),
        (region(json!({"start": 0, "end": 6, "labels": []})), "field “annotations[0].result[0].value.labels”: the region has no label"),
        (region(json!({"start": 0, "end": 6, "labels": [""]})), "annotation “r1” (layer “1”), field “annotations[0].result[0].value.labels”: the label is empty"),
        (region(json!({"start": 0, "end": 6, "text": ["x"], "labels": ["City"]})), "field “annotations[0].result[0].value.text”: expected the region's text, found the list [\"x\"]"),
        (json!({"data": {"text": "ab"}, "annotations": [{"completed_by": 1, "result": [
            {"id": "a", "type": "labels", "value": {"start": 0, "end": 1, "labels": ["X"]}},
            {"from_id": "a", "to_id": "zz", "type": "relation"}]}]}),
         "task 1, field “annotations[0].result[1].to_id”: no annotation has the id “zz” in this layer"),
        (json!({"data": {"text": "ab"}, "annotations": [{"completed_by": 1, "result": [
            {"id": "a", "type": "labels", "value": {"start": 0, "end": 1, "labels": ["X"]}},
            {"from_id": "a", "to_id": "a", "type": "relation", "labels": ["same"]}]}]}),
         "relation “r1” (layer “1”), field “annotations[0].result[1].target”: a relation cannot link an annotation to itself"),
    ];
    for (task, expected) in cases {
        let message = error_of(task);
        assert!(
            message.contains(expected),
            "expected …{expected}…\n     got {message}"
        );
    }
    let error = label_studio::import(
        "[{\"data\": {\"text\": \"x\"}}, {\"data\": ",
        &options("cut.json"),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("cut.json, line 1: the file is not well-formed: it ends too early"),
        "{error}"
    );
}

#[test]
fn the_export_is_a_task_list_label_studio_imports() {
    let doc = hard_document();
    let exported = label_studio::export(&doc, &ExportOptions::default()).unwrap();
    assert_eq!(exported.files[0].extension, ".json");
    let tasks: Value = serde_json::from_str(&exported.files[0].content).unwrap();
    let task = &tasks.as_array().unwrap()[0];
    assert_eq!(task["data"]["text"], HARD_TEXT);
    let annotation = &task["annotations"][0];
    assert_eq!(annotation["completed_by"], json!({"email": "alice"}));
    assert_eq!(annotation["created_at"], "2025-11-28T17:36:13.042Z");
    let result = annotation["result"].as_array().unwrap();
    let regions: Vec<&Value> = result.iter().filter(|r| r["type"] == "labels").collect();
    assert_eq!(regions.len(), 11);
    for region in &regions {
        assert_eq!(
            (region["from_name"].as_str(), region["to_name"].as_str()),
            (Some("label"), Some("text"))
        );
        let value = &region["value"];
        let (start, end) = (
            value["start"].as_u64().unwrap() as usize,
            value["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            value["text"],
            python_slice(HARD_TEXT, start, end),
            "offsets are code points"
        );
    }
    let claim = regions
        .iter()
        .find(|r| r["value"]["text"] == "said “yes”")
        .unwrap();
    assert_eq!(claim["meta"]["text"], json!(["note on said “yes”"]));
    assert_eq!(claim["value"]["labels"], json!(["claim"]));
    let relations: Vec<&Value> = result.iter().filter(|r| r["type"] == "relation").collect();
    assert_eq!(relations.len(), 3);
    assert_eq!(relations[0]["direction"], "right");
    assert!(exported
        .report
        .not_represented
        .iter()
        .any(|l| l.contains("attribute values not written")));
    assert!(
        exported
            .report
            .notes
            .iter()
            .any(|l| l
                .contains("layer “alice” is written as \"completed_by\": {\"email\":\"alice\"}"))
    );

    // UTF-16 offsets for the Label Studio versions that counted them.
    let options = ExportOptions {
        offsets: OffsetUnit::Utf16,
        ..ExportOptions::default()
    };
    let tasks: Value =
        serde_json::from_str(&label_studio::export(&doc, &options).unwrap().files[0].content)
            .unwrap();
    for region in tasks[0]["annotations"][0]["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "labels")
    {
        let value = &region["value"];
        let (start, end) = (
            value["start"].as_u64().unwrap() as usize,
            value["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(value["text"], javascript_slice(HARD_TEXT, start, end));
    }
}

#[test]
fn every_layer_is_an_annotation_and_reads_back() {
    let imported = label_studio::import(&fixture(EXPORT), &options("project-3.json")).unwrap();
    let doc = &imported.documents[0];
    let exported = label_studio::export(doc, &ExportOptions::default()).unwrap();
    // Numbers stay numbers, emails stay emails: Label Studio matches both to its users.
    let tasks: Value = serde_json::from_str(&exported.files[0].content).unwrap();
    let by: Vec<&Value> = tasks[0]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["completed_by"])
        .collect();
    assert_eq!(by, [&json!(1), &json!({"email": "bob@example.org"})]);
    assert!(exported.report.notes.is_empty(), "{:?}", exported.report);
    let back = &label_studio::import(&exported.files[0].content, &options("again.json"))
        .unwrap()
        .documents[0];
    assert_eq!(pieces_with_notes(back), pieces_with_notes(doc));
    assert_eq!(links(back), links(doc));
    assert_eq!(
        back.annotations()
            .map(|a| (a.created, a.modified))
            .collect::<Vec<_>>(),
        doc.annotations()
            .map(|a| (a.created, a.modified))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_region_id_used_twice_is_kept_apart_and_reported() {
    let task = json!({"data": {"text": "Rama met Tirana"}, "annotations": [{"completed_by": 1, "result": [
        {"id": "x", "type": "labels", "value": {"start": 0, "end": 4, "text": "Rama", "labels": ["PER"]}},
        {"id": "x", "type": "labels", "value": {"start": 9, "end": 15, "text": "Tirana", "labels": ["LOC"]}},
        {"from_id": "x", "to_id": "x", "type": "relation", "labels": ["self"]}]}]});
    let error = label_studio::import(&task.to_string(), &options("twice.json")).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("a relation cannot link an annotation to itself"),
        "{error}"
    );
    let mut task = task;
    task["annotations"][0]["result"]
        .as_array_mut()
        .unwrap()
        .pop();
    let imported = label_studio::import(&task.to_string(), &options("twice.json")).unwrap();
    let doc = &imported.documents[0];
    assert_eq!(
        doc.quotes(doc.annotation(&Key::new("1", "x-2")).unwrap()),
        ["Tirana"]
    );
    assert_eq!(
        imported.report.notes,
        ["region id “x” is used twice in layer “1”; the second region is imported as “x-2”, and relations naming the id attach to the first"]
    );
}

/// A task with predictions only: each result's score wins over the
/// prediction's, no score is 1, labels are declared so that they can be
/// accepted, results of other types are named, and nothing is an annotation.
#[test]
fn predictions_are_read_as_suggestions_with_their_scores() {
    let text = "Rama met Basha in Tirana 😀 and Durrës.";
    let tasks = json!([{
        "data": {"text": text},
        "predictions": [
            {"model_version": "v1", "score": 0.5, "result": [
                {"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
                 "value": {"start": 0, "end": 4, "text": "Rama", "labels": ["PER"]}, "score": 0.75},
                {"id": "b", "type": "labels", "from_name": "label", "to_name": "text",
                 "value": {"start": 18, "end": 24, "text": "Tirana", "labels": ["LOC"]}},
                {"id": "c", "type": "choices", "from_name": "topic", "to_name": "text",
                 "value": {"choices": ["News"]}}
            ]},
            {"model_version": "v2", "result": [
                {"id": "d", "type": "labels", "from_name": "label", "to_name": "text",
                 "value": {"start": 31, "end": 37, "text": "Durrës", "labels": ["LOC", "GPE"]}}
            ]}
        ]
    }]);
    let imported = label_studio::import(&tasks.to_string(), &options("p.json")).unwrap();
    let doc = &imported.documents[0];
    assert_eq!(doc.annotations().len(), 0);
    let got: Vec<(&str, &str, f64)> = imported
        .predictions_of(0)
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
    assert_eq!(
        got,
        [
            ("Rama", "PER", 0.75),
            ("Tirana", "LOC", 0.5),
            ("Durrës", "LOC", 1.0),
            ("Durrës", "GPE", 1.0)
        ]
    );
    // After the emoji, offsets are code points.
    assert_eq!(imported.predictions_of(0)[2].fragments[0].start, 31);
    for label in ["PER", "LOC", "GPE"] {
        assert!(doc.scheme().label(label).is_some(), "{label} declared");
    }
    assert!(
        imported
            .report
            .not_represented
            .iter()
            .any(|l| l.contains("1 predicted results of type “choices” not read")),
        "{:?}",
        imported.report.not_represented
    );
}

#[test]
fn a_bad_prediction_names_the_task_prediction_result_and_field() {
    let task = |result: Value, score: Value| {
        json!([{"data": {"text": "Rama met Basha."}, "predictions": [{"score": score, "result": [result]}]}])
            .to_string()
    };
    let region = json!({"type": "labels", "value": {"start": 0, "end": 4, "text": "Rama", "labels": ["PER"]}});
    let error = label_studio::import(&task(region.clone(), json!(1.5)), &options("p.json"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("p.json") && error.contains("task 1"),
        "{error}"
    );
    assert!(
        error.contains("predictions[0].score") && error.contains("from 0 to 1"),
        "{error}"
    );
    let moved = json!({"type": "labels", "value": {"start": 0, "end": 4, "text": "Basha", "labels": ["PER"]}});
    let error = label_studio::import(&task(moved, json!(null)), &options("p.json"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("predictions[0].result[0].value.text") && error.contains("Basha"),
        "{error}"
    );
}
