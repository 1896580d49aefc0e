//! The knowledge base's files (JSON against its schema, CSV, TSV), entity
//! links and document labels in Scholia JSON, and document labels as edits.

use scholia_core::format::scholia::{self, export, export_with, import, import_with_entities};
use scholia_core::knowledge::file::{export_json, export_table, import_json, import_table, Table};
use scholia_core::knowledge::{chains, link};
use scholia_core::{
    AnnotatedDocument, DocumentLabelSet, Edit, Entity, Key, KnowledgeBase, Name, Timestamp,
};
use serde_json::Value;

use crate::common::{annotate, assert_valid_against, hard_document};

fn kb() -> KnowledgeBase {
    let mut kb = KnowledgeBase::new("Albanian politics");
    let mut rama = Entity::new("e1", "Edi Rama");
    rama.kind = Some("actor".into());
    rama.aliases = vec!["Rama".into(), "the Prime Minister".into()];
    rama.description = "Prime Minister of Albania, \"PM\" since 2013,\nand painter".into();
    rama.external_ids = vec!["Q381159".into(), "https://example.org/a|b".into()];
    kb.insert(rama).unwrap();
    kb.insert(Entity::new("e2", "Tirana")).unwrap();
    let mut comma = Entity::new("e3", "Basha, Lulzim");
    comma.description = "tab\there".into();
    kb.insert(comma).unwrap();
    kb
}

/// Label sets: topic (several), relevance (one).
fn sets() -> Vec<DocumentLabelSet> {
    vec![
        DocumentLabelSet {
            id: "topic".into(),
            name: "Topic".into(),
            multiple: true,
            options: vec!["politics".into(), "economy".into(), "sport".into()],
            description: "What the text is about.".into(),
        },
        DocumentLabelSet {
            id: "relevance".into(),
            name: "Relevance".into(),
            multiple: false,
            options: vec!["high".into(), "low".into()],
            description: String::new(),
        },
    ]
}

fn labelled(doc: &mut AnnotatedDocument) {
    let mut scheme = doc.scheme().clone();
    scheme.document_label_sets = sets();
    doc.apply(Edit::SetScheme(scheme)).unwrap();
}

fn set(layer: &str, set: &str, values: &[&str]) -> Edit {
    Edit::SetDocumentLabels {
        layer: Name::from(layer),
        set: set.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

#[test]
fn a_knowledge_base_exports_as_json_that_validates_and_reads_back() {
    let kb = kb();
    let json = export_json(&kb);
    assert_valid_against("scholia-kb-1.schema.json", &json);
    assert_eq!(import_json(&json).unwrap(), kb);
    assert_valid_against(
        "scholia-kb-1.schema.json",
        &export_json(&KnowledgeBase::default()),
    );
}

#[test]
fn what_the_kb_schema_refuses_the_importer_refuses_with_the_entity_named() {
    let good: Value = serde_json::from_str(&export_json(&kb())).unwrap();
    type Breakage = (&'static str, fn(&mut Value), &'static str);
    let breakages: [Breakage; 4] = [
        (
            "an unknown field",
            |v| v["entities"][1]["wikidata"] = "Q1".into(),
            "entities[1]",
        ),
        (
            "an empty name",
            |v| v["entities"][2]["name"] = "".into(),
            "“e3”",
        ),
        (
            "a missing id",
            |v| {
                v["entities"][0].as_object_mut().unwrap().remove("id");
            },
            "entities[0]",
        ),
        (
            "a wrong marker",
            |v| v["format"] = "scholia".into(),
            "format",
        ),
    ];
    for (what, breakage, named) in breakages {
        let mut bad = good.clone();
        breakage(&mut bad);
        let json = bad.to_string();
        let refused =
            std::panic::catch_unwind(|| assert_valid_against("scholia-kb-1.schema.json", &json))
                .is_err();
        assert!(refused, "the schema accepts {what}");
        let error = import_json(&json).expect_err(what).to_string();
        assert!(error.contains(named), "{what}: {error}");
    }
    // Two entities with one id: the schema cannot say so; the importer does.
    let mut twice = good.clone();
    twice["entities"][1]["id"] = "e1".into();
    let error = import_json(&twice.to_string()).unwrap_err().to_string();
    assert!(
        error.contains("entities[1]") && error.contains("e1"),
        "{error}"
    );
}

#[test]
fn a_knowledge_base_round_trips_through_csv_and_tsv() {
    let kb = kb();
    let csv = export_table(&kb, Table::Csv);
    assert!(
        csv.starts_with("id,name,type,aliases,description,external_ids\n"),
        "{csv}"
    );
    assert!(csv.contains("\"Basha, Lulzim\""), "{csv}");
    let mut back = import_table(&csv, Table::Csv).unwrap();
    back.name = kb.name.clone();
    // A `|` inside a list item is the one thing a cell cannot hold.
    let mut expected = kb.clone();
    let mut rama = expected.entity("e1").unwrap().clone();
    rama.external_ids = vec!["Q381159".into(), "https://example.org/a".into(), "b".into()];
    expected.update(rama).unwrap();
    assert_eq!(back, expected);

    let tsv = export_table(&kb, Table::Tsv);
    let back = import_table(&tsv, Table::Tsv).unwrap();
    assert_eq!(back.entity("e3").unwrap().description, "tab here");
    assert_eq!(back.entity("e3").unwrap().name, "Basha, Lulzim");
    assert_eq!(
        back.entity("e1").unwrap().aliases,
        vec!["Rama", "the Prime Minister"]
    );

    // A spreadsheet's own: columns in another order, CRLF, a BOM, blank rows.
    let sheet = "\u{feff}Name,ID,external_ids\r\nEdi Rama,r1,Q381159 | wikidata:Q1\r\n,,\r\n";
    let read = import_table(sheet, Table::Csv).unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(
        read.entity("r1").unwrap().external_ids,
        vec!["Q381159", "wikidata:Q1"]
    );
}

#[test]
fn a_bad_spreadsheet_is_refused_with_its_line() {
    for (sheet, expected) in [
        ("name\nEdi Rama\n", "id"),
        ("id,name,wikidata\n", "wikidata"),
        ("id,name\nr1,Edi\nr1,Rama\n", "line 3"),
        ("id,name\nr1,\n", "line 2"),
        ("id,name\nr1,\"Edi\n", "not closed"),
        ("", "empty"),
    ] {
        let error = import_table(sheet, Table::Csv).unwrap_err().to_string();
        assert!(error.contains(expected), "{sheet:?}: {error}");
    }
}

fn linked_document() -> AnnotatedDocument {
    let mut doc = annotate(
        "Edi Rama spoke in Tirana. Rama said no.",
        &[
            ("Edi Rama", "actor"),
            ("Tirana", "actor"),
            ("Rama said", "actor"),
        ],
    );
    let keys: Vec<Key> = doc.annotations().map(|a| a.key.clone()).collect();
    for (key, entity) in keys.iter().zip(["e1", "e2", "e1"]) {
        doc.apply(link(&doc, key, entity, Timestamp(7)).unwrap())
            .unwrap();
    }
    labelled(&mut doc);
    let layer = keys[0].layer.to_string();
    doc.apply(set(&layer, "topic", &["politics", "economy"]))
        .unwrap();
    doc.apply(set(&layer, "relevance", &["high"])).unwrap();
    doc.apply(set("bob", "relevance", &["low"])).unwrap();
    doc
}

#[test]
fn links_document_labels_and_entities_round_trip_in_scholia_json() {
    let doc = linked_document();
    let kb = kb();
    let json = export_with(&doc, &kb);
    assert_valid_against("scholia-1.schema.json", &json);
    let (back, entities) = import_with_entities(&json).unwrap();
    assert_eq!(back, doc);
    assert_eq!(chains(&back).len(), 2);
    // The file carries the entities it links to, and only those.
    let ids: Vec<&str> = entities.entities().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["e1", "e2"]);
    assert_eq!(entities.entity("e1"), kb.entity("e1"));
    // The direct reader (the app's) reads the same document, and keeps
    // the entities' names, aliases and external ids.
    assert_eq!(
        scholia_core::format::direct::read_direct(json.as_bytes()).unwrap(),
        doc
    );
    let (direct, direct_entities) =
        scholia_core::format::direct::read_direct_with_entities(json.as_bytes()).unwrap();
    assert_eq!((direct, direct_entities), (doc.clone(), entities.clone()));
    let owned =
        scholia_core::format::direct::read_direct_owned_with_entities(json.as_bytes().to_vec())
            .unwrap();
    assert_eq!(owned, (doc.clone(), entities.clone()));
    // A bad entity is refused with its place named.
    let mut bad: Value = serde_json::from_str(&json).unwrap();
    bad["entities"][1]["name"] = Value::String(" ".into());
    let error = scholia_core::format::direct::read_direct_with_entities(bad.to_string().as_bytes())
        .unwrap_err();
    assert_eq!(error.field.as_deref(), Some("name"));
    assert!(error.to_string().contains("entities[1]"), "{error}");
    let file: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(file["documentLabels"].as_array().unwrap().len(), 3);
    assert_eq!(file["scheme"]["documentLabelSets"][1]["multiple"], false);
    // Without a knowledge base, a link still names an entity the file holds.
    let bare: Value = serde_json::from_str(&export(&doc)).unwrap();
    assert_eq!(
        bare["entities"][0],
        serde_json::json!({"id": "e1", "name": "e1"})
    );
}

#[test]
fn files_without_the_new_fields_are_read_and_written_unchanged() {
    let doc = hard_document();
    let json = export(&doc);
    for field in [
        "documentLabels",
        "documentLabelSets",
        "entities",
        "\"entity\"",
    ] {
        assert!(
            !json.contains(field),
            "{field} written for a document without it"
        );
    }
    assert_eq!(export(&import(&json).unwrap()), json);
}

#[test]
fn document_labels_are_checked_and_undone_as_edits() {
    let mut doc = annotate("A short text.", &[]);
    assert!(
        doc.apply(set("alice", "topic", &["politics"])).is_err(),
        "undeclared set"
    );
    labelled(&mut doc);
    let cases: [(Edit, &str); 4] = [
        (set("alice", "topic", &["weather"]), "not an option"),
        (set("alice", "topic", &["sport", "sport"]), "twice"),
        (
            set("alice", "relevance", &["high", "low"]),
            "takes one option",
        ),
        (set("", "topic", &["sport"]), "layer"),
    ];
    for (edit, expected) in cases {
        let error = doc.apply(edit).unwrap_err().to_string();
        assert!(error.contains(expected), "{error}");
    }
    let first = doc.apply(set("alice", "topic", &["sport"])).unwrap();
    let second = doc
        .apply(set("alice", "topic", &["sport", "economy"]))
        .unwrap();
    assert_eq!(
        doc.document_label("alice", "topic").unwrap(),
        ["sport", "economy"]
    );
    assert!(doc
        .apply(set("alice", "topic", &["sport", "economy"]))
        .unwrap()
        .is_empty());
    doc.apply_changes(&second.inverse()).unwrap();
    assert_eq!(doc.document_label("alice", "topic").unwrap(), ["sport"]);
    doc.apply_changes(&first.inverse()).unwrap();
    assert_eq!(doc.document_label("alice", "topic"), None);
    // A scheme that drops an option in use is refused, naming it.
    doc.apply(set("alice", "relevance", &["low"])).unwrap();
    let mut scheme = doc.scheme().clone();
    scheme.document_label_sets[1].options.pop();
    let error = doc.apply(Edit::SetScheme(scheme)).unwrap_err().to_string();
    assert!(
        error.contains("“low”") && error.contains("relevance"),
        "{error}"
    );
    // And the history's file form reads back (stored undo steps).
    let step = doc.apply(set("alice", "relevance", &["high"])).unwrap();
    let stored = scholia_core::format::history::step_to_json(&doc, &step);
    let read = scholia_core::format::history::step_from_json(&doc, &stored).unwrap();
    assert_eq!(read, step);
}

#[test]
fn a_document_label_of_a_file_that_does_not_fit_is_named() {
    let doc = linked_document();
    let mut file: Value = serde_json::from_str(&export(&doc)).unwrap();
    file["documentLabels"][0]["values"] = serde_json::json!(["weather"]);
    let error = import(&file.to_string()).unwrap_err().to_string();
    assert!(
        error.contains("document labels") && error.contains("weather"),
        "{error}"
    );
    let mut file: Value = serde_json::from_str(&export(&doc)).unwrap();
    file["annotations"][0]["entity"] = "".into();
    let error = import(&file.to_string()).unwrap_err().to_string();
    assert!(error.contains("entity"), "{error}");
    assert!(scholia::parse(&file.to_string()).is_ok());
}

/// The mentions grouped by entity, each group as its quotes: what a chain
/// is, whatever ids the entities have in a format.
fn chain_quotes(doc: &AnnotatedDocument) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = chains(doc)
        .iter()
        .map(|c| {
            c.mentions
                .iter()
                .map(|k| doc.quotes(doc.annotation(k).unwrap()).concat())
                .collect()
        })
        .collect();
    groups.sort();
    groups
}

fn label_answers(doc: &AnnotatedDocument) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = doc
        .document_labels()
        .flat_map(|(layer, _, values)| values.iter().map(move |v| (layer.to_string(), v.clone())))
        .collect();
    all.sort();
    all
}

#[test]
fn links_chains_and_document_labels_round_trip_through_every_format_that_holds_them() {
    use scholia_core::format::detect::{self, Format};
    use scholia_core::format::ExportOptions;
    let mut doc = linked_document();
    let layer = doc.layers()[0].to_string();
    // One layer for the one-layer formats.
    doc.apply(set("bob", "relevance", &[])).unwrap();
    let kb = kb();
    let options_out = ExportOptions {
        knowledge_base: kb.clone(),
        ..ExportOptions::default()
    };
    let options_in = crate::common::import_options;
    // (format, links kept, document labels kept)
    for (format, links, labels) in [
        (Format::Scholia, true, true),
        (Format::W3c, true, true),
        (Format::Brat, true, false),
        (Format::Spacy, true, true),
        (Format::Doccano, false, true),
        (Format::LabelStudio, false, true),
    ] {
        let exported = detect::export(format, &doc, &options_out).unwrap();
        let file = |ext: &str| {
            exported
                .files
                .iter()
                .find(|f| f.extension == ext)
                .map(|f| f.content.clone())
        };
        let name = format!("{layer}/doc{}", format.extension());
        let back = match format {
            Format::Brat => detect::import_brat(
                &file(".ann").unwrap(),
                &file(".txt").unwrap(),
                None,
                &options_in(&name),
            ),
            _ => detect::import(format, &exported.files[0].content, &options_in(&name)),
        }
        .unwrap_or_else(|e| panic!("{format}: {e}"));
        let read = &back.documents[0];
        let lost = exported.report.not_represented.join("\n");
        if links {
            assert_eq!(chain_quotes(read), chain_quotes(&doc), "{format}: chains");
            // Each entity comes back with a name and the ids that find it.
            let rama = read
                .annotations()
                .find(|a| doc_quote(read, a) == "Edi Rama")
                .and_then(|a| back.knowledge_base.entity(a.entity.as_deref()?))
                .unwrap_or_else(|| panic!("{format}: Rama's entity"));
            assert!(
                rama.name == "Edi Rama" || rama.external_ids.iter().any(|x| x.contains("Q381159")),
                "{format}: {rama:?}"
            );
        } else {
            assert!(chains(read).is_empty(), "{format}");
            assert!(
                lost.contains("no place for entity links: 3 not written"),
                "{format}: {lost}"
            );
        }
        if labels {
            let expected: Vec<String> = label_answers(&doc).into_iter().map(|(_, v)| v).collect();
            let mut found: Vec<String> = label_answers(read).into_iter().map(|(_, v)| v).collect();
            found.sort();
            let mut expected = expected;
            expected.sort();
            assert_eq!(found, expected, "{format}: document labels");
        } else {
            assert!(read.document_labels().next().is_none(), "{format}");
            assert!(
                lost.contains("no place for document labels"),
                "{format}: {lost}"
            );
        }
    }
}

fn doc_quote(doc: &AnnotatedDocument, a: &scholia_core::Annotation) -> String {
    doc.quotes(a).concat()
}
