//! Merge, agreement and the merged view over ten annotators of one document
//! (5,000 words, about 700 spans each). `cargo bench -p scholia-core --bench agreement`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use scholia_core::adjudication::{annotator_layers, MergedView};
use scholia_core::agreement::{document_agreement, Accumulator, Options};
use scholia_core::merge::{MergeOptions, Merger, Source};

fn benches(c: &mut Criterion) {
    let files = common::annotators(5_000, 10, 1);
    let spans: usize = files.iter().map(|(_, d)| d.annotations().len()).sum();
    eprintln!(
        "10 annotators, {spans} spans in all, {} characters",
        files[0].1.document().text.len()
    );
    let merge = || {
        let mut merger = Merger::new(MergeOptions::default());
        for (name, doc) in &files {
            merger
                .add(Source::file(&format!("{name}.json")), doc.clone())
                .unwrap();
        }
        merger.finish().unwrap()
    };
    let merged = merge();
    let annotators = merged.annotators.clone();
    let mut group = c.benchmark_group("ten annotators");
    group.sample_size(10);
    group.bench_function("merge 10 files", |b| b.iter(merge));
    group.bench_function("agreement report", |b| {
        b.iter(|| document_agreement(&merged.document, &annotators, Options::default()))
    });
    group.bench_function("merged view", |b| {
        b.iter(|| MergedView::new(&merged.document, &annotator_layers(&merged.document)))
    });
    // A set of documents: 20 documents of 1,000 words, 10 annotators each.
    let corpus: Vec<_> = (0..20u64)
        .map(|seed| {
            let mut merger = Merger::new(MergeOptions::default());
            for (name, doc) in common::annotators(1_000, 10, seed + 100) {
                merger
                    .add(Source::file(&format!("{name}.json")), doc)
                    .unwrap();
            }
            merger.finish().unwrap()
        })
        .collect();
    group.bench_function("agreement over 20 documents", |b| {
        b.iter(|| {
            let mut accumulator = Accumulator::new(Options::default());
            for merged in &corpus {
                accumulator.add(&merged.document, &merged.annotators);
            }
            accumulator.report()
        })
    });
    group.finish();
}

criterion_group!(agreement, benches);
criterion_main!(agreement);
