// Arguments and help. Parsing is node:util's parseArgs (strict: unknown options are usage errors).
// There is deliberately no --api-key option: a key on the command line ends up in shell history and
// in `ps` for every user of the machine. The key comes from SYNC_API_KEY or --api-key-file.
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { CliError, EXIT, UsageError } from "./errors.js";

/** The package's version, from the package.json beside bin/ and cli/. */
export function packageVersion() {
  return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
}

export const EXIT_CODES_HELP = `Exit codes:
  0 done · 1 other error · 2 usage · 3 auth (401/403, no or bad key) · 4 payment (402)
  5 validation (400/413/422, a refused argument or input) · 6 rate limit (429)
  7 generation failed · 8 network or timeout · 130 interrupted (Ctrl-C)`;

export const CONNECTION_HELP = `Connection:
  The API key comes from SYNC_API_KEY or --api-key-file <file> (never a flag: it would show in
  shell history and ps). The API origin from SYNC_BASE_URL or --base-url <url> (default
  https://api.sync.so).
  --api-key-file <file>   read the key from this file (surrounding whitespace ignored)
  --base-url <url>        API origin, e.g. http://127.0.0.1:4010 for \`sync-wasm mock\``;

export const MAIN_HELP = `Usage: sync-wasm <command> [options]

Commands:
  generate   lip-sync a video to an audio (files or URLs), wait, download the result
  status     show a generation (--wait: until it ends; --out: save its output)
  list       list recent generations
  estimate   what a generation would cost
  models     list the available models
  batch      submit a batch file (batch submit), or show a batch (batch status)
  webhook    verify a webhook delivery's signature (webhook verify)
  mock       serve an offline Sync API on 127.0.0.1 for tests (sync-wasm mock --help)

Run \`sync-wasm <command> --help\` for a command's options.

Options:
  -h, --help     this help
  -v, --version  the package's version

${EXIT_CODES_HELP}
`;

/** Options every API command takes. */
export const COMMON_OPTIONS = {
  "api-key-file": { type: "string" },
  "base-url": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", short: "v", default: false },
};

/** Thrown by `parse` for --version, which every command answers by printing the version. */
export class VersionRequest extends Error {}

/** Prints a command's help and returns exit 0. */
export function showHelp(ctx, text) {
  ctx.stdout.write(text);
  return EXIT.ok;
}

/** parseArgs with the common options, usage errors as UsageError. */
export function parse(argv, options, { positionals = 0 } = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: positionals > 0, options: { ...COMMON_OPTIONS, ...options } });
  } catch (e) {
    // Point people who try --api-key at the safe ways.
    if (/--api-key\b(?!-)/.test(e.message)) {
      throw new UsageError("there is no --api-key option (it would be visible in shell history and ps): set SYNC_API_KEY or use --api-key-file <file>");
    }
    throw new UsageError(e.message);
  }
  // `sync-wasm <command> --version` answers like `sync-wasm --version` (runCommand prints it).
  if (parsed.values.version && !parsed.values.help) throw new VersionRequest();
  if (!parsed.values.help && parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  }
  return parsed;
}

/** The key and base URL for a command, from its options and the environment. */
export function connection(values, env) {
  let apiKey;
  if (values["api-key-file"] !== undefined) {
    try {
      apiKey = readFileSync(values["api-key-file"], "utf8").trim();
    } catch (e) {
      throw new CliError(`cannot read --api-key-file: ${e.code ?? e.message}`, EXIT.auth);
    }
    if (!apiKey) throw new CliError("--api-key-file is empty", EXIT.auth);
  } else {
    apiKey = env.SYNC_API_KEY?.trim();
    if (!apiKey) throw new CliError("no API key: set SYNC_API_KEY, or pass --api-key-file <file>", EXIT.auth);
  }
  const baseUrl = values["base-url"] ?? (env.SYNC_BASE_URL?.trim() || undefined);
  return { apiKey, baseUrl };
}

/** A positive integer option, or undefined. */
export function integer(values, name, { min = 1 } = {}) {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min) throw new UsageError(`--${name} takes a whole number of at least ${min}, not "${raw}"`);
  return n;
}
