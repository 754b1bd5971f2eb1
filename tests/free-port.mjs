// A loopback port with nothing listening on it (taken from the OS, then released), for servers and
// drivers the tests start, and for connection-failure tests.
import { createServer } from "node:net";

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
