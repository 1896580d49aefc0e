//! The native format: round trips, the JSON Schema, and every import error.

use scholia_core::format::scholia::{export, import};
use scholia_core::{ErrorKind, Key};
use serde_json::{json, Value};

use crate::common::{annotate, assert_valid_against, hard_document, seed_text, HARD_TEXT};

const SCHEMA: &str = "scholia-1.schema.json";

#[test]
fn the_hard_document_round_trips_exactly_and_validates() {
    let doc = hard_document();
    let json = export(&doc);
    assert_valid_against(SCHEMA, &json);
    let back = import(&json).unwrap();
    assert_eq!(back, doc);
    assert_eq!(export(&back), json, "export is deterministic");
}

#[test]
fn offsets_count_code_points_and_quotes_match() {
    let doc = hard_document();
    let file: Value = serde_json::from_str(&export(&doc)).unwrap();
    let text: Vec<char> = HARD_TEXT.chars().collect();
    assert_eq!(file["document"]["length"], text.len());
    let annotations = file["annotations"].as_array().unwrap();
    assert_eq!(annotations.len(), 10);
    for annotation in annotations {
        for fragment in annotation["fragments"].as_array().unwrap() {
            let (start, end) = (
                fragment["start"].as_u64().unwrap() as usize,
                fragment["end"].as_u64().unwrap() as usize,
            );
            let expected: String = text[start..end].iter().collect();
            assert_eq!(fragment["quote"], expected.as_str());
        }
    }
    // The family emoji starts after "\u{feff}Résumé: the " (13 code points).
    let family = annotations
        .iter()
        .find(|a| a["fragments"][0]["quote"] == "👩‍👩‍👧 family")
        .unwrap();
    assert_eq!(family["fragments"][0]["start"], 13);
    assert_eq!(family["fragments"][0]["end"], 25);
    // CRLF counts as two characters: "Cafe" starts after line 1 and its CRLF.
    let cafe = annotations
        .iter()
        .find(|a| a["fragments"][0]["quote"] == "Cafe\u{301} owner")
        .unwrap();
    let line1 = HARD_TEXT.split("\r\n").next().unwrap().chars().count();
    assert_eq!(cafe["fragments"][0]["start"], line1 + 2);
}

#[test]
fn the_seed_article_round_trips() {
    let seed = seed_text();
    let doc = annotate(
        &seed,
        &[
            ("Albanian special forces police", "actor"),
            ("Iranian Embassy", "actor"),
            ("forced the door", "event"),
            ("“undeniable evidence”", "claim"),
        ],
    );
    let json = export(&doc);
    assert_valid_against(SCHEMA, &json);
    assert_eq!(import(&json).unwrap(), doc);
    assert_eq!(
        doc.document().title,
        "Albanian special forces police forced the door of the…"
    );
}

/// The annotation with this id in a file's JSON.
fn ann<'a>(file: &'a mut Value, id: &str) -> &'a mut Value {
    let annotations = file["annotations"].as_array_mut().unwrap();
    annotations.iter_mut().find(|a| a["id"] == id).unwrap()
}

/// Exports the hard document, lets `mutate` damage the JSON, and returns the
/// import error's message.
fn error_after(mutate: impl FnOnce(&mut Value)) -> (ErrorKind, String) {
    let mut file: Value = serde_json::from_str(&export(&hard_document())).unwrap();
    mutate(&mut file);
    let error = import(&file.to_string()).expect_err("the damaged file must be refused");
    (error.kind.clone(), error.to_string())
}

#[test]
fn every_import_error_names_the_record_and_field() {
    type Mutation = Box<dyn FnOnce(&mut Value)>;
    let cases: Vec<(Mutation, &str)> = vec![
        (Box::new(|f| f["format"] = json!("doccano")), "field “format”: this is a “doccano” file, not a Scholia file"),
        (Box::new(|f| { f.as_object_mut().unwrap().remove("format"); }), "no \"format\": \"scholia\" marker"),
        (Box::new(|f| f["version"] = json!(2)), "field “version”: it is written in version 2 of the format"),
        (Box::new(|f| { f.as_object_mut().unwrap().remove("version"); }), "field “version”: it is missing"),
        (Box::new(|f| f["document"]["length"] = json!(3)), "document, field “length”: the text has"),
        (Box::new(|f| f["document"]["sha256"] = json!("0".repeat(64))), "document, field “sha256”: the text's SHA-256 differs"),
        (Box::new(|f| f["document"]["text"] = json!(HARD_TEXT.replace("\r\n", "\n"))), "the text was changed after export"),
        (Box::new(|f| f["scheme"]["labels"][0]["color"] = json!("blue")), "scheme, field “labels[0].color”: the colour “blue” is not written #rrggbb"),
        (Box::new(|f| f["scheme"]["labels"][1]["id"] = json!("actor")), "scheme, field “labels[1].id”: the id “actor” is used twice"),
        (Box::new(|f| f["scheme"]["relationTypes"][0]["sourceLabels"] = json!(["place"])), "field “relationTypes[0].sourceLabels”: the label “place” is not declared"),
        (Box::new(|f| ann(f, "a2")["label"] = json!("place")), "annotation “a2” (layer “alice”), field “label”: the label “place” is not declared"),
        (Box::new(|f| ann(f, "a2")["fragments"][0]["end"] = json!(10_000)), "annotation “a2” (layer “alice”), field “fragments[0]”: the span 13–10000 reaches outside the text"),
        (Box::new(|f| ann(f, "a2")["fragments"][0]["start"] = json!(40)), "field “fragments[0]”: the fragment 40–25 is empty or reversed"),
        (Box::new(|f| ann(f, "a2")["fragments"][0]["end"] = json!(14)), "field “fragments[0].end”: offset 14 falls inside a character"),
        (Box::new(|f| ann(f, "a2")["fragments"][0]["quote"] = json!("👩 family")), "annotation “a2” (layer “alice”), field “fragments[0].quote”: the quoted text “👩 family” does not match the document, which reads “👩‍👩‍👧 family” there"),
        (Box::new(|f| {
            let fragments = ann(f, "a10")["fragments"].as_array_mut().unwrap();
            fragments.reverse();
        }), "annotation “a10” (layer “alice”), field “fragments[1]”: the fragment 1–7 starts before the previous one ends"),
        (Box::new(|f| ann(f, "a3")["id"] = json!("a2")), "annotation “a2” (layer “alice”), field “id”: the id “a2” is used twice"),
        (Box::new(|f| { ann(f, "a2").as_object_mut().unwrap().remove("label"); }), "annotation “a2” (layer “alice”): missing field `label`"),
        (Box::new(|f| ann(f, "a2")["fragments"][0]["start"] = json!("15")), "annotation “a2” (layer “alice”), field “fragments[0].start”: invalid type: string \"15\""),
        (Box::new(|f| ann(f, "a2")["lable"] = json!("actor")), "annotation “a2” (layer “alice”), field “lable”: unknown field `lable`"),
        (Box::new(|f| ann(f, "a2")["created"] = json!("yesterday")), "annotation “a2” (layer “alice”), field “created”: “yesterday” is not an RFC 3339 date"),
        (Box::new(|f| ann(f, "a6")["attributes"]["status"] = json!("maybe")), "field “attributes.status”: the value “maybe” does not fit; expected one of: verified, disputed, false"),
        (Box::new(|f| ann(f, "a6")["attributes"]["mood"] = json!("x")), "field “attributes.mood”: the attribute “mood” is not declared"),
        (Box::new(|f| f["relations"][0]["target"] = json!("a99")), "relation “r1” (layer “alice”), field “target”: no annotation has the id “a99” in this layer"),
        (Box::new(|f| f["relations"][0]["layer"] = json!("bob")), "relation “r1” (layer “bob”), field “source”: no annotation has the id “a6” in this layer"),
        (Box::new(|f| f["relations"][0]["type"] = json!("likes")), "relation “r1” (layer “alice”), field “type”: the relation type “likes” is not declared"),
        (Box::new(|f| f["relations"][0]["type"] = json!("participant")), "relation “r1” (layer “alice”), field “source”: the source of a “participant” relation must be Actor, not “Claim”"),
        (Box::new(|f| f["relations"][1]["id"] = json!("r1")), "relation “r1” (layer “alice”), field “id”: the id “r1” is used twice"),
    ];
    for (mutate, expected) in cases {
        let (_, message) = error_after(mutate);
        assert!(
            message.contains(expected),
            "expected …{expected}…\n     got {message}"
        );
    }
}

#[test]
fn syntax_errors_give_the_line_and_truncation_is_named() {
    let json = export(&hard_document());
    let truncated = &json[..json.len() / 2];
    let error = import(truncated).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::Syntax(_)));
    assert!(
        error
            .to_string()
            .contains("it ends too early (is it truncated?)"),
        "{error}"
    );
    assert!(error.line.is_some());

    let broken = json.replacen("\"label\": \"actor\"", "\"label\": actor", 1);
    let error = import(&broken).unwrap_err();
    let line = broken
        .lines()
        .position(|l| l.contains("\"label\": actor"))
        .unwrap()
        + 1;
    assert_eq!(error.line, Some(line), "{error}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("line {line}: the file is not well-formed")),
        "{error}"
    );

    for not_json in [
        "",
        "plain text",
        "[1, 2]",
        "{\"format\": \"scholia\", \"version\": 1}",
    ] {
        assert!(import(not_json).is_err(), "{not_json}");
    }
}

#[test]
fn an_import_never_panics_on_damaged_files() {
    // Cut the file at every 97th byte and flip characters: errors, never panics.
    let json = export(&hard_document());
    let bytes = json.as_bytes();
    for cut in (0..bytes.len()).step_by(97) {
        if let Ok(part) = std::str::from_utf8(&bytes[..cut]) {
            assert!(import(part).is_err());
        }
    }
    for (i, c) in json.char_indices().step_by(53) {
        let mut damaged = json.clone();
        let replacement = if c.is_ascii_digit() { "7" } else { "x" };
        damaged.replace_range(i..i + c.len_utf8(), replacement);
        let _ = import(&damaged);
    }
    assert!(import(&json).is_ok());
    let doc = import(&json).unwrap();
    assert!(doc.annotation(&Key::new("alice", "a10")).is_some());
}

#[test]
fn a_file_parsed_directly_equals_one_parsed_through_a_value() {
    use scholia_core::format::scholia::{parse, parse_value};
    let json = export(&hard_document());
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parse(&json).unwrap(), parse_value(&value).unwrap());
    // What the direct read refuses goes the slow way, with the same outcome:
    // another format's marker, and a key given twice (the last one counts).
    let mut other = value.clone();
    other["format"] = json!("brat");
    let other = serde_json::to_string(&other).unwrap();
    assert_eq!(
        parse(&other).unwrap_err().to_string(),
        parse_value(&serde_json::from_str(&other).unwrap())
            .unwrap_err()
            .to_string()
    );
    let twice = json.replacen("\"version\": 1", "\"version\": 2, \"version\": 1", 1);
    assert_ne!(twice, json);
    assert_eq!(parse(&twice).unwrap(), parse(&json).unwrap());
}
