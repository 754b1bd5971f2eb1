//! Method arguments the resources share: ids, file inputs, and request bodies as checked snapshots.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::op::Op;
use crate::core::error::Error;
use crate::core::text::concat;
use crate::core::url;
use crate::core::validate::{self, CreateView};
use crate::js::read::{self, Reader, Snapshot};
use crate::js::{self, Failure};
use crate::net::request::Call;

/// A path id argument: a non-empty string, percent-encoded. `method` names the call in messages.
pub(crate) fn path_id(id: &JsValue, method: &str, what: &str) -> Result<String, Failure> {
    match id.as_string() {
        Some(id) => url::path_id(&id, what)
            .map_err(|m| Error::validation("id", concat(&[method, ": ", &m])).into()),
        None => Err(Reader::arguments(method).wrong_type("id", "a string", id)),
    }
}

/// The work of a resource's `get(id, options)`: `GET {prefix}{id}`.
pub(crate) fn get_by_id(
    id: &JsValue,
    options: &JsValue,
    method: &str,
    what: &str,
    prefix: &str,
    generations: bool,
) -> Result<Op, Failure> {
    let options = super::options::call(options)?;
    let id = path_id(id, method, what)?;
    Ok(Op::Send {
        call: Call::get(concat(&[prefix, &id])),
        options,
        generations,
    })
}

/// The work of a list method: `GET` of the path `path` builds from the query's snapshot.
pub(crate) fn list(
    query: &JsValue,
    options: &JsValue,
    method: &str,
    path: fn(Option<&crate::core::json::Json>) -> Result<String, Error>,
    generations: bool,
) -> Result<Op, Failure> {
    let options = super::options::call(options)?;
    let query = Reader::arguments(method).snapshot(query, "query")?;
    Ok(Op::Send {
        call: Call::get(path(query.as_ref().map(|q| &q.json))?),
        options,
        generations,
    })
}

/// A generation request body (`create`, `estimateCost`), checked; its JSON text is what is sent.
pub(crate) fn create_body(body: &JsValue, method: &str) -> Result<Snapshot, Failure> {
    let reader = Reader::arguments(method);
    let Some(snapshot) = reader.snapshot(body, "body")? else {
        return Err(reader.refuse(
            "body",
            &concat(&[
                "body must be an object such as { model, input }, got ",
                read::type_name(body),
                ".",
            ]),
        ));
    };
    check_create(&snapshot.json, method, false, false)?;
    Ok(snapshot)
}

/// The rules of `core::validate` on a snapshot.
pub(crate) fn check_create(
    json: &crate::core::json::Json,
    method: &str,
    video_file: bool,
    audio_file: bool,
) -> Result<(), Failure> {
    validate::check_create(&CreateView::from_json(json, video_file, audio_file))
        .map_err(|e| Error::validation(&e.field, concat(&[method, ": ", &e.message])).into())
}

/// A file argument as a real Blob (its bytes stay in JS), with its name, type and size.
pub(crate) struct File {
    pub blob: web_sys::Blob,
    pub name: String,
    pub content_type: String,
    pub size: f64,
}

/// Read a file argument (Blob, File, stream, buffer, or text for `text_type` files) in JS.
pub(crate) async fn file(
    value: &JsValue,
    method: &str,
    field: &str,
    fallback_name: &str,
    text_type: &str,
) -> Result<File, Failure> {
    let refused = |thrown: JsValue| {
        let mut failure = Reader::arguments(method).refuse(
            field,
            &concat(&[field, ": ", &read::thrown_text(&thrown), "."]),
        );
        failure.cause = Some(thrown);
        failure
    };
    let pending = js::to_blob(value, fallback_name, text_type).map_err(refused)?;
    let file = JsFuture::from(pending).await.map_err(refused)?;
    let field = |key: &str| read::property(&file, key).unwrap_or(JsValue::UNDEFINED);
    Ok(File {
        blob: field("blob").unchecked_into(),
        name: field("name")
            .as_string()
            .unwrap_or_else(|| fallback_name.to_owned()),
        content_type: field("type").as_string().unwrap_or_default(),
        size: field("size").as_f64().unwrap_or(0.0),
    })
}
