//! Merging annotators' files of one document: layers, texts, schemes.

use scholia_core::format::scholia;
use scholia_core::merge::{
    rename_layer, MergeOptions, Merger, RenameReason, Source, DEFAULT_LAYER,
};
use scholia_core::{AnnotatedDocument, Color, ErrorKind, Key, Scheme};

use crate::common::{annotate, relate, HARD_TEXT};

/// One annotator's file: `spans` in layer `layer`.
fn file_of(layer: &str, spans: &[(&str, &str)]) -> AnnotatedDocument {
    let mut doc = annotate(HARD_TEXT, spans);
    rename_layer(&mut doc, "alice", layer);
    doc
}

fn layers(doc: &AnnotatedDocument) -> Vec<&str> {
    doc.layers()
}

#[test]
fn files_without_an_annotator_take_their_stem_and_keep_everything() {
    let mut alice = file_of(
        DEFAULT_LAYER,
        &[("Tirana", "actor"), ("said “yes”", "claim")],
    );
    relate_in(&mut alice, DEFAULT_LAYER, "r1", "source-of", "a2", "a1");
    let bob = file_of(DEFAULT_LAYER, &[("Tirana", "actor")]);
    let carol = file_of(DEFAULT_LAYER, &[]);
    let mut merger = Merger::new(MergeOptions::default());
    merger
        .add(Source::file("work/alice.scholia.json"), alice)
        .unwrap();
    merger.add(Source::file("work/bob.json"), bob).unwrap();
    merger.add(Source::file("carol.json"), carol).unwrap();
    let merged = merger.finish().unwrap();
    assert_eq!(layers(&merged.document), vec!["alice", "bob"]);
    // Carol marked nothing, and still counts as an annotator.
    assert_eq!(merged.annotators, vec!["alice", "bob", "carol"]);
    assert_eq!(merged.document.annotations().len(), 3);
    let relation = merged.document.relations().next().unwrap();
    assert_eq!(relation.key, Key::new("alice", "r1"));
    assert!(merged
        .report
        .renamed
        .iter()
        .all(|r| r.reason == RenameReason::DefaultLayer));
    assert!(merged.report.messages()[0]
        .contains("work/alice.scholia.json: layer “annotator” renamed “alice”"));
    // The merged file round-trips.
    let json = scholia::export(&merged.document);
    assert_eq!(scholia::import(&json).unwrap(), merged.document);
}

fn relate_in(
    doc: &mut AnnotatedDocument,
    layer: &str,
    id: &str,
    kind: &str,
    source: &str,
    target: &str,
) {
    rename_layer(doc, layer, "alice");
    relate(doc, id, kind, source, target);
    rename_layer(doc, "alice", layer);
}

#[test]
fn a_different_text_is_refused_naming_both_files() {
    let alice = file_of("alice", &[("Tirana", "actor")]);
    let other = annotate(&HARD_TEXT.replace("\r\n", "\n"), &[("Tirana", "actor")]);
    let mut merger = Merger::new(MergeOptions::default());
    merger
        .add(Source::file("alice.json"), alice.clone())
        .unwrap();
    let error = merger.add(Source::file("bob.json"), other).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::TextChanged(_)));
    let message = error.to_string();
    assert!(
        message.starts_with("bob.json: its text differs from the text of alice.json"),
        "{message}"
    );
    assert!(message.contains("re-anchor"), "{message}");
    // The merge is as it was.
    assert_eq!(merger.finish().unwrap().document, alice);
}

#[test]
fn re_anchoring_moves_spans_to_their_quotes_and_reports_each() {
    let alice = file_of("alice", &[("Tirana", "actor")]);
    // Bob's copy has LF line ends: every offset after the first line moves.
    let bob_text = HARD_TEXT.replace("\r\n", "\n");
    let mut bob = annotate(
        &bob_text,
        &[
            ("Tirana", "actor"),
            ("owner", "actor"),
            ("東京で会議", "event"),
        ],
    );
    rename_layer(&mut bob, "alice", "bob");
    let mut merger = Merger::new(MergeOptions { reanchor: true });
    merger.add(Source::file("alice.json"), alice).unwrap();
    merger.add(Source::file("bob.json"), bob).unwrap();
    let merged = merger.finish().unwrap();
    let text = &merged.document.document().text;
    for a in merged.document.annotations() {
        let quote = text.slice(a.fragments[0].start, a.fragments[0].end);
        assert!(
            ["Tirana", "owner", "東京で会議"].contains(&quote),
            "{quote}"
        );
    }
    // "Tirana" is on the first line and did not move; the others moved by
    // the CRs before them (one and two).
    let moved: Vec<(String, usize)> = merged
        .report
        .reanchored
        .iter()
        .map(|r| (r.quote.clone(), r.to.start - r.from.start))
        .collect();
    assert_eq!(
        moved,
        vec![("owner".to_string(), 1), ("東京で会議".to_string(), 3)]
    );
    assert!(merged
        .report
        .messages()
        .iter()
        .any(|m| m.starts_with("bob.json: annotation “a2” (layer “bob”) moved from")));
}

#[test]
fn a_quote_missing_from_the_text_cannot_be_re_anchored() {
    let alice = file_of("alice", &[("Tirana", "actor")]);
    let mut bob = annotate("Rama met Zog in Durrës.", &[("Zog", "actor")]);
    rename_layer(&mut bob, "alice", "bob");
    let mut merger = Merger::new(MergeOptions { reanchor: true });
    merger.add(Source::file("alice.json"), alice).unwrap();
    let message = merger
        .add(Source::file("bob.json"), bob)
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "bob.json, annotation “a1” (layer “bob”), field “fragments[0]”: its text “Zog” does not occur in the text of alice.json, so it cannot be re-anchored"
    );
}

#[test]
fn layer_name_clashes_are_renamed_or_skipped_when_identical() {
    let alice = file_of("alice", &[("Tirana", "actor")]);
    let other_alice = file_of("alice", &[("Tirana", "event")]);
    let mut merger = Merger::new(MergeOptions::default());
    merger.add(Source::file("a.json"), alice.clone()).unwrap();
    merger.add(Source::file("copy.json"), alice).unwrap();
    merger
        .add(Source::file("b.json"), other_alice.clone())
        .unwrap();
    merger.add(Source::file("c.json"), other_alice).unwrap();
    let merged = merger.finish().unwrap();
    assert_eq!(layers(&merged.document), vec!["alice", "alice-2"]);
    assert_eq!(merged.report.duplicates.len(), 2);
    assert_eq!(merged.report.duplicates[0].same_as_file, "a.json");
    assert_eq!(merged.report.renamed.len(), 1);
    assert_eq!(merged.report.renamed[0].to, "alice-2");
    // The second copy of the renamed layer is recognised under its new name.
    let messages = merged.report.messages();
    assert!(
        messages
            .iter()
            .any(|m| m == "copy.json: layer “alice” skipped: it is identical to the one in a.json"),
        "{messages:#?}"
    );
    assert!(messages.iter().any(|m| m == "c.json: layer “alice” skipped: it is identical to the one in b.json (merged as “alice-2”)"), "{messages:#?}");
}

#[test]
fn the_annotator_given_names_a_files_only_layer() {
    let file = file_of("someone", &[("Tirana", "actor")]);
    let mut merger = Merger::new(MergeOptions::default());
    merger
        .add(
            Source {
                file_name: "x.json",
                annotator: Some("dora"),
            },
            file,
        )
        .unwrap();
    let two_layers = {
        let mut doc = file_of("a", &[("Tirana", "actor")]);
        let b = file_of("b", &[("Tirana", "actor")]);
        let mut m = Merger::new(MergeOptions::default());
        m.add(Source::file("a.json"), doc.clone()).unwrap();
        m.add(Source::file("b.json"), b).unwrap();
        doc = m.finish().unwrap().document;
        doc
    };
    let error = merger
        .add(
            Source {
                file_name: "two.json",
                annotator: Some("eve"),
            },
            two_layers,
        )
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "two.json: it holds the layers “a”, “b”, so it cannot be given one annotator name; merge it without one to keep its layers"
    );
    let merged = merger.finish().unwrap();
    assert_eq!(layers(&merged.document), vec!["dora"]);
    assert_eq!(
        merged.report.renamed[0].reason,
        RenameReason::AnnotatorGiven
    );
}

#[test]
fn schemes_are_unioned_and_conflicts_reported() {
    let alice = file_of("alice", &[("Tirana", "actor")]);
    let mut scheme = Scheme::default_scheme();
    scheme.labels[0].color = Color([0, 0, 0]);
    scheme.ensure_label("place");
    scheme.relation_types[0].target_labels.push("place".into());
    if let scholia_core::AttributeKind::Choice(values) = &mut scheme.attributes[0].kind {
        values.push("unclear".into());
    }
    let mut bob = AnnotatedDocument::new(alice.document().clone(), scheme);
    bob.apply(scholia_core::Edit::AddAnnotation(
        scholia_core::Annotation::new(
            Key::new("bob", "b1"),
            "place",
            alice.annotations().next().unwrap().fragments[0],
            scholia_core::Timestamp(0),
        ),
    ))
    .unwrap();
    let mut merger = Merger::new(MergeOptions::default());
    merger.add(Source::file("alice.json"), alice).unwrap();
    merger.add(Source::file("bob.json"), bob).unwrap();
    let merged = merger.finish().unwrap();
    let scheme = merged.document.scheme();
    assert_eq!(
        scheme.label("actor").unwrap().color,
        Color([0x1f, 0x77, 0xb4]),
        "the first definition is kept"
    );
    assert!(scheme.label("place").is_some());
    assert_eq!(
        scheme.relation_type("source-of").unwrap().target_labels,
        vec!["actor", "place"]
    );
    let conflicts: Vec<(String, String, Vec<String>)> = merged
        .report
        .scheme_conflicts
        .iter()
        .map(|c| (c.what.clone(), c.id.clone(), c.fields.clone()))
        .collect();
    assert_eq!(
        conflicts,
        vec![
            ("label".into(), "actor".into(), vec!["colour".into()]),
            (
                "relation type".into(),
                "source-of".into(),
                vec!["targetLabels".into()]
            ),
            ("attribute".into(), "status".into(), vec!["values".into()]),
        ]
    );
    assert!(merged.report.messages().iter().any(|m| m
        == "bob.json: the label “actor” is defined differently (colour): kept the definition from alice.json"));
}

#[test]
fn a_file_that_does_not_fit_leaves_the_merge_as_it_was() {
    let alice = file_of("alice", &[("Tirana", "actor")]);
    let mut scheme = Scheme::default_scheme();
    scheme.attributes[1].kind = scholia_core::AttributeKind::Text;
    scheme.attributes[1].applies_to.clear();
    let mut bob = AnnotatedDocument::new(alice.document().clone(), scheme);
    let mut annotation = scholia_core::Annotation::new(
        Key::new("bob", "b1"),
        "actor",
        alice.annotations().next().unwrap().fragments[0],
        scholia_core::Timestamp(0),
    );
    annotation.attributes.insert(
        "negated".into(),
        scholia_core::AttributeValue::Text("maybe".into()),
    );
    bob.apply(scholia_core::Edit::AddAnnotation(annotation))
        .unwrap();
    let mut merger = Merger::new(MergeOptions::default());
    merger
        .add(Source::file("alice.json"), alice.clone())
        .unwrap();
    let error = merger.add(Source::file("bob.json"), bob).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("bob.json, annotation “b1” (layer “bob”), field “attributes.negated”"),
        "{error}"
    );
    let merged = merger.finish().unwrap();
    assert_eq!(merged.document, alice);
    assert!(merged.report.scheme_conflicts.is_empty());
}
