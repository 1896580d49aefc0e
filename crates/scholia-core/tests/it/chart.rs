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
