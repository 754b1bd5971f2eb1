//! The one reader of callers' values. Every touch of a value the SDK did not make (a property read,
//! `Array.isArray`, iteration, keys, `JSON.stringify`, copying bytes) is here, through `catch`
//! imports, and comes back as a `Result`. A throwing getter, a revoked Proxy, a Proxy whose traps
//! throw, a throwing iterator or a detached buffer become one kind of refusal: a typed error naming
//! the method and the field, with what the caller's code threw as its `cause`.
//!
//! Object arguments that are plain data (bodies, queries, fields) are read once, as a JSON snapshot
//! (`JSON.stringify`, the same text that is sent), and checked in Rust on the snapshot.

use js_sys::{Array, ArrayBuffer, Function, Uint8Array};
use wasm_bindgen::prelude::*;

use super::Failure;
use crate::core::error::{Error, ErrorClass, What};
use crate::core::json::{self, Json};
use crate::core::text::concat;

#[wasm_bindgen]
extern "C" {
    // These return booleans, so a throw leaks nothing (see `super`).
    #[wasm_bindgen(js_namespace = Reflect, js_name = set, catch)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = deleteProperty, catch)]
    fn reflect_delete(target: &JsValue, key: &JsValue) -> Result<bool, JsValue>;
}

/// `target[key]`; a non-object reads as `undefined`. `Err` carries what a getter or trap threw.
pub fn property(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if !target.is_object() && !target.is_function() {
        return Ok(JsValue::UNDEFINED);
    }
    super::reflect_get(target, &JsValue::from_str(key))
}

/// `target[key]` as a string, `None` for anything else or a throw (for values the SDK parsed).
pub fn string_property(target: &JsValue, key: &str) -> Option<String> {
    property(target, key).ok()?.as_string()
}

/// Set a property on an object the SDK made or parsed (a failure is ignored: such objects are plain).
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = reflect_set(target, &JsValue::from_str(key), value);
}

/// Remove a property from an object the SDK made.
pub fn remove(target: &JsValue, key: &str) {
    let _ = reflect_delete(target, &JsValue::from_str(key));
}

/// Call `target[name](...args)`.
pub fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let f = property(target, name)?;
    if !f.is_function() {
        return Err(JsValue::from_str("not a function"));
    }
    super::apply(&f, target, &args.iter().copied().collect())
}

pub fn is_array(value: &JsValue) -> bool {
    value.is_object() && super::is_array(value).unwrap_or(false)
}

/// A readable name for the type of `value` ("a string"), without running any of its code.
pub fn type_name(value: &JsValue) -> &'static str {
    if value.is_null() {
        "null"
    } else if value.is_undefined() {
        "undefined"
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
    } else if is_array(value) {
        "an array"
    } else {
        "an object"
    }
}

/// A plain options object: an object that is not an array or function.
pub fn is_object(value: &JsValue) -> bool {
    value.is_object() && !is_array(value)
}

/// What a thrown value says about itself (its `message`, or the string thrown), for messages.
pub fn thrown_text(thrown: &JsValue) -> String {
    if let Some(text) = thrown.as_string() {
        return text;
    }
    string_property(thrown, "message").unwrap_or_default()
}

/// Name-value pairs of a `Headers` (or any iterable of pairs), names lowercased; anything that
/// cannot be read as pairs is skipped.
pub fn string_pairs(headers: &JsValue) -> Vec<(String, String)> {
    let Ok(entries) = super::array_from(headers) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for entry in entries.iter() {
        let read = |i: &str| property(&entry, i).ok().and_then(|v| v.as_string());
        if let (Some(name), Some(value)) = (read("0"), read("1")) {
            pairs.push((name.to_ascii_lowercase(), value));
        }
    }
    pairs
}

/// The bytes of a `Uint8Array` (a Node `Buffer` is one) or an `ArrayBuffer`, copied into wasm.
/// `None` for anything else; `Err` for a detached (transferred) buffer.
pub fn bytes(value: &JsValue) -> Option<Result<Vec<u8>, JsValue>> {
    if ArrayBuffer::is_view(value) {
        if !value.is_instance_of::<Uint8Array>() {
            return None;
        }
        return Some(super::copy_view(value).map(|copy| copy.to_vec()));
    }
    if !value.is_instance_of::<ArrayBuffer>() {
        return None;
    }
    Some(super::array_buffer_copy(value).map(|copy| Uint8Array::new(&copy).to_vec()))
}

/// A JSON snapshot of an object argument: the text `JSON.stringify` gave and its parse.
pub struct Snapshot {
    pub text: String,
    pub json: Json,
}

/// Reads the fields of one argument, refusing with errors that name `context` (the method or the
/// options object) and the field: `SyncValidationError` for method arguments,
/// `SyncConfigurationError` for options.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub context: &'a str,
    pub class: ErrorClass,
}

impl<'a> Reader<'a> {
    pub const fn arguments(context: &'a str) -> Reader<'a> {
        Reader {
            context,
            class: ErrorClass::Validation,
        }
    }

    pub const fn options(context: &'a str) -> Reader<'a> {
        Reader {
            context,
            class: ErrorClass::Configuration,
        }
    }

    /// A refusal: `"{context}: {message}"`.
    pub fn refuse(&self, field: &str, message: &str) -> Failure {
        let mut error = Error::new(
            self.class,
            What::Text(concat(&[self.context, ": ", message])),
        );
        if self.class == ErrorClass::Validation {
            error.field = Some(field.to_owned());
        }
        error.into()
    }

    /// `"{context}: `{field}` must be {expected}, got {type}."`
    pub fn wrong_type(&self, field: &str, expected: &str, got: &JsValue) -> Failure {
        self.refuse(
            field,
            &concat(&[
                "`",
                field,
                "` must be ",
                expected,
                ", got ",
                type_name(got),
                ".",
            ]),
        )
    }

    /// The caller's code threw while `field` was read; what it threw becomes the `cause`.
    pub fn threw(&self, field: &str, thrown: JsValue) -> Failure {
        let text = thrown_text(&thrown);
        let mut failure = self.refuse(
            field,
            &concat(&[
                "reading `",
                field,
                "` threw: ",
                if text.is_empty() {
                    "an exception"
                } else {
                    &text
                },
                ".",
            ]),
        );
        failure.cause = Some(thrown);
        failure
    }

    /// `target[key]`, with `undefined` and `null` read as absent.
    pub fn get(&self, target: &JsValue, key: &str) -> Result<Option<JsValue>, Failure> {
        match property(target, key) {
            Ok(v) if v.is_undefined() || v.is_null() => Ok(None),
            Ok(v) => Ok(Some(v)),
            Err(thrown) => Err(self.threw(key, thrown)),
        }
    }

    pub fn string(&self, target: &JsValue, key: &str) -> Result<Option<String>, Failure> {
        match self.get(target, key)? {
            None => Ok(None),
            Some(v) => v
                .as_string()
                .map(Some)
                .ok_or_else(|| self.wrong_type(key, "a string", &v)),
        }
    }

    pub fn number(&self, target: &JsValue, key: &str) -> Result<Option<f64>, Failure> {
        match self.get(target, key)? {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.wrong_type(key, "a number", &v)),
        }
    }

    pub fn boolean(&self, target: &JsValue, key: &str) -> Result<Option<bool>, Failure> {
        match self.get(target, key)? {
            None => Ok(None),
            Some(v) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.wrong_type(key, "a boolean", &v)),
        }
    }

    pub fn function(&self, target: &JsValue, key: &str) -> Result<Option<Function>, Failure> {
        match self.get(target, key)? {
            None => Ok(None),
            Some(v) => match v.dyn_into::<Function>() {
                Ok(f) => Ok(Some(f)),
                Err(v) => Err(self.wrong_type(key, "a function", &v)),
            },
        }
    }

    /// The own enumerable keys of an options object.
    pub fn keys(&self, target: &JsValue) -> Result<Vec<String>, Failure> {
        match super::object_keys(target) {
            Ok(keys) => Ok(keys.iter().filter_map(|k| k.as_string()).collect()),
            Err(thrown) => Err(self.threw("keys", thrown)),
        }
    }

    /// The snapshot of an optional object argument named `name`; `None` for `undefined`/`null`.
    pub fn snapshot(&self, value: &JsValue, name: &str) -> Result<Option<Snapshot>, Failure> {
        self.snapshot_without(value, name, &[])
    }

    /// As `snapshot`, leaving out the top-level fields `skip` (file fields, which are not data).
    pub fn snapshot_without(
        &self,
        value: &JsValue,
        name: &str,
        skip: &[&str],
    ) -> Result<Option<Snapshot>, Failure> {
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        if !value.is_object() || is_array(value) {
            return Err(self.wrong_type(name, "an object", value));
        }
        let source = if skip.is_empty() {
            value.clone()
        } else {
            let copy = super::object_assign(&js_sys::Object::new(), value)
                .map_err(|thrown| self.threw(name, thrown))?;
            for key in skip {
                remove(&copy, key);
            }
            copy
        };
        let text = match super::json_stringify(&source) {
            Ok(text) => text.as_string().unwrap_or_default(),
            Err(thrown) => {
                let detail = thrown_text(&thrown);
                let mut failure = self.refuse(
                    name,
                    &concat(&[
                        "`",
                        name,
                        "` cannot be read as JSON data (",
                        if detail.is_empty() { "it threw" } else { &detail },
                        "). Pass plain data: no cycles, BigInts, revoked Proxies or getters that throw.",
                    ]),
                );
                failure.cause = Some(thrown);
                return Err(failure);
            }
        };
        match json::parse(&text) {
            Some(json @ Json::Object(_)) => Ok(Some(Snapshot { text, json })),
            // `toJSON` can turn an object into anything.
            Some(other) => Err(self.refuse(
                name,
                &concat(&[
                    "`",
                    name,
                    "` must be an object, got ",
                    other.type_name(),
                    ".",
                ]),
            )),
            None => Err(self.wrong_type(name, "an object", value)),
        }
    }
}

/// The items of an array the SDK parsed (`JSON.parse` output, so a real array), without copying it;
/// an empty array for anything else.
pub fn items(value: &JsValue) -> Array {
    if is_array(value) {
        value.clone().unchecked_into()
    } else {
        Array::new()
    }
}
