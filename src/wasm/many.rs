//! `generations.runMany`: many creates and waits within a concurrency limit. `core::many` decides
//! (the order, what a 429 means, backoff, the counts); this runs it: `concurrency` runners polled
//! together in one future, each taking the next request, creating it with its own idempotency key,
//! and waiting for it. Every request settles as a result object, built by `edge` (where a `Failure`
//! becomes a JS error); the call itself rejects only for invalid arguments.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use js_sys::{Array, Function, Object};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::args;
use super::edge;
use super::generation::normalize;
use super::generations;
use super::options::{self, WaitOptions};
use crate::core::config;
use crate::core::error::{header, Error, ErrorClass, What};
use crate::core::many::{self, AfterBusy, Busy, Tally};
use crate::core::retry;
use crate::core::text::{concat, u64_text};
use crate::core::url;
use crate::js::read::{self, Reader};
use crate::js::{self, Failure};
use crate::net::fetch;
use crate::net::request::{Call, Reply};
use crate::net::{CallOptions, Client};

const METHOD: &str = "generations.runMany";
const OPTIONS: Reader = Reader::options("runMany options");
/// Most runners one run may have; more than any plan's limit.
const MAX_CONCURRENCY: f64 = 100.0;
/// Most requests one call takes (a Proxy of an array can claim any length).
const MAX_REQUESTS: f64 = 10_000.0;
/// Longest wait for a slot before a runner looks again (its generation may have ended unseen).
const SLOT_RECHECK_MS: f64 = 10_000.0;

/// A run, read and checked before anything is sent.
pub(crate) struct Many {
    bodies: Vec<String>,
    concurrency: usize,
    prefix: String,
    /// Each generation's wait; its `call.signal` is the run's signal.
    wait: WaitOptions,
    on_settled: Option<Function>,
    on_progress: Option<Function>,
}

/// `(requests, options)`: every request checked as `create` checks its body, so a bad one refuses
/// the whole run before any generation is created (and billed).
pub(crate) fn read(requests: &JsValue, options: &JsValue) -> Result<Many, Failure> {
    let reader = Reader::arguments(METHOD);
    let items = items(requests, &reader)?;
    let mut bodies = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let place = concat(&["requests[", &u64_text(index as u64), "]"]);
        let body =
            args::create_body(&item, &concat(&[METHOD, "(", &place, ")"])).map_err(|mut f| {
                f.error.field = Some(match f.error.field.as_deref() {
                    None | Some("body") => place.clone(),
                    Some(field) => concat(&[&place, ".", field]),
                });
                f
            })?;
        bodies.push(body.text);
    }
    let mut wait = options::wait_read_by(options, OPTIONS)?;
    // `onProgress` here is the run's ({ queued, inFlight, completed, failed }), not a generation's.
    let on_progress = wait.on_progress.take();
    let configuration =
        |m: &str| Failure::from(Error::configuration(concat(&["runMany options: ", m])));
    let concurrency = match OPTIONS.number(options, "concurrency")? {
        None => 1,
        Some(n) if n.fract() == 0.0 && (1.0..=MAX_CONCURRENCY).contains(&n) => n as usize,
        Some(_) => {
            return Err(configuration(
                "concurrency must be a whole number from 1 to 100.",
            ))
        }
    };
    let prefix = match OPTIONS.string(options, "idempotencyKeyPrefix")? {
        Some(p) => {
            // The longest key is the prefix and a ten-digit index.
            if p.is_empty()
                || p.len() > 118
                || config::idempotency_key(&concat(&[&p, "0"])).is_err()
            {
                return Err(configuration(
                    "idempotencyKeyPrefix must be 1 to 118 letters, digits or -_.~ (each request's \
                     key is the prefix and its index).",
                ));
            }
            p
        }
        None => concat(&[
            "sync-wasm-run-",
            &config::uuid_v4(crate::net::random::bytes()),
            "-",
        ]),
    };
    Ok(Many {
        bodies,
        concurrency,
        prefix,
        wait,
        on_settled: OPTIONS.function(options, "onSettled")?,
        on_progress,
    })
}

/// The requests: an array read by index, as data (its iterator is not run), any other iterable
/// through `Array.from`.
fn items(requests: &JsValue, reader: &Reader) -> Result<Vec<JsValue>, Failure> {
    let threw = |thrown| reader.threw("requests", thrown);
    let length = if !requests.is_object() {
        // A string is iterable, but its characters are not create bodies.
        None
    } else if js::is_array(requests).map_err(threw)? {
        Some(reader.number(requests, "length")?.unwrap_or(0.0))
    } else {
        match js::iterable_from(requests).map_err(threw)? {
            Some(all) if f64::from(all.length()) <= MAX_REQUESTS => {
                return Ok(all.iter().collect())
            }
            Some(all) => Some(f64::from(all.length())),
            None => None,
        }
    };
    let Some(length) = length else {
        return Err(reader.refuse(
            "requests",
            &concat(&[
                "requests must be an array (or iterable) of create bodies, got ",
                read::type_name(requests),
                ".",
            ]),
        ));
    };
    if length > MAX_REQUESTS {
        return Err(reader.refuse(
            "requests",
            "runMany takes at most 10000 requests a call; split the list.",
        ));
    }
    (0..length as u32)
        .map(|i| {
            Ok(reader
                .get(requests, &u64_text(u64::from(i)))?
                .unwrap_or(JsValue::UNDEFINED))
        })
        .collect()
}

/// What the runners share. Borrows of `state` never cross an `.await`.
struct Run<'a> {
    client: &'a Client,
    many: &'a Many,
    /// The run's signal, or `undefined`.
    signal: JsValue,
    state: RefCell<State>,
    results: Array,
}

struct State {
    tally: Tally,
    /// Runners waiting for a slot: each one's `wake`.
    waiting: Vec<Function>,
}

pub(crate) async fn run(client: &Client, many: Many) -> Result<JsValue, Failure> {
    let total = many.bodies.len();
    let run = Run {
        client,
        many: &many,
        signal: many.wait.call.signal.clone().unwrap_or(JsValue::UNDEFINED),
        state: RefCell::new(State {
            tally: Tally::new(total),
            waiting: Vec::new(),
        }),
        results: Array::new_with_length(total as u32),
    };
    if total > 0 {
        run.report_progress();
    }
    let runners: Vec<_> = (0..many.concurrency.min(total))
        .map(|_| Box::pin(runner(&run)))
        .collect();
    JoinAll(runners).await;
    Ok(run.results.into())
}

/// Takes requests until none is left; every one it takes settles.
async fn runner(run: &Run<'_>) {
    loop {
        let Some(index) = run.state.borrow_mut().tally.take() else {
            return;
        };
        let result = run.one(index).await;
        run.settle(index, result);
    }
}

impl Run<'_> {
    fn signal(&self) -> &JsValue {
        &self.signal
    }

    fn aborted(&self, index: usize) -> Failure {
        Error::new(ErrorClass::Abort, What::RunAborted { index }).into()
    }

    /// Creates request `index` (waiting out 429s), then waits for it.
    async fn one(&self, index: usize) -> Result<JsValue, Failure> {
        let created = match self.create(index).await {
            Ok(reply) => reply,
            Err(f) => {
                self.state.borrow_mut().tally.refused();
                self.report_progress();
                return Err(f);
            }
        };
        self.state.borrow_mut().tally.created();
        self.report_progress();
        let outcome = match created
            .field("id")
            .and_then(|id| url::path_id(&id, "generation id").ok())
        {
            Some(id) => {
                normalize(&created.data);
                generations::wait_for(self.client, &id, &self.many.wait, Some(created)).await
            }
            None => Err(created.missing("an id")),
        };
        self.state.borrow_mut().tally.ended(outcome.is_ok());
        self.wake_all();
        self.report_progress();
        outcome.map(|reply| reply.data)
    }

    /// `POST /v2/generate` with the request's key until it is accepted or fails for another reason
    /// than being busy.
    async fn create(&self, index: usize) -> Result<Reply, Failure> {
        let signal = self.signal();
        let options = CallOptions {
            idempotency_key: Some(many::idempotency_key(&self.many.prefix, index)),
            leave_429_to_caller: true,
            // The wait's overall timeout is not a create's; each attempt gets the client's timeout.
            timeout_ms: None,
            deadline_ms: None,
            ..self.many.wait.call.clone()
        };
        let mut backoffs = 0;
        loop {
            if js::signal_aborted(signal) {
                return Err(self.aborted(index));
            }
            let pause = self.state.borrow().tally.pause_left(js_sys::Date::now());
            if pause > 0.0 {
                fetch::sleep(pause, Some(signal))
                    .await
                    .map_err(|_| self.aborted(index))?;
                continue;
            }
            let call = Call::post_json("/v2/generate", self.many.bodies[index].clone(), true);
            let failure = match generations::create(self.client, call, options.clone()).await {
                Ok(reply) => return Ok(reply),
                Err(f) => f,
            };
            let Some(kind) = many::busy(failure.error.status, failure.error.error_code.as_deref())
            else {
                return Err(failure);
            };
            let now = js_sys::Date::now();
            let header = |name: &str| {
                failure
                    .error
                    .headers
                    .as_deref()
                    .and_then(|h| header(h, name))
            };
            let server =
                retry::server_delay_ms(header("retry-after-ms"), header("retry-after"), now);
            let in_flight = self.state.borrow().tally.progress().in_flight;
            match many::after_busy(kind, in_flight, backoffs, server, js_sys::Math::random()) {
                AfterBusy::WaitForSlot => self.wait_for_slot().await,
                AfterBusy::Sleep(ms) => {
                    if kind == Busy::RateLimit {
                        self.state.borrow_mut().tally.pause_until(now + ms);
                    }
                    backoffs += 1;
                    fetch::sleep(ms, Some(signal))
                        .await
                        .map_err(|_| self.aborted(index))?;
                }
            }
        }
    }

    /// Until one of the run's generations ends, the signal fires, or `SLOT_RECHECK_MS` passes.
    async fn wait_for_slot(&self) {
        let waiter = js::wakeable(SLOT_RECHECK_MS, self.signal());
        self.state.borrow_mut().waiting.push(waiter.wake());
        let _ = JsFuture::from(waiter.promise()).await;
    }

    fn wake_all(&self) {
        let waiting = std::mem::take(&mut self.state.borrow_mut().waiting);
        for wake in waiting {
            let _ = wake.call0(&JsValue::UNDEFINED);
        }
    }

    /// The request's result into its place, and to `onSettled`.
    fn settle(&self, index: usize, result: Result<JsValue, Failure>) {
        let value = edge::settled(index, result, self.client.key.expose());
        self.results.set(index as u32, value.clone());
        // A callback that throws does not stop the run; the result is in the array either way.
        if let Some(callback) = &self.many.on_settled {
            let _ = js::apply(callback, &JsValue::UNDEFINED, &Array::of1(&value));
        }
    }

    fn report_progress(&self) {
        let Some(callback) = &self.many.on_progress else {
            return;
        };
        let p = self.state.borrow().tally.progress();
        let counts: JsValue = Object::new().into();
        for (name, n) in [
            ("queued", p.queued),
            ("inFlight", p.in_flight),
            ("completed", p.completed),
            ("failed", p.failed),
        ] {
            read::set(&counts, name, &JsValue::from(n as f64));
        }
        let _ = js::apply(callback, &JsValue::UNDEFINED, &Array::of1(&counts));
    }
}

/// Polls every runner on each wake until all are done. Runners are few (at most 100) and each poll
/// is cheap, so polling all of them is simpler than tracking which one woke.
struct JoinAll<F>(Vec<Pin<Box<F>>>);

impl<F: Future<Output = ()>> Future for JoinAll<F> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.0
            .retain_mut(|runner| runner.as_mut().poll(cx).is_pending());
        if self.0.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}
