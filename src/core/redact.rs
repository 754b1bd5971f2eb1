//! Redaction of the API key: the one place it happens, over everything an error carries, after
//! parsing (so a key the server echoed JSON-escaped, `\u0073k_…`, is caught as well).

use super::error::{Body, Error, What};
use super::text::{find, replace_all};

/// What replaces the key.
pub const REDACTED: &str = "[redacted]";

/// `text` with every occurrence of `key` replaced.
pub fn text(text: &str, key: &str) -> String {
    if key.is_empty() {
        return text.to_owned();
    }
    replace_all(text, key, REDACTED).unwrap_or_else(|| text.to_owned())
}

fn in_place(s: &mut String, key: &str) {
    if key.is_empty() {
        return;
    }
    if let Some(redacted) = replace_all(s, key, REDACTED) {
        *s = redacted;
    }
}

fn optional(s: &mut Option<String>, key: &str) {
    if let Some(s) = s {
        in_place(s, key);
    }
}

impl Error {
    /// Replace the key in every string of the error: what its message is made of, the body (each
    /// string and object key of parsed JSON, or the text), headers, ids, the generation and the
    /// cause chain.
    pub fn redact(&mut self, key: &str) {
        if key.is_empty() {
            return;
        }
        let mut each = |s: &mut String| in_place(s, key);
        match &mut self.what {
            What::Text(t) => each(t),
            What::Status {
                path,
                server_message,
                server_code,
                ..
            } => {
                each(path);
                optional(server_message, key);
                optional(server_code, key);
            }
            What::NotJson {
                path, content_type, ..
            } => {
                each(path);
                each(content_type);
            }
            What::Missing { path, .. }
            | What::Timeout { path, .. }
            | What::Aborted { path, .. } => each(path),
            What::Connection {
                target,
                path,
                detail,
                ..
            } => {
                each(target);
                each(path);
                each(detail);
            }
            What::Redirect { path, problem, .. } => {
                each(path);
                if let super::error::Redirect::OtherOrigin(origin) = problem {
                    each(origin);
                }
            }
            What::WaitTimeout { id, last_status } => {
                each(id);
                optional(last_status, key);
            }
            What::WaitAborted { id } | What::GenerationFailed { id } => each(id),
            What::Deadline | What::RunAborted { .. } => {}
        }
        match &mut self.body {
            Some(Body::Json(json)) => json.for_each_string_mut(&mut each),
            Some(Body::Text(t)) => each(t),
            None => {}
        }
        if let Some(generation) = &mut self.generation {
            generation.for_each_string_mut(&mut each);
        }
        if let Some(headers) = &mut self.headers {
            // A header name cannot hold "[redacted]" (brackets are not allowed in names): drop it.
            headers.retain(|(name, _)| find(name, key).is_none());
            for (_, value) in headers.iter_mut() {
                each(value);
            }
        }
        for link in &mut self.cause {
            each(&mut link.name);
            each(&mut link.message);
            optional(&mut link.code, key);
        }
        optional(&mut self.error_code, key);
        optional(&mut self.request_id, key);
        optional(&mut self.field, key);
        optional(&mut self.generation_status, key);
        optional(&mut self.generation_error, key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::{ErrorClass, Link};

    const KEY: &str = "sk-live-0123456789abcdef";

    fn assert_clean(e: &Error) {
        let debug = [
            e.message(),
            // The Debug form prints every field, so it catches a field the redaction forgot.
            debug_text(e),
        ];
        for text in debug {
            assert!(!text.contains(KEY), "key left in {text}");
        }
    }

    fn debug_text(e: &Error) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = write!(s, "{e:?}");
        s
    }

    #[test]
    fn replaces_every_occurrence() {
        assert_eq!(text("a KEY b KEY", "KEY"), "a [redacted] b [redacted]");
        assert_eq!(text("nothing", "KEY"), "nothing");
        assert_eq!(text("x", ""), "x");
    }

    #[test]
    fn every_field_of_a_status_error() {
        let escaped_key = r"\u0073k-live-0123456789abcdef";
        let body = [
            r#"{"message":"bad key "#,
            KEY,
            r#"","errorCode":""#,
            KEY,
            r#"","echo":""#,
            escaped_key,
            r#"",""#,
            KEY,
            r#"":1}"#,
        ]
        .concat();
        let headers = vec![
            ("x-request-id".to_owned(), KEY.to_owned()),
            ("x-echo".to_owned(), ["a ", KEY].concat()),
            (["x-", KEY].concat(), "named after the key".to_owned()),
        ];
        let mut e = Error::from_status(400, "GET", "/v2/x".into(), body, headers, None);
        assert!(debug_text(&e).contains(KEY));
        e.redact(KEY);
        assert_clean(&e);
        assert!(
            e.message().contains("bad key [redacted]"),
            "{}",
            e.message()
        );
        assert_eq!(e.request_id.as_deref(), Some(REDACTED));
        assert_eq!(
            e.headers.as_ref().map(Vec::len),
            Some(2),
            "the header named after the key is dropped"
        );
    }

    #[test]
    fn a_key_at_the_excerpt_cut_is_removed_whole() {
        // The key straddles the 200-character excerpt of a text body.
        let body = ["x".repeat(190), KEY.to_owned(), "y".repeat(50)].concat();
        let mut e = Error::from_status(502, "GET", "/v2/x".into(), body, Vec::new(), None);
        e.redact(KEY);
        assert!(!e.message().contains(&KEY[..10]), "{}", e.message());
    }

    #[test]
    fn generations_causes_and_other_kinds() {
        let mut e = Error::generation_failed(
            "g",
            &[r#"{"status":"FAILED","error":"echo "#, KEY, r#""}"#].concat(),
        );
        e.redact(KEY);
        assert_clean(&e);
        let mut e = Error::new(
            ErrorClass::Connection,
            What::Connection {
                target: "the Sync API".into(),
                method: "GET",
                path: "/v2/x".into(),
                retries: 0,
                detail: ["invalid header value ", KEY].concat(),
                cors: true,
            },
        );
        e.cause.push(Link {
            name: "TypeError".into(),
            message: KEY.into(),
            code: Some(KEY.into()),
        });
        e.redact(KEY);
        assert_clean(&e);
        let mut e = Error::not_json(
            200,
            "GET",
            "/v2/x".into(),
            KEY.into(),
            vec![("content-type".into(), ["text/html; k=", KEY].concat())],
        );
        e.redact(KEY);
        assert_clean(&e);
    }
}
