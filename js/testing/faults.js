// Scripted faults: the mock's one way to make a route misbehave. `mock.fail(spec)` queues one; the
// next `times` requests that match its method and path get it instead of (or on top of) the route's
// own answer. Delays are real time, whatever the clock: they stand for the network, and exist to
// test a client's timeouts.

import { defaultErrorBody } from "./answers.js";

const KEYS = new Set(["method", "path", "times", "status", "body", "headers", "delayMs", "bodyDelayMs", "reset", "afterRoute", "truncate", "repeat", "ignoreQuery"]);

/** Check a fault spec and compile its path; throws a TypeError naming the bad field. */
export function compileFault(spec) {
  const bad = (what) => new TypeError(`mock.fail(): ${what}`);
  if (spec === null || typeof spec !== "object") throw bad("give an object such as { method: \"POST\", path: \"/v2/generate\", status: 500 }");
  for (const key of Object.keys(spec)) if (!KEYS.has(key)) throw bad(`unknown field "${key}" (known: ${[...KEYS].join(", ")})`);
  const { method, path, times = 1, status, headers, delayMs, bodyDelayMs, repeat } = spec;
  if (method !== undefined && (typeof method !== "string" || !/^[A-Za-z]+$/.test(method))) throw bad("method must be an HTTP method such as \"GET\"");
  let match;
  if (path instanceof RegExp) match = path;
  else if (typeof path === "string" && path.startsWith("/")) match = pattern(path);
  else throw bad("path must be a path such as \"/v2/generate/*\" (\"*\" is one segment, \"**\" any rest) or a RegExp");
  if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) throw bad("times must be a whole number, 1 or more, or Infinity");
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) throw bad("status must be a whole number from 200 to 599");
  for (const [name, ms] of [["delayMs", delayMs], ["bodyDelayMs", bodyDelayMs]]) {
    if (ms !== undefined && !(Number.isFinite(ms) && ms >= 0)) throw bad(`${name} must be a number of milliseconds, 0 or more`);
  }
  if (repeat !== undefined && !(Number.isInteger(repeat) && repeat >= 1)) throw bad("repeat must be a whole number, 1 or more");
  if (headers !== undefined && (headers === null || typeof headers !== "object")) throw bad("headers must be an object of header names to values");
  if (spec.body !== undefined && status === undefined) throw bad("body needs a status");
  const answers = status !== undefined || spec.truncate;
  if (spec.reset && answers) throw bad("reset drops the connection, so it takes no status or body");
  if (spec.afterRoute && answers) throw bad("afterRoute runs the route for the answer, so it takes no status or body");
  if (spec.afterRoute && !spec.reset && delayMs === undefined) throw bad("afterRoute needs reset or delayMs (what happens to the route's answer)");
  if (spec.ignoreQuery && (answers || spec.reset || spec.afterRoute)) throw bad("ignoreQuery runs the route without the query string, so it takes no status, body, reset or afterRoute");
  if (!answers && !spec.reset && delayMs === undefined && !spec.ignoreQuery) throw bad("give what the fault does: status (and body), reset, truncate, delayMs or ignoreQuery");
  return { ...spec, times, remaining: times, method: method?.toUpperCase(), match };
}

function pattern(path) {
  const source = path
    .split(/(\*\*|\*|:[A-Za-z_]\w*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" || part.startsWith(":") ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

export const matches = (fault, method, path) => fault.remaining > 0 && (!fault.method || fault.method === method) && fault.match.test(path);

/**
 * The answer for a request a fault caught. `route()` gives the route's own answer (run at most once;
 * `route({ ignoreQuery: true })` without the query string, as an API that ignores it would).
 * @returns {Promise<object>} an answer record, or `{ reset: true }`
 */
export async function applyFault(fault, route, requestId, signal) {
  if (fault.afterRoute) {
    const answer = await route();
    if (fault.delayMs) await sleep(fault.delayMs, signal);
    return fault.reset ? { reset: true } : answer;
  }
  if (fault.delayMs) await sleep(fault.delayMs, signal);
  if (fault.ignoreQuery) return route({ ignoreQuery: true });
  if (fault.reset) return { reset: true };
  if (fault.truncate) return { status: 200, headers: { "content-type": "application/json" }, body: '{"id":"trunc' };
  if (fault.status === undefined) return route();
  const given = fault.body;
  const text = given === undefined ? JSON.stringify(defaultErrorBody(fault.status, requestId)) : typeof given === "string" ? given : JSON.stringify(given);
  const headers = { "content-type": typeof given === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8" };
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = String(value);
  // An answer written out in full (body or headers given) is sent as written: no x-request-id added.
  const scripted = given !== undefined || fault.headers !== undefined;
  if (fault.repeat) return { status: fault.status, headers, body: repeated(new TextEncoder().encode(text), fault.repeat), scripted };
  if (fault.bodyDelayMs) return { status: fault.status, headers, body: slowBody(text, fault.bodyDelayMs), scripted };
  return { status: fault.status, headers, body: text, scripted };
}

function repeated(chunk, times) {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < times) controller.enqueue(chunk);
      else controller.close();
    },
  }, { highWaterMark: 0 });
}

/** Half the body at once, the rest after `ms`: a server that stalls mid-answer. */
function slowBody(text, ms) {
  const bytes = new TextEncoder().encode(text);
  const half = Math.floor(bytes.length / 2);
  let timer;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.slice(0, half));
      timer = setTimeout(() => {
        try {
          controller.enqueue(bytes.slice(half));
          controller.close();
        } catch {
          // the reader went away
        }
      }, ms);
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

/** Real-time sleep that ends early (rejecting) when `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
    };
    const stop = () => (done(), reject(signal.reason));
    const timer = setTimeout(() => (done(), resolve()), ms);
    signal?.addEventListener("abort", stop, { once: true });
  });
}
