use super::merge::{merge_knowledge_bases, ConflictKind};
use super::*;
use crate::model::{Document, Fragment, Scheme};

const TEXT: &str = "Edi Rama spoke. The Prime Minister said Rama would stay. Basha left.";

fn doc() -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(Document::new("d1", TEXT), Scheme::default_scheme());
    for (id, word) in [
        ("a1", "Edi Rama"),
        ("a2", "The Prime Minister"),
        ("a3", "Rama would"),
        ("a4", "Basha"),
    ] {
        let start = TEXT.find(word).unwrap();
        let mut end = start + word.len();
        if id == "a3" {
            end = start + 4;
        }
        let annotation = Annotation::new(
            Key::new("alice", id),
            "actor",
            Fragment::new(start, end),
            Timestamp(1),
        );
        doc.apply(Edit::AddAnnotation(annotation)).unwrap();
    }
    doc
}

fn key(id: &str) -> Key {
    Key::new("alice", id)
}

#[test]
fn an_entity_made_from_an_annotation_is_named_by_its_text_and_linked() {
    let mut doc = doc();
    let (kb, entity, edit) =
        create_from_annotation(&KnowledgeBase::new("team"), &doc, &key("a1"), Timestamp(5))
            .unwrap();
    assert_eq!(entity.name, "Edi Rama");
    assert_eq!(entity.kind.as_deref(), Some("actor"));
    assert_eq!(kb.entity(&entity.id), Some(&entity));
    let changes = doc.apply(edit).unwrap();
    assert_eq!(
        doc.annotation(&key("a1")).unwrap().entity.as_deref(),
        Some(entity.id.as_str())
    );
    assert_eq!(doc.annotation(&key("a1")).unwrap().modified, Timestamp(5));
    // One undo step takes the link away.
    doc.apply_changes(&changes.inverse()).unwrap();
    assert_eq!(doc.annotation(&key("a1")).unwrap().entity, None);
    // A second entity gets another id.
    let (kb2, second, _) = create_from_annotation(&kb, &doc, &key("a4"), Timestamp(6)).unwrap();
    assert_ne!(second.id, entity.id);
    assert_eq!(kb2.len(), 2);
}

#[test]
fn links_group_into_chains_per_layer_in_document_order() {
    let mut doc = doc();
    let mut kb = KnowledgeBase::new("team");
    kb.insert(Entity::new("rama", "Edi Rama")).unwrap();
    kb.insert(Entity::new("basha", "Lulzim Basha")).unwrap();
    for (id, entity) in [
        ("a3", "rama"),
        ("a1", "rama"),
        ("a2", "rama"),
        ("a4", "basha"),
    ] {
        let edit = link(&doc, &key(id), entity, Timestamp(2)).unwrap();
        doc.apply(edit).unwrap();
    }
    let chains = chains(&doc);
    assert_eq!(chains.len(), 2);
    assert_eq!(chains[0].entity, "rama");
    assert_eq!(chains[0].mentions, vec![key("a1"), key("a2"), key("a3")]);
    assert_eq!(chains[1].mentions, vec![key("a4")]);
    assert_eq!(chain_of(&doc, &key("a2")).unwrap().mentions.len(), 3);
    // What the app marks in the text when a2 is selected: the others.
    assert_eq!(chain_others(&doc, &key("a2")), vec![key("a1"), key("a3")]);
    assert_eq!(chain_others(&doc, &key("a4")), Vec::<Key>::new());
    let edit = unlink(&doc, &key("a2"), Timestamp(3)).unwrap();
    doc.apply(edit).unwrap();
    assert_eq!(chain_of(&doc, &key("a2")), None);
    assert_eq!(chain_others(&doc, &key("a2")), Vec::<Key>::new());
    assert_eq!(
        chain_of(&doc, &key("a1")).unwrap().mentions,
        vec![key("a1"), key("a3")]
    );
    let across = mentions([&doc]);
    assert_eq!(
        across["rama"],
        vec![("d1".to_string(), vec![key("a1"), key("a3")])]
    );
    assert_eq!(linked_entities(&doc, &kb).len(), 2);
}

#[test]
fn merging_two_entities_moves_every_link_and_keeps_both_names() {
    let mut doc = doc();
    let mut kb = KnowledgeBase::new("team");
    let mut rama = Entity::new("e1", "Edi Rama");
    rama.external_ids.push("Q381159".into());
    kb.insert(rama).unwrap();
    let mut pm = Entity::new("e2", "The Prime Minister");
    pm.description = "Head of government".into();
    pm.external_ids.push("https://example.org/pm".into());
    kb.insert(pm).unwrap();
    for (id, entity) in [("a1", "e1"), ("a2", "e2"), ("a3", "e2")] {
        let edit = link(&doc, &key(id), entity, Timestamp(2)).unwrap();
        doc.apply(edit).unwrap();
    }
    let before = doc.clone();
    let kept = kb.merge_entities("e1", "e2").unwrap().clone();
    assert_eq!(kept.aliases, vec!["The Prime Minister"]);
    assert_eq!(kept.external_ids, vec!["Q381159", "https://example.org/pm"]);
    assert_eq!(kept.description, "Head of government");
    assert_eq!(kb.entity("e2"), None);
    let changes = doc
        .apply(relink(&doc, "e2", Some("e1"), Timestamp(9)).unwrap())
        .unwrap();
    assert!(doc
        .annotations()
        .filter(|a| a.entity.is_some())
        .all(|a| a.entity.as_deref() == Some("e1")));
    assert_eq!(chains(&doc)[0].mentions.len(), 3);
    // The links' move is one step.
    doc.apply_changes(&changes.inverse()).unwrap();
    assert_eq!(doc, before);
    assert!(kb.merge_entities("e1", "e1").is_err());
    assert!(kb.merge_entities("e1", "e2").is_err());
}

#[test]
fn deleting_an_entity_removes_its_links_and_edits_keep_the_id() {
    let mut doc = doc();
    let mut kb = KnowledgeBase::new("team");
    kb.insert(Entity::new("e1", "Edi Rama")).unwrap();
    doc.apply(link(&doc, &key("a1"), "e1", Timestamp(2)).unwrap())
        .unwrap();
    let mut edited = kb.entity("e1").unwrap().clone();
    edited.add_alias("Rama");
    edited.add_alias("rama");
    edited.kind = Some("actor".into());
    kb.update(edited).unwrap();
    assert_eq!(kb.entity("e1").unwrap().aliases, vec!["Rama"]);
    assert!(kb.update(Entity::new("e1", " ")).is_err());
    assert!(kb.update(Entity::new("nobody", "x")).is_err());
    kb.remove("e1").unwrap();
    doc.apply(relink(&doc, "e1", None, Timestamp(3)).unwrap())
        .unwrap();
    assert!(doc.annotations().all(|a| a.entity.is_none()));
    assert_eq!(relink(&doc, "e1", None, Timestamp(3)), None);
    assert!(kb.remove("e1").is_err());
    // Undoing the delete elsewhere: the keys it unlinked link again, and a
    // key no longer in the document is passed over.
    doc.apply(relink_keys(&doc, &[key("a1"), key("gone")], "e1", Timestamp(4)).unwrap())
        .unwrap();
    assert_eq!(
        doc.annotation(&key("a1")).unwrap().entity.as_deref(),
        Some("e1")
    );
    assert_eq!(doc.annotation(&key("a1")).unwrap().modified, Timestamp(4));
    assert_eq!(relink_keys(&doc, &[key("gone")], "e1", Timestamp(4)), None);
}

#[test]
fn type_ahead_finds_names_and_aliases_best_first() {
    let mut kb = KnowledgeBase::new("team");
    let mut rama = Entity::new("e1", "Edi Rama");
    rama.add_alias("Rama");
    kb.insert(rama).unwrap();
    kb.insert(Entity::new("e2", "Ramadan Ahmeti")).unwrap();
    kb.insert(Entity::new("e3", "Lulzim Basha")).unwrap();
    let ids = |q: &str| {
        kb.search(q)
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("rama"), vec!["e1", "e2"]);
    assert_eq!(ids("BASH"), vec!["e3"]);
    assert_eq!(ids("zzz"), Vec::<String>::new());
    assert_eq!(ids("").len(), 3);
    assert!(kb.insert(Entity::new("e1", "Again")).is_err());
    assert!(kb.insert(Entity::new("", "No id")).is_err());
}

#[test]
fn external_ids_read_as_uris() {
    let mut e = Entity::new("e1", "Edi Rama");
    assert_eq!(e.uri(), None);
    e.external_ids = vec!["GND:123".into(), "Wikidata:Q381159".into()];
    assert_eq!(
        e.uri().as_deref(),
        Some("http://www.wikidata.org/entity/Q381159")
    );
    assert_eq!(
        external_uri("Q42").as_deref(),
        Some("http://www.wikidata.org/entity/Q42")
    );
    assert_eq!(
        external_uri("https://x.org/a").as_deref(),
        Some("https://x.org/a")
    );
    assert_eq!(external_uri("Qx"), None);
}

fn entity(id: &str, name: &str, kind: Option<&str>, external: &[&str]) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: kind.map(String::from),
        external_ids: external.iter().map(|s| s.to_string()).collect(),
        ..Entity::default()
    }
}

#[test]
fn teammates_knowledge_bases_merge_by_external_id_then_name() {
    let mut ours = KnowledgeBase::new("ours");
    ours.insert(entity("e1", "Edi Rama", Some("actor"), &["Q381159"]))
        .unwrap();
    ours.insert(entity("e2", "Tirana", None, &[])).unwrap();
    let mut basha = entity("e3", "Lulzim Basha", Some("actor"), &[]);
    basha.description = "Opposition leader".into();
    ours.insert(basha).unwrap();
    let mut theirs = KnowledgeBase::new("theirs");
    // Same external id, another name: merged, the name becomes an alias.
    theirs
        .insert(entity(
            "e1",
            "Rama",
            Some("actor"),
            &["Q381159", "https://x.org/rama"],
        ))
        .unwrap();
    // Same name, no external ids on either side: merged; their type fills ours.
    theirs
        .insert(entity("t2", "tirana", Some("place"), &["Q19689"]))
        .unwrap();
    // Same name, another description: merged, ours kept, conflict listed.
    let mut other = entity("t3", "Lulzim Basha", None, &[]);
    other.description = "Former mayor".into();
    theirs.insert(other).unwrap();
    // New: added under its own id.
    theirs
        .insert(entity("t4", "Ilir Meta", Some("actor"), &[]))
        .unwrap();
    // New, but its id is taken: added under another.
    theirs.insert(entity("e2", "Durrës", None, &[])).unwrap();
    let merge = merge_knowledge_bases(&ours, &theirs);
    let kb = &merge.merged;
    assert_eq!(kb.len(), 5);
    let rama = kb.entity("e1").unwrap();
    assert_eq!(rama.aliases, vec!["Rama"]);
    assert_eq!(rama.external_ids, vec!["Q381159", "https://x.org/rama"]);
    let tirana = kb.entity("e2").unwrap();
    assert_eq!(tirana.kind.as_deref(), Some("place"));
    assert_eq!(tirana.external_ids, vec!["Q19689"]);
    assert_eq!(tirana.name, "Tirana");
    assert_eq!(kb.entity("e3").unwrap().description, "Opposition leader");
    assert_eq!(kb.entity("t4").unwrap().name, "Ilir Meta");
    assert_eq!(kb.entity("e2-2").unwrap().name, "Durrës");
    assert_eq!(merge.ids["e1"], "e1");
    assert_eq!(merge.ids["t2"], "e2");
    assert_eq!(merge.ids["t3"], "e3");
    assert_eq!(merge.ids["e2"], "e2-2");
    assert_eq!(merge.conflicts.len(), 1);
    let conflict = &merge.conflicts[0];
    assert_eq!(
        (conflict.ours.as_str(), conflict.theirs.as_str()),
        ("e3", "t3")
    );
    assert!(
        matches!(&conflict.kind, ConflictKind::Field { field: "description", ours, theirs }
        if ours == "Opposition leader" && theirs == "Former mayor")
    );
    assert!(conflict.to_string().contains("ours is kept"), "{conflict}");
}

#[test]
fn entities_that_only_look_alike_are_kept_apart_with_a_conflict() {
    let mut ours = KnowledgeBase::new("ours");
    ours.insert(entity("e1", "Washington", Some("actor"), &[]))
        .unwrap();
    ours.insert(entity("e2", "Paris", None, &["Q90"])).unwrap();
    ours.insert(entity("e3", "Springfield", None, &["Q28515"]))
        .unwrap();
    ours.insert(entity("e4", "Springfield", None, &["Q49111"]))
        .unwrap();
    ours.insert(entity("e5", "Georgia", None, &["Q230"]))
        .unwrap();
    ours.insert(entity("e6", "Sakartvelo", None, &["https://x.org/ge"]))
        .unwrap();
    let mut theirs = KnowledgeBase::new("theirs");
    theirs
        .insert(entity("t1", "Washington", Some("place"), &[]))
        .unwrap();
    theirs
        .insert(entity("t2", "Paris", None, &["Q167646"]))
        .unwrap();
    theirs
        .insert(entity("t3", "Springfield", None, &[]))
        .unwrap();
    theirs
        .insert(entity("t4", "Georgia", None, &["Q230", "https://x.org/ge"]))
        .unwrap();
    let merge = merge_knowledge_bases(&ours, &theirs);
    assert_eq!(merge.merged.len(), 10, "every one of theirs is added apart");
    let kinds: Vec<_> = merge
        .conflicts
        .iter()
        .map(|c| (c.theirs.as_str(), &c.kind))
        .collect();
    assert!(
        matches!(kinds[0], ("t1", ConflictKind::SameNameApart { why }) if why.contains("type"))
    );
    assert!(
        matches!(kinds[1], ("t2", ConflictKind::SameNameApart { why }) if why.contains("external"))
    );
    assert!(
        matches!(kinds[2], ("t3", ConflictKind::SeveralByName { others }) if others == &["e4"])
    );
    assert!(
        matches!(kinds[3], ("t4", ConflictKind::SeveralByExternalId { others }) if others == &["e6"])
    );
    // Nothing of ours changed.
    for e in ours.entities() {
        assert_eq!(merge.merged.entity(&e.id), Some(e));
    }
}

#[test]
fn renamed_ids_move_links_in_their_documents() {
    let mut doc = doc();
    doc.apply(link(&doc, &key("a1"), "t1", Timestamp(2)).unwrap())
        .unwrap();
    doc.apply(link(&doc, &key("a4"), "same", Timestamp(2)).unwrap())
        .unwrap();
    let ids = BTreeMap::from([
        ("t1".to_string(), "e1".to_string()),
        ("same".to_string(), "same".to_string()),
    ]);
    doc.apply(rename_links(&doc, &ids, Timestamp(3)).unwrap())
        .unwrap();
    assert_eq!(
        doc.annotation(&key("a1")).unwrap().entity.as_deref(),
        Some("e1")
    );
    assert_eq!(
        doc.annotation(&key("a4")).unwrap().entity.as_deref(),
        Some("same")
    );
    assert_eq!(rename_links(&doc, &ids, Timestamp(4)), None);
}

#[test]
fn kb_id_attributes_of_older_files_become_links() {
    use crate::model::{AttributeDef, AttributeKind, AttributeValue};
    let mut doc = doc();
    let mut scheme = doc.scheme().clone();
    scheme.attributes.push(AttributeDef {
        id: KB_ID_ATTRIBUTE.into(),
        name: "KB id".into(),
        applies_to: Vec::new(),
        kind: AttributeKind::Text,
        description: String::new(),
    });
    doc.apply(Edit::SetScheme(scheme)).unwrap();
    for (id, kb_id) in [("a1", "Q381159"), ("a3", "Q381159")] {
        let mut a = doc.annotation(&key(id)).unwrap().clone();
        a.attributes
            .insert(KB_ID_ATTRIBUTE.into(), AttributeValue::Text(kb_id.into()));
        doc.apply(Edit::UpdateAnnotation(a)).unwrap();
    }
    // Through the Scholia importer, as an older file is read.
    let json = crate::format::scholia::export(&doc);
    let imported = crate::format::detect::import(
        crate::format::detect::Format::Scholia,
        &json,
        &crate::format::ImportOptions::default(),
    )
    .unwrap();
    let read = &imported.documents[0];
    assert_eq!(chains(read)[0].mentions, vec![key("a1"), key("a3")]);
    assert!(read.annotations().all(|a| a.attributes.is_empty()));
    assert!(read.scheme().attribute(KB_ID_ATTRIBUTE).is_none());
    assert_eq!(
        imported.knowledge_base.entity("Q381159").unwrap().name,
        "Edi Rama"
    );
    assert!(imported.report.notes[0].contains("2 kb_id attributes"));
}

#[test]
fn a_knowledge_base_file_is_read_by_its_extension_and_errors_name_the_file() {
    let mut kb = KnowledgeBase::new("team");
    kb.insert(Entity::new("e1", "Edi Rama")).unwrap();
    let json = file::export_json(&kb);
    let csv = file::export_table(&kb, file::Table::Csv);
    let tsv = file::export_table(&kb, file::Table::Tsv);
    assert_eq!(file::import_file("team.JSON", &json).unwrap(), kb);
    assert_eq!(file::import_file("team.csv", &csv).unwrap().len(), 1);
    assert_eq!(file::import_file("team.tsv", &tsv).unwrap().len(), 1);
    let error = file::import_file("team.csv", "id,name\ne1,\n").unwrap_err();
    assert_eq!(error.file.as_deref(), Some("team.csv"));
    assert_eq!(error.field.as_deref(), Some("name"));
    assert!(file::import_file("team.xlsx", "").is_err());
}

#[test]
fn names_and_aliases_of_typed_entities_become_terms_that_suggest_their_mentions() {
    use crate::suggest::terms::TermMatcher;
    let mut kb = KnowledgeBase::new("team");
    let mut rama = Entity::new("e1", "Edi Rama");
    rama.kind = Some("actor".into());
    rama.aliases = vec!["The Prime Minister".into()];
    kb.insert(rama).unwrap();
    // No type: no label to suggest, so no term.
    kb.insert(Entity::new("e2", "Basha")).unwrap();
    let terms = terms(&kb);
    let listed: Vec<(&str, &str, Option<&str>)> = terms
        .iter()
        .map(|t| (t.text.as_str(), t.label.as_str(), t.id.as_deref()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Edi Rama", "actor", Some("e1")),
            ("The Prime Minister", "actor", Some("e1"))
        ]
    );
    // Matched in a document: the unannotated mentions are proposed.
    let mut doc = doc();
    doc.apply(Edit::RemoveAnnotation(key("a2"))).unwrap();
    let matcher = TermMatcher::new(&terms, &[], false).unwrap();
    let found: Vec<String> = matcher
        .suggest(&doc, &Default::default())
        .iter()
        .map(|s| {
            let f = s.fragments[0];
            TEXT.chars().skip(f.start).take(f.end - f.start).collect()
        })
        .collect();
    assert_eq!(found, ["The Prime Minister"]);
}
