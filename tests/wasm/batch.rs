//! `client.batch`: create (multipart JSONL), get, list.

use js_sys::{Array, Date};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

fn jsonl(lines: usize) -> String {
    let payload = js_sys::JSON::stringify(&create_body("https://example.com/v.mp4"))
        .unwrap()
        .as_string()
        .unwrap();
    (0..lines)
        .map(|i| format!("{{\"request_id\":\"req-{i}\",\"endpoint\":\"/v2/generate\",\"payload\":{payload}}}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[wasm_bindgen_test]
async fn dry_run_validates_the_file() {
    let client = mock_client(&[]);
    let result = call(
        &client,
        "batch",
        "create",
        &[s(&jsonl(20)), obj(&[("dryRun", JsValue::TRUE)])],
    )
    .await
    .unwrap();
    assert_eq!(get_str(&result, "status").as_deref(), Some("VALIDATED"));
    let parts = Array::from(&mock_json("/__mock/last-multipart").await);
    let names: Vec<String> = parts.iter().map(|p| get_str(&p, "name").unwrap()).collect();
    assert_eq!(names, ["input", "dry_run"]);
    assert_eq!(get_str(&parts.get(0), "kind").as_deref(), Some("file"));
    assert_eq!(get_str(&parts.get(1), "value").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn create_get_and_list() {
    let client = mock_client(&[]);
    let file = web_sys::Blob::new_with_str_sequence(&Array::of1(&s(&jsonl(25)))).unwrap();
    let before = Date::new_0();
    let batch = call(
        &client,
        "batch",
        "create",
        &[
            file.into(),
            obj(&[("webhook_url", s("https://example.com/batch-hook"))]),
        ],
    )
    .await
    .unwrap();
    let id = get_str(&batch, "id").unwrap();
    assert_eq!(get_str(&batch, "status").as_deref(), Some("PENDING"));
    assert_eq!(
        get(&get(&batch, "metrics"), "total_generations").as_f64(),
        Some(25.0)
    );
    let again = call(&client, "batch", "get", &[s(&id)]).await.unwrap();
    assert_eq!(
        get_str(&again, "webhookUrl").as_deref(),
        Some("https://example.com/batch-hook")
    );
    let past = Date::new(&JsValue::from_f64(before.get_time() - 60_000.0));
    let listed = call(
        &client,
        "batch",
        "list",
        &[obj(&[
            ("status", s("PENDING")),
            ("createdAfter", past.into()),
        ])],
    )
    .await
    .unwrap();
    assert!(Array::from(&listed)
        .iter()
        .any(|b| get_str(&b, "id").as_deref() == Some(id.as_str())));
    let future = call(
        &client,
        "batch",
        "list",
        &[obj(&[("created_after", s("2999-01-01T00:00:00Z"))])],
    )
    .await
    .unwrap();
    assert_eq!(Array::from(&future).length(), 0);
}

#[wasm_bindgen_test]
async fn bad_batches_are_refused() {
    let client = mock_client(&[]);
    let err = call(&client, "batch", "create", &[s(&jsonl(3))])
        .await
        .unwrap_err();
    assert_error!(err, BadRequestError);
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("a batch needs 20 to 500 requests, got 3"));
    for (input, options, field) in [
        (JsValue::NULL, JsValue::UNDEFINED, "input"),
        (s("  "), JsValue::UNDEFINED, "input"),
        (s(&jsonl(20)), obj(&[("dryRun", s("yes"))]), "dryRun"),
        (s(&jsonl(20)), obj(&[("webhookUrl", n(1.0))]), "webhookUrl"),
        (s(&jsonl(20)), s("dry"), "request"),
    ] {
        let err = call(&client, "batch", "create", &[input, options])
            .await
            .unwrap_err();
        assert_error!(err, SyncValidationError);
        assert_eq!(get_str(&err, "field").as_deref(), Some(field));
    }
    let err = call(&client, "batch", "get", &[s("batch_missing")])
        .await
        .unwrap_err();
    assert_error!(err, NotFoundError);
    let err = call(
        &client,
        "batch",
        "list",
        &[obj(&[("createdAfter", obj(&[]))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncValidationError);
    let err = call(
        &client,
        "batch",
        "list",
        &[obj(&[("createdAfter", s("yesterday"))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, BadRequestError);
}
