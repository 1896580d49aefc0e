//! Where the app's own marks over the text go: the caret (the text is not
//! editable, so the browser draws none) and the handles of the selected
//! span, as boxes relative to the document page, measured from ranges.

use scholia_core::{Key, Text};
use web_sys::Element;

use super::highlights::Painter;
use super::selection;

/// A box drawn over the page (caret, handles), relative to the page.
#[derive(Clone, Copy, PartialEq)]
pub struct CaretBox {
    pub left: f64,
    pub top: f64,
    pub height: f64,
}

/// The page box of the caret at `offset`.
pub fn caret_box_at(
    root: &Element,
    page: &Element,
    text: &Text,
    offset: usize,
) -> Option<CaretBox> {
    let range = selection::static_range_for(root, text, offset, offset)?;
    let rect = selection::measured(&range, |r| r.get_bounding_client_rect())?;
    let origin = page.get_bounding_client_rect();
    Some(CaretBox {
        left: rect.left() - origin.left(),
        top: rect.top() - origin.top(),
        height: if rect.height() > 0.0 {
            rect.height()
        } else {
            20.0
        },
    })
}

/// Where a selected span's handles go: before its first character and
/// after its last, from the painted ranges' line boxes.
pub fn handle_boxes(painter: &Painter, page: &Element, key: &Key) -> Option<(CaretBox, CaretBox)> {
    let ranges = painter.ranges(key)?;
    let origin = page.get_bounding_client_rect();
    let rects = |i: usize| ranges.get(i).and_then(|r| selection::client_rects(r));
    let first = rects(0)?.item(0)?;
    let last_list = rects(ranges.len() - 1)?;
    let last = last_list.item(last_list.length().checked_sub(1)?)?;
    Some((
        CaretBox {
            left: first.left() - origin.left(),
            top: first.top() - origin.top(),
            height: first.height(),
        },
        CaretBox {
            left: last.right() - origin.left(),
            top: last.top() - origin.top(),
            height: last.height(),
        },
    ))
}
