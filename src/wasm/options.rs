//! The options objects (`new SyncClient(options)`, per-request options, wait options) read through
//! `js::read` into checked Rust settings. Values are judged by `crate::core`; this module only reads.

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::error::Error;
use crate::core::key::ApiKey;
use crate::core::text::concat;
use crate::core::{config, key, wait};
use crate::js::read::{self, Reader};
use crate::js::Failure;
use crate::net::{CallOptions, Client};

const CLIENT: Reader = Reader::options("SyncClient options");
const REQUEST: Reader = Reader::options("Request options");
const WAIT: Reader = Reader::options("Wait options");

/// What `SyncClient.fromEnv(env)` found in `env`.
pub(crate) struct FromEnv {
    pub key: String,
    pub base_url: Option<String>,
}

/// Read `new SyncClient(options)`. The key is resolved first and left in `secret`, so every later
/// refusal can be redacted against it.
pub(crate) fn client(
    options: &JsValue,
    from_env: Option<FromEnv>,
    secret: &mut String,
) -> Result<Client, Failure> {
    let empty: JsValue;
    let options = if options.is_undefined() || options.is_null() {
        empty = js_sys::Object::new().into();
        &empty
    } else if read::is_object(options) {
        options
    } else {
        return Err(CLIENT.refuse(
            "options",
            &concat(&[
                "must be an object such as { apiKey: \"...\" }, got ",
                read::type_name(options),
                ".",
            ]),
        ));
    };

    let configuration = |m: String| Failure::from(Error::configuration(m));
    let (key, base_url) = match CLIENT.string(options, "proxyUrl")? {
        Some(proxy) => (
            ApiKey::held_by_proxy(),
            proxy_url(options, &proxy, from_env.is_some())?,
        ),
        None => {
            let key = page_checked_key(options, from_env.as_ref())?;
            secret.push_str(key.expose());
            (key, base_url(options, from_env)?)
        }
    };
    let timeout_ms = config::timeout_ms(
        CLIENT.number(options, "timeoutInSeconds")?,
        CLIENT.number(options, "timeoutMs")?,
        CLIENT.context,
    )
    .map_err(configuration)?
    .unwrap_or(config::DEFAULT_TIMEOUT_MS);
    let max_retries = match CLIENT.number(options, "maxRetries")? {
        Some(n) => config::max_retries(n, CLIENT.context).map_err(configuration)?,
        None => config::DEFAULT_MAX_RETRIES,
    };
    let fetcher = match CLIENT.function(options, "fetch")? {
        Some(f) => f.into(),
        None if global_is_function("fetch") => JsValue::UNDEFINED,
        None => {
            return Err(configuration(
                "SyncClient options: this runtime has no global fetch. Pass one as { fetch } \
                 (Node.js 18 and later, browsers, Deno, Bun and Workers all have it)."
                    .to_owned(),
            ))
        }
    };
    let headers = match CLIENT.get(options, "headers")? {
        Some(h) => header_list(&h, CLIENT)?,
        None => Vec::new(),
    };
    Ok(Client::new(
        key,
        base_url,
        timeout_ms,
        max_retries,
        fetcher,
        &headers,
        !runs_on_a_server(),
    ))
}

/// The key for a client that calls the API itself: refused in a page unless opted in.
fn page_checked_key(options: &JsValue, from_env: Option<&FromEnv>) -> Result<ApiKey, Failure> {
    // Before the key is even looked up: in a page, anyone who opens it can read the key.
    let allow_browser = CLIENT
        .boolean(options, "dangerouslyAllowBrowser")?
        .unwrap_or(false);
    if !allow_browser && runs_in_browser() {
        return Err(Error::configuration(
            "SyncClient is running in a browser, where anyone who opens the page can read the API \
             key from its requests; the Sync docs say keys belong on servers. Give the page \
             { proxyUrl: \"/api/sync\" } and serve that route with sync-wasm/proxy, which holds the \
             key on your server; or, for a personal tool with your own key, pass \
             { dangerouslyAllowBrowser: true }.",
        )
        .into());
    }
    key::resolve(&key_candidates(options, from_env)?).map_err(|m| Error::configuration(m).into())
}

/// `baseUrl`, else `SYNC_BASE_URL` (from `env` or the runtime), else the API.
fn base_url(options: &JsValue, from_env: Option<FromEnv>) -> Result<String, Failure> {
    let configuration = |m: String| Failure::from(Error::configuration(m));
    match CLIENT.string(options, "baseUrl")? {
        Some(url) => {
            config::base_url(&url).map_err(|m| configuration(concat(&["SyncClient options: ", &m])))
        }
        None => {
            let var = match from_env.and_then(|e| e.base_url) {
                Some(url) => config::BaseUrlVar::Set(url),
                None => {
                    let read = read_env(config::BASE_URL_ENV_VAR);
                    match read.value {
                        Some(url) => config::BaseUrlVar::Set(url),
                        None if read.denied => config::BaseUrlVar::Denied,
                        None => config::BaseUrlVar::Unset,
                    }
                }
            };
            config::base_url_from_env(var).map_err(configuration)
        }
    }
}

/// `proxyUrl`: a route of the app's own server that holds the key, so the client holds none. A
/// relative one (`"/api/sync"`) is resolved against the page.
fn proxy_url(options: &JsValue, raw: &str, from_env: bool) -> Result<String, Failure> {
    let refuse =
        |m: &str| Failure::from(Error::configuration(concat(&["SyncClient options: ", m])));
    if from_env {
        return Err(refuse(
            "SyncClient.fromEnv reads a key from env; a client of proxyUrl holds none, so use \
             new SyncClient({ proxyUrl }).",
        ));
    }
    for (name, why) in [
        ("apiKey", "give proxyUrl or apiKey, not both: through proxyUrl the key stays on your server, which adds it."),
        ("baseUrl", "give proxyUrl or baseUrl, not both: the proxy decides where the API is."),
    ] {
        if CLIENT.get(options, name)?.is_some() {
            return Err(refuse(why));
        }
    }
    let global: JsValue = js_sys::global().into();
    let page = read::property(&global, "location")
        .ok()
        .filter(JsValue::is_object)
        .and_then(|l| read::property(&l, "href").ok())
        .and_then(|h| h.as_string());
    let resolved = crate::js::new_url(raw.trim(), page.as_deref().unwrap_or(raw.trim())).map_err(|_| {
        refuse(&concat(&[
            "proxyUrl \"",
            raw,
            if page.is_some() {
                "\" is not a URL."
            } else {
                "\" is not an absolute URL, and there is no page here to resolve it against; give \
                 the proxy's full URL, such as \"https://app.example/api/sync\"."
            },
        ]))
    })?;
    config::proxy_url(&resolved.href()).map_err(|m| refuse(&m))
}

/// What `SyncClient.fromEnv(env, options)` takes from `env`: `SYNC_API_KEY`, and `SYNC_BASE_URL`
/// unless `options` has a `baseUrl`.
pub(crate) fn from_env(env: &JsValue, options: &JsValue) -> Result<FromEnv, Failure> {
    let reader = Reader::options("SyncClient.fromEnv(env)");
    if !env.is_object() {
        return Err(reader.refuse(
            "env",
            &concat(&[
                "env must be an object such as a Worker's env or process.env, got ",
                read::type_name(env),
                ".",
            ]),
        ));
    }
    if read::is_object(options) && reader.get(options, "apiKey")?.is_some() {
        return Err(reader.refuse(
            "apiKey",
            "the key comes from env.SYNC_API_KEY; do not pass apiKey too.",
        ));
    }
    let key = reader
        .string(env, key::ENV_VAR)?
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| {
            reader.refuse(
                key::ENV_VAR,
                "env has no SYNC_API_KEY. In Cloudflare Workers add it as a secret (`wrangler secret \
                 put SYNC_API_KEY`, or `.dev.vars` locally); elsewhere set the environment variable.",
            )
        })?;
    Ok(FromEnv {
        key,
        base_url: reader
            .string(env, config::BASE_URL_ENV_VAR)?
            .filter(|u| !u.trim().is_empty()),
    })
}

/// Read per-request options (`{ signal, timeoutInSeconds, timeoutMs, maxRetries, headers,
/// idempotencyKey }`).
pub(crate) fn call(options: &JsValue) -> Result<CallOptions, Failure> {
    call_with(options, REQUEST, true)
}

/// As `call`; `read_timeouts` is false where `timeoutMs` means something else (the overall deadline
/// of `waitForCompletion`).
fn call_with(
    options: &JsValue,
    reader: Reader,
    read_timeouts: bool,
) -> Result<CallOptions, Failure> {
    if options.is_undefined() || options.is_null() {
        return Ok(CallOptions::default());
    }
    if !read::is_object(options) {
        return Err(reader.refuse(
            "options",
            &concat(&["must be an object, got ", read::type_name(options), "."]),
        ));
    }
    let configuration = |m: String| Failure::from(Error::configuration(m));
    // `abortSignal` is the name `@sync.so/sdk` uses.
    let signal = match reader.get(options, "signal")? {
        Some(s) => Some(s),
        None => reader.get(options, "abortSignal")?,
    };
    if let Some(s) = &signal {
        // Duck-typed, so that signals from another realm (iframes, edge-runtime's VM) are accepted.
        let is_signal = s.is_object()
            && reader
                .get(s, "aborted")?
                .is_some_and(|a| a.as_bool().is_some())
            && reader
                .get(s, "addEventListener")?
                .is_some_and(|f| f.is_function());
        if !is_signal {
            return Err(reader.wrong_type(
                "signal",
                "an AbortSignal (from new AbortController().signal)",
                s,
            ));
        }
    }
    let timeout_ms = if read_timeouts {
        config::timeout_ms(
            reader.number(options, "timeoutInSeconds")?,
            reader.number(options, "timeoutMs")?,
            reader.context,
        )
        .map_err(configuration)?
    } else {
        None
    };
    let max_retries = match reader.number(options, "maxRetries")? {
        Some(n) => Some(config::max_retries(n, reader.context).map_err(configuration)?),
        None => None,
    };
    let headers = match reader.get(options, "headers")? {
        Some(h) => header_list(&h, reader)?,
        None => Vec::new(),
    };
    let idempotency_key = reader.string(options, "idempotencyKey")?;
    if let Some(k) = &idempotency_key {
        config::idempotency_key(k)
            .map_err(|m| configuration(concat(&[reader.context, ": ", &m])))?;
    }
    Ok(CallOptions {
        signal,
        timeout_ms,
        max_retries,
        headers,
        idempotency_key,
        deadline_ms: None,
        leave_429_to_caller: false,
    })
}

/// Options of `waitForCompletion` / `createAndWait`.
pub(crate) struct WaitOptions {
    pub call: CallOptions,
    pub timeout_ms: f64,
    pub poll_interval_ms: f64,
    /// Longest hold of each long-poll, in seconds (1–10).
    pub max_hold_seconds: u32,
    pub on_progress: Option<Function>,
}

pub(crate) fn wait(options: &JsValue) -> Result<WaitOptions, Failure> {
    wait_read_by(options, WAIT)
}

/// `wait`, with refusals naming `reader`'s context (`runMany` reads the same fields).
pub(crate) fn wait_read_by(options: &JsValue, reader: Reader) -> Result<WaitOptions, Failure> {
    let call = call_with(options, reader, false)?;
    if options.is_undefined() || options.is_null() {
        return Ok(WaitOptions {
            call,
            timeout_ms: wait::DEFAULT_WAIT_TIMEOUT_MS,
            poll_interval_ms: wait::DEFAULT_POLL_INTERVAL_MS,
            max_hold_seconds: wait::MAX_LONG_POLL_SECONDS,
            on_progress: None,
        });
    }
    let configuration = |m: &str| Failure::from(Error::configuration(m));
    let timeout_ms = config::timeout_ms(
        reader.number(options, "timeoutInSeconds")?,
        reader.number(options, "timeoutMs")?,
        reader.context,
    )
    .map_err(|m| configuration(&m))?
    .unwrap_or(wait::DEFAULT_WAIT_TIMEOUT_MS);
    let poll_interval_ms = match reader.number(options, "pollIntervalMs")? {
        Some(ms) if ms.is_finite() && ms >= 0.0 => ms,
        Some(_) => {
            return Err(configuration(
                "Wait options: pollIntervalMs must be a number of milliseconds, 0 or more.",
            ))
        }
        None => wait::DEFAULT_POLL_INTERVAL_MS,
    };
    let max_hold_seconds = match reader.number(options, "longPollSeconds")? {
        None => wait::MAX_LONG_POLL_SECONDS,
        Some(s) if s.fract() == 0.0 && (1.0..=10.0).contains(&s) => s as u32,
        Some(_) => return Err(configuration(
            "Wait options: longPollSeconds must be a whole number from 1 to 10 (the API's limit \
                 for one held request).",
        )),
    };
    Ok(WaitOptions {
        call,
        timeout_ms,
        poll_interval_ms,
        max_hold_seconds,
        on_progress: reader.function(options, "onProgress")?,
    })
}

/// Collect the key candidates: `env.SYNC_API_KEY` for `fromEnv`, else the `apiKey` option, then
/// `SYNC_API_KEY` from `process.env` or `Deno.env`.
fn key_candidates(
    options: &JsValue,
    from_env: Option<&FromEnv>,
) -> Result<key::KeyCandidates, Failure> {
    let mut c = key::KeyCandidates::default();
    if let Some(env) = from_env {
        c.option = Some(env.key.clone());
        return Ok(c);
    }
    c.option = CLIENT.string(options, "apiKey")?;
    if c.option.is_none() {
        c.misspelt_option = CLIENT.keys(options)?.into_iter().find(|n| {
            let folded = n.to_ascii_lowercase().replace(['_', '-'], "");
            n != "apiKey" && (folded == "apikey" || folded == "syncapikey")
        });
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
    let object = |target: &JsValue, key: &str| {
        read::property(target, key).map(|v| Some(v).filter(JsValue::is_object))
    };
    match object(&global, "process").and_then(|p| match p {
        Some(p) => object(&p, "env"),
        None => Ok(None),
    }) {
        Ok(Some(env)) => match read::property(&env, name) {
            Ok(v) => read.value = v.as_string(),
            Err(_) => read.denied = true,
        },
        Ok(None) => {}
        Err(_) => read.denied = true,
    }
    if read.value.is_some() {
        return read;
    }
    // Deno: `Deno.env.get` throws without --allow-env.
    if let Ok(Some(env)) = object(&global, "Deno").and_then(|d| match d {
        Some(d) => object(&d, "env"),
        None => Ok(None),
    }) {
        match read::call(&env, "get", &[&JsValue::from_str(name)]) {
            Ok(v) => read.value = v.as_string(),
            Err(_) => read.denied = true,
        }
    }
    read
}

/// A page (window and document), not a worker or server runtime. Deno 2 has no `window`; Workers,
/// Node, Bun and the edge runtime have no `document`.
fn runs_in_browser() -> bool {
    let global: JsValue = js_sys::global().into();
    let has = |name: &str| read::property(&global, name).is_ok_and(|v| v.is_object());
    has("window") && has("document")
}

/// Node, Bun, Deno, Cloudflare Workers or Vercel's edge runtime: no CORS, so a failed fetch is the
/// network's. Anything else (a page, a browser worker, an unknown runtime) may be refused by CORS.
fn runs_on_a_server() -> bool {
    let global: JsValue = js_sys::global().into();
    let at =
        |target: &JsValue, name: &str| read::property(target, name).unwrap_or(JsValue::UNDEFINED);
    let node = at(&at(&at(&global, "process"), "versions"), "node").is_string();
    let user_agent = at(&at(&global, "navigator"), "userAgent").as_string();
    node || at(&global, "Deno").is_object()
        || at(&global, "EdgeRuntime").is_string()
        || user_agent.as_deref() == Some("Cloudflare-Workers")
}

fn global_is_function(name: &str) -> bool {
    read::property(&js_sys::global(), name).is_ok_and(|f| f.is_function())
}

/// Normalise any `HeadersInit` (object, array of pairs, `Headers`) through `new Headers(...)`, which
/// checks names and values (CR/LF included) the way `fetch` will. Names come back lowercase.
fn header_list(init: &JsValue, reader: Reader) -> Result<Vec<(String, String)>, Failure> {
    // What `Headers` threw is not kept as the cause: its message can quote a header value.
    let headers = crate::js::new_headers(init).map_err(|e| {
        reader.refuse(
            "headers",
            &concat(&["`headers` is not valid: ", &read::thrown_text(&e)]),
        )
    })?;
    let list = read::string_pairs(headers.unchecked_ref());
    if list.iter().any(|(name, _)| name == "x-api-key") {
        return Err(reader.refuse(
            "headers",
            "do not set x-api-key in `headers`; pass the key as the apiKey option (or \
             SYNC_API_KEY) so the SDK can check it and keep it out of errors.",
        ));
    }
    Ok(list)
}
