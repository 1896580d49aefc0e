//! The team panel: the annotators of the open document: each layer with its colour, to
//! show or hide; how highlights are coloured; where new spans go; and, when
//! two annotators or more are shown, where they agree and disagree (counts
//! and a list, the disagreement being adjudicated on top), with the way to
//! the agreement report, to gold and to merging more files.

use scholia_core::adjudication::GOLD_LAYER;
use yew::prelude::*;

use super::team_card::TeamCard;
use crate::paint::colour::layer_color;
use crate::state::editor::Dialog;
use crate::store::{Action, TeamCommand, ViewCommand};
use crate::team::{ColorBy, Standing, TeamState};
use crate::web;
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub team: TeamState,
    pub on_team: Callback<TeamCommand>,
    pub on_action: Callback<Action>,
    pub on_export_gold: Callback<()>,
}

/// Clusters listed at most (`)` walks them all).
const MAX_LISTED: usize = 300;
const MAX_QUOTE_CHARS: usize = 60;

#[derive(PartialEq)]
struct Row {
    index: usize,
    standing: Standing,
    quote: String,
    layers: String,
}

#[component]
pub fn TeamPanel(props: &Props) -> Html {
    let team = &props.team;
    let filter = use_state(|| None::<Standing>);
    let counts = {
        let workspace = props.workspace.clone();
        use_memo((props.revision, team.layers.clone()), move |(_, layers)| {
            let ws = workspace.borrow();
            layers
                .iter()
                .map(|l| ws.doc.layer_annotations(l).count())
                .collect::<Vec<_>>()
        })
    };
    // Every cluster with its standing; the view changes only with the
    // compared layers.
    let rows = {
        let workspace = props.workspace.clone();
        use_memo(team.view.clone(), move |view| {
            let Some(view) = view else {
                return Vec::new();
            };
            let ws = workspace.borrow();
            let text = &ws.doc.document().text;
            view.clusters
                .iter()
                .enumerate()
                .map(|(index, c)| {
                    let mut quote = text.slice(c.extent.start, c.extent.end).to_string();
                    if quote.chars().count() > MAX_QUOTE_CHARS {
                        quote = quote.chars().take(MAX_QUOTE_CHARS).collect::<String>() + "…";
                    }
                    Row {
                        index,
                        standing: Standing::of(c),
                        quote,
                        layers: c.layers.join(", "),
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let send = props.on_team.clone();
    let toggle = |layer: &str| {
        let (send, layer) = (send.clone(), layer.to_string());
        Callback::from(move |_: Event| send.emit(TeamCommand::ToggleLayer(layer.clone())))
    };
    let on_color_by = {
        let send = send.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let color_by = match select.value().as_str() {
                    "annotator" => ColorBy::Annotator,
                    "agreement" => ColorBy::Agreement,
                    _ => ColorBy::Label,
                };
                send.emit(TeamCommand::SetColorBy(color_by));
            }
        })
    };
    let on_target = {
        let send = send.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                send.emit(TeamCommand::SetWriteGold(select.value() == GOLD_LAYER));
            }
        })
    };
    let dialog = |dialog: Dialog| {
        let on_action = props.on_action.clone();
        Callback::from(move |_| {
            on_action.emit(ViewCommand::OpenDialog(Some(dialog.clone())).into())
        })
    };
    let accept_agreements = {
        let send = send.clone();
        Callback::from(move |_| send.emit(TeamCommand::AcceptAgreements { now: web::now() }))
    };
    let export_gold = {
        let on_export_gold = props.on_export_gold.clone();
        Callback::from(move |_| on_export_gold.emit(()))
    };
    let color_by = team.color_by();
    let has_gold = team.layers.iter().any(|l| l == GOLD_LAYER);
    let mut by_standing = [0usize; 5];
    for row in rows.iter() {
        by_standing[row.standing.index()] += 1;
    }
    let shown: Vec<&Row> = rows
        .iter()
        .filter(|r| match *filter {
            Some(standing) => r.standing == standing,
            None => r.standing != Standing::Agreement,
        })
        .collect();

    html! {
        <section class="team" aria-labelledby="team-heading">
            <h2 id="team-heading">{ "Team" }</h2>
            if team.layers.is_empty() {
                <p class="empty-hint">{ "No annotations yet." }</p>
            }
            <ul class="layers" aria-label="Layers">
                { for team.layers.iter().enumerate().map(|(i, layer)| {
                    let shown = !team.is_hidden(layer);
                    html! {
                        <li class={classes!("layer", (!shown).then_some("hidden"))}
                            style={format!("--layer-color: {}", layer_color(i, layer))}>
                            <label>
                                <input type="checkbox" checked={shown} onchange={toggle(layer)}
                                    aria-label={format!("Show {layer}")} />
                                <span class="swatch" aria-hidden="true"></span>
                                <span class="layer-name">{ layer.clone() }</span>
                            </label>
                            <span class="count">{ counts.get(i).copied().unwrap_or(0).to_string() }</span>
                        </li>
                    }
                }) }
            </ul>
            if team.is_team_document() {
                <div class="team-options">
                    <label>
                        { "Colour by" }
                        <select aria-label="Colour highlights by" onchange={on_color_by}>
                            <option value="label" selected={color_by == ColorBy::Label}>{ "label" }</option>
                            <option value="annotator" selected={color_by == ColorBy::Annotator}>{ "annotator" }</option>
                            <option value="agreement" selected={color_by == ColorBy::Agreement}>{ "agreement" }</option>
                        </select>
                    </label>
                    <label>
                        { "New spans go to" }
                        <select aria-label="New spans go to" onchange={on_target}>
                            <option value={GOLD_LAYER} selected={team.writes_gold()}>{ GOLD_LAYER }</option>
                            <option value="" selected={!team.writes_gold()}>{ "your layer" }</option>
                        </select>
                    </label>
                </div>
            }
            if let (Some(view), Some(current)) = (team.view.clone(), team.current) {
                <TeamCard workspace={props.workspace.clone()} revision={props.revision} {view} {current}
                    focus={team.focus_card} on_team={props.on_team.clone()} />
            }
            if team.view.is_some() {
                <div class="standings" role="group" aria-label="Agreement between annotators">
                    { for Standing::ALL.iter().map(|&standing| {
                        let pressed = *filter == Some(standing);
                        let choose = {
                            let filter = filter.clone();
                            Callback::from(move |_| filter.set(if pressed { None } else { Some(standing) }))
                        };
                        html! {
                            <button class={classes!("standing-chip", pressed.then_some("on"))}
                                aria-pressed={pressed.to_string()} onclick={choose}
                                style={format!("--standing-color: {}", standing.color())}>
                                <span class="swatch" aria-hidden="true"></span>
                                { standing.name() }
                                <span class="count">{ by_standing[standing.index()].to_string() }</span>
                            </button>
                        }
                    }) }
                </div>
                <ol class="clusters" aria-label={match *filter {
                    Some(standing) => standing.name().to_string(),
                    None => "Disagreements".to_string(),
                }}>
                    { for shown.iter().take(MAX_LISTED).map(|row| {
                        let current = team.current.is_some_and(|c| c.index == row.index);
                        let go = {
                            let (send, index) = (send.clone(), row.index);
                            Callback::from(move |_| send.emit(TeamCommand::Go(index)))
                        };
                        html! {
                            <li key={row.index} class={classes!("cluster", current.then_some("current"))}
                                style={format!("--standing-color: {}", row.standing.color())}>
                                <button onclick={go} aria-current={current.then_some("true")}>
                                    <span class="standing-badge" title={row.standing.name()}>{ row.standing.short_name() }</span>
                                    <span class="quote" dir="auto">{ row.quote.clone() }</span>
                                    <span class="who">{ row.layers.clone() }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                if shown.len() > MAX_LISTED {
                    <p class="hint">{ format!("… and {} more: ) and ( go through them all.", shown.len() - MAX_LISTED) }</p>
                }
                if shown.is_empty() && filter.is_none() {
                    <p class="empty-hint">{ "No disagreements: the annotators shown agree everywhere." }</p>
                }
                <div class="row">
                    <button onclick={accept_agreements} title="Put every span all annotators agree on into gold (one step)">
                        { "Accept agreements" }
                    </button>
                    <button onclick={dialog(Dialog::Agreement)}>{ "Agreement report…" }</button>
                </div>
            } else if team.annotators().count() >= 2 {
                <p class="hint">{ "Show two annotators or more to compare them." }</p>
            }
            <div class="row">
                <button onclick={dialog(Dialog::Merge)}>{ "Merge annotators’ files…" }</button>
                if has_gold {
                    <button onclick={export_gold}>{ "Export gold" }</button>
                }
            </div>
        </section>
    }
}
