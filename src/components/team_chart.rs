//! A chart model (the core's `chart::Chart`) drawn as SVG elements: the
//! same chart `scholia-cli agree --svg` writes, in the colours of the
//! theme. Every text, label names included, is a text node.

use std::rc::Rc;

use scholia_core::chart::{Anchor, Chart, Content, Mark, Paint, FONT_FAMILY, FONT_SIZE, HEAT};
use yew::prelude::*;

use crate::team::numbers::fixed;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub chart: Rc<Chart>,
}

/// A paint as a CSS colour, following the theme (set through `style`, as
/// SVG presentation attributes take no `var()`).
fn color(paint: Paint) -> String {
    match paint {
        Paint::Background => "var(--surface)".into(),
        Paint::Ink => "var(--text)".into(),
        Paint::Muted => "var(--muted)".into(),
        Paint::Grid => "var(--border)".into(),
        Paint::Series(_) => paint.light().to_string(),
        Paint::Heat(share) => format!(
            "color-mix(in srgb, {HEAT} {}%, var(--surface))",
            fixed(share * 100.0, 0)
        ),
        Paint::OnHeat(share) if share > 0.5 => "#ffffff".into(),
        Paint::OnHeat(_) => "var(--text)".into(),
    }
}

fn text(content: &Content) -> String {
    match content.number {
        Some(n) => format!("{}{}", content.words, fixed(n.value, n.decimals)),
        None => content.words.clone(),
    }
}

fn tooltip(content: &Option<Content>) -> Html {
    match content {
        Some(c) => html! { <title>{ text(c) }</title> },
        None => html! {},
    }
}

fn px(v: f64) -> String {
    fixed(v, 1)
}

fn mark(mark: &Mark) -> Html {
    match mark {
        Mark::Rect(r) => {
            let stroke = r
                .stroke
                .map_or(String::new(), |p| format!("; stroke: {}", color(p)));
            html! {
                <rect x={px(r.x)} y={px(r.y)} width={px(r.width)} height={px(r.height)}
                    style={format!("fill: {}{stroke}", color(r.paint))}>
                    { tooltip(&r.tooltip) }
                </rect>
            }
        }
        Mark::Line(l) => html! {
            <line x1={px(l.x1)} y1={px(l.y1)} x2={px(l.x2)} y2={px(l.y2)}
                style={format!("stroke: {}; stroke-width: 1", color(l.paint))} />
        },
        Mark::Text(t) => {
            let anchor = match t.anchor {
                Anchor::Start => "start",
                Anchor::Middle => "middle",
                Anchor::End => "end",
            };
            let transform = t
                .rotate
                .map(|angle| format!("rotate({} {} {})", fixed(angle, 0), px(t.x), px(t.y)));
            html! {
                <text x={px(t.x)} y={px(t.y)} text-anchor={anchor} font-size={px(t.size)}
                    font-weight={t.bold.then_some("bold")} transform={transform}
                    style={format!("fill: {}", color(t.paint))}>
                    { tooltip(&t.tooltip) }
                    { text(&t.content) }
                </text>
            }
        }
    }
}

#[component]
pub fn TeamChart(props: &Props) -> Html {
    let chart = &props.chart;
    let (width, height) = (fixed(chart.width, 0), fixed(chart.height, 0));
    html! {
        <svg class="chart" xmlns="http://www.w3.org/2000/svg" width={width.clone()} height={height.clone()}
            viewBox={format!("0 0 {width} {height}")} role="img" aria-label={chart.title.clone()}
            font-family={FONT_FAMILY} font-size={px(FONT_SIZE)}>
            <rect width="100%" height="100%" style={format!("fill: {}", color(Paint::Background))} />
            { for chart.marks.iter().map(mark) }
        </svg>
    }
}
