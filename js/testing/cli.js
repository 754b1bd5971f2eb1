// `sync-wasm mock`: the mock over HTTP for any language (curl, the official Python SDK, a browser
// app), on the real clock so clients that poll on their own timers see generations move.

import { parseArgs } from "node:util";
import { writeFileSync } from "node:fs";
import { createMockSync } from "./index.js";

export const MOCK_HELP = `Usage: sync-wasm mock [options]

Serve an offline Sync API on 127.0.0.1 for tests and demos. Controls under /__mock/ (see the
README's "Testing your integration").

Options:
  --port <n>               port to listen on (default 4010; 0 picks a free one)
  --host <addr>            address to listen on (default 127.0.0.1)
  --key <key>              the API key it accepts (default sync-test-key); repeat for more
  --step-ms <ms>           time a generation spends PENDING, then PROCESSING (default 1500)
  --concurrency <n>        generations in progress at once before 429 concurrency_limit_reached
  --rate-limit <n>         requests per minute per key before 429 rate_limit_exceeded
  --webhook-secret <s>     secret for signing webhook deliveries (default whsec_mock_secret)
  --clock <real|virtual>   real (default): the wall clock; virtual: only /__mock/advance moves it
  --seed <n>               seed for the ids (default 1)
  --no-examples            start empty, without the Sync docs' example records
  --cors-allow-header <h>  another request header browsers may send ("x-test-*" prefixes); repeatable
  --port-file <file>       write the port to this file once listening
  --log                    print each request to stderr
  -h, --help               this help
`;

export async function mockCommand(argv, { stdout = process.stdout, stderr = process.stderr } = {}) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: "string", default: "4010" },
        host: { type: "string", default: "127.0.0.1" },
        key: { type: "string", multiple: true },
        "step-ms": { type: "string", default: "1500" },
        concurrency: { type: "string" },
        "rate-limit": { type: "string" },
        "webhook-secret": { type: "string" },
        clock: { type: "string", default: "real" },
        seed: { type: "string", default: "1" },
        "no-examples": { type: "boolean", default: false },
        "cors-allow-header": { type: "string", multiple: true },
        "port-file": { type: "string" },
        log: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    stderr.write(`sync-wasm mock: ${e.message}\n\n${MOCK_HELP}`);
    return 2;
  }
  if (values.help) {
    stdout.write(MOCK_HELP);
    return 0;
  }
  const number = (name) => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n)) throw new TypeError(`--${name} takes a number, not "${raw}"`);
    return n;
  };
  let mock;
  let url;
  try {
    const [apiKey, ...keys] = values.key ?? [];
    mock = createMockSync({
      ...(apiKey ? { apiKey, keys } : {}),
      stepMs: number("step-ms"),
      ...(values.concurrency !== undefined ? { concurrency: number("concurrency") } : {}),
      ...(values["rate-limit"] !== undefined ? { rateLimit: number("rate-limit") } : {}),
      ...(values["webhook-secret"] !== undefined ? { webhookSecret: values["webhook-secret"] } : {}),
      clock: values.clock,
      seed: number("seed"),
      examples: !values["no-examples"],
      corsAllowHeaders: values["cors-allow-header"] ?? [],
      ...(values.log ? { onRequest: (r) => stderr.write(`[mock] ${r.method} ${r.path}\n`) } : {}),
    });
    url = await mock.listen({ port: number("port"), host: values.host });
  } catch (e) {
    stderr.write(`sync-wasm mock: ${e.message}\n`);
    return e instanceof TypeError ? 2 : 1;
  }
  if (values["port-file"]) writeFileSync(values["port-file"], String(new URL(url).port));
  stdout.write(`Sync mock listening on ${url} (key ${mock.apiKey}, webhook secret ${mock.webhookSecret})\n`);
  await new Promise((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await mock.close();
  return 0;
}
