//! What the storage needs around `indexed_db_futures` (the maintained
//! IndexedDB crate): errors in words, `strict` write transactions, commits
//! that say why they failed, and upgrades whose data migrations run in the
//! upgrade transaction and take it all back when one fails.
//!
//! Requests are awaited on the page's single thread: the continuation runs
//! in a microtask of the request's event, while the transaction is still
//! active, so one transaction can span several awaited requests. Never
//! await anything else (a timer, a fetch) inside a transaction: it would
//! commit early.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error, OpenDbError, UnexpectedDataError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{
    Transaction, TransactionDurability, TransactionMode, TransactionOptions, TransactionRef,
};
use wasm_bindgen::{JsCast, JsValue};

pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A DOM exception in words, naming the cases users meet.
fn describe_exception(error: &JsValue) -> String {
    let Some(exception) = error.dyn_ref::<web_sys::DomException>() else {
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

/// An error of the crate in words.
pub fn describe(error: &Error) -> String {
    match error {
        Error::DomException(exception) => describe_exception(exception.as_ref()),
        Error::Unknown(error) => describe_exception(error.as_ref()),
        // A record that does not have the shape it must: serde names the field.
        Error::Serialisation(error) => error.to_string(),
        Error::MissingData(error) => error.to_string(),
    }
}

/// Puts the crate's errors in words.
pub trait Words<T> {
    fn words(self) -> Result<T, String>;
}

impl<T, E: Into<Error>> Words<T> for Result<T, E> {
    fn words(self) -> Result<T, String> {
        self.map_err(|e| describe(&e.into()))
    }
}

/// Sends a request built by the crate and awaits its result.
pub async fn run<F, T>(request: Result<F, Error>) -> Result<T, String>
where
    F: Future<Output = Result<T, Error>>,
{
    request.words()?.await.words()
}

/// Sends a request and awaits every record it returns.
pub async fn all<F, I, T>(request: Result<F, Error>) -> Result<Vec<T>, String>
where
    F: Future<Output = Result<I, Error>>,
    I: IntoIterator<Item = Result<T, Error>>,
{
    run(request).await?.into_iter().map(Words::words).collect()
}

/// Sends a request without waiting for it: if it fails, the transaction
/// aborts and its commit says why.
pub fn send<F>(request: Result<F, Error>) -> Result<(), String> {
    request.map(drop).words()
}

/// Starts a read-only transaction. Dropping it is harmless.
pub fn read<'a>(db: &'a Database, stores: &[&str]) -> Result<Transaction<'a>, String> {
    db.transaction(stores).build().words()
}

/// Starts a write transaction with `strict` durability: it completes only
/// once the browser has flushed it to disk. Dropped without `commit`, it
/// takes every change back.
pub fn write<'a>(db: &'a Database, stores: &[&str]) -> Result<Transaction<'a>, String> {
    db.transaction(stores)
        .with_mode(TransactionMode::Readwrite)
        .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
        .build()
        .words()
}

/// Commits (once every sent request is done) and waits until the changes
/// are stored; an error in words if the transaction aborted.
pub async fn commit(tx: Transaction<'_>) -> Result<(), String> {
    // The crate reports an abort as such; the transaction knows why
    // (QuotaExceededError, say).
    let raw = tx.as_sys().clone();
    match tx.commit().await {
        Ok(()) => Ok(()),
        Err(Error::MissingData(UnexpectedDataError::TransactionAborted)) => {
            Err(raw.error().map_or_else(
                || "the transaction was aborted".into(),
                |e| describe_exception(&e),
            ))
        }
        Err(error) => Err(describe(&error)),
    }
}

/// The upgrade from one version to the next, given the database (to create
/// or delete stores) and the upgrade transaction (for data).
pub type Migration =
    for<'a> fn(&'a Database, &'a TransactionRef<'a>) -> LocalFuture<'a, Result<(), String>>;

/// Scratch store: created and deleted in the upgrade transaction, to reach it.
const UPGRADE_SCRATCH: &str = "scholia-upgrade";

/// Opens a database at `migrations.len()`, running `migrations[v]` for every
/// version `v` from the stored one up, all in the upgrade transaction: an
/// error takes every step back and the database stays as it was.
/// `on_blocked` is called when another tab keeps an older version open.
pub async fn open(
    name: &str,
    migrations: &'static [Migration],
    on_blocked: impl Fn() + 'static,
) -> Result<Database, OpenError> {
    let failure = Rc::new(RefCell::new(None::<String>));
    let upgrade = {
        let failure = failure.clone();
        move |event: indexed_db_futures::database::VersionChangeEvent, db: Database| async move {
            // indexed_db_futures 0.6 hands out the upgrade transaction only
            // through a store created in it (rust-indexed-db#66).
            let scratch = db.create_object_store(UPGRADE_SCRATCH).build()?;
            db.delete_object_store(UPGRADE_SCRATCH)?;
            let tx = scratch.transaction();
            let from = (event.old_version() as usize).min(migrations.len());
            for migration in &migrations[from..] {
                if let Err(error) = migration(&db, tx).await {
                    *failure.borrow_mut() = Some(error);
                    // The crate lets an async upgrade that fails commit what
                    // it did: abort it, so that nothing changes.
                    let _ = tx.as_sys().abort();
                    return Err(UnexpectedDataError::TransactionAborted.into());
                }
            }
            Ok(())
        }
    };
    let opened = Database::open(name)
        .with_version(migrations.len() as u32)
        .with_on_blocked(move |_| {
            on_blocked();
            Ok(())
        })
        .with_on_upgrade_needed_fut(upgrade)
        .await;
    if let Some(error) = failure.borrow_mut().take() {
        return Err(OpenError::Upgrade(error));
    }
    opened.map_err(|error| {
        OpenError::Unavailable(match error {
            OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory => {
                "this browser offers no IndexedDB".into()
            }
            // The crate's name for any refusal of `indexedDB.open`.
            OpenDbError::VersionZero => "the browser refused to open the database".into(),
            OpenDbError::Base(error) => describe(&error),
        })
    })
}

/// Why a database did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// The browser gives no storage (private mode, blocked, broken).
    Unavailable(String),
    /// A migration failed; the database is as it was before.
    Upgrade(String),
}
