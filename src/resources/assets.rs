//! `client.assets`: the media library, and uploads through presigned URLs.

use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::{get_by_id, limit, object_arg, opt_string, respond, string_list, to_blob, to_json};
use crate::client::ClientInner;
use crate::core::{config, query::Query};
use crate::js_errors::{self, Fields};
use crate::pager::{PageIterator, Paging};
use crate::request::{self, Body, Call};

/// `client.assets`.
#[wasm_bindgen]
pub struct Assets {
    pub(crate) client: Rc<ClientInner>,
}

#[wasm_bindgen]
impl Assets {
    /// One page of the media library: `GET /v2/assets`. Query: `projectId`, `limit` (1–100),
    /// `cursor` (from the previous page's `nextCursor`), `searchQuery`, `sortBy`, `types`.
    ///
    /// ```ts
    /// const page = await client.assets.list({ limit: 10, sortBy: "dateDesc" });
    /// console.log(page.items.length, page.nextCursor);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<PaginatedAssetsResponse>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListAssetsRequest")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        respond(&self.client, options, move |client, options| async move {
            let path = list_path(&query, None, None)?;
            request::execute_reply(&client, Call::get(path), &options).await
        })
    }

    /// Every asset matching `query`, page by page:
    /// `for await (const asset of client.assets.listAll({ types: ["VIDEO"] }))`.
    #[wasm_bindgen(js_name = listAll, unchecked_return_type = "PageIterator<Asset>")]
    pub fn list_all(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListAssetsRequest")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> PageIterator {
        PageIterator::new(self.client.clone(), Paging::Assets { query }, options)
    }

    /// One asset: `GET /v2/assets/{id}`.
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<Asset>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        get_by_id(
            &self.client,
            options,
            id,
            "assets.get(id)",
            "asset id",
            "/v2/assets/",
        )
    }

    /// Upload a file to the media library and register it as an asset: `POST /v2/assets/upload` for
    /// a presigned URL, `PUT` of the bytes to that URL (without your API key), then `POST /v2/assets`.
    /// Resolves with the asset; use its `id` as `input[].assetId`.
    ///
    /// ```ts
    /// const asset = await client.assets.upload(file, { fileName: "speaker.mp4", contentType: "video/mp4" });
    /// await client.generations.create({ model: "lipsync-2", input: [{ type: "video", assetId: asset.id }, audio] });
    /// ```
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<Asset>")]
    pub fn upload(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FileInput")] file: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UploadOptions")] options: Option<Object>,
    ) -> Promise {
        let raw_options: JsValue = options
            .clone()
            .map(Into::into)
            .unwrap_or(JsValue::UNDEFINED);
        respond(&self.client, options, move |client, options| async move {
            const METHOD: &str = "assets.upload";
            if file.is_undefined() || file.is_null() {
                return Err(js_errors::validation(
                    "file",
                    "assets.upload(file): file is required (a Blob, File or stream).",
                ));
            }
            let (blob, name) = to_blob(&file, "file", "", "").await?;
            let file_name = opt_string(&raw_options, "fileName", METHOD)?
                .or(Some(name).filter(|n| !n.is_empty()));
            let Some(file_name) = file_name else {
                return Err(js_errors::validation(
                    "fileName",
                    "assets.upload: give { fileName } (the file has no name).",
                ));
            };
            let content_type = opt_string(&raw_options, "contentType", METHOD)?
                .or(Some(blob.type_()).filter(|t| !t.is_empty()))
                .unwrap_or_else(|| "application/octet-stream".to_owned());

            let request = Fields::new()
                .with("fileName", file_name.as_str())
                .with("contentType", content_type.as_str())
                .with("size", blob.size())
                .into_object();
            let json = to_json(&request, "body", METHOD)?;
            let target = request::execute(
                &client,
                Call::post_json("/v2/assets/upload", json, true),
                &options,
            )
            .await?;
            let field = |key: &str| {
                Reflect::get(&target, &key.into())
                    .ok()
                    .and_then(|v| v.as_string())
            };
            let (Some(upload_url), Some(url)) = (field("uploadUrl"), field("url")) else {
                return Err(Fields::new().with("body", target.clone()).build(
                    crate::core::error::ErrorClass::Api,
                    "POST /v2/assets/upload answered without uploadUrl and url.",
                ));
            };
            // The presigned URL must be a web URL; the bytes go there without the API key.
            config::upload_url(&upload_url).map_err(|m| {
                Fields::new().with("body", target.clone()).build(
                    crate::core::error::ErrorClass::Api,
                    &format!("POST /v2/assets/upload answered with an unusable upload URL: {m}."),
                )
            })?;
            let put = Call {
                method: "PUT",
                path: upload_url,
                body: Body::Blob(blob, content_type),
                replay_safe: true,
                api: false,
            };
            request::execute(&client, put, &options).await?;

            let register = Fields::new()
                .with("url", url.as_str())
                .with("name", file_name.as_str())
                .into_object();
            let json = to_json(&register, "body", METHOD)?;
            // Registering twice would make two assets, so this one is not repeated after a lost answer.
            request::execute_reply(
                &client,
                Call::post_json("/v2/assets", json, false),
                &options,
            )
            .await
        })
    }
}

/// The path and query of `assets.list`; `cursor` overrides the query's, `page_size` applies when the
/// query has no `limit`.
pub(crate) fn list_path(
    query: &JsValue,
    cursor: Option<&str>,
    page_size: Option<u32>,
) -> Result<String, JsValue> {
    const METHOD: &str = "assets.list(query)";
    let query = object_arg(query, METHOD, "query")?;
    let mut q = Query::new();
    let own_limit = limit(&query, METHOD)?;
    let default_limit = page_size.map(|n| n.to_string());
    let own_cursor = opt_string(&query, "cursor", METHOD)?;
    q.push(
        "projectId",
        opt_string(&query, "projectId", METHOD)?.as_deref(),
    )
    .push("limit", own_limit.as_deref().or(default_limit.as_deref()))
    .push("cursor", cursor.or(own_cursor.as_deref()))
    .push(
        "searchQuery",
        opt_string(&query, "searchQuery", METHOD)?.as_deref(),
    )
    .push("sortBy", opt_string(&query, "sortBy", METHOD)?.as_deref())
    .push_list("types", &string_list(&query, "types", METHOD)?);
    Ok(format!("/v2/assets{}", q.finish()))
}
