// The generation commands: generate, status, list, estimate. Each takes (argv, ctx) with
// ctx = { env, stdout, stderr, process, cwd?, secrets } and returns an exit code or throws (errors.js).
import { existsSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { CONNECTION_HELP, EXIT_CODES_HELP, integer, parse, showHelp } from "./args.js";
import { interruptible, startSession } from "./session.js";
import { CliError, EXIT, UsageError } from "./errors.js";
import { shellQuote } from "./interrupt.js";
import { bar, formatBytes, formatElapsed } from "./output.js";
import { download, fileBlob, outputExists } from "./transfer.js";

/** One line for a generation. */
export function describe(g) {
  const parts = [g.id, g.status, g.model];
  if (g.outputUrl) parts.push(g.outputUrl);
  if (g.errorCode || g.error) parts.push(`${g.errorCode ?? ""} ${g.error ?? ""}`.trim());
  return parts.filter(Boolean).join("  ");
}

const seconds = (values) => {
  const timeout = integer(values, "timeout");
  return timeout === undefined ? undefined : timeout * 1000;
};

/** Waits for a generation, showing each status and the time waited. */
async function waitWithProgress(client, id, out, signal, timeoutMs) {
  const started = Date.now();
  let seen = "";
  const show = (status) => {
    if (status && status !== seen.split(" → ").at(-1)) seen = seen ? `${seen} → ${status}` : status;
    out.progress(`${id}  ${seen}  ${formatElapsed(Date.now() - started)}`);
  };
  // A terminal gets the elapsed time redrawn each second; plain output prints changes only.
  const ticker = out.mode === "tty" ? setInterval(() => show(), 1000) : undefined;
  try {
    return await client.generations.waitForCompletion(id, {
      signal,
      // Short holds, so PROCESSING shows up while the server holds a long poll.
      longPollSeconds: 2,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      onProgress: (g) => show(g.status),
    });
  } finally {
    if (ticker) clearInterval(ticker);
    out.done();
  }
}

/** Downloads a completed generation's output to `dest` with progress; resolves with the byte count. */
async function saveOutput(g, dest, force, out, stop) {
  const url = g.outputUrl ?? g.outputMediaUrl;
  if (!url) throw new CliError(`generation ${g.id} completed without an output URL`, EXIT.other);
  const name = basename(dest);
  stop.hint = `stopped the download; generation ${g.id} is complete. Download it with: sync-wasm status ${g.id} --out ${shellQuote(dest)}`;
  const bytes = await download(url, dest, {
    force,
    signal: stop.signal,
    onCleanup: (fn) => stop.cleanup(fn),
    onBytes: (got, total) =>
      total
        ? out.progress(`downloading ${name} ${bar(got / total)} ${formatBytes(got)} of ${formatBytes(total)}`, { plain: `downloading ${name}: ${tenths(got / total)}%` })
        : out.progress(`downloading ${name} ${formatBytes(got)}`, { plain: `downloading ${name}` }),
  });
  out.done();
  out.info(`saved ${dest} (${formatBytes(bytes)})`);
  return { url, bytes };
}

/** A fraction as a percentage rounded down to a multiple of ten (coarse steps for plain output). */
const tenths = (fraction) => Math.min(100, Math.floor(fraction * 10) * 10);

/** Refuses an output path that exists (before anything is uploaded, created or paid for). */
function checkOut(dest, force) {
  if (!force && existsSync(dest)) throw outputExists(dest);
}

const STATUS_HELP = `Usage: sync-wasm status <id> [--wait] [--out <file>] [--json]

Show a generation. With --wait, wait until it ends (Ctrl-C stops waiting; the generation keeps
running) and exit 7 if it did not complete. With --out, save its output there once it is complete.

Options:
  --wait                wait for the generation to end
  --timeout <seconds>   with --wait: give up after this long (default 900; exit 8)
  --out <file>          save the output to this file (with --wait: once it completes)
  --force               overwrite --out if it exists
  --json                print the generation as JSON, nothing else
  -h, --help            this help

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

export async function statusCommand(argv, ctx) {
  const { values, positionals } = parse(
    argv,
    { wait: { type: "boolean", default: false }, timeout: { type: "string" }, out: { type: "string" }, force: { type: "boolean", default: false } },
    { positionals: 1 },
  );
  if (values.help) return showHelp(ctx, STATUS_HELP);
  const [id] = positionals;
  if (!id) throw new UsageError("status needs a generation id: sync-wasm status <id>");
  const timeoutMs = seconds(values);
  const dest = values.out === undefined ? undefined : resolve(ctx.cwd ?? process.cwd(), values.out);
  if (dest) checkOut(dest, values.force);
  const { client, out, stop } = await startSession(values, ctx);
  return interruptible(stop, async () => {
    stop.hint = `stopped waiting; generation ${id} keeps running. Resume with: sync-wasm status ${id} --wait${dest ? ` --out ${shellQuote(dest)}` : ""}`;
    const g = values.wait ? await waitWithProgress(client, id, out, stop.signal, timeoutMs) : await client.generations.get(id, { signal: stop.signal });
    if (!dest) {
      out.result(g, describe);
      return EXIT.ok;
    }
    if (g.status !== "COMPLETED") {
      const ended = ["FAILED", "REJECTED", "CANCELED", "TIMED_OUT"].includes(g.status);
      throw new CliError(
        ended ? `generation ${id} ended ${g.status}${g.errorCode ? ` [${g.errorCode}]` : ""}: there is no output to save` : `generation ${id} is ${g.status}, not complete yet: add --wait`,
        ended ? EXIT.generationFailed : EXIT.other,
      );
    }
    const { url, bytes } = await saveOutput(g, dest, values.force, out, stop);
    out.result({ id: g.id, status: g.status, outputUrl: url, out: dest, bytes }, (r) => r.out);
    return EXIT.ok;
  });
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
  if (values.help) return showHelp(ctx, LIST_HELP);
  const limit = integer(values, "limit") ?? 20;
  const status = values.status?.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
  const { client, out, stop } = await startSession(values, ctx);
  return interruptible(stop, async () => {
    const items = await client.generations.list({ limit, ...(status?.length ? { status } : {}) }, { signal: stop.signal });
    out.result(items, (list) => (list.length ? list.map(describe) : ["(no generations)"]));
    return EXIT.ok;
  });
}

// --- generate and estimate: inputs -------------------------------------------------------------

const isUrl = (s) => /^https?:\/\//i.test(s);

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

/** `--option key=value` pairs as an options object; values parsed as JSON where they are JSON. */
function parseOptions(pairs) {
  const options = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--option takes key=value, not "${pair}"`);
    const raw = pair.slice(eq + 1);
    let value = raw;
    try {
      value = JSON.parse(raw);
    } catch {}
    options[pair.slice(0, eq)] = value;
  }
  return options;
}

/** Checks a local input exists (before anything is sent); resolves URLs to themselves. */
function locate(kind, value, cwd) {
  if (isUrl(value)) return { kind, url: value };
  const path = resolve(cwd, value);
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new UsageError(`--${kind} ${value}: ${e.code === "ENOENT" ? "no such file" : e.code ?? e.message}`);
  }
  if (!st.isFile()) throw new UsageError(`--${kind} ${value} is not a file`);
  return { kind, path, size: st.size };
}

// The per-attempt timeout of an upload: a minute, plus the time the file takes at 1 Mbit/s.
const uploadTimeoutMs = (size) => 60_000 + Math.ceil(size / 125_000) * 1000;

/** The API input for a located file or URL; a file is uploaded as an asset, with byte progress. */
async function inputFor(located, client, uploads, out, signal) {
  if (located.url) return { type: located.kind, url: located.url };
  const name = basename(located.path);
  const size = formatBytes(located.size);
  out.progress(`uploading ${name} (${size})`);
  uploads.onBytes = (sent, total) =>
    out.progress(`uploading ${name} ${bar(sent / total)} ${formatBytes(sent)} of ${size}`, { plain: `uploading ${name}: ${tenths(sent / total)}%` });
  try {
    const asset = await client.assets.upload(await fileBlob(located.path), { fileName: name, signal, timeoutMs: uploadTimeoutMs(located.size) });
    out.done();
    out.info(`uploaded ${name} (${size}) as asset ${asset.id}`);
    return { type: located.kind, assetId: asset.id };
  } finally {
    uploads.onBytes = undefined;
  }
}

const INPUT_OPTIONS = {
  video: { type: "string" },
  audio: { type: "string" },
  model: { type: "string", default: "lipsync-2" },
  "sync-mode": { type: "string" },
  option: { type: "string", multiple: true },
};

/** The create body's parts from the common input options; the inputs located, not yet uploaded. */
function request(values, cwd, command) {
  if (!values.video || !values.audio) throw new UsageError(`${command} needs --video <file|url> and --audio <file|url>`);
  const options = parseOptions(values.option);
  if (values["sync-mode"]) options.sync_mode = values["sync-mode"];
  return {
    model: values.model,
    located: [locate("video", values.video, cwd), locate("audio", values.audio, cwd)],
    options: Object.keys(options).length ? { options } : {},
  };
}

const INPUT_HELP = `  --video <file|url>        the video (required)
  --audio <file|url>        the audio (required)
  --model <id>              default lipsync-2 (see sync-wasm models)
  --sync-mode <mode>        cut_off, loop, bounce, silence or remap
  --option <key=value>      another generation option (value parsed as JSON if it is); repeatable`;

const GENERATE_HELP = `Usage: sync-wasm generate --video <file|url> --audio <file|url> [options]

Lip-sync a video to an audio. Local files are uploaded first as assets (assets.upload: the bytes
stream from disk straight to storage, and the generate request stays a small JSON body the SDK can
retry without sending the files again); URLs are passed through. Then it waits for the generation
and downloads the result.

Options:
${INPUT_HELP}
  --out <file>              where to save the result (default: <video name>.synced.mp4 next to a
                            local video, or in the current directory for a URL)
  --force                   overwrite --out if it exists
  --no-wait                 print the generation id and exit (then: sync-wasm status <id> --wait)
  --idempotency-key <key>   the same key again gets the same generation instead of a second one
  --timeout <seconds>       give up waiting after this long (default 900; exit 8)
  --json                    print the result as JSON, nothing else
  -h, --help                this help

Ctrl-C stops: while waiting, the generation keeps running and the command to resume is printed.

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

export async function generateCommand(argv, ctx) {
  const { values } = parse(argv, {
    ...INPUT_OPTIONS,
    out: { type: "string" },
    force: { type: "boolean", default: false },
    "no-wait": { type: "boolean", default: false },
    "idempotency-key": { type: "string" },
    timeout: { type: "string" },
  });
  if (values.help) return showHelp(ctx, GENERATE_HELP);
  const cwd = ctx.cwd ?? process.cwd();
  const { model, located, options } = request(values, cwd, "generate");
  const timeoutMs = seconds(values);
  const wait = !values["no-wait"];
  const dest = wait ? resolve(cwd, values.out ?? defaultOut(values.video, cwd)) : undefined;
  if (dest) checkOut(dest, values.force);

  const { client, uploads, out, stop } = await startSession(values, ctx);
  return interruptible(stop, async () => {
    stop.hint = "stopped; no generation was created";
    const input = [];
    for (const l of located) input.push(await inputFor(l, client, uploads, out, stop.signal));
    stop.hint = "stopped while creating the generation; it may have been created: see sync-wasm list";
    const idempotency = values["idempotency-key"] ? { idempotencyKey: values["idempotency-key"] } : {};
    const created = await client.generations.create({ model, input, ...options }, { ...idempotency, signal: stop.signal });
    if (!wait) {
      out.result({ id: created.id, status: created.status }, (r) => r.id);
      return EXIT.ok;
    }
    out.info(`generation ${created.id} created`);
    stop.hint = `stopped waiting; generation ${created.id} keeps running. Resume with: sync-wasm status ${created.id} --wait --out ${shellQuote(dest)}`;
    const g = await waitWithProgress(client, created.id, out, stop.signal, timeoutMs);
    const { url, bytes } = await saveOutput(g, dest, values.force, out, stop);
    out.result({ id: g.id, status: g.status, outputUrl: url, out: dest, bytes }, (r) => r.out);
    return EXIT.ok;
  });
}

const ESTIMATE_HELP = `Usage: sync-wasm estimate --video <file|url> --audio <file|url> [--model <id>] [--json]

Estimate what a generation would cost (frames and US dollars), without creating it. Local files are
uploaded as assets first (the estimate needs the media); URLs are passed through.

Options:
${INPUT_HELP}
  --json                    print the estimate as JSON, nothing else
  -h, --help                this help

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

export async function estimateCommand(argv, ctx) {
  const { values } = parse(argv, INPUT_OPTIONS);
  if (values.help) return showHelp(ctx, ESTIMATE_HELP);
  const { model, located, options } = request(values, ctx.cwd ?? process.cwd(), "estimate");
  const { client, uploads, out, stop } = await startSession(values, ctx);
  return interruptible(stop, async () => {
    stop.hint = "stopped";
    const input = [];
    for (const l of located) input.push(await inputFor(l, client, uploads, out, stop.signal));
    const estimates = await client.generations.estimateCost({ model, input, ...options }, { signal: stop.signal });
    out.result(estimates, (list) =>
      list.map((e) => `${model}  ${e.estimatedFrameCount} frames  $${Number(e.estimatedGenerationCost).toFixed(2)}`),
    );
    return EXIT.ok;
  });
}
