//! API key resolution and validation.
//!
//! Every message built here describes *where* the key came from and *what* is wrong with it, and never
//! contains any character of the key itself.

use core::fmt;

use super::text::{concat, u64_text};

/// Name of the environment variable the SDK reads when no `apiKey` option is given.
pub const ENV_VAR: &str = "SYNC_API_KEY";

/// Where a key came from; used in messages so a user knows which place to fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// `new SyncClient({ apiKey })`.
    Option,
    /// `SYNC_API_KEY` read from `process.env` or `Deno.env`.
    EnvVar,
    /// No key here: `proxyUrl`, whose server route (`sync-wasm/proxy`) adds its own.
    Proxy,
}

impl KeySource {
    pub fn describe(self) -> &'static str {
        match self {
            KeySource::Option => "the apiKey option",
            KeySource::EnvVar => "the SYNC_API_KEY environment variable",
            KeySource::Proxy => "the server behind proxyUrl",
        }
    }
}

/// A validated key. `Debug` is redacted so the key cannot leak through logging of a Rust value.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey {
    value: String,
    source: KeySource,
}

impl ApiKey {
    /// The header value to send as `x-api-key`.
    pub fn expose(&self) -> &str {
        &self.value
    }

    pub fn source(&self) -> KeySource {
        self.source
    }

    /// A client of a `proxyUrl` holds no key (the proxy adds the server's), so nothing to send or
    /// to redact.
    pub fn held_by_proxy() -> ApiKey {
        ApiKey {
            value: String::new(),
            source: KeySource::Proxy,
        }
    }

    pub fn is_held_by_proxy(&self) -> bool {
        self.source == KeySource::Proxy
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey([redacted], from {})", self.source.describe())
    }
}

/// What the JS layer found while looking for a key, in order of precedence.
#[derive(Debug, Default)]
pub struct KeyCandidates {
    /// The `apiKey` option, when it was given and not `undefined`/`null`.
    pub option: Option<String>,
    /// `SYNC_API_KEY` from the runtime's environment, when readable and set.
    pub env: Option<String>,
    /// The environment exists but reading it was refused (Deno without `--allow-env`).
    pub env_denied: bool,
    /// A misspelt option the user probably meant as `apiKey` (e.g. `api_key`).
    pub misspelt_option: Option<String>,
}

/// Pick the key to use and validate it. The explicit option always wins over the environment.
pub fn resolve(candidates: &KeyCandidates) -> Result<ApiKey, String> {
    if let Some(raw) = &candidates.option {
        return validate(raw, KeySource::Option);
    }
    if let Some(raw) = &candidates.env {
        // An empty variable is treated as unset: `SYNC_API_KEY=` in a .env file is a common leftover.
        if !raw.trim().is_empty() {
            return validate(raw, KeySource::EnvVar);
        }
    }
    Err(missing_key_message(candidates))
}

fn missing_key_message(candidates: &KeyCandidates) -> String {
    let mut message = String::from(
        "No Sync API key found. Pass it as `new SyncClient({ apiKey: \"...\" })` or set the \
         SYNC_API_KEY environment variable. In Cloudflare Workers environment variables live on the \
         handler's `env`: pass `new SyncClient({ apiKey: env.SYNC_API_KEY })`.",
    );
    if let Some(name) = &candidates.misspelt_option {
        message.push_str(" The options have `");
        message.push_str(name);
        message.push_str("`: the option is spelt `apiKey`.");
    }
    if candidates.env_denied {
        message.push_str(
            " Reading SYNC_API_KEY was refused by the runtime: in Deno run with \
             `--allow-env=SYNC_API_KEY,SYNC_BASE_URL`.",
        );
    }
    message
}

/// Trim surrounding whitespace, then refuse keys that could never be valid or could corrupt the request
/// (a CR/LF in a header value is rejected by `fetch` with a message that may include the value).
pub fn validate(raw: &str, source: KeySource) -> Result<ApiKey, String> {
    let key = raw.trim();
    if key.is_empty() {
        return Err(concat(&[
            "The API key from ",
            source.describe(),
            " is empty. Pass your Sync API key (from the Sync dashboard, API keys page).",
        ]));
    }
    for (index, c) in key.chars().enumerate() {
        let problem = if c.is_control() {
            "a control character (such as a line break or tab)"
        } else if c.is_whitespace() {
            "whitespace"
        } else if !c.is_ascii() {
            "a non-ASCII character (often a smart quote or an invisible character from copy and paste)"
        } else {
            continue;
        };
        return Err(concat(&[
            "The API key from ",
            source.describe(),
            " contains ",
            problem,
            " at character ",
            &u64_text(index as u64 + 1),
            ". A Sync API key is a single token of plain ASCII characters: copy it again from the \
             Sync dashboard.",
        ]));
    }
    Ok(ApiKey {
        value: key.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(option: Option<&str>, env: Option<&str>) -> KeyCandidates {
        KeyCandidates {
            option: option.map(str::to_owned),
            env: env.map(str::to_owned),
            ..KeyCandidates::default()
        }
    }

    #[test]
    fn option_wins_over_env() {
        let key = resolve(&candidates(Some("opt-key"), Some("env-key"))).unwrap();
        assert_eq!(key.expose(), "opt-key");
        assert_eq!(key.source(), KeySource::Option);
    }

    #[test]
    fn env_is_used_when_no_option() {
        let key = resolve(&candidates(None, Some("  env-key\n"))).unwrap();
        assert_eq!(key.expose(), "env-key");
        assert_eq!(key.source(), KeySource::EnvVar);
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        assert_eq!(
            validate("\t sk-abc \r\n", KeySource::Option)
                .unwrap()
                .expose(),
            "sk-abc"
        );
    }

    #[test]
    fn missing_key_explains_every_way_to_pass_it() {
        let message = resolve(&candidates(None, None)).unwrap_err();
        assert!(message.contains("apiKey"));
        assert!(message.contains("SYNC_API_KEY"));
        assert!(message.contains("env.SYNC_API_KEY"), "{message}");
    }

    #[test]
    fn empty_env_counts_as_missing() {
        let message = resolve(&candidates(None, Some("   "))).unwrap_err();
        assert!(message.starts_with("No Sync API key found"), "{message}");
    }

    #[test]
    fn empty_option_is_its_own_error() {
        let message = resolve(&candidates(Some(" "), Some("env-key"))).unwrap_err();
        assert!(
            message.contains("from the apiKey option is empty"),
            "{message}"
        );
    }

    #[test]
    fn misspelt_option_and_denied_env_are_mentioned() {
        let c = KeyCandidates {
            env_denied: true,
            misspelt_option: Some("api_key".into()),
            ..KeyCandidates::default()
        };
        let message = resolve(&c).unwrap_err();
        assert!(message.contains("`api_key`"), "{message}");
        assert!(message.contains("--allow-env"), "{message}");
    }

    #[test]
    fn inner_problems_are_named_without_echoing_the_key() {
        let cases = [
            ("sk-abc def", "whitespace at character 7"),
            ("sk-abc\r\nX-Evil: 1", "control character"),
            ("sk-ab\u{201c}c", "non-ASCII character"),
            ("sk-ab\u{a0}c", "whitespace at character 6"),
        ];
        for (raw, expected) in cases {
            let message = validate(raw, KeySource::EnvVar).unwrap_err();
            assert!(message.contains(expected), "{raw:?}: {message}");
            assert!(
                message.contains("SYNC_API_KEY environment variable"),
                "{message}"
            );
            assert!(
                !message.contains("sk-ab"),
                "message echoes the key: {message}"
            );
        }
    }

    #[test]
    fn debug_is_redacted() {
        let key = validate("sk-secret-123", KeySource::Option).unwrap();
        let shown = format!("{key:?}");
        assert!(!shown.contains("sk-secret-123"));
        assert!(shown.contains("redacted"));
    }
}
