//! Scholia: an offline, in-browser document annotator.
//!
//! A thin shell over `scholia-core`: components, one reducer store, hooks
//! that connect it to the browser, and `web`, the only module that touches
//! `web_sys`. See ARCHITECTURE.md.

mod app;
mod components;
mod hooks;
mod open;
mod store;
mod web;

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<app::App>::new().render();
}
