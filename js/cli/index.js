// `sync-wasm <command>` for the API commands: runs one, turns what it throws into one line on
// stderr and the documented exit code (see errors.js).
import { MAIN_HELP, VersionRequest, packageVersion } from "./args.js";
import { batchCommand } from "./batch.js";
import { exitCodeFor, messageFor, redact } from "./errors.js";
import { estimateCommand, generateCommand, listCommand, statusCommand } from "./generations.js";
import { modelsCommand } from "./models.js";
import { webhookCommand } from "./webhook.js";

export { MAIN_HELP, packageVersion };

export const COMMANDS = {
  generate: generateCommand,
  status: statusCommand,
  list: listCommand,
  estimate: estimateCommand,
  models: modelsCommand,
  batch: batchCommand,
  webhook: webhookCommand,
};

/** Runs an API command; resolves with its exit code. */
export async function runCommand(name, argv, ctx = {}) {
  // `secrets` collects what the command must never print (the key it used, a webhook secret).
  const full = { env: process.env, stdout: process.stdout, stderr: process.stderr, process, secrets: [], ...ctx };
  try {
    return await COMMANDS[name](argv, full);
  } catch (err) {
    if (err instanceof VersionRequest) {
      full.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    const code = exitCodeFor(err);
    let line = messageFor(err);
    for (const secret of [full.env.SYNC_API_KEY, ...full.secrets]) line = redact(line, secret);
    full.stderr.write(`sync-wasm ${name}: ${line}\n`);
    if (code === 2) full.stderr.write(`(sync-wasm ${name} --help for the options)\n`);
    return code;
  }
}
