//! The API's resources as JS classes (`client.generations`, `client.assets`, ...), and what their
//! methods share: argument checks, per-request options, and the promise they return.

pub(crate) mod assets;
pub(crate) mod batch;
pub(crate) mod generations;
pub(crate) mod models;
pub(crate) mod webhooks;

use std::future::Future;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::client::ClientInner;
use crate::core::url;
use crate::js_errors::{self, Fields};
use crate::js_value::{self, type_name};
use crate::options::{self, CallOptions};
use crate::request::Reply;

#[wasm_bindgen(module = "/js/files.js")]
extern "C" {
    #[wasm_bindgen(js_name = toBlob)]
    fn to_blob_js(value: &JsValue, fallback_name: &str, text_type: &str) -> Promise;
    #[wasm_bindgen(js_name = isFileLike)]
    pub(crate) fn is_file_like(value: &JsValue) -> bool;
    #[wasm_bindgen(js_name = withRawResponse)]
    fn with_raw_response(raw: &Promise) -> Promise;
}

/// A method's work, boxed so that all methods share one copy of the promise machinery in the wasm.
pub(crate) type Work = std::pin::Pin<Box<dyn Future<Output = Result<Reply, JsValue>>>>;

/// Run a method: parse its request options, run `f`, and return a promise of the data that also has
/// `withRawResponse()`. Errors, including bad arguments, reject the promise; nothing throws.
pub(crate) fn respond<F, Fut>(client: &Rc<ClientInner>, options: Option<Object>, f: F) -> Promise
where
    F: FnOnce(Rc<ClientInner>, CallOptions) -> Fut + 'static,
    Fut: Future<Output = Result<Reply, JsValue>> + 'static,
{
    respond_boxed(
        client.clone(),
        options,
        Box::new(move |client, options| Box::pin(f(client, options))),
    )
}

fn respond_boxed(
    client: Rc<ClientInner>,
    options: Option<Object>,
    f: Box<dyn FnOnce(Rc<ClientInner>, CallOptions) -> Work>,
) -> Promise {
    let raw = future_to_promise(async move {
        let options = call_options(&client, options.as_ref())?;
        let reply = f(client, options).await?;
        Ok(Fields::new()
            .with("data", reply.data.clone())
            .with("rawResponse", reply.raw_response())
            .into_object())
    });
    with_raw_response(&raw)
}

/// `GET {prefix}{id}`: the plain `get(id)` of a resource. `method` and `what` name the call and the
/// id in messages.
pub(crate) fn get_by_id(
    client: &Rc<ClientInner>,
    options: Option<Object>,
    id: JsValue,
    method: &'static str,
    what: &'static str,
    prefix: &'static str,
) -> Promise {
    respond(client, options, move |client, options| async move {
        let id = path_id(&id, method, what)?;
        crate::request::execute_reply(
            &client,
            crate::request::Call::get(format!("{prefix}{id}")),
            &options,
        )
        .await
    })
}

pub(crate) fn call_options(
    client: &ClientInner,
    options: Option<&Object>,
) -> Result<CallOptions, JsValue> {
    let options: Option<JsValue> = options.map(|o| o.clone().into());
    options::call_options(options.as_ref(), client.key.expose())
        .map_err(|m| js_errors::configuration(&m))
}

/// A path id argument: a non-empty string, percent-encoded. `method` names the call in messages.
pub(crate) fn path_id(id: &JsValue, method: &str, what: &str) -> Result<String, JsValue> {
    match id.as_string() {
        Some(id) => url::path_id(&id, what)
            .map_err(|m| js_errors::validation("id", &format!("{method}: {m}"))),
        None => Err(js_errors::validation(
            "id",
            &format!("{method}: id must be a string, got {}.", type_name(id)),
        )),
    }
}

/// An optional object argument (query or body); `undefined`/`null` read as an empty object.
pub(crate) fn object_arg(value: &JsValue, method: &str, name: &str) -> Result<JsValue, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(Object::new().into())
    } else if js_value::is_object(value) {
        Ok(value.clone())
    } else {
        Err(js_errors::validation(
            name,
            &format!(
                "{method}: {name} must be an object, got {}.",
                type_name(value)
            ),
        ))
    }
}

/// Read an optional string field of an argument object, as a validation error when mistyped.
pub(crate) fn opt_string(
    object: &JsValue,
    key: &str,
    method: &str,
) -> Result<Option<String>, JsValue> {
    js_value::string(object, key, method).map_err(|m| js_errors::validation(key, &m))
}

/// A string or a list of strings (`status: "COMPLETED"` or `status: ["COMPLETED", "FAILED"]`).
pub(crate) fn string_list(
    object: &JsValue,
    key: &str,
    method: &str,
) -> Result<Vec<String>, JsValue> {
    let Some(value) =
        js_value::get(object, key, method).map_err(|m| js_errors::validation(key, &m))?
    else {
        return Ok(Vec::new());
    };
    if let Some(one) = value.as_string() {
        return Ok(vec![one]);
    }
    if Array::is_array(&value) {
        let mut list = Vec::new();
        for item in Array::from(&value).iter() {
            match item.as_string() {
                Some(s) => list.push(s),
                None => {
                    return Err(js_errors::validation(
                        key,
                        &format!(
                            "{method}: {key} must hold strings, got {}.",
                            type_name(&item)
                        ),
                    ))
                }
            }
        }
        return Ok(list);
    }
    Err(js_errors::validation(
        key,
        &format!(
            "{method}: {key} must be a string or an array of strings, got {}.",
            type_name(&value)
        ),
    ))
}

/// `limit`: a whole number from 1 to 100, as the API accepts.
pub(crate) fn limit(object: &JsValue, method: &str) -> Result<Option<String>, JsValue> {
    let limit = js_value::number(object, "limit", method)
        .map_err(|m| js_errors::validation("limit", &m))?;
    match limit {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && (1.0..=100.0).contains(&n) => {
            Ok(Some((n as u32).to_string()))
        }
        Some(_) => Err(js_errors::validation(
            "limit",
            &format!("{method}: limit must be a whole number from 1 to 100."),
        )),
    }
}

/// A date filter: an ISO 8601 string or a `Date`.
pub(crate) fn date(
    object: &JsValue,
    keys: &[&str],
    method: &str,
) -> Result<Option<String>, JsValue> {
    for key in keys {
        let value =
            js_value::get(object, key, method).map_err(|m| js_errors::validation(key, &m))?;
        let Some(value) = value else { continue };
        if let Some(text) = value.as_string() {
            return Ok(Some(text));
        }
        let iso = Reflect::get(&value, &"toISOString".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&value).ok())
            .and_then(|v| v.as_string());
        return iso.map(Some).ok_or_else(|| {
            js_errors::validation(
                key,
                &format!("{method}: {key} must be an ISO 8601 string or a valid Date."),
            )
        });
    }
    Ok(None)
}

/// A file argument as a Blob (bytes stay in JS) and its file name.
pub(crate) async fn to_blob(
    value: &JsValue,
    field: &str,
    fallback_name: &str,
    text_type: &str,
) -> Result<(web_sys::Blob, String), JsValue> {
    let result = JsFuture::from(to_blob_js(value, fallback_name, text_type))
        .await
        .map_err(|e| {
            let detail = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            js_errors::validation(field, &format!("{field}: {detail}."))
        })?;
    let blob = Reflect::get(&result, &"blob".into())
        .unwrap_or(JsValue::UNDEFINED)
        .unchecked_into();
    let name = Reflect::get(&result, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| fallback_name.to_owned());
    Ok((blob, name))
}

/// JSON text of a value, or a validation error naming `field`.
pub(crate) fn to_json(value: &JsValue, field: &str, method: &str) -> Result<String, JsValue> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|j| j.as_string())
        .ok_or_else(|| {
            js_errors::validation(
                field,
                &format!(
                    "{method}: {field} cannot be converted to JSON (it has a cycle, a BigInt or a throwing \
                     toJSON). Pass plain data."
                ),
            )
        })
}
