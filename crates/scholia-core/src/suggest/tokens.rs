//! The suggestions' tokeniser, for any script.
//!
//! Tokens are the word-boundary segments of Unicode Standard Annex #29 (the
//! `unicode-segmentation` crate) that hold a visible character, as in the
//! agreement's tokeniser: words, numbers, each punctuation mark, each emoji.
//! UAX #29 gives each Han ideograph and each Hiragana character a segment of
//! its own and keeps a run of Katakana together, so Chinese and Japanese
//! written without spaces become one token per character (per Katakana
//! word); Arabic and Hebrew are segmented in logical order like any
//! alphabet. Offsets are code points, as everywhere in the core.

use unicode_segmentation::UnicodeSegmentation;

/// A token: its code-point range and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// The tokens of `text`, one list per line (lines end at LF, CRLF, CR or
/// the other Unicode line breaks that `str::lines` does not know; a line
/// without tokens gives no list). Offsets count from the start of `text`.
pub fn sentences(text: &str) -> Vec<Vec<Token<'_>>> {
    let mut sentences = Vec::new();
    let mut current = Vec::new();
    let mut code_point = 0;
    for segment in text.split_word_bounds() {
        let n_chars = segment.chars().count();
        if segment.chars().any(is_line_break) {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
        } else if segment.chars().any(is_visible) {
            current.push(Token {
                start: code_point,
                end: code_point + n_chars,
                text: segment,
            });
        }
        code_point += n_chars;
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// The tokens of `text` in one list.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    sentences(text).into_iter().flatten().collect()
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether a character shows: not white space, a control or an invisible
/// format character (a BOM, a zero-width joiner on its own, a direction mark).
pub fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !matches!(
            c,
            '\u{00ad}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// The word boundaries of `text` (UAX #29) as a flag per code-point
/// offset, `0..=len`: a match is a whole word when both its ends are
/// boundaries, so “Iran” is found in “Iran.” but not in “Tirana” or
/// “Iranian”. Either side of an apostrophe (`'`, `’`, `ʼ`) is a boundary
/// too, though UAX #29 keeps “Iran’s” and “l’Europe” whole: a possessive or
/// an elided article does not make the name another word.
pub fn word_boundaries(text: &str) -> Vec<bool> {
    let mut boundaries = vec![false; text.chars().count() + 1];
    let mut code_point = 0;
    boundaries[0] = true;
    for segment in text.split_word_bounds() {
        for c in segment.chars() {
            if matches!(c, '\'' | '\u{2019}' | '\u{02bc}') {
                boundaries[code_point] = true;
                boundaries[code_point + 1] = true;
            }
            code_point += 1;
        }
        boundaries[code_point] = true;
    }
    boundaries
}

/// Whether `byte` (a character boundary of `text`) is a word boundary as
/// [`word_boundaries`] has it, found by segmenting only from a few
/// segments before it ([`crate::text::boundary_before`]).
pub fn is_word_boundary(text: &str, byte: usize) -> bool {
    if byte == 0 || byte >= text.len() {
        return true;
    }
    let apostrophe = |c: Option<char>| matches!(c, Some('\'' | '\u{2019}' | '\u{02bc}'));
    if apostrophe(text[..byte].chars().next_back()) || apostrophe(text[byte..].chars().next()) {
        return true;
    }
    let from = crate::text::boundary_before(text, byte);
    text[from..]
        .split_word_bound_indices()
        .map(|(offset, _)| from + offset)
        .find(|&at| at >= byte)
        == Some(byte)
}

/// The word boundaries of a text, asked at code-point offsets mostly in
/// order (where matches start and end): each place is segmented on its
/// own, from a cursor that walks the text, unless the places are so dense
/// that [`word_boundaries`]' table of the whole text costs less. Matching a
/// few phrases in a 5 MB text then costs no segmentation of all of it and
/// no table of 5 million flags on every edit.
pub struct Boundaries<'t> {
    text: &'t str,
    table: Option<Vec<bool>>,
    /// A code-point offset and its byte offset.
    cursor: (usize, usize),
}

impl<'t> Boundaries<'t> {
    /// Asked about `places` places (two per match, say).
    pub fn new(text: &'t str, places: usize) -> Boundaries<'t> {
        // One place for every 64 bytes or more: the table.
        let table = (places.saturating_mul(64) >= text.len()).then(|| word_boundaries(text));
        Boundaries {
            text,
            table,
            cursor: (0, 0),
        }
    }

    /// Whether the code-point offset `at` is a word boundary.
    pub fn at(&mut self, at: usize) -> bool {
        if let Some(table) = &self.table {
            return table.get(at).copied().unwrap_or(true);
        }
        let byte = self.byte(at);
        is_word_boundary(self.text, byte)
    }

    /// The byte offset of the code-point offset `at` (the text's end past
    /// it), walked to from the last one asked.
    pub fn byte(&mut self, at: usize) -> usize {
        let (mut code_point, mut byte) = self.cursor;
        while code_point < at {
            let Some(c) = self.text[byte..].chars().next() else {
                break;
            };
            (code_point, byte) = (code_point + 1, byte + c.len_utf8());
        }
        while code_point > at {
            let Some(c) = self.text[..byte].chars().next_back() else {
                break;
            };
            (code_point, byte) = (code_point - 1, byte - c.len_utf8());
        }
        self.cursor = (code_point, byte);
        byte
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What the boundaries' proptest builds texts of (see `text.rs`'s).
    const PIECES: &[&str] = &[
        "a",
        "Iran",
        "l",
        "'",
        "’",
        "ʼ",
        ".",
        ",",
        "3",
        "14",
        "_",
        " ",
        "  ",
        "\n",
        "\r\n",
        "e\u{301}",
        "\u{200d}",
        "👩\u{200d}👩\u{200d}👧",
        "🇦🇱",
        "🇦",
        "カタカナ",
        "北京",
        "قال",
        "\u{200c}",
        "ไทย",
        "İ",
    ];

    proptest! {
        #[test]
        fn boundaries_told_one_place_at_a_time_are_the_table_of_the_whole_text(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..60),
            asked in prop::collection::vec(0usize..400, 0..30),
        ) {
            let text = pieces.concat();
            let table = word_boundaries(&text);
            let n = text.chars().count();
            for (cp, (byte, _)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
                prop_assert_eq!(is_word_boundary(&text, byte), table[cp], "at {}", cp);
            }
            // Asked in any order, sparse (one place at a time) or dense (the table).
            let mut sparse = Boundaries::new(&text, 0);
            let mut dense = Boundaries::new(&text, usize::MAX / 64);
            for at in asked {
                let at = at % (n + 1);
                prop_assert_eq!(sparse.at(at), table[at]);
                prop_assert_eq!(dense.at(at), table[at]);
            }
        }
    }

    fn words(text: &str) -> Vec<Vec<&str>> {
        sentences(text)
            .iter()
            .map(|s| s.iter().map(|t| t.text).collect())
            .collect()
    }

    #[test]
    fn words_numbers_and_punctuation_are_tokens() {
        assert_eq!(
            words("Edi Rama, 59, met Iran's envoy."),
            [vec![
                "Edi", "Rama", ",", "59", ",", "met", "Iran's", "envoy", "."
            ]]
        );
    }

    #[test]
    fn lines_are_sentences_whatever_their_ending() {
        assert_eq!(
            words("one two\r\nthree\rfour\n\n\nfive"),
            [
                vec!["one", "two"],
                vec!["three"],
                vec!["four"],
                vec!["five"]
            ]
        );
    }

    #[test]
    fn han_and_kana_without_spaces_are_one_token_per_character_or_katakana_word() {
        assert_eq!(
            words("北京大学の学生がコンピューターを使う"),
            [vec![
                "北",
                "京",
                "大",
                "学",
                "の",
                "学",
                "生",
                "が",
                "コンピューター",
                "を",
                "使",
                "う"
            ]]
        );
    }

    #[test]
    fn rtl_text_is_segmented_in_logical_order() {
        let text = "\u{200f}قال إدي راما، في تيرانا.";
        let tokens = tokens(text);
        let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["قال", "إدي", "راما", "،", "في", "تيرانا", "."]);
        // Offsets are code points, counting the invisible mark.
        assert_eq!((tokens[0].start, tokens[0].end), (1, 4));
        let hebrew: Vec<&str> = super::tokens("שלום, עולם").iter().map(|t| t.text).collect();
        assert_eq!(hebrew, ["שלום", ",", "עולם"]);
    }

    #[test]
    fn offsets_are_code_points_after_emoji_and_crlf() {
        let text = "👩‍👩‍👧 met\r\nRama";
        let tokens = tokens(text);
        let chars: Vec<char> = text.chars().collect();
        for token in &tokens {
            let slice: String = chars[token.start..token.end].iter().collect();
            assert_eq!(slice, token.text);
        }
        assert_eq!(tokens.last().unwrap().start, 11);
    }

    #[test]
    fn apostrophes_are_word_boundaries_for_matching() {
        let b = word_boundaries("Iran’s l'Europe");
        assert!(b[4] && b[5] && b[6] && b[7] && b[8] && b[9] && b[15]);
        assert!(!b[2] && !b[12]);
    }

    #[test]
    fn word_boundaries_refuse_parts_of_words() {
        let b = word_boundaries("Tirana Iranian Iran.");
        assert!(b[0] && b[6] && b[7] && b[15] && b[19] && b[20]);
        assert!(!b[1] && !b[5] && !b[11]);
    }
}
