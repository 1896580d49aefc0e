//! The core's integration tests, in one binary: each format and feature has
//! its own module; `common` holds fixtures shared between them.

mod common;
mod scholia_format;
mod doccano;
mod exchange;
mod label_studio;
mod conll;
mod spacy;
mod detect;
mod roundtrip;
