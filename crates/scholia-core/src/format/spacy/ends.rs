//! Relations' ends: the annotations a record's relations point at (found
//! by their characters or their last token, or made), and the tokens an
//! export writes so that `head` and `child` can count them.

use std::collections::BTreeSet;

use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

use super::{EndIn, TokenIn, TOKEN_LABEL};
use crate::error::{Error, ErrorKind};
use crate::format::records::{self, shape, Builder, Offsets};
use crate::model::{Fragment, Key};

/// An annotation read from `spans` or made for a relation's end: where the
/// file put it and where it is, to find it by either.
pub(super) struct Placed {
    pub(super) raw: Fragment,
    pub(super) fragment: Fragment,
    pub(super) label: String,
    pub(super) id: String,
    pub(super) token_end: Option<usize>,
}

/// Finds (or makes) the annotations that relations' ends point at.
pub(super) struct Ends<'a> {
    pub(super) builder: &'a mut Builder,
    pub(super) placed: Vec<Placed>,
    pub(super) offsets: &'a Offsets,
    /// The record's `tokens` as fragments, read when first needed.
    pub(super) tokens: Option<Vec<Fragment>>,
    pub(super) raw_tokens: Option<Value>,
    pub(super) layer: &'a str,
    pub(super) n_made: usize,
    pub(super) now: crate::model::Timestamp,
}

impl Ends<'_> {
    /// The id of the annotation at one end (`head` or `child`): by its span
    /// (`head_span`), else by its last token's number. `None` when only a
    /// token number is given and nothing says where that token is.
    pub(super) fn end(
        &mut self,
        span: Option<&EndIn>,
        token: Option<usize>,
        name: &str,
    ) -> Result<Option<String>, Error> {
        if let Some(span) = span {
            let field = format!("{name}_span");
            let fragment = self
                .offsets
                .fragment(span.start, span.end, ("start", "end"))
                .map_err(|e| e.in_field(field.clone()))?;
            return self
                .at(fragment, span.label.as_deref())
                .map(Some)
                .map_err(|e| e.in_field(field));
        }
        let Some(token) = token else {
            return Err(Error::new(ErrorKind::Missing).in_field(name));
        };
        if let Some(found) = self.placed.iter().find(|p| p.token_end == Some(token)) {
            return Ok(Some(found.id.clone()));
        }
        let Some(fragment) = self.token(token).map_err(|e| e.in_field(name))? else {
            return Ok(None);
        };
        self.at(fragment, None)
            .map(Some)
            .map_err(|e| e.in_field(name))
    }

    /// Where token `n` of the record is (`None` without `tokens`).
    fn token(&mut self, n: usize) -> Result<Option<Fragment>, Error> {
        if self.tokens.is_none() {
            let Some(raw) = self.raw_tokens.take() else {
                return Ok(None);
            };
            let tokens: Vec<TokenIn> = shape(raw).map_err(|e| e.in_field("tokens"))?;
            let mut fragments = Vec::with_capacity(tokens.len());
            for (i, t) in tokens.iter().enumerate() {
                fragments.push(
                    self.offsets
                        .fragment(t.start, t.end, ("start", "end"))
                        .map_err(|e| e.in_field(format!("tokens[{i}]")))?,
                );
            }
            self.tokens = Some(fragments);
        }
        let tokens = self.tokens.as_deref().unwrap_or_default();
        match tokens.get(n) {
            Some(fragment) => Ok(Some(*fragment)),
            None => Err(Error::invalid(format!(
                "token {n} is not in the record, which has {} tokens",
                tokens.len()
            ))),
        }
    }

    /// The annotation with exactly this extent (one with `label` first),
    /// else a new one.
    fn at(&mut self, fragment: Fragment, label: Option<&str>) -> Result<String, Error> {
        let same = |p: &&Placed| p.raw == fragment || p.fragment == fragment;
        let found = self
            .placed
            .iter()
            .filter(same)
            .find(|p| label.is_none_or(|l| l == p.label))
            .or_else(|| self.placed.iter().find(same));
        if let Some(found) = found {
            return Ok(found.id.clone());
        }
        let label = label
            .filter(|l| !l.trim().is_empty())
            .unwrap_or(TOKEN_LABEL)
            .to_string();
        let base = (self.placed.len() + 1).to_string();
        let id = self.builder.free_annotation_id(self.layer, &base);
        let annotation = records::span(
            Key::new(self.layer, id.clone()),
            &label,
            fragment,
            self.now,
            self.now,
        );
        self.builder.add_span(annotation)?;
        self.n_made += 1;
        self.placed.push(Placed {
            raw: fragment,
            fragment,
            label,
            id: id.clone(),
            token_end: None,
        });
        Ok(id)
    }
}

/// Tokens for a record whose relations need them: the text's Unicode word
/// segments that hold a visible character, cut at every span's ends so
/// that each span is whole tokens; a span over white space alone is a
/// token of its own.
pub(super) fn tokens_for(text: &crate::text::Text, spans: &[Fragment]) -> Vec<Fragment> {
    let cuts: BTreeSet<usize> = spans.iter().flat_map(|f| [f.start, f.end]).collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    for segment in text.as_str().split_word_bounds() {
        let n = segment.chars().count();
        if segment.chars().any(|c| !c.is_whitespace()) {
            let mut start = at;
            for &cut in cuts.range(at + 1..at + n) {
                tokens.push(Fragment::new(start, cut));
                start = cut;
            }
            tokens.push(Fragment::new(start, at + n));
        }
        at += n;
    }
    for span in spans {
        let covered = tokens
            .iter()
            .any(|t| t.start < span.end && span.start < t.end);
        if !covered {
            tokens.push(*span);
        }
    }
    tokens.sort_by_key(|t| (t.start, t.end));
    tokens.dedup();
    tokens
}

/// The first and last token of a fragment (the tokens are cut at its ends).
pub(super) fn token_range(tokens: &[Fragment], fragment: Fragment) -> (usize, usize) {
    let first = tokens.partition_point(|t| t.end <= fragment.start);
    let after = tokens.partition_point(|t| t.start < fragment.end);
    (first, after.max(first + 1) - 1)
}
