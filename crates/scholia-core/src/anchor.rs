//! Re-anchoring: finding where a quote really is when a file's offsets and
//! its quoted text disagree.

use crate::model::Fragment;
use crate::text::Text;

/// The occurrence of `quote` in `text` nearest to `near` (a code-point
/// offset), as a fragment; `None` if the quote does not occur, or is empty.
/// Occurrences are searched in the whole text; ties go to the earlier one.
pub fn nearest_occurrence(text: &Text, quote: &str, near: usize) -> Option<Fragment> {
    if quote.is_empty() {
        return None;
    }
    let haystack = text.as_str();
    let quote_chars = quote.chars().count();
    let mut best: Option<(usize, usize)> = None;
    let mut from = 0;
    while let Some(found) = haystack[from..].find(quote) {
        let byte = from + found;
        let start = text.code_point_offset(byte);
        let distance = start.abs_diff(near);
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((start, distance));
        }
        from = byte + haystack[byte..].chars().next().map_or(1, char::len_utf8);
    }
    best.map(|(start, _)| Fragment::new(start, start + quote_chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_occurrence_in_code_points() {
        let text = Text::new("Tirana 😀 and Tirana 👩‍👩‍👧 and Tirana");
        assert_eq!(
            nearest_occurrence(&text, "Tirana", 0),
            Some(Fragment::new(0, 6))
        );
        assert_eq!(
            nearest_occurrence(&text, "Tirana", 13),
            Some(Fragment::new(13, 19))
        );
        assert_eq!(
            nearest_occurrence(&text, "Tirana", 100),
            Some(Fragment::new(30, 36))
        );
        assert_eq!(nearest_occurrence(&text, "Tehran", 5), None);
        assert_eq!(nearest_occurrence(&text, "", 5), None);
    }
}
