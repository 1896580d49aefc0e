//! brat standoff: every document of the shared brat corpora, the fixtures,
//! round trips, and bad input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use scholia_core::format::brat::{self, annotation_conf, split_id, TRIGGER};
use scholia_core::format::{ExportOptions, ImportOptions, Imported};
use scholia_core::{
    AnnotatedDocument, AttributeValue, Document, Edit, ErrorKind, Fragment, Key, KnowledgeBase,
    Scheme, Snap,
};

use crate::common::{self, hard_document, seed_document, shared_interop, NOW};

fn options(file_name: &str) -> ImportOptions {
    common::import_options(file_name)
}

fn fixtures() -> PathBuf {
    common::fixtures("brat")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `annotation.conf` brat would use for a document: the nearest one in
/// its folder or above, up to `root`.
fn nearest_conf(ann: &Path, root: &Path) -> Option<String> {
    let mut dir = ann.parent();
    while let Some(d) = dir {
        let conf = d.join("annotation.conf");
        if conf.is_file() {
            return Some(read(&conf));
        }
        if d == root {
            break;
        }
        dir = d.parent();
    }
    None
}

/// Imports `x.ann` with the `x.txt` beside it, named relative to `root`.
fn import_ann(ann: &Path, root: &Path) -> Imported {
    let txt = read(&ann.with_extension("txt"));
    let name = ann
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .to_string();
    let conf = nearest_conf(ann, root);
    brat::import_pair(&txt, &read(ann), conf.as_deref(), &options(&name))
        .unwrap_or_else(|e| panic!("{name} does not import: {e}"))
}

/// The `.ann` of a document, its entity links written with the knowledge
/// base its import gave.
fn exported_ann(doc: &AnnotatedDocument, kb: &KnowledgeBase) -> String {
    let options = ExportOptions {
        knowledge_base: kb.clone(),
        ..ExportOptions::default()
    };
    let exported = brat::export(doc, &options).unwrap();
    assert_eq!(exported.files[1].extension, ".txt");
    assert_eq!(exported.files[1].content, doc.document().text.as_str());
    assert_eq!(exported.files[0].extension, ".ann");
    exported.files[0].content.clone()
}

fn ann_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            ann_files(&path, found);
        } else if path.extension().is_some_and(|x| x == "ann") {
            found.push(path);
        }
    }
}

/// The normalisations docs/formats.md lists for brat, applied to a `.ann`
/// as another tool wrote it, written independently of the exporter: it
/// works on lines only. Returns the normalised file and the names of the
/// normalisations that changed something.
fn normalise(original: &str) -> (String, Vec<&'static str>) {
    let mut applied = Vec::new();
    // Each line with its place in the original.
    let mut lines: Vec<(usize, String)> = Vec::new();
    for raw in original.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let mut line = raw.to_string();
        // 1. Nothing after a relation's or an event's last argument.
        if line.starts_with(['R', 'E']) && line.trim_end() != line {
            line = line.trim_end().to_string();
            push_once(&mut applied, "trailing whitespace after arguments");
        }
        // 2. Legacy modifier lines are attribute lines.
        if line.starts_with('M') {
            line.replace_range(..1, "A");
            push_once(&mut applied, "M written as A");
        }
        lines.push((lines.len(), line));
    }
    let id = |line: &str| line.split('\t').next().unwrap_or_default().to_string();
    let number = |line: &str| split_id(&id(line)).map_or(u64::MAX, |(_, n)| n);
    // 3. Line order: T, E, R by id number, `*` as found, then A, N, # by
    //    what they attach to (in that order) and their type.
    let mut ordered: Vec<(usize, String)> = Vec::new();
    for prefix in ['T', 'E', 'R'] {
        let mut these: Vec<&(usize, String)> = lines
            .iter()
            .filter(|(_, l)| l.starts_with(prefix))
            .collect();
        these.sort_by_key(|(_, l)| (number(l), id(l)));
        ordered.extend(these.into_iter().cloned());
    }
    let rank: BTreeMap<String, usize> = ordered
        .iter()
        .enumerate()
        .map(|(i, (_, l))| (id(l), i))
        .collect();
    ordered.extend(lines.iter().filter(|(_, l)| l.starts_with('*')).cloned());
    let mut renumbered = false;
    for prefix in ['A', 'N', '#'] {
        let mut these: Vec<(usize, String, usize, String)> = lines
            .iter()
            .filter(|(_, l)| l.starts_with(prefix))
            .map(|(i, l)| {
                let data = l.split('\t').nth(1).unwrap_or_default();
                let mut words = data.split(' ');
                let kind = words.next().unwrap_or_default().to_string();
                let target = words.next().unwrap_or_default();
                let rank = rank.get(target).copied().unwrap_or(usize::MAX);
                (rank, kind, *i, l.clone())
            })
            .collect();
        these.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        for (n, (_, _, i, line)) in these.into_iter().enumerate() {
            // 4. Attribute, normalization and note ids numbered in order.
            let (old, rest) = line.split_once('\t').unwrap();
            let new = format!("{prefix}{}", n + 1);
            renumbered |= old != new;
            ordered.push((i, format!("{new}\t{rest}")));
        }
    }
    if ordered.windows(2).any(|w| w[0].0 > w[1].0) {
        applied.push("line order");
    }
    if renumbered {
        applied.push("A, N and # ids numbered in order");
    }
    let out: String = ordered.iter().map(|(_, l)| format!("{l}\n")).collect();
    if out != original && applied.is_empty() {
        applied.push("blank lines and the final line break");
    }
    (out, applied)
}

fn push_once(list: &mut Vec<&'static str>, item: &'static str) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Annotations and relations as brat can carry them, independent of ids.
type Views = (
    Vec<(
        String,
        Vec<Fragment>,
        BTreeMap<String, AttributeValue>,
        String,
    )>,
    Vec<(String, String, String)>,
);

fn views(doc: &AnnotatedDocument) -> Views {
    let describe = |layer: &str, id: &str| {
        let a = doc.annotation(&Key::new(layer, id)).unwrap();
        format!("{}@{:?}", a.label, a.fragments)
    };
    let mut annotations: Vec<_> = doc
        .annotations()
        .map(|a| {
            (
                a.label.to_string(),
                a.fragments.clone(),
                a.attributes.clone(),
                a.note.clone(),
            )
        })
        .collect();
    annotations.sort();
    let mut relations: Vec<_> = doc
        .relations()
        .map(|r| {
            (
                r.kind.clone(),
                describe(&r.key.layer, &r.source),
                describe(&r.key.layer, &r.target),
            )
        })
        .collect();
    relations.sort();
    (annotations, relations)
}

#[test]
fn every_document_of_the_shared_brat_corpora_imports_and_reexports() {
    let Some(root) = shared_interop("brat", "brat corpora") else {
        return;
    };
    let mut anns = Vec::new();
    ann_files(&root, &mut anns);
    assert!(
        anns.len() >= 50,
        "expected the brat corpora, found {} .ann files",
        anns.len()
    );
    let (mut identical, mut normalised) = (0, 0);
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut n_annotations, mut n_relations) = (0, 0);
    for ann in &anns {
        let name = ann.strip_prefix(&root).unwrap().display().to_string();
        let imported = import_ann(ann, &root);
        let doc = &imported.documents[0];
        let original = read(ann);
        // Nothing dropped: every id'd record is there, under its brat id.
        for line in original.lines().filter(|l| l.starts_with(['T', 'E', 'R'])) {
            let id = line.split('\t').next().unwrap();
            let found = doc
                .annotations()
                .any(|a| a.foreign_id.as_deref() == Some(id))
                || doc.relations().any(|r| r.key.id == id);
            assert!(found, "{name}: {id} was not imported");
        }
        n_annotations += doc.annotations().len();
        n_relations += doc.relations().len();
        let layer = ann.parent().unwrap().file_name().unwrap().to_string_lossy();
        assert!(
            doc.layers().iter().all(|l| *l == layer),
            "{name}: layers {:?}",
            doc.layers()
        );

        let exported = exported_ann(doc, &imported.knowledge_base);
        let (expected, applied) = normalise(&original);
        assert_eq!(
            exported, expected,
            "{name}: the export differs beyond the normalisations"
        );
        if exported == original {
            identical += 1;
        } else {
            normalised += 1;
            for n in applied {
                *tally.entry(n).or_default() += 1;
            }
        }
        // And the export reads back to the same annotations and relations.
        let again = brat::import_pair(
            doc.document().text.as_str(),
            &exported,
            nearest_conf(ann, &root).as_deref(),
            &options(&name),
        )
        .unwrap();
        assert_eq!(views(&again.documents[0]), views(doc), "{name}");
        let keys = |d: &AnnotatedDocument| {
            (
                d.annotations().map(|a| a.key.clone()).collect::<Vec<_>>(),
                d.relations().map(|r| r.key.clone()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(keys(&again.documents[0]), keys(doc), "{name}: ids changed");
    }
    println!(
        "brat corpora: {} documents imported ({n_annotations} annotations, {n_relations} relations); \
         {identical} re-exported byte-identical, {normalised} identical after normalisations {tally:?}",
        anns.len()
    );
}

#[test]
fn conll_2002_spanish_offsets_are_code_points_and_land_on_whole_words() {
    let Some(root) = shared_interop("brat", "CoNLL-2002 Spanish offsets") else {
        return;
    };
    let dir = root.join("corpora/CoNLL-ST_2002/esp");
    let mut anns = Vec::new();
    ann_files(&dir, &mut anns);
    assert_eq!(anns.len(), 10);
    let (mut spans, mut after_non_ascii, mut bytes_would_fail) = (0, 0, 0);
    for ann in &anns {
        let text = read(&ann.with_extension("txt"));
        let chars: Vec<char> = text.chars().collect();
        let doc = &import_ann(ann, &root).documents[0];
        for line in read(ann).lines() {
            let (id, rest) = line.split_once('\t').unwrap();
            let (head, quoted) = rest.split_once('\t').unwrap();
            let mut words = head.split(' ');
            let (_, start, end) = (
                words.next(),
                words.next().unwrap().parse::<usize>().unwrap(),
                words.next().unwrap().parse::<usize>().unwrap(),
            );
            // The .ann's own text is the .txt's code points at the offsets…
            let slice: String = chars[start..end].iter().collect();
            assert_eq!(slice, quoted, "{}: {id}", ann.display());
            // …on whole words: neither side continues a word.
            let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
            assert!(
                !word(start.checked_sub(1).and_then(|i| chars.get(i))),
                "{id} starts mid-word"
            );
            assert!(!word(chars.get(end)), "{id} ends mid-word");
            // …and the import put the span exactly there.
            let a = doc
                .annotations()
                .find(|a| a.foreign_id.as_deref() == Some(id))
                .unwrap();
            assert_eq!(a.fragments, [Fragment::new(start, end)]);
            assert_eq!(doc.quotes(a), [quoted]);
            spans += 1;
            if chars[..start].iter().any(|c| !c.is_ascii()) {
                after_non_ascii += 1;
                // Read as UTF-8 byte offsets, the same numbers miss the word.
                let as_bytes = text.get(start..end);
                if as_bytes != Some(quoted) {
                    bytes_would_fail += 1;
                }
            }
        }
    }
    assert!(after_non_ascii > 100, "{after_non_ascii}");
    assert_eq!(bytes_would_fail, after_non_ascii);
    println!(
        "CoNLL-2002 Spanish: {spans} spans checked; {after_non_ascii} follow accented letters and would miss their word as byte offsets"
    );
}

fn fixture() -> (String, String, String) {
    let dir = fixtures();
    (
        read(&dir.join("alice/news.txt")),
        read(&dir.join("alice/news.ann")),
        read(&dir.join("annotation.conf")),
    )
}

#[test]
fn the_fixture_keeps_every_kind_of_line_and_reexports_byte_identical() {
    let (txt, ann, conf) = fixture();
    let imported =
        brat::import_pair(&txt, &ann, Some(&conf), &options("brat/alice/news.ann")).unwrap();
    let doc = &imported.documents[0];
    let get = |id: &str| doc.annotation(&Key::new("alice", id)).unwrap();
    assert_eq!(doc.document().id, "news");
    assert_eq!(doc.layers(), ["alice"]);

    // Offsets are code points: the family emoji is 5 code points (8 UTF-16 units).
    assert_eq!(get("T2").fragments, [Fragment::new(13, 25)]);
    assert_eq!(doc.quotes(get("T2")), ["👩‍👩‍👧 family"]);
    // A discontinuous span.
    assert_eq!(doc.quotes(get("T9")), ["Rama", "Berisha"]);
    assert_eq!(get("T9").foreign_id.as_deref(), Some("T9"));
    // Events: the event on its trigger's text, a trigger relation, arguments in order.
    let e1 = get("E1");
    assert_eq!(
        (e1.label.as_str(), e1.fragments.clone()),
        ("Meet", get("T4").fragments.clone())
    );
    let rel = |id: &str| doc.relation(&Key::new("alice", id)).unwrap();
    assert_eq!(
        (
            rel("E1.trigger").kind.as_str(),
            rel("E1.trigger").target.as_str()
        ),
        (TRIGGER, "T4")
    );
    let args: Vec<(&str, &str)> = ["E1.1", "E1.2", "E1.3"]
        .iter()
        .map(|k| (rel(k).kind.as_str(), rel(k).target.as_str()))
        .collect();
    assert_eq!(
        args,
        [
            ("Person-Arg", "T1"),
            ("Person-Arg2", "T2"),
            ("Place-Arg", "T3")
        ]
    );
    assert_eq!(rel("E3.2").target, "E2", "an event as an argument");
    // Relations, with roles other than Arg1/Arg2 kept.
    assert_eq!(
        (rel("R1").source.as_str(), rel("R1").target.as_str()),
        ("T1", "T3")
    );
    assert_eq!(
        rel("R2").attributes.get("brat:roles"),
        Some(&AttributeValue::Text("Anaphor Antecedent".into()))
    );
    // An equivalence as a chain of relations.
    assert_eq!(
        (
            rel("*1.1").kind.as_str(),
            rel("*1.1").source.as_str(),
            rel("*1.1").target.as_str()
        ),
        ("Equiv", "T1", "T9")
    );
    // Attributes, notes (two joined), typed notes and normalizations.
    assert_eq!(
        get("E1").attributes["Confidence"],
        AttributeValue::Text("High".into())
    );
    assert_eq!(
        get("E2").attributes["Speculation"],
        AttributeValue::Flag(true)
    );
    assert_eq!(get("E3").attributes["Negation"], AttributeValue::Flag(true));
    assert_eq!(get("T2").note, "Which family?\nCheck the source.");
    assert_eq!(
        get("T5").attributes["Lemma"],
        AttributeValue::Text(" café owner".into())
    );
    // A normalization is the annotation's entity link; the entity is in
    // the import's knowledge base, named by the line's text.
    assert_eq!(get("T3").entity.as_deref(), Some("Wikipedia:3345"));
    let tirana = imported.knowledge_base.entity("Wikipedia:3345").unwrap();
    assert_eq!(tirana.name, "Tirana");
    assert_eq!(tirana.external_ids, ["Wikipedia:3345"]);
    assert_eq!(imported.knowledge_base.name, "Wikipedia");
    // The scheme: annotation.conf's types, in its order.
    let labels: Vec<&str> = doc.scheme().labels.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(labels, ["Person", "GPE", "Meet", "Statement", "Deny"]);
    assert!(
        !imported
            .report
            .notes
            .iter()
            .any(|n| n.contains("not declared")),
        "Person-Arg2 is the second Person-Arg: {:?}",
        imported.report
    );
    assert!(
        imported
            .report
            .notes
            .iter()
            .any(|n| n.starts_with("3 events (E)")),
        "{:?}",
        imported.report
    );

    assert_eq!(
        exported_ann(doc, &imported.knowledge_base),
        ann,
        "the fixture is written in Scholia's order"
    );
}

#[test]
fn the_layer_is_the_folder_unless_an_annotator_is_given() {
    let (txt, ann, _) = fixture();
    let layer = |name: &str, annotator: Option<&str>| {
        let mut o = options(name);
        o.annotator = annotator.map(str::to_string);
        brat::import_pair(&txt, &ann, None, &o).unwrap().documents[0].layers()[0].to_string()
    };
    assert_eq!(layer("corpus/bob/news.ann", None), "bob");
    assert_eq!(layer("C:\\corpus\\carol\\news.ann", None), "carol");
    assert_eq!(layer("news.ann", None), "news");
    assert_eq!(layer("corpus/bob/news.ann", Some("dora")), "dora");
}

#[test]
fn without_annotation_conf_types_come_from_the_ann() {
    let (txt, ann, _) = fixture();
    let imported = brat::import_pair(&txt, &ann, None, &options("alice/news.ann")).unwrap();
    let scheme = imported.documents[0].scheme();
    let labels: Vec<&str> = scheme.labels.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(labels, ["Person", "GPE", "Meet", "Statement", "Deny"]);
    assert!(scheme.relation_type("Located").is_some());
    assert!(scheme.relation_type("Person-Arg2").is_some());
    assert!(scheme.relation_type(TRIGGER).is_some());
    assert_eq!(
        scheme.attribute("Confidence").unwrap().kind,
        scholia_core::AttributeKind::Choice(vec!["High".into()])
    );
    assert_eq!(
        scheme.attribute("Negation").unwrap().kind,
        scholia_core::AttributeKind::Flag
    );
}

#[test]
fn undeclared_types_and_values_join_the_scheme_and_are_reported() {
    let (txt, ann, conf) = fixture();
    let ann = ann
        .replace("T3\tGPE", "T3\tCity")
        .replace("Confidence E1 High", "Confidence E1 Certain");
    let imported = brat::import_pair(&txt, &ann, Some(&conf), &options("alice/news.ann")).unwrap();
    let note = imported
        .report
        .notes
        .iter()
        .find(|n| n.contains("not declared"))
        .unwrap();
    assert!(
        note.contains("type “City”") && note.contains("value “Certain”"),
        "{note}"
    );
    assert!(imported.documents[0].scheme().label("City").is_some());
}

#[test]
fn legacy_m_lines_trailing_tabs_and_shuffled_lines_are_normalised() {
    let (txt, ann, conf) = fixture();
    let mut lines: Vec<String> = ann.lines().map(str::to_string).collect();
    lines.rotate_left(9);
    let shuffled = lines
        .join("\n")
        .replace("A2\tSpeculation", "M1\tSpeculation")
        .replace(
            "R1\tLocated Arg1:T1 Arg2:T3",
            "R1\tLocated Arg1:T1 Arg2:T3\t",
        )
        + "\n";
    let imported =
        brat::import_pair(&txt, &shuffled, Some(&conf), &options("alice/news.ann")).unwrap();
    let exported = exported_ann(&imported.documents[0], &imported.knowledge_base);
    assert_eq!(exported, ann);
    let (normalised, applied) = normalise(&shuffled);
    assert_eq!(normalised, ann);
    assert_eq!(
        applied,
        [
            "trailing whitespace after arguments",
            "M written as A",
            "line order",
            "A, N and # ids numbered in order"
        ]
    );
}

#[test]
fn the_hard_text_and_the_seed_round_trip_through_brat() {
    for doc in [hard_document(), seed_document()] {
        let exported = brat::export(&doc, &ExportOptions::default()).unwrap();
        let conf = annotation_conf(&doc);
        let back = brat::import_pair(
            &exported.files[1].content,
            &exported.files[0].content,
            Some(&conf),
            &options("alice/doc.ann"),
        )
        .unwrap();
        let back = &back.documents[0];
        assert_eq!(back.document().text, doc.document().text);
        assert_eq!(views(back), views(&doc));
        // The scheme's types and attribute values survive through annotation.conf.
        for label in &doc.scheme().labels {
            assert!(back.scheme().label(&label.id).is_some(), "{}", label.id);
        }
        for kind in &doc.scheme().relation_types {
            assert!(
                back.scheme().relation_type(&kind.id).is_some(),
                "{}",
                kind.id
            );
        }
        assert_eq!(
            back.scheme().attribute("status").unwrap().kind,
            doc.scheme().attribute("status").unwrap().kind
        );
        assert!(exported
            .report
            .not_represented
            .iter()
            .any(|n| n.contains("no creation or modification times")));
    }
}

#[test]
fn exports_choose_one_layer_and_report_what_brat_cannot_hold() {
    let mut doc = hard_document();
    let mut bob = doc.annotation(&Key::new("alice", "a1")).unwrap().clone();
    bob.key = Key::new("bob", "b1");
    bob.note = "line one\r\nline two".into();
    doc.apply(Edit::AddAnnotation(bob)).unwrap();
    let error = brat::export(&doc, &ExportOptions::default()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("several layers (“alice”, “bob”): choose one"),
        "{error}"
    );
    let error = brat::export(
        &doc,
        &ExportOptions {
            layer: Some("carol".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("there is no layer “carol”"),
        "{error}"
    );
    let exported = brat::export(
        &doc,
        &ExportOptions {
            layer: Some("bob".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        exported.files[0].content,
        "T1\tactor 1 7\tRésumé\n#1\tAnnotatorNotes T1\tline one\n#2\tAnnotatorNotes T1\tline two\n"
    );
    let report = exported.report.not_represented.join("\n");
    assert!(
        report.contains("the layers “alice” are not in this file"),
        "{report}"
    );
    assert!(report.contains("carriage returns"), "{report}");
}

#[test]
fn spans_across_line_breaks_are_split_and_reported() {
    let text = "First line\r\nsecond line\n";
    let mut doc = AnnotatedDocument::new(Document::new("d", text), Scheme::default_scheme());
    doc.apply(Edit::AddAnnotation(scholia_core::Annotation::new(
        Key::new("alice", "a1"),
        "claim",
        Fragment::new(6, 18),
        NOW,
    )))
    .unwrap();
    let exported = brat::export(&doc, &ExportOptions::default()).unwrap();
    assert_eq!(
        exported.files[0].content,
        "T1\tclaim 6 10;12 18\tline second\n"
    );
    assert!(exported
        .report
        .not_represented
        .iter()
        .any(|n| n.contains("crosses a line break")));
    let back = brat::import_pair(
        text,
        &exported.files[0].content,
        None,
        &options("alice/d.ann"),
    )
    .unwrap();
    let a = back.documents[0]
        .annotation(&Key::new("alice", "T1"))
        .unwrap();
    assert_eq!(a.fragments, [Fragment::new(6, 10), Fragment::new(12, 18)]);
}

/// Imports the fixture with `ann` as its `.ann`, expecting an error.
fn error_for(ann: &str) -> (ErrorKind, String) {
    let (txt, _, conf) = fixture();
    let error = brat::import_pair(&txt, ann, Some(&conf), &options("alice/news.ann"))
        .expect_err("the damaged file must be refused");
    (error.kind.clone(), error.to_string())
}

#[test]
fn every_import_error_names_the_file_line_record_and_field() {
    let cases: &[(&str, &str)] = &[
        ("T1\tPerson 0 4\tRoma\n", "alice/news.ann, line 1, text-bound annotation “T1”, field “text”: the quoted text “Roma” does not match the document, which reads “Rama” there"),
        ("T1\tPerson 0 400\tRama\n", "line 1, text-bound annotation “T1”, field “offsets[0]”: the span 0–400 reaches outside the text, which has 93 characters"),
        ("T1\tPerson 4 0\tRama\n", "field “offsets[0]”: the span 4–0 ends before it starts"),
        ("T1\tPerson 0 x\tRama\n", "line 1, text-bound annotation “T1”, field “offsets[0]”: “0 x” is not a start and an end offset"),
        ("T1\tPerson 0 4;\tRama\n", "field “offsets[1]”: “” is not a start and an end offset"),
        ("T1\tPerson 13 14\t👩\n", "field “fragments[0].end”: offset 14 falls inside a character"),
        ("T1\tPerson 2 2\t\n", "field “fragments[0]”: the fragment 2–2 is empty or reversed"),
        ("T1\tPerson 0 4\tRama\nT1\tPerson 0 4\tRama\n", "line 2, text-bound annotation “T1”, field “id”: the id “T1” is used twice"),
        ("T1 Person 0 4 Rama\n", "line 1: the file is not well-formed: “T1 Person 0 4 Rama” is not a brat line"),
        ("X1\tPerson 0 4\n", "line 1, annotation “X1”, field “id”: brat has no annotation kind “X”"),
        ("1\tPerson 0 4\n", "line 1, field “id”: “1” is not a brat id"),
        ("T1\tPerson 0 4\tRama\nR1\tLocated Arg1:T1 Arg2:T99\n", "line 2, relation “R1”, field “target”: no annotation has the id “T99” in this layer"),
        ("T1\tPerson 0 4\tRama\nR1\tLocated Arg1:T1\n", "line 2, relation “R1”, field “arguments”: a relation has exactly two arguments, not 1"),
        ("T1\tPerson 0 4\tRama\nR1\tLocated Arg1:T1 Arg2=T1\n", "field “arguments[1]”: “Arg2=T1” is not ROLE:ID"),
        ("T1\tPerson 0 4\tRama\nR1\tLocated Arg1:T1 Arg2:T1\n", "relation “R1”, field “target”: a relation cannot link an annotation to itself"),
        ("T1\tPerson 0 4\tRama\nA1\tNegation T99\n", "line 2, attribute “A1”, field “target”: no annotation has the id “T99” in this layer"),
        ("T1\tPerson 0 4\tRama\nA1\tNegation T1 yes\n", "line 2, attribute “A1”, field “value”: the attribute “Negation” is binary"),
        ("T1\tPerson 0 4\tRama\nA1\tConfidence T1\n", "field “value”: the attribute “Confidence” takes a value (one of: High, Neutral, Low)"),
        ("T1\tPerson 0 4\tRama\nA1\tNegation T1\nA2\tNegation T1\n", "line 3, attribute “A2”, field “type”: “T1” already has the attribute “Negation”"),
        ("T1\tPerson 0 4\tRama\nE1\tMeet:T9 Person-Arg:T1\n", "line 2, event “E1”, field “trigger”: no annotation has the id “T9”"),
        ("T1\tPerson 0 4\tRama\nE1\tMeet T1\n", "field “trigger”: “Meet” is not TYPE:TRIGGER"),
        ("T1\tPerson 0 4\tRama\nT4\tMeet 5 8\tmet\nE1\tMeet:T4 Person-Arg:T7\n", "line 3, event “E1”, field “arguments[0]”: no annotation has the id “T7”"),
        ("T1\tPerson 0 4\tRama\nN1\tReference T1 Wikipedia\n", "line 2, normalization “N1”, field “reference”: “Reference T1 Wikipedia” is not TYPE TARGET DATABASE:ID"),
        ("T1\tPerson 0 4\tRama\n#1\tAnnotatorNotes\tno target\n", "line 2, note “#1”, field “target”: “AnnotatorNotes” is not TYPE TARGET"),
        ("T1\tPerson 0 4\tRama\n*\tEquiv T1\n", "line 2, equivalence, field “members”: “Equiv T1” is not TYPE ID1 ID2…"),
        ("T1\tPerson 0 4\tRama\nT2\tPerson 74 81\tBerisha\n*\tEquiv T1 T2 T3\n", "line 3, equivalence, field “members[2]”: no annotation has the id “T3”"),
        ("T1\tPerson 0 4\tRama\n#1\tLemma T1\tx\nA1\tLemma T1\n", "line 3, attribute “A1”, field “type”: “Lemma” is used both as a note type and as an attribute"),
    ];
    for (ann, expected) in cases {
        let (_, message) = error_for(ann);
        assert!(
            message.contains(expected),
            "for {ann:?}\nexpected …{expected}…\n     got {message}"
        );
    }
    // annotation.conf errors name that file.
    let (txt, ann, _) = fixture();
    let error = brat::import_pair(
        &txt,
        &ann,
        Some("[entities]\n|\n"),
        &options("corpus/alice/news.ann"),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("corpus/alice/annotation.conf, line 2, field “type”"),
        "{error}"
    );
}

#[test]
fn bytes_that_are_not_utf8_name_the_file_line_and_column() {
    let (txt, ann, conf) = fixture();
    let o = options("corpus/alice/news.ann");
    let good =
        brat::import_pair_bytes(txt.as_bytes(), ann.as_bytes(), Some(conf.as_bytes()), &o).unwrap();
    assert_eq!(
        good,
        brat::import_pair(&txt, &ann, Some(&conf), &o).unwrap()
    );

    let mut bad_ann = ann.clone().into_bytes();
    bad_ann.insert(ann.find("T2\t").unwrap() + 3, 0xff);
    let error = brat::import_pair_bytes(txt.as_bytes(), &bad_ann, None, &o).unwrap_err();
    assert_eq!(
        error.to_string(),
        "corpus/alice/news.ann, line 2: the file is not well-formed: byte 22 (0xff, at column 4) \
         is not valid UTF-8: save the file as UTF-8"
    );
    let latin1: Vec<u8> = "Rama\nCaf\u{e9} owners".chars().map(|c| c as u8).collect();
    let error = brat::import_pair_bytes(&latin1, ann.as_bytes(), None, &o).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("corpus/alice/news.txt, line 2: "),
        "{error}"
    );
    assert!(error.to_string().contains("column 4"), "{error}");
    let error = brat::import_pair_bytes(
        txt.as_bytes(),
        ann.as_bytes(),
        Some(b"[entities]\n\xe9"),
        &o,
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("corpus/alice/annotation.conf, line 2: "),
        "{error}"
    );
}

#[test]
fn mismatched_text_is_refused_or_reanchored_and_reported() {
    let (txt, _, conf) = fixture();
    // Offsets one code point off (as a UTF-16 counting tool would give after the emoji).
    let ann = "T1\tGPE 32 38\tTirana\nT2\tPerson 1 5;75 82\tRama Berisha\n";
    let (kind, message) = error_for(ann);
    assert!(matches!(kind, ErrorKind::QuoteMismatch { .. }), "{message}");
    let mut o = options("alice/news.ann");
    o.reanchor = true;
    let imported = brat::import_pair(&txt, ann, Some(&conf), &o).unwrap();
    let doc = &imported.documents[0];
    assert_eq!(
        doc.annotation(&Key::new("alice", "T1")).unwrap().fragments,
        [Fragment::new(29, 35)]
    );
    assert_eq!(
        doc.annotation(&Key::new("alice", "T2")).unwrap().fragments,
        [Fragment::new(0, 4), Fragment::new(74, 81)]
    );
    assert_eq!(
        imported.report.reanchored,
        [
            "line 1: “T1” “Tirana” moved from 32–38 to 29–35",
            "line 2: “T2” “Rama Berisha” moved from 1–5, 75–82 to 0–4, 74–81",
        ]
    );
    // Offsets past the end are re-anchored too; text found nowhere is refused.
    let imported = brat::import_pair(&txt, "T1\tGPE 300 306\tTirana\n", None, &o).unwrap();
    assert_eq!(imported.report.reanchored.len(), 1);
    let error = brat::import_pair(&txt, "T1\tGPE 29 35\tTehran\n", None, &o).unwrap_err();
    assert!(
        error.to_string().contains(
            "line 1, text-bound annotation “T1”, field “text”: the text “Tehran” occurs nowhere"
        ),
        "{error}"
    );
}

#[test]
fn truncated_and_large_files_fail_cleanly() {
    let (txt, ann, conf) = fixture();
    // Cut at every byte: a clean error or a shorter document, never a panic.
    for cut in 0..ann.len() {
        if let Some(part) = ann.get(..cut) {
            let _ = brat::import_pair(&txt, part, Some(&conf), &options("alice/news.ann"));
        }
    }
    // A 50 MB .ann that is one unbroken line is refused at line 1 quickly.
    let huge = "x".repeat(50 * 1024 * 1024);
    let error = brat::import_pair(&txt, &huge, None, &options("alice/big.ann")).unwrap_err();
    assert_eq!(error.line, Some(1));
    // A 50 MB text with annotations near its end imports.
    let mut big_text = "lorem ipsum ".repeat(50 * 1024 * 1024 / 12);
    let start = big_text.chars().count();
    big_text.push_str("Tirana 🇦🇱\n");
    let big_ann = format!("T1\tGPE {start} {}\tTirana\n", start + 6);
    let imported = brat::import_pair(&big_text, &big_ann, None, &options("alice/big.ann")).unwrap();
    assert_eq!(imported.documents[0].annotations().len(), 1);
}

fn generated_document() -> impl Strategy<Value = AnnotatedDocument> {
    let text = common::hard_text_strategy();
    (
        text,
        prop::collection::vec(
            (any::<u16>(), any::<u16>(), 0usize..3, any::<bool>()),
            0..12,
        ),
    )
        .prop_map(|(text, spans)| {
            let mut doc =
                AnnotatedDocument::new(Document::new("gen", &text), Scheme::default_scheme());
            let labels = ["actor", "event", "claim"];
            let len = doc.document().text.len();
            for (i, (a, b, label, noted)) in spans.into_iter().enumerate() {
                let (a, b) = (a as usize % (len + 1), b as usize % (len + 1));
                let Some(span) = doc
                    .document()
                    .text
                    .snap(a.min(b), a.max(b), Snap::Graphemes)
                else {
                    continue;
                };
                // Keep spans within a line: brat splits spans at line breaks.
                let slice = doc.document().text.slice(span.start, span.end);
                if span.is_empty() || slice.contains(['\r', '\n']) {
                    continue;
                }
                let mut annotation = scholia_core::Annotation::new(
                    Key::new("alice", format!("g{i}")),
                    labels[label],
                    Fragment::new(span.start, span.end),
                    NOW,
                );
                if noted {
                    annotation.note = format!("note {i}\nsecond line");
                }
                if labels[label] == "claim" {
                    annotation
                        .attributes
                        .insert("status".into(), AttributeValue::Text("verified".into()));
                }
                if labels[label] == "event" && noted {
                    annotation
                        .attributes
                        .insert("negated".into(), AttributeValue::Flag(true));
                }
                let _ = doc.apply(Edit::AddAnnotation(annotation));
            }
            let keys: Vec<Key> = doc.annotations().map(|a| a.key.clone()).collect();
            for (i, pair) in keys.windows(2).enumerate() {
                let relation = scholia_core::Relation {
                    key: Key::new("alice", format!("r{i}")),
                    kind: "about".into(),
                    source: pair[0].id.to_string(),
                    target: pair[1].id.to_string(),
                    attributes: Default::default(),
                    note: String::new(),
                    created: NOW,
                    modified: NOW,
                    foreign_id: None,
                };
                let _ = doc.apply(Edit::AddRelation(relation));
            }
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_round_trip_through_brat(doc in generated_document()) {
        let exported = brat::export(&doc, &ExportOptions::default()).unwrap();
        let back = brat::import_pair(
            &exported.files[1].content,
            &exported.files[0].content,
            Some(&annotation_conf(&doc)),
            &options("alice/gen.ann"),
        ).unwrap();
        prop_assert_eq!(views(&back.documents[0]), views(&doc));
        // And the export of the re-import is the same file.
        let again = brat::export(&back.documents[0], &ExportOptions::default()).unwrap();
        prop_assert_eq!(&again.files[0].content, &exported.files[0].content);
    }

    #[test]
    fn arbitrary_ann_lines_never_panic(
        txt in "(Rama|👩‍👩‍👧|e\u{301}|\r\n| |x){0,30}",
        lines in prop::collection::vec(
            "(T|R|E|A|M|N|#|\\*|X)[0-9]{0,2}\t([A-Za-z:\\-]{0,6}( |;|:|\t)?[0-9A-Za-z:;\\-]{0,4} ?){0,5}(\t.{0,8})?",
            0..12,
        ),
        conf in prop::option::of("(\\[(entities|events|attributes|relations)\\]\n|[A-Za-z!<>=|:, \t\\-]{0,20}\n){0,6}"),
        reanchor in any::<bool>(),
    ) {
        let mut o = options("alice/any.ann");
        o.reanchor = reanchor;
        let _ = brat::import_pair(&txt, &lines.join("\n"), conf.as_deref(), &o);
    }

    #[test]
    fn mutated_fixture_files_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(&["", "\t", " ", ";", ":", "9", "T1", "\n", "é", "👩"][..])), 1..6),
    ) {
        let (txt, mut ann, conf) = fixture();
        for (at, insert) in edits {
            common::damage(&mut ann, at, insert);
        }
        let _ = brat::import_pair(&txt, &ann, Some(&conf), &options("alice/news.ann"));
    }
}
