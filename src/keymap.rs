//! The keyboard: one table of shortcuts (shown by the help dialog and
//! repeated in the README), and the pure function that turns a key press
//! into a command. Keys that move the caret are the document view's own;
//! everything else is resolved here.
//!
//! App commands use symbols and modifiers, so that every letter stays free
//! for label hotkeys (brat schemes have dozens of labels).

use scholia_core::editing::SpanEnd;
use scholia_core::Scheme;

/// A key press: the `key` as the browser names it, and its modifiers
/// (`command` is Ctrl, or Cmd on a Mac).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Press<'a> {
    pub key: &'a str,
    pub command: bool,
    pub alt: bool,
    pub shift: bool,
}

/// Where the press happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Context {
    /// An annotation is selected.
    pub selected: bool,
    /// Text is selected in the document.
    pub text_selected: bool,
    /// A relation is being drawn: the next pick is its target.
    pub linking: bool,
    /// Focus is on the document (or nowhere): Enter belongs to the app, not
    /// to a focused button.
    pub on_document: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyCommand {
    Undo,
    Redo,
    /// Tag the selected text, or relabel the selected annotation.
    Tag(String),
    LabelPicker,
    Delete,
    Escape,
    Help,
    Search,
    Jump {
        forward: bool,
        same_label: bool,
    },
    StartLink,
    /// A new entity from the selected annotation (its first mention).
    NewEntity,
    ConfirmLink,
    OpenNote,
    MoveEnd {
        end: SpanEnd,
        forward: bool,
    },
    AddFragment,
    CutFragment,
    /// The next (or previous) disagreement between annotators.
    Disagreement {
        forward: bool,
    },
    /// The next (or previous) suggestion.
    Suggestion {
        forward: bool,
    },
    AcceptSuggestion,
    RejectSuggestion,
    AcceptAllSuggestions,
    /// The tagger's suggestion it is least sure of.
    UncertainSuggestion,
}

/// Keys the app uses for itself: no label may take them as its hotkey.
pub const RESERVED: &[&str] = &[
    "[", "]", "{", "}", "(", ")", "?", "/", ">", "+", "=", "-", "@", ".", ",", ";", "'", ":", "\"",
];

/// Every shortcut, as (keys, what they do), in the order the help shows.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("1 … 9", "tag the selection with the 1st … 9th label, or relabel the selected annotation"),
    ("A E C (each label's hotkey)", "tag as Actor, Event, Claim, or relabel"),
    ("Ctrl+K", "pick a label by typing its name"),
    ("← →", "move the caret by a character"),
    ("Ctrl+← →", "move the caret by a word"),
    ("Ctrl+↑ ↓", "move the caret by a sentence"),
    ("Home End", "move the caret to the start or end of the line"),
    ("Shift + any of these", "extend the selection from the caret"),
    ("] [", "select the next / previous annotation (in the list's filter)"),
    ("} {", "the next / previous annotation with the same label"),
    (") (", "the next / previous disagreement between annotators (a merged document)"),
    (". ,", "step to the next / previous suggestion (its text is selected: a label key tags it with another label)"),
    (";", "accept the suggestion stepped to: it becomes an annotation in your layer"),
    ("'", "reject the suggestion stepped to: it is not proposed again"),
    (":", "accept every suggestion at or above the minimum confidence"),
    ("\"", "step to the tagger's suggestion it is least sure of (next most uncertain)"),
    ("1 … 9, U, R, E (at a disagreement)", "accept that annotator's version, the union, or reject; E edits the gold span in the text"),
    ("Enter", "open the selected annotation's note"),
    ("Alt+Shift+← →", "move the selected span's end by a word (a character with Snap off)"),
    ("Ctrl+Alt+Shift+← →", "move the selected span's start"),
    ("+ = −", "add the selected text to the selected span as a fragment (+ or =) / cut it out (−)"),
    (">", "start a relation from the selected annotation; pick the target with ] [ and Enter, or a click"),
    ("@", "a new entity from the selected annotation (link others to it in the panel's Entity field)"),
    ("Delete, Backspace", "delete the selected annotation"),
    ("Ctrl+Z", "undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "redo"),
    ("/", "search the text"),
    ("?", "show these shortcuts"),
    ("Escape", "cancel a relation, clear the selection, close a dialog"),
];

/// What a key press does, if anything. The caller has already left alone
/// presses in text fields and in open dialogs.
pub fn resolve(press: &Press<'_>, scheme: &Scheme, context: Context) -> Option<KeyCommand> {
    let key = press.key;
    let arrow = match key {
        "ArrowLeft" => Some(false),
        "ArrowRight" => Some(true),
        _ => None,
    };
    if press.alt && press.shift {
        if let (Some(forward), true) = (arrow, context.selected) {
            let end = if press.command {
                SpanEnd::Start
            } else {
                SpanEnd::End
            };
            return Some(KeyCommand::MoveEnd { end, forward });
        }
    }
    if press.command && !press.alt {
        return match key.to_ascii_lowercase().as_str() {
            "z" if press.shift => Some(KeyCommand::Redo),
            "z" => Some(KeyCommand::Undo),
            "y" => Some(KeyCommand::Redo),
            "k" => Some(KeyCommand::LabelPicker),
            _ => None,
        };
    }
    if press.command || press.alt {
        return None; // The browser's own shortcuts.
    }
    let command = match key {
        "Delete" | "Backspace" if context.selected => KeyCommand::Delete,
        "Escape" => KeyCommand::Escape,
        "?" => KeyCommand::Help,
        "/" => KeyCommand::Search,
        "]" | "[" | "}" | "{" => KeyCommand::Jump {
            forward: matches!(key, "]" | "}"),
            same_label: matches!(key, "}" | "{"),
        },
        ")" | "(" => KeyCommand::Disagreement {
            forward: key == ")",
        },
        "." | "," => KeyCommand::Suggestion {
            forward: key == ".",
        },
        ";" => KeyCommand::AcceptSuggestion,
        "'" => KeyCommand::RejectSuggestion,
        ":" => KeyCommand::AcceptAllSuggestions,
        "\"" => KeyCommand::UncertainSuggestion,
        "Enter" if context.on_document && context.linking => KeyCommand::ConfirmLink,
        "Enter" if context.on_document && context.selected => KeyCommand::OpenNote,
        ">" if context.selected => KeyCommand::StartLink,
        "@" if context.selected => KeyCommand::NewEntity,
        "+" | "=" if context.selected && context.text_selected => KeyCommand::AddFragment,
        "-" if context.selected && context.text_selected => KeyCommand::CutFragment,
        _ => return label_for_key(scheme, key).map(KeyCommand::Tag),
    };
    Some(command)
}

/// The label a key press applies: the digit of its position (1–9) or its hotkey.
pub fn label_for_key(scheme: &Scheme, key: &str) -> Option<String> {
    if let Some(digit) = key.parse::<usize>().ok().filter(|d| (1..=9).contains(d)) {
        return scheme.labels.get(digit - 1).map(|l| l.id.clone());
    }
    scheme
        .labels
        .iter()
        .find(|l| {
            l.hotkey
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(key))
        })
        .map(|l| l.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str) -> Press<'_> {
        Press {
            key,
            command: false,
            alt: false,
            shift: false,
        }
    }

    const SELECTED: Context = Context {
        selected: true,
        text_selected: false,
        linking: false,
        on_document: true,
    };

    #[test]
    fn keys_resolve_by_context() {
        let scheme = Scheme::default_scheme();
        let r = |p: Press<'_>, c| resolve(&p, &scheme, c);
        assert_eq!(
            r(press("2"), Context::default()),
            Some(KeyCommand::Tag("event".into()))
        );
        assert_eq!(
            r(press("C"), SELECTED),
            Some(KeyCommand::Tag("claim".into()))
        );
        assert_eq!(r(press("x"), SELECTED), None);
        assert_eq!(r(press("Delete"), Context::default()), None);
        assert_eq!(r(press("Delete"), SELECTED), Some(KeyCommand::Delete));
        assert_eq!(r(press("Enter"), SELECTED), Some(KeyCommand::OpenNote));
        let linking = Context {
            linking: true,
            ..SELECTED
        };
        assert_eq!(r(press("Enter"), linking), Some(KeyCommand::ConfirmLink));
        // Enter on a focused button is the button's.
        assert_eq!(
            r(
                press("Enter"),
                Context {
                    on_document: false,
                    ..linking
                }
            ),
            None
        );
        assert_eq!(
            r(press("}"), Context::default()),
            Some(KeyCommand::Jump {
                forward: true,
                same_label: true
            })
        );
        assert_eq!(
            r(press(")"), Context::default()),
            Some(KeyCommand::Disagreement { forward: true })
        );
        assert_eq!(
            r(press("("), SELECTED),
            Some(KeyCommand::Disagreement { forward: false })
        );
        assert_eq!(r(press("-"), SELECTED), None, "cutting needs selected text");
        let both = Context {
            text_selected: true,
            ..SELECTED
        };
        assert_eq!(r(press("-"), both), Some(KeyCommand::CutFragment));
        assert_eq!(r(press("="), both), Some(KeyCommand::AddFragment));
    }

    #[test]
    fn modifiers() {
        let scheme = Scheme::default_scheme();
        let with = |key, command, alt, shift| Press {
            key,
            command,
            alt,
            shift,
        };
        let r = |p: Press<'_>| resolve(&p, &scheme, SELECTED);
        assert_eq!(r(with("z", true, false, false)), Some(KeyCommand::Undo));
        assert_eq!(r(with("Z", true, false, true)), Some(KeyCommand::Redo));
        assert_eq!(r(with("y", true, false, false)), Some(KeyCommand::Redo));
        assert_eq!(
            r(with("k", true, false, false)),
            Some(KeyCommand::LabelPicker)
        );
        assert_eq!(
            r(with("a", true, false, false)),
            None,
            "Ctrl+A stays the browser's"
        );
        assert_eq!(r(with("a", false, true, false)), None);
        assert_eq!(
            r(with("ArrowRight", false, true, true)),
            Some(KeyCommand::MoveEnd {
                end: SpanEnd::End,
                forward: true
            })
        );
        assert_eq!(
            r(with("ArrowLeft", true, true, true)),
            Some(KeyCommand::MoveEnd {
                end: SpanEnd::Start,
                forward: false
            })
        );
        assert_eq!(
            resolve(
                &with("ArrowLeft", false, true, true),
                &scheme,
                Context::default()
            ),
            None
        );
    }

    /// The README's table is `SHORTCUTS`, row for row, in both directions.
    #[test]
    fn the_readme_shows_every_shortcut_and_no_other() {
        let readme = include_str!("../README.md");
        let rows: Vec<&str> = readme
            .lines()
            .skip_while(|l| *l != "| Key | Does |")
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .collect();
        let table: Vec<String> = SHORTCUTS
            .iter()
            .map(|(keys, does)| format!("| {keys} | {does} |"))
            .collect();
        assert_eq!(
            rows, table,
            "README.md's shortcut table and SHORTCUTS differ"
        );
    }

    /// The presses a row's keys name: "Ctrl+← →" is Ctrl+← and Ctrl+→,
    /// "Delete, Backspace" two keys.
    fn expand(keys: &str) -> Vec<String> {
        keys.split(", ")
            .flat_map(|group| {
                let mut tokens = group.split(' ');
                let first = tokens.next().unwrap_or_default();
                let prefix = first
                    .rfind('+')
                    .filter(|&i| i + 1 < first.len())
                    .map_or("", |i| &first[..=i]);
                std::iter::once(first.to_string())
                    .chain(tokens.map(move |t| format!("{prefix}{t}")))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Every key press the keymap answers to (label keys aside) is named in
    /// `SHORTCUTS`: no shortcut works that the help and the README do not show.
    #[test]
    fn every_key_the_keymap_answers_to_is_shown() {
        let scheme = Scheme::default_scheme();
        let everything = Context {
            selected: true,
            text_selected: true,
            linking: false,
            on_document: true,
        };
        let named = [
            "ArrowLeft",
            "ArrowRight",
            "ArrowUp",
            "ArrowDown",
            "Home",
            "End",
            "Enter",
            "Escape",
            "Delete",
            "Backspace",
            "Tab",
        ];
        let printable = (0x21u8..0x7f).map(|b| (b as char).to_string());
        let keys: Vec<String> = named
            .iter()
            .map(|k| k.to_string())
            .chain(printable)
            .collect();
        let display = |key: &str| match key {
            "ArrowLeft" => "←".to_string(),
            "ArrowRight" => "→".to_string(),
            "-" => "−".to_string(),
            k if k.len() == 1 => k.to_uppercase(),
            k => k.to_string(),
        };
        for key in &keys {
            for (command, alt, shift) in [
                (false, false, false),
                (false, false, true),
                (true, false, false),
                (true, false, true),
                (false, true, true),
                (true, true, true),
            ] {
                for linking in [false, true] {
                    let press = Press {
                        key,
                        command,
                        alt,
                        shift,
                    };
                    let context = Context {
                        linking,
                        ..everything
                    };
                    let Some(found) = resolve(&press, &scheme, context) else {
                        continue;
                    };
                    if matches!(found, KeyCommand::Tag(_)) {
                        continue; // The rows of digits and label hotkeys.
                    }
                    let mut name = String::new();
                    if command {
                        name.push_str("Ctrl+");
                    }
                    if alt {
                        name.push_str("Alt+");
                    }
                    if shift && (command || alt) {
                        name.push_str("Shift+");
                    }
                    name.push_str(&display(key));
                    let listed = |name: &str| {
                        SHORTCUTS
                            .iter()
                            .any(|(keys, _)| expand(keys).iter().any(|k| k == name))
                    };
                    // Shift held by accident does what the shown press does.
                    let without_shift = Press {
                        shift: false,
                        ..press.clone()
                    };
                    let shown = listed(&name)
                        || (shift
                            && resolve(&without_shift, &scheme, context).as_ref() == Some(&found)
                            && listed(&name.replace("Shift+", "")));
                    assert!(shown, "{name} ({found:?}) is not in SHORTCUTS");
                }
            }
        }
    }

    #[test]
    fn reserved_keys_are_not_label_hotkeys_by_default() {
        let scheme = Scheme::default_scheme();
        for label in &scheme.labels {
            assert_eq!(
                scheme.hotkey_problem(&label.id, label.hotkey.as_deref().unwrap(), RESERVED),
                None
            );
        }
        for key in RESERVED {
            assert!(
                scheme.hotkey_problem("actor", key, RESERVED).is_some(),
                "{key}"
            );
        }
    }

    #[test]
    fn hotkeys_by_position_and_letter() {
        let scheme = Scheme::default_scheme();
        assert_eq!(label_for_key(&scheme, "1").as_deref(), Some("actor"));
        assert_eq!(label_for_key(&scheme, "3").as_deref(), Some("claim"));
        assert_eq!(label_for_key(&scheme, "E").as_deref(), Some("event"));
        assert_eq!(label_for_key(&scheme, "4"), None);
        assert_eq!(label_for_key(&scheme, "x"), None);
    }
}
