//! `scholia-cli train`, `suggest` and `evaluate`: the suggestions' tagger
//! on the command line (everything else is `scholia_core::suggest`).
//!
//! `train DOCS… -o MODEL` learns from the documents' annotations (any
//! format, CoNLL included: `--encoding latin1` for CoNLL-2002);
//! `suggest MODEL DOCS… -o OUT` writes each document with its suggestions
//! as a layer named `suggestions` (never mixed into an annotator's layer);
//! `evaluate MODEL DOCS…` prints precision, recall and F1 per label by
//! exact span and label, or with `--folds K` cross-validates over DOCS.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context};
use scholia_core::agreement::spans::Scores;
use scholia_core::suggest::evaluate::{cross_validate, evaluate, Evaluation};
use scholia_core::suggest::patterns;
use scholia_core::suggest::repeats::{self, mentions};
use scholia_core::suggest::tagger::{Tagger, TrainOptions};
use scholia_core::suggest::terms::{self, TermMatcher};
use scholia_core::suggest::{as_layer_edit, Decisions, Suggestion, SUGGESTIONS_LAYER};
use scholia_core::{AnnotatedDocument, Timestamp};

use crate::input::{Input, ReadArgs};
use crate::merge::{terminal_safe, write_atomically};

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Annotated documents to learn from (any format Scholia reads).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The model file to write.
    #[arg(short, long, value_name = "MODEL")]
    pub output: PathBuf,
    /// Learn from this layer only (by default every layer but "suggestions").
    #[arg(long, value_name = "NAME")]
    pub layer: Option<String>,
    /// Passes over the training sentences.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(clap::Args)]
pub struct SuggestArgs {
    /// The model `train` wrote.
    pub model: PathBuf,
    /// The documents to suggest spans in.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Where to write: a Scholia JSON file for one document, or a folder
    /// (ending in / or existing) for several.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Leave out suggestions less sure than this (0 to 1).
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub min_confidence: f64,
    /// Also suggest the terms of a term list (one term a line, or
    /// term<TAB>label[<TAB>id]); may be repeated.
    #[arg(long, value_name = "FILE")]
    pub terms: Vec<PathBuf>,
    /// The label of a term list's plain lines.
    #[arg(long, value_name = "LABEL")]
    pub terms_label: Option<String>,
    /// Also suggest the matches of a spaCy / Prodigy pattern file (JSONL); may be repeated.
    #[arg(long, value_name = "FILE")]
    pub patterns: Vec<PathBuf>,
    /// Also suggest the other occurrences of every mention tagged in the documents.
    #[arg(long)]
    pub repeats: bool,
    /// Match terms and repeats in any case.
    #[arg(long)]
    pub ignore_case: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(clap::Args)]
pub struct EvaluateArgs {
    /// The model, then the documents to score it on; with --folds, only documents.
    #[arg(required = true, value_name = "MODEL DOCS")]
    pub files: Vec<PathBuf>,
    /// Cross-validate instead: train on all folds but one and test on it, K times.
    #[arg(long, value_name = "K")]
    pub folds: Option<usize>,
    /// Score against this layer (by default every layer but "suggestions").
    #[arg(long, value_name = "NAME")]
    pub layer: Option<String>,
    /// Passes over the training sentences (with --folds).
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Every document of the files, or the first error.
fn read_all(files: &[PathBuf], read: &ReadArgs) -> anyhow::Result<Vec<AnnotatedDocument>> {
    let mut docs = Vec::new();
    for path in files {
        let mut input = Input::open(path, read)?;
        while let Some(document) = input.next_document() {
            docs.push(document?);
        }
    }
    Ok(docs)
}

fn read_model(path: &Path) -> anyhow::Result<Tagger> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{name}: cannot read it: {e}"))?;
    Ok(Tagger::from_json(&text, &name)?)
}

pub fn train(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let docs = read_all(&args.files, &args.read)?;
    let refs: Vec<&AnnotatedDocument> = docs.iter().collect();
    let options = TrainOptions {
        epochs: args.epochs,
        layer: args.layer.clone(),
        ..TrainOptions::default()
    };
    let started = Instant::now();
    let tagger = Tagger::train(&refs, &options)?;
    let seconds = started.elapsed().as_secs_f64();
    write_atomically(&args.output, &tagger.to_json())?;
    let on = tagger.trained_on();
    outln!(
        "trained on {} documents: {} sentences, {} tokens, {} spans; {} epochs in {seconds:.1} s",
        docs.len(),
        on.sentences,
        on.tokens,
        on.spans,
        on.epochs
    );
    outln!("labels: {}", terminal_safe(&tagger.labels().join(", ")));
    outln!(
        "{} features; written to {}",
        tagger.n_features(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn suggest(args: SuggestArgs) -> anyhow::Result<ExitCode> {
    let tagger = read_model(&args.model)?;
    let mut term_list = Vec::new();
    for path in &args.terms {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| anyhow!("{name}: cannot read it: {e}"))?;
        term_list.extend(terms::parse(&text, &name, args.terms_label.as_deref())?);
    }
    let mut pattern_list = Vec::new();
    for path in &args.patterns {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| anyhow!("{name}: cannot read it: {e}"))?;
        pattern_list.extend(patterns::parse(&text, &name)?);
    }
    let matcher = (!term_list.is_empty() || !pattern_list.is_empty())
        .then(|| TermMatcher::new(&term_list, &pattern_list, !args.ignore_case))
        .transpose()?;
    let mut docs = read_all(&args.files, &args.read)?;
    let library_mentions: Vec<repeats::Mention> = if args.repeats {
        docs.iter().flat_map(mentions).collect()
    } else {
        Vec::new()
    };
    let as_folder = docs.len() > 1
        || args.output.is_dir()
        || args.output.to_string_lossy().ends_with(['/', '\\']);
    if as_folder {
        std::fs::create_dir_all(&args.output)
            .with_context(|| format!("cannot create the folder {}", args.output.display()))?;
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let mut stems = std::collections::BTreeSet::new();
    for doc in &mut docs {
        let none = Decisions::default();
        let mut found: Vec<Suggestion> = tagger.suggest(doc, &none);
        if let Some(matcher) = &matcher {
            found.extend(matcher.suggest(doc, &none));
        }
        if args.repeats {
            let options = repeats::Options {
                case_sensitive: !args.ignore_case,
            };
            found.extend(repeats::repeats(doc, &library_mentions, options, &none));
        }
        found.retain(|s| s.confidence >= args.min_confidence);
        found.sort_by(|a, b| {
            let at = |s: &Suggestion| (s.fragments[0].start, s.fragments[0].end);
            at(a)
                .cmp(&at(b))
                .then(a.label.cmp(&b.label))
                .then(a.source.cmp(&b.source))
        });
        found.dedup_by(|a, b| a.fragments == b.fragments && a.label == b.label);
        let edit = as_layer_edit(doc, &found, Timestamp(now));
        doc.apply(edit)?;
        let path = if as_folder {
            let stem = scholia_core::title::unique_stem(&doc.document().title, &mut stems);
            args.output.join(format!("{stem}.scholia.json"))
        } else {
            args.output.clone()
        };
        write_atomically(&path, &scholia_core::format::scholia::export(doc))?;
        outln!(
            "{}: {} suggestions in the layer “{SUGGESTIONS_LAYER}”",
            path.display(),
            found.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn evaluate_command(args: EvaluateArgs) -> anyhow::Result<ExitCode> {
    let (evaluation, what) = match args.folds {
        Some(folds) => {
            let docs = read_all(&args.files, &args.read)?;
            let refs: Vec<&AnnotatedDocument> = docs.iter().collect();
            let options = TrainOptions {
                epochs: args.epochs,
                layer: args.layer.clone(),
                ..TrainOptions::default()
            };
            (
                cross_validate(&refs, folds, &options)?,
                format!(
                    "{folds}-fold cross-validation over {} documents",
                    docs.len()
                ),
            )
        }
        None => {
            let [model, files @ ..] = args.files.as_slice() else {
                bail!("give the model, then the documents");
            };
            if files.is_empty() {
                bail!(
                    "give the documents to score the model on after {}",
                    model.display()
                );
            }
            let tagger = read_model(model)?;
            let docs = read_all(files, &args.read)?;
            let refs: Vec<&AnnotatedDocument> = docs.iter().collect();
            (
                evaluate(&tagger, &refs, args.layer.as_deref()),
                format!("{} on {} documents", model.display(), docs.len()),
            )
        }
    };
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&evaluation)?);
    } else {
        print_table(&what, &evaluation);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(what: &str, evaluation: &Evaluation) {
    outln!("{}: exact span and label", terminal_safe(what));
    let width = evaluation
        .labels
        .keys()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max("all (micro)".len());
    outln!(
        "  {:width$}  precision  recall      F1  reference  suggested  matched",
        "label"
    );
    let row = |name: &str, s: &Scores| {
        let pct = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{:.1}%", 100.0 * v));
        outln!(
            "  {:width$}  {:>9}  {:>6}  {:>6}  {:>9}  {:>9}  {:>7}",
            terminal_safe(name),
            pct(s.precision),
            pct(s.recall),
            pct(s.f1),
            s.counts.reference,
            s.counts.compared,
            s.counts.matched_compared
        );
    };
    for (label, scores) in &evaluation.labels {
        row(label, scores);
    }
    row("all (micro)", &evaluation.micro);
}
