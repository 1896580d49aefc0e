//! Scholia: an offline, in-browser document annotator.
//!
//! A thin shell over `scholia-core`: components, one reducer store, hooks
//! that connect it to the browser, and `web`, the only module that touches
//! `web_sys`. See ARCHITECTURE.md.

// The app runs only in the browser; natively, only its tests run (the
// reducer and file opening), so the components are unused there.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod announce;
mod app;
mod components;
mod editor;
mod guidelines;
mod hooks;
mod keymap;
mod latest;
mod library;
mod listing;
mod open;
mod paint;
mod rehearsal;
mod saver;
mod scheme_change;
mod state;
mod store;
mod team;
mod web;
mod words;
mod workspace;

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        web::crash::install();
        yew::Renderer::<app::App>::new().render();
        rehearsal::when_idle();
    }
}
