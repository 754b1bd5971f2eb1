// An Edge route handler (the edge-light entry of the package).
import { scenario } from "../../../lib/scenario";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const marker = new URL(request.url).searchParams.get("marker") ?? "";
  try {
    return Response.json(await scenario(marker));
  } catch (e) {
    return Response.json({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }, { status: 500 });
  }
}
