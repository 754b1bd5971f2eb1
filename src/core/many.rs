//! `generations.runMany`'s policy: which request goes next, what a 429 on create means, how long
//! to back off, and the counts `onProgress` reports. No JS and no clock of its own, so every path is
//! tested here natively; `wasm/many.rs` runs the steps.
//!
//! A run has `concurrency` runners. Each takes the next request, creates it and waits for it, so no
//! more than `concurrency` of the run's generations are in flight. A create refused with 429 is not a
//! failure:
//! * `concurrency_limit_reached` while one of the run's own generations is in flight: the account is
//!   full with the run's work, so the runner waits for one of them to end (a slot), then creates again;
//! * `concurrency_limit_reached` with none of the run's in flight: the account is busy elsewhere, so it
//!   backs off (growing, with jitter, never below `Retry-After`);
//! * any other 429 (a rate limit): every runner pauses until the server's `Retry-After` (or a backoff)
//!   has passed, so the run slows down instead of failing.
//!
//! Every attempt for a request carries the same `Idempotency-Key`, `prefix + index`, so a create whose
//! answer was lost, retried, or re-run after a crash with the same prefix, is one generation.

use super::text::{concat, u64_text};

/// The first backoff when the account is busy elsewhere; it doubles up to `MAX_BUSY_BACKOFF_MS`.
pub const FIRST_BUSY_BACKOFF_MS: f64 = 1000.0;
pub const MAX_BUSY_BACKOFF_MS: f64 = 30_000.0;
/// The `errorCode` of a 429 that means "too many generations in flight".
pub const CONCURRENCY_LIMIT_REACHED: &str = "concurrency_limit_reached";

/// Why a create was refused with 429.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Busy {
    /// The plan's limit of generations in flight.
    Concurrency,
    /// Requests per minute (or a 429 without the concurrency code).
    RateLimit,
}

/// The kind of 429, or `None` for any other status.
pub fn busy(status: Option<u16>, error_code: Option<&str>) -> Option<Busy> {
    match (status, error_code) {
        (Some(429), Some(CONCURRENCY_LIMIT_REACHED)) => Some(Busy::Concurrency),
        (Some(429), _) => Some(Busy::RateLimit),
        _ => None,
    }
}

/// What a runner does after a 429.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AfterBusy {
    /// Wait until one of the run's generations ends, then create again.
    WaitForSlot,
    /// Sleep this long, then create again.
    Sleep(f64),
}

/// The decision after a 429 of kind `kind`. `own_in_flight`: the run's generations created and not
/// yet ended; `attempt`: 429s in a row for this request (0 for the first); `server_delay_ms`: what
/// `retry-after-ms` / `Retry-After` asked for (0–60 s; `retry::server_delay_ms`), if anything;
/// `random` in `[0, 1)`.
pub fn after_busy(
    kind: Busy,
    own_in_flight: usize,
    attempt: u32,
    server_delay_ms: Option<f64>,
    random: f64,
) -> AfterBusy {
    if kind == Busy::Concurrency && own_in_flight > 0 {
        return AfterBusy::WaitForSlot;
    }
    let backoff =
        (FIRST_BUSY_BACKOFF_MS * 2f64.powi(attempt.min(16) as i32)).min(MAX_BUSY_BACKOFF_MS);
    // Full backoff down to half of it, so runners (and other clients) do not retry in lockstep.
    let jittered = backoff * (1.0 - random.clamp(0.0, 1.0) * 0.5);
    AfterBusy::Sleep(jittered.max(server_delay_ms.unwrap_or(0.0)))
}

/// The `Idempotency-Key` of request `index`.
pub fn idempotency_key(prefix: &str, index: usize) -> String {
    concat(&[prefix, &u64_text(index as u64)])
}

/// The counts `onProgress` reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Not yet created (waiting for a runner, a slot or a pause).
    pub queued: usize,
    /// Created and not yet ended.
    pub in_flight: usize,
    pub completed: usize,
    /// Ended any other way: failed, rejected, canceled, timed out, refused or aborted.
    pub failed: usize,
}

/// A run's shared state: the next request, the counts, and the rate-limit pause.
#[derive(Debug)]
pub struct Tally {
    next: usize,
    total: usize,
    progress: Progress,
    paused_until_ms: f64,
}

impl Tally {
    pub fn new(total: usize) -> Tally {
        Tally {
            next: 0,
            total,
            progress: Progress {
                queued: total,
                ..Progress::default()
            },
            paused_until_ms: 0.0,
        }
    }

    /// The next request to run, in input order, or `None` when every one has been taken.
    pub fn take(&mut self) -> Option<usize> {
        (self.next < self.total).then(|| {
            self.next += 1;
            self.next - 1
        })
    }

    /// Request created: one fewer queued, one more in flight.
    pub fn created(&mut self) {
        self.progress.queued = self.progress.queued.saturating_sub(1);
        self.progress.in_flight += 1;
    }

    /// A created generation ended (`completed` or not).
    pub fn ended(&mut self, completed: bool) {
        self.progress.in_flight = self.progress.in_flight.saturating_sub(1);
        self.count(completed);
    }

    /// A request settled without being created (refused, failed to send, aborted).
    pub fn refused(&mut self) {
        self.progress.queued = self.progress.queued.saturating_sub(1);
        self.count(false);
    }

    fn count(&mut self, completed: bool) {
        if completed {
            self.progress.completed += 1;
        } else {
            self.progress.failed += 1;
        }
    }

    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// Every runner holds off creating until `until_ms` (a rate limit's pause; never shortened).
    pub fn pause_until(&mut self, until_ms: f64) {
        self.paused_until_ms = self.paused_until_ms.max(until_ms);
    }

    /// How long a runner must still hold off at `now_ms` (0 when not paused).
    pub fn pause_left(&self, now_ms: f64) -> f64 {
        (self.paused_until_ms - now_ms).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_429_is_told_apart_by_its_code() {
        assert_eq!(
            busy(Some(429), Some("concurrency_limit_reached")),
            Some(Busy::Concurrency)
        );
        assert_eq!(
            busy(Some(429), Some("rate_limit_exceeded")),
            Some(Busy::RateLimit)
        );
        assert_eq!(busy(Some(429), None), Some(Busy::RateLimit));
        assert_eq!(busy(Some(402), Some("concurrency_limit_reached")), None);
        assert_eq!(busy(None, None), None);
    }

    #[test]
    fn the_concurrency_limit_with_own_work_in_flight_waits_for_a_slot() {
        for attempt in [0, 3, 40] {
            assert_eq!(
                after_busy(Busy::Concurrency, 2, attempt, Some(5000.0), 0.3),
                AfterBusy::WaitForSlot
            );
        }
    }

    #[test]
    fn busy_elsewhere_backs_off_doubling_with_jitter_and_honours_retry_after() {
        let sleep =
            |kind, attempt, server, random| match after_busy(kind, 0, attempt, server, random) {
                AfterBusy::Sleep(ms) => ms,
                other => panic!("{other:?}"),
            };
        assert_eq!(sleep(Busy::Concurrency, 0, None, 0.0), 1000.0);
        assert_eq!(sleep(Busy::Concurrency, 1, None, 0.0), 2000.0);
        assert_eq!(
            sleep(Busy::Concurrency, 2, None, 0.999_999),
            4000.0 * (1.0 - 0.999_999 * 0.5)
        );
        assert_eq!(sleep(Busy::Concurrency, 10, None, 0.0), MAX_BUSY_BACKOFF_MS);
        assert_eq!(
            sleep(Busy::Concurrency, u32::MAX, None, 0.0),
            MAX_BUSY_BACKOFF_MS
        );
        // Jitter takes off at most half.
        assert!(sleep(Busy::Concurrency, 3, None, 0.5) >= 4000.0);
        // Retry-After is a floor.
        assert_eq!(sleep(Busy::Concurrency, 0, Some(7000.0), 0.5), 7000.0);
        assert_eq!(sleep(Busy::Concurrency, 4, Some(100.0), 0.0), 16_000.0);
        // A rate limit never waits for a slot, even with the run's work in flight.
        assert_eq!(
            after_busy(Busy::RateLimit, 3, 0, Some(2000.0), 0.0),
            AfterBusy::Sleep(2000.0)
        );
    }

    #[test]
    fn keys_are_the_prefix_and_the_index() {
        assert_eq!(idempotency_key("run-1-", 0), "run-1-0");
        assert_eq!(idempotency_key("p", 499), "p499");
    }

    #[test]
    fn the_tally_hands_out_requests_in_order_and_counts() {
        let mut t = Tally::new(3);
        assert_eq!(
            t.progress(),
            Progress {
                queued: 3,
                in_flight: 0,
                completed: 0,
                failed: 0
            }
        );
        assert_eq!(t.take(), Some(0));
        assert_eq!(t.take(), Some(1));
        t.created();
        t.refused();
        assert_eq!(
            t.progress(),
            Progress {
                queued: 1,
                in_flight: 1,
                completed: 0,
                failed: 1
            }
        );
        assert_eq!(t.take(), Some(2));
        assert_eq!(t.take(), None);
        t.ended(true);
        t.created();
        t.ended(false);
        assert_eq!(
            t.progress(),
            Progress {
                queued: 0,
                in_flight: 0,
                completed: 1,
                failed: 2
            }
        );
    }

    #[test]
    fn a_pause_is_shared_and_never_shortened() {
        let mut t = Tally::new(1);
        assert_eq!(t.pause_left(1000.0), 0.0);
        t.pause_until(5000.0);
        t.pause_until(3000.0);
        assert_eq!(t.pause_left(1000.0), 4000.0);
        assert_eq!(t.pause_left(6000.0), 0.0);
    }
}
