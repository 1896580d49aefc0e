//! The document: its text, the highlights over it, relations drawn as arcs,
//! handles to drag a selected span's ends, mouse and keyboard selection, and
//! a caret of the app's own (the text is not editable, so the browser draws
//! none). Everything drawn sits beside the document element, never in it.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use gloo::events::EventListener;
use scholia_core::suggest::DecisionKey;
use scholia_core::{Fragment, Key, Snap};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::caret_announcer::{CaretAnnouncer, DESCRIPTION_ID};
use crate::hooks::{use_chain_marks, use_suggestion_marks, use_text_selection, TextSelection};
use crate::state::{annotation_at, SelectionRequest};
use crate::web::caret::{caret_box_at, handle_boxes, CaretBox};
use crate::web::highlights::{LayerStyle, Painter};
use crate::web::{self, arcs, selection};
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub selected: Option<Key>,
    pub reveal: Option<(Key, u64)>,
    /// The store's text selection, written to the page whenever
    /// `selection_request` changes (see `hooks::use_text_selection`).
    pub selection: Option<(usize, usize)>,
    pub selection_request: SelectionRequest,
    /// The page's selection changed.
    pub on_selection: Callback<Option<(usize, usize)>>,
    /// A caret key: with Shift, (from, to) extends the selection (from the
    /// caret when there is none); without, the selection is let go.
    pub on_caret_key: Callback<Option<(usize, usize)>>,
    pub on_pick: Callback<Option<Key>>,
    /// A relation is being drawn: clicks pick its target.
    #[prop_or_default]
    pub linking: bool,
    #[prop_or_default]
    pub search_hits: Rc<Vec<Range<usize>>>,
    #[prop_or_default]
    pub search_current: Option<usize>,
    #[prop_or_default]
    pub snap: Snap,
    /// A span's handles were dragged: (annotation, new start, new end).
    #[prop_or_default]
    pub on_resize: Callback<(Key, usize, usize)>,
    /// Which layers are painted, and how highlights are coloured.
    #[prop_or_default]
    pub layers: LayerStyle,
    /// The disagreement being adjudicated, marked in the text.
    #[prop_or_default]
    pub cluster: Option<Fragment>,
    /// Suggestions, drawn apart from annotations, and the one stepped to.
    #[prop_or_default]
    pub suggestions: crate::state::suggestions::Shared,
    #[prop_or_default]
    pub current_suggestion: Option<DecisionKey>,
}

/// Which end of a span a handle drags.
#[derive(Clone, Copy, PartialEq)]
enum Handle {
    Start,
    End,
}

/// A handle being dragged, and the window listeners that follow it (the
/// drag ends when they are dropped).
struct Drag {
    handle: Handle,
    start: usize,
    end: usize,
    _listeners: [EventListener; 2],
}

/// How long a revealed annotation stays emphasised.
const FLASH_MS: u32 = 900;

/// From this many annotations on, the caret does not blink: each frame of an
/// animation costs a pre-paint of every highlight range (docs/performance.md).
const STEADY_CARET_FROM: usize = 1000;

#[component]
pub fn DocumentView(props: &Props) -> Html {
    let root_ref = use_node_ref();
    let page_ref = use_node_ref();
    let overlay_ref = use_node_ref();
    let arcs_ref = use_node_ref();
    let painter = use_mut_ref(|| None::<Painter>);
    let caret = use_mut_ref(|| 0usize);
    let caret_box = use_state(|| None::<CaretBox>);
    // Where the caret is, for what is spoken (only once it has moved).
    let caret_at = use_state_eq(|| None::<usize>);
    let handles = use_state(|| None::<(CaretBox, CaretBox)>);
    let drag = use_mut_ref(|| None::<Drag>);
    // Bumped when the layout changes (a resize), to redraw what follows it.
    let layout = use_state(|| 0u32);
    let (text, doc_id, steady_caret) = {
        let workspace = props.workspace.borrow();
        let document = workspace.doc.document();
        let many = workspace.doc.annotations().len() >= STEADY_CARET_FROM;
        (document.text.clone(), document.id.clone(), many)
    };

    // The text (set here, not rendered by Yew: see `selection::show_text`)
    // and a painter per document, synced on every revision in the same
    // pass of effects.
    {
        let (root_ref, overlay_ref, page_ref, painter, text) = (
            root_ref.clone(),
            overlay_ref.clone(),
            page_ref.clone(),
            painter.clone(),
            text.clone(),
        );
        use_effect_with((doc_id.clone(), text), move |(_, text)| {
            let text = text.clone();
            if let (Some(root), Some(overlay)) = (
                root_ref.cast::<Element>(),
                overlay_ref.cast::<HtmlElement>(),
            ) {
                let lines = selection::show_text(&root, &text);
                selection::calibrate(&root, &text);
                let new_painter = Painter::new(overlay, text, lines);
                if let Some(page) = page_ref.cast::<Element>() {
                    let kind = if new_painter.uses_highlight_api() {
                        "api"
                    } else {
                        "overlay"
                    };
                    let _ = page.set_attribute("data-highlighter", kind);
                }
                *painter.borrow_mut() = Some(new_painter);
            }
            move || {
                painter.borrow_mut().take();
            }
        });
    }
    {
        let (painter, workspace) = (painter.clone(), props.workspace.clone());
        use_effect_with(
            (
                doc_id.clone(),
                text.clone(),
                props.revision,
                props.layers.clone(),
            ),
            move |(_, _, _, layers)| {
                if let Some(painter) = painter.borrow_mut().as_mut() {
                    painter.sync(&workspace.borrow().doc, layers);
                }
            },
        );
    }
    use_chain_marks(
        painter.clone(),
        props.workspace.clone(),
        (doc_id.clone(), props.revision),
        props.selected.clone(),
    );
    let suggestion_marks = use_suggestion_marks(
        painter.clone(),
        props.workspace.clone(),
        (doc_id.clone(), props.revision),
        props.suggestions.clone(),
        props.current_suggestion.clone(),
    );
    {
        let painter = painter.clone();
        use_effect_with((doc_id.clone(), props.cluster), move |(_, cluster)| {
            if let Some(painter) = painter.borrow_mut().as_mut() {
                painter.set_cluster(*cluster);
            }
        });
    }
    {
        let painter = painter.clone();
        use_effect_with(
            (
                doc_id.clone(),
                props.search_hits.clone(),
                props.search_current,
            ),
            move |(_, hits, current)| {
                if let Some(painter) = painter.borrow_mut().as_mut() {
                    painter.set_search(hits, *current);
                }
            },
        );
    }
    {
        let painter = painter.clone();
        use_effect_with(props.selected.clone(), move |selected| {
            if let Some(painter) = painter.borrow_mut().as_mut() {
                painter.select(selected.as_ref());
            }
        });
    }
    // Arcs and handles follow the annotations, the selection and the layout.
    {
        let (painter, workspace, arcs_ref, page_ref, handles) = (
            painter.clone(),
            props.workspace.clone(),
            arcs_ref.clone(),
            page_ref.clone(),
            handles.clone(),
        );
        use_effect_with(
            (
                doc_id.clone(),
                props.revision,
                props.selected.clone(),
                *layout,
            ),
            move |(_, _, selected, _)| {
                let painter = painter.borrow();
                let (Some(painter), Some(layer), Some(page)) = (
                    painter.as_ref(),
                    arcs_ref.cast::<Element>(),
                    page_ref.cast::<Element>(),
                ) else {
                    return;
                };
                arcs::draw_relations(painter, &layer, &workspace.borrow().doc, selected.as_ref());
                handles.set(
                    selected
                        .as_ref()
                        .and_then(|k| handle_boxes(painter, &page, k)),
                );
            },
        );
    }
    {
        let (painter, workspace, root_ref, page_ref, caret, caret_box, caret_at) = (
            painter.clone(),
            props.workspace.clone(),
            root_ref.clone(),
            page_ref.clone(),
            caret.clone(),
            caret_box.clone(),
            caret_at.clone(),
        );
        use_effect_with(props.reveal.clone(), move |reveal| {
            if let (Some((key, _)), Some(p)) = (reveal, painter.borrow_mut().as_mut()) {
                if let Some(element) = p.first_element(key) {
                    web::scroll_into_view(&element, true);
                }
                // The flash is motion too: without it the selection's
                // underline still marks the annotation.
                let flash = !web::reduced_motion();
                p.flash(key, flash);
                // The caret goes to the start of the annotation, so that the
                // keyboard carries on from there.
                let start = workspace
                    .borrow()
                    .doc
                    .annotation(key)
                    .map(|a| a.extent().start);
                if let (Some(start), Some(root), Some(page)) = (
                    start,
                    root_ref.cast::<Element>(),
                    page_ref.cast::<Element>(),
                ) {
                    *caret.borrow_mut() = start;
                    caret_at.set(Some(start));
                    if caret_box.is_some() {
                        caret_box.set(caret_box_at(
                            &root,
                            &page,
                            &workspace.borrow().doc.document().text,
                            start,
                        ));
                    }
                }
                let (painter, key) = (painter.clone(), key.clone());
                if !flash {
                    return;
                }
                gloo::timers::callback::Timeout::new(FLASH_MS, move || {
                    if let Some(p) = painter.borrow_mut().as_mut() {
                        p.flash(&key, false);
                    }
                })
                .forget();
            }
        });
    }
    // The highlights registered with the browser follow the view.
    {
        let (painter, page_ref) = (painter.clone(), page_ref.clone());
        use_effect_with(doc_id.clone(), move |_| {
            let scroller = page_ref.cast::<Element>().and_then(|p| p.parent_element());
            let listener = scroller.map(|scroller| {
                EventListener::new(&scroller, "scroll", move |_| {
                    if let Some(p) = painter.borrow_mut().as_mut() {
                        p.follow_view();
                        suggestion_marks.borrow_mut().follow(p);
                    }
                })
            });
            move || drop(listener)
        });
    }
    // The fallback's boxes, the arcs and the handles follow the layout.
    {
        let (painter, layout) = (painter.clone(), layout.clone());
        use_effect_with((), move |_| {
            let listener = EventListener::new(&web::window(), "resize", move |_| {
                if let Some(p) = painter.borrow_mut().as_mut() {
                    p.relayout();
                }
                layout.set(*layout + 1);
            });
            move || drop(listener)
        });
    }
    let show_caret = {
        let (root_ref, page_ref, text, caret_box, caret_at) = (
            root_ref.clone(),
            page_ref.clone(),
            text.clone(),
            caret_box.clone(),
            caret_at.clone(),
        );
        move |offset: usize| {
            caret_at.set(Some(offset));
            if let (Some(root), Some(page)) =
                (root_ref.cast::<Element>(), page_ref.cast::<Element>())
            {
                caret_box.set(caret_box_at(&root, &page, &text, offset));
            }
        }
    };
    use_text_selection(TextSelection {
        root: root_ref.clone(),
        text: text.clone(),
        doc_id: doc_id.clone(),
        selection: props.selection,
        request: props.selection_request,
        on_selection: props.on_selection.clone(),
        caret: caret.clone(),
        shown: {
            let show_caret = show_caret.clone();
            Callback::from(move |focus: usize| show_caret(focus))
        },
    });

    let onkeydown = {
        let (text, caret, on_caret_key, show_caret, has_selected) = (
            text.clone(),
            caret.clone(),
            props.on_caret_key.clone(),
            show_caret.clone(),
            props.selected.is_some(),
        );
        Callback::from(move |e: KeyboardEvent| {
            if e.alt_key() && e.shift_key() && has_selected {
                return; // Resizes the selected span (see keymap).
            }
            let by_word = e.ctrl_key() || e.alt_key() || e.meta_key();
            // The caret is the selection's moving end; the store knows its
            // anchor (these props may be a render behind the keys).
            let focus = *caret.borrow();
            let line = text.lines()[text.line_of(focus)];
            let moved = match e.key().as_str() {
                "ArrowRight" if by_word => text.next_word_end(focus),
                "ArrowRight" => text.next_grapheme(focus),
                "ArrowLeft" if by_word => text.previous_word_start(focus),
                "ArrowLeft" => text.previous_grapheme(focus),
                "ArrowDown" if by_word => text.next_sentence_end(focus),
                "ArrowUp" if by_word => text.previous_sentence_start(focus),
                "Home" => line.start,
                "End" => line.end,
                _ => return,
            };
            e.prevent_default();
            on_caret_key.emit(e.shift_key().then_some((focus, moved)));
            // The caret is the moving end: once a selection is tagged, the
            // keyboard carries on from there.
            *caret.borrow_mut() = moved;
            show_caret(moved);
        })
    };

    let onclick = {
        let (root_ref, workspace, on_pick, caret, show_caret, hidden) = (
            root_ref.clone(),
            props.workspace.clone(),
            props.on_pick.clone(),
            caret.clone(),
            show_caret.clone(),
            props.layers.hidden.clone(),
        );
        Callback::from(move |e: MouseEvent| {
            let collapsed = web::document()
                .get_selection()
                .ok()
                .flatten()
                .is_none_or(|s| s.is_collapsed());
            if !collapsed {
                return; // The end of a drag, not a click.
            }
            let Some(root) = root_ref.cast::<Element>() else {
                return;
            };
            let picked = {
                let workspace = workspace.borrow();
                let text = &workspace.doc.document().text;
                selection::offset_at_point(&root, text, e.client_x(), e.client_y())
                    .map(|offset| (offset, annotation_at(&workspace.doc, offset, &hidden)))
            };
            let Some((offset, key)) = picked else {
                return;
            };
            *caret.borrow_mut() = offset;
            // Not while borrowing the workspace: picking may edit it (a link).
            on_pick.emit(key);
            show_caret(offset);
        })
    };

    let onfocus = {
        let (caret, show_caret) = (caret.clone(), show_caret.clone());
        Callback::from(move |_: FocusEvent| show_caret(*caret.borrow()))
    };
    let onblur = {
        let caret_box = caret_box.clone();
        Callback::from(move |e: FocusEvent| {
            // Focus moving to the page itself (a click) keeps the caret.
            let inside = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .is_some();
            if !inside {
                caret_box.set(None);
            }
        })
    };

    // Dragging a handle: the window follows the pointer until it is released.
    let start_drag = |handle: Handle| {
        let (drag, painter, root_ref, workspace, selected, on_resize, snap) = (
            drag.clone(),
            painter.clone(),
            root_ref.clone(),
            props.workspace.clone(),
            props.selected.clone(),
            props.on_resize.clone(),
            props.snap,
        );
        Callback::from(move |e: PointerEvent| {
            let Some(key) = selected.clone() else {
                return;
            };
            let Some(extent) = workspace.borrow().doc.annotation(&key).map(|a| a.extent()) else {
                return;
            };
            e.prevent_default();
            let follow = {
                let (drag, painter, root_ref, workspace) = (
                    drag.clone(),
                    painter.clone(),
                    root_ref.clone(),
                    workspace.clone(),
                );
                move |x: f64, y: f64| -> Option<(usize, usize)> {
                    let root = root_ref.cast::<Element>()?;
                    let workspace = workspace.borrow();
                    let text = &workspace.doc.document().text;
                    let offset = selection::offset_at_point(&root, text, x, y)?;
                    let mut drag = drag.borrow_mut();
                    let drag = drag.as_mut()?;
                    let (start, end) = match drag.handle {
                        Handle::Start => (offset.min(drag.end.saturating_sub(1)), drag.end),
                        Handle::End => (drag.start, offset.max(drag.start + 1)),
                    };
                    let span = text.snap(start, end, snap)?;
                    if let Some(p) = painter.borrow_mut().as_mut() {
                        p.preview(Some((span.start, span.end)));
                    }
                    Some((span.start, span.end))
                }
            };
            let follow = Rc::new(follow);
            let last = Rc::new(RefCell::new(None::<(usize, usize)>));
            let moving = {
                let (follow, last) = (follow.clone(), last.clone());
                EventListener::new(&web::window(), "pointermove", move |event| {
                    if let Some(e) = event.dyn_ref::<web_sys::PointerEvent>() {
                        if let Some(span) = follow(e.client_x(), e.client_y()) {
                            *last.borrow_mut() = Some(span);
                        }
                    }
                })
            };
            let released = {
                let (drag, painter, key, on_resize, last) = (
                    drag.clone(),
                    painter.clone(),
                    key.clone(),
                    on_resize.clone(),
                    last.clone(),
                );
                EventListener::new(&web::window(), "pointerup", move |_| {
                    if let Some(p) = painter.borrow_mut().as_mut() {
                        p.preview(None);
                    }
                    let finished = drag.borrow_mut().take();
                    if let (Some(finished), Some((start, end))) = (finished, *last.borrow()) {
                        if (start, end) != (finished.start, finished.end) {
                            on_resize.emit((key.clone(), start, end));
                        }
                    }
                })
            };
            *drag.borrow_mut() = Some(Drag {
                handle,
                start: extent.start,
                end: extent.end,
                _listeners: [moving, released],
            });
        })
    };
    let handle_view = |b: CaretBox, handle: Handle| {
        let (class, label) = match handle {
            Handle::Start => ("span-handle start", "Drag to move the start of the span"),
            Handle::End => ("span-handle end", "Drag to move the end of the span"),
        };
        // Only the knob (above the start, below the end) takes the pointer:
        // the bar must not stand in the way of selecting text near the span.
        html! {
            <div class={class} aria-hidden="true"
                style={format!("left: {}px; top: {}px; height: {}px", b.left, b.top, b.height)}>
                <span class="knob" title={label} onpointerdown={start_drag(handle)}></span>
            </div>
        }
    };

    html! {
        <div class="document-scroll">
            <div class={classes!("document-page", props.linking.then_some("linking"))} ref={page_ref}>
                <div class="highlight-overlay" ref={overlay_ref} aria-hidden="true"></div>
                <svg class="relation-arcs" aria-hidden="true">
                    <defs>
                        <marker id="sch-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                            markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" />
                        </marker>
                    </defs>
                    <g ref={arcs_ref}></g>
                </svg>
                if let Some(b) = *caret_box {
                    // Keyed by position: a move makes a new element, which
                    // blinks again.
                    <div class={classes!("caret", steady_caret.then_some("steady"))} aria-hidden="true" key={format!("{}:{}", b.left, b.top)}
                        style={format!("left: {}px; top: {}px; height: {}px", b.left, b.top, b.height)}></div>
                }
                if let Some((start, end)) = *handles {
                    { handle_view(start, Handle::Start) }
                    { handle_view(end, Handle::End) }
                }
                <CaretAnnouncer workspace={props.workspace.clone()} revision={props.revision}
                    caret={*caret_at} hidden={props.layers.hidden.clone()} />
                <article
                    class="document"
                    aria-label="Document"
                    aria-describedby={DESCRIPTION_ID}
                    tabindex="0"
                    ref={root_ref}
                    {onkeydown}
                    {onclick}
                    {onfocus}
                    {onblur}
                >
                </article>
            </div>
        </div>
    }
}
