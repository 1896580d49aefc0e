//! How long finding repeats takes on a document when nothing repeats: the
//! cost every edit pays for the text itself (folding it, telling word
//! boundaries), with one mention that is nowhere in it, case-insensitive
//! (the default) and not. Prints one line per file and case rule; then,
//! with the document's own mentions, how many occurrences the worker finds
//! (`occurrences`) and the page's share: what is proposed (`proposals`:
//! labels, blocking, the longest first) and the suggestions made of it
//! (`from_occurrences`, both steps), each timed.
//!
//!   cargo run --release -p scholia-core --example repeats_time -- FILE.scholia.json...
use std::time::Instant;

use scholia_core::format::direct::read_direct;
use scholia_core::suggest::repeats::{
    entries, from_occurrences, mentions, occurrences, phrases, proposals, repeats, Mention, Options,
};
use scholia_core::suggest::Decisions;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{path}: {error}");
                continue;
            }
        };
        let doc = match read_direct(&bytes) {
            Ok(doc) => doc,
            Err(error) => {
                eprintln!("{path}: {error}");
                continue;
            }
        };
        let absent = [Mention {
            text: "Zorblatxyz".into(),
            label: "actor".into(),
        }];
        for case_sensitive in [false, true] {
            let started = Instant::now();
            let found = repeats(
                &doc,
                &absent,
                Options { case_sensitive },
                &Decisions::default(),
            );
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            println!(
                "{path}: case-sensitive {case_sensitive}: {} found in {ms:.1} ms",
                found.len()
            );
        }
        let own = mentions(&doc);
        let options = Options::default();
        let entries = entries(&own, options);
        let phrases = phrases(&entries);
        let started = Instant::now();
        let hits = occurrences(doc.document().text.as_str(), &phrases, options);
        let matched = started.elapsed().as_secs_f64() * 1000.0;
        let started = Instant::now();
        let proposed = proposals(&doc, &entries, &phrases, &hits, &Decisions::default());
        let chosen = started.elapsed().as_secs_f64() * 1000.0;
        let started = Instant::now();
        let found = from_occurrences(&doc, &entries, &phrases, &hits, &Decisions::default());
        let made = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{path}: its {} mentions ({} phrases): {} occurrences in {matched:.1} ms; {} proposed in {chosen:.1} ms, {} suggestions made of them in {made:.1} ms",
            own.len(),
            phrases.len(),
            hits.len(),
            proposed.len(),
            found.len()
        );
    }
}
