//! How far an import is: the bytes and records the worker has read, with a
//! way to cancel, then the documents being added to the library. Real
//! figures, never a spinner. Shown only once reading takes a moment, so
//! that a small file does not flash it.

use yew::prelude::*;

use crate::library::{Reading, Storing};
use crate::words::{grouped, plural, size};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub reading: Option<Reading>,
    pub storing: Option<Storing>,
    pub on_cancel: Callback<()>,
}

/// How long reading runs before the bar shows (ms).
const SHOW_AFTER_MS: u32 = 250;

#[component]
pub fn ImportProgress(props: &Props) -> Html {
    let shown = use_state(|| false);
    {
        let shown = shown.clone();
        use_effect_with(props.reading.is_some(), move |reading| {
            if !*reading {
                shown.set(false);
            }
            let timer = reading.then(|| {
                gloo::timers::callback::Timeout::new(SHOW_AFTER_MS, move || shown.set(true))
            });
            move || drop(timer)
        });
    }
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_| on_cancel.emit(()))
    };
    if let (Some(reading), true) = (&props.reading, *shown) {
        let percent = percent(reading.done, reading.total);
        let text = format!(
            "Reading {}: {} of {} · {}",
            reading.file,
            size(reading.done),
            size(reading.total),
            plural(reading.records as usize, "document", "documents")
        );
        return html! {
            <div class="banner import-progress" role="status" data-import="reading">
                <p id="import-progress-text">{ text }</p>
                <progress max={reading.total.max(1).to_string()} value={reading.done.to_string()}
                    aria-labelledby="import-progress-text" aria-valuetext={format!("{percent}%")}
                    data-percent={percent.to_string()}></progress>
                <button onclick={cancel}>{ "Cancel" }</button>
            </div>
        };
    }
    if let Some(storing) = &props.storing {
        let text = format!(
            "Adding to the library: {} of {} stored",
            grouped(storing.done),
            plural(storing.total, "document", "documents")
        );
        return html! {
            <div class="banner import-progress" role="status" data-import="storing">
                <p id="import-progress-text">{ text }</p>
                <progress max={storing.total.max(1).to_string()} value={storing.done.to_string()}
                    aria-labelledby="import-progress-text"></progress>
            </div>
        };
    }
    html! {}
}

fn percent(done: u64, total: u64) -> u64 {
    match total {
        0 => 0,
        total => done.min(total) * 100 / total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_a_whole_percentage() {
        assert_eq!(percent(5, 0), 0);
        assert_eq!(percent(50, 200), 25);
    }
}
