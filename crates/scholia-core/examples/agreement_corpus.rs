//! Writes a synthetic set of annotators' files for measuring `scholia-cli
//! agree` and `merge` at scale: DOCUMENTS documents of WORDS words, each
//! annotated by ANNOTATORS annotators, one Scholia file per annotator and
//! document (`doc0001-ann01.json`).
//!
//! cargo run --release -p scholia-core --example agreement_corpus -- OUT_DIR [DOCUMENTS] [ANNOTATORS] [WORDS]

#[path = "../benches/common/mod.rs"]
mod common;

use scholia_core::format::scholia;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: agreement_corpus OUT_DIR [DOCUMENTS=500] [ANNOTATORS=4] [WORDS=1000]");
        std::process::exit(2);
    };
    let number =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (documents, annotators, words) = (number(1, 500), number(2, 4), number(3, 1_000));
    std::fs::create_dir_all(out).expect("the output folder");
    for d in 0..documents {
        for (name, doc) in common::annotators(words, annotators, d as u64 + 1) {
            let path = format!("{out}/doc{:04}-{name}.json", d + 1);
            std::fs::write(&path, scholia::export(&doc)).expect("writable");
        }
    }
    println!("{} files in {out}", documents * annotators);
}
