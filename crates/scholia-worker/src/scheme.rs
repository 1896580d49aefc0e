//! Scheme files (`scholia-scheme`), off the page: read with errors that
//! name the file and the field, and written from the scheme the page sends.

use scholia_core::format::scheme as scheme_file;
use scholia_core::format::scholia::{scheme_from_file, scheme_to_file, SchemeV1};
use scholia_core::Error;

/// Reads a scheme file: the scheme, checked; or why not, naming the file
/// and the field.
pub fn read(name: &str, bytes: &[u8]) -> Result<SchemeV1, String> {
    std::str::from_utf8(bytes)
        .map_err(|_| Error::invalid("it is not UTF-8 text"))
        .and_then(scheme_file::import)
        .map(|scheme| scheme_to_file(&scheme))
        .map_err(|error| error.in_file(name).to_string())
}

/// Writes a scheme file.
pub fn write(scheme: SchemeV1) -> Result<String, String> {
    let scheme = scheme_from_file(scheme).map_err(|e| e.to_string())?;
    Ok(scheme_file::export(&scheme))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::model::Scheme;

    #[test]
    fn a_scheme_file_written_here_reads_back() {
        let scheme = Scheme::default_scheme();
        let file = write(scheme_to_file(&scheme)).unwrap();
        assert_eq!(file, scheme_file::export(&scheme));
        let read_back = read("tags.scheme.json", file.as_bytes()).unwrap();
        assert_eq!(scheme_from_file(read_back).unwrap(), scheme);
    }

    #[test]
    fn errors_name_the_file_and_field() {
        let file = scheme_file::export(&Scheme::default_scheme());
        let broken = file.replacen("\"color\": \"#", "\"color\": \"nope", 1);
        assert_ne!(broken, file);
        let error = read("tags.scheme.json", broken.as_bytes()).unwrap_err();
        assert!(
            error.contains("tags.scheme.json") && error.contains("color"),
            "{error}"
        );
        let error = read("tags.scheme.json", b"\xff").unwrap_err();
        assert!(
            error.contains("tags.scheme.json") && error.contains("UTF-8"),
            "{error}"
        );
    }
}
