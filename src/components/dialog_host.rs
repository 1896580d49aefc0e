//! Shows the open dialog, if any: shortcuts, scheme, label picker, or the
//! choice of a relation's type.

use scholia_core::Scheme;
use yew::prelude::*;

use super::help_dialog::HelpDialog;
use super::label_picker::LabelPicker;
use super::relation_chooser::RelationChooser;
use super::scheme_editor::SchemeEditor;
use crate::editor::{Command, Dialog};
use crate::web;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub dialog: Option<Dialog>,
    pub scheme: Scheme,
    pub usage: Vec<(String, usize)>,
    pub title: String,
    pub on_command: Callback<Command>,
}

#[component]
pub fn DialogHost(props: &Props) -> Html {
    let Some(dialog) = &props.dialog else {
        return html! {};
    };
    let close = {
        let on_command = props.on_command.clone();
        Callback::from(move |()| on_command.emit(Command::OpenDialog(None)))
    };
    match dialog {
        Dialog::Help => html! { <HelpDialog on_close={close} /> },
        Dialog::Scheme => html! {
            <SchemeEditor scheme={props.scheme.clone()} usage={props.usage.clone()} title={props.title.clone()}
                on_command={props.on_command.clone()} on_close={close} />
        },
        Dialog::LabelPicker => {
            let on_command = props.on_command.clone();
            let on_pick = Callback::from(move |label: String| {
                on_command.emit(Command::PickLabel {
                    label,
                    id: web::new_id(),
                    now: web::now(),
                });
            });
            html! {
                <LabelPicker scheme={props.scheme.clone()} usage={props.usage.clone()} {on_pick} on_close={close} />
            }
        }
        Dialog::RelationType(pending) => {
            let on_command = props.on_command.clone();
            let on_choose = Callback::from(move |kind: String| {
                on_command.emit(Command::ChooseRelationType {
                    kind,
                    id: web::new_id(),
                    now: web::now(),
                })
            });
            let on_command = props.on_command.clone();
            let cancel = Callback::from(move |()| on_command.emit(Command::CancelLink));
            html! { <RelationChooser pending={pending.clone()} {on_choose} on_close={cancel} /> }
        }
        // The team's dialogs need the library and the document: `TeamDialogs`.
        Dialog::Merge | Dialog::Agreement => html! {},
    }
}
