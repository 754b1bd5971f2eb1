//! The client itself: keys, options, errors, retries, timeouts, aborts, headers.

use crate::support::*;
use js_sys::{Array, Object, Reflect};
use sync_wasm::SyncClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// Run `f` with SYNC_API_KEY set (or removed) in `process.env`, creating a stand-in `process` where
/// the runtime has none (browsers), and restore everything afterwards.
fn with_env<T>(value: Option<&str>, f: impl FnOnce() -> T) -> T {
    let global = global();
    let had_process = get(&global, "process").is_object();
    if !had_process {
        Reflect::set(&global, &s("process"), &obj(&[("env", obj(&[]))])).unwrap();
    }
    let env = get(&get(&global, "process"), "env");
    let previous = get(&env, "SYNC_API_KEY");
    match value {
        Some(v) => Reflect::set(&env, &s("SYNC_API_KEY"), &s(v)).unwrap(),
        None => {
            Reflect::delete_property(env.unchecked_ref::<Object>(), &s("SYNC_API_KEY")).unwrap()
        }
    };
    let result = f();
    if previous.is_undefined() {
        Reflect::delete_property(env.unchecked_ref::<Object>(), &s("SYNC_API_KEY")).unwrap();
    } else {
        Reflect::set(&env, &s("SYNC_API_KEY"), &previous).unwrap();
    }
    if !had_process {
        Reflect::delete_property(global.unchecked_ref::<Object>(), &s("process")).unwrap();
    }
    result
}

#[wasm_bindgen_test]
async fn create_then_get_until_completed() {
    let client = mock_client(&[]);
    let created = call(
        &client,
        "generations",
        "create",
        &[create_body("https://example.com/v.mp4")],
    )
    .await
    .unwrap();
    let id = get_str(&created, "id").expect("id");
    assert_eq!(get_str(&created, "status").as_deref(), Some("PENDING"));
    assert_eq!(get_str(&created, "model").as_deref(), Some("lipsync-2"));
    assert_eq!(Array::from(&get(&created, "input")).length(), 2);

    let mut seen = vec![];
    for _ in 0..60 {
        let generation = call(&client, "generations", "get", &[s(&id)])
            .await
            .unwrap();
        assert_eq!(get_str(&generation, "id").as_deref(), Some(id.as_str()));
        let status = get_str(&generation, "status").unwrap();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if status == "COMPLETED" {
            let output = get_str(&generation, "outputUrl").expect("outputUrl when completed");
            assert!(output.ends_with(&format!("{id}.mp4")), "{output}");
            break;
        }
        sleep(50).await;
    }
    assert_eq!(
        seen.last().map(String::as_str),
        Some("COMPLETED"),
        "statuses seen: {seen:?}"
    );
    assert!(
        seen.iter().any(|s| s == "PROCESSING") || seen.len() >= 2,
        "statuses seen: {seen:?}"
    );
}

#[wasm_bindgen_test]
fn generations_is_one_object() {
    let client = mock_client(&[]);
    assert!(Object::is(
        &get(&client, "generations"),
        &get(&client, "generations")
    ));
    assert_eq!(get_str(&client, "baseUrl").as_deref(), Some(MOCK_URL));
}

#[wasm_bindgen_test]
fn missing_key_is_a_configuration_error() {
    let err = with_env(None, || new_client(obj(&[("baseUrl", s(MOCK_URL))]))).unwrap_err();
    assert_error!(err, SyncConfigurationError);
    let message = get_str(&err, "message").unwrap();
    for needle in [
        "apiKey",
        "SYNC_API_KEY",
        "env.SYNC_API_KEY",
        "Cloudflare Workers",
    ] {
        assert!(
            message.contains(needle),
            "{needle:?} missing from {message}"
        );
    }
    // No options at all behaves the same.
    let err = with_env(None, || new_client(JsValue::UNDEFINED)).unwrap_err();
    assert_error!(err, SyncConfigurationError);
}

#[wasm_bindgen_test]
fn misspelt_key_option_is_pointed_out() {
    let err = with_env(None, || new_client(obj(&[("api_key", s(KEY))]))).unwrap_err();
    assert_error!(err, SyncConfigurationError);
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("`api_key`: the option is spelt `apiKey`"));
    assert_secret_absent(&err, KEY);
}

#[wasm_bindgen_test]
async fn key_from_environment_is_used() {
    let client = with_env(Some(&format!("  {KEY}\n")), || {
        new_client(obj(&[("baseUrl", s(MOCK_URL))]))
    })
    .unwrap();
    let created = call(
        &client,
        "generations",
        "create",
        &[create_body("https://example.com/v.mp4")],
    )
    .await
    .unwrap();
    assert!(get_str(&created, "id").is_some());
}

#[wasm_bindgen_test]
fn explicit_key_wins_over_environment() {
    let err = with_env(Some(KEY), || new_client(obj(&[("apiKey", s("bad key"))]))).unwrap_err();
    assert_error!(err, SyncConfigurationError);
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("from the apiKey option contains whitespace"));
}

/// Run `f` with SYNC_API_KEY unset in `process.env` and a `Deno.env.get(name)` whose body is `get`.
fn with_deno_env<T>(get: &str, f: impl FnOnce() -> T) -> T {
    let global = global();
    let deno = obj(&[("env", obj(&[("get", js_fn("name", get).into())]))]);
    Reflect::set(&global, &s("Deno"), &deno).unwrap();
    let result = with_env(None, f);
    Reflect::delete_property(global.unchecked_ref::<Object>(), &s("Deno")).unwrap();
    result
}

#[wasm_bindgen_test]
fn denied_deno_env_is_explained() {
    let result = with_deno_env(
        "throw new Error('Requires env access to \"' + name + '\"')",
        || new_client(obj(&[])),
    );
    let err = result.unwrap_err();
    assert_error!(err, SyncConfigurationError);
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("--allow-env=SYNC_API_KEY"));
}

/// Deno with `--allow-env=SYNC_API_KEY` only: the base URL cannot be read, so the client refuses to
/// start instead of sending the key to the default API; an explicit `baseUrl` needs no read.
#[wasm_bindgen_test]
fn denied_base_url_is_not_replaced_by_the_default() {
    let get = "if (name === 'SYNC_BASE_URL') throw new Error('Requires env access to \"' + name + '\"'); \
               return undefined;";
    let refused = with_deno_env(get, || new_client(obj(&[("apiKey", s(KEY))])));
    let explicit = with_deno_env(get, || {
        new_client(obj(&[("apiKey", s(KEY)), ("baseUrl", s(MOCK_URL))]))
    });
    let err = refused.unwrap_err();
    assert_error!(err, SyncConfigurationError);
    let message = get_str(&err, "message").unwrap();
    assert!(
        message.contains("SYNC_BASE_URL")
            && message.contains("--allow-env=SYNC_API_KEY,SYNC_BASE_URL"),
        "{message}"
    );
    assert_secret_absent(&err, KEY);
    assert_eq!(
        get_str(&explicit.unwrap(), "baseUrl").as_deref(),
        Some(MOCK_URL)
    );
}

#[wasm_bindgen_test]
fn malformed_keys_are_refused_without_echo() {
    let secret = "sk_live_Secret123";
    let cases = [
        (format!("{secret} extra"), "whitespace"),
        (format!("{secret}\r\nx-evil: 1"), "control character"),
        (format!("{secret}\u{201d}"), "non-ASCII"),
        ("   ".to_owned(), "is empty"),
    ];
    for (key, expected) in cases {
        let err = new_client(obj(&[("apiKey", s(&key))])).unwrap_err();
        assert_error!(err, SyncConfigurationError);
        let message = get_str(&err, "message").unwrap();
        assert!(message.contains(expected), "{expected:?} not in {message}");
        assert_secret_absent(&err, secret);
    }
    let err = new_client(obj(&[("apiKey", n(12345.0))])).unwrap_err();
    assert_error!(err, SyncConfigurationError);
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("`apiKey` must be a string, got a number"));
    assert_secret_absent(&err, "12345");
}

#[wasm_bindgen_test]
fn invalid_options_are_named() {
    let cases: Vec<(JsValue, &str)> = vec![
        (s("key"), "must be an object"),
        (
            obj(&[("apiKey", s(KEY)), ("baseUrl", s("http://api.sync.so"))]),
            "unencrypted",
        ),
        (
            obj(&[("apiKey", s(KEY)), ("baseUrl", s("https://api.sync.so/v2"))]),
            "leave /v2 out",
        ),
        (
            obj(&[("apiKey", s(KEY)), ("timeoutInSeconds", n(-1.0))]),
            "timeoutInSeconds must be a positive number",
        ),
        (
            obj(&[("apiKey", s(KEY)), ("timeoutInSeconds", s("10"))]),
            "`timeoutInSeconds` must be a number, got a string",
        ),
        (
            obj(&[("apiKey", s(KEY)), ("maxRetries", n(1.5))]),
            "maxRetries must be a whole number",
        ),
        (
            obj(&[("apiKey", s(KEY)), ("fetch", s("fetch"))]),
            "`fetch` must be a function",
        ),
        (
            obj(&[
                ("apiKey", s(KEY)),
                ("headers", obj(&[("X-Api-Key", s(KEY))])),
            ]),
            "do not set x-api-key",
        ),
        (
            obj(&[
                ("apiKey", s(KEY)),
                ("headers", obj(&[("x-bad", s("a\nb"))])),
            ]),
            "`headers` is not valid",
        ),
    ];
    for (options, expected) in cases {
        let err = new_client(options).unwrap_err();
        assert_error!(err, SyncConfigurationError);
        let message = get_str(&err, "message").unwrap();
        assert!(message.contains(expected), "{expected:?} not in {message}");
        assert_secret_absent(&err, KEY);
    }
}

#[wasm_bindgen_test]
async fn wrong_key_is_unauthorized_and_never_echoed() {
    let secret = "sk_wrong_but_secret_987";
    let client = new_client(obj(&[("apiKey", s(secret)), ("baseUrl", s(MOCK_URL))])).unwrap();
    let err = call(&client, "generations", "get", &[s("any-id")])
        .await
        .unwrap_err();
    assert_error!(err, UnauthorizedError);
    assert!(err.is_instance_of::<SyncAPIError>());
    assert_eq!(get(&err, "status").as_f64(), Some(401.0));
    assert_eq!(get(&err, "statusCode").as_f64(), Some(401.0));
    assert_eq!(get(&get(&err, "body"), "statusCode").as_f64(), Some(401.0));
    assert_eq!(get_str(&err, "errorCode").as_deref(), Some("Unauthorized"));
    assert!(get(&err, "headers").is_object());
    let message = get_str(&err, "message").unwrap();
    for needle in [
        "401 Unauthorized from GET /v2/generate/any-id",
        "Invalid API key",
        "missing",
        "expired or revoked",
        "SYNC_API_KEY",
        "the apiKey option",
    ] {
        assert!(
            message.contains(needle),
            "{needle:?} missing from {message}"
        );
    }
    assert_secret_absent(&err, secret);
    assert_secret_absent(&client, secret);
}

#[wasm_bindgen_test]
async fn server_echo_of_the_key_is_redacted() {
    let client = mock_client(&[]);
    let id = unique("echo-key");
    set_faults(
        &format!("GET /v2/generate/{id}"),
        &format!(
            r#"[{{"status":400,"headers":{{"x-echo":"key={KEY}"}},"body":{{"statusCode":400,"message":"Bad key {KEY}","error":"Bad Request","errorCode":"code-{KEY}"}}}}]"#
        ),
    )
    .await;
    let err = call(&client, "generations", "get", &[s(&id)])
        .await
        .unwrap_err();
    assert_error!(err, BadRequestError);
    assert!(get_str(&err, "message").unwrap().contains("[redacted]"));
    let headers = get(&err, "headers");
    let header: js_sys::Function = get(&headers, "get").unchecked_into();
    let value = header
        .call1(&headers, &s("x-echo"))
        .unwrap()
        .as_string()
        .expect("x-echo is exposed by the mock");
    assert_eq!(value, "key=[redacted]");
    assert_secret_absent(&err, KEY);
}

#[wasm_bindgen_test]
async fn unknown_id_is_not_found() {
    let client = mock_client(&[]);
    let err = call(&client, "generations", "get", &[s("no-such-generation")])
        .await
        .unwrap_err();
    assert_error!(err, NotFoundError);
    assert_eq!(get(&err, "status").as_f64(), Some(404.0));
    assert!(get_str(&err, "message").unwrap().contains("check the id"));
}

#[wasm_bindgen_test]
async fn ids_are_percent_encoded() {
    let client = mock_client(&[]);
    let err = call(&client, "generations", "get", &[s("a/b c")])
        .await
        .unwrap_err();
    assert_error!(err, NotFoundError);
    let message = get_str(&err, "message").unwrap();
    assert!(message.contains("GET /v2/generate/a%2Fb%20c"), "{message}");
    // The mock decodes the path segment back to the id.
    assert!(message.contains("Generation a/b c not found"), "{message}");
}

#[wasm_bindgen_test]
async fn server_error_is_internal_server_error() {
    let client = mock_client(&[("maxRetries", n(0.0))]);
    let id = unique("status-500");
    // No body given: the kit answers the API's own 500 body, with a request id.
    set_faults(&format!("GET /v2/generate/{id}"), r#"[{"status":500}]"#).await;
    let err = call(&client, "generations", "get", &[s(&id)])
        .await
        .unwrap_err();
    assert_error!(err, InternalServerError);
    assert_eq!(get(&err, "status").as_f64(), Some(500.0));
    assert_eq!(
        get_str(&err, "errorCode").as_deref(),
        Some("internal_error")
    );
    let request_id = get_str(&err, "requestId").unwrap();
    assert!(request_id.starts_with("req_"), "{request_id}");
}

#[wasm_bindgen_test]
async fn html_error_page_keeps_raw_text() {
    let client = mock_client(&[("maxRetries", n(0.0))]);
    let id = unique("text-502");
    set_faults(
        &format!("GET /v2/generate/{id}"),
        r#"[{"status":502,"headers":{"content-type":"text/html"},"body":"<html><body><h1>502 Bad Gateway</h1>upstream error</body></html>"}]"#,
    )
    .await;
    let err = call(&client, "generations", "get", &[s(&id)])
        .await
        .unwrap_err();
    assert_error!(err, InternalServerError);
    assert!(get_str(&err, "body")
        .unwrap()
        .contains("<h1>502 Bad Gateway</h1>"));
    assert_eq!(get(&err, "errorCode"), JsValue::UNDEFINED);
}

#[wasm_bindgen_test]
async fn other_statuses_map_to_their_classes() {
    let client = mock_client(&[("maxRetries", n(0.0))]);
    let id = unique("statuses");
    set_faults(
        &format!("GET /v2/generate/{id}"),
        r#"[{"status":409},{"status":418}]"#,
    )
    .await;
    let err = call(&client, "generations", "get", &[s(&id)])
        .await
        .unwrap_err();
    assert_error!(err, ConflictError);
    let err = call(&client, "generations", "get", &[s(&id)])
        .await
        .unwrap_err();
    assert_error!(err, SyncAPIError);
    assert_eq!(get(&err, "status").as_f64(), Some(418.0));
}

#[wasm_bindgen_test]
async fn transient_failures_are_retried() {
    let client = mock_client(&[]);
    let created = call(
        &client,
        "generations",
        "create",
        &[create_body("https://example.com/flaky.mp4")],
    )
    .await
    .unwrap();
    let id = get_str(&created, "id").unwrap();
    let flaky = r#"{"status":503,"headers":{"retry-after-ms":"10"}}"#;
    set_faults(
        &format!("GET /v2/generate/{id}"),
        &format!("[{flaky},{flaky}]"),
    )
    .await;
    let before = request_count(&format!("/v2/generate/{id}")).await;
    let generation = call(&client, "generations", "get", &[s(&id)])
        .await
        .unwrap();
    assert_eq!(get_str(&generation, "id").as_deref(), Some(id.as_str()));
    assert_eq!(
        request_count(&format!("/v2/generate/{id}")).await - before,
        3.0
    );

    // With retries off the first 503 is final.
    let id = unique("flaky");
    set_faults(&format!("GET /v2/generate/{id}"), &format!("[{flaky}]")).await;
    let client = mock_client(&[("maxRetries", n(0.0))]);
    let err = call(&client, "generations", "get", &[s(&id)])
        .await
        .unwrap_err();
    assert_error!(err, InternalServerError);
    assert_eq!(request_count(&format!("/v2/generate/{id}")).await, 1.0);
}

#[wasm_bindgen_test]
async fn unreachable_server_is_a_connection_error() {
    let client = new_client(obj(&[
        ("apiKey", s(KEY)),
        ("baseUrl", s(DEAD_URL)),
        ("maxRetries", n(0.0)),
    ]))
    .unwrap();
    let err = call(&client, "generations", "get", &[s("x")])
        .await
        .unwrap_err();
    assert_error!(err, SyncConnectionError);
    assert!(
        get(&err, "cause").is_object(),
        "cause is the fetch rejection"
    );
    let message = get_str(&err, "message").unwrap();
    assert!(message.contains(&format!("Could not reach the Sync API at {DEAD_URL}")));
    // The CORS hint only where CORS applies: in a page, not in Node.
    assert_eq!(message.contains("CORS"), in_browser(), "{message}");
    assert_secret_absent(&err, KEY);
}

#[wasm_bindgen_test]
async fn abort_signal_is_an_abort_error() {
    let client = mock_client(&[]);
    let id = unique("abort");
    set_faults(&format!("GET /v2/generate/{id}"), r#"[{"delayMs":3000}]"#).await;
    let controller = web_sys::AbortController::new().unwrap();
    let options = obj(&[("signal", controller.signal().into())]);
    let pending = {
        let client = client.clone();
        async move { call(&client, "generations", "get", &[s(&id), options]).await }
    };
    let abort_later = async {
        sleep(100).await;
        controller.abort();
    };
    let (result, ()) = futures_join(pending, abort_later).await;
    let err = result.unwrap_err();
    assert_error!(err, SyncAbortError);
    assert!(get_str(&err, "message")
        .unwrap()
        .contains("aborted by the caller's AbortSignal"));

    // An already-aborted signal rejects without a request.
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let err = call(
        &client,
        "generations",
        "get",
        &[s("x"), obj(&[("signal", controller.signal().into())])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncAbortError);
}

#[wasm_bindgen_test]
async fn slow_headers_and_slow_body_time_out() {
    let client = mock_client(&[("maxRetries", n(0.0))]);
    let slow_headers = r#"{"delayMs":2000,"status":200,"body":{"id":"x","status":"PENDING"}}"#;
    let slow_body = r#"{"bodyDelayMs":2000,"status":200,"body":{"id":"x","status":"PENDING"}}"#;
    for fault in [slow_headers, slow_body] {
        let id = unique("slow");
        set_faults(&format!("GET /v2/generate/{id}"), &format!("[{fault}]")).await;
        let err = call(
            &client,
            "generations",
            "get",
            &[s(&id), obj(&[("timeoutMs", n(200.0))])],
        )
        .await
        .unwrap_err();
        assert_error!(err, SyncTimeoutError);
        assert_eq!(get(&err, "timeoutMs").as_f64(), Some(200.0));
        assert!(get_str(&err, "message")
            .unwrap()
            .contains(&format!("GET /v2/generate/{id} timed out after 200 ms")));
    }
    // The client-wide timeout applies too.
    let client = mock_client(&[("maxRetries", n(0.0)), ("timeoutInSeconds", n(0.2))]);
    let id = unique("slow");
    set_faults(
        &format!("GET /v2/generate/{id}"),
        &format!("[{slow_headers}]"),
    )
    .await;
    let err = call(&client, "generations", "get", &[s(&id)])
        .await
        .unwrap_err();
    assert_error!(err, SyncTimeoutError);
}

#[wasm_bindgen_test]
async fn bad_arguments_are_validation_errors() {
    let client = mock_client(&[]);
    for id in [s(""), s(".."), JsValue::UNDEFINED, n(42.0)] {
        let err = call(&client, "generations", "get", &[id])
            .await
            .unwrap_err();
        assert_error!(err, SyncValidationError);
        assert_eq!(get_str(&err, "field").as_deref(), Some("id"));
    }
    for body in [s("model"), JsValue::NULL, Array::new().into()] {
        let err = call(&client, "generations", "create", &[body])
            .await
            .unwrap_err();
        assert_error!(err, SyncValidationError);
        assert_eq!(get_str(&err, "field").as_deref(), Some("body"));
    }
    let cyclic = obj(&[("model", s("lipsync-2"))]);
    Reflect::set(&cyclic, &s("self"), &cyclic).unwrap();
    let err = call(&client, "generations", "create", &[cyclic])
        .await
        .unwrap_err();
    assert_error!(err, SyncValidationError);
    let err = call(
        &client,
        "generations",
        "get",
        &[s("x"), obj(&[("signal", s("nope"))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncConfigurationError);
    let err = call(
        &client,
        "generations",
        "create",
        &[create_body("v"), obj(&[("idempotencyKey", s("has space"))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncConfigurationError);
}

#[wasm_bindgen_test]
async fn server_validation_errors_are_bad_requests() {
    let client = mock_client(&[]);
    // Passes the client's checks (unknown input types are left to the server), refused by the server.
    let body = create_body("https://example.com/v.mp4");
    get(&body, "input")
        .unchecked_into::<Array>()
        .push(&obj(&[("type", s("hologram"))]));
    let err = call(&client, "generations", "create", &[body])
        .await
        .unwrap_err();
    assert_error!(err, BadRequestError);
    let message = get_str(&err, "message").unwrap();
    assert!(
        message.contains("input[2].type must be one of video, audio, text, image"),
        "{message}"
    );
}

#[wasm_bindgen_test]
async fn requests_carry_the_right_headers() {
    let global = global();
    let spy = js_fn(
        "url, init",
        "globalThis.__syncSeen = { url, method: init.method, headers: Object.fromEntries(new Headers(init.headers)), body: init.body }; return fetch(url, init);",
    );
    let client = mock_client(&[
        ("fetch", spy.into()),
        ("headers", obj(&[("x-test-team", s("lipsync"))])),
    ]);
    call(
        &client,
        "generations",
        "create",
        &[
            create_body("https://example.com/v.mp4"),
            obj(&[("headers", obj(&[("x-test-trace", s("t1"))]))]),
        ],
    )
    .await
    .unwrap();
    let seen = get(&global, "__syncSeen");
    let headers = get(&seen, "headers");
    assert_eq!(
        get_str(&seen, "url").unwrap(),
        format!("{MOCK_URL}/v2/generate")
    );
    assert_eq!(get_str(&seen, "method").as_deref(), Some("POST"));
    assert_eq!(get_str(&headers, "x-api-key").as_deref(), Some(KEY));
    assert_eq!(
        get_str(&headers, "accept").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        get_str(&headers, "content-type").as_deref(),
        Some("application/json")
    );
    assert!(get_str(&headers, "x-sync-sdk")
        .unwrap()
        .starts_with("sync-wasm/"));
    assert!(get_str(&headers, "idempotency-key")
        .unwrap()
        .starts_with("sync-wasm-"));
    assert_eq!(get_str(&headers, "x-test-team").as_deref(), Some("lipsync"));
    assert_eq!(get_str(&headers, "x-test-trace").as_deref(), Some("t1"));
    assert!(get(&headers, "authorization").is_undefined());
    assert!(get_str(&seen, "body")
        .unwrap()
        .contains("\"model\":\"lipsync-2\""));
    Reflect::delete_property(global.unchecked_ref::<Object>(), &s("__syncSeen")).unwrap();
}

#[wasm_bindgen_test]
async fn idempotency_key_makes_create_repeatable() {
    let client = mock_client(&[]);
    let key = format!("test-{}", js_sys::Math::random()).replace("0.", "");
    let options = obj(&[("idempotencyKey", s(&key))]);
    let first = call(
        &client,
        "generations",
        "create",
        &[create_body("https://example.com/a.mp4"), options.clone()],
    )
    .await
    .unwrap();
    let again = call(
        &client,
        "generations",
        "create",
        &[create_body("https://example.com/a.mp4"), options.clone()],
    )
    .await
    .unwrap();
    assert_eq!(get_str(&first, "id"), get_str(&again, "id"));
    let err = call(
        &client,
        "generations",
        "create",
        &[create_body("https://example.com/other.mp4"), options],
    )
    .await
    .unwrap_err();
    assert_error!(err, ConflictError);
    // Without a key every create is a new generation.
    let a = call(
        &client,
        "generations",
        "create",
        &[create_body("https://example.com/a.mp4")],
    )
    .await
    .unwrap();
    let b = call(
        &client,
        "generations",
        "create",
        &[create_body("https://example.com/a.mp4")],
    )
    .await
    .unwrap();
    assert_ne!(get_str(&a, "id"), get_str(&b, "id"));
}

#[wasm_bindgen_test]
async fn custom_fetch_returning_garbage_is_a_connection_error() {
    let client = mock_client(&[
        ("fetch", js_fn("", "return 42;").into()),
        ("maxRetries", n(0.0)),
    ]);
    let err = call(&client, "generations", "get", &[s("x")])
        .await
        .unwrap_err();
    assert_error!(err, SyncConnectionError);
    assert!(get_str(&err, "message").unwrap().contains("not a Response"));
    // The client keeps working afterwards.
    let client = mock_client(&[]);
    let err = call(&client, "generations", "get", &[s("missing")])
        .await
        .unwrap_err();
    assert_error!(err, NotFoundError);
}

#[wasm_bindgen_test]
async fn a_fetch_that_never_settles_still_times_out_and_aborts() {
    // An injected fetch that ignores its signal, and one whose error body never ends.
    let never = js_fn("", "return new Promise(() => {});");
    let endless = js_fn(
        "",
        "return Promise.resolve({ status: 500, headers: new Headers(), body: { getReader() { \
         return { read: () => new Promise(() => {}), cancel: async () => {} }; } } });",
    );
    // A call that hangs fails the test after 5 s instead of hanging the suite.
    let settled_within = |client: &JsValue, args: &[JsValue]| {
        let generations = get(client, "generations");
        let method: js_sys::Function = get(&generations, "get").into();
        let promise = method
            .apply(&generations, &args.iter().collect::<Array>())
            .unwrap();
        let raced = js_fn(
            "p",
            "return Promise.race([p, new Promise((_, reject) => setTimeout(() => \
             reject(new Error('the call did not settle within 5 s')), 5000))]);",
        )
        .call1(&JsValue::UNDEFINED, &promise)
        .unwrap();
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(raced))
    };
    for fetch in [never, endless] {
        let client = mock_client(&[
            ("fetch", fetch.clone().into()),
            ("maxRetries", n(0.0)),
            ("timeoutMs", n(50.0)),
        ]);
        let err = settled_within(&client, &[s("x")]).await.unwrap_err();
        assert_error!(err, SyncTimeoutError);

        let client = mock_client(&[("fetch", fetch.into()), ("maxRetries", n(0.0))]);
        let controller = web_sys::AbortController::new().unwrap();
        js_fn("c", "setTimeout(() => c.abort(), 30);")
            .call1(&JsValue::UNDEFINED, &controller)
            .unwrap();
        let err = settled_within(
            &client,
            &[s("x"), obj(&[("signal", controller.signal().into())])],
        )
        .await
        .unwrap_err();
        assert_error!(err, SyncAbortError);
    }
}

#[wasm_bindgen_test]
fn a_page_needs_dangerously_allow_browser() {
    // Make Node look like a page for the duration of the test (in Chromium it is one already).
    let global = global();
    let fake = get(&global, "document").is_undefined();
    if fake {
        Reflect::set(&global, &s("window"), &global).unwrap();
        Reflect::set(&global, &s("document"), &obj(&[])).unwrap();
    }
    let refused = new_client(obj(&[
        ("apiKey", s(KEY)),
        ("dangerouslyAllowBrowser", JsValue::FALSE),
    ]));
    let allowed = new_client(obj(&[
        ("apiKey", s(KEY)),
        ("dangerouslyAllowBrowser", JsValue::TRUE),
    ]));
    let mistyped = new_client(obj(&[
        ("apiKey", s(KEY)),
        ("dangerouslyAllowBrowser", s("yes")),
    ]));
    if fake {
        Reflect::delete_property(global.unchecked_ref::<Object>(), &s("window")).unwrap();
        Reflect::delete_property(global.unchecked_ref::<Object>(), &s("document")).unwrap();
    }
    let err = refused.unwrap_err();
    assert_error!(err, SyncConfigurationError);
    let message = get_str(&err, "message").unwrap();
    assert!(
        message.contains("dangerouslyAllowBrowser: true") && message.contains("belong on servers"),
        "{message}"
    );
    assert_secret_absent(&err, KEY);
    assert!(allowed.is_ok());
    assert_error!(mistyped.unwrap_err(), SyncConfigurationError);
}

#[wasm_bindgen_test]
fn a_proxy_client_holds_no_key_and_needs_no_opt_in_in_a_page() {
    // Make Node look like a page on an http origin (in a browser it is one already).
    let global = global();
    let fake = get(&global, "document").is_undefined();
    if fake {
        Reflect::set(&global, &s("window"), &global).unwrap();
        Reflect::set(&global, &s("document"), &obj(&[])).unwrap();
        Reflect::set(
            &global,
            &s("location"),
            &obj(&[("href", s("http://app.example:8080/studio/index.html"))]),
        )
        .unwrap();
    }
    let page_origin = get_str(&get(&global, "location"), "href")
        .map(|href| web_sys::Url::new(&href).unwrap().origin())
        .unwrap();
    // No dangerouslyAllowBrowser: the page holds no key. (SyncClient::new directly, since
    // new_client adds the opt-in.)
    let relative = SyncClient::new(obj(&[("proxyUrl", s("/api/sync/"))])).map(JsValue::from);
    let with_key = SyncClient::new(obj(&[("proxyUrl", s("/api/sync")), ("apiKey", s(KEY))]));
    let with_base = SyncClient::new(obj(&[
        ("proxyUrl", s("/api/sync")),
        ("baseUrl", s("https://api.sync.so")),
    ]));
    if fake {
        for name in ["window", "document", "location"] {
            Reflect::delete_property(global.unchecked_ref::<Object>(), &s(name)).unwrap();
        }
    }
    let client = relative.unwrap();
    assert_eq!(
        get_str(&client, "baseUrl").unwrap(),
        format!("{page_origin}/api/sync"),
        "resolved against the page, trailing slash dropped"
    );
    let err = JsValue::from(with_key.err().unwrap());
    assert_error!(err, SyncConfigurationError);
    assert!(get_str(&err, "message").unwrap().contains("not both"));
    assert_secret_absent(&err, KEY);
    assert_error!(
        JsValue::from(with_base.err().unwrap()),
        SyncConfigurationError
    );
}

#[wasm_bindgen_test]
fn a_relative_proxy_url_needs_a_page_and_from_env_refuses_one() {
    if in_browser() {
        return; // a page always has a location to resolve against
    }
    let err = JsValue::from(
        SyncClient::new(obj(&[("proxyUrl", s("/api/sync"))]))
            .err()
            .unwrap(),
    );
    assert_error!(err, SyncConfigurationError);
    assert!(get_str(&err, "message").unwrap().contains("no page here"));
    // A full URL works anywhere, plain http too: no key travels on this hop.
    let client = JsValue::from(
        SyncClient::new(obj(&[("proxyUrl", s("http://app.example/api/sync"))])).unwrap(),
    );
    assert_eq!(
        get_str(&client, "baseUrl").as_deref(),
        Some("http://app.example/api/sync")
    );
    let err = JsValue::from(
        SyncClient::from_env(
            obj(&[("SYNC_API_KEY", s(KEY))]),
            obj(&[("proxyUrl", s("http://app.example/api/sync"))]),
        )
        .err()
        .unwrap(),
    );
    assert_error!(err, SyncConfigurationError);
    assert_secret_absent(&err, KEY);
}

#[wasm_bindgen_test]
async fn a_proxy_client_sends_no_key_and_its_401_names_the_proxy() {
    // The mock stands where the proxy would: with no key sent it answers 401 "Missing API key".
    let client = JsValue::from(SyncClient::new(obj(&[("proxyUrl", s(MOCK_URL))])).unwrap());
    harden(&client);
    let err = call(&client, "models", "list", &[]).await.unwrap_err();
    assert_error!(err, UnauthorizedError);
    let message = get_str(&err, "message").unwrap();
    assert!(message.contains("Missing API key"), "{message}");
    assert!(message.contains("went through your proxy"), "{message}");
    let seen = mock_json("/__mock/requests?path=/v2/models").await;
    let requests = Array::from(&get(&seen, "requests"));
    let last = requests.get(requests.length() - 1);
    assert!(
        get(&get(&last, "headers"), "x-api-key").is_undefined(),
        "no x-api-key was sent"
    );
}
