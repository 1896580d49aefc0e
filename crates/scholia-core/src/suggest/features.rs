//! The tagger's features of a token in its sentence: the word, its lower
//! case, its shape, prefixes and suffixes of one to three characters,
//! flags (title case, upper case, digits, punctuation, hyphen), and the
//! lower case and shape of the words up to two places either side.
//!
//! Features are strings (`l=tirana`, `s-1=Xx`), so that a model is
//! readable and stays valid whatever the feature set of a later version
//! is: an unknown feature simply has no weight.

use super::patterns::{has_flag, Flag};

/// A word's shape: letters as `X` or `x`, digits as `d`, anything else
/// kept, runs of the same class written once (`Tirana` → `Xx`, `EE.UU.`
/// → `X.X.`, `1999` → `d`). Letters without case (Han, Arabic) are `a`.
pub fn short_shape(word: &str) -> String {
    let mut shape = String::new();
    let mut last = None;
    for c in word.chars() {
        let class = shape_class(c);
        if last != Some(class) {
            shape.push(class);
            last = Some(class);
        }
    }
    shape
}

/// The shape with every character (at most 8, then `…`).
pub fn long_shape(word: &str) -> String {
    let mut shape: String = word.chars().take(8).map(shape_class).collect();
    if word.chars().nth(8).is_some() {
        shape.push('…');
    }
    shape
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_alphabetic() {
        'a'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// The word forms a sentence's features are made of, computed once.
pub struct Words {
    lower: Vec<String>,
    shape: Vec<String>,
}

impl Words {
    pub fn new(words: &[&str]) -> Words {
        Words {
            lower: words.iter().map(|w| w.to_lowercase()).collect(),
            shape: words.iter().map(|w| short_shape(w)).collect(),
        }
    }
}

/// Calls `emit` with each feature of the `i`th word of a sentence: those
/// of the word itself ([`word_features`]), the sentence's ends, those its
/// neighbours give ([`context_features`], nearest two either side), and
/// the lower-case bigrams with each neighbour, in that order.
pub fn token_features(words: &[&str], forms: &Words, i: usize, mut emit: impl FnMut(&str)) {
    word_features(words[i], &forms.lower[i], &forms.shape[i], &mut emit);
    if i == 0 {
        emit("BOS");
    }
    if i + 1 == words.len() {
        emit("EOS");
    }
    for offset in CONTEXT {
        let Some(j) = i.checked_add_signed(offset).filter(|&j| j < words.len()) else {
            continue;
        };
        context_features(
            offset,
            words[j],
            &forms.lower[j],
            &forms.shape[j],
            &mut emit,
        );
    }
    bigram_features(words.len(), &forms.lower, i, emit);
}

/// The places of the neighbours whose features a token has, in the order
/// [`token_features`] emits them.
pub const CONTEXT: [isize; 4] = [-2, -1, 1, 2];

/// The features a word gives whatever its sentence (the word, its lower
/// case and shapes, affixes, flags), `lower` and `shape` its lower case and
/// [`short_shape`]. The tagger computes them once per distinct word of a
/// document.
pub fn word_features(word: &str, lower: &str, shape: &str, emit: impl FnMut(&str)) {
    let mut feature = joined(emit);
    feature(&["bias"]);
    feature(&["w=", word]);
    feature(&["l=", lower]);
    feature(&["s=", shape]);
    feature(&["S=", &long_shape(word)]);
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    for n in 1..=3usize.min(chars.len()) {
        let n_str = ["", "1", "2", "3"][n];
        let prefix_end = chars.get(n).map_or(word.len(), |(b, _)| *b);
        feature(&["p", n_str, "=", &word[..prefix_end]]);
        let suffix_start = chars[chars.len() - n].0;
        feature(&["x", n_str, "=", &word[suffix_start..]]);
    }
    for (flag, name) in [
        (Flag::Title, "T"),
        (Flag::Upper, "U"),
        (Flag::Digit, "D"),
        (Flag::Punct, "P"),
    ] {
        if has_flag(word, flag) {
            feature(&[name]);
        }
    }
    if word.contains('-') {
        feature(&["H"]);
    }
    if word.chars().any(char::is_numeric) && !has_flag(word, Flag::Digit) {
        feature(&["N"]);
    }
}

/// The features a word gives the token `offset` places from it (one of
/// [`CONTEXT`]): its lower case, and beside it its shape and case flags.
pub fn context_features(
    offset: isize,
    word: &str,
    lower: &str,
    shape: &str,
    emit: impl FnMut(&str),
) {
    let mut feature = joined(emit);
    let at = ["-2", "-1", "", "+1", "+2"][(offset.clamp(-2, 2) + 2) as usize];
    feature(&["l", at, "=", lower]);
    if offset.abs() == 1 {
        feature(&["s", at, "=", shape]);
        if has_flag(word, Flag::Title) {
            feature(&["T", at]);
        }
        if has_flag(word, Flag::Upper) {
            feature(&["U", at]);
        }
    }
}

/// A feature written from its parts into one buffer, reused for every
/// feature, and handed to `emit`.
fn joined(mut emit: impl FnMut(&str)) -> impl FnMut(&[&str]) {
    let mut buffer = String::new();
    move |parts: &[&str]| {
        buffer.clear();
        for p in parts {
            buffer.push_str(p);
        }
        emit(&buffer);
    }
}

/// The lower-case bigrams of the `i`th of `n` words (`lower` their lower
/// case) with the word before and the word after.
pub fn bigram_features<S: AsRef<str>>(n: usize, lower: &[S], i: usize, mut emit: impl FnMut(&str)) {
    let mut buffer = String::new();
    if i > 0 {
        buffer.push_str("l-1|l=");
        buffer.push_str(lower[i - 1].as_ref());
        buffer.push('|');
        buffer.push_str(lower[i].as_ref());
        emit(&buffer);
    }
    if i + 1 < n {
        buffer.clear();
        buffer.push_str("l|l+1=");
        buffer.push_str(lower[i].as_ref());
        buffer.push('|');
        buffer.push_str(lower[i + 1].as_ref());
        emit(&buffer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(words: &[&str], i: usize) -> Vec<String> {
        let forms = Words::new(words);
        let mut out = Vec::new();
        token_features(words, &forms, i, |f| out.push(f.to_string()));
        out
    }

    #[test]
    fn shapes() {
        assert_eq!(short_shape("Tirana"), "Xx");
        assert_eq!(short_shape("EE.UU."), "X.X.");
        assert_eq!(short_shape("1999"), "d");
        assert_eq!(short_shape("北京"), "a");
        assert_eq!(long_shape("McDonald's"), "XxXxxxxx…");
    }

    #[test]
    fn a_token_has_its_word_affixes_flags_and_context() {
        let f = features(&["El", "presidente", "Rama", "dijo", "."], 2);
        for expected in [
            "bias",
            "w=Rama",
            "l=rama",
            "s=Xx",
            "S=Xxxx",
            "p1=R",
            "p3=Ram",
            "x1=a",
            "x3=ama",
            "T",
            "l-2=el",
            "l-1=presidente",
            "l+1=dijo",
            "l+2=.",
            "s-1=x",
            "s+1=x",
            "l-1|l=presidente|rama",
            "l|l+1=rama|dijo",
        ] {
            assert!(
                f.iter().any(|x| x == expected),
                "{expected} missing from {f:?}"
            );
        }
        assert!(!f.iter().any(|x| x == "BOS" || x == "EOS" || x == "U"));
        let f = features(&["北", "京"], 0);
        assert!(
            f.contains(&"BOS".to_string())
                && f.contains(&"w=北".to_string())
                && f.contains(&"l+1=京".to_string())
        );
    }
}
