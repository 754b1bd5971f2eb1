//! `waitForCompletion` as a state machine: given the time and what the last step brought, it says
//! what to do next. It knows nothing of HTTP or JS, so every path (long-poll, a server that does not
//! hold, the deadline) is tested here with a fake clock.
//!
//! The first look is a plain GET, so `onProgress` hears the current status at once; after that the
//! server holds each request (`?wait=true&timeout=N`) until the generation is final or the hold
//! passes. A server that answers held requests at once, or refuses the parameters, is polled plainly
//! with a growing interval. Nothing is ever scheduled past the deadline.

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

/// What the last step brought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer<'a> {
    /// Nothing yet: the wait starts without a generation in hand.
    Start,
    /// A generation with this status (from the last GET, or from `create`).
    Generation(&'a str),
    /// The server refused the long-poll parameters (400): poll plainly from now on.
    HoldRefused,
    /// The pause asked for is over.
    Slept,
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    /// `GET /v2/generate/{id}`, held by the server for `hold` seconds when given.
    Get {
        hold: Option<u32>,
    },
    /// Pause this long (already cut to the time left).
    Sleep(f64),
    Completed,
    Failed,
    TimedOut,
}

/// The state of one wait.
#[derive(Debug)]
pub struct Wait {
    deadline_ms: f64,
    interval_ms: f64,
    max_hold_seconds: u32,
    long_poll: bool,
    /// A status was seen (so the next look may be held).
    seen: bool,
    /// The hold of the GET in flight and when it was sent; `None` before the first GET.
    sent: Option<(Option<u32>, f64)>,
}

impl Wait {
    /// A wait that ends at `now + timeout_ms`; `max_hold_seconds` is the caller's longest hold (1–10).
    pub fn new(now: f64, timeout_ms: f64, poll_interval_ms: f64, max_hold_seconds: u32) -> Wait {
        Wait {
            deadline_ms: now + timeout_ms,
            interval_ms: poll_interval_ms,
            max_hold_seconds: max_hold_seconds.clamp(1, MAX_LONG_POLL_SECONDS),
            long_poll: true,
            seen: false,
            sent: None,
        }
    }

    /// When the wait ends, for the request layer (no attempt or backoff may outlast it).
    pub fn deadline_ms(&self) -> f64 {
        self.deadline_ms
    }

    pub fn next(&mut self, now: f64, answer: Answer<'_>) -> Step {
        let sent = self.sent.take();
        let mut pace = false;
        match answer {
            Answer::Generation(status) => {
                self.seen = true;
                match final_status(status) {
                    Some(Final::Completed) => return Step::Completed,
                    Some(Final::Failed) => return Step::Failed,
                    None => {}
                }
                pace = match sent {
                    // The server did not hold the request: it has no long-poll.
                    Some((Some(hold), sent_at)) if answered_at_once(now - sent_at, hold) => {
                        self.long_poll = false;
                        true
                    }
                    Some((Some(_), _)) => false,
                    // After a plain look, go straight to the long-poll if there is time for one.
                    Some((None, _)) => {
                        !self.long_poll || self.hold_for(self.deadline_ms - now).is_none()
                    }
                    // A generation from `create`: look again at once.
                    None => false,
                };
            }
            Answer::HoldRefused => self.long_poll = false,
            Answer::Start | Answer::Slept => {}
        }
        let remaining = self.deadline_ms - now;
        if remaining <= 0.0 {
            return Step::TimedOut;
        }
        if pace {
            let pause = self.interval_ms.min(remaining);
            self.interval_ms = (self.interval_ms * 1.5).min(MAX_POLL_INTERVAL_MS);
            return Step::Sleep(pause);
        }
        let hold = if self.long_poll && self.seen {
            self.hold_for(remaining)
        } else {
            None
        };
        self.sent = Some((hold, now));
        Step::Get { hold }
    }

    /// Seconds to ask the server to hold: the caller's maximum, but not past the deadline; `None`
    /// when less than the API's minimum of 1 s is left.
    fn hold_for(&self, remaining_ms: f64) -> Option<u32> {
        let seconds = (remaining_ms / 1000.0).floor();
        if seconds >= f64::from(self.max_hold_seconds) {
            Some(self.max_hold_seconds)
        } else if seconds >= 1.0 {
            Some(seconds as u32)
        } else {
            None
        }
    }
}

/// A held request answered in less than half its hold was not held (the server has no long-poll,
/// or ignores the parameters).
fn answered_at_once(elapsed_ms: f64, asked_seconds: u32) -> bool {
    elapsed_ms < f64::from(asked_seconds) * 1000.0 / 2.0
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
    fn first_a_plain_look_then_long_polls() {
        let mut w = Wait::new(0.0, 600_000.0, 1000.0, 10);
        assert_eq!(w.next(0.0, Answer::Start), Step::Get { hold: None });
        assert_eq!(
            w.next(50.0, Answer::Generation("PENDING")),
            Step::Get { hold: Some(10) }
        );
        // Held for the full 10 s: keep long-polling.
        assert_eq!(
            w.next(10_050.0, Answer::Generation("PROCESSING")),
            Step::Get { hold: Some(10) }
        );
        assert_eq!(
            w.next(12_000.0, Answer::Generation("COMPLETED")),
            Step::Completed
        );
    }

    #[test]
    fn a_generation_from_create_goes_straight_to_a_long_poll() {
        let mut w = Wait::new(0.0, 600_000.0, 1000.0, 3);
        assert_eq!(
            w.next(0.0, Answer::Generation("PENDING")),
            Step::Get { hold: Some(3) }
        );
        assert_eq!(w.next(10.0, Answer::Generation("FAILED")), Step::Failed);
    }

    #[test]
    fn a_server_that_does_not_hold_is_polled_with_a_growing_interval() {
        let mut w = Wait::new(0.0, 600_000.0, 1000.0, 10);
        w.next(0.0, Answer::Start);
        assert_eq!(
            w.next(10.0, Answer::Generation("PENDING")),
            Step::Get { hold: Some(10) }
        );
        // Answered after 40 ms of a 10 s hold: not held.
        assert_eq!(
            w.next(50.0, Answer::Generation("PENDING")),
            Step::Sleep(1000.0)
        );
        assert_eq!(w.next(1050.0, Answer::Slept), Step::Get { hold: None });
        assert_eq!(
            w.next(1100.0, Answer::Generation("PENDING")),
            Step::Sleep(1500.0)
        );
        assert_eq!(w.next(2600.0, Answer::Slept), Step::Get { hold: None });
        let mut pause = 0.0;
        for i in 0..20 {
            let now = 10_000.0 + f64::from(i) * 20_000.0;
            if let Step::Sleep(ms) = w.next(now, Answer::Generation("PENDING")) {
                pause = ms;
            }
            w.next(now + pause, Answer::Slept);
        }
        assert_eq!(pause, MAX_POLL_INTERVAL_MS, "the interval is capped");
    }

    #[test]
    fn refused_long_poll_parameters_switch_to_plain_polling() {
        let mut w = Wait::new(0.0, 600_000.0, 1000.0, 10);
        w.next(0.0, Answer::Start);
        assert_eq!(
            w.next(5.0, Answer::Generation("PENDING")),
            Step::Get { hold: Some(10) }
        );
        assert_eq!(w.next(10.0, Answer::HoldRefused), Step::Get { hold: None });
        assert_eq!(
            w.next(20.0, Answer::Generation("PENDING")),
            Step::Sleep(1000.0)
        );
    }

    #[test]
    fn nothing_is_scheduled_past_the_deadline() {
        let mut w = Wait::new(0.0, 4_900.0, 1000.0, 10);
        w.next(0.0, Answer::Start);
        // 4.85 s left: hold 4 s, not 10.
        assert_eq!(
            w.next(50.0, Answer::Generation("PENDING")),
            Step::Get { hold: Some(4) }
        );
        // Held 4 s; 0.85 s left: too little for a hold, so a plain look is paced, within the deadline.
        assert_eq!(
            w.next(4_050.0, Answer::Generation("PENDING")),
            Step::Get { hold: None }
        );
        assert_eq!(
            w.next(4_100.0, Answer::Generation("PENDING")),
            Step::Sleep(800.0)
        );
        assert_eq!(w.next(4_900.0, Answer::Slept), Step::TimedOut);
        assert_eq!(w.deadline_ms(), 4_900.0);
    }

    #[test]
    fn time_out_even_before_the_first_look_and_on_a_late_answer() {
        let mut w = Wait::new(100.0, 0.5, 1000.0, 10);
        assert_eq!(w.next(101.0, Answer::Start), Step::TimedOut);
        let mut w = Wait::new(0.0, 1_000.0, 1000.0, 10);
        w.next(0.0, Answer::Start);
        assert_eq!(
            w.next(1_000.0, Answer::Generation("PENDING")),
            Step::TimedOut
        );
        // A final status still counts when it arrives at the deadline.
        let mut w = Wait::new(0.0, 1_000.0, 1000.0, 10);
        w.next(0.0, Answer::Start);
        assert_eq!(
            w.next(5_000.0, Answer::Generation("COMPLETED")),
            Step::Completed
        );
    }

    #[test]
    fn the_hold_respects_the_callers_maximum() {
        for (max, expected) in [(0, 1), (2, 2), (99, 10)] {
            let mut w = Wait::new(0.0, 600_000.0, 1000.0, max);
            w.next(0.0, Answer::Start);
            assert_eq!(
                w.next(1.0, Answer::Generation("PENDING")),
                Step::Get {
                    hold: Some(expected)
                }
            );
        }
    }
}
