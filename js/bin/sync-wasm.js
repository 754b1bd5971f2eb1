#!/usr/bin/env node
// The package's command line. `sync-wasm mock` serves the testing kit's offline Sync API over HTTP.
import { readFileSync } from "node:fs";

const HELP = `Usage: sync-wasm <command> [options]

Commands:
  mock       serve an offline Sync API on 127.0.0.1 for tests (sync-wasm mock --help)

Options:
  -h, --help     this help
  -v, --version  the package's version
`;

const [command, ...rest] = process.argv.slice(2);
let code;
if (command === "mock") {
  const { mockCommand } = await import("../testing/cli.js");
  code = await mockCommand(rest);
} else if (command === "--version" || command === "-v") {
  process.stdout.write(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
  code = 0;
} else if (command === undefined || command === "--help" || command === "-h" || command === "help") {
  process.stdout.write(HELP);
  code = 0;
} else {
  process.stderr.write(`sync-wasm: unknown command "${command}"\n\n${HELP}`);
  code = 2;
}
process.exitCode = code;
