//! Charts as SVG text, generated here so that no chart library or server is
//! needed: grouped bars (agreement per label) and a heat map (the confusion
//! matrix). Pure functions returning a `String`; every name that comes from
//! a user (labels, annotators) goes through [`escape_xml`].

use std::fmt::Write as _;

use crate::model::Color;

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

/// A name shortened for display (the full name goes in a `<title>`).
fn short(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max_chars - 1).collect();
        s.push('…');
        s
    }
}

/// Room for a title in 15-pixel bold type.
fn title_width(title: &str) -> f64 {
    20.0 + 9.0 * title.chars().count() as f64
}

/// One series of a bar chart: a value per group (`None`: undefined).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

const FONT: &str = "font-family=\"system-ui, sans-serif\" font-size=\"12\"";

/// Horizontal grouped bars: one group per name in `groups` (labels, say),
/// one bar per series in each group. The scale runs from min(0, the lowest
/// value) to max(1, the highest); undefined values are written "n/a".
pub fn bar_chart(title: &str, groups: &[String], series: &[Series]) -> String {
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
    let height = top + group_height * groups.len() as f64 + 40.0;
    let width = (label_width + plot_width + 70.0).max(title_width(title));
    let x = |v: f64| label_width + (v - low) / (high - low) * plot_width;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" {FONT}>\n<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
        escape_xml(title),
        escape_xml(title)
    );
    for (i, s) in series.iter().enumerate() {
        let y = 34.0 + 20.0 * i as f64;
        let _ = writeln!(
            svg,
            "<rect x=\"{label_width}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            Color::palette(i),
            label_width + 18.0,
            y + 10.0,
            escape_xml(&s.name)
        );
    }
    // Grid lines every 0.2.
    let plot_bottom = top + group_height * groups.len() as f64;
    let mut tick = low;
    while tick <= high + 1e-9 {
        let tx = x(tick);
        let _ = writeln!(
            svg,
            "<line x1=\"{tx:.1}\" y1=\"{top}\" x2=\"{tx:.1}\" y2=\"{plot_bottom}\" stroke=\"{}\" stroke-width=\"1\"/><text x=\"{tx:.1}\" y=\"{}\" text-anchor=\"middle\">{tick:.1}</text>",
            if tick.abs() < 1e-9 { "#555555" } else { "#dddddd" },
            plot_bottom + 16.0
        );
        tick += 0.2;
    }
    for (g, group) in groups.iter().enumerate() {
        let group_top = top + group_height * g as f64;
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            label_width - 8.0,
            group_top + group_height / 2.0,
            escape_xml(group),
            escape_xml(&short(group, 24))
        );
        for (i, s) in series.iter().enumerate() {
            let y = group_top + bar_height * i as f64;
            match s.values.get(g).copied().flatten().filter(|v| v.is_finite()) {
                Some(v) => {
                    let (x0, x1) = (x(0.0), x(v));
                    let _ = writeln!(
                        svg,
                        "<rect x=\"{:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"{}\" fill=\"{}\"><title>{}: {v:.3}</title></rect><text x=\"{:.1}\" y=\"{}\" font-size=\"10\">{v:.2}</text>",
                        x0.min(x1),
                        (x1 - x0).abs(),
                        bar_height - 2.0,
                        Color::palette(i),
                        escape_xml(&s.name),
                        x0.max(x1) + 3.0,
                        y + bar_height - 4.0
                    );
                }
                None => {
                    let _ = writeln!(
                        svg,
                        "<text x=\"{:.1}\" y=\"{}\" font-size=\"10\" fill=\"#777777\">n/a</text>",
                        x(0.0) + 3.0,
                        y + bar_height - 4.0
                    );
                }
            }
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// A heat map of counts: `counts[row][column]`, rows and columns named by
/// `categories`. Darker is more; each cell shows its count.
pub fn heat_map(
    title: &str,
    row_title: &str,
    column_title: &str,
    categories: &[String],
    counts: &[Vec<u64>],
) -> String {
    let n = categories.len();
    let max = counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let (cell, left, top) = (44.0f64, 170.0, 150.0);
    let width = (left + cell * n as f64 + 40.0).max(title_width(title));
    let height = top + cell * n as f64 + 50.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" {FONT}>\n<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>\n<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n<text x=\"14\" y=\"{}\" transform=\"rotate(-90 14 {})\" text-anchor=\"middle\">{}</text>\n",
        escape_xml(title),
        escape_xml(title),
        left + cell * n as f64 / 2.0,
        top + cell * n as f64 + 34.0,
        escape_xml(column_title),
        top + cell * n as f64 / 2.0,
        top + cell * n as f64 / 2.0,
        escape_xml(row_title)
    );
    for (i, name) in categories.iter().enumerate() {
        let y = top + cell * i as f64 + cell / 2.0 + 4.0;
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{y}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            left - 6.0,
            escape_xml(name),
            escape_xml(&short(name, 22))
        );
        let x = left + cell * i as f64 + cell / 2.0;
        let _ = writeln!(
            svg,
            "<text x=\"{x}\" y=\"{}\" transform=\"rotate(-45 {x} {})\"><title>{}</title>{}</text>",
            top - 8.0,
            top - 8.0,
            escape_xml(name),
            escape_xml(&short(name, 18))
        );
    }
    for (i, row) in counts.iter().enumerate().take(n) {
        for (j, &count) in row.iter().enumerate().take(n) {
            let share = count as f64 / max as f64;
            // From white to dark blue.
            let shade = |full: f64| (255.0 - (255.0 - full) * share).round() as u8;
            let fill = Color([shade(31.0), shade(80.0), shade(160.0)]);
            let ink = if share > 0.5 { "#ffffff" } else { "#222222" };
            let (x, y) = (left + cell * j as f64, top + cell * i as f64);
            let _ = writeln!(
                svg,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{fill}\" stroke=\"#ffffff\"><title>{} × {}: {count}</title></rect><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{ink}\">{count}</text>",
                escape_xml(&categories[i]),
                escape_xml(&categories[j]),
                x + cell / 2.0,
                y + cell / 2.0 + 4.0
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
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
}
