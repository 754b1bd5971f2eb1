// Shared helpers for the framework and bundler tests (tests/frameworks/*.test.mjs): the package is
// packed once per process with `npm pack`, each test makes a fresh consumer project under
// .tmp/frameworks/<name> that depends on the tarball (as users install it), and builds and runs it
// with the framework's own CLI against the mock server on loopback.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync, cpSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { startMockServer, DEFAULT_KEY } from "../mock.mjs";
import { freePort } from "../free-port.mjs";

export { startMockServer, DEFAULT_KEY, freePort };

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..", "..");
export const work = join(root, ".tmp", "frameworks");

/** The mock server (stepMs defaults to 200 so generations complete quickly). */
export function startMock(options = {}) {
  return startMockServer({ stepMs: 200, ...options });
}

let packed;

/**
 * `npm pack` of pkg/ into .tmp/frameworks/, once per process (under the build lock other builds use,
 * so a concurrent `scripts/build.sh` cannot change pkg/ while it is packed). Returns the tarball path.
 * SYNC_WASM_TARBALL=<path of a .tgz> tests that tarball instead (e.g. an older or patched package,
 * to see which cases fail on it).
 */
export function packTarball() {
  if (packed) return packed;
  if (process.env.SYNC_WASM_TARBALL) {
    packed = process.env.SYNC_WASM_TARBALL;
    if (!existsSync(packed)) throw new Error(`SYNC_WASM_TARBALL=${packed} does not exist`);
    return packed;
  }
  if (!existsSync(join(root, "pkg", "package.json"))) throw new Error("pkg/ is not built: run scripts/build.sh");
  mkdirSync(work, { recursive: true });
  mkdirSync(join(root, ".tmp"), { recursive: true });
  const out = execFileSync(
    "flock",
    [join(root, ".tmp", "build.lock"), "npm", "pack", "--silent", "--pack-destination", work, join(root, "pkg")],
    { encoding: "utf8" },
  );
  const name = out.trim().split("\n").pop();
  packed = join(work, name);
  if (!existsSync(packed)) throw new Error(`npm pack gave no tarball: ${out}`);
  return packed;
}

/**
 * A fresh project at .tmp/frameworks/<name>: `files` (relative path → string contents, or
 * { from: absolute dir or file } to copy), a package.json depending on `sync-wasm: file:<tarball>`
 * plus the given dependencies, then `npm install`. Returns the directory. The directory is
 * removed first, so every run installs the tarball afresh.
 */
export async function project(name, { files = {}, dependencies = {}, devDependencies = {}, type = "module", scripts, timeoutMs = 600_000, extra = {} } = {}) {
  const tarball = packTarball();
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [path, contents] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    if (contents && typeof contents === "object" && "from" in contents) cpSync(contents.from, target, { recursive: true });
    else writeFileSync(target, contents);
  }
  const manifest = {
    name: `consumer-${name.replace(/[^a-z0-9-]/gi, "-").toLowerCase()}`,
    private: true,
    type,
    ...(scripts ? { scripts } : {}),
    dependencies: { "sync-wasm": `file:${tarball}`, ...dependencies },
    ...(Object.keys(devDependencies).length ? { devDependencies } : {}),
    ...extra,
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, timeoutMs });
  if (!existsSync(join(dir, "node_modules", "sync-wasm", "package.json"))) throw new Error(`${name}: sync-wasm was not installed from ${tarball}`);
  return dir;
}

/** The environment children get: this process's, plus no telemetry, plus `env`. */
function childEnv(env = {}) {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", CI: process.env.CI ?? "1", ...env };
}

/**
 * Run a command to completion. Resolves with `{ stdout, stderr, output }`; rejects with an Error whose
 * message holds the command and all its output on a non-zero exit, a signal or a timeout.
 */
export function run(command, args = [], { cwd, env, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (d) => ((stdout += d), (output += d)));
    child.stderr.on("data", (d) => ((stderr += d), (output += d)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, "SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && !timedOut) resolve({ stdout, stderr, output });
      else {
        const why = timedOut ? `timed out after ${timeoutMs} ms` : signal ? `was killed by ${signal}` : `exited ${code}`;
        const error = new Error(`\`${command} ${args.join(" ")}\` ${why} (in ${cwd ?? process.cwd()})\n${output}`);
        error.output = output;
        reject(error);
      }
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // the child and everything it started (it leads its own group)
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

/**
 * Start a long-running server and wait until `url` (or `http://127.0.0.1:<port><path>` when `port`
 * is given) answers any HTTP status. Resolves with `{ url, child, output(), stop() }`; rejects with
 * the server's output if it exits or does not answer within `timeoutMs`. `stop()` kills the process
 * group and resolves when the process has exited; it is safe to call twice.
 */
export async function start(command, args = [], { cwd, env, url, port, path = "/", timeoutMs = 60_000 } = {}) {
  const target = url ?? `http://127.0.0.1:${port}${path}`;
  const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  let spawnError;
  child.on("error", (e) => (spawnError = e));
  let stopped = false;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && !stopped) {
      stopped = true;
      killGroup(child, "SIGTERM");
      const late = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
      await exited;
      clearTimeout(late);
    }
    await exited;
  };
  const server = { url: target, child, output: () => output, stop };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw new Error(`${command} could not start: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`\`${command} ${args.join(" ")}\` exited (${child.exitCode ?? child.signalCode}) before ${target} answered:\n${output}`);
    }
    try {
      const response = await fetch(target, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      return server;
    } catch (e) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${target} did not answer within ${timeoutMs} ms (${e.message}):\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Files under `dir` (recursively), as paths relative to it: for copying fixture folders. */
export function fixtureFiles(dir) {
  const files = {};
  const walk = (sub) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else files[rel] = { from: join(dir, rel) };
    }
  };
  walk("");
  return files;
}
