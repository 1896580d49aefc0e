//! A Scholia file read straight into a document: each annotation is
//! checked and added as soon as it is parsed, so the file's records are
//! never all in memory beside the document (about 5 MB for 10,000
//! annotations). The same checks as [`scholia::from_file`]; anything it
//! refuses gives an error, and [`scholia::import`] says precisely why.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::scholia::{self, AnnotationV1, Builder, DocumentV1, RelationV1, SchemeV1};
use crate::{AnnotatedDocument, Error};

/// The document of a well-formed Scholia file of this version (UTF-8) that
/// passes every check. The error is the check's (naming the record and
/// field) or serde_json's, with the line and column; [`scholia::import`]
/// says more precisely what is wrong with a file that is not well formed.
pub fn read_direct(json: &[u8]) -> Result<AnnotatedDocument, Error> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let doc = (&mut de)
        .deserialize_map(FileVisitor)
        .map_err(|e| Error::invalid(e.to_string()))?;
    de.end().map_err(|e| Error::invalid(e.to_string()))?;
    Ok(doc)
}

struct FileVisitor;

/// What a field holds until the document can be built.
#[derive(Default)]
struct Parts {
    format: Option<String>,
    version: Option<u64>,
    generator: bool,
    document: Option<DocumentV1>,
    scheme: Option<SchemeV1>,
    builder: Option<Builder>,
    /// Annotations that came before the document or the scheme.
    early: Option<Vec<AnnotationV1>>,
    streamed: bool,
    relations: Option<Vec<RelationV1>>,
}

impl Parts {
    /// The builder, made once the document and the scheme are both read.
    fn builder<E: de::Error>(&mut self) -> Result<Option<&mut Builder>, E> {
        if self.builder.is_none() && self.document.is_some() && self.scheme.is_some() {
            if let (Some(document), Some(scheme)) = (self.document.take(), self.scheme.take()) {
                self.builder = Some(Builder::new(document, scheme).map_err(E::custom)?);
            }
        }
        Ok(self.builder.as_mut())
    }
}

fn once<T, E: de::Error>(slot: &Option<T>, field: &'static str) -> Result<(), E> {
    match slot {
        Some(_) => Err(E::duplicate_field(field)),
        None => Ok(()),
    }
}

const FIELDS: &[&str] = &[
    "format",
    "version",
    "generator",
    "document",
    "scheme",
    "annotations",
    "relations",
];

impl<'de> Visitor<'de> for FileVisitor {
    type Value = AnnotatedDocument;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Scholia file")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnnotatedDocument, A::Error> {
        let mut parts = Parts::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    once(&parts.format, "format")?;
                    parts.format = Some(map.next_value()?);
                }
                "version" => {
                    once(&parts.version, "version")?;
                    parts.version = Some(map.next_value()?);
                }
                "generator" => {
                    if parts.generator {
                        return Err(de::Error::duplicate_field("generator"));
                    }
                    parts.generator = true;
                    map.next_value::<Option<String>>()?;
                }
                "document" => {
                    if parts.document.is_some() || parts.builder.is_some() {
                        return Err(de::Error::duplicate_field("document"));
                    }
                    parts.document = Some(map.next_value()?);
                }
                "scheme" => {
                    if parts.scheme.is_some() || parts.builder.is_some() {
                        return Err(de::Error::duplicate_field("scheme"));
                    }
                    parts.scheme = Some(map.next_value()?);
                }
                "annotations" => {
                    if parts.streamed || parts.early.is_some() {
                        return Err(de::Error::duplicate_field("annotations"));
                    }
                    match parts.builder()? {
                        Some(builder) => {
                            map.next_value_seed(Annotations(builder))?;
                            parts.streamed = true;
                        }
                        None => parts.early = Some(map.next_value()?),
                    }
                }
                "relations" => {
                    once(&parts.relations, "relations")?;
                    parts.relations = Some(map.next_value()?);
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        if parts.format.as_deref() != Some(scholia::FORMAT)
            || parts.version != Some(scholia::VERSION)
        {
            return Err(de::Error::custom("not a Scholia file of this version"));
        }
        let early = parts.early.take().unwrap_or_default();
        let relations = parts.relations.take().unwrap_or_default();
        parts.builder::<A::Error>()?;
        let Some(mut builder) = parts.builder.take() else {
            return Err(de::Error::missing_field(if parts.document.is_none() {
                "document"
            } else {
                "scheme"
            }));
        };
        for record in early {
            builder.annotation(record).map_err(de::Error::custom)?;
        }
        for record in relations {
            builder.relation(record).map_err(de::Error::custom)?;
        }
        Ok(builder.finish())
    }
}

/// The `annotations` array, each record added to the builder as it is read.
struct Annotations<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for Annotations<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Annotations<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of annotations")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(record) = seq.next_element::<AnnotationV1>()? {
            self.0.annotation(record).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Document, Fragment, Key, Relation, Scheme, Timestamp};
    use crate::Edit;

    /// What the two-step read gives: parse into the file types, then check.
    fn two_steps(json: &str) -> Option<AnnotatedDocument> {
        scholia::parse_direct(json).and_then(|file| scholia::from_file(file).ok())
    }

    fn sample() -> AnnotatedDocument {
        let text = "Rama said Iran attacked Albania 👩‍👩‍👧 today.\r\nTirana cut ties.";
        let mut doc = AnnotatedDocument::new(Document::new("d1", text), Scheme::default_scheme());
        for (id, label, start, end) in [
            ("a1", "actor", 0, 4),
            ("a2", "event", 15, 23),
            ("a3", "claim", 5, 31),
        ] {
            let a = Annotation::new(
                Key::new("me", id),
                label,
                Fragment::new(start, end),
                Timestamp(0),
            );
            doc.apply(Edit::AddAnnotation(a)).unwrap();
        }
        let relation = Relation {
            key: Key::new("me", "r1"),
            kind: "source-of".into(),
            source: "a3".into(),
            target: "a1".into(),
            attributes: Default::default(),
            note: "said by".into(),
            created: Timestamp(0),
            modified: Timestamp(0),
            foreign_id: None,
        };
        doc.apply(Edit::AddRelation(relation)).unwrap();
        doc
    }

    #[test]
    fn a_file_read_directly_equals_one_parsed_then_checked() {
        let doc = sample();
        let json = scholia::export(&doc);
        let direct = read_direct(json.as_bytes()).expect("the file reads");
        assert_eq!(direct, doc);
        assert_eq!(Some(direct), two_steps(&json));

        // Fields in another order: annotations and relations before the
        // document and the scheme.
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut reordered = serde_json::Map::new();
        for field in [
            "relations",
            "annotations",
            "scheme",
            "version",
            "document",
            "format",
        ] {
            reordered.insert(field.into(), value[field].clone());
        }
        let reordered = serde_json::Value::Object(reordered).to_string();
        assert_eq!(read_direct(reordered.as_bytes()).ok(), Some(doc.clone()));
        assert_eq!(
            read_direct(reordered.as_bytes()).ok(),
            two_steps(&reordered)
        );
    }

    #[test]
    fn a_refusal_names_the_record_and_field() {
        let json = scholia::export(&sample());
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["annotations"][1]["fragments"][0]["quote"] = "Iraq".into();
        let error = read_direct(value.to_string().as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("fragments[0].quote") && error.contains("annotation “a3”"),
            "{error}"
        );
    }

    #[test]
    fn what_the_two_step_read_refuses_the_direct_read_refuses() {
        let json = scholia::export(&sample());
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let changed = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut v = value.clone();
            edit(&mut v);
            v.to_string()
        };
        let broken = [
            changed(&|v| v["format"] = "other".into()),
            changed(&|v| v["version"] = 2.into()),
            changed(&|v| v["extra"] = 1.into()),
            changed(&|v| {
                v.as_object_mut().unwrap().remove("scheme");
            }),
            changed(&|v| v["annotations"][1]["fragments"][0]["quote"] = "Iraq".into()),
            changed(&|v| v["annotations"][2]["id"] = "a1".into()),
            changed(&|v| v["annotations"][0]["label"] = "unknown".into()),
            changed(&|v| v["relations"][0]["target"] = "nobody".into()),
            changed(&|v| v["document"]["sha256"] = "00".into()),
            format!("{json} trailing"),
            json.replacen("\"annotations\"", "\"annotations\": [], \"annotations\"", 1),
            json[..json.len() / 2].to_string(),
        ];
        // Not UTF-8: refused, as by `from_utf8` before a parse.
        let mut latin1 = json.clone().into_bytes();
        let at = json.find("Tirana").unwrap();
        latin1[at] = 0xe9;
        assert!(std::str::from_utf8(&latin1).is_err());
        assert!(read_direct(&latin1).is_err());
        for (i, file) in broken.iter().enumerate() {
            assert_eq!(
                two_steps(file),
                None,
                "case {i} should be refused by the two-step read"
            );
            assert!(read_direct(file.as_bytes()).is_err(), "case {i}");
        }
    }
}
