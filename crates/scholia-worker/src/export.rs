//! Writing the open document in another format. The app sends it as
//! Scholia JSON; it is read back through every check before it is written.

use scholia_core::format::detect::{self, Format};
use scholia_core::format::{scholia, ExportOptions, OffsetUnit};

use crate::import::app_wording;
use crate::protocol::{ExportSettings, ExportedFile, Offsets, Report};

/// The files (extension and content) and what the format could not carry,
/// or why nothing could be written.
pub fn run(
    document: &str,
    format: &str,
    settings: &ExportSettings,
) -> Result<(Vec<(ExportedFile, String)>, Report), String> {
    let format: Format = format.parse()?;
    let doc = scholia::import(document).map_err(|e| e.to_string())?;
    let options = ExportOptions {
        layer: settings.layer.clone().filter(|l| !l.is_empty()),
        offsets: match settings.offsets {
            Offsets::CodePoints => OffsetUnit::CodePoints,
            Offsets::Utf16 => OffsetUnit::Utf16,
        },
    };
    let exported =
        detect::export(format, &doc, &options).map_err(|e| app_wording(&e.to_string()))?;
    let files = exported
        .files
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
    let report = exported.report;
    Ok((
        files,
        Report {
            reanchored: report.reanchored,
            not_represented: report.not_represented,
            notes: report.notes,
        },
    ))
}
