//! Painting annotations over the document text.
//!
//! With the CSS Custom Highlight API, each label and nesting level is one
//! registered `Highlight` (named `sch-<label>-<level>`) styled by a generated
//! `::highlight()` rule, and the document's DOM is never touched. Spans of
//! the same label that overlap go to different levels, so where they stack
//! the colour is drawn twice, darker. Updates are incremental: only the
//! annotations whose label or fragments changed are repainted.
//!
//! With several annotators' layers, the [`LayerStyle`] says which layers are
//! hidden (not painted at all) and what colours the highlights: the label
//! (`sch-<label>-<level>`), the annotator (`sch-a<layer>-<level>`), or the
//! agreement status of the annotation's cluster (`sch-s<status>-<level>`).
//! When only the colour of an annotation changes (its cluster's status, or
//! the colouring), its ranges move from one highlight to another without
//! being made again. Gold annotations are also underlined twice
//! (`sch-gold`); the disagreement being adjudicated is overlined
//! (`sch-cluster`).
//!
//! Without the API, a fallback draws the same ranges as translucent boxes in
//! an overlay beneath the text, from the ranges' client rects.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use smallvec::SmallVec;

use scholia_core::adjudication::GOLD_LAYER;
use scholia_core::contrast::{highlight_alpha, FLASH, SEARCH_HIT};
use scholia_core::{
    AnnotatedDocument, Annotation, Color, Fragment, Key, LogPosition, Scheme, Text,
};

use crate::team::{ColorBy, Standing, ViewRef};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbstractRange, Element, HtmlElement, StaticRange};

use super::document;
use super::rule_sheet::RuleSheet;
use super::selection::{client_rects, static_range_in};

/// Levels of stacked spans with a rule each; deeper ones reuse the last.
const LEVELS: usize = 8;

/// Which layers are painted, and how highlights are coloured.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerStyle {
    /// Layers not painted.
    pub hidden: Rc<BTreeSet<String>>,
    pub color_by: ColorBy,
    /// Every layer of the document, in order: a layer's place is its colour.
    pub layers: Rc<Vec<String>>,
    /// Cluster statuses, to colour by agreement.
    pub view: Option<ViewRef>,
}

impl Default for LayerStyle {
    fn default() -> Self {
        LayerStyle {
            hidden: Rc::default(),
            color_by: ColorBy::Label,
            layers: Rc::default(),
            view: None,
        }
    }
}

/// What colours a painted annotation: its label, its layer, or its
/// cluster's standing (indices, so no user text names a highlight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Hue {
    Label(usize),
    Layer(usize),
    Standing(usize),
}

/// Layers' colours, apart from the default labels' (blue, orange, green)
/// and the agreement colours.
const LAYER_COLORS: [[u8; 3]; 8] = [
    [0x8c, 0x56, 0x4b],
    [0xe3, 0x77, 0xc2],
    [0x52, 0x54, 0xa3],
    [0x8c, 0xa2, 0x52],
    [0x7f, 0x7f, 0x7f],
    [0xbd, 0x9e, 0x39],
    [0xad, 0x49, 0x4a],
    [0x39, 0x3b, 0x79],
];

/// The colour of the `index`-th layer of a document (gold is golden).
pub fn layer_color(index: usize, layer: &str) -> Color {
    if layer == GOLD_LAYER {
        return Color([0xb8, 0x86, 0x0b]);
    }
    Color(LAYER_COLORS[index % LAYER_COLORS.len()])
}

/// A label's highlight colour: its colour at the opacity that keeps the
/// text readable in both themes (stacked levels darken).
pub fn label_background(color: Color) -> String {
    let [r, g, b] = color.0;
    format!("rgb({r} {g} {b} / {})", highlight_alpha(color))
}

fn rgba((color, alpha): (Color, f64)) -> String {
    let [r, g, b] = color.0;
    format!("rgb({r} {g} {b} / {alpha})")
}

/// The highlights besides the labels' colours. Each has its name in the
/// registry, its priority over the others where they overlap, and its
/// `::highlight()` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// The selected annotation's underline.
    Selected,
    /// An annotation flashed when it is jumped to.
    Flash,
    /// Search hits, and the current one.
    Search,
    SearchCurrent,
    /// A span's extent while its handle is dragged.
    Preview,
    /// The gold layer's underline.
    Gold,
    /// The disagreement being adjudicated.
    Cluster,
}

impl Mark {
    /// The marks whose rules are in the style sheet from the start: the
    /// selection, and search hits, so that the first search does not
    /// restyle every line in the frame that shows it (a long frame of about
    /// 90 ms at 1 MB; at import the two rules cost a few milliseconds,
    /// within the benchmark's spread: docs/performance.md).
    const FROM_THE_START: [Mark; 3] = [Mark::Selected, Mark::Search, Mark::SearchCurrent];

    fn name(self) -> &'static str {
        match self {
            Mark::Selected => "sch-selected",
            Mark::Flash => "sch-flash",
            Mark::Search => "sch-search",
            Mark::SearchCurrent => "sch-search-current",
            Mark::Preview => "sch-preview",
            Mark::Gold => "sch-gold",
            Mark::Cluster => "sch-cluster",
        }
    }

    fn priority(self) -> i32 {
        match self {
            Mark::Gold => 4,
            Mark::Search => 5,
            Mark::SearchCurrent => 6,
            Mark::Cluster => 8,
            Mark::Selected => 10,
            Mark::Flash => 20,
            Mark::Preview => 30,
        }
    }

    fn rule(self) -> String {
        let style = match self {
            Mark::Gold => "text-decoration: underline double 3px; text-decoration-color: var(--gold-underline, #8a5a00); text-underline-offset: 4px;".to_string(),
            Mark::Cluster => "text-decoration: overline 3px; text-decoration-color: var(--cluster, #6a1fb0);".to_string(),
            Mark::Selected => "text-decoration: underline 3px; text-decoration-color: var(--selected-underline, #111); text-underline-offset: 3px;".to_string(),
            Mark::Flash => format!("background-color: {};", rgba(FLASH)),
            Mark::Search => format!("background-color: {};", rgba(SEARCH_HIT)),
            Mark::SearchCurrent => "text-decoration: underline 3px; text-decoration-color: var(--search-current, #6a1fb0); text-underline-offset: 3px;".to_string(),
            Mark::Preview => "text-decoration: underline dashed 2px; text-decoration-color: var(--accent, #2457c5); text-underline-offset: 4px;".to_string(),
        };
        format!("::highlight({}) {{ {style} }}\n", self.name())
    }

    /// Its highlight in the registry, made and registered when missing.
    fn highlight(self, registry: &web_sys::HighlightRegistry) -> web_sys::Highlight {
        group(registry, self.name(), self.priority())
    }
}

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

enum Backend {
    Api(web_sys::HighlightRegistry),
    /// The overlay the fallback draws in, and each painted annotation's
    /// boxes there.
    Overlay(HtmlElement, HashMap<Key, Vec<Element>>),
}

/// Adds many painted annotations at once, replacing those under the same
/// keys. Collected, the batch is a B-tree with full nodes, and appending it
/// merges both into one (a map filled one key at a time keeps its nodes
/// about half full; a hash map of 10,000 entries has 16,384 slots).
fn add_all<V>(map: &mut BTreeMap<Key, V>, batch: Vec<(&Key, V)>) {
    let mut added: BTreeMap<Key, V> = batch
        .into_iter()
        .map(|(key, value)| (key.clone(), value))
        .collect();
    map.append(&mut added);
}

/// Paints one document's annotations. Dropping it removes every highlight.
pub struct Painter {
    text: Text,
    backend: Backend,
    labels: HashMap<String, (usize, String)>,
    /// What is painted, by key (the document's shared names).
    painted: BTreeMap<Key, Painted>,
    style: Option<RuleSheet>,
    /// The label colours' rules, as last generated for the scheme.
    label_rules: String,
    /// The other highlights given a rule so far, besides those there from
    /// the start (`Mark::FROM_THE_START`). Each rule costs Chromium a style
    /// for every line on each style recalculation (about 4 ms at 1 MB,
    /// 2,700 lines), so a rule is added when its highlight is first used,
    /// and kept; adding one restyles every line once (about 50 ms at 1 MB).
    extras: Vec<Mark>,
    selected: Option<Key>,
    /// Whether the selection's highlight holds the selected annotation's
    /// ranges as painted now: selecting it again then changes nothing (each
    /// change to a highlight makes the browser walk every range again).
    selection_shown: bool,
    /// Search hits (and the fallback's boxes for them).
    search: Vec<StaticRange>,
    search_boxes: Vec<Element>,
    search_current: Option<usize>,
    layer_style: LayerStyle,
    cluster: Vec<Element>,
    /// Levels given a `::highlight()` rule so far: Chromium resolves every
    /// rule for every element on each style recalculation, so the sheet
    /// holds only the rules in use (docs/performance.md).
    levels: usize,
    /// Where the document stood at the last sync: from there, only what
    /// changed is compared (`None`: compare everything).
    synced: Option<LogPosition>,
    /// The colour highlights registered so far, by hue and level.
    groups: HashMap<(Hue, usize), web_sys::Highlight>,
    /// Each line's text node (see `selection::show_text`).
    lines: Vec<web_sys::Node>,
}

/// Whether the browser has the CSS Custom Highlight API.
pub fn highlight_api_available() -> bool {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &JsValue::from_str("CSS"))
        .ok()
        .filter(|css| !css.is_undefined())
        .and_then(|css| js_sys::Reflect::get(&css, &JsValue::from_str("highlights")).ok())
        .is_some_and(|h| !h.is_undefined() && !h.is_null())
}

impl Painter {
    /// A painter for `text`, shown as `lines` (each line's text node, from
    /// `selection::show_text`); `overlay` receives the fallback's boxes when
    /// the highlight API is missing.
    pub fn new(overlay: HtmlElement, text: Text, lines: Vec<web_sys::Node>) -> Painter {
        let backend = if highlight_api_available() {
            Backend::Api(web_sys::css::JsNamespaceCss::highlights())
        } else {
            Backend::Overlay(overlay, HashMap::new())
        };
        Painter {
            text,
            backend,
            labels: HashMap::new(),
            painted: BTreeMap::new(),
            style: None,
            label_rules: String::new(),
            extras: Vec::new(),
            selected: None,
            selection_shown: false,
            search: Vec::new(),
            search_boxes: Vec::new(),
            search_current: None,
            layer_style: LayerStyle::default(),
            cluster: Vec::new(),
            levels: 1,
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
        if self.scheme_changed(doc.scheme()) {
            self.clear();
            self.set_scheme(doc.scheme());
        } else if layers_changed {
            self.set_scheme(doc.scheme());
        } else if !hidden_changed && style.color_by != ColorBy::Agreement {
            // Colours follow labels or layers only: what changed in place
            // since the last sync is all there is to repaint.
            if let Some(changed) = synced.and_then(|at| doc.changed_since(at)) {
                let changed: BTreeSet<&Key> = changed.collect();
                for key in changed {
                    self.sync_one(doc, key);
                }
                let selected = self.selected.clone();
                self.select(selected.as_ref());
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
        let mut new: Vec<_> = doc
            .annotations()
            .filter(|a| {
                !self.painted.contains_key(&a.key) && !style.hidden.contains(a.key.layer.as_str())
            })
            .map(|a| (a, self.hue(&a.key, &a.label)))
            .collect();
        if new.len() > 64 {
            // Many at once (a load, an import, another colouring): assign
            // levels by a sweep.
            new.sort_by_key(|(a, _)| a.document_order());
            let mut level_ends: HashMap<Hue, Vec<usize>> = HashMap::new();
            for painted in self.painted.values() {
                let ends = level_ends.entry(painted.hue).or_default();
                if ends.len() <= painted.level {
                    ends.resize(painted.level + 1, 0);
                }
                ends[painted.level] = ends[painted.level].max(extent(&painted.fragments).end);
            }
            let levels: Vec<usize> = new
                .iter()
                .map(|(a, hue)| {
                    let ends = level_ends.entry(*hue).or_default();
                    let span = a.extent();
                    let level = ends
                        .iter()
                        .position(|&end| end <= span.start)
                        .unwrap_or(ends.len());
                    if level == ends.len() {
                        ends.push(0);
                    }
                    ends[level] = span.end;
                    level
                })
                .collect();
            let mut painted = Vec::with_capacity(new.len());
            for ((a, hue), level) in new.into_iter().zip(levels) {
                let ranges = moved.remove(&a.key);
                painted.push((&a.key, self.paint(a, hue, level, ranges)));
            }
            add_all(&mut self.painted, painted);
        } else {
            for (a, hue) in new {
                let level = self.free_level(hue, a.extent());
                let ranges = moved.remove(&a.key);
                let painted = self.paint(a, hue, level, ranges);
                self.painted.insert(a.key.clone(), painted);
            }
        }
        let levels = self.painted.values().map(|p| p.level + 1).max();
        self.use_levels(levels.unwrap_or(1), doc.scheme());
        let selected = self.selected.clone();
        self.select(selected.as_ref());
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
            let hue = self.hue(key, &a.label);
            let level = self.free_level(hue, a.extent());
            let painted = self.paint(a, hue, level, None);
            self.painted.insert(key.clone(), painted);
            self.use_levels(level + 1, doc.scheme());
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

    /// Makes sure the style sheet has rules for `levels` nesting levels.
    fn use_levels(&mut self, levels: usize, scheme: &Scheme) {
        if levels.min(LEVELS) > self.levels {
            self.levels = levels.min(LEVELS);
            self.set_scheme(scheme);
        }
    }

    /// What colours an annotation under the layer style.
    fn hue(&self, key: &Key, label: &str) -> Hue {
        let by_label = || Hue::Label(self.label_index(label));
        let style = &self.layer_style;
        match style.color_by {
            ColorBy::Label => by_label(),
            ColorBy::Annotator => Hue::Layer(
                style
                    .layers
                    .iter()
                    .position(|l| *l == key.layer)
                    .unwrap_or(0),
            ),
            ColorBy::Agreement => match style
                .view
                .as_ref()
                .and_then(|v| v.cluster_of(key).and_then(|i| v.clusters.get(i)))
            {
                Some(cluster) => Hue::Standing(Standing::of(cluster).index()),
                None => by_label(),
            },
        }
    }

    /// The colour of a hue, as `#rrggbb` (the fallback's boxes).
    fn hue_color(&self, hue: Hue) -> String {
        match hue {
            Hue::Label(i) => self
                .labels
                .values()
                .find(|(index, _)| *index == i)
                .map_or("#888888".to_string(), |(_, c)| c.clone()),
            Hue::Layer(i) => self
                .layer_style
                .layers
                .get(i)
                .map_or("#888888".to_string(), |l| layer_color(i, l).to_string()),
            Hue::Standing(i) => Standing::ALL
                .get(i)
                .map_or("#888888".to_string(), |s| s.color().to_string()),
        }
    }

    fn scheme_changed(&self, scheme: &Scheme) -> bool {
        self.style.is_none()
            || scheme.labels.len() != self.labels.len()
            || scheme
                .labels
                .iter()
                .enumerate()
                .any(|(i, l)| self.labels.get(&l.id) != Some(&(i, l.color.to_string())))
    }

    /// Generates the `::highlight()` rules: label colours come from the
    /// scheme as validated `#rrggbb` values and names are indices, so no
    /// user text reaches the style sheet.
    fn set_scheme(&mut self, scheme: &Scheme) {
        self.labels = scheme
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.clone(), (i, l.color.to_string())))
            .collect();
        let mut css = String::new();
        let levels = self.levels;
        let mut rules = |prefix: &str, colours: &mut dyn Iterator<Item = Color>| {
            for (i, colour) in colours.enumerate() {
                let background = label_background(colour);
                // The levels in use (up to LEVELS: deeper nesting reuses the
                // last rule).
                for level in 0..levels {
                    css.push_str(&format!(
                        "::highlight(sch-{prefix}{i}-{level}) {{ background-color: {background}; }}\n"
                    ));
                }
            }
        };
        // Layer and standing colours only while they colour the text.
        rules("", &mut scheme.labels.iter().map(|l| l.color));
        let layers = self.layer_style.layers.clone();
        if self.layer_style.color_by == ColorBy::Annotator {
            rules(
                "a",
                &mut layers.iter().enumerate().map(|(i, l)| layer_color(i, l)),
            );
        }
        if self.layer_style.color_by == ColorBy::Agreement {
            rules("s", &mut Standing::ALL.iter().map(|s| s.color()));
        }
        self.label_rules = css;
        self.write_rules();
    }

    /// Makes sure the style sheet has `mark`'s rule.
    fn use_rule(&mut self, mark: Mark) {
        if !Mark::FROM_THE_START.contains(&mark) && !self.extras.contains(&mark) {
            self.extras.push(mark);
            self.write_rules();
        }
    }

    /// Writes the style sheet: the labels' colours, the rules there from
    /// the start and the others in use.
    fn write_rules(&mut self) {
        let mut css = self.label_rules.clone();
        for mark in Mark::FROM_THE_START.iter().chain(&self.extras) {
            css.push_str(&mark.rule());
        }
        self.style.get_or_insert_with(RuleSheet::new).set(&css);
    }

    /// The lowest level of a hue where `span` overlaps nothing painted.
    fn free_level(&self, hue: Hue, span: Fragment) -> usize {
        let mut taken = Vec::new();
        for painted in self.painted.values() {
            if painted.hue == hue && extent(&painted.fragments).overlaps(&span) {
                taken.push(painted.level);
            }
        }
        (0..).find(|level| !taken.contains(level)).unwrap_or(0)
    }

    /// The highlight of a colour and level (registered on first use), kept
    /// in `groups`: 10,000 annotations need not look it up by name each.
    fn colour_group(
        groups: &mut HashMap<(Hue, usize), web_sys::Highlight>,
        registry: &web_sys::HighlightRegistry,
        hue: Hue,
        level: usize,
    ) -> web_sys::Highlight {
        let level = level.min(LEVELS - 1);
        groups
            .entry((hue, level))
            .or_insert_with(|| group(registry, &Self::group_name(hue, level), 0))
            .clone()
    }

    fn group_name(hue: Hue, level: usize) -> String {
        let level = level.min(LEVELS - 1);
        match hue {
            Hue::Label(i) => format!("sch-{i}-{level}"),
            Hue::Layer(i) => format!("sch-a{i}-{level}"),
            Hue::Standing(i) => format!("sch-s{i}-{level}"),
        }
    }

    /// Paints an annotation, with the ranges it was painted with before
    /// when it only changes colour; the caller keeps what was painted.
    fn paint(&mut self, a: &Annotation, hue: Hue, level: usize, ranges: Option<Ranges>) -> Painted {
        let ranges: Ranges = ranges.unwrap_or_else(|| {
            a.fragments
                .iter()
                .filter_map(|f| static_range_in(&self.lines, &self.text, f.start, f.end))
                .collect()
        });
        let gold = a.key.layer == GOLD_LAYER;
        if gold {
            self.use_rule(Mark::Gold);
        }
        match &self.backend {
            Backend::Api(registry) => {
                let highlight = Self::colour_group(&mut self.groups, registry, hue, level);
                let underline = gold.then(|| Mark::Gold.highlight(registry));
                for range in &ranges {
                    highlight.add(range);
                    if let Some(underline) = &underline {
                        underline.add(range);
                    }
                }
            }
            Backend::Overlay(overlay, _) => {
                let drawn = draw_painted(overlay, &ranges, &self.hue_color(hue), gold);
                if let Backend::Overlay(_, boxes) = &mut self.backend {
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
        let painted = self.painted.remove(key)?;
        if self.selected.as_ref() == Some(key) {
            self.selection_shown = false;
        }
        match &mut self.backend {
            Backend::Api(registry) => {
                let highlight =
                    Self::colour_group(&mut self.groups, registry, painted.hue, painted.level);
                for range in &painted.ranges {
                    highlight.delete(range);
                }
                if key.layer == GOLD_LAYER {
                    if let Some(highlight) = registry.get(Mark::Gold.name()) {
                        for range in &painted.ranges {
                            highlight.delete(range);
                        }
                    }
                }
                if self.selected.as_ref() == Some(key) {
                    if let Some(selected) = registry.get(Mark::Selected.name()) {
                        selected.clear();
                    }
                }
            }
            Backend::Overlay(_, boxes) => {
                for b in boxes.remove(key).into_iter().flatten() {
                    b.remove();
                }
            }
        }
        Some(painted.ranges)
    }

    /// Marks the disagreement being adjudicated (or none).
    pub fn set_cluster(&mut self, extent: Option<Fragment>) {
        for b in self.cluster.drain(..) {
            b.remove();
        }
        let range = extent.and_then(|f| static_range_in(&self.lines, &self.text, f.start, f.end));
        if range.is_some() {
            self.use_rule(Mark::Cluster);
        }
        match &self.backend {
            Backend::Api(registry) => {
                let highlight = Mark::Cluster.highlight(registry);
                highlight.clear();
                if let Some(range) = &range {
                    highlight.add(range);
                }
            }
            Backend::Overlay(overlay, _) => {
                if let Some(range) = &range {
                    self.cluster = draw_boxes(overlay, range, "#6a1fb0");
                    for b in &self.cluster {
                        let _ = b.class_list().add_1("cluster-box");
                    }
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
        match &self.backend {
            Backend::Api(registry) => {
                let highlight = Mark::Selected.highlight(registry);
                highlight.clear();
                if let Some(painted) = key.and_then(|k| self.painted.get(k)) {
                    for range in &painted.ranges {
                        highlight.add(range);
                    }
                }
            }
            Backend::Overlay(_, boxes) => {
                for (k, boxes) in boxes {
                    for b in boxes {
                        let _ = b.class_list().toggle_with_force("selected", key == Some(k));
                    }
                }
            }
        }
    }

    /// Briefly emphasises an annotation; `on` false removes the emphasis.
    pub fn flash(&mut self, key: &Key, on: bool) {
        if on && self.painted.contains_key(key) {
            self.use_rule(Mark::Flash);
        }
        let Some(painted) = self.painted.get(key) else {
            return;
        };
        match &self.backend {
            Backend::Api(registry) => {
                let highlight = Mark::Flash.highlight(registry);
                highlight.clear();
                if on {
                    for range in &painted.ranges {
                        highlight.add(range);
                    }
                }
            }
            Backend::Overlay(_, boxes) => {
                for b in boxes.get(key).into_iter().flatten() {
                    let _ = b.class_list().toggle_with_force("flash", on);
                }
            }
        }
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

    /// Redraws the fallback's boxes after the layout changed (a resize).
    pub fn relayout(&mut self) {
        let Backend::Overlay(overlay, boxes) = &self.backend else {
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
                drawn.insert(
                    key.clone(),
                    draw_painted(overlay, &painted.ranges, &color, gold),
                );
            }
        }
        if let Backend::Overlay(_, boxes) = &mut self.backend {
            *boxes = drawn;
        }
        let selected = self.selected.clone();
        self.select(selected.as_ref());
        self.paint_search();
    }

    fn clear(&mut self) {
        self.selection_shown = false;
        let keys: Vec<Key> = self.painted.keys().cloned().collect();
        for key in &keys {
            self.unpaint(key);
        }
        if let Backend::Api(registry) = &self.backend {
            // Colour groups (`sch-<index>-<level>`, `sch-a…`, `sch-s…`) and
            // the gold underline: search hits stay.
            for name in registry_names(registry) {
                let rest = name[4..].trim_start_matches(['a', 's']);
                if rest.starts_with(|c: char| c.is_ascii_digit()) || name == Mark::Gold.name() {
                    registry.delete(&name);
                }
            }
        }
        self.groups.clear();
    }

    /// Shows search hits, `current` (an index into `hits`) emphasised.
    pub fn set_search(&mut self, hits: &[std::ops::Range<usize>], current: Option<usize>) {
        self.search = hits
            .iter()
            .filter_map(|h| static_range_in(&self.lines, &self.text, h.start, h.end))
            .collect();
        self.search_current = current;
        self.paint_search();
    }

    fn paint_search(&mut self) {
        for b in self.search_boxes.drain(..) {
            b.remove();
        }
        if !self.search.is_empty() {
            self.use_rule(Mark::Search);
        }
        if self.search_current.is_some() {
            self.use_rule(Mark::SearchCurrent);
        }
        match &self.backend {
            Backend::Api(registry) => {
                let all = Mark::Search.highlight(registry);
                all.clear();
                for range in &self.search {
                    all.add(range);
                }
                let current = Mark::SearchCurrent.highlight(registry);
                current.clear();
                if let Some(range) = self.search_current.and_then(|i| self.search.get(i)) {
                    current.add(range);
                }
            }
            Backend::Overlay(overlay, _) => {
                let color = SEARCH_HIT.0.to_string();
                for (i, range) in self.search.iter().enumerate() {
                    let boxes = draw_boxes(overlay, range, &color);
                    for b in &boxes {
                        if let Some(html) = b.dyn_ref::<HtmlElement>() {
                            let _ = html.style().set_property("--label-bg", &rgba(SEARCH_HIT));
                        }
                    }
                    for b in &boxes {
                        let _ = b.class_list().add_1("search-box");
                        if Some(i) == self.search_current {
                            let _ = b.class_list().add_1("current");
                        }
                    }
                    self.search_boxes.extend(boxes);
                }
            }
        }
    }

    /// Shows (or, with `None`, removes) where a span being resized would go.
    pub fn preview(&mut self, span: Option<(usize, usize)>) {
        let range = span.and_then(|(s, e)| static_range_in(&self.lines, &self.text, s, e));
        if range.is_some() {
            self.use_rule(Mark::Preview);
        }
        match &self.backend {
            Backend::Api(registry) => {
                let highlight = Mark::Preview.highlight(registry);
                highlight.clear();
                if let Some(range) = &range {
                    highlight.add(range);
                }
            }
            Backend::Overlay(overlay, _) => {
                if let Ok(list) = overlay.query_selector_all(".preview-box") {
                    for i in 0..list.length() {
                        if let Some(node) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok())
                        {
                            node.remove();
                        }
                    }
                }
                if let Some(range) = &range {
                    for b in draw_boxes(overlay, range, "#2457c5") {
                        let _ = b.class_list().add_1("preview-box");
                    }
                }
            }
        }
    }
}

impl Drop for Painter {
    fn drop(&mut self) {
        self.clear();
        self.search.clear();
        self.paint_search();
        self.preview(None);
        self.set_cluster(None);
        if let Some(style) = self.style.take() {
            style.remove();
        }
    }
}

fn extent(fragments: &[Fragment]) -> Fragment {
    Fragment::new(
        fragments.first().map_or(0, |f| f.start),
        fragments.last().map_or(0, |f| f.end),
    )
}

/// The registered highlight of this name, created on first use.
fn group(registry: &web_sys::HighlightRegistry, name: &str, priority: i32) -> web_sys::Highlight {
    if let Some(highlight) = registry.get(name) {
        return highlight;
    }
    let highlight = web_sys::Highlight::new(&[]).expect("a Highlight");
    highlight.set_priority(priority);
    registry.set(name, &highlight);
    highlight
}

/// The names of Scholia's registered highlights.
fn registry_names(registry: &web_sys::HighlightRegistry) -> Vec<String> {
    let mut names = Vec::new();
    let keys = js_sys::Reflect::get(registry, &JsValue::from_str("keys"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(registry).ok());
    if let Some(iterator) = keys.and_then(|k| js_sys::try_iter(&k).ok().flatten()) {
        for name in iterator.flatten() {
            if let Some(name) = name.as_string().filter(|n| n.starts_with("sch-")) {
                names.push(name);
            }
        }
    }
    names
}

/// Draws an annotation's ranges as boxes in the overlay (gold ones marked).
fn draw_painted(
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

/// Draws a range as boxes in the overlay, positioned from its client rects.
fn draw_boxes(overlay: &HtmlElement, range: &AbstractRange, color: &str) -> Vec<Element> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(layer: &str, id: &str) -> Key {
        Key::new(layer, id)
    }

    #[test]
    fn a_batch_joins_what_is_there_and_replaces_the_same_keys() {
        let mut map = BTreeMap::new();
        map.insert(key("gold", "g1"), 1);
        map.insert(key("ann", "a5"), 2);
        // Out of order, over several layers, as a sweep in document order
        // gives them.
        let batch_keys: Vec<Key> = (0..100)
            .rev()
            .map(|i| key(["ann", "bob", "gold"][i % 3], &format!("a{i}")))
            .collect();
        add_all(
            &mut map,
            batch_keys
                .iter()
                .map(|k| (k, k.id[1..].parse::<u32>().unwrap() + 100))
                .collect(),
        );
        assert_eq!(map.values().count(), 102);
        // ann/a5 was there before the batch, whose a5 is in gold.
        assert_eq!(map.get(&key("gold", "g1")), Some(&1));
        assert_eq!(map.get(&key("ann", "a0")), Some(&100));
        assert_eq!(map.get(&key("bob", "a1")), Some(&101));
        assert_eq!(map.get(&key("gold", "a5")), Some(&105));
        assert_eq!(map.get(&key("ann", "a5")), Some(&2));
        assert_eq!(map.get(&key("ann", "a99")), Some(&199));
        // The same key again: replaced.
        add_all(&mut map, vec![(&batch_keys[0], 7)]);
        assert_eq!(map.get(&batch_keys[0]), Some(&7));
        assert_eq!(map.values().count(), 102);
    }
}
