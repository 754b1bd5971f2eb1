// The `sync-wasm` command line (pkg/bin/sync-wasm.js, built by scripts/build.sh) against the
// testing kit's mock on loopback: each run is a child process with SYNC_API_KEY / SYNC_BASE_URL, as
// a user's shell would start it. Every run is checked for the key in its stdout and stderr and, as
// none is a TTY, for control characters.
//
//   node --test tests/js/cli.test.mjs
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMockSync } from "../../pkg/testing/index.js";

const BIN = fileURLToPath(new URL("../../pkg/bin/sync-wasm.js", import.meta.url));
const KEY = "sk-cli-test-6b1f0c9e2d7a";
// C0 controls but the newline, DEL, C1 controls.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let mock; // real clock, generations end after 2 × 150 ms
let stuck; // generations never end by themselves (generations.fail / complete, Ctrl-C)
let dir;

before(async () => {
  mock = createMockSync({ apiKey: KEY, clock: "real", stepMs: 150 });
  await mock.listen({ port: 0 });
  stuck = createMockSync({ apiKey: KEY, clock: "real", stepMs: Infinity });
  await stuck.listen({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), "sync-wasm-cli-"));
});
after(async () => {
  await mock.close();
  await stuck.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the bin; resolves with { code, signal, stdout, stderr } after checking the output is clean. */
function run(args, { env = {}, server = mock, onStderr } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, SYNC_API_KEY: KEY, SYNC_BASE_URL: server.url, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      try {
        for (const [name, text] of [["stdout", stdout], ["stderr", stderr]]) {
          assert.ok(!text.includes(KEY), `the key is in ${name}: ${text}`);
          assert.ok(!CONTROL.test(text), `control characters in ${name} (not a TTY): ${JSON.stringify(text)}`);
        }
      } catch (e) {
        return reject(e);
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs the bin on a pseudo-terminal (util-linux script(1)), as a user's shell would; resolves with
 * { code, text } where text is what the terminal received (stdout and stderr together). */
function runOnTerminal(args, { server = mock } = {}) {
  const log = join(dir, `tty-${Math.random().toString(36).slice(2)}.log`);
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-q", "-e", "-c", command, log], {
      cwd: dir,
      env: { PATH: process.env.PATH, SYNC_API_KEY: KEY, SYNC_BASE_URL: server.url, TERM: "xterm" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (!existsSync(log)) return reject(new Error(`script(1) wrote no log: ${err}`));
      const text = readFileSync(log, "utf8");
      rmSync(log);
      resolve({ code, text });
    });
  });
}

describe("help and usage", () => {
  test("--help lists the commands and exit codes; every command has --help", async () => {
    const main = await run(["--help"]);
    assert.equal(main.code, 0);
    for (const c of ["generate", "status", "list", "estimate", "models", "batch", "webhook", "mock"]) assert.match(main.stdout, new RegExp(`^  ${c} `, "m"));
    assert.match(main.stdout, /Exit codes/);
    for (const c of ["generate", "status", "list", "estimate", "models", "batch submit", "batch status", "webhook verify"]) {
      const r = await run([...c.split(" "), "--help"]);
      assert.equal(r.code, 0, c);
      assert.match(r.stdout, new RegExp(`^Usage: sync-wasm ${c}`), c);
    }
  });

  test("usage mistakes exit 2 with one line and a pointer to --help", async () => {
    for (const args of [["status"], ["list", "--limit", "zero"], ["generate", "--video", "x.mp4"], ["models", "--bogus"], ["nope"], ["batch", "resubmit"], ["webhook", "sign"], ["batch", "submit"]]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.stdout, "", args.join(" "));
    }
  });

  test("--version after any command prints the package's version", async () => {
    const version = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url), "utf8")).version;
    for (const args of [["--version"], ["generate", "--version"], ["batch", "submit", "-v"], ["webhook", "verify", "--version"]]) {
      const r = await run(args);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stdout, `${version}\n`, args.join(" "));
    }
  });

  test("there is no --api-key flag; the refusal says where the key goes", async () => {
    const r = await run(["models", "--api-key", KEY.slice(0, 3)]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /SYNC_API_KEY/);
    assert.match(r.stderr, /--api-key-file/);
  });

  test("no key at all: exit 3 before any request", async () => {
    mock.clearRequests();
    const r = await run(["models"], { env: { SYNC_API_KEY: "" } });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no API key: set SYNC_API_KEY/);
    assert.equal(mock.requests.length, 0);
  });

  test("--api-key-file instead of the environment", async () => {
    const file = join(dir, "key.txt");
    writeFileSync(file, `${KEY}\n`);
    const r = await run(["models", "--api-key-file", file], { env: { SYNC_API_KEY: "" } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /lipsync-2/);
  });
});

describe("read commands", () => {
  test("models and list: lines, and --json that parses", async () => {
    const models = await run(["models"]);
    assert.equal(models.code, 0, models.stderr);
    assert.match(models.stdout, /^lipsync-2 /m);
    const json = await run(["models", "--json"]);
    assert.equal(json.code, 0);
    assert.equal(json.stderr, "");
    assert.ok(JSON.parse(json.stdout).some((m) => m.id === "lipsync-2"));
    const list = await run(["list", "--limit", "5", "--json"]);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(Array.isArray(JSON.parse(list.stdout)));
  });
});

describe("generate", () => {
  test("with URLs: waits, downloads the output byte for byte, plain progress lines", async () => {
    const out = join(dir, "url-result.mp4");
    const r = await run(["generate", "--video", "https://example.com/media/talk.mp4", "--audio", "https://example.com/media/voice.wav", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), out);
    assert.match(r.stderr, /PENDING/);
    assert.match(r.stderr, /COMPLETED/);
    const g = mock.generations.list().find((x) => x.input.some((i) => i.url === "https://example.com/media/talk.mp4"));
    assert.equal(g.status, "COMPLETED");
    const expected = Buffer.from(await (await fetch(g.outputUrl)).arrayBuffer());
    assert.ok(expected.length > 0);
    assert.deepEqual(readFileSync(out), expected);
  });

  test("the default output is <video name>.synced.mp4; never overwritten without --force", async () => {
    const args = ["generate", "--video", "https://example.com/media/interview.mp4", "--audio", "https://example.com/media/voice.wav"];
    const first = await run(args);
    assert.equal(first.code, 0, first.stderr);
    const out = join(dir, "interview.synced.mp4");
    assert.equal(first.stdout.trim(), out);
    writeFileSync(out, "mine");
    mock.clearRequests();
    const again = await run(args);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /exists; pass --force/);
    assert.equal(readFileSync(out, "utf8"), "mine");
    assert.equal(mock.requests.filter((q) => q.method === "POST").length, 0, "refused before creating anything");
    const forced = await run([...args, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(readFileSync(out, "utf8"), "mine");
  });

  test("with local files: uploaded as assets, then the output byte for byte", async () => {
    const video = join(dir, "local.mp4");
    const audio = join(dir, "local.wav");
    writeFileSync(video, Buffer.alloc(4096, 7));
    writeFileSync(audio, Buffer.alloc(2048, 3));
    const r = await run(["generate", "--video", video, "--audio", audio, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "--json prints nothing but the JSON");
    const result = JSON.parse(r.stdout);
    assert.equal(result.out, join(dir, "local.synced.mp4"));
    const g = mock.generations.get(result.id);
    assert.ok(g.input.every((i) => i.assetId), JSON.stringify(g.input));
    const expected = Buffer.from(await (await fetch(result.outputUrl)).arrayBuffer());
    assert.deepEqual(readFileSync(result.out), expected);
  });

  test("--no-wait prints the id; status --wait then follows it to the end", async () => {
    const created = await run(["generate", "--video", "https://example.com/a.mp4", "--audio", "https://example.com/a.wav", "--no-wait"]);
    assert.equal(created.code, 0, created.stderr);
    const id = created.stdout.trim();
    assert.ok(mock.generations.get(id), id);
    const status = await run(["status", id, "--wait", "--json"]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).status, "COMPLETED");
  });
});

describe("errors: one line, the documented exit code, no key", () => {
  const cases = [
    { status: 401, code: 3, message: /SYNC_API_KEY/ },
    { status: 402, code: 4, message: /billing/ },
    { status: 400, code: 5, message: /refused the request \(400\)/ },
    { status: 429, code: 6, message: /retry/ },
  ];
  for (const c of cases) {
    test(`${c.status} → exit ${c.code}`, async () => {
      // Every attempt, so the SDK's retries of a 429 all see it.
      const fault = mock.fail({ path: "/v2/models", status: c.status, times: Infinity, headers: c.status === 429 ? { "retry-after": "0" } : {} });
      try {
        const r = await run(["models"]);
        assert.equal(r.code, c.code, r.stderr);
        assert.match(r.stderr, c.message);
        assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
        assert.equal(r.stdout, "");
      } finally {
        fault.cancel();
      }
    });
  }

  test("a refused argument (SDK validation) → exit 5", async () => {
    const r = await run(["generate", "--video", "https://example.com/a.mp4", "--audio", "https://example.com/a.wav", "--option", "temperature=7", "--no-wait"]);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /temperature/);
  });

  test("no server → exit 8", async () => {
    const r = await run(["models"], { env: { SYNC_BASE_URL: "http://127.0.0.1:9" } });
    assert.equal(r.code, 8, r.stderr);
    assert.match(r.stderr, /^sync-wasm models: Could not reach the Sync API at http:\/\/127\.0\.0\.1:9 for GET \/v2\/models .*; check the network and SYNC_BASE_URL \(or --base-url\)\n$/);
    assert.doesNotMatch(r.stderr, /baseUrl|\.\./, "the CLI's advice, not the SDK's");
  });

  test("a generation that fails → exit 7 with its error code", async () => {
    const created = await run(["generate", "--video", "https://example.com/f.mp4", "--audio", "https://example.com/f.wav", "--no-wait"], { server: stuck });
    assert.equal(created.code, 0, created.stderr);
    const id = created.stdout.trim();
    await stuck.generations.fail(id, { errorCode: "generation_pipeline_failed" });
    const r = await run(["status", id, "--wait"], { server: stuck });
    assert.equal(r.code, 7, r.stderr);
    assert.match(r.stderr, /generation_pipeline_failed/);
    assert.ok(r.stderr.includes(id));
  });

  test("Ctrl-C while waiting: prints the id and how to resume, exits 130", async () => {
    const created = await run(["generate", "--video", "https://example.com/c.mp4", "--audio", "https://example.com/c.wav", "--no-wait"], { server: stuck });
    const id = created.stdout.trim();
    let sent = false;
    const r = await run(["status", id, "--wait"], {
      server: stuck,
      onStderr: (text, child) => {
        if (!sent && text.includes("PENDING")) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    assert.ok(sent, "saw the progress line");
    assert.equal(r.code, 130, r.stderr);
    assert.ok(r.stderr.includes(`sync-wasm status ${id} --wait`), r.stderr);
    assert.equal(stuck.generations.get(id).status, "PENDING", "the generation keeps running");
  });
});

describe("progress", () => {
  test("on a terminal: byte progress for the upload and the download, redrawn in place; the status sequence", async () => {
    const video = join(dir, "tty.mp4");
    writeFileSync(video, Buffer.alloc(3 * 1024 * 1024, 1));
    const r = await runOnTerminal(["generate", "--video", video, "--audio", "https://example.com/tty.wav"]);
    assert.equal(r.code, 0, r.text);
    assert.ok(!r.text.includes(KEY), "the key is not shown");
    assert.match(r.text, /\r\u001b\[2Kuploading tty\.mp4 \[#{20}\] 100% 3\.0 MiB of 3\.0 MiB/, "the upload's bar reaches 100%");
    assert.match(r.text, /\r\u001b\[2Kuploading tty\.mp4 \[[#-]{20}\] +\d+% \d/, "the upload's bar is redrawn with a byte count");
    assert.match(r.text, /PENDING( → PROCESSING)? → COMPLETED {2}\d+s/);
    assert.match(r.text, /\r\u001b\[2Kdownloading tty\.synced\.mp4 \[#{20}\] 100%/);
    assert.match(r.text, /tty\.synced\.mp4\r?\n/);
    const g = mock.generations.list().find((x) => x.input.some((i) => i.url === "https://example.com/tty.wav"));
    assert.ok(g.input.some((i) => i.type === "video" && i.assetId), "the video was uploaded as an asset");
    assert.equal(g.status, "COMPLETED");
  });

  test("not on a terminal: the upload in coarse steps, one line each", async () => {
    const video = join(dir, "plain.mp4");
    writeFileSync(video, Buffer.alloc(2 * 1024 * 1024, 2));
    const r = await run(["generate", "--video", video, "--audio", "https://example.com/plain.wav"]);
    assert.equal(r.code, 0, r.stderr);
    const steps = r.stderr.split("\n").filter((l) => l.startsWith("uploading plain.mp4: "));
    assert.deepEqual(steps.at(-1), "uploading plain.mp4: 100%");
    assert.ok(steps.length >= 2 && steps.length <= 11, steps.join("\n"));
    assert.equal(new Set(steps).size, steps.length, "no line printed twice");
  });
});

describe("waiting and stopping", () => {
  async function createStuck(name) {
    const created = await run(["generate", "--video", `https://example.com/${name}.mp4`, "--audio", "https://example.com/s.wav", "--no-wait"], { server: stuck });
    assert.equal(created.code, 0, created.stderr);
    return created.stdout.trim();
  }

  test("--timeout: exit 8, and how to check on it", async () => {
    const id = await createStuck("timeout");
    const r = await run(["status", id, "--wait", "--timeout", "1"], { server: stuck });
    assert.equal(r.code, 8, r.stderr);
    assert.ok(r.stderr.endsWith(`sync-wasm status: timed out: Generation ${id} did not finish within 1000 ms (last status PENDING). It keeps running on the server: sync-wasm status ${id} --wait\n`), r.stderr);
  });

  test("a second Ctrl-C exits at once: cleanups run, the resume line is said, exit 130 (onInterrupt)", async () => {
    // Two SIGINTs sent at once may reach a process as one (signals are not queued), so the second
    // one is driven through the handler directly, on a stand-in process.
    const { onInterrupt } = await import("../../pkg/cli/interrupt.js");
    const proc = new EventEmitter();
    const exits = [];
    proc.exit = (code) => exits.push(code);
    const said = [];
    const stop = onInterrupt(proc, (line) => said.push(line));
    stop.hint = "stopped waiting; resume with: sync-wasm status g1 --wait";
    let cleaned = 0;
    stop.cleanup(() => cleaned++);
    const forget = stop.cleanup(() => assert.fail("a removed cleanup ran"));
    forget();
    proc.emit("SIGINT");
    assert.equal(stop.signal.aborted, true, "the first aborts");
    assert.equal(stop.interrupted, true);
    assert.deepEqual(exits, [], "and does not exit");
    proc.emit("SIGINT");
    assert.deepEqual(exits, [130], "the second exits 130");
    assert.equal(cleaned, 1);
    assert.deepEqual(said, [stop.hint]);
    stop.dispose();
    assert.equal(proc.listenerCount("SIGINT"), 0, "dispose removes the handler");
  });

  test("Ctrl-C during the download: the part file is removed, and the command to fetch it is printed", async () => {
    const fault = mock.fail({ path: "/outputs/*", status: 200, body: "x".repeat(64 * 1024), bodyDelayMs: 30_000 });
    const out = join(dir, "interrupted.mp4");
    let sent = false;
    try {
      const r = await run(["generate", "--video", "https://example.com/dl.mp4", "--audio", "https://example.com/dl.wav", "--out", out], {
        onStderr: (text, child) => {
          if (!sent && text.includes("downloading")) {
            sent = true;
            child.kill("SIGINT");
          }
        },
      });
      assert.ok(sent, r.stderr);
      assert.equal(r.code, 130, r.stderr);
      const id = mock.generations.list().find((g) => g.input.some((i) => i.url === "https://example.com/dl.mp4")).id;
      assert.ok(r.stderr.includes(`sync-wasm status ${id} --out ${out}`), r.stderr);
      assert.ok(!existsSync(out) && !existsSync(`${out}.part`), "nothing left behind");
      // The printed command then saves it.
      fault.cancel();
      const again = await run(["status", id, "--out", out]);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(readFileSync(out), Buffer.from(await (await fetch(mock.generations.get(id).outputUrl)).arrayBuffer()));
    } finally {
      fault.cancel();
    }
  });

  test("status --out of a generation still running, without --wait: exit 1, says to add --wait", async () => {
    const id = await createStuck("notyet");
    const r = await run(["status", id, "--out", join(dir, "notyet.mp4")], { server: stuck });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /not complete yet: add --wait/);
    assert.ok(!existsSync(join(dir, "notyet.mp4")));
  });
});

describe("estimate, batch, webhook verify", () => {
  test("estimate with URLs: frames and dollars; --json parses", async () => {
    const r = await run(["estimate", "--video", "https://example.com/e.mp4", "--audio", "https://example.com/e.wav"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^lipsync-2 {2}\d+ frames {2}\$\d+\.\d\d$/m);
    const json = await run(["estimate", "--video", "https://example.com/e.mp4", "--audio", "https://example.com/e.wav", "--model", "lipsync-2-pro", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const [estimate] = JSON.parse(json.stdout);
    assert.equal(typeof estimate.estimatedGenerationCost, "number");
    assert.equal(mock.generations.list().filter((g) => g.input.some((i) => i.url === "https://example.com/e.mp4")).length, 0, "nothing created");
  });

  const jobs = (n, plain = false) =>
    Array.from({ length: n }, (_, i) => {
      const payload = { model: "lipsync-2", input: [{ type: "video", url: `https://example.com/b${i}.mp4` }, { type: "audio", url: "https://example.com/b.wav" }] };
      return JSON.stringify(plain ? payload : { request_id: `job-${i}`, endpoint: "/v2/generate", payload });
    }).join("\n");

  test("batch submit: --dry-run validates, then a real submit, then batch status", async () => {
    const file = join(dir, "jobs.jsonl");
    writeFileSync(file, `${jobs(20)}\n`);
    const dry = await run(["batch", "submit", file, "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout.trim(), "VALIDATED  20 requests");
    const submitted = await run(["batch", "submit", file, "--json"]);
    assert.equal(submitted.code, 0, submitted.stderr);
    const batch = JSON.parse(submitted.stdout);
    assert.ok(batch.id);
    const status = await run(["batch", "status", batch.id]);
    assert.equal(status.code, 0, status.stderr);
    assert.ok(status.stdout.startsWith(`${batch.id}  `), status.stdout);
    assert.match(status.stdout, /\d+\/20 done/);
  });

  test("batch submit: plain generate bodies are sent as requests numbered by line", async () => {
    const file = join(dir, "plain.jsonl");
    writeFileSync(file, jobs(20, true));
    mock.clearRequests();
    const r = await run(["batch", "submit", file, "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), "VALIDATED  20 requests");
  });

  test("batch submit: a line that is not JSON → exit 5 with its number, before any request", async () => {
    const file = join(dir, "broken.jsonl");
    writeFileSync(file, `${jobs(3)}\n{"request_id": "x",\n`);
    mock.clearRequests();
    const r = await run(["batch", "submit", file]);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /line 4 is not JSON/);
    assert.equal(mock.requests.length, 0);
  });

  test("batch submit: the API's refusal (too few requests) → exit 5 with its message", async () => {
    const file = join(dir, "few.jsonl");
    writeFileSync(file, jobs(3));
    const r = await run(["batch", "submit", file]);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /20 to 500/);
  });

  /** Runs `webhook verify` with `body` on stdin. */
  function verify(args, body, env = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, "webhook", "verify", ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env }, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(body);
    });
  }

  test("webhook verify: a signed delivery verifies (exit 0), a changed one does not (exit 5); the secret is never printed", async () => {
    const body = JSON.stringify({ id: "gen-wh-1", status: "COMPLETED", model: "lipsync-2", outputUrl: "https://example.com/o.mp4" });
    const header = await mock.webhooks.sign(body);
    const secret = mock.webhookSecret;
    const ok = await verify(["--header", header], body, { SYNC_WEBHOOK_SECRET: secret });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.trim(), "verified  gen-wh-1  COMPLETED");
    const json = await verify(["--header", header, "--json"], body, { SYNC_WEBHOOK_SECRET: secret });
    assert.equal(JSON.parse(json.stdout).id, "gen-wh-1");
    const secretFile = join(dir, "whsec.txt");
    writeFileSync(secretFile, `${secret}\n`);
    const tampered = await verify(["--header", header, "--secret-file", secretFile], body.replace("COMPLETED", "FAILED"));
    assert.equal(tampered.code, 5, tampered.stderr);
    assert.match(tampered.stderr, /does not verify \(signature_mismatch\)/);
    const wrong = await verify(["--header", header, "--secret", "whsec_not_it"], body);
    assert.equal(wrong.code, 5);
    for (const r of [ok, json, tampered, wrong]) {
      assert.ok(!`${r.stdout}${r.stderr}`.includes(secret), "the secret is not printed");
      assert.ok(!`${r.stdout}${r.stderr}`.includes("whsec_not_it"), "nor a wrong one");
    }
    const noSecret = await verify(["--header", header], body);
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.stderr, /SYNC_WEBHOOK_SECRET/);
  });
});

describe("the README's command line sections", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = (heading) => {
    const start = readme.indexOf(heading);
    assert.ok(start >= 0, `README has "${heading}"`);
    const next = readme.slice(start + heading.length).search(/\n##? /);
    return readme.slice(start, next < 0 ? undefined : start + heading.length + next);
  };
  const blocks = (text, lang) => [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);

  test("the quickstart's one line, run as written (npx → the bin), saves <video>.synced.mp4", async () => {
    const [block] = blocks(section("### From a shell: `npx sync-wasm`"), "sh");
    const line = block.trim();
    assert.ok(line.startsWith("SYNC_API_KEY=... npx sync-wasm generate "), line);
    const args = line.replace("SYNC_API_KEY=... npx sync-wasm ", "").split(/\s+/);
    const video = args[args.indexOf("--video") + 1];
    const audio = args[args.indexOf("--audio") + 1];
    writeFileSync(join(dir, video), Buffer.alloc(8192, 5));
    writeFileSync(join(dir, audio), Buffer.alloc(4096, 6));
    const r = await run(args);
    assert.equal(r.code, 0, r.stderr);
    const out = join(dir, video.replace(/\.[^.]+$/, ".synced.mp4"));
    assert.equal(r.stdout.trim(), out);
    const id = /generation (\S+) created/.exec(r.stderr)?.[1];
    const g = mock.generations.get(id);
    assert.equal(g?.status, "COMPLETED", r.stderr);
    assert.ok(g.input.every((i) => i.assetId), "both files uploaded");
    assert.deepEqual(readFileSync(out), Buffer.from(await (await fetch(g.outputUrl)).arrayBuffer()));
  });

  test("every command the section shows exists (its --help exits 0)", async () => {
    const [block] = blocks(section("## Command line: `npx sync-wasm`"), "sh");
    const commands = new Set();
    for (const m of block.matchAll(/npx sync-wasm (\w+)(?: (submit|status|verify)\b)?/g)) commands.add(m[2] ? `${m[1]} ${m[2]}` : m[1]);
    assert.ok(commands.size >= 8, [...commands].join(", "));
    for (const c of commands) {
      const r = await run([...c.split(" "), "--help"]);
      assert.equal(r.code, 0, `${c}: ${r.stderr}`);
    }
  });

  test("the exit code table is the CLI's", async () => {
    const { EXIT } = await import("../../pkg/cli/errors.js");
    const table = section("## Command line: `npx sync-wasm`");
    const documented = [...table.matchAll(/^\| (\d+) \| /gm)].map((m) => Number(m[1]));
    assert.deepEqual(documented, [...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  });
});
