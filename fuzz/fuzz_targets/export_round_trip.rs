#![no_main]
//! Any document an importer accepts is written in every format without
//! panicking, and the exchange formats read back what they wrote.

use libfuzzer_sys::fuzz_target;
use scholia_core::format::detect::{self, Format};
use scholia_core::format::{ExportOptions, ImportOptions, OffsetUnit};

#[path = "check.rs"]
mod check;

fuzz_target!(|data: &[u8]| {
    let Some(text) = check::text(data) else {
        return;
    };
    let Ok(imported) = detect::import(Format::Doccano, text, &ImportOptions::default()) else {
        return;
    };
    for doc in &imported.documents {
        for format in Format::ALL {
            for offsets in [OffsetUnit::CodePoints, OffsetUnit::Utf16] {
                let options = ExportOptions { offsets, ..ExportOptions::default() };
                let Ok(exported) = detect::export(format, doc, &options) else {
                    continue;
                };
                if matches!(format, Format::Doccano | Format::LabelStudio | Format::Spacy) {
                    let read = ImportOptions { offsets, ..ImportOptions::default() };
                    let back = detect::import(format, &exported.files[0].content, &read)
                        .expect("an export reads back");
                    assert_eq!(back.documents.len(), 1);
                    assert_eq!(back.documents[0].annotations().len(), doc.annotations().len());
                }
            }
        }
    }
});
