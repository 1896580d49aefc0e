//! Format detection from name and content, and the one entry point that
//! reads and writes every format.

use scholia_core::format::detect::{self, detect, import_any, Format};
use scholia_core::format::{scholia, ExportOptions};
use serde_json::json;

use crate::common::hard_document;
use crate::exchange::{fixture, options, pieces, reanchor};

#[test]
fn each_format_is_recognised_from_its_content() {
    let cases = [
        ("doccano/alice.jsonl", Format::Doccano),
        ("doccano/labels.jsonl", Format::Doccano),
        ("doccano/legacy-1.0.jsonl", Format::Doccano),
        ("doccano/emoji-utf16.jsonl", Format::Doccano),
        (
            "label-studio/project-3-at-2024-05-03.json",
            Format::LabelStudio,
        ),
        ("spacy/news_ner.jsonl", Format::Spacy),
    ];
    for (path, format) in cases {
        // The name does not matter for JSON-like files.
        assert_eq!(detect("upload.txt", &fixture(path)), Ok(format), "{path}");
    }
    assert_eq!(
        detect("a.json", &scholia::export(&hard_document())),
        Ok(Format::Scholia)
    );
    let w3c = json!({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "target": "urn:x"});
    assert_eq!(detect("a.jsonld", &w3c.to_string()), Ok(Format::W3c));
    let collection =
        json!({"@context": ["http://www.w3.org/ns/anno.jsonld"], "type": "AnnotationCollection"});
    assert_eq!(
        detect(
            "c.json",
            &serde_json::to_string_pretty(&collection).unwrap()
        ),
        Ok(Format::W3c)
    );
    assert_eq!(
        detect("task.json", &json!({"data": {"text": "x"}}).to_string()),
        Ok(Format::LabelStudio)
    );
    assert_eq!(detect("empty-project.json", "[]"), Ok(Format::LabelStudio));
    assert_eq!(
        detect(
            "doccano.json",
            &json!([{"text": "x", "label": []}]).to_string()
        ),
        Ok(Format::Doccano)
    );
    // A byte-order mark and blank lines are skipped.
    assert_eq!(
        detect("x", "\u{feff}\n\n{\"text\": \"a\", \"spans\": []}\n"),
        Ok(Format::Spacy)
    );
}

#[test]
fn plain_text_records_are_read_as_doccano_unless_a_later_line_tells() {
    let plain = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n";
    assert_eq!(detect("x.jsonl", plain), Ok(Format::Doccano));
    let later = format!("{plain}{{\"text\": \"c\", \"spans\": [], \"answer\": \"accept\"}}\n");
    assert_eq!(detect("x.jsonl", &later), Ok(Format::Spacy));
    // A cut last line (the caller passed the file's head) is no obstacle.
    let head =
        "{\"text\": \"a\"}\n{\"text\": \"b\", \"label\": [[0, 1, \"X\"]]}\n{\"text\": \"c\", \"lab";
    assert_eq!(detect("x.jsonl", head), Ok(Format::Doccano));
}

#[test]
fn brat_is_recognised_by_its_ann_name_or_its_lines() {
    assert_eq!(detect("doc1.ann", ""), Ok(Format::Brat));
    assert_eq!(
        detect("doc1.txt.ann", "T1\tPER 0 4\tRama\n"),
        Ok(Format::Brat)
    );
    assert_eq!(
        detect("unnamed", "T1\tPER 0 4\tRama\nR1\tLives Arg1:T1 Arg2:T2\n"),
        Ok(Format::Brat)
    );
    assert_eq!(
        detect("notes", "#1\tAnnotatorNotes T1\tcheck\n"),
        Ok(Format::Brat)
    );
}

#[test]
fn what_is_not_a_format_is_said_precisely() {
    let cases = [
        ("article.txt", "Rama met Tirana.", "article.txt: this is plain text, not annotations: open it as a new document (a brat document is read from its .ann file, with the .txt beside it)"),
        ("x.json", "", "x.json: the file is empty"),
        ("x.json", "   \n", "x.json: the file is empty"),
        ("x.json", "{\"name\": \"x\", \"size\": 3}", "x.json: JSON in no format Scholia reads (its fields are “name”, “size”)"),
        ("x.json", "[1, 2]", "x.json: a list of the number 1: not a format Scholia reads"),
        ("x.json", "{\"text\": \"a\"} trailing", "x.json, line 1: the file is not well-formed: trailing characters (column 15)"),
        ("x.json", "{\n\"text\": \"a\",\n\"label\": [\n", "x.json, line 4: the file is not well-formed: it ends too early (is it truncated?)"),
        ("x.csv", "id,text\n1,hello\n", "x.csv: this is not a format Scholia reads"),
    ];
    for (name, content, expected) in cases {
        let error = detect(name, content).unwrap_err();
        assert!(
            error.to_string().starts_with(expected),
            "expected {expected}…\n     got {error}"
        );
    }
}

#[test]
fn one_entry_point_reads_every_format_and_names_what_is_not_built_here() {
    let (format, imported) = import_any(
        "news.jsonl",
        &fixture("spacy/news_ner.jsonl"),
        None,
        &options("news.jsonl"),
    )
    .unwrap();
    assert_eq!((format, imported.documents.len()), (Format::Spacy, 3));
    let (format, imported) = import_any(
        "p.json",
        &fixture("label-studio/project-3-at-2024-05-03.json"),
        None,
        &options("p.json"),
    )
    .unwrap();
    assert_eq!((format, imported.documents.len()), (Format::LabelStudio, 2));
    let native = scholia::export(&hard_document());
    let (format, imported) = import_any("h.json", &native, None, &options("h.json")).unwrap();
    assert_eq!(
        (format, &imported.documents[..]),
        (Format::Scholia, &[hard_document()][..])
    );

    // W3C from its content; brat from its .ann with the text beside it.
    let w3c =
        scholia_core::format::w3c::export(&hard_document(), &ExportOptions::default()).unwrap();
    let (format, imported) =
        import_any("a.json", &w3c.files[0].content, None, &options("a.json")).unwrap();
    assert_eq!(
        (format, &imported.documents[..]),
        (Format::W3c, &[hard_document()][..])
    );
    let (format, imported) = import_any(
        "d.ann",
        "T1\tPER 0 4\tRama\n",
        Some("Rama met"),
        &options("alice/d.ann"),
    )
    .unwrap();
    assert_eq!(format, Format::Brat);
    assert_eq!(
        pieces(&imported.documents[0]),
        [(
            "alice".to_string(),
            0,
            4,
            "PER".to_string(),
            "Rama".to_string()
        )]
    );
    let error = import_any("d.ann", "T1\tPER 0 4\tRama\n", None, &options("d.ann")).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("read the .ann with the .txt beside it"),
        "{error}"
    );
    let error = detect::import(Format::Conll, "x", &options("x.conll")).unwrap_err();
    assert_eq!(error.to_string(), "x.conll, line 1, field “tag”: the line has one column, “x”: a CoNLL line is a token and its tag (and any columns between)");
}

#[test]
fn every_writable_format_exports_through_the_entry_point() {
    let doc = hard_document();
    for format in Format::ALL {
        let exported = detect::export(format, &doc, &ExportOptions::default()).unwrap();
        assert_eq!(exported.files[0].extension, format.extension(), "{format}");
        if !format.can_import() {
            continue;
        }
        let back = if format == Format::Brat {
            let (ann, text) = (&exported.files[0].content, &exported.files[1].content);
            detect::import_brat(ann, text, None, &options("alice.ann"))
        } else {
            detect::import(format, &exported.files[0].content, &options("alice.x"))
        }
        .unwrap();
        // BIO keeps no overlap: “Tirana” inside the event, and both
        // fragments of the discontinuous span, are left out (the export's
        // report lists them).
        let expected = if format == Format::Conll { 8 } else { 11 };
        assert_eq!(pieces(&back.documents[0]).len(), expected, "{format}");
    }
}

#[test]
fn the_native_format_re_anchors_after_line_endings_were_converted() {
    let doc = hard_document();
    let converted = scholia::export(&doc).replace("\\r\\n", "\\n");
    // Without re-anchoring the changed text is refused.
    let error = detect::import(Format::Scholia, &converted, &options("h.json")).unwrap_err();
    assert_eq!(error.to_string(), "h.json, document, field “length”: the text has 119 characters but the file says 123: the text was changed after export");
    let imported =
        detect::import(Format::Scholia, &converted, &reanchor(options("h.json"))).unwrap();
    let back = &imported.documents[0];
    assert_eq!(imported.report.notes.len(), 1);
    // Every span on the second line and after moved back by one character per CR.
    assert!(
        imported.report.reanchored.iter().any(|r| r.starts_with(
            "annotation “a5” (layer “alice”) “Cafe\u{301} owner”: moved from 45–56 to 44–55"
        )),
        "{:#?}",
        imported.report.reanchored
    );
    for annotation in doc.annotations() {
        let moved = back.annotation(&annotation.key).unwrap();
        assert_eq!(back.quotes(moved), doc.quotes(annotation));
    }

    let mut other = options("h.json");
    other.annotator = Some("reviewer".into());
    let imported = detect::import(Format::Scholia, &scholia::export(&doc), &other).unwrap();
    assert_eq!(imported.documents[0].layers(), ["reviewer"]);
}
