//! The formats' Web Worker (crates/scholia-worker), from the page's side:
//! started on first use, requests posted once it says it is ready, and
//! answers handed to a callback. Cancelling terminates it; the next request
//! starts a fresh one.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use scholia_worker::protocol::{self, Request, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The worker's script, beside index.html (Trunk's loader for it).
const SCRIPT: &str = "scholia-worker_loader.js";

/// What the worker said: an answer with the message object it came in (its
/// bulky fields are read from there), or why it stopped.
pub enum Event {
    Answer(Response, Payload),
    Failed(String),
}

/// A message's bulky part, read as needed.
pub struct Payload(JsValue);

impl Payload {
    /// The strings of an array field (documents, files' contents).
    pub fn strings(&self, field: &str) -> Strings {
        Strings(
            Reflect::get(&self.0, &field.into())
                .ok()
                .filter(|v| v.is_array())
                .map(|v| Array::from(&v))
                .unwrap_or_default(),
        )
    }
}

impl Payload {
    /// The numbers of a `Float64Array` field (the tagger's spans), copied
    /// into Rust at once; empty when the field is missing or another type.
    pub fn numbers(&self, field: &str) -> Vec<f64> {
        Reflect::get(&self.0, &field.into())
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Float64Array>().ok())
            .map(|a| a.to_vec())
            .unwrap_or_default()
    }
}

/// Strings held by the browser, copied into Rust one at a time.
#[derive(Clone)]
pub struct Strings(Array);

impl Strings {
    pub fn len(&self) -> usize {
        self.0.length() as usize
    }

    pub fn get(&self, index: usize) -> Option<String> {
        self.0.get(index as u32).as_string()
    }

    /// A string as UTF-8 bytes, encoded by the browser and copied in at its
    /// exact size. (A JS string handed to Rust as a `String` is written
    /// into a buffer of up to three bytes per UTF-16 unit first: 45 MB of
    /// wasm memory, which never shrinks, for the 15 MB of a 5 MB
    /// document's Scholia JSON.)
    pub fn utf8(&self, index: usize) -> Option<Vec<u8>> {
        let string = self.0.get(index as u32);
        string
            .is_string()
            .then(|| Utf8Encoder::new().encode(&string).to_vec())
    }
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `TextEncoder`, given a JS string as it is (web-sys's
    /// takes a `&str`, which would pass through wasm memory first).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = TextEncoder)]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = TextEncoder)]
    fn encode(this: &Utf8Encoder, string: &JsValue) -> js_sys::Uint8Array;
}

impl PartialEq for Strings {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

struct Running {
    worker: Worker,
    ready: bool,
    /// Requests posted before the worker was ready.
    waiting: Vec<Object>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// One worker, started on demand.
pub struct FormatsWorker {
    running: Rc<RefCell<Option<Running>>>,
    on_event: Rc<dyn Fn(Event)>,
}

impl FormatsWorker {
    pub fn new(on_event: Rc<dyn Fn(Event)>) -> FormatsWorker {
        FormatsWorker {
            running: Rc::new(RefCell::new(None)),
            on_event,
        }
    }

    /// Asks the worker to read files.
    pub fn import(&self, request: &Request, files: &[web_sys::File]) {
        let list: Array = files.iter().collect();
        self.post(request, protocol::FILES, &list);
    }

    /// Asks the worker to write a document (Scholia JSON) in a format.
    pub fn export(&self, request: &Request, document: &str) {
        self.post(request, protocol::DOCUMENT, &JsValue::from_str(document));
    }

    /// Stops whatever the worker is doing, at once.
    pub fn terminate(&self) {
        let running = self.running.borrow_mut().take();
        stop(running);
    }

    /// Posts a request with its payload (a JS value, or `undefined` for
    /// none) in `field`.
    pub fn post(&self, request: &Request, field: &str, payload: &JsValue) {
        let message = Object::new();
        let value = serde_wasm_bindgen::to_value(request).unwrap_or_default();
        let _ = Reflect::set(&message, &protocol::MESSAGE.into(), &value);
        if !payload.is_undefined() {
            let _ = Reflect::set(&message, &field.into(), payload);
        }
        self.send(message);
    }

    /// Posts a request with several payload fields (the fields of `payload`).
    pub fn post_fields(&self, request: &Request, payload: &Object) {
        let message = Object::assign(&Object::new(), payload);
        let value = serde_wasm_bindgen::to_value(request).unwrap_or_default();
        let _ = Reflect::set(&message, &protocol::MESSAGE.into(), &value);
        self.send(message);
    }

    fn send(&self, message: Object) {
        if self.running.borrow().is_none() {
            match self.start() {
                Ok(running) => *self.running.borrow_mut() = Some(running),
                Err(error) => {
                    self.fail_later(error);
                    return;
                }
            }
        }
        let refused = {
            let mut running = self.running.borrow_mut();
            let Some(running) = running.as_mut() else {
                return;
            };
            if running.ready {
                running.worker.post_message(&message).err()
            } else {
                running.waiting.push(message);
                None
            }
        };
        if let Some(error) = refused {
            self.fail_later(describe(&error));
        }
    }

    /// Reports a request that could not be posted, once the caller is done
    /// asking: callers learn their job's number from the call, and hold
    /// their state borrowed while they make it.
    fn fail_later(&self, error: String) {
        let on_event = self.on_event.clone();
        gloo::timers::callback::Timeout::new(0, move || on_event(Event::Failed(error))).forget();
    }

    fn start(&self) -> Result<Running, String> {
        let worker = spawn().map_err(|e| {
            format!(
                "the browser could not start the part of Scholia that reads and writes files ({})",
                describe(&e)
            )
        })?;
        let on_message = {
            let (running, on_event) = (Rc::downgrade(&self.running), self.on_event.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                let Ok(response) = Reflect::get(&data, &protocol::MESSAGE.into())
                    .map_err(|_| ())
                    .and_then(|v| serde_wasm_bindgen::from_value::<Response>(v).map_err(|_| ()))
                else {
                    return;
                };
                if response == Response::Ready {
                    let Some(running) = running.upgrade() else {
                        return;
                    };
                    let mut running = running.borrow_mut();
                    if let Some(running) = running.as_mut() {
                        running.ready = true;
                        for message in running.waiting.drain(..) {
                            let _ = running.worker.post_message(&message);
                        }
                    }
                    return;
                }
                on_event(Event::Answer(response, Payload(data)));
            })
        };
        let on_error = {
            let (running, on_event) = (Rc::downgrade(&self.running), self.on_event.clone());
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                event.prevent_default();
                // The worker cannot go on (its script failed to load, or it
                // ran out of memory): drop it; the next request starts anew.
                if let Some(running) = running.upgrade() {
                    let stopped = running.borrow_mut().take();
                    stop(stopped);
                }
                // An error inside the worker comes as an ErrorEvent; a script
                // that could not be loaded at all (missing, or refused by the
                // site's policy) as a plain Event, with no message.
                let message = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|e| e.message())
                    .unwrap_or_default();
                on_event(Event::Failed(match event.dyn_ref::<web_sys::ErrorEvent>() {
                    None => "the browser could not start the part of Scholia that reads and writes files (it could not load it: missing, or refused by the site's security policy)".into(),
                    Some(_) if message.is_empty() => "the part of Scholia that reads and writes files stopped".into(),
                    Some(_) => format!("the part of Scholia that reads and writes files stopped ({message})"),
                }));
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Running {
            worker,
            ready: false,
            waiting: Vec::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

/// A worker of its own for one job or a sequence of requests, each
/// answered before the next is asked (the merge dialog's reading, agreement
/// reports, backups, scheme files). Progress reports are left out. The
/// worker stops when the session is dropped.
pub struct Session {
    worker: FormatsWorker,
    inbox: Rc<RefCell<VecDeque<Event>>>,
    wake: Rc<RefCell<Option<js_sys::Function>>>,
}

impl Session {
    pub fn new() -> Session {
        let inbox: Rc<RefCell<VecDeque<Event>>> = Rc::default();
        let wake: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let on_event = {
            let (inbox, wake) = (inbox.clone(), wake.clone());
            Rc::new(move |event: Event| {
                if matches!(event, Event::Answer(Response::Progress { .. }, _)) {
                    return;
                }
                inbox.borrow_mut().push_back(event);
                if let Some(done) = wake.borrow_mut().take() {
                    let _ = done.call0(&JsValue::NULL);
                }
            })
        };
        Session {
            worker: FormatsWorker::new(on_event),
            inbox,
            wake,
        }
    }

    /// Posts a request that has no answer.
    pub fn tell(&self, request: &Request) {
        self.worker
            .post(request, protocol::MESSAGE, &JsValue::UNDEFINED);
    }

    /// Posts a request with its payload in `field` and waits for the answer.
    pub async fn ask(&self, request: &Request, field: &str, payload: &JsValue) -> Event {
        self.worker.post(request, field, payload);
        self.answer().await
    }

    async fn answer(&self) -> Event {
        loop {
            if let Some(event) = self.inbox.borrow_mut().pop_front() {
                return event;
            }
            let wake = self.wake.clone();
            let promise = js_sys::Promise::new(&mut move |done, _| *wake.borrow_mut() = Some(done));
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }
    }

    /// Posts a request with several payload fields and waits for the answer.
    pub async fn ask_fields(&self, request: &Request, payload: &Object) -> Event {
        self.worker.post_fields(request, payload);
        self.answer().await
    }

    /// Posts a request without payload and waits for the answer.
    pub async fn ask_plain(&self, request: &Request) -> Event {
        self.ask(request, protocol::MESSAGE, &JsValue::UNDEFINED)
            .await
    }

    /// Posts a request whose payload is one `File`.
    pub async fn ask_with_file(&self, request: &Request, file: &web_sys::File) -> Event {
        let list: Array = std::iter::once(file).collect();
        self.ask(request, protocol::FILES, &list).await
    }
}

/// Sends one import to a worker of its own and waits for its answer (how
/// the merge dialog reads annotators' files); the worker stops afterwards.
/// The answer is `Imported`, or why not.
pub async fn import_once(request: &Request, files: &[web_sys::File]) -> Event {
    let list: Array = files.iter().collect();
    Session::new().ask(request, protocol::FILES, &list).await
}

/// The text of a payload field (a file's content).
pub fn text(payload: &Payload, field: &str) -> Option<String> {
    payload.strings(field).get(0)
}

/// The first string of a payload field (a document), as UTF-8 bytes.
pub fn first_utf8(payload: &Payload, field: &str) -> Option<Vec<u8>> {
    payload.strings(field).utf8(0)
}

impl Drop for FormatsWorker {
    fn drop(&mut self) {
        if let Some(running) = self.running.borrow_mut().take() {
            running.worker.terminate();
        }
    }
}

/// Terminates a worker. Its callbacks are dropped a moment later, as one of
/// them may be what is running now.
fn stop(running: Option<Running>) {
    if let Some(running) = running {
        running.worker.terminate();
        gloo::timers::callback::Timeout::new(0, move || drop(running)).forget();
    }
}

/// Starts the worker through the page's bootstrap (www/boot.js), which
/// holds the Trusted Types policy that script URLs need: from its script
/// beside the page, or, in the single-file app, from the page's own copy.
/// Without the bootstrap (a page that has none), from the script directly.
fn spawn() -> Result<Worker, JsValue> {
    let embedded = Reflect::get(&super::window(), &"scholiaWorker".into())?;
    if let Some(make) = embedded.dyn_ref::<js_sys::Function>() {
        return make.call0(&JsValue::NULL)?.dyn_into::<Worker>();
    }
    Worker::new(SCRIPT)
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "no reason given".into())
}
