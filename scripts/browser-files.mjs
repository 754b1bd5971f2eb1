// The files a browser downloads for `import "sync-wasm"`: the `browser` entry and every module it
// imports, found by following the static imports, plus the .wasm. One list for the size budget
// (check-size.mjs), the build's report and the bench.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The JS modules, in load order from pkg/web.js. */
export function browserModules(pkg) {
  const seen = [];
  const visit = (file) => {
    if (seen.includes(file)) return;
    seen.push(file);
    const source = readFileSync(join(pkg, file), "utf8");
    for (const [, specifier] of source.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) visit(specifier);
  };
  visit("web.js");
  return seen;
}

/** The JS modules' bytes, concatenated (what the size measures gzip as one stream). */
export function browserJs(pkg) {
  return Buffer.concat(browserModules(pkg).map((f) => readFileSync(join(pkg, f))));
}
