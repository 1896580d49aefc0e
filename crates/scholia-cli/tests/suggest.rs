//! `train`, `suggest` and `evaluate`, run as a user would on CoNLL files
//! written here.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::run;

fn scratch(test: &str) -> PathBuf {
    common::scratch_in("cli-suggest", test)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Sentences where a person is the two title-case words before “said” and
/// a place the word after “in”, as CoNLL lines (word, a POS column, tag).
fn conll(people: &[(&str, &str)], places: &[&str]) -> String {
    let mut out = String::new();
    for (i, (first, last)) in people.iter().enumerate() {
        let place = places[i % places.len()];
        for (word, tag) in [
            ("Yesterday", "O"),
            (first, "B-PER"),
            (last, "I-PER"),
            ("said", "O"),
            ("the", "O"),
            ("talks", "O"),
            ("in", "O"),
            (place, "B-LOC"),
            ("went", "O"),
            ("well", "O"),
            (".", "O"),
        ] {
            out.push_str(&format!("{word} X {tag}\n"));
        }
        out.push('\n');
    }
    out
}

const PEOPLE: &[(&str, &str)] = &[
    ("Anna", "Berg"),
    ("Paulo", "Costa"),
    ("Maria", "Lopez"),
    ("Omar", "Haddad"),
    ("Jan", "Novak"),
    ("Lena", "Vogel"),
    ("Ivan", "Petrov"),
    ("Ana", "Ruiz"),
];
const PLACES: &[&str] = &["Tirana", "Lisbon", "Oslo", "Vienna", "Prague"];

fn write(dir: &Path, name: &str, content: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

#[test]
fn train_then_suggest_writes_a_suggestions_layer_and_evaluate_scores_it() {
    let dir = scratch("train-suggest-evaluate");
    let train = write(&dir, "train.conll", conll(PEOPLE, PLACES).as_bytes());
    let model = dir.join("model.json").display().to_string();
    let output = run(&["train", &train, "-o", &model]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(
        said.starts_with("trained on 1 documents: 8 sentences, 88 tokens, 16 spans; 12 epochs"),
        "{said}"
    );
    assert!(said.contains("labels: PER, LOC"), "{said}");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(saved["format"], "scholia-tagger");

    // A new document, untagged (suggestions over a span tagged with their
    // label are never made).
    let new_text = "Yesterday Eva Klein said the talks in Athens went well .";
    let tagged = conll(&[("Eva", "Klein")], &["Athens"]);
    let untagged = tagged
        .replace("B-PER", "O")
        .replace("I-PER", "O")
        .replace("B-LOC", "O");
    let new = write(&dir, "new.conll", tagged.as_bytes());
    let blank = write(&dir, "blank.conll", untagged.as_bytes());
    let out = dir.join("new.scholia.json").display().to_string();
    let output = run(&["suggest", &model, &blank, "-o", &out]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("2 suggestions in the layer “suggestions”"));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["document"]["text"], new_text);
    let annotations = written["annotations"].as_array().unwrap();
    // The file's own annotations stay in their layer; suggestions have theirs.
    let in_layer = |layer: &str| -> Vec<(String, String)> {
        annotations
            .iter()
            .filter(|a| a["layer"] == layer)
            .map(|a| {
                (
                    a["fragments"][0]["quote"].as_str().unwrap().to_string(),
                    a["label"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        in_layer("suggestions"),
        [
            ("Eva Klein".into(), "PER".into()),
            ("Athens".into(), "LOC".into())
        ]
    );
    assert_eq!(in_layer("blank"), []);
    let output = run(&["suggest", &model, &new, "-o", &out]);
    assert!(
        text(&output.stdout).contains(": 0 suggestions"),
        "{}",
        text(&output.stdout)
    );

    // evaluate: the model on the new document, against its CoNLL tags.
    let output = run(&["evaluate", &model, &new, "--json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let scores: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scores["micro"]["f1"], 1.0);
    assert_eq!(scores["labels"]["PER"]["counts"]["reference"], 1);
    let output = run(&["evaluate", &model, &new]);
    let table = text(&output.stdout);
    assert!(table.contains("exact span and label"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.trim_start().starts_with("all (micro)") && l.contains("100.0%")),
        "{table}"
    );
}

#[test]
fn evaluate_cross_validates_over_documents() {
    let dir = scratch("folds");
    let mut corpus = String::new();
    for chunk in PEOPLE.chunks(2) {
        corpus.push_str("-DOCSTART- X O\n\n");
        corpus.push_str(&conll(chunk, PLACES));
    }
    let file = write(&dir, "docs.conll", corpus.as_bytes());
    let output = run(&["evaluate", "--folds", "4", &file, "--json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let scores: Value = serde_json::from_slice(&output.stdout).unwrap();
    // Every reference span is tested once, in its fold.
    assert_eq!(scores["micro"]["counts"]["reference"], 16);
    let output = run(&["evaluate", "--folds", "5", &file]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("at least 5 documents"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn latin1_conll_terms_and_repeats() {
    let dir = scratch("latin1");
    let spanish = conll(&[("José", "Núñez"), ("Ana", "Peña")], &["España"]);
    let latin1: Vec<u8> = spanish.chars().map(|c| c as u32 as u8).collect();
    let file = write(&dir, "es.conll", &latin1);
    let model = dir.join("m.json").display().to_string();
    let output = run(&["train", &file, "-o", &model]);
    assert!(!output.status.success(), "latin-1 is not UTF-8");
    assert!(
        text(&output.stderr).contains("es.conll"),
        "{}",
        text(&output.stderr)
    );
    let output = run(&["train", &file, "-o", &model, "--encoding", "latin1"]);
    assert!(output.status.success(), "{}", text(&output.stderr));

    let terms = write(&dir, "terms.tsv", "talks\tEVENT\tev1\n".as_bytes());
    let out = dir.join("out").display().to_string() + "/";
    let output = run(&[
        "suggest",
        &model,
        &file,
        "--encoding",
        "latin1",
        "--terms",
        &terms,
        "--repeats",
        "-o",
        &out,
        "--min-confidence",
        "0.01",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let written = std::fs::read_dir(dir.join("out")).unwrap().count();
    assert_eq!(written, 1);
    let file = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let notes: Vec<String> = doc["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["layer"] == "suggestions")
        .map(|a| {
            format!(
                "{} {}",
                a["fragments"][0]["quote"].as_str().unwrap(),
                a["note"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        notes,
        ["talks terms 1.000 (ev1)", "talks terms 1.000 (ev1)"]
    );
}

#[test]
fn bad_models_and_term_lists_are_named() {
    let dir = scratch("bad");
    let model = write(
        &dir,
        "m.json",
        b"{\"format\": \"scholia-tagger\", \"version\": 9}",
    );
    let doc = write(&dir, "d.conll", conll(PEOPLE, PLACES).as_bytes());
    let output = run(&["evaluate", &model, &doc]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("m.json"),
        "{}",
        text(&output.stderr)
    );
    let good = dir.join("good.json").display().to_string();
    assert!(run(&["train", &doc, "-o", &good]).status.success());
    let terms = write(&dir, "t.tsv", b"Tirana\tLOC\nAlbania\n");
    let output = run(&[
        "suggest",
        &good,
        &doc,
        "--terms",
        &terms,
        "-o",
        &dir.join("o.json").display().to_string(),
    ]);
    assert!(!output.status.success());
    let said = text(&output.stderr);
    assert!(
        said.contains("t.tsv, line 2") && said.contains("label"),
        "{said}"
    );
}
