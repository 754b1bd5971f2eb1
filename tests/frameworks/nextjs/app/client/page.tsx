// A server page that renders a client component using the SDK in the browser. The key and API origin
// come from the server's environment at request time (a personal tool with the user's own key; see
// the README on keys in pages).
import { Widget } from "./widget";

export const dynamic = "force-dynamic";

export default function ClientPage() {
  return (
    <main>
      <h1>Browser client</h1>
      <Widget apiKey={process.env.SYNC_API_KEY ?? ""} baseUrl={process.env.SYNC_BASE_URL ?? ""} />
    </main>
  );
}
