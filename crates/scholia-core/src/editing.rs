//! What a user means, turned into [`Edit`]s: relabel, resize, add or cut a
//! fragment, note and attributes, link two annotations, relabel or delete
//! many at once, and annotate every occurrence of a search. Each function
//! reads the document and returns one edit (a [`Edit::Batch`] when it takes
//! several records), so that every intent is one undo step. Nothing here
//! changes the document: [`AnnotatedDocument::apply`] does, with its checks.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;

use crate::document::AnnotatedDocument;
use crate::edit::Edit;
use crate::error::{quoted, Error};
use crate::model::{Annotation, AttributeValue, Fragment, Key, Relation, Scheme, Timestamp};
use crate::text::{Snap, Text};

/// One end of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanEnd {
    Start,
    End,
}

fn existing<'a>(doc: &'a AnnotatedDocument, key: &Key) -> Result<&'a Annotation, Error> {
    doc.annotation(key)
        .ok_or_else(|| Error::invalid("that annotation no longer exists"))
}

/// Replaces an annotation with `change` applied, stamped `now`.
pub fn update(
    doc: &AnnotatedDocument,
    key: &Key,
    now: Timestamp,
    change: impl FnOnce(&mut Annotation),
) -> Result<Edit, Error> {
    let mut annotation = existing(doc, key)?.clone();
    change(&mut annotation);
    annotation.modified = now;
    Ok(Edit::UpdateAnnotation(annotation))
}

/// Moves one end of a span by a word (or, with [`Snap::Graphemes`], by a
/// character as users see it), `forward` meaning towards the end of the
/// text. `None` when the span would become empty or cannot move further.
pub fn move_span_end(
    text: &Text,
    fragments: &[Fragment],
    end: SpanEnd,
    forward: bool,
    snap: Snap,
) -> Option<Vec<Fragment>> {
    let mut fragments = fragments.to_vec();
    let by_word = snap == Snap::Words;
    match end {
        SpanEnd::End => {
            let last = fragments.last_mut()?;
            let moved = match (forward, by_word) {
                (true, true) => text.next_word_end(last.end),
                (true, false) => text.next_grapheme(last.end),
                (false, true) => text.word_end_before(last.end),
                (false, false) => text.previous_grapheme(last.end),
            };
            if moved <= last.start || moved == last.end {
                return None;
            }
            last.end = moved;
        }
        SpanEnd::Start => {
            let first = fragments.first_mut()?;
            let moved = match (forward, by_word) {
                (true, true) => text.word_start_after(first.start),
                (true, false) => text.next_grapheme(first.start),
                (false, true) => text.previous_word_start(first.start),
                (false, false) => text.previous_grapheme(first.start),
            };
            if moved >= first.end || moved == first.start {
                return None;
            }
            first.start = moved;
        }
    }
    Some(fragments)
}

/// Sets where a span starts and ends (dragging its handles): fragments are
/// cut to `[start, end)`, and the first and last reach out to its ends.
/// `None` when `start >= end`.
pub fn set_extent(fragments: &[Fragment], start: usize, end: usize) -> Option<Vec<Fragment>> {
    if start >= end {
        return None;
    }
    let mut out: Vec<Fragment> = fragments
        .iter()
        .filter_map(|f| {
            let (s, e) = (f.start.max(start), f.end.min(end));
            (s < e).then(|| Fragment::new(s, e))
        })
        .collect();
    if out.is_empty() {
        return Some(vec![Fragment::new(start, end)]);
    }
    out[0].start = start;
    if let Some(last) = out.last_mut() {
        last.end = end;
    }
    Some(out)
}

/// Adds a fragment to a span: overlapping or touching fragments merge.
pub fn add_fragment(fragments: &[Fragment], added: Fragment) -> Vec<Fragment> {
    // Fragments are sorted: the new one goes in its place.
    let mut all = fragments.to_vec();
    all.insert(all.partition_point(|f| *f < added), added);
    let mut out: Vec<Fragment> = Vec::with_capacity(all.len());
    for f in all {
        match out.last_mut() {
            Some(last) if f.start <= last.end => last.end = last.end.max(f.end),
            _ => out.push(f),
        }
    }
    out
}

/// Cuts `[cut.start, cut.end)` out of a span, splitting a fragment if the
/// cut falls inside it; white space left at the edges of what remains is
/// trimmed. `None` when nothing would remain.
pub fn cut_fragment(text: &Text, fragments: &[Fragment], cut: Fragment) -> Option<Vec<Fragment>> {
    let mut pieces = Vec::with_capacity(fragments.len() + 1);
    for f in fragments {
        if !f.overlaps(&cut) {
            pieces.push(*f);
            continue;
        }
        pieces.push(Fragment::new(f.start, cut.start.max(f.start)));
        pieces.push(Fragment::new(cut.end.min(f.end), f.end));
    }
    let out: Vec<Fragment> = pieces
        .into_iter()
        .filter(|p| !p.is_empty())
        .filter_map(|p| text.snap(p.start, p.end, Snap::Graphemes))
        .map(|r| Fragment::new(r.start, r.end))
        .collect();
    (!out.is_empty()).then_some(out)
}

/// Whether a relation of `kind` may link these labels under `scheme`.
fn allowed(scheme: &Scheme, kind: &str, source_label: &str, target_label: &str) -> bool {
    scheme.relation_type(kind).is_some_and(|t| {
        (t.source_labels.is_empty() || t.source_labels.iter().any(|l| l == source_label))
            && (t.target_labels.is_empty() || t.target_labels.iter().any(|l| l == target_label))
    })
}

/// What a relabel did besides changing labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Relabelled {
    pub annotations: usize,
    /// Relations that no longer fit the new labels, removed.
    pub removed_relations: usize,
}

/// Gives annotations a new label, in one step. Attribute values the new
/// label does not take are dropped, and relations that no longer fit the
/// new labels are removed (undo restores them).
pub fn relabel(
    doc: &AnnotatedDocument,
    keys: &[Key],
    label: &str,
    now: Timestamp,
) -> Result<(Edit, Relabelled), Error> {
    let scheme = doc.scheme();
    if scheme.label(label).is_none() {
        return Err(Error::invalid(format!(
            "the label {} is not in the scheme",
            quoted(label)
        )));
    }
    // (Extending a set, not collecting into it: collecting sorts, and each
    // sort is a few kilobytes more of the app's bundle.)
    let mut unique: BTreeSet<&Key> = BTreeSet::new();
    unique.extend(keys);
    let mut updates = Vec::new();
    let mut new_labels: BTreeMap<&Key, &str> = BTreeMap::new();
    for key in unique {
        let annotation = existing(doc, key)?;
        if annotation.label == label {
            continue;
        }
        let mut changed = annotation.clone();
        changed.label = label.to_string().into();
        changed.modified = now;
        changed.attributes.retain(|id, _| {
            scheme.attribute(id).is_some_and(|def| {
                def.applies_to.is_empty() || def.applies_to.iter().any(|l| l == label)
            })
        });
        new_labels.insert(key, label);
        updates.push(Edit::UpdateAnnotation(changed));
    }
    // Every relation at a relabelled annotation is taken out first and put
    // back afterwards if it fits the new labels: checked one by one in
    // between, a relation between two relabelled annotations would not.
    let label_of = |layer: &str, id: &str| -> Option<&str> {
        let key = Key::new(layer, id);
        new_labels
            .get(&key)
            .copied()
            .or_else(|| doc.annotation(&key).map(|a| a.label.as_str()))
    };
    let mut touched: BTreeMap<&Key, &Relation> = BTreeMap::new();
    touched.extend(
        new_labels
            .keys()
            .flat_map(|key| doc.relations_of(key))
            .map(|r| (&r.key, r)),
    );
    let mut edits: Vec<Edit> = touched
        .keys()
        .map(|key| Edit::RemoveRelation((*key).clone()))
        .collect();
    let n_updates = updates.len();
    edits.extend(updates);
    let mut removed_relations = 0;
    for relation in touched.values() {
        let fits = match (
            label_of(&relation.key.layer, &relation.source),
            label_of(&relation.key.layer, &relation.target),
        ) {
            (Some(source), Some(target)) => allowed(scheme, &relation.kind, source, target),
            _ => false,
        };
        if fits {
            edits.push(Edit::AddRelation((*relation).clone()));
        } else {
            removed_relations += 1;
        }
    }
    Ok((
        Edit::Batch(edits),
        Relabelled {
            annotations: n_updates,
            removed_relations,
        },
    ))
}

/// Deletes annotations (and every relation at them) in one step.
pub fn delete(keys: &[Key]) -> Edit {
    let mut unique: BTreeSet<&Key> = BTreeSet::new();
    unique.extend(keys);
    Edit::Batch(
        unique
            .into_iter()
            .map(|k| Edit::RemoveAnnotation(k.clone()))
            .collect(),
    )
}

/// Sets (or, with `None`, clears) one attribute of an annotation.
pub fn set_attribute(
    doc: &AnnotatedDocument,
    key: &Key,
    attribute: &str,
    value: Option<AttributeValue>,
    now: Timestamp,
) -> Result<Edit, Error> {
    update(doc, key, now, |a| match value {
        Some(value) => {
            a.attributes.insert(attribute.to_string(), value);
        }
        None => {
            a.attributes.remove(attribute);
        }
    })
}

/// The relation types that may link an annotation labelled `source` to one
/// labelled `target`, in scheme order.
pub fn relation_types_between<'a>(
    scheme: &'a Scheme,
    source: &str,
    target: &str,
) -> Vec<&'a crate::model::RelationType> {
    scheme
        .relation_types
        .iter()
        .filter(|t| allowed(scheme, &t.id, source, target))
        .collect()
}

/// Links `source` to `target` with a relation of type `kind` in the
/// source's layer. Refused when the same link exists.
pub fn link(
    doc: &AnnotatedDocument,
    source: &Key,
    target: &Key,
    kind: &str,
    id: String,
    now: Timestamp,
) -> Result<Edit, Error> {
    if source.layer != target.layer {
        return Err(Error::invalid(
            "a relation links two annotations of the same annotator",
        ));
    }
    if doc
        .relations_of(source)
        .any(|r| r.kind == kind && r.source == source.id && r.target == target.id)
    {
        return Err(Error::invalid(
            "these two annotations are already linked so",
        ));
    }
    Ok(Edit::AddRelation(Relation {
        key: Key::new(source.layer.clone(), id),
        kind: kind.to_string(),
        source: source.id.to_string(),
        target: target.id.to_string(),
        attributes: BTreeMap::new(),
        note: String::new(),
        created: now,
        modified: now,
        foreign_id: None,
    }))
}

/// How many occurrences an annotate-all added, and how many it skipped
/// because that annotator had already tagged them with the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnnotatedAll {
    pub added: usize,
    pub skipped: usize,
}

/// Annotates every hit (code-point ranges, as a search finds them) with
/// `label` in `layer`, as one step. Hits are trimmed of white space and
/// widened to whole characters as users see them; a hit that is only white
/// space is dropped, and one the layer already holds with that label (the
/// same span) is skipped. `new_id` gives each new annotation its id.
pub fn annotate_all(
    doc: &AnnotatedDocument,
    hits: &[Range<usize>],
    label: &str,
    layer: &str,
    mut new_id: impl FnMut() -> String,
    now: Timestamp,
) -> (Edit, AnnotatedAll) {
    let text = &doc.document().text;
    let mut taken: HashSet<(usize, usize)> = doc
        .annotations()
        .filter(|a| a.key.layer == layer && a.label == label && a.fragments.len() == 1)
        .map(|a| (a.fragments[0].start, a.fragments[0].end))
        .collect();
    let mut edits = Vec::new();
    let mut count = AnnotatedAll::default();
    for hit in hits {
        let Some(span) = text.snap(hit.start, hit.end, Snap::Graphemes) else {
            continue;
        };
        if !taken.insert((span.start, span.end)) {
            count.skipped += 1;
            continue;
        }
        edits.push(Edit::AddAnnotation(Annotation::new(
            Key::new(layer, new_id()),
            label,
            Fragment::new(span.start, span.end),
            now,
        )));
        count.added += 1;
    }
    (Edit::Batch(edits), count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::Document;

    const TEXT: &str = "Edi Rama said Iran attacked Albania. Rama said so twice, Rama did.";

    fn doc() -> AnnotatedDocument {
        AnnotatedDocument::new(Document::new("d", TEXT), Scheme::default_scheme())
    }

    fn span(word: &str, nth: usize) -> Fragment {
        let byte = TEXT.match_indices(word).nth(nth).unwrap().0;
        let start = TEXT[..byte].chars().count();
        Fragment::new(start, start + word.chars().count())
    }

    fn add(doc: &mut AnnotatedDocument, id: &str, label: &str, fragment: Fragment) -> Key {
        let key = Key::new("me", id);
        doc.apply(Edit::AddAnnotation(Annotation::new(
            key.clone(),
            label,
            fragment,
            Timestamp(0),
        )))
        .unwrap();
        key
    }

    fn quote(doc: &AnnotatedDocument, key: &Key) -> String {
        doc.quotes(doc.annotation(key).unwrap()).join("|")
    }

    #[test]
    fn span_ends_move_by_word_and_grapheme() {
        let mut d = doc();
        let key = add(&mut d, "a", "actor", span("Rama", 0));
        let text = d.document().text.clone();
        let fragments = d.annotation(&key).unwrap().fragments.clone();
        let moved =
            |f: &[Fragment], end, forward, snap| move_span_end(&text, f, end, forward, snap);
        let grown = moved(&fragments, SpanEnd::Start, false, Snap::Words).unwrap();
        assert_eq!(text.slice(grown[0].start, grown[0].end), "Edi Rama");
        let grown = moved(&grown, SpanEnd::End, true, Snap::Words).unwrap();
        assert_eq!(text.slice(grown[0].start, grown[0].end), "Edi Rama said");
        let shrunk = moved(&grown, SpanEnd::Start, true, Snap::Words).unwrap();
        assert_eq!(text.slice(shrunk[0].start, shrunk[0].end), "Rama said");
        let shrunk = moved(&shrunk, SpanEnd::End, false, Snap::Graphemes).unwrap();
        assert_eq!(text.slice(shrunk[0].start, shrunk[0].end), "Rama sai");
        // A one-word span cannot lose its only word, nor grow before the text.
        assert_eq!(moved(&fragments, SpanEnd::End, false, Snap::Words), None);
        let first = [span("Edi", 0)];
        assert_eq!(moved(&first, SpanEnd::Start, false, Snap::Words), None);

        let edit = update(&d, &key, Timestamp(5), |a| a.fragments = grown.clone()).unwrap();
        d.apply(edit).unwrap();
        assert_eq!(quote(&d, &key), "Edi Rama said");
        assert_eq!(d.annotation(&key).unwrap().modified, Timestamp(5));
    }

    #[test]
    fn fragments_are_added_cut_and_dragged() {
        let rama = span("Rama", 0);
        let iran = span("Iran", 0);
        let two = add_fragment(&[rama], iran);
        assert_eq!(two, vec![rama, iran]);
        // Overlapping and touching fragments merge.
        assert_eq!(
            add_fragment(&two, Fragment::new(rama.end, iran.start)),
            vec![Fragment::new(rama.start, iran.end)]
        );
        let text = Text::new(TEXT);
        let whole = Fragment::new(0, 18); // "Edi Rama said Iran"
                                          // Cutting "said" leaves no space at the edges of what remains.
        let cut = cut_fragment(&text, &[whole], Fragment::new(9, 13)).unwrap();
        assert_eq!(cut, vec![Fragment::new(0, 8), Fragment::new(14, 18)]);
        assert_eq!(
            cut_fragment(&text, &cut, Fragment::new(14, 18)),
            Some(vec![Fragment::new(0, 8)])
        );
        assert_eq!(cut_fragment(&text, &[rama], Fragment::new(0, 30)), None);
        assert_eq!(
            cut_fragment(&text, &[rama], Fragment::new(30, 40)),
            Some(vec![rama])
        );
        // Dragging the end of a two-fragment span back into the first one.
        assert_eq!(
            set_extent(&two, rama.start, 6),
            Some(vec![Fragment::new(rama.start, 6)])
        );
        // Dragging the start into the gap: the span now starts there.
        assert_eq!(
            set_extent(&two, 10, iran.end),
            Some(vec![Fragment::new(10, iran.end)])
        );
        assert_eq!(
            set_extent(&two, 0, iran.end),
            Some(vec![Fragment::new(0, rama.end), iran])
        );
        assert_eq!(set_extent(&two, 5, 5), None);
    }

    #[test]
    fn relabelling_drops_what_no_longer_fits_and_undo_restores_it() {
        let mut d = doc();
        let claim = add(&mut d, "c", "claim", span("Iran attacked Albania", 0));
        let rama = add(&mut d, "r", "actor", span("Rama", 0));
        let event = add(&mut d, "e", "event", span("attacked", 0));
        d.apply(
            set_attribute(
                &d,
                &claim,
                "status",
                Some(AttributeValue::Text("disputed".into())),
                Timestamp(1),
            )
            .unwrap(),
        )
        .unwrap();
        for (id, kind, s, t) in [
            ("r1", "source-of", &claim, &rama),
            ("r2", "about", &claim, &event),
            ("r3", "participant", &rama, &event),
        ] {
            d.apply(link(&d, s, t, kind, id.into(), Timestamp(1)).unwrap())
                .unwrap();
        }
        let before = d.clone();
        let mut history = History::default();
        // The claim becomes an event: its status goes, and so do both its relations.
        let (edit, done) =
            relabel(&d, std::slice::from_ref(&claim), "event", Timestamp(2)).unwrap();
        assert_eq!(
            done,
            Relabelled {
                annotations: 1,
                removed_relations: 2
            }
        );
        history.record(d.apply(edit).unwrap());
        assert!(d.annotation(&claim).unwrap().attributes.is_empty());
        assert_eq!(
            d.relations().map(|r| r.key.id.as_str()).collect::<Vec<_>>(),
            ["r3"]
        );
        history.undo(&mut d).unwrap().unwrap();
        assert_eq!(d, before);

        // Both ends of "participant" relabelled at once: checked against the
        // final labels, it is removed; a relation that still fits stays.
        let (edit, done) =
            relabel(&d, &[rama.clone(), event.clone()], "claim", Timestamp(2)).unwrap();
        assert_eq!(done.annotations, 2);
        assert_eq!(done.removed_relations, 3);
        d.apply(edit).unwrap();
        assert_eq!(d.relations().len(), 0);
        assert!(relabel(&d, &[rama], "place", Timestamp(3)).is_err());
    }

    #[test]
    fn links_follow_the_scheme_and_are_not_doubled() {
        let mut d = doc();
        let claim = add(&mut d, "c", "claim", span("Iran attacked Albania", 0));
        let rama = add(&mut d, "r", "actor", span("Rama", 0));
        let kinds: Vec<&str> = relation_types_between(d.scheme(), "claim", "actor")
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(kinds, ["source-of"]);
        assert!(relation_types_between(d.scheme(), "actor", "claim").is_empty());
        d.apply(link(&d, &claim, &rama, "source-of", "r1".into(), Timestamp(1)).unwrap())
            .unwrap();
        let again = link(&d, &claim, &rama, "source-of", "r2".into(), Timestamp(1)).unwrap_err();
        assert!(again.to_string().contains("already linked"), "{again}");
        // The wrong direction is refused by the document's own checks.
        let wrong = link(&d, &rama, &claim, "source-of", "r3".into(), Timestamp(1)).unwrap();
        assert!(d.apply(wrong).is_err());
    }

    #[test]
    fn annotate_all_skips_what_is_there_and_is_one_step() {
        let mut d = doc();
        add(&mut d, "first", "actor", span("Rama", 1));
        add(&mut d, "other-label", "claim", span("Rama", 2));
        let text = d.document().text.clone();
        let hits: Vec<Range<usize>> = (0..3)
            .map(|i| span("Rama", i))
            .map(|f| f.start..f.end)
            .chain([0..0, 3..4])
            .collect();
        let mut n = 0;
        let (edit, count) = annotate_all(
            &d,
            &hits,
            "actor",
            "me",
            || {
                n += 1;
                format!("new{n}")
            },
            Timestamp(3),
        );
        assert_eq!(
            count,
            AnnotatedAll {
                added: 2,
                skipped: 1
            }
        );
        let mut history = History::default();
        let before = d.clone();
        history.record(d.apply(edit).unwrap());
        let actors: Vec<&str> = d
            .annotations_in_document_order()
            .into_iter()
            .filter(|a| a.label == "actor")
            .map(|a| text.slice(a.fragments[0].start, a.fragments[0].end))
            .collect();
        assert_eq!(actors, ["Rama", "Rama", "Rama"]);
        history.undo(&mut d).unwrap().unwrap();
        assert_eq!(d, before);
    }

    #[test]
    fn bulk_delete_removes_relations_once() {
        let mut d = doc();
        let claim = add(&mut d, "c", "claim", span("Iran attacked Albania", 0));
        let rama = add(&mut d, "r", "actor", span("Rama", 0));
        d.apply(link(&d, &claim, &rama, "source-of", "r1".into(), Timestamp(1)).unwrap())
            .unwrap();
        d.apply(delete(&[claim, rama.clone(), rama])).unwrap();
        assert_eq!((d.annotations().len(), d.relations().len()), (0, 0));
    }
}
