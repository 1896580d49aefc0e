//! Library backups against their JSON Schema, on hard text and the seed.

use scholia_core::edit::History;
use scholia_core::format::library::{export, export_library, export_with, import, SuggestionsV1};
use scholia_core::library::{LibraryDocument, Status};
use scholia_core::suggest::{Decision, Decisions, Source, Suggestion};
use scholia_core::Fragment;
use scholia_core::Timestamp;

use crate::common::{annotate, assert_valid_against, hard_document, seed_text};

#[test]
fn a_backup_validates_and_reads_back_exactly() {
    let seed = annotate(
        &seed_text(),
        &[("Edi Rama", "actor"), ("cyberattack", "event")],
    );
    let documents = [
        LibraryDocument {
            doc: hard_document(),
            status: Status::Done,
            created: Timestamp(1_764_351_373_042),
            modified: Timestamp(1_764_351_999_000),
            trashed: None,
            history: History::default(),
        },
        LibraryDocument {
            doc: seed,
            status: Status::InProgress,
            created: Timestamp(1_764_351_000_000),
            modified: Timestamp(1_764_352_000_000),
            trashed: Some(Timestamp(1_764_353_000_000)),
            history: History::default(),
        },
    ];
    let refs: Vec<&LibraryDocument> = documents.iter().collect();
    let json = export(&refs, Some("alice"), Timestamp(1_764_354_000_000));
    assert_valid_against("scholia-library-1.schema.json", &json);
    assert_eq!(import(&json).unwrap().documents, documents);

    // With a rejection on one and a prediction on the other: valid too.
    let suggestion = |start, end, label: &str, source, confidence| Suggestion {
        fragments: vec![Fragment::new(start, end)],
        label: label.into(),
        source,
        confidence,
        id: None,
    };
    let mut decisions = Decisions::default();
    decisions.decide(
        &suggestion(0, 3, "actor", Source::Repeats, 1.0),
        Decision::Rejected,
    );
    let suggestions = [
        SuggestionsV1 {
            decisions,
            predictions: vec![],
        },
        SuggestionsV1 {
            decisions: Decisions::default(),
            predictions: vec![suggestion(0, 8, "place", Source::Imported, 0.5)],
        },
    ];
    let json = export_with(
        &refs,
        &suggestions,
        Some("alice"),
        Timestamp(1_764_354_000_000),
    );
    assert_valid_against("scholia-library-1.schema.json", &json);
    let back = import(&json).unwrap();
    assert_eq!(
        (back.documents, back.suggestions),
        (documents.to_vec(), suggestions.to_vec())
    );
}

#[test]
fn a_backup_with_a_knowledge_base_validates_and_reads_back() {
    use scholia_core::knowledge::{Entity, KnowledgeBase};
    let mut seed = annotate(&seed_text(), &[("Edi Rama", "actor")]);
    let key = seed.annotations().next().unwrap().key.clone();
    let mut linked = seed.annotation(&key).unwrap().clone();
    linked.entity = Some("rama".into());
    seed.apply(scholia_core::Edit::UpdateAnnotation(linked))
        .unwrap();
    let mut kb = KnowledgeBase::new("desk");
    let mut rama = Entity::new("rama", "Edi Rama");
    rama.kind = Some("actor".into());
    rama.add_alias("Rama");
    rama.add_external_id("https://www.wikidata.org/wiki/Q319986");
    kb.insert(rama).unwrap();
    let document = LibraryDocument {
        doc: seed,
        status: Status::InProgress,
        created: Timestamp(1_764_351_000_000),
        modified: Timestamp(1_764_351_100_000),
        trashed: None,
        history: History::default(),
    };
    let json = export_library(&[&document], &[], Some(&kb), None, Timestamp(0));
    assert_valid_against("scholia-library-1.schema.json", &json);
    let back = import(&json).unwrap();
    assert_eq!(back.knowledge_base, Some(kb));
    assert_eq!(back.documents, vec![document]);
}
