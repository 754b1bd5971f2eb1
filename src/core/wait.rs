//! Policy for `waitForCompletion`: which statuses are final, how long each long-poll asks the server
//! to hold, and how fast to poll when the server does not hold.

/// Longest hold the API allows for `GET /v2/generate/{id}?wait=true&timeout=N`.
pub const MAX_LONG_POLL_SECONDS: u32 = 10;
/// Default overall deadline: generations usually finish in 30–120 s; past 15 minutes something is wrong.
pub const DEFAULT_WAIT_TIMEOUT_MS: f64 = 15.0 * 60.0 * 1000.0;
/// Default first interval when polling without long-poll.
pub const DEFAULT_POLL_INTERVAL_MS: f64 = 1000.0;
const MAX_POLL_INTERVAL_MS: f64 = 10_000.0;

/// How a generation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Final {
    Completed,
    /// `FAILED`, `REJECTED`, `CANCELED` or `TIMED_OUT`.
    Failed,
}

/// `None` for statuses that are not final, including ones the SDK does not know yet.
pub fn final_status(status: &str) -> Option<Final> {
    match status {
        "COMPLETED" => Some(Final::Completed),
        "FAILED" | "REJECTED" | "CANCELED" | "TIMED_OUT" => Some(Final::Failed),
        _ => None,
    }
}

/// Seconds to ask the server to hold the next long-poll: `max_seconds` (the caller's choice, at most
/// the API's 10), but not past the caller's deadline. `None` when less than the API's minimum of 1 s
/// is left: poll plainly then.
pub fn long_poll_seconds(remaining_ms: f64, max_seconds: u32) -> Option<u32> {
    let max_seconds = max_seconds.clamp(1, MAX_LONG_POLL_SECONDS);
    let seconds = (remaining_ms / 1000.0).floor();
    if seconds >= f64::from(max_seconds) {
        Some(max_seconds)
    } else if seconds >= 1.0 {
        Some(seconds as u32)
    } else {
        None
    }
}

/// Whether a long-poll answer came back well before the hold it asked for while the generation was
/// still running, i.e. the server does not support long-poll and the SDK must pace itself.
pub fn answered_at_once(elapsed_ms: f64, asked_seconds: u32) -> bool {
    elapsed_ms < f64::from(asked_seconds) * 1000.0 / 2.0
}

/// The next polling interval: grows by half each time, up to 10 s.
pub fn next_interval(current_ms: f64) -> f64 {
    (current_ms * 1.5).min(MAX_POLL_INTERVAL_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_statuses() {
        assert_eq!(final_status("COMPLETED"), Some(Final::Completed));
        for s in ["FAILED", "REJECTED", "CANCELED", "TIMED_OUT"] {
            assert_eq!(final_status(s), Some(Final::Failed), "{s}");
        }
        for s in ["PENDING", "PROCESSING", "QUEUED_FOR_MARS", "completed", ""] {
            assert_eq!(final_status(s), None, "{s}");
        }
    }

    #[test]
    fn long_poll_hold_fits_the_deadline() {
        assert_eq!(long_poll_seconds(600_000.0, 10), Some(10));
        assert_eq!(long_poll_seconds(10_000.0, 10), Some(10));
        assert_eq!(long_poll_seconds(4_900.0, 10), Some(4));
        assert_eq!(long_poll_seconds(999.0, 10), None);
        // A shorter hold chosen by the caller, and out-of-range choices kept within 1..=10.
        assert_eq!(long_poll_seconds(600_000.0, 2), Some(2));
        assert_eq!(long_poll_seconds(1_500.0, 2), Some(1));
        assert_eq!(long_poll_seconds(600_000.0, 0), Some(1));
        assert_eq!(long_poll_seconds(600_000.0, 99), Some(10));
    }

    #[test]
    fn detects_servers_without_long_poll() {
        assert!(answered_at_once(40.0, 10));
        assert!(!answered_at_once(9_000.0, 10));
        assert!(!answered_at_once(600.0, 1));
    }

    #[test]
    fn interval_grows_to_a_cap() {
        assert_eq!(next_interval(1000.0), 1500.0);
        assert_eq!(next_interval(9000.0), 10_000.0);
    }
}
