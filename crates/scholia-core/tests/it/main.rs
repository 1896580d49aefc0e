//! The core's integration tests, in one binary: each format and feature has
//! its own module; `common` holds fixtures shared between them.

mod adjudication;
mod agreement;
mod brat;
mod chart;
mod common;
mod merge;
mod scholia_format;
mod w3c;
