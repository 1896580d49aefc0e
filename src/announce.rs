//! What a screen reader is told about the annotations: the highlights are
//! paint only (the CSS Custom Highlight API adds no element), so the
//! annotations under the caret or the selection are put into words here and
//! spoken by a polite live region (`components/document_view.rs`); the list's
//! rows and the document's description are named here too. Pure: it reads
//! the document and knows no store.

use std::collections::BTreeSet;

use scholia_core::{AnnotatedDocument, Annotation, Fragment, Key};

use crate::words::plural;

/// Quotes longer than this are cut in what is spoken.
const MAX_SPOKEN_CHARS: usize = 80;

/// The annotations (of the layers not `hidden`) under the caret at `start`
/// (`start == end`: the character after it) or meeting the selection
/// `start..end`, outermost first: longest first, then in document order.
pub fn under(
    doc: &AnnotatedDocument,
    (start, end): (usize, usize),
    hidden: &BTreeSet<String>,
) -> Vec<Key> {
    let end = end.max(start + 1);
    let mut found: Vec<&Annotation> = doc
        .annotations()
        .filter(|a| !hidden.contains(a.key.layer.as_str()))
        .filter(|a| a.fragments.iter().any(|f| f.start < end && start < f.end))
        .collect();
    scholia_core::sorting::sort_by_key(&mut found, |a| {
        let length: usize = a.fragments.iter().map(Fragment::len).sum();
        (std::cmp::Reverse(length), a.document_order())
    });
    found.into_iter().map(|a| a.key.clone()).collect()
}

/// One annotation as spoken: "Actor: Edi Rama".
pub fn spoken(doc: &AnnotatedDocument, key: &Key) -> Option<String> {
    let a = doc.annotation(key)?;
    let label = doc
        .scheme()
        .label(&a.label)
        .map_or_else(|| a.label.to_string(), |l| l.name.clone());
    Some(format!("{label}: {}", shorten(&doc.quotes(a).join(" … "))))
}

/// What the live region says when the caret or the selection enters `keys`
/// (from [`under`]): nothing for none, "Actor: Edi Rama" for one, and for
/// nested ones their count first, outermost first ("2 annotations: Claim:
/// … ; Actor: Edi Rama").
pub fn announcement(doc: &AnnotatedDocument, keys: &[Key]) -> String {
    let parts: Vec<String> = keys.iter().filter_map(|k| spoken(doc, k)).collect();
    match parts.len() {
        0 => String::new(),
        1 => parts.into_iter().next().unwrap_or_default(),
        n => format!("{n} annotations: {}", parts.join("; ")),
    }
}

/// The accessible name of a row of the annotation list: label, text, and
/// where it is in the text ("Actor: Edi Rama, line 3"); its layer when the
/// document has several.
pub fn row_name(doc: &AnnotatedDocument, key: &Key, with_layer: bool) -> String {
    let Some(a) = doc.annotation(key) else {
        return String::new();
    };
    let line = doc.document().text.line_of(a.extent().start) + 1;
    let what = spoken(doc, key).unwrap_or_default();
    if with_layer {
        format!("{what}, line {line}, by {}", key.layer)
    } else {
        format!("{what}, line {line}")
    }
}

/// The document region's description: how many annotations and relations it
/// holds, and how to reach them.
pub fn document_description(doc: &AnnotatedDocument) -> String {
    let (n, r) = (doc.annotations().len(), doc.relations().len());
    let annotations = match n {
        0 => "No annotations".to_string(),
        n => plural(n, "annotation", "annotations"),
    };
    let relations = match r {
        0 => String::new(),
        r => format!(", {}", plural(r, "relation", "relations")),
    };
    let how = if n == 0 {
        "Select text with Shift and the arrow keys, then press a label's key."
    } else {
        "Press ] and [ to move between them; the caret says what it enters."
    };
    format!("{annotations}{relations}. {how}")
}

fn shorten(quote: &str) -> String {
    if quote.chars().count() > MAX_SPOKEN_CHARS {
        quote.chars().take(MAX_SPOKEN_CHARS).collect::<String>() + "…"
    } else {
        quote.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;

    fn doc_of(store: &crate::store::Store) -> AnnotatedDocument {
        store.workspace.as_ref().unwrap().borrow().doc.clone()
    }

    const TEXT: &str = "Albanian Prime Minister Edi Rama spoke.\nThen he left.";

    #[test]
    fn nested_annotations_are_counted_outermost_first() {
        let store = open_text(TEXT);
        let store = tag_at(store, (15, 32), "claim", "outer");
        let store = tag_at(store, (24, 32), "actor", "inner");
        let doc = doc_of(&store);
        let none = BTreeSet::new();
        assert!(under(&doc, (3, 3), &none).is_empty());
        assert_eq!(announcement(&doc, &under(&doc, (3, 3), &none)), "");
        let at_prime = under(&doc, (16, 16), &none);
        assert_eq!(announcement(&doc, &at_prime), "Claim: Minister Edi Rama");
        let at_rama = under(&doc, (25, 25), &none);
        assert_eq!(
            announcement(&doc, &at_rama),
            "2 annotations: Claim: Minister Edi Rama; Actor: Edi Rama"
        );
        // The caret just before the span is not in it; a selection ending
        // there is not either.
        assert!(under(&doc, (14, 14), &none).is_empty());
        assert!(under(&doc, (10, 15), &none).is_empty());
        assert_eq!(under(&doc, (10, 16), &none).len(), 1);
        // A hidden layer is not spoken.
        let hidden: BTreeSet<String> = [key("inner").layer.to_string()].into();
        assert!(under(&doc, (25, 25), &hidden).is_empty());
    }

    #[test]
    fn rows_and_the_document_are_described() {
        let store = open_text(TEXT);
        let doc = doc_of(&store);
        assert!(document_description(&doc).starts_with("No annotations. "));
        // Snapped to whole words, as the app does by default.
        let store = tag_at(store, (45, 49), "actor", "he");
        let doc = doc_of(&store);
        assert_eq!(row_name(&doc, &key("he"), false), "Actor: he left, line 2");
        assert!(row_name(&doc, &key("he"), true).ends_with(", by annotator"));
        assert!(document_description(&doc).starts_with("1 annotation. Press ]"));
    }
}
