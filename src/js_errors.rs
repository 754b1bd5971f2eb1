//! Creating the JS error classes of `js/errors.js` from Rust.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::core::error::ErrorClass;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(name: &str, message: &str, options: &Object) -> JsValue;
}

/// Properties of an error under construction (`status`, `body`, `cause`, ...).
pub(crate) struct Fields(Object);

impl Fields {
    pub(crate) fn new() -> Self {
        Fields(Object::new())
    }

    /// Set a property; `undefined` values are skipped so they stay absent.
    pub(crate) fn with(self, key: &str, value: impl Into<JsValue>) -> Self {
        let value = value.into();
        if !value.is_undefined() {
            // Setting a data property on a fresh plain object cannot fail.
            let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value);
        }
        self
    }

    /// The plain object, for values that are not errors.
    pub(crate) fn into_object(self) -> JsValue {
        self.0.into()
    }

    pub(crate) fn build(self, class: ErrorClass, message: &str) -> JsValue {
        make_error(class.js_name(), message, &self.0)
    }
}

pub(crate) fn configuration(message: &str) -> JsValue {
    Fields::new().build(ErrorClass::Configuration, message)
}

pub(crate) fn validation(field: &str, message: &str) -> JsValue {
    Fields::new()
        .with("field", field)
        .build(ErrorClass::Validation, message)
}
