//! Painting annotations over the document text: the glue that applies
//! [`crate::paint`]'s decisions (colours, levels, rules) to the page.
//!
//! With the CSS Custom Highlight API, each colour and nesting level is one
//! registered `Highlight` (named `sch-<label>-<level>`, `sch-a<layer>-…` or
//! `sch-s<standing>-…`: see `paint::sheet`) styled by the painter's style
//! sheet, and the document's DOM is never touched. Updates are incremental:
//! only the annotations whose label or fragments changed are repainted.
//!
//! Only the annotations near the view are registered with the browser
//! ([`Painter::follow_view`], on every scroll): Chromium walks every
//! registered range on each rendering update after any change to the page,
//! so 10,000 registered ranges made every click and keystroke cost tens of
//! milliseconds (docs/performance.md). Every annotation still has its
//! ranges made, for the handles, the arcs and jumping to it.
//!
//! With several annotators' layers, the [`LayerStyle`] says which layers are
//! hidden (not painted at all) and what colours the highlights. When only
//! the colour of an annotation changes, its ranges move from one highlight
//! to another without being made again. Gold annotations are also
//! underlined twice (`sch-gold`); the disagreement being adjudicated is
//! overlined (`sch-cluster`).
//!
//! Without the API, a fallback draws every annotation as translucent boxes
//! in an overlay beneath the text, from the ranges' client rects.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use smallvec::SmallVec;

use scholia_core::adjudication::GOLD_LAYER;
use scholia_core::{
    AnnotatedDocument, Annotation, Color, Fragment, Key, LogPosition, Scheme, Text,
};

pub use crate::paint::colour::LayerStyle;
use crate::paint::colour::{hue_color, Hue};
use crate::paint::sheet::{group_name, is_group_name, Mark, Sheet};
use crate::paint::spans::{meets, Spans};
use crate::team::ColorBy;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, StaticRange};

use super::boxes::{draw_painted, mark_underline};
use super::marks::Marks;
use super::registry::{group, highlight_api_available, registry_names};
use super::rule_sheet::RuleSheet;
use super::selection::{static_range_in, LineNodes};

mod emphasis;
mod suggestions;
mod view;

/// Code points of text registered on each side of the view; the
/// registration moves when the view comes within half of that of its edge.
const MARGIN: usize = 20_000;

/// An annotation's ranges: one per fragment, and most have one fragment.
type Ranges = SmallVec<[StaticRange; 1]>;

/// A painted annotation: what its painting was made from, to tell whether
/// it changed, and the ranges it is painted with. Kept small (10,000 of
/// them are held at once): the label is its place in the scheme (every
/// label is declared, and a change to the scheme's labels repaints all),
/// and the usual single fragment and range are held inline.
struct Painted {
    label: usize,
    fragments: SmallVec<[Fragment; 1]>,
    hue: Hue,
    level: usize,
    ranges: Ranges,
}

impl Painted {
    fn extent(&self) -> Range<usize> {
        let first = self.fragments.first().map_or(0, |f| f.start);
        first..self.fragments.last().map_or(first, |f| f.end)
    }
}

enum Backend {
    Api(web_sys::HighlightRegistry),
    /// The overlay the fallback draws in, and each painted annotation's
    /// boxes there.
    Overlay(HashMap<Key, Vec<Element>>),
}

/// Paints one document's annotations. Dropping it removes every highlight.
pub struct Painter {
    text: Text,
    backend: Backend,
    overlay: HtmlElement,
    /// The scheme's labels by id: their place and colour.
    labels: HashMap<String, (usize, Color)>,
    /// The labels' underlines, in the scheme's order (the fallback's boxes
    /// draw them; the API's come from the style sheet).
    underlines: Vec<scholia_core::Underline>,
    /// What is painted, by key (the document's shared names).
    painted: BTreeMap<Key, Painted>,
    /// Where each painted annotation lies, with its colour and level: to
    /// stack a new one, and to find those near the view.
    extents: Spans<Key, (Hue, usize)>,
    /// The deepest level painted so far, plus one (rules are kept).
    levels: usize,
    /// The stretch of text whose highlights are registered (`None`: all).
    window: Option<Range<usize>>,
    /// Where the view was last measured (`None`: measure on the next
    /// scroll).
    measured: Option<view::Measured>,
    style: Option<RuleSheet>,
    /// What the style sheet was last written for.
    sheet: Option<Sheet>,
    selected: Option<Key>,
    /// Whether the selection's highlight holds the selected annotation's
    /// ranges as painted now: selecting it again then changes nothing (each
    /// change to a highlight makes the browser walk every range again).
    selection_shown: bool,
    /// The selection, flashes, search hits, previews, the cluster.
    marks: Marks,
    layer_style: LayerStyle,
    /// Where the document stood at the last sync: from there, only what
    /// changed is compared (`None`: compare everything).
    synced: Option<LogPosition>,
    /// The colour highlights registered so far, by hue and level.
    groups: HashMap<(Hue, usize), web_sys::Highlight>,
    /// The lines' text nodes (see `selection::show_text`).
    lines: LineNodes,
}

impl Painter {
    /// A painter for `text`, shown as `lines` (the lines' text nodes, from
    /// `selection::show_text`); `overlay` receives the fallback's boxes when
    /// the highlight API is missing.
    pub fn new(overlay: HtmlElement, text: Text, lines: LineNodes) -> Painter {
        let registry = highlight_api_available().then(web_sys::css::JsNamespaceCss::highlights);
        let backend = match &registry {
            Some(registry) => Backend::Api(registry.clone()),
            None => Backend::Overlay(HashMap::new()),
        };
        Painter {
            text,
            backend,
            overlay: overlay.clone(),
            labels: HashMap::new(),
            underlines: Vec::new(),
            painted: BTreeMap::new(),
            extents: Spans::default(),
            levels: 1,
            window: None,
            measured: None,
            style: None,
            sheet: None,
            selected: None,
            selection_shown: false,
            marks: Marks::new(registry, overlay),
            layer_style: LayerStyle::default(),
            synced: None,
            groups: HashMap::new(),
            lines,
        }
    }

    /// The DOM ranges an annotation is painted with (one per fragment).
    pub fn ranges(&self, key: &Key) -> Option<&[StaticRange]> {
        self.painted.get(key).map(|p| p.ranges.as_slice())
    }

    pub fn uses_highlight_api(&self) -> bool {
        matches!(self.backend, Backend::Api(_))
    }

    /// Brings the painting in line with the document and the layer style:
    /// paints what is new or changed, and moves to another highlight what
    /// only changed colour.
    pub fn sync(&mut self, doc: &AnnotatedDocument, style: &LayerStyle) {
        let layers_changed =
            style.layers != self.layer_style.layers || style.color_by != self.layer_style.color_by;
        let hidden_changed = style.hidden != self.layer_style.hidden;
        self.layer_style = style.clone();
        let synced = self.synced.replace(doc.log_position());
        if self.window.is_none() && self.uses_highlight_api() {
            // The sheet before the first measure of the view: measuring lays
            // the new lines out, and a sheet written after that would style
            // every line again (each line's highlight styles are computed
            // once per rule of the sheet).
            self.write_sheet(doc.scheme());
            self.window = self.view().map(|view| self.window_around(view));
        }
        if self.scheme_changed(doc.scheme()) {
            self.clear();
            self.labels = (doc.scheme().labels.iter().enumerate())
                .map(|(i, l)| (l.id.clone(), (i, l.color)))
                .collect();
            self.underlines = crate::paint::sheet::underlines(doc.scheme());
        } else if !layers_changed && !hidden_changed && style.color_by != ColorBy::Agreement {
            // Colours follow labels or layers only: what changed in place
            // since the last sync is all there is to repaint.
            if let Some(changed) = synced.and_then(|at| doc.changed_since(at)) {
                let changed: BTreeSet<&Key> = changed.collect();
                for key in changed {
                    self.sync_one(doc, key);
                }
                self.finish_sync(doc.scheme());
                return;
            }
        }
        // Gone, changed or hidden: unpainted. Only another colour: moved.
        let mut stale: Vec<Key> = Vec::new();
        let mut recolour: Vec<Key> = Vec::new();
        for (key, painted) in &self.painted {
            match doc.annotation(key) {
                Some(a)
                    if self.paints_as(a, painted) && !style.hidden.contains(key.layer.as_str()) =>
                {
                    if self.hue(key, &a.label) != painted.hue {
                        recolour.push(key.clone());
                    }
                }
                _ => stale.push(key.clone()),
            }
        }
        for key in &stale {
            self.unpaint(key);
        }
        let mut moved: HashMap<Key, Ranges> = HashMap::new();
        for key in recolour {
            if let Some(ranges) = self.unpaint(&key) {
                moved.insert(key, ranges);
            }
        }
        let mut new: Vec<&Annotation> = doc
            .annotations()
            .filter(|a| {
                !self.painted.contains_key(&a.key) && !style.hidden.contains(a.key.layer.as_str())
            })
            .collect();
        // In document order, each goes on the lowest free level of its
        // colour: a sweep (paint::spans).
        scholia_core::sorting::sort_by_key(&mut new, |a| a.document_order());
        let mut batch: BTreeMap<Key, Painted> = BTreeMap::new();
        for a in new {
            let ranges = moved.remove(&a.key);
            let painted = self.paint(a, ranges);
            batch.insert(a.key.clone(), painted);
        }
        // A batch collected into a B-tree has full nodes, and appending
        // merges both (a map filled one key at a time keeps them half full).
        self.painted.append(&mut batch);
        self.finish_sync(doc.scheme());
    }

    /// After a sync: the style sheet, the selection and the count of
    /// painted annotations (on the overlay, for the benchmark) up to date.
    fn finish_sync(&mut self, scheme: &Scheme) {
        self.write_sheet(scheme);
        let selected = self.selected.clone();
        self.select(selected.as_ref());
        let count = self.painted.len().to_string();
        if self.overlay.get_attribute("data-painted").as_deref() != Some(&count) {
            let _ = self.overlay.set_attribute("data-painted", &count);
        }
    }

    /// Repaints one annotation as the document has it now (or takes it
    /// away), when only its label or its fragments can have changed.
    fn sync_one(&mut self, doc: &AnnotatedDocument, key: &Key) {
        let now = doc
            .annotation(key)
            .filter(|a| !self.layer_style.hidden.contains(a.key.layer.as_str()));
        if let (Some(a), Some(painted)) = (now, self.painted.get(key)) {
            if self.paints_as(a, painted) {
                return;
            }
        }
        self.unpaint(key);
        if let Some(a) = now {
            let painted = self.paint(a, None);
            self.painted.insert(key.clone(), painted);
        }
    }

    /// Whether an annotation has the label and fragments it was painted
    /// with.
    fn paints_as(&self, a: &Annotation, painted: &Painted) -> bool {
        self.label_index(&a.label) == painted.label && a.fragments[..] == painted.fragments[..]
    }

    /// A label's place in the scheme (0 for a label not in it, which the
    /// document does not allow).
    fn label_index(&self, label: &str) -> usize {
        self.labels.get(label).map_or(0, |(i, _)| *i)
    }

    /// What colours an annotation under the layer style.
    fn hue(&self, key: &Key, label: &str) -> Hue {
        self.layer_style.hue(key, self.label_index(label))
    }

    /// The scheme's label colours, in order.
    fn label_colours(&self) -> Vec<Color> {
        let mut colours = vec![Color([0x88, 0x88, 0x88]); self.labels.len()];
        for (i, colour) in self.labels.values() {
            colours[*i] = *colour;
        }
        colours
    }

    /// The colour of a hue, as `#rrggbb` (the fallback's boxes).
    fn hue_color(&self, hue: Hue) -> String {
        hue_color(hue, &self.label_colours(), &self.layer_style.layers).to_string()
    }

    /// A label colour's underline (layers and standings have none).
    fn hue_underline(&self, hue: Hue) -> Option<scholia_core::Underline> {
        match hue {
            Hue::Label(i) => self.underlines.get(i).copied(),
            _ => None,
        }
    }

    fn scheme_changed(&self, scheme: &Scheme) -> bool {
        self.style.is_none()
            || scheme.labels.len() != self.labels.len()
            || (scheme.labels.iter().enumerate())
                .any(|(i, l)| self.labels.get(&l.id) != Some(&(i, l.color)))
            || (self.sheet.as_ref())
                .is_some_and(|s| s.underlines != crate::paint::sheet::underlines(scheme))
    }

    /// Writes the style sheet when what it paints changed (it never does
    /// for an edit, a selection, a search or a flash: `paint::sheet`).
    fn write_sheet(&mut self, scheme: &Scheme) {
        let sheet = Sheet {
            labels: scheme.labels.iter().map(|l| l.color).collect(),
            underlines: crate::paint::sheet::underlines(scheme),
            layers: self.layer_style.layers.to_vec(),
            color_by: self.layer_style.color_by,
            levels: self.levels,
        };
        if self.sheet.as_ref().is_some_and(|s| s.rules_match(&sheet)) {
            return;
        }
        self.style
            .get_or_insert_with(RuleSheet::new)
            .set(&sheet.rules());
        self.sheet = Some(sheet);
    }

    /// The highlight of a colour and level (registered on first use), kept
    /// in `groups`: 10,000 annotations need not look it up by name each.
    fn colour_group(
        groups: &mut HashMap<(Hue, usize), web_sys::Highlight>,
        registry: &web_sys::HighlightRegistry,
        hue: Hue,
        level: usize,
    ) -> web_sys::Highlight {
        let name = group_name(hue, level);
        let level = name
            .rsplit('-')
            .next()
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        groups
            .entry((hue, level))
            .or_insert_with(|| group(registry, &name, 0))
            .clone()
    }

    /// Adds an annotation's ranges to its highlights, or (`on` false) takes
    /// them away.
    fn register(&mut self, key: &Key, on: bool) {
        let Backend::Api(registry) = &self.backend else {
            return;
        };
        let Some(painted) = self.painted.get(key) else {
            return;
        };
        let highlight = Self::colour_group(&mut self.groups, registry, painted.hue, painted.level);
        let underline = (key.layer == GOLD_LAYER)
            .then(|| group(registry, Mark::Gold.name(), Mark::Gold.priority()));
        for range in &painted.ranges {
            for h in std::iter::once(&highlight).chain(&underline) {
                if on {
                    h.add(range);
                } else {
                    h.delete(range);
                }
            }
        }
    }

    /// Paints an annotation, with the ranges it was painted with before
    /// when it only changes colour; the caller keeps what was painted.
    fn paint(&mut self, a: &Annotation, ranges: Option<Ranges>) -> Painted {
        let ranges: Ranges = ranges.unwrap_or_else(|| {
            a.fragments
                .iter()
                .filter_map(|f| static_range_in(&self.lines, &self.text, f.start, f.end))
                .collect()
        });
        let hue = self.hue(&a.key, &a.label);
        let extent = a.extent();
        let extent = extent.start..extent.end;
        let level = self.extents.place(a.key.clone(), extent.clone(), hue);
        self.levels = self.levels.max(level + 1);
        let gold = a.key.layer == GOLD_LAYER;
        match &mut self.backend {
            Backend::Api(registry) => {
                if self.window.as_ref().is_none_or(|w| meets(&extent, w)) {
                    let highlight = Self::colour_group(&mut self.groups, registry, hue, level);
                    let underline =
                        gold.then(|| group(registry, Mark::Gold.name(), Mark::Gold.priority()));
                    for range in &ranges {
                        highlight.add(range);
                        if let Some(underline) = &underline {
                            underline.add(range);
                        }
                    }
                }
            }
            Backend::Overlay(_) => {
                let drawn = draw_painted(&self.overlay, &ranges, &self.hue_color(hue), gold);
                mark_underline(&drawn, self.hue_underline(hue));
                if let Backend::Overlay(boxes) = &mut self.backend {
                    boxes.insert(a.key.clone(), drawn);
                }
            }
        }
        if self.selected.as_ref() == Some(&a.key) {
            self.selection_shown = false;
        }
        Painted {
            label: self.label_index(&a.label),
            fragments: SmallVec::from_slice(&a.fragments),
            hue,
            level,
            ranges,
        }
    }

    /// Takes an annotation's highlights away; returns its ranges.
    fn unpaint(&mut self, key: &Key) -> Option<Ranges> {
        self.register(key, false);
        let painted = self.painted.remove(key)?;
        let extent = painted.extent();
        self.extents.remove(key, extent.start);
        if self.selected.as_ref() == Some(key) {
            self.selection_shown = false;
        }
        match &mut self.backend {
            Backend::Api(registry) => {
                if self.selected.as_ref() == Some(key) {
                    if let Some(selected) = registry.get(Mark::Selected.name()) {
                        selected.clear();
                    }
                }
            }
            Backend::Overlay(boxes) => {
                for b in boxes.remove(key).into_iter().flatten() {
                    b.remove();
                }
            }
        }
        Some(painted.ranges)
    }

    /// The first line element an annotation touches, to scroll to.
    pub fn first_element(&self, key: &Key) -> Option<Element> {
        let painted = self.painted.get(key)?;
        let range = painted.ranges.first()?;
        let node = range.start_container();
        match node.dyn_ref::<Element>() {
            Some(element) => Some(element.clone()),
            None => node.parent_element(),
        }
    }

    /// After the layout changed (a resize): the fallback's boxes redrawn,
    /// the highlights near the new view registered.
    pub fn relayout(&mut self) {
        // The text per pixel changed with the layout: measure anew.
        self.measured = None;
        self.follow_view();
        let Backend::Overlay(boxes) = &self.backend else {
            return;
        };
        let mut drawn = HashMap::new();
        for (key, old) in boxes {
            for b in old {
                b.remove();
            }
            if let Some(painted) = self.painted.get(key) {
                let color = self.hue_color(painted.hue);
                let gold = key.layer == GOLD_LAYER;
                let boxes = draw_painted(&self.overlay, &painted.ranges, &color, gold);
                mark_underline(&boxes, self.hue_underline(painted.hue));
                drawn.insert(key.clone(), boxes);
            }
        }
        if let Backend::Overlay(boxes) = &mut self.backend {
            *boxes = drawn;
        }
        let selected = self.selected.clone();
        self.selection_shown = false;
        self.select(selected.as_ref());
        let (lines, text) = (&self.lines, &self.text);
        let make = |s: &Range<usize>| static_range_in(lines, text, s.start, s.end);
        self.marks.paint_search(None, make);
    }

    fn clear(&mut self) {
        self.selection_shown = false;
        let keys: Vec<Key> = self.painted.keys().cloned().collect();
        for key in &keys {
            self.unpaint(key);
        }
        if let Backend::Api(registry) = &self.backend {
            // The colours' highlights and the gold underline: search hits
            // stay.
            for name in registry_names(registry) {
                if is_group_name(&name) || name == Mark::Gold.name() {
                    registry.delete(&name);
                }
            }
        }
        self.groups.clear();
        self.levels = 1;
    }

    /// Shows search hits, `current` (an index into `hits`) emphasised.
    pub fn set_search(&mut self, hits: &[Range<usize>], current: Option<usize>) {
        let (lines, text) = (&self.lines, &self.text);
        let make = |s: &Range<usize>| static_range_in(lines, text, s.start, s.end);
        let window = self.window.as_ref();
        self.marks.set_search(hits, current, window, make);
    }

    /// Shows (or, with `None`, removes) where a span being resized would go.
    pub fn preview(&mut self, span: Option<(usize, usize)>) {
        let range = span.and_then(|(s, e)| static_range_in(&self.lines, &self.text, s, e));
        self.marks.preview(range);
    }
}

impl Drop for Painter {
    fn drop(&mut self) {
        self.clear();
        self.marks.clear();
        if let Some(style) = self.style.take() {
            style.remove();
        }
    }
}
