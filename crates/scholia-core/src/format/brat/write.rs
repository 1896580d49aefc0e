//! model → brat.
//!
//! Lines are written in a fixed order: `T` lines, then `E`, `R`, `*`, `A`,
//! `N` and `#` lines. `T`, `E` and `R` lines are sorted by the number in
//! their id and keep the ids they were read with (`foreign_id`); new records
//! get the next free number. `A`, `N` and `#` lines follow the order of what
//! they attach to, then their type, and are numbered from 1 (the model keeps
//! attributes and notes as fields, not records with ids).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::ann::split_id;
use super::{ANNOTATOR_NOTES, LINK_NORMALIZATION, NORMALIZATION_PREFIX, ROLES, TRIGGER};
use crate::error::{quoted, Error};
use crate::format::{ExportOptions, Exported, ExportedFile, Report};
use crate::knowledge::KnowledgeBase;
use crate::model::{Annotation, AttributeKind, AttributeValue, Fragment, Relation, Scheme};
use crate::text::Text;
use crate::AnnotatedDocument;

pub fn export(doc: &AnnotatedDocument, options: &ExportOptions) -> Result<Exported, Error> {
    let mut report = Report::default();
    let layer = choose_layer(doc, options, &mut report)?;
    let annotations: Vec<&Annotation> = doc
        .annotations_in_document_order()
        .into_iter()
        .filter(|a| Some(a.key.layer.as_str()) == layer.as_deref())
        .collect();
    let relations: Vec<&Relation> = doc
        .relations()
        .filter(|r| Some(r.key.layer.as_str()) == layer.as_deref())
        .collect();
    let ann = Writer::new(doc, &annotations, &relations, &mut report)
        .with_knowledge_base(&options.knowledge_base)
        .write();
    report
        .not_represented
        .extend(crate::format::records::links_and_labels_not_carried(
            doc,
            layer.as_deref(),
            "brat",
            true,
            false,
        ));
    if !annotations.is_empty() {
        report.not_represented.push(
            "brat carries no creation or modification times: they are not in the .ann".into(),
        );
    }
    Ok(Exported {
        files: vec![
            ExportedFile {
                extension: ".ann".into(),
                content: ann,
            },
            ExportedFile {
                extension: ".txt".into(),
                content: doc.document().text.as_str().to_string(),
            },
        ],
        report,
    })
}

/// The layer to write: the one asked for, else the only one.
fn choose_layer(
    doc: &AnnotatedDocument,
    options: &ExportOptions,
    report: &mut Report,
) -> Result<Option<String>, Error> {
    let layers = doc.layers();
    let chosen = match &options.layer {
        Some(layer) if layers.is_empty() || layers.contains(&layer.as_str()) => Some(layer.clone()),
        Some(layer) => {
            return Err(Error::invalid(format!(
                "there is no layer {} in this document; its layers are {}",
                quoted(layer),
                layers.iter().map(|l| quoted(l)).collect::<Vec<_>>().join(", ")
            ))
            .in_field("layer"))
        }
        None => match layers.as_slice() {
            [] => None,
            [only] => Some(only.to_string()),
            several => {
                return Err(Error::invalid(format!(
                    "brat holds one annotator's work, and this document has several layers ({}): choose one",
                    several.iter().map(|l| quoted(l)).collect::<Vec<_>>().join(", ")
                ))
                .in_field("layer"))
            }
        },
    };
    let others: Vec<String> = layers
        .iter()
        .filter(|l| Some(**l) != chosen.as_deref())
        .map(|l| quoted(l))
        .collect();
    if !others.is_empty() {
        report.not_represented.push(format!(
            "brat holds one annotator's work: the layers {} are not in this file",
            others.join(", ")
        ));
    }
    Ok(chosen)
}

/// brat names (types, roles, attribute names and values) hold no whitespace.
fn brat_name(name: &str, what: &str, report: &mut Report) -> String {
    if !name.is_empty() && !name.contains(char::is_whitespace) {
        return name.to_string();
    }
    let fixed: String = name
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    let fixed = if fixed.is_empty() {
        "_".to_string()
    } else {
        fixed
    };
    let message = format!(
        "the {what} {} is written {} (brat names hold no spaces)",
        quoted(name),
        quoted(&fixed)
    );
    if !report.not_represented.contains(&message) {
        report.not_represented.push(message);
    }
    fixed
}

/// Hands out brat ids: the ones records were read with when they still fit,
/// fresh numbers for the rest.
struct Ids {
    used: HashSet<String>,
    next: HashMap<char, u64>,
}

impl Ids {
    fn new() -> Ids {
        Ids {
            used: HashSet::new(),
            next: HashMap::new(),
        }
    }

    /// Keeps `foreign` if it is a free id of this kind.
    fn reserve(&mut self, kind: char, foreign: Option<&str>) -> Option<String> {
        let id = foreign?;
        match split_id(id) {
            Some((k, n)) if k == kind && !id.contains(char::is_whitespace) => {
                if !self.used.insert(id.to_string()) {
                    return None;
                }
                let next = self.next.entry(kind).or_insert(1);
                *next = (*next).max(n.saturating_add(1));
                Some(id.to_string())
            }
            _ => None,
        }
    }

    fn fresh(&mut self, kind: char) -> String {
        let next = self.next.entry(kind).or_insert(1);
        loop {
            let id = format!("{kind}{next}");
            *next += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The brat id given to a record (the model guarantees there is one; the
/// record's own id stands in otherwise).
fn id_of(ids: &HashMap<&str, String>, key: &str) -> String {
    ids.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// Sorts ids by their number, then as text.
fn id_order(id: &str) -> (u64, String) {
    (split_id(id).map_or(u64::MAX, |(_, n)| n), id.to_string())
}

/// The number after the last dot of a key: `E1.3` → 3.
fn key_suffix(key: &str) -> u64 {
    key.rsplit_once('.')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(u64::MAX)
}

struct Writer<'a> {
    doc: &'a AnnotatedDocument,
    text: &'a Text,
    scheme: &'a Scheme,
    annotations: &'a [&'a Annotation],
    relations: &'a [&'a Relation],
    report: &'a mut Report,
    kb: Option<&'a KnowledgeBase>,
}

/// What an `A`, `N` or `#` line attaches to.
struct Owner<'a> {
    brat_id: String,
    attributes: &'a BTreeMap<String, AttributeValue>,
    note: &'a str,
    /// The linked entity's id.
    entity: Option<&'a str>,
}

impl<'a> Writer<'a> {
    fn new(
        doc: &'a AnnotatedDocument,
        annotations: &'a [&'a Annotation],
        relations: &'a [&'a Relation],
        report: &'a mut Report,
    ) -> Writer<'a> {
        Writer {
            doc,
            text: &doc.document().text,
            scheme: doc.scheme(),
            annotations,
            relations,
            report,
            kb: None,
        }
    }

    fn with_knowledge_base(mut self, kb: &'a KnowledgeBase) -> Writer<'a> {
        self.kb = Some(kb);
        self
    }

    /// An entity link as a normalization's reference: `DB:ID<TAB>name`.
    /// `DB:ID` is the entity's external id when one is written so (a
    /// Wikidata QID as `Wikidata:Q42`), else the knowledge base's name (or
    /// `Scholia`) and the entity's id.
    fn reference(&self, id: &str) -> String {
        let entity = self.kb.and_then(|kb| kb.entity(id));
        let external = entity.and_then(|e| {
            e.external_ids.iter().find_map(|x| {
                let x = x.trim();
                if x.starts_with('Q') && x[1..].bytes().all(|b| b.is_ascii_digit()) && x.len() > 1 {
                    Some(format!("Wikidata:{x}"))
                } else {
                    (x.contains(':') && !x.contains("://") && !x.contains(char::is_whitespace))
                        .then(|| x.to_string())
                }
            })
        });
        let reference = external.unwrap_or_else(|| {
            if id.contains(':') && !id.contains(char::is_whitespace) {
                return id.to_string();
            }
            let database: String = self
                .kb
                .map(|kb| kb.name.as_str())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or("Scholia")
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ':')
                .collect();
            let database = if database.is_empty() {
                "Scholia".to_string()
            } else {
                database
            };
            let id: String = id
                .chars()
                .map(|c| if c.is_whitespace() { '_' } else { c })
                .collect();
            format!("{database}:{id}")
        });
        let name = entity.map_or(id, |e| e.name.as_str());
        format!("{reference}\t{}", name.replace(['\t', '\n', '\r'], " "))
    }

    fn write(mut self) -> String {
        // Which annotations are events: those with a trigger relation.
        let (doc, annotations, relations) = (self.doc, self.annotations, self.relations);
        let mut trigger_of: HashMap<&str, &Relation> = HashMap::new();
        for r in relations.iter().copied().filter(|r| r.kind == TRIGGER) {
            if trigger_of.contains_key(r.source.as_str()) {
                self.report.not_represented.push(format!(
                    "the event {} has more than one trigger; brat keeps the first",
                    quoted(&r.source)
                ));
            } else {
                trigger_of.insert(r.source.as_str(), r);
            }
        }
        let is_event = |a: &Annotation| trigger_of.contains_key(a.key.id.as_str());

        // Ids: keep what was read, then number the rest in document order.
        let mut ids = Ids::new();
        let mut brat_id: HashMap<&str, String> = HashMap::new();
        for a in annotations {
            let kind = if is_event(a) { 'E' } else { 'T' };
            if let Some(id) = ids.reserve(kind, a.foreign_id.as_deref()) {
                brat_id.insert(a.key.id.as_str(), id);
            }
        }
        let mut relation_id: HashMap<&str, String> = HashMap::new();
        let is_argument = |r: &Relation| -> bool {
            let Some(source) = doc.annotation(&r.source_key()) else {
                return false;
            };
            is_event(source) && r.foreign_id.is_some() && r.foreign_id == source.foreign_id
        };
        let is_equiv = |r: &Relation| r.foreign_id.as_deref() == Some("*");
        let plain: Vec<&Relation> = relations
            .iter()
            .copied()
            .filter(|r| r.kind != TRIGGER && !is_equiv(r) && !is_argument(r))
            .collect();
        for r in &plain {
            if let Some(id) = ids.reserve('R', r.foreign_id.as_deref()) {
                relation_id.insert(r.key.id.as_str(), id);
            }
        }
        for a in annotations {
            if !brat_id.contains_key(a.key.id.as_str()) {
                let kind = if is_event(a) { 'E' } else { 'T' };
                brat_id.insert(a.key.id.as_str(), ids.fresh(kind));
            }
        }
        for r in &plain {
            if !relation_id.contains_key(r.key.id.as_str()) {
                relation_id.insert(r.key.id.as_str(), ids.fresh('R'));
            }
        }

        let mut t_lines: Vec<((u64, String), String)> = Vec::new();
        let mut e_lines: Vec<((u64, String), String)> = Vec::new();
        let mut r_lines: Vec<((u64, String), String)> = Vec::new();
        let mut owners: Vec<((u8, u64, String), Owner)> = Vec::new();

        for a in annotations {
            let id = id_of(&brat_id, &a.key.id);
            let label = brat_name(&a.label, "label", self.report);
            if let Some(trigger) = trigger_of.get(a.key.id.as_str()) {
                let trigger_id = match doc.annotation(&trigger.target_key()) {
                    Some(t) if !is_event(t) => {
                        if t.fragments != a.fragments {
                            self.report.not_represented.push(format!(
                                "the event {} covers other text than its trigger {}; brat keeps the trigger's",
                                quoted(&a.key.id),
                                quoted(&t.key.id)
                            ));
                        }
                        id_of(&brat_id, &t.key.id)
                    }
                    _ => {
                        // No usable trigger: write one from the event's own span.
                        let t_id = ids.fresh('T');
                        let line = self.text_bound_line(&t_id, &label, &a.fragments, &a.key.id);
                        t_lines.push((id_order(&t_id), line));
                        t_id
                    }
                };
                let mut line = format!("{id}\t{label}:{trigger_id}");
                let mut arguments: Vec<&Relation> = relations
                    .iter()
                    .copied()
                    .filter(|r| r.source == a.key.id && r.kind != TRIGGER && is_argument(r))
                    .collect();
                arguments.sort_by_key(|r| (key_suffix(&r.key.id), r.key.id.clone()));
                for r in arguments {
                    let role = brat_name(&r.kind, "role", self.report);
                    let target = id_of(&brat_id, &r.target);
                    line.push_str(&format!(" {role}:{target}"));
                    self.lost_on_argument(r);
                }
                e_lines.push((id_order(&id), line));
                let mut owner = self.owner(&id, &a.attributes, &a.note);
                owner.entity = a.entity.as_deref();
                owners.push((owner_order(1, &id), owner));
            } else {
                let line = self.text_bound_line(&id, &label, &a.fragments, &a.key.id);
                t_lines.push((id_order(&id), line));
                let mut owner = self.owner(&id, &a.attributes, &a.note);
                owner.entity = a.entity.as_deref();
                owners.push((owner_order(0, &id), owner));
            }
        }

        for r in &plain {
            let id = id_of(&relation_id, &r.key.id);
            let kind = brat_name(&r.kind, "relation type", self.report);
            let (role1, role2) = roles(r);
            let (source, target) = (id_of(&brat_id, &r.source), id_of(&brat_id, &r.target));
            r_lines.push((
                id_order(&id),
                format!("{id}\t{kind} {role1}:{source} {role2}:{target}"),
            ));
            owners.push((owner_order(2, &id), self.owner(&id, &r.attributes, &r.note)));
        }

        // Equivalences: the relations of one `*` line share the key's stem.
        let mut groups: BTreeMap<(u64, String), Vec<&Relation>> = BTreeMap::new();
        for r in relations.iter().copied().filter(|r| is_equiv(r)) {
            let stem = r
                .key
                .id
                .rsplit_once('.')
                .map_or(r.key.id.as_str(), |(s, _)| s);
            let number = stem.trim_start_matches('*').parse().unwrap_or(u64::MAX);
            groups
                .entry((number, format!("{stem}\u{0}{}", r.kind)))
                .or_default()
                .push(r);
        }
        let mut star_lines = Vec::new();
        for (_, mut members) in groups {
            members.sort_by_key(|r| (key_suffix(&r.key.id), r.key.id.clone()));
            let kind = brat_name(&members[0].kind, "relation type", self.report);
            let mut chain: Vec<&str> = Vec::new();
            for r in &members {
                if chain.last() != Some(&r.source.as_str()) {
                    chain.push(&r.source);
                }
                chain.push(&r.target);
                self.lost_on_argument(r);
            }
            let ids: Vec<String> = chain.iter().map(|a| id_of(&brat_id, a)).collect();
            star_lines.push(format!("*\t{kind} {}", ids.join(" ")));
        }

        t_lines.sort();
        e_lines.sort();
        r_lines.sort();
        owners.sort_by(|a, b| a.0.cmp(&b.0));
        let (a_lines, n_lines, note_lines) = self.decoration_lines(&owners);

        let mut out = String::new();
        for line in t_lines
            .into_iter()
            .chain(e_lines)
            .chain(r_lines)
            .map(|(_, l)| l)
            .chain(star_lines)
            .chain(a_lines)
            .chain(n_lines)
            .chain(note_lines)
        {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    fn owner(
        &self,
        brat_id: &str,
        attributes: &'a BTreeMap<String, AttributeValue>,
        note: &'a str,
    ) -> Owner<'a> {
        Owner {
            brat_id: brat_id.to_string(),
            attributes,
            note,
            entity: None,
        }
    }

    /// Event arguments and equivalence members are not records in brat:
    /// what a relation carries beyond its ends is lost there.
    fn lost_on_argument(&mut self, r: &Relation) {
        if !r.attributes.is_empty() || !r.note.is_empty() {
            self.report.not_represented.push(format!(
                "the attributes and note of the relation {} (an event argument or equivalence in brat) are not in the file",
                quoted(&r.key.id)
            ));
        }
    }

    /// `T1<TAB>LABEL 0 5;7 9<TAB>TEXT`. A fragment that crosses a line break
    /// is split around it (a brat line cannot hold one).
    fn text_bound_line(
        &mut self,
        id: &str,
        label: &str,
        fragments: &[Fragment],
        record: &str,
    ) -> String {
        let mut parts: Vec<Fragment> = Vec::new();
        for f in fragments {
            let slice = self.text.slice(f.start, f.end);
            if !slice.contains(['\n', '\r']) {
                parts.push(*f);
                continue;
            }
            let mut start = f.start;
            for (i, c) in slice.chars().enumerate() {
                let at = f.start + i;
                if c == '\n' || c == '\r' {
                    if at > start {
                        parts.push(Fragment::new(start, at));
                    }
                    start = at + 1;
                }
            }
            if f.end > start {
                parts.push(Fragment::new(start, f.end));
            }
        }
        if parts.len() != fragments.len() || parts.is_empty() {
            self.report.not_represented.push(format!(
                "the annotation {} crosses a line break: brat holds it as the parts between line breaks",
                quoted(record)
            ));
        }
        if parts.is_empty() {
            // Only line breaks: keep the span itself; brat will show no text.
            parts = fragments.to_vec();
        }
        let offsets: Vec<String> = parts
            .iter()
            .map(|f| format!("{} {}", f.start, f.end))
            .collect();
        let covered: Vec<String> = parts
            .iter()
            .map(|f| self.text.slice(f.start, f.end).replace(['\n', '\r'], " "))
            .collect();
        format!("{id}\t{label} {}\t{}", offsets.join(";"), covered.join(" "))
    }

    /// The `A`, `N` and `#` lines of every owner, numbered in order.
    fn decoration_lines(
        &mut self,
        owners: &[((u8, u64, String), Owner)],
    ) -> (Vec<String>, Vec<String>, Vec<String>) {
        let (mut a_lines, mut n_lines, mut notes) = (Vec::new(), Vec::new(), Vec::new());
        for (_, owner) in owners {
            let target = &owner.brat_id;
            if let Some(entity) = owner.entity {
                n_lines.push(format!(
                    "\t{LINK_NORMALIZATION} {target} {}",
                    self.reference(entity)
                ));
            }
            let mut typed_notes: Vec<(String, String)> = Vec::new();
            for line in note_lines(owner.note, self.report, target) {
                typed_notes.push((ANNOTATOR_NOTES.to_string(), line));
            }
            for (id, value) in owner.attributes {
                if id == ROLES {
                    continue;
                }
                let kind = self.scheme.attribute(id).map(|d| &d.kind);
                match (value, kind) {
                    (AttributeValue::Flag(true), _) => {
                        let name = brat_name(id, "attribute", self.report);
                        a_lines.push(format!("\t{name} {target}"));
                    }
                    (AttributeValue::Flag(false), _) => {
                        self.report.not_represented.push(format!(
                            "{}: the attribute {} is false, which brat writes as absent",
                            target,
                            quoted(id)
                        ));
                    }
                    (AttributeValue::Text(v), Some(AttributeKind::Text)) => {
                        let normalization = id
                            .strip_prefix(NORMALIZATION_PREFIX)
                            .filter(|kind| !kind.is_empty() && v.split('\n').all(is_reference));
                        match normalization {
                            Some(kind) => {
                                let kind = brat_name(kind, "normalization type", self.report);
                                for line in v.split('\n') {
                                    n_lines.push(format!("\t{kind} {target} {line}"));
                                }
                            }
                            None => {
                                let name = brat_name(id, "note type", self.report);
                                for line in note_lines(v, self.report, target) {
                                    typed_notes.push((name.clone(), line));
                                }
                            }
                        }
                    }
                    (AttributeValue::Text(v), _) => {
                        let name = brat_name(id, "attribute", self.report);
                        let value = if v.contains(['\n', '\r']) || v.is_empty() {
                            let fixed = if v.trim().is_empty() {
                                "_".to_string()
                            } else {
                                v.replace(['\n', '\r'], " ")
                            };
                            self.report.not_represented.push(format!(
                                "{}: the value {} of the attribute {} is written {}",
                                target,
                                quoted(v),
                                quoted(id),
                                quoted(&fixed)
                            ));
                            fixed
                        } else {
                            v.clone()
                        };
                        a_lines.push(format!("\t{name} {target} {value}"));
                    }
                }
            }
            // Notes of one type keep their order; types go in name order.
            typed_notes.sort_by(|a, b| a.0.cmp(&b.0));
            for (kind, line) in typed_notes {
                notes.push(format!("\t{kind} {target}\t{line}"));
            }
        }
        let number = |prefix: &str, lines: Vec<String>| -> Vec<String> {
            lines
                .into_iter()
                .enumerate()
                .map(|(i, line)| format!("{prefix}{}{line}", i + 1))
                .collect()
        };
        (
            number("A", a_lines),
            number("N", n_lines),
            number("#", notes),
        )
    }
}

/// Owners in line order: text-bound, then events, then relations.
fn owner_order(kind: u8, id: &str) -> (u8, u64, String) {
    let (n, id) = id_order(id);
    (kind, n, id)
}

/// A relation's roles: `Arg1`/`Arg2` unless [`ROLES`] says otherwise.
fn roles(r: &Relation) -> (String, String) {
    if let Some(AttributeValue::Text(roles)) = r.attributes.get(ROLES) {
        let parts: Vec<&str> = roles.split_whitespace().collect();
        if let [a, b] = parts[..] {
            if !a.contains(':') && !b.contains(':') {
                return (a.to_string(), b.to_string());
            }
        }
    }
    ("Arg1".to_string(), "Arg2".to_string())
}

/// `DB:ID` then, optionally, a tab and text: a normalization's reference.
fn is_reference(line: &str) -> bool {
    let key = line.split('\t').next().unwrap_or_default();
    !key.contains(char::is_whitespace)
        && key
            .split_once(':')
            .is_some_and(|(db, id)| !db.is_empty() && !id.is_empty())
}

/// A note as brat note lines: one per line of the note (brat notes hold no
/// line break). CR LF and lone CRs become line feeds, which is reported.
fn note_lines(note: &str, report: &mut Report, target: &str) -> Vec<String> {
    if note.is_empty() {
        return Vec::new();
    }
    if note.contains('\r') {
        report.not_represented.push(format!(
            "{target}: a note's carriage returns are written as line breaks between notes"
        ));
    }
    note.replace("\r\n", "\n")
        .split(['\n', '\r'])
        .map(str::to_string)
        .collect()
}

/// An `annotation.conf` declaring the scheme's types as brat sees them:
/// labels of events under `[events]` with the roles their arguments use,
/// other labels under `[entities]`, relation types under `[relations]`
/// (equivalence types as `symmetric-transitive`), flag and choice attributes
/// under `[attributes]`. Text attributes are notes in brat and need no
/// declaration. Names, colours, descriptions and which labels a relation
/// type allows are not carried.
pub fn annotation_conf(doc: &AnnotatedDocument) -> String {
    let mut report = Report::default();
    let scheme = doc.scheme();
    let event_annotations: HashSet<(&str, &str)> = doc
        .relations()
        .filter(|r| r.kind == TRIGGER)
        .map(|r| (r.key.layer.as_str(), r.source.as_str()))
        .collect();
    let events: HashSet<&str> = doc
        .annotations()
        .filter(|a| event_annotations.contains(&(a.key.layer.as_str(), a.key.id.as_str())))
        .map(|a| a.label.as_str())
        .collect();
    // Roles: relation types used by event arguments (and nothing else).
    let mut roles_of: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut as_relation: HashSet<&str> = HashSet::new();
    let mut symmetric: HashSet<&str> = HashSet::new();
    for r in doc.relations() {
        if r.kind == TRIGGER {
            continue;
        }
        let source = doc.annotation(&r.source_key());
        let argument = source.is_some_and(|s| {
            event_annotations.contains(&(s.key.layer.as_str(), s.key.id.as_str()))
                && r.foreign_id.is_some()
                && r.foreign_id == s.foreign_id
        });
        match (argument, source) {
            (true, Some(s)) => {
                let role = r.kind.trim_end_matches(|c: char| c.is_ascii_digit());
                let role = if role.is_empty() {
                    r.kind.as_str()
                } else {
                    role
                };
                roles_of
                    .entry(s.label.as_str())
                    .or_default()
                    .insert(role.to_string());
            }
            _ => {
                as_relation.insert(r.kind.as_str());
                if r.foreign_id.as_deref() == Some("*") {
                    symmetric.insert(r.kind.as_str());
                }
            }
        }
    }
    let role_types: HashSet<&str> = doc
        .relations()
        .filter(|r| !as_relation.contains(r.kind.as_str()))
        .map(|r| r.kind.as_str())
        .collect();
    let mut out = String::from("[entities]\n");
    for label in scheme
        .labels
        .iter()
        .filter(|l| !events.contains(l.id.as_str()))
    {
        out.push_str(&brat_name(&label.id, "label", &mut report));
        out.push('\n');
    }
    out.push_str("\n[relations]\n");
    for kind in &scheme.relation_types {
        if kind.id == TRIGGER || role_types.contains(kind.id.as_str()) {
            continue;
        }
        let name = brat_name(&kind.id, "relation type", &mut report);
        let extra = if symmetric.contains(kind.id.as_str()) {
            ", <REL-TYPE>:symmetric-transitive"
        } else {
            ""
        };
        out.push_str(&format!("{name}\tArg1:<ANY>, Arg2:<ANY>{extra}\n"));
    }
    out.push_str("\n[events]\n");
    for label in scheme
        .labels
        .iter()
        .filter(|l| events.contains(l.id.as_str()))
    {
        let name = brat_name(&label.id, "label", &mut report);
        let roles: Vec<String> = roles_of
            .get(label.id.as_str())
            .into_iter()
            .flatten()
            .map(|role| format!("{}*:<ANY>", brat_name(role, "role", &mut report)))
            .collect();
        if roles.is_empty() {
            out.push_str(&format!("{name}\n"));
        } else {
            out.push_str(&format!("{name}\t{}\n", roles.join(", ")));
        }
    }
    out.push_str("\n[attributes]\n");
    for attribute in &scheme.attributes {
        let name = brat_name(&attribute.id, "attribute", &mut report);
        match &attribute.kind {
            AttributeKind::Flag => out.push_str(&format!("{name}\tArg:<ANY>\n")),
            AttributeKind::Choice(values) => {
                let values: Vec<String> = values
                    .iter()
                    .map(|v| brat_name(v, "value", &mut report).replace(['|', ','], "_"))
                    .collect();
                out.push_str(&format!("{name}\tArg:<ANY>, Value:{}\n", values.join("|")));
            }
            AttributeKind::Text => {}
        }
    }
    out
}
