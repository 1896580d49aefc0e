//! The suggestions' tagger and its evaluation, through the public API.

use scholia_core::chart::to_svg;
use scholia_core::suggest::evaluate::{cross_validate, evaluate, learning_curve_chart, Counts};
use scholia_core::suggest::tagger::{Tagger, TrainOptions};
use scholia_core::suggest::{Decision, Decisions, Source, SUGGESTIONS_LAYER};
use scholia_core::{
    AnnotatedDocument, Annotation, Document, Edit, Fragment, Key, Scheme, Timestamp,
};

/// Sentences where people are the two title-case words after “Mr” or
/// before “said”, and places come after “in”.
const SENTENCES: &[&str] = &[
    "Yesterday Anna Berg said the talks in Tirana went well .",
    "In Lisbon , Paulo Costa said nothing .",
    "Maria Lopez said the rain in Oslo stopped .",
    "Talks in Vienna ended , Omar Haddad said .",
    "Later Jan Novak said he lives in Prague .",
    "Meanwhile Lena Vogel said she moved to Berlin .",
    "Mr Ivan Petrov flew in from Sofia .",
    "The office in Madrid opened and Ana Ruiz said so .",
];

fn scheme() -> Scheme {
    let mut scheme = Scheme::default();
    scheme.ensure_label("PER");
    scheme.ensure_label("LOC");
    scheme
}

/// A document of sentences (one a line), its people and places tagged in
/// `layer` (people: the two words before “said” or after “Mr”; places:
/// the word after “in”/“In”/“to”/“from”).
fn tagged(id: &str, sentences: &[&str], layer: &str) -> AnnotatedDocument {
    let text = sentences.join("\n");
    let mut doc = AnnotatedDocument::new(Document::new(id, &text), scheme());
    let mut offset = 0;
    let mut n = 0;
    for sentence in sentences {
        let words: Vec<&str> = sentence.split(' ').collect();
        let mut starts = Vec::new();
        let mut at = offset;
        for w in &words {
            starts.push(at);
            at += w.chars().count() + 1;
        }
        let mut add = |label: &str, a: usize, b: usize| {
            n += 1;
            let end = starts[b] + words[b].chars().count();
            doc.apply(Edit::AddAnnotation(Annotation::new(
                Key::new(layer, format!("a{n}")),
                label,
                Fragment::new(starts[a], end),
                Timestamp(0),
            )))
            .unwrap();
        };
        for (i, w) in words.iter().enumerate() {
            if *w == "said" && i >= 2 && words[i - 1].starts_with(char::is_uppercase) {
                add("PER", i - 2, i - 1);
            }
            if *w == "Mr" {
                add("PER", i + 1, i + 2);
            }
            if ["in", "In", "to", "from"].contains(w)
                && words[i + 1].starts_with(char::is_uppercase)
            {
                add("LOC", i + 1, i + 1);
            }
        }
        offset += sentence.chars().count() + 1;
    }
    doc
}

fn quotes(
    doc: &AnnotatedDocument,
    found: &[scholia_core::suggest::Suggestion],
) -> Vec<(String, String)> {
    found
        .iter()
        .map(|s| {
            let f = s.fragments[0];
            (
                doc.document().text.slice(f.start, f.end).to_string(),
                s.label.clone(),
            )
        })
        .collect()
}

#[test]
fn the_tagger_learns_from_annotations_and_suggests_on_a_new_document() {
    let train = tagged("train", SENTENCES, "alice");
    let tagger = Tagger::train(&[&train], &TrainOptions::default()).unwrap();
    assert_eq!(tagger.labels(), ["PER", "LOC"]);
    let new = AnnotatedDocument::new(
        Document::new(
            "new",
            "Today Eva Klein said the meeting in Athens was long .",
        ),
        scheme(),
    );
    let found = tagger.suggest(&new, &Decisions::default());
    assert_eq!(
        quotes(&new, &found),
        [
            ("Eva Klein".into(), "PER".into()),
            ("Athens".into(), "LOC".into())
        ]
    );
    assert!(found
        .iter()
        .all(|s| s.source == Source::Tagger && s.confidence > 0.5 && s.confidence <= 1.0));

    // A rejected suggestion is not proposed again; a tagged span neither.
    let mut decisions = Decisions::default();
    decisions.decide(&found[1], Decision::Rejected);
    assert_eq!(
        quotes(&new, &tagger.suggest(&new, &decisions)),
        [("Eva Klein".into(), "PER".into())]
    );
}

#[test]
fn training_is_deterministic_and_a_model_reads_back_as_it_was_written() {
    let train = tagged("train", SENTENCES, "alice");
    let a = Tagger::train(&[&train], &TrainOptions::default()).unwrap();
    let b = Tagger::train(&[&train], &TrainOptions::default()).unwrap();
    let json = a.to_json();
    assert_eq!(json, b.to_json());
    let back = Tagger::from_json(&json, "m.json").unwrap();
    assert_eq!(back.to_json(), json);
    let text = "Then Eva Klein said she flew to Athens .\nIn Rome , Tom Lee said yes .";
    assert_eq!(back.predict(text), a.predict(text));
    assert!(json.starts_with(r#"{"format":"scholia-tagger","version":1,"labels":["PER","LOC"]"#));
}

#[test]
fn bad_models_name_the_file_and_field() {
    let e = Tagger::from_json(
        r#"{"format":"scholia-tagger","version":1,"labels":"PER"}"#,
        "m.json",
    )
    .unwrap_err();
    assert_eq!(
        (e.file.as_deref(), e.field.as_deref()),
        (Some("m.json"), Some("labels"))
    );
    let e = Tagger::from_json(r#"{"format":"other","version":1,"labels":["A"],"trainedOn":{"sentences":0,"tokens":0,"spans":0,"epochs":0},"transitions":[],"features":{}}"#, "m.json").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("format"));
    let e = Tagger::from_json(r#"{"format":"scholia-tagger","version":1,"labels":["A"],"trainedOn":{"sentences":0,"tokens":0,"spans":0,"epochs":0},"transitions":[0.0],"features":{}}"#, "m.json").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("transitions"));
    assert!(
        e.to_string().contains("expected 12 transition weights"),
        "{e}"
    );
    let e = Tagger::from_json("not json", "m.json").unwrap_err();
    assert_eq!(e.file.as_deref(), Some("m.json"));
    // A feature's weights: one that is not a number, a tag past the last.
    let model = |features: &str| {
        format!(
            r#"{{"format":"scholia-tagger","version":1,"labels":["A"],"trainedOn":{{"sentences":0,"tokens":0,"spans":0,"epochs":0}},"transitions":[0,0,0,0,0,0,0,0,0,0,0,0],"features":{features}}}"#
        )
    };
    let e = Tagger::from_json(
        &model(r#"{"bias":[[0,1.5]],"l=x":[[1,"heavy"]]}"#),
        "m.json",
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("features.l=x[0][1]"), "{e}");
    let e =
        Tagger::from_json(&model(r#"{"bias":[[0,1.5]],"l=x":[[3,1.0]]}"#), "m.json").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("features.l=x"), "{e}");
    assert!(e.to_string().contains("tag 3 does not exist"), "{e}");
    let read =
        Tagger::from_json(&model(r#"{"bias":[[0,1.5],[2,-1]],"w=x":[]}"#), "m.json").unwrap();
    assert_eq!(read.n_features(), 2);
}

#[test]
fn nothing_to_learn_is_an_error_and_the_suggestions_layer_is_never_learnt() {
    let doc = tagged("d", SENTENCES, SUGGESTIONS_LAYER);
    let e = Tagger::train(&[&doc], &TrainOptions::default()).unwrap_err();
    assert!(e.to_string().contains("no annotation to learn from"), "{e}");
    let options = TrainOptions {
        layer: Some("bob".into()),
        ..TrainOptions::default()
    };
    let e = Tagger::train(&[&tagged("d", SENTENCES, "alice")], &options).unwrap_err();
    assert!(e.to_string().contains("“bob”"), "{e}");
}

#[test]
fn evaluation_counts_exact_span_and_label() {
    let mut counts = Counts::default();
    let f = Fragment::new;
    counts.add(
        &[
            (f(0, 5), "PER".into()),
            (f(10, 15), "LOC".into()),
            (f(20, 25), "LOC".into()),
        ],
        &[
            (f(0, 5), "PER".into()),
            (f(10, 14), "LOC".into()),
            (f(20, 25), "PER".into()),
        ],
    );
    let e = counts.evaluation();
    assert_eq!(e.micro.precision, Some(1.0 / 3.0));
    assert_eq!(e.micro.recall, Some(1.0 / 3.0));
    assert_eq!(e.labels["PER"].precision, Some(0.5));
    assert_eq!(e.labels["PER"].recall, Some(1.0));
    assert_eq!(e.labels["LOC"].f1, Some(0.0));
}

#[test]
fn a_tagger_scores_itself_and_cross_validation_folds_documents() {
    let docs: Vec<AnnotatedDocument> = SENTENCES
        .chunks(2)
        .enumerate()
        .map(|(i, s)| tagged(&format!("d{i}"), s, "alice"))
        .collect();
    let refs: Vec<&AnnotatedDocument> = docs.iter().collect();
    let tagger = Tagger::train(&refs, &TrainOptions::default()).unwrap();
    let on_training = evaluate(&tagger, &refs, None);
    assert_eq!(on_training.micro.f1, Some(1.0));
    let cv = cross_validate(&refs, 4, &TrainOptions::default()).unwrap();
    // Every reference span is counted once, in the fold that tests it.
    let n_spans: usize = docs.iter().map(|d| d.annotations().len()).sum();
    assert_eq!(cv.micro.counts.reference, n_spans as u64);
    assert!(cv.micro.f1.unwrap() > 0.5, "{cv:?}");
    let e = cross_validate(&refs, 5, &TrainOptions::default()).unwrap_err();
    assert!(e.to_string().contains("at least 5 documents"), "{e}");
    let svg = to_svg(&learning_curve_chart(
        "Learning curve",
        &[
            ("2 documents".into(), cv.clone()),
            ("4 documents".into(), on_training),
        ],
    ));
    assert!(svg.starts_with("<svg") && svg.contains("2 documents") && svg.contains("PER F1"));
}
