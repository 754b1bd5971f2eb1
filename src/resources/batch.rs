//! `client.batch`: batch processing (Scale and Enterprise plans).

use std::rc::Rc;

use crate::form::Form;
use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use super::{date, get_by_id, object_arg, respond, string_list, to_blob};
use crate::client::ClientInner;
use crate::core::query::Query;
use crate::js_errors;
use crate::js_value;
use crate::request::{self, Call};

/// `client.batch`.
#[wasm_bindgen]
pub struct Batch {
    pub(crate) client: Rc<ClientInner>,
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
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        respond(&self.client, options, move |client, options| async move {
            const METHOD: &str = "batch.create";
            let request = object_arg(&request, METHOD, "request")?;
            if input.is_undefined() || input.is_null() {
                return Err(js_errors::validation(
                    "input",
                    "batch.create(input): input is required: the JSONL file or its text.",
                ));
            }
            if input.as_string().is_some_and(|t| t.trim().is_empty()) {
                return Err(js_errors::validation(
                    "input",
                    "batch.create(input): input is empty; give one JSON request per line.",
                ));
            }
            let (blob, name) =
                to_blob(&input, "input", "batch.jsonl", "application/x-ndjson").await?;
            let mut form = Form::default();
            form.file("input", blob, &name);
            let read = |keys: [&str; 2]| -> Result<Option<JsValue>, JsValue> {
                for key in keys {
                    if let Some(v) = js_value::get(&request, key, METHOD)
                        .map_err(|m| js_errors::validation(key, &m))?
                    {
                        return Ok(Some(v));
                    }
                }
                Ok(None)
            };
            if let Some(url) = read(["webhookUrl", "webhook_url"])? {
                let url = url.as_string().ok_or_else(|| {
                    js_errors::validation(
                        "webhookUrl",
                        "batch.create: webhookUrl must be a string.",
                    )
                })?;
                form.field("webhook_url", &url);
            }
            if let Some(dry) = read(["dryRun", "dry_run"])? {
                let dry = dry.as_bool().ok_or_else(|| {
                    js_errors::validation("dryRun", "batch.create: dryRun must be a boolean.")
                })?;
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
            request::execute_reply(&client, call, &options).await
        })
    }

    /// One batch: `GET /v2/batch/{id}`, with its status, metrics and (when done) `outputUrl`.
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<BatchResponse>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        get_by_id(
            &self.client,
            options,
            id,
            "batch.get(id)",
            "batch id",
            "/v2/batch/",
        )
    }

    /// Batches, newest first: `GET /v2/batch`. Filters `status`, `createdAfter`, `createdBefore`
    /// (ISO 8601 strings or Dates; `created_after`/`created_before` also accepted).
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<BatchResponse[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListBatchesRequest")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        respond(&self.client, options, move |client, options| async move {
            const METHOD: &str = "batch.list(query)";
            let query = object_arg(&query, METHOD, "query")?;
            let mut q = Query::new();
            q.push_list("status", &string_list(&query, "status", METHOD)?)
                .push(
                    "created_after",
                    date(&query, &["createdAfter", "created_after"], METHOD)?.as_deref(),
                )
                .push(
                    "created_before",
                    date(&query, &["createdBefore", "created_before"], METHOD)?.as_deref(),
                );
            request::execute_reply(
                &client,
                Call::get(format!("/v2/batch{}", q.finish())),
                &options,
            )
            .await
        })
    }
}
