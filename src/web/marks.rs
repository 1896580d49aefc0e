//! The highlights that mark one thing at a time, beside the colours: the
//! selection, a flash, search hits, a resize preview, the disagreement
//! being adjudicated. Their rules are in the painter's sheet from the start
//! (`paint::sheet`), so showing one never restyles the text. Without the
//! highlight API they are boxes in the overlay.

use std::ops::Range;

use scholia_core::contrast::SEARCH_HIT;
use wasm_bindgen::JsCast;
use web_sys::{Element, HighlightRegistry, HtmlElement, StaticRange};

use super::boxes::draw_boxes;
use super::registry::group;
use crate::paint::colour::rgba;
use crate::paint::sheet::Mark;
use crate::paint::spans::meets;

pub struct Marks {
    /// The browser's registry (`None`: the fallback's overlay).
    registry: Option<HighlightRegistry>,
    overlay: HtmlElement,
    /// Search hits: where they are, and their ranges (made on demand).
    search: Vec<(Range<usize>, Option<StaticRange>)>,
    search_boxes: Vec<Element>,
    search_current: Option<usize>,
    cluster: Vec<Element>,
}

impl Marks {
    pub fn new(registry: Option<HighlightRegistry>, overlay: HtmlElement) -> Marks {
        Marks {
            registry,
            overlay,
            search: Vec::new(),
            search_boxes: Vec::new(),
            search_current: None,
            cluster: Vec::new(),
        }
    }

    /// Shows one mark's highlight on `ranges` (none: clears it). The
    /// fallback's boxes for the selection and flashes are the painted
    /// annotations' own (the painter marks them).
    pub fn show(&self, mark: Mark, ranges: &[StaticRange]) {
        if let Some(registry) = &self.registry {
            let highlight = group(registry, mark.name(), mark.priority());
            highlight.clear();
            for range in ranges {
                highlight.add(range);
            }
        }
    }

    /// Marks the disagreement being adjudicated (or none).
    pub fn set_cluster(&mut self, range: Option<StaticRange>) {
        for b in self.cluster.drain(..) {
            b.remove();
        }
        if self.registry.is_some() {
            self.show(Mark::Cluster, range.as_slice());
        } else if let Some(range) = &range {
            self.cluster = draw_boxes(&self.overlay, range, "#6a1fb0");
            for b in &self.cluster {
                let _ = b.class_list().add_1("cluster-box");
            }
        }
    }

    pub fn has_search(&self) -> bool {
        !self.search.is_empty()
    }

    /// Shows search hits, `current` (an index into `hits`) emphasised; of
    /// the others only those in `window` (all without one).
    pub fn set_search(
        &mut self,
        hits: &[Range<usize>],
        current: Option<usize>,
        window: Option<&Range<usize>>,
        make: impl Fn(&Range<usize>) -> Option<StaticRange>,
    ) {
        self.search = hits.iter().map(|h| (h.clone(), None)).collect();
        self.search_current = current;
        self.paint_search(window, make);
    }

    /// Shows the search hits again, for another window.
    pub fn paint_search(
        &mut self,
        window: Option<&Range<usize>>,
        make: impl Fn(&Range<usize>) -> Option<StaticRange>,
    ) {
        for b in self.search_boxes.drain(..) {
            b.remove();
        }
        let current = self.search_current;
        let mut shown: Vec<(usize, StaticRange)> = Vec::new();
        for (i, (span, range)) in self.search.iter_mut().enumerate() {
            if window.is_some_and(|w| !meets(span, w)) && Some(i) != current {
                continue;
            }
            if range.is_none() {
                *range = make(span);
            }
            if let Some(range) = range {
                shown.push((i, range.clone()));
            }
        }
        if self.registry.is_some() {
            let current: Vec<StaticRange> = (shown.iter())
                .filter(|(i, _)| Some(*i) == current)
                .map(|(_, r)| r.clone())
                .collect();
            let all: Vec<StaticRange> = shown.into_iter().map(|(_, r)| r).collect();
            self.show(Mark::Search, &all);
            self.show(Mark::SearchCurrent, &current);
            return;
        }
        let color = SEARCH_HIT.0.to_string();
        for (i, range) in &shown {
            let boxes = draw_boxes(&self.overlay, range, &color);
            for b in &boxes {
                if let Some(html) = b.dyn_ref::<HtmlElement>() {
                    let _ = html.style().set_property("--label-bg", &rgba(SEARCH_HIT));
                }
                let _ = b.class_list().add_1("search-box");
                if Some(*i) == current {
                    let _ = b.class_list().add_1("current");
                }
            }
            self.search_boxes.extend(boxes);
        }
    }

    /// Shows (or, with `None`, removes) where a span being resized would go.
    pub fn preview(&mut self, range: Option<StaticRange>) {
        if self.registry.is_some() {
            self.show(Mark::Preview, range.as_slice());
            return;
        }
        if let Ok(list) = self.overlay.query_selector_all(".preview-box") {
            for i in 0..list.length() {
                if let Some(node) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    node.remove();
                }
            }
        }
        if let Some(range) = &range {
            for b in draw_boxes(&self.overlay, range, "#2457c5") {
                let _ = b.class_list().add_1("preview-box");
            }
        }
    }

    /// Takes every mark away (the document is closed).
    pub fn clear(&mut self) {
        self.search.clear();
        self.paint_search(None, |_| None);
        self.preview(None);
        self.set_cluster(None);
        for mark in [Mark::Selected, Mark::Flash] {
            self.show(mark, &[]);
        }
    }
}
