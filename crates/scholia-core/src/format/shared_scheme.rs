//! The documents of one file share one scheme. A project exported by
//! doccano, Label Studio or spaCy, or a CoNLL file of several documents, has
//! one set of labels, and each of its records names only those it uses:
//! read one by one, each document had only its own, coloured in the order
//! it met them (`LOC` blue in one document and orange in the next, a
//! sentence without entities with no label to tag with, and a tagger model
//! per label set instead of one for the project).

use crate::model::{Color, Scheme};
use crate::AnnotatedDocument;

/// What `schemes` hold together: every label, relation type, attribute and
/// document label set of any of them (by id, in the order first met; a
/// document label set with the options of all), each label with the
/// palette colour of its place, as one document holding them all would
/// have had; the first guidelines given.
pub fn shared<'a>(schemes: impl IntoIterator<Item = &'a Scheme>) -> Scheme {
    let mut all = Scheme::default();
    for scheme in schemes {
        for label in &scheme.labels {
            if all.label(&label.id).is_none() {
                all.labels.push(label.clone());
            }
        }
        for kind in &scheme.relation_types {
            if !all.relation_types.iter().any(|k| k.id == kind.id) {
                all.relation_types.push(kind.clone());
            }
        }
        for attribute in &scheme.attributes {
            if !all.attributes.iter().any(|a| a.id == attribute.id) {
                all.attributes.push(attribute.clone());
            }
        }
        for set in &scheme.document_label_sets {
            match all.document_label_sets.iter_mut().find(|s| s.id == set.id) {
                Some(known) => {
                    for option in &set.options {
                        if !known.options.contains(option) {
                            known.options.push(option.clone());
                        }
                    }
                }
                None => all.document_label_sets.push(set.clone()),
            }
        }
        if all.guidelines.is_empty() {
            all.guidelines = scheme.guidelines.clone();
        }
    }
    for (i, label) in all.labels.iter_mut().enumerate() {
        label.color = Color::palette(i);
    }
    all
}

/// Gives each of `documents` (read from one file) the scheme they share;
/// a file of one document keeps its own (a Scholia file's is declared).
pub fn share(documents: &mut [AnnotatedDocument]) {
    if documents.len() < 2 {
        return;
    }
    let scheme = shared(documents.iter().map(AnnotatedDocument::scheme));
    for doc in documents {
        give(doc, &scheme);
    }
}

/// Gives `doc` the scheme of its file, found by [`shared`] (a superset of
/// its own: every annotation's label is in it).
pub fn give(doc: &mut AnnotatedDocument, scheme: &Scheme) {
    if doc.scheme() != scheme {
        *doc.scheme_mut() = scheme.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentLabelSet;

    fn scheme(labels: &[&str], options: &[&str]) -> Scheme {
        let mut scheme = Scheme::default();
        for label in labels {
            scheme.ensure_label(label);
        }
        if !options.is_empty() {
            scheme.document_label_sets.push(DocumentLabelSet {
                id: "label".into(),
                name: "label".into(),
                multiple: true,
                options: options.iter().map(|o| o.to_string()).collect(),
                description: String::new(),
            });
        }
        scheme
    }

    #[test]
    fn the_shared_scheme_has_every_label_in_the_order_first_met_coloured_by_its_place() {
        let one = scheme(&["LOC"], &["news"]);
        let two = scheme(&["ORG", "LOC", "PER"], &["sport", "news"]);
        let none = scheme(&[], &[]);
        let all = shared([&one, &two, &none]);
        let labels: Vec<(&str, Color)> = all
            .labels
            .iter()
            .map(|l| (l.id.as_str(), l.color))
            .collect();
        assert_eq!(
            labels,
            [
                ("LOC", Color::palette(0)),
                ("ORG", Color::palette(1)),
                ("PER", Color::palette(2))
            ]
        );
        assert_eq!(all.document_label_sets.len(), 1);
        assert_eq!(all.document_label_sets[0].options, ["news", "sport"]);
        // Each alone was coloured by its own order: ORG first in `two`.
        assert_eq!(two.labels[0].color, Color::palette(0));
    }
}
