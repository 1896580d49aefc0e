//! The document's text, one paragraph per line, set as text (never as HTML).

use scholia_core::Text;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Text,
}

/// Renders only when the text itself changes: highlights never touch it.
#[component]
pub fn DocumentText(props: &Props) -> Html {
    let text = &props.text;
    html! {
        { for text.lines().iter().enumerate().map(|(i, line)| {
            let content = text.line_text(line);
            html! {
                <p class="line" dir="auto" data-line={i.to_string()}>{ content.to_string() }</p>
            }
        }) }
    }
}
