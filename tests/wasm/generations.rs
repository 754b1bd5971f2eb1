//! `client.generations`: list, listAll, estimateCost, waitForCompletion, createAndWait,
//! createWithFiles, withRawResponse.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

async fn create(client: &JsValue, video_url: &str) -> String {
    let created = call(client, "generations", "create", &[create_body(video_url)])
        .await
        .unwrap();
    get_str(&created, "id").unwrap()
}

/// Call `promise.withRawResponse()` on what a method returned.
async fn raw_call(
    client: &JsValue,
    resource: &str,
    method: &str,
    args: &[JsValue],
) -> Result<JsValue, JsValue> {
    let target = get(client, resource);
    let f: Function = get(&target, method).unchecked_into();
    let promise = f.apply(&target, &args.iter().collect::<Array>()).unwrap();
    let raw: Function = get(&promise, "withRawResponse").unchecked_into();
    JsFuture::from(raw.call0(&promise).unwrap().unchecked_into::<Promise>()).await
}

#[wasm_bindgen_test]
async fn with_raw_response_gives_status_and_headers() {
    let client = mock_client(&[]);
    let id = create(&client, "https://example.com/v.mp4").await;
    let result = raw_call(&client, "generations", "get", &[s(&id)])
        .await
        .unwrap();
    assert_eq!(
        get_str(&get(&result, "data"), "id").as_deref(),
        Some(id.as_str())
    );
    let raw = get(&result, "rawResponse");
    assert_eq!(get(&raw, "status").as_f64(), Some(200.0));
    assert_eq!(
        get_str(&raw, "url").unwrap(),
        format!("{MOCK_URL}/v2/generate/{id}")
    );
    let headers = get(&raw, "headers");
    let header: Function = get(&headers, "get").unchecked_into();
    assert!(header
        .call1(&headers, &s("content-type"))
        .unwrap()
        .as_string()
        .unwrap()
        .starts_with("application/json"));
    // Errors still reject through withRawResponse.
    let err = raw_call(&client, "generations", "get", &[s("missing-one")])
        .await
        .unwrap_err();
    assert_error!(err, NotFoundError);
}

#[wasm_bindgen_test]
async fn list_filters_by_status_and_ids() {
    let client = mock_client(&[]);
    let a = create(&client, "https://example.com/a.mp4").await;
    let b = create(&client, "https://example.com/b.mp4").await;
    let ids = Array::of2(&s(&a), &s(&b));
    let listed = call(
        &client,
        "generations",
        "list",
        &[obj(&[("ids", ids.clone().into())])],
    )
    .await
    .unwrap();
    let listed = Array::from(&listed);
    assert_eq!(listed.length(), 2);
    let one = call(
        &client,
        "generations",
        "list",
        &[obj(&[
            ("ids", s(&a)),
            ("status", Array::of2(&s("PENDING"), &s("PROCESSING")).into()),
        ])],
    )
    .await
    .unwrap();
    assert_eq!(Array::from(&one).length(), 1);
    let none = call(
        &client,
        "generations",
        "list",
        &[obj(&[("ids", ids.into()), ("status", s("FAILED"))])],
    )
    .await
    .unwrap();
    assert_eq!(Array::from(&none).length(), 0);
    // Everything, unpaged.
    let all = call(&client, "generations", "list", &[]).await.unwrap();
    assert!(Array::from(&all).length() >= 2);
}

#[wasm_bindgen_test]
async fn list_arguments_are_checked() {
    let client = mock_client(&[]);
    for (query, field) in [
        (obj(&[("limit", n(0.0))]), "limit"),
        (obj(&[("limit", n(101.0))]), "limit"),
        (obj(&[("status", n(1.0))]), "status"),
        (obj(&[("ids", Array::of1(&n(1.0)).into())]), "ids"),
        (obj(&[("cursor", n(1.0))]), "cursor"),
        (s("COMPLETED"), "query"),
    ] {
        let err = call(&client, "generations", "list", &[query])
            .await
            .unwrap_err();
        assert_error!(err, SyncValidationError);
        assert_eq!(get_str(&err, "field").as_deref(), Some(field));
    }
    // A cursor the server does not know is its 400.
    let err = call(
        &client,
        "generations",
        "list",
        &[obj(&[("limit", n(2.0)), ("cursor", s("nope"))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, BadRequestError);
}

#[wasm_bindgen_test]
async fn list_all_pages_through_every_match() {
    let client = mock_client(&[]);
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(create(&client, &format!("https://example.com/page-{i}.mp4")).await);
    }
    let filter: Array = ids.iter().map(|id| s(id)).collect();
    let query = obj(&[("ids", filter.into()), ("limit", n(2.0))]);
    let iterator = call_sync(&client, "generations", "listAll", &[query.clone()]);
    let mut seen = Vec::new();
    loop {
        let step = next(&iterator).await.unwrap();
        if get(&step, "done").as_bool() == Some(true) {
            break;
        }
        seen.push(get_str(&get(&step, "value"), "id").unwrap());
    }
    seen.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(seen, expected);
    // Three pages of 2, 2 and 1.
    assert!(request_count("/v2/generations").await >= 3.0);

    // Stopping early: return() ends the iteration.
    let iterator = call_sync(&client, "generations", "listAll", &[query]);
    let first = next(&iterator).await.unwrap();
    assert_eq!(get(&first, "done").as_bool(), Some(false));
    let ret: Function = get(&iterator, "return").unchecked_into();
    JsFuture::from(ret.call0(&iterator).unwrap().unchecked_into::<Promise>())
        .await
        .unwrap();
    assert_eq!(
        get(&next(&iterator).await.unwrap(), "done").as_bool(),
        Some(true)
    );
    // It is its own async iterator.
    let f: Function = Reflect::get(&iterator, &js_sys::Symbol::async_iterator())
        .unwrap()
        .unchecked_into();
    assert!(f.call0(&iterator).unwrap().is_object());
}

/// A method that returns a value, not a promise.
pub fn call_sync(client: &JsValue, resource: &str, method: &str, args: &[JsValue]) -> JsValue {
    let target = get(client, resource);
    let f: Function = get(&target, method).unchecked_into();
    f.apply(&target, &args.iter().collect::<Array>()).unwrap()
}

pub async fn next(iterator: &JsValue) -> Result<JsValue, JsValue> {
    let f: Function = get(iterator, "next").unchecked_into();
    JsFuture::from(f.call0(iterator).unwrap().unchecked_into::<Promise>()).await
}

#[wasm_bindgen_test]
async fn estimate_cost_returns_a_list() {
    let client = mock_client(&[]);
    let costs = call(
        &client,
        "generations",
        "estimateCost",
        &[create_body("https://example.com/v.mp4")],
    )
    .await
    .unwrap();
    let first = Array::from(&costs).get(0);
    assert_eq!(get(&first, "estimatedFrameCount").as_f64(), Some(240.0));
    assert!(get(&first, "estimatedGenerationCost").as_f64().unwrap() > 0.0);
    let err = call(
        &client,
        "generations",
        "estimateCost",
        &[obj(&[("model", s("lipsync-2"))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncValidationError);
    assert_eq!(get_str(&err, "field").as_deref(), Some("input"));
    let wrong = new_client(obj(&[("apiKey", s("wrong")), ("baseUrl", s(MOCK_URL))])).unwrap();
    let err = call(
        &wrong,
        "generations",
        "estimateCost",
        &[create_body("https://example.com/v.mp4")],
    )
    .await
    .unwrap_err();
    assert_error!(err, UnauthorizedError);
}

#[wasm_bindgen_test]
async fn create_validation_names_the_field() {
    let client = mock_client(&[]);
    let with = |key: &str, value: JsValue| {
        let body = create_body("https://example.com/v.mp4");
        Reflect::set(&body, &s(key), &value).unwrap();
        body
    };
    let cases = vec![
        (with("model", n(2.0)), "model"),
        (with("outputFileName", s("out.mp4")), "outputFileName"),
        (
            with("options", obj(&[("temperature", n(2.0))])),
            "options.temperature",
        ),
        (with("webhookUrl", s("not a url")), "webhookUrl"),
        (
            with(
                "segments",
                Array::of1(&obj(&[("startTime", n(3.0)), ("endTime", n(1.0))])).into(),
            ),
            "segments[0].endTime",
        ),
        (
            with("input", Array::of1(&obj(&[("type", s("video"))])).into()),
            "input[0].url",
        ),
    ];
    for (body, field) in cases {
        let err = call(&client, "generations", "create", &[body])
            .await
            .unwrap_err();
        assert_error!(err, SyncValidationError);
        assert_eq!(
            get_str(&err, "field").as_deref(),
            Some(field),
            "{:?}",
            get_str(&err, "message")
        );
    }
}

fn progress_recorder() -> (Function, Array) {
    let seen = Array::new();
    let f = Function::new_with_args("seen", "return (g) => { seen.push(g.status); }");
    (
        f.call1(&JsValue::NULL, &seen).unwrap().unchecked_into(),
        seen,
    )
}

#[wasm_bindgen_test]
async fn wait_for_completion_long_polls_and_reports_progress() {
    let client = mock_client(&[]);
    let id = create(&client, "https://example.com/v.mp4").await;
    let (on_progress, seen) = progress_recorder();
    let done = call(
        &client,
        "generations",
        "waitForCompletion",
        &[s(&id), obj(&[("onProgress", on_progress.into())])],
    )
    .await
    .unwrap();
    assert_eq!(get_str(&done, "status").as_deref(), Some("COMPLETED"));
    assert!(get_str(&done, "outputUrl").is_some());
    let seen: Vec<String> = seen.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(
        seen.last().map(String::as_str),
        Some("COMPLETED"),
        "{seen:?}"
    );
    assert!(seen.len() >= 2, "{seen:?}");
    // Long-poll: the server held the request, so only a couple of requests were needed.
    assert!(request_count(&format!("/v2/generate/{id}")).await <= 3.0);
}

#[wasm_bindgen_test]
async fn wait_for_completion_holds_no_longer_than_long_poll_seconds() {
    // A fetch that records each URL, then calls the real one.
    let urls = js_sys::Array::new();
    let recording = js_fn(
        "urls",
        "return (url, init) => { urls.push(String(url)); return fetch(url, init); }",
    )
    .call1(&JsValue::NULL, &urls)
    .unwrap();
    let client = mock_client(&[("fetch", recording)]);
    let id = create(&client, "https://example.com/v.mp4").await;
    let done = call(
        &client,
        "generations",
        "waitForCompletion",
        &[s(&id), obj(&[("longPollSeconds", n(1.0))])],
    )
    .await
    .unwrap();
    assert_eq!(get_str(&done, "status").as_deref(), Some("COMPLETED"));
    let held: Vec<String> = urls
        .iter()
        .filter_map(|u| u.as_string())
        .filter(|u| u.contains("wait=true"))
        .collect();
    assert!(!held.is_empty(), "no long-poll was made");
    assert!(held.iter().all(|u| u.ends_with("timeout=1")), "{held:?}");
}

#[wasm_bindgen_test]
async fn wait_for_completion_polls_when_the_server_does_not_hold() {
    let client = mock_client(&[]);
    let id = create(&client, "https://example.com/no-longpoll.mp4").await;
    // An API that ignores `?wait=true` answers at once, without the long-poll headers.
    set_faults(
        &format!("GET /v2/generate/{id}"),
        r#"[{"ignoreQuery":true,"times":1000}]"#,
    )
    .await;
    let (on_progress, seen) = progress_recorder();
    let options = obj(&[
        ("onProgress", on_progress.into()),
        ("pollIntervalMs", n(40.0)),
    ]);
    let done = call(
        &client,
        "generations",
        "waitForCompletion",
        &[s(&id), options],
    )
    .await
    .unwrap();
    assert_eq!(get_str(&done, "status").as_deref(), Some("COMPLETED"));
    let seen: Vec<String> = seen.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(seen, ["PENDING", "PROCESSING", "COMPLETED"]);
    assert!(request_count(&format!("/v2/generate/{id}")).await >= 4.0);
    mock_send("DELETE", "/__mock/faults", None).await;
}

#[wasm_bindgen_test]
async fn wait_for_completion_fails_with_the_generation() {
    let client = mock_client(&[]);
    let id = create(&client, "https://example.com/v.mp4").await;
    // The kit's default failure: code generation_pipeline_failed, the pipeline's message.
    mock_send(
        "POST",
        &format!("/__mock/generations/{id}/fail"),
        Some("{}"),
    )
    .await;
    let err = call(&client, "generations", "waitForCompletion", &[s(&id)])
        .await
        .unwrap_err();
    assert_error!(err, GenerationFailedError);
    assert_eq!(get_str(&err, "status").as_deref(), Some("FAILED"));
    assert_eq!(
        get_str(&err, "errorCode").as_deref(),
        Some("generation_pipeline_failed")
    );
    assert!(get_str(&err, "error").unwrap().contains("pipeline"));
    assert_eq!(
        get_str(&get(&err, "generation"), "id").as_deref(),
        Some(id.as_str())
    );
    assert!(get_str(&err, "message")
        .unwrap()
        .contains(&format!("Generation {id} ended as FAILED")));
}

#[wasm_bindgen_test]
async fn wait_for_completion_times_out_and_aborts() {
    let client = mock_client(&[]);
    let id = create(&client, "https://example.com/v.mp4").await;
    let err = call(
        &client,
        "generations",
        "waitForCompletion",
        &[s(&id), obj(&[("timeoutMs", n(150.0))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncTimeoutError);
    assert_eq!(get(&err, "timeoutMs").as_f64(), Some(150.0));
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("did not finish within 150 ms"));

    let id = create(&client, "https://example.com/v2.mp4").await;
    let controller = web_sys::AbortController::new().unwrap();
    let options = obj(&[("signal", controller.signal().into())]);
    let waiting = async {
        call(
            &client,
            "generations",
            "waitForCompletion",
            &[s(&id), options],
        )
        .await
    };
    let abort = async {
        sleep(80).await;
        controller.abort();
    };
    let (result, ()) = futures_join(waiting, abort).await;
    let err = result.unwrap_err();
    assert_error!(err, SyncAbortError);
    // Without the abort the wait would have resolved with the completed generation instead.
}

#[wasm_bindgen_test]
async fn wait_for_completion_arguments() {
    let client = mock_client(&[]);
    let err = call(
        &client,
        "generations",
        "waitForCompletion",
        &[s("no-such-id")],
    )
    .await
    .unwrap_err();
    assert_error!(err, NotFoundError);
    let err = call(&client, "generations", "waitForCompletion", &[n(5.0)])
        .await
        .unwrap_err();
    assert_error!(err, SyncValidationError);
    let err = call(
        &client,
        "generations",
        "waitForCompletion",
        &[s("x"), obj(&[("onProgress", s("log"))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncConfigurationError);
    let err = call(
        &client,
        "generations",
        "waitForCompletion",
        &[s("x"), obj(&[("pollIntervalMs", n(-1.0))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncConfigurationError);
    for bad in [0.0, 11.0, 2.5] {
        let err = call(
            &client,
            "generations",
            "waitForCompletion",
            &[s("x"), obj(&[("longPollSeconds", n(bad))])],
        )
        .await
        .unwrap_err();
        assert_error!(err, SyncConfigurationError);
        assert!(get_str(&err, "message")
            .unwrap()
            .contains("longPollSeconds must be a whole number from 1 to 10"));
    }
    // An exception in onProgress rejects the wait with a typed error whose cause is that exception.
    let id = create(&client, "https://example.com/v.mp4").await;
    let thrower = Function::new_with_args("g", "throw new RangeError('stop here')");
    let err = call(
        &client,
        "generations",
        "waitForCompletion",
        &[s(&id), obj(&[("onProgress", thrower.into())])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncConfigurationError);
    assert!(get(&err, "cause").is_instance_of::<js_sys::RangeError>());
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("onProgress threw: stop here"));
}

#[wasm_bindgen_test]
async fn create_and_wait_completes() {
    let client = mock_client(&[]);
    let (on_progress, seen) = progress_recorder();
    let done = call(
        &client,
        "generations",
        "createAndWait",
        &[
            create_body("https://example.com/v.mp4"),
            obj(&[("onProgress", on_progress.into())]),
        ],
    )
    .await
    .unwrap();
    assert_eq!(get_str(&done, "status").as_deref(), Some("COMPLETED"));
    assert_eq!(seen.get(0).as_string().as_deref(), Some("PENDING"));
    let err = call(
        &client,
        "generations",
        "createAndWait",
        &[obj(&[("model", s("lipsync-2"))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncValidationError);
}

fn blob(text: &str, content_type: &str) -> web_sys::Blob {
    let parts = Array::of1(&s(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).unwrap()
}

#[wasm_bindgen_test]
async fn create_with_files_sends_multipart() {
    let client = mock_client(&[]);
    let fields = obj(&[
        ("video", blob("video-bytes", "video/mp4").into()),
        ("audio", blob("audio", "audio/wav").into()),
        ("model", s("lipsync-2")),
        ("options", obj(&[("sync_mode", s("cut_off"))])),
    ]);
    let created = call(&client, "generations", "createWithFiles", &[fields])
        .await
        .unwrap();
    assert_eq!(get_str(&created, "status").as_deref(), Some("PENDING"));
    let types: Vec<String> = Array::from(&get(&created, "input"))
        .iter()
        .map(|i| get_str(&i, "type").unwrap())
        .collect();
    assert_eq!(types, ["video", "audio"]);
    let parts = Array::from(&mock_json("/__mock/last-multipart").await);
    let summary: Vec<String> = parts
        .iter()
        .map(|p| {
            format!(
                "{}:{}",
                get_str(&p, "name").unwrap(),
                get_str(&p, "kind").unwrap()
            )
        })
        .collect();
    assert_eq!(
        summary,
        ["video:file", "audio:file", "model:field", "options:field"]
    );
    assert_eq!(get(&parts.get(0), "size").as_f64(), Some(11.0));
    // The mock parsed the body with undici's multipart parser: the bytes, types and names arrived.
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(b"video-bytes")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(get_str(&parts.get(0), "sha256"), Some(hex));
    assert_eq!(get_str(&parts.get(0), "type").as_deref(), Some("video/mp4"));
    assert_eq!(get_str(&parts.get(1), "type").as_deref(), Some("audio/wav"));
    assert_eq!(get_str(&parts.get(0), "filename").as_deref(), Some("video"));
    assert_eq!(
        get_str(&parts.get(3), "value").as_deref(),
        Some("{\"sync_mode\":\"cut_off\"}")
    );

    // The `@sync.so/sdk` order: (video, audio, fields); a ReadableStream works as a file too.
    let stream = blob("streamed", "").stream();
    let created = call(
        &client,
        "generations",
        "createWithFiles",
        &[
            stream.into(),
            blob("a", "audio/wav").into(),
            obj(&[("model", s("lipsync-2"))]),
        ],
    )
    .await
    .unwrap();
    assert!(get_str(&created, "id").is_some());
    let parts = Array::from(&mock_json("/__mock/last-multipart").await);
    assert_eq!(get(&parts.get(0), "size").as_f64(), Some(8.0));
    // A file without a type is sent as application/octet-stream.
    assert_eq!(
        get_str(&parts.get(0), "type").as_deref(),
        Some("application/octet-stream")
    );
}

#[wasm_bindgen_test]
async fn create_with_files_arguments() {
    let client = mock_client(&[]);
    // No video at all.
    let err = call(
        &client,
        "generations",
        "createWithFiles",
        &[obj(&[
            ("audio", blob("a", "audio/wav").into()),
            ("model", s("lipsync-2")),
        ])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncValidationError);
    assert_eq!(get_str(&err, "field").as_deref(), Some("input"));
    // A video that is not a file.
    let err = call(
        &client,
        "generations",
        "createWithFiles",
        &[obj(&[
            ("video", n(3.0)),
            ("audio", blob("a", "").into()),
            ("model", s("lipsync-2")),
        ])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncValidationError);
    assert_eq!(get_str(&err, "field").as_deref(), Some("video"));
    assert!(get_str(&err, "message").unwrap().contains("got a number"));
}

#[wasm_bindgen_test]
async fn large_upload_does_not_touch_wasm_memory() {
    const SIZE: u32 = 200 * 1024 * 1024;
    let client = mock_client(&[]);
    let bytes = Uint8Array::new_with_length(SIZE);
    let big = web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&bytes)).unwrap();
    drop(bytes);
    let before = wasm_memory_bytes();
    let fields = obj(&[
        ("video", big.into()),
        ("audio", blob("a", "audio/wav").into()),
        ("model", s("lipsync-2")),
    ]);
    let created = call(
        &client,
        "generations",
        "createWithFiles",
        &[fields, obj(&[("timeoutInSeconds", n(120.0))])],
    )
    .await
    .unwrap();
    let after = wasm_memory_bytes();
    assert!(get_str(&created, "id").is_some());
    let parts = Array::from(&mock_json("/__mock/last-multipart").await);
    assert_eq!(get(&parts.get(0), "size").as_f64(), Some(f64::from(SIZE)));
    web_sys::console::log_1(&s(&format!(
        "wasm memory before/after a 200 MiB upload: {before} / {after} bytes"
    )));
    assert_eq!(before, after, "wasm memory grew during the upload");
}

#[wasm_bindgen_test]
fn generations_methods_exist() {
    let client = mock_client(&[]);
    let generations = get(&client, "generations");
    for method in [
        "create",
        "createWithFiles",
        "get",
        "list",
        "listAll",
        "estimateCost",
        "waitForCompletion",
        "createAndWait",
    ] {
        assert!(get(&generations, method).is_function(), "{method}");
    }
    let _ = Object::new();
}

#[wasm_bindgen_test]
async fn both_field_spellings_are_filled_in() {
    let newer = js_fn(
        "",
        "return new Response(JSON.stringify({ id: 'g1', status: 'FAILED', outputMediaUrl: 'https://cdn.example/o.mp4', error_code: 'generation_timeout', extra: 1 }), { headers: { 'content-type': 'application/json' } });",
    );
    let client = mock_client(&[("fetch", newer.into())]);
    let generation = call(&client, "generations", "get", &[s("g1")])
        .await
        .unwrap();
    assert_eq!(
        get_str(&generation, "outputUrl").as_deref(),
        Some("https://cdn.example/o.mp4")
    );
    assert_eq!(
        get_str(&generation, "outputMediaUrl").as_deref(),
        Some("https://cdn.example/o.mp4")
    );
    assert_eq!(
        get_str(&generation, "errorCode").as_deref(),
        Some("generation_timeout")
    );
    assert_eq!(
        get(&generation, "extra").as_f64(),
        Some(1.0),
        "unknown fields pass through"
    );
    // And in what waitForCompletion rejects with.
    let err = call(&client, "generations", "waitForCompletion", &[s("g1")])
        .await
        .unwrap_err();
    assert_error!(err, GenerationFailedError);
    assert_eq!(
        get_str(&err, "errorCode").as_deref(),
        Some("generation_timeout")
    );
    assert_eq!(
        get_str(&get(&err, "generation"), "outputUrl").as_deref(),
        Some("https://cdn.example/o.mp4")
    );
    // And on every item of a list.
    let list_fetch = js_fn(
        "",
        "return new Response(JSON.stringify([{ id: 'a', status: 'COMPLETED', outputMediaUrl: 'https://cdn.example/a.mp4' }, { id: 'b', status: 'COMPLETED', outputUrl: 'https://cdn.example/b.mp4' }]));",
    );
    let client = mock_client(&[("fetch", list_fetch.into())]);
    let list = Array::from(&call(&client, "generations", "list", &[]).await.unwrap());
    assert_eq!(
        get_str(&list.get(0), "outputUrl").as_deref(),
        Some("https://cdn.example/a.mp4")
    );
    assert_eq!(
        get_str(&list.get(1), "outputMediaUrl").as_deref(),
        Some("https://cdn.example/b.mp4")
    );
}

#[wasm_bindgen_test]
async fn waiting_on_something_without_a_status_fails_instead_of_spinning() {
    let no_status = js_fn("", "return new Response('{\"id\":\"g1\"}');");
    let client = mock_client(&[("fetch", no_status.into())]);
    let err = call(&client, "generations", "waitForCompletion", &[s("g1")])
        .await
        .unwrap_err();
    assert_error!(err, SyncAPIError);
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("without a generation status"));
}
