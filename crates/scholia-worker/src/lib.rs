//! Scholia's file formats, run in a Web Worker so that a large import never
//! freezes the page and the formats' code is loaded only when a file is
//! imported or exported.
//!
//! The app posts a [`protocol::Request`]; the worker answers with
//! [`protocol::Response`]s: progress while it reads, then the documents (as
//! Scholia JSON, which the app reads through the same checks as a stored
//! document) or the exported files, each with the core's report. The jobs
//! ([`import::run`], [`export::run`]) are plain functions over the core,
//! tested natively; `main.rs` is the glue to `postMessage`.
//!
//! The worker also takes the jobs that need no page, so that their code
//! stays out of the page's bundle: agreement reports ([`agreement`]), merges ([`merge`]),
//! library backups ([`backup`]), scheme files ([`scheme`]), the
//! suggestions' tagger: training, suggesting, cross-validation ([`suggest`]),
//! and term lists and pattern files, compiled and matched ([`terms`]).
//!
//! The app depends on this crate for [`protocol`] only.

pub mod agreement;
pub mod backup;
pub mod export;
pub mod import;
pub mod merge;
pub mod protocol;
pub mod scheme;
pub mod suggest;
pub mod terms;
