//! Counting what a document holds, and printing import and export reports.

use std::collections::BTreeMap;

use scholia_core::format::Report;
use scholia_core::AnnotatedDocument;

/// What documents hold: totals, and annotations by label, relations by
/// type, both by layer.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub documents: usize,
    pub annotations: usize,
    pub relations: usize,
    pub labels: BTreeMap<String, usize>,
    pub relation_types: BTreeMap<String, usize>,
    pub layers: BTreeMap<String, LayerCounts>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LayerCounts {
    pub annotations: usize,
    pub relations: usize,
}

/// The counts of one document.
pub fn counts(document: &AnnotatedDocument) -> Counts {
    let mut counts = Counts {
        documents: 1,
        annotations: document.annotations().len(),
        relations: document.relations().len(),
        ..Counts::default()
    };
    for annotation in document.annotations() {
        *counts
            .labels
            .entry(annotation.label.to_string())
            .or_default() += 1;
        counts
            .layers
            .entry(annotation.key.layer.to_string())
            .or_default()
            .annotations += 1;
    }
    for relation in document.relations() {
        *counts
            .relation_types
            .entry(relation.kind.clone())
            .or_default() += 1;
        counts
            .layers
            .entry(relation.key.layer.to_string())
            .or_default()
            .relations += 1;
    }
    counts
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.documents += other.documents;
        self.annotations += other.annotations;
        self.relations += other.relations;
        for (label, n) in &other.labels {
            *self.labels.entry(label.clone()).or_default() += n;
        }
        for (kind, n) in &other.relation_types {
            *self.relation_types.entry(kind.clone()).or_default() += n;
        }
        for (layer, n) in &other.layers {
            let mine = self.layers.entry(layer.clone()).or_default();
            mine.annotations += n.annotations;
            mine.relations += n.relations;
        }
    }

    /// "3 documents, 12 annotations, 2 relations".
    pub fn sentence(&self) -> String {
        format!(
            "{}, {}, {}",
            plural(self.documents, "document"),
            plural(self.annotations, "annotation"),
            plural(self.relations, "relation")
        )
    }
}

pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Prints a report, one line per item, each line starting with `prefix`.
pub fn print_report(prefix: &str, report: &Report) {
    for line in &report.reanchored {
        outln!("{prefix}re-anchored: {line}");
    }
    for line in &report.not_represented {
        outln!("{prefix}not represented: {line}");
    }
    for line in &report.notes {
        outln!("{prefix}note: {line}");
    }
}
