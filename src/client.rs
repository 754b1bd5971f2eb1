//! `SyncClient`: settings shared by its resources.

use std::rc::Rc;

use js_sys::Object;
use wasm_bindgen::prelude::*;

use crate::core::key::ApiKey;
use crate::js_errors;
use crate::options;
use crate::resources::{
    assets::Assets, batch::Batch, generations::Generations, models::Models, webhooks::Webhooks,
};
use crate::transport::Fetcher;

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
/// const generation = await client.generations.createAndWait({ model: "lipsync-2", input: [...] });
/// ```
#[wasm_bindgen]
pub struct SyncClient {
    inner: Rc<ClientInner>,
    // Created once, so that `client.generations === client.generations`.
    generations: JsValue,
    assets: JsValue,
    batch: JsValue,
    models: JsValue,
    webhooks: JsValue,
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
        Ok(SyncClient {
            generations: Generations {
                client: inner.clone(),
            }
            .into(),
            assets: Assets {
                client: inner.clone(),
            }
            .into(),
            batch: Batch {
                client: inner.clone(),
            }
            .into(),
            models: Models {
                client: inner.clone(),
            }
            .into(),
            webhooks: Webhooks {}.into(),
            inner,
        })
    }

    /// A client from an environment object: `SYNC_API_KEY` (and `SYNC_BASE_URL` when set) read from
    /// `env`, such as a Cloudflare Worker's `env` or `process.env`. `options` may add or override the
    /// other options.
    ///
    /// ```ts
    /// export default {
    ///   async fetch(request: Request, env: { SYNC_API_KEY: string }) {
    ///     const client = SyncClient.fromEnv(env);
    ///     return Response.json(await client.models.list());
    ///   },
    /// };
    /// ```
    #[wasm_bindgen(js_name = fromEnv)]
    pub fn from_env(
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] env: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Omit<SyncClientOptions, \"apiKey\">")]
        options: Option<Object>,
    ) -> Result<SyncClient, JsValue> {
        let merged = options::from_env_options(&env, options.as_ref())
            .map_err(|m| js_errors::configuration(&m))?;
        SyncClient::new(Some(merged))
    }

    /// Generations: create lip-sync jobs, read, list, estimate and wait for them.
    #[wasm_bindgen(getter, unchecked_return_type = "Generations")]
    pub fn generations(&self) -> JsValue {
        self.generations.clone()
    }

    /// The media library and uploads.
    #[wasm_bindgen(getter, unchecked_return_type = "Assets")]
    pub fn assets(&self) -> JsValue {
        self.assets.clone()
    }

    /// Batch processing.
    #[wasm_bindgen(getter, unchecked_return_type = "Batch")]
    pub fn batch(&self) -> JsValue {
        self.batch.clone()
    }

    /// Available models.
    #[wasm_bindgen(getter, unchecked_return_type = "Models")]
    pub fn models(&self) -> JsValue {
        self.models.clone()
    }

    /// Webhook verification (also available as the standalone `verifyWebhook`).
    #[wasm_bindgen(getter, unchecked_return_type = "Webhooks")]
    pub fn webhooks(&self) -> JsValue {
        self.webhooks.clone()
    }

    /// The API origin (and path prefix) requests go to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.base_url.clone()
    }
}
