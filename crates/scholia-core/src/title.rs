//! Titles from text, and file names from titles.

/// Titles longer than this many characters are shortened at a word boundary.
pub const MAX_TITLE_CHARS: usize = 60;
/// File-name stems longer than this many bytes are shortened at a word boundary.
pub const MAX_STEM_BYTES: usize = 48;

/// The title of a text: its first non-blank line, shortened to a readable
/// length at a word boundary (with an ellipsis when shortened).
pub fn title_from_text(text: &str) -> String {
    let first_line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("");
    let title = shorten_at_word(first_line, MAX_TITLE_CHARS, |s| s.chars().count());
    if title.is_empty() {
        "Untitled".to_string()
    } else if title.len() < first_line.len() {
        format!("{title}…")
    } else {
        title.to_string()
    }
}

/// A file-name stem made from a title, safe on every common OS: letters and
/// digits (any script) kept, everything else turned into single hyphens, no
/// leading or trailing dots or hyphens, no reserved Windows device names, and
/// at most [`MAX_STEM_BYTES`] bytes, cut at a word boundary.
pub fn file_stem(title: &str) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem = shorten_at_word(stem.trim_end_matches('-'), MAX_STEM_BYTES, str::len);
    let stem = stem.trim_matches('-');
    const RESERVED: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    if stem.is_empty() {
        "document".to_string()
    } else if RESERVED.contains(&stem) {
        format!("{stem}-document")
    } else {
        stem.to_string()
    }
}

/// The title's file stem, made unique among `taken` by `-2`, `-3`… (and
/// added to them): several documents of one title get files of their own.
pub fn unique_stem(title: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let base = file_stem(title);
    let stem = (1..)
        .map(|i| {
            if i == 1 {
                base.clone()
            } else {
                format!("{base}-{i}")
            }
        })
        .find(|s| !taken.contains(s))
        .unwrap_or(base);
    taken.insert(stem.clone());
    stem
}

/// The longest prefix of `text` whose size is at most `max`, ending at a word
/// boundary when one exists (otherwise at a character boundary).
fn shorten_at_word(text: &str, max: usize, size: impl Fn(&str) -> usize) -> &str {
    if size(text) <= max {
        return text;
    }
    let mut fits = 0;
    let mut last_space = None;
    for (byte, c) in text.char_indices() {
        if size(&text[..byte + c.len_utf8()]) > max {
            break;
        }
        if !c.is_alphanumeric() {
            last_space = Some(byte);
        }
        fits = byte + c.len_utf8();
    }
    let cut = last_space.filter(|&b| b > 0).unwrap_or(fits);
    text[..cut].trim_end_matches(|c: char| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_the_first_line_shortened_at_a_word() {
        let seed = "Albanian special forces police forced the door of the Iranian Embassy in Tirana on Thursday\nmore";
        assert_eq!(
            title_from_text(seed),
            "Albanian special forces police forced the door of the…"
        );
        assert_eq!(
            title_from_text("\u{feff}\n\n  Short title \r\nbody"),
            "Short title"
        );
        assert_eq!(title_from_text("   \n"), "Untitled");
        assert!(title_from_text(&"x".repeat(200)).chars().count() <= MAX_TITLE_CHARS + 1);
    }

    #[test]
    fn file_stems_are_short_and_safe() {
        assert_eq!(
            file_stem("Albanian special forces police forced the door of the…"),
            "albanian-special-forces-police-forced-the-door"
        );
        assert_eq!(file_stem("a/b\\c:d*e?f\"g<h>i|j"), "a-b-c-d-e-f-g-h-i-j");
        assert_eq!(file_stem("..."), "document");
        assert_eq!(file_stem("CON"), "con-document");
        assert_eq!(file_stem("Ayatollah خامنه‌ای 🙂"), "ayatollah-خامنه-ای");
        assert!(file_stem(&"é".repeat(100)).len() <= MAX_STEM_BYTES);
    }
}
