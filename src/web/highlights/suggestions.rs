//! Ranges over the painter's lines for what is not an annotation (the
//! suggestions, painted by `web::suggestion_marks`).

use web_sys::StaticRange;

use super::super::selection::static_range_in;
use super::Painter;

impl Painter {
    /// The DOM range of a code-point span of the painted text.
    pub fn range_of(&self, start: usize, end: usize) -> Option<StaticRange> {
        static_range_in(&self.lines, &self.text, start, end)
    }

    /// The stretch of text whose highlights are registered, near the view
    /// (`None`: all of it).
    pub fn window(&self) -> Option<std::ops::Range<usize>> {
        self.window.clone()
    }

    /// The browser's highlight registry, when the page has the API.
    pub fn registry(&self) -> Option<&web_sys::HighlightRegistry> {
        match &self.backend {
            super::Backend::Api(registry) => Some(registry),
            super::Backend::Overlay(_) => None,
        }
    }
}
