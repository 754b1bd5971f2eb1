// Webhook deliveries as Sync makes them: a POST of the generation's JSON, compact, with
// `Sync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<body>">`, the key being the whole
// `whsec_...` secret as UTF-8 (see ../shared/reference/sync-api.md §12). WebCrypto, so it runs in
// every runtime the kit does.

const encoder = new TextEncoder();

/**
 * The `Sync-Signature` header value for `body` signed with `secret` at `timestamp` (unix seconds).
 * @returns {Promise<string>}
 */
export async function signWebhook(body, secret, timestamp = Math.floor(Date.now() / 1000)) {
  if (typeof body !== "string") throw new TypeError("signWebhook(body, secret, timestamp?): body must be the JSON text");
  if (typeof secret !== "string" || secret === "") throw new TypeError("signWebhook(body, secret, timestamp?): secret must be a non-empty string");
  if (!Number.isInteger(timestamp)) throw new TypeError("signWebhook(body, secret, timestamp?): timestamp must be whole unix seconds");
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}.${body}`)));
  return `t=${timestamp},v1=${hex(mac)}`;
}

export async function sha256Hex(bytes) {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

function hex(bytes) {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/**
 * Deliver one webhook, filling in `record` (url, payload, and the outcome: status or error). Sync
 * does not redeliver, and neither does the mock: the test looks at the record.
 */
export async function deliver(record, { secret, onWebhook, fetch: deliverFetch }) {
  const body = JSON.stringify(record.payload);
  Object.assign(record, { body, signature: null, status: null, error: null });
  try {
    record.signature = await signWebhook(body, secret);
    const headers = { "content-type": "application/json", "sync-signature": record.signature, "user-agent": "sync-wasm-mock-webhooks" };
    let response;
    if (onWebhook) {
      response = await onWebhook(new Request(record.url, { method: "POST", headers, body }));
      if (response !== undefined && !(response instanceof Response)) {
        throw new TypeError("onWebhook must return a Response, or nothing (taken as 200)");
      }
    } else {
      const send = deliverFetch ?? globalThis.fetch;
      response = await send(record.url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(10_000) });
    }
    record.status = response === undefined ? 200 : response.status;
    await response?.body?.cancel?.();
  } catch (e) {
    record.error = String(e?.message ?? e);
  }
  return record;
}
