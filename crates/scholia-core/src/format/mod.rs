//! File formats. Each format is one module with its own serde types; the
//! model in [`crate::model`] is never the file schema.

pub mod scholia;
