//! Generations as returned to users: the API has renamed fields over time (`outputUrl` →
//! `outputMediaUrl`, `error_code` → `errorCode`) and may send either spelling, so both are filled in.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

const ALIASES: [(&str, &str); 2] = [("outputUrl", "outputMediaUrl"), ("errorCode", "error_code")];

/// Fill each missing spelling from the other, on a generation or on each generation of a list.
pub(crate) fn normalize(value: &JsValue) {
    if Array::is_array(value) {
        Array::from(value).for_each(&mut |item, _, _| normalize_one(&item));
    } else {
        normalize_one(value);
    }
}

fn normalize_one(generation: &JsValue) {
    if !generation.is_object() {
        return;
    }
    let read = |key: &str| {
        Reflect::get(generation, &JsValue::from_str(key))
            .ok()
            .filter(|v| v.is_string())
    };
    for (a, b) in ALIASES {
        match (read(a), read(b)) {
            (None, Some(v)) => {
                let _ = Reflect::set(generation, &JsValue::from_str(a), &v);
            }
            (Some(v), None) => {
                let _ = Reflect::set(generation, &JsValue::from_str(b), &v);
            }
            _ => {}
        }
    }
}
