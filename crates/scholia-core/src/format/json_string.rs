//! A JSON string literal's value, made in one allocation the size of the
//! literal. serde_json unescapes into a buffer that grows by doubling and
//! stays beside the value until its parser goes: for a book's text that is
//! megabytes more at the peak of an import, and wasm memory never shrinks.

/// The value of `literal`, a JSON string literal with its quotes, as
/// serde_json has already checked it (a `RawValue`): the same value as
/// serde_json's, and the same refusals (an unknown escape, a lone
/// surrogate).
pub(crate) fn unescape(literal: &str) -> Result<String, &'static str> {
    let mut rest = literal
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .ok_or("not a string")?;
    let mut value = String::with_capacity(rest.len());
    while let Some(at) = rest.find('\\') {
        value.push_str(&rest[..at]);
        let (c, length) = match rest.as_bytes().get(at + 1) {
            Some(b'"') => ('"', 2),
            Some(b'\\') => ('\\', 2),
            Some(b'/') => ('/', 2),
            Some(b'b') => ('\u{8}', 2),
            Some(b'f') => ('\u{c}', 2),
            Some(b'n') => ('\n', 2),
            Some(b'r') => ('\r', 2),
            Some(b't') => ('\t', 2),
            Some(b'u') => code_point(&rest[at..])?,
            _ => return Err("invalid escape"),
        };
        value.push(c);
        rest = &rest[at + length..];
    }
    value.push_str(rest);
    value.shrink_to_fit();
    Ok(value)
}

/// The character of a `\uXXXX` escape at the start of `escape` (two, for a
/// surrogate pair) and the escape's length.
fn code_point(escape: &str) -> Result<(char, usize), &'static str> {
    let unit = hex(escape, 2)?;
    match unit {
        0xD800..=0xDBFF => {
            let low = escape
                .get(6..8)
                .filter(|u| *u == "\\u")
                .ok_or("lone leading surrogate in hex escape")
                .and_then(|_| hex(escape, 8))?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return Err("lone leading surrogate in hex escape");
            }
            let c = char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
            Ok((c.ok_or("invalid unicode code point")?, 12))
        }
        0xDC00..=0xDFFF => Err("lone trailing surrogate in hex escape"),
        _ => Ok((char::from_u32(unit).ok_or("invalid unicode code point")?, 6)),
    }
}

/// The four hex digits at `at`.
fn hex(s: &str, at: usize) -> Result<u32, &'static str> {
    let digits = s
        .get(at..at + 4)
        .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or("invalid escape")?;
    u32::from_str_radix(digits, 16).map_err(|_| "invalid escape")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What serde_json makes of a literal.
    fn serde(literal: &str) -> Option<String> {
        serde_json::from_str::<String>(literal).ok()
    }

    #[test]
    fn values_equal_serde_json_s_for_every_escape() {
        for literal in [
            r#""""#,
            r#""plain""#,
            r#""a\"b\\c\/d\be\ff\ng\rh\ti""#,
            r#""caf\u00e9 \u00E9 \u2014 \u0000""#,
            r#""\ud83d\ude00 and 👩‍👩‍👧""#,
            "\"CRLF\\r\\nnext line\"",
        ] {
            assert_eq!(unescape(literal).ok(), serde(literal), "{literal}");
            assert!(serde(literal).is_some(), "{literal}");
        }
        for refused in [
            r#""\ud83d""#,
            r#""\ud83d\u0041""#,
            r#""\ude00""#,
            r#""\x41""#,
            r#""\u00g1""#,
            r#""\u+0e9""#,
            r#""\u00""#,
            r#""ends\""#,
            "unquoted",
        ] {
            assert_eq!(unescape(refused).ok(), None, "{refused}");
            assert_eq!(serde(refused), None, "{refused}");
        }
    }

    proptest! {
        /// Any string, as serde_json writes it and with every character
        /// escaped as `\uXXXX`, reads back to itself.
        #[test]
        fn any_string_written_reads_back(s in any::<String>()) {
            let written = serde_json::to_string(&s).unwrap();
            prop_assert_eq!(unescape(&written).unwrap(), s.clone());
            let mut all_escaped = String::from("\"");
            for unit in s.encode_utf16() {
                all_escaped.push_str(&format!("\\u{unit:04x}"));
            }
            all_escaped.push('"');
            prop_assert_eq!(unescape(&all_escaped).unwrap(), s);
        }

        /// Literals made of valid and broken escapes (each one string as
        /// serde_json's first pass finds it, a `RawValue`): the same value
        /// as serde_json, or refused as it refuses them.
        #[test]
        fn pieces_of_escapes_read_as_serde_json_reads_them(
            pieces in proptest::collection::vec(
                prop::sample::select(vec![
                    "a", "é", "👩", "\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d", "\\ude00",
                    "\\uD83D\\uDE00", "\\u", "\\x", "\\", "\\u12", "/", "\\/",
                ]),
                0..12,
            )
        ) {
            let literal = format!("\"{}\"", pieces.concat());
            prop_assume!(serde_json::from_str::<Box<serde_json::value::RawValue>>(&literal).is_ok());
            prop_assert_eq!(unescape(&literal).ok(), serde(&literal));
        }
    }
}
