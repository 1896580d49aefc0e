use std::ops::Range;

use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use yew::prelude::*;

use crate::web;

/// Rows rendered above and below those in view, so that a short scroll
/// shows rows already there.
const OVERSCAN: usize = 20;

/// Rows rendered before the list has been measured (or when it is out of
/// sight): enough to fill a tall side panel.
const FIRST: usize = 40;

/// Which rows of a long list to render: those in the browser's viewport,
/// plus a margin. The list element (`list`) must be `len × row_px` pixels
/// tall, each row `row_px` tall, so that a row's place follows from its
/// index. The range changes (and the component renders again) only when
/// rows outside it come into view: on a scroll of any scroller around the
/// list, a resize, or a render that changed the list.
#[hook]
pub fn use_visible_rows(list: NodeRef, len: usize, row_px: f64) -> Range<usize> {
    let window = use_mut_ref(|| 0..FIRST);
    let len_now = use_mut_ref(|| len);
    *len_now.borrow_mut() = len;
    let rerender = use_force_update();
    let check = {
        let (list, window) = (list.clone(), window.clone());
        move || {
            let len = *len_now.borrow();
            let Some(view) = rows_in_view(&list, len, row_px) else {
                return;
            };
            let mut window = window.borrow_mut();
            if view.start < window.start || view.end > window.end {
                *window = view.start.saturating_sub(OVERSCAN)..(view.end + OVERSCAN).min(len);
                rerender.force_update();
            }
        }
    };
    {
        let check = check.clone();
        use_effect_with((), move |_| {
            // `scroll` does not bubble: listen in the capture phase, to hear
            // every scroller (the side panel, or the page on a phone).
            let options = EventListenerOptions {
                phase: EventListenerPhase::Capture,
                passive: true,
            };
            let check = std::rc::Rc::new(check);
            let on_scroll = {
                let check = check.clone();
                EventListener::new_with_options(&web::document(), "scroll", options, move |_| {
                    check()
                })
            };
            let on_resize = EventListener::new(&web::window(), "resize", move |_| check());
            move || drop((on_scroll, on_resize))
        });
    }
    // After every render: the list may have grown, shrunk or moved.
    use_effect(check);
    let window = window.borrow();
    window.start.min(len)..window.end.min(len)
}

/// The rows of `list` inside the browser's viewport; `None` when none is.
fn rows_in_view(list: &NodeRef, len: usize, row_px: f64) -> Option<Range<usize>> {
    let element = list.cast::<web_sys::Element>()?;
    let rect = element.get_bounding_client_rect();
    let viewport = web::window().inner_height().ok()?.as_f64()?;
    let top = (-rect.top()).max(0.0);
    let bottom = (viewport - rect.top()).min(rect.height());
    if bottom <= top || rect.height() <= 0.0 {
        return None;
    }
    let first = (top / row_px).floor() as usize;
    let last = (bottom / row_px).ceil() as usize;
    Some(first.min(len)..last.min(len))
}

/// The rows to render: those of `in_view`, and `pinned` wherever it is (a
/// selected or current row, rendered out of view so that it can be
/// scrolled to and keeps its focus), in order.
pub fn with_pinned(in_view: Range<usize>, pinned: Option<usize>) -> impl Iterator<Item = usize> {
    let extra = pinned.filter(|at| !in_view.contains(at));
    let before = extra.filter(|&at| at < in_view.start);
    let after = extra.filter(|&at| at >= in_view.end);
    before.into_iter().chain(in_view).chain(after)
}
