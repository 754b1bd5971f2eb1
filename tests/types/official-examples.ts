// Every TypeScript example of the official @sync.so/sdk 0.3.0 (its README.md and reference.md, as
// installed in node_modules/@sync.so/sdk), with only the import changed from "@sync.so/sdk" to
// "sync-wasm". tsconfig.official.json compiles this same file against the official SDK, which shows
// these are the official examples as they stand.
//
// Mechanical changes, the same as tests/js/compat.test.mjs makes to run them: each example is the
// body of an exported async function (so no top-level await is needed); `client`, which the examples
// use without declaring, is `new SyncClient()`; the README's `...` argument placeholders are the
// README's own create request (README_CREATE); `fs` is `node:fs`.
//
// Left out, as not code: the README's `fetcher: // provide your implementation here` (this SDK's
// option is `fetch`; see typos.ts).
import * as fs from "node:fs";
import { SyncClient, SyncError, Sync } from "sync-wasm";

const README_CREATE: Sync.CreateGenerationDto = {
  input: [
    { type: "video", url: "https://assets.sync.so/docs/example-video.mp4" },
    { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" },
  ],
  model: "lipsync-2",
  options: { sync_mode: "loop" },
};

// ---- README.md ----

/** README "Usage". */
export async function readmeUsage(): Promise<void> {
  const sync = new SyncClient();
  await sync.generations.create({
    input: [
      {
        type: "video",
        url: "https://assets.sync.so/docs/example-video.mp4",
      },
      {
        type: "audio",
        url: "https://assets.sync.so/docs/example-audio.wav",
      },
    ],
    model: "lipsync-2",
    options: {
      sync_mode: "loop",
    },
  });
}

/** README "Request And Response Types" (its `...` filled with a realistic query). */
export const readmeRequestTypes = () => {
  const request: Sync.ListGenerationsRequest = {
    status: ["COMPLETED", "FAILED"],
    ids: ["6533643b-aceb-4c40-967e-d9ba9baac39e"],
  };
  return request;
};

/** README "Exception Handling". */
export async function readmeExceptionHandling(): Promise<void> {
  const client = new SyncClient();
  try {
    await client.generations.create(README_CREATE);
  } catch (err) {
    if (err instanceof SyncError) {
      console.log(err.statusCode);
      console.log(err.message);
      console.log(err.body);
      console.log(err.rawResponse);
    }
  }
}

/** README "Additional Headers". */
export async function readmeHeaders(): Promise<void> {
  const client = new SyncClient();
  const response = await client.generations.create(README_CREATE, {
    headers: {
      "X-Custom-Header": "custom value",
    },
  });
  void response;
}

/** README "Retries". */
export async function readmeRetries(): Promise<void> {
  const client = new SyncClient();
  const response = await client.generations.create(README_CREATE, {
    maxRetries: 0, // override maxRetries at the request level
  });
  void response;
}

/** README "Timeouts". */
export async function readmeTimeouts(): Promise<void> {
  const client = new SyncClient();
  const response = await client.generations.create(README_CREATE, {
    timeoutInSeconds: 30, // override timeout to 30s
  });
  void response;
}

/** README "Aborting Requests". */
export async function readmeAbort(): Promise<void> {
  const client = new SyncClient();
  const controller = new AbortController();
  const response = await client.generations.create(README_CREATE, {
    abortSignal: controller.signal,
  });
  controller.abort(); // aborts the request
  void response;
}

/** README "Access Raw Response Data". */
export async function readmeRawResponse(): Promise<void> {
  const client = new SyncClient();
  const { data, rawResponse } = await client.generations.create(README_CREATE).withRawResponse();

  console.log(data);
  // @ts-expect-error: `rawResponse.headers` is a `Headers` in both SDKs, which has no index signature, so
  // under --strict this README line is an error against the official types too (TS7052). At run time
  // it reads undefined in both; `rawResponse.headers.get("X-My-Header")` is what works.
  console.log(rawResponse.headers["X-My-Header"]);
  console.log(rawResponse.headers.get("X-My-Header"));
}

// ---- reference.md, in its order ----

export async function referenceAssetsList(): Promise<void> {
  const client = new SyncClient();
  await client.assets.list({
    limit: 10,
    sortBy: "dateDesc",
  });
}

export async function referenceAssetsGet(): Promise<void> {
  const client = new SyncClient();
  await client.assets.get("550e8400-e29b-41d4-a716-446655440000");
}

export async function referenceBatchCreate(): Promise<void> {
  const client = new SyncClient();
  await client.batch.create(fs.createReadStream("/path/to/your/file"), {
    webhook_url: "https://your-webhook-url.com/batch-webhook",
    dry_run: false,
  });
}

export async function referenceBatchGet(): Promise<void> {
  const client = new SyncClient();
  await client.batch.get("batch_abc123");
}

export async function referenceBatchList(): Promise<void> {
  const client = new SyncClient();
  await client.batch.list();
}

export async function referenceGenerationsCreate(): Promise<void> {
  const client = new SyncClient();
  await client.generations.create({
    input: [
      {
        type: "video",
        url: "https://assets.sync.so/docs/example-video.mp4",
      },
      {
        type: "audio",
        url: "https://assets.sync.so/docs/example-audio.wav",
      },
    ],
    model: "lipsync-2",
    options: {
      sync_mode: "loop",
    },
  });
}

export async function referenceGenerationsCreateWithFiles(): Promise<void> {
  const client = new SyncClient();
  await client.generations.createWithFiles(
    fs.createReadStream("/path/to/your/file"),
    fs.createReadStream("/path/to/your/file"),
    {
      model: "lipsync-2",
    },
  );
}

export async function referenceGenerationsGet(): Promise<void> {
  const client = new SyncClient();
  await client.generations.get("6533643b-aceb-4c40-967e-d9ba9baac39e");
}

export async function referenceGenerationsList(): Promise<void> {
  const client = new SyncClient();
  await client.generations.list();
}

export async function referenceGenerationsEstimateCost(): Promise<void> {
  const client = new SyncClient();
  await client.generations.estimateCost({
    input: [
      {
        type: "video",
        url: "https://assets.sync.so/docs/example-video.mp4",
      },
      {
        type: "audio",
        url: "https://assets.sync.so/docs/example-audio.wav",
      },
    ],
    model: "lipsync-2",
    options: {
      sync_mode: "loop",
    },
  });
}

export async function referenceModelsList(): Promise<void> {
  const client = new SyncClient();
  await client.models.list();
}

// The `@example` blocks of the official request types (api/resources/*/client/requests/*.d.ts).
export const referenceRequestExamples = [
  { model: "lipsync-2" } satisfies Sync.CreateGenerationRequest,
  {} satisfies Sync.ListGenerationsRequest,
  { limit: 10, sortBy: "dateDesc" } satisfies Sync.ListAssetsRequest,
  { webhook_url: "https://your-webhook-url.com/batch-webhook", dry_run: false } satisfies Sync.CreateBatchRequest,
  { dry_run: true } satisfies Sync.CreateBatchRequest,
  {} satisfies Sync.ListBatchesRequest,
];
