//! spaCy / Prodigy pattern files (JSON Lines): one pattern a line,
//! `{"label": "GPE", "pattern": "San Francisco"}` (a phrase, matched as a
//! whole-word phrase, case as written) or `{"label": "GPE", "pattern":
//! [{"LOWER": "san"}, {"LOWER": "francisco"}], "id": "sf"}` (tokens).
//!
//! A token's spec may test `ORTH`, `TEXT`, `LOWER` (a string, or `{"IN":
//! […]}` / `{"NOT_IN": […]}`), `LENGTH` (a number), the flags `IS_ALPHA`,
//! `IS_ASCII`, `IS_DIGIT`, `IS_PUNCT`, `IS_UPPER`, `IS_LOWER`, `IS_TITLE`,
//! `IS_SPACE`, `LIKE_NUM` (true or false), and carry an `OP`: `!` (one
//! token that does not match, as spaCy's matcher does), `?`, `*`, `+` or
//! `1`. An empty spec `{}` matches any token. Attributes that need a
//! linguistic model (`POS`, `LEMMA`, `DEP`…) or are not supported (`REGEX`)
//! are refused with the line and the field named. Tokens are
//! [`super::tokens`]' tokens, which never include white space, so `IS_SPACE`
//! matches nothing.

use serde_json::Value;

use super::tokens::Token;
use crate::error::{quoted, Error};

/// A pattern: a phrase or a token sequence, with its label and id.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub label: String,
    pub id: Option<String>,
    pub kind: PatternKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    Phrase(String),
    Tokens(Vec<TokenSpec>),
}

/// How many tokens a spec takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    One,
    /// `!`: one token that does not match.
    Not,
    Optional,
    /// `*`; a `+` is read as the spec once, then the spec with `*`.
    Any,
}

/// A string test on a token.
#[derive(Debug, Clone, PartialEq)]
pub enum StringTest {
    Is(String),
    In(Vec<String>),
    NotIn(Vec<String>),
}

impl StringTest {
    fn accepts(&self, value: &str) -> bool {
        match self {
            StringTest::Is(s) => s == value,
            StringTest::In(list) => list.iter().any(|s| s == value),
            StringTest::NotIn(list) => !list.iter().any(|s| s == value),
        }
    }
}

/// The flags a spec may test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Alpha,
    Ascii,
    Digit,
    Punct,
    Upper,
    Lower,
    Title,
    Space,
    LikeNum,
}

const FLAGS: [(&str, Flag); 9] = [
    ("IS_ALPHA", Flag::Alpha),
    ("IS_ASCII", Flag::Ascii),
    ("IS_DIGIT", Flag::Digit),
    ("IS_PUNCT", Flag::Punct),
    ("IS_UPPER", Flag::Upper),
    ("IS_LOWER", Flag::Lower),
    ("IS_TITLE", Flag::Title),
    ("IS_SPACE", Flag::Space),
    ("LIKE_NUM", Flag::LikeNum),
];

/// One token's spec.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenSpec {
    pub orth: Option<StringTest>,
    pub lower: Option<StringTest>,
    pub length: Option<usize>,
    pub flags: Vec<(Flag, bool)>,
    pub quantifier: Quantifier,
}

impl TokenSpec {
    fn tests(&self, token: &str) -> bool {
        self.orth.as_ref().is_none_or(|t| t.accepts(token))
            && self
                .lower
                .as_ref()
                .is_none_or(|t| t.accepts(&token.to_lowercase()))
            && self.length.is_none_or(|n| token.chars().count() == n)
            && self
                .flags
                .iter()
                .all(|(f, want)| has_flag(token, *f) == *want)
    }

    /// Whether the token counts as matching, `!` included.
    fn accepts(&self, token: &str) -> bool {
        self.tests(token) != (self.quantifier == Quantifier::Not)
    }
}

/// Whether a token has a flag, as Python's `str` methods and spaCy's
/// lexical attributes say (`IS_PUNCT` is approximated without Unicode
/// categories: ASCII punctuation that is not a symbol, and the
/// punctuation blocks).
pub fn has_flag(token: &str, flag: Flag) -> bool {
    let chars = || token.chars();
    let nonempty = !token.is_empty();
    match flag {
        Flag::Alpha => nonempty && chars().all(char::is_alphabetic),
        Flag::Ascii => chars().all(|c| c.is_ascii()),
        Flag::Digit => nonempty && chars().all(char::is_numeric),
        Flag::Punct => nonempty && chars().all(is_punctuation),
        Flag::Upper => chars().any(char::is_uppercase) && !chars().any(char::is_lowercase),
        Flag::Lower => chars().any(char::is_lowercase) && !chars().any(char::is_uppercase),
        Flag::Title => {
            let mut cased = chars().filter(|c| c.is_uppercase() || c.is_lowercase());
            cased.next().is_some_and(char::is_uppercase) && cased.all(char::is_lowercase)
        }
        Flag::Space => nonempty && chars().all(char::is_whitespace),
        Flag::LikeNum => {
            let digits: String = chars().filter(|c| !matches!(c, ',' | '.')).collect();
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
        }
    }
}

fn is_punctuation(c: char) -> bool {
    (c.is_ascii_punctuation() && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~'))
        || matches!(c,
            '¡' | '§' | '«' | '¶' | '·' | '»' | '¿' | '\u{060c}' | '\u{061b}' | '\u{061f}' | '\u{06d4}'
            | '\u{0964}' | '\u{0965}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}'
            | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}'
            | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}' | '\u{ff1b}' | '\u{ff1f}' | '\u{ff3b}'..='\u{ff3d}')
}

/// Reads a pattern file. Blank lines are skipped; any other line must be a
/// pattern, and an error names the file, the line and the field.
pub fn parse(input: &str, file_name: &str) -> Result<Vec<Pattern>, Error> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut patterns = Vec::new();
    for (index, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |e: Error| e.in_file(file_name).at_line(index + 1);
        let value: Value = serde_json::from_str(line)
            .map_err(|e| at(Error::new(crate::ErrorKind::Syntax(e.to_string()))))?;
        patterns.push(pattern(&value).map_err(at)?);
    }
    Ok(patterns)
}

fn pattern(value: &Value) -> Result<Pattern, Error> {
    let Value::Object(object) = value else {
        return Err(Error::invalid(
            "a pattern must be a JSON object with a label and a pattern",
        ));
    };
    let label = match object.get("label") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) => {
            return Err(Error::invalid("the label is empty").in_field("label"))
        }
        Some(_) => return Err(Error::invalid("the label must be a string").in_field("label")),
        None => return Err(Error::new(crate::ErrorKind::Missing).in_field("label")),
    };
    let id = match object.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(Error::invalid("the id must be a string").in_field("id")),
    };
    let kind = match object.get("pattern") {
        Some(Value::String(s)) if !s.is_empty() => PatternKind::Phrase(s.clone()),
        Some(Value::String(_)) => {
            return Err(Error::invalid("the phrase is empty").in_field("pattern"))
        }
        Some(Value::Array(specs)) if !specs.is_empty() => {
            let mut tokens = Vec::new();
            for (i, spec) in specs.iter().enumerate() {
                let field = format!("pattern[{i}]");
                let (spec, plus) = token_spec(spec).map_err(|e| e.in_field(field))?;
                if plus {
                    tokens.push(spec.clone());
                    tokens.push(TokenSpec {
                        quantifier: Quantifier::Any,
                        ..spec
                    });
                } else {
                    tokens.push(spec);
                }
            }
            PatternKind::Tokens(tokens)
        }
        Some(Value::Array(_)) => {
            return Err(Error::invalid("the token pattern is empty").in_field("pattern"))
        }
        Some(_) => {
            return Err(Error::invalid(
                "the pattern must be a phrase (a string) or a list of token specs",
            )
            .in_field("pattern"))
        }
        None => return Err(Error::new(crate::ErrorKind::Missing).in_field("pattern")),
    };
    Ok(Pattern { label, id, kind })
}

/// A spec, and whether its `OP` was `+`.
fn token_spec(value: &Value) -> Result<(TokenSpec, bool), Error> {
    let Value::Object(object) = value else {
        return Err(Error::invalid(
            "a token spec must be a JSON object such as {\"LOWER\": \"paris\"}",
        ));
    };
    let mut spec = TokenSpec {
        orth: None,
        lower: None,
        length: None,
        flags: Vec::new(),
        quantifier: Quantifier::One,
    };
    let mut plus = false;
    for (key, value) in object {
        let upper = key.to_ascii_uppercase();
        let in_key = |e: Error| e.in_field(key.clone());
        match upper.as_str() {
            "ORTH" | "TEXT" => spec.orth = Some(string_test(value).map_err(in_key)?),
            "LOWER" => {
                spec.lower = Some(match string_test(value).map_err(in_key)? {
                    StringTest::Is(s) => StringTest::Is(s.to_lowercase()),
                    StringTest::In(l) => {
                        StringTest::In(l.iter().map(|s| s.to_lowercase()).collect())
                    }
                    StringTest::NotIn(l) => {
                        StringTest::NotIn(l.iter().map(|s| s.to_lowercase()).collect())
                    }
                })
            }
            "LENGTH" => {
                spec.length = Some(
                    value
                        .as_u64()
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| in_key(Error::invalid("LENGTH must be a whole number")))?,
                )
            }
            "OP" => {
                (spec.quantifier, plus) = match value.as_str() {
                    Some("!") => (Quantifier::Not, false),
                    Some("?") => (Quantifier::Optional, false),
                    Some("*") => (Quantifier::Any, false),
                    Some("+") => (Quantifier::One, true),
                    Some("1") => (Quantifier::One, false),
                    _ => {
                        return Err(in_key(Error::invalid(format!(
                            "the operator {} is not one Scholia reads: use !, ?, *, + or 1",
                            quoted(&value.to_string())
                        ))))
                    }
                }
            }
            _ => match FLAGS.iter().find(|(name, _)| *name == upper) {
                Some((_, flag)) => {
                    let Some(want) = value.as_bool() else {
                        return Err(in_key(Error::invalid(format!(
                            "{upper} must be true or false"
                        ))));
                    };
                    spec.flags.push((*flag, want));
                }
                None => {
                    let why = match upper.as_str() {
                        "POS" | "TAG" | "MORPH" | "LEMMA" | "DEP" | "ENT_TYPE" | "ENT_IOB"
                        | "ENT_ID" | "SENT_START" | "NORM" | "_" => {
                            "it needs a linguistic model, which Scholia does not have"
                        }
                        _ => "Scholia does not read this attribute",
                    };
                    return Err(in_key(Error::invalid(format!(
                        "the token attribute {} is not supported: {why} (supported: ORTH, TEXT, LOWER, LENGTH, IS_* flags, LIKE_NUM, OP)",
                        quoted(key)
                    ))));
                }
            },
        }
    }
    Ok((spec, plus))
}

fn string_test(value: &Value) -> Result<StringTest, Error> {
    let strings = |list: &Value, name: &str| -> Result<Vec<String>, Error> {
        list.as_array()
            .and_then(|items| items.iter().map(|v| v.as_str().map(String::from)).collect())
            .ok_or_else(|| {
                Error::invalid(format!("{name} must be a list of strings")).in_field(name)
            })
    };
    match value {
        Value::String(s) => Ok(StringTest::Is(s.clone())),
        Value::Object(object) if object.len() == 1 => {
            let (key, list) = object.iter().next().unwrap_or_else(|| unreachable!());
            match key.as_str() {
                "IN" => Ok(StringTest::In(strings(list, "IN")?)),
                "NOT_IN" => Ok(StringTest::NotIn(strings(list, "NOT_IN")?)),
                other => Err(Error::invalid(format!(
                    "{} is not supported here: use a string, IN or NOT_IN",
                    quoted(other)
                ))
                .in_field(other.to_string())),
            }
        }
        _ => Err(Error::invalid(
            "expected a string, or {\"IN\": [...]} or {\"NOT_IN\": [...]}",
        )),
    }
}

/// Where a token pattern matches in a sentence: for each start, the
/// longest match, as (first token, one past the last token).
pub fn match_tokens(specs: &[TokenSpec], tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for start in 0..tokens.len() {
        let mut states = closure(specs, vec![0]);
        let mut longest = None;
        let mut at = start;
        loop {
            if states.contains(&specs.len()) && at > start {
                longest = Some(at);
            }
            if at == tokens.len() || states.is_empty() {
                break;
            }
            let token = tokens[at].text;
            let mut next = Vec::new();
            for &s in states.iter().filter(|&&s| s < specs.len()) {
                if specs[s].accepts(token) {
                    next.push(s + 1);
                    if specs[s].quantifier == Quantifier::Any {
                        next.push(s);
                    }
                }
            }
            states = closure(specs, next);
            at += 1;
        }
        if let Some(end) = longest {
            found.push((start, end));
        }
    }
    found
}

/// The states reachable by skipping optional specs, sorted and unique.
fn closure(specs: &[TokenSpec], mut states: Vec<usize>) -> Vec<usize> {
    let mut i = 0;
    while i < states.len() {
        let s = states[i];
        if s < specs.len()
            && matches!(specs[s].quantifier, Quantifier::Optional | Quantifier::Any)
            && !states.contains(&(s + 1))
        {
            states.push(s + 1);
        }
        i += 1;
    }
    states.sort_unstable();
    states.dedup();
    states
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::tokens::tokens;

    fn matches(line: &str, text: &str) -> Vec<String> {
        let patterns = parse(line, "p.jsonl").unwrap();
        let PatternKind::Tokens(specs) = &patterns[0].kind else {
            panic!("a token pattern")
        };
        let tokens = tokens(text);
        match_tokens(specs, &tokens)
            .into_iter()
            .map(|(a, b)| {
                let chars: Vec<char> = text.chars().collect();
                chars[tokens[a].start..tokens[b - 1].end].iter().collect()
            })
            .collect()
    }

    #[test]
    fn lower_orth_and_flags() {
        let line = r#"{"label": "GPE", "pattern": [{"LOWER": "san"}, {"IS_TITLE": true}]}"#;
        assert_eq!(
            matches(line, "San Francisco and san José, SAN DIEGO"),
            ["San Francisco", "san José"]
        );
        let line = r#"{"label": "N", "pattern": [{"ORTH": "No"}, {"IS_PUNCT": true, "OP": "?"}, {"IS_DIGIT": true}]}"#;
        assert_eq!(matches(line, "No. 5 and No 7, no 9"), ["No. 5", "No 7"]);
        let line = r#"{"label": "A", "pattern": [{"IS_UPPER": true, "LENGTH": 3}]}"#;
        assert_eq!(matches(line, "EFE said ONU and OTAN"), ["EFE", "ONU"]);
        let line = r#"{"label": "L", "pattern": [{"IS_LOWER": true}, {"IS_ALPHA": false}]}"#;
        assert_eq!(matches(line, "Abc def 12 Ghi"), ["def 12"]);
    }

    #[test]
    fn quantifiers() {
        let plus =
            r#"{"label": "P", "pattern": [{"IS_TITLE": true, "OP": "+"}, {"LOWER": "said"}]}"#;
        assert_eq!(
            matches(plus, "then Edi Rama said"),
            ["Edi Rama said", "Rama said"]
        );
        let star = r#"{"label": "P", "pattern": [{"LOWER": "from"}, {"IS_DIGIT": true, "OP": "*"}, {"LOWER": "to"}]}"#;
        assert_eq!(
            matches(star, "from to, from 1 2 to"),
            ["from to", "from 1 2 to"]
        );
        let not = r#"{"label": "P", "pattern": [{"LOWER": "the"}, {"LOWER": "end", "OP": "!"}]}"#;
        assert_eq!(matches(not, "the end, the start"), ["the start"]);
        let any = r#"{"label": "P", "pattern": [{"LOWER": "in"}, {}]}"#;
        assert_eq!(matches(any, "in Tirana"), ["in Tirana"]);
        let within = r#"{"label": "P", "pattern": [{"LOWER": {"IN": ["mr", "mrs"]}}, {"TEXT": {"NOT_IN": ["Smith"]}}]}"#;
        assert_eq!(matches(within, "Mr Smith, Mrs Jones"), ["Mrs Jones"]);
    }

    #[test]
    fn phrases_ids_and_errors_naming_line_and_field() {
        let input = "\n{\"label\": \"ORG\", \"pattern\": \"EFE\", \"id\": \"efe\"}\n";
        let patterns = parse(input, "p.jsonl").unwrap();
        assert_eq!(patterns[0].kind, PatternKind::Phrase("EFE".into()));
        assert_eq!(patterns[0].id.as_deref(), Some("efe"));
        let bad = "{\"label\": \"ORG\", \"pattern\": \"EFE\"}\n{\"label\": \"X\", \"pattern\": [{\"LOWER\": \"a\"}, {\"POS\": \"NOUN\"}]}";
        let e = parse(bad, "p.jsonl").unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.line, e.field.as_deref()),
            (Some("p.jsonl"), Some(2), Some("pattern[1].POS"))
        );
        assert!(e.to_string().contains("linguistic model"), "{e}");
        let e = parse("{\"pattern\": \"x\"}", "p.jsonl").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("label"));
        let e = parse(
            "{\"label\": \"X\", \"pattern\": [{\"OP\": \"{2}\"}]}",
            "p.jsonl",
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("pattern[0].OP"));
        let e = parse(
            "{\"label\": \"X\", \"pattern\": [{\"LOWER\": {\"IN\": [1]}}]}",
            "p.jsonl",
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("pattern[0].LOWER.IN"));
        let e = parse("not json", "p.jsonl").unwrap_err();
        assert_eq!(e.line, Some(1));
    }
}
