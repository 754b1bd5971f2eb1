// What the mock answers with: plain `{ status, headers, body }` records, turned into a `Response`
// (in-process) or written to a socket (over HTTP) by the caller. Error bodies have the API's shape:
// NestJS's `{ statusCode, message, error }`, plus `errorCode` where the API documents one
// (../shared/reference/sync-api.md §7.3).

export const REASONS = {
  200: "OK", 201: "Created", 204: "No Content", 206: "Partial Content", 301: "Moved Permanently",
  302: "Found", 303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
  416: "Range Not Satisfiable", 400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
  405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 413: "Payload Too Large",
  415: "Unsupported Media Type", 418: "I'm a teapot", 422: "Unprocessable Entity", 429: "Too Many Requests",
  500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};

/** An API error body. `message` is a string, or the list of validation problems. */
export function apiError(statusCode, message, extra = {}) {
  return { statusCode, message, error: REASONS[statusCode] ?? "Error", ...extra };
}

/** The body the API sends for `status` when a scripted fault gives none. */
export function defaultErrorBody(status, requestId) {
  switch (status) {
    case 400: return apiError(400, ["Bad request."]);
    case 401: return apiError(401, "Invalid API key.");
    case 402: return apiError(402, "Payment required: this plan has no generations left. Add credits or upgrade the plan.");
    case 404: return apiError(404, "Not found.");
    case 409: return apiError(409, "Conflict.");
    case 413: return apiError(413, "The request body is too large.", { errorCode: "generation_input_validation_failed" });
    case 422: return apiError(422, "The file is larger than this plan allows.", { errorCode: "file_size_exceeds_plan_limit" });
    case 429: return apiError(429, "Rate limit exceeded. Please try again later.", { errorCode: "rate_limit_exceeded" });
    case 500: return apiError(500, "Internal server error", { errorCode: "internal_error", requestId });
    case 503: return apiError(503, "Service temporarily unavailable.");
    default: return apiError(status, REASONS[status] ?? `Status ${status}`);
  }
}

export const concurrencyLimitReached = (limit) =>
  apiError(429, `Concurrency limit reached: this plan allows ${limit} generation${limit === 1 ? "" : "s"} in progress (PENDING or PROCESSING) at once. Wait for one to finish, then create again.`, { errorCode: "concurrency_limit_reached" });

export function json(status, value, headers = {}) {
  return { status, headers: { ...headers, "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(value) };
}

export const error = (status, message, extra) => json(status, apiError(status, message, extra));
