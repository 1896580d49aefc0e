//! The merged view's statuses and adjudication into a gold layer.

use scholia_core::adjudication::{
    annotator_layers, sequential_ids, Adjudicator, Decision, GoldSpan, MergedView, Status,
    GOLD_LAYER,
};
use scholia_core::format::scholia;
use scholia_core::merge::{rename_layer, MergeOptions, Merger, Source};
use scholia_core::{AnnotatedDocument, Fragment, History, Timestamp};

use crate::common::{annotate, relate};

const TEXT: &str = "Rama met the mayor of Tirana on Monday. Critics said the bridge cost too much.";

/// Three annotators' files merged; each `(word, label)` marks the first
/// occurrence of the word.
fn three(
    alice: &[(&str, &str)],
    bob: &[(&str, &str)],
    carol: &[(&str, &str)],
) -> AnnotatedDocument {
    let mut merger = Merger::new(MergeOptions::default());
    for (name, spans) in [("alice", alice), ("bob", bob), ("carol", carol)] {
        let mut doc = annotate(TEXT, spans);
        rename_layer(&mut doc, "alice", name);
        merger
            .add(Source::file(&format!("{name}.json")), doc)
            .unwrap();
    }
    merger.finish().unwrap().document
}

fn status_at(view: &MergedView, doc: &AnnotatedDocument, quote: &str) -> (Status, Vec<String>) {
    let start = TEXT[..TEXT.find(quote).unwrap()].chars().count();
    let i = view
        .clusters
        .iter()
        .position(|c| {
            c.candidates
                .iter()
                .any(|cand| cand.fragments[0].start == start)
        })
        .unwrap_or_else(|| panic!("no cluster at {quote}"));
    assert!(doc.annotations().len() > 0);
    (view.clusters[i].status, view.clusters[i].missing.clone())
}

#[test]
fn every_status_of_the_merged_view() {
    let doc = three(
        &[
            ("Rama", "actor"),
            ("the mayor of Tirana", "actor"),
            ("Critics", "actor"),
            ("Monday", "event"),
        ],
        &[
            ("Rama", "actor"),
            ("the mayor", "actor"),
            ("Critics", "event"),
        ],
        &[
            ("Rama", "actor"),
            ("mayor of Tirana", "actor"),
            ("Critics", "actor"),
        ],
    );
    let view = MergedView::new(&doc, &annotator_layers(&doc));
    assert_eq!(view.layers, vec!["alice", "bob", "carol"]);
    assert_eq!(
        status_at(&view, &doc, "Rama"),
        (Status::SameSpanSameLabel, vec![])
    );
    assert_eq!(
        status_at(&view, &doc, "the mayor"),
        (Status::Overlapping, vec![])
    );
    assert_eq!(
        status_at(&view, &doc, "Critics"),
        (Status::SameSpanOtherLabel, vec![])
    );
    assert_eq!(
        status_at(&view, &doc, "Monday"),
        (Status::OnlyOne, vec!["bob".into(), "carol".into()])
    );
    let counts = view.counts();
    assert_eq!(
        (counts.agreements, counts.overlapping, counts.only_one),
        (1, 1, 1)
    );
    // Walking the disagreements skips the agreement on "Rama".
    let first = view.next_disagreement(None).unwrap();
    assert_eq!(view.clusters[first].status, Status::Overlapping);
    let second = view.next_disagreement(Some(first)).unwrap();
    assert_eq!(view.previous_disagreement(Some(second)), Some(first));
    assert_eq!(view.disagreements().count(), 3);
    let rama = doc
        .annotations()
        .find(|a| a.key.layer == "bob" && a.fragments[0].start == 0)
        .unwrap();
    assert_eq!(view.status_of(&rama.key), Some(Status::SameSpanSameLabel));
    // Two of three agree, the third marked nothing: not an agreement.
    let doc = three(&[("Rama", "actor")], &[("Rama", "actor")], &[]);
    let view = MergedView::new(&doc, &["alice".into(), "bob".into(), "carol".into()]);
    assert_eq!(view.clusters[0].status, Status::SameSpanSameLabel);
    assert!(!view.clusters[0].is_agreement());
}

#[test]
fn nested_spans_are_compared_as_each_annotators_set() {
    // Both mark the event and the actor inside it: one cluster, agreed.
    let doc = three(
        &[("met the mayor of Tirana", "event"), ("Tirana", "actor")],
        &[("met the mayor of Tirana", "event"), ("Tirana", "actor")],
        &[("met the mayor of Tirana", "event"), ("Tirana", "actor")],
    );
    let view = MergedView::new(&doc, &annotator_layers(&doc));
    assert_eq!(view.clusters.len(), 1);
    assert!(view.clusters[0].is_agreement());
    assert_eq!(view.clusters[0].candidates.len(), 2);
}

fn adjudicator<'a>(ids: &'a mut dyn FnMut() -> String) -> Adjudicator<'a> {
    Adjudicator {
        gold_layer: GOLD_LAYER,
        now: Timestamp(1_767_225_600_000),
        fresh_id: ids,
    }
}

fn gold(doc: &AnnotatedDocument) -> Vec<(String, String)> {
    doc.annotations()
        .filter(|a| a.key.layer == GOLD_LAYER)
        .map(|a| (a.label.to_string(), doc.quotes(a).join("|")))
        .collect()
}

#[test]
fn accept_union_reject_and_edit_write_the_gold_layer() {
    let mut doc = three(
        &[
            ("Rama", "actor"),
            ("the mayor of Tirana", "actor"),
            ("Critics", "actor"),
        ],
        &[
            ("Rama", "actor"),
            ("the mayor", "actor"),
            ("Critics", "event"),
        ],
        &[
            ("Rama", "actor"),
            ("mayor of Tirana", "actor"),
            ("Critics", "actor"),
        ],
    );
    let view = MergedView::new(&doc, &annotator_layers(&doc));
    let mut ids = sequential_ids(&doc, GOLD_LAYER);
    let mut history = History::default();
    // Agreements first, in one step.
    let edit = adjudicator(&mut ids)
        .accept_agreements(&doc, &view)
        .unwrap();
    history.record(doc.apply(edit).unwrap());
    assert_eq!(gold(&doc), vec![("actor".to_string(), "Rama".to_string())]);
    // The mayor: bob's version.
    let mayor = view.next_disagreement(None).unwrap();
    let edit = adjudicator(&mut ids)
        .decide(&doc, &view, mayor, &Decision::Accept("bob".into()))
        .unwrap();
    history.record(doc.apply(edit).unwrap());
    assert!(gold(&doc).contains(&("actor".into(), "the mayor".into())));
    // Changing one's mind replaces the earlier decision: the union.
    let edit = adjudicator(&mut ids)
        .decide(&doc, &view, mayor, &Decision::Union)
        .unwrap();
    history.record(doc.apply(edit).unwrap());
    let mayors: Vec<String> = gold(&doc)
        .into_iter()
        .filter(|(_, q)| q.contains("mayor"))
        .map(|(_, q)| q)
        .collect();
    assert_eq!(
        mayors,
        vec!["the mayor of Tirana", "the mayor", "mayor of Tirana"]
    );
    // Then an edit of one's own.
    let start = TEXT.find("mayor").unwrap();
    let edit = adjudicator(&mut ids)
        .decide(
            &doc,
            &view,
            mayor,
            &Decision::Edit(vec![GoldSpan {
                label: "actor".into(),
                fragments: vec![Fragment::new(start, start + 5)],
                attributes: Default::default(),
                note: "the office, not the person".into(),
            }]),
        )
        .unwrap();
    history.record(doc.apply(edit).unwrap());
    let mayors: Vec<(String, String)> = gold(&doc)
        .into_iter()
        .filter(|(_, q)| q.contains("mayor"))
        .collect();
    assert_eq!(mayors, vec![("actor".into(), "mayor".into())]);
    // Critics: bob's version, then rejected, which takes it out of gold.
    let critics = view.next_disagreement(Some(mayor)).unwrap();
    let edit = adjudicator(&mut ids)
        .decide(&doc, &view, critics, &Decision::Accept("bob".into()))
        .unwrap();
    history.record(doc.apply(edit).unwrap());
    assert!(gold(&doc).contains(&("event".into(), "Critics".into())));
    let edit = adjudicator(&mut ids)
        .decide(&doc, &view, critics, &Decision::Reject)
        .unwrap();
    history.record(doc.apply(edit).unwrap());
    assert!(!gold(&doc).iter().any(|(_, q)| q == "Critics"));
    // Undo takes back the rejection, bob's Critics, the edit: the union is back.
    for _ in 0..3 {
        history.undo(&mut doc).unwrap().unwrap();
    }
    let mayors: Vec<String> = gold(&doc)
        .into_iter()
        .filter(|(_, q)| q.contains("mayor"))
        .map(|(_, q)| q)
        .collect();
    assert_eq!(mayors.len(), 3);
    // Gold exports and imports like any layer.
    let json = scholia::export(&doc);
    let back = scholia::import(&json).unwrap();
    assert_eq!(back.layers(), vec!["alice", "bob", "carol", GOLD_LAYER]);
    assert_eq!(back, doc);
}

#[test]
fn accepting_a_version_brings_its_relations_once_both_ends_are_gold() {
    let mut alice = annotate(
        TEXT,
        &[
            ("Critics", "actor"),
            ("the bridge cost too much", "claim"),
            ("Rama", "actor"),
        ],
    );
    relate(&mut alice, "r1", "source-of", "a2", "a1");
    let mut bob = annotate(
        TEXT,
        &[("Critics", "actor"), ("bridge cost too much", "claim")],
    );
    relate(&mut bob, "r1", "source-of", "a2", "a1");
    rename_layer(&mut bob, "alice", "bob");
    let mut merger = Merger::new(MergeOptions::default());
    merger.add(Source::file("alice.json"), alice).unwrap();
    merger.add(Source::file("bob.json"), bob).unwrap();
    let mut doc = merger.finish().unwrap().document;
    let view = MergedView::new(&doc, &annotator_layers(&doc));
    let mut ids = sequential_ids(&doc, GOLD_LAYER);
    let edit = adjudicator(&mut ids)
        .accept_agreements(&doc, &view)
        .unwrap();
    doc.apply(edit).unwrap();
    assert_eq!(
        doc.relations()
            .filter(|r| r.key.layer == GOLD_LAYER)
            .count(),
        0
    );
    let claim = view
        .disagreements()
        .find(|&i| {
            view.clusters[i]
                .candidates
                .iter()
                .any(|c| c.label == "claim")
        })
        .unwrap();
    let edit = adjudicator(&mut ids)
        .decide(&doc, &view, claim, &Decision::Accept("bob".into()))
        .unwrap();
    doc.apply(edit).unwrap();
    let relation = doc.relations().find(|r| r.key.layer == GOLD_LAYER).unwrap();
    let source = doc.annotation(&relation.source_key()).unwrap();
    assert_eq!(doc.quotes(source), vec!["bridge cost too much"]);
    assert_eq!(relation.kind, "source-of");
    // Accepting again changes nothing twice: no duplicate relation.
    let edit = adjudicator(&mut ids)
        .decide(&doc, &view, claim, &Decision::Accept("bob".into()))
        .unwrap();
    doc.apply(edit).unwrap();
    assert_eq!(
        doc.relations()
            .filter(|r| r.key.layer == GOLD_LAYER)
            .count(),
        1
    );
}

#[test]
fn decisions_name_what_is_wrong() {
    let doc = three(&[("Rama", "actor")], &[("Rama", "event")], &[]);
    let view = MergedView::new(&doc, &annotator_layers(&doc));
    let mut ids = sequential_ids(&doc, GOLD_LAYER);
    let error = adjudicator(&mut ids)
        .decide(&doc, &view, 0, &Decision::Accept("zoe".into()))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "“zoe” is not one of the compared annotators (alice, bob)"
    );
    let error = adjudicator(&mut ids)
        .decide(&doc, &view, 7, &Decision::Union)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "there is no disagreement number 8 (the document has 1)"
    );
    let with_gold = MergedView::new(&doc, &["alice".into(), GOLD_LAYER.into()]);
    assert!(adjudicator(&mut ids)
        .decide(&doc, &with_gold, 0, &Decision::Union)
        .is_err());
}
