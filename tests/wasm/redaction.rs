//! The API key never reaches an error, wherever a server plants it: in response headers (values and
//! names, redirects included), in error bodies (raw, JSON-escaped, as a JSON key), in 2xx answers the
//! SDK cannot use, and in a failed generation's error text. Every error is walked deeply (all own
//! properties, enumerable or not, accessors of its class, `Headers` entries, the `cause` chain), and
//! its `message`, `stack`, `String(err)`, `JSON.stringify(err)` and, in Node,
//! `util.inspect(err, { showHidden: true, depth: Infinity })` are searched. The error must still say
//! what happened: its class, its status, and `[redacted]` where the key was.
//!
//! Also: a huge 2xx answer that is not JSON is cut like an error body, without passing through wasm
//! memory.

use js_sys::{Array, JsString, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

/// Where each case's `$ESC` goes: the key with its first character (`s`) as a JSON `\u` escape. Once
/// parsed it is the key; as raw text it is not, so redacting the text before parsing misses it.
const ESCAPED_KEY: &str = r"\u0073ync-test-key";

/// The deep walk, in JS: `(err, secret) => { places, inspected }`, where `places` names every spot
/// the secret shows up and `inspected` says whether `util.inspect` was available (it must be in Node).
const KEY_SEARCH: &str = r#"
const places = [];
const seen = new Set();
const note = (where, text) => { if (typeof text === "string" && text.includes(secret)) places.push(where); };
const read = (object, key, descriptor) => {
  if ("value" in descriptor) return descriptor.value;
  try { return descriptor.get ? descriptor.get.call(object) : undefined; } catch { return undefined; }
};
const walk = (value, where) => {
  if (typeof value === "string") return note(where, value);
  if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
  seen.add(value);
  if (typeof Headers === "function" && value instanceof Headers) {
    for (const [name, text] of value.entries()) {
      note(`${where} (a header name)`, name);
      note(`${where}.get(${JSON.stringify(name)})`, text);
    }
  }
  for (const key of Reflect.ownKeys(value)) {
    const name = `${where}.${String(key)}`;
    note(`${name} (a property name)`, String(key));
    walk(read(value, key, Object.getOwnPropertyDescriptor(value, key)), name);
  }
  // Accessors of the class chain (`statusCode`, `rawResponse`, ...), read as a user would.
  for (let proto = Object.getPrototypeOf(value);
       proto && proto !== Object.prototype && proto !== Error.prototype && proto !== Function.prototype;
       proto = Object.getPrototypeOf(proto)) {
    for (const key of Reflect.ownKeys(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      if (descriptor.get) walk(read(value, key, descriptor), `${where}.${String(key)}`);
    }
  }
};
walk(err, "err");
const util = globalThis.process?.getBuiltinModule?.("node:util");
const renderings = [
  ["err.message", () => err.message],
  ["err.stack", () => err.stack],
  ["String(err)", () => String(err)],
  ["JSON.stringify(err)", () => JSON.stringify(err)],
];
if (util) renderings.push(["util.inspect(err, { showHidden: true, depth: Infinity })", () => util.inspect(err, { showHidden: true, depth: Infinity })]);
for (const [where, render] of renderings) {
  let text;
  try { text = render(); } catch (e) { text = `(threw ${e})`; }
  note(where, text);
}
return { places: [...new Set(places)].map((p) => p.split(secret).join("<KEY>")), inspected: Boolean(util) };
"#;

/// Every place the key shows up in `err` (empty when it does not).
fn key_places(err: &JsValue) -> Vec<String> {
    let found = js_fn("err, secret", KEY_SEARCH)
        .call2(&JsValue::NULL, err, &s(KEY))
        .expect("the key search runs");
    if in_node() {
        assert_eq!(
            get(&found, "inspected").as_bool(),
            Some(true),
            "node:util is not reachable through process.getBuiltinModule"
        );
    }
    Array::from(&get(&found, "places"))
        .iter()
        .filter_map(|p| p.as_string())
        .collect()
}

/// Whether this is Node (where `util.inspect` must be searched too).
fn in_node() -> bool {
    js_fn(
        "",
        "return typeof process !== 'undefined' && Boolean(process.versions?.node);",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .is_truthy()
}

/// `err.a.b`, where a `Headers` step is read with `get`.
fn lookup(err: &JsValue, path: &str) -> JsValue {
    let mut value = err.clone();
    for step in path.split('.') {
        if value.is_instance_of::<web_sys::Headers>() {
            value = value
                .unchecked_ref::<web_sys::Headers>()
                .get(step)
                .ok()
                .flatten()
                .map_or(JsValue::UNDEFINED, |v| s(&v));
        } else if value.is_object() {
            value = get(&value, step);
        } else {
            return JsValue::UNDEFINED;
        }
    }
    value
}

/// The search itself finds the key wherever it hides: a non-enumerable property, a symbol-keyed
/// one, a property name, an accessor of the class, a `Headers` value and name, an array, and the
/// `cause` chain; and finds nothing in a clean error.
#[wasm_bindgen_test]
fn the_key_search_finds_every_hiding_place() {
    let planted = js_fn(
        "key",
        "class Planted extends Error { get status() { return 400; } }
         const clean = () => new Planted('clean');
         const make = (plant) => { const e = clean(); plant(e); return e; };
         return {
           clean: clean(),
           cases: {
             'non-enumerable': make((e) => Object.defineProperty(e, 'hidden', { value: key, enumerable: false })),
             'symbol-keyed': make((e) => { e[Symbol('s')] = { deep: [key] }; }),
             'property name': make((e) => { e.body = { [key]: 1 }; }),
             'accessor': (() => { class WithGetter extends Error { get leak() { return key; } } return new WithGetter('x'); })(),
             'header value': make((e) => { e.headers = new Headers({ 'x-echo': key }); }),
             'header name': make((e) => { e.headers = new Headers({ [key]: '1' }); }),
             'array': make((e) => { e.list = [[1, [key]]]; }),
             'cause chain': make((e) => { e.cause = new Error('outer', { cause: new Error(`inner ${key}`) }); }),
             'message': new Planted(`bad ${key}`),
           },
         };",
    )
    .call1(&JsValue::NULL, &s(KEY))
    .unwrap();
    assert_eq!(key_places(&get(&planted, "clean")), Vec::<String>::new());
    let cases = get(&planted, "cases");
    for name in js_sys::Object::keys(cases.unchecked_ref::<js_sys::Object>()).iter() {
        let name = name.as_string().unwrap();
        assert!(
            !key_places(&get(&cases, &name)).is_empty(),
            "the search misses a key in: {name}"
        );
    }
}

/// What a case calls; the faults go on the route it sends first.
#[derive(Clone, Copy)]
enum Method {
    /// `generations.get(id)`, faults on `GET /v2/generate/<id>`.
    Get,
    /// `generations.waitForCompletion(id)`, faults on `GET /v2/generate/<id>`.
    Wait,
    /// `generations.createAndWait(body)`, faults on `POST /v2/generate`.
    CreateAndWait,
    /// `assets.upload(blob)`, faults on `POST /v2/assets/upload`.
    Upload,
}

/// One planted key. In headers and bodies, `$KEY` is the key, `$ESC` the escaped key (for JSON
/// text) and `$PORT` the mock's port.
struct Case {
    name: &'static str,
    method: Method,
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    /// Sent as is: `text/plain` unless `headers` say otherwise, or `application/json` with `json`.
    body: &'static str,
    json: bool,
    /// The error's class (`name`).
    class: &'static str,
    /// The error's numeric `status`, when it has one.
    error_status: Option<u16>,
    /// Properties (`body.message`, `headers.location`) that must show `[redacted]` where the key was.
    redacted: &'static [&'static str],
    /// Whether a page sees what was planted (exposed headers, no redirect); otherwise the status and
    /// `[redacted]` checks run only outside browsers. The key must be absent everywhere.
    page_sees_it: bool,
}

const BAD_REQUEST: &str = r#"{"statusCode":400,"message":"Bad request","error":"Bad Request"}"#;

impl Case {
    fn expand(&self, text: &str) -> String {
        let port = MOCK_URL.rsplit(':').next().unwrap_or("80");
        text.replace("$KEY", KEY)
            .replace("$ESC", ESCAPED_KEY)
            .replace("$PORT", port)
    }

    /// The fault, as the mock's switchboard takes it.
    fn fault(&self) -> String {
        let headers = obj(&[]);
        if self.json {
            Reflect::set(&headers, &s("content-type"), &s("application/json")).unwrap();
        }
        for (name, value) in self.headers {
            Reflect::set(&headers, &s(&self.expand(name)), &s(&self.expand(value))).unwrap();
        }
        let fault = obj(&[("status", n(f64::from(self.status))), ("headers", headers)]);
        if !self.body.is_empty() {
            Reflect::set(&fault, &s("body"), &s(&self.expand(self.body))).unwrap();
        }
        format!("[{}]", String::from(JSON::stringify(&fault).unwrap()))
    }

    /// Queue the fault, make the call, and list what is wrong with the outcome.
    async fn problems(&self) -> Vec<String> {
        let client = mock_client(&[("maxRetries", n(0.0))]);
        let id = unique("redaction");
        let route = match self.method {
            Method::Get | Method::Wait => format!("GET /v2/generate/{id}"),
            Method::CreateAndWait => "POST /v2/generate".to_owned(),
            Method::Upload => "POST /v2/assets/upload".to_owned(),
        };
        set_faults(&route, &self.fault()).await;
        let wait_options = || obj(&[("timeoutMs", n(10_000.0))]);
        let result = match self.method {
            Method::Get => call(&client, "generations", "get", &[s(&id)]).await,
            Method::Wait => {
                call(
                    &client,
                    "generations",
                    "waitForCompletion",
                    &[s(&id), wait_options()],
                )
                .await
            }
            Method::CreateAndWait => {
                call(
                    &client,
                    "generations",
                    "createAndWait",
                    &[
                        create_body("https://example.com/redaction.mp4"),
                        wait_options(),
                    ],
                )
                .await
            }
            Method::Upload => {
                let file = js_fn("", "return new Blob(['bytes'], { type: 'video/mp4' });")
                    .call0(&JsValue::NULL)
                    .unwrap();
                let options = obj(&[("fileName", s("a.mp4")), ("contentType", s("video/mp4"))]);
                call(&client, "assets", "upload", &[file, options]).await
            }
        };
        mock_send("DELETE", "/__mock/faults", None).await;
        let err = match result {
            Ok(value) => {
                return vec![format!(
                    "resolved instead of failing: {}",
                    String::from(JSON::stringify(&value).unwrap_or_else(|_| "?".into()))
                        .replace(KEY, "<KEY>")
                )]
            }
            Err(err) => err,
        };
        let mut problems: Vec<String> = key_places(&err)
            .into_iter()
            .map(|place| format!("the key is in {place}"))
            .collect();
        let name = get_str(&err, "name").unwrap_or_default();
        if !err.is_instance_of::<SyncError>() || name != self.class {
            problems.push(format!("expected {}, got {name:?}", self.class));
        }
        if in_browser() && !self.page_sees_it {
            return problems;
        }
        if let Some(status) = self.error_status {
            let got = get(&err, "status").as_f64();
            if got != Some(f64::from(status)) {
                problems.push(format!("status {got:?}, expected {status}"));
            }
        }
        for path in self.redacted {
            let value = lookup(&err, path).as_string();
            if !value.as_deref().is_some_and(|v| v.contains("[redacted]")) {
                let shown = value.map(|v| v.replace(KEY, "<KEY>"));
                problems.push(format!("err.{path} should show [redacted], is {shown:?}"));
            }
        }
        problems
    }
}

/// Run each case; fail with every problem of every case.
async fn check_cases(cases: &[Case]) {
    let mut report = Vec::new();
    for case in cases {
        for problem in case.problems().await {
            report.push(format!("{}: {problem}", case.name));
        }
    }
    assert_no_problems(&report);
}

/// The key in each response header of an error: the request-id headers (which also become
/// `requestId`), an exposed custom header, a header's name, the content type, and the `Location` of
/// cross-origin redirects (302 with the key in the query, 307 with the key as the host, which also
/// shows in the origin the message names).
#[wasm_bindgen_test]
async fn the_key_in_error_headers_is_redacted() {
    type Headers = &'static [(&'static str, &'static str)];
    type Paths = &'static [&'static str];
    let error = |name, headers: Headers, redacted: Paths, page_sees_it| Case {
        name,
        method: Method::Get,
        status: 400,
        headers,
        body: BAD_REQUEST,
        json: true,
        class: "BadRequestError",
        error_status: Some(400),
        redacted,
        page_sees_it,
    };
    let redirect = |name, status, location: Headers| Case {
        name,
        method: Method::Get,
        status,
        headers: location,
        body: "",
        json: false,
        class: "SyncAPIError",
        error_status: Some(status),
        redacted: &["headers.location"],
        page_sees_it: false,
    };
    check_cases(&[
        error(
            "x-request-id",
            &[("x-request-id", "req-$KEY")],
            &["requestId", "headers.x-request-id"],
            true,
        ),
        error(
            "request-id",
            &[("request-id", "req-$KEY")],
            &["requestId", "headers.request-id"],
            false,
        ),
        error(
            "a custom header",
            &[("x-echo", "key=$KEY")],
            &["headers.x-echo"],
            true,
        ),
        error("a header name", &[("$KEY", "1")], &[], false),
        error(
            "content-type",
            &[("content-type", "application/json; profile=$KEY")],
            &["headers.content-type"],
            true,
        ),
        redirect(
            "302 to another origin, key in the query",
            302,
            &[("location", "http://localhost:$PORT/steal?key=$KEY")],
        ),
        redirect(
            "307 to another origin, key as the host",
            307,
            &[("location", "http://$KEY.localhost:$PORT/steal")],
        ),
    ])
    .await;
}

/// The key in an error body: plain text, JSON string values (nested too), the same JSON-escaped
/// (`\u0073ync-test-key`, which only parsing turns into the key), a JSON key name (raw and escaped),
/// and the body's `requestId` (raw and escaped).
#[wasm_bindgen_test]
async fn the_key_in_error_bodies_is_redacted() {
    let body = |name, body: &'static str, json, redacted: &'static [&'static str]| Case {
        name,
        method: Method::Get,
        status: 400,
        headers: &[],
        body,
        json,
        class: "BadRequestError",
        error_status: Some(400),
        redacted,
        page_sees_it: true,
    };
    check_cases(&[
        body(
            "text/plain",
            "bad key $KEY",
            false,
            &["body", "message"],
        ),
        body(
            "JSON string values",
            r#"{"statusCode":400,"message":"Invalid key $KEY","errorCode":"code-$KEY","details":{"seen":["$KEY"]}}"#,
            true,
            &["body.message", "message", "errorCode"],
        ),
        body(
            "JSON-escaped string values",
            r#"{"statusCode":400,"message":"Invalid key $ESC","errorCode":"code-$ESC","details":{"seen":["$ESC"]}}"#,
            true,
            &["body.message", "message", "errorCode"],
        ),
        body(
            "a JSON key name",
            r#"{"statusCode":400,"message":"Bad request","$KEY":true}"#,
            true,
            &[],
        ),
        body(
            "a JSON-escaped key name",
            r#"{"statusCode":400,"message":"Bad request","$ESC":true}"#,
            true,
            &[],
        ),
        body(
            "requestId in the body",
            r#"{"statusCode":400,"message":"Bad request","requestId":"req-$KEY"}"#,
            true,
            &["requestId", "body.requestId"],
        ),
        body(
            "JSON-escaped requestId in the body",
            r#"{"statusCode":400,"message":"Bad request","requestId":"req-$ESC"}"#,
            true,
            &["requestId", "body.requestId"],
        ),
    ])
    .await;
}

/// The key in answers the SDK succeeds in reading but cannot use: a 2xx that is not JSON (key in
/// the content type and the page), a create answer without `id` (createAndWait), a wait answer
/// without `status`, an upload answer without `uploadUrl`, and a FAILED generation's `error` text
/// reached through waitForCompletion.
#[wasm_bindgen_test]
async fn the_key_in_unusable_answers_is_redacted() {
    let answer = |name,
                  method,
                  status,
                  body: &'static str,
                  class,
                  error_status,
                  redacted: &'static [&'static str]| Case {
        name,
        method,
        status,
        headers: &[],
        body,
        json: true,
        class,
        error_status,
        redacted,
        page_sees_it: true,
    };
    check_cases(&[
        Case {
            headers: &[("content-type", "text/html; charset=$KEY")],
            json: false,
            ..answer(
                "2xx that is not JSON",
                Method::Get,
                200,
                "<html><body>Welcome, $KEY</body></html>",
                "SyncAPIError",
                Some(200),
                &["body", "headers.content-type"],
            )
        },
        answer(
            "create answer without id",
            Method::CreateAndWait,
            201,
            r#"{"status":"PENDING","message":"made for $KEY"}"#,
            "SyncAPIError",
            None,
            &["body.message"],
        ),
        answer(
            "wait answer without status",
            Method::Wait,
            200,
            r#"{"id":"g","note":"for $KEY"}"#,
            "SyncAPIError",
            Some(200),
            &["body.note"],
        ),
        answer(
            "upload answer without uploadUrl",
            Method::Upload,
            201,
            r#"{"url":"https://example.com/$KEY","message":"for $KEY"}"#,
            "SyncAPIError",
            None,
            &["body.message"],
        ),
        answer(
            "a FAILED generation's error text",
            Method::Wait,
            200,
            r#"{"id":"g","status":"FAILED","error":"the pipeline choked on $KEY","errorCode":"code-$KEY"}"#,
            "GenerationFailedError",
            None,
            &["message", "error", "errorCode", "generation.error"],
        ),
    ])
    .await;
}

/// A 200 with 20 MB of HTML (a captive portal or a misrouted proxy) becomes a SyncAPIError whose
/// `body` keeps at most 64 KiB, as for error bodies, and the page never passes through wasm memory.
#[wasm_bindgen_test]
async fn a_huge_answer_that_is_not_json_is_cut() {
    const LIMIT: u32 = 64 * 1024;
    let client = mock_client(&[("maxRetries", n(0.0))]);
    let id = unique("huge-html");
    let chunk = format!(
        "<div class=\"filler\">{}</div>\n",
        "lorem ipsum ".repeat(80)
    );
    let repeat = 20_000_000 / chunk.len();
    let fault = obj(&[
        ("status", n(200.0)),
        ("headers", obj(&[("content-type", s("text/html"))])),
        ("body", s(&chunk)),
        ("repeat", n(repeat as f64)),
    ]);
    set_faults(
        &format!("GET /v2/generate/{id}"),
        &format!("[{}]", String::from(JSON::stringify(&fault).unwrap())),
    )
    .await;
    let before = wasm_memory_bytes();
    let result = call(&client, "generations", "get", &[s(&id)]).await;
    let after = wasm_memory_bytes();
    mock_send("DELETE", "/__mock/faults", None).await;
    let err = result.expect_err("HTML is not a generation");
    assert_error!(err, SyncAPIError);
    assert_eq!(get(&err, "status").as_f64(), Some(200.0));
    let mut problems = Vec::new();
    let body = get(&err, "body");
    match body.dyn_ref::<JsString>() {
        Some(text) if text.length() > LIMIT => problems.push(format!(
            "body is {} characters, the limit is {LIMIT}",
            text.length()
        )),
        Some(text) if text.slice(0, 20) != chunk[..20] => {
            problems.push("body does not keep the beginning of the page".to_owned())
        }
        Some(_) => {}
        None => problems.push("body is not the page's text".to_owned()),
    }
    let message = get(&err, "message").unchecked_into::<JsString>().length();
    if message > 2_000 {
        problems.push(format!("message is {message} characters"));
    }
    if after.saturating_sub(before) > 1024 * 1024 {
        problems.push(format!(
            "wasm memory grew by {} bytes ({before} to {after})",
            after - before
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
