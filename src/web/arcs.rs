//! Relations drawn as arcs: an SVG layer over the document page (outside
//! the document element, whose DOM is never touched), each arc from the top
//! of the source's first line box to the top of the target's, with an arrow
//! and the relation type's name. Positions come from the ranges' client
//! rects, so the arcs are redrawn when the layout changes.

use scholia_core::{AnnotatedDocument, Key};
use web_sys::{AbstractRange, DomRect, Element};

use super::selection::client_rects;

use super::document;
use super::highlights::Painter;

const SVG: &str = "http://www.w3.org/2000/svg";

/// One relation to draw.
pub struct Arc<'a> {
    pub from: &'a AbstractRange,
    pub to: &'a AbstractRange,
    pub label: &'a str,
    /// Ids, written as data attributes (for tests and styling).
    pub id: &'a str,
    pub kind: &'a str,
    pub selected: bool,
}

fn first_rect(range: &AbstractRange) -> Option<DomRect> {
    let rects = client_rects(range)?;
    (0..rects.length())
        .filter_map(|i| rects.item(i))
        .find(|r| r.width() > 0.5)
}

fn svg_element(name: &str) -> Option<Element> {
    document().create_element_ns(Some(SVG), name).ok()
}

/// Replaces the arcs drawn in `layer` (an SVG `<g>`) with `arcs`.
pub fn draw(layer: &Element, arcs: &[Arc<'_>]) {
    layer.set_text_content(None);
    let Some(svg) = layer.parent_element() else {
        return;
    };
    let origin = svg.get_bounding_client_rect();
    for arc in arcs {
        let (Some(from), Some(to)) = (first_rect(arc.from), first_rect(arc.to)) else {
            continue;
        };
        // Whole pixels: plenty for a curve, and no float formatting.
        let x1 = (from.left() + from.width() / 2.0 - origin.left()) as i32;
        let y1 = (from.top() - origin.top()) as i32 + 2;
        let x2 = (to.left() + to.width() / 2.0 - origin.left()) as i32;
        let y2 = (to.top() - origin.top()) as i32 + 2;
        let height = (14 + (x2 - x1).abs() / 10).min(34);
        let control = y1.min(y2) - height;
        let Some(group) = svg_element("g") else {
            continue;
        };
        let class = if arc.selected { "arc selected" } else { "arc" };
        let _ = group.set_attribute("class", class);
        let _ = group.set_attribute("data-relation", arc.id);
        let _ = group.set_attribute("data-type", arc.kind);
        if let Some(path) = svg_element("path") {
            let d = format!("M {x1} {y1} C {x1} {control}, {x2} {control}, {x2} {y2}");
            let _ = path.set_attribute("d", &d);
            let _ = path.set_attribute("marker-end", "url(#sch-arrow)");
            let _ = group.append_child(&path);
        }
        if let Some(text) = svg_element("text") {
            // The curve's middle: a quarter of the ends, three quarters of the control.
            let (x, y) = ((x1 + x2) / 2, (y1 + y2) / 8 + control * 3 / 4 - 3);
            let _ = text.set_attribute("x", &x.to_string());
            let _ = text.set_attribute("y", &y.to_string());
            text.set_text_content(Some(arc.label));
            let _ = group.append_child(&text);
        }
        let _ = layer.append_child(&group);
    }
}

/// Draws every relation of the document as an arc.
pub fn draw_relations(
    painter: &Painter,
    layer: &Element,
    doc: &AnnotatedDocument,
    selected: Option<&Key>,
) {
    let mut arcs = Vec::new();
    for relation in doc.relations() {
        let (source, target) = (relation.source_key(), relation.target_key());
        let (Some(from), Some(to)) = (painter.ranges(&source), painter.ranges(&target)) else {
            continue;
        };
        let (Some(from), Some(to)) = (from.first(), to.first()) else {
            continue;
        };
        let label = doc
            .scheme()
            .relation_type(&relation.kind)
            .map_or(relation.kind.as_str(), |t| t.name.as_str());
        arcs.push(Arc {
            from,
            to,
            label,
            id: &relation.key.id,
            kind: &relation.kind,
            selected: selected.is_some_and(|k| *k == source || *k == target),
        });
    }
    draw(layer, &arcs);
}
