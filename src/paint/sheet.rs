//! The `::highlight()` rules of the painter's style sheet, and the names of
//! the highlights they style.
//!
//! Every rule is scoped to the document's lines ([`LINES`]), whose text
//! nodes are all a highlight ever covers. A bare `::highlight()` rule
//! applies to every element, and with one in a sheet Chromium restyles
//! lines of the groups it otherwise skips (`content-visibility: auto`)
//! whenever a style above them changes: a theme switch restyled 28,514
//! elements in 54–60 ms on a document of 84,000 short lines, 4,531 in
//! 18–21 ms with the rules scoped (`node bench/restyle.mjs`,
//! docs/performance.md).
//!
//! Every change to the sheet makes Chromium restyle every line of the
//! document that it styles, which on a document of 12,000 lines was a
//! frame of several hundred milliseconds. So
//! the sheet is written once, with the document, holding every rule an
//! action can need: each mark's, and the label colours' first
//! [`LEVELS_FROM_THE_START`] levels. It changes again only when what it
//! paints changes for the whole document (the scheme's colours, colouring
//! by annotator or agreement) or spans of one colour nest deeper than those
//! levels. Label colours come from the scheme as validated `#rrggbb`
//! values and highlights are named by indices, so no user text reaches it.

use scholia_core::contrast::{FLASH, SEARCH_HIT};
use scholia_core::{Color, Scheme, Underline};

use super::colour::{label_background, layer_color, rgba, Hue};
use crate::team::{ColorBy, Standing};

/// The elements the rules apply to: the document's lines (`<p class="line">`,
/// web/selection.rs), whose text a highlight paints.
pub const LINES: &str = ".document .line";

/// Levels of stacked spans with a rule each; deeper ones reuse the last.
pub const LEVELS: usize = 8;

/// Levels whose rules are in the sheet from the start: a span and one
/// nested in it or crossing it, the usual overlap.
pub const LEVELS_FROM_THE_START: usize = 2;

/// The highlights besides the colours. Each has its name in the registry,
/// its priority over the others where they overlap, and its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
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
    /// The other mentions of the selected annotation's entity (its
    /// coreference chain).
    Chain,
}

impl Mark {
    pub const ALL: [Mark; 8] = [
        Mark::Selected,
        Mark::Flash,
        Mark::Search,
        Mark::SearchCurrent,
        Mark::Preview,
        Mark::Gold,
        Mark::Cluster,
        Mark::Chain,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mark::Selected => "sch-selected",
            Mark::Flash => "sch-flash",
            Mark::Search => "sch-search",
            Mark::SearchCurrent => "sch-search-current",
            Mark::Preview => "sch-preview",
            Mark::Gold => "sch-gold",
            Mark::Cluster => "sch-cluster",
            Mark::Chain => "sch-chain",
        }
    }

    pub fn priority(self) -> i32 {
        match self {
            Mark::Gold => 4,
            Mark::Search => 5,
            Mark::SearchCurrent => 6,
            Mark::Cluster => 8,
            Mark::Chain => 9,
            Mark::Selected => 10,
            Mark::Flash => 20,
            Mark::Preview => 30,
        }
    }

    pub fn rule(self) -> String {
        let style = match self {
            Mark::Gold => "text-decoration: underline double 3px; text-decoration-color: var(--gold-underline, #8a5a00); text-underline-offset: 4px;".to_string(),
            Mark::Cluster => "text-decoration: overline 3px; text-decoration-color: var(--cluster, #6a1fb0);".to_string(),
            // Dotted and over the line: told from the selection's underline
            // without colour.
            Mark::Chain => "text-decoration: overline dotted 3px; text-decoration-color: var(--selected-underline, #111);".to_string(),
            Mark::Selected => "text-decoration: underline 3px; text-decoration-color: var(--selected-underline, #111); text-underline-offset: 3px;".to_string(),
            Mark::Flash => format!("background-color: {};", rgba(FLASH)),
            Mark::Search => format!("background-color: {};", rgba(SEARCH_HIT)),
            Mark::SearchCurrent => "text-decoration: underline 3px; text-decoration-color: var(--search-current, #6a1fb0); text-underline-offset: 3px;".to_string(),
            Mark::Preview => "text-decoration: underline dashed 2px; text-decoration-color: var(--accent, #2457c5); text-underline-offset: 4px;".to_string(),
        };
        format!("{LINES}::highlight({}) {{ {style} }}\n", self.name())
    }
}

/// The highlight's name of a colour and level (deeper levels share the
/// last).
pub fn group_name(hue: Hue, level: usize) -> String {
    let level = level.min(LEVELS - 1);
    match hue {
        Hue::Label(i) => format!("sch-{i}-{level}"),
        Hue::Layer(i) => format!("sch-a{i}-{level}"),
        Hue::Standing(i) => format!("sch-s{i}-{level}"),
    }
}

/// Whether a registered highlight's name is one of the colours' (rather
/// than a mark's).
pub fn is_group_name(name: &str) -> bool {
    name.strip_prefix("sch-")
        .map(|rest| rest.trim_start_matches(['a', 's']))
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// What the sheet paints: the scheme's label colours in order, the
/// document's layers, the colouring, and the deepest level in use.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub labels: Vec<Color>,
    /// Each label's underline (in the scheme's order): labels differ by more
    /// than colour, in any theme and with forced colours.
    pub underlines: Vec<Underline>,
    pub layers: Vec<String>,
    pub color_by: ColorBy,
    /// Levels in use (at least one); the sheet has rules for at least
    /// [`LEVELS_FROM_THE_START`] and at most [`LEVELS`].
    pub levels: usize,
}

impl Sheet {
    /// Levels given a rule.
    pub fn levels_with_rules(&self) -> usize {
        self.levels.clamp(LEVELS_FROM_THE_START, LEVELS)
    }

    /// Whether `other` needs the same rules (what it paints differs in
    /// nothing the sheet shows).
    pub fn rules_match(&self, other: &Sheet) -> bool {
        self.rules() == other.rules()
    }

    /// The style sheet's text.
    pub fn rules(&self) -> String {
        let mut css = String::new();
        let levels = self.levels_with_rules();
        let underlines = &self.underlines;
        let mut colours = |prefix: &str, colours: &mut dyn Iterator<Item = Color>| {
            for (i, colour) in colours.enumerate() {
                let background = label_background(colour);
                // Labels' own underlines; layers and standings have none.
                let underline = underlines
                    .get(i)
                    .filter(|_| prefix.is_empty())
                    .map(|u| underline_rule(*u, colour))
                    .unwrap_or_default();
                for level in 0..levels {
                    css.push_str(&format!(
                        "{LINES}::highlight(sch-{prefix}{i}-{level}) {{ background-color: {background};{underline} }}\n"
                    ));
                }
            }
        };
        // Layer and standing colours only while they colour the text.
        colours("", &mut self.labels.iter().copied());
        if self.color_by == ColorBy::Annotator {
            colours(
                "a",
                &mut self
                    .layers
                    .iter()
                    .enumerate()
                    .map(|(i, l)| layer_color(i, l)),
            );
        }
        if self.color_by == ColorBy::Agreement {
            colours("s", &mut Standing::ALL.iter().map(|s| s.color()));
        }
        for mark in Mark::ALL {
            css.push_str(&mark.rule());
        }
        css.push_str(&self.forced_rules());
        css
    }
}

impl Sheet {
    /// The rules with forced colours (`forced-colors: active`). The browser
    /// would paint every highlight alike in the system's selection colours,
    /// over the underlines, so the document opts out of that
    /// (`forced-color-adjust: none` in the style sheet) and these rules paint
    /// it in the system's colours themselves: each label's span is
    /// underlined in its own style, thick, in the text's colour and with no
    /// fill, a nested span's line below its parent's; layers and standings,
    /// which only colour tells apart, are filled as the browser would; the
    /// selection and the current search hit are filled as selected text,
    /// under which the labels' lines still show; the gold layer and the
    /// disagreement being adjudicated are overlined.
    fn forced_rules(&self) -> String {
        let levels = self.levels_with_rules();
        let mut rules = Vec::new();
        for (i, underline) in self.underlines.iter().take(self.labels.len()).enumerate() {
            for level in 0..levels {
                rules.push(format!(
                    "{LINES}::highlight(sch-{i}-{level}) {{ background-color: transparent; color: CanvasText; text-decoration: underline {} 3px CanvasText; text-underline-offset: {}px; }}",
                    underline.name(),
                    forced_offset(level)
                ));
            }
        }
        let coloured = match self.color_by {
            ColorBy::Label => None,
            ColorBy::Annotator => Some(("a", self.layers.len())),
            ColorBy::Agreement => Some(("s", Standing::ALL.len())),
        };
        if let Some((prefix, count)) = coloured {
            let names: Vec<String> = (0..count)
                .flat_map(|i| {
                    (0..levels)
                        .map(move |level| format!("{LINES}::highlight(sch-{prefix}{i}-{level})"))
                })
                .collect();
            rules.push(format!(
                "{} {{ background-color: Mark; color: MarkText; }}",
                names.join(", ")
            ));
        }
        for mark in Mark::ALL {
            let style = match mark {
                Mark::Selected | Mark::SearchCurrent | Mark::Flash => {
                    "background-color: Highlight; color: HighlightText; text-decoration: none;"
                }
                Mark::Search => "background-color: Mark; color: MarkText;",
                Mark::Preview => "text-decoration-color: Highlight;",
                // Above the text: beneath it are the labels' lines.
                Mark::Gold => "text-decoration: overline double 3px CanvasText;",
                Mark::Cluster => "text-decoration-color: Highlight;",
                Mark::Chain => "text-decoration: overline dotted 3px Highlight;",
            };
            rules.push(format!("{LINES}::highlight({}) {{ {style} }}", mark.name()));
        }
        format!(
            "@media (forced-colors: active) {{\n  {}\n}}\n",
            rules.join("\n  ")
        )
    }
}

/// How far below the baseline a label's line is drawn with forced colours,
/// by the span's level: below the selection's fill, and a nested span's
/// below its parent's (deeper ones share the second's, within the line's gap).
fn forced_offset(level: usize) -> usize {
    6 + 5 * level.min(1)
}

/// The underline of each label of `scheme`, in order.
pub fn underlines(scheme: &Scheme) -> Vec<Underline> {
    (scheme.labels.iter().enumerate())
        .map(|(i, l)| l.underline_at(i))
        .collect()
}

/// A label's underline as declarations (after its background): its style in
/// its colour, thick enough to tell dotted from dashed.
fn underline_rule(underline: Underline, colour: Color) -> String {
    format!(
        " text-decoration: underline {} 2px {colour}; text-underline-offset: 3px;",
        underline.name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(levels: usize, color_by: ColorBy) -> Sheet {
        Sheet {
            labels: vec![Color([0x1f, 0x77, 0xb4]), Color([0xe0, 0x7b, 0x00])],
            underlines: vec![Underline::Solid, Underline::Wavy],
            layers: vec!["ann".into(), "bob".into()],
            color_by,
            levels,
        }
    }

    /// The highlight names the sheet has a rule for, in order.
    fn styled(css: &str) -> Vec<&str> {
        css.lines()
            .filter_map(|l| l.strip_prefix(LINES)?.strip_prefix("::highlight("))
            .map(|l| &l[..l.find(')').unwrap()])
            .collect()
    }

    #[test]
    fn every_mark_and_two_levels_of_each_label_are_styled_from_the_start() {
        let css = sheet(1, ColorBy::Label).rules();
        let names = styled(&css);
        assert_eq!(
            names,
            [
                "sch-0-0",
                "sch-0-1",
                "sch-1-0",
                "sch-1-1",
                "sch-selected",
                "sch-flash",
                "sch-search",
                "sch-search-current",
                "sch-preview",
                "sch-gold",
                "sch-cluster",
                "sch-chain"
            ]
        );
        // Every rule is scoped to the document's lines: none applies to
        // every element of the page.
        assert_eq!(
            css.matches("::highlight(").count(),
            css.matches(".document .line::highlight(").count()
        );
        assert!(css.contains(&format!(
            ".document .line::highlight(sch-1-1) {{ background-color: {}; text-decoration: underline wavy 2px #e07b00; text-underline-offset: 3px; }}",
            label_background(Color([0xe0, 0x7b, 0x00]))
        )));
        // With forced colours: each label's own line, thick, in the text's
        // colour, a nested span's lower; no fill but the selection's.
        let forced = &css[css.find("@media (forced-colors: active)").unwrap()..];
        assert!(forced.contains(
            "::highlight(sch-1-0) { background-color: transparent; color: CanvasText; text-decoration: underline wavy 3px CanvasText; text-underline-offset: 6px; }"
        ));
        assert!(forced.contains("::highlight(sch-0-1) { background-color: transparent; color: CanvasText; text-decoration: underline solid 3px CanvasText; text-underline-offset: 11px; }"));
        assert!(forced.contains(
            "::highlight(sch-selected) { background-color: Highlight; color: HighlightText; text-decoration: none; }"
        ));
        assert!(
            !forced.contains("sch-a0"),
            "layers are not painted while labels colour"
        );
        assert!(sheet(1, ColorBy::Annotator).rules().contains(
            ".document .line::highlight(sch-a0-0), .document .line::highlight(sch-a0-1), .document .line::highlight(sch-a1-0), .document .line::highlight(sch-a1-1) { background-color: Mark; color: MarkText; }"
        ));
        assert!(css.ends_with("}\n"));
        // Another underline is another sheet.
        let mut dotted = sheet(1, ColorBy::Label);
        dotted.underlines[1] = Underline::Dotted;
        assert!(!dotted.rules_match(&sheet(1, ColorBy::Label)));
        // A document whose spans never overlap has the same sheet.
        assert!(sheet(2, ColorBy::Label).rules_match(&sheet(1, ColorBy::Label)));
        assert!(!sheet(3, ColorBy::Label).rules_match(&sheet(1, ColorBy::Label)));
        // Layers show only while they colour.
        let mut other_layers = sheet(1, ColorBy::Label);
        other_layers.layers.push("carol".into());
        assert!(other_layers.rules_match(&sheet(1, ColorBy::Label)));
    }

    #[test]
    fn deeper_nesting_adds_levels_up_to_the_last() {
        let names = |levels| {
            styled(&sheet(levels, ColorBy::Label).rules())
                .iter()
                .filter(|n| n.starts_with("sch-0-"))
                .count()
        };
        assert_eq!(names(3), 3);
        assert_eq!(names(LEVELS), LEVELS);
        assert_eq!(names(LEVELS + 5), LEVELS);
        assert_eq!(
            group_name(Hue::Label(0), LEVELS + 5),
            format!("sch-0-{}", LEVELS - 1)
        );
    }

    #[test]
    fn layers_and_standings_have_colours_only_while_they_colour() {
        let by_annotator = sheet(1, ColorBy::Annotator).rules();
        assert!(styled(&by_annotator).contains(&"sch-a1-1"));
        let coloured_by = |css: &str, prefix: &str| {
            styled(css)
                .iter()
                .any(|n| is_group_name(n) && n.starts_with(prefix))
        };
        assert!(!coloured_by(&by_annotator, "sch-s"));
        let by_agreement = sheet(1, ColorBy::Agreement).rules();
        assert!(
            styled(&by_agreement).contains(&format!("sch-s{}-0", Standing::ALL.len() - 1).as_str())
        );
        assert!(!coloured_by(&by_agreement, "sch-a"));
        // Labels keep theirs: an annotation outside any cluster is coloured
        // by its label.
        assert!(styled(&by_agreement).contains(&"sch-0-0"));
    }

    #[test]
    fn colour_groups_are_told_from_marks_by_name() {
        for hue in [Hue::Label(3), Hue::Layer(0), Hue::Standing(2)] {
            assert!(is_group_name(&group_name(hue, 1)));
        }
        for mark in Mark::ALL {
            assert!(!is_group_name(mark.name()), "{}", mark.name());
        }
        assert!(!is_group_name("other-1-0"));
    }
}
