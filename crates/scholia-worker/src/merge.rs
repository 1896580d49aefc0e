//! Merging annotators' files of one document into a new document with a
//! layer each, off the page, through the core's `merge::Merger` (same text
//! by SHA-256, or re-anchored by quotes when asked; layer names, clashes and
//! schemes as docs/agreement.md says). The page sends the documents it read
//! (Scholia JSON) with the annotator chosen for each.

use scholia_core::format::scholia;
use scholia_core::merge::{MergeOptions, Merger, Source};
use scholia_core::{AnnotatedDocument, Edit, Error};

use crate::protocol::{MergeInput, MergeSummary};

/// One document to merge.
pub struct Input<'a> {
    pub about: &'a MergeInput,
    pub doc: AnnotatedDocument,
}

/// Reads the documents (Scholia JSON, in the order of `inputs`) and merges
/// them: the merged document as Scholia JSON and what the merge did.
pub fn run(
    inputs: &[MergeInput],
    documents: &[String],
    reanchor: bool,
    new_id: &str,
) -> Result<(MergeSummary, String), String> {
    let read = inputs
        .iter()
        .zip(documents)
        .map(|(about, json)| {
            scholia::import(json)
                .map(|doc| Input { about, doc })
                .map_err(|e| e.in_file(about.file_name.clone()).to_string())
        })
        .collect::<Result<Vec<_>, String>>()?;
    let (doc, summary) = merge(read, reanchor, new_id).map_err(|e| e.to_string())?;
    Ok((summary, scholia::export(&doc)))
}

/// Merges `inputs` in order into a new document with id `new_id`, titled
/// after the first with its annotators. Errors name the file.
pub fn merge(
    inputs: Vec<Input>,
    reanchor: bool,
    new_id: &str,
) -> Result<(AnnotatedDocument, MergeSummary), Error> {
    if inputs.len() < 2 {
        return Err(Error::invalid(
            "choose two files or more: the exports of one document by different annotators",
        ));
    }
    let mut merger = Merger::new(MergeOptions { reanchor });
    for input in inputs {
        let annotator = input
            .about
            .annotator
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        merger.add(
            Source {
                file_name: &input.about.file_name,
                annotator,
            },
            input.doc,
        )?;
    }
    let merged = merger
        .finish()
        .ok_or_else(|| Error::invalid("there was nothing to merge"))?;
    let mut doc = merged.document;
    doc.set_document_id(new_id);
    let title = format!(
        "{} (merged: {})",
        doc.document().title,
        merged.annotators.join(", ")
    );
    doc.apply(Edit::SetTitle(title))?;
    Ok((
        doc,
        MergeSummary {
            annotators: merged.annotators,
            messages: merged.report.messages(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::{Annotation, Document, Fragment, Key, Scheme, Timestamp};

    const TEXT: &str = "Edi Rama said Iran attacked Albania.";

    fn export(text: &str, layer: &str, spans: &[(&str, &str)]) -> String {
        let mut doc = AnnotatedDocument::new(Document::new("d1", text), Scheme::default_scheme());
        for (i, (label, quote)) in spans.iter().enumerate() {
            let start = text.find(quote).unwrap();
            doc.apply(Edit::AddAnnotation(Annotation::new(
                Key::new(layer, format!("x{i}")),
                *label,
                Fragment::new(start, start + quote.len()),
                Timestamp(1),
            )))
            .unwrap();
        }
        scholia::export(&doc)
    }

    fn about(file_name: &str, annotator: Option<&str>) -> MergeInput {
        MergeInput {
            file_name: file_name.into(),
            annotator: annotator.map(str::to_string),
        }
    }

    #[test]
    fn three_files_become_one_document_with_a_layer_each() {
        let inputs = [
            about("alice.scholia.json", Some("alice")),
            about("bob.json", Some("bob")),
            // The name typed in the dialog, trimmed.
            about("export.json", Some(" carol ")),
        ];
        let documents = [
            export(TEXT, "alice", &[("actor", "Edi Rama")]),
            export(TEXT, "annotator", &[("actor", "Edi Rama")]),
            export(TEXT, "annotator", &[("event", "attacked")]),
        ];
        let (summary, json) = run(&inputs, &documents, false, "m1").unwrap();
        let doc = scholia::import(&json).unwrap();
        assert_eq!(doc.layers(), ["alice", "bob", "carol"]);
        assert_eq!(summary.annotators, ["alice", "bob", "carol"]);
        assert_eq!(doc.document().id, "m1");
        assert_eq!(
            doc.document().title,
            "Edi Rama said Iran attacked Albania. (merged: alice, bob, carol)"
        );
        assert!(
            summary
                .messages
                .iter()
                .any(|m| m.starts_with("bob.json: layer “annotator” renamed “bob”")),
            "{:?}",
            summary.messages
        );
    }

    #[test]
    fn a_different_text_is_refused_naming_both_files_unless_reanchored() {
        let inputs = [
            about("alice.json", Some("alice")),
            about("bob.json", Some("bob")),
        ];
        let documents = [
            export(TEXT, "alice", &[("actor", "Albania")]),
            export(
                "Today Edi Rama said Iran attacked Albania.",
                "bob",
                &[("actor", "Albania")],
            ),
        ];
        let error = run(&inputs, &documents, false, "m").unwrap_err();
        assert!(
            error.starts_with("bob.json: ")
                && error.contains("differs from the text of alice.json"),
            "{error}"
        );
        let (summary, json) = run(&inputs, &documents, true, "m").unwrap();
        let doc = scholia::import(&json).unwrap();
        let bob = doc.layer_annotations("bob").next().unwrap();
        assert_eq!(doc.quotes(bob), ["Albania"]);
        assert!(summary
            .messages
            .iter()
            .any(|m| m.contains("moved from 34–41 to 28–35")));
    }

    #[test]
    fn one_file_is_not_a_merge() {
        let error = run(
            &[about("a.json", Some("alice"))],
            &[export(TEXT, "alice", &[])],
            false,
            "m",
        )
        .unwrap_err();
        assert!(error.contains("two files or more"), "{error}");
    }
}
