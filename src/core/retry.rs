//! When to retry a failed attempt and how long to wait first.

use super::http_date::parse_imf_fixdate;
use super::text::find;

/// Longest wait the SDK accepts from a `Retry-After`/`retry-after-ms` header; longer waits are the
/// caller's decision, so the computed backoff is used instead.
pub const MAX_SERVER_DELAY_MS: f64 = 60_000.0;
const INITIAL_BACKOFF_MS: f64 = 500.0;
const MAX_BACKOFF_MS: f64 = 8_000.0;

/// How an attempt ended, as far as the retry decision is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A response arrived with this status (not 2xx).
    Status(u16),
    /// `fetch` rejected: DNS, refused or reset connection, CORS refusal in a browser.
    ConnectionFailed,
    /// `fetch` rejected in a way that proves the request never reached the server (refused
    /// connection, unknown host), so even a request with side effects may be sent again.
    NeverSent,
    /// The SDK's per-attempt timeout fired.
    TimedOut,
}

/// Whether to try again after `outcome`.
///
/// * `retries_done`: retries already made (0 after the first attempt).
/// * `replay_safe`: sending the request again cannot repeat a side effect: a GET, or a POST that
///   carries an `Idempotency-Key` the server deduplicates on. A paid create without a key is never
///   sent twice.
/// * `should_retry_header`: the server's `x-should-retry` (`true`/`false`), which overrides the
///   status rules.
/// * `retry_429`: false when the caller schedules around 429s itself (`runMany` waits for a slot
///   or paces the run), so a 429 goes back to it at once, whatever `x-should-retry` says.
pub fn should_retry(
    outcome: Outcome,
    retries_done: u32,
    max_retries: u32,
    replay_safe: bool,
    should_retry_header: Option<bool>,
    retry_429: bool,
) -> bool {
    if retries_done >= max_retries || (!retry_429 && outcome == Outcome::Status(429)) {
        return false;
    }
    match outcome {
        Outcome::NeverSent => true,
        _ if !replay_safe => false,
        Outcome::Status(status) => {
            should_retry_header.unwrap_or(matches!(status, 408 | 409 | 429) || status >= 500)
        }
        Outcome::ConnectionFailed | Outcome::TimedOut => true,
    }
}

/// Whether a `fetch` failure proves the request never left for the server: its error `code` (Node's
/// `ECONNREFUSED`, `ENOTFOUND`, ...; Bun's `ConnectionRefused`) or, where runtimes give only text
/// (Deno), its message. Anything else (resets, timeouts, browser "Failed to fetch") may have
/// reached the server.
pub fn never_sent(code: Option<&str>, message: &str) -> bool {
    const CODES: [&str; 7] = [
        "ECONNREFUSED",
        "ENOTFOUND",
        "EAI_AGAIN",
        "ENETUNREACH",
        "EHOSTUNREACH",
        "ConnectionRefused",
        "FailedToOpenSocket",
    ];
    code.is_some_and(|c| CODES.contains(&c))
        || find(message, "Connection refused").is_some()
        || find(message, "os error 111").is_some()
}

/// Parse `x-should-retry`.
pub fn parse_should_retry(value: Option<&str>) -> Option<bool> {
    match value?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Milliseconds to wait before retry number `retries_done + 1`.
///
/// The server's `retry-after-ms`, then `Retry-After` (seconds or an HTTP date) win when they ask for
/// 0–60 s; otherwise exponential backoff from 0.5 s, doubling, capped at 8 s, with up to 25 % jitter
/// taken off (`random` in `[0, 1)`) so that many clients do not retry in lockstep.
pub fn delay_ms(
    retries_done: u32,
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    now_ms: f64,
    random: f64,
) -> f64 {
    if let Some(ms) = server_delay_ms(retry_after_ms, retry_after, now_ms) {
        return ms;
    }
    let exponent = retries_done.min(16) as i32;
    let backoff = (INITIAL_BACKOFF_MS * 2f64.powi(exponent)).min(MAX_BACKOFF_MS);
    backoff * (1.0 - random.clamp(0.0, 1.0) * 0.25)
}

/// The delay the server asked for: `retry-after-ms`, then `Retry-After` (seconds or an HTTP date),
/// when it is 0–60 s.
pub fn server_delay_ms(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    now_ms: f64,
) -> Option<f64> {
    let in_range =
        |ms: f64| (ms.is_finite() && (0.0..=MAX_SERVER_DELAY_MS).contains(&ms)).then_some(ms);
    if let Some(ms) = retry_after_ms.and_then(parse_decimal).and_then(in_range) {
        return Some(ms);
    }
    let value = retry_after?.trim();
    if let Some(seconds) = parse_decimal(value) {
        return in_range(seconds * 1000.0);
    }
    let at = parse_imf_fixdate(value)?;
    in_range((at - now_ms).max(0.0))
}

/// A non-negative decimal such as `2`, `1.5` or `250`. Hand-written because `str::parse::<f64>`
/// pulls several kilobytes of float parsing into the wasm for a header that is almost always an
/// integer.
fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || whole.len() > 15 || fraction.len() > 6 {
        return None;
    }
    let mut value = 0.0;
    for b in whole.bytes() {
        value = value * 10.0 + f64::from(digit(b)?);
    }
    let mut scale = 0.1;
    for b in fraction.bytes() {
        value += f64::from(digit(b)?) * scale;
        scale /= 10.0;
    }
    Some(value)
}

fn digit(b: u8) -> Option<u8> {
    b.is_ascii_digit().then(|| b - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_statuses() {
        for status in [408, 409, 429, 500, 502, 503, 504] {
            assert!(
                should_retry(Outcome::Status(status), 0, 2, true, None, true),
                "{status}"
            );
        }
        for status in [400, 401, 402, 403, 404, 413, 422] {
            assert!(
                !should_retry(Outcome::Status(status), 0, 2, true, None, true),
                "{status}"
            );
        }
    }

    #[test]
    fn header_overrides_status_rules() {
        assert!(should_retry(
            Outcome::Status(400),
            0,
            2,
            true,
            Some(true),
            true
        ));
        assert!(!should_retry(
            Outcome::Status(503),
            0,
            2,
            true,
            Some(false),
            true
        ));
    }

    #[test]
    fn budget_and_replay_safety_always_win() {
        assert!(!should_retry(Outcome::Status(503), 2, 2, true, None, true));
        assert!(!should_retry(
            Outcome::Status(503),
            0,
            0,
            true,
            Some(true),
            true
        ));
        assert!(!should_retry(
            Outcome::Status(503),
            0,
            2,
            false,
            Some(true),
            true
        ));
        assert!(!should_retry(
            Outcome::ConnectionFailed,
            0,
            2,
            false,
            None,
            true
        ));
        assert!(
            should_retry(Outcome::NeverSent, 0, 2, false, None, true),
            "not sent: safe to send"
        );
        assert!(
            !should_retry(Outcome::NeverSent, 2, 2, false, None, true),
            "but within the budget"
        );
        assert!(should_retry(
            Outcome::ConnectionFailed,
            1,
            2,
            true,
            None,
            true
        ));
        assert!(should_retry(Outcome::TimedOut, 0, 1, true, None, true));
    }

    #[test]
    fn a_caller_that_schedules_around_429s_gets_each_one_back() {
        assert!(!should_retry(Outcome::Status(429), 0, 2, true, None, false));
        // Even one the server says to retry: the caller knows whether a slot is free.
        assert!(!should_retry(
            Outcome::Status(429),
            0,
            2,
            true,
            Some(true),
            false
        ));
        // Everything else is retried as usual.
        assert!(should_retry(Outcome::Status(503), 0, 2, true, None, false));
        assert!(should_retry(
            Outcome::ConnectionFailed,
            0,
            2,
            true,
            None,
            false
        ));
    }

    #[test]
    fn knows_which_failures_never_reached_the_server() {
        assert!(never_sent(Some("ECONNREFUSED"), ""));
        assert!(never_sent(
            Some("ENOTFOUND"),
            "getaddrinfo ENOTFOUND api.sync.so"
        ));
        assert!(never_sent(Some("ConnectionRefused"), ""));
        assert!(never_sent(
            None,
            "error sending request: Connection refused (os error 111)"
        ));
        assert!(!never_sent(Some("ECONNRESET"), "socket hang up"));
        assert!(!never_sent(Some("UND_ERR_SOCKET"), "other side closed"));
        assert!(!never_sent(None, "Failed to fetch"));
    }

    #[test]
    fn parses_should_retry_header() {
        assert_eq!(parse_should_retry(Some("true")), Some(true));
        assert_eq!(parse_should_retry(Some(" false ")), Some(false));
        assert_eq!(parse_should_retry(Some("yes")), None);
        assert_eq!(parse_should_retry(None), None);
    }

    #[test]
    fn backoff_doubles_and_caps_with_jitter() {
        assert_eq!(delay_ms(0, None, None, 0.0, 0.0), 500.0);
        assert_eq!(delay_ms(1, None, None, 0.0, 0.0), 1000.0);
        assert_eq!(delay_ms(4, None, None, 0.0, 0.0), 8000.0);
        assert_eq!(delay_ms(40, None, None, 0.0, 0.0), 8000.0);
        assert_eq!(delay_ms(0, None, None, 0.0, 1.0), 375.0);
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("2"), Some(2.0));
        assert_eq!(parse_decimal(" 1.5 "), Some(1.5));
        assert_eq!(parse_decimal("0.25"), Some(0.25));
        for bad in [
            "",
            ".5",
            "-1",
            "1e3",
            "1.2.3",
            "abc",
            "1,5",
            "1234567890123456",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn server_delays_win_within_limits() {
        assert_eq!(delay_ms(0, Some("250"), Some("9"), 0.0, 0.0), 250.0);
        assert_eq!(delay_ms(0, None, Some("2"), 0.0, 0.0), 2000.0);
        assert_eq!(delay_ms(0, Some("nope"), Some("1.5"), 0.0, 0.0), 1500.0);
        let now = 784_111_777_000.0;
        assert_eq!(
            delay_ms(0, None, Some("Sun, 06 Nov 1994 08:49:40 GMT"), now, 0.0),
            3000.0
        );
        // A date in the past means "now".
        assert_eq!(
            delay_ms(0, None, Some("Sun, 06 Nov 1994 08:49:30 GMT"), now, 0.0),
            0.0
        );
        // Out of range or garbage: computed backoff.
        assert_eq!(delay_ms(0, None, Some("3600"), 0.0, 0.0), 500.0);
        assert_eq!(delay_ms(0, Some("-5"), Some("soon"), 0.0, 0.0), 500.0);
    }
}
