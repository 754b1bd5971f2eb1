// What every API command sets up: the SDK client (the key and base URL from the environment or the
// options, and the upload-counting fetch where it works), the output, and Ctrl-C.
import { connection } from "./args.js";
import { CliError, EXIT } from "./errors.js";
import { onInterrupt } from "./interrupt.js";
import { createOutput } from "./output.js";
import { countingFetch } from "./transfer.js";

/** Resolves with `{ client, uploads, out, stop }`; `uploads.onBytes` is set while an upload runs. */
export async function startSession(values, ctx) {
  const { apiKey, baseUrl } = connection(values, ctx.env);
  ctx.secrets?.push(apiKey);
  const uploads = {};
  const fetch = countingFetch((sent, total) => uploads.onBytes?.(sent, total));
  // Loaded here, not at the top, so `--help` and usage errors never instantiate the wasm.
  const { SyncClient } = await import("../node.js");
  const client = new SyncClient({ apiKey, ...(baseUrl ? { baseUrl } : {}), ...(fetch ? { fetch } : {}) });
  const out = createOutput({ stdout: ctx.stdout, stderr: ctx.stderr, json: values.json, secret: apiKey });
  const stop = onInterrupt(ctx.process, (line) => out.error(line));
  return { client, uploads, out, stop };
}

/** Runs `body`; if Ctrl-C stopped it, throws the command's current hint with exit 130 instead. */
export async function interruptible(stop, body) {
  try {
    return await body();
  } catch (e) {
    if (stop.interrupted) throw new CliError(stop.hint, EXIT.interrupted);
    throw e;
  } finally {
    stop.dispose();
  }
}
