//! Scheme files (`scholia-scheme`), read and written by the formats' worker,
//! so that the page carries neither the file's precise checks nor its
//! writer. The scheme travels as the native format's scheme record.

use scholia_core::format::scholia::{scheme_from_file, scheme_to_file};
use scholia_core::Scheme;
use scholia_worker::protocol::{self, Request, Response};

use crate::web::worker::{self, Event, Session};

/// Reads a chosen scheme file: the scheme, or why not (naming the file and
/// the field).
pub async fn read_scheme(file: &web_sys::File) -> Result<Scheme, String> {
    let request = Request::ReadScheme {
        job: 1,
        name: file.name(),
    };
    match Session::new().ask_with_file(&request, file).await {
        Event::Answer(Response::Scheme { result, .. }, _) => {
            result.and_then(|scheme| scheme_from_file(scheme).map_err(|e| e.to_string()))
        }
        Event::Answer(..) => {
            Err("the part of Scholia that reads files answered something else".into())
        }
        Event::Failed(error) => Err(error),
    }
}

/// A scheme file's content.
pub async fn write_scheme(scheme: &Scheme) -> Result<String, String> {
    let request = Request::WriteScheme {
        job: 1,
        scheme: scheme_to_file(scheme),
    };
    match Session::new().ask_plain(&request).await {
        Event::Answer(Response::Written { result, .. }, payload) => {
            result.map(|()| worker::text(&payload, protocol::CONTENTS).unwrap_or_default())
        }
        Event::Answer(..) => {
            Err("the part of Scholia that writes files answered something else".into())
        }
        Event::Failed(error) => Err(error),
    }
}
