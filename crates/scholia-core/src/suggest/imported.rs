//! Someone else's annotations or predictions as suggestions: a file
//! imported "as suggestions" proposes its spans instead of adding them.

use super::{Source, Suggestion};
use crate::AnnotatedDocument;

/// Every span of `doc` (in any layer) as a suggestion of its label, with
/// confidence 1 (the formats' annotations carry no score; Label Studio's
/// predictions, which do, are read with theirs by its importer), and the
/// same span and label once, in text order.
pub fn from_annotations(doc: &AnnotatedDocument) -> Vec<Suggestion> {
    let mut suggestions: Vec<Suggestion> = doc
        .annotations()
        .map(|a| Suggestion {
            fragments: a.fragments.clone(),
            label: a.label.to_string(),
            source: Source::Imported,
            confidence: 1.0,
            id: None,
        })
        .collect();
    sort_and_dedup(&mut suggestions);
    suggestions
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
    use crate::model::{Annotation, Document, Fragment, Key, Scheme, Timestamp};
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
}
