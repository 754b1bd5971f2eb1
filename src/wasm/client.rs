//! `SyncClient`: the settings, and the namespaces that share them.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::assets::Assets;
use super::batch::Batch;
use super::edge;
use super::generations::Generations;
use super::models::Models;
use super::options;
use super::webhooks::Webhooks;
use crate::net::Client;

/// Client for the Sync lip-sync API.
///
/// ```ts
/// const client = new SyncClient({ apiKey: process.env.SYNC_API_KEY });
/// const generation = await client.generations.createAndWait({ model: "lipsync-2", input: [...] });
/// ```
#[wasm_bindgen]
pub struct SyncClient {
    client: Rc<Client>,
    // Created once, so that `client.generations === client.generations`.
    generations: JsValue,
    assets: JsValue,
    batch: JsValue,
    models: JsValue,
    webhooks: JsValue,
}

impl SyncClient {
    fn with(client: Client) -> SyncClient {
        let client = Rc::new(client);
        SyncClient {
            generations: Generations::new(client.clone()).into(),
            assets: Assets::new(client.clone()).into(),
            batch: Batch::new(client.clone()).into(),
            models: Models::new(client.clone()).into(),
            webhooks: Webhooks {}.into(),
            client,
        }
    }
}

#[wasm_bindgen]
impl SyncClient {
    /// Create a client. Throws `SyncConfigurationError` when no valid API key is found (from
    /// `apiKey` or the `SYNC_API_KEY` environment variable) or an option is invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "SyncClientOptions")] options: JsValue,
    ) -> Result<SyncClient, JsValue> {
        let mut secret = String::new();
        options::client(&options, None, &mut secret)
            .map(SyncClient::with)
            .map_err(|failure| edge::to_js(failure, &secret))
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
        options: JsValue,
    ) -> Result<SyncClient, JsValue> {
        let from_env = options::from_env(&env, &options).map_err(|f| edge::to_js(f, ""))?;
        let mut secret = String::new();
        options::client(&options, Some(from_env), &mut secret)
            .map(SyncClient::with)
            .map_err(|failure| edge::to_js(failure, &secret))
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
        self.client.base_url.clone()
    }
}
