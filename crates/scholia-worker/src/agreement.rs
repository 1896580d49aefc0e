//! Measuring agreement, off the page: the report of one document, and the
//! report over many documents sent one at a time into an accumulator (so
//! that a large library never sits in memory at once). Documents come as
//! Scholia JSON and are read through every check.

use scholia_core::adjudication::annotator_layers;
use scholia_core::agreement::{document_agreement, Accumulator, AgreementReport, Options};
use scholia_core::format::scholia;

/// The report on one document, comparing `layers`.
pub fn document(
    json: &str,
    layers: &[String],
    options: Options,
) -> Result<AgreementReport, String> {
    let doc = scholia::import(json).map_err(|e| e.to_string())?;
    Ok(document_agreement(&doc, layers, options))
}

/// A measure over documents added one at a time: every annotator's layer
/// but gold, in each.
pub struct Measure(Accumulator);

impl Measure {
    pub fn new(options: Options) -> Measure {
        Measure(Accumulator::new(options))
    }

    pub fn add(&mut self, json: &str) -> Result<(), String> {
        let doc = scholia::import(json).map_err(|e| e.to_string())?;
        self.0.add(&doc, &annotator_layers(&doc));
        Ok(())
    }

    pub fn report(&self) -> AgreementReport {
        self.0.report()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::agreement::TokenScope;
    use scholia_core::edit::Edit;
    use scholia_core::model::{Annotation, Document, Fragment, Key, Scheme, Timestamp};
    use scholia_core::AnnotatedDocument;

    fn two_annotators() -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(
            Document::new("d", "Alice met Bob in Paris."),
            Scheme::default_scheme(),
        );
        let label = doc.scheme().labels[0].id.clone();
        for (layer, id, start, end) in [("a", "1", 0, 5), ("b", "1", 0, 5), ("a", "2", 10, 13)] {
            let annotation = Annotation::new(
                Key::new(layer, id),
                label.as_str(),
                Fragment::new(start, end),
                Timestamp(0),
            );
            doc.apply(Edit::AddAnnotation(annotation)).unwrap();
        }
        doc
    }

    #[test]
    fn the_report_is_the_cores_and_reads_back_from_json() {
        let doc = two_annotators();
        let json = scholia::export(&doc);
        let layers = vec!["a".to_string(), "b".to_string()];
        let options = Options {
            scope: TokenScope::LabelledTokens,
        };
        let report = document(&json, &layers, options.clone()).unwrap();
        assert_eq!(report, document_agreement(&doc, &layers, options.clone()));
        // The report reads back the same through serde.
        let back: AgreementReport =
            serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
        assert_eq!(back, report);

        let mut measure = Measure::new(options.clone());
        measure.add(&json).unwrap();
        measure.add(&json).unwrap();
        let mut accumulator = Accumulator::new(options);
        accumulator.add(&doc, &layers);
        accumulator.add(&doc, &layers);
        assert_eq!(measure.report(), accumulator.report());
        assert_eq!(measure.report().documents, 2);
    }

    #[test]
    fn a_broken_document_is_refused_with_its_reason() {
        let json = scholia::export(&two_annotators())
            .replace("\"quote\": \"Alice\"", "\"quote\": \"Carol\"");
        let error = Measure::new(Options::default()).add(&json).unwrap_err();
        assert!(error.contains("quote"), "{error}");
    }
}
