import * as sdk from "sync-wasm";
import { scenario } from "./scenario.mjs";

const params = new URLSearchParams(location.search);
scenario(sdk, { apiKey: params.get("key"), baseUrl: params.get("base"), browser: true, webhook: JSON.parse(params.get("webhook")) }).then(
  (result) => (document.body.dataset.result = JSON.stringify(result)),
  (error) => (document.body.dataset.result = JSON.stringify({ error: `${error.name}: ${error.message}` })),
);
