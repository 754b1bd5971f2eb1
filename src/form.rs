//! Multipart request bodies as one Blob: the text of `core::multipart` around the callers' own Blobs,
//! so `fetch` streams the files from where they are and their bytes never enter wasm memory.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::Blob;

use crate::core::multipart::{self, Part, Segment};
use crate::js_errors;
use crate::request::Body;

#[derive(Default)]
pub(crate) struct Form {
    parts: Vec<Part>,
    files: Vec<Blob>,
}

impl Form {
    pub(crate) fn field(&mut self, name: &str, value: &str) {
        self.parts.push(Part::Field {
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }

    /// A file part; its content type is the Blob's own.
    pub(crate) fn file(&mut self, name: &str, blob: Blob, file_name: &str) {
        self.parts.push(Part::File {
            name: name.to_owned(),
            file_name: file_name.to_owned(),
            content_type: blob.type_(),
        });
        self.files.push(blob);
    }

    pub(crate) fn into_body(self) -> Result<Body, JsValue> {
        let boundary = multipart::boundary(crate::random::bytes());
        let pieces = Array::new();
        for segment in multipart::encode(&self.parts, &boundary) {
            match segment {
                Segment::Text(text) => pieces.push(&JsValue::from_str(&text)),
                Segment::File(n) => pieces.push(&self.files[n]),
            };
        }
        let blob = Blob::new_with_blob_sequence(&pieces).map_err(|_| {
            js_errors::configuration("This runtime cannot build a Blob for the upload.")
        })?;
        Ok(Body::Blob(blob, multipart::content_type(&boundary)))
    }
}
