//! Timings of the suggestion sources on one document (figures, not
//! assertions; docs/suggestions.md): a term list of 100,000 terms matched
//! over the text, the repeats of every annotation, and the tagger trained
//! on the document's annotations and run over its whole text.
//!
//! ```text
//! node bench/generate.mjs 1m 10000 > /tmp/1m.scholia.json
//! cargo run --release -p scholia-core --example suggest_figures -- /tmp/1m.scholia.json
//! ```

use std::collections::BTreeSet;
use std::time::Instant;

use scholia_core::suggest::repeats::{mentions, repeats, Options};
use scholia_core::suggest::tagger::{Tagger, TrainOptions};
use scholia_core::suggest::terms::{Term, TermMatcher};
use scholia_core::suggest::tokens::tokens;
use scholia_core::suggest::Decisions;

const N_TERMS: usize = 100_000;

fn main() {
    let path = std::env::args().nth(1).expect("a Scholia JSON file");
    let json = std::fs::read_to_string(&path).expect("read the file");
    let doc = scholia_core::format::scholia::import(&json).expect("a Scholia file");
    let text = doc.document().text.as_str();
    println!(
        "{path}: {} bytes, {} characters, {} annotations",
        text.len(),
        doc.document().text.len(),
        doc.annotations().len()
    );

    // Terms: the text's own words and word pairs (so that many match), then
    // made-up words to reach 100,000.
    let words: Vec<&str> = tokens(text).into_iter().map(|t| t.text).collect();
    let mut set: BTreeSet<String> = BTreeSet::new();
    for pair in words.windows(2) {
        if set.len() >= N_TERMS / 2 {
            break;
        }
        set.insert(pair[0].to_string());
        set.insert(format!("{} {}", pair[0], pair[1]));
    }
    let mut i = 0;
    while set.len() < N_TERMS {
        set.insert(format!("term{i}x"));
        i += 1;
    }
    let terms: Vec<Term> = set
        .into_iter()
        .enumerate()
        .map(|(n, text)| Term {
            text,
            label: ["actor", "event", "claim"][n % 3].to_string(),
            id: None,
        })
        .collect();
    for case_sensitive in [true, false] {
        let started = Instant::now();
        let matcher = TermMatcher::new(&terms, &[], case_sensitive).expect("terms compile");
        let built = started.elapsed();
        let started = Instant::now();
        let found = matcher.find(text);
        let matched = started.elapsed();
        println!(
            "terms ({}): {} terms compiled in {:.0} ms; {} matches (longest kept) in {:.0} ms",
            if case_sensitive {
                "case-sensitive"
            } else {
                "any case"
            },
            terms.len(),
            built.as_secs_f64() * 1e3,
            found.len(),
            matched.as_secs_f64() * 1e3
        );
    }

    let started = Instant::now();
    let all = mentions(&doc);
    let found = repeats(&doc, &all, Options::default(), &Decisions::default());
    println!(
        "repeats: {} mentions, {} suggestions in {:.0} ms",
        all.len(),
        found.len(),
        started.elapsed().as_secs_f64() * 1e3
    );

    let started = Instant::now();
    let tagger = Tagger::train(&[&doc], &TrainOptions::default()).expect("annotations to learn");
    let trained = started.elapsed();
    let started = Instant::now();
    let found = tagger.predict(text);
    println!(
        "tagger: trained on {} tokens, {} spans in {:.1} s; suggested {} spans over the whole text in {:.0} ms",
        tagger.trained_on().tokens,
        tagger.trained_on().spans,
        trained.as_secs_f64(),
        found.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
}
