//! The statistical tagger's jobs: its model stored as a settings record per
//! set of labels (`tagger:<label ids>`), trained, used, scored, exported and
//! imported through the formats' worker (the page never trains or tags).

use std::cell::RefCell;

use scholia_core::format::scholia as native;
use scholia_core::suggest::model_file::model_id;
use scholia_core::suggest::{Decisions, Suggestion, SUGGESTIONS_LAYER};
use scholia_core::AnnotatedDocument;
use scholia_worker::protocol::{self, Request, Response, TrainSettings};
use wasm_bindgen::JsValue;

use super::handle::Library;
use crate::latest::Latest;
use crate::state::suggestions::tagger::{
    labels_lacking, library_state, model_key, Model, FEWEST_DOCUMENTS, SEEN_SUFFIX,
};
use crate::state::suggestions::TaggerStatus;
use crate::store::{Action, SuggestCommand};
use crate::web::files;
use crate::web::worker::{self, Event, Session};
use crate::words::plural;
use crate::workspace::WorkspaceRef;

thread_local! {
    /// The tagger's jobs of each kind: an answer to an older job than the
    /// latest is dropped (the library changed since it was asked).
    static TRAIN: Latest = const { Latest::new() };
    static SUGGEST: Latest = const { Latest::new() };
}

/// How long training waits for unsaved changes to be stored, at most
/// (`SAVED_WAIT_TRIES` × `SAVED_WAIT_MS`), before it reads the library
/// without saying what it read.
const SAVED_WAIT_TRIES: u32 = 40;
const SAVED_WAIT_MS: u32 = 250;

/// At most this many folds in "How good are the suggestions?".
pub const MOST_FOLDS: usize = 5;

/// What the page reads of a model file: the rest is the worker's.
#[derive(serde::Deserialize)]
struct ModelHeader {
    format: String,
    labels: Vec<String>,
}

fn header(json: &str, name: &str) -> Result<ModelHeader, String> {
    let header: ModelHeader = serde_json::from_str(json)
        .map_err(|e| format!("{name} is not a Scholia tagger model ({e})"))?;
    if header.format != "scholia-tagger" {
        return Err(format!(
            "{name} is not a Scholia tagger model (field format: “{}”, not “scholia-tagger”)",
            header.format
        ));
    }
    Ok(header)
}

impl Library {
    /// The library's documents the tagger learns from for `key`'s labels
    /// (not in the trash, with the same labels, holding an annotation), as
    /// Scholia JSON (JS strings) in the order of their ids, with what only
    /// the page holds winning over what is stored; `Err` with how many
    /// there are when fewer than [`FEWEST_DOCUMENTS`], before any is
    /// written. Stored documents are read one at a time, and each JSON is
    /// handed to JS as it is written: wasm memory never shrinks, and
    /// holding the whole library read back and written out at once (the
    /// open document among it, a second time) was its peak on a large
    /// document (docs/performance.md).
    async fn tagger_documents(
        &self,
        key: &str,
        wanted: impl Fn() -> bool,
    ) -> Result<Vec<JsValue>, usize> {
        let fits = |d: &AnnotatedDocument| {
            model_key(d.scheme()) == key
                && d.annotations().any(|a| &*a.key.layer != SUGGESTIONS_LAYER)
        };
        let open = self.0.saver.workspaces();
        let held = |id: &str| open.iter().find(|w| w.borrow().doc.document().id == id);
        let storage = self.storage();
        let mut ids: Vec<String> = match &storage {
            Some(storage) => (storage.library().await.unwrap_or_default().into_iter())
                .filter(|e| e.trashed.is_none())
                .map(|e| e.id)
                .collect(),
            None => (open.iter())
                .map(|w| w.borrow().doc.document().id.clone())
                .collect(),
        };
        ids.sort();
        ids.dedup();
        // The stored documents that fit are written out as they are read;
        // the open ones are checked now and written once enough fit.
        let mut documents: Vec<(String, Option<JsValue>)> = Vec::new();
        for id in ids {
            // Not read on for a job that a later one replaced.
            if !wanted() {
                return Err(documents.len());
            }
            match held(&id) {
                Some(w) if fits(&w.borrow().doc) => documents.push((id, None)),
                Some(_) => {}
                None => {
                    let Some(storage) = &storage else { continue };
                    if let Ok(doc) = storage.document(&id).await {
                        if fits(&doc) {
                            documents.push((id, Some(JsValue::from(native::export(&doc)))));
                        }
                    }
                }
            }
        }
        if documents.len() < FEWEST_DOCUMENTS {
            return Err(documents.len());
        }
        Ok(documents
            .into_iter()
            .filter_map(|(id, json)| json.or_else(|| held(&id).map(|w| as_json(&w.borrow().doc))))
            .collect())
    }

    /// When a document opens: the model stored for its labels suggests at
    /// once, and one trained now on the library as it is (see
    /// [`Library::train_tagger`]) replaces it.
    pub fn open_tagger(&self, workspace: &WorkspaceRef) {
        let doc = &workspace.borrow().doc;
        let key = model_key(doc.scheme());
        let doc_id = doc.document().id.clone();
        let (library, workspace) = (self.clone(), workspace.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let stored = match library.storage() {
                Some(storage) => storage.setting(&key).await,
                None => None,
            };
            match stored.map(|json| (header(&json, "the stored model"), json)) {
                Some((Ok(header), json)) => {
                    let model = Model {
                        key,
                        labels: header.labels,
                        json: json.into(),
                        origin: "stored in this browser".into(),
                    };
                    library.dispatch(Action::Suggest(SuggestCommand::TaggerModel(Some(
                        model.clone(),
                    ))));
                    let document = as_json(&workspace.borrow().doc);
                    library
                        .tagger_suggest(&model, doc_id.clone(), document)
                        .await;
                    // The library may have changed since it was trained.
                    library.train_if_changed(model.key, Some(workspace));
                }
                Some((Err(error), _)) => {
                    library.error(format!("{error}; it is trained again."));
                    library.train_tagger(key, Some(workspace));
                }
                None => {
                    library.dispatch(Action::Suggest(SuggestCommand::TaggerModel(None)));
                    library.train_if_changed(key, Some(workspace));
                }
            }
        });
    }

    /// Trains the tagger for `key`'s labels on the library's annotated
    /// documents (in the formats' worker), stores the model, and suggests
    /// in `open` (the open document, as it is once trained). Nothing
    /// happens with fewer than [`FEWEST_DOCUMENTS`].
    pub fn train_tagger(&self, key: String, open: Option<WorkspaceRef>) {
        self.train(key, open, false);
    }

    /// As [`Library::train_tagger`], unless every change is stored and the
    /// stored documents are as they were when the tagger for `key` last
    /// read them (trained, or found too few to learn from): opening one
    /// document after another of a library of thousands would otherwise
    /// read all of them back each time, to learn the same model again.
    fn train_if_changed(&self, key: String, open: Option<WorkspaceRef>) {
        self.train(key, open, true);
    }

    fn train(&self, key: String, open: Option<WorkspaceRef>, unless_unchanged: bool) {
        let job = TRAIN.with(Latest::ask);
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // Not yet replaced by a later training job.
            let wanted = || TRAIN.with(|latest| latest.is_last(job));
            let storage = library.storage();
            // What the stored documents are, read before them (so that
            // what they are read as is never older than it says), once
            // every change is stored (an import, the edit that asked): it
            // says nothing of changes only this page holds.
            for _ in 0..SAVED_WAIT_TRIES {
                if !library.0.saver.has_unsaved() {
                    break;
                }
                gloo::timers::future::TimeoutFuture::new(SAVED_WAIT_MS).await;
            }
            if !wanted() {
                return;
            }
            let seen = match &storage {
                // (Unread, it says nothing either.)
                Some(storage) if !library.0.saver.has_unsaved() => {
                    storage.library().await.ok().map(|e| library_state(&e))
                }
                _ => None,
            };
            let seen_key = format!("{key}{SEEN_SUFFIX}");
            if let (true, Some(seen), Some(storage)) = (unless_unchanged, &seen, &storage) {
                if storage.setting(&seen_key).await.as_deref() == Some(seen.as_str()) {
                    return;
                }
            }
            let remember = || async {
                if let (Some(seen), Some(storage)) = (&seen, &storage) {
                    // Only saves work: a failure leaves it to be read again.
                    let _ = storage.set_setting(&seen_key, seen).await;
                }
            };
            let Ok(documents) = library.tagger_documents(&key, wanted).await else {
                if wanted() {
                    remember().await;
                }
                return;
            };
            if !wanted() {
                return;
            }
            let n_documents = documents.len();
            library.dispatch(Action::Suggest(SuggestCommand::TaggerStatus(
                TaggerStatus::Training,
            )));
            let texts: js_sys::Array = documents.into_iter().collect();
            let request = Request::Train {
                job,
                settings: train_settings(),
            };
            let answer = Session::new()
                .ask(&request, protocol::DOCUMENTS, &texts)
                .await;
            if !wanted() {
                return;
            }
            let (trained, json) = match answer {
                Event::Answer(Response::Trained { result: Ok(t), .. }, payload) => {
                    match worker::text(&payload, protocol::CONTENTS) {
                        Some(json) => (t, json),
                        None => return,
                    }
                }
                Event::Answer(
                    Response::Trained {
                        result: Err(error), ..
                    },
                    _,
                )
                | Event::Failed(error) => {
                    library.dispatch(Action::Suggest(SuggestCommand::TaggerStatus(
                        TaggerStatus::Failed(format!("The tagger could not learn: {error}.")),
                    )));
                    return;
                }
                Event::Answer(..) => return,
            };
            if let Some(storage) = &storage {
                match storage.set_setting(&key, &json).await {
                    Ok(()) => remember().await,
                    Err(error) => {
                        library.error(format!("The tagger's model could not be stored: {error}"))
                    }
                }
            }
            let model = Model {
                key,
                labels: trained.labels,
                json: json.into(),
                origin: format!(
                    "trained on {} ({})",
                    plural(n_documents, "document", "documents"),
                    plural(trained.spans, "annotation", "annotations")
                ),
            };
            library.dispatch(Action::Suggest(SuggestCommand::TaggerModel(Some(
                model.clone(),
            ))));
            library.dispatch(Action::Suggest(SuggestCommand::TaggerStatus(
                TaggerStatus::Idle,
            )));
            if let Some(workspace) = open {
                let (doc_id, document) = {
                    let doc = &workspace.borrow().doc;
                    (doc.document().id.clone(), as_json(doc))
                };
                library.tagger_suggest(&model, doc_id, document).await;
            }
        });
    }

    /// The model's suggestions for one document (made in the worker).
    async fn tagger_suggest(&self, model: &Model, doc_id: String, document: JsValue) {
        let job = SUGGEST.with(Latest::ask);
        self.dispatch(Action::Suggest(SuggestCommand::TaggerStatus(
            TaggerStatus::Suggesting,
        )));
        let result = ask_suggest(job, &model.json, &document).await;
        if !SUGGEST.with(|latest| latest.is_last(job)) {
            return;
        }
        match result {
            Ok(found) => self.dispatch(Action::Suggest(SuggestCommand::TaggerFound {
                doc_id,
                found,
            })),
            Err(error) => self.dispatch(Action::Suggest(SuggestCommand::TaggerStatus(
                TaggerStatus::Failed(format!("The tagger could not suggest: {error}.")),
            ))),
        }
    }

    /// Reads a model file a teammate exported and uses it for the open
    /// document's labels; one for other labels is refused, naming the file
    /// and the field. The worker reads it whole (suggesting in the open
    /// document) before it is stored.
    pub fn import_tagger(&self, file: web_sys::File, doc: &AnnotatedDocument) {
        let scheme = doc.scheme().clone();
        let document = as_json(doc);
        let doc_id = doc.document().id.clone();
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(read) = files::read_all(vec![file]).await.into_iter().next() else {
                return;
            };
            let checked = read.and_then(|file| {
                let name = file.name.clone();
                let json = String::from_utf8(file.bytes())
                    .map_err(|_| format!("{name} is not UTF-8 text, as a tagger model is"))?;
                let header = header(&json, &name)?;
                let lacking = labels_lacking(&header.labels, &scheme);
                if !lacking.is_empty() {
                    let has: Vec<&str> = scheme.labels.iter().map(|l| l.id.as_str()).collect();
                    return Err(format!(
                        "{name}, field labels: the model proposes {}, which this document's scheme lacks (it has {}). A model is for the labels it was trained on",
                        lacking.join(", "),
                        has.join(", ")
                    ));
                }
                Ok((name, header, json))
            });
            let (name, header, json) = match checked {
                Ok(read) => read,
                Err(error) => {
                    library.error(format!("{error}. The model in use is unchanged."));
                    return;
                }
            };
            let job = SUGGEST.with(Latest::ask);
            let found = match ask_suggest(job, &json, &document).await {
                Ok(found) => found,
                Err(error) => {
                    library.error(format!("{name}: {error}. The model in use is unchanged."));
                    return;
                }
            };
            let key = model_key(&scheme);
            if let Some(storage) = library.storage() {
                if let Err(error) = storage.set_setting(&key, &json).await {
                    library.error(format!("The tagger's model could not be stored: {error}"));
                }
            }
            let model = Model {
                key,
                labels: header.labels,
                json: json.into(),
                origin: format!("imported from {name}"),
            };
            library.dispatch(Action::Suggest(SuggestCommand::TaggerModel(Some(model))));
            library.dispatch(Action::Suggest(SuggestCommand::TaggerFound {
                doc_id,
                found,
            }));
            library.info(format!(
                "The tagger's model was read from {name}; it proposes until the library's annotations train it again."
            ));
        });
    }

    /// Downloads the model in use.
    pub fn export_tagger(&self, model: &Model) {
        let name = "scholia-tagger.json";
        match files::download(name, &model.json, "application/json") {
            Ok(()) => self.info(format!(
                "The tagger's model was saved as {name} (for the labels {}).",
                model.labels.join(", ")
            )),
            Err(error) => self.error(format!("Could not export the tagger's model: {error}.")),
        }
    }

    /// "How good are the suggestions?": cross-validation over the library's
    /// annotated documents for `key`'s labels, in the worker.
    pub fn assess_tagger(&self, key: String) {
        let library = self.clone();
        self.dispatch(Action::Suggest(SuggestCommand::Assessed(None)));
        wasm_bindgen_futures::spawn_local(async move {
            let documents = match library.tagger_documents(&key, || true).await {
                Ok(documents) => documents,
                Err(n) => {
                    library.dispatch(Action::Suggest(SuggestCommand::Assessed(Some(Err(format!(
                        "it takes at least {FEWEST_DOCUMENTS} annotated documents with these labels; the library has {n}"
                    ))))));
                    return;
                }
            };
            let n = documents.len();
            let texts: js_sys::Array = documents.into_iter().collect();
            let request = Request::Evaluate {
                job: 1,
                folds: n.min(MOST_FOLDS),
                settings: train_settings(),
            };
            let result = match Session::new()
                .ask(&request, protocol::DOCUMENTS, &texts)
                .await
            {
                Event::Answer(Response::Evaluated { result, .. }, _) => result.map(|b| *b),
                Event::Failed(error) => Err(error),
                Event::Answer(..) => return,
            };
            library.dispatch(Action::Suggest(SuggestCommand::Assessed(Some(result))));
        });
    }
}

/// A document as Scholia JSON in a JS string, its copy in wasm memory
/// freed at once: a large document's JSON is megabytes, and the tagger's
/// jobs hold it until the worker answers.
fn as_json(doc: &AnnotatedDocument) -> JsValue {
    JsValue::from(native::export(doc))
}

/// How the app trains: as `scholia-cli train` does by default.
fn train_settings() -> TrainSettings {
    TrainSettings {
        layer: None,
        epochs: 12,
    }
}

/// The worker the tagger suggests in, kept between suggestions with the id
/// of the model it was last sent: the worker keeps that model read, so a
/// model is sent (megabytes of JSON) and read once, not with every
/// `Suggest`.
struct SuggestWorker {
    session: Session,
    holds: Option<String>,
}

thread_local! {
    static SUGGEST_WORKER: RefCell<Option<SuggestWorker>> = const { RefCell::new(None) };
}

/// Asks the tagger's worker for a model's suggestions in a document (no
/// decision applied: the list leaves out what is decided). While one ask
/// is under way, another gets a worker of its own; the kept worker is
/// whichever comes back first.
async fn ask_suggest(job: u32, model: &str, document: &JsValue) -> Result<Vec<Suggestion>, String> {
    let mut worker = SUGGEST_WORKER
        .with(|w| w.borrow_mut().take())
        .unwrap_or_else(|| SuggestWorker {
            session: Session::new(),
            holds: None,
        });
    let result = suggest_in(&mut worker, job, model, document).await;
    SUGGEST_WORKER.with(|w| {
        let mut kept = w.borrow_mut();
        if kept.is_none() {
            *kept = Some(worker);
        }
    });
    result
}

async fn suggest_in(
    worker: &mut SuggestWorker,
    job: u32,
    model: &str,
    document: &JsValue,
) -> Result<Vec<Suggestion>, String> {
    let id = model_id(model);
    let request = Request::Suggest {
        job,
        decisions: Decisions::default(),
        model: id.clone(),
    };
    let mut send_model = worker.holds.as_deref() != Some(id.as_str());
    loop {
        let payload = js_sys::Object::new();
        let documents: js_sys::Array = std::iter::once(document).collect();
        let _ = js_sys::Reflect::set(&payload, &protocol::DOCUMENTS.into(), &documents);
        if send_model {
            let contents: js_sys::Array = std::iter::once(JsValue::from_str(model)).collect();
            let _ = js_sys::Reflect::set(&payload, &protocol::CONTENTS.into(), &contents);
        }
        match worker.session.ask_fields(&request, &payload).await {
            Event::Answer(Response::Suggested { result, .. }, payload) => {
                worker.holds = result.is_ok().then_some(id);
                let found = result?;
                return protocol::decode_spans(
                    &found,
                    &payload.numbers(protocol::SPANS),
                    scholia_core::suggest::Source::Tagger,
                );
            }
            // The worker started afresh since (it stopped, or this is
            // another's): send the model this time.
            Event::Answer(Response::ModelWanted { .. }, _) if !send_model => send_model = true,
            Event::Answer(..) => return Err("the worker answered something else".into()),
            Event::Failed(error) => {
                worker.holds = None;
                return Err(error);
            }
        }
    }
}
