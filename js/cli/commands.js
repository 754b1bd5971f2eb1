// The API commands: status, list, models, generate. Each takes (argv, ctx) with
// ctx = { env, stdout, stderr, process } and returns an exit code or throws (see errors.js).
import { createWriteStream, existsSync, linkSync, readFileSync, renameSync, statSync, unlinkSync } from "node:fs";
import * as fs from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CONNECTION_HELP, EXIT_CODES_HELP, connection, integer, parse } from "./args.js";
import { CliError, EXIT, UsageError } from "./errors.js";
import { bar, createOutput, formatBytes, formatElapsed } from "./output.js";

async function makeClient(values, ctx) {
  const { apiKey, baseUrl } = connection(values, ctx.env);
  ctx.secrets?.push(apiKey);
  // Loaded here, not at the top, so `--help` and usage errors never instantiate the wasm.
  const { SyncClient } = await import("../node.js");
  return { client: new SyncClient({ apiKey, ...(baseUrl ? { baseUrl } : {}) }), apiKey };
}

function help(ctx, text) {
  ctx.stdout.write(text);
  return EXIT.ok;
}

/** One line for a generation. */
function describe(g) {
  const parts = [g.id, g.status, g.model];
  if (g.outputUrl) parts.push(g.outputUrl);
  if (g.errorCode || g.error) parts.push(`${g.errorCode ?? ""} ${g.error ?? ""}`.trim());
  return parts.filter(Boolean).join("  ");
}

/**
 * Waits for a generation with progress; Ctrl-C stops waiting (the generation keeps running), prints
 * the id and how to resume, and exits 130; a second Ctrl-C exits at once.
 */
async function waitWithProgress(client, id, out, ctx, { timeoutMs } = {}) {
  const started = Date.now();
  const controller = new AbortController();
  const proc = ctx.process;
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) proc.exit(EXIT.interrupted);
    interrupted = true;
    controller.abort();
  };
  proc.on("SIGINT", onSigint);
  let last = "";
  const show = (status) => {
    if (status && status !== last.split(" → ").at(-1)) last = last ? `${last} → ${status}` : status;
    out.progress(`${id}  ${last}  ${formatElapsed(Date.now() - started)}`);
  };
  // Redraw the elapsed time on a terminal; plain output only prints changes.
  const ticker = out.mode === "tty" ? setInterval(() => show(), 1000) : undefined;
  try {
    return await client.generations.waitForCompletion(id, {
      signal: controller.signal,
      // Short holds, so PROCESSING shows up while the server holds the long poll.
      longPollSeconds: 2,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      onProgress: (g) => show(g.status),
    });
  } catch (e) {
    if (interrupted || e?.name === "SyncAbortError") {
      throw new CliError(`stopped waiting; generation ${id} keeps running. Resume with: sync-wasm status ${id} --wait`, EXIT.interrupted);
    }
    throw e;
  } finally {
    if (ticker) clearInterval(ticker);
    proc.off("SIGINT", onSigint);
    out.done();
  }
}

const STATUS_HELP = `Usage: sync-wasm status <id> [--wait] [--json]

Show a generation. With --wait, wait until it ends (Ctrl-C stops waiting; the generation keeps
running) and exit 7 if it did not complete.

Options:
  --wait                wait for the generation to end
  --timeout <seconds>   with --wait: give up after this long (default 900; exit 8)
  --json                print the generation as JSON, nothing else
  -h, --help            this help

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

export async function statusCommand(argv, ctx) {
  const { values, positionals } = parse(argv, { wait: { type: "boolean", default: false }, timeout: { type: "string" } }, { positionals: 1 });
  if (values.help) return help(ctx, STATUS_HELP);
  const [id] = positionals;
  if (!id) throw new UsageError("status needs a generation id: sync-wasm status <id>");
  const timeout = integer(values, "timeout");
  const { client, apiKey } = await makeClient(values, ctx);
  const out = createOutput({ stdout: ctx.stdout, stderr: ctx.stderr, json: values.json, secret: apiKey });
  const g = values.wait
    ? await waitWithProgress(client, id, out, ctx, { timeoutMs: timeout !== undefined ? timeout * 1000 : undefined })
    : await client.generations.get(id);
  out.result(g, describe);
  return EXIT.ok;
}

const LIST_HELP = `Usage: sync-wasm list [--status <S>[,<S>...]] [--limit <n>] [--json]

List generations, newest first (one line each: id, status, model, output URL or error).

Options:
  --status <list>   only these statuses (PENDING, PROCESSING, COMPLETED, FAILED, REJECTED, ...)
  --limit <n>       at most n (default 20)
  --json            print the generations as a JSON array, nothing else
  -h, --help        this help

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

export async function listCommand(argv, ctx) {
  const { values } = parse(argv, { status: { type: "string" }, limit: { type: "string" } });
  if (values.help) return help(ctx, LIST_HELP);
  const limit = integer(values, "limit") ?? 20;
  const status = values.status?.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
  const { client, apiKey } = await makeClient(values, ctx);
  const out = createOutput({ stdout: ctx.stdout, stderr: ctx.stderr, json: values.json, secret: apiKey });
  const items = await client.generations.list({ limit, ...(status?.length ? { status } : {}) });
  out.result(items, (list) => (list.length ? list.map(describe) : ["(no generations)"]));
  return EXIT.ok;
}

const MODELS_HELP = `Usage: sync-wasm models [--json]

List the models the API offers (id, type, version, and when deprecated).

Options:
  --json       print the models as a JSON array, nothing else
  -h, --help   this help

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

export async function modelsCommand(argv, ctx) {
  const { values } = parse(argv, {});
  if (values.help) return help(ctx, MODELS_HELP);
  const { client, apiKey } = await makeClient(values, ctx);
  const out = createOutput({ stdout: ctx.stdout, stderr: ctx.stderr, json: values.json, secret: apiKey });
  const models = await client.models.list();
  out.result(models, (list) =>
    list.map((m) => [m.id, m.type, m.version, m.deprecatedAt ? `deprecated ${m.deprecatedAt}` : ""].filter(Boolean).join("  ")),
  );
  return EXIT.ok;
}

const GENERATE_HELP = `Usage: sync-wasm generate --video <file|url> --audio <file|url> [options]

Lip-sync a video to an audio. Local files are uploaded first (assets.upload: the bytes go straight
to storage, and the generate request is small JSON the SDK can retry safely); URLs are passed
through. Then it waits for the generation and downloads the result.

Options:
  --video <file|url>        the video (required)
  --audio <file|url>        the audio (required)
  --model <id>              default lipsync-2 (see sync-wasm models)
  --sync-mode <mode>        cut_off, loop, bounce, silence or remap
  --option <key=value>      another generation option (value parsed as JSON if it is); repeatable
  --out <file>              where to save the result (default: <video name>.synced.mp4 next to a
                            local video, or in the current directory for a URL)
  --force                   overwrite --out if it exists
  --no-wait                 print the generation id and exit (resume: sync-wasm status <id> --wait)
  --idempotency-key <key>   reuse it to make a retried command not create a second generation
  --timeout <seconds>       give up waiting after this long (default 900; exit 8)
  --json                    print the result as JSON, nothing else
  -h, --help                this help

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

const isUrl = (s) => /^https?:\/\//i.test(s);

const CONTENT_TYPES = { ".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm", ".mkv": "video/x-matroska", ".wav": "audio/wav", ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".aac": "audio/aac", ".ogg": "audio/ogg", ".flac": "audio/flac", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg" };

/** The default output path: <name>.synced.mp4 beside a local video, or in the cwd for a URL. */
export function defaultOut(video, cwd) {
  if (isUrl(video)) {
    let name = basename(new URL(video).pathname) || "output";
    name = name.replace(/[^A-Za-z0-9._-]/g, "_");
    return join(cwd, `${name.slice(0, name.length - extname(name).length) || "output"}.synced.mp4`);
  }
  const file = resolve(cwd, video);
  return join(dirname(file), `${basename(file, extname(file))}.synced.mp4`);
}

function parseOptions(pairs) {
  const options = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--option takes key=value, not "${pair}"`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    let value = raw;
    try {
      value = JSON.parse(raw);
    } catch {}
    options[key] = value;
  }
  return options;
}

/** A Blob of a local file: file-backed where Node has fs.openAsBlob (20+), so it is not read into memory. */
async function fileBlob(path) {
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
  if (typeof fs.openAsBlob === "function") return fs.openAsBlob(path, { type });
  return new Blob([readFileSync(path)], { type });
}

async function inputFor(kind, value, client, out, cwd) {
  if (isUrl(value)) return { type: kind, url: value };
  const path = resolve(cwd, value);
  let size;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`--${kind} ${value} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--${kind} ${value}: ${e.code === "ENOENT" ? "no such file" : e.code ?? e.message}`);
  }
  out.progress(`uploading ${basename(path)} (${formatBytes(size)})...`);
  // TODO(issue 17): byte progress of the upload; assets.upload takes no progress callback today.
  const asset = await client.assets.upload(await fileBlob(path), { fileName: basename(path) });
  out.info(`uploaded ${basename(path)} (${formatBytes(size)}) as asset ${asset.id}`);
  return { type: kind, assetId: asset.id };
}

/** Streams `url` to `dest` with progress: to `<dest>.part`, then moved in place (refusing to replace
 * an existing file unless `force`). Sends no API key: output URLs are presigned. */
async function download(url, dest, force, out) {
  const res = await fetch(url, { redirect: "follow" });
  if (!res.ok || !res.body) throw new CliError(`download of the output failed: HTTP ${res.status}`, EXIT.network);
  const total = Number(res.headers.get("content-length")) || undefined;
  let got = 0;
  const part = `${dest}.part`;
  const name = basename(dest);
  const counted = Readable.fromWeb(res.body).on("data", (chunk) => {
    got += chunk.length;
    out.progress(total ? `downloading ${name} ${bar(got / total)} ${formatBytes(got)}` : `downloading ${name} ${formatBytes(got)}`);
  });
  try {
    await pipeline(counted, createWriteStream(part));
    if (force) renameSync(part, dest);
    else {
      linkSync(part, dest); // fails with EEXIST instead of replacing a file that appeared meanwhile
      unlinkSync(part);
    }
  } catch (e) {
    try {
      unlinkSync(part);
    } catch {}
    if (e.code === "EEXIST") throw new UsageError(`${dest} exists; pass --force to overwrite it, or --out <file>`);
    if (e instanceof CliError) throw e;
    throw new CliError(`download of the output failed: ${e.code ?? e.message}`, EXIT.network);
  }
  out.done();
  return got;
}

export async function generateCommand(argv, ctx) {
  const { values } = parse(argv, {
    video: { type: "string" },
    audio: { type: "string" },
    model: { type: "string", default: "lipsync-2" },
    "sync-mode": { type: "string" },
    option: { type: "string", multiple: true },
    out: { type: "string" },
    force: { type: "boolean", default: false },
    "no-wait": { type: "boolean", default: false },
    "idempotency-key": { type: "string" },
    timeout: { type: "string" },
  });
  if (values.help) return help(ctx, GENERATE_HELP);
  if (!values.video || !values.audio) throw new UsageError("generate needs --video <file|url> and --audio <file|url>");
  const cwd = ctx.cwd ?? process.cwd();
  const timeout = integer(values, "timeout");
  const options = parseOptions(values.option);
  if (values["sync-mode"]) options.sync_mode = values["sync-mode"];
  const wait = !values["no-wait"];
  const dest = wait ? resolve(cwd, values.out ?? defaultOut(values.video, cwd)) : undefined;
  // Refuse before uploading or paying for anything.
  if (dest && !values.force && existsSync(dest)) throw new UsageError(`${dest} exists; pass --force to overwrite it, or --out <file>`);

  const { client, apiKey } = await makeClient(values, ctx);
  const out = createOutput({ stdout: ctx.stdout, stderr: ctx.stderr, json: values.json, secret: apiKey });
  const input = [await inputFor("video", values.video, client, out, cwd), await inputFor("audio", values.audio, client, out, cwd)];
  const created = await client.generations.create(
    { model: values.model, input, ...(Object.keys(options).length ? { options } : {}) },
    values["idempotency-key"] ? { idempotencyKey: values["idempotency-key"] } : {},
  );
  if (!wait) {
    out.result({ id: created.id, status: created.status }, (r) => r.id);
    return EXIT.ok;
  }
  out.info(`generation ${created.id} created`);
  const g = await waitWithProgress(client, created.id, out, ctx, { timeoutMs: timeout !== undefined ? timeout * 1000 : undefined });
  const url = g.outputUrl ?? g.outputMediaUrl;
  if (!url) throw new CliError(`generation ${g.id} completed without an output URL`, EXIT.other);
  const bytes = await download(url, dest, values.force, out);
  out.result({ id: g.id, status: g.status, outputUrl: url, out: dest, bytes }, (r) => r.out);
  return EXIT.ok;
}
