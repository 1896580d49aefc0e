//! Readable colours: the WCAG 2 contrast of the document's text over the
//! highlights drawn beneath it, in the light and the dark theme.
//!
//! A highlight is a label's colour laid over the page at some opacity; where
//! spans nest, it is laid on twice. [`highlight_alpha`] picks, for any colour,
//! the strongest opacity (up to [`HIGHLIGHT_ALPHA`]) at which the text keeps
//! a contrast of at least [`MIN_CONTRAST`] in both themes, stacked
//! [`STACKED`] deep. The app's style sheet uses the same theme colours.

use crate::model::Color;

/// A theme's page background and text colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: &'static str,
    pub background: Color,
    pub text: Color,
}

/// The light theme (`--bg`, `--text` in `www/style.css`).
pub const LIGHT: Theme = Theme {
    name: "light",
    background: Color([0xfb, 0xfa, 0xf7]),
    text: Color([0x1d, 0x1d, 0x1f]),
};

/// The dark theme.
pub const DARK: Theme = Theme {
    name: "dark",
    background: Color([0x17, 0x18, 0x1a]),
    text: Color([0xe8, 0xe6, 0xe3]),
};

pub const THEMES: [Theme; 2] = [LIGHT, DARK];

/// WCAG 2 AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;
/// The opacity of a highlight whose colour allows it.
pub const HIGHLIGHT_ALPHA: f64 = 0.28;
/// How many layers of one colour must stay readable (a span nested in
/// another of the same label).
pub const STACKED: u32 = 2;

/// The colour that marks search hits, and its opacity.
pub const SEARCH_HIT: (Color, f64) = (Color([0xa0, 0x6c, 0xd5]), 0.30);
/// The colour that flashes an annotation the app scrolls to.
pub const FLASH: (Color, f64) = (Color([0xff, 0xc8, 0x00]), 0.40);

/// Relative luminance (WCAG 2) of a colour given as sRGB channels in 0–255.
fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn channels(color: Color) -> [f64; 3] {
    color.0.map(f64::from)
}

/// The contrast ratio between two colours, from 1 to 21.
pub fn contrast_ratio(a: Color, b: Color) -> f64 {
    ratio(channels(a), channels(b))
}

fn ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color` at opacity `alpha`, laid `layers` times over `background`.
fn laid_over(color: Color, alpha: f64, layers: u32, background: Color) -> [f64; 3] {
    let mut out = channels(background);
    let top = channels(color);
    for _ in 0..layers {
        for i in 0..3 {
            out[i] = top[i] * alpha + out[i] * (1.0 - alpha);
        }
    }
    out
}

/// The contrast of a theme's text over a highlight of `color` at `alpha`,
/// laid `layers` times.
pub fn text_contrast(color: Color, alpha: f64, layers: u32, theme: &Theme) -> f64 {
    ratio(
        channels(theme.text),
        laid_over(color, alpha, layers, theme.background),
    )
}

/// The strongest opacity, in steps of 0.01 up to [`HIGHLIGHT_ALPHA`], at
/// which text over `color` stays readable in every theme, [`STACKED`] deep.
pub fn highlight_alpha(color: Color) -> f64 {
    let mut hundredths = (HIGHLIGHT_ALPHA * 100.0).round() as u32;
    while hundredths > 0 {
        let alpha = f64::from(hundredths) / 100.0;
        if THEMES
            .iter()
            .all(|theme| text_contrast(color, alpha, STACKED, theme) >= MIN_CONTRAST)
        {
            return alpha;
        }
        hundredths -= 1;
    }
    0.0
}

/// The lowest contrast of text over a label's highlight across the themes
/// (at the opacity [`highlight_alpha`] gives it, one layer), for showing
/// next to a colour.
pub fn label_contrast(color: Color) -> f64 {
    let alpha = highlight_alpha(color);
    THEMES
        .iter()
        .map(|theme| text_contrast(color, alpha, 1, theme))
        .fold(f64::INFINITY, f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scheme;
    use proptest::prelude::*;

    #[test]
    fn contrast_ratios_match_wcag() {
        assert!((contrast_ratio(Color([0, 0, 0]), Color([255, 255, 255])) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(Color([0x77; 3]), Color([255; 3])) - 4.48).abs() < 0.01);
        assert_eq!(contrast_ratio(Color([9, 9, 9]), Color([9, 9, 9])), 1.0);
        // Both themes' own text is far above AA on their page.
        for theme in THEMES {
            assert!(
                contrast_ratio(theme.text, theme.background) > 12.0,
                "{}",
                theme.name
            );
        }
    }

    #[test]
    fn default_and_palette_labels_keep_full_opacity_and_stay_readable() {
        let scheme = Scheme::default_scheme();
        let colors = scheme
            .labels
            .iter()
            .map(|l| l.color)
            .chain((0..30).map(Color::palette));
        for color in colors {
            for theme in THEMES {
                let c = text_contrast(color, highlight_alpha(color), STACKED, &theme);
                assert!(
                    c >= MIN_CONTRAST,
                    "{color} in the {} theme: {c:.2}",
                    theme.name
                );
            }
        }
        for label in &scheme.labels {
            assert_eq!(
                highlight_alpha(label.color),
                HIGHLIGHT_ALPHA,
                "{}",
                label.name
            );
        }
    }

    #[test]
    fn fixed_highlights_are_readable_in_both_themes() {
        for (name, (color, alpha)) in [("search", SEARCH_HIT), ("flash", FLASH)] {
            for theme in THEMES {
                let c = text_contrast(color, alpha, 1, &theme);
                assert!(
                    c >= MIN_CONTRAST,
                    "{name} in the {} theme: {c:.2}",
                    theme.name
                );
            }
        }
    }

    #[test]
    fn glaring_colours_are_toned_down() {
        // Pure yellow under light text in the dark theme, black under dark
        // text in the light theme.
        for color in [
            Color([255, 255, 0]),
            Color([0, 0, 0]),
            Color([255, 255, 255]),
        ] {
            let alpha = highlight_alpha(color);
            assert!(alpha < HIGHLIGHT_ALPHA, "{color}: {alpha}");
            assert!(alpha > 0.05, "{color} still shows: {alpha}");
        }
    }

    proptest! {
        #[test]
        fn any_colour_gets_a_readable_opacity(r: u8, g: u8, b: u8) {
            let color = Color([r, g, b]);
            let alpha = highlight_alpha(color);
            prop_assert!((0.0..=HIGHLIGHT_ALPHA).contains(&alpha));
            for theme in THEMES {
                for layers in 1..=STACKED {
                    prop_assert!(text_contrast(color, alpha, layers, &theme) >= MIN_CONTRAST);
                }
            }
        }
    }
}
