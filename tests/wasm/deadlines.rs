//! `waitForCompletion`'s `timeoutMs` is a deadline for the whole wait: it rejects with
//! SyncTimeoutError when the time is up, whatever the server does (never answers, holds a long-poll,
//! asks for a long Retry-After) and whatever the client's own retry and per-attempt settings are; and
//! nothing is sent after it. Checked structurally: the mock records when each request arrived, and
//! none may arrive after the call's start plus `timeoutMs`. A long deadline must not become a short
//! one either (timers overflow past 2^31 - 1 ms).

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

/// Clock granularity between the mock's and the test's `Date.now()`, and the time a request takes to
/// arrive.
const SLACK_MS: f64 = 250.0;
/// How long past its deadline a wait may take to settle before the test calls it stuck.
const GRACE_MS: f64 = 5_000.0;

/// `client.<resource>.<method>(...args)`, the promise itself.
fn start(client: &JsValue, resource: &str, method: &str, args: &[JsValue]) -> Promise {
    let target = get(client, resource);
    let f: Function = get(&target, method).unchecked_into();
    f.apply(&target, &args.iter().collect::<Array>())
        .unwrap()
        .unchecked_into()
}

/// The outcome of `promise` if it settles within `ms`, else `None`.
async fn settle_within(promise: &Promise, ms: f64) -> Option<Result<JsValue, JsValue>> {
    let race = js_fn(
        "promise, ms",
        "return new Promise((resolve) => {
           const timer = setTimeout(() => resolve(null), ms);
           promise.then(
             (value) => { clearTimeout(timer); resolve({ ok: true, value }); },
             (error) => { clearTimeout(timer); resolve({ ok: false, value: error }); });
         });",
    );
    let outcome = JsFuture::from(Promise::from(
        race.call2(&JsValue::NULL, promise, &n(ms)).unwrap(),
    ))
    .await
    .unwrap();
    if outcome.is_null() {
        return None;
    }
    let value = get(&outcome, "value");
    Some(if get(&outcome, "ok").is_truthy() {
        Ok(value)
    } else {
        Err(value)
    })
}

/// A fault list: each fault `count` times, in order.
fn faults(runs: &[(&str, usize)]) -> String {
    let all: Vec<&str> = runs
        .iter()
        .flat_map(|(fault, count)| std::iter::repeat(*fault).take(*count))
        .collect();
    format!("[{}]", all.join(","))
}

/// Headers after 30 s (long after every deadline here), for plain GETs and long-polls alike.
const NO_ANSWER: &str = r#"{"delayMs":30000,"status":200,"body":{"id":"g","status":"PENDING"}}"#;
/// A running generation, at once.
const PENDING: &str = r#"{"status":200,"body":{"id":"g","status":"PENDING"}}"#;

/// Numeric options, as pairs.
type Options = &'static [(&'static str, f64)];

/// A server that misbehaves against one wait.
struct Case {
    name: &'static str,
    /// Client options.
    client: Options,
    /// The wait's `timeoutMs`.
    timeout_ms: f64,
    /// Faults for `GET /v2/generate/<id>`, in order (the mock matches the path without its query, so
    /// plain GETs and long-polls take them alike).
    faults: String,
    /// Whether a long-poll (`?wait=true`) must have reached the server, so the case tests one.
    long_poll: bool,
}

impl Case {
    async fn problems(&self) -> Vec<String> {
        let extra: Vec<(&str, JsValue)> = self.client.iter().map(|(k, v)| (*k, n(*v))).collect();
        let client = mock_client(&extra);
        let id = unique("deadline");
        let path = format!("/v2/generate/{id}");
        set_faults(&format!("GET {path}"), &self.faults).await;
        // The signal only cleans up after a wait that is stuck; it is not fired before the checks.
        let controller = web_sys::AbortController::new().unwrap();
        let options = obj(&[
            ("timeoutMs", n(self.timeout_ms)),
            ("signal", controller.signal().into()),
        ]);
        let started = js_sys::Date::now();
        let waiting = start(
            &client,
            "generations",
            "waitForCompletion",
            &[s(&id), options],
        );
        let outcome = settle_within(&waiting, self.timeout_ms + GRACE_MS).await;
        let mut problems = Vec::new();
        match outcome {
            None => problems.push(format!(
                "still pending {} ms after its {} ms deadline",
                GRACE_MS, self.timeout_ms
            )),
            Some(Ok(_)) => problems.push("resolved".to_owned()),
            Some(Err(err)) if !err.is_instance_of::<SyncTimeoutError>() => problems.push(format!(
                "rejected with {:?}: {:?}",
                get_str(&err, "name"),
                get_str(&err, "message")
            )),
            Some(Err(_)) => {}
        }
        // A request sent just after the rejection would count too.
        sleep(500).await;
        let seen = get(
            &mock_json(&format!(
                "/__mock/requests?path={}",
                js_sys::encode_uri_component(&path)
            ))
            .await,
            "requests",
        );
        let requests: Vec<(f64, String)> = Array::from(&seen)
            .iter()
            .map(|r| (get(&r, "at").as_f64().unwrap(), get_str(&r, "url").unwrap()))
            .collect();
        controller.abort();
        mock_send("DELETE", "/__mock/faults", None).await;
        if requests.is_empty() {
            problems.push("no request reached the server".to_owned());
        }
        if self.long_poll && !requests.iter().any(|(_, url)| url.contains("wait=true")) {
            problems.push("no long-poll reached the server".to_owned());
        }
        let deadline = started + self.timeout_ms + SLACK_MS;
        for (at, url) in requests.iter().filter(|(at, _)| *at > deadline) {
            problems.push(format!(
                "a request started {} ms after the call, past its deadline: {}",
                (at - started) as i64,
                url.replace(&id, "<id>")
            ));
        }
        problems
    }
}

/// Each case: rejects with SyncTimeoutError within the grace period, and the server saw no request
/// after the deadline. A server that never answers the first GET, or a long-poll; a 503 asking for
/// `Retry-After: 20` under a 1.5 s deadline; a client with `maxRetries: 10` and a 5 s per-attempt
/// timeout (larger than the deadline) against a server that never answers, and the same client
/// against quick 503s that would outlast the deadline.
#[wasm_bindgen_test]
async fn wait_for_completion_keeps_its_deadline() {
    let busy = r#"{"status":503,"body":{"statusCode":503,"message":"busy"},"headers":{"retry-after":"20"}}"#;
    let quick_busy = r#"{"status":503,"body":{"statusCode":503,"message":"busy"},"headers":{"retry-after-ms":"300"}}"#;
    let cases = [
        Case {
            name: "no answer to the first GET",
            client: &[],
            timeout_ms: 1_000.0,
            faults: faults(&[(NO_ANSWER, 30)]),
            long_poll: false,
        },
        Case {
            name: "no answer to a long-poll",
            client: &[],
            timeout_ms: 2_500.0,
            faults: faults(&[(PENDING, 1), (NO_ANSWER, 30)]),
            long_poll: true,
        },
        Case {
            name: "503 with Retry-After: 20",
            client: &[],
            timeout_ms: 1_500.0,
            faults: faults(&[(busy, 30)]),
            long_poll: false,
        },
        Case {
            name: "maxRetries 10 and 5 s attempts, no answer",
            client: &[("maxRetries", 10.0), ("timeoutMs", 5_000.0)],
            timeout_ms: 1_000.0,
            faults: faults(&[(NO_ANSWER, 30)]),
            long_poll: false,
        },
        Case {
            name: "maxRetries 10, quick 503s",
            client: &[("maxRetries", 10.0)],
            timeout_ms: 1_000.0,
            faults: faults(&[(quick_busy, 30)]),
            long_poll: false,
        },
    ];
    let mut report = Vec::new();
    for case in &cases {
        for problem in case.problems().await {
            report.push(format!("{}: {problem}", case.name));
        }
    }
    assert_no_problems(&report);
}

/// The longest timeouts the SDK accepts (2147483 s, as the wait's `timeoutInSeconds`, the client's,
/// or both) do not overflow a timer (2^31 - 1 ms at most) into an immediate timeout: a generation
/// that completes in a moment resolves COMPLETED.
#[wasm_bindgen_test]
async fn the_longest_timeouts_do_not_overflow() {
    const LONGEST_SECONDS: f64 = 2_147_483.0;
    let cases: [(&str, Options, Options); 3] = [
        (
            "the wait's timeoutInSeconds",
            &[],
            &[("timeoutInSeconds", LONGEST_SECONDS)],
        ),
        (
            "the client's timeoutInSeconds",
            &[("timeoutInSeconds", LONGEST_SECONDS)],
            &[],
        ),
        (
            "both",
            &[("timeoutInSeconds", LONGEST_SECONDS)],
            &[("timeoutInSeconds", LONGEST_SECONDS)],
        ),
    ];
    let mut report = Vec::new();
    for (name, client_options, wait_options) in cases {
        let extra: Vec<(&str, JsValue)> = client_options.iter().map(|(k, v)| (*k, n(*v))).collect();
        let client = mock_client(&extra);
        let created = call(
            &client,
            "generations",
            "create",
            &[create_body("https://example.com/longest-timeout.mp4")],
        )
        .await
        .unwrap();
        let id = get_str(&created, "id").unwrap();
        let pairs: Vec<(&str, JsValue)> = wait_options.iter().map(|(k, v)| (*k, n(*v))).collect();
        let waiting = start(
            &client,
            "generations",
            "waitForCompletion",
            &[s(&id), obj(&pairs)],
        );
        match settle_within(&waiting, 20_000.0).await {
            None => report.push(format!("{name}: still pending after 20 s")),
            Some(Ok(done)) if get_str(&done, "status").as_deref() == Some("COMPLETED") => {}
            Some(Ok(done)) => report.push(format!(
                "{name}: resolved with status {:?}",
                get_str(&done, "status")
            )),
            Some(Err(err)) => report.push(format!(
                "{name}: rejected with {:?}: {:?}",
                get_str(&err, "name"),
                get_str(&err, "message")
            )),
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}
