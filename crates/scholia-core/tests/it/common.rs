//! Fixtures shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

use scholia_core::{
    AnnotatedDocument, Annotation, AttributeValue, Document, Edit, Fragment, Key, Relation, Scheme,
    Snap, Timestamp,
};

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seed article, as shipped in `seeds/`.
pub fn seed_text() -> String {
    let dir = repo_root().join("seeds");
    let entry = std::fs::read_dir(&dir)
        .expect("seeds/ exists")
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .expect("a seed .txt");
    std::fs::read_to_string(entry.path()).unwrap()
}

/// The shared reference folder: `$SCHOLIA_SHARED` when set (so that a run
/// can point it elsewhere, e.g. at a missing folder to check the skip rule),
/// else `../shared` beside the repository.
pub fn shared_root() -> PathBuf {
    match std::env::var_os("SCHOLIA_SHARED") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => repo_root().join("../shared"),
    }
}

/// `<shared>/interop/<sub>` when present (CI has it, a plain clone may not).
/// Without it, a test skips, printing a clear line straight to the process's
/// stderr (`cargo test` hides what `eprintln!` prints from tests that pass,
/// and a skip must show in the run's output). In CI (`CI` set to anything
/// but `false` or `0`, as CI services do) the folder is part of the
/// checkout, so its absence fails the test instead of passing it unseen.
pub fn shared_interop(sub: &str, test: &str) -> Option<PathBuf> {
    let path = shared_root().join("interop").join(sub);
    if path.is_dir() {
        return Some(path);
    }
    let missing = format!(
        "{} is not here (it comes with the shared folder beside the repository)",
        path.display()
    );
    assert!(
        !in_ci(),
        "{test}: {missing}, and CI must run every interop test"
    );
    let line = format!("SKIPPED {test}: {missing}\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    None
}

/// Whether this run is CI's: `CI` set, and not to `false` or `0`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Text that breaks tools counting UTF-16 units or normalising line ends:
/// astral emoji, a ZWJ family, a flag, a combining accent, Persian, CJK,
/// CRLF line ends, a tab, an NBSP and a leading BOM.
pub const HARD_TEXT: &str = "\u{feff}Résumé: the 👩‍👩‍👧 family met in Tirana 🇦🇱.\r\n\
Cafe\u{301} owner said “yes”\tand left.\r\n\
سلام دنیا — رئیس‌جمهور گفت.\r\n\
東京で会議。\u{a0}Done 😀\r\n";

/// Annotates whole words of `text` by the words' text: each `(word, label)`
/// marks the first occurrence of `word`, in the `alice` layer.
pub fn annotate(text: &str, spans: &[(&str, &str)]) -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(Document::new("doc-1", text), Scheme::default_scheme());
    for (i, (word, label)) in spans.iter().enumerate() {
        let byte = text
            .find(word)
            .unwrap_or_else(|| panic!("{word} not in text"));
        let start = text[..byte].chars().count();
        let end = start + word.chars().count();
        let span = doc
            .document()
            .text
            .snap(start, end, Snap::Graphemes)
            .unwrap();
        let mut annotation = Annotation::new(
            Key::new("alice", format!("a{}", i + 1)),
            *label,
            Fragment::new(span.start, span.end),
            Timestamp(1_764_351_373_042 + i as i64),
        );
        if *label == "claim" {
            annotation
                .attributes
                .insert("status".into(), AttributeValue::Text("disputed".into()));
            annotation.note = format!("note on {word}");
        }
        doc.apply(Edit::AddAnnotation(annotation)).unwrap();
    }
    doc
}

/// Adds a relation in the `alice` layer.
pub fn relate(doc: &mut AnnotatedDocument, id: &str, kind: &str, source: &str, target: &str) {
    doc.apply(Edit::AddRelation(Relation {
        key: Key::new("alice", id),
        kind: kind.into(),
        source: source.into(),
        target: target.into(),
        attributes: Default::default(),
        note: String::new(),
        created: Timestamp(1_764_351_400_000),
        modified: Timestamp(1_764_351_400_000),
        foreign_id: None,
    }))
    .unwrap();
}

/// The hard text annotated with overlapping, nested and emoji spans and a
/// discontinuous one, with relations, notes and attributes.
pub fn hard_document() -> AnnotatedDocument {
    let mut doc = annotate(
        HARD_TEXT,
        &[
            ("Résumé", "actor"),
            ("👩‍👩‍👧 family", "actor"),
            ("met in Tirana 🇦🇱", "event"),
            ("Tirana", "actor"),
            ("Cafe\u{301} owner", "actor"),
            ("said “yes”", "claim"),
            ("رئیس‌جمهور", "actor"),
            ("東京で会議", "event"),
            ("Done 😀", "claim"),
        ],
    );
    // A discontinuous span: "Résumé" + "Tirana".
    let mut discontinuous = doc.annotation(&Key::new("alice", "a1")).unwrap().clone();
    let tirana = doc.annotation(&Key::new("alice", "a4")).unwrap().fragments[0];
    discontinuous.key.id = "a10".into();
    discontinuous.fragments.push(tirana);
    doc.apply(Edit::AddAnnotation(discontinuous)).unwrap();
    relate(&mut doc, "r1", "source-of", "a6", "a5");
    relate(&mut doc, "r2", "participant", "a2", "a3");
    relate(&mut doc, "r3", "about", "a9", "a8");
    doc
}

/// Validates JSON against one of the repository's JSON Schemas in `docs/`.
pub fn assert_valid_against(schema_file: &str, json: &str) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("docs").join(schema_file)).unwrap(),
    )
    .unwrap();
    let instance: serde_json::Value = serde_json::from_str(json).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(DocsRetriever)
        .build(&schema)
        .expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_file}: {errors:#?}");
}

/// The time importers give records that carry none, in the tests.
pub const NOW: Timestamp = Timestamp(1_764_351_373_042);

/// Import options naming `file_name`, with [`NOW`].
pub fn import_options(file_name: &str) -> scholia_core::format::ImportOptions {
    scholia_core::format::ImportOptions {
        file_name: file_name.to_string(),
        now: NOW,
        ..Default::default()
    }
}

/// `crates/scholia-core/tests/fixtures/<format>`.
pub fn fixtures(format: &str) -> PathBuf {
    repo_root()
        .join("crates/scholia-core/tests/fixtures")
        .join(format)
}

/// The seed article with two actors, an event, a claim and a relation.
pub fn seed_document() -> AnnotatedDocument {
    let mut doc = annotate(
        &seed_text(),
        &[
            ("Albanian special forces police", "actor"),
            ("Iranian Embassy", "actor"),
            ("forced the door", "event"),
            ("“undeniable evidence”", "claim"),
        ],
    );
    relate(&mut doc, "r1", "participant", "a1", "a3");
    doc
}

/// Pieces of text that break tools counting UTF-16 units or normalising
/// line ends, for generated documents.
pub const HARD_PIECES: &[&str] = &[
    "Tirana",
    "café",
    "Cafe\u{301}",
    "👩‍👩‍👧",
    "🇦🇱",
    "😀",
    "سلام",
    "رئیس‌جمهور",
    "東京",
    " ",
    ", ",
    "\r\n",
    "\n",
    "\t",
    "\u{a0}",
    "\u{feff}",
    "word",
];

/// Text made of [`HARD_PIECES`].
pub fn hard_text_strategy() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop::collection::vec(prop::sample::select(HARD_PIECES), 1..40).prop_map(|p| p.concat())
}

/// Replaces the character at (or just before) `at` with `insert`: how the
/// property tests damage a file.
pub fn damage(text: &mut String, at: proptest::sample::Index, insert: &str) {
    let mut i = at.index(text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    let end = text[i..].chars().next().map_or(i, |c| i + c.len_utf8());
    text.replace_range(i..end, insert);
}

/// Finds the schemas that schemas in docs/ refer to (by their `$id`,
/// `https://scholia.invalid/schema/<file>`) in docs/.
struct DocsRetriever;

impl jsonschema::Retrieve for DocsRetriever {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .strip_prefix("https://scholia.invalid/schema/")
            .ok_or_else(|| format!("{} is not a schema in docs/", uri.as_str()))?;
        let text = std::fs::read_to_string(repo_root().join("docs").join(name))?;
        Ok(serde_json::from_str(&text)?)
    }
}
