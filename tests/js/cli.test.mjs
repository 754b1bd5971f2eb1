// The `sync-wasm` command line (pkg/bin/sync-wasm.js, built by scripts/build.sh) against the
// testing kit's mock on loopback: each run is a child process with SYNC_API_KEY / SYNC_BASE_URL, as
// a user's shell would start it. Every run is checked for the key in its stdout and stderr and, as
// none is a TTY, for control characters.
//
//   node --test tests/js/cli.test.mjs
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
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

describe("help and usage", () => {
  test("--help lists the commands and exit codes; every command has --help", async () => {
    const main = await run(["--help"]);
    assert.equal(main.code, 0);
    for (const c of ["generate", "status", "list", "models", "mock"]) assert.match(main.stdout, new RegExp(`^  ${c} `, "m"));
    assert.match(main.stdout, /Exit codes/);
    for (const c of ["generate", "status", "list", "models"]) {
      const r = await run([c, "--help"]);
      assert.equal(r.code, 0, c);
      assert.match(r.stdout, new RegExp(`^Usage: sync-wasm ${c}`), c);
    }
  });

  test("usage mistakes exit 2 with one line and a pointer to --help", async () => {
    for (const args of [["status"], ["list", "--limit", "zero"], ["generate", "--video", "x.mp4"], ["models", "--bogus"], ["nope"]]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.stdout, "", args.join(" "));
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
    assert.match(r.stderr, /could not reach the API/);
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
