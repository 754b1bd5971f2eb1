//! The JS↔wasm boundary under hostile-but-legal JS: throwing getters, arrays whose iterator throws,
//! revoked and all-traps-throw Proxies, detached ArrayBuffers and plain wrong types, given to every
//! public entry point; overlapping calls on a `listAll` iterator; `free`/`[Symbol.dispose]`; a
//! foreign `this`; and the wasm stack and memory after many refused calls.
//!
//! The contract: every refusal is a `SyncError` (validation for arguments, configuration for options
//! objects and for a foreign `this`), a promise-returning method rejects rather than throws, every
//! promise settles, nothing reaches the event loop (`uncaughtException`, `unhandledRejection`, or a
//! page's `error`/`unhandledrejection`), and nothing traps (`RuntimeError: unreachable`, `memory
//! access out of bounds`) or leaks wasm stack or memory.
//!
//! The calls are written as JS expressions, so each case reads as the user code it stands for. In
//! them `c` is a client for the mock, `S` its class (`c.constructor`), `P` is
//! `Object.getPrototypeOf`, and `h` the toolkit of hostile values built by `HARNESS_JS.toolkit`
//! below.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

/// How long a promise may stay pending before the test calls it stuck (the mock answers in
/// milliseconds, and refusals need no request at all).
const SETTLE_MS: f64 = 5_000.0;

/// JS helpers, compiled once: running a case expression, settling promises against a timer,
/// watching for exceptions that reach the event loop, and the hostile values.
const HARNESS_JS: &str = r#"
const P = Object.getPrototypeOf;
const text = (e) => {
  try {
    if (e instanceof Error) return `${e.name}: ${e.message}`;
    if (typeof e === "symbol") return e.toString();
    if (e === null || e === undefined) return String(e);
    if (typeof e === "string") return JSON.stringify(e);
    if (typeof e !== "object" && typeof e !== "function") return `${typeof e} ${String(e)}`;
    return `${typeof e === "object" ? "an object" : "a function"} (${Object.prototype.toString.call(e)})`;
  } catch {
    return "(a value that cannot be printed)";
  }
};
const isThenable = (v) => v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";
const settle = (p, ms) => new Promise((resolve) => {
  const timer = setTimeout(() => resolve({ state: "pending" }), ms);
  Promise.resolve(p).then(
    (value) => { clearTimeout(timer); resolve({ state: "fulfilled", value }); },
    (value) => { clearTimeout(timer); resolve({ state: "rejected", value }); },
  );
});
return {
  text,
  isThenable,
  // `{ threw, value }` of evaluating `expr`. A syntax error in the table is not caught.
  attempt(expr, c, h) {
    const f = new Function("c", "h", "S", "P", `"use strict"; return (${expr});`);
    try { return { threw: false, value: f(c, h, h && h.S, P) }; }
    catch (error) { return { threw: true, value: error }; }
  },
  settleAll: (list, ms) => Promise.all(Array.from(list, (p) => settle(p, ms))),
  // Handle a promise's rejection (so that dropping it reports nothing); other values are ignored.
  swallow(v) { if (isThenable(v)) v.then(undefined, () => {}); },
  // Record what reaches the event loop until `stop()`. Each time, `kick()` restarts the SDK's task
  // queue (an exception thrown out of a task leaves the queue's other tasks, this test's among
  // them, unscheduled), and in Node the exit code is set, so that a run which then stalls and
  // drains the event loop cannot end as a success.
  watch(kick) {
    const seen = [];
    const off = [];
    const note = (what) => {
      seen.push(what);
      if (typeof process === "object" && process !== null && process.stderr) {
        process.exitCode = 1;
        process.stderr.write(`tests/wasm/boundary.rs: reached the event loop: ${what}\n`);
      }
      try { kick(); } catch {}
    };
    if (typeof process === "object" && process !== null && typeof process.on === "function") {
      const onError = (e) => note(`uncaughtException: ${text(e)}`);
      const onRejection = (r) => note(`unhandledRejection: ${text(r)}`);
      process.on("uncaughtException", onError);
      process.on("unhandledRejection", onRejection);
      off.push(() => process.off("uncaughtException", onError), () => process.off("unhandledRejection", onRejection));
    } else {
      const onError = (ev) => { ev.preventDefault(); note(`error: ${text(ev.error ?? ev.message)}`); };
      const onRejection = (ev) => { ev.preventDefault(); note(`unhandledrejection: ${text(ev.reason)}`); };
      addEventListener("error", onError);
      addEventListener("unhandledrejection", onRejection);
      off.push(() => removeEventListener("error", onError), () => removeEventListener("unhandledrejection", onRejection));
    }
    return { stop() { off.forEach((f) => f()); return seen; } };
  },
  // The refused calls of the stack and memory test, through the JS glue as user code makes them.
  refusalCalls(c, h) {
    const S = c.constructor, webhooks = c.webhooks, revoked = h.revoked(), detached = h.detached();
    const options = { dangerouslyAllowBrowser: true, get baseUrl() { throw h.boom; } };
    const get = P(c.generations).get, foreign = {};
    return [
      () => new S(revoked),
      () => webhooks.verify(detached, "t=1,v1=00", "whsec_x"),
      () => S.fromEnv(h.env, options),
      () => get.call(foreign, "id"),
      () => c.generations.runMany([h.body, revoked], { concurrency: 2 }),
    ];
  },
  // Make `n` calls, taking turns over `calls`, from timer callbacks (so that, as in user code, no
  // wasm frame lies below them), and check each is refused with a SyncError (a promise is only
  // kept from reporting its rejection). `probe()` reads the wasm shadow stack pointer from the same
  // depth every 100 calls; the loop stops early when it has moved `stackLimit` bytes or a call
  // trapped, since the instance is then broken. console.error is counted, not printed, meanwhile
  // (wasm-bindgen's debug glue logs every exception that crosses a non-`catch` import).
  refuseMany(calls, n, isSyncError, probe, stackLimit) {
    const wrong = calls.map(() => 0), first = calls.map(() => null);
    const report = { wrong, first, trap: null, stackStop: null, consoleErrors: 0, made: 0 };
    const originalError = console.error;
    console.error = () => { report.consoleErrors++; };
    const base = probe();
    let i = 0;
    return new Promise((resolve) => {
      const finish = () => { console.error = originalError; report.made = i; resolve(report); };
      const step = () => {
        const end = Math.min(n, i + 500);
        for (; i < end; i++) {
          if (i % 100 === 0) {
            const moved = base - probe();
            if (Math.abs(moved) > stackLimit) { report.stackStop = [i, moved]; return finish(); }
          }
          const k = i % calls.length;
          let bad;
          try {
            const v = calls[k]();
            if (isThenable(v)) { v.then(undefined, () => {}); continue; }
            bad = `returned ${text(v)}`;
          } catch (e) {
            if (isSyncError(e)) continue;
            bad = text(e);
            if (e instanceof WebAssembly.RuntimeError) report.trap = [i, bad];
          }
          wrong[k]++;
          if (first[k] === null) first[k] = [i, bad];
          if (report.trap) { i++; return finish(); }
        }
        if (i < n) setTimeout(step, 0); else finish();
      };
      setTimeout(step, 0);
    });
  },
  // `probe()` called from a timer callback, where no wasm frame lies below it: the shadow stack
  // pointer as every call from user code finds it.
  probeFromTimer: (probe) => new Promise((resolve) => setTimeout(() => resolve(probe()), 0)),
  toolkit(c, key, mock) {
    const boom = new Error("boom");
    const h = {
      boom, key, mock,
      S: c.constructor,
      // Valid client options, to spread a hostile field over (valid in a page too).
      base: { dangerouslyAllowBrowser: true, apiKey: key, baseUrl: mock },
      env: { SYNC_API_KEY: key, SYNC_BASE_URL: mock },
      video: { type: "video", url: "https://example.com/v.mp4" },
      audio: { type: "audio", url: "https://example.com/a.wav" },
      revoked() { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; },
      // A Proxy whose handler throws on every trap lookup, so every operation on it throws.
      traps() { return new Proxy({}, new Proxy({}, { get() { throw boom; } })); },
      badIter(...items) { items[Symbol.iterator] = () => { throw new Error("it"); }; return items; },
      detached() {
        const b = new ArrayBuffer(8);
        if (typeof b.transfer === "function") b.transfer(); else structuredClone(b, { transfer: [b] });
        return b;
      },
      detachedView() { const u = new Uint8Array(8); structuredClone(u.buffer, { transfer: [u.buffer] }); return u; },
      blob(type = "video/mp4") { return new Blob(["bytes"], { type }); },
    };
    h.body = { model: "lipsync-2", input: [h.video, h.audio] };
    return h;
  },
};
"#;

thread_local! {
    static HARNESS: JsValue = Function::new_no_args(HARNESS_JS).call0(&JsValue::NULL).unwrap();
}

fn harness() -> JsValue {
    HARNESS.with(JsValue::clone)
}

/// Call `HARNESS[name](...args)`.
fn helper(name: &str, args: &[&JsValue]) -> JsValue {
    let harness = harness();
    let f: Function = get(&harness, name).unchecked_into();
    f.apply(&harness, &args.iter().copied().collect::<Array>())
        .unwrap()
}

/// `Name: message` of an error, or a short description of any other value; never throws.
fn describe(value: &JsValue) -> String {
    helper("text", &[value]).as_string().unwrap_or_default()
}

/// The toolkit of hostile values, `h` in the case expressions.
fn toolkit(client: &JsValue) -> JsValue {
    helper("toolkit", &[client, &s(KEY), &s(MOCK_URL)])
}

/// Evaluate a case expression: `Err(thrown)` or `Ok(value)`.
fn attempt(expr: &str, client: &JsValue, h: &JsValue) -> Result<JsValue, JsValue> {
    let outcome = helper("attempt", &[&s(expr), client, h]);
    let value = get(&outcome, "value");
    if get(&outcome, "threw").is_truthy() {
        Err(value)
    } else {
        Ok(value)
    }
}

fn is_thenable(value: &JsValue) -> bool {
    helper("isThenable", &[value]).is_truthy()
}

/// How a promise ended up.
enum Settled {
    Fulfilled(JsValue),
    Rejected(JsValue),
    /// Still pending after `SETTLE_MS`.
    Pending,
}

/// Settle every promise of `promises`, each raced against its own `SETTLE_MS` timer.
async fn settle_all(promises: &Array) -> Vec<Settled> {
    let settled = helper("settleAll", &[promises, &JsValue::from_f64(SETTLE_MS)]);
    let settled = JsFuture::from(settled.unchecked_into::<Promise>())
        .await
        .unwrap();
    Array::from(&settled)
        .iter()
        .map(|r| match get_str(&r, "state").as_deref() {
            Some("fulfilled") => Settled::Fulfilled(get(&r, "value")),
            Some("rejected") => Settled::Rejected(get(&r, "value")),
            _ => Settled::Pending,
        })
        .collect()
}

/// Records what reaches the event loop (uncaught exceptions, unhandled rejections) while it lives.
struct Escapes {
    handle: JsValue,
    /// Spawns an empty task, which schedules the task queue again.
    _kick: Closure<dyn FnMut()>,
}

impl Escapes {
    fn watch() -> Self {
        let kick = Closure::<dyn FnMut()>::new(|| wasm_bindgen_futures::spawn_local(async {}));
        Escapes {
            handle: helper("watch", &[kick.as_ref()]),
            _kick: kick,
        }
    }

    /// Give the event loop a few ticks, stop watching, and return what was seen, as problems.
    async fn finish(self) -> Vec<String> {
        sleep(50).await;
        let stop: Function = get(&self.handle, "stop").unchecked_into();
        Array::from(&stop.call0(&self.handle).unwrap())
            .iter()
            .filter_map(|v| v.as_string())
            .map(|e| format!("reached the event loop: {e}"))
            .collect()
    }
}

/// The error class a refusal must have (every one must also be a `SyncError`).
#[derive(Clone, Copy)]
enum Class {
    /// A bad method argument, body, query, id or file: `SyncValidationError`.
    Validation,
    /// A bad options object (client, request, wait) or a foreign `this`: `SyncConfigurationError`.
    Configuration,
    /// Only `SyncError` is asserted (the specific class is a judgement call).
    Any,
}

/// What is wrong with how a promise that must be refused with `class` settled.
fn rejection_problem(settled: Settled, class: Class, cause: Option<&JsValue>) -> Option<String> {
    match settled {
        Settled::Rejected(err) => refusal_problem(&err, class, cause),
        Settled::Fulfilled(value) => Some(format!(
            "resolved with {} instead of rejecting",
            describe(&value)
        )),
        Settled::Pending => Some(format!("still pending after {SETTLE_MS} ms")),
    }
}

/// What is wrong with `err` as a refusal of class `class`; `cause`: the value it must carry as
/// `err.cause`.
fn refusal_problem(err: &JsValue, class: Class, cause: Option<&JsValue>) -> Option<String> {
    if !err.is_instance_of::<SyncError>() {
        return Some(format!("refused with {} (not a SyncError)", describe(err)));
    }
    let (ok, wanted) = match class {
        Class::Validation => (
            err.is_instance_of::<SyncValidationError>(),
            "SyncValidationError",
        ),
        Class::Configuration => (
            err.is_instance_of::<SyncConfigurationError>(),
            "SyncConfigurationError",
        ),
        Class::Any => (true, ""),
    };
    if !ok {
        return Some(format!("expected {wanted}, got {}", describe(err)));
    }
    if let Some(cause) = cause {
        let got = Reflect::get(err, &s("cause")).unwrap_or(JsValue::UNDEFINED);
        if !Object::is(&got, cause) {
            return Some(format!(
                "{}: err.cause should be the value the caller threw, got {}",
                describe(err),
                describe(&got)
            ));
        }
    }
    None
}

/// Lines for an assertion message.
fn listing(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("\n  - {l}"))
        .collect::<String>()
}

/// `#[inline(never)]` so that the local lives in this function's own frame on the wasm shadow stack:
/// its address is the shadow stack pointer, give or take a constant.
#[inline(never)]
fn stack_probe() -> usize {
    let probe = 0u8;
    std::hint::black_box(&probe) as *const u8 as usize
}

// ------------------------------------------------------------------------------------------------
// 1 and 2: hostile values at every entry point
// ------------------------------------------------------------------------------------------------

/// One call with one hostile value in it.
struct Case {
    /// A sync entry point (must throw) rather than a promise-returning method (must reject).
    sync: bool,
    class: Class,
    /// The refusal must carry `h.boom` (what the getter threw) as `err.cause`.
    cause: bool,
    expr: &'static str,
}

const fn sync(class: Class, expr: &'static str) -> Case {
    Case {
        sync: true,
        class,
        cause: false,
        expr,
    }
}

const fn rejects(class: Class, expr: &'static str) -> Case {
    Case {
        sync: false,
        class,
        cause: false,
        expr,
    }
}

impl Case {
    const fn with_cause(self) -> Case {
        Case {
            cause: true,
            ..self
        }
    }
}

use Class::{Any, Configuration as Config, Validation as Valid};

#[rustfmt::skip]
const CASES: &[Case] = &[
    // new SyncClient(options)
    sync(Config, "new S(h.revoked())"),
    sync(Config, "new S(h.traps())"),
    sync(Config, "new S({ ...h.base, get baseUrl() { throw h.boom; } })").with_cause(),
    sync(Config, "new S({ dangerouslyAllowBrowser: true, get apiKey() { throw h.boom; } })"),
    sync(Config, "new S({ ...h.base, dangerouslyAllowBrowser: h.revoked() })"),
    sync(Config, "new S({ ...h.base, fetch: h.revoked() })"),
    sync(Config, "new S({ ...h.base, headers: h.revoked() })"),
    sync(Config, "new S(42)"),
    sync(Config, "new S('sync-test-key')"),
    sync(Config, "new S(Symbol('options'))"),
    sync(Config, "new S(10n)"),
    sync(Config, "new S(() => h.base)"),
    // SyncClient.fromEnv(env, options)
    sync(Config, "S.fromEnv(h.env, { dangerouslyAllowBrowser: true, get baseUrl() { throw h.boom; } })").with_cause(),
    sync(Config, "S.fromEnv(h.env, h.revoked())"),
    sync(Config, "S.fromEnv(h.env, h.traps())"),
    sync(Config, "S.fromEnv(h.revoked())"),
    sync(Config, "S.fromEnv(h.traps())"),
    sync(Config, "S.fromEnv({ get SYNC_API_KEY() { throw h.boom; } })"),
    sync(Config, "S.fromEnv(Symbol('env'))"),
    sync(Config, "S.fromEnv(h.env, 7n)"),
    // generations.create(body, options)
    rejects(Valid, "c.generations.create(h.revoked())"),
    rejects(Valid, "c.generations.create(h.traps())"),
    rejects(Valid, "c.generations.create({ model: 'lipsync-2', get input() { throw h.boom; } })").with_cause(),
    rejects(Valid, "c.generations.create({ model: 'lipsync-2', input: [h.video, h.revoked()] })"),
    rejects(Valid, "c.generations.create({ ...h.body, segments: [h.revoked()] })"),
    rejects(Valid, "c.generations.create({ ...h.body, options: h.traps() })"),
    rejects(Valid, "c.generations.create(Symbol('body'))"),
    rejects(Valid, "c.generations.create(1n)"),
    rejects(Valid, "c.generations.create(() => h.body)"),
    rejects(Config, "c.generations.create(h.body, { get signal() { throw h.boom; } })").with_cause(),
    rejects(Config, "c.generations.create(h.body, h.revoked())"),
    rejects(Config, "c.generations.create(h.body, { idempotencyKey: h.revoked() })"),
    rejects(Config, "c.generations.create(h.body, 5)"),
    // generations.createWithFiles({ video, audio, ...fields }, options)
    rejects(Valid, "c.generations.createWithFiles(h.revoked())"),
    rejects(Valid, "c.generations.createWithFiles(h.traps())"),
    rejects(Valid, "c.generations.createWithFiles({ get video() { throw h.boom; }, audio: h.blob(), model: 'lipsync-2' })"),
    rejects(Valid, "c.generations.createWithFiles({ video: h.detached(), audio: h.blob(), model: 'lipsync-2' })"),
    rejects(Valid, "c.generations.createWithFiles({ video: h.revoked(), audio: h.blob(), model: 'lipsync-2' })"),
    rejects(Valid, "c.generations.createWithFiles({ video: h.blob(), audio: h.blob(), model: 'lipsync-2', segments: h.badIter({}) })"),
    rejects(Config, "c.generations.createWithFiles({ video: h.blob(), audio: h.blob(), model: 'lipsync-2' }, { get signal() { throw h.boom; } })"),
    // generations.createWithFiles(video, audio, fields, options)
    rejects(Valid, "c.generations.createWithFiles(h.detached(), h.blob('audio/wav'), { model: 'lipsync-2' })"),
    rejects(Valid, "c.generations.createWithFiles(h.blob(), h.revoked(), { model: 'lipsync-2' })"),
    rejects(Valid, "c.generations.createWithFiles(h.blob(), h.blob('audio/wav'), { model: 'lipsync-2', get options() { throw h.boom; } })"),
    rejects(Valid, "c.generations.createWithFiles(h.blob(), h.blob('audio/wav'), h.revoked())"),
    rejects(Valid, "c.generations.createWithFiles(h.blob(), h.blob('audio/wav'), 3n)"),
    rejects(Config, "c.generations.createWithFiles(h.blob(), h.blob('audio/wav'), { model: 'lipsync-2' }, h.revoked())"),
    rejects(Config, "c.generations.createWithFiles(h.blob(), h.blob('audio/wav'), { model: 'lipsync-2' }, { get timeoutMs() { throw h.boom; } })"),
    // generations.get(id, options)
    rejects(Valid, "c.generations.get(h.revoked())"),
    rejects(Valid, "c.generations.get(h.traps())"),
    rejects(Valid, "c.generations.get(Symbol('id'))"),
    rejects(Valid, "c.generations.get(12n)"),
    rejects(Valid, "c.generations.get(() => 'id')"),
    rejects(Valid, "c.generations.get(42)"),
    rejects(Config, "c.generations.get('id', h.revoked())"),
    rejects(Config, "c.generations.get('id', { get timeoutMs() { throw h.boom; } })"),
    // generations.list(query, options)
    rejects(Valid, "c.generations.list({ get status() { throw h.boom; } })").with_cause(),
    rejects(Valid, "c.generations.list({ ids: [h.revoked()] })"),
    rejects(Valid, "c.generations.list(h.revoked())"),
    rejects(Valid, "c.generations.list(h.traps())"),
    rejects(Valid, "c.generations.list(1n)"),
    rejects(Config, "c.generations.list({}, h.traps())"),
    rejects(Config, "c.generations.list({}, h.revoked())"),
    // generations.listAll(query, options): refused when called
    sync(Valid, "c.generations.listAll({ get status() { throw h.boom; } })"),
    sync(Valid, "c.generations.listAll(h.revoked())"),
    sync(Valid, "c.generations.listAll(Symbol('query'))"),
    sync(Config, "c.generations.listAll({}, h.revoked())"),
    sync(Config, "c.generations.listAll({}, { get signal() { throw h.boom; } })"),
    // generations.estimateCost(body, options)
    rejects(Valid, "c.generations.estimateCost(h.revoked())"),
    rejects(Valid, "c.generations.estimateCost({ model: 'lipsync-2', get input() { throw h.boom; } })"),
    rejects(Valid, "c.generations.estimateCost(2n)"),
    rejects(Config, "c.generations.estimateCost(h.body, h.revoked())"),
    // generations.waitForCompletion(id, waitOptions)
    rejects(Valid, "c.generations.waitForCompletion(h.revoked())"),
    rejects(Valid, "c.generations.waitForCompletion(Symbol('id'))"),
    rejects(Config, "c.generations.waitForCompletion('id', h.revoked())"),
    rejects(Config, "c.generations.waitForCompletion('id', h.traps())"),
    rejects(Config, "c.generations.waitForCompletion('id', { get onProgress() { throw h.boom; } })"),
    rejects(Config, "c.generations.waitForCompletion('id', { onProgress: h.revoked() })"),
    rejects(Config, "c.generations.waitForCompletion('id', { signal: h.revoked() })"),
    // generations.createAndWait(body, options)
    rejects(Valid, "c.generations.createAndWait(h.revoked())"),
    rejects(Valid, "c.generations.createAndWait({ model: 'lipsync-2', get input() { throw h.boom; } })"),
    rejects(Config, "c.generations.createAndWait(h.body, h.revoked())"),
    rejects(Config, "c.generations.createAndWait(h.body, { get idempotencyKey() { throw h.boom; } })"),
    // generations.runMany(requests, options)
    rejects(Valid, "c.generations.runMany(h.revoked())"),
    rejects(Valid, "c.generations.runMany(h.traps())"),
    rejects(Valid, "c.generations.runMany(2n)"),
    rejects(Valid, "c.generations.runMany({ [Symbol.iterator]() { throw h.boom; } })"),
    rejects(Valid, "c.generations.runMany([h.body, h.revoked()])"),
    rejects(Valid, "c.generations.runMany([{ model: 'lipsync-2', get input() { throw h.boom; } }])"),
    rejects(Valid, "c.generations.runMany(new Proxy([], { get(t, k) { if (k === 'length') throw h.boom; return t[k]; } }))"),
    rejects(Valid, "c.generations.runMany(new Proxy([], { get(t, k) { return k === 'length' ? 1e9 : t[k]; } }))"),
    rejects(Config, "c.generations.runMany([h.body], h.revoked())"),
    rejects(Config, "c.generations.runMany([h.body], { get concurrency() { throw h.boom; } })"),
    rejects(Config, "c.generations.runMany([h.body], { onSettled: h.revoked() })"),
    rejects(Config, "c.generations.runMany([h.body], { get onProgress() { throw h.boom; } })"),
    rejects(Config, "c.generations.runMany([h.body], { signal: h.revoked() })"),
    rejects(Config, "c.generations.runMany([h.body], { concurrency: NaN })"),
    // assets.list(query, options)
    rejects(Valid, "c.assets.list({ get limit() { throw h.boom; } })"),
    rejects(Valid, "c.assets.list({ types: [h.revoked()] })"),
    rejects(Valid, "c.assets.list(h.revoked())"),
    rejects(Valid, "c.assets.list(Symbol('query'))"),
    rejects(Config, "c.assets.list({}, h.revoked())"),
    // assets.listAll(query, options): refused when called
    sync(Valid, "c.assets.listAll(h.revoked())"),
    sync(Config, "c.assets.listAll({}, { get signal() { throw h.boom; } })"),
    // assets.get(id, options)
    rejects(Valid, "c.assets.get(h.revoked())"),
    rejects(Valid, "c.assets.get(1n)"),
    rejects(Valid, "c.assets.get(42)"),
    rejects(Config, "c.assets.get('id', h.traps())"),
    // assets.upload(file, { fileName, contentType })
    rejects(Valid, "c.assets.upload(h.detached())"),
    rejects(Valid, "c.assets.upload(h.detachedView())"),
    rejects(Valid, "c.assets.upload(h.revoked())"),
    rejects(Valid, "c.assets.upload(h.traps())"),
    rejects(Valid, "c.assets.upload(Symbol('file'))"),
    rejects(Valid, "c.assets.upload(h.blob(), { get fileName() { throw h.boom; } })"),
    rejects(Any, "c.assets.upload(h.blob(), h.revoked())"),
    // batch.create(input, request, options)
    rejects(Valid, "c.batch.create(h.revoked())"),
    rejects(Valid, "c.batch.create(h.traps())"),
    rejects(Valid, "c.batch.create(h.detached())"),
    rejects(Valid, "c.batch.create(42)"),
    rejects(Valid, "c.batch.create('{}', h.revoked())"),
    rejects(Valid, "c.batch.create('{}', { get webhookUrl() { throw h.boom; } })"),
    rejects(Valid, "c.batch.create('{}', { dryRun: h.revoked() })"),
    rejects(Config, "c.batch.create('{}', {}, h.revoked())"),
    // batch.get(id, options)
    rejects(Valid, "c.batch.get(h.revoked())"),
    rejects(Valid, "c.batch.get(4n)"),
    rejects(Config, "c.batch.get('id', { get signal() { throw h.boom; } })"),
    // batch.list(query, options)
    rejects(Valid, "c.batch.list({ get createdAfter() { throw h.boom; } })"),
    rejects(Valid, "c.batch.list({ createdAfter: h.traps() })"),
    rejects(Valid, "c.batch.list(h.revoked())"),
    rejects(Config, "c.batch.list({}, h.revoked())"),
    // models.list(options)
    rejects(Config, "c.models.list(h.revoked())"),
    rejects(Config, "c.models.list(h.traps())"),
    rejects(Config, "c.models.list({ get signal() { throw h.boom; } })"),
    rejects(Config, "c.models.list(Symbol('options'))"),
    rejects(Config, "c.models.list(5)"),
    rejects(Config, "c.models.list(() => ({}))"),
    // webhooks.verify(rawBody, signatureHeader, secret, options)
    sync(Any, "c.webhooks.verify(h.detached(), 't=1,v1=00', 'whsec_x')"),
    sync(Any, "c.webhooks.verify(h.detachedView(), 't=1,v1=00', 'whsec_x')"),
    sync(Valid, "c.webhooks.verify(h.revoked(), 't=1,v1=00', 'whsec_x')"),
    sync(Valid, "c.webhooks.verify(h.traps(), 't=1,v1=00', 'whsec_x')"),
    sync(Valid, "c.webhooks.verify(Symbol('body'), 't=1,v1=00', 'whsec_x')"),
    sync(Valid, "c.webhooks.verify(9n, 't=1,v1=00', 'whsec_x')"),
    sync(Valid, "c.webhooks.verify(42, 't=1,v1=00', 'whsec_x')"),
    sync(Any, "c.webhooks.verify('{}', h.revoked(), 'whsec_x')"),
    sync(Any, "c.webhooks.verify('{}', { get get() { throw h.boom; } }, 'whsec_x')"),
    sync(Any, "c.webhooks.verify('{}', 't=1,v1=00', h.revoked())"),
    sync(Config, "c.webhooks.verify('{}', 't=1,v1=00', 'whsec_x', h.revoked())"),
    sync(Config, "c.webhooks.verify('{}', 't=1,v1=00', 'whsec_x', { get now() { throw h.boom; } })"),
    sync(Config, "c.webhooks.verify('{}', 't=1,v1=00', 'whsec_x', { now: h.revoked() })"),
];

/// What running `CASES` found.
#[derive(Default)]
struct TableReport {
    /// Cases not refused with the right `SyncError` (including the ones that never settled).
    wrong: Vec<String>,
    /// Cases whose promise was still pending after `SETTLE_MS`.
    unsettled: Vec<String>,
    /// What reached the event loop while the cases ran.
    escaped: Vec<String>,
}

/// Run every case: sync ones must throw; the others must return a promise, and all of those are
/// then settled together.
async fn run_cases() -> TableReport {
    let client = mock_client(&[]);
    let h = toolkit(&client);
    let boom = get(&h, "boom");
    let watch = Escapes::watch();
    let mut report = TableReport::default();
    let promises = Array::new();
    let mut awaited: Vec<&Case> = Vec::new();
    for case in CASES {
        let cause = case.cause.then_some(&boom);
        match (case.sync, attempt(case.expr, &client, &h)) {
            (true, Err(err)) => {
                if let Some(problem) = refusal_problem(&err, case.class, cause) {
                    report.wrong.push(format!("{}: {problem}", case.expr));
                }
            }
            (true, Ok(value)) => report.wrong.push(format!(
                "{}: returned {} instead of throwing",
                case.expr,
                describe(&value)
            )),
            (false, Err(err)) => report.wrong.push(format!(
                "{}: threw {} synchronously instead of returning a rejected promise",
                case.expr,
                describe(&err)
            )),
            (false, Ok(value)) if is_thenable(&value) => {
                promises.push(&value);
                awaited.push(case);
            }
            (false, Ok(value)) => report.wrong.push(format!(
                "{}: returned {}, not a promise",
                case.expr,
                describe(&value)
            )),
        }
    }
    for (case, settled) in awaited.into_iter().zip(settle_all(&promises).await) {
        let pending = matches!(settled, Settled::Pending);
        if let Some(problem) = rejection_problem(settled, case.class, case.cause.then_some(&boom)) {
            let line = format!("{}: {problem}", case.expr);
            if pending {
                report.unsettled.push(line.clone());
            }
            report.wrong.push(line);
        }
    }
    report.escaped = watch.finish().await;
    report
}

/// Guards contract 1: every public entry point refuses every hostile value with a `SyncError`
/// (`SyncValidationError` for arguments, `SyncConfigurationError` for options objects), thrown by
/// sync entry points (constructor, `fromEnv`, `listAll`, `webhooks.verify`) and as a rejection by
/// the promise-returning methods; a throwing getter's value is kept as `err.cause`.
#[wasm_bindgen_test]
async fn hostile_values_are_refused_with_a_sync_error() {
    let report = run_cases().await;
    assert!(
        report.wrong.is_empty(),
        "{} of {} hostile calls were not refused with the right SyncError:{}",
        report.wrong.len(),
        CASES.len(),
        listing(&report.wrong)
    );
}

/// Arrays of data whose `Symbol.iterator` throws are still arrays of data: the SDK reads bodies and
/// queries as JSON (`JSON.stringify` reads arrays by index), never through their iterators, so these
/// calls must work, and the iterator must not run.
const ITERATOR_CASES: &[&str] = &[
    "c.generations.create({ model: 'lipsync-2', input: h.badIter(h.video, h.audio) })",
    "c.generations.list({ status: h.badIter('COMPLETED') })",
    "c.generations.list({ ids: h.badIter('a') })",
    "c.generations.listAll({ status: h.badIter('COMPLETED') }).next()",
    "c.generations.estimateCost({ model: 'lipsync-2', input: h.badIter(h.video, h.audio) })",
    "c.generations.createAndWait({ model: 'lipsync-2', input: h.badIter(h.video, h.audio) })",
    "c.assets.list({ types: h.badIter('VIDEO') })",
    "c.assets.listAll({ types: h.badIter('VIDEO') }).next()",
    "c.batch.list({ status: h.badIter('PENDING') })",
];

#[wasm_bindgen_test]
async fn arrays_whose_iterator_throws_are_read_as_data() {
    let client = mock_client(&[]);
    let h = toolkit(&client);
    let watch = Escapes::watch();
    let promises = Array::new();
    let mut problems = Vec::new();
    for expr in ITERATOR_CASES {
        match attempt(expr, &client, &h) {
            Ok(value) if is_thenable(&value) => {
                promises.push(&value);
            }
            Ok(value) => problems.push(format!("{expr}: returned {}", describe(&value))),
            Err(err) => problems.push(format!("{expr}: threw {}", describe(&err))),
        }
    }
    for (expr, settled) in ITERATOR_CASES.iter().zip(settle_all(&promises).await) {
        match settled {
            Settled::Fulfilled(_) => {}
            Settled::Rejected(err) => {
                problems.push(format!("{expr}: rejected with {}", describe(&err)))
            }
            Settled::Pending => {
                problems.push(format!("{expr}: still pending after {SETTLE_MS} ms"))
            }
        }
    }
    problems.extend(watch.finish().await);
    assert!(problems.is_empty(), "{}", listing(&problems));
}

/// A `headers` option whose iterator throws goes to `new Headers(...)`, which engines read differently:
/// Node and Firefox run the iterator (so the SDK refuses the option), Chromium reads a real array by
/// index (so the header is sent). Either is fine; anything but a `SyncConfigurationError` or a
/// working client is not.
#[wasm_bindgen_test]
async fn headers_whose_iterator_throws_are_refused_or_read() {
    let client = mock_client(&[]);
    let h = toolkit(&client);
    let watch = Escapes::watch();
    let mut problems = Vec::new();
    let expr = "new S({ ...h.base, headers: h.badIter(['x-sync-test', '1']) })";
    match attempt(expr, &client, &h) {
        Ok(made) if made.is_object() => {}
        Ok(other) => problems.push(format!("{expr}: returned {}", describe(&other))),
        Err(err) => problems.extend(refusal_problem(&err, Class::Configuration, None)),
    }
    let expr = "c.models.list({ headers: h.badIter(['x-sync-test', '1']) })";
    match attempt(expr, &client, &h) {
        Ok(promise) if is_thenable(&promise) => {
            match settle_all(&Array::of1(&promise)).await.pop() {
                Some(Settled::Fulfilled(_)) => {}
                Some(Settled::Rejected(err)) => {
                    // In a page, a header the mock's CORS policy does not allow fails the preflight.
                    if !err.is_instance_of::<SyncConnectionError>() {
                        problems.extend(refusal_problem(&err, Class::Configuration, None));
                    }
                }
                _ => problems.push(format!("{expr}: still pending after {SETTLE_MS} ms")),
            }
        }
        Ok(other) => problems.push(format!("{expr}: returned {}", describe(&other))),
        Err(err) => problems.push(format!("{expr}: threw {}", describe(&err))),
    }
    problems.extend(watch.finish().await);
    assert!(problems.is_empty(), "{}", listing(&problems));
}

/// Guards contract 2: the same hostile calls leave nothing behind: every returned promise settles,
/// and no exception reaches the event loop (an exception thrown inside a spawned future used to
/// escape from the microtask, leaving its promise pending forever).
#[wasm_bindgen_test]
async fn hostile_values_leave_no_pending_promise_or_uncaught_exception() {
    let report = run_cases().await;
    let mut problems = report.unsettled;
    problems.extend(report.escaped);
    assert!(
        problems.is_empty(),
        "{} problems after {} hostile calls:{}",
        problems.len(),
        CASES.len(),
        listing(&problems)
    );
}

/// Guards contract 1 for the standalone `verifyWebhook` (the same Rust function the package exports
/// under that name; the test crate cannot reach its JS wrapper, so it is called as `webhooks.rs`
/// calls it): hostile bodies and options are refused with a `SyncError`. An exception that escapes
/// instead ends this test with that exception.
#[wasm_bindgen_test]
fn verify_webhook_refuses_hostile_values() {
    let client = mock_client(&[]);
    let h = toolkit(&client);
    let value = |expr: &str| attempt(expr, &client, &h).unwrap();
    #[rustfmt::skip]
    let cases: &[(&str, &str, Class)] = &[
        ("h.detached()", "undefined", Any),
        ("h.detachedView()", "undefined", Any),
        ("h.revoked()", "undefined", Valid),
        ("h.traps()", "undefined", Valid),
        ("'{}'", "h.revoked()", Config),
        ("'{}'", "({ now: h.revoked() })", Config),
        ("'{}'", "({ get toleranceSeconds() { throw h.boom; } })", Config),
    ];
    let mut problems = Vec::new();
    for &(body, options, class) in cases {
        let options = value(options);
        let label = format!("verifyWebhook({body}, 't=1,v1=00', 'whsec_x', options)");
        match sync_wasm::verify_webhook(value(body), s("t=1,v1=00"), s("whsec_x"), options) {
            Ok(v) => problems.push(format!("{label}: returned {}", describe(&v))),
            Err(err) => {
                if let Some(problem) = refusal_problem(&err, class, None) {
                    problems.push(format!("{label}: {problem}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "verifyWebhook:{}", listing(&problems));
}

// ------------------------------------------------------------------------------------------------
// 3: overlapping calls on a listAll iterator
// ------------------------------------------------------------------------------------------------

/// Calls on one fresh iterator, none awaited: `tick` lets the microtasks run (a few promise
/// jobs: enough for the previous call to start its page fetch, far too little for the fetch to
/// finish), so `next tick return` is a `return()` while a `next()` is waiting for its page, and
/// `next return` is one before the `next()` has even started. After all have settled, one more
/// `next()`.
const INTERLEAVINGS: &[&str] = &[
    "next next",
    "next tick next",
    "next tick return",
    "next tick return next",
    "next tick next tick return",
    "next return next",
    "return next",
];

/// Let a few rounds of promise jobs run.
async fn tick() {
    for _ in 0..3 {
        JsFuture::from(Promise::resolve(&JsValue::UNDEFINED))
            .await
            .unwrap();
    }
}

/// Run `INTERLEAVINGS` on iterators from `client.<resource>.listAll({ limit: 1 })` (pages of one,
/// so every `next()` after a page's item fetches a page). Returns the problems found.
async fn check_interleavings(client: &JsValue, resource: &str) -> Vec<String> {
    let watch = Escapes::watch();
    let mut problems = Vec::new();
    let target = get(client, resource);
    let list_all: Function = get(&target, "listAll").unchecked_into();
    let call = |iterator: &JsValue, op: &str| -> Result<JsValue, JsValue> {
        let f: Function = get(iterator, op).unchecked_into();
        f.call0(iterator)
    };

    // Every interleaving, one after the other; the promises are settled together afterwards.
    let promises = Array::new();
    // (interleaving, operation, a return() came before it) for each promise.
    let mut steps: Vec<(usize, &str, bool)> = Vec::new();
    let mut iterators = Vec::new();
    for (i, plan) in INTERLEAVINGS.iter().enumerate() {
        let iterator = list_all
            .call1(&target, &obj(&[("limit", n(1.0))]))
            .expect("listAll({ limit: 1 })");
        let mut returned = false;
        for op in plan.split(' ') {
            if op == "tick" {
                tick().await;
                continue;
            }
            match call(&iterator, op) {
                Ok(p) if is_thenable(&p) => {
                    promises.push(&p);
                    steps.push((i, op, returned));
                }
                Ok(v) => problems.push(format!(
                    "{plan}: {op}() returned {}, not a promise",
                    describe(&v)
                )),
                Err(e) => problems.push(format!("{plan}: {op}() threw {}", describe(&e))),
            }
            returned |= op == "return";
        }
        iterators.push(iterator);
    }
    let mut items: Vec<Vec<Option<String>>> = vec![Vec::new(); INTERLEAVINGS.len()];
    let mut refusals = vec![0usize; INTERLEAVINGS.len()];
    for ((i, op, after_return), result) in steps.into_iter().zip(settle_all(&promises).await) {
        let label = format!("{}: {op}()", INTERLEAVINGS[i]);
        let label = if after_return {
            format!("{label} after return()")
        } else {
            label
        };
        let must_be_done = op == "return" || after_return;
        match result {
            Settled::Pending => {
                problems.push(format!("{label}: still pending after {SETTLE_MS} ms"))
            }
            Settled::Rejected(err) if must_be_done => problems.push(format!(
                "{label}: rejected with {}; it must resolve {{ done: true }}",
                describe(&err)
            )),
            Settled::Rejected(err) => {
                refusals[i] += 1;
                if let Some(problem) = refusal_problem(&err, Class::Any, None) {
                    problems.push(format!("{label}: {problem}"));
                }
            }
            Settled::Fulfilled(step) => {
                let done = get(&step, "done").as_bool() == Some(true);
                if must_be_done && !done {
                    problems.push(format!(
                        "{label}: resolved an item instead of {{ done: true }}"
                    ));
                }
                if op == "next" && !done {
                    items[i].push(get_str(&get(&step, "value"), "id"));
                }
            }
        }
    }
    // Two overlapping next()s: the first item, then the second or a SyncError; never two refusals,
    // the end of the list, or the same item twice.
    for (i, plan) in INTERLEAVINGS.iter().enumerate() {
        if plan.replace(" tick", "") != "next next" {
            continue;
        }
        match items[i].as_slice() {
            [Some(_)] if refusals[i] == 1 => {}
            [Some(a), Some(b)] if a != b => {}
            got => problems.push(format!(
                "{plan}: wanted one item and one SyncError, or two different items; got items \
                 {got:?} and {} refusals",
                refusals[i]
            )),
        }
    }

    // Then: done once returned, else still usable.
    let promises = Array::new();
    for iterator in &iterators {
        match call(iterator, "next") {
            Ok(p) => promises.push(&p),
            Err(e) => promises.push(&Promise::reject(&e)),
        };
    }
    for ((plan, result), iterator) in INTERLEAVINGS
        .iter()
        .zip(settle_all(&promises).await)
        .zip(&iterators)
    {
        let label = format!("{plan}, then next()");
        let returned = plan.contains("return");
        match result {
            Settled::Pending => {
                problems.push(format!("{label}: still pending after {SETTLE_MS} ms"))
            }
            Settled::Fulfilled(step) if returned && get(&step, "done").as_bool() != Some(true) => {
                problems.push(format!(
                    "{label}: the iterator was returned but gave another item"
                ))
            }
            Settled::Fulfilled(_) => {}
            Settled::Rejected(err) if returned => problems.push(format!(
                "{label}: rejected with {}; a returned iterator answers {{ done: true }}",
                describe(&err)
            )),
            Settled::Rejected(err) => {
                if let Some(problem) = refusal_problem(&err, Class::Any, None) {
                    problems.push(format!("{label}: {problem}"));
                }
            }
        }
        // Let the iterator go, as `break` in `for await` does.
        if let Ok(p) = call(iterator, "return") {
            helper("swallow", &[&p]);
        }
    }
    problems.extend(watch.finish().await);
    problems
}

/// Guards contract 3 for `generations.listAll`: overlapping `next()`s, and `return()` while a
/// `next()` is pending, never trap (a `RefCell` borrow held across the page fetch made the second
/// call panic); every call settles, `return()` resolves `{ done: true }`, and after it the iterator
/// is done.
#[wasm_bindgen_test]
async fn generations_list_all_survives_overlapping_calls() {
    let client = mock_client(&[]);
    for i in 0..2 {
        call(
            &client,
            "generations",
            "create",
            &[create_body(&format!("https://example.com/overlap-{i}.mp4"))],
        )
        .await
        .unwrap();
    }
    let problems = check_interleavings(&client, "generations").await;
    assert!(
        problems.is_empty(),
        "generations.listAll:{}",
        listing(&problems)
    );
}

/// Guards contract 3 for `assets.listAll` (the mock's seeded library), as above.
#[wasm_bindgen_test]
async fn assets_list_all_survives_overlapping_calls() {
    let client = mock_client(&[]);
    let problems = check_interleavings(&client, "assets").await;
    assert!(problems.is_empty(), "assets.listAll:{}", listing(&problems));
}

// ------------------------------------------------------------------------------------------------
// 4: free, [Symbol.dispose] and a foreign `this`
// ------------------------------------------------------------------------------------------------

/// Guards contract 4: the objects are reclaimed by the GC, so no `free()` or `[Symbol.dispose]()` is
/// offered on the client, its resources or an iterator (after a `free()`, every use of the object,
/// a second `free()` included, threw "null pointer passed to rust").
#[wasm_bindgen_test]
fn free_and_dispose_are_gone() {
    let client = mock_client(&[]);
    let h = toolkit(&client);
    let mut found = Vec::new();
    for target in [
        "c",
        "c.generations",
        "c.assets",
        "c.batch",
        "c.models",
        "c.webhooks",
        "c.generations.listAll()",
        "c.assets.listAll()",
    ] {
        let value = attempt(target, &client, &h).unwrap();
        for key in [s("free"), js_sys::Symbol::dispose().into()] {
            let member = Reflect::get(&value, &key).unwrap();
            if !member.is_undefined() {
                found.push(format!(
                    "{target}[{}] is {}",
                    describe(&key),
                    describe(&member)
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "free/dispose still offered:{}",
        listing(&found)
    );
}

/// How a member is used with a foreign `this`.
#[derive(Clone, Copy, PartialEq)]
enum Use {
    /// A promise-returning method: the promise must reject.
    Rejects,
    /// A sync method, or a getter that must be on the prototype: it must throw.
    Throws,
    /// A getter that must throw if it is on the prototype (an own property would need no `this`).
    Getter,
    /// A method that may simply return its `this` (`[Symbol.asyncIterator]`); else it must throw.
    ThrowsOrSelf,
}

/// `(owner, member, arguments, use)`: `P(owner)[member]` called with a foreign `this` and
/// `arguments` (a getter is read with that `this`, as `Reflect.get(P(owner), member, this)`).
type Member = (&'static str, &'static str, &'static str, Use);

#[rustfmt::skip]
const MEMBERS: &[Member] = &[
    ("c", "'baseUrl'", "", Use::Throws),
    ("c", "'generations'", "", Use::Getter),
    ("c", "'assets'", "", Use::Getter),
    ("c", "'batch'", "", Use::Getter),
    ("c", "'models'", "", Use::Getter),
    ("c", "'webhooks'", "", Use::Getter),
    ("c.generations", "'create'", "h.body", Use::Rejects),
    ("c.generations", "'createWithFiles'", "h.blob(), h.blob('audio/wav'), { model: 'lipsync-2' }", Use::Rejects),
    ("c.generations", "'get'", "'id'", Use::Rejects),
    ("c.generations", "'list'", "", Use::Rejects),
    ("c.generations", "'listAll'", "", Use::Throws),
    ("c.generations", "'estimateCost'", "h.body", Use::Rejects),
    ("c.generations", "'waitForCompletion'", "'id'", Use::Rejects),
    ("c.generations", "'createAndWait'", "h.body", Use::Rejects),
    ("c.generations", "'runMany'", "[]", Use::Rejects),
    ("c.assets", "'list'", "", Use::Rejects),
    ("c.assets", "'listAll'", "", Use::Throws),
    ("c.assets", "'get'", "'id'", Use::Rejects),
    ("c.assets", "'upload'", "h.blob(), { fileName: 'v.mp4' }", Use::Rejects),
    ("c.batch", "'create'", "'{}'", Use::Rejects),
    ("c.batch", "'get'", "'id'", Use::Rejects),
    ("c.batch", "'list'", "", Use::Rejects),
    ("c.models", "'list'", "", Use::Rejects),
    ("c.generations.listAll()", "'next'", "", Use::Rejects),
    ("c.generations.listAll()", "'return'", "", Use::Rejects),
    ("c.generations.listAll()", "Symbol.asyncIterator", "", Use::ThrowsOrSelf),
];

/// What `member_expr` gives for a member found nowhere on the prototype chain.
const ABSENT: &str = "(not on the prototype chain)";
/// What `member_expr` gives when the member returned its own `this`.
const SELF: &str = "(its this)";

/// The JS expression for using `member` of `P(owner)` (found up the prototype chain) with `this` =
/// `this_expr`, which may refer to the prototype as `proto`.
fn member_expr(owner: &str, member: &str, args: &str, this_expr: &str) -> String {
    format!(
        "(() => {{ const proto = P({owner}); const self = ({this_expr}); let d; \
         for (let o = proto; o && o !== Object.prototype && !d; o = P(o)) d = Object.getOwnPropertyDescriptor(o, {member}); \
         if (!d) return {ABSENT:?}; \
         const out = d.get ? Reflect.apply(d.get, self, []) : Reflect.apply(d.value, self, [{args}]); \
         return out === self && self !== undefined ? {SELF:?} : out; }})()"
    )
}

/// Use every member of `rows` with each `this` of `thises`, wanting an error of class `class`
/// each time. Returns the problems.
async fn check_foreign_this(
    client: &JsValue,
    rows: &[Member],
    thises: &[&str],
    class: Class,
) -> Vec<String> {
    let h = toolkit(client);
    let watch = Escapes::watch();
    let mut problems = Vec::new();
    let promises = Array::new();
    let mut awaited = Vec::new();
    for &(owner, member, args, usage) in rows {
        for this_expr in thises {
            let label = format!("P({owner})[{member}] with this = {this_expr}");
            let expr = member_expr(owner, member, args, this_expr);
            match (usage, attempt(&expr, client, &h)) {
                (_, Ok(v)) if v.as_string().as_deref() == Some(ABSENT) => {
                    if usage != Use::Getter {
                        problems.push(format!("{label}: {ABSENT}"));
                    }
                }
                (Use::ThrowsOrSelf, Ok(v)) if v.as_string().as_deref() == Some(SELF) => {}
                (Use::Throws | Use::Getter | Use::ThrowsOrSelf, Err(err)) => {
                    if let Some(problem) = refusal_problem(&err, class, None) {
                        problems.push(format!("{label}: {problem}"));
                    }
                }
                (Use::Throws | Use::Getter | Use::ThrowsOrSelf, Ok(v)) => problems.push(format!(
                    "{label}: returned {} instead of throwing",
                    describe(&v)
                )),
                (Use::Rejects, Err(err)) => problems.push(format!(
                    "{label}: threw {} instead of returning a rejected promise",
                    describe(&err)
                )),
                (Use::Rejects, Ok(p)) if is_thenable(&p) => {
                    promises.push(&p);
                    awaited.push(label);
                }
                (Use::Rejects, Ok(v)) => {
                    problems.push(format!("{label}: returned {}, not a promise", describe(&v)))
                }
            }
        }
    }
    for (label, settled) in awaited.into_iter().zip(settle_all(&promises).await) {
        if let Some(problem) = rejection_problem(settled, class, None) {
            problems.push(format!("{label}: {problem}"));
        }
    }
    problems.extend(watch.finish().await);
    problems
}

/// Guards contract 4: a method or getter taken off a prototype and used with a `this` that is not
/// an SDK object (`{}`, `undefined`, an object inheriting the prototype) is refused with
/// `SyncConfigurationError` (thrown by getters and sync methods, a rejection from the others), not
/// "null pointer passed to rust" or a TypeError from the glue. `webhooks.verify` needs nothing from
/// its `this`, so there any `SyncError` will do.
#[wasm_bindgen_test]
async fn a_foreign_this_is_refused_with_a_configuration_error() {
    let client = mock_client(&[]);
    let thises = ["{}", "undefined", "Object.create(proto)"];
    let mut problems = check_foreign_this(&client, MEMBERS, &thises, Class::Configuration).await;
    let verify: Member = (
        "c.webhooks",
        "'verify'",
        "'{}', 't=1,v1=00', 'whsec_x'",
        Use::Throws,
    );
    problems.extend(check_foreign_this(&client, &[verify], &thises, Class::Any).await);
    assert!(problems.is_empty(), "foreign this:{}", listing(&problems));
}

/// Guards contract 4 against type confusion: a method called on an SDK object of another class
/// (`P(client.generations).get.call(client.assets, id)`) is refused with `SyncConfigurationError`
/// instead of running on the other object's state. These pairs share a memory layout today, so the
/// calls run (and send requests) without corrupting memory.
#[wasm_bindgen_test]
async fn another_classes_this_is_refused_with_a_configuration_error() {
    let client = mock_client(&[]);
    #[rustfmt::skip]
    let pairs: &[(Member, &str)] = &[
        (("c.generations", "'get'", "'id'", Use::Rejects), "c.assets"),
        (("c.generations", "'list'", "", Use::Rejects), "c.batch"),
        (("c.assets", "'get'", "'id'", Use::Rejects), "c.batch"),
        (("c.batch", "'list'", "", Use::Rejects), "c.models"),
        (("c.models", "'list'", "", Use::Rejects), "c.generations"),
    ];
    let mut problems = Vec::new();
    for (row, other) in pairs {
        problems.extend(check_foreign_this(&client, &[*row], &[other], Class::Configuration).await);
    }
    assert!(
        problems.is_empty(),
        "another class's this:{}",
        listing(&problems)
    );
}

// ------------------------------------------------------------------------------------------------
// 5: stack and memory after many refused calls
// ------------------------------------------------------------------------------------------------

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// `isSyncError` of js/errors.js as a JS function, for the loop in `HARNESS_JS.refuseMany`.
    #[wasm_bindgen(thread_local_v2, js_name = isSyncError)]
    static IS_SYNC_ERROR: Function;
}

/// How many refused calls `refused_calls_leak_neither_stack_nor_memory` makes.
const REFUSED_CALLS: u32 = 100_000;

/// Refused calls before the memory baseline is taken.
const WARM_UP_CALLS: u32 = 2_000;

/// How far the shadow stack pointer may drift during the loop before it is stopped, leaving the
/// rest of the 1 MiB stack for reporting.
const STACK_DRIFT_LIMIT: f64 = 64.0 * 1024.0;

/// The refused calls of `HARNESS_JS.refusalCalls`, in the order they take turns.
const KINDS: [&str; 5] = [
    "new SyncClient(revokedProxy)",
    "client.webhooks.verify(detachedBuffer, ...)",
    "SyncClient.fromEnv(env, { get baseUrl() { throw } })",
    "Generations.prototype.get.call({}, 'id')",
    "client.generations.runMany([body, revokedProxy])",
];

/// Guards contract 5: 100,000 refused calls through the JS glue (constructor, `webhooks.verify`,
/// `fromEnv`, a foreign `this`, `runMany` with a revoked request), made from JS timer callbacks as user code makes them, leave the
/// wasm shadow stack pointer where it was and wasm memory the same size, and clients old and new
/// still work afterwards. An exception thrown through wasm frames skips their epilogues: it leaks
/// the heap memory they held, and, with no wasm frame below to reset `__stack_pointer` on return,
/// their stack, until the stack runs into the heap and every call fails with "memory access out of
/// bounds" (after about 400 calls of this debug build; about 2,000 of a release build).
///
/// The calls are made from JS on purpose: made from this test's Rust code, each leak of stack would
/// be undone when the Rust caller's frame returned, and the test could not see it.
#[wasm_bindgen_test]
async fn refused_calls_leak_neither_stack_nor_memory() {
    let old = mock_client(&[]);
    let h = toolkit(&old);
    let env = get(&h, "env");
    let ctor: Function = get(&old, "constructor").unchecked_into();
    let from_env: Function = get(&ctor, "fromEnv").unchecked_into();
    let calls = helper("refusalCalls", &[&old, &h]);
    let is_sync_error = IS_SYNC_ERROR.with(|f| JsValue::from(f.clone()));
    let probe = Closure::<dyn FnMut() -> f64>::new(|| stack_probe() as f64);
    let refuse_many = |count: u32| {
        let report = helper(
            "refuseMany",
            &[
                &calls,
                &JsValue::from(count),
                &is_sync_error,
                probe.as_ref(),
                &JsValue::from_f64(STACK_DRIFT_LIMIT),
            ],
        );
        JsFuture::from(report.unchecked_into::<Promise>())
    };

    // Baselines after a warm-up of everything that happens once (lazy statics, the mock's
    // connection, clients, the loop's own peak of pending foreign-this promises), so that what is
    // measured is what grows with refused calls. The stack pointer is read from a timer callback,
    // where no wasm frame lies below: read in this function's body it would depend on how deep the
    // executor happened to poll it. A warm-up that already trapped or drifted fails the test too.
    let stack_from_timer = || {
        let read = helper("probeFromTimer", &[probe.as_ref()]);
        JsFuture::from(read.unchecked_into::<Promise>())
    };
    let warm_up = refuse_many(WARM_UP_CALLS).await.unwrap();
    let before = ordinary_calls(&old, &ctor, &from_env, &env).await;
    sleep(0).await;
    let memory_before = wasm_memory_bytes();
    let stack_before = stack_from_timer()
        .await
        .unwrap()
        .as_f64()
        .unwrap_or_default() as usize;

    let report = refuse_many(REFUSED_CALLS).await.unwrap();
    let stack_after_loop = stack_from_timer()
        .await
        .unwrap()
        .as_f64()
        .unwrap_or_default() as usize;
    let after = ordinary_calls(&old, &ctor, &from_env, &env).await;
    let stack_after = stack_from_timer()
        .await
        .unwrap()
        .as_f64()
        .unwrap_or_default() as usize;
    let memory_after = wasm_memory_bytes();

    let made = get(&report, "made").as_f64().unwrap_or_default();
    let mut problems = Vec::new();
    for (what, stop) in [
        ("trap", "trapped"),
        ("stackStop", "moved the stack pointer past the limit"),
    ] {
        if !get(&warm_up, what).is_null() {
            problems.push(format!(
                "the warm-up of {WARM_UP_CALLS} refused calls {stop}"
            ));
        }
    }
    let (wrong, first) = (
        Array::from(&get(&report, "wrong")),
        Array::from(&get(&report, "first")),
    );
    for (k, kind) in KINDS.iter().enumerate() {
        let count = wrong.get(k as u32).as_f64().unwrap_or_default();
        if count > 0.0 {
            let first = Array::from(&first.get(k as u32));
            problems.push(format!(
                "{kind}: {count} refusals were not a SyncError; the first, at call {}: {}",
                first.get(0).as_f64().unwrap_or_default(),
                first.get(1).as_string().unwrap_or_default()
            ));
        }
    }
    let trap = get(&report, "trap");
    if !trap.is_null() {
        let trap = Array::from(&trap);
        problems.push(format!(
            "call {} trapped ({}); stopped there",
            trap.get(0).as_f64().unwrap_or_default(),
            trap.get(1).as_string().unwrap_or_default()
        ));
    }
    let stack_stop = get(&report, "stackStop");
    if !stack_stop.is_null() {
        let stop = Array::from(&stack_stop);
        problems.push(format!(
            "by call {} the shadow stack pointer had moved {} bytes; stopped there",
            stop.get(0).as_f64().unwrap_or_default(),
            stop.get(1).as_f64().unwrap_or_default()
        ));
    }
    let console_errors = get(&report, "consoleErrors").as_f64().unwrap_or_default();
    if console_errors > 0.0 {
        problems.push(format!(
            "{console_errors} console.error calls during the loop (wasm-bindgen's debug glue logs each \
             exception thrown through an import not marked `catch`)"
        ));
    }
    problems.extend(before.into_iter().map(|p| format!("before the loop: {p}")));
    problems.extend(after.into_iter().map(|p| format!("after the loop: {p}")));
    if stack_after != stack_before {
        problems.push(format!(
            "the wasm shadow stack pointer moved by {} bytes (from {stack_before:#x} to \
             {stack_after:#x}; {} of them by the end of the refused calls, the rest in the \
             ordinary calls after them)",
            stack_after as i64 - stack_before as i64,
            stack_after_loop as i64 - stack_before as i64
        ));
    }
    if memory_after != memory_before {
        problems.push(format!(
            "wasm memory grew from {memory_before} to {memory_after} bytes"
        ));
    }
    assert!(
        problems.is_empty(),
        "after {made} of {REFUSED_CALLS} refused calls:{}",
        listing(&problems)
    );
}

/// Ordinary calls that must succeed: on `old`, on a client made now with `new SyncClient`, and on
/// one from `SyncClient.fromEnv`. Returns what failed.
async fn ordinary_calls(
    old: &JsValue,
    ctor: &Function,
    from_env: &Function,
    env: &JsValue,
) -> Vec<String> {
    let mut problems = Vec::new();
    let options = obj(&[
        ("apiKey", s(KEY)),
        ("baseUrl", s(MOCK_URL)),
        ("dangerouslyAllowBrowser", JsValue::TRUE),
    ]);
    let fresh = Reflect::construct(ctor, &Array::of1(&options));
    let from_env_client = from_env.call2(
        ctor,
        env,
        &obj(&[("dangerouslyAllowBrowser", JsValue::TRUE)]),
    );
    let mut clients = vec![("old client", Ok(old.clone()))];
    clients.push(("new SyncClient(...)", fresh));
    clients.push(("SyncClient.fromEnv(env)", from_env_client));
    let promises = Array::new();
    let mut labels = Vec::new();
    for (label, client) in clients {
        let client = match client {
            Ok(c) => c,
            Err(e) => {
                problems.push(format!("{label} threw {}", describe(&e)));
                continue;
            }
        };
        for (resource, method, args) in [
            ("models", "list", vec![]),
            ("generations", "list", vec![obj(&[("limit", n(1.0))])]),
            (
                "generations",
                "create",
                vec![create_body("https://example.com/after-refusals.mp4")],
            ),
        ] {
            let target = get(&client, resource);
            let f: Function = get(&target, method).unchecked_into();
            labels.push(format!("{label}: {resource}.{method}()"));
            match f.apply(&target, &args.iter().collect::<Array>()) {
                Ok(p) => promises.push(&p),
                Err(e) => promises.push(&Promise::reject(&e)),
            };
        }
    }
    for (label, settled) in labels.into_iter().zip(settle_all(&promises).await) {
        match settled {
            Settled::Fulfilled(_) => {}
            Settled::Rejected(e) => problems.push(format!("{label} failed: {}", describe(&e))),
            Settled::Pending => problems.push(format!("{label}: still pending")),
        }
    }
    problems
}
