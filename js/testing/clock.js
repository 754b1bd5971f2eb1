// The mock's time. One timeline with timers on it, in either of two modes:
// - "virtual" (the default): time stands still until `advance` moves it (or the mock moves it for a
//   client that waits, see index.js), so a test never waits for real and runs the same every time;
// - "real": the wall clock (plus whatever `advance` added), with the timers armed on setTimeout, for
//   demos and for code under test that polls on its own timers.

/**
 * @param {"virtual" | "real"} mode
 * @param {number} start  virtual time at creation, in ms since the epoch (ignored when real)
 */
export function createClock(mode, start) {
  let virtualNow = start;
  let offset = 0;
  let seq = 0;
  /** @type {{ at: number, seq: number, run: () => void }[]} kept sorted by (at, seq) */
  const timers = [];
  let armed = null;

  const now = mode === "real" ? () => Date.now() + offset : () => virtualNow;

  function arm() {
    if (mode !== "real") return;
    if (armed !== null) clearTimeout(armed);
    armed = null;
    if (!timers.length) return;
    armed = setTimeout(() => {
      armed = null;
      runDue(now());
      arm();
    }, Math.max(0, Math.min(timers[0].at - now(), 2 ** 31 - 1)));
    // A pending timer must not keep a Node.js test process alive.
    armed?.unref?.();
  }

  /** Run every timer due at or before `until`, in time order, moving virtual time to each. */
  function runDue(until) {
    while (timers.length && timers[0].at <= until) {
      const timer = timers.shift();
      if (mode !== "real" && timer.at > virtualNow) virtualNow = timer.at;
      timer.run();
    }
  }

  return {
    mode,
    now,
    /** Call `run` when the clock reaches `at`. Returns a function that cancels it. */
    at(at, run) {
      const timer = { at, seq: seq++, run };
      let i = timers.findIndex((t) => t.at > at);
      if (i < 0) i = timers.length;
      timers.splice(i, 0, timer);
      if (i === 0) arm();
      return () => {
        const j = timers.indexOf(timer);
        if (j >= 0) timers.splice(j, 1);
        if (j === 0) arm();
      };
    },
    /** Move the clock forward by `ms`, running the timers on the way. */
    advance(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError("advance(ms) takes a finite number of milliseconds, 0 or more");
      if (mode === "real") {
        offset += ms;
        runDue(now());
        arm();
      } else {
        const until = virtualNow + ms;
        runDue(until);
        virtualNow = until;
      }
    },
    /** Move the clock to `at` if that is later than now. */
    advanceTo(at) {
      if (at > now()) this.advance(at - now());
    },
    /** Drop every timer (mock.reset, mock.close). */
    clear() {
      timers.length = 0;
      if (armed !== null) clearTimeout(armed);
      armed = null;
    },
    reset() {
      this.clear();
      virtualNow = start;
      offset = 0;
    },
  };
}
