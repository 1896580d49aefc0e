//! The library's part in the team workflow: reading annotators' files of
//! any supported format for a merge, storing a merged document as a new
//! one, and measuring agreement over the documents of the library, read one
//! at a time so that a large library never sits in memory at once.

use std::rc::Rc;

use scholia_core::agreement::{AgreementReport, Options};
use scholia_core::format::scholia as native;
use scholia_core::AnnotatedDocument;
use yew::Callback;

use scholia_worker::protocol::{self, ImportSettings, MergeSummary, Outcome, Request, Response};

use super::handle::Library;
use crate::open;
use crate::team::merge::Input;
use crate::web::worker::{self, Event, Session};
use crate::web::{self, files};
use crate::workspace::WorkspaceRef;

/// What reading files for a merge gave: each document with the name to show
/// for it, and a message for each file that could not be read.
#[derive(Default)]
pub struct ReadForMerge {
    pub documents: Vec<(String, AnnotatedDocument)>,
    pub problems: Vec<String>,
}

/// Reads annotators' files for a merge as Import reads them: text files
/// here, every annotation format (Scholia, W3C, brat pairs, doccano, Label
/// Studio, spaCy) through the formats' worker, with the annotator each
/// format names (doccano's `user`, Label Studio's `completed_by`, a brat
/// file's folder when a folder was chosen…).
pub async fn read_for_merge(chosen: Vec<web_sys::File>) -> ReadForMerge {
    let mut read = ReadForMerge::default();
    let names: Vec<String> = chosen.iter().map(files::path_of).collect();
    let plan = open::plan(&names);
    let texts: Vec<web_sys::File> = plan.texts.iter().map(|&i| chosen[i].clone()).collect();
    for picked in files::read_all(texts).await {
        match picked
            .map(|p| open::read_text_file(&p.name, &p.bytes(), &web::new_id()).map(|d| (p.name, d)))
        {
            Ok(Ok(named)) => read.documents.push(named),
            Ok(Err(error)) => read.problems.push(format!("Could not read {error}")),
            Err(message) => read.problems.push(message),
        }
    }
    if plan.units.is_empty() {
        return read;
    }
    let request = Request::Import {
        job: 1,
        names,
        units: plan.units,
        settings: ImportSettings {
            now: web::now().0,
            ..ImportSettings::default()
        },
    };
    match worker::import_once(&request, &chosen).await {
        Event::Answer(Response::Imported { results, .. }, payload) => {
            let documents = payload.strings(protocol::DOCUMENTS);
            let mut next = 0;
            for result in results {
                match result.outcome {
                    Outcome::Read { documents: n, .. } => {
                        for i in 0..n {
                            let doc = documents
                                .utf8(next + i)
                                .ok_or_else(|| "a document went missing on its way from the worker".to_string())
                                .and_then(|json| open::from_worker(json).map_err(|e| e.to_string()));
                            let name = if n > 1 {
                                format!("{} (document {})", result.name, i + 1)
                            } else {
                                result.name.clone()
                            };
                            match doc {
                                Ok(doc) => read.documents.push((name, doc)),
                                Err(error) => read.problems.push(format!("Could not read {name}: {error}")),
                            }
                        }
                        next += n;
                    }
                    Outcome::Refused { error, .. } => read.problems.push(format!("Could not read {error}")),
                    Outcome::Backup => read.problems.push(format!(
                        "{} is a backup of a whole library, not an annotator's file: restore it from the library panel",
                        result.name
                    )),
                }
            }
        }
        Event::Answer(..) => read
            .problems
            .push("the part of Scholia that reads files answered something else".into()),
        Event::Failed(message) => read
            .problems
            .push(format!("Could not read the files: {message}")),
    }
    read
}

/// How far a measure over the library got: documents read, of all.
pub type Progress = (usize, usize);

impl Library {
    /// Stores a merged document as a new document and opens it; `summary`
    /// says what the merge did.
    pub fn add_merged(&self, doc: AnnotatedDocument, summary: String) {
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = doc.document().title.clone();
            library.add_document(doc, &name).await;
            library.info(summary);
        });
    }

    /// Measures agreement over the documents `ids` (every annotator's layer
    /// but gold, in each), reading them one at a time. The open document is
    /// taken as it is in `open`, unsaved changes included.
    pub fn measure(
        &self,
        ids: Vec<String>,
        open: Option<WorkspaceRef>,
        options: Options,
        on_progress: Callback<Progress>,
        on_done: Callback<Result<Rc<AgreementReport>, String>>,
    ) {
        let Some(storage) = self.storage() else {
            on_done.emit(Err(
                "this browser does not let Scholia store documents, so there is no library to measure"
                    .into(),
            ));
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            // The formats' worker measures: each document is sent to it in
            // turn, and the next read once it is added.
            let session = Session::new();
            let job = 1;
            session.tell(&Request::MeasureStart { job, options });
            let total = ids.len();
            for (i, id) in ids.iter().enumerate() {
                let open = open
                    .as_ref()
                    .filter(|w| w.borrow().doc.document().id == *id);
                let json = match open {
                    Some(workspace) => native::export(&workspace.borrow().doc),
                    None => match storage.load(id).await {
                        Ok(stored) => native::export(&stored.doc),
                        Err(error) => {
                            on_done.emit(Err(format!("a document could not be read ({error})")));
                            return;
                        }
                    },
                };
                let request = Request::MeasureAdd { job };
                match session
                    .ask(&request, protocol::DOCUMENT, &json.into())
                    .await
                {
                    Event::Answer(Response::Measured { result: Ok(()), .. }, _) => {}
                    Event::Answer(
                        Response::Measured {
                            result: Err(error), ..
                        },
                        _,
                    ) => {
                        on_done.emit(Err(format!("a document could not be read ({error})")));
                        return;
                    }
                    other => {
                        on_done.emit(Err(failure(other)));
                        return;
                    }
                }
                on_progress.emit((i + 1, total));
            }
            let end = Request::MeasureEnd { job };
            on_done.emit(match session.ask_plain(&end).await {
                Event::Answer(Response::Agreement { result, .. }, _) => result.map(|r| Rc::new(*r)),
                other => Err(failure(other)),
            });
        });
    }
}

/// Agreement between `layers` on one document (Scholia JSON), measured by
/// the formats' worker.
pub async fn document_report(
    json: String,
    layers: &[String],
    options: Options,
) -> Result<AgreementReport, String> {
    let request = Request::Agreement {
        job: 1,
        layers: layers.to_vec(),
        options,
    };
    match Session::new()
        .ask(&request, protocol::DOCUMENT, &json.into())
        .await
    {
        Event::Answer(Response::Agreement { result, .. }, _) => result.map(|report| *report),
        other => Err(failure(other)),
    }
}

/// Merges annotators' documents in the formats' worker: the merged
/// document (with id `new_id`, read back here through every check) and what
/// the merge did; or why nothing was merged, naming the file.
pub async fn merge(
    inputs: &[&Input],
    reanchor: bool,
    new_id: String,
) -> Result<(AnnotatedDocument, MergeSummary), String> {
    let request = Request::Merge {
        job: 1,
        inputs: inputs.iter().map(|i| i.about()).collect(),
        reanchor,
        new_id,
    };
    let documents: js_sys::Array = inputs
        .iter()
        .map(|i| wasm_bindgen::JsValue::from(native::export(&i.doc)))
        .collect();
    match Session::new()
        .ask(&request, protocol::DOCUMENTS, &documents)
        .await
    {
        Event::Answer(Response::Merged { result, .. }, payload) => {
            let summary = result?;
            let json = worker::first_utf8(&payload, protocol::DOCUMENTS)
                .ok_or("the merged document went missing on its way from the worker")?;
            let doc = open::from_worker(json).map_err(|e| e.to_string())?;
            Ok((doc, summary))
        }
        other => Err(failure(other)),
    }
}

/// Why the worker gave no answer.
fn failure(event: Event) -> String {
    match event {
        Event::Failed(message) => message,
        Event::Answer(..) => "the part of Scholia that does this answered something else".into(),
    }
}
