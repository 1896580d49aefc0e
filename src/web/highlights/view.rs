//! Following the view: only the annotations (and search hits) near it are
//! registered with the browser, and the registration moves as the document
//! scrolls (see the painter's module docs).

use std::ops::Range;

use scholia_core::Key;

use super::{Painter, MARGIN};
use crate::paint::spans::{meets, window_around, window_holds};
use crate::web::selection::{offset_at_point, static_range_in};
use crate::web::window;

impl Painter {
    /// The stretch of text in view: from the caret positions at the top and
    /// the bottom of the document's scroller (the whole text when that
    /// cannot be told).
    pub(super) fn view(&self) -> Option<Range<usize>> {
        let root = self.lines.first()?.parent_element()?.parent_element()?;
        let scroller = self.overlay.parent_element()?.parent_element()?;
        let (area, column) = (
            scroller.get_bounding_client_rect(),
            root.get_bounding_client_rect(),
        );
        let height = window().inner_height().ok()?.as_f64()?;
        let (top, bottom) = (area.top().max(0.0) + 2.0, area.bottom().min(height) - 2.0);
        let x = column.left() + column.width() / 2.0;
        let len = self.text.len();
        let from = offset_at_point(&root, &self.text, x, top).unwrap_or(0);
        let to = offset_at_point(&root, &self.text, x, bottom).unwrap_or(len);
        Some(from.min(to)..from.max(to).min(len))
    }

    pub(super) fn window_around(&self, view: Range<usize>) -> Range<usize> {
        window_around(view, MARGIN, self.text.len())
    }

    /// Registers the highlights near the view and takes away those that
    /// went far from it, when the view came near the edge of what is
    /// registered. Called on every scroll of the document (and resize).
    pub fn follow_view(&mut self) {
        let (Some(old), Some(view)) = (self.window.clone(), self.view()) else {
            return;
        };
        if window_holds(&old, &view, MARGIN, self.text.len()) {
            return;
        }
        let new = self.window_around(view);
        let leaving: Vec<Key> = (self.extents.overlapping(old.clone()))
            .filter(|(_, extent, _)| !meets(extent, &new))
            .map(|(key, _, _)| key.clone())
            .collect();
        let coming: Vec<Key> = (self.extents.overlapping(new.clone()))
            .filter(|(_, extent, _)| !meets(extent, &old))
            .map(|(key, _, _)| key.clone())
            .collect();
        for key in &leaving {
            self.register(key, false);
        }
        for key in &coming {
            self.register(key, true);
        }
        self.window = Some(new);
        if self.marks.has_search() {
            let (lines, text) = (&self.lines, &self.text);
            let make = |s: &Range<usize>| static_range_in(lines, text, s.start, s.end);
            self.marks.paint_search(self.window.as_ref(), make);
        }
    }
}
