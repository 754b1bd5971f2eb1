//! `client.models`.

use js_sys::Array;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

#[wasm_bindgen_test]
async fn lists_models() {
    let client = mock_client(&[]);
    let models = Array::from(&call(&client, "models", "list", &[]).await.unwrap());
    let ids: Vec<String> = models.iter().map(|m| get_str(&m, "id").unwrap()).collect();
    assert!(
        ids.contains(&"lipsync-2".to_owned()) && ids.contains(&"sync-3".to_owned()),
        "{ids:?}"
    );
    let wrong = new_client(obj(&[("apiKey", s("wrong")), ("baseUrl", s(MOCK_URL))])).unwrap();
    let err = call(&wrong, "models", "list", &[]).await.unwrap_err();
    assert_error!(err, UnauthorizedError);
}
