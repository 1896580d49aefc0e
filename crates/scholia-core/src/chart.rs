//! Charts, generated here so that no chart library or server is needed:
//! grouped bars (agreement per label) and a heat map (the confusion matrix).
//!
//! A chart is first a model, a [`Chart`]: rectangles, lines and texts at
//! positions, painted by role ([`Paint`]) rather than by colour. It is then
//! drawn, by [`to_svg`] as SVG text (the command line writes files), or by
//! the app as elements, each text a text node, in the colours of its theme.
//! Both draw the same model, so the app and the command line show the same
//! chart. Names from users (labels, annotators) stay plain text in the
//! model; [`to_svg`] escapes them with [`escape_xml`].

use std::fmt::Write as _;

use crate::agreement::report::AgreementReport;
use crate::model::Color;

/// What a mark is painted with: a role, so that each renderer picks the
/// colours of its background (the app follows its theme).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    /// The chart's background.
    Background,
    /// Text and the zero line.
    Ink,
    /// Secondary text ("n/a").
    Muted,
    /// Grid lines.
    Grid,
    /// The `i`-th series ([`Color::palette`]).
    Series(usize),
    /// A heat map cell holding this share (0 to 1) of the largest count.
    Heat(f64),
    /// Text over a heat map cell of this share.
    OnHeat(f64),
}

/// The darkest heat map colour (a share of 1).
pub const HEAT: Color = Color([31, 80, 160]);

impl Paint {
    /// The colour on a white background, as `#rrggbb` (SVG files).
    pub fn light(self) -> Color {
        match self {
            Paint::Background => Color([255, 255, 255]),
            Paint::Ink => Color([34, 34, 34]),
            Paint::Muted => Color([119, 119, 119]),
            Paint::Grid => Color([221, 221, 221]),
            Paint::Series(i) => Color::palette(i),
            Paint::Heat(share) => {
                // From white to the darkest colour.
                let shade = |full: u8| (255.0 - (255.0 - f64::from(full)) * share).round() as u8;
                Color([shade(HEAT.0[0]), shade(HEAT.0[1]), shade(HEAT.0[2])])
            }
            Paint::OnHeat(share) if share > 0.5 => Color([255, 255, 255]),
            Paint::OnHeat(_) => Color([34, 34, 34]),
        }
    }
}

/// A number as a chart writes it: this many decimals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub decimals: u8,
}

/// What a text says: words, a number, or words followed by a number
/// (`"Actor: 0.734"`). Numbers stay numbers so that each renderer formats
/// them its own way.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub words: String,
    pub number: Option<Number>,
}

impl Content {
    pub fn words(words: impl Into<String>) -> Content {
        Content {
            words: words.into(),
            number: None,
        }
    }

    pub fn number(value: f64, decimals: u8) -> Content {
        Content {
            words: String::new(),
            number: Some(Number { value, decimals }),
        }
    }

    /// `"{name}: {value}"`.
    pub fn named(name: &str, value: f64, decimals: u8) -> Content {
        Content {
            words: format!("{name}: "),
            number: Some(Number { value, decimals }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub paint: Paint,
    /// A line around it, in this paint.
    pub stroke: Option<Paint>,
    /// Shown on hover.
    pub tooltip: Option<Content>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub paint: Paint,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// Where the baseline starts, is centred or ends (see `anchor`).
    pub x: f64,
    pub y: f64,
    pub content: Content,
    pub anchor: Anchor,
    pub size: f64,
    pub bold: bool,
    pub paint: Paint,
    /// Turned by this many degrees around (x, y).
    pub rotate: Option<f64>,
    /// The whole text, when `content` is shortened.
    pub tooltip: Option<Content>,
}

impl Text {
    fn new(x: f64, y: f64, content: Content) -> Text {
        Text {
            x,
            y,
            content,
            anchor: Anchor::Start,
            size: FONT_SIZE,
            bold: false,
            paint: Paint::Ink,
            rotate: None,
            tooltip: None,
        }
    }

    fn anchor(self, anchor: Anchor) -> Text {
        Text { anchor, ..self }
    }

    fn size(self, size: f64) -> Text {
        Text { size, ..self }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Rect(Rect),
    Line(Line),
    Text(Text),
}

/// A chart: its title (also drawn as its first text), its size in pixels,
/// and its marks, drawn in order over a background.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub width: f64,
    pub height: f64,
    pub marks: Vec<Mark>,
}

/// The font size of ordinary text, in pixels.
pub const FONT_SIZE: f64 = 12.0;
pub const FONT_FAMILY: &str = "system-ui, sans-serif";

/// A name shortened for display (the full name goes in a tooltip).
fn short(text: &str, max_chars: usize) -> (String, Option<Content>) {
    if text.chars().count() <= max_chars {
        (text.to_string(), None)
    } else {
        let mut s: String = text.chars().take(max_chars - 1).collect();
        s.push('…');
        (s, Some(Content::words(text)))
    }
}

/// Room for a title in 15-pixel bold type.
fn title_width(title: &str) -> f64 {
    20.0 + 9.0 * title.chars().count() as f64
}

fn title_mark(title: &str) -> Mark {
    Mark::Text(Text {
        bold: true,
        ..Text::new(10.0, 22.0, Content::words(title)).size(15.0)
    })
}

/// One series of a bar chart: a value per group (`None`: undefined).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// Horizontal grouped bars: one group per name in `groups` (labels, say),
/// one bar per series in each group. The scale runs from min(0, the lowest
/// value) to max(1, the highest), rounded out to tenths of 2; undefined
/// values are written "n/a".
pub fn bar_chart_model(title: &str, groups: &[String], series: &[Series]) -> Chart {
    let values = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied());
    let (mut low, mut high) = (0.0f64, 1.0f64);
    for v in values.filter(|v| v.is_finite()) {
        low = low.min(v);
        high = high.max(v);
    }
    low = (low * 5.0).floor() / 5.0;
    high = (high * 5.0).ceil() / 5.0;
    let (label_width, plot_width, bar_height, gap) = (170.0f64, 420.0, 14.0, 10.0);
    let legend_height = 20.0 * series.len() as f64;
    let top = 40.0 + legend_height;
    let group_height = bar_height * series.len().max(1) as f64 + gap;
    let plot_bottom = top + group_height * groups.len() as f64;
    let height = plot_bottom + 40.0;
    let width = (label_width + plot_width + 70.0).max(title_width(title));
    let x = |v: f64| label_width + (v - low) / (high - low) * plot_width;
    let mut marks = vec![title_mark(title)];
    for (i, s) in series.iter().enumerate() {
        let y = 34.0 + 20.0 * i as f64;
        marks.push(Mark::Rect(Rect {
            x: label_width,
            y,
            width: 12.0,
            height: 12.0,
            paint: Paint::Series(i),
            stroke: None,
            tooltip: None,
        }));
        marks.push(Mark::Text(Text::new(
            label_width + 18.0,
            y + 10.0,
            Content::words(&s.name),
        )));
    }
    // Grid lines every 0.2, the zero line darker.
    let ticks = ((high - low) * 5.0).round() as usize;
    for t in 0..=ticks {
        let tick = low + t as f64 * 0.2;
        let tx = x(tick);
        marks.push(Mark::Line(Line {
            x1: tx,
            y1: top,
            x2: tx,
            y2: plot_bottom,
            paint: if tick.abs() < 1e-9 {
                Paint::Ink
            } else {
                Paint::Grid
            },
        }));
        // Rounded so that 0.6000000000000001 reads 0.6 and −0 reads 0.
        let tick = (tick * 5.0).round() / 5.0 + 0.0;
        marks.push(Mark::Text(
            Text::new(tx, plot_bottom + 16.0, Content::number(tick, 1)).anchor(Anchor::Middle),
        ));
    }
    for (g, group) in groups.iter().enumerate() {
        let group_top = top + group_height * g as f64;
        let (name, tooltip) = short(group, 22);
        marks.push(Mark::Text(Text {
            tooltip,
            ..Text::new(
                label_width - 8.0,
                group_top + group_height / 2.0,
                Content::words(name),
            )
            .anchor(Anchor::End)
        }));
        for (i, s) in series.iter().enumerate() {
            let y = group_top + bar_height * i as f64;
            match s.values.get(g).copied().flatten().filter(|v| v.is_finite()) {
                Some(v) => {
                    let (x0, x1) = (x(0.0), x(v));
                    marks.push(Mark::Rect(Rect {
                        x: x0.min(x1),
                        y,
                        width: (x1 - x0).abs(),
                        height: bar_height - 2.0,
                        paint: Paint::Series(i),
                        stroke: None,
                        tooltip: Some(Content::named(&s.name, v, 3)),
                    }));
                    marks.push(Mark::Text(
                        Text::new(
                            x0.max(x1) + 3.0,
                            y + bar_height - 4.0,
                            Content::number(v, 2),
                        )
                        .size(10.0),
                    ));
                }
                None => marks.push(Mark::Text(Text {
                    paint: Paint::Muted,
                    ..Text::new(x(0.0) + 3.0, y + bar_height - 4.0, Content::words("n/a"))
                        .size(10.0)
                })),
            }
        }
    }
    Chart {
        title: title.to_string(),
        width,
        height,
        marks,
    }
}

/// A heat map of counts: `counts[row][column]`, rows and columns named by
/// `categories`. Darker is more; each cell shows its count.
pub fn heat_map_model(
    title: &str,
    row_title: &str,
    column_title: &str,
    categories: &[String],
    counts: &[Vec<u64>],
) -> Chart {
    let n = categories.len();
    let max = counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let (cell, left, top) = (44.0f64, 170.0, 150.0);
    let width = (left + cell * n as f64 + 40.0).max(title_width(title));
    let height = top + cell * n as f64 + 50.0;
    let middle = cell * n as f64 / 2.0;
    let mut marks = vec![
        title_mark(title),
        Mark::Text(
            Text::new(
                left + middle,
                top + cell * n as f64 + 34.0,
                Content::words(column_title),
            )
            .anchor(Anchor::Middle),
        ),
        Mark::Text(Text {
            rotate: Some(-90.0),
            ..Text::new(14.0, top + middle, Content::words(row_title)).anchor(Anchor::Middle)
        }),
    ];
    for (i, name) in categories.iter().enumerate() {
        let (row_name, tooltip) = short(name, 22);
        marks.push(Mark::Text(Text {
            tooltip,
            ..Text::new(
                left - 6.0,
                top + cell * i as f64 + cell / 2.0 + 4.0,
                Content::words(row_name),
            )
            .anchor(Anchor::End)
        }));
        let (column_name, tooltip) = short(name, 18);
        marks.push(Mark::Text(Text {
            tooltip,
            rotate: Some(-45.0),
            ..Text::new(
                left + cell * i as f64 + cell / 2.0,
                top - 8.0,
                Content::words(column_name),
            )
        }));
    }
    for (i, row) in counts.iter().enumerate().take(n) {
        for (j, &count) in row.iter().enumerate().take(n) {
            let share = count as f64 / max as f64;
            let (x, y) = (left + cell * j as f64, top + cell * i as f64);
            let mut tooltip = Content::number(count as f64, 0);
            tooltip.words = format!("{} × {}: ", categories[i], categories[j]);
            marks.push(Mark::Rect(Rect {
                x,
                y,
                width: cell,
                height: cell,
                paint: Paint::Heat(share),
                stroke: Some(Paint::Background),
                tooltip: Some(tooltip),
            }));
            marks.push(Mark::Text(Text {
                paint: Paint::OnHeat(share),
                ..Text::new(
                    x + cell / 2.0,
                    y + cell / 2.0 + 4.0,
                    Content::number(count as f64, 0),
                )
                .anchor(Anchor::Middle)
            }));
        }
    }
    Chart {
        title: title.to_string(),
        width,
        height,
        marks,
    }
}

/// The agreement per label of a report as bars: token α, _uα, and span F1
/// with exact and with overlap match.
pub fn label_agreement(report: &AgreementReport) -> Chart {
    let labels: Vec<String> = report.labels.iter().map(|l| l.name.clone()).collect();
    let tokens = |l: &String| report.tokens.per_label.iter().find(|x| x.label == *l);
    let unitizing = |l: &String| report.unitizing.per_label.iter().find(|x| x.label == *l);
    let spans = |l: &String| report.spans.per_label.iter().find(|x| x.label == *l);
    let series = vec![
        Series {
            name: "Krippendorff's α (tokens)".into(),
            values: labels
                .iter()
                .map(|l| tokens(l).and_then(|x| x.alpha))
                .collect(),
        },
        Series {
            name: "unitizing α (_uα)".into(),
            values: labels
                .iter()
                .map(|l| unitizing(l).and_then(|x| x.value))
                .collect(),
        },
        Series {
            name: "F1, exact match".into(),
            values: labels
                .iter()
                .map(|l| spans(l).and_then(|x| x.exact.f1))
                .collect(),
        },
        Series {
            name: "F1, overlap match".into(),
            values: labels
                .iter()
                .map(|l| spans(l).and_then(|x| x.overlap.f1))
                .collect(),
        },
    ];
    bar_chart_model("Agreement per label", &labels, &series)
}

/// The confusion matrix of a report's token labels as a heat map.
pub fn confusion(report: &AgreementReport) -> Chart {
    heat_map_model(
        "Token labels: first annotator of each pair against the second",
        "first annotator",
        "second annotator",
        &report.confusion.categories,
        &report.confusion.counts,
    )
}

/// Escapes text for XML content and attribute values, and drops characters
/// XML 1.0 does not allow (control characters other than tab and line ends).
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
    out
}

/// A content as text, numbers with their decimals.
pub fn content_text(content: &Content) -> String {
    let mut text = content.words.clone();
    if let Some(Number { value, decimals }) = content.number {
        let _ = write!(text, "{value:.*}", usize::from(decimals));
    }
    text
}

/// The chart as an SVG document, every text escaped.
pub fn to_svg(chart: &Chart) -> String {
    let (width, height) = (chart.width, chart.height);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" font-family=\"{FONT_FAMILY}\" font-size=\"{FONT_SIZE}\">\n<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>",
        escape_xml(&chart.title),
        Paint::Background.light()
    );
    let text = |content: &Content| escape_xml(&content_text(content));
    let tooltip = |content: &Option<Content>| {
        content
            .as_ref()
            .map_or(String::new(), |c| format!("<title>{}</title>", text(c)))
    };
    for mark in &chart.marks {
        match mark {
            Mark::Rect(r) => {
                let stroke = r
                    .stroke
                    .map_or(String::new(), |p| format!(" stroke=\"{}\"", p.light()));
                let _ = writeln!(
                    svg,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"{stroke}>{}</rect>",
                    r.x,
                    r.y,
                    r.width,
                    r.height,
                    r.paint.light(),
                    tooltip(&r.tooltip)
                );
            }
            Mark::Line(l) => {
                let _ = writeln!(
                    svg,
                    "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"1\"/>",
                    l.x1,
                    l.y1,
                    l.x2,
                    l.y2,
                    l.paint.light()
                );
            }
            Mark::Text(t) => {
                let mut attributes = String::new();
                match t.anchor {
                    Anchor::Start => {}
                    Anchor::Middle => attributes.push_str(" text-anchor=\"middle\""),
                    Anchor::End => attributes.push_str(" text-anchor=\"end\""),
                }
                if t.size != FONT_SIZE {
                    let _ = write!(attributes, " font-size=\"{}\"", t.size);
                }
                if t.bold {
                    attributes.push_str(" font-weight=\"bold\"");
                }
                if t.paint != Paint::Ink {
                    let _ = write!(attributes, " fill=\"{}\"", t.paint.light());
                }
                if let Some(angle) = t.rotate {
                    let _ = write!(
                        attributes,
                        " transform=\"rotate({angle} {:.1} {:.1})\"",
                        t.x, t.y
                    );
                }
                let _ = writeln!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{:.1}\"{attributes}>{}{}</text>",
                    t.x,
                    t.y,
                    tooltip(&t.tooltip),
                    text(&t.content)
                );
            }
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// [`bar_chart_model`] as SVG text.
pub fn bar_chart(title: &str, groups: &[String], series: &[Series]) -> String {
    to_svg(&bar_chart_model(title, groups, series))
}

/// [`heat_map_model`] as SVG text.
pub fn heat_map(
    title: &str,
    row_title: &str,
    column_title: &str,
    categories: &[String],
    counts: &[Vec<u64>],
) -> String {
    to_svg(&heat_map_model(
        title,
        row_title,
        column_title,
        categories,
        counts,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_control_characters() {
        assert_eq!(
            escape_xml("<script>alert(\"x&y\")</script>'\u{7}"),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&apos;"
        );
    }

    #[test]
    fn heat_goes_from_white_to_the_darkest_colour() {
        assert_eq!(Paint::Heat(0.0).light(), Color([255, 255, 255]));
        assert_eq!(Paint::Heat(1.0).light(), HEAT);
        assert_eq!(Paint::OnHeat(0.9).light(), Color([255, 255, 255]));
        assert_eq!(Paint::OnHeat(0.1).light(), Paint::Ink.light());
    }

    #[test]
    fn contents_format_their_numbers() {
        assert_eq!(content_text(&Content::named("F1", 0.73456, 3)), "F1: 0.735");
        assert_eq!(content_text(&Content::number(12.0, 0)), "12");
        assert_eq!(content_text(&Content::words("n/a")), "n/a");
    }
}
