//! Reading user-supplied JS values defensively: a throwing getter, a wrong type or a missing property
//! becomes a message, never a trap.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

/// A readable name for the type of `value`, for messages ("got a string").
pub(crate) fn type_name(value: &JsValue) -> &'static str {
    if value.is_null() {
        "null"
    } else if value.is_undefined() {
        "undefined"
    } else if Array::is_array(value) {
        "an array"
    } else if value.is_string() {
        "a string"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_function() {
        "a function"
    } else if value.is_bigint() {
        "a bigint"
    } else if value.is_symbol() {
        "a symbol"
    } else {
        "an object"
    }
}

/// A plain options object: an object that is not an array or function.
pub(crate) fn is_object(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value) && !value.is_function()
}

/// `object[key]`, with `undefined` and `null` read as absent.
pub(crate) fn get(object: &JsValue, key: &str, context: &str) -> Result<Option<JsValue>, String> {
    if !object.is_object() && !object.is_function() {
        return Ok(None);
    }
    match Reflect::get(object, &JsValue::from_str(key)) {
        Ok(v) if v.is_undefined() || v.is_null() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(_) => Err(format!("{context}: reading `{key}` threw an exception.")),
    }
}

pub(crate) fn number(object: &JsValue, key: &str, context: &str) -> Result<Option<f64>, String> {
    match get(object, key, context)? {
        None => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or_else(|| {
            format!(
                "{context}: `{key}` must be a number, got {}.",
                type_name(&v)
            )
        }),
    }
}

pub(crate) fn string(object: &JsValue, key: &str, context: &str) -> Result<Option<String>, String> {
    match get(object, key, context)? {
        None => Ok(None),
        Some(v) => v.as_string().map(Some).ok_or_else(|| {
            format!(
                "{context}: `{key}` must be a string, got {}.",
                type_name(&v)
            )
        }),
    }
}
