//! A thin async layer over the browser's IndexedDB (web_sys), with what the
//! storage needs and the wrapper crates lack: upgrades that run async data
//! migrations inside the upgrade transaction (all or nothing), `strict`
//! durability for every write (flushed to disk before it completes), and
//! errors in words.
//!
//! Requests are awaited through their `success`/`error` events; the Rust
//! continuation runs in a microtask of that event, while the transaction is
//! still active, so a transaction can span several awaited requests. Never
//! await anything else (a timer, a fetch) inside a transaction: it would
//! commit early.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use futures_channel::oneshot;
use gloo::events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    DomException, IdbDatabase, IdbKeyRange, IdbObjectStore, IdbOpenDbRequest, IdbRequest,
    IdbTransaction, IdbTransactionDurability, IdbTransactionMode, IdbTransactionOptions,
    IdbVersionChangeEvent,
};

pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// A DOM exception in words, naming the cases users meet.
pub fn describe(error: &JsValue) -> String {
    let Some(exception) = error.dyn_ref::<DomException>() else {
        return error
            .as_string()
            .unwrap_or_else(|| "an unknown storage error".into());
    };
    let name = exception.name();
    match name.as_str() {
        "QuotaExceededError" => {
            "the browser's storage for this site is full (QuotaExceededError)".into()
        }
        "InvalidStateError" | "UnknownError" if exception.message().is_empty() => {
            format!("the browser's storage failed ({name})")
        }
        _ => format!("{} ({name})", exception.message()),
    }
}

fn describe_option(error: Option<DomException>) -> String {
    error.map_or_else(
        || "the transaction was aborted".into(),
        |e| describe(e.as_ref()),
    )
}

/// Waits for the first of two events on a target: `Ok` for `ok`, `Err` for `fail`.
async fn first_event(target: &web_sys::EventTarget, ok: &'static str, fail: &'static str) -> bool {
    let (sender, receiver) = oneshot::channel::<bool>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let listen = |name: &'static str, outcome: bool| {
        let sender = sender.clone();
        EventListener::once(target, name, move |_| {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(outcome);
            }
        })
    };
    let _ok = listen(ok, true);
    let _fail = listen(fail, false);
    receiver.await.unwrap_or(false)
}

/// Awaits a request's result.
pub async fn request(request: IdbRequest) -> Result<JsValue, String> {
    if first_event(&request, "success", "error").await {
        request.result().map_err(|e| describe(&e))
    } else {
        Err(request
            .error()
            .ok()
            .flatten()
            .map_or_else(|| "the request failed".into(), |e| describe(e.as_ref())))
    }
}

/// Issues a request and awaits its result.
pub async fn call(issued: Result<IdbRequest, JsValue>) -> Result<JsValue, String> {
    request(issued.map_err(|e| describe(&e))?).await
}

/// A transaction over some object stores.
pub struct Tx(IdbTransaction);

impl Tx {
    pub fn store(&self, name: &str) -> Result<IdbObjectStore, String> {
        self.0.object_store(name).map_err(|e| describe(&e))
    }

    /// Commits (once every issued request is done) and waits until the
    /// changes are stored; an error if the transaction aborted.
    pub async fn commit(self) -> Result<(), String> {
        let done = first_event(&self.0, "complete", "abort");
        // Commit now rather than at the end of the task: nothing more comes.
        // (web-sys marks `commit` deprecated; browsers without it commit
        // at the end of the task anyway.)
        #[allow(deprecated)]
        let _ = self.0.commit();
        if done.await {
            Ok(())
        } else {
            Err(describe_option(self.0.error()))
        }
    }

    /// Takes back every change of the transaction.
    pub fn abort(&self) {
        let _ = self.0.abort();
    }
}

/// Starts a transaction. Writes are `strict`: a write completes only once
/// the browser has flushed it to disk.
pub fn transaction(db: &IdbDatabase, stores: &[&str], write: bool) -> Result<Tx, String> {
    let tx = if write {
        let names: Vec<js_sys::JsString> =
            stores.iter().map(|s| js_sys::JsString::from(*s)).collect();
        let options = IdbTransactionOptions::new();
        options.set_durability(IdbTransactionDurability::Strict);
        db.transaction_with_str_sequence_and_mode_and_options(
            &names,
            IdbTransactionMode::Readwrite,
            &options,
        )
    } else {
        let names = js_sys::Array::new();
        for store in stores {
            names.push(&JsValue::from_str(store));
        }
        db.transaction_with_str_sequence(&names)
    };
    tx.map(Tx).map_err(|e| describe(&e))
}

/// The upgrade from one version to the next: the database (to create or
/// delete stores, synchronously) and its upgrade transaction (for data).
pub type Migration = fn(&IdbDatabase, Rc<Tx>) -> Result<LocalFuture<Result<(), String>>, String>;

/// Opens a database at `migrations.len()`, running `migrations[v]` for every
/// version `v` from the stored one up, all in the upgrade transaction: an
/// error takes every step back and the database stays as it was.
/// `on_blocked` is called when another tab keeps an older version open.
pub async fn open(
    name: &str,
    migrations: &'static [Migration],
    on_blocked: impl Fn() + 'static,
) -> Result<IdbDatabase, OpenError> {
    let unavailable = |e: JsValue| OpenError::Unavailable(describe(&e));
    let factory = crate::web::window()
        .indexed_db()
        .map_err(unavailable)?
        .ok_or_else(|| OpenError::Unavailable("this browser offers no IndexedDB".into()))?;
    let version = migrations.len() as u32;
    let open_request: IdbOpenDbRequest =
        factory.open_with_u32(name, version).map_err(unavailable)?;
    let failure = Rc::new(RefCell::new(None::<String>));
    let upgrade = {
        let (open_request, failure) = (open_request.clone(), failure.clone());
        EventListener::once(&open_request.clone(), "upgradeneeded", move |event| {
            let old = event
                .dyn_ref::<IdbVersionChangeEvent>()
                .map_or(0, |e| e.old_version() as usize);
            let (Ok(db), Some(tx)) = (open_request.result(), open_request.transaction()) else {
                return;
            };
            let db: IdbDatabase = db.unchecked_into();
            let tx = Rc::new(Tx(tx));
            // Schema changes happen now, in the event; data changes follow
            // in its microtasks, on the same transaction.
            let mut steps = Vec::new();
            for migration in &migrations[old.min(migrations.len())..] {
                match migration(&db, tx.clone()) {
                    Ok(step) => steps.push(step),
                    Err(error) => {
                        *failure.borrow_mut() = Some(error);
                        tx.abort();
                        return;
                    }
                }
            }
            wasm_bindgen_futures::spawn_local(async move {
                for step in steps {
                    if let Err(error) = step.await {
                        *failure.borrow_mut() = Some(error);
                        tx.abort();
                        return;
                    }
                }
            });
        })
    };
    let blocked = EventListener::new(&open_request, "blocked", move |_| on_blocked());
    let opened = first_event(&open_request, "success", "error").await;
    drop((upgrade, blocked));
    if let Some(error) = failure.borrow_mut().take() {
        return Err(OpenError::Upgrade(error));
    }
    if !opened {
        return Err(OpenError::Unavailable(
            open_request.error().ok().flatten().map_or_else(
                || "the database could not be opened".into(),
                |e| describe(e.as_ref()),
            ),
        ));
    }
    open_request
        .result()
        .map(JsCast::unchecked_into)
        .map_err(unavailable)
}

/// Why a database did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// The browser gives no storage (private mode, blocked, broken).
    Unavailable(String),
    /// A migration failed; the database is as it was before.
    Upgrade(String),
}

/// The keys `[first, …]` from `[first, from]` on.
pub fn range_from(first: &str, from: f64) -> Result<JsValue, String> {
    IdbKeyRange::bound(&key2(first, from), &key2(first, f64::INFINITY))
        .map(JsValue::from)
        .map_err(|e| describe(&e))
}

/// The keys `[first, n]` with `from <= n < to`.
pub fn range_between(first: &str, from: f64, to: f64) -> Result<JsValue, String> {
    IdbKeyRange::bound_with_lower_open_and_upper_open(
        &key2(first, from),
        &key2(first, to),
        false,
        true,
    )
    .map(JsValue::from)
    .map_err(|e| describe(&e))
}

/// The keys `[first, …]` of any length (for `[docId, layer, id]` keys).
pub fn range_prefix(first: &str) -> Result<JsValue, String> {
    // Arrays sort after every string, number and date: `[first, []]` is
    // above every `[first, string, …]`.
    IdbKeyRange::bound(
        &js_sys::Array::of1(&JsValue::from_str(first)),
        &js_sys::Array::of2(&JsValue::from_str(first), &js_sys::Array::new()),
    )
    .map(JsValue::from)
    .map_err(|e| describe(&e))
}

pub fn key2(first: &str, second: f64) -> JsValue {
    js_sys::Array::of2(&JsValue::from_str(first), &JsValue::from_f64(second)).into()
}

pub fn key3(first: &str, second: &str, third: &str) -> JsValue {
    js_sys::Array::of3(
        &JsValue::from_str(first),
        &JsValue::from_str(second),
        &JsValue::from_str(third),
    )
    .into()
}
