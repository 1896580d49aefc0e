//! The fallback's drawing, without the highlight API: a range as
//! translucent boxes in an overlay beneath the text, from its client rects.

use scholia_core::Color;
use wasm_bindgen::JsCast;
use web_sys::{AbstractRange, Element, HtmlElement, StaticRange};

use super::document;
use super::selection::client_rects;
use crate::paint::colour::label_background;

/// Draws an annotation's ranges as boxes in the overlay (gold ones marked).
pub fn draw_painted(
    overlay: &HtmlElement,
    ranges: &[StaticRange],
    color: &str,
    gold: bool,
) -> Vec<Element> {
    let mut boxes = Vec::new();
    for range in ranges {
        boxes.extend(draw_boxes(overlay, range, color));
    }
    if gold {
        for b in &boxes {
            let _ = b.class_list().add_1("gold");
        }
    }
    boxes
}

/// Gives an annotation's boxes its label's underline (the style sheet draws
/// it from `data-underline`).
pub fn mark_underline(boxes: &[Element], underline: Option<scholia_core::Underline>) {
    if let Some(underline) = underline {
        for b in boxes {
            let _ = b.set_attribute("data-underline", underline.name());
        }
    }
}

/// Draws a range as boxes in the overlay, positioned from its client rects.
pub fn draw_boxes(overlay: &HtmlElement, range: &AbstractRange, color: &str) -> Vec<Element> {
    let origin = overlay.get_bounding_client_rect();
    let rects = client_rects(range);
    let Some(rects) = rects else {
        return Vec::new();
    };
    let mut boxes = Vec::new();
    for i in 0..rects.length() {
        let Some(rect) = rects.item(i) else { continue };
        if rect.width() < 0.5 {
            continue;
        }
        let Ok(element) = document().create_element("div") else {
            continue;
        };
        element.set_class_name("hl-box");
        if let Some(html) = element.dyn_ref::<HtmlElement>() {
            let style = html.style();
            let _ = style.set_property("left", &format!("{}px", rect.left() - origin.left()));
            let _ = style.set_property("top", &format!("{}px", rect.top() - origin.top()));
            let _ = style.set_property("width", &format!("{}px", rect.width()));
            let _ = style.set_property("height", &format!("{}px", rect.height()));
            let _ = style.set_property("--label-color", color);
            let background =
                Color::parse(color).map_or_else(|| color.to_string(), label_background);
            let _ = style.set_property("--label-bg", &background);
        }
        let _ = overlay.append_child(&element);
        boxes.push(element);
    }
    boxes
}
