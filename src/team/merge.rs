//! The documents of a merge of annotators' files, each with the annotator
//! its only layer is named after. The library reads the files
//! (`library::read_for_merge`); the formats' worker merges them
//! (`library::merge`, and `scholia_worker::merge`).

use scholia_core::merge::{annotator_from_file_name, DEFAULT_LAYER};
use scholia_core::AnnotatedDocument;
use scholia_worker::protocol::MergeInput;

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

    /// What the worker needs to know about it, beside the document.
    pub fn about(&self) -> MergeInput {
        MergeInput {
            file_name: self.file_name.clone(),
            annotator: self.annotator.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::{Annotation, Document, Edit, Fragment, Key, Scheme, Timestamp};

    fn doc(layers: &[&str]) -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(
            Document::new("d1", "Edi Rama said Iran attacked Albania."),
            Scheme::default_scheme(),
        );
        for (i, layer) in layers.iter().enumerate() {
            doc.apply(Edit::AddAnnotation(Annotation::new(
                Key::new(*layer, format!("x{i}")),
                "actor",
                Fragment::new(0, 8),
                Timestamp(1),
            )))
            .unwrap();
        }
        doc
    }

    #[test]
    fn the_annotator_proposed_is_the_only_layer_or_the_file_name() {
        let alice = Input::new("alice.scholia.json".into(), doc(&["alice"]));
        assert_eq!(alice.annotator.as_deref(), Some("alice"));
        // The app's default layer, or none: named after the file.
        let bob = Input::new("bob.json".into(), doc(&[DEFAULT_LAYER]));
        assert_eq!(bob.annotator.as_deref(), Some("bob"));
        let empty = Input::new("carol.json".into(), doc(&[]));
        assert_eq!(empty.annotator.as_deref(), Some("carol"));
        // Several layers are kept as they are.
        let both = Input::new("both.json".into(), doc(&["alice", "bob"]));
        assert_eq!(both.annotator, None);
        assert_eq!(
            both.about(),
            MergeInput {
                file_name: "both.json".into(),
                annotator: None
            }
        );
    }
}
