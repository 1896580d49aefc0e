//! The colour theme: light, dark, or the system's (the default). The choice
//! is kept in `localStorage` (read before the app starts by a line in
//! index.html, so the page never flashes the wrong theme); the theme in
//! use is the `data-theme` attribute of the root element, which the style
//! sheet follows.

use gloo::events::EventListener;

use super::{document, window};

const KEY: &str = "scholia-theme";
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    pub fn parse(value: &str) -> ThemeChoice {
        match value {
            "light" => ThemeChoice::Light,
            "dark" => ThemeChoice::Dark,
            _ => ThemeChoice::System,
        }
    }
}

/// The stored choice (the system's when none, or when storage is off).
pub fn stored() -> ThemeChoice {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map_or(ThemeChoice::System, |v| ThemeChoice::parse(&v))
}

fn system_is_dark() -> bool {
    window()
        .match_media(DARK_QUERY)
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Shows the chosen theme and remembers the choice.
pub fn choose(choice: ThemeChoice) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = match choice {
            ThemeChoice::System => storage.remove_item(KEY),
            _ => storage.set_item(KEY, choice.as_str()),
        };
    }
    apply(choice);
}

/// Sets `data-theme` on the root element to the theme `choice` means now.
pub fn apply(choice: ThemeChoice) {
    let dark = match choice {
        ThemeChoice::System => system_is_dark(),
        ThemeChoice::Light => false,
        ThemeChoice::Dark => true,
    };
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
    }
}

/// Follows the system's setting while the choice is "system".
pub fn follow_system() -> Option<EventListener> {
    let query = window().match_media(DARK_QUERY).ok().flatten()?;
    Some(EventListener::new(&query, "change", |_| {
        if stored() == ThemeChoice::System {
            apply(ThemeChoice::System);
        }
    }))
}
