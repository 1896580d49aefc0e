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
use scholia_core::suggest::{without_annotated, Decisions};

const N_TERMS: usize = 100_000;

/// This thread's CPU time so far (Linux: `/proc/thread-self/schedstat`, in
/// nanoseconds), so that figures taken on a busy machine still say what
/// the work costs; `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Wall and CPU time of `work`, in milliseconds, with its result.
fn timed<T>(work: impl FnOnce() -> T) -> (T, f64, Option<f64>) {
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let result = work();
    let wall = started.elapsed().as_secs_f64() * 1e3;
    let cpu = cpu.zip(cpu_seconds()).map(|(a, b)| (b - a) * 1e3);
    (result, wall, cpu)
}

fn ms(wall: f64, cpu: Option<f64>) -> String {
    match cpu {
        Some(cpu) => format!("{wall:.0} ms ({cpu:.0} ms CPU)"),
        None => format!("{wall:.0} ms"),
    }
}

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
        let (matcher, wall, cpu) =
            timed(|| TermMatcher::new(&terms, &[], case_sensitive).expect("terms compile"));
        let built = ms(wall, cpu);
        let (found, wall, cpu) = timed(|| matcher.find(text));
        println!(
            "terms ({}): {} terms compiled in {built}; {} matches (longest kept) in {}",
            if case_sensitive {
                "case-sensitive"
            } else {
                "any case"
            },
            terms.len(),
            found.len(),
            ms(wall, cpu)
        );
    }

    // What the page does with the matches the worker sends on each
    // revision: those not annotated nor decided, in text order.
    let matcher = TermMatcher::new(&terms, &[], false).expect("terms compile");
    let found = matcher.find(text);
    let (kept, wall, cpu) = timed(|| {
        let mut kept =
            Decisions::default().filter(without_annotated(found.to_vec(), doc.annotations()));
        kept.sort_by(|a, b| {
            (a.fragments[0].start, a.fragments[0].end, &a.label).cmp(&(
                b.fragments[0].start,
                b.fragments[0].end,
                &b.label,
            ))
        });
        kept
    });
    println!(
        "the page's filtering: {} of {} matches kept in {}",
        kept.len(),
        found.len(),
        ms(wall, cpu)
    );
    let (_, wall, cpu) = timed(|| found.to_vec());
    println!("  of which the copy: {}", ms(wall, cpu));
    let (_, wall, cpu) = timed(|| without_annotated(found.to_vec(), doc.annotations()));
    println!("  copy + without annotated: {}", ms(wall, cpu));
    // As the app keeps them: each suggestion behind an `Rc`, the list of
    // pointers copied and filtered.
    let shared: Vec<std::rc::Rc<_>> = found.iter().cloned().map(std::rc::Rc::new).collect();
    let (kept, wall, cpu) = timed(|| {
        Decisions::default().filter(without_annotated(shared.to_vec(), doc.annotations()))
    });
    println!(
        "the same, shared (the app's `Rc`s): {} kept in {}",
        kept.len(),
        ms(wall, cpu)
    );

    let all = mentions(&doc);
    let (found, wall, cpu) =
        timed(|| repeats(&doc, &all, Options::default(), &Decisions::default()));
    println!(
        "repeats: {} mentions, {} suggestions in {}",
        all.len(),
        found.len(),
        ms(wall, cpu)
    );

    let (tagger, wall, cpu) =
        timed(|| Tagger::train(&[&doc], &TrainOptions::default()).expect("annotations to learn"));
    let trained = ms(wall, cpu);
    let (found, wall, cpu) = timed(|| tagger.predict(text));
    println!(
        "tagger: trained on {} tokens, {} spans in {trained}; suggested {} spans over the whole text in {}",
        tagger.trained_on().tokens,
        tagger.trained_on().spans,
        found.len(),
        ms(wall, cpu)
    );
}
