//! `client.assets`: list, listAll, get, upload.

use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::generations::{call_sync, next};
use crate::support::*;

#[wasm_bindgen_test]
async fn list_returns_a_page_with_a_cursor() {
    let client = mock_client(&[]);
    let page = call(
        &client,
        "assets",
        "list",
        &[obj(&[("limit", n(10.0)), ("sortBy", s("dateDesc"))])],
    )
    .await
    .unwrap();
    let items = Array::from(&get(&page, "items"));
    assert_eq!(items.length(), 10);
    assert!(get(&page, "totalCount").as_f64().unwrap() >= 25.0);
    let cursor = get_str(&page, "nextCursor").expect("a next page");
    let second = call(
        &client,
        "assets",
        "list",
        &[obj(&[
            ("limit", n(10.0)),
            ("sortBy", s("dateDesc")),
            ("cursor", s(&cursor)),
        ])],
    )
    .await
    .unwrap();
    let first_ids: Vec<String> = items.iter().map(|a| get_str(&a, "id").unwrap()).collect();
    for asset in Array::from(&get(&second, "items")).iter() {
        assert!(
            !first_ids.contains(&get_str(&asset, "id").unwrap()),
            "pages overlap"
        );
    }
    let audio = call(
        &client,
        "assets",
        "list",
        &[obj(&[
            ("types", Array::of1(&s("AUDIO")).into()),
            ("limit", n(100.0)),
        ])],
    )
    .await
    .unwrap();
    let audio = Array::from(&get(&audio, "items"));
    assert!(audio.length() >= 8);
    assert!(audio
        .iter()
        .all(|a| get_str(&a, "type").as_deref() == Some("AUDIO")));
    let found = call(
        &client,
        "assets",
        "list",
        &[obj(&[("searchQuery", s("video 1"))])],
    )
    .await
    .unwrap();
    assert!(Array::from(&get(&found, "items")).length() >= 1);
}

#[wasm_bindgen_test]
async fn list_arguments_are_checked() {
    let client = mock_client(&[]);
    let err = call(&client, "assets", "list", &[obj(&[("limit", n(500.0))])])
        .await
        .unwrap_err();
    assert_error!(err, SyncValidationError);
    let err = call(&client, "assets", "list", &[obj(&[("types", n(1.0))])])
        .await
        .unwrap_err();
    assert_error!(err, SyncValidationError);
    assert_eq!(get_str(&err, "field").as_deref(), Some("types"));
    let err = call(
        &client,
        "assets",
        "list",
        &[obj(&[("sortBy", s("random"))])],
    )
    .await
    .unwrap_err();
    assert_error!(err, BadRequestError);
}

#[wasm_bindgen_test]
async fn list_all_visits_every_asset_once() {
    let client = mock_client(&[]);
    let iterator = call_sync(
        &client,
        "assets",
        "listAll",
        &[obj(&[("limit", n(7.0)), ("projectId", s("project-a"))])],
    );
    let mut ids = Vec::new();
    loop {
        let step = next(&iterator).await.unwrap();
        if get(&step, "done").as_bool() == Some(true) {
            break;
        }
        ids.push(get_str(&get(&step, "value"), "id").unwrap());
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no asset twice");
    assert_eq!(ids.len(), 10, "project-a has ten seeded assets");
    // An abort signal stops the paging with SyncAbortError.
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let iterator = call_sync(
        &client,
        "assets",
        "listAll",
        &[obj(&[]), obj(&[("signal", controller.signal().into())])],
    );
    let err = next(&iterator).await.unwrap_err();
    assert_error!(err, SyncAbortError);
}

#[wasm_bindgen_test]
async fn get_one_asset() {
    let client = mock_client(&[]);
    let asset = call(&client, "assets", "get", &[s("asset-03")])
        .await
        .unwrap();
    assert_eq!(get_str(&asset, "id").as_deref(), Some("asset-03"));
    let err = call(&client, "assets", "get", &[s("asset-999")])
        .await
        .unwrap_err();
    assert_error!(err, NotFoundError);
    let err = call(&client, "assets", "get", &[JsValue::NULL])
        .await
        .unwrap_err();
    assert_error!(err, SyncValidationError);
}

#[wasm_bindgen_test]
async fn upload_puts_the_bytes_without_the_key() {
    let client = mock_client(&[]);
    let bytes = Uint8Array::from(&b"\x00\x01binary video bytes\xff"[..]);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("video/mp4");
    let file = web_sys::Blob::new_with_u8_array_sequence_and_options(&Array::of1(&bytes), &options)
        .unwrap();
    let asset = call(
        &client,
        "assets",
        "upload",
        &[file.into(), obj(&[("fileName", s("clip.mp4"))])],
    )
    .await
    .unwrap();
    assert_eq!(get_str(&asset, "name").as_deref(), Some("clip.mp4"));
    assert_eq!(get_str(&asset, "type").as_deref(), Some("VIDEO"));
    assert_eq!(get_str(&asset, "inputType").as_deref(), Some("UPLOAD"));
    assert_eq!(
        get(&asset, "size").as_f64(),
        Some(f64::from(bytes.length()))
    );
    // The mock refuses a PUT carrying x-api-key, so success shows it was not sent; the stored bytes
    // are the ones given.
    let fetch: Function = get(&global(), "fetch").unchecked_into();
    let response = JsFuture::from(
        fetch
            .call1(&JsValue::NULL, &get(&asset, "url"))
            .unwrap()
            .unchecked_into::<Promise>(),
    )
    .await
    .unwrap();
    let buffer: Function = get(&response, "arrayBuffer").unchecked_into();
    let stored = JsFuture::from(buffer.call0(&response).unwrap().unchecked_into::<Promise>())
        .await
        .unwrap();
    assert_eq!(Uint8Array::new(&stored).to_vec(), bytes.to_vec());
}

#[wasm_bindgen_test]
async fn upload_arguments_are_checked() {
    let client = mock_client(&[]);
    let err = call(&client, "assets", "upload", &[JsValue::UNDEFINED])
        .await
        .unwrap_err();
    assert_error!(err, SyncValidationError);
    assert_eq!(get_str(&err, "field").as_deref(), Some("file"));
    let unnamed = web_sys::Blob::new_with_str_sequence(&Array::of1(&s("x"))).unwrap();
    let err = call(&client, "assets", "upload", &[unnamed.into()])
        .await
        .unwrap_err();
    assert_error!(err, SyncValidationError);
    assert_eq!(get_str(&err, "field").as_deref(), Some("fileName"));
    let err = call(
        &client,
        "assets",
        "upload",
        &[
            obj(&[("not", s("a file"))]),
            obj(&[("fileName", s("a.mp4"))]),
        ],
    )
    .await
    .unwrap_err();
    assert_error!(err, SyncValidationError);
}
