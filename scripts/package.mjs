// Turns wasm-bindgen's output in pkg/ into the publishable package:
// - moves the JS snippets (errors.js, files.js) next to the glue, so the glue and every entry share
//   one copy, and points the glue's imports at them;
// - shortens the import and export names the wasm and the glue agree on (wasm-names.mjs);
// - copies the hand-written entries and type files from js/, writes the wasm inlined for the Node.js
//   entries (wasm-inline.js), and bundles the CommonJS fallback;
// - drops `free()` and `[Symbol.dispose]` from the generated types (js/harden.js removes both at run
//   time: a freed object would make later calls leak wasm stack);
// - writes package.json (version from Cargo.toml) with an export condition per runtime.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { buildSync, transformSync } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { shortenNames } from "./wasm-names.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const glue = join(pkg, "sync_wasm.js");

// wasm-bindgen copies each `module = "/js/x.js"` import to pkg/snippets/<crate-hash>/js/x.js; move
// them to pkg/x.js so the glue and the entry share one copy.
const snippets = join(pkg, "snippets");
const dirs = readdirSync(snippets);
if (dirs.length !== 1) throw new Error(`expected one snippet directory in pkg/snippets, found ${dirs.length}`);
let source = readFileSync(glue, "utf8");
for (const file of readdirSync(join(snippets, dirs[0], "js"))) {
  const snippetPath = `./snippets/${dirs[0]}/js/${file}`;
  if (!source.includes(snippetPath)) throw new Error(`${glue} does not import ${snippetPath}`);
  // Only the import specifiers move; the keys of the wasm import object must keep the module names
  // compiled into the .wasm.
  for (const quote of ["'", '"']) {
    source = source.replaceAll(`from ${quote}${snippetPath}${quote}`, `from ${quote}./${file}${quote}`);
  }
  if (!existsSync(join(root, "js", file))) throw new Error(`snippet ${file} has no source in js/`);
}
// A `WebAssembly.Module` made in another realm fails the glue's `instanceof` checks: Next.js's edge
// sandbox compiles the `?module` import outside the `vm` context the route runs in, and `initSync`
// then tries to compile the Module again and throws. The brand (`Symbol.toStringTag`) holds across
// realms.
for (const [check, brand] of [
  ["module instanceof WebAssembly.Module", "WebAssembly.Module"],
  ["instance instanceof WebAssembly.Instance", "WebAssembly.Instance"],
]) {
  const variable = check.split(" ")[0];
  if (!source.includes(check)) throw new Error(`${glue} no longer contains \`${check}\`; review the cross-realm patch`);
  source = source.replaceAll(check, `Object.prototype.toString.call(${variable}) === "[object ${brand}]"`);
}
// The glue's own default location for the wasm, `new URL("sync_wasm_bg.wasm", import.meta.url)`, makes
// bundlers emit an unused copy of the .wasm next to every entry (Next.js deploys it with edge and
// Node routes that load the wasm another way). web.js and slim.js pass the location themselves.
const defaultLocation = `module_or_path = new URL('sync_wasm_bg.wasm', import.meta.url);`;
if (!source.includes(defaultLocation)) throw new Error(`${glue} no longer contains \`${defaultLocation}\`; review the patch`);
source = source.replace(defaultLocation, `throw new TypeError("sync-wasm: the wasm's location is required");`);
// wasm-bindgen writes one `import * as importN` of a snippet for each function it imports from the
// snippet directly (no JS shim), and one key per line in the import object: the same module twice is
// a duplicate key there, which bundlers warn about (esbuild: "Duplicate key"). Keep the first.
{
  const seen = new Map();
  for (const m of [...source.matchAll(/^import \* as (\w+) from (["'])([^"']+)\2;?\n/gm)]) {
    const [line, alias, , path] = m;
    if (!seen.has(path)) {
      seen.set(path, alias);
      continue;
    }
    // The entry's key is still the snippet's original path (only the `from` specifiers moved).
    const entry = new RegExp(`^\\s*["'][^"'\\n]+["']: ${alias},\\n`, "m");
    if (!entry.test(source)) throw new Error(`${glue}: no import-object entry for ${alias}`);
    source = source.replace(line, "").replace(entry, "");
  }
}
// Short import and export names in the .wasm, the glue and its types (see wasm-names.mjs).
const wasmFile = join(pkg, "sync_wasm_bg.wasm");
const typeFiles = [join(pkg, "sync_wasm.d.ts"), join(pkg, "sync_wasm_bg.wasm.d.ts")];
const short = shortenNames(readFileSync(wasmFile), source, typeFiles.map((f) => readFileSync(f, "utf8")));
writeFileSync(wasmFile, short.wasm);
typeFiles.forEach((f, i) => writeFileSync(f, short.types[i]));
source = short.glue;
writeFileSync(glue, source);
rmSync(snippets, { recursive: true });

const ENTRIES = ["web.js", "node.js", "node.cjs", "workerd.js", "edge-light.js", "deno.js", "slim.js"];
for (const file of [...ENTRIES, "api.js", "harden.js", "calls.js", "errors.js", "files.js", "node-body.js", "index.d.ts", "errors.d.ts", "slim.d.ts", "sync-api.js", "sync-api.cjs", "sync-api.d.ts"]) {
  copyFileSync(join(root, "js", file), join(pkg, file));
}
// The Node.js entries carry the wasm inlined as base64 (see js/node.js for why).
const wasmBase64 = readFileSync(join(pkg, "sync_wasm_bg.wasm")).toString("base64");
writeFileSync(join(pkg, "wasm-inline.js"), `// The bytes of sync_wasm_bg.wasm, for the Node.js entries.\nexport default "${wasmBase64}";\n`);
// The CommonJS fallback: bundled from a copy placed beside the glue, so its imports resolve there.
const cjsSource = join(pkg, "node-commonjs.js");
copyFileSync(join(root, "js", "node-commonjs.js"), cjsSource);
buildSync({
  entryPoints: [cjsSource],
  outfile: join(pkg, "node-commonjs.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node18",
  logLevel: "error",
  legalComments: "none",
});
rmSync(cjsSource);

/** Ship a plain-JS subpath (js/<dir>/ to pkg/<dir>/) as written, with a CommonJS bundle of its
 * index.js for `require` and its types under both names. */
function shipPlainModule(dir, files) {
  mkdirSync(join(pkg, dir), { recursive: true });
  for (const file of files) copyFileSync(join(root, "js", dir, file), join(pkg, dir, file));
  copyFileSync(join(pkg, dir, "index.d.ts"), join(pkg, dir, "index.d.cts"));
  buildSync({
    entryPoints: [join(pkg, dir, "index.js")],
    outfile: join(pkg, dir, "index.cjs"),
    bundle: true,
    format: "cjs",
    platform: "neutral",
    external: ["node:*"],
    target: "es2022",
    logLevel: "error",
    legalComments: "none",
  });
}
// `sync-wasm/testing` (js/testing/): shipped as written, since readable stack traces matter more than
// bytes in a test kit.
shipPlainModule("testing", readdirSync(join(root, "js", "testing")).filter((f) => f.endsWith(".js") || f.endsWith(".d.ts")));
// `sync-wasm/proxy` (js/proxy/): the server route that holds the key for pages.
shipPlainModule("proxy", ["index.js", "index.d.ts"]);
// The `sync-wasm` command.
mkdirSync(join(pkg, "bin"), { recursive: true });
copyFileSync(join(root, "js", "bin", "sync-wasm.js"), join(pkg, "bin", "sync-wasm.js"));
chmodSync(join(pkg, "bin", "sync-wasm.js"), 0o755);
// Its API commands (js/cli/), shipped as written beside it: the bin imports ../cli/index.js, which
// imports ../node.js (the Node entry) only when a command needs a client.
mkdirSync(join(pkg, "cli"), { recursive: true });
for (const file of readdirSync(join(root, "js", "cli")).filter((f) => f.endsWith(".js"))) {
  copyFileSync(join(root, "js", "cli", file), join(pkg, "cli", file));
}
for (const file of [".gitignore", "package.json"]) {
  if (existsSync(join(pkg, file))) rmSync(join(pkg, file));
}

// Ship the shared ES modules minified: their documentation is in the .d.ts files, and a browser
// downloads them. `keepNames` keeps classes' and functions' own `name` (`SyncError.name`); error
// instances' `name` is a literal in errors.js anyway. (The per-runtime entries are a few lines each,
// and some use syntax esbuild's transform does not take, such as deno.js's `import source`.)
if (!process.env.SYNC_WASM_NO_MINIFY) for (const file of ["sync_wasm.js", "api.js", "sync-api.js", "harden.js", "calls.js", "errors.js", "files.js", "web.js", "slim.js"]) {
  const path = join(pkg, file);
  writeFileSync(path, transformSync(readFileSync(path, "utf8"), { minify: true, keepNames: true, format: "esm", target: "es2022", legalComments: "none" }).code);
}

const dts = join(pkg, "sync_wasm.d.ts");
// `free()` is removed at run time (js/harden.js), so it goes from the types too.
writeFileSync(dts, readFileSync(dts, "utf8").replace(/^\s*(\[Symbol\.dispose\]|free)\(\): void;\n/gm, ""));

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
const manifest = {
  name: "sync-wasm",
  version,
  description: "Small, fast, typed SDK for the Sync lip-sync API, in Rust compiled to WebAssembly.",
  license: "MIT",
  type: "module",
  main: "./node.cjs",
  module: "./web.js",
  types: "./index.d.ts",
  exports: {
    ".": {
      types: "./index.d.ts",
      workerd: "./workerd.js",
      "edge-light": "./edge-light.js",
      deno: "./deno.js",
      bun: "./node.js",
      node: { import: "./node.js", require: "./node.cjs" },
      browser: "./web.js",
      default: "./web.js",
    },
    "./slim": { types: "./slim.d.ts", default: "./slim.js" },
    "./api": { types: "./sync-api.d.ts", node: { require: "./sync-api.cjs", default: "./sync-api.js" }, default: "./sync-api.js" },
    "./testing": {
      types: { import: "./testing/index.d.ts", require: "./testing/index.d.cts" },
      require: "./testing/index.cjs",
      default: "./testing/index.js",
    },
    "./proxy": {
      types: { import: "./proxy/index.d.ts", require: "./proxy/index.d.cts" },
      require: "./proxy/index.cjs",
      default: "./proxy/index.js",
    },
    "./sync_wasm_bg.wasm": "./sync_wasm_bg.wasm",
    "./package.json": "./package.json",
  },
  files: [
    ...ENTRIES,
    "node-commonjs.cjs",
    "api.js",
    "harden.js",
    "calls.js",
    "errors.js",
    "files.js",
    "node-body.js",
    "sync_wasm.js",
    "sync_wasm_bg.wasm",
    "wasm-inline.js",
    "index.d.ts",
    "errors.d.ts",
    "slim.d.ts",
    "sync-api.js",
    "sync-api.cjs",
    "sync-api.d.ts",
    "sync_wasm.d.ts",
    "testing/",
    "proxy/",
    "bin/",
    "cli/",
  ],
  bin: { "sync-wasm": "./bin/sync-wasm.js" },
  // Each entry loads the wasm when imported.
  sideEffects: ENTRIES.map((e) => `./${e}`),
  engines: { node: ">=18" },
  keywords: ["sync", "lipsync", "lip-sync", "wasm", "sdk", "edge", "cloudflare-workers", "deno", "bun"],
};
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`pkg/ ready: sync-wasm ${version}`);
