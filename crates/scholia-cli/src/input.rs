//! Reading annotation files for `convert`, `validate` and `stats`: the
//! format detected from name and content, bytes checked as UTF-8 with the
//! position of the first bad byte, JSON Lines read a line at a time (a
//! large file is never held whole), brat's `.txt` found beside its `.ann`.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail};
use scholia_core::format::conll::Encoding;
use scholia_core::format::detect::{self, decode_utf8, decode_utf8_at, Format};
use scholia_core::format::{shared_scheme, ImportOptions, OffsetUnit, Report};
use scholia_core::{AnnotatedDocument, Error, Scheme, Timestamp};

/// How much of a file detection reads before deciding.
const HEAD_BYTES: u64 = 1 << 20;

/// How offsets count, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Offsets {
    /// Unicode code points, as Python tools (spaCy, Prodigy, scripts) and current Label Studio count.
    #[default]
    Codepoints,
    /// UTF-16 code units, as JavaScript tools count (doccano's web annotator, Label Studio of 2021).
    Utf16,
}

impl From<Offsets> for OffsetUnit {
    fn from(offsets: Offsets) -> OffsetUnit {
        match offsets {
            Offsets::Codepoints => OffsetUnit::CodePoints,
            Offsets::Utf16 => OffsetUnit::Utf16,
        }
    }
}

/// How a file's bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputEncoding {
    #[default]
    Utf8,
    /// ISO-8859-1, as the CoNLL-2002 and 2003 corpora are.
    Latin1,
}

/// The options every command that reads files takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReadArgs {
    /// How the input's offsets count, in formats that carry no quoted text
    /// (doccano, spaCy / Prodigy; Label Studio's quotes are checked either way).
    #[arg(long, value_enum, default_value_t = Offsets::Codepoints)]
    pub offsets: Offsets,
    /// The annotator (layer) for everything read, instead of the file's own.
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Move a span whose quoted text disagrees with the document to where the
    /// quote is (each move is reported), instead of refusing the file.
    #[arg(long)]
    pub reanchor: bool,
    /// The document's text, for annotations that do not carry it: a W3C Web
    /// Annotation file from another tool (Recogito's names its text by URL),
    /// or a brat .ann whose .txt is elsewhere. Positions are checked against
    /// the quotes (--reanchor moves a span to its quote).
    #[arg(long, value_name = "FILE")]
    pub text: Option<PathBuf>,
    /// How the input's bytes are written: utf8, or latin1 (ISO-8859-1, as
    /// the CoNLL-2002 and 2003 corpora are).
    #[arg(long, value_enum, default_value_t = InputEncoding::Utf8)]
    pub encoding: InputEncoding,
}

impl ReadArgs {
    pub fn import_options(&self, file_name: &str) -> ImportOptions {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        ImportOptions {
            file_name: file_name.to_string(),
            annotator: self.annotator.clone(),
            offsets: self.offsets.into(),
            reanchor: self.reanchor,
            now: Timestamp(now),
        }
    }
}

/// An open input: its format, and its documents one at a time.
pub struct Input {
    /// The file as named on the command line.
    pub name: String,
    pub format: Format,
    /// What the import said (re-anchored spans, notes), filled as documents are read.
    pub report: Report,
    /// The entities the documents read so far link to (described by the
    /// file where it can), for exports that write links.
    pub knowledge_base: scholia_core::KnowledgeBase,
    documents: Documents,
}

/// A JSON Lines file read a line at a time.
struct Lines {
    reader: BufReader<File>,
    /// Lines read so far.
    line: usize,
    /// Bytes read so far.
    byte: usize,
    buffer: Vec<u8>,
}

impl Lines {
    fn open(path: &Path) -> std::io::Result<Lines> {
        Ok(Lines {
            reader: BufReader::with_capacity(1 << 16, File::open(path)?),
            line: 0,
            byte: 0,
            buffer: Vec::new(),
        })
    }

    /// The next line without its ending (`\n`, or `\r\n`), with its number
    /// and the offset of its first byte in the file.
    fn next(&mut self) -> Option<std::io::Result<(&[u8], usize, usize)>> {
        self.buffer.clear();
        let n = match self.reader.read_until(b'\n', &mut self.buffer) {
            Ok(0) => return None,
            Ok(n) => n,
            Err(e) => return Some(Err(e)),
        };
        self.line += 1;
        let first_byte = self.byte;
        self.byte += n;
        let mut bytes = self.buffer.as_slice();
        if let Some(stripped) = bytes.strip_suffix(b"\n") {
            bytes = stripped.strip_suffix(b"\r").unwrap_or(stripped);
        }
        Some(Ok((bytes, self.line, first_byte)))
    }
}

enum Documents {
    /// JSON Lines, read a line at a time.
    Lines {
        lines: Lines,
        options: ImportOptions,
        index: usize,
        /// The scheme the file's documents share (`shared_scheme`), found
        /// by a first reading of the file; `None` for a single document.
        scheme: Option<Scheme>,
    },
    /// Everything read at once (JSON, brat).
    Read(std::vec::IntoIter<AnnotatedDocument>),
    /// The whole file was refused: the error, once.
    Refused(Option<Error>),
}

impl Input {
    /// Opens a file and detects its format. Errors are sentences naming the file.
    pub fn open(path: &Path, args: &ReadArgs) -> anyhow::Result<Input> {
        let name = path.display().to_string();
        let cannot = |e: std::io::Error| anyhow!("{name}: cannot read it: {e}");
        if args.encoding == InputEncoding::Latin1 {
            return Input::open_latin1(path, args);
        }
        let mut file = File::open(path).map_err(cannot)?;
        let mut head = Vec::new();
        file.by_ref()
            .take(HEAD_BYTES)
            .read_to_end(&mut head)
            .map_err(cannot)?;
        let whole = (head.len() as u64) < HEAD_BYTES;
        // Detection reads the lines before the first byte that is not UTF-8
        // (the head may also end inside a character). In JSON Lines, a bad
        // byte spoils only its own line, reported when that line is read.
        let mut bad_byte = None;
        let head_text = match std::str::from_utf8(&head) {
            Ok(text) => text,
            Err(e) => {
                if whole || e.error_len().is_some() {
                    bad_byte = decode_utf8(&head, &name).err();
                }
                let valid = &head[..e.valid_up_to()];
                let whole_lines = match &bad_byte {
                    Some(_) => valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1),
                    None => valid.len(),
                };
                std::str::from_utf8(&head[..whole_lines]).unwrap_or_default()
            }
        };
        let refuse_bad_byte = |bad_byte: Option<Error>| match bad_byte {
            Some(error) => Err(anyhow::Error::from(error)),
            None => Ok(()),
        };
        if head_text.trim().is_empty() {
            refuse_bad_byte(bad_byte.clone())?;
        }
        let options = args.import_options(&name);
        let streamed_lines = scholia_core::format::detect::first_line_is_a_record(head_text);
        // The whole file, once read.
        let mut all: Option<Vec<u8>> = None;
        let format = match detect::detect(&name, head_text) {
            Ok(format) => format,
            // Pretty-printed JSON needs the whole file to be recognised.
            Err(_) if !whole => {
                let mut bytes = head.clone();
                file.read_to_end(&mut bytes).map_err(cannot)?;
                let format = detect::detect(&name, decode_utf8(&bytes, &name)?)?;
                all = Some(bytes);
                format
            }
            Err(e) => return Err(e.into()),
        };
        let given_text = match &args.text {
            Some(text_path) => Some(read_given_text(&name, format, text_path)?),
            None => None,
        };
        let streamed = format.is_json_lines() && streamed_lines;
        if !streamed {
            refuse_bad_byte(bad_byte)?;
        }
        let documents = if streamed {
            let scheme = shared_scheme_of(path, format, &options).map_err(cannot)?;
            Documents::Lines {
                lines: Lines::open(path).map_err(cannot)?,
                options,
                index: 0,
                scheme,
            }
        } else {
            let bytes = match all {
                Some(bytes) => bytes,
                None => {
                    let mut bytes = head;
                    file.read_to_end(&mut bytes).map_err(cannot)?;
                    bytes
                }
            };
            let content = decode_utf8(&bytes, &name)?;
            let imported = match (format, &given_text) {
                (Format::Brat, Some(text)) => read_brat(path, content, Some(text), &options),
                (Format::Brat, None) => read_brat(path, content, None, &options),
                (_, Some(text)) => detect::import_with_text(format, content, text, &options),
                (_, None) => detect::import(format, content, &options),
            };
            match imported {
                Ok(imported) => {
                    return Ok(Input {
                        name,
                        format,
                        report: with_predictions_said(imported.report, &imported.predictions),
                        knowledge_base: imported.knowledge_base,
                        documents: Documents::Read(imported.documents.into_iter()),
                    })
                }
                Err(error) => Documents::Refused(Some(error)),
            }
        };
        Ok(Input {
            name,
            format,
            report: Report::default(),
            knowledge_base: scholia_core::KnowledgeBase::default(),
            documents,
        })
    }

    /// A latin-1 file: read whole, decoded, then detected and imported.
    fn open_latin1(path: &Path, args: &ReadArgs) -> anyhow::Result<Input> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| anyhow!("{name}: cannot read it: {e}"))?;
        let content = Encoding::Latin1.decode(&bytes, &name)?;
        let format = detect::detect(&name, &content)?;
        let options = args.import_options(&name);
        let imported = match format {
            Format::Brat => read_brat(path, &content, None, &options),
            _ => detect::import(format, &content, &options),
        };
        let (report, knowledge_base, documents) = match imported {
            Ok(imported) => (
                with_predictions_said(imported.report, &imported.predictions),
                imported.knowledge_base,
                Documents::Read(imported.documents.into_iter()),
            ),
            Err(error) => (
                Report::default(),
                scholia_core::KnowledgeBase::default(),
                Documents::Refused(Some(error)),
            ),
        };
        Ok(Input {
            name,
            format,
            report,
            knowledge_base,
            documents,
        })
    }

    /// The next document, or the next problem. After a problem in a JSON
    /// Lines file the following lines can still be read.
    pub fn next_document(&mut self) -> Option<anyhow::Result<AnnotatedDocument>> {
        let next = self.next_read();
        if let Some(Ok(doc)) = &next {
            scholia_core::knowledge::adopt_links(&mut self.knowledge_base, doc);
        }
        next
    }

    fn next_read(&mut self) -> Option<anyhow::Result<AnnotatedDocument>> {
        match &mut self.documents {
            Documents::Read(documents) => documents.next().map(Ok),
            Documents::Refused(error) => error.take().map(|e| Err(e.into())),
            Documents::Lines {
                lines,
                options,
                index,
                scheme,
            } => loop {
                let failed_at = lines.line + 1;
                let (bytes, line, first_byte) = match lines.next()? {
                    Ok(next) => next,
                    Err(e) => {
                        return Some(Err(anyhow!(
                            "{}, line {failed_at}: cannot read it: {e}",
                            self.name
                        )))
                    }
                };
                let text = match decode_utf8_at(bytes, line, first_byte) {
                    Ok(text) => text,
                    Err(e) => return Some(Err(e.in_file(self.name.clone()).into())),
                };
                match detect::import_line(
                    self.format,
                    text,
                    line,
                    *index + 1,
                    options,
                    &mut self.report,
                ) {
                    Ok(None) => continue,
                    Ok(Some(mut document)) => {
                        *index += 1;
                        if let Some(scheme) = scheme {
                            shared_scheme::give(&mut document, scheme);
                        }
                        return Some(Ok(document));
                    }
                    Err(e) => {
                        // The record still counts, so that later records keep their numbers.
                        if !text.trim().is_empty() {
                            *index += 1;
                        }
                        return Some(Err(e.into()));
                    }
                }
            },
        }
    }
}

/// The scheme the documents of a JSON Lines file share, as the app's import
/// gives them (`shared_scheme`): the file is read once for it, its records'
/// errors left to the reading that reports them. `None` for a file of one
/// document, which keeps its own.
fn shared_scheme_of(
    path: &Path,
    format: Format,
    options: &ImportOptions,
) -> std::io::Result<Option<Scheme>> {
    let mut lines = Lines::open(path)?;
    let (mut index, mut documents) = (0, 0_usize);
    // Each distinct scheme once, in the order met.
    let mut schemes: Vec<Scheme> = Vec::new();
    let mut report = Report::default();
    while let Some(next) = lines.next() {
        let (bytes, line, _) = next?;
        let Ok(text) = std::str::from_utf8(bytes) else {
            index += 1;
            continue;
        };
        match detect::import_line(format, text, line, index + 1, options, &mut report) {
            Ok(None) => {}
            Ok(Some(doc)) => {
                index += 1;
                documents += 1;
                if !schemes.contains(doc.scheme()) {
                    schemes.push(doc.scheme().clone());
                }
            }
            Err(_) => index += 1,
        }
    }
    Ok((documents > 1).then(|| shared_scheme::shared(&schemes)))
}

/// The text given with `--text`, for a file of `format` read from `name`:
/// only formats that do not carry their text take one.
fn read_given_text(name: &str, format: Format, text_path: &Path) -> anyhow::Result<String> {
    if !matches!(format, Format::W3c | Format::Brat) {
        bail!(
            "{name}: --text gives the text of annotations that do not carry it (W3C Web Annotation files from other tools, brat .ann files), and this file is {}, which carries its own",
            format.title()
        );
    }
    let text_name = text_path.display().to_string();
    let bytes = std::fs::read(text_path)
        .map_err(|e| anyhow!("{text_name} (the text given with --text): cannot read it: {e}"))?;
    Ok(decode_utf8(&bytes, &text_name)?.to_string())
}

/// A brat document: the `.ann` and the `.txt` beside it (or the text given).
fn read_brat(
    path: &Path,
    ann: &str,
    given_text: Option<&str>,
    options: &ImportOptions,
) -> Result<scholia_core::format::Imported, Error> {
    let text_path: PathBuf = path.with_extension("txt");
    let bytes = match given_text {
        Some(_) => Vec::new(),
        None => std::fs::read(&text_path).map_err(|e| {
            Error::invalid(format!(
                "a brat .ann needs its text beside it (or --text FILE), and {} cannot be read: {e}",
                text_path.display()
            ))
            .in_file(options.file_name.clone())
        })?,
    };
    let text = match given_text {
        Some(text) => text,
        None => decode_utf8(&bytes, &text_path.display().to_string())?,
    };
    // brat looks for annotation.conf beside the document, then in the folders above.
    let conf_path = path
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("annotation.conf"))
        .find(|p| p.is_file());
    let conf_bytes = match &conf_path {
        Some(p) => Some(std::fs::read(p).map_err(|e| {
            Error::invalid(format!("{} cannot be read: {e}", p.display()))
                .in_file(options.file_name.clone())
        })?),
        None => None,
    };
    let conf = match (&conf_bytes, &conf_path) {
        (Some(bytes), Some(p)) => Some(decode_utf8(bytes, &p.display().to_string())?),
        _ => None,
    };
    detect::import_brat(ann, text, conf, options)
}

/// The report, saying that a file's predictions (suggestions, not
/// annotations) are not written by the command line.
fn with_predictions_said(
    mut report: Report,
    predictions: &[Vec<scholia_core::suggest::Suggestion>],
) -> Report {
    let n: usize = predictions.iter().map(Vec::len).sum();
    if n > 0 {
        report.not_represented.push(format!(
            "{n} predicted spans are suggestions, not annotations: the command line does not write them (import the file in the app to review them)"
        ));
    }
    report
}
