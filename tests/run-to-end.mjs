// Run a command to its end, for the test harnesses: `{ code, signal, out, err }` whatever the exit,
// killed after `timeoutMs`; rejects only when it cannot start.
import { spawn } from "node:child_process";

export function runToEnd(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => reject(new Error(`${command} could not start: ${e.message}`)));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}
