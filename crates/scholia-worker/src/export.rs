//! Writing the open document in another format. The app sends it as
//! Scholia JSON; it is read back through every check before it is written.

use scholia_core::format::detect::{self, Format};
use scholia_core::format::{scholia, ExportOptions};

use crate::import::app_wording;
use crate::protocol::{ExportSettings, ExportedFile, Report};

/// brat's configuration file, written beside the `.ann` and `.txt`.
pub const BRAT_CONF: &str = "annotation.conf";

/// The files (extension and content) and what the format could not carry,
/// or why nothing could be written.
pub fn run(
    document: &str,
    format: &str,
    settings: &ExportSettings,
) -> Result<(Vec<(ExportedFile, String)>, Report), String> {
    let format: Format = format.parse()?;
    // (with the entities the document carries, which its links name)
    let (doc, knowledge_base) =
        scholia::import_with_entities(document).map_err(|e| e.to_string())?;
    let options = ExportOptions {
        layer: settings.layer.clone().filter(|l| !l.is_empty()),
        offsets: settings.offsets,
        knowledge_base,
    };
    let exported =
        detect::export(format, &doc, &options).map_err(|e| app_wording(&e.to_string()))?;
    let mut files = exported.files;
    if format == Format::Brat {
        // The types, so that brat shows the document as Scholia does. A
        // name without a leading dot is the file's whole name.
        files.push(scholia_core::format::ExportedFile {
            extension: BRAT_CONF.into(),
            content: scholia_core::format::brat::annotation_conf(&doc),
        });
    }
    let files = files
        .into_iter()
        .map(|f| {
            (
                ExportedFile {
                    extension: f.extension,
                    bytes: f.content.len(),
                },
                f.content,
            )
        })
        .collect();
    Ok((files, exported.report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::{
        AnnotatedDocument, Annotation, Document, Edit, Fragment, Key, Scheme, Timestamp,
    };

    #[test]
    fn brat_comes_with_its_annotation_conf_and_utf16_offsets_are_written_as_asked() {
        let mut doc = AnnotatedDocument::new(
            Document::new("d1", "Tirana 👩‍👩‍👧 said Rama."),
            Scheme::default_scheme(),
        );
        let key = Key::new("alice", "a1");
        let span = Annotation::new(key, "actor", Fragment::new(18, 22), Timestamp(0));
        doc.apply(Edit::AddAnnotation(span)).unwrap();
        let json = scholia::export(&doc);
        let settings = ExportSettings::default();
        let (files, _) = run(&json, "brat", &settings).unwrap();
        let names: Vec<&str> = files.iter().map(|(f, _)| f.extension.as_str()).collect();
        assert_eq!(names, [".ann", ".txt", BRAT_CONF]);
        assert_eq!(files[0].1, "T1\tactor 18 22\tRama\n");
        assert!(files[2].1.contains("[entities]\nactor"), "{}", files[2].1);
        let utf16 = ExportSettings {
            offsets: scholia_core::format::OffsetUnit::Utf16,
            ..settings
        };
        let (files, _) = run(&json, "spacy", &utf16).unwrap();
        assert!(
            files[0].1.contains(r#""start":21,"end":25"#),
            "{}",
            files[0].1
        );
        assert!(run(&json, "nonsense", &utf16).is_err());
    }
}
