// `sync-wasm <command>` for the API commands: runs one, turns what it throws into one line on
// stderr and the documented exit code (see errors.js).
import { MAIN_HELP } from "./args.js";
import { exitCodeFor, messageFor, redact } from "./errors.js";
import { generateCommand, listCommand, modelsCommand, statusCommand } from "./commands.js";

export { MAIN_HELP };

export const COMMANDS = {
  generate: generateCommand,
  status: statusCommand,
  list: listCommand,
  models: modelsCommand,
};

/** Runs an API command; resolves with its exit code. */
export async function runCommand(name, argv, ctx = {}) {
  // `secrets` collects the key the command used (from SYNC_API_KEY or --api-key-file) for redaction.
  const full = { env: process.env, stdout: process.stdout, stderr: process.stderr, process, secrets: [], ...ctx };
  try {
    return await COMMANDS[name](argv, full);
  } catch (err) {
    const code = exitCodeFor(err);
    let line = messageFor(err);
    for (const secret of [full.env.SYNC_API_KEY, ...full.secrets]) line = redact(line, secret);
    full.stderr.write(`sync-wasm ${name}: ${line}\n`);
    if (code === 2) full.stderr.write(`(sync-wasm ${name} --help for the options)\n`);
    return code;
  }
}
