//! Which annotations the list shows, and in what order: the filter, the one
//! test of whether an annotation is listed (the list and the `]` `[` jumps
//! both use it, so that a jump never lands on a row the list hides), and the
//! list's keys in document order, kept up to date after an edit by what
//! changed (the document's change log) instead of sorting and filtering
//! 10,000 annotations again.

use std::collections::BTreeSet;
use std::rc::Rc;

use scholia_core::{AnnotatedDocument, Annotation, Key, LogPosition};

/// Which annotations the panel lists (and `]` `[` step through).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Label ids shown; empty shows all.
    pub labels: BTreeSet<String>,
    /// Shown if the quote or the note holds this (any case).
    pub text: String,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.labels.is_empty() || !self.text.trim().is_empty()
    }

    /// Whether an annotation passes, given its quote.
    pub fn passes(&self, label: &str, quote: &str, note: &str) -> bool {
        if !self.labels.is_empty() && !self.labels.contains(label) {
            return false;
        }
        let needle = self.text.trim().to_lowercase();
        needle.is_empty()
            || quote.to_lowercase().contains(&needle)
            || note.to_lowercase().contains(&needle)
    }

    /// Whether the list shows an annotation: its layer is not hidden and it
    /// passes the filter (on its whole quote, fragments joined by " … ").
    pub fn shows(
        &self,
        doc: &AnnotatedDocument,
        a: &Annotation,
        hidden: &BTreeSet<String>,
    ) -> bool {
        !hidden.contains(a.key.layer.as_str())
            && (!self.is_active() || self.passes(&a.label, &quote(doc, a), &a.note))
    }
}

/// An annotation's quote as the list shows and filters it.
pub fn quote(doc: &AnnotatedDocument, a: &Annotation) -> String {
    doc.quotes(a).join(" … ")
}

/// The keys the list shows, made afresh.
pub fn listed(doc: &AnnotatedDocument, filter: &Filter, hidden: &BTreeSet<String>) -> Vec<Key> {
    doc.annotations_in_document_order()
        .into_iter()
        .filter(|a| filter.shows(doc, a, hidden))
        .map(|a| a.key.clone())
        .collect()
}

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
    /// `hidden` layers.
    pub fn update(
        &mut self,
        doc: &AnnotatedDocument,
        filter: &Filter,
        hidden: &Rc<BTreeSet<String>>,
    ) {
        let shows = |a: &Annotation| filter.shows(doc, a, hidden);
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
            None => self.keys = listed(doc, filter, hidden),
        }
        self.made_from = Some((doc.log_position(), filter.clone(), hidden.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::{Document, Edit, Fragment, History, Scheme, Timestamp};

    fn fresh(doc: &AnnotatedDocument, filter: &Filter, hidden: &Rc<BTreeSet<String>>) -> Vec<Key> {
        let mut listing = Listing::default();
        listing.update(doc, filter, hidden);
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
                listing.update(&doc, filter, &hidden);
                assert_eq!(listing.keys, fresh(&doc, filter, &hidden), "step {step}");
            }
        }
        assert!(
            listings[0].keys.len() > 3,
            "the walk should leave some annotations"
        );
        // Another filter, another document: made afresh.
        let mut listing = Listing::default();
        listing.update(&doc, &filters[0], &hidden);
        listing.update(&doc, &filters[1], &hidden);
        assert_eq!(listing.keys, fresh(&doc, &filters[1], &hidden));
        let copy = doc.clone();
        listing.update(&copy, &filters[1], &Rc::default());
        assert_eq!(listing.keys, fresh(&copy, &filters[1], &Rc::default()));
    }
}
