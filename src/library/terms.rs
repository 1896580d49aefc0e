//! Term lists and pattern files in the formats' worker: read and compiled
//! when loaded (the error names the file, line and field), and matched in
//! the open document's text, so that 100,000 terms never cost the page a
//! frame. The worker is kept while lists are in use: it holds them
//! compiled, so that another document, or a list turned off, compiles
//! nothing again. The repeats' phrases (the tagged mentions' texts) are
//! matched there too, so that an edit never costs the page a pass over the
//! whole text, and the page's bundle holds no automaton.

use std::cell::RefCell;
use std::rc::Rc;

use scholia_core::suggest::Source;
use scholia_worker::protocol::{self, CompiledTerms, Request, Response};
use wasm_bindgen::JsValue;

use super::handle::Library;
use crate::latest::Latest;
use crate::state::suggestions::{LoadedTerms, RepeatsKey, TermsKey};
use crate::store::{Action, SuggestCommand};
use crate::web::worker::{Event, Session};

thread_local! {
    /// The worker the lists are compiled and matched in, between asks.
    static TERMS_WORKER: RefCell<Option<Session>> = const { RefCell::new(None) };
    /// The latest `FindTerms` asked: an older answer is dropped.
    static LATEST_FIND: Latest = const { Latest::new() };
    /// The latest `FindRepeats` asked: an older answer is dropped.
    static LATEST_REPEATS: Latest = const { Latest::new() };
    /// The worker repeats are found in, kept for a moment after its answer
    /// (tagging one mention after another asks it again), then let go with
    /// its memory (a worker's wasm memory never shrinks): it holds nothing
    /// the next ask needs.
    static REPEATS_WORKER: RefCell<Option<(Session, u32)>> = const { RefCell::new(None) };
}

impl Library {
    /// Reads and compiles a term list (`label` for its plain terms) or a
    /// pattern file in the worker: the list loaded, or why not (naming the
    /// file, line and field).
    pub async fn compile_terms(
        &self,
        name: &str,
        text: Rc<str>,
        label: &str,
    ) -> Result<LoadedTerms, String> {
        let list = LoadedTerms::new(name, label, text, 0, Vec::new());
        let request = Request::CompileTerms {
            job: 0,
            list: list.spec(),
        };
        let payload = js_sys::Object::new();
        set(
            &payload,
            protocol::CONTENTS,
            &texts(std::slice::from_ref(&list)),
        );
        match ask(&request, &payload).await {
            Event::Answer(Response::TermsCompiled { result, .. }, _) => {
                let CompiledTerms { entries, labels } = result?;
                Ok(LoadedTerms {
                    entries,
                    labels,
                    ..list
                })
            }
            Event::Answer(..) => Err("the worker answered something else".into()),
            Event::Failed(error) => Err(format!("{name} could not be read: {error}")),
        }
    }

    /// Has the worker find `lists`' matches in `text` and hands them to the
    /// store under `key` (an answer to an older ask is dropped).
    pub fn find_terms(&self, key: TermsKey, lists: Vec<LoadedTerms>, text: JsValue) {
        let job = LATEST_FIND.with(Latest::ask);
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let request = Request::FindTerms {
                job,
                lists: lists.iter().map(LoadedTerms::spec).collect(),
            };
            let payload = js_sys::Object::new();
            set(&payload, protocol::CONTENTS, &texts(&lists));
            set(&payload, protocol::TEXT, &text);
            let found = match ask(&request, &payload).await {
                Event::Answer(Response::TermsFound { result, .. }, payload) => {
                    result.and_then(|found| {
                        protocol::decode_spans(
                            &found,
                            &payload.numbers(protocol::SPANS),
                            Source::Terms,
                        )
                    })
                }
                Event::Answer(..) => Err("the worker answered something else".into()),
                Event::Failed(error) => Err(error),
            };
            if LATEST_FIND.with(|latest| latest.is_last(job)) {
                library.dispatch(Action::Suggest(SuggestCommand::TermsFound { key, found }));
            }
        });
    }
}

impl Library {
    /// Has the worker find every whole-word occurrence of `phrases` in
    /// `text` and hands them to the store under `key` (an answer to an older
    /// ask is dropped).
    pub fn find_repeats(&self, key: RepeatsKey, phrases: Vec<String>, text: JsValue) {
        let job = LATEST_REPEATS.with(Latest::ask);
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let request = Request::FindRepeats {
                job,
                phrases: phrases.clone(),
                case_sensitive: key.case_sensitive,
            };
            let payload = js_sys::Object::new();
            set(&payload, protocol::TEXT, &text);
            let found = match ask_repeats(&request, &payload).await {
                Event::Answer(Response::RepeatsFound { result, .. }, payload) => {
                    result.and_then(|count| {
                        protocol::decode_hits(
                            count,
                            &payload.numbers(protocol::SPANS),
                            phrases.len(),
                        )
                    })
                }
                Event::Answer(..) => Err("the worker answered something else".into()),
                Event::Failed(error) => Err(error),
            };
            if LATEST_REPEATS.with(|latest| latest.is_last(job)) {
                let command = SuggestCommand::RepeatsFound {
                    key,
                    phrases,
                    found,
                };
                library.dispatch(Action::Suggest(command));
            }
        });
    }
}

/// How long the repeats' worker is kept after an answer.
const KEEP_REPEATS_WORKER_MS: u32 = 2_000;

/// Asks the repeats' worker (a fresh one unless one is kept).
async fn ask_repeats(request: &Request, payload: &js_sys::Object) -> Event {
    let session = REPEATS_WORKER
        .with(|w| w.borrow_mut().take())
        .map_or_else(Session::new, |(session, _)| session);
    let answer = session.ask_fields(request, payload).await;
    if !matches!(answer, Event::Failed(_)) {
        // Kept under the job's number; let go unless asked again meanwhile.
        let job = LATEST_REPEATS.with(Latest::last);
        REPEATS_WORKER.with(|w| {
            let mut kept = w.borrow_mut();
            if kept.is_none() {
                *kept = Some((session, job));
            }
        });
        wasm_bindgen_futures::spawn_local(async move {
            gloo::timers::future::TimeoutFuture::new(KEEP_REPEATS_WORKER_MS).await;
            let idle =
                REPEATS_WORKER.with(|w| w.borrow().as_ref().is_some_and(|(_, at)| *at == job));
            if idle && LATEST_REPEATS.with(|latest| latest.is_last(job)) {
                drop(REPEATS_WORKER.with(|w| w.borrow_mut().take()));
            }
        });
    }
    answer
}

/// Asks the terms' worker (a fresh one while it is busy with another ask;
/// the worker kept is whichever comes back first).
async fn ask(request: &Request, payload: &js_sys::Object) -> Event {
    let session = TERMS_WORKER
        .with(|w| w.borrow_mut().take())
        .unwrap_or_else(Session::new);
    let answer = session.ask_fields(request, payload).await;
    let failed = matches!(answer, Event::Failed(_));
    TERMS_WORKER.with(|w| {
        let mut kept = w.borrow_mut();
        if kept.is_none() && !failed {
            *kept = Some(session);
        }
    });
    answer
}

fn texts(lists: &[LoadedTerms]) -> JsValue {
    let texts: js_sys::Array = lists.iter().map(|l| JsValue::from_str(&l.text)).collect();
    texts.into()
}

fn set(payload: &js_sys::Object, field: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(payload, &field.into(), value);
}
