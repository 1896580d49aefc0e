//! The document text and positions in it.
//!
//! Scholia counts positions in Unicode code points, half-open `[start, end)`,
//! into the text exactly as it was loaded: CR, LF, tabs, NBSP and a leading
//! BOM are characters like any other. The browser counts UTF-16 code units;
//! [`utf16_to_code_points`] and [`code_points_to_utf16`] are the only
//! conversions between the two.

use std::ops::Range;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// Converts a UTF-16 offset into `text` to a code-point offset.
///
/// An offset that falls between the two halves of a surrogate pair rounds
/// down to the start of that character; an offset past the end clamps to the
/// end. This is the one place where UTF-16 offsets become code points.
pub fn utf16_to_code_points(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (n_chars, c) in text.chars().enumerate() {
        let next = units + c.len_utf16();
        if next > utf16 {
            return n_chars;
        }
        units = next;
    }
    text.chars().count()
}

/// Converts a code-point offset into `text` to a UTF-16 offset, clamping an
/// offset past the end to the end. The inverse of [`utf16_to_code_points`].
pub fn code_points_to_utf16(text: &str, code_points: usize) -> usize {
    text.chars().take(code_points).map(char::len_utf16).sum()
}

/// The code point at `utf16` UTF-16 units from the start of `within` (a
/// stretch of a text, in code points), clamped to its end; inside a
/// surrogate pair, the character it belongs to. `astral`: the stretch's
/// astral characters (their code points, ascending), the i-th of which
/// starts at UTF-16 offset (its code point − the stretch's start) + i: a
/// binary search of them, not a walk of the text.
fn from_utf16_in(astral: &[u32], within: Range<usize>, utf16: usize) -> usize {
    let unit = |i: usize| astral[i] as usize - within.start + i;
    // Those wholly before `utf16`.
    let k = {
        let (mut lo, mut hi) = (0, astral.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if unit(mid) + 2 <= utf16 {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    };
    if k < astral.len() && unit(k) + 1 == utf16 {
        return astral[k] as usize;
    }
    (within.start + utf16.saturating_sub(k)).min(within.end)
}

/// Where a piece of a line starts: its byte and its UTF-16 offset in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub byte: usize,
    pub utf16: usize,
}

/// Where a long line is cut into pieces to be shown, one text node each:
/// where each piece starts, the first at 0. A line of at most `size` UTF-16
/// units is one piece; a longer one is cut at the first word boundary
/// (UAX #29, so never inside a grapheme cluster, and between the characters
/// of Han or Kana prose) after a piece reaches `size` units. A run of
/// `size` units without a word boundary (a long token) stays whole.
///
/// Browsers paint a text node as a whole: with a highlight (an underline
/// above all) on one text node of a megabyte, each scroll frame redoes the
/// rendering of the whole node (docs/performance.md).
pub fn pieces(line: &str, size: usize) -> Vec<Piece> {
    let mut starts = vec![Piece { byte: 0, utf16: 0 }];
    // A line has no more UTF-16 units than bytes.
    if line.len() <= size {
        return starts;
    }
    let (mut utf16, mut piece) = (0, 0);
    for (byte, word) in line.split_word_bound_indices() {
        if utf16 - piece >= size {
            starts.push(Piece { byte, utf16 });
            piece = utf16;
        }
        utf16 += word.chars().map(char::len_utf16).sum::<usize>();
    }
    starts
}

/// How a selection is widened before it becomes a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Snap {
    /// Outward to whole words (and always to whole grapheme clusters).
    #[default]
    Words,
    /// Outward to whole grapheme clusters only.
    Graphemes,
}

/// One line of the text, without its line terminator (LF, CRLF or CR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Code-point offset of the first character of the line.
    pub start: usize,
    /// Code-point offset just past the last character (before the terminator).
    pub end: usize,
    start_byte: usize,
    end_byte: usize,
}

/// Every this many code points, [`Text`] remembers the byte offset, so that
/// turning a code-point offset into a byte offset never scans far.
const CHECKPOINT_EVERY: usize = 64;

/// A document's text with the indexes that make offset arithmetic cheap on a
/// book-length text. Cloning shares the text.
#[derive(Clone)]
pub struct Text {
    /// (an `Arc<String>`, not `Arc<str>`: a `String` becomes one without
    /// being copied, and a book's text is megabytes)
    text: Arc<String>,
    n_chars: usize,
    /// Byte offset of code point `i * CHECKPOINT_EVERY`.
    checkpoints: Arc<[u32]>,
    /// The code-point offsets of the characters outside the BMP (two UTF-16
    /// units each), in order: a DOM offset is found without scanning its
    /// line from the start, which on a text of one long line made painting
    /// 10,000 annotations quadratic.
    astral: Arc<[u32]>,
    lines: Arc<[Line]>,
    sha256: Arc<str>,
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Text")
            .field("n_chars", &self.n_chars)
            .field("sha256", &self.sha256)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.text, &other.text) || self.text == other.text
    }
}
impl Eq for Text {}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::new(text)
    }
}

/// Whether a byte of UTF-8 continues a code point (`10xxxxxx`) rather than
/// starting one.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

impl Text {
    pub fn new(text: &str) -> Self {
        Text::from_string(text.to_string())
    }

    /// The text, kept without another copy (a reader of a large file makes
    /// it straight from the file's string).
    pub fn from_string(text: String) -> Self {
        let text = Arc::new(text);
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 1);
        let mut astral = Vec::new();
        let mut lines = Vec::new();
        let mut line_start = (0, 0);
        let mut n_chars = 0;
        let mut after_cr = false;
        // By bytes, not chars: a code point starts at each byte that is not
        // a UTF-8 continuation byte, and line ends are ASCII (decoding each
        // char made this a third of reading a large file).
        for (byte, &b) in text.as_bytes().iter().enumerate() {
            if is_continuation(b) {
                continue;
            }
            if n_chars % CHECKPOINT_EVERY == 0 {
                checkpoints.push(byte as u32);
            }
            if b >= 0xF0 {
                astral.push(n_chars as u32);
            }
            match b {
                b'\n' if after_cr => line_start = (n_chars + 1, byte + 1),
                b'\n' | b'\r' => {
                    lines.push(Line {
                        start: line_start.0,
                        end: n_chars,
                        start_byte: line_start.1,
                        end_byte: byte,
                    });
                    line_start = (n_chars + 1, byte + 1);
                }
                _ => {}
            }
            after_cr = b == b'\r';
            n_chars += 1;
        }
        lines.push(Line {
            start: line_start.0,
            end: n_chars,
            start_byte: line_start.1,
            end_byte: text.len(),
        });
        let sha256 = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        Text {
            text,
            n_chars,
            checkpoints: checkpoints.into(),
            astral: astral.into(),
            lines: lines.into(),
            sha256: sha256.into(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.n_chars
    }

    pub fn is_empty(&self) -> bool {
        self.n_chars == 0
    }

    /// Lowercase hex SHA-256 of the UTF-8 text.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Byte offset of a code-point offset; offsets past the end clamp to the end.
    pub fn byte_offset(&self, code_point: usize) -> usize {
        if code_point >= self.n_chars {
            return self.text.len();
        }
        let checkpoint = code_point / CHECKPOINT_EVERY;
        let from = self.checkpoints[checkpoint] as usize;
        let skip = code_point - checkpoint * CHECKPOINT_EVERY;
        let starts = self.text.as_bytes()[from..]
            .iter()
            .enumerate()
            .filter(|(_, &b)| !is_continuation(b));
        match starts.map(|(byte, _)| byte).nth(skip) {
            Some(byte) => from + byte,
            None => self.text.len(),
        }
    }

    /// Code-point offset of a byte offset, which must lie on a char boundary.
    pub fn code_point_offset(&self, byte: usize) -> usize {
        let Some(checkpoint) = self
            .checkpoints
            .partition_point(|&b| b as usize <= byte)
            .checked_sub(1)
        else {
            return 0;
        };
        let from = self.checkpoints[checkpoint] as usize;
        checkpoint * CHECKPOINT_EVERY + self.text[from..byte].chars().count()
    }

    /// The text of `[start, end)` in code points (clamped to the text).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let start_byte = self.byte_offset(start);
        let end_byte = self.byte_offset(end.max(start));
        &self.text[start_byte..end_byte]
    }

    /// The lines of the text, as shown one paragraph each. A text always has
    /// at least one (possibly empty) line.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The text of one line, without its terminator.
    pub fn line_text(&self, line: &Line) -> &str {
        &self.text[line.start_byte..line.end_byte]
    }

    /// Index of the line holding `code_point`; a position on a line
    /// terminator belongs to the line it ends.
    pub fn line_of(&self, code_point: usize) -> usize {
        let idx = self.lines.partition_point(|line| line.start <= code_point);
        idx.saturating_sub(1)
    }

    /// The code-point offset of a position given, as the DOM gives it, as a
    /// line and a UTF-16 offset into that line's text.
    pub fn from_line_utf16(&self, line_idx: usize, utf16: usize) -> usize {
        match self.lines.get(line_idx) {
            Some(line) => from_utf16_in(
                self.astral_between(line.start, line.end),
                line.start..line.end,
                utf16,
            ),
            None => self.n_chars,
        }
    }

    /// The astral characters' offsets in `start..end`.
    fn astral_between(&self, start: usize, end: usize) -> &[u32] {
        let from = self.astral.partition_point(|&p| (p as usize) < start);
        let to = self.astral.partition_point(|&p| (p as usize) < end);
        &self.astral[from..to]
    }

    /// The inverse of [`Text::from_line_utf16`]: the line holding a position
    /// and the UTF-16 offset into that line. A position on a line terminator
    /// maps to the end of its line.
    pub fn to_line_utf16(&self, code_point: usize) -> (usize, usize) {
        let line_idx = self.line_of(code_point);
        let line = &self.lines[line_idx];
        let at = code_point.clamp(line.start, line.end);
        // One UTF-16 unit per code point, two for each astral one.
        (
            line_idx,
            at - line.start + self.astral_between(line.start, at).len(),
        )
    }

    /// Whether a code-point offset lies between two grapheme clusters.
    pub fn is_grapheme_boundary(&self, code_point: usize) -> bool {
        let byte = self.byte_offset(code_point);
        GraphemeCursor::new(byte, self.text.len(), true)
            .is_boundary(&self.text, 0)
            .unwrap_or(true)
    }

    fn grapheme_floor(&self, byte: usize) -> usize {
        let mut cursor = GraphemeCursor::new(byte, self.text.len(), true);
        if cursor.is_boundary(&self.text, 0).unwrap_or(true) {
            return byte;
        }
        cursor
            .prev_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(0)
    }

    fn grapheme_ceil(&self, byte: usize) -> usize {
        let mut cursor = GraphemeCursor::new(byte, self.text.len(), true);
        if cursor.is_boundary(&self.text, 0).unwrap_or(true) {
            return byte;
        }
        cursor
            .next_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(self.text.len())
    }

    /// Turns a selection into a span: trims whitespace at both ends, then
    /// widens it to whole grapheme clusters and, with [`Snap::Words`], to
    /// whole words. `None` if nothing but whitespace was selected.
    pub fn snap(&self, start: usize, end: usize, snap: Snap) -> Option<Range<usize>> {
        let (start, end) = (start.min(end), end.max(start).min(self.n_chars));
        let (mut from, mut to) = (self.byte_offset(start), self.byte_offset(end));
        let selected = &self.text[from..to];
        let trimmed = selected.trim_start();
        from += selected.len() - trimmed.len();
        to = from + trimmed.trim_end().len();
        if from >= to {
            return None;
        }
        from = self.grapheme_floor(from);
        to = self.grapheme_ceil(to);
        if snap == Snap::Words {
            // Word and grapheme boundaries almost always agree, but not
            // around prepended marks (Prepend + letter is one grapheme).
            from = self.grapheme_floor(self.word_floor(from));
            to = self.grapheme_ceil(self.word_ceil(to));
        }
        Some(self.code_point_offset(from)..self.code_point_offset(to))
    }

    /// The line (as a byte range) holding a code point; words never cross lines.
    fn line_bytes_at(&self, code_point: usize) -> (usize, usize) {
        let line = &self.lines[self.line_of(code_point)];
        (line.start_byte, line.end_byte)
    }

    fn word_floor(&self, byte: usize) -> usize {
        let (line_start, line_end) = self.line_bytes_at(self.code_point_offset(byte));
        if byte <= line_start || byte > line_end {
            return byte;
        }
        self.word_around(line_start, line_end, byte)
            .map_or(byte, |word| word.start)
    }

    fn word_ceil(&self, byte: usize) -> usize {
        // The line of the character just before `byte`, which ends the span.
        let last_char = self.code_point_offset(byte).saturating_sub(1);
        let (line_start, line_end) = self.line_bytes_at(last_char);
        if byte < line_start || byte >= line_end {
            return byte;
        }
        self.word_around(line_start, line_end, byte)
            .map_or(byte, |word| word.end)
    }

    /// The word (UAX #29) of the line `line_start..line_end` that `byte`
    /// falls strictly inside, as bytes. The line is segmented only from
    /// [`boundary_before`] `byte`, not from its start: one line can be a
    /// whole 5 MB document, and segmenting it all took ~0.2 s for each end
    /// of each new annotation (docs/performance.md).
    fn word_around(&self, line_start: usize, line_end: usize, byte: usize) -> Option<Range<usize>> {
        let from = line_start + boundary_before(&self.text[line_start..], byte - line_start);
        self.text[from..line_end]
            .split_word_bound_indices()
            .map(|(offset, word)| (from + offset..from + offset + word.len(), word))
            .take_while(|(span, _)| span.start < byte)
            .find(|(span, word)| byte < span.end && is_word(word))
            .map(|(span, _)| span)
    }
}

/// A word boundary (UAX #29) of `text` a few segments before `byte`, from
/// which segmenting forward finds `text`'s own boundaries: one of `text`
/// up to `byte` with three segments after it. Those are `text`'s
/// boundaries too (whether a place is one depends on at most two
/// characters after it, all before `byte`), and the boundaries after one
/// of `text`'s do not depend on what comes before it. So a word around a
/// place is found without segmenting from the start of a long text.
pub(crate) fn boundary_before(text: &str, byte: usize) -> usize {
    text[..byte]
        .split_word_bound_indices()
        .rev()
        .nth(3)
        .map_or(0, |(offset, _)| offset)
}

impl Text {
    /// The next grapheme boundary after `offset` (or the end).
    pub fn next_grapheme(&self, offset: usize) -> usize {
        let byte = self.byte_offset(offset);
        let mut cursor = GraphemeCursor::new(byte, self.text.len(), true);
        let next = cursor
            .next_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(self.text.len());
        self.code_point_offset(next)
    }

    /// The previous grapheme boundary before `offset` (or the start).
    pub fn previous_grapheme(&self, offset: usize) -> usize {
        let byte = self.byte_offset(offset);
        let mut cursor = GraphemeCursor::new(byte, self.text.len(), true);
        let previous = cursor
            .prev_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(0);
        self.code_point_offset(previous)
    }

    /// The end of the next word after `offset`, as Ctrl+Right moves (or the
    /// end of the text).
    pub fn next_word_end(&self, offset: usize) -> usize {
        let from = self.byte_offset(offset);
        self.text[from..]
            .split_word_bound_indices()
            .find(|(_, w)| is_word(w))
            .map_or(self.n_chars, |(i, w)| {
                self.code_point_offset(from + i + w.len())
            })
    }

    /// The start of the word before `offset`, as Ctrl+Left moves.
    pub fn previous_word_start(&self, offset: usize) -> usize {
        let to = self.byte_offset(offset);
        self.text[..to]
            .split_word_bound_indices()
            .rev()
            .find(|(_, w)| is_word(w))
            .map_or(0, |(i, _)| self.code_point_offset(i))
    }
}

impl Text {
    /// The end of the last word that ends before `offset` (or the start of
    /// the text): where the end of a span goes when it shrinks by a word.
    pub fn word_end_before(&self, offset: usize) -> usize {
        let to = self.byte_offset(offset);
        self.text[..to]
            .split_word_bound_indices()
            .rev()
            .find(|(i, w)| is_word(w) && i + w.len() < to)
            .map_or(0, |(i, w)| self.code_point_offset(i + w.len()))
    }

    /// The start of the first word that starts after `offset` (or the end of
    /// the text): where the start of a span goes when it shrinks by a word.
    pub fn word_start_after(&self, offset: usize) -> usize {
        let from = self.byte_offset(offset);
        self.text[from..]
            .split_word_bound_indices()
            .find(|(i, w)| is_word(w) && *i > 0)
            .map_or(self.n_chars, |(i, _)| self.code_point_offset(from + i))
    }

    /// The sentences of one line, as code-point ranges (see [`sentences`]).
    fn line_sentences(&self, line: &Line) -> Vec<Range<usize>> {
        sentences(self.line_text(line))
            .into_iter()
            .map(|r| line.start + r.start..line.start + r.end)
            .collect()
    }

    /// The end of the sentence that ends after `offset`, as Ctrl+Down moves
    /// (or the end of the text). Sentences never cross a line.
    pub fn next_sentence_end(&self, offset: usize) -> usize {
        for line in &self.lines[self.line_of(offset)..] {
            if let Some(s) = self
                .line_sentences(line)
                .into_iter()
                .find(|s| s.end > offset)
            {
                return s.end;
            }
        }
        self.n_chars
    }

    /// The start of the sentence that starts before `offset`, as Ctrl+Up
    /// moves (or the start of the text).
    pub fn previous_sentence_start(&self, offset: usize) -> usize {
        for line in self.lines[..=self.line_of(offset)].iter().rev() {
            if let Some(s) = self
                .line_sentences(line)
                .into_iter()
                .rev()
                .find(|s| s.start < offset)
            {
                return s.start;
            }
        }
        0
    }

    /// Widens `[start, end)` to whole grapheme clusters.
    pub fn widen_to_graphemes(&self, start: usize, end: usize) -> Range<usize> {
        let from = self.grapheme_floor(self.byte_offset(start));
        let to = self.grapheme_ceil(self.byte_offset(end.max(start)));
        self.code_point_offset(from)..self.code_point_offset(to)
    }

    /// Turns ranges in UTF-16 units over the whole text (what JavaScript's
    /// `RegExp` reports) into code-point ranges. The ranges must be sorted
    /// and not overlap; out-of-order ones are dropped. Each end is a binary
    /// search of the astral characters' index, not a walk of the text (a
    /// search of 5 MB of Arabic spent 9.5 ms walking it to its hits,
    /// docs/performance.md).
    pub fn ranges_from_utf16(&self, ranges: &[(usize, usize)]) -> Vec<Range<usize>> {
        let mut out = Vec::with_capacity(ranges.len());
        let mut last_end = 0;
        for &(start, end) in ranges {
            if start < last_end || end < start {
                continue;
            }
            let start_cp = from_utf16_in(&self.astral, 0..self.n_chars, start);
            let end_cp = from_utf16_in(&self.astral, 0..self.n_chars, end);
            last_end = end;
            out.push(start_cp..end_cp.max(start_cp));
        }
        out
    }
}

/// Splits a line into sentences: each ends after `.`, `!`, `?`, `…` or their
/// CJK forms (with any closing quotes and brackets) followed by a space, or
/// at the end of the line, and starts at the next character that is not
/// white space. A heuristic: abbreviations such as "Mr." end a sentence too.
fn sentences(line: &str) -> Vec<Range<usize>> {
    const TERMINAL: &[char] = &['.', '!', '?', '…', '。', '！', '？', '‼', '⁇', '⁈', '⁉'];
    const CLOSING: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '}', '」', '』'];
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i == chars.len() {
            break;
        }
        let start = i;
        let mut end = chars.len();
        while i < chars.len() {
            if TERMINAL.contains(&chars[i]) {
                let mut j = i + 1;
                while j < chars.len()
                    && (TERMINAL.contains(&chars[j]) || CLOSING.contains(&chars[j]))
                {
                    j += 1;
                }
                // CJK full stops need no space after them.
                let cjk = matches!(chars[i], '。' | '！' | '？');
                if j == chars.len() || chars[j].is_whitespace() || cjk {
                    end = j;
                    i = j;
                    break;
                }
                i = j;
            } else {
                i += 1;
            }
        }
        // Trailing white space before the line end is not part of a sentence.
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        out.push(start..end);
        if end == chars.len() {
            break;
        }
    }
    out
}

/// A word segment holds at least one letter or digit; punctuation and spaces
/// are segments too, but a selection is never widened over them.
fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn utf16_conversion_on_hard_text() {
        // (text, UTF-16 offset, code-point offset), each at the end of the text.
        let cases = [
            ("plain", 5, 5),
            ("👩‍👩‍👧", 8, 5),        // ZWJ family: 3 astral + 2 ZWJ
            ("🇦🇱", 4, 2),        // a flag: two regional indicators
            ("e\u{301}", 2, 2),  // e + combining acute
            ("سلام دنیا", 9, 9),  // Persian
            ("中文字", 3, 3),    // CJK
            ("a\r\nb", 4, 4),    // CRLF stays two characters
            ("\u{feff}x", 2, 2), // a BOM is a character
            ("𝕏y", 3, 2),        // astral letter
        ];
        for (text, utf16, code_points) in cases {
            assert_eq!(utf16_to_code_points(text, utf16), code_points, "{text:?}");
            assert_eq!(code_points_to_utf16(text, code_points), utf16, "{text:?}");
        }
        // Inside a surrogate pair rounds down to the start of the character.
        assert_eq!(utf16_to_code_points("a😀b", 2), 1);
        assert_eq!(utf16_to_code_points("a😀b", 3), 2);
        // Past the end clamps.
        assert_eq!(utf16_to_code_points("ab", 10), 2);
        assert_eq!(code_points_to_utf16("ab", 10), 2);
    }

    #[test]
    fn lines_keep_every_terminator_as_characters() {
        let text = Text::new("ab\r\ncd\ne\rf\n");
        let lines: Vec<_> = text.lines().iter().map(|l| (l.start, l.end)).collect();
        assert_eq!(lines, vec![(0, 2), (4, 6), (7, 8), (9, 10), (11, 11)]);
        assert_eq!(text.len(), 11);
        assert_eq!(text.line_text(&text.lines()[1]), "cd");
        assert_eq!(text.from_line_utf16(1, 1), 5);
        assert_eq!(text.to_line_utf16(5), (1, 1));
        // The CR and LF of line 0 belong to line 0.
        assert_eq!(text.line_of(2), 0);
        assert_eq!(text.line_of(3), 0);
        assert_eq!(text.to_line_utf16(3), (0, 2));
    }

    #[test]
    fn line_offsets_count_utf16_within_the_line() {
        let text = Text::new("😀 x\r\n👩‍👩‍👧 y");
        // "x" is code point 2 of line 0 and UTF-16 unit 3.
        assert_eq!(text.from_line_utf16(0, 3), 2);
        assert_eq!(text.slice(2, 3), "x");
        // "y" is on line 1 after a 5-code-point family and a space.
        let y = text.from_line_utf16(1, 9);
        assert_eq!(text.slice(y, y + 1), "y");
        assert_eq!(text.to_line_utf16(y), (1, 9));
    }

    #[test]
    fn snapping_to_words_trims_and_widens() {
        let text = Text::new("  The “undeniable” evidence,\tnow ");
        let span = |s: usize, e: usize| {
            text.snap(s, e, Snap::Words)
                .map(|r| text.slice(r.start, r.end).to_string())
        };
        assert_eq!(span(0, 4).as_deref(), Some("The"));
        assert_eq!(span(8, 10).as_deref(), Some("undeniable"));
        assert_eq!(span(6, 12).as_deref(), Some("“undeniable"));
        assert_eq!(span(20, 30).as_deref(), Some("evidence,\tnow"));
        assert_eq!(span(0, 2), None);
        assert_eq!(span(5, 5), None);
        // Reversed selections work the same.
        assert_eq!(span(10, 8).as_deref(), Some("undeniable"));
    }

    #[test]
    fn snapping_never_splits_graphemes() {
        let text = Text::new("a 👩‍👩‍👧 e\u{301}t 🇦🇱!");
        // Start inside the family, end inside the flag.
        let r = text.snap(3, 13, Snap::Graphemes).unwrap();
        assert_eq!(text.slice(r.start, r.end), "👩‍👩‍👧 e\u{301}t 🇦🇱");
        // Word snapping over "é" made of e + combining mark.
        let r = text.snap(8, 9, Snap::Words).unwrap();
        assert_eq!(text.slice(r.start, r.end), "e\u{301}t");
        assert!(text.is_grapheme_boundary(2));
        assert!(!text.is_grapheme_boundary(3));
        assert!(text.is_grapheme_boundary(12));
        assert!(!text.is_grapheme_boundary(13));
    }

    #[test]
    fn word_snapping_keeps_prepended_marks_with_their_letter() {
        // U+11D46 MASARAM GONDI REPHA is a Prepend mark: it joins the next
        // character into one grapheme, though a word boundary falls between.
        let text = Text::new("ab\u{11d46}[ x");
        let r = text.snap(0, 3, Snap::Words).unwrap();
        assert!(text.is_grapheme_boundary(r.end));
        assert_eq!(text.slice(r.start, r.end), "ab\u{11d46}[");
    }

    #[test]
    fn snapping_stops_at_line_ends() {
        let text = Text::new("Tirana\r\nTehran");
        let r = text.snap(3, 10, Snap::Words).unwrap();
        assert_eq!(text.slice(r.start, r.end), "Tirana\r\nTehran");
        let r = text.snap(6, 8, Snap::Words);
        assert_eq!(r, None);
    }

    #[test]
    fn caret_moves_by_grapheme_and_word() {
        let text = Text::new("Hi 👩‍👩‍👧 e\u{301}t, “Tirana”!");
        assert_eq!(text.next_grapheme(3), 8);
        assert_eq!(text.previous_grapheme(8), 3);
        assert_eq!(text.next_grapheme(9), 11);
        assert_eq!(text.next_word_end(0), 2);
        assert_eq!(text.next_word_end(2), 12);
        assert_eq!(text.slice(text.previous_word_start(21), 21), "Tirana");
        assert_eq!(text.previous_word_start(1), 0);
        assert_eq!(text.next_word_end(22), text.len());
    }

    #[test]
    fn span_ends_shrink_by_word() {
        let text = Text::new("Albanian special forces, police");
        assert_eq!(text.word_end_before(23), 16);
        assert_eq!(text.word_end_before(16), 8);
        assert_eq!(text.word_end_before(12), 8, "from inside a word");
        assert_eq!(text.word_end_before(8), 0);
        assert_eq!(text.word_start_after(0), 9);
        assert_eq!(text.word_start_after(9), 17);
        assert_eq!(text.word_start_after(17), 25, "over punctuation");
        assert_eq!(text.word_start_after(25), text.len());
    }

    #[test]
    fn sentences_end_at_terminal_punctuation_and_lines() {
        let text = Text::new("He said “Go.” Then left! Mr. Rama?\r\n  Next line\n東京。会議。");
        let ends: Vec<usize> = std::iter::successors(Some(0), |&o| {
            let next = text.next_sentence_end(o);
            (next > o).then_some(next)
        })
        .skip(1)
        .collect();
        // Each sentence, from the start before its end to its end.
        let sentences: Vec<&str> = ends
            .iter()
            .map(|&e| text.slice(text.previous_sentence_start(e), e))
            .collect();
        assert_eq!(
            sentences,
            [
                "He said “Go.”",
                "Then left!",
                "Mr.",
                "Rama?",
                "Next line",
                "東京。",
                "会議。"
            ]
        );
        assert_eq!(text.slice(text.previous_sentence_start(20), 20), "Then l");
        let next_line = text.as_str().chars().position(|c| c == 'N').unwrap();
        assert_eq!(text.previous_sentence_start(next_line + 3), next_line);
        assert_eq!(
            text.previous_sentence_start(next_line),
            text.as_str().chars().position(|c| c == 'R').unwrap()
        );
        assert_eq!(text.previous_sentence_start(0), 0);
        assert_eq!(text.next_sentence_end(text.len()), text.len());
    }

    #[test]
    fn utf16_ranges_over_the_whole_text_become_code_points() {
        let text = Text::new("a😀b\r\n👩‍👩‍👧 c");
        // JavaScript: "a😀b\r\n👩‍👩‍👧 c" matches /b/ at 3, /c/ at 15, /😀/ at 1..3.
        let ranges = text.ranges_from_utf16(&[(1, 3), (3, 4), (15, 16), (14, 15)]);
        assert_eq!(ranges, vec![1..2, 2..3, 11..12]);
        assert_eq!(text.slice(11, 12), "c");
        assert_eq!(text.widen_to_graphemes(6, 7), 5..10);
    }

    #[test]
    fn sha256_of_the_utf8_text() {
        assert_eq!(
            Text::new("abc").sha256(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn utf16_round_trips_on_any_string(s in any::<String>(), cut in 0usize..64) {
            let n_chars = s.chars().count();
            let cp = cut.min(n_chars);
            let units = code_points_to_utf16(&s, cp);
            prop_assert_eq!(utf16_to_code_points(&s, units), cp);
            // The same as JavaScript's length in UTF-16 units.
            prop_assert_eq!(code_points_to_utf16(&s, n_chars), s.encode_utf16().count());
        }

        #[test]
        fn byte_and_code_point_offsets_agree(s in "(\\PC|\r\n|\n){0,300}", cut in 0usize..400) {
            let text = Text::new(&s);
            let cp = cut.min(text.len());
            let expected_byte = s.char_indices().nth(cp).map_or(s.len(), |(b, _)| b);
            prop_assert_eq!(text.byte_offset(cp), expected_byte);
            prop_assert_eq!(text.code_point_offset(expected_byte), cp);
            let (line, units) = text.to_line_utf16(cp);
            let back = text.from_line_utf16(line, units);
            // Positions on a line terminator map to the end of their line.
            let l = text.lines()[line];
            prop_assert_eq!(back, cp.clamp(l.start, l.end));
        }

        #[test]
        fn line_utf16_offsets_agree_with_scanning_the_line(
            s in "([a-zé😀👩\u{200d}💻🇦🇱\u{10ffff}]|\r\n|\n){0,120}",
            cut in 0usize..200,
            unit in 0usize..200,
        ) {
            // The astral index against a scan of the line from its start, at
            // every kind of position (in a surrogate pair, past the end).
            let text = Text::new(&s);
            let cp = cut.min(text.len());
            let (line, units) = text.to_line_utf16(cp);
            let l = text.lines()[line];
            let line_text = text.line_text(&l);
            prop_assert_eq!(units, code_points_to_utf16(line_text, cp.clamp(l.start, l.end) - l.start));
            let line = unit % text.lines().len();
            let l = text.lines()[line];
            prop_assert_eq!(
                text.from_line_utf16(line, unit),
                l.start + utf16_to_code_points(text.line_text(&l), unit)
            );
        }

        #[test]
        fn utf16_ranges_agree_with_the_one_by_one_conversion(
            // Any characters, and runs of ASCII (read eight bytes at a time)
            // broken by accents, emoji and CRLF.
            s in "(\\PC|\r\n){0,60}|([a-z .]{0,19}|é|😀|👩\u{200d}💻|\r\n){0,30}",
            cuts in prop::collection::vec(0usize..300, 0..10),
        ) {
            let text = Text::new(&s);
            let mut cuts = cuts;
            cuts.sort_unstable();
            let ranges: Vec<(usize, usize)> = cuts.chunks_exact(2).map(|c| (c[0], c[1])).collect();
            let expected: Vec<Range<usize>> = ranges
                .iter()
                .map(|&(a, b)| utf16_to_code_points(&s, a)..utf16_to_code_points(&s, b))
                .collect();
            prop_assert_eq!(text.ranges_from_utf16(&ranges), expected);
        }

        #[test]
        fn snapped_spans_are_trimmed_and_on_graphemes(s in "\\PC{0,80}", a in 0usize..90, b in 0usize..90) {
            let text = Text::new(&s);
            for mode in [Snap::Words, Snap::Graphemes] {
                if let Some(r) = text.snap(a, b, mode) {
                    prop_assert!(r.start < r.end && r.end <= text.len());
                    prop_assert!(text.is_grapheme_boundary(r.start));
                    prop_assert!(text.is_grapheme_boundary(r.end));
                    let quote = text.slice(r.start, r.end);
                    prop_assert!(!quote.trim().is_empty());
                }
            }
        }

        #[test]
        fn words_are_found_as_segmenting_the_whole_line_finds_them(
            pieces in prop::collection::vec(prop::sample::select(WORD_PIECES), 0..60),
            at in 0usize..400,
        ) {
            // The word around each byte, against the words of the whole line
            // (the segmenter from the line's start, as before).
            let s = pieces.concat();
            let text = Text::new(&s);
            let byte = s.char_indices().map(|(b, _)| b).chain([s.len()]).nth(at % (s.chars().count() + 1)).unwrap();
            let line = text.lines()[text.line_of(text.code_point_offset(byte))];
            let (start, end) = (text.byte_offset(line.start), text.byte_offset(line.end));
            let expected = s[start..end]
                .split_word_bound_indices()
                .map(|(i, w)| (start + i..start + i + w.len(), w))
                .find(|(r, w)| r.start < byte && byte < r.end && is_word(w))
                .map(|(r, _)| r);
            prop_assert_eq!(text.word_around(start, end, byte), expected);
        }
    }

    /// What the words' proptest builds lines of: letters and numbers the
    /// middle rules join or not (`l'Europe`, `3.14`, `a.b`), marks and
    /// format characters that attach, emoji sequences, flags (pairs of
    /// regional indicators, odd runs), Katakana runs, Han, Arabic with
    /// ZWNJ, Thai, spaces and line breaks.
    const WORD_PIECES: &[&str] = &[
        "a",
        "Rama",
        "l",
        "'",
        "’",
        ".",
        ",",
        ":",
        "3",
        "14",
        "_",
        "-",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "e\u{301}",
        "\u{200d}",
        "\u{ad}",
        "\u{200b}",
        "👩\u{200d}👩\u{200d}👧",
        "😀",
        "🏽",
        "🇦🇱",
        "🇦",
        "🇱",
        "カタカナ",
        "ー",
        "北京",
        "の",
        "قال",
        "\u{200c}",
        "ไทย",
        "#",
        "1\u{fe0f}\u{20e3}",
    ];

    #[test]
    fn short_lines_are_one_piece() {
        let one = vec![Piece { byte: 0, utf16: 0 }];
        assert_eq!(pieces("", 8), one);
        assert_eq!(pieces("twelve bytes", 12), one);
        // Four code points, 8 UTF-16 units, 16 bytes: one piece.
        assert_eq!(pieces("😀😀😀😀", 8), one);
    }

    #[test]
    fn long_lines_are_cut_at_word_boundaries_after_the_size() {
        let line = "alpha beta gamma delta epsilon";
        let starts: Vec<usize> = pieces(line, 8).iter().map(|p| p.byte).collect();
        assert_eq!(starts, vec![0, 10, 22]);
        let cut: Vec<&str> = starts
            .iter()
            .zip(starts.iter().skip(1).chain([&line.len()]))
            .map(|(&a, &b)| &line[a..b])
            .collect();
        assert_eq!(cut, ["alpha beta", " gamma delta", " epsilon"]);
    }

    #[test]
    fn pieces_never_split_a_grapheme_and_count_utf16() {
        // A ZWJ family, a flag, an accent and Han characters: every cut is
        // a grapheme boundary, and the offsets are UTF-16 units.
        let line = "👨‍👩‍👧 🇫🇷 é".repeat(40) + &"東京都の天気は晴れです".repeat(20);
        let cut = pieces(&line, 16);
        for piece in &cut {
            assert_eq!(line[..piece.byte].encode_utf16().count(), piece.utf16);
        }
        let starts: Vec<usize> = cut.iter().map(|p| p.utf16).collect();
        assert!(starts.len() > 10);
        let utf16: Vec<u16> = line.encode_utf16().collect();
        let graphemes: std::collections::BTreeSet<usize> = {
            let mut at = 0;
            line.graphemes(true)
                .map(|g| {
                    let start = at;
                    at += g.encode_utf16().count();
                    start
                })
                .collect()
        };
        for pair in starts.windows(2) {
            assert!(pair[1] - pair[0] >= 16, "{starts:?}");
        }
        for start in &starts {
            assert!(graphemes.contains(start), "{start} cuts a grapheme");
            assert!(*start < utf16.len());
        }
        // In the Han part, pieces are cut between characters, close to the size.
        let han = starts.iter().filter(|&&s| s > 40 * 15).count();
        assert!(han >= 12, "{starts:?}");
    }

    #[test]
    fn a_token_longer_than_the_size_stays_whole() {
        let line = "x".repeat(100) + " y";
        let starts: Vec<usize> = pieces(&line, 8).iter().map(|p| p.utf16).collect();
        assert_eq!(starts, vec![0, 100]);
    }
}
