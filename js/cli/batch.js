// `sync-wasm batch submit <jobs.jsonl>` and `sync-wasm batch status <id>`: the batch API (Scale and
// Enterprise plans; 20 to 500 requests a file, up to 5 MB). The API checks the file; here it is only
// read line by line so that a line that is not JSON is reported with its number before any upload.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CONNECTION_HELP, EXIT_CODES_HELP, parse, showHelp } from "./args.js";
import { CliError, EXIT, UsageError } from "./errors.js";
import { interruptible, startSession } from "./session.js";

const BATCH_HELP = `Usage: sync-wasm batch <submit|status> ...

  sync-wasm batch submit <jobs.jsonl> [--dry-run] [--webhook-url <url>] [--json]
  sync-wasm batch status <id> [--json]

Run \`sync-wasm batch submit --help\` or \`sync-wasm batch status --help\` for the options.
`;

const SUBMIT_HELP = `Usage: sync-wasm batch submit <jobs.jsonl> [--dry-run] [--webhook-url <url>] [--json]

Submit a batch of generations (the batch API: Scale and Enterprise plans, 20 to 500 requests, the
file at most 5 MB). Each line of the file is one request, as the API takes it:
  {"request_id": "talk-1", "endpoint": "/v2/generate", "payload": {"model": "lipsync-2", "input": [...]}}
A line that is a plain generate body ({"model": ..., "input": [...]}) is sent as such a request,
with its line number as request_id. Inputs must be URLs or asset ids.

Options:
  --dry-run             only have the API check the file (prints VALIDATED; creates nothing)
  --webhook-url <url>   where the API posts the batch's result
  --json                print the API's answer as JSON, nothing else
  -h, --help            this help

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

const STATUS_HELP = `Usage: sync-wasm batch status <id> [--json]

Show a batch: its status, how many of its generations succeeded, failed or are pending, and the URL
of its results file once it is complete.

Options:
  --json       print the batch as JSON, nothing else
  -h, --help   this help

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

/** The file's lines as the API's JSONL, plain generate bodies wrapped; a bad line is a usage error. */
export function batchLines(text) {
  const lines = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let value;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new CliError(`line ${i + 1} is not JSON: ${e.message}`, EXIT.validation);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new CliError(`line ${i + 1} is not a JSON object`, EXIT.validation);
    const isRequest = "payload" in value || "request_id" in value || "endpoint" in value;
    lines.push(JSON.stringify(isRequest ? value : { request_id: String(i + 1), endpoint: "/v2/generate", payload: value }));
  });
  if (!lines.length) throw new CliError("the file has no requests", EXIT.validation);
  return `${lines.join("\n")}\n`;
}

function describeBatch(b) {
  const m = b.metrics ?? {};
  const counts = m.total_generations !== undefined ? `${m.success_count ?? 0}/${m.total_generations} done, ${m.failed_count ?? 0} failed, ${m.pending_count ?? 0} pending` : "";
  return [b.id, b.status, counts, b.outputUrl ?? ""].filter(Boolean).join("  ");
}

async function submit(argv, ctx) {
  const { values, positionals } = parse(argv, { "dry-run": { type: "boolean", default: false }, "webhook-url": { type: "string" } }, { positionals: 1 });
  if (values.help) return showHelp(ctx, SUBMIT_HELP);
  const [file] = positionals;
  if (!file) throw new UsageError("batch submit needs a JSONL file: sync-wasm batch submit <jobs.jsonl>");
  let text;
  try {
    text = readFileSync(resolve(ctx.cwd ?? process.cwd(), file), "utf8");
  } catch (e) {
    throw new UsageError(`${file}: ${e.code === "ENOENT" ? "no such file" : e.code ?? e.message}`);
  }
  const jsonl = batchLines(text);
  const count = jsonl.split("\n").length - 1;
  const { client, out, stop } = await startSession(values, ctx);
  return interruptible(stop, async () => {
    stop.hint = values["dry-run"] ? "stopped" : "stopped while submitting; the batch may have been created: see the dashboard";
    const options = { ...(values["dry-run"] ? { dryRun: true } : {}), ...(values["webhook-url"] ? { webhookUrl: values["webhook-url"] } : {}) };
    const answer = await client.batch.create(new Blob([jsonl], { type: "application/jsonl" }), options, { signal: stop.signal });
    out.result(answer, (b) => (b.status === "VALIDATED" && !b.id ? `VALIDATED  ${count} requests` : describeBatch(b)));
    return EXIT.ok;
  });
}

async function status(argv, ctx) {
  const { values, positionals } = parse(argv, {}, { positionals: 1 });
  if (values.help) return showHelp(ctx, STATUS_HELP);
  const [id] = positionals;
  if (!id) throw new UsageError("batch status needs a batch id: sync-wasm batch status <id>");
  const { client, out, stop } = await startSession(values, ctx);
  return interruptible(stop, async () => {
    out.result(await client.batch.get(id, { signal: stop.signal }), describeBatch);
    return EXIT.ok;
  });
}

export async function batchCommand(argv, ctx) {
  const [sub, ...rest] = argv;
  if (sub === "submit") return submit(rest, ctx);
  if (sub === "status") return status(rest, ctx);
  if (sub === undefined || sub === "--help" || sub === "-h") return showHelp(ctx, BATCH_HELP);
  throw new UsageError(`unknown batch command "${sub}": use batch submit or batch status`);
}
