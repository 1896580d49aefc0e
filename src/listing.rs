//! The keys the annotation list shows, in document order, through its
//! filter and without hidden layers; kept up to date after an edit by
//! what changed (the document's change log) instead of sorting and
//! filtering 10,000 annotations again.

use std::collections::BTreeSet;
use std::rc::Rc;

use scholia_core::{AnnotatedDocument, Annotation, Key, LogPosition};

use crate::editor::Filter;

/// The list's keys and what they were made from.
#[derive(Debug, Default)]
pub struct Listing {
    keys: Vec<Key>,
    made_from: Option<(LogPosition, Filter, Rc<BTreeSet<String>>)>,
}

impl Listing {
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Brings the keys in line with `doc` under `filter`, leaving out the
    /// `hidden` layers; `quote` gives an annotation's quote for the filter.
    pub fn update(
        &mut self,
        doc: &AnnotatedDocument,
        filter: &Filter,
        hidden: &Rc<BTreeSet<String>>,
        quote: impl Fn(&AnnotatedDocument, &Annotation) -> String,
    ) {
        let shows = |a: &Annotation| {
            !hidden.contains(a.key.layer.as_str())
                && (!filter.is_active() || filter.passes(&a.label, &quote(doc, a), &a.note))
        };
        let changed = match &self.made_from {
            Some((at, f, h)) if f == filter && h == hidden => doc.changed_since(*at),
            _ => None,
        };
        match changed {
            Some(changed) => {
                let changed: BTreeSet<&Key> = changed.collect();
                if !changed.is_empty() {
                    self.keys.retain(|k| !changed.contains(k));
                    for key in changed {
                        let Some(a) = doc.annotation(key).filter(|a| shows(a)) else {
                            continue;
                        };
                        let order = a.document_order();
                        let at = self.keys.partition_point(|k| {
                            doc.annotation(k)
                                .is_some_and(|b| b.document_order() < order)
                        });
                        self.keys.insert(at, key.clone());
                    }
                }
            }
            None => {
                self.keys = doc
                    .annotations_in_document_order()
                    .into_iter()
                    .filter(|a| shows(a))
                    .map(|a| a.key.clone())
                    .collect();
            }
        }
        self.made_from = Some((doc.log_position(), filter.clone(), hidden.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::{Document, Edit, Fragment, History, Scheme, Timestamp};

    fn quote(doc: &AnnotatedDocument, a: &Annotation) -> String {
        doc.quotes(a).join(" … ")
    }

    fn fresh(doc: &AnnotatedDocument, filter: &Filter, hidden: &Rc<BTreeSet<String>>) -> Vec<Key> {
        let mut listing = Listing::default();
        listing.update(doc, filter, hidden, quote);
        listing.keys
    }

    #[test]
    fn after_each_edit_the_keys_equal_a_listing_made_afresh() {
        let text =
            "Rama said Iran attacked Albania 👩‍👩‍👧 today, and Tirana cut ties.\r\nThen nothing.";
        let mut doc = AnnotatedDocument::new(Document::new("d", text), Scheme::default_scheme());
        let mut history = History::default();
        let hidden = Rc::new(BTreeSet::from(["bob".to_string()]));
        let filters = [
            Filter::default(),
            Filter {
                labels: BTreeSet::from(["actor".to_string()]),
                text: String::new(),
            },
            Filter {
                labels: BTreeSet::new(),
                text: "ti".to_string(),
            },
        ];
        let mut listings: Vec<Listing> = filters.iter().map(|_| Listing::default()).collect();
        let labels = ["actor", "event", "claim"];
        let n = text.chars().count();
        // A fixed pseudo-random walk of adds, relabels, moves, removes, undos.
        let mut seed = 7u64;
        let mut next = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % m
        };
        for step in 0..400 {
            let layer = if next(4) == 0 { "bob" } else { "me" };
            let key = Key::new(layer, format!("a{}", next(12)));
            let start = next(n - 1);
            let end = start + 1 + next((n - start).min(9));
            let mut a = scholia_core::Annotation::new(
                key.clone(),
                labels[next(3)],
                Fragment::new(start, end),
                Timestamp(step),
            );
            let edit = match (doc.annotation(&key).is_some(), next(3)) {
                (false, _) => Edit::AddAnnotation(a),
                (true, 0) => Edit::RemoveAnnotation(key),
                (true, _) => {
                    a.note = if next(2) == 0 {
                        "tied".into()
                    } else {
                        String::new()
                    };
                    Edit::UpdateAnnotation(a)
                }
            };
            if let Ok(changes) = doc.apply(edit) {
                history.record(changes);
            }
            if next(5) == 0 {
                let _ = history.undo(&mut doc);
            }
            for (filter, listing) in filters.iter().zip(&mut listings) {
                listing.update(&doc, filter, &hidden, quote);
                assert_eq!(listing.keys, fresh(&doc, filter, &hidden), "step {step}");
            }
        }
        assert!(
            listings[0].keys.len() > 3,
            "the walk should leave some annotations"
        );
        // Another filter, another document: made afresh.
        let mut listing = Listing::default();
        listing.update(&doc, &filters[0], &hidden, quote);
        listing.update(&doc, &filters[1], &hidden, quote);
        assert_eq!(listing.keys, fresh(&doc, &filters[1], &hidden));
        let copy = doc.clone();
        listing.update(&copy, &filters[1], &Rc::default(), quote);
        assert_eq!(listing.keys, fresh(&copy, &filters[1], &Rc::default()));
    }
}
