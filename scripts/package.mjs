// Turns wasm-bindgen's output in pkg/ into the publishable package:
// - moves the errors snippet to pkg/errors.js, so the wasm glue and the package entry share one copy
//   of the error classes, and points the glue's import at it;
// - copies the hand-written entry and type files from js/;
// - writes package.json (version from Cargo.toml).
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
writeFileSync(glue, source);
rmSync(snippets, { recursive: true });

for (const file of ["index.js", "index.d.ts", "errors.js", "errors.d.ts", "files.js"]) {
  copyFileSync(join(root, "js", file), join(pkg, file));
}
for (const file of [".gitignore", "package.json"]) {
  if (existsSync(join(pkg, file))) rmSync(join(pkg, file));
}

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
const manifest = {
  name: "sync-wasm",
  version,
  description: "Small, fast, typed SDK for the Sync lip-sync API, in Rust compiled to WebAssembly.",
  license: "MIT",
  type: "module",
  main: "./index.js",
  types: "./index.d.ts",
  exports: {
    ".": { types: "./index.d.ts", default: "./index.js" },
    "./sync_wasm_bg.wasm": "./sync_wasm_bg.wasm",
    "./package.json": "./package.json",
  },
  files: ["index.js", "index.d.ts", "errors.js", "errors.d.ts", "files.js", "sync_wasm.js", "sync_wasm.d.ts", "sync_wasm_bg.wasm", "sync_wasm_bg.wasm.d.ts"],
  sideEffects: ["./index.js"],
  engines: { node: ">=18" },
  keywords: ["sync", "lipsync", "lip-sync", "wasm", "sdk", "edge"],
};
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`pkg/ ready: sync-wasm ${version}`);
