//! Shows the open dialog, if any: shortcuts, scheme, label picker, or the
//! choice of a relation's type.

use scholia_core::Scheme;
use yew::prelude::*;

use super::guide::GuidelinesDialog;
use super::help_dialog::HelpDialog;
use super::label_picker::LabelPicker;
use super::relation_chooser::RelationChooser;
use super::scheme_editor::SchemeEditor;
use crate::state::editor::Dialog;
use crate::store::{Action, RelationCommand, SpanCommand, ViewCommand};
use crate::web;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub dialog: Option<Dialog>,
    pub scheme: Scheme,
    pub usage: Vec<(String, usize)>,
    pub title: String,
    pub on_action: Callback<Action>,
}

#[component]
pub fn DialogHost(props: &Props) -> Html {
    let Some(dialog) = &props.dialog else {
        return html! {};
    };
    let close = {
        let on_action = props.on_action.clone();
        Callback::from(move |()| on_action.emit(ViewCommand::OpenDialog(None).into()))
    };
    match dialog {
        Dialog::Help => html! { <HelpDialog on_close={close} /> },
        Dialog::Guidelines => {
            html! { <GuidelinesDialog scheme={props.scheme.clone()} on_close={close} /> }
        }
        Dialog::Scheme => html! {
            <SchemeEditor scheme={props.scheme.clone()} usage={props.usage.clone()} title={props.title.clone()}
                on_action={props.on_action.clone()} on_close={close} />
        },
        Dialog::LabelPicker => {
            let on_action = props.on_action.clone();
            let on_pick = Callback::from(move |label: String| {
                on_action.emit(
                    SpanCommand::Tag {
                        label,
                        id: web::new_id(),
                        now: web::now(),
                    }
                    .into(),
                );
            });
            html! {
                <LabelPicker scheme={props.scheme.clone()} usage={props.usage.clone()} {on_pick} on_close={close} />
            }
        }
        Dialog::RelationType(pending) => {
            let on_action = props.on_action.clone();
            let on_choose = Callback::from(move |kind: String| {
                on_action.emit(
                    RelationCommand::ChooseRelationType {
                        kind,
                        id: web::new_id(),
                        now: web::now(),
                    }
                    .into(),
                )
            });
            let on_action = props.on_action.clone();
            let cancel =
                Callback::from(move |()| on_action.emit(RelationCommand::CancelLink.into()));
            html! { <RelationChooser pending={pending.clone()} {on_choose} on_close={cancel} /> }
        }
        // The team's dialogs need the library and the document: `TeamDialogs`.
        Dialog::Merge | Dialog::Agreement | Dialog::Entities => html! {},
    }
}
