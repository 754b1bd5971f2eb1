//! Random bytes for idempotency keys and multipart boundaries: `crypto.getRandomValues`, or
//! `Math.random` where a runtime lacks it, since uniqueness, not secrecy, is what these need.

pub fn bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if crate::js::get_random_values(&mut bytes).is_err() {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}
