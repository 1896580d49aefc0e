//! `scholia-cli convert IN OUT --to FORMAT`: reads IN in whatever format it
//! is in, writes OUT in FORMAT, and says what was read, written, moved and
//! left out. OUT is written whole or not at all: the output goes to a
//! `.partial` file that replaces OUT only when everything was written.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};
use scholia_core::format::detect::{self, Format};
use scholia_core::format::{label_studio, ExportOptions, Report};
use scholia_core::AnnotatedDocument;

use crate::input::{Input, Offsets, ReadArgs};
use crate::report::{counts, print_report, Counts};

#[derive(clap::Args)]
pub struct Args {
    /// The file to read (a brat document: its .ann, with the .txt beside it).
    pub input: PathBuf,
    /// The file to write, or a folder (ending in / or existing) for one file
    /// per document. brat writes OUT.ann and OUT.txt.
    pub output: PathBuf,
    /// The format to write.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub to: Format,
    #[command(flatten)]
    pub read: ReadArgs,
    /// How offsets count in the output, for formats that carry no quoted text
    /// (utf16 for doccano's web annotator and Label Studio of 2021).
    #[arg(long, value_enum, default_value_t = Offsets::Codepoints)]
    pub out_offsets: Offsets,
    /// For formats that hold one annotator's work (doccano, spaCy, CoNLL):
    /// the layer to write. Label Studio writes only this layer when given.
    #[arg(long, value_name = "NAME")]
    pub layer: Option<String>,
}

pub fn parse_format(name: &str) -> Result<Format, String> {
    name.parse()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut input = Input::open(&args.input, &args.read)?;
    let mut export = ExportOptions {
        layer: args.layer.clone(),
        offsets: args.out_offsets.into(),
        ..ExportOptions::default()
    };
    let mut sink = Sink::new(&args.output, args.to, &args.input)?;
    let mut total = Counts::default();
    let mut export_report = Report::default();
    let mut n = 0;
    let result = (|| -> anyhow::Result<()> {
        while let Some(document) = input.next_document() {
            let document = document?;
            n += 1;
            total.add(&counts(&document));
            // (the entities read so far: a line's links name its own)
            export.knowledge_base = input.knowledge_base.clone();
            let report = sink.write(&document, &export, n).with_context(|| {
                format!(
                    "{}, document {n} ({})",
                    input.name,
                    document.document().title
                )
            })?;
            let place = if input.format.one_document_per_file() {
                String::new()
            } else {
                format!("document {n} ({}): ", document.document().title)
            };
            merge_report(&mut export_report, report, &place);
        }
        sink.finish(&input)
    })();
    if let Err(error) = result {
        sink.abandon();
        return Err(error);
    }
    outln!(
        "read {} ({}): {}",
        input.name,
        input.format.title(),
        total.sentence()
    );
    outln!("wrote {} ({})", sink.written().join(", "), args.to.title());
    print_report("", &input.report);
    print_report("", &export_report);
    Ok(ExitCode::SUCCESS)
}

fn merge_report(into: &mut Report, report: Report, place: &str) {
    let add = |into: &mut Vec<String>, lines: Vec<String>| {
        for line in lines {
            // A line that documents repeat alike is said once, for the first.
            if !into.iter().any(|l| l.ends_with(&line)) {
                into.push(format!("{place}{line}"));
            }
        }
    };
    add(&mut into.reanchored, report.reanchored);
    add(&mut into.not_represented, report.not_represented);
    add(&mut into.notes, report.notes);
}

/// Where the converted documents go.
enum Sink {
    /// One file holding every document (JSON Lines, CoNLL, Label Studio).
    Many {
        format: Format,
        partial: PathBuf,
        destination: PathBuf,
        writer: BufWriter<File>,
        n_written: usize,
    },
    /// One file for the one document (Scholia, W3C, brat): kept until the
    /// input ends, so that a second document can be refused before anything
    /// is written.
    One {
        format: Format,
        destination: PathBuf,
        files: Option<Vec<scholia_core::format::ExportedFile>>,
        written: Vec<String>,
    },
    /// A folder with one file (or brat pair) per document.
    Folder {
        format: Format,
        folder: PathBuf,
        stems: BTreeSet<String>,
        written: Vec<String>,
    },
}

impl Sink {
    fn new(output: &Path, format: Format, input: &Path) -> anyhow::Result<Sink> {
        let as_folder = output.is_dir() || output.to_string_lossy().ends_with(['/', '\\']);
        if as_folder {
            std::fs::create_dir_all(output)
                .with_context(|| format!("cannot create the folder {}", output.display()))?;
        }
        if format.one_document_per_file() {
            return Ok(if as_folder {
                Sink::Folder {
                    format,
                    folder: output.to_path_buf(),
                    stems: BTreeSet::new(),
                    written: Vec::new(),
                }
            } else {
                Sink::One {
                    format,
                    destination: output.to_path_buf(),
                    files: None,
                    written: Vec::new(),
                }
            });
        }
        let destination = if as_folder {
            let stem = scholia_core::format::file_stem(&input.to_string_lossy()).to_string();
            output.join(format!("{stem}{}", format.extension()))
        } else {
            output.to_path_buf()
        };
        let partial = partial_path(&destination);
        let file = File::create(&partial)
            .with_context(|| format!("cannot write {}", partial.display()))?;
        let mut writer = BufWriter::new(file);
        if format == Format::LabelStudio {
            writer.write_all(b"[")?;
        }
        Ok(Sink::Many {
            format,
            partial,
            destination,
            writer,
            n_written: 0,
        })
    }

    /// Writes (or keeps) one document; returns what its format left out.
    fn write(
        &mut self,
        document: &AnnotatedDocument,
        options: &ExportOptions,
        n: usize,
    ) -> anyhow::Result<Report> {
        match self {
            Sink::Many {
                format,
                writer,
                n_written,
                ..
            } => {
                let report = if *format == Format::LabelStudio {
                    let (task, report) = label_studio::export_task(document, options)?;
                    writer.write_all(if *n_written == 0 { b"\n" } else { b",\n" })?;
                    writer.write_all(task.as_bytes())?;
                    report
                } else {
                    let exported = detect::export(*format, document, options)?;
                    for file in &exported.files {
                        writer.write_all(file.content.as_bytes())?;
                    }
                    exported.report
                };
                *n_written += 1;
                Ok(report)
            }
            Sink::One {
                format,
                destination,
                files,
                ..
            } => {
                if n > 1 {
                    bail!(
                        "the input holds several documents, and {} holds one per file: give a folder as the output ({}/)",
                        format.title(),
                        destination.display()
                    );
                }
                let exported = detect::export(*format, document, options)?;
                let report = exported.report.clone();
                *files = Some(exported.files);
                Ok(report)
            }
            Sink::Folder {
                format,
                folder,
                stems,
                written,
            } => {
                let exported = detect::export(*format, document, options)?;
                let stem = scholia_core::title::unique_stem(&document.document().title, stems);
                for file in &exported.files {
                    let path = folder.join(format!("{stem}{}", file.extension));
                    write_whole(&path, &file.content)?;
                    written.push(path.display().to_string());
                }
                Ok(exported.report)
            }
        }
    }

    /// Completes the output.
    fn finish(&mut self, input: &Input) -> anyhow::Result<()> {
        match self {
            Sink::Many {
                format,
                writer,
                partial,
                destination,
                n_written,
            } => {
                if *format == Format::LabelStudio {
                    writer.write_all(if *n_written == 0 { b"]\n" } else { b"\n]\n" })?;
                }
                writer.flush()?;
                std::fs::rename(&*partial, &*destination)
                    .with_context(|| format!("cannot write {}", destination.display()))?;
                Ok(())
            }
            Sink::One {
                format,
                destination,
                files,
                written,
            } => {
                let Some(files) = files.take() else {
                    bail!("{} holds no document to write", input.name);
                };
                // brat: OUT.ann and OUT.txt (OUT may be named with either).
                let base = if *format == Format::Brat {
                    let name = destination.to_string_lossy();
                    let stem = name
                        .strip_suffix(".ann")
                        .or_else(|| name.strip_suffix(".txt"))
                        .unwrap_or(&name);
                    PathBuf::from(stem)
                } else {
                    destination.clone()
                };
                for file in &files {
                    let path = if *format == Format::Brat {
                        PathBuf::from(format!("{}{}", base.display(), file.extension))
                    } else {
                        destination.clone()
                    };
                    write_whole(&path, &file.content)?;
                    written.push(path.display().to_string());
                }
                Ok(())
            }
            Sink::Folder { .. } => Ok(()),
        }
    }

    /// Removes a half-written output.
    fn abandon(&mut self) {
        if let Sink::Many { partial, .. } = self {
            let _ = std::fs::remove_file(partial);
        }
    }

    fn written(&self) -> Vec<String> {
        match self {
            Sink::Many { destination, .. } => vec![destination.display().to_string()],
            Sink::One { written, .. } => written.clone(),
            Sink::Folder {
                written, folder, ..
            } if written.is_empty() => vec![format!("nothing into {}", folder.display())],
            Sink::Folder { written, .. } => written.clone(),
        }
    }
}

fn partial_path(destination: &Path) -> PathBuf {
    let mut name = destination.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Writes a file through a `.partial` file, so that a failure never leaves
/// half a file under the real name.
fn write_whole(path: &Path, content: &str) -> anyhow::Result<()> {
    let partial = partial_path(path);
    std::fs::write(&partial, content)
        .map_err(|e| anyhow!("cannot write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, path).map_err(|e| anyhow!("cannot write {}: {e}", path.display()))
}
