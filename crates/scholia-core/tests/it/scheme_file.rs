//! Scheme files: every export validates against docs/scholia-scheme-1.schema.json,
//! and files the schema refuses are refused by the importer too.

use scholia_core::format::scheme::{export, import};
use scholia_core::Scheme;
use serde_json::Value;

use crate::common::{assert_valid_against, repo_root};

const SCHEMA: &str = "scholia-scheme-1.schema.json";

#[test]
fn exported_schemes_validate_and_round_trip() {
    let mut big = Scheme::default_scheme();
    // A brat-sized scheme: dozens of labels, hotkeys on a few.
    for i in 0..40 {
        big.add_label(&format!("Entity type {i}"));
    }
    big.labels[5].hotkey = Some("q".into());
    let kind = big.add_relation_type("part of");
    big.relation_types.last_mut().unwrap().source_labels = vec![big.labels[4].id.clone()];
    big.add_attribute("Speculation");
    big.attributes.last_mut().unwrap().applies_to = vec![kind];
    for scheme in [Scheme::default_scheme(), big] {
        let json = export(&scheme);
        assert_valid_against(SCHEMA, &json);
        assert_eq!(import(&json).unwrap(), scheme);
    }
}

#[test]
fn the_documented_example_is_valid() {
    let doc = std::fs::read_to_string(repo_root().join("docs/scheme.md")).unwrap();
    let example = doc
        .split("```json")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/scheme.md has a JSON example");
    assert_valid_against(SCHEMA, example);
    let scheme = import(example).unwrap();
    assert_eq!(scheme.labels[0].name, "Person");
}

#[test]
fn what_the_schema_refuses_the_importer_refuses() {
    let good: Value = serde_json::from_str(&export(&Scheme::default_scheme())).unwrap();
    type Breakage = (&'static str, fn(&mut Value));
    let breakages: [Breakage; 4] = [
        ("a colour", |v| v["labels"][0]["color"] = "blue".into()),
        ("an unknown field", |v| {
            v["labels"][0]["shortcut"] = "x".into()
        }),
        ("no labels", |v| {
            v.as_object_mut().unwrap().remove("labels");
        }),
        ("a wrong marker", |v| v["format"] = "scholia".into()),
    ];
    for (what, breakage) in breakages {
        let mut bad = good.clone();
        breakage(&mut bad);
        let json = bad.to_string();
        let refused = std::panic::catch_unwind(|| assert_valid_against(SCHEMA, &json)).is_err();
        assert!(refused, "the schema accepts {what}");
        assert!(import(&json).is_err(), "the importer accepts {what}");
    }
}
