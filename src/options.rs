//! Turning the JS options objects (`new SyncClient(options)`, per-request options) into checked Rust
//! settings. Values are validated by `crate::core`; this module only reads them from JS.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, Headers};

use crate::core::{config, key};
use crate::js_value::{self, type_name};
use crate::transport::Fetcher;

const CLIENT: &str = "SyncClient options";
const REQUEST: &str = "Request options";

/// Everything a client needs, checked.
pub(crate) struct ClientSettings {
    pub key: key::ApiKey,
    pub base_url: String,
    pub timeout_ms: f64,
    pub max_retries: u32,
    pub fetcher: Fetcher,
    pub headers: Vec<(String, String)>,
}

/// Per-request overrides, checked.
#[derive(Clone, Default)]
pub(crate) struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<u32>,
    pub headers: Vec<(String, String)>,
    pub idempotency_key: Option<String>,
}

/// Read `new SyncClient(options)`. Errors are messages for `SyncConfigurationError`; the key is
/// validated first so every later message can be redacted against it.
pub(crate) fn client_settings(options: &JsValue) -> Result<ClientSettings, String> {
    let options = if options.is_undefined() || options.is_null() {
        Object::new().into()
    } else if js_value::is_object(options) {
        options.clone()
    } else {
        return Err(format!(
            "{CLIENT} must be an object such as {{ apiKey: \"...\" }}, got {}.",
            type_name(options)
        ));
    };

    // Before the key is even looked up: in a page, anyone who opens it can read the key.
    let allow_browser = match js_value::get(&options, "dangerouslyAllowBrowser", CLIENT)? {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| {
            format!(
                "{CLIENT}: `dangerouslyAllowBrowser` must be a boolean, got {}.",
                type_name(&v)
            )
        })?,
    };
    if !allow_browser && runs_in_browser() {
        return Err(
            "SyncClient is running in a browser, where anyone who opens the page can read the API key \
             from its requests; the Sync docs say keys belong on servers. Call the API from your \
             server (or a Worker), or, for a personal tool with your own key, pass \
             { dangerouslyAllowBrowser: true }."
                .to_owned(),
        );
    }
    let key = key::resolve(&key_candidates(&options)?)?;
    let redact = |message: String| key::redact(&message, key.expose());

    let base_url = match js_value::string(&options, "baseUrl", CLIENT)? {
        Some(url) => config::base_url(&url).map_err(|m| format!("{CLIENT}: {m}"))?,
        None => match read_env(config::BASE_URL_ENV_VAR)
            .value
            .filter(|v| !v.trim().is_empty())
        {
            Some(url) => config::base_url(&url).map_err(|m| format!("SYNC_BASE_URL: {m}"))?,
            None => config::DEFAULT_BASE_URL.to_owned(),
        },
    };
    let timeout_ms = config::timeout_ms(
        js_value::number(&options, "timeoutInSeconds", CLIENT)?,
        js_value::number(&options, "timeoutMs", CLIENT)?,
        CLIENT,
    )?
    .unwrap_or(config::DEFAULT_TIMEOUT_MS);
    let max_retries = match js_value::number(&options, "maxRetries", CLIENT)? {
        Some(n) => config::max_retries(n, CLIENT)?,
        None => config::DEFAULT_MAX_RETRIES,
    };
    let fetcher = match js_value::get(&options, "fetch", CLIENT)? {
        Some(f) => match f.dyn_into::<Function>() {
            Ok(f) => Fetcher::Custom(f),
            Err(v) => {
                return Err(format!(
                    "{CLIENT}: `fetch` must be a function, got {}.",
                    type_name(&v)
                ))
            }
        },
        None if has_global_fetch() => Fetcher::Global,
        None => {
            return Err(format!(
                "{CLIENT}: this runtime has no global fetch. Pass one as {{ fetch }} (Node.js 18 \
                 and later, browsers, Deno, Bun and Workers all have it)."
            ))
        }
    };
    let headers = match js_value::get(&options, "headers", CLIENT)? {
        Some(h) => header_list(&h, CLIENT).map_err(redact)?,
        None => Vec::new(),
    };
    Ok(ClientSettings {
        key,
        base_url,
        timeout_ms,
        max_retries,
        fetcher,
        headers,
    })
}

/// The options of `SyncClient.fromEnv(env, options)`: `apiKey` from `env.SYNC_API_KEY`, `baseUrl`
/// from `env.SYNC_BASE_URL` unless `options` has one.
pub(crate) fn from_env_options(env: &JsValue, options: Option<&Object>) -> Result<Object, String> {
    const CONTEXT: &str = "SyncClient.fromEnv(env)";
    if !env.is_object() {
        return Err(format!(
            "{CONTEXT}: env must be an object such as a Worker's env or process.env, got {}.",
            type_name(env)
        ));
    }
    let merged = Object::assign(&Object::new(), options.unwrap_or(&Object::new()));
    if js_value::get(&merged, "apiKey", CONTEXT)?.is_some() {
        return Err(format!(
            "{CONTEXT}: the key comes from env.SYNC_API_KEY; do not pass apiKey too."
        ));
    }
    match js_value::string(env, key::ENV_VAR, CONTEXT)? {
        Some(k) if !k.trim().is_empty() => {
            let _ = Reflect::set(&merged, &"apiKey".into(), &JsValue::from_str(&k));
        }
        _ => {
            return Err(format!(
                "{CONTEXT}: env has no SYNC_API_KEY. In Cloudflare Workers add it as a secret \
                 (`wrangler secret put SYNC_API_KEY`, or `.dev.vars` locally); elsewhere set the \
                 environment variable."
            ))
        }
    }
    if js_value::get(&merged, "baseUrl", CONTEXT)?.is_none() {
        if let Some(url) = js_value::string(env, config::BASE_URL_ENV_VAR, CONTEXT)?
            .filter(|u| !u.trim().is_empty())
        {
            let _ = Reflect::set(&merged, &"baseUrl".into(), &JsValue::from_str(&url));
        }
    }
    Ok(merged)
}

/// Read per-request options (`{ signal, timeoutInSeconds, timeoutMs, maxRetries, headers,
/// idempotencyKey }`). `secret` is the client's key, redacted from any message.
pub(crate) fn call_options(options: Option<&JsValue>, secret: &str) -> Result<CallOptions, String> {
    call_options_with(options, secret, true)
}

/// As `call_options`; `read_timeouts` is false where `timeoutMs` means something else (the overall
/// deadline of `waitForCompletion`).
pub(crate) fn call_options_with(
    options: Option<&JsValue>,
    secret: &str,
    read_timeouts: bool,
) -> Result<CallOptions, String> {
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(CallOptions::default());
    };
    if !js_value::is_object(options) {
        return Err(format!(
            "{REQUEST} must be an object, got {}.",
            type_name(options)
        ));
    }
    // `abortSignal` is the name `@sync.so/sdk` uses.
    let signal = match js_value::get(options, "signal", REQUEST)?.or(js_value::get(options, "abortSignal", REQUEST)?) {
        Some(s) if is_abort_signal(&s) => Some(s.unchecked_into::<AbortSignal>()),
        Some(s) => {
            return Err(format!(
                "{REQUEST}: `signal` must be an AbortSignal (from new AbortController().signal), got {}.",
                type_name(&s)
            ))
        }
        None => None,
    };
    let timeout_ms = if read_timeouts {
        config::timeout_ms(
            js_value::number(options, "timeoutInSeconds", REQUEST)?,
            js_value::number(options, "timeoutMs", REQUEST)?,
            REQUEST,
        )?
    } else {
        None
    };
    let max_retries = match js_value::number(options, "maxRetries", REQUEST)? {
        Some(n) => Some(config::max_retries(n, REQUEST)?),
        None => None,
    };
    let headers = match js_value::get(options, "headers", REQUEST)? {
        Some(h) => header_list(&h, REQUEST).map_err(|m| key::redact(&m, secret))?,
        None => Vec::new(),
    };
    let idempotency_key = js_value::string(options, "idempotencyKey", REQUEST)?;
    if let Some(k) = &idempotency_key {
        config::idempotency_key(k).map_err(|m| format!("{REQUEST}: {m}"))?;
    }
    Ok(CallOptions {
        signal,
        timeout_ms,
        max_retries,
        headers,
        idempotency_key,
    })
}

/// Collect the key candidates: the `apiKey` option, then `SYNC_API_KEY` from `process.env` or
/// `Deno.env`. Globals are looked up on `globalThis` so nothing breaks where they do not exist
/// (browsers, Workers), and a refused read (Deno without `--allow-env`) is remembered for the message.
fn key_candidates(options: &JsValue) -> Result<key::KeyCandidates, String> {
    let mut c = key::KeyCandidates::default();
    match js_value::get(options, "apiKey", CLIENT)? {
        Some(v) => match v.as_string() {
            Some(s) => c.option = Some(s),
            None => {
                return Err(format!(
                    "{CLIENT}: `apiKey` must be a string, got {}.",
                    type_name(&v)
                ))
            }
        },
        None => {
            let names = Object::keys(options.unchecked_ref::<Object>());
            c.misspelt_option = names.iter().filter_map(|n| n.as_string()).find(|n| {
                let folded = n.to_ascii_lowercase().replace(['_', '-'], "");
                n != "apiKey" && (folded == "apikey" || folded == "syncapikey")
            });
        }
    }
    if c.option.is_none() {
        let env = read_env(key::ENV_VAR);
        c.env = env.value;
        c.env_denied = env.denied;
    }
    Ok(c)
}

/// A variable read from the runtime's environment.
struct EnvRead {
    value: Option<String>,
    /// The environment exists but refused the read (Deno without `--allow-env`).
    denied: bool,
}

/// Read `name` from `process.env` (Node, Bun, Vercel Edge, Deno 2) or `Deno.env`. Globals are looked
/// up on `globalThis`, so nothing breaks where they do not exist (browsers, Workers).
fn read_env(name: &str) -> EnvRead {
    let mut read = EnvRead {
        value: None,
        denied: false,
    };
    let global: JsValue = js_sys::global().into();
    let name = JsValue::from_str(name);
    if let Ok(process) = Reflect::get(&global, &"process".into()) {
        if process.is_object() {
            match Reflect::get(&process, &"env".into()).and_then(|env| {
                if env.is_object() {
                    Reflect::get(&env, &name)
                } else {
                    Ok(JsValue::UNDEFINED)
                }
            }) {
                Ok(v) => read.value = v.as_string(),
                Err(_) => read.denied = true,
            }
        }
    }
    if read.value.is_some() {
        return read;
    }
    // Deno: `Deno.env.get` throws without --allow-env.
    let get = Reflect::get(&global, &"Deno".into())
        .ok()
        .filter(JsValue::is_object)
        .and_then(|deno| Reflect::get(&deno, &"env".into()).ok())
        .filter(JsValue::is_object)
        .and_then(|env| Reflect::get(&env, &"get".into()).ok().map(|get| (env, get)));
    if let Some((env, get)) = get {
        if let Some(get) = get.dyn_ref::<Function>() {
            match get.call1(&env, &name) {
                Ok(v) => read.value = v.as_string(),
                Err(_) => read.denied = true,
            }
        }
    }
    read
}

/// A page (window and document), not a worker or server runtime. Deno 2 has no `window`; Workers,
/// Node, Bun and the edge runtime have no `document`.
fn runs_in_browser() -> bool {
    let global: JsValue = js_sys::global().into();
    let has =
        |name: &str| Reflect::get(&global, &JsValue::from_str(name)).is_ok_and(|v| v.is_object());
    has("window") && has("document")
}

fn has_global_fetch() -> bool {
    Reflect::get(&js_sys::global(), &"fetch".into()).is_ok_and(|f| f.is_function())
}

/// Duck-typed so that signals from another realm (iframes, edge-runtime's VM) are accepted.
fn is_abort_signal(value: &JsValue) -> bool {
    value.is_object()
        && Reflect::get(value, &"aborted".into()).is_ok_and(|a| a.as_bool().is_some())
        && Reflect::get(value, &"addEventListener".into()).is_ok_and(|f| f.is_function())
}

/// Normalise any `HeadersInit` (object, array of pairs, `Headers`) through `new Headers(...)`, which
/// checks names and values (CR/LF included) the way `fetch` will. Names come back lowercase.
fn header_list(init: &JsValue, context: &str) -> Result<Vec<(String, String)>, String> {
    let headers = Headers::new_with_str_sequence_sequence(init).map_err(|e| {
        let detail = Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        format!("{context}: `headers` is not valid: {detail}")
    })?;
    let mut list = Vec::new();
    let entries = js_sys::try_iter(&headers).ok().flatten();
    for entry in entries.into_iter().flatten().flatten() {
        let pair: Array = entry.unchecked_into();
        let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) else {
            continue;
        };
        if name == "x-api-key" {
            return Err(format!(
                "{context}: do not set x-api-key in `headers`; pass the key as the apiKey option \
                 (or SYNC_API_KEY) so the SDK can check it and keep it out of errors."
            ));
        }
        list.push((name, value));
    }
    Ok(list)
}
