// A route handler in the Node.js runtime (the default; the package's node entry).
import { scenario } from "../../../lib/scenario";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const marker = new URL(request.url).searchParams.get("marker") ?? "";
  try {
    return Response.json(await scenario(marker));
  } catch (e) {
    return Response.json({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }, { status: 500 });
  }
}
