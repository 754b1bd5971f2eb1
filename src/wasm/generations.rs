//! `client.generations`: create lip-sync jobs, read them, list them, estimate cost, wait for them.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::args::{self, path_id};
use super::edge;
use super::generation::normalize;
use super::op::Op;
use super::options::{self, WaitOptions};
use super::pager::{PageIterator, Pages};
use crate::core::error::{Error, ErrorClass, What, IDEMPOTENCY_OUTCOME_UNKNOWN};
use crate::core::json::Json;
use crate::core::text::{concat, u64_text};
use crate::core::wait::{Answer, Step, Wait};
use crate::core::{args as query, config, url};
use crate::js::read::{self, Reader};
use crate::js::{self, Failure};
use crate::net::fetch;
use crate::net::form::Form;
use crate::net::request::{self, Call, Reply};
use crate::net::{CallOptions, Client};

/// `client.generations`.
#[wasm_bindgen]
pub struct Generations {
    client: Rc<Client>,
}

impl Generations {
    pub(crate) fn new(client: Rc<Client>) -> Generations {
        Generations { client }
    }
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
        #[wasm_bindgen(unchecked_optional_param_type = "CreateRequestOptions")] options: JsValue,
    ) -> Promise {
        let op = options::call(&options).and_then(|options| {
            let body = args::create_body(&body, "generations.create(body)")?;
            Ok(Op::Create {
                call: Call::post_json("/v2/generate", body.text, true),
                options,
            })
        });
        edge::respond(&self.client, op)
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
        let op = files_arguments(a, b, c, d).and_then(|(video, audio, fields, options)| {
            let options = options::call(&options)?;
            let fields = Reader::arguments("generations.createWithFiles")
                .snapshot_without(&fields, "fields", &["video", "audio"])?
                .map_or(Json::Object(Vec::new()), |s| s.json);
            Ok(Op::CreateWithFiles {
                video,
                audio,
                fields,
                options,
            })
        });
        edge::respond(&self.client, op)
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
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let op = args::get_by_id(
            &id,
            &options,
            "generations.get(id)",
            "generation id",
            "/v2/generate/",
            true,
        );
        edge::respond(&self.client, op)
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
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let op = args::list(
            &query,
            &options,
            "generations.list(query)",
            |q| query::generations_list(q, None, None),
            true,
        );
        edge::respond(&self.client, op)
    }

    /// Every generation matching `query`, fetched page by page (`limit` per page, default 100):
    /// `for await (const generation of client.generations.listAll({ status: "COMPLETED" }))`.
    #[wasm_bindgen(js_name = listAll, unchecked_return_type = "PageIterator<Generation>")]
    pub fn list_all(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListGenerationsRequest")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Result<PageIterator, JsValue> {
        let pages = (|| -> Result<Box<dyn Pages>, Failure> {
            let query = Reader::arguments("generations.listAll(query)")
                .snapshot(&query, "query")?
                .map(|q| q.json);
            let limit = query::limit(query.as_ref(), "generations.listAll(query)")?;
            // Refuse a bad query now rather than after a page.
            query::generations_list(query.as_ref(), None, None)?;
            Ok(Box::new(GenerationPages { query, limit }))
        })();
        PageIterator::new(&self.client, pages, options::call(&options))
    }

    /// Estimate the cost of a generation before creating it: `POST /v2/analyze/cost`, with the same
    /// body as `create`. Resolves with a list of `{ estimatedFrameCount, estimatedGenerationCost }`.
    #[wasm_bindgen(js_name = estimateCost, unchecked_return_type = "SyncPromise<EstimatedGenerationCost[]>")]
    pub fn estimate_cost(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateGenerationRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let op = options::call(&options).and_then(|options| {
            let body = args::create_body(&body, "generations.estimateCost(body)")?;
            // Reading a price has no side effect, so it may be repeated.
            Ok(Op::Send {
                call: Call::post_json("/v2/analyze/cost", body.text, true),
                options,
                generations: false,
            })
        });
        edge::respond(&self.client, op)
    }

    /// Wait until a generation is final. Uses the API's long-poll
    /// (`GET /v2/generate/{id}?wait=true`), falling back to polling with backoff when the server
    /// answers at once. Calls `onProgress(generation)` on every status change; resolves with the
    /// generation when `COMPLETED`; rejects with `GenerationFailedError` on `FAILED`, `REJECTED`,
    /// `CANCELED` or `TIMED_OUT`, with `SyncTimeoutError` when `timeoutMs` (default 15 minutes)
    /// passes (an overall deadline: no request is sent or left waiting past it), and with
    /// `SyncAbortError` as soon as `signal` aborts.
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
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] options: JsValue,
    ) -> Promise {
        let op =
            path_id(&id, "generations.waitForCompletion(id)", "generation id").and_then(|id| {
                Ok(Op::Wait {
                    id,
                    wait: options::wait(&options)?,
                })
            });
        edge::respond(&self.client, op)
    }

    /// `create` then `waitForCompletion`, with the options of both (`idempotencyKey`, `onProgress`,
    /// `timeoutMs` for the wait, `signal` for all of it).
    #[wasm_bindgen(js_name = createAndWait, unchecked_return_type = "SyncPromise<Generation>")]
    pub fn create_and_wait(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateGenerationRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CreateAndWaitOptions")] options: JsValue,
    ) -> Promise {
        let op = options::wait(&options).and_then(|wait| {
            let body = args::create_body(&body, "generations.createAndWait(body)")?;
            Ok(Op::CreateAndWait {
                body: body.text,
                wait,
            })
        });
        edge::respond(&self.client, op)
    }
}

#[wasm_bindgen]
impl Generations {
    /// Create and wait for many generations, at most `concurrency` (default 1) in flight at once.
    /// Resolves with one result per request, in input order: `{ index, status: "fulfilled",
    /// generation }` or `{ index, status: "rejected", error }`; it rejects only for invalid
    /// arguments (every request is checked before anything is sent).
    ///
    /// A 429 `concurrency_limit_reached` is not a failure: the request waits for one of the run's
    /// generations to end (or, when none is in flight, backs off with jitter, honouring
    /// `Retry-After`) and is created again with the same `Idempotency-Key`, `idempotencyKeyPrefix +
    /// index`. A rate limit pauses the run. On abort nothing new is created and the rest settle as
    /// `SyncAbortError`.
    ///
    /// ```ts
    /// const results = await client.generations.runMany(requests, {
    ///   concurrency: 3, // the Creator plan's limit
    ///   onProgress: ({ queued, inFlight, completed, failed }) => console.log(queued, inFlight, completed, failed),
    /// });
    /// for (const r of results) if (r.status === "rejected") console.error(r.index, r.error.message);
    /// ```
    #[wasm_bindgen(js_name = runMany, unchecked_return_type = "Promise<SettledGeneration[]>")]
    pub fn run_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Iterable<CreateGenerationRequest>")]
        requests: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RunManyOptions")] options: JsValue,
    ) -> Promise {
        let client = self.client.clone();
        let many = super::many::read(&requests, &options);
        edge::promise(
            self.client.clone(),
            Box::pin(async move { super::many::run(&client, many?).await }),
        )
    }
}

/// `(video, audio, fields, options?)` when the first two look like files (or are empty with fields
/// third), else `({ video, audio, ...fields }, options?)`.
fn files_arguments(
    a: JsValue,
    b: JsValue,
    c: JsValue,
    d: JsValue,
) -> Result<(JsValue, JsValue, JsValue, JsValue), Failure> {
    let reader = Reader::arguments("generations.createWithFiles");
    let file_like =
        |v: &JsValue, name: &str| js::is_file_like(v).map_err(|thrown| reader.threw(name, thrown));
    let official = file_like(&a, "video")?
        || file_like(&b, "audio")?
        || ((a.is_undefined() || a.is_null()) && read::is_object(&c));
    if official {
        return Ok((a, b, c, d));
    }
    let video = reader.get(&a, "video")?.unwrap_or(JsValue::UNDEFINED);
    let audio = reader.get(&a, "audio")?.unwrap_or(JsValue::UNDEFINED);
    Ok((video, audio, a, b))
}

pub(crate) async fn create_with_files(
    client: &Client,
    video: JsValue,
    audio: JsValue,
    fields: Json,
    options: CallOptions,
) -> Result<Reply, Failure> {
    const METHOD: &str = "generations.createWithFiles";
    let has = |v: &JsValue| !v.is_undefined() && !v.is_null();
    args::check_create(&fields, METHOD, has(&video), has(&audio))?;
    let mut form = Form::default();
    for (name, file) in [("video", &video), ("audio", &audio)] {
        if has(file) {
            let file = args::file(file, METHOD, name, name, "").await?;
            form.file(name, file.blob, &file.name, file.content_type);
        }
    }
    if let Json::Object(members) = &fields {
        for (key, value) in members {
            // Nested fields (input, options, segments, ...) travel as JSON strings, as the API expects.
            match value {
                Json::Null => {}
                Json::String(text) => form.field(key, text),
                other => form.field(key, &other.to_text()),
            }
        }
    }
    let call = Call {
        method: "POST",
        path: "/v2/generate".to_owned(),
        body: form.into_body()?,
        replay_safe: true,
        api: true,
    };
    create(client, call, options).await
}

/// Send a create with an `Idempotency-Key` (the caller's, or a fresh one), so retries are safe. When
/// the API answers that it cannot tell whether the create happened (503
/// `IDEMPOTENCY_OUTCOME_UNKNOWN`) and names the generation, that generation is fetched instead of
/// creating another, as the Sync docs advise.
pub(crate) async fn create(
    client: &Client,
    call: Call,
    mut options: CallOptions,
) -> Result<Reply, Failure> {
    let caller_gave_key = options
        .headers
        .iter()
        .any(|(name, _)| name == "idempotency-key");
    if options.idempotency_key.is_none() && !caller_gave_key {
        options.idempotency_key = Some(concat(&[
            "sync-wasm-",
            &config::uuid_v4(crate::net::random::bytes()),
        ]));
    }
    let failure = match request::execute(client, call, &options).await {
        Err(f) if f.error.error_code.as_deref() == Some(IDEMPOTENCY_OUTCOME_UNKNOWN) => f,
        other => return other,
    };
    let Some(id) = failure
        .error
        .body_field("generationId")
        .and_then(|id| url::path_id(id, "generation id").ok())
    else {
        return Err(failure);
    };
    let options = CallOptions {
        idempotency_key: None,
        ..options
    };
    request::execute(client, Call::get(concat(&["/v2/generate/", &id])), &options).await
}

/// `create`, then the wait, which starts with the generation `create` answered.
pub(crate) async fn create_and_wait(
    client: &Client,
    body: String,
    wait: &WaitOptions,
) -> Result<Reply, Failure> {
    let options = CallOptions {
        timeout_ms: None,
        ..wait.call.clone()
    };
    let created = create(client, Call::post_json("/v2/generate", body, true), options).await?;
    let id = created
        .field("id")
        .and_then(|id| url::path_id(&id, "generation id").ok())
        .ok_or_else(|| created.missing("an id"))?;
    normalize(&created.data);
    wait_for(client, &id, wait, Some(created)).await
}

/// `GET /v2/generations` pages: an array; the next cursor is the last item's id, and a page shorter
/// than the page size is the last.
struct GenerationPages {
    query: Option<Json>,
    limit: Option<u32>,
}

/// Page size when the caller gives no `limit`.
pub(crate) const DEFAULT_PAGE_SIZE: u32 = 100;

impl Pages for GenerationPages {
    fn path(&self, cursor: Option<&str>) -> Result<String, Failure> {
        Ok(query::generations_list(
            self.query.as_ref(),
            cursor,
            Some(DEFAULT_PAGE_SIZE),
        )?)
    }

    fn page(&self, data: &JsValue) -> (js_sys::Array, Option<String>) {
        normalize(data);
        let items = read::items(data);
        let page_size = self.limit.unwrap_or(DEFAULT_PAGE_SIZE);
        let next = if items.length() < page_size {
            None
        } else {
            read::string_property(&items.get(items.length() - 1), "id")
        };
        (items, next)
    }
}

/// The wait: `core::wait` decides, this runs its steps.
pub(crate) async fn wait_for(
    client: &Client,
    id: &str,
    wait: &WaitOptions,
    first: Option<Reply>,
) -> Result<Reply, Failure> {
    let mut machine = Wait::new(
        js_sys::Date::now(),
        wait.timeout_ms,
        wait.poll_interval_ms,
        wait.max_hold_seconds,
    );
    let mut options = wait.call.clone();
    options.deadline_ms = Some(machine.deadline_ms());
    let timed_out = |last_status: Option<String>| -> Failure {
        let mut e = Error::new(
            ErrorClass::Timeout,
            What::WaitTimeout {
                id: id.to_owned(),
                last_status,
            },
        );
        e.timeout_ms = Some(wait.timeout_ms);
        e.into()
    };
    let mut last_status: Option<String> = None;
    let mut current = first;
    let mut next = Answer::Start;
    loop {
        let step = match &current {
            Some(reply) => {
                // Without a status the answer is not a generation, and waiting on it would never end.
                let status = reply
                    .field("status")
                    .ok_or_else(|| reply.missing("a generation status"))?;
                if last_status.as_deref() != Some(status.as_str()) {
                    if let Some(callback) = &wait.on_progress {
                        js::apply(
                            callback,
                            &JsValue::UNDEFINED,
                            &js_sys::Array::of1(&reply.data),
                        )
                        .map_err(|thrown| {
                            let mut f = Reader::options("Wait options").refuse(
                                "onProgress",
                                &concat(&["onProgress threw: ", &read::thrown_text(&thrown), "."]),
                            );
                            f.cause = Some(thrown);
                            f
                        })?;
                    }
                    last_status = Some(status.clone());
                }
                machine.next(js_sys::Date::now(), Answer::Generation(&status))
            }
            None => machine.next(js_sys::Date::now(), next),
        };
        match step {
            Step::Completed => {
                return current.ok_or_else(|| timed_out(last_status.clone()));
            }
            Step::Failed => {
                let text = current
                    .as_ref()
                    .map(|r| String::from(&r.text))
                    .unwrap_or_default();
                return Err(Error::generation_failed(id, &text).into());
            }
            Step::TimedOut => return Err(timed_out(last_status)),
            Step::Sleep(ms) => {
                current = None;
                next = Answer::Slept;
                fetch::sleep(ms, options.signal.as_ref())
                    .await
                    .map_err(|reason| Failure {
                        error: Error::new(
                            ErrorClass::Abort,
                            What::WaitAborted { id: id.to_owned() },
                        ),
                        cause: Some(reason),
                    })?;
            }
            Step::Get { hold } => {
                current = None;
                let mut path = concat(&["/v2/generate/", id]);
                if let Some(hold) = hold {
                    path.push_str("?wait=true&timeout=");
                    path.push_str(&u64_text(hold.into()));
                }
                // The server may hold the request for `hold` seconds on top of the usual timeout.
                options.timeout_ms =
                    Some(client.timeout_ms + f64::from(hold.unwrap_or(0)) * 1000.0);
                match request::execute(client, Call::get(path), &options).await {
                    Ok(reply) => {
                        normalize(&reply.data);
                        current = Some(reply);
                    }
                    // A server without long-poll may refuse the parameters: poll plainly from now on.
                    Err(f) if hold.is_some() && f.error.status == Some(400) => {
                        next = Answer::HoldRefused
                    }
                    Err(f) if f.error.what == What::Deadline => return Err(timed_out(last_status)),
                    Err(f) => return Err(f),
                }
            }
        }
    }
}
