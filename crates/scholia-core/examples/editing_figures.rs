//! Prints how long the editing operations take on a large document (about
//! 1 MB, 10,000 annotations) and how much history they add. Figures, not
//! assertions: run with
//! `cargo run --release -p scholia-core --example editing_figures`.

use std::time::Instant;

use scholia_core::editing::{annotate_all, relabel};
use scholia_core::scheme_edit::conform;
use scholia_core::{AnnotatedDocument, Document, History, Key, Scheme, Timestamp};

fn main() {
    let paragraph = "Albanian special forces police forced the door of the Iranian Embassy in Tirana on Thursday, after the last members of the diplomatic team left. ";
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(paragraph);
        text.push('\n');
    }
    let mut doc = AnnotatedDocument::new(Document::new("big", &text), Scheme::default_scheme());
    let mut history = History::default();
    println!(
        "text: {} bytes, {} code points",
        text.len(),
        doc.document().text.len()
    );

    // Every "Tirana" (about 6,700) and every "Embassy": annotate-all, one step each.
    let t = Instant::now();
    let mut hits = Vec::new();
    for word in ["Tirana", "Embassy", "police"] {
        let chars: Vec<char> = word.chars().collect();
        let all: Vec<char> = text.chars().collect();
        let mut found = Vec::new();
        for i in 0..all.len().saturating_sub(chars.len()) {
            if all[i..i + chars.len()] == chars[..] {
                found.push(i..i + chars.len());
            }
        }
        hits.push(found);
    }
    println!(
        "finding hits (a plain scan, for the figures only): {:?}",
        t.elapsed()
    );
    let mut n = 0;
    for (found, label) in hits.iter().zip(["actor", "actor", "actor"]) {
        let t = Instant::now();
        let (edit, count) = annotate_all(
            &doc,
            found,
            label,
            "me",
            || {
                n += 1;
                format!("a{n}")
            },
            Timestamp(1),
        );
        let built = t.elapsed();
        let t = Instant::now();
        let changes = doc.apply(edit).expect("valid");
        println!(
            "annotate all: {} added, built in {built:?}, applied in {:?}, change set ~{} KB",
            count.added,
            t.elapsed(),
            changes.approx_bytes() / 1024
        );
        history.record(changes);
    }
    let n_annotations = doc.annotations().len();
    println!("annotations: {n_annotations}");

    let keys: Vec<Key> = doc
        .annotations()
        .take(10_000)
        .map(|a| a.key.clone())
        .collect();
    let t = Instant::now();
    let (edit, _) = relabel(&doc, &keys, "event", Timestamp(2)).expect("valid");
    let changes = doc.apply(edit).expect("valid");
    println!(
        "bulk relabel of {}: {:?}, change set ~{} KB",
        keys.len(),
        t.elapsed(),
        changes.approx_bytes() / 1024
    );
    history.record(changes);

    let mut scheme = doc.scheme().clone();
    scheme.labels[1].name = "Happening".into();
    let t = Instant::now();
    let (edit, _) = conform(&doc, scheme).expect("valid");
    let changes = doc.apply(edit).expect("valid");
    println!(
        "scheme change with {n_annotations} annotations: {:?}",
        t.elapsed()
    );
    history.record(changes);

    let t = Instant::now();
    for _ in 0..1_000 {
        let key = keys[0].clone();
        let edit = scholia_core::editing::update(&doc, &key, Timestamp(3), |a| a.note.push('x'))
            .expect("exists");
        history.record(doc.apply(edit).expect("valid"));
    }
    println!("1,000 note edits: {:?}", t.elapsed());
    println!(
        "history: {} steps, ~{} KB",
        history.steps().0.len(),
        history.approx_bytes() / 1024
    );

    let t = Instant::now();
    let mut steps = 0;
    while let Some(result) = history.undo(&mut doc) {
        result.expect("undoes");
        steps += 1;
    }
    println!(
        "undoing all {steps} steps: {:?}; annotations left: {}",
        t.elapsed(),
        doc.annotations().len()
    );
    let t = Instant::now();
    let mut offset = 0;
    for _ in 0..1_000 {
        offset = doc.document().text.next_sentence_end(offset);
    }
    println!("1,000 Ctrl+↓ (sentence) moves: {:?}", t.elapsed());
}
