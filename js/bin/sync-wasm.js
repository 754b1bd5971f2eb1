#!/usr/bin/env node
// The package's command line: the API commands (js/cli/: generate, status, list, estimate, models,
// batch, webhook) and `sync-wasm mock`, which serves the testing kit's offline Sync API over HTTP.
import { COMMANDS, MAIN_HELP as HELP, packageVersion, runCommand } from "../cli/index.js";

const [command, ...rest] = process.argv.slice(2);
let code;
if (Object.hasOwn(COMMANDS, command)) {
  code = await runCommand(command, rest);
} else if (command === "mock") {
  const { mockCommand } = await import("../testing/cli.js");
  code = await mockCommand(rest);
} else if (command === "--version" || command === "-v") {
  process.stdout.write(`${packageVersion()}\n`);
  code = 0;
} else if (command === undefined || command === "--help" || command === "-h" || command === "help") {
  process.stdout.write(HELP);
  code = 0;
} else {
  process.stderr.write(`sync-wasm: unknown command "${command}"\n\n${HELP}`);
  code = 2;
}
process.exitCode = code;
