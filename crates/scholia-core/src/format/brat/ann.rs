//! Lines of a brat `.ann` file, parsed the way brat's own `annotation.py`
//! reads them: `ID<TAB>DATA[<TAB>TAIL]`, the kind given by the id's first
//! character.

use crate::error::{quoted, Error, ErrorKind};

/// One parsed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based.
    pub number: usize,
    /// `T12`, `#3`, or `*` for an equivalence.
    pub id: &'a str,
    pub item: Item<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item<'a> {
    /// `T1<TAB>TYPE START END[;START END…]<TAB>TEXT`
    TextBound {
        kind: &'a str,
        spans: Vec<(usize, usize)>,
        /// Everything after the second tab (the covered text, possibly
        /// followed by more); `None` when the line has no text.
        text: Option<&'a str>,
    },
    /// `R1<TAB>TYPE ROLE1:ID1 ROLE2:ID2`
    Relation {
        kind: &'a str,
        args: [(&'a str, &'a str); 2],
        tail: &'a str,
    },
    /// `E1<TAB>TYPE:TRIGGER [ROLE:ID…]`
    Event {
        kind: &'a str,
        trigger: &'a str,
        args: Vec<(&'a str, &'a str)>,
        tail: &'a str,
    },
    /// `A1<TAB>TYPE TARGET [VALUE]`, or the older `M1<TAB>TYPE TARGET`.
    Attribute {
        kind: &'a str,
        target: &'a str,
        value: Option<&'a str>,
        tail: &'a str,
    },
    /// `N1<TAB>TYPE TARGET DB:ID<TAB>TEXT`; `reference` is everything after
    /// `TYPE TARGET `.
    Normalization {
        kind: &'a str,
        target: &'a str,
        reference: &'a str,
    },
    /// `#1<TAB>TYPE TARGET<TAB>TEXT`
    Note {
        kind: &'a str,
        target: &'a str,
        text: Option<&'a str>,
    },
    /// `*<TAB>TYPE ID1 ID2…`
    Equiv {
        kind: &'a str,
        members: Vec<&'a str>,
        tail: &'a str,
    },
}

impl Item<'_> {
    /// How a line of this kind is named in messages.
    pub fn describe(&self, id: &str) -> String {
        let what = match self {
            Item::TextBound { .. } => "text-bound annotation",
            Item::Relation { .. } => "relation",
            Item::Event { .. } => "event",
            Item::Attribute { .. } => "attribute",
            Item::Normalization { .. } => "normalization",
            Item::Note { .. } => "note",
            Item::Equiv { .. } => "equivalence",
        };
        if id == "*" {
            what.to_string()
        } else {
            format!("{what} {}", quoted(id))
        }
    }
}

/// Parses every line of an `.ann` file. Blank lines are skipped; a line
/// ending in CR LF loses its CR (brat reads with universal newlines).
pub fn parse(ann: &str) -> Result<Vec<Line<'_>>, Error> {
    let mut lines = Vec::new();
    for (index, raw) in ann.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        lines.push(parse_line(raw, index + 1)?);
    }
    Ok(lines)
}

/// The kind letter and number of a brat id: `T12` → (`T`, 12). brat accepts
/// `LETTERS DIGITS ANYTHING` (and `#` for notes, `*` for equivalences).
pub fn split_id(id: &str) -> Option<(char, u64)> {
    let first = id.chars().next()?;
    let rest = if first == '#' {
        id[1..].trim_start_matches(|c: char| c.is_ascii_alphabetic())
    } else if first.is_ascii_alphabetic() {
        id.trim_start_matches(|c: char| c.is_ascii_alphabetic())
    } else {
        return None;
    };
    let digits: &str =
        &rest[..rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len()];
    if digits.is_empty() {
        return None;
    }
    // Ids with absurdly many digits still sort; they just share a number.
    Some((first, digits.parse().unwrap_or(u64::MAX)))
}

fn parse_line(line: &str, number: usize) -> Result<Line<'_>, Error> {
    let fail = |message: String| Error::invalid(message).at_line(number);
    let Some((id, id_tail)) = line.split_once('\t') else {
        return Err(Error::new(ErrorKind::Syntax(format!(
            "{} is not a brat line: an id, a tab, then the annotation",
            quoted(line)
        )))
        .at_line(number));
    };
    let kind_char = if id == "*" {
        '*'
    } else {
        match split_id(id) {
            Some((c, _)) if !id.contains(char::is_whitespace) => c,
            _ => {
                return Err(fail(format!(
                    "{} is not a brat id (a letter such as T, R, E, A, M, N or #, then a number)",
                    quoted(id)
                ))
                .in_field("id"))
            }
        }
    };
    let (data, tail) = match id_tail.find('\t') {
        Some(tab) => (&id_tail[..tab], &id_tail[tab..]),
        None => (id_tail, ""),
    };
    let item = match kind_char {
        'T' => text_bound(data, tail),
        'R' => relation(data, tail),
        'E' => event(data, tail),
        'A' => attribute(data, tail),
        'M' => modifier(data, tail),
        'N' => normalization(data, id_tail),
        '#' => note(data, tail),
        '*' => equiv(data, tail),
        other => Err(Error::invalid(format!(
            "brat has no annotation kind {}",
            quoted(&other.to_string())
        ))
        .in_field("id")),
    };
    let item = item.map_err(|e| e.at_line(number).in_record(id_record(id, kind_char)))?;
    Ok(Line { number, id, item })
}

fn id_record(id: &str, kind: char) -> String {
    let what = match kind {
        'T' => "text-bound annotation",
        'R' => "relation",
        'E' => "event",
        'A' | 'M' => "attribute",
        'N' => "normalization",
        '#' => "note",
        '*' => return "equivalence".to_string(),
        _ => "annotation",
    };
    format!("{what} {}", quoted(id))
}

fn text_bound<'a>(data: &'a str, tail: &'a str) -> Result<Item<'a>, Error> {
    let Some((kind, offsets)) = data.split_once(' ') else {
        return Err(Error::invalid(format!(
            "{} has no offsets: expected TYPE START END",
            quoted(data)
        ))
        .in_field("offsets"));
    };
    check_type(kind)?;
    let mut spans = Vec::new();
    for (i, span) in offsets.split(';').enumerate() {
        let bad = || {
            Error::invalid(format!(
                "{} is not a start and an end offset (two whole numbers separated by a space)",
                quoted(span)
            ))
            .in_field(format!("offsets[{i}]"))
        };
        let (start, end) = span.split_once(' ').ok_or_else(bad)?;
        let end = end.trim_end();
        let number = |s: &str| -> Option<usize> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        let (Some(start), Some(end)) = (number(start), number(end)) else {
            return Err(bad());
        };
        spans.push((start, end));
    }
    let text = tail.strip_prefix('\t');
    Ok(Item::TextBound { kind, spans, text })
}

fn role_and_id(arg: &str, field: String) -> Result<(&str, &str), Error> {
    match arg.split_once(':') {
        Some((role, id)) if !role.is_empty() && !id.is_empty() && !id.contains(':') => {
            Ok((role, id))
        }
        _ => Err(
            Error::invalid(format!("{} is not ROLE:ID (such as Arg1:T3)", quoted(arg)))
                .in_field(field),
        ),
    }
}

fn relation<'a>(data: &'a str, tail: &'a str) -> Result<Item<'a>, Error> {
    let Some((kind, rest)) = data.split_once(' ') else {
        return Err(Error::invalid(format!(
            "{} has no arguments: expected TYPE Arg1:ID Arg2:ID",
            quoted(data)
        ))
        .in_field("arguments"));
    };
    check_type(kind)?;
    let args: Vec<&str> = rest.split_whitespace().collect();
    if args.len() != 2 {
        return Err(Error::invalid(format!(
            "a relation has exactly two arguments, not {}",
            args.len()
        ))
        .in_field("arguments"));
    }
    let first = role_and_id(args[0], "arguments[0]".into())?;
    let second = role_and_id(args[1], "arguments[1]".into())?;
    Ok(Item::Relation {
        kind,
        args: [first, second],
        tail,
    })
}

fn event<'a>(data: &'a str, tail: &'a str) -> Result<Item<'a>, Error> {
    let (head, rest) = data.split_once(' ').unwrap_or((data, ""));
    let (kind, trigger) = match head.split_once(':') {
        Some((kind, trigger)) if !kind.is_empty() && !trigger.is_empty() => (kind, trigger),
        _ => {
            return Err(Error::invalid(format!(
                "{} is not TYPE:TRIGGER (such as Merge-org:T5)",
                quoted(head)
            ))
            .in_field("trigger"))
        }
    };
    let mut args = Vec::new();
    for (i, arg) in rest.split_whitespace().enumerate() {
        args.push(role_and_id(arg, format!("arguments[{i}]"))?);
    }
    Ok(Item::Event {
        kind,
        trigger,
        args,
        tail,
    })
}

fn attribute<'a>(data: &'a str, tail: &'a str) -> Result<Item<'a>, Error> {
    let mut parts = data.splitn(3, ' ');
    let kind = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or_default();
    let value = parts.next();
    if kind.is_empty() || target.is_empty() || value == Some("") {
        return Err(
            Error::invalid(format!("{} is not TYPE TARGET [VALUE]", quoted(data)))
                .in_field("target"),
        );
    }
    Ok(Item::Attribute {
        kind,
        target,
        value,
        tail,
    })
}

fn modifier<'a>(data: &'a str, tail: &'a str) -> Result<Item<'a>, Error> {
    let parts: Vec<&str> = data.split_whitespace().collect();
    let [kind, target] = parts[..] else {
        return Err(
            Error::invalid(format!("{} is not TYPE TARGET", quoted(data))).in_field("target"),
        );
    };
    Ok(Item::Attribute {
        kind,
        target,
        value: None,
        tail,
    })
}

/// `data` is the line after the id up to any tab; `id_tail` the whole line
/// after the id (so the reference keeps its tab and text).
fn normalization<'a>(data: &'a str, id_tail: &'a str) -> Result<Item<'a>, Error> {
    let bad = || {
        Error::invalid(format!(
            "{} is not TYPE TARGET DATABASE:ID (such as Reference T1 Wikipedia:534366)",
            quoted(data)
        ))
        .in_field("reference")
    };
    let (kind, rest) = data.split_once(' ').ok_or_else(bad)?;
    let (target, reference) = rest.split_once(' ').ok_or_else(bad)?;
    let key = reference.split_whitespace().next().unwrap_or_default();
    match key.split_once(':') {
        Some((db, id))
            if !kind.is_empty() && !target.is_empty() && !db.is_empty() && !id.is_empty() => {}
        _ => return Err(bad()),
    }
    // `data` is a prefix of `id_tail`: the reference runs to the line's end.
    let reference = &id_tail[data.len() - reference.len()..];
    Ok(Item::Normalization {
        kind,
        target,
        reference,
    })
}

fn note<'a>(data: &'a str, tail: &'a str) -> Result<Item<'a>, Error> {
    let parts: Vec<&str> = data.split_whitespace().collect();
    let [kind, target] = parts[..] else {
        return Err(Error::invalid(format!(
            "{} is not TYPE TARGET (such as AnnotatorNotes T1)",
            quoted(data)
        ))
        .in_field("target"));
    };
    Ok(Item::Note {
        kind,
        target,
        text: tail.strip_prefix('\t'),
    })
}

fn equiv<'a>(data: &'a str, tail: &'a str) -> Result<Item<'a>, Error> {
    let mut parts = data.split_whitespace();
    let kind = parts.next().unwrap_or_default();
    let members: Vec<&str> = parts.collect();
    if kind.is_empty() || members.len() < 2 {
        return Err(Error::invalid(format!(
            "{} is not TYPE ID1 ID2… (an equivalence needs at least two members)",
            quoted(data)
        ))
        .in_field("members"));
    }
    Ok(Item::Equiv {
        kind,
        members,
        tail,
    })
}

fn check_type(kind: &str) -> Result<(), Error> {
    if kind.is_empty() {
        return Err(Error::invalid("the type is empty").in_field("type"));
    }
    Ok(())
}
