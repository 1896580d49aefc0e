//! Agreement metrics against published worked examples and against values
//! from independent implementations (tests/reference/generate.py, which
//! wrote tests/reference/values.json and the fixtures).

use std::collections::BTreeMap;
use std::path::PathBuf;

use scholia_core::agreement::alpha::nominal_alpha;
use scholia_core::agreement::kappa::{cohen_kappa, fleiss_kappa, FleissSums};
use scholia_core::agreement::report::AgreementReport;
use scholia_core::agreement::spans::Scores;
use scholia_core::agreement::unitizing::unitizing_alpha;
use scholia_core::agreement::{Accumulator, Options, TokenScope};
use scholia_core::format::scholia;
use scholia_core::AnnotatedDocument;
use serde_json::Value;

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

fn values() -> Value {
    let text = std::fs::read_to_string(reference_dir().join("values.json")).expect("values.json");
    serde_json::from_str(&text).expect("values.json is JSON")
}

pub fn fixture(name: &str) -> AnnotatedDocument {
    let path = reference_dir()
        .join("fixtures")
        .join(format!("{name}.scholia.json"));
    scholia::import(&std::fs::read_to_string(path).unwrap()).expect("the fixture imports")
}

/// Asserts that `ours` equals the reference value (a number or null).
#[track_caller]
fn same(what: &str, ours: Option<f64>, reference: &Value) {
    match (ours, reference.as_f64()) {
        (None, None) => assert!(reference.is_null(), "{what}: reference is {reference}"),
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{what}: Scholia {a}, reference {b}"),
        (a, _) => panic!("{what}: Scholia {a:?}, reference {reference}"),
    }
}

#[track_caller]
fn near(what: &str, ours: f64, published: f64, tolerance: f64) {
    assert!(
        (ours - published).abs() <= tolerance,
        "{what}: Scholia {ours}, published {published}"
    );
}

#[test]
fn krippendorff_2011_four_coders_twelve_units_with_missing_values() {
    let case = &values()["published"]["krippendorff2011"];
    let units: Vec<Vec<Option<u32>>> = {
        let coders: Vec<Vec<Option<u32>>> = case["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                row.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().map(|v| v as u32))
                    .collect()
            })
            .collect();
        (0..coders[0].len())
            .map(|u| coders.iter().map(|c| c[u]).collect())
            .collect()
    };
    let alpha = nominal_alpha(&units).unwrap();
    near("alpha", alpha, 0.743, 0.0005);
    same("alpha", Some(alpha), &case["independent"]);
}

#[test]
fn fleiss_1971_thirty_subjects_six_raters() {
    let case = &values()["published"]["fleiss1971"];
    let counts: Vec<Vec<u64>> = case["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let ratings: Vec<u64> = row
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            (1..=5)
                .map(|c| ratings.iter().filter(|&&r| r == c).count() as u64)
                .collect()
        })
        .collect();
    let kappa = fleiss_kappa(&counts).unwrap();
    near("kappa", kappa, 0.430, 0.0005);
    same("kappa", Some(kappa), &case["independent"]);
    // Per category: the category against all others.
    for c in 0..5 {
        let mut sums = FleissSums::default();
        for unit in &counts {
            sums.add_binary_unit(6, unit[c]);
        }
        let kappa = sums.kappa().unwrap();
        near(
            "per category",
            kappa,
            case["publishedPerCategory"][c].as_f64().unwrap(),
            0.005,
        );
        same(
            "per category",
            Some(kappa),
            &case["independentPerCategory"][c],
        );
    }
}

#[test]
fn cohen_1960_two_hundred_units() {
    let case = &values()["published"]["cohen1960"];
    let table: Vec<Vec<f64>> = case["table"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect()
        })
        .collect();
    let kappa = cohen_kappa(&table).unwrap();
    near("kappa", kappa, 0.492, 0.0005);
    same("kappa", Some(kappa), &case["independent"]);
}

#[test]
fn unitizing_alpha_matches_the_independent_implementation() {
    for case in values()["unitizing"].as_array().unwrap() {
        let annotators: Vec<Vec<(usize, usize, &str)>> = case["annotators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|units| {
                units
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| {
                        (
                            u[0].as_u64().unwrap() as usize,
                            u[1].as_u64().unwrap() as usize,
                            u[2].as_str().unwrap(),
                        )
                    })
                    .collect()
            })
            .collect();
        let length = case["length"].as_u64().unwrap() as usize;
        same(
            case["name"].as_str().unwrap(),
            unitizing_alpha(length, &annotators),
            &case["independent"],
        );
    }
}

fn report_of(files: &[&str], scope: TokenScope) -> AgreementReport {
    let mut accumulator = Accumulator::new(Options { scope });
    for file in files {
        let doc = fixture(file);
        let annotators: Vec<String> = doc.layers().into_iter().map(str::to_string).collect();
        accumulator.add(&doc, &annotators);
    }
    accumulator.report()
}

#[track_caller]
fn same_scores(what: &str, ours: &Scores, reference: &Value) {
    same(
        &format!("{what} precision"),
        ours.precision,
        &reference["precision"],
    );
    same(&format!("{what} recall"), ours.recall, &reference["recall"]);
    same(&format!("{what} F1"), ours.f1, &reference["f1"]);
}

#[test]
fn document_and_corpus_reports_match_the_independent_implementations() {
    let values = values();
    for case in values["reports"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let files: Vec<&str> = case["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let scope = match case["scope"].as_str().unwrap() {
            "labelledTokens" => TokenScope::LabelledTokens,
            _ => TokenScope::AllTokens,
        };
        let report = report_of(&files, scope);
        let v = &case["values"];
        let annotators: Vec<&str> = v["annotators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(report.annotators, annotators, "{name}");
        // Tokens.
        assert_eq!(
            report.tokens.tokens,
            v["tokens"].as_u64().unwrap(),
            "{name}: tokens"
        );
        for pair in &report.tokens.cohen {
            same(
                &format!("{name}: Cohen {}|{}", pair.a, pair.b),
                pair.value,
                &v["cohen"][format!("{}|{}", pair.a, pair.b)],
            );
        }
        assert_eq!(
            report.tokens.cohen.len(),
            v["cohen"].as_object().unwrap().len()
        );
        same(
            &format!("{name}: Fleiss"),
            report.tokens.fleiss,
            &v["fleiss"],
        );
        assert_eq!(
            report.tokens.fleiss_tokens,
            v["fleissTokens"].as_u64().unwrap(),
            "{name}"
        );
        same(&format!("{name}: alpha"), report.tokens.alpha, &v["alpha"]);
        assert_eq!(
            report.tokens.per_label.len(),
            v["perLabel"].as_object().unwrap().len(),
            "{name}"
        );
        for label in &report.tokens.per_label {
            let r = &v["perLabel"][&label.label];
            same(
                &format!("{name}: {} Cohen mean", label.label),
                label.cohen_mean,
                &r["cohenMean"],
            );
            same(
                &format!("{name}: {} Fleiss", label.label),
                label.fleiss,
                &r["fleiss"],
            );
            same(
                &format!("{name}: {} alpha", label.label),
                label.alpha,
                &r["alpha"],
            );
        }
        // Spans.
        for pair in &report.spans.pairs {
            let r = &v["spans"]["pairs"][format!("{}|{}", pair.a, pair.b)];
            same_scores(
                &format!("{name}: exact {}|{}", pair.a, pair.b),
                &pair.exact,
                &r["exact"],
            );
            same_scores(
                &format!("{name}: overlap {}|{}", pair.a, pair.b),
                &pair.overlap,
                &r["overlap"],
            );
        }
        same_scores(
            &format!("{name}: exact"),
            &report.spans.exact,
            &v["spans"]["exact"],
        );
        same_scores(
            &format!("{name}: overlap"),
            &report.spans.overlap,
            &v["spans"]["overlap"],
        );
        for label in &report.spans.per_label {
            let r = &v["spans"]["perLabel"][&label.label];
            same_scores(
                &format!("{name}: exact {}", label.label),
                &label.exact,
                &r["exact"],
            );
            same_scores(
                &format!("{name}: overlap {}", label.label),
                &label.overlap,
                &r["overlap"],
            );
        }
        // Relations.
        for pair in &report.relations.pairs {
            same_scores(
                &format!("{name}: relations {}|{}", pair.a, pair.b),
                &pair.scores,
                &v["relations"]["pairs"][format!("{}|{}", pair.a, pair.b)],
            );
        }
        same_scores(
            &format!("{name}: relations"),
            &report.relations.overall,
            &v["relations"]["overall"],
        );
        assert_eq!(
            report.relations.per_type.len(),
            v["relations"]["perType"].as_object().unwrap().len()
        );
        for kind in &report.relations.per_type {
            same_scores(
                &format!("{name}: {}", kind.kind),
                &kind.scores,
                &v["relations"]["perType"][&kind.kind],
            );
        }
        // Confusion matrix, cell by cell.
        let mut cells: BTreeMap<String, u64> = BTreeMap::new();
        for (i, row) in report.confusion.counts.iter().enumerate() {
            for (j, &n) in row.iter().enumerate() {
                if n > 0 {
                    cells.insert(
                        format!(
                            "{}|{}",
                            report.confusion.categories[i], report.confusion.categories[j]
                        ),
                        n,
                    );
                }
            }
        }
        let expected: BTreeMap<String, u64> = v["confusion"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
            .collect();
        assert_eq!(cells, expected, "{name}: confusion");
        // Unitizing, where the independent package could take the data.
        if let Some(alpha) = v.get("unitizing") {
            same(&format!("{name}: uα"), report.unitizing.alpha, alpha);
            for label in &report.unitizing.per_label {
                same(
                    &format!("{name}: uα {}", label.label),
                    label.value,
                    &v["unitizingPerLabel"][&label.label],
                );
            }
        }
    }
}

#[test]
fn values_came_from_the_pinned_packages() {
    let values = values();
    let requirements = std::fs::read_to_string(reference_dir().join("requirements.txt")).unwrap();
    for (package, version) in values["packages"].as_object().unwrap() {
        let line = format!("{package}=={}", version.as_str().unwrap());
        assert!(
            requirements.lines().any(|l| l.eq_ignore_ascii_case(&line)),
            "{line} not pinned in requirements.txt"
        );
    }
}

#[test]
fn a_corpus_is_the_sum_of_its_documents_whatever_the_order() {
    let forward = report_of(&["doc1", "doc2", "doc3"], TokenScope::AllTokens);
    let backward = report_of(&["doc3", "doc2", "doc1"], TokenScope::AllTokens);
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (a, b) => a == b,
    };
    assert!(close(forward.tokens.alpha, backward.tokens.alpha));
    assert!(close(forward.unitizing.alpha, backward.unitizing.alpha));
    assert_eq!(forward.spans.exact.counts, backward.spans.exact.counts);
    assert_eq!(forward.documents, 3);
    assert_eq!(forward.compared_documents, 3);
}

#[test]
fn a_label_nobody_used_in_a_document_counts_as_gap_there() {
    // Per label, documents where nobody used the label are not partitioned
    // but added as gap (`UnitizingSums::add_blank`). Check that against the
    // full path: with only actors annotated, the overall _uα partitions
    // every document, blank ones included, and must give the same value as
    // the per-label _uα of actors.
    let without = |mut doc: AnnotatedDocument, keep: Option<&str>| {
        let remove: Vec<_> = doc
            .annotations()
            .filter(|a| Some(a.label.as_str()) != keep)
            .map(|a| a.key.clone())
            .collect();
        for key in remove {
            doc.apply(scholia_core::Edit::RemoveAnnotation(key))
                .unwrap();
        }
        doc
    };
    let annotators: Vec<String> = ["alice", "bob", "carol"].map(String::from).to_vec();
    let blank = without(fixture("doc2"), None);
    let mut all_labels = Accumulator::new(Options::default());
    all_labels.add(&fixture("doc1"), &annotators);
    all_labels.add(&blank, &annotators);
    let mut actors_only = Accumulator::new(Options::default());
    actors_only.add(&without(fixture("doc1"), Some("actor")), &annotators);
    actors_only.add(&blank, &annotators);
    let per_label = all_labels.report().unitizing.per_label;
    let actor = per_label
        .iter()
        .find(|l| l.label == "Actor")
        .unwrap()
        .value
        .unwrap();
    let overall = actors_only.report().unitizing.alpha.unwrap();
    assert!((actor - overall).abs() < 1e-12, "{actor} vs {overall}");
    // And a blank document changes the value: gaps agree by chance more.
    let alone = report_of(&["doc1"], TokenScope::AllTokens)
        .unitizing
        .per_label;
    assert_ne!(
        alone.iter().find(|l| l.label == "Actor").unwrap().value,
        Some(actor)
    );
}

/// Document labels and entity links against tests/reference/document_labels.py
/// (scikit-learn, statsmodels, krippendorff; linking written from scratch),
/// which wrote document-labels.json and the labels-*.scholia.json fixtures.
#[test]
fn document_labels_and_linking_match_the_independent_implementations() {
    let text = std::fs::read_to_string(reference_dir().join("document-labels.json"))
        .expect("document-labels.json");
    let values: Value = serde_json::from_str(&text).unwrap();
    let coders: Vec<String> = ["alice", "bob", "carol"].map(String::from).to_vec();
    for case in values["reports"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut accumulator = Accumulator::new(Options::default());
        for file in case["files"].as_array().unwrap() {
            accumulator.add(&fixture(file.as_str().unwrap()), &coders);
        }
        let report = accumulator.report();
        let sets = case["sets"].as_object().unwrap();
        assert_eq!(report.document_labels.len(), sets.len(), "{name}");
        for set in &report.document_labels {
            let expected = &sets[&set.set];
            let what = format!("{name}, {}", set.set);
            assert_eq!(
                set.units,
                expected["units"].as_u64().unwrap(),
                "{what}: units"
            );
            assert_eq!(
                set.cohen.len(),
                expected["cohen"].as_object().unwrap().len(),
                "{what}"
            );
            for pair in &set.cohen {
                let reference = &expected["cohen"][format!("{}|{}", pair.a, pair.b)];
                same(
                    &format!("{what}: Cohen {}|{}", pair.a, pair.b),
                    pair.value,
                    &reference["value"],
                );
                assert_eq!(pair.units, reference["units"].as_u64().unwrap(), "{what}");
            }
            same(&format!("{what}: Fleiss"), set.fleiss, &expected["fleiss"]);
            assert_eq!(
                set.fleiss_units,
                expected["fleissUnits"].as_u64().unwrap(),
                "{what}"
            );
            same(&format!("{what}: alpha"), set.alpha, &expected["alpha"]);
        }
        let linking = case["linking"].as_object().unwrap();
        assert_eq!(report.linking.len(), linking.len(), "{name}: linking pairs");
        for pair in &report.linking {
            let expected = &linking[&format!("{}|{}", pair.a, pair.b)];
            let what = format!("{name}, linking {}|{}", pair.a, pair.b);
            same(
                &format!("{what}: precision"),
                pair.scores.precision,
                &expected["precision"],
            );
            same(
                &format!("{what}: recall"),
                pair.scores.recall,
                &expected["recall"],
            );
            same(&format!("{what}: F1"), pair.scores.f1, &expected["f1"]);
            let counts = &expected["counts"];
            assert_eq!(
                pair.scores.counts.matched_reference,
                counts["matchedReference"].as_u64().unwrap(),
                "{what}"
            );
            assert_eq!(
                pair.scores.counts.compared,
                counts["compared"].as_u64().unwrap(),
                "{what}"
            );
        }
    }
}
