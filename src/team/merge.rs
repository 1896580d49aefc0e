//! Merging annotators' files of one document into a new document with a
//! layer each, through the core's `merge::Merger` (same text by SHA-256, or
//! re-anchored by quotes when asked; layer names, clashes and schemes as
//! docs/agreement.md says). Pure: the caller reads the files and passes the
//! fresh id.

use scholia_core::merge::{annotator_from_file_name, MergeOptions, Merger, Source, DEFAULT_LAYER};
use scholia_core::{AnnotatedDocument, Edit, Error};

/// Reads one file into the documents it holds, as the app opens files.
/// The team workflow reads files only here.
pub fn read(name: &str, bytes: &[u8], new_id: &str) -> Result<Vec<AnnotatedDocument>, Error> {
    crate::open::read_file(name, bytes, new_id).map(|doc| vec![doc])
}

/// One document to merge, and the annotator its only layer is named after.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// As messages name it (a file's name).
    pub file_name: String,
    pub doc: AnnotatedDocument,
    /// The annotator to name the document's only layer after; `None` keeps
    /// its layers (a file with several).
    pub annotator: Option<String>,
}

impl Input {
    /// A document as read from a file, its annotator proposed: its only
    /// layer's name, or the file's stem when that layer is the app's
    /// default one (or there is none); none for a file of several layers.
    pub fn new(file_name: String, doc: AnnotatedDocument) -> Input {
        let layers: Vec<String> = doc.layers().into_iter().map(str::to_string).collect();
        let annotator = match layers.as_slice() {
            [] => Some(annotator_from_file_name(&file_name)),
            [only] if only == DEFAULT_LAYER => Some(annotator_from_file_name(&file_name)),
            [only] => Some(only.clone()),
            _ => None,
        };
        Input {
            file_name,
            doc,
            annotator,
        }
    }

    /// The layers the document holds.
    pub fn layers(&self) -> Vec<&str> {
        self.doc.layers()
    }
}

/// The merged document and what the merge did, for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub doc: AnnotatedDocument,
    pub annotators: Vec<String>,
    pub messages: Vec<String>,
}

/// Merges `inputs` in order into a new document with id `new_id`, titled
/// after the first with its annotators. Errors name the file.
pub fn merge(inputs: &[&Input], reanchor: bool, new_id: &str) -> Result<Merged, Error> {
    if inputs.len() < 2 {
        return Err(Error::invalid(
            "choose two files or more: the exports of one document by different annotators",
        ));
    }
    let mut merger = Merger::new(MergeOptions { reanchor });
    for input in inputs.iter() {
        let annotator = input
            .annotator
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        merger.add(
            Source {
                file_name: &input.file_name,
                annotator,
            },
            input.doc.clone(),
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
    Ok(Merged {
        doc,
        annotators: merged.annotators,
        messages: merged.report.messages(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::format::scholia;
    use scholia_core::{Annotation, Document, Fragment, Key, Scheme, Timestamp};

    const TEXT: &str = "Edi Rama said Iran attacked Albania.";

    fn export(text: &str, layer: &str, spans: &[(&str, &str)]) -> Vec<u8> {
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
        scholia::export(&doc).into_bytes()
    }

    fn input(name: &str, bytes: &[u8]) -> Input {
        let mut docs = read(name, bytes, "new").unwrap();
        Input::new(name.to_string(), docs.remove(0))
    }

    #[test]
    fn three_files_become_one_document_with_a_layer_each() {
        let inputs = vec![
            input(
                "alice.scholia.json",
                &export(TEXT, "alice", &[("actor", "Edi Rama")]),
            ),
            // The app's default layer: named after the file.
            input(
                "bob.json",
                &export(TEXT, "annotator", &[("actor", "Edi Rama")]),
            ),
            input(
                "export.json",
                &export(TEXT, "annotator", &[("event", "attacked")]),
            ),
        ];
        assert_eq!(inputs[0].annotator.as_deref(), Some("alice"));
        assert_eq!(inputs[1].annotator.as_deref(), Some("bob"));
        let mut inputs = inputs;
        // The name typed in the dialog wins.
        inputs[2].annotator = Some(" carol ".into());
        let merged = merge(&inputs.iter().collect::<Vec<_>>(), false, "m1").unwrap();
        assert_eq!(merged.doc.layers(), ["alice", "bob", "carol"]);
        assert_eq!(merged.annotators, ["alice", "bob", "carol"]);
        assert_eq!(merged.doc.document().id, "m1");
        assert_eq!(
            merged.doc.document().title,
            "Edi Rama said Iran attacked Albania. (merged: alice, bob, carol)"
        );
        assert!(
            merged
                .messages
                .iter()
                .any(|m| m.starts_with("bob.json: layer “annotator” renamed “bob”")),
            "{:?}",
            merged.messages
        );
    }

    #[test]
    fn a_different_text_is_refused_naming_both_files_unless_reanchored() {
        let inputs = [
            input(
                "alice.json",
                &export(TEXT, "alice", &[("actor", "Albania")]),
            ),
            input(
                "bob.json",
                &export(
                    "Today Edi Rama said Iran attacked Albania.",
                    "bob",
                    &[("actor", "Albania")],
                ),
            ),
        ];
        let error = merge(&inputs.iter().collect::<Vec<_>>(), false, "m")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("bob.json: ")
                && error.contains("differs from the text of alice.json"),
            "{error}"
        );
        let merged = merge(&inputs.iter().collect::<Vec<_>>(), true, "m").unwrap();
        let bob = merged.doc.layer_annotations("bob").next().unwrap();
        assert_eq!(merged.doc.quotes(bob), ["Albania"]);
        assert!(merged
            .messages
            .iter()
            .any(|m| m.contains("moved from 34–41 to 28–35")));
    }

    #[test]
    fn one_file_is_not_a_merge() {
        let inputs = [input("a.json", &export(TEXT, "alice", &[]))];
        assert!(merge(&inputs.iter().collect::<Vec<_>>(), false, "m")
            .unwrap_err()
            .to_string()
            .contains("two files or more"));
    }
}
