//! Round trips between the native format and every exchange format that can
//! carry the data, and between pairs of them: offsets, labels and quotes
//! always; relations where both formats carry them; notes where both do.
//! On the seed article and on text with emoji, ZWJ sequences, flags,
//! combining accents, RTL scripts, CRLF line ends, a BOM and an NBSP.

use scholia_core::format::detect::{self, Format};
use scholia_core::format::{scholia, ExportOptions, OffsetUnit};
use scholia_core::{AnnotatedDocument, Edit, Key};

use crate::common::{annotate, hard_document, relate, seed_text};
use crate::exchange::{export_layer, links, options, pieces, pieces_with_notes};

/// The exchange formats that read back what they write.
const FORMATS: [Format; 3] = [Format::Doccano, Format::LabelStudio, Format::Spacy];

fn carries_relations(format: Format) -> bool {
    matches!(
        format,
        Format::Doccano | Format::LabelStudio | Format::Spacy
    )
}

fn carries_notes(format: Format) -> bool {
    format == Format::LabelStudio
}

/// Writes `doc` in `format` and reads it back (the native file is written
/// and read too, as a user would convert it).
fn through(format: Format, doc: &AnnotatedDocument, unit: OffsetUnit) -> AnnotatedDocument {
    let native = scholia::import(&scholia::export(doc)).expect("native round trip");
    let exported = detect::export(
        format,
        &native,
        &ExportOptions {
            offsets: unit,
            ..ExportOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{format}: {e}"));
    let content = &exported.files[0].content;
    assert_eq!(
        detect::detect("converted", content),
        Ok(format),
        "the output is recognised as {format}"
    );
    let mut read = options("converted");
    read.offsets = unit;
    let mut imported =
        detect::import(format, content, &read).unwrap_or_else(|e| panic!("{format}: {e}"));
    assert!(
        imported.report.reanchored.is_empty(),
        "{format}: nothing moves"
    );
    assert_eq!(imported.documents.len(), 1);
    let back = imported.documents.remove(0);
    assert_eq!(
        back.document().text,
        doc.document().text,
        "{format}: the text is exact"
    );
    back
}

fn assert_kept(
    label: &str,
    formats: &[Format],
    before: &AnnotatedDocument,
    after: &AnnotatedDocument,
) {
    assert_eq!(
        pieces(after),
        pieces(before),
        "{label}: offsets, labels, quotes"
    );
    if formats.iter().all(|f| carries_relations(*f)) {
        assert_eq!(links(after), links(before), "{label}: relations");
    } else {
        assert_eq!(after.relations().len(), 0, "{label}");
    }
    if formats.iter().all(|f| carries_notes(*f)) {
        assert_eq!(
            pieces_with_notes(after),
            pieces_with_notes(before),
            "{label}: notes"
        );
    }
}

fn seed_document() -> AnnotatedDocument {
    let mut doc = annotate(
        &seed_text(),
        &[
            ("Albanian special forces police", "actor"),
            ("Iranian Embassy", "actor"),
            ("forced the door", "event"),
            ("“undeniable evidence”", "claim"),
        ],
    );
    relate(&mut doc, "r1", "participant", "a1", "a3");
    doc
}

#[test]
fn native_to_each_format_and_back_keeps_what_it_carries() {
    for (name, doc) in [
        ("hard text", hard_document()),
        ("seed article", seed_document()),
    ] {
        for format in FORMATS {
            for unit in [OffsetUnit::CodePoints, OffsetUnit::Utf16] {
                let back = through(format, &doc, unit);
                assert_kept(
                    &format!("{name} → {format} ({unit:?}) → native"),
                    &[format],
                    &doc,
                    &back,
                );
                // And the result is a valid native file.
                assert_eq!(scholia::import(&scholia::export(&back)).unwrap(), back);
            }
        }
    }
}

#[test]
fn every_pair_of_formats_keeps_what_both_carry() {
    let doc = hard_document();
    for first in FORMATS {
        for second in FORMATS {
            let middle = through(first, &doc, OffsetUnit::CodePoints);
            let last = through(second, &middle, OffsetUnit::Utf16);
            assert_kept(
                &format!("native → {first} → {second} → native"),
                &[first, second],
                &doc,
                &last,
            );
        }
    }
}

/// The hard document with a second annotator, `bob`, who marked some of the
/// same spans differently and linked two of them.
fn two_layers() -> AnnotatedDocument {
    let mut doc = hard_document();
    for (id, label) in [("a2", "event"), ("a3", "event"), ("a7", "claim")] {
        let mut copy = doc.annotation(&Key::new("alice", id)).unwrap().clone();
        copy.key = Key::new("bob", format!("b-{id}"));
        copy.label = label.into();
        copy.note = format!("bob on {id}");
        copy.attributes.clear();
        doc.apply(Edit::AddAnnotation(copy)).unwrap();
    }
    let mut relation = doc.relation(&Key::new("alice", "r3")).unwrap().clone();
    relation.key = Key::new("bob", "r1");
    relation.source = "b-a7".into();
    relation.target = "b-a3".into();
    doc.apply(Edit::AddRelation(relation)).unwrap();
    doc
}

#[test]
fn label_studio_keeps_every_layer_and_single_layer_formats_keep_the_chosen_one() {
    let doc = two_layers();
    let back = through(Format::LabelStudio, &doc, OffsetUnit::CodePoints);
    assert_eq!(back.layers(), ["alice", "bob"]);
    assert_kept(
        "two layers → label-studio → native",
        &[Format::LabelStudio],
        &doc,
        &back,
    );

    for format in [Format::Doccano, Format::Spacy] {
        let error = detect::export(format, &doc, &ExportOptions::default()).unwrap_err();
        assert!(
            error.to_string().contains("2 layers: “alice”, “bob”"),
            "{error}"
        );
        let exported = detect::export(format, &doc, &export_layer("bob")).unwrap();
        let back = &detect::import(format, &exported.files[0].content, &options("x"))
            .unwrap()
            .documents[0];
        assert_eq!(back.layers(), ["bob"], "{format}");
        let bob: Vec<_> = pieces(&doc).into_iter().filter(|p| p.0 == "bob").collect();
        assert_eq!(pieces(back), bob, "{format}");
    }
}
