//! The JS-facing surface: `SyncClient` and its `generations` resource.

use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::core::{config, key::ApiKey, url};
use crate::js_errors;
use crate::js_value::{self, type_name};
use crate::options::{self, CallOptions};
use crate::request::{self, Call};
use crate::transport::Fetcher;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buffer: &mut [u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Math, js_name = random)]
    fn math_random() -> f64;
}

/// State shared by the client and its resources. Never exposed to JS, so the key cannot be read
/// back from the client object.
pub(crate) struct ClientInner {
    pub key: ApiKey,
    pub base_url: String,
    pub timeout_ms: f64,
    pub max_retries: u32,
    pub fetcher: Fetcher,
    pub headers: Vec<(String, String)>,
}

/// Client for the Sync lip-sync API.
///
/// ```ts
/// const client = new SyncClient({ apiKey: process.env.SYNC_API_KEY });
/// const generation = await client.generations.create({ model: "lipsync-2", input: [...] });
/// ```
#[wasm_bindgen]
pub struct SyncClient {
    inner: Rc<ClientInner>,
    /// Created once so `client.generations === client.generations`.
    generations: JsValue,
}

#[wasm_bindgen]
impl SyncClient {
    /// Create a client. Throws `SyncConfigurationError` when no valid API key is found (from
    /// `apiKey` or the `SYNC_API_KEY` environment variable) or an option is invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "SyncClientOptions")] options: Option<
            Object,
        >,
    ) -> Result<SyncClient, JsValue> {
        let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
        let settings =
            options::client_settings(&options).map_err(|m| js_errors::configuration(&m))?;
        let inner = Rc::new(ClientInner {
            key: settings.key,
            base_url: settings.base_url,
            timeout_ms: settings.timeout_ms,
            max_retries: settings.max_retries,
            fetcher: settings.fetcher,
            headers: settings.headers,
        });
        let generations = Generations {
            client: inner.clone(),
        }
        .into();
        Ok(SyncClient { inner, generations })
    }

    /// Generations: create lip-sync jobs and read their status.
    #[wasm_bindgen(getter, unchecked_return_type = "Generations")]
    pub fn generations(&self) -> JsValue {
        self.generations.clone()
    }

    /// The API origin (and path prefix) requests go to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.base_url.clone()
    }
}

/// `client.generations`.
#[wasm_bindgen]
pub struct Generations {
    client: Rc<ClientInner>,
}

#[wasm_bindgen]
impl Generations {
    /// Fetch a generation by id: `GET /v2/generate/{id}`.
    ///
    /// ```ts
    /// const generation = await client.generations.get("6533643b-aceb-4c40-967e-d9ba9baac39e");
    /// if (generation.status === "COMPLETED") console.log(generation.outputUrl);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "Promise<Generation>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        let client = self.client.clone();
        future_to_promise(async move {
            let options = call_options(&client, options)?;
            let id = match id.as_string() {
                Some(id) => url::path_id(&id, "generation id")
                    .map_err(|m| js_errors::validation("id", &m))?,
                None => {
                    return Err(js_errors::validation(
                        "id",
                        &format!(
                            "generations.get(id): id must be a string, got {}.",
                            type_name(&id)
                        ),
                    ))
                }
            };
            let call = Call {
                method: "GET",
                path: format!("/v2/generate/{id}"),
                body: None,
                replay_safe: true,
            };
            request::execute(&client, call, options).await
        })
    }

    /// Start a lip-sync generation: `POST /v2/generate` with a JSON body.
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
    #[wasm_bindgen(unchecked_return_type = "Promise<Generation>")]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateGenerationRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CreateRequestOptions")] options: Option<
            Object,
        >,
    ) -> Promise {
        let client = self.client.clone();
        future_to_promise(async move {
            let mut options = call_options(&client, options)?;
            if !js_value::is_object(&body) {
                return Err(js_errors::validation(
                    "body",
                    &format!(
                        "generations.create(body): body must be an object such as {{ model, input }}, got {}.",
                        type_name(&body)
                    ),
                ));
            }
            let json = json_stringify(&body)
                .ok()
                .and_then(|j| j.as_string())
                .ok_or_else(|| {
                    js_errors::validation(
                        "body",
                        "generations.create(body): body cannot be converted to JSON (it has a cycle, a \
                         BigInt or a throwing toJSON). Pass plain data; send files with createWithFiles.",
                    )
                })?;
            let caller_gave_key = options
                .headers
                .iter()
                .any(|(name, _)| name == "idempotency-key");
            if options.idempotency_key.is_none() && !caller_gave_key {
                options.idempotency_key = Some(new_idempotency_key());
            }
            let call = Call {
                method: "POST",
                path: "/v2/generate".to_owned(),
                body: Some(json),
                replay_safe: true,
            };
            request::execute(&client, call, options).await
        })
    }
}

fn call_options(client: &ClientInner, options: Option<Object>) -> Result<CallOptions, JsValue> {
    let options: Option<JsValue> = options.map(Into::into);
    options::call_options(options.as_ref(), client.key.expose())
        .map_err(|m| js_errors::configuration(&m))
}

/// `sync-wasm-<uuid v4>`, from `crypto.getRandomValues` (present in every supported runtime);
/// `Math.random` only if it is missing, since uniqueness, not secrecy, is what matters here.
fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    if get_random_values(&mut bytes).is_err() {
        for b in bytes.iter_mut() {
            *b = (math_random() * 256.0) as u8;
        }
    }
    let mut key = String::from("sync-wasm-");
    key.push_str(&config::uuid_v4(bytes));
    key
}
