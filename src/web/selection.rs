//! DOM positions ↔ text offsets.
//!
//! The document element holds the lines in groups (at most
//! [`GROUP_LINES`] lines, or about [`GROUP_TEXT`] code points), one
//! `<div class="lines" data-first="i">` each, which the browser skips (style, layout,
//! paint) while they are out of view (`content-visibility: auto`). Each
//! line is a `<p data-line="i">` holding its text in one text node, or a
//! long line in pieces of a few thousand UTF-16 units
//! (`scholia_core::text::pieces`), one text node each. The DOM counts
//! UTF-16 units inside a node; they are added to the piece's start in its
//! line, and the core's `Text::from_line_utf16` / `Text::to_line_utf16`
//! turn a line's UTF-16 offsets into code points and back. Nothing else
//! converts offsets.

use std::collections::BTreeMap;

use scholia_core::text::pieces;
use scholia_core::text::Line;
use scholia_core::Text;
use wasm_bindgen::JsCast;
use web_sys::{
    AbstractRange, CharacterData, DomRectList, Element, HtmlElement, Node, Range, StaticRange,
    StaticRangeInit,
};

use super::document;

/// The UTF-16 units from which a line is shown in pieces. One text node of a
/// megabyte with an underlined highlight in it is rendered again as a whole
/// on each scroll frame (100 long frames scrolling a 1 MB line, none in
/// pieces of 4,000 to 64,000 units: docs/performance.md).
const PIECE: usize = 4096;

/// Lines per group at most. A group out of view costs nothing to style,
/// lay out or paint; the browser watches each group's visibility, which
/// costs per group (one watched element per line cost 60–350 ms a frame on
/// 16,762 lines: docs/performance.md).
const GROUP_LINES: usize = 64;

/// The text (code points) after which a group takes no more lines: a group
/// is laid out in the frame it comes into view, and 64 long lines of
/// Arabic (16,000 code points) took 50–64 ms to lay out.
const GROUP_TEXT: usize = 8_192;

/// The first line of each group: a group ends after [`GROUP_LINES`] lines
/// or once it holds [`GROUP_TEXT`] code points (a longer line ends its
/// group).
pub fn group_starts(lines: &[Line]) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut first, mut text) = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        if i == 0 || i - first == GROUP_LINES || text >= GROUP_TEXT {
            starts.push(i);
            (first, text) = (i, 0);
        }
        text += line.end - line.start;
    }
    starts
}

/// A group's first line (its `data-first`).
fn first_of(group: &Element) -> Option<usize> {
    group.get_attribute("data-first")?.parse().ok()
}

/// The lines of a group, out of the text's `lines`.
fn lines_of<'a>(group: &Element, lines: &'a [Line]) -> &'a [Line] {
    let from = first_of(group).unwrap_or(0).min(lines.len());
    let to = (from + group.child_element_count() as usize).min(lines.len());
    &lines[from..to]
}

/// `node` as a group of lines, if it is one (a child of the document element).
fn as_group<'a>(root: &Element, node: &'a Node) -> Option<&'a Element> {
    let root_node: &Node = root.as_ref();
    node.parent_node()
        .is_some_and(|p| p.is_same_node(Some(root_node)))
        .then(|| node.dyn_ref::<Element>())
        .flatten()
}

/// Tells the browser how tall to take a group until it first lays it out.
fn assume_height(group: &HtmlElement, px: usize) {
    let _ = group
        .style()
        .set_property("contain-intrinsic-block-size", &format!("auto {px}px"));
}

/// A line's element (a `<p>` in its group), found by a binary search over
/// the groups' first lines.
pub fn line_element(root: &Element, line: usize) -> Option<Element> {
    let groups = root.children();
    let (mut lo, mut hi) = (0, groups.length());
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if first_of(&groups.item(mid)?)? <= line {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let group = groups.item(lo)?;
    group.children().item((line - first_of(&group)?) as u32)
}

/// Where the document's text nodes are, so that a range is made with a
/// few steps in the DOM, and none through the pieces of a long line.
pub struct LineNodes {
    /// The document element.
    root: Element,
    /// The first line of each group ([`group_starts`]).
    groups: Vec<usize>,
    /// The lines shown in more than one piece: each piece's text node and
    /// its UTF-16 start in the line. (Other lines' nodes are not held: a
    /// handle per line is JS heap the page would carry for nothing.)
    long: BTreeMap<usize, Vec<(Node, usize)>>,
}

impl LineNodes {
    /// The text node holding a line's UTF-16 offset, and the offset in it
    /// (at a cut, the start of the next piece).
    fn at(&self, line: usize, utf16: usize) -> Option<(Node, u32)> {
        if let Some(pieces) = self.long.get(&line) {
            let k = pieces
                .partition_point(|(_, s)| *s <= utf16)
                .checked_sub(1)?;
            let (node, start) = &pieces[k];
            return Some((node.clone(), (utf16 - start) as u32));
        }
        let g = self
            .groups
            .partition_point(|&first| first <= line)
            .checked_sub(1)?;
        let group = self.root.children().item(g as u32)?;
        let p = group.children().item((line - self.groups[g]) as u32)?;
        Some((p.first_child()?, utf16 as u32))
    }

    /// The document element the nodes are in.
    pub fn root(&self) -> &Element {
        &self.root
    }
}

/// Puts `text` in the document element: one `<p class="line" dir="auto"
/// data-line="i">` per line, each holding its text (never HTML) in one text
/// node, or a long line in pieces, in groups ([`group_starts`]), each group
/// given a height for the browser to assume until it is first shown
/// ([`assumed_height`]).
/// Built here rather than by Yew: the lines never change while the document
/// is open, and making 2,700 paragraphs through Yew's diff cost tens of
/// milliseconds, enough for its scheduler to let a frame through between
/// the text and its highlights (docs/performance.md).
pub fn show_text(root: &Element, text: &Text) -> LineNodes {
    let document = document();
    let fragment = document.create_document_fragment();
    let n_lines = text.lines().len();
    let groups = group_starts(text.lines());
    let mut lines = LineNodes {
        root: root.clone(),
        groups: Vec::new(),
        long: BTreeMap::new(),
    };
    let (Ok(template), Ok(group_template)) =
        (document.create_element("p"), document.create_element("div"))
    else {
        return lines;
    };
    template.set_class_name("line");
    let _ = template.set_attribute("dir", "auto");
    group_template.set_class_name("lines");
    let mut group: Option<Element> = None;
    for (i, line) in text.lines().iter().enumerate() {
        let g = lines.groups.len();
        if groups.get(g) == Some(&i) {
            let Ok(next) = group_template
                .clone_node()
                .map(JsCast::unchecked_into::<HtmlElement>)
            else {
                break;
            };
            let end = groups.get(g + 1).copied().unwrap_or(n_lines);
            let height = assumed_height(text.lines()[i..end].iter().map(|l| l.end - l.start));
            let _ = next.set_attribute("data-first", &i.to_string());
            assume_height(&next, height);
            lines.groups.push(i);
            let _ = fragment.append_child(&next);
            group = Some(next.into());
        }
        let (Some(group), Ok(p)) = (
            &group,
            template.clone_node().map(JsCast::unchecked_into::<Element>),
        ) else {
            break;
        };
        let _ = p.set_attribute("data-line", &i.to_string());
        let line_text = text.line_text(line);
        let cuts = pieces(line_text, PIECE);
        let mut nodes = Vec::new();
        for (k, piece) in cuts.iter().enumerate() {
            let end = cuts.get(k + 1).map_or(line_text.len(), |next| next.byte);
            let node: Node = document
                .create_text_node(&line_text[piece.byte..end])
                .into();
            let _ = p.append_child(&node);
            if cuts.len() > 1 {
                nodes.push((node, piece.utf16));
            }
        }
        if !nodes.is_empty() {
            lines.long.insert(i, nodes);
        }
        let _ = group.append_child(&p);
    }
    root.set_text_content(None);
    let _ = root.append_child(&fragment);
    lines
}

/// A line's bottom margin in CSS pixels (www/style.css: 0.9em of 18 px).
const LINE_MARGIN: usize = 16;

/// The height a group of lines (their lengths in code points) is assumed
/// to have until the browser first lays it out, in CSS pixels: rows of ~70
/// characters in the document's column, 31.5 px each, and each line's
/// margin. Only the scroll bar's length depends on it before the group is
/// seen; after, the browser keeps its real height.
fn assumed_height(lines: impl Iterator<Item = usize>) -> usize {
    const CHARACTERS_PER_ROW: usize = 70;
    const ROW: usize = 32;
    lines
        .map(|chars| chars.div_ceil(CHARACTERS_PER_ROW).max(1) * ROW + LINE_MARGIN)
        .sum()
}

/// Sets the height assumed for each group of lines not laid out yet from
/// the first group's, as the browser lays it out: the assumed heights
/// (rows of a guessed width) scaled by how far the first group's real
/// height is from its assumed one, so that the scroll bar is near its final
/// length from the start. Lays out the first group's lines (which are in
/// view) and no other.
pub fn calibrate(root: &Element, text: &Text) {
    let groups = root.children();
    let (Some(first), n) = (groups.item(0), groups.length() as usize) else {
        return;
    };
    let lines = text.lines();
    let first_lines = first.children();
    let (Some(top), Some(last)) = (
        first_lines.item(0),
        first_lines.item(first_lines.length().saturating_sub(1)),
    ) else {
        return;
    };
    // The first group's own text, long enough to tell (a title and a few
    // short lines tell nothing about the rest).
    let seen = &lines[..(first_lines.length() as usize).min(lines.len())];
    if n < 2 || seen.iter().map(|l| l.end - l.start).sum::<usize>() < 2_000 {
        return;
    }
    let real = last.get_bounding_client_rect().bottom() - top.get_bounding_client_rect().top()
        + LINE_MARGIN as f64;
    let assumed = assumed_height(seen.iter().map(|l| l.end - l.start)) as f64;
    let scale = (real / assumed).clamp(0.25, 4.0);
    for g in 1..n {
        let Some(group) = groups
            .item(g as u32)
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        let these = lines_of(&group, lines);
        let height = assumed_height(these.iter().map(|l| l.end - l.start)) as f64 * scale;
        assume_height(&group, height as usize);
    }
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
    let (start, end) = (at(start)?, at(end)?);
    static_range((&start.0, start.1), (&end.0, end.1))
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
        if current.is_same_node(Some(root)) {
            return None;
        }
        if let Some(line) = current
            .dyn_ref::<Element>()
            .and_then(|e| e.get_attribute("data-line"))
        {
            return Some((current.dyn_into().ok()?, line.parse().ok()?));
        }
        current = current.parent_node()?;
    }
}

/// The code-point offset of a DOM position. Positions outside the document
/// element clamp to its start or end, so a drag that overshoots still works.
pub fn dom_to_offset(root: &Element, text: &Text, node: &Node, offset: u32) -> usize {
    let root_node: &Node = root.as_ref();
    // Between groups, or between the lines of a group: before the line
    // that comes next.
    let before_line = |line: usize| text.lines().get(line).map_or(text.len(), |l| l.start);
    if node.is_same_node(Some(root_node)) {
        let group = root.children().item(offset);
        return before_line(group.and_then(|g| first_of(&g)).unwrap_or(usize::MAX));
    }
    if let Some(group) = as_group(root, node) {
        return before_line(first_of(group).unwrap_or(0) + offset as usize);
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
    let line_element = line_element(root, line_idx)?;
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
    if let Some(group) = as_group(root, &node) {
        // A group the browser has not laid out yet (it skips those out of
        // view until the next frame): as far into its text as the point is
        // into its assumed height.
        let these = lines_of(group, text.lines());
        let (Some(first), Some(last)) = (these.first(), these.last()) else {
            return Some(dom_to_offset(root, text, &node, offset));
        };
        let (start, end) = (first.start, last.end);
        let rect = group.get_bounding_client_rect();
        let into = ((y - rect.top()) / rect.height().max(1.0)).clamp(0.0, 1.0);
        return Some(start + ((end - start) as f64 * into) as usize);
    }
    Some(dom_to_offset(root, text, &node, offset))
}

#[cfg(test)]
mod tests {
    use scholia_core::Text;

    use super::{group_starts, GROUP_LINES, GROUP_TEXT};

    #[test]
    fn groups_end_after_64_lines_or_8192_code_points() {
        // Short lines: 64 a group.
        let short = Text::new(&"a short line\n".repeat(200));
        assert_eq!(group_starts(short.lines()), vec![0, 64, 128, 192]);
        // Lines of 3,000 code points: a group closes once it holds 8,192.
        let long = Text::new(&format!("{}\n", "ب".repeat(3_000)).repeat(7));
        assert_eq!(group_starts(long.lines()), vec![0, 3, 6]);
        // A line longer than a group's text ends its group.
        let mixed = Text::new(&format!("x\n{}\ny\nz", "é".repeat(GROUP_TEXT * 2)));
        assert_eq!(group_starts(mixed.lines()), vec![0, 2]);
        // Every line is in one group, and no group is over either bound
        // but by its last line.
        let starts = group_starts(short.lines());
        assert!(starts.windows(2).all(|w| w[1] - w[0] <= GROUP_LINES));
        assert_eq!(group_starts(Text::new("").lines()), vec![0]);
    }
}
