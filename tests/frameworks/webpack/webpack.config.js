// Nothing for sync-wasm: webpack 5 emits the .wasm that web.js fetches with
// new URL("./sync_wasm_bg.wasm", import.meta.url), and supports its top-level await by default.
export default {
  mode: "production",
  target: "web",
};
