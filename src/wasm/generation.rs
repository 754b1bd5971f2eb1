//! Generations as returned to users: the API has renamed fields over time (`outputUrl` →
//! `outputMediaUrl`, `error_code` → `errorCode`) and may send either spelling, so both are filled in.
//! These are objects the SDK parsed itself.

use wasm_bindgen::JsValue;

use crate::js::read;

const ALIASES: [(&str, &str); 2] = [("outputUrl", "outputMediaUrl"), ("errorCode", "error_code")];

/// Fill each missing spelling from the other, on a generation or on each generation of a list.
pub(crate) fn normalize(value: &JsValue) {
    if read::is_array(value) {
        for item in read::items(value).iter() {
            normalize_one(&item);
        }
    } else {
        normalize_one(value);
    }
}

fn normalize_one(generation: &JsValue) {
    if !generation.is_object() {
        return;
    }
    let read_text = |key: &str| {
        read::property(generation, key)
            .ok()
            .filter(JsValue::is_string)
    };
    for (a, b) in ALIASES {
        match (read_text(a), read_text(b)) {
            (None, Some(v)) => read::set(generation, a, &v),
            (Some(v), None) => read::set(generation, b, &v),
            _ => {}
        }
    }
}
