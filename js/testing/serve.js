// `mock.listen()`: the mock over real HTTP, on Node.js (node:http), Deno (Deno.serve) or Bun
// (Bun.serve). Each incoming request becomes a WHATWG Request for the mock's handler; its answer
// record is written back. A scripted reset destroys the socket on Node.js; Deno and Bun give a
// handler no socket, so there the answer's body errors instead (the client sees the connection end).

import { writeBody } from "../node-body.js";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer"]);

/**
 * @param {(request: Request) => Promise<object>} handle
 * @returns {Promise<{ url: string, origin: string, port: number, close(): Promise<void> }>}
 */
export async function serve(handle, { port, host }) {
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new TypeError("listen({ port }): a port from 0 to 65535 (0 picks a free one)");
  if (typeof host !== "string" || host === "") throw new TypeError("listen({ host }): a host name or address");
  if (globalThis.Deno?.serve) return serveDeno(handle, port, host);
  if (globalThis.Bun?.serve) return serveBun(handle, port, host);
  if (globalThis.process?.versions?.node) return serveNode(handle, port, host);
  throw new Error("mock.listen() needs Node.js, Deno or Bun; elsewhere give the SDK `fetch: mock.fetch`");
}

const described = (host, port) => {
  const name = host.includes(":") ? `[${host}]` : host;
  const url = `http://${name}:${port}`;
  return { url, origin: url, port };
};

// Node's modules are named at run time, so a bundler for a Worker, an edge function or a page (esbuild,
// wrangler, webpack, Vite) leaves them out instead of failing to resolve them: there `listen()` is
// never called, and the rest of the kit is plain web APIs.
const builtin = (name) => import(/* webpackIgnore: true */ /* @vite-ignore */ name);

async function serveNode(handle, port, host) {
  const { createServer } = await builtin("node:http");
  const { Readable } = await builtin("node:stream");
  const server = createServer(async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort(new Error("the client went away"));
    });
    let answer;
    let request;
    try {
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i].toLowerCase();
        if (!HOP_BY_HOP.has(name)) headers.append(name, req.rawHeaders[i + 1]);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      request = new Request(`http://${req.headers.host ?? `${host}:${port}`}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? Readable.toWeb(req) : undefined,
        duplex: "half",
        signal: controller.signal,
      });
    } catch (e) {
      answer = { status: 400, headers: { "content-type": "text/plain" }, body: `The mock could not read this request: ${e?.message ?? e}` };
    }
    if (!answer) {
      try {
        answer = await handle(request);
      } catch (e) {
        answer = { status: 500, headers: { "content-type": "text/plain" }, body: `The mock failed: ${e?.message ?? e}` };
      }
    }
    if (answer.reset) return req.socket.destroy();
    const headers = { ...answer.headers };
    const body = answer.body;
    if (typeof body === "string" || body instanceof Uint8Array) {
      const bytes = typeof body === "string" ? Buffer.from(body) : body;
      if (!("content-length" in headers)) headers["content-length"] = String(bytes.length);
      res.writeHead(answer.status, headers);
      return res.end(req.method === "HEAD" ? undefined : bytes);
    }
    res.writeHead(answer.status, headers);
    if (!body || req.method === "HEAD") return res.end();
    await writeBody(res, body);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return {
    ...described(host, server.address().port),
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/** For Deno and Bun: an answer record as a Response; a reset as a body that errors at once. */
function asResponse(answer, request) {
  if (answer.reset) {
    return new Response(new ReadableStream({ start: (c) => c.error(new Error("a scripted reset")) }), { status: 200 });
  }
  const noBody = request.method === "HEAD" || [204, 205, 304].includes(answer.status);
  return new Response(noBody ? null : answer.body, { status: answer.status, headers: answer.headers });
}

async function serveDeno(handle, port, host) {
  const controller = new AbortController();
  let resolveListen;
  const listening = new Promise((resolve) => (resolveListen = resolve));
  const server = globalThis.Deno.serve(
    { port, hostname: host, signal: controller.signal, onListen: ({ port: actual }) => resolveListen(actual) },
    async (request) => asResponse(await handle(request), request),
  );
  const actual = await listening;
  return {
    ...described(host, actual),
    close: async () => {
      controller.abort();
      await server.finished;
    },
  };
}

async function serveBun(handle, port, host) {
  const server = globalThis.Bun.serve({
    port,
    hostname: host,
    idleTimeout: 30,
    fetch: async (request) => asResponse(await handle(request), request),
  });
  return {
    ...described(host, server.port),
    close: async () => {
      server.stop(true);
    },
  };
}
