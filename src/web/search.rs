//! Searching the document with JavaScript's own `RegExp`, so that the
//! bundle carries no regular-expression engine or Unicode tables. Matches
//! come back as UTF-16 ranges over the whole text; the core's
//! `Text::ranges_from_utf16` turns them into code points.

use std::ops::Range;

use js_sys::{Array, Function, JsString, Reflect, RegExp};
use scholia_core::Text;
use wasm_bindgen::JsCast;

/// Hits beyond this many are not shown (nor annotated).
pub const MAX_HITS: usize = 10_000;

/// The hits of a search, in code points, and whether there were more.
#[derive(Default)]
pub struct Found {
    pub hits: Vec<Range<usize>>,
    pub truncated: bool,
}

/// `query` with every character that has a meaning in a pattern escaped
/// (the syntax characters of a Unicode-mode `RegExp`).
fn escape(query: &str) -> String {
    let mut out = String::with_capacity(query.len() * 2);
    for c in query.chars() {
        if "\\^$.*+?()[]{}|/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A `RegExp`, or the browser's message when the pattern is invalid.
fn compile(pattern: &str, flags: &str) -> Result<RegExp, String> {
    let constructor: Function = Reflect::get(&js_sys::global(), &"RegExp".into())
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("this browser has no RegExp")?;
    let args = Array::of2(&pattern.into(), &flags.into());
    Reflect::construct(&constructor, &args)
        .map_err(|e| {
            Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "invalid pattern".into())
        })?
        .dyn_into()
        .map_err(|_| "invalid pattern".to_string())
}

/// A search ready to run: the pattern compiled and the text copied into a
/// JavaScript string for it (nothing for an empty query, which finds
/// nothing). Copying a long text is most of a search's cost (about 30 ms
/// for 5 MB of Arabic), so a long one can be prepared in one task and run
/// in the next.
pub struct Prepared(Option<(RegExp, JsString)>);

/// Prepares a search for `query` in `text`: literally, or as a regular
/// expression; in any case unless `match_case`. The browser's message for
/// an invalid pattern.
pub fn prepare(
    text: &Text,
    query: &str,
    regex: bool,
    match_case: bool,
) -> Result<Prepared, String> {
    if query.is_empty() {
        return Ok(Prepared(None));
    }
    let pattern = if regex {
        query.to_string()
    } else {
        escape(query)
    };
    let flags = if match_case { "gu" } else { "giu" };
    let regexp = compile(&pattern, flags)?;
    Ok(Prepared(Some((regexp, JsString::from(text.as_str())))))
}

impl Prepared {
    /// The hits in `text` (the text the search was prepared with). Empty
    /// matches are skipped.
    pub fn find(&self, text: &Text) -> Found {
        let Some((regexp, haystack)) = &self.0 else {
            return Found::default();
        };
        let mut ranges = Vec::new();
        let mut truncated = false;
        let matches = haystack.match_all(regexp);
        while let Ok(next) = matches.next() {
            if next.done() {
                break;
            }
            let found = next.value();
            let index = Reflect::get(&found, &"index".into())
                .ok()
                .and_then(|i| i.as_f64())
                .unwrap_or(0.0) as usize;
            let length = Array::from(&found)
                .get(0)
                .dyn_into::<JsString>()
                .map_or(0, |s| s.length() as usize);
            if length == 0 {
                continue;
            }
            if ranges.len() == MAX_HITS {
                truncated = true;
                break;
            }
            ranges.push((index, index + length));
        }
        Found {
            hits: text.ranges_from_utf16(&ranges),
            truncated,
        }
    }
}

/// Finds `query` in `text` at once: [`prepare`], then [`Prepared::find`].
pub fn find(text: &Text, query: &str, regex: bool, match_case: bool) -> Result<Found, String> {
    Ok(prepare(text, query, regex, match_case)?.find(text))
}
