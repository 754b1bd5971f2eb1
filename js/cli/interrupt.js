// Ctrl-C. The first SIGINT aborts what the command is doing (its `signal`); the command then says in
// one line what it left behind and how to go on, and exits 130. A second SIGINT exits at once,
// after printing that same line and running the synchronous cleanups (a half-written download).
import { EXIT } from "./errors.js";

/**
 * @param {NodeJS.Process} proc
 * @param {(line: string) => void} say prints a line on stderr
 */
export function onInterrupt(proc, say) {
  const controller = new AbortController();
  const cleanups = new Set();
  let count = 0;
  const state = {
    signal: controller.signal,
    /** What to tell the user if they stop now; commands update it as they go. */
    hint: "stopped",
    get interrupted() {
      return count > 0;
    },
    /** Runs `fn` on a second Ctrl-C; returns a function that removes it. */
    cleanup(fn) {
      cleanups.add(fn);
      return () => cleanups.delete(fn);
    },
    dispose() {
      proc.off("SIGINT", handler);
    },
  };
  const handler = () => {
    count++;
    if (count === 1) {
      controller.abort();
      return;
    }
    for (const fn of cleanups) {
      try {
        fn();
      } catch {}
    }
    say(state.hint);
    proc.exit(EXIT.interrupted);
  };
  proc.on("SIGINT", handler);
  return state;
}

/** `text` quoted for a POSIX shell when it needs it, so a printed command can be pasted back. */
export function shellQuote(text) {
  const s = String(text);
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
