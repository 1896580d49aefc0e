//! DOM positions ↔ text offsets.
//!
//! The document element holds one `<p data-line="i">` per line of the text,
//! holding its text in one text node, or a long line in pieces of a few
//! thousand UTF-16 units (`scholia_core::text::pieces`), one text node each.
//! The DOM counts UTF-16 units inside a node; they are added to the piece's
//! start in its line, and the core's `Text::from_line_utf16` /
//! `Text::to_line_utf16` turn a line's UTF-16 offsets into code points and
//! back. Nothing else converts offsets.

use scholia_core::text::pieces;
use scholia_core::Text;
use wasm_bindgen::JsCast;
use web_sys::{
    AbstractRange, CharacterData, DomRectList, Element, Node, Range, StaticRange, StaticRangeInit,
};

/// The UTF-16 units from which a line is shown in pieces. One text node of a
/// megabyte with an underlined highlight in it is rendered again as a whole
/// on each scroll frame (100 long frames scrolling a 1 MB line, none in
/// pieces of 4,000 to 64,000 units: docs/performance.md).
const PIECE: usize = 4096;

/// The text nodes the document is shown with, so that a range is made
/// without walking the DOM.
pub struct LineNodes {
    nodes: Vec<Node>,
    /// The index in `nodes` of each line's first piece, and one past the
    /// last line's last.
    first: Vec<usize>,
    /// Each node's UTF-16 start in its line.
    starts: Vec<usize>,
}

impl LineNodes {
    /// The text node holding a line's UTF-16 offset, and the offset in it
    /// (at a cut, the start of the next piece).
    fn at(&self, line: usize, utf16: usize) -> Option<(&Node, u32)> {
        let (from, to) = (*self.first.get(line)?, *self.first.get(line + 1)?);
        let starts = self.starts.get(from..to)?;
        let k = starts.partition_point(|&s| s <= utf16).checked_sub(1)?;
        Some((self.nodes.get(from + k)?, (utf16 - starts[k]) as u32))
    }

    /// The document element the nodes are in.
    pub fn root(&self) -> Option<Element> {
        self.nodes.first()?.parent_element()?.parent_element()
    }
}

use super::document;

/// Puts `text` in the document element: one `<p class="line" dir="auto"
/// data-line="i">` per line, each holding its text (never HTML) in one text
/// node, or a long line in pieces.
/// Built here rather than by Yew: the lines never change while the document
/// is open, and making 2,700 paragraphs through Yew's diff cost tens of
/// milliseconds, enough for its scheduler to let a frame through between
/// the text and its highlights (docs/performance.md).
pub fn show_text(root: &Element, text: &Text) -> LineNodes {
    let document = document();
    let fragment = document.create_document_fragment();
    let n_lines = text.lines().len();
    let mut lines = LineNodes {
        nodes: Vec::with_capacity(n_lines),
        first: Vec::with_capacity(n_lines + 1),
        starts: Vec::with_capacity(n_lines),
    };
    let Ok(template) = document.create_element("p") else {
        return lines;
    };
    template.set_class_name("line");
    let _ = template.set_attribute("dir", "auto");
    for (i, line) in text.lines().iter().enumerate() {
        let Ok(p) = template.clone_node().map(JsCast::unchecked_into::<Element>) else {
            break;
        };
        let _ = p.set_attribute("data-line", &i.to_string());
        let line_text = text.line_text(line);
        let cuts = pieces(line_text, PIECE);
        lines.first.push(lines.nodes.len());
        for (k, piece) in cuts.iter().enumerate() {
            let end = cuts.get(k + 1).map_or(line_text.len(), |next| next.byte);
            let node: Node = document
                .create_text_node(&line_text[piece.byte..end])
                .into();
            let _ = p.append_child(&node);
            lines.nodes.push(node);
            lines.starts.push(piece.utf16);
        }
        let _ = fragment.append_child(&p);
    }
    lines.first.push(lines.nodes.len());
    root.set_text_content(None);
    let _ = root.append_child(&fragment);
    lines
}

/// [`static_range_for`] from the lines' text nodes as [`show_text`] made
/// them: no walk of the DOM for each of 10,000 ranges.
pub fn static_range_in(
    lines: &LineNodes,
    text: &Text,
    start: usize,
    end: usize,
) -> Option<StaticRange> {
    let at = |offset: usize| {
        let (line, utf16) = text.to_line_utf16(offset);
        lines.at(line, utf16)
    };
    static_range(at(start)?, at(end)?)
}

/// The UTF-16 length of a text node (0 for any other node).
fn units(node: &Node) -> usize {
    node.dyn_ref::<CharacterData>()
        .map_or(0, |data| data.length() as usize)
}

/// The UTF-16 offset in its line of the start of a line's child node: the
/// length of the pieces before it.
fn piece_start(node: &Node) -> usize {
    let mut start = 0;
    let mut before = node.previous_sibling();
    while let Some(sibling) = before {
        start += units(&sibling);
        before = sibling.previous_sibling();
    }
    start
}

/// A static range between two DOM positions.
fn static_range(
    (start_node, start_offset): (&Node, u32),
    (end_node, end_offset): (&Node, u32),
) -> Option<StaticRange> {
    StaticRange::new(&StaticRangeInit::new(
        end_node,
        end_offset,
        start_node,
        start_offset,
    ))
    .ok()
}

/// The line element of a node inside the document element, and its index.
fn line_of_node(root: &Element, node: &Node) -> Option<(Element, usize)> {
    let mut current = node.clone();
    loop {
        let parent = current.parent_node()?;
        if parent.is_same_node(Some(root)) {
            let element = current.dyn_into::<Element>().ok()?;
            let line = element.get_attribute("data-line")?.parse().ok()?;
            return Some((element, line));
        }
        current = parent;
    }
}

/// The code-point offset of a DOM position. Positions outside the document
/// element clamp to its start or end, so a drag that overshoots still works.
pub fn dom_to_offset(root: &Element, text: &Text, node: &Node, offset: u32) -> usize {
    let root_node: &Node = root.as_ref();
    if node.is_same_node(Some(root_node)) {
        return match text.lines().get(offset as usize) {
            Some(line) => line.start,
            None => text.len(),
        };
    }
    if !root_node.contains(Some(node)) {
        let position = root_node.compare_document_position(node);
        return if position & Node::DOCUMENT_POSITION_PRECEDING != 0 {
            0
        } else {
            text.len()
        };
    }
    let Some((line_element, line_idx)) = line_of_node(root, node) else {
        return 0;
    };
    let utf16 = if node.is_same_node(Some(line_element.as_ref())) {
        // Between the line's pieces: before the `offset`-th.
        match line_element.child_nodes().item(offset) {
            Some(piece) => piece_start(&piece),
            None => usize::MAX,
        }
    } else {
        piece_start(node) + offset as usize
    };
    text.from_line_utf16(line_idx, utf16)
}

/// The DOM position of a code-point offset: the text node of the line's
/// piece holding it and the UTF-16 offset in that node (or the empty
/// line's element and 0).
pub fn offset_to_dom(root: &Element, text: &Text, offset: usize) -> Option<(Node, u32)> {
    let (line_idx, utf16) = text.to_line_utf16(offset);
    let line_element = root.children().item(line_idx as u32)?;
    let mut start = 0;
    let mut piece = line_element.first_child();
    while let Some(node) = piece {
        let next = node.next_sibling();
        let end = start + units(&node);
        if utf16 < end || next.is_none() {
            return Some((node, utf16.saturating_sub(start) as u32));
        }
        start = end;
        piece = next;
    }
    Some((line_element.into(), 0))
}

/// A static range covering `[start, end)`, for painting. The browser
/// keeps every live `Range` up to date on each change to the DOM, so with
/// 10,000 of them every node Yew adds, removes or edits anywhere on the page
/// costs a walk over all of them; a `StaticRange` costs nothing after it is
/// made. The document's text never changes under its ranges.
pub fn static_range_for(
    root: &Element,
    text: &Text,
    start: usize,
    end: usize,
) -> Option<StaticRange> {
    let (start_node, start_offset) = offset_to_dom(root, text, start)?;
    let (end_node, end_offset) = offset_to_dom(root, text, end)?;
    static_range((&start_node, start_offset), (&end_node, end_offset))
}

thread_local! {
    /// The one live range used to measure static ranges.
    static MEASURE: Option<Range> = document().create_range().ok();
}

/// Measures a range through the one live range kept for it: `measure`
/// gets a live copy of `range`.
pub fn measured<T>(range: &AbstractRange, measure: impl FnOnce(&Range) -> T) -> Option<T> {
    MEASURE.with(|live| {
        let live = live.as_ref()?;
        live.set_start(&range.start_container(), range.start_offset())
            .ok()?;
        live.set_end(&range.end_container(), range.end_offset())
            .ok()?;
        let measured = measure(live);
        live.collapse_with_to_start(true);
        Some(measured)
    })
}

/// The line boxes of a range (one rect per line it touches).
pub fn client_rects(range: &AbstractRange) -> Option<DomRectList> {
    measured(range, Range::get_client_rects).flatten()
}

/// The current DOM selection as (anchor, focus) code-point offsets, if it
/// touches the document element.
pub fn read_selection(root: &Element, text: &Text) -> Option<(usize, usize)> {
    let selection = document().get_selection().ok()??;
    if selection.range_count() == 0 {
        return None;
    }
    let anchor = selection.anchor_node()?;
    let focus = selection.focus_node()?;
    let root_node: &Node = root.as_ref();
    if !root_node.contains(Some(&anchor)) && !root_node.contains(Some(&focus)) {
        return None;
    }
    Some((
        dom_to_offset(root, text, &anchor, selection.anchor_offset()),
        dom_to_offset(root, text, &focus, selection.focus_offset()),
    ))
}

/// Shows a selection from `anchor` to `focus` as the browser's own selection.
pub fn set_selection(root: &Element, text: &Text, anchor: usize, focus: usize) {
    let (Some((anchor_node, anchor_offset)), Some((focus_node, focus_offset))) = (
        offset_to_dom(root, text, anchor),
        offset_to_dom(root, text, focus),
    ) else {
        return;
    };
    if let Ok(Some(selection)) = document().get_selection() {
        let _ =
            selection.set_base_and_extent(&anchor_node, anchor_offset, &focus_node, focus_offset);
    }
}

pub fn clear_selection() {
    if let Ok(Some(selection)) = document().get_selection() {
        let _ = selection.remove_all_ranges();
    }
}

/// The text offset under a point of the viewport, from the browser's caret
/// position there (`caretPositionFromPoint`, or `caretRangeFromPoint`).
pub fn offset_at_point(root: &Element, text: &Text, x: f64, y: f64) -> Option<usize> {
    let doc = document();
    let (node, offset) = if let Some(position) = doc.caret_position_from_point(x as f32, y as f32) {
        (position.offset_node()?, position.offset())
    } else {
        // Older WebKit has only the non-standard caretRangeFromPoint.
        let method = js_sys::Reflect::get(&doc, &"caretRangeFromPoint".into()).ok()?;
        let range: Range = method
            .dyn_into::<js_sys::Function>()
            .ok()?
            .call2(&doc, &x.into(), &y.into())
            .ok()?
            .dyn_into()
            .ok()?;
        (range.start_container().ok()?, range.start_offset().ok()?)
    };
    let root_node: &Node = root.as_ref();
    if !root_node.contains(Some(&node)) {
        return None;
    }
    Some(dom_to_offset(root, text, &node, offset))
}
