//! The browser's registry of highlights (the CSS Custom Highlight API).

use wasm_bindgen::{JsCast, JsValue};

/// Whether the browser has the CSS Custom Highlight API.
pub fn highlight_api_available() -> bool {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &JsValue::from_str("CSS"))
        .ok()
        .filter(|css| !css.is_undefined())
        .and_then(|css| js_sys::Reflect::get(&css, &JsValue::from_str("highlights")).ok())
        .is_some_and(|h| !h.is_undefined() && !h.is_null())
}

/// The registered highlight of this name, created on first use.
pub fn group(
    registry: &web_sys::HighlightRegistry,
    name: &str,
    priority: i32,
) -> web_sys::Highlight {
    if let Some(highlight) = registry.get(name) {
        return highlight;
    }
    let highlight = web_sys::Highlight::new(&[]).expect("a Highlight");
    highlight.set_priority(priority);
    registry.set(name, &highlight);
    highlight
}

/// The names of Scholia's registered highlights.
pub fn registry_names(registry: &web_sys::HighlightRegistry) -> Vec<String> {
    let mut names = Vec::new();
    let keys = js_sys::Reflect::get(registry, &JsValue::from_str("keys"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(registry).ok());
    if let Some(iterator) = keys.and_then(|k| js_sys::try_iter(&k).ok().flatten()) {
        for name in iterator.flatten() {
            if let Some(name) = name.as_string().filter(|n| n.starts_with("sch-")) {
                names.push(name);
            }
        }
    }
    names
}
