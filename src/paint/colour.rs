//! The colours of highlights: a label's, a layer's, an agreement standing's,
//! at the opacity that keeps the text readable.

use scholia_core::adjudication::GOLD_LAYER;
use scholia_core::contrast::highlight_alpha;
use scholia_core::Color;

use std::collections::BTreeSet;
use std::rc::Rc;

use scholia_core::Key;

use crate::team::{ColorBy, Standing, ViewRef};

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

impl LayerStyle {
    /// What colours an annotation of `key` with the label at `label` in
    /// the scheme.
    pub fn hue(&self, key: &Key, label: usize) -> Hue {
        match self.color_by {
            ColorBy::Label => Hue::Label(label),
            ColorBy::Annotator => Hue::Layer(
                self.layers
                    .iter()
                    .position(|l| *l == key.layer)
                    .unwrap_or(0),
            ),
            ColorBy::Agreement => match self
                .view
                .as_ref()
                .and_then(|v| v.cluster_of(key).and_then(|i| v.clusters.get(i)))
            {
                Some(cluster) => Hue::Standing(Standing::of(cluster).index()),
                None => Hue::Label(label),
            },
        }
    }
}

/// What colours a painted annotation: its label, its layer, or its
/// cluster's standing (indices, so no user text names a highlight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Hue {
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

/// The colour of a hue that names nothing (never painted in practice).
const UNKNOWN: Color = Color([0x88, 0x88, 0x88]);

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
    rgba((color, highlight_alpha(color)))
}

/// A colour at an opacity, as CSS.
pub fn rgba((color, alpha): (Color, f64)) -> String {
    let [r, g, b] = color.0;
    format!("rgb({r} {g} {b} / {alpha})")
}

/// The colour of a hue: `labels` are the scheme's labels' colours in order,
/// `layers` the document's layers in order.
pub fn hue_color(hue: Hue, labels: &[Color], layers: &[String]) -> Color {
    match hue {
        Hue::Label(i) => labels.get(i).copied().unwrap_or(UNKNOWN),
        Hue::Layer(i) => layers.get(i).map_or(UNKNOWN, |l| layer_color(i, l)),
        Hue::Standing(i) => Standing::ALL.get(i).map_or(UNKNOWN, |s| s.color()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hues_take_the_colour_of_what_they_name() {
        let labels = [Color([0x1f, 0x77, 0xb4]), Color([0xe0, 0x7b, 0x00])];
        let layers = vec!["ann".to_string(), GOLD_LAYER.to_string()];
        assert_eq!(hue_color(Hue::Label(1), &labels, &layers), labels[1]);
        assert_eq!(hue_color(Hue::Label(5), &labels, &layers), UNKNOWN);
        assert_eq!(
            hue_color(Hue::Layer(0), &labels, &layers),
            Color(LAYER_COLORS[0])
        );
        assert_eq!(
            hue_color(Hue::Layer(1), &labels, &layers),
            Color([0xb8, 0x86, 0x0b])
        );
        assert_eq!(
            hue_color(Hue::Standing(0), &labels, &layers),
            Standing::ALL[0].color()
        );
        // Layers past the palette take its colours again.
        assert_eq!(layer_color(9, "x"), layer_color(1, "y"));
    }

    #[test]
    fn annotations_take_the_hue_of_the_colouring() {
        let key = Key::new("bob", "a1");
        let mut style = LayerStyle::default();
        assert_eq!(style.hue(&key, 2), Hue::Label(2));
        style.color_by = ColorBy::Annotator;
        style.layers = Rc::new(vec!["ann".into(), "bob".into()]);
        assert_eq!(style.hue(&key, 2), Hue::Layer(1));
        // Outside any cluster (no view yet), by agreement falls back to
        // the label.
        style.color_by = ColorBy::Agreement;
        assert_eq!(style.hue(&key, 2), Hue::Label(2));
    }

    #[test]
    fn a_background_is_the_colour_at_its_readable_opacity() {
        let blue = Color([0x1f, 0x77, 0xb4]);
        assert_eq!(
            label_background(blue),
            format!("rgb(31 119 180 / {})", highlight_alpha(blue))
        );
        assert!(highlight_alpha(blue) > 0.0 && highlight_alpha(blue) < 1.0);
        assert_eq!(rgba((Color([1, 2, 3]), 0.5)), "rgb(1 2 3 / 0.5)");
    }
}
