//! The documents stored in this browser; the open one is marked.

use yew::prelude::*;

use crate::store::LibraryEntry;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub entries: std::rc::Rc<Vec<LibraryEntry>>,
    pub current: Option<String>,
    pub on_open: Callback<String>,
}

#[component]
pub fn LibraryList(props: &Props) -> Html {
    html! {
        <nav class="library" aria-label="Documents">
            <h2>{ "Documents" }</h2>
            <ul>
                { for props.entries.iter().map(|entry| {
                    let is_current = props.current.as_deref() == Some(entry.id.as_str());
                    let id = entry.id.clone();
                    let on_open = props.on_open.clone();
                    let count = match entry.annotation_count {
                        1 => "1 annotation".to_string(),
                        n => format!("{n} annotations"),
                    };
                    html! {
                        <li>
                            <button
                                class={classes!("library-entry", is_current.then_some("current"))}
                                aria-current={is_current.then_some("page")}
                                onclick={Callback::from(move |_| on_open.emit(id.clone()))}
                            >
                                <span class="library-title">{ entry.title.clone() }</span>
                                <span class="library-count">{ count }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
