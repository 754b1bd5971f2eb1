// Hardening of the classes wasm-bindgen generates, applied once by api.js (and by the wasm tests).
// Plain ES module importing only errors.js.
//
// wasm-bindgen gives each class `free()` and `[Symbol.dispose]()`, and its methods pass
// `this.__wbg_ptr` into wasm unchecked. After `free()`, or called on another object, that pointer is
// 0 and Rust throws from inside wasm, which leaks wasm stack on every call (wasm-bindgen #1963) until
// the whole instance fails. So `free` and `[Symbol.dispose]` are removed (the garbage collector
// frees these objects, through wasm-bindgen's FinalizationRegistry), and every method and getter
// checks that its `this` is an object of its own class before entering wasm. (An object built to
// pass, with the class's prototype and a copy of another object's `__wbg_ptr`, is tampering with
// private internals and is not guarded against.)
import { makeError } from "./errors.js";

const SYNC = new Set(["listAll", "verify", Symbol.asyncIterator]);

// The wasm object behind `self`, if it is an instance of the class with prototype `proto`; 0 for
// anything else (another class's object has a pointer too, but to a different Rust type).
function pointer(self, proto) {
  try {
    return self !== null && typeof self === "object" && proto.isPrototypeOf(self) ? self.__wbg_ptr : 0;
  } catch {
    return 0;
  }
}

function guard(method, name, className, proto, sync) {
  const refuse = () =>
    makeError("SyncConfigurationError", `${className}.${name} was called on an object that is not a ${className} the SDK made. Call it on the object, as in client.generations.get(id), not detached from it.`, {});
  return {
    [name](...args) {
      const ptr = pointer(this, proto);
      if (typeof ptr !== "number" || ptr === 0) {
        if (sync) throw refuse();
        return Promise.reject(refuse());
      }
      return method.apply(this, args);
    },
  }[name];
}

const hardened = new WeakSet();

/** Remove `free`/`[Symbol.dispose]` from each class and guard its methods and getters. */
export function harden(classes) {
  for (const [className, cls] of Object.entries(classes)) {
    const proto = cls.prototype;
    if (hardened.has(proto)) continue;
    hardened.add(proto);
    for (const key of ["free", Symbol.dispose, Symbol.for("wbg_symbol_dispose")]) {
      if (key !== undefined) delete proto[key];
    }
    for (const key of Reflect.ownKeys(proto)) {
      if (key === "constructor" || key === "__destroy_into_raw") continue;
      const d = Object.getOwnPropertyDescriptor(proto, key);
      const name = typeof key === "symbol" ? `[${key.description}]` : key;
      if (typeof d.value === "function") d.value = guard(d.value, name, className, proto, SYNC.has(key));
      else if (d.get) d.get = guard(d.get, name, className, proto, true);
      else continue;
      Object.defineProperty(proto, key, d);
    }
  }
}
