//! `scholia-cli merge`: annotators' files of one document into one Scholia
//! file with one layer per annotator. Also home of [`read_any`], the one
//! function through which `merge` and `agree` read their inputs.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use scholia_core::format::{scholia, ImportOptions, Imported, OffsetUnit};
use scholia_core::merge::{MergeOptions, Merger, Source};

use crate::input::{Input, Offsets, ReadArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Input files: exports of the same document by different annotators.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The Scholia file to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The annotator of each file, in the order of the files (give it once
    /// per file, or not at all). Renames a file's only layer.
    #[arg(long = "annotator", value_name = "NAME")]
    pub annotators: Vec<String>,
    /// Move the spans of a file whose text differs to where their quoted
    /// text is, instead of refusing the file (every move is reported).
    #[arg(long)]
    pub reanchor: bool,
}

/// Reads every document a file holds, whatever its format (detected from
/// its name and content, as `convert` reads it): the single entry point for
/// input in `merge` and `agree`.
pub fn read_any(path: &Path, options: &ImportOptions) -> anyhow::Result<Imported> {
    let args = ReadArgs {
        offsets: match options.offsets {
            OffsetUnit::CodePoints => Offsets::Codepoints,
            OffsetUnit::Utf16 => Offsets::Utf16,
        },
        annotator: options.annotator.clone(),
        reanchor: options.reanchor,
        text: None,
        encoding: Default::default(),
    };
    let mut input = Input::open(path, &args)?;
    let mut documents = Vec::new();
    while let Some(document) = input.next_document() {
        documents.push(document?);
    }
    Ok(Imported {
        documents,
        report: input.report,
        knowledge_base: input.knowledge_base,
        predictions: Vec::new(),
    })
}

/// The import options for one input file.
pub fn import_options(path: &Path, annotator: Option<&str>, reanchor: bool) -> ImportOptions {
    let args = ReadArgs {
        annotator: annotator.map(str::to_string),
        reanchor,
        ..ReadArgs::default()
    };
    args.import_options(&path.display().to_string())
}

/// Pairs `--annotator` values with files: none, or one per file.
pub fn annotators_for<'a>(
    files: &[PathBuf],
    annotators: &'a [String],
) -> anyhow::Result<Vec<Option<&'a str>>> {
    match annotators.len() {
        0 => Ok(vec![None; files.len()]),
        n if n == files.len() => Ok(annotators.iter().map(|a| Some(a.as_str())).collect()),
        n => bail!(
            "--annotator was given {n} times for {} files: give it once per file, in the same order, or not at all",
            files.len()
        ),
    }
}

/// Prints what the user should know about an import or a merge.
pub fn print_notes(messages: impl IntoIterator<Item = String>) {
    for message in messages {
        eprintln!("note: {}", terminal_safe(&message));
    }
}

/// Text from files, safe for a terminal: control characters escaped.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let annotators = annotators_for(&args.files, &args.annotators)?;
    let mut merger = Merger::new(MergeOptions {
        reanchor: args.reanchor,
    });
    for (path, annotator) in args.files.iter().zip(annotators) {
        let options = import_options(path, annotator, args.reanchor);
        let imported = read_any(path, &options)?;
        print_notes(
            imported
                .report
                .reanchored
                .iter()
                .chain(&imported.report.notes)
                .map(|m| format!("{}: {m}", path.display())),
        );
        for doc in imported.documents {
            merger.add(
                Source {
                    file_name: &options.file_name,
                    annotator,
                },
                doc,
            )?;
        }
    }
    let Some(merged) = merger.finish() else {
        bail!("the files hold no document");
    };
    print_notes(merged.report.messages());
    // Written as it is serialised: a merge of thousands of files never
    // holds its JSON in memory as well as the document.
    write_with(&args.output, |file| {
        serde_json::to_writer_pretty(file, &scholia::to_file(&merged.document))
            .map_err(std::io::Error::other)
    })?;
    let layers = merged.document.layers();
    outln!(
        "{}: {} annotations and {} relations of {} annotators ({}) from {} files",
        args.output.display(),
        merged.document.annotations().len(),
        merged.document.relations().len(),
        merged.annotators.len(),
        terminal_safe(&list(&merged.annotators)),
        merged.report.files.len()
    );
    if layers.len() < merged.annotators.len() {
        outln!(
            "note: annotators who marked nothing have no layer in the file: {}",
            terminal_safe(
                &merged
                    .annotators
                    .iter()
                    .filter(|a| !layers.contains(&a.as_str()))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Names, the first ten of them, and how many more.
fn list(names: &[String]) -> String {
    const SHOWN: usize = 10;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{}, and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

/// Writes through a temporary file beside the target, so that a failed write
/// never leaves half a file.
pub fn write_atomically(path: &Path, content: &str) -> anyhow::Result<()> {
    write_with(path, |file| file.write_all(content.as_bytes()))
}

/// Like [`write_atomically`], with the content written by `write`.
pub fn write_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".part");
    let temporary = PathBuf::from(temporary);
    let result = std::fs::File::create(&temporary).and_then(|file| {
        let mut writer = std::io::BufWriter::new(file);
        write(&mut writer)?;
        writer.flush()
    });
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(error).with_context(|| format!("{}: cannot write", path.display()));
    }
    std::fs::rename(&temporary, path)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}
