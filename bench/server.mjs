// A minimal stand-in for the API, so the server is not what is measured: fixed answers, keep-alive,
// uploads drained without buffering. Prints its port.
import { createServer } from "node:http";

const generation = JSON.stringify({
  id: "6533643b-aceb-4c40-967e-d9ba9baac39e",
  createdAt: "2026-01-01T00:00:00.000Z",
  status: "COMPLETED",
  model: "lipsync-2",
  input: [{ type: "video", url: "https://example.com/v.mp4" }, { type: "audio", url: "https://example.com/a.wav" }],
  outputUrl: "https://example.com/out.mp4",
});
const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(generation) };

const server = createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(req.method === "POST" ? 201 : 200, headers);
    res.end(generation);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
