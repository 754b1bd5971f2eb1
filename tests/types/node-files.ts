// Node programs uploading files the ways @sync.so/sdk 0.3.0's types allow (its file parameters are
// `File | fs.ReadStream | Blob`, the Blob being node:buffer's), with only the import changed. Also
// compiled against the official SDK (tsconfig.official.json). Under `lib: ["dom"]` (the Next.js
// default, tsconfig.json) node:buffer's Blob is a different type from the DOM's Blob: both must be
// accepted.
import * as fs from "node:fs";
import { Blob as NodeBlob, File as NodeFile } from "node:buffer";
import { SyncClient, Sync } from "sync-wasm";

export async function uploadNodeBlobs(client: SyncClient): Promise<Sync.Generation> {
  const video = new NodeBlob([fs.readFileSync("speaker.mp4")], { type: "video/mp4" });
  const audio = new NodeFile([fs.readFileSync("voice.wav")], "voice.wav", { type: "audio/wav" });
  return client.generations.createWithFiles(video, audio, { model: "lipsync-2", options: { sync_mode: "cut_off" } });
}

export async function uploadStreams(client: SyncClient): Promise<string> {
  const fields: Sync.CreateGenerationRequest = {
    model: Sync.Model.Lipsync2Pro,
    input: [{ type: "audio", url: "https://example.com/voice.wav" }],
    webhookUrl: "https://example.com/hook",
  };
  const generation = await client.generations.createWithFiles(fs.createReadStream("speaker.mp4"), undefined, fields);
  return generation.id;
}

export async function uploadBatch(client: SyncClient): Promise<void> {
  const jsonl = new NodeBlob([fs.readFileSync("batch.jsonl")], { type: "application/jsonl" });
  const result: Sync.CreateBatchResponse = await client.batch.create(jsonl, { dry_run: true });
  if (result.status === "VALIDATED") console.log("valid");
  await client.batch.create(fs.createReadStream("batch.jsonl"), { webhook_url: "https://example.com/batch" });
}
