//! Import and export of 10,000 annotations on a 1 MB text, per format.
//! Run with `cargo bench -p scholia-core --bench formats`.
//!
//! Each format is one call to `format_group` with its export and import. To
//! add a format (brat, doccano, Label Studio, W3C…), add a call in
//! `formats` below, e.g. for a module that follows the shape of
//! `scholia_core::format`:
//!
//! ```ignore
//! format_group(c, "brat", &doc,
//!     |doc| brat::export(doc, &ExportOptions::default()).unwrap().files.remove(0).content,
//!     |input| brat::import(input, &ImportOptions::default()).map(drop));
//! ```

mod corpus;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use scholia_core::format::scholia;
use scholia_core::{AnnotatedDocument, Error};

const MB: usize = 1_000_000;
const ANNOTATIONS: usize = 10_000;

/// Benchmarks one format's export and import (the import reads the export).
fn format_group(
    c: &mut Criterion,
    name: &str,
    doc: &AnnotatedDocument,
    export: impl Fn(&AnnotatedDocument) -> String,
    import: impl Fn(&str) -> Result<(), Error>,
) {
    let exported = export(doc);
    import(&exported).expect("the format reads back what it wrote");
    let mut g = c.benchmark_group(format!("{name}: 1 MB, 10,000 annotations"));
    g.throughput(Throughput::Bytes(exported.len() as u64));
    g.sample_size(20);
    g.bench_function("export", |b| b.iter(|| export(black_box(doc))));
    g.bench_function("import", |b| b.iter(|| import(black_box(&exported))));
    g.finish();
}

fn formats(c: &mut Criterion) {
    let doc = corpus::annotated(MB, ANNOTATIONS);
    assert_eq!(doc.annotations().len(), ANNOTATIONS);

    format_group(c, "scholia", &doc, scholia::export, |input| {
        scholia::import(input).map(drop)
    });

    // The native format's steps apart: JSON parsing, the checks, writing.
    let json = scholia::export(&doc);
    let file = scholia::parse(&json).expect("a valid file");
    let mut g = c.benchmark_group("scholia steps: 1 MB, 10,000 annotations");
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.sample_size(20);
    g.bench_function("parse (JSON → file types)", |b| {
        b.iter(|| scholia::parse(black_box(&json)))
    });
    g.bench_function(
        "read_direct_owned (the page's reader: bytes → document)",
        |b| {
            b.iter_batched(
                || json.clone().into_bytes(),
                scholia_core::format::direct::read_direct_owned,
                BatchSize::LargeInput,
            )
        },
    );
    g.bench_function("from_file (checks → document)", |b| {
        b.iter_batched(|| file.clone(), scholia::from_file, BatchSize::LargeInput)
    });
    g.bench_function("to_file (document → file types)", |b| {
        b.iter(|| scholia::to_file(black_box(&doc)))
    });
    g.bench_function("serde_json::to_string_pretty (file types → JSON)", |b| {
        b.iter(|| serde_json::to_string_pretty(black_box(&file)))
    });
    g.finish();
}

criterion_group!(benches, formats);
criterion_main!(benches);
