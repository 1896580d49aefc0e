//! Suggestions on the page: each label's suggestions in one registered
//! highlight styled by `paint::suggestions` (a dashed underline, never a
//! fill), the current one in another. Only those near the view are drawn,
//! as the painter registers only the annotations near it, and they follow
//! it as the document scrolls ([`SuggestionMarks::follow`]). Without the
//! highlight API they are not drawn (they are still listed in the panel
//! and stepped to).

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

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
    /// What was drawn last: the list (in text order), the current one, and
    /// the painter's window it was drawn for.
    shown: Option<Shown>,
}

struct Shown {
    scheme: Scheme,
    list: Rc<Vec<Rc<Suggestion>>>,
    /// The length of the list's longest span (found once per list, not on
    /// every scroll: a list may hold a million repeats).
    longest: usize,
    current: Option<DecisionKey>,
    window: Option<Range<usize>>,
}

/// The length of the longest span of `list`, in code points.
fn longest(list: &[Rc<Suggestion>]) -> usize {
    list.iter()
        .map(|s| s.fragments.last().map_or(0, |f| f.end) - s.fragments[0].start)
        .max()
        .unwrap_or(0)
}

/// The suggestions of `list` (in text order; its longest span `longest`
/// code points) that meet `window` (all of them for `None`), at most
/// [`MOST_DRAWN`].
fn near<'a>(
    list: &'a [Rc<Suggestion>],
    longest: usize,
    window: Option<&Range<usize>>,
) -> &'a [Rc<Suggestion>] {
    let Some(window) = window else {
        return &list[..list.len().min(MOST_DRAWN)];
    };
    // By start; a span reaches back at most as far as the longest one.
    let from = list.partition_point(|s| s.fragments[0].start + longest < window.start);
    let to = from + list[from..].partition_point(|s| s.fragments[0].start < window.end);
    &list[from..to.min(from + MOST_DRAWN)]
}

impl SuggestionMarks {
    /// Draws `list` (in text order; `current` apart) over the painter's
    /// text, those near the view.
    pub fn show(
        &mut self,
        painter: &Painter,
        scheme: &Scheme,
        list: Rc<Vec<Rc<Suggestion>>>,
        current: Option<DecisionKey>,
    ) {
        let window = painter.window();
        let longest = match &self.shown {
            Some(shown) if Rc::ptr_eq(&shown.list, &list) => shown.longest,
            _ => longest(&list),
        };
        self.draw(
            painter,
            scheme,
            near(&list, longest, window.as_ref()),
            current.as_ref(),
        );
        self.shown = Some(Shown {
            scheme: scheme.clone(),
            list,
            longest,
            current,
            window,
        });
    }

    /// Draws again the suggestions near the view when the painter's window
    /// has moved since they were drawn (on a scroll, after
    /// `Painter::follow_view`).
    pub fn follow(&mut self, painter: &Painter) {
        let Some(mut shown) = self.shown.take() else {
            return;
        };
        let window = painter.window();
        if window != shown.window {
            let near = near(&shown.list, shown.longest, window.as_ref());
            self.draw(painter, &shown.scheme, near, shown.current.as_ref());
            shown.window = window;
        }
        self.shown = Some(shown);
    }

    fn draw(
        &mut self,
        painter: &Painter,
        scheme: &Scheme,
        list: &[Rc<Suggestion>],
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
        for s in list {
            let Some(&i) = index.get(s.label.as_str()) else {
                continue;
            };
            let highlight_name = if current.is_some_and(|k| s.has_key(k)) {
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
