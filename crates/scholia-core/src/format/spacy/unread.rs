//! What a spaCy / Prodigy record holds that the import does not keep, named
//! in the report.

use serde_json::{Map, Value};

use crate::format::records::report_unread;
use crate::format::Report;

/// Why a field of a record is not kept, for the report.
fn record_field_reason(key: &str) -> &'static str {
    match key {
        "tokens" => "Prodigy's tokens are not kept (Scholia counts characters; its exports write their own when relations need them)",
        "meta" => "the example's metadata is not kept",
        "options" => "the candidates Prodigy offered for a span are not kept; the accepted id is the span's entity link",
        "label" => "a record's label beside its spans is not kept (in a record without spans it is a document label)",
        "_input_hash" | "_task_hash" => "Prodigy's hash is not kept (Prodigy computes it again)",
        "_session_id" | "_view_id" | "_timestamp" | "_is_binary" => "Prodigy's bookkeeping is not kept",
        "html" => "the HTML shown in Prodigy is not kept (the text is)",
        _ => "this field is not read",
    }
}

/// Names, in the report, every field of a record (and of its spans and
/// relations) that the import does not keep.
pub(super) fn report_unread_fields(object: &Map<String, Value>, index: usize, report: &mut Report) {
    const FORMAT: &str = "spaCy / Prodigy";
    let first = ("record", index);
    let spans = match object.get("spans") {
        Some(Value::Array(spans)) => spans.len(),
        _ => 0,
    };
    // Options and a label classify the whole text in a record without
    // exactly one span (without spans, for a label).
    let mut read = vec![
        "text",
        "spans",
        "relations",
        "answer",
        "_annotator_id",
        "accept",
        "cats",
    ];
    if spans != 1 {
        read.push("options");
    }
    if spans == 0 {
        read.push("label");
    }
    report_unread(
        report,
        FORMAT,
        "",
        object,
        &read,
        record_field_reason,
        first,
    );
    let items = |list: &str| match object.get(list) {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    let read = ["start", "end", "label", "text", "id", "kb_id"];
    for span in items("spans") {
        report_unread(
            report,
            FORMAT,
            "spans[].",
            span,
            &read,
            item_field_reason,
            first,
        );
    }
    let read = ["head", "child", "head_span", "child_span", "label"];
    for relation in items("relations") {
        report_unread(
            report,
            FORMAT,
            "relations[].",
            relation,
            &read,
            item_field_reason,
            first,
        );
        // A relation's ends: only their place and label are read.
        for end in ["head_span", "child_span"] {
            if let Some(Value::Object(span)) = relation.get(end) {
                report_unread(
                    report,
                    FORMAT,
                    &format!("relations[].{end}."),
                    span,
                    &["start", "end", "label"],
                    |_| {
                        "the ends' token positions are not kept (Scholia finds the span by its characters)"
                    },
                    first,
                );
            }
        }
    }
}

/// Why a field of a span or a relation is not kept, for the report.
fn item_field_reason(key: &str) -> &'static str {
    match key {
        "token_start" | "token_end" => "token positions are not kept (Scholia counts characters)",
        "color" => "relation colours are not kept (Scholia's relation types have none)",
        "score" | "rank" | "source" | "input_hash" => "the suggesting model's details are not kept",
        "type" => "Prodigy's span type is not kept",
        _ => "this field is not read",
    }
}
