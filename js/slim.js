// `sync-wasm/slim`: no automatic loading. The caller supplies the wasm (a `WebAssembly.Module`, its
// bytes, a URL or a Response) and calls `init` or `initSync` once, for runtimes and bundlers the other
// entries do not cover.
import initWasm, { initSync as initWasmSync, SyncClient as WasmSyncClient, verifyWebhook as wasmVerifyWebhook } from "./sync_wasm.js";
import { SyncConfigurationError } from "./errors.js";

export * from "./api.js";

let ready = false;

function assertReady() {
  if (!ready) {
    throw new SyncConfigurationError(
      "sync-wasm/slim is not initialised: call `await init(wasm)` or `initSync(wasm)` first, with the " +
        "module, bytes or URL of sync-wasm/sync_wasm_bg.wasm (or import from \"sync-wasm\", which does this for you).",
    );
  }
}

/** Load the wasm from a `WebAssembly.Module`, bytes, a URL or a `Response`. Safe to call again. */
export async function init(input) {
  await initWasm({ module_or_path: input === undefined ? new URL("./sync_wasm_bg.wasm", import.meta.url) : input });
  ready = true;
}

/** Load the wasm synchronously from a `WebAssembly.Module` or bytes. Safe to call again. */
export function initSync(input) {
  initWasmSync({ module: input });
  ready = true;
}

export class SyncClient extends WasmSyncClient {
  constructor(options) {
    assertReady();
    super(options);
  }

  static fromEnv(env, options) {
    assertReady();
    return WasmSyncClient.fromEnv(env, options);
  }
}

export function verifyWebhook(rawBody, signatureHeader, secret, options) {
  assertReady();
  return wasmVerifyWebhook(rawBody, signatureHeader, secret, options);
}
