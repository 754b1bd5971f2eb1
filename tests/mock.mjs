// The project's own tests run against the shipped testing kit, `sync-wasm/testing` as built into
// pkg/testing/ by scripts/build.sh, over HTTP on 127.0.0.1. On the real clock, since the code under
// test (a browser page, a Next.js server, another process) cannot share a virtual one; with the
// docs' example records; and letting browsers send the tests' own `x-test-*` headers.
import { createMockSync, signWebhook, DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET } from "../pkg/testing/index.js";

export { createMockSync, signWebhook, DEFAULT_WEBHOOK_SECRET };
export const DEFAULT_KEY = DEFAULT_API_KEY;

/** A listening mock: `mock.url`, `mock.close()` and every control of the kit. */
export async function startMockServer({ port = 0, host = "127.0.0.1", ...options } = {}) {
  const mock = createMockSync({ clock: "real", examples: true, corsAllowHeaders: ["x-test-*"], ...options });
  await mock.listen({ port, host });
  return mock;
}
