//! The core's integration tests, in one binary: each format and feature has
//! its own module; `common` holds fixtures shared between them.

mod common;
mod library_format;
mod scholia_format;
