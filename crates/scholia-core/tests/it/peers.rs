//! Real files written by other tools' own projects, in
//! `../shared/interop/peers` (see its SOURCES.md): what they hold is read,
//! or named in the report. Skipped, saying so, when the folder is absent.

use std::path::Path;

use scholia_core::format::detect::{self, Format};
use scholia_core::format::{ExportOptions, Imported};

use crate::common::shared_interop;
use crate::exchange::{links, options, pieces};

fn read(root: &Path, path: &str) -> (Format, Imported) {
    let content = std::fs::read_to_string(root.join(path)).unwrap();
    detect::import_any(path, &content, None, &options(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn prodigy_rel_manual_relations_are_read_and_written_back() {
    let Some(root) = shared_interop("peers/prodigy", "Prodigy rel.manual relations") else {
        return;
    };
    let path = "rel_component/annotations.excerpt.jsonl";
    let (format, imported) = read(&root, path);
    assert_eq!(format, Format::Spacy);
    let content = std::fs::read_to_string(root.join(path)).unwrap();
    let mut n_relations = 0;
    for (doc, line) in imported.documents.iter().zip(content.lines()) {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let in_file = record["relations"].as_array().unwrap();
        assert_eq!(doc.relations().len(), in_file.len());
        n_relations += in_file.len();
        // Each relation joins the spans its head_span and child_span name.
        for relation in in_file {
            let quote = |end: &serde_json::Value| {
                let text = record["text"].as_str().unwrap();
                let (start, end) = (end["start"].as_u64().unwrap(), end["end"].as_u64().unwrap());
                text.chars()
                    .skip(start as usize)
                    .take((end - start) as usize)
                    .collect::<String>()
            };
            let kind = relation["label"].as_str().unwrap();
            assert!(
                crate::features::has_relation(
                    doc,
                    kind,
                    &quote(&relation["head_span"]),
                    &quote(&relation["child_span"])
                ),
                "{relation}"
            );
        }
        let exported = detect::export(Format::Spacy, doc, &ExportOptions::default()).unwrap();
        let back = detect::import(Format::Spacy, &exported.files[0].content, &options(path))
            .unwrap()
            .documents
            .remove(0);
        assert_eq!(links(&back), links(doc));
        assert_eq!(pieces(&back), pieces(doc));
    }
    assert_eq!(
        n_relations, 29,
        "SOURCES.md counts 29 relations in these lines"
    );
    let lost = imported.report.not_represented.join("\n");
    for field in ["`tokens`", "`meta`", "`relations[].color`"] {
        assert!(lost.contains(field), "{field} is named: {lost}");
    }
}

#[test]
fn prodigy_entity_linking_choices_become_entity_links() {
    let Some(root) = shared_interop("peers/prodigy", "Prodigy entity linking") else {
        return;
    };
    let path = "nel_emerson/emerson_annotated_text.jsonl";
    let (_, imported) = read(&root, path);
    let content = std::fs::read_to_string(root.join(path)).unwrap();
    assert_eq!(imported.documents.len(), content.lines().count());
    for (doc, line) in imported.documents.iter().zip(content.lines()) {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let accepted: Vec<&str> = record["accept"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let span = &record["spans"][0];
        let quote = span["text"].as_str().unwrap();
        let span = doc
            .annotations()
            .find(|a| doc.quotes(a) == [quote])
            .unwrap_or_else(|| panic!("no span {quote}: {line}"));
        assert_eq!(span.entity.as_deref(), accepted.first().copied(), "{line}");
    }
    assert!(imported
        .report
        .not_represented
        .iter()
        .any(|l| l.contains("`options`")));
}

#[test]
fn prodigy_ner_files_read_without_loss_of_spans() {
    let Some(root) = shared_interop("peers/prodigy", "Prodigy NER files") else {
        return;
    };
    for path in [
        "ner_tweets/demo.jsonl",
        "ner_fashion_brands/fashion_brands_eval.excerpt.jsonl",
    ] {
        let (_, imported) = read(&root, path);
        let content = std::fs::read_to_string(root.join(path)).unwrap();
        for (doc, line) in imported.documents.iter().zip(content.lines()) {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let spans = record["spans"].as_array().map_or(0, Vec::len);
            assert_eq!(doc.annotations().len(), spans, "{path}: {line}");
        }
    }
}

/// A text holding every quote of a W3C file with its prefix and suffix, one
/// per line, after a first line: the page's text is not in the peers folder,
/// and its positions (counted in the whole web page) fit no smaller text.
fn text_of_quotes(annotations: &serde_json::Value) -> String {
    let mut lines = vec!["Tell me, O Muse.".to_string()];
    for annotation in annotations.as_array().unwrap() {
        let targets = match &annotation["target"] {
            serde_json::Value::Array(targets) => targets.clone(),
            one => vec![one.clone()],
        };
        for target in targets {
            for selector in target["selector"].as_array().into_iter().flatten() {
                if selector["type"] == "TextQuoteSelector" {
                    let part = |name: &str| selector[name].as_str().unwrap_or("").to_string();
                    lines.push(format!(
                        "{}{}{}",
                        part("prefix"),
                        part("exact"),
                        part("suffix")
                    ));
                }
            }
        }
    }
    lines.join("\n") + "\n"
}

#[test]
fn recogito_annotations_read_onto_a_text_given_apart() {
    let Some(root) = shared_interop("peers/w3c", "Recogito W3C annotations") else {
        return;
    };
    for (path, n_annotations, n_relations) in [
        ("recogito-js/public/annotations.w3c.json", 4, 1),
        (
            "text-annotator-js/packages/text-annotator/test/annotations.w3c.json",
            5,
            0,
        ),
    ] {
        let content = std::fs::read_to_string(root.join(path)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&content).unwrap();
        let text = text_of_quotes(&json);
        let refused = detect::import(Format::W3c, &content, &options(path)).unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("does not carry the document's text"),
            "{refused}"
        );
        // The positions count the whole page: refused as they are…
        let error =
            detect::import_with_text(Format::W3c, &content, &text, &options(path)).unwrap_err();
        assert!(error.to_string().contains(".selector"), "{error}");
        // …and moved to their quotes when asked, each move reported.
        let mut reanchor = options(path);
        reanchor.reanchor = true;
        let imported = detect::import_with_text(Format::W3c, &content, &text, &reanchor)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let doc = &imported.documents[0];
        assert_eq!(doc.document().text.as_str(), text);
        assert_eq!(doc.annotations().len(), n_annotations, "{path}");
        assert_eq!(doc.relations().len(), n_relations, "{path}");
        assert!(!imported.report.reanchored.is_empty());
        if content.contains("\"source\"") {
            let lost = imported.report.not_represented.join("\n");
            assert!(lost.contains("the targets' `source`"), "{lost}");
        }
        for annotation in doc.annotations() {
            let quote = doc.quotes(annotation).concat();
            assert!(
                content.contains(&format!("\"exact\": \"{quote}\"")),
                "{quote}"
            );
        }
    }
}

#[test]
fn recogito_links_between_two_targets_are_relations() {
    let Some(root) = shared_interop("peers/w3c", "Recogito links") else {
        return;
    };
    let path = "recogito-js/public/annotations.w3c.json";
    let content = std::fs::read_to_string(root.join(path)).unwrap();
    let text = text_of_quotes(&serde_json::from_str(&content).unwrap());
    let mut reanchor = options(path);
    reanchor.reanchor = true;
    let imported = detect::import_with_text(Format::W3c, &content, &text, &reanchor).unwrap();
    let doc = &imported.documents[0];
    // The first annotation has two tags (two annotations on "Troy"); the
    // link starts from the first.
    assert!(crate::features::has_relation(
        doc,
        "isRelatedTo",
        "Troy",
        "death in battle"
    ));
}

/// Label Studio's own example of a task with a model's predictions: read
/// as suggestions (never annotations), its regions' quotes checked.
#[test]
fn label_studio_predictions_are_read_as_suggestions() {
    let Some(root) = shared_interop("peers/label-studio", "Label Studio predictions") else {
        return;
    };
    let (format, imported) = read(&root, "frontend/examples/named_entity/tasks.json");
    assert_eq!(format, Format::LabelStudio);
    let doc = &imported.documents[0];
    assert_eq!(doc.annotations().len(), 0);
    let predicted: Vec<(&str, &str, f64)> = imported
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
    assert_eq!(predicted, [("February 22", "Date", 1.0)]);
    assert!(doc.scheme().label("Date").is_some());
}
