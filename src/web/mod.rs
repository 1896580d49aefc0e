//! The only part of the app that touches `web_sys`: DOM selections and
//! highlights, storage, files, the clock and random ids. Everything here is a
//! thin adapter; decisions are made in the store and the core.

pub mod arcs;
pub mod boxes;
pub mod caret;
pub mod crash;
pub mod files;
pub mod highlights;
pub mod idb;
pub mod marks;
pub mod registry;
pub mod rule_sheet;
pub mod search;
pub mod selection;
pub mod storage;
pub mod suggestion_marks;
pub mod tabs;
pub mod theme;
pub mod worker;

use scholia_core::Timestamp;
use wasm_bindgen::JsCast;

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

pub fn document() -> web_sys::Document {
    window().document().expect("a document")
}

/// Runs `f` once the page is idle (the browser has rendered and painted
/// what was pending), or after `at_most_ms` if it never is; once.
pub fn when_idle(at_most_ms: u32, f: impl FnOnce() + 'static) {
    type Once = std::rc::Rc<std::cell::Cell<Option<Box<dyn FnOnce()>>>>;
    let f: Once = std::rc::Rc::new(std::cell::Cell::new(Some(Box::new(f))));
    let run = |f: &Once| {
        if let Some(f) = f.take() {
            f();
        }
    };
    let idle = {
        let f = f.clone();
        wasm_bindgen::closure::Closure::once_into_js(move || run(&f))
    };
    // Not every browser has requestIdleCallback: the timeout is the rest.
    let _ = window().request_idle_callback(idle.unchecked_ref());
    gloo::timers::callback::Timeout::new(at_most_ms, move || run(&f)).forget();
}

/// The current time, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// Runs `f` and records in `slow` whether it took longer than `limit_ms`
/// (the search box and the suggestions' list then wait for a pause).
pub fn timed<T>(slow: &std::cell::RefCell<bool>, limit_ms: f64, f: impl FnOnce() -> T) -> T {
    let started = js_sys::Date::now();
    let made = f();
    *slow.borrow_mut() = js_sys::Date::now() - started > limit_ms;
    made
}

/// A fresh random id (a version 4 UUID), from the browser's CSPRNG.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes == [0; 16] {
        // No CSPRNG (never seen in a supported browser): fall back to Math.random.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Whether keyboard focus is in a place that takes typing (so that single-key
/// shortcuts must stay out of the way).
pub fn focus_takes_typing() -> bool {
    let Some(active) = document().active_element() else {
        return false;
    };
    let tag = active.tag_name().to_ascii_lowercase();
    // Checkboxes, buttons and colour wells take no typing: shortcuts work there.
    let typing_input = tag == "input"
        && !matches!(
            active.get_attribute("type").unwrap_or_default().as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "color" | "file" | "range"
        );
    typing_input
        || matches!(tag.as_str(), "textarea" | "select")
        || active
            .dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(|e| e.is_content_editable())
}

/// Scrolls an element into the middle of its scrolling container.
pub fn scroll_into_view(element: &web_sys::Element, smooth: bool) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    options.set_behavior(if smooth && !reduced_motion() {
        web_sys::ScrollBehavior::Smooth
    } else {
        web_sys::ScrollBehavior::Auto
    });
    element.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Whether the reader asked for less motion (`prefers-reduced-motion`):
/// no smooth scrolling, no flashes.
pub fn reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Moves keyboard focus to the first element matching `selector`.
pub fn focus(selector: &str) {
    if let Ok(Some(element)) = document().query_selector(selector) {
        if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Whether keyboard focus is on the document or on nothing in particular
/// (so that Enter belongs to the app rather than to a focused button).
pub fn focus_on_document() -> bool {
    let doc = document();
    match doc.active_element() {
        None => true,
        Some(active) => {
            doc.body().is_some_and(|b| active.is_same_node(Some(&b)))
                || active.get_attribute("aria-label").as_deref() == Some("Document")
        }
    }
}
