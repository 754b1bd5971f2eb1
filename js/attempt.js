// Calls that may throw, for src/js/mod.rs. Plain ES module with no imports (a wasm-bindgen snippet).
//
// wasm-bindgen's `catch` imports are safe for wasm's stack, but one that returns a value leaks a slot
// of the externref table each time it throws (the `undefined` it returns instead is stored and never
// freed), so a trickle of hostile values would grow wasm memory for good. These never throw: each
// returns whether it succeeded, and leaves its value, or what was thrown, for `outcome()`.
let last;

function run(f) {
  try {
    last = f();
    return true;
  } catch (e) {
    last = e;
    return false;
  }
}

/** The value, or what was thrown, of the last call. */
export function outcome() {
  const value = last;
  last = undefined;
  return value;
}

export const get = (target, key) => run(() => Reflect.get(target, key));
export const apply = (f, self, args) => run(() => Reflect.apply(f, self, args));
export const fetchGlobal = (url, init) => run(() => fetch(url, init));
export const stringify = (value) => run(() => JSON.stringify(value));
export const parse = (text) => run(() => JSON.parse(text));
export const arrayFrom = (value) => run(() => Array.from(value));
export const keys = (value) => run(() => Object.keys(value));
export const assign = (target, source) => run(() => Object.assign(target, source));
// A copy of a real ArrayBuffer; throws for anything else, a detached one included.
export const copyBuffer = (buffer) => run(() => ArrayBuffer.prototype.slice.call(buffer, 0));
// A copy of a typed array, read through its internal slots; throws when its buffer is detached.
export const copyView = (view) => run(() => new Uint8Array(view));
export const headers = (init) => run(() => new Headers(init));
export const url = (href, base) => run(() => new URL(href, base));
