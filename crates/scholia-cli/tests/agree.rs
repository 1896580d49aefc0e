//! `scholia-cli agree` and `scholia-cli merge`, run as a user would: files
//! on disk, the binary, its output parsed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scholia_core::format::scholia;
use scholia_core::merge::{rename_layer, DEFAULT_LAYER};
use scholia_core::AnnotatedDocument;
use serde_json::Value;

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scholia-cli"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn reference() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scholia-core/tests/reference")
}

fn fixture_path(name: &str) -> String {
    reference()
        .join("fixtures")
        .join(format!("{name}.scholia.json"))
        .display()
        .to_string()
}

fn fixture(name: &str) -> AnnotatedDocument {
    scholia::import(&std::fs::read_to_string(fixture_path(name)).unwrap()).unwrap()
}

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scholia-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes each layer of `doc` as its own file, in the app's default layer
/// (as an annotator's export that names no one), named `<layer>.json`.
fn split(doc: &AnnotatedDocument, dir: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    for layer in doc.layers() {
        let mut one = doc.clone();
        for other in doc.layers().into_iter().filter(|l| *l != layer) {
            for key in one
                .annotations()
                .filter(|a| a.key.layer == other)
                .map(|a| a.key.clone())
                .collect::<Vec<_>>()
            {
                one.apply(scholia_core::Edit::RemoveAnnotation(key))
                    .unwrap();
            }
        }
        rename_layer(&mut one, layer, DEFAULT_LAYER);
        let path = dir.join(format!("{layer}.json"));
        std::fs::write(&path, scholia::export(&one)).unwrap();
        paths.push(path.display().to_string());
    }
    paths
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn reference_report(name: &str) -> Value {
    let values: Value =
        serde_json::from_str(&std::fs::read_to_string(reference().join("values.json")).unwrap())
            .unwrap();
    values["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap()["values"]
        .clone()
}

#[test]
fn agree_json_over_two_documents_matches_the_reference() {
    let output = cli(&[
        "agree",
        "--json",
        &fixture_path("doc1"),
        &fixture_path("doc2"),
    ]);
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let expected = reference_report("doc1 + doc2");
    let report = &json["report"];
    for (ours, theirs) in [
        (&report["tokens"]["alpha"], &expected["alpha"]),
        (&report["tokens"]["fleiss"], &expected["fleiss"]),
        (&report["unitizing"]["alpha"], &expected["unitizing"]),
        (
            &report["spans"]["exact"]["f1"],
            &expected["spans"]["exact"]["f1"],
        ),
        (
            &report["relations"]["overall"]["f1"],
            &expected["relations"]["overall"]["f1"],
        ),
    ] {
        assert!(
            (ours.as_f64().unwrap() - theirs.as_f64().unwrap()).abs() < 1e-9,
            "{ours} vs {theirs}"
        );
    }
    assert_eq!(
        report["annotators"],
        serde_json::json!(["alice", "bob", "carol"])
    );
    assert_eq!(json["documents"].as_array().unwrap().len(), 2);
}

#[test]
fn agree_groups_single_annotator_files_by_their_text() {
    let dir = scratch("group");
    let mut files = split(&fixture("doc1"), &dir.join("doc1").tap_mkdir());
    files.extend(split(&fixture("doc2"), &dir.join("doc2").tap_mkdir()));
    // Interleave the two documents' files: grouping is by text, not order.
    files.swap(1, 4);
    let mut args = vec!["agree", "--json"];
    args.extend(files.iter().map(String::as_str));
    let json: Value = serde_json::from_str(&stdout(&cli(&args))).unwrap();
    let together = cli(&[
        "agree",
        "--json",
        &fixture_path("doc1"),
        &fixture_path("doc2"),
    ]);
    let together: Value = serde_json::from_str(&stdout(&together)).unwrap();
    // Every file names no annotator: each takes its stem (alice, bob, carol).
    assert_eq!(json["report"], together["report"]);
    let notes = json["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("layer “annotator” renamed “alice”")),
        "{notes:?}"
    );
}

trait Mkdir {
    fn tap_mkdir(self) -> Self;
}

impl Mkdir for PathBuf {
    fn tap_mkdir(self) -> Self {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

#[test]
fn agree_prints_a_readable_table() {
    let out = stdout(&cli(&["agree", &fixture_path("doc1")]));
    for line in [
        "Agreement of 3 annotators (alice, bob, carol) on 1 document",
        "Krippendorff's alpha",
        "Fleiss' kappa",
        "Cohen's kappa alice – bob",
        "exact match",
        "Unitizing: _uα (Krippendorff, Mathet, Bouvry & Widlöcher 2016)",
        "Per label",
        "Relations",
        "Confusion of token labels",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    let expected = reference_report("doc1");
    let alpha = format!("{:.3}", expected["alpha"].as_f64().unwrap());
    assert!(
        out.lines()
            .any(|l| l.contains("Krippendorff's alpha") && l.contains(&alpha)),
        "{out}"
    );
}

#[test]
fn agree_writes_charts_with_names_escaped() {
    let dir = scratch("svg");
    // A label named like markup.
    let mut doc = fixture("doc1");
    let mut scheme = doc.scheme().clone();
    scheme.labels[0].name = "<script>alert(1)</script>".into();
    doc.apply(scholia_core::Edit::SetScheme(scheme)).unwrap();
    let path = dir.join("evil.json");
    std::fs::write(&path, scholia::export(&doc)).unwrap();
    let charts = dir.join("charts");
    stdout(&cli(&[
        "agree",
        "--svg",
        charts.to_str().unwrap(),
        path.to_str().unwrap(),
    ]));
    for file in ["labels.svg", "confusion.svg"] {
        let svg = std::fs::read_to_string(charts.join(file)).unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(!svg.contains("<script"), "{file}");
        assert!(
            svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{file}"
        );
    }
}

#[test]
fn agree_labelled_tokens_and_per_document() {
    let json: Value = serde_json::from_str(&stdout(&cli(&[
        "agree",
        "--json",
        "--labelled-tokens",
        "--per-document",
        &fixture_path("doc1"),
    ])))
    .unwrap();
    let expected = reference_report("doc1, labelled tokens only");
    assert_eq!(json["report"]["tokens"]["scope"], "labelledTokens");
    assert_eq!(json["report"]["tokens"]["tokens"], expected["tokens"]);
    assert_eq!(
        json["documents"][0]["report"]["tokens"]["tokens"],
        expected["tokens"]
    );
}

#[test]
fn agree_compares_only_the_layers_asked_for() {
    let json: Value = serde_json::from_str(&stdout(&cli(&[
        "agree",
        "--json",
        "--layers",
        "alice,bob",
        &fixture_path("doc1"),
    ])))
    .unwrap();
    assert_eq!(
        json["report"]["annotators"],
        serde_json::json!(["alice", "bob"])
    );
    let expected = reference_report("doc1")["cohen"]["alice|bob"]
        .as_f64()
        .unwrap();
    assert!(
        (json["report"]["tokens"]["cohen"][0]["value"]
            .as_f64()
            .unwrap()
            - expected)
            .abs()
            < 1e-9
    );
}

#[test]
fn merge_writes_one_layer_per_annotator() {
    let dir = scratch("merge");
    let files = split(&fixture("doc1"), &dir);
    let out = dir.join("merged.json");
    let mut args = vec!["merge", "-o", out.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let printed = stdout(&cli(&args));
    assert!(
        printed.contains(
            "28 annotations and 11 relations of 3 annotators (alice, bob, carol) from 3 files"
        ),
        "{printed}"
    );
    let merged = scholia::import(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let original = fixture("doc1");
    assert_eq!(merged.layers(), original.layers());
    assert_eq!(
        merged.annotations().collect::<Vec<_>>(),
        original.annotations().collect::<Vec<_>>()
    );
    assert_eq!(merged.relations().count(), original.relations().count());
}

#[test]
fn merge_names_files_by_the_annotators_given() {
    let dir = scratch("names");
    let files = split(&fixture("doc1"), &dir);
    let out = dir.join("merged.json");
    let mut args = vec!["merge", "-o", out.to_str().unwrap()];
    for (file, name) in files.iter().zip(["ann", "ben", "cat"]) {
        args.extend(["--annotator", name, file.as_str()]);
    }
    stdout(&cli(&args));
    let merged = scholia::import(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(merged.layers(), vec!["ann", "ben", "cat"]);
    // Once per file or not at all.
    let output = cli(&[
        "merge",
        "-o",
        out.to_str().unwrap(),
        "--annotator",
        "x",
        &files[0],
        &files[1],
    ]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "scholia-cli: --annotator was given 1 times for 2 files: give it once per file, in the same order, or not at all"
    );
}

#[test]
fn merge_refuses_another_text_naming_both_files_and_writes_nothing() {
    let dir = scratch("refuse");
    let out = dir.join("merged.json");
    let output = cli(&[
        "merge",
        "-o",
        out.to_str().unwrap(),
        &fixture_path("doc1"),
        &fixture_path("doc2"),
    ]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("doc2.scholia.json: its text differs from the text of"),
        "{message}"
    );
    assert!(message.contains("doc1.scholia.json"), "{message}");
    assert!(!out.exists());
}

#[test]
fn inputs_that_cannot_be_read_are_named() {
    let dir = scratch("bad");
    let text = dir.join("notes.txt");
    std::fs::write(&text, "just text").unwrap();
    let output = cli(&["agree", text.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("notes.txt: this is plain text, not annotations"));
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"format\": \"scholia\", \"version\": 1,").unwrap();
    let output = cli(&["agree", broken.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("broken.json") && message.contains("truncated"),
        "{message}"
    );
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    // `scholia-cli agree … | head -1`, with the reader already gone: the
    // program stops at its first write, with the shell's SIGPIPE status (141)
    // and nothing on stderr, rather than a panic.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    for args in [vec!["agree", "--json"], vec!["agree"], vec!["stats"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_scholia-cli"))
            .args(&args)
            .arg(fixture_path("doc1"))
            .stdout(writer.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

fn document_label_reference() -> Value {
    let values: Value = serde_json::from_str(
        &std::fs::read_to_string(reference().join("document-labels.json")).unwrap(),
    )
    .unwrap();
    values["reports"][0].clone()
}

#[test]
fn agree_measures_document_labels_and_entity_links_in_text_and_json() {
    let files: Vec<String> = (1..=5)
        .map(|i| fixture_path(&format!("labels-{i}")))
        .collect();
    let mut args = vec!["agree", "--json"];
    args.extend(files.iter().map(String::as_str));
    let json: Value = serde_json::from_str(&stdout(&cli(&args))).unwrap();
    let expected = document_label_reference();
    let report = &json["report"];
    let sets = report["documentLabels"].as_array().unwrap();
    assert_eq!(sets.len(), 2);
    for set in sets {
        let id = set["set"].as_str().unwrap();
        for field in ["alpha", "fleiss"] {
            let (ours, theirs) = (&set[field], &expected["sets"][id][field]);
            assert!(
                (ours.as_f64().unwrap() - theirs.as_f64().unwrap()).abs() < 1e-9,
                "{id} {field}: {ours} vs {theirs}"
            );
        }
    }
    let linking = report["linking"].as_array().unwrap();
    assert_eq!(linking.len(), 3);
    let alice_bob = linking
        .iter()
        .find(|p| p["a"] == "alice" && p["b"] == "bob")
        .unwrap();
    let f1 = expected["linking"]["alice|bob"]["f1"].as_f64().unwrap();
    assert!((alice_bob["scores"]["f1"].as_f64().unwrap() - f1).abs() < 1e-9);

    let mut args = vec!["agree"];
    args.extend(files.iter().map(String::as_str));
    let out = stdout(&cli(&args));
    let alpha = format!(
        "{:.3}",
        expected["sets"]["topic"]["alpha"].as_f64().unwrap()
    );
    assert!(out.contains("Document labels: Topic"), "{out}");
    let topic = out.split("Document labels: Topic").nth(1).unwrap();
    assert!(
        topic
            .lines()
            .any(|l| l.contains("Krippendorff's alpha") && l.contains(&alpha)),
        "{out}"
    );
    assert!(
        out.contains("Entity links (same span, same entity)"),
        "{out}"
    );
    let f1 = format!("{f1:.3}");
    assert!(
        out.lines()
            .any(|l| l.contains("alice – bob") && l.contains(&f1)),
        "{out}"
    );
    // Documents without them print neither section.
    let plain = stdout(&cli(&["agree", &fixture_path("doc1")]));
    assert!(!plain.contains("Document labels") && !plain.contains("Entity links"));
}
