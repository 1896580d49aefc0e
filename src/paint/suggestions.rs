//! What suggestions look like: a dashed underline in their label's colour,
//! never a fill, so that they are not mistaken for annotations (which are
//! filled); the one stepped to is also overlined. One highlight per label
//! (`sch-sug-<index>`) and one for the current suggestion; the rules are
//! written from the scheme's validated colours and label indices only.

use scholia_core::Color;

use super::sheet::LINES;

/// The current suggestion's highlight.
pub const CURRENT: &str = "sch-sug-current";

/// Above the colours and search hits, beneath the selection's underline.
pub const PRIORITY: i32 = 7;

/// The highlight's name of a label's suggestions, by the label's index.
pub fn name(label_index: usize) -> String {
    format!("sch-sug-{label_index}")
}

/// The rules for suggestions of each label colour, and the current one.
pub fn rules(labels: &[Color]) -> String {
    let mut css = String::new();
    for (i, colour) in labels.iter().enumerate() {
        css.push_str(&format!(
            "{LINES}::highlight({}) {{ text-decoration: underline dashed 2px; text-decoration-color: {colour}; text-underline-offset: 5px; }}\n",
            name(i)
        ));
    }
    css.push_str(&format!(
        "{LINES}::highlight({CURRENT}) {{ text-decoration: underline overline dashed 3px; text-decoration-color: var(--accent, #2457c5); text-underline-offset: 5px; }}\n"
    ));
    // Forced colours (the document paints its own highlights there, see
    // paint/sheet.rs): in the system's colours, greyed as not yet annotations.
    let names: Vec<String> = (0..labels.len())
        .map(|i| format!("{LINES}::highlight({})", name(i)))
        .collect();
    if !names.is_empty() {
        css.push_str(&format!(
            "@media (forced-colors: active) {{ {} {{ text-decoration-color: GrayText; }} {LINES}::highlight({CURRENT}) {{ text-decoration-color: Highlight; }} }}\n",
            names.join(", ")
        ));
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_dashed_underlines_in_the_label_colour_and_never_filled() {
        let css = rules(&[Color([0xd3, 0x2f, 0x2f]), Color([0x19, 0x76, 0xd2])]);
        assert!(css.contains(
            "::highlight(sch-sug-1) { text-decoration: underline dashed 2px; text-decoration-color: #1976d2;"
        ));
        assert!(css.contains(".document .line::highlight(sch-sug-current)"));
        assert_eq!(
            css.matches("::highlight(").count(),
            css.matches(".document .line::highlight(").count()
        );
        assert!(!css.contains("background"));
        assert!(css.contains("@media (forced-colors: active) { .document .line::highlight(sch-sug-0), .document .line::highlight(sch-sug-1) { text-decoration-color: GrayText; }"));
        // Not taken for a colour group, which the painter clears.
        assert!(!crate::paint::sheet::is_group_name(&name(0)));
        assert!(!crate::paint::sheet::is_group_name(CURRENT));
    }
}
