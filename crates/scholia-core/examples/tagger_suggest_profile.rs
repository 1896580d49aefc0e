//! Where the tagger's suggesting over one document goes, phase by phase
//! (docs/performance.md, "Tagger"): reading the model, reading the
//! document, tokenising, tagging (features, scores, Viterbi, confidences),
//! leaving out what is annotated, and writing the answer as JSON. Figures,
//! not assertions.
//!
//! ```text
//! scholia-cli train esp.train --encoding latin1 -o /tmp/model.json
//! node bench/generate.mjs 1m 10000 > /tmp/1m.scholia.json
//! cargo run --release -p scholia-core --example tagger_suggest_profile -- /tmp/model.json /tmp/1m.scholia.json
//! ```

use std::time::Instant;

use scholia_core::suggest::tagger::Tagger;
use scholia_core::suggest::tokens::sentences;
use scholia_core::suggest::Decisions;

/// This thread's CPU time so far (Linux: `/proc/thread-self/schedstat`),
/// so that figures taken on a busy machine still say what the work costs.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

/// Runs `work`, printing its wall and CPU time under `name`.
fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let (started, cpu) = (Instant::now(), cpu_ms());
    let result = work();
    let wall = started.elapsed().as_secs_f64() * 1e3;
    match cpu.zip(cpu_ms()) {
        Some((a, b)) => println!("| {name} | {wall:.0} ms | {:.0} ms |", b - a),
        None => println!("| {name} | {wall:.0} ms | n/a |"),
    }
    result
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model_path, doc_path] = [&args[0], &args[1]];
    let model = std::fs::read_to_string(model_path).expect("read the model");
    let json = std::fs::read_to_string(doc_path).expect("read the document");
    println!("| phase | wall | CPU |");
    println!("| --- | ---: | ---: |");
    let tagger = timed("read the model (JSON)", || {
        Tagger::from_json(&model, model_path).expect("a model")
    });
    let doc = timed("read the document (Scholia JSON)", || {
        scholia_core::format::scholia::import(&json).expect("a Scholia file")
    });
    let text = doc.document().text.as_str();
    let lines = timed("tokenise (lines of UAX #29 words)", || sentences(text));
    let n_tokens: usize = lines.iter().map(Vec::len).sum();
    let spans = timed(
        "tag the text (tokenising again, features, scores, Viterbi, confidences)",
        || tagger.predict(text).len(),
    );
    let found = timed(
        "suggest: all of the above but reading, and the filter",
        || tagger.suggest(&doc, &Decisions::default()),
    );
    let answer = timed("the answer as JSON", || {
        serde_json::to_string(&found).expect("suggestions write")
    });
    println!(
        "\n{} features, {} lines, {n_tokens} tokens; {spans} spans tagged, {} suggested; answer {} bytes of JSON",
        tagger.n_features(),
        lines.len(),
        found.len(),
        answer.len()
    );
}
