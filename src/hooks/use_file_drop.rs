use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web;

/// Files dropped anywhere on the page go to `on_files`.
#[hook]
pub fn use_file_drop(on_files: Callback<Vec<web_sys::File>>) {
    use_effect_with((), move |_| {
        let window = web::window();
        let options = EventListenerOptions::enable_prevent_default();
        let over = EventListener::new_with_options(&window, "dragover", options, |event| {
            // Without this the browser would open the file instead.
            event.prevent_default();
        });
        let drop_listener =
            EventListener::new_with_options(&window, "drop", options, move |event| {
                event.prevent_default();
                let files = event
                    .dyn_ref::<web_sys::DragEvent>()
                    .and_then(|e| e.data_transfer())
                    .and_then(|t| t.files());
                if let Some(files) = files.filter(|f| f.length() > 0) {
                    on_files.emit(crate::web::files::take_files(&files));
                }
            });
        move || {
            drop(over);
            drop(drop_listener);
        }
    });
}
