//! The real `scholia-cli` binary, run on files as a user would.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;
use common::run;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scholia-core/tests/fixtures")
}

fn fixture(path: &str) -> String {
    fixtures().join(path).display().to_string()
}

fn scratch(test: &str) -> PathBuf {
    common::scratch_in("cli", test)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn convert_reads_doccano_and_writes_label_studio() {
    let dir = scratch("doccano-to-ls");
    let out = path(&dir, "tasks.json");
    let output = run(&[
        "convert",
        &fixture("doccano/alice.jsonl"),
        &out,
        "--to",
        "label-studio",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(
        printed.contains("(doccano JSONL): 2 documents, 6 annotations, 3 relations\n"),
        "{printed}"
    );
    assert!(
        printed.contains(&format!("wrote {out} (Label Studio JSON)\n")),
        "{printed}"
    );
    let tasks: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    let text = tasks[0]["data"]["text"].as_str().unwrap();
    let result = tasks[0]["annotations"][0]["result"].as_array().unwrap();
    let quotes: Vec<String> = result
        .iter()
        .filter(|r| r["type"] == "labels")
        .map(|r| {
            chars(
                text,
                r["value"]["start"].as_u64().unwrap() as usize,
                r["value"]["end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(
        quotes,
        ["Google", "September 4, 1998", "Larry Page", "Sergey Brin"]
    );
    assert_eq!(result.iter().filter(|r| r["type"] == "relation").count(), 3);
    assert!(!dir.join("tasks.json.partial").exists());
}

#[test]
fn utf16_offsets_are_read_when_asked_and_refused_precisely_otherwise() {
    let dir = scratch("utf16");
    let out = path(&dir, "emoji.jsonl");
    let input = fixture("doccano/emoji-utf16.jsonl");
    let output = run(&["convert", &input, &out, "--to", "spacy"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!("scholia-cli: {input}, line 1, record 1, field “label[1]”: the span 22–32 reaches outside the text, which has 29 characters; it would fit if the file counts UTF-16 units, as JavaScript tools do (choose UTF-16 offsets: --offsets utf16)\n")
    );
    assert!(
        !Path::new(&out).exists() && !dir.join("emoji.jsonl.partial").exists(),
        "no output is left behind"
    );

    let output = run(&[
        "convert",
        &input,
        &out,
        "--to",
        "spacy",
        "--offsets",
        "utf16",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let line: Value =
        serde_json::from_str(std::fs::read_to_string(&out).unwrap().trim_end()).unwrap();
    let text = line["text"].as_str().unwrap();
    let quotes: Vec<String> = line["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            chars(
                text,
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(
        quotes,
        ["firemen", "firetrucks"],
        "spaCy offsets are Python's"
    );
    assert_eq!(line["spans"][0]["start"], 5);

    // And back to doccano's web annotator, in UTF-16 units.
    let back = path(&dir, "for-doccano.jsonl");
    let output = run(&[
        "convert",
        &out,
        &back,
        "--to",
        "doccano",
        "--out-offsets",
        "utf16",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let line: Value =
        serde_json::from_str(std::fs::read_to_string(&back).unwrap().trim_end()).unwrap();
    assert_eq!(
        line["label"],
        serde_json::json!([[8, 15, "PER"], [22, 32, "VEHICLE"]])
    );
}

#[test]
fn doccano_through_the_native_format_and_back_is_unchanged() {
    let dir = scratch("doccano-native-doccano");
    let input = fixture("doccano/labels.jsonl");
    let native = format!("{}/", dir.join("native").display());
    let output = run(&["convert", &input, &native, "--to", "scholia"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("native"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "eu-rejects-german-call-to-boycott-british-lamb.scholia.json",
            "peter-blackburn.scholia.json",
            "president-obama.scholia.json"
        ]
    );
    let original: Vec<Value> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut converted = Vec::new();
    for file in &files {
        let out = path(&dir, "back.jsonl");
        let output = run(&[
            "convert",
            &file.display().to_string(),
            &out,
            "--to",
            "doccano",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        converted.push(
            serde_json::from_str::<Value>(std::fs::read_to_string(&out).unwrap().trim_end())
                .unwrap(),
        );
    }
    let by_text = |lines: &[Value]| {
        let mut lines = lines.to_vec();
        lines.sort_by_key(|l| l["text"].as_str().unwrap().to_string());
        lines
    };
    assert_eq!(by_text(&converted), by_text(&original));
}

#[test]
fn several_documents_need_a_folder_for_one_document_formats() {
    let dir = scratch("one-per-file");
    let out = path(&dir, "all.json");
    let output = run(&[
        "convert",
        &fixture("doccano/labels.jsonl"),
        &out,
        "--to",
        "scholia",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!(
            "scholia-cli: {}, document 2 (Peter Blackburn): the input holds several documents, and Scholia JSON holds one per file: give a folder as the output ({out}/)\n",
            fixture("doccano/labels.jsonl")
        )
    );
    assert!(!Path::new(&out).exists());
}

#[test]
fn the_documents_of_one_json_lines_file_share_its_labels() {
    // A doccano project, read a line at a time: each record names only the
    // labels it uses; each document written has them all, coloured alike.
    let dir = scratch("shared-scheme");
    let input = fixture("doccano/labels-per-record.jsonl");
    let out = path(&dir, "out/");
    let output = run(&["convert", &input, &out, "--to", "scholia"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut schemes = Vec::new();
    for entry in std::fs::read_dir(dir.join("out")).unwrap() {
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let labels: Vec<(String, String)> = (json["scheme"]["labels"].as_array().unwrap().iter())
            .map(|l| {
                (
                    l["id"].as_str().unwrap().to_owned(),
                    l["color"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        schemes.push(labels);
    }
    assert_eq!(schemes.len(), 3);
    for labels in &schemes {
        assert_eq!(labels, &schemes[0]);
    }
    let ids: Vec<&str> = schemes[0].iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["LOC", "ORG"]);
    assert_ne!(schemes[0][0].1, schemes[0][1].1);
}

#[test]
fn a_failure_midway_leaves_no_output() {
    let dir = scratch("midway");
    let input = path(&dir, "in.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"a\", \"label\": []}\n{\"text\": \"b\", \"label\": [[0, 5, \"X\"]]}\n",
    )
    .unwrap();
    let out = path(&dir, "out.jsonl");
    std::fs::write(&out, "precious\n").unwrap();
    let output = run(&["convert", &input, &out, "--to", "spacy"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "in.jsonl, line 2, record 2, field “label[0]”: the span 0–5 reaches outside the text"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "precious\n",
        "the old output is left as it was"
    );
    assert!(!dir.join("out.jsonl.partial").exists());
}

#[test]
fn validate_prints_one_line_per_problem_and_fails() {
    let dir = scratch("validate");
    let bad = path(&dir, "bad.jsonl");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"{\"text\": \"ok\", \"label\": [[0, 2, \"X\"]]}\n");
    bytes.extend_from_slice(b"{\"text\": \"caf\xe9\"}\n");
    bytes.extend_from_slice(b"{\"text\": \"ab\", \"label\": [[1, 0, \"X\"]]}\n");
    bytes.extend_from_slice(b"\n{\"text\": \"ab\" \"label\": []}\n");
    bytes.extend_from_slice(b"{\"text\": \"fine\"}\n");
    std::fs::write(&bad, &bytes).unwrap();
    let good = fixture("doccano/alice.jsonl");
    let output = run(&["validate", &good, &bad]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!(
            "{good}: ok (doccano JSONL): 2 documents, 6 annotations, 3 relations\n\
             {good}: not represented: doccano: comments on the example are not kept (Scholia's notes belong to annotations): `Comments` (first in record 1)\n\
             {good}: not represented: doccano: doccano's example id is not kept: `id` (first in record 1)\n\
             {bad}, line 2: the file is not well-formed: byte 52 (0xe9, at column 14) is not valid UTF-8: save the file as UTF-8\n\
             {bad}, line 3, annotation “1” (layer “bad”), field “label[0]”: the fragment 1–0 is empty or reversed\n\
             {bad}, line 5: the file is not well-formed: expected `,` or `}}` (column 15)\n"
        )
    );
    let output = run(&[
        "validate",
        &good,
        &fixture("label-studio/project-3-at-2024-05-03.json"),
    ]);
    assert!(output.status.success());
    let printed = stdout(&output);
    assert!(printed.contains("project-3-at-2024-05-03.json: ok (Label Studio JSON): 2 documents, 7 annotations, 3 relations\n"), "{printed}");
    assert!(
        printed.contains(
            "project-3-at-2024-05-03.json: not represented: 1 predicted spans are suggestions, not annotations: the command line does not write them"
        ),
        "{printed}"
    );
}

#[test]
fn validate_names_files_that_are_not_annotations() {
    let dir = scratch("not-annotations");
    let text = path(&dir, "article.txt");
    std::fs::write(&text, "Rama met Tirana.").unwrap();
    let utf16 = path(&dir, "tasks.json");
    std::fs::write(&utf16, [0xff, 0xfe, b'[', 0, b']', 0]).unwrap();
    let missing = path(&dir, "missing.json");
    let output = run(&["validate", &text, &utf16, &missing]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!(
            "{text}: this is plain text, not annotations: open it as a new document (a brat document is read from its .ann file, with the .txt beside it)\n\
             {utf16}, line 1: the file is not well-formed: the file is UTF-16 encoded; save it as UTF-8\n\
             {missing}: cannot read it: No such file or directory (os error 2)\n"
        )
    );
}

#[test]
fn stats_count_by_label_relation_type_and_layer() {
    let labels = fixture("doccano/labels.jsonl");
    let output = run(&["stats", &labels]);
    assert!(output.status.success());
    assert_eq!(
        stdout(&output),
        format!(
            "{labels} (doccano)\n  3 documents, 5 annotations, 0 relations\n  by label\n    MISC    2\n    ORG     1\n    PERSON  2\n  by layer\n    bob     4 annotations, 0 relations\n    carol   1 annotation, 0 relations\n"
        )
    );
    let output = run(&["stats", "--json", &labels, &fixture("spacy/news_ner.jsonl")]);
    assert!(output.status.success());
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["files"][1]["format"], "spacy");
    assert_eq!(
        json["files"][1]["layers"]["news_ner-alice"]["annotations"],
        5
    );
    assert_eq!(json["total"]["documents"], 6);
    assert_eq!(json["total"]["labels"]["PERSON"], 2);
}

#[test]
fn a_large_json_lines_file_is_read_a_line_at_a_time() {
    let dir = scratch("large");
    let input = path(&dir, "big.jsonl");
    let line = serde_json::json!({
        "text": format!("{}Rama met 👩‍👩‍👧 in Tirana.", "Lorem ipsum dolor sit amet. ".repeat(20)),
        "label": [[560, 564, "PER"], [575, 581, "LOC"]],
    })
    .to_string();
    let mut content = String::new();
    let n_lines = 20_000;
    for i in 0..n_lines {
        if i == 7_777 {
            content.push_str("{\"text\": \"broken\"\n");
        } else {
            content.push_str(&line);
            content.push('\n');
        }
    }
    std::fs::write(&input, &content).unwrap();
    // Every record after the broken one is still read and counted.
    let output = run(&["validate", &input]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!(
            "{input}, line 7778: the file is not well-formed: it ends too early (is it truncated?) (column 17)\n\
             {input}: note: offsets were read as code points (as Python tools write them) in texts with emoji or other characters beyond U+FFFF; \
             if a JavaScript tool (doccano's web annotator) wrote this file, its offsets count UTF-16 units: import it again with UTF-16 offsets\n"
        )
    );
    let output = run(&["stats", "--json", &input]);
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["total"]["documents"], n_lines - 1);
    assert_eq!(json["total"]["labels"]["LOC"], n_lines - 1);
}

#[test]
fn options_are_checked_and_formats_named() {
    let output = run(&["convert", "a", "b", "--to", "docx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("“docx” is not a format; the formats are scholia, w3c, brat, doccano, label-studio, spacy, conll"), "{}", stderr(&output));
    let output = run(&["convert", "a", "b", "--to", "spacy", "--offsets", "bytes"]);
    assert!(
        stderr(&output).contains("[possible values: codepoints, utf16]"),
        "{}",
        stderr(&output)
    );
    let help = stdout(&run(&["convert", "--help"]));
    for flag in [
        "--to <FORMAT>",
        "--offsets",
        "--out-offsets",
        "--annotator <NAME>",
        "--reanchor",
        "--layer <NAME>",
    ] {
        assert!(help.contains(flag), "{flag} in\n{help}");
    }
}

#[test]
fn single_layer_outputs_need_the_layer_chosen() {
    let dir = scratch("layers");
    let input = fixture("label-studio/project-3-at-2024-05-03.json");
    let out = path(&dir, "out.conll");
    let output = run(&["convert", &input, &out, "--to", "conll"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("field “layer”: CoNLL holds one annotator's work, and this document has 2 layers: “1”, “bob@example.org”; choose one (on the command line, --layer NAME)"), "{}", stderr(&output));
    let output = run(&["convert", &input, &out, "--to", "conll", "--layer", "1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let conll = std::fs::read_to_string(&out).unwrap();
    assert!(
        conll.starts_with("Albanian\tB-Actor\npolice\tI-Actor\nforced\tB-Event\n"),
        "{conll}"
    );
    let printed = stdout(&output);
    assert!(printed.contains("not represented: document 1 (Albanian police forced the door of the Iranian Embassy in…): CoNLL has no place for relations: 2 not written"), "{printed}");
}

#[test]
fn reanchor_and_annotator_apply_to_the_input() {
    let dir = scratch("reanchor");
    let mut tasks: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("label-studio/project-3-at-2024-05-03.json")).unwrap(),
    )
    .unwrap();
    tasks[0]["annotations"][0]["result"][2]["value"]["start"] = 43.into();
    tasks[0]["annotations"][0]["result"][2]["value"]["end"] = 58.into();
    let input = path(&dir, "shifted.json");
    std::fs::write(&input, tasks.to_string()).unwrap();
    let out = path(&dir, "out.jsonl");
    let output = run(&["convert", &input, &out, "--to", "doccano", "--layer", "1"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("the quoted text “Iranian Embassy” does not match the document"),
        "{}",
        stderr(&output)
    );
    let output = run(&[
        "convert",
        &input,
        &out,
        "--to",
        "doccano",
        "--annotator",
        "eve",
        "--reanchor",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("re-anchored: annotation “c91LmZx0Pe” (layer “eve”) “Iranian Embassy”: moved from 43–58 to 39–54, where its quoted text is"), "{}", stdout(&output));
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["user"], "eve");
}

/// brat in (its .ann, the .txt beside it, annotation.conf above), W3C and
/// brat out, and back to the native format unchanged.
#[test]
fn brat_and_w3c_convert_both_ways() {
    let dir = scratch("brat-w3c");
    let corpus = dir.join("alice");
    std::fs::create_dir_all(&corpus).unwrap();
    let text = "Rama met 👩\u{200d}👩\u{200d}👧 in Tirana.\r\nNATO agreed.\n";
    std::fs::write(corpus.join("doc.txt"), text).unwrap();
    std::fs::write(
        corpus.join("doc.ann"),
        "T1\tPerson 0 4\tRama\nT2\tPlace 18 24\tTirana\nR1\tLocatedIn Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tthe prime minister\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("annotation.conf"),
        "[entities]\nPerson\nPlace\n[relations]\nLocatedIn Arg1:Person, Arg2:Place\n[events]\n[attributes]\n",
    )
    .unwrap();
    let native = path(&dir, "doc.scholia.json");
    let output = run(&[
        "convert",
        &path(&corpus, "doc.ann"),
        &native,
        "--to",
        "scholia",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&native).unwrap()).unwrap();
    assert_eq!(file["document"]["text"], text);
    let tirana = &file["annotations"][1];
    assert_eq!(
        (tirana["layer"].as_str(), tirana["label"].as_str()),
        (Some("alice"), Some("Place"))
    );
    assert_eq!(tirana["fragments"][0]["quote"], chars(text, 18, 24));
    assert_eq!(file["relations"][0]["type"], "LocatedIn");
    assert_eq!(file["annotations"][0]["note"], "the prime minister");

    // To W3C and brat, then each back to the native format: the same document.
    let w3c = path(&dir, "doc.jsonld");
    assert!(run(&["convert", &native, &w3c, "--to", "w3c"])
        .status
        .success());
    let brat = path(&dir, "again");
    let output = run(&["convert", &native, &brat, "--to", "brat"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (input, name) in [
        (w3c, "from-w3c.json"),
        (format!("{brat}.ann"), "from-brat.json"),
    ] {
        let out = path(&dir, name);
        let output = run(&[
            "convert",
            &input,
            &out,
            "--to",
            "scholia",
            "--annotator",
            "alice",
        ]);
        assert!(output.status.success(), "{input}: {}", stderr(&output));
        let back: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(
            back["document"]["text"], file["document"]["text"],
            "{input}"
        );
        // brat keeps no times: the import stamps them with the time it ran.
        let timeless = |annotations: &Value| {
            let mut annotations = annotations.clone();
            for a in annotations.as_array_mut().unwrap() {
                let a = a.as_object_mut().unwrap();
                a.remove("created");
                a.remove("modified");
            }
            annotations
        };
        assert_eq!(
            timeless(&back["annotations"]),
            timeless(&file["annotations"]),
            "{input}"
        );
        assert_eq!(back["relations"].as_array().unwrap().len(), 1, "{input}");
    }
}

#[test]
fn text_is_given_for_w3c_annotations_that_do_not_carry_it() {
    let annotations = fixture("w3c/other-tools.json");
    let text = fixture("w3c/article.txt");
    let refused = run(&["validate", &annotations]);
    assert!(!refused.status.success());
    assert!(
        stdout(&refused).contains("does not carry the document's text")
            && stdout(&refused).contains("--text FILE"),
        "{}",
        stdout(&refused)
    );
    for command in ["validate", "stats"] {
        let output = run(&[command, &annotations, "--text", &text]);
        assert!(output.status.success(), "{command}: {}", stderr(&output));
        assert!(
            stdout(&output).contains("1 document, 4 annotations, 1 relation"),
            "{command}: {}",
            stdout(&output)
        );
    }
    let dir = scratch("w3c-with-text");
    let out = path(&dir, "article.json");
    let output = run(&[
        "convert",
        &annotations,
        &out,
        "--to",
        "scholia",
        "--text",
        &text,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let native: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        native["document"]["text"].as_str(),
        Some(std::fs::read_to_string(&text).unwrap().as_str())
    );

    // Positions counted in a page that held more than the text (as
    // Recogito's are): checked against the quote, refused, or moved to it.
    let page = path(&dir, "page.json");
    std::fs::write(
        &page,
        r##"[{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "#a1", "type": "Annotation",
            "body": [{"type": "TextualBody", "value": "Place", "purpose": "tagging"}],
            "target": {"source": "https://example.org/page.html", "selector": [
              {"type": "TextQuoteSelector", "exact": "Tirana"},
              {"type": "TextPositionSelector", "start": 40, "end": 46}]}}]"##,
    )
    .unwrap();
    let small = path(&dir, "small.txt");
    std::fs::write(&small, "Rama met Tirana's mayor.").unwrap();
    let refused = run(&["validate", &page, "--text", &small]);
    assert!(!refused.status.success());
    assert!(
        stdout(&refused).contains("field “target.selector[1]”"),
        "{}",
        stdout(&refused)
    );
    let out = path(&dir, "page-out.json");
    let moved = run(&[
        "convert",
        &page,
        &out,
        "--to",
        "scholia",
        "--text",
        &small,
        "--reanchor",
    ]);
    assert!(moved.status.success(), "{}", stderr(&moved));
    assert!(
        stdout(&moved).contains(
            "re-anchored: annotation “#a1” (layer “page”), target: “Tirana” moved from 40–46 to 9–15"
        ),
        "{}",
        stdout(&moved)
    );

    // Formats that carry their text take none.
    let output = run(&["validate", &fixture("doccano/alice.jsonl"), "--text", &text]);
    assert!(!output.status.success());
    assert!(
        stdout(&output).contains("doccano JSONL, which carries its own"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn what_a_prodigy_file_cannot_keep_is_named_on_the_command_line() {
    let output = run(&["validate", &fixture("spacy/every_feature.jsonl")]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}");
    assert!(
        out.contains("8 documents, 9 annotations, 4 relations"),
        "{out}"
    );
    // (`cats` is kept now: document labels)
    for field in [
        "`options`",
        "`tokens`",
        "`relations[].color`",
        "`_task_hash`",
    ] {
        assert!(
            out.lines()
                .any(|l| l.contains("not represented: spaCy / Prodigy") && l.contains(field)),
            "{field}: {out}"
        );
    }
    assert!(
        !out.lines()
            .any(|l| l.contains("not represented") && l.contains("`cats`")),
        "{out}"
    );
}
