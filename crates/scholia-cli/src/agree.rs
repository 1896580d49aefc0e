//! `scholia-cli agree`: agreement between annotators over any number of
//! files, as a table, JSON, or SVG charts.
//!
//! Files are read twice so that thousands of them never sit in memory
//! together: a first pass notes which document each file holds (by the
//! SHA-256 of its text, or by document id with `--reanchor`) and drops it;
//! a second pass merges each document's files, adds the merged document to
//! the running agreement sums, and drops it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use scholia_core::adjudication::GOLD_LAYER;
use scholia_core::agreement::report::{AgreementReport, Scores};
use scholia_core::agreement::{document_agreement, Accumulator, Options, TokenScope};
use scholia_core::chart::{confusion, label_agreement, to_svg};
use scholia_core::merge::{MergeOptions, Merger, Source};
use serde::Serialize;

use crate::merge::{
    annotators_for, import_options, print_notes, read_any, terminal_safe, write_atomically,
};

#[derive(clap::Args)]
pub struct Args {
    /// Input files: annotators' exports of one or more documents.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write the charts (labels.svg, confusion.svg) into this folder.
    #[arg(long, value_name = "DIR")]
    pub svg: Option<PathBuf>,
    /// The annotator of each file, in the order of the files (once per file
    /// or not at all).
    #[arg(long = "annotator", value_name = "NAME")]
    pub annotators: Vec<String>,
    /// Compare only these layers (comma-separated). By default every layer
    /// but "gold".
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub layers: Vec<String>,
    /// Count only tokens that at least one annotator labelled.
    #[arg(long)]
    pub labelled_tokens: bool,
    /// Files of one document whose texts differ: re-anchor spans by their
    /// quotes (documents are then matched by id rather than by text).
    #[arg(long)]
    pub reanchor: bool,
    /// Also report each document on its own.
    #[arg(long)]
    pub per_document: bool,
}

/// One document of the set: where it came from.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct DocumentSummary {
    id: String,
    title: String,
    sha256: String,
    files: Vec<String>,
    annotators: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<AgreementReport>,
}

#[derive(Serialize)]
struct Output<'a> {
    report: &'a AgreementReport,
    documents: &'a [DocumentSummary],
    notes: &'a [String],
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let annotator_of = annotators_for(&args.files, &args.annotators)?;
    let options = Options {
        scope: if args.labelled_tokens {
            TokenScope::LabelledTokens
        } else {
            TokenScope::AllTokens
        },
    };
    // Pass 1: which files hold which document.
    let mut groups: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    let mut group_of: BTreeMap<String, usize> = BTreeMap::new();
    for (f, path) in args.files.iter().enumerate() {
        let imported = read_any(path, &import_options(path, annotator_of[f], args.reanchor))?;
        for (d, doc) in imported.documents.iter().enumerate() {
            let key = if args.reanchor {
                doc.document().id.clone()
            } else {
                doc.document().text.sha256().to_string()
            };
            let g = *group_of.entry(key.clone()).or_insert_with(|| {
                groups.push((key, Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push((f, d));
        }
    }
    // Pass 2: merge each document's files, measure, forget.
    let mut accumulator = Accumulator::new(options.clone());
    let mut summaries = Vec::new();
    let mut notes = Vec::new();
    // The last file read, whose documents are taken out one by one.
    let mut cache: Option<(usize, Vec<Option<scholia_core::AnnotatedDocument>>)> = None;
    for (_, members) in &groups {
        let mut merger = Merger::new(MergeOptions {
            reanchor: args.reanchor,
        });
        let mut files = Vec::new();
        for &(f, d) in members {
            let path = &args.files[f];
            let options = import_options(path, annotator_of[f], args.reanchor);
            if cache.as_ref().is_none_or(|(cached, _)| *cached != f) {
                let imported = read_any(path, &options)?;
                notes.extend(
                    imported
                        .report
                        .reanchored
                        .iter()
                        .chain(&imported.report.notes)
                        .map(|m| format!("{}: {m}", options.file_name)),
                );
                cache = Some((f, imported.documents.into_iter().map(Some).collect()));
            }
            let doc = cache
                .as_mut()
                .and_then(|(_, docs)| docs.get_mut(d))
                .and_then(Option::take)
                .context("the file changed while it was read")?;
            merger.add(
                Source {
                    file_name: &options.file_name,
                    annotator: annotator_of[f],
                },
                doc,
            )?;
            files.push(options.file_name);
        }
        let Some(merged) = merger.finish() else {
            continue;
        };
        notes.extend(merged.report.messages());
        let annotators: Vec<String> = merged
            .annotators
            .iter()
            .filter(|a| {
                if args.layers.is_empty() {
                    a.as_str() != GOLD_LAYER
                } else {
                    args.layers.contains(a)
                }
            })
            .cloned()
            .collect();
        let document = merged.document.document();
        if annotators.len() < 2 {
            notes.push(format!(
                "document {} ({}) has {} annotator{} to compare, so it adds nothing",
                scholia_core::error::quoted(&document.title),
                files.join(", "),
                annotators.len(),
                if annotators.len() == 1 { "" } else { "s" }
            ));
        }
        accumulator.add(&merged.document, &annotators);
        summaries.push(DocumentSummary {
            id: document.id.clone(),
            title: document.title.clone(),
            sha256: document.text.sha256().to_string(),
            files,
            report: args
                .per_document
                .then(|| document_agreement(&merged.document, &annotators, options.clone())),
            annotators,
        });
    }
    let report = accumulator.report();
    if let Some(dir) = &args.svg {
        write_charts(dir, &report)?;
    }
    if args.json {
        let output = Output {
            report: &report,
            documents: &summaries,
            notes: &notes,
        };
        outln!("{}", serde_json::to_string_pretty(&output)?);
    } else {
        print_notes(notes);
        out!("{}", terminal_safe(&table(&report)));
        if args.per_document {
            for summary in &summaries {
                if let Some(r) = &summary.report {
                    outln!("\n=== {} ({})", summary.title, summary.files.join(", "));
                    out!("{}", terminal_safe(&table(r)));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_charts(dir: &std::path::Path, report: &AgreementReport) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    // The same chart models the app draws.
    write_atomically(&dir.join("labels.svg"), &to_svg(&label_agreement(report)))?;
    write_atomically(&dir.join("confusion.svg"), &to_svg(&confusion(report)))?;
    Ok(())
}

fn value(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"))
}

/// Pads to a width in characters (not bytes), so names in any script line up.
fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n >= width {
        format!("{text} ")
    } else {
        format!("{text}{}", " ".repeat(width - n))
    }
}

fn prf(s: &Scores) -> String {
    format!(
        "{:>7}{:>7}{:>7}",
        value(s.precision),
        value(s.recall),
        value(s.f1)
    )
}

/// The report as a table for people.
pub fn table(r: &AgreementReport) -> String {
    let mut out = String::new();
    let w = 24usize.max(
        r.annotators
            .iter()
            .flat_map(|a| {
                r.annotators
                    .iter()
                    .map(move |b| a.chars().count() + b.chars().count() + 19)
            })
            .chain(r.labels.iter().map(|l| l.name.chars().count() + 3))
            .max()
            .unwrap_or(0),
    );
    let _ = writeln!(
        out,
        "Agreement of {} annotators ({}) on {} document{} ({} with two annotators or more)",
        r.annotators.len(),
        r.annotators.join(", "),
        r.documents,
        if r.documents == 1 { "" } else { "s" },
        r.compared_documents
    );
    let scope = match r.tokens.scope {
        TokenScope::AllTokens => "all tokens, unlabelled ones as \"O\"",
        TokenScope::LabelledTokens => "tokens someone labelled",
    };
    let _ = writeln!(out, "\nTokens ({scope}): {}", r.tokens.tokens);
    let _ = writeln!(
        out,
        "  {}{:>7}",
        pad("Krippendorff's alpha", w),
        value(r.tokens.alpha)
    );
    let _ = writeln!(
        out,
        "  {}{:>7}   on {} tokens every annotator labelled",
        pad("Fleiss' kappa", w),
        value(r.tokens.fleiss),
        r.tokens.fleiss_tokens
    );
    for pair in &r.tokens.cohen {
        let _ = writeln!(
            out,
            "  {}{:>7}   on {} tokens",
            pad(&format!("Cohen's kappa {} – {}", pair.a, pair.b), w),
            value(pair.value),
            pair.units
        );
    }
    let _ = writeln!(
        out,
        "\nSpans{}  exact match           overlap match",
        " ".repeat(w.saturating_sub(3))
    );
    let _ = writeln!(
        out,
        "  {}{:>7}{:>7}{:>7}{:>7}{:>7}{:>7}",
        pad("", w),
        "P",
        "R",
        "F1",
        "P",
        "R",
        "F1"
    );
    for pair in &r.spans.pairs {
        let _ = writeln!(
            out,
            "  {}{}{}",
            pad(&format!("{} – {}", pair.a, pair.b), w),
            prf(&pair.exact),
            prf(&pair.overlap)
        );
    }
    let _ = writeln!(
        out,
        "  {}{}{}",
        pad("all pairs", w),
        prf(&r.spans.exact),
        prf(&r.spans.overlap)
    );
    let _ = writeln!(out, "\nUnitizing: {}", r.unitizing.variant);
    let _ = writeln!(
        out,
        "  {}{:>7}   over {} characters",
        pad("uα", w),
        value(r.unitizing.alpha),
        r.unitizing.length
    );
    let _ = writeln!(
        out,
        "\nPer label{}{:>9}{:>9}{:>9}{:>9}{:>9}{:>9}",
        " ".repeat(w.saturating_sub(7)),
        "alpha",
        "Fleiss",
        "Cohen",
        "uα",
        "F1 ex.",
        "F1 ov."
    );
    for label in &r.labels {
        let tokens = r.tokens.per_label.iter().find(|l| l.label == label.name);
        let unitizing = r.unitizing.per_label.iter().find(|l| l.label == label.name);
        let spans = r.spans.per_label.iter().find(|l| l.label == label.name);
        let _ = writeln!(
            out,
            "  {}{:>9}{:>9}{:>9}{:>9}{:>9}{:>9}",
            pad(&label.name, w),
            value(tokens.and_then(|t| t.alpha)),
            value(tokens.and_then(|t| t.fleiss)),
            value(tokens.and_then(|t| t.cohen_mean)),
            value(unitizing.and_then(|u| u.value)),
            value(spans.and_then(|s| s.exact.f1)),
            value(spans.and_then(|s| s.overlap.f1)),
        );
    }
    let _ = writeln!(
        out,
        "  (tokens: alpha, Fleiss and mean pairwise Cohen of the label against all else)"
    );
    let _ = writeln!(
        out,
        "\nRelations{}{:>7}{:>7}{:>7}",
        " ".repeat(w.saturating_sub(7)),
        "P",
        "R",
        "F1"
    );
    for pair in &r.relations.pairs {
        let _ = writeln!(
            out,
            "  {}{}",
            pad(&format!("{} – {}", pair.a, pair.b), w),
            prf(&pair.scores)
        );
    }
    for kind in &r.relations.per_type {
        let _ = writeln!(out, "  {}{}", pad(&kind.kind, w), prf(&kind.scores));
    }
    let _ = writeln!(out, "  {}{}", pad("all", w), prf(&r.relations.overall));
    // Document labels and entity links: only when the documents have them.
    for set in &r.document_labels {
        let _ = writeln!(
            out,
            "\nDocument labels: {} ({} documents answered by two annotators or more)",
            set.name, set.units
        );
        let _ = writeln!(
            out,
            "  {}{:>7}",
            pad("Krippendorff's alpha", w),
            value(set.alpha)
        );
        let _ = writeln!(
            out,
            "  {}{:>7}   on {} documents every annotator answered",
            pad("Fleiss' kappa", w),
            value(set.fleiss),
            set.fleiss_units
        );
        for pair in &set.cohen {
            let _ = writeln!(
                out,
                "  {}{:>7}   on {} documents",
                pad(&format!("Cohen's kappa {} – {}", pair.a, pair.b), w),
                value(pair.value),
                pair.units
            );
        }
    }
    if !r.linking.is_empty() {
        let _ = writeln!(
            out,
            "\nEntity links (same span, same entity){}{:>7}{:>7}{:>7}",
            " ".repeat(w.saturating_sub(35)),
            "P",
            "R",
            "F1"
        );
        for pair in &r.linking {
            let _ = writeln!(
                out,
                "  {}{}",
                pad(&format!("{} – {}", pair.a, pair.b), w),
                prf(&pair.scores)
            );
        }
    }
    let _ = writeln!(
        out,
        "\nConfusion of token labels (rows: first annotator of each pair, columns: second)"
    );
    let names = &r.confusion.categories;
    let cw = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(1)
        .max(6)
        + 1;
    let mut header = format!("  {}", pad("", cw));
    for n in names {
        header.push_str(&format!(
            "{:>width$}",
            n,
            width = cw.max(n.chars().count() + 1)
        ));
    }
    let _ = writeln!(out, "{header}");
    for (i, row) in r.confusion.counts.iter().enumerate() {
        let mut line = format!("  {}", pad(&names[i], cw));
        for (j, n) in row.iter().enumerate() {
            line.push_str(&format!(
                "{:>width$}",
                n,
                width = cw.max(names[j].chars().count() + 1)
            ));
        }
        let _ = writeln!(out, "{line}");
    }
    out
}
