// Shortens the names the wasm and its glue agree on: the wasm-bindgen module's import names
// (`__wbg_set_headers_6d75a7df4eb22716`), the import module names (`./sync_wasm_bg.js`,
// `./snippets/<hash>/js/calls.js`) and the export names (`generations_createWithFiles`). They are
// spelled out in the .wasm, twice in the glue, and once more in its types, and none is seen by
// users. Fields of the snippet modules keep their names: they are those modules' own exports.
// `memory` keeps its name (the benchmark reads `initSync(...).memory`).

const KEEP_EXPORTS = new Set(["memory"]);

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function encodeLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();
const encodeName = (name) => {
  const b = utf8.encode(name);
  return [...encodeLeb(b.length), ...b];
};

/** `a`, `b`, ..., `Z`, `aa`, ...: identifiers, and never a JS keyword at these lengths. */
function* shortNames() {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (let length = 1; ; length++) {
    const index = new Array(length).fill(0);
    for (;;) {
      const name = index.map((i) => letters[i]).join("");
      if (!["do", "if", "in"].includes(name)) yield name;
      let k = length - 1;
      while (k >= 0 && ++index[k] === letters.length) index[k--] = 0;
      if (k < 0) break;
    }
  }
}

/** The bytes of an import's description after its names, by kind. */
function importDescEnd(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = leb(bytes, p);
    if (flags & 1) [, p] = leb(bytes, p);
    return p;
  };
  if (kind === 0) return leb(bytes, at)[1]; // function: type index
  if (kind === 1) return limits(at + 1); // table: reference type, limits
  if (kind === 2) return limits(at); // memory
  if (kind === 3) return at + 2; // global: value type, mutability
  if (kind === 4) return leb(bytes, at + 1)[1]; // tag: attribute, type index
  throw new Error(`unknown import kind ${kind}`);
}

/**
 * Renames in `wasm` (bytes) and returns the new bytes with `{ modules, imports, exports }`, each a
 * Map from old name to new. `ownModule` is the module whose fields the glue defines.
 */
function renameInWasm(wasm, ownModule) {
  const modules = new Map();
  const imports = new Map();
  const exports = new Map();
  const moduleNames = shortNames();
  const importNames = shortNames();
  const exportNames = shortNames();
  const out = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    let payload = wasm.subarray(start, end);
    if (id === 2 || id === 7) {
      const body = [];
      let [count, p] = leb(wasm, start);
      body.push(...encodeLeb(count));
      const readName = () => {
        const [length, q] = leb(wasm, p);
        p = q + length;
        return text.decode(wasm.subarray(q, q + length));
      };
      for (let i = 0; i < count; i++) {
        if (id === 2) {
          const module = readName();
          const field = readName();
          if (!modules.has(module)) modules.set(module, moduleNames.next().value);
          let newField = field;
          if (module === ownModule) {
            if (!imports.has(field)) imports.set(field, importNames.next().value);
            newField = imports.get(field);
          }
          const descEnd = importDescEnd(wasm, p);
          body.push(...encodeName(modules.get(module)), ...encodeName(newField), ...wasm.subarray(p, descEnd));
          p = descEnd;
        } else {
          const name = readName();
          const newName = KEEP_EXPORTS.has(name) ? name : exportNames.next().value;
          exports.set(name, newName);
          const [, indexEnd] = leb(wasm, p + 1);
          body.push(...encodeName(newName), ...wasm.subarray(p, indexEnd));
          p = indexEnd;
        }
      }
      if (p !== end) throw new Error(`section ${id} was not read to its end`);
      payload = Uint8Array.from(body);
    }
    out.push(Uint8Array.from([id, ...encodeLeb(payload.length)]), payload);
    at = end;
  }
  return { wasm: Buffer.concat(out), modules, imports, exports };
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Renames each `from` where `pattern` matches; `required`: each must occur in `source`. */
function replaceEach(source, map, pattern, what, required) {
  for (const [from, to] of map) {
    if (from === to) continue;
    const re = pattern(escape(from));
    if (required && !re.test(source)) throw new Error(`the glue has no ${what} \`${from}\``);
    source = source.replace(re, (match) => match.replace(from, to));
  }
  return source;
}

/**
 * `wasm`: the .wasm bytes; `glue`: the glue's source; `types`: the sources of .d.ts files that name
 * the exports. Returns them renamed.
 */
export function shortenNames(wasm, glue, types, ownModule = "./sync_wasm_bg.js") {
  const renamed = renameInWasm(wasm, ownModule);
  // The import object's keys: `        __wbg_x_0123: function(`, and `"./module": importN`.
  glue = replaceEach(glue, renamed.imports, (n) => new RegExp(`(?<=[\\s{,])${n}(?=:)`, "g"), "import", true);
  glue = replaceEach(glue, renamed.modules, (n) => new RegExp(`["']${n}["'](?=: )`, "g"), "import module", true);
  // An export the glue does not use (one only Rust calls) is in the .wasm alone.
  glue = replaceEach(glue, renamed.exports, (n) => new RegExp(`\\bwasm\\.${n}\\b`, "g"), "use of export", false);
  types = types.map((t) => {
    for (const [from, to] of renamed.exports) {
      t = t.replace(new RegExp(`\\b(readonly|export const) ${escape(from)}(?=:)`, "g"), `$1 ${to}`);
    }
    return t;
  });
  return { wasm: renamed.wasm, glue, types };
}
