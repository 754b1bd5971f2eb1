//! Load: one client, 1000 concurrent requests, then 50,000 sequential ones, checking that wasm
//! memory and the JS heap come back to where they started. Node only (scripts/test.sh runs it with
//! `--expose-gc`); it reports what it measured.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Promise, Reflect};
use sync_wasm::SyncClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const MOCK_URL: &str = match option_env!("SYNC_MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap()
}

fn client() -> JsValue {
    let options = Object::new();
    Reflect::set(&options, &"apiKey".into(), &"sync-test-key".into()).unwrap();
    Reflect::set(&options, &"baseUrl".into(), &MOCK_URL.into()).unwrap();
    SyncClient::new(options.into()).unwrap().into()
}

fn generations_call(client: &JsValue, method: &str, arg: &JsValue) -> Promise {
    let generations = get(client, "generations");
    let f: Function = get(&generations, method).unchecked_into();
    f.call1(&generations, arg).unwrap().unchecked_into()
}

fn wasm_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    f64::from(
        memory
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length(),
    )
}

/// Slots of wasm-bindgen's table of JS references: a leaked reference grows it.
fn externref_slots() -> f64 {
    let table = get(&wasm_bindgen::exports(), "__wbindgen_externrefs");
    get(&table, "length").as_f64().unwrap()
}

/// Heap in use after a full collection (Node with --expose-gc).
fn js_heap_after_gc() -> f64 {
    let global: JsValue = js_sys::global().into();
    let gc: Function = get(&global, "gc")
        .dyn_into()
        .expect("run with NODE_ARGS=--expose-gc");
    gc.call0(&JsValue::NULL).unwrap();
    let process = get(&global, "process");
    let usage: Function = get(&process, "memoryUsage").unchecked_into();
    get(&usage.call0(&process).unwrap(), "heapUsed")
        .as_f64()
        .unwrap()
}

fn log(text: &str) {
    web_sys::console::log_1(&text.into());
}

#[wasm_bindgen_test]
async fn thousand_concurrent_and_fifty_thousand_sequential() {
    let client = client();
    let body = js_sys::JSON::parse(r#"{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/load.mp4"},{"type":"audio","url":"https://example.com/a.wav"}]}"#).unwrap();
    let created = JsFuture::from(generations_call(&client, "create", &body))
        .await
        .unwrap();
    let id = get(&created, "id");

    // 1000 at once, each must come back with the right generation.
    let all: Array = (0..1000)
        .map(|_| JsValue::from(generations_call(&client, "get", &id)))
        .collect();
    let results = Array::from(&JsFuture::from(Promise::all(&all)).await.unwrap());
    assert_eq!(results.length(), 1000);
    assert!(results.iter().all(|g| get(&g, "id") == id));

    // Warm up, then measure 50,000 sequential requests.
    for _ in 0..1000 {
        JsFuture::from(generations_call(&client, "get", &id))
            .await
            .unwrap();
    }
    let (wasm_before, heap_before, refs_before) =
        (wasm_bytes(), js_heap_after_gc(), externref_slots());
    for _ in 0..50_000 {
        let generation = JsFuture::from(generations_call(&client, "get", &id))
            .await
            .unwrap();
        assert_eq!(get(&generation, "id"), id);
    }
    let (wasm_after, heap_after, refs_after) =
        (wasm_bytes(), js_heap_after_gc(), externref_slots());
    log(&format!(
        "after 50,000 sequential requests: wasm memory {wasm_before} -> {wasm_after} bytes; JS heap {:.1} -> {:.1} MiB; JS reference table {refs_before} -> {refs_after} slots",
        heap_before / 1048576.0,
        heap_after / 1048576.0
    ));
    assert_eq!(wasm_after, wasm_before, "wasm memory grew");
    assert_eq!(refs_after, refs_before, "JS references leaked");
    assert!(
        heap_after < heap_before + 8.0 * 1048576.0,
        "JS heap grew by more than 8 MiB"
    );
}
