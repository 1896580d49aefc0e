#![no_main]
//! Any bytes: detected, then read by every importer and line by line.

use libfuzzer_sys::fuzz_target;
use scholia_core::format::detect::{self, Format};
use scholia_core::format::ImportOptions;

#[path = "check.rs"]
mod check;

fuzz_target!(|data: &[u8]| {
    let Some(text) = check::text(data) else {
        return;
    };
    for name in ["in.json", "in.jsonl", "in.ann", "in.txt", "in.conll"] {
        let _ = detect::detect(name, text);
        let _ = detect::import_any(name, text, Some(text), &ImportOptions::default());
    }
    for format in [Format::Scholia, Format::Doccano, Format::LabelStudio, Format::Spacy] {
        check::check(format, text);
    }
    let mut report = Default::default();
    for (i, line) in text.lines().enumerate() {
        for format in [Format::Doccano, Format::Spacy] {
            let _ = detect::import_line(format, line, i + 1, i + 1, &ImportOptions::default(), &mut report);
        }
    }
});
