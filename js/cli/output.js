// Where and how the CLI prints. Three modes:
// - "tty": stderr is a terminal: progress redrawn in place on one line (\r and erase-line);
// - "plain": stderr is not a terminal (a CI log, a pipe): one line per change, no control characters;
// - "json": --json: progress is silent, stdout gets exactly one JSON document.
// Results (the output path, a generation id, a table) go to stdout; progress and errors to stderr,
// so `id=$(sync-wasm generate ... --no-wait)` captures only the id.
import { oneLine, redact } from "./errors.js";

/**
 * @param {{ stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream, json?: boolean, secret?: string }} io
 */
export function createOutput({ stdout, stderr, json = false, secret }) {
  const mode = json ? "json" : stderr.isTTY ? "tty" : "plain";
  const clean = (text) => redact(oneLine(text), secret);
  let live = false; // a progress line is drawn on the TTY and not yet ended
  let lastPlain;
  let drawnAt = 0;
  let pending; // the newest TTY line not drawn yet (redraws are at most every 100 ms)
  const draw = (line) => {
    stderr.write(`\r\u001b[2K${line}`);
    live = true;
    drawnAt = Date.now();
    pending = undefined;
  };
  const endLive = () => {
    if (pending !== undefined) draw(pending);
    if (live) stderr.write("\n");
    live = false;
  };
  return {
    mode,
    /**
     * A progress line: redrawn in place on a TTY (at most every 100 ms; the last one always shows),
     * dropped with --json, and otherwise printed when it changes. `plain` replaces it in plain mode,
     * so that byte counts print as a few coarse steps instead of a line per chunk.
     */
    progress(text, { plain } = {}) {
      if (mode === "json") return;
      if (mode === "tty") {
        const line = clean(text);
        if (Date.now() - drawnAt < 100) pending = line;
        else draw(line);
        return;
      }
      const line = clean(plain ?? text);
      if (line !== lastPlain) stderr.write(`${line}\n`);
      lastPlain = line;
    },
    /** An informational line on stderr (not in --json mode). */
    info(text) {
      if (mode === "json") return;
      endLive();
      stderr.write(`${clean(text)}\n`);
    },
    /** The command's result: `value` as JSON with --json, else `text()` lines on stdout. */
    result(value, text) {
      endLive();
      if (mode === "json") {
        stdout.write(`${redact(JSON.stringify(value, null, 2), secret)}\n`);
      } else {
        const lines = [].concat(text(value));
        for (const l of lines) stdout.write(`${redact(oneLine(l), secret)}\n`);
      }
    },
    /** An error line on stderr (in every mode). */
    error(text) {
      endLive();
      stderr.write(`sync-wasm: ${clean(text)}\n`);
    },
    /** Ends a progress line left on the terminal. */
    done: endLive,
  };
}

/** "1.5 MiB" */
export function formatBytes(n) {
  if (!Number.isFinite(n)) return "? B";
  const units = ["B", "KiB", "MiB", "GiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** "1m 05s" or "12s" */
export function formatElapsed(ms) {
  const s = Math.floor(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** A 20-cell bar for a fraction 0–1. */
export function bar(fraction) {
  const f = Math.min(1, Math.max(0, fraction));
  const cells = Math.round(f * 20);
  return `[${"#".repeat(cells)}${"-".repeat(20 - cells)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
}
