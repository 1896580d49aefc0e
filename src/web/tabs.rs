//! Several tabs on one library: one edits, the others follow.
//!
//! The tab that edits holds a Web Lock (`navigator.locks`, exclusive, named
//! after the library); every other tab waits for it and stays read-only,
//! reloading what the editing tab announces on a `BroadcastChannel` after
//! each write. When the editing tab closes (or crashes), the browser hands
//! the lock to the next tab. "Edit in this tab" steals the lock: the other
//! tab learns it lost it and turns read-only.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, BroadcastChannel, LockOptions, MessageEvent};

const LOCK: &str = "scholia-library-writer";
const CHANNEL: &str = "scholia-library";

/// What this tab may do with the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// This tab writes the library.
    Editor,
    /// Another tab does: this one shows the library and follows it.
    Viewer,
}

/// What the editing tab tells the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Announcement {
    /// A document's changes were stored.
    Saved(String),
    /// The library changed (documents added, renamed, trashed…).
    Library,
}

pub struct Tabs {
    channel: Option<BroadcastChannel>,
    _listener: Option<EventListener>,
    /// The request holding the lock, and resolving it releases the lock.
    release: RefCell<Option<(u32, js_sys::Function)>>,
    requests: std::cell::Cell<u32>,
    /// Cancels the request waiting in the lock's queue.
    waiting: RefCell<Option<AbortController>>,
    on_role: Rc<dyn Fn(Role)>,
}

impl Tabs {
    /// Joins the library's tabs: `on_role` hears whether this tab edits (at
    /// once if no other tab does), `on_announcement` what the editing tab
    /// stored.
    pub fn join(on_role: Rc<dyn Fn(Role)>, on_announcement: Rc<dyn Fn(Announcement)>) -> Rc<Tabs> {
        let channel = BroadcastChannel::new(CHANNEL).ok();
        let listener = channel.as_ref().map(|channel| {
            EventListener::new(channel, "message", move |event| {
                let Some(data) = event
                    .dyn_ref::<MessageEvent>()
                    .and_then(|e| e.data().as_string())
                else {
                    return;
                };
                let announcement = match data.split_once(':') {
                    Some(("saved", id)) => Announcement::Saved(id.to_string()),
                    _ => Announcement::Library,
                };
                on_announcement(announcement);
            })
        });
        let tabs = Rc::new(Tabs {
            channel,
            _listener: listener,
            release: RefCell::new(None),
            requests: std::cell::Cell::new(0),
            waiting: RefCell::new(None),
            on_role,
        });
        if has_locks() {
            tabs.request(Request::IfFree);
        } else {
            // No Web Locks (an old browser): every tab edits, as before.
            (tabs.on_role)(Role::Editor);
        }
        tabs
    }

    pub fn announce_saved(&self, doc_id: &str) {
        self.post(&format!("saved:{doc_id}"));
    }

    pub fn announce_library(&self) {
        self.post("library");
    }

    fn post(&self, message: &str) {
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&JsValue::from_str(message));
        }
    }

    /// Takes the library over from the tab that edits it.
    pub fn take_over(self: &Rc<Self>) {
        if let Some(waiting) = self.waiting.borrow_mut().take() {
            waiting.abort();
        }
        self.request(Request::Steal);
    }

    fn request(self: &Rc<Self>, kind: Request) {
        let number = self.requests.get() + 1;
        self.requests.set(number);
        let locks = crate::web::window().navigator().locks();
        let options = LockOptions::new();
        match kind {
            Request::IfFree => options.set_if_available(true),
            Request::Steal => options.set_steal(true),
            Request::Wait => {
                if let Ok(controller) = AbortController::new() {
                    options.set_signal(&controller.signal());
                    *self.waiting.borrow_mut() = Some(controller);
                }
            }
        }
        let granted = {
            let tabs = self.clone();
            Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
                if lock.is_null() {
                    // Another tab edits: follow it, and wait for the lock.
                    (tabs.on_role)(Role::Viewer);
                    tabs.request(Request::Wait);
                    return js_sys::Promise::resolve(&JsValue::UNDEFINED);
                }
                tabs.waiting.borrow_mut().take();
                (tabs.on_role)(Role::Editor);
                // Hold the lock until released (or stolen).
                js_sys::Promise::new(&mut |resolve, _reject| {
                    *tabs.release.borrow_mut() = Some((number, resolve));
                })
            })
        };
        let request = locks.request_with_options(LOCK, &options, granted.unchecked_ref());
        let tabs = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = JsFuture::from(request).await;
            let held = {
                let mut release = tabs.release.borrow_mut();
                let held = release.as_ref().is_some_and(|(n, _)| *n == number);
                if held {
                    release.take();
                }
                held
            };
            if outcome.is_err() && held {
                // Stolen by another tab.
                (tabs.on_role)(Role::Viewer);
                tabs.request(Request::Wait);
            }
        });
    }
}

#[derive(Clone, Copy)]
enum Request {
    /// Take it if no tab holds it.
    IfFree,
    /// Wait in the queue.
    Wait,
    /// Take it from the tab that holds it.
    Steal,
}

fn has_locks() -> bool {
    let navigator = crate::web::window().navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("locks")).unwrap_or(false)
}
