//! Small line icons (inline SVG, drawn in the text colour), so that buttons
//! do not depend on an emoji font.

use yew::prelude::*;

fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"
            fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">
            <path d={path} />
        </svg>
    }
}

pub fn pencil() -> Html {
    icon("M11 2.5l2.5 2.5L5.5 13H3v-2.5z M9.5 4l2.5 2.5")
}

pub fn trash() -> Html {
    icon("M2.5 4h11 M6 4V2.5h4V4 M4 4l.8 9.5h6.4L12 4 M6.8 6.5v5 M9.2 6.5v5")
}

pub fn restore() -> Html {
    icon("M3 8a5 5 0 1 0 1.5-3.5 M3 2.5v2.5h2.5")
}
