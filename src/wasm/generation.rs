//! Generations as returned to users: the API has renamed fields over time (`outputUrl` →
//! `outputMediaUrl`, `error_code` → `errorCode`) and may send either spelling, so both are filled in.
//! These are objects the SDK parsed itself (`JSON.parse` of an answer), so reading them runs no
//! caller code; the work is one call into `js/calls.js` rather than a dozen property reads from Rust.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/calls.js")]
extern "C" {
    /// Fill each missing spelling from the other, on a generation or on each generation of a list.
    #[wasm_bindgen(js_name = normalizeGenerations)]
    pub(crate) fn normalize(value: &JsValue);
}
