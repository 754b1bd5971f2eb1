// One page API over the three engines the www/ app is tested in, so the same tests run in each:
//   chromium  playwright-core driving Debian's Chromium
//   firefox   W3C WebDriver (geckodriver) driving Debian's Firefox ESR
//   webkit    W3C WebDriver (WebKitWebDriver) driving WebKitGTK's MiniBrowser, under Xvfb
// playwright-core cannot drive the Debian builds of the other two: its Firefox mode needs Playwright's
// patched Firefox, its WebDriver BiDi mode ("moz-firefox") sends emulation.setMediaFeaturesOverride,
// which Firefox ESR 153 does not know, and its WebKit mode needs Playwright's own WebKit build.
//
// The page object offers the subset of Playwright's Page the tests use; the WebDriver side implements
// it with plain HTTP calls to the driver.

import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../free-port.mjs";

const require = createRequire(import.meta.url);
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const KEYS = { Tab: "\uE004", Enter: "\uE007" };

/**
 * Open the engine; resolves with `{ name, version, newPage(viewport), close() }`. `newPage` resolves
 * with `{ page, errors(), clearCookies(), close() }`.
 */
export async function openBrowser(engine) {
  if (engine === "chromium") return openChromium();
  if (engine === "firefox" || engine === "webkit") return openWebDriver(engine);
  throw new Error(`unknown engine ${engine}: use chromium, firefox or webkit`);
}

async function openChromium() {
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ],
  });
  return {
    name: "Chromium",
    version: browser.version(),
    async newPage(viewport) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      page.on("console", (m) => {
        // A 404 for a resource is the page's business (and the tests check what it shows).
        if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`console: ${m.text()}`);
      });
      return { page, errors: async () => errors, clearCookies: () => context.clearCookies(), close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

async function openWebDriver(engine) {
  let driver;
  let base;
  let log = "";
  async function startDriver() {
    const port = await freePort();
    driver =
      engine === "firefox"
        ? spawn(process.env.GECKODRIVER ?? "geckodriver", ["--port", String(port), "--host", "127.0.0.1"], { stdio: ["ignore", "ignore", "pipe"] })
        : spawn(process.env.WEBKITWEBDRIVER ?? "/usr/bin/WebKitWebDriver", [`--port=${port}`], { stdio: ["ignore", "ignore", "pipe"] });
    driver.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (driver.exitCode !== null) throw new Error(`${engine} WebDriver exited: ${log}`);
      const ready = await fetch(`${base}/status`).then((r) => r.json()).then((s) => s.value?.ready, () => false);
      if (ready) break;
      if (i > 300) throw new Error(`${engine} WebDriver did not start in 30 s: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async function stopDriver() {
    driver.kill();
    await new Promise((r) => (driver.exitCode !== null ? r() : driver.once("exit", r)));
  }
  await startDriver();
  const capabilities =
    engine === "firefox"
      ? {
          browserName: "firefox",
          "moz:firefoxOptions": {
            binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
            args: ["-headless"],
            // No update checks, telemetry or captive-portal probes on this closed network.
            prefs: {
              "app.update.auto": false,
              "network.captive-portal-service.enabled": false,
              "network.connectivity-service.enabled": false,
              "datareporting.policy.dataSubmissionEnabled": false,
              "media.autoplay.default": 0,
            },
          },
        }
      : {};
  let version = "";
  const sessions = new Set();
  return {
    name: engine === "firefox" ? "Firefox" : "WebKitGTK",
    get version() {
      return version;
    },
    async newPage(viewport) {
      // Starting the browser is the driver's part, not the page's: once in a while (seen with
      // WebKitGTK's MiniBrowser under Xvfb) a new session never answers. That start, only, is tried
      // once more with a fresh driver; whatever the page then does is tested as before.
      const start = () => command(base, "POST", "/session", { capabilities: { alwaysMatch: capabilities } }, 90_000);
      let created;
      try {
        created = await start();
      } catch (e) {
        console.log(`# ${engine}: a new WebDriver session did not start (${e.message}); a fresh driver, once more`);
        for (const session of sessions) await command(base, "DELETE", session, undefined, 10_000).catch(() => {});
        sessions.clear();
        await stopDriver();
        await startDriver();
        created = await start();
      }
      version = created.capabilities?.browserVersion ?? version;
      const session = `/session/${created.sessionId}`;
      sessions.add(session);
      const call = (method, path, body) => command(base, method, `${session}${path}`, body);
      // Windows have a minimum width (Firefox 500 px, WebKitGTK's MiniBrowser about 450 px); a
      // narrower request gets the minimum.
      if (viewport) await call("POST", "/window/rect", { width: viewport.width, height: viewport.height });
      const page = webDriverPage(call);
      return {
        page,
        // Errors the page raised after load; WebDriver classic has no console stream.
        errors: () => page.evaluate(() => window.__pageErrors ?? ["the error collector is missing"]),
        // The current page's cookies, HttpOnly ones too (Delete All Cookies).
        clearCookies: () => call("DELETE", "/cookie"),
        close: () => sessions.delete(session) && call("DELETE", ""),
      };
    },
    async close() {
      // Ending the sessions closes their browsers; killing the driver alone would leave them running.
      for (const session of sessions) await command(base, "DELETE", session).catch(() => {});
      sessions.clear();
      await stopDriver();
    },
  };
}

async function command(base, method, path, body, timeoutMs) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${answer.value?.error ?? response.status}: ${answer.value?.message ?? ""}`);
  return answer.value;
}

function webDriverPage(call) {
  const find = async (selector) => {
    const found = await call("POST", "/element", { using: "css selector", value: selector });
    return found[ELEMENT];
  };
  const evaluate = (fn, arg) =>
    call("POST", "/execute/sync", { script: `return (${fn}).apply(null, arguments);`, args: arg === undefined ? [] : [arg] });
  const waitFor = async (fn, arg, timeout = 30_000, what = String(fn)) => {
    const deadline = Date.now() + timeout;
    for (;;) {
      if (await evaluate(fn, arg)) return;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const keys = (values) =>
    call("POST", "/actions", {
      actions: [{ type: "key", id: "keyboard", actions: values.flatMap((value) => [{ type: "keyDown", value }, { type: "keyUp", value }]) }],
    });
  const uploads = mkdtempSync(join(tmpdir(), "www-e2e-"));
  return {
    async goto(url) {
      await call("POST", "/url", { url });
      // Collect what the page throws from here on (the Chromium side hears it from the protocol).
      await evaluate(() => {
        window.__pageErrors = [];
        addEventListener("error", (e) => window.__pageErrors.push(`pageerror: ${e.message}`));
        addEventListener("unhandledrejection", (e) => window.__pageErrors.push(`unhandled rejection: ${e.reason}`));
      });
    },
    evaluate,
    waitForFunction: (fn, arg, options) => waitFor(fn, arg, options?.timeout),
    waitForSelector: (selector, options) =>
      waitFor((s) => document.querySelector(s) !== null, selector, options?.timeout, selector),
    async fill(selector, text) {
      const element = await find(selector);
      await call("POST", `/element/${element}/clear`, {});
      // WebKitWebDriver refuses an empty text; clearing was all there was to do.
      if (text !== "") await call("POST", `/element/${element}/value`, { text });
    },
    async click(selector) {
      await call("POST", `/element/${await find(selector)}/click`, {});
    },
    async check(selector) {
      if (!(await evaluate((s) => document.querySelector(s).checked, selector))) await this.click(selector);
    },
    selectOption: (selector, value) =>
      evaluate(([s, v]) => {
        const select = document.querySelector(s);
        select.value = v;
        select.dispatchEvent(new Event("input", { bubbles: true }));
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }, [selector, value]),
    async setInputFiles(selector, file) {
      const path = join(uploads, file.name);
      writeFileSync(path, file.buffer);
      await call("POST", `/element/${await find(selector)}/value`, { text: path });
    },
    textContent: (selector) => evaluate((s) => document.querySelector(s).textContent, selector),
    getAttribute: (selector, name) => evaluate(([s, n]) => document.querySelector(s).getAttribute(n), [selector, name]),
    isVisible: (selector) =>
      evaluate((s) => {
        const el = document.querySelector(s);
        return !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
      }, selector),
    isEnabled: (selector) => evaluate((s) => !document.querySelector(s).disabled, selector),
    async screenshot({ path }) {
      writeFileSync(path, Buffer.from(await call("GET", "/screenshot"), "base64"));
    },
    keyboard: {
      press: (key) => keys([KEYS[key] ?? key]),
      type: (text) => keys([...text]),
    },
  };
}
