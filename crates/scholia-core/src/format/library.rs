//! Library backups: every document of a library in one JSON file, to move to
//! another machine or browser. See docs/backup.md and
//! docs/scholia-library-1.schema.json.
//!
//! Each document is a whole Scholia file (version 1), read back with every
//! check an import makes, plus its place in the library: status, times,
//! trash. Undo histories stay in the browser they were made in. Beside it,
//! optionally, its suggestions: the decisions taken (accepted, rejected) and
//! the predictions imported for it; backups without them still read. And,
//! optionally, the library's knowledge base as a whole `scholia-kb` file
//! (the entities its documents' links name); backups without one read as a
//! library without entities. And, optionally, the tagger models the library
//! keeps, each with the label ids of the scheme it serves; a backup
//! without them restores as before, and a model for labels no document has
//! is kept all the same (it serves any document with those labels later).

use serde::{Deserialize, Serialize};

use crate::document::AnnotatedDocument;
use crate::edit::History;
use crate::error::{in_record_of, quoted, Error, ErrorKind};
use crate::format::scholia::{self as native};
use crate::knowledge::file::{self as kb_file, KnowledgeBaseFileV1};
use crate::knowledge::{describe_entity, KnowledgeBase};
use crate::library::{LibraryDocument, Status};
use crate::model::Timestamp;
use crate::suggest::{Decisions, Suggestion};

/// The value of the `format` field.
pub const FORMAT: &str = "scholia-library";
/// The version this build writes, and the newest it reads.
pub const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LibraryFileV1 {
    pub format: String,
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
    /// When the backup was made.
    pub created: String,
    /// The annotator name set in the browser the backup comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator: Option<String>,
    pub documents: Vec<LibraryDocumentV1>,
    /// The library's knowledge base, a `scholia-kb` file, version 1 (read
    /// by [`read_knowledge_base`], so that its errors name the entity and
    /// the field). Absent when the library has no entities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub knowledge_base: Option<serde_json::Value>,
    /// The tagger models kept in the library (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tagger_models: Vec<TaggerModelV1>,
}

/// A tagger model as backed up: the label ids of the scheme it serves (the
/// library keeps one model per set of labels) and the model itself, a
/// `scholia-tagger` file (what **Export model** writes), read with every
/// check an imported model gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaggerModelV1 {
    /// Sorted, each once.
    pub scheme_labels: Vec<String>,
    pub model: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LibraryDocumentV1 {
    pub status: String,
    pub created: String,
    pub modified: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trashed: Option<String>,
    /// A Scholia file, version 1 (read with [`native::parse_value`], so that
    /// its errors name its records and fields).
    pub file: serde_json::Value,
    #[serde(default, skip_serializing_if = "SuggestionsV1::is_empty")]
    pub suggestions: SuggestionsV1,
}

/// A document's suggestions as backed up: the decisions taken on them and
/// the predictions imported for it. (Repeats, terms and the tagger's are
/// computed again; only what people decided and what was imported is kept.)
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SuggestionsV1 {
    #[serde(default, skip_serializing_if = "Decisions::is_empty")]
    pub decisions: Decisions,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub predictions: Vec<Suggestion>,
}

impl SuggestionsV1 {
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty() && self.predictions.is_empty()
    }
}

/// A library read from a backup.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Backup {
    pub created: Option<Timestamp>,
    pub annotator: Option<String>,
    pub documents: Vec<LibraryDocument>,
    /// Each document's suggestions, in the order of `documents` (empty for
    /// a backup made before they were kept).
    pub suggestions: Vec<SuggestionsV1>,
    /// The library's knowledge base (`None` for a backup without one).
    pub knowledge_base: Option<KnowledgeBase>,
    /// The tagger models, checked (none for a backup without them).
    pub tagger_models: Vec<TaggerModelV1>,
}

impl Backup {
    /// The suggestions backed up with the `i`th document (none if absent).
    pub fn suggestions_of(&self, i: usize) -> SuggestionsV1 {
        self.suggestions.get(i).cloned().unwrap_or_default()
    }
}

/// Writes a backup of `documents` (their histories are left out).
pub fn export(documents: &[&LibraryDocument], annotator: Option<&str>, now: Timestamp) -> String {
    export_with(documents, &[], annotator, now)
}

/// Writes a backup of `documents` with their suggestions (in the same
/// order; missing ones are none).
pub fn export_with(
    documents: &[&LibraryDocument],
    suggestions: &[SuggestionsV1],
    annotator: Option<&str>,
    now: Timestamp,
) -> String {
    export_library(documents, suggestions, None, annotator, now)
}

/// Writes a backup of `documents` with their suggestions and the library's
/// knowledge base (written only when it has entities, so that a library
/// without any backs up as before).
pub fn export_library(
    documents: &[&LibraryDocument],
    suggestions: &[SuggestionsV1],
    knowledge_base: Option<&KnowledgeBase>,
    annotator: Option<&str>,
    now: Timestamp,
) -> String {
    export_library_with_models(documents, suggestions, knowledge_base, &[], annotator, now)
}

/// [`export_library`] with the library's tagger models (none written when
/// there are none, so that such a library backs up as before).
pub fn export_library_with_models(
    documents: &[&LibraryDocument],
    suggestions: &[SuggestionsV1],
    knowledge_base: Option<&KnowledgeBase>,
    tagger_models: &[TaggerModelV1],
    annotator: Option<&str>,
    now: Timestamp,
) -> String {
    let knowledge_base = knowledge_base.filter(|kb| !kb.is_empty()).map(|kb| {
        serde_json::to_value(KnowledgeBaseFileV1 {
            format: kb_file::FORMAT.into(),
            version: kb_file::VERSION,
            name: kb.name.clone(),
            entities: kb
                .entities()
                .cloned()
                .map(kb_file::entity_to_file)
                .collect(),
        })
        .unwrap_or_default()
    });
    let file = LibraryFileV1 {
        format: FORMAT.into(),
        version: VERSION,
        generator: Some(format!("Scholia {}", env!("CARGO_PKG_VERSION"))),
        created: now.to_rfc3339(),
        annotator: annotator.map(str::to_string),
        documents: documents
            .iter()
            .enumerate()
            .map(|(i, d)| LibraryDocumentV1 {
                status: d.status.as_str().into(),
                created: d.created.to_rfc3339(),
                modified: d.modified.to_rfc3339(),
                trashed: d.trashed.map(Timestamp::to_rfc3339),
                file: serde_json::to_value(native::to_file(&d.doc)).unwrap_or_default(),
                suggestions: suggestions.get(i).cloned().unwrap_or_default(),
            })
            .collect(),
        knowledge_base,
        tagger_models: tagger_models.to_vec(),
    };
    super::pretty_json(&file)
}

/// Whether a file is a library backup (by its format marker), so that a
/// backup opened as a file can be offered as a restore.
pub fn is_backup(json: &str) -> bool {
    // The marker comes first in the files Scholia writes.
    let head = json.get(..200).unwrap_or(json);
    head.contains("\"format\"") && head.contains(&format!("\"{FORMAT}\""))
}

/// Reads a backup. All or nothing: any error names the document (by its
/// position and title), the record and the field.
pub fn import(json: &str) -> Result<Backup, Error> {
    let head: serde_json::Value = serde_json::from_str(json).map_err(native::syntax_error)?;
    match head.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        _ => {
            return Err(Error::new(ErrorKind::UnknownFormat(
                "this is not a Scholia library backup: it has no \"format\": \"scholia-library\" marker".into(),
            ))
            .in_field("format"))
        }
    }
    native::check_version(&head, VERSION)?;
    let file: LibraryFileV1 = serde_path_to_error::deserialize(&head).map_err(|e| {
        let path = e.path().to_string();
        in_record_of(e.inner().to_string(), &path, "documents", |index| {
            describe_document(&head, index.parse().unwrap_or(0))
        })
    })?;
    let mut documents = Vec::with_capacity(file.documents.len());
    let mut suggestions = Vec::with_capacity(file.documents.len());
    for (i, d) in file.documents.into_iter().enumerate() {
        let record = describe_document(&head, i);
        // The document is the record; a record inside its file (an
        // annotation, say) is named after it.
        let in_document = |mut e: Error, field: &str| match e.record.take() {
            Some(inner) => {
                e.record = Some(format!("{record}, {inner}"));
                e
            }
            None => e.in_field(field).in_record(record.clone()),
        };
        let doc = native::parse_value(&d.file)
            .and_then(native::from_file)
            .map_err(|e| in_document(e, "file"))?;
        let status = Status::parse(&d.status).ok_or_else(|| {
            in_document(
                Error::invalid(format!(
                    "{} is not a status (notStarted, inProgress or done)",
                    quoted(&d.status)
                )),
                "status",
            )
        })?;
        let time = |text: &str, field: &str| {
            native::timestamp(text, field).map_err(|e| e.in_record(record.clone()))
        };
        check_suggestions(&d.suggestions, &doc).map_err(|e| in_document(e, "suggestions"))?;
        suggestions.push(d.suggestions);
        documents.push(LibraryDocument {
            status,
            created: time(&d.created, "created")?,
            modified: time(&d.modified, "modified")?,
            trashed: d
                .trashed
                .as_deref()
                .map(|t| time(t, "trashed"))
                .transpose()?,
            doc,
            history: History::default(),
        });
    }
    let knowledge_base = file
        .knowledge_base
        .as_ref()
        .map(read_knowledge_base)
        .transpose()?;
    for (i, model) in file.tagger_models.iter().enumerate() {
        check_tagger_model(model).map_err(|e| {
            e.in_field(format!("taggerModels[{i}]")).in_record(format!(
                "the tagger model for {}",
                model.scheme_labels.join(", ")
            ))
        })?;
    }
    Ok(Backup {
        created: Timestamp::parse_rfc3339(&file.created),
        annotator: file.annotator,
        documents,
        suggestions,
        knowledge_base,
        tagger_models: file.tagger_models,
    })
}

/// Checks a backed-up tagger model: its scheme's labels sorted and once
/// each, and the model a `scholia-tagger` file (every check
/// [`crate::suggest::tagger::Tagger::from_json`] makes) that proposes only
/// those labels. An error's field is relative to the entry (`model.labels`).
pub fn check_tagger_model(model: &TaggerModelV1) -> Result<(), Error> {
    let labels = &model.scheme_labels;
    if labels.is_empty() || labels.windows(2).any(|w| w[0] >= w[1]) {
        return Err(
            Error::invalid("the scheme's label ids must be listed sorted, each once")
                .in_field("schemeLabels"),
        );
    }
    let tagger = crate::suggest::tagger::Tagger::from_json(&model.model.to_string(), "").map_err(
        |mut e| {
            e.file = None;
            e.in_field("model")
        },
    )?;
    let lacking: Vec<&str> = (tagger.labels().iter())
        .filter(|l| !labels.contains(l))
        .map(String::as_str)
        .collect();
    if !lacking.is_empty() {
        return Err(Error::invalid(format!(
            "the model proposes {}, which its scheme's labels ({}) lack",
            lacking.join(", "),
            labels.join(", ")
        ))
        .in_field("model.labels"));
    }
    Ok(())
}

/// Reads a backup's knowledge base with every check a knowledge-base file
/// gets; an error names the entity and the field from the backup's top
/// (`knowledgeBase.entities[1].name`).
pub fn read_knowledge_base(value: &serde_json::Value) -> Result<KnowledgeBase, Error> {
    const FIELD: &str = "knowledgeBase";
    let in_base = |e: Error| e.in_field(FIELD).in_record("the knowledge base");
    if value.get("format").and_then(|f| f.as_str()) != Some(kb_file::FORMAT) {
        return Err(in_base(
            Error::new(ErrorKind::UnknownFormat(format!(
                "the knowledge base has no \"format\": \"{}\" marker",
                kb_file::FORMAT
            )))
            .in_field("format"),
        ));
    }
    native::check_version(value, kb_file::VERSION).map_err(in_base)?;
    let file: KnowledgeBaseFileV1 = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let error = Error::invalid(e.inner().to_string());
        in_base(match path.as_str() {
            "." | "?" => error,
            path => error.in_field(path),
        })
    })?;
    let mut kb = KnowledgeBase::new(file.name);
    for (i, entity) in file.entities.into_iter().enumerate() {
        let id = entity.id.clone();
        // Each entity is checked as a file's would be, then added here,
        // where a repeated id is found.
        let read =
            kb_file::entities_from_file(vec![entity]).and_then(|one| match one.entities().next() {
                Some(entity) => kb.insert(entity.clone()),
                None => Ok(()),
            });
        read.map_err(|mut e| {
            e.record = Some(match id.trim() {
                "" => "the knowledge base".into(),
                _ => format!("the knowledge base, {}", describe_entity(&id)),
            });
            e.in_field(format!("{FIELD}.entities[{i}]"))
        })?;
    }
    Ok(kb)
}

/// Suggestions must lie in their document's text.
fn check_suggestions(suggestions: &SuggestionsV1, doc: &AnnotatedDocument) -> Result<(), Error> {
    let len = doc.document().text.len();
    let spans = suggestions
        .decisions
        .records()
        .map(|r| r.fragments)
        .enumerate()
        .map(|(i, f)| (format!("decisions[{i}]"), f))
        .chain(suggestions.predictions.iter().enumerate().map(|(i, s)| {
            (
                format!("predictions[{i}]"),
                s.fragments.iter().map(|f| (f.start, f.end)).collect(),
            )
        }));
    for (field, fragments) in spans {
        if fragments.is_empty() {
            return Err(Error::invalid("a suggestion has no span").in_field(field));
        }
        if let Some((start, end)) = fragments.iter().find(|(s, e)| s >= e || *e > len) {
            return Err(Error::invalid(format!(
                "the span {start}–{end} is not within the text, which has {len} characters"
            ))
            .in_field(format!("{field}.fragments")));
        }
    }
    Ok(())
}

/// “document 3 (“Title”)”, from the raw JSON so that it works before parsing.
fn describe_document(head: &serde_json::Value, index: usize) -> String {
    let title = head
        .get("documents")
        .and_then(|d| d.get(index))
        .and_then(|d| d.pointer("/file/document/title"))
        .and_then(|t| t.as_str());
    match title {
        Some(title) => format!("document {} ({})", index + 1, quoted(title)),
        None => format!("document {}", index + 1),
    }
}

/// What restoring a backup's document into a library means, given the
/// stored document with the same id: `None` when it is already there with
/// the same content (nothing to do), `Some(true)` when its id is taken by
/// other content (add it as a copy under a new id), `Some(false)` when the
/// id is free (add it).
pub fn needs_copy(
    incoming: &AnnotatedDocument,
    stored: Option<&AnnotatedDocument>,
) -> Option<bool> {
    match stored {
        None => Some(false),
        Some(stored) if crate::library::same_content(stored, incoming) => None,
        Some(_) => Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::model::{Annotation, Document, Fragment, Key, Scheme};

    fn library_document(id: &str, text: &str, n_annotations: usize) -> LibraryDocument {
        let mut doc = AnnotatedDocument::new(Document::new(id, text), Scheme::default_scheme());
        for i in 0..n_annotations {
            let annotation = Annotation::new(
                Key::new("alice", format!("a{i}")),
                "actor",
                Fragment::new(i, i + 1),
                Timestamp(1_700_000_000_000 + i as i64),
            );
            doc.apply(Edit::AddAnnotation(annotation)).unwrap();
        }
        LibraryDocument {
            doc,
            status: Status::InProgress,
            created: Timestamp(1_700_000_000_000),
            modified: Timestamp(1_700_000_100_000),
            trashed: None,
            history: History::default(),
        }
    }

    #[test]
    fn a_backup_round_trips_with_status_and_trash() {
        let a = library_document("a", "abcdef ghi", 3);
        let mut b = library_document("b", "xyz 😀 w\r\n", 0);
        b.status = Status::Done;
        b.trashed = Some(Timestamp(1_700_000_200_000));
        let json = export(&[&a, &b], Some("alice"), Timestamp(1_700_000_300_000));
        assert!(is_backup(&json));
        assert!(!is_backup(&native::export(&a.doc)));
        let backup = import(&json).unwrap();
        assert_eq!(backup.documents, vec![a, b]);
        assert_eq!(backup.annotator.as_deref(), Some("alice"));
        assert_eq!(backup.created, Some(Timestamp(1_700_000_300_000)));
    }

    #[test]
    fn errors_name_the_document_record_and_field() {
        let a = library_document("a", "abcdef ghi", 2);
        let json = export(&[&a], None, Timestamp(0));
        let broken = json.replacen("\"quote\": \"a\"", "\"quote\": \"z\"", 1);
        let error = import(&broken).unwrap_err();
        assert_eq!(
            error.to_string(),
            "document 1 (“abcdef ghi”), annotation “a0” (layer “alice”), field “fragments[0].quote”: the quoted text “z” does not match the document, which reads “a” there"
        );
        let error = import(&json.replace("\"inProgress\"", "\"finished\"")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "document 1 (“abcdef ghi”), field “status”: “finished” is not a status (notStarted, inProgress or done)"
        );
        let error = import(&json.replacen("\"created\": \"2023", "\"created\": \"yesterday", 1))
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("document 1 (“abcdef ghi”), field “created”: “yesterday"),
            "{error}"
        );
        let error = import(&json.replace("\"status\"", "\"state\"")).unwrap_err();
        assert!(
            error.to_string().starts_with("document 1 (“abcdef ghi”)"),
            "{error}"
        );
        let error = import(&json.replacen("\"version\": 1", "\"version\": 7", 1)).unwrap_err();
        assert!(
            matches!(error.kind, ErrorKind::UnsupportedVersion(_)),
            "{error}"
        );
        let error = import(&json[..json.len() / 2]).unwrap_err();
        assert!(error.to_string().contains("truncated"), "{error}");
        let error = import(&native::export(&a.doc)).unwrap_err();
        assert!(matches!(error.kind, ErrorKind::UnknownFormat(_)), "{error}");
    }

    #[test]
    fn tagger_models_travel_with_the_library_are_checked_and_old_backups_read_without() {
        use crate::suggest::tagger::{Tagger, TrainOptions};
        let a = library_document("a", "abcdef ghi", 2);
        let b = library_document("b", "xyz w", 1);
        let tagger = Tagger::train(&[&a.doc, &b.doc], &TrainOptions::default()).unwrap();
        let model: serde_json::Value = serde_json::from_str(&tagger.to_json()).unwrap();
        // One for this scheme, one for labels no document has: both kept.
        let models = vec![
            TaggerModelV1 {
                scheme_labels: vec!["actor".into(), "claim".into(), "event".into()],
                model: model.clone(),
            },
            TaggerModelV1 {
                scheme_labels: vec!["actor".into(), "person".into()],
                model: model.clone(),
            },
        ];
        let json = export_library_with_models(&[&a, &b], &[], None, &models, None, Timestamp(0));
        let backup = import(&json).unwrap();
        assert_eq!(backup.tagger_models, models);
        let read = Tagger::from_json(&backup.tagger_models[0].model.to_string(), "m").unwrap();
        assert_eq!(read.to_json(), tagger.to_json());
        // Without models, no field, and a backup without one reads with none.
        let old = export_library(&[&a, &b], &[], None, None, Timestamp(0));
        assert!(!old.contains("taggerModels"));
        assert!(import(&old).unwrap().tagger_models.is_empty());
        // A bad model refuses the backup, naming the model and the field.
        let broken = |change: &dyn Fn(&mut serde_json::Value)| {
            let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
            change(&mut value);
            import(&value.to_string()).unwrap_err().to_string()
        };
        let error = broken(&|v| v["taggerModels"][1]["model"]["transitions"] = "x".into());
        assert!(
            error.contains("the tagger model for actor, person"),
            "{error}"
        );
        assert!(
            error.contains("taggerModels[1].model.transitions"),
            "{error}"
        );
        let error = broken(&|v| v["taggerModels"][0]["model"]["format"] = "other".into());
        assert!(error.contains("taggerModels[0].model.format"), "{error}");
        let error =
            broken(&|v| v["taggerModels"][1]["schemeLabels"] = serde_json::json!(["person"]));
        assert!(error.contains("taggerModels[1].model.labels"), "{error}");
        assert!(error.contains("proposes actor"), "{error}");
        let error = broken(&|v| {
            v["taggerModels"][0]["schemeLabels"] = serde_json::json!(["event", "actor"])
        });
        assert!(error.contains("taggerModels[0].schemeLabels"), "{error}");
    }

    #[test]
    fn decisions_and_predictions_travel_with_their_document_and_old_backups_still_read() {
        use crate::suggest::{Decision, Source};
        let (a, b) = (
            library_document("a", "abcdef ghi", 1),
            library_document("b", "xyz 😀 w", 0),
        );
        let rejected = Suggestion {
            fragments: vec![Fragment::new(7, 10)],
            label: "actor".into(),
            source: Source::Repeats,
            confidence: 1.0,
            id: None,
        };
        let mut decisions = Decisions::default();
        decisions.decide(&rejected, Decision::Rejected);
        let predicted = Suggestion {
            fragments: vec![Fragment::new(4, 5)],
            label: "place".into(),
            source: Source::Imported,
            confidence: 0.25,
            id: None,
        };
        let suggestions = vec![
            SuggestionsV1 {
                decisions: decisions.clone(),
                predictions: vec![],
            },
            SuggestionsV1 {
                decisions: Decisions::default(),
                predictions: vec![predicted.clone()],
            },
        ];
        let json = export_with(&[&a, &b], &suggestions, None, Timestamp(0));
        let backup = import(&json).unwrap();
        assert_eq!(backup.documents, vec![a.clone(), b.clone()]);
        assert_eq!(backup.suggestions, suggestions);
        assert_eq!(
            backup.suggestions_of(0).decisions.get(&rejected),
            Some(Decision::Rejected)
        );
        assert_eq!(backup.suggestions_of(1).predictions, [predicted]);
        // A document without suggestions writes no field: a backup without
        // any is as it was, and reads with none.
        let old = export(&[&a, &b], None, Timestamp(0));
        assert!(!old.contains("suggestions"));
        let backup = import(&old).unwrap();
        assert!(backup.suggestions.iter().all(SuggestionsV1::is_empty));
        assert!(backup.suggestions_of(5).is_empty());
        // A span outside the text is named.
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["documents"][0]["suggestions"]["decisions"][0]["fragments"] =
            serde_json::json!([[7, 99]]);
        assert_eq!(
            import(&value.to_string()).unwrap_err().to_string(),
            "document 1 (“abcdef ghi”), field “suggestions.decisions[0].fragments”: the span 7–99 is not within the text, which has 10 characters"
        );
    }

    /// Two entities, one with an alias, an external id and a type.
    fn knowledge_base() -> KnowledgeBase {
        use crate::knowledge::Entity;
        let mut kb = KnowledgeBase::new("our team");
        let mut rama = Entity::new("e1", "Edi Rama");
        rama.kind = Some("actor".into());
        rama.add_alias("Rama");
        rama.add_external_id("Q319986");
        rama.description = "Prime Minister of Albania".into();
        kb.insert(rama).unwrap();
        kb.insert(Entity::new("e2", "Tirana")).unwrap();
        kb
    }

    #[test]
    fn the_knowledge_base_travels_with_the_library_and_old_backups_read_without_one() {
        let mut a = library_document("a", "Edi Rama met Rama.", 0);
        let mut linked = Annotation::new(
            Key::new("alice", "a0"),
            "actor",
            Fragment::new(0, 8),
            Timestamp(1),
        );
        linked.entity = Some("e1".into());
        a.doc.apply(Edit::AddAnnotation(linked)).unwrap();
        let kb = knowledge_base();
        let json = export_library(&[&a], &[], Some(&kb), None, Timestamp(0));
        let backup = import(&json).unwrap();
        assert_eq!(backup.knowledge_base.as_ref(), Some(&kb));
        assert_eq!(backup.documents, vec![a.clone()]);
        let rama = backup.knowledge_base.unwrap();
        let rama = rama.entity("e1").unwrap();
        assert_eq!(
            (
                rama.name.as_str(),
                &rama.aliases[..],
                &rama.external_ids[..]
            ),
            (
                "Edi Rama",
                &["Rama".to_string()][..],
                &["Q319986".to_string()][..]
            )
        );
        // No entities, no field: the backup is as it was, and one made
        // before the field existed reads with no knowledge base.
        let empty = export_library(
            &[&a],
            &[],
            Some(&KnowledgeBase::default()),
            None,
            Timestamp(0),
        );
        assert_eq!(empty, export(&[&a], None, Timestamp(0)));
        assert!(!empty.contains("knowledgeBase"));
        assert_eq!(import(&empty).unwrap().knowledge_base, None);
    }

    #[test]
    fn a_bad_knowledge_base_is_named_by_entity_and_field() {
        let a = library_document("a", "abcdef ghi", 0);
        let json = export_library(&[&a], &[], Some(&knowledge_base()), None, Timestamp(0));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let broken = |change: &dyn Fn(&mut serde_json::Value)| {
            let mut value = value.clone();
            change(&mut value);
            import(&value.to_string()).unwrap_err().to_string()
        };
        assert_eq!(
            broken(&|v| v["knowledgeBase"]["entities"][1]["name"] = " ".into()),
            "the knowledge base, the entity “e2”, field “knowledgeBase.entities[1].name”: the name is empty"
        );
        assert_eq!(
            broken(&|v| v["knowledgeBase"]["entities"][1]["id"] = "e1".into()),
            "the knowledge base, the entity “e1”, field “knowledgeBase.entities[1].id”: the id “e1” is used twice"
        );
        assert_eq!(
            broken(&|v| v["knowledgeBase"]["entities"][0]["aliases"] = 7.into()),
            "the knowledge base, field “knowledgeBase.entities[0].aliases”: invalid type: integer `7`, expected a sequence"
        );
        assert!(broken(&|v| v["knowledgeBase"]["format"] = "scholia".into())
            .starts_with("the knowledge base, field “knowledgeBase.format”"),);
        let version = broken(&|v| v["knowledgeBase"]["version"] = 9.into());
        assert!(version.contains("knowledgeBase.version"), "{version}");
    }

    #[test]
    fn restoring_keeps_what_is_there_and_copies_what_differs() {
        let a = library_document("a", "abcdef ghi", 2);
        let mut changed = a.clone();
        changed
            .doc
            .apply(Edit::RemoveAnnotation(Key::new("alice", "a0")))
            .unwrap();
        assert_eq!(needs_copy(&a.doc, None), Some(false));
        assert_eq!(needs_copy(&a.doc, Some(&a.doc)), None);
        assert_eq!(needs_copy(&a.doc, Some(&changed.doc)), Some(true));
    }
}
