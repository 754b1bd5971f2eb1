//! Random bytes for idempotency keys and multipart boundaries: `crypto.getRandomValues`, or
//! `Math.random` where a runtime lacks it, since uniqueness, not secrecy, is what these need.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buffer: &mut [u8]) -> Result<JsValue, JsValue>;
}

pub(crate) fn bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if get_random_values(&mut bytes).is_err() {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}
