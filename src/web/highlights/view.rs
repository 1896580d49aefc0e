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
        self.measure().map(|(view, _)| view)
    }

    /// The document's scroller (the overlay sits in the page inside it).
    fn scroller(&self) -> Option<web_sys::Element> {
        self.overlay.parent_element()?.parent_element()
    }

    /// The stretch of text in view, and where the scroller stood with how
    /// much text a pixel of it held, to tell later whether the view can
    /// have moved enough to measure again.
    fn measure(&self) -> Option<(Range<usize>, Measured)> {
        let root = self.lines.root().clone();
        let scroller = self.scroller()?;
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
        let view = from.min(to)..from.max(to).min(len);
        // The text per pixel in view, but never less than the document's
        // average: a view of blank lines must not make every later scroll
        // look like no move at all.
        let average = len as f64 / f64::from(scroller.scroll_height().max(1));
        let here = view.len() as f64 / (bottom - top).max(1.0);
        let measured = Measured {
            top: scroller.scroll_top(),
            per_px: here.max(average),
        };
        Some((view, measured))
    }

    pub(super) fn window_around(&self, view: Range<usize>) -> Range<usize> {
        window_around(view, MARGIN, self.text.len())
    }

    /// Registers the highlights near the view and takes away those that
    /// went far from it, when the view came near the edge of what is
    /// registered. Called on every scroll of the document (and resize).
    pub fn follow_view(&mut self) {
        // Measuring the view hit-tests the text at two points, which inside
        // one long paragraph costs as much as laying it out: skip it while
        // the scroller cannot have moved far from the last measure.
        if let (Some(last), Some(scroller)) = (&self.measured, self.scroller()) {
            if scroll_within(last, scroller.scroll_top(), MARGIN) {
                return;
            }
        }
        let (Some(old), Some((view, measured))) = (self.window.clone(), self.measure()) else {
            return;
        };
        self.measured = Some(measured);
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

/// Where the view was last measured: the scroller's offset, and the text
/// per pixel (code points) then.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Measured {
    pub top: f64,
    pub per_px: f64,
}

/// Whether the view can still be taken as where it was `last` measured:
/// the scroller, now at `top`, moved by less than an eighth of `margin`'s
/// text at the density measured then. The registered window keeps half a
/// margin beyond the view before it moves, so a view that moved this
/// little is still well inside it even if the density was off fourfold.
pub(super) fn scroll_within(last: &Measured, top: f64, margin: usize) -> bool {
    let moved = (top - last.top).abs() * last.per_px;
    moved.is_finite() && moved < (margin / 8) as f64
}

#[cfg(test)]
mod tests {
    use super::{scroll_within, Measured};

    #[test]
    fn the_view_is_measured_again_once_the_scroll_may_have_moved_an_eighth_of_the_margin() {
        // 20 code points a pixel: an eighth of 20,000 is 2,500, 125 px.
        let last = Measured {
            top: 1_000.0,
            per_px: 20.0,
        };
        assert!(scroll_within(&last, 1_000.0, 20_000));
        assert!(scroll_within(&last, 1_124.0, 20_000));
        assert!(scroll_within(&last, 876.0, 20_000));
        assert!(!scroll_within(&last, 1_125.0, 20_000));
        assert!(!scroll_within(&last, 875.0, 20_000));
        assert!(!scroll_within(&last, 0.0, 20_000));
        // Denser text: the same scroll is more text, so measured sooner.
        let dense = Measured {
            per_px: 400.0,
            ..last
        };
        assert!(scroll_within(&dense, 1_006.0, 20_000));
        assert!(!scroll_within(&dense, 1_007.0, 20_000));
        // A density that cannot be told never skips.
        let unknown = Measured {
            per_px: f64::NAN,
            ..last
        };
        assert!(!scroll_within(&unknown, 1_000.0, 20_000));
    }
}
