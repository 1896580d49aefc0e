//! Library backups (docs/backup.md), off the page: reading one with every
//! check and precise errors, and writing one from the documents the page
//! reads from storage. The page keeps IndexedDB; the JSON is done here.
//! The library's knowledge base travels both ways as a `scholia-kb` JSON
//! file, which the page already reads and writes for its storage.

use scholia_core::format::library as backup_format;
use scholia_core::format::scholia;
use scholia_core::knowledge::file as kb_file;
use scholia_core::library::LibraryDocument;
use scholia_core::model::Timestamp;

use crate::protocol::{BackupEntry, BackupModel, BackupRead};

/// Reads a backup file: its documents' places and the documents themselves
/// (checked, as Scholia JSON); or why it cannot be restored, as the
/// sentence the app shows.
pub fn read(name: &str, bytes: &[u8]) -> Result<(BackupRead, Vec<String>), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        format!("Could not restore {name}: it is not a Scholia library backup (not UTF-8 text).")
    })?;
    let backup = backup_format::import(text).map_err(|error| {
        format!(
            "Could not restore {}. The library is unchanged.",
            error.in_file(name)
        )
    })?;
    let (entries, documents) = backup
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let entry = BackupEntry {
                suggestions: backup.suggestions_of(i),
                ..BackupEntry::of(d)
            };
            (entry, scholia::export(&d.doc))
        })
        .unzip();
    Ok((
        BackupRead {
            created: backup.created.map(|t| t.0),
            annotator: backup.annotator,
            entries,
            knowledge_base: backup.knowledge_base.as_ref().map(kb_file::export_json),
            tagger_models: (backup.tagger_models.iter())
                .map(|m| BackupModel {
                    scheme_labels: m.scheme_labels.clone(),
                    json: m.model.to_string(),
                })
                .collect(),
        },
        documents,
    ))
}

/// Writes a backup of `documents` (Scholia JSON, each read back through
/// every check) placed in the library as `entries` say, with the library's
/// knowledge base (a `scholia-kb` JSON file) and tagger models (each
/// checked as a restore would check it, so that no backup is written that
/// could not be restored).
pub fn write(
    documents: &[String],
    entries: &[BackupEntry],
    knowledge_base: Option<&str>,
    tagger_models: &[BackupModel],
    annotator: Option<&str>,
    now: i64,
) -> Result<String, String> {
    let library = documents
        .iter()
        .zip(entries)
        .map(|(json, entry)| {
            let doc = scholia::import(json)
                .map_err(|e| format!("a document could not be written ({e})"))?;
            Ok(entry.place(doc))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let refs: Vec<&LibraryDocument> = library.iter().collect();
    let suggestions: Vec<_> = entries.iter().map(|e| e.suggestions.clone()).collect();
    let knowledge_base = knowledge_base
        .map(kb_file::import_json)
        .transpose()
        .map_err(|e| format!("the knowledge base could not be written ({e})"))?;
    let tagger_models = (tagger_models.iter())
        .map(|m| {
            let model = backup_format::TaggerModelV1 {
                scheme_labels: m.scheme_labels.clone(),
                model: serde_json::from_str(&m.json).map_err(|e| {
                    format!(
                        "the tagger model for {} could not be written ({e})",
                        m.scheme_labels.join(", ")
                    )
                })?,
            };
            backup_format::check_tagger_model(&model).map_err(|e| {
                format!(
                    "the tagger model for {} could not be written ({e})",
                    m.scheme_labels.join(", ")
                )
            })?;
            Ok(model)
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(backup_format::export_library_with_models(
        &refs,
        &suggestions,
        knowledge_base.as_ref(),
        &tagger_models,
        annotator,
        Timestamp(now),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::edit::Edit;
    use scholia_core::model::{Annotation, Document, Fragment, Key, Scheme};
    use scholia_core::AnnotatedDocument;

    fn annotated(id: &str, text: &str) -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(Document::new(id, text), Scheme::default_scheme());
        let label = doc.scheme().labels[0].id.clone();
        let annotation = Annotation::new(
            Key::new("alice", "a0"),
            label.as_str(),
            Fragment::new(0, 3),
            Timestamp(1_700_000_000_000),
        );
        doc.apply(Edit::AddAnnotation(annotation)).unwrap();
        doc
    }

    /// A rejection of “def” as an actor.
    fn rejected_first_span() -> crate::protocol::BackupSuggestions {
        use scholia_core::suggest::{Decision, Decisions, Source, Suggestion};
        let mut decisions = Decisions::default();
        let suggestion = Suggestion {
            fragments: vec![Fragment::new(4, 7)],
            label: "actor".into(),
            source: Source::Repeats,
            confidence: 1.0,
            id: None,
        };
        decisions.decide(&suggestion, Decision::Rejected);
        crate::protocol::BackupSuggestions {
            decisions,
            predictions: Vec::new(),
        }
    }

    #[test]
    fn a_backup_written_here_reads_back_with_its_places() {
        let (a, b) = (annotated("a", "abc def"), annotated("b", "xyz 😀\r\n"));
        let entries = vec![
            BackupEntry {
                status: "done".into(),
                created: 1,
                modified: 2,
                trashed: Some(3),
                suggestions: rejected_first_span(),
            },
            BackupEntry {
                status: "inProgress".into(),
                created: 4,
                modified: 5,
                trashed: None,
                suggestions: Default::default(),
            },
        ];
        let documents = vec![scholia::export(&a), scholia::export(&b)];
        let json = write(
            &documents,
            &entries,
            None,
            &[],
            Some("alice"),
            1_700_000_300_000,
        )
        .unwrap();
        assert!(backup_format::is_backup(&json));
        let (read_back, docs) = read("lib.json", json.as_bytes()).unwrap();
        assert_eq!(read_back.entries, entries);
        assert_eq!(read_back.annotator.as_deref(), Some("alice"));
        assert_eq!(read_back.created, Some(1_700_000_300_000));
        assert_eq!(scholia::import(&docs[0]).unwrap(), a);
        assert_eq!(scholia::import(&docs[1]).unwrap(), b);
    }

    #[test]
    fn the_knowledge_base_goes_out_and_comes_back_and_a_bad_one_is_named() {
        use scholia_core::knowledge::{Entity, KnowledgeBase};
        let mut kb = KnowledgeBase::new("desk");
        let mut rama = Entity::new("e1", "Edi Rama");
        rama.add_alias("Rama");
        kb.insert(rama).unwrap();
        let documents = vec![scholia::export(&annotated("a", "abc def"))];
        let entries = vec![BackupEntry {
            status: "done".into(),
            created: 1,
            modified: 2,
            trashed: None,
            suggestions: Default::default(),
        }];
        let kb_json = kb_file::export_json(&kb);
        let json = write(&documents, &entries, Some(&kb_json), &[], None, 0).unwrap();
        let (read_back, _) = read("lib.json", json.as_bytes()).unwrap();
        let back = kb_file::import_json(&read_back.knowledge_base.unwrap()).unwrap();
        assert_eq!(back, kb);
        // Without one, none comes back.
        let plain = write(&documents, &entries, None, &[], None, 0).unwrap();
        let (read_back, _) = read("lib.json", plain.as_bytes()).unwrap();
        assert_eq!(read_back.knowledge_base, None);
        // A bad one refuses the whole backup, naming the file, the entity
        // and the field.
        let broken = json.replacen("\"name\": \"Edi Rama\"", "\"name\": \"\"", 1);
        assert_ne!(broken, json);
        assert_eq!(
            read("lib.json", broken.as_bytes()).unwrap_err(),
            "Could not restore lib.json, the knowledge base, the entity “e1”, field “knowledgeBase.entities[0].name”: the name is empty. The library is unchanged."
        );
    }

    #[test]
    fn tagger_models_go_out_and_come_back_checked() {
        use scholia_core::suggest::tagger::{Tagger, TrainOptions};
        let (a, b) = (annotated("a", "abc def"), annotated("b", "xyz w"));
        let documents = vec![scholia::export(&a), scholia::export(&b)];
        let entry = BackupEntry {
            status: "done".into(),
            created: 1,
            modified: 2,
            trashed: None,
            suggestions: Default::default(),
        };
        let entries = vec![entry.clone(), entry];
        let model = Tagger::train(&[&a, &b], &TrainOptions::default())
            .unwrap()
            .to_json();
        let models = vec![BackupModel {
            scheme_labels: vec!["actor".into(), "claim".into(), "event".into()],
            json: model.clone(),
        }];
        let json = write(&documents, &entries, None, &models, None, 0).unwrap();
        let (read_back, _) = read("lib.json", json.as_bytes()).unwrap();
        assert_eq!(read_back.tagger_models.len(), 1);
        assert_eq!(
            read_back.tagger_models[0].scheme_labels,
            models[0].scheme_labels
        );
        let back = Tagger::from_json(&read_back.tagger_models[0].json, "m").unwrap();
        assert_eq!(back.to_json(), model);
        // A model for labels its scheme lacks is not written.
        let wrong = vec![BackupModel {
            scheme_labels: vec!["person".into()],
            json: model,
        }];
        let error = write(&documents, &entries, None, &wrong, None, 0).unwrap_err();
        assert!(
            error.contains("the tagger model for person") && error.contains("model.labels"),
            "{error}"
        );
    }

    #[test]
    fn errors_name_the_file_document_record_and_field() {
        let documents = vec![scholia::export(&annotated("a", "abc def"))];
        let entries = vec![BackupEntry {
            status: "done".into(),
            created: 1,
            modified: 2,
            trashed: None,
            suggestions: Default::default(),
        }];
        let json = write(&documents, &entries, None, &[], None, 0).unwrap();
        let broken = json.replacen("\"quote\": \"abc\"", "\"quote\": \"zzz\"", 1);
        assert_ne!(broken, json);
        let error = read("lib.json", broken.as_bytes()).unwrap_err();
        assert!(
            error.starts_with("Could not restore lib.json")
                && error.contains("document 1")
                && error.contains("annotation “a0”")
                && error.contains("fragments[0].quote"),
            "{error}"
        );
        assert!(error.ends_with("The library is unchanged."), "{error}");
        let error = read("lib.json", b"\xff").unwrap_err();
        assert_eq!(
            error,
            "Could not restore lib.json: it is not a Scholia library backup (not UTF-8 text)."
        );
    }
}
