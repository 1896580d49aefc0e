//! The core's integration tests, in one binary: each format and feature has
//! its own module; `common` holds fixtures shared between them.

mod adjudication;
mod agreement;
mod brat;
mod chart;
mod common;
mod conll;
mod detect;
mod doccano;
mod exchange;
mod features;
mod fuzzish;
mod knowledge;
mod label_studio;
mod library_format;
mod merge;
mod peers;
mod roundtrip;
mod scheme_file;
mod scholia_format;
mod spacy;
mod suggest;
mod w3c;
