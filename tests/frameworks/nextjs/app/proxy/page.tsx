// A page whose client component calls the API through the app's own proxy route
// (app/api/sync/[...path]/route.ts, sync-wasm/proxy): the page is given no key at all.
import { ProxyWidget } from "./widget";

export default function ProxyPage() {
  return (
    <main>
      <h1>Through the proxy</h1>
      <ProxyWidget />
    </main>
  );
}
