//! When the module itself fails. The release build aborts on a panic, which
//! reaches the page as a trap (`RuntimeError: unreachable`) that says nothing
//! of its cause, and leaves the module unusable. The page's bootstrap
//! (www/boot.js) catches the trap at the window and shows a banner with
//! Reload and an export of the stored document; this hook hands it the
//! panic's message first.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

use super::window;

/// Installs the panic hook (before Yew's renderer, which otherwise installs
/// its own). With `?debug=panic` in the page's URL, a `scholia-debug-panic`
/// event on the window panics on purpose, so that the end-to-end tests can
/// see the banner in the release build; without the flag nothing listens.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        let report = Reflect::get(&window(), &"scholiaPanicked".into()).ok();
        match report.as_ref().and_then(|r| r.dyn_ref::<Function>()) {
            Some(report) => {
                let _ = report.call1(&JsValue::NULL, &message.into());
            }
            None => web_sys::console::error_1(&message.into()),
        }
    }));
    let flagged = window()
        .location()
        .search()
        .is_ok_and(|search| search.split(['?', '&']).any(|part| part == "debug=panic"));
    if flagged {
        let panic =
            Closure::<dyn Fn()>::new(|| panic!("the debug panic asked for by ?debug=panic"));
        let _ = window().add_event_listener_with_callback(
            "scholia-debug-panic",
            panic.as_ref().unchecked_ref(),
        );
        panic.forget();
    }
}
