//! The core's integration tests, in one binary: each format and feature has
//! its own module; `common` holds fixtures shared between them.

mod common;
mod conll;
mod detect;
mod doccano;
mod exchange;
mod fuzzish;
mod label_studio;
mod roundtrip;
mod scholia_format;
mod spacy;
