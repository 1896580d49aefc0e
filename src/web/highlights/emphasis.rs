//! What the painter emphasises among what it painted: the selected
//! annotation, a flash, the disagreement being adjudicated and the selected
//! mention's coreference chain (registered highlights, and the fallback's
//! boxes' classes).

use scholia_core::{Fragment, Key};
use web_sys::StaticRange;

use super::{Backend, Painter};
use crate::paint::sheet::Mark;
use crate::web::selection::static_range_in;

impl Painter {
    /// Marks the disagreement being adjudicated (or none).
    pub fn set_cluster(&mut self, extent: Option<Fragment>) {
        let range = extent.and_then(|f| static_range_in(&self.lines, &self.text, f.start, f.end));
        self.marks.set_cluster(range);
    }

    /// Marks the other mentions of the selected one's chain (none: clears).
    pub fn set_chain(&mut self, keys: &[Key]) {
        let painted = keys.iter().filter_map(|k| self.painted.get(k));
        let ranges: Vec<StaticRange> = painted.flat_map(|p| p.ranges.clone()).collect();
        self.marks.show(Mark::Chain, &ranges);
        self.mark_boxes("chain", |k| keys.contains(k));
    }

    /// In the fallback, gives `class` to the boxes of the keys `on` names.
    fn mark_boxes(&self, class: &str, on: impl Fn(&Key) -> bool) {
        if let Backend::Overlay(boxes) = &self.backend {
            for (k, boxes) in boxes {
                for b in boxes {
                    let _ = b.class_list().toggle_with_force(class, on(k));
                }
            }
        }
    }

    /// Marks one annotation as the selected one (or none).
    pub fn select(&mut self, key: Option<&Key>) {
        if self.selection_shown && self.selected.as_ref() == key {
            return;
        }
        self.selected = key.cloned();
        self.selection_shown = true;
        let ranges = key
            .and_then(|k| self.painted.get(k))
            .map(|p| p.ranges.clone());
        self.marks
            .show(Mark::Selected, ranges.as_deref().unwrap_or_default());
        self.mark_boxes("selected", |k| key == Some(k));
    }

    /// Briefly emphasises an annotation; `on` false removes the emphasis.
    pub fn flash(&mut self, key: &Key, on: bool) {
        let Some(painted) = self.painted.get(key) else {
            return;
        };
        self.marks
            .show(Mark::Flash, if on { &painted.ranges } else { &[] });
        if let Backend::Overlay(boxes) = &self.backend {
            for b in boxes.get(key).into_iter().flatten() {
                let _ = b.class_list().toggle_with_force("flash", on);
            }
        }
    }
}
