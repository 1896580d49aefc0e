//! The document: its text, the highlights over it, mouse and keyboard
//! selection, and a caret of the app's own (the text is not editable, so the
//! browser draws none).

use gloo::events::EventListener;
use scholia_core::Key;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::document_text::DocumentText;
use crate::store::{annotation_at, WorkspaceRef};
use crate::web::highlights::Painter;
use crate::web::{self, selection};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub selected: Option<Key>,
    pub reveal: Option<(Key, u64)>,
    pub selection: Option<(usize, usize)>,
    pub on_selection: Callback<Option<(usize, usize)>>,
    pub on_pick: Callback<Option<Key>>,
}

/// Where the caret is drawn, relative to the page.
#[derive(Clone, Copy, PartialEq)]
struct CaretBox {
    left: f64,
    top: f64,
    height: f64,
}

/// How long a revealed annotation stays emphasised.
const FLASH_MS: u32 = 900;

#[component]
pub fn DocumentView(props: &Props) -> Html {
    let root_ref = use_node_ref();
    let page_ref = use_node_ref();
    let overlay_ref = use_node_ref();
    let painter = use_mut_ref(|| None::<Painter>);
    let caret = use_mut_ref(|| 0usize);
    let caret_box = use_state(|| None::<CaretBox>);
    let (text, doc_id) = {
        let workspace = props.workspace.borrow();
        let document = workspace.doc.document();
        (document.text.clone(), document.id.clone())
    };

    // A painter per document, synced on every revision.
    {
        let (root_ref, overlay_ref, page_ref, painter, text) = (
            root_ref.clone(),
            overlay_ref.clone(),
            page_ref.clone(),
            painter.clone(),
            text.clone(),
        );
        use_effect_with(doc_id.clone(), move |_| {
            if let (Some(root), Some(overlay)) = (
                root_ref.cast::<Element>(),
                overlay_ref.cast::<HtmlElement>(),
            ) {
                let new_painter = Painter::new(root, overlay, text);
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
        use_effect_with((doc_id.clone(), props.revision), move |_| {
            if let Some(painter) = painter.borrow_mut().as_mut() {
                painter.sync(&workspace.borrow().doc);
            }
        });
    }
    {
        let painter = painter.clone();
        use_effect_with(props.selected.clone(), move |selected| {
            if let Some(painter) = painter.borrow_mut().as_mut() {
                painter.select(selected.as_ref());
            }
        });
    }
    {
        let painter = painter.clone();
        use_effect_with(props.reveal.clone(), move |reveal| {
            if let (Some((key, _)), Some(p)) = (reveal, painter.borrow().as_ref()) {
                if let Some(element) = p.first_element(key) {
                    web::scroll_into_view(&element, true);
                }
                p.flash(key, true);
                let (painter, key) = (painter.clone(), key.clone());
                gloo::timers::callback::Timeout::new(FLASH_MS, move || {
                    if let Some(p) = painter.borrow().as_ref() {
                        p.flash(&key, false);
                    }
                })
                .forget();
            }
        });
    }
    // The fallback's boxes follow the layout.
    {
        let painter = painter.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&web::window(), "resize", move |_| {
                if let Some(p) = painter.borrow_mut().as_mut() {
                    p.relayout();
                }
            });
            move || drop(listener)
        });
    }
    // Mouse selections reach the store through `selectionchange`.
    {
        let (root_ref, text, on_selection, caret) = (
            root_ref.clone(),
            text.clone(),
            props.on_selection.clone(),
            caret.clone(),
        );
        use_effect_with(doc_id.clone(), move |_| {
            let listener = EventListener::new(&web::document(), "selectionchange", move |_| {
                let Some(root) = root_ref.cast::<Element>() else {
                    return;
                };
                match selection::read_selection(&root, &text) {
                    Some((anchor, focus)) if anchor != focus => {
                        on_selection.emit(Some((anchor, focus)));
                    }
                    Some((offset, _)) => {
                        *caret.borrow_mut() = offset;
                        on_selection.emit(None);
                    }
                    None => on_selection.emit(None),
                }
            });
            move || drop(listener)
        });
    }

    let show_caret = {
        let (root_ref, page_ref, text, caret_box) = (
            root_ref.clone(),
            page_ref.clone(),
            text.clone(),
            caret_box.clone(),
        );
        move |offset: usize| {
            let (Some(root), Some(page)) = (root_ref.cast::<Element>(), page_ref.cast::<Element>())
            else {
                return;
            };
            let Some(range) = selection::range_for(&root, &text, offset, offset) else {
                return;
            };
            let rect = range.get_bounding_client_rect();
            let origin = page.get_bounding_client_rect();
            let line_height = if rect.height() > 0.0 {
                rect.height()
            } else {
                20.0
            };
            caret_box.set(Some(CaretBox {
                left: rect.left() - origin.left(),
                top: rect.top() - origin.top(),
                height: line_height,
            }));
        }
    };

    let onkeydown = {
        let (root_ref, text, caret, on_selection, selection_now, show_caret) = (
            root_ref.clone(),
            text.clone(),
            caret.clone(),
            props.on_selection.clone(),
            props.selection,
            show_caret.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let Some(root) = root_ref.cast::<Element>() else {
                return;
            };
            let by_word = e.ctrl_key() || e.alt_key() || e.meta_key();
            let caret_at = *caret.borrow();
            let (anchor, focus) = selection_now.unwrap_or((caret_at, caret_at));
            let line = text.lines()[text.line_of(focus)];
            let moved = match e.key().as_str() {
                "ArrowRight" if by_word => text.next_word_end(focus),
                "ArrowRight" => text.next_grapheme(focus),
                "ArrowLeft" if by_word => text.previous_word_start(focus),
                "ArrowLeft" => text.previous_grapheme(focus),
                "Home" => line.start,
                "End" => line.end,
                _ => return,
            };
            e.prevent_default();
            if e.shift_key() {
                if moved == anchor {
                    selection::clear_selection();
                    *caret.borrow_mut() = moved;
                    on_selection.emit(None);
                } else {
                    selection::set_selection(&root, &text, anchor, moved);
                    on_selection.emit(Some((anchor, moved)));
                }
            } else {
                selection::clear_selection();
                on_selection.emit(None);
                *caret.borrow_mut() = moved;
            }
            show_caret(moved);
        })
    };

    let onclick = {
        let (root_ref, workspace, on_pick, caret, show_caret) = (
            root_ref.clone(),
            props.workspace.clone(),
            props.on_pick.clone(),
            caret.clone(),
            show_caret.clone(),
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
            let workspace = workspace.borrow();
            let text = &workspace.doc.document().text;
            let Some(offset) = selection::offset_at_point(&root, text, e.client_x(), e.client_y())
            else {
                return;
            };
            *caret.borrow_mut() = offset;
            on_pick.emit(annotation_at(&workspace.doc, offset));
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

    html! {
        <div class="document-scroll">
            <div class="document-page" ref={page_ref}>
                <div class="highlight-overlay" ref={overlay_ref} aria-hidden="true"></div>
                if let Some(b) = *caret_box {
                    <div class="caret" aria-hidden="true"
                        style={format!("left: {}px; top: {}px; height: {}px", b.left, b.top, b.height)}></div>
                }
                <article
                    class="document"
                    aria-label="Document"
                    tabindex="0"
                    ref={root_ref}
                    {onkeydown}
                    {onclick}
                    {onfocus}
                    {onblur}
                >
                    <DocumentText text={text.clone()} />
                </article>
            </div>
        </div>
    }
}
