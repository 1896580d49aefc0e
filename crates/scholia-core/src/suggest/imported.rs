//! Someone else's annotations or predictions as suggestions: a file
//! imported "as suggestions" proposes its spans instead of adding them.

use super::{Source, Suggestion};
use crate::model::{Annotation, AttributeValue};
use crate::AnnotatedDocument;

/// Every span of `doc` (in any layer) as a suggestion of its label, with
/// confidence 1 unless the annotation carries one ([`carried_confidence`];
/// Label Studio's predictions are read with their scores by its importer),
/// and the same span and label once, in text order.
pub fn from_annotations(doc: &AnnotatedDocument) -> Vec<Suggestion> {
    let mut suggestions: Vec<Suggestion> = doc
        .annotations()
        .map(|a| Suggestion {
            fragments: a.fragments.clone(),
            label: a.label.to_string(),
            source: Source::Imported,
            confidence: carried_confidence(a).unwrap_or(1.0),
            id: None,
        })
        .collect();
    sort_and_dedup(&mut suggestions);
    suggestions
}

/// The attributes a tool writes a span's confidence in (Scholia's own
/// files and spaCy's span attributes carry them as text).
const CONFIDENCE_ATTRIBUTES: [&str; 3] = ["confidence", "score", "probability"];

/// The confidence an annotation carries: its `confidence`, `score` or
/// `probability` attribute when that is a number from 0 to 1.
pub fn carried_confidence(annotation: &Annotation) -> Option<f64> {
    CONFIDENCE_ATTRIBUTES
        .iter()
        .find_map(|name| match annotation.attributes.get(*name)? {
            AttributeValue::Text(text) => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| (0.0..=1.0).contains(v)),
            AttributeValue::Flag(_) => None,
        })
}

/// Text order, then label; the same span and label once (the first kept,
/// so that of two predictions the one read first gives the confidence).
pub fn sort_and_dedup(suggestions: &mut Vec<Suggestion>) {
    suggestions.sort_by(|a, b| {
        (a.fragments[0].start, a.fragments[0].end, &a.label).cmp(&(
            b.fragments[0].start,
            b.fragments[0].end,
            &b.label,
        ))
    });
    suggestions.dedup_by(|b, a| a.key() == b.key());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Fragment, Key, Scheme, Timestamp};
    use crate::Edit;

    #[test]
    fn every_layers_spans_become_suggestions_once_in_text_order() {
        let mut doc = AnnotatedDocument::new(
            Document::new("d", "Rama met Basha in Tirana."),
            Scheme::default_scheme(),
        );
        let label = doc.scheme().labels[0].id.to_string();
        for (layer, id, start, end) in [
            ("bob", "b1", 18, 24),
            ("alice", "a1", 0, 4),
            ("bob", "b2", 0, 4),
        ] {
            let a = Annotation::new(
                Key::new(layer, id),
                label.as_str(),
                Fragment::new(start, end),
                Timestamp(0),
            );
            doc.apply(Edit::AddAnnotation(a)).unwrap();
        }
        let got: Vec<(usize, usize, f64)> = from_annotations(&doc)
            .iter()
            .map(|s| (s.fragments[0].start, s.fragments[0].end, s.confidence))
            .collect();
        assert_eq!(got, [(0, 4, 1.0), (18, 24, 1.0)]);
        assert!(from_annotations(&doc)
            .iter()
            .all(|s| s.source == Source::Imported && s.label == label));
    }

    #[test]
    fn a_confidence_the_annotation_carries_is_kept() {
        let mut scheme = Scheme::default_scheme();
        for name in CONFIDENCE_ATTRIBUTES {
            scheme.attributes.push(crate::model::AttributeDef {
                id: name.to_string(),
                name: name.to_string(),
                applies_to: Vec::new(),
                kind: crate::model::AttributeKind::Text,
                description: String::new(),
            });
        }
        let mut doc =
            AnnotatedDocument::new(Document::new("d", "Rama met Basha in Tirana."), scheme);
        let label = doc.scheme().labels[0].id.to_string();
        for (id, start, end, attribute) in [
            ("a1", 0, 4, Some(("confidence", " 0.25"))),
            ("a2", 9, 14, Some(("score", "1.5"))),
            ("a3", 18, 24, Some(("probability", "high"))),
        ] {
            let mut a = Annotation::new(
                Key::new("alice", id),
                label.as_str(),
                Fragment::new(start, end),
                Timestamp(0),
            );
            if let Some((name, value)) = attribute {
                a.attributes
                    .insert(name.to_string(), AttributeValue::Text(value.to_string()));
            }
            doc.apply(Edit::AddAnnotation(a)).unwrap();
        }
        let got: Vec<f64> = from_annotations(&doc)
            .iter()
            .map(|s| s.confidence)
            .collect();
        // Out of range or not a number: 1, as with none.
        assert_eq!(got, [0.25, 1.0, 1.0]);
    }
}
