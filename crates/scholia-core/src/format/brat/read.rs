//! brat → model.

use std::collections::{BTreeMap, HashMap};

use super::ann::{self, Item, Line};
use super::conf::{self, Conf};
use super::{ANNOTATOR_NOTES, NORMALIZATION_PREFIX, ROLES, TRIGGER};
use crate::anchor::nearest_occurrence;
use crate::error::{quoted, Error, ErrorKind};
use crate::format::{file_stem, ImportOptions, Imported, Report};
use crate::knowledge::{Entity, KnowledgeBase};
use crate::model::{
    Annotation, AttributeDef, AttributeKind, AttributeValue, Document, Fragment, Key, Name,
    Relation, Scheme,
};
use crate::text::Text;
use crate::AnnotatedDocument;

pub fn import(
    txt: &str,
    ann: &str,
    annotation_conf: Option<&str>,
    options: &ImportOptions,
) -> Result<Imported, Error> {
    let file = options.file_name.as_str();
    let conf = match annotation_conf {
        Some(text) => Some(conf::parse(text).map_err(|e| e.in_file(conf_name(file)))?),
        None => None,
    };
    read(txt, ann, conf.as_ref(), options).map_err(|e| e.in_file(file))
}

/// `corpus/alice/doc.ann` → `corpus/alice/annotation.conf`.
pub(super) fn conf_name(file: &str) -> String {
    match file.rfind(['/', '\\']) {
        Some(i) => format!("{}annotation.conf", &file[..=i]),
        None => "annotation.conf".to_string(),
    }
}

/// The annotator of a brat file: its folder's name, else its stem.
fn layer_of(options: &ImportOptions) -> String {
    if let Some(annotator) = options.annotator.as_deref().filter(|a| !a.is_empty()) {
        return annotator.to_string();
    }
    let mut parts = options.file_name.rsplit(['/', '\\']);
    parts.next();
    match parts
        .next()
        .filter(|folder| !folder.is_empty() && *folder != ".")
    {
        Some(folder) => folder.to_string(),
        None => match file_stem(&options.file_name) {
            "" => "brat".to_string(),
            stem => stem.to_string(),
        },
    }
}

/// What attribute, note and normalization lines attach to one annotation or
/// relation.
#[derive(Default)]
struct Decorations {
    attributes: BTreeMap<String, AttributeValue>,
    /// Text attributes (typed notes, normalizations), one entry per line.
    texts: BTreeMap<String, Vec<String>>,
    notes: Vec<String>,
    /// The first normalization of an annotation or event: its entity link,
    /// by the reference's `DB:ID`.
    link: Option<String>,
}

impl Decorations {
    fn into_parts(self) -> (BTreeMap<String, AttributeValue>, String) {
        let mut attributes = self.attributes;
        for (id, lines) in self.texts {
            attributes.insert(id, AttributeValue::Text(lines.join("\n")));
        }
        (attributes, self.notes.join("\n"))
    }
}

/// A normalization's reference, `DB:ID<TAB>TEXT`: its `DB:ID` and its text.
fn reference_parts(reference: &str) -> (&str, &str) {
    let (id, name) = reference.split_once('\t').unwrap_or((reference, ""));
    (id.trim(), name.trim())
}

fn read(
    txt: &str,
    ann: &str,
    conf: Option<&Conf>,
    options: &ImportOptions,
) -> Result<Imported, Error> {
    let lines = ann::parse(ann)?;
    let layer = layer_of(options);
    let mut report = Report::default();

    // Every id once (equivalences have none).
    let mut by_id: HashMap<&str, &Line> = HashMap::new();
    for line in &lines {
        if line.id != "*" && by_id.insert(line.id, line).is_some() {
            return Err(Error::new(ErrorKind::DuplicateId(line.id.to_string()))
                .in_field("id")
                .in_record(line.item.describe(line.id))
                .at_line(line.number));
        }
    }

    let scheme = build_scheme(&lines, conf, &mut report)?;
    let mut decorations = decorations(&lines, &by_id)?;
    let links: HashMap<&str, String> = decorations
        .iter()
        .filter_map(|(target, d)| Some((*target, d.link.clone()?)))
        .collect();
    let lost_notes = decorations
        .values()
        .filter(|d| d.notes.len() == 1 && d.notes[0].is_empty())
        .count();
    if lost_notes > 0 {
        report.not_represented.push(format!(
            "{lost_notes} empty notes (AnnotatorNotes with no text) are not kept: an empty note is no note"
        ));
    }
    let text = Text::new(txt);
    let mut doc = AnnotatedDocument::new(Document::new(file_stem(&options.file_name), txt), scheme);
    let now = options.now;

    // Text-bound annotations, then events on their triggers' fragments.
    let mut fragments_of: HashMap<&str, Vec<Fragment>> = HashMap::new();
    for line in &lines {
        let Item::TextBound {
            kind,
            spans,
            text: quote,
        } = &line.item
        else {
            continue;
        };
        let record = line.item.describe(line.id);
        let fragments = anchor(&text, spans, *quote, options.reanchor, &mut report, line)
            .map_err(|e| e.in_record(record.clone()).at_line(line.number))?;
        fragments_of.insert(line.id, fragments.clone());
        let (attributes, note) = decorations.remove(line.id).unwrap_or_default().into_parts();
        insert_annotation(
            &mut doc,
            Annotation {
                key: Key::new(layer.clone(), line.id),
                label: kind.to_string().into(),
                fragments,
                attributes,
                note,
                created: now,
                modified: now,
                foreign_id: Some(line.id.to_string()),
                entity: links.get(line.id).map(Name::from),
            },
            line,
        )?;
    }
    let mut n_events = 0;
    let mut n_arguments = 0;
    for line in &lines {
        let Item::Event {
            kind,
            trigger,
            args,
            ..
        } = &line.item
        else {
            continue;
        };
        let Some(fragments) = fragments_of.get(trigger) else {
            let problem = match by_id.get(trigger) {
                Some(other) => ErrorKind::Invalid(format!(
                    "the trigger {} is not a text-bound annotation",
                    quoted(other.id)
                )),
                None => ErrorKind::DanglingReference(trigger.to_string()),
            };
            return Err(Error::new(problem)
                .in_field("trigger")
                .in_record(line.item.describe(line.id))
                .at_line(line.number));
        };
        n_events += 1;
        n_arguments += args.len();
        let (attributes, note) = decorations.remove(line.id).unwrap_or_default().into_parts();
        insert_annotation(
            &mut doc,
            Annotation {
                key: Key::new(layer.clone(), line.id),
                label: kind.to_string().into(),
                fragments: fragments.clone(),
                attributes,
                note,
                created: now,
                modified: now,
                foreign_id: Some(line.id.to_string()),
                entity: links.get(line.id).map(Name::from),
            },
            line,
        )?;
    }

    // Relations: R lines, event triggers and arguments, equivalences.
    let mut n_equivs = 0;
    for line in &lines {
        let new = |key: String, kind: &str, source: &str, target: &str, foreign: &str| Relation {
            key: Key::new(layer.clone(), key),
            kind: kind.to_string(),
            source: source.to_string(),
            target: target.to_string(),
            attributes: BTreeMap::new(),
            note: String::new(),
            created: now,
            modified: now,
            foreign_id: Some(foreign.to_string()),
        };
        match &line.item {
            Item::Relation { kind, args, .. } => {
                let [(role1, source), (role2, target)] = *args;
                let mut relation = new(line.id.to_string(), kind, source, target, line.id);
                let (mut attributes, note) =
                    decorations.remove(line.id).unwrap_or_default().into_parts();
                if (role1, role2) != ("Arg1", "Arg2") {
                    attributes.insert(
                        ROLES.to_string(),
                        AttributeValue::Text(format!("{role1} {role2}")),
                    );
                }
                relation.attributes = attributes;
                relation.note = note;
                insert_relation(&mut doc, relation, line)?;
            }
            Item::Event { trigger, args, .. } => {
                let trigger_key = format!("{}.trigger", line.id);
                insert_relation(
                    &mut doc,
                    new(trigger_key, TRIGGER, line.id, trigger, line.id),
                    line,
                )?;
                for (i, (role, target)) in args.iter().enumerate() {
                    let key = format!("{}.{}", line.id, i + 1);
                    insert_relation(&mut doc, new(key, role, line.id, target, line.id), line)
                        .map_err(|e| relabel_field(e, &format!("arguments[{i}]")))?;
                }
            }
            Item::Equiv { kind, members, .. } => {
                n_equivs += 1;
                for (j, pair) in members.windows(2).enumerate() {
                    let key = format!("*{n_equivs}.{}", j + 1);
                    insert_relation(&mut doc, new(key, kind, pair[0], pair[1], "*"), line)
                        .map_err(|e| relabel_field(e, &format!("members[{}]", j + 1)))?;
                }
            }
            _ => {}
        }
    }

    notes_for_report(&lines, n_events, n_arguments, n_equivs, &mut report);
    let knowledge_base = linked_entities(&lines, &doc);
    Ok(Imported {
        documents: vec![doc],
        report,
        knowledge_base,
        predictions: Vec::new(),
    })
}

/// The entities the normalizations name: each `DB:ID` once, named by the
/// reference's text (else the first mention's), its `DB:ID` its external
/// id. The knowledge base is named by the database when there is one.
fn linked_entities(lines: &[Line], doc: &AnnotatedDocument) -> KnowledgeBase {
    let mut kb = KnowledgeBase::default();
    let mut databases = std::collections::BTreeSet::new();
    for line in lines {
        let Item::Normalization { reference, .. } = &line.item else {
            continue;
        };
        let (id, name) = reference_parts(reference);
        let linked = doc.annotations().any(|a| a.entity.as_deref() == Some(id));
        if !linked || kb.entity(id).is_some() {
            continue;
        }
        if let Some((database, _)) = id.split_once(':') {
            databases.insert(database.to_string());
        }
        let mut entity = Entity::new(id, name);
        entity.external_ids.push(id.to_string());
        if name.is_empty() {
            // (named by its first mention)
            let mut one = KnowledgeBase::default();
            crate::knowledge::adopt_links(&mut one, doc);
            entity.name = one.entity(id).map_or(id.to_string(), |e| e.name.clone());
        }
        entity.kind = doc
            .annotations()
            .find(|a| a.entity.as_deref() == Some(id))
            .map(|a| a.label.to_string());
        // (ids are unique and names not empty here)
        let _ = kb.insert(entity);
    }
    if databases.len() == 1 {
        kb.name = databases.into_iter().next().unwrap_or_default();
    }
    kb
}

/// A relation error names `source`/`target`; for events and equivalences
/// the line's own field is clearer.
fn relabel_field(mut error: Error, field: &str) -> Error {
    if matches!(error.field.as_deref(), Some("source" | "target")) {
        error.field = Some(field.to_string());
    }
    error
}

/// Names a check's error by the brat line: the model names records by layer
/// and id, the line is what the user can find.
fn on_line<'a>(line: &'a Line<'a>) -> impl Fn(Error) -> Error + 'a {
    move |e: Error| {
        let mut e = e.at_line(line.number);
        e.record = Some(line.item.describe(line.id));
        e
    }
}

fn insert_annotation(
    doc: &mut AnnotatedDocument,
    annotation: Annotation,
    line: &Line,
) -> Result<(), Error> {
    doc.check_annotation(&annotation).map_err(on_line(line))?;
    doc.put_annotation(annotation);
    Ok(())
}

fn insert_relation(
    doc: &mut AnnotatedDocument,
    relation: Relation,
    line: &Line,
) -> Result<(), Error> {
    doc.check_relation(&relation).map_err(on_line(line))?;
    doc.relations.insert(relation.key.clone(), relation);
    Ok(())
}

/// The fragments of a text-bound line, checked against its text: moved to
/// where the text is when `reanchor` allows, refused otherwise.
fn anchor(
    text: &Text,
    spans: &[(usize, usize)],
    quote: Option<&str>,
    reanchor: bool,
    report: &mut Report,
    line: &Line,
) -> Result<Vec<Fragment>, Error> {
    let mut fragments: Vec<Fragment> = spans.iter().map(|&(s, e)| Fragment::new(s, e)).collect();
    for (i, f) in fragments.iter().enumerate() {
        if f.start > f.end {
            return Err(Error::new(ErrorKind::Unordered(format!(
                "the span {}–{} ends before it starts",
                f.start, f.end
            )))
            .in_field(format!("offsets[{i}]")));
        }
    }
    if !fragments.is_sorted() {
        fragments.sort();
        report.notes.push(format!(
            "line {}: the fragments of {} were not in text order; they are kept sorted",
            line.number,
            quoted(line.id)
        ));
    }
    let in_range = fragments.iter().all(|f| f.end <= text.len());
    let expected = in_range.then(|| {
        fragments
            .iter()
            .map(|f| text.slice(f.start, f.end))
            .collect::<Vec<_>>()
            .join(" ")
    });
    let Some(quote) = quote else {
        if !in_range {
            return Err(out_of_range(&fragments, text));
        }
        report.notes.push(format!(
            "line {}: {} gives no text; its offsets were taken as they are",
            line.number,
            quoted(line.id)
        ));
        return Ok(fragments);
    };
    if let Some(expected) = &expected {
        if let Some(rest) = quote.strip_prefix(expected.as_str()) {
            if rest.is_empty() {
                return Ok(fragments);
            }
            if rest.starts_with(char::is_whitespace) {
                report.not_represented.push(format!(
                    "line {}: the text {} after the covered text of {} is not kept",
                    line.number,
                    quoted(rest),
                    quoted(line.id)
                ));
                return Ok(fragments);
            }
        }
    }
    if !reanchor {
        return Err(match expected {
            Some(expected) => Error::new(ErrorKind::QuoteMismatch {
                expected,
                found: quote.to_string(),
            })
            .in_field("text"),
            None => out_of_range(&fragments, text),
        });
    }
    // Re-anchor each fragment to the nearest occurrence of its part of the
    // text (the parts of a discontinuous span are joined by one space).
    let lengths: Vec<usize> = fragments.iter().map(Fragment::len).collect();
    let pieces: Vec<String> = if fragments.len() == 1 {
        vec![quote.to_string()]
    } else {
        split_quote(quote, &lengths).ok_or_else(|| {
            Error::invalid(format!(
                "the text {} does not match the document at the offsets, and cannot be split into the parts of this discontinuous span to find them",
                quoted(quote)
            ))
            .in_field("text")
        })?
    };
    let mut moved = Vec::with_capacity(fragments.len());
    for (fragment, piece) in fragments.iter().zip(&pieces) {
        let found = nearest_occurrence(text, piece, fragment.start).ok_or_else(|| {
            Error::invalid(format!(
                "the text {} occurs nowhere in the document, so the span cannot be re-anchored",
                quoted(piece)
            ))
            .in_field("text")
        })?;
        moved.push(found);
    }
    moved.sort();
    let show = |f: &[Fragment]| {
        f.iter()
            .map(|f| format!("{}–{}", f.start, f.end))
            .collect::<Vec<_>>()
            .join(", ")
    };
    report.reanchored.push(format!(
        "line {}: {} {} moved from {} to {}",
        line.number,
        quoted(line.id),
        quoted(quote),
        show(&fragments),
        show(&moved)
    ));
    Ok(moved)
}

fn out_of_range(fragments: &[Fragment], text: &Text) -> Error {
    let (i, f) = fragments
        .iter()
        .enumerate()
        .find(|(_, f)| f.end > text.len())
        .map(|(i, f)| (i, *f))
        .unwrap_or((0, Fragment::new(0, 0)));
    Error::new(ErrorKind::OutOfRange {
        start: f.start,
        end: f.end,
        len: text.len(),
    })
    .in_field(format!("offsets[{i}]"))
}

/// Splits a discontinuous span's text into its parts of the given lengths,
/// separated by single spaces.
fn split_quote(quote: &str, lengths: &[usize]) -> Option<Vec<String>> {
    let chars: Vec<char> = quote.chars().collect();
    let total = lengths.iter().sum::<usize>() + lengths.len().saturating_sub(1);
    if chars.len() != total {
        return None;
    }
    let mut pieces = Vec::with_capacity(lengths.len());
    let mut at = 0;
    for (i, &len) in lengths.iter().enumerate() {
        if i > 0 {
            if chars[at] != ' ' {
                return None;
            }
            at += 1;
        }
        pieces.push(chars[at..at + len].iter().collect());
        at += len;
    }
    Some(pieces)
}

/// The scheme: `annotation.conf`'s types first (in its order), then the
/// types the `.ann` uses that it does not declare (reported).
fn build_scheme(lines: &[Line], conf: Option<&Conf>, report: &mut Report) -> Result<Scheme, Error> {
    let mut scheme = Scheme::default();
    if let Some(conf) = conf {
        for what in &conf.not_kept {
            report
                .not_represented
                .push(format!("annotation.conf: not kept: {what}"));
        }
        for entity in &conf.entities {
            scheme.ensure_label(entity);
        }
        for (event, roles) in &conf.events {
            scheme.ensure_label(event);
            for role in roles {
                scheme.ensure_relation_type(role);
            }
        }
        for relation in &conf.relations {
            scheme.ensure_relation_type(relation);
        }
        for (attribute, values) in &conf.attributes {
            let kind = if values.is_empty() {
                AttributeKind::Flag
            } else {
                AttributeKind::Choice(values.clone())
            };
            scheme.attributes.push(AttributeDef {
                id: attribute.clone(),
                name: attribute.clone(),
                applies_to: Vec::new(),
                kind,
                description: String::new(),
            });
        }
    }
    let declared_roles: std::collections::HashSet<&str> = conf
        .iter()
        .flat_map(|c| {
            c.events
                .iter()
                .flat_map(|(_, roles)| roles.iter().map(String::as_str))
        })
        .collect();
    let mut undeclared: Vec<String> = Vec::new();
    let mut note = |added: bool, what: &str, name: &str| {
        if added && conf.is_some() {
            undeclared.push(format!("{what} {}", quoted(name)));
        }
    };
    for line in lines {
        let at = |e: Error| {
            e.in_record(line.item.describe(line.id))
                .at_line(line.number)
        };
        match &line.item {
            Item::TextBound { kind, .. } => note(scheme.ensure_label(kind), "type", kind),
            Item::Event { kind, args, .. } => {
                note(scheme.ensure_label(kind), "event type", kind);
                scheme.ensure_relation_type(TRIGGER);
                for (role, _) in args {
                    // `Theme2` is brat's second `Theme`: declared with it.
                    let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
                    let numbered =
                        !base.is_empty() && base != *role && declared_roles.contains(base);
                    let added = scheme.ensure_relation_type(role);
                    note(added && !numbered, "role", role);
                }
            }
            Item::Relation { kind, args, .. } => {
                note(scheme.ensure_relation_type(kind), "relation type", kind);
                if (args[0].0, args[1].0) != ("Arg1", "Arg2") {
                    ensure_text_attribute(&mut scheme, ROLES).map_err(at)?;
                }
            }
            Item::Equiv { kind, .. } => {
                note(scheme.ensure_relation_type(kind), "relation type", kind)
            }
            Item::Attribute { kind, value, .. } => {
                let added = ensure_attribute(&mut scheme, kind, *value).map_err(at)?;
                match (added, value) {
                    (Some(true), _) => note(true, "attribute", kind),
                    (Some(false), Some(value)) => note(
                        true,
                        &format!("value {} of the attribute", quoted(value)),
                        kind,
                    ),
                    _ => {}
                }
            }
            Item::Note { kind, .. } if *kind == ANNOTATOR_NOTES => {}
            Item::Note { kind, .. } => ensure_text_attribute(&mut scheme, kind).map_err(at)?,
            Item::Normalization { kind, .. } => {
                ensure_text_attribute(&mut scheme, &format!("{NORMALIZATION_PREFIX}{kind}"))
                    .map_err(at)?
            }
        }
    }
    if !undeclared.is_empty() {
        undeclared.dedup();
        report.notes.push(format!(
            "used but not declared in annotation.conf (added to the scheme): {}",
            undeclared.join(", ")
        ));
    }
    Ok(scheme)
}

/// Declares a brat attribute (flag without a value, choice with one).
/// Returns `Some(true)` when the attribute was added, `Some(false)` when a
/// value was added to its choices, `None` when nothing changed.
fn ensure_attribute(
    scheme: &mut Scheme,
    id: &str,
    value: Option<&str>,
) -> Result<Option<bool>, Error> {
    let Some(def) = scheme.attributes.iter_mut().find(|a| a.id == id) else {
        scheme.attributes.push(AttributeDef {
            id: id.to_string(),
            name: id.to_string(),
            applies_to: Vec::new(),
            kind: match value {
                Some(v) => AttributeKind::Choice(vec![v.to_string()]),
                None => AttributeKind::Flag,
            },
            description: String::new(),
        });
        return Ok(Some(true));
    };
    match (&mut def.kind, value) {
        (AttributeKind::Flag, None) => Ok(None),
        (AttributeKind::Choice(values), Some(v)) => {
            if values.iter().any(|x| x == v) {
                Ok(None)
            } else {
                values.push(v.to_string());
                Ok(Some(false))
            }
        }
        (AttributeKind::Flag, Some(v)) => Err(Error::invalid(format!(
            "the attribute {} is binary (it has no values), but this line gives it the value {}",
            quoted(id),
            quoted(v)
        ))
        .in_field("value")),
        (AttributeKind::Choice(values), None) => Err(Error::invalid(format!(
            "the attribute {} takes a value (one of: {}), but this line gives none",
            quoted(id),
            values.join(", ")
        ))
        .in_field("value")),
        (AttributeKind::Text, _) => Err(Error::invalid(format!(
            "{} is used both as a note type and as an attribute",
            quoted(id)
        ))
        .in_field("type")),
    }
}

fn ensure_text_attribute(scheme: &mut Scheme, id: &str) -> Result<(), Error> {
    match scheme.attribute(id) {
        Some(def) if def.kind == AttributeKind::Text => Ok(()),
        Some(_) => Err(Error::invalid(format!(
            "{} is used both as a note type and as an attribute",
            quoted(id)
        ))
        .in_field("type")),
        None => {
            scheme.attributes.push(AttributeDef {
                id: id.to_string(),
                name: id.to_string(),
                applies_to: Vec::new(),
                kind: AttributeKind::Text,
                description: String::new(),
            });
            Ok(())
        }
    }
}

/// Attributes, notes and normalizations by the id they attach to.
fn decorations<'a>(
    lines: &'a [Line<'a>],
    by_id: &HashMap<&str, &Line>,
) -> Result<HashMap<&'a str, Decorations>, Error> {
    let mut all: HashMap<&str, Decorations> = HashMap::new();
    for line in lines {
        let target = match &line.item {
            Item::Attribute { target, .. }
            | Item::Note { target, .. }
            | Item::Normalization { target, .. } => *target,
            _ => continue,
        };
        let at = |e: Error| {
            e.in_field("target")
                .in_record(line.item.describe(line.id))
                .at_line(line.number)
        };
        let on_annotation = matches!(
            by_id.get(target).map(|l| &l.item),
            Some(Item::TextBound { .. } | Item::Event { .. })
        );
        match by_id.get(target).map(|l| &l.item) {
            Some(Item::TextBound { .. } | Item::Event { .. } | Item::Relation { .. }) => {}
            Some(_) => {
                return Err(at(Error::invalid(format!(
                    "{} is not an annotation, event or relation",
                    quoted(target)
                ))))
            }
            None => {
                return Err(at(Error::new(ErrorKind::DanglingReference(
                    target.to_string(),
                ))))
            }
        }
        let entry = all.entry(target).or_default();
        match &line.item {
            Item::Attribute { kind, value, .. } => {
                let value = match value {
                    Some(v) => AttributeValue::Text(v.to_string()),
                    None => AttributeValue::Flag(true),
                };
                if entry.attributes.insert(kind.to_string(), value).is_some() {
                    return Err(Error::invalid(format!(
                        "{} already has the attribute {}",
                        quoted(target),
                        quoted(kind)
                    ))
                    .in_field("type")
                    .in_record(line.item.describe(line.id))
                    .at_line(line.number));
                }
            }
            Item::Note { kind, text, .. } => {
                let text = text.unwrap_or_default().to_string();
                if *kind == ANNOTATOR_NOTES {
                    entry.notes.push(text);
                } else {
                    entry.texts.entry(kind.to_string()).or_default().push(text);
                }
            }
            Item::Normalization { reference, .. } if on_annotation && entry.link.is_none() => {
                entry.link = Some(reference_parts(reference).0.to_string());
            }
            Item::Normalization {
                kind, reference, ..
            } => {
                entry
                    .texts
                    .entry(format!("{NORMALIZATION_PREFIX}{kind}"))
                    .or_default()
                    .push(reference.to_string());
            }
            _ => {}
        }
    }
    Ok(all)
}

fn notes_for_report(
    lines: &[Line],
    n_events: usize,
    n_arguments: usize,
    n_equivs: usize,
    report: &mut Report,
) {
    if n_events > 0 {
        report.notes.push(format!(
            "{n_events} events (E) kept as annotations on their triggers' text, each with a “{TRIGGER}” relation to its trigger and {n_arguments} argument relations in all, typed by role"
        ));
    }
    if n_equivs > 0 {
        report.notes.push(format!(
            "{n_equivs} equivalences (*) kept as chains of relations of their type"
        ));
    }
    let n_normalizations = lines
        .iter()
        .filter(|l| matches!(l.item, Item::Normalization { .. }))
        .count();
    if n_normalizations > 0 {
        report.notes.push(format!(
            "{n_normalizations} normalizations (N) kept: an annotation's first as its link to the entity of that DB:ID in the knowledge base, any other (and those on relations) as text attributes named {NORMALIZATION_PREFIX}TYPE"
        ));
    }
    let typed_notes = lines
        .iter()
        .filter(|l| matches!(l.item, Item::Note { kind, .. } if kind != ANNOTATOR_NOTES))
        .count();
    if typed_notes > 0 {
        report.notes.push(format!(
            "{typed_notes} notes (#) of types other than {ANNOTATOR_NOTES} kept as text attributes named by their type"
        ));
    }
}
