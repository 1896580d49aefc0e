//! The tagger's learning curve on a CoNLL corpus with a separate test set:
//! trains on the first 100, 500 and 2,000 sentences and the whole training
//! file, and prints entity-level precision, recall and micro F1 (exact span
//! and label, as conlleval counts) on the test file, with training time.
//! Figures, not assertions (docs/suggestions.md).
//!
//! ```text
//! cargo run --release -p scholia-core --example tagger_curve -- \
//!     ../shared/corpora/conll2002-es/esp.train ../shared/corpora/conll2002-es/esp.testb [--epochs N] [--svg FILE]
//! ```
//! Files are read as latin-1 (CoNLL-2002's encoding).

use std::time::Instant;

use scholia_core::format::conll::{self, Encoding};
use scholia_core::format::ImportOptions;
use scholia_core::suggest::evaluate::{learning_curve_chart, Counts, Evaluation};
use scholia_core::suggest::tagger::{document_sentences, gold_spans, Tagger, TrainOptions};
use scholia_core::AnnotatedDocument;

/// This thread's CPU time so far (Linux: `/proc/thread-self/schedstat`),
/// so that figures taken on a busy machine still say what training costs.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn read(path: &str) -> AnnotatedDocument {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let text = Encoding::Latin1
        .decode(&bytes, path)
        .expect("latin-1 always decodes");
    let options = ImportOptions {
        file_name: path.to_string(),
        annotator: Some("gold".into()),
        ..Default::default()
    };
    let mut docs = conll::import(&text, &options)
        .unwrap_or_else(|e| panic!("{e}"))
        .documents;
    assert_eq!(docs.len(), 1, "one document (no -DOCSTART- lines) expected");
    docs.remove(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (train_path, test_path) = (&args[0], &args[1]);
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .map(|i| args[i + 1].clone())
    };
    let epochs = flag("--epochs").map_or(TrainOptions::default().epochs, |e| e.parse().unwrap());
    let train = read(train_path);
    let test = read(test_path);
    let sentences = document_sentences(&train, None);
    let labels: Vec<String> = train.scheme().labels.iter().map(|l| l.id.clone()).collect();
    let gold = gold_spans(&test, None);
    let options = TrainOptions {
        epochs,
        ..TrainOptions::default()
    };
    println!("training sentences | tokens | precision | recall | micro F1 | training time (s) | CPU (s) | features");
    println!("---:|---:|---:|---:|---:|---:|---:|---:");
    let mut points: Vec<(String, Evaluation)> = Vec::new();
    for size in [100, 500, 2000, sentences.len()] {
        let slice = &sentences[..size.min(sentences.len())];
        let (started, cpu_start) = (Instant::now(), cpu_seconds());
        let tagger = Tagger::train_sentences(slice, labels.clone(), &options);
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_start
            .zip(cpu_seconds())
            .map_or("n/a".to_string(), |(a, b)| format!("{:.2}", b - a));
        let predicted: Vec<_> = tagger
            .predict(test.document().text.as_str())
            .into_iter()
            .map(|s| (s.fragments[0], s.label))
            .collect();
        let mut counts = Counts::default();
        counts.add(&gold, &predicted);
        let e = counts.evaluation();
        let tokens: usize = slice.iter().map(|s| s.words.len()).sum();
        let pct = |v: Option<f64>| format!("{:.2}", 100.0 * v.unwrap_or(0.0));
        println!(
            "{} | {} | {} | {} | {} | {:.2} | {cpu} | {}",
            slice.len(),
            tokens,
            pct(e.micro.precision),
            pct(e.micro.recall),
            pct(e.micro.f1),
            seconds,
            tagger.n_features()
        );
        points.push((format!("{} sentences", slice.len()), e));
    }
    let last = &points.last().expect("four points").1;
    println!();
    println!("label | precision | recall | F1 (whole training file)");
    println!("---|---:|---:|---:");
    for (label, s) in &last.labels {
        let pct = |v: Option<f64>| format!("{:.2}", 100.0 * v.unwrap_or(0.0));
        println!(
            "{label} | {} | {} | {}",
            pct(s.precision),
            pct(s.recall),
            pct(s.f1)
        );
    }
    if let Some(svg) = flag("--svg") {
        let chart = learning_curve_chart(
            "Tagger learning curve (entity F1 on the test file)",
            &points,
        );
        std::fs::write(&svg, scholia_core::chart::to_svg(&chart)).expect("write the chart");
        println!("\nchart written to {svg}");
    }
}
