//! Scholia scheme files, version 1: a label scheme on its own, to share
//! across a team. See docs/scheme.md and docs/scholia-scheme-1.schema.json.
//!
//! The labels, relation types and attributes are written exactly as in a
//! Scholia JSON file's `scheme` (the same serde types), under a marker of
//! their own.

use serde::{Deserialize, Serialize};

use super::scholia::{
    scheme_from_file, scheme_to_file, AttributeDefV1, DocumentLabelSetV1, LabelV1, RelationTypeV1,
    SchemeV1,
};
use crate::error::{quoted, Error, ErrorKind};
use crate::model::Scheme;

/// The value of the `format` field.
pub const FORMAT: &str = "scholia-scheme";
/// The version this build writes, and the newest it reads.
pub const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SchemeFileV1 {
    pub format: String,
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
    pub labels: Vec<LabelV1>,
    #[serde(default)]
    pub relation_types: Vec<RelationTypeV1>,
    #[serde(default)]
    pub attributes: Vec<AttributeDefV1>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_label_sets: Vec<DocumentLabelSetV1>,
    /// The project's guidelines: plain text, never markup.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidelines: String,
}

/// Writes a scheme file (pretty-printed).
pub fn export(scheme: &Scheme) -> String {
    let SchemeV1 {
        labels,
        relation_types,
        attributes,
        document_label_sets,
        guidelines,
    } = scheme_to_file(scheme);
    let file = SchemeFileV1 {
        format: FORMAT.into(),
        version: VERSION,
        generator: Some(format!("Scholia {}", env!("CARGO_PKG_VERSION"))),
        labels,
        relation_types,
        attributes,
        document_label_sets,
        guidelines,
    };
    super::pretty_json(&file)
}

/// Reads a scheme file, or the `scheme` of a Scholia JSON file. Errors name
/// the field (`labels[2].color`); the caller adds the file name.
pub fn import(json: &str) -> Result<Scheme, Error> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        Error::new(ErrorKind::Syntax(format!(
            "{} (column {})",
            e.to_string()
                .split(" at line ")
                .next()
                .unwrap_or("not JSON"),
            e.column()
        )))
        .at_line(e.line())
    })?;
    let format = value.get("format").and_then(|f| f.as_str());
    let value = match format {
        Some(FORMAT) => value,
        // A whole annotated file: take its scheme.
        Some(super::scholia::FORMAT) => {
            let scheme = value.get("scheme").cloned().ok_or_else(|| {
                Error::new(ErrorKind::Missing)
                    .in_field("scheme")
                    .in_record("file")
            })?;
            return read_scheme(scheme).map_err(|e| prefix_field(e, "scheme"));
        }
        Some(other) => {
            return Err(Error::new(ErrorKind::UnknownFormat(format!(
                "this is a {} file, not a Scholia scheme",
                quoted(other)
            )))
            .in_field("format"))
        }
        None => {
            return Err(Error::new(ErrorKind::UnknownFormat(
                "this is not a Scholia scheme: it has no \"format\": \"scholia-scheme\" marker"
                    .into(),
            ))
            .in_field("format"))
        }
    };
    super::scholia::check_version(&value, VERSION)?;
    let file: SchemeFileV1 = serde_path_to_error::deserialize(&value).map_err(shape_error)?;
    scheme_from_file(SchemeV1 {
        labels: file.labels,
        relation_types: file.relation_types,
        attributes: file.attributes,
        document_label_sets: file.document_label_sets,
        guidelines: file.guidelines,
    })
    .map_err(|mut e| {
        // scheme_from_file names its record "scheme": in this file the
        // scheme is the whole file.
        e.record = None;
        e
    })
}

fn read_scheme(value: serde_json::Value) -> Result<Scheme, Error> {
    let scheme: SchemeV1 = serde_path_to_error::deserialize(&value).map_err(shape_error)?;
    scheme_from_file(scheme)
}

fn shape_error(e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = e.path().to_string();
    let error = Error::invalid(e.inner().to_string());
    if path == "." || path == "?" {
        error
    } else {
        error.in_field(path)
    }
}

fn prefix_field(mut e: Error, prefix: &str) -> Error {
    e.field = Some(match e.field.take() {
        Some(field) => format!("{prefix}.{field}"),
        None => prefix.to_string(),
    });
    e.record = None;
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_default_and_an_edited_scheme() {
        let mut scheme = Scheme::default_scheme();
        assert_eq!(import(&export(&scheme)).unwrap(), scheme);
        scheme.add_label("Place");
        scheme.labels[3].hotkey = Some("p".into());
        scheme.labels[3].description = "A named place.".into();
        scheme.add_attribute("Certain");
        let json = export(&scheme);
        assert!(json.contains(r#""format": "scholia-scheme""#), "{json}");
        assert_eq!(import(&json).unwrap(), scheme);
        // Underlines and guidelines, markup in them kept as text.
        scheme.labels[1].underline = Some(crate::Underline::Wavy);
        scheme.guidelines = "Tag *actors*.\n- <script>alert(1)</script>".into();
        scheme.labels[0].guide = crate::LabelGuide {
            definition: "Who acts.".into(),
            examples: vec!["Edi Rama".into(), "<b>x</b>".into()],
            counter_examples: vec!["Tirana".into()],
        };
        let json = export(&scheme);
        assert!(json.contains(r#""underline": "wavy""#), "{json}");
        assert!(json.contains(r#""counterExamples": ["#), "{json}");
        assert_eq!(import(&json).unwrap(), scheme);
        // Absent fields are not written: an older reader's file is unchanged.
        assert!(!export(&Scheme::default_scheme()).contains("underline"));
    }

    #[test]
    fn reads_the_scheme_of_an_annotated_file() {
        let doc = crate::AnnotatedDocument::new(
            crate::Document::new("d", "text"),
            Scheme::default_scheme(),
        );
        let json = crate::format::scholia::export(&doc);
        assert_eq!(import(&json).unwrap(), Scheme::default_scheme());
    }

    #[test]
    fn bad_files_name_the_field() {
        let good: serde_json::Value =
            serde_json::from_str(&export(&Scheme::default_scheme())).unwrap();
        let mut bad_color = good.clone();
        bad_color["labels"][1]["color"] = "orange".into();
        let mut duplicate = good.clone();
        duplicate["labels"][2]["id"] = "actor".into();
        let mut unknown = good.clone();
        unknown["labels"][0]["colour"] = "#000000".into();
        let mut undeclared = good.clone();
        undeclared["relationTypes"][0]["sourceLabels"][0] = "place".into();
        let mut underline = good.clone();
        underline["labels"][2]["underline"] = "zigzag".into();
        let mut version = good.clone();
        version["version"] = 2.into();
        let cases = [
            (
                bad_color.to_string(),
                "field “labels[1].color”: the colour “orange” is not written #rrggbb",
            ),
            (duplicate.to_string(), "field “labels[2].id”"),
            (
                unknown.to_string(),
                "field “labels[0].colour”: unknown field `colour`",
            ),
            (
                undeclared.to_string(),
                "field “relationTypes[0].sourceLabels”",
            ),
            (version.to_string(), "version"),
            (
                underline.to_string(),
                "field “labels[2].underline”: the underline “zigzag” is not one of solid, dashed, dotted, double, wavy",
            ),
            (
                r#"{"format": "scholia", "version": 1}"#.into(),
                "field “scheme”",
            ),
            (
                r#"{"labels": []}"#.into(),
                "no \"format\": \"scholia-scheme\" marker",
            ),
            ("{\"format\": \"scholia-scheme\",".into(), "not well-formed"),
        ];
        for (json, expected) in cases {
            let error = import(&json)
                .unwrap_err()
                .in_file("team.scheme.json")
                .to_string();
            assert!(error.starts_with("team.scheme.json"), "{error}");
            assert!(error.contains(expected), "{error}\n  expected: {expected}");
        }
    }
}
