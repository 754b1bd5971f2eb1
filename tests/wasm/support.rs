//! Helpers for the wasm tests: calling the SDK through its JS surface, as a user would, and checking
//! the errors it throws.

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use sync_wasm::SyncClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The mock server, started by scripts/test.sh and baked in at compile time (wasm tests cannot read
/// the environment at run time in a browser).
pub const MOCK_URL: &str = match option_env!("SYNC_MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};
/// A loopback port nothing listens on.
pub const DEAD_URL: &str = match option_env!("SYNC_DEAD_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9",
};
/// The key the mock accepts.
pub const KEY: &str = "sync-test-key";

// The error classes, imported from the same source file the SDK uses. This test crate gets its own
// copy of the module, so every `instanceof` here also proves that checks work across copies.
#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    pub type SyncError;
    pub type SyncAPIError;
    pub type BadRequestError;
    pub type UnauthorizedError;
    pub type NotFoundError;
    pub type ConflictError;
    pub type InternalServerError;
    pub type SyncConnectionError;
    pub type SyncTimeoutError;
    pub type SyncAbortError;
    pub type SyncConfigurationError;
    pub type SyncValidationError;
    pub type GenerationFailedError;
    pub type WebhookVerificationError;
    pub type PayloadTooLargeError;
}

#[wasm_bindgen(module = "/js/harden.js")]
extern "C" {
    #[wasm_bindgen(js_name = harden)]
    fn harden_js(classes: &JsValue);
}

/// What `js/api.js` does for every user of the package: remove `free`/`[Symbol.dispose]` from the
/// exported classes and guard their methods' `this`. The classes are found through a client.
pub fn harden(client: &JsValue) {
    let class_of = |v: &JsValue| get(&Object::get_prototype_of(v).into(), "constructor");
    let generations = get(client, "generations");
    let list_all: Function = get(&generations, "listAll").unchecked_into();
    let iterator = list_all
        .call0(&generations)
        .expect("listAll() with no query");
    let classes = obj(&[
        ("SyncClient", class_of(client)),
        ("Generations", class_of(&generations)),
        ("Assets", class_of(&get(client, "assets"))),
        ("Batch", class_of(&get(client, "batch"))),
        ("Models", class_of(&get(client, "models"))),
        ("Webhooks", class_of(&get(client, "webhooks"))),
        ("PageIterator", class_of(&iterator)),
    ]);
    harden_js(&classes);
}

/// `{ model: "lipsync-2", input: [video, audio] }`.
pub fn create_body(video_url: &str) -> JsValue {
    let input = Array::of2(
        &obj(&[("type", s("video")), ("url", s(video_url))]),
        &obj(&[
            ("type", s("audio")),
            ("url", s("https://example.com/audio.wav")),
        ]),
    );
    obj(&[("model", s("lipsync-2")), ("input", input.into())])
}

/// Build a JS object from pairs.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

pub fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

pub fn n(value: f64) -> JsValue {
    JsValue::from_f64(value)
}

/// `new SyncClient(options)` as JS sees it: the JS wrapper object, or the thrown error.
/// Options objects get `dangerouslyAllowBrowser: true` (unless they set it), so the same tests run
/// in Node and in Chromium; the browser guard has its own test.
pub fn new_client(options: JsValue) -> Result<JsValue, JsValue> {
    if js_value_is_plain_object(&options) && get(&options, "dangerouslyAllowBrowser").is_undefined()
    {
        Reflect::set(&options, &s("dangerouslyAllowBrowser"), &JsValue::TRUE).unwrap();
    }
    let client = SyncClient::new(options).map(JsValue::from)?;
    harden(&client);
    Ok(client)
}

fn js_value_is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !Array::is_array(v) && !v.is_function()
}

/// A client for the mock with the right key, plus extra options.
pub fn mock_client(extra: &[(&str, JsValue)]) -> JsValue {
    let mut pairs = vec![("apiKey", s(KEY)), ("baseUrl", s(MOCK_URL))];
    pairs.extend(extra.iter().cloned());
    new_client(obj(&pairs)).expect("client for the mock")
}

pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap()
}

pub fn get_str(target: &JsValue, key: &str) -> Option<String> {
    get(target, key).as_string()
}

/// `await client.<resource>.<method>(...args)`, through the exported JS classes.
pub async fn call(
    client: &JsValue,
    resource: &str,
    method: &str,
    args: &[JsValue],
) -> Result<JsValue, JsValue> {
    let resource = get(client, resource);
    let f: Function = get(&resource, method).dyn_into().expect("method exists");
    let promise = f.apply(&resource, &args.iter().collect::<Array>())?;
    JsFuture::from(
        promise
            .dyn_into::<Promise>()
            .expect("method returns a Promise"),
    )
    .await
}

pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        let global: JsValue = js_sys::global().into();
        let set_timeout: Function = get(&global, "setTimeout").unchecked_into();
        set_timeout
            .call2(&JsValue::NULL, &resolve, &JsValue::from(ms))
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Every string a user could see of an error or client: message, stack, `toString()`,
/// `JSON.stringify`, and each string-valued property (including the body as JSON).
pub fn visible_strings(value: &JsValue) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(get_str(value, "message"));
    out.extend(get_str(value, "stack"));
    if let Ok(f) = get(value, "toString").dyn_into::<Function>() {
        out.extend(f.call0(value).ok().and_then(|v| v.as_string()));
    }
    out.extend(JSON::stringify(value).ok().and_then(|v| v.as_string()));
    for name in Object::get_own_property_names(value.unchecked_ref::<Object>()).iter() {
        let v = Reflect::get(value, &name).unwrap_or(JsValue::UNDEFINED);
        out.extend(v.as_string());
        if v.is_object() {
            out.extend(JSON::stringify(&v).ok().and_then(|j| j.as_string()));
        }
    }
    for key in ["body", "errorCode", "requestId", "cause", "field"] {
        let v = get(value, key);
        out.extend(v.as_string());
        out.extend(JSON::stringify(&v).ok().and_then(|j| j.as_string()));
    }
    out
}

pub fn assert_secret_absent(value: &JsValue, secret: &str) {
    let strings = visible_strings(value);
    assert!(!strings.is_empty(), "nothing to inspect");
    for text in strings {
        assert!(!text.contains(secret), "the key appears in: {text}");
    }
}

/// Fail with every problem a table-driven test collected (`"case: what is wrong"`), if any.
pub fn assert_no_problems(report: &[String]) {
    assert!(
        report.is_empty(),
        "{} problem(s):\n  {}",
        report.len(),
        report.join("\n  ")
    );
}

/// Check the class chain and `name` of an error.
#[macro_export]
macro_rules! assert_error {
    ($err:expr, $class:ident) => {{
        let err: &wasm_bindgen::JsValue = &$err;
        assert!(
            wasm_bindgen::JsCast::is_instance_of::<$crate::support::$class>(err),
            "expected {}, got {:?}: {:?}",
            stringify!($class),
            $crate::support::get_str(err, "name"),
            $crate::support::get_str(err, "message"),
        );
        assert!(wasm_bindgen::JsCast::is_instance_of::<
            $crate::support::SyncError,
        >(err));
        assert!(wasm_bindgen::JsCast::is_instance_of::<js_sys::Error>(err));
        assert_eq!(
            $crate::support::get_str(err, "name").as_deref(),
            Some(stringify!($class))
        );
    }};
}

/// A JS function made from source, for tests that need one (custom fetch, fake runtimes).
pub fn js_fn(args: &str, body: &str) -> Function {
    Function::new_with_args(args, body)
}

pub fn global() -> JsValue {
    js_sys::global().into()
}

/// GET a mock inspection route (`/__mock/...`) and parse its JSON.
pub async fn mock_json(path: &str) -> JsValue {
    mock_send("GET", path, None).await
}

/// How many requests the mock saw for `path`.
pub async fn request_count(path: &str) -> f64 {
    let body = mock_json(&format!(
        "/__mock/requests?path={}",
        js_sys::encode_uri_component(path)
    ))
    .await;
    get(&body, "count").as_f64().unwrap()
}

/// Poll two futures to completion together (enough for tests; avoids a dependency).
pub async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::pin::pin;
    use std::task::Poll;
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

/// Send a JSON request to a mock route and parse the answer.
pub async fn mock_send(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let fetch: Function = get(&global(), "fetch").unchecked_into();
    let init = obj(&[("method", s(method))]);
    if let Some(body) = body {
        Reflect::set(&init, &s("body"), &s(body)).unwrap();
        Reflect::set(
            &init,
            &s("headers"),
            &obj(&[("content-type", s("application/json"))]),
        )
        .unwrap();
    }
    let response = JsFuture::from(Promise::from(
        fetch
            .call2(&JsValue::NULL, &s(&format!("{MOCK_URL}{path}")), &init)
            .unwrap(),
    ))
    .await
    .unwrap();
    let json: Function = get(&response, "json").unchecked_into();
    JsFuture::from(Promise::from(json.call0(&response).unwrap()))
        .await
        .unwrap()
}

/// Script faults (a JSON array of the testing kit's fault specs, without method and path) for the
/// next requests matching `route` ("GET /v2/generate/x"), one request each, in order: the kit's
/// `mock.fail(spec)` over its HTTP controls. Clears the faults queued before.
pub async fn set_faults(route: &str, faults: &str) {
    mock_send("DELETE", "/__mock/faults", None).await;
    let (method, path) = route.split_once(' ').expect("a route is \"METHOD /path\"");
    let specs = Array::from(&js_sys::JSON::parse(faults).expect("faults are a JSON array"));
    for spec in specs.iter() {
        Reflect::set(&spec, &s("method"), &s(method)).unwrap();
        Reflect::set(&spec, &s("path"), &s(path)).unwrap();
    }
    let body = String::from(js_sys::JSON::stringify(&specs).unwrap());
    let answer = mock_send("POST", "/__mock/faults", Some(&body)).await;
    assert_eq!(
        get(&answer, "queued").as_f64(),
        Some(specs.length() as f64),
        "the mock refused the faults {faults}: {answer:?}"
    );
}

/// How many generations the mock holds whose input URLs contain `marker`.
pub async fn created_count(marker: &str) -> f64 {
    let body = mock_json(&format!(
        "/__mock/generations?contains={}",
        js_sys::encode_uri_component(marker)
    ))
    .await;
    get(&body, "count").as_f64().unwrap()
}

/// A string unique to this test run, for ids and markers.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", (js_sys::Math::random() * 1e12) as u64)
}

/// Whether this is a web page (where `redirect: "manual"` hides the redirect from scripts).
pub fn in_browser() -> bool {
    !get(&global(), "document").is_undefined()
}

/// The size of the wasm instance's linear memory, in bytes.
pub fn wasm_memory_bytes() -> u32 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length()
}
