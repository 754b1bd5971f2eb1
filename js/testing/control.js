// The mock's controls over HTTP, under /__mock/, for code that cannot call the mock's methods:
// other languages, `npx sync-wasm mock`, a browser test steering a server. Each route calls the
// same method of the mock (index.d.ts documents both). No key is needed; no real API has these.
//
//   GET    /__mock                              the mock's settings and clock
//   POST   /__mock/faults                       body: a fault, or an array of them → { queued }
//   DELETE /__mock/faults                       clear all faults
//   GET    /__mock/requests?path=&method=       → { count, requests } (oldest first)
//   DELETE /__mock/requests                     forget them
//   GET    /__mock/last-multipart               the parts of the latest multipart request
//   POST   /__mock/advance                      body: { ms } → { now }
//   GET    /__mock/generations?contains=        → { count, generations } (input URLs containing it)
//   POST   /__mock/generations/<id>/complete    body: { outputUrl?, outputDuration? } → the generation
//   POST   /__mock/generations/<id>/fail        body: { status?, errorCode?, error? } → the generation
//   POST   /__mock/limits                       body: { concurrency?, rateLimit? } → the limits
//   POST   /__mock/keys                         body: { key } accepts another key
//   DELETE /__mock/keys                         body: { key } rejects a key from now on
//   GET    /__mock/webhooks                     the deliveries so far
//   POST   /__mock/webhooks/sign?t=<unix>       body: text → { header, secret }
//   POST   /__mock/reset                        back to the state at creation

import { json } from "./answers.js";

const wrong = (status, message) => json(status, { error: message });

export async function control(mock, request, route) {
  const method = request.method.toUpperCase();
  const url = new URL(request.url);
  const body = method === "GET" || method === "HEAD" ? "" : await request.text();
  let given;
  try {
    given = body === "" ? {} : JSON.parse(body);
  } catch {
    given = undefined;
  }
  const needJson = () => {
    if (given === undefined) throw new TypeError("the body must be JSON");
    return given;
  };
  try {
    const key = `${method} ${route}`;
    if (key === "GET ") return json(200, { baseUrl: mock.baseUrl, url: mock.url, now: new Date(mock.now()).toISOString(), inFlight: mock.generations.inFlight() });
    if (key === "POST /faults") {
      const specs = [].concat(needJson());
      const handles = specs.map((spec) => mock.fail(spec));
      return json(200, { queued: handles.length });
    }
    if (key === "DELETE /faults") return (mock.clearFaults(), json(200, { cleared: true }));
    if (key === "GET /requests") {
      const path = url.searchParams.get("path");
      const only = url.searchParams.get("method")?.toUpperCase();
      const requests = mock.requests.filter((r) => (path === null || r.path === path) && (!only || r.method === only));
      return json(200, { count: requests.length, requests });
    }
    if (key === "DELETE /requests") return (mock.clearRequests(), json(200, { cleared: true }));
    if (key === "GET /last-multipart") return json(200, mock.requests.findLast((r) => r.parts)?.parts ?? null);
    if (key === "POST /advance") {
      const { ms } = needJson();
      await mock.advance(ms);
      return json(200, { now: new Date(mock.now()).toISOString() });
    }
    if (key === "GET /generations") {
      const text = url.searchParams.get("contains");
      const generations = mock.generations.list().filter((g) => text === null || g.input.some((i) => String(i?.url ?? "").includes(text)));
      return json(200, { count: generations.length, generations });
    }
    const settle = /^POST \/generations\/([^/]+)\/(complete|fail)$/.exec(key);
    if (settle) {
      const id = decodeURIComponent(settle[1]);
      if (!mock.generations.get(id)) return wrong(404, `no generation ${id}`);
      return json(200, await mock.generations[settle[2]](id, needJson()));
    }
    if (key === "POST /limits") return json(200, mock.setLimits(needJson()));
    if (key === "POST /keys") return (mock.addKey(needJson().key), json(200, { added: true }));
    if (key === "DELETE /keys") return (mock.revokeKey(needJson().key), json(200, { revoked: true }));
    if (key === "GET /webhooks") return json(200, mock.webhooks.deliveries);
    if (key === "POST /webhooks/sign") {
      const t = url.searchParams.get("t");
      return json(200, { header: await mock.webhooks.sign(body, t === null ? undefined : Number(t)), secret: mock.webhookSecret });
    }
    if (key === "POST /reset") return (mock.reset(), json(200, { reset: true }));
    return wrong(404, `no mock control ${method} /__mock${route}`);
  } catch (e) {
    return wrong(e instanceof RangeError ? 409 : 400, String(e?.message ?? e));
  }
}
