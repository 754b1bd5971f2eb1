//! Client and per-request settings: defaults, ranges and the messages for values out of range.

use super::text::{concat, u64_text};

/// `https://api.sync.so`, the production API.
pub const DEFAULT_BASE_URL: &str = "https://api.sync.so";
/// Environment variable read for the base URL when `baseUrl` is not given.
pub const BASE_URL_ENV_VAR: &str = "SYNC_BASE_URL";
/// Per-attempt timeout when none is given, as in the official SDK.
pub const DEFAULT_TIMEOUT_MS: f64 = 60_000.0;
/// Retries after the first attempt when none is given.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// More retries than this only multiplies load on an API that is already failing.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// `setTimeout` fires at once for delays above 2^31-1 ms, which would turn a huge timeout into none.
pub const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// Choose the timeout from `timeoutInSeconds` or `timeoutMs` (at most one may be given).
/// `context` names the options object in messages (`"SyncClient options"`, `"request options"`).
pub fn timeout_ms(
    seconds: Option<f64>,
    millis: Option<f64>,
    context: &str,
) -> Result<Option<f64>, String> {
    let (value, name) = match (seconds, millis) {
        (Some(_), Some(_)) => {
            return Err(concat(&[
                context,
                ": give either timeoutInSeconds or timeoutMs, not both.",
            ]))
        }
        (Some(s), None) => (s * 1000.0, "timeoutInSeconds"),
        (None, Some(ms)) => (ms, "timeoutMs"),
        (None, None) => return Ok(None),
    };
    if !value.is_finite() || value <= 0.0 {
        return Err(concat(&[
            context,
            ": ",
            name,
            " must be a positive number.",
        ]));
    }
    if value > MAX_TIMEOUT_MS {
        return Err(concat(&[
            context,
            ": ",
            name,
            " is too large; the longest timeout is 2147483 seconds (about 24 days).",
        ]));
    }
    Ok(Some(value))
}

/// Validate `maxRetries`.
pub fn max_retries(value: f64, context: &str) -> Result<u32, String> {
    if value.fract() != 0.0 || !(0.0..=MAX_RETRIES_LIMIT as f64).contains(&value) {
        return Err(concat(&[
            context,
            ": maxRetries must be a whole number from 0 to ",
            &u64_text(MAX_RETRIES_LIMIT as u64),
            ".",
        ]));
    }
    Ok(value as u32)
}

/// `SYNC_BASE_URL` as the runtime's environment gave it.
#[derive(Debug, PartialEq)]
pub enum BaseUrlVar {
    Set(String),
    /// Unset, or empty (`SYNC_BASE_URL=` is a common leftover in `.env` files).
    Unset,
    /// The environment exists but refused the read (Deno without `SYNC_BASE_URL` in `--allow-env`).
    Denied,
}

/// The base URL when the `baseUrl` option is absent. A refused read is an error, not the default: the
/// variable may name a staging server or a proxy, and guessing would send the key to production.
pub fn base_url_from_env(var: BaseUrlVar) -> Result<String, String> {
    match var {
        BaseUrlVar::Set(url) if !url.trim().is_empty() => {
            base_url(&url).map_err(|m| concat(&[BASE_URL_ENV_VAR, ": ", &m]))
        }
        BaseUrlVar::Set(_) | BaseUrlVar::Unset => Ok(DEFAULT_BASE_URL.to_owned()),
        BaseUrlVar::Denied => Err(concat(&[
            "Reading SYNC_BASE_URL was refused by the runtime, so the SDK cannot tell whether your \
             calls should go to another server than ",
            DEFAULT_BASE_URL,
            ", and it does not guess with your key. In Deno run with \
             `--allow-env=SYNC_API_KEY,SYNC_BASE_URL`, or pass { baseUrl: \"",
            DEFAULT_BASE_URL,
            "\" } (or your own URL) to SyncClient.",
        ])),
    }
}

/// Validate and normalise `baseUrl`: `https:` (or `http:` for loopback hosts), a host, an optional path
/// prefix (for proxies), no credentials, query or fragment. Returns it without a trailing slash.
pub fn base_url(raw: &str) -> Result<String, String> {
    checked_url(raw, "baseUrl must look like \"https://api.sync.so\"", false)
}

/// Validate and normalise `proxyUrl` (already resolved against the page): like `baseUrl`, but plain
/// `http:` is allowed for any host, since no key travels on this hop (the page chose its own scheme).
pub fn proxy_url(raw: &str) -> Result<String, String> {
    checked_url(
        raw,
        "proxyUrl must be your proxy route, such as \"/api/sync\" or \"https://app.example/api/sync\"",
        true,
    )
}

fn checked_url(raw: &str, help: &str, any_http: bool) -> Result<String, String> {
    let url = raw.trim();
    let (scheme, rest) = match scheme_split(url) {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => return Err(concat(&[help, ": \"", url, "\" has no scheme."])),
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(concat(&[
            help,
            ": it contains whitespace or control characters.",
        ]));
    }
    if url.contains('?') || url.contains('#') {
        return Err(concat(&[
            help,
            ": \"",
            url,
            "\" has a query or fragment; give only the origin and an optional path prefix.",
        ]));
    }
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at_checked(authority_end).unwrap_or((rest, ""));
    if authority.contains('@') {
        return Err(concat(&[
            help,
            ": it contains credentials (user@host). Pass the key with the apiKey option instead.",
        ]));
    }
    let host = host_of(authority);
    if host.is_empty() {
        return Err(concat(&[help, ": \"", url, "\" has no host."]));
    }
    match scheme.as_str() {
        "https" => {}
        "http" if any_http || is_loopback(host) => {}
        "http" => {
            return Err(concat(&[
                help,
                ": plain http:// would send the API key unencrypted, so it is allowed only for \
                 loopback hosts (localhost, 127.0.0.1, [::1]). Use https://",
                rest,
                ".",
            ]))
        }
        _ => {
            return Err(concat(&[
                help,
                ": the scheme must be https (got \"",
                &scheme,
                "\").",
            ]))
        }
    }
    let path = path.trim_end_matches('/');
    if path == "/v2" || path.ends_with("/v2") {
        return Err(concat(&[
            help,
            ": leave /v2 out; the SDK adds it to every path (got \"",
            url,
            "\").",
        ]));
    }
    Ok(concat(&[&scheme, "://", authority, path]))
}

/// Check a URL the SDK sends data to without the API key (a presigned upload URL): `https:`, or
/// `http:` on a loopback host.
pub fn upload_url(raw: &str) -> Result<(), String> {
    let (scheme, rest) = scheme_split(raw).ok_or("the upload URL has no scheme")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host_of(authority.rsplit('@').next().unwrap_or(""));
    match scheme.to_ascii_lowercase().as_str() {
        "https" if !host.is_empty() => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        _ => Err("the upload URL must be https".to_owned()),
    }
}

/// `("https", "host/path")` of `"https://host/path"`.
fn scheme_split(url: &str) -> Option<(&str, &str)> {
    let at = super::text::find(url, "://")?;
    Some((url.get(..at)?, url.get(at + 3..)?))
}

fn host_of(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    authority.split(':').next().unwrap_or("")
}

fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host.strip_prefix("127.").is_some_and(|rest| {
            let parts: Vec<&str> = rest.split('.').collect();
            parts.len() == 3
                && parts
                    .iter()
                    .all(|p| super::text::parse_digits(p).is_some_and(|n| n <= 255))
        })
}

/// `Idempotency-Key`: 1–128 characters of `[A-Za-z0-9._~-]`, as the Sync docs require.
pub fn idempotency_key(key: &str) -> Result<(), String> {
    let valid_chars = key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'-'));
    if key.is_empty() || key.len() > 128 || !valid_chars {
        return Err(
            "idempotencyKey must be 1 to 128 characters of letters, digits, '.', '_', '~' or '-'."
                .to_owned(),
        );
    }
    Ok(())
}

/// Format 16 random bytes as a version-4 UUID.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 0x0f) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_from_the_environment() {
        assert_eq!(
            base_url_from_env(BaseUrlVar::Set("http://127.0.0.1:9/p/".into())),
            Ok("http://127.0.0.1:9/p".to_owned())
        );
        assert_eq!(
            base_url_from_env(BaseUrlVar::Unset),
            Ok(DEFAULT_BASE_URL.to_owned())
        );
        assert_eq!(
            base_url_from_env(BaseUrlVar::Set("  ".into())),
            Ok(DEFAULT_BASE_URL.to_owned())
        );
        let bad = base_url_from_env(BaseUrlVar::Set("ftp://x".into())).unwrap_err();
        assert!(bad.starts_with("SYNC_BASE_URL: "), "{bad}");
        let denied = base_url_from_env(BaseUrlVar::Denied).unwrap_err();
        assert!(
            denied.contains("SYNC_BASE_URL")
                && denied.contains("--allow-env=SYNC_API_KEY,SYNC_BASE_URL"),
            "{denied}"
        );
    }

    #[test]
    fn timeout_from_seconds_or_millis() {
        assert_eq!(timeout_ms(Some(1.5), None, "x"), Ok(Some(1500.0)));
        assert_eq!(timeout_ms(None, Some(250.0), "x"), Ok(Some(250.0)));
        assert_eq!(timeout_ms(None, None, "x"), Ok(None));
    }

    #[test]
    fn timeout_rejects_bad_values() {
        assert!(timeout_ms(Some(1.0), Some(1.0), "opts")
            .unwrap_err()
            .contains("not both"));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let message = timeout_ms(Some(bad), None, "opts").unwrap_err();
            assert!(
                message.contains("timeoutInSeconds must be a positive number"),
                "{message}"
            );
        }
        assert!(timeout_ms(Some(3e6), None, "opts")
            .unwrap_err()
            .contains("too large"));
    }

    #[test]
    fn max_retries_range() {
        assert_eq!(max_retries(0.0, "x"), Ok(0));
        assert_eq!(max_retries(10.0, "x"), Ok(10));
        for bad in [-1.0, 1.5, 11.0, f64::NAN] {
            assert!(max_retries(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn base_url_normalises() {
        assert_eq!(
            base_url("https://api.sync.so/").unwrap(),
            "https://api.sync.so"
        );
        assert_eq!(
            base_url(" HTTPS://proxy.example/sync/ ").unwrap(),
            "https://proxy.example/sync"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8787").unwrap(),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            base_url("http://localhost:3001/").unwrap(),
            "http://localhost:3001"
        );
        assert_eq!(base_url("http://[::1]:9000").unwrap(), "http://[::1]:9000");
    }

    #[test]
    fn base_url_refusals_explain_themselves() {
        let cases = [
            ("api.sync.so", "no scheme"),
            ("http://api.sync.so", "unencrypted"),
            ("http://127.0.0.1.evil.com", "unencrypted"),
            ("ftp://api.sync.so", "scheme must be https"),
            ("https://user:pw@api.sync.so", "credentials"),
            ("https://api.sync.so/v2", "leave /v2 out"),
            ("https://api.sync.so?x=1", "query or fragment"),
            ("https://", "no host"),
            ("https://api.sync .so", "whitespace"),
        ];
        for (raw, expected) in cases {
            let message = base_url(raw).unwrap_err();
            assert!(message.contains(expected), "{raw}: {message}");
        }
    }

    #[test]
    fn upload_urls() {
        assert!(upload_url("https://bucket.s3.amazonaws.com/k?X-Amz-Signature=1").is_ok());
        assert!(upload_url("http://127.0.0.1:9/upload/x").is_ok());
        assert!(upload_url("http://bucket.example/k").is_err());
        assert!(upload_url("ftp://x/k").is_err());
        assert!(upload_url("/relative").is_err());
    }

    #[test]
    fn idempotency_key_rules() {
        assert!(idempotency_key("order-42_retry.1~x").is_ok());
        assert!(idempotency_key(&"a".repeat(128)).is_ok());
        assert!(idempotency_key("").is_err());
        assert!(idempotency_key(&"a".repeat(129)).is_err());
        assert!(idempotency_key("has space").is_err());
        assert!(idempotency_key("slash/").is_err());
    }

    #[test]
    fn uuid_has_version_and_variant_bits() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = uuid_v4([0; 16]);
        assert_eq!(id, "00000000-0000-4000-8000-000000000000");
    }
}
