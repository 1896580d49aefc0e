//! Suggestions on the page: each label's suggestions in one registered
//! highlight styled by `paint::suggestions` (a dashed underline, never a
//! fill), the current one in another. Without the highlight API they are
//! not drawn (they are still listed in the panel and stepped to).

use std::collections::HashMap;

use scholia_core::suggest::{DecisionKey, Suggestion};
use scholia_core::Scheme;

use super::highlights::Painter;
use super::registry::group;
use super::rule_sheet::RuleSheet;
use crate::paint::suggestions::{name, rules, CURRENT, PRIORITY};

/// At most this many suggestions are drawn at once (each is a range the
/// browser walks on every rendering update).
const MOST_DRAWN: usize = 5_000;

#[derive(Default)]
pub struct SuggestionMarks {
    sheet: Option<(RuleSheet, String)>,
    /// The highlights' names filled last time, to empty them.
    names: Vec<String>,
}

impl SuggestionMarks {
    /// Draws `list` (and `current` apart) over the painter's text.
    pub fn show(
        &mut self,
        painter: &Painter,
        scheme: &Scheme,
        list: &[Suggestion],
        current: Option<&DecisionKey>,
    ) {
        let Some(registry) = painter.registry() else {
            return;
        };
        let colours: Vec<_> = scheme.labels.iter().map(|l| l.color).collect();
        let css = rules(&colours);
        if self
            .sheet
            .as_ref()
            .is_none_or(|(_, written)| *written != css)
        {
            let sheet = match self.sheet.take() {
                Some((sheet, _)) => sheet,
                None => RuleSheet::new(),
            };
            sheet.set(&css);
            self.sheet = Some((sheet, css));
        }
        for old in self.names.drain(..) {
            group(registry, &old, PRIORITY).clear();
        }
        let index: HashMap<&str, usize> = scheme
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i))
            .collect();
        let mut used: HashMap<String, web_sys::Highlight> = HashMap::new();
        for s in list.iter().take(MOST_DRAWN) {
            let Some(&i) = index.get(s.label.as_str()) else {
                continue;
            };
            let highlight_name = if current == Some(&s.key()) {
                CURRENT.to_string()
            } else {
                name(i)
            };
            let highlight = used
                .entry(highlight_name.clone())
                .or_insert_with(|| group(registry, &highlight_name, PRIORITY));
            for f in &s.fragments {
                if let Some(range) = painter.range_of(f.start, f.end) {
                    let _ = highlight.add(&range);
                }
            }
        }
        self.names = used.into_keys().collect();
    }
}
