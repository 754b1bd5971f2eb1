//! Multipart request bodies as one Blob: the text of `core::multipart` around the callers' own Blobs,
//! so `fetch` streams the files from where they are and their bytes never enter wasm memory.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::Blob;

use super::request::Body;
use crate::core::error::Error;
use crate::core::multipart::{self, Part, Segment};

#[derive(Default)]
pub struct Form {
    parts: Vec<Part>,
    files: Vec<Blob>,
}

impl Form {
    pub fn field(&mut self, name: &str, value: &str) {
        self.parts.push(Part::Field {
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }

    /// A file part: a real Blob (from `js/files.js`), with its name and content type.
    pub fn file(&mut self, name: &str, blob: Blob, file_name: &str, content_type: String) {
        self.parts.push(Part::File {
            name: name.to_owned(),
            file_name: file_name.to_owned(),
            content_type,
        });
        self.files.push(blob);
    }

    pub fn into_body(self) -> Result<Body, Error> {
        let boundary = multipart::boundary(super::random::bytes());
        let pieces = Array::new();
        for segment in multipart::encode(&self.parts, &boundary) {
            match segment {
                Segment::Text(text) => pieces.push(&JsValue::from_str(&text)),
                Segment::File(n) => match self.files.get(n) {
                    Some(file) => pieces.push(file),
                    None => continue,
                },
            };
        }
        let blob = Blob::new_with_blob_sequence(&pieces).map_err(|_| {
            Error::configuration("This runtime cannot build a Blob for the upload.")
        })?;
        Ok(Body::Blob(blob, multipart::content_type(&boundary)))
    }
}
