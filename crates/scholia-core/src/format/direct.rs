//! A Scholia file read straight into a document: each annotation is
//! checked and added as soon as it is parsed, so the file's records are
//! never all in memory beside the document (about 5 MB for 10,000
//! annotations). The same checks as [`scholia::from_file`]; anything it
//! refuses gives an error, and [`scholia::import`] says precisely why.

use std::ops::Range;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::json_string;
use super::scholia::{
    self, AnnotationV1, Builder, DocumentLabelsV1, DocumentV1, RelationV1, SchemeV1,
};
use crate::knowledge::file::EntityV1;
use crate::text::Text;
use crate::{AnnotatedDocument, Error, KnowledgeBase};

/// The document of a well-formed Scholia file of this version (UTF-8) that
/// passes every check. The error is the check's (naming the record and
/// field) or serde_json's, with the line and column; [`scholia::import`]
/// says more precisely what is wrong with a file that is not well formed.
///
/// Two passes over the bytes, each with its own parser: the first finds
/// the document and the scheme (and stops there in a file Scholia wrote),
/// the second checks the whole file and reads the annotations. The text is
/// unescaped on its own, into one allocation its size (serde_json's buffer
/// would grow by doubling and stay until its parser goes), so the largest
/// file a user opens needs that much less memory at its peak: wasm memory
/// never shrinks.
pub fn read_direct(json: &[u8]) -> Result<AnnotatedDocument, Error> {
    read_direct_with_entities(json).map(|(doc, _)| doc)
}

/// [`read_direct`], with the entities the file carries (the ones its links
/// name, with their names, aliases and external ids) as a knowledge base.
pub fn read_direct_with_entities(json: &[u8]) -> Result<(AnnotatedDocument, KnowledgeBase), Error> {
    let (head, _) = read_head(json)?;
    let (doc, entities) = read_rest(json, head)?;
    let kb = crate::knowledge::file::entities_from_file(entities)?;
    Ok((doc, kb))
}

/// [`read_direct`] of bytes the caller gives away. Once the first pass has
/// found the text, the file's copy of it (a third of a typical file) is cut
/// out of the bytes, and the annotations the second pass reads take its
/// place in memory. (An error of the second pass after the text gives a
/// column as if the text were empty.)
pub fn read_direct_owned(json: Vec<u8>) -> Result<AnnotatedDocument, Error> {
    read_direct_owned_with_entities(json).map(|(doc, _)| doc)
}

/// [`read_direct_owned`], with the entities the file carries (see
/// [`read_direct_with_entities`]).
pub fn read_direct_owned_with_entities(
    mut json: Vec<u8>,
) -> Result<(AnnotatedDocument, KnowledgeBase), Error> {
    let (head, text_at) = read_head(&json)?;
    if let Some(at) = text_at {
        json.splice(at, *b"\"\"");
        json.shrink_to_fit();
    }
    let (doc, entities) = read_rest(&json, head)?;
    let kb = crate::knowledge::file::entities_from_file(entities)?;
    Ok((doc, kb))
}

fn read_rest(json: &[u8], head: Head<Text>) -> Result<(AnnotatedDocument, Vec<EntityV1>), Error> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let doc = (&mut de)
        .deserialize_map(FileVisitor { head })
        .map_err(|e| Error::invalid(e.to_string()))?;
    de.end().map_err(|e| Error::invalid(e.to_string()))?;
    Ok(doc)
}

/// The first `document` and `scheme` of a file.
struct Head<T> {
    document: Option<DocumentV1<T>>,
    scheme: Option<SchemeV1>,
}

/// The first pass: the head with its text, and where the text's literal is
/// in `json`.
fn read_head(json: &[u8]) -> Result<(Head<Text>, Option<Range<usize>>), Error> {
    let mut head: Head<&RawValue> = Head {
        document: None,
        scheme: None,
    };
    let mut de = serde_json::Deserializer::from_slice(json);
    match (&mut de).deserialize_map(HeadVisitor(&mut head)) {
        Ok(()) => {}
        // Stopped on purpose: both are read.
        Err(_) if head.document.is_some() && head.scheme.is_some() => {}
        Err(e) => return Err(Error::invalid(e.to_string())),
    }
    let Head { document, scheme } = head;
    let Some(document) = document else {
        return Ok((
            Head {
                document: None,
                scheme,
            },
            None,
        ));
    };
    let literal = document.text.get();
    let start = literal.as_ptr() as usize - json.as_ptr() as usize;
    let text = json_string::unescape(literal)
        .map_err(|e| Error::invalid(e).in_field("text").in_record("document"))?;
    let document = document.map_text(|_| Text::from_string(text));
    let head = Head {
        document: Some(document),
        scheme,
    };
    Ok((head, Some(start..start + literal.len())))
}

/// Reads the first `document` and `scheme`, skips the rest, and stops (with
/// an error that [`read_head`] recognises) as soon as it has both. What it
/// skips, the second pass checks.
struct HeadVisitor<'a, 'de>(&'a mut Head<&'de RawValue>);

impl<'de> Visitor<'de> for HeadVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Scholia file")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let head = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "document" if head.document.is_none() => head.document = Some(map.next_value()?),
                "scheme" if head.scheme.is_none() => head.scheme = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if head.document.is_some() && head.scheme.is_some() {
                return Err(de::Error::custom(
                    "stop: the document and the scheme are read",
                ));
            }
        }
        Ok(())
    }
}

/// The second pass: every field checked, the head's document and scheme
/// skipped (a second one is a duplicate), each annotation added as read.
struct FileVisitor {
    head: Head<Text>,
}

/// What a field holds until the document can be built.
#[derive(Default)]
struct Parts {
    format: Option<String>,
    version: Option<u64>,
    generator: bool,
    document: bool,
    scheme: bool,
    annotations: bool,
    relations: Option<Vec<RelationV1>>,
    document_labels: Option<Vec<DocumentLabelsV1>>,
    /// The entities its links name (a document does not hold the
    /// knowledge base: the library's takes them in).
    entities: Option<Vec<EntityV1>>,
}

/// Refuses a field met again.
fn once<E: de::Error>(seen_before: bool, field: &'static str) -> Result<(), E> {
    match seen_before {
        true => Err(E::duplicate_field(field)),
        false => Ok(()),
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
    "documentLabels",
    "entities",
];

impl<'de> Visitor<'de> for FileVisitor {
    type Value = (AnnotatedDocument, Vec<EntityV1>);

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Scholia file")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut builder = match (self.head.document, self.head.scheme) {
            (Some(document), Some(scheme)) => {
                Some(Builder::new(document, scheme).map_err(de::Error::custom)?)
            }
            _ => None,
        };
        let mut parts = Parts::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    once(parts.format.is_some(), "format")?;
                    parts.format = Some(map.next_value()?);
                }
                "version" => {
                    once(parts.version.is_some(), "version")?;
                    parts.version = Some(map.next_value()?);
                }
                "generator" => {
                    once(std::mem::replace(&mut parts.generator, true), "generator")?;
                    map.next_value::<Option<String>>()?;
                }
                // Read by the first pass.
                "document" => {
                    once(std::mem::replace(&mut parts.document, true), "document")?;
                    map.next_value::<IgnoredAny>()?;
                }
                "scheme" => {
                    once(std::mem::replace(&mut parts.scheme, true), "scheme")?;
                    map.next_value::<IgnoredAny>()?;
                }
                "annotations" => {
                    once(
                        std::mem::replace(&mut parts.annotations, true),
                        "annotations",
                    )?;
                    match builder.as_mut() {
                        Some(builder) => map.next_value_seed(Annotations(builder))?,
                        // (refused below for want of a document or a scheme)
                        None => drop(map.next_value::<Vec<AnnotationV1>>()?),
                    }
                }
                "relations" => {
                    once(parts.relations.is_some(), "relations")?;
                    parts.relations = Some(map.next_value()?);
                }
                "documentLabels" => {
                    once(parts.document_labels.is_some(), "documentLabels")?;
                    parts.document_labels = Some(map.next_value()?);
                }
                "entities" => {
                    once(parts.entities.is_some(), "entities")?;
                    parts.entities = Some(map.next_value()?);
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        if parts.format.as_deref() != Some(scholia::FORMAT)
            || parts.version != Some(scholia::VERSION)
        {
            return Err(de::Error::custom("not a Scholia file of this version"));
        }
        let Some(mut builder) = builder else {
            return Err(de::Error::missing_field(if parts.document {
                "scheme"
            } else {
                "document"
            }));
        };
        for record in parts.relations.unwrap_or_default() {
            builder.relation(record).map_err(de::Error::custom)?;
        }
        for record in parts.document_labels.unwrap_or_default() {
            builder.document_labels(record).map_err(de::Error::custom)?;
        }
        Ok((builder.finish(), parts.entities.unwrap_or_default()))
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

    /// Reads through both entry points, which must agree.
    fn read(json: &[u8]) -> Result<AnnotatedDocument, Error> {
        let borrowed = read_direct(json);
        let owned = read_direct_owned(json.to_vec());
        assert_eq!(borrowed.as_ref().ok(), owned.as_ref().ok());
        assert_eq!(borrowed.is_err(), owned.is_err());
        borrowed
    }

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
        let direct = read(json.as_bytes()).expect("the file reads");
        assert_eq!(direct, doc);
        // The text written with escapes another tool might use.
        let escaped =
            json.replacen("Albania", "Alb\\u0061nia", 1)
                .replacen('👩', "\\ud83d\\udc69", 1);
        assert_ne!(escaped, json);
        assert_eq!(read(escaped.as_bytes()).ok().as_ref(), Some(&doc));
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
        assert_eq!(read(reordered.as_bytes()).ok(), Some(doc.clone()));
        assert_eq!(read(reordered.as_bytes()).ok(), two_steps(&reordered));
    }

    /// `n` annotations on two layers, tagged by edits.
    fn many(n: usize) -> AnnotatedDocument {
        let text = "Rama said Iran attacked Albania today. ".repeat(300);
        let mut doc = AnnotatedDocument::new(Document::new("d1", &text), Scheme::default_scheme());
        for i in 0..n {
            let (layer, start) = (["me", "you"][i % 2], (i * 7) % 11_000);
            let a = Annotation::new(
                Key::new(layer, format!("a{i:05}")),
                ["actor", "event"][i % 3 % 2],
                Fragment::new(start, start + 4),
                Timestamp(i as i64),
            );
            doc.apply(Edit::AddAnnotation(a)).unwrap();
        }
        doc
    }

    #[test]
    fn thousands_of_annotations_read_in_batches_equal_the_ones_added_by_edits() {
        let doc = many(2500);
        let json = scholia::export(&doc);
        assert_eq!(read(json.as_bytes()).ok(), Some(doc.clone()));
        // An id met again long after the first (another batch): refused.
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let first = value["annotations"][3].clone();
        value["annotations"][2400]["id"] = first["id"].clone();
        value["annotations"][2400]["layer"] = first["layer"].clone();
        let error = read(value.to_string().as_bytes()).unwrap_err().to_string();
        let id = first["id"].as_str().unwrap();
        assert!(
            error.contains(&format!("the id “{id}” is used twice")),
            "{error}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Records in any order (the reader looks a key up only when it
        /// does not come after every key before it) read as the document;
        /// one key met twice, wherever, is refused.
        #[test]
        fn in_any_order_the_records_read_alike_and_a_key_met_twice_is_refused(
            order in proptest::strategy::Strategy::prop_shuffle(proptest::strategy::Just((0..1500).collect::<Vec<usize>>())),
            twice in 0..1500usize,
            at in 0..=1500usize,
        ) {
            let doc = many(1500);
            let mut value: serde_json::Value = serde_json::from_str(&scholia::export(&doc)).unwrap();
            let records = value["annotations"].as_array().unwrap().clone();
            let shuffled: Vec<_> = order.iter().map(|&i| records[i].clone()).collect();
            value["annotations"] = shuffled.clone().into();
            proptest::prop_assert_eq!(read(value.to_string().as_bytes()).ok(), Some(doc));
            let mut again = records[twice].clone();
            again["note"] = "the same key again".into();
            let mut with_twice = shuffled;
            with_twice.insert(at, again);
            value["annotations"] = with_twice.into();
            let error = read(value.to_string().as_bytes()).unwrap_err().to_string();
            let id = records[twice]["id"].as_str().unwrap();
            proptest::prop_assert!(error.contains(&format!("the id “{id}” is used twice")), "{}", error);
        }
    }

    #[test]
    fn a_refusal_names_the_record_and_field() {
        let json = scholia::export(&sample());
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["annotations"][1]["fragments"][0]["quote"] = "Iraq".into();
        let error = read(value.to_string().as_bytes()).unwrap_err().to_string();
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
            // A second document or scheme after the annotations (the first
            // pass stops before it).
            json.replacen("\"relations\"", "\"document\": {}, \"relations\"", 1),
            json.replacen(
                "\"relations\"",
                "\"scheme\": {\"labels\": []}, \"relations\"",
                1,
            ),
            json[..json.len() / 2].to_string(),
        ];
        // Not UTF-8: refused, as by `from_utf8` before a parse.
        let mut latin1 = json.clone().into_bytes();
        let at = json.find("Tirana").unwrap();
        latin1[at] = 0xe9;
        assert!(std::str::from_utf8(&latin1).is_err());
        assert!(read(&latin1).is_err());
        for (i, file) in broken.iter().enumerate() {
            assert_eq!(
                two_steps(file),
                None,
                "case {i} should be refused by the two-step read"
            );
            assert!(read(file.as_bytes()).is_err(), "case {i}");
        }
    }
}
