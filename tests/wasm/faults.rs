//! The fault matrix: for each fault the mock injects, the error class (or success), how many
//! requests the server saw, and that no generation was created twice.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

/// A generation to run faults against.
async fn existing_generation(client: &JsValue) -> String {
    let created = call(
        client,
        "generations",
        "create",
        &[create_body("https://example.com/fault-target.mp4")],
    )
    .await
    .unwrap();
    get_str(&created, "id").unwrap()
}

async fn get_with_faults(
    faults: &str,
    extra: &[(&str, JsValue)],
) -> (Result<JsValue, JsValue>, f64) {
    let client = mock_client(extra);
    let id = existing_generation(&client).await;
    let path = format!("/v2/generate/{id}");
    set_faults(&format!("GET {path}"), faults).await;
    let before = request_count(&path).await;
    let result = call(&client, "generations", "get", &[s(&id)]).await;
    let seen = request_count(&path).await - before;
    mock_send("DELETE", "/__mock/faults", None).await;
    // The client stays usable after any fault.
    assert!(
        call(&client, "generations", "get", &[s(&id)]).await.is_ok(),
        "client unusable after {faults}"
    );
    (result, seen)
}

#[wasm_bindgen_test]
async fn retryable_statuses_are_retried_within_budget() {
    let (result, seen) = get_with_faults(r#"[{"status":503,"body":{"statusCode":503,"message":"busy"},"headers":{"retry-after-ms":"20"}},{"status":429,"body":{"statusCode":429,"errorCode":"rate_limit_exceeded"},"headers":{"retry-after":"0"}}]"#, &[]).await;
    assert!(result.is_ok());
    assert_eq!(seen, 3.0);
    let (result, seen) = get_with_faults(r#"[{"status":502,"body":"bad gateway"},{"status":502,"body":"bad gateway"},{"status":502,"body":"bad gateway"}]"#, &[]).await;
    let err = result.unwrap_err();
    assert_error!(err, InternalServerError);
    assert_eq!(seen, 3.0, "first attempt plus maxRetries (2)");
    assert!(get_str(&err, "message").unwrap().contains("bad gateway"));
}

#[wasm_bindgen_test]
async fn server_retry_header_overrides_the_status() {
    let (result, seen) = get_with_faults(
        r#"[{"status":503,"body":{"statusCode":503},"headers":{"x-should-retry":"false"}}]"#,
        &[],
    )
    .await;
    assert_error!(result.unwrap_err(), InternalServerError);
    assert_eq!(seen, 1.0);
    let (result, seen) = get_with_faults(r#"[{"status":400,"body":{"statusCode":400},"headers":{"x-should-retry":"true","retry-after-ms":"0"}}]"#, &[]).await;
    assert!(result.is_ok());
    assert_eq!(seen, 2.0);
}

#[wasm_bindgen_test]
async fn connection_resets_become_connection_errors() {
    // Browsers resend a GET whose connection was reset before `fetch` reports a failure: Chromium and
    // WebKitGTK once per attempt (4 resets for 3 attempts), Firefox up to ten times (30). Enough are
    // queued for every attempt to fail in every engine.
    let resets = format!("[{}]", vec![r#"{"reset":true}"#; 60].join(","));
    let (result, seen) = get_with_faults(&resets, &[]).await;
    let err = result.unwrap_err();
    assert_error!(err, SyncConnectionError);
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("after 3 attempts"));
    if in_browser() {
        assert!(seen >= 3.0, "{seen}");
    } else {
        assert_eq!(seen, 3.0);
    }
    let (result, _) = get_with_faults(r#"[{"reset":true}]"#, &[]).await;
    assert!(result.is_ok(), "one reset is retried");
}

#[wasm_bindgen_test]
async fn broken_bodies_keep_the_raw_text() {
    // Truncated JSON on a 200.
    let (result, seen) = get_with_faults(r#"[{"truncate":true}]"#, &[]).await;
    let err = result.unwrap_err();
    assert_error!(err, SyncAPIError);
    assert_eq!(get(&err, "status").as_f64(), Some(200.0));
    assert_eq!(get_str(&err, "body").as_deref(), Some("{\"id\":\"trunc"));
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("did not return JSON"));
    assert_eq!(seen, 1.0);
    // Empty 500, plain-text 404, with retries off.
    let (result, _) =
        get_with_faults(r#"[{"status":500,"body":""}]"#, &[("maxRetries", n(0.0))]).await;
    let err = result.unwrap_err();
    assert_error!(err, InternalServerError);
    assert!(get(&err, "body").is_undefined());
    let (result, _) = get_with_faults(r#"[{"status":404,"body":"no such thing"}]"#, &[]).await;
    let err = result.unwrap_err();
    assert_error!(err, NotFoundError);
    assert_eq!(get_str(&err, "body").as_deref(), Some("no such thing"));
}

#[wasm_bindgen_test]
async fn oversized_error_bodies_are_cut() {
    let huge = "x".repeat(1024 * 1024);
    let (result, _) = get_with_faults(&format!(r#"[{{"status":400,"body":"{huge}"}}]"#), &[]).await;
    let err = result.unwrap_err();
    assert_error!(err, BadRequestError);
    let body = get_str(&err, "body").unwrap();
    assert_eq!(body.len(), 64 * 1024, "only the first 64 KiB are kept");
    assert!(
        get_str(&err, "message").unwrap().len() < 2_000,
        "the message has only an excerpt"
    );
}

#[wasm_bindgen_test]
async fn slow_headers_and_bodies_time_out_and_retry() {
    let (result, seen) = get_with_faults(r#"[{"delayMs":400,"status":200,"body":{}},{"status":200,"bodyDelayMs":400,"body":{"id":"x"}},{"delayMs":400,"status":200,"body":{}}]"#, &[("timeoutMs", n(150.0))]).await;
    let err = result.unwrap_err();
    assert_error!(err, SyncTimeoutError);
    assert!(
        get_str(&err, "message")
            .unwrap()
            .contains("timed out after 150 ms (after 3 attempts)"),
        "{:?}",
        get_str(&err, "message")
    );
    assert_eq!(seen, 3.0);
}

#[wasm_bindgen_test]
async fn abort_interrupts_a_long_backoff() {
    // The server asks for a 60 s wait; without the abort cutting it short the test would time out.
    let client = mock_client(&[]);
    let id = existing_generation(&client).await;
    set_faults(
        &format!("GET /v2/generate/{id}"),
        r#"[{"status":503,"body":{},"headers":{"retry-after":"60"}}]"#,
    )
    .await;
    let controller = web_sys::AbortController::new().unwrap();
    let waiting = async {
        call(
            &client,
            "generations",
            "get",
            &[s(&id), obj(&[("signal", controller.signal().into())])],
        )
        .await
    };
    let abort = async {
        sleep(100).await;
        controller.abort();
    };
    let (result, ()) = futures_join(waiting, abort).await;
    assert_error!(result.unwrap_err(), SyncAbortError);
    mock_send("DELETE", "/__mock/faults", None).await;
}

/// Create with faults on `POST /v2/generate`; returns the result, the requests seen and how many
/// generations with this test's marker exist afterwards.
async fn create_with_faults(
    faults: &str,
    extra: &[(&str, JsValue)],
) -> (Result<JsValue, JsValue>, f64, f64) {
    let client = mock_client(extra);
    let marker = unique("create-fault");
    set_faults("POST /v2/generate", faults).await;
    let before = request_count("/v2/generate").await;
    let result = call(
        &client,
        "generations",
        "create",
        &[create_body(&format!("https://example.com/{marker}.mp4"))],
    )
    .await;
    let seen = request_count("/v2/generate").await - before;
    mock_send("DELETE", "/__mock/faults", None).await;
    (result, seen, created_count(&marker).await)
}

#[wasm_bindgen_test]
async fn a_create_is_never_billed_twice() {
    // The answer is lost after the server created the generation: the retry carries the same
    // Idempotency-Key, and the API returns the first generation.
    let (result, seen, created) =
        create_with_faults(r#"[{"afterRoute":true,"reset":true}]"#, &[]).await;
    assert!(
        result.is_ok(),
        "{:?}",
        result.err().map(|e| get_str(&e, "message"))
    );
    assert_eq!((seen, created), (2.0, 1.0));
    // The same after a timeout.
    let (result, seen, created) = create_with_faults(
        r#"[{"afterRoute":true,"delayMs":600}]"#,
        &[("timeoutMs", n(200.0))],
    )
    .await;
    assert!(result.is_ok());
    assert_eq!((seen, created), (2.0, 1.0));
    // 5xx before creating: retried, one generation.
    let (result, seen, created) = create_with_faults(
        r#"[{"status":500,"body":{"statusCode":500}},{"status":503,"body":{}}]"#,
        &[],
    )
    .await;
    assert!(result.is_ok());
    assert_eq!((seen, created), (3.0, 1.0));
    // Retries off: the error, and nothing created.
    let (result, seen, created) = create_with_faults(
        r#"[{"status":500,"body":{"statusCode":500}}]"#,
        &[("maxRetries", n(0.0))],
    )
    .await;
    assert_error!(result.unwrap_err(), InternalServerError);
    assert_eq!((seen, created), (1.0, 0.0));
}

#[wasm_bindgen_test]
async fn outcome_unknown_fetches_the_named_generation() {
    let client = mock_client(&[]);
    let id = existing_generation(&client).await;
    let fault = format!(
        r#"[{{"status":503,"body":{{"statusCode":503,"errorCode":"IDEMPOTENCY_OUTCOME_UNKNOWN","generationId":"{id}"}}}}]"#
    );
    let (result, seen, created) = create_with_faults(&fault, &[]).await;
    let generation = result.unwrap();
    assert_eq!(
        get_str(&generation, "id").as_deref(),
        Some(id.as_str()),
        "the named generation, not a new one"
    );
    assert_eq!((seen, created), (1.0, 0.0), "no second POST");
}

#[wasm_bindgen_test]
async fn batch_create_is_not_repeated_after_a_5xx() {
    let client = mock_client(&[]);
    set_faults(
        "POST /v2/batch",
        r#"[{"status":503,"body":{"statusCode":503}}]"#,
    )
    .await;
    let before = request_count("/v2/batch").await;
    let lines: Vec<String> = (0..20).map(|i| format!(r#"{{"request_id":"r{i}","endpoint":"/v2/generate","payload":{{"model":"lipsync-2","input":[{{"type":"video","url":"https://x/v"}},{{"type":"audio","url":"https://x/a"}}]}}}}"#)).collect();
    let err = call(&client, "batch", "create", &[s(&lines.join("\n"))])
        .await
        .unwrap_err();
    assert_error!(err, InternalServerError);
    assert_eq!(request_count("/v2/batch").await - before, 1.0);
}

#[wasm_bindgen_test]
async fn redirects_never_carry_the_key_to_another_origin() {
    let other_origin = MOCK_URL.replace("127.0.0.1", "localhost");
    let (result, seen) = get_with_faults(
        &format!(r#"[{{"status":302,"headers":{{"location":"{other_origin}/steal"}}}}]"#),
        &[],
    )
    .await;
    let err = result.unwrap_err();
    assert_error!(err, SyncAPIError);
    assert_eq!(seen, 1.0);
    let message = get_str(&err, "message").unwrap();
    if in_browser() {
        // A page cannot see where a redirect goes, so it is refused outright.
        assert!(message.contains("hides from scripts"), "{message}");
    } else {
        assert_eq!(get(&err, "status").as_f64(), Some(302.0));
        assert!(
            message.contains(&format!("to another origin, {other_origin}")),
            "{message}"
        );
    }
    // A same-origin redirect is followed where the SDK can see it.
    let client = mock_client(&[]);
    let id = existing_generation(&client).await;
    set_faults(
        "GET /v2/generate/moved",
        &format!(r#"[{{"status":307,"headers":{{"location":"/v2/generate/{id}"}}}}]"#),
    )
    .await;
    let result = call(&client, "generations", "get", &[s("moved")]).await;
    if in_browser() {
        assert_error!(result.unwrap_err(), SyncAPIError);
    } else {
        assert_eq!(
            get_str(&result.unwrap(), "id").as_deref(),
            Some(id.as_str())
        );
    }
}

/// xorshift64*: a small deterministic generator, so a failing case can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Bodies a broken or hostile server might send, for generations and for errors.
fn hostile_body(rng: &mut Rng) -> String {
    let fragments = [
        "",
        " ",
        "null",
        "[]",
        "{}",
        "0",
        "\"text\"",
        "{\"id\":",
        "{\"id\":\"g\",\"status\":5}",
        "{\"message\":5}",
        "{\"message\":[1,null,\"x\"]}",
        "{\"message\":{\"nested\":true}}",
        "{\"errorCode\":{},\"error_code\":[],\"error\":7}",
        "{\"requestId\":12,\"statusCode\":\"no\"}",
        "{\"id\":\"g\",\"outputMediaUrl\":99,\"error_code\":null}",
        "<html><body>Bad Gateway</body></html>",
        "\u{feff}{\"id\":\"bom\"}",
        "{\"a\":1e999}",
        "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
        "\u{0}\u{1}\u{2}",
        "\u{d7ff}\u{e000}\u{10ffff}",
        "{\"__proto__\":{\"polluted\":true}}",
    ];
    let mut body = String::new();
    for _ in 0..(1 + rng.next() % 3) {
        body.push_str(rng.pick(&fragments));
    }
    if rng.next() % 7 == 0 {
        body.push_str(&"x".repeat((rng.next() % 100_000) as usize));
    }
    body
}

#[wasm_bindgen_test]
async fn hostile_responses_always_become_typed_results() {
    // A fetch that answers from a table the test fills in, so each case is one response.
    let respond = js_fn(
        "",
        "const c = globalThis.__syncFuzzCase; return new Response(c.body === null ? null : c.body, { status: c.status, headers: c.headers });",
    );
    let client = mock_client(&[("fetch", respond.into()), ("maxRetries", n(0.0))]);
    let statuses = [
        200, 201, 204, 400, 401, 402, 403, 404, 409, 413, 418, 422, 429, 500, 502, 503, 599,
    ];
    let types = [
        "application/json",
        "text/html",
        "text/plain",
        "",
        "application/json; charset=utf-8",
    ];
    let mut rng = Rng(0x5EED_2026_1127);
    let cases = 400;
    for case in 0..cases {
        let status = statuses[(rng.next() % statuses.len() as u64) as usize];
        let body = if status == 204 {
            JsValue::NULL
        } else {
            s(&hostile_body(&mut rng))
        };
        let headers = obj(&[
            ("content-type", s(rng.pick(&types))),
            (
                "retry-after",
                s(rng.pick(&["", "1", "-1", "soon", "Sun, 06 Nov 1994 08:49:37 GMT"])),
            ),
        ]);
        Reflect::set(
            &global(),
            &s("__syncFuzzCase"),
            &obj(&[
                ("status", n(f64::from(status))),
                ("body", body),
                ("headers", headers),
            ]),
        )
        .unwrap();
        let method = rng.pick(&["get", "list", "waitForCompletion"]);
        let args = if method == "list" {
            vec![]
        } else {
            vec![s("g")]
        };
        match call(&client, "generations", method, &args).await {
            // Only a JSON body may come back as data.
            Ok(value) => assert!(
                (200..300).contains(&status),
                "case {case}: {status} resolved with {value:?}"
            ),
            Err(err) => {
                assert!(
                    err.is_instance_of::<SyncError>(),
                    "case {case} ({status} {method}): not a SyncError: {err:?}"
                );
                assert!(get_str(&err, "message").is_some_and(|m| !m.is_empty()));
            }
        }
    }
    Reflect::delete_property(
        global().unchecked_ref::<js_sys::Object>(),
        &s("__syncFuzzCase"),
    )
    .unwrap();
    // Still usable.
    let client = mock_client(&[]);
    assert!(call(&client, "generations", "list", &[]).await.is_ok());
    web_sys::console::log_1(&s(&format!("hostile responses: {cases} cases, 0 crashes")));
}
