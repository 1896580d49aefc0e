//! SVG charts: well-formed, and every user string escaped.

use scholia_core::chart::{bar_chart, heat_map, Series};

/// Checks that `svg` is well-formed enough for a browser: tags balance,
/// every `&` starts an entity, no text holds a raw `<` or `>`.
fn assert_well_formed(svg: &str) {
    let mut open: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        assert!(!text.contains('>'), "raw > in text: {text}");
        check_entities(text);
        let end = rest[start..].find('>').expect("tag closes") + start;
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "< inside a tag: {tag}");
        check_entities(tag);
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "unbalanced </{name}>");
        } else if !tag.ends_with('/') {
            open.push(tag.split_whitespace().next().unwrap().to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
}

fn check_entities(text: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "bare & at {entity}"
        );
    }
}

const EVIL: &str = "<script>alert(\"pwned\")</script> & 'co'";

#[test]
fn bar_chart_escapes_label_and_series_names() {
    let svg = bar_chart(
        "Agreement per label",
        &["Actor".into(), EVIL.into()],
        &[
            Series {
                name: "F1 (exact)".into(),
                values: vec![Some(0.5), None],
            },
            Series {
                name: "α <tokens>".into(),
                values: vec![Some(-0.25), Some(1.0)],
            },
        ],
    );
    assert!(!svg.contains("<script"), "{svg}");
    assert!(
        svg.contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &apos;co&apos;")
    );
    assert!(svg.contains("α &lt;tokens&gt;"));
    assert!(svg.contains(">n/a</text>"));
    // The scale reaches below zero for the negative value.
    assert!(svg.contains(">-0.4</text>"), "{svg}");
    assert_well_formed(&svg);
}

#[test]
fn heat_map_escapes_categories_and_shows_counts() {
    let categories = vec!["O".to_string(), EVIL.to_string()];
    let svg = heat_map(
        "Confusion",
        "alice",
        "bob <b>",
        &categories,
        &[vec![12, 3], vec![0, 7]],
    );
    assert!(!svg.contains("<script"));
    assert!(svg.contains("bob &lt;b&gt;"));
    for count in [">12</text>", ">3</text>", ">0</text>", ">7</text>"] {
        assert!(svg.contains(count), "{count}");
    }
    assert_well_formed(&svg);
}

#[test]
fn charts_of_a_real_report() {
    let doc = crate::agreement::fixture("doc1");
    let annotators: Vec<String> = doc.layers().into_iter().map(str::to_string).collect();
    let report = scholia_core::agreement::document_agreement(&doc, &annotators, Default::default());
    let labels: Vec<String> = report
        .spans
        .per_label
        .iter()
        .map(|l| l.label.clone())
        .collect();
    let svg = bar_chart(
        "F1",
        &labels,
        &[Series {
            name: "exact".into(),
            values: report.spans.per_label.iter().map(|l| l.exact.f1).collect(),
        }],
    );
    assert_well_formed(&svg);
    for label in ["Actor", "Event", "Claim"] {
        assert!(svg.contains(label));
    }
    let svg = heat_map(
        "Confusion",
        "first",
        "second",
        &report.confusion.categories,
        &report.confusion.counts,
    );
    assert_well_formed(&svg);
    assert!(svg.contains("Actor + Event"));
}

/// The chart models: what the app draws as elements and `to_svg` as text.
mod model {
    use scholia_core::chart::{
        bar_chart, bar_chart_model, confusion, content_text, heat_map_model, label_agreement,
        to_svg, Anchor, Chart, Mark, Paint, Rect, Series, Text,
    };

    fn rects(chart: &Chart) -> Vec<&Rect> {
        chart
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Rect(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    fn texts(chart: &Chart) -> Vec<&Text> {
        chart
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    /// The bars (rectangles with a tooltip) as (tooltip, x, width).
    fn bars(chart: &Chart) -> Vec<(String, f64, f64)> {
        rects(chart)
            .into_iter()
            .filter_map(|r| Some((content_text(r.tooltip.as_ref()?), r.x, r.width)))
            .collect()
    }

    #[test]
    fn bars_are_as_long_as_their_values_and_names_stay_plain_text() {
        let evil = "<img src=x onerror=alert(1)>";
        let chart = bar_chart_model(
            "Agreement",
            &["Actor".into(), evil.into()],
            &[Series {
                name: "F1".into(),
                values: vec![Some(0.5), Some(1.0)],
            }],
        );
        let bars = bars(&chart);
        assert_eq!(bars.len(), 2);
        assert_eq!(bars[0].0, "F1: 0.500");
        assert!((bars[1].2 - 2.0 * bars[0].2).abs() < 1e-9, "{bars:?}");
        assert_eq!(bars[0].1, bars[1].1, "both start at zero");
        // The group names are in the model as they are (the renderers
        // escape or make text nodes), on the right of their rows.
        let names: Vec<&Text> = texts(&chart)
            .into_iter()
            .filter(|t| t.anchor == Anchor::End)
            .collect();
        assert_eq!(names[0].content.words, "Actor");
        assert_eq!(names[1].content.words, "<img src=x onerror=al…");
        assert_eq!(
            names[1].tooltip.as_ref().map(|t| t.words.as_str()),
            Some(evil),
            "the whole name, shortened for display"
        );
        // The SVG text of the same model is what `bar_chart` writes.
        assert_eq!(
            to_svg(&chart),
            bar_chart(
                "Agreement",
                &["Actor".into(), evil.into()],
                &[Series {
                    name: "F1".into(),
                    values: vec![Some(0.5), Some(1.0)]
                }]
            )
        );
        assert!(to_svg(&chart).contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    #[test]
    fn negative_values_reach_left_of_zero_and_missing_ones_say_so() {
        let chart = bar_chart_model(
            "κ",
            &["Claim".into()],
            &[
                Series {
                    name: "a".into(),
                    values: vec![Some(-0.25)],
                },
                Series {
                    name: "b".into(),
                    values: vec![None],
                },
            ],
        );
        let bars = bars(&chart);
        let zero = chart
            .marks
            .iter()
            .find_map(|m| match m {
                Mark::Line(l) if l.paint == Paint::Ink => Some(l.x1),
                _ => None,
            })
            .expect("a zero line");
        assert_eq!(bars.len(), 1);
        assert!((bars[0].1 + bars[0].2 - zero).abs() < 1e-9, "ends at zero");
        assert!(texts(&chart)
            .iter()
            .any(|t| t.content.words == "n/a" && t.paint == Paint::Muted));
        let ticks: Vec<String> = texts(&chart)
            .iter()
            .filter(|t| t.content.words.is_empty())
            .filter(|t| t.anchor == Anchor::Middle)
            .map(|t| content_text(&t.content))
            .collect();
        assert_eq!(
            ticks,
            ["-0.4", "-0.2", "0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
        );
    }

    #[test]
    fn heat_map_cells_darken_with_their_counts() {
        let categories = vec!["O".to_string(), "Actor".to_string()];
        let chart = heat_map_model(
            "C",
            "rows",
            "columns",
            &categories,
            &[vec![8, 2], vec![0, 4]],
        );
        let cells: Vec<(f64, String)> = rects(&chart)
            .into_iter()
            .filter_map(|r| match r.paint {
                Paint::Heat(share) => Some((share, content_text(r.tooltip.as_ref()?))),
                _ => None,
            })
            .collect();
        assert_eq!(
            cells,
            [
                (1.0, "O × O: 8".to_string()),
                (0.25, "O × Actor: 2".to_string()),
                (0.0, "Actor × O: 0".to_string()),
                (0.5, "Actor × Actor: 4".to_string()),
            ]
        );
        let counts: Vec<String> = texts(&chart)
            .iter()
            .filter(|t| matches!(t.paint, Paint::OnHeat(_)))
            .map(|t| content_text(&t.content))
            .collect();
        assert_eq!(counts, ["8", "2", "0", "4"]);
    }

    #[test]
    fn a_report_charts_every_label_with_its_values() {
        let doc = crate::agreement::fixture("doc1");
        let annotators: Vec<String> = doc.layers().into_iter().map(str::to_string).collect();
        let report =
            scholia_core::agreement::document_agreement(&doc, &annotators, Default::default());
        let chart = label_agreement(&report);
        let bars = bars(&chart);
        for label in &report.spans.per_label {
            if let Some(f1) = label.exact.f1 {
                let tip = format!("F1, exact match: {f1:.3}");
                assert!(bars.iter().any(|b| b.0 == tip), "{tip} in {bars:?}");
            }
        }
        let names: Vec<String> = texts(&chart)
            .iter()
            .filter(|t| t.anchor == Anchor::End)
            .map(|t| t.content.words.clone())
            .collect();
        let labels: Vec<String> = report.labels.iter().map(|l| l.name.clone()).collect();
        assert_eq!(names, labels);
        let heat = confusion(&report);
        let n = report.confusion.categories.len();
        assert_eq!(
            rects(&heat)
                .iter()
                .filter(|r| matches!(r.paint, Paint::Heat(_)))
                .count(),
            n * n
        );
    }
}
