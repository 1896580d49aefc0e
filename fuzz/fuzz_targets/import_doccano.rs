#![no_main]
//! Any bytes, read as a file in this format.

use libfuzzer_sys::fuzz_target;
use scholia_core::format::detect::Format;

#[path = "check.rs"]
mod check;

fuzz_target!(|data: &[u8]| {
    if let Some(text) = check::text(data) {
        check::check(Format::Doccano, text);
    }
});
