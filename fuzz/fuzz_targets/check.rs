#![allow(dead_code)]
//! The contract every fuzz target checks (the same as the property tests in
//! crates/scholia-core/tests/it/fuzzish.rs): no panic; an error names the
//! file and a line, record or field; what is read is valid.

use scholia_core::format::detect::{self, Format};
use scholia_core::format::{scholia, ImportOptions, OffsetUnit};

pub const FILE: &str = "fuzz.input";

/// Reads `input` as `format` with every combination of options.
pub fn check(format: Format, input: &str) {
    for offsets in [OffsetUnit::CodePoints, OffsetUnit::Utf16] {
        for reanchor in [false, true] {
            let options = ImportOptions {
                file_name: FILE.into(),
                offsets,
                reanchor,
                ..ImportOptions::default()
            };
            match detect::import(format, input, &options) {
                Ok(imported) => {
                    for doc in &imported.documents {
                        let again = scholia::import(&scholia::export(doc))
                            .expect("what an importer reads is a valid document");
                        assert_eq!(&again, doc);
                    }
                }
                Err(error) => {
                    assert_eq!(error.file.as_deref(), Some(FILE), "{error}");
                    assert!(
                        error.line.is_some() || error.record.is_some() || error.field.is_some(),
                        "an error says where: {error}"
                    );
                }
            }
        }
    }
}

/// Bytes as a file would give them: checked as UTF-8 first.
pub fn text(data: &[u8]) -> Option<&str> {
    match detect::decode_utf8(data, FILE) {
        Ok(text) => Some(text),
        Err(error) => {
            assert!(error.line.is_some(), "{error}");
            None
        }
    }
}
