//! What opening files means: the one place where the app turns files into
//! documents. Pure: the caller passes fresh ids and does the reading.
//!
//! - A `.txt` or `.md` file is a new document to annotate, read here.
//! - A brat `.ann` chosen together with its `.txt` (and the collection's
//!   `annotation.conf`, if chosen too) is one brat document.
//! - Anything else is an annotation file in a format detected from its
//!   content, read by the formats' worker (`crates/scholia-worker`, through
//!   `library/import.rs`). Its documents come back as Scholia JSON and are
//!   read here ([`from_worker`]) through the same checks as a stored one.

use scholia_core::format::direct;
use scholia_core::{AnnotatedDocument, Document, Error, ErrorKind, Scheme};
use scholia_worker::protocol::Unit;

/// The seed article, opened on first start.
pub const SEED_TEXT: &str = include_str!("../seeds/000_30a6df7a3a6d4c7e.txt");
pub const SEED_ID: &str = "seed-30a6df7a3a6d4c7e";

pub fn seed_document() -> AnnotatedDocument {
    AnnotatedDocument::new(Document::new(SEED_ID, SEED_TEXT), Scheme::default_scheme())
}

/// What the file choosers offer: text, and every format Scholia reads (the
/// worker recognises formats by content, whatever the name).
pub const ACCEPT: &str = ".txt,.md,.markdown,.json,.jsonl,.jsonld,.ann,.conf,text/plain,text/markdown,application/json,application/ld+json";

/// What to do with the files chosen together (indexes into their names).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Plain text: new documents.
    pub texts: Vec<usize>,
    /// Annotation files and brat documents, for the worker.
    pub units: Vec<Unit>,
}

fn extension(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
}

fn is_text(name: &str) -> bool {
    matches!(extension(name).as_deref(), Some("txt" | "md" | "markdown"))
}

/// `alice/doc.ann` → `alice/doc`.
fn without_extension(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with(['/', '\\']) => stem,
        _ => name,
    }
}

fn folder(name: &str) -> &str {
    name.rfind(['/', '\\']).map_or("", |i| &name[..=i])
}

fn is_annotation_conf(name: &str) -> bool {
    name.rsplit(['/', '\\'])
        .next()
        .is_some_and(|base| base.eq_ignore_ascii_case("annotation.conf"))
}

/// Sorts the files chosen together: text files are documents, a `.ann`
/// with the `.txt` of the same name is a brat document (with the
/// `annotation.conf` of its folder, else any chosen), the rest goes to the
/// worker, which recognises formats by content.
pub fn plan(names: &[String]) -> Plan {
    let confs: Vec<usize> = (0..names.len())
        .filter(|&i| is_annotation_conf(&names[i]))
        .collect();
    let mut paired_texts = Vec::new();
    let mut used_confs = Vec::new();
    let mut plan = Plan::default();
    for (i, name) in names.iter().enumerate() {
        if extension(name).as_deref() != Some("ann") {
            continue;
        }
        let stem = without_extension(name);
        let txt = (0..names.len()).find(|&t| {
            extension(&names[t]).as_deref() == Some("txt") && without_extension(&names[t]) == stem
        });
        let Some(txt) = txt else {
            continue;
        };
        let conf = confs
            .iter()
            .copied()
            .find(|&c| folder(&names[c]) == folder(name))
            .or_else(|| confs.first().copied());
        paired_texts.push(txt);
        used_confs.extend(conf);
        plan.units.push(Unit::Brat { ann: i, txt, conf });
    }
    // A W3C file (`.jsonld`) with a `.txt` of the same name, or the only
    // one of each chosen: annotations and the text they were made on (a
    // file from another tool names its text by URL and does not carry it).
    let is_jsonld = |n: &str| extension(n).as_deref() == Some("jsonld");
    let unpaired_texts = |paired: &[usize]| -> Vec<usize> {
        (0..names.len())
            .filter(|&t| extension(&names[t]).as_deref() == Some("txt") && !paired.contains(&t))
            .collect()
    };
    let jsonlds: Vec<usize> = (0..names.len()).filter(|&i| is_jsonld(&names[i])).collect();
    for &i in &jsonlds {
        let stem = without_extension(&names[i]);
        let free = unpaired_texts(&paired_texts);
        let txt = free
            .iter()
            .copied()
            .find(|&t| without_extension(&names[t]) == stem)
            .or_else(|| (jsonlds.len() == 1 && free.len() == 1).then(|| free[0]));
        if let Some(txt) = txt {
            paired_texts.push(txt);
            plan.units.push(Unit::WithText { file: i, txt });
        }
    }
    let brat: Vec<usize> = plan
        .units
        .iter()
        .filter_map(|u| match u {
            Unit::Brat { ann, .. } => Some(*ann),
            Unit::WithText { file, .. } => Some(*file),
            Unit::File { .. } => None,
        })
        .collect();
    for (i, name) in names.iter().enumerate() {
        if brat.contains(&i) || paired_texts.contains(&i) || used_confs.contains(&i) {
            continue;
        }
        if is_text(name) {
            plan.texts.push(i);
        } else {
            plan.units.push(Unit::File { file: i });
        }
    }
    plan
}

/// Reads a text file the user opened (or pasted text) as a new document.
/// Errors name the file.
pub fn read_text_file(name: &str, bytes: &[u8], new_id: &str) -> Result<AnnotatedDocument, Error> {
    let in_file = |e: Error| e.in_file(name);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        in_file(Error::new(ErrorKind::Syntax(format!(
            "it is not UTF-8 text (an invalid byte at position {})",
            e.valid_up_to()
        ))))
    })?;
    if text.is_empty() {
        return Err(in_file(Error::invalid("the file is empty")));
    }
    let mut document = Document::new(new_id, text);
    if extension(name).as_deref() != Some("txt") {
        // A Markdown heading's marks are not part of the title.
        let title = document.title.trim_start_matches('#').trim_start();
        if !title.is_empty() {
            document.title = title.to_string();
        }
    }
    Ok(AnnotatedDocument::new(document, Scheme::default_scheme()))
}

/// Scholia files up to this size are read on the page, where they show
/// sooner than through the worker, which reads and checks the file, writes
/// the document back as JSON, and leaves the page to read that again (a
/// 1.5 MB file of 10,000 annotations: about 0.5 s here against 0.7 s by the
/// worker; the 15 MB of a 5 MB document with 50,000: 1.2 s against 1.8 s,
/// one line of 5 MB 2.0 against 3.2 s, `node bench/run.mjs --sizes 5m`).
/// Larger ones go to the worker, with progress and Cancel.
const READ_HERE_BYTES: f64 = 16_000_000.0;

/// Whether a file is worth trying as Scholia's own file on the page.
pub fn maybe_native(name: &str, size: f64) -> bool {
    size <= READ_HERE_BYTES && matches!(extension(name).as_deref(), Some("json"))
}

/// Reads a file as Scholia's own format, if it is one and every check
/// passes; `None` leaves it to the worker, which reads every format and
/// reports precisely what is wrong.
pub fn read_native(bytes: Vec<u8>) -> Option<(AnnotatedDocument, scholia_core::KnowledgeBase)> {
    // Each annotation is checked and added as it is parsed: the file's
    // records are never all in memory beside the document, nor its text
    // beside the document's. The entities it carries go to the library's
    // knowledge base.
    direct::read_direct_owned_with_entities(bytes).ok()
}

/// A document the worker read, sent as Scholia JSON (UTF-8 bytes): read
/// through every check (text length and checksum, quotes, labels,
/// relations), the file's copy of the text cut out once found.
pub fn from_worker(json: Vec<u8>) -> Result<AnnotatedDocument, Error> {
    direct::read_direct_owned(json)
}

/// [`from_worker`], with the entities the document's links name (their
/// names, aliases and external ids), for the library's knowledge base.
pub fn from_worker_with_entities(
    json: Vec<u8>,
) -> Result<(AnnotatedDocument, scholia_core::KnowledgeBase), Error> {
    direct::read_direct_owned_with_entities(json)
}

/// A title not yet used in the library: `title`, else `title (2)`, `(3)`…
pub fn unused_title<'a>(title: &str, used: impl Iterator<Item = &'a str> + Clone) -> String {
    if !used.clone().any(|t| t == title) {
        return title.to_string();
    }
    (2..)
        .map(|n| format!("{title} ({n})"))
        .find(|candidate| !used.clone().any(|t| t == candidate))
        .unwrap_or_else(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::format::scholia;

    #[test]
    fn the_seed_is_the_shipped_article() {
        let seed = seed_document();
        assert!(seed
            .document()
            .title
            .starts_with("Albanian special forces police"));
        assert_eq!(seed.document().text.as_str(), SEED_TEXT);
    }

    #[test]
    fn txt_files_keep_their_text_exactly() {
        let text = "\u{feff}Café 😀\r\nسلام\r\n";
        let doc = read_text_file("notes.TXT", text.as_bytes(), "id-1").unwrap();
        assert_eq!(doc.document().text.as_str(), text);
        assert_eq!(doc.document().title, "Café 😀");
        assert_eq!(doc.document().id, "id-1");
        // A .txt is text even when it looks like JSON.
        let doc = read_text_file("data.txt", b"{\"format\": \"scholia\"}", "id-2").unwrap();
        assert_eq!(doc.document().text.as_str(), "{\"format\": \"scholia\"}");
    }

    #[test]
    fn markdown_files_are_text_titled_without_heading_marks() {
        let text = "## Report on *Iran*\r\nIran denied it.\n";
        let doc = read_text_file("report.md", text.as_bytes(), "id-3").unwrap();
        assert_eq!(doc.document().text.as_str(), text);
        assert_eq!(doc.document().title, "Report on *Iran*");
    }

    #[test]
    fn bad_text_files_are_refused_with_their_name() {
        let error = read_text_file("latin1.txt", b"caf\xe9", "x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "latin1.txt: the file is not well-formed: it is not UTF-8 text (an invalid byte at position 3)"
        );
        assert!(read_text_file("empty.txt", b"", "x").is_err());
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_w3c_file_and_its_text_chosen_together_are_one_unit() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // By name, beside other files.
        let plan = plan(&names(&[
            "a/letters.jsonld",
            "notes.txt",
            "a/letters.txt",
            "b.jsonld",
        ]));
        assert_eq!(
            plan.units,
            vec![Unit::WithText { file: 0, txt: 2 }, Unit::File { file: 3 }]
        );
        assert_eq!(plan.texts, vec![1]);
        // The only one of each, whatever their names (Recogito's export).
        let plan = plan_of(&["annotations.jsonld", "letter.txt"]);
        assert_eq!(plan.units, vec![Unit::WithText { file: 0, txt: 1 }]);
        assert!(plan.texts.is_empty());
        // A .json is not paired: Scholia's and other tools' JSON carry their text.
        let plan = plan_of(&["doc.json", "doc.txt"]);
        assert_eq!(plan.units, vec![Unit::File { file: 0 }]);
        assert_eq!(plan.texts, vec![1]);
    }

    fn plan_of(list: &[&str]) -> Plan {
        plan(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn text_stays_text_and_a_brat_pair_is_one_document() {
        let chosen = names(&[
            "notes.md",
            "news.ann",
            "annotation.conf",
            "news.txt",
            "other.TXT",
            "tasks.json",
            "lone.ann",
            "corpus.jsonl",
        ]);
        let sorted = plan(&chosen);
        assert_eq!(sorted.texts, vec![0, 4]);
        assert_eq!(
            sorted.units,
            vec![
                Unit::Brat {
                    ann: 1,
                    txt: 3,
                    conf: Some(2)
                },
                Unit::File { file: 5 },
                Unit::File { file: 6 },
                Unit::File { file: 7 },
            ]
        );
        // An annotation.conf without a document goes to the worker, which
        // says what to choose with it.
        assert_eq!(
            plan(&names(&["annotation.conf"])).units,
            vec![Unit::File { file: 0 }]
        );
        // Folders: each .ann takes the annotation.conf of its own folder.
        let sorted = plan(&names(&[
            "a/annotation.conf",
            "b/x.ann",
            "b/x.txt",
            "b/annotation.conf",
            "a/y.ann",
            "a/y.txt",
        ]));
        assert_eq!(
            sorted.units,
            vec![
                Unit::Brat {
                    ann: 1,
                    txt: 2,
                    conf: Some(3)
                },
                Unit::Brat {
                    ann: 4,
                    txt: 5,
                    conf: Some(0)
                },
            ]
        );
    }

    #[test]
    fn documents_from_the_worker_are_checked() {
        let doc = seed_document();
        let json = serde_json::to_vec(&scholia::to_file(&doc)).unwrap();
        assert_eq!(from_worker(json).unwrap(), doc);
        let mut tampered = scholia::to_file(&doc);
        tampered.document.text.push('!');
        let error = from_worker(serde_json::to_vec(&tampered).unwrap()).unwrap_err();
        assert!(error.to_string().contains("length"), "{error}");
        assert!(from_worker(b"{".to_vec()).is_err());
    }

    #[test]
    fn titles_are_made_unique() {
        let used = ["A", "A (2)", "B"];
        assert_eq!(unused_title("A", used.iter().copied()), "A (3)");
        assert_eq!(unused_title("C", used.iter().copied()), "C");
    }
}
