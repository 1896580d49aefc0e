//! Buttons for the labels the keyboard reaches at once (the first nine, and
//! any with a hotkey), with their colour and keys; the rest through the
//! label picker.

use scholia_core::Scheme;
use yew::prelude::*;

use super::guide;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scheme: Scheme,
    pub on_label: Callback<String>,
    /// Opens the label picker.
    #[prop_or_default]
    pub on_more: Callback<()>,
}

/// More labels than this get a "More labels" button.
const SHOWN: usize = 12;

#[component]
pub fn LabelButtons(props: &Props) -> Html {
    let shown: Vec<(usize, &scholia_core::LabelDef)> = props
        .scheme
        .labels
        .iter()
        .enumerate()
        .filter(|(i, l)| *i < 9 || l.hotkey.is_some())
        .take(SHOWN)
        .collect();
    let hidden = props.scheme.labels.len() - shown.len();
    let on_more = props.on_more.clone();
    html! {
        <div class="labels" role="group" aria-label="Labels">
            { for shown.into_iter().map(|(i, label)| {
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
                // The guidelines' words show beside the button on hover and
                // focus (a tip it is described by), not only as a title.
                let guided = !label.guide.is_empty();
                let tip_id = format!("label-tip-{i}");
                html! {
                    <span class="label-wrap">
                    <button
                        class="label-button"
                        style={format!("--label-color: {}; --label-underline: {}", label.color, label.underline_at(i).name())}
                        title={(!guided).then_some(title)}
                        aria-describedby={guided.then(|| tip_id.clone())}
                        aria-keyshortcuts={keys.join(" ")}
                        // Keep the text selection when the button is pressed.
                        onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}
                        onclick={Callback::from(move |_| on_label.emit(id.clone()))}
                    >
                        <span class="swatch" aria-hidden="true"></span>
                        { label.name.clone() }
                        <kbd aria-hidden="true">{ keys.first().cloned().unwrap_or_default() }</kbd>
                    </button>
                    if guided {
                        <div class="label-tip" role="tooltip" id={tip_id}>
                            <strong>{ label.name.clone() }</strong>
                            { guide::label_guide(label) }
                        </div>
                    }
                    </span>
                }
            }) }
            <button class="label-button more" title="Pick any label by typing its name (Ctrl+K)"
                onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}
                onclick={Callback::from(move |_| on_more.emit(()))}>
                { if hidden > 0 { format!("{hidden} more…") } else { "Label…".to_string() } }
            </button>
        </div>
    }
}
