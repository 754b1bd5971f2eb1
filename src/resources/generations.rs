//! `client.generations`: create lip-sync jobs, read them, list them, estimate cost, wait for them.

use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::{limit, object_arg, opt_string, path_id, respond, string_list, to_blob, to_json};
use crate::client::ClientInner;
use crate::core::{config, query::Query, validate, wait};
use crate::form::Form;
use crate::inspect;
use crate::js_errors::{self, Fields};
use crate::js_value::{self, type_name};
use crate::options::{self, CallOptions};
use crate::pager::{PageIterator, Paging};
use crate::request::{self, Call, Reply};
use crate::transport;

/// `client.generations`.
#[wasm_bindgen]
pub struct Generations {
    pub(crate) client: Rc<ClientInner>,
}

#[wasm_bindgen]
impl Generations {
    /// Start a lip-sync generation: `POST /v2/generate` with a JSON body. The request is checked
    /// first (one video input, an audio input, `outputFileName`, `temperature`, segments) and
    /// refused with `SyncValidationError` naming the field.
    ///
    /// Every create carries an `Idempotency-Key` (yours from `idempotencyKey`, or a fresh one), so a
    /// retry after a lost response can never start, and bill, a second generation.
    ///
    /// ```ts
    /// const generation = await client.generations.create({
    ///   model: "lipsync-2",
    ///   input: [
    ///     { type: "video", url: "https://example.com/video.mp4" },
    ///     { type: "audio", url: "https://example.com/audio.wav" },
    ///   ],
    /// });
    /// ```
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<Generation>")]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateGenerationRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CreateRequestOptions")] options: Option<
            Object,
        >,
    ) -> Promise {
        respond(&self.client, options, move |client, options| async move {
            create_reply(&client, &body, options)
                .await
                .map(Reply::generations)
        })
    }

    /// Start a generation from local files: `POST /v2/generate` as multipart. Takes
    /// `{ video?, audio?, ...fields }` or, as in `@sync.so/sdk`, `(video, audio, fields)`. Files may be
    /// Blobs, Files, ReadableStreams, ArrayBuffers or Node streams; their bytes go to `fetch` as JS
    /// values and never through wasm memory.
    ///
    /// ```ts
    /// const generation = await client.generations.createWithFiles({
    ///   video: videoFile,                       // File from an <input>, or a Blob
    ///   audio: await fetch(audioUrl).then((r) => r.blob()),
    ///   model: "lipsync-2",
    /// });
    /// ```
    #[wasm_bindgen(js_name = createWithFiles, skip_typescript)]
    pub fn create_with_files(&self, a: JsValue, b: JsValue, c: JsValue, d: JsValue) -> Promise {
        // `(video, audio, fields, options?)` when the first two look like files (or are empty with
        // fields third), else `({ video, audio, ...fields }, options?)`.
        let official = super::is_file_like(&a)
            || super::is_file_like(&b)
            || ((a.is_undefined() || a.is_null()) && js_value::is_object(&c));
        let (video, audio, fields, options) = if official {
            (a, b, c, d)
        } else {
            let fields = a;
            let video = js_value::get(&fields, "video", "createWithFiles")
                .ok()
                .flatten()
                .unwrap_or(JsValue::UNDEFINED);
            let audio = js_value::get(&fields, "audio", "createWithFiles")
                .ok()
                .flatten()
                .unwrap_or(JsValue::UNDEFINED);
            (video, audio, fields, b)
        };
        let options = options.dyn_into::<Object>().ok();
        respond(&self.client, options, move |client, options| async move {
            create_with_files_reply(&client, video, audio, fields, options)
                .await
                .map(Reply::generations)
        })
    }

    /// Fetch a generation by id: `GET /v2/generate/{id}`.
    ///
    /// ```ts
    /// const generation = await client.generations.get("6533643b-aceb-4c40-967e-d9ba9baac39e");
    /// if (generation.status === "COMPLETED") console.log(generation.outputUrl);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<Generation>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        respond(&self.client, options, move |client, options| async move {
            let id = path_id(&id, "generations.get(id)", "generation id")?;
            request::execute_reply(&client, Call::get(format!("/v2/generate/{id}")), &options)
                .await
                .map(Reply::generations)
        })
    }

    /// List generations: `GET /v2/generations`, newest first. Filters: `status` and `ids` (one value
    /// or a list), `limit` (1–100) with `cursor` (the id of the last generation of the previous
    /// page). For every page, use `listAll`.
    ///
    /// ```ts
    /// const failed = await client.generations.list({ status: ["FAILED", "REJECTED"] });
    /// ```
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<Generation[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListGenerationsRequest")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        respond(&self.client, options, move |client, options| async move {
            let path = list_path(&query, None)?;
            request::execute_reply(&client, Call::get(path), &options)
                .await
                .map(Reply::generations)
        })
    }

    /// Every generation matching `query`, fetched page by page (`limit` per page, default 100):
    /// `for await (const generation of client.generations.listAll({ status: "COMPLETED" }))`.
    #[wasm_bindgen(js_name = listAll, unchecked_return_type = "PageIterator<Generation>")]
    pub fn list_all(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListGenerationsRequest")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> PageIterator {
        PageIterator::new(self.client.clone(), Paging::Generations { query }, options)
    }

    /// Estimate the cost of a generation before creating it: `POST /v2/analyze/cost`, with the same
    /// body as `create`. Resolves with a list of `{ estimatedFrameCount, estimatedGenerationCost }`.
    #[wasm_bindgen(js_name = estimateCost, unchecked_return_type = "SyncPromise<EstimatedGenerationCost[]>")]
    pub fn estimate_cost(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateGenerationRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        respond(&self.client, options, move |client, options| async move {
            let json = checked_json(&body, "generations.estimateCost(body)", false, false)?;
            // Reading a price has no side effect, so it may be repeated.
            request::execute_reply(
                &client,
                Call::post_json("/v2/analyze/cost", json, true),
                &options,
            )
            .await
        })
    }

    /// Wait until a generation is final. Uses the API's long-poll
    /// (`GET /v2/generate/{id}?wait=true`), falling back to polling with backoff when the server
    /// answers at once. Calls `onProgress(generation)` on every status change; resolves with the
    /// generation when `COMPLETED`; rejects with `GenerationFailedError` on `FAILED`, `REJECTED`,
    /// `CANCELED` or `TIMED_OUT`, with `SyncTimeoutError` when `timeoutMs` (default 15 minutes)
    /// passes, and with `SyncAbortError` as soon as `signal` aborts.
    ///
    /// ```ts
    /// const done = await client.generations.waitForCompletion(id, {
    ///   onProgress: (g) => console.log(g.status),
    /// });
    /// console.log(done.outputUrl);
    /// ```
    #[wasm_bindgen(js_name = waitForCompletion, unchecked_return_type = "SyncPromise<Generation>")]
    pub fn wait_for_completion(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] options: Option<Object>,
    ) -> Promise {
        let raw_options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
        respond(&self.client, None, move |client, _| async move {
            let id = path_id(&id, "generations.waitForCompletion(id)", "generation id")?;
            let wait = WaitSettings::read(&client, &raw_options)?;
            wait_for(&client, &id, &wait, None).await
        })
    }

    /// `create` then `waitForCompletion`, with the options of both (`idempotencyKey`, `onProgress`,
    /// `timeoutMs` for the wait, `signal` for all of it).
    #[wasm_bindgen(js_name = createAndWait, unchecked_return_type = "SyncPromise<Generation>")]
    pub fn create_and_wait(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateGenerationRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CreateAndWaitOptions")] options: Option<
            Object,
        >,
    ) -> Promise {
        let raw_options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
        respond(&self.client, None, move |client, _| async move {
            let wait = WaitSettings::read(&client, &raw_options)?;
            let idempotency_key =
                js_value::string(&raw_options, "idempotencyKey", "createAndWait options")
                    .map_err(|m| js_errors::configuration(&m))?;
            if let Some(k) = &idempotency_key {
                config::idempotency_key(k).map_err(|m| js_errors::configuration(&m))?;
            }
            let create_options = CallOptions {
                signal: wait.call.signal.clone(),
                headers: wait.call.headers.clone(),
                max_retries: wait.call.max_retries,
                idempotency_key,
                timeout_ms: None,
            };
            let created = create_reply(&client, &body, create_options).await?;
            let id = Reflect::get(&created.data, &"id".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let id = crate::core::url::path_id(&id, "generation id").map_err(|m| {
                Fields::new().with("body", created.data.clone()).build(
                    crate::core::error::ErrorClass::Api,
                    &format!("POST /v2/generate answered without an id: {m}"),
                )
            })?;
            crate::generation::normalize(&created.data);
            wait_for(&client, &id, &wait, Some(created.data)).await
        })
    }
}

/// Validate a create body and return its JSON text.
fn checked_json(
    body: &JsValue,
    method: &str,
    video_file: bool,
    audio_file: bool,
) -> Result<String, JsValue> {
    if !js_value::is_object(body) {
        return Err(js_errors::validation(
            "body",
            &format!(
                "{method}: body must be an object such as {{ model, input }}, got {}.",
                type_name(body)
            ),
        ));
    }
    validate::check_create(&inspect::create_view(body, video_file, audio_file))
        .map_err(|e| js_errors::validation(&e.field, &format!("{method}: {}", e.message)))?;
    to_json(body, "body", method)
}

async fn create_reply(
    client: &ClientInner,
    body: &JsValue,
    mut options: CallOptions,
) -> Result<Reply, JsValue> {
    let json = checked_json(body, "generations.create(body)", false, false)?;
    ensure_idempotency_key(&mut options);
    send_create(client, Call::post_json("/v2/generate", json, true), options).await
}

/// Send a keyed create. When the API answers that it cannot tell whether the create happened
/// (503 `IDEMPOTENCY_OUTCOME_UNKNOWN`) and names the generation, that generation is fetched
/// instead of creating another, as the Sync docs advise.
async fn send_create(
    client: &ClientInner,
    call: Call,
    options: CallOptions,
) -> Result<Reply, JsValue> {
    let error = match request::execute_reply(client, call, &options).await {
        Err(e)
            if request::error_code(&e).as_deref() == Some(request::IDEMPOTENCY_OUTCOME_UNKNOWN) =>
        {
            e
        }
        other => return other,
    };
    let body = Reflect::get(&error, &"body".into()).unwrap_or(JsValue::UNDEFINED);
    let generation_id = Reflect::get(&body, &"generationId".into())
        .ok()
        .and_then(|v| v.as_string());
    let Some(id) =
        generation_id.and_then(|id| crate::core::url::path_id(&id, "generation id").ok())
    else {
        return Err(error);
    };
    let options = CallOptions {
        idempotency_key: None,
        ..options
    };
    request::execute_reply(client, Call::get(format!("/v2/generate/{id}")), &options).await
}

async fn create_with_files_reply(
    client: &ClientInner,
    video: JsValue,
    audio: JsValue,
    fields: JsValue,
    mut options: CallOptions,
) -> Result<Reply, JsValue> {
    const METHOD: &str = "generations.createWithFiles";
    let fields = object_arg(&fields, METHOD, "fields")?;
    let has = |v: &JsValue| !v.is_undefined() && !v.is_null();
    validate::check_create(&inspect::create_view(&fields, has(&video), has(&audio)))
        .map_err(|e| js_errors::validation(&e.field, &format!("{METHOD}: {}", e.message)))?;
    let mut form = Form::default();
    for (name, file) in [("video", &video), ("audio", &audio)] {
        if has(file) {
            let (blob, file_name) = to_blob(file, name, name, "").await?;
            form.file(name, blob, &file_name);
        }
    }
    let keys = js_sys::Object::keys(fields.unchecked_ref::<Object>());
    for key in keys.iter().filter_map(|k| k.as_string()) {
        if key == "video" || key == "audio" {
            continue;
        }
        let value = Reflect::get(&fields, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() || value.is_null() {
            continue;
        }
        // Nested fields (input, options, segments, ...) travel as JSON strings, as the API expects.
        let text = match value.as_string() {
            Some(text) => text,
            None => to_json(&value, &key, METHOD)?,
        };
        form.field(&key, &text);
    }
    ensure_idempotency_key(&mut options);
    let call = Call {
        method: "POST",
        path: "/v2/generate".to_owned(),
        body: form.into_body()?,
        replay_safe: true,
        api: true,
    };
    send_create(client, call, options).await
}

/// Every create carries an `Idempotency-Key` (unless the caller set one), so retries are safe.
fn ensure_idempotency_key(options: &mut CallOptions) {
    let caller_gave_key = options
        .headers
        .iter()
        .any(|(name, _)| name == "idempotency-key");
    if options.idempotency_key.is_none() && !caller_gave_key {
        options.idempotency_key = Some(new_idempotency_key());
    }
}

/// `sync-wasm-<uuid v4>`, from `crypto.getRandomValues` (present in every supported runtime);
/// `Math.random` only if it is missing, since uniqueness, not secrecy, is what matters here.
fn new_idempotency_key() -> String {
    let mut key = String::from("sync-wasm-");
    key.push_str(&config::uuid_v4(crate::random::bytes()));
    key
}

/// The path and query of `generations.list`; `cursor` overrides the query's (for paging).
pub(crate) fn list_path(query: &JsValue, cursor: Option<&str>) -> Result<String, JsValue> {
    const METHOD: &str = "generations.list(query)";
    let query = object_arg(query, METHOD, "query")?;
    let mut q = Query::new();
    q.push_list("status", &string_list(&query, "status", METHOD)?)
        .push_list("ids", &string_list(&query, "ids", METHOD)?)
        .push("limit", limit(&query, METHOD)?.as_deref());
    let own_cursor = opt_string(&query, "cursor", METHOD)?;
    q.push("cursor", cursor.or(own_cursor.as_deref()));
    for key in ["source", "projectId"] {
        q.push(key, opt_string(&query, key, METHOD)?.as_deref());
    }
    Ok(format!("/v2/generations{}", q.finish()))
}

/// Options of `waitForCompletion` / `createAndWait`.
struct WaitSettings {
    call: CallOptions,
    deadline_ms: f64,
    timeout_ms: f64,
    poll_interval_ms: f64,
    /// Longest hold of each long-poll, in seconds (1–10).
    max_hold_seconds: u32,
    on_progress: Option<Function>,
}

impl WaitSettings {
    fn read(client: &ClientInner, options: &JsValue) -> Result<WaitSettings, JsValue> {
        const CONTEXT: &str = "Wait options";
        let config_error = |m: String| js_errors::configuration(&m);
        let call = options::call_options_with(Some(options), client.key.expose(), false)
            .map_err(config_error)?;
        let timeout_ms = config::timeout_ms(
            js_value::number(options, "timeoutInSeconds", CONTEXT).map_err(config_error)?,
            js_value::number(options, "timeoutMs", CONTEXT).map_err(config_error)?,
            CONTEXT,
        )
        .map_err(config_error)?
        .unwrap_or(wait::DEFAULT_WAIT_TIMEOUT_MS);
        let poll_interval_ms =
            match js_value::number(options, "pollIntervalMs", CONTEXT).map_err(config_error)? {
                Some(ms) if ms.is_finite() && ms >= 0.0 => ms,
                Some(_) => {
                    return Err(js_errors::configuration(
                        "Wait options: pollIntervalMs must be a number of milliseconds, 0 or more.",
                    ))
                }
                None => wait::DEFAULT_POLL_INTERVAL_MS,
            };
        let max_hold_seconds =
            match js_value::number(options, "longPollSeconds", CONTEXT).map_err(config_error)? {
                None => wait::MAX_LONG_POLL_SECONDS,
                Some(s) if s.fract() == 0.0 && (1.0..=10.0).contains(&s) => s as u32,
                Some(_) => return Err(js_errors::configuration(
                    "Wait options: longPollSeconds must be a whole number from 1 to 10 (the API's \
                         limit for one held request).",
                )),
            };
        let on_progress =
            match js_value::get(options, "onProgress", CONTEXT).map_err(config_error)? {
                None => None,
                Some(f) => Some(f.dyn_into::<Function>().map_err(|v| {
                    js_errors::configuration(&format!(
                        "Wait options: onProgress must be a function, got {}.",
                        type_name(&v)
                    ))
                })?),
            };
        Ok(WaitSettings {
            call,
            deadline_ms: js_sys::Date::now() + timeout_ms,
            timeout_ms,
            poll_interval_ms,
            max_hold_seconds,
            on_progress,
        })
    }
}

/// The wait loop. `first` is a generation already in hand (from `create`), reported before polling.
async fn wait_for(
    client: &ClientInner,
    id: &str,
    wait: &WaitSettings,
    first: Option<JsValue>,
) -> Result<Reply, JsValue> {
    let mut last_status: Option<String> = None;
    let mut long_poll = true;
    let mut interval = wait.poll_interval_ms;
    let mut current = first;
    loop {
        if let Some(generation) = current.take() {
            let status = Reflect::get(&generation, &"status".into())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            if last_status.as_deref() != Some(status.as_str()) {
                if let Some(callback) = &wait.on_progress {
                    callback.call1(&JsValue::UNDEFINED, &generation)?;
                }
                last_status = Some(status.clone());
            }
            match wait::final_status(&status) {
                Some(wait::Final::Completed) => {
                    return Ok(Reply {
                        data: generation,
                        status: 200,
                        headers: JsValue::UNDEFINED,
                        url: String::new(),
                    })
                }
                Some(wait::Final::Failed) => return Err(failed_error(id, &status, generation)),
                None => {}
            }
        }
        let remaining = wait.deadline_ms - js_sys::Date::now();
        if remaining <= 0.0 {
            return Err(wait_timeout_error(
                id,
                wait.timeout_ms,
                last_status.as_deref(),
            ));
        }
        // The first look is a plain GET, so `onProgress` hears the current status at once; after
        // that the server holds each request until the generation is final (or `hold` passes).
        let hold = if long_poll && last_status.is_some() {
            wait::long_poll_seconds(remaining, wait.max_hold_seconds)
        } else {
            None
        };
        let mut call = Call::get(format!("/v2/generate/{id}"));
        if let Some(hold) = hold {
            call.path.push_str(&format!("?wait=true&timeout={hold}"));
        }
        let mut options = wait.call.clone();
        // Each attempt may be held by the server for `hold` seconds on top of the usual timeout.
        options.timeout_ms = Some(client.timeout_ms + f64::from(hold.unwrap_or(0)) * 1000.0);
        let started = js_sys::Date::now();
        let reply = match request::execute_reply(client, call, &options).await {
            Ok(reply) => reply,
            // A server without long-poll may refuse the parameters: poll plainly from now on.
            Err(e) if hold.is_some() && status_of(&e) == Some(400) => {
                long_poll = false;
                continue;
            }
            Err(e) => return Err(e),
        };
        let elapsed = js_sys::Date::now() - started;
        let must_pace = match hold {
            // The server did not hold the request: it has no long-poll, so poll plainly from now on.
            Some(hold) if wait::answered_at_once(elapsed, hold) => {
                long_poll = false;
                true
            }
            Some(_) => false,
            // After the first look, go straight to the long-poll when there is time for one.
            None => {
                !long_poll
                    || wait::long_poll_seconds(
                        wait.deadline_ms - js_sys::Date::now(),
                        wait.max_hold_seconds,
                    )
                    .is_none()
            }
        };
        // Without a status the answer is not a generation, and waiting on it would never end.
        let Some(status) = Reflect::get(&reply.data, &"status".into())
            .ok()
            .and_then(|s| s.as_string())
        else {
            return Err(Fields::new()
                .with("status", reply.status)
                .with("body", reply.data.clone())
                .build(
                    crate::core::error::ErrorClass::Api,
                    &format!("GET /v2/generate/{id} answered without a generation status; check that baseUrl points at the Sync API."),
                ));
        };
        let still_running = wait::final_status(&status).is_none();
        crate::generation::normalize(&reply.data);
        current = Some(reply.data);
        if must_pace && still_running {
            // The server did not hold the request: pace ourselves, within the deadline.
            let pause = interval.min((wait.deadline_ms - js_sys::Date::now()).max(0.0));
            transport::sleep(pause, wait.call.signal.as_ref())
                .await
                .map_err(|reason| {
                    Fields::new().with("cause", reason).build(
                        crate::core::error::ErrorClass::Abort,
                        &format!(
                            "Waiting for generation {id} was aborted by the caller's AbortSignal."
                        ),
                    )
                })?;
            interval = wait::next_interval(interval);
        }
    }
}

fn status_of(error: &JsValue) -> Option<u16> {
    Reflect::get(error, &"status".into())
        .ok()?
        .as_f64()
        .map(|s| s as u16)
}

fn failed_error(id: &str, status: &str, generation: JsValue) -> JsValue {
    let text = |key: &str| {
        Reflect::get(&generation, &key.into())
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
    };
    let error_code = text("errorCode").or_else(|| text("error_code"));
    let error = text("error");
    let mut message = format!("Generation {id} ended as {status}");
    if let Some(e) = &error {
        message.push_str(": ");
        message.push_str(e);
    }
    if let Some(code) = &error_code {
        message.push_str(" (errorCode ");
        message.push_str(code);
        message.push(')');
    }
    message.push('.');
    Fields::new()
        .with("generation", generation)
        .with("status", status)
        .with("errorCode", error_code)
        .with("error", error)
        .build(crate::core::error::ErrorClass::GenerationFailed, &message)
}

fn wait_timeout_error(id: &str, timeout_ms: f64, last_status: Option<&str>) -> JsValue {
    let message = format!(
        "Generation {id} did not finish within {} ms (last status {}). It keeps running on the \
         server: wait again, or raise timeoutMs.",
        timeout_ms as u64,
        last_status.unwrap_or("unknown")
    );
    Fields::new()
        .with("timeoutMs", timeout_ms)
        .build(crate::core::error::ErrorClass::Timeout, &message)
}
