//! A style sheet whose rules the app writes itself (the highlights'
//! `::highlight()` rules): a constructed `CSSStyleSheet` adopted by the
//! document. The page's Content-Security-Policy gives style elements no
//! `'unsafe-inline'`, so a `<style>` element written by script would be
//! ignored, while a constructed sheet is not an inline style
//! (docs/security.md). A browser without constructable sheets gets a
//! `<style>` element, which applies only where the policy allows it.

use js_sys::Array;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element};

use super::document;

pub enum RuleSheet {
    Adopted(CssStyleSheet),
    Element(Element),
}

impl RuleSheet {
    /// An empty sheet, in force from now on.
    pub fn new() -> RuleSheet {
        let document = document();
        match CssStyleSheet::new() {
            Ok(sheet) => {
                // A copy of the list: some browsers hand out a frozen array.
                let sheets = Array::from(&document.adopted_style_sheets());
                sheets.push(&sheet);
                document.set_adopted_style_sheets(&sheets);
                RuleSheet::Adopted(sheet)
            }
            Err(_) => {
                let style = document.create_element("style").expect("a style element");
                if let Some(head) = document.head() {
                    let _ = head.append_child(&style);
                }
                RuleSheet::Element(style)
            }
        }
    }

    /// Replaces every rule with those of `css`.
    pub fn set(&self, css: &str) {
        match self {
            RuleSheet::Adopted(sheet) => {
                let _ = sheet.replace_sync(css);
            }
            RuleSheet::Element(style) => style.set_text_content(Some(css)),
        }
    }

    /// Takes the sheet out of the document.
    pub fn remove(self) {
        match self {
            RuleSheet::Adopted(sheet) => {
                let document = document();
                let kept: Array = document
                    .adopted_style_sheets()
                    .iter()
                    .filter(|s| s.dyn_ref::<CssStyleSheet>() != Some(&sheet))
                    .collect();
                document.set_adopted_style_sheets(&kept);
            }
            RuleSheet::Element(style) => style.remove(),
        }
    }
}
