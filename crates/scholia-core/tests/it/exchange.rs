//! Helpers for the exchange-format tests: fixtures, options, and views of a
//! document that compare across formats (which keep different ids).

#![allow(dead_code)]

use std::collections::BTreeSet;

use scholia_core::format::{ExportOptions, ImportOptions, OffsetUnit};
use scholia_core::{AnnotatedDocument, Key, Timestamp};

use crate::common::repo_root;

/// A fixture file from `crates/scholia-core/tests/fixtures/`.
pub fn fixture(path: &str) -> String {
    let full = repo_root()
        .join("crates/scholia-core/tests/fixtures")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Import options naming the file, with a fixed "now".
pub fn options(file_name: &str) -> ImportOptions {
    ImportOptions {
        file_name: file_name.to_string(),
        now: Timestamp(1_764_351_373_042),
        ..ImportOptions::default()
    }
}

pub fn utf16(mut options: ImportOptions) -> ImportOptions {
    options.offsets = OffsetUnit::Utf16;
    options
}

pub fn reanchor(mut options: ImportOptions) -> ImportOptions {
    options.reanchor = true;
    options
}

pub fn export_layer(layer: &str) -> ExportOptions {
    ExportOptions {
        layer: Some(layer.to_string()),
        ..ExportOptions::default()
    }
}

/// One fragment as formats without discontinuous spans carry it: layer,
/// start, end (code points), label, quoted text.
pub type Piece = (String, usize, usize, String, String);

/// Every fragment of every annotation, sorted (a fragment shared by two
/// annotations counts twice).
pub fn pieces(doc: &AnnotatedDocument) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = doc
        .annotations()
        .flat_map(|a| {
            a.fragments.iter().map(|f| {
                (
                    a.key.layer.to_string(),
                    f.start,
                    f.end,
                    a.label.to_string(),
                    doc.document().text.slice(f.start, f.end).to_string(),
                )
            })
        })
        .collect();
    pieces.sort();
    pieces
}

/// Every fragment with its annotation's note, sorted.
pub fn pieces_with_notes(doc: &AnnotatedDocument) -> Vec<(Piece, String)> {
    let mut pieces: Vec<(Piece, String)> = doc
        .annotations()
        .flat_map(|a| {
            a.fragments.iter().map(|f| {
                (
                    (
                        a.key.layer.to_string(),
                        f.start,
                        f.end,
                        a.label.to_string(),
                        doc.document().text.slice(f.start, f.end).to_string(),
                    ),
                    a.note.clone(),
                )
            })
        })
        .collect();
    pieces.sort();
    pieces
}

/// A relation as formats carry it: layer, type, and the first fragment of
/// its source and of its target.
pub type Link = (String, String, (usize, usize), (usize, usize));

/// Every relation, by its ends' first fragments.
pub fn links(doc: &AnnotatedDocument) -> BTreeSet<Link> {
    let first = |layer: &str, id: &str| {
        let a = doc.annotation(&Key::new(layer, id)).expect("relation end");
        (a.fragments[0].start, a.fragments[0].end)
    };
    doc.relations()
        .map(|r| {
            (
                r.key.layer.to_string(),
                r.kind.clone(),
                first(&r.key.layer, &r.source),
                first(&r.key.layer, &r.target),
            )
        })
        .collect()
}

/// The quote of `[start, end)` counted in code points, as Python slices.
pub fn python_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// The quote of `[start, end)` counted in UTF-16 units, as JavaScript slices.
pub fn javascript_slice(text: &str, start: usize, end: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start..end]).expect("a slice on character boundaries")
}
