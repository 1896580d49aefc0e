//! No silent loss: for each format, a fixture written for these tests that
//! uses every feature its tool documents. Each feature is either kept (read,
//! and read again after Scholia writes the format back) or named in the
//! import report's "not represented" lines. docs/formats.md ("What each
//! format keeps") lists the same features.

use scholia_core::format::detect::{self, Format};
use scholia_core::format::{ExportOptions, Imported};
use scholia_core::{AnnotatedDocument, AttributeValue, KnowledgeBase};

use crate::exchange::{fixture, options};

/// What happens to a feature of a format.
enum Fate {
    /// Kept: holds for the documents read, and for them written in the
    /// format and read back.
    Kept(fn(&[AnnotatedDocument]) -> bool),
    /// Named in a "not represented" line of the import report (this text
    /// is part of the line).
    Reported(&'static str),
}

struct Feature {
    name: &'static str,
    fate: Fate,
}

fn kept(name: &'static str, check: fn(&[AnnotatedDocument]) -> bool) -> Feature {
    Feature {
        name,
        fate: Fate::Kept(check),
    }
}

fn reported(name: &'static str, line: &'static str) -> Feature {
    Feature {
        name,
        fate: Fate::Reported(line),
    }
}

/// Whether `doc` has an annotation of `label` over exactly `quote`.
pub fn has_span(doc: &AnnotatedDocument, quote: &str, label: &str) -> bool {
    doc.annotations()
        .any(|a| a.label.as_str() == label && doc.quotes(a).concat() == quote)
}

/// Whether `doc` has a relation of `kind` from the span over `from` to the
/// span over `to`.
pub fn has_relation(doc: &AnnotatedDocument, kind: &str, from: &str, to: &str) -> bool {
    let quote = |key| {
        doc.annotation(&key)
            .map(|a| doc.quotes(a).concat())
            .unwrap_or_default()
    };
    doc.relations()
        .any(|r| r.kind == kind && quote(r.source_key()) == from && quote(r.target_key()) == to)
}

/// The text attribute `id` of the annotation over `quote`.
pub fn text_attribute(doc: &AnnotatedDocument, quote: &str, id: &str) -> Option<String> {
    doc.annotations()
        .filter(|a| doc.quotes(a).concat() == quote)
        .find_map(|a| match a.attributes.get(id) {
            Some(AttributeValue::Text(value)) => Some(value.clone()),
            _ => None,
        })
}

/// The entity the annotation over `quote` links to.
pub fn entity_of(doc: &AnnotatedDocument, quote: &str) -> Option<String> {
    doc.annotations()
        .filter(|a| doc.quotes(a).concat() == quote)
        .find_map(|a| a.entity.as_deref().map(str::to_string))
}

/// The options chosen in the document label set `set` (by any layer).
/// (sorted: formats that hold them as a map keep no order).
pub fn document_labels(doc: &AnnotatedDocument, set: &str) -> Vec<String> {
    let mut values: Vec<String> = doc
        .document_labels()
        .filter(|(_, s, _)| *s == set)
        .flat_map(|(_, _, values)| values.to_vec())
        .collect();
    values.sort();
    values
}

/// Writes each document in `format` (its only layer), with the knowledge
/// base the import gave, and reads it back (brat: the `.ann`, the `.txt`
/// and the `annotation.conf` written for it).
fn written_and_read(
    format: Format,
    documents: &[AnnotatedDocument],
    kb: &KnowledgeBase,
) -> Vec<AnnotatedDocument> {
    let options_out = ExportOptions {
        knowledge_base: kb.clone(),
        ..ExportOptions::default()
    };
    documents
        .iter()
        .flat_map(|doc| {
            let exported = detect::export(format, doc, &options_out)
                .unwrap_or_else(|e| panic!("{format}: {e}"));
            let file = |extension: &str| {
                exported
                    .files
                    .iter()
                    .find(|f| f.extension == extension)
                    .map(|f| f.content.clone())
                    .unwrap_or_default()
            };
            let read = match format {
                Format::Brat => {
                    let conf = scholia_core::format::brat::annotation_conf(doc);
                    detect::import_brat(&file(".ann"), &file(".txt"), Some(&conf), &options("back"))
                }
                _ => detect::import(format, &exported.files[0].content, &options("back")),
            };
            read.unwrap_or_else(|e| panic!("{format} read back: {e}"))
                .documents
        })
        .collect()
}

/// Checks every feature; names all that fail at once.
fn check(format: Format, imported: &Imported, features: &[Feature]) {
    let back = written_and_read(format, &imported.documents, &imported.knowledge_base);
    let lost = &imported.report.not_represented;
    let mut failures = Vec::new();
    for feature in features {
        match &feature.fate {
            Fate::Kept(holds) => {
                if !holds(&imported.documents) {
                    failures.push(format!("{}: not kept on import", feature.name));
                } else if !holds(&back) {
                    failures.push(format!("{}: lost when written back", feature.name));
                }
            }
            Fate::Reported(line) => {
                if !lost.iter().any(|l| l.contains(line)) {
                    failures.push(format!("{}: not named in the report", feature.name));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{format}:\n  {}\nreport: {lost:#?}",
        failures.join("\n  ")
    );
}

#[test]
fn spacy_prodigy_features_are_kept_or_reported() {
    let imported = detect::import(
        Format::Spacy,
        &fixture("spacy/every_feature.jsonl"),
        &options("every_feature.jsonl"),
    )
    .unwrap();
    let features = [
        kept("text, spans (start, end, label, text)", |d| {
            d[0].document().text.as_str() == "Ada 😀 Lovelace met Charles Babbage in London."
                && has_span(&d[0], "Ada 😀 Lovelace", "PERSON")
                && has_span(&d[0], "Charles Babbage", "PERSON")
        }),
        kept("_annotator_id", |d| {
            d.iter()
                .all(|doc| doc.layers() == ["fixture-alice"] || doc.layers().is_empty())
        }),
        kept("relations (head_span, child_span, label)", |d| {
            has_relation(&d[0], "MET", "Ada 😀 Lovelace", "Charles Babbage")
        }),
        kept(
            "a relation's end that spans does not list, without a label",
            |d| {
                has_span(&d[0], "London", "token")
                    && has_relation(&d[0], "relation", "Charles Babbage", "London")
            },
        ),
        kept("relations between tokens (head, child, tokens)", |d| {
            has_relation(&d[6], "nsubj", "serves", "She")
                && has_relation(&d[6], "advmod", "serves", "fast")
        }),
        kept("spans' kb_id (entity links)", |d| {
            entity_of(&d[2], "Tirana").as_deref() == Some("Q19689")
                && entity_of(&d[2], "Albania").as_deref() == Some("Q222")
        }),
        kept("entity linking: accept (an entity link)", |d| {
            entity_of(&d[1], "Emerson").as_deref() == Some("Q312545")
        }),
        reported("entity linking: options", "`options`"),
        kept(
            "choices of the whole text: options, accept (document labels)",
            |d| document_labels(&d[5], "cats") == ["SPORTS", "WEATHER"],
        ),
        kept("text classification: cats (document labels)", |d| {
            document_labels(&d[3], "cats") == ["POSITIVE"]
                && d[3]
                    .scheme()
                    .document_label_set("cats")
                    .is_some_and(|s| s.options.contains(&"NEGATIVE".to_string()))
        }),
        kept("binary classification: label, rejected", |d| {
            document_labels(&d[4], "cats").is_empty()
                && d[4]
                    .scheme()
                    .document_label_set("cats")
                    .is_some_and(|s| s.options.contains(&"SPORTS".to_string()))
        }),
        reported("answer other than accept", "`answer`"),
        reported(
            "relations by token number without tokens",
            "is not imported: `relations[]`",
        ),
        reported("html", "`html`"),
        reported("tokens", "`tokens`"),
        reported("meta", "`meta`"),
        reported("_input_hash", "`_input_hash`"),
        reported("_task_hash", "`_task_hash`"),
        reported("_session_id", "`_session_id`"),
        reported("_view_id", "`_view_id`"),
        reported("_timestamp", "`_timestamp`"),
        reported("spans' token_start", "`spans[].token_start`"),
        reported("spans' token_end", "`spans[].token_end`"),
        reported("spans' type", "`spans[].type`"),
        reported("spans' score", "`spans[].score`"),
        reported("spans' rank", "`spans[].rank`"),
        reported("spans' source", "`spans[].source`"),
        reported("spans' input_hash", "`spans[].input_hash`"),
        reported("relations' color", "`relations[].color`"),
        reported(
            "relations' span tokens",
            "`relations[].head_span.token_start`",
        ),
    ];
    check(Format::Spacy, &imported, &features);
}

#[test]
fn doccano_features_are_kept_or_reported() {
    let imported = detect::import(
        Format::Doccano,
        &fixture("doccano/every_feature.jsonl"),
        &options("every_feature.jsonl"),
    )
    .unwrap();
    let features = [
        kept("text, label: [[start, end, label]]", |d| {
            has_span(&d[0], "Ada 😀 Lovelace", "PERSON") && has_span(&d[0], "Babbage", "PERSON")
        }),
        kept("entities, relations, user", |d| {
            d[1].layers() == ["bob"] && has_relation(&d[1], "capital-of", "Tirana", "Albania")
        }),
        kept("annotations (doccano 1.0): label by number, user", |d| {
            d[2].layers() == ["dora"] && has_span(&d[2], "Rain", "4")
        }),
        kept(
            "data (doccano 1.5), label: {entities, relations}, username",
            |d| d[3].layers() == ["erin"] && has_relation(&d[3], "won", "Emerson", "Davis Cup"),
        ),
        kept("labels (doccano 1.2)", |d| has_span(&d[4], "Two", "NUM")),
        kept("text classification: label: [classes]", |d| {
            document_labels(&d[5], "label") == ["positive", "sports"]
        }),
        kept("text classification: cats with scores", |d| {
            document_labels(&d[6], "label") == ["weather"]
        }),
        reported("id", "`id`"),
        reported("Comments", "`Comments`"),
        reported("annotation_approver", "`annotation_approver`"),
        reported("metadata beside the text", "`source`"),
        reported("meta", "`meta`"),
    ];
    check(Format::Doccano, &imported, &features);
}

#[test]
fn label_studio_features_are_kept_or_reported() {
    let imported = detect::import(
        Format::LabelStudio,
        &fixture("label-studio/project-3-at-2024-05-03.json"),
        &options("project-3.json"),
    )
    .unwrap();
    let features = [
        kept("data.text, labels regions", |d| {
            has_span(&d[0], "Albanian police", "Actor") && has_span(&d[0], "Tirana 🇦🇱", "Place")
        }),
        kept("completed_by: a number, an object with an email", |d| {
            d[0].layers() == ["1", "bob@example.org"]
        }),
        kept("meta.text of a region, a textarea on a region", |d| {
            let note = |quote: &str| {
                d[0].annotations()
                    .find(|a| d[0].quotes(a).concat() == quote && !a.note.is_empty())
                    .map(|a| a.note.clone())
            };
            note("forced the door").as_deref() == Some("violent entry")
                && note("“undeniable evidence”").as_deref() == Some("quoted from the ministry")
        }),
        kept("relations: right, left, labels", |d| {
            has_relation(&d[0], "participant", "Albanian police", "forced the door")
                && has_relation(&d[0], "relation", "forced the door", "Tirana 🇦🇱")
        }),
        // predictions: read as suggestions, not annotations (label_studio.rs).
        kept(
            "choices on the whole text (document labels by control)",
            |d| d[0].document_label("1", "topic") == Some(&["Politics".to_string()][..]),
        ),
        reported("relations both ways (bi)", "two-way relation"),
        reported("task id", "`id`"),
        reported("task meta", "`meta`"),
        reported("task times", "`created_at`"),
        reported("Label Studio's bookkeeping", "`total_annotations`"),
        reported("lead_time", "`annotations[].lead_time`"),
        reported("was_cancelled", "`annotations[].was_cancelled`"),
        reported("ground_truth", "`annotations[].ground_truth`"),
        reported("from_name, to_name", "`annotations[].result[].from_name`"),
        reported("origin", "`annotations[].result[].origin`"),
    ];
    check(Format::LabelStudio, &imported, &features);
}

#[test]
fn w3c_features_from_other_tools_are_kept_or_reported() {
    let imported = detect::import_with_text(
        Format::W3c,
        &fixture("w3c/every_feature.jsonld"),
        &fixture("w3c/every_feature.txt"),
        &options("every_feature.jsonld"),
    )
    .unwrap();
    let features = [
        kept("collection label", |d| d[0].document().title == "Letters"),
        kept("tagging body, creator's name, both selectors", |d| {
            d[0].layers() == ["dora"] && has_span(&d[0], "Ada 😀 Lovelace", "PERSON")
        }),
        kept("created, modified", |d| {
            d[0].annotations().any(|a| {
                a.created.to_rfc3339() == "2025-11-28T10:00:00.000Z"
                    && a.modified.to_rfc3339() == "2025-11-28T11:00:00.000Z"
            })
        }),
        kept("commenting body, bodyValue", |d| {
            let notes: Vec<&str> = d[0].annotations().map(|a| a.note.as_str()).collect();
            notes.contains(&"the emoji is in the letter")
                && notes.contains(&"a note given as bodyValue")
        }),
        kept("bodies of other purposes", |d| {
            text_attribute(&d[0], "Ada 😀 Lovelace", "describing").as_deref()
                == Some("mathematician")
        }),
        kept("an identifying resource body (an entity link)", |d| {
            let entity = entity_of(&d[0], "Ada 😀 Lovelace");
            // Another tool's link is by its URI; Scholia's, by the id it writes.
            entity.as_deref() == Some("http://www.wikidata.org/entity/Q7259")
        }),
        kept(
            "an annotation of the whole document (document labels)",
            |d| document_labels(&d[0], "document") == ["19th century", "correspondence"],
        ),
        kept(
            "a TextQuoteSelector alone, a TextPositionSelector alone",
            |d| {
                d[0].annotations()
                    .any(|a| d[0].quotes(a).concat() == "Charles Babbage")
                    && has_span(&d[0], "London", "PLACE")
            },
        ),
        kept(
            "several targets (a discontinuous span), several tags",
            |d| {
                ["PERSON", "CORRESPONDENT"].iter().all(|label| {
                    d[0].annotations().any(|a| {
                        a.label.as_str() == *label && d[0].quotes(a) == ["Babbage", "replied"]
                    })
                })
            },
        ),
        kept("linking: the body is the other annotation", |d| {
            has_relation(&d[0], "wrote-to", "Ada 😀 Lovelace", "Charles Babbage")
        }),
        kept("linking: two annotations as targets (Recogito)", |d| {
            has_relation(&d[0], "wrote-from", "Ada 😀 Lovelace", "London")
        }),
        reported("the collection's id", "`id`"),
        reported("generator", "`generator`"),
        reported("rights, audience", "`audience`, `rights`"),
        reported("an agent's other details", "`creator.email`"),
        reported(
            "a body's language and format",
            "`body.format`, `body.language`",
        ),
        reported("the target's source (a URL)", "the targets' `source`"),
        reported("other selectors", "`XPathSelector`"),
        reported("a target's state", "`target.state`"),
        reported("the motivation of a tagged annotation", "`motivation`"),
    ];
    check(Format::W3c, &imported, &features);
}

/// The value of attribute `id` on the annotation over `quote`.
fn attribute(doc: &AnnotatedDocument, quote: &str, id: &str) -> Option<AttributeValue> {
    doc.annotations()
        .filter(|a| doc.quotes(a).concat() == quote)
        .find_map(|a| a.attributes.get(id).cloned())
}

#[test]
fn brat_features_are_kept_or_reported() {
    let imported = detect::import_brat(
        &fixture("brat/alice/news.ann"),
        &fixture("brat/alice/news.txt"),
        Some(&fixture("brat/every_feature.conf")),
        &options("alice/news.ann"),
    )
    .unwrap();
    let features = [
        kept("T: a text-bound annotation, one fragment or several", |d| {
            has_span(&d[0], "Tirana", "GPE")
                && d[0]
                    .annotations()
                    .any(|a| d[0].quotes(a) == ["Rama", "Berisha"])
        }),
        kept("R: Arg1 and Arg2, other roles", |d| {
            has_relation(&d[0], "Located", "Rama", "Tirana")
                && d[0].relations().any(|r| {
                    r.kind == "Alias"
                        && r.attributes.get("brat:roles")
                            == Some(&AttributeValue::Text("Anaphor Antecedent".into()))
                })
        }),
        kept("E: an event, its trigger and arguments", |d| {
            has_span(&d[0], "met", "Meet")
                && has_relation(&d[0], "Person-Arg", "met", "Rama")
                && has_relation(&d[0], "Place-Arg", "met", "Tirana")
        }),
        kept("A: binary and valued attributes", |d| {
            attribute(&d[0], "said", "Speculation") == Some(AttributeValue::Flag(true))
                && attribute(&d[0], "met", "Confidence")
                    == Some(AttributeValue::Text("High".into()))
        }),
        kept("N: a normalization (an entity link)", |d| {
            entity_of(&d[0], "Tirana").as_deref() == Some("Wikipedia:3345")
        }),
        kept("#: AnnotatorNotes, other note types", |d| {
            d[0].annotations()
                .any(|a| a.note == "Which family?\nCheck the source.")
                && text_attribute(&d[0], "Café owners", "Lemma").is_some()
        }),
        kept("*: an equivalence", |d| {
            d[0].relations().any(|r| r.kind == "Equiv")
        }),
        kept("annotation.conf: the types declared", |d| {
            ["Person", "GPE"]
                .iter()
                .all(|l| d[0].scheme().label(l).is_some())
                && d[0].scheme().relation_type("Located").is_some()
        }),
        reported("annotation.conf: the hierarchy", "the type hierarchy"),
        reported("annotation.conf: aliases", "type aliases"),
        reported(
            "annotation.conf: relation argument types",
            "a relation's arguments allow",
        ),
        reported(
            "annotation.conf: event argument types and counts",
            "an event's arguments allow",
        ),
        reported(
            "annotation.conf: what an attribute applies to",
            "an attribute applies to",
        ),
        reported("annotation.conf: brat's options", "brat's options"),
        reported("annotation.conf: visual sections", "sections other than"),
    ];
    check(Format::Brat, &imported, &features);
}
