//! One button per label of the scheme, with its colour and hotkeys.

use scholia_core::Scheme;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scheme: Scheme,
    pub on_label: Callback<String>,
}

#[component]
pub fn LabelButtons(props: &Props) -> Html {
    html! {
        <div class="labels" role="group" aria-label="Labels">
            { for props.scheme.labels.iter().enumerate().map(|(i, label)| {
                let id = label.id.clone();
                let on_label = props.on_label.clone();
                let mut keys = Vec::new();
                if i < 9 {
                    keys.push((i + 1).to_string());
                }
                keys.extend(label.hotkey.iter().map(|h| h.to_ascii_uppercase()));
                let title = if label.description.is_empty() {
                    format!("Tag the selection as {} ({})", label.name, keys.join(" or "))
                } else {
                    format!("{} ({})", label.description, keys.join(" or "))
                };
                html! {
                    <button
                        class="label-button"
                        style={format!("--label-color: {}", label.color)}
                        title={title}
                        aria-keyshortcuts={keys.join(" ")}
                        // Keep the text selection when the button is pressed.
                        onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}
                        onclick={Callback::from(move |_| on_label.emit(id.clone()))}
                    >
                        <span class="swatch" aria-hidden="true"></span>
                        { label.name.clone() }
                        <kbd aria-hidden="true">{ keys.first().cloned().unwrap_or_default() }</kbd>
                    </button>
                }
            }) }
        </div>
    }
}
