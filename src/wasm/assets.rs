//! `client.assets`: the media library, and uploads through presigned URLs.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::args::{self};
use super::op::Op;
use super::pager::{PageIterator, Pages};
use super::{edge, options};
use crate::core::args as query;
use crate::core::config;
use crate::core::json::Json;
use crate::core::text::{concat, u64_text};
use crate::js::read::{self, Reader};
use crate::js::Failure;
use crate::net::request::{self, Body, Call, Reply};
use crate::net::{CallOptions, Client};

/// `client.assets`.
#[wasm_bindgen]
pub struct Assets {
    client: Rc<Client>,
}

impl Assets {
    pub(crate) fn new(client: Rc<Client>) -> Assets {
        Assets { client }
    }
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
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let op = args::list(
            &query,
            &options,
            "assets.list(query)",
            |q| query::assets_list(q, None, None),
            false,
        );
        edge::respond(&self.client, op)
    }

    /// Every asset matching `query`, page by page:
    /// `for await (const asset of client.assets.listAll({ types: ["VIDEO"] }))`.
    #[wasm_bindgen(js_name = listAll, unchecked_return_type = "PageIterator<Asset>")]
    pub fn list_all(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListAssetsRequest")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Result<PageIterator, JsValue> {
        let pages = (|| -> Result<Box<dyn Pages>, Failure> {
            let query = Reader::arguments("assets.listAll(query)")
                .snapshot(&query, "query")?
                .map(|q| q.json);
            query::assets_list(query.as_ref(), None, None)?;
            Ok(Box::new(AssetPages { query }))
        })();
        PageIterator::new(&self.client, pages, options::call(&options))
    }

    /// One asset: `GET /v2/assets/{id}`.
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<Asset>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let op = args::get_by_id(
            &id,
            &options,
            "assets.get(id)",
            "asset id",
            "/v2/assets/",
            false,
        );
        edge::respond(&self.client, op)
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
        #[wasm_bindgen(unchecked_optional_param_type = "UploadOptions")] options: JsValue,
    ) -> Promise {
        let reader = Reader::arguments(METHOD);
        let op = options::call(&options).and_then(|call_options| {
            if file.is_undefined() || file.is_null() {
                return Err(reader.refuse("file", "file is required (a Blob, File or stream)."));
            }
            Ok(Op::Upload {
                file_name: reader.string(&options, "fileName")?,
                content_type: reader.string(&options, "contentType")?,
                file,
                options: call_options,
            })
        });
        edge::respond(&self.client, op)
    }
}

const METHOD: &str = "assets.upload";

/// The upload: a presigned URL from the API, the bytes `PUT` there, then the asset registered.
pub(crate) async fn upload(
    client: &Client,
    file: JsValue,
    file_name: Option<String>,
    content_type: Option<String>,
    options: CallOptions,
) -> Result<Reply, Failure> {
    let reader = Reader::arguments(METHOD);
    let file = args::file(&file, METHOD, "file", "", "").await?;
    let Some(file_name) = file_name.or(Some(file.name).filter(|n| !n.is_empty())) else {
        return Err(reader.refuse("fileName", "give { fileName } (the file has no name)."));
    };
    let content_type = content_type
        .or(Some(file.content_type).filter(|t| !t.is_empty()))
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let request = Json::Object(vec![
        ("fileName".to_owned(), Json::String(file_name.clone())),
        ("contentType".to_owned(), Json::String(content_type.clone())),
        ("size".to_owned(), Json::Number(u64_text(file.size as u64))),
    ]);
    let target = request::execute(
        client,
        Call::post_json("/v2/assets/upload", request.to_text(), true),
        &options,
    )
    .await?;
    let (Some(upload_url), Some(url)) = (target.field("uploadUrl"), target.field("url")) else {
        return Err(target.missing("uploadUrl and url"));
    };
    // The presigned URL must be a web URL; the bytes go there without the API key.
    if let Err(m) = config::upload_url(&upload_url) {
        let mut failure = target.missing("a usable upload URL");
        failure.error.what = crate::core::error::What::Text(concat(&[
            "POST /v2/assets/upload answered with an unusable upload URL: ",
            &m,
            ".",
        ]));
        return Err(failure);
    }
    let put = Call {
        method: "PUT",
        path: upload_url,
        body: Body::Blob(file.blob, content_type),
        replay_safe: true,
        api: false,
    };
    request::execute(client, put, &options).await?;
    let register = Json::Object(vec![
        ("url".to_owned(), Json::String(url)),
        ("name".to_owned(), Json::String(file_name)),
    ]);
    // Registering twice would make two assets, so this one is not repeated after a lost answer.
    request::execute(
        client,
        Call::post_json("/v2/assets", register.to_text(), false),
        &options,
    )
    .await
}

/// `GET /v2/assets` pages: `{ items, nextCursor }`.
struct AssetPages {
    query: Option<Json>,
}

impl Pages for AssetPages {
    fn path(&self, cursor: Option<&str>) -> Result<String, Failure> {
        Ok(query::assets_list(
            self.query.as_ref(),
            cursor,
            Some(super::generations::DEFAULT_PAGE_SIZE),
        )?)
    }

    fn page(&self, data: &JsValue) -> (js_sys::Array, Option<String>) {
        let items = read::property(data, "items").unwrap_or(JsValue::UNDEFINED);
        let items = read::items(&items);
        let next = read::string_property(data, "nextCursor").filter(|c| !c.is_empty());
        (items, next)
    }
}
