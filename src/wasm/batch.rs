//! `client.batch`: batch processing (Scale and Enterprise plans).

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::args::{self};
use super::op::Op;
use super::{edge, options};
use crate::core::args as query;
use crate::core::json::Json;
use crate::js::read::Reader;
use crate::js::Failure;
use crate::net::form::Form;
use crate::net::request::Reply;
use crate::net::request::{self, Call};
use crate::net::{CallOptions, Client};

/// `client.batch`.
#[wasm_bindgen]
pub struct Batch {
    client: Rc<Client>,
}

impl Batch {
    pub(crate) fn new(client: Rc<Client>) -> Batch {
        Batch { client }
    }
}

#[wasm_bindgen]
impl Batch {
    /// Submit a batch: `POST /v2/batch` (multipart, part `input`). `input` is the JSONL file (Blob,
    /// File, stream) or its text; each line `{"request_id", "endpoint": "/v2/generate", "payload"}`.
    /// Options `{ webhookUrl, dryRun }` (also `webhook_url`, `dry_run` as in `@sync.so/sdk`).
    /// A dry run resolves with `{ status: "VALIDATED" }`.
    ///
    /// ```ts
    /// const batch = await client.batch.create(jsonl, { webhookUrl: "https://example.com/hook" });
    /// ```
    #[wasm_bindgen(
        unchecked_return_type = "SyncPromise<BatchResponse | { status: \"VALIDATED\" }>"
    )]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FileInput | string")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CreateBatchRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let op = options::call(&options).and_then(|options| {
            let (webhook_url, dry_run) = batch_fields(&input, &request)?;
            Ok(Op::Batch {
                input,
                webhook_url,
                dry_run,
                options,
            })
        });
        edge::respond(&self.client, op)
    }

    /// One batch: `GET /v2/batch/{id}`, with its status, metrics and (when done) `outputUrl`.
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<BatchResponse>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let op = args::get_by_id(
            &id,
            &options,
            "batch.get(id)",
            "batch id",
            "/v2/batch/",
            false,
        );
        edge::respond(&self.client, op)
    }

    /// Batches, newest first: `GET /v2/batch`. Filters `status`, `createdAfter`, `createdBefore`
    /// (ISO 8601 strings or Dates; `created_after`/`created_before` also accepted).
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<BatchResponse[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListBatchesRequest")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let op = args::list(
            &query,
            &options,
            "batch.list(query)",
            query::batch_list,
            false,
        );
        edge::respond(&self.client, op)
    }
}

/// Submit the batch: the JSONL as a multipart file part, with the request's fields.
pub(crate) async fn create(
    client: &Client,
    input: JsValue,
    webhook_url: Option<String>,
    dry_run: Option<bool>,
    options: CallOptions,
) -> Result<Reply, Failure> {
    let file = args::file(
        &input,
        "batch.create",
        "input",
        "batch.jsonl",
        "application/x-ndjson",
    )
    .await?;
    let mut form = Form::default();
    form.file("input", file.blob, &file.name, file.content_type);
    if let Some(url) = &webhook_url {
        form.field("webhook_url", url);
    }
    if let Some(dry) = dry_run {
        form.field("dry_run", if dry { "true" } else { "false" });
    }
    // A batch is billed and has no idempotency key: it is never sent twice.
    let call = Call {
        method: "POST",
        path: "/v2/batch".to_owned(),
        body: form.into_body()?,
        replay_safe: false,
        api: true,
    };
    request::execute(client, call, &options).await
}

/// `input` checked for presence, and the request's `webhookUrl` and `dryRun`.
fn batch_fields(
    input: &JsValue,
    request: &JsValue,
) -> Result<(Option<String>, Option<bool>), Failure> {
    let reader = Reader::arguments("batch.create");
    if input.is_undefined() || input.is_null() {
        return Err(reader.refuse("input", "input is required: the JSONL file or its text."));
    }
    if input.as_string().is_some_and(|t| t.trim().is_empty()) {
        return Err(reader.refuse("input", "input is empty; give one JSON request per line."));
    }
    let request = reader.snapshot(request, "request")?.map(|s| s.json);
    let field = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|n| request.as_ref()?.get(n).filter(|v| **v != Json::Null))
    };
    let webhook_url = match field(["webhookUrl", "webhook_url"]) {
        None => None,
        Some(Json::String(url)) => Some(url.clone()),
        Some(_) => return Err(reader.refuse("webhookUrl", "webhookUrl must be a string.")),
    };
    let dry_run = match field(["dryRun", "dry_run"]) {
        None => None,
        Some(Json::Bool(dry)) => Some(*dry),
        Some(_) => return Err(reader.refuse("dryRun", "dryRun must be a boolean.")),
    };
    Ok((webhook_url, dry_run))
}
