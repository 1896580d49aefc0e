//! One change to a scheme, as the scheme editor's controls ask for it, and
//! the scheme it makes. The store applies a change to the scheme as it is
//! when the change arrives, so that quick successive edits (a description,
//! then a colour) all count.

use scholia_core::scheme_edit::Part;
use scholia_core::{AttributeKind, Color, Scheme, Underline};

use crate::words::lines;

/// A text property of the item at some index of its list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field {
    LabelName,
    LabelColor,
    LabelHotkey,
    LabelDescription,
    KindName,
    KindDescription,
    AttributeName,
    AttributeKind,
    AttributeValues,
    AttributeDescription,
    /// `solid` … `wavy`; empty: by the label's place.
    LabelUnderline,
    /// The guidelines' definition of a label.
    LabelDefinition,
    /// A label's examples (or counter-examples), one a line.
    LabelExamples,
    LabelCounterExamples,
    /// The project's guidelines (the index is not used).
    Guidelines,
    /// A document label set's name, its options (separated by commas), and
    /// whether several may be chosen (`true` or `false`).
    SetName,
    SetOptions,
    SetMultiple,
}

/// One change a control of the editor asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Set(Field, usize, String),
    Add(Part, String),
    Move(Part, usize, bool),
    Remove(Part, usize),
    /// The labels a relation type allows at its source (or target).
    Ends(usize, bool, Vec<String>),
    /// The labels and relation types an attribute applies to.
    AppliesTo(usize, Vec<String>),
    /// Removes a document label set (the answers given go with it).
    RemoveSet(usize),
}

/// The scheme with `change` made.
pub fn apply(scheme: &Scheme, change: Change) -> Scheme {
    let mut s = scheme.clone();
    match change {
        Change::Set(field, i, value) => {
            let text = value.trim().to_string();
            let (l, r, a) = (
                s.labels.get_mut(i),
                &mut s.relation_types,
                &mut s.attributes,
            );
            match field {
                Field::LabelName => l.into_iter().for_each(|l| l.name = text.clone()),
                Field::LabelColor => {
                    if let (Some(l), Some(c)) = (l, Color::parse(&text)) {
                        l.color = c;
                    }
                }
                Field::LabelHotkey => l
                    .into_iter()
                    .for_each(|l| l.hotkey = (!text.is_empty()).then(|| text.clone())),
                Field::LabelDescription => l.into_iter().for_each(|l| l.description = text.clone()),
                Field::KindName => r.get_mut(i).into_iter().for_each(|r| r.name = text.clone()),
                Field::KindDescription => r
                    .get_mut(i)
                    .into_iter()
                    .for_each(|r| r.description = text.clone()),
                Field::AttributeName => {
                    a.get_mut(i).into_iter().for_each(|a| a.name = text.clone())
                }
                Field::AttributeDescription => a
                    .get_mut(i)
                    .into_iter()
                    .for_each(|a| a.description = text.clone()),
                Field::AttributeKind => {
                    if let Some(a) = a.get_mut(i) {
                        a.kind = match text.as_str() {
                            "choice" => AttributeKind::Choice(vec!["yes".into(), "no".into()]),
                            "text" => AttributeKind::Text,
                            _ => AttributeKind::Flag,
                        };
                    }
                }
                Field::LabelUnderline => l
                    .into_iter()
                    .for_each(|l| l.underline = Underline::parse(&text)),
                Field::LabelDefinition => l
                    .into_iter()
                    .for_each(|l| l.guide.definition = text.clone()),
                Field::LabelExamples => l.into_iter().for_each(|l| l.guide.examples = lines(&text)),
                Field::LabelCounterExamples => l
                    .into_iter()
                    .for_each(|l| l.guide.counter_examples = lines(&text)),
                Field::Guidelines => s.guidelines = text.clone(),
                Field::SetName => {
                    if let Some(set) = s.document_label_sets.get_mut(i) {
                        if !text.is_empty() {
                            set.name = text.clone();
                        }
                    }
                }
                Field::SetOptions => {
                    let mut options: Vec<String> = Vec::new();
                    for option in text.split(',').map(str::trim).filter(|o| !o.is_empty()) {
                        if !options.iter().any(|o| o == option) {
                            options.push(option.to_string());
                        }
                    }
                    if let Some(set) = s.document_label_sets.get_mut(i) {
                        if !options.is_empty() {
                            set.options = options;
                        }
                    }
                }
                Field::SetMultiple => {
                    if let Some(set) = s.document_label_sets.get_mut(i) {
                        set.multiple = text == "true";
                    }
                }
                Field::AttributeValues => {
                    let values = text
                        .split(',')
                        .map(|v| v.trim().to_string())
                        .filter(|v| !v.is_empty())
                        .collect();
                    if let Some(a) = a.get_mut(i) {
                        a.kind = AttributeKind::Choice(values);
                    }
                }
            }
        }
        Change::Add(part, name) => {
            if !name.trim().is_empty() {
                match part {
                    Part::Labels => s.add_label(&name),
                    Part::RelationTypes => s.add_relation_type(&name),
                    Part::Attributes => s.add_attribute(&name),
                };
            }
        }
        Change::Move(part, i, up) => {
            s.move_item(part, i, up);
        }
        Change::Remove(part, i) => match part {
            Part::Labels => {
                if let Some(id) = s.labels.get(i).map(|l| l.id.clone()) {
                    s.remove_label(&id);
                }
            }
            Part::RelationTypes => {
                if let Some(id) = s.relation_types.get(i).map(|r| r.id.clone()) {
                    s.remove_relation_type(&id);
                }
            }
            Part::Attributes => {
                if let Some(id) = s.attributes.get(i).map(|a| a.id.clone()) {
                    s.remove_attribute(&id);
                }
            }
        },
        Change::Ends(i, source, labels) => {
            if let Some(r) = s.relation_types.get_mut(i) {
                *(if source {
                    &mut r.source_labels
                } else {
                    &mut r.target_labels
                }) = labels;
            }
        }
        Change::AppliesTo(i, owners) => {
            if let Some(a) = s.attributes.get_mut(i) {
                a.applies_to = owners;
            }
        }
        Change::RemoveSet(i) => {
            if i < s.document_label_sets.len() {
                s.document_label_sets.remove(i);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_make_the_new_scheme() {
        let scheme = Scheme::default_scheme();
        let s = apply(&scheme, Change::Set(Field::LabelName, 0, " Person ".into()));
        assert_eq!(s.labels[0].name, "Person");
        let s = apply(&s, Change::Set(Field::LabelColor, 1, "#102030".into()));
        assert_eq!(s.labels[1].color, Color([0x10, 0x20, 0x30]));
        let s = apply(&s, Change::Set(Field::LabelColor, 1, "orange".into()));
        assert_eq!(
            s.labels[1].color,
            Color([0x10, 0x20, 0x30]),
            "not a colour: unchanged"
        );
        let s = apply(&s, Change::Set(Field::LabelHotkey, 2, "".into()));
        assert_eq!(s.labels[2].hotkey, None);
        let s = apply(&s, Change::Add(Part::Labels, "Place".into()));
        let s = apply(&s, Change::Move(Part::Labels, 3, true));
        assert_eq!(s.labels[2].name, "Place");
        let s = apply(&s, Change::Ends(0, false, vec!["place".into()]));
        assert_eq!(s.relation_types[0].target_labels, ["place"]);
        let s = apply(
            &s,
            Change::Set(Field::AttributeValues, 0, "true, false , ,unknown".into()),
        );
        assert_eq!(
            s.attributes[0].kind,
            AttributeKind::Choice(vec!["true".into(), "false".into(), "unknown".into()])
        );
        let s = apply(&s, Change::Set(Field::AttributeKind, 1, "text".into()));
        assert_eq!(s.attributes[1].kind, AttributeKind::Text);
        let s = apply(&s, Change::Remove(Part::Labels, 3)); // Claim
        assert!(s.label("claim").is_none());
        assert_eq!(apply(&s, Change::Add(Part::Attributes, "  ".into())), s);
    }

    #[test]
    fn underlines_and_guidelines_are_edited() {
        let s = Scheme::default_scheme();
        assert_eq!(s.labels[1].underline_at(1), Underline::Dashed);
        let s = apply(&s, Change::Set(Field::LabelUnderline, 1, "wavy".into()));
        assert_eq!(s.labels[1].underline_at(1), Underline::Wavy);
        let s = apply(&s, Change::Set(Field::LabelUnderline, 1, "".into()));
        assert_eq!(s.labels[1].underline, None);
        let s = apply(
            &s,
            Change::Set(
                Field::LabelExamples,
                0,
                "Edi Rama\n\n  the police \n".into(),
            ),
        );
        assert_eq!(s.labels[0].guide.examples, ["Edi Rama", "the police"]);
        let s = apply(
            &s,
            Change::Set(Field::Guidelines, 0, " Tag *people*. ".into()),
        );
        assert_eq!(s.guidelines, "Tag *people*.");
    }
}
