//! The tokeniser behind the token-level coefficients, and the label each
//! annotator gives each token.
//!
//! Tokens are the word-boundary segments of Unicode Standard Annex #29 (the
//! same segmentation that snaps selections to words) that hold at least one
//! visible character: words, numbers, each punctuation mark, each emoji
//! (a ZWJ sequence or a flag is one token). White space and invisible format
//! characters (a BOM, a zero-width joiner on its own) are not tokens.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::Fragment;
use crate::suggest::tokens::is_visible;
use crate::text::Text;

/// The tokens of a text, as code-point ranges in text order.
pub fn tokenize(text: &Text) -> Vec<Fragment> {
    let mut tokens = Vec::new();
    let mut code_point = 0;
    for segment in text.as_str().split_word_bounds() {
        let n_chars = segment.chars().count();
        if segment.chars().any(is_visible) {
            tokens.push(Fragment::new(code_point, code_point + n_chars));
        }
        code_point += n_chars;
    }
    tokens
}

/// The indices of the tokens a fragment touches: every token with at least
/// one code point inside it.
pub fn tokens_touched(tokens: &[Fragment], fragment: Fragment) -> std::ops::Range<usize> {
    let first = tokens.partition_point(|t| t.end <= fragment.start);
    let last = tokens.partition_point(|t| t.start < fragment.end);
    first..last.max(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let text = Text::new(text);
        tokenize(&text)
            .iter()
            .map(|t| text.slice(t.start, t.end).to_string())
            .collect()
    }

    #[test]
    fn words_punctuation_and_emoji_are_tokens() {
        assert_eq!(
            words("\u{feff}Rama met 👩‍👩‍👧 in Tirana 🇦🇱, “yes”.\r\n"),
            vec![
                "Rama",
                "met",
                "👩‍👩‍👧",
                "in",
                "Tirana",
                "🇦🇱",
                ",",
                "“",
                "yes",
                "”",
                "."
            ]
        );
        assert_eq!(words("e\u{301}t café"), vec!["e\u{301}t", "café"]);
        assert_eq!(words("  \t\r\n"), Vec::<String>::new());
    }

    #[test]
    fn offsets_count_code_points() {
        let text = Text::new("😀 ab");
        assert_eq!(
            tokenize(&text),
            vec![Fragment::new(0, 1), Fragment::new(2, 4)]
        );
    }

    #[test]
    fn a_fragment_touches_every_token_it_overlaps() {
        let tokens = vec![
            Fragment::new(0, 4),
            Fragment::new(5, 8),
            Fragment::new(9, 12),
        ];
        assert_eq!(tokens_touched(&tokens, Fragment::new(2, 6)), 0..2);
        assert_eq!(tokens_touched(&tokens, Fragment::new(4, 5)), 1..1);
        assert_eq!(tokens_touched(&tokens, Fragment::new(5, 12)), 1..3);
    }
}
