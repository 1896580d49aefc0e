//! How much undo history 1,000 edits on a 1 MB document add, stored the way
//! the app stores it (one `format::history` record per step) and in memory.
//!
//!     cargo run --release -p scholia-core --example history_size
//!
//! The edits are a fixed pseudo-random mix, as an annotator works: 70% new
//! spans, 10% relabels, 10% notes, 10% deletions.

use scholia_core::format::history::{history_sequence, step_to_json};
use scholia_core::format::scholia;
use scholia_core::{
    AnnotatedDocument, Annotation, Document, Edit, Fragment, History, Key, Scheme, Snap, Timestamp,
};

fn main() {
    let seed = include_str!("../../../seeds/000_30a6df7a3a6d4c7e.txt");
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(seed);
        text.push('\n');
    }
    let mut doc = AnnotatedDocument::new(Document::new("bench", &text), Scheme::default_scheme());
    let len = doc.document().text.len();
    let mut history = History::default();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let labels = ["actor", "event", "claim"];
    let mut keys: Vec<Key> = Vec::new();
    let mut edits = 0;
    while edits < 1000 {
        let roll = next(10);
        let edit = if roll < 7 || keys.is_empty() {
            let start = next(len - 40);
            let Some(span) = doc
                .document()
                .text
                .snap(start, start + 5 + next(30), Snap::Words)
            else {
                continue;
            };
            let key = Key::new(
                "annotator",
                format!("{:08x}-{edits:04}-4000-8000-000000000000", next(1 << 30)),
            );
            keys.push(key.clone());
            Edit::AddAnnotation(Annotation::new(
                key,
                labels[next(3)],
                Fragment::new(span.start, span.end),
                Timestamp(1_764_351_373_042 + edits as i64 * 1000),
            ))
        } else {
            let key = keys[next(keys.len())].clone();
            let Some(mut annotation) = doc.annotation(&key).cloned() else {
                continue;
            };
            match roll {
                7 => {
                    annotation.label = labels[next(3)].into();
                    annotation.attributes.clear();
                    Edit::UpdateAnnotation(annotation)
                }
                8 => {
                    annotation.note = "Checked against the ministry's statement of 15 July.".into();
                    Edit::UpdateAnnotation(annotation)
                }
                _ => {
                    keys.retain(|k| k != &key);
                    Edit::RemoveAnnotation(key)
                }
            }
        };
        if let Ok(changes) = doc.apply(edit) {
            history.record(changes);
            edits += 1;
        }
    }
    let (steps, _) = history_sequence(&history);
    let stored: usize = steps.iter().map(|s| step_to_json(&doc, s).len()).sum();
    let export = scholia::export(&doc).len();
    println!(
        "document: {} bytes of text ({len} code points), {} annotations after the edits",
        text.len(),
        doc.annotations().len()
    );
    println!("1,000 edits, stored history (format::history JSON, one record per step): {stored} bytes, {:.0} bytes per step", stored as f64 / 1000.0);
    println!(
        "in memory (History::approx_bytes): {} bytes",
        history.approx_bytes()
    );
    println!("for comparison, one full export of the document: {export} bytes (1,000 snapshots would be {:.1} GB)", export as f64 * 1000.0 / 1e9);
}
