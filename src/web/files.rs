//! Downloads and reading the user's files.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::document;

/// Offers `content` as a download named `file_name`.
pub fn download(file_name: &str, content: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not create the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not create the file".to_string())?;
    let anchor: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(|_| "the browser could not start the download".to_string())?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Revoke once the download has started.
    let url_to_revoke = url.clone();
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url_to_revoke);
    })
    .forget();
    Ok(())
}

/// A file the user chose or dropped: its name and contents, as the browser
/// read them (outside wasm memory), copied in by [`PickedFile::bytes`] when
/// they are needed, so that several large files are not all in wasm memory
/// at once.
pub struct PickedFile {
    pub name: String,
    data: js_sys::Uint8Array,
}

impl PickedFile {
    pub fn bytes(&self) -> Vec<u8> {
        self.data.to_vec()
    }
}

/// The files of a list, taken out of it at once: a `FileList` is live, and
/// empties when its input is reset or its drop event ends.
pub fn take_files(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// The files chosen in the file input a `change` event comes from, taken
/// out of it, and the input emptied: choosing the same file again must fire
/// `change` again.
pub fn take_chosen(e: &web_sys::Event) -> Vec<web_sys::File> {
    use wasm_bindgen::JsCast;
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let chosen = input.files().map(|l| take_files(&l)).unwrap_or_default();
    input.set_value("");
    chosen
}

/// A file's path within the folder the user chose (`alice/doc.ann`, from a
/// folder picker), else its name.
pub fn path_of(file: &web_sys::File) -> String {
    js_sys::Reflect::get(file, &"webkitRelativePath".into())
        .ok()
        .and_then(|path| path.as_string())
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| file.name())
}

/// Reads each file, in order, keeping the contents in the browser.
pub async fn read_all(files: Vec<web_sys::File>) -> Vec<Result<PickedFile, String>> {
    let mut read = Vec::new();
    for file in files {
        let name = file.name();
        read.push(match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => Ok(PickedFile {
                name,
                data: js_sys::Uint8Array::new(&buffer),
            }),
            Err(_) => Err(format!(
                "Could not read “{name}”: the browser refused to read the file."
            )),
        });
    }
    read
}
