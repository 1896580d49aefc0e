//! brat's `annotation.conf`: the entity, relation, event and attribute types
//! of a collection. Read into the scheme on import; written from the scheme
//! by [`annotation_conf`](super::annotation_conf).
//!
//! The syntax (brat's `projectconfig.py`): `[entities]`, `[relations]`,
//! `[events]` and `[attributes]` sections; one type per line, optionally
//! indented for hierarchy and prefixed with `!` when it only groups others;
//! `TYPE|ALIAS…` then, after whitespace, comma-separated `KEY:VALUES`
//! arguments; `#` comments, `----` separators and `<MACRO>=…` definitions.

use crate::error::Error;

/// The types one `annotation.conf` declares, in the order it declares them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Conf {
    /// Entity types (from `[entities]`, or the older `[spans]`).
    pub entities: Vec<String>,
    /// Relation types.
    pub relations: Vec<String>,
    /// Event types, with their argument roles (without `?`, `*`, `+`).
    pub events: Vec<(String, Vec<String>)>,
    /// Attributes: binary ones have no values.
    pub attributes: Vec<(String, Vec<String>)>,
    /// What the file declares that the scheme cannot hold, described for
    /// the import report, each once.
    pub not_kept: Vec<String>,
}

impl Conf {
    fn not_kept(&mut self, what: &str) {
        if !self.not_kept.iter().any(|w| w == what) {
            self.not_kept.push(what.to_string());
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Entities,
    Relations,
    Events,
    Attributes,
    Other,
}

/// Parses an `annotation.conf`. Lines brat itself would reject are errors
/// naming the line; sections brat ignores are ignored.
pub fn parse(conf: &str) -> Result<Conf, Error> {
    let mut parsed = Conf::default();
    let mut section = Section::Other;
    let mut macros: Vec<(String, String)> = Vec::new();
    for (index, raw) in conf.lines().enumerate() {
        let at = |e: Error| e.at_line(index + 1);
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            section = match &trimmed[1..trimmed.len() - 1] {
                "entities" | "spans" => Section::Entities,
                "relations" => Section::Relations,
                "events" => Section::Events,
                "attributes" => Section::Attributes,
                _ => Section::Other,
            };
            continue;
        }
        if trimmed.chars().all(|c| c == '-') {
            continue;
        }
        if section == Section::Other {
            parsed
                .not_kept("sections other than [entities], [relations], [events] and [attributes]");
            continue;
        }
        if let Some((name, value)) = macro_definition(trimmed) {
            macros.push((name, value));
            continue;
        }
        let mut expanded = trimmed.to_string();
        for (name, value) in &macros {
            expanded = expanded.replace(name.as_str(), value);
        }
        let (terms, args) = match expanded.split_once(char::is_whitespace) {
            Some((terms, args)) => (terms, args.trim()),
            None => (expanded.as_str(), ""),
        };
        let Some(name) = terms.split('|').map(str::trim).find(|t| !t.is_empty()) else {
            return Err(at(
                Error::invalid("a type line names no type").in_field("type")
            ));
        };
        // `!Type` only groups the types under it; reserved names such as
        // <ENTITY-NESTING> configure brat. Neither is a type to annotate with.
        if line.starts_with(char::is_whitespace) || name.starts_with('!') {
            parsed.not_kept(
                "the type hierarchy (indented types, `!` groups): types are kept as a flat list",
            );
        }
        if terms.contains('|') {
            parsed.not_kept("type aliases (`TYPE|ALIAS`)");
        }
        if name.starts_with('<') {
            parsed.not_kept("brat's options (`<ENTITY-NESTING>`, `<REL-TYPE>`…)");
        }
        if name.starts_with('!') || name.starts_with('<') {
            continue;
        }
        let args: Vec<(&str, &str)> = args
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| a.split_once(':').unwrap_or((a, "")))
            .collect();
        let name = name.to_string();
        let constrained = args
            .iter()
            .any(|(key, values)| !key.starts_with('<') && !values.is_empty());
        match (section, constrained) {
            (Section::Relations, true) => {
                parsed.not_kept("the types a relation's arguments allow (`Arg1:Type, Arg2:Type`)")
            }
            (Section::Events, true) => parsed.not_kept(
                "the types an event's arguments allow and how many (`Theme:Protein`, `?`, `*`, `+`)",
            ),
            (Section::Attributes, _) if args.iter().any(|(key, _)| *key == "Arg") => {
                parsed.not_kept("the types an attribute applies to (`Arg:`)")
            }
            _ => {}
        }
        if args.iter().any(|(key, _)| key.starts_with('<')) {
            parsed.not_kept("brat's options (`<ENTITY-NESTING>`, `<REL-TYPE>`…)");
        }
        match section {
            Section::Entities => push_unique(&mut parsed.entities, name),
            Section::Relations => push_unique(&mut parsed.relations, name),
            Section::Events => {
                let roles: Vec<String> = args
                    .iter()
                    .filter(|(key, _)| !key.starts_with('<'))
                    .map(|(key, _)| role_name(key).to_string())
                    .collect();
                if !parsed.events.iter().any(|(n, _)| *n == name) {
                    parsed.events.push((name, roles));
                }
            }
            Section::Attributes => {
                let values: Vec<String> = args
                    .iter()
                    .find(|(key, _)| *key == "Value")
                    .map(|(_, values)| {
                        values
                            .split('|')
                            .map(|v| v.split('<').next().unwrap_or(v).trim().to_string())
                            .filter(|v| !v.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                if !parsed.attributes.iter().any(|(n, _)| *n == name) {
                    parsed.attributes.push((name, values));
                }
            }
            Section::Other => {}
        }
    }
    Ok(parsed)
}

fn push_unique(list: &mut Vec<String>, name: String) {
    if !list.contains(&name) {
        list.push(name);
    }
}

/// `<POG>=Person|Organization` → (`<POG>`, `Person|Organization`).
fn macro_definition(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once('=')?;
    let inner = name.strip_prefix('<')?.strip_suffix('>')?;
    if inner.is_empty()
        || !inner
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
    {
        return None;
    }
    Some((name.to_string(), value.trim().to_string()))
}

/// A role without its cardinality mark or count: `Theme+` → `Theme`,
/// `Person-Arg{2}` → `Person-Arg`.
fn role_name(key: &str) -> &str {
    let key = key.split('{').next().unwrap_or(key);
    key.trim_end_matches(['?', '*', '+'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_tutorial_configuration() {
        let conf = "\
# comment
[entities]
Person
Organization|Org

[relations]
Located            Arg1:Person, Arg2:GPE
Alias              Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive
<OVERLAP>          Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]
<POG>=Person|Organization|GPE
!Life
\tBe-born   Person-Arg:Person, Place-Arg?:GPE
\tMarry     Person-Arg{2}:Person
----
Merge-org  Org-Arg+:Organization
Report Reporter-Arg:<POG>, Event-Arg:<EVENT>

[attributes]
Negation     Arg:<EVENT>
Confidence   Arg:<EVENT>, Value:High|Neutral|Low
";
        let parsed = parse(conf).unwrap();
        assert_eq!(parsed.entities, ["Person", "Organization"]);
        assert_eq!(parsed.relations, ["Located", "Alias"]);
        let events: Vec<(&str, Vec<&str>)> = parsed
            .events
            .iter()
            .map(|(n, r)| (n.as_str(), r.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            events,
            [
                ("Be-born", vec!["Person-Arg", "Place-Arg"]),
                ("Marry", vec!["Person-Arg"]),
                ("Merge-org", vec!["Org-Arg"]),
                ("Report", vec!["Reporter-Arg", "Event-Arg"]),
            ]
        );
        assert_eq!(
            parsed.attributes,
            [
                ("Negation".to_string(), vec![]),
                (
                    "Confidence".to_string(),
                    vec!["High".to_string(), "Neutral".to_string(), "Low".to_string()]
                ),
            ]
        );
    }
}
