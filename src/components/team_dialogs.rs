//! The team's dialogs, which need the library and the open document:
//! merging annotators' files and the agreement report.

use std::rc::Rc;

use yew::prelude::*;

use super::team_merge::TeamMerge;
use super::team_report::TeamReport;
use crate::library::Library;
use crate::state::editor::Dialog;
use crate::store::{Action, ViewCommand};
use crate::workspace::{LibraryEntry, WorkspaceRef};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub dialog: Option<Dialog>,
    pub library: Library,
    pub workspace: Option<WorkspaceRef>,
    pub revision: u64,
    /// The annotators compared (those shown).
    pub compared: Rc<Vec<String>>,
    pub entries: Rc<Vec<LibraryEntry>>,
    pub annotator: String,
    pub on_action: Callback<Action>,
}

#[component]
pub fn TeamDialogs(props: &Props) -> Html {
    let close = {
        let on_action = props.on_action.clone();
        Callback::from(move |()| on_action.emit(ViewCommand::OpenDialog(None).into()))
    };
    match (&props.dialog, &props.workspace) {
        (Some(Dialog::Merge), workspace) => html! {
            <TeamMerge library={props.library.clone()} workspace={workspace.clone()}
                annotator={props.annotator.clone()} on_close={close} />
        },
        (Some(Dialog::Agreement), Some(workspace)) => html! {
            <TeamReport workspace={workspace.clone()} revision={props.revision} layers={props.compared.clone()}
                library={props.library.clone()} entries={props.entries.clone()} on_close={close} />
        },
        _ => html! {},
    }
}
