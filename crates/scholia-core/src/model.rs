//! The in-memory model: documents, label schemes, annotations and relations.
//!
//! This is not a file schema: each format in [`crate::format`] has its own
//! serde types and converts to and from these.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::text::Text;

/// A point in time, in milliseconds since the Unix epoch (UTC). The core never
/// reads the clock: the shell passes `now` in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-28T17:36:13.042Z`.
    pub fn to_rfc3339(self) -> String {
        let nanos = i128::from(self.0) * 1_000_000;
        match time::OffsetDateTime::from_unix_timestamp_nanos(nanos) {
            Ok(t) => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second(),
                t.millisecond()
            ),
            Err(_) => "1970-01-01T00:00:00.000Z".to_string(),
        }
    }

    /// Parses an RFC 3339 date-time with any offset.
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        let t = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .ok()?;
        i64::try_from(t.unix_timestamp_nanos() / 1_000_000)
            .ok()
            .map(Timestamp)
    }
}

/// A colour written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color(pub [u8; 3]);

impl Color {
    pub fn parse(text: &str) -> Option<Color> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Color([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl Color {
    /// A distinct colour for the `i`-th label of a scheme built from data
    /// (Tableau 10, then darker and lighter variants).
    pub fn palette(i: usize) -> Color {
        const BASE: [[u8; 3]; 10] = [
            [0x1f, 0x77, 0xb4],
            [0xe0, 0x7b, 0x00],
            [0x2c, 0xa0, 0x2c],
            [0xd6, 0x27, 0x28],
            [0x94, 0x67, 0xbd],
            [0x8c, 0x56, 0x4b],
            [0xe3, 0x77, 0xc2],
            [0x7f, 0x7f, 0x7f],
            [0xbc, 0xbd, 0x22],
            [0x17, 0xbe, 0xcf],
        ];
        let [r, g, b] = BASE[i % BASE.len()];
        let shade = |c: u8| match (i / BASE.len()) % 3 {
            0 => c,
            1 => (u16::from(c) * 2 / 3) as u8,
            _ => c + (255 - c) / 3,
        };
        Color([shade(r), shade(g), shade(b)])
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

/// A document: its identity, its title and its text exactly as loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub title: String,
    pub text: Text,
}

impl Document {
    /// A document whose title comes from its first line.
    pub fn new(id: impl Into<String>, text: &str) -> Document {
        let text = Text::new(text);
        let title = crate::title::title_from_text(text.as_str());
        Document {
            id: id.into(),
            title,
            text,
        }
    }
}

/// A label a span can carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelDef {
    pub id: String,
    pub name: String,
    pub color: Color,
    /// One key that applies the label, besides the digit of its position.
    pub hotkey: Option<String>,
    pub description: String,
    /// How its spans are underlined; `None`: by its place in the scheme
    /// ([`Underline::by_position`]).
    pub underline: Option<Underline>,
    /// What the team's guidelines say of it.
    pub guide: LabelGuide,
}

impl LabelDef {
    /// The underline its spans get, the label being the scheme's
    /// `position`th.
    pub fn underline_at(&self, position: usize) -> Underline {
        self.underline
            .unwrap_or_else(|| Underline::by_position(position))
    }
}

/// How a label's spans are underlined, so that labels differ by more than
/// their colour (for readers who do not see it, and with forced colours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Underline {
    Solid,
    Dashed,
    Dotted,
    Double,
    Wavy,
}

impl Underline {
    pub const ALL: [Underline; 5] = [
        Underline::Solid,
        Underline::Dashed,
        Underline::Dotted,
        Underline::Double,
        Underline::Wavy,
    ];

    /// Its name in files, which is also the CSS `text-decoration-style`.
    pub fn name(self) -> &'static str {
        match self {
            Underline::Solid => "solid",
            Underline::Dashed => "dashed",
            Underline::Dotted => "dotted",
            Underline::Double => "double",
            Underline::Wavy => "wavy",
        }
    }

    pub fn parse(name: &str) -> Option<Underline> {
        Underline::ALL.into_iter().find(|u| u.name() == name)
    }

    /// The default of the `position`th label: each style in turn.
    pub fn by_position(position: usize) -> Underline {
        Underline::ALL[position % Underline::ALL.len()]
    }
}

/// A label's part of the team's guidelines: plain text (a line starting with
/// "- " is a list item, `*words*` are emphasised), never markup.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelGuide {
    /// What the label means.
    pub definition: String,
    /// Text that takes the label, one example each.
    pub examples: Vec<String>,
    /// Text that looks like it but does not take it.
    pub counter_examples: Vec<String>,
}

impl LabelGuide {
    pub fn is_empty(&self) -> bool {
        self.definition.trim().is_empty()
            && self.examples.is_empty()
            && self.counter_examples.is_empty()
    }
}

/// A kind of directed link between two annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationType {
    pub id: String,
    pub name: String,
    /// Labels the source may carry; empty means any.
    pub source_labels: Vec<String>,
    /// Labels the target may carry; empty means any.
    pub target_labels: Vec<String>,
    pub description: String,
}

/// What values an attribute takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeKind {
    /// Present (true) or absent.
    Flag,
    /// One of a fixed list of values.
    Choice(Vec<String>),
    /// Free text.
    Text,
}

/// An attribute that annotations (or relations) may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeDef {
    pub id: String,
    pub name: String,
    /// Labels (or relation types) it applies to; empty means all.
    pub applies_to: Vec<String>,
    pub kind: AttributeKind,
    pub description: String,
}

/// The value of one attribute on one annotation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AttributeValue {
    Flag(bool),
    Text(String),
}

/// A question asked of a whole document (topic, relevance, "needs
/// review"), answered per annotator with one option or several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLabelSet {
    pub id: String,
    pub name: String,
    /// Several options may be chosen at once; otherwise at most one.
    pub multiple: bool,
    /// The options, each an id that is also shown.
    pub options: Vec<String>,
    pub description: String,
}

/// The labels, relation types and attributes a document is annotated with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scheme {
    pub labels: Vec<LabelDef>,
    pub relation_types: Vec<RelationType>,
    pub attributes: Vec<AttributeDef>,
    /// Labels of the whole document, each set answered per annotator.
    pub document_label_sets: Vec<DocumentLabelSet>,
    /// The project's annotation guidelines, as plain text (see [`LabelGuide`]).
    pub guidelines: String,
}

impl Scheme {
    pub fn label(&self, id: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.id == id)
    }

    pub fn relation_type(&self, id: &str) -> Option<&RelationType> {
        self.relation_types.iter().find(|r| r.id == id)
    }

    pub fn attribute(&self, id: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.id == id)
    }

    pub fn document_label_set(&self, id: &str) -> Option<&DocumentLabelSet> {
        self.document_label_sets.iter().find(|s| s.id == id)
    }

    /// Declares a document label set found in data (its options those met
    /// so far, several allowed), or adds the option to the set it has.
    pub fn ensure_document_label(&mut self, set: &str, option: &str) {
        match self.document_label_sets.iter_mut().find(|s| s.id == set) {
            Some(known) => {
                if !known.options.iter().any(|o| o == option) {
                    known.options.push(option.to_string());
                }
            }
            None => self.document_label_sets.push(DocumentLabelSet {
                id: set.to_string(),
                name: set.to_string(),
                multiple: true,
                options: vec![option.to_string()],
                description: String::new(),
            }),
        }
    }

    /// Declares a label found in data (with a palette colour), unless the
    /// scheme has it. Returns whether it was added.
    pub fn ensure_label(&mut self, id: &str) -> bool {
        if self.label(id).is_some() {
            return false;
        }
        self.labels.push(LabelDef {
            id: id.to_string(),
            name: id.to_string(),
            color: Color::palette(self.labels.len()),
            hotkey: None,
            description: String::new(),
            underline: None,
            guide: LabelGuide::default(),
        });
        true
    }

    /// Declares a relation type found in data (any labels at either end),
    /// unless the scheme has it. Returns whether it was added.
    pub fn ensure_relation_type(&mut self, id: &str) -> bool {
        if self.relation_type(id).is_some() {
            return false;
        }
        self.relation_types.push(RelationType {
            id: id.to_string(),
            name: id.to_string(),
            source_labels: Vec::new(),
            target_labels: Vec::new(),
            description: String::new(),
        });
        true
    }

    /// Actor, Event and Claim, with the relations and attributes that go with them.
    pub fn default_scheme() -> Scheme {
        let label =
            |id: &str, name: &str, color: [u8; 3], hotkey: &str, description: &str| LabelDef {
                id: id.into(),
                name: name.into(),
                color: Color(color),
                hotkey: Some(hotkey.into()),
                description: description.into(),
                underline: None,
                guide: LabelGuide::default(),
            };
        let relation =
            |id: &str, name: &str, source: &str, target: &str, description: &str| RelationType {
                id: id.into(),
                name: name.into(),
                source_labels: vec![source.into()],
                target_labels: vec![target.into()],
                description: description.into(),
            };
        Scheme {
            labels: vec![
                label(
                    "actor",
                    "Actor",
                    [0x1f, 0x77, 0xb4],
                    "a",
                    "A person, group, organisation or state that acts.",
                ),
                label(
                    "event",
                    "Event",
                    [0xe0, 0x7b, 0x00],
                    "e",
                    "Something that happens.",
                ),
                label(
                    "claim",
                    "Claim",
                    [0x2c, 0xa0, 0x2c],
                    "c",
                    "A statement someone asserts.",
                ),
            ],
            relation_types: vec![
                relation(
                    "source-of",
                    "source of",
                    "claim",
                    "actor",
                    "The claim comes from the actor.",
                ),
                relation(
                    "participant",
                    "participant",
                    "actor",
                    "event",
                    "The actor takes part in the event.",
                ),
                relation(
                    "about",
                    "about",
                    "claim",
                    "event",
                    "The claim is about the event.",
                ),
            ],
            attributes: vec![
                AttributeDef {
                    id: "status".into(),
                    name: "Status".into(),
                    applies_to: vec!["claim".into()],
                    kind: AttributeKind::Choice(vec![
                        "verified".into(),
                        "disputed".into(),
                        "false".into(),
                    ]),
                    description: "Whether the claim holds.".into(),
                },
                AttributeDef {
                    id: "negated".into(),
                    name: "Negated".into(),
                    applies_to: vec!["event".into()],
                    kind: AttributeKind::Flag,
                    description: "The text says the event did not happen.".into(),
                },
            ],
            document_label_sets: Vec::new(),
            guidelines: String::new(),
        }
    }
}

/// A half-open range `[start, end)` of code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fragment {
    pub start: usize,
    pub end: usize,
}

impl Fragment {
    pub fn new(start: usize, end: usize) -> Fragment {
        Fragment { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn overlaps(&self, other: &Fragment) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// An id or a layer's name, shared: a key is copied into every view of a
/// document (its map, the painted highlights, the listed rows), and each
/// copy is the same string, not a new one. Compares, orders and hashes as
/// the `str` it holds.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Name(Arc<str>);

impl Name {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether both are the same string in memory, not only equal.
    pub fn is_shared_with(&self, other: &Name) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(s.into())
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name(s.into())
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Name {
        Name(s.as_str().into())
    }
}

impl From<&Name> for Name {
    fn from(s: &Name) -> Name {
        s.clone()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

/// Identifies an annotation or a relation: ids are unique within a layer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub layer: Name,
    pub id: Name,
}

impl Key {
    pub fn new(layer: impl Into<Name>, id: impl Into<Name>) -> Key {
        Key {
            layer: layer.into(),
            id: id.into(),
        }
    }
}

/// A labelled span of text, made of one or more fragments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub key: Key,
    pub label: Name,
    /// Sorted, non-empty, non-overlapping fragments.
    pub fragments: Vec<Fragment>,
    pub attributes: BTreeMap<String, AttributeValue>,
    /// Free text; empty when there is none.
    pub note: String,
    pub created: Timestamp,
    pub modified: Timestamp,
    /// The id another tool gave it (brat's `T12`, say).
    pub foreign_id: Option<String>,
    /// The id of the entity of the library's knowledge base this span
    /// mentions (see [`crate::knowledge`]).
    pub entity: Option<Name>,
}

impl Annotation {
    /// A new annotation with one fragment and nothing else.
    pub fn new(key: Key, label: impl Into<Name>, fragment: Fragment, now: Timestamp) -> Annotation {
        Annotation {
            key,
            label: label.into(),
            fragments: vec![fragment],
            attributes: BTreeMap::new(),
            note: String::new(),
            created: now,
            modified: now,
            foreign_id: None,
            entity: None,
        }
    }

    /// From the start of the first fragment to the end of the last.
    pub fn extent(&self) -> Fragment {
        let start = self.fragments.first().map_or(0, |f| f.start);
        let end = self.fragments.last().map_or(0, |f| f.end);
        Fragment { start, end }
    }

    /// Document order: by start, longer first, then by layer and id.
    pub fn document_order(&self) -> (usize, std::cmp::Reverse<usize>, &Key) {
        let extent = self.extent();
        (extent.start, std::cmp::Reverse(extent.end), &self.key)
    }

    /// Whether any fragment covers the code point at `offset`.
    pub fn covers(&self, offset: usize) -> bool {
        self.fragments
            .iter()
            .any(|f| f.start <= offset && offset < f.end)
    }
}

/// A directed, typed link from one annotation to another in the same layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub key: Key,
    /// The relation type's id.
    pub kind: String,
    /// Id of the source annotation, in the relation's layer.
    pub source: String,
    /// Id of the target annotation, in the relation's layer.
    pub target: String,
    pub attributes: BTreeMap<String, AttributeValue>,
    pub note: String,
    pub created: Timestamp,
    pub modified: Timestamp,
    pub foreign_id: Option<String>,
}

impl Relation {
    pub fn source_key(&self) -> Key {
        Key::new(self.key.layer.clone(), self.source.clone())
    }

    pub fn target_key(&self) -> Key {
        Key::new(self.key.layer.clone(), self.target.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_format_and_parse() {
        let t = Timestamp(1_764_351_373_042);
        assert_eq!(t.to_rfc3339(), "2025-11-28T17:36:13.042Z");
        assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Some(t));
        assert_eq!(
            Timestamp::parse_rfc3339("2025-11-28T18:36:13.042+01:00"),
            Some(t)
        );
        assert_eq!(Timestamp::parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn colors_are_hex_triplets() {
        assert_eq!(Color::parse("#1f77B4"), Some(Color([0x1f, 0x77, 0xb4])));
        assert_eq!(Color([0x1f, 0x77, 0xb4]).to_string(), "#1f77b4");
        for bad in ["1f77b4", "#1f77b", "#1f77b4ff", "#gg0000", "#１２３４５６"] {
            assert_eq!(Color::parse(bad), None, "{bad}");
        }
    }
}
